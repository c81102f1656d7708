/* libps6000a.so: the PicoScope 6000E's exported streaming functions, with the vendor's names and
 * argument types (shared/research/picosdk-api.md §3.3); the rest are generated stubs. */
#include "info_api.h"

static const struct info_family f6000 = {"6824E", "SIM6000", 1, 4000000000ull};

SIM_EXPORT pico_status ps6000aOpenUnit(int16_t *handle, int8_t *serial, int32_t resolution)
{
    return info_open(&f6000, handle, serial, resolution);
}

SIM_EXPORT pico_status ps6000aCloseUnit(int16_t handle)
{
    return info_close(handle);
}

SIM_EXPORT pico_status ps6000aGetUnitInfo(int16_t handle, int8_t *string, int16_t stringLength,
                                          int16_t *requiredSize, uint32_t info)
{
    return info_unit_info(handle, string, stringLength, requiredSize, info);
}

SIM_EXPORT pico_status ps6000aSetChannelOn(int16_t handle, int32_t channel, int32_t coupling,
                                           int32_t range, double analogueOffset,
                                           int32_t bandwidth)
{
    return info_channel_on(handle, channel, coupling, range, analogueOffset, bandwidth);
}

SIM_EXPORT pico_status ps6000aSetChannelOff(int16_t handle, int32_t channel)
{
    return info_channel_off(handle, channel);
}

SIM_EXPORT pico_status ps6000aSetDataBuffer(int16_t handle, int32_t channel, void *buffer,
                                            int32_t nSamples, int32_t dataType, uint64_t waveform,
                                            uint32_t downSampleRatioMode, uint32_t action)
{
    return info_data_buffer(handle, channel, buffer, NULL,
                            nSamples < 0 ? 0 : (uint64_t)nSamples, dataType, waveform,
                            downSampleRatioMode, action);
}

SIM_EXPORT pico_status ps6000aSetDataBuffers(int16_t handle, int32_t channel, void *bufferMax,
                                             void *bufferMin, int32_t nSamples, int32_t dataType,
                                             uint64_t waveform, uint32_t downSampleRatioMode,
                                             uint32_t action)
{
    return info_data_buffer(handle, channel, bufferMax, bufferMin,
                            nSamples < 0 ? 0 : (uint64_t)nSamples, dataType, waveform,
                            downSampleRatioMode, action);
}

SIM_EXPORT pico_status ps6000aSetSimpleTrigger(int16_t handle, int16_t enable, int32_t source,
                                               int16_t threshold, int32_t direction,
                                               uint64_t delay, uint32_t autoTriggerMicroSeconds)
{
    return info_simple_trigger(handle, enable, source, threshold, direction, delay,
                               autoTriggerMicroSeconds);
}

SIM_EXPORT pico_status ps6000aGetAdcLimits(int16_t handle, int32_t resolution, int16_t *minValue,
                                           int16_t *maxValue)
{
    return info_adc_limits(handle, resolution, minValue, maxValue);
}

SIM_EXPORT pico_status ps6000aSetDeviceResolution(int16_t handle, int32_t resolution)
{
    return info_set_resolution(handle, resolution);
}

SIM_EXPORT pico_status ps6000aGetDeviceResolution(int16_t handle, int32_t *resolution)
{
    return info_get_resolution(handle, resolution);
}

SIM_EXPORT pico_status ps6000aNearestSampleIntervalStateless(int16_t handle,
                                                             uint32_t enabledChannelFlags,
                                                             double timeIntervalRequested,
                                                             int32_t resolution,
                                                             uint32_t *timebase,
                                                             double *timeIntervalAvailable)
{
    (void)enabledChannelFlags;
    (void)resolution;
    return info_nearest_interval(handle, timeIntervalRequested, timebase, timeIntervalAvailable);
}

SIM_EXPORT pico_status ps6000aRunStreaming(int16_t handle, double *sampleInterval,
                                           int32_t sampleIntervalTimeUnits,
                                           uint64_t maxPreTriggerSamples,
                                           uint64_t maxPostTriggerSamples, int16_t autoStop,
                                           uint64_t downSampleRatio, uint32_t downSampleRatioMode)
{
    return info_run_streaming(handle, sampleInterval, sampleIntervalTimeUnits,
                              maxPreTriggerSamples, maxPostTriggerSamples, autoStop,
                              downSampleRatio, downSampleRatioMode);
}

SIM_EXPORT pico_status ps6000aGetStreamingLatestValues(int16_t handle,
                                                       pico_streaming_data_info *streamingDataInfo,
                                                       uint64_t nStreamingDataInfos,
                                                       pico_streaming_data_trigger_info *triggerInfo)
{
    return info_latest_values(handle, streamingDataInfo, nStreamingDataInfos, triggerInfo);
}

SIM_EXPORT pico_status ps6000aNoOfStreamingValues(int16_t handle, uint64_t *noOfValues)
{
    return info_no_of_values(handle, noOfValues);
}

SIM_EXPORT pico_status ps6000aStop(int16_t handle)
{
    return info_stop(handle);
}

SIM_EXPORT pico_status ps6000aPingUnit(int16_t handle)
{
    return info_ping(handle);
}

SIM_EXPORT pico_status ps6000aEnumerateUnits(int16_t *count, int8_t *serials, int16_t *serialLth)
{
    return info_enumerate(&f6000, count, serials, serialLth);
}

SIM_EXPORT pico_status ps6000aMemorySegments(int16_t handle, uint64_t nSegments,
                                             uint64_t *nMaxSamples)
{
    if (nMaxSamples)
        *nMaxSamples = nSegments ? f6000.memory_samples / nSegments : 0;
    return nSegments == 1 ? info_ok(handle) : info_ping(handle);
}

SIM_EXPORT pico_status ps6000aSetNoOfCaptures(int16_t handle, uint64_t nCaptures)
{
    (void)nCaptures;
    return info_ok(handle);
}

SIM_EXPORT pico_status ps6000aSetDigitalPortOff(int16_t handle, int32_t port)
{
    (void)port; /* no MSO pods on the simulator: they are off already */
    return info_ok(handle);
}

SIM_SIGGEN_EXPORTS(ps6000a)

SIM_EXPORT pico_status ps6000aSigGenApply(int16_t handle, int16_t sigGenEnabled, int16_t sweepEnabled,
                                          int16_t triggerEnabled,
                                          int16_t automaticClockOptimisationEnabled,
                                          int16_t overrideAutomaticClockAndPrescale,
                                          double *frequency, double *stopFrequency,
                                          double *frequencyIncrement, double *dwellTime)
{
    (void)triggerEnabled;
    (void)automaticClockOptimisationEnabled;
    (void)overrideAutomaticClockAndPrescale;
    return siggen_apply(handle, sigGenEnabled, sweepEnabled, frequency, stopFrequency,
                        frequencyIncrement, dwellTime);
}
