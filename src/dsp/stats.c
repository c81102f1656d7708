/* Running min, max, mean, RMS and standard deviation (numpy's ddof=0), Welford's update so
 * long recordings with a large offset keep their precision. */
#include <math.h>

#include "picostream/dsp.h"

void ps_stats_reset(ps_stats *s)
{
    s->n = 0;
    s->min = INFINITY;
    s->max = -INFINITY;
    s->mean = s->m2 = s->sumsq = 0;
}

void ps_stats_feed(ps_stats *s, const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double v = x[i];
        if (v < s->min)
            s->min = v;
        if (v > s->max)
            s->max = v;
        s->n++;
        double d = v - s->mean;
        s->mean += d / (double)s->n;
        s->m2 += d * (v - s->mean);
        s->sumsq += v * v;
    }
}

double ps_stats_rms(const ps_stats *s)
{
    return s->n ? sqrt(s->sumsq / (double)s->n) : NAN;
}

double ps_stats_std(const ps_stats *s)
{
    return s->n ? sqrt(s->m2 / (double)s->n) : NAN;
}
