/* picostream plot: a PNG overview of any time window. */
#include <getopt.h>
#include <stdio.h>

#include "analysis_args.h"
#include "cli.h"
#include "picostream/plot.h"

int cmd_plot(int argc, char **argv)
{
    enum { O_FROM = 256, O_TO, O_WIDTH, O_HEIGHT, O_QUIET, O_OVERWRITE };
    static const struct option opts[] = {{"channel", required_argument, 0, 'c'},
                                         {"output", required_argument, 0, 'o'},
                                         {"from", required_argument, 0, O_FROM},
                                         {"to", required_argument, 0, O_TO},
                                         {"width", required_argument, 0, O_WIDTH},
                                         {"height", required_argument, 0, O_HEIGHT},
                                         {"quiet", no_argument, 0, O_QUIET},
                                         {"overwrite", no_argument, 0, O_OVERWRITE},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    struct common_args a = {.cmd = "plot"};
    const char *out = NULL;
    uint64_t w = 1600, h = 900;
    int o;
    optind = 1;
    while ((o = cli_getopt("plot", argc, argv, "c:o:h", opts)) != -1) {
        switch (o) {
        case 'c':
            if (args_add_channels(&a, optarg) < 0)
                return EXIT_USAGE;
            break;
        case 'o': out = optarg; break;
        case O_FROM: a.from = optarg; break;
        case O_TO: a.to = optarg; break;
        case O_WIDTH:
        case O_HEIGHT:
            if (o == O_WIDTH ? opt_count("plot", "--width", optarg, 200, 20000, &w)
                             : opt_count("plot", "--height", optarg, 100, 20000, &h))
                return EXIT_USAGE;
            break;
        case O_QUIET: a.quiet = true; break;
        case O_OVERWRITE: a.rules.overwrite = true; break;
        case 'h':
            printf("usage: picostream plot NAME -o FILE.png [-c A,B] [--from T --to T] [--width "
                   "1600 --height 900]\n       [--overwrite]\n\nOne lane per channel, drawn from the min/max of each "
                   "pixel column (a one-sample spike\nin hours shows), time in device time (gaps "
                   "stay blank), annotations as red markers.\nOnly the selected window is read.\n"
                   "example: picostream plot run1 -o run1.png --from 2s --to 2.01s\n");
            return EXIT_OK;
        default: return EXIT_USAGE;
        }
    }
    if (optind + 1 != argc || !out) {
        cli_error("plot", "%s (picostream plot --help)",
                  !out ? "missing -o FILE.png" : "expected one recording NAME");
        return EXIT_USAGE;
    }
    struct selection sel;
    int rc;
    ps_reader *r = args_prepare(&a, argv[optind], &sel, &rc);
    if (!r)
        return rc;
    ps_error err = {0};
    ps_status st = ps_plot_waveform(r, sel.ch, sel.n_ch, sel.span, (int)w, (int)h, out,
                                    &a.rules, args_progress, &a, &err);
    return args_finish(&a, r, st, &err);
}
