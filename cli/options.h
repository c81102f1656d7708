/* A command's options, declared once in a table: name, kind, where the value goes, limits and
 * help. One parser fills them, checks numbers against their limits with one message style,
 * adds the options every analysis command shares, and prints --help from the same table. */
#ifndef PICOSTREAM_OPTIONS_H
#define PICOSTREAM_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis_args.h"
#include "picostream/events.h"

enum opt_kind {
    OPT_FLAG,   /* bool *: set */
    OPT_TEXT,   /* const char **: kept as given (checked later, e.g. against the recording) */
    OPT_COUNT,  /* uint64_t *: a whole number in lo…hi (hi ≥ 2^63: 2^63 − 1, as double cannot) */
    OPT_SIZE,   /* uint64_t *: bytes, 4G, 500MB, in lo…hi (as OPT_COUNT) */
    OPT_REAL,   /* double *: a number in lo…hi */
    OPT_VOLTS,  /* double *: 1.5, 500mV, in lo…hi */
    OPT_TIME,   /* double *: seconds, 10ms, in lo…hi */
    OPT_RATE,   /* double *: Hz, 10k, 1MS/s, in lo…hi */
    OPT_CHOICE, /* int *: the index of the value in choices ("a|b|c") */
    OPT_RULES,  /* ps_events_config *: the event rule options (--above … --holdoff), all of them */
    OPT_CALL    /* struct cli_call *: a value with a grammar of its own; may repeat */
};

struct cli_call {
    int (*parse)(void *ctx, const char *value); /* 0, or -1 with the message printed */
    void *ctx;
};

struct cli_opt {
    const char *name; /* long name without "--" */
    char letter;      /* short option, or 0 */
    enum opt_kind kind;
    void *dest;
    double lo, hi;     /* limits of numbers */
    const char *value; /* what the value looks like in help (OPT_CHOICE: the choices a|b) */
    const char *help;  /* may run over lines ("\n") */
};

/* Options every command of a group takes, added by the parser. */
enum {
    CLI_CHANNELS = 1,    /* -c A,B */
    CLI_SPAN = 2,        /* --from T, --to T */
    CLI_SELECT = 3,      /* both */
    CLI_ONE_CHANNEL = 4, /* -c A: exactly one (with CLI_CHANNELS) */
    CLI_QUIET = 8,       /* --quiet */
    CLI_OVERWRITE = 16,  /* --overwrite */
    CLI_OUTPUT = 32      /* the table's -o must be given */
};

#define CLI_ARGS_SOME 0xffffu

struct cli_cmd {
    const char *name;
    const char *args;    /* the positional arguments in the usage line: "NAME" */
    unsigned n_args;     /* how many there must be; CLI_ARGS_SOME: one or more */
    const char *about;   /* what it does, wrapped lines */
    const char *example;
    unsigned common;     /* CLI_* */
    const struct cli_opt *opts;
    size_t n_opts;
};

/* Calls fn for every option the command takes, in --help's order: its names ("-o, --output"),
 * what its value looks like (NULL for a flag) and its help (lines split by "\n"). */
typedef void (*cli_option_fn)(void *arg, const char *names, const char *value, const char *help);
void cli_each_option(const struct cli_cmd *c, cli_option_fn fn, void *arg);

/* The command's man page (roff, section 1) on stdout, from the same table as --help. */
void cli_print_man(const struct cli_cmd *c);

/* Parses argv (argv[0] the command) by the table into the destinations and a. Returns 0 with
 * *first the index of the first positional argument; 1 after printing --help (exit 0); -1
 * after printing what is wrong (exit 2). */
int cli_parse(const struct cli_cmd *c, struct common_args *a, int argc, char **argv,
              int *first);

#endif
