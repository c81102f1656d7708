/* The data-logger simulators' shared engine: the unit, its clock (real time, or `speed` times
 * faster for tests), the driver's buffer that keeps the newest readings and lets older ones
 * go, the signals in each input's unit, and our private unit-info codes. Each vendor API
 * (pl1000_api.c, hrdl_api.c, usbtc08_api.c, plcm3_api.c) only converts and reports. */
#ifndef PICOSTREAM_LOGGER_SIM_H
#define PICOSTREAM_LOGGER_SIM_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "logger_models.h"
#include "pico_abi.h"
#include "sim_signal.h"

#define LSIM_EXPORT __attribute__((visibility("default")))
#define LSIM_HANDLE 1

struct lsim {
    bool open;
    const char *family;
    const struct logger_model *model;
    struct sim_config cfg;
    char refusal[256]; /* why the last open refused its configuration; "" when it did not */
    bool enabled[SIM_MAX_CHANNELS];
    bool gen_ready[SIM_MAX_CHANNELS];
    struct sim_gen gen[SIM_MAX_CHANNELS];
    bool running;
    double interval_s;  /* device seconds per sample set */
    uint64_t t0_ns;     /* CLOCK_MONOTONIC when the run started */
    uint64_t capacity;  /* sets the driver holds; older ones are overwritten */
    bool sixty_hz;
};

extern struct lsim lsim_the_unit;
/* One call into a logger library at a time, as the vendor's drivers serialise them. */
extern pthread_mutex_t lsim_lock;

/* Opens the unit of `family`: the spec from GetUnitInfo's hand-over, else PICOSTREAM_SIM, and
 * its model= if it names one of this family's variants. Returns false (with s->refusal) when
 * the spec is bad or names another family's model. */
bool lsim_open(struct lsim *s, const char *family);
void lsim_close(struct lsim *s);

/* Starts the clock: a set every interval_s device seconds, the newest `capacity` held. */
void lsim_start(struct lsim *s, double interval_s, uint64_t capacity);
void lsim_stop(struct lsim *s);

/* Device seconds since the run started (the clock runs cfg.speed times real time). */
double lsim_elapsed(const struct lsim *s);
/* Sets completed since the run started. */
uint64_t lsim_made(const struct lsim *s);
/* The unit has gone (unplug=N: after N sets). */
bool lsim_unplugged(const struct lsim *s);

/* The sets from *cursor still held, up to max: first moves *cursor past sets the buffer has
 * overwritten (adding them to *skipped when given), returns how many follow it. */
uint64_t lsim_available(const struct lsim *s, uint64_t *cursor, uint64_t max, uint64_t *skipped);

/* Input ch's (0-based) values of sets index … index + n − 1 in its unit, before the ADC. */
void lsim_values(struct lsim *s, unsigned ch, uint64_t index, size_t n, float *out);

/* Our private unit-info codes (PICOSTREAM_SIM_INFO_*) for any family: the text into out and
 * true, or false for any other code. SET_SPEC takes `in` and answers "". */
bool lsim_private_info(struct lsim *s, const char *family, uint32_t info, const char *in,
                       char *out, size_t len);

/* GetUnitInfo as the libraries that return PICO_STATUS answer it (pl1000, plcm3): the
 * vendor's PICO_INFO lines, our private codes; mac: PICO_MAC_ADDRESS's answer, or NULL. */
pico_status lsim_pico_unit_info(const char *family, int16_t handle, int8_t *string,
                                int16_t length, int16_t *required, uint32_t info, const char *mac);

/* Enter a PICO_STATUS library's call on the open unit (s names it), the lock held; END leaves. */
#define LSIM_BEGIN_STATUS(handle)                                                                  \
    struct lsim *s = &lsim_the_unit;                                                               \
    pthread_mutex_lock(&lsim_lock);                                                                \
    if ((handle) != LSIM_HANDLE || !s->open) {                                                     \
        pthread_mutex_unlock(&lsim_lock);                                                          \
        return PICO_INVALID_HANDLE;                                                                \
    }                                                                                              \
    if (lsim_unplugged(s)) {                                                                       \
        pthread_mutex_unlock(&lsim_lock);                                                          \
        return PICO_NOT_RESPONDING;                                                                \
    }
#define LSIM_END(v)                                                                                \
    do {                                                                                           \
        pthread_mutex_unlock(&lsim_lock);                                                          \
        return (v);                                                                                \
    } while (0)

/* The identity every logger simulator reports. */
#define LSIM_DRIVER_VERSION "1.0.0.1 picostream-sim"
#define LSIM_SERIAL "SIM0001"

#endif
