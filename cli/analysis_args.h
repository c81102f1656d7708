/* Options every analysis command shares: channels, --from/--to, --quiet, progress. */
#ifndef PICOSTREAM_ANALYSIS_ARGS_H
#define PICOSTREAM_ANALYSIS_ARGS_H

#include <stdbool.h>
#include <stdint.h>

#include "picostream/partial.h"
#include "picostream/analysis.h"

struct common_args {
    const char *cmd;
    const char *channels[16];
    size_t n_channels;
    bool one_channel; /* the command takes one: without -c, a recording's only channel */
    const char *from, *to;
    bool quiet;
    ps_output_rules rules; /* --overwrite, and every input opened so far is protected */
    double started;
    double last_print;
};

/* "A", "A,B" (repeatable) into args->channels. Returns 0 or -1 (message printed). */
int args_add_channels(struct common_args *a, char *spec);

/* Channel indices for the names asked for (all channels when none); prints what is unknown. */
int args_resolve_channels(struct common_args *a, ps_reader *r, int *out, size_t *n);

/* The span from --from/--to: a bare number is samples, a number with a time unit is time. */
int args_span(struct common_args *a, ps_reader *r, ps_span *span);

/* Opens the recording, printing the error, and protects its files from the command's outputs. */
ps_reader *args_open(struct common_args *a, const char *name);

/* The channels and span a command works on. */
struct selection {
    int ch[16];
    size_t n_ch;
    ps_span span;
};

/* Opens NAME and resolves -c and --from/--to into sel; on failure prints why, sets *rc to the
 * exit code and returns NULL. */
ps_reader *args_prepare(struct common_args *a, const char *name, struct selection *sel, int *rc);

/* Ends a command: clears the progress line, prints the error if st failed, closes r and returns
 * the exit code. */
int args_finish(struct common_args *a, ps_reader *r, ps_status st, const ps_error *err);

/* A CSV output: NULL path is stdout (*o NULL); else a file under a.rules, written under a
 * temporary name. Returns the stream, or NULL after printing why and setting *rc to the exit
 * code (2 for a refused name, 1 for a file that cannot be written). */
FILE *args_csv_open(struct common_args *a, const char *path, ps_output **o, int *rc);
/* Ends a CSV output: commits it when st is PS_OK, else removes it. Returns the final status. */
ps_status args_csv_close(ps_output *o, ps_status st, ps_error *err);

/* Progress callback: a line on stderr once a second after the first second, unless quiet. */
/* The analyses' progress line (not with --quiet); returns non-zero to cancel once Ctrl-C came
 * (after args_catch_interrupt). */
int args_progress(void *arg, double fraction);
void args_catch_interrupt(void);
void args_progress_done(struct common_args *a);

/* The sample types of derived recordings, as an OPT_CHOICE, and the datatype of a choice. */
#define ARGS_DTYPES "f32|f64|rf32_le|rf64_le"
static inline const char *args_dtype(int choice)
{
    return choice & 1 ? "rf64_le" : "rf32_le";
}

/* Prints a double with full round-trip precision. */
void args_print_double(FILE *f, double v);

/* A partial's JSON (st: how making it went; json freed here) written to path, or the error
 * printed; the exit code. */
int args_write_partial(struct common_args *a, const char *path, ps_status st, char *json,
                       ps_error *err);

/* --partial PATH: the piece's partial result written there (picostream merge combines them);
 * the exit code. */
int args_partial(struct common_args *a, const char *path, ps_reader *r, ps_partial_kind kind,
                 const int *channels, size_t n_channels, ps_span piece,
                 const ps_partial_params *params);

#endif
