/* Partial results of stats and psd over pieces of a recording, and their merge. The JSON
 * carries every number as the double it is (jansson writes 17 significant digits), so a merge
 * sums exactly what the pieces summed; only the order of the sums differs from one pass. */
#include <jansson.h>
#include <stdbool.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis_int.h"
#include "filter_int.h"
#include "../format/format_int.h"
#include "partial_int.h"

ps_span ps_plan_piece(uint64_t frames, uint64_t pieces, uint64_t i)
{
    /* floor(i·frames/pieces) without overflow: frames = q·pieces + r */
    uint64_t q = frames / pieces, r = frames % pieces;
    ps_span s = {i * q + i * r / pieces, (i + 1) * q + (i + 1) * r / pieces};
    return s;
}

static const char *const kind_names[] = {"stats",    "psd",      "xcorr",    "events", "peaks",
                                         "filter",   "resample", "envelope", "overview",
                                         "report"};
#define N_KINDS 10
#define EVENTS_STEP 4096 /* samples between the finders' checkpoints */

static const char *kind_name(ps_partial_kind k)
{
    return kind_names[k];
}

json_t *partial_num(double v)
{
    if (isfinite(v))
        return json_real(v);
    return json_string(isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
}

bool partial_num_ok(const json_t *j, double *v)
{
    const char *s = json_string_value(j);
    if (json_is_number(j))
        *v = json_number_value(j);
    else if (s && strcmp(s, "inf") == 0)
        *v = INFINITY;
    else if (s && strcmp(s, "-inf") == 0)
        *v = -INFINITY;
    else if (s && strcmp(s, "nan") == 0)
        *v = NAN;
    else
        return false;
    return true;
}

json_t *partial_stats_json(const ps_stats *s)
{
    return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o}", "n", (json_int_t)s->n, "min",
                     partial_num(s->min), "max", partial_num(s->max), "mean",
                     partial_num(s->mean), "m2", partial_num(s->m2), "sumsq",
                     partial_num(s->sumsq));
}

struct stats_take {
    ps_stats *s;
    size_t n;
};

static void take_stats(void *arg, unsigned channel, uint64_t start, uint64_t gaps, uint64_t lost,
                       const ps_stats *s)
{
    struct stats_take *t = arg;
    (void)channel, (void)start, (void)gaps, (void)lost;
    t->s[t->n++] = *s;
}

/* Channel k's segments that start in piece, on the recording's grid, into w. */
static ps_status psd_piece(ps_reader *r, int ch, ps_span piece, size_t nperseg, size_t step,
                           ps_welch *w, double *x, size_t block, ps_error *err)
{
    uint64_t frames = ps_reader_frames(r);
    ps_status st = PS_OK;
    /* from the stretch holding the piece's first sample: the grid starts there */
    for (uint64_t a = ps_reader_stretch(r, piece.from).from; a < frames && a < piece.to &&
                                                             st == PS_OK;) {
        uint64_t b = ps_reader_segment(r, a, frames).to; /* the stretch [a, b) */
        uint64_t lo = piece.from > a ? piece.from : a, hi = piece.to < b ? piece.to : b;
        if (b > piece.from && lo < hi && b - a >= nperseg) {
            uint64_t first = a + (lo - a + step - 1) / step * step;
            uint64_t last_ok = hi - 1 < b - nperseg ? hi - 1 : b - nperseg;
            if (first <= last_ok) {
                uint64_t last = a + (last_ok - a) / step * step, end = last + nperseg;
                ps_welch_restart(w);
                for (uint64_t at = first; at < end && st == PS_OK;) {
                    size_t n = end - at < block ? (size_t)(end - at) : block;
                    if ((st = ps_reader_read(r, at, n, (unsigned)ch, x, err)) == PS_OK)
                        st = ps_welch_feed(w, x, n, err);
                    at += n;
                }
            }
        }
        a = b;
    }
    return st;
}

ps_status partial_psd_json(ps_reader *r, const int *channels, size_t n_ch, ps_span piece,
                          const ps_welch_config *cfg, json_t *o, ps_error *err)
{
    if (cfg->median)
        return ps_fail(err, PS_ERR_ARG, "psd `average` median does not split into pieces (a "
                       "median needs every segment at once): use mean");
    size_t nperseg = cfg->nperseg, noverlap = cfg->noverlap_set ? cfg->noverlap : nperseg / 2;
    if (nperseg == 0 || noverlap >= nperseg)
        return ps_fail(err, PS_ERR_ARG, "noverlap %zu must be less than nperseg %zu", noverlap,
                       nperseg);
    size_t block = ps_reader_block_frames(r), n_freq = nperseg / 2 + 1;
    double *x = malloc(block * sizeof *x), *acc = malloc(n_freq * sizeof *acc);
    ps_status st = x && acc ? PS_OK : ps_fail(err, PS_ERR_NOMEM, "partial: out of memory");
    json_t *sums = json_array();
    uint64_t k = 0;
    for (size_t c = 0; c < n_ch && st == PS_OK; c++) {
        ps_welch *w = NULL;
        if ((st = ps_welch_create(&w, cfg, err)) != PS_OK)
            break;
        st = psd_piece(r, channels[c], piece, nperseg, nperseg - noverlap, w, x, block, err);
        k = ps_welch_sums(w, acc);
        json_t *row = json_array();
        for (size_t f = 0; f < n_freq; f++)
            json_array_append_new(row, partial_num(acc[f]));
        json_array_append_new(sums, row);
        ps_welch_destroy(w);
    }
    json_object_set_new(o, "psd",
                        json_pack("{s:s, s:I, s:I, s:i, s:b, s:I, s:o}", "window", cfg->window,
                                  "nperseg", (json_int_t)nperseg, "noverlap", (json_int_t)noverlap,
                                  "detrend", (int)cfg->detrend, "density", cfg->density,
                                  "segments", (json_int_t)k, "sums", sums));
    free(x);
    free(acc);
    return st;
}

/* The lags xcorr takes over the whole recording: −max_lag … max_lag within its length. */
static void xcorr_lags(uint64_t frames, uint64_t max_lag, int64_t *lo, int64_t *hi)
{
    uint64_t lag = max_lag < frames - 1 ? max_lag : frames - 1;
    *lo = -(int64_t)lag;
    *hi = (int64_t)lag;
}

static ps_status xcorr_json(ps_reader *r, const int *channels, size_t n_ch, ps_span piece,
                            uint64_t max_lag, json_t *o, ps_error *err)
{
    if (n_ch != 2)
        return ps_fail(err, PS_ERR_ARG, "partial xcorr: two channels, a and b");
    ps_span all = {0, ps_reader_frames(r)};
    int64_t lo, hi;
    xcorr_lags(all.to, max_lag, &lo, &hi);
    if (hi - lo > 1 << 25)
        return ps_fail(err, PS_ERR_ARG, "partial xcorr: more than 2^25 lags");
    size_t w = (size_t)(hi - lo + 1);
    double *z = malloc(w * sizeof *z);
    if (!z)
        return ps_fail(err, PS_ERR_NOMEM, "partial: out of memory");
    ps_status st = xcorr_share(r, channels[0], all, r, channels[1], all, lo, hi, piece, z, NULL,
                               NULL, err);
    json_t *sums = json_array();
    for (size_t i = 0; i < w; i++)
        json_array_append_new(sums, partial_num(z[i]));
    json_object_set_new(o, "xcorr", json_pack("{s:I, s:I, s:o}", "lag_lo", (json_int_t)lo,
                                              "lag_hi", (json_int_t)hi, "sums", sums));
    free(z);
    return st;
}

static json_t *events_cfg_json(const ps_events_config *c, double rate)
{
    json_t *rules = json_array();
    for (size_t k = 0; k < c->n_rules; k++) {
        const ps_event_rule *r = &c->rule[k];
        json_array_append_new(rules, json_pack("{s:i, s:o, s:o, s:o, s:s}", "kind", (int)r->kind,
                                               "a", partial_num(r->a), "b", partial_num(r->b), "t_s", partial_num(r->t_s),
                                               "label", r->label));
    }
    return json_pack("{s:o, s:o, s:o, s:o, s:o}", "rules", rules, "hysteresis_v",
                     partial_num(c->hysteresis_v), "level_v", partial_num(c->level_v), "holdoff_s",
                     partial_num(c->holdoff_s), "rate", partial_num(rate));
}

struct ev_run {
    json_t *events;
    bool oom;
};

static int take_event(void *arg, const ps_event *e)
{
    struct ev_run *v = arg;
    json_t *row = json_pack("[I, I, i, o]", (json_int_t)e->start, (json_int_t)e->end,
                            (int)e->rule, partial_num(e->peak_v));
    if (!row || json_array_append_new(v->events, row) != 0)
        v->oom = true;
    return v->oom ? -1 : 0;
}

/* The checkpoints of one list: base + EVENTS_STEP·j for j = 1 … while ≤ last (none when
 * last < base + EVENTS_STEP). */
struct marks {
    json_t *list;
    uint64_t next, last;
};

/* Records the finder's state at sample `at` in every list whose next checkpoint it is. */
static ps_status mark(ps_event_finder *f, struct marks *m, uint64_t at, ps_error *err)
{
    char state[64 * PS_MAX_RULES + 64];
    for (int i = 0; i < 2; i++) {
        if (m[i].next != at || at > m[i].last)
            continue;
        size_t n = ps_event_finder_state(f, state, sizeof state);
        json_t *row = n ? json_pack("[I, s]", (json_int_t)at, state) : NULL;
        if (!row || json_array_append_new(m[i].list, row) != 0)
            return ps_fail(err, PS_ERR_NOMEM, "partial events: out of memory");
        m[i].next += EVENTS_STEP;
    }
    return PS_OK;
}

static uint64_t next_mark(const struct marks *m)
{
    uint64_t a = m[0].next <= m[0].last ? m[0].next : UINT64_MAX;
    uint64_t b = m[1].next <= m[1].last ? m[1].next : UINT64_MAX;
    return a < b ? a : b;
}

ps_status partial_events_json(ps_reader *r, const int *channels, size_t n_ch, ps_span piece,
                             const ps_events_config *cfg, uint64_t overlap, json_t *o,
                             ps_error *err)
{
    if (n_ch != 1 || !cfg)
        return ps_fail(err, PS_ERR_ARG, "partial events: one channel and its rules");
    uint64_t frames = ps_reader_frames(r), w = overlap ? overlap : 1u << 20;
    w = (w + EVENTS_STEP - 1) / EVENTS_STEP * EVENTS_STEP;
    uint64_t stop = piece.to + w < frames ? piece.to + w : frames;
    double rate = ps_reader_rate(r);
    struct ev_run v = {json_array(), false};
    json_t *head = json_array(), *tail = json_array();
    /* after the start (not for the first piece: it starts where the whole does) and after
     * the end (not for the last), as far as the run goes */
    uint64_t head_last = piece.from + w < stop ? piece.from + w : stop;
    struct marks m[2] = {{head, piece.from + EVENTS_STEP, piece.from > 0 ? head_last : 0},
                         {tail, piece.to + EVENTS_STEP, piece.to < frames ? stop : 0}};
    ps_event_finder *f = NULL;
    ps_status st = ps_event_finder_create(&f, cfg, rate, err);
    size_t block = ps_reader_block_frames(r);
    double *x = st == PS_OK ? malloc(block * sizeof *x) : NULL;
    if (st == PS_OK && !x)
        st = ps_fail(err, PS_ERR_NOMEM, "partial events: out of memory");
    for (uint64_t at = piece.from, end = piece.from; at < stop && st == PS_OK;) {
        if (at == end) { /* a new stretch: as ps_find_events, the last one's open events end */
            if (at > piece.from)
                st = ps_event_finder_finish(f, take_event, &v, err);
            end = ps_reader_segment(r, at, stop).to;
        }
        if (st == PS_OK && next_mark(m) == at)
            st = mark(f, m, at, err);
        uint64_t lim = next_mark(m) < end ? next_mark(m) : end;
        size_t n = lim - at < block ? (size_t)(lim - at) : block;
        if (st == PS_OK)
            st = ps_reader_read(r, at, n, (unsigned)channels[0], x, err);
        if (st == PS_OK)
            st = ps_event_finder_process(f, at, x, n, take_event, &v, err);
        at += n;
    }
    /* the recording's end is a checkpoint too (a piece ending short of one step before it) */
    for (int i = 0; i < 2 && stop == frames; i++)
        if (m[i].last == stop && m[i].next - EVENTS_STEP != stop)
            m[i].next = stop;
    if (st == PS_OK && next_mark(m) == stop) /* a checkpoint on the run's last sample */
        st = mark(f, m, stop, err);
    if (st == PS_OK) /* the recording's end closes what is open; a cut-short run keeps it open */
        st = stop == frames ? ps_event_finder_finish(f, take_event, &v, err)
                            : ps_event_finder_drain(f, take_event, &v, err);
    if (st == PS_OK && v.oom)
        st = ps_fail(err, PS_ERR_NOMEM, "partial events: out of memory");
    json_object_set_new(o, "events",
                        json_pack("{s:o, s:I, s:i, s:o, s:o, s:o}", "config",
                                  events_cfg_json(cfg, rate), "overlap", (json_int_t)w, "step",
                                  EVENTS_STEP, "found", v.events, "head", head, "tail", tail));
    free(x);
    ps_event_finder_destroy(f);
    return st;
}

json_t *partial_head(ps_reader *r, ps_partial_kind kind, const int *channels,
                            size_t n_channels, ps_span piece)
{
    json_t *chans = json_array();
    for (size_t c = 0; c < n_channels; c++)
        json_array_append_new(chans, json_integer(channels[c]));
    char id[65];
    ps_reader_identity(r, id);
    return json_pack("{s:i, s:s, s:s, s:s, s:I, s:f, s:o, s:[I,I]}", "picostream_partial",
                     PARTIAL_FORMAT_VERSION, "kind", kind_name(kind), "recording",
                     ps_reader_meta_path(r), "identity", id, "frames",
                     (json_int_t)ps_reader_frames(r), "sample_rate",
                     ps_reader_meta(r)->sample_rate_hz, "channels", chans, "piece",
                     (json_int_t)piece.from, (json_int_t)piece.to);
}

/* A recording piece's partial: the head, and the job's parameters (stolen) under its kind. */
static ps_status piece_json(ps_reader *r, ps_partial_kind kind, const int *channels,
                           size_t n_channels, ps_span piece, json_t *params, char **json,
                           ps_error *err)
{
    json_t *o = partial_head(r, kind, channels, n_channels, piece);
    ps_status st = PS_OK;
    if (!o || !params || json_object_set_new(o, kind_name(kind), params) != 0 ||
        !(*json = json_dumps(o, JSON_COMPACT)))
        st = ps_fail(err, PS_ERR_NOMEM, "partial: out of memory");
    json_decref(o);
    return st;
}

ps_status ps_partial_filter(ps_reader *r, const int *channels, size_t n_channels, ps_span piece,
                            const ps_filter_job *job, char **json, ps_error *err)
{
    *json = NULL;
    ps_status st = analysis_check(r, channels, n_channels, piece, err);
    if (st != PS_OK)
        return st;
    ps_filter_job j = *job;
    j.piece = piece;
    ps_span all = {0, ps_reader_frames(r)};
    if ((st = ps_run_filter(r, channels, n_channels, all, &j, NULL, NULL, err)) != PS_OK)
        return st;
    json_t *f = json_pack("{s:i, s:o, s:o, s:i, s:b, s:s, s:s}", "btype", (int)job->btype, "f1_hz",
                          partial_num(job->f1_hz), "f2_hz", partial_num(job->f2_hz), "order", (int)job->order,
                          "causal", job->causal, "datatype", job->datatype, "output",
                          job->output);
    return piece_json(r, PS_PARTIAL_FILTER, channels, n_channels, piece, f, json, err);
}

ps_status ps_partial_resample(ps_reader *r, const int *channels, size_t n_channels,
                              ps_span piece, const ps_resample_job *job, char **json,
                              ps_error *err)
{
    *json = NULL;
    ps_status st = analysis_check(r, channels, n_channels, piece, err);
    if (st != PS_OK)
        return st;
    ps_resample_job j = *job;
    j.piece = piece;
    ps_span all = {0, ps_reader_frames(r)};
    if ((st = ps_run_resample(r, channels, n_channels, all, &j, NULL, NULL, err)) != PS_OK)
        return st;
    json_t *f = json_pack("{s:I, s:I, s:s, s:s}", "up", (json_int_t)job->up, "down",
                          (json_int_t)job->down, "datatype", job->datatype, "output",
                          job->output);
    return piece_json(r, PS_PARTIAL_RESAMPLE, channels, n_channels, piece, f, json, err);
}

ps_status ps_partial_envelope(ps_reader *r, const int *channels, size_t n_channels,
                              ps_span piece, double out_rate_hz, const char *output,
                              const char *datatype, const ps_output_rules *rules, char **json,
                              ps_error *err)
{
    *json = NULL;
    ps_status st = analysis_check(r, channels, n_channels, piece, err);
    ps_span all = {0, ps_reader_frames(r)};
    if (st == PS_OK)
        st = envelope_run(r, channels, n_channels, all, piece, out_rate_hz, output, datatype,
                          rules, NULL, NULL, err);
    if (st != PS_OK)
        return st;
    json_t *f = json_pack("{s:o, s:s, s:s}", "rate", partial_num(out_rate_hz), "datatype", datatype,
                          "output", output);
    return piece_json(r, PS_PARTIAL_ENVELOPE, channels, n_channels, piece, f, json, err);
}

ps_status ps_partial_overview(ps_reader *r, ps_span piece, const char *output, char **json,
                              ps_error *err)
{
    *json = NULL;
    unsigned n_ch = ps_reader_meta(r)->n_channels;
    int channels[PS_SIGMF_MAX_CHANNELS];
    for (unsigned c = 0; c < n_ch && c < PS_SIGMF_MAX_CHANNELS; c++)
        channels[c] = (int)c;
    ps_status st = analysis_check(r, channels, n_ch, piece, err);
    char meta[4200], data[4200];
    if (st == PS_OK && !output)
        st = ps_fail(err, PS_ERR_ARG, "overview piece: no name for its files");
    if (st == PS_OK && (st = ps_sigmf_paths(output, meta, data, sizeof meta, err)) == PS_OK &&
        access(meta, F_OK) == 0) /* a recording's overview is its own */
        st = ps_fail(err, PS_ERR_ARG, "%s is a recording: its overview is not a piece's place",
                     output);
    if (st == PS_OK)
        st = overview_piece_build(r, piece, output, err);
    if (st != PS_OK)
        return st;
    json_t *f = json_pack("{s:s}", "output", output);
    return piece_json(r, PS_PARTIAL_OVERVIEW, channels, n_ch, piece, f, json, err);
}

ps_status ps_partial_run(ps_reader *r, ps_partial_kind kind, const int *channels,
                         size_t n_channels, ps_span piece, const ps_partial_params *params,
                         char **json, ps_error *err)
{
    *json = NULL;
    if (kind > PS_PARTIAL_PEAKS)
        return ps_fail(err, PS_ERR_ARG, "partial: analysis %d is not one ps_partial_run makes",
                       (int)kind);
    ps_status st = analysis_check(r, channels, n_channels, piece, err);
    if (st != PS_OK)
        return st;
    const ps_welch_config *cfg = params ? params->welch : NULL;
    if (kind == PS_PARTIAL_PSD && !cfg)
        return ps_fail(err, PS_ERR_ARG, "partial psd: no Welch configuration");
    json_t *o = partial_head(r, kind, channels, n_channels, piece);
    if (!o)
        return ps_fail(err, PS_ERR_NOMEM, "partial: out of memory");
    if (kind == PS_PARTIAL_STATS) {
        ps_stats s[PS_SIGMF_MAX_CHANNELS];
        struct stats_take t = {s, 0};
        st = n_channels > PS_SIGMF_MAX_CHANNELS
                 ? ps_fail(err, PS_ERR_ARG, "more than %d channels", PS_SIGMF_MAX_CHANNELS)
                 : ps_run_stats(r, channels, n_channels, piece, 0, take_stats, &t, NULL, NULL, err);
        json_t *arr = json_array();
        for (size_t c = 0; c < t.n; c++)
            json_array_append_new(arr, partial_stats_json(&s[c]));
        json_object_set_new(o, "stats", arr);
    } else if (kind == PS_PARTIAL_PSD) {
        st = partial_psd_json(r, channels, n_channels, piece, cfg, o, err);
    } else if (kind == PS_PARTIAL_XCORR) {
        st = xcorr_json(r, channels, n_channels, piece, params ? params->max_lag : 1000, o, err);
    } else if (kind == PS_PARTIAL_PEAKS) {
        st = n_channels != 1 || !params || !params->peaks
                 ? ps_fail(err, PS_ERR_ARG, "partial peaks: one channel and its conditions")
                 : peaks_partial(r, channels[0], piece, params->peaks, o, err);
    } else {
        st = partial_events_json(r, channels, n_channels, piece, params ? params->events : NULL,
                         params ? params->overlap : 0, o, err);
    }
    if (st == PS_OK && !(*json = json_dumps(o, JSON_COMPACT)))
        st = ps_fail(err, PS_ERR_NOMEM, "partial: out of memory");
    json_decref(o);
    return st;
}

/* The kind a partial names, or N_KINDS for none. */
static int kind_index(json_t *o)
{
    const char *kind = json_string_value(json_object_get(o, "kind"));
    int k = 0;
    while (kind && k < N_KINDS && strcmp(kind, kind_names[k]) != 0)
        k++;
    return kind ? k : N_KINDS;
}

ps_status ps_partial_kind_of(const char *json, ps_partial_kind *kind, ps_error *err)
{
    json_t *o = json_loads(json, 0, NULL);
    int k = o ? kind_index(o) : N_KINDS;
    json_decref(o);
    if (k == N_KINDS)
        return ps_fail(err, PS_ERR_FORMAT, "not a picostream partial (no known kind)");
    *kind = (ps_partial_kind)k;
    return PS_OK;
}

void ps_partial_free(char *json)
{
    free(json);
}

/* ---- merge ---- */

static int by_start(const void *a, const void *b)
{
    uint64_t x = ((const struct partial_piece *)a)->span.from, y = ((const struct partial_piece *)b)->span.from;
    return (x > y) - (x < y);
}

/* The fields every partial of one merge must share, as one canonical text. */
static char *identity(json_t *o)
{
    json_t *id = json_deep_copy(o);
    json_object_del(id, "piece");
    json_object_del(id, "stats");
    json_t *psd = json_object_get(id, "psd"), *xc = json_object_get(id, "xcorr");
    if (psd) {
        json_object_del(psd, "segments");
        json_object_del(psd, "sums");
    }
    if (xc)
        json_object_del(xc, "sums");
    json_object_del(json_object_get(id, "filter"), "output");
    json_object_del(json_object_get(id, "resample"), "output");
    json_object_del(json_object_get(id, "envelope"), "output");
    json_object_del(json_object_get(id, "overview"), "output");
    json_object_del(json_object_get(id, "report"), "parts");
    json_object_del(json_object_get(id, "peaks"), "found");
    json_t *ev = json_object_get(id, "events");
    if (ev) {
        json_object_del(ev, "found");
        json_object_del(ev, "head");
        json_object_del(ev, "tail");
    }
    char *s = json_dumps(id, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(id);
    return s;
}

static ps_status parse_all(const char *const *json, size_t n, struct partial_piece *p, ps_error *err)
{
    for (size_t i = 0; i < n; i++) {
        json_error_t je;
        p[i].o = json_loads(json[i], 0, &je);
        json_int_t a, b;
        if (!p[i].o || json_unpack(p[i].o, "{s:[I,I]}", "piece", &a, &b) != 0 ||
            json_integer_value(json_object_get(p[i].o, "picostream_partial")) != PARTIAL_FORMAT_VERSION ||
            a < 0 || b <= a)
            return ps_fail(err, PS_ERR_FORMAT, "partial %zu is not a picostream partial (format "
                           "%d)%s%s", i + 1, PARTIAL_FORMAT_VERSION, p[i].o ? "" : ": ",
                           p[i].o ? "" : je.text);
        p[i].span = (ps_span){(uint64_t)a, (uint64_t)b};
    }
    return PS_OK;
}

/* The pieces, sorted, tile [0, frames) exactly. */
static ps_status check_tiling(const struct partial_piece *p, size_t n, uint64_t frames, ps_error *err)
{
    uint64_t at = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i].span.from < at)
            return ps_fail(err, PS_ERR_ARG, "pieces overlap at sample %llu (a piece given "
                           "twice?)", (unsigned long long)p[i].span.from);
        if (p[i].span.from > at)
            return ps_fail(err, PS_ERR_ARG, "samples %llu…%llu are in no piece",
                           (unsigned long long)at, (unsigned long long)p[i].span.from);
        at = p[i].span.to;
    }
    if (at != frames)
        return ps_fail(err, PS_ERR_ARG, "samples %llu…%llu are in no piece",
                       (unsigned long long)at, (unsigned long long)frames);
    return PS_OK;
}

ps_status partial_merge_stats(struct partial_piece *p, size_t n, ps_merged *out, ps_error *err)
{
    for (size_t c = 0; c < out->n_channels; c++)
        ps_stats_reset(&out->stats[c]);
    for (size_t i = 0; i < n; i++) {
        json_t *arr = json_object_get(p[i].o, "stats");
        if (json_array_size(arr) != out->n_channels)
            return ps_fail(err, PS_ERR_FORMAT, "a stats partial without its channels");
        for (size_t c = 0; c < out->n_channels; c++) {
            json_t *e = json_array_get(arr, c);
            json_t *n_j = json_object_get(e, "n");
            ps_stats s = {(uint64_t)json_integer_value(n_j), 0, 0, 0, 0, 0};
            if (!json_is_integer(n_j) || json_integer_value(n_j) < 0 ||
                !partial_num_ok(json_object_get(e, "min"), &s.min) ||
                !partial_num_ok(json_object_get(e, "max"), &s.max) ||
                !partial_num_ok(json_object_get(e, "mean"), &s.mean) ||
                !partial_num_ok(json_object_get(e, "m2"), &s.m2) ||
                !partial_num_ok(json_object_get(e, "sumsq"), &s.sumsq))
                return ps_fail(err, PS_ERR_FORMAT, "a stats partial with a damaged number");
            /* what the piece determines: its length, and sums a real signal can have */
            if (s.n != p[i].span.to - p[i].span.from || s.m2 < 0 || s.sumsq < 0 ||
                (s.n && s.min > s.max)) /* the mean may round past a constant's min or max */
                return ps_fail(err, PS_ERR_FORMAT, "the stats partial of samples %llu…%llu "
                               "holds impossible numbers (%llu samples, sums of squares %g "
                               "and %g, min %g, mean %g, max %g)",
                               (unsigned long long)p[i].span.from,
                               (unsigned long long)p[i].span.to, (unsigned long long)s.n, s.m2,
                               s.sumsq, s.min, s.mean, s.max);
            ps_stats_merge(&out->stats[c], &s);
        }
    }
    return PS_OK;
}

ps_status partial_merge_psd(struct partial_piece *p, size_t n, ps_merged *out, ps_error *err)
{
    json_t *cfg = json_object_get(p[0].o, "psd");
    ps_welch_config wc = {
        .fs_hz = json_number_value(json_object_get(p[0].o, "sample_rate")),
        .window = json_string_value(json_object_get(cfg, "window")),
        .nperseg = (size_t)json_integer_value(json_object_get(cfg, "nperseg")),
        .noverlap = (size_t)json_integer_value(json_object_get(cfg, "noverlap")),
        .noverlap_set = true,
        .detrend = (ps_detrend)json_integer_value(json_object_get(cfg, "detrend")),
        .density = json_is_true(json_object_get(cfg, "density"))};
    size_t nf = wc.nperseg / 2 + 1, nc = out->n_channels;
    if (wc.nperseg == 0 || wc.nperseg > (1u << 26))
        return ps_fail(err, PS_ERR_FORMAT, "a psd partial with nperseg %zu", wc.nperseg);
    double *acc = calloc(nc * nf, sizeof *acc);
    out->freq = malloc(nf * sizeof *out->freq);
    out->psd = malloc(nc * nf * sizeof *out->psd);
    out->n_freq = nf;
    if (!acc || !out->freq || !out->psd) {
        free(acc);
        return ps_fail(err, PS_ERR_NOMEM, "merge: out of memory");
    }
    uint64_t k = 0;
    ps_status st = PS_OK;
    for (size_t i = 0; i < n && st == PS_OK; i++) {
        json_t *pp = json_object_get(p[i].o, "psd"), *sums = json_object_get(pp, "sums");
        json_t *seg = json_object_get(pp, "segments");
        if (!json_is_integer(seg) || json_integer_value(seg) < 0)
            st = ps_fail(err, PS_ERR_FORMAT, "a psd partial without its segment count");
        k += (uint64_t)json_integer_value(seg);
        for (size_t c = 0; c < nc && st == PS_OK; c++) {
            json_t *row = json_array_get(sums, c);
            if (json_array_size(row) != nf)
                st = ps_fail(err, PS_ERR_FORMAT, "a psd partial without its %zu sums", nf);
            for (size_t f = 0; f < nf && st == PS_OK; f++) {
                double v = 0;
                if (!partial_num_ok(json_array_get(row, f), &v) || v < 0) /* sums of |X|² */
                    st = ps_fail(err, PS_ERR_FORMAT, "a psd partial with a damaged number");
                acc[c * nf + f] += v;
            }
        }
    }
    for (size_t c = 0; c < nc && st == PS_OK; c++)
        st = ps_welch_from_sums(&wc, acc + c * nf, k, out->freq, out->psd + c * nf, err);
    free(acc);
    return st;
}

static ps_status merge_xcorr(struct partial_piece *p, size_t n, ps_merged *out, ps_error *err)
{
    json_t *x0 = json_object_get(p[0].o, "xcorr");
    out->lag_lo = (int64_t)json_integer_value(json_object_get(x0, "lag_lo"));
    out->lag_hi = (int64_t)json_integer_value(json_object_get(x0, "lag_hi"));
    if (out->n_channels != 2 || out->lag_hi < out->lag_lo || out->lag_hi - out->lag_lo > 1 << 25)
        return ps_fail(err, PS_ERR_FORMAT, "an xcorr partial without its two channels or lags");
    size_t w = (size_t)(out->lag_hi - out->lag_lo + 1);
    if (!(out->corr = calloc(w, sizeof *out->corr)))
        return ps_fail(err, PS_ERR_NOMEM, "merge: out of memory");
    for (size_t i = 0; i < n; i++) {
        json_t *sums = json_object_get(json_object_get(p[i].o, "xcorr"), "sums");
        if (json_array_size(sums) != w)
            return ps_fail(err, PS_ERR_FORMAT, "an xcorr partial without its %zu sums", w);
        for (size_t k = 0; k < w; k++) {
            double v;
            if (!partial_num_ok(json_array_get(sums, k), &v))
                return ps_fail(err, PS_ERR_FORMAT, "an xcorr partial with a damaged number");
            out->corr[k] += v;
        }
    }
    return PS_OK;
}

ps_status partial_events_cfg_of(json_t *c, ps_events_config *cfg, ps_error *err)
{
    memset(cfg, 0, sizeof *cfg);
    json_t *rules = json_object_get(c, "rules");
    cfg->n_rules = json_array_size(rules);
    bool ok = cfg->n_rules > 0 && cfg->n_rules <= PS_MAX_RULES &&
              partial_num_ok(json_object_get(c, "hysteresis_v"), &cfg->hysteresis_v) &&
              partial_num_ok(json_object_get(c, "level_v"), &cfg->level_v) &&
              partial_num_ok(json_object_get(c, "holdoff_s"), &cfg->holdoff_s);
    for (size_t k = 0; ok && k < cfg->n_rules; k++) {
        json_t *r = json_array_get(rules, k);
        ps_event_rule *o = &cfg->rule[k];
        json_int_t kind = json_integer_value(json_object_get(r, "kind"));
        const char *label = json_string_value(json_object_get(r, "label"));
        ok = kind >= PS_RULE_ABOVE && kind <= PS_RULE_SLEW && label &&
             partial_num_ok(json_object_get(r, "a"), &o->a) && partial_num_ok(json_object_get(r, "b"), &o->b) &&
             partial_num_ok(json_object_get(r, "t_s"), &o->t_s);
        o->kind = (ps_rule_kind)kind;
        snprintf(o->label, sizeof o->label, "%s", label ? label : "");
    }
    return ok ? PS_OK : ps_fail(err, PS_ERR_FORMAT, "an events partial without its rules");
}

static int event_order(const void *a, const void *b)
{
    const ps_event *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (int)x->rule - (int)y->rule;
}

/* Where the finders of pieces a (its tail) and b (its head) first agree at or after `from`:
 * from there on b's finder is the whole recording's. */
static ps_status agree(json_t *a, json_t *b, uint64_t from, uint64_t boundary, uint64_t *at,
                       ps_error *err)
{
    json_t *ta = json_object_get(json_object_get(a, "events"), "tail");
    json_t *hb = json_object_get(json_object_get(b, "events"), "head");
    for (size_t i = 0; i < json_array_size(ta) && i < json_array_size(hb); i++) {
        json_t *x = json_array_get(ta, i), *y = json_array_get(hb, i);
        json_int_t px = json_integer_value(json_array_get(x, 0));
        const char *sx = json_string_value(json_array_get(x, 1));
        const char *sy = json_string_value(json_array_get(y, 1));
        if (px != json_integer_value(json_array_get(y, 0)) || !sx || !sy)
            return ps_fail(err, PS_ERR_FORMAT, "events partials with checkpoints that differ");
        if ((uint64_t)px >= from && strcmp(sx, sy) == 0) {
            *at = (uint64_t)px;
            return PS_OK;
        }
    }
    return ps_fail(err, PS_ERR_ARG, "events: the finders before and after sample %llu never "
                   "agreed within the pieces' overlap (a rule's state lasts longer there): use "
                   "fewer pieces or a larger `overlap`", (unsigned long long)boundary);
}

ps_status partial_merge_events(struct partial_piece *p, size_t n, ps_merged *out, ps_error *err)
{
    ps_status st = partial_events_cfg_of(json_object_get(json_object_get(p[0].o, "events"), "config"),
                                 &out->events_cfg, err);
    uint64_t from = 0; /* piece i's events count from here (where it agreed with i − 1) */
    size_t cap = 0;
    for (size_t i = 0; i < n && st == PS_OK; i++) {
        uint64_t until = UINT64_MAX;
        if (i + 1 < n)
            st = agree(p[i].o, p[i + 1].o, from, p[i].span.to, &until, err);
        json_t *found = json_object_get(json_object_get(p[i].o, "events"), "found");
        for (size_t k = 0; k < json_array_size(found) && st == PS_OK; k++) {
            json_t *e = json_array_get(found, k);
            ps_event ev = {(uint64_t)json_integer_value(json_array_get(e, 0)),
                           (uint64_t)json_integer_value(json_array_get(e, 1)),
                           (unsigned)json_integer_value(json_array_get(e, 2)), 0};
            if (!partial_num_ok(json_array_get(e, 3), &ev.peak_v) ||
                ev.rule >= out->events_cfg.n_rules || json_integer_value(json_array_get(e, 0)) < 0 ||
                ev.end < ev.start)
                st = ps_fail(err, PS_ERR_FORMAT, "an events partial with a damaged event");
            if (st != PS_OK || ev.end < from || ev.end >= until)
                continue; /* found by a finder not yet (or no longer) the whole's */
            if (out->n_events == cap) {
                cap = cap ? 2 * cap : 1024;
                ps_event *g = realloc(out->events, cap * sizeof *g);
                if (!g)
                    return ps_fail(err, PS_ERR_NOMEM, "merge: out of memory");
                out->events = g;
            }
            out->events[out->n_events++] = ev;
        }
        from = until;
    }
    if (st == PS_OK && out->n_events > 1)
        qsort(out->events, out->n_events, sizeof *out->events, event_order);
    return st;
}

/* What merge and concat check first: the partials parsed (*pp, sorted by piece; the caller
 * frees them with drop()), of one recording, analysis and parameters, tiling it; out's kind,
 * recording, channels and whole filled; the recording opened into *r, unchanged since. */
static ps_status gather(const char *const *json, size_t n, struct partial_piece **pp, ps_merged *out,
                        ps_reader **r, ps_error *err)
{
    memset(out, 0, sizeof *out);
    *r = NULL;
    if (n == 0)
        return ps_fail(err, PS_ERR_ARG, "no partial to merge");
    struct partial_piece *p = *pp = calloc(n, sizeof *p);
    if (!p)
        return ps_fail(err, PS_ERR_NOMEM, "merge: out of memory");
    ps_status st = parse_all(json, n, p, err);
    char *id0 = st == PS_OK ? identity(p[0].o) : NULL;
    for (size_t i = 1; i < n && st == PS_OK; i++) {
        char *id = identity(p[i].o);
        if (!id || !id0 || strcmp(id, id0) != 0)
            st = ps_fail(err, PS_ERR_ARG, "partial %zu is of another recording, analysis or "
                         "parameters than the first", i + 1);
        free(id);
    }
    free(id0);
    if (st != PS_OK)
        return st;
    json_t *o = p[0].o;
    const char *rec = json_string_value(json_object_get(o, "recording"));
    json_t *chans = json_object_get(o, "channels");
    int k = kind_index(o);
    out->kind = (ps_partial_kind)(k < N_KINDS ? k : 0);
    out->n_channels = json_array_size(chans);
    uint64_t frames = (uint64_t)json_integer_value(json_object_get(o, "frames"));
    if (k == N_KINDS || !rec || out->n_channels == 0 ||
        out->n_channels > PS_SIGMF_MAX_CHANNELS)
        return ps_fail(err, PS_ERR_FORMAT, "partial 1: no kind, recording or channels");
    snprintf(out->recording, sizeof out->recording, "%s", rec);
    for (size_t c = 0; c < out->n_channels; c++)
        out->channels[c] = (int)json_integer_value(json_array_get(chans, c));
    qsort(p, n, sizeof *p, by_start);
    if ((st = check_tiling(p, n, frames, err)) != PS_OK ||
        (st = ps_reader_open(r, out->recording, err)) != PS_OK)
        return st;
    if (ps_reader_frames(*r) != frames ||
        ps_reader_meta(*r)->sample_rate_hz != json_number_value(json_object_get(o, "sample_rate")))
        return ps_fail(err, PS_ERR_ARG, "%s has changed since the partials were made (%llu "
                       "samples now, %llu then)", out->recording,
                       (unsigned long long)ps_reader_frames(*r), (unsigned long long)frames);
    char id[65];
    ps_reader_identity(*r, id);
    const char *made = json_string_value(json_object_get(o, "identity"));
    if (!made || strcmp(made, id) != 0)
        return ps_fail(err, PS_ERR_ARG, "%s is not the recording the partials were made from "
                       "(another recording by that name, or it changed since)", out->recording);
    for (size_t c = 0; c < out->n_channels; c++)
        if (out->channels[c] < 0 || out->channels[c] >= (int)ps_reader_meta(*r)->n_channels)
            return ps_fail(err, PS_ERR_FORMAT, "partial names channel %d", out->channels[c]);
    out->whole = (ps_span){0, frames};
    return PS_OK;
}

static void drop(struct partial_piece *p, size_t n, ps_reader *r)
{
    ps_reader_close(r);
    for (size_t i = 0; p && i < n; i++)
        json_decref(p[i].o);
    free(p);
}

ps_status ps_partial_merge(const char *const *json, size_t n, ps_merged *out, ps_error *err)
{
    struct partial_piece *p = NULL;
    ps_reader *r = NULL;
    ps_status st = gather(json, n, &p, out, &r, err);
    if (st == PS_OK && out->kind >= PS_PARTIAL_FILTER)
        st = ps_fail(err, PS_ERR_ARG, "%s partials are pieces of a recording: concatenated into "
                     "one (merge -o NAME)", kind_name(out->kind));
    if (st == PS_OK)
        analysis_gaps(r, out->whole, &out->gaps, &out->lost);
    if (st == PS_OK)
        st = out->kind == PS_PARTIAL_STATS ? partial_merge_stats(p, n, out, err)
             : out->kind == PS_PARTIAL_PSD ? partial_merge_psd(p, n, out, err)
             : out->kind == PS_PARTIAL_XCORR ? merge_xcorr(p, n, out, err)
             : out->kind == PS_PARTIAL_PEAKS ? peaks_merge(p, n, out, err)
                                             : partial_merge_events(p, n, out, err);
    drop(p, n, r);
    if (st != PS_OK)
        ps_merged_clear(out);
    return st;
}

/* Whether a and b name one existing file. */
static bool same_file(const char *a, const char *b)
{
    struct stat x, y;
    return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

/* Writes piece recording `name` (its piece's length, the partials' channels) into w from
 * frame `out_at` on. */
static ps_status append_piece(ps_writer *w, const char *name, uint64_t out_at, uint64_t len,
                              size_t n_ch, ps_error *err)
{
    ps_reader *pr = NULL;
    ps_status st = ps_reader_open(&pr, name, err);
    if (st == PS_OK && (ps_reader_frames(pr) != len || ps_reader_meta(pr)->n_channels != n_ch))
        st = ps_fail(err, PS_ERR_ARG, "%s: %llu samples × %u channels, not its piece's %llu × %zu",
                     name, (unsigned long long)ps_reader_frames(pr),
                     ps_reader_meta(pr)->n_channels, (unsigned long long)len, n_ch);
    size_t block = st == PS_OK ? ps_reader_block_frames(pr) : 0;
    double *one = st == PS_OK ? malloc(block * sizeof *one) : NULL;
    double *frames = st == PS_OK ? malloc(block * n_ch * sizeof *frames) : NULL;
    if (st == PS_OK && (!one || !frames))
        st = ps_fail(err, PS_ERR_NOMEM, "merge: out of memory");
    for (uint64_t at = 0; at < len && st == PS_OK;) {
        size_t m = len - at < block ? (size_t)(len - at) : block;
        for (size_t c = 0; c < n_ch && st == PS_OK; c++) {
            st = ps_reader_read(pr, at, m, (unsigned)c, one, err);
            for (size_t i = 0; i < m && st == PS_OK; i++)
                frames[i * n_ch + c] = one[i];
        }
        if (st == PS_OK)
            st = ps_writer_write(w, out_at + at, frames, m, err);
        at += m;
    }
    free(one);
    free(frames);
    ps_reader_close(pr);
    return st;
}

/* Overview pieces into the recording's own overview. */
static ps_status overview_pieces(struct partial_piece *p, size_t n, ps_reader *r, ps_error *err)
{
    const char **names = calloc(n, sizeof *names);
    ps_span *spans = calloc(n, sizeof *spans);
    ps_status st = names && spans ? PS_OK : ps_fail(err, PS_ERR_NOMEM, "merge: out of memory");
    for (size_t i = 0; i < n && st == PS_OK; i++) {
        names[i] = json_string_value(json_object_get(json_object_get(p[i].o, "overview"),
                                                     "output"));
        spans[i] = p[i].span;
        if (!names[i])
            st = ps_fail(err, PS_ERR_FORMAT, "an overview partial without its piece's name");
    }
    if (st == PS_OK)
        st = overview_concat(ps_reader_name(r), ps_reader_meta(r)->n_channels, names, spans, n,
                             err);
    free(names);
    free(spans);
    return st;
}

ps_status ps_partial_concat(const char *const *json, size_t n, const char *output,
                            const ps_output_rules *rules, ps_error *err)
{
    struct partial_piece *p = NULL;
    ps_reader *r = NULL;
    ps_merged m;
    ps_status st = gather(json, n, &p, &m, &r, err);
    /* whatever the pieces make, never a file of their source recording nor of its sidecar */
    ps_output_rules own = {0};
    if (rules)
        own = *rules;
    if (st == PS_OK)
        st = ps_output_rules_protect_recording(&own, ps_reader_name(r), err);
    rules = &own;
    bool resample = m.kind == PS_PARTIAL_RESAMPLE, envelope = m.kind == PS_PARTIAL_ENVELOPE;
    if (st == PS_OK && m.kind < PS_PARTIAL_FILTER)
        st = ps_fail(err, PS_ERR_ARG, "only filter, resample and envelope partials are "
                     "concatenated into a recording; merge the others without -o NAME's "
                     "recording");
    if (st == PS_OK && m.kind == PS_PARTIAL_REPORT) {
        st = output ? report_merge(p, n, r, output, rules, err)
                    : ps_fail(err, PS_ERR_ARG, "report pieces make a page: give its name");
        drop(p, n, r);
        return st;
    }
    if (st == PS_OK && m.kind == PS_PARTIAL_OVERVIEW) {
        st = output ? ps_fail(err, PS_ERR_ARG, "overview pieces merge into the recording's own "
                              "overview (%s.picostream-overview): no output name",
                              ps_reader_name(r))
                    : overview_pieces(p, n, r, err);
        drop(p, n, r);
        return st;
    }
    const char *key = st == PS_OK ? kind_name(m.kind) : "";
    json_t *f = st == PS_OK ? json_object_get(p[0].o, key) : NULL;
    ps_filter_job job = {0};
    ps_resample_job rjob = {0};
    const char *datatype = json_string_value(json_object_get(f, "datatype"));
    double ratio = 0;
    if (st == PS_OK && envelope) {
        double rate;
        if (!partial_num_ok(json_object_get(f, "rate"), &rate) || !(rate > 0) || !datatype)
            st = ps_fail(err, PS_ERR_FORMAT, "an envelope partial without its rate");
        ratio = ps_reader_rate(r) / rate;
    } else if (st == PS_OK && resample) {
        json_int_t up = json_integer_value(json_object_get(f, "up"));
        json_int_t down = json_integer_value(json_object_get(f, "down"));
        rjob.up = up > 0 ? (uint64_t)up : 0;
        rjob.down = down > 0 ? (uint64_t)down : 0;
        if (!rjob.up || !rjob.down || !datatype)
            st = ps_fail(err, PS_ERR_FORMAT, "a resample partial without its ratio");
    } else if (st == PS_OK) {
        job.btype = (ps_btype)json_integer_value(json_object_get(f, "btype"));
        job.order = (unsigned)json_integer_value(json_object_get(f, "order"));
        job.causal = json_is_true(json_object_get(f, "causal"));
        if (!partial_num_ok(json_object_get(f, "f1_hz"), &job.f1_hz) ||
            !partial_num_ok(json_object_get(f, "f2_hz"), &job.f2_hz) || !datatype ||
            job.btype > PS_BANDSTOP)
            st = ps_fail(err, PS_ERR_FORMAT, "a filter partial without its filter");
    }
    /* the output may not be one of the pieces it reads, nor their source (any name or link) */
    char out_meta[4200], out_data[4200], pm[4200], pd[4200];
    if (st == PS_OK)
        st = ps_sigmf_paths(output, out_meta, out_data, sizeof out_meta, err);
    if (st == PS_OK && (same_file(out_meta, ps_reader_meta_path(r)) ||
                        same_file(out_data, ps_reader_data_path(r))))
        st = ps_fail(err, PS_ERR_ARG, "%s is the recording the pieces were made from: refused",
                     output);
    for (size_t i = 0; i < n && st == PS_OK; i++) {
        const char *piece = json_string_value(json_object_get(json_object_get(p[i].o, key),
                                                              "output"));
        if (piece && ps_sigmf_paths(piece, pm, pd, sizeof pm, NULL) == PS_OK &&
            (same_file(out_meta, pm) || same_file(out_data, pd)))
            st = ps_fail(err, PS_ERR_ARG, "%s is the piece %s: refused", output, piece);
    }
    ps_writer *w = NULL;
    size_t cols = envelope ? 2 * m.n_channels : m.n_channels; /* an envelope: min, max each */
    if (st == PS_OK)
        st = ps_writer_create(&w, output, datatype, (unsigned)cols, rules, err);
    uint64_t at = 0;
    for (size_t i = 0; i < n && st == PS_OK; i++) {
        const char *piece = json_string_value(json_object_get(json_object_get(p[i].o, key),
                                                              "output"));
        uint64_t len = resample   ? resample_span_len(r, p[i].span, &rjob)
                       : envelope ? envelope_span_len(r, p[i].span, ratio)
                                  : p[i].span.to - p[i].span.from;
        st = piece ? append_piece(w, piece, at, len, cols, err)
                   : ps_fail(err, PS_ERR_FORMAT, "a partial without its piece's name");
        at += len;
    }
    if (st == PS_OK) { /* the meta the whole recording's command writes */
        const char *names[PS_SIGMF_MAX_CHANNELS];
        for (size_t c = 0; c < m.n_channels; c++)
            names[c] = ps_reader_meta(r)->channel[m.channels[c]].name;
        ps_sigmf_meta meta;
        if (envelope) {
            envelope_meta(r, m.whole, ratio, m.channels, m.n_channels, at, &meta);
        } else if (resample) {
            resample_meta(r, m.whole, &rjob, names, m.n_channels, at, &meta);
        } else {
            char desc[256];
            filter_description(&job, desc, sizeof desc);
            struct analysis_out o = {analysis_same_len, NULL, NULL};
            analysis_derived_meta(r, m.whole, ps_reader_rate(r), names, (unsigned)m.n_channels,
                                  m.whole.to, desc, &o, &meta);
        }
        st = ps_writer_finish(w, &meta, err);
        ps_sigmf_meta_clear(&meta);
        w = NULL;
    }
    ps_writer_abort(w);
    drop(p, n, r);
    return st;
}

void ps_merged_clear(ps_merged *m)
{
    free(m->freq);
    free(m->psd);
    free(m->corr);
    free(m->events);
    free(m->peaks);
    m->freq = m->psd = m->corr = NULL;
    m->events = NULL;
    m->peaks = NULL;
    m->n_events = m->n_peaks = 0;
    m->n_freq = 0;
}
