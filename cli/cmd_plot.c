/* picostream plot: a PNG overview of any time window. */
#include <stdio.h>

#include "analysis_args.h"
#include "cli.h"
#include "options.h"
#include "picostream/plot.h"

int cmd_plot(int argc, char **argv)
{
    const char *out = NULL;
    uint64_t w = 1600, h = 900;
    const struct cli_opt opts[] = {
        {"output", 'o', OPT_TEXT, &out, 0, 0, "FILE.png", "the picture"},
        {"width", 0, OPT_COUNT, &w, 200, 20000, "1600", "pixels"},
        {"height", 0, OPT_COUNT, &h, 100, 20000, "900", "pixels"},
    };
    const struct cli_cmd cmd = {
        "plot", "NAME -o FILE.png", 1,
        "One lane per channel, drawn from the min/max of each pixel column (a one-sample spike\n"
        "in hours shows), time in device time (gaps stay blank), annotations as red markers.\n"
        "Only the selected window is read.",
        "picostream plot run1 -o run1.png --from 2s --to 2.01s",
        CLI_SELECT | CLI_QUIET | CLI_OVERWRITE | CLI_OUTPUT, opts, sizeof opts / sizeof *opts};
    struct common_args a = {0};
    int first, p = cli_parse(&cmd, &a, argc, argv, &first);
    if (p != 0)
        return p > 0 ? EXIT_OK : EXIT_USAGE;
    struct selection sel;
    int rc;
    ps_reader *r = args_prepare(&a, argv[first], &sel, &rc);
    if (!r)
        return rc;
    ps_error err = {0};
    ps_status st = ps_plot_waveform(r, sel.ch, sel.n_ch, sel.span, (int)w, (int)h, out,
                                    &a.rules, args_progress, &a, &err);
    return args_finish(&a, r, st, &err);
}
