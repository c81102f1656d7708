/* A capture session's lifecycle: start the device, create the files, run poller and writer,
 * stop in order, report the first error. */
#define _GNU_SOURCE /* O_DIRECT */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "capture_int.h"
#include "logger_models.h"

double capture_mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void capture_set_reason(struct ps_capture *cap, const char *reason)
{
    pthread_mutex_lock(&cap->err_lock);
    if (!cap->stop_reason[0])
        snprintf(cap->stop_reason, sizeof cap->stop_reason, "%s", reason);
    pthread_mutex_unlock(&cap->err_lock);
}

void capture_fail(struct ps_capture *cap, const ps_error *e, const char *reason)
{
    pthread_mutex_lock(&cap->err_lock);
    if (cap->err.code == PS_OK) {
        cap->err = *e;
        snprintf(cap->stop_reason, sizeof cap->stop_reason, "%s: %s", reason, ps_error_text(e));
    }
    pthread_mutex_unlock(&cap->err_lock);
    atomic_store_explicit(&cap->failed, true, memory_order_relaxed); /* a hint to stop */
    if (cap->parent) /* the raw recording's failure ends the capture */
        capture_fail(cap->parent, e, reason);
}

typedef ps_status (*segment_fn)(void *arg, uint64_t start, uint64_t global, bool estimated,
                                ps_error *err);

/* Walks the runs of data samples [base, samples), clipped to that range, from the one gap list;
 * a jump belongs to the range holding the sample where the run resumes. */
static ps_status walk_runs(struct ps_capture *cap, uint64_t base, uint64_t samples, bool at_end,
                           struct loss *loss, segment_fn fn, void *arg, ps_error *err)
{
    memset(loss, 0, sizeof *loss);
    struct gap *gaps = NULL;
    size_t n_gaps = gaps_copy(&cap->gaps, samples, &gaps);
    uint64_t prev_end = 0;
    bool have_prev = false, emitted = false;
    ps_status st = PS_OK;
    for (size_t i = 0; i < n_gaps && st == PS_OK; i++) {
        uint64_t start = gaps[i].sample_start;
        uint64_t end = i + 1 < n_gaps ? gaps[i + 1].sample_start : samples;
        if (end <= start)
            continue; /* a run that has not recorded anything yet */
        uint64_t global = gaps[i].global_index;
        if (have_prev && start >= base) {
            uint64_t jump = global - prev_end;
            loss->lost += jump;
            loss->n_gaps += jump > 0;
        }
        uint64_t cs = start > base ? start : base;
        if (end > cs && fn) {
            st = fn(arg, cs - base, global + (cs - start), gaps[i].estimated && cs == start, err);
            emitted = true;
        }
        prev_end = global + (end - start);
        have_prev = true;
    }
    if (st == PS_OK && !emitted && n_gaps > 0 && fn) {
        /* no sample in this file yet: its first run starts where the last one stands */
        const struct gap *g = &gaps[n_gaps - 1];
        uint64_t global = g->global_index + (base > g->sample_start ? base - g->sample_start : 0);
        st = fn(arg, 0, global, g->estimated && base <= g->sample_start, err);
    }
    if (at_end && atomic_load_explicit(&cap->has_first, memory_order_relaxed)) {
        uint64_t end_dev = atomic_load_explicit(&cap->end_dev, memory_order_relaxed);
        uint64_t ref = have_prev ? prev_end
                                 : atomic_load_explicit(&cap->first_index, memory_order_relaxed);
        if (end_dev > ref) { /* delivered after the last sample on disk: lost at the end */
            loss->lost_at_end = end_dev - ref;
            loss->lost += loss->lost_at_end;
            loss->n_gaps++;
        }
    }
    free(gaps);
    return st;
}

void capture_account(struct ps_capture *cap, uint64_t base, uint64_t samples, bool at_end,
                     struct loss *out)
{
    walk_runs(cap, base, samples, at_end, out, NULL, NULL, NULL);
}

struct meta_runs {
    struct ps_capture *cap;
    ps_sigmf_meta *m;
};

static ps_status add_run(void *arg, uint64_t start, uint64_t global, bool estimated,
                         ps_error *err)
{
    struct meta_runs *r = arg;
    ps_sigmf_capture c = {start, global, "", estimated};
    ps_sigmf_datetime(r->cap->start_unix + (double)global * r->cap->params.interval_s,
                      c.datetime, sizeof c.datetime);
    if (r->m->n_captures == 0)
        snprintf(r->m->datetime, sizeof r->m->datetime, "%s", c.datetime);
    return ps_sigmf_add_capture(r->m, &c, err);
}

ps_status capture_write_meta(struct ps_capture *cap, uint64_t samples, bool complete, ps_error *err)
{
    ps_sigmf_meta m;
    memset(&m, 0, sizeof m);
    static const char *const formats[] = {"ri16_le", "ri32_le", "rf32_le"};
    snprintf(m.datatype, sizeof m.datatype, "%s",
             cap->eight_bit ? "ri8" : formats[cap->params.format]);
    m.sample_rate_hz = cap->params.rate_hz;
    m.n_channels = cap->n_ch;
    const struct logger_model *lm = logger_model_find(cap->info.family, cap->info.model);
    snprintf(m.hw, sizeof m.hw, "%s%s%s, serial %s, %s %s", lm ? "" : "PicoScope ",
             lm ? lm->product : cap->info.model,
             cap->is_sim ? " (picostream simulator)" : "", cap->info.serial, cap->info.family,
             cap->info.driver_version);
    snprintf(m.recorder, sizeof m.recorder, "picostream %s", PICOSTREAM_VERSION);
    bool has_first = atomic_load_explicit(&cap->has_first, memory_order_relaxed);
    uint64_t first = atomic_load_explicit(&cap->first_index, memory_order_relaxed);
    if (has_first)
        ps_sigmf_datetime(cap->start_unix + (double)first * cap->params.interval_s, m.datetime,
                          sizeof m.datetime);
    unsigned per = cap->n_ch / cap->params.n_enabled; /* 2 columns per channel: aggregate */
    for (unsigned k = 0; k < cap->n_ch; k++) {
        unsigned c = cap->params.channel_index[k / per];
        const ps_channel_config *ch = &cap->cfg.device.channel[c];
        ps_sigmf_channel *o = &m.channel[k];
        snprintf(o->probe, sizeof o->probe, "%s", cap->info.probe[c]);
        if (cap->params.unit[0][0]) { /* a logger: inputs 1…16, its own units and scaling */
            unsigned e = k / per;
            snprintf(o->name, sizeof o->name, "%u", c + 1);
            snprintf(o->unit, sizeof o->unit, "%s", cap->params.unit[e]);
            snprintf(o->coupling, sizeof o->coupling, "%s", ch->differential ? "DIFF" : "DC");
            o->range_v = cap->params.full_scale[e];
            o->adc_max = cap->params.code_max[e];
            o->has_adc_min = true;
            o->adc_min = cap->params.code_min[e];
            if (ch->sensor[0] || ch->differential)
                snprintf(o->sensor, sizeof o->sensor, "%s", ch->sensor[0] ? ch->sensor : "diff");
            o->scale_v = cap->params.unit_scale[e];
            o->offset_v = cap->params.unit_offset[e];
            continue;
        }
        snprintf(o->name, sizeof o->name, "%c%s", 'A' + c,
                 per == 1 ? "" : (k % 2 ? "_min" : "_max"));
        o->range_v = ch->range_v;
        snprintf(o->coupling, sizeof o->coupling, "%s",
                 ch->coupling == PS_COUPLING_AC     ? "AC"
                 : ch->coupling == PS_COUPLING_DC50 ? "DC50"
                                                    : "DC");
        /* ri8 holds the 16-bit-scaled code / 256: the same volts in half the bytes */
        o->adc_max = cap->eight_bit ? cap->params.adc_max / 256 : cap->params.adc_max;
        o->scale_v = ch->range_v / o->adc_max;
        o->offset_v = -ch->analog_offset_v;
    }
    m.has_picostream = true;
    m.resolution_bits = cap->params.resolution_bits;
    m.interval_s = cap->params.interval_s;
    if (cap->params.downsample != PS_DOWNSAMPLE_NONE) {
        snprintf(m.downsample_mode, sizeof m.downsample_mode, "%s",
                 ps_downsample_name(cap->params.downsample));
        m.downsample_ratio = cap->params.downsample_ratio;
    }
    snprintf(m.driver, sizeof m.driver, "%s", cap->info.driver_path);
    m.complete = complete;
    if (complete) {
        pthread_mutex_lock(&cap->err_lock);
        snprintf(m.stop_reason, sizeof m.stop_reason, "%s", cap->stop_reason);
        pthread_mutex_unlock(&cap->err_lock);
    }
    uint32_t over = atomic_load_explicit(&cap->c_overflow, memory_order_relaxed);
    for (unsigned k = 0; k < cap->n_ch; k++) /* driver bits are per device channel */
        if (over & (1u << cap->params.channel_index[k / per]))
            m.over_range |= (uint16_t)(1u << k);
    m.has_trigger = atomic_load_explicit(&cap->has_trigger, memory_order_relaxed);
    m.trigger_sample = atomic_load_explicit(&cap->trigger_sample, memory_order_relaxed);
    if (cap->is_sim)
        snprintf(m.sim_spec, sizeof m.sim_spec, "%s", cap->info.sim_spec);

    /* this file holds data samples [base, samples) of the capture; segments are clipped to it */
    uint64_t base = cap->part_base;
    m.n_samples = samples - base;
    if (m.has_trigger) {
        m.has_trigger = m.trigger_sample >= base && m.trigger_sample < samples;
        m.trigger_sample -= m.has_trigger ? base : 0;
    }
    /* the last file of a capture also answers for what was lost after its last sample */
    bool at_end = complete && !cap->part_closing;
    struct loss loss;
    struct meta_runs runs = {cap, &m};
    ps_status st = walk_runs(cap, base, samples, at_end, &loss, add_run, &runs, err);
    m.lost_samples = loss.lost;
    m.lost_at_end = loss.lost_at_end;
    if (cap->part_closing)
        snprintf(m.stop_reason, sizeof m.stop_reason, "split: continues in %s-%04u",
                 cap->cfg.name, cap->part_no + 1);
    if (st == PS_OK)
        st = ps_sigmf_write_meta(cap->meta_path, &m, err);
    ps_sigmf_meta_clear(&m);
    return st;
}

static void capture_free(struct ps_capture *cap)
{
    if (cap->raw)
        capture_free(cap->raw);
    if (cap->data_fd >= 0)
        close(cap->data_fd);
    if (cap->tail_fd >= 0)
        close(cap->tail_fd);
    ps_ring_destroy(cap->ring);
    gaps_free(&cap->gaps);
    pthread_mutex_destroy(&cap->err_lock);
    free(cap);
}

/* Space held back for the final meta: when the disk fills up, freeing it lets the meta say
 * how the capture ended. */
static ps_status reserve(struct ps_capture *cap, ps_error *err)
{
    /* a hidden file beside the meta: only a SIGKILLed capture leaves it behind */
    const char *slash = strrchr(cap->meta_path, '/');
    int dir_len = slash ? (int)(slash - cap->meta_path + 1) : 0;
    snprintf(cap->reserve_path, sizeof cap->reserve_path, "%.*s.%s.reserve", dir_len,
             cap->meta_path, cap->meta_path + dir_len);
    unlink(cap->reserve_path); /* a killed run's, or a link planted there: never written through */
    int fd = open(cap->reserve_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    static const char zeros[65536];
    ps_status st = PS_OK;
    if (fd < 0)
        st = ps_fail(err, PS_ERR_IO, "%s: %s", cap->reserve_path, strerror(errno));
    for (int i = 0; st == PS_OK && i < 16; i++)
        if (write(fd, zeros, sizeof zeros) != (ssize_t)sizeof zeros)
            st = ps_fail(err, PS_ERR_IO, "%s: no room for the meta's reserve (%s)",
                         cap->reserve_path, strerror(errno));
    if (fd >= 0 && (fsync(fd) != 0 || close(fd) != 0) && st == PS_OK)
        st = ps_fail(err, PS_ERR_IO, "%s: %s", cap->reserve_path, strerror(errno));
    if (st != PS_OK) {
        unlink(cap->reserve_path);
        cap->reserve_path[0] = '\0';
    }
    return st;
}

/* With --overwrite, the old recording's data name is removed (a link itself, never what it
 * points to) unless another capture is writing it or it is not a file; its overview, no longer
 * sealed for the new data, is rebuilt before it is used. */
static ps_status replaceable(const char *data_path, ps_error *err)
{
    struct stat sb;
    if (lstat(data_path, &sb) != 0)
        return PS_OK;
    if (!S_ISREG(sb.st_mode) && !S_ISLNK(sb.st_mode))
        return ps_fail(err, PS_ERR_ARG, "%s is not a file: refused", data_path);
    if (S_ISREG(sb.st_mode) && ps_sigmf_being_captured(data_path))
        return ps_fail(err, PS_ERR_ARG, "%s is being captured by another run: refused",
                       data_path);
    if (unlink(data_path) != 0)
        return ps_fail(err, PS_ERR_IO, "%s: %s", data_path, strerror(errno));
    return PS_OK;
}

ps_status capture_create_files(struct ps_capture *cap, ps_error *err)
{
    char name[4096];
    if (cap->part_no > 0)
        snprintf(name, sizeof name, "%s-%04u", cap->cfg.name, cap->part_no);
    else
        snprintf(name, sizeof name, "%s", cap->cfg.name);
    ps_status st = ps_sigmf_paths(name, cap->meta_path, cap->data_path, sizeof cap->meta_path, err);
    if (st != PS_OK)
        return st;
    struct stat sb;
    if (!cap->cfg.overwrite && stat(cap->meta_path, &sb) == 0)
        return ps_fail(err, PS_ERR_ARG, "%s already exists (pass `overwrite` to replace it)",
                       cap->meta_path);
    if (cap->cfg.overwrite && (st = replaceable(cap->data_path, err)) != PS_OK)
        return st;
    /* a new file, never through a link: an overwrite removed the old name first */
    cap->data_fd = open(cap->data_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                        0644);
    if (cap->data_fd < 0) {
        if (errno == EEXIST)
            return ps_fail(err, PS_ERR_ARG, "%s already exists (pass `overwrite` to replace it)",
                           cap->data_path);
        return ps_fail(err, PS_ERR_IO, "%s: %s", cap->data_path, strerror(errno));
    }
    flock(cap->data_fd, LOCK_EX | LOCK_NB); /* ps_sigmf_being_captured: held until the end */
    /* O_DIRECT where the file system has it: the disk reads our ring, no page-cache copy */
    int fl = fcntl(cap->data_fd, F_GETFL);
    cap->direct =
        !cap->cfg.buffered_io && fl >= 0 && fcntl(cap->data_fd, F_SETFL, fl | O_DIRECT) == 0;
    atomic_store_explicit(&cap->direct_on, cap->direct, memory_order_relaxed);
    if (cap->direct) { /* a partial block (low rates, the end) goes through the page cache */
        cap->tail_fd = open(cap->data_path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
        struct stat a, b; /* the very file just created, not a name swapped meanwhile */
        if (cap->tail_fd >= 0 && (fstat(cap->tail_fd, &a) != 0 || fstat(cap->data_fd, &b) != 0 ||
                                  a.st_dev != b.st_dev || a.st_ino != b.st_ino)) {
            close(cap->tail_fd);
            cap->tail_fd = -1;
            errno = EEXIST;
        }
        if (cap->tail_fd < 0) {
            st = ps_fail(err, PS_ERR_IO, "%s: %s", cap->data_path, strerror(errno));
            close(cap->data_fd);
            cap->data_fd = -1;
            unlink(cap->data_path);
            return st;
        }
    }
    st = capture_write_meta(cap, cap->part_base, false, err);
    if (st == PS_OK)
        st = reserve(cap, err);
    if (st != PS_OK) {
        close(cap->data_fd);
        cap->data_fd = -1;
        unlink(cap->data_path);
        unlink(cap->meta_path);
    }
    return st;
}

void capture_release_reserve(struct ps_capture *cap)
{
    if (cap->reserve_path[0])
        unlink(cap->reserve_path);
    cap->reserve_path[0] = '\0';
}

static struct ps_capture *capture_new(ps_device *dev, const ps_capture_config *cfg)
{
    struct ps_capture *cap = calloc(1, sizeof *cap);
    if (!cap)
        return NULL;
    cap->data_fd = -1;
    cap->tail_fd = -1;
    cap->dev = dev;
    cap->cfg = *cfg;
    pthread_mutex_init(&cap->err_lock, NULL);
    if (gaps_init(&cap->gaps) != 0) {
        pthread_mutex_destroy(&cap->err_lock);
        free(cap);
        return NULL;
    }
    ps_device_get_info(dev, &cap->info);
    cap->is_sim = cap->info.is_simulator && cap->info.sim_spec[0];
    return cap;
}

/* Sizes the ring, the limits and the parts from cap->params, and creates the files. */
static ps_status capture_prepare(struct ps_capture *cap, ps_error *err)
{
    const ps_capture_config *cfg = &cap->cfg;
    ps_status st;
    cap->n_words = cap->params.n_columns;
    cap->n_ch = cap->n_words / (cap->params.format == PS_SAMPLE_INT16 ? 1 : 2);
    cap->eight_bit = cap->params.data_8bit;
    cap->frame_bytes = cap->eight_bit ? cap->n_ch : cap->n_words * sizeof(int16_t); /* on disk */
    /* a logger's few values a second go through the page cache: parts split at exact times */
    if (cap->params.unit[0][0])
        cap->cfg.buffered_io = true;
    /* frames whose bytes fill whole 4 KiB pages: 2048 for 1 or 3 channels, 512 for 4 */
    size_t g = cap->cfg.buffered_io ? 4096 : cap->frame_bytes, a = 4096;
    while (a) {
        size_t t = g % a;
        g = a;
        a = t;
    }
    cap->align_frames = 4096 / g;
    cap->max_samples = cfg->max_samples;
    if (cfg->duration_s > 0) {
        uint64_t n = (uint64_t)llround(cfg->duration_s * cap->params.rate_hz);
        if (n == 0) /* one sample would take longer than asked: say so, never run longer */
            return ps_fail(err, PS_ERR_ARG, "duration %g s is shorter than one sample interval "
                           "(%g s at %g S/s): a longer duration or a higher rate",
                           cfg->duration_s, 1 / cap->params.rate_hz, cap->params.rate_hz);
        if (!cap->max_samples || n < cap->max_samples)
            cap->max_samples = n;
    }
    size_t frames = cfg->ring_frames;
    if (frames == 0) {
        double one_s = cap->params.rate_hz;
        frames = one_s < (1 << 20) ? (1 << 20) : (one_s > (1 << 26) ? (1 << 26) : (size_t)one_s);
    }
    if (frames < 16 * cap->align_frames) /* whole aligned blocks, several of them */
        frames = 16 * cap->align_frames;
    if (frames < 4 * cap->params.driver_buffer_samples) /* room for blocks while writing */
        frames = 4 * cap->params.driver_buffer_samples;
    if (cfg->device.trigger.enabled && frames < 2 * cfg->device.trigger.pre_samples + 1)
        frames = (size_t)(2 * cfg->device.trigger.pre_samples + 1);
    if ((st = ps_ring_create(&cap->ring, frames, cap->n_words, err)) != PS_OK)
        return st;
    if (!cfg->device.trigger.enabled) {
        /* untriggered, the recording starts at device sample 0: say so from the first meta */
        struct gap first = {0, 0, false};
        if (gaps_add(&cap->gaps, &first) != 0)
            return ps_fail(err, PS_ERR_NOMEM, "capture: out of memory");
        atomic_store_explicit(&cap->has_first, true, memory_order_relaxed);
    }
    if (cfg->split_s > 0 || cfg->split_bytes > 0) {
        uint64_t by_time =
            cfg->split_s > 0 ? (uint64_t)llround(cfg->split_s * cap->params.rate_hz) : UINT64_MAX;
        uint64_t by_size = cfg->split_bytes > 0 ? cfg->split_bytes / cap->frame_bytes : UINT64_MAX;
        cap->split_samples = by_time < by_size ? by_time : by_size;
        /* parts of whole aligned units, so every part's writes stay direct */
        cap->split_samples = (cap->split_samples + cap->align_frames - 1) / cap->align_frames *
                             cap->align_frames;
        if (cap->split_samples == 0)
            return ps_fail(err, PS_ERR_ARG, "`split` is smaller than one sample");
        cap->part_no = 1;
        /* every part's name is free before the first sample: a capture never stops for it */
        for (unsigned k = 1; !cfg->overwrite && k <= 9999; k++) {
            char name[4200], meta[4300], data[4300];
            struct stat sb;
            snprintf(name, sizeof name, "%s-%04u", cfg->name, k);
            if (ps_sigmf_paths(name, meta, data, sizeof meta, NULL) == PS_OK &&
                (stat(meta, &sb) == 0 || stat(data, &sb) == 0))
                return ps_fail(err, PS_ERR_ARG, "%s already exists (pass `overwrite` to replace "
                               "it)", stat(meta, &sb) == 0 ? meta : data);
        }
    }
    return capture_create_files(cap, err);
}

/* The raw companion of a capture whose device streams raw samples beside a reduced stream:
 * NAME-raw, the same channels every interval_s / ratio, served by the capture's poller. */
static ps_status capture_add_raw(struct ps_capture *cap, ps_error *err)
{
    ps_capture_config cfg = cap->cfg;
    uint32_t r = cap->params.downsample_ratio;
    cfg.max_samples = cap->cfg.max_samples > UINT64_MAX / r ? 0 : cap->cfg.max_samples * r;
    struct ps_capture *raw = capture_new(cap->dev, &cfg);
    if (!raw)
        return ps_fail(err, PS_ERR_NOMEM, "capture: out of memory");
    raw->params = cap->params;
    raw->params.n_columns = cap->params.n_enabled;
    raw->params.downsample = PS_DOWNSAMPLE_NONE;
    raw->params.downsample_ratio = 1;
    raw->params.interval_s = cap->params.interval_s / r; /* as verify derives the raw clock */
    raw->params.rate_hz = 1.0 / raw->params.interval_s;
    raw->params.data_8bit = cap->params.resolution_bits == 8;
    raw->params.driver_buffer_samples = cap->params.raw_driver_buffer_samples;
    raw->params.keep_raw = false;
    raw->start_unix = cap->start_unix;
    raw->start_mono = cap->start_mono;
    raw->parent = cap;
    cap->raw = raw;
    if (snprintf(raw->raw_name, sizeof raw->raw_name, "%s-raw", cap->cfg.name) >=
        (int)sizeof raw->raw_name)
        return ps_fail(err, PS_ERR_ARG, "output name too long");
    raw->cfg.name = raw->raw_name;
    return capture_prepare(raw, err);
}

static void capture_unlink(struct ps_capture *cap)
{
    capture_release_reserve(cap);
    unlink(cap->data_path);
    unlink(cap->meta_path);
}

ps_status ps_capture_start(ps_capture **out, ps_device *dev, const ps_capture_config *cfg,
                           ps_stream_params *params, ps_error *err)
{
    *out = NULL;
    if (!cfg->name || !cfg->name[0])
        return ps_fail(err, PS_ERR_ARG, "no output name given");
    if (cfg->duration_s < 0 || !isfinite(cfg->duration_s))
        return ps_fail(err, PS_ERR_ARG, "duration %g s is not a duration", cfg->duration_s);
    struct ps_capture *cap = capture_new(dev, cfg);
    if (!cap)
        return ps_fail(err, PS_ERR_NOMEM, "capture: out of memory");
    double before = wall_now();
    ps_status st = ps_device_start(dev, &cfg->device, &cap->params, err);
    if (st != PS_OK)
        goto fail;
    cap->start_unix = wall_now();
    cap->start_uncertainty_s = cap->start_unix - before; /* sample 0 came within the call … */
    if (cap->params.run_after_unix > 0) { /* … or, where the backend says, within its start */
        cap->start_unix = 0.5 * (cap->params.run_before_unix + cap->params.run_after_unix);
        cap->start_uncertainty_s = 0.5 * (cap->params.run_after_unix - cap->params.run_before_unix);
    }
    ps_device_get_info(dev, &cap->info); /* as it stands at the start (a probe's report) */
    cap->start_mono = capture_mono_now();
    if ((st = capture_prepare(cap, err)) != PS_OK)
        goto stop;
    if (cap->params.keep_raw && (st = capture_add_raw(cap, err)) != PS_OK) {
        if (cap->raw && cap->raw->data_fd >= 0)
            capture_unlink(cap->raw);
        goto unlink;
    }
    if (params)
        *params = cap->params;
    struct ps_capture *outs[2] = {cap, cap->raw};
    for (int i = 0; i < 2 && outs[i]; i++) {
        if (pthread_create(&outs[i]->writer, NULL, writer_main, outs[i]) != 0) {
            st = ps_fail(err, PS_ERR_NOMEM, "capture: cannot start the writer thread");
            break;
        }
        outs[i]->writer_started = true;
    }
    if (st == PS_OK && pthread_create(&cap->poller, NULL, poller_main, cap) != 0)
        st = ps_fail(err, PS_ERR_NOMEM, "capture: cannot start the poller thread");
    if (st != PS_OK) {
        /* a writer sees a finished (empty) capture and closes its files */
        for (int i = 0; i < 2 && outs[i]; i++) {
            atomic_store_explicit(&outs[i]->poller_done, true, memory_order_release);
            if (outs[i]->writer_started)
                pthread_join(outs[i]->writer, NULL);
            outs[i]->writer_started = false;
        }
        if (cap->raw)
            capture_unlink(cap->raw);
        goto unlink;
    }
    cap->poller_started = true;
    *out = cap;
    return PS_OK;
unlink:
    capture_unlink(cap);
stop:
    ps_device_stop(dev, NULL);
fail:
    capture_free(cap);
    return st;
}

void ps_capture_request_stop(ps_capture *cap)
{
    atomic_store_explicit(&cap->stop_requested, true, memory_order_relaxed);
}

bool ps_capture_done(const ps_capture *cap)
{
    return atomic_load_explicit(&((ps_capture *)cap)->poller_done, memory_order_relaxed);
}

void ps_capture_get_stats(const ps_capture *cap, ps_capture_stats *s)
{
    ps_capture *c = (ps_capture *)cap;
    memset(s, 0, sizeof *s);
    s->elapsed_s = capture_mono_now() - c->start_mono;
    s->samples = atomic_load_explicit(&c->c_samples, memory_order_relaxed);
    s->recorded = atomic_load_explicit(&c->c_recorded, memory_order_relaxed);
    s->written = atomic_load_explicit(&c->c_written, memory_order_relaxed);
    s->lost = atomic_load_explicit(&c->c_lost, memory_order_relaxed) +
              atomic_load_explicit(&c->c_unwritten, memory_order_relaxed);
    s->n_bytes = atomic_load_explicit(&c->c_bytes, memory_order_relaxed);
    size_t runs = gaps_count(&c->gaps);
    s->gaps = runs > 1 ? runs - 1 : 0;
    if (c->final_known) { /* finished: the figures the meta holds, from the same gap list */
        s->lost = c->final_lost;
        s->gaps = c->final_gaps;
    }
    s->ring_fill = ps_ring_fill(c->ring);
    s->ring_capacity = ps_ring_capacity(c->ring);
    s->overflow = (uint16_t)atomic_load_explicit(&c->c_overflow, memory_order_relaxed);
    s->triggered = atomic_load_explicit(&c->c_triggered, memory_order_relaxed);
    s->waiting_for_trigger = c->cfg.device.trigger.enabled && !s->triggered;
    s->direct_io = atomic_load_explicit(&c->direct_on, memory_order_relaxed) &&
                   !atomic_load_explicit(&c->direct_fallback, memory_order_relaxed);
    s->running = !atomic_load_explicit(&c->writer_done, memory_order_relaxed);
}

bool ps_capture_get_raw_stats(const ps_capture *cap, ps_capture_stats *stats)
{
    if (!cap->raw)
        return false;
    ps_capture_get_stats(cap->raw, stats);
    return true;
}

ps_status ps_capture_finish(ps_capture *cap, ps_capture_stats *stats, ps_error *err)
{
    if (!cap->finished) {
        ps_capture_request_stop(cap);
        if (cap->poller_started)
            pthread_join(cap->poller, NULL);
        if (cap->writer_started)
            pthread_join(cap->writer, NULL);
        cap->finished = true;
        if (cap->tail_fd >= 0)
            close(cap->tail_fd);
        cap->tail_fd = -1;
        if (close(cap->data_fd) != 0) {
            ps_error e;
            ps_fail(&e, PS_ERR_IO, "%s: %s", cap->data_path, strerror(errno));
            capture_fail(cap, &e, "disk error");
        }
        cap->data_fd = -1;
        struct loss loss;
        capture_account(cap, 0, atomic_load_explicit(&cap->c_written, memory_order_relaxed), true,
                        &loss);
        cap->final_lost = loss.lost;
        cap->final_gaps = loss.n_gaps;
        cap->final_known = true;
        if (cap->raw) /* the poller has ended: the raw writer drains and closes */
            ps_capture_finish(cap->raw, NULL, NULL);
    }
    if (stats)
        ps_capture_get_stats(cap, stats);
    if (cap->err.code != PS_OK) {
        if (err)
            *err = cap->err;
        return cap->err.code;
    }
    return PS_OK;
}

void ps_capture_start_time(const ps_capture *cap, double *unix_s, double *uncertainty_s)
{
    *unix_s = cap->start_unix;
    *uncertainty_s = cap->start_uncertainty_s;
}

void ps_capture_destroy(ps_capture *cap)
{
    if (!cap)
        return;
    ps_capture_finish(cap, NULL, NULL);
    capture_free(cap);
}
