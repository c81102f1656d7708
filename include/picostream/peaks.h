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

/* What a ps_peak_finder hands out: the stages of find_peaks that stream. */
typedef enum ps_peak_stage {
    /* local maxima (plateau midpoints) that pass plateau_size, height and threshold, in index
     * order; prominence and bases unset */
    PS_PEAKS_CANDIDATES,
    /* … with left_base and prominence = value − the lowest sample back to the nearest
     * strictly higher one: an upper bound the right side may lower (the final prominence is
     * the smaller of the two sides'); a peak that cannot reach cfg's prominence minimum is
     * dropped here. In index order. */
    PS_PEAKS_LEFT,
    /* … with both bases and the final prominence, each handed out once its right walk ends
     * (not in index order; at the latest at finish); cfg's prominence is applied unless
     * distance is set (SciPy selects by distance first). Memory grows with the peaks whose
     * walk is still going. */
    PS_PEAKS_PROMINENCE
} ps_peak_stage;

/* find_peaks's streaming stages as an object: create, feed blocks of samples in order,
 * finish. No file I/O: the same object runs over recordings, live capture data and arrays,
 * and any split into blocks gives the same peaks. One thread at a time per finder. Widths,
 * wlen and distance need random access or the whole list and are left to the caller
 * (ps_find_peaks does them). */
typedef struct ps_peak_finder ps_peak_finder;
/* cfg is copied (its tmp_dir is not used). */
PS_API ps_status ps_peak_finder_create(ps_peak_finder **out, const ps_peaks_config *cfg,
                                       ps_peak_stage stage, ps_error *err);
/* Feeds x[0 … n) as samples index … index + n − 1; peaks carry these indices. A block that
 * does not start where the last one ended is after a gap: the finder finishes first and
 * starts afresh. Fails with PS_ERR_IO if fn returns non-zero, PS_ERR_NOMEM when out of
 * memory. */
PS_API ps_status ps_peak_finder_process(ps_peak_finder *f, uint64_t index, const double *x,
                                        size_t n, ps_peak_fn fn, void *arg, ps_error *err);
/* The end of the data (or of a gap-free stretch): a plateau reaching the last sample is no
 * peak; walks still going end here. The next sample starts afresh. */
PS_API ps_status ps_peak_finder_finish(ps_peak_finder *f, ps_peak_fn fn, void *arg,
                                       ps_error *err);
PS_API void ps_peak_finder_destroy(ps_peak_finder *f); /* NULL is fine */

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
