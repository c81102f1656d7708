/* The USB TC-08 through libusbtc08: thermocouples on inputs 1 … 8, read in °C as floats.
 * usb_tc08_get_temp hands over one input's readings at a time, each with its time in ms, so
 * every input is read into a queue of its own and a set goes to the capture once every input
 * has it; a time that jumps is an exact gap. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logger_int.h"

enum { OPEN, CLOSE, STOP, MAINS, MIN_MS, INFO, LAST_ERROR, SET_CHANNEL, RUN, GET_TEMP };
static const char *const names[] = {
    "usb_tc08_open_unit",  "usb_tc08_close_unit",      "usb_tc08_stop",
    "usb_tc08_set_mains",  "usb_tc08_get_minimum_interval_ms", "usb_tc08_get_unit_info2",
    "usb_tc08_get_last_error", "usb_tc08_set_channel", "usb_tc08_run",
    "usb_tc08_get_temp"};
#define FN(lg, i, type) ((type)(lg)->fns[i])

#define QUEUE 2400 /* readings an input may run ahead of the slowest */

struct input_queue {
    float v[QUEUE];
    uint64_t index[QUEUE];
    size_t n;
    bool have_last;
    uint32_t last_ms;
    uint64_t last_index;
    bool over;
};

struct tc08 {
    uint32_t interval_ms;
    struct input_queue q[USBTC08_MAX_CHANNELS];
    float buf[USBTC08_MAX_SAMPLE_BUFFER];
    int32_t times[USBTC08_MAX_SAMPLE_BUFFER];
};

static const char *error_name(int e)
{
    static const char *const n[] = {
        "OK", "OS_NOT_SUPPORTED", "NO_CHANNELS_SET", "INVALID_PARAMETER",
        "VARIANT_NOT_SUPPORTED", "INCORRECT_MODE", "ENUMERATION_INCOMPLETE", "NOT_RESPONDING",
        "FW_FAIL", "CONFIG_FAIL", "NOT_FOUND", "THREAD_FAIL", "PIPE_INFO_FAIL", "NOT_CALIBRATED",
        "PICOPP_TOO_OLD", "PICO_DRIVER_FUNCTION", "COMMUNICATION"};
    return e >= 0 && e <= USBTC08_ERROR_COMMUNICATION ? n[e] : "unknown";
}

static ps_status tc_fail(struct logger *lg, ps_error *err, const char *fn)
{
    int e = FN(lg, LAST_ERROR, usbtc08_get_last_error_fn)(lg->handle);
    return ps_fail(err, e == USBTC08_ERROR_INVALID_PARAMETER ? PS_ERR_ARG : PS_ERR_DRIVER,
                   "%s failed: USBTC08_ERROR_%s (%d)", fn, error_name(e), e);
}

static void info_string(struct logger *lg, int16_t line, char *out, size_t len)
{
    if (FN(lg, INFO, usbtc08_get_unit_info2_fn)(lg->handle, (int8_t *)out, (int16_t)len, line) <= 0)
        out[0] = '\0';
}

static bool sim_info(struct logger *lg, uint32_t code, char *buf, size_t len)
{
    return FN(lg, INFO, usbtc08_get_unit_info2_fn)(0, (int8_t *)buf, (int16_t)len,
                                                   (int16_t)code) > 0;
}

static ps_status open_unit(struct logger *lg, ps_error *err)
{
    lg->handle = FN(lg, OPEN, usbtc08_open_unit_fn)();
    if (lg->handle <= 0) {
        int h = lg->handle;
        lg->handle = 0;
        int e = FN(lg, LAST_ERROR, usbtc08_get_last_error_fn)(0);
        return ps_fail(err, PS_ERR_DRIVER, "no TC-08 opened (usb_tc08_open_unit returned %d: "
                       "USBTC08_ERROR_%s)", h, error_name(e));
    }
    ps_device_info *i = &lg->dev->info;
    info_string(lg, USBTC08LINE_VARIANT_INFO, i->model, sizeof i->model);
    info_string(lg, USBTC08LINE_BATCH_AND_SERIAL, i->serial, sizeof i->serial);
    info_string(lg, USBTC08LINE_DRIVER_VERSION, i->driver_version, sizeof i->driver_version);
    snprintf(i->usb_version, sizeof i->usb_version, "2.0");
    i->n_channels = USBTC08_MAX_CHANNELS;
    lg->own = calloc(1, sizeof(struct tc08));
    return lg->own ? PS_OK : ps_fail(err, PS_ERR_NOMEM, "device: out of memory");
}

static ps_status start(struct logger *lg, const ps_device_config *cfg, ps_stream_params *p,
                       ps_error *err)
{
    struct tc08 *t = lg->own;
    unsigned n = logger_inputs(lg, cfg, p, err);
    if (n == 0)
        return PS_ERR_ARG;
    FN(lg, MAINS, usbtc08_set_mains_fn)(lg->handle, cfg->mains_60hz ? 1 : 0);
    for (unsigned c = 1; c <= USBTC08_MAX_CHANNELS; c++) /* all off, then ours on */
        FN(lg, SET_CHANNEL, usbtc08_set_channel_fn)(lg->handle, (int16_t)c, ' ');
    float lo, hi;
    for (unsigned k = 0; k < n; k++) {
        unsigned c = p->channel_index[k];
        const ps_channel_config *ch = &cfg->channel[c];
        char type = ch->sensor[0];
        if (!type || ch->sensor[1] || !logger_tc_range(type, &lo, &hi) || ch->range_v > 0 ||
            ch->differential)
            return ps_fail(err, PS_ERR_ARG, "input %u: the TC-08 takes a thermocouple type: "
                           "B, E, J, K, N, R, S, T or X (as in -c %u:K)", c + 1, c + 1);
        if (FN(lg, SET_CHANNEL, usbtc08_set_channel_fn)(lg->handle, (int16_t)(c + 1),
                                                        (int8_t)type) == 0)
            return tc_fail(lg, err, "usb_tc08_set_channel");
        snprintf(p->unit[k], sizeof p->unit[k], "%s", type == 'X' ? "mV" : "degC");
        p->unit_scale[k] = 1;
        p->unit_offset[k] = 0;
        p->full_scale[k] = fmax(fabs(lo), fabs(hi));
    }
    int32_t min = FN(lg, MIN_MS, usbtc08_get_minimum_interval_ms_fn)(lg->handle);
    if (min <= 0)
        return tc_fail(lg, err, "usb_tc08_get_minimum_interval_ms");
    double ms = 1e3 / cfg->rate_hz;
    if (ms < min - 0.5)
        return ps_fail(err, PS_ERR_ARG, "`rate` %g is above what the TC-08 gives with %u "
                       "thermocouple%s (a set every %d ms: %g S/s at most)", cfg->rate_hz, n,
                       n > 1 ? "s" : "", min, 1e3 / min);
    if (ms > 2e9)
        return ps_fail(err, PS_ERR_ARG, "`rate` %g: too slow for the TC-08", cfg->rate_hz);
    p->run_before_unix = device_wall_now();
    int32_t got = FN(lg, RUN, usbtc08_run_fn)(lg->handle, (int32_t)llround(ms));
    p->run_after_unix = device_wall_now();
    if (got <= 0)
        return tc_fail(lg, err, "usb_tc08_run");
    t->interval_ms = (uint32_t)got;
    p->interval_s = got * 1e-3;
    p->format = PS_SAMPLE_FLOAT32;
    p->resolution_bits = 32;
    p->driver_buffer_samples = QUEUE;
    for (unsigned k = 0; k < USBTC08_MAX_CHANNELS; k++)
        t->q[k] = (struct input_queue){.n = 0};
    if (fabs(p->interval_s * cfg->rate_hz - 1) > 1e-9)
        snprintf(p->notice, sizeof p->notice, "rate %g S/s rounded to %.9g S/s (whole ms per "
                 "set)", cfg->rate_hz, 1.0 / p->interval_s);
    return PS_OK;
}

/* Input k's new readings into its queue; stops when the queue is full (the rest stays in the
 * driver). */
static ps_status fill(struct logger *lg, unsigned k, ps_error *err)
{
    struct tc08 *t = lg->own;
    struct input_queue *q = &t->q[k];
    int16_t input = (int16_t)(lg->p.channel_index[k] + 1);
    while (QUEUE - q->n >= USBTC08_MAX_SAMPLE_BUFFER) {
        int16_t over = 0;
        int32_t n = FN(lg, GET_TEMP, usbtc08_get_temp_fn)(lg->handle, t->buf, t->times,
                                                          USBTC08_MAX_SAMPLE_BUFFER, &over, input,
                                                          USBTC08_UNITS_CENTIGRADE, 0);
        if (n < 0)
            return tc_fail(lg, err, "usb_tc08_get_temp");
        if (n > USBTC08_MAX_SAMPLE_BUFFER)
            return ps_fail(err, PS_ERR_DRIVER, "usb_tc08_get_temp returned %d readings, more "
                           "than the %d asked for", n, USBTC08_MAX_SAMPLE_BUFFER);
        q->over |= over != 0;
        for (int32_t i = 0; i < n; i++) {
            uint32_t ms = (uint32_t)t->times[i];
            uint64_t idx = q->have_last ? logger_index_of(ms, q->last_ms, q->last_index,
                                                          t->interval_ms)
                                        : ms / t->interval_ms; /* its set, whatever its phase */
            q->have_last = true;
            q->last_ms = ms;
            q->last_index = idx;
            q->v[q->n] = t->buf[i];
            q->index[q->n++] = idx;
        }
        if (n < USBTC08_MAX_SAMPLE_BUFFER)
            break;
    }
    return PS_OK;
}

static void drop(struct input_queue *q, size_t m)
{
    memmove(q->v, q->v + m, (q->n - m) * sizeof *q->v);
    memmove(q->index, q->index + m, (q->n - m) * sizeof *q->index);
    q->n -= m;
}

static ps_status read_sets(struct logger *lg, struct logger_read *r, ps_error *err)
{
    struct tc08 *t = lg->own;
    unsigned ne = lg->p.n_enabled;
    ps_status st;
    for (unsigned k = 0; k < ne; k++)
        if ((st = fill(lg, k, err)) != PS_OK)
            return st;
    /* the sets every input has, from the latest first index: what one input lost, all lose */
    uint64_t first = 0;
    for (unsigned k = 0; k < ne; k++) {
        if (t->q[k].n == 0)
            return PS_OK;
        if (t->q[k].index[0] > first)
            first = t->q[k].index[0];
    }
    size_t run = lg->cap;
    for (unsigned k = 0; k < ne; k++) {
        struct input_queue *q = &t->q[k];
        size_t skip = 0;
        while (skip < q->n && q->index[skip] < first)
            skip++;
        drop(q, skip);
        size_t m = 0; /* consecutive from `first` */
        while (m < q->n && q->index[m] == first + m)
            m++;
        if (m < run)
            run = m;
    }
    float *out = lg->sets;
    for (unsigned k = 0; k < ne; k++) {
        for (size_t j = 0; j < run; j++)
            out[j * ne + k] = t->q[k].v[j];
        drop(&t->q[k], run);
        if (t->q[k].over && run > 0) { /* carried by a set, or kept for the next */
            r->overflow |= (uint16_t)(1u << lg->p.channel_index[k]);
            t->q[k].over = false;
        }
    }
    r->n = run;
    r->has_index = run > 0;
    r->index = first;
    return PS_OK;
}

static void stop(struct logger *lg)
{
    FN(lg, STOP, usbtc08_stop_fn)(lg->handle);
}

static void close_unit(struct logger *lg)
{
    FN(lg, CLOSE, usbtc08_close_unit_fn)(lg->handle);
}

const struct logger_api usbtc08_api = {"usbtc08", names, sizeof names / sizeof *names, open_unit,
                                       sim_info, start, read_sets, stop, close_unit};
