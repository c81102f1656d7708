/* xcorr: bounded-lag cross-correlation of two channels, block by block. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_int.h"

/* b[from … from+n) of the span, zero outside it. */
static ps_status read_padded(ps_reader *r, int c, ps_span s, int64_t from, size_t n, double *out,
                             ps_error *err)
{
    int64_t len = (int64_t)(s.to - s.from);
    memset(out, 0, n * sizeof *out);
    int64_t lo = from < 0 ? 0 : from, hi = from + (int64_t)n > len ? len : from + (int64_t)n;
    if (hi <= lo)
        return PS_OK;
    return ps_reader_read(r, s.from + (uint64_t)lo, (size_t)(hi - lo), (unsigned)c,
                          out + (lo - from), err);
}

/* z over one piece: a over sa, b over sb, lags lo…hi clamped to those the lengths allow (the
 * rest are 0), added into out[lag − lo]; only the terms of a's samples inside `only` (offsets
 * of sa: a partial result's share). */
static ps_status xcorr_piece(ps_reader *ra, int ca, ps_span sa, ps_reader *rb, int cb, ps_span sb,
                             int64_t lo, int64_t hi, ps_span only, double *out,
                             ps_progress_fn progress, void *parg, ps_error *err)
{
    uint64_t n_a = sa.to - sa.from, n_b = sb.to - sb.from;
    int64_t plo = lo > -(int64_t)(n_b - 1) ? lo : -(int64_t)(n_b - 1);
    int64_t phi = hi < (int64_t)(n_a - 1) ? hi : (int64_t)(n_a - 1);
    if (plo > phi)
        return PS_OK;
    ps_xcorr *x;
    ps_status st = ps_xcorr_create(&x, n_a, n_b, plo, phi, err);
    if (st != PS_OK)
        return st;
    size_t block = ps_xcorr_block(x), w = (size_t)(phi - plo + 1);
    double *a = malloc(block * sizeof *a), *b = malloc((block + w) * sizeof *b);
    double *z = malloc(w * sizeof *z);
    if (!a || !b || !z) {
        st = ps_fail(err, PS_ERR_NOMEM, "xcorr: out of memory");
        goto out;
    }
    uint64_t s0 = only.from < n_a ? only.from : n_a, s1 = only.to < n_a ? only.to : n_a;
    for (uint64_t s = s0; s < s1 && st == PS_OK; s += block) {
        size_t n = s1 - s < block ? (size_t)(s1 - s) : block;
        st = ps_reader_read(ra, sa.from + s, n, (unsigned)ca, a, err);
        if (st == PS_OK)
            st = read_padded(rb, cb, sb, (int64_t)s - phi, n + w - 1, b, err);
        if (st == PS_OK)
            ps_xcorr_feed(x, a, n, b);
        if (st == PS_OK)
            st = common_progress(progress, parg, (double)(s + n - s0) / (double)(s1 - s0), err);
    }
    if (st == PS_OK) {
        ps_xcorr_result(x, z);
        for (size_t i = 0; i < w; i++)
            out[(size_t)(plo - lo) + i] += z[i];
    }
out:
    free(a);
    free(b);
    free(z);
    ps_xcorr_destroy(x);
    return st;
}

/* Where the piece starting at offset p of a span ends: its next gap, or UINT64_MAX past it. */
static uint64_t piece_end(ps_reader *r, ps_span s, uint64_t p)
{
    if (p >= s.to - s.from)
        return UINT64_MAX;
    ps_span seg = ps_reader_segment(r, s.from + p, s.to);
    return seg.to == s.to ? UINT64_MAX : seg.to - s.from;
}

ps_status xcorr_share(ps_reader *ra, int ca, ps_span sa, ps_reader *rb, int cb, ps_span sb,
                      int64_t lo, int64_t hi, ps_span only, double *out,
                      ps_progress_fn progress, void *parg, ps_error *err)
{
    if (sa.from >= sa.to || sb.from >= sb.to)
        return ps_fail(err, PS_ERR_ARG, "empty selection");
    uint64_t n_a = sa.to - sa.from, n_b = sb.to - sb.from, n = n_a > n_b ? n_a : n_b;
    ps_xcorr *check; /* the lag range against the whole selections, as scipy would */
    ps_status st = ps_xcorr_create(&check, n_a, n_b, lo, hi, err);
    if (st != PS_OK)
        return st;
    ps_xcorr_destroy(check);
    memset(out, 0, (size_t)(hi - lo + 1) * sizeof *out);
    /* pieces where both a and b are gap-free, at the same offsets: a pair of samples on either
     * side of a gap never enters the sum (without gaps: one piece, the whole selections) */
    for (uint64_t p = 0; p < n && st == PS_OK;) {
        uint64_t qa = piece_end(ra, sa, p), qb = piece_end(rb, sb, p);
        uint64_t q = qa < qb ? qa : qb;
        q = q > n ? n : q;
        ps_span pa = {sa.from + (p < n_a ? p : n_a), sa.from + (q < n_a ? q : n_a)};
        ps_span pb = {sb.from + (p < n_b ? p : n_b), sb.from + (q < n_b ? q : n_b)};
        /* the share of a's samples [only.from, only.to) of the selection inside this piece */
        ps_span mine = {only.from > p ? only.from - p : 0, only.to > p ? only.to - p : 0};
        bool inside = only.from < q && only.to > p; /* else nothing of it is this share's */
        if (inside && pa.to > pa.from && pb.to > pb.from && mine.to > mine.from)
            st = xcorr_piece(ra, ca, pa, rb, cb, pb, lo, hi, mine, out,
                             q - p == n ? progress : NULL, parg, err);
        p = q;
        if (st == PS_OK)
            st = common_progress(progress, parg, (double)p / (double)n, err);
    }
    return st;
}

ps_status ps_run_xcorr(ps_reader *ra, int ca, ps_span sa, ps_reader *rb, int cb, ps_span sb,
                       int64_t lo, int64_t hi, double *out, ps_progress_fn progress, void *parg,
                       ps_error *err)
{
    ps_span all = {0, UINT64_MAX};
    return xcorr_share(ra, ca, sa, rb, cb, sb, lo, hi, all, out, progress, parg, err);
}
