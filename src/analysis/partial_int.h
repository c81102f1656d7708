/* What the partials of each analysis share (partial.c, partial_peaks.c, …): the JSON of
 * numbers and the head every partial starts with. */
#ifndef PICOSTREAM_PARTIAL_INT_H
#define PICOSTREAM_PARTIAL_INT_H

#include <jansson.h>
#include <stdbool.h>

#include "picostream/partial.h"
#include "picostream/output.h"
#include "picostream/peaks.h"

#define PARTIAL_FORMAT_VERSION 2 /* 2: the recording's identity */

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

/* The parts of partials other analyses (the report's) are made of: stats moments as JSON;
 * o["psd"] of channels over piece on the whole recording's Welch grid; o["events"] of
 * channels[0]; and their merges over pieces p (sorted, tiling the recording) into out. */
json_t *partial_stats_json(const ps_stats *s);
ps_status partial_psd_json(ps_reader *r, const int *channels, size_t n_ch, ps_span piece,
                           const ps_welch_config *cfg, json_t *o, ps_error *err);
ps_status partial_events_json(ps_reader *r, const int *channels, size_t n_ch, ps_span piece,
                              const ps_events_config *cfg, uint64_t overlap, json_t *o,
                              ps_error *err);
/* The rules an events partial's "config" holds. */
ps_status partial_events_cfg_of(json_t *c, ps_events_config *cfg, ps_error *err);
ps_status partial_merge_stats(struct partial_piece *p, size_t n, ps_merged *out, ps_error *err);
ps_status partial_merge_psd(struct partial_piece *p, size_t n, ps_merged *out, ps_error *err);
ps_status partial_merge_events(struct partial_piece *p, size_t n, ps_merged *out,
                               ps_error *err);

/* peaks: the piece's partial into o["peaks"]; the merge of n pieces (sorted, tiling the
 * recording, of one configuration) into out->peaks. */
ps_status peaks_partial(ps_reader *r, int ch, ps_span piece, const ps_peaks_config *cfg,
                        json_t *o, ps_error *err);
ps_status peaks_merge(const struct partial_piece *p, size_t n, ps_merged *out, ps_error *err);

/* report: the page of n pieces (sorted, tiling r's recording) into html under rules
 * (report_partial.c). */
ps_status report_merge(struct partial_piece *p, size_t n, ps_reader *r, const char *html,
                       const ps_output_rules *rules, ps_error *err);

#endif
