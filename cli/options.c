/* The option table's parser and help. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "event_rules.h"
#include "options.h"

#define MAX_OPTS 64

enum { O_CHANNEL = 'c', O_FROM = 300, O_TO, O_QUIET, O_OVERWRITE, O_HELP = 'h', O_TABLE = 500 };

void cli_each_option(const struct cli_cmd *c, cli_option_fn fn, void *arg)
{
    if (c->common & CLI_CHANNELS)
        fn(arg, c->common & CLI_ONE_CHANNEL ? "-c, --channel" : "-c, --channel",
           c->common & CLI_ONE_CHANNEL ? "A" : "A[,B]",
           c->common & CLI_ONE_CHANNEL ? "the channel (one; a recording's only one by default)"
                                       : "channels (all by default)");
    if (c->common & CLI_SPAN)
        fn(arg, "--from T, --to", "T", "the selection: samples (a bare number) or device time");
    for (size_t i = 0; i < c->n_opts; i++) {
        const struct cli_opt *o = &c->opts[i];
        char nm[48];
        if (o->kind == OPT_RULES) {
            for (size_t k = 0; k < EVENT_RULE_COUNT; k++) {
                snprintf(nm, sizeof nm, "--%s", event_rule_opts[k].name);
                fn(arg, nm, event_rule_opts[k].value, event_rule_opts[k].help);
            }
            continue;
        }
        if (o->letter)
            snprintf(nm, sizeof nm, "-%c, --%s", o->letter, o->name);
        else
            snprintf(nm, sizeof nm, "--%s", o->name);
        fn(arg, nm, o->value, o->help);
    }
    if (c->common & CLI_OVERWRITE)
        fn(arg, "--overwrite", NULL, "replace an existing output (never an input)");
    if (c->common & CLI_QUIET)
        fn(arg, "--quiet", NULL, "no progress or summary on stderr");
    fn(arg, "-h, --help", NULL, "this text");
}

static void help_line(void *arg, const char *names, const char *value, const char *help)
{
    (void)arg;
    char left[64];
    snprintf(left, sizeof left, "%s%s%s", names, value ? " " : "", value ? value : "");
    printf("  %-26s ", left);
    for (const char *h = help; *h; h++) /* continuation lines under the first */
        if (*h == '\n')
            printf("\n  %-26s ", "");
        else
            putchar(*h);
    putchar('\n');
}

static void print_help(const struct cli_cmd *c)
{
    printf("usage: picostream %s%s%s [options]\n\n%s\n\noptions:\n", c->name, c->args[0] ? " " : "",
           c->args, c->about);
    cli_each_option(c, help_line, NULL);
    if (c->example)
        printf("\nexample: %s\n", c->example);
}

static int choice(const char *cmd, const struct cli_opt *o, const char *arg)
{
    const char *s = o->value;
    size_t len = strlen(arg);
    for (int i = 0; *s; i++) {
        size_t n = strcspn(s, "|");
        if (n == len && strncmp(s, arg, n) == 0) {
            *(int *)o->dest = i;
            return 0;
        }
        s += n + (s[n] == '|');
    }
    char list[128];
    snprintf(list, sizeof list, "%s", o->value);
    for (char *p = list; *p; p++)
        if (*p == '|')
            *p = ',';
    char pretty[160] = "";
    for (char *t = strtok(list, ","); t; t = strtok(NULL, ","))
        snprintf(pretty + strlen(pretty), sizeof pretty - strlen(pretty), "%s%s",
                 pretty[0] ? ", " : "", t);
    cli_error(cmd, "--%s '%s' (%s)", o->name, arg, pretty);
    return -1;
}

/* A count limit from the table's double: 2^63 and above stand for UINT64_MAX / 2. */
static uint64_t count_limit(double v)
{
    return v >= 0x1p63 ? UINT64_MAX / 2 : (uint64_t)v;
}

static int store(const char *cmd, const struct cli_opt *o, const char *arg)
{
    char opt[48];
    snprintf(opt, sizeof opt, "--%s", o->name);
    switch (o->kind) {
    case OPT_FLAG: *(bool *)o->dest = true; return 0;
    case OPT_TEXT: *(const char **)o->dest = arg; return 0;
    case OPT_COUNT:
        return opt_count(cmd, opt, arg, count_limit(o->lo), count_limit(o->hi), o->dest);
    case OPT_SIZE:
        return opt_size(cmd, opt, arg, count_limit(o->lo), count_limit(o->hi), o->dest);
    case OPT_REAL: return opt_real(cmd, opt, arg, o->lo, o->hi, o->dest);
    case OPT_VOLTS: return opt_volts(cmd, opt, arg, o->lo, o->hi, o->dest);
    case OPT_TIME: return opt_time(cmd, opt, arg, o->lo, o->hi, o->dest);
    case OPT_RATE: return opt_rate(cmd, opt, arg, o->lo, o->hi, o->dest);
    case OPT_CHOICE: return choice(cmd, o, arg);
    case OPT_CALL: {
        const struct cli_call *call = o->dest;
        return call->parse(call->ctx, arg);
    }
    case OPT_RULES: return -1;
    }
    return -1;
}

int cli_parse(const struct cli_cmd *c, struct common_args *a, int argc, char **argv, int *first)
{
    struct option longs[MAX_OPTS + 24];
    char shorts[2 * MAX_OPTS + 8] = "h";
    size_t n = 0;
    const ps_events_config *rules_dest = NULL;
    a->cmd = c->name;
    if (c->common & CLI_CHANNELS) {
        longs[n++] = (struct option){"channel", required_argument, 0, O_CHANNEL};
        strcat(shorts, "c:");
    }
    if (c->common & CLI_SPAN) {
        longs[n++] = (struct option){"from", required_argument, 0, O_FROM};
        longs[n++] = (struct option){"to", required_argument, 0, O_TO};
    }
    if (c->common & CLI_QUIET)
        longs[n++] = (struct option){"quiet", no_argument, 0, O_QUIET};
    if (c->common & CLI_OVERWRITE)
        longs[n++] = (struct option){"overwrite", no_argument, 0, O_OVERWRITE};
    longs[n++] = (struct option){"help", no_argument, 0, O_HELP};
    for (size_t i = 0; i < c->n_opts && i < MAX_OPTS; i++) {
        const struct cli_opt *o = &c->opts[i];
        if (o->kind == OPT_RULES) {
            for (size_t k = 0; k < EVENT_RULE_COUNT; k++)
                longs[n++] = (struct option){event_rule_opts[k].name, required_argument, 0,
                                             O_ABOVE + (int)k};
            rules_dest = o->dest;
            continue;
        }
        longs[n++] = (struct option){o->name, o->kind == OPT_FLAG ? no_argument
                                                                  : required_argument,
                                     0, o->letter ? o->letter : O_TABLE + (int)i};
        if (o->letter) {
            size_t l = strlen(shorts);
            shorts[l] = o->letter;
            shorts[l + 1] = o->kind == OPT_FLAG ? '\0' : ':';
            shorts[l + 2] = '\0';
        }
    }
    longs[n] = (struct option){0, 0, 0, 0};
    int o;
    bool have_output = false;
    optind = 1;
    if (argc == 2 && strcmp(argv[1], "--man") == 0) { /* the build's man page, from this table */
        cli_print_man(c);
        return 1;
    }
    while ((o = cli_getopt(c->name, argc, argv, shorts, longs)) != -1) {
        if (o == '?')
            return -1;
        if (o == O_HELP) {
            print_help(c);
            return 1;
        }
        if (event_rule_is_option(o) && rules_dest) {
            if (event_rule_option(c->name, o, optarg, (ps_events_config *)rules_dest) < 0)
                return -1;
            continue;
        }
        switch (o) {
        case O_CHANNEL: /* a command with its own -c (capture) has no CLI_CHANNELS */
            if (!(c->common & CLI_CHANNELS))
                break;
            if (args_add_channels(a, optarg) < 0)
                return -1;
            continue;
        case O_FROM: a->from = optarg; continue;
        case O_TO: a->to = optarg; continue;
        case O_QUIET: a->quiet = true; continue;
        case O_OVERWRITE: a->rules.overwrite = true; continue;
        default: break;
        }
        const struct cli_opt *opt = NULL;
        for (size_t i = 0; i < c->n_opts && !opt; i++)
            if (o == (c->opts[i].letter ? c->opts[i].letter : O_TABLE + (int)i))
                opt = &c->opts[i];
        if (!opt || store(c->name, opt, optarg) < 0)
            return -1;
        have_output |= opt->letter == 'o';
    }
    if (c->n_args == 0 && optind < argc) {
        cli_error(c->name, "unexpected argument '%s'", argv[optind]);
        return -1;
    }
    if (c->n_args == CLI_ARGS_SOME ? argc - optind < 1 : (unsigned)(argc - optind) != c->n_args) {
        cli_error(c->name, "expected %s (picostream %s --help)",
                  c->n_args == 1 ? "one recording NAME" : c->args, c->name);
        return -1;
    }
    for (size_t i = 0; (c->common & CLI_OUTPUT) && !have_output && i < c->n_opts; i++)
        if (c->opts[i].letter == 'o') {
            cli_error(c->name, "missing -o %s (picostream %s --help)", c->opts[i].value, c->name);
            return -1;
        }
    a->one_channel = c->common & CLI_ONE_CHANNEL;
    if ((c->common & CLI_ONE_CHANNEL) && a->n_channels > 1) {
        cli_error(c->name, "give one channel: -c A (picostream %s --help)", c->name);
        return -1;
    }
    *first = optind;
    return 0;
}
