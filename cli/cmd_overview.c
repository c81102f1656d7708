/* picostream overview: builds NAME.picostream-overview/ for a recording that lacks it, or a
 * piece of it for a cluster (--partial). */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis_args.h"
#include "cli.h"
#include "options.h"
#include "picostream/overview.h"
#include "picostream/partial.h"

int cmd_overview(int argc, char **argv)
{
    const char *partial = NULL, *piece = NULL;
    const struct cli_opt opts[] = {
        {"partial", 0, OPT_TEXT, &partial, 0, 0, "OUT.json",
         "build the overview of the piece --from/--to only, into\nPIECE.picostream-overview/ "
         "(-o PIECE), on the whole\nrecording's grid; this file names it; picostream merge\n"
         "combines the pieces into NAME.picostream-overview/"},
        {"output", 'o', OPT_TEXT, &piece, 0, 0, "PIECE", "with --partial: the piece's name"},
    };
    const struct cli_cmd cmd = {
        "overview", "NAME", 1,
        "Builds the min/max overview pyramid NAME.picostream-overview/ (level k: one min/max\n"
        "per channel per 2^k samples, k = 8, 11, … 32; float32 volts) out of core, for any\n"
        "recording (captures write theirs as they go). Replaces an older overview.",
        "picostream overview run1", CLI_SPAN | CLI_QUIET | CLI_OVERWRITE, opts,
        sizeof opts / sizeof *opts};
    struct common_args a = {0};
    int first, p = cli_parse(&cmd, &a, argc, argv, &first);
    if (p != 0)
        return p > 0 ? EXIT_OK : EXIT_USAGE;
    if (!partial != !piece) {
        cli_error("overview", "--partial and -o PIECE go together (a piece of the overview)");
        return EXIT_USAGE;
    }
    ps_reader *r = args_open(&a, argv[first]);
    if (!r)
        return EXIT_FAIL;
    ps_span span;
    if (args_span(&a, r, &span) < 0) { /* starts the progress clock and catches Ctrl-C */
        ps_reader_close(r);
        return EXIT_USAGE;
    }
    if (!partial && (span.from != 0 || span.to != ps_reader_frames(r))) {
        cli_error("overview", "--from/--to select a piece: with --partial and -o PIECE");
        ps_reader_close(r);
        return EXIT_USAGE;
    }
    ps_error err = {0};
    if (partial) {
        char dir[4200], meta[4200];
        struct stat sb;
        snprintf(dir, sizeof dir, "%s.picostream-overview", piece);
        snprintf(meta, sizeof meta, "%s.sigmf-meta", piece); /* a recording: the library says */
        if (!a.rules.overwrite && stat(meta, &sb) != 0 &&
            (stat(dir, &sb) == 0 || stat(partial, &sb) == 0)) {
            cli_error("overview", "%s already exists (pass --overwrite to replace it)",
                      stat(dir, &sb) == 0 ? dir : partial);
            ps_reader_close(r);
            return EXIT_USAGE;
        }
        char *json = NULL;
        ps_status st = ps_partial_overview(r, span, piece, &json, &err);
        int rc = args_write_partial(&a, partial, st, json, &err);
        ps_reader_close(r);
        return rc;
    }
    char name[4096];
    snprintf(name, sizeof name, "%s", ps_reader_name(r));
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
