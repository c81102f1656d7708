/* State of the simulated PicoScope 5000D shared by the simulator's files; nothing here is
 * exported from the library. */
#ifndef PICOSTREAM_SIM_UNIT_H
#define PICOSTREAM_SIM_UNIT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pico_abi.h"
#include "pico_models.h"
#include "sim_signal.h"

#define SIM_EXPORT __attribute__((visibility("default")))
#define SIM_HANDLE 1

struct sim_channel_state {
    int enabled;
    int coupling;
    int range;
    float analog_offset_v;
    int16_t *buf; /* the app's buffer, borrowed until Stop or a new SetDataBuffer */
    int16_t *buf_min; /* aggregation's minimum buffer (SetDataBuffers) */
    int32_t buf_len;
    int buf_mode; /* the ratio mode the buffers were registered for */
};

struct sim_trigger {
    int enabled;
    int channel;
    int16_t threshold;
    int direction;
    uint32_t delay;
    int16_t auto_ms;
};

/* The acquisition thread's ring of samples made ahead of the app (producer.c). */
struct sim_producer {
    pthread_t thread;
    bool running;
    uint64_t len;                  /* samples per channel in each ring */
    int16_t *ring[SIM_MAX_CHANNELS];
    /* over range, per block of the ring; the poll may read a block's flag while the thread still
     * adds later samples' to it (their samples are not handed over yet) */
    atomic_uchar *over[SIM_MAX_CHANNELS];
    _Atomic uint64_t end;          /* samples made: device indices below it are in the ring */
    _Atomic uint64_t read_index;   /* the poll's position: the thread stays within len of it */
    _Atomic bool quit;
};

struct sim_unit {
    int open;
    uint32_t power_pending; /* 282/286 until ChangePowerSource acknowledges it */
    int usb_powered;        /* acknowledged 282: only channels A and B */
    int n_analog;           /* 4 or 2 */
    int resolution;
    struct sim_config cfg;
    struct sim_channel_state ch[SIM_MAX_CHANNELS];
    struct sim_trigger trig;

    /* streaming */
    int streaming;
    int stopped_by_autostop;
    uint64_t t0_ns; /* CLOCK_MONOTONIC at RunStreaming */
    uint64_t interval_ps;
    int auto_stop;
    uint64_t pre, post;
    uint32_t overview_len;
    uint64_t limit;      /* autoStop: last index + 1 (UINT64_MAX = none yet) */
    uint64_t read_index; /* next device index to hand to the app */
    uint64_t fifo_end;   /* acquired so far (exclusive); == read_index when drained */
    int stalled;         /* fifo filled: acquisition halted at fifo_end */
    uint32_t app_pos;    /* where the next region starts in the app's buffers */
    int triggered;
    uint64_t trigger_index;
    int16_t trig_prev;
    int have_prev;
    uint64_t delivered; /* for NoOfStreamingValues */
    int unplugged;
    uint64_t polls;
    uint64_t freeze_until_ns; /* a frozen driver answers PICO_BUSY until then */
    int froze;
    struct sim_gen gen[SIM_MAX_CHANNELS];
    uint64_t now_index; /* the clock's device index at the last poll */
    struct sim_producer producer;
    const struct pico_model *model; /* callback families: the variant's facts */
    uint64_t memory_samples;        /* capture memory, for autoStop's pre + post */
    uint32_t ds_ratio;              /* driver-side downsampling: raw samples per value */
    int ds_mode;                    /* its RATIO_MODE (NONE, AGGREGATE, DECIMATE, AVERAGE) */
    int16_t *ds_raw;                /* one channel's raw samples before the reduction */
    size_t ds_raw_len;
    ps4000a_probe_interactions probe_cb; /* once the client asked (4444) */
    int unprobed;       /* the spec's unprobe= has happened */
    int16_t adc_max;    /* 0: the ps5000a's for the resolution */
    unsigned res_bits;  /* 0: the ps5000a's for the resolution */
};

/* The units of this library (units= in the spec; handle k + 1 is unit k); a call works on the
 * unit its handle names, sim_current, set by sim_enter while the call holds the driver. */
#define SIM_MAX_UNITS 4
extern struct sim_unit sim_units[SIM_MAX_UNITS];
extern int sim_current;
#define sim_the_unit (sim_units[sim_current])

/* Unit k's serial: the family's own for the first, "SIM0001-2" … after it. */
const char *sim_serial_of(const char *base, int k, char *buf, size_t len);
/* The first unit not open (among units=, and named serial if given), or -1. Inside a call. */
int sim_pick_unit(const char *base, const int8_t *serial);
/* The attached units' serials, comma-separated, into out; returns how many. */
int sim_list_units(const char *base, char *out, size_t len);
/* Why the last OpenUnit refused a valid configuration ("model 4444 is not a 2000A/B …"), for
 * PICOSTREAM_SIM_INFO_ERROR; "" when it did not. */
extern char sim_refusal[256];

/* Guards the one-call-at-a-time rule: returns PICO_OK and marks the driver busy, or the
 * status a real driver gives (PICO_USER_CALLBACK, PICO_DRIVER_FUNCTION). */
pico_status sim_enter(int16_t handle, int need_open);
void sim_leave(void);

/* Channels a unit can stream at a resolution enum (the 5000D's 15/16-bit limits). */
int sim_max_channels_for_resolution(const struct sim_unit *u, int resolution);
int sim_enabled_count(const struct sim_unit *u);
double sim_range_v(int range);
int16_t sim_adc_max(int resolution);
unsigned sim_resolution_bits(int resolution);
/* Interval of a timebase at a resolution, picoseconds; 0 if invalid. */
uint64_t sim_timebase_ps(int resolution, uint32_t timebase);

pico_status sim_run_streaming(struct sim_unit *u, uint32_t *interval, int units, uint32_t pre,
                              uint32_t post, int16_t auto_stop, uint32_t ratio, int ratio_mode,
                              uint32_t overview_len);
/* The callback style's GetStreamingLatestValues (callback_stream.c): one region of the app's
 * buffers, reduced by the driver-side downsampling RunStreaming asked for. */
pico_status sim_poll(struct sim_unit *u, int16_t handle, ps5000a_streaming_ready cb, void *param);
void sim_stop(struct sim_unit *u);

/* The engine every API's delivery shares: the clock, the driver FIFO and its stall, faults,
 * trigger and autoStop. */
void sim_engine_start(struct sim_unit *u, uint64_t interval_ps, int auto_stop, uint64_t pre,
                      uint64_t post, int resolution);
/* Samples ready now (*avail), and whether autoStop has delivered everything (*finished); or
 * PICO_BUSY (frozen, busy), PICO_NOT_RESPONDING (unplugged), PICO_INVALID_CALL. */
pico_status sim_engine_ready(struct sim_unit *u, uint64_t *avail, int *finished);
/* Channel c's next n samples into dst; non-zero when any was over range. */
int sim_engine_fill(struct sim_unit *u, int c, uint64_t n, int16_t *dst);
/* Looks for the trigger in the trigger channel's next n samples x. */
void sim_engine_find_trigger(struct sim_unit *u, uint64_t n, const int16_t *x);
/* Clips n at autoStop's end; reports the trigger inside the next n and whether they end it. */
uint64_t sim_engine_clip(const struct sim_unit *u, uint64_t n, int16_t *triggered,
                         uint64_t *trigger_at, int16_t *auto_stop);
/* The acquisition thread: started by sim_engine_start with a ring of at most per_channel
 * samples, stopped (joined) by sim_stop. take copies what it has made of [at, at+n) into dst
 * and returns how many (from the start); advance tells it the poll has moved on. */
void sim_producer_start(struct sim_unit *u, uint64_t per_channel);
void sim_producer_stop(struct sim_unit *u);
size_t sim_producer_take(struct sim_unit *u, int c, uint64_t at, size_t n, int16_t *dst,
                         int *over);
void sim_producer_advance(struct sim_unit *u, uint64_t read_index);
/* The device index below which the thread has made every sample; UINT64_MAX without one. */
uint64_t sim_producer_made(struct sim_unit *u);

/* Hands n samples over; PICO_BUFFER_STALL when that drained a stalled FIFO (a gap follows). */
pico_status sim_engine_consume(struct sim_unit *u, uint64_t n);

extern _Thread_local int sim_in_callback;

/* Enter the driver for a call on an open unit, refusing while a power prompt is pending. */
#define SIM_BEGIN(handle)                                                                          \
    pico_status st_ = sim_enter((handle), 1);                                                      \
    if (st_ != PICO_OK)                                                                            \
        return st_;                                                                                \
    struct sim_unit *u = &sim_the_unit;                                                            \
    if (u->unplugged) {                                                                            \
        sim_leave();                                                                               \
        return PICO_NOT_RESPONDING;                                                                \
    }                                                                                              \
    if (u->power_pending) {                                                                        \
        sim_leave();                                                                               \
        return u->power_pending;                                                                   \
    }

#define SIM_END(status)                                                                            \
    do {                                                                                           \
        sim_leave();                                                                               \
        return (status);                                                                           \
    } while (0)

/* What GetUnitInfo says that differs between the simulated units. */
struct sim_identity {
    const char *driver_version; /* carries "picostream-sim": how the device layer knows us */
    const char *usb_version;
    const char *serial;
};

/* GetUnitInfo, the vendor's semantics, for every simulated family. */
pico_status sim_unit_info(int16_t handle, int8_t *string, int16_t length, int16_t *required,
                          uint32_t info, const struct sim_identity *id);

/* The answer to our own PICO_INFO codes (pico_abi.h) into tmp, or NULL for any other code. */
const char *sim_private_info(uint32_t info, char *tmp, size_t len);

/* CloseUnit for every family: stop, free the generators, forget the unit. */
pico_status sim_close_unit(int16_t handle);

/* The variant a family's library presents: the spec's model=, else the family's default. */
const char *sim_model(const struct sim_unit *u, const char *family_default);

#endif
