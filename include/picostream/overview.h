/* The min/max overview pyramid beside a recording, NAME.picostream-overview/: for zooming from a
 * whole day to single samples while reading at most a few thousand values.
 *
 * Layout: a directory with one file per level, "L08.f32", "L11.f32", … "L32.f32": level k holds
 * one record per 2^k data samples (bin j covers data samples [j·2^k, (j+1)·2^k)), each record
 * n_channels × (min, max) as little-endian float32 volts, channels in the recording's order.
 * Levels go up by 8×; a file holds whole records only, so a torn write (SIGKILL) loses at most
 * the last record; the last partial bin of each level is written when the recording ends.
 * Bins count data samples, so a bin may straddle a gap; gaps are in the meta's segments. */
#ifndef PICOSTREAM_OVERVIEW_H
#define PICOSTREAM_OVERVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "picostream/analysis.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PS_OVERVIEW_K0 8      /* level 0: bins of 256 samples */
#define PS_OVERVIEW_STEP 3    /* each level's bins are 8 of the level below */
#define PS_OVERVIEW_LEVELS 9  /* 2^8 … 2^32 */

/* The streaming builder: feed frames in order, records come out as bins complete. No file I/O
 * (ps_overview_writer does that); one thread at a time. */
typedef struct ps_pyramid ps_pyramid;
/* Called per completed bin: level 0…, bin index, n_ch (min, max) pairs in lo[], hi[]. */
typedef int (*ps_pyramid_fn)(void *arg, unsigned level, uint64_t bin, const float *lo,
                             const float *hi);
PS_API ps_status ps_pyramid_create(ps_pyramid **out, unsigned n_channels, ps_error *err);
/* n interleaved frames of volts (double), or of int16 codes with per-channel scale and offset
 * (volts = code × scale + offset). Returns non-zero if fn did. */
PS_API int ps_pyramid_feed(ps_pyramid *p, const double *frames, size_t n, ps_pyramid_fn fn,
                           void *arg);
PS_API int ps_pyramid_feed_codes(ps_pyramid *p, const int16_t *frames, size_t n,
                                 const double *scale, const double *offset, ps_pyramid_fn fn,
                                 void *arg);
/* The pyramid of a piece of the data: its first sample is data sample `first` (bins stay on
 * the whole data's grid; the piece's first and last bins hold its own samples only, for
 * min/max with its neighbours'). Before the first feed. */
PS_API void ps_pyramid_start_at(ps_pyramid *p, uint64_t first);
/* Emits every level's open partial bin (the end of the data). */
PS_API int ps_pyramid_finish(ps_pyramid *p, ps_pyramid_fn fn, void *arg);
PS_API void ps_pyramid_destroy(ps_pyramid *p); /* NULL is fine */

/* The builder and its files, for one recording being written (the capture's writer thread) or
 * built after the fact. Creates (replaces) NAME.picostream-overview/, unsealed: fresh level
 * files, never written through links. */
typedef struct ps_overview_writer ps_overview_writer;
PS_API ps_status ps_overview_writer_create(ps_overview_writer **out, const char *name,
                                           unsigned n_channels, ps_error *err);
PS_API ps_status ps_overview_writer_feed_codes(ps_overview_writer *w, const int16_t *frames,
                                               size_t n, const double *scale,
                                               const double *offset, ps_error *err);
PS_API ps_status ps_overview_writer_feed(ps_overview_writer *w, const double *frames, size_t n,
                                         ps_error *err);
/* Pushes what is buffered to the files (at the capture's sync points). */
PS_API ps_status ps_overview_writer_flush(ps_overview_writer *w, ps_error *err);
/* complete: write the partial last bins. Then closes and frees (NULL is fine). */
PS_API ps_status ps_overview_writer_close(ps_overview_writer *w, bool complete, ps_error *err);

/* Builds the overview beside r's recording (ps_reader_name) from its data, out of core (any
 * recording the reader opens), and seals it. Until sealed an overview is incomplete: a build or
 * capture interrupted leaves one that ps_overview_check refuses. */
PS_API ps_status ps_overview_build(ps_reader *r, ps_progress_fn progress, void *parg,
                                   ps_error *err);
/* The same, into the folder of the name `at` instead (AT.picostream-overview/), for a recording
 * whose own folder cannot be written (read-only storage). */
PS_API ps_status ps_overview_build_as(ps_reader *r, const char *at, ps_progress_fn progress,
                                      void *parg, ps_error *err);

/* Removes NAME.picostream-overview/ and what it holds (its levels and seal); nothing else. */
PS_API void ps_overview_remove(const char *name);

/* Marks NAME's overview complete for its recording as it is now: its channels, length and
 * identity (ps_reader_identity: what its meta says of the data). n_channels and frames must be
 * the recording's (PS_ERR_BUG otherwise). The capture's writer calls it once data and meta are
 * final. */
PS_API ps_status ps_overview_seal(const char *name, unsigned n_channels, uint64_t frames,
                                  ps_error *err);

/* PS_OK when the overview beside r's recording (or AT.picostream-overview/ when at is not NULL)
 * is sealed for this very recording and every level holds exactly its bins; PS_ERR_FORMAT with
 * the reason otherwise (missing or interrupted, stale after the recording was replaced, a short
 * level). Any thread. */
PS_API ps_status ps_overview_check(ps_reader *r, const char *at, ps_error *err);

/* Reads bins [first, first + n) of level into lo/hi (n × n_channels each, capacity n); *got the
 * bins the file holds of those. NAME as given to the writer. Any thread. */
PS_API ps_status ps_overview_read(const char *name, unsigned level, unsigned n_channels,
                                  uint64_t first, size_t n, float *lo, float *hi, size_t *got,
                                  ps_error *err);

#ifdef __cplusplus
}
#endif
#endif
