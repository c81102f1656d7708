/* Events into a recording's meta as SigMF annotations, editing the JSON so every other field
 * (ours or anyone's) is kept; the data file is never opened. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format_int.h"
#include "picostream/events.h"

#define GENERATOR "picostream events"

static int by_start(const void *a, const void *b)
{
    json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "core:sample_start"));
    json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "core:sample_start"));
    return (x > y) - (x < y);
}

ps_status ps_annotate_events(const char *name, const ps_events_config *cfg, const ps_event *ev,
                             size_t n, double rate_hz, ps_error *err)
{
    char meta_path[4096], data_path[4096];
    ps_status st = ps_sigmf_paths(name, meta_path, data_path, sizeof meta_path, err);
    if (st != PS_OK)
        return st;
    if (ps_sigmf_being_captured(name)) /* its next meta rewrite would drop what we add */
        return ps_fail(err, PS_ERR_ARG, "%s is being captured: annotate it once the capture "
                       "has ended", name);
    json_error_t jerr;
    json_t *root = json_load_file(meta_path, JSON_REJECT_DUPLICATES, &jerr);
    if (!json_is_object(root)) {
        json_decref(root);
        return ps_fail(err, PS_ERR_FORMAT, "%s: not valid JSON (line %d: %s)", meta_path, jerr.line,
                       jerr.text);
    }
    json_t *old = json_object_get(root, "annotations");
    size_t n_old = json_is_array(old) ? json_array_size(old) : 0;
    json_t **all = malloc((n_old + n + 1) * sizeof *all);
    if (!all) {
        json_decref(root);
        return ps_fail(err, PS_ERR_NOMEM, "annotate: out of memory");
    }
    size_t k = 0;
    for (size_t i = 0; i < n_old; i++) { /* keep what others wrote, drop our previous run's */
        json_t *a = json_array_get(old, i);
        const char *gen = json_string_value(json_object_get(a, "core:generator"));
        if (!gen || strcmp(gen, GENERATOR) != 0)
            all[k++] = json_incref(a);
    }
    for (size_t i = 0; i < n; i++) {
        char comment[160];
        snprintf(comment, sizeof comment, "peak %.9g V, %.9g s", ev[i].peak_v,
                 (double)(ev[i].end - ev[i].start) / rate_hz);
        all[k++] = json_pack(
            "{s:I, s:I, s:s, s:s, s:s}", "core:sample_start", (json_int_t)ev[i].start,
            "core:sample_count", (json_int_t)(ev[i].end - ev[i].start), "core:label",
            cfg->rule[ev[i].rule].label, "core:comment", comment, "core:generator", GENERATOR);
    }
    qsort(all, k, sizeof *all, by_start); /* SigMF wants them in sample order */
    json_t *arr = json_array();
    for (size_t i = 0; i < k; i++)
        json_array_append_new(arr, all[i]);
    free(all);
    json_object_set_new(root, "annotations", arr);
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
    json_decref(root);
    if (!text)
        return ps_fail(err, PS_ERR_NOMEM, "annotate: cannot serialise the meta");
    size_t len = strlen(text);
    text[len] = '\n';
    st = atomic_file_replace(meta_path, text, len + 1, err);
    free(text);
    return st;
}
