/* The PicoLog 1000 series through libpl1000: inputs 1 … 16 at 0 … 2.5 V, streamed with
 * pl1000Run(BM_STREAM); each pl1000GetValues returns the sets since the last. The driver keeps
 * the newest no_of_values; when a read comes back full, older sets may have been overwritten
 * and the host's clock says where the read starts (an estimated gap). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logger_int.h"

enum { OPEN, CLOSE, INFO, SET_INTERVAL, RUN, STOP, MAX_VALUE, GET_VALUES };
static const char *const names[] = {"pl1000OpenUnit",    "pl1000CloseUnit", "pl1000GetUnitInfo",
                                    "pl1000SetInterval", "pl1000Run",       "pl1000Stop",
                                    "pl1000MaxValue",    "pl1000GetValues"};
#define FN(lg, i, type) ((type)(lg)->fns[i])

struct pl1000 {
    double emptied; /* host time of the last read: the driver's buffer was empty then */
};

static bool sim_info(struct logger *lg, uint32_t code, char *buf, size_t len)
{
    return logger_unit_sim_info((pl1000_get_unit_info_fn)lg->fns[INFO], code, buf, len);
}

static ps_status open_unit(struct logger *lg, ps_error *err)
{
    pico_status st = FN(lg, OPEN, pl1000_open_unit_fn)(&lg->handle);
    if (st != PICO_OK || lg->handle <= 0)
        return st == PICO_NOT_FOUND || st == PICO_OK
                   ? ps_fail(err, PS_ERR_DRIVER, "no PicoLog 1000 found (pl1000OpenUnit)")
                   : device_driver_fail(err, "open", "pl1000OpenUnit", st);
    logger_unit_identity(lg, (pl1000_get_unit_info_fn)lg->fns[INFO]);
    lg->dev->info.n_channels = 16;
    lg->own = calloc(1, sizeof(struct pl1000));
    return lg->own ? PS_OK : ps_fail(err, PS_ERR_NOMEM, "device: out of memory");
}

static ps_status start(struct logger *lg, const ps_device_config *cfg, ps_stream_params *p,
                       ps_error *err)
{
    unsigned n = logger_inputs(lg, cfg, p, err);
    if (n == 0)
        return PS_ERR_ARG;
    int16_t inputs[PL1000_MAX_CHANNELS];
    for (unsigned k = 0; k < n; k++) {
        const ps_channel_config *c = &cfg->channel[p->channel_index[k]];
        if ((c->range_v != 0 && fabs(c->range_v - PL1000_FULL_SCALE_V) > 1e-9) || c->sensor[0] ||
            c->differential)
            return ps_fail(err, PS_ERR_ARG, "input %u: the PicoLog 1000 reads 0…2.5 V, single-"
                           "ended (give -c %u or -c %u:2.5V)", p->channel_index[k] + 1,
                           p->channel_index[k] + 1, p->channel_index[k] + 1);
        inputs[k] = (int16_t)(p->channel_index[k] + 1);
    }
    /* one second's sets per block, or one set when slower: the driver rounds each conversion
     * to whole microseconds */
    double rate = cfg->rate_hz, top = 1.0 / (10e-6 * n); /* 10 µs per conversion at best */
    if (rate > top * 1.000001)
        return ps_fail(err, PS_ERR_ARG, "`rate` %g is above what the PicoLog 1000 streams with "
                       "%u input%s (100 kS/s over the inputs: %g S/s each)", rate, n,
                       n > 1 ? "s" : "", top);
    uint32_t ideal = rate >= 1 ? (uint32_t)fmin(floor(rate), 1e6) : 1;
    double us = 1e6 * ideal / rate;
    if (us > 4294967295.0)
        return ps_fail(err, PS_ERR_ARG, "`rate` %g: below what the PicoLog 1000 paces "
                       "(one set per %.0f s at the slowest)", rate, 4294967295.0 / 1e6);
    uint32_t us_for_block = (uint32_t)llround(us);
    pico_status st = FN(lg, SET_INTERVAL, pl1000_set_interval_fn)(lg->handle, &us_for_block, ideal,
                                                                  inputs, (int16_t)n);
    if (st != PICO_OK)
        return device_driver_fail(err, "input setup", "pl1000SetInterval", st);
    /* exact: whole µs per conversion, times the inputs, as the driver paces them */
    p->interval_s = (double)(us_for_block / ideal) * 1e-6;
    uint16_t max = 0;
    if ((st = FN(lg, MAX_VALUE, pl1000_max_value_fn)(lg->handle, &max)) != PICO_OK || max == 0)
        return device_driver_fail(err, "scaling", "pl1000MaxValue", st);
    p->format = PS_SAMPLE_INT16;
    p->resolution_bits = (unsigned)ceil(log2((double)max + 1));
    p->adc_max = (int16_t)max;
    logger_units(p, "volts", PL1000_FULL_SCALE_V / max, PL1000_FULL_SCALE_V, max);
    /* the driver holds 10 s of sets (at least 1000), or what the caller asks: a poll can be
     * that late */
    double sets = cfg->driver_buffer_samples ? (double)cfg->driver_buffer_samples
                                             : fmax(1000.0, 10.0 / p->interval_s);
    if (sets * n > 2e9)
        sets = 2e9 / n;
    p->driver_buffer_samples = (size_t)sets;
    p->run_before_unix = device_wall_now();
    st = FN(lg, RUN, pl1000_run_fn)(lg->handle, (uint32_t)(p->driver_buffer_samples * n),
                                    PL1000_BM_STREAM);
    p->run_after_unix = device_wall_now();
    if (st != PICO_OK)
        return device_driver_fail(err, "start", "pl1000Run", st);
    ((struct pl1000 *)lg->own)->emptied = 0;
    if (fabs(1.0 / p->interval_s - rate) > 1e-9 * rate)
        snprintf(p->notice, sizeof p->notice, "rate %g S/s rounded to %.9g S/s (whole µs per "
                 "conversion)", rate, 1.0 / p->interval_s);
    return PS_OK;
}

static ps_status read_sets(struct logger *lg, struct logger_read *r, ps_error *err)
{
    uint32_t n = (uint32_t)lg->cap;
    uint16_t overflow = 0;
    pico_status st = FN(lg, GET_VALUES, pl1000_get_values_fn)(lg->handle, lg->sets, &n, &overflow,
                                                              NULL);
    if (st == PICO_NO_SAMPLES_AVAILABLE)
        return PS_OK;
    if (st != PICO_OK)
        return device_driver_fail(err, "streaming", "pl1000GetValues", st);
    if (n > lg->cap)
        return ps_fail(err, PS_ERR_DRIVER, "pl1000GetValues returned %u sets, more than the %zu "
                       "asked for", n, lg->cap);
    struct pl1000 *pl = lg->own;
    double now = logger_now(), since = now - (pl->emptied > 0 ? pl->emptied : lg->t0);
    pl->emptied = now;
    r->n = n;
    for (unsigned k = 0; k < lg->p.n_enabled; k++) /* bit k: the set's k-th input */
        if (overflow >> k & 1)
            r->overflow |= (uint16_t)(1u << lg->p.channel_index[k]);
    if (n == lg->cap) { /* a full buffer: the driver may have overwritten older sets */
        double made = floor(since / lg->p.interval_s); /* since the last read emptied it */
        if (made > n + 1 + 0.005 * (double)lg->cap) {
            r->has_index = true;
            r->index = lg->next + (uint64_t)(made - n);
            r->estimated = true;
        }
    }
    return PS_OK;
}

static void stop(struct logger *lg)
{
    FN(lg, STOP, pl1000_stop_fn)(lg->handle);
}

static void close_unit(struct logger *lg)
{
    FN(lg, CLOSE, pl1000_close_unit_fn)(lg->handle);
}

const struct logger_api pl1000_api = {"pl1000", names, sizeof names / sizeof *names, open_unit,
                                      sim_info, start, read_sets, stop, close_unit};
