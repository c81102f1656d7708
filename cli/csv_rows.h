/* The CSV rows of stats and psd, one writer for the commands and for merge (whose output must
 * be the whole-recording command's, byte for byte where the numbers agree). */
#ifndef PICOSTREAM_CLI_CSV_ROWS_H
#define PICOSTREAM_CLI_CSV_ROWS_H

#include <stdio.h>

#include "picostream/analysis.h"
#include "picostream/events.h"
#include "picostream/peaks.h"

void csv_stats_header(FILE *f);
/* One row: channel's statistics from recording sample `start` on. */
void csv_stats_row(FILE *f, ps_reader *r, unsigned channel, uint64_t start, uint64_t gaps,
                   uint64_t lost, const ps_stats *s);
/* frequency_hz, then one column per channel. */
void csv_psd(FILE *f, ps_reader *r, const int *channels, size_t n_channels, const double *freq,
             const double *const *psd, size_t n_freq);

/* xcorr: "maximum at lag …" (its lag in samples and seconds, its value), and the CSV. */
void xcorr_print_max(FILE *f, double rate, int64_t lo, int64_t hi, const double *z);
void csv_xcorr(FILE *f, int64_t lo, int64_t hi, const double *z);

/* events: start,end,start_s,end_s,rule,peak_v; a row returns < 0 when it could not be written. */
void csv_events_header(FILE *f);
int csv_event_row(FILE *f, ps_reader *r, const ps_events_config *cfg, const ps_event *e);

/* peaks: index,time_s,value_v, then SciPy's property names for the conditions given. */
void csv_peaks_header(FILE *f, const ps_peaks_config *cfg);
int csv_peak_row(FILE *f, ps_reader *r, const ps_peaks_config *cfg, const ps_peak *p);

#endif
