/* CSV, NPY and WAV exports of a selection, block by block. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/progress.h"
#include "picostream/export.h"

#define WAV_MAX_DATA 4294967040ull /* 4 GiB less the header, rounded to whole frames */

struct ex {
    ps_reader *r;
    const int *ch;
    size_t n_ch;
    ps_span span;
    size_t block;
    double *x;
    ps_progress_fn progress;
    void *parg;
};

static ps_status read_block(struct ex *e, uint64_t at, size_t n, ps_error *err)
{
    for (size_t k = 0; k < e->n_ch; k++) {
        ps_status st = ps_reader_read(e->r, at, n, (unsigned)e->ch[k], e->x + k * e->block, err);
        if (st != PS_OK)
            return st;
    }
    return PS_OK;
}

static ps_status io_fail(ps_error *err, const char *path)
{
    return ps_fail(err, PS_ERR_IO, "cannot write %s: %s", path, strerror(errno));
}

static ps_status export_csv(struct ex *e, FILE *f, const char *path, ps_error *err)
{
    const ps_sigmf_meta *m = ps_reader_meta(e->r);
    fprintf(f, "time_s");
    for (size_t k = 0; k < e->n_ch; k++)
        fprintf(f, ",%s", m->channel[e->ch[k]].name);
    fputc('\n', f);
    for (uint64_t at = e->span.from; at < e->span.to; at += e->block) {
        size_t n = e->span.to - at < e->block ? (size_t)(e->span.to - at) : e->block;
        ps_status st = read_block(e, at, n, err);
        if (st != PS_OK)
            return st;
        for (size_t i = 0; i < n; i++) {
            fprintf(f, "%.17g", ps_reader_time_s(e->r, at + i));
            for (size_t k = 0; k < e->n_ch; k++)
                fprintf(f, ",%.17g", e->x[k * e->block + i]);
            if (fputc('\n', f) == EOF)
                return io_fail(err, path);
        }
        st = common_progress(e->progress, e->parg,
                               (double)(at + n - e->span.from) / (double)(e->span.to - e->span.from),
                               err);
        if (st != PS_OK)
            return st;
    }
    return PS_OK;
}

static ps_status export_npy(struct ex *e, FILE *f, const char *path, ps_error *err)
{
    char header[256];
    int len = snprintf(header, sizeof header,
                       "{'descr': '<f4', 'fortran_order': False, 'shape': (%llu, %zu), }",
                       (unsigned long long)(e->span.to - e->span.from), e->n_ch);
    size_t total = 10 + (size_t)len + 1, pad = (64 - total % 64) % 64; /* aligned to 64 */
    unsigned char magic[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 0, 0};
    uint16_t hl = (uint16_t)(len + pad + 1);
    magic[8] = (unsigned char)(hl & 0xff);
    magic[9] = (unsigned char)(hl >> 8);
    fwrite(magic, 1, 10, f);
    fwrite(header, 1, (size_t)len, f);
    for (size_t i = 0; i < pad; i++)
        fputc(' ', f);
    fputc('\n', f);
    float *row = malloc(e->block * e->n_ch * sizeof *row);
    if (!row)
        return ps_fail(err, PS_ERR_NOMEM, "export: out of memory");
    ps_status st = PS_OK;
    for (uint64_t at = e->span.from; at < e->span.to && st == PS_OK; at += e->block) {
        size_t n = e->span.to - at < e->block ? (size_t)(e->span.to - at) : e->block;
        if ((st = read_block(e, at, n, err)) != PS_OK)
            break;
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < e->n_ch; k++)
                row[i * e->n_ch + k] = (float)e->x[k * e->block + i];
        if (fwrite(row, sizeof *row, n * e->n_ch, f) != n * e->n_ch)
            st = io_fail(err, path);
        if (st == PS_OK)
            st = common_progress(e->progress, e->parg,
                                   (double)(at + n - e->span.from) /
                                       (double)(e->span.to - e->span.from),
                                   err);
    }
    free(row);
    return st;
}

static void put_u32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void put_u16(unsigned char *p, uint16_t v)
{
    p[0] = (unsigned char)(v & 0xff);
    p[1] = (unsigned char)(v >> 8);
}

static void wav_header(unsigned char h[44], uint32_t rate, uint16_t n_ch, uint32_t data_bytes)
{
    memcpy(h, "RIFF", 4);
    put_u32(h + 4, 36 + data_bytes);
    memcpy(h + 8, "WAVEfmt ", 8);
    put_u32(h + 16, 16);
    put_u16(h + 20, 1); /* PCM */
    put_u16(h + 22, n_ch);
    put_u32(h + 24, rate);
    put_u32(h + 28, rate * n_ch * 2);
    put_u16(h + 32, (uint16_t)(n_ch * 2));
    put_u16(h + 34, 16);
    memcpy(h + 36, "data", 4);
    put_u32(h + 40, data_bytes);
}

/* The part file name: path itself, or path-0001.wav … when the data needs several. */
static void part_name(const char *path, unsigned part, bool split, char *out, size_t len)
{
    if (!split) {
        snprintf(out, len, "%s", path);
        return;
    }
    size_t n = strlen(path);
    if (n > 4 && strcmp(path + n - 4, ".wav") == 0)
        n -= 4;
    snprintf(out, len, "%.*s-%04u.wav", (int)n, path, part);
}

static ps_status export_wav(struct ex *e, const char *path, const ps_output_rules *rules, char *notice, size_t nlen,
                            ps_error *err)
{
    double rate = ps_reader_rate(e->r);
    if (rate > 4294967295.0 || e->n_ch > 65535)
        return ps_fail(err, PS_ERR_ARG, "WAV cannot hold %s",
                       rate > 4294967295.0 ? "a rate above 4.29 GS/s" : "more than 65535 channels");
    uint32_t irate = (uint32_t)llround(rate);
    if (irate == 0)
        return ps_fail(err, PS_ERR_ARG, "WAV cannot hold a rate below 0.5 S/s");
    if (fabs(irate - rate) > 1e-9 * rate)
        snprintf(notice, nlen, "WAV holds whole-Hz rates: %.9g S/s written as %u", rate, irate);
    const ps_sigmf_meta *m = ps_reader_meta(e->r);
    /* counts per volt: raw counts for int16 recordings, else ±range_v or the peak → full scale */
    double gain[PS_SIGMF_MAX_CHANNELS];
    bool raw = strcmp(m->datatype, "ri16_le") == 0; /* ri8 is scaled up: ±range is full scale */
    for (size_t k = 0; k < e->n_ch; k++) {
        const ps_sigmf_channel *c = &m->channel[e->ch[k]];
        gain[k] = raw ? 1.0 / c->scale_v : (c->range_v > 0 ? 32767.0 / c->range_v : 0);
    }
    if (!raw) {
        for (size_t k = 0; k < e->n_ch; k++) {
            if (gain[k] > 0)
                continue;
            double peak = 0; /* a first pass for the peak */
            for (uint64_t at = e->span.from; at < e->span.to; at += e->block) {
                size_t n = e->span.to - at < e->block ? (size_t)(e->span.to - at) : e->block;
                ps_status st = ps_reader_read(e->r, at, n, (unsigned)e->ch[k], e->x, err);
                if (st != PS_OK)
                    return st;
                for (size_t i = 0; i < n; i++)
                    if (isfinite(e->x[i])) /* one infinity would scale the rest to zero */
                        peak = fmax(peak, fabs(e->x[i]));
            }
            gain[k] = peak > 0 ? 32767.0 / peak : 1.0;
        }
    }
    uint64_t frame = 2 * e->n_ch, total = e->span.to - e->span.from;
    uint64_t per_part = WAV_MAX_DATA / frame;
    bool split = total > per_part;
    int16_t *pcm = malloc(e->block * frame);
    if (!pcm)
        return ps_fail(err, PS_ERR_NOMEM, "export: out of memory");
    unsigned n_parts = (unsigned)((total + per_part - 1) / per_part);
    ps_output **parts = calloc(n_parts, sizeof *parts);
    if (!parts) {
        free(pcm);
        return ps_fail(err, PS_ERR_NOMEM, "export: out of memory");
    }
    ps_status st = PS_OK;
    unsigned part = 0;
    uint64_t n_nan = 0;
    for (uint64_t p0 = 0; p0 < total && st == PS_OK; p0 += per_part, part++) {
        uint64_t p1 = p0 + per_part < total ? p0 + per_part : total;
        char name[4200];
        part_name(path, part + 1, split, name, sizeof name);
        if ((st = ps_output_open(&parts[part], name, rules, err)) != PS_OK)
            break;
        FILE *f = ps_output_stream(parts[part]);
        unsigned char h[44];
        wav_header(h, irate, (uint16_t)e->n_ch, (uint32_t)((p1 - p0) * frame));
        if (fwrite(h, 1, 44, f) != 44)
            st = io_fail(err, name);
        for (uint64_t at = e->span.from + p0; at < e->span.from + p1 && st == PS_OK;
             at += e->block) {
            size_t n =
                e->span.from + p1 - at < e->block ? (size_t)(e->span.from + p1 - at) : e->block;
            if ((st = read_block(e, at, n, err)) != PS_OK)
                break;
            for (size_t i = 0; i < n; i++)
                for (size_t k = 0; k < e->n_ch; k++) {
                    double v = round(e->x[k * e->block + i] * gain[k]);
                    if (isnan(v)) { /* WAV has no NaN: silence, and counted in the notice */
                        v = 0;
                        n_nan++;
                    }
                    pcm[i * e->n_ch + k] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
                }
            if (fwrite(pcm, frame, n, f) != n)
                st = io_fail(err, name);
        }
    }
    free(pcm);
    /* every part is complete before any replaces a file: nothing half-made stays */
    for (unsigned k = 0; k < n_parts; k++) {
        if (st == PS_OK && parts[k])
            st = ps_output_commit(parts[k], err);
        else
            ps_output_abort(parts[k]);
    }
    free(parts);
    size_t used0 = strlen(notice);
    if (st == PS_OK && n_nan)
        snprintf(notice + used0, nlen - used0, "%s%llu NaN samples written as 0",
                 used0 ? "; " : "", (unsigned long long)n_nan);
    if (st == PS_OK && split) {
        size_t used = strlen(notice);
        snprintf(notice + used, nlen - used, "%sWAV files hold 4 GiB: written as %u parts, %s…",
                 used ? "; " : "", n_parts, "-0001.wav");
    }
    return st;
}

ps_status ps_export(ps_reader *r, const int *channels, size_t n_channels, ps_span span,
                    ps_export_format format, const char *path, const ps_output_rules *rules,
                    char *notice, size_t notice_len,
                    ps_progress_fn progress, void *parg, ps_error *err)
{
    notice[0] = '\0';
    if (span.from >= span.to || span.to > ps_reader_frames(r))
        return ps_fail(err, PS_ERR_ARG, "empty or out-of-range selection");
    struct ex e = {r, channels, n_channels, span, ps_reader_block_frames(r), NULL, progress, parg};
    e.x = malloc(e.block * n_channels * sizeof *e.x);
    if (!e.x)
        return ps_fail(err, PS_ERR_NOMEM, "export: out of memory");
    ps_status st;
    if (format == PS_EXPORT_WAV) {
        st = export_wav(&e, path, rules, notice, notice_len, err);
    } else {
        ps_output *o;
        if ((st = ps_output_open(&o, path, rules, err)) == PS_OK) {
            FILE *f = ps_output_stream(o);
            st = format == PS_EXPORT_CSV ? export_csv(&e, f, path, err)
                                         : export_npy(&e, f, path, err);
            if (st == PS_OK)
                st = ps_output_commit(o, err);
            else
                ps_output_abort(o);
        }
    }
    free(e.x);
    return st;
}
