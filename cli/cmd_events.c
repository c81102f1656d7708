/* picostream events: find events by rule, CSV, and optionally annotate the recording. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_args.h"
#include "cli.h"
#include "picostream/events.h"

static int volts(const char *opt, const char *s, double *v)
{
    if (units_parse_volts(s, v) == 0)
        return 0;
    cli_error("events", "--%s '%s' is not a voltage (1.5, 500mV)", opt, s);
    return -1;
}

static int pair(const char *opt, const char *s, double *a, double *b)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s", s);
    char *colon = strchr(buf + 1, ':'); /* a leading '-' is a sign */
    if (!colon) {
        cli_error("events", "--%s '%s': expected LO:HI volts", opt, s);
        return -1;
    }
    *colon = '\0';
    if (volts(opt, buf, a) < 0 || volts(opt, colon + 1, b) < 0)
        return -1;
    if (!(*a < *b)) {
        cli_error("events", "--%s '%s': LO must be below HI", opt, s);
        return -1;
    }
    return 0;
}

/* "<100ns" or ">1ms" (the sign may be left out: glitch means <, pulse means >) */
static int duration(const char *opt, const char *s, char want, double *t)
{
    if (*s == '<' || *s == '>') {
        if (*s != want) {
            cli_error("events", "--%s '%s': use '%c'", opt, s, want);
            return -1;
        }
        s++;
    }
    if (units_parse_time(s, t) == 0 && *t > 0 && *t <= 1e9)
        return 0;
    cli_error("events", "--%s '%s': a duration such as %c100ns (above 0, at most 1e9 s)", opt, s, want);
    return -1;
}

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
    enum {
        O_FROM = 256,
        O_TO,
        O_ABOVE,
        O_BELOW,
        O_WINDOW,
        O_GLITCH,
        O_PULSE,
        O_RUNT,
        O_DROPOUT,
        O_SLEW,
        O_HYST,
        O_LEVEL,
        O_HOLDOFF,
        O_CSV,
        O_ANNOTATE,
        O_QUIET,
        O_OVERWRITE
    };
    static const struct option opts[] = {{"channel", required_argument, 0, 'c'},
                                         {"from", required_argument, 0, O_FROM},
                                         {"to", required_argument, 0, O_TO},
                                         {"above", required_argument, 0, O_ABOVE},
                                         {"below", required_argument, 0, O_BELOW},
                                         {"window", required_argument, 0, O_WINDOW},
                                         {"glitch", required_argument, 0, O_GLITCH},
                                         {"pulse", required_argument, 0, O_PULSE},
                                         {"runt", required_argument, 0, O_RUNT},
                                         {"dropout", required_argument, 0, O_DROPOUT},
                                         {"slew", required_argument, 0, O_SLEW},
                                         {"hysteresis", required_argument, 0, O_HYST},
                                         {"level", required_argument, 0, O_LEVEL},
                                         {"holdoff", required_argument, 0, O_HOLDOFF},
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
        ps_event_rule *r = &cfg.rule[cfg.n_rules];
        bool rule = o >= O_ABOVE && o <= O_SLEW;
        if (rule && cfg.n_rules == PS_MAX_RULES) {
            cli_error("events", "more than %d rules", PS_MAX_RULES);
            return EXIT_USAGE;
        }
        int bad = 0;
        switch (o) {
        case 'c':
            if (args_add_channels(&a, optarg) < 0)
                return EXIT_USAGE;
            break;
        case O_FROM: a.from = optarg; break;
        case O_TO: a.to = optarg; break;
        case O_ABOVE:
        case O_BELOW:
            r->kind = o == O_ABOVE ? PS_RULE_ABOVE : PS_RULE_BELOW;
            bad = volts(o == O_ABOVE ? "above" : "below", optarg, &r->a);
            break;
        case O_WINDOW:
        case O_RUNT:
            r->kind = o == O_WINDOW ? PS_RULE_WINDOW : PS_RULE_RUNT;
            bad = pair(o == O_WINDOW ? "window" : "runt", optarg, &r->a, &r->b);
            break;
        case O_GLITCH:
            r->kind = PS_RULE_GLITCH;
            bad = duration("glitch", optarg, '<', &r->t_s);
            break;
        case O_PULSE:
            r->kind = PS_RULE_PULSE;
            bad = duration("pulse", optarg, '>', &r->t_s);
            break;
        case O_DROPOUT:
            r->kind = PS_RULE_DROPOUT;
            bad = duration("dropout", optarg, '>', &r->t_s);
            break;
        case O_SLEW: {
            r->kind = PS_RULE_SLEW;
            const char *s = optarg[0] == '>' ? optarg + 1 : optarg;
            char buf[64];
            snprintf(buf, sizeof buf, "%s", s);
            char *slash = strchr(buf, '/');
            double per = 1.0, v;
            if (slash) { /* V/us, V/ms, V/s: the time unit alone means one of it */
                *slash = '\0';
                char tbuf[40];
                snprintf(tbuf, sizeof tbuf, "%s%s", slash[1] >= '0' && slash[1] <= '9' ? "" : "1",
                         slash + 1);
                if (units_parse_time(tbuf, &per) < 0 || !(per > 0))
                    bad = -1;
            }
            if (!bad && units_parse_volts(buf, &v) == 0 && v > 0)
                r->a = v / per;
            else {
                cli_error("events", "--slew '%s': a rate such as '>5V/us'", optarg);
                bad = -1;
            }
            break;
        }
        case O_HYST:
            bad = opt_volts("events", "--hysteresis", optarg, 0, 1e6, &cfg.hysteresis_v);
            break;
        case O_LEVEL: bad = volts("level", optarg, &cfg.level_v); break;
        case O_HOLDOFF:
            bad = opt_time("events", "--holdoff", optarg, 0, 1e9, &cfg.holdoff_s);
            break;
        case O_CSV: csv = optarg; break;
        case O_ANNOTATE: annotate = true; break;
        case O_QUIET: a.quiet = true; break;
        case O_OVERWRITE: a.rules.overwrite = true; break;
        case 'h':
            printf(
                "usage: picostream events NAME -c A RULE… [--hysteresis V] [--level V] "
                "[--holdoff T]\n       [--from T] [--to T] [--csv OUT] [--overwrite] [--annotate]\n\nRules "
                "(combine any): --above V, --below V, --window LO:HI (leaves the band),\n"
                "--glitch '<100ns', --pulse '>1ms' (pulses about --level, 0 V by default),\n"
                "--runt LO:HI (crosses one threshold but not the other), --dropout 10ms (no "
                "crossing of\n--level for longer), --slew '>5V/us'. --holdoff T: a rule "
                "ignores new events for T after one.\nCSV: start,end,start_s,end_s,rule,peak_v "
                "(end exclusive). --annotate writes them into the\nmeta as SigMF annotations, "
                "replacing the meta atomically; the data file is not touched.\n"
                "example: picostream events run1 -c A --above 1.8 --glitch '<10us' --annotate\n");
            return EXIT_OK;
        default: return EXIT_USAGE;
        }
        if (bad)
            return EXIT_USAGE;
        if (rule) {
            char lbl[48];
            switch (r->kind) {
            case PS_RULE_ABOVE: snprintf(lbl, sizeof lbl, "above %gV", r->a); break;
            case PS_RULE_BELOW: snprintf(lbl, sizeof lbl, "below %gV", r->a); break;
            case PS_RULE_WINDOW: snprintf(lbl, sizeof lbl, "window %g:%gV", r->a, r->b); break;
            case PS_RULE_RUNT: snprintf(lbl, sizeof lbl, "runt %g:%gV", r->a, r->b); break;
            case PS_RULE_GLITCH: snprintf(lbl, sizeof lbl, "glitch <%gs", r->t_s); break;
            case PS_RULE_PULSE: snprintf(lbl, sizeof lbl, "pulse >%gs", r->t_s); break;
            case PS_RULE_DROPOUT: snprintf(lbl, sizeof lbl, "dropout >%gs", r->t_s); break;
            case PS_RULE_SLEW: snprintf(lbl, sizeof lbl, "slew >%gV/s", r->a); break;
            }
            snprintf(r->label, sizeof r->label, "%s", lbl);
            cfg.n_rules++;
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
