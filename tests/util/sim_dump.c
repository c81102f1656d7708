/* Prints a checksum of the simulator's samples for a set of specs and rates: built twice (the
 * vectorised build with its AVX2 clone, and a plain scalar one) so a test can compare them. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "sim_signal.h"

static const char *const specs[] = {
    "", /* the defaults, every channel */
    "seed=3;A=sine(1234.5,1.7,33)+noise(20m)+spike(9999,0.5)+glitch(7777,5,-0.3);"
    "B=chirp(10,1M,2m,1.2)+square(777,0.4,0.3)+dropout(5000,37);C=triangle(3.3,3)+sawtooth(1k,0.5);"
    "D=pwm(10k,1,0.01)+dc(-0.25)+noise(1)",
};
static const double rates[] = {1e6, 312.5e6, 1.25e9 / 3};
static const unsigned bits[] = {8, 12, 16};

int main(void)
{
    enum { N = 20011 };
    static int16_t x[N];
    for (size_t s = 0; s < sizeof specs / sizeof *specs; s++) {
        struct sim_config cfg;
        char err[256];
        sim_config_default(&cfg);
        if (sim_config_parse(&cfg, specs[s], err, sizeof err) != 0) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        for (unsigned ch = 0; ch < SIM_MAX_CHANNELS; ch++)
            for (size_t r = 0; r < 3; r++) {
                struct sim_gen g;
                sim_gen_init(&g, &cfg, ch, 1.0 / rates[r], 0.5 + ch, 0.1 * ch, 32512, bits[r],
                             ch & 1);
                uint64_t h = 1469598103934665603ull;
                int over = 0;
                for (uint64_t at = 0; at < 3 * (uint64_t)N; at += N) { /* unaligned starts */
                    over |= sim_gen_fill(&g, 987654321u * at + 4095, N, x, 1);
                    for (size_t i = 0; i < N; i++)
                        h = (h ^ (uint16_t)x[i]) * 1099511628211ull;
                }
                printf("spec %zu ch %c rate %g: %016" PRIx64 " over %d\n", s, 'A' + ch, rates[r], h,
                       over);
                sim_gen_free(&g);
            }
    }
    return 0;
}
