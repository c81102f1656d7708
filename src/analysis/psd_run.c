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
    uint64_t len = span.to - span.from;
    if (cfg->nperseg > len)
        return ps_fail(err, PS_ERR_ARG, "nperseg %zu is longer than the signal (%llu samples)",
                       cfg->nperseg, (unsigned long long)len);
    size_t block = ps_block_frames();
    double *x = malloc(block * sizeof *x);
    if (!x)
        return ps_fail(err, PS_ERR_NOMEM, "psd: out of memory");
    for (size_t k = 0; k < n_channels && st == PS_OK; k++) {
        ps_welch *w;
        if ((st = ps_welch_create(&w, cfg, err)) != PS_OK)
            break;
        *n_freq = ps_welch_n_freq(w);
        for (uint64_t at = span.from; at < span.to && st == PS_OK; at += block) {
            size_t n = span.to - at < block ? (size_t)(span.to - at) : block;
            st = ps_reader_read(r, at, n, (unsigned)channels[k], x, err);
            if (st == PS_OK)
                st = ps_welch_feed(w, x, n, err);
            analysis_progress(progress, parg,
                              ((double)k + (double)(at + n - span.from) / (double)len) /
                                  (double)n_channels);
        }
        if (st == PS_OK)
            st = ps_welch_result(w, freq, psd[k], err);
        ps_welch_destroy(w);
    }
    free(x);
    return st;
}
