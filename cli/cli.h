/* What the CLI's files share: subcommands, unit parsing, exit codes. */
#ifndef PICOSTREAM_CLI_H
#define PICOSTREAM_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "picostream/status.h"

enum cli_exit { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2, EXIT_LOST = 3 };

int cmd_devices(int argc, char **argv);
int cmd_capture(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_overview(int argc, char **argv);
int cmd_view(int argc, char **argv);
int cmd_filter(int argc, char **argv);
int cmd_psd(int argc, char **argv);
int cmd_resample(int argc, char **argv);
int cmd_envelope(int argc, char **argv);
int cmd_xcorr(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_peaks(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_align(int argc, char **argv);

/* Prints "picostream CMD: message" on stderr. */
void cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* getopt_long that prints its own message for an unknown option or a missing value and then
 * returns '?'; the caller exits 2. */
struct option;
int cli_getopt(const char *cmd, int argc, char **argv, const char *shortopts,
               const struct option *longopts);
/* Maps a library status to the exit code (one table for every command). */
int cli_exit_code(ps_status st);

/* Units as people write them (src/common/units.h). */
#include "../src/common/units.h"
/* Options' numbers: each parses s, checks lo ≤ value ≤ hi, stores it and returns 0; otherwise
 * prints "picostream CMD: OPT 'S': why (limits)" and returns -1 (the caller exits 2). Counts and
 * sizes must be exact whole numbers; nothing is clamped, wrapped or rounded silently. */
int opt_count(const char *cmd, const char *opt, const char *s, uint64_t lo, uint64_t hi,
              uint64_t *out);
int opt_real(const char *cmd, const char *opt, const char *s, double lo, double hi, double *out);
int opt_volts(const char *cmd, const char *opt, const char *s, double lo, double hi, double *out);
int opt_time(const char *cmd, const char *opt, const char *s, double lo, double hi, double *out);
int opt_rate(const char *cmd, const char *opt, const char *s, double lo, double hi, double *out);
int opt_size(const char *cmd, const char *opt, const char *s, uint64_t lo, uint64_t hi,
             uint64_t *out);
/* A count of samples, or a time with a unit converted at rate (rounded to the nearest sample). */
int opt_samples(const char *cmd, const char *opt, const char *s, double rate, uint64_t lo,
                uint64_t hi, uint64_t *out);


/* [ADDR:]PORT (ADDR 127.0.0.1 when absent) for a server; -1 after printing why. */
int cli_listen(const char *cmd, const char *spec, char *addr, size_t addr_len, unsigned *port);
/* A server beyond this machine without a given *token gets a fresh random one (in out, *token
 * pointing at it); a local address or a given token are left as they are. -1 after printing
 * why none could be made. */
int cli_listen_token(const char *cmd, const char *addr, const char **token, char out[33]);

/* The status line, once a second while capturing. */
struct ps_capture_stats;
void progress_print(FILE *f, const struct ps_capture_stats *s, unsigned n_ch, bool final);

#endif
