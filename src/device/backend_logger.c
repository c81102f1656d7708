/* The data-logger API style: open, configure and read through the logger's own file, then hand
 * each read to the capture as columns, with the index of its first set so that what the driver
 * lost is a gap in the recording. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "logger_int.h"

double logger_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void logger_unit_info(struct logger *lg, pl1000_get_unit_info_fn fn, pico_info what, char *out,
                      size_t len)
{
    int16_t need = 0;
    if (fn(lg->handle, (int8_t *)out, (int16_t)len, &need, what) != PICO_OK)
        out[0] = '\0';
}

void logger_unit_identity(struct logger *lg, pl1000_get_unit_info_fn fn)
{
    ps_device_info *i = &lg->dev->info;
    logger_unit_info(lg, fn, PICO_VARIANT_INFO, i->model, sizeof i->model);
    logger_unit_info(lg, fn, PICO_BATCH_AND_SERIAL, i->serial, sizeof i->serial);
    logger_unit_info(lg, fn, PICO_DRIVER_VERSION, i->driver_version, sizeof i->driver_version);
    logger_unit_info(lg, fn, PICO_USB_VERSION, i->usb_version, sizeof i->usb_version);
}

bool logger_unit_sim_info(pl1000_get_unit_info_fn fn, uint32_t code, char *buf, size_t len)
{
    int16_t need = 0;
    return fn(0, (int8_t *)buf, (int16_t)len, &need, code) == PICO_OK;
}

uint64_t logger_index_of(uint32_t t_ms, uint32_t last_ms, uint64_t last_index,
                         uint32_t interval_ms)
{
    uint32_t dt = (t_ms - last_ms) & 0x7fffffffu; /* across the ms counter's wrap at 2^31 */
    return last_index + (dt + interval_ms / 2) / interval_ms;
}

unsigned logger_inputs(const struct logger *lg, const ps_device_config *cfg, ps_stream_params *p,
                       ps_error *err)
{
    unsigned n = 0, have = lg->dev->info.n_channels;
    for (unsigned c = 0; c < PS_MAX_CHANNELS; c++) {
        if (!cfg->channel[c].enabled)
            continue;
        if (c >= have) {
            ps_fail(err, PS_ERR_ARG, "input %u: not on this %s (inputs 1…%u)", c + 1,
                    lg->dev->family->product, have);
            return 0;
        }
        if (!cfg->channel[c].numbered) {
            ps_fail(err, PS_ERR_ARG, "channel %c: the %s's inputs are numbered (-c %u…)", 'A' + c,
                    lg->dev->family->product, c + 1);
            return 0;
        }
        if (cfg->channel[c].coupling == PS_COUPLING_AC || cfg->channel[c].analog_offset_v != 0 ||
            cfg->channel[c].bandwidth_hz > 0) {
            ps_fail(err, PS_ERR_ARG, "input %u: the %s has no AC coupling, offset or bandwidth "
                    "limit", c + 1, lg->dev->family->product);
            return 0;
        }
        p->channel_index[n++] = c;
    }
    if (n == 0)
        ps_fail(err, PS_ERR_ARG, "no input enabled (-c 1…)");
    if (cfg->trigger.enabled && n) {
        ps_fail(err, PS_ERR_ARG, "the %s streams without a trigger", lg->dev->family->product);
        return 0;
    }
    if (cfg->downsample != PS_DOWNSAMPLE_NONE && n) {
        ps_fail(err, PS_ERR_ARG, "the %s has no driver-side downsampling: resample the "
                "recording instead", lg->dev->family->product);
        return 0;
    }
    p->n_enabled = n;
    return n;
}

void logger_units(ps_stream_params *p, const char *unit, double scale, double full_scale,
                  int32_t code_max)
{
    for (unsigned k = 0; k < p->n_enabled; k++) {
        snprintf(p->unit[k], sizeof p->unit[k], "%s", unit);
        p->unit_scale[k] = scale;
        p->unit_offset[k] = 0;
        p->full_scale[k] = full_scale;
        p->code_max[k] = code_max;
    }
}

ps_status logger_buffers(struct logger *lg, size_t cap, ps_error *err)
{
    size_t bytes = lg->p.format == PS_SAMPLE_INT16 ? 2 : 4;
    free(lg->sets);
    free(lg->lanes);
    lg->cap = cap;
    lg->sets = malloc(cap * lg->p.n_enabled * bytes);
    lg->lanes = malloc(cap * lg->p.n_columns * sizeof *lg->lanes);
    if (!lg->sets || !lg->lanes)
        return ps_fail(err, PS_ERR_NOMEM, "%s: out of memory for %zu readings",
                       lg->dev->family->product, cap);
    return PS_OK;
}

bool logger_sim_spec(ps_device *dev, char *buf, size_t len)
{
    struct logger *lg = dev->backend;
    return lg && lg->api->sim_info(lg, PICOSTREAM_SIM_INFO_SPEC, buf, len) && buf[0];
}

static ps_status logger_open(ps_device *dev, ps_error *err)
{
    struct logger *lg = calloc(1, sizeof *lg);
    if (!lg)
        return ps_fail(err, PS_ERR_NOMEM, "device: out of memory");
    lg->api = dev->family->logger;
    lg->dev = dev;
    dev->backend = lg;
    ps_status st = device_resolve(dev->lib, dev->info.driver_path, lg->api->names, lg->fns,
                                  lg->api->n_names, err);
    if (st != PS_OK)
        goto fail;
    if (dev->want_sim) { /* our simulator takes its spec before the unit opens */
        char spec[4096];
        snprintf(spec, sizeof spec, "%s", dev->sim_spec_in ? dev->sim_spec_in : "");
        if (!lg->api->sim_info(lg, PICOSTREAM_SIM_INFO_SET_SPEC, spec, sizeof spec) && spec[0]) {
            st = ps_fail(err, PS_ERR_ARG, "%s takes no simulator spec: not one of picostream's "
                         "simulators", dev->info.driver_path);
            goto fail;
        }
    }
    st = lg->api->open(lg, err);
    if (st != PS_OK) {
        char why[256] = "";
        if (lg->api->sim_info(lg, PICOSTREAM_SIM_INFO_ERROR, why, sizeof why) && why[0])
            st = ps_fail(err, PS_ERR_ARG, "%s", why);
        goto fail;
    }
    ps_device_info *i = &dev->info;
    i->is_simulator = strstr(i->driver_version, "picostream-sim") != NULL;
    if (i->is_simulator &&
        !lg->api->sim_info(lg, PICOSTREAM_SIM_INFO_SPEC, i->sim_spec, sizeof i->sim_spec))
        i->sim_spec[0] = '\0';
    lg->model = logger_model_find(dev->family->name, i->model);
    if (lg->model)
        i->n_channels = lg->model->channels;
    return PS_OK;
fail:
    free(lg);
    dev->backend = NULL;
    return st;
}

static ps_status logger_start(ps_device *dev, const ps_device_config *cfg, ps_stream_params *p,
                              ps_error *err)
{
    struct logger *lg = dev->backend;
    memset(p, 0, sizeof *p);
    p->downsample = PS_DOWNSAMPLE_NONE;
    p->downsample_ratio = 1;
    if (lg->running)
        return ps_fail(err, PS_ERR_ARG, "the %s is already streaming", dev->family->product);
    ps_status st = lg->api->start(lg, cfg, p, err);
    if (st != PS_OK)
        return st;
    p->n_columns = p->n_enabled * (p->format == PS_SAMPLE_INT16 ? 1 : 2);
    p->rate_hz = 1.0 / p->interval_s;
    lg->p = *p;
    if ((st = logger_buffers(lg, p->driver_buffer_samples, err)) != PS_OK) {
        lg->api->stop(lg);
        return st;
    }
    lg->t0 = logger_now();
    lg->next = 0;
    lg->running = true;
    return PS_OK;
}

/* The read's sets as the capture's columns: a 4-byte value is its low then its high half. */
static void to_lanes(struct logger *lg, size_t n)
{
    unsigned ne = lg->p.n_enabled;
    if (lg->p.format == PS_SAMPLE_INT16) {
        const int16_t *v = lg->sets;
        for (unsigned k = 0; k < ne; k++)
            for (size_t j = 0; j < n; j++)
                lg->lanes[k * lg->cap + j] = v[j * ne + k];
        return;
    }
    const uint32_t *v = lg->sets;
    for (unsigned k = 0; k < ne; k++)
        for (size_t j = 0; j < n; j++) {
            lg->lanes[2 * k * lg->cap + j] = (int16_t)(uint16_t)(v[j * ne + k] & 0xffff);
            lg->lanes[(2 * k + 1) * lg->cap + j] = (int16_t)(uint16_t)(v[j * ne + k] >> 16);
        }
}

static ps_status logger_poll(ps_device *dev, ps_device_data_fn fn, void *arg,
                             ps_poll_result *result, ps_error *err)
{
    struct logger *lg = dev->backend;
    *result = PS_POLL_IDLE;
    if (!lg->running)
        return ps_fail(err, PS_ERR_ARG, "the %s is not streaming", dev->family->product);
    struct logger_read r = {0};
    ps_status st = lg->api->read(lg, &r, err);
    if (st != PS_OK || r.n == 0)
        return st;
    to_lanes(lg, r.n);
    const int16_t *cols[2 * PS_MAX_CHANNELS];
    for (unsigned c = 0; c < lg->p.n_columns; c++)
        cols[c] = lg->lanes + c * lg->cap;
    uint16_t over = 0; /* the capture counts over-range per device input */
    for (unsigned c = 0; c < PS_MAX_CHANNELS; c++)
        if (r.overflow >> c & 1)
            over |= (uint16_t)(1u << c);
    if (!r.has_index || r.index < lg->next) /* never backwards: a stamp's jitter, at most */
        r.index = lg->next;
    ps_device_block b = {.chan = cols, .start = 0, .n = r.n, .overflow = over,
                         .has_index = true, .index = r.index, .index_estimated = r.estimated};
    fn(arg, &b);
    lg->next = r.index + r.n;
    *result = PS_POLL_DATA;
    return PS_OK;
}

static ps_status logger_stop(ps_device *dev, ps_error *err)
{
    (void)err;
    struct logger *lg = dev->backend;
    if (lg && lg->running) {
        lg->api->stop(lg);
        lg->running = false;
    }
    return PS_OK;
}

static void logger_close(ps_device *dev)
{
    struct logger *lg = dev->backend;
    if (!lg)
        return;
    logger_stop(dev, NULL);
    lg->api->close(lg);
    free(lg->sets);
    free(lg->lanes);
    free(lg->own);
    free(lg);
    dev->backend = NULL;
}

const struct ps_backend_ops logger_backend_ops = {logger_open, logger_start, logger_poll,
                                                  logger_stop, logger_close};
