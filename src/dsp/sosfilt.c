/* scipy.signal.sosfilt (direct form II transposed per section) and sosfilt_zi. */
#include <stdlib.h>
#include <string.h>

#include "picostream/dsp.h"

struct ps_sosfilt {
    size_t n;
    double *sos;    /* b0 b1 b2 a0 a1 a2 per row, normalised to a0 = 1 */
    double *zi;     /* 2 per section */
    double *steady; /* sosfilt_zi: state for a unit constant input */
};

void ps_sosfilt_destroy(ps_sosfilt *f)
{
    if (!f)
        return;
    free(f->sos);
    free(f->zi);
    free(f->steady);
    free(f);
}

ps_status ps_sosfilt_create(ps_sosfilt **out, const double *sos, size_t n_sections, ps_error *err)
{
    *out = NULL;
    if (n_sections == 0)
        return ps_fail(err, PS_ERR_ARG, "filter needs at least one second-order section");
    ps_sosfilt *f = calloc(1, sizeof *f);
    if (!f)
        goto nomem;
    f->n = n_sections;
    f->sos = malloc(6 * n_sections * sizeof *f->sos);
    f->zi = calloc(2 * n_sections, sizeof *f->zi);
    f->steady = calloc(2 * n_sections, sizeof *f->steady);
    if (!f->sos || !f->zi || !f->steady)
        goto nomem;
    for (size_t s = 0; s < n_sections; s++) {
        const double *r = sos + 6 * s;
        if (r[3] == 0) {
            ps_sosfilt_destroy(f);
            return ps_fail(err, PS_ERR_ARG, "section %zu has a0 = 0", s);
        }
        for (int i = 0; i < 6; i++)
            f->sos[6 * s + i] = r[i] / r[3];
    }
    /* sosfilt_zi: per section lfilter_zi scaled by the DC gain of the sections before it */
    double scale = 1.0;
    for (size_t s = 0; s < n_sections; s++) {
        const double *r = f->sos + 6 * s;
        double y = (r[0] + r[1] + r[2]) / (1.0 + r[4] + r[5]);
        f->steady[2 * s] = scale * ((r[1] - y * r[4]) + (r[2] - y * r[5]));
        f->steady[2 * s + 1] = scale * (r[2] - y * r[5]);
        scale *= y;
    }
    *out = f;
    return PS_OK;
nomem:
    ps_sosfilt_destroy(f);
    return ps_fail(err, PS_ERR_NOMEM, "filter: cannot allocate %zu sections", n_sections);
}

void ps_sosfilt_process(ps_sosfilt *f, const double *x, double *y, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double v = x[i];
        for (size_t s = 0; s < f->n; s++) {
            const double *r = f->sos + 6 * s;
            double *z = f->zi + 2 * s;
            double out = r[0] * v + z[0];
            z[0] = r[1] * v - r[4] * out + z[1];
            z[1] = r[2] * v - r[5] * out;
            v = out;
        }
        y[i] = v;
    }
}

void ps_sosfilt_process_frames(ps_sosfilt *const *f, size_t n_ch, double *frames, size_t n)
{
    if (n_ch == 2 && f[0]->n == f[1]->n) {
        ps_sosfilt *a = f[0], *b = f[1];
        for (size_t i = 0; i < n; i++) {
            double va = frames[2 * i], vb = frames[2 * i + 1];
            for (size_t s = 0; s < a->n; s++) {
                const double *ra = a->sos + 6 * s, *rb = b->sos + 6 * s;
                double *za = a->zi + 2 * s, *zb = b->zi + 2 * s;
                double oa = ra[0] * va + za[0], ob = rb[0] * vb + zb[0];
                za[0] = ra[1] * va - ra[4] * oa + za[1];
                zb[0] = rb[1] * vb - rb[4] * ob + zb[1];
                za[1] = ra[2] * va - ra[5] * oa;
                zb[1] = rb[2] * vb - rb[5] * ob;
                va = oa;
                vb = ob;
            }
            frames[2 * i] = va;
            frames[2 * i + 1] = vb;
        }
        return;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t c = 0; c < n_ch; c++)
            ps_sosfilt_process(f[c], frames + i * n_ch + c, frames + i * n_ch + c, 1);
}

void ps_sosfilt_set_steady(ps_sosfilt *f, double x0)
{
    for (size_t i = 0; i < 2 * f->n; i++)
        f->zi[i] = f->steady[i] * x0;
}

void ps_sosfilt_reset(ps_sosfilt *f)
{
    memset(f->zi, 0, 2 * f->n * sizeof *f->zi);
}

size_t ps_sosfiltfilt_padlen(const double *sos, size_t n_sections)
{
    size_t zb = 0, za = 0;
    for (size_t s = 0; s < n_sections; s++) {
        zb += sos[6 * s + 2] == 0;
        za += sos[6 * s + 5] == 0;
    }
    return 3 * (2 * n_sections + 1 - (zb < za ? zb : za));
}
