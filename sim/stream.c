/* Streaming on the simulated unit: samples owed by the monotonic clock, a finite driver-side
 * FIFO that stalls acquisition when the host polls too slowly (PICO_BUFFER_STALL), the app's
 * buffers filled circularly, simple trigger and autoStop. */
#include <string.h>
#include <time.h>

#include "sim_unit.h"

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Picoseconds per unit of PS5000A_TIME_UNITS, femtoseconds handled apart. */
static const uint64_t unit_ps[] = {0, 1, 1000, 1000000, 1000000000, 1000000000000ull};

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
    if (ratio_mode != PS5000A_RATIO_MODE_NONE)
        return PICO_RATIO_MODE_NOT_SUPPORTED;
    if (ratio > 1)
        return PICO_INVALID_SAMPLERATIO;
    int n_en = sim_enabled_count(u);
    if (n_en == 0)
        return PICO_INVALID_CHANNEL;
    if (n_en > sim_max_channels_for_resolution(u->resolution))
        return PICO_INVALID_NUMBER_CHANNELS_FOR_RESOLUTION;
    uint32_t min_len = UINT32_MAX;
    for (int c = 0; c < SIM_MAX_CHANNELS; c++) {
        if (!u->ch[c].enabled)
            continue;
        if (!u->ch[c].buf || u->ch[c].buf_len <= 0)
            return PICO_INVALID_BUFFER;
        if ((uint32_t)u->ch[c].buf_len < min_len)
            min_len = (uint32_t)u->ch[c].buf_len;
    }
    if (overview_len == 0)
        return PICO_INVALID_PARAMETER;

    double req_ps = units == PS5000A_FS ? *interval / 1000.0 : (double)*interval * unit_ps[units];
    uint64_t grid =
        u->resolution == PS5000A_DR_12BIT || u->resolution == PS5000A_DR_16BIT ? 16000 : 8000;
    if (u->cfg.unlimited)
        grid = 1000;
    /* nearest achievable interval, a tie going to the faster one */
    uint64_t k = (uint64_t)(req_ps / (double)grid);
    if (req_ps - (double)(k * grid) > (double)((k + 1) * grid) - req_ps)
        k++;
    if (k == 0)
        k = 1;
    uint64_t actual_ps = k * grid;
    /* streaming cap of a 5000D on USB 3 (aggregate): 125 MS/s at 8 bits, 62.5 MS/s above */
    double cap_sps = u->resolution == PS5000A_DR_8BIT ? 125e6 : 62.5e6;
    if (!u->cfg.unlimited && (double)n_en * 1e12 / (double)actual_ps > cap_sps * 1.000001)
        return PICO_INVALID_SAMPLE_INTERVAL;
    if (auto_stop && (uint64_t)pre + post > SIM_DEVICE_MEMORY / (uint64_t)n_en)
        return PICO_TOO_MANY_SAMPLES;
    if (auto_stop && (uint64_t)pre + post == 0)
        return PICO_TOO_FEW_REQUESTED_STREAMING_SAMPLES;

    double back = units == PS5000A_FS ? actual_ps * 1000.0 : (double)actual_ps / unit_ps[units];
    *interval = back < 1 ? 1 : (uint32_t)(back + 0.5);

    u->overview_len = overview_len < min_len ? overview_len : min_len;
    u->app_pos = 0;
    sim_engine_start(u, actual_ps, auto_stop != 0, pre, post, u->resolution);
    return PICO_OK;
}

void sim_engine_start(struct sim_unit *u, uint64_t interval_ps, int auto_stop, uint64_t pre,
                      uint64_t post, int resolution)
{
    sim_producer_stop(u); /* a unit that vanished mid-run may still have one */
    uint64_t actual_ps = interval_ps;
    u->interval_ps = actual_ps;
    u->auto_stop = auto_stop != 0;
    u->pre = pre;
    u->post = post;
    u->limit = UINT64_MAX;
    if (u->auto_stop && !u->trig.enabled)
        u->limit = (uint64_t)pre + post;
    u->read_index = 0;
    u->fifo_end = 0;
    u->stalled = 0;
    u->triggered = 0;
    u->trigger_index = 0;
    u->have_prev = 0;
    u->delivered = 0;
    u->stopped_by_autostop = 0;
    u->polls = 0;
    u->froze = 0;
    u->freeze_until_ns = 0;
    for (int c = 0; c < SIM_MAX_CHANNELS; c++)
        sim_gen_free(&u->gen[c]);
    for (int c = 0; c < SIM_MAX_CHANNELS; c++)
        if (u->ch[c].enabled)
            sim_gen_init(&u->gen[c], &u->cfg, (unsigned)c, (double)actual_ps * 1e-12,
                         sim_range_v(u->ch[c].range), u->ch[c].analog_offset_v,
                         u->adc_max ? u->adc_max : sim_adc_max(resolution),
                         u->res_bits ? u->res_bits : sim_resolution_bits(resolution),
                         u->ch[c].coupling == PS5000A_AC);
    u->streaming = 1;
    u->t0_ns = now_ns();
    int n_en = sim_enabled_count(u);
    sim_producer_start(u, u->cfg.fifo_samples / (uint64_t)(n_en > 0 ? n_en : 1));
}

static int crossed(int dir, int16_t prev, int16_t cur, int16_t thr)
{
    switch (dir) {
    case PS5000A_ABOVE: return cur > thr;
    case PS5000A_BELOW: return cur < thr;
    case PS5000A_FALLING: return prev > thr && cur <= thr;
    case PS5000A_RISING_OR_FALLING: return (prev < thr && cur >= thr) || (prev > thr && cur <= thr);
    default: /* RISING, and NONE which the vendor defines as RISING */
        return prev < thr && cur >= thr;
    }
}

void sim_engine_find_trigger(struct sim_unit *u, uint64_t n, const int16_t *x)
{
    uint64_t auto_at = UINT64_MAX;
    if (u->trig.auto_ms > 0)
        auto_at = (uint64_t)u->trig.auto_ms * 1000000000ull / u->interval_ps;
    for (uint64_t i = 0; i < n; i++) {
        uint64_t idx = u->read_index + i;
        int hit = u->have_prev && crossed(u->trig.direction, u->trig_prev, x[i], u->trig.threshold);
        if (!u->have_prev &&
            (u->trig.direction == PS5000A_ABOVE || u->trig.direction == PS5000A_BELOW))
            hit = crossed(u->trig.direction, x[i], x[i], u->trig.threshold);
        u->trig_prev = x[i];
        u->have_prev = 1;
        if (hit || idx >= auto_at) {
            u->triggered = 1;
            u->trigger_index = idx + u->trig.delay;
            if (u->auto_stop)
                u->limit = u->trigger_index + u->post;
            return;
        }
    }
}

pico_status sim_engine_ready(struct sim_unit *u, uint64_t *avail, int *finished)
{
    *avail = 0;
    *finished = 0;
    if (u->unplugged)
        return PICO_NOT_RESPONDING;
    if (!u->streaming)
        return PICO_INVALID_CALL;
    uint64_t now = now_ns();
    uint64_t now_index = (now - u->t0_ns) * 1000ull / u->interval_ps;
    u->now_index = now_index;
    u->polls++;
    uint64_t unplug = u->cfg.unplug_after ? u->cfg.unplug_after : UINT64_MAX;
    if (u->read_index >= unplug) {
        u->unplugged = 1;
        u->streaming = 0;
        return PICO_NOT_RESPONDING;
    }
    int n_en = sim_enabled_count(u);
    if (!u->stalled) {
        uint64_t acq = now_index < u->limit ? now_index : u->limit;
        uint64_t cap = u->cfg.fifo_samples / (uint64_t)n_en;
        if (acq > u->read_index + cap) {
            u->fifo_end = u->read_index + cap; /* full: acquisition stalls here */
            u->stalled = 1;
        } else if (acq > u->fifo_end) {
            u->fifo_end = acq;
        }
    }
    /* injected faults: a busy driver, or one that delivers nothing for a while */
    if (u->cfg.freeze_at && !u->froze && u->read_index >= u->cfg.freeze_at) {
        u->froze = 1;
        u->freeze_until_ns = now + (uint64_t)(u->cfg.freeze_s * 1e9);
    }
    if (now < u->freeze_until_ns || (u->cfg.busy_every && u->polls % u->cfg.busy_every == 0))
        return PICO_BUSY;
    uint64_t end = u->fifo_end < unplug ? u->fifo_end : unplug;
    if (end > u->limit)
        end = u->limit;
    *avail = end - u->read_index;
    /* only what the acquisition thread has made is in the unit's memory yet */
    uint64_t made = sim_producer_made(u);
    if (made != UINT64_MAX)
        *avail = made > u->read_index ? (made - u->read_index < *avail ? made - u->read_index
                                                                        : *avail)
                                      : 0;
    *finished = u->auto_stop && u->read_index >= u->limit;
    return PICO_OK;
}

int sim_engine_fill(struct sim_unit *u, int c, uint64_t n, int16_t *dst)
{
    int over;
    size_t got = sim_producer_take(u, c, u->read_index, (size_t)n, dst, &over);
    if (got < n) /* what the thread has not made (or no longer holds): made here */
        over |= sim_gen_fill(&u->gen[c], u->read_index + got, (size_t)n - got, dst + got, 1);
    return over;
}

uint64_t sim_engine_clip(const struct sim_unit *u, uint64_t n, int16_t *triggered,
                         uint64_t *trigger_at, int16_t *auto_stop)
{
    *triggered = 0;
    *trigger_at = 0;
    if (u->triggered && u->trigger_index >= u->read_index && u->trigger_index < u->read_index + n) {
        *triggered = 1;
        *trigger_at = u->trigger_index - u->read_index;
    }
    if (u->read_index + n > u->limit) /* trigger with a short post count ends inside */
        n = u->limit - u->read_index;
    *auto_stop = u->auto_stop && u->read_index + n >= u->limit;
    return n;
}

pico_status sim_engine_consume(struct sim_unit *u, uint64_t n)
{
    u->read_index += n;
    u->delivered += n;
    if (u->auto_stop && u->read_index >= u->limit)
        u->stopped_by_autostop = 1;
    if (u->stalled && u->read_index == u->fifo_end) {
        /* drained: acquisition resumes now; the samples it missed are gone for good */
        u->stalled = 0;
        u->read_index = u->fifo_end =
            u->now_index > u->read_index ? u->now_index : u->read_index;
        sim_producer_advance(u, u->read_index);
        return PICO_BUFFER_STALL;
    }
    sim_producer_advance(u, u->read_index);
    return PICO_OK;
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
    if (avail == 0) {
        if (finished) {
            sim_in_callback = 1;
            cb(handle, 0, u->app_pos, 0, 0, 0, 1, param);
            sim_in_callback = 0;
            return PICO_OK;
        }
        return PICO_BUSY;
    }
    uint32_t buf_len = UINT32_MAX;
    for (int c = 0; c < SIM_MAX_CHANNELS; c++)
        if (u->ch[c].enabled && (uint32_t)u->ch[c].buf_len < buf_len)
            buf_len = (uint32_t)u->ch[c].buf_len;
    if (u->app_pos >= buf_len)
        u->app_pos = 0;
    uint64_t room = buf_len - u->app_pos;
    if (room > u->overview_len)
        room = u->overview_len;
    uint32_t n = (uint32_t)(avail < room ? avail : room);

    int16_t overflow = 0;
    for (int c = 0; c < SIM_MAX_CHANNELS; c++)
        if (u->ch[c].enabled && sim_engine_fill(u, c, n, u->ch[c].buf + u->app_pos))
            overflow |= (int16_t)(1 << c);
    if (u->trig.enabled && !u->triggered)
        sim_engine_find_trigger(u, n, u->ch[u->trig.channel].buf + u->app_pos);
    int16_t triggered, auto_stop;
    uint64_t trigger_at;
    n = (uint32_t)sim_engine_clip(u, n, &triggered, &trigger_at, &auto_stop);
    uint32_t start = u->app_pos;
    u->app_pos = (u->app_pos + n) % buf_len;

    sim_in_callback = 1;
    cb(handle, (int32_t)n, start, overflow, (uint32_t)trigger_at, triggered, auto_stop, param);
    sim_in_callback = 0;
    return sim_engine_consume(u, n);
}

void sim_stop(struct sim_unit *u)
{
    sim_producer_stop(u);
    u->streaming = 0;
}
