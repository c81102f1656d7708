/* Event rules as state machines fed sample by sample; each rule keeps its own state, so any
 * block sizes give the same events. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_int.h"
#include "picostream/events.h"

struct rule_state {
    bool active;
    uint64_t start;
    double peak;
    uint64_t holdoff_until;
    /* Schmitt level: +1 high, −1 low, 0 not known yet; when it last changed */
    int side;
    uint64_t since;
    int region; /* runt: −1 low, +1 high, 0 not known; in_mid: left it for the middle */
    bool in_mid;
};

struct out {
    ps_event *e;
    size_t n, cap;
    bool oom;
};

static void add(struct out *o, uint64_t s, uint64_t e, unsigned rule, double peak)
{
    if (o->n == o->cap) {
        size_t cap = o->cap ? 2 * o->cap : 256;
        ps_event *g = realloc(o->e, cap * sizeof *g);
        if (!g) {
            o->oom = true;
            return;
        }
        o->e = g;
        o->cap = cap;
    }
    o->e[o->n++] = (ps_event){s, e, rule, peak};
}

static void finish(struct rule_state *st, struct out *o, unsigned k, uint64_t end, uint64_t hold)
{
    if (st->start >= st->holdoff_until) { /* a suppressed event does not extend the holdoff */
        add(o, st->start, end, k, st->peak);
        st->holdoff_until = end + hold;
    }
    st->active = false;
}

static void level_rule(const ps_events_config *cfg, const ps_event_rule *r, unsigned k,
                       struct rule_state *st, struct out *o, uint64_t i, double x, double slope,
                       uint64_t hold, uint64_t t_samples)
{
    double h = cfg->hysteresis_v;
    switch (r->kind) {
    case PS_RULE_ABOVE:
    case PS_RULE_BELOW:
    case PS_RULE_WINDOW: {
        bool out_now = r->kind == PS_RULE_ABOVE   ? x > r->a
                       : r->kind == PS_RULE_BELOW ? x < r->a
                                                  : (x < r->a || x > r->b);
        bool back = r->kind == PS_RULE_ABOVE   ? x < r->a - h
                    : r->kind == PS_RULE_BELOW ? x > r->a + h
                                               : (x >= r->a + h && x <= r->b - h);
        double far = r->kind == PS_RULE_ABOVE   ? x
                     : r->kind == PS_RULE_BELOW ? -x
                                                : fmax(r->a - x, x - r->b);
        if (!st->active && out_now) {
            st->active = true;
            st->start = i;
            st->peak = x;
        } else if (st->active) {
            double pf = r->kind == PS_RULE_ABOVE   ? st->peak
                        : r->kind == PS_RULE_BELOW ? -st->peak
                                                   : fmax(r->a - st->peak, st->peak - r->b);
            if (back)
                finish(st, o, k, i, hold);
            else if (far > pf)
                st->peak = x;
        }
        break;
    }
    case PS_RULE_GLITCH:
    case PS_RULE_PULSE:
    case PS_RULE_DROPOUT: {
        int side = x > cfg->level_v + h ? 1 : x < cfg->level_v - h ? -1 : 0;
        if (st->side == 0) {
            st->side = side;
            st->since = i;
            st->peak = x;
            st->active = false;
            break;
        }
        if (side != 0 && side != st->side) { /* a crossing: the run since st->since ended */
            uint64_t width = i - st->since;
            bool whole = st->active; /* the first run began before the span: not a pulse */
            if (whole && r->kind == PS_RULE_GLITCH && width < t_samples) {
                st->start = st->since;
                finish(st, o, k, i, hold);
            } else if (whole && r->kind != PS_RULE_GLITCH && width > t_samples) {
                st->start = st->since;
                finish(st, o, k, i, hold);
            }
            st->side = side;
            st->since = i;
            st->peak = x;
            st->active = true;
        } else if (st->side > 0 ? x > st->peak : x < st->peak) {
            st->peak = x;
        }
        if (r->kind == PS_RULE_DROPOUT && st->side != 0 && !st->active && i > st->since)
            st->active = true; /* a dropout may begin at the span's start */
        break;
    }
    case PS_RULE_RUNT: {
        int region = x < r->a ? -1 : x > r->b ? 1 : 0;
        if (region == 0) {
            if (st->region != 0 && !st->in_mid) {
                st->in_mid = true;
                st->start = i;
                st->peak = x;
            } else if (st->in_mid && (st->region < 0 ? x > st->peak : x < st->peak)) {
                st->peak = x;
            }
        } else {
            if (st->in_mid && region == st->region) /* went back without crossing the other */
                finish(st, o, k, i, hold);
            st->in_mid = false;
            st->region = region;
        }
        break;
    }
    case PS_RULE_SLEW: { /* the event starts at the sample a fast step arrives at */
        bool fast = fabs(slope) > r->a;
        if (!st->active && fast) {
            st->active = true;
            st->start = i;
            st->peak = x;
        } else if (st->active) {
            if (!fast)
                finish(st, o, k, i, hold);
            else if (fabs(x) > fabs(st->peak))
                st->peak = x;
        }
        break;
    }
    }
}

static int by_start(const void *a, const void *b)
{
    const ps_event *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (int)x->rule - (int)y->rule;
}

/* The earliest start an event of this rule could still have: everything before it is final. */
static uint64_t open_from(const ps_event_rule *r, const struct rule_state *st, uint64_t now)
{
    switch (r->kind) {
    case PS_RULE_GLITCH:
    case PS_RULE_PULSE:
    case PS_RULE_DROPOUT: return st->side != 0 ? st->since : now;
    case PS_RULE_RUNT: return st->in_mid ? st->start : now;
    default: return st->active ? st->start : now;
    }
}

/* Hands over the buffered events that start before `limit`, in start order. */
static int flush(struct out *o, uint64_t limit, ps_event_fn fn, void *arg, uint64_t *n_out)
{
    if (o->n > 1)
        qsort(o->e, o->n, sizeof *o->e, by_start);
    size_t k = 0;
    while (k < o->n && o->e[k].start < limit) {
        if (fn(arg, &o->e[k]) != 0)
            return -1;
        (*n_out)++;
        k++;
    }
    if (k > 0 && o->n > k)
        memmove(o->e, o->e + k, (o->n - k) * sizeof *o->e);
    o->n -= k;
    return 0;
}

static ps_status events_stretch(ps_reader *r, int ch, ps_span span, const ps_events_config *cfg,
                                ps_event_fn fn, void *arg, uint64_t *n_out,
                                ps_progress_fn progress, void *parg, ps_error *err)
{
    *n_out = 0;
    if (cfg->n_rules == 0)
        return ps_fail(err, PS_ERR_ARG,
                       "no rule given (--above, --below, --window, --glitch, "
                       "--pulse, --runt, --dropout, --slew)");
    if (span.from >= span.to || span.to > ps_reader_frames(r))
        return ps_fail(err, PS_ERR_ARG, "empty or out-of-range selection");
    double rate = ps_reader_rate(r);
    uint64_t hold = (uint64_t)llround(cfg->holdoff_s * rate);
    struct rule_state st[PS_MAX_RULES];
    uint64_t t_samples[PS_MAX_RULES];
    memset(st, 0, sizeof st);
    for (size_t k = 0; k < cfg->n_rules; k++)
        t_samples[k] = (uint64_t)llround(cfg->rule[k].t_s * rate);
    size_t block = ps_block_frames();
    double *x = malloc(block * sizeof *x);
    if (!x)
        return ps_fail(err, PS_ERR_NOMEM, "events: out of memory");
    struct out o = {0};
    ps_status stt = PS_OK;
    bool stopped = false;
    double prev = 0;
    for (uint64_t at = span.from; at < span.to && stt == PS_OK && !stopped; at += block) {
        size_t n = span.to - at < block ? (size_t)(span.to - at) : block;
        if ((stt = ps_reader_read(r, at, n, (unsigned)ch, x, err)) != PS_OK)
            break;
        for (size_t i = 0; i < n; i++) {
            uint64_t idx = at + i;
            double slope = idx == span.from ? 0 : (x[i] - prev) * rate;
            for (size_t k = 0; k < cfg->n_rules; k++)
                if (cfg->rule[k].kind != PS_RULE_SLEW || idx > span.from)
                    level_rule(cfg, &cfg->rule[k], (unsigned)k, &st[k], &o, idx, x[i], slope, hold,
                               t_samples[k]);
            prev = x[i];
        }
        uint64_t limit = at + n;
        for (size_t k = 0; k < cfg->n_rules; k++) {
            uint64_t f = open_from(&cfg->rule[k], &st[k], at + n);
            limit = f < limit ? f : limit;
        }
        if (!o.oom && flush(&o, limit, fn, arg, n_out) < 0)
            stopped = true;
        if (progress)
            progress(parg, (double)(at + n - span.from) / (double)(span.to - span.from));
    }
    free(x);
    /* events still open at the end: level rules end with the span; a dropout counts if long */
    for (size_t k = 0; k < cfg->n_rules && stt == PS_OK; k++) {
        const ps_event_rule *rr = &cfg->rule[k];
        if (rr->kind == PS_RULE_DROPOUT && st[k].side != 0 &&
            span.to - st[k].since > t_samples[k]) {
            st[k].start = st[k].since;
            finish(&st[k], &o, (unsigned)k, span.to, hold);
        } else if (st[k].active && (rr->kind == PS_RULE_ABOVE || rr->kind == PS_RULE_BELOW ||
                                    rr->kind == PS_RULE_WINDOW || rr->kind == PS_RULE_SLEW)) {
            finish(&st[k], &o, (unsigned)k, span.to, hold);
        }
    }
    if (stt == PS_OK && !stopped && !o.oom && flush(&o, UINT64_MAX, fn, arg, n_out) < 0)
        stopped = true;
    free(o.e);
    if (o.oom && stt == PS_OK)
        stt = ps_fail(err, PS_ERR_NOMEM, "events: out of memory for open events");
    if (stopped && stt == PS_OK)
        stt = ps_fail(err, PS_ERR_IO, "events: the output could not be written");
    return stt;
}

struct events_job {
    ps_reader *r;
    int ch;
    const ps_events_config *cfg;
    ps_event_fn fn;
    void *arg;
    uint64_t n;
    ps_error *err;
};

static ps_status events_of(void *ctx, ps_span stretch, ps_progress_fn progress, void *parg)
{
    struct events_job *j = ctx;
    uint64_t n = 0;
    ps_status st = events_stretch(j->r, j->ch, stretch, j->cfg, j->fn, j->arg, &n, progress,
                                  parg, j->err);
    j->n += n;
    return st;
}

/* The rules run on each gap-free stretch from a fresh state: an event open at a gap ends
 * there, as at the end of the selection, and nothing is measured across one. */
ps_status ps_find_events(ps_reader *r, int ch, ps_span span, const ps_events_config *cfg,
                         ps_event_fn fn, void *arg, uint64_t *n_out, ps_progress_fn progress,
                         void *parg, ps_error *err)
{
    *n_out = 0;
    if (span.from >= span.to || span.to > ps_reader_frames(r))
        return ps_fail(err, PS_ERR_ARG, "empty or out-of-range selection");
    struct events_job j = {r, ch, cfg, fn, arg, 0, err};
    ps_status st = analysis_each_stretch(r, span, events_of, &j, progress, parg);
    *n_out = j.n;
    return st;
}
