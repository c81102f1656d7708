/* What the plot files share. */
#ifndef PICOSTREAM_PLOT_INT_H
#define PICOSTREAM_PLOT_INT_H

#include <stddef.h>

/* A 1-2-5 tick step giving at most about max_ticks ticks over span. */
double axis_step(double span, int max_ticks);
/* The unit a time span reads best in, and how many of it make a second. */
void axis_time_unit(double span_s, const char **unit, double *per_s);
/* A tick label with as many decimals as the step needs. */
void axis_label(char *buf, size_t len, double v, double step);

#endif
