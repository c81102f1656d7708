/* The 6000E's and 3000E's signal generator: settings are checked, kept and reported back by
 * SigGenApply, as the vendor's driver does. Its output is not wired to the simulated inputs
 * (each channel's signal comes from the spec), as on a bench where the AWG output is unplugged. */
#include "info_api.h"

static struct {
    double frequency_hz, stop_hz, increment_hz, dwell_s;
    double pk2pk_v, offset_v, duty_pct;
    int enabled;
} gen = {1000.0, 1000.0, 0.0, 0.0, 0.0, 0.0, 50.0, 0};

pico_status siggen_waveform(int16_t handle, int32_t wave_type, const int16_t *buffer,
                            uint64_t length)
{
    /* PICO_WAVE_TYPE: sine 0x11 … arbitrary 0x1F; an arbitrary one needs its samples */
    if (wave_type < 0x11 || wave_type > 0x1F || (wave_type == 0x1F && (!buffer || !length)))
        return wave_type < 0x11 || wave_type > 0x1F ? PICO_INVALID_PARAMETER : PICO_NULL_PARAMETER;
    return info_ok(handle);
}

pico_status siggen_range(int16_t handle, double pk2pk_v, double offset_v)
{
    if (!(pk2pk_v >= 0 && pk2pk_v <= 4) || !(offset_v >= -2 && offset_v <= 2))
        return PICO_INVALID_PARAMETER; /* the AWG's ±2 V into high impedance */
    gen.pk2pk_v = pk2pk_v;
    gen.offset_v = offset_v;
    return info_ok(handle);
}

pico_status siggen_duty(int16_t handle, double duty_pct)
{
    if (!(duty_pct >= 0 && duty_pct <= 100))
        return PICO_INVALID_PARAMETER;
    gen.duty_pct = duty_pct;
    return info_ok(handle);
}

pico_status siggen_frequency(int16_t handle, double frequency_hz)
{
    if (!(frequency_hz >= 0 && frequency_hz <= 200e6))
        return PICO_INVALID_PARAMETER;
    gen.frequency_hz = gen.stop_hz = frequency_hz;
    return info_ok(handle);
}

pico_status siggen_sweep(int16_t handle, double stop_hz, double increment_hz, double dwell_s)
{
    if (!(stop_hz >= 0 && stop_hz <= 200e6) || !(increment_hz >= 0) || !(dwell_s >= 0))
        return PICO_INVALID_PARAMETER;
    gen.stop_hz = stop_hz;
    gen.increment_hz = increment_hz;
    gen.dwell_s = dwell_s;
    return info_ok(handle);
}

pico_status siggen_apply(int16_t handle, int16_t enabled, int16_t sweep, double *frequency,
                         double *stop_frequency, double *increment, double *dwell)
{
    pico_status st = info_ok(handle);
    if (st != PICO_OK)
        return st;
    gen.enabled = enabled != 0;
    if (frequency)
        *frequency = gen.frequency_hz;
    if (stop_frequency)
        *stop_frequency = sweep ? gen.stop_hz : gen.frequency_hz;
    if (increment)
        *increment = sweep ? gen.increment_hz : 0.0;
    if (dwell)
        *dwell = sweep ? gen.dwell_s : 0.0;
    return PICO_OK;
}
