/* scipy.signal.correlate(a, b, mode='full') at lags lag_lo…lag_hi only, without the full
 * correlation: blocks of a against the stretch of b those lags reach, by FFT (overlap-add of
 * block correlations). z(τ) = Σ_l a[l]·b[l−τ]; lags as scipy.signal.correlation_lags. */
#include <fftw3.h>
#include <stdlib.h>
#include <string.h>

#include "dsp_int.h"
#include "picostream/dsp.h"

struct ps_xcorr {
    int64_t lo, hi;
    size_t w, fft_n, block;
    double *ta, *tb, *tr, *acc;
    fftw_complex *fa, *fb;
    fftw_plan pa, pb, pr;
};

void ps_xcorr_destroy(ps_xcorr *x)
{
    if (!x)
        return;
    dsp_plan_destroy(x->pa);
    dsp_plan_destroy(x->pb);
    dsp_plan_destroy(x->pr);
    fftw_free(x->ta);
    fftw_free(x->tb);
    fftw_free(x->tr);
    fftw_free(x->fa);
    fftw_free(x->fb);
    free(x->acc);
    free(x);
}

ps_status ps_xcorr_create(ps_xcorr **out, uint64_t n_a, uint64_t n_b, int64_t lag_lo,
                          int64_t lag_hi, ps_error *err)
{
    *out = NULL;
    if (n_a == 0 || n_b == 0)
        return ps_fail(err, PS_ERR_ARG, "correlation of an empty signal");
    if (lag_lo > lag_hi || lag_lo < -(int64_t)(n_b - 1) || lag_hi > (int64_t)(n_a - 1))
        return ps_fail(err, PS_ERR_ARG, "lags %lld…%lld outside %lld…%lld", (long long)lag_lo,
                       (long long)lag_hi, -(long long)(n_b - 1), (long long)(n_a - 1));
    if (lag_hi - lag_lo > (1 << 26))
        return ps_fail(err, PS_ERR_ARG, "more than 2^26 lags asked for");
    ps_xcorr *x = calloc(1, sizeof *x);
    if (!x)
        return ps_fail(err, PS_ERR_NOMEM, "xcorr: out of memory");
    x->lo = lag_lo;
    x->hi = lag_hi;
    x->w = (size_t)(lag_hi - lag_lo + 1);
    size_t f = 1024;
    while (f < 4 * x->w)
        f *= 2;
    x->fft_n = f;
    x->block = f - x->w + 1;
    x->ta = fftw_malloc(f * sizeof(double));
    x->tb = fftw_malloc(f * sizeof(double));
    x->tr = fftw_malloc(f * sizeof(double));
    x->fa = fftw_malloc((f / 2 + 1) * sizeof(fftw_complex));
    x->fb = fftw_malloc((f / 2 + 1) * sizeof(fftw_complex));
    x->acc = calloc(x->w, sizeof *x->acc);
    if (!x->ta || !x->tb || !x->tr || !x->fa || !x->fb || !x->acc) {
        ps_xcorr_destroy(x);
        return ps_fail(err, PS_ERR_NOMEM, "xcorr: %zu lags", x->w);
    }
    x->pa = dsp_plan_r2c((int)f, x->ta, x->fa);
    x->pb = dsp_plan_r2c((int)f, x->tb, x->fb);
    x->pr = dsp_plan_c2r((int)f, x->fa, x->tr);
    *out = x;
    return PS_OK;
}

size_t ps_xcorr_block(const ps_xcorr *x)
{
    return x->block;
}

void ps_xcorr_feed(ps_xcorr *x, const double *a, size_t n, const double *b_seg)
{
    size_t f = x->fft_n, nb = n + x->w - 1;
    memset(x->ta, 0, f * sizeof(double));
    memset(x->tb, 0, f * sizeof(double));
    memcpy(x->ta, a, n * sizeof(double));
    memcpy(x->tb, b_seg, nb * sizeof(double));
    fftw_execute(x->pa);
    fftw_execute(x->pb);
    /* r[d] = Σ_i a_i·b_seg[i + d]: the product conj(A)·B, back-transformed */
    for (size_t k = 0; k < f / 2 + 1; k++) {
        double ar = x->fa[k][0], ai = -x->fa[k][1], br = x->fb[k][0], bi = x->fb[k][1];
        x->fa[k][0] = ar * br - ai * bi;
        x->fa[k][1] = ar * bi + ai * br;
    }
    fftw_execute(x->pr);
    double inv = 1.0 / (double)f;
    for (size_t d = 0; d < x->w; d++) /* d = lag_hi − τ */
        x->acc[d] += x->tr[d] * inv;
}

void ps_xcorr_result(const ps_xcorr *x, double *out)
{
    for (size_t i = 0; i < x->w; i++)
        out[i] = x->acc[x->w - 1 - i]; /* out[τ − lag_lo] = acc[lag_hi − τ] */
}
