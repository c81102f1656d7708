/* A finished plot to its PNG file, through the output rules. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "plot_int.h"

static cairo_status_t png_chunk(void *arg, const unsigned char *data, unsigned int n)
{
    return fwrite(data, 1, n, arg) == n ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

ps_status plot_write_png(cairo_surface_t *surf, const char *path, const ps_output_rules *rules,
                         ps_error *err)
{
    ps_output *o;
    ps_status st = ps_output_open(&o, path, rules, err);
    if (st != PS_OK)
        return st;
    cairo_status_t cs = cairo_surface_write_to_png_stream(surf, png_chunk, ps_output_stream(o));
    if (cs != CAIRO_STATUS_SUCCESS) {
        ps_output_abort(o);
        return ps_fail(err, PS_ERR_IO, "cannot write %s: %s", path, cairo_status_to_string(cs));
    }
    return ps_output_commit(o, err);
}

struct b64 {
    FILE *f;
    unsigned char carry[3];
    size_t n_carry;
    bool failed;
};

static void b64_group(struct b64 *b, const unsigned char *g, size_t n)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    uint32_t v = (uint32_t)g[0] << 16 | (uint32_t)(n > 1 ? g[1] : 0) << 8 | (n > 2 ? g[2] : 0);
    char out[4] = {abc[v >> 18], abc[(v >> 12) & 63], n > 1 ? abc[(v >> 6) & 63] : '=',
                   n > 2 ? abc[v & 63] : '='};
    if (fwrite(out, 1, 4, b->f) != 4)
        b->failed = true;
}

static cairo_status_t b64_chunk(void *arg, const unsigned char *data, unsigned int n)
{
    struct b64 *b = arg;
    for (unsigned int i = 0; i < n; i++) {
        b->carry[b->n_carry++] = data[i];
        if (b->n_carry == 3) {
            b64_group(b, b->carry, 3);
            b->n_carry = 0;
        }
    }
    return b->failed ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

ps_status plot_png_data_uri(cairo_surface_t *surf, FILE *f, ps_error *err)
{
    struct b64 b = {f, {0}, 0, false};
    fputs("data:image/png;base64,", f);
    cairo_status_t cs = cairo_surface_write_to_png_stream(surf, b64_chunk, &b);
    if (cs == CAIRO_STATUS_SUCCESS && b.n_carry)
        b64_group(&b, b.carry, b.n_carry);
    if (cs != CAIRO_STATUS_SUCCESS || b.failed || ferror(f))
        return ps_fail(err, PS_ERR_IO, "cannot write an image: %s",
                       cs != CAIRO_STATUS_SUCCESS ? cairo_status_to_string(cs) : "write error");
    return PS_OK;
}
