/* The 4444's PicoConnect probe reports, kept per handle for the device layer. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "picoconnect.h"

#define SLOTS 16 /* units open at once */

struct report {
    int16_t handle; /* 0: a free slot */
    bool seen[PS_MAX_CHANNELS];
    struct picoconnect_probe now[PS_MAX_CHANNELS];
    bool at_start[PS_MAX_CHANNELS]; /* connected when streaming started */
};

static struct report reports[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static struct report *find(int16_t handle, bool create)
{
    for (int i = 0; i < SLOTS; i++)
        if (reports[i].handle == handle)
            return &reports[i];
    for (int i = 0; create && i < SLOTS; i++)
        if (reports[i].handle == 0) {
            memset(&reports[i], 0, sizeof reports[i]);
            reports[i].handle = handle;
            return &reports[i];
        }
    return NULL;
}

/* The driver's callback, on a thread of its own (or inside a call, for the simulator). */
static void on_probes(int16_t handle, pico_status status, ps4000a_user_probe_interactions *p,
                      uint32_t n)
{
    (void)status;
    pthread_mutex_lock(&lock);
    struct report *r = find(handle, false);
    for (uint32_t i = 0; r && p && i < n; i++) {
        int32_t c = p[i].channel;
        if (c < 0 || c >= PS_MAX_CHANNELS)
            continue;
        r->seen[c] = true;
        r->now[c] = (struct picoconnect_probe){p[i].connected != 0, p[i].probe_name,
                                               p[i].range_first, p[i].range_last};
    }
    pthread_mutex_unlock(&lock);
}

static bool any_seen(int16_t handle)
{
    pthread_mutex_lock(&lock);
    struct report *r = find(handle, false);
    bool seen = false;
    for (int c = 0; r && c < PS_MAX_CHANNELS; c++)
        seen |= r->seen[c];
    pthread_mutex_unlock(&lock);
    return seen;
}

ps_status picoconnect_watch(ps_device *dev, int16_t handle, ps_error *err)
{
    typedef pico_status (*set_cb_fn)(int16_t, ps4000a_probe_interactions);
    char name[64];
    snprintf(name, sizeof name, "%sSetProbeInteractionCallback", dev->family->name);
    const char *names[] = {name};
    set_cb_fn set_cb;
    ps_status st = device_resolve(dev->lib, dev->info.driver_path, names, (void **)&set_cb, 1, err);
    if (st != PS_OK)
        return st;
    pthread_mutex_lock(&lock);
    bool room = find(handle, true) != NULL;
    pthread_mutex_unlock(&lock);
    if (!room)
        return ps_fail(err, PS_ERR_NOMEM, "more than %d PicoConnect units open", SLOTS);
    pico_status ps = set_cb(handle, on_probes);
    if (ps != PICO_OK)
        return device_driver_fail(err, "watching the PicoConnect probes", name, ps);
    /* Pico's example waits for the driver's first reports; 2 s at most, then go on unchecked */
    struct timespec tick = {0, 10 * 1000000};
    for (int i = 0; i < 200 && !any_seen(handle); i++)
        nanosleep(&tick, NULL);
    picoconnect_names(dev, handle);
    return PS_OK;
}

void picoconnect_names(ps_device *dev, int16_t handle)
{
    for (unsigned c = 0; c < dev->info.n_channels && c < PS_MAX_CHANNELS; c++) {
        struct picoconnect_probe p;
        snprintf(dev->info.probe[c], sizeof dev->info.probe[c], "%s",
                 picoconnect_get(handle, c, &p) ? pico_probe_name(p.connected ? p.probe : 0)
                                                : "");
    }
}

bool picoconnect_get(int16_t handle, unsigned c, struct picoconnect_probe *out)
{
    if (c >= PS_MAX_CHANNELS)
        return false;
    pthread_mutex_lock(&lock);
    struct report *r = find(handle, false);
    bool seen = r && r->seen[c];
    if (seen)
        *out = r->now[c];
    pthread_mutex_unlock(&lock);
    return seen;
}

void picoconnect_mark(int16_t handle)
{
    pthread_mutex_lock(&lock);
    struct report *r = find(handle, false);
    for (int c = 0; r && c < PS_MAX_CHANNELS; c++)
        r->at_start[c] = r->seen[c] && r->now[c].connected;
    pthread_mutex_unlock(&lock);
}

int picoconnect_lost(int16_t handle, uint32_t mask)
{
    int lost = -1;
    pthread_mutex_lock(&lock);
    struct report *r = find(handle, false);
    for (int c = 0; r && c < PS_MAX_CHANNELS && lost < 0; c++)
        if ((mask >> c & 1) && r->at_start[c] && !r->now[c].connected)
            lost = c;
    pthread_mutex_unlock(&lock);
    return lost;
}

void picoconnect_forget(int16_t handle)
{
    pthread_mutex_lock(&lock);
    struct report *r = find(handle, false);
    if (r)
        r->handle = 0;
    pthread_mutex_unlock(&lock);
}
