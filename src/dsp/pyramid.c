/* The overview pyramid's min/max bins, level by level: level 0 from the samples, each level
 * above from 8 bins of the one below. Pure computation; the caller stores the bins. */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "dsp_int.h"
#include "picostream/overview.h"

struct level {
    uint64_t bin;     /* index of the open bin */
    uint64_t filled;  /* samples (level 0) or bins below (above) in it */
    float *lo, *hi;   /* n_ch each */
};

struct ps_pyramid {
    unsigned n_ch;
    struct level lv[PS_OVERVIEW_LEVELS];
    double *dlo, *dhi; /* level 0 in double while a bin fills */
};

ps_status ps_pyramid_create(ps_pyramid **out, unsigned n_channels, ps_error *err)
{
    *out = NULL;
    if (n_channels == 0 || n_channels > 64)
        return ps_fail(err, PS_ERR_ARG, "overview: %u channels (1…64)", n_channels);
    ps_pyramid *p = calloc(1, sizeof *p);
    if (!p)
        return ps_fail(err, PS_ERR_NOMEM, "overview: out of memory");
    p->n_ch = n_channels;
    bool ok = (p->dlo = malloc(n_channels * sizeof *p->dlo)) &&
              (p->dhi = malloc(n_channels * sizeof *p->dhi));
    for (unsigned l = 0; ok && l < PS_OVERVIEW_LEVELS; l++)
        ok = (p->lv[l].lo = malloc(n_channels * sizeof(float))) &&
             (p->lv[l].hi = malloc(n_channels * sizeof(float)));
    if (!ok) {
        ps_pyramid_destroy(p);
        return ps_fail(err, PS_ERR_NOMEM, "overview: out of memory");
    }
    *out = p;
    return PS_OK;
}

void ps_pyramid_destroy(ps_pyramid *p)
{
    if (!p)
        return;
    for (unsigned l = 0; l < PS_OVERVIEW_LEVELS; l++) {
        free(p->lv[l].lo);
        free(p->lv[l].hi);
    }
    free(p->dlo);
    free(p->dhi);
    free(p);
}

void ps_pyramid_start_at(ps_pyramid *p, uint64_t first)
{
    for (unsigned l = 0; l < PS_OVERVIEW_LEVELS; l++) {
        unsigned k = PS_OVERVIEW_K0 + PS_OVERVIEW_STEP * l;
        struct level *v = &p->lv[l];
        v->bin = first >> k;
        /* level 0 counts samples, the others bins below; those before `first` are empty
         * (±inf), so the first bins hold what is in the piece only */
        v->filled = l == 0 ? first & (((uint64_t)1 << k) - 1)
                           : (first >> (k - PS_OVERVIEW_STEP)) & ((1u << PS_OVERVIEW_STEP) - 1);
        for (unsigned c = 0; c < p->n_ch; c++) {
            v->lo[c] = INFINITY;
            v->hi[c] = -INFINITY;
        }
    }
    for (unsigned c = 0; c < p->n_ch; c++) {
        p->dlo[c] = INFINITY;
        p->dhi[c] = -INFINITY;
    }
}

/* A finished bin of level l goes out and into level l + 1. */
static int close_bin(ps_pyramid *p, unsigned l, const float *lo, const float *hi,
                     ps_pyramid_fn fn, void *arg)
{
    struct level *v = &p->lv[l];
    if (fn(arg, l, v->bin, lo, hi))
        return -1;
    v->bin++;
    v->filled = 0;
    if (l + 1 >= PS_OVERVIEW_LEVELS)
        return 0;
    struct level *up = &p->lv[l + 1];
    for (unsigned c = 0; c < p->n_ch; c++) {
        up->lo[c] = up->filled ? fminf(up->lo[c], lo[c]) : lo[c];
        up->hi[c] = up->filled ? fmaxf(up->hi[c], hi[c]) : hi[c];
    }
    if (++up->filled == 1u << PS_OVERVIEW_STEP) {
        float tlo[64], thi[64];
        for (unsigned c = 0; c < p->n_ch; c++) {
            tlo[c] = up->lo[c];
            thi[c] = up->hi[c];
        }
        return close_bin(p, l + 1, tlo, thi, fn, arg);
    }
    return 0;
}

static int close_level0(ps_pyramid *p, ps_pyramid_fn fn, void *arg)
{
    float lo[64], hi[64];
    for (unsigned c = 0; c < p->n_ch; c++) {
        lo[c] = (float)p->dlo[c];
        hi[c] = (float)p->dhi[c];
    }
    return close_bin(p, 0, lo, hi, fn, arg);
}

int ps_pyramid_feed(ps_pyramid *p, const double *frames, size_t n, ps_pyramid_fn fn, void *arg)
{
    const uint64_t bin = 1u << PS_OVERVIEW_K0;
    struct level *v = &p->lv[0];
    for (size_t i = 0; i < n;) {
        size_t m = (size_t)(bin - v->filled) < n - i ? (size_t)(bin - v->filled) : n - i;
        for (unsigned c = 0; c < p->n_ch; c++) {
            double lo = v->filled ? p->dlo[c] : INFINITY, hi = v->filled ? p->dhi[c] : -INFINITY;
            const double *x = frames + i * p->n_ch + c;
            for (size_t j = 0; j < m; j++) {
                double s = x[j * p->n_ch];
                lo = s < lo ? s : lo;
                hi = s > hi ? s : hi;
            }
            p->dlo[c] = lo;
            p->dhi[c] = hi;
        }
        v->filled += m;
        i += m;
        if (v->filled == bin && close_level0(p, fn, arg))
            return -1;
    }
    return 0;
}

int ps_pyramid_feed_codes(ps_pyramid *p, const int16_t *frames, size_t n, const double *scale,
                          const double *offset, ps_pyramid_fn fn, void *arg)
{
    const uint64_t bin = 1u << PS_OVERVIEW_K0;
    struct level *v = &p->lv[0];
    for (size_t i = 0; i < n;) {
        size_t m = (size_t)(bin - v->filled) < n - i ? (size_t)(bin - v->filled) : n - i;
        for (unsigned c = 0; c < p->n_ch; c++) {
            int16_t lo = INT16_MAX, hi = INT16_MIN;
            const int16_t *x = frames + i * p->n_ch + c;
            if (p->n_ch == 1) /* contiguous: vectorised */
                for (size_t j = 0; j < m; j++) {
                    lo = x[j] < lo ? x[j] : lo;
                    hi = x[j] > hi ? x[j] : hi;
                }
            else
                for (size_t j = 0; j < m; j++) { /* codes: min/max in integers, volts per bin */
                    int16_t s = x[j * p->n_ch];
                    lo = s < lo ? s : lo;
                    hi = s > hi ? s : hi;
                }
            /* scale may be negative in principle: order the volts */
            double a = lo * scale[c] + offset[c], b = hi * scale[c] + offset[c];
            double vlo = a < b ? a : b, vhi = a < b ? b : a;
            p->dlo[c] = v->filled && p->dlo[c] < vlo ? p->dlo[c] : vlo;
            p->dhi[c] = v->filled && p->dhi[c] > vhi ? p->dhi[c] : vhi;
        }
        v->filled += m;
        i += m;
        if (v->filled == bin && close_level0(p, fn, arg))
            return -1;
    }
    return 0;
}

int ps_pyramid_finish(ps_pyramid *p, ps_pyramid_fn fn, void *arg)
{
    /* the open bins from the bottom up: each partial bin is also part of the one above */
    if (p->lv[0].filled) {
        float lo[64], hi[64];
        for (unsigned c = 0; c < p->n_ch; c++) {
            lo[c] = (float)p->dlo[c];
            hi[c] = (float)p->dhi[c];
        }
        if (fn(arg, 0, p->lv[0].bin, lo, hi))
            return -1;
        for (unsigned c = 0; c < p->n_ch; c++) { /* into level 1's open bin */
            struct level *up = &p->lv[1];
            up->lo[c] = up->filled ? fminf(up->lo[c], lo[c]) : lo[c];
            up->hi[c] = up->filled ? fmaxf(up->hi[c], hi[c]) : hi[c];
        }
        p->lv[1].filled += 1;
    }
    for (unsigned l = 1; l < PS_OVERVIEW_LEVELS; l++) {
        struct level *v = &p->lv[l];
        if (!v->filled)
            continue;
        if (fn(arg, l, v->bin, v->lo, v->hi))
            return -1;
        if (l + 1 < PS_OVERVIEW_LEVELS) {
            struct level *up = &p->lv[l + 1];
            for (unsigned c = 0; c < p->n_ch; c++) {
                up->lo[c] = up->filled ? fminf(up->lo[c], v->lo[c]) : v->lo[c];
                up->hi[c] = up->filled ? fmaxf(up->hi[c], v->hi[c]) : v->hi[c];
            }
            up->filled += 1;
        }
    }
    return 0;
}
