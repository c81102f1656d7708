/* The data-logger simulators' engine (see logger_sim.h). A logger makes a few readings a second
 * at most, so its samples are made when the app asks for them: they are a pure function of the
 * index, so when they are made does not change them. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "logger_sim.h"

struct lsim lsim_the_unit;
pthread_mutex_t lsim_lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void free_gens(struct lsim *s)
{
    for (int c = 0; c < SIM_MAX_CHANNELS; c++)
        if (s->gen_ready[c]) {
            sim_gen_free(&s->gen[c]);
            s->gen_ready[c] = false;
        }
}

/* What each logger measures unless the spec says otherwise: slow drifts, steps, thermal
 * ramps and, now and then, a sensor off its input. */
static const char *defaults_of(const char *family)
{
    if (strcmp(family, "pl1000") == 0) /* volts, 0 … 2.5 V */
        return "seed=1;1=dc(1.2)+sine(0.5,0.8)+noise(2m);2=dc(0.5)+ramp(1m,1000)+noise(1m);"
               "3=dc(2)+step(30,-0.5)+noise(1m);4=dc(1.25)+square(0.2,1)";
    if (strcmp(family, "picohrdl") == 0) /* volts, ±2.5 V at most */
        return "seed=1;1=sine(50m,1)+noise(100u);2=dc(0.2)+ramp(10u)+noise(50u);"
               "3=dc(-0.5)+step(60,0.25)+noise(50u)";
    if (strcmp(family, "usbtc08") == 0) /* °C */
        return "seed=1;1=dc(25)+ramp(10m,3600)+noise(20m);2=dc(21)+sine(1m,2)+noise(10m);"
               "3=dc(80)+step(120,-30)+noise(50m);4=dc(22)+noise(10m)+disconnect(100k,30);"
               "5=dc(23)+noise(10m);6=dc(37)+sine(2m,0.5)+noise(10m);7=dc(-18)+noise(20m);"
               "8=dc(60)+ramp(5m,3600)+noise(30m)";
    return "seed=1;1=dc(10)+sine(1m,5)+noise(50m);2=dc(3)+step(60,2)+noise(20m);" /* amps */
           "3=dc(0.1)+noise(10m)";
}

bool lsim_open(struct lsim *s, const char *family)
{
    char err[200] = "";
    free_gens(s);
    memset(s, 0, sizeof *s);
    s->family = family;
    if (sim_config_from_env_with(&s->cfg, defaults_of(family), err, sizeof err) != 0) {
        snprintf(s->refusal, sizeof s->refusal, "simulator config: %s", err);
        return false;
    }
    s->cfg.numbered = 1;
    s->model = logger_model_default(family);
    if (s->cfg.model[0]) {
        const struct logger_model *m = logger_model_named(s->cfg.model);
        if (!m || strcmp(m->family, family) != 0) {
            snprintf(s->refusal, sizeof s->refusal, "simulator config: model '%s' is not "
                     "one of lib%s's units (%s)", s->cfg.model, family, s->model->product);
            return false;
        }
        s->model = m;
    }
    s->open = true;
    return true;
}

void lsim_close(struct lsim *s)
{
    free_gens(s);
    s->open = false;
    s->running = false;
}

void lsim_start(struct lsim *s, double interval_s, uint64_t capacity)
{
    free_gens(s); /* the generators are made for the run's interval and clock */
    sim_clock_anchor(&s->cfg);
    s->interval_s = interval_s;
    s->capacity = capacity ? capacity : 1;
    s->t0_ns = mono_ns();
    s->running = true;
}

void lsim_stop(struct lsim *s)
{
    s->running = false;
}

double lsim_elapsed(const struct lsim *s)
{
    return (double)(mono_ns() - s->t0_ns) * 1e-9 * s->cfg.speed;
}

uint64_t lsim_made(const struct lsim *s)
{
    if (!s->running)
        return 0;
    double n = floor(lsim_elapsed(s) / s->interval_s);
    uint64_t made = n > 9e18 ? UINT64_MAX : (uint64_t)n;
    if (s->cfg.unplug_after && made > s->cfg.unplug_after)
        made = s->cfg.unplug_after; /* nothing is made once the unit has gone */
    return made;
}

bool lsim_unplugged(const struct lsim *s)
{
    return s->running && s->cfg.unplug_after && lsim_made(s) >= s->cfg.unplug_after;
}

uint64_t lsim_available(const struct lsim *s, uint64_t *cursor, uint64_t max, uint64_t *skipped)
{
    uint64_t made = lsim_made(s);
    if (made > *cursor + s->capacity) { /* the buffer went round: the oldest are gone */
        if (skipped)
            *skipped += made - s->capacity - *cursor;
        *cursor = made - s->capacity;
    }
    uint64_t n = made > *cursor ? made - *cursor : 0;
    return n < max ? n : max;
}

void lsim_values(struct lsim *s, unsigned ch, uint64_t index, size_t n, float *out)
{
    if (!s->gen_ready[ch]) {
        sim_gen_init(&s->gen[ch], &s->cfg, ch, s->interval_s > 0 ? s->interval_s : 1.0, 1.0, 0.0,
                     1, 16, false);
        s->gen_ready[ch] = true;
    }
    sim_gen_values(&s->gen[ch], index, n, out);
}

bool lsim_private_info(struct lsim *s, const char *family, uint32_t info, const char *in,
                       char *out, size_t len)
{
    if (!s->open)
        s->family = family;
    if (info == PICOSTREAM_SIM_INFO_SET_SPEC) {
        sim_config_set_override(in);
        out[0] = '\0';
        return true;
    }
    if (info == PICOSTREAM_SIM_INFO_ERROR) {
        struct sim_config cfg;
        char err[200] = "";
        if (sim_config_from_env_with(&cfg, defaults_of(s->family), err, sizeof err) != 0)
            snprintf(out, len, "simulator config: %s", err);
        else
            snprintf(out, len, "%s", s->open ? "" : s->refusal);
        return true;
    }
    if (info != PICOSTREAM_SIM_INFO_SPEC)
        return false;
    struct sim_config cfg;
    char err[8];
    if (s->open)
        cfg = s->cfg; /* what this unit runs, even if the environment changed */
    else if (sim_config_from_env_with(&cfg, defaults_of(s->family), err, sizeof err) != 0) {
        out[0] = '\0';
        return true;
    }
    cfg.numbered = 1;
    if (sim_config_format_signals(&cfg, out, len) < 0)
        out[0] = '\0';
    return true;
}

pico_status lsim_pico_unit_info(const char *family, int16_t handle, int8_t *string,
                                int16_t length, int16_t *required, uint32_t info, const char *mac)
{
    struct lsim *s = &lsim_the_unit;
    char tmp[SIM_SPEC_MAX];
    const char *text = tmp;
    pico_status st = PICO_OK;
    pthread_mutex_lock(&lsim_lock);
    if (lsim_private_info(s, family, info, (const char *)string, tmp, sizeof tmp)) {
        if (info == PICOSTREAM_SIM_INFO_SET_SPEC)
            goto out;
    } else if (info == PICO_DRIVER_VERSION) {
        text = LSIM_DRIVER_VERSION;
    } else if (handle != LSIM_HANDLE || !s->open) {
        st = PICO_INVALID_HANDLE;
        goto out;
    } else {
        switch (info) {
        case PICO_USB_VERSION: text = "2.0"; break;
        case PICO_HARDWARE_VERSION: text = "1"; break;
        case PICO_VARIANT_INFO: text = s->model->variant; break;
        case PICO_BATCH_AND_SERIAL: text = LSIM_SERIAL; break;
        case PICO_CAL_DATE: text = "24Nov26"; break;
        case PICO_KERNEL_VERSION: text = "1.0"; break;
        case 0x0B: /* PICO_MAC_ADDRESS */
            if (mac) {
                text = mac;
                break;
            }
            /* fall through */
        default: st = PICO_INVALID_INFO; goto out;
        }
    }
    size_t n = strlen(text);
    if (required)
        *required = (int16_t)(n + 1);
    if (string && length > 0)
        snprintf((char *)string, (size_t)length, "%s", text);
    st = string && (size_t)length <= n ? PICO_STRING_BUFFER_TO_SMALL : PICO_OK;
out:
    pthread_mutex_unlock(&lsim_lock);
    return st;
}
