/* The simulator's signals: every sample is a pure function of (config, channel, index).
 * Shared by the simulator library (to make samples) and libpicostream (to verify them). */
#ifndef PICOSTREAM_SIM_SIGNAL_H
#define PICOSTREAM_SIM_SIGNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIM_MAX_CHANNELS 16 /* scopes A…H; loggers' inputs 1…16 */
#define SIM_MAX_TERMS 8
#define SIM_SPEC_MAX 2048

enum sim_kind {
    SIM_DC,
    SIM_SINE,
    SIM_SQUARE,
    SIM_TRIANGLE,
    SIM_SAWTOOTH,
    SIM_CHIRP,
    SIM_PWM,
    SIM_NOISE,
    SIM_RAMP,    /* a slow drift or thermal ramp: slope per second, held after t_end */
    SIM_STEP,    /* amp added from time t_at on */
    SIM_REF,     /* a common reference: broadband noise in true time, the same in every unit,
                    sampled on the unit's own clock (clock=), optionally delayed */
    SIM_SPIKE,   /* fault: one sample offset by amp */
    SIM_GLITCH,  /* fault: width samples offset by amp */
    SIM_DROPOUT, /* fault: len samples forced to 0 V */
    SIM_DISCONNECT, /* fault: the sensor is off its input for len samples (reads past the rail) */
    SIM_N_KINDS
};

struct sim_term {
    enum sim_kind kind;
    double p[4]; /* parameters, in the order of the kind's spec (see config.c) */
};

struct sim_channel_spec {
    int n_terms;
    struct sim_term term[SIM_MAX_TERMS];
};

/* The whole simulator configuration: signals plus device behaviour. */
struct sim_config {
    uint64_t seed;
    struct sim_channel_spec ch[SIM_MAX_CHANNELS];
    char model[16];        /* "5444D" (4 channels) or "5244D" (2 channels) */
    uint64_t fifo_samples; /* driver-side buffer, samples summed over enabled channels */
    uint32_t power_status; /* 0, or 282/286 returned by OpenUnit until acknowledged */
    uint64_t unplug_after; /* 0 = never; else the device vanishes after this many samples */
    uint32_t busy_every;   /* 0, or every this many polls answers PICO_BUSY with no data */
    uint64_t freeze_at;    /* 0, or after this many samples the driver delivers nothing … */
    double freeze_s;       /* … for this long (acquisition goes on into the FIFO) */
    uint32_t skew;         /* info-struct API: every other poll, channels after the first report
                              up to this many samples less, caught up later (as real drivers may) */
    int unlimited;         /* no streaming-rate cap (benchmark profile) */
    unsigned units;        /* scopes: units of this family attached (EnumerateUnits lists them) */
    int probes_set;        /* probes= given: the PicoConnect probe on each input (4444) */
    int32_t probe[SIM_MAX_CHANNELS]; /* enum pico_connect_probe */
    int unprobe_channel;   /* -1, or this input's probe is pulled … */
    uint64_t unprobe_at;   /* … once this many samples have been delivered */
    double speed;          /* loggers, test only: the clock runs this many times real time */
    double clock_offset_s; /* the unit's sample 0 is taken at this true time … */
    double clock_ppm;      /* … its sample interval that many ppm longer (ref() terms see it) */
    double clock_user_s;   /* clock= as given; a run with ref() terms adds the host's
                              CLOCK_MONOTONIC at its start (sim_clock_anchor) */
    int numbered;          /* a logger's: the canonical spec names inputs 1 … 16, not A … H */
};

/* A prepared generator for one channel at a fixed interval, range and resolution. */
struct sim_gen {
    const struct sim_channel_spec *spec;
    uint64_t key[SIM_MAX_TERMS]; /* per-term seed */
    uint64_t inc[SIM_MAX_TERMS]; /* phase increment per sample, 2^-64 cycles */
    uint64_t duty[SIM_MAX_TERMS];
    uint64_t chirp_len[SIM_MAX_TERMS];
    uint64_t chirp_b[SIM_MAX_TERMS]; /* chirp: phase n·inc + n²·chirp_b, 2^-64 cycles */
    double interval_s;
    double t0_true, dt_true; /* sample n is taken at true time t0_true + n·dt_true */
    double counts_per_v; /* adc_max / range_v */
    double offset_v;     /* analogue offset added before the ADC, as SetChannel's */
    int32_t adc_max;
    int32_t step; /* quantisation step in 16-bit counts for the resolution */
    double clip;  /* largest code on that grid */
    /* When every term repeats after `period` samples: the samples of one period, and how many
     * of the first i were over range (prefix counts), so a block is a copy. NULL otherwise. */
    int16_t *table;
    uint32_t *over_prefix;
    uint64_t period;
};

/* Fills cfg with the defaults used when no spec is given. */
void sim_config_default(struct sim_config *cfg);
/* A spec that sim_config_from_env uses instead of PICOSTREAM_SIM; NULL or "" clears it. */
void sim_config_set_override(const char *spec);

/* Parses a spec such as "seed=7;A=sine(1k,1)+noise(10m);B=square(250,0.4)" on top of the
 * defaults. Returns 0, or -1 with a one-line message in err. */
int sim_config_parse(struct sim_config *cfg, const char *spec, char *err, size_t err_len);

/* Reads the spec from PICOSTREAM_SIM ("@path" reads the file); defaults when unset. */
int sim_config_from_env(struct sim_config *cfg, char *err, size_t err_len);

/* As sim_config_from_env, starting from `defaults` (a spec) in place of the scopes' signals. */
int sim_config_from_env_with(struct sim_config *cfg, const char *defaults, char *err,
                             size_t err_len);

/* Writes the canonical spec of the signals (seed and channels) that re-parses to the same
 * samples. Returns the length, or -1 if it does not fit. */
int sim_config_format_signals(const struct sim_config *cfg, char *buf, size_t len);

/* Prepares a generator; channel is 0-based. ac: the input is AC-coupled, so the signal's mean
 * (dc terms, a square's or pwm's average) is removed, as the coupling capacitor does. */
void sim_gen_init(struct sim_gen *g, const struct sim_config *cfg, unsigned channel,
                  double interval_s, double range_v, double offset_v, int32_t adc_max,
                  unsigned res_bits, bool ac);

/* A disconnected sensor's value (SIM_DISCONNECT): beyond any input's rail. */
#define SIM_OPEN_INPUT 1e30f

/* Values n from device index `index` in the channel's unit, before any ADC (for a generator
 * initialised with range_v = adc_max = 1): what the data loggers quantise their own way. */
void sim_gen_values(const struct sim_gen *g, uint64_t index, size_t n, float *out);

/* A logger's ADC: v in its unit → the code nearest (v − offset) / scale within [lo, hi];
 * *over is set when v was beyond the rails. The simulators and verify share it. */
int32_t sim_logger_code(float v, double scale, double offset, int32_t lo, int32_t hi, int *over);

/* The TC-08's reading of v °C on a thermocouple with that range: clipped to [lo, hi]. */
float sim_logger_temp(float v, float lo, float hi, int *over);

/* At a run's start: when any channel has a ref() term, its true time is the host's monotonic
 * clock (shared by every simulated unit in any process) plus clock=, so units started apart
 * see the reference apart; the canonical spec then records that offset (verify replays it). */
void sim_clock_anchor(struct sim_config *cfg);

/* Frees the generator's tables; the struct may be initialised again. */
void sim_gen_free(struct sim_gen *g);

/* Writes n samples starting at device index `index` to out[i * stride]. Returns non-zero
 * when any sample was over range (clipped). */
int sim_gen_fill(const struct sim_gen *g, uint64_t index, size_t n, int16_t *out, size_t stride);

/* Driver-side downsampling modes, numbered as the vendor's RATIO_MODE. */
enum sim_downsample { SIM_DS_AGGREGATE = 1, SIM_DS_DECIMATE = 2, SIM_DS_AVERAGE = 4 };
#define SIM_DS_MAX_RATIO (1u << 20) /* raw samples per value the simulators reduce at most */

/* n_out values of r raw samples each into out[j * stride]: the first (decimate), the mean
 * rounded half away from zero (average), or the maximum, with the minimum into
 * out_min[j * stride] (aggregate). */
void sim_reduce(int mode, uint32_t r, const int16_t *raw, size_t n_out, int16_t *out,
                int16_t *out_min, size_t stride);

/* Calls fn for every injected fault starting in [from, to), in index order per term. */
typedef void (*sim_fault_fn)(void *arg, enum sim_kind kind, uint64_t index, uint64_t length);
void sim_gen_faults(const struct sim_gen *g, uint64_t from, uint64_t to, sim_fault_fn fn,
                    void *arg);

const char *sim_kind_name(enum sim_kind k);

#endif
