/* libpsospa.so: the PicoScope 3000E's exported streaming functions, with psospa's argument types
 * where they differ from ps6000a's: ranges in nV with a range type, 64-bit buffer sizes, the
 * USB power details at open, roundFaster (shared/research/picosdk-families-loggers.md §5). */
#include "info_api.h"

static const struct info_family f3000 = {"3418E", "SIM3000", 0, 2000000000ull};

SIM_EXPORT pico_status psospaOpenUnit(int16_t *handle, int8_t *serial, int32_t resolution,
                                      void *powerDetails)
{
    (void)powerDetails; /* a simulated unit always has its power supply */
    return info_open(&f3000, handle, serial, resolution);
}

SIM_EXPORT pico_status psospaCloseUnit(int16_t handle)
{
    return info_close(handle);
}

SIM_EXPORT pico_status psospaGetUnitInfo(int16_t handle, int8_t *string, int16_t stringLength,
                                         int16_t *requiredSize, uint32_t info)
{
    return info_unit_info(handle, string, stringLength, requiredSize, info);
}

/* ±range in nV → the x1 range index; -1 when it is not one of the unit's ranges */
static int32_t range_index(int64_t min_nv, int64_t max_nv)
{
    static const int64_t mv[] = {10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000};
    for (int32_t i = 0; i < 11; i++)
        if (max_nv == mv[i] * 1000000 && min_nv == -max_nv)
            return i;
    return -1;
}

SIM_EXPORT pico_status psospaSetChannelOn(int16_t handle, int32_t channel, int32_t coupling,
                                          int64_t rangeMin, int64_t rangeMax, int32_t rangeType,
                                          double analogueOffset, int32_t bandwidth)
{
    int32_t r = range_index(rangeMin, rangeMax);
    if (rangeType != PICO_PROBE_NONE_NV)
        return PICO_INVALID_PARAMETER;
    return info_channel_on(handle, channel, coupling, r < 0 ? 99 : r, analogueOffset, bandwidth);
}

SIM_EXPORT pico_status psospaSetChannelOff(int16_t handle, int32_t channel)
{
    return info_channel_off(handle, channel);
}

SIM_EXPORT pico_status psospaSetDataBuffer(int16_t handle, int32_t channel, void *buffer,
                                           uint64_t nSamples, int32_t dataType, uint64_t waveform,
                                           uint32_t downSampleRatioMode, uint32_t action)
{
    return info_data_buffer(handle, channel, buffer, NULL, nSamples, dataType, waveform,
                            downSampleRatioMode, action);
}

/* nSamples: int64 in Pico's Python wrapper, uint64 in the header; either reads the same */
SIM_EXPORT pico_status psospaSetDataBuffers(int16_t handle, int32_t channel, void *bufferMax,
                                            void *bufferMin, uint64_t nSamples, int32_t dataType,
                                            uint64_t waveform, uint32_t downSampleRatioMode,
                                            uint32_t action)
{
    return info_data_buffer(handle, channel, bufferMax, bufferMin, nSamples, dataType, waveform,
                            downSampleRatioMode, action);
}

SIM_EXPORT pico_status psospaSetSimpleTrigger(int16_t handle, int16_t enable, int32_t source,
                                              int16_t threshold, int32_t direction, uint64_t delay,
                                              uint32_t autoTriggerMicroSeconds)
{
    return info_simple_trigger(handle, enable, source, threshold, direction, delay,
                               autoTriggerMicroSeconds);
}

SIM_EXPORT pico_status psospaGetAdcLimits(int16_t handle, int32_t resolution, int16_t *minValue,
                                          int16_t *maxValue)
{
    return info_adc_limits(handle, resolution, minValue, maxValue);
}

SIM_EXPORT pico_status psospaSetDeviceResolution(int16_t handle, int32_t resolution)
{
    return info_set_resolution(handle, resolution);
}

SIM_EXPORT pico_status psospaGetDeviceResolution(int16_t handle, int32_t *resolution)
{
    return info_get_resolution(handle, resolution);
}

SIM_EXPORT pico_status psospaNearestSampleIntervalStateless(int16_t handle,
                                                            uint32_t enabledChannelFlags,
                                                            double timeIntervalRequested,
                                                            uint8_t roundFaster,
                                                            int32_t resolution, uint32_t *timebase,
                                                            double *timeIntervalAvailable)
{
    (void)enabledChannelFlags;
    (void)roundFaster;
    (void)resolution;
    return info_nearest_interval(handle, timeIntervalRequested, timebase, timeIntervalAvailable);
}

SIM_EXPORT pico_status psospaRunStreaming(int16_t handle, double *sampleInterval,
                                          int32_t sampleIntervalTimeUnits,
                                          uint64_t maxPreTriggerSamples,
                                          uint64_t maxPostTriggerSamples, int16_t autoStop,
                                          uint64_t downSampleRatio, uint32_t downSampleRatioMode)
{
    return info_run_streaming(handle, sampleInterval, sampleIntervalTimeUnits,
                              maxPreTriggerSamples, maxPostTriggerSamples, autoStop,
                              downSampleRatio, downSampleRatioMode);
}

SIM_EXPORT pico_status psospaGetStreamingLatestValues(int16_t handle,
                                                      pico_streaming_data_info *streamingDataInfo,
                                                      uint64_t nStreamingDataInfos,
                                                      pico_streaming_data_trigger_info *triggerInfo)
{
    return info_latest_values(handle, streamingDataInfo, nStreamingDataInfos, triggerInfo);
}

SIM_EXPORT pico_status psospaNoOfStreamingValues(int16_t handle, uint64_t *noOfValues)
{
    return info_no_of_values(handle, noOfValues);
}

SIM_EXPORT pico_status psospaStop(int16_t handle)
{
    return info_stop(handle);
}

SIM_EXPORT pico_status psospaPingUnit(int16_t handle)
{
    return info_ping(handle);
}

SIM_EXPORT pico_status psospaEnumerateUnits(int16_t *count, int8_t *serials, int16_t *serialLth)
{
    return info_enumerate(&f3000, count, serials, serialLth);
}

SIM_EXPORT pico_status psospaMemorySegments(int16_t handle, uint64_t nSegments,
                                            uint64_t *nMaxSamples)
{
    if (nMaxSamples)
        *nMaxSamples = nSegments ? f3000.memory_samples / nSegments : 0;
    return info_ok(handle);
}

SIM_EXPORT pico_status psospaSetNoOfCaptures(int16_t handle, uint64_t nCaptures)
{
    (void)nCaptures;
    return info_ok(handle);
}

SIM_EXPORT pico_status psospaSetDigitalPortOff(int16_t handle, int32_t port)
{
    (void)port;
    return info_ok(handle);
}

SIM_SIGGEN_EXPORTS(psospa)

SIM_EXPORT pico_status psospaSigGenApply(int16_t handle, int16_t sigGenEnabled, int16_t sweepEnabled,
                                         int16_t triggerEnabled, double *frequency,
                                         double *stopFrequency, double *frequencyIncrement,
                                         double *dwellTime)
{
    (void)triggerEnabled;
    return siggen_apply(handle, sigGenEnabled, sweepEnabled, frequency, stopFrequency,
                        frequencyIncrement, dwellTime);
}
