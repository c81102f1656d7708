/* stats over a recording, whole or per window. */
#include <stdlib.h>

#include "analysis_int.h"

void analysis_gaps(ps_reader *r, ps_span span, uint64_t *gaps, uint64_t *lost)
{
    *gaps = *lost = 0;
    for (ps_span seg = ps_reader_segment(r, span.from, span.to); seg.to < span.to;) {
        (*gaps)++;
        *lost += ps_reader_lost_before(r, seg.to);
        seg = ps_reader_segment(r, seg.to, span.to);
    }
}

/* blocks never cross a gap: the same blocks as every pass over the stretches, so the sums
 * (and their rounding) equal report's */
struct stats_share {
    const int *channels;
    ps_span span;
    ps_stats *s;
};

/* One channel's statistics over the whole span, on a thread of analysis_channel_threads. */
static ps_status stats_channel(void *ctx, ps_reader *r, size_t k, double *x, size_t block,
                               ps_progress_fn progress, void *parg, ps_error *err)
{
    struct stats_share *sh = ctx;
    ps_status st = PS_OK;
    ps_stats_reset(&sh->s[k]);
    double len = (double)(sh->span.to - sh->span.from);
    for (uint64_t at = sh->span.from, end = at, n; at < sh->span.to && st == PS_OK; at += n) {
        if (at == end)
            end = ps_reader_segment(r, at, sh->span.to).to;
        n = end - at < block ? end - at : block;
        if ((st = ps_reader_read(r, at, (size_t)n, (unsigned)sh->channels[k], x, err)) == PS_OK)
            ps_stats_feed(&sh->s[k], x, (size_t)n);
        if (st == PS_OK && (at / block) % 64 == 0)
            st = common_progress(progress, parg, (double)(at + n - sh->span.from) / len, err);
    }
    return st;
}

ps_status ps_run_stats(ps_reader *r, const int *channels, size_t n_channels, ps_span span,
                       uint64_t window, ps_stats_fn fn, void *arg, ps_progress_fn progress,
                       void *parg, ps_error *err)
{
    ps_status st = analysis_check(r, channels, n_channels, span, err);
    if (st != PS_OK)
        return st;
    if (!window && n_channels > 1) { /* the whole span: channels on both cores */
        ps_stats s[PS_SIGMF_MAX_CHANNELS];
        struct stats_share sh = {channels, span, s};
        uint64_t gaps, lost;
        if (n_channels > PS_SIGMF_MAX_CHANNELS)
            return ps_fail(err, PS_ERR_ARG, "stats: at most %d channels", PS_SIGMF_MAX_CHANNELS);
        st = analysis_channel_threads(r, n_channels, stats_channel, &sh, progress, parg, err);
        analysis_gaps(r, span, &gaps, &lost);
        for (size_t k = 0; k < n_channels && st == PS_OK; k++)
            fn(arg, (unsigned)channels[k], 0, gaps, lost, &s[k]);
        return st;
    }
    size_t block = ps_reader_block_frames(r);
    double *x = malloc(block * sizeof *x);
    ps_stats *s = malloc(n_channels * sizeof *s);
    if (!x || !s) {
        free(x);
        free(s);
        return ps_fail(err, PS_ERR_NOMEM, "stats: out of memory");
    }
    uint64_t total = span.to - span.from;
    uint64_t win = window ? window : total;
    for (uint64_t w0 = span.from; w0 < span.to && st == PS_OK; w0 += win) {
        uint64_t w1 = w0 + win < span.to ? w0 + win : span.to, gaps, lost;
        analysis_gaps(r, (ps_span){w0, w1}, &gaps, &lost);
        for (size_t k = 0; k < n_channels; k++)
            ps_stats_reset(&s[k]);
        /* every channel of a block read at once */
        for (uint64_t at = w0, end = w0, n; at < w1 && st == PS_OK; at += n) {
            if (at == end)
                end = ps_reader_segment(r, at, w1).to;
            n = end - at < block ? end - at : block;
            for (size_t k = 0; k < n_channels && st == PS_OK; k++)
                if ((st = ps_reader_read(r, at, (size_t)n, (unsigned)channels[k], x, err)) ==
                    PS_OK)
                    ps_stats_feed(&s[k], x, (size_t)n);
        }
        for (size_t k = 0; k < n_channels && st == PS_OK; k++)
            fn(arg, (unsigned)channels[k], w0 - span.from, gaps, lost, &s[k]);
        if (st == PS_OK)
            st = common_progress(progress, parg, (double)(w1 - span.from) / (double)total, err);
    }
    free(x);
    free(s);
    return st;
}
