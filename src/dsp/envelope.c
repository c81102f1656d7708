/* Min/max envelope: bins of `ratio` samples on a grid the caller places (restart), so the
 * same object bins a derived recording's gap-free stretches and a plot's pixel columns. */
#include <math.h>
#include <stdlib.h>

#include "picostream/dsp.h"

#include <stdint.h>

struct ps_envelope {
    double ratio;
    uint64_t pos, bin, bin_end; /* the next sample's grid position; its bin and where it ends */
    double lo, hi;
    bool open; /* the current bin has a sample */
};

static uint64_t bin_start(double ratio, uint64_t b)
{
    double x = floor((double)b * ratio + 0.5);
    return x >= 18446744073709551615.0 ? UINT64_MAX : (uint64_t)x; /* saturate, never wrap */
}

ps_status ps_envelope_create(ps_envelope **out, double ratio, ps_error *err)
{
    *out = NULL;
    if (!(ratio > 0) || ratio > 1e18) /* below 1 some bins are empty: plot columns */
        return ps_fail(err, PS_ERR_ARG, "envelope: %g samples per bin (0 … 1e18)", ratio);
    ps_envelope *e = calloc(1, sizeof *e);
    if (!e)
        return ps_fail(err, PS_ERR_NOMEM, "envelope: out of memory");
    e->ratio = ratio;
    ps_envelope_restart(e, 0);
    *out = e;
    return PS_OK;
}

void ps_envelope_restart(ps_envelope *e, uint64_t position)
{
    double est = floor((double)position / e->ratio);
    uint64_t b = est >= 18446744073709551615.0 ? UINT64_MAX - 1 : (uint64_t)est;
    for (int i = 0; i < 4 && b > 0 && bin_start(e->ratio, b) > position; i++) /* rounding */
        b--;
    for (int i = 0; i < 4 && b < UINT64_MAX - 1 && bin_start(e->ratio, b + 1) <= position; i++)
        b++;
    e->pos = position;
    e->bin = b;
    e->bin_end = bin_start(e->ratio, b + 1);
    e->lo = INFINITY;
    e->hi = -INFINITY;
    e->open = false;
}

size_t ps_envelope_process(ps_envelope *e, const double *x, size_t n, ps_envelope_bin *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        if (e->pos >= e->bin_end) {
            if (e->open)
                out[k++] = (ps_envelope_bin){e->bin, e->lo, e->hi};
            e->bin++;
            e->bin_end = bin_start(e->ratio, e->bin + 1);
            e->lo = INFINITY;
            e->hi = -INFINITY;
            e->open = false;
            continue;
        }
        size_t run = e->bin_end - e->pos < n - i ? (size_t)(e->bin_end - e->pos) : n - i;
        double lo = e->lo, hi = e->hi;
        for (size_t q = 0; q < run; q++) { /* NaN never wins, as fmin/fmax */
            lo = x[i + q] < lo ? x[i + q] : lo;
            hi = x[i + q] > hi ? x[i + q] : hi;
        }
        e->lo = lo;
        e->hi = hi;
        e->open = true;
        e->pos += run;
        i += run;
    }
    return k;
}

size_t ps_envelope_max_out(const ps_envelope *e, size_t n)
{
    return (size_t)((double)n / e->ratio) + 2;
}

size_t ps_envelope_finish(ps_envelope *e, ps_envelope_bin *out)
{
    size_t k = 0;
    if (e->open)
        out[k++] = (ps_envelope_bin){e->bin, e->lo, e->hi};
    ps_envelope_restart(e, e->pos);
    return k;
}

uint64_t ps_envelope_bin_from(double ratio, uint64_t position)
{
    ps_envelope e = {.ratio = ratio};
    ps_envelope_restart(&e, position); /* the bin holding position */
    return bin_start(ratio, e.bin) >= position ? e.bin : e.bin + 1;
}

uint64_t ps_envelope_bins(double ratio, uint64_t n)
{
    return n ? (uint64_t)ceil((double)n / ratio - 1e-9) : 0;
}

void ps_envelope_destroy(ps_envelope *e)
{
    free(e);
}
