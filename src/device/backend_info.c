/* The info-struct streaming style (ps6000a, psospa): the app keeps the driver supplied with
 * buffers (SetDataBuffer with PICO_ADD) and polls GetStreamingLatestValues, which fills one
 * packed PICO_STREAMING_DATA_INFO per channel. Buffers rotate as in Pico's examples: several
 * per channel queued ahead, each re-ADDed only once the driver has moved past it (never
 * proactively on 407, the pyPicoSDK bug). Channels may report different counts in one call;
 * a staging copy per channel keeps them aligned. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "device_int.h"
#include "pico_ps6000a.h"

#define N_BUFS 4 /* buffers per channel queued ahead of the driver */

typedef pico_status (*handle_fn)(int16_t);
typedef pico_status (*unit_info_fn)(int16_t, int8_t *, int16_t, int16_t *, pico_info);
typedef pico_status (*channel_off_fn)(int16_t, int32_t);
typedef pico_status (*set_resolution_fn)(int16_t, int32_t);

/* Resolved in this order; the prefix is the family's. */
static const char *const symbol_suffix[] = {
    "OpenUnit",      "CloseUnit",    "GetUnitInfo",     "SetChannelOn",
    "SetChannelOff", "SetDataBuffer", "SetSimpleTrigger", "GetAdcLimits",
    "SetDeviceResolution", "RunStreaming", "GetStreamingLatestValues", "Stop",
    "SetDataBuffers",
};
#define N_SYMBOLS (sizeof symbol_suffix / sizeof *symbol_suffix)

struct info_fns {
    void *open_unit; /* ps6000a_open_unit_fn or psospa_open_unit_fn */
    handle_fn close_unit;
    unit_info_fn get_unit_info;
    void *set_channel_on; /* ps6000a_set_channel_on_fn or psospa_set_channel_on_fn */
    channel_off_fn set_channel_off;
    void *set_data_buffer; /* ps6000a_set_data_buffer_fn or psospa_set_data_buffer_fn */
    ps6000a_set_simple_trigger_fn set_simple_trigger;
    ps6000a_get_adc_limits_fn get_adc_limits;
    set_resolution_fn set_resolution;
    ps6000a_run_streaming_fn run_streaming;
    ps6000a_get_streaming_latest_values_fn get_latest;
    handle_fn stop;
    void *set_data_buffers; /* ps6000a_set_data_buffers_fn or psospa_set_data_buffers_fn */
};

/* One stream the driver fills: the configured one, and raw samples beside a reduced one. */
struct info_stream {
    uint32_t mode; /* PICO_RATIO_MODE its buffers are added for */
    unsigned per;  /* columns per channel: 2 (maximum, minimum) when aggregating, else 1 */
    size_t buf_len;
    /* per column (channel k's are k·per … k·per + per − 1) */
    int16_t *bufs[2 * PS_MAX_CHANNELS][N_BUFS];
    uint64_t queued_until[PS_MAX_CHANNELS]; /* buffers 0 … queued_until-1 have been ADDed */
    int16_t *stage[2 * PS_MAX_CHANNELS];   /* received, not yet handed on (aligned runs) */
    size_t staged[2 * PS_MAX_CHANNELS];
    const int16_t *stage_ptr[2 * PS_MAX_CHANNELS];
    uint64_t received0;    /* samples of the first channel received so far */
    uint64_t handed;       /* frames handed to the capture */
    bool trigger_pending;  /* the driver reported a trigger not yet handed on */
    uint64_t trigger_frame;
    bool auto_stop;
    pico_streaming_data_info *info; /* its n_en entries of the backend's array */
};

struct info_backend {
    const struct device_family *fam;
    struct info_fns f;
    int16_t handle;
    bool streaming;
    unsigned n_en;
    int32_t channel[PS_MAX_CHANNELS];
    struct info_stream s[2];
    unsigned n_streams;
    pico_streaming_data_info info[2 * PS_MAX_CHANNELS];
};

static const char *sym_name(const struct device_family *fam, size_t i, char *buf, size_t len)
{
    snprintf(buf, len, "%s%s", fam->name, symbol_suffix[i]);
    return buf;
}

static ps_status driver_fail(struct info_backend *b, ps_error *err, const char *what, size_t sym,
                             uint32_t status)
{
    char name[64];
    return device_driver_fail(err, what, sym_name(b->fam, sym, name, sizeof name), status);
}

static pico_status open_unit(struct info_backend *b, int32_t res)
{
    if (b->fam->psospa)
        return ((psospa_open_unit_fn)b->f.open_unit)(&b->handle, NULL, res, NULL);
    return ((ps6000a_open_unit_fn)b->f.open_unit)(&b->handle, NULL, res);
}

static pico_status channel_on(struct info_backend *b, int32_t ch, int32_t coupling, int range,
                              double range_v, double offset, int32_t bandwidth)
{
    if (b->fam->psospa) {
        int64_t nv = (int64_t)llround(range_v * 1e9);
        return ((psospa_set_channel_on_fn)b->f.set_channel_on)(b->handle, ch, coupling, -nv, nv,
                                                               PICO_PROBE_NONE_NV, offset,
                                                               bandwidth);
    }
    return ((ps6000a_set_channel_on_fn)b->f.set_channel_on)(b->handle, ch, coupling, range, offset,
                                                            bandwidth);
}

/* Adds (or clears) channel ch's buffer of stream s, with its minimum buffer when aggregating. */
static pico_status data_buffer(struct info_backend *b, const struct info_stream *s, int32_t ch,
                               void *buf, void *buf_min, size_t n, uint32_t action)
{
    if (s->mode == PICO_RATIO_MODE_AGGREGATE && buf) {
        if (b->fam->psospa)
            return ((psospa_set_data_buffers_fn)b->f.set_data_buffers)(
                b->handle, ch, buf, buf_min, n, PICO_INT16_T, 0, s->mode, action);
        return ((ps6000a_set_data_buffers_fn)b->f.set_data_buffers)(
            b->handle, ch, buf, buf_min, (int32_t)n, PICO_INT16_T, 0, s->mode, action);
    }
    if (b->fam->psospa)
        return ((psospa_set_data_buffer_fn)b->f.set_data_buffer)(
            b->handle, ch, buf, n, PICO_INT16_T, 0, s->mode, action);
    return ((ps6000a_set_data_buffer_fn)b->f.set_data_buffer)(
        b->handle, ch, buf, (int32_t)n, PICO_INT16_T, 0, s->mode, action);
}

static ps_status info_open(ps_device *dev, ps_error *err)
{
    struct info_backend *b = calloc(1, sizeof *b);
    if (!b)
        return ps_fail(err, PS_ERR_NOMEM, "device: out of memory");
    b->fam = dev->family;
    const char *names[N_SYMBOLS];
    char store[N_SYMBOLS][64];
    for (size_t i = 0; i < N_SYMBOLS; i++)
        names[i] = sym_name(b->fam, i, store[i], sizeof store[i]);
    ps_status st = device_resolve(dev->lib, dev->info.driver_path, names, (void **)&b->f,
                                  N_SYMBOLS, err);
    if (st != PS_OK) {
        free(b);
        return st;
    }
    pico_status ps = open_unit(b, PICO_DR_8BIT);
    if (ps != PICO_OK) {
        if (b->handle > 0)
            b->f.close_unit(b->handle);
        if (ps == PICO_OPERATION_FAILED && (st = device_sim_refusal(b->f.get_unit_info, err))) {
            free(b);
            return st;
        }
        if (ps == PICO_NOT_FOUND)
            st = ps_fail(err, PS_ERR_DRIVER, "no PicoScope %s found by %s (%sOpenUnit returned "
                         "PICO_NOT_FOUND)", dev->family->product, dev->info.driver_path,
                         dev->family->name);
        else
            st = driver_fail(b, err, "opening the unit", 0, ps);
        free(b);
        return st;
    }
    dev->backend = b;
    dev->handle = b->handle;
    device_read_info(dev, b->f.get_unit_info, b->handle);
    /* the variant's second digit is its channel count (6824E: 8), as Pico's own code reads it */
    char d = dev->info.model[1];
    dev->info.n_channels = d >= '1' && d <= '8' ? (unsigned)(d - '0') : dev->family->max_channels;
    return PS_OK;
}

static void free_buffers(struct info_backend *b)
{
    for (unsigned j = 0; j < 2; j++)
        for (unsigned k = 0; k < 2 * PS_MAX_CHANNELS; k++) {
            for (int i = 0; i < N_BUFS; i++) {
                free(b->s[j].bufs[k][i]);
                b->s[j].bufs[k][i] = NULL;
            }
            free(b->s[j].stage[k]);
            b->s[j].stage[k] = NULL;
        }
    b->n_en = 0;
}

/* Allocates stream s's buffers (len samples each) and ADDs them for every channel. */
static ps_status stream_setup(struct info_backend *b, struct info_stream *s, unsigned n_en,
                              size_t len, bool first, ps_error *err)
{
    s->buf_len = len;
    for (unsigned col = 0; col < n_en * s->per; col++) {
        bool ok = (s->stage[col] = malloc(len * sizeof(int16_t))) != NULL;
        for (int i = 0; i < N_BUFS; i++)
            ok &= (s->bufs[col][i] = malloc(len * sizeof(int16_t))) != NULL;
        if (!ok)
            return ps_fail(err, PS_ERR_NOMEM, "driver buffers: cannot allocate %zu samples", len);
        s->staged[col] = 0;
        s->stage_ptr[col] = s->stage[col];
    }
    for (unsigned k = 0; k < n_en; k++) {
        unsigned col = k * s->per;
        for (int i = 0; i < N_BUFS; i++) {
            uint32_t action = first && k == 0 && i == 0 ? PICO_CLEAR_ALL | PICO_ADD : PICO_ADD;
            pico_status ps = data_buffer(b, s, b->channel[k], s->bufs[col][i],
                                         s->per > 1 ? s->bufs[col + 1][i] : NULL, len, action);
            if (ps)
                return driver_fail(b, err, "registering buffers", s->per > 1 ? 12 : 5, ps);
        }
        s->queued_until[k] = N_BUFS;
        s->info[k] = (pico_streaming_data_info){.channel_ = b->channel[k], .mode_ = s->mode,
                                                .type_ = PICO_INT16_T};
    }
    s->received0 = s->handed = 0;
    s->trigger_pending = s->auto_stop = false;
    return PS_OK;
}

static int resolution_enum(unsigned bits)
{
    return bits == 8 ? PICO_DR_8BIT : bits == 10 ? PICO_DR_10BIT : bits == 12 ? PICO_DR_12BIT : -1;
}

static ps_status info_start(ps_device *dev, const ps_device_config *cfg, ps_stream_params *p,
                            ps_error *err)
{
    struct info_backend *b = dev->backend;
    const struct device_family *fam = b->fam;
    memset(p, 0, sizeof *p);
    if (b->streaming)
        return ps_fail(err, PS_ERR_ARG, "device is already streaming");
    uint32_t ratio = cfg->downsample == PS_DOWNSAMPLE_NONE ? 1 : cfg->downsample_ratio;
    if (cfg->downsample != PS_DOWNSAMPLE_NONE && ratio < 2)
        return ps_fail(err, PS_ERR_ARG, "`downsample`: the ratio must be at least 2, got %u",
                       ratio);
    unsigned n_en = device_check_channels(dev, cfg, p, err);
    if (n_en == 0)
        return err ? err->code : PS_ERR_ARG;
    for (unsigned k = 0; k < n_en; k++)
        b->channel[k] = (int32_t)p->channel_index[k];
    unsigned bits = cfg->resolution_bits ? cfg->resolution_bits : 8;
    int res = resolution_enum(bits);
    if (res < 0 || (bits == 12 && !fam->has_12bit))
        return ps_fail(err, PS_ERR_ARG, "resolution %u-bit not available on the %s (%s)", bits,
                       fam->product, fam->has_12bit ? "8, 10, 12" : "8, 10");
    pico_status ps;
    for (unsigned c = 0; c < dev->info.n_channels; c++)
        if ((ps = b->f.set_channel_off(b->handle, (int32_t)c)))
            return driver_fail(b, err, "disabling channels", 4, ps);
    if ((ps = b->f.set_resolution(b->handle, res)))
        return driver_fail(b, err, "setting the resolution", 8, ps);
    for (unsigned k = 0; k < n_en; k++) {
        const ps_channel_config *ch = &cfg->channel[b->channel[k]];
        int32_t coupling = ch->coupling == PS_COUPLING_AC     ? PICO_AC
                           : ch->coupling == PS_COUPLING_DC50 ? PICO_DC_50OHM
                                                              : PICO_DC;
        /* PICO_BANDWIDTH_LIMITER values are the bandwidth in Hz */
        ps = channel_on(b, b->channel[k], coupling, ps_device_range_index(ch->range_v),
                        ch->range_v, ch->analog_offset_v, (int32_t)ch->bandwidth_hz);
        if (ps) {
            char what[32];
            snprintf(what, sizeof what, "channel %c", 'A' + b->channel[k]);
            return driver_fail(b, err, what, 3, ps);
        }
    }
    int16_t adc_min = 0, adc_max = 0;
    if ((ps = b->f.get_adc_limits(b->handle, res, &adc_min, &adc_max)) || adc_max <= 0)
        return driver_fail(b, err, "reading the ADC scale", 7, ps);

    const ps_trigger_config *t = &cfg->trigger;
    if (t->enabled) {
        int16_t counts;
        ps_status st = device_trigger_counts(cfg, adc_max, &counts, err);
        if (st != PS_OK)
            return st;
        ps = b->f.set_simple_trigger(b->handle, 1, (int32_t)t->channel, counts,
                                     device_trigger_direction(t->direction), t->delay_samples,
                                     t->auto_ms * 1000u);
    } else {
        ps = b->f.set_simple_trigger(b->handle, 0, 0, 0, PS5000A_RISING, 0, 0);
    }
    if (ps)
        return driver_fail(b, err, "trigger", 6, ps);

    /* about 50 ms per buffer, N_BUFS queued: a poll may come late by ~150 ms and lose nothing */
    size_t len = cfg->driver_buffer_samples;
    if (len == 0) {
        double want = cfg->rate_hz * 0.05;
        len = want < 65536 ? 65536 : (want > 16777216 ? 16777216 : (size_t)want);
    }
    free_buffers(b);
    bool keep_raw = cfg->downsample_keep_raw && cfg->downsample != PS_DOWNSAMPLE_NONE;
    b->n_streams = keep_raw ? 2 : 1;
    struct info_stream *s0 = &b->s[0], *raw = &b->s[1];
    s0->mode = cfg->downsample == PS_DOWNSAMPLE_NONE ? PICO_RATIO_MODE_RAW
                                                     : device_ratio_mode(cfg->downsample);
    s0->per = cfg->downsample == PS_DOWNSAMPLE_AGGREGATE ? 2 : 1;
    s0->info = b->info;
    raw->mode = PICO_RATIO_MODE_RAW;
    raw->per = 1;
    raw->info = b->info + n_en;
    /* beside raw buffers of len samples (whole blocks of the ratio, at least one), the
     * reduced ones fill ratio times slower */
    size_t raw_len = (len + ratio - 1) / ratio * ratio;
    size_t s0_len = keep_raw ? (raw_len / ratio > 16 ? raw_len / ratio : 16) : len;
    ps_status st = stream_setup(b, s0, n_en, s0_len, true, err);
    if (st == PS_OK && keep_raw)
        st = stream_setup(b, raw, n_en, raw_len, false, err);
    if (st != PS_OK) {
        free_buffers(b);
        return st;
    }
    b->n_en = n_en;

    double interval_ns = 1e9 / cfg->rate_hz;
    double interval = interval_ns;
    bool auto_stop = t->enabled && t->post_samples > 0;
    p->run_before_unix = device_wall_now();
    ps = b->f.run_streaming(b->handle, &interval, PICO_NS, auto_stop ? t->pre_samples : 0,
                            auto_stop ? t->post_samples : len, auto_stop, ratio,
                            s0->mode | (keep_raw ? PICO_RATIO_MODE_RAW : 0));
    p->run_after_unix = device_wall_now();
    if (ps) {
        free_buffers(b);
        if (ps == PICO_INVALID_SAMPLE_INTERVAL || ps == PICO_INVALID_TIMEBASE)
            return ps_fail(err, PS_ERR_ARG,
                           "rate %.9g S/s on %u channel%s at %u-bit is more than the %s can "
                           "stream (%sRunStreaming returned %s)",
                           cfg->rate_hz, n_en, n_en > 1 ? "s" : "", bits, dev->info.model,
                           fam->name, pico_status_name(ps));
        return driver_fail(b, err, "starting streaming", 9, ps);
    }
    b->streaming = true;
    p->n_enabled = n_en;
    p->n_columns = n_en * s0->per;
    p->keep_raw = keep_raw;
    p->raw_driver_buffer_samples = keep_raw ? raw->buf_len : 0;
    p->downsample = cfg->downsample;
    p->downsample_ratio = ratio;
    /* whole picoseconds, as the unit's clock counts (and as verify recomputes the signal) */
    p->interval_s = (double)llround(interval * 1000.0) * 1e-12 * ratio;
    p->rate_hz = 1.0 / p->interval_s;
    p->resolution_bits = bits;
    p->adc_max = adc_max;
    /* 8-bit codes: the recording halves too, unless averaging made finer values */
    p->data_8bit = bits == 8 && cfg->downsample != PS_DOWNSAMPLE_AVERAGE;
    p->driver_buffer_samples = s0_len;
    if (fabs(interval - interval_ns) > 1e-9 * interval_ns)
        snprintf(p->notice, sizeof p->notice,
                 "rate %.9g S/s rounded to %.9g S/s (interval %.9g ns), the nearest the %s does",
                 cfg->rate_hz, 1e9 / interval, interval, dev->info.model);
    return PS_OK;
}

/* Channel k's new samples in stream s: checked, copied into its staging copy unless the block
 * is handed on straight from the driver's buffer (direct); re-ADDs every buffer the driver
 * moved past. */
static ps_status take(struct info_backend *b, struct info_stream *s, unsigned k, bool direct,
                      ps_error *err)
{
    const pico_streaming_data_info *in = &s->info[k];
    uint64_t idx = in->bufferIndex_;
    if (in->noOfSamples_ < 0 || in->startIndex_ < 0 ||
        (size_t)in->startIndex_ + (size_t)in->noOfSamples_ > s->buf_len ||
        idx >= s->queued_until[k] || idx + N_BUFS < s->queued_until[k])
        return ps_fail(err, PS_ERR_DRIVER, "channel %c: the driver reported samples %d…%d of "
                       "buffer %llu, which is not one of ours", 'A' + b->channel[k],
                       in->startIndex_, in->startIndex_ + in->noOfSamples_,
                       (unsigned long long)idx);
    size_t n = (size_t)in->noOfSamples_;
    unsigned col0 = k * s->per;
    if (s->staged[col0] + n > s->buf_len) /* another channel lags a whole buffer behind */
        return ps_fail(err, PS_ERR_DRIVER, "channel %c ran %zu samples ahead of the others",
                       'A' + b->channel[k], s->staged[col0] + n);
    for (unsigned col = col0; !direct && col < col0 + s->per; col++) {
        memcpy(s->stage[col] + s->staged[col], s->bufs[col][idx % N_BUFS] + in->startIndex_,
               n * sizeof(int16_t));
        s->staged[col] += n;
    }
    if (k == 0)
        s->received0 += n;
    /* the driver writes buffer idx now: every one before it is ours again */
    while (s->queued_until[k] < idx + N_BUFS) {
        uint64_t next = s->queued_until[k];
        pico_status ps = data_buffer(b, s, b->channel[k], s->bufs[col0][next % N_BUFS],
                                     s->per > 1 ? s->bufs[col0 + 1][next % N_BUFS] : NULL,
                                     s->buf_len, PICO_ADD);
        if (ps)
            return driver_fail(b, err, "re-adding a buffer", s->per > 1 ? 12 : 5, ps);
        s->queued_until[k]++;
    }
    return PS_OK;
}

/* Hands stream s's new samples (index si) on, aligned across channels; *delivered when a
 * block went out. */
static ps_status deliver(struct info_backend *b, struct info_stream *s, unsigned si, bool got,
                         const pico_streaming_data_trigger_info *trig, uint64_t before0,
                         ps_device_data_fn fn, void *arg, bool *delivered, ps_error *err)
{
    uint16_t overflow = 0;
    /* the usual case, every channel level and nothing staged: no copy, the block is the
     * driver's buffers (the driver never writes a region again once it reported it) */
    bool direct = got;
    unsigned n_col = b->n_en * s->per;
    for (unsigned k = 0; k < b->n_en; k++)
        direct &= s->staged[k * s->per] == 0 && s->info[k].noOfSamples_ == s->info[0].noOfSamples_;
    const int16_t *chan[2 * PS_MAX_CHANNELS];
    if (got)
        for (unsigned k = 0; k < b->n_en; k++) {
            ps_status st = take(b, s, k, direct, err);
            if (st != PS_OK)
                return st;
            if (s->info[k].overflow_) /* over range, not loss */
                overflow |= (uint16_t)(1u << b->channel[k]);
            for (unsigned j = 0; j < s->per; j++)
                chan[k * s->per + j] = s->bufs[k * s->per + j][s->info[k].bufferIndex_ % N_BUFS] +
                                       s->info[k].startIndex_;
        }
    if (trig->triggered_ && !s->trigger_pending) {
        s->trigger_pending = true;
        s->trigger_frame = before0 + trig->triggerAt_; /* triggerAt_: from this call's start */
    }
    s->auto_stop |= trig->autoStop_ != 0;
    size_t n = direct ? (size_t)s->info[0].noOfSamples_ : s->buf_len;
    for (unsigned col = 0; col < n_col && !direct; col++)
        if (s->staged[col] < n)
            n = s->staged[col];
    bool last = s->auto_stop && (direct || n == s->staged[0]);
    if (n > 0 || last) {
        ps_device_block blk = {.chan = direct ? chan : s->stage_ptr, .start = 0, .n = n,
                               .overflow = overflow, .auto_stop = last, .stream = si};
        if (s->trigger_pending && s->trigger_frame >= s->handed &&
            s->trigger_frame < s->handed + n) {
            blk.triggered = true;
            blk.trigger_at = (size_t)(s->trigger_frame - s->handed);
            s->trigger_pending = false;
        }
        fn(arg, &blk);
        s->handed += n;
        for (unsigned col = 0; col < n_col && !direct; col++) { /* keep what a lagging
                                                                   channel has not matched */
            memmove(s->stage[col], s->stage[col] + n, (s->staged[col] - n) * sizeof(int16_t));
            s->staged[col] -= n;
        }
        *delivered = true;
    }
    return PS_OK;
}

static ps_status info_poll(ps_device *dev, ps_device_data_fn fn, void *arg, ps_poll_result *result,
                           ps_error *err)
{
    struct info_backend *b = dev->backend;
    *result = PS_POLL_IDLE;
    unsigned n_info = b->n_en * b->n_streams;
    for (unsigned k = 0; k < n_info; k++) {
        b->info[k].noOfSamples_ = 0;
        b->info[k].overflow_ = 0;
    }
    pico_streaming_data_trigger_info trig = {0};
    uint64_t before0 = b->s[0].received0;
    pico_status ps = b->f.get_latest(b->handle, b->info, n_info, &trig);
    bool stall = ps == PICO_DEVICE_MEMORY_OVERFLOW || ps == PICO_BUFFER_STALL;
    if (ps != PICO_OK && !stall && ps != PICO_WAITING_FOR_DATA_BUFFERS && ps != PICO_BUSY &&
        ps != PICO_NO_SAMPLES_AVAILABLE) {
        if (ps == PICO_NOT_RESPONDING)
            return ps_fail(err, PS_ERR_DRIVER, "the %s stopped responding (unplugged?): "
                           "%sGetStreamingLatestValues returned PICO_NOT_RESPONDING (7)",
                           dev->info.model, b->fam->name);
        return driver_fail(b, err, "streaming", 10, ps);
    }
    bool got = ps == PICO_OK || stall, delivered = false;
    /* the trigger is reported once, for the configured stream */
    pico_streaming_data_trigger_info raw_trig = {.autoStop_ = trig.autoStop_};
    for (unsigned si = 0; si < b->n_streams; si++) {
        ps_status st = deliver(b, &b->s[si], si, got, si == 0 ? &trig : &raw_trig, before0, fn,
                               arg, &delivered, err);
        if (st != PS_OK)
            return st;
    }
    if (delivered)
        *result = PS_POLL_DATA;
    if (stall)
        *result = PS_POLL_STALL;
    return PS_OK;
}

static ps_status info_stop(ps_device *dev, ps_error *err)
{
    struct info_backend *b = dev->backend;
    if (!b->streaming)
        return PS_OK;
    b->streaming = false;
    pico_status ps = b->f.stop(b->handle);
    if (ps && ps != PICO_NOT_RESPONDING)
        return driver_fail(b, err, "stopping", 11, ps);
    data_buffer(b, &b->s[0], 0, NULL, NULL, 0, PICO_CLEAR_ALL); /* the driver lets go of ours */
    return PS_OK;
}

static void info_close(ps_device *dev)
{
    struct info_backend *b = dev->backend;
    if (!b)
        return;
    if (b->streaming) {
        b->f.stop(b->handle);
        data_buffer(b, &b->s[0], 0, NULL, NULL, 0, PICO_CLEAR_ALL);
    }
    b->f.close_unit(b->handle);
    free_buffers(b);
    free(b);
    dev->backend = NULL;
}

const struct ps_backend_ops info_backend_ops = {
    .open = info_open,
    .start = info_start,
    .poll = info_poll,
    .stop = info_stop,
    .close = info_close,
};
