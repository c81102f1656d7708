/* Channels dealt to threads (one per core, at most one per channel): every thread but the
 * caller's reads through a reader of its own. For a file not in the page cache the threads
 * read the same blocks at about the same time, so the disk is read once. */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "analysis_int.h"
#include "../common/thread_name.h"

struct share {
    ps_reader *r;
    size_t n, n_thr;
    analysis_channel_fn fn;
    void *ctx;
    pthread_mutex_t mu; /* guards st and err */
    ps_status st;
    ps_error err;
};

struct worker {
    struct share *sh;
    size_t t;
    ps_progress_fn progress; /* the calling thread's only */
    void *parg;
    bool own_reader;
};

/* The caller's thread reports its own channels' progress as the whole's: round k / n_thr of
 * the rounds each thread runs. */
struct round_progress {
    struct worker *wk;
    size_t k;
};

static int round_done(void *arg, double fraction)
{
    struct round_progress *p = arg;
    const struct share *sh = p->wk->sh;
    double rounds = (double)((sh->n + sh->n_thr - 1) / sh->n_thr);
    return p->wk->progress(p->wk->parg, ((double)(p->k / sh->n_thr) + fraction) / rounds);
}

static void work(struct worker *wk)
{
    struct share *sh = wk->sh;
    ps_error err = {0};
    ps_reader *r = sh->r;
    ps_status st = wk->own_reader ? ps_reader_open(&r, ps_reader_meta_path(sh->r), &err) : PS_OK;
    size_t block = ps_reader_block_frames(sh->r); /* a worker's own reader reads alike */
    if (st == PS_OK && r != sh->r)
        st = ps_reader_set_block_frames(r, block, &err);
    double *x = st == PS_OK ? malloc(block * sizeof *x) : NULL;
    if (st == PS_OK && !x)
        st = ps_fail(&err, PS_ERR_NOMEM, "analysis: out of memory for a channel's blocks");
    for (size_t k = wk->t; st == PS_OK && k < sh->n; k += sh->n_thr) {
        struct round_progress p = {wk, k};
        st = sh->fn(sh->ctx, r, k, x, block, wk->progress ? round_done : NULL, &p, &err);
    }
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

static void *thread_main(void *arg)
{
    common_thread_name("ps-channels");
    work(arg);
    return NULL;
}

ps_status analysis_channel_threads(ps_reader *r, size_t n, analysis_channel_fn fn, void *ctx,
                                   ps_progress_fn progress, void *parg, ps_error *err)
{
    struct share sh = {.r = r, .n = n, .fn = fn, .ctx = ctx, .st = PS_OK};
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t n_thr = cores > 1 ? (size_t)cores : 1;
    n_thr = n_thr > n ? n : n_thr;
    n_thr = n_thr > 16 ? 16 : n_thr;
    if (n_thr == 0)
        return PS_OK;
    sh.n_thr = n_thr;
    pthread_mutex_init(&sh.mu, NULL);
    pthread_t tid[16];
    struct worker wk[16];
    bool running[16] = {false};
    for (size_t t = 0; t < n_thr; t++) {
        wk[t] = (struct worker){&sh, t, t == 0 ? progress : NULL, parg, t > 0};
        running[t] = t > 0 && pthread_create(&tid[t], NULL, thread_main, &wk[t]) == 0;
        if (!running[t]) /* a share not started runs here, with our reader */
            wk[t].own_reader = false;
    }
    for (size_t t = 0; t < n_thr; t++) /* ours, and any share not started */
        if (!running[t])
            work(&wk[t]);
    for (size_t t = 1; t < n_thr; t++)
        if (running[t])
            pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&sh.mu);
    if (sh.st != PS_OK && err)
        *err = sh.err;
    return sh.st;
}
