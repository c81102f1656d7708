/* The report's one pass (report_pass.c) and its page (report_html.c). */
#ifndef PICOSTREAM_REPORT_INT_H
#define PICOSTREAM_REPORT_INT_H

#include "../analysis/analysis_int.h"
#include "../plot/plot_int.h"
#include "picostream/report.h"

#define REPORT_WIDTH 1200

struct report_channel {
    int index;
    ps_stats stats;
    double *psd;        /* n_freq values, when the recording allows a PSD */
    ps_event *events;   /* the first max_listed, in start order */
    size_t n_listed;
    uint64_t n_events;
    uint64_t full_scale; /* samples at the ADC's full scale (clipped), integer recordings */
    bool has_clip;       /* an integer recording: its full-scale values are known */
    double clip_hi, clip_lo;
    ps_events_config rules;
};

struct report_data {
    ps_reader *r;
    size_t n_ch;
    ps_span span;
    ps_span read;   /* what the pass reads: span, or a piece of it (to 0: all of span) */
    bool piece;     /* a piece's pass: statistics, over-range and the overview only */
    size_t max_listed;
    struct report_channel c[PS_SIGMF_MAX_CHANNELS];
    double *freq;
    size_t n_freq, nperseg; /* n_freq 0: no gap-free stretch long enough for a PSD */
    struct plot_col *cols;  /* n_ch × plot_waveform_columns(REPORT_WIDTH) */
    uint64_t n_gaps, lost;  /* inside the span */
    double pass_s;          /* how long the one read took */
};

/* The gaps inside d->span into d->n_gaps and d->lost, and the PSD's segment length from the
 * longest gap-free stretch into d->nperseg (0: none long enough). */
void report_gaps(struct report_data *d, const ps_report_config *cfg);

/* Rules for channel c: the given ones, or near full scale (none for float recordings). */
void report_rules(const ps_sigmf_channel *c, const ps_report_config *cfg, ps_events_config *ev);

/* Reads the span once, feeding every part; d->r, n_ch, span, max_listed and each channel's
 * index and rules are set by the caller. */
ps_status report_pass(struct report_data *d, const ps_report_config *cfg, ps_progress_fn progress,
                      void *parg, ps_error *err);
void report_free(struct report_data *d);

/* The page, to f. */
ps_status report_html(const struct report_data *d, const ps_report_config *cfg, FILE *f,
                      ps_error *err);

#endif
