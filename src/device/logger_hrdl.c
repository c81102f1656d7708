/* The ADC-20 and ADC-24 through libpicohrdl: inputs 1 … 16 (8 on the ADC-20), ±2.5 V … ±39 mV,
 * single-ended or differential pairs, streamed with HRDLRun(HRDL_BM_STREAM). Every read is
 * HRDLGetTimesAndValues, so each set's time says where it belongs: a set the driver lost is
 * an exact gap, wherever it falls in a read. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logger_int.h"

enum { OPEN, CLOSE, INFO, MAINS, SET_INPUT, SET_INTERVAL, RUN, STOP, MIN_MAX, GET };
static const char *const names[] = {
    "HRDLOpenUnit",  "HRDLCloseUnit", "HRDLGetUnitInfo",        "HRDLSetMains",
    "HRDLSetAnalogInChannel", "HRDLSetInterval", "HRDLRun", "HRDLStop",
    "HRDLGetMinMaxAdcCounts", "HRDLGetTimesAndValues"};
#define FN(lg, i, type) ((type)(lg)->fns[i])

struct hrdl {
    int32_t *times, *vals; /* read from the driver, not yet handed on: `have` sets */
    size_t have;
    uint32_t interval_ms;
    bool have_last;
    uint32_t last_ms;
    uint64_t last_index;
};

static void info_string(struct logger *lg, int16_t what, char *out, size_t len)
{
    if (FN(lg, INFO, hrdl_get_unit_info_fn)(lg->handle, (int8_t *)out, (int16_t)len, what) <= 0)
        out[0] = '\0';
}

static bool sim_info(struct logger *lg, uint32_t code, char *buf, size_t len)
{
    return FN(lg, INFO, hrdl_get_unit_info_fn)(0, (int8_t *)buf, (int16_t)len, (int16_t)code) > 0;
}

/* Why the last call failed, from HRDLGetUnitInfo(HRDL_SETTINGS). */
static const char *settings_error(struct logger *lg)
{
    static const char *const why[] = {
        "conversion time out of range", "sample interval out of range",
        "conversion time too slow for the sample interval", "input not available",
        "invalid input", "invalid voltage range", "invalid parameter",
        "conversion in progress", "communication failed", "no error"};
    char code[16] = "";
    info_string(lg, HRDL_SETTINGS, code, sizeof code);
    int c = atoi(code);
    return code[0] && c >= 0 && c <= SE_OK ? why[c] : "unknown";
}

static ps_status open_unit(struct logger *lg, ps_error *err)
{
    lg->handle = FN(lg, OPEN, hrdl_open_unit_fn)();
    if (lg->handle <= 0) {
        char code[16] = "";
        int16_t h = lg->handle;
        lg->handle = 0;
        info_string(lg, HRDL_ERROR, code, sizeof code);
        return ps_fail(err, PS_ERR_DRIVER, "no ADC-20/ADC-24 opened (HRDLOpenUnit returned %d, "
                       "error %s)", h, code[0] ? code : "?");
    }
    ps_device_info *i = &lg->dev->info;
    info_string(lg, HRDL_VARIANT_INFO, i->model, sizeof i->model);
    info_string(lg, HRDL_BATCH_AND_SERIAL, i->serial, sizeof i->serial);
    info_string(lg, HRDL_DRIVER_VERSION, i->driver_version, sizeof i->driver_version);
    info_string(lg, HRDL_USB_VERSION, i->usb_version, sizeof i->usb_version);
    i->n_channels = atoi(i->model) == 20 ? 8 : 16; /* VARIANT_INFO is "20" or "24" */
    lg->own = calloc(1, sizeof(struct hrdl));
    return lg->own ? PS_OK : ps_fail(err, PS_ERR_NOMEM, "device: out of memory");
}

static int range_enum(double range_v)
{
    for (int r = 0; r < HRDL_MAX_RANGES; r++)
        if (fabs(range_v - logger_hrdl_range_v(r)) < 1e-6 * logger_hrdl_range_v(r) ||
            fabs(range_v * 1e3 - floor(logger_hrdl_range_v(r) * 1e3 + 0.5)) < 1e-9)
            return r;
    return -1;
}

static ps_status start(struct logger *lg, const ps_device_config *cfg, ps_stream_params *p,
                       ps_error *err)
{
    struct hrdl *h = lg->own;
    unsigned n = logger_inputs(lg, cfg, p, err);
    if (n == 0)
        return PS_ERR_ARG;
    FN(lg, MAINS, hrdl_set_mains_fn)(lg->handle, cfg->mains_60hz ? 1 : 0);
    int ranges[PS_MAX_CHANNELS];
    for (unsigned c = 0; c < lg->dev->info.n_channels; c++) /* every input off, then ours on */
        FN(lg, SET_INPUT, hrdl_set_analog_in_channel_fn)(lg->handle, (int16_t)(c + 1), 0, 0, 1);
    for (unsigned k = 0; k < n; k++) {
        unsigned c = p->channel_index[k];
        const ps_channel_config *ch = &cfg->channel[c];
        int r = ch->range_v > 0 ? range_enum(ch->range_v) : HRDL_2500_MV;
        if (r < 0 || ch->sensor[0]) {
            char what[24];
            snprintf(what, sizeof what, "%gmV", ch->range_v * 1e3);
            return ps_fail(err, PS_ERR_ARG, "input %u: %s is not a range of the %s (2500mV, "
                           "1250mV, 625mV, 313mV, 156mV, 78mV, 39mV)", c + 1,
                           ch->sensor[0] ? ch->sensor : what, lg->dev->family->product);
        }
        if (FN(lg, SET_INPUT, hrdl_set_analog_in_channel_fn)(lg->handle, (int16_t)(c + 1), 1,
                                                             (int16_t)r, ch->differential ? 0 : 1) == 0)
            return ps_fail(err, PS_ERR_ARG, "input %u at %gmV%s: %s (HRDLSetAnalogInChannel)",
                           c + 1, logger_hrdl_range_v(r) * 1e3, ch->differential ? ", differential" : "",
                           settings_error(lg));
        ranges[k] = r;
    }
    /* the set interval in whole ms; each input converts in turn within it (and, left to
     * choose, with the 20 ms to spare Pico's example leaves) */
    double ms = 1e3 / cfg->rate_hz;
    if (ms > 3600000)
        return ps_fail(err, PS_ERR_ARG, "`rate` %g: slower than one set an hour", cfg->rate_hz);
    h->interval_ms = (uint32_t)llround(ms);
    int conv = -1;
    if (cfg->conversion_s > 0) {
        for (int i = 0; i < HRDL_MAX_CONVERSION_TIMES; i++)
            if (fabs(cfg->conversion_s * 1e3 - hrdl_conversion_ms[i]) < 0.5)
                conv = i;
        if (conv < 0)
            return ps_fail(err, PS_ERR_ARG, "`conversion` %gms: the %s converts in 60, 100, 180, "
                           "340 or 660 ms", cfg->conversion_s * 1e3, lg->dev->family->product);
    } else { /* the longest (quietest) conversion that fits */
        for (int i = 0; i < HRDL_MAX_CONVERSION_TIMES; i++)
            if ((uint32_t)hrdl_conversion_ms[i] * n + 20 <= h->interval_ms)
                conv = i;
        if (conv < 0)
            conv = HRDL_60MS;
    }
    if ((uint32_t)hrdl_conversion_ms[conv] * n > h->interval_ms)
        return ps_fail(err, PS_ERR_ARG, "`rate` %g is above what the %s gives with %u input%s at "
                       "%d ms each (%g S/s at most)", cfg->rate_hz, lg->dev->family->product, n,
                       n > 1 ? "s" : "", hrdl_conversion_ms[conv],
                       1e3 / (hrdl_conversion_ms[conv] * n));
    if (FN(lg, SET_INTERVAL, hrdl_set_interval_fn)(lg->handle, (int32_t)h->interval_ms,
                                                   (int16_t)conv) == 0)
        return ps_fail(err, PS_ERR_ARG, "interval %u ms, conversion %d ms: %s (HRDLSetInterval)",
                       h->interval_ms, hrdl_conversion_ms[conv], settings_error(lg));
    p->interval_s = h->interval_ms * 1e-3;
    p->format = PS_SAMPLE_INT32;
    p->resolution_bits = 24;
    for (unsigned k = 0; k < n; k++) {
        int32_t lo = 0, hi = 0;
        if (FN(lg, MIN_MAX, hrdl_get_min_max_adc_counts_fn)(lg->handle, &lo, &hi,
                                                            (int16_t)(p->channel_index[k] + 1)) == 0 ||
            hi <= 0)
            return ps_fail(err, PS_ERR_DRIVER, "input %u: HRDLGetMinMaxAdcCounts failed: %s",
                           p->channel_index[k] + 1, settings_error(lg));
        double fs = logger_hrdl_range_v(ranges[k]);
        snprintf(p->unit[k], sizeof p->unit[k], "volts");
        p->unit_scale[k] = fs / ((double)hi + 1.0); /* maxAdc is one count short of full scale */
        p->full_scale[k] = fs;
        p->code_max[k] = hi;
        p->code_min[k] = lo;
    }
    /* the driver holds a minute of sets (at least 100) */
    p->driver_buffer_samples = (size_t)fmax(100.0, 60.0 / p->interval_s);
    h->times = malloc(p->driver_buffer_samples * n * sizeof *h->times);
    h->vals = malloc(p->driver_buffer_samples * n * sizeof *h->vals);
    if (!h->times || !h->vals) {
        free(h->times);
        free(h->vals);
        h->times = h->vals = NULL;
        return ps_fail(err, PS_ERR_NOMEM, "device: out of memory");
    }
    h->have_last = false;
    h->have = 0;
    p->run_before_unix = device_wall_now();
    int16_t ran = FN(lg, RUN, hrdl_run_fn)(lg->handle, (int32_t)(p->driver_buffer_samples * n),
                                          HRDL_BM_STREAM);
    p->run_after_unix = device_wall_now();
    if (ran == 0) {
        free(h->times);
        free(h->vals);
        h->times = h->vals = NULL;
        return ps_fail(err, PS_ERR_DRIVER, "HRDLRun failed: %s", settings_error(lg));
    }
    if (fabs(p->interval_s * cfg->rate_hz - 1) > 1e-9)
        snprintf(p->notice, sizeof p->notice, "rate %g S/s rounded to %.9g S/s (whole ms per "
                 "set)", cfg->rate_hz, 1.0 / p->interval_s);
    return PS_OK;
}

/* The device index of held set j, given set j − 1's (or the last handed on). */
static uint64_t index_of(const struct hrdl *h, size_t j, unsigned ne, uint64_t prev_index,
                         uint32_t prev_ms, bool have_prev)
{
    uint32_t t = (uint32_t)h->times[j * ne]; /* one time per value: a set's first */
    if (!have_prev) /* the first set: its interval, whatever the phase of its stamp */
        return t / h->interval_ms;
    return logger_index_of(t, prev_ms, prev_index, h->interval_ms);
}

static ps_status read_sets(struct logger *lg, struct logger_read *r, ps_error *err)
{
    struct hrdl *h = lg->own;
    unsigned ne = lg->p.n_enabled;
    int16_t overflow = 0;
    int32_t want = (int32_t)(lg->cap - h->have);
    int32_t n = want > 0 ? FN(lg, GET, hrdl_get_times_and_values_fn)(
                               lg->handle, h->times + h->have * ne, h->vals + h->have * ne,
                               &overflow, want)
                         : 0;
    if (n < 0)
        return ps_fail(err, PS_ERR_DRIVER, "the %s stopped responding (HRDLGetTimesAndValues "
                       "returned %d)", lg->dev->family->product, n);
    if (n > want)
        return ps_fail(err, PS_ERR_DRIVER, "HRDLGetTimesAndValues returned %d sets, more than "
                       "the %d asked for", n, want);
    h->have += (size_t)n;
    r->overflow = (uint16_t)overflow; /* bit per input, input 1 = bit 0 */
    if (h->have == 0)
        return PS_OK;
    /* the sets that follow one another from the first held: a jump ends this read's block */
    uint64_t first = index_of(h, 0, ne, h->last_index, h->last_ms, h->have_last), idx = first;
    size_t m = 1;
    while (m < h->have &&
           index_of(h, m, ne, idx, (uint32_t)h->times[(m - 1) * ne], true) == idx + 1) {
        idx++;
        m++;
    }
    int32_t *out = lg->sets;
    for (size_t i = 0; i < m * ne; i++) {
        out[i] = h->vals[i];
        if (out[i] == (int32_t)0xF0000000) { /* INVALID_HRDL_VALUE: no reading, at the rail */
            out[i] = lg->p.code_min[i % ne];
            r->overflow |= (uint16_t)(1u << lg->p.channel_index[i % ne]);
        }
    }
    h->have_last = true;
    h->last_ms = (uint32_t)h->times[(m - 1) * ne];
    h->last_index = idx;
    memmove(h->times, h->times + m * ne, (h->have - m) * ne * sizeof *h->times);
    memmove(h->vals, h->vals + m * ne, (h->have - m) * ne * sizeof *h->vals);
    h->have -= m;
    r->n = m;
    r->has_index = true;
    r->index = first;
    return PS_OK;
}

static void stop(struct logger *lg)
{
    struct hrdl *h = lg->own;
    FN(lg, STOP, hrdl_stop_fn)(lg->handle);
    free(h->times);
    free(h->vals);
    h->times = h->vals = NULL;
}

static void close_unit(struct logger *lg)
{
    FN(lg, CLOSE, hrdl_close_unit_fn)(lg->handle);
}

const struct logger_api hrdl_api = {"picohrdl", names, sizeof names / sizeof *names, open_unit,
                                    sim_info, start, read_sets, stop, close_unit};
