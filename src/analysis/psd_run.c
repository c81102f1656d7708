/* psd: Welch per channel over a span. */
#include <stdlib.h>
#include <string.h>

#include "analysis_int.h"

struct psd_share {
    const int *channels;
    ps_span span;
    ps_welch **w;
    double *freq, **psd;
};

/* Welch segments never straddle a gap: the average is over every segment inside a stretch.
 * One channel, on a thread of analysis_channel_threads. */
static ps_status psd_channel(void *ctx, ps_reader *r, size_t k, double *x, size_t block,
                             ps_progress_fn progress, void *parg, ps_error *err)
{
    struct psd_share *sh = ctx;
    ps_span span = sh->span;
    ps_status st = PS_OK;
    double len = (double)(span.to - span.from);
    for (uint64_t at = span.from, seg_end = span.from; at < span.to && st == PS_OK;) {
        if (at == seg_end) {
            seg_end = ps_reader_segment(r, at, span.to).to;
            ps_welch_restart(sh->w[k]);
        }
        size_t n = seg_end - at < block ? (size_t)(seg_end - at) : block;
        st = ps_reader_read(r, at, n, (unsigned)sh->channels[k], x, err);
        if (st == PS_OK)
            st = ps_welch_feed(sh->w[k], x, n, err);
        at += n;
        if (st == PS_OK)
            st = common_progress(progress, parg, (double)(at - span.from) / len, err);
    }
    if (st == PS_OK) /* the frequencies once, from the first channel's thread */
        st = ps_welch_result(sh->w[k], k == 0 ? sh->freq : NULL, sh->psd[k], err);
    return st;
}

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
    /* plans are made here, one thread: FFTW's planner is not thread-safe, its execution is */
    ps_welch *w[PS_SIGMF_MAX_CHANNELS] = {0};
    for (size_t k = 0; k < n_channels && st == PS_OK; k++)
        st = ps_welch_create(&w[k], cfg, err);
    if (st == PS_OK && *n_freq < ps_welch_n_freq(w[0])) /* the caller's arrays are too short */
        st = ps_fail(err, PS_ERR_ARG, "psd: arrays for %zu frequencies, %zu needed", *n_freq,
                     ps_welch_n_freq(w[0]));
    if (st == PS_OK)
        *n_freq = ps_welch_n_freq(w[0]);
    struct psd_share sh = {channels, span, w, freq, psd};
    if (st == PS_OK)
        st = analysis_channel_threads(r, n_channels, psd_channel, &sh, progress, parg, err);
    for (size_t k = 0; k < n_channels; k++)
        ps_welch_destroy(w[k]);
    return st;
}
