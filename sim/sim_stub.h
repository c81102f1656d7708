/* A generated stub: an export a client can bind that answers PICO_NOT_SUPPORTED_BY_THIS_DEVICE
 * whatever its arguments (the caller cleans the stack, so the empty parameter list is safe). */
#ifndef PICOSTREAM_SIM_STUB_H
#define PICOSTREAM_SIM_STUB_H

#include <stdint.h>

#define SIM_STUB(name)                                                                             \
    __attribute__((visibility("default"))) uint32_t name(void);                                    \
    uint32_t name(void)                                                                            \
    {                                                                                              \
        return 0x11F; /* PICO_NOT_SUPPORTED_BY_THIS_DEVICE */                                      \
    }

#endif
