/* The event rule options, shared by every command that finds events (events, report). */
#include <stdio.h>
#include <string.h>

#include "analysis_args.h"
#include "cli.h"
#include "event_rules.h"
#include "options.h"

static int volts(const char *cmd, const char *opt, const char *s, double *v)
{
    if (units_parse_volts(s, v) == 0)
        return 0;
    cli_error(cmd, "--%s '%s' is not a voltage (1.5, 500mV)", opt, s);
    return -1;
}

static int pair(const char *cmd, const char *opt, const char *s, double *a, double *b)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s", s);
    char *colon = strchr(buf + 1, ':'); /* a leading '-' is a sign */
    if (!colon) {
        cli_error(cmd, "--%s '%s': expected LO:HI volts", opt, s);
        return -1;
    }
    *colon = '\0';
    if (volts(cmd, opt, buf, a) < 0 || volts(cmd, opt, colon + 1, b) < 0)
        return -1;
    if (!(*a < *b)) {
        cli_error(cmd, "--%s '%s': LO must be below HI", opt, s);
        return -1;
    }
    return 0;
}

/* "<100ns" or ">1ms" (the sign may be left out: glitch means <, pulse means >) */
static int duration(const char *cmd, const char *opt, const char *s, char want, double *t)
{
    if (*s == '<' || *s == '>') {
        if (*s != want) {
            cli_error(cmd, "--%s '%s': use '%c'", opt, s, want);
            return -1;
        }
        s++;
    }
    if (units_parse_time(s, t) == 0 && *t > 0 && *t <= 1e9)
        return 0;
    cli_error(cmd, "--%s '%s': a duration such as %c100ns (above 0, at most 1e9 s)", opt, s, want);
    return -1;
}

/* In the order of O_ABOVE … O_HOLDOFF: option k has the code O_ABOVE + k. */
const struct cli_opt event_rule_opts[EVENT_RULE_COUNT] = {
    {"above", 0, OPT_TEXT, NULL, 0, 0, "V", "event when the signal is above V"},
    {"below", 0, OPT_TEXT, NULL, 0, 0, "V", "event when the signal is below V"},
    {"window", 0, OPT_TEXT, NULL, 0, 0, "LO:HI", "event while it is outside the band"},
    {"glitch", 0, OPT_TEXT, NULL, 0, 0, "'<T'", "a pulse about --level narrower than T"},
    {"pulse", 0, OPT_TEXT, NULL, 0, 0, "'>T'", "a pulse about --level wider than T"},
    {"runt", 0, OPT_TEXT, NULL, 0, 0, "LO:HI", "crosses one threshold but not the other"},
    {"dropout", 0, OPT_TEXT, NULL, 0, 0, "T", "no crossing of --level for longer than T"},
    {"slew", 0, OPT_TEXT, NULL, 0, 0, "'>5V/us'", "faster than this rate of change"},
    {"hysteresis", 0, OPT_TEXT, NULL, 0, 0, "V", "how far back an event must go to end (0)"},
    {"level", 0, OPT_TEXT, NULL, 0, 0, "V", "the crossing level of pulses (0 V)"},
    {"holdoff", 0, OPT_TEXT, NULL, 0, 0, "T", "a rule ignores new events for T after one"},
};

/* The rule as a label, its levels in unit u ("V", " degC", …). */
static void label(ps_event_rule *r, const char *u)
{
    switch (r->kind) {
    case PS_RULE_ABOVE: snprintf(r->label, sizeof r->label, "above %g%s", r->a, u); break;
    case PS_RULE_BELOW: snprintf(r->label, sizeof r->label, "below %g%s", r->a, u); break;
    case PS_RULE_WINDOW:
        snprintf(r->label, sizeof r->label, "window %g:%g%s", r->a, r->b, u);
        break;
    case PS_RULE_RUNT: snprintf(r->label, sizeof r->label, "runt %g:%g%s", r->a, r->b, u); break;
    case PS_RULE_GLITCH: snprintf(r->label, sizeof r->label, "glitch <%gs", r->t_s); break;
    case PS_RULE_PULSE: snprintf(r->label, sizeof r->label, "pulse >%gs", r->t_s); break;
    case PS_RULE_DROPOUT: snprintf(r->label, sizeof r->label, "dropout >%gs", r->t_s); break;
    case PS_RULE_SLEW: snprintf(r->label, sizeof r->label, "slew >%g%s/s", r->a, u); break;
    }
}

void event_rules_unit(ps_events_config *cfg, const char *unit)
{
    char u[16] = "V";
    if (unit && unit[0] && strcmp(unit, "volts") != 0)
        snprintf(u, sizeof u, " %s", unit);
    for (unsigned i = 0; i < cfg->n_rules; i++)
        label(&cfg->rule[i], u);
}

int event_rule_option(const char *cmd, int o, const char *arg, ps_events_config *cfg)
{
    ps_event_rule *r = &cfg->rule[cfg->n_rules];
    bool rule = o >= O_ABOVE && o <= O_SLEW;
    if (rule && cfg->n_rules == PS_MAX_RULES) {
        cli_error(cmd, "more than %d rules", PS_MAX_RULES);
        return -1;
    }
    int bad = 0;
    switch (o) {
    case O_ABOVE:
    case O_BELOW:
        r->kind = o == O_ABOVE ? PS_RULE_ABOVE : PS_RULE_BELOW;
        bad = volts(cmd, o == O_ABOVE ? "above" : "below", arg, &r->a);
        break;
    case O_WINDOW:
    case O_RUNT:
        r->kind = o == O_WINDOW ? PS_RULE_WINDOW : PS_RULE_RUNT;
        bad = pair(cmd, o == O_WINDOW ? "window" : "runt", arg, &r->a, &r->b);
        break;
    case O_GLITCH:
        r->kind = PS_RULE_GLITCH;
        bad = duration(cmd, "glitch", arg, '<', &r->t_s);
        break;
    case O_PULSE:
        r->kind = PS_RULE_PULSE;
        bad = duration(cmd, "pulse", arg, '>', &r->t_s);
        break;
    case O_DROPOUT:
        r->kind = PS_RULE_DROPOUT;
        bad = duration(cmd, "dropout", arg, '>', &r->t_s);
        break;
    case O_SLEW: {
        r->kind = PS_RULE_SLEW;
        const char *s = arg[0] == '>' ? arg + 1 : arg;
        char buf[64];
        snprintf(buf, sizeof buf, "%s", s);
        char *slash = strchr(buf, '/');
        double per = 1.0, v;
        if (slash) { /* V/us, V/ms, V/s: the time unit alone means one of it */
            *slash = '\0';
            char tbuf[40];
            snprintf(tbuf, sizeof tbuf, "%s%s", slash[1] >= '0' && slash[1] <= '9' ? "" : "1",
                     slash + 1);
            if (units_parse_time(tbuf, &per) < 0 || !(per > 0))
                bad = -1;
        }
        if (!bad && units_parse_volts(buf, &v) == 0 && v > 0)
            r->a = v / per;
        else {
            cli_error(cmd, "--slew '%s': a rate such as '>5V/us'", arg);
            bad = -1;
        }
        break;
    }
    case O_HYST: bad = opt_volts(cmd, "--hysteresis", arg, 0, 1e6, &cfg->hysteresis_v); break;
    case O_LEVEL: bad = volts(cmd, "level", arg, &cfg->level_v); break;
    case O_HOLDOFF: bad = opt_time(cmd, "--holdoff", arg, 0, 1e9, &cfg->holdoff_s); break;
    default: return -1;
    }
    if (bad)
        return -1;
    if (rule) {
        label(r, "V");
        cfg->n_rules++;
    }
    return 0;
}
