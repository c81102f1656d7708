/* SigMF meta: written, read back, refused when malformed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_main.h"
#include "picostream/sigmf.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/ps_sigmf_XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

static void test_meta_round_trips(void **state)
{
    (void)state;
    ps_sigmf_meta m;
    memset(&m, 0, sizeof m);
    strcpy(m.datatype, "ri16_le");
    m.sample_rate_hz = 1008064.5161290322;
    m.interval_s = 992e-9;
    m.n_channels = 2;
    strcpy(m.hw, "PicoScope 5444D");
    m.has_picostream = true;
    strcpy(m.channel[0].name, "A");
    m.channel[0].range_v = 2.0;
    m.channel[0].scale_v = 2.0 / 32767;
    strcpy(m.channel[1].name, "B");
    m.channel[1].scale_v = 0.5 / 32767;
    m.channel[1].offset_v = -0.25;
    m.n_samples = 12345;
    m.lost_samples = 10;
    strcpy(m.sim_spec, "seed=1;A=dc(1)");
    ps_sigmf_capture c0 = {0, 0, "2026-11-24T00:00:00.000000Z", false};
    ps_sigmf_capture c1 = {100, 110, "", true};
    assert_int_equal(ps_sigmf_add_capture(&m, &c0, NULL), PS_OK);
    assert_int_equal(ps_sigmf_add_capture(&m, &c1, NULL), PS_OK);
    char path[128];
    snprintf(path, sizeof path, "%s/r.sigmf-meta", dir);
    assert_int_equal(ps_sigmf_write_meta(path, &m, NULL), PS_OK);
    ps_sigmf_meta r;
    assert_int_equal(ps_sigmf_read_meta(path, &r, NULL), PS_OK);
    assert_true(r.sample_rate_hz == m.sample_rate_hz); /* %.17g: exact */
    assert_true(r.interval_s == m.interval_s);
    assert_true(r.channel[1].scale_v == m.channel[1].scale_v);
    assert_true(r.channel[1].offset_v == -0.25);
    assert_int_equal(r.n_captures, 2);
    assert_int_equal(r.captures[1].global_index, 110);
    assert_true(r.captures[1].estimated);
    assert_int_equal(r.n_samples, 12345);
    assert_string_equal(r.sim_spec, "seed=1;A=dc(1)");
    char tmp[160];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    assert_int_not_equal(access(tmp, F_OK), 0); /* the temp file was renamed away */
    ps_sigmf_meta_clear(&r);
    ps_sigmf_meta_clear(&m);
}

static void test_malformed_meta_is_refused_with_reason(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/bad.sigmf-meta", dir);
    ps_sigmf_meta m;
    ps_error err = {0};
    write_text(path, "{\"global\": {\"core:datatype\": \"ri16_le\"");
    assert_int_equal(ps_sigmf_read_meta(path, &m, &err), PS_ERR_FORMAT);
    assert_non_null(strstr(err.msg, "not valid JSON"));
    write_text(path, "{\"global\": {\"core:datatype\": \"cf32_le\", \"core:sample_rate\": 1}}");
    assert_int_equal(ps_sigmf_read_meta(path, &m, &err), PS_ERR_FORMAT);
    assert_non_null(strstr(err.msg, "datatype 'cf32_le' not supported"));
    write_text(path, "{\"global\": {\"core:datatype\": \"ri16_le\", \"core:sample_rate\": 0}}");
    assert_int_equal(ps_sigmf_read_meta(path, &m, &err), PS_ERR_FORMAT);
    assert_non_null(strstr(err.msg, "core:sample_rate"));
    snprintf(path, sizeof path, "%s/missing.sigmf-meta", dir);
    assert_int_equal(ps_sigmf_read_meta(path, &m, &err), PS_ERR_IO);
    assert_non_null(strstr(err.msg, "No such file"));
}

static void test_names_map_to_both_files(void **state)
{
    (void)state;
    char meta[64], data[64];
    assert_int_equal(ps_sigmf_paths("a/run1.sigmf-data", meta, data, sizeof meta, NULL), PS_OK);
    assert_string_equal(meta, "a/run1.sigmf-meta");
    assert_string_equal(data, "a/run1.sigmf-data");
    assert_int_equal(ps_sigmf_paths("run1", meta, data, sizeof meta, NULL), PS_OK);
    assert_string_equal(meta, "run1.sigmf-meta");
    assert_int_equal(ps_sigmf_paths("", meta, data, sizeof meta, NULL), PS_ERR_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_meta_round_trips),
        cmocka_unit_test(test_malformed_meta_is_refused_with_reason),
        cmocka_unit_test(test_names_map_to_both_files),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
