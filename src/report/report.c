/* ps_report_write: default rules, the one pass, the page under the output rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

void report_rules(const ps_sigmf_channel *c, const ps_report_config *cfg, ps_events_config *ev)
{
    if (cfg->events.n_rules) {
        *ev = cfg->events;
        return;
    }
    /* near full scale: above 98 % of the channel's range and below −98 % (around its offset) */
    memset(ev, 0, sizeof *ev);
    if (!(c->range_v > 0))
        return;
    ev->n_rules = 2;
    ev->rule[0] = (ps_event_rule){PS_RULE_ABOVE, 0.98 * c->range_v - c->offset_v, 0, 0, ""};
    ev->rule[1] = (ps_event_rule){PS_RULE_BELOW, -0.98 * c->range_v - c->offset_v, 0, 0, ""};
    snprintf(ev->rule[0].label, sizeof ev->rule[0].label, "above %gV", ev->rule[0].a);
    snprintf(ev->rule[1].label, sizeof ev->rule[1].label, "below %gV", ev->rule[1].a);
    ev->hysteresis_v = 0.02 * c->range_v;
}

ps_status ps_report_write(ps_reader *r, const int *channels, size_t n_channels, ps_span span,
                          const ps_report_config *cfg, const char *html_path,
                          const ps_output_rules *rules, ps_progress_fn progress, void *parg,
                          ps_error *err)
{
    ps_status st = analysis_check(r, channels, n_channels, span, err);
    if (st != PS_OK)
        return st;
    if (n_channels > PS_SIGMF_MAX_CHANNELS)
        return ps_fail(err, PS_ERR_ARG, "report: at most %d channels", PS_SIGMF_MAX_CHANNELS);
    if ((st = plot_waveform_check(r, n_channels, span, REPORT_WIDTH,
                                  60 + (int)n_channels * 150, err)) != PS_OK)
        return st;
    ps_output *o;
    if ((st = ps_output_open(&o, html_path, rules, err)) != PS_OK) /* refused before the read */
        return st;
    struct report_data d = {.r = r, .n_ch = n_channels, .span = span,
                            .max_listed = cfg->max_listed ? cfg->max_listed : 200};
    for (size_t k = 0; k < n_channels; k++) {
        d.c[k].index = channels[k];
        report_rules(&ps_reader_meta(r)->channel[channels[k]], cfg, &d.c[k].rules);
    }
    st = report_pass(&d, cfg, progress, parg, err);
    if (st == PS_OK)
        st = report_html(&d, cfg, ps_output_stream(o), err);
    report_free(&d);
    if (st != PS_OK) {
        ps_output_abort(o);
        return st;
    }
    return ps_output_commit(o, err);
}
