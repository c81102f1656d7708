/* Numbers with units as people write them, shared by the library's option parsing and the CLI. */
#ifndef PICOSTREAM_UNITS_H
#define PICOSTREAM_UNITS_H

#include <stddef.h>

/* Each returns 0, or -1 if s is not such a value. */
int units_parse_count(const char *s, double *out);   /* 1M, 250k, 1e6, 10 */
int units_parse_rate(const char *s, double *hz);     /* 1M, 250k, 1MS/s, 10kHz */
int units_parse_time(const char *s, double *sec);    /* 10s, 8h, 1h5m, 10ms, 250us; bare = s */
int units_parse_volts(const char *s, double *volts); /* 2V, 500mV, 1.5 */

/* "1.000 MS/s", "250 kS/s"; "10.0 s", "2 h 5 min"; into buf. */
const char *units_format_rate(double hz, char *buf, size_t len);
const char *units_format_duration(double s, char *buf, size_t len);
const char *units_format_volts(double v, char *buf, size_t len);

#endif
