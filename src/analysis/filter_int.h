/* What the filter job's sequential and chunked (parallel) zero-phase paths share. */
#ifndef PICOSTREAM_FILTER_INT_H
#define PICOSTREAM_FILTER_INT_H

#include "analysis_int.h"

#define MAX_SECTIONS 32

struct job {
    ps_reader *r;
    const int *ch;
    size_t n_ch;
    ps_span span;   /* the gap-free stretch being filtered */
    ps_span only;   /* offsets of it whose output is wanted (a piece's share); all: 0…max */
    uint64_t out_at; /* where its output goes in the derived recording */
    uint64_t total;  /* samples of the whole selection, for progress */
    size_t block;
    ps_sosfilt *f[PS_SIGMF_MAX_CHANNELS];
    double *x, *y, *one;
    int tmp;
};

/* Reads frames [at, at+n) of the stretch's extended signal (odd extension of the span's
 * ends) into j->x, interleaved over the selected channels. */
ps_status filter_read_ext(struct job *j, int64_t at, size_t n, ps_error *err);

/* Runs j->f over n interleaved frames of buf in place. */
void filter_frames(struct job *j, double *buf, size_t n);

/* Samples after which the filter's response to a wrong starting state has fallen below 1e-16
 * of it (from the largest pole radius), or 0 if that is too long to be worth chunking. */
size_t filter_settle(const double *sos, size_t n_sections);

/* The chunk length of the chunked path: long against the settling margin (little work done
 * twice), otherwise the block. */
static inline size_t filter_chunk_len(size_t block, size_t settle)
{
    return block > 8 * settle ? block : 8 * settle;
}

/* sosfiltfilt (or, causal, sosfilt) of the stretch j->span (padded by pad) in overlapping
 * chunks, each started that many samples early and so equal to the one-pass result within
 * rounding, on `threads` threads, the output into w from j->out_at on. */
ps_status filter_chunked(struct job *j, const double *sos, size_t n_sections, ps_writer *w,
                         bool causal, size_t pad, size_t settle, unsigned threads,
                         ps_progress_fn progress, void *parg, ps_error *err);

/* "butter order 4 lowpass 1000 Hz, sosfiltfilt": the derived recording's description. */
void filter_description(const ps_filter_job *job, char *buf, size_t len);

#endif
