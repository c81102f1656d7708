/* picostream: one binary, a dispatch table of subcommands. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"devices", cmd_devices, "list the simulator and any PicoSDK driver found"},
    {"capture", cmd_capture, "stream from a scope (or the simulator) to a SigMF recording"},
    {"info", cmd_info, "describe a recording: channels, rate, duration, segments, gaps"},
    {"verify", cmd_verify, "check a simulator recording bit for bit"},
    {"stats", cmd_stats, "min, max, mean, RMS, std per channel, whole or per window"},
    {"overview", cmd_overview, "build the min/max zoom pyramid beside a recording"},
    {"view", cmd_view, "browse recordings in a web browser (zoom, pan, PSD, CSV)"},
    {"filter", cmd_filter, "Butterworth, zero-phase (sosfiltfilt) or causal, to a recording"},
    {"psd", cmd_psd, "Welch power spectral density (scipy.signal.welch)"},
    {"resample", cmd_resample, "polyphase resampling (scipy.signal.resample_poly)"},
    {"envelope", cmd_envelope, "min/max envelope per output bin, for display"},
    {"xcorr", cmd_xcorr, "cross-correlation at bounded lags (scipy.signal.correlate)"},
    {"peaks", cmd_peaks, "peaks with scipy.signal.find_peaks's semantics, out of core"},
    {"events", cmd_events, "events by rule (level, window, glitch, pulse, runt, dropout, slew)"},
    {"export", cmd_export, "CSV, WAV or NPY of a selection"},
    {"plot", cmd_plot, "PNG overview of any time window (min/max per pixel column)"},
    {"plan", cmd_plan, "the pieces of recordings, one line each, for Slurm arrays or parallel"},
    {"align", cmd_align, "a recording set's devices: offsets and drifts, measured from a reference"},
    {"merge", cmd_merge, "partial results of pieces (--partial) into the whole-recording CSV"},
    {"report", cmd_report, "one read, one self-contained HTML page: gaps, overview, stats, PSD, events"},
};

/* The library names parameters as `name`; on the command line they are options: --name. */
static void put_with_flags(FILE *f, const char *s)
{
    for (; *s; s++) {
        size_t n = *s == '`' ? strspn(s + 1, "abcdefghijklmnopqrstuvwxyz-") : 0;
        if (n && s[n + 1] == '`') {
            fprintf(f, "--%.*s", (int)n, s + 1);
            s += n + 1;
        } else {
            fputc(*s, f);
        }
    }
}

void cli_error(const char *cmd, const char *fmt, ...)
{
    char msg[16384]; /* library messages hold up to two paths of 4096 bytes */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "picostream %s: ", cmd);
    put_with_flags(stderr, msg);
    fputc('\n', stderr);
}

int cli_getopt(const char *cmd, int argc, char **argv, const char *shortopts,
               const struct option *longopts)
{
    opterr = 0; /* our message, naming the command, instead of getopt's */
    int o = getopt_long(argc, argv, shortopts, longopts, NULL);
    if (o != '?' && o != ':')
        return o;
    const char *arg = optind >= 1 && optind - 1 < argc ? argv[optind - 1] : "";
    if (strncmp(arg, "--", 2) == 0 && optopt)
        cli_error(cmd, "option %s needs a value (picostream %s --help)", arg, cmd);
    else if (strncmp(arg, "--", 2) == 0)
        cli_error(cmd, "unknown option '%s' (picostream %s --help)", arg, cmd);
    else if (optopt > 0 && optopt < 128 && strchr(shortopts, optopt))
        cli_error(cmd, "option -%c needs a value (picostream %s --help)", optopt, cmd);
    else
        cli_error(cmd, "unknown option '-%c' (picostream %s --help)", optopt > 0 ? optopt : '?',
                  cmd);
    return '?';
}

int cli_exit_code(ps_status st)
{
    switch (st) {
    case PS_OK: return EXIT_OK;
    case PS_ERR_LOST: return EXIT_LOST;
    case PS_ERR_ARG: return EXIT_USAGE;
    case PS_ERR_CANCELLED: return 130; /* as a shell reports a Ctrl-C */
    default: return EXIT_FAIL;
    }
}

static void usage(FILE *f)
{
    fprintf(f, "usage: picostream <command> [options]   (picostream <command> --help)\n\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nExit status: 0 ok, 1 failure, 2 bad "
               "usage, 3 samples lost under "
               "--lossless.\n");
}

/* Every command's man page into dir (the build runs this): picostream.1 and picostream-CMD.1. */
static int man_pages(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/picostream.1", dir);
    if (!freopen(path, "w", stdout)) {
        perror(path);
        return EXIT_FAIL;
    }
    printf(".TH PICOSTREAM 1 \"\" \"picostream %s\" \"picostream manual\"\n.SH NAME\n"
           "picostream \\- record PicoScope and PicoLog instruments continuously and analyse the "
           "recordings out of core\n.SH SYNOPSIS\n\\fBpicostream\\fR \\fIcommand\\fR "
           "[\\fIoptions\\fR]\n.SH COMMANDS\n", PICOSTREAM_VERSION);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        printf(".TP\n\\fBpicostream\\-%s\\fR(1)\n%s\n", commands[i].name, commands[i].summary);
    printf(".SH EXIT STATUS\n0 done, 1 a runtime failure, 2 bad usage or a refusal, 3 samples "
           "lost under \\-\\-lossless, 130 interrupted.\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
        snprintf(path, sizeof path, "%s/picostream-%s.1", dir, commands[i].name);
        if (fflush(stdout) != 0 || !freopen(path, "w", stdout)) {
            perror(path);
            return EXIT_FAIL;
        }
        char *args[] = {(char *)commands[i].name, "--man", NULL};
        if (commands[i].run(2, args) != EXIT_OK)
            return EXIT_FAIL;
    }
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--man-pages") == 0)
        return man_pages(argv[2]);
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("picostream %s\n", PICOSTREAM_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "picostream: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
