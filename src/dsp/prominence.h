/* The monotone stack that gives find_peaks's prominence bases in one pass: fed samples in
 * order, it knows for the latest one the minimum between it and the nearest strictly higher
 * sample before it (the walk SciPy takes, O(1) amortised per sample). Fed a recording
 * backwards, it gives the other side. */
#ifndef PICOSTREAM_DSP_PROMINENCE_H
#define PICOSTREAM_DSP_PROMINENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dsp_seg {
    bool set;
    double mn;
    uint64_t mi;
};

struct dsp_prom_entry {
    double v;
    uint64_t i;
    struct dsp_seg seg; /* samples after i, up to the next entry */
};

struct dsp_prom_stack {
    struct dsp_prom_entry *e; /* strictly decreasing values */
    size_t n, cap;
    struct dsp_seg base; /* samples before the bottom entry */
};

/* Grows the stack and pushes (x, j); -1 when out of memory. */
int dsp_prom_grow(struct dsp_prom_stack *s, double x, uint64_t j);

/* Adds a later sample to a segment: the latest of equal minima wins (≤). */
static inline void dsp_seg_later(struct dsp_seg *s, double v, uint64_t i)
{
    if (!s->set || v <= s->mn) {
        s->set = true;
        s->mn = v;
        s->mi = i;
    }
}

/* Sample x at index j; -1 when out of memory. Ties: the latest of equal minima wins. Inline:
 * it runs for every sample. */
static inline int dsp_prom_push(struct dsp_prom_stack *s, double x, uint64_t j)
{
    while (s->n > 0 && s->e[s->n - 1].v <= x) {
        struct dsp_prom_entry e = s->e[--s->n];
        struct dsp_seg *below = s->n ? &s->e[s->n - 1].seg : &s->base;
        dsp_seg_later(below, e.v, e.i);
        if (e.seg.set)
            dsp_seg_later(below, e.seg.mn, e.seg.mi);
    }
    if (s->n == s->cap)
        return dsp_prom_grow(s, x, j);
    s->e[s->n++] = (struct dsp_prom_entry){x, j, {false, 0, 0}};
    return 0;
}

/* For a peak of `value` whose last plateau sample was the latest pushed: the lowest sample
 * on the way back to the nearest strictly higher one, into *min and *at (the peak's own value
 * and index when nothing on the way is lower). */
void dsp_prom_side(const struct dsp_prom_stack *s, double value, uint64_t index, double *min,
                   uint64_t *at);

void dsp_prom_free(struct dsp_prom_stack *s);

#endif
