/* psd: Welch per channel over a span. */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis_int.h"

/* Channels are dealt to threads (one per core, at most one per channel); every thread but the
 * caller's reads through a reader of its own. For a file not in the page cache the threads
 * read the same blocks at about the same time, so the disk is read once. */
struct psd_share {
    ps_reader *r;
    const int *channels;
    size_t n_ch, n_thr;
    ps_span span;
    ps_welch **w;
    double *freq, **psd;
    pthread_mutex_t mu; /* guards st and err */
    ps_status st;
    ps_error err;
};

struct psd_worker {
    struct psd_share *sh;
    size_t t;
    ps_progress_fn progress; /* the calling thread's only */
    void *parg;
    bool own_reader; /* a thread of its own opens the recording again (a reader is one thread's) */
};

/* Welch segments never straddle a gap: the average is over every segment inside a stretch. */
static ps_status psd_channel(struct psd_worker *wk, ps_reader *r, size_t k, double *x,
                             size_t block, ps_error *err)
{
    struct psd_share *sh = wk->sh;
    ps_span span = sh->span;
    ps_status st = PS_OK;
    double len = (double)(span.to - span.from);
    for (uint64_t at = span.from, seg_end = span.from; at < span.to && st == PS_OK;) {
        if (at == seg_end) {
            seg_end = ps_reader_segment(r, at, span.to).to;
            ps_welch_restart(sh->w[k]);
        }
        size_t n = seg_end - at < block ? (size_t)(seg_end - at) : block;
        st = ps_reader_read(r, at, n, (unsigned)sh->channels[k], x, err);
        if (st == PS_OK)
            st = ps_welch_feed(sh->w[k], x, n, err);
        at += n;
        if (st == PS_OK)
            st = analysis_progress(wk->progress, wk->parg,
                                   ((double)(k / sh->n_thr) + (double)(at - span.from) / len) /
                                       (double)((sh->n_ch + sh->n_thr - 1) / sh->n_thr),
                                   err);
    }
    if (st == PS_OK) /* the frequencies once, from the first channel's thread */
        st = ps_welch_result(sh->w[k], k == 0 ? sh->freq : NULL, sh->psd[k], err);
    return st;
}

static void psd_work(struct psd_worker *wk)
{
    struct psd_share *sh = wk->sh;
    ps_error err = {0};
    ps_reader *r = sh->r;
    ps_status st = wk->own_reader ? ps_reader_open(&r, ps_reader_meta_path(sh->r), &err) : PS_OK;
    size_t block = ps_reader_block_frames(sh->r); /* a worker's own reader reads alike */
    if (st == PS_OK && r != sh->r)
        st = ps_reader_set_block_frames(r, block, &err);
    double *x = st == PS_OK ? malloc(block * sizeof *x) : NULL;
    if (st == PS_OK && !x)
        st = ps_fail(&err, PS_ERR_NOMEM, "psd: out of memory");
    for (size_t k = wk->t; st == PS_OK && k < sh->n_ch; k += sh->n_thr)
        st = psd_channel(wk, r, k, x, block, &err);
    free(x);
    if (wk->own_reader && r != sh->r)
        ps_reader_close(r);
    if (st != PS_OK) {
        pthread_mutex_lock(&sh->mu);
        if (sh->st == PS_OK) {
            sh->st = st;
            sh->err = err;
        }
        pthread_mutex_unlock(&sh->mu);
    }
}

static void *psd_thread(void *arg)
{
    psd_work(arg);
    return NULL;
}

ps_status ps_run_psd(ps_reader *r, const int *channels, size_t n_channels, ps_span span,
                     const ps_welch_config *cfg, double *freq, double **psd, size_t *n_freq,
                     ps_progress_fn progress, void *parg, ps_error *err)
{
    ps_status st = analysis_check(r, channels, n_channels, span, err);
    if (st != PS_OK)
        return st;
    uint64_t len = span.to - span.from, longest = 0;
    if (cfg->nperseg > len)
        return ps_fail(err, PS_ERR_ARG, "nperseg %zu is longer than the signal (%llu samples)",
                       cfg->nperseg, (unsigned long long)len);
    for (uint64_t at = span.from; at < span.to;) {
        ps_span seg = ps_reader_segment(r, at, span.to);
        longest = seg.to - seg.from > longest ? seg.to - seg.from : longest;
        at = seg.to;
    }
    if (cfg->nperseg > longest)
        return ps_fail(err, PS_ERR_ARG,
                       "nperseg %zu is longer than every gap-free stretch of the selection (the "
                       "longest has %llu samples): no segment fits between the gaps",
                       cfg->nperseg, (unsigned long long)longest);
    /* plans are made here, one thread: FFTW's planner is not thread-safe, its execution is */
    ps_welch *w[PS_SIGMF_MAX_CHANNELS] = {0};
    for (size_t k = 0; k < n_channels && st == PS_OK; k++)
        st = ps_welch_create(&w[k], cfg, err);
    if (st == PS_OK && *n_freq < ps_welch_n_freq(w[0])) /* the caller's arrays are too short */
        st = ps_fail(err, PS_ERR_ARG, "psd: arrays for %zu frequencies, %zu needed", *n_freq,
                     ps_welch_n_freq(w[0]));
    if (st == PS_OK)
        *n_freq = ps_welch_n_freq(w[0]);
    struct psd_share sh = {.r = r, .channels = channels, .n_ch = n_channels, .span = span,
                           .w = w, .freq = freq, .psd = psd, .st = PS_OK};
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t n_thr = cores > 1 ? (size_t)cores : 1;
    n_thr = n_thr > n_channels ? n_channels : n_thr;
    n_thr = n_thr > 16 ? 16 : n_thr;
    sh.n_thr = n_thr;
    pthread_mutex_init(&sh.mu, NULL);
    pthread_t tid[16];
    struct psd_worker wk[16];
    bool running[16] = {false};
    for (size_t t = 0; st == PS_OK && t < n_thr; t++) {
        wk[t] = (struct psd_worker){&sh, t, t == 0 ? progress : NULL, parg, t > 0};
        running[t] = t > 0 && pthread_create(&tid[t], NULL, psd_thread, &wk[t]) == 0;
        if (!running[t]) /* a share not started runs here, with our reader */
            wk[t].own_reader = false;
    }
    for (size_t t = 0; st == PS_OK && t < n_thr; t++) /* ours, and any share not started */
        if (!running[t])
            psd_work(&wk[t]);
    for (size_t t = 1; t < n_thr; t++)
        if (running[t])
            pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&sh.mu);
    if (st == PS_OK && sh.st != PS_OK) {
        st = sh.st;
        if (err)
            *err = sh.err;
    }
    for (size_t k = 0; k < n_channels; k++)
        ps_welch_destroy(w[k]);
    return st;
}
