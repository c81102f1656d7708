/* picostream xcorr: cross-correlation at bounded lags, as scipy.signal.correlate(a, b). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_args.h"
#include "capture_set.h"
#include "cli.h"
#include "csv_rows.h"
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

/* xcorr across a recording set's devices: --a DEV:CH --b DEV:CH, b on a's time line. */
static int set_xcorr(const char *set, const char *sa, const char *sb, const char *maxlag)
{
    ps_collection col;
    ps_error err = {0};
    if (ps_collection_read(set, &col, &err) != PS_OK) {
        cli_error("xcorr", "%s", ps_error_text(&err));
        return EXIT_FAIL;
    }
    unsigned dev[2];
    char ch[2][16], on[64];
    snprintf(on, sizeof on, "%s,%s", sa, sb);
    if (cli_align_parse("xcorr", on, col.n, dev, ch) != 0)
        return EXIT_USAGE;
    char path[4600];
    ps_reader *r = NULL;
    if (ps_collection_member(set, &col, dev[0] - 1, path, sizeof path, &err) != PS_OK ||
        ps_reader_open(&r, path, &err) != PS_OK) {
        cli_error("xcorr", "%s", ps_error_text(&err));
        return EXIT_FAIL;
    }
    double rate = ps_reader_rate(r);
    uint64_t frames = ps_reader_frames(r);
    ps_reader_close(r);
    if (frames < 2) {
        cli_error("xcorr", "%s holds %llu samples: nothing to correlate", path,
                  (unsigned long long)frames);
        return EXIT_FAIL;
    }
    uint64_t lag = frames - 1 < 1000 ? frames - 1 : 1000;
    if (maxlag && opt_samples("xcorr", "--max-lag", maxlag, rate, 0,
                              frames - 1 < (1u << 24) ? frames - 1 : 1u << 24, &lag) < 0)
        return EXIT_USAGE;
    double *z = malloc((2 * lag + 1) * sizeof *z);
    if (!z) {
        cli_error("xcorr", "out of memory for %llu lags", (unsigned long long)(2 * lag + 1));
        return EXIT_FAIL;
    }
    ps_status st = ps_collection_xcorr(set, &col, dev[0] - 1, ch[0], dev[1] - 1, ch[1],
                                       -(int64_t)lag, (int64_t)lag, z, &err);
    if (st != PS_OK) {
        free(z);
        cli_error("xcorr", "%s", ps_error_text(&err));
        return cli_exit_code(st);
    }
    const ps_set_member *ma = &col.m[dev[0] - 1], *mb = &col.m[dev[1] - 1];
    printf("device %u on device %u's time line: offset %.9g s, drift %.6g ppm (%s)\n", dev[1],
           dev[0], mb->offset_s - ma->offset_s, mb->drift_ppm - ma->drift_ppm,
           mb->measured ? "measured from the reference" : "the host's clock, not measured");
    xcorr_print_max(stdout, rate, -(int64_t)lag, (int64_t)lag, z);
    free(z);
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
}

int cmd_xcorr(int argc, char **argv)
{
    const char *sa = NULL, *sb = NULL, *maxlag = NULL, *csv = NULL, *partial = NULL;
    const struct cli_opt opts[] = {
        {"a", 0, OPT_TEXT, &sa, 0, 0, "CH", "the first channel"},
        {"b", 0, OPT_TEXT, &sb, 0, 0, "[RECORDING:]CH", "the second, of this or another recording;\n"
         "of a recording set (NAME.sigmf-collection) DEV:CH for\nboth, b placed on a's time line "
         "by the set's offset and\ndrift"},
        {"max-lag", 0, OPT_TEXT, &maxlag, 0, 0, "10ms|N", "largest |lag| (1000 samples)"},
        {"csv", 0, OPT_TEXT, &csv, 0, 0, "OUT", "write lag,correlation here"},
        {"partial", 0, OPT_TEXT, &partial, 0, 0, "OUT",
         "write the partial result of the piece --from/--to here\n(JSON: the sums of a's "
         "samples in it, both channels of\nNAME) instead; picostream merge combines them"},
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
    if (ps_collection_exists(argv[first])) { /* a recording set: channels DEV:CH */
        if (csv || partial || a.from || a.to) {
            cli_error("xcorr", "a recording set: --a DEV:CH --b DEV:CH and --max-lag only");
            return EXIT_USAGE;
        }
        return set_xcorr(argv[first], sa, sb, maxlag);
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
    if (partial) { /* lags as over the whole recording; its pieces' terms add up to it */
        if (own_a || own_b || csv) {
            cli_error("xcorr", "--partial: both channels of NAME, and no --csv");
            goto out;
        }
        uint64_t frames = ps_reader_frames(r), lim = frames - 1 < (1u << 24) ? frames - 1 : 1u << 24;
        lag = frames - 1 < 1000 ? frames - 1 : 1000;
        if (maxlag && opt_samples("xcorr", "--max-lag", maxlag, ps_reader_rate(r), 0, lim, &lag) < 0)
            goto out;
        ps_partial_params pp = {.max_lag = lag};
        int both[2] = {ca, cb};
        rc = args_partial(&a, partial, r, PS_PARTIAL_XCORR, both, 2, span_a, &pp);
        goto out;
    }
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
    xcorr_print_max(stdout, ps_reader_rate(ra), lo, hi, z);
    rc = EXIT_OK;
    if (csv) {
        ps_output *csv_out;
        FILE *f = args_csv_open(&a, csv, &csv_out, &rc);
        if (!f) {
            goto out;
        }
        csv_xcorr(f, lo, hi, z);
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
