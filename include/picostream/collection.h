/* Recording sets: several devices recorded together, one SigMF recording each (NAME-1,
 * NAME-2, …), tied by NAME.sigmf-collection with each device's start time and its offset and
 * clock drift against device 1, from the host's clock or measured from a common reference
 * signal. */
#ifndef PICOSTREAM_COLLECTION_H
#define PICOSTREAM_COLLECTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "picostream/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PS_SET_MAX_DEVICES 8

/* One device of a set. Times in seconds; device k's sample n is taken at true time
 * offset_s + n × interval × (1 + drift_ppm × 1e-6) on device 1's time line. */
typedef struct ps_set_member {
    char name[256];      /* its recording, relative to the collection's folder: "SET-1" */
    char device[128];    /* "sim:ps6000a 6824E SIM6000" */
    double start_unix;   /* host clock when its streaming started */
    double start_uncertainty_s; /* sample 0 lies within ± this of start_unix */
    double offset_s;     /* its sample 0's time minus device 1's */
    double offset_uncertainty_s;
    double drift_ppm;    /* how much longer its sample interval is than device 1's (a slower
                            clock; negative: faster) */
    double drift_uncertainty_ppm;
    bool measured;       /* offset and drift from the common reference, not the host clock */
} ps_set_member;

typedef struct ps_collection {
    unsigned n;
    ps_set_member m[PS_SET_MAX_DEVICES];
    char align_on[64]; /* the reference channels measured from ("1:D,2:H"); "" when none */
} ps_collection;

/* Writes SET.sigmf-collection atomically: the SigMF streams (each member's meta with its
 * SHA-512) and picostream's devices and alignment. Any thread. */
PS_API ps_status ps_collection_write(const char *set, const ps_collection *c, ps_error *err);

/* Reads SET or SET.sigmf-collection into *c (zeroed first), and checks every member's meta
 * against the SHA-512 the set holds: PS_ERR_FORMAT naming the member that changed or was
 * swapped (ps_collection_write with what is read re-hashes it, as picostream align --rehash). */
PS_API ps_status ps_collection_read(const char *set, ps_collection *c, ps_error *err);
/* The same without the hash check: for re-hashing a set whose members changed on purpose (an
 * annotation, a meta repaired after a killed capture). */
PS_API ps_status ps_collection_read_unverified(const char *set, ps_collection *c, ps_error *err);

/* The path of member k's recording (the collection's folder joined to its name) into buf. */
PS_API ps_status ps_collection_member(const char *set, const ps_collection *c, unsigned k,
                                      char *buf, size_t len, ps_error *err);

/* True when name (without extension) names a collection: NAME.sigmf-collection exists. */
PS_API bool ps_collection_exists(const char *name);

/* Measures member b's offset and clock drift against member a's from one channel of each that
 * carries the same reference signal: the lag of the cross-correlation's peak (within
 * ±max_lag_s, refined to a fraction of a sample) in `windows` windows of window_s along the
 * whole run, then a straight line through them. Writes offset, drift and their uncertainties
 * (one standard error; at least a tenth of a sample) into c->m[b], relative to a's. The two
 * recordings must have the same sample rate. Main thread; reads the files out of core. */
PS_API ps_status ps_collection_align(const char *set, ps_collection *c, unsigned a,
                                     const char *channel_a, unsigned b, const char *channel_b,
                                     double max_lag_s, ps_error *err);

/* scipy.signal.correlate of channel_a of member a with channel_b of member b at lags lo…hi
 * (samples of a), b placed on a's time line by the collection's offset and drift: piecewise,
 * each piece shifted by whole samples so that no pair is off by more than half a sample.
 * Both at one sample rate. Out of core; main thread. */
PS_API ps_status ps_collection_xcorr(const char *set, const ps_collection *c, unsigned a,
                                     const char *channel_a, unsigned b, const char *channel_b,
                                     int64_t lo, int64_t hi, double *out, ps_error *err);

/* ---- recording several devices at once (capture_set.c) ---- */
typedef struct ps_set ps_set;
typedef struct ps_capture ps_capture;
typedef struct ps_device ps_device;
typedef struct ps_capture_config ps_capture_config;

/* Starts devs[0 … n) one after another, as close together as the host allows, each recording
 * with cfgs[k] (its name is replaced by SET-k+1) in threads of its own, then writes
 * SET.sigmf-collection with each start time and the host clock's offsets. A device that fails
 * to start stops the ones already started and removes every file (PS_ERR_ARG or the device's
 * error, naming it). The devices stay the caller's. Main thread. */
PS_API ps_status ps_set_start(ps_set **out, const char *set, ps_device *const *devs,
                              const ps_capture_config *cfgs, unsigned n, ps_error *err);

/* Device k's capture (for its stats); NULL past the last. Any thread. */
PS_API ps_capture *ps_set_capture(ps_set *s, unsigned k);
PS_API unsigned ps_set_size(const ps_set *s);

/* Asks every device's capture to end. Main thread. */
PS_API void ps_set_request_stop(ps_set *s);

/* True once every device's capture has ended by itself. Any thread. */
PS_API bool ps_set_done(const ps_set *s);

/* Finishes every capture (each keeps its own error: errs[k], statuses[k], either may be
 * NULL) and rewrites the collection with the final metas' hashes; returns the first device's
 * error, or the collection's. One device's failure never stops the others. Main thread. */
PS_API ps_status ps_set_finish(ps_set *s, ps_status *statuses, ps_error *errs, ps_error *err);

/* The collection as written (after ps_set_finish: final). */
PS_API const ps_collection *ps_set_collection(const ps_set *s);

/* Frees the set (finishing it first if needed); NULL is fine. */
PS_API void ps_set_destroy(ps_set *s);

#ifdef __cplusplus
}
#endif
#endif
