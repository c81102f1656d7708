/* picostream report: one read of a recording into a self-contained HTML page. */
#include <getopt.h>
#include <stdio.h>

#include "analysis_args.h"
#include "cli.h"
#include "event_rules.h"
#include "picostream/report.h"

int cmd_report(int argc, char **argv)
{
    enum { O_FROM = 256, O_TO, O_NPERSEG, O_LIST, O_QUIET, O_OVERWRITE };
    static const struct option opts[] = {{"channel", required_argument, 0, 'c'},
                                         {"output", required_argument, 0, 'o'},
                                         {"from", required_argument, 0, O_FROM},
                                         {"to", required_argument, 0, O_TO},
                                         {"nperseg", required_argument, 0, O_NPERSEG},
                                         {"list", required_argument, 0, O_LIST},
                                         EVENT_RULE_OPTIONS,
                                         {"quiet", no_argument, 0, O_QUIET},
                                         {"overwrite", no_argument, 0, O_OVERWRITE},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    struct common_args a = {.cmd = "report"};
    ps_report_config cfg = {0};
    const char *out = NULL;
    uint64_t nperseg = 0, list = 200;
    int o;
    optind = 1;
    while ((o = cli_getopt("report", argc, argv, "c:o:h", opts)) != -1) {
        if (event_rule_is_option(o)) {
            if (event_rule_option("report", o, optarg, &cfg.events) < 0)
                return EXIT_USAGE;
            continue;
        }
        switch (o) {
        case 'c':
            if (args_add_channels(&a, optarg) < 0)
                return EXIT_USAGE;
            break;
        case 'o': out = optarg; break;
        case O_FROM: a.from = optarg; break;
        case O_TO: a.to = optarg; break;
        case O_NPERSEG:
            if (opt_count("report", "--nperseg", optarg, 8, 1 << 24, &nperseg))
                return EXIT_USAGE;
            break;
        case O_LIST:
            if (opt_count("report", "--list", optarg, 1, 1000000, &list))
                return EXIT_USAGE;
            break;
        case O_QUIET: a.quiet = true; break;
        case O_OVERWRITE: a.rules.overwrite = true; break;
        case 'h':
            printf("usage: picostream report NAME -o REPORT.html [-c A,B] [--from T --to T] "
                   "[--nperseg 4096]\n       [--list 200] [RULE…] [--overwrite]\n\n"
                   "Reads the recording once and writes one self-contained HTML page (images "
                   "embedded,\nno network): what was recorded, every gap and what it lost, "
                   "samples at full scale,\nthe overview of the whole run, statistics, the Welch "
                   "PSD and the events, each with\nthe command that reproduces it; the figures "
                   "also as JSON (script id picostream-report).\nEvents: the rules given, for "
                   "every channel; without rules, near full scale (above 98 %%\nand below -98 %% "
                   "of each channel's range). --list: rows per table (counts stay complete).\n%s"
                   "example: picostream report run1 -o run1.html --glitch '<10us'\n",
                   event_rules_help);
            return EXIT_OK;
        default: return EXIT_USAGE;
        }
    }
    if (optind + 1 != argc || !out) {
        cli_error("report", "%s (picostream report --help)",
                  !out ? "missing -o REPORT.html" : "expected one recording NAME");
        return EXIT_USAGE;
    }
    struct selection sel;
    int rc;
    ps_reader *r = args_prepare(&a, argv[optind], &sel, &rc);
    if (!r)
        return rc;
    cfg.name = argv[optind];
    cfg.nperseg = (size_t)nperseg;
    cfg.max_listed = (size_t)list;
    ps_error err = {0};
    ps_status st = ps_report_write(r, sel.ch, sel.n_ch, sel.span, &cfg, out, &a.rules,
                                   args_progress, &a, &err);
    return args_finish(&a, r, st, &err);
}
