/* Parsing shared by the analysis commands; progress on stderr. */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
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
    if (!*spec || spec[0] == ',' || spec[strlen(spec) - 1] == ',' || strstr(spec, ",,")) {
        cli_error(a->cmd, "-c '%s': an empty channel name (A, A,B)", spec);
        return -1;
    }
    for (char *t = strtok_r(spec, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (a->n_channels == 16) {
            cli_error(a->cmd, "more than 16 channels given");
            return -1;
        }
        a->channels[a->n_channels++] = t;
    }
    return 0;
}

/* "A, B, C": the recording's channel names, for messages. */
static void channel_names(const ps_sigmf_meta *m, char *have, size_t len)
{
    have[0] = '\0';
    for (unsigned c = 0; c < m->n_channels; c++)
        snprintf(have + strlen(have), len - strlen(have), "%s%s", c ? ", " : "",
                 m->channel[c].name);
}

int args_resolve_channels(struct common_args *a, ps_reader *r, int *out, size_t *n)
{
    const ps_sigmf_meta *m = ps_reader_meta(r);
    if (a->n_channels == 0 && a->one_channel && m->n_channels != 1) {
        char have[256];
        channel_names(m, have, sizeof have);
        cli_error(a->cmd, "give one channel: -c %s (this recording has %s)",
                  m->n_channels ? m->channel[0].name : "A", have);
        return -1;
    }
    if (a->n_channels == 0) {
        for (unsigned c = 0; c < m->n_channels; c++)
            out[c] = (int)c;
        *n = m->n_channels;
        return 0;
    }
    for (size_t i = 0; i < a->n_channels; i++) {
        out[i] = ps_reader_channel(r, a->channels[i]);
        if (out[i] < 0) {
            char have[256];
            channel_names(m, have, sizeof have);
            cli_error(a->cmd, "no channel '%s' in this recording (%s)", a->channels[i], have);
            return -1;
        }
    }
    *n = a->n_channels;
    return 0;
}

/* --from/--to: a bare number is a data sample index; a time is device time (gaps counted, as
 * every printed time), so a time printed by one command selects the same sample in another.
 * Limits are the recording's own: nothing past the end is silently dropped. */
static int position(struct common_args *a, ps_reader *r, const char *opt, const char *s, bool end,
                    uint64_t *out)
{
    uint64_t n = ps_reader_frames(r);
    if (strspn(s, "0123456789") == strlen(s) || !strpbrk(s, "smhd"))
        return opt_count(a->cmd, opt, s, end ? 1 : 0, end ? n : n - 1, out);
    double dt = ps_reader_interval_s(r);
    double t0 = ps_reader_time_s(r, 0), t1 = ps_reader_time_s(r, n - 1) + dt;
    double t;
    if (opt_time(a->cmd, opt, s, end ? t0 + dt : t0, end ? t1 : t1 - dt, &t) < 0)
        return -1;
    uint64_t g = (uint64_t)llround(t / dt);
    *out = ps_reader_index_at(r, g);
    if (!end && *out >= n)
        *out = n - 1;
    return 0;
}

int args_span(struct common_args *a, ps_reader *r, ps_span *span)
{
    uint64_t n = ps_reader_frames(r);
    span->from = 0;
    span->to = n;
    if (n == 0) {
        cli_error(a->cmd, "%s holds no samples", ps_reader_data_path(r));
        return -1;
    }
    if (a->from && position(a, r, "--from", a->from, false, &span->from) < 0)
        return -1;
    if (a->to && position(a, r, "--to", a->to, true, &span->to) < 0)
        return -1;
    if (span->from >= span->to) {
        cli_error(a->cmd, "--from/--to select samples %llu…%llu, the recording has %llu",
                  (unsigned long long)span->from, (unsigned long long)span->to,
                  (unsigned long long)n);
        return -1;
    }
    a->started = mono();
    a->last_print = a->started;
    args_catch_interrupt(); /* from here on the work can be cancelled cleanly */
    return 0;
}

ps_reader *args_open(struct common_args *a, const char *name)
{
    ps_reader *r;
    ps_error err = {0};
    if (ps_reader_open(&r, name, &err) != PS_OK) {
        cli_error(a->cmd, "%s", ps_error_text(&err));
        return NULL;
    }
    /* the tests' knob: odd block sizes put block edges at awkward places */
    const char *block = getenv("PICOSTREAM_BLOCK");
    if (block && *block &&
        ps_reader_set_block_frames(r, (size_t)strtoull(block, NULL, 10), &err) != PS_OK) {
        cli_error(a->cmd, "PICOSTREAM_BLOCK: %s", ps_error_text(&err));
        ps_reader_close(r);
        return NULL;
    }
    if (ps_output_rules_protect_recording(&a->rules, ps_reader_name(r), &err) != PS_OK) {
        cli_error(a->cmd, "%s", ps_error_text(&err));
        ps_reader_close(r);
        return NULL;
    }
    return r;
}

FILE *args_csv_open(struct common_args *a, const char *path, ps_output **o, int *rc)
{
    *o = NULL;
    if (!path)
        return stdout;
    ps_error err = {0};
    ps_status st = ps_output_open(o, path, &a->rules, &err);
    if (st != PS_OK) {
        cli_error(a->cmd, "%s", ps_error_text(&err));
        *rc = cli_exit_code(st);
        return NULL;
    }
    return ps_output_stream(*o);
}

ps_status args_csv_close(ps_output *o, ps_status st, ps_error *err)
{
    if (!o) {
        if (st == PS_OK && fflush(stdout) != 0)
            st = ps_fail(err, PS_ERR_IO, "cannot write to standard output");
        return st;
    }
    if (st != PS_OK) {
        ps_output_abort(o);
        return st;
    }
    return ps_output_commit(o, err);
}

int args_write_partial(struct common_args *a, const char *path, ps_status st, char *json,
                       ps_error *err)
{
    ps_output *o = NULL;
    int rc = EXIT_USAGE;
    FILE *f = st == PS_OK ? args_csv_open(a, path, &o, &rc) : NULL;
    if (st == PS_OK && !f) {
        ps_partial_free(json);
        return rc;
    }
    if (st == PS_OK && (fputs(json, f) < 0 || fputc('\n', f) < 0))
        st = ps_fail(err, PS_ERR_IO, "cannot write %s", path);
    if (f)
        st = args_csv_close(o, st, err);
    ps_partial_free(json);
    if (st != PS_OK)
        cli_error(a->cmd, "%s", ps_error_text(err));
    return cli_exit_code(st);
}

int args_partial(struct common_args *a, const char *path, ps_reader *r, ps_partial_kind kind,
                 const int *channels, size_t n_channels, ps_span piece,
                 const ps_partial_params *params)
{
    ps_error err = {0};
    char *json = NULL;
    ps_status st = ps_partial_run(r, kind, channels, n_channels, piece, params, &json, &err);
    return args_write_partial(a, path, st, json, &err);
}

static volatile sig_atomic_t interrupted;

/* Ctrl-C: the running analysis is cancelled at its next progress report and leaves no output
 * behind; a second Ctrl-C ends the process at once. */
static void on_interrupt(int sig)
{
    if (interrupted) {
        signal(sig, SIG_DFL);
        raise(sig);
    }
    interrupted = 1;
}

void args_catch_interrupt(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

int args_progress(void *arg, double fraction)
{
    struct common_args *a = arg;
    if (interrupted)
        return 1;
    if (a->quiet)
        return 0;
    double now = mono();
    if (now - a->started < 1.0 || now - a->last_print < 1.0)
        return 0;
    a->last_print = now;
    bool tty = isatty(2);
    fprintf(stderr, "%spicostream %s: %5.1f%%  %.1f s%s", tty ? "\r\033[K" : "", a->cmd,
            100 * fraction, now - a->started, tty ? "" : "\n");
    fflush(stderr);
    return 0;
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
    ps_reader *r = args_open(a, name);
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
