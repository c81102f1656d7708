/* Block reads of a SigMF recording, converted to volts. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "picostream/reader.h"

struct ps_reader {
    ps_sigmf_meta meta;
    char meta_path[4096], data_path[4096], name[4096];
    int fd;
    size_t sample_bytes, frame_bytes;
    uint64_t frames;
    unsigned char *raw; /* the frames last read: raw_n from raw_at, if raw_valid */
    size_t raw_cap, raw_n;
    uint64_t raw_at;
    bool raw_valid;
    double *one; /* one channel of a block, for read_all */
    size_t one_cap;
    size_t block; /* frames per block the jobs over this reader use */
    uint64_t hinted_to; /* bytes up to which the kernel was asked to read ahead */
};

size_t ps_block_frames(void)
{
    return 65536;
}

size_t ps_reader_block_frames(const ps_reader *r)
{
    return r->block;
}

ps_status ps_reader_set_block_frames(ps_reader *r, size_t frames, ps_error *err)
{
    if (frames < 1 || frames > (1u << 24))
        return ps_fail(err, PS_ERR_ARG, "block of %zu frames (1…16777216)", frames);
    r->block = frames;
    return PS_OK;
}

ps_status ps_reader_open(ps_reader **out, const char *name, ps_error *err)
{
    *out = NULL;
    ps_reader *r = calloc(1, sizeof *r);
    if (!r)
        return ps_fail(err, PS_ERR_NOMEM, "reader: out of memory");
    r->block = ps_block_frames();
    r->fd = -1;
    ps_status st = ps_sigmf_paths(name, r->meta_path, r->data_path, sizeof r->meta_path, err);
    if (st == PS_OK) { /* ps_sigmf_paths always ends the meta path in .sigmf-meta */
        size_t n = strlen(r->meta_path) - strlen(".sigmf-meta");
        snprintf(r->name, sizeof r->name, "%.*s", (int)n, r->meta_path);
    }
    if (st == PS_OK)
        st = ps_sigmf_read_meta(r->meta_path, &r->meta, err);
    if (st != PS_OK) {
        free(r);
        return st;
    }
    r->sample_bytes = ps_sigmf_sample_bytes(r->meta.datatype);
    r->frame_bytes = r->sample_bytes * r->meta.n_channels;
    r->fd = open(r->data_path, O_RDONLY | O_CLOEXEC);
    struct stat sb;
    if (r->fd < 0 || fstat(r->fd, &sb) != 0) {
        st = ps_fail(err, PS_ERR_IO, "%s: %s", r->data_path, strerror(errno));
        goto fail;
    }
    r->frames = (uint64_t)sb.st_size / r->frame_bytes;
    (void)posix_fadvise(r->fd, 0, 0, POSIX_FADV_SEQUENTIAL); /* larger read-ahead: a hint only */
    if (r->meta.has_picostream && r->meta.n_samples > r->frames) {
        st = ps_fail(err, PS_ERR_FORMAT,
                     "%s is truncated: %llu samples per channel, the meta "
                     "vouches for %llu",
                     r->data_path, (unsigned long long)r->frames,
                     (unsigned long long)r->meta.n_samples);
        goto fail;
    }
    for (size_t i = 0; i < r->meta.n_captures; i++)
        if (r->meta.captures[i].sample_start > r->frames) {
            st = ps_fail(err, PS_ERR_FORMAT, "%s: capture %zu starts at sample %llu, past the "
                         "data's %llu", r->meta_path, i,
                         (unsigned long long)r->meta.captures[i].sample_start,
                         (unsigned long long)r->frames);
            goto fail;
        }
    if ((uint64_t)sb.st_size % r->frame_bytes && !(r->meta.has_picostream && !r->meta.complete)) {
        st = ps_fail(err, PS_ERR_FORMAT,
                     "%s is truncated: %lld bytes is not a whole number of "
                     "%zu-byte frames",
                     r->data_path, (long long)sb.st_size, r->frame_bytes);
        goto fail;
    }
    *out = r;
    return PS_OK;
fail:
    ps_reader_close(r);
    return st;
}

void ps_reader_close(ps_reader *r)
{
    if (!r)
        return;
    if (r->fd >= 0)
        close(r->fd);
    free(r->raw);
    free(r->one);
    ps_sigmf_meta_clear(&r->meta);
    free(r);
}

const ps_sigmf_meta *ps_reader_meta(const ps_reader *r)
{
    return &r->meta;
}

uint64_t ps_reader_frames(const ps_reader *r)
{
    return r->frames;
}

double ps_reader_rate(const ps_reader *r)
{
    return r->meta.sample_rate_hz;
}

const char *ps_reader_meta_path(const ps_reader *r)
{
    return r->meta_path;
}

const char *ps_reader_name(const ps_reader *r)
{
    return r->name;
}

const char *ps_reader_data_path(const ps_reader *r)
{
    return r->data_path;
}

uint64_t ps_reader_global_index(const ps_reader *r, uint64_t idx)
{
    const ps_sigmf_capture *c = r->meta.captures;
    size_t lo = 0, hi = r->meta.n_captures;
    if (hi == 0 || idx < c[0].sample_start)
        return idx;
    while (hi - lo > 1) { /* the last segment starting at or before idx */
        size_t mid = lo + (hi - lo) / 2;
        if (c[mid].sample_start <= idx)
            lo = mid;
        else
            hi = mid;
    }
    return c[lo].global_index + (idx - c[lo].sample_start);
}

uint64_t ps_reader_lost_before(const ps_reader *r, uint64_t idx)
{
    return idx == 0 ? 0 : ps_reader_global_index(r, idx) - ps_reader_global_index(r, idx - 1) - 1;
}

/* The first capture starting after data sample at. */
static size_t capture_after(const ps_sigmf_meta *m, uint64_t at)
{
    size_t lo = 0, hi = m->n_captures;
    while (hi > lo) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->captures[mid].sample_start <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* A capture boundary is a gap only when device indices jump (or are only estimated). */
static bool gap_at(const ps_sigmf_capture *c, size_t i)
{
    uint64_t run = c[i].sample_start - (i ? c[i - 1].sample_start : 0);
    return c[i].estimated || c[i].global_index != (i ? c[i - 1].global_index : 0) + run;
}

ps_span ps_reader_segment(const ps_reader *r, uint64_t at, uint64_t to)
{
    const ps_sigmf_capture *c = r->meta.captures;
    for (size_t i = capture_after(&r->meta, at); i < r->meta.n_captures && c[i].sample_start < to;
         i++)
        if (gap_at(c, i))
            return (ps_span){at, c[i].sample_start};
    return (ps_span){at, to};
}

ps_span ps_reader_stretch(const ps_reader *r, uint64_t at)
{
    const ps_sigmf_capture *c = r->meta.captures;
    uint64_t from = 0;
    for (size_t i = capture_after(&r->meta, at); i-- > 1;) /* back to the last gap */
        if (gap_at(c, i)) {
            from = c[i].sample_start;
            break;
        }
    return ps_reader_segment(r, from, r->frames);
}

uint64_t ps_reader_index_at(const ps_reader *r, uint64_t global)
{
    const ps_sigmf_capture *c = r->meta.captures;
    size_t n = r->meta.n_captures;
    if (n == 0)
        return global < r->frames ? global : r->frames;
    uint64_t idx = c[0].sample_start; /* before the first run: its first sample */
    for (size_t lo = 0, hi = n; hi > lo;) { /* the last run starting at or before global */
        size_t mid = lo + (hi - lo) / 2;
        if (c[mid].global_index <= global) {
            uint64_t end = mid + 1 < n ? c[mid + 1].sample_start : r->frames;
            uint64_t off = global - c[mid].global_index;
            idx = off < end - c[mid].sample_start ? c[mid].sample_start + off : end;
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return idx < r->frames ? idx : r->frames;
}

double ps_reader_interval_s(const ps_reader *r)
{
    return r->meta.interval_s > 0 ? r->meta.interval_s : 1.0 / r->meta.sample_rate_hz;
}

double ps_reader_time_s(const ps_reader *r, uint64_t idx)
{
    return (double)ps_reader_global_index(r, idx) * ps_reader_interval_s(r);
}

int ps_reader_channel(const ps_reader *r, const char *name)
{
    for (unsigned c = 0; c < r->meta.n_channels; c++)
        if (strcmp(r->meta.channel[c].name, name) == 0)
            return (int)c;
    char *end;
    long v = strtol(name, &end, 10);
    if (*name && !*end && v >= 0 && v < (long)r->meta.n_channels)
        return (int)v;
    return -1;
}

static ps_status read_raw(ps_reader *r, uint64_t at, size_t n, ps_error *err)
{
    if (at > r->frames || n > r->frames - at)
        return ps_fail(err, PS_ERR_ARG, "read of samples %llu…%llu past the end (%llu)",
                       (unsigned long long)at, (unsigned long long)(at + n),
                       (unsigned long long)r->frames);
    size_t bytes = n * r->frame_bytes;
    if (bytes > r->raw_cap) {
        unsigned char *g = realloc(r->raw, bytes);
        if (!g)
            return ps_fail(err, PS_ERR_NOMEM, "reader: cannot hold %zu frames", n);
        r->raw = g;
        r->raw_cap = bytes;
    }
    size_t done = 0;
    while (done < bytes) {
        ssize_t got =
            pread(r->fd, r->raw + done, bytes - done, (off_t)(at * r->frame_bytes + done));
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return ps_fail(err, PS_ERR_IO, "%s: %s", r->data_path,
                           got < 0 ? strerror(errno) : "unexpected end of file");
        done += (size_t)got;
    }
    /* reading on: ask the kernel for the next 16 blocks now, so the disk works while we compute
     * (a cold psd of 400 MB: 0.63 s → 0.51 s here); not after a jump back */
    uint64_t end = at * r->frame_bytes + bytes, ahead = 16 * (uint64_t)bytes;
    if (end + ahead / 2 > r->hinted_to && end >= r->hinted_to / 2) {
        uint64_t from = r->hinted_to > end ? r->hinted_to : end;
        (void)posix_fadvise(r->fd, (off_t)from, (off_t)(end + ahead - from), POSIX_FADV_WILLNEED);
        r->hinted_to = end + ahead;
    }
    return PS_OK;
}

/* Channel ch of n frames of the raw block, in volts: one loop per sample type (little-endian
 * on disk; this code assumes a little-endian host), which the compiler vectorises. */
#define CONVERT(type)                                                                          \
    for (size_t i = 0; i < n; i++) {                                                          \
        type v;                                                                                \
        memcpy(&v, r->raw + (i * n_ch + ch) * sizeof v, sizeof v);                            \
        out[i] = (double)v * scale + offset;                                                  \
    }

static void convert(const ps_reader *r, size_t n, unsigned ch, double *out)
{
    const double scale = r->meta.channel[ch].scale_v, offset = r->meta.channel[ch].offset_v;
    const size_t n_ch = r->meta.n_channels;
    switch (r->sample_bytes) {
    case 1: CONVERT(int8_t) break;
    case 2: CONVERT(int16_t) break;
    case 4:
        if (r->meta.datatype[1] == 'i') /* ri32_le */
            CONVERT(int32_t)
        else
            CONVERT(float)
        break;
    default: CONVERT(double) break;
    }
}

ps_status ps_reader_read(ps_reader *r, uint64_t at, size_t n, unsigned ch, double *out,
                         ps_error *err)
{
    /* the block already read (another channel of the same frames) is not read again */
    if (!(r->raw_valid && r->raw_at == at && r->raw_n == n)) {
        r->raw_valid = false;
        ps_status st = read_raw(r, at, n, err);
        if (st != PS_OK)
            return st;
        r->raw_valid = true;
        r->raw_at = at;
        r->raw_n = n;
    }
    convert(r, n, ch, out);
    return PS_OK;
}

ps_status ps_reader_read_all(ps_reader *r, uint64_t at, size_t n, double *out, ps_error *err)
{
    ps_status st = read_raw(r, at, n, err);
    if (st != PS_OK)
        return st;
    r->raw_valid = false;
    unsigned n_ch = r->meta.n_channels;
    double *one = r->one;
    for (unsigned c = 0; c < n_ch; c++) {
        if (n > r->one_cap) {
            if (!(one = realloc(r->one, n * sizeof *one)))
                return ps_fail(err, PS_ERR_NOMEM, "reader: cannot hold %zu frames", n);
            r->one = one;
            r->one_cap = n;
        }
        convert(r, n, c, one);
        for (size_t i = 0; i < n; i++)
            out[i * n_ch + c] = one[i];
    }
    return PS_OK;
}
