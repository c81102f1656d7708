/* The info-struct API's behaviour, shared by the ps6000a and psospa simulators; each exports
 * its vendor's names and argument types over these. */
#ifndef PICOSTREAM_SIM_INFO_API_H
#define PICOSTREAM_SIM_INFO_API_H

#include "pico_ps6000a.h"
#include "sim_unit.h"

/* What differs between the libraries that use this API. */
struct info_family {
    const char *default_model; /* "6824E": its 2nd character is the channel count */
    const char *serial;
    int has_12bit;
    uint64_t memory_samples; /* capture memory, for autoStop's pre + post */
};

pico_status info_open(const struct info_family *f, int16_t *handle, int8_t *serial,
                      int32_t resolution);
pico_status info_close(int16_t handle);
pico_status info_unit_info(int16_t handle, int8_t *string, int16_t length, int16_t *required,
                           uint32_t info);
/* range: the x1 probe index, 10 mV (0) … 20 V (10) */
pico_status info_channel_on(int16_t handle, int32_t channel, int32_t coupling, int32_t range,
                            double offset, int32_t bandwidth);
pico_status info_channel_off(int16_t handle, int32_t channel);
/* SetDataBuffer (buffer_min NULL) and SetDataBuffers (aggregation's maximum and minimum) */
pico_status info_data_buffer(int16_t handle, int32_t channel, void *buffer, void *buffer_min,
                             uint64_t n_samples, int32_t type, uint64_t segment, uint32_t mode,
                             uint32_t action);
pico_status info_simple_trigger(int16_t handle, int16_t enable, int32_t source, int16_t threshold,
                                int32_t direction, uint64_t delay, uint32_t auto_us);
pico_status info_adc_limits(int16_t handle, int32_t resolution, int16_t *min, int16_t *max);
pico_status info_set_resolution(int16_t handle, int32_t resolution);
pico_status info_get_resolution(int16_t handle, int32_t *resolution);
pico_status info_nearest_interval(int16_t handle, double requested_s, uint32_t *timebase,
                                  double *available_s);
pico_status info_run_streaming(int16_t handle, double *interval, int32_t units, uint64_t pre,
                               uint64_t post, int16_t auto_stop, uint64_t ratio, uint32_t mode);
pico_status info_latest_values(int16_t handle, pico_streaming_data_info *info, uint64_t n_info,
                               pico_streaming_data_trigger_info *trig);
pico_status info_no_of_values(int16_t handle, uint64_t *n);
pico_status info_stop(int16_t handle);
pico_status info_ping(int16_t handle);
pico_status info_enumerate(const struct info_family *f, int16_t *count, int8_t *serials,
                           int16_t *length);
pico_status info_ok(int16_t handle);

/* The signal generator (siggen.c): settings kept and reported, output not wired to inputs. */
pico_status siggen_waveform(int16_t handle, int32_t wave_type, const int16_t *buffer,
                            uint64_t length);
pico_status siggen_range(int16_t handle, double pk2pk_v, double offset_v);
pico_status siggen_duty(int16_t handle, double duty_pct);
pico_status siggen_frequency(int16_t handle, double frequency_hz);
pico_status siggen_sweep(int16_t handle, double stop_hz, double increment_hz, double dwell_s);
pico_status siggen_apply(int16_t handle, int16_t enabled, int16_t sweep, double *frequency,
                         double *stop_frequency, double *increment, double *dwell);

/* The signal-generator exports both libraries share, under each one's prefix. */
#define SIM_SIGGEN_EXPORTS(pfx)                                                                    \
    SIM_EXPORT pico_status pfx##SigGenWaveform(int16_t handle, int32_t waveType, int16_t *buffer,  \
                                               uint64_t bufferLength)                              \
    {                                                                                              \
        return siggen_waveform(handle, waveType, buffer, bufferLength);                            \
    }                                                                                              \
    SIM_EXPORT pico_status pfx##SigGenRange(int16_t handle, double peakToPeakVolts,                \
                                            double offsetVolts)                                    \
    {                                                                                              \
        return siggen_range(handle, peakToPeakVolts, offsetVolts);                                 \
    }                                                                                              \
    SIM_EXPORT pico_status pfx##SigGenWaveformDutyCycle(int16_t handle, double dutyCyclePercent)   \
    {                                                                                              \
        return siggen_duty(handle, dutyCyclePercent);                                              \
    }                                                                                              \
    SIM_EXPORT pico_status pfx##SigGenFrequency(int16_t handle, double frequencyHz)                \
    {                                                                                              \
        return siggen_frequency(handle, frequencyHz);                                              \
    }                                                                                              \
    SIM_EXPORT pico_status pfx##SigGenFrequencySweep(int16_t handle, double stopFrequencyHz,       \
                                                     double frequencyIncrement,                    \
                                                     double dwellTimeSeconds, int32_t sweepType)   \
    {                                                                                              \
        (void)sweepType;                                                                           \
        return siggen_sweep(handle, stopFrequencyHz, frequencyIncrement, dwellTimeSeconds);        \
    }                                                                                              \
    SIM_EXPORT pico_status pfx##SigGenPause(int16_t handle)                                        \
    {                                                                                              \
        return info_ok(handle);                                                                    \
    }                                                                                              \
    SIM_EXPORT pico_status pfx##SigGenRestart(int16_t handle)                                      \
    {                                                                                              \
        return info_ok(handle);                                                                    \
    }

#endif
