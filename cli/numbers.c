/* One parser for every number a user types, each option with its own limits: a value out of
 * range, not finite or not exact is refused with the option's name and the limit. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define EXACT_MAX 9007199254740992.0 /* 2^53: above it a double skips whole numbers */

static int refuse(const char *cmd, const char *opt, const char *s, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int refuse(const char *cmd, const char *opt, const char *s, const char *fmt, ...)
{
    char why[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    cli_error(cmd, "%s '%s': %s", opt, s, why);
    return -1;
}

/* A whole number: digits exactly (up to 2^64 - 1), or 1.5k, 2M, 1e6 when exact. */
static int parse_whole(const char *s, uint64_t *out, const char **why)
{
    *why = "not a whole number (e.g. 1000, 10k, 1M)";
    if (!*s || *s == '-' || *s == '+' || *s == ' ')
        return -1;
    if (strspn(s, "0123456789") == strlen(s)) {
        errno = 0;
        unsigned long long v = strtoull(s, NULL, 10);
        if (errno == ERANGE) {
            *why = "too large (at most 18446744073709551615)";
            return -1;
        }
        *out = v;
        return 0;
    }
    double v;
    if (units_parse_count(s, &v) < 0)
        return -1;
    if (v >= EXACT_MAX) {
        *why = "too large to be exact (write it in digits)";
        return -1;
    }
    if (v != floor(v))
        return -1;
    *out = (uint64_t)v;
    return 0;
}

int opt_count(const char *cmd, const char *opt, const char *s, uint64_t lo, uint64_t hi,
              uint64_t *out)
{
    const char *why;
    uint64_t v;
    if (parse_whole(s, &v, &why) < 0)
        return refuse(cmd, opt, s, "%s", why);
    if (v < lo || v > hi)
        return refuse(cmd, opt, s, "out of range (%" PRIu64 "…%" PRIu64 ")", lo, hi);
    *out = v;
    return 0;
}

static int in_range(const char *cmd, const char *opt, const char *s, double v, double lo,
                    double hi, const char *unit)
{
    if (v >= lo && v <= hi)
        return 0;
    return refuse(cmd, opt, s, "out of range (%g…%g%s)", lo, hi, unit);
}

int opt_real(const char *cmd, const char *opt, const char *s, double lo, double hi, double *out)
{
    double v;
    if (units_parse_volts(s, &v) < 0 || strchr(s, 'V'))
        return refuse(cmd, opt, s, "not a number");
    if (in_range(cmd, opt, s, v, lo, hi, "") < 0)
        return -1;
    *out = v;
    return 0;
}

int opt_volts(const char *cmd, const char *opt, const char *s, double lo, double hi, double *out)
{
    double v;
    if (units_parse_volts(s, &v) < 0)
        return refuse(cmd, opt, s, "not a voltage (1.5, 1.5V, 500mV)");
    if (in_range(cmd, opt, s, v, lo, hi, " V") < 0)
        return -1;
    *out = v;
    return 0;
}

int opt_time(const char *cmd, const char *opt, const char *s, double lo, double hi, double *out)
{
    double v;
    if (units_parse_time(s, &v) < 0)
        return refuse(cmd, opt, s, "not a time (10s, 250ms, 1h30m; a bare number is seconds)");
    if (in_range(cmd, opt, s, v, lo, hi, " s") < 0)
        return -1;
    *out = v;
    return 0;
}

int opt_rate(const char *cmd, const char *opt, const char *s, double lo, double hi, double *out)
{
    double v;
    if (units_parse_rate(s, &v) < 0)
        return refuse(cmd, opt, s, "not a rate (1M, 250k, 10MS/s, 10kHz)");
    if (in_range(cmd, opt, s, v, lo, hi, " S/s") < 0)
        return -1;
    *out = v;
    return 0;
}

int opt_size(const char *cmd, const char *opt, const char *s, uint64_t lo, uint64_t hi,
             uint64_t *out)
{
    char buf[64];
    size_t n = strlen(s);
    if (n == 0 || n >= sizeof buf)
        return refuse(cmd, opt, s, "not a size (4G, 500MB, 65536)");
    memcpy(buf, s, n + 1);
    if (n > 1 && buf[n - 1] == 'B') /* 500MB, 4GB: the B is decoration */
        buf[--n] = '\0';
    const char *why;
    uint64_t v;
    if (parse_whole(buf, &v, &why) < 0)
        return refuse(cmd, opt, s, "not a size in bytes (4G, 500MB, 65536)");
    if (v < lo || v > hi)
        return refuse(cmd, opt, s, "out of range (%" PRIu64 "…%" PRIu64 " bytes)", lo, hi);
    *out = v;
    return 0;
}

int opt_samples(const char *cmd, const char *opt, const char *s, double rate, uint64_t lo,
                uint64_t hi, uint64_t *out)
{
    const char *why;
    uint64_t v;
    double t;
    if (parse_whole(s, &v, &why) == 0) {
        if (v < lo || v > hi)
            return refuse(cmd, opt, s, "out of range (%" PRIu64 "…%" PRIu64 " samples)", lo, hi);
        *out = v;
        return 0;
    }
    if (!strpbrk(s, "smhd") && strcmp(why, "not a whole number (e.g. 1000, 10k, 1M)") != 0)
        return refuse(cmd, opt, s, "%s", why); /* a number, but too large */
    if (units_parse_time(s, &t) < 0 || !strpbrk(s, "smhd"))
        return refuse(cmd, opt, s, "a number of samples (1000, 10k) or a time (10ms, 1h5m)");
    double x = round(t * rate);
    if (!(x >= (double)lo && x <= (double)hi))
        return refuse(cmd, opt, s, "out of range (%.9g…%.9g s at %g S/s)", (double)lo / rate,
                      (double)hi / rate, rate);
    *out = (uint64_t)x;
    return 0;
}
