/* Sample = f(config, channel, index). Phases are exact 64-bit accumulators in 2^-64 cycles at
 * every 4096-sample boundary, and 32-bit steps within; shapes and sums in float with plain
 * arithmetic (no libm, no FMA), so every machine and every vector width computes the same bits.
 * Each pass over a chunk is one simple loop the compiler vectorises. */
#include "sim_signal.h"

#include <math.h>
#include <stdbool.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define TABLE_MAX_PERIOD (1u << 20)
#define CHUNK 4096u /* chunks start at multiples of this index: the phase grid */
#define LANES 16u   /* vector loops run over whole multiples of this many samples */

static void build_table(struct sim_gen *g);
static bool is_noise_or_fault(enum sim_kind k);
static bool add_offset_fault(const struct sim_gen *g, int k, uint64_t at, size_t m, float *v,
                             unsigned char *dropped, bool any_drop);

static inline uint64_t mix64(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* A reference cell: the same in every unit and channel (not seeded), unit variance. */
static inline double ref_cell(int64_t i)
{
    uint64_t u = mix64(0x7265666e6f697365ull ^ (uint64_t)i) >> 11;
    return ((double)u * 0x1p-53 - 0.5) * 3.4641016151377544; /* × √12 */
}

/* sin(2π·p/2^32): folded into a half turn around zero, then the odd Taylor series of sin(πy)
 * to y^11 (error below float's own rounding). */
static inline float sin_turn(uint32_t p)
{
    uint32_t u = ((p ^ (p << 1)) & 0x80000000u) ? 0x80000000u - p : p;
    float y = (float)(int32_t)u * 0x1p-31f, y2 = y * y;
    float s = -0.007370430945714348f;
    s = s * y2 + 0.08214588661112819f;
    s = s * y2 - 0.5992645293207919f;
    s = s * y2 + 2.550164039877345f;
    s = s * y2 - 5.167712780049969f;
    s = s * y2 + 3.141592653589793f;
    return s * y;
}

/* The phase as a signed half-turn offset, in [-0.5, 0.5) turns. */
static inline float centred(uint32_t p)
{
    return (float)(int32_t)(p ^ 0x80000000u) * 0x1p-32f;
}

/* Noise: a fixed table of 2^20 approximately normal values (Irwin-Hall sums of four 16-bit
 * uniforms, unit variance), read from a seeded rotation that changes every 2^20 samples, so
 * noise never repeats in a recording and costs one load per sample. */
#define NOISE_BITS 20
#define NOISE_N (1u << NOISE_BITS)
#define NOISE_MASK (NOISE_N - 1)
static float noise_tab[NOISE_N]; /* 4 MiB of .bss: nothing to free when a library unloads */
static pthread_once_t noise_once = PTHREAD_ONCE_INIT;

static void noise_init(void)
{
    for (uint64_t i = 0; i < NOISE_N; i++) {
        uint64_t h = mix64(0x5eed5eed5eedull ^ mix64(i));
        int32_t s = (int32_t)(h & 0xffff) + (int32_t)((h >> 16) & 0xffff) +
                    (int32_t)((h >> 32) & 0xffff) + (int32_t)(h >> 48) - 2 * 65535;
        noise_tab[i] = (float)((double)s * (1.0 / 37837.0)); /* sd of the sum: 65536·√(4/12) */
    }
}

/* Where sample n of a noise term with this key reads the table. */
static inline uint64_t noise_at(uint64_t key, uint64_t n)
{
    return (n + mix64(key ^ ((n >> NOISE_BITS) * 0x9e3779b97f4a7c15ull))) & NOISE_MASK;
}

/* A fraction of a cycle (any real, taken mod 1) in 2^-64 cycles. */
static uint64_t turns64(double x)
{
    x -= floor(x);
    double scaled = x * 18446744073709551616.0;
    return scaled >= 18446744073709551615.0 ? UINT64_MAX : (uint64_t)scaled;
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
    return turns64(x);
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

/* A periodic term's value at a phase, as the chunk loops compute it. */
static float shape_at(const struct sim_gen *g, int k, uint32_t p)
{
    const struct sim_term *t = &g->spec->term[k];
    float a = (float)(t->p[1] * g->counts_per_v);
    uint32_t duty = (uint32_t)(g->duty[k] >> 32);
    switch (t->kind) {
    case SIM_SINE: return a * sin_turn(p);
    case SIM_SQUARE: return p < duty ? a : -a;
    case SIM_PWM: return p < duty ? a : 0.0f;
    case SIM_TRIANGLE: return a * (1.0f - 4.0f * fabsf(centred(p)));
    case SIM_SAWTOOTH: return a * (2.0f * centred(p));
    default: return 0.0f;
    }
}

/* The mean a term adds, in volts: what an AC-coupled input blocks. Sine, triangle, sawtooth,
 * chirp and noise average to zero over their period; constant terms are their value. */
static double term_mean(const struct sim_gen *g, int k)
{
    const struct sim_term *t = &g->spec->term[k];
    double duty = (double)g->duty[k] / 18446744073709551616.0;
    if (t->kind == SIM_DC)
        return t->p[0];
    if (t->kind < SIM_SINE || t->kind > SIM_PWM || t->kind == SIM_CHIRP)
        return 0.0;
    if (g->inc[k] == 0) /* 0 Hz: a constant at the starting phase */
        return shape_at(g, k, (uint32_t)(g->duty[k] >> 32) * (t->kind == SIM_SINE)) /
               g->counts_per_v;
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
    pthread_once(&noise_once, noise_init);
    g->table = NULL;
    g->over_prefix = NULL;
    g->period = 0;
    g->spec = &cfg->ch[channel];
    g->interval_s = interval_s;
    g->t0_true = cfg->clock_offset_s;
    g->dt_true = interval_s * (1.0 + cfg->clock_ppm * 1e-6);
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
        g->chirp_b[k] = 0;
        switch (t->kind) {
        case SIM_SINE:
        case SIM_SQUARE:
        case SIM_TRIANGLE:
        case SIM_SAWTOOTH:
        case SIM_PWM:
            g->inc[k] = phase_inc(t->p[0], interval_s);
            if (t->kind == SIM_SINE)
                g->duty[k] = turns64(t->p[2] / 360.0); /* the starting phase */
            if (t->kind == SIM_SQUARE || t->kind == SIM_PWM) {
                double d = t->p[2] * 18446744073709551616.0;
                g->duty[k] = d >= 18446744073709551615.0 ? UINT64_MAX : (uint64_t)d;
            }
            break;
        case SIM_CHIRP: { /* cycles(t) = f0·t + (f1 − f0)·t²/2T: n·A + n²·B in 2^-64 cycles */
            double n = floor(t->p[2] / interval_s + 0.5);
            g->chirp_len[k] = n < 1 ? 1 : (uint64_t)n;
            g->inc[k] = turns64(t->p[0] * interval_s);
            g->chirp_b[k] = turns64((t->p[1] - t->p[0]) * interval_s * interval_s / (2.0 * t->p[2]));
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
        /* n·inc ≡ 0 (mod 2^64) first at n = 2^(64 − trailing zeros of inc); with 44 or more
         * the 32-bit steps inside a chunk are exact too */
        return __builtin_ctzll(g->inc[k]) >= 44 ? 1ull << (64 - __builtin_ctzll(g->inc[k])) : 0;
    case SIM_CHIRP: return g->chirp_len[k];
    default: return 0;
    }
}

static bool is_noise_or_fault(enum sim_kind k)
{
    return k == SIM_NOISE || k >= SIM_SPIKE;
}

/* The exact phases (top 32 bits) of chirp term k for samples first … first + m − 1. */
static void chirp_phases(const struct sim_gen *g, int k, uint64_t first, size_t m, uint32_t *out)
{
    const uint64_t len = g->chirp_len[k], a = g->inc[k], b = g->chirp_b[k];
    uint64_t n = first % len;
    for (size_t i = 0; i < m;) {
        size_t run = len - n < m - i ? (size_t)(len - n) : m - i; /* up to the sweep's restart */
        /* eight interleaved second differences (lanes the compiler can vectorise); all mod 2^64,
         * so every phase equals the closed form n·a + n²·b exactly */
        uint64_t ph[8], d[8];
        for (unsigned l = 0; l < 8; l++) {
            uint64_t x = n + l;
            ph[l] = x * a + x * x * b;
            d[l] = 8 * a + (16 * x + 64) * b;
        }
        size_t j = 0;
        for (; j + 8 <= run; j += 8)
            for (unsigned l = 0; l < 8; l++) {
                out[i + j + l] = (uint32_t)(ph[l] >> 32);
                ph[l] += d[l];
                d[l] += 128 * b;
            }
        for (unsigned l = 0; j < run; j++, l++)
            out[i + j] = (uint32_t)(ph[l] >> 32);
        i += run;
        n = 0;
    }
}

__attribute__((always_inline)) static inline void add_noise(const struct sim_gen *g, int k, uint64_t at, size_t m, float *v)
{
    const float rms = (float)(g->spec->term[k].p[0] * g->counts_per_v);
    for (size_t i = 0; i < m;) {
        uint64_t s = at + i;
        size_t run = NOISE_N - (size_t)(s & NOISE_MASK); /* a fixed rotation within 2^20 */
        if (run > m - i)
            run = m - i;
        uint64_t first = noise_at(g->key[k], s);
        size_t wrap = NOISE_N - (size_t)first, a = wrap < run ? wrap : run;
        const float *src = noise_tab + first;
        float *dst = v + i;
        for (size_t j = 0; j < a; j++)
            dst[j] += rms * src[j];
        for (size_t j = a; j < run; j++)
            dst[j] += rms * noise_tab[j - a];
        i += run;
    }
}

/* Spikes and glitches add to v; dropouts mark samples that read 0 V. Returns whether any did. */
static bool add_fault(const struct sim_gen *g, int k, uint64_t at, size_t m, float *v,
                      unsigned char *dropped, bool any_drop)
{
    const struct sim_term *t = &g->spec->term[k];
    if (t->kind == SIM_DISCONNECT) { /* after every other term: marked 2, applied last */
        uint64_t every = (uint64_t)t->p[0], len = fault_len(t);
        for (uint64_t slot = at / every; slot * every < at + m; slot++) {
            uint64_t f0 = fault_start(g->key[k], every, len, slot), f1 = f0 + len;
            uint64_t a = f0 > at ? f0 : at, b = f1 < at + m ? f1 : at + m;
            for (uint64_t s = a; s < b; s++) {
                if (!any_drop)
                    memset(dropped, 0, m);
                any_drop = true;
                dropped[s - at] = 2;
            }
        }
        return any_drop;
    }
    return add_offset_fault(g, k, at, m, v, dropped, any_drop);
}

static bool add_offset_fault(const struct sim_gen *g, int k, uint64_t at, size_t m, float *v,
                             unsigned char *dropped, bool any_drop)
{
    const struct sim_term *t = &g->spec->term[k];
    uint64_t every = (uint64_t)t->p[0], len = fault_len(t);
    float amp = (float)((t->kind == SIM_SPIKE ? t->p[1] : t->p[2]) * g->counts_per_v);
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
                v[s - at] += amp;
            }
        }
    }
    return any_drop;
}

/* The analogue value in ADC counts of samples base + lo … base + hi − 1 into v[0 … hi − lo),
 * base a multiple of CHUNK and hi ≤ CHUNK: the offset, then every term in the spec's order. */
__attribute__((always_inline)) static inline void chunk_values(const struct sim_gen *g, uint64_t base, size_t lo, size_t hi, float *v)
{
    const double cpv = g->counts_per_v;
    const size_t m = hi - lo;
    const float off = (float)(g->offset_v * cpv);
    uint32_t ph[CHUNK];
    unsigned char dropped[CHUNK];
    bool any_drop = false;
    for (size_t i = 0; i < m; i++)
        v[i] = off;
    for (int k = 0; k < g->spec->n_terms; k++) {
        const struct sim_term *t = &g->spec->term[k];
        const float a = (float)(t->p[1] * cpv);
        const uint32_t duty = (uint32_t)(g->duty[k] >> 32);
        /* exact at the chunk's start, then the increment rounded to 2^-32 cycles */
        const uint64_t start = base * g->inc[k] + (t->kind == SIM_SINE ? g->duty[k] : 0);
        const uint32_t d = (uint32_t)((g->inc[k] + 0x80000000u) >> 32); /* mod 2^32 */
        const uint32_t p0 = (uint32_t)(start >> 32) + (uint32_t)lo * d;
        switch (t->kind) {
        case SIM_DC: {
            const float c = (float)(t->p[0] * cpv);
            for (size_t i = 0; i < m; i++)
                v[i] += c;
            break;
        }
        case SIM_SINE:
            for (size_t i = 0; i < m; i++)
                v[i] += a * sin_turn(p0 + (uint32_t)i * d);
            break;
        case SIM_SQUARE:
            for (size_t i = 0; i < m; i++)
                v[i] += p0 + (uint32_t)i * d < duty ? a : -a;
            break;
        case SIM_PWM:
            for (size_t i = 0; i < m; i++)
                v[i] += p0 + (uint32_t)i * d < duty ? a : 0.0f;
            break;
        case SIM_TRIANGLE:
            for (size_t i = 0; i < m; i++)
                v[i] += a * (1.0f - 4.0f * fabsf(centred(p0 + (uint32_t)i * d)));
            break;
        case SIM_SAWTOOTH:
            for (size_t i = 0; i < m; i++)
                v[i] += a * (2.0f * centred(p0 + (uint32_t)i * d));
            break;
        case SIM_CHIRP: {
            const float ca = (float)(t->p[3] * cpv);
            chirp_phases(g, k, base + lo, m, ph);
            for (size_t i = 0; i < m; i++)
                v[i] += ca * sin_turn(ph[i]);
            break;
        }
        case SIM_NOISE: add_noise(g, k, base + lo, m, v); break;
        case SIM_RAMP: { /* slope·t, held from t_end on (0: never) */
            const double slope = t->p[0] * cpv, dt = g->interval_s;
            const double t_end = t->p[1] > 0 ? t->p[1] : INFINITY;
            for (size_t i = 0; i < m; i++) {
                double ts = (double)(base + lo + i) * dt;
                v[i] += (float)(slope * (ts < t_end ? ts : t_end));
            }
            break;
        }
        case SIM_REF: { /* noise cells of corr_s in true time, interpolated linearly */
            const double rms = t->p[0] * cpv, corr = t->p[1], delay = t->p[2];
            for (size_t i = 0; i < m; i++) {
                double c = (g->t0_true + (double)(base + lo + i) * g->dt_true - delay) / corr;
                double cell = floor(c), f = c - cell;
                int64_t at = (int64_t)cell;
                v[i] += (float)(rms * ((1 - f) * ref_cell(at) + f * ref_cell(at + 1)));
            }
            break;
        }
        case SIM_STEP: {
            const float a0 = (float)(t->p[1] * cpv);
            for (size_t i = 0; i < m; i++)
                v[i] += (double)(base + lo + i) * g->interval_s >= t->p[0] ? a0 : 0.0f;
            break;
        }
        default: any_drop = add_fault(g, k, base + lo, m, v, dropped, any_drop); break;
        }
    }
    if (any_drop)
        for (size_t i = 0; i < m; i++)
            v[i] = dropped[i] == 2 ? SIM_OPEN_INPUT : dropped[i] ? off : v[i];
}

/* The ADC: round to the resolution's grid (ties to even: adding and taking away 1.5·2^23), clip
 * to full scale. Returns non-zero when any value was beyond ±adc_max; each[i] says which. */
static inline int quantise(const struct sim_gen *g, const float *v, size_t m, int16_t *out,
                    size_t stride, unsigned char *each)
{
    const float lim = (float)g->adc_max, inv = 1.0f / (float)g->step;
    const float top = (float)(g->clip / g->step), step = (float)g->step;
    int over = 0;
    int16_t q[CHUNK];
    int16_t *dst = stride == 1 ? out : q;
    for (size_t i = 0; i < m; i++) {
        float x = v[i] * inv;
        x = x < top ? x : top;
        x = x > -top ? x : -top;
        x = (x + 0x1.8p23f) - 0x1.8p23f;
        dst[i] = (int16_t)(int32_t)(x * step); /* exact: a whole number times a power of 2 */
        over |= (v[i] > lim) | (v[i] < -lim);
    }
    if (each)
        for (size_t i = 0; i < m; i++)
            each[i] = (v[i] > lim) | (v[i] < -lim);
    if (stride != 1)
        for (size_t i = 0; i < m; i++)
            out[i * stride] = q[i];
    return over;
}

/* Samples index … index + n − 1, a chunk at a time; each, if given, flags every one over range.
 * Built also for AVX2 where the compiler can (the same IEEE operations, twice the lanes). */
#if defined(__x86_64__) && defined(__has_attribute) && !defined(SIM_NO_CLONES)
#if __has_attribute(target_clones)
__attribute__((target_clones("avx2", "default")))
#endif
#endif
static int fill_formula(const struct sim_gen *g, uint64_t index, size_t n, int16_t *out,
                        size_t stride, unsigned char *each)
{
    int over = 0;
    float v[CHUNK];
    for (size_t done = 0; done < n;) {
        uint64_t at = index + done, base = at - at % CHUNK;
        size_t lo = (size_t)(at - base), hi = n - done < CHUNK - lo ? lo + (n - done) : CHUNK;
        chunk_values(g, base, lo, hi, v);
        over |= quantise(g, v, hi - lo, out + done * stride, stride, each ? each + done : NULL);
        done += hi - lo;
    }
    return over;
}

void sim_gen_values(const struct sim_gen *g, uint64_t index, size_t n, float *out)
{
    float v[CHUNK];
    for (size_t done = 0; done < n;) {
        uint64_t at = index + done, base = at - at % CHUNK;
        size_t lo = (size_t)(at - base), hi = n - done < CHUNK - lo ? lo + (n - done) : CHUNK;
        chunk_values(g, base, lo, hi, v);
        memcpy(out + done, v, (hi - lo) * sizeof *v);
        done += hi - lo;
    }
}

int32_t sim_logger_code(float v, double scale, double offset, int32_t lo, int32_t hi, int *over)
{
    double x = nearbyint(((double)v - offset) / scale); /* ties to even, as the scopes' ADC */
    if (x > hi || x < lo) {
        *over = 1;
        return x > hi ? hi : lo;
    }
    return (int32_t)x;
}

float sim_logger_temp(float v, float lo, float hi, int *over)
{
    if (v > hi || v < lo) {
        *over = 1;
        return v > hi ? hi : lo;
    }
    return v;
}

/* When nothing random is in the spec and the terms repeat within TABLE_MAX_PERIOD samples,
 * one period made by the formula itself, copied per block. */
static void build_table(struct sim_gen *g)
{
    uint64_t period = 1;
    for (int k = 0; k < g->spec->n_terms; k++) {
        if (is_noise_or_fault(g->spec->term[k].kind))
            return;
        uint64_t p = term_period(g, k);
        if (p == 0 || p > TABLE_MAX_PERIOD)
            return;
        period = period / gcd64(period, p) * p;
        if (period > TABLE_MAX_PERIOD)
            return;
    }
    period *= (CHUNK + period - 1) / period; /* whole periods, at least a chunk: long copies */
    int16_t *t = malloc(period * sizeof *t);
    uint32_t *o = malloc((period + 1) * sizeof *o);
    unsigned char *each = malloc(period);
    if (!t || !o || !each) {
        free(t);
        free(o);
        free(each);
        return;
    }
    fill_formula(g, 0, period, t, 1, each);
    o[0] = 0;
    for (uint64_t i = 0; i < period; i++)
        o[i + 1] = o[i] + each[i];
    free(each);
    g->table = t;
    g->over_prefix = o;
    g->period = period;
}

void sim_gen_free(struct sim_gen *g)
{
    free(g->table);
    free(g->over_prefix);
    g->table = NULL;
    g->over_prefix = NULL;
    g->period = 0;
}

int sim_gen_fill(const struct sim_gen *g, uint64_t index, size_t n, int16_t *out, size_t stride)
{
    if (!g->table)
        return fill_formula(g, index, n, out, stride, NULL);
    int over = 0;
    uint64_t at = index % g->period;
    while (n > 0) {
        size_t m = g->period - at < n ? (size_t)(g->period - at) : n;
        over |= g->over_prefix[at + m] != g->over_prefix[at];
        if (stride == 1) {
            memcpy(out, g->table + at, m * sizeof *out);
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
