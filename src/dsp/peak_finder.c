/* find_peaks's streaming stages (see ps_peak_finder in peaks.h): local maxima with plateau
 * midpoints as SciPy's _local_maxima_1d, plateau_size, height and threshold as find_peaks
 * applies them, and prominence by two monotone stacks in the same pass. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "picostream/peaks.h"
#include "prominence.h"

/* A peak whose right walk is still going: the minimum since its plateau, up to the next
 * entry's start. Heights non-increasing from the bottom. */
struct walk {
    ps_peak p;
    double left_min;
    struct dsp_seg seg;
};

struct ps_peak_finder {
    ps_peaks_config cfg;
    ps_peak_stage stage;
    bool started;   /* a sample has been seen since the last finish */
    uint64_t next;  /* index of the sample expected next */
    double prev;    /* the last sample */
    bool plat;      /* inside a rise's plateau: [start, …] at value pv, after `before` */
    uint64_t start;
    double pv, before;
    struct dsp_prom_stack left;
    struct walk *w;
    size_t wn, wcap;
};

static bool in(const ps_cond *c, double v)
{
    return (!c->has_min || c->min <= v) && (!c->has_max || v <= c->max);
}

ps_status ps_peak_finder_create(ps_peak_finder **out, const ps_peaks_config *cfg,
                                ps_peak_stage stage, ps_error *err)
{
    *out = NULL;
    if (stage > PS_PEAKS_PROMINENCE)
        return ps_fail(err, PS_ERR_ARG, "peak finder: unknown stage %d", (int)stage);
    ps_peak_finder *f = calloc(1, sizeof *f);
    if (!f)
        return ps_fail(err, PS_ERR_NOMEM, "peak finder: out of memory");
    f->cfg = *cfg;
    f->cfg.tmp_dir = NULL;
    f->stage = stage;
    *out = f;
    return PS_OK;
}

/* A plateau [left, right] of value v, preceded by `before` and followed by `after`: the peak
 * at its midpoint if it passes plateau_size, height and threshold. */
static bool candidate(const ps_peaks_config *cfg, uint64_t left, uint64_t right, double v,
                      double before, double after, ps_peak *out)
{
    ps_peak p = {0};
    p.index = left + (right - left) / 2;
    p.value = v;
    p.left_edge = left;
    p.right_edge = right;
    p.plateau_size = right - left + 1;
    p.left_threshold = p.index == left ? v - before : 0.0;
    p.right_threshold = p.index == right ? v - after : 0.0;
    if (cfg->plateau_size.set && !in(&cfg->plateau_size, (double)p.plateau_size))
        return false;
    if (cfg->height.set && !in(&cfg->height, v))
        return false;
    if (cfg->threshold.set) {
        double lo = fmin(p.left_threshold, p.right_threshold);
        double hi = fmax(p.left_threshold, p.right_threshold);
        if ((cfg->threshold.has_min && !(cfg->threshold.min <= lo)) ||
            (cfg->threshold.has_max && !(hi <= cfg->threshold.max)))
            return false;
    }
    *out = p;
    return true;
}

/* A walk's end: the right side is known; prominence = height − the higher of the minima. */
static int walk_done(ps_peak_finder *f, struct walk *e, ps_peak_fn fn, void *arg)
{
    bool lower = e->seg.set && e->seg.mn < e->p.value;
    double right_min = lower ? e->seg.mn : e->p.value;
    e->p.right_base = lower ? e->seg.mi : e->p.index;
    e->p.prominence = e->p.value - fmax(e->left_min, right_min);
    if (!f->cfg.distance_set && f->cfg.prominence.set && !in(&f->cfg.prominence, e->p.prominence))
        return 0;
    return fn(arg, &e->p);
}

/* Pops the top walk; its minimum carries down (the earlier segment wins ties: leftmost). */
static int walk_pop(ps_peak_finder *f, ps_peak_fn fn, void *arg)
{
    struct walk *e = &f->w[--f->wn];
    if (walk_done(f, e, fn, arg) != 0)
        return -1;
    if (f->wn > 0 && e->seg.set) {
        struct dsp_seg *b = &f->w[f->wn - 1].seg;
        if (!b->set || e->seg.mn < b->mn)
            *b = e->seg;
    }
    return 0;
}

/* A new sample for the walks still going: ends those it is higher than. */
static int walk_sample(ps_peak_finder *f, double x, uint64_t j, ps_peak_fn fn, void *arg)
{
    while (f->wn > 0 && f->w[f->wn - 1].p.value < x)
        if (walk_pop(f, fn, arg) < 0)
            return -1;
    if (f->wn > 0) {
        struct dsp_seg *t = &f->w[f->wn - 1].seg;
        if (!t->set || x < t->mn)
            *t = (struct dsp_seg){true, x, j};
    }
    return 0;
}

/* What becomes of a local maximum that passed plateau_size, height and threshold, found when
 * sample j (= after) closed its plateau: -1 out of memory, 1 fn stopped. */
static int found(ps_peak_finder *f, ps_peak *p, double after, uint64_t j, ps_peak_fn fn,
                 void *arg)
{
    if (f->stage == PS_PEAKS_CANDIDATES)
        return fn(arg, p) != 0;
    double left_min;
    dsp_prom_side(&f->left, p->value, p->index, &left_min, &p->left_base);
    if (f->stage == PS_PEAKS_LEFT) {
        /* prominence ≤ height − left minimum: a peak that cannot reach the minimum stops here */
        p->prominence = p->value - left_min;
        const ps_cond *pc = &f->cfg.prominence;
        if (pc->set && pc->has_min && !(p->prominence >= pc->min))
            return 0;
        return fn(arg, p) != 0;
    }
    if (f->wn == f->wcap) {
        size_t cap = f->wcap ? 2 * f->wcap : 256;
        struct walk *g = realloc(f->w, cap * sizeof *g);
        if (!g)
            return -1;
        f->w = g;
        f->wcap = cap;
    }
    /* the sample after the plateau is lower: the walk's first minimum */
    f->w[f->wn++] = (struct walk){*p, left_min, {true, after, j}};
    return 0;
}

static ps_status stopped(int rc, ps_error *err)
{
    return rc < 0 ? ps_fail(err, PS_ERR_NOMEM, "peaks: out of memory")
                  : ps_fail(err, PS_ERR_IO, "peaks: the receiver stopped");
}

ps_status ps_peak_finder_finish(ps_peak_finder *f, ps_peak_fn fn, void *arg, ps_error *err)
{
    while (f->wn > 0) /* walks that reached the end */
        if (walk_pop(f, fn, arg) < 0) {
            f->wn = 0;
            return stopped(1, err);
        }
    f->started = false;
    f->plat = false;
    f->left.n = 0;
    f->left.base = (struct dsp_seg){0};
    return PS_OK;
}

ps_status ps_peak_finder_process(ps_peak_finder *f, uint64_t index, const double *x, size_t n,
                                 ps_peak_fn fn, void *arg, ps_error *err)
{
    if (f->started && index != f->next) { /* after a gap: nothing reaches across */
        ps_status st = ps_peak_finder_finish(f, fn, arg, err);
        if (st != PS_OK)
            return st;
    }
    size_t k = 0;
    if (!f->started && n > 0) { /* the first sample: only a stack entry */
        f->started = true;
        f->prev = x[0];
        if (f->stage != PS_PEAKS_CANDIDATES && dsp_prom_push(&f->left, x[0], index) < 0)
            return stopped(-1, err);
        k = 1;
    }
    bool walks = f->stage == PS_PEAKS_PROMINENCE, left = f->stage != PS_PEAKS_CANDIDATES;
    for (; k < n; k++) {
        uint64_t j = index + k;
        double v = x[k];
        int rc = 0;
        if (walks && (rc = walk_sample(f, v, j, fn, arg)) != 0)
            return stopped(1, err);
        if (f->plat && v != f->pv) {
            ps_peak p;
            if (v < f->pv && candidate(&f->cfg, f->start, j - 1, f->pv, f->before, v, &p) &&
                (rc = found(f, &p, v, j, fn, arg)) != 0)
                return stopped(rc, err);
            f->plat = false;
        }
        if (!f->plat && f->prev < v) {
            f->plat = true;
            f->start = j;
            f->pv = v;
            f->before = f->prev;
        }
        if (left && dsp_prom_push(&f->left, v, j) < 0)
            return stopped(-1, err);
        f->prev = v;
    }
    f->next = index + n;
    return PS_OK;
}

void ps_peak_finder_destroy(ps_peak_finder *f)
{
    if (!f)
        return;
    dsp_prom_free(&f->left);
    free(f->w);
    free(f);
}
