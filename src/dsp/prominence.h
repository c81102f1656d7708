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

/* Sample x at index j; -1 when out of memory. Ties: the latest of equal minima wins. */
int dsp_prom_push(struct dsp_prom_stack *s, double x, uint64_t j);

/* For a peak of `value` whose last plateau sample was the latest pushed: the lowest sample
 * on the way back to the nearest strictly higher one, into *min and *at (the peak's own value
 * and index when nothing on the way is lower). */
void dsp_prom_side(const struct dsp_prom_stack *s, double value, uint64_t index, double *min,
                   uint64_t *at);

void dsp_prom_free(struct dsp_prom_stack *s);

#endif
