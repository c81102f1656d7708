/* verify: recompute a simulator recording sample by sample from (seed, channel, index). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "picostream/reader.h"
#include "picostream/sigmf.h"
#include "picostream/verify.h"
#include "logger_models.h"
#include "sim_signal.h"

#define VERIFY_BLOCK 65536
#define RESYNC_WINDOW 200000 /* samples searched around an estimated resume point */
#define RESYNC_MATCH 256     /* frames that must agree to accept a resume point */

/* A data logger's ADC, per recorded channel, as its simulator quantises. */
struct logger_adc {
    bool temp;  /* a TC-08 reading (rf32_le), clipped to its thermocouple's range */
    float lo_t, hi_t;
    double scale, offset;
    int32_t lo, hi;
};

struct verifier {
    FILE *f;
    unsigned n_ch;
    struct sim_gen gen[PS_SIGMF_MAX_CHANNELS];
    int16_t *got, *want; /* compared as bytes: cmp_bytes a value */
    size_t sample_bytes; /* on disk: 2 (ri16_le) or 1 (ri8: the code / 256); 4 for loggers' */
    size_t cmp_bytes;    /* 2, or 4 for ri32_le and rf32_le */
    bool logger;         /* a PicoLog recording: inputs 1…16, values in their units */
    struct logger_adc adc[PS_SIGMF_MAX_CHANNELS];
    float *vals;
    int ds_mode;         /* driver-side downsampling (SIM_DS_*), 0 for raw samples */
    uint32_t ds_ratio;
    int16_t *raw;        /* one channel's raw samples before the reduction */
};

static ps_status read_frames(struct verifier *v, uint64_t at, size_t n, const char *path,
                             ps_error *err)
{
    if (fseeko(v->f, (off_t)(at * v->n_ch * v->sample_bytes), SEEK_SET) != 0 ||
        fread(v->got, v->sample_bytes * v->n_ch, n, v->f) != n)
        return ps_fail(err, PS_ERR_IO, "%s: cannot read samples at %llu", path,
                       (unsigned long long)at);
    if (v->sample_bytes == 1) /* back to the 16-bit-scaled codes, in place from the end */
        for (size_t i = n * v->n_ch; i-- > 0;)
            v->got[i] = (int16_t)(((const int8_t *)v->got)[i] * 256);
    return PS_OK;
}

/* Downsampled values [global, global + n): value j reduces raw samples [j·r, j·r + r). */
static void expected_downsampled(struct verifier *v, uint64_t global, size_t n)
{
    uint32_t r = v->ds_ratio;
    unsigned per = v->ds_mode == SIM_DS_AGGREGATE ? 2 : 1; /* columns NAME_max, NAME_min */
    size_t step = SIM_DS_MAX_RATIO / r;
    for (unsigned c = 0; c < v->n_ch; c += per)
        for (size_t j = 0; j < n; j += step) {
            size_t m = n - j < step ? n - j : step;
            sim_gen_fill(&v->gen[c], (global + j) * r, m * r, v->raw, 1);
            sim_reduce(v->ds_mode, r, v->raw, m, v->want + j * v->n_ch + c,
                       per > 1 ? v->want + j * v->n_ch + c + 1 : NULL, v->n_ch);
        }
}

/* A logger's values [global, global + n), as its driver delivers them. */
static void expected_logger(struct verifier *v, uint64_t global, size_t n)
{
    for (unsigned c = 0; c < v->n_ch; c++) {
        const struct logger_adc *a = &v->adc[c];
        sim_gen_values(&v->gen[c], global, n, v->vals);
        for (size_t j = 0; j < n; j++) {
            int over = 0;
            unsigned char *at = (unsigned char *)v->want + (j * v->n_ch + c) * v->cmp_bytes;
            if (a->temp) {
                float t = sim_logger_temp(v->vals[j], a->lo_t, a->hi_t, &over);
                memcpy(at, &t, 4);
            } else {
                int32_t code = sim_logger_code(v->vals[j], a->scale, a->offset, a->lo, a->hi,
                                               &over);
                int16_t c16 = (int16_t)code;
                memcpy(at, v->cmp_bytes == 2 ? (void *)&c16 : (void *)&code, v->cmp_bytes);
            }
        }
    }
}

static void expected(struct verifier *v, uint64_t global, size_t n)
{
    if (v->logger) {
        expected_logger(v, global, n);
        return;
    }
    if (v->ds_mode) {
        expected_downsampled(v, global, n);
        return;
    }
    for (unsigned c = 0; c < v->n_ch; c++)
        sim_gen_fill(&v->gen[c], global, n, v->want + c, v->n_ch);
}

/* One compared value as text: an int16 code, a logger's int32 code or float reading. */
static void value_text(const struct verifier *v, const unsigned char *p, char *out, size_t len)
{
    if (v->cmp_bytes == 2) {
        int16_t x;
        memcpy(&x, p, 2);
        snprintf(out, len, "%d", x);
    } else if (v->adc[0].temp) {
        float x;
        memcpy(&x, p, 4);
        snprintf(out, len, "%.9g", x);
    } else {
        int32_t x;
        memcpy(&x, p, 4);
        snprintf(out, len, "%d", x);
    }
}

/* Finds the device index where an estimated capture really resumed, or returns false. */
static bool resync(struct verifier *v, uint64_t sample, uint64_t est, size_t avail, uint64_t *found)
{
    size_t n = avail < RESYNC_MATCH ? avail : RESYNC_MATCH;
    uint64_t lo = est > RESYNC_WINDOW ? est - RESYNC_WINDOW : 0;
    (void)sample;
    for (uint64_t d = 0; d <= 2 * RESYNC_WINDOW; d++) {
        /* search outward from the estimate: est, est+1, est-1, … */
        uint64_t g = d % 2 ? est + (d + 1) / 2 : est - d / 2;
        if ((d % 2 == 0 && d / 2 > est) || g < lo)
            continue;
        expected(v, g, n);
        if (memcmp(v->got, v->want, n * v->n_ch * v->cmp_bytes) == 0) {
            *found = g;
            return true;
        }
    }
    return false;
}

/* The meta (checked as every command checks a recording) and the simulator config it names. */
static ps_status open_sim_recording(const char *name, ps_sigmf_meta *m, struct sim_config *cfg,
                                    char *meta_path, char *data_path, ps_error *err)
{
    ps_reader *r;
    ps_status st = ps_reader_open(&r, name, err); /* the analysis commands' validity rules */
    if (st != PS_OK)
        return st;
    ps_reader_close(r);
    if ((st = ps_sigmf_paths(name, meta_path, data_path, 4096, err)) != PS_OK ||
        (st = ps_sigmf_read_meta(meta_path, m, err)) != PS_OK)
        return st;
    if (!m->has_picostream || !m->sim_spec[0])
        st = ps_fail(err, PS_ERR_ARG,
                     "%s was not recorded from the simulator: nothing to compare it with",
                     meta_path);
    else if (strcmp(m->datatype, "ri16_le") != 0 && strcmp(m->datatype, "ri8") != 0 &&
             ((strcmp(m->datatype, "ri32_le") != 0 && strcmp(m->datatype, "rf32_le") != 0) ||
              !m->channel[0].has_adc_min))
        st = ps_fail(err, PS_ERR_FORMAT, "%s: datatype %s, a capture is ri16_le or ri8 (a "
                     "logger's also ri32_le or rf32_le)", meta_path, m->datatype);
    char msg[256];
    if (st == PS_OK) {
        sim_config_default(cfg);
        for (int c = 0; c < SIM_MAX_CHANNELS; c++)
            cfg->ch[c].n_terms = 0;
        if (sim_config_parse(cfg, m->sim_spec, msg, sizeof msg) != 0)
            st = ps_fail(err, PS_ERR_FORMAT, "%s: %s", meta_path, msg);
    }
    bool agg = strcmp(m->downsample_mode, "aggregate") == 0;
    for (unsigned k = 0; st == PS_OK && k < m->n_channels; k++) {
        const char *ch = m->channel[k].name;
        const char *suffix = !agg ? "" : k % 2 ? "_min" : "_max";
        if (m->channel[k].has_adc_min) { /* a logger's input 1 … 16 */
            char *end;
            long in = strtol(ch, &end, 10);
            if (*end || in < 1 || in > SIM_MAX_CHANNELS)
                st = ps_fail(err, PS_ERR_FORMAT, "%s: input '%s' is not 1…%d", meta_path, ch,
                             SIM_MAX_CHANNELS);
            continue;
        }
        if (ch[0] < 'A' || ch[0] >= 'A' + SIM_MAX_CHANNELS || strcmp(ch + 1, suffix) != 0 ||
            (agg && (k % 2 ? ch[0] != m->channel[k - 1].name[0] : k + 1 >= m->n_channels)))
            st = ps_fail(err, PS_ERR_FORMAT, "%s: channel '%s' is not A…H%s", meta_path, ch,
                         agg ? " as NAME_max, NAME_min pairs" : "");
    }
    if (st == PS_OK && m->downsample_ratio > SIM_DS_MAX_RATIO)
        st = ps_fail(err, PS_ERR_FORMAT, "%s: downsample ratio %u is more than the simulators "
                     "make (%u)", meta_path, m->downsample_ratio, SIM_DS_MAX_RATIO);
    if (st != PS_OK)
        ps_sigmf_meta_clear(m);
    return st;
}

/* Channel k's generator as the recording was made: ri8 holds the 16-bit-scaled code / 256. */
static void gen_for_channel(struct sim_gen *g, const struct sim_config *cfg, const ps_sigmf_meta *m,
                            unsigned k)
{
    const ps_sigmf_channel *ch = &m->channel[k];
    if (ch->has_adc_min) { /* a logger: values in the input's unit, quantised afterwards */
        sim_gen_init(g, cfg, (unsigned)(atoi(ch->name) - 1), m->interval_s, 1.0, 0.0, 1, 16, false);
        return;
    }
    int32_t adc_max = ch->adc_max * (ps_sigmf_sample_bytes(m->datatype) == 1 ? 256 : 1);
    double raw_interval = m->interval_s / (m->downsample_ratio ? m->downsample_ratio : 1);
    sim_gen_init(g, cfg, (unsigned)(ch->name[0] - 'A'), raw_interval, ch->range_v, -ch->offset_v,
                 adc_max, m->resolution_bits, strcmp(ch->coupling, "AC") == 0);
}

struct fault_sink {
    ps_fault_fn fn;
    void *arg;
    char channel;
    uint64_t global, sample;
    uint32_t ratio; /* raw samples per recorded value */
    int rc;
};

static void on_fault(void *arg, enum sim_kind kind, uint64_t index, uint64_t length)
{
    struct fault_sink *s = arg;
    ps_sim_fault f = {s->channel, sim_kind_name(kind), index,
                      s->sample + (index / s->ratio - s->global), length};
    if (s->rc == 0)
        s->rc = s->fn(s->arg, &f);
}

/* The verifier for a recording: its generators, its data file and buffers; *frames the whole
 * frames the file holds. */
static ps_status verifier_open(struct verifier *v, const ps_sigmf_meta *m,
                               const struct sim_config *cfg, const char *data_path,
                               uint64_t *frames, uint64_t *trailing, ps_error *err)
{
    memset(v, 0, sizeof *v);
    v->n_ch = m->n_channels;
    v->sample_bytes = ps_sigmf_sample_bytes(m->datatype);
    v->cmp_bytes = v->sample_bytes == 4 ? 4 : 2;
    v->logger = m->n_channels > 0 && m->channel[0].has_adc_min;
    for (unsigned k = 0; k < v->n_ch; k++) {
        gen_for_channel(&v->gen[k], cfg, m, k);
        const ps_sigmf_channel *ch = &m->channel[k];
        struct logger_adc *a = &v->adc[k];
        a->temp = strcmp(m->datatype, "rf32_le") == 0;
        if (a->temp && !logger_tc_range(ch->sensor[0], &a->lo_t, &a->hi_t))
            return ps_fail(err, PS_ERR_FORMAT, "input %s: thermocouple type '%s' unknown",
                           ch->name, ch->sensor);
        a->scale = ch->scale_v;
        a->offset = ch->offset_v;
        a->lo = ch->adc_min;
        a->hi = ch->adc_max;
    }
    if (!(v->f = fopen(data_path, "rb")))
        return ps_fail(err, PS_ERR_IO, "%s: %s", data_path, strerror(errno));
    struct stat sb;
    fstat(fileno(v->f), &sb);
    uint64_t disk_frame = v->sample_bytes * v->n_ch;
    *frames = (uint64_t)sb.st_size / disk_frame;
    *trailing = (uint64_t)sb.st_size % disk_frame;
    v->got = malloc(VERIFY_BLOCK * (uint64_t)v->cmp_bytes * v->n_ch);
    v->want = malloc(VERIFY_BLOCK * (uint64_t)v->cmp_bytes * v->n_ch);
    v->vals = malloc(VERIFY_BLOCK * sizeof *v->vals);
    if (!v->vals)
        return ps_fail(err, PS_ERR_NOMEM, "verify: out of memory");
    if (m->downsample_ratio) {
        v->ds_ratio = m->downsample_ratio;
        v->ds_mode = strcmp(m->downsample_mode, "decimate") == 0  ? SIM_DS_DECIMATE
                     : strcmp(m->downsample_mode, "average") == 0 ? SIM_DS_AVERAGE
                                                                  : SIM_DS_AGGREGATE;
        if (!(v->raw = malloc(SIM_DS_MAX_RATIO * sizeof *v->raw)))
            return ps_fail(err, PS_ERR_NOMEM, "verify: out of memory");
    }
    if (!v->got || !v->want)
        return ps_fail(err, PS_ERR_NOMEM, "verify: out of memory");
    return PS_OK;
}

static void verifier_close(struct verifier *v)
{
    for (unsigned k = 0; k < PS_SIGMF_MAX_CHANNELS; k++)
        sim_gen_free(&v->gen[k]);
    if (v->f)
        fclose(v->f);
    free(v->got);
    free(v->want);
    free(v->vals);
    free(v->raw);
}

/* Capture i's device index: the meta's, or where an estimated resume point really was (the
 * first samples searched for around the estimate); *found says whether that search moved it. */
static ps_status capture_global(struct verifier *v, const ps_sigmf_meta *m, size_t i,
                                uint64_t frames, const char *data_path, uint64_t *global,
                                bool *found, ps_error *err)
{
    uint64_t start = m->captures[i].sample_start;
    uint64_t end = i + 1 < m->n_captures ? m->captures[i + 1].sample_start : frames;
    end = end > frames ? frames : end;
    *global = m->captures[i].global_index;
    *found = false;
    if (!m->captures[i].estimated || end <= start)
        return PS_OK;
    size_t n = end - start < RESYNC_MATCH ? (size_t)(end - start) : RESYNC_MATCH;
    ps_status st = read_frames(v, start, n, data_path, err);
    if (st != PS_OK)
        return st;
    expected(v, *global, n);
    uint64_t g;
    if (memcmp(v->got, v->want, n * (uint64_t)v->cmp_bytes * v->n_ch) != 0 &&
        resync(v, start, *global, n, &g)) {
        *global = g;
        *found = true;
    }
    return PS_OK;
}

ps_status ps_verify_faults(const char *name, ps_fault_fn fn, void *arg, ps_error *err)
{
    char meta_path[4096], data_path[4096];
    ps_sigmf_meta m;
    struct sim_config cfg;
    ps_status st = open_sim_recording(name, &m, &cfg, meta_path, data_path, err);
    if (st != PS_OK)
        return st;
    struct verifier v = {0};
    uint64_t frames, trailing, *globals = calloc(m.n_captures + 1, sizeof *globals);
    if (!globals)
        st = ps_fail(err, PS_ERR_NOMEM, "verify: out of memory");
    if (st == PS_OK)
        st = verifier_open(&v, &m, &cfg, data_path, &frames, &trailing, err);
    /* the exact device index of every capture first: faults are listed where they really are */
    for (size_t i = 0; i < m.n_captures && st == PS_OK; i++) {
        bool found;
        st = capture_global(&v, &m, i, frames, data_path, &globals[i], &found, err);
    }
    struct fault_sink sink = {fn, arg, 0, 0, 0, m.downsample_ratio ? m.downsample_ratio : 1, 0};
    unsigned per = strcmp(m.downsample_mode, "aggregate") == 0 ? 2 : 1;
    for (unsigned k = 0; k < m.n_channels && sink.rc == 0 && st == PS_OK; k += per) {
        sink.channel = m.channel[k].name[0];
        for (size_t i = 0; i < m.n_captures && sink.rc == 0; i++) {
            uint64_t start = m.captures[i].sample_start;
            uint64_t end = i + 1 < m.n_captures ? m.captures[i + 1].sample_start : m.n_samples;
            if (end <= start)
                continue;
            sink.global = globals[i];
            sink.sample = start;
            sim_gen_faults(&v.gen[k], sink.global * sink.ratio,
                           (sink.global + (end - start)) * sink.ratio, on_fault, &sink);
        }
    }
    verifier_close(&v);
    free(globals);
    ps_sigmf_meta_clear(&m);
    if (st == PS_OK && sink.rc)
        st = ps_fail(err, PS_ERR_IO, "cannot write the fault list");
    return st;
}

ps_status ps_verify_recording(const char *name, ps_verify_report *rep, ps_error *err)
{
    memset(rep, 0, sizeof *rep);
    char meta_path[4096], data_path[4096];
    ps_sigmf_meta m;
    struct sim_config cfg;
    ps_status st = open_sim_recording(name, &m, &cfg, meta_path, data_path, err);
    if (st != PS_OK)
        return st;
    struct verifier v = {0};
    uint64_t frames;
    st = verifier_open(&v, &m, &cfg, data_path, &frames, &rep->trailing_bytes, err);
    if (st != PS_OK)
        goto out;
    rep->n_channels = v.n_ch;
    rep->meta_samples = m.n_samples;
    rep->lost_samples = m.lost_samples;
    rep->n_captures = m.n_captures;
    if (frames < m.n_samples) {
        st = ps_fail(err, PS_ERR_FORMAT,
                     "%s holds %llu samples per channel but the meta vouches "
                     "for %llu: the data file was truncated",
                     data_path, (unsigned long long)frames, (unsigned long long)m.n_samples);
        goto out;
    }
    if (frames > 0 && m.n_captures == 0) {
        st = ps_fail(err, PS_ERR_FORMAT, "%s: no captures segment describes the data", meta_path);
        goto out;
    }
    for (size_t i = 0; i < m.n_captures && st == PS_OK; i++) {
        uint64_t start = m.captures[i].sample_start;
        uint64_t end = i + 1 < m.n_captures ? m.captures[i + 1].sample_start : frames;
        if (end > frames)
            end = frames;
        uint64_t global;
        bool found;
        if ((st = capture_global(&v, &m, i, frames, data_path, &global, &found, err)) != PS_OK)
            break;
        rep->resynced += found;
        for (uint64_t at = start; at < end;) {
            size_t n = end - at < VERIFY_BLOCK ? (size_t)(end - at) : VERIFY_BLOCK;
            if ((st = read_frames(&v, at, n, data_path, err)) != PS_OK)
                break;
            uint64_t g = global + (at - start);
            expected(&v, g, n);
            const unsigned char *gb = (const unsigned char *)v.got;
            const unsigned char *wb = (const unsigned char *)v.want;
            for (size_t j = 0; j < n * v.n_ch; j++) {
                size_t b = v.cmp_bytes;
                if (memcmp(gb + j * b, wb + j * b, b) == 0)
                    continue;
                rep->mismatch = true;
                rep->sample = at + j / v.n_ch;
                rep->global_index = g + j / v.n_ch;
                rep->channel = m.channel[j % v.n_ch].name[0];
                char got[32], want[32];
                value_text(&v, gb + j * b, got, sizeof got);
                value_text(&v, wb + j * b, want, sizeof want);
                rep->got = (int16_t)atoi(got);
                rep->expected = (int16_t)atoi(want);
                st = ps_fail(err, PS_ERR_MISMATCH,
                             "sample %llu (device index %llu, %.9f s), "
                             "channel %s: recorded %s, the simulator gives %s",
                             (unsigned long long)rep->sample, (unsigned long long)rep->global_index,
                             (double)rep->sample * m.interval_s, m.channel[j % v.n_ch].name, got,
                             want);
                break;
            }
            if (st != PS_OK)
                break;
            at += n;
            rep->samples += n;
        }
    }
out:
    verifier_close(&v);
    ps_sigmf_meta_clear(&m);
    return st;
}
