/* The event rule options (--above … --holdoff), declared once for every command that finds
 * events. */
#ifndef PICOSTREAM_EVENT_RULES_H
#define PICOSTREAM_EVENT_RULES_H

#include <getopt.h>

#include "picostream/events.h"

enum {
    O_ABOVE = 400,
    O_BELOW,
    O_WINDOW,
    O_GLITCH,
    O_PULSE,
    O_RUNT,
    O_DROPOUT,
    O_SLEW,
    O_HYST,
    O_LEVEL,
    O_HOLDOFF
};

#define EVENT_RULE_OPTIONS                                                                     \
    {"above", required_argument, 0, O_ABOVE}, {"below", required_argument, 0, O_BELOW},        \
        {"window", required_argument, 0, O_WINDOW},                                            \
        {"glitch", required_argument, 0, O_GLITCH}, {"pulse", required_argument, 0, O_PULSE},  \
        {"runt", required_argument, 0, O_RUNT}, {"dropout", required_argument, 0, O_DROPOUT},  \
        {"slew", required_argument, 0, O_SLEW}, {"hysteresis", required_argument, 0, O_HYST},  \
        {"level", required_argument, 0, O_LEVEL}, {"holdoff", required_argument, 0, O_HOLDOFF}

/* Whether getopt's o is one of these options. */
static inline int event_rule_is_option(int o)
{
    return o >= O_ABOVE && o <= O_HOLDOFF;
}

/* Applies option o with its argument to cfg (a rule, labelled, or a setting); 0, or -1 with
 * the message printed under cmd. */
int event_rule_option(const char *cmd, int o, const char *arg, ps_events_config *cfg);

/* The rules' lines for --help. */
extern const char event_rules_help[];

#endif
