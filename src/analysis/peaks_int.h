/* What peaks_run.c and peaks_right.c share: the right sides of prominence, found on a thread
 * of their own while the forward pass finds the left sides. */
#ifndef PICOSTREAM_PEAKS_INT_H
#define PICOSTREAM_PEAKS_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "analysis_int.h"

/* One local maximum's right side: its index (plateau midpoint, of the stretch), the lowest
 * sample on the way to the nearest strictly higher one and where it is (UINT64_MAX: none
 * lower, the peak's own). */
struct peaks_right_rec {
    uint64_t index;
    double min;
    uint64_t base;
};

struct peaks_right {
    char meta_path[4096];
    size_t block;
    int ch;
    ps_span span;
    ps_peaks_config cfg;
    atomic_int *stop; /* set by the caller: the pass ends at its next block */
    atomic_int failed; /* set by the pass: the caller's forward pass need not go on */
    atomic_uint_fast64_t done; /* samples passed, for the caller's progress */
    int fd;           /* the records, in falling index order */
    uint64_t n;
    bool threaded;
    pthread_t tid;
    ps_status st;
    ps_error err;
};

/* Starts the pass over stretch span of channel ch (the maxima passing cfg's height, whose
 * right side can reach its prominence minimum) into a temporary file in cfg->tmp_dir: on a
 * thread with a reader of its own for a long stretch; for a short one (or without a thread)
 * peaks_right_finish runs it with r. */
ps_status peaks_right_start(struct peaks_right *pr, ps_reader *r, int ch, ps_span span,
                            const ps_peaks_config *cfg, atomic_int *stop, ps_error *err);
/* Waits for the pass, reporting its progress as base … base + scale of the caller's and
 * stopping it on a cancel (or runs it, without a thread); its status. */
ps_status peaks_right_finish(struct peaks_right *pr, ps_reader *r, ps_progress_fn progress,
                             void *parg, double base, double scale, ps_error *err);
void peaks_right_close(struct peaks_right *pr);
/* Reads records [at, at + n) of the file; -1 on failure. */
int peaks_right_get(int fd, uint64_t at, struct peaks_right_rec *p, size_t n);

#endif
