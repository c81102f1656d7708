/* Axis ticks at 1-2-5 steps, and time units chosen for the span (µs … h). */
#include <math.h>
#include <stdio.h>

#include "plot_int.h"

double axis_step(double span, int max_ticks)
{
    double raw = span / (max_ticks > 0 ? max_ticks : 1), mag = pow(10, floor(log10(raw)));
    double f = raw / mag;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

int axis_ticks(double lo, double hi, int max_ticks, double *first, double *step)
{
    if (!isfinite(lo) || !isfinite(hi) || !(hi > lo) || !isfinite(hi - lo))
        return 0;
    *step = axis_step(hi - lo, max_ticks);
    *first = ceil(lo / *step) * *step;
    if (!isfinite(*step) || !(*step > 0) || !isfinite(*first))
        return 0;
    double n = floor((hi - *first) / *step * (1 + 1e-12)) + 1;
    /* at most a few more than asked: a huge offset with a tiny span cannot spin the loop */
    return n < 1 ? 0 : n > 2.0 * max_ticks + 2 ? 2 * max_ticks + 2 : (int)n;
}

void axis_time_unit(double span_s, const char **unit, double *per_s)
{
    static const struct {
        double limit, per;
        const char *name;
    } u[] = {{2e-3, 1e6, "µs"},
             {2, 1e3, "ms"},
             {300, 1, "s"},
             {3 * 3600.0, 1 / 60.0, "min"},
             {INFINITY, 1 / 3600.0, "h"}};
    for (size_t i = 0; i < sizeof u / sizeof *u; i++)
        if (span_s < u[i].limit) {
            *unit = u[i].name;
            *per_s = u[i].per;
            return;
        }
}

void axis_label(char *buf, size_t len, double v, double step)
{
    int digits = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
    snprintf(buf, len, "%.*f", digits, fabs(v) < step * 1e-6 ? 0.0 : v);
}
