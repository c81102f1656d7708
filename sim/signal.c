/* Sample = f(config, channel, index): phase accumulators in 2^-64 cycles, a sine table made
 * with plain arithmetic (no libm, so every machine computes the same bits), hashed noise. */
#include "sim_signal.h"

#include <math.h>
#include <stdbool.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define TABLE_MAX_PERIOD (1u << 20)

static void build_table(struct sim_gen *g);
static double det_value(const struct sim_gen *g, uint64_t n);
static bool is_noise_or_fault(enum sim_kind k);

#define SINE_BITS 12
#define SINE_N (1u << SINE_BITS)

static double sine_tab[SINE_N + 1];
static pthread_once_t sine_once = PTHREAD_ONCE_INIT;

/* Taylor series in double: only + and *, so the table is bit-identical everywhere. */
static double taylor_sin(double x)
{
    double term = x, sum = x, x2 = x * x;
    for (int k = 1; k < 30; k++) {
        term = -term * x2 / (double)((2 * k) * (2 * k + 1));
        sum += term;
    }
    return sum;
}

static void sine_init(void)
{
    const double two_pi = 6.283185307179586476925;
    for (unsigned k = 0; k <= SINE_N / 4; k++) {
        double s = taylor_sin(two_pi * (double)k / SINE_N);
        sine_tab[k] = s;              /* first quarter */
        sine_tab[SINE_N / 2 - k] = s; /* mirror */
        sine_tab[SINE_N / 2 + k] = -s;
        sine_tab[(SINE_N - k) & (2 * SINE_N - 1)] = -s;
    }
    sine_tab[0] = 0.0;
    sine_tab[SINE_N / 2] = 0.0;
    sine_tab[SINE_N] = 0.0;
}

static inline double sine_of_phase(uint64_t phase)
{
    unsigned i = (unsigned)(phase >> (64 - SINE_BITS));
    double frac = (double)((phase >> (64 - SINE_BITS - 32)) & 0xffffffffu) * (1.0 / 4294967296.0);
    return sine_tab[i] + (sine_tab[i + 1] - sine_tab[i]) * frac;
}

static inline uint64_t mix64(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Noise: a fixed table of 2^20 approximately normal values (Irwin-Hall sums of four 16-bit
 * uniforms, unit variance), read from a seeded rotation that changes every 2^20 samples, so
 * noise never repeats in a recording and costs one load per sample. */
#define NOISE_BITS 20
#define NOISE_N (1u << NOISE_BITS)
#define NOISE_MASK (NOISE_N - 1)
static double noise_tab[NOISE_N]; /* 8 MiB of .bss: nothing to free when a library unloads */
static pthread_once_t noise_once = PTHREAD_ONCE_INIT;

static void noise_init(void)
{
    for (uint64_t i = 0; i < NOISE_N; i++) {
        uint64_t h = mix64(0x5eed5eed5eedull ^ mix64(i));
        int32_t s = (int32_t)(h & 0xffff) + (int32_t)((h >> 16) & 0xffff) +
                    (int32_t)((h >> 32) & 0xffff) + (int32_t)(h >> 48) - 2 * 65535;
        noise_tab[i] = (double)s * (1.0 / 37837.0); /* sd of the sum: 65536 * sqrt(4/12) */
    }
}

/* Where sample n of a noise term with this key reads the table. */
static inline uint64_t noise_at(uint64_t key, uint64_t n)
{
    return (n + mix64(key ^ ((n >> NOISE_BITS) * 0x9e3779b97f4a7c15ull))) & NOISE_MASK;
}

static inline double gauss(uint64_t key, uint64_t index)
{
    return noise_tab[noise_at(key, index)];
}

static uint64_t phase_inc(double freq_hz, double interval_s)
{
    double x = freq_hz * interval_s;
    x -= floor(x);
    /* a period of a power-of-two samples, up to rounding in f·dt: make it exact, so the
     * signal repeats and can be copied from a table */
    double y = x * (double)TABLE_MAX_PERIOD;
    if (fabs(y - floor(y + 0.5)) < 1e-6)
        x = floor(y + 0.5) / (double)TABLE_MAX_PERIOD;
    double scaled = x * 18446744073709551616.0;
    return scaled >= 18446744073709551615.0 ? UINT64_MAX : (uint64_t)scaled;
}

static uint64_t fault_len(const struct sim_term *t)
{
    return t->kind == SIM_SPIKE ? 1 : (uint64_t)t->p[1];
}

/* Where the fault of slot k starts: one fault per `every` samples at a seeded offset. */
static inline uint64_t fault_start(uint64_t key, uint64_t every, uint64_t len, uint64_t slot)
{
    return slot * every + mix64(key ^ (slot * 0x2545f4914f6cdd1dull)) % (every - len + 1);
}

static double term_value(const struct sim_gen *g, int k, uint64_t n);

/* The mean a term adds: what an AC-coupled input blocks. Sine, triangle, sawtooth, chirp and
 * noise average to zero over their period; constant terms are their value. */
static double term_mean(const struct sim_gen *g, int k)
{
    const struct sim_term *t = &g->spec->term[k];
    bool periodic = t->kind >= SIM_SINE && t->kind <= SIM_PWM && t->kind != SIM_CHIRP;
    if (t->kind == SIM_DC || (periodic && g->inc[k] == 0))
        return term_value(g, k, 0);
    double duty = (double)g->duty[k] / 18446744073709551616.0;
    if (t->kind == SIM_SQUARE)
        return t->p[1] * (2.0 * duty - 1.0);
    if (t->kind == SIM_PWM)
        return t->p[1] * duty;
    return 0.0;
}

void sim_gen_init(struct sim_gen *g, const struct sim_config *cfg, unsigned channel,
                  double interval_s, double range_v, double offset_v, int32_t adc_max,
                  unsigned res_bits, bool ac)
{
    pthread_once(&sine_once, sine_init);
    pthread_once(&noise_once, noise_init);
    g->table = NULL;
    g->det = NULL;
    g->det_period = 0;
    g->over_prefix = NULL;
    g->period = 0;
    g->spec = &cfg->ch[channel];
    g->interval_s = interval_s;
    g->counts_per_v = (double)adc_max / range_v;
    g->offset_v = offset_v;
    g->adc_max = adc_max;
    g->step = res_bits >= 16 ? 1 : (res_bits <= 8 ? 256 : 1 << (16 - res_bits));
    g->clip = (double)(adc_max / g->step * g->step); /* full scale on the resolution's grid */
    for (int k = 0; k < g->spec->n_terms; k++) {
        const struct sim_term *t = &g->spec->term[k];
        g->key[k] = mix64(cfg->seed ^ mix64(((uint64_t)channel << 8) | (uint64_t)k));
        g->inc[k] = 0;
        g->duty[k] = 0;
        g->chirp_len[k] = 0;
        switch (t->kind) {
        case SIM_SINE:
        case SIM_SQUARE:
        case SIM_TRIANGLE:
        case SIM_SAWTOOTH:
        case SIM_PWM:
            g->inc[k] = phase_inc(t->p[0], interval_s);
            if (t->kind == SIM_SINE) {
                double d = (t->p[2] / 360.0 - floor(t->p[2] / 360.0)) * 18446744073709551616.0;
                g->duty[k] = d >= 18446744073709551615.0 ? 0 : (uint64_t)d;
            }
            if (t->kind == SIM_SQUARE || t->kind == SIM_PWM) {
                double d = t->p[2] * 18446744073709551616.0;
                g->duty[k] = d >= 18446744073709551615.0 ? UINT64_MAX : (uint64_t)d;
            }
            break;
        case SIM_CHIRP: {
            double n = floor(t->p[2] / interval_s + 0.5);
            g->chirp_len[k] = n < 1 ? 1 : (uint64_t)n;
            break;
        }
        default: break;
        }
    }
    if (ac) /* the input's coupling capacitor: the signal's DC never reaches the ADC */
        for (int k = 0; k < g->spec->n_terms; k++)
            g->offset_v -= term_mean(g, k);
    build_table(g);
}

static double term_value(const struct sim_gen *g, int k, uint64_t n)
{
    const struct sim_term *t = &g->spec->term[k];
    uint64_t phase = n * g->inc[k];
    switch (t->kind) {
    case SIM_DC: return t->p[0];
    case SIM_SINE: return t->p[1] * sine_of_phase(phase + (uint64_t)g->duty[k]);
    case SIM_SQUARE: return phase < g->duty[k] ? t->p[1] : -t->p[1];
    case SIM_PWM: return phase < g->duty[k] ? t->p[1] : 0.0;
    case SIM_TRIANGLE: {
        double x = (double)(phase >> 11) * (1.0 / 9007199254740992.0);
        return t->p[1] * (1.0 - 4.0 * fabs(x - 0.5));
    }
    case SIM_SAWTOOTH: {
        double x = (double)(phase >> 11) * (1.0 / 9007199254740992.0);
        return t->p[1] * (2.0 * x - 1.0);
    }
    case SIM_CHIRP: {
        double tt = (double)(n % g->chirp_len[k]) * g->interval_s;
        double cycles = t->p[0] * tt + (t->p[1] - t->p[0]) * tt * tt / (2.0 * t->p[2]);
        double frac = cycles - floor(cycles);
        return t->p[3] * sine_of_phase((uint64_t)(frac * 18446744073709551615.0));
    }
    case SIM_NOISE: return t->p[0] * gauss(g->key[k], n);
    default: return 0.0;
    }
}


static int fill_formula(const struct sim_gen *g, uint64_t index, size_t n, int16_t *out,
                        size_t stride);

static uint64_t gcd64(uint64_t a, uint64_t b)
{
    while (b) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* Samples after which term k repeats exactly, or 0 if it never does (noise, faults). */
static uint64_t term_period(const struct sim_gen *g, int k)
{
    switch (g->spec->term[k].kind) {
    case SIM_DC: return 1;
    case SIM_SINE:
    case SIM_SQUARE:
    case SIM_TRIANGLE:
    case SIM_SAWTOOTH:
    case SIM_PWM:
        if (g->inc[k] == 0)
            return 1;
        /* n·inc ≡ 0 (mod 2^64) first at n = 2^(64 − trailing zeros of inc) */
        return __builtin_ctzll(g->inc[k]) >= 44 ? 1ull << (64 - __builtin_ctzll(g->inc[k])) : 0;
    case SIM_CHIRP: return g->chirp_len[k];
    default: return 0;
    }
}

static bool is_noise_or_fault(enum sim_kind k)
{
    return k == SIM_NOISE || k >= SIM_SPIKE;
}

/* The samples of one period when everything repeats (a copy per block); else, when the
 * deterministic terms repeat, their sum over one period. Both made by the formula itself. */
static void build_table(struct sim_gen *g)
{
    uint64_t period = 1;
    bool random = false;
    for (int k = 0; k < g->spec->n_terms; k++) {
        if (is_noise_or_fault(g->spec->term[k].kind)) {
            random = true;
            continue;
        }
        uint64_t p = term_period(g, k);
        if (p == 0 || p > TABLE_MAX_PERIOD)
            return;
        period = period / gcd64(period, p) * p;
        if (period > TABLE_MAX_PERIOD)
            return;
    }
    if (random) {
        double *d = malloc(period * sizeof *d);
        if (!d)
            return;
        for (uint64_t i = 0; i < period; i++)
            d[i] = det_value(g, i);
        g->det = d;
        g->det_period = period;
        return;
    }
    int16_t *t = malloc(period * sizeof *t);
    uint32_t *o = malloc((period + 1) * sizeof *o);
    if (!t || !o) {
        free(t);
        free(o);
        return;
    }
    o[0] = 0;
    for (uint64_t i = 0; i < period; i++)
        o[i + 1] = o[i] + (uint32_t)fill_formula(g, i, 1, t + i, 1);
    g->table = t;
    g->over_prefix = o;
    g->period = period;
}

void sim_gen_free(struct sim_gen *g)
{
    free(g->table);
    free(g->over_prefix);
    free(g->det);
    g->table = NULL;
    g->over_prefix = NULL;
    g->det = NULL;
    g->period = g->det_period = 0;
}

int sim_gen_fill(const struct sim_gen *g, uint64_t index, size_t n, int16_t *out, size_t stride)
{
    if (!g->table)
        return fill_formula(g, index, n, out, stride);
    int over = 0;
    uint64_t at = index % g->period;
    while (n > 0) {
        size_t m = g->period - at < n ? (size_t)(g->period - at) : n;
        over |= g->over_prefix[at + m] != g->over_prefix[at];
        if (stride == 1) {
            for (size_t i = 0; i < m; i++)
                out[i] = g->table[at + i];
        } else {
            for (size_t i = 0; i < m; i++)
                out[i * stride] = g->table[at + i];
        }
        out += m * stride;
        n -= m;
        at = 0;
    }
    return over;
}

/* The deterministic terms' sum at sample n, in the spec's order. */
static double det_value(const struct sim_gen *g, uint64_t n)
{
    double v = 0.0;
    for (int k = 0; k < g->spec->n_terms; k++)
        if (!is_noise_or_fault(g->spec->term[k].kind))
            v += term_value(g, k, n);
    return v;
}

#define CHUNK 2048

/* v[i] += term k at sample at + i: term_value's arithmetic exactly, one kind per loop. */
static void add_term(const struct sim_gen *g, int k, uint64_t at, size_t m, double *v)
{
    const struct sim_term *t = &g->spec->term[k];
    uint64_t inc = g->inc[k], phase = at * inc, duty = g->duty[k];
    double a = t->p[1];
    switch (t->kind) {
    case SIM_DC:
        for (size_t i = 0; i < m; i++)
            v[i] += t->p[0];
        break;
    case SIM_SINE:
        for (size_t i = 0; i < m; i++, phase += inc)
            v[i] += a * sine_of_phase(phase + duty);
        break;
    case SIM_SQUARE:
        for (size_t i = 0; i < m; i++, phase += inc)
            v[i] += phase < duty ? a : -a;
        break;
    case SIM_PWM:
        for (size_t i = 0; i < m; i++, phase += inc)
            v[i] += phase < duty ? a : 0.0;
        break;
    default:
        for (size_t i = 0; i < m; i++)
            v[i] += term_value(g, k, at + i);
        break;
    }
}

/* A sample is: the deterministic terms' sum, plus each noise term, plus each active spike or
 * glitch (a dropout forces 0 V); then the ADC's quantisation. Computed a chunk at a time, each
 * pass a simple loop over the chunk. */
static int fill_formula(const struct sim_gen *g, uint64_t index, size_t n, int16_t *out,
                        size_t stride)
{
    int over = 0;
    const int n_terms = g->spec->n_terms;
    const double lim = (double)g->adc_max, inv_step = 1.0 / g->step, step = g->step;
    const double cpv = g->counts_per_v, off = g->offset_v;
    double v[CHUNK];
    unsigned char dropped[CHUNK];
    for (size_t done = 0; done < n;) {
        size_t m = n - done < CHUNK ? n - done : CHUNK;
        uint64_t at = index + done;
        if (g->det) { /* the period's sums, copied in runs */
            uint64_t p = at % g->det_period;
            for (size_t i = 0; i < m;) {
                size_t run = g->det_period - p < m - i ? (size_t)(g->det_period - p) : m - i;
                memcpy(v + i, g->det + p, run * sizeof *v);
                i += run;
                p = 0;
            }
        } else {
            memset(v, 0, m * sizeof *v);
            for (int k = 0; k < n_terms; k++)
                if (!is_noise_or_fault(g->spec->term[k].kind))
                    add_term(g, k, at, m, v);
        }
        bool any_drop = false;
        for (int k = 0; k < n_terms; k++) {
            const struct sim_term *t = &g->spec->term[k];
            if (t->kind == SIM_NOISE) {
                /* within one 2^20 stretch the table is read at a fixed rotation */
                for (size_t i = 0; i < m;) {
                    uint64_t s = at + i;
                    size_t run = NOISE_N - (size_t)(s & NOISE_MASK);
                    if (run > m - i)
                        run = m - i;
                    uint64_t first = noise_at(g->key[k], s);
                    size_t wrap = NOISE_N - (size_t)first; /* the rotation may wrap the table */
                    size_t a = wrap < run ? wrap : run;
                    double rms = t->p[0], *dst = v + i;
                    const double *src = noise_tab + first;
                    for (size_t j = 0; j < a; j++)
                        dst[j] += rms * src[j];
                    for (size_t j = a; j < run; j++)
                        dst[j] += rms * noise_tab[j - a];
                    i += run;
                }
            } else if (t->kind >= SIM_SPIKE) {
                uint64_t every = (uint64_t)t->p[0], len = fault_len(t);
                for (uint64_t slot = at / every; slot * every < at + m; slot++) {
                    uint64_t f0 = fault_start(g->key[k], every, len, slot), f1 = f0 + len;
                    uint64_t a = f0 > at ? f0 : at, b = f1 < at + m ? f1 : at + m;
                    for (uint64_t s = a; s < b; s++) {
                        if (t->kind == SIM_DROPOUT) {
                            if (!any_drop)
                                memset(dropped, 0, m);
                            any_drop = true;
                            dropped[s - at] = 1;
                        } else {
                            v[s - at] += t->kind == SIM_SPIKE ? t->p[1] : t->p[2];
                        }
                    }
                }
            }
        }
        if (any_drop)
            for (size_t i = 0; i < m; i++)
                if (dropped[i])
                    v[i] = 0.0;
        const double hi = lim + step;
        const int32_t istep = g->step, iclip = (int32_t)g->clip;
        double mx = -hi, mn = hi;
        int16_t q[CHUNK];
        size_t i = 0;
#if defined(__SSE2__)
        /* two samples an instruction; the same IEEE operations as the loop below */
        __m128d vmx = _mm_set1_pd(-hi), vmn = _mm_set1_pd(hi), vhi = _mm_set1_pd(hi);
        __m128d vlo = _mm_set1_pd(-hi), voff = _mm_set1_pd(off), vcpv = _mm_set1_pd(cpv);
        __m128d vinv = _mm_set1_pd(inv_step), vhalf = _mm_set1_pd(0.5), vone = _mm_set1_pd(1.0);
        __m128d vstep = _mm_set1_pd(step), vclip = _mm_set1_pd((double)iclip);
        __m128d vnclip = _mm_set1_pd(-(double)iclip);
        for (; i + 4 <= m; i += 4) {
            __m128i packed[2];
            for (int h = 0; h < 2; h++) {
                __m128d raw = _mm_mul_pd(_mm_add_pd(_mm_loadu_pd(v + i + 2 * h), voff), vcpv);
                vmx = _mm_max_pd(vmx, raw);
                vmn = _mm_min_pd(vmn, raw);
                __m128d c = _mm_max_pd(_mm_min_pd(raw, vhi), vlo);
                __m128d t = _mm_add_pd(_mm_mul_pd(c, vinv), vhalf);
                __m128d f = _mm_cvtepi32_pd(_mm_cvttpd_epi32(t));
                f = _mm_sub_pd(f, _mm_and_pd(_mm_cmpgt_pd(f, t), vone)); /* floor */
                __m128d x = _mm_max_pd(_mm_min_pd(_mm_mul_pd(f, vstep), vclip), vnclip);
                packed[h] = _mm_cvttpd_epi32(x);
            }
            __m128i both = _mm_unpacklo_epi64(packed[0], packed[1]);
            _mm_storel_epi64((__m128i *)(q + i), _mm_packs_epi32(both, both));
        }
        double lanes[2];
        _mm_storeu_pd(lanes, vmx);
        mx = lanes[0] > lanes[1] ? lanes[0] : lanes[1];
        _mm_storeu_pd(lanes, vmn);
        mn = lanes[0] < lanes[1] ? lanes[0] : lanes[1];
#endif
        for (; i < m; i++) {
            double raw = (v[i] + off) * cpv;
            mx = raw > mx ? raw : mx;
            mn = raw < mn ? raw : mn;
            /* clamp first, so the integer conversion below is always in range */
            double c = raw < hi ? raw : hi;
            c = c > -hi ? c : -hi;
            double t = c * inv_step + 0.5;
            int32_t f = (int32_t)t;
            f -= (double)f > t; /* floor for negative t */
            int32_t x = f * istep;
            x = x < iclip ? x : iclip;
            x = x > -iclip ? x : -iclip;
            q[i] = (int16_t)x;
        }
        int o = mx > lim || mn < -lim;
        int16_t *dst = out + done * stride;
        if (stride == 1)
            memcpy(dst, q, m * sizeof *q);
        else
            for (size_t i = 0; i < m; i++)
                dst[i * stride] = q[i];
        over |= o;
        done += m;
    }
    return over;
}

void sim_gen_faults(const struct sim_gen *g, uint64_t from, uint64_t to, sim_fault_fn fn, void *arg)
{
    for (int k = 0; k < g->spec->n_terms; k++) {
        const struct sim_term *t = &g->spec->term[k];
        if (t->kind < SIM_SPIKE)
            continue;
        uint64_t every = (uint64_t)t->p[0], len = fault_len(t);
        for (uint64_t slot = from / every; slot * every < to; slot++) {
            uint64_t start = fault_start(g->key[k], every, len, slot);
            if (start >= from && start < to)
                fn(arg, t->kind, start, len);
        }
    }
}
