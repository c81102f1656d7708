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
#define PEAK_OVER_RMS 8.0  /* how far a match's peak stands above the rest of its lags */
#define MAX_DRIFT 1e-3     /* 1000 ppm: no two crystals differ more; beyond is a bad match */

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
/* ib = α + β·ia by least squares over n matches, with the standard errors. */
struct line {
    double alpha, beta, se_alpha, se_beta, sxx, rms;
};

static struct line fit(const struct match *m, int n)
{
    struct line l = {0, 1, 0, 0, 0, 0};
    if (n < 1)
        return l;
    double mx = 0, my = 0, sxy = 0, ss = 0;
    for (int i = 0; i < n; i++) {
        mx += m[i].ia / n;
        my += m[i].ib / n;
    }
    for (int i = 0; i < n; i++) {
        l.sxx += (m[i].ia - mx) * (m[i].ia - mx);
        sxy += (m[i].ia - mx) * (m[i].ib - my);
    }
    l.beta = l.sxx > 0 ? sxy / l.sxx : 1.0;
    l.alpha = my - l.beta * mx;
    for (int i = 0; i < n; i++) {
        double r = m[i].ib - (l.alpha + l.beta * m[i].ia);
        ss += r * r;
    }
    double s2 = n > 2 ? ss / (n - 2) : 0;
    l.rms = sqrt(ss / n);
    l.se_beta = l.sxx > 0 ? sqrt(s2 / l.sxx) : 0;
    l.se_alpha = sqrt(s2 * (1.0 / n + (l.sxx > 0 ? mx * mx / l.sxx : 0)));
    return l;
}

static ps_status window_match(ps_reader *ra, int cha, ps_reader *rb, int chb, uint64_t at_a,
                              size_t w, const double pred[2], int64_t lag, double *a, double *bext,
                              double *z, bool *found, struct match *m, ps_error *err)
{
    *found = false;
    ps_span sa = ps_reader_stretch(ra, at_a);
    if (sa.to < at_a + w)
        return PS_OK; /* a gap inside a's window */
    double ga = (double)ps_reader_global_index(ra, at_a);
    double gb = pred[0] + pred[1] * ga; /* where the same instant should be in b */
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
    double sq = 0;
    for (size_t i = 0; i < nz; i++) {
        sq += z[i] * z[i];
        if (z[i] > z[best])
            best = i;
    }
    /* a match stands well out of the correlation around it (noise alone peaks at ~4-5 rms) */
    double rms = sqrt((sq - z[best] * z[best]) / (double)(nz > 1 ? nz - 1 : 1));
    if (best == 0 || best + 1 == nz || !(z[best] > PEAK_OVER_RMS * rms))
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
    if (b == 0) /* device 1 is the time line: measure the other against it */
        return ps_collection_align(set, c, b, channel_b, a, channel_a, max_lag_s, err);
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
    /* each window's search centres where the line through the matches so far puts it (the
     * host's estimate of the start to begin with), so drift over a long run stays inside it */
    double pred[2] = {-(c->m[b].start_unix - c->m[a].start_unix) * rate, 1.0};
    for (int k = 0; k < WINDOWS && st == PS_OK; k++) {
        uint64_t at = (frames - w) * (uint64_t)k / (uint64_t)(WINDOWS - 1);
        bool found;
        st = window_match(ra, cha, rb, chb, at, w, pred, lag, buf, buf + w, buf + w + nb,
                          &found, &m[n_m], err);
        if (st != PS_OK || !found)
            continue;
        n_m++;
        struct line l = fit(m, n_m);
        if (n_m >= 2 && fabs(l.beta - 1) < MAX_DRIFT) {
            pred[0] = l.alpha;
            pred[1] = l.beta;
        } else { /* one match: the offset, no drift yet */
            pred[0] = m[n_m - 1].ib - m[n_m - 1].ia;
        }
    }
    if (st != PS_OK)
        goto out;
    /* a window that disagrees with the rest by more than 3 samples is a false match */
    struct line l = fit(m, n_m);
    int kept = 0;
    for (int i = 0; i < n_m; i++)
        if (fabs(m[i].ib - (l.alpha + l.beta * m[i].ia)) <= fmax(3.0, 5.0 * l.rms))
            m[kept++] = m[i];
    n_m = kept;
    l = fit(m, n_m);
    if (n_m < 3) {
        st = ps_fail(err, PS_ERR_ARG, "align: the reference channels %s and %s never line up "
                     "within ±%g s (%d of %d windows matched; 3 needed)", channel_a, channel_b,
                     max_lag_s, n_m, WINDOWS);
        goto out;
    }
    if (!(fabs(1.0 / l.beta - 1.0) < MAX_DRIFT)) {
        st = ps_fail(err, PS_ERR_ARG, "align: %s and %s give a drift of %.6g ppm, beyond any "
                     "two clocks (1000 ppm): not one reference", channel_a, channel_b,
                     (1.0 / l.beta - 1.0) * 1e6);
        goto out;
    }
    /* b's interval is 1/β of a's, its sample 0 at −α/β on a's time line */
    double dt = 1.0 / rate, beta = l.beta, alpha = l.alpha;
    ps_set_member *mb = &c->m[b], *ma = &c->m[a];
    double span = l.sxx > 0 ? sqrt(l.sxx * 12.0 / n_m) : 1; /* about the runs' length, samples */
    mb->drift_ppm = ma->drift_ppm + (1.0 / beta - 1.0) * 1e6;
    mb->drift_uncertainty_ppm = fmax(l.se_beta / (beta * beta), 0.1 / span) * 1e6;
    mb->offset_s = ma->offset_s - alpha / beta * dt;
    mb->offset_uncertainty_s = fmax(l.se_alpha / beta, 0.1) * dt;
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
    uint64_t na = ps_reader_frames(ra), nb = ps_reader_frames(rb), used = 0;
    /* pieces over which the drift moves b by at most about half a sample (and longer than the
     * lags), never across a gap of either: each piece's b by its device index */
    double piece = fabs(d) > 0 ? 0.5 / fabs(d) : (double)na;
    uint64_t span = (uint64_t)fmin((double)na, fmax(piece, 4.0 * (double)(hi - lo + 1)));
    span = span ? span : 1;
    for (uint64_t p0 = 0; p0 < na && st == PS_OK;) {
        ps_span sa = ps_reader_stretch(ra, p0);
        uint64_t i0 = p0, i1 = p0 + span < sa.to ? p0 + span : sa.to;
        p0 = i1;
        double ga0 = (double)ps_reader_global_index(ra, i0);
        double ga_mid = ga0 + 0.5 * (double)(i1 - i0);
        double shift = nearbyint(ga_mid - (ga_mid - off) / (1.0 + d)); /* a's index − b's */
        double gb0 = ga0 - shift;
        if (gb0 < 0) { /* b started later: a's piece from where b begins */
            i0 += (uint64_t)(-gb0);
            gb0 = 0;
        }
        if (i0 >= i1 || !(gb0 < 9e18))
            continue;
        uint64_t j0 = ps_reader_index_at(rb, (uint64_t)gb0);
        if (j0 >= nb)
            continue;
        uint64_t gj = ps_reader_global_index(rb, j0);
        if (gj > (uint64_t)gb0) { /* that instant falls in a gap of b: from b's next sample */
            i0 += gj - (uint64_t)gb0;
            if (i0 >= i1)
                continue;
        }
        ps_span sb = ps_reader_stretch(rb, j0);
        uint64_t len = i1 - i0 < sb.to - j0 ? i1 - i0 : sb.to - j0;
        if (len < i1 - i0)
            p0 = i0 + len; /* b's stretch ended first: a's next piece starts there */
        /* a short piece (the end, a gap's edge) adds the lags it has */
        int64_t llo = lo > -(int64_t)(len - 1) ? lo : -(int64_t)(len - 1);
        int64_t lhi = hi < (int64_t)(len - 1) ? hi : (int64_t)(len - 1);
        if (len < 2 || llo > lhi)
            continue;
        ps_span pa_ = {i0, i0 + len}, pb_ = {j0, j0 + len};
        st = ps_run_xcorr(ra, cha, pa_, rb, chb, pb_, llo, lhi, part, NULL, NULL, err);
        for (int64_t k = 0; st == PS_OK && k <= lhi - llo; k++)
            out[llo - lo + k] += part[k];
        used += len;
    }
    if (st == PS_OK && used == 0)
        st = ps_fail(err, PS_ERR_ARG, "xcorr: device %u's and device %u's recordings never "
                     "overlap on device %u's time line", a + 1, b + 1, a + 1);
done:
    free(part);
    ps_reader_close(ra);
    ps_reader_close(rb);
    return st;
}
