/* The capture configuration from text: channel, trigger and downsampling specs and numbers with
 * units, with the messages every front end shows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/units.h"
#include "picostream/config.h"
#include "picostream/partial.h"
#include "picostream/analysis.h"
#include "picostream/dsp.h"
#include "picostream/output.h"
#include "picostream/events.h"
#include "picostream/peaks.h"
#include "picostream/report.h"
#include "picostream/sigmf.h"
#include "picostream/verify.h"

const char *ps_version(void)
{
    return PICOSTREAM_VERSION;
}

void ps_capture_config_init(ps_capture_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->sync_interval_s = 1.0;
}

/* A data logger's input: N[:RANGE|TYPE|CLAMP][:diff|se] — "3:2500mV", "1:K", "2:10mV/A". */
static ps_status logger_channel(ps_device_config *dc, const char *spec, char *buf, ps_error *err)
{
    char *save = NULL, *in = strtok_r(buf, ":", &save), *end;
    long n = strtol(in, &end, 10);
    if (*end || n < 1 || n > PS_MAX_CHANNELS)
        return ps_fail(err, PS_ERR_ARG, "input '%s': a logger's inputs are 1…%d", in,
                       PS_MAX_CHANNELS);
    ps_channel_config c = {.enabled = true, .coupling = PS_COUPLING_DC, .numbered = true};
    if (dc->channel[n - 1].enabled)
        return ps_fail(err, PS_ERR_ARG, "input %ld given twice (-c %s)", n, spec);
    for (char *t = strtok_r(NULL, ":", &save); t; t = strtok_r(NULL, ":", &save)) {
        size_t len = strlen(t);
        if (strcmp(t, "diff") == 0)
            c.differential = true;
        else if (strcmp(t, "se") == 0)
            c.differential = false;
        else if ((len == 1 && strchr("BEJKNRSTX", t[0])) || strcmp(t, "V") == 0 ||
                 (len > 2 && len < sizeof c.sensor && strcmp(t + len - 2, "/A") == 0)) {
            if (c.sensor[0] || c.range_v > 0)
                return ps_fail(err, PS_ERR_ARG, "input %ld: '%s' after '%s': one range, type or "
                               "clamp per input", n, t, c.sensor[0] ? c.sensor : "a range");
            snprintf(c.sensor, sizeof c.sensor, "%s", t); /* a thermocouple, a clamp, volts */
        } else if (c.sensor[0] || c.range_v > 0)
            return ps_fail(err, PS_ERR_ARG, "input %ld: '%s' after '%s': one range, type or "
                           "clamp per input", n, t, c.sensor[0] ? c.sensor : "a range");
        else if (units_parse_volts(t, &c.range_v) < 0 || !(c.range_v > 0))
            return ps_fail(err, PS_ERR_ARG, "input %ld: '%s' is not a range (2500mV), a "
                           "thermocouple type (B, E, J, K, N, R, S, T, X), a clamp (10mV/A), V, "
                           "diff or se", n, t);
    }
    dc->channel[n - 1] = c;
    return PS_OK;
}

ps_status ps_config_channel(ps_device_config *dc, const char *spec, ps_error *err)
{
    char buf[128];
    if (strlen(spec) >= sizeof buf)
        return ps_fail(err, PS_ERR_ARG, "channel '%.40s…': too long", spec);
    snprintf(buf, sizeof buf, "%s", spec);
    if (spec[0] >= '0' && spec[0] <= '9')
        return logger_channel(dc, spec, buf, err);
    char *save = NULL, *ch = strtok_r(buf, ":", &save), *range = strtok_r(NULL, ":", &save);
    char *coupling = strtok_r(NULL, ":", &save), *offset = strtok_r(NULL, ":", &save);
    if (!ch || strlen(ch) != 1 || ch[0] < 'A' || ch[0] > 'H')
        return ps_fail(err, PS_ERR_ARG, "channel '%s': expected A…H, as in A:2V:DC (a logger's inputs: 1…16, "
                       "as in 1:K)", spec);
    ps_channel_config c = {.enabled = true, .coupling = PS_COUPLING_DC};
    if (dc->channel[ch[0] - 'A'].enabled) /* one rule: configured once, never silently replaced */
        return ps_fail(err, PS_ERR_ARG, "channel %c given twice (-c %s)", ch[0], spec);
    if (!range || units_parse_volts(range, &c.range_v) < 0 || c.range_v <= 0)
        return ps_fail(err, PS_ERR_ARG, "channel %c: range '%s' is not a voltage (10mV…200V)",
                       ch[0], range ? range : "");
    if (coupling) {
        if (strcmp(coupling, "AC") == 0 || strcmp(coupling, "ac") == 0)
            c.coupling = PS_COUPLING_AC;
        else if (strcmp(coupling, "DC50") == 0 || strcmp(coupling, "50") == 0)
            c.coupling = PS_COUPLING_DC50;
        else if (strcmp(coupling, "DC") && strcmp(coupling, "dc"))
            return ps_fail(err, PS_ERR_ARG, "channel %c: coupling '%s' (AC, DC or DC50 for 50 Ω)",
                           ch[0], coupling);
    }
    if (offset && units_parse_volts(offset, &c.analog_offset_v) < 0)
        return ps_fail(err, PS_ERR_ARG, "channel %c: offset '%s' is not a voltage", ch[0], offset);
    if (strtok_r(NULL, ":", &save))
        return ps_fail(err, PS_ERR_ARG, "channel '%s': expected CH:RANGE[:AC|DC[:OFFSET]]", spec);
    c.bandwidth_hz = dc->channel[ch[0] - 'A'].bandwidth_hz;
    dc->channel[ch[0] - 'A'] = c;
    return PS_OK;
}

ps_status ps_config_trigger(ps_trigger_config *t, const char *spec, ps_error *err)
{
    char buf[128];
    if (strlen(spec) >= sizeof buf)
        return ps_fail(err, PS_ERR_ARG, "trigger '%.40s…': too long", spec);
    snprintf(buf, sizeof buf, "%s", spec);
    char *save = NULL, *ch = strtok_r(buf, ":", &save), *dir = strtok_r(NULL, ":", &save);
    char *level = strtok_r(NULL, ":", &save);
    static const char *const dirs[] = {"rising", "falling", "either", "above", "below"};
    if (!ch || strlen(ch) != 1 || ch[0] < 'A' || ch[0] > 'H' || !dir || !level)
        return ps_fail(err, PS_ERR_ARG,
                       "trigger '%s': expected CH:DIRECTION:LEVEL, as in A:rising:1.5V", spec);
    size_t i = 0;
    while (i < 5 && strcmp(dir, dirs[i]) != 0)
        i++;
    if (i == 5)
        return ps_fail(err, PS_ERR_ARG,
                       "trigger direction '%s' (rising, falling, either, above, below)", dir);
    double v;
    if (units_parse_volts(level, &v) < 0)
        return ps_fail(err, PS_ERR_ARG, "trigger level '%s' is not a voltage", level);
    if (strtok_r(NULL, ":", &save))
        return ps_fail(err, PS_ERR_ARG, "trigger '%s': expected CH:DIRECTION:LEVEL", spec);
    t->enabled = true;
    t->channel = (unsigned)(ch[0] - 'A');
    t->direction = (ps_trigger_dir)i;
    t->level_v = v;
    return PS_OK;
}

ps_status ps_config_downsample(ps_device_config *dc, const char *spec, ps_error *err)
{
    static const char *const modes[] = {"decimate", "average", "aggregate"};
    const char *colon = strchr(spec, ':');
    char *end;
    unsigned long n = strtoul(spec, &end, 10);
    size_t i = 0, len = colon ? strlen(colon + 1) : 0;
    bool raw = len > 4 && strcmp(colon + 1 + len - 4, "+raw") == 0;
    if (raw)
        len -= 4;
    while (colon && i < 3 && (strlen(modes[i]) != len || strncmp(colon + 1, modes[i], len) != 0))
        i++;
    if (!colon || end != colon || spec[0] == '-' || n < 2 || n > 1048576 || i == 3)
        return ps_fail(err, PS_ERR_ARG, "`downsample` '%s': expected N:decimate, N:average or "
                       "N:aggregate with N raw samples per value (2…1048576), +raw to keep the "
                       "raw samples too", spec);
    dc->downsample = (ps_downsample_mode)(i + 1);
    dc->downsample_ratio = (uint32_t)n;
    dc->downsample_keep_raw = raw;
    return PS_OK;
}

ps_status ps_parse_rate(const char *s, double *hz, ps_error *err)
{
    if (!s || units_parse_rate(s, hz) < 0 || !(*hz > 0))
        return ps_fail(err, PS_ERR_ARG, "rate '%s' is not a sample rate (1M, 250k, 10MS/s)",
                       s ? s : "");
    return PS_OK;
}

ps_status ps_parse_time(const char *s, double *seconds, ps_error *err)
{
    if (!s || units_parse_time(s, seconds) < 0)
        return ps_fail(err, PS_ERR_ARG, "time '%s' is not a duration (10s, 1h30m, 250us)",
                       s ? s : "");
    return PS_OK;
}

ps_status ps_parse_volts(const char *s, double *volts, ps_error *err)
{
    if (!s || units_parse_volts(s, volts) < 0)
        return ps_fail(err, PS_ERR_ARG, "'%s' is not a voltage (2V, 500mV)", s ? s : "");
    return PS_OK;
}

ps_status ps_parse_count(const char *s, double *count, ps_error *err)
{
    if (!s || units_parse_count(s, count) < 0)
        return ps_fail(err, PS_ERR_ARG, "'%s' is not a count (1M, 5e6)", s ? s : "");
    return PS_OK;
}

size_t ps_struct_size(const char *name)
{
#define SIZE_(t) {#t, sizeof(t)}
    static const struct {
        const char *name;
        size_t size;
    } sizes[] = {
        SIZE_(ps_capture_config), SIZE_(ps_device_config), SIZE_(ps_stream_params),
        SIZE_(ps_capture_stats),  SIZE_(ps_error),         SIZE_(ps_sigmf_meta),
        SIZE_(ps_peak),           SIZE_(ps_peaks_config),  SIZE_(ps_welch_config),
        SIZE_(ps_stats),          SIZE_(ps_events_config), SIZE_(ps_event),
        SIZE_(ps_device_info),    SIZE_(ps_verify_report), SIZE_(ps_output_rules),
        SIZE_(ps_filter_job),     SIZE_(ps_resample_job),  SIZE_(ps_report_config),
        SIZE_(ps_merged),         SIZE_(ps_partial_params),
    };
#undef SIZE_
    for (size_t i = 0; name && i < sizeof sizes / sizeof *sizes; i++)
        if (strcmp(name, sizes[i].name) == 0)
            return sizes[i].size;
    return 0;
}
