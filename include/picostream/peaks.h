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

/* Finds the peaks of channel ch in span with find_peaks's semantics and defaults (same
 * evaluation order, closed intervals, distance keeping the higher peak with NumPy's tie order,
 * prominence bases and interpolated widths). Streams the file; memory grows with the number of
 * candidate peaks that pass plateau/height/threshold, not with the length. *out is malloc'd
 * (free it); *n its length. */
PS_API ps_status ps_find_peaks(ps_reader *r, int ch, ps_span span, const ps_peaks_config *cfg,
                               ps_peak **out, size_t *n, ps_progress_fn progress, void *parg,
                               ps_error *err);

#ifdef __cplusplus
}
#endif
#endif
