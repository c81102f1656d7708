/* What the device layer's files share: the backend ops table and the device object. */
#ifndef PICOSTREAM_DEVICE_INT_H
#define PICOSTREAM_DEVICE_INT_H

#include "picostream/device.h"

struct ps_backend_ops {
    const char *family;       /* "ps5000a": library libps5000a.so, symbols ps5000a* */
    const char *const *names; /* library file names to try, NULL-terminated */
    ps_status (*open)(ps_device *dev, ps_error *err);
    ps_status (*start)(ps_device *dev, const ps_device_config *cfg, ps_stream_params *p,
                       ps_error *err);
    ps_status (*poll)(ps_device *dev, ps_device_data_fn fn, void *arg, ps_poll_result *result,
                      ps_error *err);
    ps_status (*stop)(ps_device *dev, ps_error *err);
    void (*close)(ps_device *dev);
};

struct ps_device {
    const struct ps_backend_ops *ops;
    void *lib;     /* dlopen handle */
    void *backend; /* the backend's own state */
    ps_device_info info;
};

extern const struct ps_backend_ops ps5000a_backend_ops;

/* Resolves every name into the function pointers at fns[i]; fails naming the symbol. */
ps_status device_resolve(void *lib, const char *path, const char *const *names, void **fns,
                         size_t n, ps_error *err);

/* "ps5000aSetChannel: PICO_INVALID_VOLTAGE_RANGE (0x0F)" style detail for a driver failure. */
ps_status device_driver_fail(ps_error *err, const char *what, const char *fn, uint32_t status);

#endif
