/* picostream stats: min, max, mean, RMS, std per channel, whole or per window. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "analysis_args.h"
#include "cli.h"

struct out {
    FILE *f;
    ps_reader *r;
    double rate;
    uint64_t from;
};

static void row(void *arg, unsigned channel, uint64_t start, uint64_t gaps, uint64_t lost,
                const ps_stats *s)
{
    struct out *o = arg;
    fprintf(o->f, "%s,", ps_reader_meta(o->r)->channel[channel].name);
    args_print_double(o->f, ps_reader_time_s(o->r, o->from + start));
    double v[] = {s->min, s->max, s->mean, ps_stats_rms(s), ps_stats_std(s)};
    for (int i = 0; i < 5; i++) {
        fputc(',', o->f);
        args_print_double(o->f, v[i]);
    }
    fprintf(o->f, ",%llu,%llu\n", (unsigned long long)gaps, (unsigned long long)lost);
}

int cmd_stats(int argc, char **argv)
{
    enum { O_FROM = 256, O_TO, O_WINDOW, O_CSV, O_QUIET, O_OVERWRITE };
    static const struct option opts[] = {
        {"channel", required_argument, 0, 'c'}, {"from", required_argument, 0, O_FROM},
        {"to", required_argument, 0, O_TO},     {"window", required_argument, 0, O_WINDOW},
        {"csv", required_argument, 0, O_CSV},   {"quiet", no_argument, 0, O_QUIET},
        {"overwrite", no_argument, 0, O_OVERWRITE},
        {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
    struct common_args a = {.cmd = "stats"};
    const char *window = NULL, *csv = NULL;
    int o;
    optind = 1;
    while ((o = cli_getopt("stats", argc, argv, "c:h", opts)) != -1) {
        switch (o) {
        case 'c':
            if (args_add_channels(&a, optarg) < 0)
                return EXIT_USAGE;
            break;
        case O_FROM: a.from = optarg; break;
        case O_TO: a.to = optarg; break;
        case O_WINDOW: window = optarg; break;
        case O_CSV: csv = optarg; break;
        case O_QUIET: a.quiet = true; break;
        case O_OVERWRITE: a.rules.overwrite = true; break;
        case 'h':
            printf("usage: picostream stats NAME [-c A[,B]] [--window 1s|N] [--from T] [--to T]"
                   " [--csv OUT]\n       [--overwrite]\n\nmin, max, mean, RMS and standard deviation (ddof 0) in volts,"
                   " per channel, for the\nselection or per window. CSV columns: channel,start_s,"
                   "min_v,max_v,mean_v,rms_v,std_v,gaps,lost\n(to stdout without --csv; gaps and lost: the "
                   "gaps inside the window and the samples\nthey lost). A bare number is "
                   "samples, a number with a unit is time.\nexample: picostream stats run1 -c A "
                   "--window 1s\n");
            return EXIT_OK;
        default: return EXIT_USAGE;
        }
    }
    if (optind + 1 != argc) {
        cli_error("stats", "expected one recording NAME (picostream stats --help)");
        return EXIT_USAGE;
    }
    ps_reader *r = args_open(&a, argv[optind]);
    if (!r)
        return EXIT_FAIL;
    int ch[16];
    size_t n_ch;
    ps_span span;
    uint64_t win = 0;
    int rc = EXIT_USAGE;
    if (args_resolve_channels(&a, r, ch, &n_ch) < 0 || args_span(&a, r, &span) < 0 ||
        (window && opt_samples("stats", "--window", window, ps_reader_rate(r), 1,
                               span.to - span.from, &win) < 0))
        goto out;
    ps_output *csv_out;
    struct out out = {args_csv_open(&a, csv, &csv_out), r, ps_reader_rate(r), span.from};
    if (!out.f)
        goto out;
    fprintf(out.f, "channel,start_s,min_v,max_v,mean_v,rms_v,std_v,gaps,lost\n");
    ps_error err = {0};
    ps_status st = ps_run_stats(r, ch, n_ch, span, win, row, &out, args_progress, &a, &err);
    args_progress_done(&a);
    st = args_csv_close(csv_out, st, &err);
    if (st != PS_OK) {
        cli_error("stats", "%s", ps_error_text(&err));
        rc = cli_exit_code(st);
        goto out;
    }
    rc = EXIT_OK;
out:
    ps_reader_close(r);
    return rc;
}
