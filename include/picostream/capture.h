/* A streaming capture session: device → poller thread → ring → writer thread → SigMF files. */
#ifndef PICOSTREAM_CAPTURE_H
#define PICOSTREAM_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "picostream/device.h"
#include "picostream/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ps_capture ps_capture;

typedef struct ps_capture_config {
    const char *name; /* output NAME: NAME.sigmf-data and NAME.sigmf-meta */
    bool overwrite;   /* replace an existing recording of that name */
    ps_device_config device;
    uint64_t max_samples;          /* per channel, device samples from the start; 0 = none */
    double duration_s;             /* 0 = none; with max_samples the earlier wins */
    double trigger_wait_s;         /* > 0: no trigger within this much device time ends the
                                      capture with PS_ERR_TIMEOUT ("no trigger"); 0 = wait */
    bool lossless;                 /* the first lost sample stops the capture with PS_ERR_LOST */
    double no_data_timeout_s;      /* the device delivering nothing this long is an error;
                                      0 = 10 s */
    double split_s;                /* > 0: a new file NAME-0002, … every this many seconds */
    uint64_t split_bytes;          /* > 0: … or at this data size, whichever comes first */
    size_t ring_frames;            /* 0: about 2 s at the rate, at least 1 Mi frames */
    double sync_interval_s;        /* fdatasync + meta every this many seconds; 0 = only at end */
    uint64_t throttle_bytes_per_s; /* test only: slow the writer down; 0 = full speed */
    double poll_delay_s;           /* test only: sleep this long after every poll */
    bool no_backpressure;          /* test only: poll even when the ring is full (drop there) */
    bool buffered_io;              /* write through the page cache even where O_DIRECT works */
    bool no_overview;              /* no NAME.picostream-overview/ beside the recording */
} ps_capture_config;

typedef struct ps_capture_stats {
    double elapsed_s;
    uint64_t samples;  /* per channel, device samples covered (recorded + lost) */
    uint64_t recorded; /* per channel, in the ring or on disk */
    uint64_t written;  /* per channel, on disk */
    uint64_t lost;     /* per channel; after finish exactly the meta's picostream:lost_samples */
    uint64_t n_bytes;  /* data bytes written */
    uint64_t gaps;     /* after finish: jumps between segments, plus one for a loss at the end */
    size_t ring_fill, ring_capacity; /* frames */
    uint16_t overflow;               /* channels that went over range since the start, bit 0 = A */
    bool triggered;
    bool waiting_for_trigger; /* a trigger is set and has not come yet */
    bool direct_io;           /* the data file is written with O_DIRECT (no page-cache copy) */
    bool running;
} ps_capture_stats;

/* Starts the device with cfg->device, then creates the files and the threads. On failure
 * nothing is left behind: no files, the device stopped. params receives what the device
 * really runs at. Main thread. */
PS_API ps_status ps_capture_start(ps_capture **out, ps_device *dev, const ps_capture_config *cfg,
                                  ps_stream_params *params, ps_error *err);

/* Asks the capture to end; returns at once. Main thread (not from a signal handler). */
PS_API void ps_capture_request_stop(ps_capture *cap);

/* True once the capture has ended by itself (target reached, autoStop, error). Any thread. */
PS_API bool ps_capture_done(const ps_capture *cap);

/* A copy of the counters. Any thread. */
PS_API void ps_capture_get_stats(const ps_capture *cap, ps_capture_stats *stats);

/* The counters of the raw samples recorded beside a reduced stream (downsample_keep_raw), in
 * NAME-raw; false (stats untouched) when the capture has none. Any thread. */
PS_API bool ps_capture_get_raw_stats(const ps_capture *cap, ps_capture_stats *stats);

/* Waits for the threads, finalises the meta and returns the first error of the session (device,
 * disk, or PS_ERR_LOST under lossless). The recording stays valid either way. Main thread. */
PS_API ps_status ps_capture_finish(ps_capture *cap, ps_capture_stats *stats, ps_error *err);

/* When the device's streaming started by the host's clock (its sample 0, the time the meta's
 * datetimes count from: the middle of the call that started acquisition) and half that call's
 * length: sample 0 came within ± that. Any thread after ps_capture_start. */
PS_API void ps_capture_start_time(const ps_capture *cap, double *unix_s, double *uncertainty_s);

/* Frees the session (finishing it first if needed); NULL is fine. */
PS_API void ps_capture_destroy(ps_capture *cap);

#ifdef __cplusplus
}
#endif
#endif
