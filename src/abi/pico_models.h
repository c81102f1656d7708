/* What each PicoScope variant can do, one row per variant: the facts our device layer checks
 * a configuration against and our simulators behave by (shared/research/picosdk-api.md,
 * picosdk-families-loggers.md §2.4, §3.4, §4.4). Pure data, no calls into a driver. */
#ifndef PICOSTREAM_PICO_MODELS_H
#define PICOSTREAM_PICO_MODELS_H

#include <stdbool.h>
#include <stdint.h>

/* The vendor's range enum (PS2000A_10MV = 0 … PS4000A_200V = 13), the same in every callback
 * family; ±volts full scale. */
#define PICO_RANGES 14
extern const double pico_range_volts[PICO_RANGES];

/* Index of range_v (volts, within 1 ppm) in pico_range_volts, or -1. */
int pico_range_index(double range_v);

/* The DEVICE_RESOLUTION enum of ps4000a/ps5000a: 8, 12, 14, 15, 16 bits at 0 … 4. */
#define PICO_RESOLUTIONS 5
extern const unsigned pico_resolution_bits[PICO_RESOLUTIONS];
int pico_resolution_enum(unsigned bits); /* -1 when no such enum value */

struct pico_model {
    const char *family;  /* "ps2000a": the vendor library it answers to */
    const char *variant; /* "2206B": what GetUnitInfo(PICO_VARIANT_INFO) says */
    unsigned channels;   /* analogue inputs */
    int first_range, last_range; /* indices into pico_range_volts */
    uint8_t resolutions; /* bit r: resolution enum r offered (bit 0 only: fixed 8-bit) */
    uint8_t fixed_resolution; /* the enum it runs at when the API has no resolution call */
    /* streaming sample intervals are multiples of this, per resolution enum (ps) */
    uint32_t grid_ps[PICO_RESOLUTIONS];
    /* samples per second over all enabled channels that streaming sustains, per resolution;
     * usb2_sps: on a USB 2.0 port (0: the same) */
    double stream_sps[PICO_RESOLUTIONS];
    double usb2_sps;
    bool power_handshake; /* OpenUnit may ask to accept USB power (282/286) */
    bool usb_power_two_channels; /* on USB power only A and B work */
    bool picoconnect; /* inputs through PicoConnect probes, reported by the driver (4444) */
};

/* The row for family's variant, or NULL. A variant's trailing letters after the model
 * number may differ ("4824" and "4824A" both find the 4824). */
const struct pico_model *pico_model_find(const char *family, const char *variant);

/* The variant a family's simulator presents unless told otherwise. */
const struct pico_model *pico_model_default(const char *family);

/* Comma-separated variants of family into buf ("2206B, 2208B, …"); returns buf. */
const char *pico_model_list(const char *family, char *buf, unsigned len);

/* The ranges a model offers, "20mV…20V", into buf; returns buf. */
const char *pico_model_ranges(const struct pico_model *m, char *buf, unsigned len);

/* One line per variant of family into buf: "  2206B  2 ch  20mV…20V  8-bit  31.25 MS/s";
 * returns buf. */
const char *pico_model_describe(const char *family, char *buf, unsigned len);

/* Channels m can stream at resolution enum r (the 5000D: 2 at 15-bit, 1 at 16-bit). */
unsigned pico_model_max_channels(const struct pico_model *m, int r);

/* Highest total streaming rate of m at resolution enum r, USB 2.0 if usb2. */
double pico_model_stream_sps(const struct pico_model *m, int r, bool usb2);

#endif
