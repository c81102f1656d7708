/* picostream resample (scipy.signal.resample_poly) and envelope (min/max per bin). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis_args.h"
#include "cli.h"

const char *args_dtype(const char *s);

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
    enum { O_FROM = 256, O_TO, O_UP, O_DOWN, O_RATE, O_DTYPE, O_QUIET, O_OVERWRITE };
    static const struct option opts[] = {
        {"channel", required_argument, 0, 'c'}, {"output", required_argument, 0, 'o'},
        {"from", required_argument, 0, O_FROM}, {"to", required_argument, 0, O_TO},
        {"up", required_argument, 0, O_UP},     {"down", required_argument, 0, O_DOWN},
        {"rate", required_argument, 0, O_RATE}, {"dtype", required_argument, 0, O_DTYPE},
        {"quiet", no_argument, 0, O_QUIET},     {"overwrite", no_argument, 0, O_OVERWRITE},
        {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
    struct common_args a = {.cmd = cmd};
    ps_resample_job job = {.datatype = "rf32_le"};
    double rate = 0;
    int o;
    optind = 1;
    while ((o = cli_getopt("resample", argc, argv, "c:o:h", opts)) != -1) {
        switch (o) {
        case 'c':
            if (args_add_channels(&a, optarg) < 0)
                return EXIT_USAGE;
            break;
        case 'o': job.output = optarg; break;
        case O_FROM: a.from = optarg; break;
        case O_TO: a.to = optarg; break;
        case O_UP:
        case O_DOWN:
            /* the FIR has 20·max(up, down)+1 taps: the limit bounds its memory */
            if (opt_count(cmd, o == O_UP ? "--up" : "--down", optarg, 1, 100000,
                          o == O_UP ? &job.up : &job.down) < 0)
                return EXIT_USAGE;
            break;
        case O_RATE:
            if (opt_rate(cmd, "--rate", optarg, 1e-6, 1e12, &rate) < 0)
                return EXIT_USAGE;
            break;
        case O_DTYPE:
            if (!(job.datatype = args_dtype(optarg))) {
                cli_error(cmd, "--dtype '%s' (f32 or f64)", optarg);
                return EXIT_USAGE;
            }
            break;
        case O_QUIET: a.quiet = true; break;
        case O_OVERWRITE: a.rules.overwrite = true; break;
        case 'h':
            if (envelope)
                printf("usage: picostream envelope NAME -o OUT --rate 10k [-c A,B] [--from T] "
                       "[--to T] [--dtype f32|f64]\n       [--overwrite]\n\nMin and max of every output bin (channels "
                       "A_min, A_max, …): the display decimation that\nnever hides a spike.\n"
                       "example: picostream envelope run1 -o run1_env --rate 1k\n");
            else
                printf("usage: picostream resample NAME -o OUT (--up U --down D | --rate R) [-c "
                       "A,B] [--from T] [--to T]\n       [--dtype f32|f64] [--overwrite]\n\n"
                       "scipy.signal.resample_poly(x, up, down): gcd reduction, Kaiser β=5 FIR of "
                       "20·max(up,down)+1\ntaps, zero padding, ceil(n·up/down) outputs.\n"
                       "example: picostream resample run1 -o run1_10k --rate 10k\n");
            return EXIT_OK;
        default: return EXIT_USAGE;
        }
    }
    if (rate > 0 && (job.up || job.down)) {
        cli_error(cmd, "give --rate or --up/--down, not both");
        return EXIT_USAGE;
    }
    bool need_ratio = !envelope && !(rate > 0) && !(job.up && job.down);
    if (optind + 1 != argc || !job.output || need_ratio || (envelope && !(rate > 0))) {
        cli_error(cmd, "%s (picostream %s --help)",
                  optind + 1 != argc ? "expected one recording NAME"
                  : !job.output      ? "missing -o OUT"
                  : envelope         ? "missing --rate"
                                     : "give --up and --down, or --rate",
                  cmd);
        return EXIT_USAGE;
    }
    struct selection sel;
    int rc;
    ps_reader *r = args_prepare(&a, argv[optind], &sel, &rc);
    if (!r)
        return rc;
    ps_error err = {0};
    ps_status st;
    job.rules = &a.rules;
    if (envelope) {
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
