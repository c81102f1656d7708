/* Reads a PNG back with cairo for the plot tests.
 *   png_probe FILE size                          → "W H"
 *   png_probe FILE top X0 X1 R G B               → smallest y of a pixel of that colour in
 *                                                  columns [X0, X1), or -1
 *   png_probe FILE count X0 X1 Y0 Y1 R G B       → pixels of that colour in the box
 * Colours are 0-255, matched within 40 per component. */
#include <cairo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int match(uint32_t px, int r, int g, int b)
{
    int pr = (px >> 16) & 0xff, pg = (px >> 8) & 0xff, pb = px & 0xff;
    return abs(pr - r) <= 40 && abs(pg - g) <= 40 && abs(pb - b) <= 40;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    cairo_surface_t *s = cairo_image_surface_create_from_png(argv[1]);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "png_probe: %s: %s\n", argv[1],
                cairo_status_to_string(cairo_surface_status(s)));
        return 1;
    }
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    unsigned char *data = cairo_image_surface_get_data(s);
#define PX(x, y) (*(uint32_t *)(data + (size_t)(y) * (size_t)stride + 4 * (size_t)(x)))
    if (strcmp(argv[2], "size") == 0) {
        printf("%d %d\n", w, h);
    } else if (strcmp(argv[2], "top") == 0 && argc == 8) {
        int x0 = atoi(argv[3]), x1 = atoi(argv[4]), r = atoi(argv[5]), g = atoi(argv[6]),
            b = atoi(argv[7]), best = -1;
        for (int x = x0; x < x1 && x < w; x++)
            for (int y = 0; y < h; y++)
                if (match(PX(x, y), r, g, b)) {
                    if (best < 0 || y < best)
                        best = y;
                    break;
                }
        printf("%d\n", best);
    } else if (strcmp(argv[2], "count") == 0 && argc == 10) {
        int x0 = atoi(argv[3]), x1 = atoi(argv[4]), y0 = atoi(argv[5]), y1 = atoi(argv[6]);
        int r = atoi(argv[7]), g = atoi(argv[8]), b = atoi(argv[9]);
        long n = 0;
        for (int x = x0; x < x1 && x < w; x++)
            for (int y = y0; y < y1 && y < h; y++)
                n += match(PX(x, y), r, g, b);
        printf("%ld\n", n);
    } else {
        return 2;
    }
    cairo_surface_destroy(s);
    return 0;
}
