/* resample (resample_poly) and envelope (min/max per output bin) into float recordings. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_int.h"

/* The job and the recording, for the outputs of a stretch's part. */
struct resample_ctx {
    const ps_resample_job *job;
    ps_reader *r;
};

/* ceil(n·up/down) */
static uint64_t scaled(const ps_resample_job *job, uint64_t n)
{
    return (uint64_t)(((unsigned __int128)n * job->up + job->down - 1) / job->down);
}

/* The outputs [m0, m1) of samples part of their stretch: those at m·down/up inside it, so
 * the parts of a stretch cut anywhere add up to resample_poly of the whole stretch. */
static void part_outputs(const ps_resample_job *job, ps_span stretch, ps_span part,
                         uint64_t *m0, uint64_t *m1)
{
    *m0 = scaled(job, part.from - stretch.from);
    *m1 = scaled(job, part.to - stretch.from);
}

static uint64_t part_len(const void *ctx, ps_span part)
{
    const struct resample_ctx *c = ctx;
    uint64_t m0, m1;
    part_outputs(c->job, ps_reader_stretch(c->r, part.from), part, &m0, &m1);
    return m1 - m0;
}

/* Part `part` of gap-free stretch seg through fresh resamplers (resample_poly of the stretch
 * alone, the outputs of the part), written from *written on. */
static ps_status resample_stretch(ps_reader *r, const int *channels, size_t n_channels,
                                  ps_span span, ps_span seg, ps_span part,
                                  const ps_resample_job *job, ps_writer *w, uint64_t *written,
                                  double *x, size_t block, ps_progress_fn progress, void *parg,
                                  ps_error *err)
{
    ps_resampler *rs[PS_SIGMF_MAX_CHANNELS] = {0};
    double *y = NULL, *frames = NULL;
    ps_status st = PS_OK;
    uint64_t m0, m1, from = 0;
    part_outputs(job, seg, part, &m0, &m1);
    for (size_t k = 0; k < n_channels && st == PS_OK; k++)
        if ((st = ps_resampler_create(&rs[k], job->up, job->down, seg.to - seg.from, err)) ==
            PS_OK)
            from = ps_resampler_start(rs[k], m0, m1);
    if (st != PS_OK)
        goto out;
    size_t max_out = ps_resampler_max_out(rs[0], block);
    y = malloc(max_out * n_channels * sizeof *y);
    frames = malloc(max_out * n_channels * sizeof *frames);
    if (!y || !frames) {
        st = ps_fail(err, PS_ERR_NOMEM, "resample: out of memory");
        goto out;
    }
    uint64_t first = *written;
    for (uint64_t at = seg.from + from; at < seg.to && *written - first < m1 - m0 &&
                                        st == PS_OK; at += block) {
        size_t n = seg.to - at < block ? (size_t)(seg.to - at) : block, m = 0;
        for (size_t k = 0; k < n_channels && st == PS_OK; k++) {
            if ((st = ps_reader_read(r, at, n, (unsigned)channels[k], x, err)) != PS_OK)
                break;
            ps_resampler_process(rs[k], x, n, y + k * max_out, &m);
        }
        for (size_t i = 0; i < m; i++)
            for (size_t k = 0; k < n_channels; k++)
                frames[i * n_channels + k] = y[k * max_out + i];
        if (st == PS_OK && m)
            st = ps_writer_write(w, *written, frames, m, err);
        *written += m;
        if (st == PS_OK)
            st = common_progress(progress, parg,
                                   (double)(at + n - span.from) / (double)(span.to - span.from),
                                   err);
    }
    if (st == PS_OK && *written - first != m1 - m0)
        st = ps_fail(err, PS_ERR_BUG, "resample: %llu outputs, expected %llu",
                     (unsigned long long)(*written - first), (unsigned long long)(m1 - m0));
out:
    for (size_t k = 0; k < n_channels; k++)
        ps_resampler_destroy(rs[k]);
    free(y);
    free(frames);
    return st;
}

ps_status ps_run_resample(ps_reader *r, const int *channels, size_t n_channels, ps_span span,
                          const ps_resample_job *job, ps_progress_fn progress, void *parg,
                          ps_error *err)
{
    ps_status st = analysis_check(r, channels, n_channels, span, err);
    if (st != PS_OK)
        return st;
    bool piece = job->piece.to > 0;
    if (piece && (job->piece.from >= job->piece.to || job->piece.from < span.from ||
                  job->piece.to > span.to))
        return ps_fail(err, PS_ERR_ARG, "piece %llu…%llu is not inside the selection",
                       (unsigned long long)job->piece.from, (unsigned long long)job->piece.to);
    ps_resampler *probe; /* the job's own checks (up, down, filter length) before any output */
    if ((st = ps_resampler_create(&probe, job->up, job->down, span.to - span.from, err)) != PS_OK)
        return st;
    ps_resampler_destroy(probe);
    ps_span out = piece ? job->piece : span; /* the samples whose outputs the file holds */
    uint64_t written = 0;
    size_t block = ps_reader_block_frames(r);
    ps_writer *w = NULL;
    double *x = malloc(block * sizeof *x);
    if (!x) {
        st = ps_fail(err, PS_ERR_NOMEM, "resample: out of memory");
        goto out;
    }
    if ((st = ps_writer_create(&w, job->output, job->datatype, (unsigned)n_channels, job->rules,
                               err)) != PS_OK)
        goto out;
    for (uint64_t at = span.from; at < span.to && st == PS_OK;) { /* never across a gap */
        ps_span seg = ps_reader_segment(r, at, span.to);
        at = seg.to;
        ps_span part = {seg.from > out.from ? seg.from : out.from, seg.to < out.to ? seg.to : out.to};
        if (part.from < part.to)
            st = resample_stretch(r, channels, n_channels, span, seg, part, job, w, &written, x,
                                  block, progress, parg, err);
    }
    if (st == PS_OK) {
        const char *names[PS_SIGMF_MAX_CHANNELS];
        for (size_t k = 0; k < n_channels; k++)
            names[k] = ps_reader_meta(r)->channel[channels[k]].name;
        ps_sigmf_meta m;
        resample_meta(r, out, job, names, n_channels, written, &m);
        st = ps_writer_finish(w, &m, err);
        ps_sigmf_meta_clear(&m);
        w = NULL;
    }
out:
    ps_writer_abort(w);
    free(x);
    return st;
}

void resample_meta(ps_reader *r, ps_span span, const ps_resample_job *job,
                   const char *const *names, size_t n_channels, uint64_t frames, ps_sigmf_meta *m)
{
    char desc[256];
    snprintf(desc, sizeof desc, "resample_poly up %llu down %llu (kaiser 5)",
             (unsigned long long)job->up, (unsigned long long)job->down);
    struct resample_ctx ctx = {job, r};
    struct analysis_out o = {NULL, &ctx, part_len};
    analysis_derived_meta(r, span, ps_reader_rate(r) * (double)job->up / (double)job->down,
                          names, (unsigned)n_channels, frames, desc, &o, m);
}

/* The outputs of span: those of its part of each stretch. */
static uint64_t span_len(ps_reader *r, ps_span span, uint64_t (*len)(const void *, ps_span),
                         const void *ctx)
{
    uint64_t n = 0;
    for (uint64_t at = span.from; at < span.to;) {
        ps_span part = ps_reader_segment(r, at, span.to);
        n += len(ctx, part);
        at = part.to;
    }
    return n;
}

uint64_t resample_span_len(ps_reader *r, ps_span span, const ps_resample_job *job)
{
    struct resample_ctx ctx = {job, r};
    return span_len(r, span, part_len, &ctx);
}

/* The bins [b0, b1) of samples part of their stretch: those starting inside it (the last
 * bin of the stretch may be short), so the parts of a stretch cut anywhere add up to its bins. */
static void part_bins(double ratio, ps_span stretch, ps_span part, uint64_t *b0, uint64_t *b1)
{
    uint64_t n = stretch.to - stretch.from;
    *b0 = ps_envelope_bin_from(ratio, part.from - stretch.from);
    *b1 = part.to == stretch.to ? ps_envelope_bins(ratio, n)
                                : ps_envelope_bin_from(ratio, part.to - stretch.from);
}

struct envelope_ctx {
    double ratio;
    ps_reader *r;
};

static uint64_t envelope_part_len(const void *ctx, ps_span part)
{
    const struct envelope_ctx *c = ctx;
    uint64_t b0, b1;
    part_bins(c->ratio, ps_reader_stretch(c->r, part.from), part, &b0, &b1);
    return b1 - b0;
}

void envelope_meta(ps_reader *r, ps_span span, double ratio, const int *channels,
                   size_t n_channels, uint64_t frames, ps_sigmf_meta *m)
{
    char names_buf[PS_SIGMF_MAX_CHANNELS][16];
    const char *names[PS_SIGMF_MAX_CHANNELS];
    for (size_t k = 0; k < n_channels; k++) {
        const char *src = ps_reader_meta(r)->channel[channels[k]].name;
        snprintf(names_buf[2 * k], 16, "%.10s_min", src);
        snprintf(names_buf[2 * k + 1], 16, "%.10s_max", src);
        names[2 * k] = names_buf[2 * k];
        names[2 * k + 1] = names_buf[2 * k + 1];
    }
    char desc[256];
    snprintf(desc, sizeof desc, "min/max envelope, %.9g input samples per bin", ratio);
    struct envelope_ctx ctx = {ratio, r};
    struct analysis_out o = {NULL, &ctx, envelope_part_len};
    analysis_derived_meta(r, span, ps_reader_rate(r) / ratio, names, (unsigned)(2 * n_channels),
                          frames, desc, &o, m);
}

uint64_t envelope_span_len(ps_reader *r, ps_span span, double ratio)
{
    struct envelope_ctx ctx = {ratio, r};
    return span_len(r, span, envelope_part_len, &ctx);
}

ps_status ps_run_envelope(ps_reader *r, const int *channels, size_t n_channels, ps_span span,
                          double out_rate_hz, const char *output, const char *datatype,
                          const ps_output_rules *rules, ps_progress_fn progress, void *parg,
                          ps_error *err)
{
    ps_span none = {0, 0};
    return envelope_run(r, channels, n_channels, span, none, out_rate_hz, output, datatype, rules,
                        progress, parg, err);
}

ps_status envelope_run(ps_reader *r, const int *channels, size_t n_channels, ps_span span,
                       ps_span piece, double out_rate_hz, const char *output,
                       const char *datatype, const ps_output_rules *rules,
                       ps_progress_fn progress, void *parg, ps_error *err)
{
    ps_status st = analysis_check(r, channels, n_channels, span, err);
    if (st != PS_OK)
        return st;
    double ratio = ps_reader_rate(r) / out_rate_hz;
    if (!(out_rate_hz > 0) || ratio < 1)
        return ps_fail(err, PS_ERR_ARG,
                       "envelope rate %g S/s must be positive and at most the "
                       "recording's %g S/s",
                       out_rate_hz, ps_reader_rate(r));
    if (2 * n_channels > PS_SIGMF_MAX_CHANNELS)
        return ps_fail(err, PS_ERR_ARG, "envelope of more than %d channels",
                       PS_SIGMF_MAX_CHANNELS / 2);
    if (piece.to > 0 && (piece.from >= piece.to || piece.from < span.from || piece.to > span.to))
        return ps_fail(err, PS_ERR_ARG, "piece %llu…%llu is not inside the selection",
                       (unsigned long long)piece.from, (unsigned long long)piece.to);
    ps_span out_span = piece.to > 0 ? piece : span; /* the samples whose bins the file holds */
    uint64_t len = span.to - span.from;
    size_t block = ps_reader_block_frames(r);
    ps_envelope *env[PS_SIGMF_MAX_CHANNELS] = {0};
    for (size_t k = 0; k < n_channels && st == PS_OK; k++)
        st = ps_envelope_create(&env[k], ratio, err);
    if (st != PS_OK)
        goto out_env;
    size_t cap = ps_envelope_max_out(env[0], block);
    double *x = malloc(block * sizeof *x), *frames = malloc(cap * 2 * n_channels * sizeof *frames);
    ps_envelope_bin *bins = malloc(cap * sizeof *bins);
    ps_writer *w = NULL;
    if (!x || !frames || !bins) {
        st = ps_fail(err, PS_ERR_NOMEM, "envelope: out of memory");
        goto out;
    }
    if ((st = ps_writer_create(&w, output, datatype, (unsigned)(2 * n_channels), rules, err)) !=
        PS_OK)
        goto out;
    /* each gap-free stretch binned on its own grid: no bin holds samples from both sides of a
     * gap; every channel bins alike, so channel k's bins land in column pair k */
    uint64_t written = 0;
    for (uint64_t from = span.from; from < span.to && st == PS_OK;) {
        ps_span seg = ps_reader_segment(r, from, span.to);
        from = seg.to;
        ps_span part = {seg.from > out_span.from ? seg.from : out_span.from,
                        seg.to < out_span.to ? seg.to : out_span.to};
        uint64_t b0, b1;
        part_bins(ratio, seg, part, &b0, &b1);
        if (part.from >= part.to || b0 >= b1)
            continue;
        /* the samples of bins b0 … b1 − 1: from the first one's start to the next one's */
        uint64_t s0 = (uint64_t)floor((double)b0 * ratio + 0.5);
        uint64_t s1 = b1 == ps_envelope_bins(ratio, seg.to - seg.from)
                          ? seg.to - seg.from
                          : (uint64_t)floor((double)b1 * ratio + 0.5);
        ps_span run = {seg.from + s0, seg.from + s1};
        for (size_t k = 0; k < n_channels; k++)
            ps_envelope_restart(env[k], s0);
        for (uint64_t at = run.from; at <= run.to && st == PS_OK; at += block) {
            size_t n = run.to - at < block ? (size_t)(run.to - at) : block, m = 0;
            for (size_t k = 0; k < n_channels && st == PS_OK; k++) {
                if (n && (st = ps_reader_read(r, at, n, (unsigned)channels[k], x, err)) != PS_OK)
                    break;
                m = ps_envelope_process(env[k], x, n, bins);
                if (at + n == run.to)
                    m += ps_envelope_finish(env[k], bins + m);
                for (size_t i = 0; i < m; i++) {
                    frames[i * 2 * n_channels + 2 * k] = bins[i].lo;
                    frames[i * 2 * n_channels + 2 * k + 1] = bins[i].hi;
                }
            }
            if (st == PS_OK && m)
                st = ps_writer_write(w, written, frames, m, err);
            written += m;
            if (st == PS_OK)
                st = common_progress(progress, parg, (double)(at + n - span.from) / (double)len,
                                       err);
            if (at + n == run.to)
                break;
        }
    }
    if (st == PS_OK) {
        ps_sigmf_meta m;
        envelope_meta(r, out_span, ratio, channels, n_channels, written, &m);
        st = ps_writer_finish(w, &m, err);
        ps_sigmf_meta_clear(&m);
        w = NULL;
    }
out:
    ps_writer_abort(w);
    free(x);
    free(frames);
    free(bins);
out_env:
    for (size_t k = 0; k < n_channels; k++)
        ps_envelope_destroy(env[k]);
    return st;
}
