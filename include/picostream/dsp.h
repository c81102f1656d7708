/* Streaming DSP blocks with SciPy's semantics (scipy.signal): state carries across blocks, so
 * any block sizes give the one-pass result. All arithmetic is double. */
#ifndef PICOSTREAM_DSP_H
#define PICOSTREAM_DSP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "picostream/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- butter.c: scipy.signal.butter(order, Wn, btype, fs=fs, output='sos') ---- */
typedef enum ps_btype { PS_LOWPASS, PS_HIGHPASS, PS_BANDPASS, PS_BANDSTOP } ps_btype;

/* Designs the filter into sos[6 × n] rows [b0 b1 b2 a0 a1 a2]; f2_hz is used for band types.
 * cap: rows available (order for low/high-pass, 2 × order for bands needs order rows). */
PS_API ps_status ps_butter_sos(unsigned order, double f1_hz, double f2_hz, ps_btype btype,
                               double fs_hz, double *sos, size_t cap, size_t *n_sections,
                               ps_error *err);

/* ---- sosfilt.c: scipy.signal.sosfilt, sosfilt_zi ---- */
typedef struct ps_sosfilt ps_sosfilt;
PS_API ps_status ps_sosfilt_create(ps_sosfilt **out, const double *sos, size_t n_sections,
                                   ps_error *err);
/* Filters n samples; y may equal x. State carries into the next call. Never fails. */
PS_API void ps_sosfilt_process(ps_sosfilt *f, const double *x, double *y, size_t n);
/* Filters n interleaved frames of n_ch channels in place, f[c] for channel c: the channels'
 * recursions interleave, so the CPU overlaps them. */
PS_API void ps_sosfilt_process_frames(ps_sosfilt *const *f, size_t n_ch, double *frames, size_t n);
/* The same, visiting the frames from the last to the first (sosfiltfilt's backward pass). */
PS_API void ps_sosfilt_process_frames_reverse(ps_sosfilt *const *f, size_t n_ch, double *frames,
                                              size_t n);
/* Sets the state to sosfilt_zi(sos) × x0: the steady state for a constant input x0. */
PS_API void ps_sosfilt_set_steady(ps_sosfilt *f, double x0);
PS_API void ps_sosfilt_reset(ps_sosfilt *f); /* zero state, coefficients kept */
PS_API void ps_sosfilt_destroy(ps_sosfilt *f);
/* sosfiltfilt's default padlen: 3 × (2·sections + 1 − min(#b2==0, #a2==0)). */
PS_API size_t ps_sosfiltfilt_padlen(const double *sos, size_t n_sections);

/* ---- window.c: scipy.signal.get_window(name, n) (periodic, fftbins=True) ---- */
/* hann, hamming, blackman, boxcar, bartlett, flattop */
PS_API ps_status ps_window(const char *name, size_t n, double *w, ps_error *err);

/* ---- welch.c: scipy.signal.welch ---- */
typedef enum ps_detrend { PS_DETREND_CONSTANT, PS_DETREND_LINEAR, PS_DETREND_NONE } ps_detrend;
typedef struct ps_welch_config {
    double fs_hz;
    const char *window; /* "hann" */
    size_t nperseg;     /* 256 */
    size_t noverlap;    /* nperseg / 2 */
    bool noverlap_set;
    ps_detrend detrend;
    bool density;        /* true: V²/Hz ('density'); false: V² ('spectrum') */
    bool median;         /* average='median' */
    const char *tmp_dir; /* median keeps each segment's periodogram in a temp file here */
} ps_welch_config;
typedef struct ps_welch ps_welch;
PS_API ps_status ps_welch_create(ps_welch **out, const ps_welch_config *cfg, ps_error *err);
/* Feeds n samples (any block sizes); segments are cut as welch does, trailing ones dropped. */
PS_API ps_status ps_welch_feed(ps_welch *w, const double *x, size_t n, ps_error *err);
/* At a gap: the samples since the last whole segment are dropped and the next segment starts
 * with the next sample fed, so no segment straddles the gap (the sums go on). */
PS_API void ps_welch_restart(ps_welch *w);
/* Number of one-sided frequencies (nfft/2 + 1). */
PS_API size_t ps_welch_n_freq(const ps_welch *w);
/* The PSD into psd[n_freq], frequencies into freq[n_freq] (may be NULL). Fails if no segment. */
PS_API ps_status ps_welch_result(ps_welch *w, double *freq, double *psd, ps_error *err);
/* average='mean' only: the sum of the segments' scaled periodograms into acc[n_freq]; returns
 * how many segments. Sums of pieces add up to the whole's. */
PS_API uint64_t ps_welch_sums(const ps_welch *w, double *acc);
/* The PSD and frequencies from such sums of k segments (what ps_welch_result gives). */
PS_API ps_status ps_welch_from_sums(const ps_welch_config *cfg, const double *acc, uint64_t k,
                                    double *freq, double *psd, ps_error *err);
PS_API void ps_welch_destroy(ps_welch *w);

/* ---- resample_poly.c: scipy.signal.resample_poly(x, up, down) (kaiser β=5, zero padding) ---- */
typedef struct ps_resampler ps_resampler;
PS_API ps_status ps_resampler_create(ps_resampler **out, uint64_t up, uint64_t down, uint64_t n_in,
                                     ps_error *err);
/* Output length ceil(n_in·up/down) after gcd reduction. */
PS_API uint64_t ps_resampler_out_len(const ps_resampler *r);
/* Feeds n input samples; writes the outputs now computable to y (capacity cap, which must be
 * at least ps_resampler_max_out(r, n)); *n_out says how many. After the last input sample has
 * been fed, the remaining outputs come out too. */
PS_API void ps_resampler_process(ps_resampler *r, const double *x, size_t n, double *y,
                                 size_t *n_out);
PS_API size_t ps_resampler_max_out(const ps_resampler *r, size_t n_in_block);
/* Before any input: only outputs m0 … m1 − 1 are wanted (a piece; the same values as in the
 * whole run). Returns the first input sample to feed; the ones before it are not needed. */
PS_API uint64_t ps_resampler_start(ps_resampler *r, uint64_t m0, uint64_t m1);
PS_API void ps_resampler_destroy(ps_resampler *r);
/* The FIR it uses (for tests): firwin(2·half+1, 1/max(up,down), ('kaiser', 5)) × up. */
PS_API size_t ps_resampler_taps(const ps_resampler *r, const double **h);

/* ---- stats.c: min, max, mean, RMS, std (ddof 0) with Welford's update ---- */
typedef struct ps_stats {
    uint64_t n;
    double min, max, mean, m2, sumsq;
} ps_stats;
PS_API void ps_stats_reset(ps_stats *s);
PS_API void ps_stats_feed(ps_stats *s, const double *x, size_t n);
/* Adds b's samples to s (Chan et al.): in any order, equal to one pass within rounding. */
PS_API void ps_stats_merge(ps_stats *s, const ps_stats *b);
PS_API double ps_stats_rms(const ps_stats *s);
PS_API double ps_stats_std(const ps_stats *s);

/* ---- envelope.c: min and max per bin of `ratio` samples (the overview of a recording) ----
 * Bin b covers grid positions [round(b·ratio), round((b+1)·ratio)); restart places the next
 * sample on the grid (0 for a derived recording's stretch, a device index for a plot column),
 * so a gap never shares a bin. One object per channel; not thread-safe. */
typedef struct ps_envelope ps_envelope;
typedef struct ps_envelope_bin {
    uint64_t bin;  /* its index on the grid */
    double lo, hi; /* over the samples fed into it (NaN skipped; ±inf if all were NaN) */
} ps_envelope_bin;
PS_API ps_status ps_envelope_create(ps_envelope **out, double ratio, ps_error *err);
PS_API void ps_envelope_restart(ps_envelope *e, uint64_t position); /* drops an open bin */
/* Feeds n samples; writes each bin completed to out (capacity ps_envelope_max_out(e, n)) and
 * returns how many. */
PS_API size_t ps_envelope_process(ps_envelope *e, const double *x, size_t n,
                                  ps_envelope_bin *out);
PS_API size_t ps_envelope_max_out(const ps_envelope *e, size_t n);
/* The open bin, if any (returns 0 or 1); the next sample starts a new bin at the same place. */
PS_API size_t ps_envelope_finish(ps_envelope *e, ps_envelope_bin *out);
/* The first bin (of `ratio` samples, on the grid from 0) that starts at or after position. */
PS_API uint64_t ps_envelope_bin_from(double ratio, uint64_t position);
/* Bins a stretch of n samples from position 0 makes: ceil(n / ratio). */
PS_API uint64_t ps_envelope_bins(double ratio, uint64_t n);
PS_API void ps_envelope_destroy(ps_envelope *e);

/* ---- xcorr.c: scipy.signal.correlate(a, b, 'full') restricted to lags [lag_lo, lag_hi] ---- */
typedef struct ps_xcorr ps_xcorr;
/* z(τ) = Σ_l a[l]·b[l−τ]; n_a, n_b the lengths; lags outside −(n_b−1)…n_a−1 are refused. */
PS_API ps_status ps_xcorr_create(ps_xcorr **out, uint64_t n_a, uint64_t n_b, int64_t lag_lo,
                                 int64_t lag_hi, ps_error *err);
/* The block length of a the caller feeds, and how much of b each block needs. */
PS_API size_t ps_xcorr_block(const ps_xcorr *x);
/* Feeds a[s … s+n) with b[s − lag_hi … s + n − lag_lo) (zeros where out of range given as
 * zeros by the caller); n ≤ ps_xcorr_block. */
PS_API void ps_xcorr_feed(ps_xcorr *x, const double *a, size_t n, const double *b_seg);
/* z for lags lag_lo … lag_hi into out[lag_hi − lag_lo + 1]. */
PS_API void ps_xcorr_result(const ps_xcorr *x, double *out);
PS_API void ps_xcorr_destroy(ps_xcorr *x);

#ifdef __cplusplus
}
#endif
#endif
