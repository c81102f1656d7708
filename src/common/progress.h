/* The progress callback every long-running library call takes (ps_progress_fn), checked in one
 * way: a non-zero answer cancels. Shared by analysis, format, plot and report. */
#ifndef PICOSTREAM_PROGRESS_H
#define PICOSTREAM_PROGRESS_H

#include "picostream/analysis.h"
#include "picostream/status.h"

/* Reports progress; PS_ERR_CANCELLED (in err) when the caller's fn asks to stop. */
static inline ps_status common_progress(ps_progress_fn fn, void *arg, double done, ps_error *err)
{
    if (fn && fn(arg, done) != 0)
        return ps_fail(err, PS_ERR_CANCELLED, "cancelled");
    return PS_OK;
}

#endif
