/* Writing a SigMF meta file: core fields, the picostream extension, captures. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "format_int.h"
#include "picostream/sigmf.h"

size_t ps_sigmf_sample_bytes(const char *datatype)
{
    if (strcmp(datatype, "ri16_le") == 0)
        return 2;
    if (strcmp(datatype, "ri8") == 0)
        return 1;
    if (strcmp(datatype, "rf32_le") == 0 || strcmp(datatype, "ri32_le") == 0)
        return 4;
    if (strcmp(datatype, "rf64_le") == 0)
        return 8;
    return 0;
}

void ps_sigmf_datetime(double unix_s, char *out, size_t len)
{
    time_t whole = (time_t)floor(unix_s);
    long us = (long)floor((unix_s - (double)whole) * 1e6 + 0.5);
    if (us >= 1000000) {
        whole++;
        us -= 1000000;
    }
    struct tm tm;
    gmtime_r(&whole, &tm);
    char day[32];
    strftime(day, sizeof day, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, len, "%s.%06ldZ", day, us);
}

ps_status ps_sigmf_add_capture(ps_sigmf_meta *m, const ps_sigmf_capture *c, ps_error *err)
{
    ps_sigmf_capture *grown = realloc(m->captures, (m->n_captures + 1) * sizeof *grown);
    if (!grown)
        return ps_fail(err, PS_ERR_NOMEM, "meta: cannot grow the captures list");
    m->captures = grown;
    m->captures[m->n_captures++] = *c;
    return PS_OK;
}

ps_status ps_sigmf_add_annotation(ps_sigmf_meta *m, const ps_sigmf_annotation *a, ps_error *err)
{
    ps_sigmf_annotation *grown = realloc(m->annotations, (m->n_annotations + 1) * sizeof *grown);
    if (!grown)
        return ps_fail(err, PS_ERR_NOMEM, "meta: cannot grow the annotations list");
    m->annotations = grown;
    m->annotations[m->n_annotations++] = *a;
    return PS_OK;
}

void ps_sigmf_meta_clear(ps_sigmf_meta *m)
{
    free(m->annotations);
    free(m->captures);
    memset(m, 0, sizeof *m);
}

static json_t *channels_json(const ps_sigmf_meta *m)
{
    json_t *arr = json_array();
    for (unsigned c = 0; c < m->n_channels && c < PS_SIGMF_MAX_CHANNELS; c++) {
        const ps_sigmf_channel *ch = &m->channel[c];
        json_t *o = json_pack("{s:s, s:f, s:s, s:I, s:f, s:f}", "name", ch->name, "range_v",
                              ch->range_v, "coupling", ch->coupling, "adc_max",
                              (json_int_t)ch->adc_max, "scale_v", ch->scale_v, "offset_v",
                              ch->offset_v);
        if (ch->probe[0])
            json_object_set_new(o, "probe", json_string(ch->probe));
        json_object_set_new(o, "unit", json_string(ch->unit[0] ? ch->unit : "volts"));
        if (ch->has_adc_min)
            json_object_set_new(o, "adc_min", json_integer(ch->adc_min));
        if (ch->sensor[0])
            json_object_set_new(o, "sensor", json_string(ch->sensor));
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *meta_json(const ps_sigmf_meta *m)
{
    json_t *global = json_pack("{s:s, s:f, s:I, s:s, s:s, s:s}", "core:datatype", m->datatype,
                               "core:sample_rate", m->sample_rate_hz, "core:num_channels",
                               (json_int_t)m->n_channels, "core:version", "1.2.0", "core:hw", m->hw,
                               "core:recorder", m->recorder);
    if (m->datetime[0])
        json_object_set_new(global, "core:datetime", json_string(m->datetime));
    if (m->description[0])
        json_object_set_new(global, "core:description", json_string(m->description));
    if (m->has_picostream) {
        json_object_set_new(global, "core:extensions",
                            json_pack("[{s:s, s:s, s:b}]", "name", "picostream", "version", "0.1.0",
                                      "optional", 1));
        json_object_set_new(global, "picostream:channels", channels_json(m));
        json_object_set_new(global, "picostream:resolution_bits", json_integer(m->resolution_bits));
        json_object_set_new(global, "picostream:interval_s", json_real(m->interval_s));
        json_object_set_new(global, "picostream:driver", json_string(m->driver));
        if (m->downsample_ratio)
            json_object_set_new(global, "picostream:downsample",
                                json_pack("{s:s, s:I}", "mode", m->downsample_mode, "ratio",
                                          (json_int_t)m->downsample_ratio));
        json_object_set_new(global, "picostream:samples", json_integer((json_int_t)m->n_samples));
        json_object_set_new(global, "picostream:lost_samples",
                            json_integer((json_int_t)m->lost_samples));
        if (m->lost_at_end)
            json_object_set_new(global, "picostream:lost_at_end",
                                json_integer((json_int_t)m->lost_at_end));
        json_object_set_new(global, "picostream:complete", json_boolean(m->complete));
        if (m->stop_reason[0])
            json_object_set_new(global, "picostream:stop_reason", json_string(m->stop_reason));
        json_t *over = json_array();
        for (unsigned c = 0; c < m->n_channels && c < 16; c++)
            if (m->over_range & (1u << c))
                json_array_append_new(over, json_string(m->channel[c].name));
        json_object_set_new(global, "picostream:over_range", over);
        if (m->has_trigger)
            json_object_set_new(global, "picostream:trigger_sample",
                                json_integer((json_int_t)m->trigger_sample));
        if (m->sim_spec[0]) /* the faults follow from the spec: verify --faults lists them */
            json_object_set_new(global, "picostream:sim", json_pack("{s:s}", "spec", m->sim_spec));
    }
    json_t *caps = json_array();
    for (size_t i = 0; i < m->n_captures; i++) {
        const ps_sigmf_capture *c = &m->captures[i];
        json_t *o = json_pack("{s:I, s:I}", "core:sample_start", (json_int_t)c->sample_start,
                              "core:global_index", (json_int_t)c->global_index);
        if (c->datetime[0])
            json_object_set_new(o, "core:datetime", json_string(c->datetime));
        if (c->estimated)
            json_object_set_new(o, "picostream:global_index_estimated", json_true());
        json_array_append_new(caps, o);
    }
    json_t *anns = json_array();
    for (size_t i = 0; i < m->n_annotations; i++) {
        const ps_sigmf_annotation *a = &m->annotations[i];
        json_t *o = json_pack("{s:I, s:I}", "core:sample_start", (json_int_t)a->sample_start,
                              "core:sample_count", (json_int_t)a->sample_count);
        if (a->label[0])
            json_object_set_new(o, "core:label", json_string(a->label));
        if (a->comment[0])
            json_object_set_new(o, "core:comment", json_string(a->comment));
        json_array_append_new(anns, o);
    }
    return json_pack("{s:o, s:o, s:o}", "global", global, "captures", caps, "annotations", anns);
}

ps_status ps_sigmf_write_meta(const char *meta_path, const ps_sigmf_meta *m, ps_error *err)
{
    json_t *root = meta_json(m);
    if (!root)
        return ps_fail(err, PS_ERR_NOMEM, "meta: cannot build JSON");
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
    json_decref(root);
    if (!text)
        return ps_fail(err, PS_ERR_NOMEM, "meta: cannot serialise JSON");
    size_t n = strlen(text);
    text[n] = '\n'; /* json_dumps leaves room for the NUL we overwrite; write n + 1 bytes */
    ps_status st = atomic_file_replace(meta_path, text, n + 1, err);
    free(text);
    return st;
}
