/* Exports of a recording's selection to CSV, NPY and WAV, streaming: size is unbounded (CSV,
 * NPY) or split at the format's limit (WAV: 4 GiB per file). */
#ifndef PICOSTREAM_EXPORT_H
#define PICOSTREAM_EXPORT_H

#include <stddef.h>

#include "picostream/analysis.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ps_export_format { PS_EXPORT_CSV, PS_EXPORT_NPY, PS_EXPORT_WAV } ps_export_format;

/* Writes the span of the channels to path. CSV: header time_s then the channel names, a row
 * per sample (the device time of the sample, gaps counted, then volts, %.17g). NPY: float32 volts, shape
 * (samples, channels). WAV: 16-bit PCM at the recording's rate (rounded to whole Hz; a note
 * says so), one WAV channel per channel, raw counts for int16 recordings, else volts scaled
 * so ±range_v (or the selection's peak) is full scale; over 4 GiB it writes path-0001.wav, …
 * notice receives a one-line note or "". Every file obeys rules (output.h); on failure nothing is
 * left behind and no existing file is touched. */
PS_API ps_status ps_export(ps_reader *r, const int *channels, size_t n_channels, ps_span span,
                           ps_export_format format, const char *path,
                           const ps_output_rules *rules, char *notice,
                           size_t notice_len, ps_progress_fn progress, void *parg, ps_error *err);

#ifdef __cplusplus
}
#endif
#endif
