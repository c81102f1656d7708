/* DSP blocks: any block sizes give the one-pass result bit for bit; bad input is refused with a
 * message that names the value. (Agreement with SciPy itself is in tests/parity/.) */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "test_main.h"
#include "picostream/dsp.h"
#include "picostream/events.h"
#include "picostream/peaks.h"

enum { N = 10007 }; /* prime: blocks never line up */
static const size_t sizes[] = {1, 7, 4096, 333};

static void make_signal(double *x, size_t n, unsigned seed)
{
    srand(seed);
    for (size_t i = 0; i < n; i++)
        x[i] = sin(0.001 * (double)i * (double)i / 50) + 0.1 * ((double)rand() / RAND_MAX - 0.5);
}

static void test_sosfilt_blocks_match_one_pass(void **state)
{
    (void)state;
    static double x[N], whole[N], parts[N];
    double sos[6 * 8];
    size_t n;
    assert_int_equal(ps_butter_sos(4, 1000, 0, PS_LOWPASS, 48000, sos, 8, &n, NULL), PS_OK);
    assert_int_equal(n, 2);
    make_signal(x, N, 42);
    ps_sosfilt *a, *b;
    ps_sosfilt_create(&a, sos, n, NULL);
    ps_sosfilt_create(&b, sos, n, NULL);
    ps_sosfilt_process(a, x, whole, N);
    for (size_t i = 0, k = 0; i < N; k++) {
        size_t m = sizes[k % 4] < N - i ? sizes[k % 4] : N - i;
        ps_sosfilt_process(b, x + i, parts + i, m);
        i += m;
    }
    assert_memory_equal(whole, parts, sizeof whole); /* same arithmetic, so bit-equal */
    ps_sosfilt_destroy(a);
    ps_sosfilt_destroy(b);
}

static void test_sosfilt_steady_state_holds_a_constant(void **state)
{
    (void)state;
    double sos[6 * 8], y[64], x[64];
    size_t n;
    ps_butter_sos(5, 2000, 0, PS_LOWPASS, 48000, sos, 8, &n, NULL);
    assert_int_equal(ps_sosfiltfilt_padlen(sos, n), 18); /* 3·(2·3 + 1 − 1): one 1st-order */
    ps_sosfilt *f;
    ps_sosfilt_create(&f, sos, n, NULL);
    for (int i = 0; i < 64; i++)
        x[i] = 0.75;
    ps_sosfilt_set_steady(f, 0.75);
    ps_sosfilt_process(f, x, y, 64);
    for (int i = 0; i < 64; i++)
        assert_true(fabs(y[i] - 0.75) < 1e-12); /* lowpass DC gain 1: no transient */
    ps_sosfilt_destroy(f);
}

static void test_butter_bad_input_says_why(void **state)
{
    (void)state;
    double sos[6 * 8];
    size_t n;
    ps_error err = {0};
    assert_int_equal(ps_butter_sos(4, 30000, 0, PS_LOWPASS, 48000, sos, 8, &n, &err), PS_ERR_ARG);
    assert_string_equal(err.msg,
                        "band edge 30000 Hz must be between 0 and the Nyquist frequency 24000 Hz");
    assert_int_equal(ps_butter_sos(0, 100, 0, PS_LOWPASS, 48000, sos, 8, &n, &err), PS_ERR_ARG);
    assert_string_equal(err.msg, "filter order 0 (1…32)");
    assert_int_equal(ps_butter_sos(2, 300, 200, PS_BANDPASS, 48000, sos, 8, &n, &err), PS_ERR_ARG);
    assert_string_equal(err.msg, "band 300:200 Hz: the first edge must be the lower");
    ps_sosfilt *f = (ps_sosfilt *)1;
    assert_int_equal(ps_sosfilt_create(&f, sos, 0, &err), PS_ERR_ARG);
    assert_null(f);
}

static void test_resampler_blocks_match_one_pass(void **state)
{
    (void)state;
    static double x[N], whole[N * 3], parts[N * 3];
    make_signal(x, N, 7);
    ps_resampler *a, *b;
    assert_int_equal(ps_resampler_create(&a, 3, 7, N, NULL), PS_OK);
    ps_resampler_create(&b, 3, 7, N, NULL);
    assert_int_equal(ps_resampler_out_len(a), (N * 3 + 6) / 7);
    size_t na, nb = 0, m;
    ps_resampler_process(a, x, N, whole, &na);
    assert_int_equal(na, ps_resampler_out_len(a));
    for (size_t i = 0, k = 0; i < N; k++) {
        size_t len = sizes[k % 4] < N - i ? sizes[k % 4] : N - i;
        ps_resampler_process(b, x + i, len, parts + nb, &m);
        nb += m;
        i += len;
    }
    assert_int_equal(nb, na);
    assert_memory_equal(whole, parts, na * sizeof *whole);
    const double *h;
    size_t taps = ps_resampler_taps(a, &h);
    assert_int_equal(taps, 2 * 10 * 7 + 1);
    double dc = 0;
    for (size_t i = 0; i < taps; i++)
        dc += h[i];
    assert_true(fabs(dc - 3.0) < 1e-12); /* firwin scaled to unit gain, × up */
    ps_resampler_destroy(a);
    ps_resampler_destroy(b);
    ps_error err = {0};
    assert_int_equal(ps_resampler_create(&a, 0, 2, N, &err), PS_ERR_ARG);
    assert_string_equal(err.msg, "up and down must be at least 1 (got 0/2)");
}

static void test_welch_blocks_match_and_bad_input(void **state)
{
    (void)state;
    static double x[N];
    make_signal(x, N, 3);
    ps_welch_config cfg = {.fs_hz = 1000, .window = "hann", .nperseg = 256, .density = true};
    ps_welch *a, *b;
    assert_int_equal(ps_welch_create(&a, &cfg, NULL), PS_OK);
    ps_welch_create(&b, &cfg, NULL);
    ps_welch_feed(a, x, N, NULL);
    for (size_t i = 0, k = 0; i < N; k++) {
        size_t m = sizes[k % 4] < N - i ? sizes[k % 4] : N - i;
        ps_welch_feed(b, x + i, m, NULL);
        i += m;
    }
    double pa[129], pb[129], f[129];
    assert_int_equal(ps_welch_n_freq(a), 129);
    ps_welch_result(a, f, pa, NULL);
    ps_welch_result(b, NULL, pb, NULL);
    assert_memory_equal(pa, pb, sizeof pa);
    assert_true(f[128] == 500.0);
    ps_welch_destroy(a);
    ps_welch_destroy(b);
    ps_error err = {0};
    cfg.noverlap = 256;
    cfg.noverlap_set = true;
    assert_int_equal(ps_welch_create(&a, &cfg, &err), PS_ERR_ARG);
    assert_string_equal(err.msg, "noverlap 256 must be less than nperseg 256");
    cfg.noverlap_set = false;
    cfg.window = "gauss";
    assert_int_equal(ps_welch_create(&a, &cfg, &err), PS_ERR_ARG);
    assert_string_equal(err.msg,
                        "window 'gauss' (hann, hamming, blackman, flattop, boxcar, bartlett)");
    cfg.window = "hann";
    ps_welch_create(&a, &cfg, NULL);
    ps_welch_feed(a, x, 100, NULL);
    assert_int_equal(ps_welch_result(a, f, pa, &err), PS_ERR_ARG);
    assert_string_equal(err.msg, "no complete segment of nperseg 256 samples");
    ps_welch_destroy(a);
}

static void test_xcorr_small_case_and_bad_lags(void **state)
{
    (void)state;
    /* scipy.signal.correlate([0, 1, 2, 3], [1, 2]) = [0, 2, 5, 8, 3] at lags −1 … 3 */
    double a[] = {0, 1, 2, 3}, b_seg[8] = {0}, z[5];
    ps_xcorr *x;
    assert_int_equal(ps_xcorr_create(&x, 4, 2, -1, 3, NULL), PS_OK);
    /* b[s − 3 … s + 4 + 1) for s = 0: b[0] and b[1] sit at offsets 3 and 4 */
    b_seg[3] = 1;
    b_seg[4] = 2;
    ps_xcorr_feed(x, a, 4, b_seg);
    ps_xcorr_result(x, z);
    const double want[] = {0, 2, 5, 8, 3};
    for (int i = 0; i < 5; i++)
        assert_true(fabs(z[i] - want[i]) < 1e-12);
    ps_xcorr_destroy(x);
    ps_error err = {0};
    assert_int_equal(ps_xcorr_create(&x, 4, 2, -2, 0, &err), PS_ERR_ARG);
    assert_string_equal(err.msg, "lags -2…0 outside -1…3");
}

static void test_stats_merge_blocks_like_one_pass(void **state)
{
    (void)state;
    static double x[N];
    make_signal(x, N, 5);
    for (size_t i = 0; i < N; i++)
        x[i] += 1e6; /* a large offset must not cost the std its precision */
    ps_stats a, b;
    ps_stats_reset(&a);
    ps_stats_reset(&b);
    ps_stats_feed(&a, x, N);
    for (size_t i = 0, k = 0; i < N; k++) {
        size_t m = sizes[k % 4] < N - i ? sizes[k % 4] : N - i;
        ps_stats_feed(&b, x + i, m);
        i += m;
    }
    double mean = 0, m2 = 0;
    for (size_t i = 0; i < N; i++)
        mean += x[i];
    mean /= N;
    for (size_t i = 0; i < N; i++)
        m2 += (x[i] - mean) * (x[i] - mean);
    double sd = sqrt(m2 / N);
    assert_true(fabs(ps_stats_std(&a) - sd) < 1e-9 * sd);
    assert_true(fabs(ps_stats_std(&b) - sd) < 1e-9 * sd);
    assert_true(a.min == b.min && a.max == b.max && b.n == N);
}


struct ev_list {
    ps_event e[4096];
    size_t n;
};

static int keep_event(void *arg, const ps_event *ev)
{
    struct ev_list *l = arg;
    if (l->n < 4096)
        l->e[l->n++] = *ev;
    return 0;
}

/* Feeds x through a finder in blocks of the given sizes (cycled), from index base. */
static void find_in_blocks(const ps_events_config *cfg, const double *x, size_t n, uint64_t base,
                           const size_t *bs, size_t n_bs, struct ev_list *out)
{
    ps_event_finder *f;
    assert_int_equal(ps_event_finder_create(&f, cfg, 1e6, NULL), PS_OK);
    out->n = 0;
    for (size_t i = 0, k = 0; i < n; k++) {
        size_t m = bs[k % n_bs] < n - i ? bs[k % n_bs] : n - i;
        assert_int_equal(ps_event_finder_process(f, base + i, x + i, m, keep_event, out, NULL),
                         PS_OK);
        i += m;
    }
    assert_int_equal(ps_event_finder_finish(f, keep_event, out, NULL), PS_OK);
    ps_event_finder_destroy(f);
}

static void test_event_finder_blocks_match_one_pass(void **state)
{
    (void)state;
    static double x[N];
    static struct ev_list whole, parts;
    make_signal(x, N, 7);
    for (size_t i = 100; i < N; i += 997) /* spikes for the slew and glitch rules */
        x[i] += 3.0;
    ps_events_config cfg = {.n_rules = 7, .hysteresis_v = 0.02, .holdoff_s = 3e-6};
    cfg.rule[0] = (ps_event_rule){PS_RULE_ABOVE, 0.9, 0, 0, "above"};
    cfg.rule[1] = (ps_event_rule){PS_RULE_BELOW, -0.9, 0, 0, "below"};
    cfg.rule[2] = (ps_event_rule){PS_RULE_WINDOW, -0.5, 0.5, 0, "window"};
    cfg.rule[3] = (ps_event_rule){PS_RULE_GLITCH, 0, 0, 4e-6, "glitch"};
    cfg.rule[4] = (ps_event_rule){PS_RULE_DROPOUT, 0, 0, 200e-6, "dropout"};
    cfg.rule[5] = (ps_event_rule){PS_RULE_RUNT, -0.3, 0.3, 0, "runt"};
    cfg.rule[6] = (ps_event_rule){PS_RULE_SLEW, 1e6, 0, 0, "slew"};
    const size_t one[] = {N};
    find_in_blocks(&cfg, x, N, 5, one, 1, &whole);
    assert_true(whole.n > 20);
    bool kinds[7] = {0};
    for (size_t i = 0; i < whole.n; i++)
        kinds[whole.e[i].rule] = true;
    for (int k = 0; k < 7; k++)
        if (k != 4) /* the chirp crosses 0 V too often for a dropout */
            assert_true(kinds[k]);
    find_in_blocks(&cfg, x, N, 5, sizes, 4, &parts);
    assert_int_equal(parts.n, whole.n);
    for (size_t i = 0; i < whole.n; i++) { /* field by field: the struct has padding */
        assert_int_equal(parts.e[i].start, whole.e[i].start);
        assert_int_equal(parts.e[i].end, whole.e[i].end);
        assert_int_equal(parts.e[i].rule, whole.e[i].rule);
        assert_true(parts.e[i].peak_v == whole.e[i].peak_v);
    }
    for (size_t i = 1; i < whole.n; i++) /* handed over in start order */
        assert_true(whole.e[i].start >= whole.e[i - 1].start);
}

static void test_event_finder_ends_events_at_a_gap(void **state)
{
    (void)state;
    double hi[100];
    for (int i = 0; i < 100; i++)
        hi[i] = 1.0;
    ps_events_config cfg = {.n_rules = 1};
    cfg.rule[0] = (ps_event_rule){PS_RULE_ABOVE, 0.5, 0, 0, "above"};
    ps_event_finder *f;
    static struct ev_list l;
    l.n = 0;
    assert_int_equal(ps_event_finder_create(&f, &cfg, 1e3, NULL), PS_OK);
    assert_int_equal(ps_event_finder_process(f, 0, hi, 100, keep_event, &l, NULL), PS_OK);
    assert_int_equal(ps_event_finder_process(f, 500, hi, 100, keep_event, &l, NULL), PS_OK);
    assert_int_equal(ps_event_finder_finish(f, keep_event, &l, NULL), PS_OK);
    ps_event_finder_destroy(f);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.e[0].start, 0);
    assert_int_equal(l.e[0].end, 100);
    assert_int_equal(l.e[1].start, 500);
    assert_int_equal(l.e[1].end, 600);
    ps_error err = {0};
    cfg.n_rules = 0;
    assert_int_equal(ps_event_finder_create(&f, &cfg, 1e3, &err), PS_ERR_ARG);
    assert_non_null(strstr(ps_error_text(&err), "no rule given"));
}

struct peak_list {
    ps_peak p[4096];
    size_t n;
};

static int keep_peak(void *arg, const ps_peak *p)
{
    struct peak_list *l = arg;
    if (l->n < 4096)
        l->p[l->n++] = *p;
    return 0;
}

static void peaks_in_blocks(const ps_peaks_config *cfg, ps_peak_stage stage, const double *x,
                            size_t n, const size_t *bs, size_t n_bs, struct peak_list *out)
{
    ps_peak_finder *f;
    assert_int_equal(ps_peak_finder_create(&f, cfg, stage, NULL), PS_OK);
    out->n = 0;
    for (size_t i = 0, k = 0; i < n; k++) {
        size_t m = bs[k % n_bs] < n - i ? bs[k % n_bs] : n - i;
        assert_int_equal(ps_peak_finder_process(f, 3 + i, x + i, m, keep_peak, out, NULL), PS_OK);
        i += m;
    }
    assert_int_equal(ps_peak_finder_finish(f, keep_peak, out, NULL), PS_OK);
    ps_peak_finder_destroy(f);
}

/* The brute-force walk SciPy's _peak_prominences takes, for one peak. */
static double prominence_of(const double *x, size_t n, size_t peak)
{
    double left = x[peak], right = x[peak];
    for (size_t i = peak + 1; i-- > 0 && x[i] <= x[peak];)
        left = x[i] < left ? x[i] : left;
    for (size_t i = peak; i < n && x[i] <= x[peak]; i++)
        right = x[i] < right ? x[i] : right;
    return x[peak] - fmax(left, right);
}

static void test_peak_finder_blocks_match_one_pass(void **state)
{
    (void)state;
    static double x[N];
    static struct peak_list whole, parts;
    make_signal(x, N, 11);
    for (size_t i = 500; i < N; i += 1111) { /* plateaus, some at block edges */
        x[i] = x[i + 1] = x[i + 2] = 2.0;
        x[i - 1] = 1.5;
        x[i + 3] = 1.0;
    }
    ps_peaks_config cfg = {.rel_height = 0.5};
    cfg.prominence = (ps_cond){true, true, false, 0.05, 0};
    const size_t one[] = {N};
    for (int stage = PS_PEAKS_CANDIDATES; stage <= PS_PEAKS_PROMINENCE; stage++) {
        peaks_in_blocks(&cfg, (ps_peak_stage)stage, x, N, one, 1, &whole);
        peaks_in_blocks(&cfg, (ps_peak_stage)stage, x, N, sizes, 4, &parts);
        assert_true(whole.n > 20);
        assert_int_equal(parts.n, whole.n);
        for (size_t i = 0; i < whole.n; i++) {
            assert_int_equal(parts.p[i].index, whole.p[i].index);
            assert_int_equal(parts.p[i].left_base, whole.p[i].left_base);
            assert_int_equal(parts.p[i].right_base, whole.p[i].right_base);
            assert_int_equal(parts.p[i].plateau_size, whole.p[i].plateau_size);
            assert_true(parts.p[i].prominence == whole.p[i].prominence);
        }
        if (stage == PS_PEAKS_PROMINENCE) /* SciPy's prominence for every peak handed out */
            for (size_t i = 0; i < whole.n; i++) {
                double want = prominence_of(x, N, (size_t)(whole.p[i].index - 3));
                assert_true(whole.p[i].prominence == want && want >= 0.05);
            }
    }
}

static void test_peak_finder_restarts_at_a_gap(void **state)
{
    (void)state;
    const double rise[] = {0, 1, 2, 2}, fall[] = {1, 0, 3, 0};
    ps_peaks_config cfg = {.rel_height = 0.5};
    ps_peak_finder *f;
    static struct peak_list l;
    l.n = 0;
    assert_int_equal(ps_peak_finder_create(&f, &cfg, PS_PEAKS_CANDIDATES, NULL), PS_OK);
    assert_int_equal(ps_peak_finder_process(f, 0, rise, 4, keep_peak, &l, NULL), PS_OK);
    /* after a gap the fall does not close the plateau before it: only the 3 is a peak */
    assert_int_equal(ps_peak_finder_process(f, 100, fall, 4, keep_peak, &l, NULL), PS_OK);
    assert_int_equal(ps_peak_finder_finish(f, keep_peak, &l, NULL), PS_OK);
    ps_peak_finder_destroy(f);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.p[0].index, 102);
}

static void test_envelope_blocks_match_one_pass(void **state)
{
    (void)state;
    static double x[N];
    static ps_envelope_bin whole[N], parts[N];
    make_signal(x, N, 3);
    for (int r = 0; r < 3; r++) {
        double ratio = (double[]){1.0, 7.3, 1000.0}[r];
        ps_envelope *e;
        assert_int_equal(ps_envelope_create(&e, ratio, NULL), PS_OK);
        ps_envelope_restart(e, 12345);
        size_t nw = ps_envelope_process(e, x, N, whole);
        nw += ps_envelope_finish(e, whole + nw);
        ps_envelope_restart(e, 12345);
        size_t np = 0;
        for (size_t i = 0, k = 0; i < N; k++) {
            size_t m = sizes[k % 4] < N - i ? sizes[k % 4] : N - i;
            np += ps_envelope_process(e, x + i, m, parts + np);
            i += m;
        }
        np += ps_envelope_finish(e, parts + np);
        assert_int_equal(np, nw);
        assert_memory_equal(parts, whole, nw * sizeof *whole);
        /* bins lie on the grid: bin b holds positions [round(b·ratio), round((b+1)·ratio)) */
        double lo = INFINITY;
        for (size_t i = 0; i < N && 12345 + i < (size_t)llround((double)(whole[0].bin + 1) * ratio);
             i++)
            lo = fmin(lo, x[i]);
        assert_true(lo == whole[0].lo);
        ps_envelope_destroy(e);
    }
    ps_error err = {0};
    ps_envelope *e;
    assert_int_equal(ps_envelope_create(&e, 0.0, &err), PS_ERR_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sosfilt_blocks_match_one_pass),
        cmocka_unit_test(test_sosfilt_steady_state_holds_a_constant),
        cmocka_unit_test(test_butter_bad_input_says_why),
        cmocka_unit_test(test_resampler_blocks_match_one_pass),
        cmocka_unit_test(test_welch_blocks_match_and_bad_input),
        cmocka_unit_test(test_xcorr_small_case_and_bad_lags),
        cmocka_unit_test(test_stats_merge_blocks_like_one_pass),
        cmocka_unit_test(test_event_finder_blocks_match_one_pass),
        cmocka_unit_test(test_event_finder_ends_events_at_a_gap),
        cmocka_unit_test(test_peak_finder_blocks_match_one_pass),
        cmocka_unit_test(test_peak_finder_restarts_at_a_gap),
        cmocka_unit_test(test_envelope_blocks_match_one_pass),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
