/* scipy.signal.get_window(name, n): periodic (DFT-even) windows, as welch uses them. */
#include <math.h>
#include <string.h>

#include "picostream/dsp.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* general_cosine(M+1, a, sym=True) truncated to M: Σ (−1)^k a_k cos(2πk n / M) */
static void cosine_sum(double *w, size_t n, const double *a, int na)
{
    for (size_t i = 0; i < n; i++) {
        double fac = -M_PI + 2 * M_PI * (double)i / (double)n, v = 0;
        for (int k = 0; k < na; k++)
            v += a[k] * cos(k * fac);
        w[i] = v;
    }
}

ps_status ps_window(const char *name, size_t n, double *w, ps_error *err)
{
    if (n == 0)
        return ps_fail(err, PS_ERR_ARG, "window length 0");
    if (n == 1) {
        w[0] = 1;
        return PS_OK;
    }
    if (strcmp(name, "hann") == 0) {
        static const double a[] = {0.5, 0.5};
        cosine_sum(w, n, a, 2);
    } else if (strcmp(name, "hamming") == 0) {
        static const double a[] = {0.54, 0.46};
        cosine_sum(w, n, a, 2);
    } else if (strcmp(name, "blackman") == 0) {
        static const double a[] = {0.42, 0.50, 0.08};
        cosine_sum(w, n, a, 3);
    } else if (strcmp(name, "flattop") == 0) {
        static const double a[] = {0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368};
        cosine_sum(w, n, a, 5);
    } else if (strcmp(name, "boxcar") == 0) {
        for (size_t i = 0; i < n; i++)
            w[i] = 1;
    } else if (strcmp(name, "bartlett") == 0) {
        for (size_t i = 0; i < n; i++) { /* of length n + 1, symmetric, last point dropped */
            double m = (double)n;
            w[i] = (double)i <= m / 2 ? 2.0 * i / m : 2.0 - 2.0 * i / m;
        }
    } else {
        return ps_fail(err, PS_ERR_ARG,
                       "window '%s' (hann, hamming, blackman, flattop, boxcar, "
                       "bartlett)",
                       name);
    }
    return PS_OK;
}
