/* The simulated PicoLog 1000 series: every export of libpl1000 (pl1000Api.h, 17 functions, all
 * returning PICO_STATUS), over the logger engine. Inputs 1 … 16 read 0 … 2.5 V as codes
 * 0 … maxValue; in BM_STREAM each pl1000GetValues returns the sets made since the last one,
 * the driver keeping the newest no_of_values values (older ones are overwritten). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logger_sim.h"
#include "pico_loggers.h"

#define FAMILY "pl1000"

static struct {
    int16_t channels[PL1000_MAX_CHANNELS]; /* 0-based inputs of a set, in order */
    int16_t n;
    uint32_t conv_us; /* per conversion */
    int method;
    uint64_t cursor; /* next set to hand over */
    uint64_t block;  /* BM_SINGLE / BM_WINDOW: sets per block */
    int open_pending;
} pl;

#define BEGIN(handle) LSIM_BEGIN_STATUS(handle)
#define END(st) LSIM_END(st)

LSIM_EXPORT pico_status pl1000OpenUnit(int16_t *handle)
{
    if (!handle)
        return PICO_NULL_PARAMETER;
    pthread_mutex_lock(&lsim_lock);
    *handle = 0;
    pico_status st = PICO_OK;
    if (lsim_the_unit.open)
        st = PICO_NOT_FOUND; /* one simulated unit, already open */
    else if (!lsim_open(&lsim_the_unit, FAMILY))
        st = PICO_NOT_FOUND;
    else {
        memset(&pl, 0, sizeof pl);
        *handle = LSIM_HANDLE;
    }
    pthread_mutex_unlock(&lsim_lock);
    return st;
}

LSIM_EXPORT pico_status pl1000OpenUnitAsync(int16_t *status)
{
    if (!status)
        return PICO_NULL_PARAMETER;
    pl.open_pending = 1;
    *status = 1;
    return PICO_OK;
}

LSIM_EXPORT pico_status pl1000OpenUnitProgress(int16_t *handle, int16_t *progress,
                                               int16_t *complete)
{
    if (!handle || !complete)
        return PICO_NULL_PARAMETER;
    if (!pl.open_pending)
        return PICO_NOT_FOUND;
    pl.open_pending = 0;
    pico_status st = pl1000OpenUnit(handle);
    if (progress)
        *progress = 100;
    *complete = 1;
    return st;
}

LSIM_EXPORT pico_status pl1000CloseUnit(int16_t handle)
{
    pthread_mutex_lock(&lsim_lock);
    if (handle != LSIM_HANDLE || !lsim_the_unit.open)
        END(PICO_INVALID_HANDLE);
    lsim_close(&lsim_the_unit);
    END(PICO_OK);
}

LSIM_EXPORT pico_status pl1000GetUnitInfo(int16_t handle, int8_t *string, int16_t length,
                                          int16_t *required, pico_info info)
{
    return lsim_pico_unit_info(FAMILY, handle, string, length, required, info, NULL);
}

LSIM_EXPORT pico_status pl1000PingUnit(int16_t handle)
{
    BEGIN(handle);
    END(PICO_OK);
}

LSIM_EXPORT pico_status pl1000SetDo(int16_t handle, int16_t do_value, int16_t do_no)
{
    BEGIN(handle);
    (void)do_value;
    END(do_no < 0 || do_no > 3 ? PICO_INVALID_PARAMETER : PICO_OK);
}

LSIM_EXPORT pico_status pl1000SetPulseWidth(int16_t handle, uint16_t period, uint8_t cycle)
{
    BEGIN(handle);
    END(period < 100 || period > 1800 || cycle > 100 ? PICO_INVALID_PARAMETER : PICO_OK);
}

LSIM_EXPORT pico_status pl1000MaxValue(int16_t handle, uint16_t *max_value)
{
    BEGIN(handle);
    if (!max_value)
        END(PICO_NULL_PARAMETER);
    *max_value = (uint16_t)s->model->code_max;
    END(PICO_OK);
}

LSIM_EXPORT pico_status pl1000SetInterval(int16_t handle, uint32_t *us_for_block,
                                          uint32_t ideal_no_of_samples, int16_t *channels,
                                          int16_t no_of_channels)
{
    BEGIN(handle);
    if (!us_for_block || !channels)
        END(PICO_NULL_PARAMETER);
    if (no_of_channels < 1 || no_of_channels > (int16_t)s->model->channels ||
        ideal_no_of_samples == 0)
        END(PICO_INVALID_PARAMETER);
    bool seen[PL1000_MAX_CHANNELS] = {false};
    for (int i = 0; i < no_of_channels; i++) {
        int c = channels[i];
        if (c < PL1000_CHANNEL_1 || c > (int)s->model->channels || seen[c - 1])
            END(PICO_INVALID_CHANNEL);
        seen[c - 1] = true;
    }
    /* whole microseconds per conversion, 10 µs at the fastest (100 kS/s over the inputs) */
    double conversions = (double)ideal_no_of_samples * no_of_channels;
    double us = floor((double)*us_for_block / conversions + 0.5);
    if (us < s->model->per_channel_s * 1e6)
        us = s->model->per_channel_s * 1e6;
    if (us * conversions > 4294967295.0)
        END(PICO_INVALID_SAMPLE_INTERVAL);
    *us_for_block = (uint32_t)(us * conversions);
    for (int i = 0; i < no_of_channels; i++)
        pl.channels[i] = (int16_t)(channels[i] - 1);
    pl.n = no_of_channels;
    pl.conv_us = (uint32_t)us;
    pl.block = ideal_no_of_samples;
    END(PICO_OK);
}

LSIM_EXPORT pico_status pl1000SetTrigger(int16_t handle, uint16_t enabled, uint16_t auto_trigger,
                                         uint16_t auto_ms, uint16_t channel, uint16_t dir,
                                         uint16_t threshold, uint16_t hysterisis, float delay)
{
    BEGIN(handle);
    (void)auto_trigger, (void)auto_ms, (void)channel, (void)dir, (void)threshold,
        (void)hysterisis, (void)delay;
    END(enabled ? PICO_NOT_SUPPORTED_BY_THIS_DEVICE : PICO_OK); /* not simulated */
}

LSIM_EXPORT pico_status pl1000Run(int16_t handle, uint32_t no_of_values, int32_t method)
{
    BEGIN(handle);
    if (pl.n == 0)
        END(PICO_INVALID_CHANNEL); /* pl1000SetInterval first */
    if (method < PL1000_BM_SINGLE || method > PL1000_BM_STREAM || no_of_values < (uint32_t)pl.n)
        END(PICO_INVALID_PARAMETER);
    for (int c = 0; c < SIM_MAX_CHANNELS; c++)
        s->enabled[c] = false;
    for (int i = 0; i < pl.n; i++)
        s->enabled[pl.channels[i]] = true;
    pl.method = method;
    pl.cursor = 0;
    uint64_t sets = no_of_values / (uint32_t)pl.n; /* no_of_values counts every input's */
    if (method != PL1000_BM_STREAM && sets > 8000u / (uint32_t)pl.n)
        END(PICO_TOO_MANY_SAMPLES); /* a block lives in the unit's 8000 samples */
    lsim_start(s, (double)((uint64_t)pl.conv_us * (uint64_t)pl.n) * 1e-6, sets);
    if (method != PL1000_BM_STREAM)
        pl.block = sets;
    END(PICO_OK);
}

LSIM_EXPORT pico_status pl1000Ready(int16_t handle, int16_t *ready)
{
    BEGIN(handle);
    if (!ready)
        END(PICO_NULL_PARAMETER);
    uint64_t made = lsim_made(s);
    *ready = (int16_t)(pl.method == PL1000_BM_STREAM ? made > 0 : made >= pl.block);
    END(PICO_OK);
}

LSIM_EXPORT pico_status pl1000Stop(int16_t handle)
{
    BEGIN(handle);
    lsim_stop(s);
    END(PICO_OK);
}

LSIM_EXPORT pico_status pl1000GetValues(int16_t handle, uint16_t *values, uint32_t *no_of_values,
                                        uint16_t *overflow, uint32_t *trigger_index)
{
    BEGIN(handle);
    if (!values || !no_of_values)
        END(PICO_NULL_PARAMETER);
    if (!s->running && pl.cursor == 0)
        END(PICO_INVALID_CALL);
    uint64_t want = *no_of_values, n;
    if (pl.method == PL1000_BM_STREAM) {
        n = lsim_available(s, &pl.cursor, want, NULL);
    } else { /* a block: all of it once it is made */
        if (lsim_made(s) < pl.block)
            END(PICO_NO_SAMPLES_AVAILABLE);
        pl.cursor = 0;
        n = want < pl.block ? want : pl.block;
    }
    uint16_t over = 0;
    float *v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        END(PICO_MEMORY_FAIL);
    double scale = PL1000_FULL_SCALE_V / s->model->code_max;
    for (int i = 0; i < pl.n; i++) {
        int o = 0;
        lsim_values(s, (unsigned)pl.channels[i], pl.cursor, (size_t)n, v);
        for (uint64_t j = 0; j < n; j++)
            values[j * (uint64_t)pl.n + (uint64_t)i] =
                (uint16_t)sim_logger_code(v[j], scale, 0.0, 0, s->model->code_max, &o);
        if (o)
            over |= (uint16_t)(1u << i); /* bit per input of the set, first = LSB */
    }
    free(v);
    pl.cursor += n;
    *no_of_values = (uint32_t)n;
    if (overflow)
        *overflow = over;
    if (trigger_index)
        *trigger_index = 0;
    END(PICO_OK);
}

LSIM_EXPORT pico_status pl1000GetTriggerTimeOffsetNs(int16_t handle, int64_t *time)
{
    BEGIN(handle);
    (void)time;
    END(PICO_NOT_SUPPORTED_BY_THIS_DEVICE); /* triggers are not simulated */
}

LSIM_EXPORT pico_status pl1000GetSingle(int16_t handle, int32_t channel, uint16_t *value)
{
    BEGIN(handle);
    if (!value)
        END(PICO_NULL_PARAMETER);
    if (channel < PL1000_CHANNEL_1 || channel > (int32_t)s->model->channels)
        END(PICO_INVALID_CHANNEL);
    if (s->running)
        END(PICO_BUSY);
    float v;
    int o = 0;
    /* the input now, on the clock since open: one conversion of 10 µs */
    s->interval_s = s->model->per_channel_s;
    lsim_values(s, (unsigned)(channel - 1), 0, 1, &v);
    *value = (uint16_t)sim_logger_code(v, PL1000_FULL_SCALE_V / s->model->code_max, 0.0, 0,
                                       s->model->code_max, &o);
    END(PICO_OK);
}
