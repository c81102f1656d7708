/* What the format files share. */
#ifndef PICOSTREAM_FORMAT_INT_H
#define PICOSTREAM_FORMAT_INT_H

#include <stddef.h>

#include "picostream/status.h"

/* Replaces path with the bytes given: temp file in the same directory, fsync, rename, fsync
 * of the directory. On failure the old file is untouched and the temp file removed. */
ps_status atomic_file_replace(const char *path, const char *bytes, size_t n, ps_error *err);

#endif
