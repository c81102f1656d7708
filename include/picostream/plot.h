/* PNG plots with cairo (written under the output rules: see output.h): waveform overviews drawn from the min/max envelope, and PSDs. */
#ifndef PICOSTREAM_PLOT_H
#define PICOSTREAM_PLOT_H

#include <stddef.h>

#include "picostream/analysis.h"
#include "picostream/output.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One lane per channel, time on x (device time: gaps stay blank), volts on y (the channel's
 * range, or the data's), each pixel column the min…max of its samples so a one-sample spike in
 * hours of data shows; annotations as red markers with their labels. Reads only the span. */
PS_API ps_status ps_plot_waveform(ps_reader *r, const int *channels, size_t n_channels,
                                  ps_span span, int width, int height, const char *png_path,
                                  const ps_output_rules *rules, ps_progress_fn progress, void *parg, ps_error *err);

/* PSD curves on a log-frequency, dB axis, one per channel, with a legend. f[0] = 0 is left out. */
PS_API ps_status ps_plot_psd(const double *freq, const double *const *psd, const char *const *names,
                             size_t n_channels, size_t n_freq, int width, int height,
                             const char *unit, const char *png_path,
                             const ps_output_rules *rules, ps_error *err);

#ifdef __cplusplus
}
#endif
#endif
