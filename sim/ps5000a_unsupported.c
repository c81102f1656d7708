/* The rest of the vendor's ps5000a exports (block mode, ETS, signal generator, advanced
 * triggers, firmware): present so clients bind every name, answering "not supported". */
#include "sim_unit.h"

pico_status sim_unsupported(int16_t handle);

SIM_EXPORT pico_status ps5000aSetDigitalPort(int16_t handle, int32_t port, int16_t enabled,
                                             int16_t logicLevel)
{
    (void)port;
    (void)enabled;
    (void)logicLevel;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aNearestSampleIntervalStateless(
    int16_t handle, int32_t enabledChannelOrPortFlags, double timeIntervalRequested,
    int32_t resolution, uint16_t useEts, uint32_t *timebase, double *timeIntervalAvailable)
{
    (void)enabledChannelOrPortFlags;
    (void)timeIntervalRequested;
    (void)resolution;
    (void)useEts;
    (void)timebase;
    (void)timeIntervalAvailable;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aGetMinimumTimebaseStateless(int16_t handle,
                                                          int32_t enabledChannelOrPortFlags,
                                                          uint32_t *timebase, double *timeInterval,
                                                          int32_t resolution)
{
    (void)enabledChannelOrPortFlags;
    (void)timebase;
    (void)timeInterval;
    (void)resolution;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aChannelCombinationsStateless(int16_t handle,
                                                           int32_t *channelOrPortFlagsCombinations,
                                                           uint32_t *nChannelCombinations,
                                                           int32_t resolution, uint32_t timebase,
                                                           int16_t hasDcPowerSupplyConnected)
{
    (void)channelOrPortFlagsCombinations;
    (void)nChannelCombinations;
    (void)resolution;
    (void)timebase;
    (void)hasDcPowerSupplyConnected;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aSetSigGenArbitrary(
    int16_t handle, int32_t offsetVoltage, uint32_t pkToPk, uint32_t startDeltaPhase,
    uint32_t stopDeltaPhase, uint32_t deltaPhaseIncrement, uint32_t dwellCount,
    int16_t *arbitraryWaveform, int32_t arbitraryWaveformSize, int32_t sweepType, int32_t operation,
    int32_t indexMode, uint32_t shots, uint32_t sweeps, int32_t triggerType, int32_t triggerSource,
    int16_t extInThreshold)
{
    (void)offsetVoltage;
    (void)pkToPk;
    (void)startDeltaPhase;
    (void)stopDeltaPhase;
    (void)deltaPhaseIncrement;
    (void)dwellCount;
    (void)arbitraryWaveform;
    (void)arbitraryWaveformSize;
    (void)sweepType;
    (void)operation;
    (void)indexMode;
    (void)shots;
    (void)sweeps;
    (void)triggerType;
    (void)triggerSource;
    (void)extInThreshold;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aSetSigGenBuiltIn(int16_t handle, int32_t offsetVoltage,
                                               uint32_t pkToPk, int32_t waveType,
                                               float startFrequency, float stopFrequency,
                                               float increment, float dwellTime, int32_t sweepType,
                                               int32_t operation, uint32_t shots, uint32_t sweeps,
                                               int32_t triggerType, int32_t triggerSource,
                                               int16_t extInThreshold)
{
    (void)offsetVoltage;
    (void)pkToPk;
    (void)waveType;
    (void)startFrequency;
    (void)stopFrequency;
    (void)increment;
    (void)dwellTime;
    (void)sweepType;
    (void)operation;
    (void)shots;
    (void)sweeps;
    (void)triggerType;
    (void)triggerSource;
    (void)extInThreshold;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aSetSigGenBuiltInV2(
    int16_t handle, int32_t offsetVoltage, uint32_t pkToPk, int32_t waveType, double startFrequency,
    double stopFrequency, double increment, double dwellTime, int32_t sweepType, int32_t operation,
    uint32_t shots, uint32_t sweeps, int32_t triggerType, int32_t triggerSource,
    int16_t extInThreshold)
{
    (void)offsetVoltage;
    (void)pkToPk;
    (void)waveType;
    (void)startFrequency;
    (void)stopFrequency;
    (void)increment;
    (void)dwellTime;
    (void)sweepType;
    (void)operation;
    (void)shots;
    (void)sweeps;
    (void)triggerType;
    (void)triggerSource;
    (void)extInThreshold;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aSetSigGenPropertiesArbitrary(
    int16_t handle, uint32_t startDeltaPhase, uint32_t stopDeltaPhase, uint32_t deltaPhaseIncrement,
    uint32_t dwellCount, int32_t sweepType, uint32_t shots, uint32_t sweeps, int32_t triggerType,
    int32_t triggerSource, int16_t extInThreshold)
{
    (void)startDeltaPhase;
    (void)stopDeltaPhase;
    (void)deltaPhaseIncrement;
    (void)dwellCount;
    (void)sweepType;
    (void)shots;
    (void)sweeps;
    (void)triggerType;
    (void)triggerSource;
    (void)extInThreshold;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aSetSigGenPropertiesBuiltIn(int16_t handle, double startFrequency,
                                                         double stopFrequency, double increment,
                                                         double dwellTime, int32_t sweepType,
                                                         uint32_t shots, uint32_t sweeps,
                                                         int32_t triggerType, int32_t triggerSource,
                                                         int16_t extInThreshold)
{
    (void)startFrequency;
    (void)stopFrequency;
    (void)increment;
    (void)dwellTime;
    (void)sweepType;
    (void)shots;
    (void)sweeps;
    (void)triggerType;
    (void)triggerSource;
    (void)extInThreshold;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aSigGenFrequencyToPhase(int16_t handle, double frequency,
                                                     int32_t indexMode, uint32_t bufferLength,
                                                     uint32_t *phase)
{
    (void)frequency;
    (void)indexMode;
    (void)bufferLength;
    (void)phase;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aSigGenArbitraryMinMaxValues(int16_t handle,
                                                          int16_t *minArbitraryWaveformValue,
                                                          int16_t *maxArbitraryWaveformValue,
                                                          uint32_t *minArbitraryWaveformSize,
                                                          uint32_t *maxArbitraryWaveformSize)
{
    (void)minArbitraryWaveformValue;
    (void)maxArbitraryWaveformValue;
    (void)minArbitraryWaveformSize;
    (void)maxArbitraryWaveformSize;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aSigGenSoftwareControl(int16_t handle, int16_t state)
{
    (void)state;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aSetEts(int16_t handle, int32_t mode, int16_t etsCycles,
                                     int16_t etsInterleave, int32_t *sampleTimePicoseconds)
{
    (void)mode;
    (void)etsCycles;
    (void)etsInterleave;
    (void)sampleTimePicoseconds;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aSetTriggerChannelProperties(int16_t handle, void *channelProperties,
                                                          int16_t nChannelProperties,
                                                          int16_t auxOutputEnable,
                                                          int32_t autoTriggerMilliseconds)
{
    (void)channelProperties;
    (void)nChannelProperties;
    (void)auxOutputEnable;
    (void)autoTriggerMilliseconds;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aSetTriggerChannelPropertiesV2(int16_t handle, void *channelProperties,
                                                            int16_t nChannelProperties,
                                                            int16_t auxOutputEnable)
{
    (void)channelProperties;
    (void)nChannelProperties;
    (void)auxOutputEnable;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aSetAutoTriggerMicroSeconds(int16_t handle,
                                                         uint64_t autoTriggerMicroseconds)
{
    (void)autoTriggerMicroseconds;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aSetTriggerChannelConditions(int16_t handle, void *conditions,
                                                          int16_t nConditions)
{
    (void)conditions;
    (void)nConditions;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aSetTriggerChannelConditionsV2(int16_t handle, void *conditions,
                                                            int16_t nConditions, int32_t info)
{
    (void)conditions;
    (void)nConditions;
    (void)info;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aSetTriggerChannelDirections(int16_t handle, int32_t channelA,
                                                          int32_t channelB, int32_t channelC,
                                                          int32_t channelD, int32_t ext,
                                                          int32_t aux)
{
    (void)channelA;
    (void)channelB;
    (void)channelC;
    (void)channelD;
    (void)ext;
    (void)aux;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aSetTriggerChannelDirectionsV2(int16_t handle, void *directions,
                                                            uint16_t nDirections)
{
    (void)directions;
    (void)nDirections;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aSetTriggerDigitalPortProperties(int16_t handle, void *directions,
                                                              int16_t nDirections)
{
    (void)directions;
    (void)nDirections;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aSetPulseWidthDigitalPortProperties(int16_t handle, void *directions,
                                                                 int16_t nDirections)
{
    (void)directions;
    (void)nDirections;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aSetTriggerDelay(int16_t handle, uint32_t delay)
{
    (void)delay;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aSetPulseWidthQualifier(int16_t handle, void *conditions,
                                                     int16_t nConditions, int32_t direction,
                                                     uint32_t lower, uint32_t upper, int32_t type)
{
    (void)conditions;
    (void)nConditions;
    (void)direction;
    (void)lower;
    (void)upper;
    (void)type;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aSetPulseWidthQualifierProperties(int16_t handle, uint32_t lower,
                                                               uint32_t upper, int32_t type)
{
    (void)lower;
    (void)upper;
    (void)type;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aSetPulseWidthQualifierConditions(int16_t handle, void *conditions,
                                                               int16_t nConditions, int32_t info)
{
    (void)conditions;
    (void)nConditions;
    (void)info;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aSetPulseWidthQualifierDirections(int16_t handle, void *directions,
                                                               int16_t nDirections)
{
    (void)directions;
    (void)nDirections;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aIsTriggerOrPulseWidthQualifierEnabled(
    int16_t handle, int16_t *triggerEnabled, int16_t *pulseWidthQualifierEnabled)
{
    (void)triggerEnabled;
    (void)pulseWidthQualifierEnabled;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aGetTriggerTimeOffset(int16_t handle, uint32_t *timeUpper,
                                                   uint32_t *timeLower, int32_t *timeUnits,
                                                   uint32_t segmentIndex)
{
    (void)timeUpper;
    (void)timeLower;
    (void)timeUnits;
    (void)segmentIndex;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aGetTriggerTimeOffset64(int16_t handle, int64_t *time,
                                                     int32_t *timeUnits, uint32_t segmentIndex)
{
    (void)time;
    (void)timeUnits;
    (void)segmentIndex;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aGetValuesTriggerTimeOffsetBulk(int16_t handle, uint32_t *timesUpper,
                                                             uint32_t *timesLower,
                                                             int32_t *timeUnits,
                                                             uint32_t fromSegmentIndex,
                                                             uint32_t toSegmentIndex)
{
    (void)timesUpper;
    (void)timesLower;
    (void)timeUnits;
    (void)fromSegmentIndex;
    (void)toSegmentIndex;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aGetValuesTriggerTimeOffsetBulk64(int16_t handle, int64_t *times,
                                                               int32_t *timeUnits,
                                                               uint32_t fromSegmentIndex,
                                                               uint32_t toSegmentIndex)
{
    (void)times;
    (void)timeUnits;
    (void)fromSegmentIndex;
    (void)toSegmentIndex;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aSetUnscaledDataBuffers(int16_t handle, int32_t source,
                                                     int8_t *bufferMax, int8_t *bufferMin,
                                                     int32_t bufferLth, uint32_t segmentIndex,
                                                     int32_t mode)
{
    (void)source;
    (void)bufferMax;
    (void)bufferMin;
    (void)bufferLth;
    (void)segmentIndex;
    (void)mode;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aSetEtsTimeBuffer(int16_t handle, int64_t *buffer, int32_t bufferLth)
{
    (void)buffer;
    (void)bufferLth;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aSetEtsTimeBuffers(int16_t handle, uint32_t *timeUpper,
                                                uint32_t *timeLower, int32_t bufferLth)
{
    (void)timeUpper;
    (void)timeLower;
    (void)bufferLth;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aIsReady(int16_t handle, int16_t *ready)
{
    (void)ready;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aRunBlock(int16_t handle, int32_t noOfPreTriggerSamples,
                                       int32_t noOfPostTriggerSamples, uint32_t timebase,
                                       int32_t *timeIndisposedMs, uint32_t segmentIndex,
                                       void *lpReady, void *pParameter)
{
    (void)noOfPreTriggerSamples;
    (void)noOfPostTriggerSamples;
    (void)timebase;
    (void)timeIndisposedMs;
    (void)segmentIndex;
    (void)lpReady;
    (void)pParameter;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aGetMaxDownSampleRatio(int16_t handle, uint32_t noOfUnaggreatedSamples,
                                                    uint32_t *maxDownSampleRatio,
                                                    int32_t downSampleRatioMode,
                                                    uint32_t segmentIndex)
{
    (void)noOfUnaggreatedSamples;
    (void)maxDownSampleRatio;
    (void)downSampleRatioMode;
    (void)segmentIndex;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aGetValues(int16_t handle, uint32_t startIndex, uint32_t *noOfSamples,
                                        uint32_t downSampleRatio, int32_t downSampleRatioMode,
                                        uint32_t segmentIndex, int16_t *overflow)
{
    (void)startIndex;
    (void)noOfSamples;
    (void)downSampleRatio;
    (void)downSampleRatioMode;
    (void)segmentIndex;
    (void)overflow;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aGetValuesAsync(int16_t handle, uint32_t startIndex,
                                             uint32_t noOfSamples, uint32_t downSampleRatio,
                                             int32_t downSampleRatioMode, uint32_t segmentIndex,
                                             void *lpDataReady, void *pParameter)
{
    (void)startIndex;
    (void)noOfSamples;
    (void)downSampleRatio;
    (void)downSampleRatioMode;
    (void)segmentIndex;
    (void)lpDataReady;
    (void)pParameter;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aGetValuesBulk(int16_t handle, uint32_t *noOfSamples,
                                            uint32_t fromSegmentIndex, uint32_t toSegmentIndex,
                                            uint32_t downSampleRatio, int32_t downSampleRatioMode,
                                            int16_t *overflow)
{
    (void)noOfSamples;
    (void)fromSegmentIndex;
    (void)toSegmentIndex;
    (void)downSampleRatio;
    (void)downSampleRatioMode;
    (void)overflow;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aGetValuesOverlapped(int16_t handle, uint32_t startIndex,
                                                  uint32_t *noOfSamples, uint32_t downSampleRatio,
                                                  int32_t downSampleRatioMode,
                                                  uint32_t segmentIndex, int16_t *overflow)
{
    (void)startIndex;
    (void)noOfSamples;
    (void)downSampleRatio;
    (void)downSampleRatioMode;
    (void)segmentIndex;
    (void)overflow;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aGetValuesOverlappedBulk(int16_t handle, uint32_t startIndex,
                                                      uint32_t *noOfSamples,
                                                      uint32_t downSampleRatio,
                                                      int32_t downSampleRatioMode,
                                                      uint32_t fromSegmentIndex,
                                                      uint32_t toSegmentIndex, int16_t *overflow)
{
    (void)startIndex;
    (void)noOfSamples;
    (void)downSampleRatio;
    (void)downSampleRatioMode;
    (void)fromSegmentIndex;
    (void)toSegmentIndex;
    (void)overflow;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aTriggerWithinPreTriggerSamples(int16_t handle, int32_t state)
{
    (void)state;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aGetTriggerInfoBulk(int16_t handle, void *triggerInfo,
                                                 uint32_t fromSegmentIndex, uint32_t toSegmentIndex)
{
    (void)triggerInfo;
    (void)fromSegmentIndex;
    (void)toSegmentIndex;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aGetChannelInformation(int16_t handle, int32_t info, int32_t probe,
                                                    int32_t *ranges, int32_t *length,
                                                    int32_t channels)
{
    (void)info;
    (void)probe;
    (void)ranges;
    (void)length;
    (void)channels;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aSetNoOfCaptures(int16_t handle, uint32_t nCaptures)
{
    (void)nCaptures;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aGetNoOfCaptures(int16_t handle, uint32_t *nCaptures)
{
    (void)nCaptures;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aGetNoOfProcessedCaptures(int16_t handle, uint32_t *nProcessedCaptures)
{
    (void)nProcessedCaptures;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aQueryOutputEdgeDetect(int16_t handle, int16_t *state)
{
    (void)state;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aSetOutputEdgeDetect(int16_t handle, int16_t state)
{
    (void)state;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aGetScalingValues(int16_t handle, void *scalingValues,
                                               int16_t nChannels)
{
    (void)scalingValues;
    (void)nChannels;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aCheckForUpdate(int16_t handle, void *current, void *update,
                                             uint16_t *updateRequired)
{
    (void)current;
    (void)update;
    (void)updateRequired;
    return sim_unsupported(handle);
}

SIM_EXPORT pico_status ps5000aStartFirmwareUpdate(int16_t handle, void *progress)
{
    (void)progress;
    return sim_unsupported(handle);
}
