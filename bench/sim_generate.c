/* How fast the simulator makes its default signals (noise on every channel), one core, per
 * channel, at the 6000E's 312.5 MS/s and 8 bits: the simulator must never be what a benchmark
 * measures. Prints figures; asserts nothing. usage: sim_generate [RATE] [SECONDS_PER_CHANNEL] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "sim_signal.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    double rate = argc > 1 ? atof(argv[1]) : 312.5e6, secs = argc > 2 ? atof(argv[2]) : 1.0;
    if (!(rate > 0) || !(secs > 0))
        return 2;
    struct sim_config cfg;
    sim_config_default(&cfg);
    enum { BLOCK = 1 << 16 };
    int16_t *buf = malloc(BLOCK * sizeof *buf);
    double worst = 1e300;
    printf("simulator signal generation, one core, %.4g MS/s sample interval, 8-bit, default "
           "signals:\n", rate / 1e6);
    for (unsigned ch = 0; ch < SIM_MAX_CHANNELS; ch++) {
        struct sim_gen g;
        sim_gen_init(&g, &cfg, ch, 1.0 / rate, 2.0, 0.0, 32512, 8, false);
        uint64_t n = 0;
        double t0 = now(), t;
        while ((t = now() - t0) < secs)
            for (int k = 0; k < 64; k++, n += BLOCK)
                sim_gen_fill(&g, n, BLOCK, buf, 1);
        double ms = (double)n / t / 1e6;
        worst = ms < worst ? ms : worst;
        printf("  channel %c: %6.0f MS/s%s\n", 'A' + ch, ms, g.table ? " (one period, copied)" : "");
        sim_gen_free(&g);
    }
    printf("slowest channel: %.0f MS/s (target: at least 1000)\n", worst);
    return 0;
}
