/* The PSD plot: log frequency, dB, a curve and a legend entry per channel. */
#include <cairo.h>
#include <math.h>
#include <stdio.h>

#include "picostream/plot.h"
#include "plot_int.h"

#define LEFT 80
#define RIGHT 20
#define TOP 20
#define BOTTOM 50

static const double colors[][3] = {{0.0, 0.2, 0.8}, {0.85, 0.3, 0.0}, {0.0, 0.6, 0.2},
                                   {0.6, 0.0, 0.6}, {0.3, 0.3, 0.3},  {0.0, 0.6, 0.7}};

ps_status plot_psd_surface(const double *freq, const double *const *psd,
                           const char *const *names, size_t n_channels, size_t n_freq, int width,
                           int height, const char *unit, cairo_surface_t **out, ps_error *err)
{
    *out = NULL;
    if (width < 200 || height < 100 || width > 20000 || height > 20000)
        return ps_fail(err, PS_ERR_ARG, "plot size %dx%d (200x100 … 20000x20000)", width, height);
    if (n_freq < 3)
        return ps_fail(err, PS_ERR_ARG, "too few frequencies to plot (%zu)", n_freq);
    double f_lo = freq[1], f_hi = freq[n_freq - 1], db_lo = INFINITY, db_hi = -INFINITY;
    if (!(f_lo > 0) || !(f_hi > f_lo) || !isfinite(f_hi))
        return ps_fail(err, PS_ERR_ARG, "frequencies %g…%g Hz cannot be drawn on a log axis", f_lo,
                       f_hi);
    for (size_t k = 0; k < n_channels; k++)
        for (size_t i = 1; i < n_freq; i++)
            if (psd[k][i] > 0 && isfinite(psd[k][i])) {
                double db = 10 * log10(psd[k][i]);
                db_lo = fmin(db_lo, db);
                db_hi = fmax(db_hi, db);
            }
    if (!(db_hi > db_lo)) {
        db_lo = -100;
        db_hi = 0;
    }
    db_lo = floor(db_lo / 10) * 10;
    db_hi = ceil(db_hi / 10) * 10;
    int pw = width - LEFT - RIGHT, ph = height - TOP - BOTTOM;
    double lx0 = log10(f_lo), lx1 = log10(f_hi);
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    cairo_t *cr = cairo_create(surf);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 11);
    char buf[64];
    cairo_set_line_width(cr, 1);
    for (double d = floor(lx0); d <= lx1 && d < floor(lx0) + 700; d += 1) { /* decades */
        double x = LEFT + (d - lx0) / (lx1 - lx0) * pw;
        if (x < LEFT)
            continue;
        cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
        cairo_move_to(cr, floor(x) + 0.5, TOP);
        cairo_line_to(cr, floor(x) + 0.5, TOP + ph);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        snprintf(buf, sizeof buf, "%g", pow(10, d));
        cairo_move_to(cr, x - 10, TOP + ph + 16);
        cairo_show_text(cr, buf);
    }
    double first, step;
    int n_ticks = axis_ticks(db_lo, db_hi, 8, &first, &step);
    for (int i = 0; i < n_ticks; i++) {
        double v = first + i * step;
        double y = TOP + ph - (v - db_lo) / (db_hi - db_lo) * ph;
        cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
        cairo_move_to(cr, LEFT, floor(y) + 0.5);
        cairo_line_to(cr, LEFT + pw, floor(y) + 0.5);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        axis_label(buf, sizeof buf, v, step);
        cairo_move_to(cr, 10, y + 4);
        cairo_show_text(cr, buf);
    }
    cairo_rectangle(cr, LEFT - 0.5, TOP - 0.5, pw + 1, ph + 1);
    cairo_stroke(cr);
    cairo_move_to(cr, LEFT + pw / 2 - 40, height - 10);
    cairo_show_text(cr, "frequency [Hz]");
    snprintf(buf, sizeof buf, "dB %s", unit);
    cairo_move_to(cr, 4, TOP - 6);
    cairo_show_text(cr, buf);
    for (size_t k = 0; k < n_channels; k++) {
        const double *c = colors[k % 6];
        cairo_set_source_rgb(cr, c[0], c[1], c[2]);
        cairo_set_line_width(cr, 1.2);
        int started = 0;
        for (size_t i = 1; i < n_freq; i++) {
            if (!(psd[k][i] > 0)) {
                started = 0;
                continue;
            }
            double x = LEFT + (log10(freq[i]) - lx0) / (lx1 - lx0) * pw;
            double y = TOP + ph - (10 * log10(psd[k][i]) - db_lo) / (db_hi - db_lo) * ph;
            if (started)
                cairo_line_to(cr, x, y);
            else
                cairo_move_to(cr, x, y);
            started = 1;
        }
        cairo_stroke(cr);
        double ly = TOP + 16 + 16 * (double)k; /* legend, top right */
        cairo_move_to(cr, LEFT + pw - 90, ly);
        cairo_line_to(cr, LEFT + pw - 70, ly);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        cairo_move_to(cr, LEFT + pw - 64, ly + 4);
        cairo_show_text(cr, names[k]);
    }
    cairo_destroy(cr);
    *out = surf;
    return PS_OK;
}

ps_status ps_plot_psd(const double *freq, const double *const *psd, const char *const *names,
                      size_t n_channels, size_t n_freq, int width, int height, const char *unit,
                      const char *png_path, const ps_output_rules *rules, ps_error *err)
{
    cairo_surface_t *surf;
    ps_status st = plot_psd_surface(freq, psd, names, n_channels, n_freq, width, height, unit,
                                    &surf, err);
    if (st != PS_OK)
        return st;
    st = plot_write_png(surf, png_path, rules, err);
    cairo_surface_destroy(surf);
    return st;
}
