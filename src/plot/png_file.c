/* A finished plot to its PNG file, through the output rules. */
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
