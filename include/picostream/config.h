/* Building a capture's configuration from the text people write ("A:2V:DC", "1M", "10s"), for
 * every front end (the CLI, the Python package): one parser, one set of messages. */
#ifndef PICOSTREAM_CONFIG_H
#define PICOSTREAM_CONFIG_H

#include <stddef.h>

#include "picostream/capture.h"
#include "picostream/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* "0.5.0": the library's version. Static text, any thread. */
PS_API const char *ps_version(void);

/* cfg's defaults: everything zero (no channels, no stop condition), sync every 1 s. Any thread. */
PS_API void ps_capture_config_init(ps_capture_config *cfg);

/* Enables a channel from "A:2V", "B:500mV:AC", "C:5V:DC:+1V" (analogue offset), "D:1V:DC50"
 * (50 Ω): channel A…H, range, optional coupling AC|DC|DC50 and offset. A data logger's input
 * is a number: "1" (PicoLog 1000), "3:625mV" or "1:2500mV:diff" (ADC-20/24), "1:K" (a TC-08
 * thermocouple type), "2:10mV/A" or "3:V" (a CM3 clamp or its voltage input); the device checks
 * what it takes. A channel given twice is refused. PS_ERR_ARG with the reason in err. Any thread (on caller-owned dc). */
PS_API ps_status ps_config_channel(ps_device_config *dc, const char *spec, ps_error *err);

/* The trigger from "A:rising:1.5V" (rising, falling, either, above, below). */
PS_API ps_status ps_config_trigger(ps_trigger_config *t, const char *spec, ps_error *err);

/* Driver-side downsampling from "10:average", "100:aggregate", "4:decimate" (2…1048576);
 * "100:aggregate+raw" keeps the raw samples too (downsample_keep_raw). */
PS_API ps_status ps_config_downsample(ps_device_config *dc, const char *spec, ps_error *err);

/* Numbers with units: rates "1M", "250kS/s"; times "10s", "1h30m", "250us" (bare: seconds);
 * volts "2V", "500mV"; counts "1M", "5e6". PS_ERR_ARG naming what was expected. */
PS_API ps_status ps_parse_rate(const char *s, double *hz, ps_error *err);
PS_API ps_status ps_parse_time(const char *s, double *seconds, ps_error *err);
PS_API ps_status ps_parse_volts(const char *s, double *volts, ps_error *err);
PS_API ps_status ps_parse_count(const char *s, double *count, ps_error *err);

/* sizeof the named public struct ("ps_capture_config", "ps_device_config", "ps_stream_params",
 * "ps_capture_stats", "ps_error", "ps_sigmf_meta", "ps_peak", "ps_peaks_config",
 * "ps_welch_config", "ps_stats", "ps_events_config", "ps_event", "ps_device_info",
 * "ps_verify_report", "ps_output_rules", "ps_filter_job", "ps_resample_job",
 * "ps_report_config"), 0 for another name: a binding
 * checks its own layouts against the library it loaded. Any thread. */
PS_API size_t ps_struct_size(const char *name);

#ifdef __cplusplus
}
#endif
#endif
