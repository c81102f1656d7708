/* picostream xcorr: cross-correlation at bounded lags, as scipy.signal.correlate(a, b). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_args.h"
#include "cli.h"
#include "options.h"

/* "B" or "other_recording:B" */
static ps_reader *channel_of(struct common_args *a, const char *spec, ps_reader *main, int *ch,
                             bool *own)
{
    const char *colon = strrchr(spec, ':');
    ps_reader *r = main;
    *own = false;
    if (colon) {
        char name[4096];
        snprintf(name, sizeof name, "%.*s", (int)(colon - spec), spec);
        if (!(r = args_open(a, name)))
            return NULL;
        *own = true;
        spec = colon + 1;
    }
    *ch = ps_reader_channel(r, spec);
    if (*ch < 0) {
        cli_error("xcorr", "no channel '%s' in this recording", spec);
        if (*own)
            ps_reader_close(r);
        return NULL;
    }
    return r;
}

int cmd_xcorr(int argc, char **argv)
{
    const char *sa = NULL, *sb = NULL, *maxlag = NULL, *csv = NULL;
    const struct cli_opt opts[] = {
        {"a", 0, OPT_TEXT, &sa, 0, 0, "CH", "the first channel"},
        {"b", 0, OPT_TEXT, &sb, 0, 0, "[RECORDING:]CH", "the second, of this or another recording"},
        {"max-lag", 0, OPT_TEXT, &maxlag, 0, 0, "10ms|N", "largest |lag| (1000 samples)"},
        {"csv", 0, OPT_TEXT, &csv, 0, 0, "OUT", "write lag,correlation here"},
    };
    const struct cli_cmd cmd = {
        "xcorr", "NAME", 1,
        "scipy.signal.correlate(a, b, mode='full') at lags |lag| ≤ max-lag, lags as\n"
        "scipy.signal.correlation_lags; never computes the full correlation, never pairs samples\n"
        "from two sides of a gap. Prints the lag of the maximum in samples and seconds.",
        "picostream xcorr run1 --a A --b B --max-lag 10ms", CLI_SPAN | CLI_QUIET | CLI_OVERWRITE,
        opts, sizeof opts / sizeof *opts};
    struct common_args a = {0};
    int first, p = cli_parse(&cmd, &a, argc, argv, &first);
    if (p != 0)
        return p > 0 ? EXIT_OK : EXIT_USAGE;
    if (!sa || !sb) {
        cli_error("xcorr", "give --a CH and --b CH (picostream xcorr --help)");
        return EXIT_USAGE;
    }
    ps_reader *r = args_open(&a, argv[first]);
    if (!r)
        return EXIT_FAIL;
    int rc = EXIT_USAGE, ca, cb;
    bool own_a = false, own_b = false;
    ps_reader *ra = channel_of(&a, sa, r, &ca, &own_a),
              *rb = ra ? channel_of(&a, sb, r, &cb, &own_b) : NULL;
    double *z = NULL;
    ps_span span_a, span_b;
    uint64_t lag;
    if (!ra || !rb)
        goto out;
    if (fabs(ps_reader_rate(ra) - ps_reader_rate(rb)) > 1e-9 * ps_reader_rate(ra)) {
        cli_error("xcorr", "the recordings' rates differ (%.9g and %.9g S/s)", ps_reader_rate(ra),
                  ps_reader_rate(rb));
        goto out;
    }
    if (args_span(&a, ra, &span_a) < 0 || args_span(&a, rb, &span_b) < 0)
        goto out;
    uint64_t longest = span_a.to - span_a.from > span_b.to - span_b.from
                           ? span_a.to - span_a.from
                           : span_b.to - span_b.from;
    /* lags beyond the signals' length do not exist; 2^24 bounds the result's memory */
    lag = longest - 1 < 1000 ? longest - 1 : 1000;
    if (maxlag && opt_samples("xcorr", "--max-lag", maxlag, ps_reader_rate(ra), 0,
                    longest - 1 < (1u << 24) ? longest - 1 : (1u << 24), &lag) < 0)
        goto out;
    int64_t n_a = (int64_t)(span_a.to - span_a.from), n_b = (int64_t)(span_b.to - span_b.from);
    int64_t lo = -(int64_t)lag < -(n_b - 1) ? -(n_b - 1) : -(int64_t)lag;
    int64_t hi = (int64_t)lag > n_a - 1 ? n_a - 1 : (int64_t)lag;
    z = malloc((size_t)(hi - lo + 1) * sizeof *z);
    if (!z) {
        cli_error("xcorr", "out of memory for %lld lags", (long long)(hi - lo + 1));
        rc = EXIT_FAIL;
        goto out;
    }
    ps_error err = {0};
    ps_status st = ps_run_xcorr(ra, ca, span_a, rb, cb, span_b, lo, hi, z, args_progress, &a, &err);
    args_progress_done(&a);
    if (st != PS_OK) {
        cli_error("xcorr", "%s", ps_error_text(&err));
        rc = cli_exit_code(st);
        goto out;
    }
    size_t best = 0;
    for (size_t i = 1; i < (size_t)(hi - lo + 1); i++)
        if (z[i] > z[best])
            best = i;
    int64_t best_lag = lo + (int64_t)best;
    printf("maximum at lag %lld samples (%.9g s): ", (long long)best_lag,
           (double)best_lag / ps_reader_rate(ra));
    args_print_double(stdout, z[best]);
    printf("\n");
    rc = EXIT_OK;
    if (csv) {
        ps_output *csv_out;
        FILE *f = args_csv_open(&a, csv, &csv_out);
        if (!f) {
            rc = EXIT_USAGE;
            goto out;
        }
        fprintf(f, "lag,correlation\n");
        for (int64_t k = lo; k <= hi; k++) {
            fprintf(f, "%lld,", (long long)k);
            args_print_double(f, z[k - lo]);
            fputc('\n', f);
        }
        st = args_csv_close(csv_out, ferror(f) ? ps_fail(&err, PS_ERR_IO, "cannot write %s", csv)
                                              : PS_OK, &err);
        if (st != PS_OK) {
            cli_error("xcorr", "%s", ps_error_text(&err));
            rc = cli_exit_code(st);
        }
    }
out:
    free(z);
    if (own_a)
        ps_reader_close(ra);
    if (own_b)
        ps_reader_close(rb);
    ps_reader_close(r);
    return rc;
}
