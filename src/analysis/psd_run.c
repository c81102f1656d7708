/* psd: Welch per channel over a span. */
#include <stdlib.h>
#include <string.h>

#include "analysis_int.h"

ps_status ps_run_psd(ps_reader *r, const int *channels, size_t n_channels, ps_span span,
                     const ps_welch_config *cfg, double *freq, double **psd, size_t *n_freq,
                     ps_progress_fn progress, void *parg, ps_error *err)
{
    ps_status st = analysis_check(r, channels, n_channels, span, err);
    if (st != PS_OK)
        return st;
    uint64_t len = span.to - span.from, longest = 0;
    if (cfg->nperseg > len)
        return ps_fail(err, PS_ERR_ARG, "nperseg %zu is longer than the signal (%llu samples)",
                       cfg->nperseg, (unsigned long long)len);
    for (uint64_t at = span.from; at < span.to;) {
        ps_span seg = ps_reader_segment(r, at, span.to);
        longest = seg.to - seg.from > longest ? seg.to - seg.from : longest;
        at = seg.to;
    }
    if (cfg->nperseg > longest)
        return ps_fail(err, PS_ERR_ARG,
                       "nperseg %zu is longer than every gap-free stretch of the selection (the "
                       "longest has %llu samples): no segment fits between the gaps",
                       cfg->nperseg, (unsigned long long)longest);
    size_t block = ps_block_frames();
    double *x = malloc(block * sizeof *x);
    if (!x)
        return ps_fail(err, PS_ERR_NOMEM, "psd: out of memory");
    for (size_t k = 0; k < n_channels && st == PS_OK; k++) {
        ps_welch *w;
        if ((st = ps_welch_create(&w, cfg, err)) != PS_OK)
            break;
        *n_freq = ps_welch_n_freq(w);
        /* Welch segments never straddle a gap: the average is over every segment that lies
         * inside one gap-free stretch */
        for (uint64_t at = span.from, seg_end = span.from; at < span.to && st == PS_OK;) {
            if (at == seg_end) {
                seg_end = ps_reader_segment(r, at, span.to).to;
                ps_welch_restart(w);
            }
            size_t n = seg_end - at < block ? (size_t)(seg_end - at) : block;
            st = ps_reader_read(r, at, n, (unsigned)channels[k], x, err);
            if (st == PS_OK)
                st = ps_welch_feed(w, x, n, err);
            at += n;
            analysis_progress(progress, parg,
                              ((double)k + (double)(at - span.from) / (double)len) /
                                  (double)n_channels);
        }
        if (st == PS_OK)
            st = ps_welch_result(w, freq, psd[k], err);
        ps_welch_destroy(w);
    }
    free(x);
    return st;
}
