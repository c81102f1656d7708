/* Oscilloscopes in streaming mode, through the vendor's PicoSDK library loaded with dlopen
 * (or the project's simulator, a drop-in library with the same ABI). */
#ifndef PICOSTREAM_DEVICE_H
#define PICOSTREAM_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "picostream/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PS_MAX_CHANNELS 16 /* the 6000E has 8; the PicoLog 1216 and the ADC-24 have 16 */

typedef struct ps_device ps_device;

typedef enum ps_coupling {
    PS_COUPLING_AC = 0,
    PS_COUPLING_DC = 1,
    PS_COUPLING_DC50 = 2 /* DC into 50 Ω (6000E) */
} ps_coupling;

typedef enum ps_trigger_dir {
    PS_TRIGGER_RISING,
    PS_TRIGGER_FALLING,
    PS_TRIGGER_EITHER,
    PS_TRIGGER_ABOVE,
    PS_TRIGGER_BELOW
} ps_trigger_dir;

typedef struct ps_channel_config {
    bool enabled;
    double range_v; /* full scale, ± volts: 0.01 … 20 on a 5000D */
    ps_coupling coupling;
    double analog_offset_v; /* added to the input before the ADC, as the vendor's SetChannel */
    double bandwidth_hz;    /* the input's bandwidth limiter: 0 = full */
    /* data loggers: what the input measures, when not set by range_v alone: a thermocouple type
     * on the TC-08 ("K"; B, E, J, K, N, R, S, T, X), a current clamp on the CM3 ("10mV/A"; 1mV/A,
     * 10mV/A, 100mV/A, or "V" for volts); "" otherwise */
    char sensor[8];
    bool differential; /* ADC-20/ADC-24: paired with the next (even) input */
    bool numbered;     /* given as a logger's input number ("-c 3"), not a scope's letter */
} ps_channel_config;

typedef struct ps_trigger_config {
    bool enabled;
    unsigned channel; /* 0 = A */
    ps_trigger_dir direction;
    double level_v;
    uint32_t delay_samples;
    uint32_t auto_ms;      /* 0: wait forever */
    uint64_t pre_samples;  /* kept before the trigger */
    uint64_t post_samples; /* 0: stream on after the trigger until stopped */
} ps_trigger_config;

/* Driver-side downsampling in streaming (the vendor's RunStreaming ratio modes): every `ratio`
 * raw samples become one value, the first (decimate), their mean rounded half away from zero
 * (average), or their maximum and minimum as two columns (aggregate). */
typedef enum ps_downsample_mode {
    PS_DOWNSAMPLE_NONE,
    PS_DOWNSAMPLE_DECIMATE,
    PS_DOWNSAMPLE_AVERAGE,
    PS_DOWNSAMPLE_AGGREGATE
} ps_downsample_mode;

/* "decimate", "average", "aggregate" ("none" for NONE). */
PS_API const char *ps_downsample_name(ps_downsample_mode mode);

typedef struct ps_device_config {
    ps_channel_config channel[PS_MAX_CHANNELS];
    ps_downsample_mode downsample; /* NONE: raw samples */
    uint32_t downsample_ratio;     /* raw samples per value, >= 2 with a mode */
    bool downsample_keep_raw; /* with a mode: the raw samples too, as a second stream (the
                                 6000E/3000E stream RAW together with one reduction) */
    unsigned resolution_bits; /* 8, 12, 14, 15, 16; 0 picks the highest the channels allow */
    double rate_hz;           /* per channel; rounded to what the device can do */
    ps_trigger_config trigger;
    size_t driver_buffer_samples; /* per channel; 0 picks one from the rate */
    /* data loggers */
    bool mains_60hz;      /* reject 60 Hz mains rather than 50 Hz (ADC-20/24, TC-08, CM3) */
    double conversion_s;  /* ADC-20/24 conversion time per channel (0.06 … 0.66 s); 0: the
                             longest that --rate allows */
} ps_device_config;

/* What the device reports about itself. */
typedef struct ps_device_info {
    char family[16]; /* "ps5000a" */
    char model[32];  /* "5444D" */
    char serial[32];
    char driver_path[512];
    char driver_version[64];
    char usb_version[16];
    unsigned n_channels; /* analogue inputs */
    bool is_simulator;
    char sim_spec[2048]; /* a simulator's canonical signal spec (for the meta and verify) */
    char notice[256];    /* e.g. the USB-power restriction; "" when none */
    /* the PicoConnect probe the driver reported on each input ("D9-BNC", "none"); "" on units
     * without PicoConnect inputs */
    char probe[PS_MAX_CHANNELS][24];
} ps_device_info;

/* What one recorded value is: a 16-bit code (scopes, PicoLog 1000), a 32-bit code (ADC-20/24,
 * CM3) or a 32-bit float already in the channel's unit (TC-08, °C). */
typedef enum ps_sample_format {
    PS_SAMPLE_INT16,
    PS_SAMPLE_INT32,
    PS_SAMPLE_FLOAT32
} ps_sample_format;

/* What streaming actually runs at, known after ps_device_start. */
typedef struct ps_stream_params {
    unsigned n_enabled;
    unsigned channel_index[PS_MAX_CHANNELS]; /* 0 = A, for each enabled channel in order */
    /* columns each block carries: n_enabled, or 2 per channel (maximum, minimum) when
     * aggregating; column k belongs to channel_index[k / (n_columns / n_enabled)] */
    unsigned n_columns;
    ps_downsample_mode downsample;
    uint32_t downsample_ratio; /* 1 without downsampling */
    double interval_s;         /* exact, as the driver wrote it back; per value when downsampled */
    double rate_hz;
    unsigned resolution_bits;
    int16_t adc_max;
    bool data_8bit; /* 8-bit samples (the codes are adc_max / 256 apart): recorded as ri8 */
    size_t driver_buffer_samples; /* per channel: the most one poll can deliver */
    /* keep_raw: blocks of stream 1 carry the raw samples (n_enabled columns, every
     * interval_s / downsample_ratio), up to raw_driver_buffer_samples per poll */
    bool keep_raw;
    size_t raw_driver_buffer_samples;
    char notice[256]; /* e.g. "rate rounded to …"; "" when none */
    /* INT16 for every scope. A 4-byte format spans two columns per value (its low 16 bits, then
     * its high 16 bits), so n_columns is twice n_enabled. */
    ps_sample_format format;
    /* loggers (unit[0] != ""): per enabled channel k, value × unit_scale[k] + unit_offset[k] is
     * in unit[k] ("volts", "degC", "amps"), full_scale[k] its largest magnitude, code_max[k]
     * the largest code; scopes derive volts from range_v and adc_max instead */
    char unit[PS_MAX_CHANNELS][8];
    double unit_scale[PS_MAX_CHANNELS];
    double unit_offset[PS_MAX_CHANNELS];
    double full_scale[PS_MAX_CHANNELS];
    int32_t code_max[PS_MAX_CHANNELS];
    int32_t code_min[PS_MAX_CHANNELS];
    /* the host's clock (Unix seconds) just before and just after the call that started the
     * acquisition (RunStreaming, its logger's run): sample 0 came within them */
    double run_before_unix, run_after_unix;
} ps_stream_params;

/* One contiguous block the driver delivered: chan[k][start … start+n) for column k.
 * Valid only during the call. */
typedef struct ps_device_block {
    const int16_t *const *chan;
    size_t start;
    size_t n;
    uint16_t overflow; /* bit k: channel k (0 = A) went over range */
    bool triggered;
    size_t trigger_at; /* offset in this block, when triggered */
    bool auto_stop;    /* the driver has delivered its last block */
    unsigned stream;   /* 0: the configured stream; 1: the raw samples beside it (keep_raw) */
    /* the device index of the block's first sample, when the driver says (the loggers' time
     * stamps) or the clock estimates it; past the last block's end, the jump is lost */
    bool has_index;
    uint64_t index;
    bool index_estimated;
} ps_device_block;

/* Called inside ps_device_poll, on the polling thread, from the driver's callback: copy and
 * count only — no allocation, locks, I/O or driver calls. */
typedef void (*ps_device_data_fn)(void *arg, const ps_device_block *block);

typedef enum ps_poll_result {
    PS_POLL_DATA,  /* a block was delivered */
    PS_POLL_IDLE,  /* nothing yet (PICO_BUSY); sleep a little */
    PS_POLL_STALL, /* delivered what it had, but acquisition had stalled: samples are missing
                      after this block (PICO_BUFFER_STALL) */
} ps_poll_result;

/* Opens the first unit of `kind`: "sim" or "sim:ps5000a" (this project's 5000D simulator),
 * "sim:ps6000a" (6000E), "sim:psospa" (3000E), or a vendor family "ps5000a", "ps6000a",
 * "psospa" (its library searched in driver_path if given, else LD_LIBRARY_PATH then
 * /opt/picoscope/lib, then the system's loader paths). Main thread. */
PS_API ps_status ps_device_open(ps_device **out, const char *kind, const char *driver_path,
                                ps_error *err);

/* As ps_device_open, handing a simulator kind its signal spec (the format of the README's
 * "The simulator"; NULL or "": the simulator's own PICOSTREAM_SIM environment variable, else
 * its defaults). A spec for a vendor kind is PS_ERR_ARG. Main thread. */
PS_API ps_status ps_device_open_sim(ps_device **out, const char *kind, const char *driver_path,
                                    const char *sim_spec, ps_error *err);

/* Fills *info. Any thread while open; does not call the driver. */
PS_API void ps_device_get_info(const ps_device *dev, ps_device_info *info);

/* Sets channels, resolution and trigger, then starts streaming. On failure the device is left
 * stopped and may be configured again. Main thread. */
PS_API ps_status ps_device_start(ps_device *dev, const ps_device_config *cfg,
                                 ps_stream_params *params, ps_error *err);

/* Asks the driver for its latest block; fn runs inside this call if there is one. Polling
 * thread only, one call at a time. */
PS_API ps_status ps_device_poll(ps_device *dev, ps_device_data_fn fn, void *arg,
                                ps_poll_result *result, ps_error *err);

/* Stops streaming; safe to call when not started. Same thread as poll. */
PS_API ps_status ps_device_stop(ps_device *dev, ps_error *err);

/* Stops if needed, closes the unit and unloads the library; NULL is fine. */
PS_API void ps_device_close(ps_device *dev);

/* Where this project's simulator of family ("ps5000a", "ps6000a", "psospa") is: beside the
 * program or libpicostream (for ps5000a also PICOSTREAM_SIM_LIB), or NULL. */
PS_API const char *ps_device_sim_path(const char *family, char *buf, size_t len);

/* Finds the library for `kind` as ps_device_open would and asks it which units are attached
 * (ps5000aEnumerateUnits). path receives the library's path; serials a comma-separated list.
 * Main thread. */
PS_API ps_status ps_device_enumerate(const char *kind, const char *driver_path, char *path,
                                     size_t path_len, char *serials, size_t serials_len, int *count,
                                     ps_error *err);

/* The i-th family this library drives (i = 0, 1, …): its kind ("ps2000a") and, in *product,
 * the series ("2000A/B"); NULL past the last. */
PS_API const char *ps_device_family(unsigned i, const char **product);

/* The variants of family the device layer and its simulator know, one per line (variant,
 * channels, ranges, resolutions, streaming limit) into buf; returns buf. */
PS_API const char *ps_device_family_models(const char *family, char *buf, size_t len);

/* Index of range_v in the 5000D's ranges, or -1 (exact match, volts). */
PS_API int ps_device_range_index(double range_v);

#ifdef __cplusplus
}
#endif
#endif
