/* Running min, max, mean, RMS and standard deviation (numpy's ddof=0), merged block by block
 * (Chan et al.) so long recordings with a large offset keep their precision. */
#include <math.h>

#include "picostream/dsp.h"

void ps_stats_reset(ps_stats *s)
{
    s->n = 0;
    s->min = INFINITY;
    s->max = -INFINITY;
    s->mean = s->m2 = s->sumsq = 0;
}

/* A block's own mean and squared deviations (two passes, vectorisable), merged into the
 * running ones with Chan's update: exact to rounding, and fast. */
void ps_stats_feed(ps_stats *s, const double *x, size_t n)
{
    if (n == 0)
        return;
    double lo = s->min, hi = s->max, sum = 0, sq = 0;
    for (size_t i = 0; i < n; i++) {
        lo = x[i] < lo ? x[i] : lo;
        hi = x[i] > hi ? x[i] : hi;
        sum += x[i];
        sq += x[i] * x[i];
    }
    double mean = sum / (double)n, m2 = 0;
    for (size_t i = 0; i < n; i++) {
        double d = x[i] - mean;
        m2 += d * d;
    }
    s->min = lo;
    s->max = hi;
    s->sumsq += sq;
    double na = (double)s->n, nb = (double)n, nt = na + nb, delta = mean - s->mean;
    s->mean += delta * nb / nt;
    s->m2 += m2 + delta * delta * na * nb / nt;
    s->n += n;
}

void ps_stats_merge(ps_stats *s, const ps_stats *b)
{
    if (b->n == 0)
        return;
    s->min = b->min < s->min ? b->min : s->min;
    s->max = b->max > s->max ? b->max : s->max;
    s->sumsq += b->sumsq;
    double na = (double)s->n, nb = (double)b->n, nt = na + nb, delta = b->mean - s->mean;
    s->mean += delta * nb / nt;
    s->m2 += b->m2 + delta * delta * na * nb / nt;
    s->n += b->n;
}

double ps_stats_rms(const ps_stats *s)
{
    return s->n ? sqrt(s->sumsq / (double)s->n) : NAN;
}

double ps_stats_std(const ps_stats *s)
{
    return s->n ? sqrt(s->m2 / (double)s->n) : NAN;
}
