/* picostream filter: Butterworth, zero-phase (sosfiltfilt) or causal (sosfilt). */
#include <stdio.h>
#include <string.h>

#include "analysis_args.h"
#include "cli.h"
#include "options.h"

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

int cmd_filter(int argc, char **argv)
{
    ps_filter_job job = {.order = 4, .datatype = "rf32_le"};
    const char *band[4] = {NULL}; /* lowpass, highpass, bandpass, bandstop */
    uint64_t order = 4;
    int dtype = 0;
    const char *partial = NULL;
    const struct cli_opt opts[] = {
        {"output", 'o', OPT_TEXT, &job.output, 0, 0, "OUT", "the filtered recording"},
        {"lowpass", 0, OPT_TEXT, &band[0], 0, 0, "F", "low-pass at F (1k, 50Hz)"},
        {"highpass", 0, OPT_TEXT, &band[1], 0, 0, "F", "high-pass at F"},
        {"bandpass", 0, OPT_TEXT, &band[2], 0, 0, "F1:F2", "band-pass from F1 to F2"},
        {"bandstop", 0, OPT_TEXT, &band[3], 0, 0, "F1:F2", "band-stop from F1 to F2"},
        {"order", 0, OPT_COUNT, &order, 1, 32, "4", "the Butterworth order"},
        {"causal", 0, OPT_FLAG, &job.causal, 0, 0, NULL, "sosfilt from zero state (one pass)"},
        {"dtype", 0, OPT_CHOICE, &dtype, 0, 0, ARGS_DTYPES, "the output's sample type (f32)"},
        {"partial", 0, OPT_TEXT, &partial, 0, 0, "OUT.json",
         "--from/--to is a piece of the whole recording's result:\nOUT holds those samples "
         "(from a warm-up margin), this file\nnames it; picostream merge -o NAME concatenates "
         "the pieces"},
    };
    const struct cli_cmd cmd = {
        "filter", "NAME -o OUT", 1,
        "Butterworth as scipy.signal.butter(order, Wn, btype, fs=fs, output='sos'); zero-phase "
        "by\ndefault with scipy.signal.sosfiltfilt's semantics (odd padding, padlen, initial\n"
        "conditions), out of core, each gap-free stretch on its own; --causal is sosfilt from\n"
        "zero state. Writes a SigMF recording in volts (f32 default: 24-bit mantissa, beyond any\n"
        "16-bit ADC).",
        "picostream filter run1 -o run1_lp --lowpass 5k --order 4",
        CLI_SELECT | CLI_QUIET | CLI_OVERWRITE | CLI_OUTPUT, opts, sizeof opts / sizeof *opts};
    struct common_args a = {0};
    int first, p = cli_parse(&cmd, &a, argc, argv, &first);
    if (p != 0)
        return p > 0 ? EXIT_OK : EXIT_USAGE;
    int kinds = 0;
    for (int k = 0; k < 4; k++)
        if (band[k]) {
            kinds++;
            job.btype = (ps_btype)k;
            if (k < 2 ? parse_hz(band[k], &job.f1_hz) < 0
                      : parse_band(band[k], &job.f1_hz, &job.f2_hz) < 0) {
                if (k < 2)
                    cli_error("filter", "'%s' is not a frequency (1k, 50Hz)", band[k]);
                else
                    cli_error("filter", "'%s' is not a band F1:F2 (45:55, 1k:2k)", band[k]);
                return EXIT_USAGE;
            }
        }
    if (kinds != 1) {
        cli_error("filter", "give exactly one of --lowpass, --highpass, --bandpass, --bandstop "
                            "(picostream filter --help)");
        return EXIT_USAGE;
    }
    job.order = (unsigned)order;
    job.datatype = args_dtype(dtype);
    struct selection sel;
    int rc;
    ps_reader *r = args_prepare(&a, argv[first], &sel, &rc);
    if (!r)
        return rc;
    ps_error err = {0};
    job.rules = &a.rules;
    if (partial) { /* the piece recording first, then the small file naming it */
        char *json = NULL;
        ps_status st = ps_partial_filter(r, sel.ch, sel.n_ch, sel.span, &job, &json, &err);
        rc = args_write_partial(&a, partial, st, json, &err);
        ps_reader_close(r);
        return rc;
    }
    ps_status st = ps_run_filter(r, sel.ch, sel.n_ch, sel.span, &job, args_progress, &a, &err);
    return args_finish(&a, r, st, &err);
}
