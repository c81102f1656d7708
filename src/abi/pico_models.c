/* The variant table: channels, ranges, resolutions, streaming interval grid and rate limits
 * per PicoScope model. Sources are cited per family; where Pico publishes no figure (the
 * streaming limits of USB 3 units) the row holds this project's stated assumption, listed as
 * such in the README. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "pico_abi.h"
#include "pico_models.h"

const double pico_range_volts[PICO_RANGES] = {0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1,
                                              2,    5,    10,   20,  50,  100, 200};
const unsigned pico_resolution_bits[PICO_RESOLUTIONS] = {8, 12, 14, 15, 16};

enum { R10MV, R20MV, R50MV, R100MV, R200MV, R500MV, R1V, R2V, R5V, R10V, R20V, R50V, R100V,
       R200V };
enum { RES8 = 1, RES12 = 2, RES14 = 4, RES15 = 8, RES16 = 16 };

/* grids: 1 GS/s class n>=3 -> (n-2)*8 ns, 500 MS/s class -> (n-2)*16 ns (§2.4, §3.4);
 * 4000A (n+1)*12.5 ns, 4444 (n-2)*20 ns (§4.4); 5000D per resolution (picosdk-api.md). */
#define G8(ps) {ps, ps, ps, ps, ps}
#define S8(sps) {sps, sps, sps, sps, sps}

static const struct pico_model models[] = {
    /* ps2000a: fixed 8-bit, no power handshake; B models and the 2405A start at 20 mV (§2.4);
     * streaming shares USB 2.0: 31.25 MS/s in total (assumed as the 3000A's USB 2.0 figure) */
    {"ps2000a", "2206B", 2, R20MV, R20V, RES8, 0, G8(16000), S8(31.25e6), 0, false, false, false},
    {"ps2000a", "2207B", 2, R20MV, R20V, RES8, 0, G8(8000), S8(31.25e6), 0, false, false, false},
    {"ps2000a", "2208B", 2, R20MV, R20V, RES8, 0, G8(8000), S8(31.25e6), 0, false, false, false},
    {"ps2000a", "2405A", 4, R20MV, R20V, RES8, 0, G8(16000), S8(31.25e6), 0, false, false, false},
    {"ps2000a", "2406B", 4, R20MV, R20V, RES8, 0, G8(8000), S8(31.25e6), 0, false, false, false},
    {"ps2000a", "2407B", 4, R20MV, R20V, RES8, 0, G8(8000), S8(31.25e6), 0, false, false, false},
    {"ps2000a", "2408B", 4, R20MV, R20V, RES8, 0, G8(8000), S8(31.25e6), 0, false, false, false},
    /* ps3000a D models: 8-bit, 20 mV…20 V, 1 GS/s timebases (§3.4); USB 2.0: 31.25 MS/s in
     * total (PG3); USB 3: 125 MS/s assumed; 4-channel units need their PSU for C and D */
    {"ps3000a", "3406D", 4, R20MV, R20V, RES8, 0, G8(8000), S8(125e6), 31.25e6, true, true, false},
    {"ps3000a", "3405D", 4, R20MV, R20V, RES8, 0, G8(8000), S8(125e6), 31.25e6, true, true, false},
    {"ps3000a", "3404D", 4, R20MV, R20V, RES8, 0, G8(8000), S8(125e6), 31.25e6, true, true, false},
    {"ps3000a", "3403D", 4, R20MV, R20V, RES8, 0, G8(8000), S8(125e6), 31.25e6, true, true, false},
    {"ps3000a", "3206D", 2, R20MV, R20V, RES8, 0, G8(8000), S8(125e6), 31.25e6, true, false, false},
    {"ps3000a", "3205D", 2, R20MV, R20V, RES8, 0, G8(8000), S8(125e6), 31.25e6, true, false, false},
    {"ps3000a", "3204D", 2, R20MV, R20V, RES8, 0, G8(8000), S8(125e6), 31.25e6, true, false, false},
    {"ps3000a", "3203D", 2, R20MV, R20V, RES8, 0, G8(8000), S8(125e6), 31.25e6, true, false, false},
    /* ps4000a (§4.4): 12-bit, 160 MS/s on USB 3.0 (PG4), 40 MS/s on USB 2.0 assumed; the 4444
     * offers 12 and 14 bits, 50 MS/s per channel at 14-bit (its fastest timebase, 20 ns) */
    {"ps4000a", "4824", 8, R10MV, R50V, RES12, 1, G8(12500), S8(160e6), 40e6, true, false, false},
    {"ps4000a", "4225", 2, R50MV, R200V, RES12, 1, G8(12500), S8(160e6), 40e6, true, false, false},
    {"ps4000a", "4425", 4, R50MV, R200V, RES12, 1, G8(12500), S8(160e6), 40e6, true, false, false},
    {"ps4000a", "4444", 4, R10MV, R50V, RES12 | RES14, 1, G8(20000),
     {0, 160e6, 50e6, 0, 0}, 40e6, true, false, true},
    /* ps5000a 5000D: flexible resolution; 8 ns grid at 8/14/15-bit, 16 ns at 12/16-bit;
     * 125 MS/s at 8-bit, 62.5 MS/s above (picosdk-api.md) */
    {"ps5000a", "5444D", 4, R10MV, R20V, RES8 | RES12 | RES14 | RES15 | RES16, 0,
     {8000, 16000, 8000, 8000, 16000}, {125e6, 62.5e6, 62.5e6, 62.5e6, 62.5e6}, 0, true, true, false},
    {"ps5000a", "5244D", 2, R10MV, R20V, RES8 | RES12 | RES14 | RES15 | RES16, 0,
     {8000, 16000, 8000, 8000, 16000}, {125e6, 62.5e6, 62.5e6, 62.5e6, 62.5e6}, 0, true, true, false},
    /* the info-struct families: only the variant and channel count are read from here */
    {"ps6000a", "6824E", 8, R10MV, R20V, RES8 | RES12, 0, G8(0), S8(0), 0, true, false, false},
    {"ps6000a", "6424E", 4, R10MV, R20V, RES8 | RES12, 0, G8(0), S8(0), 0, true, false, false},
    {"ps6000a", "6804E", 8, R10MV, R20V, RES8 | RES12, 0, G8(0), S8(0), 0, true, false, false},
    {"ps6000a", "6404E", 4, R10MV, R20V, RES8 | RES12, 0, G8(0), S8(0), 0, true, false, false},
    {"psospa", "3418E", 4, R10MV, R20V, RES8, 0, G8(0), S8(0), 0, true, false, false},
    {"psospa", "3417E", 4, R10MV, R20V, RES8, 0, G8(0), S8(0), 0, true, false, false},
    {"psospa", "3416E", 4, R10MV, R20V, RES8, 0, G8(0), S8(0), 0, true, false, false},
};
#define N_MODELS (sizeof models / sizeof *models)

int pico_range_index(double range_v)
{
    for (int i = 0; i < PICO_RANGES; i++)
        if (range_v > pico_range_volts[i] * 0.999999 && range_v < pico_range_volts[i] * 1.000001)
            return i;
    return -1;
}

int pico_resolution_enum(unsigned bits)
{
    for (int r = 0; r < PICO_RESOLUTIONS; r++)
        if (pico_resolution_bits[r] == bits)
            return r;
    return -1;
}

const struct pico_model *pico_model_find(const char *family, const char *variant)
{
    if (!family || !variant)
        return NULL;
    const struct pico_model *prefix = NULL;
    for (size_t i = 0; i < N_MODELS; i++) {
        if (strcmp(models[i].family, family) != 0)
            continue;
        size_t n = strlen(models[i].variant);
        if (strcmp(models[i].variant, variant) == 0)
            return &models[i];
        /* "4824A" is a 4824: letters after the row's model number */
        if (!prefix && strncmp(models[i].variant, variant, n) == 0 &&
            isdigit((unsigned char)models[i].variant[n - 1]) &&
            isalpha((unsigned char)variant[n]))
            prefix = &models[i];
    }
    return prefix;
}

const struct pico_model *pico_model_default(const char *family)
{
    for (size_t i = 0; i < N_MODELS; i++)
        if (family && strcmp(models[i].family, family) == 0)
            return &models[i];
    return NULL;
}

const char *pico_model_list(const char *family, char *buf, unsigned len)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < N_MODELS && at < len; i++)
        if (strcmp(models[i].family, family) == 0)
            at += (size_t)snprintf(buf + at, len - at, "%s%s", at ? ", " : "", models[i].variant);
    return buf;
}

static void volts_text(double v, char *buf, size_t len)
{
    if (v < 1)
        snprintf(buf, len, "%gmV", v * 1000);
    else
        snprintf(buf, len, "%gV", v);
}

const char *pico_model_ranges(const struct pico_model *m, char *buf, unsigned len)
{
    char lo[16], hi[16];
    volts_text(pico_range_volts[m->first_range], lo, sizeof lo);
    volts_text(pico_range_volts[m->last_range], hi, sizeof hi);
    snprintf(buf, len, "%s…%s", lo, hi);
    return buf;
}

double pico_model_stream_sps(const struct pico_model *m, int r, bool usb2)
{
    double sps = r >= 0 && r < PICO_RESOLUTIONS ? m->stream_sps[r] : 0;
    return usb2 && m->usb2_sps > 0 && m->usb2_sps < sps ? m->usb2_sps : sps;
}

unsigned pico_model_max_channels(const struct pico_model *m, int r)
{
    if (strcmp(m->family, "ps5000a") == 0 && (r == 3 || r == 4))
        return r == 3 ? 2 : 1;
    return m->channels;
}

const char *pico_model_describe(const char *family, char *buf, unsigned len)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < N_MODELS && at < len; i++) {
        const struct pico_model *m = &models[i];
        if (strcmp(m->family, family) != 0)
            continue;
        char ranges[32], bits[32] = "", rate[48] = "";
        size_t b = 0;
        double top = 0;
        for (int r = 0; r < PICO_RESOLUTIONS; r++)
            if (m->resolutions >> r & 1) {
                b += (size_t)snprintf(bits + b, sizeof bits - b, "%s%u", b ? "/" : "",
                                      pico_resolution_bits[r]);
                top = m->stream_sps[r] > top ? m->stream_sps[r] : top;
            }
        if (top > 0)
            snprintf(rate, sizeof rate, "  streams %g MS/s in total%s", top / 1e6,
                     m->usb2_sps > 0 ? " (USB 2.0: " : "");
        if (top > 0 && m->usb2_sps > 0)
            snprintf(rate + strlen(rate), sizeof rate - strlen(rate), "%g)", m->usb2_sps / 1e6);
        at += (size_t)snprintf(buf + at, len - at, "  %-6s %u ch  %-12s %s-bit%s%s\n",
                               m->variant, m->channels, pico_model_ranges(m, ranges, sizeof ranges),
                               bits, rate, m->picoconnect ? "  PicoConnect probes" : "");
    }
    return buf;
}

const char *pico_probe_name(int32_t probe)
{
    switch (probe) {
    case PICO_CONNECT_PROBE_NONE: return "none";
    case PICO_CONNECT_PROBE_D9_BNC: return "D9-BNC";
    case PICO_CONNECT_PROBE_D9_2X_BNC: return "D9-2xBNC";
    case PICO_CONNECT_PROBE_DIFFERENTIAL: return "differential";
    case PICO_CONNECT_PROBE_INTELLIGENT: return "intelligent";
    case PICO_CONNECT_PROBE_FAULT: return "fault";
    default: return "unknown";
    }
}
