/* Filtering on several cores, zero-phase without a temporary file: the stretch's output is cut
 * into chunks; each is filtered forward from `settle` samples before it and (zero-phase)
 * backward from `settle` samples after it, from the steady state of the sample there. The filter forgets a
 * wrong starting state geometrically (its largest pole radius per sample), so after `settle`
 * samples each chunk equals the one-pass sosfiltfilt within rounding; at the stretch's ends
 * the chunk starts exactly as sosfiltfilt does. */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "filter_int.h"
#include "../common/thread_name.h"

size_t filter_settle(const double *sos, size_t n_sections)
{
    double rmax = 0;
    for (size_t s = 0; s < n_sections; s++) {
        const double *r = sos + 6 * s;
        double a1 = r[4] / r[3], a2 = r[5] / r[3], d = a1 * a1 - 4 * a2, rad;
        if (d < 0)
            rad = sqrt(a2); /* a complex pair: |p|² = a2 */
        else
            rad = fmax(fabs((-a1 + sqrt(d)) / 2), fabs((-a1 - sqrt(d)) / 2));
        rmax = fmax(rmax, rad);
    }
    if (!(rmax < 1))
        return 0; /* unstable or marginal: only the exact sequential pass will do */
    /* r^n < 1e-16, doubled for repeated poles' n·r^n terms, plus a margin */
    double n = rmax > 0 ? 2 * log(1e-16) / log(rmax) + 64 : 64;
    return n > 1 << 20 ? 0 : (size_t)n;
}

struct shared {
    const struct job *j;
    const double *sos;
    size_t n_sec, pad, settle, chunk;
    bool causal; /* sosfilt: the forward pass alone, from zero state at the stretch's start */
    int64_t len, ext;
    int64_t only_from, only_to; /* the chunks cover these offsets of the stretch */
    ps_writer *w;
    pthread_mutex_t io; /* guards st and err */
    atomic_uint_fast64_t next, done;
    atomic_int failed;
    ps_status st;
    ps_error *err;
};

/* One chunk's output [s, e) of the stretch (indices of the span; extended = + pad). */
static ps_status one_chunk(struct shared *sh, struct job *j, double *buf, int64_t s, int64_t e,
                           ps_error *err)
{
    const int64_t pad = (int64_t)sh->pad, settle = (int64_t)sh->settle;
    /* extended indices to run over (a causal filter needs nothing after the chunk) */
    int64_t a = s + pad - settle, b = e + pad + (sh->causal ? 0 : settle);
    a = a < 0 ? 0 : a;
    b = b > sh->ext ? sh->ext : b;
    size_t n = (size_t)(b - a), nc = j->n_ch;
    ps_status st = PS_OK;
    for (size_t off = 0; off < n && st == PS_OK; off += j->block) {
        size_t m = n - off < j->block ? n - off : j->block;
        j->x = buf + off * nc;
        st = filter_read_ext(j, a + (int64_t)off - pad, m, err);
    }
    if (st != PS_OK)
        return st;
    for (size_t k = 0; k < nc; k++) { /* at the stretch's first sample: exactly scipy's start */
        if (sh->causal && a == 0)
            ps_sosfilt_reset(j->f[k]);
        else
            ps_sosfilt_set_steady(j->f[k], buf[k]);
    }
    ps_sosfilt_process_frames(j->f, nc, buf, n);
    if (sh->causal)
        return ps_writer_write(sh->w, j->out_at + (uint64_t)s, buf + (size_t)(s - a) * nc,
                               (size_t)(e - s), err);
    for (size_t k = 0; k < nc; k++) /* at its last: the same */
        ps_sosfilt_set_steady(j->f[k], buf[(n - 1) * nc + k]);
    ps_sosfilt_process_frames_reverse(j->f, nc, buf, n);
    size_t m = (size_t)(e - s);
    return ps_writer_write(sh->w, j->out_at + (uint64_t)s, buf + (size_t)(s + pad - a) * nc, m,
                           err); /* the writer takes threads at once */
}

/* Takes chunks until none is left or one failed; own_reader: a thread of its own opens the
 * recording again (a reader is one thread's), the calling thread uses the job's. */
static ps_status work(struct shared *sh, bool own_reader, ps_progress_fn progress, void *parg)
{
    struct job j = *sh->j;
    ps_error err = {0};
    ps_status st = PS_OK;
    if (own_reader)
        st = ps_reader_open(&j.r, ps_reader_meta_path(sh->j->r), &err);
    if (own_reader && st == PS_OK) /* a worker's own reader reads alike */
        st = ps_reader_set_block_frames(j.r, ps_reader_block_frames(sh->j->r), &err);
    size_t nc = j.n_ch, cap = sh->chunk + 2 * sh->settle;
    double *buf = malloc(cap * nc * sizeof *buf);
    j.y = NULL;
    j.one = malloc(j.block * sizeof *j.one);
    for (size_t k = 0; k < nc; k++)
        j.f[k] = NULL;
    if (st == PS_OK && (!buf || !j.one))
        st = ps_fail(&err, PS_ERR_NOMEM, "filter: out of memory for chunks of %zu", cap);
    for (size_t k = 0; k < nc && st == PS_OK; k++)
        st = ps_sosfilt_create(&j.f[k], sh->sos, sh->n_sec, &err);
    while (st == PS_OK && !atomic_load(&sh->failed)) {
        uint64_t c = atomic_fetch_add(&sh->next, 1);
        int64_t last = sh->len < sh->only_to ? sh->len : sh->only_to;
        int64_t s = sh->only_from + (int64_t)(c * sh->chunk);
        if (s >= last)
            break;
        int64_t e = s + (int64_t)sh->chunk < last ? s + (int64_t)sh->chunk : last;
        st = one_chunk(sh, &j, buf, s, e, &err);
        uint64_t done = atomic_fetch_add(&sh->done, (uint64_t)(e - s)) + (uint64_t)(e - s);
        if (progress && st == PS_OK) /* only the calling thread reports; a cancel stops all */
            st = common_progress(progress, parg,
                                   ((double)j.out_at + (double)done) / (double)j.total, &err);
    }
    if (st != PS_OK) {
        pthread_mutex_lock(&sh->io);
        if (!atomic_exchange(&sh->failed, 1)) {
            sh->st = st;
            if (sh->err)
                *sh->err = err;
        }
        pthread_mutex_unlock(&sh->io);
    }
    for (size_t k = 0; k < nc; k++)
        ps_sosfilt_destroy(j.f[k]);
    free(buf);
    free(j.one);
    if (own_reader && j.r != sh->j->r)
        ps_reader_close(j.r);
    return st;
}

static void *worker(void *arg)
{
    common_thread_name("ps-filter");
    work(arg, true, NULL, NULL);
    return NULL;
}

ps_status filter_chunked(struct job *j, const double *sos, size_t n_sections, ps_writer *w,
                         bool causal, size_t pad, size_t settle, unsigned threads,
                         ps_progress_fn progress, void *parg, ps_error *err)
{
    struct shared sh = {.j = j, .sos = sos, .n_sec = n_sections, .pad = causal ? 0 : pad,
                        .settle = settle, .causal = causal, .w = w, .st = PS_OK, .err = err};
    sh.len = (int64_t)(j->span.to - j->span.from);
    sh.ext = sh.len + 2 * (int64_t)pad;
    sh.only_from = (int64_t)j->only.from;
    sh.only_to = j->only.to > (uint64_t)sh.len ? sh.len : (int64_t)j->only.to;
    sh.chunk = filter_chunk_len(j->block, settle);
    atomic_init(&sh.next, 0);
    atomic_init(&sh.done, 0);
    atomic_init(&sh.failed, 0);
    pthread_mutex_init(&sh.io, NULL);
    uint64_t chunks = ((uint64_t)(sh.only_to - sh.only_from) + sh.chunk - 1) / sh.chunk;
    unsigned n_thr = threads > chunks ? (unsigned)chunks : threads;
    pthread_t tid[64];
    unsigned started = 0;
    for (unsigned t = 1; t < n_thr && t < 64; t++)
        if (pthread_create(&tid[started], NULL, worker, &sh) == 0)
            started++;
    ps_status st = work(&sh, false, progress, parg);
    for (unsigned t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&sh.io);
    return atomic_load(&sh.failed) ? sh.st : st;
}
