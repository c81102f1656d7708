/* What the format files share. */
#ifndef PICOSTREAM_FORMAT_INT_H
#define PICOSTREAM_FORMAT_INT_H

#include <stddef.h>

#include "picostream/reader.h"
#include "picostream/status.h"

/* The folder path is in ("." for a bare name, "/" for one at the root), into dir. */
void format_dir_of(const char *path, char *dir, size_t len);

/* Replaces path with the bytes given: temp file in the same directory, fsync, rename, fsync
 * of the directory. On failure the old file is untouched and the temp file removed. */
ps_status atomic_file_replace(const char *path, const char *bytes, size_t n, ps_error *err);

/* NAME.picostream-overview, the folder of NAME's overview. */
void overview_dir_of(char *buf, size_t len, const char *name);

/* The overview of samples piece of r's recording into NAME.picostream-overview/: each level's
 * bins from piece.from >> k to (piece.to − 1) >> k, on the whole recording's grid, the first
 * and last holding the piece's samples only. */
ps_status overview_piece_build(ps_reader *r, ps_span piece, const char *name, ps_error *err);
/* The overviews of n pieces (names, spans: in order, tiling the recording) combined into
 * NAME.picostream-overview/, what ps_overview_build writes for the whole; level by level, each
 * level file replaced whole. */
ps_status overview_concat(const char *name, unsigned n_ch, const char *const *pieces,
                          const ps_span *spans, size_t n, ps_error *err);

#endif
