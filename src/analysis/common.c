/* Checks and meta shared by the analysis jobs. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "analysis_int.h"

ps_status analysis_check(ps_reader *r, const int *channels, size_t n_channels, ps_span span,
                         ps_error *err)
{
    uint64_t n = ps_reader_frames(r);
    if (span.from >= span.to || span.to > n)
        return ps_fail(err, PS_ERR_ARG,
                       "selection %llu…%llu is outside the recording's %llu "
                       "samples",
                       (unsigned long long)span.from, (unsigned long long)span.to,
                       (unsigned long long)n);
    if (n_channels == 0)
        return ps_fail(err, PS_ERR_ARG, "no channel selected");
    for (size_t i = 0; i < n_channels; i++)
        if (channels[i] < 0 || channels[i] >= (int)ps_reader_meta(r)->n_channels)
            return ps_fail(err, PS_ERR_BUG, "channel index %d", channels[i]);
    return PS_OK;
}

/* The source's gap-free stretches as the derived recording's capture segments: each stretch
 * starts a segment at the output sample where the job's output for it begins (out_len of the
 * stretches before it), at its device index scaled to the derived rate (ratio = its rate / the
 * source's), so a derived recording records every absence its source recorded. */
/* Whether the source's capture segment starting at sample `at` has an estimated index. */
static bool estimated_at(const ps_sigmf_meta *src, uint64_t at)
{
    size_t lo = 0, hi = src->n_captures;
    while (hi > lo) {
        size_t mid = lo + (hi - lo) / 2;
        if (src->captures[mid].sample_start < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < src->n_captures && src->captures[lo].sample_start == at &&
           src->captures[lo].estimated;
}

static void carry_gaps(ps_reader *r, ps_span span, double ratio, const struct analysis_out *o,
                       ps_sigmf_meta *m)
{
    const ps_sigmf_meta *src = ps_reader_meta(r);
    uint64_t out_at = 0;
    for (uint64_t at = span.from; at < span.to;) {
        ps_span seg = ps_reader_segment(r, at, span.to);
        ps_sigmf_capture d = {out_at, (uint64_t)llround((double)ps_reader_global_index(r, at) *
                                                        ratio), "", false};
        if (m->n_captures > 0) {
            const ps_sigmf_capture *prev = &m->captures[m->n_captures - 1];
            uint64_t run = d.sample_start - prev->sample_start;
            if (d.global_index < prev->global_index + run) /* never back in time */
                d.global_index = prev->global_index + run;
            d.estimated = estimated_at(src, at); /* as uncertain as the source */
            m->lost_samples += d.global_index - prev->global_index - run;
        }
        if (ps_sigmf_add_capture(m, &d, NULL) != PS_OK)
            return;
        out_at += o->len_part ? o->len_part(o->ctx, seg) : o->len(o->ctx, seg.to - seg.from);
        at = seg.to;
    }
    if (span.to == ps_reader_frames(r) && src->lost_at_end) {
        m->lost_at_end = (uint64_t)llround((double)src->lost_at_end * ratio);
        m->lost_samples += m->lost_at_end;
    }
}

uint64_t analysis_same_len(const void *ctx, uint64_t n)
{
    (void)ctx;
    return n;
}

void analysis_derived_meta(ps_reader *r, ps_span span, double rate_hz, const char *const *names,
                           unsigned n_channels, uint64_t frames, const char *description,
                           const struct analysis_out *o, ps_sigmf_meta *m)
{
    const ps_sigmf_meta *src = ps_reader_meta(r);
    memset(m, 0, sizeof *m);
    m->sample_rate_hz = rate_hz;
    m->interval_s = 1.0 / rate_hz;
    m->n_channels = n_channels;
    snprintf(m->hw, sizeof m->hw, "%s", src->hw);
    snprintf(m->recorder, sizeof m->recorder, "picostream %s", PICOSTREAM_VERSION);
    if (span.from == 0)
        snprintf(m->datetime, sizeof m->datetime, "%s", src->datetime);
    snprintf(m->description, sizeof m->description, "%s", description);
    m->has_picostream = true;
    m->resolution_bits = src->resolution_bits;
    for (unsigned c = 0; c < n_channels && c < PS_SIGMF_MAX_CHANNELS; c++) {
        snprintf(m->channel[c].name, sizeof m->channel[c].name, "%s", names[c]);
        m->channel[c].scale_v = 1.0;
        m->channel[c].offset_v = 0.0;
        snprintf(m->channel[c].coupling, sizeof m->channel[c].coupling, "DC");
        /* the source channel's unit: "1" or "1_max" of a TC-08's input 1 stays in degC */
        for (unsigned k = 0; k < src->n_channels; k++) {
            size_t len = strlen(src->channel[k].name);
            if (strncmp(names[c], src->channel[k].name, len) == 0 &&
                (names[c][len] == '\0' || names[c][len] == '_'))
                snprintf(m->channel[c].unit, sizeof m->channel[c].unit, "%s",
                         src->channel[k].unit);
        }
    }
    m->n_samples = frames;
    m->complete = true;
    carry_gaps(r, span, rate_hz / ps_reader_rate(r), o, m);
}

struct scaled_progress {
    ps_progress_fn fn;
    void *arg;
    double base, scale;
};

static int scaled(void *arg, double fraction)
{
    struct scaled_progress *p = arg;
    return p->fn(p->arg, p->base + p->scale * fraction);
}

ps_status analysis_each_stretch(ps_reader *r, ps_span span, analysis_stretch_fn fn, void *ctx,
                                ps_progress_fn progress, void *parg)
{
    ps_status st = PS_OK;
    double len = (double)(span.to - span.from);
    for (uint64_t at = span.from; at < span.to && st == PS_OK;) {
        ps_span seg = ps_reader_segment(r, at, span.to);
        struct scaled_progress p = {progress, parg, (double)(seg.from - span.from) / len,
                                    (double)(seg.to - seg.from) / len};
        st = fn(ctx, seg, progress ? scaled : NULL, &p);
        at = seg.to;
    }
    return st;
}

int analysis_pwrite_all(int fd, uint64_t off, const void *buf, size_t bytes)
{
    for (size_t done = 0; done < bytes;) {
        ssize_t w = pwrite(fd, (const char *)buf + done, bytes - done, (off_t)(off + done));
        if (w <= 0)
            return -1;
        done += (size_t)w;
    }
    return 0;
}

int analysis_pread_all(int fd, uint64_t off, void *buf, size_t bytes)
{
    for (size_t done = 0; done < bytes;) {
        ssize_t g = pread(fd, (char *)buf + done, bytes - done, (off_t)(off + done));
        if (g <= 0)
            return -1;
        done += (size_t)g;
    }
    return 0;
}
