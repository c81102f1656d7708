/* The report page: summary, gaps, the overview, statistics, spectrum and events, each with the
 * command that reproduces it; the figures also as JSON for scripts. */
#include <stdbool.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_int.h"

static void esc(FILE *f, const char *s)
{
    for (; *s; s++)
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
}

/* s quoted for a POSIX shell ('…', a quote inside as '\''), into buf; "" when it does not fit.
 * Unless always, a word of only safe characters stays as it is. */
static void shell_quote(char *buf, size_t len, const char *s, bool always)
{
    if (!always && *s && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                   "0123456789_-.,:/+@%=") == strlen(s)) {
        snprintf(buf, len, "%s", strlen(s) < len ? s : "");
        return;
    }
    size_t n = 0;
    bool fits = len > 2;
    if (fits)
        buf[n++] = '\'';
    for (; fits && *s; s++) {
        const char *piece = *s == '\'' ? "'\\''" : (char[]){*s, 0};
        size_t k = strlen(piece);
        fits = n + k + 2 <= len;
        if (fits) {
            memcpy(buf + n, piece, k);
            n += k;
        }
    }
    if (fits)
        buf[n++] = '\'';
    buf[fits ? n : 0] = '\0';
}

/* A command line for the page: the recording's name quoted for a POSIX shell, the selection
 * added when it is not the whole recording. */
static void cmd(FILE *f, const struct report_data *d, const ps_report_config *cfg,
                const char *what, const char *rest)
{
    char name[8200];
    shell_quote(name, sizeof name, cfg->name, true);
    fputs("<pre class=\"cmd\">picostream ", f);
    esc(f, what);
    fputc(' ', f);
    esc(f, name);
    if (d->span.from != 0 || d->span.to != ps_reader_frames(d->r))
        fprintf(f, " --from %llu --to %llu", (unsigned long long)d->span.from,
                (unsigned long long)d->span.to);
    esc(f, rest);
    fputs("</pre>\n", f);
}

static void rule_options(char *buf, size_t len, const ps_events_config *c)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < c->n_rules && n < len; i++) {
        const ps_event_rule *r = &c->rule[i];
        switch (r->kind) {
        case PS_RULE_ABOVE: n += (size_t)snprintf(buf + n, len - n, " --above %.9g", r->a); break;
        case PS_RULE_BELOW: n += (size_t)snprintf(buf + n, len - n, " --below %.9g", r->a); break;
        case PS_RULE_WINDOW:
            n += (size_t)snprintf(buf + n, len - n, " --window %.9g:%.9g", r->a, r->b);
            break;
        case PS_RULE_RUNT:
            n += (size_t)snprintf(buf + n, len - n, " --runt %.9g:%.9g", r->a, r->b);
            break;
        case PS_RULE_GLITCH:
            n += (size_t)snprintf(buf + n, len - n, " --glitch '<%.9gs'", r->t_s);
            break;
        case PS_RULE_PULSE:
            n += (size_t)snprintf(buf + n, len - n, " --pulse '>%.9gs'", r->t_s);
            break;
        case PS_RULE_DROPOUT:
            n += (size_t)snprintf(buf + n, len - n, " --dropout %.9gs", r->t_s);
            break;
        case PS_RULE_SLEW:
            n += (size_t)snprintf(buf + n, len - n, " --slew '>%.9gV/s'", r->a);
            break;
        }
    }
    if (n < len && c->hysteresis_v > 0)
        n += (size_t)snprintf(buf + n, len - n, " --hysteresis %.9g", c->hysteresis_v);
    if (n < len && c->level_v != 0)
        n += (size_t)snprintf(buf + n, len - n, " --level %.9g", c->level_v);
    if (n < len && c->holdoff_s > 0)
        snprintf(buf + n, len - n, " --holdoff %.9gs", c->holdoff_s);
}

static json_t *figures(const struct report_data *d, const ps_report_config *cfg)
{
    ps_reader *r = d->r;
    const ps_sigmf_meta *m = ps_reader_meta(r);
    json_t *j = json_object(), *chs = json_array(), *gaps = json_array(), *evs = json_array();
    json_object_set_new(j, "name", json_string(cfg->name));
    json_object_set_new(j, "sample_rate", json_real(ps_reader_rate(r)));
    json_object_set_new(j, "from", json_integer((json_int_t)d->span.from));
    json_object_set_new(j, "to", json_integer((json_int_t)d->span.to));
    json_object_set_new(j, "n_gaps", json_integer((json_int_t)d->n_gaps));
    json_object_set_new(j, "lost_samples", json_integer((json_int_t)d->lost));
    json_object_set_new(j, "nperseg", json_integer((json_int_t)d->nperseg));
    json_object_set_new(j, "pass_seconds", json_real(d->pass_s));
    size_t listed = 0;
    for (uint64_t at = d->span.from; at < d->span.to && listed < d->max_listed;) {
        ps_span seg = ps_reader_segment(r, at, d->span.to);
        if (seg.to < d->span.to) {
            json_t *g = json_object();
            json_object_set_new(g, "sample", json_integer((json_int_t)seg.to));
            json_object_set_new(g, "device_time_s", json_real(ps_reader_time_s(r, seg.to)));
            json_object_set_new(g, "lost", json_integer((json_int_t)ps_reader_lost_before(r, seg.to)));
            json_array_append_new(gaps, g);
            listed++;
        }
        at = seg.to;
    }
    for (size_t k = 0; k < d->n_ch; k++) {
        const struct report_channel *c = &d->c[k];
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(m->channel[c->index].name));
        json_object_set_new(o, "min", json_real(c->stats.min));
        json_object_set_new(o, "max", json_real(c->stats.max));
        json_object_set_new(o, "mean", json_real(c->stats.mean));
        json_object_set_new(o, "rms", json_real(ps_stats_rms(&c->stats)));
        json_object_set_new(o, "std", json_real(ps_stats_std(&c->stats)));
        json_object_set_new(o, "full_scale_samples", json_integer((json_int_t)c->full_scale));
        json_object_set_new(o, "events", json_integer((json_int_t)c->n_events));
        if (c->psd) {
            size_t best = 1;
            for (size_t i = 1; i < d->n_freq; i++)
                best = c->psd[i] > c->psd[best] ? i : best;
            json_object_set_new(o, "psd_peak_hz", json_real(d->freq[best]));
        }
        json_array_append_new(chs, o);
        for (size_t i = 0; i < c->n_listed; i++) {
            const ps_event *e = &c->events[i];
            json_t *ev = json_object();
            json_object_set_new(ev, "channel", json_string(m->channel[c->index].name));
            json_object_set_new(ev, "rule", json_string(c->rules.rule[e->rule].label));
            json_object_set_new(ev, "start", json_integer((json_int_t)e->start));
            json_object_set_new(ev, "end", json_integer((json_int_t)e->end));
            json_object_set_new(ev, "start_s", json_real(ps_reader_time_s(r, e->start)));
            json_object_set_new(ev, "peak_v", json_real(e->peak_v));
            json_array_append_new(evs, ev);
        }
    }
    json_object_set_new(j, "channels", chs);
    json_object_set_new(j, "gaps", gaps);
    json_object_set_new(j, "events", evs);
    return j;
}

static const char *style =
    "body{font:14px/1.45 sans-serif;margin:2em auto;max-width:1240px;color:#222}"
    "h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:1px solid #ccc}"
    "table{border-collapse:collapse}td,th{padding:2px 10px;border-bottom:1px solid #eee;"
    "text-align:right}th:first-child,td:first-child{text-align:left}"
    ".bad{color:#b00;font-weight:bold}.ok{color:#070}"
    "pre.cmd{background:#f4f4f4;padding:4px 8px;display:inline-block}img{max-width:100%}";

static void num(FILE *f, double v)
{
    fprintf(f, "<td>%.6g</td>", v);
}

ps_status report_html(const struct report_data *d, const ps_report_config *cfg, FILE *f,
                      ps_error *err)
{
    ps_reader *r = d->r;
    const ps_sigmf_meta *m = ps_reader_meta(r);
    double rate = ps_reader_rate(r);
    uint64_t n = d->span.to - d->span.from;
    ps_status st = PS_OK;
    fputs("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>picostream "
          "report: ", f);
    esc(f, cfg->name);
    fprintf(f, "</title><style>%s</style></head><body>\n<h1>", style);
    esc(f, cfg->name);
    fputs("</h1>\n<p>", f);
    esc(f, m->hw[0] ? m->hw : "(no hardware named)");
    if (m->datetime[0]) {
        fputs(" · recorded ", f);
        esc(f, m->datetime);
    }
    if (m->description[0]) {
        fputs(" · ", f);
        esc(f, m->description);
    }
    fputs("</p>\n<h2>Summary</h2>\n<table>\n", f);
    fprintf(f, "<tr><th>sample rate</th><td>%.9g S/s</td></tr>\n", rate);
    fprintf(f, "<tr><th>samples</th><td>%llu per channel, %zu channel%s</td></tr>\n",
            (unsigned long long)n, d->n_ch, d->n_ch == 1 ? "" : "s");
    fprintf(f, "<tr><th>device time</th><td>%.9g s … %.9g s</td></tr>\n",
            ps_reader_time_s(r, d->span.from), ps_reader_time_s(r, d->span.to - 1) + 1 / rate);
    fprintf(f, "<tr><th>lost</th><td class=\"%s\">%llu gap%s, %llu samples%s</td></tr>\n",
            d->n_gaps || (d->span.to == ps_reader_frames(r) && m->lost_at_end) ? "bad" : "ok",
            (unsigned long long)d->n_gaps, d->n_gaps == 1 ? "" : "s",
            (unsigned long long)d->lost, "");
    if (d->span.to == ps_reader_frames(r) && m->lost_at_end)
        fprintf(f, "<tr><th>lost at the end</th><td class=\"bad\">%llu samples</td></tr>\n",
                (unsigned long long)m->lost_at_end);
    if (m->has_picostream) {
        fprintf(f, "<tr><th>status</th><td>%s", m->complete ? "complete" : "incomplete");
        if (m->stop_reason[0]) {
            fputs(" (", f);
            esc(f, m->stop_reason);
            fputc(')', f);
        }
        fputs("</td></tr>\n", f);
    }
    fputs("<tr><th>at full scale</th><td>", f);
    bool any = false;
    for (size_t k = 0; k < d->n_ch; k++)
        if (d->c[k].full_scale || (m->over_range >> d->c[k].index & 1)) {
            fprintf(f, "%s<span class=\"bad\">", any ? ", " : "");
            esc(f, m->channel[d->c[k].index].name);
            fprintf(f, ": %llu samples</span>", (unsigned long long)d->c[k].full_scale);
            any = true;
        }
    fprintf(f, "%s</td></tr>\n<tr><th>this report</th><td>one read in %.3g s</td></tr>\n</table>\n",
            any ? "" : "none", d->pass_s);
    cmd(f, d, cfg, "info", "");
    fputs("<h2>Gaps</h2>\n", f);
    if (!d->n_gaps) {
        fputs("<p class=\"ok\">No gap: every sample the device delivered in this span is here.</p>\n",
              f);
    } else {
        fputs("<table><tr><th>sample</th><th>device time [s]</th><th>samples lost</th></tr>\n", f);
        size_t listed = 0;
        for (uint64_t at = d->span.from; at < d->span.to && listed < d->max_listed;) {
            ps_span seg = ps_reader_segment(r, at, d->span.to);
            if (seg.to < d->span.to) {
                fprintf(f, "<tr><td>%llu</td><td>%.9g</td><td>%llu</td></tr>\n",
                        (unsigned long long)seg.to, ps_reader_time_s(r, seg.to),
                        (unsigned long long)ps_reader_lost_before(r, seg.to));
                listed++;
            }
            at = seg.to;
        }
        fputs("</table>\n", f);
        if (d->n_gaps > listed)
            fprintf(f, "<p>… and %llu more.</p>\n", (unsigned long long)(d->n_gaps - listed));
    }
    int idx[PS_SIGMF_MAX_CHANNELS];
    for (size_t k = 0; k < d->n_ch; k++)
        idx[k] = d->c[k].index;
    fputs("<h2>Signals</h2>\n<p>Each pixel column spans min … max of its samples, so a single-"
          "sample spike in hours of data shows; gaps stay blank.</p>\n<img alt=\"overview\" src=\"",
          f);
    cairo_surface_t *surf = NULL;
    int height = 60 + (int)d->n_ch * 150;
    st = plot_waveform_surface(r, idx, d->n_ch, d->span, REPORT_WIDTH, height, d->cols, &surf,
                               err);
    if (st == PS_OK)
        st = plot_png_data_uri(surf, f, err);
    if (surf)
        cairo_surface_destroy(surf);
    if (st != PS_OK)
        return st;
    fputs("\">\n", f);
    cmd(f, d, cfg, "plot", " -o overview.png");
    fputs("<h2>Statistics</h2>\n<table><tr><th>channel</th><th>min [V]</th><th>max [V]</th>"
          "<th>mean [V]</th><th>RMS [V]</th><th>std [V]</th><th>at full scale</th></tr>\n", f);
    for (size_t k = 0; k < d->n_ch; k++) {
        const struct report_channel *c = &d->c[k];
        fputs("<tr><td>", f);
        esc(f, m->channel[c->index].name);
        fputs("</td>", f);
        num(f, c->stats.min);
        num(f, c->stats.max);
        num(f, c->stats.mean);
        num(f, ps_stats_rms(&c->stats));
        num(f, ps_stats_std(&c->stats));
        fprintf(f, "<td>%llu</td></tr>\n", (unsigned long long)c->full_scale);
    }
    fputs("</table>\n", f);
    cmd(f, d, cfg, "stats", "");
    fputs("<h2>Spectrum</h2>\n", f);
    if (d->nperseg && d->n_freq >= 3) {
        const double *psd[PS_SIGMF_MAX_CHANNELS];
        const char *names[PS_SIGMF_MAX_CHANNELS];
        for (size_t k = 0; k < d->n_ch; k++) {
            psd[k] = d->c[k].psd;
            names[k] = m->channel[d->c[k].index].name;
        }
        fputs("<img alt=\"PSD\" src=\"", f);
        st = plot_psd_surface(d->freq, psd, names, d->n_ch, d->n_freq, REPORT_WIDTH, 420,
                              "V²/Hz", &surf, err);
        if (st == PS_OK)
            st = plot_png_data_uri(surf, f, err);
        if (st == PS_OK)
            cairo_surface_destroy(surf);
        if (st != PS_OK)
            return st;
        fprintf(f, "\">\n<p>Welch, Hann window, %zu samples per segment, half overlap, every "
                   "segment inside a gap-free stretch.</p>\n", d->nperseg);
        char rest[64];
        snprintf(rest, sizeof rest, " --nperseg %zu --plot psd.png", d->nperseg);
        cmd(f, d, cfg, "psd", rest);
    } else {
        fputs("<p>No gap-free stretch is long enough for a spectrum.</p>\n", f);
    }
    fputs("<h2>Events</h2>\n", f);
    for (size_t k = 0; k < d->n_ch; k++) {
        const struct report_channel *c = &d->c[k];
        const char *name = m->channel[c->index].name;
        fputs("<h3>", f);
        esc(f, name);
        fputs("</h3>\n", f);
        if (!c->rules.n_rules) {
            fputs("<p>No rule: give rules (--above, --glitch, …) for a channel without a "
                  "range.</p>\n", f);
            continue;
        }
        fprintf(f, "<p class=\"%s\">%llu event%s", c->n_events ? "bad" : "ok",
                (unsigned long long)c->n_events, c->n_events == 1 ? "" : "s");
        fputs(" by the rules ", f);
        for (size_t i = 0; i < c->rules.n_rules; i++) {
            fputs(i ? ", " : "", f);
            esc(f, c->rules.rule[i].label);
        }
        fputs(".</p>\n", f);
        if (c->n_listed) {
            fputs("<table><tr><th>rule</th><th>sample</th><th>device time [s]</th><th>samples"
                  "</th><th>peak [V]</th></tr>\n", f);
            for (size_t i = 0; i < c->n_listed; i++) {
                const ps_event *e = &c->events[i];
                fputs("<tr><td>", f);
                esc(f, c->rules.rule[e->rule].label);
                fprintf(f, "</td><td>%llu</td><td>%.9g</td><td>%llu</td><td>%.6g</td></tr>\n",
                        (unsigned long long)e->start, ps_reader_time_s(r, e->start),
                        (unsigned long long)(e->end - e->start), e->peak_v);
            }
            fputs("</table>\n", f);
            if (c->n_events > c->n_listed)
                fprintf(f, "<p>… and %llu more.</p>\n",
                        (unsigned long long)(c->n_events - c->n_listed));
        }
        char rest[1200], quoted[256];
        shell_quote(quoted, sizeof quoted, name, false);
        int len = snprintf(rest, sizeof rest, " -c %s", quoted);
        rule_options(rest + len, sizeof rest - (size_t)len, &c->rules);
        cmd(f, d, cfg, "events", rest);
    }
    json_t *j = figures(d, cfg);
    char *text = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(17));
    json_decref(j);
    if (!text)
        return ps_fail(err, PS_ERR_NOMEM, "report: out of memory");
    fputs("<script type=\"application/json\" id=\"picostream-report\">", f);
    for (const char *s = text; *s; s++) /* never "</script>" inside */
        if (*s == '<')
            fputs("\\u003c", f);
        else
            fputc(*s, f);
    free(text);
    fputs("</script>\n<p>Made by picostream " PICOSTREAM_VERSION ".</p>\n</body></html>\n", f);
    return ferror(f) ? ps_fail(err, PS_ERR_IO, "report: write error") : PS_OK;
}
