/* The simulated unit's fixed facts (ranges, timebases, resolution limits) and the
 * one-driver-call-at-a-time guard. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_unit.h"

struct sim_unit sim_units[SIM_MAX_UNITS];
int sim_current;
char sim_refusal[256];
_Thread_local int sim_in_callback;
static atomic_flag sim_busy = ATOMIC_FLAG_INIT;

pico_status sim_enter(int16_t handle, int need_open)
{
    if (sim_in_callback)
        return PICO_USER_CALLBACK;
    /* acquire: a call sees everything the previous call wrote */
    if (atomic_flag_test_and_set_explicit(&sim_busy, memory_order_acquire))
        return PICO_DRIVER_FUNCTION;
    bool in_range = handle >= SIM_HANDLE && handle < SIM_HANDLE + SIM_MAX_UNITS;
    if (in_range) /* the unit this call is about (the busy flag keeps it ours) */
        sim_current = handle - SIM_HANDLE;
    if (need_open && (!in_range || !sim_the_unit.open)) {
        sim_leave();
        return PICO_INVALID_HANDLE;
    }
    return PICO_OK;
}

void sim_leave(void)
{
    /* release: publishes this call's writes to the next caller */
    atomic_flag_clear_explicit(&sim_busy, memory_order_release);
}

const char *sim_private_info(uint32_t info, char *tmp, size_t len)
{
    struct sim_config cfg;
    char err[256] = "";
    int bad = sim_config_from_env(&cfg, err, sizeof err) != 0;
    if (info == PICOSTREAM_SIM_INFO_ERROR)
        return bad ? (snprintf(tmp, len, "%s", err), tmp) : sim_refusal;
    if (info != PICOSTREAM_SIM_INFO_SPEC)
        return NULL;
    if (sim_the_unit.open)
        cfg = sim_the_unit.cfg; /* what this unit runs, even if the environment changed */
    else if (bad)
        return "";
    return sim_config_format_signals(&cfg, tmp, len) < 0 ? "" : tmp;
}

static const char *info_text(const struct sim_identity *id, pico_info info, char *tmp, size_t len)
{
    struct sim_unit *u = &sim_the_unit;
    switch (info) {
    case PICO_DRIVER_VERSION: return id->driver_version;
    case PICO_USB_VERSION: return id->usb_version;
    case PICO_HARDWARE_VERSION: return "1";
    case PICO_VARIANT_INFO: return u->open ? u->cfg.model : "";
    case PICO_BATCH_AND_SERIAL: return id->serial;
    case PICO_CAL_DATE: return "24Nov26";
    case PICO_KERNEL_VERSION: return "1.0";
    case PICO_DRIVER_PATH: {
        Dl_info di;
        if (dladdr((void *)info_text, &di) && di.dli_fname) {
            snprintf(tmp, len, "%s", di.dli_fname);
            return tmp;
        }
        return "";
    }
    default:
        return info <= PICO_IPP_VERSION ? "1.0.0.0" : sim_private_info(info, tmp, len);
    }
}

pico_status sim_unit_info(int16_t handle, int8_t *string, int16_t length, int16_t *required,
                          uint32_t info, const struct sim_identity *id)
{
    if (info == PICOSTREAM_SIM_INFO_SET_SPEC) { /* an input: the spec for the next open */
        if (handle != 0 || !string || length <= 0 || memchr(string, 0, (size_t)length) == NULL ||
            strlen((const char *)string) >= SIM_SPEC_MAX)
            return PICO_INVALID_PARAMETER;
        pico_status st = sim_enter(0, 0);
        if (st != PICO_OK)
            return st;
        sim_config_set_override((const char *)string);
        SIM_END(PICO_OK);
    }
    /* driver version and path may be read without an open unit, as the vendor documents */
    int any = info == PICO_DRIVER_VERSION || info == PICO_DRIVER_PATH ||
              info == PICOSTREAM_SIM_INFO_SPEC || info == PICOSTREAM_SIM_INFO_ERROR;
    pico_status st = sim_enter(handle, !any);
    if (st != PICO_OK)
        return st;
    char tmp[SIM_SPEC_MAX];
    const char *s = info_text(id, info, tmp, sizeof tmp);
    if (!s)
        SIM_END(PICO_INVALID_PARAMETER);
    int16_t need = (int16_t)(strlen(s) + 1);
    if (required)
        *required = need;
    if (string && length > 0) {
        size_t n = (size_t)(length < need ? length - 1 : need - 1);
        memcpy(string, s, n);
        string[n] = 0;
    }
    SIM_END(PICO_OK);
}

pico_status sim_close_unit(int16_t handle)
{
    pico_status st = sim_enter(handle, 1);
    if (st != PICO_OK)
        return st;
    sim_stop(&sim_the_unit); /* joins the acquisition thread before the state goes */
    for (int c = 0; c < SIM_MAX_CHANNELS; c++)
        sim_gen_free(&sim_the_unit.gen[c]);
    free(sim_the_unit.ds_raw);
    memset(&sim_the_unit, 0, sizeof sim_the_unit);
    sim_leave();
    return PICO_OK;
}

const char *sim_model(const struct sim_unit *u, const char *family_default)
{
    return u->cfg.model[0] ? u->cfg.model : family_default;
}

int sim_max_channels_for_resolution(const struct sim_unit *u, int resolution)
{
    return u->model ? (int)pico_model_max_channels(u->model, resolution) : u->n_analog;
}

int sim_enabled_count(const struct sim_unit *u)
{
    int n = 0;
    for (int c = 0; c < SIM_MAX_CHANNELS; c++)
        n += u->ch[c].enabled != 0;
    return n;
}

double sim_range_v(int range)
{
    return range >= 0 && range < PICO_RANGES ? pico_range_volts[range] : 0.0;
}

int16_t sim_adc_max(int resolution)
{
    return resolution == PS5000A_DR_8BIT ? PS5000A_MAX_VALUE_8BIT : PS5000A_MAX_VALUE_16BIT;
}

unsigned sim_resolution_bits(int resolution)
{
    static const unsigned bits[] = {8, 12, 14, 15, 16};
    return resolution >= 0 && resolution <= PS5000A_DR_16BIT ? bits[resolution] : 0;
}

/* Timebase formulas of the 5000A/B/D programmer's guide, per resolution. */
uint64_t sim_timebase_ps(int resolution, uint32_t tb)
{
    switch (resolution) {
    case PS5000A_DR_8BIT: return tb <= 2 ? 1000ull << tb : (uint64_t)(tb - 2) * 8000;
    case PS5000A_DR_12BIT:
        if (tb == 0)
            return 0;
        return tb <= 3 ? 2000ull << (tb - 1) : (uint64_t)(tb - 3) * 16000;
    case PS5000A_DR_14BIT:
    case PS5000A_DR_15BIT: return tb < 3 ? 0 : (tb == 3 ? 8000 : (uint64_t)(tb - 2) * 8000);
    case PS5000A_DR_16BIT: return tb < 4 ? 0 : (tb == 4 ? 16000 : (uint64_t)(tb - 3) * 16000);
    default: return 0;
    }
}

const char *sim_serial_of(const char *base, int k, char *buf, size_t len)
{
    if (k == 0)
        snprintf(buf, len, "%s", base);
    else
        snprintf(buf, len, "%s-%d", base, k + 1);
    return buf;
}

int sim_pick_unit(const char *base, const int8_t *serial)
{
    struct sim_config cfg;
    char err[8], buf[32];
    unsigned units = sim_config_from_env(&cfg, err, sizeof err) == 0 ? cfg.units : 1;
    for (unsigned k = 0; k < units && k < SIM_MAX_UNITS; k++)
        if (!sim_units[k].open &&
            (!serial || strcmp((const char *)serial, sim_serial_of(base, (int)k, buf, sizeof buf)) == 0))
            return (int)k;
    return -1;
}

int sim_list_units(const char *base, char *out, size_t len)
{
    struct sim_config cfg;
    char err[8], buf[32];
    unsigned units = sim_config_from_env(&cfg, err, sizeof err) == 0 ? cfg.units : 1;
    size_t at = 0;
    if (len)
        out[0] = '\0';
    for (unsigned k = 0; k < units && at < len; k++)
        at += (size_t)snprintf(out + at, len - at, "%s%s", k ? "," : "",
                               sim_serial_of(base, (int)k, buf, sizeof buf));
    return (int)units;
}
