/* The PicoLog CM3 through libplcm3: three current-clamp (or voltage) inputs the unit converts
 * in turn, about 720 ms each. There is no stream to read: PLCM3GetValue gives an input's newest
 * reading, PICO_OK when it is new and PICO_WARNING_REPEAT_VALUE when it was already returned.
 * A set is complete once every input has a new reading and the first input, asked again, has
 * not moved on meanwhile (else the set would mix two cycles); a cycle missed between polls
 * shows on the host's clock only (an estimated gap). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logger_int.h"

enum { OPEN, CLOSE, INFO, SET_CHANNEL, MAINS, GET_VALUE };
static const char *const names[] = {"PLCM3OpenUnit",   "PLCM3CloseUnit", "PLCM3GetUnitInfo",
                                    "PLCM3SetChannel", "PLCM3SetMains",  "PLCM3GetValue"};
#define FN(lg, i, type) ((type)(lg)->fns[i])

struct cm3 {
    int32_t value[PLCM3_MAX_CHANNELS];
    bool fresh[PLCM3_MAX_CHANNELS]; /* a reading not yet in a set */
    bool any;          /* a set has been delivered */
    double last_set_t; /* host time of the last complete set */
};

/* The clamps' sensitivities and the voltage input, as SetChannel's types. */
static const struct {
    const char *name;
    uint32_t type;
    const char *unit;
    double scale;  /* unit per reading: mA → A, µV → V */
    int32_t top;   /* readings at ±2.5 V into the input */
} sensors[] = {{"1mV/A", PLCM3_1_MILLIVOLT, "amps", 1e-3, 2500000},
               {"10mV/A", PLCM3_10_MILLIVOLTS, "amps", 1e-3, 250000},
               {"100mV/A", PLCM3_100_MILLIVOLTS, "amps", 1e-3, 25000},
               {"V", PLCM3_VOLTAGE, "volts", 1e-6, 2500000}};

static bool sim_info(struct logger *lg, uint32_t code, char *buf, size_t len)
{
    return logger_unit_sim_info((pl1000_get_unit_info_fn)lg->fns[INFO], code, buf, len);
}

static ps_status open_unit(struct logger *lg, ps_error *err)
{
    pico_status st = FN(lg, OPEN, plcm3_open_unit_fn)(&lg->handle, NULL);
    if (st != PICO_OK || lg->handle <= 0)
        return st == PICO_NOT_FOUND || st == PICO_OK
                   ? ps_fail(err, PS_ERR_DRIVER, "no PicoLog CM3 found (PLCM3OpenUnit)")
                   : device_driver_fail(err, "open", "PLCM3OpenUnit", st);
    logger_unit_identity(lg, (pl1000_get_unit_info_fn)lg->fns[INFO]);
    lg->dev->info.n_channels = PLCM3_MAX_CHANNELS;
    lg->own = calloc(1, sizeof(struct cm3));
    return lg->own ? PS_OK : ps_fail(err, PS_ERR_NOMEM, "device: out of memory");
}

static ps_status start(struct logger *lg, const ps_device_config *cfg, ps_stream_params *p,
                       ps_error *err)
{
    struct cm3 *c3 = lg->own;
    unsigned n = logger_inputs(lg, cfg, p, err);
    if (n == 0)
        return PS_ERR_ARG;
    pico_status st = FN(lg, MAINS, plcm3_set_mains_fn)(lg->handle, cfg->mains_60hz ? 1 : 0);
    if (st != PICO_OK)
        return device_driver_fail(err, "mains", "PLCM3SetMains", st);
    for (uint32_t c = 1; c <= PLCM3_MAX_CHANNELS; c++)
        FN(lg, SET_CHANNEL, plcm3_set_channel_fn)(lg->handle, c, PLCM3_OFF);
    for (unsigned k = 0; k < n; k++) {
        unsigned c = p->channel_index[k];
        const ps_channel_config *ch = &cfg->channel[c];
        size_t s = 0;
        while (s < 4 && strcmp(ch->sensor, sensors[s].name) != 0)
            s++;
        if (s == 4 || ch->range_v > 0 || ch->differential)
            return ps_fail(err, PS_ERR_ARG, "input %u: the CM3 takes a clamp's sensitivity "
                           "(1mV/A, 10mV/A, 100mV/A) or V for its voltage input (as in "
                           "-c %u:10mV/A)", c + 1, c + 1);
        p->run_before_unix = device_wall_now(); /* the last input set starts the cycle */
        st = FN(lg, SET_CHANNEL, plcm3_set_channel_fn)(lg->handle, c + 1, sensors[s].type);
        p->run_after_unix = device_wall_now();
        if (st != PICO_OK)
            return device_driver_fail(err, "input setup", "PLCM3SetChannel", st);
        snprintf(p->unit[k], sizeof p->unit[k], "%s", sensors[s].unit);
        p->unit_scale[k] = sensors[s].scale;
        p->unit_offset[k] = 0;
        p->code_max[k] = sensors[s].top;
        p->code_min[k] = -sensors[s].top;
        p->full_scale[k] = sensors[s].top * sensors[s].scale;
    }
    /* the unit's own cycle: every active input in turn */
    double cycle = PLCM3_CONVERSION_MS * 1e-3 * n;
    if (cfg->rate_hz * cycle > 1.000001)
        return ps_fail(err, PS_ERR_ARG, "`rate` %g is above what the CM3 gives with %u input%s "
                       "(one set every %.2f s: %.4g S/s)", cfg->rate_hz, n, n > 1 ? "s" : "",
                       cycle, 1 / cycle);
    if (cfg->rate_hz * cycle < 0.999999)
        snprintf(p->notice, sizeof p->notice, "the CM3 converts continuously: every reading is "
                 "kept, one set every %.2f s (%.4g S/s)", cycle, 1 / cycle);
    p->interval_s = cycle;
    p->format = PS_SAMPLE_INT32;
    p->resolution_bits = 24;
    p->driver_buffer_samples = 1;
    memset(c3, 0, sizeof *c3);
    return PS_OK;
}

/* Input k's newest reading into c3 when it is new; *is_new says so. */
static ps_status get_value(struct logger *lg, unsigned k, bool *is_new, ps_error *err)
{
    struct cm3 *c3 = lg->own;
    int32_t v = 0;
    pico_status st = FN(lg, GET_VALUE, plcm3_get_value_fn)(lg->handle, lg->p.channel_index[k] + 1,
                                                           &v);
    *is_new = st == PICO_OK;
    if (st == PICO_OK) {
        c3->value[k] = v;
        c3->fresh[k] = true;
    } else if (st != PICO_WARNING_REPEAT_VALUE && st != PICO_NO_SAMPLES_AVAILABLE) {
        return device_driver_fail(err, "streaming", "PLCM3GetValue", st);
    }
    return PS_OK;
}

static ps_status read_sets(struct logger *lg, struct logger_read *r, ps_error *err)
{
    struct cm3 *c3 = lg->own;
    unsigned ne = lg->p.n_enabled;
    bool all = true, moved;
    ps_status st;
    for (unsigned k = 0; k < ne; k++) {
        if ((st = get_value(lg, k, &moved, err)) != PS_OK)
            return st;
        all &= c3->fresh[k];
    }
    if (!all)
        return PS_OK;
    if ((st = get_value(lg, 0, &moved, err)) != PS_OK)
        return st;
    if (moved) { /* a new cycle began during the round: only the first input has it yet */
        for (unsigned k = 1; k < ne; k++)
            c3->fresh[k] = false;
        return PS_OK;
    }
    double now = logger_now();
    int32_t *out = lg->sets;
    for (unsigned k = 0; k < ne; k++) {
        out[k] = c3->value[k];
        c3->fresh[k] = false;
        if (llabs((long long)c3->value[k]) >= lg->p.code_max[k])
            r->overflow |= (uint16_t)(1u << lg->p.channel_index[k]);
    }
    r->n = 1;
    /* a cycle or more since the last set: the readings between were never seen */
    double missed = c3->any ? floor((now - c3->last_set_t) / lg->p.interval_s - 0.5) : 0;
    if (missed >= 1) {
        r->has_index = true;
        r->index = lg->next + (uint64_t)missed;
        r->estimated = true;
    }
    c3->any = true;
    c3->last_set_t = now;
    return PS_OK;
}

static void stop(struct logger *lg)
{
    for (uint32_t c = 1; c <= PLCM3_MAX_CHANNELS; c++)
        FN(lg, SET_CHANNEL, plcm3_set_channel_fn)(lg->handle, c, PLCM3_OFF);
}

static void close_unit(struct logger *lg)
{
    FN(lg, CLOSE, plcm3_close_unit_fn)(lg->handle);
}

const struct logger_api plcm3_api = {"plcm3", names, sizeof names / sizeof *names, open_unit,
                                     sim_info, start, read_sets, stop, close_unit};
