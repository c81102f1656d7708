/* The report split over pieces of a recording: each piece's statistics, over-range counts and
 * overview columns (its pass), Welch sums and events (as the psd and events partials make
 * them), and the page written from all pieces at the merge. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../analysis/partial_int.h"
#include "report_int.h"

/* A partial's part under the name the other analyses' merges read it by. */
static json_t *wrap(json_t *piece, const char *key, json_t *part)
{
    json_t *w = json_pack("{s:O, s:O}", "sample_rate", json_object_get(piece, "sample_rate"),
                          key, part ? part : json_null());
    return w;
}

static json_t *cols_json(const struct plot_col *cols, int w, bool hi)
{
    json_t *a = json_array();
    for (int i = 0; a && i < w; i++)
        json_array_append_new(a, partial_num(hi ? cols[i].hi : cols[i].lo));
    return a;
}

ps_status ps_partial_report(ps_reader *r, const int *channels, size_t n_channels, ps_span piece,
                            const ps_report_config *cfg, char **json, ps_error *err)
{
    *json = NULL;
    ps_span whole = {0, ps_reader_frames(r)};
    ps_status st = analysis_check(r, channels, n_channels, piece, err);
    if (st == PS_OK && n_channels > PS_SIGMF_MAX_CHANNELS)
        st = ps_fail(err, PS_ERR_ARG, "report: at most %d channels", PS_SIGMF_MAX_CHANNELS);
    if (st == PS_OK)
        st = plot_waveform_check(r, n_channels, whole, REPORT_WIDTH, 60 + (int)n_channels * 150,
                                 err);
    if (st != PS_OK)
        return st;
    struct report_data d = {.r = r, .n_ch = n_channels, .span = whole, .read = piece,
                            .piece = true, .max_listed = 1};
    for (size_t k = 0; k < n_channels; k++) {
        d.c[k].index = channels[k];
        report_rules(&ps_reader_meta(r)->channel[channels[k]], cfg, &d.c[k].rules);
    }
    st = report_pass(&d, cfg, NULL, NULL, err); /* statistics, over-range, overview */
    json_t *o = partial_head(r, PS_PARTIAL_REPORT, channels, n_channels, piece);
    json_t *stats = json_array(), *full = json_array(), *lo = json_array(), *hi = json_array();
    json_t *events = json_array(), *rules = json_array(), *psd = NULL;
    int w = plot_waveform_columns(REPORT_WIDTH);
    for (size_t k = 0; st == PS_OK && k < n_channels; k++) {
        json_array_append_new(stats, partial_stats_json(&d.c[k].stats));
        json_array_append_new(full, json_integer((json_int_t)d.c[k].full_scale));
        json_array_append_new(lo, cols_json(d.cols + k * (size_t)w, w, false));
        json_array_append_new(hi, cols_json(d.cols + k * (size_t)w, w, true));
        json_t *e = json_object();
        if (d.c[k].rules.n_rules)
            st = partial_events_json(r, &channels[k], 1, piece, &d.c[k].rules, 0, e, err);
        json_t *ev = d.c[k].rules.n_rules ? json_object_get(e, "events") : NULL;
        json_array_append_new(events, ev ? json_incref(ev) : json_null());
        /* the rules in the config, which every piece of one merge must share */
        json_array_append_new(rules, ev ? json_incref(json_object_get(ev, "config"))
                                        : json_null());
        json_decref(e);
    }
    if (st == PS_OK && d.nperseg) { /* the report's Welch: SciPy's defaults, Hann, density */
        ps_welch_config wc = {.fs_hz = ps_reader_rate(r), .window = "hann",
                              .nperseg = d.nperseg, .detrend = PS_DETREND_CONSTANT,
                              .density = true};
        json_t *t = json_object();
        st = partial_psd_json(r, channels, n_channels, piece, &wc, t, err);
        psd = json_incref(json_object_get(t, "psd"));
        json_decref(t);
    }
    json_t *rep = json_pack(
        "{s:{s:s, s:I, s:I, s:I, s:I, s:o}, s:{s:o, s:o, s:o, s:o, s:o, s:o, s:o}}", "config",
        "name", cfg->name ? cfg->name : ps_reader_name(r), "nperseg", (json_int_t)d.nperseg,
        "nperseg_asked", (json_int_t)cfg->nperseg, "max_listed",
        (json_int_t)(cfg->max_listed ? cfg->max_listed : 200), "width", (json_int_t)w, "rules",
        rules, "parts", "pass_s", partial_num(d.pass_s), "stats", stats, "full_scale",
        full, "cols_lo", lo, "cols_hi", hi, "events", events, "psd", psd ? psd : json_null());
    if (st == PS_OK && (!o || !rep || json_object_set(o, "report", rep) != 0 ||
                        !(*json = json_dumps(o, JSON_COMPACT))))
        st = ps_fail(err, PS_ERR_NOMEM, "partial report: out of memory");
    json_decref(rep);
    json_decref(o);
    report_free(&d);
    return st;
}

/* ---- merge ---- */

/* The pieces' part `key` (of channel k when per channel), each wrapped for another merge. */
static struct partial_piece *parts_of(struct partial_piece *p, size_t n, const char *key,
                                      const char *as, long k)
{
    struct partial_piece *q = calloc(n, sizeof *q);
    for (size_t i = 0; q && i < n; i++) {
        json_t *part = json_object_get(json_object_get(json_object_get(p[i].o, "report"),
                                                       "parts"), key);
        q[i].span = p[i].span;
        q[i].o = wrap(p[i].o, as, k >= 0 ? json_array_get(part, (size_t)k) : part);
    }
    return q;
}

static void parts_free(struct partial_piece *q, size_t n)
{
    for (size_t i = 0; q && i < n; i++)
        json_decref(q[i].o);
    free(q);
}

/* Overview columns: the lowest and highest of each column over the pieces. */
static ps_status merge_cols(struct partial_piece *p, size_t n, struct report_data *d, int w,
                            ps_error *err)
{
    if (!(d->cols = malloc(d->n_ch * (size_t)w * sizeof *d->cols)))
        return ps_fail(err, PS_ERR_NOMEM, "merge: out of memory");
    for (size_t i = 0; i < d->n_ch * (size_t)w; i++)
        d->cols[i] = (struct plot_col){INFINITY, -INFINITY};
    for (size_t i = 0; i < n; i++) {
        json_t *parts = json_object_get(json_object_get(p[i].o, "report"), "parts");
        json_t *lo = json_object_get(parts, "cols_lo"), *hi = json_object_get(parts, "cols_hi");
        json_t *full = json_object_get(parts, "full_scale");
        double t;
        if (!partial_num_ok(json_object_get(parts, "pass_s"), &t) ||
            json_array_size(lo) != d->n_ch || json_array_size(hi) != d->n_ch ||
            json_array_size(full) != d->n_ch)
            return ps_fail(err, PS_ERR_FORMAT, "report partial %zu without its parts", i + 1);
        d->pass_s += t;
        for (size_t k = 0; k < d->n_ch; k++) {
            json_t *l = json_array_get(lo, k), *h = json_array_get(hi, k);
            json_t *f = json_array_get(full, k);
            if (json_array_size(l) != (size_t)w || json_array_size(h) != (size_t)w ||
                !json_is_integer(f) || json_integer_value(f) < 0)
                return ps_fail(err, PS_ERR_FORMAT, "report partial %zu: damaged columns", i + 1);
            d->c[k].full_scale += (uint64_t)json_integer_value(f);
            for (int x = 0; x < w; x++) {
                double a, b;
                struct plot_col *c = &d->cols[k * (size_t)w + (size_t)x];
                if (!partial_num_ok(json_array_get(l, (size_t)x), &a) ||
                    !partial_num_ok(json_array_get(h, (size_t)x), &b))
                    return ps_fail(err, PS_ERR_FORMAT, "report partial %zu: a damaged number",
                                   i + 1);
                c->lo = fmin(c->lo, a);
                c->hi = fmax(c->hi, b);
            }
        }
    }
    return PS_OK;
}

/* Statistics, PSD and events through the merges of their own partials. */
static ps_status merge_parts(struct partial_piece *p, size_t n, struct report_data *d,
                             ps_error *err)
{
    ps_merged m = {.n_channels = d->n_ch};
    struct partial_piece *q = parts_of(p, n, "stats", "stats", -1);
    ps_status st = q ? partial_merge_stats(q, n, &m, err)
                     : ps_fail(err, PS_ERR_NOMEM, "merge: out of memory");
    parts_free(q, n);
    for (size_t k = 0; st == PS_OK && k < d->n_ch; k++)
        d->c[k].stats = m.stats[k];
    if (st == PS_OK && d->nperseg) {
        q = parts_of(p, n, "psd", "psd", -1);
        st = q ? partial_merge_psd(q, n, &m, err)
               : ps_fail(err, PS_ERR_NOMEM, "merge: out of memory");
        parts_free(q, n);
        d->n_freq = m.n_freq;
        d->freq = m.freq;
        m.freq = NULL;
        for (size_t k = 0; st == PS_OK && k < d->n_ch; k++) {
            if (!(d->c[k].psd = malloc(d->n_freq * sizeof(double))))
                st = ps_fail(err, PS_ERR_NOMEM, "merge: out of memory");
            else
                memcpy(d->c[k].psd, m.psd + k * d->n_freq, d->n_freq * sizeof(double));
        }
    }
    ps_merged_clear(&m);
    for (size_t k = 0; st == PS_OK && k < d->n_ch; k++) {
        struct report_channel *c = &d->c[k];
        if (!c->rules.n_rules)
            continue;
        ps_merged e = {.n_channels = 1};
        q = parts_of(p, n, "events", "events", (long)k);
        st = q ? partial_merge_events(q, n, &e, err)
               : ps_fail(err, PS_ERR_NOMEM, "merge: out of memory");
        parts_free(q, n);
        c->n_events = e.n_events;
        c->n_listed = e.n_events < d->max_listed ? e.n_events : d->max_listed;
        if (st == PS_OK && !(c->events = malloc((c->n_listed ? c->n_listed : 1) *
                                                sizeof *c->events)))
            st = ps_fail(err, PS_ERR_NOMEM, "merge: out of memory");
        if (st == PS_OK && c->n_listed)
            memcpy(c->events, e.events, c->n_listed * sizeof *c->events);
        ps_merged_clear(&e);
    }
    return st;
}

ps_status report_merge(struct partial_piece *p, size_t n, ps_reader *r, const char *html,
                       const ps_output_rules *rules, ps_error *err)
{
    json_t *cfg = json_object_get(json_object_get(p[0].o, "report"), "config");
    json_t *chans = json_object_get(p[0].o, "channels");
    const char *name = json_string_value(json_object_get(cfg, "name"));
    json_int_t nperseg = json_integer_value(json_object_get(cfg, "nperseg"));
    json_int_t asked = json_integer_value(json_object_get(cfg, "nperseg_asked"));
    json_int_t listed = json_integer_value(json_object_get(cfg, "max_listed"));
    json_int_t w = json_integer_value(json_object_get(cfg, "width"));
    json_t *ev_rules = json_object_get(cfg, "rules");
    if (!name || nperseg < 0 || asked < 0 || listed < 1 ||
        w != plot_waveform_columns(REPORT_WIDTH) ||
        json_array_size(ev_rules) != json_array_size(chans))
        return ps_fail(err, PS_ERR_FORMAT, "a report partial without its configuration");
    ps_report_config rc = {.name = name, .nperseg = (size_t)asked};
    struct report_data d = {.r = r, .n_ch = json_array_size(chans),
                            .span = {0, ps_reader_frames(r)}, .max_listed = (size_t)listed};
    report_gaps(&d, &rc);
    if (d.nperseg != (size_t)nperseg) /* what the pieces computed with */
        return ps_fail(err, PS_ERR_FORMAT, "report partials of another segment length");
    ps_status st = PS_OK;
    for (size_t k = 0; k < d.n_ch; k++) {
        d.c[k].index = (int)json_integer_value(json_array_get(chans, k));
        json_t *ev = json_array_get(ev_rules, k);
        d.c[k].rules.n_rules = 0;
        if (st == PS_OK && json_is_object(ev)) /* the rules the pieces applied */
            st = partial_events_cfg_of(ev, &d.c[k].rules, err);
    }
    if (st == PS_OK)
        st = merge_cols(p, n, &d, (int)w, err);
    if (st == PS_OK)
        st = merge_parts(p, n, &d, err);
    ps_output *o = NULL;
    if (st == PS_OK)
        st = ps_output_open(&o, html, rules, err);
    if (st == PS_OK)
        st = report_html(&d, &rc, ps_output_stream(o), err);
    if (o && st != PS_OK)
        ps_output_abort(o);
    else if (o)
        st = ps_output_commit(o, err);
    report_free(&d);
    return st;
}
