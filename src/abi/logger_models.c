/* The data-logger variant table (see logger_models.h for sources and assumptions). */
#include <stdio.h>
#include <string.h>

#include "logger_models.h"
#include "pico_loggers.h"

/* ADC-24: all seven ranges; ADC-20: 2500 and 1250 mV (assumed: Pico's C example probes each). */
#define ALL_RANGES 0x7f
static const struct logger_model models[] = {
    /* 100 kS/s shared by the inputs through the SDK; codes 0 … 4095 (1216; the 1012's 10-bit
     * 0 … 1023 assumed) */
    {"pl1000", "PicoLog1216", "PicoLog 1216", 16, 0, 4095, 0, 10e-6, 10e-6,
     "0…2.5 V, 12-bit, 100 kS/s over the inputs"},
    {"pl1000", "PicoLog1012", "PicoLog 1012", 12, 0, 1023, 0, 10e-6, 10e-6,
     "0…2.5 V, 10-bit, 100 kS/s over the inputs"},
    /* a set takes the conversion time per input (60 ms at the fastest); the driver reports
     * ±2^23 counts at every range (maxAdc one short of full scale) */
    {"picohrdl", "24", "ADC-24", 16, -8388608, 8388607, ALL_RANGES, 0.06, 0.06,
     "±39mV…±2.5V, single-ended or differential pairs, 24-bit, 60…660 ms per input"},
    {"picohrdl", "20", "ADC-20", 8, -8388608, 8388607, 0x03, 0.06, 0.06,
     "±1.25V or ±2.5V, single-ended or differential pairs, 60…660 ms per input"},
    /* 100 ms per thermocouple and for the cold junction (assumed: "up to 10 readings a
     * second") */
    {"usbtc08", "TC-08", "USB TC-08", 8, 0, 0, 0, 0.2, 0.1,
     "thermocouples B, E, J, K, N, R, S, T, X in °C, 100 ms per input and cold junction"},
    /* about 720 ms per active input, one after another (Programmer's Guide, via the wrapper) */
    {"plcm3", "CM3", "PicoLog CM3", 3, -2147483647, 2147483647, 0, 0.72, 0.72,
     "current clamps 1, 10, 100 mV/A or ±2.5 V, 720 ms per input"},
};
#define N_MODELS (sizeof models / sizeof *models)

const struct logger_model *logger_model_find(const char *family, const char *variant)
{
    for (size_t i = 0; family && variant && i < N_MODELS; i++)
        if (strcmp(models[i].family, family) == 0 && strcmp(models[i].variant, variant) == 0)
            return &models[i];
    return NULL;
}

const struct logger_model *logger_model_named(const char *name)
{
    for (size_t i = 0; name && i < N_MODELS; i++) {
        const char *p = models[i].product, *sp = strrchr(p, ' ');
        if (strcmp(name, models[i].variant) == 0 || strcmp(name, p) == 0 ||
            (sp && strcmp(name, sp + 1) == 0))
            return &models[i];
    }
    return NULL;
}

const struct logger_model *logger_model_default(const char *family)
{
    for (size_t i = 0; family && i < N_MODELS; i++)
        if (strcmp(models[i].family, family) == 0)
            return &models[i];
    return NULL;
}

const char *logger_model_list(char *buf, unsigned len)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < N_MODELS && at < len; i++)
        at += (size_t)snprintf(buf + at, len - at, "%s%s", i ? ", " : "", models[i].product);
    return buf;
}

const char *logger_model_describe(const char *family, char *buf, unsigned len)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < N_MODELS && at < len; i++)
        if (strcmp(models[i].family, family) == 0)
            at += (size_t)snprintf(buf + at, len - at, "  %-12s %2u inputs  %s\n",
                                   models[i].product, models[i].channels, models[i].inputs);
    return buf;
}

double logger_hrdl_range_v(int r)
{
    return 2.5 / (double)(1 << r);
}

int logger_tc_range(char type, float *lo, float *hi)
{
    static const struct {
        char type;
        float lo, hi;
    } tc[] = {{'B', 0, 1820},    {'E', -270, 910}, {'J', -210, 1200}, {'K', -270, 1370},
              {'N', -270, 1300}, {'R', -50, 1760}, {'S', -50, 1760},  {'T', -270, 400},
              {'X', -70, 70}};
    for (size_t i = 0; i < sizeof tc / sizeof *tc; i++)
        if (tc[i].type == type) {
            *lo = tc[i].lo;
            *hi = tc[i].hi;
            return 1;
        }
    return 0;
}

const int hrdl_conversion_ms[HRDL_MAX_CONVERSION_TIMES] = {60, 100, 180, 340, 660};
