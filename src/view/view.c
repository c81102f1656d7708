/* The viewer's HTTP server: libmicrohttpd on its own thread, one reader per request (a reader
 * is one thread's), JSON from jansson. Every query parameter is checked (400 with the reason),
 * the token when one is set (401), and only the recordings given at start are reachable. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <microhttpd.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "picostream/analysis.h"
#include "picostream/overview.h"
#include "picostream/view.h"
#include "view_int.h"

#define MAX_RAW_WINDOW 4   /* raw samples are sent when the window is at most 4 per pixel */
#define MAX_WIDTH 10000
#define MAX_CSV 10000000ull
#define REQUEST_DEADLINE_S 10.0 /* for a request to arrive whole: slow clients are cut off */
/* samples binned from the data where the overview lacks them: beyond, a live recording's
 * window ends where its overview does (the next second's flush brings the rest) */
#define MAX_UNCOVERED (4ull << 20)

struct ps_view {
    struct MHD_Daemon *d;
    char **names;
    char **overviews; /* the name whose overview to read per recording; NULL: none usable */
    size_t n;
    char *token;
    char address[64];
    _Atomic unsigned port; /* read by request threads; port 0 becomes the real one at start */
    struct view_guard *guard;
    ps_view_status_fn status;
    void *status_arg;
};

struct reply {
    unsigned code;
    char *body;
    size_t len;
    const char *type;
    struct MHD_Response *stream; /* a body produced as it is sent (body NULL) */
};

/* A sample or figure for JSON, which has no NaN or infinity: those are null, so the values
 * after one keep their places. */
static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static struct reply json_reply(unsigned code, json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    return (struct reply){code, s, s ? strlen(s) : 0, "application/json", NULL};
}

static struct reply error_reply(unsigned code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static struct reply error_reply(unsigned code, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return json_reply(code, json_pack("{s:s}", "error", msg));
}

/* A whole number parameter: absent → def; else digits only, ≤ max. */
static int param_u64(struct MHD_Connection *c, const char *key, uint64_t def, uint64_t max,
                     uint64_t *out, struct reply *bad)
{
    const char *s = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, key);
    if (!s) {
        *out = def;
        return 0;
    }
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *end || s[0] == '-' || s[0] == '+' || errno == ERANGE || v > max) {
        *bad = error_reply(400, "%s '%.40s': expected a whole number 0…%llu", key, s,
                           (unsigned long long)max);
        return -1;
    }
    *out = v;
    return 0;
}

/* rec=I → its reader (closed by the caller). */
static ps_reader *open_rec(ps_view *v, struct MHD_Connection *c, size_t *idx, struct reply *bad)
{
    uint64_t i;
    if (param_u64(c, "rec", 0, v->n - 1, &i, bad) < 0)
        return NULL;
    ps_reader *r;
    ps_error err = {0};
    if (ps_reader_open(&r, v->names[i], &err) != PS_OK) {
        *bad = error_reply(500, "%s", ps_error_text(&err));
        return NULL;
    }
    *idx = (size_t)i;
    return r;
}

/* from/to within the recording, from < to. */
static int span_params(struct MHD_Connection *c, ps_reader *r, ps_span *s, struct reply *bad)
{
    uint64_t n = ps_reader_frames(r);
    if (param_u64(c, "from", 0, n, &s->from, bad) < 0 || param_u64(c, "to", n, n, &s->to, bad) < 0)
        return -1;
    if (s->from >= s->to) {
        *bad = error_reply(400, "from %llu, to %llu: an empty window (the recording has %llu "
                           "samples)", (unsigned long long)s->from, (unsigned long long)s->to,
                           (unsigned long long)n);
        return -1;
    }
    return 0;
}

/* rec= and its from/to: the reader (closed by the caller), or NULL with the reply in *bad. */
static ps_reader *open_window(ps_view *v, struct MHD_Connection *c, size_t *idx, ps_span *s,
                              struct reply *bad)
{
    ps_reader *r = open_rec(v, c, idx, bad);
    if (r && span_params(c, r, s, bad) < 0) {
        ps_reader_close(r);
        return NULL;
    }
    return r;
}

static struct reply recordings(ps_view *v)
{
    json_t *list = json_array();
    for (size_t i = 0; i < v->n; i++) {
        ps_reader *r;
        ps_error err = {0};
        const char *base = strrchr(v->names[i], '/');
        if (ps_reader_open(&r, v->names[i], &err) != PS_OK) { /* the others are still listed */
            json_array_append_new(list, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)i,
                                                  "name", base ? base + 1 : v->names[i],
                                                  "error", ps_error_text(&err)));
            continue;
        }
        const ps_sigmf_meta *m = ps_reader_meta(r);
        json_t *ch = json_array(), *segs = json_array(), *ann = json_array();
        for (unsigned k = 0; k < m->n_channels; k++)
            json_array_append_new(ch, json_pack("{s:s, s:f}", "name", m->channel[k].name,
                                                "range_v", m->channel[k].range_v));
        for (size_t k = 0; k < m->n_captures; k++)
            json_array_append_new(segs, json_pack("{s:I, s:I}", "sample_start",
                                                  (json_int_t)m->captures[k].sample_start,
                                                  "global_index",
                                                  (json_int_t)m->captures[k].global_index));
        for (size_t k = 0; k < m->n_annotations; k++)
            json_array_append_new(ann, json_pack("{s:I, s:I, s:s}", "start",
                                                 (json_int_t)m->annotations[k].sample_start,
                                                 "count",
                                                 (json_int_t)m->annotations[k].sample_count,
                                                 "label", m->annotations[k].label));
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:f, s:f, s:I, s:s, s:o, s:o, s:o, s:I, s:b}", "id",
                            (json_int_t)i, "name", base ? base + 1 : v->names[i], "rate",
                            ps_reader_rate(r), "interval_s", ps_reader_interval_s(r), "samples",
                            (json_int_t)ps_reader_frames(r), "datetime", m->datetime, "channels",
                            ch, "segments", segs, "annotations", ann, "lost",
                            (json_int_t)m->lost_samples, "complete", m->complete));
        ps_reader_close(r);
    }
    return json_reply(200, list);
}

/* min/max of samples [a, b) per bin of `step`, from the data (what the overview lacks). */
static int bin_from_data(ps_reader *r, unsigned n_ch, uint64_t a, uint64_t b, uint64_t step,
                         json_t **lo, json_t **hi, ps_error *err)
{
    size_t block = 1 << 16;
    double *x = malloc(block * n_ch * sizeof *x);
    double *cl = malloc(n_ch * sizeof *cl), *ch = malloc(n_ch * sizeof *ch);
    int rc = x && cl && ch ? 0 : -1;
    uint64_t in_bin = 0;
    for (uint64_t at = a; rc == 0 && at < b;) {
        size_t n = b - at < block ? (size_t)(b - at) : block;
        if (ps_reader_read_all(r, at, n, x, err) != PS_OK) {
            rc = -1;
            break;
        }
        for (size_t i = 0; i < n; i++) {
            for (unsigned c = 0; c < n_ch; c++) {
                double s = x[i * n_ch + c];
                cl[c] = in_bin && cl[c] < s ? cl[c] : s;
                ch[c] = in_bin && ch[c] > s ? ch[c] : s;
            }
            if (++in_bin == step || at + i + 1 == b) {
                for (unsigned c = 0; c < n_ch; c++) {
                    json_array_append_new(lo[c], num((float)cl[c]));
                    json_array_append_new(hi[c], num((float)ch[c]));
                }
                in_bin = 0;
            }
        }
        at += n;
    }
    free(x);
    free(cl);
    free(ch);
    return rc;
}

static struct reply window(ps_view *v, struct MHD_Connection *c)
{
    struct reply bad;
    size_t idx;
    ps_span s;
    ps_reader *r = open_window(v, c, &idx, &s, &bad);
    if (!r)
        return bad;
    uint64_t width;
    if (param_u64(c, "width", 1000, MAX_WIDTH, &width, &bad) < 0 ||
        (width == 0 && (bad = error_reply(400, "width 0: at least 1 pixel"), 1))) {
        ps_reader_close(r);
        return bad;
    }
    const ps_sigmf_meta *m = ps_reader_meta(r);
    unsigned n_ch = m->n_channels;
    uint64_t len = s.to - s.from, per = len / width;
    json_t *chans = json_array(), *lo[PS_SIGMF_MAX_CHANNELS], *hi[PS_SIGMF_MAX_CHANNELS];
    ps_error err = {0};
    struct reply out;
    if (per <= MAX_RAW_WINDOW) { /* zoomed in: the samples themselves */
        double *x = malloc(len * sizeof *x);
        for (unsigned k = 0; x && k < n_ch; k++) {
            if (ps_reader_read(r, s.from, (size_t)len, k, x, &err) != PS_OK)
                break;
            json_t *a = json_array();
            for (uint64_t i = 0; i < len; i++)
                json_array_append_new(a, num(x[i]));
            json_array_append_new(chans, json_pack("{s:s, s:o}", "name", m->channel[k].name,
                                                   "v", a));
        }
        free(x);
        out = err.code ? error_reply(500, "%s", ps_error_text(&err))
                       : json_reply(200, json_pack("{s:s, s:I, s:I, s:I, s:o}", "kind", "raw",
                                                   "start", (json_int_t)s.from, "step", 1,
                                                   "count", (json_int_t)len, "channels", chans));
        if (err.code)
            json_decref(chans);
        ps_reader_close(r);
        return out;
    }
    for (unsigned k = 0; k < n_ch; k++) {
        lo[k] = json_array();
        hi[k] = json_array();
    }
    /* the coarsest level whose bins are still at most one pixel wide */
    int level = -1;
    for (int l = 0; l < PS_OVERVIEW_LEVELS; l++)
        if ((1ull << (PS_OVERVIEW_K0 + PS_OVERVIEW_STEP * l)) <= per)
            level = l;
    uint64_t step, start, covered;
    int rc = 0;
    if (level < 0) { /* finer than the overview's first level: bin the data (≤ 256 per pixel) */
        step = (len + width - 1) / width;
        start = s.from;
        covered = s.from;
    } else {
        step = 1ull << (PS_OVERVIEW_K0 + PS_OVERVIEW_STEP * level);
        uint64_t first = s.from / step, last = (s.to + step - 1) / step;
        size_t nb = (size_t)(last - first), got = 0;
        float *fl = malloc(nb * n_ch * sizeof *fl), *fh = malloc(nb * n_ch * sizeof *fh);
        if (!fl || !fh ||
            !v->overviews[idx] ||
            ps_overview_read(v->overviews[idx], (unsigned)level, n_ch, first, nb, fl, fh, &got,
                             &err) != PS_OK)
            got = 0; /* no overview: from the data, if that is small enough */
        for (size_t i = 0; i < got; i++)
            for (unsigned k = 0; k < n_ch; k++) {
                json_array_append_new(lo[k], num(fl[i * n_ch + k]));
                json_array_append_new(hi[k], num(fh[i * n_ch + k]));
            }
        free(fl);
        free(fh);
        start = first * step;
        covered = (first + got) * step;
    }
    uint64_t end = level < 0 ? s.to : ((s.to + step - 1) / step) * step;
    if (end > ps_reader_frames(r))
        end = ps_reader_frames(r);
    if (covered < end) {
        if (end - covered > MAX_UNCOVERED && (covered > start || !m->complete))
            ; /* a live recording's tail: shown once its overview has it */
        else if (end - covered > MAX_UNCOVERED)
            rc = -2;
        else if (bin_from_data(r, n_ch, covered, end, step, lo, hi, &err) < 0)
            rc = -1;
    }
    for (unsigned k = 0; k < n_ch; k++)
        json_array_append_new(chans, json_pack("{s:s, s:o, s:o}", "name", m->channel[k].name,
                                               "lo", lo[k], "hi", hi[k]));
    if (rc == -2)
        out = error_reply(503, "%s has no overview for this zoom: run picostream overview",
                          v->names[idx]);
    else if (rc < 0)
        out = error_reply(500, "%s", ps_error_text(&err));
    else
        out = json_reply(200, json_pack("{s:s, s:I, s:I, s:I, s:o}", "kind", "minmax", "start",
                                        (json_int_t)start, "step", (json_int_t)step, "count",
                                        (json_int_t)json_array_size(lo[0]), "channels", chans));
    if (rc != 0)
        json_decref(chans);
    ps_reader_close(r);
    return out;
}

static struct reply psd(ps_view *v, struct MHD_Connection *c)
{
    struct reply bad;
    size_t idx;
    ps_span s;
    ps_reader *r = open_window(v, c, &idx, &s, &bad);
    if (!r)
        return bad;
    uint64_t nperseg;
    const char *name = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "ch");
    int ch = name ? ps_reader_channel(r, name) : 0;
    if (param_u64(c, "nperseg", 1024, 1 << 20, &nperseg, &bad) < 0) {
        ps_reader_close(r);
        return bad;
    }
    if (ch < 0 || nperseg < 8) {
        ps_reader_close(r);
        return ch < 0 ? error_reply(400, "ch '%.40s': no such channel", name)
                      : error_reply(400, "nperseg %llu: at least 8", (unsigned long long)nperseg);
    }
    ps_welch_config cfg = {.fs_hz = ps_reader_rate(r), .window = "hann",
                           .nperseg = (size_t)nperseg, .density = true};
    size_t nf = (size_t)nperseg / 2 + 1;
    double *f = malloc(nf * sizeof *f), *p = malloc(nf * sizeof *p);
    ps_error err = {0};
    struct reply out;
    if (!f || !p)
        out = error_reply(500, "out of memory");
    else if (ps_run_psd(r, &ch, 1, s, &cfg, f, &p, &nf, NULL, NULL, &err) != PS_OK)
        out = error_reply(err.code == PS_ERR_ARG ? 400 : 500, "%s", ps_error_text(&err));
    else {
        json_t *jf = json_array(), *jp = json_array();
        for (size_t i = 0; i < nf; i++) {
            json_array_append_new(jf, num(f[i]));
            json_array_append_new(jp, num(p[i]));
        }
        out = json_reply(200, json_pack("{s:o, s:o}", "f", jf, "p", jp));
    }
    free(f);
    free(p);
    ps_reader_close(r);
    return out;
}

static struct reply csv(ps_view *v, struct MHD_Connection *c)
{
    struct reply bad;
    size_t idx;
    ps_span s;
    ps_reader *r = open_window(v, c, &idx, &s, &bad);
    if (!r)
        return bad;
    if (s.to - s.from > MAX_CSV) {
        ps_reader_close(r);
        return error_reply(400, "a window of %llu samples: CSV downloads hold at most %llu "
                           "(zoom in, or use picostream export)",
                           (unsigned long long)(s.to - s.from), MAX_CSV);
    }
    struct MHD_Response *resp = view_csv_response(r, s.from, s.to); /* owns r now */
    if (!resp)
        return error_reply(500, "out of memory");
    return (struct reply){200, NULL, 0, "text/csv", resp};
}

static bool authorised(ps_view *v, struct MHD_Connection *c)
{
    if (!v->token)
        return true;
    const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token");
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    const char *given = q ? q : (h && strncmp(h, "Bearer ", 7) == 0 ? h + 7 : NULL);
    if (!given || strlen(given) != strlen(v->token))
        return false;
    unsigned char diff = 0; /* the same time whatever the first wrong character */
    for (size_t i = 0; given[i]; i++)
        diff |= (unsigned char)(given[i] ^ v->token[i]);
    return diff == 0;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **state)
{
    ps_view *v = cls;
    (void)version;
    (void)upload;
    (void)state;
    struct reply rep;
    view_guard_answering(v->guard, c);
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
    if (!view_host_allowed(host, v->address, v->port, v->token != NULL))
        rep = error_reply(403, "Host '%.80s': without a token this server answers only to "
                          "localhost and %s (a page elsewhere may not read it)", host,
                          v->address);
    else if (*upload_size)
        rep = error_reply(400, "no request body is taken");
    else if (strcmp(method, "GET") != 0)
        rep = error_reply(405, "%s: only GET", method);
    else if (!authorised(v, c))
        rep = error_reply(401, "a token is required (?token=… or Authorization: Bearer …)");
    else if (strcmp(url, "/") == 0)
        rep = (struct reply){200, NULL, view_page_len, "text/html; charset=utf-8", NULL};
    else if (strcmp(url, "/api/recordings") == 0)
        rep = recordings(v);
    else if (strcmp(url, "/api/window") == 0)
        rep = window(v, c);
    else if (strcmp(url, "/api/psd") == 0)
        rep = psd(v, c);
    else if (strcmp(url, "/api/csv") == 0)
        rep = csv(v, c);
    else if (strcmp(url, "/api/status") == 0 && v->status) {
        char *buf = malloc(4096);
        if (buf) {
            v->status(v->status_arg, buf, 4096);
            rep = (struct reply){200, buf, strlen(buf), "application/json", NULL};
        } else {
            rep = error_reply(500, "out of memory");
        }
    }
    else
        rep = error_reply(404, "no such page: %.80s", url);
    struct MHD_Response *resp =
        rep.stream ? rep.stream
        : rep.body ? MHD_create_response_from_buffer(rep.len, rep.body, MHD_RESPMEM_MUST_FREE)
                 : rep.code == 200
                       ? MHD_create_response_from_buffer(view_page_len, (void *)view_page,
                                                         MHD_RESPMEM_PERSISTENT)
                       : MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (!resp) {
        free(rep.body);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", rep.type);
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    enum MHD_Result ret = MHD_queue_response(c, rep.code, resp);
    MHD_destroy_response(resp);
    return ret;
}

ps_status ps_view_start(ps_view **out, const ps_view_config *cfg, ps_error *err)
{
    *out = NULL;
    const char *addr = cfg->address ? cfg->address : "127.0.0.1";
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)cfg->port)};
    if (cfg->port > 65535 || inet_pton(AF_INET, addr, &sa.sin_addr) != 1)
        return ps_fail(err, PS_ERR_ARG, "listen address '%s:%u': expected an IPv4 address and a "
                       "port 0…65535", addr, cfg->port);
    bool local = (ntohl(sa.sin_addr.s_addr) >> 24) == 127;
    if (!local && !(cfg->token && *cfg->token))
        return ps_fail(err, PS_ERR_ARG, "listening on %s, beyond this machine, needs a token",
                       addr);
    if (cfg->n_names == 0)
        return ps_fail(err, PS_ERR_ARG, "no recording to serve");
    ps_view *v = calloc(1, sizeof *v);
    if (!v || !(v->names = calloc(cfg->n_names, sizeof *v->names)) ||
        !(v->overviews = calloc(cfg->n_names, sizeof *v->overviews))) {
        if (v)
            free(v->names);
        free(v);
        return ps_fail(err, PS_ERR_NOMEM, "view: out of memory");
    }
    v->n = cfg->n_names;
    snprintf(v->address, sizeof v->address, "%s", addr);
    v->status = cfg->status;
    v->status_arg = cfg->status_arg;
    ps_status st = PS_OK;
    for (size_t i = 0; i < v->n && st == PS_OK; i++) {
        if (cfg->live) { /* a capture's NAME, its files not there yet */
            if (!(v->names[i] = strdup(cfg->names[i])) ||
                !(v->overviews[i] = strdup(cfg->names[i])))
                st = ps_fail(err, PS_ERR_NOMEM, "view: out of memory");
            continue;
        }
        ps_reader *r;
        if ((st = ps_reader_open(&r, cfg->names[i], err)) != PS_OK)
            break;
        const char *at = cfg->overviews && cfg->overviews[i] ? cfg->overviews[i] : NULL;
        /* an overview is used only sealed for this recording, or while a capture grows both */
        bool usable = ps_overview_check(r, at, NULL) == PS_OK ||
                      (!at && ps_sigmf_being_captured(ps_reader_name(r)));
        v->names[i] = strdup(ps_reader_name(r));
        if (usable && !(v->overviews[i] = strdup(at ? at : ps_reader_name(r))))
            st = ps_fail(err, PS_ERR_NOMEM, "view: out of memory");
        ps_reader_close(r);
        if (!v->names[i])
            st = ps_fail(err, PS_ERR_NOMEM, "view: out of memory");
    }
    if (st == PS_OK && cfg->token && *cfg->token && !(v->token = strdup(cfg->token)))
        st = ps_fail(err, PS_ERR_NOMEM, "view: out of memory");
    unsigned max = cfg->max_connections ? cfg->max_connections : 16u;
    v->port = cfg->port; /* before any request reads it; port 0 is set to the real one below */
    if (st == PS_OK && !(v->guard = view_guard_create(max, REQUEST_DEADLINE_S)))
        st = ps_fail(err, PS_ERR_NOMEM, "view: out of memory");
    if (st == PS_OK) {
        /* beyond loopback every client has its own address: none may take every slot */
        unsigned per_ip = local ? 0u : (max + 1) / 2;
        v->d = MHD_start_daemon(
            MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, (uint16_t)cfg->port,
            NULL, NULL, handle, v, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
            MHD_OPTION_CONNECTION_LIMIT, max, MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip,
            MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_NOTIFY_CONNECTION, view_guard_notify,
            v->guard, MHD_OPTION_NOTIFY_COMPLETED, view_guard_completed, v->guard,
            MHD_OPTION_END);
        if (!v->d)
            st = ps_fail(err, PS_ERR_IO, "cannot listen on %s:%u (in use, or not an address "
                         "of this machine)", addr, cfg->port);
    }
    if (st != PS_OK) {
        ps_view_stop(v);
        return st;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(v->d, MHD_DAEMON_INFO_BIND_PORT);
    v->port = info ? info->port : cfg->port;
    *out = v;
    return PS_OK;
}

unsigned ps_view_port(const ps_view *v)
{
    return v->port;
}

void ps_view_stop(ps_view *v)
{
    if (!v)
        return;
    if (v->d)
        MHD_stop_daemon(v->d);
    view_guard_destroy(v->guard);
    for (size_t i = 0; v->names && i < v->n; i++)
        free(v->names[i]);
    for (size_t i = 0; v->overviews && i < v->n; i++)
        free(v->overviews[i]);
    free(v->names);
    free(v->overviews);
    free(v->token);
    free(v);
}
