/* The event rule options (--above … --holdoff), declared once for every command that finds
 * events. */
#ifndef PICOSTREAM_EVENT_RULES_H
#define PICOSTREAM_EVENT_RULES_H

#include "options.h"
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

#define EVENT_RULE_COUNT (O_HOLDOFF - O_ABOVE + 1)

/* The options' names, values and help, option k having the code O_ABOVE + k. */
extern const struct cli_opt event_rule_opts[];

/* Whether getopt's o is one of these options. */
static inline int event_rule_is_option(int o)
{
    return o >= O_ABOVE && o <= O_HOLDOFF;
}

/* Applies option o with its argument to cfg (a rule, labelled, or a setting); 0, or -1 with
 * the message printed under cmd. */
int event_rule_option(const char *cmd, int o, const char *arg, ps_events_config *cfg);

/* The rules' labels with their levels in the channel's unit ("above 500 degC"; volts: "V"). */
void event_rules_unit(ps_events_config *cfg, const char *unit);


#endif
