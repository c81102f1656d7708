/* What the device layer's files share: the backend ops table and the device object. */
#ifndef PICOSTREAM_DEVICE_INT_H
#define PICOSTREAM_DEVICE_INT_H

#include <pthread.h>

#include "pico_abi.h"
#include "picostream/device.h"

/* One API style's code: the callback style (ps2000a, ps3000a, ps4000a, ps5000a), the
 * info-struct style (ps6000a, psospa), the data loggers (pl1000, picohrdl, usbtc08, plcm3). */
struct ps_backend_ops {
    ps_status (*open)(ps_device *dev, ps_error *err);
    ps_status (*start)(ps_device *dev, const ps_device_config *cfg, ps_stream_params *p,
                       ps_error *err);
    ps_status (*poll)(ps_device *dev, ps_device_data_fn fn, void *arg, ps_poll_result *result,
                      ps_error *err);
    ps_status (*stop)(ps_device *dev, ps_error *err);
    void (*close)(ps_device *dev);
};

/* One row per family: what differs between scopes that share an API style. */
struct device_family {
    const char *name;          /* "ps6000a": library libps6000a.so, symbols ps6000a* */
    const char *product;       /* "6000E", for messages */
    const char *const *libs;   /* library file names to try, NULL-terminated */
    const char *sim_lib;       /* this project's simulator of it */
    const struct ps_backend_ops *ops;
    unsigned max_channels;     /* when the variant string does not say */
    bool has_12bit;            /* info-struct style: 12-bit resolution offered */
    bool psospa;               /* psospa's argument types: ranges in nV, 64-bit sizes, power */
    /* callback style */
    bool open_with_resolution; /* OpenUnit(handle, serial, resolution) (ps5000a) */
    bool power_handshake;      /* ChangePowerSource exists (not on ps2000a) */
    bool set_resolution;       /* SetDeviceResolution exists (ps4000a, ps5000a) */
    const struct logger_api *logger; /* the data loggers: their API's calls */
};

struct ps_device {
    const struct device_family *family;
    const struct ps_backend_ops *ops;
    void *lib;     /* dlopen handle */
    void *backend; /* the backend's own state */
    ps_device_info info;
    int16_t handle;          /* the unit's, once open (scopes) */
    pthread_mutex_t *call_lock; /* one call at a time into its library, over all its units */
    bool want_sim;           /* opened as sim:… */
    const char *sim_spec_in; /* the spec to hand our simulator (loggers: their backend does) */
};

extern const struct ps_backend_ops callback_backend_ops;
extern const struct ps_backend_ops info_backend_ops;
extern const struct ps_backend_ops logger_backend_ops;

/* Resolves every name into the function pointers at fns[i]; fails naming the symbol. */
ps_status device_resolve(void *lib, const char *path, const char *const *names, void **fns,
                         size_t n, ps_error *err);

typedef pico_status (*device_unit_info_fn)(int16_t handle, int8_t *s, int16_t len, int16_t *need,
                                           pico_info info);

/* After a unit opened: its variant, serial, driver and USB versions into dev->info, whether it
 * is one of our simulators, and then its signal spec. */
void device_read_info(ps_device *dev, device_unit_info_fn fn, int16_t handle);

/* When OpenUnit failed: one of our simulators refusing its configuration says why
 * (PS_ERR_ARG, "simulator config: …"); PS_OK when the library gives no such reason. */
ps_status device_sim_refusal(device_unit_info_fn fn, ps_error *err);

/* The enabled channels, checked against the unit's channels and the family's ranges, into
 * p->channel_index; returns how many (0 after filling err). */
unsigned device_check_channels(const ps_device *dev, const ps_device_config *cfg,
                               ps_stream_params *p, ps_error *err);

/* The trigger level in ADC codes for a channel's range and offset; PS_ERR_ARG when the channel
 * is off or the level outside its range. */
ps_status device_trigger_counts(const ps_device_config *cfg, int16_t adc_max, int16_t *counts,
                                ps_error *err);

/* The vendor's RATIO_MODE for a downsampling mode: AGGREGATE 1, DECIMATE 2, AVERAGE 4 in every
 * family; 0 for none (the callback style's NONE; the info-struct style says RAW instead). */
uint32_t device_ratio_mode(ps_downsample_mode d);

/* The vendor's PICO_THRESHOLD_DIRECTION for ours (the same numbers in every family). */
int device_trigger_direction(ps_trigger_dir d);

/* The host's wall clock, Unix seconds: around the call that starts acquisition. */
double device_wall_now(void);

/* "ps5000aSetChannel: PICO_INVALID_VOLTAGE_RANGE (0x0F)" style detail for a driver failure. */
ps_status device_driver_fail(ps_error *err, const char *what, const char *fn, uint32_t status);

#endif
