/* Reading and checking a SigMF meta file, ours or anyone's. */
#define _DEFAULT_SOURCE /* flock */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "picostream/sigmf.h"

ps_status ps_sigmf_paths(const char *name, char *meta_path, char *data_path, size_t len,
                         ps_error *err)
{
    size_t n = strlen(name);
    static const char *const ext[] = {".sigmf-meta", ".sigmf-data", ".sigmf-"};
    for (size_t i = 0; i < 3; i++) {
        size_t e = strlen(ext[i]);
        if (n > e && strcmp(name + n - e, ext[i]) == 0) {
            n -= e;
            break;
        }
    }
    if (n == 0 || name[n - 1] == '/')
        return ps_fail(err, PS_ERR_ARG, "recording name '%s' has no file name", name);
    if (n + 12 > len)
        return ps_fail(err, PS_ERR_ARG, "recording name too long: %s", name);
    snprintf(meta_path, len, "%.*s.sigmf-meta", (int)n, name);
    snprintf(data_path, len, "%.*s.sigmf-data", (int)n, name);
    return PS_OK;
}

bool ps_sigmf_being_captured(const char *name)
{
    char meta[4200], data[4200];
    if (ps_sigmf_paths(name, meta, data, sizeof meta, NULL) != PS_OK)
        return false;
    int fd = open(data, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return false;
    bool busy = flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    close(fd);
    return busy;
}

static void copy_str(json_t *obj, const char *key, char *out, size_t len)
{
    const char *s = json_string_value(json_object_get(obj, key));
    if (s)
        snprintf(out, len, "%s", s);
}

static ps_status read_channels(json_t *arr, ps_sigmf_meta *m, const char *path, ps_error *err)
{
    if (!json_is_array(arr) || json_array_size(arr) != m->n_channels)
        return ps_fail(err, PS_ERR_FORMAT, "%s: picostream:channels must list %u channels", path,
                       m->n_channels);
    for (unsigned c = 0; c < m->n_channels; c++) {
        json_t *o = json_array_get(arr, c);
        ps_sigmf_channel *ch = &m->channel[c];
        json_t *scale = json_object_get(o, "scale_v"), *off = json_object_get(o, "offset_v");
        if (!json_is_object(o) || !json_is_number(scale) || !json_is_number(off))
            return ps_fail(err, PS_ERR_FORMAT, "%s: channel %u needs scale_v and offset_v", path,
                           c);
        copy_str(o, "name", ch->name, sizeof ch->name);
        copy_str(o, "coupling", ch->coupling, sizeof ch->coupling);
        copy_str(o, "probe", ch->probe, sizeof ch->probe);
        copy_str(o, "unit", ch->unit, sizeof ch->unit);
        copy_str(o, "sensor", ch->sensor, sizeof ch->sensor);
        json_t *amin = json_object_get(o, "adc_min");
        ch->has_adc_min = json_is_integer(amin);
        ch->adc_min = ch->has_adc_min ? (int32_t)json_integer_value(amin) : 0;
        if (!ch->unit[0])
            snprintf(ch->unit, sizeof ch->unit, "volts");
        ch->scale_v = json_number_value(scale);
        ch->offset_v = json_number_value(off);
        ch->range_v = json_number_value(json_object_get(o, "range_v"));
        json_int_t adc_max = json_integer_value(json_object_get(o, "adc_max"));
        if (!isfinite(ch->scale_v) || !isfinite(ch->offset_v) || !isfinite(ch->range_v) ||
            fabs(ch->scale_v) > 1e12 || fabs(ch->offset_v) > 1e12 || fabs(ch->range_v) > 1e12 ||
            adc_max < 0 || adc_max > 1 << 30)
            return ps_fail(err, PS_ERR_FORMAT, "%s: channel %u: scale_v, offset_v, range_v or "
                           "adc_max out of range", path, c);
        ch->adc_max = (int32_t)adc_max;
    }
    return PS_OK;
}

static ps_status read_captures(json_t *arr, ps_sigmf_meta *m, const char *path, ps_error *err)
{
    if (!json_is_array(arr))
        return ps_fail(err, PS_ERR_FORMAT, "%s: 'captures' must be an array", path);
    uint64_t prev = 0;
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *o = json_array_get(arr, i);
        json_t *ss = json_object_get(o, "core:sample_start");
        if (!json_is_object(o) || !json_is_integer(ss) || json_integer_value(ss) < 0)
            return ps_fail(err, PS_ERR_FORMAT, "%s: capture %zu has no core:sample_start", path, i);
        ps_sigmf_capture c = {0};
        c.sample_start = (uint64_t)json_integer_value(ss);
        json_t *gi = json_object_get(o, "core:global_index");
        if (gi && (!json_is_integer(gi) || json_integer_value(gi) < 0))
            return ps_fail(err, PS_ERR_FORMAT, "%s: capture %zu: core:global_index must be a "
                           "whole number ≥ 0", path, i);
        c.global_index = gi ? (uint64_t)json_integer_value(gi) : c.sample_start;
        copy_str(o, "core:datetime", c.datetime, sizeof c.datetime);
        c.estimated = json_is_true(json_object_get(o, "picostream:global_index_estimated"));
        if (i > 0 && c.sample_start < prev)
            return ps_fail(err, PS_ERR_FORMAT, "%s: captures are not in sample order", path);
        if (i > 0) { /* device time only moves forward: a run cannot resume before the last ended */
            const ps_sigmf_capture *p = &m->captures[m->n_captures - 1];
            if (c.global_index < p->global_index ||
                c.global_index - p->global_index < c.sample_start - p->sample_start)
                return ps_fail(err, PS_ERR_FORMAT, "%s: capture %zu: core:global_index %llu "
                               "goes back in time", path, i, (unsigned long long)c.global_index);
        }
        prev = c.sample_start;
        ps_status st = ps_sigmf_add_capture(m, &c, err);
        if (st != PS_OK)
            return st;
    }
    return PS_OK;
}

ps_status ps_sigmf_read_meta(const char *path, ps_sigmf_meta *m, ps_error *err)
{
    memset(m, 0, sizeof *m);
    json_error_t jerr;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        FILE *f = fopen(path, "r");
        if (!f)
            return ps_fail(err, PS_ERR_IO, "%s: %s", path, strerror(errno));
        fclose(f);
        return ps_fail(err, PS_ERR_FORMAT, "%s: not valid JSON (line %d: %s)", path, jerr.line,
                       jerr.text);
    }
    ps_status st = PS_OK;
    json_t *g = json_object_get(root, "global");
    if (!json_is_object(g)) {
        st = ps_fail(err, PS_ERR_FORMAT, "%s: no 'global' object", path);
        goto out;
    }
    copy_str(g, "core:datatype", m->datatype, sizeof m->datatype);
    if (!ps_sigmf_sample_bytes(m->datatype)) {
        st = ps_fail(err, PS_ERR_FORMAT,
                     "%s: datatype '%s' not supported (ri8, ri16_le, ri32_le, "
                     "rf32_le, rf64_le)",
                     path, m->datatype[0] ? m->datatype : "(none)");
        goto out;
    }
    json_t *rate = json_object_get(g, "core:sample_rate");
    m->sample_rate_hz = json_number_value(rate);
    /* from a millihertz logger to 100 GS/s: anything else is a corrupt or foreign meta */
    if (!json_is_number(rate) || !(m->sample_rate_hz >= 1e-6 && m->sample_rate_hz <= 1e11)) {
        st = ps_fail(err, PS_ERR_FORMAT, "%s: core:sample_rate missing or out of range "
                     "(1e-6…1e11 S/s)", path);
        goto out;
    }
    json_t *nch = json_object_get(g, "core:num_channels");
    json_int_t n = nch ? json_integer_value(nch) : 1;
    if ((nch && !json_is_integer(nch)) || n < 1 || n > PS_SIGMF_MAX_CHANNELS) {
        st = ps_fail(err, PS_ERR_FORMAT, "%s: core:num_channels must be 1…%d", path,
                     PS_SIGMF_MAX_CHANNELS);
        goto out;
    }
    m->n_channels = (unsigned)n;
    copy_str(g, "core:hw", m->hw, sizeof m->hw);
    copy_str(g, "core:recorder", m->recorder, sizeof m->recorder);
    copy_str(g, "core:datetime", m->datetime, sizeof m->datetime);
    copy_str(g, "core:description", m->description, sizeof m->description);
    for (unsigned c = 0; c < m->n_channels; c++) { /* plain SigMF: values as stored */
        snprintf(m->channel[c].name, sizeof m->channel[c].name, "%u", c);
        m->channel[c].scale_v = 1.0;
    }
    json_t *chans = json_object_get(g, "picostream:channels");
    if (chans) {
        m->has_picostream = true;
        if ((st = read_channels(chans, m, path, err)) != PS_OK)
            goto out;
        m->resolution_bits =
            (unsigned)json_integer_value(json_object_get(g, "picostream:resolution_bits"));
        copy_str(g, "picostream:driver", m->driver, sizeof m->driver);
        m->interval_s = json_number_value(json_object_get(g, "picostream:interval_s"));
        /* the exact interval may differ from 1/rate by rounding, never by more */
        if (!(m->interval_s > 0) || fabs(m->interval_s * m->sample_rate_hz - 1) > 1e-6)
            m->interval_s = 1.0 / m->sample_rate_hz;
        json_t *ds = json_object_get(g, "picostream:downsample");
        if (ds) {
            json_t *mode = json_object_get(ds, "mode"), *ratio = json_object_get(ds, "ratio");
            const char *ms = json_string_value(mode);
            if (!ms || (strcmp(ms, "decimate") && strcmp(ms, "average") && strcmp(ms, "aggregate")) ||
                !json_is_integer(ratio) || json_integer_value(ratio) < 2 ||
                json_integer_value(ratio) > UINT32_MAX) {
                st = ps_fail(err, PS_ERR_FORMAT, "%s: picostream:downsample must be {\"mode\": "
                             "decimate|average|aggregate, \"ratio\": 2…}", path);
                goto out;
            }
            snprintf(m->downsample_mode, sizeof m->downsample_mode, "%s", ms);
            m->downsample_ratio = (uint32_t)json_integer_value(ratio);
        }
        static const char *const counts[] = {"picostream:samples", "picostream:lost_samples",
                                             "picostream:lost_at_end"};
        uint64_t *dst[] = {&m->n_samples, &m->lost_samples, &m->lost_at_end};
        for (int i = 0; i < 3; i++) {
            json_t *v = json_object_get(g, counts[i]);
            if (v && (!json_is_integer(v) || json_integer_value(v) < 0)) {
                st = ps_fail(err, PS_ERR_FORMAT, "%s: %s must be a whole number ≥ 0", path,
                             counts[i]);
                goto out;
            }
            *dst[i] = v ? (uint64_t)json_integer_value(v) : 0;
        }
        m->complete = json_is_true(json_object_get(g, "picostream:complete"));
        copy_str(g, "picostream:stop_reason", m->stop_reason, sizeof m->stop_reason);
        json_t *trig = json_object_get(g, "picostream:trigger_sample");
        m->has_trigger = json_is_integer(trig);
        m->trigger_sample = m->has_trigger ? (uint64_t)json_integer_value(trig) : 0;
        json_t *sim = json_object_get(g, "picostream:sim");
        if (sim)
            copy_str(sim, "spec", m->sim_spec, sizeof m->sim_spec);
    }
    json_t *anns = json_object_get(root, "annotations");
    for (size_t i = 0; json_is_array(anns) && i < json_array_size(anns); i++) {
        json_t *o = json_array_get(anns, i);
        json_t *ss = json_object_get(o, "core:sample_start");
        if (!json_is_integer(ss) || json_integer_value(ss) < 0) {
            st =
                ps_fail(err, PS_ERR_FORMAT, "%s: annotation %zu has no core:sample_start", path, i);
            goto out;
        }
        ps_sigmf_annotation a = {0};
        a.sample_start = (uint64_t)json_integer_value(ss);
        json_int_t cnt = json_integer_value(json_object_get(o, "core:sample_count"));
        a.sample_count = cnt > 0 ? (uint64_t)cnt : 0;
        copy_str(o, "core:label", a.label, sizeof a.label);
        copy_str(o, "core:comment", a.comment, sizeof a.comment);
        if ((st = ps_sigmf_add_annotation(m, &a, err)) != PS_OK)
            goto out;
    }
    json_t *caps = json_object_get(root, "captures");
    if (caps && (st = read_captures(caps, m, path, err)) != PS_OK)
        goto out;
out:
    json_decref(root);
    if (st != PS_OK)
        ps_sigmf_meta_clear(m);
    return st;
}
