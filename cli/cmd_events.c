/* picostream events: find events by rule, CSV, and optionally annotate the recording. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_args.h"
#include "cli.h"
#include "event_rules.h"
#include "picostream/events.h"

struct sink {
    FILE *f;
    ps_reader *r;
    const ps_events_config *cfg;
    double rate;
    uint64_t first, last;
    ps_event *keep; /* --annotate: every event, for the meta */
    size_t n_keep, cap;
};

static int sink_event(void *arg, const ps_event *e)
{
    struct sink *s = arg;
    if (s->first == UINT64_MAX)
        s->first = e->start;
    s->last = e->start;
    if (s->cap) {
        if (s->n_keep == s->cap) {
            ps_event *g = realloc(s->keep, 2 * s->cap * sizeof *g);
            if (!g)
                return -1;
            s->keep = g;
            s->cap *= 2;
        }
        s->keep[s->n_keep++] = *e;
    }
    return fprintf(s->f, "%llu,%llu,%.17g,%.17g,%s,%.17g\n", (unsigned long long)e->start,
                   (unsigned long long)e->end, ps_reader_time_s(s->r, e->start), ps_reader_time_s(s->r, e->end),
                   s->cfg->rule[e->rule].label, e->peak_v) < 0
               ? -1
               : 0;
}

int cmd_events(int argc, char **argv)
{
    enum { O_FROM = 256, O_TO, O_CSV, O_ANNOTATE, O_QUIET, O_OVERWRITE };
    static const struct option opts[] = {{"channel", required_argument, 0, 'c'},
                                         {"from", required_argument, 0, O_FROM},
                                         {"to", required_argument, 0, O_TO},
                                         EVENT_RULE_OPTIONS,
                                         {"csv", required_argument, 0, O_CSV},
                                         {"annotate", no_argument, 0, O_ANNOTATE},
                                         {"quiet", no_argument, 0, O_QUIET},
                                         {"overwrite", no_argument, 0, O_OVERWRITE},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    struct common_args a = {.cmd = "events"};
    ps_events_config cfg = {0};
    const char *csv = NULL;
    bool annotate = false;
    int o;
    optind = 1;
    while ((o = cli_getopt("events", argc, argv, "c:h", opts)) != -1) {
        if (event_rule_is_option(o)) {
            if (event_rule_option("events", o, optarg, &cfg) < 0)
                return EXIT_USAGE;
            continue;
        }
        switch (o) {
        case 'c':
            if (args_add_channels(&a, optarg) < 0)
                return EXIT_USAGE;
            break;
        case O_FROM: a.from = optarg; break;
        case O_TO: a.to = optarg; break;
        case O_CSV: csv = optarg; break;
        case O_ANNOTATE: annotate = true; break;
        case O_QUIET: a.quiet = true; break;
        case O_OVERWRITE: a.rules.overwrite = true; break;
        case 'h':
            printf(
                "usage: picostream events NAME -c A RULE… [--hysteresis V] [--level V] "
                "[--holdoff T]\n       [--from T] [--to T] [--csv OUT] [--overwrite] [--annotate]\n\n%s"
                "CSV: start,end,start_s,end_s,rule,peak_v "
                "(end exclusive). --annotate writes them into the\nmeta as SigMF annotations, "
                "replacing the meta atomically; the data file is not touched.\n"
                "example: picostream events run1 -c A --above 1.8 --glitch '<10us' --annotate\n",
                event_rules_help);
            return EXIT_OK;
        default: return EXIT_USAGE;
        }
    }
    if (optind + 1 != argc || a.n_channels != 1 || cfg.n_rules == 0) {
        cli_error("events", "%s (picostream events --help)",
                  optind + 1 != argc  ? "expected one recording NAME"
                  : a.n_channels != 1 ? "give one channel: -c A"
                                      : "give at least one rule (--above, --below, --window, "
                                        "--glitch, --pulse, --runt, --dropout, --slew)");
        return EXIT_USAGE;
    }
    ps_reader *r = args_open(&a, argv[optind]);
    if (!r)
        return EXIT_FAIL;
    int ch[16];
    size_t n_ch;
    uint64_t n = 0;
    ps_span span;
    int rc = EXIT_USAGE;
    FILE *f = stdout;
    double rate = ps_reader_rate(r);
    if (args_resolve_channels(&a, r, ch, &n_ch) < 0 || args_span(&a, r, &span) < 0)
        goto out;
    ps_output *csv_out;
    if (!(f = args_csv_open(&a, csv, &csv_out)))
        goto out;
    fprintf(f, "start,end,start_s,end_s,rule,peak_v\n");
    struct sink sk = {f, r, &cfg, rate, UINT64_MAX, 0, NULL, 0, 0};
    if (annotate && !(sk.keep = malloc(256 * sizeof *sk.keep))) {
        cli_error("events", "out of memory");
        ps_output_abort(csv_out);
        rc = EXIT_FAIL;
        goto out;
    }
    sk.cap = annotate ? 256 : 0;
    ps_error err = {0};
    ps_status st =
        ps_find_events(r, ch[0], span, &cfg, sink_event, &sk, &n, args_progress, &a, &err);
    args_progress_done(&a);
    st = args_csv_close(csv_out, st, &err);
    if (st == PS_OK && annotate)
        st = ps_annotate_events(argv[optind], &cfg, sk.keep, sk.n_keep, rate, &err);
    free(sk.keep);
    if (st != PS_OK) {
        cli_error("events", "%s", ps_error_text(&err));
        rc = cli_exit_code(st);
        goto out;
    }
    if (!a.quiet && n)
        fprintf(stderr, "picostream events: %llu event%s, first at %.9g s, last at %.9g s%s\n",
                (unsigned long long)n, n == 1 ? "" : "s", ps_reader_time_s(r, sk.first),
                ps_reader_time_s(r, sk.last), annotate ? ", written to the meta as annotations" : "");
    else if (!a.quiet)
        fprintf(stderr, "picostream events: no events\n");
    rc = EXIT_OK;
out:
    ps_reader_close(r);
    return rc;
}
