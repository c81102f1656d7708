/* What the analysis jobs share. */
#ifndef PICOSTREAM_ANALYSIS_INT_H
#define PICOSTREAM_ANALYSIS_INT_H

#include "picostream/analysis.h"
#include "picostream/peaks.h"
#include "../common/progress.h"

/* Checks the span and channel list against the recording. */
ps_status analysis_check(ps_reader *r, const int *channels, size_t n_channels, ps_span span,
                         ps_error *err);

/* ps_run_xcorr's sums over the terms of a's samples at offsets [only.from, only.to) of sa
 * only: shares of disjoint ranges add up to the whole. */
ps_status xcorr_share(ps_reader *ra, int ca, ps_span sa, ps_reader *rb, int cb, ps_span sb,
                      int64_t lo, int64_t hi, ps_span only, double *out,
                      ps_progress_fn progress, void *parg, ps_error *err);

/* The meta of the resampled outputs of span (a piece's or the whole's): frames outputs. */
void resample_meta(ps_reader *r, ps_span span, const ps_resample_job *job,
                   const char *const *names, size_t n_channels, uint64_t frames,
                   ps_sigmf_meta *m);
/* How many outputs the samples of span make (their parts of each stretch). */
uint64_t resample_span_len(ps_reader *r, ps_span span, const ps_resample_job *job);

/* envelope of span, or with piece.to > 0 only the bins starting inside piece (the whole run's
 * bins, so pieces concatenate to it). */
ps_status envelope_run(ps_reader *r, const int *channels, size_t n_channels, ps_span span,
                       ps_span piece, double out_rate_hz, const char *output,
                       const char *datatype, const ps_output_rules *rules,
                       ps_progress_fn progress, void *parg, ps_error *err);
/* The meta of the envelope bins of span (a piece's or the whole's): frames bins. */
void envelope_meta(ps_reader *r, ps_span span, double ratio, const int *channels,
                   size_t n_channels, uint64_t frames, ps_sigmf_meta *m);
/* How many bins the samples of span make (their parts of each stretch). */
uint64_t envelope_span_len(ps_reader *r, ps_span span, double ratio);

/* The gaps inside span (boundaries between its gap-free stretches) and the samples they lost. */
void analysis_gaps(ps_reader *r, ps_span span, uint64_t *gaps, uint64_t *lost);

/* How many output samples a job makes from a gap-free input stretch of n samples. */
struct analysis_out {
    uint64_t (*len)(const void *ctx, uint64_t n);
    const void *ctx;
    /* or, when the output of a stretch's part depends on where it lies (a resampled piece):
     * the outputs of source samples part (inside one gap-free stretch) */
    uint64_t (*len_part)(const void *ctx, ps_span part);
};
uint64_t analysis_same_len(const void *ctx, uint64_t n); /* filter: one for one */

/* The meta of a derived float recording: rate, channels (volts: scale 1, offset 0) named from
 * the source, its hardware, a description of what was done, and the source's gaps as capture
 * segments placed where o says each gap-free stretch's output begins. */
void analysis_derived_meta(ps_reader *r, ps_span span, double rate_hz, const char *const *names,
                           unsigned n_channels, uint64_t frames, const char *description,
                           const struct analysis_out *o, ps_sigmf_meta *m);

/* Runs fn on each gap-free stretch of span in order (a job's state starts afresh at every
 * gap), its progress scaled into the whole span's; stops at the first failure. */
typedef ps_status (*analysis_stretch_fn)(void *ctx, ps_span stretch, ps_progress_fn progress,
                                         void *parg);
ps_status analysis_each_stretch(ps_reader *r, ps_span span, analysis_stretch_fn fn, void *ctx,
                                ps_progress_fn progress, void *parg);

/* All of bytes at offset off of fd (temporary files); -1 on failure. */
int analysis_pwrite_all(int fd, uint64_t off, const void *buf, size_t bytes);
int analysis_pread_all(int fd, uint64_t off, void *buf, size_t bytes);

/* find_peaks over span (inside one gap-free stretch) as if it were all there is, widths'
 * interpolated positions counted from origin ≤ span.from (where the stretch's run starts). */
ps_status peaks_window(ps_reader *r, int ch, ps_span span, uint64_t origin,
                       const ps_peaks_config *cfg, ps_peak_fn fn, void *arg, uint64_t *n_out,
                       ps_progress_fn progress, void *parg, ps_error *err);
/* find_peaks's condition test (closed interval). */
bool peaks_cond_in(const ps_cond *c, double v);
/* _select_by_peak_distance over p[0 … *n) in index order (one gap-free stretch): highest
 * first in NumPy's argsort order, each kept peak removing its close neighbours; *n shrinks. */
ps_status peaks_by_distance(ps_peak *p, size_t *n, double distance, ps_error *err);

/* One channel slot k's work, through reader r (the thread's own) with a scratch x of block
 * frames; progress is this channel's (fraction 0…1), NULL on threads that do not report. */
typedef ps_status (*analysis_channel_fn)(void *ctx, ps_reader *r, size_t k, double *x,
                                         size_t block, ps_progress_fn progress, void *parg,
                                         ps_error *err);
/* Runs fn for k = 0 … n − 1, the slots dealt to one thread per core (at most n, 16); every
 * thread but the caller's opens the recording again. The first failure is returned (each
 * slot runs to its end or its own failure). */
ps_status analysis_channel_threads(ps_reader *r, size_t n, analysis_channel_fn fn, void *ctx,
                                   ps_progress_fn progress, void *parg, ps_error *err);

#endif
