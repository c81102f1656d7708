/* The simulator's formula: a pure function of (config, channel, index), faults where listed. */
#include <stdlib.h>
#include <string.h>

#include "test_main.h"
#include "sim_signal.h"

static void gen(const char *spec, unsigned ch, struct sim_config *cfg, struct sim_gen *g,
                unsigned bits)
{
    char err[256] = "";
    sim_config_default(cfg);
    if (sim_config_parse(cfg, spec, err, sizeof err) != 0)
        fail_msg("spec '%s': %s", spec, err);
    sim_gen_init(g, cfg, ch, 1e-6, 2.0, 0.0, bits == 8 ? 32512 : 32767, bits, false);
}

static void test_samples_do_not_depend_on_block_boundaries(void **state)
{
    (void)state;
    enum { N = 10007 };
    static int16_t whole[N], parts[N];
    struct sim_config cfg;
    struct sim_gen g;
    gen("seed=9;A=sine(1k,1.5)+noise(10m)+chirp(10,50k,3m,0.2)+spike(777,0.3)", 0, &cfg, &g, 12);
    sim_gen_fill(&g, 123456789, N, whole, 1);
    static const size_t sizes[] = {1, 7, 4096, 333};
    for (size_t i = 0, k = 0; i < N; k++) {
        size_t m = sizes[k % 4] < N - i ? sizes[k % 4] : N - i;
        sim_gen_fill(&g, 123456789 + i, m, parts + i, 1);
        i += m;
    }
    assert_memory_equal(whole, parts, sizeof whole);
    sim_gen_free(&g);
}

static void test_seed_and_channel_change_the_noise(void **state)
{
    (void)state;
    int16_t a[64], b[64], c[64];
    struct sim_config ca, cb, cc;
    struct sim_gen ga, gb, gc;
    gen("seed=1;A=noise(0.5);B=noise(0.5)", 0, &ca, &ga, 16);
    gen("seed=2;A=noise(0.5);B=noise(0.5)", 0, &cb, &gb, 16);
    gen("seed=1;A=noise(0.5);B=noise(0.5)", 1, &cc, &gc, 16);
    sim_gen_fill(&ga, 0, 64, a, 1);
    sim_gen_fill(&gb, 0, 64, b, 1);
    sim_gen_fill(&gc, 0, 64, c, 1);
    assert_memory_not_equal(a, b, sizeof a);
    assert_memory_not_equal(a, c, sizeof a);
    sim_gen_free(&ga);
    sim_gen_free(&gb);
    sim_gen_free(&gc);
}

static void test_eight_bit_samples_sit_on_the_8_bit_grid(void **state)
{
    (void)state;
    int16_t x[1000];
    struct sim_config cfg;
    struct sim_gen g;
    gen("A=sine(1234,1.9)+noise(0.01)", 0, &cfg, &g, 8);
    sim_gen_fill(&g, 0, 1000, x, 1);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(x[i] % 256, 0);
    sim_gen_free(&g);
}

static void test_over_range_clips_and_is_reported(void **state)
{
    (void)state;
    int16_t x[4];
    struct sim_config cfg;
    struct sim_gen g;
    gen("A=dc(3)", 0, &cfg, &g, 16);
    assert_int_not_equal(sim_gen_fill(&g, 0, 4, x, 1), 0);
    assert_int_equal(x[0], 32767);
    sim_gen_free(&g);
    gen("A=dc(1)", 0, &cfg, &g, 16);
    assert_int_equal(sim_gen_fill(&g, 0, 4, x, 1), 0);
    assert_int_equal(x[0], 16384); /* 1 V of ±2 V: half of 32767, rounded */
    sim_gen_free(&g);
}

struct listed {
    uint64_t idx[64];
    int n;
};

static void collect(void *arg, enum sim_kind kind, uint64_t index, uint64_t length)
{
    struct listed *l = arg;
    assert_int_equal(kind, SIM_SPIKE);
    assert_int_equal(length, 1);
    if (l->n < 64)
        l->idx[l->n++] = index;
}

static void test_listed_spikes_are_where_the_samples_jump(void **state)
{
    (void)state;
    enum { N = 50000 };
    static int16_t with[N], without[N];
    struct sim_config c1, c2;
    struct sim_gen g1, g2;
    gen("seed=5;A=sine(100,0.5)+spike(10k,1)", 0, &c1, &g1, 16);
    gen("seed=5;A=sine(100,0.5)", 0, &c2, &g2, 16);
    sim_gen_fill(&g1, 0, N, with, 1);
    sim_gen_fill(&g2, 0, N, without, 1);
    struct listed l = {0};
    sim_gen_faults(&g1, 0, N, collect, &l);
    assert_int_equal(l.n, 5); /* one per 10k samples */
    int k = 0;
    for (int i = 0; i < N; i++) {
        if (with[i] == without[i])
            continue;
        assert_true(k < l.n);
        assert_int_equal((uint64_t)i, l.idx[k]);
        int jump = with[i] - without[i]; /* 1 V = 16383.5 counts, rounded either way */
        assert_true(jump == 16383 || jump == 16384);
        k++;
    }
    assert_int_equal(k, 5);
    sim_gen_free(&g1);
    sim_gen_free(&g2);
}

static void test_format_reparses_to_the_same_samples(void **state)
{
    (void)state;
    struct sim_config a, b;
    struct sim_gen ga, gb;
    char spec[SIM_SPEC_MAX], err[256];
    gen("seed=77;A=sine(1.1k,0.7,30)+pwm(50,1,0.1)+dropout(5k,100)+glitch(7k,3,0.2)", 0, &a, &ga,
        14);
    assert_true(sim_config_format_signals(&a, spec, sizeof spec) > 0);
    sim_config_default(&b);
    assert_int_equal(sim_config_parse(&b, spec, err, sizeof err), 0);
    sim_gen_init(&gb, &b, 0, 1e-6, 2.0, 0.0, 32767, 14, false);
    static int16_t x[20000], y[20000];
    sim_gen_fill(&ga, 999, 20000, x, 1);
    sim_gen_fill(&gb, 999, 20000, y, 1);
    assert_memory_equal(x, y, sizeof x);
    sim_gen_free(&ga);
    sim_gen_free(&gb);
}

/* Periodic signals are copied from a table of one period; it must equal the formula. */
static void test_period_table_equals_the_formula(void **state)
{
    (void)state;
    enum { N = 100003 };
    static int16_t fast[N], slow[N];
    struct sim_config c1, c2;
    struct sim_gen g1, g2;
    /* 15625 Hz and 62500 Hz at 1 MS/s repeat every 64 and 16 samples; 1 ms chirp: 1000 */
    gen("A=sine(15625,1.2)+square(62500,0.5,0.3)+chirp(1k,100k,1m,0.2)+dc(0.1)", 0, &c1, &g1, 16);
    gen("A=sine(15625,1.2)+square(62500,0.5,0.3)+chirp(1k,100k,1m,0.2)+dc(0.1)+noise(0)", 0, &c2,
        &g2, 16);
    assert_non_null(g1.table);
    assert_int_equal(g1.period, 1000 * 64 / 8);
    assert_null(g2.table); /* noise never repeats: the formula runs per sample */
    int o1 = sim_gen_fill(&g1, 987654321, N, fast, 1);
    int o2 = sim_gen_fill(&g2, 987654321, N, slow, 1);
    assert_memory_equal(fast, slow, sizeof fast);
    assert_int_equal(o1, o2);
    sim_gen_free(&g1);
    sim_gen_free(&g2);
}

static void test_bad_specs_say_what_is_wrong(void **state)
{
    (void)state;
    struct sim_config cfg;
    char err[256];
    sim_config_default(&cfg);
    assert_int_equal(sim_config_parse(&cfg, "A=sin(1k,1)", err, sizeof err), -1);
    assert_string_equal(err, "simulator config: unknown signal 'sin' (dc, sine, square, "
                             "triangle, sawtooth, chirp, pwm, noise, ramp, step, ref, spike, glitch, dropout, disconnect)");
    assert_int_equal(sim_config_parse(&cfg, "A=sine(1k)", err, sizeof err), -1);
    assert_string_equal(err, "simulator config: sine: needs at least 2 arguments");
    assert_int_equal(sim_config_parse(&cfg, "I=dc(1)", err, sizeof err), -1); /* A…H */
    assert_int_equal(sim_config_parse(&cfg, "A=glitch(10,10,1)", err, sizeof err), -1);
    assert_string_equal(err, "simulator config: glitch: length 10 must be a whole number in 1…9");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_samples_do_not_depend_on_block_boundaries),
        cmocka_unit_test(test_seed_and_channel_change_the_noise),
        cmocka_unit_test(test_eight_bit_samples_sit_on_the_8_bit_grid),
        cmocka_unit_test(test_over_range_clips_and_is_reported),
        cmocka_unit_test(test_listed_spikes_are_where_the_samples_jump),
        cmocka_unit_test(test_format_reparses_to_the_same_samples),
        cmocka_unit_test(test_bad_specs_say_what_is_wrong),
        cmocka_unit_test(test_period_table_equals_the_formula),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
