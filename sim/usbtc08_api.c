/* The simulated USB TC-08: every export of libusbtc08 (usbtc08.h, 24 functions; int16 returns,
 * 0 = failure, the reason from usb_tc08_get_last_error), over the logger engine. Inputs 1 … 8
 * read thermocouples in °C (or the caller's unit), input 0 the cold junction. While running,
 * usb_tc08_get_temp returns each input's readings since its last call, at most 600 a call,
 * with their times in ms; the driver keeps the newest readings, fill_missing pads what it lost
 * with NaN. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logger_sim.h"
#include "pico_loggers.h"

#define FAMILY "usbtc08"
#define COLD_JUNCTION_C 21.5f /* the simulated room the unit sits in */
#define HELD 1200u            /* readings per input the driver keeps (assumed) */

static struct {
    char type[USBTC08_MAX_CHANNELS + 1]; /* per input: a thermocouple letter, or 0 when off */
    uint64_t cursor[USBTC08_MAX_CHANNELS + 1];
    int32_t interval_ms;
    int16_t last_error;
    bool async_pending;
} t;

#define BEGIN(handle)                                                                              \
    struct lsim *s = &lsim_the_unit;                                                               \
    pthread_mutex_lock(&lsim_lock);                                                                \
    if ((handle) != LSIM_HANDLE || !s->open) {                                                     \
        t.last_error = USBTC08_ERROR_INVALID_PARAMETER;                                            \
        pthread_mutex_unlock(&lsim_lock);                                                          \
        return 0;                                                                                  \
    }                                                                                              \
    if (lsim_unplugged(s)) {                                                                       \
        t.last_error = USBTC08_ERROR_NOT_RESPONDING;                                               \
        pthread_mutex_unlock(&lsim_lock);                                                          \
        return -1;                                                                                 \
    }
#define END(v)                                                                                     \
    do {                                                                                           \
        pthread_mutex_unlock(&lsim_lock);                                                          \
        return (v);                                                                                \
    } while (0)
#define FAIL(e)                                                                                    \
    do {                                                                                           \
        t.last_error = (e);                                                                        \
        END(0);                                                                                    \
    } while (0)

static int enabled_count(void)
{
    int n = 0;
    for (int c = 0; c <= USBTC08_MAX_CHANNELS; c++)
        n += t.type[c] != 0;
    return n;
}

LSIM_EXPORT int16_t usb_tc08_open_unit(void)
{
    pthread_mutex_lock(&lsim_lock);
    if (lsim_the_unit.open || !lsim_open(&lsim_the_unit, FAMILY)) {
        t.last_error = lsim_the_unit.refusal[0] ? USBTC08_ERROR_CONFIG_FAIL
                                                : USBTC08_ERROR_NOT_FOUND;
        END(0);
    }
    memset(&t, 0, sizeof t);
    END(LSIM_HANDLE);
}

LSIM_EXPORT int16_t usb_tc08_open_unit_async(void)
{
    t.async_pending = true;
    return 1;
}

LSIM_EXPORT int16_t usb_tc08_open_unit_progress(int16_t *handle, int16_t *percent_progress)
{
    if (!handle || !t.async_pending)
        return -1; /* USBTC08_PROGRESS_FAIL */
    t.async_pending = false;
    *handle = usb_tc08_open_unit();
    if (percent_progress)
        *percent_progress = 100;
    return *handle > 0 ? 1 : -1;
}

LSIM_EXPORT int16_t usb_tc08_close_unit(int16_t handle)
{
    BEGIN(handle);
    lsim_close(s);
    END(1);
}

LSIM_EXPORT int16_t usb_tc08_stop(int16_t handle)
{
    BEGIN(handle);
    lsim_stop(s);
    END(1);
}

LSIM_EXPORT int16_t usb_tc08_set_mains(int16_t handle, int16_t sixty_hertz)
{
    BEGIN(handle);
    s->sixty_hz = sixty_hertz != 0;
    END(1);
}

/* The cold junction converts with every set: 100 ms for it and for each thermocouple. */
static int32_t minimum_ms(const struct lsim *s)
{
    int n = enabled_count() - (t.type[0] != 0);
    double ms = (s->model->min_interval_s + (n > 1 ? n - 1 : 0) * s->model->per_channel_s) * 1e3;
    return (int32_t)lround(ms);
}

LSIM_EXPORT int32_t usb_tc08_get_minimum_interval_ms(int16_t handle)
{
    BEGIN(handle);
    END(minimum_ms(s));
}

LSIM_EXPORT int16_t usb_tc08_set_channel(int16_t handle, int16_t channel, int8_t tc_type)
{
    BEGIN(handle);
    if (channel < 0 || channel > USBTC08_MAX_CHANNELS)
        FAIL(USBTC08_ERROR_INVALID_PARAMETER);
    if (s->running)
        FAIL(USBTC08_ERROR_INCORRECT_MODE);
    float lo, hi;
    char c = (char)tc_type;
    if (c == ' ')
        t.type[channel] = 0;
    else if (channel == 0 ? c == 'C' : logger_tc_range(c, &lo, &hi))
        t.type[channel] = c;
    else
        FAIL(USBTC08_ERROR_INVALID_PARAMETER);
    if (channel > 0)
        s->enabled[channel - 1] = t.type[channel] != 0;
    END(1);
}

LSIM_EXPORT int32_t usb_tc08_run(int16_t handle, int32_t interval_ms)
{
    BEGIN(handle);
    if (enabled_count() - (t.type[0] != 0) == 0)
        FAIL(USBTC08_ERROR_NO_CHANNELS_SET);
    int32_t min = minimum_ms(s);
    if (interval_ms < min)
        interval_ms = min; /* as fast as the unit goes */
    if (interval_ms > 65535000)
        FAIL(USBTC08_ERROR_INVALID_PARAMETER);
    t.interval_ms = interval_ms;
    memset(t.cursor, 0, sizeof t.cursor);
    lsim_start(s, interval_ms * 1e-3, HELD);
    END(interval_ms);
}

static float in_units(float c, int16_t units)
{
    switch (units) {
    case USBTC08_UNITS_FAHRENHEIT: return c * 1.8f + 32.0f;
    case USBTC08_UNITS_KELVIN: return c + 273.15f;
    case USBTC08_UNITS_RANKINE: return (c + 273.15f) * 1.8f;
    default: return c;
    }
}

/* Readings of input ch (0: the cold junction) for sets index … index + n − 1, in °C. */
static int reading(struct lsim *s, int ch, uint64_t index, size_t n, float *out)
{
    if (ch == 0) {
        for (size_t i = 0; i < n; i++)
            out[i] = COLD_JUNCTION_C;
        return 0;
    }
    float lo, hi;
    int over = 0;
    logger_tc_range(t.type[ch], &lo, &hi);
    lsim_values(s, (unsigned)(ch - 1), index, n, out);
    for (size_t i = 0; i < n; i++)
        out[i] = sim_logger_temp(out[i], lo, hi, &over);
    return over;
}

static int32_t get_temp(int16_t handle, float *temp, int32_t *times_ms, int32_t buffer_length,
                        int16_t *overflow, int16_t channel, int16_t units, int16_t fill_missing)
{
    BEGIN(handle);
    if (!temp || buffer_length < 1 || channel < 0 || channel > USBTC08_MAX_CHANNELS ||
        units < USBTC08_UNITS_CENTIGRADE || units > USBTC08_UNITS_RANKINE)
        FAIL(USBTC08_ERROR_INVALID_PARAMETER);
    if (!s->running || !t.type[channel])
        FAIL(USBTC08_ERROR_INCORRECT_MODE);
    uint64_t max = (uint64_t)(buffer_length < USBTC08_MAX_SAMPLE_BUFFER
                                  ? buffer_length
                                  : USBTC08_MAX_SAMPLE_BUFFER);
    uint64_t lost = 0, from = t.cursor[channel];
    uint64_t n = lsim_available(s, &t.cursor[channel], max, &lost);
    size_t pad = 0;
    if (lost && fill_missing) { /* what the buffer lost comes back as NaN, in its place */
        uint64_t p = lost < max ? lost : max;
        t.cursor[channel] = from + p;
        n = p;
        pad = (size_t)p;
    }
    int over = pad ? 0 : reading(s, channel, t.cursor[channel], (size_t)n, temp);
    for (uint64_t i = 0; i < n; i++) {
        temp[i] = pad ? NAN : in_units(temp[i], units);
        if (times_ms) /* ms since the run started, back to zero after 2^31 (24.8 days) */
            times_ms[i] = (int32_t)(((t.cursor[channel] + i) * (uint64_t)t.interval_ms) &
                                    0x7fffffffu);
    }
    t.cursor[channel] += n;
    if (overflow)
        *overflow = (int16_t)over;
    END((int32_t)n);
}

LSIM_EXPORT int32_t usb_tc08_get_temp(int16_t handle, float *temp_buffer, int32_t *times_ms_buffer,
                                      int32_t buffer_length, int16_t *overflow, int16_t channel,
                                      int16_t units, int16_t fill_missing)
{
    return get_temp(handle, temp_buffer, times_ms_buffer, buffer_length, overflow, channel, units,
                    fill_missing);
}

LSIM_EXPORT int32_t usb_tc08_get_temp_deskew(int16_t handle, float *temp_buffer,
                                             int32_t *times_ms_buffer, int32_t buffer_length,
                                             int16_t *overflow, int16_t channel, int16_t units,
                                             int16_t fill_missing)
{
    return get_temp(handle, temp_buffer, times_ms_buffer, buffer_length, overflow, channel, units,
                    fill_missing);
}

LSIM_EXPORT int16_t usb_tc08_get_single(int16_t handle, float *temp, int16_t *overflow_flags,
                                        int16_t units)
{
    BEGIN(handle);
    if (!temp || units < USBTC08_UNITS_CENTIGRADE || units > USBTC08_UNITS_RANKINE)
        FAIL(USBTC08_ERROR_INVALID_PARAMETER);
    if (s->running)
        FAIL(USBTC08_ERROR_INCORRECT_MODE);
    if (enabled_count() - (t.type[0] != 0) == 0)
        FAIL(USBTC08_ERROR_NO_CHANNELS_SET);
    int16_t flags = 0;
    s->interval_s = minimum_ms(s) * 1e-3;
    for (int c = 0; c <= USBTC08_MAX_CHANNELS; c++) {
        temp[c] = NAN;
        if (c == 0 || t.type[c]) {
            float v;
            if (reading(s, c, 0, 1, &v))
                flags |= (int16_t)(1 << c);
            temp[c] = in_units(v, units);
        }
    }
    if (overflow_flags)
        *overflow_flags = flags;
    END(1);
}

static const char *info_line(const struct lsim *s, int16_t line, char *tmp, size_t len)
{
    switch (line) {
    case USBTC08LINE_DRIVER_VERSION: return LSIM_DRIVER_VERSION;
    case USBTC08LINE_KERNEL_DRIVER_VERSION: return "1.0";
    case USBTC08LINE_HARDWARE_VERSION: return "1";
    case USBTC08LINE_VARIANT_INFO: return s->model->variant;
    case USBTC08LINE_BATCH_AND_SERIAL: return LSIM_SERIAL;
    case USBTC08LINE_CAL_DATE: return "24Nov26";
    case USBTC08LINE_DRIVER_PATH: return "libusbtc08.so.2";
    default: (void)tmp, (void)len; return NULL;
    }
}

LSIM_EXPORT int16_t usb_tc08_get_unit_info2(int16_t handle, int8_t *string, int16_t string_length,
                                            int16_t line)
{
    struct lsim *s = &lsim_the_unit;
    char tmp[SIM_SPEC_MAX];
    if (!string || string_length < 1)
        return 0;
    pthread_mutex_lock(&lsim_lock);
    const char *text = tmp;
    if (lsim_private_info(s, FAMILY, (uint16_t)line, (const char *)string, tmp, sizeof tmp)) {
        if ((uint16_t)line == PICOSTREAM_SIM_INFO_SET_SPEC)
            END(1);
    } else if (line == USBTC08LINE_DRIVER_VERSION) {
        text = LSIM_DRIVER_VERSION;
    } else if (handle != LSIM_HANDLE || !s->open || !(text = info_line(s, line, tmp, sizeof tmp))) {
        FAIL(USBTC08_ERROR_INVALID_PARAMETER);
    }
    snprintf((char *)string, (size_t)string_length, "%s", text);
    END((int16_t)strlen((char *)string));
}

LSIM_EXPORT int16_t usb_tc08_get_unit_info(int16_t handle, usbtc08_info *info)
{
    BEGIN(handle);
    if (!info || info->size < (int16_t)sizeof *info)
        FAIL(USBTC08_ERROR_INVALID_PARAMETER);
    snprintf((char *)info->driver_version, sizeof info->driver_version, "1.0.0.1");
    info->picopp_version = 0;
    info->hardware_version = 1;
    info->variant = 3; /* TC-08 */
    snprintf((char *)info->serial, sizeof info->serial, "%s", LSIM_SERIAL);
    snprintf((char *)info->cal_date, sizeof info->cal_date, "24Nov26");
    END(1);
}

LSIM_EXPORT int16_t usb_tc08_get_unit_info_v2(int16_t handle, usbtc08_info *info)
{
    return usb_tc08_get_unit_info(handle, info);
}

LSIM_EXPORT int16_t usb_tc08_get_formatted_info(int16_t handle, int8_t *unit_info,
                                                int16_t string_length)
{
    BEGIN(handle);
    if (!unit_info || string_length < 1)
        FAIL(USBTC08_ERROR_INVALID_PARAMETER);
    snprintf((char *)unit_info, (size_t)string_length,
             "Driver version: %s\nHardware version: 1\nVariant: %s\nSerial: %s\n"
             "Cal date: 24Nov26\n", LSIM_DRIVER_VERSION, s->model->variant, LSIM_SERIAL);
    END((int16_t)strlen((char *)unit_info));
}

LSIM_EXPORT int16_t usb_tc08_get_last_error(int16_t handle)
{
    (void)handle; /* 0: why the last open failed; a unit: its last error */
    return t.last_error;
}

/* The legacy calls drive the parallel-port TC-08, which this simulator is not. */
#pragma GCC diagnostic ignored "-Wunused-parameter"
#define LEGACY(name, ...)                                                                          \
    LSIM_EXPORT int16_t name(__VA_ARGS__);                                                         \
    LSIM_EXPORT int16_t name(__VA_ARGS__)                                                          \
    {                                                                                              \
        t.last_error = USBTC08_ERROR_VARIANT_NOT_SUPPORTED;                                        \
        return 0;                                                                                  \
    }
LEGACY(usb_tc08_legacy_run, int16_t handle)
LEGACY(usb_tc08_legacy_set_channel, int16_t handle, int16_t channel, int8_t tc_type,
       int16_t filter_factor, int16_t offset, int16_t slope)
LEGACY(usb_tc08_legacy_get_temp, int32_t *temp, int16_t handle, uint16_t channel,
       uint16_t filtered)
LEGACY(usb_tc08_legacy_get_cold_junction, int32_t *temp, int16_t handle)
LEGACY(usb_tc08_legacy_get_driver_version, void)
LEGACY(usb_tc08_legacy_get_version, int16_t *version, int16_t handle)
LEGACY(usb_tc08_legacy_get_cycle, int32_t *cycle, int16_t handle)
