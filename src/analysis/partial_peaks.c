/* find_peaks over a piece of a recording, and the merge of pieces (see ps_partial_run): each
 * piece runs the whole-recording finder on a window wider than itself, keeps the peaks whose
 * index lies in it, and widens the window until every kept peak's plateau and prominence walks
 * end inside it, so each kept peak is exactly the whole recording's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_int.h"
#include "partial_int.h"

#define SUB 4096                /* samples per block of the window's extremes */
#define FIRST_MARGIN (1u << 16) /* samples each side; ×8 while a peak's walk is open */

struct kept {
    ps_span keep;
    ps_peak *p;
    size_t n, cap;
    bool oom;
};

static int take(void *arg, const ps_peak *p)
{
    struct kept *k = arg;
    if (p->index < k->keep.from || p->index >= k->keep.to)
        return 0;
    if (k->n == k->cap) {
        size_t cap = k->cap ? 2 * k->cap : 1024;
        ps_peak *g = realloc(k->p, cap * sizeof *g);
        if (!g) {
            k->oom = true;
            return -1;
        }
        k->p = g;
        k->cap = cap;
    }
    k->p[k->n++] = *p;
    return 0;
}

static int by_index(const void *a, const void *b)
{
    uint64_t x = ((const ps_peak *)a)->index, y = ((const ps_peak *)b)->index;
    return (x > y) - (x < y);
}

/* The window's extremes per block of SUB samples, as prefix and suffix extremes (pre[i]: over
 * blocks [0, i); suf[i]: over blocks [i, n)), and a buffer for the partial blocks. */
struct extremes {
    ps_reader *r;
    int ch;
    ps_span w;
    size_t n;
    double *pre_hi, *pre_lo, *suf_hi, *suf_lo, *x;
};

static void extremes_free(struct extremes *e)
{
    free(e->pre_hi);
    free(e->pre_lo);
    free(e->suf_hi);
    free(e->suf_lo);
    free(e->x);
}

static ps_status extremes_build(struct extremes *e, ps_error *err)
{
    uint64_t len = e->w.to - e->w.from;
    e->n = (size_t)((len + SUB - 1) / SUB);
    size_t bytes = (e->n + 1) * sizeof(double);
    e->pre_hi = malloc(bytes);
    e->pre_lo = malloc(bytes);
    e->suf_hi = malloc(bytes);
    e->suf_lo = malloc(bytes);
    e->x = malloc(SUB * sizeof(double));
    if (!e->pre_hi || !e->pre_lo || !e->suf_hi || !e->suf_lo || !e->x)
        return ps_fail(err, PS_ERR_NOMEM, "partial peaks: out of memory");
    e->pre_hi[0] = e->suf_hi[e->n] = -INFINITY;
    e->pre_lo[0] = e->suf_lo[e->n] = INFINITY;
    for (size_t b = 0; b < e->n; b++) { /* block maxima into suf, then both scans */
        uint64_t at = e->w.from + (uint64_t)b * SUB;
        size_t m = e->w.to - at < SUB ? (size_t)(e->w.to - at) : SUB;
        ps_status st = ps_reader_read(e->r, at, m, (unsigned)e->ch, e->x, err);
        if (st != PS_OK)
            return st;
        double hi = -INFINITY, lo = INFINITY;
        for (size_t i = 0; i < m; i++) {
            hi = e->x[i] > hi ? e->x[i] : hi;
            lo = e->x[i] < lo ? e->x[i] : lo;
        }
        e->suf_hi[b] = hi;
        e->suf_lo[b] = lo;
    }
    for (size_t b = 0; b < e->n; b++) {
        e->pre_hi[b + 1] = fmax(e->pre_hi[b], e->suf_hi[b]);
        e->pre_lo[b + 1] = fmin(e->pre_lo[b], e->suf_lo[b]);
    }
    for (size_t b = e->n; b-- > 0;) {
        e->suf_hi[b] = fmax(e->suf_hi[b], e->suf_hi[b + 1]);
        e->suf_lo[b] = fmin(e->suf_lo[b], e->suf_lo[b + 1]);
    }
    return PS_OK;
}

/* Folds samples [a, b) (fewer than SUB) into *hi, *lo. */
static ps_status fold(struct extremes *e, uint64_t a, uint64_t b, double *hi, double *lo,
                      ps_error *err)
{
    if (a >= b)
        return PS_OK;
    ps_status st = ps_reader_read(e->r, a, (size_t)(b - a), (unsigned)e->ch, e->x, err);
    for (size_t i = 0; st == PS_OK && i < b - a; i++) {
        *hi = e->x[i] > *hi ? e->x[i] : *hi;
        *lo = e->x[i] < *lo ? e->x[i] : *lo;
    }
    return st;
}

/* Extremes of the window's samples before `end`. */
static ps_status before(struct extremes *e, uint64_t end, double *hi, double *lo, ps_error *err)
{
    size_t b = (size_t)((end - e->w.from) / SUB);
    *hi = e->pre_hi[b];
    *lo = e->pre_lo[b];
    return fold(e, e->w.from + (uint64_t)b * SUB, end, hi, lo, err);
}

/* Extremes of the window's samples from `start` on. */
static ps_status after(struct extremes *e, uint64_t start, double *hi, double *lo, ps_error *err)
{
    size_t b = (size_t)((start - e->w.from + SUB - 1) / SUB);
    uint64_t edge = e->w.from + (uint64_t)b * SUB;
    *hi = e->suf_hi[b];
    *lo = e->suf_lo[b];
    return fold(e, start, edge < e->w.to ? edge : e->w.to, hi, lo, err);
}

/* Whether the window w (inside stretch s) gives the whole stretch's peaks in keep: no plateau
 * runs into an edge of w that is not the stretch's, and without wlen every kept peak has a
 * higher sample inside w on each such side (its prominence walk ends there). */
static ps_status settled(struct extremes *e, ps_span s, ps_span keep, const struct kept *k,
                         bool walks, bool *ok, ps_error *err)
{
    bool open_l = e->w.from > s.from, open_r = e->w.to < s.to;
    double hi, lo;
    ps_status st = PS_OK;
    *ok = true;
    if (open_l && (st = before(e, keep.from + 1, &hi, &lo, err)) == PS_OK && hi == lo)
        *ok = false; /* the window's first samples may be a plateau centred in the piece */
    if (st == PS_OK && *ok && open_r && (st = after(e, keep.to - 1, &hi, &lo, err)) == PS_OK &&
        hi == lo)
        *ok = false;
    for (size_t i = 0; walks && st == PS_OK && *ok && i < k->n; i++) {
        const ps_peak *p = &k->p[i];
        if (open_l && (st = before(e, p->index, &hi, &lo, err)) == PS_OK && !(hi > p->value))
            *ok = false;
        if (st == PS_OK && *ok && open_r &&
            (st = after(e, p->index + 1, &hi, &lo, err)) == PS_OK && !(hi > p->value))
            *ok = false;
    }
    return st;
}

static json_t *cond_json(const ps_cond *c)
{
    return json_pack("[b, b, b, o, o]", c->set, c->has_min, c->has_max, partial_num(c->min),
                     partial_num(c->max));
}

static json_t *config_json(const ps_peaks_config *c)
{
    return json_pack("{s:o, s:o, s:o, s:o, s:o, s:[b, o], s:[b, o], s:o}", "height",
                     cond_json(&c->height), "threshold", cond_json(&c->threshold), "prominence",
                     cond_json(&c->prominence), "width", cond_json(&c->width), "plateau_size",
                     cond_json(&c->plateau_size), "distance", c->distance_set,
                     partial_num(c->distance), "wlen", c->wlen_set, partial_num(c->wlen),
                     "rel_height", partial_num(c->rel_height));
}

/* Appends the items of more (taken) to row. */
static void extend(json_t *row, json_t *more)
{
    json_array_extend(row, more);
    json_decref(more);
}

/* One peak as a row: its stretch's first sample, index and value, then the properties the
 * conditions ask for, in the CSV's order (what the merge and the CSV need, no more). */
static json_t *peak_json(const ps_peaks_config *c, uint64_t stretch, const ps_peak *p)
{
    json_t *row = json_pack("[I, I, o]", (json_int_t)stretch, (json_int_t)p->index,
                            partial_num(p->value));
    if (row && c->plateau_size.set)
        extend(row, json_pack("[I, I, I]", (json_int_t)p->plateau_size,
                                         (json_int_t)p->left_edge, (json_int_t)p->right_edge));
    if (row && c->threshold.set)
        extend(row, json_pack("[o, o]", partial_num(p->left_threshold),
                                         partial_num(p->right_threshold)));
    if (row && (c->prominence.set || c->width.set))
        extend(row, json_pack("[o, I, I]", partial_num(p->prominence),
                                         (json_int_t)p->left_base, (json_int_t)p->right_base));
    if (row && c->width.set)
        extend(row, json_pack("[o, o, o, o]", partial_num(p->width),
                                         partial_num(p->width_height), partial_num(p->left_ip),
                                         partial_num(p->right_ip)));
    return row;
}

/* The stretch s's peaks in keep, as the whole stretch gives them, appended to rows. */
static ps_status stretch_peaks(ps_reader *r, int ch, ps_span s, ps_span keep,
                               const ps_peaks_config *cfg, const ps_peaks_config *user,
                               json_t *rows, ps_error *err)
{
    uint64_t margin = FIRST_MARGIN;
    if (cfg->wlen_set && ceil(cfg->wlen) / 2 + 2 > (double)margin)
        margin = (uint64_t)(ceil(cfg->wlen) / 2 + 2); /* its walks end inside the window */
    struct kept k = {keep, NULL, 0, 0, false};
    ps_status st = PS_OK;
    for (bool ok = false; !ok && st == PS_OK; margin *= 8) {
        ps_span w = {keep.from - s.from > margin ? keep.from - margin : s.from,
                     s.to - keep.to > margin ? keep.to + margin : s.to};
        uint64_t n = 0;
        k.n = 0;
        st = peaks_window(r, ch, w, s.from, cfg, take, &k, &n, NULL, NULL, err);
        if (st != PS_OK && k.oom)
            st = ps_fail(err, PS_ERR_NOMEM, "partial peaks: out of memory");
        if (st == PS_OK && k.n > 1)
            qsort(k.p, k.n, sizeof *k.p, by_index);
        struct extremes e = {r, ch, w, 0, NULL, NULL, NULL, NULL, NULL};
        if (st == PS_OK && (w.from > s.from || w.to < s.to) &&
            (st = extremes_build(&e, err)) == PS_OK)
            st = settled(&e, s, keep, &k,
                         !cfg->wlen_set && (cfg->prominence.set || cfg->width.set), &ok, err);
        else
            ok = true; /* the window is the whole stretch */
        extremes_free(&e);
    }
    for (size_t i = 0; st == PS_OK && i < k.n; i++) {
        const ps_peak *p = &k.p[i];
        if (!user->distance_set && /* else the merge filters, after distance */
            ((user->prominence.set && !peaks_cond_in(&user->prominence, p->prominence)) ||
             (user->width.set && !peaks_cond_in(&user->width, p->width))))
            continue;
        json_t *row = peak_json(cfg, s.from, p);
        if (!row || json_array_append_new(rows, row) != 0)
            st = ps_fail(err, PS_ERR_NOMEM, "partial peaks: out of memory");
    }
    free(k.p);
    return st;
}

ps_status peaks_partial(ps_reader *r, int ch, ps_span piece, const ps_peaks_config *cfg,
                        json_t *o, ps_error *err)
{
    /* the window runs with prominence and width unbounded: a peak whose walk the window cuts
     * short must still be seen (to widen the window), not dropped for a prominence too low.
     * With distance, SciPy selects among all candidates before those filters: every candidate
     * goes into the partial, and the merge selects and filters. */
    ps_peaks_config c = *cfg;
    c.distance_set = false;
    if (c.prominence.set)
        c.prominence = (ps_cond){.set = true};
    if (c.width.set)
        c.width = (ps_cond){.set = true};
    json_t *rows = json_array();
    ps_status st = rows ? PS_OK : ps_fail(err, PS_ERR_NOMEM, "partial peaks: out of memory");
    for (uint64_t at = piece.from; at < piece.to && st == PS_OK;) {
        ps_span s = ps_reader_stretch(r, at);
        ps_span keep = {at, s.to < piece.to ? s.to : piece.to};
        st = stretch_peaks(r, ch, s, keep, &c, cfg, rows, err);
        at = keep.to;
    }
    json_t *p = json_pack("{s:o, s:o}", "config", config_json(cfg), "found", rows);
    if (!p || json_object_set_new(o, "peaks", p) != 0)
        return ps_fail(err, PS_ERR_NOMEM, "partial peaks: out of memory");
    return st;
}

/* ---- merge ---- */

static bool cond_of(json_t *j, ps_cond *c)
{
    int set, lo, hi;
    json_t *a, *b;
    if (json_unpack(j, "[b, b, b, o, o]", &set, &lo, &hi, &a, &b) != 0)
        return false;
    *c = (ps_cond){set, lo, hi, 0, 0};
    return partial_num_ok(a, &c->min) && partial_num_ok(b, &c->max);
}

static bool config_of(json_t *j, ps_peaks_config *c)
{
    int dset = 0, wset = 0;
    json_t *d, *w, *rh;
    memset(c, 0, sizeof *c);
    bool ok = json_unpack(j, "{s:[b, o], s:[b, o], s:o}", "distance", &dset, &d, "wlen", &wset,
                          &w, "rel_height", &rh) == 0 &&
              cond_of(json_object_get(j, "height"), &c->height) &&
              cond_of(json_object_get(j, "threshold"), &c->threshold) &&
              cond_of(json_object_get(j, "prominence"), &c->prominence) &&
              cond_of(json_object_get(j, "width"), &c->width) &&
              cond_of(json_object_get(j, "plateau_size"), &c->plateau_size) &&
              partial_num_ok(d, &c->distance) && partial_num_ok(w, &c->wlen) &&
              partial_num_ok(rh, &c->rel_height);
    c->distance_set = dset;
    c->wlen_set = wset;
    return ok;
}

/* Row column *k as a count or index (≥ 0), or as a number partial_num() wrote. */
static bool col_u(json_t *row, size_t *k, uint64_t *v)
{
    json_t *j = json_array_get(row, (*k)++);
    *v = (uint64_t)json_integer_value(j);
    return json_is_integer(j) && json_integer_value(j) >= 0;
}

static bool col_d(json_t *row, size_t *k, double *v)
{
    return partial_num_ok(json_array_get(row, (*k)++), v);
}

/* A row peak_json() wrote under the conditions c. */
static bool peak_of(const ps_peaks_config *c, json_t *row, uint64_t *stretch, ps_peak *p)
{
    size_t k = 0;
    memset(p, 0, sizeof *p);
    bool ok = col_u(row, &k, stretch) && col_u(row, &k, &p->index) && col_d(row, &k, &p->value);
    if (ok && c->plateau_size.set)
        ok = col_u(row, &k, &p->plateau_size) && col_u(row, &k, &p->left_edge) &&
             col_u(row, &k, &p->right_edge);
    if (ok && c->threshold.set)
        ok = col_d(row, &k, &p->left_threshold) && col_d(row, &k, &p->right_threshold);
    if (ok && (c->prominence.set || c->width.set))
        ok = col_d(row, &k, &p->prominence) && col_u(row, &k, &p->left_base) &&
             col_u(row, &k, &p->right_base);
    if (ok && c->width.set)
        ok = col_d(row, &k, &p->width) && col_d(row, &k, &p->width_height) &&
             col_d(row, &k, &p->left_ip) && col_d(row, &k, &p->right_ip);
    return ok && k == json_array_size(row) && p->index >= *stretch;
}

/* distance over one stretch's candidates [from, to) of out->peaks, then prominence and width
 * as SciPy applies them after it; the survivors move down to *w. */
static ps_status select_stretch(ps_merged *out, size_t from, size_t to, size_t *w, ps_error *err)
{
    const ps_peaks_config *c = &out->peaks_cfg;
    size_t n = to - from;
    ps_status st = peaks_by_distance(out->peaks + from, &n, c->distance, err);
    for (size_t i = from; st == PS_OK && i < from + n; i++) {
        const ps_peak *p = &out->peaks[i];
        if ((c->prominence.set && !peaks_cond_in(&c->prominence, p->prominence)) ||
            (c->width.set && !peaks_cond_in(&c->width, p->width)))
            continue;
        out->peaks[(*w)++] = *p;
    }
    return st;
}

ps_status peaks_merge(const struct partial_piece *p, size_t n, ps_merged *out, ps_error *err)
{
    if (!config_of(json_object_get(json_object_get(p[0].o, "peaks"), "config"), &out->peaks_cfg))
        return ps_fail(err, PS_ERR_FORMAT, "a peaks partial without its conditions");
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += json_array_size(json_object_get(json_object_get(p[i].o, "peaks"), "found"));
    uint64_t *stretch = malloc((total ? total : 1) * sizeof *stretch);
    out->peaks = malloc((total ? total : 1) * sizeof *out->peaks);
    if (!stretch || !out->peaks) {
        free(stretch);
        return ps_fail(err, PS_ERR_NOMEM, "merge: out of memory");
    }
    ps_status st = PS_OK;
    for (size_t i = 0; i < n && st == PS_OK; i++) { /* pieces in order, each in index order */
        json_t *rows = json_object_get(json_object_get(p[i].o, "peaks"), "found");
        for (size_t k = 0; k < json_array_size(rows) && st == PS_OK; k++) {
            ps_peak *q = &out->peaks[out->n_peaks];
            if (!peak_of(&out->peaks_cfg, json_array_get(rows, k), &stretch[out->n_peaks], q) ||
                q->index < p[i].span.from || q->index >= p[i].span.to ||
                (out->n_peaks && q->index <= out->peaks[out->n_peaks - 1].index))
                st = ps_fail(err, PS_ERR_FORMAT, "peaks partial %zu: a damaged peak", i + 1);
            else
                out->n_peaks++;
        }
    }
    if (st == PS_OK && out->peaks_cfg.distance_set) {
        size_t w = 0;
        for (size_t a = 0, b; a < out->n_peaks && st == PS_OK; a = b) {
            for (b = a + 1; b < out->n_peaks && stretch[b] == stretch[a]; b++)
                ;
            st = select_stretch(out, a, b, &w, err);
        }
        out->n_peaks = w;
    }
    free(stretch);
    return st;
}
