/* picostream peaks: scipy.signal.find_peaks over a channel, CSV of peaks and properties. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_args.h"
#include "cli.h"
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
    FILE *f;
    ps_reader *r;
    const ps_peaks_config *cfg;
    double rate;
    uint64_t first, last;
};

static int row(void *arg, const ps_peak *p)
{
    struct rows *o = arg;
    const ps_peaks_config *cfg = o->cfg;
    FILE *f = o->f;
    if (o->first == UINT64_MAX)
        o->first = p->index;
    o->last = p->index;
    fprintf(f, "%llu,%.17g,%.17g", (unsigned long long)p->index, ps_reader_time_s(o->r, p->index),
            p->value);
    if (cfg->plateau_size.set)
        fprintf(f, ",%llu,%llu,%llu", (unsigned long long)p->plateau_size,
                (unsigned long long)p->left_edge, (unsigned long long)p->right_edge);
    if (cfg->height.set)
        fprintf(f, ",%.17g", p->value);
    if (cfg->threshold.set)
        fprintf(f, ",%.17g,%.17g", p->left_threshold, p->right_threshold);
    if (cfg->prominence.set || cfg->width.set)
        fprintf(f, ",%.17g,%llu,%llu", p->prominence, (unsigned long long)p->left_base,
                (unsigned long long)p->right_base);
    if (cfg->width.set)
        fprintf(f, ",%.17g,%.17g,%.17g,%.17g", p->width, p->width_height, p->left_ip, p->right_ip);
    return fputc('\n', f) == EOF ? -1 : 0;
}

int cmd_peaks(int argc, char **argv)
{
    enum {
        O_FROM = 256,
        O_TO,
        O_HEIGHT,
        O_THRESHOLD,
        O_DISTANCE,
        O_PROMINENCE,
        O_WIDTH,
        O_WLEN,
        O_REL,
        O_PLATEAU,
        O_CSV,
        O_QUIET,
        O_OVERWRITE
    };
    static const struct option opts[] = {{"channel", required_argument, 0, 'c'},
                                         {"from", required_argument, 0, O_FROM},
                                         {"to", required_argument, 0, O_TO},
                                         {"height", required_argument, 0, O_HEIGHT},
                                         {"threshold", required_argument, 0, O_THRESHOLD},
                                         {"distance", required_argument, 0, O_DISTANCE},
                                         {"prominence", required_argument, 0, O_PROMINENCE},
                                         {"width", required_argument, 0, O_WIDTH},
                                         {"wlen", required_argument, 0, O_WLEN},
                                         {"rel-height", required_argument, 0, O_REL},
                                         {"plateau-size", required_argument, 0, O_PLATEAU},
                                         {"csv", required_argument, 0, O_CSV},
                                         {"quiet", no_argument, 0, O_QUIET},
                                         {"overwrite", no_argument, 0, O_OVERWRITE},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    struct common_args a = {.cmd = "peaks"};
    ps_peaks_config cfg = {.rel_height = 0.5};
    const char *height = NULL, *threshold = NULL, *distance = NULL, *prom = NULL, *width = NULL,
               *wlen = NULL, *plateau = NULL, *csv = NULL;
    int o;
    optind = 1;
    while ((o = cli_getopt("peaks", argc, argv, "c:h", opts)) != -1) {
        switch (o) {
        case 'c':
            if (args_add_channels(&a, optarg) < 0)
                return EXIT_USAGE;
            break;
        case O_FROM: a.from = optarg; break;
        case O_TO: a.to = optarg; break;
        case O_HEIGHT: height = optarg; break;
        case O_THRESHOLD: threshold = optarg; break;
        case O_DISTANCE: distance = optarg; break;
        case O_PROMINENCE: prom = optarg; break;
        case O_WIDTH: width = optarg; break;
        case O_WLEN: wlen = optarg; break;
        case O_PLATEAU: plateau = optarg; break;
        case O_REL:
            if (opt_real("peaks", "--rel-height", optarg, 0, 1e300, &cfg.rel_height) < 0)
                return EXIT_USAGE;
            break;
        case O_CSV: csv = optarg; break;
        case O_QUIET: a.quiet = true; break;
        case O_OVERWRITE: a.rules.overwrite = true; break;
        case 'h':
            printf("usage: picostream peaks NAME -c A [--height H] [--threshold T] [--distance D]"
                   " [--prominence P]\n       [--width W] [--wlen L] [--rel-height 0.5] "
                   "[--plateau-size S] [--from T] [--to T] [--csv OUT]\n       [--overwrite]\n\n"
                   "scipy.signal.find_peaks with its semantics and defaults. Each condition is a "
                   "minimum or MIN:MAX;\nheights in volts, distances and widths in samples or "
                   "with a time unit (2ms). CSV: index,time_s,\nvalue_v, then SciPy's property "
                   "names for what was asked (stdout without --csv).\n"
                   "example: picostream peaks run1 -c A --height 1.7 --distance 1ms\n");
            return EXIT_OK;
        default: return EXIT_USAGE;
        }
    }
    if (optind + 1 != argc || a.n_channels != 1) {
        cli_error("peaks", "%s (picostream peaks --help)",
                  optind + 1 != argc ? "expected one recording NAME" : "give one channel: -c A");
        return EXIT_USAGE;
    }
    ps_reader *r = args_open(&a, argv[optind]);
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
    ps_output *csv_out;
    if (!(f = args_csv_open(&a, csv, &csv_out)))
        goto out;
    bool prom_cols = cfg.prominence.set || cfg.width.set;
    fprintf(f, "index,time_s,value_v%s%s%s%s%s\n",
            cfg.plateau_size.set ? ",plateau_sizes,left_edges,right_edges" : "",
            cfg.height.set ? ",peak_heights" : "",
            cfg.threshold.set ? ",left_thresholds,right_thresholds" : "",
            prom_cols ? ",prominences,left_bases,right_bases" : "",
            cfg.width.set ? ",widths,width_heights,left_ips,right_ips" : "");
    struct rows rows = {f, r, &cfg, rate, UINT64_MAX, 0};
    ps_error err = {0};
    ps_status st = ps_find_peaks(r, ch[0], span, &cfg, row, &rows, &n, args_progress, &a, &err);
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
