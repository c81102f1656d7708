/* The ps5000a backend (PicoScope 5000A/B/D): the callback streaming style,
 * RunStreaming + GetStreamingLatestValues with a ps5000aStreamingReady callback. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "device_int.h"
#include "pico_abi.h"

typedef pico_status (*open_unit_fn)(int16_t *, int8_t *, int32_t);
typedef pico_status (*handle_fn)(int16_t);
typedef pico_status (*unit_info_fn)(int16_t, int8_t *, int16_t, int16_t *, pico_info);
typedef pico_status (*power_fn)(int16_t, pico_status);
typedef pico_status (*set_channel_fn)(int16_t, int32_t, int16_t, int32_t, int32_t, float);
typedef pico_status (*set_resolution_fn)(int16_t, int32_t);
typedef pico_status (*value_fn)(int16_t, int16_t *);
typedef pico_status (*simple_trigger_fn)(int16_t, int16_t, int32_t, int16_t, int32_t, uint32_t,
                                         int16_t);
typedef pico_status (*set_buffer_fn)(int16_t, int32_t, int16_t *, int32_t, uint32_t, int32_t);
typedef pico_status (*run_streaming_fn)(int16_t, uint32_t *, int32_t, uint32_t, uint32_t, int16_t,
                                        uint32_t, int32_t, uint32_t);
typedef pico_status (*latest_fn)(int16_t, ps5000a_streaming_ready, void *);

/* Every vendor function this backend calls, resolved at open. */
static const char *const symbol_names[] = {
    "ps5000aOpenUnit",
    "ps5000aCloseUnit",
    "ps5000aGetUnitInfo",
    "ps5000aChangePowerSource",
    "ps5000aSetChannel",
    "ps5000aSetDeviceResolution",
    "ps5000aMaximumValue",
    "ps5000aSetSimpleTrigger",
    "ps5000aSetDataBuffer",
    "ps5000aRunStreaming",
    "ps5000aGetStreamingLatestValues",
    "ps5000aStop",
};

struct ps5000a_fns {
    open_unit_fn open_unit;
    handle_fn close_unit;
    unit_info_fn get_unit_info;
    power_fn change_power_source;
    set_channel_fn set_channel;
    set_resolution_fn set_resolution;
    value_fn maximum_value;
    simple_trigger_fn set_simple_trigger;
    set_buffer_fn set_data_buffer;
    run_streaming_fn run_streaming;
    latest_fn get_latest;
    handle_fn stop;
};

struct cb_backend {
    struct ps5000a_fns f;
    int16_t handle;
    bool streaming;
    int16_t *buf[PS_MAX_CHANNELS]; /* driver buffers, one per enabled channel */
    const int16_t *en_buf[PS_MAX_CHANNELS];
    unsigned n_en;
    size_t buf_len;
    ps_device_data_fn fn; /* set for the duration of one poll */
    void *arg;
    bool got_block;
};


static ps_status cb_open(ps_device *dev, ps_error *err)
{
    struct cb_backend *b = calloc(1, sizeof *b);
    if (!b)
        return ps_fail(err, PS_ERR_NOMEM, "device: out of memory");
    ps_status st = device_resolve(dev->lib, dev->info.driver_path, symbol_names, (void **)&b->f,
                                  sizeof symbol_names / sizeof *symbol_names, err);
    if (st != PS_OK) {
        free(b);
        return st;
    }
    pico_status ps = b->f.open_unit(&b->handle, NULL, PS5000A_DR_8BIT);
    if (ps == PICO_POWER_SUPPLY_NOT_CONNECTED || ps == PICO_USB3_0_DEVICE_NON_USB3_0_PORT) {
        /* the unit asks us to accept running on USB power, as the vendor's examples do */
        pico_status ack = b->f.change_power_source(b->handle, ps);
        if (ack != PICO_OK) {
            b->f.close_unit(b->handle);
            free(b);
            return device_driver_fail(err, "accepting USB power", "ps5000aChangePowerSource", ack);
        }
        snprintf(dev->info.notice, sizeof dev->info.notice,
                 "%s: the unit runs on USB power "
                 "with at most 2 channels (%s)",
                 ps == PICO_POWER_SUPPLY_NOT_CONNECTED ? "no power supply connected"
                                                       : "USB 3 device on a USB 2 port",
                 pico_status_name(ps));
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
                           "no PicoScope 5000 found by %s (ps5000aOpenUnit "
                           "returned PICO_NOT_FOUND)",
                           dev->info.driver_path);
        return device_driver_fail(err, "opening the unit", "ps5000aOpenUnit", ps);
    }
    dev->backend = b;
    device_read_info(dev, b->f.get_unit_info, b->handle);
    /* the model's second digit is its channel count (5444D: 4), as Pico's own code reads it */
    unsigned n = dev->info.model[0] && dev->info.model[1] >= '1' && dev->info.model[1] <= '4'
                     ? (unsigned)(dev->info.model[1] - '0')
                     : 4;
    dev->info.n_channels = dev->info.notice[0] && n > 2 ? 2 : n;
    return PS_OK;
}

static int resolution_enum(unsigned bits)
{
    switch (bits) {
    case 8: return PS5000A_DR_8BIT;
    case 12: return PS5000A_DR_12BIT;
    case 14: return PS5000A_DR_14BIT;
    case 15: return PS5000A_DR_15BIT;
    case 16: return PS5000A_DR_16BIT;
    default: return -1;
    }
}

static void free_buffers(struct cb_backend *b)
{
    for (unsigned k = 0; k < PS_MAX_CHANNELS; k++) {
        free(b->buf[k]);
        b->buf[k] = NULL;
        b->en_buf[k] = NULL;
    }
    b->n_en = 0;
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
    unsigned bits = cfg->resolution_bits;
    if (bits == 0) /* the highest the channel count allows, 8-bit when the rate needs it */
        bits = cfg->rate_hz * n_en > 62.5e6 ? 8 : (n_en == 1 ? 16 : (n_en == 2 ? 15 : 14));
    int res = resolution_enum(bits);
    if (res < 0)
        return ps_fail(err, PS_ERR_ARG, "resolution %u-bit not available (8, 12, 14, 15, 16)",
                       bits);
    static const unsigned max_ch[] = {4, 4, 4, 2, 1};
    if (n_en > max_ch[res])
        return ps_fail(err, PS_ERR_ARG,
                       "%u-bit resolution allows at most %u channel%s, %u "
                       "enabled",
                       bits, max_ch[res], max_ch[res] > 1 ? "s" : "", n_en);

    pico_status ps;
    for (unsigned c = 0; c < dev->info.n_channels; c++)
        if ((ps = b->f.set_channel(b->handle, (int32_t)c, 0, PS5000A_DC, PS5000A_5V, 0.0f)))
            return device_driver_fail(err, "disabling channels", "ps5000aSetChannel", ps);
    if ((ps = b->f.set_resolution(b->handle, res)))
        return device_driver_fail(err, "setting the resolution", "ps5000aSetDeviceResolution", ps);
    for (unsigned k = 0; k < n_en; k++) {
        unsigned c = p->channel_index[k];
        const ps_channel_config *ch = &cfg->channel[c];
        ps = b->f.set_channel(b->handle, (int32_t)c, 1,
                              ch->coupling == PS_COUPLING_AC ? PS5000A_AC : PS5000A_DC,
                              ps_device_range_index(ch->range_v), (float)ch->analog_offset_v);
        if (ps) {
            char what[32];
            snprintf(what, sizeof what, "channel %c", 'A' + c);
            return device_driver_fail(err, what, "ps5000aSetChannel", ps);
        }
    }
    int16_t adc_max = 0;
    if ((ps = b->f.maximum_value(b->handle, &adc_max)) || adc_max <= 0)
        return device_driver_fail(err, "reading the ADC scale", "ps5000aMaximumValue", ps);

    const ps_trigger_config *t = &cfg->trigger;
    if (t->enabled) {
        int16_t counts;
        ps_status st = device_trigger_counts(cfg, adc_max, &counts, err);
        if (st != PS_OK)
            return st;
        ps = b->f.set_simple_trigger(b->handle, 1, (int32_t)t->channel, counts,
                                     device_trigger_direction(t->direction), t->delay_samples,
                                     (int16_t)(t->auto_ms > 32767 ? 32767 : t->auto_ms));
        if (ps)
            return device_driver_fail(err, "trigger", "ps5000aSetSimpleTrigger", ps);
    } else if ((ps = b->f.set_simple_trigger(b->handle, 0, 0, 0, PS5000A_RISING, 0, 0))) {
        return device_driver_fail(err, "clearing the trigger", "ps5000aSetSimpleTrigger", ps);
    }

    /* about 100 ms of samples per poll, so a slow poll costs time, not data */
    size_t len = cfg->driver_buffer_samples;
    if (len == 0) {
        double want = cfg->rate_hz * 0.1;
        len = want < 65536 ? 65536 : (want > 16777216 ? 16777216 : (size_t)want);
    }
    free_buffers(b);
    for (unsigned k = 0; k < n_en; k++) {
        b->buf[k] = malloc(len * sizeof(int16_t));
        if (!b->buf[k]) {
            free_buffers(b);
            return ps_fail(err, PS_ERR_NOMEM, "driver buffers: cannot allocate %zu samples", len);
        }
        b->en_buf[k] = b->buf[k];
        ps = b->f.set_data_buffer(b->handle, (int32_t)p->channel_index[k], b->buf[k], (int32_t)len,
                                  0, PS5000A_RATIO_MODE_NONE);
        if (ps) {
            free_buffers(b);
            return device_driver_fail(err, "registering buffers", "ps5000aSetDataBuffer", ps);
        }
    }
    b->n_en = n_en;
    b->buf_len = len;

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
    bool auto_stop = t->enabled && t->post_samples > 0;
    uint32_t pre = auto_stop ? (uint32_t)t->pre_samples : 0;
    uint32_t post = auto_stop ? (uint32_t)t->post_samples : (uint32_t)len;
    if (auto_stop && (t->pre_samples > UINT32_MAX || t->post_samples > UINT32_MAX)) {
        free_buffers(b);
        return ps_fail(err, PS_ERR_ARG, "trigger: --pre/--post above %u samples", UINT32_MAX);
    }
    ps = b->f.run_streaming(b->handle, &interval, units, pre, post, auto_stop, 1,
                            PS5000A_RATIO_MODE_NONE, (uint32_t)len);
    if (ps) {
        free_buffers(b);
        if (ps == PICO_INVALID_SAMPLE_INTERVAL || ps == PICO_INVALID_TIMEBASE)
            return ps_fail(err, PS_ERR_ARG,
                           "rate %.9g S/s on %u channel%s at %u-bit is more than "
                           "the %s can stream (ps5000aRunStreaming returned %s)",
                           cfg->rate_hz, n_en, n_en > 1 ? "s" : "", bits, dev->info.model,
                           pico_status_name(ps));
        return device_driver_fail(err, "starting streaming", "ps5000aRunStreaming", ps);
    }
    b->streaming = true;
    p->n_enabled = n_en;
    p->interval_s = (double)interval * scale * 1e-12;
    p->rate_hz = 1.0 / p->interval_s;
    p->resolution_bits = bits;
    p->adc_max = adc_max;
    p->driver_buffer_samples = len;
    if (interval != requested)
        snprintf(p->notice, sizeof p->notice,
                 "rate %.9g S/s rounded to %.9g S/s (interval %.9g "
                 "ns), the nearest the %s does at %u-bit",
                 cfg->rate_hz, p->rate_hz, p->interval_s * 1e9, dev->info.model, bits);
    return PS_OK;
}

/* The driver's callback: hand the block on, nothing else (it runs inside the driver). */
static void on_ready(int16_t handle, int32_t n, uint32_t start, int16_t overflow,
                     uint32_t trigger_at, int16_t triggered, int16_t auto_stop, void *param)
{
    struct cb_backend *b = param;
    (void)handle;
    ps_device_block blk = {
        .chan = b->en_buf,
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
                           "ps5000aGetStreamingLatestValues returned PICO_NOT_RESPONDING (7)",
                           dev->info.model);
        return device_driver_fail(err, "streaming", "ps5000aGetStreamingLatestValues", ps);
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
        return device_driver_fail(err, "stopping", "ps5000aStop", ps);
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
    free_buffers(b);
    free(b);
    dev->backend = NULL;
}

const struct ps_backend_ops ps5000a_backend_ops = {
    .open = cb_open,
    .start = cb_start,
    .poll = cb_poll,
    .stop = cb_stop,
    .close = cb_close,
};
