/* picostream filter: Butterworth, zero-phase (sosfiltfilt) or causal (sosfilt). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "analysis_args.h"
#include "cli.h"

static int parse_hz(const char *s, double *hz)
{
    return units_parse_rate(s, hz);
}

static int parse_band(const char *s, double *f1, double *f2)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s", s);
    char *colon = strchr(buf, ':');
    if (!colon)
        return -1;
    *colon = '\0';
    return parse_hz(buf, f1) < 0 || parse_hz(colon + 1, f2) < 0 ? -1 : 0;
}

const char *args_dtype(const char *s)
{
    if (strcmp(s, "f32") == 0 || strcmp(s, "rf32_le") == 0)
        return "rf32_le";
    if (strcmp(s, "f64") == 0 || strcmp(s, "rf64_le") == 0)
        return "rf64_le";
    return NULL;
}

int cmd_filter(int argc, char **argv)
{
    enum {
        O_FROM = 256,
        O_TO,
        O_LOW,
        O_HIGH,
        O_BP,
        O_BS,
        O_ORDER,
        O_CAUSAL,
        O_DTYPE,
        O_QUIET,
        O_OVERWRITE
    };
    static const struct option opts[] = {{"channel", required_argument, 0, 'c'},
                                         {"output", required_argument, 0, 'o'},
                                         {"from", required_argument, 0, O_FROM},
                                         {"to", required_argument, 0, O_TO},
                                         {"lowpass", required_argument, 0, O_LOW},
                                         {"highpass", required_argument, 0, O_HIGH},
                                         {"bandpass", required_argument, 0, O_BP},
                                         {"bandstop", required_argument, 0, O_BS},
                                         {"order", required_argument, 0, O_ORDER},
                                         {"causal", no_argument, 0, O_CAUSAL},
                                         {"dtype", required_argument, 0, O_DTYPE},
                                         {"quiet", no_argument, 0, O_QUIET},
                                         {"overwrite", no_argument, 0, O_OVERWRITE},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    struct common_args a = {.cmd = "filter"};
    ps_filter_job job = {.order = 4, .datatype = "rf32_le"};
    int kinds = 0, o;
    uint64_t u;
    optind = 1;
    while ((o = cli_getopt("filter", argc, argv, "c:o:h", opts)) != -1) {
        switch (o) {
        case 'c':
            if (args_add_channels(&a, optarg) < 0)
                return EXIT_USAGE;
            break;
        case 'o': job.output = optarg; break;
        case O_FROM: a.from = optarg; break;
        case O_TO: a.to = optarg; break;
        case O_LOW:
        case O_HIGH:
            job.btype = o == O_LOW ? PS_LOWPASS : PS_HIGHPASS;
            kinds++;
            if (parse_hz(optarg, &job.f1_hz) < 0) {
                cli_error("filter", "'%s' is not a frequency (1k, 50Hz)", optarg);
                return EXIT_USAGE;
            }
            break;
        case O_BP:
        case O_BS:
            job.btype = o == O_BP ? PS_BANDPASS : PS_BANDSTOP;
            kinds++;
            if (parse_band(optarg, &job.f1_hz, &job.f2_hz) < 0) {
                cli_error("filter", "'%s' is not a band F1:F2 (45:55, 1k:2k)", optarg);
                return EXIT_USAGE;
            }
            break;
        case O_ORDER:
            if (opt_count("filter", "--order", optarg, 1, 32, &u) < 0)
                return EXIT_USAGE;
            job.order = (unsigned)u;
            break;
        case O_CAUSAL: job.causal = true; break;
        case O_DTYPE:
            if (!(job.datatype = args_dtype(optarg))) {
                cli_error("filter", "--dtype '%s' (f32 or f64)", optarg);
                return EXIT_USAGE;
            }
            break;
        case O_QUIET: a.quiet = true; break;
        case O_OVERWRITE: a.rules.overwrite = true; break;
        case 'h':
            printf("usage: picostream filter NAME -o OUT (--lowpass F | --highpass F | --bandpass "
                   "F1:F2 |\n       --bandstop F1:F2) [--order 4] [--causal] [--dtype f32|f64] "
                   "[-c A,B] [--from T] [--to T]\n\nButterworth as scipy.signal.butter(order, Wn,"
                   " btype, fs=fs, output='sos'); zero-phase by\ndefault with "
                   "scipy.signal.sosfiltfilt's semantics (odd padding, padlen, initial\n"
                   "conditions), out of core; --causal is sosfilt from zero state. Writes a SigMF "
                   "recording\nin volts (f32 default: 24-bit mantissa, beyond any 16-bit ADC).\n"
                   "example: picostream filter run1 -o run1_lp --lowpass 5k --order 4\n");
            return EXIT_OK;
        default: return EXIT_USAGE;
        }
    }
    if (optind + 1 != argc || !job.output || kinds != 1) {
        cli_error("filter", "%s (picostream filter --help)",
                  optind + 1 != argc ? "expected one recording NAME"
                  : !job.output      ? "missing -o OUT"
                                     : "give exactly one of --lowpass, --highpass, --bandpass, "
                                       "--bandstop");
        return EXIT_USAGE;
    }
    struct selection sel;
    int rc;
    ps_reader *r = args_prepare(&a, argv[optind], &sel, &rc);
    if (!r)
        return rc;
    ps_error err = {0};
    job.rules = &a.rules;
    ps_status st = ps_run_filter(r, sel.ch, sel.n_ch, sel.span, &job, args_progress, &a, &err);
    return args_finish(&a, r, st, &err);
}
