/* SigMF recordings: NAME.sigmf-data (headerless interleaved samples) + NAME.sigmf-meta (JSON),
 * with picostream's extension namespace for volts scaling, gaps and the simulator's config. */
#ifndef PICOSTREAM_SIGMF_H
#define PICOSTREAM_SIGMF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "picostream/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PS_SIGMF_MAX_CHANNELS 16

typedef struct ps_sigmf_channel {
    char name[16];
    double range_v;
    char coupling[8]; /* "AC", "DC", "DC50" (50 Ω) */
    int32_t adc_max;
    double scale_v; /* volts = raw × scale_v + offset_v */
    double offset_v;
    char probe[24]; /* the probe the unit reported on this input ("D9-BNC"); "" when none */
    /* what raw × scale_v + offset_v is in: "volts" (also when absent from a meta), "degC",
     * "amps"; the _v names stay for every unit */
    char unit[8];
    /* data loggers: the lowest code (0 on the unipolar PicoLog 1000) and what the input
     * measures ("K" thermocouple, "10mV/A" clamp, "diff"); has_adc_min false elsewhere */
    bool has_adc_min;
    int32_t adc_min;
    char sensor[8];
} ps_sigmf_channel;

/* One gap-free run: data sample sample_start is device sample global_index. */
typedef struct ps_sigmf_capture {
    uint64_t sample_start;
    uint64_t global_index;
    char datetime[40]; /* ISO 8601 UTC of its first sample */
    bool estimated;    /* global_index inferred from the clock (the driver cannot say) */
} ps_sigmf_capture;

/* An annotation: an event found in the data (picostream events --annotate), or anyone's. */
typedef struct ps_sigmf_annotation {
    uint64_t sample_start;
    uint64_t sample_count;
    char label[64];
    char comment[192];
} ps_sigmf_annotation;

typedef struct ps_sigmf_meta {
    char datatype[16]; /* "ri8", "ri16_le", "ri32_le", "rf32_le", "rf64_le" */
    double sample_rate_hz;
    unsigned n_channels;
    char hw[256];
    char recorder[64];
    char datetime[40];
    char description[256];
    ps_sigmf_channel channel[PS_SIGMF_MAX_CHANNELS];
    /* picostream: */
    bool has_picostream;
    unsigned resolution_bits;
    double interval_s; /* exact sample interval the driver runs at (1/rate may round) */
    /* driver-side downsampling: "decimate", "average" or "aggregate" (columns NAME_max and
     * NAME_min) of downsample_ratio raw samples per value; "" and 0 for raw samples */
    char downsample_mode[12];
    uint32_t downsample_ratio;
    char driver[512];
    uint64_t n_samples;    /* samples per channel this meta vouches for (flushed to disk) */
    uint64_t lost_samples; /* delivered by the device but not recorded, or never acquired: the
                              jumps between captures plus lost_at_end */
    uint64_t lost_at_end;  /* lost after the last recorded sample (no segment follows) */
    bool complete;         /* the capture ended and finalised this meta */
    char stop_reason[160];
    uint16_t over_range; /* bit k: channel k of this file went over its range */
    bool has_trigger;
    uint64_t trigger_sample;    /* data index of the trigger */
    char sim_spec[2048];        /* simulator signals, "" unless recorded from the simulator */
    ps_sigmf_capture *captures; /* owned: ps_sigmf_meta_clear frees */
    size_t n_captures;
    ps_sigmf_annotation *annotations; /* owned */
    size_t n_annotations;
} ps_sigmf_meta;

/* Bytes per sample of a SigMF real datatype we handle, 0 if not handled. */
PS_API size_t ps_sigmf_sample_bytes(const char *datatype);

/* Writes NAME.sigmf-meta atomically (temp file, fsync, rename, fsync of the directory), so a
 * reader sees the old meta or the new one, never a mix. Any thread. */
PS_API ps_status ps_sigmf_write_meta(const char *meta_path, const ps_sigmf_meta *m,
                                     ps_error *err);

/* Reads and checks a meta file into *m (zeroed first; free with ps_sigmf_meta_clear). */
PS_API ps_status ps_sigmf_read_meta(const char *meta_path, ps_sigmf_meta *m, ps_error *err);

/* Frees what ps_sigmf_read_meta allocated; the struct may be reused. */
PS_API void ps_sigmf_meta_clear(ps_sigmf_meta *m);

/* Adds a capture segment, growing the array. */
PS_API ps_status ps_sigmf_add_capture(ps_sigmf_meta *m, const ps_sigmf_capture *c, ps_error *err);

/* Adds an annotation, growing the array. */
PS_API ps_status ps_sigmf_add_annotation(ps_sigmf_meta *m, const ps_sigmf_annotation *a,
                                         ps_error *err);

/* NAME, NAME.sigmf-meta or NAME.sigmf-data → the two paths (buffers of len bytes). */
PS_API ps_status ps_sigmf_paths(const char *name, char *meta_path, char *data_path, size_t len,
                                ps_error *err);

/* true while a capture is writing the recording NAME (it holds an exclusive flock on
 * NAME.sigmf-data from creating it until its final meta is written); false when none does, or
 * the data file cannot be opened. Any thread. */
PS_API bool ps_sigmf_being_captured(const char *name);

/* ISO 8601 UTC with microseconds for a time in seconds since the Unix epoch. */
PS_API void ps_sigmf_datetime(double unix_s, char *out, size_t len);

#ifdef __cplusplus
}
#endif
#endif
