/* picostream peaks: scipy.signal.find_peaks over a channel, CSV of peaks and properties. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_args.h"
#include "cli.h"
#include "csv_batch.h"
#include "csv_rows.h"
#include "options.h"
#include "picostream/peaks.h"

/* A value in volts, or in samples / time (with a unit) when rate > 0; finite and at most 2^53
 * samples, so every later conversion to an index is exact. */
static int value(const char *s, double rate, double *v)
{
    if (rate > 0) {
        double t;
        if (units_parse_count(s, v) == 0)
            ;
        else if (units_parse_time(s, &t) == 0 && strpbrk(s, "smhd"))
            *v = t * rate;
        else
            return -1;
        return isfinite(*v) && *v <= 9007199254740992.0 ? 0 : -1;
    }
    return units_parse_volts(s, v) == 0 && isfinite(*v) ? 0 : -1;
}

/* "min", "min:max", ":max" or "min:" */
static int cond(const char *opt, const char *s, double rate, ps_cond *c)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", s);
    char *colon = strchr(buf, ':');
    c->set = true;
    if (!buf[0] || (colon && colon == buf && !colon[1]))
        goto bad; /* "" or ":": a condition that says nothing */
    if (colon)
        *colon = '\0';
    if (buf[0]) {
        if (value(buf, rate, &c->min) < 0)
            goto bad;
        c->has_min = true;
    }
    if (colon && colon[1]) {
        if (value(colon + 1, rate, &c->max) < 0)
            goto bad;
        c->has_max = true;
    }
    if (c->has_min && c->has_max && c->min > c->max) {
        cli_error("peaks", "--%s '%s': the minimum is above the maximum", opt, s);
        return -1;
    }
    return 0;
bad:
    cli_error("peaks", "--%s '%s': a minimum or MIN:MAX (%s)", opt, s,
              rate > 0 ? "samples, or a time such as 2ms" : "volts, such as 0.5 or 500mV");
    return -1;
}

struct rows {
    struct csv_batch *out; /* millions of rows: formatted on the other cores */
    ps_reader *r;
    const ps_peaks_config *cfg;
    uint64_t first, last;
};

static int format_peak(FILE *f, const void *ctx, const void *item)
{
    const struct rows *o = ctx;
    return csv_peak_row(f, o->r, o->cfg, item);
}

static int row(void *arg, const ps_peak *p)
{
    struct rows *o = arg;
    if (o->first == UINT64_MAX)
        o->first = p->index;
    o->last = p->index;
    return csv_batch_add(o->out, p);
}

int cmd_peaks(int argc, char **argv)
{
    /* temporary files go where the user's TMPDIR says, as other tools' do */
    const char *tmp = getenv("TMPDIR");
    ps_peaks_config cfg = {.rel_height = 0.5, .tmp_dir = tmp && *tmp ? tmp : "/tmp"};
    const char *height = NULL, *threshold = NULL, *distance = NULL, *prom = NULL, *width = NULL,
               *wlen = NULL, *plateau = NULL, *csv = NULL, *partial = NULL;
    const struct cli_opt opts[] = {
        {"height", 0, OPT_TEXT, &height, 0, 0, "H|MIN:MAX", "peak height, volts"},
        {"threshold", 0, OPT_TEXT, &threshold, 0, 0, "T|MIN:MAX", "vertical distance to neighbours"},
        {"distance", 0, OPT_TEXT, &distance, 0, 0, "D", "least distance between peaks (samples, 2ms)"},
        {"prominence", 0, OPT_TEXT, &prom, 0, 0, "P|MIN:MAX", "prominence, volts"},
        {"width", 0, OPT_TEXT, &width, 0, 0, "W|MIN:MAX", "width at rel-height (samples, 2ms)"},
        {"wlen", 0, OPT_TEXT, &wlen, 0, 0, "L", "window for prominence (samples, 2ms)"},
        {"rel-height", 0, OPT_REAL, &cfg.rel_height, 0, 1e300, "0.5", "where widths are measured"},
        {"plateau-size", 0, OPT_TEXT, &plateau, 0, 0, "S|MIN:MAX", "flat top length (samples)"},
        {"csv", 0, OPT_TEXT, &csv, 0, 0, "OUT", "write the CSV here (stdout without)"},
        {"partial", 0, OPT_TEXT, &partial, 0, 0, "OUT",
         "write the partial result of the piece --from/--to here\n(JSON: its peaks, each as the "
         "whole recording gives it);\npicostream merge combines the pieces"},
    };
    const struct cli_cmd cmd = {
        "peaks", "NAME", 1,
        "scipy.signal.find_peaks with its semantics and defaults, each gap-free stretch on its\n"
        "own. Each condition is a minimum or MIN:MAX; heights in volts, distances and widths in\n"
        "samples or with a time unit (2ms). CSV: index,time_s,value_v, then SciPy's property\n"
        "names for what was asked.",
        "picostream peaks run1 -c A --height 1.7 --distance 1ms",
        CLI_SELECT | CLI_ONE_CHANNEL | CLI_QUIET | CLI_OVERWRITE, opts, sizeof opts / sizeof *opts};
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
    int rc = EXIT_USAGE;
    uint64_t n = 0;
    double rate = ps_reader_rate(r);
    FILE *f = stdout;
    if (args_resolve_channels(&a, r, ch, &n_ch) < 0 || args_span(&a, r, &span) < 0)
        goto out;
    if ((height && cond("height", height, 0, &cfg.height) < 0) ||
        (threshold && cond("threshold", threshold, 0, &cfg.threshold) < 0) ||
        (prom && cond("prominence", prom, 0, &cfg.prominence) < 0) ||
        (width && cond("width", width, rate, &cfg.width) < 0) ||
        (plateau && cond("plateau-size", plateau, rate, &cfg.plateau_size) < 0))
        goto out;
    if (distance) {
        if (value(distance, rate, &cfg.distance) < 0) {
            cli_error("peaks", "--distance '%s': samples, or a time such as 2ms", distance);
            goto out;
        }
        cfg.distance_set = true;
    }
    if (wlen) {
        if (value(wlen, rate, &cfg.wlen) < 0) {
            cli_error("peaks", "--wlen '%s': samples, or a time such as 2ms", wlen);
            goto out;
        }
        cfg.wlen_set = true;
    }
    if (partial && csv) {
        cli_error("peaks", "--partial writes the piece's partial result: not with --csv");
        goto out;
    }
    if (partial) {
        ps_partial_params pp = {.peaks = &cfg};
        rc = args_partial(&a, partial, r, PS_PARTIAL_PEAKS, ch, 1, span, &pp);
        goto out;
    }
    ps_output *csv_out;
    if (!(f = args_csv_open(&a, csv, &csv_out, &rc)))
        goto out;
    csv_peaks_header(f, &cfg);
    struct rows rows = {NULL, r, &cfg, UINT64_MAX, 0};
    ps_error err = {0};
    ps_status st = csv_batch_open(&rows.out, f, sizeof(ps_peak), format_peak, &rows) == 0
                       ? ps_find_peaks(r, ch[0], span, &cfg, row, &rows, &n, args_progress, &a,
                                       &err)
                       : ps_fail(&err, PS_ERR_NOMEM, "peaks: out of memory for the output");
    if (csv_batch_close(rows.out) < 0 && st == PS_OK)
        st = ps_fail(&err, PS_ERR_IO, "peaks: the output could not be written");
    args_progress_done(&a);
    st = args_csv_close(csv_out, st, &err);
    if (st != PS_OK) {
        cli_error("peaks", "%s", ps_error_text(&err));
        rc = cli_exit_code(st);
        goto out;
    }
    if (!a.quiet && n)
        fprintf(stderr, "picostream peaks: %llu peak%s, first at %.9g s, last at %.9g s\n",
                (unsigned long long)n, n == 1 ? "" : "s", ps_reader_time_s(r, rows.first),
                ps_reader_time_s(r, rows.last));
    else if (!a.quiet)
        fprintf(stderr, "picostream peaks: no peaks\n");
    rc = EXIT_OK;
out:
    ps_reader_close(r);
    return rc;
}
