/* What the plot files share. */
#ifndef PICOSTREAM_PLOT_INT_H
#define PICOSTREAM_PLOT_INT_H

#include <cairo.h>
#include <stddef.h>
#include <stdio.h>

#include "picostream/analysis.h"

#include "picostream/output.h"

/* Writes the surface as a PNG to path under the output rules (temp + rename). */
ps_status plot_write_png(cairo_surface_t *surf, const char *path, const ps_output_rules *rules,
                         ps_error *err);

/* Writes the surface as PNG into f as a data: URI (data:image/png;base64,…), for a page that
 * must stand alone. */
ps_status plot_png_data_uri(cairo_surface_t *surf, FILE *f, ps_error *err);

/* A waveform overview's pixel column: min … max of the samples drawn in it (lo > hi: none). */
struct plot_col {
    double lo, hi;
};

/* The waveform plot's checks, its number of pixel columns for a width, and its drawing from
 * columns (n_channels × plot_waveform_columns(width), channel-major) already computed over the
 * span on the device-index grid (ps_envelope placed at each stretch's device index). */
ps_status plot_waveform_check(ps_reader *r, size_t n_channels, ps_span span, int width,
                              int height, ps_error *err);
int plot_waveform_columns(int width);
ps_status plot_waveform_surface(ps_reader *r, const int *channels, size_t n_channels,
                                ps_span span, int width, int height, const struct plot_col *cols,
                                cairo_surface_t **out, ps_error *err);

/* The PSD plot drawn to a new surface (the caller destroys it). */
ps_status plot_psd_surface(const double *freq, const double *const *psd,
                           const char *const *names, size_t n_channels, size_t n_freq, int width,
                           int height, const char *unit, cairo_surface_t **out, ps_error *err);

/* A 1-2-5 tick step giving at most about max_ticks ticks over span. */
double axis_step(double span, int max_ticks);
/* Ticks over [lo, hi]: first tick and step; returns how many (0 for a non-finite or empty
 * range, never more than 2 × max_ticks + 2), so a drawing loop is always bounded. */
int axis_ticks(double lo, double hi, int max_ticks, double *first, double *step);
/* The unit a time span reads best in, and how many of it make a second. */
void axis_time_unit(double span_s, const char **unit, double *per_s);
/* A tick label with as many decimals as the step needs. */
void axis_label(char *buf, size_t len, double v, double step);

#endif
