/* The exported ABI of a callback-style simulator (libps2000a, libps3000a, libps4000a,
 * libps5000a): the vendor's names, prototypes and PICO_STATUS codes, built once per family
 * (callback_family.h says which); argument checks here, the variant's facts in pico_models.c,
 * behaviour in the shared engine (stream.c, callback_stream.c). */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "callback_family.h"
#include "sim_unit.h"

/* The variant this library presents: the spec's model= if it is one of this family's, else
 * NULL (OpenUnit then fails as a real driver does for a unit it cannot open). */
static const struct pico_model *unit_model(const struct sim_unit *u)
{
    if (!u->cfg.model[0])
        return pico_model_default(SIM_FAMILY);
    return pico_model_find(SIM_FAMILY, u->cfg.model);
}

static pico_status open_unit(int16_t *handle, int8_t *serial, int32_t resolution)
{
    if (!handle)
        return PICO_NULL_PARAMETER;
    pico_status st = sim_enter(0, 0);
    if (st != PICO_OK)
        return st;
    *handle = 0;
    int k = sim_pick_unit(SIM_SERIAL, serial);
    if (k < 0)
        SIM_END(PICO_NOT_FOUND);
    sim_current = k;
    struct sim_unit *u = &sim_the_unit;
    memset(u, 0, sizeof *u);
    char err[256];
    const struct pico_model *m = NULL;
    sim_refusal[0] = '\0';
    if (sim_config_from_env(&u->cfg, err, sizeof err) != 0 || !(m = unit_model(u)) ||
        (!SIM_HAS_POWER && u->cfg.power_status) || (u->cfg.probes_set && !m->picoconnect)) {
        char list[256];
        if (m && u->cfg.probes_set && !m->picoconnect)
            snprintf(sim_refusal, sizeof sim_refusal, "simulator config: probes= is for "
                     "PicoConnect inputs (the 4444), not the %s", m->variant);
        else if (m) /* a power prompt on a family that has none */
            snprintf(sim_refusal, sizeof sim_refusal, "simulator config: power=%s, but the %s "
                     "has no power handshake (lib%s has no ChangePowerSource)",
                     u->cfg.power_status == PICO_POWER_SUPPLY_NOT_CONNECTED ? "nopsu" : "usb2",
                     m->variant, SIM_FAMILY);
        else if (u->cfg.model[0])
            snprintf(sim_refusal, sizeof sim_refusal, "simulator config: model %.15s is not a "
                     "lib%s unit (%s)", u->cfg.model, SIM_FAMILY,
                     pico_model_list(SIM_FAMILY, list, sizeof list));
        memset(&u->cfg, 0, sizeof u->cfg);
        *handle = -1; /* the vendor's "found but failed to open" */
        SIM_END(PICO_OPERATION_FAILED);
    }
    if (resolution < 0 || resolution >= PICO_RESOLUTIONS || !(m->resolutions >> resolution & 1)) {
        *handle = -1;
        SIM_END(PICO_INVALID_DEVICE_RESOLUTION);
    }
    u->open = 1;
    u->model = m;
    u->resolution = resolution;
    u->memory_samples = SIM_MEMORY;
    snprintf(u->cfg.model, sizeof u->cfg.model, "%s", m->variant);
    u->n_analog = (int)m->channels;
    for (int c = 0; c < u->n_analog; c++) { /* all off: a client enables what it streams */
        u->ch[c].enabled = 0;
        u->ch[c].coupling = PS5000A_DC;
        u->ch[c].range = PS5000A_5V;
    }
    if (m->picoconnect && !u->cfg.probes_set) /* a D9-BNC adaptor on every input */
        for (int c = 0; c < u->n_analog; c++)
            u->cfg.probe[c] = PICO_CONNECT_PROBE_D9_BNC;
    u->power_pending = u->cfg.power_status;
    *handle = (int16_t)(SIM_HANDLE + k);
    SIM_END(u->power_pending ? u->power_pending : PICO_OK);
}

#if SIM_OPEN_RESOLUTION
SIM_EXPORT pico_status FN(OpenUnit)(int16_t *handle, int8_t *serial, int32_t resolution)
{
    return open_unit(handle, serial, resolution);
}

SIM_EXPORT pico_status FN(OpenUnitAsync)(int16_t *status, int8_t *serial, int32_t resolution)
{
    static int16_t pending;
    if (!status)
        return PICO_NULL_PARAMETER;
    pico_status st = open_unit(&pending, serial, resolution);
    *status = st == PICO_OK || st == PICO_POWER_SUPPLY_NOT_CONNECTED ||
              st == PICO_USB3_0_DEVICE_NON_USB3_0_PORT;
    return st;
}
#else
/* the variant's own resolution: 8-bit on the 2000/3000, 12-bit on the 4000A */
static int32_t default_resolution(void)
{
    struct sim_config cfg;
    char err[256];
    const struct pico_model *m = NULL;
    if (sim_config_from_env(&cfg, err, sizeof err) == 0)
        m = cfg.model[0] ? pico_model_find(SIM_FAMILY, cfg.model) : pico_model_default(SIM_FAMILY);
    return m ? m->fixed_resolution : 0;
}

SIM_EXPORT pico_status FN(OpenUnit)(int16_t *handle, int8_t *serial)
{
    return open_unit(handle, serial, default_resolution());
}

SIM_EXPORT pico_status FN(OpenUnitAsync)(int16_t *status, int8_t *serial)
{
    static int16_t pending;
    if (!status)
        return PICO_NULL_PARAMETER;
    pico_status st = open_unit(&pending, serial, default_resolution());
    *status = st == PICO_OK || st == PICO_POWER_SUPPLY_NOT_CONNECTED ||
              st == PICO_USB3_0_DEVICE_NON_USB3_0_PORT;
    return st;
}
#endif

#if SIM_HAS_RESOLUTION && !SIM_OPEN_RESOLUTION
SIM_EXPORT pico_status FN(OpenUnitWithResolution)(int16_t *handle, int8_t *serial,
                                                  int32_t resolution)
{
    return open_unit(handle, serial, resolution);
}
#endif

SIM_EXPORT pico_status FN(OpenUnitProgress)(int16_t *handle, int16_t *progressPercent,
                                            int16_t *complete)
{
    if (!handle || !progressPercent || !complete)
        return PICO_NULL_PARAMETER;
    *handle = sim_the_unit.open ? (int16_t)(SIM_HANDLE + sim_current) : 0;
    *progressPercent = 100;
    *complete = 1;
    return PICO_OK;
}

SIM_EXPORT pico_status FN(GetUnitInfo)(int16_t handle, int8_t *string, int16_t stringLength,
                                       int16_t *requiredSize, pico_info info)
{
    char serial[32];
    int k = handle >= SIM_HANDLE && handle < SIM_HANDLE + SIM_MAX_UNITS ? handle - SIM_HANDLE
                                                                          : sim_current;
    struct sim_identity id = {"2.1.0.0 picostream-sim",
                              sim_units[k].cfg.power_status == PICO_USB3_0_DEVICE_NON_USB3_0_PORT
                                  ? "2.0"
                                  : "3.0",
                              sim_serial_of(SIM_SERIAL, k, serial, sizeof serial)};
    return sim_unit_info(handle, string, stringLength, requiredSize, info, &id);
}

SIM_EXPORT pico_status FN(FlashLed)(int16_t handle, int16_t start)
{
    (void)start;
    SIM_BEGIN(handle);
    SIM_END(PICO_OK);
}

#if SIM_HAS_LED_QUERY
SIM_EXPORT pico_status FN(IsLedFlashing)(int16_t handle, int16_t *status)
{
    SIM_BEGIN(handle);
    if (!status)
        SIM_END(PICO_NULL_PARAMETER);
    *status = 0;
    SIM_END(PICO_OK);
}
#endif

SIM_EXPORT pico_status FN(CloseUnit)(int16_t handle)
{
    return sim_close_unit(handle);
}

/* The analogue offset a range allows: ±0.25 V up to 200 mV, ±2.5 V to 2 V, ±20 V above. */
static float offset_limit(int32_t range)
{
    return range <= PS5000A_200MV ? 0.25f : (range <= PS5000A_2V ? 2.5f : 20.0f);
}

SIM_EXPORT pico_status FN(SetChannel)(int16_t handle, int32_t channel, int16_t enabled,
                                      int32_t type, int32_t range, float analogOffset)
{
    SIM_BEGIN(handle);
    if (u->streaming)
        SIM_END(PICO_NOT_AVAILABLE_WHEN_STREAMING_IS_RUNNING);
    if (channel < PS5000A_CHANNEL_A || channel >= u->n_analog)
        SIM_END(PICO_INVALID_CHANNEL);
    struct sim_channel_state *ch = &u->ch[channel];
    if (!enabled || (u->model->picoconnect && range == PICO_CONNECT_PROBE_OFF)) {
        ch->enabled = 0;
        SIM_END(PICO_OK);
    }
    if (u->model->picoconnect && u->cfg.probe[channel] == PICO_CONNECT_PROBE_NONE)
        SIM_END(PICO_INVALID_VOLTAGE_RANGE); /* nothing connected to measure through */
    if (u->usb_powered && channel >= 2)
        SIM_END(PICO_CHANNEL_DISABLED_DUE_TO_USB_POWERED);
    if (type != PS5000A_AC && type != PS5000A_DC)
        SIM_END(PICO_INVALID_COUPLING);
    if (range < u->model->first_range || range > u->model->last_range)
        SIM_END(PICO_INVALID_VOLTAGE_RANGE);
    double lim = offset_limit(range);
    if (analogOffset > lim || analogOffset < -lim)
        SIM_END(PICO_INVALID_ANALOGUE_OFFSET);
    if (!ch->enabled &&
        sim_enabled_count(u) + 1 > sim_max_channels_for_resolution(u, u->resolution))
        SIM_END(PICO_INVALID_NUMBER_CHANNELS_FOR_RESOLUTION);
    ch->enabled = 1;
    ch->coupling = type;
    ch->range = range;
    ch->analog_offset_v = analogOffset;
    SIM_END(PICO_OK);
}

#if defined(SIM_PS4000A)
/* Every input's probe as the driver reports it. */
static void probe_report(const struct sim_unit *u, ps4000a_user_probe_interactions *p)
{
    memset(p, 0, SIM_MAX_CHANNELS * sizeof *p);
    for (int c = 0; c < u->n_analog; c++) {
        int32_t id = u->cfg.probe[c];
        p[c].connected = id != PICO_CONNECT_PROBE_NONE;
        p[c].channel = c;
        p[c].enabled = (uint16_t)u->ch[c].enabled;
        p[c].probe_name = id;
        p[c].is_powered = 1;
        p[c].status = PICO_OK;
        p[c].probe_off = PICO_CONNECT_PROBE_OFF;
        p[c].range_first = id ? u->model->first_range : PICO_CONNECT_PROBE_OFF;
        p[c].range_last = id ? u->model->last_range : PICO_CONNECT_PROBE_OFF;
        p[c].range_current = id ? u->ch[c].range : PICO_CONNECT_PROBE_OFF;
        p[c].coupling_first = PS5000A_AC;
        p[c].coupling_last = PS5000A_DC;
        p[c].coupling_current = u->ch[c].coupling;
        p[c].filter_flags = 1 | 2; /* full, 20 kHz */
        p[c].filter_current = 1;
    }
}

/* The probe on every input, reported at once (the vendor's driver calls back from its own
 * thread, twice at first; a client waits for the first report either way). */
SIM_EXPORT pico_status FN(SetProbeInteractionCallback)(int16_t handle,
                                                       ps4000a_probe_interactions callback)
{
    SIM_BEGIN(handle);
    if (!u->model->picoconnect)
        SIM_END(PICO_NOT_SUPPORTED_BY_THIS_DEVICE);
    if (!callback)
        SIM_END(PICO_NULL_PARAMETER);
    u->probe_cb = callback;
    ps4000a_user_probe_interactions p[SIM_MAX_CHANNELS];
    probe_report(u, p);
    uint32_t n = (uint32_t)u->n_analog;
    sim_leave(); /* outside the driver: the client may call in from its callback */
    callback(handle, PICO_OK, p, n);
    return PICO_OK;
}

/* The spec's unprobe=: once enough samples went out, that input's probe is pulled and the
 * client told (from inside the poll here; from the driver's thread on a real unit). */
static void maybe_unprobe(struct sim_unit *u, int16_t handle)
{
    int c = u->cfg.unprobe_channel;
    if (c < 0 || u->unprobed || !u->probe_cb || u->delivered < u->cfg.unprobe_at)
        return;
    u->unprobed = 1;
    u->cfg.probe[c] = PICO_CONNECT_PROBE_NONE;
    ps4000a_user_probe_interactions p[SIM_MAX_CHANNELS];
    probe_report(u, p);
    u->probe_cb(handle, PICO_OK, p + c, 1);
}
#endif


#if SIM_HAS_BANDWIDTH
SIM_EXPORT pico_status FN(SetBandwidthFilter)(int16_t handle, int32_t channel, int32_t bandwidth)
{
    SIM_BEGIN(handle);
    if (channel < 0 || channel >= u->n_analog)
        SIM_END(PICO_INVALID_CHANNEL);
#if defined(SIM_PS4000A)
    SIM_END(bandwidth >= 0 && bandwidth <= 3 ? PICO_OK : PICO_INVALID_BANDWIDTH);
#else
    SIM_END(bandwidth == 0 || bandwidth == 1 ? PICO_OK : PICO_INVALID_BANDWIDTH);
#endif
}
#endif

/* Interval of timebase tb: the 5000D's formulas per resolution, the others' from the
 * variant's streaming grid (2^n fast steps, then (n - 2) grid steps; the 4000A (n + 1)). */
static uint64_t timebase_ps(const struct sim_unit *u, uint32_t tb)
{
#if defined(SIM_PS5000A)
    return sim_timebase_ps(u->resolution, tb);
#else
    uint64_t grid = u->model->grid_ps[u->resolution];
    if (grid == 12500)
        return (uint64_t)(tb + 1) * 12500;
    uint64_t fast = grid / 8; /* 1 GS/s: 1 ns; 500 MS/s: 2 ns; 4444: 2.5 ns */
    if (tb <= 2)
        return fast << tb;
    return (uint64_t)(tb - 2) * grid;
#endif
}

/* GetTimebase and GetTimebase2: the interval and the memory per channel, for segment 0. */
static pico_status timebase(struct sim_unit *u, uint32_t tb, uint32_t segment, uint64_t *ps,
                            int32_t *max_samples)
{
    if (segment != 0)
        return PICO_INVALID_PARAMETER;
    *ps = timebase_ps(u, tb);
    if (*ps == 0)
        return PICO_INVALID_TIMEBASE;
    int n = sim_enabled_count(u);
    if (max_samples)
        *max_samples = (int32_t)(SIM_MEMORY / (uint32_t)(n ? n : 1) > INT32_MAX
                                     ? INT32_MAX
                                     : SIM_MEMORY / (uint32_t)(n ? n : 1));
    return PICO_OK;
}

#if SIM_TIMEBASE_OVERSAMPLE
#define OVERSAMPLE_ARG int16_t oversample,
#define OVERSAMPLE_UNUSED (void)oversample
#else
#define OVERSAMPLE_ARG
#define OVERSAMPLE_UNUSED
#endif

SIM_EXPORT pico_status FN(GetTimebase)(int16_t handle, uint32_t tb, int32_t noSamples,
                                       int32_t *timeIntervalNanoseconds, OVERSAMPLE_ARG
                                       int32_t *maxSamples, uint32_t segmentIndex)
{
    (void)noSamples;
    OVERSAMPLE_UNUSED;
    SIM_BEGIN(handle);
    uint64_t ps;
    pico_status st = timebase(u, tb, segmentIndex, &ps, maxSamples);
    if (st == PICO_OK && timeIntervalNanoseconds)
        *timeIntervalNanoseconds = (int32_t)(ps / 1000);
    SIM_END(st);
}

SIM_EXPORT pico_status FN(GetTimebase2)(int16_t handle, uint32_t tb, int32_t noSamples,
                                        float *timeIntervalNanoseconds, OVERSAMPLE_ARG
                                        int32_t *maxSamples, uint32_t segmentIndex)
{
    (void)noSamples;
    OVERSAMPLE_UNUSED;
    SIM_BEGIN(handle);
    uint64_t ps;
    pico_status st = timebase(u, tb, segmentIndex, &ps, maxSamples);
    if (st == PICO_OK && timeIntervalNanoseconds)
        *timeIntervalNanoseconds = (float)((double)ps / 1000.0);
    SIM_END(st);
}

SIM_EXPORT pico_status FN(SetSimpleTrigger)(int16_t handle, int16_t enable, int32_t channel,
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

static pico_status set_buffers(int16_t handle, int32_t source, int16_t *buf, int16_t *buf_min,
                               int32_t len, uint32_t segment, int32_t mode)
{
    SIM_BEGIN(handle);
    if (source < 0 || source >= u->n_analog)
        SIM_END(PICO_INVALID_CHANNEL);
    if (segment != 0)
        SIM_END(PICO_INVALID_PARAMETER);
    if (mode != PS5000A_RATIO_MODE_NONE && mode != PS5000A_RATIO_MODE_AGGREGATE &&
        mode != PS5000A_RATIO_MODE_DECIMATE && mode != PS5000A_RATIO_MODE_AVERAGE)
        SIM_END(PICO_RATIO_MODE_NOT_SUPPORTED);
    if (len < 0 || (buf && len == 0))
        SIM_END(PICO_INVALID_PARAMETER);
    u->ch[source].buf = buf;
    u->ch[source].buf_min = buf ? buf_min : NULL;
    u->ch[source].buf_len = buf ? len : 0;
    u->ch[source].buf_mode = mode;
    SIM_END(PICO_OK);
}

SIM_EXPORT pico_status FN(SetDataBuffers)(int16_t handle, int32_t source, int16_t *bufferMax,
                                          int16_t *bufferMin, int32_t bufferLth,
                                          uint32_t segmentIndex, int32_t mode)
{
    return set_buffers(handle, source, bufferMax, bufferMin, bufferLth, segmentIndex, mode);
}

SIM_EXPORT pico_status FN(SetDataBuffer)(int16_t handle, int32_t source, int16_t *buffer,
                                         int32_t bufferLth, uint32_t segmentIndex, int32_t mode)
{
    return set_buffers(handle, source, buffer, NULL, bufferLth, segmentIndex, mode);
}

SIM_EXPORT pico_status FN(RunStreaming)(int16_t handle, uint32_t *sampleInterval,
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

SIM_EXPORT pico_status FN(GetStreamingLatestValues)(int16_t handle,
                                                    ps5000a_streaming_ready lpReady,
                                                    void *pParameter)
{
    SIM_BEGIN(handle);
    pico_status st = sim_poll(u, handle, lpReady, pParameter);
#if defined(SIM_PS4000A)
    maybe_unprobe(u, handle);
#endif
    SIM_END(st);
}

SIM_EXPORT pico_status FN(NoOfStreamingValues)(int16_t handle, uint32_t *noOfValues)
{
    SIM_BEGIN(handle);
    if (!noOfValues)
        SIM_END(PICO_NULL_PARAMETER);
    if (u->streaming && !u->stopped_by_autostop)
        SIM_END(PICO_DEVICE_SAMPLING);
    uint64_t n = u->delivered / (u->ds_ratio > 1 ? u->ds_ratio : 1);
    *noOfValues = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
    SIM_END(PICO_OK);
}

SIM_EXPORT pico_status FN(GetMaxDownSampleRatio)(int16_t handle, uint32_t noOfUnaggreatedSamples,
                                                 uint32_t *maxDownSampleRatio,
                                                 int32_t downSampleRatioMode,
                                                 uint32_t segmentIndex)
{
    SIM_BEGIN(handle);
    if (!maxDownSampleRatio)
        SIM_END(PICO_NULL_PARAMETER);
    if (segmentIndex != 0)
        SIM_END(PICO_INVALID_PARAMETER);
    if (downSampleRatioMode == PS5000A_RATIO_MODE_NONE) {
        *maxDownSampleRatio = 1;
        SIM_END(PICO_OK);
    }
    *maxDownSampleRatio = noOfUnaggreatedSamples ? noOfUnaggreatedSamples : 1;
    SIM_END(PICO_OK);
}

SIM_EXPORT pico_status FN(EnumerateUnits)(int16_t *count, int8_t *serials, int16_t *serialLth)
{
    if (!count)
        return PICO_NULL_PARAMETER;
    char list[160];
    *count = (int16_t)sim_list_units(SIM_SERIAL, list, sizeof list);
    if (serials && serialLth) {
        snprintf((char *)serials, (size_t)(*serialLth > 0 ? *serialLth : 0), "%s", list);
        *serialLth = (int16_t)strlen(list);
    }
    return PICO_OK;
}

SIM_EXPORT pico_status FN(MaximumValue)(int16_t handle, int16_t *value)
{
    SIM_BEGIN(handle);
    if (!value)
        SIM_END(PICO_NULL_PARAMETER);
    *value = sim_adc_max(u->resolution);
    SIM_END(PICO_OK);
}

SIM_EXPORT pico_status FN(MinimumValue)(int16_t handle, int16_t *value)
{
    SIM_BEGIN(handle);
    if (!value)
        SIM_END(PICO_NULL_PARAMETER);
    *value = (int16_t)-sim_adc_max(u->resolution);
    SIM_END(PICO_OK);
}

SIM_EXPORT pico_status FN(GetAnalogueOffset)(int16_t handle, int32_t range, int32_t coupling,
                                             float *maximumVoltage, float *minimumVoltage)
{
    (void)coupling;
    SIM_BEGIN(handle);
    if (range < u->model->first_range || range > u->model->last_range)
        SIM_END(PICO_INVALID_VOLTAGE_RANGE);
    if (!maximumVoltage || !minimumVoltage)
        SIM_END(PICO_NULL_PARAMETER);
    *maximumVoltage = offset_limit(range);
    *minimumVoltage = -offset_limit(range);
    SIM_END(PICO_OK);
}

SIM_EXPORT pico_status FN(GetMaxSegments)(int16_t handle, uint32_t *maxSegments)
{
    SIM_BEGIN(handle);
    if (!maxSegments)
        SIM_END(PICO_NULL_PARAMETER);
    *maxSegments = 1;
    SIM_END(PICO_OK);
}

#if SIM_HAS_POWER
SIM_EXPORT pico_status FN(ChangePowerSource)(int16_t handle, pico_status powerState)
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
    /* USB power only: a 4-channel 5000D or 3000D runs as a 2-channel scope */
    u->usb_powered = u->model->usb_power_two_channels;
    for (int c = 2; u->usb_powered && c < SIM_MAX_CHANNELS; c++)
        u->ch[c].enabled = 0;
    SIM_END(PICO_OK);
}

SIM_EXPORT pico_status FN(CurrentPowerSource)(int16_t handle)
{
    pico_status st = sim_enter(handle, 1);
    if (st != PICO_OK)
        return st;
    SIM_END(sim_the_unit.usb_powered || sim_the_unit.power_pending ? PICO_POWER_SUPPLY_NOT_CONNECTED
                                                                   : PICO_POWER_SUPPLY_CONNECTED);
}
#endif

SIM_EXPORT pico_status FN(Stop)(int16_t handle)
{
    SIM_BEGIN(handle);
    sim_stop(u);
    SIM_END(PICO_OK);
}

SIM_EXPORT pico_status FN(PingUnit)(int16_t handle)
{
    SIM_BEGIN(handle);
    SIM_END(PICO_OK);
}

#if SIM_HAS_RESOLUTION
SIM_EXPORT pico_status FN(SetDeviceResolution)(int16_t handle, int32_t resolution)
{
    SIM_BEGIN(handle);
    if (u->streaming)
        SIM_END(PICO_NOT_AVAILABLE_WHEN_STREAMING_IS_RUNNING);
    if (resolution < 0 || resolution >= PICO_RESOLUTIONS ||
        !(u->model->resolutions >> resolution & 1))
        SIM_END(PICO_INVALID_DEVICE_RESOLUTION);
    if (sim_enabled_count(u) > sim_max_channels_for_resolution(u, resolution))
        SIM_END(PICO_INVALID_NUMBER_CHANNELS_FOR_RESOLUTION);
    u->resolution = resolution;
    SIM_END(PICO_OK);
}

SIM_EXPORT pico_status FN(GetDeviceResolution)(int16_t handle, int32_t *resolution)
{
    SIM_BEGIN(handle);
    if (!resolution)
        SIM_END(PICO_NULL_PARAMETER);
    *resolution = u->resolution;
    SIM_END(PICO_OK);
}
#endif

SIM_EXPORT pico_status FN(MemorySegments)(int16_t handle, uint32_t nSegments,
                                          int32_t *nMaxSamples)
{
    SIM_BEGIN(handle);
    if (nSegments != 1)
        SIM_END(PICO_NOT_SUPPORTED_BY_THIS_DEVICE);
    if (nMaxSamples)
        *nMaxSamples = (int32_t)(SIM_MEMORY / 2);
    SIM_END(PICO_OK);
}
