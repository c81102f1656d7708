/* picostream psd: Welch power spectral density per channel, as scipy.signal.welch. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_args.h"
#include "cli.h"
#include "picostream/plot.h"

int cmd_psd(int argc, char **argv)
{
    enum {
        O_FROM = 256,
        O_TO,
        O_NPERSEG,
        O_NOVERLAP,
        O_WINDOW,
        O_DETREND,
        O_SCALING,
        O_AVERAGE,
        O_CSV,
        O_QUIET,
        O_PLOT,
        O_OVERWRITE
    };
    static const struct option opts[] = {{"channel", required_argument, 0, 'c'},
                                         {"from", required_argument, 0, O_FROM},
                                         {"to", required_argument, 0, O_TO},
                                         {"nperseg", required_argument, 0, O_NPERSEG},
                                         {"noverlap", required_argument, 0, O_NOVERLAP},
                                         {"window", required_argument, 0, O_WINDOW},
                                         {"detrend", required_argument, 0, O_DETREND},
                                         {"scaling", required_argument, 0, O_SCALING},
                                         {"average", required_argument, 0, O_AVERAGE},
                                         {"csv", required_argument, 0, O_CSV},
                                         {"quiet", no_argument, 0, O_QUIET},
                                         {"plot", required_argument, 0, O_PLOT},
                                         {"overwrite", no_argument, 0, O_OVERWRITE},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    struct common_args a = {.cmd = "psd"};
    ps_welch_config cfg = {.window = "hann", .nperseg = 256, .density = true};
    const char *nperseg = NULL, *noverlap = NULL, *csv = NULL, *plot = NULL;
    int o;
    optind = 1;
    while ((o = cli_getopt("psd", argc, argv, "c:h", opts)) != -1) {
        switch (o) {
        case 'c':
            if (args_add_channels(&a, optarg) < 0)
                return EXIT_USAGE;
            break;
        case O_FROM: a.from = optarg; break;
        case O_TO: a.to = optarg; break;
        case O_NPERSEG: nperseg = optarg; break;
        case O_NOVERLAP: noverlap = optarg; break;
        case O_WINDOW: cfg.window = optarg; break;
        case O_DETREND:
            if (strcmp(optarg, "constant") == 0)
                cfg.detrend = PS_DETREND_CONSTANT;
            else if (strcmp(optarg, "linear") == 0)
                cfg.detrend = PS_DETREND_LINEAR;
            else if (strcmp(optarg, "none") == 0 || strcmp(optarg, "false") == 0)
                cfg.detrend = PS_DETREND_NONE;
            else {
                cli_error("psd", "--detrend '%s' (constant, linear, none)", optarg);
                return EXIT_USAGE;
            }
            break;
        case O_SCALING:
            if (strcmp(optarg, "density") && strcmp(optarg, "spectrum")) {
                cli_error("psd", "--scaling '%s' (density, spectrum)", optarg);
                return EXIT_USAGE;
            }
            cfg.density = strcmp(optarg, "density") == 0;
            break;
        case O_AVERAGE:
            if (strcmp(optarg, "mean") && strcmp(optarg, "median")) {
                cli_error("psd", "--average '%s' (mean, median)", optarg);
                return EXIT_USAGE;
            }
            cfg.median = strcmp(optarg, "median") == 0;
            break;
        case O_CSV: csv = optarg; break;
        case O_PLOT: plot = optarg; break;
        case O_QUIET: a.quiet = true; break;
        case O_OVERWRITE: a.rules.overwrite = true; break;
        case 'h':
            printf("usage: picostream psd NAME [-c A,B] [--nperseg 256] [--noverlap N] [--window "
                   "hann]\n       [--detrend constant|linear|none] [--scaling density|spectrum] "
                   "[--average mean|median]\n       [--from T] [--to T] [--csv OUT] [--plot "
                   "FILE.png] [--overwrite]\n\n"
                   "scipy.signal.welch with its defaults (one-sided; noverlap = nperseg/2), out of "
                   "core.\nCSV: frequency_hz then one column per channel (stdout without --csv).\n"
                   "Windows: hann, hamming, blackman, flattop, boxcar, bartlett.\n"
                   "example: picostream psd run1 -c A --nperseg 4096 --csv psd.csv\n");
            return EXIT_OK;
        default: return EXIT_USAGE;
        }
    }
    if (optind + 1 != argc) {
        cli_error("psd", "expected one recording NAME (picostream psd --help)");
        return EXIT_USAGE;
    }
    ps_reader *r = args_open(&a, argv[optind]);
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
    } else if (cfg.nperseg > span.to - span.from) {
        cfg.nperseg = (size_t)(span.to - span.from); /* as welch: shortened to the input */
    }
    if (noverlap) {
        if (opt_samples("psd", "--noverlap", noverlap, ps_reader_rate(r), 0, cfg.nperseg - 1,
                        &v) < 0)
            goto out;
        cfg.noverlap = (size_t)v;
        cfg.noverlap_set = true;
    }
    cfg.fs_hz = ps_reader_rate(r);
    cfg.tmp_dir = "/tmp";
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
    if (!(f = args_csv_open(&a, csv, &csv_out))) {
        rc = EXIT_USAGE;
        goto out;
    }
    fprintf(f, "frequency_hz");
    for (size_t k = 0; k < n_ch; k++)
        fprintf(f, ",%s", ps_reader_meta(r)->channel[ch[k]].name);
    fputc('\n', f);
    for (size_t i = 0; i < nf; i++) {
        args_print_double(f, freq[i]);
        for (size_t k = 0; k < n_ch; k++) {
            fputc(',', f);
            args_print_double(f, psd[k][i]);
        }
        fputc('\n', f);
    }
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
