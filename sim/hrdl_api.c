/* The simulated ADC-20/ADC-24: every export of libpicohrdl (HRDL.h, 20 functions; int16 returns,
 * 0 = failure, the reason through HRDLGetUnitInfo(HRDL_SETTINGS)), over the logger engine.
 * In HRDL_BM_STREAM each HRDLGetValues returns the sets made since the last call, the driver
 * keeping the newest nValues values; HRDLGetTimesAndValues gives each value's time in ms. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logger_sim.h"
#include "pico_loggers.h"

#define FAMILY "picohrdl"

static struct {
    int range[HRDL_MAX_ANALOG_CHANNELS]; /* per enabled input */
    bool single_ended[HRDL_MAX_ANALOG_CHANNELS];
    int interval_ms;
    int conversion;
    int method;
    uint64_t cursor;
    uint64_t block;
    int settings_error; /* SE_* of the last failed call */
    int open_error;     /* HRDL_* of the last failed open */
    bool async_pending, single_pending;
    int single_channel, single_range, single_conv;
} h = {.settings_error = SE_OK};

#define BEGIN(handle)                                                                              \
    struct lsim *s = &lsim_the_unit;                                                               \
    pthread_mutex_lock(&lsim_lock);                                                                \
    if ((handle) != LSIM_HANDLE || !s->open || lsim_unplugged(s)) {                                \
        pthread_mutex_unlock(&lsim_lock);                                                          \
        return 0;                                                                                  \
    }
#define END(v)                                                                                     \
    do {                                                                                           \
        pthread_mutex_unlock(&lsim_lock);                                                          \
        return (v);                                                                                \
    } while (0)
#define FAIL(se)                                                                                   \
    do {                                                                                           \
        h.settings_error = (se);                                                                   \
        END(0);                                                                                    \
    } while (0)

static int enabled_count(const struct lsim *s)
{
    int n = 0;
    for (int c = 0; c < HRDL_MAX_ANALOG_CHANNELS; c++)
        n += s->enabled[c];
    return n;
}

LSIM_EXPORT int16_t HRDLOpenUnit(void)
{
    pthread_mutex_lock(&lsim_lock);
    int16_t handle = 0;
    h.open_error = HRDL_NOT_FOUND;
    if (!lsim_the_unit.open && lsim_open(&lsim_the_unit, FAMILY)) {
        memset(h.range, 0, sizeof h.range);
        h.interval_ms = 0;
        h.conversion = HRDL_60MS;
        h.cursor = 0;
        h.settings_error = SE_OK;
        h.open_error = HRDL_OK;
        handle = LSIM_HANDLE;
    } else if (lsim_the_unit.refusal[0]) {
        h.open_error = HRDL_CONFIG_FAIL;
    }
    END(handle);
}

LSIM_EXPORT int16_t HRDLOpenUnitAsync(void)
{
    h.async_pending = true;
    return 1;
}

LSIM_EXPORT int16_t HRDLOpenUnitProgress(int16_t *handle, int16_t *progress)
{
    if (!handle || !h.async_pending)
        return -1; /* HRDL_OPEN_PROGRESS_FAIL */
    h.async_pending = false;
    *handle = HRDLOpenUnit();
    if (progress)
        *progress = 100;
    return *handle > 0 ? 1 : -1;
}

LSIM_EXPORT int16_t HRDLCloseUnit(int16_t handle)
{
    BEGIN(handle);
    lsim_close(s);
    END(1);
}

LSIM_EXPORT int16_t HRDLGetUnitInfo(int16_t handle, int8_t *string, int16_t length, int16_t info)
{
    struct lsim *s = &lsim_the_unit;
    char tmp[SIM_SPEC_MAX];
    const char *text = tmp;
    if (!string || length < 1)
        return 0;
    pthread_mutex_lock(&lsim_lock);
    bool open = handle == LSIM_HANDLE && s->open;
    if (lsim_private_info(s, FAMILY, (uint16_t)info, (const char *)string, tmp, sizeof tmp)) {
        if ((uint16_t)info == PICOSTREAM_SIM_INFO_SET_SPEC)
            END(1);
    } else {
        switch (info) {
        case HRDL_DRIVER_VERSION: text = LSIM_DRIVER_VERSION; break;
        case HRDL_USB_VERSION: text = open ? "2.0" : ""; break;
        case HRDL_HARDWARE_VERSION: text = open ? "1" : ""; break;
        case HRDL_VARIANT_INFO: text = open ? s->model->variant : ""; break;
        case HRDL_BATCH_AND_SERIAL: text = open ? LSIM_SERIAL : ""; break;
        case HRDL_CAL_DATE: text = open ? "24Nov26" : ""; break;
        case HRDL_KERNEL_DRIVER_VERSION: text = "1.0"; break;
        case HRDL_ERROR: snprintf(tmp, sizeof tmp, "%d", open ? HRDL_OK : h.open_error); break;
        case HRDL_SETTINGS: snprintf(tmp, sizeof tmp, "%d", h.settings_error); break;
        default: END(0);
        }
    }
    snprintf((char *)string, (size_t)length, "%s", text);
    END((int16_t)strlen((char *)string));
}

LSIM_EXPORT int16_t HRDLSetMains(int16_t handle, int16_t sixty_hertz)
{
    BEGIN(handle);
    s->sixty_hz = sixty_hertz != 0;
    END(1);
}

LSIM_EXPORT int16_t HRDLSetAnalogInChannel(int16_t handle, int16_t channel, int16_t enabled,
                                           int16_t range, int16_t single_ended)
{
    BEGIN(handle);
    if (channel < HRDL_ANALOG_IN_CHANNEL_1 || channel > (int16_t)s->model->channels)
        FAIL(SE_INVALID_CHANNEL);
    int c = channel - 1;
    if (!enabled) {
        s->enabled[c] = false;
        END(1);
    }
    if (range < 0 || range >= HRDL_MAX_RANGES || !(s->model->ranges >> range & 1))
        FAIL(SE_INVALID_VOLTAGE_RANGE);
    /* a differential pair is an odd input and the even one after it */
    if (!single_ended && channel % 2 == 0)
        FAIL(SE_CHANNEL_NOT_AVAILABLE);
    if (channel % 2 == 0 && s->enabled[c - 1] && !h.single_ended[c - 1])
        FAIL(SE_CHANNEL_NOT_AVAILABLE);
    if (!single_ended && c + 1 < HRDL_MAX_ANALOG_CHANNELS && s->enabled[c + 1])
        FAIL(SE_CHANNEL_NOT_AVAILABLE);
    s->enabled[c] = true;
    h.range[c] = range;
    h.single_ended[c] = single_ended != 0;
    END(1);
}

LSIM_EXPORT int16_t HRDLSetDigitalIOChannel(int16_t handle, int16_t direction_out,
                                            int16_t digital_out_pin_state,
                                            int16_t enabled_digital_in)
{
    BEGIN(handle);
    (void)direction_out, (void)digital_out_pin_state;
    END(enabled_digital_in ? (h.settings_error = SE_INVALID_PARAMETER, 0) : 1); /* not simulated */
}

LSIM_EXPORT int16_t HRDLSetInterval(int16_t handle, int32_t sample_interval_ms,
                                    int16_t conversion_time)
{
    BEGIN(handle);
    if (conversion_time < 0 || conversion_time >= HRDL_MAX_CONVERSION_TIMES)
        FAIL(SE_CONVERSION_TIME_OUT_OF_RANGE);
    if (sample_interval_ms < hrdl_conversion_ms[conversion_time] || sample_interval_ms > 3600000)
        FAIL(SE_SAMPLEINTERVAL_OUT_OF_RANGE);
    h.interval_ms = sample_interval_ms;
    h.conversion = conversion_time;
    END(1);
}

LSIM_EXPORT int16_t HRDLRun(int16_t handle, int32_t n_values, int16_t method)
{
    BEGIN(handle);
    int n = enabled_count(s);
    if (n == 0 || h.interval_ms == 0 || method < HRDL_BM_BLOCK || method > HRDL_BM_STREAM ||
        n_values < 1)
        FAIL(SE_INVALID_PARAMETER);
    /* every enabled input converts in turn within one sample interval */
    if (h.interval_ms < hrdl_conversion_ms[h.conversion] * n)
        FAIL(SE_CONVERSION_TIME_TOO_SLOW);
    h.method = method;
    h.cursor = 0;
    uint64_t sets = (uint64_t)n_values / (uint64_t)n;
    h.block = sets ? sets : 1;
    lsim_start(s, h.interval_ms * 1e-3, h.block);
    h.settings_error = SE_OK;
    END(1);
}

LSIM_EXPORT int16_t HRDLReady(int16_t handle)
{
    BEGIN(handle);
    uint64_t made = lsim_made(s);
    END((int16_t)(h.method == HRDL_BM_STREAM ? made > h.cursor : made >= h.block));
}

LSIM_EXPORT void HRDLStop(int16_t handle)
{
    struct lsim *s = &lsim_the_unit;
    pthread_mutex_lock(&lsim_lock);
    if (handle == LSIM_HANDLE && s->open)
        lsim_stop(s);
    pthread_mutex_unlock(&lsim_lock);
}

/* The counts of input c for volts v: full scale is maxAdc + 1 counts. */
static int32_t counts(const struct lsim *s, int range, float v, int *over)
{
    double scale = logger_hrdl_range_v(range) / ((double)s->model->code_max + 1.0);
    return sim_logger_code(v, scale, 0.0, s->model->code_min, s->model->code_max, over);
}

/* The unit was unplugged: the count calls answer -1, not 0 (no data yet). */
static bool gone(void)
{
    pthread_mutex_lock(&lsim_lock);
    bool g = lsim_the_unit.open && lsim_unplugged(&lsim_the_unit);
    pthread_mutex_unlock(&lsim_lock);
    return g;
}

static int32_t get_sets(struct lsim *s, int32_t *times, int32_t *values, int16_t *overflow,
                        int32_t no_of_values)
{
    int n = enabled_count(s);
    if (n == 0 || no_of_values < 1 || !values)
        return 0;
    uint64_t got;
    if (h.method == HRDL_BM_STREAM) {
        got = lsim_available(s, &h.cursor, (uint64_t)no_of_values, NULL);
    } else {
        if (lsim_made(s) < h.block)
            return 0;
        h.cursor = 0;
        got = (uint64_t)no_of_values < h.block ? (uint64_t)no_of_values : h.block;
    }
    float *v = malloc((got ? got : 1) * sizeof *v);
    if (!v)
        return 0;
    int16_t over = 0;
    int k = 0;
    for (int c = 0; c < HRDL_MAX_ANALOG_CHANNELS; c++) {
        if (!s->enabled[c])
            continue;
        int o = 0;
        lsim_values(s, (unsigned)c, h.cursor, (size_t)got, v);
        for (uint64_t j = 0; j < got; j++)
            values[j * (uint64_t)n + (uint64_t)k] = counts(s, h.range[c], v[j], &o);
        if (o)
            over |= (int16_t)(1 << c); /* bit per input, input 1 = bit 0 */
        k++;
    }
    free(v);
    for (uint64_t j = 0; times && j < got; j++) /* ms since the run, back to zero after 2^31 */
        for (int i = 0; i < n; i++)
            times[j * (uint64_t)n + (uint64_t)i] =
                (int32_t)(((h.cursor + j) * (uint64_t)h.interval_ms) & 0x7fffffffu);
    h.cursor += got;
    if (overflow)
        *overflow = over;
    return (int32_t)got;
}

LSIM_EXPORT int32_t HRDLGetValues(int16_t handle, int32_t *values, int16_t *overflow,
                                  int32_t no_of_values)
{
    if (gone())
        return -1; /* the unit stopped answering */
    BEGIN(handle);
    END(get_sets(s, NULL, values, overflow, no_of_values));
}

LSIM_EXPORT int32_t HRDLGetTimesAndValues(int16_t handle, int32_t *times, int32_t *values,
                                          int16_t *overflow, int32_t no_of_values)
{
    if (gone())
        return -1; /* the unit stopped answering */
    BEGIN(handle);
    END(get_sets(s, times, values, overflow, no_of_values));
}

LSIM_EXPORT int16_t HRDLGetMinMaxAdcCounts(int16_t handle, int32_t *min_adc, int32_t *max_adc,
                                           int16_t channel)
{
    BEGIN(handle);
    if (!min_adc || !max_adc)
        FAIL(SE_INVALID_PARAMETER);
    if (channel < HRDL_ANALOG_IN_CHANNEL_1 || channel > (int16_t)s->model->channels)
        FAIL(SE_INVALID_CHANNEL);
    *min_adc = s->model->code_min;
    *max_adc = s->model->code_max;
    END(1);
}

LSIM_EXPORT int16_t HRDLGetNumberOfEnabledChannels(int16_t handle, int16_t *n_enabled)
{
    BEGIN(handle);
    if (!n_enabled)
        FAIL(SE_INVALID_PARAMETER);
    *n_enabled = (int16_t)enabled_count(s);
    END(1);
}

/* One reading of an input now, at the fastest conversion (it blocks the unit meanwhile). */
static int16_t single(struct lsim *s, int16_t channel, int16_t range, int16_t conversion_time,
                      int16_t *overflow, int32_t *value)
{
    if (channel < HRDL_ANALOG_IN_CHANNEL_1 || channel > (int16_t)s->model->channels)
        return (int16_t)(h.settings_error = SE_INVALID_CHANNEL, 0);
    if (range < 0 || range >= HRDL_MAX_RANGES || !(s->model->ranges >> range & 1))
        return (int16_t)(h.settings_error = SE_INVALID_VOLTAGE_RANGE, 0);
    if (conversion_time < 0 || conversion_time >= HRDL_MAX_CONVERSION_TIMES)
        return (int16_t)(h.settings_error = SE_CONVERSION_TIME_OUT_OF_RANGE, 0);
    if (s->running)
        return (int16_t)(h.settings_error = SE_CONVERSION_IN_PROGRESS, 0);
    float v;
    int o = 0;
    lsim_values(s, (unsigned)(channel - 1), 0, 1, &v);
    *value = counts(s, range, v, &o);
    if (overflow)
        *overflow = (int16_t)o;
    return 1;
}

LSIM_EXPORT int16_t HRDLGetSingleValue(int16_t handle, int16_t channel, int16_t range,
                                       int16_t conversion_time, int16_t single_ended,
                                       int16_t *overflow, int32_t *value)
{
    BEGIN(handle);
    (void)single_ended;
    if (!value)
        FAIL(SE_INVALID_PARAMETER);
    END(single(s, channel, range, conversion_time, overflow, value));
}

LSIM_EXPORT int16_t HRDLCollectSingleValueAsync(int16_t handle, int16_t channel, int16_t range,
                                                int16_t conversion_time, int16_t single_ended)
{
    BEGIN(handle);
    (void)single_ended;
    h.single_pending = true;
    h.single_channel = channel;
    h.single_range = range;
    h.single_conv = conversion_time;
    END(1);
}

LSIM_EXPORT int16_t HRDLGetSingleValueAsync(int16_t handle, int32_t *value, int16_t *overflow)
{
    BEGIN(handle);
    if (!value || !h.single_pending)
        FAIL(SE_INVALID_PARAMETER);
    h.single_pending = false;
    END(single(s, (int16_t)h.single_channel, (int16_t)h.single_range, (int16_t)h.single_conv,
               overflow, value));
}

LSIM_EXPORT int16_t HRDLAcknowledge(int16_t handle)
{
    BEGIN(handle);
    END(1);
}
