/* What the partials of each analysis share (partial.c, partial_peaks.c, …): the JSON of
 * numbers and the head every partial starts with. */
#ifndef PICOSTREAM_PARTIAL_INT_H
#define PICOSTREAM_PARTIAL_INT_H

#include <jansson.h>
#include <stdbool.h>

#include "picostream/partial.h"
#include "picostream/peaks.h"

#define PARTIAL_FORMAT_VERSION 1

/* A double as JSON: a number, or "inf", "-inf", "nan" (JSON has none of them). */
json_t *partial_num(double v);
/* A number partial_num() wrote; false for anything else (a damaged partial). */
bool partial_num_ok(const json_t *j, double *v);
/* What every partial starts with: its format, analysis, recording, channels and piece. */
json_t *partial_head(ps_reader *r, ps_partial_kind kind, const int *channels,
                     size_t n_channels, ps_span piece);

/* One parsed partial and the range it covers. */
struct partial_piece {
    ps_span span;
    json_t *o;
};

/* peaks: the piece's partial into o["peaks"]; the merge of n pieces (sorted, tiling the
 * recording, of one configuration) into out->peaks. */
ps_status peaks_partial(ps_reader *r, int ch, ps_span piece, const ps_peaks_config *cfg,
                        json_t *o, ps_error *err);
ps_status peaks_merge(const struct partial_piece *p, size_t n, ps_merged *out, ps_error *err);

#endif
