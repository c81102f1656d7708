/* NAME.picostream-overview/: the pyramid's bins in one append-only file per level, written
 * beside a recording while it is captured (the writer thread) or built afterwards. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/progress.h"
#include "format_int.h"
#include "picostream/overview.h"
#include "picostream/sigmf.h"

struct ps_overview_writer {
    ps_pyramid *p;
    unsigned n_ch;
    FILE *f[PS_OVERVIEW_LEVELS];
    char dir[4096];
    float *rec;           /* one record: n_ch (min, max) pairs */
    ps_status st;         /* the first write failure */
    ps_error err;
};

static void level_path(char *buf, size_t len, const char *dir, unsigned level)
{
    snprintf(buf, len, "%s/L%02u.f32", dir, PS_OVERVIEW_K0 + PS_OVERVIEW_STEP * level);
}

void overview_dir_of(char *buf, size_t len, const char *name)
{
    snprintf(buf, len, "%s.picostream-overview", name);
}

static void stamp_path(char *buf, size_t len, const char *dir)
{
    snprintf(buf, len, "%s/complete", dir);
}

/* A new, empty level file: never through a link or into a file another process holds open. */
static FILE *level_create(const char *path)
{
    unlink(path);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (fd >= 0 && !f)
        close(fd);
    return f;
}

static int put(void *arg, unsigned level, uint64_t bin, const float *lo, const float *hi)
{
    ps_overview_writer *w = arg;
    (void)bin; /* bins of a level arrive in order: the file's record count is the index */
    for (unsigned c = 0; c < w->n_ch; c++) {
        w->rec[2 * c] = lo[c];
        w->rec[2 * c + 1] = hi[c];
    }
    if (fwrite(w->rec, sizeof(float), 2 * w->n_ch, w->f[level]) != 2 * w->n_ch) {
        w->st = ps_fail(&w->err, PS_ERR_IO, "%s: cannot write the overview: %s", w->dir,
                        strerror(errno));
        return -1;
    }
    return 0;
}

ps_status ps_overview_writer_create(ps_overview_writer **out, const char *name,
                                    unsigned n_channels, ps_error *err)
{
    *out = NULL;
    ps_overview_writer *w = calloc(1, sizeof *w);
    if (!w)
        return ps_fail(err, PS_ERR_NOMEM, "overview: out of memory");
    w->n_ch = n_channels;
    overview_dir_of(w->dir, sizeof w->dir, name);
    ps_status st = ps_pyramid_create(&w->p, n_channels, err);
    if (st == PS_OK && !(w->rec = malloc(2 * n_channels * sizeof(float))))
        st = ps_fail(err, PS_ERR_NOMEM, "overview: out of memory");
    struct stat sb;
    if (st == PS_OK && mkdir(w->dir, 0777) != 0 &&
        (errno != EEXIST || lstat(w->dir, &sb) != 0 || !S_ISDIR(sb.st_mode)))
        st = ps_fail(err, PS_ERR_IO, "%s: %s", w->dir,
                     errno == EEXIST ? "not a folder (a link or a file is there)"
                                     : strerror(errno));
    char path[4200];
    stamp_path(path, sizeof path, w->dir);
    if (st == PS_OK && unlink(path) != 0 && errno != ENOENT) /* incomplete until sealed */
        st = ps_fail(err, PS_ERR_IO, "%s: %s", path, strerror(errno));
    for (unsigned l = 0; st == PS_OK && l < PS_OVERVIEW_LEVELS; l++) {
        level_path(path, sizeof path, w->dir, l);
        if (!(w->f[l] = level_create(path))) /* replaces an older overview's level */
            st = ps_fail(err, PS_ERR_IO, "%s: %s", path, strerror(errno));
    }
    if (st != PS_OK) {
        ps_overview_writer_close(w, false, NULL);
        return st;
    }
    *out = w;
    return PS_OK;
}

ps_status ps_overview_writer_feed_codes(ps_overview_writer *w, const int16_t *frames, size_t n,
                                        const double *scale, const double *offset, ps_error *err)
{
    if (w->st == PS_OK)
        ps_pyramid_feed_codes(w->p, frames, n, scale, offset, put, w);
    if (w->st != PS_OK && err)
        *err = w->err;
    return w->st;
}

ps_status ps_overview_writer_feed(ps_overview_writer *w, const double *frames, size_t n,
                                  ps_error *err)
{
    if (w->st == PS_OK)
        ps_pyramid_feed(w->p, frames, n, put, w);
    if (w->st != PS_OK && err)
        *err = w->err;
    return w->st;
}

ps_status ps_overview_writer_flush(ps_overview_writer *w, ps_error *err)
{
    for (unsigned l = 0; w->st == PS_OK && l < PS_OVERVIEW_LEVELS; l++)
        if (fflush(w->f[l]) != 0)
            w->st = ps_fail(&w->err, PS_ERR_IO, "%s: %s", w->dir, strerror(errno));
    if (w->st != PS_OK && err)
        *err = w->err;
    return w->st;
}

ps_status ps_overview_writer_close(ps_overview_writer *w, bool complete, ps_error *err)
{
    if (!w)
        return PS_OK;
    if (complete && w->st == PS_OK && w->p)
        ps_pyramid_finish(w->p, put, w);
    for (unsigned l = 0; l < PS_OVERVIEW_LEVELS; l++)
        if (w->f[l] && fclose(w->f[l]) != 0 && w->st == PS_OK)
            w->st = ps_fail(&w->err, PS_ERR_IO, "%s: %s", w->dir, strerror(errno));
    ps_status st = w->st;
    if (st != PS_OK && err)
        *err = w->err;
    ps_pyramid_destroy(w->p);
    free(w->rec);
    free(w);
    return st;
}

/* The overview of span of r's recording into NAME.picostream-overview/ (on the whole
 * recording's grid); on failure none is left behind. */
static ps_status build_span(ps_reader *r, ps_span span, const char *name,
                            ps_progress_fn progress, void *parg, ps_error *err)
{
    const ps_sigmf_meta *m = ps_reader_meta(r);
    size_t block = ps_reader_block_frames(r);
    double *x = malloc(block * m->n_channels * sizeof *x);
    if (!x)
        return ps_fail(err, PS_ERR_NOMEM, "overview: out of memory");
    ps_overview_writer *w;
    ps_status st = ps_overview_writer_create(&w, name, m->n_channels, err);
    if (st == PS_OK)
        ps_pyramid_start_at(w->p, span.from);
    for (uint64_t at = span.from; st == PS_OK && at < span.to; at += block) {
        size_t k = span.to - at < block ? (size_t)(span.to - at) : block;
        if ((st = ps_reader_read_all(r, at, k, x, err)) == PS_OK &&
            (st = ps_overview_writer_feed(w, x, k, err)) == PS_OK)
            st = common_progress(progress, parg,
                                   (double)(at + k - span.from) / (double)(span.to - span.from),
                                   err);
    }
    if (st == PS_OK)
        st = ps_overview_writer_close(w, true, err);
    else if (st != PS_OK && w) {
        ps_overview_writer_close(w, false, NULL);
        ps_overview_remove(name); /* no half-built overview */
    }
    free(x);
    return st;
}

/* What an overview must say of its recording: its shape, and the recording's identity (what
 * its meta says of the data, and its length: ps_reader_identity) with the data file's size.
 * A replaced or rewritten recording has another; a copied or moved one keeps it. */
static void stamp_text(ps_reader *r, char *buf, size_t len)
{
    char id[65];
    ps_reader_identity(r, id);
    snprintf(buf, len, "picostream-overview 2 channels %u frames %llu identity %s\n",
             ps_reader_meta(r)->n_channels, (unsigned long long)ps_reader_frames(r), id);
}

/* r's stamp into AT.picostream-overview/complete, atomically. */
static ps_status write_stamp(ps_reader *r, const char *at, ps_error *err)
{
    char text[256], dir[4096], path[4200];
    stamp_text(r, text, sizeof text);
    overview_dir_of(dir, sizeof dir, at);
    stamp_path(path, sizeof path, dir);
    return atomic_file_replace(path, text, strlen(text), err);
}

void ps_overview_remove(const char *name)
{
    char dir[4096], path[4200];
    overview_dir_of(dir, sizeof dir, name);
    stamp_path(path, sizeof path, dir);
    unlink(path);
    for (unsigned l = 0; l < PS_OVERVIEW_LEVELS; l++) {
        level_path(path, sizeof path, dir, l);
        unlink(path);
    }
    rmdir(dir);
}

ps_status ps_overview_seal(const char *name, unsigned n_channels, uint64_t frames, ps_error *err)
{
    ps_reader *r;
    ps_status st = ps_reader_open(&r, name, err);
    if (st == PS_OK && (ps_reader_meta(r)->n_channels != n_channels ||
                        ps_reader_frames(r) != frames))
        st = ps_fail(err, PS_ERR_BUG, "%s: the overview of %llu frames does not match the "
                     "recording's %llu", name, (unsigned long long)frames,
                     (unsigned long long)ps_reader_frames(r));
    if (st == PS_OK)
        st = write_stamp(r, name, err);
    ps_reader_close(r);
    return st;
}

ps_status ps_overview_check(ps_reader *r, const char *at, ps_error *err)
{
    char want[256], have[256] = "", dir[4096], path[4200];
    unsigned n_channels = ps_reader_meta(r)->n_channels;
    uint64_t frames = ps_reader_frames(r);
    stamp_text(r, want, sizeof want);
    overview_dir_of(dir, sizeof dir, at ? at : ps_reader_name(r));
    stamp_path(path, sizeof path, dir);
    FILE *f = fopen(path, "rb");
    if (!f)
        return ps_fail(err, PS_ERR_FORMAT, "%s is incomplete (its build or capture was "
                       "interrupted, or it is missing)", dir);
    size_t got = fread(have, 1, sizeof have - 1, f);
    fclose(f);
    have[got] = '\0';
    if (strcmp(have, want) != 0)
        return ps_fail(err, PS_ERR_FORMAT, "%s was made for another recording, or before this "
                       "one was replaced", dir);
    size_t rec = 2 * (size_t)n_channels * sizeof(float);
    for (unsigned l = 0; l < PS_OVERVIEW_LEVELS; l++) {
        unsigned k = PS_OVERVIEW_K0 + PS_OVERVIEW_STEP * l;
        uint64_t bins = frames ? ((frames - 1) >> k) + 1 : 0;
        struct stat sb;
        level_path(path, sizeof path, dir, l);
        if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) || (uint64_t)sb.st_size != bins * rec)
            return ps_fail(err, PS_ERR_FORMAT, "%s: level L%02u is not its %llu bins", dir, k,
                           (unsigned long long)bins);
    }
    return PS_OK;
}

ps_status ps_overview_build(ps_reader *r, ps_progress_fn progress, void *parg, ps_error *err)
{
    return ps_overview_build_as(r, ps_reader_name(r), progress, parg, err);
}

ps_status ps_overview_build_as(ps_reader *r, const char *name, ps_progress_fn progress,
                               void *parg, ps_error *err)
{
    ps_span all = {0, ps_reader_frames(r)};
    ps_status st = build_span(r, all, name, progress, parg, err);
    return st == PS_OK ? write_stamp(r, name, err) : st; /* r's identity, wherever it is */
}

ps_status ps_overview_read(const char *name, unsigned level, unsigned n_channels, uint64_t first,
                           size_t n, float *lo, float *hi, size_t *got, ps_error *err)
{
    *got = 0;
    if (level >= PS_OVERVIEW_LEVELS || n_channels == 0)
        return ps_fail(err, PS_ERR_ARG, "overview: level %u of %u", level, PS_OVERVIEW_LEVELS);
    char dir[4096], path[4200];
    overview_dir_of(dir, sizeof dir, name);
    level_path(path, sizeof path, dir, level);
    FILE *f = fopen(path, "rb");
    if (!f)
        return ps_fail(err, PS_ERR_IO, "%s: %s", path, strerror(errno));
    size_t rec = 2 * n_channels * sizeof(float);
    struct stat sb;
    uint64_t have = fstat(fileno(f), &sb) == 0 ? (uint64_t)sb.st_size / rec : 0;
    if (first < have) {
        size_t k = have - first < n ? (size_t)(have - first) : n;
        float *buf = malloc(k * rec);
        if (!buf || fseeko(f, (off_t)(first * rec), SEEK_SET) != 0 ||
            fread(buf, rec, k, f) != k) {
            free(buf);
            fclose(f);
            return ps_fail(err, PS_ERR_IO, "%s: cannot read bins %llu…", path,
                           (unsigned long long)first);
        }
        for (size_t i = 0; i < k; i++)
            for (unsigned c = 0; c < n_channels; c++) {
                lo[i * n_channels + c] = buf[i * 2 * n_channels + 2 * c];
                hi[i * n_channels + c] = buf[i * 2 * n_channels + 2 * c + 1];
            }
        free(buf);
        *got = k;
    }
    fclose(f);
    return PS_OK;
}

ps_status overview_piece_build(ps_reader *r, ps_span piece, const char *name, ps_error *err)
{
    return build_span(r, piece, name, NULL, NULL, err);
}

/* Level l of piece `name` ([from, to) of the data) appended to out: its first record combined
 * with *held (the last piece's last bin) when both are one bin, its last record held back. */
static ps_status concat_level(FILE *out, const char *name, ps_span span, unsigned l,
                              unsigned n_ch, float *held, uint64_t *held_bin, float *rec,
                              ps_error *err)
{
    unsigned k = PS_OVERVIEW_K0 + PS_OVERVIEW_STEP * l;
    uint64_t first = span.from >> k, count = ((span.to - 1) >> k) - first + 1;
    size_t size = 2 * n_ch * sizeof(float);
    char dir[4096], path[4200];
    overview_dir_of(dir, sizeof dir, name);
    level_path(path, sizeof path, dir, l);
    FILE *f = fopen(path, "rb");
    struct stat sb;
    if (!f || fstat(fileno(f), &sb) != 0 || (uint64_t)sb.st_size != count * size) {
        if (f)
            fclose(f);
        return ps_fail(err, PS_ERR_FORMAT, "%s: not the %llu bins of its piece's overview",
                       path, (unsigned long long)count);
    }
    ps_status st = PS_OK;
    for (uint64_t i = 0; i < count && st == PS_OK; i++) {
        if (fread(rec, size, 1, f) != 1) {
            st = ps_fail(err, PS_ERR_IO, "%s: cannot read", path);
            break;
        }
        if (*held_bin == first + i) { /* one bin across two pieces: min and max of both */
            for (unsigned c = 0; c < n_ch; c++) {
                rec[2 * c] = fminf(rec[2 * c], held[2 * c]);
                rec[2 * c + 1] = fmaxf(rec[2 * c + 1], held[2 * c + 1]);
            }
        } else if (*held_bin != UINT64_MAX && fwrite(held, size, 1, out) != 1) {
            st = ps_fail(err, PS_ERR_IO, "cannot write the overview: %s", strerror(errno));
        }
        memcpy(held, rec, size);
        *held_bin = first + i;
    }
    fclose(f);
    return st;
}

ps_status overview_concat(const char *name, unsigned n_ch, const char *const *pieces,
                          const ps_span *spans, size_t n, ps_error *err)
{
    char dir[4096], path[4200], tmp[4300];
    overview_dir_of(dir, sizeof dir, name);
    struct stat sb;
    if (mkdir(dir, 0777) != 0 &&
        (errno != EEXIST || lstat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)))
        return ps_fail(err, PS_ERR_IO, "%s: %s", dir,
                       errno == EEXIST ? "not a folder (a link or a file is there)"
                                       : strerror(errno));
    float *held = malloc(2 * n_ch * sizeof *held), *rec = malloc(2 * n_ch * sizeof *rec);
    ps_status st = held && rec ? PS_OK : ps_fail(err, PS_ERR_NOMEM, "overview: out of memory");
    stamp_path(path, sizeof path, dir);
    if (st == PS_OK && unlink(path) != 0 && errno != ENOENT) /* incomplete until sealed */
        st = ps_fail(err, PS_ERR_IO, "%s: %s", path, strerror(errno));
    for (unsigned l = 0; l < PS_OVERVIEW_LEVELS && st == PS_OK; l++) {
        level_path(path, sizeof path, dir, l);
        snprintf(tmp, sizeof tmp, "%s.merging", path); /* every level first, then the renames */
        FILE *out = level_create(tmp);
        if (!out) {
            st = ps_fail(err, PS_ERR_IO, "%s: %s", tmp, strerror(errno));
            break;
        }
        uint64_t held_bin = UINT64_MAX;
        for (size_t i = 0; i < n && st == PS_OK; i++)
            st = concat_level(out, pieces[i], spans[i], l, n_ch, held, &held_bin, rec, err);
        if (st == PS_OK && held_bin != UINT64_MAX && fwrite(held, 2 * n_ch * sizeof(float), 1,
                                                            out) != 1)
            st = ps_fail(err, PS_ERR_IO, "%s: %s", tmp, strerror(errno));
        if (fclose(out) != 0 && st == PS_OK)
            st = ps_fail(err, PS_ERR_IO, "%s: %s", tmp, strerror(errno));
    }
    for (unsigned l = 0; l < PS_OVERVIEW_LEVELS; l++) {
        level_path(path, sizeof path, dir, l);
        snprintf(tmp, sizeof tmp, "%s.merging", path);
        if (st == PS_OK && rename(tmp, path) != 0)
            st = ps_fail(err, PS_ERR_IO, "%s: %s", path, strerror(errno));
        if (st != PS_OK)
            unlink(tmp);
    }
    free(held);
    free(rec);
    return st == PS_OK && n ? ps_overview_seal(name, n_ch, spans[n - 1].to, err) : st;
}
