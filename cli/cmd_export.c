/* picostream export: CSV, WAV or NPY of a selection. */
#include <stdio.h>
#include <string.h>

#include "analysis_args.h"
#include "cli.h"
#include "options.h"
#include "picostream/export.h"

int cmd_export(int argc, char **argv)
{
    const char *out = NULL;
    int format = -1;
    const struct cli_opt opts[] = {
        {"output", 'o', OPT_TEXT, &out, 0, 0, "OUT", "the file (WAV: OUT-0001.wav, … past 4 GiB)"},
        {"format", 0, OPT_CHOICE, &format, 0, 0, "csv|wav|npy", "what to write"},
    };
    const struct cli_cmd cmd = {
        "export", "NAME -o OUT --format csv|wav|npy", 1,
        "csv: time_s (device time, gaps counted) then one column per channel, volts, a row per\n"
        "sample. npy: float32 volts, shape (samples, channels). wav: 16-bit PCM at the\n"
        "recording's rate, one WAV channel per channel (raw counts of int16 recordings).",
        "picostream export run1 -o run1.wav --format wav --from 1s --to 2s",
        CLI_SELECT | CLI_QUIET | CLI_OVERWRITE | CLI_OUTPUT, opts, sizeof opts / sizeof *opts};
    struct common_args a = {0};
    int first, p = cli_parse(&cmd, &a, argc, argv, &first);
    if (p != 0)
        return p > 0 ? EXIT_OK : EXIT_USAGE;
    static const ps_export_format formats[] = {PS_EXPORT_CSV, PS_EXPORT_WAV, PS_EXPORT_NPY};
    if (format < 0) {
        cli_error("export", "missing --format csv|wav|npy (picostream export --help)");
        return EXIT_USAGE;
    }
    ps_export_format fmt = formats[format];
    struct selection sel;
    int rc;
    ps_reader *r = args_prepare(&a, argv[first], &sel, &rc);
    if (!r)
        return rc;
    ps_error err = {0};
    char notice[256];
    ps_status st = ps_export(r, sel.ch, sel.n_ch, sel.span, fmt, out, &a.rules, notice, sizeof notice,
                             args_progress, &a, &err);
    if (st == PS_OK && notice[0] && !a.quiet)
        fprintf(stderr, "picostream export: note: %s\n", notice);
    return args_finish(&a, r, st, &err);
}
