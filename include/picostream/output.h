/* Output files made safely: one rule for every file a command writes. An output may never be
 * (or link to) a file of an input recording, replaces an existing file only when asked, and is
 * written under a temporary name beside it and renamed into place, so an error never leaves a
 * truncated file nor removes the one that was there. */
#ifndef PICOSTREAM_OUTPUT_H
#define PICOSTREAM_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "picostream/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PS_OUTPUT_MAX_INPUTS 16

/* One protected input, as it was when protected: the file itself (any name or link to it), or a
 * directory and everything under it (a recording's sidecar). The name is for messages. */
typedef struct ps_output_input {
    uint64_t dev, ino;
    bool tree;
    char name[240];
} ps_output_input;

/* What an output must respect. Zero-initialise; the rules keep copies, never the caller's
 * strings. */
typedef struct ps_output_rules {
    bool overwrite; /* an existing regular file may be replaced */
    ps_output_input inputs[PS_OUTPUT_MAX_INPUTS];
    size_t n_inputs;
} ps_output_rules;

typedef struct ps_output ps_output;

/* Adds a file or directory to protect, identified now (device and inode): a path that does not
 * exist protects nothing. PS_ERR_ARG when full. Any thread, one rules object at a time. */
PS_API ps_status ps_output_rules_protect(ps_output_rules *rules, const char *path, ps_error *err);

/* Protects every file of the recording NAME (as ps_sigmf_paths names them): its meta, its data
 * and its sidecar directory NAME.picostream-overview/ with all it holds. */
PS_API ps_status ps_output_rules_protect_recording(ps_output_rules *rules, const char *name,
                                                   ps_error *err);

/* Checks path against the rules without creating anything: PS_ERR_ARG "OUT is the input
 * recording's file IN", "OUT is inside the input recording's IN", "OUT already exists (pass
 * --overwrite to replace it)", "OUT is a directory", "OUT is a block device: refused" (and
 * sockets). A character device or FIFO that exists (/dev/null, a pipe) is written in place,
 * never replaced, with or without overwrite. rules may be NULL (nothing protected, no
 * overwrite). Any thread. */
PS_API ps_status ps_output_check(const char *path, const ps_output_rules *rules, ps_error *err);

/* Checks path, then creates a temporary file ".BASE.ps-tmp-XXXXXX" beside it (same directory, so the
 * rename is atomic), locked while it is written; temporary files of BASE that no process holds
 * (left by a killed run) are removed first. A character device or FIFO is opened in place
 * (a FIFO nobody reads is refused rather than waited on). *out is NULL on failure. The caller
 * writes through ps_output_stream or to ps_output_tmp_path, then calls exactly one of commit or
 * abort. */
PS_API ps_status ps_output_open(ps_output **out, const char *path, const ps_output_rules *rules,
                                ps_error *err);

/* The temporary file as a stdio stream ("wb"), owned by o. */
PS_API FILE *ps_output_stream(ps_output *o);

/* The temporary file's path (the path itself for a device or FIFO), for writers that take a
 * path (cairo); valid until commit/abort. */
PS_API const char *ps_output_tmp_path(const ps_output *o);

/* The final path. */
PS_API const char *ps_output_path(const ps_output *o);

/* Flushes, fsyncs and renames the temporary file to the final path, after checking the rules
 * again (the target may have appeared meanwhile). Frees o in every case; on failure the
 * temporary file is removed and whatever was at path is untouched. */
PS_API ps_status ps_output_commit(ps_output *o, ps_error *err);

/* Removes the temporary file (a device or FIFO is only closed) and frees o. NULL is fine. */
PS_API void ps_output_abort(ps_output *o);

#ifdef __cplusplus
}
#endif
#endif
