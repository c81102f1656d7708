/* Splitting an analysis over pieces of a recording: each piece's partial result (a small JSON
 * text) merges, in any order, into what the whole-recording analysis gives. For running on
 * many machines (Slurm job arrays, Dask); the README's "Running at scale" documents the file. */
#ifndef PICOSTREAM_PARTIAL_H
#define PICOSTREAM_PARTIAL_H

#include <stddef.h>
#include <stdint.h>

#include "picostream/analysis.h"
#include "picostream/events.h"
#include "picostream/peaks.h"
#include "picostream/sigmf.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ps_partial_kind {
    PS_PARTIAL_STATS,
    PS_PARTIAL_PSD,
    PS_PARTIAL_XCORR,
    PS_PARTIAL_EVENTS,
    PS_PARTIAL_PEAKS,   /* find_peaks of channels[0] */
    PS_PARTIAL_FILTER,  /* a piece of a filtered recording: ps_partial_filter, ps_partial_concat */
    PS_PARTIAL_RESAMPLE, /* … of a resampled one: ps_partial_resample, ps_partial_concat */
    PS_PARTIAL_ENVELOPE, /* … of an envelope: ps_partial_envelope, ps_partial_concat */
    PS_PARTIAL_OVERVIEW, /* … of the overview pyramid: ps_partial_overview, ps_partial_concat */
    PS_PARTIAL_REPORT    /* … of a report: ps_partial_report (report.h), ps_partial_concat */
} ps_partial_kind;

/* What each analysis takes besides its channels. */
typedef struct ps_partial_params {
    const ps_welch_config *welch; /* psd (average 'mean') */
    uint64_t max_lag; /* xcorr of channels[0] with channels[1]: lags −max_lag … max_lag, as
                         ps_run_xcorr over the whole recording (clamped to its length) */
    const ps_events_config *events; /* events of channels[0] */
    uint64_t overlap; /* events: samples past the piece's end (and checked after its start)
                         within which the finders of neighbouring pieces must come to agree;
                         0: 2^20 */
    const ps_peaks_config *peaks; /* peaks of channels[0] (its tmp_dir used for the piece) */
} ps_partial_params;

/* The i-th of `pieces` near-equal ranges of [0, frames) (i < pieces ≤ frames). */
PS_API ps_span ps_plan_piece(uint64_t frames, uint64_t pieces, uint64_t i);

/* The analysis of channels over piece (a range of the whole recording) as JSON text into
 * *json (malloc'd; ps_partial_free). stats: the piece's samples. psd: the segments whose first
 * sample lies in the piece, on the whole recording's grid (segments start at each gap-free
 * stretch's first sample, every nperseg − noverlap), read past the piece's end as far as its
 * last segment needs. xcorr: the terms a[l]·b[l−τ] whose l lies in the piece (b read up to
 * max_lag beyond it). events: the piece's events, found from its first sample on by a fresh
 * finder that runs on `overlap` samples past its end, with the finder's state every 4096
 * samples after the piece's start and after its end; merge takes each stretch of events from
 * a piece whose finder agrees with its neighbour's, so nothing at a boundary is lost or found
 * twice. peaks: the peaks whose index lies in the piece, each with the properties the whole
 * recording gives it: the piece reads past its edges as far as a plateau, a prominence walk
 * (to the nearest higher sample, within wlen) or a width needs (for a long monotone stretch,
 * up to the stretch's edge); with distance, every candidate with its prominence and width,
 * selected at the merge. Any thread, one reader per thread. */
PS_API ps_status ps_partial_run(ps_reader *r, ps_partial_kind kind, const int *channels,
                                size_t n_channels, ps_span piece, const ps_partial_params *params,
                                char **json, ps_error *err);

/* filter's piece: job (with job->piece ignored, the piece given here) writes the recording
 * job->output holding samples piece of the whole recording filtered (each from a warm-up
 * margin the filter forgets, so the pieces concatenate to the whole within 1e-9), and *json
 * (ps_partial_free) says what ps_partial_concat needs: that recording's name as given, so the
 * concatenation runs where it resolves. */
PS_API ps_status ps_partial_filter(ps_reader *r, const int *channels, size_t n_channels,
                                   ps_span piece, const ps_filter_job *job, char **json,
                                   ps_error *err);

/* resample's piece, as ps_partial_filter: job->output holds the outputs of samples piece (those
 * at m·down/up inside it), exactly those of the whole run. */
PS_API ps_status ps_partial_resample(ps_reader *r, const int *channels, size_t n_channels,
                                     ps_span piece, const ps_resample_job *job, char **json,
                                     ps_error *err);

/* envelope's piece (out_rate_hz bins per second, as ps_run_envelope): output holds the bins
 * that start inside piece, exactly those of the whole run. */
PS_API ps_status ps_partial_envelope(ps_reader *r, const int *channels, size_t n_channels,
                                     ps_span piece, double out_rate_hz, const char *output,
                                     const char *datatype, const ps_output_rules *rules,
                                     char **json, ps_error *err);

/* The overview pyramid's piece: output.picostream-overview/ holds the bins of samples piece on
 * the whole recording's grid (the same layout, each level's file starting at bin piece.from >>
 * k; the first and last bins hold the piece's samples only, merged with the neighbours'). */
PS_API ps_status ps_partial_overview(ps_reader *r, ps_span piece, const char *output,
                                     char **json, ps_error *err);

/* Concatenates the pieces n filter (or resample, envelope) partials name into the recording `output`
 * (rules: as every output's), with the meta the whole-recording command writes: checked as
 * ps_partial_merge checks, and each piece's recording the length its piece makes. Overview
 * pieces (output NULL) become the recording's own overview, what ps_overview_build writes;
 * report pieces the page `output` (report.h). */
PS_API ps_status ps_partial_concat(const char *const *json, size_t n, const char *output,
                                   const ps_output_rules *rules, ps_error *err);

/* Frees a JSON text ps_partial_run made (for callers through an FFI). */
PS_API void ps_partial_free(char *json);

/* Which analysis a partial (JSON text) is of: how to combine it (merge, or concat for the
 * pieces of a recording: PS_PARTIAL_FILTER and after). PS_ERR_FORMAT if it is no partial. */
PS_API ps_status ps_partial_kind_of(const char *json, ps_partial_kind *kind, ps_error *err);

/* What merged partials give: the whole-recording result. */
typedef struct ps_merged {
    ps_partial_kind kind;
    char recording[4096]; /* the recording's meta path, as the partials name it */
    size_t n_channels;
    int channels[PS_SIGMF_MAX_CHANNELS];
    ps_span whole;                        /* the pieces together: the whole recording */
    uint64_t gaps, lost;                  /* inside it (from the recording's meta) */
    ps_stats stats[PS_SIGMF_MAX_CHANNELS]; /* stats */
    size_t n_freq;                        /* psd: */
    double *freq;                         /* [n_freq] */
    double *psd;                          /* [n_channels × n_freq] */
    int64_t lag_lo, lag_hi;               /* xcorr: */
    double *corr;                         /* [lag_hi − lag_lo + 1] */
    ps_events_config events_cfg;          /* events: the rules, */
    ps_event *events;                     /* [n_events], in start order */
    size_t n_events;
    ps_peaks_config peaks_cfg;            /* peaks: the conditions (tmp_dir NULL), */
    ps_peak *peaks;                       /* [n_peaks], in index order */
    size_t n_peaks;
} ps_merged;

/* Merges n partials (JSON texts) of one recording and one analysis. Fails naming what does
 * not fit: another recording or analysis or parameters, a piece missing or given twice, a
 * recording changed since, events whose neighbouring finders never agreed within the overlap
 * (pieces too short for the rules' memory). Opens the recording's meta (not its samples).
 * Clear *out after. */
PS_API ps_status ps_partial_merge(const char *const *json, size_t n, ps_merged *out,
                                  ps_error *err);
PS_API void ps_merged_clear(ps_merged *m);

#ifdef __cplusplus
}
#endif

#endif
