/* What the plot files share. */
#ifndef PICOSTREAM_PLOT_INT_H
#define PICOSTREAM_PLOT_INT_H

#include <cairo.h>
#include <stddef.h>

#include "picostream/output.h"

/* Writes the surface as a PNG to path under the output rules (temp + rename). */
ps_status plot_write_png(cairo_surface_t *surf, const char *path, const ps_output_rules *rules,
                         ps_error *err);

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
