/* The report's one read: each block of each channel goes to the statistics, the Welch PSD, the
 * event finder and the overview envelope together, so the recording is read once, not once
 * per analysis. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report_int.h"
#include "../common/thread_name.h"

struct parts {
    ps_welch *welch[PS_SIGMF_MAX_CHANNELS];
    ps_event_finder *finder[PS_SIGMF_MAX_CHANNELS];
    ps_envelope *env[PS_SIGMF_MAX_CHANNELS];
    ps_envelope_bin *bins;
    double *x;
};

static void parts_free(struct parts *p, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        ps_welch_destroy(p->welch[k]);
        ps_event_finder_destroy(p->finder[k]);
        ps_envelope_destroy(p->env[k]);
    }
    free(p->bins);
    free(p->x);
}

/* Events are collected into a list of max_listed per channel; the capacity rides in a local. */
struct collector {
    struct report_channel *c;
    size_t cap;
};

static int collect(void *arg, const ps_event *ev)
{
    struct collector *k = arg;
    if (k->c->n_listed < k->cap)
        k->c->events[k->c->n_listed++] = *ev;
    k->c->n_events++;
    return 0;
}

/* The Welch PSD, the pass's heaviest part, runs on a thread of its own over the same blocks:
 * the reading thread fills one of two buffers while the Welch thread works on the other, so
 * the pass takes about as long as its slowest part, and the file is still read once. */
struct welch_pipe {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    double *buf[2];           /* n_ch × block each, channel-major */
    bool fresh[2];            /* each buffer starts a gap-free stretch (Welch restarts) */
    size_t n[2];
    uint64_t published, consumed; /* blocks handed over / finished by the Welch thread */
    bool closed;
    size_t n_ch, block;
    ps_welch **welch;
    ps_status st;
    ps_error err;
};

static void *welch_thread(void *arg)
{
    common_thread_name("ps-report-psd");
    struct welch_pipe *w = arg;
    for (uint64_t b = 0;; b++) {
        pthread_mutex_lock(&w->mu);
        while (w->published <= b && !w->closed)
            pthread_cond_wait(&w->cv, &w->mu);
        bool have = w->published > b;
        pthread_mutex_unlock(&w->mu);
        if (!have)
            break;
        int i = (int)(b & 1);
        ps_status st = PS_OK;
        ps_error err = {0};
        for (size_t k = 0; k < w->n_ch && st == PS_OK; k++) {
            if (w->fresh[i])
                ps_welch_restart(w->welch[k]);
            st = ps_welch_feed(w->welch[k], w->buf[i] + k * w->block, w->n[i], &err);
        }
        pthread_mutex_lock(&w->mu);
        if (st != PS_OK && w->st == PS_OK) {
            w->st = st;
            w->err = err;
        }
        w->consumed = b + 1;
        pthread_cond_broadcast(&w->cv);
        pthread_mutex_unlock(&w->mu);
    }
    return NULL;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

void report_gaps(struct report_data *d, const ps_report_config *cfg)
{
    uint64_t longest = 0;
    d->n_gaps = 0;
    d->lost = 0;
    for (uint64_t at = d->span.from; at < d->span.to;) {
        ps_span seg = ps_reader_segment(d->r, at, d->span.to);
        longest = seg.to - seg.from > longest ? seg.to - seg.from : longest;
        if (seg.to < d->span.to) {
            d->n_gaps++;
            d->lost += ps_reader_lost_before(d->r, seg.to);
        }
        at = seg.to;
    }
    size_t nperseg = cfg->nperseg ? cfg->nperseg : 4096;
    if (!cfg->nperseg && longest < nperseg)
        nperseg = (size_t)longest;
    d->nperseg = nperseg >= 8 && nperseg <= longest ? nperseg : 0;
}

ps_status report_pass(struct report_data *d, const ps_report_config *cfg, ps_progress_fn progress,
                      void *parg, ps_error *err)
{
    ps_reader *r = d->r;
    const ps_sigmf_meta *m = ps_reader_meta(r);
    double t0 = now_s(), rate = ps_reader_rate(r);
    report_gaps(d, cfg);
    if (d->read.to == 0)
        d->read = d->span;
    int w = plot_waveform_columns(REPORT_WIDTH);
    uint64_t g0 = ps_reader_global_index(r, d->span.from);
    double g_span = (double)(ps_reader_global_index(r, d->span.to - 1) + 1 - g0);
    size_t block = ps_reader_block_frames(r);
    struct parts p = {0};
    struct collector col[PS_SIGMF_MAX_CHANNELS];
    ps_status st = PS_OK;
    d->cols = malloc(d->n_ch * (size_t)w * sizeof *d->cols);
    p.x = malloc(d->n_ch * block * sizeof *p.x); /* without the PSD thread: all channels here */
    if (!d->cols || !p.x)
        st = ps_fail(err, PS_ERR_NOMEM, "report: out of memory");
    for (size_t i = 0; st == PS_OK && i < d->n_ch * (size_t)w; i++)
        d->cols[i] = (struct plot_col){INFINITY, -INFINITY};
    for (size_t k = 0; k < d->n_ch && st == PS_OK; k++) {
        struct report_channel *c = &d->c[k];
        const ps_sigmf_channel *mc = &m->channel[c->index];
        ps_stats_reset(&c->stats);
        c->has_clip = mc->adc_max > 0 && ps_sigmf_sample_bytes(m->datatype) <= 2;
        if (c->has_clip) { /* the largest code on the resolution's grid (ri8: codes / 256) */
            unsigned bits = m->resolution_bits;
            int32_t step = ps_sigmf_sample_bytes(m->datatype) == 1 || bits == 0 || bits >= 16
                               ? 1
                               : 1 << (16 - bits);
            int32_t top = mc->adc_max / step * step;
            c->clip_hi = top * mc->scale_v + mc->offset_v;
            c->clip_lo = -top * mc->scale_v + mc->offset_v;
        }
        col[k] = (struct collector){c, d->max_listed};
        if (!(c->events = malloc(d->max_listed * sizeof *c->events)))
            st = ps_fail(err, PS_ERR_NOMEM, "report: out of memory");
        if (st == PS_OK && c->rules.n_rules && !d->piece)
            st = ps_event_finder_create(&p.finder[k], &c->rules, rate, err);
        if (st == PS_OK)
            st = ps_envelope_create(&p.env[k], g_span / (double)w, err);
        if (st == PS_OK && d->nperseg && !d->piece) {
            ps_welch_config wc = {.fs_hz = rate, .window = "hann", .nperseg = d->nperseg,
                                  .detrend = PS_DETREND_CONSTANT, .density = true};
            st = ps_welch_create(&p.welch[k], &wc, err);
            d->n_freq = st == PS_OK ? ps_welch_n_freq(p.welch[k]) : 0;
        }
    }
    if (st == PS_OK && !(p.bins = malloc((ps_envelope_max_out(p.env[0], block) + 1) *
                                         sizeof *p.bins)))
        st = ps_fail(err, PS_ERR_NOMEM, "report: out of memory");
    struct welch_pipe wp = {.n_ch = d->n_ch, .block = block, .welch = p.welch, .st = PS_OK};
    pthread_t tid;
    bool threaded = false, piped = st == PS_OK && p.welch[0];
    if (piped) {
        wp.buf[0] = malloc(d->n_ch * block * sizeof(double));
        wp.buf[1] = malloc(d->n_ch * block * sizeof(double));
        pthread_mutex_init(&wp.mu, NULL);
        pthread_cond_init(&wp.cv, NULL);
        threaded = wp.buf[0] && wp.buf[1] && pthread_create(&tid, NULL, welch_thread, &wp) == 0;
        if (!threaded)
            st = ps_fail(err, PS_ERR_NOMEM, "report: cannot start the PSD thread");
    }
    uint64_t b = 0;
    for (uint64_t from = d->read.from; from < d->read.to && st == PS_OK;) {
        ps_span seg = ps_reader_segment(r, from, d->read.to);
        for (size_t k = 0; k < d->n_ch; k++) {
            ps_envelope_restart(p.env[k], ps_reader_global_index(r, seg.from) - g0);
            /* as the events command: a gap ends what is open, the finder starts afresh */
            if (p.finder[k] && seg.from > d->read.from && st == PS_OK)
                st = ps_event_finder_finish(p.finder[k], collect, &col[k], err);
        }
        for (uint64_t at = seg.from; at < seg.to && st == PS_OK; b++) {
            size_t n = seg.to - at < block ? (size_t)(seg.to - at) : block;
            double *buf = NULL;
            if (threaded) { /* wait until the Welch thread is done with this buffer's last use */
                pthread_mutex_lock(&wp.mu);
                while (wp.consumed + 1 < b && wp.st == PS_OK)
                    pthread_cond_wait(&wp.cv, &wp.mu);
                pthread_mutex_unlock(&wp.mu);
                buf = wp.buf[b & 1];
            }
            for (size_t k = 0; k < d->n_ch && st == PS_OK; k++) {
                double *x = (buf ? buf : p.x) + k * block;
                st = ps_reader_read(r, at, n, (unsigned)d->c[k].index, x, err);
            }
            if (st == PS_OK && threaded) {
                pthread_mutex_lock(&wp.mu);
                wp.fresh[b & 1] = at == seg.from;
                wp.n[b & 1] = n;
                wp.published = b + 1;
                pthread_cond_broadcast(&wp.cv);
                pthread_mutex_unlock(&wp.mu);
            }
            for (size_t k = 0; k < d->n_ch && st == PS_OK; k++) {
                struct report_channel *c = &d->c[k];
                const double *x = (buf ? buf : p.x) + k * block;
                ps_stats_feed(&c->stats, x, n);
                if (c->has_clip) {
                    uint64_t clipped = 0;
                    for (size_t i = 0; i < n; i++)
                        clipped += (x[i] >= c->clip_hi) | (x[i] <= c->clip_lo);
                    c->full_scale += clipped;
                }
                if (p.finder[k])
                    st = ps_event_finder_process(p.finder[k], at, x, n, collect, &col[k], err);
                size_t nb = ps_envelope_process(p.env[k], x, n, p.bins);
                if (at + n == seg.to)
                    nb += ps_envelope_finish(p.env[k], p.bins + nb);
                for (size_t i = 0; i < nb; i++)
                    if (p.bins[i].bin < (uint64_t)w) {
                        struct plot_col *pc = &d->cols[k * (size_t)w + (size_t)p.bins[i].bin];
                        pc->lo = fmin(pc->lo, p.bins[i].lo);
                        pc->hi = fmax(pc->hi, p.bins[i].hi);
                    }
            }
            at += n;
            if (st == PS_OK)
                st = common_progress(progress, parg,
                                       (double)(at - d->read.from) /
                                           (double)(d->read.to - d->read.from),
                                       err);
        }
        from = seg.to;
    }
    if (threaded) {
        pthread_mutex_lock(&wp.mu);
        wp.closed = true;
        pthread_cond_broadcast(&wp.cv);
        pthread_mutex_unlock(&wp.mu);
        pthread_join(tid, NULL);
        if (st == PS_OK && wp.st != PS_OK) {
            st = wp.st;
            if (err)
                *err = wp.err;
        }
    }
    if (piped) {
        pthread_mutex_destroy(&wp.mu);
        pthread_cond_destroy(&wp.cv);
    }
    free(wp.buf[0]);
    free(wp.buf[1]);
    for (size_t k = 0; k < d->n_ch && st == PS_OK; k++) {
        if (p.finder[k])
            st = ps_event_finder_finish(p.finder[k], collect, &col[k], err);
        if (st == PS_OK && p.welch[k]) {
            if (!d->freq && !(d->freq = malloc(d->n_freq * sizeof *d->freq)))
                st = ps_fail(err, PS_ERR_NOMEM, "report: out of memory");
            if (st == PS_OK && !(d->c[k].psd = malloc(d->n_freq * sizeof(double))))
                st = ps_fail(err, PS_ERR_NOMEM, "report: out of memory");
            if (st == PS_OK)
                st = ps_welch_result(p.welch[k], d->freq, d->c[k].psd, err);
        }
    }
    parts_free(&p, d->n_ch);
    d->pass_s = now_s() - t0;
    return st;
}

void report_free(struct report_data *d)
{
    for (size_t k = 0; k < d->n_ch; k++) {
        free(d->c[k].psd);
        free(d->c[k].events);
    }
    free(d->freq);
    free(d->cols);
}
