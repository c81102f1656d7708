/* What the capture files share: the session object, gap list, and the two threads' entries. */
#ifndef PICOSTREAM_CAPTURE_INT_H
#define PICOSTREAM_CAPTURE_INT_H

#include <pthread.h>
#include <stdatomic.h>

#include "picostream/capture.h"
#include "picostream/ring.h"
#include "picostream/sigmf.h"

#define GAP_PENDING_MAX 64

/* A discontinuity: data sample sample_start is device sample global_index. */
struct gap {
    uint64_t sample_start;
    uint64_t global_index;
    bool estimated;
};

/* The captures list, appended by the poller, read by the writer. */
struct gap_list {
    pthread_mutex_t lock;
    struct gap *items;
    size_t n, cap;
};

int gaps_init(struct gap_list *g);
void gaps_free(struct gap_list *g);
/* Appends (or, at the same sample_start as the last, replaces its resume index: one gap);
 * returns 0 or -1 when out of memory. Poller thread (never inside the callback). */
int gaps_add(struct gap_list *g, const struct gap *gap);
/* How many runs are listed. Any thread. */
size_t gaps_count(struct gap_list *g);
/* Copies the gaps whose sample_start ≤ up_to into a fresh array (caller frees). */
size_t gaps_copy(struct gap_list *g, uint64_t up_to, struct gap **out);

struct ps_capture {
    ps_device *dev;
    ps_capture_config cfg;
    ps_stream_params params;
    ps_device_info info;
    ps_ring *ring;
    unsigned n_ch;      /* values per frame on disk */
    unsigned n_words;   /* 16-bit words per frame in the ring: n_ch, or 2 × n_ch (4-byte values) */
    size_t frame_bytes; /* on disk: n_ch × 1 (ri8), 2 (ri16_le) or 4 (ri32_le, rf32_le) */
    bool eight_bit;
    char meta_path[4096], data_path[4096], reserve_path[4200];
    int data_fd;
    bool direct; /* data_fd has O_DIRECT: aligned writes only */
    int tail_fd; /* the same file through the page cache, for a partial block under O_DIRECT */
    size_t align_frames; /* frames per 4 KiB-aligned unit: direct writes are multiples of it */
    _Atomic bool direct_fallback; /* an unaligned write forced buffered I/O (reported) */
    _Atomic bool direct_on;       /* direct, published for ps_capture_get_stats */
    /* --split: files NAME-0001, NAME-0002, …; the current one holds data samples from part_base */
    unsigned part_no; /* 0 = one file, no split */
    uint64_t part_base;
    uint64_t split_samples;
    bool part_closing; /* the meta being written finishes a part that continues */
    double start_unix;    /* wall clock of device sample 0: when the device's start returned */
    double start_uncertainty_s; /* ± how long that call took: sample 0 came within it */
    double start_mono;    /* monotonic seconds at device start */
    uint64_t max_samples; /* per channel, 0 = none */

    bool is_sim; /* its signal spec (info.sim_spec) goes in the meta; verify recomputes */
    /* keep_raw: the raw samples beside the reduced stream, recorded as NAME-raw by a second
     * writer; the poller fills both. parent: set on that second recording. */
    struct ps_capture *raw;
    struct ps_capture *parent;
    char raw_name[4096]; /* the raw companion's own name: cfg.name points here */

    struct gap_list gaps;
    pthread_t poller, writer;
    bool poller_started, writer_started;
    bool finished;

    _Atomic bool stop_requested; /* main → poller */
    _Atomic bool poller_done;    /* poller → writer: nothing more will be pushed */
    _Atomic bool writer_done;
    _Atomic bool failed; /* any thread → poller: stop now */

    /* Counters: relaxed atomics, readers take copies. */
    _Atomic uint64_t c_samples, c_recorded, c_written, c_lost, c_bytes;
    _Atomic uint64_t end_dev; /* device index after the last sample the driver delivered */
    _Atomic uint64_t c_unwritten; /* in the ring when the disk failed */
    _Atomic uint32_t c_overflow;
    _Atomic bool c_triggered;
    _Atomic bool has_first;       /* the recording's first device index is known */
    _Atomic uint64_t first_index; /* device index of data sample 0 */
    _Atomic bool has_trigger;
    _Atomic uint64_t trigger_sample;

    /* The first error of the session wins; guarded by err_lock. */
    pthread_mutex_t err_lock;
    ps_error err;
    char stop_reason[160];
    /* after finish: the loss figures of the meta, for the summary (one record, one answer) */
    bool final_known;
    uint64_t final_lost, final_gaps;
};

/* The loss figures of data samples [base, samples) of the capture, from the gap list: jumps
 * between runs inside that range, and with at_end what was lost after its last sample. */
struct loss {
    uint64_t lost;    /* jumps + lost_at_end */
    uint64_t n_gaps;  /* jumps > 0, plus one for a loss at the end */
    uint64_t lost_at_end;
};
void capture_account(struct ps_capture *cap, uint64_t base, uint64_t samples, bool at_end,
                     struct loss *out);

/* Records the first error and asks every thread to stop. Any capture thread. */
void capture_fail(struct ps_capture *cap, const ps_error *e, const char *reason);
/* Records why the capture stopped (first reason wins). */
void capture_set_reason(struct ps_capture *cap, const char *reason);

/* The poller serves the capture and its raw companion; the writer one recording each. */
void *poller_main(void *arg);
void *writer_main(void *arg);

/* Builds and writes the meta for `samples` flushed samples. Writer thread (or main once the
 * writer has ended). */
ps_status capture_write_meta(struct ps_capture *cap, uint64_t samples, bool complete,
                             ps_error *err);

double capture_mono_now(void);

/* Creates the current part's data file (O_DIRECT where possible) and its first meta. Main
 * thread at start; writer thread when it moves to the next part. */
ps_status capture_create_files(struct ps_capture *cap, ps_error *err);
/* Deletes the current part's reserve file, before its last meta. */
void capture_release_reserve(struct ps_capture *cap);

#endif
