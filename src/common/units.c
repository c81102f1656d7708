/* Numbers with units as people write them: 1M, 250k, 10ms, 1h5m, 2V, 500mV. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "units.h"

/* A number with an optional SI prefix; *end points after it. */
static int number_prefix(const char *s, double *out, const char **end)
{
    char *e;
    if (strpbrk(s, "xX")) /* strtod reads hex; nobody means 0x10 samples */
        return -1;
    errno = 0;
    double v = strtod(s, &e);
    if (e == s || !isfinite(v) || errno == ERANGE) /* 1e-9999 is not 0 */
        return -1;
    switch (*e) {
    case 'n':
        v *= 1e-9;
        e++;
        break;
    case 'u':
        v *= 1e-6;
        e++;
        break;
    case 'm':
        v *= 1e-3;
        e++;
        break;
    case 'k':
    case 'K':
        v *= 1e3;
        e++;
        break;
    case 'M':
        v *= 1e6;
        e++;
        break;
    case 'G':
        v *= 1e9;
        e++;
        break;
    default: break;
    }
    if (!isfinite(v)) /* 1e308G */
        return -1;
    *out = v;
    *end = e;
    return 0;
}

int units_parse_count(const char *s, double *out)
{
    const char *e;
    if (number_prefix(s, out, &e) < 0 || *e != '\0' || *out < 0)
        return -1;
    return 0;
}

int units_parse_rate(const char *s, double *hz)
{
    const char *e;
    if (number_prefix(s, hz, &e) < 0 || *hz <= 0)
        return -1;
    if (*e == '\0' || strcmp(e, "S/s") == 0 || strcmp(e, "Hz") == 0 || strcmp(e, "Sa/s") == 0 ||
        strcmp(e, "sps") == 0)
        return 0;
    return -1;
}

int units_parse_volts(const char *s, double *volts)
{
    const char *e;
    if (number_prefix(s, volts, &e) < 0)
        return -1;
    return *e == '\0' || strcmp(e, "V") == 0 ? 0 : -1;
}

int units_parse_time(const char *s, double *sec)
{
    static const struct {
        const char *u;
        double s;
    } units[] = {
        {"ns", 1e-9}, {"us", 1e-6}, {"ms", 1e-3}, {"s", 1},
        {"min", 60},  {"m", 60},    {"h", 3600},  {"d", 86400},
    };
    double total = 0;
    const char *p = s;
    if (!*p || strpbrk(s, "xX"))
        return -1;
    while (*p) {
        char *e;
        errno = 0;
        double v = strtod(p, &e);
        if (e == p || !isfinite(v) || v < 0 || errno == ERANGE)
            return -1;
        if (*e == '\0') { /* bare number: seconds, and only as the whole value */
            if (p != s)
                return -1;
            *sec = v;
            return 0;
        }
        size_t best = 0;
        double mult = 0;
        for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
            size_t n = strlen(units[i].u);
            if (strncmp(e, units[i].u, n) == 0 && n > best) {
                best = n;
                mult = units[i].s;
            }
        }
        if (!best)
            return -1;
        total += v * mult;
        p = e + best;
    }
    if (!isfinite(total))
        return -1;
    *sec = total;
    return 0;
}

const char *units_format_rate(double hz, char *buf, size_t len)
{
    if (hz >= 1e9)
        snprintf(buf, len, "%.6g GS/s", hz / 1e9);
    else if (hz >= 1e6)
        snprintf(buf, len, "%.6g MS/s", hz / 1e6);
    else if (hz >= 1e3)
        snprintf(buf, len, "%.6g kS/s", hz / 1e3);
    else
        snprintf(buf, len, "%.6g S/s", hz);
    return buf;
}

const char *units_format_duration(double s, char *buf, size_t len)
{
    if (s < 120)
        snprintf(buf, len, "%.3f s", s);
    else if (s < 7200)
        snprintf(buf, len, "%d min %04.1f s", (int)(s / 60), fmod(s, 60));
    else if (s < 1e9)
        snprintf(buf, len, "%d h %02d min", (int)(s / 3600), (int)fmod(s / 60, 60));
    else
        snprintf(buf, len, "%.4g h", s / 3600);
    return buf;
}

const char *units_format_volts(double v, char *buf, size_t len)
{
    if (fabs(v) < 1)
        snprintf(buf, len, "%gmV", v * 1e3);
    else
        snprintf(buf, len, "%gV", v);
    return buf;
}
