/* xcorr: bounded-lag cross-correlation of two channels, block by block. */
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

ps_status ps_run_xcorr(ps_reader *ra, int ca, ps_span sa, ps_reader *rb, int cb, ps_span sb,
                       int64_t lo, int64_t hi, double *out, ps_progress_fn progress, void *parg,
                       ps_error *err)
{
    if (sa.from >= sa.to || sb.from >= sb.to)
        return ps_fail(err, PS_ERR_ARG, "empty selection");
    uint64_t n_a = sa.to - sa.from, n_b = sb.to - sb.from;
    ps_xcorr *x;
    ps_status st = ps_xcorr_create(&x, n_a, n_b, lo, hi, err);
    if (st != PS_OK)
        return st;
    size_t block = ps_xcorr_block(x), w = (size_t)(hi - lo + 1);
    double *a = malloc(block * sizeof *a), *b = malloc((block + w) * sizeof *b);
    if (!a || !b) {
        st = ps_fail(err, PS_ERR_NOMEM, "xcorr: out of memory");
        goto out;
    }
    for (uint64_t s = 0; s < n_a && st == PS_OK; s += block) {
        size_t n = n_a - s < block ? (size_t)(n_a - s) : block;
        st = ps_reader_read(ra, sa.from + s, n, (unsigned)ca, a, err);
        if (st == PS_OK)
            st = read_padded(rb, cb, sb, (int64_t)s - hi, n + w - 1, b, err);
        if (st == PS_OK)
            ps_xcorr_feed(x, a, n, b);
        analysis_progress(progress, parg, (double)(s + n) / (double)n_a);
    }
    if (st == PS_OK)
        ps_xcorr_result(x, out);
out:
    free(a);
    free(b);
    ps_xcorr_destroy(x);
    return st;
}
