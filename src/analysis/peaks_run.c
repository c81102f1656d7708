/* scipy.signal.find_peaks out of core: the streaming stages (ps_peak_finder: local maxima,
 * plateau/height/threshold, prominence's stacks) fed block by block from the file; distance
 * over the candidates in NumPy's argsort order; walks bounded by wlen, and widths, by random
 * access through a block cache. All give SciPy's exact result. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../dsp/dsp_int.h"
#include "../dsp/prominence.h"
#include "peaks_int.h"
#include "picostream/peaks.h"

#define CACHE_SLOTS 8
enum { FAIL_SPILL = 1, FAIL_MEMORY };
#define SPILL_CHUNK 4096

struct cache {
    ps_reader *r;
    int ch;
    ps_span span;
    size_t block;
    double *data[CACHE_SLOTS];
    int64_t tag[CACHE_SLOTS];
    uint64_t used[CACHE_SLOTS], clock;
    ps_status st;
    ps_error *err;
};

/* x[i] of the span (0-based); a read error is kept in c->st and 0 returned. */
static double at(struct cache *c, int64_t i)
{
    int64_t b = i / (int64_t)c->block;
    int slot = -1, lru = 0;
    for (int s = 0; s < CACHE_SLOTS; s++) {
        if (c->tag[s] == b) {
            slot = s;
            break;
        }
        if (c->used[s] < c->used[lru])
            lru = s;
    }
    if (slot < 0) {
        slot = lru;
        uint64_t len = c->span.to - c->span.from, from = (uint64_t)b * c->block;
        size_t n = len - from < c->block ? (size_t)(len - from) : c->block;
        c->tag[slot] = b;
        if (c->st == PS_OK)
            c->st = ps_reader_read(c->r, c->span.from + from, n, (unsigned)c->ch, c->data[slot],
                                   c->err);
    }
    c->used[slot] = ++c->clock;
    return c->data[slot][i - b * (int64_t)c->block];
}

bool peaks_cond_in(const ps_cond *c, double v)
{
    return (!c->has_min || c->min <= v) && (!c->has_max || v <= c->max);
}

struct list {
    ps_peak *p;
    size_t n, cap;
};

static int push(struct list *l, const ps_peak *p)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 1024;
        ps_peak *g = realloc(l->p, cap * sizeof *g);
        if (!g)
            return -1;
        l->p = g;
        l->cap = cap;
    }
    l->p[l->n++] = *p;
    return 0;
}

static int by_index(const void *a, const void *b)
{
    uint64_t x = ((const ps_peak *)a)->index, y = ((const ps_peak *)b)->index;
    return (x > y) - (x < y);
}

struct run {
    struct cache *c;
    const ps_peaks_config *cfg;
    ps_span span;
    uint64_t origin; /* where widths' interpolated positions count from: the stretch's start */
    int64_t n, wlen;
    bool stream_prom, need_prom;
    struct list keep; /* distance: every candidate */
    ps_peak_fn fn;
    void *arg;
    uint64_t n_out;
    bool stopped;
    int failure;   /* why found() stopped the finder: FAIL_SPILL, FAIL_MEMORY (else the output) */
    int tmp;       /* two-pass prominence: candidates with their left side, in index order */
    ps_peak *pend; /* spill buffer */
    size_t n_pend;
    uint64_t n_tmp;
    const struct peaks_right *right; /* the backward pass running beside the forward one */
    ps_error *err;
};

static void width(struct cache *c, ps_peak *p, double rel_height, uint64_t shift);
static void prominence(struct cache *c, ps_peak *p, int64_t n, int64_t wlen);

/* A peak with its prominence known: width (if asked), then out to the caller. */
static int deliver(struct run *r, ps_peak *p)
{
    if (r->cfg->width.set) {
        width(r->c, p, r->cfg->rel_height, r->span.from - r->origin);
        if (!peaks_cond_in(&r->cfg->width, p->width))
            return 0;
    }
    uint64_t f = r->span.from; /* report recording indices */
    p->index += f;
    p->left_edge += f;
    p->right_edge += f;
    p->left_base += f;
    p->right_base += f;
    p->left_ip += (double)r->origin; /* width() measured them from the origin */
    p->right_ip += (double)r->origin;
    r->n_out++;
    if (r->fn(r->arg, p) != 0) {
        r->stopped = true;
        return -1;
    }
    return 0;
}

/* Candidates with their left side, in and out of the temporary file. */
static int spill(int fd, uint64_t at, const ps_peak *p, size_t n)
{
    return analysis_pwrite_all(fd, at * sizeof *p, p, n * sizeof *p);
}

static int unspill(int fd, uint64_t at, ps_peak *p, size_t n)
{
    return analysis_pread_all(fd, at * sizeof *p, p, n * sizeof *p);
}

/* What the finder hands out, by the run's mode. */
static int found(void *arg, const ps_peak *peak)
{
    struct run *r = arg;
    ps_peak p = *peak;
    if (r->tmp >= 0) { /* left side now, right side in the backward pass */
        r->pend[r->n_pend++] = p;
        if (r->n_pend == SPILL_CHUNK) {
            if (spill(r->tmp, r->n_tmp, r->pend, r->n_pend) < 0) {
                r->failure = FAIL_SPILL;
                return -1;
            }
            r->n_tmp += r->n_pend;
            r->n_pend = 0;
        }
        return 0;
    }
    if (r->stream_prom || r->cfg->distance_set) {
        if (push(&r->keep, &p) < 0) {
            r->failure = FAIL_MEMORY;
            return -1;
        }
        return 0;
    }
    if (r->need_prom) { /* wlen: a bounded walk each side, through the cache */
        prominence(r->c, &p, r->n, r->wlen);
        if (r->cfg->prominence.set && !peaks_cond_in(&r->cfg->prominence, p.prominence))
            return 0;
    }
    return deliver(r, &p);
}

static ps_status local_maxima(struct run *r, ps_progress_fn progress, void *parg, ps_error *err)
{
    struct cache *c = r->c;
    uint64_t n = (uint64_t)r->n;
    ps_peak_stage stage = !r->stream_prom ? PS_PEAKS_CANDIDATES
                          : r->tmp >= 0   ? PS_PEAKS_LEFT
                                          : PS_PEAKS_PROMINENCE;
    ps_peak_finder *f = NULL;
    double *x = malloc(c->block * sizeof *x);
    ps_status st = x ? ps_peak_finder_create(&f, r->cfg, stage, err)
                     : ps_fail(err, PS_ERR_NOMEM, "peaks: out of memory");
    for (uint64_t b0 = 0; b0 < n && st == PS_OK; b0 += c->block) {
        if (r->right && atomic_load(&r->right->failed))
            break; /* the backward pass failed: its error is the answer */
        size_t m = n - b0 < c->block ? (size_t)(n - b0) : c->block;
        if ((st = ps_reader_read(c->r, c->span.from + b0, m, (unsigned)c->ch, x, err)) != PS_OK)
            break;
        st = ps_peak_finder_process(f, b0, x, m, found, r, err);
        if (st == PS_OK)
            st = common_progress(progress, parg,
                                   (r->right ? 0.45 : 0.9) * (double)(b0 + m) / (double)n, err);
    }
    if (st == PS_OK)
        st = ps_peak_finder_finish(f, found, r, err);
    ps_peak_finder_destroy(f);
    if (r->failure) /* found() said why it stopped the finder */
        st = r->failure == FAIL_SPILL ? ps_fail(err, PS_ERR_IO, "peaks: temp file write failed")
                                      : ps_fail(err, PS_ERR_NOMEM, "peaks: out of memory");
    if (r->tmp >= 0 && st == PS_OK && r->n_pend) {
        if (spill(r->tmp, r->n_tmp, r->pend, r->n_pend) < 0)
            st = ps_fail(err, PS_ERR_IO, "peaks: temp file write failed");
        r->n_tmp += r->n_pend;
        r->n_pend = 0;
    }
    free(x);
    if (st == PS_OK && c->st != PS_OK)
        st = c->st;
    if (st == PS_OK && r->stream_prom && r->keep.n > 1)
        qsort(r->keep.p, r->keep.n, sizeof *r->keep.p, by_index);
    return st;
}

ps_status peaks_by_distance(ps_peak *p, size_t *np, double distance, ps_error *err)
{
    size_t n = *np;
    if (n == 0)
        return PS_OK;
    double *h = malloc(n * sizeof *h);
    size_t *order = malloc(n * sizeof *order);
    unsigned char *keep = malloc(n);
    if (!h || !order || !keep) {
        free(h);
        free(order);
        free(keep);
        return ps_fail(err, PS_ERR_NOMEM, "peaks: out of memory for distance");
    }
    for (size_t i = 0; i < n; i++) {
        h[i] = p[i].value;
        keep[i] = 1;
    }
    dsp_argsort(h, order, n);
    uint64_t d = (uint64_t)ceil(distance);
    for (size_t q = n; q-- > 0;) {
        size_t j = order[q];
        if (!keep[j])
            continue;
        for (size_t k = j; k-- > 0 && p[j].index - p[k].index < d;)
            keep[k] = 0;
        for (size_t k = j + 1; k < n && p[k].index - p[j].index < d; k++)
            keep[k] = 0;
    }
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (keep[i])
            p[w++] = p[i];
    *np = w;
    free(h);
    free(order);
    free(keep);
    return PS_OK;
}

static void prominence(struct cache *c, ps_peak *p, int64_t n, int64_t wlen)
{
    int64_t peak = (int64_t)p->index, i_min = 0, i_max = n - 1;
    if (wlen >= 2) {
        i_min = peak - wlen / 2 > 0 ? peak - wlen / 2 : 0;
        i_max = peak + wlen / 2 < n - 1 ? peak + wlen / 2 : n - 1;
    }
    double xp = p->value, left_min = xp, right_min = xp, v;
    int64_t i = peak, lb = peak, rb = peak;
    while (i_min <= i && (v = at(c, i)) <= xp) {
        if (v < left_min) {
            left_min = v;
            lb = i;
        }
        i--;
    }
    i = peak;
    while (i <= i_max && (v = at(c, i)) <= xp) {
        if (v < right_min) {
            right_min = v;
            rb = i;
        }
        i++;
    }
    p->left_base = (uint64_t)lb;
    p->right_base = (uint64_t)rb;
    p->prominence = xp - fmax(left_min, right_min);
}

/* Interpolated positions count from the origin, span.from − shift: a window inside a stretch
 * (a piece's) rounds them as the whole stretch does. */
static void width(struct cache *c, ps_peak *p, double rel_height, uint64_t shift)
{
    int64_t peak = (int64_t)p->index, i_min = (int64_t)p->left_base, i_max = (int64_t)p->right_base;
    double h = p->value - p->prominence * rel_height;
    p->width_height = h;
    int64_t i = peak;
    while (i_min < i && h < at(c, i))
        i--;
    double left = (double)((uint64_t)i + shift), xi = at(c, i);
    if (xi < h)
        left += (h - xi) / (at(c, i + 1) - xi);
    i = peak;
    while (i < i_max && h < at(c, i))
        i++;
    double right = (double)((uint64_t)i + shift);
    xi = at(c, i);
    if (xi < h)
        right -= (h - xi) / (at(c, i - 1) - xi);
    p->left_ip = left;
    p->right_ip = right;
    p->width = right - left;
}

/* The candidates the forward pass spilled (index order, left sides) joined with the right
 * sides the backward pass found (read from its file's end: index order too): the smaller side
 * is the prominence; each kept peak goes out in index order. */
static ps_status join(struct run *r, const struct peaks_right *pr, ps_progress_fn progress,
                      void *parg, ps_error *err)
{
    enum { CHUNK = 4096 };
    const ps_peaks_config *cfg = r->cfg;
    ps_peak *cand = malloc(CHUNK * sizeof *cand);
    struct peaks_right_rec *side = malloc(CHUNK * sizeof *side);
    ps_status st = cand && side ? PS_OK : ps_fail(err, PS_ERR_NOMEM, "peaks: out of memory");
    uint64_t right_left = pr->n; /* right sides not yet read, from the file's end */
    size_t ns = 0, si = 0;
    for (uint64_t at = 0; at < r->n_tmp && st == PS_OK;) {
        size_t nc = r->n_tmp - at < CHUNK ? (size_t)(r->n_tmp - at) : CHUNK;
        if (unspill(r->tmp, at, cand, nc) < 0) {
            st = ps_fail(err, PS_ERR_IO, "peaks: temp file read failed");
            break;
        }
        at += nc;
        for (size_t i = 0; i < nc && st == PS_OK; i++) {
            ps_peak *p = &cand[i];
            for (;;) { /* the next right side at or after this candidate */
                if (si == ns && right_left > 0) {
                    ns = right_left < CHUNK ? (size_t)right_left : CHUNK;
                    right_left -= ns;
                    if (peaks_right_get(pr->fd, right_left, side, ns) < 0) {
                        st = ps_fail(err, PS_ERR_IO, "peaks: temp file read failed");
                        break;
                    }
                    si = 0;
                }
                if (si == ns || side[ns - 1 - si].index >= p->index)
                    break;
                si++;
            }
            if (st != PS_OK || si == ns || side[ns - 1 - si].index != p->index)
                continue; /* its right side cannot reach the prominence minimum */
            const struct peaks_right_rec *q = &side[ns - 1 - si];
            double right_min = q->base == UINT64_MAX ? p->value : q->min;
            p->right_base = q->base == UINT64_MAX ? p->index : q->base;
            p->prominence = fmin(p->prominence, p->value - right_min);
            if (cfg->prominence.set && !peaks_cond_in(&cfg->prominence, p->prominence))
                continue;
            if (deliver(r, p) < 0)
                st = PS_ERR_IO;
        }
        if (st == PS_OK)
            st = common_progress(progress, parg, 0.9 + 0.1 * (double)at / (double)r->n_tmp,
                                   err);
    }
    free(cand);
    free(side);
    return st;
}

ps_status peaks_window(ps_reader *r, int ch, ps_span span, uint64_t origin,
                       const ps_peaks_config *cfg, ps_peak_fn fn, void *arg, uint64_t *n_out,
                       ps_progress_fn progress, void *parg, ps_error *err)
{
    *n_out = 0;
    if (span.from >= span.to || span.to > ps_reader_frames(r))
        return ps_fail(err, PS_ERR_ARG, "empty or out-of-range selection");
    if (cfg->distance_set && !(cfg->distance >= 1))
        return ps_fail(err, PS_ERR_ARG, "distance must be at least 1 sample (got %g)",
                       cfg->distance);
    if (cfg->wlen_set && !(cfg->wlen > 1))
        return ps_fail(err, PS_ERR_ARG, "wlen must be larger than 1 sample (got %g)", cfg->wlen);
    if (!(cfg->rel_height >= 0))
        return ps_fail(err, PS_ERR_ARG, "`rel-height` must be at least 0 (got %g)", cfg->rel_height);
    struct cache c = {.r = r, .ch = ch, .span = span, .block = ps_reader_block_frames(r), .err = err};
    ps_status st = PS_OK;
    for (int s = 0; s < CACHE_SLOTS; s++) {
        c.tag[s] = -1;
        if (!(c.data[s] = malloc(c.block * sizeof(double))))
            st = ps_fail(err, PS_ERR_NOMEM, "peaks: out of memory");
    }
    struct run run = {.c = &c, .cfg = cfg, .span = span, .origin = origin, .fn = fn, .arg = arg};
    run.n = (int64_t)(span.to - span.from);
    run.wlen = cfg->wlen_set ? (int64_t)ceil(cfg->wlen) : -1;
    run.need_prom = cfg->prominence.set || cfg->width.set;
    run.stream_prom = run.need_prom && run.wlen < 2;
    run.tmp = -1;
    run.err = err;
    if (st == PS_OK && run.stream_prom && !cfg->distance_set) {
        const char *tdir = cfg->tmp_dir;
        char path[4096];
        snprintf(path, sizeof path, "%s/.picostream-peaks-XXXXXX", tdir && *tdir ? tdir : "/tmp");
        if ((run.tmp = mkstemp(path)) < 0)
            st = ps_fail(err, PS_ERR_IO, "peaks: temp file in %s: %s", path, strerror(errno));
        else
            unlink(path); /* gone with the process, whatever happens */
        if (st == PS_OK && !(run.pend = malloc(SPILL_CHUNK * sizeof *run.pend)))
            st = ps_fail(err, PS_ERR_NOMEM, "peaks: out of memory");
    }
    /* two passes: the right sides backwards on a thread of their own, the left ones here */
    struct peaks_right pr = {.fd = -1};
    atomic_int stop;
    atomic_init(&stop, 0);
    if (st == PS_OK && run.tmp >= 0 && (st = peaks_right_start(&pr, r, ch, span, cfg, &stop,
                                                                err)) == PS_OK)
        run.right = &pr;
    if (st == PS_OK)
        st = local_maxima(&run, progress, parg, err);
    if (run.tmp >= 0 && pr.fd >= 0) {
        if (st != PS_OK)
            atomic_store(&stop, 1);
        ps_status rs = peaks_right_finish(&pr, r, progress, parg, 0.45, 0.45,
                                          st == PS_OK ? err : NULL);
        if (st == PS_OK)
            st = rs;
        if (st == PS_OK)
            st = join(&run, &pr, progress, parg, err);
        peaks_right_close(&pr);
    }
    if (run.tmp >= 0)
        close(run.tmp);
    if (st == PS_OK && cfg->distance_set) { /* SciPy's order: distance, then prominence */
        st = peaks_by_distance(run.keep.p, &run.keep.n, cfg->distance, err);
        for (size_t i = 0; st == PS_OK && i < run.keep.n; i++) {
            ps_peak *p = &run.keep.p[i];
            if (run.need_prom && !run.stream_prom)
                prominence(&c, p, run.n, run.wlen);
            if (cfg->prominence.set && !peaks_cond_in(&cfg->prominence, p->prominence))
                continue;
            if (deliver(&run, p) < 0)
                st = PS_ERR_IO;
            if (st == PS_OK && i % 4096 == 0)
                st = common_progress(progress, parg, 0.9 + 0.1 * (double)i / (double)run.keep.n,
                                       err);
        }
    }
    if (st == PS_OK && c.st != PS_OK)
        st = c.st;
    if (st == PS_ERR_IO && run.stopped)
        st = ps_fail(err, PS_ERR_IO, "peaks: the output could not be written");
    for (int s = 0; s < CACHE_SLOTS; s++)
        free(c.data[s]);
    free(run.keep.p);
    free(run.pend);
    *n_out = run.n_out;
    return st;
}

struct peaks_job {
    ps_reader *r;
    int ch;
    const ps_peaks_config *cfg;
    ps_peak_fn fn;
    void *arg;
    uint64_t n;
    ps_error *err;
};

static ps_status peaks_of(void *ctx, ps_span stretch, ps_progress_fn progress, void *parg)
{
    struct peaks_job *j = ctx;
    uint64_t n = 0;
    ps_status st = peaks_window(j->r, j->ch, stretch, stretch.from, j->cfg, j->fn, j->arg, &n,
                                progress, parg, j->err);
    j->n += n;
    return st;
}

/* find_peaks of each gap-free stretch on its own: no peak, base or width reaches across a gap */
ps_status ps_find_peaks(ps_reader *r, int ch, ps_span span, const ps_peaks_config *cfg,
                        ps_peak_fn fn, void *arg, uint64_t *n_out, ps_progress_fn progress,
                        void *parg, ps_error *err)
{
    *n_out = 0;
    if (span.from >= span.to || span.to > ps_reader_frames(r))
        return ps_fail(err, PS_ERR_ARG, "empty or out-of-range selection");
    struct peaks_job j = {r, ch, cfg, fn, arg, 0, err};
    ps_status st = analysis_each_stretch(r, span, peaks_of, &j, progress, parg);
    *n_out = j.n;
    return st;
}
