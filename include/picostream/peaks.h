/* scipy.signal.find_peaks over a recording's channel, and event rules applied after the fact. */
#ifndef PICOSTREAM_PEAKS_H
#define PICOSTREAM_PEAKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "picostream/analysis.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A closed interval condition [min, max]; either bound may be absent. */
typedef struct ps_cond {
    bool set, has_min, has_max;
    double min, max;
} ps_cond;

typedef struct ps_peaks_config {
    ps_cond height, threshold, prominence, width, plateau_size; /* volts; samples */
    bool distance_set;
    double distance; /* samples, ≥ 1 (ceil taken, as SciPy) */
    bool wlen_set;
    double wlen;       /* samples, > 1 (ceil taken) */
    double rel_height; /* 0.5 */
    const char *tmp_dir; /* where the backward pass spills candidates; NULL: /tmp */
} ps_peaks_config;

/* One peak and its properties; indices are of the recording (span.from added). */
typedef struct ps_peak {
    uint64_t index;
    double value;
    uint64_t plateau_size, left_edge, right_edge;
    double left_threshold, right_threshold;
    double prominence;
    uint64_t left_base, right_base;
    double width, width_height, left_ip, right_ip;
} ps_peak;

/* Receives each peak, in index order; returns 0, or non-zero to stop (say, a write failed). */
typedef int (*ps_peak_fn)(void *arg, const ps_peak *peak);

/* Finds the peaks of channel ch in span with find_peaks's semantics and defaults (same
 * evaluation order, closed intervals, distance keeping the higher peak with NumPy's tie order,
 * prominence bases and interpolated widths) and hands each to fn as soon as it is final.
 * Streams the file in bounded memory, except with distance, whose global order needs every
 * candidate that passed plateau/height/threshold in memory. *n the number of peaks. */
PS_API ps_status ps_find_peaks(ps_reader *r, int ch, ps_span span, const ps_peaks_config *cfg,
                               ps_peak_fn fn, void *arg, uint64_t *n, ps_progress_fn progress,
                               void *parg, ps_error *err);

#ifdef __cplusplus
}
#endif
#endif
