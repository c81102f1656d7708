/* picostream events: find events by rule, CSV, and optionally annotate the recording. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_args.h"
#include "cli.h"
#include "csv_rows.h"
#include "event_rules.h"
#include "options.h"
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
    return csv_event_row(s->f, s->r, s->cfg, e) < 0 ? -1 : 0;
}

int cmd_events(int argc, char **argv)
{
    ps_events_config cfg = {0};
    const char *csv = NULL, *partial = NULL;
    bool annotate = false;
    uint64_t overlap = 0;
    const struct cli_opt opts[] = {
        {"rules", 0, OPT_RULES, &cfg, 0, 0, NULL, NULL},
        {"csv", 0, OPT_TEXT, &csv, 0, 0, "OUT", "write the CSV here (stdout without)"},
        {"annotate", 0, OPT_FLAG, &annotate, 0, 0, NULL,
         "write the events into the meta as SigMF annotations"},
        {"partial", 0, OPT_TEXT, &partial, 0, 0, "OUT",
         "write the partial result of the piece --from/--to here\n(JSON) instead; picostream "
         "merge combines them"},
        {"overlap", 0, OPT_COUNT, &overlap, 4096, 1e12, "N",
         "with --partial: samples past the piece's end within\nwhich neighbouring pieces' "
         "finders must agree (1M)"},
    };
    const struct cli_cmd cmd = {
        "events", "NAME", 1,
        "The rules a scope's advanced triggers offer, applied to the recording after the fact,\n"
        "each gap-free stretch on its own (combine any). CSV: start,end,start_s,end_s,rule,peak_v\n"
        "(end exclusive). --annotate replaces the meta atomically; the data file is not touched.",
        "picostream events run1 -c A --above 1.8 --glitch '<10us' --annotate",
        CLI_SELECT | CLI_ONE_CHANNEL | CLI_QUIET | CLI_OVERWRITE, opts, sizeof opts / sizeof *opts};
    struct common_args a = {0};
    int first, p = cli_parse(&cmd, &a, argc, argv, &first);
    if (p != 0)
        return p > 0 ? EXIT_OK : EXIT_USAGE;
    if (cfg.n_rules == 0) {
        cli_error("events", "give at least one rule (--above, --below, --window, --glitch, "
                            "--pulse, --runt, --dropout, --slew) (picostream events --help)");
        return EXIT_USAGE;
    }
    ps_reader *r = args_open(&a, argv[first]);
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
    event_rules_unit(&cfg, ps_reader_meta(r)->channel[ch[0]].unit);
    if (partial && (csv || annotate)) {
        cli_error("events", "--partial writes the piece's partial result: not with --csv or "
                  "--annotate");
        goto out;
    }
    if (overlap && !partial) {
        cli_error("events", "--overlap is for --partial");
        goto out;
    }
    if (partial) {
        ps_partial_params pp = {.events = &cfg, .overlap = overlap};
        rc = args_partial(&a, partial, r, PS_PARTIAL_EVENTS, ch, 1, span, &pp);
        goto out;
    }
    ps_output *csv_out;
    if (!(f = args_csv_open(&a, csv, &csv_out, &rc)))
        goto out;
    csv_events_header(f);
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
        st = ps_annotate_events(argv[first], &cfg, sk.keep, sk.n_keep, rate, &err);
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
