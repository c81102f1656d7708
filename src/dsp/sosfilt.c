/* scipy.signal.sosfilt (direct form II transposed per section) and sosfilt_zi. */
#include <stdbool.h>
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

/* Section by section over the whole block (a cascade: each section's state is its own), the
 * state in locals so the compiler keeps it in registers; two channels at a time for two
 * independent recurrences. Frames are visited forward or, for sosfiltfilt's backward pass,
 * from the last to the first. Same arithmetic, in the same order per sample, as one pass. */
static void section_pair(const double *r, double *za, double *zb, double *x, size_t stride,
                         size_t n, bool reverse)
{
    const double b0 = r[0], b1 = r[1], b2 = r[2], a1 = r[4], a2 = r[5];
    double a0 = za[0], a_1 = za[1], c0 = zb[0], c_1 = zb[1];
    for (size_t q = 0; q < n; q++) {
        size_t i = reverse ? n - 1 - q : q;
        double va = x[i * stride], vb = x[i * stride + 1];
        double oa = b0 * va + a0, ob = b0 * vb + c0;
        a0 = b1 * va - a1 * oa + a_1;
        c0 = b1 * vb - a1 * ob + c_1;
        a_1 = b2 * va - a2 * oa;
        c_1 = b2 * vb - a2 * ob;
        x[i * stride] = oa;
        x[i * stride + 1] = ob;
    }
    za[0] = a0, za[1] = a_1, zb[0] = c0, zb[1] = c_1;
}

static void section_one(const double *r, double *z, double *x, size_t stride, size_t n,
                        bool reverse)
{
    const double b0 = r[0], b1 = r[1], b2 = r[2], a1 = r[4], a2 = r[5];
    double z0 = z[0], z1 = z[1];
    for (size_t q = 0; q < n; q++) {
        size_t i = reverse ? n - 1 - q : q;
        double v = x[i * stride];
        double out = b0 * v + z0;
        z0 = b1 * v - a1 * out + z1;
        z1 = b2 * v - a2 * out;
        x[i * stride] = out;
    }
    z[0] = z0, z[1] = z1;
}

/* Two sections in one sweep for two channels: the second's recurrence for one sample runs
 * beside the first's for the next (four chains in flight), half the passes over memory. */
static void sections2_pair(const double *r, const double *t, double *za, double *zb, double *x,
                           size_t stride, size_t n, bool reverse)
{
    const double b0 = r[0], b1 = r[1], b2 = r[2], a1 = r[4], a2 = r[5];
    const double e0 = t[0], e1 = t[1], e2 = t[2], d1 = t[4], d2 = t[5];
    double a0 = za[0], a_1 = za[1], c0 = zb[0], c_1 = zb[1];
    double g0 = za[2], g_1 = za[3], h0 = zb[2], h_1 = zb[3];
    for (size_t q = 0; q < n; q++) {
        size_t i = reverse ? n - 1 - q : q;
        double va = x[i * stride], vb = x[i * stride + 1];
        double oa = b0 * va + a0, ob = b0 * vb + c0;
        a0 = b1 * va - a1 * oa + a_1;
        c0 = b1 * vb - a1 * ob + c_1;
        a_1 = b2 * va - a2 * oa;
        c_1 = b2 * vb - a2 * ob;
        double pa = e0 * oa + g0, pb = e0 * ob + h0;
        g0 = e1 * oa - d1 * pa + g_1;
        h0 = e1 * ob - d1 * pb + h_1;
        g_1 = e2 * oa - d2 * pa;
        h_1 = e2 * ob - d2 * pb;
        x[i * stride] = pa;
        x[i * stride + 1] = pb;
    }
    za[0] = a0, za[1] = a_1, zb[0] = c0, zb[1] = c_1;
    za[2] = g0, za[3] = g_1, zb[2] = h0, zb[3] = h_1;
}

static void sections2_one(const double *r, const double *t, double *z, double *x, size_t stride,
                          size_t n, bool reverse)
{
    const double b0 = r[0], b1 = r[1], b2 = r[2], a1 = r[4], a2 = r[5];
    const double e0 = t[0], e1 = t[1], e2 = t[2], d1 = t[4], d2 = t[5];
    double z0 = z[0], z1 = z[1], w0 = z[2], w1 = z[3];
    for (size_t q = 0; q < n; q++) {
        size_t i = reverse ? n - 1 - q : q;
        double v = x[i * stride];
        double out = b0 * v + z0;
        z0 = b1 * v - a1 * out + z1;
        z1 = b2 * v - a2 * out;
        double o2 = e0 * out + w0;
        w0 = e1 * out - d1 * o2 + w1;
        w1 = e2 * out - d2 * o2;
        x[i * stride] = o2;
    }
    z[0] = z0, z[1] = z1, z[2] = w0, z[3] = w1;
}

static void frames_dir(ps_sosfilt *const *f, size_t n_ch, double *frames, size_t n, bool reverse)
{
    size_t s = 0;
    for (; s + 1 < f[0]->n; s += 2) { /* two sections at once, channel pairs */
        size_t c = 0;
        for (; c + 1 < n_ch; c += 2)
            sections2_pair(f[c]->sos + 6 * s, f[c]->sos + 6 * (s + 1), f[c]->zi + 2 * s,
                           f[c + 1]->zi + 2 * s, frames + c, n_ch, n, reverse);
        if (c < n_ch)
            sections2_one(f[c]->sos + 6 * s, f[c]->sos + 6 * (s + 1), f[c]->zi + 2 * s,
                          frames + c, n_ch, n, reverse);
    }
    for (; s < f[0]->n; s++) {
        size_t c = 0;
        for (; c + 1 < n_ch; c += 2)
            section_pair(f[c]->sos + 6 * s, f[c]->zi + 2 * s, f[c + 1]->zi + 2 * s, frames + c,
                         n_ch, n, reverse);
        if (c < n_ch)
            section_one(f[c]->sos + 6 * s, f[c]->zi + 2 * s, frames + c, n_ch, n, reverse);
    }
}

void ps_sosfilt_process(ps_sosfilt *f, const double *x, double *y, size_t n)
{
    if (y != x)
        memmove(y, x, n * sizeof *y);
    frames_dir(&f, 1, y, n, false);
}

void ps_sosfilt_process_frames(ps_sosfilt *const *f, size_t n_ch, double *frames, size_t n)
{
    frames_dir(f, n_ch, frames, n, false);
}

void ps_sosfilt_process_frames_reverse(ps_sosfilt *const *f, size_t n_ch, double *frames,
                                       size_t n)
{
    frames_dir(f, n_ch, frames, n, true);
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
