/* The simulated unit's acquisition thread: as a real driver fills its memory from USB, it makes
 * each enabled channel's samples in real time into a ring ahead of the app, so a poll only
 * copies. Samples the ring does not hold (far behind, or beyond it) are made at the poll
 * instead: they are a pure function of the index, so either way they are the same. */
#define _GNU_SOURCE /* pthread_setname_np */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim_unit.h"

#define RING_MAX (1u << 22)  /* samples per channel the thread makes ahead at most */
#define OVER_BLOCK 4096u      /* over-range is kept per block of this many samples */

static uint64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void *produce(void *arg)
{
    pthread_setname_np(pthread_self(), "ps-sim"); /* apart from the capture's own threads */
    struct sim_unit *u = arg;
    struct sim_producer *p = &u->producer;
    while (!atomic_load_explicit(&p->quit, memory_order_acquire)) {
        uint64_t now = (mono_ns() - u->t0_ns) * 1000ull / u->interval_ps;
        /* acquire: the poll's read_index, published after it copied what lay below it */
        uint64_t read = atomic_load_explicit(&p->read_index, memory_order_acquire);
        uint64_t end = atomic_load_explicit(&p->end, memory_order_relaxed);
        if (end < read) /* the poll skipped ahead (a stall): start again where it reads */
            end = read;
        /* past an autoStop limit is harmless: those samples are never handed over */
        uint64_t target = now < read + p->len ? now : read + p->len;
        if (target <= end) {
            struct timespec ts = {0, 500000};
            nanosleep(&ts, NULL);
            continue;
        }
        /* a block at a time, so the poll sees progress and a block never straddles the wrap */
        uint64_t blk = end - end % OVER_BLOCK + OVER_BLOCK;
        if (blk > target)
            blk = target;
        size_t n = (size_t)(blk - end), at = (size_t)(end % p->len);
        for (int c = 0; c < SIM_MAX_CHANNELS; c++) {
            if (!p->ring[c])
                continue;
            int over = sim_gen_fill(&u->gen[c], end, n, p->ring[c] + at, 1);
            size_t b = (size_t)(end / OVER_BLOCK % (p->len / OVER_BLOCK));
            if (end % OVER_BLOCK)
                atomic_fetch_or_explicit(&p->over[c][b], (unsigned char)over, memory_order_relaxed);
            else
                atomic_store_explicit(&p->over[c][b], (unsigned char)over, memory_order_relaxed);
        }
        /* release: the samples and their over-range flags before the new end */
        atomic_store_explicit(&p->end, blk, memory_order_release);
    }
    return NULL;
}

void sim_producer_start(struct sim_unit *u, uint64_t per_channel)
{
    struct sim_producer *p = &u->producer;
    uint64_t len = per_channel < RING_MAX ? per_channel : RING_MAX;
    len = len / OVER_BLOCK * OVER_BLOCK;
    p->len = len;
    atomic_store(&p->end, 0);
    atomic_store(&p->read_index, 0);
    atomic_store(&p->quit, false);
    p->running = false;
    if (len < OVER_BLOCK)
        return; /* a FIFO too small to be worth it: the poll makes everything */
    for (int c = 0; c < SIM_MAX_CHANNELS; c++) {
        if (!u->ch[c].enabled)
            continue;
        p->ring[c] = malloc(len * sizeof *p->ring[c]);
        p->over[c] = calloc(len / OVER_BLOCK, sizeof *p->over[c]);
        if (!p->ring[c] || !p->over[c]) {
            sim_producer_stop(u);
            return;
        }
    }
    p->running = pthread_create(&p->thread, NULL, produce, u) == 0;
    if (!p->running)
        sim_producer_stop(u);
}

void sim_producer_stop(struct sim_unit *u)
{
    struct sim_producer *p = &u->producer;
    if (p->running) {
        atomic_store_explicit(&p->quit, true, memory_order_release);
        pthread_join(p->thread, NULL);
        p->running = false;
    }
    for (int c = 0; c < SIM_MAX_CHANNELS; c++) {
        free(p->ring[c]);
        free(p->over[c]);
        p->ring[c] = NULL;
        p->over[c] = NULL;
    }
}

size_t sim_producer_take(struct sim_unit *u, int c, uint64_t at, size_t n, int16_t *dst,
                         int *over)
{
    struct sim_producer *p = &u->producer;
    *over = 0;
    if (!p->running || !p->ring[c])
        return 0;
    uint64_t end = atomic_load_explicit(&p->end, memory_order_acquire);
    if (at >= end || at + p->len < end) /* not made yet, or already overwritten */
        return 0;
    size_t got = end - at < n ? (size_t)(end - at) : n;
    for (size_t done = 0; done < got;) {
        size_t slot = (size_t)((at + done) % p->len);
        size_t run = p->len - slot < got - done ? p->len - slot : got - done;
        memcpy(dst + done, p->ring[c] + slot, run * sizeof *dst);
        done += run;
    }
    for (uint64_t b = at / OVER_BLOCK; b * OVER_BLOCK < at + got; b++)
        *over |= atomic_load_explicit(&p->over[c][b % (p->len / OVER_BLOCK)],
                                      memory_order_relaxed);
    return got;
}

uint64_t sim_producer_made(struct sim_unit *u)
{
    if (!u->producer.running)
        return UINT64_MAX;
    return atomic_load_explicit(&u->producer.end, memory_order_acquire);
}

void sim_producer_advance(struct sim_unit *u, uint64_t read_index)
{
    /* release: the poll has copied everything below read_index; the thread may reuse it */
    atomic_store_explicit(&u->producer.read_index, read_index, memory_order_release);
}
