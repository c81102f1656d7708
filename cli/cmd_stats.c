/* picostream stats: min, max, mean, RMS, std per channel, whole or per window. */
#include <stdio.h>
#include <string.h>

#include "analysis_args.h"
#include "cli.h"
#include "csv_rows.h"
#include "options.h"

struct out {
    FILE *f;
    ps_reader *r;
    uint64_t from;
};

static void row(void *arg, unsigned channel, uint64_t start, uint64_t gaps, uint64_t lost,
                const ps_stats *s)
{
    struct out *o = arg;
    csv_stats_row(o->f, o->r, channel, o->from + start, gaps, lost, s);
}

int cmd_stats(int argc, char **argv)
{
    const char *window = NULL, *csv = NULL, *partial = NULL;
    const struct cli_opt opts[] = {
        {"window", 0, OPT_TEXT, &window, 0, 0, "1s|N", "statistics per window (time or samples)"},
        {"csv", 0, OPT_TEXT, &csv, 0, 0, "OUT", "write the CSV here (stdout without)"},
        {"partial", 0, OPT_TEXT, &partial, 0, 0, "OUT",
         "write the partial result of the piece --from/--to here\n(JSON) instead of the CSV; "
         "picostream merge combines them"},
    };
    const struct cli_cmd cmd = {
        "stats", "NAME", 1,
        "min, max, mean, RMS and standard deviation (ddof 0) in volts, per channel, for the\n"
        "selection or per window. CSV columns: channel,start_s,min_v,max_v,mean_v,rms_v,std_v,\n"
        "gaps,lost (gaps and lost: the gaps inside the window and the samples they lost).",
        "picostream stats run1 -c A --window 1s", CLI_SELECT | CLI_QUIET | CLI_OVERWRITE, opts,
        sizeof opts / sizeof *opts};
    struct common_args a = {0};
    int first, p = cli_parse(&cmd, &a, argc, argv, &first);
    if (p != 0)
        return p > 0 ? EXIT_OK : EXIT_USAGE;
    ps_reader *r = args_open(&a, argv[first]);
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
    if (partial && (window || csv)) {
        cli_error("stats", "--partial writes the piece's partial result: not with --window or "
                  "--csv");
        goto out;
    }
    if (partial) {
        rc = args_partial(&a, partial, r, PS_PARTIAL_STATS, ch, n_ch, span, NULL);
        goto out;
    }
    ps_output *csv_out;
    struct out out = {args_csv_open(&a, csv, &csv_out, &rc), r, span.from};
    if (!out.f)
        goto out;
    csv_stats_header(out.f);
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
