/* The writer thread: drains the ring into the data file in large blocks, makes it durable
 * with fdatasync, and replaces the meta so it always describes what is on disk. */
#define _GNU_SOURCE /* O_DIRECT */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "capture_int.h"
#include "picostream/overview.h"
#include "../common/thread_name.h"

#define WRITE_BLOCK_BYTES (4u << 20)
#define DIRECT_ALIGN 4096

static void sleep_s(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    nanosleep(&ts, NULL);
}

/* O_DIRECT needs aligned memory, length and offset. The writer keeps to whole aligned units;
 * should anything else arrive, the file goes through the page cache from then on, and the
 * capture reports it. */
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
    atomic_store_explicit(&cap->direct_fallback, true, memory_order_relaxed);
}

static ps_status pwrite_all(struct ps_capture *cap, int fd, const void *buf, size_t n,
                            uint64_t offset, ps_error *err)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t w = pwrite(fd, p, n, (off_t)offset);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return ps_fail(err, PS_ERR_IO, "cannot write %s: %s", cap->data_path, strerror(errno));
        p += w;
        n -= (size_t)w;
        offset += (uint64_t)w;
    }
    return PS_OK;
}

/* The on-disk form of n ring frames: themselves, or for ri8 each code's top byte (8-bit codes
 * are multiples of 256, so nothing is lost) in the aligned conversion buffer. */
static const void *disk_form(struct ps_capture *cap, const int16_t *frames, size_t n, int8_t *conv)
{
    if (!cap->eight_bit)
        return frames;
    size_t count = n * cap->n_ch;
    for (size_t i = 0; i < count; i++)
        conv[i] = (int8_t)(frames[i] / 256);
    return conv;
}

static ps_status write_all(struct ps_capture *cap, const void *buf, size_t n, uint64_t offset,
                           ps_error *err)
{
    leave_direct_if_unaligned(cap, buf, n, offset);
    return pwrite_all(cap, cap->data_fd, buf, n, offset, err);
}

/* A partial unit under O_DIRECT: written through the page cache now, so the meta can vouch
 * for it, and again (same bytes) by the aligned write of its whole unit later. */
static ps_status write_tail(struct ps_capture *cap, const void *buf, size_t n, uint64_t offset,
                            ps_error *err)
{
    return pwrite_all(cap, cap->tail_fd, buf, n, offset, err);
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

/* The overview pyramid beside the recording, built from the frames as they are written (they
 * are in cache); none for a split capture. A failure stops only the overview: `picostream
 * overview` rebuilds it, and its files stay valid up to their last whole record. */
struct overview_feed {
    ps_overview_writer *w;
    uint64_t fed; /* frames given to it */
    double scale[PS_SIGMF_MAX_CHANNELS], offset[PS_SIGMF_MAX_CHANNELS];
};

static void overview_open(struct ps_capture *cap, struct overview_feed *o)
{
    memset(o, 0, sizeof *o);
    /* the pyramid holds 16-bit codes: 4-byte logger values are read back by `overview` */
    if (cap->cfg.no_overview || cap->cfg.split_s > 0 || cap->cfg.split_bytes > 0 ||
        cap->n_ch > PS_SIGMF_MAX_CHANNELS || cap->params.format != PS_SAMPLE_INT16)
        return;
    unsigned per = cap->n_ch / cap->params.n_enabled;
    for (unsigned k = 0; k < cap->n_ch; k++) { /* the ring holds 16-bit-scaled codes */
        const ps_channel_config *ch = &cap->cfg.device.channel[cap->params.channel_index[k / per]];
        o->scale[k] = ch->range_v / cap->params.adc_max;
        o->offset[k] = -ch->analog_offset_v;
        if (cap->params.unit[0][0]) { /* a logger's own scaling */
            o->scale[k] = cap->params.unit_scale[k / per];
            o->offset[k] = cap->params.unit_offset[k / per];
        }
    }
    if (ps_overview_writer_create(&o->w, cap->cfg.name, cap->n_ch, NULL) != PS_OK)
        o->w = NULL;
}

/* Frames [done, done + m) were written; the overview takes those it has not had. */
static void overview_feed(struct ps_capture *cap, struct overview_feed *o, const int16_t *frames,
                          uint64_t done, size_t m)
{
    if (!o->w || done + m <= o->fed)
        return;
    uint64_t skip = o->fed - done;
    if (ps_overview_writer_feed_codes(o->w, frames + skip * cap->n_ch, (size_t)(m - skip),
                                      o->scale, o->offset, NULL) != PS_OK) {
        ps_overview_writer_close(o->w, false, NULL);
        o->w = NULL;
        return;
    }
    o->fed = done + m;
}

static void overview_sync(struct overview_feed *o)
{
    if (o->w && ps_overview_writer_flush(o->w, NULL) != PS_OK) {
        ps_overview_writer_close(o->w, false, NULL);
        o->w = NULL;
    }
}

void *writer_main(void *arg)
{
    common_thread_name("ps-write");
    struct ps_capture *cap = arg;
    ps_error err = {0};
    size_t block = WRITE_BLOCK_BYTES / cap->frame_bytes;
    if (block > ps_ring_capacity(cap->ring) / 8) /* a block must never wait on a full ring */
        block = ps_ring_capacity(cap->ring) / 8;
    if (block == 0)
        block = 1;
    if (cap->direct && block > cap->align_frames)
        block -= block % cap->align_frames;
    int8_t *conv = NULL; /* ri8: one block at a time, 4 KiB-aligned for O_DIRECT */
    if (cap->eight_bit && !(conv = aligned_alloc(DIRECT_ALIGN, (block * cap->n_ch + DIRECT_ALIGN -
                                                               1) / DIRECT_ALIGN * DIRECT_ALIGN))) {
        ps_fail(&err, PS_ERR_NOMEM, "writer: out of memory");
        capture_fail(cap, &err, "out of memory");
    }
    bool ok = !cap->eight_bit || conv;
    struct overview_feed ov;
    overview_open(cap, &ov);
    /* written: on disk (vouched by the next meta); done: also out of the ring */
    uint64_t written = 0, done = 0, synced = 0;
    bool part_pending = false; /* the part is full: the next opens with the next sample (a
                                  capture that ends on a part's last sample leaves no empty part) */
    double last_sync = capture_mono_now(), last_write = last_sync;
    double sync_every = cap->cfg.sync_interval_s;
    while (ok) {
        /* acquire: pairs with the poller's release, so a done poller's frames are all seen */
        bool poller_done = atomic_load_explicit(&cap->poller_done, memory_order_acquire);
        const int16_t *frames;
        size_t n = ps_ring_peek(cap->ring, &frames);
        double now = capture_mono_now();
        bool due = n > 0 && (poller_done || now - last_write > 0.25);
        if (part_pending && n > written - done) {
            part_pending = false;
            if (next_part(cap, written, &err) != PS_OK) {
                capture_fail(cap, &err, "disk error");
                ok = false;
                break;
            }
            synced = written;
        }
        if (n >= block || (due && n > written - done)) {
            size_t m = n >= block ? (n / block) * block : n;
            if (m > (cap->eight_bit ? 1 : 16) * block)
                m = (cap->eight_bit ? 1 : 16) * block;
            bool part_full = false;
            if (cap->split_samples && done - cap->part_base + m >= cap->split_samples) {
                m = (size_t)(cap->part_base + cap->split_samples - done);
                part_full = true;
            }
            size_t whole = cap->direct ? m - m % cap->align_frames : m;
            uint64_t offset = (done - cap->part_base) * cap->frame_bytes;
            ps_status st = PS_OK;
            const char *disk = disk_form(cap, frames, m, conv);
            if (whole > 0)
                st = write_all(cap, disk, whole * cap->frame_bytes, offset, &err);
            if (st == PS_OK && whole < m) /* only under O_DIRECT */
                st = write_tail(cap, disk + whole * cap->frame_bytes,
                                (m - whole) * cap->frame_bytes, offset + whole * cap->frame_bytes,
                                &err);
            if (st != PS_OK) {
                size_t used = strlen(err.msg);
                snprintf(err.msg + used, sizeof err.msg - used,
                         " (the recording is valid up to sample %llu)",
                         (unsigned long long)written);
                /* drop a torn block so the file ends on the last whole write */
                if (ftruncate(cap->data_fd, (off_t)((written - cap->part_base) *
                                                     cap->frame_bytes)) != 0)
                    (void)0; /* the meta still says how many samples are valid */
                capture_fail(cap, &err, "disk error");
                ok = false;
                break;
            }
            overview_feed(cap, &ov, frames, done, m);
            /* a partial unit stays in the ring until its unit is whole (or the part ends) */
            size_t advance = whole < m && !part_full && !poller_done ? whole : m;
            ps_ring_advance(cap->ring, advance);
            done += advance;
            written = done + (m - advance);
            last_write = now;
            /* relaxed: display counters */
            atomic_store_explicit(&cap->c_written, written, memory_order_relaxed);
            atomic_store_explicit(&cap->c_bytes, written * cap->frame_bytes, memory_order_relaxed);
            if (cap->cfg.throttle_bytes_per_s)
                sleep_s((double)(m * cap->frame_bytes) / (double)cap->cfg.throttle_bytes_per_s);
            part_pending |= part_full;
        } else if (poller_done && n == written - done) {
            break;
        } else {
            sleep_s(0.005);
        }
        if (sync_every > 0 && now - last_sync >= sync_every) {
            last_sync = now;
            if (written > synced || synced == 0) {
                overview_sync(&ov);
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
    free(conv);
    bool sealable = ov.w && ov.fed == written; /* its last partial bins: what the disk holds */
    if (ov.w && ps_overview_writer_close(ov.w, sealable, NULL) != PS_OK)
        sealable = false;
    /* the final meta: whatever reached the disk, even after a disk error */
    capture_release_reserve(cap);
    ps_error fin = {0};
    bool final_ok = sync_and_describe(cap, written, true, &fin) == PS_OK;
    if (!final_ok && ok)
        capture_fail(cap, &fin, "disk error");
    if (sealable && ok && final_ok) /* once data and meta are final; else rebuilt later */
        ps_overview_seal(cap->cfg.name, cap->n_ch, written, NULL);
    atomic_store_explicit(&cap->writer_done, true, memory_order_release);
    return NULL;
}
