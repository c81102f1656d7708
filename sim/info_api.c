/* The info-struct streaming API (ps6000a, psospa) on the simulated unit: channels, the queue of
 * buffers the app ADDs, RunStreaming and GetStreamingLatestValues. The exported names are thin
 * wrappers in ps6000a_api.c and psospa_api.c; the samples come from the shared engine. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "info_api.h"

#define SIM_QUEUE_MAX 64

struct queue {
    void *buf[SIM_QUEUE_MAX];
    void *min[SIM_QUEUE_MAX]; /* aggregation's minimum buffers (SetDataBuffers) */
    uint64_t len[SIM_QUEUE_MAX];
    unsigned head, count;
    uint64_t head_index; /* bufferIndex_ of the head: buffers count from 0 in ADD order */
    uint64_t fill;       /* samples written into the head */
    uint64_t rep;        /* … of which reported to the app (fill − rep held back: skew) */
    int type;
    uint32_t mode; /* the PICO_RATIO_MODE its buffers were added for */
    uint64_t added;
};

/* per channel, one queue for raw buffers and one for the reduced mode's: streaming may run
 * RAW together with one aggregation mode */
static struct queue queues_of[SIM_MAX_UNITS][2][SIM_MAX_CHANNELS];
#define queues (queues_of[sim_current]) /* the buffers lent for the unit of this call */
static uint32_t run_mode; /* RunStreaming's mode: RAW, one reduction, or RAW | one */
static int16_t *scratch;
static size_t scratch_len;
static const struct info_family *fam;

static void clear_queues(void)
{
    memset(&queues, 0, sizeof queues);
}

static int16_t adc_max_of(int res)
{
    return res == PICO_DR_12BIT ? 32752 : res == PICO_DR_10BIT ? 32704 : 32512;
}

static unsigned bits_of(int res)
{
    return res == PICO_DR_12BIT ? 12 : res == PICO_DR_10BIT ? 10 : 8;
}

static int resolution_ok(int res)
{
    return res == PICO_DR_8BIT || res == PICO_DR_10BIT || (res == PICO_DR_12BIT && fam->has_12bit);
}

pico_status info_open(const struct info_family *f, int16_t *handle, int8_t *serial,
                      int32_t resolution)
{
    if (!handle)
        return PICO_NULL_PARAMETER;
    pico_status st = sim_enter(0, 0);
    if (st != PICO_OK)
        return st;
    fam = f;
    *handle = 0;
    int k = sim_pick_unit(f->serial, serial);
    if (k < 0)
        SIM_END(PICO_NOT_FOUND);
    sim_current = k;
    struct sim_unit *u = &sim_the_unit;
    if (!resolution_ok(resolution))
        SIM_END(PICO_INVALID_DEVICE_RESOLUTION);
    memset(u, 0, sizeof *u);
    clear_queues();
    char err[256];
    if (sim_config_from_env(&u->cfg, err, sizeof err) != 0 ||
        (u->cfg.model[0] && u->cfg.model[0] != f->default_model[0])) {
        *handle = -1; /* the vendor's "found but failed to open" */
        SIM_END(PICO_OPERATION_FAILED);
    }
    snprintf(u->cfg.model, sizeof u->cfg.model, "%s", sim_model(u, f->default_model));
    u->open = 1;
    u->resolution = resolution;
    u->adc_max = adc_max_of(resolution);
    u->res_bits = bits_of(resolution);
    u->n_analog = u->cfg.model[1] - '0'; /* "6824E": the 2nd character is the channel count */
    for (int c = 0; c < u->n_analog; c++) {
        u->ch[c].coupling = PICO_DC;
        u->ch[c].range = 8; /* 5 V */
    }
    *handle = (int16_t)(SIM_HANDLE + k);
    SIM_END(PICO_OK);
}

pico_status info_close(int16_t handle)
{
    pico_status st = sim_close_unit(handle);
    if (st == PICO_OK && sim_enter(0, 0) == PICO_OK) { /* the unit's queues, inside a call */
        if (handle >= SIM_HANDLE && handle < SIM_HANDLE + SIM_MAX_UNITS)
            memset(&queues_of[handle - SIM_HANDLE], 0, sizeof queues_of[0]);
        bool any = false; /* the scratch is the library's: freed with its last unit */
        for (int k = 0; k < SIM_MAX_UNITS; k++)
            any |= sim_units[k].open != 0;
        if (!any) {
            free(scratch);
            scratch = NULL;
            scratch_len = 0;
        }
        sim_leave();
    }
    return st;
}

pico_status info_unit_info(int16_t handle, int8_t *string, int16_t length, int16_t *required,
                           uint32_t info)
{
    char serial[32];
    int k = handle >= SIM_HANDLE && handle < SIM_HANDLE + SIM_MAX_UNITS ? handle - SIM_HANDLE
                                                                          : sim_current;
    struct sim_identity id = {"2.0.0.0 picostream-sim", "3.0",
                              fam ? sim_serial_of(fam->serial, k, serial, sizeof serial) : ""};
    return sim_unit_info(handle, string, length, required, info, &id);
}

pico_status info_channel_on(int16_t handle, int32_t channel, int32_t coupling, int32_t range,
                            double offset, int32_t bandwidth)
{
    SIM_BEGIN(handle);
    if (u->streaming)
        SIM_END(PICO_NOT_AVAILABLE_WHEN_STREAMING_IS_RUNNING);
    if (channel < PICO_CHANNEL_A || channel >= u->n_analog)
        SIM_END(PICO_INVALID_CHANNEL);
    if (coupling != PICO_AC && coupling != PICO_DC && coupling != PICO_DC_50OHM)
        SIM_END(PICO_INVALID_COUPLING);
    /* x1 probe ranges 10 mV … 20 V; through 50 Ω at most 5 V */
    if (range < PICO_X1_PROBE_10MV || range > PICO_X1_PROBE_20V ||
        (coupling == PICO_DC_50OHM && range > 8))
        SIM_END(PICO_INVALID_VOLTAGE_RANGE);
    double full = sim_range_v(range);
    if (!(offset >= -full * 10 && offset <= full * 10))
        SIM_END(PICO_INVALID_ANALOGUE_OFFSET);
    if (bandwidth != PICO_BW_FULL && bandwidth != PICO_BW_20MHZ && bandwidth != 200000000)
        SIM_END(PICO_INVALID_BANDWIDTH);
    struct sim_channel_state *ch = &u->ch[channel];
    ch->enabled = 1;
    ch->coupling = coupling == PICO_AC ? PICO_AC : PICO_DC;
    ch->range = range;
    ch->analog_offset_v = (float)offset;
    SIM_END(PICO_OK);
}

pico_status info_channel_off(int16_t handle, int32_t channel)
{
    SIM_BEGIN(handle);
    if (u->streaming)
        SIM_END(PICO_NOT_AVAILABLE_WHEN_STREAMING_IS_RUNNING);
    if (channel < PICO_CHANNEL_A || channel >= SIM_MAX_CHANNELS)
        SIM_END(PICO_INVALID_CHANNEL);
    u->ch[channel].enabled = 0;
    SIM_END(PICO_OK);
}

static int mode_ok(uint32_t mode)
{
    return mode == PICO_RATIO_MODE_RAW || mode == PICO_RATIO_MODE_AGGREGATE ||
           mode == PICO_RATIO_MODE_DECIMATE || mode == PICO_RATIO_MODE_AVERAGE;
}

/* The queue a buffer of `mode` goes to: raw or reduced. */
static struct queue *queue_of(int channel, uint32_t mode)
{
    return &queues[mode == PICO_RATIO_MODE_RAW ? 0 : 1][channel];
}

pico_status info_data_buffer(int16_t handle, int32_t channel, void *buffer, void *buffer_min,
                             uint64_t n_samples, int32_t type, uint64_t segment, uint32_t mode,
                             uint32_t action)
{
    SIM_BEGIN(handle);
    (void)segment;
    if (action & PICO_CLEAR_ALL)
        clear_queues();
    if (!(action & (PICO_ADD | PICO_CLEAR_THIS_DATA_BUFFER)))
        SIM_END(action & PICO_CLEAR_ALL ? PICO_OK : PICO_INVALID_PARAMETER);
    if (channel < PICO_CHANNEL_A || channel >= u->n_analog)
        SIM_END(PICO_INVALID_CHANNEL);
    if (!mode_ok(mode))
        SIM_END(PICO_RATIO_MODE_NOT_SUPPORTED);
    if (type != PICO_INT16_T && type != PICO_INT8_T)
        SIM_END(PICO_INVALID_PARAMETER);
    struct queue *q = queue_of(channel, mode);
    if (action & PICO_CLEAR_THIS_DATA_BUFFER) {
        for (unsigned i = 0; i < q->count; i++)
            if (q->buf[(q->head + i) % SIM_QUEUE_MAX] == buffer && i > 0) {
                for (unsigned k = i; k + 1 < q->count; k++) {
                    unsigned at = (q->head + k) % SIM_QUEUE_MAX, next = (at + 1) % SIM_QUEUE_MAX;
                    q->buf[at] = q->buf[next];
                    q->min[at] = q->min[next];
                    q->len[at] = q->len[next];
                }
                q->count--;
                SIM_END(PICO_OK);
            }
        SIM_END(PICO_INVALID_BUFFER);
    }
    if (!buffer || n_samples == 0 || n_samples > INT32_MAX ||
        (mode == PICO_RATIO_MODE_AGGREGATE && !buffer_min))
        SIM_END(PICO_INVALID_BUFFER);
    if (q->added && (q->type != type || q->mode != mode))
        SIM_END(PICO_INVALID_PARAMETER);
    if (q->count == SIM_QUEUE_MAX)
        SIM_END(PICO_MEMORY);
    unsigned at = (q->head + q->count) % SIM_QUEUE_MAX;
    q->buf[at] = buffer;
    q->min[at] = mode == PICO_RATIO_MODE_AGGREGATE ? buffer_min : NULL;
    q->len[at] = n_samples;
    q->count++;
    q->type = type;
    q->mode = mode;
    q->added++;
    SIM_END(PICO_OK);
}

pico_status info_simple_trigger(int16_t handle, int16_t enable, int32_t source, int16_t threshold,
                                int32_t direction, uint64_t delay, uint32_t auto_us)
{
    SIM_BEGIN(handle);
    if (u->streaming)
        SIM_END(PICO_NOT_AVAILABLE_WHEN_STREAMING_IS_RUNNING);
    if (enable && (source < PICO_CHANNEL_A || source >= u->n_analog))
        SIM_END(PICO_INVALID_CHANNEL);
    if (direction < PS5000A_ABOVE || direction > PS5000A_RISING_OR_FALLING)
        SIM_END(PICO_INVALID_PARAMETER);
    if (delay > UINT32_MAX)
        SIM_END(PICO_INVALID_PARAMETER);
    u->trig.enabled = enable != 0;
    u->trig.channel = source;
    u->trig.threshold = threshold;
    u->trig.direction = direction;
    u->trig.delay = (uint32_t)delay;
    /* the engine counts auto-trigger time in ms; µs here, rounded up so it never fires early */
    u->trig.auto_ms = (int16_t)(auto_us == 0 ? 0 : (auto_us + 999) / 1000 > 32767 ? 32767
                                                                              : (auto_us + 999) / 1000);
    SIM_END(PICO_OK);
}

pico_status info_adc_limits(int16_t handle, int32_t resolution, int16_t *min, int16_t *max)
{
    SIM_BEGIN(handle);
    (void)u;
    if (!resolution_ok(resolution))
        SIM_END(PICO_INVALID_DEVICE_RESOLUTION);
    if (min)
        *min = (int16_t)-adc_max_of(resolution);
    if (max)
        *max = adc_max_of(resolution);
    SIM_END(PICO_OK);
}

pico_status info_set_resolution(int16_t handle, int32_t resolution)
{
    SIM_BEGIN(handle);
    if (u->streaming)
        SIM_END(PICO_NOT_AVAILABLE_WHEN_STREAMING_IS_RUNNING);
    if (!resolution_ok(resolution))
        SIM_END(PICO_INVALID_DEVICE_RESOLUTION);
    u->resolution = resolution;
    u->adc_max = adc_max_of(resolution);
    u->res_bits = bits_of(resolution);
    SIM_END(PICO_OK);
}

pico_status info_get_resolution(int16_t handle, int32_t *resolution)
{
    SIM_BEGIN(handle);
    if (!resolution)
        SIM_END(PICO_NULL_PARAMETER);
    *resolution = u->resolution;
    SIM_END(PICO_OK);
}

/* 6000E timebases: 2^n × 200 ps up to 3.2 ns, then multiples of 6.4 ns. */
static uint64_t nearest_interval_ps(double req_ps, int unlimited)
{
    if (unlimited)
        return req_ps < 1000 ? 1000 : (uint64_t)(req_ps / 1000 + 0.5) * 1000;
    static const uint64_t fast[] = {200, 400, 800, 1600, 3200};
    for (int i = 0; i < 5; i++)
        if (req_ps <= fast[i] * 1.5 || i == 4) {
            if (req_ps <= fast[i] * 1.5)
                return fast[i];
        }
    uint64_t k = (uint64_t)(req_ps / 6400.0 + 0.5);
    return k < 1 ? 3200 : k * 6400;
}

static const double unit_ps[] = {1e-3, 1, 1e3, 1e6, 1e9, 1e12};

pico_status info_nearest_interval(int16_t handle, double requested_s, uint32_t *timebase,
                                  double *available_s)
{
    SIM_BEGIN(handle);
    if (!(requested_s > 0))
        SIM_END(PICO_INVALID_PARAMETER);
    uint64_t ps = nearest_interval_ps(requested_s * 1e12, u->cfg.unlimited);
    if (timebase)
        *timebase = ps <= 3200 ? (uint32_t)__builtin_ctzll(ps / 200) : (uint32_t)(ps / 6400 + 4);
    if (available_s)
        *available_s = (double)ps * 1e-12;
    SIM_END(PICO_OK);
}

pico_status info_run_streaming(int16_t handle, double *interval, int32_t units, uint64_t pre,
                               uint64_t post, int16_t auto_stop, uint64_t ratio, uint32_t mode)
{
    SIM_BEGIN(handle);
    if (u->streaming)
        SIM_END(PICO_HARDWARE_CAPTURING_CALL_STOP);
    if (!interval)
        SIM_END(PICO_NULL_PARAMETER);
    if (units < PICO_FS || units > PICO_S || !(*interval > 0))
        SIM_END(PICO_INVALID_PARAMETER);
    uint32_t reduced = mode & ~PICO_RATIO_MODE_RAW;
    if (!mode_ok(mode) && !((mode & PICO_RATIO_MODE_RAW) && mode_ok(reduced)))
        SIM_END((mode & PICO_RATIO_MODE_RAW) || (reduced & (reduced - 1))
                    ? PICO_STREAMING_COMBINATION_OF_RAW_DATA_AND_ONE_AGGREGATION_DATA_TYPE_ALLOWED
                    : PICO_RATIO_MODE_NOT_SUPPORTED);
    if (mode == PICO_RATIO_MODE_RAW ? ratio > 1 : ratio < 2 || ratio > SIM_DS_MAX_RATIO)
        SIM_END(PICO_INVALID_SAMPLERATIO);
    int n_en = sim_enabled_count(u);
    if (n_en == 0)
        SIM_END(PICO_INVALID_CHANNEL);
    for (int c = 0; c < SIM_MAX_CHANNELS; c++) {
        if (!u->ch[c].enabled)
            continue;
        if ((mode & PICO_RATIO_MODE_RAW) && queues[0][c].count == 0)
            SIM_END(PICO_INVALID_BUFFER);
        if (reduced && (queues[1][c].count == 0 || queues[1][c].mode != reduced))
            SIM_END(PICO_INVALID_BUFFER);
    }
    if (u->trig.enabled && !u->ch[u->trig.channel].enabled)
        SIM_END(PICO_INVALID_TRIGGER_CHANNEL);
    uint64_t ps = nearest_interval_ps(*interval * unit_ps[units], u->cfg.unlimited);
    /* USB 3 streaming: 312.5 MS/s aggregate at 8 bits, half that above (2-byte samples) */
    double cap = u->res_bits == 8 ? 312.5e6 : 156.25e6;
    if (!u->cfg.unlimited && (double)n_en * 1e12 / (double)ps > cap * 1.000001)
        SIM_END(PICO_INVALID_SAMPLE_INTERVAL);
    if (auto_stop && pre + post == 0)
        SIM_END(PICO_TOO_FEW_REQUESTED_STREAMING_SAMPLES);
    if (auto_stop && pre + post > fam->memory_samples / (uint64_t)n_en)
        SIM_END(PICO_TOO_MANY_SAMPLES);
    *interval = (double)ps / unit_ps[units];
    u->ds_ratio = reduced ? (uint32_t)ratio : 1;
    u->ds_mode = (int)reduced; /* the vendor's values are SIM_DS_* */
    run_mode = mode;
    for (int k = 0; k < 2; k++)
        for (int c = 0; c < SIM_MAX_CHANNELS; c++) {
            queues[k][c].fill = queues[k][c].rep = 0;
            queues[k][c].head_index = 0;
        }
    sim_engine_start(u, ps, auto_stop != 0, pre, post, u->resolution);
    SIM_END(PICO_OK);
}

/* Moves each listed channel to a buffer with room; 407 when one has none left. */
static pico_status rotate(const pico_streaming_data_info *info, uint64_t n_info, uint32_t r)
{
    for (uint64_t i = 0; i < n_info; i++) {
        struct queue *q = queue_of(info[i].channel_, info[i].mode_);
        if (q->count == 0)
            return PICO_WAITING_FOR_DATA_BUFFERS;
        /* a raw buffer beside a reduced stream takes whole blocks of the ratio */
        uint64_t unit = q == &queues[0][info[i].channel_] ? r : 1;
        if (q->len[q->head] - q->fill >= unit || q->rep < q->fill)
            continue; /* room left, or samples in it not yet reported */
        if (q->count == 1)
            return PICO_WAITING_FOR_DATA_BUFFERS;
        q->head = (q->head + 1) % SIM_QUEUE_MAX; /* the full buffer is the app's again */
        q->count--;
        q->head_index++;
        q->fill = q->rep = 0;
    }
    return PICO_OK;
}

/* Room for n values of r raw samples each and their reduction; 0 when out of memory. */
static int scratch_reserve(uint64_t n, uint32_t r)
{
    size_t need = (size_t)(n * r + 2 * n);
    if (need <= scratch_len)
        return 1;
    int16_t *g = realloc(scratch, need * sizeof *g);
    if (!g)
        return 0;
    scratch = g;
    scratch_len = need;
    return 1;
}

/* Channel c's next n values (n·r raw samples reduced by RunStreaming's mode; r = 1: raw
 * samples) into queue q's head buffer at its fill point, as the buffer's data type; non-zero
 * when any was over range. */
static int fill_values(struct sim_unit *u, struct queue *q, int c, uint64_t n, uint32_t r)
{
    int16_t *raw = scratch, *val = scratch + n * r, *val_min = val + n;
    if (r == 1 && q->type == PICO_INT16_T)
        return sim_engine_fill(u, c, n, (int16_t *)q->buf[q->head] + q->fill);
    int over = sim_engine_fill(u, c, n * r, raw);
    if (r > 1)
        sim_reduce(u->ds_mode, r, raw, (size_t)n, val, val_min, 1);
    else
        val = raw;
    void *outs[2] = {q->buf[q->head], q->min[q->head]};
    const int16_t *ins[2] = {val, val_min};
    for (int k = 0; k < (outs[1] ? 2 : 1); k++) {
        if (q->type == PICO_INT16_T) {
            memcpy((int16_t *)outs[k] + q->fill, ins[k], n * sizeof(int16_t));
        } else { /* 8-bit data: the top byte of the 16-bit-scaled code */
            int8_t *dst = (int8_t *)outs[k] + q->fill;
            for (uint64_t i = 0; i < n; i++)
                dst[i] = (int8_t)(ins[k][i] / 256);
        }
    }
    return over;
}

pico_status info_latest_values(int16_t handle, pico_streaming_data_info *info, uint64_t n_info,
                               pico_streaming_data_trigger_info *trig)
{
    SIM_BEGIN(handle);
    if (!info || n_info == 0 || n_info > 2 * SIM_MAX_CHANNELS) /* raw and reduced entries */
        SIM_END(info ? PICO_INVALID_PARAMETER : PICO_NULL_PARAMETER);
    for (uint64_t i = 0; i < n_info; i++) {
        int c = info[i].channel_;
        if (c < 0 || c >= SIM_MAX_CHANNELS || !u->ch[c].enabled)
            SIM_END(PICO_INVALID_CHANNEL);
        uint32_t m = info[i].mode_;
        struct queue *q = queue_of(c, m);
        if (!(m == PICO_RATIO_MODE_RAW ? run_mode & PICO_RATIO_MODE_RAW
                                       : m == (run_mode & ~PICO_RATIO_MODE_RAW)) ||
            m != q->mode || info[i].type_ != q->type)
            SIM_END(PICO_INVALID_PARAMETER);
        info[i].noOfSamples_ = 0;
        info[i].bufferIndex_ = q->head_index;
        info[i].startIndex_ = (int32_t)q->fill;
        info[i].overflow_ = 0;
    }
    if (trig)
        memset(trig, 0, sizeof *trig);
    uint64_t avail;
    int finished;
    pico_status st = sim_engine_ready(u, &avail, &finished);
    if (st == PICO_BUSY && !u->cfg.busy_every)
        st = PICO_OK; /* frozen: a poll with nothing new */
    if (st != PICO_OK)
        SIM_END(st);
    uint32_t r = u->ds_ratio > 1 ? u->ds_ratio : 1;
    /* a partial downsampling block has no value: at a stall it is part of the gap, at
     * autoStop's end it is dropped */
    uint64_t left = u->auto_stop && u->limit != UINT64_MAX ? u->limit - u->read_index : UINT64_MAX;
    if (avail > 0 && avail < r && ((u->stalled && u->read_index + avail == u->fifo_end) ||
                                   avail == left)) {
        if (trig)
            trig->autoStop_ = avail == left;
        st = sim_engine_consume(u, avail);
        SIM_END(st == PICO_BUFFER_STALL ? PICO_DEVICE_MEMORY_OVERFLOW : PICO_OK);
    }
    uint64_t n = 0; /* values */
    int16_t triggered = 0, auto_stop = 0;
    uint64_t trigger_at = 0;
    if (avail >= r) {
        if ((st = rotate(info, n_info, r)) != PICO_OK)
            SIM_END(st); /* acquisition goes on into the FIFO meanwhile, and may stall */
        n = avail / r;
        if (r > 1 && n > (1u << 22) / r)
            n = (1u << 22) / r > 0 ? (1u << 22) / r : 1;
        for (uint64_t i = 0; i < n_info; i++) { /* raw buffers take r samples per value */
            struct queue *q = queue_of(info[i].channel_, info[i].mode_);
            uint64_t room = (q->len[q->head] - q->fill) / (q == &queues[0][info[i].channel_] ? r : 1);
            if (room < n)
                n = room;
        }
    }
    if (!scratch_reserve(n, r))
        SIM_END(PICO_MEMORY);
    uint64_t n_raw = n * r;
    if (n > 0) {
        if (u->trig.enabled && !u->triggered) {
            sim_engine_fill(u, u->trig.channel, n_raw, scratch);
            sim_engine_find_trigger(u, n_raw, scratch);
        }
        n_raw = sim_engine_clip(u, n_raw, &triggered, &trigger_at, &auto_stop);
        n = n_raw / r;
        trigger_at /= r;
    }
    for (uint64_t i = 0; i < n_info; i++) {
        int c = info[i].channel_;
        struct queue *q = queue_of(c, info[i].mode_);
        bool raw = q == &queues[0][c];
        uint64_t count = raw ? n * r : n;
        int over = count > 0 ? fill_values(u, q, c, raw ? count : n, raw ? 1 : r) : 0;
        q->fill += count;
        /* report what is written, but for skew: later channels hold some back every other poll */
        uint64_t pending = q->fill - q->rep;
        uint64_t hold = u->cfg.skew && i > 0 && (u->polls & 1) ? u->cfg.skew : 0;
        if (hold > pending)
            hold = pending;
        info[i].bufferIndex_ = q->head_index;
        info[i].startIndex_ = (int32_t)q->rep;
        info[i].noOfSamples_ = (int32_t)(pending - hold);
        info[i].overflow_ = over ? 1 : 0;
        q->rep += pending - hold;
    }
    if (trig) {
        trig->triggered_ = triggered;
        /* the first entry never holds back: from its startIndex_, in values of the reduced
         * stream when there is one */
        trig->triggerAt_ = trigger_at;
        trig->autoStop_ = auto_stop || (n == 0 && finished);
    }
    st = n_raw > 0 ? sim_engine_consume(u, n_raw) : PICO_OK;
    /* the unit's memory overflowed while the host was away: the next samples follow a gap */
    SIM_END(st == PICO_BUFFER_STALL ? PICO_DEVICE_MEMORY_OVERFLOW : PICO_OK);
}

pico_status info_no_of_values(int16_t handle, uint64_t *n)
{
    SIM_BEGIN(handle);
    if (!n)
        SIM_END(PICO_NULL_PARAMETER);
    *n = u->delivered / (u->ds_ratio > 1 ? u->ds_ratio : 1);
    SIM_END(PICO_OK);
}

pico_status info_stop(int16_t handle)
{
    SIM_BEGIN(handle);
    sim_stop(u);
    SIM_END(PICO_OK);
}

pico_status info_ping(int16_t handle)
{
    SIM_BEGIN(handle);
    (void)u;
    SIM_END(PICO_OK);
}

pico_status info_enumerate(const struct info_family *f, int16_t *count, int8_t *serials,
                           int16_t *length)
{
    if (!count)
        return PICO_NULL_PARAMETER;
    char list[160];
    *count = (int16_t)sim_list_units(f->serial, list, sizeof list);
    if (serials && length && *length > 0) {
        int n = snprintf((char *)serials, (size_t)*length, "%s", list);
        *length = (int16_t)(n + 1);
    }
    return PICO_OK;
}

pico_status info_ok(int16_t handle)
{
    SIM_BEGIN(handle);
    (void)u;
    SIM_END(PICO_OK);
}

pico_status info_unsupported(int16_t handle)
{
    SIM_BEGIN(handle);
    (void)u;
    SIM_END(PICO_NOT_SUPPORTED_BY_THIS_DEVICE);
}
