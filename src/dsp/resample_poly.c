/* scipy.signal.resample_poly(x, up, down) with window=('kaiser', 5.0), padtype='constant':
 * after gcd reduction, out[m] = Σ_k h[k]·xu[m·down + half − k] where xu is x upsampled by up
 * with zeros and zero outside the input; h = firwin(2·half+1, 1/max(up,down), kaiser 5) × up,
 * half = 10·max(up,down). Polyphase: only the taps that meet input samples are summed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "picostream/dsp.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

struct ps_resampler {
    uint64_t up, down, n_in, n_out;
    size_t half, ntaps;
    double *h;
    double *buf; /* input samples [buf_start, buf_start + buf_len) */
    size_t buf_len, buf_cap;
    uint64_t buf_start;
    uint64_t fed;  /* input samples seen */
    uint64_t next; /* next output index */
};

static uint64_t gcd_u64(uint64_t a, uint64_t b)
{
    while (b) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static double bessel_i0(double x) /* power series: ample precision for β = 5 */
{
    double sum = 1, term = 1, q = x * x / 4;
    for (int k = 1; k < 200; k++) {
        term *= q / ((double)k * k);
        sum += term;
        if (term < sum * 1e-17)
            break;
    }
    return sum;
}

static double sinc(double x)
{
    if (x == 0)
        return 1;
    double y = M_PI * x;
    return sin(y) / y;
}

void ps_resampler_destroy(ps_resampler *r)
{
    if (!r)
        return;
    free(r->h);
    free(r->buf);
    free(r);
}

ps_status ps_resampler_create(ps_resampler **out, uint64_t up, uint64_t down, uint64_t n_in,
                              ps_error *err)
{
    *out = NULL;
    if (up < 1 || down < 1)
        return ps_fail(err, PS_ERR_ARG, "up and down must be at least 1 (got %llu/%llu)",
                       (unsigned long long)up, (unsigned long long)down);
    uint64_t g = gcd_u64(up, down);
    up /= g;
    down /= g;
    uint64_t max_rate = up > down ? up : down;
    if (max_rate > 100000)
        return ps_fail(err, PS_ERR_ARG,
                       "up/down %llu/%llu: ratio terms above 100000 need a "
                       "filter of over 2 M taps",
                       (unsigned long long)up, (unsigned long long)down);
    ps_resampler *r = calloc(1, sizeof *r);
    if (!r)
        return ps_fail(err, PS_ERR_NOMEM, "resample: out of memory");
    r->up = up;
    r->down = down;
    r->n_in = n_in;
    r->n_out = (n_in * up + down - 1) / down;
    r->half = up == 1 && down == 1 ? 0 : (size_t)(10 * max_rate);
    r->ntaps = 2 * r->half + 1;
    r->h = malloc(r->ntaps * sizeof *r->h);
    if (!r->h) {
        ps_resampler_destroy(r);
        return ps_fail(err, PS_ERR_NOMEM, "resample: %zu taps", r->ntaps);
    }
    if (r->ntaps == 1) {
        r->h[0] = 1; /* up == down == 1: a copy */
    } else {
        /* firwin: cutoff·sinc(cutoff·m) windowed by kaiser(β=5), scaled to unit gain at DC */
        double fc = 1.0 / (double)max_rate, i0b = bessel_i0(5.0), sum = 0;
        for (size_t i = 0; i < r->ntaps; i++) {
            double m = (double)i - (double)(r->ntaps - 1) / 2;
            double t = 2.0 * i / (double)(r->ntaps - 1) - 1;
            double win = bessel_i0(5.0 * sqrt(1 - t * t)) / i0b;
            r->h[i] = fc * sinc(fc * m) * win;
            sum += r->h[i];
        }
        for (size_t i = 0; i < r->ntaps; i++)
            r->h[i] = r->h[i] / sum * (double)up;
    }
    *out = r;
    return PS_OK;
}

uint64_t ps_resampler_out_len(const ps_resampler *r)
{
    return r->n_out;
}

size_t ps_resampler_taps(const ps_resampler *r, const double **h)
{
    *h = r->h;
    return r->ntaps;
}

size_t ps_resampler_max_out(const ps_resampler *r, size_t n_in_block)
{
    return (size_t)(((uint64_t)n_in_block + 2 * r->half + 2) * r->up / r->down + 2 +
                    2 * r->half / r->down);
}

uint64_t ps_resampler_start(ps_resampler *r, uint64_t m0, uint64_t m1)
{
    r->n_out = m1 < r->n_out ? m1 : r->n_out;
    r->next = m0;
    /* as the buffer's trimming: the inputs output m0 can reach start here */
    uint64_t lo_p = m0 * r->down, first = lo_p > r->half ? (lo_p - r->half) / r->up : 0;
    first = first < r->n_in ? first : r->n_in;
    r->buf_start = r->fed = first;
    return first;
}

/* One output: the taps k ≡ p (mod up) meet input samples j = (p − k)/up. */
static double output_at(const ps_resampler *r, uint64_t m)
{
    uint64_t p = m * r->down + r->half;
    uint64_t j_hi = p / r->up;
    if (j_hi >= r->n_in)
        j_hi = r->n_in - 1;
    uint64_t k0 = p - j_hi * r->up;
    if (k0 >= r->ntaps)
        return 0;
    size_t count = (size_t)((r->ntaps - k0 + r->up - 1) / r->up);
    if (count > j_hi + 1)
        count = (size_t)(j_hi + 1);
    const double *h = r->h + k0, *x = r->buf + (j_hi - r->buf_start);
    size_t up = (size_t)r->up, i = 0;
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0; /* four chains: the adds overlap */
    for (; i + 4 <= count; i += 4) {
        s0 += h[i * up] * x[-(ptrdiff_t)i];
        s1 += h[(i + 1) * up] * x[-(ptrdiff_t)(i + 1)];
        s2 += h[(i + 2) * up] * x[-(ptrdiff_t)(i + 2)];
        s3 += h[(i + 3) * up] * x[-(ptrdiff_t)(i + 3)];
    }
    for (; i < count; i++)
        s0 += h[i * up] * x[-(ptrdiff_t)i];
    return (s0 + s1) + (s2 + s3);
}

void ps_resampler_process(ps_resampler *r, const double *x, size_t n, double *y, size_t *n_out)
{
    *n_out = 0;
    if (r->buf_len + n > r->buf_cap) {
        size_t cap = (r->buf_len + n) * 2;
        double *g = realloc(r->buf, cap * sizeof *g);
        if (!g)
            return; /* cannot happen within the sizes create allowed; outputs then stop */
        r->buf = g;
        r->buf_cap = cap;
    }
    memcpy(r->buf + r->buf_len, x, n * sizeof *x);
    r->buf_len += n;
    r->fed += n;
    bool all_in = r->fed >= r->n_in;
    while (r->next < r->n_out) {
        /* the newest input this output needs: floor((m·down + half)/up) */
        uint64_t need = (r->next * r->down + r->half) / r->up;
        if (!all_in && need >= r->fed)
            break;
        y[(*n_out)++] = output_at(r, r->next);
        r->next++;
    }
    /* drop inputs no later output can reach: below ceil((next·down − half)/up) */
    uint64_t lo_p = r->next * r->down, keep_from = 0;
    if (lo_p > r->half)
        keep_from = (lo_p - r->half) / r->up;
    if (keep_from > r->buf_start) {
        size_t drop = (size_t)(keep_from - r->buf_start);
        if (drop > r->buf_len)
            drop = r->buf_len;
        memmove(r->buf, r->buf + drop, (r->buf_len - drop) * sizeof *r->buf);
        r->buf_len -= drop;
        r->buf_start += drop;
    }
}
