/* The poller thread: asks the driver for blocks, copies them into the ring inside the driver's
 * callback, keeps the pre-trigger history, and records every discontinuity as a gap. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "capture_int.h"
#include "../common/thread_name.h"

struct poller {
    struct ps_capture *cap;
    bool wait_trigger;
    uint64_t pre;
    int16_t *hist; /* last `pre` frames before the trigger, interleaved, circular */
    size_t hist_len, hist_pos;
    bool has_first;
    uint64_t first_index;
    uint64_t next_dev; /* device index of the next frame the driver delivers */
    uint64_t recorded; /* frames pushed into the ring = next data index */
    uint64_t lost;
    bool in_gap;
    struct gap pending[GAP_PENDING_MAX];
    size_t n_pending;
    bool pending_overflow;
    uint16_t overflow;
    bool auto_stop;
    bool reached;
    size_t last_block; /* frames in the last callback */
};

static void hist_put(struct poller *p, const ps_device_block *b, size_t from, size_t to)
{
    if (p->pre == 0)
        return;
    unsigned n_ch = p->cap->n_words;
    for (size_t i = from; i < to; i++) {
        int16_t *dst = p->hist + p->hist_pos * n_ch;
        for (unsigned c = 0; c < n_ch; c++)
            dst[c] = b->chan[c][b->start + i];
        p->hist_pos = (p->hist_pos + 1) % p->pre;
        if (p->hist_len < p->pre)
            p->hist_len++;
    }
}

static void note_gap(struct poller *p, uint64_t sample_start, uint64_t global_index, bool est)
{
    if (p->n_pending > 0 && p->pending[p->n_pending - 1].sample_start == sample_start) {
        /* nothing recorded since the last gap: one gap, resuming at the later index */
        p->pending[p->n_pending - 1].global_index = global_index;
        p->pending[p->n_pending - 1].estimated |= est;
        return;
    }
    if (p->n_pending == GAP_PENDING_MAX) {
        p->pending_overflow = true;
        return;
    }
    p->pending[p->n_pending++] = (struct gap){sample_start, global_index, est};
}

/* Pushes the history's frames (oldest first) into the ring; returns how many went in. */
static size_t push_history(struct poller *p)
{
    if (p->pre == 0 || p->hist_len == 0) /* --trigger without --pre: nothing kept */
        return 0;
    size_t n = p->hist_len, start = (p->hist_pos + p->pre - n) % p->pre;
    size_t first = n < p->pre - start ? n : p->pre - start;
    size_t pushed = ps_ring_push(p->cap->ring, p->hist + start * p->cap->n_words, first);
    if (pushed == first && n > first)
        pushed += ps_ring_push(p->cap->ring, p->hist, n - first);
    return pushed;
}

/* The device skipped to index `at` (after next_dev): what lies between is lost and a run
 * resumes there, unless that is past the requested end (lost up to the end only). */
static void resume_at(struct poller *p, uint64_t at, bool estimated)
{
    struct ps_capture *cap = p->cap;
    if (cap->max_samples && p->has_first && at >= p->first_index + cap->max_samples) {
        uint64_t end = p->first_index + cap->max_samples;
        p->lost += end > p->next_dev ? end - p->next_dev : 0;
        p->next_dev = end > p->next_dev ? end : p->next_dev;
        p->reached = true;
        return;
    }
    p->lost += at - p->next_dev;
    p->in_gap = false; /* a gap that started with a full ring resumes here too */
    note_gap(p, p->recorded, at, estimated);
    p->next_dev = at;
}

/* Runs inside the driver's callback: copy, count, note — nothing that blocks or allocates.
 * arg: the pollers of the capture (stream 0) and of its raw companion (stream 1). */
static void on_block(void *arg, const ps_device_block *b)
{
    struct poller *p = (struct poller *)arg + (b->stream ? 1 : 0);
    struct ps_capture *cap = p->cap;
    if (!cap)
        return; /* a stream nobody asked for */
    p->overflow |= b->overflow;
    p->last_block = b->n;
    if (b->auto_stop)
        p->auto_stop = true;
    size_t off = 0, n = b->n;
    if (b->has_index && b->index > p->next_dev && !p->wait_trigger) {
        /* the driver skipped sets it no longer had: lost, and the run resumes at b->index */
        resume_at(p, b->index, b->index_estimated);
        if (p->reached)
            return;
    }
    if (p->wait_trigger) {
        if (!b->triggered || b->trigger_at > n) {
            hist_put(p, b, 0, n);
            p->next_dev += n;
            return;
        }
        off = b->trigger_at;
        hist_put(p, b, 0, off);
        uint64_t t = p->next_dev + off;
        p->wait_trigger = false;
        p->has_first = true;
        p->first_index = t - p->hist_len;
        note_gap(p, 0, p->first_index, false);
        size_t pushed = push_history(p);
        p->recorded = pushed;
        if (pushed < p->hist_len) { /* cannot happen: the ring holds twice the history */
            p->lost += p->hist_len - pushed;
            p->in_gap = true;
        }
        /* relaxed: the main thread only reads these for display and the meta */
        atomic_store_explicit(&cap->trigger_sample, p->hist_len, memory_order_relaxed);
        atomic_store_explicit(&cap->has_trigger, true, memory_order_relaxed);
        atomic_store_explicit(&cap->c_triggered, true, memory_order_relaxed);
        p->next_dev = t;
    } else if (!p->has_first) {
        p->has_first = true; /* capture_start listed the first segment: device sample 0 */
        p->first_index = p->next_dev;
    }
    size_t want = n - off;
    if (cap->max_samples) {
        uint64_t end = p->first_index + cap->max_samples;
        uint64_t left = end > p->next_dev ? end - p->next_dev : 0;
        if (want >= left) {
            want = (size_t)left;
            p->reached = true;
        }
    }
    size_t pushed = ps_ring_push_planar(cap->ring, b->chan, b->start + off, want);
    if (p->in_gap && pushed > 0) {
        note_gap(p, p->recorded, p->next_dev, false);
        p->in_gap = false;
    }
    p->recorded += pushed;
    if (pushed < want) {
        p->in_gap = true;
        p->lost += want - pushed;
    }
    p->next_dev += want;
}

static void sleep_ms(double ms)
{
    struct timespec ts = {(time_t)(ms / 1e3),
                          (long)((ms - 1e3 * (double)(time_t)(ms / 1e3)) * 1e6)};
    nanosleep(&ts, NULL);
}

/* After a driver stall the next block starts where the clock says: the driver cannot tell. */
static void after_stall(struct poller *p)
{
    struct ps_capture *cap = p->cap;
    double t = capture_mono_now() - cap->start_mono;
    uint64_t est = (uint64_t)(t / cap->params.interval_s);
    if (est <= p->next_dev)
        est = p->next_dev + 1;
    if (p->wait_trigger) {
        p->hist_len = 0; /* the history is no longer contiguous */
        p->next_dev = est;
        return;
    }
    resume_at(p, est, true);
}

static void publish(struct poller *p)
{
    struct ps_capture *cap = p->cap;
    for (size_t i = 0; i < p->n_pending; i++) {
        if (gaps_add(&cap->gaps, &p->pending[i]) != 0) {
            ps_error e;
            ps_fail(&e, PS_ERR_NOMEM, "capture: cannot record a gap");
            capture_fail(cap, &e, "out of memory");
        }
    }
    p->n_pending = 0;
    if (p->pending_overflow) {
        ps_error e;
        ps_fail(&e, PS_ERR_BUG, "capture: more than %d gaps in one poll", GAP_PENDING_MAX);
        capture_fail(cap, &e, "internal error");
        p->pending_overflow = false;
    }
    if (p->has_first && !atomic_load_explicit(&cap->has_first, memory_order_relaxed)) {
        atomic_store_explicit(&cap->first_index, p->first_index, memory_order_relaxed);
        atomic_store_explicit(&cap->has_first, true, memory_order_relaxed);
    }
    uint64_t covered = p->has_first ? p->next_dev - p->first_index : 0;
    /* relaxed: counters for display, each read on its own */
    atomic_store_explicit(&cap->c_samples, covered, memory_order_relaxed);
    atomic_store_explicit(&cap->c_recorded, p->recorded, memory_order_relaxed);
    atomic_store_explicit(&cap->c_lost, p->lost, memory_order_relaxed);
    atomic_store_explicit(&cap->c_overflow, p->overflow, memory_order_relaxed);
    atomic_store_explicit(&cap->end_dev, p->next_dev, memory_order_relaxed);
}

/* Sets up the poller of one recording; non-zero (after failing the capture) when out of
 * memory. */
static int poller_init(struct poller *p, struct ps_capture *cap)
{
    p->cap = cap;
    const ps_trigger_config *t = &cap->cfg.device.trigger;
    p->wait_trigger = t->enabled;
    p->pre = t->enabled ? t->pre_samples : 0;
    if (p->pre) {
        p->hist = malloc(p->pre * cap->n_words * sizeof(int16_t)); /* ring frames, not disk */
        if (!p->hist) {
            ps_error err;
            ps_fail(&err, PS_ERR_NOMEM, "capture: cannot hold %llu pre-trigger samples",
                    (unsigned long long)p->pre);
            capture_fail(cap, &err, "out of memory");
            return -1;
        }
    }
    return 0;
}

/* The ring cannot take a whole driver block. */
static bool ring_short(const struct ps_capture *cap)
{
    return ps_ring_capacity(cap->ring) - ps_ring_fill(cap->ring) <
           cap->params.driver_buffer_samples;
}

void *poller_main(void *arg)
{
    common_thread_name("ps-poll");
    struct ps_capture *cap = arg;
    struct poller *pp = calloc(2, sizeof *pp), *p = pp;
    unsigned n_p = cap->raw ? 2 : 1;
    ps_error err = {0};
    if (!pp) {
        ps_fail(&err, PS_ERR_NOMEM, "capture: out of memory");
        capture_fail(cap, &err, "out of memory");
        goto done;
    }
    for (unsigned i = 0; i < n_p; i++)
        if (poller_init(&pp[i], i ? cap->raw : cap) != 0)
            goto done;
    /* a logger may take minutes between sets: silence counts only beyond a few of them */
    double timeout = cap->cfg.no_data_timeout_s > 0 ? cap->cfg.no_data_timeout_s
                                                     : fmax(10.0, 3.0 * cap->params.interval_s);
    double last_data = capture_mono_now();
    while (!atomic_load_explicit(&cap->stop_requested, memory_order_relaxed) &&
           !atomic_load_explicit(&cap->failed, memory_order_relaxed)) {
        /* backpressure: while a ring cannot take a whole driver block, leave the samples in
         * the driver's (much larger) buffer rather than drop them here */
        if (!cap->cfg.no_backpressure && (ring_short(cap) || (cap->raw && ring_short(cap->raw)))) {
            sleep_ms(1);
            continue;
        }
        ps_poll_result res;
        for (unsigned i = 0; i < n_p; i++)
            pp[i].last_block = 0;
        ps_status st = ps_device_poll(cap->dev, on_block, pp, &res, &err);
        for (unsigned i = 0; i < n_p; i++) {
            if (st == PS_OK && res == PS_POLL_STALL)
                after_stall(&pp[i]);
            publish(&pp[i]);
        }
        if (st != PS_OK) {
            capture_fail(cap, &err, "device error");
            break;
        }
        uint64_t lost = p->lost + (n_p > 1 ? pp[1].lost : 0);
        if (lost && cap->cfg.lossless) {
            ps_fail(&err, PS_ERR_LOST, "%llu samples lost (%s) under `lossless`",
                    (unsigned long long)lost,
                    res == PS_POLL_STALL ? "the driver's buffer overflowed: polling too slow"
                                         : "the ring was full: the disk is too slow");
            capture_fail(cap, &err, "samples lost under lossless");
            break;
        }
        double now = capture_mono_now();
        if (p->last_block > 0 || res == PS_POLL_DATA)
            last_data = now;
        else if (now - last_data > timeout) {
            ps_fail(&err, PS_ERR_DRIVER, "the %s delivered no data for %g s (stalled)",
                    cap->info.model, timeout);
            capture_fail(cap, &err, "device error");
            break;
        }
        if (p->wait_trigger && cap->cfg.trigger_wait_s > 0 &&
            (double)p->next_dev * cap->params.interval_s >= cap->cfg.trigger_wait_s) {
            ps_fail(&err, PS_ERR_TIMEOUT, "no trigger within %g s", cap->cfg.trigger_wait_s);
            capture_fail(cap, &err, "waiting for the trigger");
            break;
        }
        /* the raw companion ends with the capture, once it has what arrived with it */
        if (p->reached && (n_p == 1 || pp[1].reached || res != PS_POLL_DATA)) {
            capture_set_reason(cap, "sample count reached");
            break;
        }
        if (p->auto_stop) {
            capture_set_reason(cap, "triggered capture complete");
            break;
        }
        /* poll again at once only when behind (a big block); else let about an eighth of the
         * driver's buffer accumulate (at most 10 ms): fewer wake-ups, less CPU */
        if (cap->cfg.poll_delay_s > 0)
            sleep_ms(cap->cfg.poll_delay_s * 1e3);
        else if (p->last_block == 0 || p->last_block < cap->params.driver_buffer_samples / 8)
            sleep_ms(fmin(10.0, 1e3 * (double)cap->params.driver_buffer_samples /
                                    cap->params.rate_hz / 8));
    }
    if (ps_device_stop(cap->dev, &err) != PS_OK)
        capture_fail(cap, &err, "device error");
    for (unsigned i = 0; i < n_p; i++)
        publish(&pp[i]);
    capture_set_reason(cap, "stopped by request");
done:
    if (pp) {
        for (unsigned i = 0; i < 2; i++)
            free(pp[i].hist);
        free(pp);
    }
    if (cap->raw) { /* the companion's meta tells the same ending */
        pthread_mutex_lock(&cap->err_lock);
        capture_set_reason(cap->raw, cap->stop_reason);
        pthread_mutex_unlock(&cap->err_lock);
        atomic_store_explicit(&cap->raw->poller_done, true, memory_order_release);
    }
    /* release: everything pushed into the ring and the gap list is visible to the writer */
    atomic_store_explicit(&cap->poller_done, true, memory_order_release);
    return NULL;
}
