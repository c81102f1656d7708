/* The SPSC ring: capacity, order, never overwriting, wrap-around, and two real threads. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "test_main.h"
#include "picostream/ring.h"

static void test_ring_rounds_capacity_up_to_a_power_of_two(void **state)
{
    (void)state;
    ps_ring *r;
    assert_int_equal(ps_ring_create(&r, 1000, 2, NULL), PS_OK);
    assert_int_equal(ps_ring_capacity(r), 1024);
    ps_ring_destroy(r);
}

static void test_ring_create_rejects_zero_channels_with_message(void **state)
{
    (void)state;
    ps_ring *r = (ps_ring *)1;
    ps_error err = {0};
    assert_int_equal(ps_ring_create(&r, 1024, 0, &err), PS_ERR_ARG);
    assert_null(r);
    assert_string_equal(err.msg, "ring: 0 channels (1…64 allowed)");
    assert_int_equal(ps_ring_create(&r, 0, 2, &err), PS_ERR_ARG);
}

static void test_ring_full_push_is_short_and_keeps_unread(void **state)
{
    (void)state;
    ps_ring *r;
    ps_ring_create(&r, 8, 1, NULL);
    int16_t in[12];
    for (int i = 0; i < 12; i++)
        in[i] = (int16_t)i;
    assert_int_equal(ps_ring_push(r, in, 12), 8);
    assert_int_equal(ps_ring_push(r, in, 1), 0);
    const int16_t *out;
    assert_int_equal(ps_ring_peek(r, &out), 8);
    for (int i = 0; i < 8; i++)
        assert_int_equal(out[i], i); /* the first 8, not overwritten by the rest */
    ps_ring_destroy(r);
}

static void test_ring_planar_push_interleaves_and_wraps(void **state)
{
    (void)state;
    ps_ring *r;
    ps_ring_create(&r, 8, 2, NULL);
    int16_t a[10], b[10];
    for (int i = 0; i < 10; i++) {
        a[i] = (int16_t)i;
        b[i] = (int16_t)(100 + i);
    }
    const int16_t *chan[2] = {a, b};
    assert_int_equal(ps_ring_push_planar(r, chan, 0, 6), 6);
    const int16_t *out;
    ps_ring_peek(r, &out);
    ps_ring_advance(r, 5);
    assert_int_equal(ps_ring_push_planar(r, chan, 6, 4), 4); /* wraps at frame 8 */
    size_t n = ps_ring_peek(r, &out);
    assert_int_equal(n, 3); /* frames 5, 6, 7 up to the end of the storage */
    assert_int_equal(out[0], 5);
    assert_int_equal(out[1], 105);
    ps_ring_advance(r, n);
    n = ps_ring_peek(r, &out);
    assert_int_equal(n, 2);
    assert_int_equal(out[0], 8);
    assert_int_equal(out[3], 109);
    ps_ring_destroy(r);
}

enum { TOTAL = 3000017 };

static void *producer(void *arg)
{
    ps_ring *r = arg;
    int16_t block[3 * 97];
    uint32_t next = 0;
    while (next < TOTAL) {
        size_t n = TOTAL - next < 97 ? TOTAL - next : 97;
        for (size_t i = 0; i < n; i++)
            for (int c = 0; c < 3; c++)
                block[i * 3 + c] = (int16_t)((next + i) * (c + 1));
        size_t done = 0;
        while (done < n)
            done += ps_ring_push(r, block + done * 3, n - done);
        next += (uint32_t)n;
    }
    return NULL;
}

static void test_ring_two_threads_see_every_frame_in_order(void **state)
{
    (void)state;
    ps_ring *r;
    ps_ring_create(&r, 4096, 3, NULL);
    pthread_t t;
    pthread_create(&t, NULL, producer, r);
    uint32_t seen = 0;
    while (seen < TOTAL) {
        const int16_t *f;
        size_t n = ps_ring_peek(r, &f);
        for (size_t i = 0; i < n; i++)
            for (int c = 0; c < 3; c++)
                if (f[i * 3 + c] != (int16_t)((seen + i) * (c + 1)))
                    fail_msg("frame %u channel %d: got %d", (unsigned)(seen + i), c, f[i * 3 + c]);
        ps_ring_advance(r, n);
        seen += (uint32_t)n;
    }
    pthread_join(t, NULL);
    assert_int_equal(ps_ring_fill(r), 0);
    ps_ring_destroy(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ring_rounds_capacity_up_to_a_power_of_two),
        cmocka_unit_test(test_ring_create_rejects_zero_channels_with_message),
        cmocka_unit_test(test_ring_full_push_is_short_and_keeps_unread),
        cmocka_unit_test(test_ring_planar_push_interleaves_and_wraps),
        cmocka_unit_test(test_ring_two_threads_see_every_frame_in_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
