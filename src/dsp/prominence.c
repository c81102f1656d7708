/* find_peaks's prominence walks as a monotone stack (see prominence.h). */
#include <stdlib.h>

#include "prominence.h"

int dsp_prom_grow(struct dsp_prom_stack *s, double x, uint64_t j)
{
    size_t cap = s->cap ? 2 * s->cap : 256;
    struct dsp_prom_entry *g = realloc(s->e, cap * sizeof *g);
    if (!g)
        return -1;
    s->e = g;
    s->cap = cap;
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
