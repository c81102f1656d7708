/* The writer thread: drains the ring into the data file in large blocks, makes it durable
 * with fdatasync, and replaces the meta so it always describes what is on disk. */
#define _GNU_SOURCE /* O_DIRECT */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "capture_int.h"

#define WRITE_BLOCK_BYTES (4u << 20)
#define DIRECT_ALIGN 4096

static void sleep_s(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    nanosleep(&ts, NULL);
}

/* O_DIRECT needs aligned memory, length and offset; anything else goes through the page cache
 * from then on (the offset stays unaligned). */
static void leave_direct_if_unaligned(struct ps_capture *cap, const void *buf, size_t n,
                                      uint64_t offset)
{
    if (!cap->direct)
        return;
    if ((uintptr_t)buf % DIRECT_ALIGN == 0 && n % DIRECT_ALIGN == 0 && offset % DIRECT_ALIGN == 0)
        return;
    int fl = fcntl(cap->data_fd, F_GETFL);
    if (fl >= 0)
        fcntl(cap->data_fd, F_SETFL, fl & ~O_DIRECT);
    cap->direct = false;
}

static ps_status write_all(struct ps_capture *cap, const void *buf, size_t n, uint64_t offset,
                           ps_error *err)
{
    leave_direct_if_unaligned(cap, buf, n, offset);
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(cap->data_fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return ps_fail(err, PS_ERR_IO, "cannot write %s: %s", cap->data_path, strerror(errno));
        p += w;
        n -= (size_t)w;
    }
    return PS_OK;
}

/* Makes the written frames durable, then lets the meta vouch for them. */
static ps_status sync_and_describe(struct ps_capture *cap, uint64_t written, bool complete,
                                   ps_error *err)
{
    if (fdatasync(cap->data_fd) != 0)
        return ps_fail(err, PS_ERR_IO, "%s: %s", cap->data_path, strerror(errno));
    return capture_write_meta(cap, written, complete, err);
}

/* Closes the full part (durable, its meta final) and opens the next, which continues the
 * device's sample index. */
static ps_status next_part(struct ps_capture *cap, uint64_t written, ps_error *err)
{
    cap->part_closing = true;
    capture_release_reserve(cap);
    ps_status st = sync_and_describe(cap, written, true, err);
    cap->part_closing = false;
    if (st != PS_OK)
        return st;
    if (close(cap->data_fd) != 0)
        return ps_fail(err, PS_ERR_IO, "%s: %s", cap->data_path, strerror(errno));
    cap->data_fd = -1;
    cap->part_no++;
    cap->part_base = written;
    return capture_create_files(cap, err);
}

void *writer_main(void *arg)
{
    struct ps_capture *cap = arg;
    ps_error err = {0};
    size_t block = WRITE_BLOCK_BYTES / cap->frame_bytes;
    if (block > ps_ring_capacity(cap->ring) / 8) /* a block must never wait on a full ring */
        block = ps_ring_capacity(cap->ring) / 8;
    if (block == 0)
        block = 1;
    uint64_t written = 0, synced = 0;
    double last_sync = capture_mono_now(), last_write = last_sync;
    double sync_every = cap->cfg.sync_interval_s;
    bool ok = true;
    for (;;) {
        /* acquire: pairs with the poller's release, so a done poller's frames are all seen */
        bool poller_done = atomic_load_explicit(&cap->poller_done, memory_order_acquire);
        const int16_t *frames;
        size_t n = ps_ring_peek(cap->ring, &frames);
        double now = capture_mono_now();
        if (n >= block || (n > 0 && (poller_done || now - last_write > 0.25))) {
            size_t m = n >= block ? (n / block) * block : n;
            if (m > 16 * block)
                m = 16 * block;
            bool part_full = false;
            if (cap->split_samples && written - cap->part_base + m >= cap->split_samples) {
                m = (size_t)(cap->part_base + cap->split_samples - written);
                part_full = true;
            }
            if (write_all(cap, frames, m * cap->frame_bytes, written * cap->frame_bytes, &err) !=
                PS_OK) {
                size_t used = strlen(err.msg);
                snprintf(err.msg + used, sizeof err.msg - used,
                         " (the recording is valid up to sample %llu)",
                         (unsigned long long)written);
                /* drop a torn block so the file ends on the last whole write */
                if (ftruncate(cap->data_fd, (off_t)(written * cap->frame_bytes)) != 0)
                    (void)0; /* the meta still says how many samples are valid */
                capture_fail(cap, &err, "disk error");
                ok = false;
                break;
            }
            ps_ring_advance(cap->ring, m);
            written += m;
            last_write = now;
            /* relaxed: display counters */
            atomic_store_explicit(&cap->c_written, written, memory_order_relaxed);
            atomic_store_explicit(&cap->c_bytes, written * cap->frame_bytes, memory_order_relaxed);
            if (cap->cfg.throttle_bytes_per_s)
                sleep_s((double)(m * cap->frame_bytes) / (double)cap->cfg.throttle_bytes_per_s);
            if (part_full && next_part(cap, written, &err) != PS_OK) {
                capture_fail(cap, &err, "disk error");
                ok = false;
                break;
            }
            if (part_full)
                synced = written;
        } else if (poller_done && n == 0) {
            break;
        } else {
            sleep_s(0.005);
        }
        if (sync_every > 0 && now - last_sync >= sync_every) {
            last_sync = now;
            if (written > synced || synced == 0) {
                if (sync_and_describe(cap, written, false, &err) != PS_OK) {
                    capture_fail(cap, &err, "disk error");
                    ok = false;
                    break;
                }
                synced = written;
            }
        }
    }
    if (!ok) {
        /* keep draining so the poller never blocks on a full ring; the frames are lost */
        while (!atomic_load_explicit(&cap->poller_done, memory_order_acquire)) {
            const int16_t *frames;
            size_t n = ps_ring_peek(cap->ring, &frames);
            ps_ring_advance(cap->ring, n);
            sleep_s(0.002);
        }
        /* what reached the ring but not the disk is lost, and counted as such */
        uint64_t recorded = atomic_load_explicit(&cap->c_recorded, memory_order_relaxed);
        atomic_store_explicit(&cap->c_unwritten, recorded - written, memory_order_relaxed);
    }
    /* the final meta: whatever reached the disk, even after a disk error */
    capture_release_reserve(cap);
    ps_error fin = {0};
    if (sync_and_describe(cap, written, true, &fin) != PS_OK && ok)
        capture_fail(cap, &fin, "disk error");
    atomic_store_explicit(&cap->writer_done, true, memory_order_release);
    return NULL;
}
