/* picostream overview: builds NAME.picostream-overview/ for a recording that lacks it. */
#include <stdio.h>
#include <string.h>

#include "analysis_args.h"
#include "cli.h"
#include "options.h"
#include "picostream/overview.h"

int cmd_overview(int argc, char **argv)
{
    const struct cli_cmd cmd = {
        "overview", "NAME", 1,
        "Builds the min/max overview pyramid NAME.picostream-overview/ (level k: one min/max\n"
        "per channel per 2^k samples, k = 8, 11, … 32; float32 volts) out of core, for any\n"
        "recording (captures write theirs as they go). Replaces an older overview.",
        "picostream overview run1", CLI_QUIET, NULL, 0};
    struct common_args a = {0};
    int first, p = cli_parse(&cmd, &a, argc, argv, &first);
    if (p != 0)
        return p > 0 ? EXIT_OK : EXIT_USAGE;
    ps_reader *r = args_open(&a, argv[first]);
    if (!r)
        return EXIT_FAIL;
    ps_span span;
    if (args_span(&a, r, &span) < 0) { /* starts the progress clock and catches Ctrl-C */
        ps_reader_close(r);
        return EXIT_USAGE;
    }
    char name[4096];
    snprintf(name, sizeof name, "%s", ps_reader_name(r));
    ps_error err = {0};
    ps_status st = ps_overview_build(r, args_progress, &a, &err);
    args_progress_done(&a);
    ps_reader_close(r);
    if (st != PS_OK) {
        cli_error("overview", "%s", ps_error_text(&err));
        return cli_exit_code(st);
    }
    if (!a.quiet)
        fprintf(stderr, "picostream overview: %s.picostream-overview\n", name);
    return EXIT_OK;
}
