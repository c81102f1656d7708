/* The simulated PicoLog CM3: every export of libplcm3 (plcm3Api.h, 9 functions returning
 * PICO_STATUS), over the logger engine. Once inputs are set the unit converts them in turn,
 * about 720 ms each, round and round; PLCM3GetValue gives an input's newest reading: PICO_OK
 * when it is new, PICO_WARNING_REPEAT_VALUE when that reading was already returned,
 * PICO_NO_SAMPLES_AVAILABLE before the first. Readings are mA through a clamp (its mV/A already
 * applied) and µV on the voltage input (docs/plcm3-research.md). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "logger_sim.h"
#include "pico_loggers.h"

#define FAMILY "plcm3"

static struct {
    uint32_t type[PLCM3_MAX_CHANNELS + 1];
    uint64_t returned[PLCM3_MAX_CHANNELS + 1]; /* 1 + the cycle last returned; 0: none yet */
    int16_t ip_enabled;
    char ip[20];
    uint16_t port;
} c3;

#define BEGIN(handle) LSIM_BEGIN_STATUS(handle)
#define END(st) LSIM_END(st)

static int active(void)
{
    int n = 0;
    for (int c = 1; c <= PLCM3_MAX_CHANNELS; c++)
        n += c3.type[c] != PLCM3_OFF;
    return n;
}

/* A new set of inputs starts the conversion cycle again. */
static void restart(struct lsim *s)
{
    memset(c3.returned, 0, sizeof c3.returned);
    int n = active();
    if (n)
        lsim_start(s, PLCM3_CONVERSION_MS * 1e-3 * n, 1);
    else
        lsim_stop(s);
}

LSIM_EXPORT pico_status PLCM3Enumerate(int8_t *details, uint32_t *length, uint32_t type)
{
    if (!details || !length)
        return PICO_NULL_PARAMETER;
    const char *list = type & PLCM3_CT_USB ? LSIM_SERIAL : ""; /* one unit, on USB */
    if (*length <= strlen(list)) {
        *length = (uint32_t)strlen(list) + 1;
        return PICO_STRING_BUFFER_TO_SMALL;
    }
    snprintf((char *)details, *length, "%s", list);
    *length = (uint32_t)strlen(list);
    return PICO_OK;
}

LSIM_EXPORT pico_status PLCM3OpenUnit(int16_t *handle, int8_t *serial)
{
    if (!handle)
        return PICO_NULL_PARAMETER;
    pthread_mutex_lock(&lsim_lock);
    *handle = 0;
    if (lsim_the_unit.open || (serial && strcmp((const char *)serial, LSIM_SERIAL) != 0) ||
        !lsim_open(&lsim_the_unit, FAMILY))
        END(PICO_NOT_FOUND);
    memset(&c3, 0, sizeof c3);
    snprintf(c3.ip, sizeof c3.ip, "192.168.1.50");
    c3.port = 6554;
    *handle = LSIM_HANDLE;
    END(PICO_OK);
}

LSIM_EXPORT pico_status PLCM3OpenUnitViaIp(int16_t *handle, int8_t *serial, int8_t *ip_address)
{
    (void)serial, (void)ip_address;
    if (!handle)
        return PICO_NULL_PARAMETER;
    *handle = 0;
    return PICO_NOT_FOUND; /* the simulated unit is on USB only */
}

LSIM_EXPORT pico_status PLCM3CloseUnit(int16_t handle)
{
    BEGIN(handle);
    lsim_close(s);
    END(PICO_OK);
}

LSIM_EXPORT pico_status PLCM3IpDetails(int16_t handle, int16_t *enabled, int8_t *ip_address,
                                       uint16_t *length, uint16_t *listening_port, uint32_t type)
{
    BEGIN(handle);
    if (!enabled || !ip_address || !length || !listening_port)
        END(PICO_NULL_PARAMETER);
    if (type == PLCM3_IDT_SET) {
        c3.ip_enabled = *enabled;
        snprintf(c3.ip, sizeof c3.ip, "%.*s", (int)(*length < sizeof c3.ip ? *length : 19),
                 (const char *)ip_address);
        c3.port = *listening_port;
        END(PICO_OK);
    }
    if (type != PLCM3_IDT_GET)
        END(PICO_INVALID_PARAMETER);
    *enabled = c3.ip_enabled;
    if (*length <= strlen(c3.ip))
        END(PICO_STRING_BUFFER_TO_SMALL);
    snprintf((char *)ip_address, *length, "%s", c3.ip);
    *length = (uint16_t)strlen(c3.ip);
    *listening_port = c3.port;
    END(PICO_OK);
}

LSIM_EXPORT pico_status PLCM3GetUnitInfo(int16_t handle, int8_t *string, int16_t length,
                                         int16_t *required, pico_info info)
{
    return lsim_pico_unit_info(FAMILY, handle, string, length, required, info,
                               "00:0c:e9:00:00:01");
}

LSIM_EXPORT pico_status PLCM3SetChannel(int16_t handle, uint32_t channel, uint32_t type)
{
    BEGIN(handle);
    if (channel < PLCM3_CHANNEL_1 || channel > PLCM3_MAX_CHANNELS)
        END(PICO_INVALID_CHANNEL);
    if (type >= PLCM3_MAX_DATA_TYPES)
        END(PICO_INVALID_PARAMETER);
    c3.type[channel] = type;
    s->enabled[channel - 1] = type != PLCM3_OFF;
    restart(s);
    END(PICO_OK);
}

LSIM_EXPORT pico_status PLCM3SetMains(int16_t handle, uint16_t sixty_hertz)
{
    BEGIN(handle);
    if (sixty_hertz > 1)
        END(PICO_INVALID_PARAMETER);
    s->sixty_hz = sixty_hertz;
    END(PICO_OK);
}

LSIM_EXPORT pico_status PLCM3GetValue(int16_t handle, uint32_t channel, int32_t *value)
{
    BEGIN(handle);
    if (!value)
        END(PICO_NULL_PARAMETER);
    if (channel < PLCM3_CHANNEL_1 || channel > PLCM3_MAX_CHANNELS)
        END(PICO_INVALID_CHANNEL);
    *value = 0;
    if (c3.type[channel] == PLCM3_OFF)
        END(PICO_OK); /* an input that is off reads 0 (assumed; Pico's examples poll them) */
    uint64_t made = lsim_made(s);
    if (made == 0)
        END(PICO_NO_SAMPLES_AVAILABLE);
    float v;
    int over = 0;
    lsim_values(s, channel - 1, made - 1, 1, &v);
    /* a clamp's mA (amps × 1000) or the voltage input's µV; the input takes ±2.5 V */
    static const double per_unit[] = {0, 1e-3, 1e-3, 1e-3, 1e-6};
    static const int32_t top[] = {0, 2500000, 250000, 25000, 2500000};
    uint32_t t = c3.type[channel];
    *value = sim_logger_code(v, per_unit[t], 0.0, -top[t], top[t], &over);
    bool repeat = c3.returned[channel] == made;
    c3.returned[channel] = made;
    END(repeat ? PICO_WARNING_REPEAT_VALUE : PICO_OK);
}
