/* Bit-exact check of a recording made from the simulator, against its own formula. */
#ifndef PICOSTREAM_VERIFY_H
#define PICOSTREAM_VERIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "picostream/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ps_verify_report {
    uint64_t samples;      /* per channel, checked */
    uint64_t meta_samples; /* what the meta vouches for */
    unsigned n_channels;
    uint64_t n_captures;
    uint64_t lost_samples;   /* from the meta */
    uint64_t trailing_bytes; /* a torn last frame, ignored */
    uint64_t resynced;       /* captures whose estimated start had to be found */
    bool mismatch;
    uint64_t sample; /* first mismatch: data index */
    uint64_t global_index;
    char channel;
    int16_t got, expected;
} ps_verify_report;

/* Recomputes every sample of NAME from the simulator config in its meta and compares.
 * PS_OK when all match; PS_ERR_MISMATCH with the first difference in rep and err; other codes
 * for unreadable or non-simulator recordings. Any thread. */
PS_API ps_status ps_verify_recording(const char *name, ps_verify_report *rep, ps_error *err);

/* A fault the simulator injected into a recording: where its signal spec put it. */
typedef struct ps_sim_fault {
    char channel;         /* 'A'… */
    const char *kind;     /* "spike", "glitch", "dropout" */
    uint64_t global_index; /* device index of its first sample */
    uint64_t sample;       /* data index of its first sample */
    uint64_t length;
} ps_sim_fault;

/* Called per fault; non-zero stops the listing. */
typedef int (*ps_fault_fn)(void *arg, const ps_sim_fault *f);

/* Lists the faults the spec in NAME's meta injected into its recorded samples, per channel in
 * index order, recomputed from the spec (the meta does not list them: it stays small). Any
 * thread. */
PS_API ps_status ps_verify_faults(const char *name, ps_fault_fn fn, void *arg, ps_error *err);

#ifdef __cplusplus
}
#endif
#endif
