/* What each PicoLog data logger can do, one row per variant: the facts the device layer checks a
 * configuration against and the simulators behave by (picosdk-families-loggers.md §6.4, §7.4,
 * §8; docs/plcm3-research.md). Figures Pico does not publish are this project's stated
 * assumptions, listed as such in the README. Pure data. */
#ifndef PICOSTREAM_LOGGER_MODELS_H
#define PICOSTREAM_LOGGER_MODELS_H

#include <stdint.h>

struct logger_model {
    const char *family;  /* "pl1000", "picohrdl", "usbtc08", "plcm3": the library it answers to */
    const char *variant; /* what its unit-info call says: "PicoLog1216", "24", "TC-08", "CM3" */
    const char *product; /* "PicoLog 1216", for messages */
    unsigned channels;   /* inputs 1 … channels */
    int32_t code_min, code_max; /* the ADC's codes (0 for float readings) */
    uint8_t ranges;      /* ADC-20/24: bit r offers HRDL range r (2500 mV >> r) */
    double min_interval_s; /* fastest sample set with one channel on */
    double per_channel_s;  /* … and what each further channel adds (conversion time) */
    const char *inputs;    /* what its inputs take, for `picostream devices` */
};

const struct logger_model *logger_model_find(const char *family, const char *variant);
/* The row whose variant or product matches name ("1216", "PicoLog1216", "ADC-24", "TC-08"),
 * any family; NULL when none. */
const struct logger_model *logger_model_named(const char *name);
const struct logger_model *logger_model_default(const char *family);
/* "PicoLog1012, PicoLog1216, 20, 24, TC-08, CM3" (every logger) into buf; returns buf. */
const char *logger_model_list(char *buf, unsigned len);

/* One line per variant of family, as pico_model_describe; returns buf. */
const char *logger_model_describe(const char *family, char *buf, unsigned len);

/* The ADC-20/24 full scale of range r (HRDL_2500_MV = 0 …), volts: 2.5 / 2^r. */
double logger_hrdl_range_v(int r);

/* A thermocouple type's letter → its measuring range in °C (*lo, *hi); 0 when not a type
 * the TC-08 knows (B, E, J, K, N, R, S, T; X is a ±70 mV voltage input, read in mV). */
int logger_tc_range(char type, float *lo, float *hi);

#endif
