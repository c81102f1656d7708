/* /api/csv as a stream: a block of samples read and formatted each time the client has taken
 * the last one, so a window of 10^7 samples costs one block of memory, not a gigabyte. */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "picostream/reader.h"
#include "view_int.h"

#define CSV_BLOCK 2048 /* frames formatted at a time */
#define CELL 26        /* "%.17g" of a double and its comma */

struct csv_stream {
    ps_reader *r;
    uint64_t at, to;
    unsigned n_ch;
    double *x;
    char *text;
    size_t len, off, cap;
    bool header_sent;
};

static void put(struct csv_stream *s, const char *fmt, double v)
{
    int k = snprintf(s->text + s->len, s->cap - s->len, fmt, v);
    if (k > 0)
        s->len += (size_t)k < s->cap - s->len ? (size_t)k : s->cap - s->len - 1;
}

/* The next piece of text: the header, then a block of rows; -1 at a read error. */
static int refill(struct csv_stream *s)
{
    const ps_sigmf_meta *m = ps_reader_meta(s->r);
    s->len = s->off = 0;
    if (!s->header_sent) {
        s->header_sent = true;
        s->len = (size_t)snprintf(s->text, s->cap, "time_s");
        for (unsigned k = 0; k < s->n_ch && s->len < s->cap; k++)
            s->len += (size_t)snprintf(s->text + s->len, s->cap - s->len, ",%s",
                                       m->channel[k].name);
        if (s->len + 1 < s->cap)
            s->text[s->len++] = '\n';
        return 0;
    }
    size_t n = s->to - s->at < CSV_BLOCK ? (size_t)(s->to - s->at) : CSV_BLOCK;
    if (ps_reader_read_all(s->r, s->at, n, s->x, NULL) != PS_OK)
        return -1;
    for (size_t i = 0; i < n; i++) {
        put(s, "%.17g", ps_reader_time_s(s->r, s->at + i));
        for (unsigned k = 0; k < s->n_ch; k++)
            put(s, ",%.17g", s->x[i * s->n_ch + k]);
        if (s->len + 1 < s->cap)
            s->text[s->len++] = '\n';
    }
    s->at += n;
    return 0;
}

static ssize_t more(void *cls, uint64_t pos, char *buf, size_t max)
{
    struct csv_stream *s = cls;
    (void)pos;
    if (s->off == s->len) {
        if (s->header_sent && s->at == s->to)
            return MHD_CONTENT_READER_END_OF_STREAM;
        if (refill(s) < 0)
            return MHD_CONTENT_READER_END_WITH_ERROR; /* the client sees a cut transfer */
    }
    size_t k = s->len - s->off < max ? s->len - s->off : max;
    memcpy(buf, s->text + s->off, k);
    s->off += k;
    return (ssize_t)k;
}

static void done(void *cls)
{
    struct csv_stream *s = cls;
    ps_reader_close(s->r);
    free(s->x);
    free(s->text);
    free(s);
}

struct MHD_Response *view_csv_response(struct ps_reader *r, unsigned long long from,
                                       unsigned long long to)
{
    struct csv_stream *s = calloc(1, sizeof *s);
    unsigned n_ch = ps_reader_meta(r)->n_channels;
    size_t cap = (size_t)CSV_BLOCK * CELL * (n_ch + 1) + 4096; /* header names ≤ 16 × 64 */
    if (s) {
        *s = (struct csv_stream){r, from, to, n_ch, malloc(CSV_BLOCK * n_ch * sizeof(double)),
                                 malloc(cap), 0, 0, cap, false};
    }
    struct MHD_Response *resp =
        s && s->x && s->text
            ? MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, more, s, done)
            : NULL;
    if (!resp) {
        if (s) {
            done(s);
        } else {
            ps_reader_close(r);
        }
    }
    return resp;
}
