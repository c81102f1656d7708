/* The capture command's recording sets (capture_set.c) and the alignment both it and
 * `picostream align` run. */
#ifndef PICOSTREAM_CLI_CAPTURE_SET_H
#define PICOSTREAM_CLI_CAPTURE_SET_H

#include <stdbool.h>

#include "picostream/capture.h"
#include "picostream/collection.h"

struct cli_set_args {
    const char *kind[PS_SET_MAX_DEVICES]; /* -d, in order: device 1, 2, … */
    unsigned n_kind;
    const char *chan[64]; /* -c texts, DEV:CH… when there are several devices */
    unsigned n_chan;
    const char *sim[PS_SET_MAX_DEVICES]; /* --sim texts: DEV:SPEC, or SPEC for every device */
    unsigned n_sim;
    const char *align_on; /* "1:D,2:H" or NULL */
    double align_lag_s;
};

/* Records every device of a into base->name's set; the exit code. */
int cli_capture_set(const struct cli_set_args *a, const ps_capture_config *base, bool quiet);

/* "1:D,2:H" → devices (1-based) and channels; -1 after printing the reason. */
int cli_align_parse(const char *cmd, const char *on, unsigned n, unsigned dev[2], char ch[2][16]);

/* Measures and writes the alignment; prints the result; the exit code. */
int cli_align_run(const char *cmd, const char *set, ps_collection *col, unsigned dev[2],
                  char ch[2][16], double lag_s);

#endif
