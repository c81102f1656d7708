/* The 4444's PicoConnect probes: what the driver reports through its probe-interaction
 * callback, kept per unit handle (the callback carries no context pointer). */
#ifndef PICOSTREAM_PICOCONNECT_H
#define PICOSTREAM_PICOCONNECT_H

#include "device_int.h"

/* One input's probe as last reported. */
struct picoconnect_probe {
    bool connected;
    int32_t probe;                 /* enum pico_connect_probe */
    int32_t range_first, range_last; /* PICO_CONNECT_PROBE_RANGE the probe offers */
};

/* Registers the callback with "<family>SetProbeInteractionCallback" and waits (up to 2 s, as
 * Pico's examples do) for the first report; fills dev->info.probe. Main thread. */
ps_status picoconnect_watch(ps_device *dev, int16_t handle, ps_error *err);

/* dev->info.probe from the latest reports ("" for an input not reported). Main thread. */
void picoconnect_names(ps_device *dev, int16_t handle);

/* Channel c's probe as last reported; false when the driver has not reported it. Any thread. */
bool picoconnect_get(int16_t handle, unsigned c, struct picoconnect_probe *out);

/* A probe connected at the start of streaming on one of `mask`'s inputs has gone since: its
 * channel, else -1. Any thread. */
int picoconnect_lost(int16_t handle, uint32_t mask);

/* Marks the current probes as those streaming started with. Main thread. */
void picoconnect_mark(int16_t handle);

/* Drops the unit's reports (at close). */
void picoconnect_forget(int16_t handle);

#endif
