/* picostream resample (scipy.signal.resample_poly) and envelope (min/max per bin). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis_args.h"
#include "cli.h"
#include "options.h"

/* up/down ≈ target/fs as a fraction with terms ≤ 100000 (exact for integer rates). */
static void ratio(double target, double fs, uint64_t *up, uint64_t *down)
{
    if (target == floor(target) && fs == floor(fs) && target < 1e15 && fs < 1e15) {
        uint64_t a = (uint64_t)target, b = (uint64_t)fs;
        uint64_t x = a, y = b;
        while (y) {
            uint64_t t = x % y;
            x = y;
            y = t;
        }
        if (a / x <= 100000 && b / x <= 100000) {
            *up = a / x;
            *down = b / x;
            return;
        }
    }
    double v = target / fs; /* continued fraction */
    uint64_t h0 = 0, h1 = 1, k0 = 1, k1 = 0;
    double x = v;
    for (int i = 0; i < 40 && x < 1e6; i++) {
        uint64_t an = (uint64_t)floor(x);
        uint64_t h2 = an * h1 + h0, k2 = an * k1 + k0;
        if (h2 > 100000 || k2 > 100000)
            break;
        h0 = h1, h1 = h2, k0 = k1, k1 = k2;
        if (x - floor(x) < 1e-12)
            break;
        x = 1 / (x - floor(x));
    }
    *up = h1 ? h1 : 1;
    *down = k1 ? k1 : 1;
}

static int run(int argc, char **argv, bool envelope)
{
    const char *cmd = envelope ? "envelope" : "resample";
    ps_resample_job job = {.datatype = "rf32_le"};
    double rate = 0;
    int dtype = 0;
    const char *partial = NULL;
    /* the FIR has 20·max(up, down)+1 taps: the limit bounds its memory */
    const struct cli_opt resample_opts[] = {
        {"output", 'o', OPT_TEXT, &job.output, 0, 0, "OUT", "the resampled recording"},
        {"up", 0, OPT_COUNT, &job.up, 1, 100000, "U", "upsampling factor"},
        {"down", 0, OPT_COUNT, &job.down, 1, 100000, "D", "downsampling factor"},
        {"rate", 0, OPT_RATE, &rate, 1e-6, 1e12, "R", "the output rate instead of --up/--down"},
        {"dtype", 0, OPT_CHOICE, &dtype, 0, 0, ARGS_DTYPES, "the output's sample type (f32)"},
        {"partial", 0, OPT_TEXT, &partial, 0, 0, "OUT.json",
         "--from/--to is a piece of the whole recording's result:\nOUT holds its outputs, "
         "this file names it; picostream\nmerge -o NAME concatenates the pieces"},
    };
    const struct cli_opt envelope_opts[] = {
        {"output", 'o', OPT_TEXT, &job.output, 0, 0, "OUT", "the envelope recording"},
        {"rate", 0, OPT_RATE, &rate, 1e-6, 1e12, "R", "bins per second"},
        {"dtype", 0, OPT_CHOICE, &dtype, 0, 0, ARGS_DTYPES, "the output's sample type (f32)"},
        {"partial", 0, OPT_TEXT, &partial, 0, 0, "OUT.json",
         "--from/--to is a piece of the whole recording's result:\nOUT holds the bins starting "
         "in it, this file names it;\npicostream merge -o NAME concatenates the pieces"},
    };
    const struct cli_cmd c_resample = {
        "resample", "NAME -o OUT", 1,
        "scipy.signal.resample_poly(x, up, down): gcd reduction, Kaiser β=5 FIR of "
        "20·max(up,down)+1\ntaps, zero padding, ceil(n·up/down) outputs, each gap-free stretch "
        "on its own.",
        "picostream resample run1 -o run1_10k --rate 10k",
        CLI_SELECT | CLI_QUIET | CLI_OVERWRITE | CLI_OUTPUT,
        resample_opts, sizeof resample_opts / sizeof *resample_opts};
    const struct cli_cmd c_envelope = {
        "envelope", "NAME -o OUT", 1,
        "Min and max of every output bin (channels A_min, A_max, …): the display decimation that\n"
        "never hides a spike. Bins never hold samples from both sides of a gap.",
        "picostream envelope run1 -o run1_env --rate 1k",
        CLI_SELECT | CLI_QUIET | CLI_OVERWRITE | CLI_OUTPUT,
        envelope_opts, sizeof envelope_opts / sizeof *envelope_opts};
    struct common_args a = {0};
    int first, p = cli_parse(envelope ? &c_envelope : &c_resample, &a, argc, argv, &first);
    if (p != 0)
        return p > 0 ? EXIT_OK : EXIT_USAGE;
    job.datatype = args_dtype(dtype);
    if (rate > 0 && (job.up || job.down)) {
        cli_error(cmd, "give --rate or --up/--down, not both");
        return EXIT_USAGE;
    }
    bool need_ratio = !envelope && !(rate > 0) && !(job.up && job.down);
    if (need_ratio || (envelope && !(rate > 0))) {
        cli_error(cmd, "%s (picostream %s --help)",
                  envelope ? "missing --rate" : "give --up and --down, or --rate", cmd);
        return EXIT_USAGE;
    }
    struct selection sel;
    int rc;
    ps_reader *r = args_prepare(&a, argv[first], &sel, &rc);
    if (!r)
        return rc;
    ps_error err = {0};
    ps_status st;
    job.rules = &a.rules;
    if (envelope && partial) {
        char *json = NULL;
        st = ps_partial_envelope(r, sel.ch, sel.n_ch, sel.span, rate, job.output, job.datatype,
                                 &a.rules, &json, &err);
        rc = args_write_partial(&a, partial, st, json, &err);
        ps_reader_close(r);
        return rc;
    } else if (envelope) {
        st = ps_run_envelope(r, sel.ch, sel.n_ch, sel.span, rate, job.output, job.datatype,
                             &a.rules, args_progress, &a, &err);
    } else {
        if (rate > 0) {
            ratio(rate, ps_reader_rate(r), &job.up, &job.down);
            double got = ps_reader_rate(r) * (double)job.up / (double)job.down;
            if (fabs(got - rate) > 1e-9 * rate) { /* never a silently different rate */
                cli_error(cmd, "--rate '%g' is not reachable from %.9g S/s with up and down "
                          "≤ 100000 (nearest %.9g S/s: --up %llu --down %llu)", rate,
                          ps_reader_rate(r), got, (unsigned long long)job.up,
                          (unsigned long long)job.down);
                ps_reader_close(r);
                return EXIT_USAGE;
            }
        }
        if (partial) {
            char *json = NULL;
            st = ps_partial_resample(r, sel.ch, sel.n_ch, sel.span, &job, &json, &err);
            rc = args_write_partial(&a, partial, st, json, &err);
            ps_reader_close(r);
            return rc;
        }
        st = ps_run_resample(r, sel.ch, sel.n_ch, sel.span, &job, args_progress, &a, &err);
    }
    return args_finish(&a, r, st, &err);
}

int cmd_resample(int argc, char **argv)
{
    return run(argc, argv, false);
}

int cmd_envelope(int argc, char **argv)
{
    return run(argc, argv, true);
}
