/* State of the simulated PicoScope 5000D shared by the simulator's files; nothing here is
 * exported from the library. */
#ifndef PICOSTREAM_SIM_UNIT_H
#define PICOSTREAM_SIM_UNIT_H

#include <stdatomic.h>
#include <stdint.h>

#include "pico_abi.h"
#include "sim_signal.h"

#define SIM_EXPORT __attribute__((visibility("default")))
#define SIM_HANDLE 1
#define SIM_DEVICE_MEMORY 536870912u /* samples of capture memory on a 5444D */

struct sim_channel_state {
    int enabled;
    int coupling;
    int range;
    float analog_offset_v;
    int16_t *buf; /* the app's buffer, borrowed until Stop or a new SetDataBuffer */
    int32_t buf_len;
};

struct sim_trigger {
    int enabled;
    int channel;
    int16_t threshold;
    int direction;
    uint32_t delay;
    int16_t auto_ms;
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
};

extern struct sim_unit sim_the_unit;

/* Guards the one-call-at-a-time rule: returns PICO_OK and marks the driver busy, or the
 * status a real driver gives (PICO_USER_CALLBACK, PICO_DRIVER_FUNCTION). */
pico_status sim_enter(int16_t handle, int need_open);
void sim_leave(void);

int sim_max_channels_for_resolution(int resolution);
int sim_enabled_count(const struct sim_unit *u);
double sim_range_v(int range);
int16_t sim_adc_max(int resolution);
unsigned sim_resolution_bits(int resolution);
/* Interval of a timebase at a resolution, picoseconds; 0 if invalid. */
uint64_t sim_timebase_ps(int resolution, uint32_t timebase);

pico_status sim_run_streaming(struct sim_unit *u, uint32_t *interval, int units, uint32_t pre,
                              uint32_t post, int16_t auto_stop, uint32_t ratio, int ratio_mode,
                              uint32_t overview_len);
pico_status sim_poll(struct sim_unit *u, int16_t handle, ps5000a_streaming_ready cb, void *param);
void sim_stop(struct sim_unit *u);

extern _Thread_local int sim_in_callback;

#endif
