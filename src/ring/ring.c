/* SPSC ring of int16 frames: C11 atomics, power-of-two capacity, never overwrites unread data. */
#include "picostream/ring.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

struct ps_ring {
    /* Each index on its own cache line so producer and consumer do not false-share. */
    _Alignas(64) _Atomic size_t head; /* frames ever written; producer stores */
    _Alignas(64) _Atomic size_t tail; /* frames ever consumed; consumer stores */
    _Alignas(64) size_t cap;          /* frames, power of two */
    size_t mask;
    unsigned n_ch;
    int16_t *buf;
};

ps_status ps_ring_create(ps_ring **out, size_t min_frames, unsigned n_channels, ps_error *err)
{
    *out = NULL;
    if (n_channels == 0 || n_channels > 64)
        return ps_fail(err, PS_ERR_ARG, "ring: %u channels (1…64 allowed)", n_channels);
    if (min_frames == 0 || min_frames > ((size_t)1 << 40))
        return ps_fail(err, PS_ERR_ARG, "ring: %zu frames (1…2^40 allowed)", min_frames);
    size_t cap = 1;
    while (cap < min_frames)
        cap <<= 1;
    ps_ring *r = aligned_alloc(64, sizeof *r);
    if (!r)
        goto nomem;
    memset(r, 0, sizeof *r);
    atomic_init(&r->head, 0);
    atomic_init(&r->tail, 0);
    r->cap = cap;
    r->mask = cap - 1;
    r->n_ch = n_channels;
    size_t n_bytes = cap * n_channels * sizeof(int16_t);
    r->buf = aligned_alloc(4096, (n_bytes + 4095) & ~(size_t)4095);
    if (!r->buf)
        goto nomem;
    *out = r;
    return PS_OK;
nomem:
    ps_ring_destroy(r);
    return ps_fail(err, PS_ERR_NOMEM, "ring: cannot allocate %zu frames of %u channels", cap,
                   n_channels);
}

void ps_ring_destroy(ps_ring *r)
{
    if (!r)
        return;
    free(r->buf);
    free(r);
}

size_t ps_ring_capacity(const ps_ring *r)
{
    return r->cap;
}

size_t ps_ring_fill(const ps_ring *r)
{
    /* relaxed: a snapshot for the status line, orders nothing */
    size_t h = atomic_load_explicit(&((ps_ring *)r)->head, memory_order_relaxed);
    size_t t = atomic_load_explicit(&((ps_ring *)r)->tail, memory_order_relaxed);
    return h - t;
}

/* Free frames from the producer's side; acquire pairs with the consumer's release in advance. */
static size_t ring_space(ps_ring *r, size_t *head)
{
    *head = atomic_load_explicit(&r->head, memory_order_relaxed); /* only we write head */
    size_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
    return r->cap - (*head - tail);
}

/* Interleaves n frames from per-channel buffers into dst; fixed counts let the compiler unroll. */
static void interleave(int16_t *restrict dst, const int16_t *const *chan, size_t start, size_t n,
                       unsigned n_ch)
{
    switch (n_ch) {
    case 1: memcpy(dst, chan[0] + start, n * sizeof *dst); break;
    case 2: {
        const int16_t *a = chan[0] + start, *b = chan[1] + start;
        for (size_t i = 0; i < n; i++) {
            dst[2 * i] = a[i];
            dst[2 * i + 1] = b[i];
        }
        break;
    }
    case 4: {
        const int16_t *a = chan[0] + start, *b = chan[1] + start;
        const int16_t *c = chan[2] + start, *d = chan[3] + start;
        for (size_t i = 0; i < n; i++) {
            dst[4 * i] = a[i];
            dst[4 * i + 1] = b[i];
            dst[4 * i + 2] = c[i];
            dst[4 * i + 3] = d[i];
        }
        break;
    }
    default:
        for (size_t i = 0; i < n; i++)
            for (unsigned c = 0; c < n_ch; c++)
                dst[i * n_ch + c] = chan[c][start + i];
    }
}

size_t ps_ring_push_planar(ps_ring *r, const int16_t *const *chan, size_t start, size_t n)
{
    size_t head;
    size_t space = ring_space(r, &head);
    if (n > space)
        n = space;
    size_t at = head & r->mask;
    size_t first = n < r->cap - at ? n : r->cap - at;
    interleave(r->buf + at * r->n_ch, chan, start, first, r->n_ch);
    interleave(r->buf, chan, start + first, n - first, r->n_ch);
    /* release: the frames above are visible before the consumer sees the new head */
    atomic_store_explicit(&r->head, head + n, memory_order_release);
    return n;
}

size_t ps_ring_push(ps_ring *r, const int16_t *frames, size_t n)
{
    size_t head;
    size_t space = ring_space(r, &head);
    if (n > space)
        n = space;
    size_t at = head & r->mask;
    size_t first = n < r->cap - at ? n : r->cap - at;
    size_t fb = r->n_ch * sizeof(int16_t);
    memcpy(r->buf + at * r->n_ch, frames, first * fb);
    memcpy(r->buf, frames + first * r->n_ch, (n - first) * fb);
    /* release: the frames above are visible before the consumer sees the new head */
    atomic_store_explicit(&r->head, head + n, memory_order_release);
    return n;
}

size_t ps_ring_peek(ps_ring *r, const int16_t **frames)
{
    size_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed); /* only we write tail */
    /* acquire: pairs with the producer's release, so the frames are complete */
    size_t head = atomic_load_explicit(&r->head, memory_order_acquire);
    size_t avail = head - tail;
    size_t at = tail & r->mask;
    if (avail > r->cap - at)
        avail = r->cap - at;
    *frames = r->buf + at * r->n_ch;
    return avail;
}

void ps_ring_advance(ps_ring *r, size_t n)
{
    size_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
    /* release: our reads of the frames finish before the producer may overwrite them */
    atomic_store_explicit(&r->tail, tail + n, memory_order_release);
}
