/* Measuring two devices' offset and clock drift from a reference signal both recorded: the
 * bounded-lag cross-correlation's peak in windows along the run (each read on its own, out of
 * core), refined between samples, then a straight line through the windows' matches. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "picostream/analysis.h"
#include "picostream/collection.h"
#include "picostream/dsp.h"
#include "picostream/reader.h"

#define WINDOWS 16
#define WINDOW_MAX 65536

/* z(τ) = Σ a[l]·bext[l + L − τ] for τ in [−L, L] (bext holds b from L before a's window):
 * the dsp block's lags −2L … 0 over bext, into z[τ + L]. */
static ps_status correlate(const double *a, size_t w, const double *bext, int64_t lag,
                           double *z, ps_error *err)
{
    ps_xcorr *x;
    ps_status st = ps_xcorr_create(&x, w, w + 2 * (uint64_t)lag, -2 * lag, 0, err);
    if (st != PS_OK)
        return st;
    size_t block = ps_xcorr_block(x);
    for (size_t s = 0; s < w; s += block) {
        size_t n = w - s < block ? w - s : block;
        ps_xcorr_feed(x, a + s, n, bext + s);
    }
    ps_xcorr_result(x, z);
    ps_xcorr_destroy(x);
    return PS_OK;
}

struct match {
    double ia, ib; /* device indices of the same instant in a and in b */
};

/* The best lag of one window: its device index in b for a's window start, between samples. */
static ps_status window_match(ps_reader *ra, int cha, ps_reader *rb, int chb, uint64_t at_a,
                              size_t w, double off_est_samples, int64_t lag, double *a,
                              double *bext, double *z, bool *found, struct match *m,
                              ps_error *err)
{
    *found = false;
    ps_span sa = ps_reader_stretch(ra, at_a);
    if (sa.to < at_a + w)
        return PS_OK; /* a gap inside a's window */
    double ga = (double)ps_reader_global_index(ra, at_a);
    double gb = ga - off_est_samples; /* where the same instant should be in b */
    if (gb < (double)lag)
        return PS_OK;
    uint64_t gb0 = (uint64_t)llround(gb) - (uint64_t)lag;
    uint64_t ib = ps_reader_index_at(rb, gb0);
    if (ib >= ps_reader_frames(rb) || ps_reader_global_index(rb, ib) != gb0)
        return PS_OK; /* b has a gap there */
    size_t nb = w + 2 * (size_t)lag;
    ps_span sb = ps_reader_stretch(rb, ib);
    if (sb.to < ib + nb)
        return PS_OK;
    ps_status st = ps_reader_read(ra, at_a, w, (unsigned)cha, a, err);
    if (st == PS_OK)
        st = ps_reader_read(rb, ib, nb, (unsigned)chb, bext, err);
    if (st == PS_OK)
        st = correlate(a, w, bext, lag, z, err);
    if (st != PS_OK)
        return st;
    size_t best = 0, nz = 2 * (size_t)lag + 1;
    for (size_t i = 1; i < nz; i++)
        if (z[i] > z[best])
            best = i;
    if (best == 0 || best + 1 == nz || !(z[best] > 0))
        return PS_OK; /* at the edge of the search, or nothing alike: no measurement */
    double y0 = z[best - 1], y1 = z[best], y2 = z[best + 1], den = y0 - 2 * y1 + y2;
    double frac = den < 0 ? 0.5 * (y0 - y2) / den : 0.0; /* the parabola's vertex */
    double tau = (double)best - (double)lag + frac;
    /* a[l] ≈ b[l − τ]: a's window start is b's device sample gb0 + L − τ */
    m->ia = ga;
    m->ib = (double)gb0 + (double)lag - tau;
    *found = true;
    return PS_OK;
}

/* Members a and b's recordings opened, their channels found, one rate checked; the readers
 * are the caller's to close (NULL on failure). what: the command, for messages. */
static ps_status open_pair(const char *what, const char *set, const ps_collection *c, unsigned a,
                           const char *channel_a, unsigned b, const char *channel_b,
                           ps_reader **ra, ps_reader **rb, int *cha, int *chb, ps_error *err)
{
    char pa[4600], pb[4600];
    *ra = *rb = NULL;
    ps_status st = ps_collection_member(set, c, a, pa, sizeof pa, err);
    if (st == PS_OK)
        st = ps_collection_member(set, c, b, pb, sizeof pb, err);
    if (st == PS_OK && (st = ps_reader_open(ra, pa, err)) == PS_OK)
        st = ps_reader_open(rb, pb, err);
    if (st != PS_OK)
        goto fail;
    *cha = ps_reader_channel(*ra, channel_a);
    *chb = ps_reader_channel(*rb, channel_b);
    double rate = ps_reader_rate(*ra);
    if (*cha < 0 || *chb < 0)
        st = ps_fail(err, PS_ERR_ARG, "%s: no channel %s in %s", what,
                     *cha < 0 ? channel_a : channel_b, *cha < 0 ? pa : pb);
    else if (fabs(ps_reader_rate(*rb) - rate) > 1e-9 * rate)
        st = ps_fail(err, PS_ERR_ARG, "%s: %s runs at %g S/s and %s at %g S/s: the two must be "
                     "recorded at one rate", what, pa, rate, pb, ps_reader_rate(*rb));
    if (st == PS_OK)
        return PS_OK;
fail:
    ps_reader_close(*ra);
    ps_reader_close(*rb);
    *ra = *rb = NULL;
    return st;
}

ps_status ps_collection_align(const char *set, ps_collection *c, unsigned a, const char *channel_a,
                              unsigned b, const char *channel_b, double max_lag_s, ps_error *err)
{
    if (a >= c->n || b >= c->n || a == b)
        return ps_fail(err, PS_ERR_ARG, "align: devices %u and %u of a set of %u", a + 1, b + 1,
                       c->n);
    ps_reader *ra, *rb;
    int cha, chb;
    double *buf = NULL;
    struct match m[WINDOWS];
    int n_m = 0;
    ps_status st = open_pair("align", set, c, a, channel_a, b, channel_b, &ra, &rb, &cha, &chb,
                             err);
    if (st != PS_OK)
        return st;
    double rate = ps_reader_rate(ra);
    if (!(max_lag_s > 0) || max_lag_s * rate > 1e6) {
        st = ps_fail(err, PS_ERR_ARG, "align: lag search of %g s (more than 0, at most 1e6 "
                     "samples)", max_lag_s);
        goto out;
    }
    int64_t lag = (int64_t)ceil(max_lag_s * rate) + 1;
    uint64_t frames = ps_reader_frames(ra);
    /* WINDOWS windows along the run; each is matched against b over the whole lag range (its
     * b segment is the window plus the lag on either side), so a wide search costs only FFT
     * length, and windows whose b segment falls outside b are skipped */
    size_t w = frames / WINDOWS < WINDOW_MAX ? (size_t)(frames / WINDOWS) : WINDOW_MAX;
    int windows = WINDOWS;
    if (w < 64 || frames < w + 2 * (uint64_t)lag) {
        st = ps_fail(err, PS_ERR_ARG, "align: %llu samples are too few to measure a lag of up "
                     "to %g s", (unsigned long long)frames, max_lag_s);
        goto out;
    }
    size_t nb = w + 2 * (size_t)lag, nz = 2 * (size_t)lag + 1;
    buf = malloc((w + nb + nz) * sizeof *buf);
    if (!buf) {
        st = ps_fail(err, PS_ERR_NOMEM, "align: out of memory");
        goto out;
    }
    /* the host's estimate of b's start against a's, in samples: where the search centres */
    double off_est = (c->m[b].start_unix - c->m[a].start_unix) * rate;
    for (int k = 0; k < windows && st == PS_OK; k++) {
        uint64_t at = (frames - w) * (uint64_t)k / (uint64_t)(windows - 1);
        bool found;
        st = window_match(ra, cha, rb, chb, at, w, off_est, lag, buf, buf + w, buf + w + nb,
                          &found, &m[n_m], err);
        n_m += found;
    }
    if (st != PS_OK)
        goto out;
    if (n_m < 2) {
        st = ps_fail(err, PS_ERR_ARG, "align: the reference channels %s and %s never line up "
                     "within ±%g s (%d of %d windows matched)", channel_a, channel_b, max_lag_s,
                     n_m, windows);
        goto out;
    }
    /* ib = α + β·ia by least squares; b's interval is 1/β of a's, its sample 0 at −α/β */
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int i = 0; i < n_m; i++) {
        sx += m[i].ia;
        sy += m[i].ib;
    }
    double mx = sx / n_m, my = sy / n_m;
    for (int i = 0; i < n_m; i++) {
        sxx += (m[i].ia - mx) * (m[i].ia - mx);
        sxy += (m[i].ia - mx) * (m[i].ib - my);
    }
    double beta = sxx > 0 ? sxy / sxx : 1.0, alpha = my - beta * mx, ss = 0;
    for (int i = 0; i < n_m; i++) {
        double r = m[i].ib - (alpha + beta * m[i].ia);
        ss += r * r;
    }
    double s2 = n_m > 2 ? ss / (n_m - 2) : 0, dt = 1.0 / rate;
    double se_beta = sxx > 0 ? sqrt(s2 / sxx) : 0;
    double se_alpha = sqrt(s2 * (1.0 / n_m + (sxx > 0 ? mx * mx / sxx : 0)));
    ps_set_member *mb = &c->m[b], *ma = &c->m[a];
    double span = sxx > 0 ? sqrt(sxx * 12.0 / n_m) : 1; /* about the runs' length, samples */
    mb->drift_ppm = ma->drift_ppm + (1.0 / beta - 1.0) * 1e6;
    mb->drift_uncertainty_ppm = fmax(se_beta / (beta * beta), 0.1 / span) * 1e6;
    mb->offset_s = ma->offset_s - alpha / beta * dt;
    mb->offset_uncertainty_s = fmax(se_alpha / beta, 0.1) * dt;
    mb->measured = true;
out:
    free(buf);
    ps_reader_close(ra);
    ps_reader_close(rb);
    return st;
}

ps_status ps_collection_xcorr(const char *set, const ps_collection *c, unsigned a,
                              const char *channel_a, unsigned b, const char *channel_b,
                              int64_t lo, int64_t hi, double *out, ps_error *err)
{
    if (hi < lo)
        return ps_fail(err, PS_ERR_ARG, "xcorr: no lags (%lld…%lld)", (long long)lo,
                       (long long)hi);
    ps_reader *ra, *rb;
    int cha, chb;
    ps_status st = open_pair("xcorr", set, c, a, channel_a, b, channel_b, &ra, &rb, &cha, &chb,
                             err);
    if (st != PS_OK)
        return st;
    size_t nz = (size_t)(hi - lo + 1);
    double *part = malloc(nz * sizeof *part), rate = ps_reader_rate(ra);
    if (!part) {
        st = ps_fail(err, PS_ERR_NOMEM, "xcorr: out of memory");
        goto done;
    }
    memset(out, 0, nz * sizeof *out);
    /* b's sample j lies at a's time off + j·dt·(1 + d): a's sample i meets b's (i − off·rate)/(1 + d) */
    double off = (c->m[b].offset_s - c->m[a].offset_s) * rate;
    double d = (c->m[b].drift_ppm - c->m[a].drift_ppm) * 1e-6;
    uint64_t na = ps_reader_frames(ra), nb = ps_reader_frames(rb);
    /* pieces over which the drift moves b by at most half a sample (and longer than the lags) */
    double piece = fabs(d) > 0 ? 0.5 / fabs(d) : (double)na;
    uint64_t span = (uint64_t)fmin((double)na, fmax(piece, 4.0 * (double)(hi - lo + 1)));
    for (uint64_t p0 = 0; p0 < na && st == PS_OK; p0 += span) {
        uint64_t i0 = p0, i1 = p0 + span < na ? p0 + span : na;
        double mid = 0.5 * (double)(i0 + i1);
        int64_t shift = (int64_t)llround(mid - (mid - off) / (1.0 + d)); /* i − j at the middle */
        int64_t j0 = (int64_t)i0 - shift, j1 = (int64_t)i1 - shift;
        /* the part of a's piece that b covers */
        if (j0 < 0) {
            i0 += (uint64_t)(-j0);
            j0 = 0;
        }
        if (j1 > (int64_t)nb) {
            i1 -= (uint64_t)(j1 - (int64_t)nb);
            j1 = (int64_t)nb;
        }
        if (i1 <= i0 || j1 <= j0)
            continue;
        ps_span sa = {i0, i1}, sb = {(uint64_t)j0, (uint64_t)j1};
        st = ps_run_xcorr(ra, cha, sa, rb, chb, sb, lo, hi, part, NULL, NULL, err);
        for (size_t k = 0; st == PS_OK && k < nz; k++)
            out[k] += part[k];
    }
done:
    free(part);
    ps_reader_close(ra);
    ps_reader_close(rb);
    return st;
}
