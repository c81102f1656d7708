/* Units as people write them. */
#include "test_main.h"
#include "cli.h"

static void test_rates_and_counts(void **state)
{
    (void)state;
    double v;
    assert_int_equal(units_parse_rate("1M", &v), 0);
    assert_true(v == 1e6);
    assert_int_equal(units_parse_rate("250k", &v), 0);
    assert_true(v == 250e3);
    assert_int_equal(units_parse_rate("10MS/s", &v), 0);
    assert_true(v == 10e6);
    assert_int_equal(units_parse_count("5e6", &v), 0);
    assert_true(v == 5e6);
    assert_int_equal(units_parse_rate("fast", &v), -1);
    assert_int_equal(units_parse_rate("1Mbps", &v), -1);
    assert_int_equal(units_parse_rate("-5", &v), -1);
}

static void test_times(void **state)
{
    (void)state;
    double v;
    assert_int_equal(units_parse_time("10ms", &v), 0);
    assert_true(v == 10e-3);
    assert_int_equal(units_parse_time("8h", &v), 0);
    assert_true(v == 8 * 3600.0);
    assert_int_equal(units_parse_time("1h5m", &v), 0);
    assert_true(v == 3900.0);
    assert_int_equal(units_parse_time("2.5", &v), 0);
    assert_true(v == 2.5);
    assert_int_equal(units_parse_time("10 s", &v), -1);
    assert_int_equal(units_parse_time("1h5", &v), -1);
    assert_int_equal(units_parse_time("", &v), -1);
}

static void test_volts(void **state)
{
    (void)state;
    double v;
    assert_int_equal(units_parse_volts("500mV", &v), 0);
    assert_true(v == 0.5);
    assert_int_equal(units_parse_volts("2V", &v), 0);
    assert_true(v == 2.0);
    assert_int_equal(units_parse_volts("-1.5V", &v), 0);
    assert_true(v == -1.5);
    assert_int_equal(units_parse_volts("2A", &v), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rates_and_counts),
        cmocka_unit_test(test_times),
        cmocka_unit_test(test_volts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
