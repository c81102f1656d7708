/* Checks and meta shared by the analysis jobs. */
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
}
