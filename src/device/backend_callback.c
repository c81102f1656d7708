/* The callback streaming style (ps2000a, ps3000a, ps4000a, ps5000a): RunStreaming, then
 * GetStreamingLatestValues calling back with each block. One backend for the four families;
 * what differs is in their family row (symbol prefix, OpenUnit's arguments, the power
 * handshake, the resolution call) and in the variant table (pico_models.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "device_int.h"
#include "pico_abi.h"
#include "pico_models.h"
#include "picoconnect.h"

typedef pico_status (*open_unit_fn)(int16_t *, int8_t *);
typedef pico_status (*open_unit_res_fn)(int16_t *, int8_t *, int32_t);
typedef pico_status (*handle_fn)(int16_t);
typedef pico_status (*unit_info_fn)(int16_t, int8_t *, int16_t, int16_t *, pico_info);
typedef pico_status (*power_fn)(int16_t, pico_status);
typedef pico_status (*set_channel_fn)(int16_t, int32_t, int16_t, int32_t, int32_t, float);
typedef pico_status (*set_resolution_fn)(int16_t, int32_t);
typedef pico_status (*value_fn)(int16_t, int16_t *);
typedef pico_status (*simple_trigger_fn)(int16_t, int16_t, int32_t, int16_t, int32_t, uint32_t,
                                         int16_t);
typedef pico_status (*set_buffers_fn)(int16_t, int32_t, int16_t *, int16_t *, int32_t, uint32_t,
                                      int32_t);
typedef pico_status (*run_streaming_fn)(int16_t, uint32_t *, int32_t, uint32_t, uint32_t, int16_t,
                                        uint32_t, int32_t, uint32_t);
typedef pico_status (*latest_fn)(int16_t, ps5000a_streaming_ready, void *);

/* Every vendor function this backend calls, after the family's prefix; the last two only
 * where the family row says the library has them. */
static const char *const symbol_suffixes[] = {
    "OpenUnit",      "CloseUnit",     "GetUnitInfo",      "SetChannel",
    "MaximumValue",  "SetSimpleTrigger", "SetDataBuffers", "RunStreaming",
    "GetStreamingLatestValues", "Stop", "ChangePowerSource", "SetDeviceResolution",
};
#define N_REQUIRED 10

struct cb_fns {
    void *open_unit; /* open_unit_fn, or open_unit_res_fn when the family's takes a resolution */
    handle_fn close_unit;
    unit_info_fn get_unit_info;
    set_channel_fn set_channel;
    value_fn maximum_value;
    simple_trigger_fn set_simple_trigger;
    set_buffers_fn set_data_buffers;
    run_streaming_fn run_streaming;
    latest_fn get_latest;
    handle_fn stop;
    power_fn change_power_source;      /* NULL: no power handshake (ps2000a) */
    set_resolution_fn set_resolution;  /* NULL: fixed resolution (ps2000a, ps3000a) */
};

struct cb_backend {
    struct cb_fns f;
    char prefix[16];
    const struct pico_model *model; /* NULL for a variant the table does not know */
    bool usb2;                      /* on a USB 2.0 port: the lower streaming limit */
    int16_t handle;
    bool streaming;
    int16_t *buf[2 * PS_MAX_CHANNELS]; /* driver buffers, one per column */
    const int16_t *col[2 * PS_MAX_CHANNELS];
    unsigned n_col;
    size_t buf_len;
    bool picoconnect;      /* inputs through PicoConnect probes the driver reports (4444) */
    uint32_t channel_mask; /* bit c: channel c streams */
    ps_device_data_fn fn;  /* set for the duration of one poll */
    void *arg;
    bool got_block;
};

/* "ps2000aOpenUnit: …" for the family's own function names in messages. */
static ps_status cb_fail(struct cb_backend *b, ps_error *err, const char *what, const char *fn,
                         pico_status ps)
{
    char name[64];
    snprintf(name, sizeof name, "%s%s", b->prefix, fn);
    return device_driver_fail(err, what, name, ps);
}

static ps_status resolve(ps_device *dev, struct cb_backend *b, ps_error *err)
{
    const struct device_family *fam = dev->family;
    size_t n = N_REQUIRED + (fam->power_handshake ? 1 : 0);
    char names[12][64];
    const char *ptrs[12];
    for (size_t i = 0; i < 12; i++) {
        snprintf(names[i], sizeof names[i], "%s%s", fam->name, symbol_suffixes[i]);
        ptrs[i] = names[i];
    }
    ps_status st = device_resolve(dev->lib, dev->info.driver_path, ptrs, (void **)&b->f, n, err);
    if (st == PS_OK && fam->set_resolution)
        st = device_resolve(dev->lib, dev->info.driver_path, ptrs + 11,
                            (void **)&b->f.set_resolution, 1, err);
    return st;
}

/* The channel count when the variant table does not know the unit: the variant's second
 * character, as Pico's own examples read it ("2206B": 2, "5444D": 4). */
static unsigned channels_from_variant(const char *v)
{
    return v[0] && v[1] >= '1' && v[1] <= '8' ? (unsigned)(v[1] - '0') : 4;
}

static ps_status cb_open(ps_device *dev, ps_error *err)
{
    struct cb_backend *b = calloc(1, sizeof *b);
    if (!b)
        return ps_fail(err, PS_ERR_NOMEM, "device: out of memory");
    snprintf(b->prefix, sizeof b->prefix, "%s", dev->family->name);
    ps_status st = resolve(dev, b, err);
    if (st != PS_OK) {
        free(b);
        return st;
    }
    pico_status ps = dev->family->open_with_resolution
                         ? ((open_unit_res_fn)b->f.open_unit)(&b->handle, NULL, PS5000A_DR_8BIT)
                         : ((open_unit_fn)b->f.open_unit)(&b->handle, NULL);
    if ((ps == PICO_POWER_SUPPLY_NOT_CONNECTED || ps == PICO_USB3_0_DEVICE_NON_USB3_0_PORT) &&
        b->f.change_power_source) {
        /* the unit asks us to accept running on USB power, as the vendor's examples do */
        pico_status ack = b->f.change_power_source(b->handle, ps);
        if (ack != PICO_OK) {
            b->f.close_unit(b->handle);
            free(b);
            return device_driver_fail(err, "accepting USB power", "ChangePowerSource", ack);
        }
        b->usb2 = ps == PICO_USB3_0_DEVICE_NON_USB3_0_PORT;
    } else if (ps != PICO_OK) {
        if (b->handle > 0)
            b->f.close_unit(b->handle);
        if (ps == PICO_OPERATION_FAILED && (st = device_sim_refusal(b->f.get_unit_info, err))) {
            free(b);
            return st;
        }
        free(b);
        if (ps == PICO_NOT_FOUND)
            return ps_fail(err, PS_ERR_DRIVER,
                           "no PicoScope %s found by %s (%sOpenUnit returned PICO_NOT_FOUND)",
                           dev->family->product, dev->info.driver_path, dev->family->name);
        char fn[64];
        snprintf(fn, sizeof fn, "%sOpenUnit", dev->family->name);
        return device_driver_fail(err, "opening the unit", fn, ps);
    }
    dev->backend = b;
    dev->handle = b->handle;
    device_read_info(dev, b->f.get_unit_info, b->handle);
    b->model = pico_model_find(dev->family->name, dev->info.model);
    unsigned n = b->model ? b->model->channels : channels_from_variant(dev->info.model);
    if (ps != PICO_OK) { /* the USB-power prompt was acknowledged */
        bool two = n > 2 && (!b->model || b->model->usb_power_two_channels);
        snprintf(dev->info.notice, sizeof dev->info.notice,
                 "%s: the unit runs on USB power%s%s (%s)",
                 b->usb2 ? "USB 3 device on a USB 2 port" : "no power supply connected",
                 two ? " with at most 2 channels" : "",
                 b->usb2 ? ", streaming at USB 2.0 speed" : "", pico_status_name(ps));
        n = two ? 2 : n;
    }
    dev->info.n_channels = n;
    b->picoconnect = b->model && b->model->picoconnect;
    if (b->picoconnect && (st = picoconnect_watch(dev, b->handle, err)) != PS_OK) {
        b->f.close_unit(b->handle);
        picoconnect_forget(b->handle);
        free(b);
        dev->backend = NULL;
        return st;
    }
    return PS_OK;
}

/* Through a PicoConnect input: a probe must be there, and offer the range. */
static ps_status check_probe(const ps_device *dev, const struct cb_backend *b, unsigned c,
                             const ps_channel_config *ch, int range, ps_error *err)
{
    struct picoconnect_probe p;
    if (!b->picoconnect || !picoconnect_get(b->handle, c, &p))
        return PS_OK; /* not reported: the driver has the last word */
    if (!p.connected) {
        char list[160] = "";
        size_t at = 0;
        for (unsigned k = 0; k < dev->info.n_channels && at < sizeof list; k++) {
            struct picoconnect_probe q;
            at += (size_t)snprintf(list + at, sizeof list - at, "%s%c %s", k ? ", " : "",
                                   'A' + k, !picoconnect_get(b->handle, k, &q) ? "unreported"
                                            : pico_probe_name(q.connected ? q.probe : 0));
        }
        return ps_fail(err, PS_ERR_ARG, "channel %c: no probe connected to the %s's input "
                       "(the driver reports %s)", 'A' + c, dev->info.model, list);
    }
    if (p.range_first < 0 || p.range_last >= PICO_RANGES || p.range_first > p.range_last)
        return PS_OK; /* ranges of a kind this table does not know (a current clamp's) */
    if (range < p.range_first || range > p.range_last) {
        char lo[16], hi[16];
        double a = pico_range_volts[p.range_first], z = pico_range_volts[p.range_last];
        snprintf(lo, sizeof lo, a < 1 ? "%gmV" : "%gV", a < 1 ? a * 1000 : a);
        snprintf(hi, sizeof hi, z < 1 ? "%gmV" : "%gV", z < 1 ? z * 1000 : z);
        bool mv = ch->range_v < 1;
        return ps_fail(err, PS_ERR_ARG, "channel %c: range %g%s not offered by the %s probe on "
                       "the %s (%s…%s)", 'A' + c, mv ? ch->range_v * 1000 : ch->range_v,
                       mv ? "mV" : "V", pico_probe_name(p.probe), dev->info.model, lo, hi);
    }
    return PS_OK;
}

static void free_buffers(struct cb_backend *b)
{
    for (unsigned k = 0; k < 2 * PS_MAX_CHANNELS; k++) {
        free(b->buf[k]);
        b->buf[k] = NULL;
        b->col[k] = NULL;
    }
    b->n_col = 0;
}

/* The resolution to run at: the one asked for, else the finest the unit offers for this many
 * channels at this rate; -1 after filling err. */
static int pick_resolution(const ps_device *dev, const struct cb_backend *b,
                           const ps_device_config *cfg, unsigned n_en, ps_error *err)
{
    /* a variant the table does not know is taken for the family's first */
    const struct pico_model *m = b->model ? b->model : pico_model_default(dev->family->name);
    unsigned bits = cfg->resolution_bits;
    if (bits == 0) {
        for (int r = PICO_RESOLUTIONS - 1; r >= 0; r--)
            if ((m->resolutions >> r & 1) && n_en <= pico_model_max_channels(m, r) &&
                cfg->rate_hz * n_en <= pico_model_stream_sps(m, r, b->usb2) * 1.000001)
                return r;
        for (int r = 0; r < PICO_RESOLUTIONS; r++) /* the rate is refused below, by the driver */
            if (m->resolutions >> r & 1)
                return r;
    }
    int r = pico_resolution_enum(bits);
    if (r < 0 || !(m->resolutions >> r & 1)) {
        char list[64] = "";
        size_t at = 0;
        for (int i = 0; i < PICO_RESOLUTIONS; i++)
            if (m->resolutions >> i & 1)
                at += (size_t)snprintf(list + at, sizeof list - at, "%s%u", at ? ", " : "",
                                       pico_resolution_bits[i]);
        ps_fail(err, PS_ERR_ARG, "resolution %u-bit not available on the %s (%s-bit)", bits,
                m->variant, list);
        return -1;
    }
    if (n_en > pico_model_max_channels(m, r)) {
        unsigned mx = pico_model_max_channels(m, r);
        ps_fail(err, PS_ERR_ARG, "%u-bit resolution allows at most %u channel%s on the %s, %u "
                "enabled", bits, mx, mx > 1 ? "s" : "", m->variant, n_en);
        return -1;
    }
    return r;
}

/* Channels on, with the family's range limits in the refusal. */
static ps_status set_channels(ps_device *dev, struct cb_backend *b, const ps_device_config *cfg,
                              const ps_stream_params *p, unsigned n_en, ps_error *err)
{
    pico_status ps;
    for (unsigned c = 0; c < dev->info.n_channels; c++)
        if ((ps = b->f.set_channel(b->handle, (int32_t)c, 0, PS5000A_DC, PS5000A_5V, 0.0f)))
            return cb_fail(b, err, "disabling channels", "SetChannel", ps);
    for (unsigned k = 0; k < n_en; k++) {
        unsigned c = p->channel_index[k];
        const ps_channel_config *ch = &cfg->channel[c];
        int range = pico_range_index(ch->range_v);
        const struct pico_model *m = b->model;
        if (range < 0 || (m && (range < m->first_range || range > m->last_range))) {
            char ranges[32];
            bool mv = ch->range_v < 1;
            return ps_fail(err, PS_ERR_ARG, "channel %c: range %g%s not available on the %s (%s)",
                           'A' + c, mv ? ch->range_v * 1000 : ch->range_v, mv ? "mV" : "V",
                           dev->info.model,
                           m ? pico_model_ranges(m, ranges, sizeof ranges) : "10mV…200V");
        }
        ps_status st = check_probe(dev, b, c, ch, range, err);
        if (st != PS_OK)
            return st;
        ps = b->f.set_channel(b->handle, (int32_t)c, 1,
                              ch->coupling == PS_COUPLING_AC ? PS5000A_AC : PS5000A_DC, range,
                              (float)ch->analog_offset_v);
        if (ps) {
            char what[32];
            snprintf(what, sizeof what, "channel %c", 'A' + c);
            return cb_fail(b, err, what, "SetChannel", ps);
        }
    }
    return PS_OK;
}

static ps_status set_trigger(struct cb_backend *b, const ps_device_config *cfg, int16_t adc_max,
                             ps_error *err)
{
    const ps_trigger_config *t = &cfg->trigger;
    pico_status ps;
    if (!t->enabled) {
        if ((ps = b->f.set_simple_trigger(b->handle, 0, 0, 0, PS5000A_RISING, 0, 0)))
            return cb_fail(b, err, "clearing the trigger", "SetSimpleTrigger", ps);
        return PS_OK;
    }
    int16_t counts;
    ps_status st = device_trigger_counts(cfg, adc_max, &counts, err);
    if (st != PS_OK)
        return st;
    ps = b->f.set_simple_trigger(b->handle, 1, (int32_t)t->channel, counts,
                                 device_trigger_direction(t->direction), t->delay_samples,
                                 (int16_t)(t->auto_ms > 32767 ? 32767 : t->auto_ms));
    return ps ? cb_fail(b, err, "trigger", "SetSimpleTrigger", ps) : PS_OK;
}

/* One driver buffer per column (two per channel when aggregating), registered. */
static ps_status set_buffers(struct cb_backend *b, const ps_device_config *cfg,
                             const ps_stream_params *p, size_t len, ps_error *err)
{
    unsigned per = p->n_columns / p->n_enabled;
    free_buffers(b);
    for (unsigned k = 0; k < p->n_columns; k++)
        if (!(b->buf[k] = malloc(len * sizeof(int16_t)))) {
            free_buffers(b);
            return ps_fail(err, PS_ERR_NOMEM, "driver buffers: cannot allocate %zu samples", len);
        }
    for (unsigned k = 0; k < p->n_enabled; k++) {
        pico_status ps = b->f.set_data_buffers(b->handle, (int32_t)p->channel_index[k],
                                               b->buf[k * per], per > 1 ? b->buf[k * per + 1] : NULL,
                                               (int32_t)len, 0, (int32_t)device_ratio_mode(cfg->downsample));
        if (ps) {
            free_buffers(b);
            return cb_fail(b, err, "registering buffers", "SetDataBuffers", ps);
        }
    }
    for (unsigned k = 0; k < p->n_columns; k++)
        b->col[k] = b->buf[k];
    b->n_col = p->n_columns;
    b->buf_len = len;
    return PS_OK;
}

/* What RunStreaming's refusal of a rate means, with the unit's streaming limit. */
static ps_status rate_refused(const ps_device *dev, const struct cb_backend *b,
                              const ps_device_config *cfg, unsigned n_en, unsigned bits, int res,
                              pico_status ps, ps_error *err)
{
    char limit[128] = "";
    if (b->model)
        snprintf(limit, sizeof limit, "; it streams at most %.6g MS/s over all channels%s",
                 pico_model_stream_sps(b->model, res, b->usb2) / 1e6,
                 b->usb2 ? " on a USB 2.0 port" : "");
    return ps_fail(err, PS_ERR_ARG,
                   "rate %.9g S/s on %u channel%s at %u-bit is more than the %s can stream "
                   "(%sRunStreaming returned %s%s)",
                   cfg->rate_hz, n_en, n_en > 1 ? "s" : "", bits, dev->info.model, b->prefix,
                   pico_status_name(ps), limit);
}

static ps_status cb_start(ps_device *dev, const ps_device_config *cfg, ps_stream_params *p,
                          ps_error *err)
{
    struct cb_backend *b = dev->backend;
    memset(p, 0, sizeof *p);
    if (b->streaming)
        return ps_fail(err, PS_ERR_ARG, "device is already streaming");
    unsigned n_en = device_check_channels(dev, cfg, p, err);
    if (n_en == 0)
        return err ? err->code : PS_ERR_ARG;
    if (!(cfg->rate_hz > 0) || cfg->rate_hz > 1e10)
        return ps_fail(err, PS_ERR_ARG, "rate %g S/s is not a sample rate (up to 10 GS/s)",
                       cfg->rate_hz);
    uint32_t ratio = cfg->downsample == PS_DOWNSAMPLE_NONE ? 1 : cfg->downsample_ratio;
    if (cfg->downsample != PS_DOWNSAMPLE_NONE && ratio < 2)
        return ps_fail(err, PS_ERR_ARG, "`downsample`: the ratio must be at least 2, got %u",
                       ratio);
    int res = pick_resolution(dev, b, cfg, n_en, err);
    if (res < 0)
        return err ? err->code : PS_ERR_ARG;
    unsigned bits = pico_resolution_bits[res];
    pico_status ps;
    if (b->f.set_resolution && (ps = b->f.set_resolution(b->handle, res)))
        return cb_fail(b, err, "setting the resolution", "SetDeviceResolution", ps);
    ps_status st = set_channels(dev, b, cfg, p, n_en, err);
    if (st != PS_OK)
        return st;
    int16_t adc_max = 0;
    if ((ps = b->f.maximum_value(b->handle, &adc_max)) || adc_max <= 0)
        return cb_fail(b, err, "reading the ADC scale", "MaximumValue", ps);
    if ((st = set_trigger(b, cfg, adc_max, err)) != PS_OK)
        return st;

    p->n_enabled = n_en;
    p->n_columns = n_en * (cfg->downsample == PS_DOWNSAMPLE_AGGREGATE ? 2 : 1);
    p->downsample = cfg->downsample;
    p->downsample_ratio = ratio;
    /* about 100 ms of values per poll, so a slow poll costs time, not data */
    size_t len = cfg->driver_buffer_samples;
    if (len == 0) {
        double want = cfg->rate_hz / ratio * 0.1;
        len = want < 65536 ? 65536 : (want > 16777216 ? 16777216 : (size_t)want);
    }
    if ((st = set_buffers(b, cfg, p, len, err)) != PS_OK)
        return st;

    /* ask in the finest unit whose count fits 32 bits, so the rounding is the driver's */
    double interval_ps = 1e12 / cfg->rate_hz;
    int units = PS5000A_PS;
    double scale = 1.0;
    while (interval_ps / scale >= 4294967295.0 && units < PS5000A_S) {
        units++;
        scale *= 1000.0;
    }
    uint32_t interval = (uint32_t)fmax(1.0, floor(interval_ps / scale + 0.5));
    uint32_t requested = interval;
    const ps_trigger_config *t = &cfg->trigger;
    bool auto_stop = t->enabled && t->post_samples > 0;
    uint32_t pre = auto_stop ? (uint32_t)t->pre_samples : 0;
    uint32_t post = auto_stop ? (uint32_t)t->post_samples : (uint32_t)len;
    if (auto_stop && (t->pre_samples > UINT32_MAX || t->post_samples > UINT32_MAX)) {
        free_buffers(b);
        return ps_fail(err, PS_ERR_ARG, "trigger: `pre`/`post` above %u samples", UINT32_MAX);
    }
    p->run_before_unix = device_wall_now();
    ps = b->f.run_streaming(b->handle, &interval, units, pre, post, auto_stop, ratio,
                            (int32_t)device_ratio_mode(cfg->downsample), (uint32_t)len);
    p->run_after_unix = device_wall_now();
    if (ps) {
        free_buffers(b);
        if (ps == PICO_INVALID_SAMPLE_INTERVAL || ps == PICO_INVALID_TIMEBASE)
            return rate_refused(dev, b, cfg, n_en, bits, res, ps, err);
        return cb_fail(b, err, "starting streaming", "RunStreaming", ps);
    }
    b->streaming = true;
    b->channel_mask = 0;
    for (unsigned k = 0; k < n_en; k++)
        b->channel_mask |= 1u << p->channel_index[k];
    if (b->picoconnect) {
        picoconnect_mark(b->handle);
        picoconnect_names(dev, b->handle); /* the probes streaming starts with, for the meta */
    }
    double raw_interval_s = (double)interval * scale * 1e-12;
    p->interval_s = raw_interval_s * ratio;
    p->rate_hz = 1.0 / p->interval_s;
    p->resolution_bits = bits;
    p->adc_max = adc_max;
    p->driver_buffer_samples = len;
    if (interval != requested)
        snprintf(p->notice, sizeof p->notice,
                 "rate %.9g S/s rounded to %.9g S/s (interval %.9g "
                 "ns), the nearest the %s does at %u-bit",
                 cfg->rate_hz, 1.0 / raw_interval_s, raw_interval_s * 1e9, dev->info.model, bits);
    return PS_OK;
}

/* The driver's callback: hand the block on, nothing else (it runs inside the driver). */
static void on_ready(int16_t handle, int32_t n, uint32_t start, int16_t overflow,
                     uint32_t trigger_at, int16_t triggered, int16_t auto_stop, void *param)
{
    struct cb_backend *b = param;
    (void)handle;
    ps_device_block blk = {
        .chan = b->col,
        .start = start,
        .n = n > 0 ? (size_t)n : 0,
        .overflow = (uint16_t)overflow,
        .triggered = triggered != 0,
        .trigger_at = trigger_at,
        .auto_stop = auto_stop != 0,
    };
    b->got_block = true;
    b->fn(b->arg, &blk);
}

static ps_status cb_poll(ps_device *dev, ps_device_data_fn fn, void *arg, ps_poll_result *result,
                         ps_error *err)
{
    struct cb_backend *b = dev->backend;
    b->fn = fn;
    b->arg = arg;
    b->got_block = false;
    pico_status ps = b->f.get_latest(b->handle, on_ready, b);
    int gone = b->picoconnect ? picoconnect_lost(b->handle, b->channel_mask) : -1;
    if (gone >= 0) /* after this poll's block: what arrived is kept */
        return ps_fail(err, PS_ERR_DRIVER, "the probe on channel %c of the %s was disconnected "
                       "(the driver's PicoConnect report)", 'A' + gone, dev->info.model);
    switch (ps) {
    case PICO_OK: *result = b->got_block ? PS_POLL_DATA : PS_POLL_IDLE; return PS_OK;
    case PICO_BUSY:
    case PICO_NO_SAMPLES_AVAILABLE:
        *result = b->got_block ? PS_POLL_DATA : PS_POLL_IDLE;
        return PS_OK;
    case PICO_BUFFER_STALL: *result = PS_POLL_STALL; return PS_OK;
    default:
        *result = b->got_block ? PS_POLL_DATA : PS_POLL_IDLE;
        if (ps == PICO_NOT_RESPONDING)
            return ps_fail(err, PS_ERR_DRIVER,
                           "the %s stopped responding (unplugged?): "
                           "%sGetStreamingLatestValues returned PICO_NOT_RESPONDING (7)",
                           dev->info.model, b->prefix);
        return cb_fail(b, err, "streaming", "GetStreamingLatestValues", ps);
    }
}

static ps_status cb_stop(ps_device *dev, ps_error *err)
{
    struct cb_backend *b = dev->backend;
    if (!b->streaming)
        return PS_OK;
    b->streaming = false;
    pico_status ps = b->f.stop(b->handle);
    if (ps && ps != PICO_NOT_RESPONDING)
        return cb_fail(b, err, "stopping", "Stop", ps);
    return PS_OK;
}

static void cb_close(ps_device *dev)
{
    struct cb_backend *b = dev->backend;
    if (!b)
        return;
    if (b->streaming)
        b->f.stop(b->handle);
    b->f.close_unit(b->handle);
    if (b->picoconnect)
        picoconnect_forget(b->handle);
    free_buffers(b);
    free(b);
    dev->backend = NULL;
}

const struct ps_backend_ops callback_backend_ops = {
    .open = cb_open,
    .start = cb_start,
    .poll = cb_poll,
    .stop = cb_stop,
    .close = cb_close,
};
