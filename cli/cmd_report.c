/* picostream report: one read of a recording into a self-contained HTML page. */
#include <stdio.h>

#include "analysis_args.h"
#include "cli.h"
#include "options.h"
#include "picostream/partial.h"
#include "picostream/report.h"

int cmd_report(int argc, char **argv)
{
    ps_report_config cfg = {0};
    const char *out = NULL, *partial = NULL;
    uint64_t nperseg = 0, list = 200;
    const struct cli_opt opts[] = {
        {"output", 'o', OPT_TEXT, &out, 0, 0, "REPORT.html", "the page"},
        {"nperseg", 0, OPT_COUNT, &nperseg, 8, 1 << 24, "4096", "Welch segment length"},
        {"list", 0, OPT_COUNT, &list, 1, 1000000, "200", "rows per table (counts stay complete)"},
        {"rules", 0, OPT_RULES, &cfg.events, 0, 0, NULL, NULL},
        {"partial", 0, OPT_TEXT, &partial, 0, 0, "OUT.json",
         "instead of the page, the partial report of the piece\n--from/--to (of the whole "
         "recording's report);\npicostream merge -o REPORT.html makes the page"},
    };
    const struct cli_cmd cmd = {
        "report", "NAME -o REPORT.html", 1,
        "Reads the recording once and writes one self-contained HTML page (images embedded, no\n"
        "network): what was recorded, every gap and what it lost, samples at full scale, the\n"
        "overview of the whole run, statistics, the Welch PSD and the events, each with the\n"
        "command that reproduces it; the figures also as JSON (script id picostream-report).\n"
        "Events: the rules given, for every channel; without rules, near full scale (above 98 %\n"
        "and below -98 % of each channel's range).",
        "picostream report run1 -o run1.html --glitch '<10us'",
        CLI_SELECT | CLI_QUIET | CLI_OVERWRITE, opts, sizeof opts / sizeof *opts};
    struct common_args a = {0};
    int first, p = cli_parse(&cmd, &a, argc, argv, &first);
    if (p != 0)
        return p > 0 ? EXIT_OK : EXIT_USAGE;
    if (!out == !partial) {
        cli_error("report", "give -o REPORT.html, or --partial OUT.json for a piece");
        return EXIT_USAGE;
    }
    struct selection sel;
    int rc;
    ps_reader *r = args_prepare(&a, argv[first], &sel, &rc);
    if (!r)
        return rc;
    cfg.name = argv[first];
    cfg.nperseg = (size_t)nperseg;
    cfg.max_listed = (size_t)list;
    ps_error err = {0};
    if (partial) {
        char *json = NULL;
        ps_status st = ps_partial_report(r, sel.ch, sel.n_ch, sel.span, &cfg, &json, &err);
        rc = args_write_partial(&a, partial, st, json, &err);
        ps_reader_close(r);
        return rc;
    }
    ps_status st = ps_report_write(r, sel.ch, sel.n_ch, sel.span, &cfg, out, &a.rules,
                                   args_progress, &a, &err);
    return args_finish(&a, r, st, &err);
}
