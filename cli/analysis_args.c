/* Parsing shared by the analysis commands; progress on stderr. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analysis_args.h"
#include "cli.h"

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int args_add_channels(struct common_args *a, char *spec)
{
    char *save = NULL;
    for (char *t = strtok_r(spec, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (a->n_channels == 16) {
            cli_error(a->cmd, "more than 16 channels given");
            return -1;
        }
        a->channels[a->n_channels++] = t;
    }
    return 0;
}

int args_resolve_channels(struct common_args *a, ps_reader *r, int *out, size_t *n)
{
    const ps_sigmf_meta *m = ps_reader_meta(r);
    if (a->n_channels == 0) {
        for (unsigned c = 0; c < m->n_channels; c++)
            out[c] = (int)c;
        *n = m->n_channels;
        return 0;
    }
    for (size_t i = 0; i < a->n_channels; i++) {
        out[i] = ps_reader_channel(r, a->channels[i]);
        if (out[i] < 0) {
            char have[256] = "";
            for (unsigned c = 0; c < m->n_channels; c++)
                snprintf(have + strlen(have), sizeof have - strlen(have), "%s%s", c ? ", " : "",
                         m->channel[c].name);
            cli_error(a->cmd, "no channel '%s' in this recording (%s)", a->channels[i], have);
            return -1;
        }
    }
    *n = a->n_channels;
    return 0;
}

int args_samples(const char *cmd, const char *opt, const char *s, double rate, uint64_t *out)
{
    double v;
    if (units_parse_count(s, &v) == 0 && v == floor(v)) {
        *out = (uint64_t)v;
        return 0;
    }
    if (units_parse_time(s, &v) == 0) {
        *out = (uint64_t)llround(v * rate);
        return 0;
    }
    cli_error(cmd, "%s '%s': a number of samples (1000, 10k) or a time (10ms, 1h5m)", opt, s);
    return -1;
}

int args_span(struct common_args *a, ps_reader *r, ps_span *span)
{
    uint64_t n = ps_reader_frames(r);
    span->from = 0;
    span->to = n;
    if (a->from && args_samples(a->cmd, "--from", a->from, ps_reader_rate(r), &span->from) < 0)
        return -1;
    if (a->to && args_samples(a->cmd, "--to", a->to, ps_reader_rate(r), &span->to) < 0)
        return -1;
    if (span->to > n || span->from >= span->to) {
        cli_error(a->cmd, "--from/--to select samples %llu…%llu, the recording has %llu",
                  (unsigned long long)span->from, (unsigned long long)span->to,
                  (unsigned long long)n);
        return -1;
    }
    a->started = mono();
    a->last_print = a->started;
    return 0;
}

ps_reader *args_open(const char *cmd, const char *name)
{
    ps_reader *r;
    ps_error err = {0};
    if (ps_reader_open(&r, name, &err) != PS_OK) {
        cli_error(cmd, "%s", ps_error_text(&err));
        return NULL;
    }
    return r;
}

void args_progress(void *arg, double fraction)
{
    struct common_args *a = arg;
    if (a->quiet)
        return;
    double now = mono();
    if (now - a->started < 1.0 || now - a->last_print < 1.0)
        return;
    a->last_print = now;
    bool tty = isatty(2);
    fprintf(stderr, "%spicostream %s: %5.1f%%  %.1f s%s", tty ? "\r\033[K" : "", a->cmd,
            100 * fraction, now - a->started, tty ? "" : "\n");
    fflush(stderr);
}

void args_progress_done(struct common_args *a)
{
    if (!a->quiet && isatty(2) && a->last_print > a->started)
        fprintf(stderr, "\r\033[K");
}

void args_print_double(FILE *f, double v)
{
    fprintf(f, "%.17g", v);
}

ps_reader *args_prepare(struct common_args *a, const char *name, struct selection *sel, int *rc)
{
    ps_reader *r = args_open(a->cmd, name);
    if (!r) {
        *rc = EXIT_FAIL;
        return NULL;
    }
    if (args_resolve_channels(a, r, sel->ch, &sel->n_ch) < 0 || args_span(a, r, &sel->span) < 0) {
        ps_reader_close(r);
        *rc = EXIT_USAGE;
        return NULL;
    }
    return r;
}

int args_finish(struct common_args *a, ps_reader *r, ps_status st, const ps_error *err)
{
    args_progress_done(a);
    if (st != PS_OK)
        cli_error(a->cmd, "%s", ps_error_text(err));
    ps_reader_close(r);
    return cli_exit_code(st);
}
