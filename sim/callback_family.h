/* Which callback-style library this build of sim/callback_api.c is: its symbol prefix and the
 * calls its vendor header has (shared/research/picosdk-families-loggers.md §2-4, picosdk-api.md
 * §2). One of SIM_PS2000A, SIM_PS3000A, SIM_PS4000A, SIM_PS5000A is defined by the build. */
#ifndef PICOSTREAM_SIM_CALLBACK_FAMILY_H
#define PICOSTREAM_SIM_CALLBACK_FAMILY_H

#define SIM_CAT_(a, b) a##b
#define SIM_CAT(a, b) SIM_CAT_(a, b)
#define FN(name) SIM_CAT(SIM_PREFIX, name) /* FN(OpenUnit) is ps2000aOpenUnit */

#if defined(SIM_PS2000A)
#define SIM_PREFIX ps2000a
#define SIM_FAMILY "ps2000a"
#define SIM_SERIAL "SIM2000"
#define SIM_HAS_POWER 0          /* no ChangePowerSource in ps2000aApi.h */
#define SIM_HAS_RESOLUTION 0     /* fixed 8-bit */
#define SIM_OPEN_RESOLUTION 0    /* OpenUnit(handle, serial) */
#define SIM_TIMEBASE_OVERSAMPLE 1 /* GetTimebase(…, oversample, maxSamples, segment) */
#define SIM_HAS_BANDWIDTH 0
#define SIM_HAS_LED_QUERY 0
#define SIM_MEMORY 134217728u /* a 2408B's 128 MS */
#elif defined(SIM_PS3000A)
#define SIM_PREFIX ps3000a
#define SIM_FAMILY "ps3000a"
#define SIM_SERIAL "SIM3000D"
#define SIM_HAS_POWER 1
#define SIM_HAS_RESOLUTION 0
#define SIM_OPEN_RESOLUTION 0
#define SIM_TIMEBASE_OVERSAMPLE 1
#define SIM_HAS_BANDWIDTH 1 /* BW_FULL, BW_20MHZ */
#define SIM_HAS_LED_QUERY 0
#define SIM_MEMORY 536870912u /* a 3406D's 512 MS */
#elif defined(SIM_PS4000A)
#define SIM_PREFIX ps4000a
#define SIM_FAMILY "ps4000a"
#define SIM_SERIAL "SIM4000"
#define SIM_HAS_POWER 1
#define SIM_HAS_RESOLUTION 1 /* Set/GetDeviceResolution; only the 4444 offers a choice */
#define SIM_OPEN_RESOLUTION 0
#define SIM_TIMEBASE_OVERSAMPLE 0
#define SIM_HAS_BANDWIDTH 1 /* BW_FULL, 20 kHz, 100 kHz, 1 MHz */
#define SIM_HAS_LED_QUERY 1
#define SIM_MEMORY 268435456u /* a 4824's 256 MS */
#elif defined(SIM_PS5000A)
#define SIM_PREFIX ps5000a
#define SIM_FAMILY "ps5000a"
#define SIM_SERIAL "SIM0001"
#define SIM_HAS_POWER 1
#define SIM_HAS_RESOLUTION 1
#define SIM_OPEN_RESOLUTION 1 /* OpenUnit(handle, serial, resolution) */
#define SIM_TIMEBASE_OVERSAMPLE 0
#define SIM_HAS_BANDWIDTH 1
#define SIM_HAS_LED_QUERY 1
#define SIM_MEMORY 536870912u /* a 5444D's 512 MS */
#else
#error "define one of SIM_PS2000A, SIM_PS3000A, SIM_PS4000A, SIM_PS5000A"
#endif

#endif
