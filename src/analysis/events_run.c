/* events over a recording: each gap-free stretch through one event finder (src/dsp/events.c),
 * restarted at every gap, so nothing is found or measured across one. */
#include <stdlib.h>

#include "analysis_int.h"
#include "picostream/events.h"

struct counted {
    ps_event_fn fn;
    void *arg;
    uint64_t n;
};

static int count(void *arg, const ps_event *ev)
{
    struct counted *c = arg;
    c->n++;
    return c->fn(c->arg, ev);
}

ps_status ps_find_events(ps_reader *r, int ch, ps_span span, const ps_events_config *cfg,
                         ps_event_fn fn, void *arg, uint64_t *n_out, ps_progress_fn progress,
                         void *parg, ps_error *err)
{
    *n_out = 0;
    if (span.from >= span.to || span.to > ps_reader_frames(r))
        return ps_fail(err, PS_ERR_ARG, "empty or out-of-range selection");
    ps_event_finder *f;
    ps_status st = ps_event_finder_create(&f, cfg, ps_reader_rate(r), err);
    if (st != PS_OK)
        return st;
    size_t block = ps_reader_block_frames(r);
    double *x = malloc(block * sizeof *x);
    if (!x) {
        ps_event_finder_destroy(f);
        return ps_fail(err, PS_ERR_NOMEM, "events: out of memory");
    }
    struct counted c = {fn, arg, 0};
    for (uint64_t at = span.from, end = span.from; at < span.to && st == PS_OK;) {
        if (at == end) { /* a new stretch: the finder ends the last one's open events */
            if (at > span.from)
                st = ps_event_finder_finish(f, count, &c, err);
            end = ps_reader_segment(r, at, span.to).to;
        }
        size_t n = end - at < block ? (size_t)(end - at) : block;
        if (st == PS_OK)
            st = ps_reader_read(r, at, n, (unsigned)ch, x, err);
        if (st == PS_OK)
            st = ps_event_finder_process(f, at, x, n, count, &c, err);
        at += n;
        if (st == PS_OK)
            st = common_progress(progress, parg,
                                   (double)(at - span.from) / (double)(span.to - span.from), err);
    }
    if (st == PS_OK)
        st = ps_event_finder_finish(f, count, &c, err);
    free(x);
    ps_event_finder_destroy(f);
    *n_out = c.n;
    return st;
}
