/* picostream psd: Welch power spectral density per channel, as scipy.signal.welch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_args.h"
#include "cli.h"
#include "csv_rows.h"
#include "options.h"
#include "picostream/plot.h"

int cmd_psd(int argc, char **argv)
{
    ps_welch_config cfg = {.window = "hann", .nperseg = 256, .density = true};
    const char *nperseg = NULL, *noverlap = NULL, *csv = NULL, *plot = NULL, *partial = NULL;
    int detrend = 0, scaling = 0, average = 0;
    const struct cli_opt opts[] = {
        {"nperseg", 0, OPT_TEXT, &nperseg, 0, 0, "256", "segment length (samples or a time)"},
        {"noverlap", 0, OPT_TEXT, &noverlap, 0, 0, "N", "overlap (nperseg/2)"},
        {"window", 0, OPT_TEXT, &cfg.window, 0, 0, "hann",
         "hann, hamming, blackman, flattop, boxcar, bartlett"},
        {"detrend", 0, OPT_CHOICE, &detrend, 0, 0, "constant|linear|none|false", "per segment"},
        {"scaling", 0, OPT_CHOICE, &scaling, 0, 0, "density|spectrum", "V²/Hz or V²"},
        {"average", 0, OPT_CHOICE, &average, 0, 0, "mean|median", "over the segments"},
        {"csv", 0, OPT_TEXT, &csv, 0, 0, "OUT", "write the CSV here (stdout without)"},
        {"plot", 0, OPT_TEXT, &plot, 0, 0, "FILE.png", "draw the PSDs"},
        {"partial", 0, OPT_TEXT, &partial, 0, 0, "OUT",
         "write the partial result of the piece --from/--to here\n(JSON: its segments' sums, "
         "on the whole recording's grid)\ninstead of the CSV; picostream merge combines them"},
    };
    const struct cli_cmd cmd = {
        "psd", "NAME", 1,
        "scipy.signal.welch with its defaults (one-sided; noverlap = nperseg/2), out of core;\n"
        "segments never straddle a gap. CSV: frequency_hz then one column per channel.",
        "picostream psd run1 -c A --nperseg 4096 --csv psd.csv",
        CLI_SELECT | CLI_QUIET | CLI_OVERWRITE, opts, sizeof opts / sizeof *opts};
    struct common_args a = {0};
    int first, p = cli_parse(&cmd, &a, argc, argv, &first);
    if (p != 0)
        return p > 0 ? EXIT_OK : EXIT_USAGE;
    static const ps_detrend detrends[] = {PS_DETREND_CONSTANT, PS_DETREND_LINEAR,
                                          PS_DETREND_NONE, PS_DETREND_NONE};
    cfg.detrend = detrends[detrend];
    cfg.density = scaling == 0;
    cfg.median = average == 1;
    ps_reader *r = args_open(&a, argv[first]);
    if (!r)
        return EXIT_FAIL;
    int ch[16];
    size_t n_ch = 0;
    ps_span span;
    uint64_t v;
    int rc = EXIT_USAGE;
    double *freq = NULL, *psd[16] = {0};
    FILE *f = stdout;
    if (args_resolve_channels(&a, r, ch, &n_ch) < 0 || args_span(&a, r, &span) < 0)
        goto out;
    if (nperseg) {
        if (opt_samples("psd", "--nperseg", nperseg, ps_reader_rate(r), 1, 1u << 24, &v) < 0)
            goto out;
        cfg.nperseg = (size_t)v; /* longer than the selection: the library refuses it */
    } else if (cfg.nperseg > (partial ? ps_reader_frames(r) : span.to - span.from)) {
        /* as welch: shortened to the input (a piece's: to the whole recording it is of) */
        cfg.nperseg = (size_t)(partial ? ps_reader_frames(r) : span.to - span.from);
    }
    if (noverlap) {
        if (opt_samples("psd", "--noverlap", noverlap, ps_reader_rate(r), 0, cfg.nperseg - 1,
                        &v) < 0)
            goto out;
        cfg.noverlap = (size_t)v;
        cfg.noverlap_set = true;
    }
    cfg.fs_hz = ps_reader_rate(r);
    const char *tmp = getenv("TMPDIR"); /* the user's choice, as other tools honour it */
    cfg.tmp_dir = tmp && *tmp ? tmp : "/tmp";
    if (partial && (csv || plot)) {
        cli_error("psd", "--partial writes the piece's partial result: not with --csv or --plot");
        goto out;
    }
    if (partial) {
        ps_partial_params pp = {.welch = &cfg};
        rc = args_partial(&a, partial, r, PS_PARTIAL_PSD, ch, n_ch, span, &pp);
        goto out;
    }
    size_t nf = cfg.nperseg / 2 + 1;
    ps_error err = {0};
    ps_status st;
    freq = malloc(nf * sizeof *freq);
    bool nomem = !freq;
    for (size_t k = 0; k < n_ch; k++)
        nomem |= !(psd[k] = malloc(nf * sizeof *psd[k]));
    if (nomem) {
        cli_error("psd", "out of memory for %zu frequencies", nf);
        rc = EXIT_FAIL;
        goto out;
    }
    st = ps_run_psd(r, ch, n_ch, span, &cfg, freq, psd, &nf, args_progress, &a, &err);
    args_progress_done(&a);
    if (st != PS_OK) {
        cli_error("psd", "%s", ps_error_text(&err));
        rc = cli_exit_code(st);
        goto out;
    }
    if (plot) {
        const char *names[16];
        for (size_t k = 0; k < n_ch; k++)
            names[k] = ps_reader_meta(r)->channel[ch[k]].name;
        st = ps_plot_psd(freq, (const double *const *)psd, names, n_ch, nf, 1200, 700,
                         cfg.density ? "(V²/Hz)" : "(V²)", plot, &a.rules, &err);
        if (st != PS_OK) {
            cli_error("psd", "%s", ps_error_text(&err));
            rc = cli_exit_code(st);
            goto out;
        }
        if (!csv) {
            rc = EXIT_OK;
            goto out;
        }
    }
    ps_output *csv_out;
    if (!(f = args_csv_open(&a, csv, &csv_out, &rc))) {
        goto out;
    }
    csv_psd(f, r, ch, n_ch, freq, (const double *const *)psd, nf);
    st = args_csv_close(csv_out, ferror(f) ? ps_fail(&err, PS_ERR_IO, "cannot write %s", csv)
                                          : PS_OK, &err);
    rc = cli_exit_code(st);
    if (st != PS_OK)
        cli_error("psd", "%s", ps_error_text(&err));
out:
    free(freq);
    for (size_t k = 0; k < 16; k++)
        free(psd[k]);
    ps_reader_close(r);
    return rc;
}
