/* The morning-after report: one read of a recording computes per-channel statistics, the Welch
 * PSD, the overview envelope, the gap and over-range summary and the events of given or default
 * rules, and writes one self-contained HTML page (images embedded, no network). */
#ifndef PICOSTREAM_REPORT_H
#define PICOSTREAM_REPORT_H

#include "picostream/analysis.h"
#include "picostream/events.h"
#include "picostream/output.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ps_report_config {
    /* Rules applied to every selected channel. n_rules 0: per channel with a range, "near full
     * scale": above 98 % of the range and below −98 % (none for float recordings). */
    ps_events_config events;
    size_t nperseg;   /* Welch segment length; 0: 4096, or the longest gap-free stretch if shorter */
    const char *name; /* the recording as the user named it, for the commands the page shows */
    size_t max_listed; /* events and gaps listed per table (0: 200); the counts are complete */
} ps_report_config;

/* Writes the report of channels over span to html_path under rules (temporary name, then
 * renamed into place). The page embeds its figures as a JSON block (script id
 * "picostream-report") for scripts and tests. One thread; progress may be NULL. */
PS_API ps_status ps_report_write(ps_reader *r, const int *channels, size_t n_channels,
                                 ps_span span, const ps_report_config *cfg, const char *html_path,
                                 const ps_output_rules *rules, ps_progress_fn progress, void *parg,
                                 ps_error *err);

/* A piece of the report of channels over the whole recording, for a cluster: the statistics,
 * over-range counts and overview columns of samples piece, the Welch sums of the segments that
 * start in it (on the whole recording's grid) and its events (with the finders' checkpoints, as
 * ps_partial_run's events), as JSON text into *json (ps_partial_free). ps_partial_concat of
 * the pieces writes the page ps_report_write writes for the whole recording (the PSD and the
 * statistics equal to 1e-12, the rest exactly). Reads the piece once per part. */
PS_API ps_status ps_partial_report(ps_reader *r, const int *channels, size_t n_channels,
                                   ps_span piece, const ps_report_config *cfg, char **json,
                                   ps_error *err);

#ifdef __cplusplus
}
#endif
#endif
