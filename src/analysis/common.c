/* Checks and meta shared by the analysis jobs. */
#include <math.h>
#include <stdio.h>
#include <string.h>

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

/* The source's gaps, in the derived recording's samples (ratio = its rate / the source's), so
 * a derived recording records every absence its source recorded. */
static void carry_gaps(ps_reader *r, ps_span span, double ratio, uint64_t frames, ps_sigmf_meta *m)
{
    const ps_sigmf_meta *src = ps_reader_meta(r);
    ps_sigmf_capture first = {0, (uint64_t)llround((double)ps_reader_global_index(r, span.from) *
                                                   ratio), "", false};
    if (ps_sigmf_add_capture(m, &first, NULL) != PS_OK)
        return;
    for (size_t i = 0; i < src->n_captures; i++) {
        const ps_sigmf_capture *c = &src->captures[i];
        if (c->sample_start <= span.from || c->sample_start >= span.to)
            continue;
        ps_sigmf_capture d = {(uint64_t)ceil((double)(c->sample_start - span.from) * ratio),
                              (uint64_t)llround((double)c->global_index * ratio), "",
                              c->estimated};
        ps_sigmf_capture *prev = &m->captures[m->n_captures - 1];
        if (d.sample_start > frames)
            break;
        /* never back in time, whatever the rounding */
        if (d.global_index < prev->global_index + (d.sample_start - prev->sample_start))
            d.global_index = prev->global_index + (d.sample_start - prev->sample_start);
        m->lost_samples += d.global_index - prev->global_index - (d.sample_start - prev->sample_start);
        if (d.sample_start == prev->sample_start)
            *prev = d;
        else if (ps_sigmf_add_capture(m, &d, NULL) != PS_OK)
            return;
    }
    if (span.to == ps_reader_frames(r) && src->lost_at_end) {
        m->lost_at_end = (uint64_t)llround((double)src->lost_at_end * ratio);
        m->lost_samples += m->lost_at_end;
    }
}

void analysis_derived_meta(ps_reader *r, ps_span span, double rate_hz, const char *const *names,
                           unsigned n_channels, uint64_t frames, const char *description,
                           ps_sigmf_meta *m)
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
    }
    m->n_samples = frames;
    m->complete = true;
    carry_gaps(r, span, rate_hz / ps_reader_rate(r), frames, m);
}
