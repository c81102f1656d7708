/* Reading any ri16_le / rf32_le / rf64_le SigMF recording in blocks, in volts, and writing
 * float recordings (the outputs of filter, resample, envelope). */
#ifndef PICOSTREAM_READER_H
#define PICOSTREAM_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "picostream/output.h"
#include "picostream/sigmf.h"
#include "picostream/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ps_reader ps_reader;

typedef struct ps_span {
    uint64_t from, to; /* samples [from, to) of the recording */
} ps_span;

typedef struct ps_writer ps_writer;

/* Frames per block a new reader's jobs use: 65536. */
PS_API size_t ps_block_frames(void);

/* Opens NAME (or NAME.sigmf-meta / -data). Fails with PS_ERR_FORMAT, naming the problem, for a
 * malformed meta, an unsupported datatype, or a data file shorter than its meta says. */
PS_API ps_status ps_reader_open(ps_reader **out, const char *name, ps_error *err);
PS_API void ps_reader_close(ps_reader *r); /* NULL is fine */

PS_API const ps_sigmf_meta *ps_reader_meta(const ps_reader *r);
/* Frames per block every job over r reads (memory is bounded by it): ps_block_frames() unless
 * set. Tests set odd sizes so block edges fall at awkward places; results do not depend on it.
 * Set: PS_ERR_ARG outside 1…16777216. The reader's thread. */
PS_API size_t ps_reader_block_frames(const ps_reader *r);
PS_API ps_status ps_reader_set_block_frames(ps_reader *r, size_t frames, ps_error *err);
PS_API uint64_t ps_reader_frames(const ps_reader *r); /* samples per channel */
PS_API double ps_reader_rate(const ps_reader *r);     /* samples per second */

/* The recording's two files, valid until ps_reader_close (to protect them from outputs). */
PS_API const char *ps_reader_meta_path(const ps_reader *r);
PS_API const char *ps_reader_data_path(const ps_reader *r);
/* NAME as the files have it (the meta's path without ".sigmf-meta"): where files beside the
 * recording go, NAME.picostream-overview/ say. Valid until ps_reader_close. */
PS_API const char *ps_reader_name(const ps_reader *r);

/* The recording's identity as 64 hex digits (and a NUL): SHA-256 over what the meta says of
 * the data (type, rate, channels and scales, hardware, times, segments; not annotations) and
 * its length. Another recording by the same name, or this one changed, has another. */
PS_API void ps_reader_identity(const ps_reader *r, char hex[65]);

/* The device sample index of data sample idx: its capture segment's core:global_index plus
 * the offset into the segment (idx itself for a recording without segments). */
PS_API uint64_t ps_reader_global_index(const ps_reader *r, uint64_t idx);

/* The first data sample whose device index is ≥ global (the recording's frames if none): where
 * a device time falls, a time inside a gap giving the first sample after it. */
PS_API uint64_t ps_reader_index_at(const ps_reader *r, uint64_t global);

/* The gap-free stretch of data samples that starts at `at` and ends before `to`: [at, the
 * first capture segment after `at` whose device index jumps (a gap), or `to`). Every analysis
 * walks its span with this and restarts its state at each gap. */
PS_API ps_span ps_reader_segment(const ps_reader *r, uint64_t at, uint64_t to);

/* The whole gap-free stretch holding data sample at (< frames): from the last gap at or before
 * it (or the recording's start) to the next gap (or the end). */
PS_API ps_span ps_reader_stretch(const ps_reader *r, uint64_t at);

/* How many device samples were lost just before data sample idx (0 < idx < frames): the jump
 * in device index from idx − 1 to idx, 0 where idx continues idx − 1. */
PS_API uint64_t ps_reader_lost_before(const ps_reader *r, uint64_t idx);

/* The exact sample interval: the meta's picostream:interval_s, else 1 / core:sample_rate. */
PS_API double ps_reader_interval_s(const ps_reader *r);

/* The device time of data sample idx in seconds: its global index × the sample interval, so
 * times printed anywhere count the gaps. */
PS_API double ps_reader_time_s(const ps_reader *r, uint64_t idx);

/* Channel index for a name as the meta gives it ("A") or a 0-based number ("0"); -1 if none. */
PS_API int ps_reader_channel(const ps_reader *r, const char *name);

/* Reads frames [at, at+n) of channel ch in volts (raw × scale_v + offset_v) into out[n]. */
PS_API ps_status ps_reader_read(ps_reader *r, uint64_t at, size_t n, unsigned ch, double *out,
                                ps_error *err);

/* Reads frames [at, at+n) of every channel, interleaved, in volts, into out[n × channels]. */
PS_API ps_status ps_reader_read_all(ps_reader *r, uint64_t at, size_t n, double *out,
                                    ps_error *err);

/* Creates NAME.sigmf-data for float samples ("rf32_le" or "rf64_le") under a temporary name;
 * ps_writer_finish renames it into place and writes the meta. Both files obey rules (may be
 * NULL: nothing protected, nothing replaced): never an input's file, an existing recording only
 * with rules->overwrite. */
PS_API ps_status ps_writer_create(ps_writer **out, const char *name, const char *datatype,
                                  unsigned n_channels, const ps_output_rules *rules,
                                  ps_error *err);

/* Writes n interleaved frames at frame index `at` (any order; the file grows as needed).
 * Threads may write disjoint frames of one writer at the same time. */
PS_API ps_status ps_writer_write(ps_writer *w, uint64_t at, const double *frames, size_t n,
                                 ps_error *err);

/* Writes the meta (meta->datatype and n_channels are set from the writer) and closes. */
PS_API ps_status ps_writer_finish(ps_writer *w, ps_sigmf_meta *meta, ps_error *err);

/* Closes and deletes what was written, leaving nothing behind; NULL is fine. */
PS_API void ps_writer_abort(ps_writer *w);

#ifdef __cplusplus
}
#endif
#endif
