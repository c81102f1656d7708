/* picostream merge: partial results of pieces of a recording, combined into what the
 * whole-recording command prints. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis_args.h"
#include "cli.h"
#include "csv_rows.h"
#include "options.h"

/* The whole file into a malloc'd string of its own size, or NULL (message printed). */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    struct stat sb;
    if (!f || fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        cli_error("merge", "%s: cannot open a file there", path);
        if (f)
            fclose(f);
        return NULL;
    }
    size_t size = (size_t)sb.st_size;
    char *buf = malloc(size + 1);
    size_t n = buf ? fread(buf, 1, size, f) : 0;
    bool bad = !buf || ferror(f) || n != size;
    fclose(f);
    if (bad) {
        cli_error("merge", "%s: %s", path, !buf ? "out of memory" : "cannot read");
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    return buf;
}

int cmd_merge(int argc, char **argv)
{
    const char *out_path = NULL;
    const struct cli_opt opts[] = {
        {"output", 'o', OPT_TEXT, &out_path, 0, 0, "OUT",
         "write the CSV here (stdout without); for filter pieces,\nthe recording they make"},
    };
    const struct cli_cmd cmd = {
        "merge", "PARTIAL…", CLI_ARGS_SOME,
        "Combines the partial results that stats, psd, xcorr, events or peaks --partial wrote for\n"
        "pieces of one recording (picostream plan lists pieces) into the CSV the command prints\n"
        "for the whole recording (xcorr: its maximum line on stderr), in any order; every\n"
        "sample must be in exactly one piece. filter, resample and envelope pieces concatenate\n"
        "into the recording -o NAME; overview pieces into the recording's own overview.",
        "picostream merge parts/*.json -o psd.csv", CLI_OVERWRITE, opts,
        sizeof opts / sizeof *opts};
    struct common_args a = {0};
    int first, p = cli_parse(&cmd, &a, argc, argv, &first);
    if (p != 0)
        return p > 0 ? EXIT_OK : EXIT_USAGE;
    size_t n = (size_t)(argc - first);
    char **text = calloc(n, sizeof *text);
    int rc = text ? EXIT_OK : EXIT_FAIL;
    ps_error err = {0};
    struct stat out_sb;
    bool out_exists = out_path && stat(out_path, &out_sb) == 0;
    for (size_t i = 0; i < n && rc == EXIT_OK; i++) {
        struct stat sb; /* any number of partials: checked here, not in the rules' short list */
        if (out_exists && stat(argv[first + (int)i], &sb) == 0 && sb.st_dev == out_sb.st_dev &&
            sb.st_ino == out_sb.st_ino) {
            cli_error("merge", "%s is the partial %s: refused", out_path, argv[first + (int)i]);
            rc = EXIT_USAGE;
        } else if (!(text[i] = slurp(argv[first + (int)i]))) {
            rc = EXIT_FAIL;
        }
    }
    ps_merged m = {0};
    ps_status st = PS_OK;
    ps_partial_kind kind = PS_PARTIAL_STATS;
    if (rc == EXIT_OK && ps_partial_kind_of(text[0], &kind, NULL) == PS_OK &&
        kind >= PS_PARTIAL_FILTER) { /* the pieces of a recording */
        if (kind == PS_PARTIAL_OVERVIEW) {
            if ((st = ps_partial_concat((const char *const *)text, n, out_path, &a.rules,
                                        &err)) != PS_OK) {
                cli_error("merge", "%s", ps_error_text(&err));
                rc = cli_exit_code(st);
            }
        } else if (!out_path && kind == PS_PARTIAL_REPORT) {
            cli_error("merge", "report pieces make a page: give -o REPORT.html");
            rc = EXIT_USAGE;
        } else if (!out_path) {
            cli_error("merge", "filter, resample and envelope pieces concatenate into a "
                      "recording: give -o NAME");
            rc = EXIT_USAGE;
        } else if ((st = ps_partial_concat((const char *const *)text, n, out_path, &a.rules,
                                           &err)) != PS_OK) {
            cli_error("merge", "%s", ps_error_text(&err));
            rc = cli_exit_code(st);
        }
        for (size_t i = 0; i < n; i++)
            free(text[i]);
        free(text);
        return rc;
    }
    if (rc == EXIT_OK && (st = ps_partial_merge((const char *const *)text, n, &m, &err)) != PS_OK) {
        cli_error("merge", "%s", ps_error_text(&err));
        rc = cli_exit_code(st);
    }
    ps_reader *r = rc == EXIT_OK ? args_open(&a, m.recording) : NULL;
    if (rc == EXIT_OK && !r)
        rc = EXIT_FAIL;
    ps_output *o = NULL;
    FILE *f = r ? args_csv_open(&a, out_path, &o, &rc) : NULL;
    if (f) {
        if (m.kind == PS_PARTIAL_STATS) {
            csv_stats_header(f);
            for (size_t c = 0; c < m.n_channels; c++)
                csv_stats_row(f, r, (unsigned)m.channels[c], m.whole.from, m.gaps, m.lost,
                              &m.stats[c]);
        } else if (m.kind == PS_PARTIAL_EVENTS) {
            csv_events_header(f);
            for (size_t i = 0; i < m.n_events; i++)
                csv_event_row(f, r, &m.events_cfg, &m.events[i]);
        } else if (m.kind == PS_PARTIAL_PEAKS) {
            csv_peaks_header(f, &m.peaks_cfg);
            for (size_t i = 0; i < m.n_peaks; i++)
                csv_peak_row(f, r, &m.peaks_cfg, &m.peaks[i]);
        } else if (m.kind == PS_PARTIAL_XCORR) {
            xcorr_print_max(stderr, ps_reader_rate(r), m.lag_lo, m.lag_hi, m.corr);
            csv_xcorr(f, m.lag_lo, m.lag_hi, m.corr);
        } else {
            const double *rows[PS_SIGMF_MAX_CHANNELS];
            for (size_t c = 0; c < m.n_channels; c++)
                rows[c] = m.psd + c * m.n_freq;
            csv_psd(f, r, m.channels, m.n_channels, m.freq, rows, m.n_freq);
        }
        st = args_csv_close(o, ferror(f) ? ps_fail(&err, PS_ERR_IO, "cannot write %s",
                                                   out_path ? out_path : "the output")
                                         : PS_OK, &err);
        if (st != PS_OK) {
            cli_error("merge", "%s", ps_error_text(&err));
            rc = cli_exit_code(st);
        }
    }
    ps_merged_clear(&m);
    ps_reader_close(r);
    for (size_t i = 0; text && i < n; i++)
        free(text[i]);
    free(text);
    return rc;
}
