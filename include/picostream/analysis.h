/* Out-of-core analysis of recordings: each job streams over the file in blocks
 * (ps_block_frames), works per channel in volts, and keeps memory bounded by the block size. */
#ifndef PICOSTREAM_ANALYSIS_H
#define PICOSTREAM_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "picostream/dsp.h"
#include "picostream/reader.h"
#include "picostream/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called now and then with the fraction done (on the calling thread); may be NULL. Returns 0
 * to go on, non-zero to cancel: the job then stops soon after with PS_ERR_CANCELLED, and
 * leaves no output file behind (as after any failure). */
typedef int (*ps_progress_fn)(void *arg, double fraction);

/* stats: one call of fn per channel and window (window 0 = the whole span); gaps and lost say
 * how many gaps lie inside the window and how many samples they lost (a window straddling a
 * gap holds samples from both sides of it). */
typedef void (*ps_stats_fn)(void *arg, unsigned channel, uint64_t start, uint64_t gaps,
                            uint64_t lost, const ps_stats *s);
PS_API ps_status ps_run_stats(ps_reader *r, const int *channels, size_t n_channels, ps_span span,
                              uint64_t window, ps_stats_fn fn, void *arg, ps_progress_fn progress,
                              void *parg, ps_error *err);

typedef struct ps_filter_job {
    ps_btype btype;
    double f1_hz, f2_hz;
    unsigned order;
    bool causal;          /* sosfilt with zero state; else sosfiltfilt (odd padding) */
    const char *output;   /* recording name */
    const char *datatype; /* rf32_le or rf64_le */
    const ps_output_rules *rules; /* for the output recording; NULL: refuse any existing file */
    unsigned threads;     /* zero-phase: threads to use; 0 = one per online core */
    /* a piece (to > 0): the output holds only these samples of the result over the span,
     * each from a warm-up margin the filter forgets within rounding (pieces concatenate to
     * the whole within 1e-9 of it); PS_ERR_ARG for a filter that forgets too slowly */
    ps_span piece;
} ps_filter_job;
PS_API ps_status ps_run_filter(ps_reader *r, const int *channels, size_t n_channels, ps_span span,
                               const ps_filter_job *job, ps_progress_fn progress, void *parg,
                               ps_error *err);

/* psd: the one-sided frequencies and one PSD per channel, into caller arrays; *n_freq: in, their
 * capacity (nperseg / 2 + 1 is enough; fewer is PS_ERR_ARG); out, the frequencies written. */
PS_API ps_status ps_run_psd(ps_reader *r, const int *channels, size_t n_channels, ps_span span,
                            const ps_welch_config *cfg, double *freq, double **psd, size_t *n_freq,
                            ps_progress_fn progress, void *parg, ps_error *err);

typedef struct ps_resample_job {
    uint64_t up, down;
    const char *output;
    const char *datatype;
    const ps_output_rules *rules; /* for the output recording; NULL: refuse any existing file */
    /* a piece (to > 0): the output holds only the outputs of these samples of the span (those
     * at m·down/up inside it): exactly those of the whole run, so pieces concatenate to it */
    ps_span piece;
} ps_resample_job;
PS_API ps_status ps_run_resample(ps_reader *r, const int *channels, size_t n_channels, ps_span span,
                                 const ps_resample_job *job, ps_progress_fn progress, void *parg,
                                 ps_error *err);

/* envelope: min and max of each output bin (bins of rate/out_rate input samples), two channels
 * NAME_min, NAME_max per input channel. */
PS_API ps_status ps_run_envelope(ps_reader *r, const int *channels, size_t n_channels, ps_span span,
                                 double out_rate_hz, const char *output, const char *datatype,
                                 const ps_output_rules *rules, ps_progress_fn progress, void *parg,
                                 ps_error *err);

/* xcorr of channel ca of ra (span sa) with channel cb of rb (span sb), lags lo…hi. */
PS_API ps_status ps_run_xcorr(ps_reader *ra, int ca, ps_span sa, ps_reader *rb, int cb, ps_span sb,
                              int64_t lo, int64_t hi, double *out, ps_progress_fn progress,
                              void *parg, ps_error *err);

#ifdef __cplusplus
}
#endif
#endif
