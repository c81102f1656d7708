/* resample (resample_poly) and envelope (min/max per output bin) into float recordings. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_int.h"

ps_status ps_run_resample(ps_reader *r, const int *channels, size_t n_channels, ps_span span,
                          const ps_resample_job *job, ps_progress_fn progress, void *parg,
                          ps_error *err)
{
    ps_status st = analysis_check(r, channels, n_channels, span, err);
    if (st != PS_OK)
        return st;
    uint64_t len = span.to - span.from;
    size_t block = ps_block_frames();
    ps_resampler *rs[PS_SIGMF_MAX_CHANNELS] = {0};
    ps_writer *w = NULL;
    double *x = malloc(block * sizeof *x), *y = NULL, *frames = NULL;
    if (!x) {
        st = ps_fail(err, PS_ERR_NOMEM, "resample: out of memory");
        goto out;
    }
    for (size_t k = 0; k < n_channels && st == PS_OK; k++)
        st = ps_resampler_create(&rs[k], job->up, job->down, len, err);
    if (st != PS_OK)
        goto out;
    size_t max_out = ps_resampler_max_out(rs[0], block);
    y = malloc(max_out * n_channels * sizeof *y);
    frames = malloc(max_out * n_channels * sizeof *frames);
    if (!y || !frames) {
        st = ps_fail(err, PS_ERR_NOMEM, "resample: out of memory");
        goto out;
    }
    if ((st = ps_writer_create(&w, job->output, job->datatype, (unsigned)n_channels, job->rules,
                               err)) != PS_OK)
        goto out;
    uint64_t written = 0;
    for (uint64_t at = span.from; at < span.to && st == PS_OK; at += block) {
        size_t n = span.to - at < block ? (size_t)(span.to - at) : block, m = 0;
        for (size_t k = 0; k < n_channels && st == PS_OK; k++) {
            if ((st = ps_reader_read(r, at, n, (unsigned)channels[k], x, err)) != PS_OK)
                break;
            ps_resampler_process(rs[k], x, n, y + k * max_out, &m);
        }
        for (size_t i = 0; i < m; i++)
            for (size_t k = 0; k < n_channels; k++)
                frames[i * n_channels + k] = y[k * max_out + i];
        if (st == PS_OK && m)
            st = ps_writer_write(w, written, frames, m, err);
        written += m;
        analysis_progress(progress, parg, (double)(at + n - span.from) / (double)len);
    }
    if (st == PS_OK && written != ps_resampler_out_len(rs[0]))
        st = ps_fail(err, PS_ERR_BUG, "resample: %llu outputs, expected %llu",
                     (unsigned long long)written, (unsigned long long)ps_resampler_out_len(rs[0]));
    if (st == PS_OK) {
        const char *names[PS_SIGMF_MAX_CHANNELS];
        for (size_t k = 0; k < n_channels; k++)
            names[k] = ps_reader_meta(r)->channel[channels[k]].name;
        char desc[256];
        snprintf(desc, sizeof desc, "resample_poly up %llu down %llu (kaiser 5)",
                 (unsigned long long)job->up, (unsigned long long)job->down);
        ps_sigmf_meta m;
        analysis_derived_meta(r, span, ps_reader_rate(r) * (double)job->up / (double)job->down,
                              names, (unsigned)n_channels, written, desc, &m);
        st = ps_writer_finish(w, &m, err);
        ps_sigmf_meta_clear(&m);
        w = NULL;
    }
out:
    ps_writer_abort(w);
    for (size_t k = 0; k < n_channels; k++)
        ps_resampler_destroy(rs[k]);
    free(x);
    free(y);
    free(frames);
    return st;
}

ps_status ps_run_envelope(ps_reader *r, const int *channels, size_t n_channels, ps_span span,
                          double out_rate_hz, const char *output, const char *datatype,
                          const ps_output_rules *rules, ps_progress_fn progress, void *parg, ps_error *err)
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
    uint64_t len = span.to - span.from;
    uint64_t bins = (uint64_t)ceil((double)len / ratio - 1e-9);
    size_t block = ps_block_frames();
    double *x = malloc(block * sizeof *x),
           *out = malloc((block + 2) * 2 * n_channels * sizeof *out);
    double *lo = malloc(n_channels * sizeof *lo), *hi = malloc(n_channels * sizeof *hi);
    ps_writer *w = NULL;
    if (!x || !out || !lo || !hi) {
        st = ps_fail(err, PS_ERR_NOMEM, "envelope: out of memory");
        goto out;
    }
    if ((st = ps_writer_create(&w, output, datatype, (unsigned)(2 * n_channels), rules, err)) !=
        PS_OK)
        goto out;
    /* bin b covers input [round(b·ratio), round((b+1)·ratio)) of the span */
    uint64_t b = 0, written = 0;
    size_t n_out = 0;
    uint64_t bin_end = (uint64_t)llround(ratio);
    for (size_t k = 0; k < n_channels; k++)
        lo[k] = INFINITY, hi[k] = -INFINITY;
    for (uint64_t at = 0; at < len && st == PS_OK; at += block) {
        size_t n = len - at < block ? (size_t)(len - at) : block;
        for (size_t k = 0; k < n_channels && st == PS_OK; k++) {
            st = ps_reader_read(r, span.from + at, n, (unsigned)channels[k], x + 0, err);
            if (st != PS_OK)
                break;
            /* per channel pass over the block, tracking bins (same boundaries for all) */
            uint64_t bb = b, be = bin_end;
            size_t no = n_out;
            double l = lo[k], h = hi[k];
            for (size_t i = 0; i < n; i++) {
                uint64_t idx = at + i;
                while (idx >= be) {
                    out[no * 2 * n_channels + 2 * k] = l;
                    out[no * 2 * n_channels + 2 * k + 1] = h;
                    no++;
                    bb++;
                    be = (uint64_t)llround((double)(bb + 1) * ratio);
                    l = INFINITY;
                    h = -INFINITY;
                }
                if (x[i] < l)
                    l = x[i];
                if (x[i] > h)
                    h = x[i];
            }
            lo[k] = l;
            hi[k] = h;
            if (k + 1 == n_channels) {
                b = bb;
                bin_end = be;
                n_out = no;
            }
        }
        if (st == PS_OK && n_out) {
            st = ps_writer_write(w, written, out, n_out, err);
            written += n_out;
            n_out = 0;
        }
        analysis_progress(progress, parg, (double)(at + n) / (double)len);
    }
    if (st == PS_OK && written < bins) { /* the last, partial bin */
        for (size_t k = 0; k < n_channels; k++) {
            out[2 * k] = lo[k];
            out[2 * k + 1] = hi[k];
        }
        st = ps_writer_write(w, written, out, 1, err);
        written++;
    }
    if (st == PS_OK) {
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
        ps_sigmf_meta m;
        analysis_derived_meta(r, span, ps_reader_rate(r) / ratio, names, (unsigned)(2 * n_channels),
                              written, desc, &m);
        st = ps_writer_finish(w, &m, err);
        ps_sigmf_meta_clear(&m);
        w = NULL;
    }
out:
    ps_writer_abort(w);
    free(x);
    free(out);
    free(lo);
    free(hi);
    return st;
}
