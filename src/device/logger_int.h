/* The data-logger backend (backend_logger.c) and what each logger API's file gives it: the
 * loggers share polling, the index of each set and the hand-over to the capture; their calls
 * differ (logger_pl1000.c, logger_hrdl.c, logger_usbtc08.c, logger_plcm3.c). */
#ifndef PICOSTREAM_LOGGER_INT_H
#define PICOSTREAM_LOGGER_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "device_int.h"
#include "logger_models.h"
#include "pico_loggers.h"

struct logger;

/* What one read found: n sample sets in lg->sets, the first of them device set `index`. */
struct logger_read {
    size_t n;
    bool has_index;   /* the driver said where (times), or the clock did (estimated) */
    uint64_t index;
    bool estimated;   /* index from the host's clock: the driver cannot say */
    uint16_t overflow; /* bit c: input c + 1 went past its rails */
};

struct logger_api {
    const char *family;
    const char *const *names; /* the library's functions, resolved into lg->fns in this order */
    size_t n_names;
    /* Opens the first unit: lg->handle, and dev->info's model, serial, versions, n_channels. */
    ps_status (*open)(struct logger *lg, ps_error *err);
    /* Our simulators' private unit-info codes (PICOSTREAM_SIM_INFO_*): text in or out of buf;
     * false when the library refuses the code (not one of ours). */
    bool (*sim_info)(struct logger *lg, uint32_t code, char *buf, size_t len);
    /* Sets the inputs up and starts: the rate, format, units and scaling into p. */
    ps_status (*start)(struct logger *lg, const ps_device_config *cfg, ps_stream_params *p,
                       ps_error *err);
    /* Whatever the driver has now, into lg->sets (at most lg->cap sets). */
    ps_status (*read)(struct logger *lg, struct logger_read *r, ps_error *err);
    void (*stop)(struct logger *lg);
    void (*close)(struct logger *lg);
};

struct logger {
    const struct logger_api *api;
    ps_device *dev;
    void *fns[24];   /* the resolved functions, as api->names */
    int16_t handle;
    const struct logger_model *model; /* NULL for a variant the table does not know */
    ps_stream_params p;
    double t0;       /* host monotonic seconds at the start */
    uint64_t next;   /* device index of the next set */
    /* sets read: p.n_enabled values each, interleaved; 16-bit codes, 32-bit codes or floats */
    void *sets;
    size_t cap;      /* sets `sets` and the lanes hold */
    int16_t *lanes;  /* the capture's columns: planar, p.n_columns × cap */
    bool running;
    void *own;       /* the API's own state */
};

extern const struct logger_api pl1000_api, hrdl_api, usbtc08_api, plcm3_api;

/* Sizes the set buffer for cap sets of the stream p (after the API's start filled it). */
ps_status logger_buffers(struct logger *lg, size_t cap, ps_error *err);

/* The enabled inputs, checked against the unit's channels, into p->channel_index (set order:
 * input 1 first); returns how many (0 after filling err). */
unsigned logger_inputs(const struct logger *lg, const ps_device_config *cfg, ps_stream_params *p,
                       ps_error *err);

/* Each input's unit and scaling in p, all inputs alike. */
void logger_units(ps_stream_params *p, const char *unit, double scale, double full_scale,
                  int32_t code_max);

/* The device index of a set stamped t_ms after the start, given the last one's: the TC-08 and
 * ADC-20/24 count milliseconds that wrap back to zero after 2^31 (24.8 days). */
uint64_t logger_index_of(uint32_t t_ms, uint32_t last_ms, uint64_t last_index,
                         uint32_t interval_ms);

/* The PICO_STATUS libraries' GetUnitInfo (pl1000GetUnitInfo, PLCM3GetUnitInfo share the
 * prototype): a line of the open unit into out ("" when refused), and our simulators' private
 * codes (false when refused). */
void logger_unit_info(struct logger *lg, pl1000_get_unit_info_fn fn, pico_info what, char *out,
                      size_t len);
bool logger_unit_sim_info(pl1000_get_unit_info_fn fn, uint32_t code, char *buf, size_t len);
/* The open unit's variant, serial, driver and USB versions into dev->info, through fn. */
void logger_unit_identity(struct logger *lg, pl1000_get_unit_info_fn fn);

/* A simulated logger's canonical spec into buf; false when it gives none. */
bool logger_sim_spec(ps_device *dev, char *buf, size_t len);

/* Host monotonic seconds. */
double logger_now(void);

#endif
