/* scipy.signal.butter(N, Wn, btype, fs=fs, output='sos'): analogue prototype, frequency
 * transform, bilinear transform (all as zeros/poles/gain), then second-order sections. The
 * pairing into sections differs from zpk2sos's 'nearest' but the cascade is the same filter;
 * odd low/high-pass orders keep one first-order section, as SciPy's, so padlen matches. */
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "picostream/dsp.h"

#define MAX_ORDER 32
#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

struct zpk {
    double complex z[2 * MAX_ORDER], p[2 * MAX_ORDER];
    size_t nz, np;
    double k;
};

static double complex prod_minus(const double complex *v, size_t n, double complex c)
{
    double complex r = 1;
    for (size_t i = 0; i < n; i++)
        r *= c - v[i];
    return r;
}

static void transform(struct zpk *f, ps_btype btype, double w1, double w2)
{
    size_t degree = f->np - f->nz;
    if (btype == PS_LOWPASS) { /* lp2lp_zpk */
        for (size_t i = 0; i < f->np; i++)
            f->p[i] *= w1;
        f->k *= pow(w1, (double)degree);
    } else if (btype == PS_HIGHPASS) { /* lp2hp_zpk: zeros move to the origin */
        f->k *= creal(1.0 / prod_minus(f->p, f->np, 0));
        for (size_t i = 0; i < f->np; i++)
            f->p[i] = w1 / f->p[i];
        for (size_t i = 0; i < degree; i++)
            f->z[f->nz++] = 0;
    } else {
        double bw = w2 - w1, wo = sqrt(w1 * w2);
        size_t np = f->np;
        double complex lp[2 * MAX_ORDER];
        memcpy(lp, f->p, np * sizeof *lp);
        if (btype == PS_BANDPASS) { /* lp2bp_zpk */
            for (size_t i = 0; i < np; i++) {
                double complex q = lp[i] * bw / 2, r = csqrt(q * q - wo * wo);
                f->p[i] = q + r;
                f->p[np + i] = q - r;
            }
            f->np = 2 * np;
            for (size_t i = 0; i < degree; i++)
                f->z[f->nz++] = 0;
            f->k *= pow(bw, (double)degree);
        } else { /* lp2bs_zpk */
            f->k *= creal(1.0 / prod_minus(lp, np, 0));
            for (size_t i = 0; i < np; i++) {
                double complex q = (bw / 2) / lp[i], r = csqrt(q * q - wo * wo);
                f->p[i] = q + r;
                f->p[np + i] = q - r;
            }
            f->np = 2 * np;
            for (size_t i = 0; i < degree; i++) {
                f->z[f->nz++] = I * wo;
                f->z[f->nz++] = -I * wo;
            }
        }
    }
}

static void bilinear(struct zpk *f) /* bilinear_zpk with fs = 2 */
{
    const double fs2 = 4.0;
    size_t degree = f->np - f->nz;
    f->k *= creal(prod_minus(f->z, f->nz, fs2) / prod_minus(f->p, f->np, fs2));
    for (size_t i = 0; i < f->nz; i++)
        f->z[i] = (fs2 + f->z[i]) / (fs2 - f->z[i]);
    for (size_t i = 0; i < f->np; i++)
        f->p[i] = (fs2 + f->p[i]) / (fs2 - f->p[i]);
    for (size_t i = 0; i < degree; i++)
        f->z[f->nz++] = -1;
}

/* Takes out a root and its conjugate partner (or a real root alone); returns 2 or 1. */
static int take_pair(double complex *v, size_t *n, double complex out[2])
{
    size_t best = 0;
    for (size_t i = 1; i < *n; i++) /* complex roots first, so a real one is left for last */
        if (fabs(cimag(v[i])) > fabs(cimag(v[best])))
            best = i;
    out[0] = v[best];
    v[best] = v[--*n];
    if (fabs(cimag(out[0])) > 1e-12 * (1 + cabs(out[0]))) {
        size_t j = 0;
        double d = INFINITY;
        for (size_t i = 0; i < *n; i++)
            if (cabs(v[i] - conj(out[0])) < d) {
                d = cabs(v[i] - conj(out[0]));
                j = i;
            }
        out[1] = v[j];
        v[j] = v[--*n];
        return 2;
    }
    for (size_t i = 0; i < *n; i++) /* a second real root, if any, completes the section */
        if (fabs(cimag(v[i])) <= 1e-12 * (1 + cabs(v[i]))) {
            out[1] = v[i];
            v[i] = v[--*n];
            return 2;
        }
    return 1;
}

ps_status ps_butter_sos(unsigned order, double f1_hz, double f2_hz, ps_btype btype, double fs_hz,
                        double *sos, size_t cap, size_t *n_sections, ps_error *err)
{
    *n_sections = 0;
    if (order < 1 || order > MAX_ORDER)
        return ps_fail(err, PS_ERR_ARG, "filter order %u (1…%d)", order, MAX_ORDER);
    if (!(fs_hz > 0))
        return ps_fail(err, PS_ERR_ARG, "sample rate %g Hz is not positive", fs_hz);
    bool band = btype == PS_BANDPASS || btype == PS_BANDSTOP;
    double nyq = fs_hz / 2;
    /* a rate from a sample interval is off by an ulp: its Nyquist, as the user reads it, is out */
    double top = nyq * (1 - 1e-12);
    if (!(f1_hz > 0 && f1_hz < top) || (band && !(f2_hz > 0 && f2_hz < top)))
        return ps_fail(err, PS_ERR_ARG,
                       "band edge %g Hz must be between 0 and the Nyquist "
                       "frequency %g Hz",
                       !(f1_hz > 0 && f1_hz < top) ? f1_hz : f2_hz, nyq);
    if (band && !(f1_hz < f2_hz))
        return ps_fail(err, PS_ERR_ARG, "band %g:%g Hz: the first edge must be the lower", f1_hz,
                       f2_hz);
    size_t need = band ? order : (order + 1) / 2;
    if (cap < need)
        return ps_fail(err, PS_ERR_BUG, "butter: %zu sections needed, room for %zu", need, cap);

    struct zpk f = {.nz = 0, .np = order, .k = 1};
    for (unsigned i = 0; i < order; i++) { /* buttap: m = −N+1, −N+3, …, N−1 */
        int m = -(int)order + 1 + 2 * (int)i;
        f.p[i] = -cexp(I * M_PI * m / (2.0 * order));
    }
    double w1 = 4 * tan(M_PI * (f1_hz / nyq) / 2),
           w2 = band ? 4 * tan(M_PI * (f2_hz / nyq) / 2) : 0;
    transform(&f, btype, w1, w2);
    bilinear(&f);

    size_t n = 0;
    while (f.np > 0) {
        double complex p[2], z[2] = {0, 0};
        int np = take_pair(f.p, &f.np, p);
        int nz = f.nz ? take_pair(f.z, &f.nz, z) : 0;
        double *s = sos + 6 * n++;
        if (np == 2) {
            s[3] = 1;
            s[4] = -creal(p[0] + p[1]);
            s[5] = creal(p[0] * p[1]);
        } else {
            s[3] = 1;
            s[4] = -creal(p[0]);
            s[5] = 0;
        }
        if (nz == 2) {
            s[0] = 1;
            s[1] = -creal(z[0] + z[1]);
            s[2] = creal(z[0] * z[1]);
        } else if (nz == 1) {
            s[0] = 1;
            s[1] = -creal(z[0]);
            s[2] = 0;
        } else {
            s[0] = 1;
            s[1] = 0;
            s[2] = 0;
        }
    }
    for (int i = 0; i < 3; i++)
        sos[i] *= f.k; /* the gain goes into the first section, as zpk2sos does */
    /* an edge a hair from 0 or Nyquist underflows the gain: refuse rather than output NaN */
    bool finite = f.k != 0;
    for (size_t i = 0; i < 6 * n; i++)
        finite &= isfinite(sos[i]);
    if (!finite)
        return ps_fail(err, PS_ERR_ARG, "band edge %g Hz is too close to 0 or to the Nyquist "
                       "frequency %g Hz for an order-%u filter in double precision", f1_hz, nyq,
                       order);
    *n_sections = n;
    return PS_OK;
}
