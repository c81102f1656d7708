/* scipy.signal.welch: segments of nperseg stepping by nperseg − noverlap (trailing partial
 * segment dropped), detrend, window, one-sided |FFT|² scaled to density or spectrum, mean or
 * median (with SciPy's bias correction). FFTW plans once at create. */
#include <errno.h>
#include <fftw3.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dsp_int.h"
#include "picostream/dsp.h"

struct ps_welch {
    ps_welch_config cfg;
    size_t step, n_freq;
    double *win, *seg, *acc, *row, *pend;
    size_t n_pend;
    fftw_complex *spec;
    fftw_plan plan;
    double scale;
    uint64_t k; /* segments */
    FILE *rows; /* median: one periodogram per segment */
};

void ps_welch_destroy(ps_welch *w)
{
    if (!w)
        return;
    if (w->plan)
        dsp_plan_destroy(w->plan);
    fftw_free(w->seg);
    fftw_free(w->spec);
    free(w->win);
    free(w->acc);
    free(w->row);
    free(w->pend);
    if (w->rows)
        fclose(w->rows);
    free(w);
}

ps_status ps_welch_create(ps_welch **out, const ps_welch_config *cfg, ps_error *err)
{
    *out = NULL;
    size_t n = cfg->nperseg;
    if (n < 1)
        return ps_fail(err, PS_ERR_ARG, "nperseg must be at least 1");
    size_t nov = cfg->noverlap_set ? cfg->noverlap : n / 2;
    if (nov >= n)
        return ps_fail(err, PS_ERR_ARG, "noverlap %zu must be less than nperseg %zu", nov, n);
    if (!(cfg->fs_hz > 0))
        return ps_fail(err, PS_ERR_ARG, "sample rate must be positive");
    ps_welch *w = calloc(1, sizeof *w);
    if (!w)
        return ps_fail(err, PS_ERR_NOMEM, "welch: out of memory");
    w->cfg = *cfg;
    w->cfg.noverlap = nov;
    w->step = n - nov;
    w->n_freq = n / 2 + 1;
    w->win = malloc(n * sizeof *w->win);
    w->seg = fftw_malloc(n * sizeof *w->seg);
    w->spec = fftw_malloc(w->n_freq * sizeof *w->spec);
    w->acc = calloc(w->n_freq, sizeof *w->acc);
    w->row = malloc(w->n_freq * sizeof *w->row);
    w->pend = malloc(n * sizeof *w->pend);
    if (!w->win || !w->seg || !w->spec || !w->acc || !w->row || !w->pend) {
        ps_welch_destroy(w);
        return ps_fail(err, PS_ERR_NOMEM, "welch: cannot allocate nperseg %zu", n);
    }
    ps_status st = ps_window(cfg->window ? cfg->window : "hann", n, w->win, err);
    if (st != PS_OK) {
        ps_welch_destroy(w);
        return st;
    }
    w->plan = dsp_plan_r2c((int)n, w->seg, w->spec);
    double s1 = 0, s2 = 0;
    for (size_t i = 0; i < n; i++) {
        s1 += w->win[i];
        s2 += w->win[i] * w->win[i];
    }
    w->scale = cfg->density ? 1.0 / (cfg->fs_hz * s2) : 1.0 / (s1 * s1);
    if (cfg->median) {
        char path[4096];
        snprintf(path, sizeof path, "%s/.picostream-welch-XXXXXX",
                 cfg->tmp_dir ? cfg->tmp_dir : "/tmp");
        int fd = mkstemp(path);
        if (fd < 0 || !(w->rows = fdopen(fd, "w+b"))) {
            st = ps_fail(err, PS_ERR_IO, "welch: temp file in %s: %s",
                         cfg->tmp_dir ? cfg->tmp_dir : "/tmp", strerror(errno));
            if (fd >= 0)
                close(fd);
            ps_welch_destroy(w);
            return st;
        }
        unlink(path); /* gone when closed, even after a crash */
    }
    *out = w;
    return PS_OK;
}

size_t ps_welch_n_freq(const ps_welch *w)
{
    return w->n_freq;
}

static ps_status segment(ps_welch *w, const double *x, ps_error *err)
{
    size_t n = w->cfg.nperseg;
    if (w->cfg.detrend == PS_DETREND_CONSTANT) {
        /* eight running sums: eight additions at once instead of one chain (and, like NumPy's
         * pairwise mean, less rounding than one long sum) */
        double acc[8] = {0};
        size_t i = 0;
        for (; i + 8 <= n; i += 8)
            for (int k = 0; k < 8; k++)
                acc[k] += x[i + k];
        double m = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
        for (; i < n; i++)
            m += x[i];
        m /= (double)n;
        for (size_t i = 0; i < n; i++)
            w->seg[i] = (x[i] - m) * w->win[i];
    } else if (w->cfg.detrend == PS_DETREND_LINEAR) { /* least-squares line over 0…n−1 */
        double st = 0, sx = 0, stt = 0, stx = 0;
        for (size_t i = 0; i < n; i++) {
            st += (double)i;
            sx += x[i];
            stt += (double)i * i;
            stx += (double)i * x[i];
        }
        double den = (double)n * stt - st * st;
        double b = den != 0 ? ((double)n * stx - st * sx) / den : 0, a = (sx - b * st) / n;
        for (size_t i = 0; i < n; i++)
            w->seg[i] = (x[i] - (a + b * (double)i)) * w->win[i];
    } else {
        for (size_t i = 0; i < n; i++)
            w->seg[i] = x[i] * w->win[i];
    }
    fftw_execute(w->plan);
    for (size_t f = 0; f < w->n_freq; f++) {
        double re = w->spec[f][0], im = w->spec[f][1];
        w->row[f] = (re * re + im * im) * w->scale;
    }
    if (w->rows) {
        if (fwrite(w->row, sizeof *w->row, w->n_freq, w->rows) != w->n_freq)
            return ps_fail(err, PS_ERR_IO, "welch: temp file: %s", strerror(errno));
    } else {
        for (size_t f = 0; f < w->n_freq; f++)
            w->acc[f] += w->row[f];
    }
    w->k++;
    return PS_OK;
}

ps_status ps_welch_feed(ps_welch *w, const double *x, size_t n, ps_error *err)
{
    size_t len = w->cfg.nperseg;
    while (n > 0) {
        size_t take = len - w->n_pend < n ? len - w->n_pend : n;
        memcpy(w->pend + w->n_pend, x, take * sizeof *x);
        w->n_pend += take;
        x += take;
        n -= take;
        if (w->n_pend == len) {
            ps_status st = segment(w, w->pend, err);
            if (st != PS_OK)
                return st;
            memmove(w->pend, w->pend + w->step, (len - w->step) * sizeof *w->pend);
            w->n_pend = len - w->step;
        }
    }
    return PS_OK;
}

void ps_welch_restart(ps_welch *w)
{
    w->n_pend = 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of each bin over the segments, reading the rows file a band of bins at a time. */
static ps_status median(ps_welch *w, double *psd, ps_error *err)
{
    size_t band = (size_t)(4u << 20) / (w->k * sizeof(double));
    if (band == 0)
        band = 1;
    double *col = malloc(w->k * (band < w->n_freq ? band : w->n_freq) * sizeof *col);
    if (!col)
        return ps_fail(err, PS_ERR_NOMEM, "welch: median of %llu segments",
                       (unsigned long long)w->k);
    for (size_t f0 = 0; f0 < w->n_freq; f0 += band) {
        size_t nb = w->n_freq - f0 < band ? w->n_freq - f0 : band;
        for (uint64_t s = 0; s < w->k; s++) {
            if (fseeko(w->rows, (off_t)((s * w->n_freq + f0) * sizeof(double)), SEEK_SET) != 0 ||
                fread(w->row, sizeof(double), nb, w->rows) != nb) {
                free(col);
                return ps_fail(err, PS_ERR_IO, "welch: temp file read failed");
            }
            for (size_t j = 0; j < nb; j++)
                col[j * w->k + s] = w->row[j];
        }
        for (size_t j = 0; j < nb; j++) {
            double *c = col + j * w->k;
            qsort(c, w->k, sizeof *c, cmp_double);
            psd[f0 + j] = w->k % 2 ? c[w->k / 2] : 0.5 * (c[w->k / 2 - 1] + c[w->k / 2]);
        }
    }
    free(col);
    double bias = 1; /* scipy.signal._spectral_py._median_bias */
    for (uint64_t i = 1; i <= (w->k - 1) / 2; i++)
        bias += 1.0 / (2.0 * i + 1) - 1.0 / (2.0 * i);
    for (size_t f = 0; f < w->n_freq; f++)
        psd[f] /= bias;
    return PS_OK;
}

uint64_t ps_welch_sums(const ps_welch *w, double *acc)
{
    memcpy(acc, w->acc, w->n_freq * sizeof *acc);
    return w->k;
}

/* The one-sided doubling (not the Nyquist bin of an even nperseg) and the frequencies. */
static void one_sided(const ps_welch_config *cfg, size_t n_freq, double *freq, double *psd)
{
    size_t n = cfg->nperseg;
    size_t last = n % 2 ? n_freq : n_freq - 1;
    for (size_t f = 1; f < last; f++)
        psd[f] *= 2;
    if (freq)
        for (size_t f = 0; f < n_freq; f++)
            freq[f] = (double)f * cfg->fs_hz / (double)n;
}

ps_status ps_welch_from_sums(const ps_welch_config *cfg, const double *acc, uint64_t k,
                             double *freq, double *psd, ps_error *err)
{
    if (k == 0)
        return ps_fail(err, PS_ERR_ARG, "no complete segment of nperseg %zu samples",
                       cfg->nperseg);
    size_t n_freq = cfg->nperseg / 2 + 1;
    for (size_t f = 0; f < n_freq; f++)
        psd[f] = acc[f] / (double)k;
    one_sided(cfg, n_freq, freq, psd);
    return PS_OK;
}

ps_status ps_welch_result(ps_welch *w, double *freq, double *psd, ps_error *err)
{
    if (w->k == 0)
        return ps_fail(err, PS_ERR_ARG, "no complete segment of nperseg %zu samples",
                       w->cfg.nperseg);
    if (w->rows) {
        fflush(w->rows);
        ps_status st = median(w, psd, err);
        if (st != PS_OK)
            return st;
    } else {
        for (size_t f = 0; f < w->n_freq; f++)
            psd[f] = w->acc[f] / (double)w->k;
    }
    one_sided(&w->cfg, w->n_freq, freq, psd);
    return PS_OK;
}
