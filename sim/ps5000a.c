/* The exported ps5000a ABI of the simulator: vendor names, prototypes and PICO_STATUS codes
 * (shared/research/picosdk-api.md §2); argument checks here, behaviour in unit.c/stream.c. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "sim_unit.h"

#define SIM_SERIAL "SIM0001"

SIM_EXPORT pico_status ps5000aOpenUnit(int16_t *handle, int8_t *serial, int32_t resolution)
{
    if (!handle)
        return PICO_NULL_PARAMETER;
    pico_status st = sim_enter(0, 0);
    if (st != PICO_OK)
        return st;
    struct sim_unit *u = &sim_the_unit;
    *handle = 0;
    if (u->open || (serial && strcmp((const char *)serial, SIM_SERIAL) != 0))
        SIM_END(PICO_NOT_FOUND);
    if (resolution < PS5000A_DR_8BIT || resolution > PS5000A_DR_16BIT)
        SIM_END(PICO_INVALID_DEVICE_RESOLUTION);
    memset(u, 0, sizeof *u);
    char err[256];
    if (sim_config_from_env(&u->cfg, err, sizeof err) != 0) {
        *handle = -1; /* the vendor's "found but failed to open" */
        SIM_END(PICO_OPERATION_FAILED);
    }
    u->open = 1;
    u->resolution = resolution;
    if (u->cfg.model[0] && u->cfg.model[0] != '5') { /* a 6000E spec is not this library's */
        u->open = 0;
        *handle = -1;
        SIM_END(PICO_OPERATION_FAILED);
    }
    snprintf(u->cfg.model, sizeof u->cfg.model, "%s", sim_model(u, "5444D"));
    u->n_analog = strcmp(u->cfg.model, "5244D") == 0 ? 2 : 4;
    for (int c = 0; c < u->n_analog; c++) { /* all off: a client enables what it streams */
        u->ch[c].enabled = 0;
        u->ch[c].coupling = PS5000A_DC;
        u->ch[c].range = PS5000A_5V;
    }
    u->power_pending = u->cfg.power_status;
    *handle = SIM_HANDLE;
    SIM_END(u->power_pending ? u->power_pending : PICO_OK);
}

SIM_EXPORT pico_status ps5000aOpenUnitAsync(int16_t *status, int8_t *serial, int32_t resolution)
{
    static int16_t pending;
    if (!status)
        return PICO_NULL_PARAMETER;
    pico_status st = ps5000aOpenUnit(&pending, serial, resolution);
    *status = st == PICO_OK || st == PICO_POWER_SUPPLY_NOT_CONNECTED ||
              st == PICO_USB3_0_DEVICE_NON_USB3_0_PORT;
    return st;
}

SIM_EXPORT pico_status ps5000aOpenUnitProgress(int16_t *handle, int16_t *progressPercent,
                                               int16_t *complete)
{
    if (!handle || !progressPercent || !complete)
        return PICO_NULL_PARAMETER;
    *handle = sim_the_unit.open ? SIM_HANDLE : 0;
    *progressPercent = 100;
    *complete = 1;
    return PICO_OK;
}

SIM_EXPORT pico_status ps5000aGetUnitInfo(int16_t handle, int8_t *string, int16_t stringLength,
                                          int16_t *requiredSize, pico_info info)
{
    struct sim_identity id = {"2.1.0.0 picostream-sim",
                              sim_the_unit.cfg.power_status == PICO_USB3_0_DEVICE_NON_USB3_0_PORT
                                  ? "2.0"
                                  : "3.0",
                              SIM_SERIAL};
    return sim_unit_info(handle, string, stringLength, requiredSize, info, &id);
}

SIM_EXPORT pico_status ps5000aFlashLed(int16_t handle, int16_t start)
{
    (void)start;
    SIM_BEGIN(handle);
    SIM_END(PICO_OK);
}

SIM_EXPORT pico_status ps5000aIsLedFlashing(int16_t handle, int16_t *status)
{
    SIM_BEGIN(handle);
    if (!status)
        SIM_END(PICO_NULL_PARAMETER);
    *status = 0;
    SIM_END(PICO_OK);
}

SIM_EXPORT pico_status ps5000aCloseUnit(int16_t handle)
{
    return sim_close_unit(handle);
}

SIM_EXPORT pico_status ps5000aSetChannel(int16_t handle, int32_t channel, int16_t enabled,
                                         int32_t type, int32_t range, float analogOffset)
{
    SIM_BEGIN(handle);
    if (u->streaming)
        SIM_END(PICO_NOT_AVAILABLE_WHEN_STREAMING_IS_RUNNING);
    if (channel < PS5000A_CHANNEL_A || channel >= u->n_analog)
        SIM_END(PICO_INVALID_CHANNEL);
    struct sim_channel_state *ch = &u->ch[channel];
    if (!enabled) {
        ch->enabled = 0;
        SIM_END(PICO_OK);
    }
    if (u->usb_powered && channel >= 2)
        SIM_END(PICO_CHANNEL_DISABLED_DUE_TO_USB_POWERED);
    if (type != PS5000A_AC && type != PS5000A_DC)
        SIM_END(PICO_INVALID_PARAMETER);
    if (range < PS5000A_10MV || range > PS5000A_20V) /* a 5000D has no 50 V range */
        SIM_END(PICO_INVALID_VOLTAGE_RANGE);
    double lim = range <= PS5000A_200MV ? 0.25 : (range <= PS5000A_2V ? 2.5 : 20.0);
    if (analogOffset > lim || analogOffset < -lim)
        SIM_END(PICO_ARGUMENT_OUT_OF_RANGE);
    if (!ch->enabled && sim_enabled_count(u) + 1 > sim_max_channels_for_resolution(u->resolution))
        SIM_END(PICO_INVALID_NUMBER_CHANNELS_FOR_RESOLUTION);
    ch->enabled = 1;
    ch->coupling = type;
    ch->range = range;
    ch->analog_offset_v = analogOffset;
    SIM_END(PICO_OK);
}

SIM_EXPORT pico_status ps5000aSetBandwidthFilter(int16_t handle, int32_t channel, int32_t bandwidth)
{
    SIM_BEGIN(handle);
    if (channel < 0 || channel >= u->n_analog)
        SIM_END(PICO_INVALID_CHANNEL);
    SIM_END(bandwidth == 0 || bandwidth == 1 ? PICO_OK : PICO_INVALID_PARAMETER);
}

static pico_status timebase(struct sim_unit *u, uint32_t tb, uint64_t *ps, int32_t *max_samples)
{
    *ps = sim_timebase_ps(u->resolution, tb);
    if (*ps == 0)
        return PICO_INVALID_TIMEBASE;
    int n = sim_enabled_count(u);
    if (max_samples)
        *max_samples = (int32_t)(SIM_DEVICE_MEMORY / (uint32_t)(n ? n : 1) > INT32_MAX
                                     ? INT32_MAX
                                     : SIM_DEVICE_MEMORY / (uint32_t)(n ? n : 1));
    return PICO_OK;
}

SIM_EXPORT pico_status ps5000aGetTimebase(int16_t handle, uint32_t tb, int32_t noSamples,
                                          int32_t *timeIntervalNanoseconds, int32_t *maxSamples,
                                          uint32_t segmentIndex)
{
    (void)noSamples;
    SIM_BEGIN(handle);
    if (segmentIndex != 0)
        SIM_END(PICO_INVALID_PARAMETER);
    uint64_t ps;
    pico_status st = timebase(u, tb, &ps, maxSamples);
    if (st == PICO_OK && timeIntervalNanoseconds)
        *timeIntervalNanoseconds = (int32_t)(ps / 1000);
    SIM_END(st);
}

SIM_EXPORT pico_status ps5000aGetTimebase2(int16_t handle, uint32_t tb, int32_t noSamples,
                                           float *timeIntervalNanoseconds, int32_t *maxSamples,
                                           uint32_t segmentIndex)
{
    (void)noSamples;
    SIM_BEGIN(handle);
    if (segmentIndex != 0)
        SIM_END(PICO_INVALID_PARAMETER);
    uint64_t ps;
    pico_status st = timebase(u, tb, &ps, maxSamples);
    if (st == PICO_OK && timeIntervalNanoseconds)
        *timeIntervalNanoseconds = (float)((double)ps / 1000.0);
    SIM_END(st);
}

SIM_EXPORT pico_status ps5000aSetSimpleTrigger(int16_t handle, int16_t enable, int32_t channel,
                                               int16_t threshold, int32_t direction, uint32_t delay,
                                               int16_t autoTrigger_ms)
{
    SIM_BEGIN(handle);
    if (u->streaming)
        SIM_END(PICO_NOT_AVAILABLE_WHEN_STREAMING_IS_RUNNING);
    if (!enable) {
        u->trig.enabled = 0;
        SIM_END(PICO_OK);
    }
    if (channel < 0 || channel >= u->n_analog)
        SIM_END(PICO_INVALID_CHANNEL);
    if (direction < PS5000A_ABOVE || direction > PS5000A_RISING_OR_FALLING || autoTrigger_ms < 0)
        SIM_END(PICO_INVALID_PARAMETER);
    u->trig = (struct sim_trigger){1, channel, threshold, direction, delay, autoTrigger_ms};
    SIM_END(PICO_OK);
}

static pico_status set_buffer(int16_t handle, int32_t source, int16_t *buf, int32_t len,
                              uint32_t segment, int32_t mode)
{
    SIM_BEGIN(handle);
    if (source < 0 || source >= u->n_analog)
        SIM_END(PICO_INVALID_CHANNEL);
    if (segment != 0)
        SIM_END(PICO_INVALID_PARAMETER);
    if (mode != PS5000A_RATIO_MODE_NONE)
        SIM_END(PICO_RATIO_MODE_NOT_SUPPORTED);
    if (len < 0 || (buf && len == 0))
        SIM_END(PICO_INVALID_PARAMETER);
    u->ch[source].buf = buf;
    u->ch[source].buf_len = buf ? len : 0;
    SIM_END(PICO_OK);
}

SIM_EXPORT pico_status ps5000aSetDataBuffers(int16_t handle, int32_t source, int16_t *bufferMax,
                                             int16_t *bufferMin, int32_t bufferLth,
                                             uint32_t segmentIndex, int32_t mode)
{
    (void)bufferMin; /* only aggregation fills the minimum buffer */
    return set_buffer(handle, source, bufferMax, bufferLth, segmentIndex, mode);
}

SIM_EXPORT pico_status ps5000aSetDataBuffer(int16_t handle, int32_t source, int16_t *buffer,
                                            int32_t bufferLth, uint32_t segmentIndex, int32_t mode)
{
    return set_buffer(handle, source, buffer, bufferLth, segmentIndex, mode);
}

SIM_EXPORT pico_status ps5000aRunStreaming(int16_t handle, uint32_t *sampleInterval,
                                           int32_t sampleIntervalTimeUnits,
                                           uint32_t maxPreTriggerSamples,
                                           uint32_t maxPostTriggerSamples, int16_t autoStop,
                                           uint32_t downSampleRatio, int32_t downSampleRatioMode,
                                           uint32_t overviewBufferSize)
{
    SIM_BEGIN(handle);
    SIM_END(sim_run_streaming(u, sampleInterval, sampleIntervalTimeUnits, maxPreTriggerSamples,
                              maxPostTriggerSamples, autoStop, downSampleRatio, downSampleRatioMode,
                              overviewBufferSize));
}

SIM_EXPORT pico_status ps5000aGetStreamingLatestValues(int16_t handle,
                                                       ps5000a_streaming_ready lpPs5000aReady,
                                                       void *pParameter)
{
    SIM_BEGIN(handle);
    SIM_END(sim_poll(u, handle, lpPs5000aReady, pParameter));
}

SIM_EXPORT pico_status ps5000aNoOfStreamingValues(int16_t handle, uint32_t *noOfValues)
{
    SIM_BEGIN(handle);
    if (!noOfValues)
        SIM_END(PICO_NULL_PARAMETER);
    if (u->streaming && !u->stopped_by_autostop)
        SIM_END(PICO_DEVICE_SAMPLING);
    *noOfValues = u->delivered > UINT32_MAX ? UINT32_MAX : (uint32_t)u->delivered;
    SIM_END(PICO_OK);
}

SIM_EXPORT pico_status ps5000aEnumerateUnits(int16_t *count, int8_t *serials, int16_t *serialLth)
{
    if (!count)
        return PICO_NULL_PARAMETER;
    *count = 1;
    if (serials && serialLth) {
        snprintf((char *)serials, (size_t)(*serialLth > 0 ? *serialLth : 0), "%s", SIM_SERIAL);
        *serialLth = (int16_t)strlen(SIM_SERIAL);
    }
    return PICO_OK;
}

SIM_EXPORT pico_status ps5000aMaximumValue(int16_t handle, int16_t *value)
{
    SIM_BEGIN(handle);
    if (!value)
        SIM_END(PICO_NULL_PARAMETER);
    *value = sim_adc_max(u->resolution);
    SIM_END(PICO_OK);
}

SIM_EXPORT pico_status ps5000aMinimumValue(int16_t handle, int16_t *value)
{
    SIM_BEGIN(handle);
    if (!value)
        SIM_END(PICO_NULL_PARAMETER);
    *value = (int16_t)-sim_adc_max(u->resolution);
    SIM_END(PICO_OK);
}

SIM_EXPORT pico_status ps5000aGetAnalogueOffset(int16_t handle, int32_t range, int32_t coupling,
                                                float *maximumVoltage, float *minimumVoltage)
{
    (void)coupling;
    SIM_BEGIN(handle);
    if (range < PS5000A_10MV || range > PS5000A_20V)
        SIM_END(PICO_INVALID_VOLTAGE_RANGE);
    if (!maximumVoltage || !minimumVoltage)
        SIM_END(PICO_NULL_PARAMETER);
    float lim = range <= PS5000A_200MV ? 0.25f : (range <= PS5000A_2V ? 2.5f : 20.0f);
    *maximumVoltage = lim;
    *minimumVoltage = -lim;
    SIM_END(PICO_OK);
}

SIM_EXPORT pico_status ps5000aGetMaxSegments(int16_t handle, uint32_t *maxSegments)
{
    SIM_BEGIN(handle);
    if (!maxSegments)
        SIM_END(PICO_NULL_PARAMETER);
    *maxSegments = 1;
    SIM_END(PICO_OK);
}

SIM_EXPORT pico_status ps5000aChangePowerSource(int16_t handle, pico_status powerState)
{
    pico_status st = sim_enter(handle, 1);
    if (st != PICO_OK)
        return st;
    struct sim_unit *u = &sim_the_unit;
    if (powerState == PICO_POWER_SUPPLY_CONNECTED) {
        u->power_pending = 0;
        u->usb_powered = 0;
        SIM_END(PICO_OK);
    }
    if (powerState != PICO_POWER_SUPPLY_NOT_CONNECTED &&
        powerState != PICO_USB3_0_DEVICE_NON_USB3_0_PORT)
        SIM_END(PICO_INVALID_PARAMETER);
    if (u->power_pending && powerState != u->power_pending)
        SIM_END(PICO_INVALID_PARAMETER);
    u->power_pending = 0;
    u->usb_powered = 1; /* USB power only: the unit runs as a 2-channel scope */
    for (int c = 2; c < SIM_MAX_CHANNELS; c++)
        u->ch[c].enabled = 0;
    SIM_END(PICO_OK);
}

SIM_EXPORT pico_status ps5000aCurrentPowerSource(int16_t handle)
{
    pico_status st = sim_enter(handle, 1);
    if (st != PICO_OK)
        return st;
    SIM_END(sim_the_unit.usb_powered || sim_the_unit.power_pending ? PICO_POWER_SUPPLY_NOT_CONNECTED
                                                                   : PICO_POWER_SUPPLY_CONNECTED);
}

SIM_EXPORT pico_status ps5000aStop(int16_t handle)
{
    SIM_BEGIN(handle);
    sim_stop(u);
    SIM_END(PICO_OK);
}

SIM_EXPORT pico_status ps5000aPingUnit(int16_t handle)
{
    SIM_BEGIN(handle);
    SIM_END(PICO_OK);
}

SIM_EXPORT pico_status ps5000aSetDeviceResolution(int16_t handle, int32_t resolution)
{
    SIM_BEGIN(handle);
    if (u->streaming)
        SIM_END(PICO_NOT_AVAILABLE_WHEN_STREAMING_IS_RUNNING);
    if (resolution < PS5000A_DR_8BIT || resolution > PS5000A_DR_16BIT)
        SIM_END(PICO_INVALID_DEVICE_RESOLUTION);
    if (sim_enabled_count(u) > sim_max_channels_for_resolution(resolution))
        SIM_END(PICO_INVALID_NUMBER_CHANNELS_FOR_RESOLUTION);
    u->resolution = resolution;
    SIM_END(PICO_OK);
}

SIM_EXPORT pico_status ps5000aGetDeviceResolution(int16_t handle, int32_t *resolution)
{
    SIM_BEGIN(handle);
    if (!resolution)
        SIM_END(PICO_NULL_PARAMETER);
    *resolution = u->resolution;
    SIM_END(PICO_OK);
}

SIM_EXPORT pico_status ps5000aMemorySegments(int16_t handle, uint32_t nSegments,
                                             int32_t *nMaxSamples)
{
    SIM_BEGIN(handle);
    if (nSegments != 1)
        SIM_END(PICO_NOT_SUPPORTED_BY_THIS_DEVICE);
    if (nMaxSamples)
        *nMaxSamples = (int32_t)(SIM_DEVICE_MEMORY / 2);
    SIM_END(PICO_OK);
}

