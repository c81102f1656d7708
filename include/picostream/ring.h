/* Lock-free single-producer single-consumer ring of int16 frames (one int16 per channel). */
#ifndef PICOSTREAM_RING_H
#define PICOSTREAM_RING_H

#include <stddef.h>
#include <stdint.h>

#include "picostream/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ps_ring ps_ring;

/* Creates a ring of at least min_frames frames of n_channels int16 each (rounded up to a
 * power of two). *out is NULL on failure. Any thread, before the producer and consumer start. */
PS_API ps_status ps_ring_create(ps_ring **out, size_t min_frames, unsigned n_channels,
                                ps_error *err);

/* Frees the ring; NULL is fine. Only after both sides have stopped. */
PS_API void ps_ring_destroy(ps_ring *r);

/* Capacity in frames (a power of two). Any thread. */
PS_API size_t ps_ring_capacity(const ps_ring *r);

/* Frames written and not yet consumed, a snapshot. Any thread. */
PS_API size_t ps_ring_fill(const ps_ring *r);

/* Producer: copies up to n frames gathered from one buffer per channel (chan[c][start + i]),
 * interleaving them; never overwrites unread frames. Returns how many frames were pushed
 * (fewer than n means the ring was full). Never allocates, locks or makes a syscall. */
PS_API size_t ps_ring_push_planar(ps_ring *r, const int16_t *const *chan, size_t start, size_t n);

/* Producer: copies up to n interleaved frames; returns how many were pushed. */
PS_API size_t ps_ring_push(ps_ring *r, const int16_t *frames, size_t n);

/* Consumer: lends the longest contiguous run of readable frames, valid until
 * ps_ring_advance; returns its length in frames (0 when empty). */
PS_API size_t ps_ring_peek(ps_ring *r, const int16_t **frames);

/* Consumer: releases n frames previously peeked so the producer may reuse them. */
PS_API void ps_ring_advance(ps_ring *r, size_t n);

#ifdef __cplusplus
}
#endif
#endif
