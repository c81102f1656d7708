/* picostream export: CSV, WAV or NPY of a selection. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "analysis_args.h"
#include "cli.h"
#include "picostream/export.h"

int cmd_export(int argc, char **argv)
{
    enum { O_FROM = 256, O_TO, O_FORMAT, O_QUIET, O_OVERWRITE };
    static const struct option opts[] = {{"channel", required_argument, 0, 'c'},
                                         {"output", required_argument, 0, 'o'},
                                         {"from", required_argument, 0, O_FROM},
                                         {"to", required_argument, 0, O_TO},
                                         {"format", required_argument, 0, O_FORMAT},
                                         {"quiet", no_argument, 0, O_QUIET},
                                         {"overwrite", no_argument, 0, O_OVERWRITE},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    struct common_args a = {.cmd = "export"};
    const char *out = NULL, *format = NULL;
    int o;
    optind = 1;
    while ((o = cli_getopt("export", argc, argv, "c:o:h", opts)) != -1) {
        switch (o) {
        case 'c':
            if (args_add_channels(&a, optarg) < 0)
                return EXIT_USAGE;
            break;
        case 'o': out = optarg; break;
        case O_FROM: a.from = optarg; break;
        case O_TO: a.to = optarg; break;
        case O_FORMAT: format = optarg; break;
        case O_QUIET: a.quiet = true; break;
        case O_OVERWRITE: a.rules.overwrite = true; break;
        case 'h':
            printf("usage: picostream export NAME -o OUT --format csv|wav|npy [-c A,B] [--from T]"
                   " [--to T]\n       [--overwrite]\n\ncsv: time_s (device time, gaps counted) then one column per channel, volts, a row per "
                   "sample. npy: float32 volts,\nshape (samples, channels). wav: 16-bit PCM at the "
                   "recording's rate, one WAV channel per\nchannel (raw counts of int16 "
                   "recordings); split into OUT-0001.wav, … past 4 GiB.\n"
                   "example: picostream export run1 -o run1.wav --format wav --from 1s --to 2s\n");
            return EXIT_OK;
        default: return EXIT_USAGE;
        }
    }
    ps_export_format fmt = PS_EXPORT_CSV;
    if (format && strcmp(format, "csv") == 0)
        fmt = PS_EXPORT_CSV;
    else if (format && strcmp(format, "npy") == 0)
        fmt = PS_EXPORT_NPY;
    else if (format && strcmp(format, "wav") == 0)
        fmt = PS_EXPORT_WAV;
    else if (format) {
        cli_error("export", "--format '%s' (csv, wav, npy)", format);
        return EXIT_USAGE;
    }
    if (optind + 1 != argc || !out || !format) {
        cli_error("export", "%s (picostream export --help)",
                  optind + 1 != argc ? "expected one recording NAME"
                  : !out             ? "missing -o OUT"
                                     : "missing --format csv|wav|npy");
        return EXIT_USAGE;
    }
    struct selection sel;
    int rc;
    ps_reader *r = args_prepare(&a, argv[optind], &sel, &rc);
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
