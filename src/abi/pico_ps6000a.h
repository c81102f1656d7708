/* Our own declarations of the ps6000a (6000E) and psospa (3000E) streaming ABI: enum values,
 * the packed streaming structs and the prototypes the device layer calls and the simulators
 * export (shared/research/picosdk-api.md §3, picosdk-families-loggers.md §5). */
#ifndef PICOSTREAM_PICO_PS6000A_H
#define PICOSTREAM_PICO_PS6000A_H

#include <stdint.h>

#include "pico_abi.h"

/* PICO_RATIO_MODE: there is no "none"; raw is its own bit */
#define PICO_RATIO_MODE_AGGREGATE 1u
#define PICO_RATIO_MODE_DECIMATE 2u
#define PICO_RATIO_MODE_AVERAGE 4u
#define PICO_RATIO_MODE_TRIGGER 0x40000000u
#define PICO_RATIO_MODE_RAW 0x80000000u

enum pico_channel { PICO_CHANNEL_A = 0, PICO_CHANNEL_H = 7, PICO_EXTERNAL = 1000 };
enum pico_data_type { PICO_INT8_T, PICO_INT16_T, PICO_INT32_T, PICO_UINT32_T, PICO_INT64_T };
enum pico_coupling { PICO_AC = 0, PICO_DC = 1, PICO_DC_50OHM = 50 };
enum pico_time_units { PICO_FS, PICO_PS, PICO_NS, PICO_US, PICO_MS, PICO_S };
/* PICO_ACTION: bit flags, OR-able */
#define PICO_CLEAR_ALL 0x1u
#define PICO_ADD 0x2u
#define PICO_CLEAR_THIS_DATA_BUFFER 0x1000u
enum pico_device_resolution { PICO_DR_8BIT = 0, PICO_DR_12BIT = 1, PICO_DR_10BIT = 10 };
/* PICO_THRESHOLD_DIRECTION: the ps5000a numbers (ABOVE 0, BELOW 1, RISING 2, FALLING 3, …) */
/* PICO_CONNECT_PROBE_RANGE, x1 probe: 10 mV (0) … 20 V (10), the ps5000a range indices */
#define PICO_X1_PROBE_10MV 0
#define PICO_X1_PROBE_20V 10
#define PICO_BW_FULL 0
#define PICO_BW_20MHZ 20000000
/* psospa's PICO_PROBE_RANGE_INFO for a plain x1 input */
#define PICO_PROBE_NONE_NV 0

#pragma pack(push, 1)
typedef struct pico_streaming_data_info { /* PICO_STREAMING_DATA_INFO, 30 bytes */
    int32_t channel_;                     /* in: PICO_CHANNEL */
    uint32_t mode_;                       /* in: PICO_RATIO_MODE */
    int32_t type_;                        /* in: PICO_DATA_TYPE */
    int32_t noOfSamples_;                 /* out: new samples since the last call */
    uint64_t bufferIndex_;                /* out: which ADDed buffer, counting from 0 */
    int32_t startIndex_;                  /* out: where in it the new samples start */
    int16_t overflow_;                    /* out: over range */
} pico_streaming_data_info;
typedef struct pico_streaming_data_trigger_info { /* PICO_STREAMING_DATA_TRIGGER_INFO, 12 */
    uint64_t triggerAt_;
    int16_t triggered_;
    int16_t autoStop_;
} pico_streaming_data_trigger_info;
#pragma pack(pop)

_Static_assert(sizeof(pico_streaming_data_info) == 30, "PICO_STREAMING_DATA_INFO is packed");
_Static_assert(sizeof(pico_streaming_data_trigger_info) == 12, "trigger info is packed");

/* ps6000a prototypes (the psospa ones differ where noted) */
typedef pico_status (*ps6000a_open_unit_fn)(int16_t *handle, int8_t *serial, int32_t resolution);
typedef pico_status (*psospa_open_unit_fn)(int16_t *handle, int8_t *serial, int32_t resolution,
                                           void *power_details);
typedef pico_status (*ps6000a_set_channel_on_fn)(int16_t handle, int32_t channel, int32_t coupling,
                                                 int32_t range, double offset, int32_t bandwidth);
typedef pico_status (*psospa_set_channel_on_fn)(int16_t handle, int32_t channel, int32_t coupling,
                                                int64_t range_min_nv, int64_t range_max_nv,
                                                int32_t range_type, double offset,
                                                int32_t bandwidth);
typedef pico_status (*ps6000a_set_data_buffer_fn)(int16_t handle, int32_t channel, void *buffer,
                                                  int32_t n_samples, int32_t type,
                                                  uint64_t segment, uint32_t mode,
                                                  uint32_t action);
typedef pico_status (*psospa_set_data_buffer_fn)(int16_t handle, int32_t channel, void *buffer,
                                                 uint64_t n_samples, int32_t type,
                                                 uint64_t segment, uint32_t mode, uint32_t action);
typedef pico_status (*ps6000a_set_data_buffers_fn)(int16_t handle, int32_t channel,
                                                   void *buffer_max, void *buffer_min,
                                                   int32_t n_samples, int32_t type,
                                                   uint64_t segment, uint32_t mode,
                                                   uint32_t action);
typedef pico_status (*psospa_set_data_buffers_fn)(int16_t handle, int32_t channel,
                                                  void *buffer_max, void *buffer_min,
                                                  uint64_t n_samples, int32_t type,
                                                  uint64_t segment, uint32_t mode,
                                                  uint32_t action);
typedef pico_status (*ps6000a_run_streaming_fn)(int16_t handle, double *interval, int32_t units,
                                                uint64_t pre, uint64_t post, int16_t auto_stop,
                                                uint64_t ratio, uint32_t ratio_mode);
typedef pico_status (*ps6000a_get_streaming_latest_values_fn)(
    int16_t handle, pico_streaming_data_info *info, uint64_t n_info,
    pico_streaming_data_trigger_info *trigger);
typedef pico_status (*ps6000a_set_simple_trigger_fn)(int16_t handle, int16_t enable,
                                                     int32_t source, int16_t threshold,
                                                     int32_t direction, uint64_t delay,
                                                     uint32_t auto_us);
typedef pico_status (*ps6000a_get_adc_limits_fn)(int16_t handle, int32_t resolution,
                                                 int16_t *min_value, int16_t *max_value);

#endif
