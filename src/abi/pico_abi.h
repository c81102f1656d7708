/* Our own declarations of the PicoSDK ABI: status codes, enum values and callback types, as
 * published by Pico (see shared/research/picosdk-api.md, §1-2). No vendor header is copied. */
#ifndef PICOSTREAM_PICO_ABI_H
#define PICOSTREAM_PICO_ABI_H

#include <stdint.h>

typedef uint32_t pico_status;
typedef uint32_t pico_info;

/* PICO_STATUS values (PicoStatus.h); the name table lives in pico_status.c. */
#define PICO_STATUS_LIST(X)                                                                        \
    X(PICO_OK, 0x000)                                                                              \
    X(PICO_MAX_UNITS_OPENED, 0x001)                                                                \
    X(PICO_MEMORY_FAIL, 0x002)                                                                     \
    X(PICO_NOT_FOUND, 0x003)                                                                       \
    X(PICO_OPEN_OPERATION_IN_PROGRESS, 0x005)                                                      \
    X(PICO_OPERATION_FAILED, 0x006)                                                                \
    X(PICO_NOT_RESPONDING, 0x007)                                                                  \
    X(PICO_INVALID_HANDLE, 0x00C)                                                                  \
    X(PICO_INVALID_PARAMETER, 0x00D)                                                               \
    X(PICO_INVALID_TIMEBASE, 0x00E)                                                                \
    X(PICO_INVALID_VOLTAGE_RANGE, 0x00F)                                                           \
    X(PICO_INVALID_CHANNEL, 0x010)                                                                 \
    X(PICO_INVALID_TRIGGER_CHANNEL, 0x011)                                                         \
    X(PICO_STREAMING_FAILED, 0x014)                                                                \
    X(PICO_NULL_PARAMETER, 0x016)                                                                  \
    X(PICO_STRING_BUFFER_TO_SMALL, 0x019)                                                          \
    X(PICO_BUFFER_STALL, 0x01C)                                                                    \
    X(PICO_TOO_MANY_SAMPLES, 0x01D)                                                                \
    X(PICO_USER_CALLBACK, 0x023)                                                                   \
    X(PICO_DEVICE_SAMPLING, 0x024)                                                                 \
    X(PICO_NO_SAMPLES_AVAILABLE, 0x025)                                                            \
    X(PICO_BUSY, 0x027)                                                                            \
    X(PICO_INVALID_INFO, 0x029)                                                                    \
    X(PICO_INFO_UNAVAILABLE, 0x02A)                                                                \
    X(PICO_INVALID_SAMPLE_INTERVAL, 0x02B)                                                         \
    X(PICO_MEMORY, 0x02D)                                                                          \
    X(PICO_INVALID_BUFFER, 0x037)                                                                  \
    X(PICO_INVALID_CALL, 0x03C)                                                                    \
    X(PICO_INVALID_SAMPLERATIO, 0x040)                                                             \
    X(PICO_DRIVER_FUNCTION, 0x043)                                                                 \
    X(PICO_INVALID_COUPLING, 0x045)                                                                \
    X(PICO_RATIO_MODE_NOT_SUPPORTED, 0x047)                                                        \
    X(PICO_INVALID_ANALOGUE_OFFSET, 0x050)                                                         \
    X(PICO_INVALID_BANDWIDTH, 0x10E)                                                               \
    X(PICO_WARNING_REPEAT_VALUE, 0x118)                                                            \
    X(PICO_POWER_SUPPLY_CONNECTED, 0x119)                                                          \
    X(PICO_POWER_SUPPLY_NOT_CONNECTED, 0x11A)                                                      \
    X(PICO_POWER_SUPPLY_UNDERVOLTAGE, 0x11C)                                                       \
    X(PICO_USB3_0_DEVICE_NON_USB3_0_PORT, 0x11E)                                                   \
    X(PICO_NOT_SUPPORTED_BY_THIS_DEVICE, 0x11F)                                                    \
    X(PICO_INVALID_DEVICE_RESOLUTION, 0x120)                                                       \
    X(PICO_INVALID_NUMBER_CHANNELS_FOR_RESOLUTION, 0x121)                                          \
    X(PICO_CHANNEL_DISABLED_DUE_TO_USB_POWERED, 0x122)                                             \
    X(PICO_ARGUMENT_OUT_OF_RANGE, 0x12F)                                                           \
    X(PICO_WAITING_FOR_DATA_BUFFERS, 0x197)                                                        \
    X(PICO_STREAMING_ONLY_SUPPORTS_ONE_READ, 0x198)                                                \
    X(PICO_STREAMING_DATA_REQUIRED, 0x201)                                                         \
    X(PICO_NOT_AVAILABLE_WHEN_STREAMING_IS_RUNNING, 0x211)                                         \
    X(PICO_HARDWARE_CAPTURING_CALL_STOP, 0x6002)                                                   \
    X(PICO_TOO_FEW_REQUESTED_STREAMING_SAMPLES, 0x7000)                                            \
    X(PICO_STREAMING_REREAD_DATA_NOT_AVAILABLE, 0x7001)                                            \
    X(PICO_STREAMING_COMBINATION_OF_RAW_DATA_AND_ONE_AGGREGATION_DATA_TYPE_ALLOWED, 0x7002)        \
    X(PICO_DEVICE_MEMORY_OVERFLOW, 0x10000008)

enum pico_status_code {
#define PICO_STATUS_ENUM_(name, value) name = value,
    PICO_STATUS_LIST(PICO_STATUS_ENUM_)
#undef PICO_STATUS_ENUM_
};

/* PICO_INFO codes for GetUnitInfo. */
enum pico_info_code {
    PICO_DRIVER_VERSION = 0,
    PICO_USB_VERSION = 1,
    PICO_HARDWARE_VERSION = 2,
    PICO_VARIANT_INFO = 3,
    PICO_BATCH_AND_SERIAL = 4,
    PICO_CAL_DATE = 5,
    PICO_KERNEL_VERSION = 6,
    PICO_DIGITAL_HARDWARE_VERSION = 7,
    PICO_ANALOGUE_HARDWARE_VERSION = 8,
    PICO_FIRMWARE_VERSION_1 = 9,
    PICO_FIRMWARE_VERSION_2 = 10,
    PICO_MAC_ADDRESS = 11,
    PICO_SHADOW_CAL = 12,
    PICO_IPP_VERSION = 13,
    PICO_DRIVER_PATH = 14,
};

/* Our simulators answer two PICO_INFO codes of their own through the vendor's GetUnitInfo (a
 * real driver refuses them with PICO_INVALID_PARAMETER): the canonical signal spec they run,
 * and why their configuration was refused; both work without an open unit. */
#define PICOSTREAM_SIM_INFO_SPEC 0x5053u
#define PICOSTREAM_SIM_INFO_ERROR 0x5045u
/* … and one that goes the other way: GetUnitInfo(0, spec, strlen(spec) + 1, NULL, this code)
 * hands a simulator the signal spec its next OpenUnit runs, in place of its PICOSTREAM_SIM
 * environment variable ("" goes back to that); a real driver refuses the code. */
#define PICOSTREAM_SIM_INFO_SET_SPEC 0x5055u

/* ps5000a enums: plain C enums, 4 bytes, passed as int32_t. */
enum ps5000a_resolution {
    PS5000A_DR_8BIT,
    PS5000A_DR_12BIT,
    PS5000A_DR_14BIT,
    PS5000A_DR_15BIT,
    PS5000A_DR_16BIT
};
enum ps5000a_coupling { PS5000A_AC, PS5000A_DC };
enum ps5000a_channel {
    PS5000A_CHANNEL_A,
    PS5000A_CHANNEL_B,
    PS5000A_CHANNEL_C,
    PS5000A_CHANNEL_D,
    PS5000A_EXTERNAL,
    PS5000A_TRIGGER_AUX = 5
};
enum ps5000a_range {
    PS5000A_10MV,
    PS5000A_20MV,
    PS5000A_50MV,
    PS5000A_100MV,
    PS5000A_200MV,
    PS5000A_500MV,
    PS5000A_1V,
    PS5000A_2V,
    PS5000A_5V,
    PS5000A_10V,
    PS5000A_20V,
    PS5000A_50V,
    PS5000A_MAX_RANGES
};
enum ps5000a_time_units { PS5000A_FS, PS5000A_PS, PS5000A_NS, PS5000A_US, PS5000A_MS, PS5000A_S };
enum ps5000a_ratio_mode {
    PS5000A_RATIO_MODE_NONE = 0,
    PS5000A_RATIO_MODE_AGGREGATE = 1,
    PS5000A_RATIO_MODE_DECIMATE = 2,
    PS5000A_RATIO_MODE_AVERAGE = 4
};
enum ps5000a_threshold_direction {
    PS5000A_ABOVE,
    PS5000A_BELOW,
    PS5000A_RISING,
    PS5000A_FALLING,
    PS5000A_RISING_OR_FALLING
};

#define PS5000A_MAX_VALUE_8BIT 32512
#define PS5000A_MAX_VALUE_16BIT 32767

/* ps5000aStreamingReady: called inside GetStreamingLatestValues on the caller's thread. */
typedef void (*ps5000a_streaming_ready)(int16_t handle, int32_t n_samples, uint32_t start_index,
                                        int16_t overflow, uint32_t trigger_at, int16_t triggered,
                                        int16_t auto_stop, void *param);

/* The 4444's PicoConnect probes (ps4000aApi.h, PicoConnectProbes.h): the driver reports each
 * input's probe through the callback given to ps4000aSetProbeInteractionCallback. */
enum pico_connect_probe {
    PICO_CONNECT_PROBE_FAULT = -1,
    PICO_CONNECT_PROBE_UNKNOWN = -2,
    PICO_CONNECT_PROBE_INTELLIGENT = -3,
    PICO_CONNECT_PROBE_NONE = 0,
    PICO_CONNECT_PROBE_D9_BNC = 4000,
    PICO_CONNECT_PROBE_D9_2X_BNC = 4001,
    PICO_CONNECT_PROBE_DIFFERENTIAL = 4002
};
#define PICO_CONNECT_PROBE_OFF 1024 /* the range of an input without a probe */

#pragma pack(push, 1)
typedef struct ps4000a_user_probe_interactions {
    uint16_t connected;
    int32_t channel;
    uint16_t enabled;
    int32_t probe_name; /* enum pico_connect_probe */
    uint8_t requires_power;
    uint8_t is_powered;
    pico_status status;
    int32_t probe_off;
    int32_t range_first, range_last, range_current; /* PICO_CONNECT_PROBE_RANGE */
    int32_t coupling_first, coupling_last, coupling_current;
    int32_t filter_flags, filter_current; /* PS4000A_BANDWIDTH_LIMITER_FLAGS */
    int32_t default_filter;               /* PS4000A_BANDWIDTH_LIMITER */
} ps4000a_user_probe_interactions;
#pragma pack(pop)

/* ps4000aProbeInteractions: the probes whose state changed (all of them at first), on a thread
 * of the driver's. */
typedef void (*ps4000a_probe_interactions)(int16_t handle, pico_status status,
                                           ps4000a_user_probe_interactions *probes,
                                           uint32_t n_probes);

/* "D9-BNC", "differential", "none", … for a pico_connect_probe. */
const char *pico_probe_name(int32_t probe);

/* Name of a PICO_STATUS ("PICO_BUSY"), or "PICO_STATUS_UNKNOWN". */
const char *pico_status_name(pico_status s);

#endif
