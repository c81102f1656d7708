/* Our own declarations of the PicoLog data loggers' ABI: libpl1000 (PicoLog 1012/1216),
 * libpicohrdl (ADC-20/ADC-24), libusbtc08 (TC-08) and libplcm3 (CM3). Prototypes, enum values
 * and constants as published by Pico (shared/research/picosdk-families-loggers.md §6-8 and the
 * CM3 notes in docs/plcm3-research.md); the device layer and the simulators both use these.
 * No vendor header is copied. */
#ifndef PICOSTREAM_PICO_LOGGERS_H
#define PICOSTREAM_PICO_LOGGERS_H

#include <stdint.h>

#include "pico_abi.h"

/* ---- pl1000: every call returns PICO_STATUS ---- */
enum { PL1000_CHANNEL_1 = 1, PL1000_MAX_CHANNELS = 16 };
enum { PL1000_BM_SINGLE = 0, PL1000_BM_WINDOW = 1, PL1000_BM_STREAM = 2 };
#define PL1000_FULL_SCALE_V 2.5 /* unipolar 0 … 2.5 V: volts = code × 2.5 / maxValue */

typedef pico_status (*pl1000_open_unit_fn)(int16_t *handle);
typedef pico_status (*pl1000_close_unit_fn)(int16_t handle);
typedef pico_status (*pl1000_get_unit_info_fn)(int16_t handle, int8_t *s, int16_t len,
                                               int16_t *need, pico_info info);
typedef pico_status (*pl1000_set_interval_fn)(int16_t handle, uint32_t *us_for_block,
                                              uint32_t ideal_no_of_samples, int16_t *channels,
                                              int16_t no_of_channels);
typedef pico_status (*pl1000_run_fn)(int16_t handle, uint32_t no_of_values,
                                     int32_t method); /* BLOCK_METHOD: a 4-byte enum */
typedef pico_status (*pl1000_ready_fn)(int16_t handle, int16_t *ready);
typedef pico_status (*pl1000_stop_fn)(int16_t handle);
typedef pico_status (*pl1000_max_value_fn)(int16_t handle, uint16_t *max_value);
typedef pico_status (*pl1000_get_values_fn)(int16_t handle, uint16_t *values, uint32_t *n,
                                            uint16_t *overflow, uint32_t *trigger_index);

/* ---- picohrdl: int16 returns, 0 = failure; counts as int32 ---- */
enum { HRDL_DIGITAL_CHANNELS = 0, HRDL_ANALOG_IN_CHANNEL_1 = 1, HRDL_MAX_ANALOG_CHANNELS = 16 };
enum { HRDL_2500_MV, HRDL_1250_MV, HRDL_625_MV, HRDL_313_MV, HRDL_156_MV, HRDL_78_MV, HRDL_39_MV,
       HRDL_MAX_RANGES };
enum { HRDL_60MS, HRDL_100MS, HRDL_180MS, HRDL_340MS, HRDL_660MS, HRDL_MAX_CONVERSION_TIMES };
enum { HRDL_DRIVER_VERSION, HRDL_USB_VERSION, HRDL_HARDWARE_VERSION, HRDL_VARIANT_INFO,
       HRDL_BATCH_AND_SERIAL, HRDL_CAL_DATE, HRDL_KERNEL_DRIVER_VERSION, HRDL_ERROR,
       HRDL_SETTINGS };
enum { HRDL_OK, HRDL_KERNEL_DRIVER, HRDL_NOT_FOUND, HRDL_CONFIG_FAIL, HRDL_ERROR_OS_NOT_SUPPORTED,
       HRDL_MAX_DEVICES };
/* HRDL_SETTINGS answers one of these, in decimal */
enum { SE_CONVERSION_TIME_OUT_OF_RANGE, SE_SAMPLEINTERVAL_OUT_OF_RANGE,
       SE_CONVERSION_TIME_TOO_SLOW, SE_CHANNEL_NOT_AVAILABLE, SE_INVALID_CHANNEL,
       SE_INVALID_VOLTAGE_RANGE, SE_INVALID_PARAMETER, SE_CONVERSION_IN_PROGRESS,
       SE_COMMUNICATION_FAILED, SE_OK };
enum { HRDL_BM_BLOCK = 0, HRDL_BM_WINDOW = 1, HRDL_BM_STREAM = 2 };
#define HRDL_MAX_UNITS 20
/* the conversion times of HRDL_60MS … HRDL_660MS, milliseconds */
extern const int hrdl_conversion_ms[HRDL_MAX_CONVERSION_TIMES];

typedef int16_t (*hrdl_open_unit_fn)(void);
typedef int16_t (*hrdl_close_unit_fn)(int16_t handle);
typedef int16_t (*hrdl_get_unit_info_fn)(int16_t handle, int8_t *s, int16_t len, int16_t info);
typedef int16_t (*hrdl_set_mains_fn)(int16_t handle, int16_t sixty_hertz);
typedef int16_t (*hrdl_set_analog_in_channel_fn)(int16_t handle, int16_t channel, int16_t enabled,
                                                 int16_t range, int16_t single_ended);
typedef int16_t (*hrdl_set_interval_fn)(int16_t handle, int32_t sample_interval_ms,
                                        int16_t conversion_time);
typedef int16_t (*hrdl_run_fn)(int16_t handle, int32_t n_values, int16_t method);
typedef int16_t (*hrdl_ready_fn)(int16_t handle);
typedef void (*hrdl_stop_fn)(int16_t handle);
typedef int16_t (*hrdl_get_min_max_adc_counts_fn)(int16_t handle, int32_t *min_adc,
                                                  int32_t *max_adc, int16_t channel);
typedef int32_t (*hrdl_get_times_and_values_fn)(int16_t handle, int32_t *times, int32_t *values,
                                                int16_t *overflow, int32_t n_values);

/* ---- usbtc08: int16 returns, 0 = failure; readings as float ---- */
enum { USBTC08_CHANNEL_CJC = 0, USBTC08_MAX_CHANNELS = 8 };
enum { USBTC08_UNITS_CENTIGRADE, USBTC08_UNITS_FAHRENHEIT, USBTC08_UNITS_KELVIN,
       USBTC08_UNITS_RANKINE };
enum { USBTC08_ERROR_OK, USBTC08_ERROR_OS_NOT_SUPPORTED, USBTC08_ERROR_NO_CHANNELS_SET,
       USBTC08_ERROR_INVALID_PARAMETER, USBTC08_ERROR_VARIANT_NOT_SUPPORTED,
       USBTC08_ERROR_INCORRECT_MODE, USBTC08_ERROR_ENUMERATION_INCOMPLETE,
       USBTC08_ERROR_NOT_RESPONDING, USBTC08_ERROR_FW_FAIL, USBTC08_ERROR_CONFIG_FAIL,
       USBTC08_ERROR_NOT_FOUND, USBTC08_ERROR_THREAD_FAIL, USBTC08_ERROR_PIPE_INFO_FAIL,
       USBTC08_ERROR_NOT_CALIBRATED, USBTC08_ERROR_PICOPP_TOO_OLD,
       USBTC08_ERROR_PICO_DRIVER_FUNCTION, USBTC08_ERROR_COMMUNICATION };
enum { USBTC08LINE_DRIVER_VERSION, USBTC08LINE_KERNEL_DRIVER_VERSION, USBTC08LINE_HARDWARE_VERSION,
       USBTC08LINE_VARIANT_INFO, USBTC08LINE_BATCH_AND_SERIAL, USBTC08LINE_CAL_DATE,
       USBTC08LINE_DRIVER_PATH };
#define USBTC08_MAX_SAMPLE_BUFFER 600 /* the most readings one usb_tc08_get_temp returns */

/* USBTC08_INFO: no packing pragma in the header, 40 bytes */
typedef struct usbtc08_info {
    int16_t size;
    int8_t driver_version[12];
    int16_t picopp_version;
    int16_t hardware_version;
    int16_t variant;
    int8_t serial[11];
    int8_t cal_date[9];
} usbtc08_info;

typedef int16_t (*usbtc08_open_unit_fn)(void);
typedef int16_t (*usbtc08_close_unit_fn)(int16_t handle);
typedef int16_t (*usbtc08_stop_fn)(int16_t handle);
typedef int16_t (*usbtc08_set_mains_fn)(int16_t handle, int16_t sixty_hertz);
typedef int32_t (*usbtc08_get_minimum_interval_ms_fn)(int16_t handle);
typedef int16_t (*usbtc08_get_unit_info2_fn)(int16_t handle, int8_t *s, int16_t len, int16_t line);
typedef int16_t (*usbtc08_get_last_error_fn)(int16_t handle);
typedef int16_t (*usbtc08_set_channel_fn)(int16_t handle, int16_t channel, int8_t tc_type);
typedef int32_t (*usbtc08_run_fn)(int16_t handle, int32_t interval_ms);
typedef int32_t (*usbtc08_get_temp_fn)(int16_t handle, float *temp, int32_t *times_ms,
                                       int32_t buffer_length, int16_t *overflow, int16_t channel,
                                       int16_t units, int16_t fill_missing);

/* ---- plcm3: every call returns PICO_STATUS ---- */
enum { PLCM3_CHANNEL_1 = 1, PLCM3_MAX_CHANNELS = 3 };
enum { PLCM3_OFF, PLCM3_1_MILLIVOLT, PLCM3_10_MILLIVOLTS, PLCM3_100_MILLIVOLTS, PLCM3_VOLTAGE,
       PLCM3_MAX_DATA_TYPES };
enum { PLCM3_IDT_GET, PLCM3_IDT_SET };
enum { PLCM3_CT_USB = 1, PLCM3_CT_ETHERNET = 2, PLCM3_CT_ALL = -1 };
#define PLCM3_CONVERSION_MS 720 /* per active channel, one after the other */

typedef pico_status (*plcm3_open_unit_fn)(int16_t *handle, int8_t *serial);
typedef pico_status (*plcm3_close_unit_fn)(int16_t handle);
typedef pico_status (*plcm3_get_unit_info_fn)(int16_t handle, int8_t *s, int16_t len,
                                              int16_t *need, pico_info info);
typedef pico_status (*plcm3_set_channel_fn)(int16_t handle, uint32_t channel, uint32_t type);
typedef pico_status (*plcm3_set_mains_fn)(int16_t handle, uint16_t sixty_hertz);
typedef pico_status (*plcm3_get_value_fn)(int16_t handle, uint32_t channel, int32_t *value);

#endif
