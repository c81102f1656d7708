/* Streaming on the simulated unit: samples owed by the monotonic clock, a finite driver-side
 * FIFO that stalls acquisition when the host polls too slowly (PICO_BUFFER_STALL), simple
 * trigger and autoStop; every API style's delivery uses it. */
#include <string.h>
#include <time.h>

#include "sim_unit.h"

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
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
    sim_clock_anchor(&u->cfg);
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
        uint64_t resume = u->now_index > u->read_index ? u->now_index : u->read_index;
        uint64_t r = u->ds_ratio > 1 ? u->ds_ratio : 1; /* whole downsampling blocks only */
        u->read_index = u->fifo_end = (resume + r - 1) / r * r;
        sim_producer_advance(u, u->read_index);
        return PICO_BUFFER_STALL;
    }
    sim_producer_advance(u, u->read_index);
    return PICO_OK;
}

void sim_stop(struct sim_unit *u)
{
    sim_producer_stop(u);
    u->streaming = 0;
}
