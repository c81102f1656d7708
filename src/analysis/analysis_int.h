/* What the analysis jobs share. */
#ifndef PICOSTREAM_ANALYSIS_INT_H
#define PICOSTREAM_ANALYSIS_INT_H

#include "picostream/analysis.h"

/* Checks the span and channel list against the recording. */
ps_status analysis_check(ps_reader *r, const int *channels, size_t n_channels, ps_span span,
                         ps_error *err);

/* The meta of a derived float recording: rate, channels (volts: scale 1, offset 0) named from
 * the source, its hardware and a description of what was done. */
void analysis_derived_meta(ps_reader *r, ps_span span, double rate_hz, const char *const *names,
                           unsigned n_channels, uint64_t frames, const char *description,
                           ps_sigmf_meta *m);

static inline void analysis_progress(ps_progress_fn fn, void *arg, double done)
{
    if (fn)
        fn(arg, done);
}

#endif
