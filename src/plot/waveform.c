/* The waveform overview: min/max per pixel column over the span, one lane per channel. */
#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "picostream/plot.h"
#include "../common/progress.h"
#include "plot_int.h"

#define LEFT 80
#define RIGHT 20
#define TOP 20
#define BOTTOM 50
#define LANE_GAP 14

/* Each column the min/max of the samples whose device index falls in it: the envelope placed
 * on the device-index grid at every gap-free stretch. */
static ps_status envelope(ps_reader *r, const int *ch, size_t n_ch, ps_span span, int w,
                          uint64_t g0, double g_span, struct plot_col *cols, ps_progress_fn progress,
                          void *parg, ps_error *err)
{
    size_t block = ps_reader_block_frames(r);
    ps_envelope *env = NULL;
    ps_status st = ps_envelope_create(&env, g_span / (double)w, err);
    if (st != PS_OK)
        return st;
    size_t cap = ps_envelope_max_out(env, block) + 1;
    double *x = malloc(block * sizeof *x);
    ps_envelope_bin *bins = malloc(cap * sizeof *bins);
    if (!x || !bins)
        st = ps_fail(err, PS_ERR_NOMEM, "plot: out of memory");
    for (size_t k = 0; k < n_ch && st == PS_OK; k++)
        for (uint64_t from = span.from; from < span.to && st == PS_OK;) {
            ps_span seg = ps_reader_segment(r, from, span.to);
            ps_envelope_restart(env, ps_reader_global_index(r, seg.from) - g0);
            for (uint64_t at = seg.from; at < seg.to && st == PS_OK; at += block) {
                size_t n = seg.to - at < block ? (size_t)(seg.to - at) : block;
                if ((st = ps_reader_read(r, at, n, (unsigned)ch[k], x, err)) != PS_OK)
                    break;
                size_t m = ps_envelope_process(env, x, n, bins);
                if (at + n == seg.to)
                    m += ps_envelope_finish(env, bins + m);
                for (size_t i = 0; i < m; i++)
                    if (bins[i].bin < (uint64_t)w) {
                        struct plot_col *c = &cols[k * (size_t)w + (size_t)bins[i].bin];
                        c->lo = fmin(c->lo, bins[i].lo);
                        c->hi = fmax(c->hi, bins[i].hi);
                    }
                st = common_progress(progress, parg,
                                       ((double)k + (double)(at + n - span.from) /
                                                        (double)(span.to - span.from)) /
                                           (double)n_ch,
                                       err);
            }
            from = seg.to;
        }
    free(x);
    free(bins);
    ps_envelope_destroy(env);
    return st;
}

ps_status plot_waveform_check(ps_reader *r, size_t n_channels, ps_span span, int width,
                              int height, ps_error *err)
{
    if (width < 200 || height < 100 || width > 20000 || height > 20000)
        return ps_fail(err, PS_ERR_ARG, "plot size %dx%d (200x100 … 20000x20000)", width, height);
    if (span.from >= span.to || span.to > ps_reader_frames(r))
        return ps_fail(err, PS_ERR_ARG, "empty or out-of-range selection");
    int ph = height - TOP - BOTTOM;
    int lane = (ph - (int)(n_channels - 1) * LANE_GAP) / (int)n_channels;
    if (lane < 20)
        return ps_fail(err, PS_ERR_ARG, "plot height %d too small for %zu lanes", height,
                       n_channels);
    return PS_OK;
}

int plot_waveform_columns(int width)
{
    return width - LEFT - RIGHT;
}

ps_status plot_waveform_surface(ps_reader *r, const int *channels, size_t n_channels,
                                ps_span span, int width, int height, const struct plot_col *cols,
                                cairo_surface_t **out, ps_error *err)
{
    *out = NULL;
    ps_status st = plot_waveform_check(r, n_channels, span, width, height, err);
    if (st != PS_OK)
        return st;
    const ps_sigmf_meta *m = ps_reader_meta(r);
    int pw = width - LEFT - RIGHT, ph = height - TOP - BOTTOM;
    int lane = (ph - (int)(n_channels - 1) * LANE_GAP) / (int)n_channels;
    uint64_t g0 = ps_reader_global_index(r, span.from), g1 = ps_reader_global_index(r, span.to - 1) + 1;
    double g_span = (double)(g1 - g0), rate = ps_reader_rate(r);
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    cairo_t *cr = cairo_create(surf);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 11);
    char buf[64];
    for (size_t k = 0; k < n_channels; k++) {
        const ps_sigmf_channel *c = &m->channel[channels[k]];
        int y0 = TOP + (int)k * (lane + LANE_GAP);
        double lo = -c->range_v - c->offset_v, hi = c->range_v - c->offset_v;
        if (!(c->range_v > 0)) { /* float recordings: the data's own extent */
            lo = INFINITY;
            hi = -INFINITY;
            for (int x = 0; x < pw; x++) {
                lo = fmin(lo, cols[k * (size_t)pw + (size_t)x].lo);
                hi = fmax(hi, cols[k * (size_t)pw + (size_t)x].hi);
            }
            if (!(hi > lo)) {
                lo = isfinite(lo) ? lo - 1 : -1;
                hi = isfinite(hi) ? hi + 1 : 1;
            }
        }
        double ys = lane / (hi - lo);
        /* frame, volt grid and labels */
        cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
        cairo_set_line_width(cr, 1);
        double first, step;
        int n_ticks = axis_ticks(lo, hi, 6, &first, &step);
        for (int i = 0; i < n_ticks; i++) {
            double v = first + i * step;
            double y = y0 + lane - (v - lo) * ys;
            cairo_move_to(cr, LEFT, floor(y) + 0.5);
            cairo_line_to(cr, LEFT + pw, floor(y) + 0.5);
            cairo_stroke(cr);
            axis_label(buf, sizeof buf, v, step);
            cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
            cairo_move_to(cr, 8, y + 4);
            cairo_show_text(cr, buf);
            cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
        }
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        cairo_rectangle(cr, LEFT - 0.5, y0 - 0.5, pw + 1, lane + 1);
        cairo_stroke(cr);
        snprintf(buf, sizeof buf, "%s [V]", c->name);
        cairo_move_to(cr, LEFT + 6, y0 + 14);
        cairo_show_text(cr, buf);
        /* the trace: one vertical stroke per column, joined to its neighbour */
        cairo_set_source_rgb(cr, 0.0, 0.2, 0.8);
        cairo_set_line_width(cr, 1);
        const struct plot_col *prev = NULL;
        for (int x = 0; x < pw; x++) {
            const struct plot_col *cc = &cols[k * (size_t)pw + (size_t)x];
            if (!(cc->hi >= cc->lo)) {
                prev = NULL; /* no samples: a gap stays blank */
                continue;
            }
            double a = cc->lo, b = cc->hi;
            if (prev) {
                a = fmin(a, prev->hi);
                b = fmax(b, prev->lo);
            }
            double ya = y0 + lane - (fmax(a, lo) - lo) * ys,
                   yb = y0 + lane - (fmin(b, hi) - lo) * ys;
            cairo_move_to(cr, LEFT + x + 0.5, ya + 0.5);
            cairo_line_to(cr, LEFT + x + 0.5, yb - 0.5);
            cairo_stroke(cr);
            prev = cc;
        }
    }
    /* time axis */
    const char *unit;
    double per_s, t_span = g_span / rate;
    axis_time_unit(t_span, &unit, &per_s);
    double first, step;
    int n_ticks = axis_ticks(0, t_span * per_s, 10, &first, &step);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    for (int i = 0; i < n_ticks; i++) {
        double t = first + i * step;
        double x = LEFT + t / per_s / t_span * pw;
        cairo_move_to(cr, floor(x) + 0.5, TOP + ph);
        cairo_line_to(cr, floor(x) + 0.5, TOP + ph + 5);
        cairo_stroke(cr);
        axis_label(buf, sizeof buf, t, step);
        cairo_move_to(cr, x - 8, TOP + ph + 18);
        cairo_show_text(cr, buf);
    }
    snprintf(buf, sizeof buf, "time [%s] from %.9g s (device time)", unit,
             ps_reader_time_s(r, span.from));
    cairo_move_to(cr, LEFT + pw / 2 - 60, height - 10);
    cairo_show_text(cr, buf);
    /* annotations: red markers with their labels */
    cairo_set_source_rgb(cr, 0.9, 0.0, 0.0);
    for (size_t i = 0; i < m->n_annotations; i++) {
        const ps_sigmf_annotation *a = &m->annotations[i];
        if (a->sample_start < span.from || a->sample_start >= span.to)
            continue;
        double x = LEFT + (double)(ps_reader_global_index(r, a->sample_start) - g0) / g_span * pw;
        cairo_move_to(cr, floor(x) + 0.5, TOP);
        cairo_line_to(cr, floor(x) + 0.5, TOP + ph);
        cairo_stroke(cr);
        cairo_move_to(cr, x + 3, TOP + 10);
        cairo_show_text(cr, a->label);
    }
    cairo_destroy(cr);
    *out = surf;
    return PS_OK;
}

ps_status ps_plot_waveform(ps_reader *r, const int *channels, size_t n_channels, ps_span span,
                           int width, int height, const char *png_path,
                           const ps_output_rules *rules, ps_progress_fn progress, void *parg,
                           ps_error *err)
{
    ps_status st = plot_waveform_check(r, n_channels, span, width, height, err);
    if (st != PS_OK)
        return st;
    int pw = plot_waveform_columns(width);
    uint64_t g0 = ps_reader_global_index(r, span.from), g1 = ps_reader_global_index(r, span.to - 1) + 1;
    struct plot_col *cols = malloc(n_channels * (size_t)pw * sizeof *cols);
    if (!cols)
        return ps_fail(err, PS_ERR_NOMEM, "plot: out of memory");
    for (size_t i = 0; i < n_channels * (size_t)pw; i++)
        cols[i] = (struct plot_col){INFINITY, -INFINITY};
    st = envelope(r, channels, n_channels, span, pw, g0, (double)(g1 - g0), cols, progress, parg,
                  err);
    cairo_surface_t *surf = NULL;
    if (st == PS_OK)
        st = plot_waveform_surface(r, channels, n_channels, span, width, height, cols, &surf,
                                   err);
    if (st == PS_OK)
        st = plot_write_png(surf, png_path, rules, err);
    if (surf)
        cairo_surface_destroy(surf);
    free(cols);
    return st;
}
