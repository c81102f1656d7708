/* find_peaks's prominence walks as a monotone stack (see prominence.h). */
#include <stdlib.h>

#include "prominence.h"

/* Adds a later sample to a segment: the latest of equal minima wins (≤). */
static void seg_later(struct dsp_seg *s, double v, uint64_t i)
{
    if (!s->set || v <= s->mn) {
        s->set = true;
        s->mn = v;
        s->mi = i;
    }
}

int dsp_prom_push(struct dsp_prom_stack *s, double x, uint64_t j)
{
    while (s->n > 0 && s->e[s->n - 1].v <= x) {
        struct dsp_prom_entry e = s->e[--s->n];
        struct dsp_seg *below = s->n ? &s->e[s->n - 1].seg : &s->base;
        seg_later(below, e.v, e.i);
        if (e.seg.set)
            seg_later(below, e.seg.mn, e.seg.mi);
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 256;
        struct dsp_prom_entry *g = realloc(s->e, cap * sizeof *g);
        if (!g)
            return -1;
        s->e = g;
        s->cap = cap;
    }
    s->e[s->n++] = (struct dsp_prom_entry){x, j, {false, 0, 0}};
    return 0;
}

void dsp_prom_side(const struct dsp_prom_stack *s, double value, uint64_t index, double *min,
                   uint64_t *at)
{
    /* the top entry is the latest sample; the one below it the nearest strictly higher */
    const struct dsp_seg *g = s->n >= 2 ? &s->e[s->n - 2].seg : &s->base;
    if (g->set && g->mn < value) {
        *min = g->mn;
        *at = g->mi;
    } else {
        *min = value;
        *at = index;
    }
}

void dsp_prom_free(struct dsp_prom_stack *s)
{
    free(s->e);
    *s = (struct dsp_prom_stack){0};
}
