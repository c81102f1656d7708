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

ps_status ps_run_stats(ps_reader *r, const int *channels, size_t n_channels, ps_span span,
                       uint64_t window, ps_stats_fn fn, void *arg, ps_progress_fn progress,
                       void *parg, ps_error *err)
{
    ps_status st = analysis_check(r, channels, n_channels, span, err);
    if (st != PS_OK)
        return st;
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
        /* blocks never cross a gap: the same blocks as every pass over the stretches, so the
         * sums (and their rounding) equal report's; every channel of a block read at once */
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
            st = analysis_progress(progress, parg, (double)(w1 - span.from) / (double)total, err);
    }
    free(x);
    free(s);
    return st;
}
