/* Event search over a recording: the rules a scope's advanced triggers offer, applied to the
 * whole recording after the fact, and written back as SigMF annotations. */
#ifndef PICOSTREAM_EVENTS_H
#define PICOSTREAM_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "picostream/analysis.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ps_rule_kind {
    PS_RULE_ABOVE,   /* x > a; ends below a − hysteresis */
    PS_RULE_BELOW,   /* x < a; ends above a + hysteresis */
    PS_RULE_WINDOW,  /* x leaves [a, b]; ends back inside by the hysteresis */
    PS_RULE_GLITCH,  /* a pulse (either polarity, about the level) narrower than t */
    PS_RULE_PULSE,   /* a pulse wider than t */
    PS_RULE_RUNT,    /* crosses a but not b (or b but not a) before going back */
    PS_RULE_DROPOUT, /* no crossing of the level for longer than t */
    PS_RULE_SLEW     /* |dx/dt| above a (V/s) */
} ps_rule_kind;

typedef struct ps_event_rule {
    ps_rule_kind kind;
    double a, b; /* volts (slew: V/s) */
    double t_s;  /* seconds, for glitch, pulse, dropout */
    char label[48];
} ps_event_rule;

#define PS_MAX_RULES 16

typedef struct ps_events_config {
    ps_event_rule rule[PS_MAX_RULES];
    size_t n_rules;
    double hysteresis_v; /* 0 */
    double level_v;      /* the crossing level of glitch, pulse and dropout: 0 V */
    double holdoff_s;    /* a rule ignores new events this long after its last one ended */
} ps_events_config;

typedef struct ps_event {
    uint64_t start, end; /* samples [start, end) of the recording */
    unsigned rule;       /* index into the config's rules */
    double peak_v;       /* the sample farthest in the rule's direction inside the event */
} ps_event;

/* Receives each event in start order; returns 0, or non-zero to stop. */
typedef int (*ps_event_fn)(void *arg, const ps_event *ev);

/* The rules as a streaming detector: create, feed blocks of samples in order, finish. No file
 * I/O: the same object runs over recordings, live capture data and arrays. One thread at a
 * time per finder. Events are handed to fn in start order as soon as none earlier can come. */
typedef struct ps_event_finder ps_event_finder;
/* cfg is copied; rate_hz turns the rules' times (t_s, slew, holdoff) into samples. */
PS_API ps_status ps_event_finder_create(ps_event_finder **out, const ps_events_config *cfg,
                                        double rate_hz, ps_error *err);
/* Feeds x[0 … n) as samples index … index + n − 1. A block that does not start where the
 * last one ended is after a gap: the finder finishes first (events open end at the gap) and
 * starts afresh. Fails with PS_ERR_IO if fn returns non-zero, PS_ERR_NOMEM if the events still
 * open outgrow memory. */
PS_API ps_status ps_event_finder_process(ps_event_finder *f, uint64_t index, const double *x,
                                         size_t n, ps_event_fn fn, void *arg, ps_error *err);
/* The end of the data (or of a gap-free stretch): level rules still active end here, a
 * dropout running long enough counts, every event is handed over; the next sample starts
 * afresh. */
PS_API ps_status ps_event_finder_finish(ps_event_finder *f, ps_event_fn fn, void *arg,
                                        ps_error *err);
PS_API void ps_event_finder_destroy(ps_event_finder *f); /* NULL is fine */
/* Hands over every event already ended, in start order, whether or not one that starts
 * earlier is still open (so out of start order with later calls); open ones stay open. For a
 * run cut short on purpose (a piece's overlap). */
PS_API ps_status ps_event_finder_drain(ps_event_finder *f, ps_event_fn fn, void *arg,
                                       ps_error *err);
/* The finder's state, as it bears on what it will find from the next sample on, as canonical
 * text into buf (len ≥ 64 per rule + 64): two finders with the same text find the same events
 * from here (expired holdoffs and what a rule no longer looks at are left out). Returns the
 * length, or 0 if buf is too short. */
PS_API size_t ps_event_finder_state(const ps_event_finder *f, char *buf, size_t len);

/* Finds the events of channel ch in span and hands them to fn in start order as soon as no
 * earlier one can still come; memory stays bounded by the events still open. *n the count. */
PS_API ps_status ps_find_events(ps_reader *r, int ch, ps_span span, const ps_events_config *cfg,
                                ps_event_fn fn, void *arg, uint64_t *n, ps_progress_fn progress,
                                void *parg, ps_error *err);

/* Writes the events into NAME's .sigmf-meta as annotations (core:sample_start, sample_count,
 * label, comment, generator "picostream events"), replacing those a previous run wrote and
 * keeping everything else; the meta is replaced atomically, the data file never touched. */
PS_API ps_status ps_annotate_events(const char *name, const ps_events_config *cfg,
                                    const ps_event *ev, size_t n, double rate_hz, ps_error *err);

#ifdef __cplusplus
}
#endif
#endif
