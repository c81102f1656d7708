/* Event rules as state machines over a stream of samples: each rule keeps its own state and
 * walks a block on its own, skipping fast over stretches where only a peak can change, so any
 * block sizes give the same events. No file I/O: files, live data and arrays feed it alike. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Advances over samples i… of the block that cannot change rule k's state beyond its peak (or
 * a dropout's start), applying those; returns the first sample that may. Exactly the
 * per-sample machine's effect on the samples it skips. */
static size_t skip(const ps_events_config *cfg, const ps_event_rule *r, struct rule_state *st,
                   const double *x, size_t i, size_t n, double prev, double rate, uint64_t idx0)
{
    const double h = cfg->hysteresis_v;
    switch (r->kind) {
    case PS_RULE_ABOVE:
        if (!st->active) {
            while (i < n && !(x[i] > r->a))
                i++;
        } else {
            double pk = st->peak, lim = r->a - h;
            for (; i < n && !(x[i] < lim); i++)
                pk = x[i] > pk ? x[i] : pk;
            st->peak = pk;
        }
        return i;
    case PS_RULE_BELOW:
        if (!st->active) {
            while (i < n && !(x[i] < r->a))
                i++;
        } else {
            double pk = st->peak, lim = r->a + h;
            for (; i < n && !(x[i] > lim); i++)
                pk = x[i] < pk ? x[i] : pk;
            st->peak = pk;
        }
        return i;
    case PS_RULE_WINDOW:
        if (!st->active)
            while (i < n && !(x[i] < r->a || x[i] > r->b))
                i++;
        return i;
    case PS_RULE_GLITCH:
    case PS_RULE_PULSE:
    case PS_RULE_DROPOUT: {
        size_t from = i;
        double pk = st->peak;
        if (st->side > 0) {
            double lim = cfg->level_v - h;
            for (; i < n && !(x[i] < lim); i++)
                pk = x[i] > pk ? x[i] : pk;
        } else if (st->side < 0) {
            double lim = cfg->level_v + h;
            for (; i < n && !(x[i] > lim); i++)
                pk = x[i] < pk ? x[i] : pk;
        }
        st->peak = pk;
        /* a dropout may begin at the stretch's start: active from the sample after `since` */
        if (r->kind == PS_RULE_DROPOUT && st->side != 0 && !st->active && i > from &&
            idx0 + i - 1 > st->since)
            st->active = true;
        return i;
    }
    case PS_RULE_RUNT:
        if (!st->in_mid && st->region < 0)
            while (i < n && x[i] < r->a)
                i++;
        else if (!st->in_mid && st->region > 0)
            while (i < n && x[i] > r->b)
                i++;
        return i;
    case PS_RULE_SLEW:
        if (!st->active && i > 0) {
            while (i < n && !(fabs((x[i] - x[i - 1]) * rate) > r->a))
                i++;
        } else if (!st->active && i == 0 && n > 0 && !(fabs((x[0] - prev) * rate) > r->a)) {
            i = 1;
            while (i < n && !(fabs((x[i] - x[i - 1]) * rate) > r->a))
                i++;
        }
        return i;
    }
    return i;
}

struct ps_event_finder {
    ps_events_config cfg;
    double rate;
    uint64_t hold, t_samples[PS_MAX_RULES];
    struct rule_state st[PS_MAX_RULES];
    uint64_t first, next; /* the stretch's first index; the index the next sample must have */
    bool started;
    double prev; /* the last sample fed */
    struct out o;
};

ps_status ps_event_finder_create(ps_event_finder **out, const ps_events_config *cfg,
                                 double rate_hz, ps_error *err)
{
    *out = NULL;
    if (cfg->n_rules == 0)
        return ps_fail(err, PS_ERR_ARG,
                       "no rule given (`above`, `below`, `window`, `glitch`, "
                       "`pulse`, `runt`, `dropout`, `slew`)");
    if (cfg->n_rules > PS_MAX_RULES)
        return ps_fail(err, PS_ERR_ARG, "%zu rules (at most %d)", cfg->n_rules, PS_MAX_RULES);
    if (!(rate_hz > 0))
        return ps_fail(err, PS_ERR_ARG, "events: sample rate must be positive");
    ps_event_finder *f = calloc(1, sizeof *f);
    if (!f)
        return ps_fail(err, PS_ERR_NOMEM, "events: out of memory");
    f->cfg = *cfg;
    f->rate = rate_hz;
    f->hold = (uint64_t)llround(cfg->holdoff_s * rate_hz);
    for (size_t k = 0; k < cfg->n_rules; k++)
        f->t_samples[k] = (uint64_t)llround(cfg->rule[k].t_s * rate_hz);
    *out = f;
    return PS_OK;
}

void ps_event_finder_destroy(ps_event_finder *f)
{
    if (!f)
        return;
    free(f->o.e);
    free(f);
}

/* Hands over the buffered events that start before `limit`, in start order. */
static ps_status flush(ps_event_finder *f, uint64_t limit, ps_event_fn fn, void *arg,
                       ps_error *err)
{
    struct out *o = &f->o;
    if (o->oom)
        return ps_fail(err, PS_ERR_NOMEM, "events: out of memory for open events");
    if (o->n > 1)
        qsort(o->e, o->n, sizeof *o->e, by_start);
    size_t k = 0;
    while (k < o->n && o->e[k].start < limit) {
        if (fn(arg, &o->e[k]) != 0)
            return ps_fail(err, PS_ERR_IO, "events: the output could not be written");
        k++;
    }
    if (k > 0 && o->n > k)
        memmove(o->e, o->e + k, (o->n - k) * sizeof *o->e);
    o->n -= k;
    return PS_OK;
}

ps_status ps_event_finder_finish(ps_event_finder *f, ps_event_fn fn, void *arg, ps_error *err)
{
    /* events still open at the end: level rules end here; a dropout counts if long enough */
    for (size_t k = 0; f->started && k < f->cfg.n_rules; k++) {
        const ps_event_rule *rr = &f->cfg.rule[k];
        struct rule_state *st = &f->st[k];
        if (rr->kind == PS_RULE_DROPOUT && st->side != 0 && f->next - st->since > f->t_samples[k]) {
            st->start = st->since;
            finish(st, &f->o, (unsigned)k, f->next, f->hold);
        } else if (st->active && (rr->kind == PS_RULE_ABOVE || rr->kind == PS_RULE_BELOW ||
                                  rr->kind == PS_RULE_WINDOW || rr->kind == PS_RULE_SLEW)) {
            finish(st, &f->o, (unsigned)k, f->next, f->hold);
        }
    }
    memset(f->st, 0, sizeof f->st);
    f->started = false;
    return flush(f, UINT64_MAX, fn, arg, err);
}

ps_status ps_event_finder_process(ps_event_finder *f, uint64_t index, const double *x, size_t n,
                                  ps_event_fn fn, void *arg, ps_error *err)
{
    if (n == 0)
        return PS_OK;
    if (f->started && index != f->next) { /* a gap: what was open ends where the data did */
        ps_status st = ps_event_finder_finish(f, fn, arg, err);
        if (st != PS_OK)
            return st;
    }
    if (!f->started) {
        f->started = true;
        f->first = index;
    }
    const ps_events_config *cfg = &f->cfg;
    for (size_t k = 0; k < cfg->n_rules; k++) {
        const ps_event_rule *r = &cfg->rule[k];
        struct rule_state *st = &f->st[k];
        for (size_t i = 0; i < n;) {
            i = skip(cfg, r, st, x, i, n, f->prev, f->rate, index);
            if (i >= n)
                break;
            uint64_t idx = index + i;
            double before = i > 0 ? x[i - 1] : f->prev;
            double slope = idx == f->first ? 0 : (x[i] - before) * f->rate;
            if (r->kind != PS_RULE_SLEW || idx > f->first)
                level_rule(cfg, r, (unsigned)k, st, &f->o, idx, x[i], slope, f->hold,
                           f->t_samples[k]);
            i++;
        }
    }
    f->prev = x[n - 1];
    f->next = index + n;
    uint64_t limit = f->next;
    for (size_t k = 0; k < cfg->n_rules; k++) {
        uint64_t o = open_from(&cfg->rule[k], &f->st[k], f->next);
        limit = o < limit ? o : limit;
    }
    return flush(f, limit, fn, arg, err);
}

ps_status ps_event_finder_drain(ps_event_finder *f, ps_event_fn fn, void *arg, ps_error *err)
{
    return flush(f, UINT64_MAX, fn, arg, err);
}

size_t ps_event_finder_state(const ps_event_finder *f, char *buf, size_t len)
{
    size_t at = 0;
    int n = snprintf(buf, len, "%d %a;", f->started, f->started ? f->prev : 0.0);
    if (n < 0 || (size_t)n >= len)
        return 0;
    at = (size_t)n;
    for (size_t k = 0; k < f->cfg.n_rules; k++) {
        const struct rule_state *st = &f->st[k];
        /* a holdoff no event still to come can start under no longer matters */
        uint64_t from = f->started ? open_from(&f->cfg.rule[k], st, f->next) : 0;
        uint64_t hold = f->started && st->holdoff_until > from ? st->holdoff_until : 0;
        switch (f->cfg.rule[k].kind) {
        case PS_RULE_GLITCH:
        case PS_RULE_PULSE:
        case PS_RULE_DROPOUT:
            n = st->side ? snprintf(buf + at, len - at, "%d %" PRIu64 " %a %d %" PRIu64 ";",
                                    st->side, st->since, st->peak, st->active, hold)
                         : snprintf(buf + at, len - at, "0 %" PRIu64 ";", hold);
            break;
        case PS_RULE_RUNT:
            n = st->in_mid ? snprintf(buf + at, len - at, "%d m %" PRIu64 " %a %" PRIu64 ";",
                                      st->region, st->start, st->peak, hold)
                           : snprintf(buf + at, len - at, "%d %" PRIu64 ";", st->region, hold);
            break;
        default:
            n = st->active ? snprintf(buf + at, len - at, "a %" PRIu64 " %a %" PRIu64 ";",
                                      st->start, st->peak, hold)
                           : snprintf(buf + at, len - at, "- %" PRIu64 ";", hold);
        }
        if (n < 0 || (size_t)n >= len - at)
            return 0;
        at += (size_t)n;
    }
    return at;
}
