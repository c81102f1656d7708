/* The callback style's streaming (ps2000a, ps3000a, ps4000a, ps5000a): RunStreaming's checks
 * against the variant's facts, and GetStreamingLatestValues filling the app's buffers
 * circularly, raw or reduced by the driver-side downsampling RunStreaming asked for. */
#include <stdlib.h>
#include <string.h>

#include "sim_unit.h"

/* Picoseconds per unit of the TIME_UNITS enum (the same in every family), fs handled apart. */
static const uint64_t unit_ps[] = {0, 1, 1000, 1000000, 1000000000, 1000000000000ull};

/* Raw samples one poll reduces at most per channel: bounds the scratch buffer. */
#define DS_RAW_MAX SIM_DS_MAX_RATIO

static int ratio_mode_ok(int mode)
{
    return mode == PS5000A_RATIO_MODE_NONE || mode == PS5000A_RATIO_MODE_AGGREGATE ||
           mode == PS5000A_RATIO_MODE_DECIMATE || mode == PS5000A_RATIO_MODE_AVERAGE;
}

pico_status sim_run_streaming(struct sim_unit *u, uint32_t *interval, int units, uint32_t pre,
                              uint32_t post, int16_t auto_stop, uint32_t ratio, int ratio_mode,
                              uint32_t overview_len)
{
    if (u->streaming)
        return PICO_HARDWARE_CAPTURING_CALL_STOP;
    if (!interval)
        return PICO_NULL_PARAMETER;
    if (units < PS5000A_FS || units > PS5000A_S || *interval == 0)
        return PICO_INVALID_PARAMETER;
    if (!ratio_mode_ok(ratio_mode))
        return PICO_RATIO_MODE_NOT_SUPPORTED;
    if (ratio == 0 || ratio > SIM_DS_MAX_RATIO ||
        (ratio_mode == PS5000A_RATIO_MODE_NONE && ratio > 1))
        return PICO_INVALID_SAMPLERATIO;
    int n_en = sim_enabled_count(u);
    if (n_en == 0)
        return PICO_INVALID_CHANNEL;
    if (n_en > sim_max_channels_for_resolution(u, u->resolution))
        return PICO_INVALID_NUMBER_CHANNELS_FOR_RESOLUTION;
    uint32_t min_len = UINT32_MAX;
    for (int c = 0; c < SIM_MAX_CHANNELS; c++) {
        const struct sim_channel_state *ch = &u->ch[c];
        if (!ch->enabled)
            continue;
        if (!ch->buf || ch->buf_len <= 0 || ch->buf_mode != ratio_mode ||
            (ratio_mode == PS5000A_RATIO_MODE_AGGREGATE && !ch->buf_min))
            return PICO_INVALID_BUFFER;
        if ((uint32_t)ch->buf_len < min_len)
            min_len = (uint32_t)ch->buf_len;
    }
    if (overview_len == 0)
        return PICO_INVALID_PARAMETER;

    double req_ps = units == PS5000A_FS ? *interval / 1000.0 : (double)*interval * unit_ps[units];
    uint64_t grid = u->model->grid_ps[u->resolution];
    if (u->cfg.unlimited)
        grid = 1000;
    /* nearest achievable interval, a tie going to the faster one */
    uint64_t k = (uint64_t)(req_ps / (double)grid);
    if (req_ps - (double)(k * grid) > (double)((k + 1) * grid) - req_ps)
        k++;
    if (k == 0)
        k = 1;
    uint64_t actual_ps = k * grid;
    /* the raw rate over all channels the unit's link sustains (downsampling is the driver's) */
    double cap_sps = pico_model_stream_sps(u->model, u->resolution,
                                           u->cfg.power_status == PICO_USB3_0_DEVICE_NON_USB3_0_PORT);
    if (!u->cfg.unlimited && (double)n_en * 1e12 / (double)actual_ps > cap_sps * 1.000001)
        return PICO_INVALID_SAMPLE_INTERVAL;
    if (auto_stop && (uint64_t)pre + post > u->memory_samples / (uint64_t)n_en)
        return PICO_TOO_MANY_SAMPLES;
    if (auto_stop && (uint64_t)pre + post == 0)
        return PICO_TOO_FEW_REQUESTED_STREAMING_SAMPLES;
    if (ratio > 1 && !u->ds_raw) {
        u->ds_raw = malloc(DS_RAW_MAX * sizeof *u->ds_raw);
        if (!u->ds_raw)
            return PICO_MEMORY_FAIL;
    }

    double back = units == PS5000A_FS ? actual_ps * 1000.0 : (double)actual_ps / unit_ps[units];
    *interval = back < 1 ? 1 : (uint32_t)(back + 0.5);

    u->ds_ratio = ratio;
    u->ds_mode = ratio_mode;
    u->overview_len = overview_len < min_len ? overview_len : min_len;
    u->app_pos = 0;
    sim_engine_start(u, actual_ps, auto_stop != 0, pre, post, u->resolution);
    return PICO_OK;
}

/* Raw samples n of every enabled channel reduced into the app's buffers at u->app_pos. */
static int16_t fill_downsampled(struct sim_unit *u, uint64_t n_raw, int trigger_pending)
{
    int16_t overflow = 0;
    uint32_t r = u->ds_ratio;
    for (int c = 0; c < SIM_MAX_CHANNELS; c++) {
        struct sim_channel_state *ch = &u->ch[c];
        if (!ch->enabled)
            continue;
        if (sim_engine_fill(u, c, n_raw, u->ds_raw))
            overflow |= (int16_t)(1 << c);
        if (trigger_pending && c == u->trig.channel)
            sim_engine_find_trigger(u, n_raw, u->ds_raw);
        sim_reduce(u->ds_mode, r, u->ds_raw, (size_t)(n_raw / r), ch->buf + u->app_pos,
                   ch->buf_min ? ch->buf_min + u->app_pos : NULL, 1);
    }
    return overflow;
}

pico_status sim_poll(struct sim_unit *u, int16_t handle, ps5000a_streaming_ready cb, void *param)
{
    if (!cb)
        return PICO_NULL_PARAMETER;
    uint64_t avail;
    int finished;
    pico_status st = sim_engine_ready(u, &avail, &finished);
    if (st != PICO_OK)
        return st;
    uint32_t r = u->ds_ratio > 1 ? u->ds_ratio : 1;
    /* autoStop's last samples short of a whole block are dropped, as a partial block has no
     * value */
    if (finished || (u->auto_stop && u->limit - u->read_index < r && avail == u->limit - u->read_index)) {
        if (avail && !finished)
            sim_engine_consume(u, avail);
        sim_in_callback = 1;
        cb(handle, 0, u->app_pos, 0, 0, 0, 1, param);
        sim_in_callback = 0;
        return PICO_OK;
    }
    uint64_t n_out = avail / r;
    if (n_out == 0 && u->stalled && u->read_index + avail == u->fifo_end)
        return sim_engine_consume(u, avail); /* a stall's partial block has no value: the gap */
    if (n_out == 0)
        return PICO_BUSY;
    uint32_t buf_len = UINT32_MAX;
    for (int c = 0; c < SIM_MAX_CHANNELS; c++)
        if (u->ch[c].enabled && (uint32_t)u->ch[c].buf_len < buf_len)
            buf_len = (uint32_t)u->ch[c].buf_len;
    if (u->app_pos >= buf_len)
        u->app_pos = 0;
    uint64_t room = buf_len - u->app_pos;
    if (room > u->overview_len)
        room = u->overview_len;
    if (r > 1 && room > DS_RAW_MAX / r)
        room = DS_RAW_MAX / r > 0 ? DS_RAW_MAX / r : 1;
    if (n_out > room)
        n_out = room;
    uint64_t n = n_out * r;

    int16_t overflow = 0;
    int trigger_pending = u->trig.enabled && !u->triggered;
    if (r > 1) {
        overflow = fill_downsampled(u, n, trigger_pending);
    } else {
        for (int c = 0; c < SIM_MAX_CHANNELS; c++)
            if (u->ch[c].enabled && sim_engine_fill(u, c, n, u->ch[c].buf + u->app_pos))
                overflow |= (int16_t)(1 << c);
        if (trigger_pending)
            sim_engine_find_trigger(u, n, u->ch[u->trig.channel].buf + u->app_pos);
    }
    int16_t triggered, auto_stop;
    uint64_t trigger_at;
    n = sim_engine_clip(u, n, &triggered, &trigger_at, &auto_stop);
    n_out = n / r; /* autoStop inside the block: its partial tail is dropped */
    uint32_t start = u->app_pos;
    u->app_pos = (uint32_t)((u->app_pos + n_out) % buf_len);

    sim_in_callback = 1;
    cb(handle, (int32_t)n_out, start, overflow, (uint32_t)(trigger_at / r), triggered, auto_stop,
       param);
    sim_in_callback = 0;
    return sim_engine_consume(u, n);
}
