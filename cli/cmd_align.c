/* picostream align: a recording set's devices against each other — the offsets and drifts its
 * collection holds, and measuring them again from a common reference signal. */
#include <stdio.h>

#include "capture_set.h"
#include "cli.h"
#include "options.h"

int cmd_align(int argc, char **argv)
{
    const char *on = NULL;
    double lag = 0.01;
    bool rehash = false;
    const struct cli_opt opts[] = {
        {"on", 0, OPT_TEXT, &on, 0, 0, "DEV:CH,DEV:CH",
         "measure from these channels carrying one reference signal,\nas in 1:D,2:H, and write "
         "the result into the collection"},
        {"lag", 0, OPT_TIME, &lag, 1e-9, 1e3, "TIME",
         "how far apart the reference may be beyond the host's view\nof the starts (default 10ms)"},
        {"rehash", 0, OPT_FLAG, &rehash, 0, 0, NULL,
         "write the members' SHA-512 again (after a capture that was\nkilled: its metas moved on)"},
    };
    const struct cli_cmd cmd = {
        "align", "SET", 1,
        "Prints each device of a recording set (SET.sigmf-collection): its start, its offset\n"
        "and clock drift against device 1 with their uncertainties, and whether they were\n"
        "measured. --on measures them from a common reference signal: the bounded-lag\n"
        "cross-correlation's peak in windows along the whole run, a line through them.",
        "picostream align bench --on 1:D,2:H", 0, opts, sizeof opts / sizeof *opts};
    struct common_args a = {0};
    int first, p = cli_parse(&cmd, &a, argc, argv, &first);
    if (p != 0)
        return p > 0 ? EXIT_OK : EXIT_USAGE;
    ps_collection col;
    ps_error err = {0};
    if ((rehash ? ps_collection_read_unverified : ps_collection_read)(argv[first], &col, &err) !=
        PS_OK) {
        cli_error("align", "%s", ps_error_text(&err));
        return EXIT_FAIL;
    }
    if (rehash && !on && ps_collection_write(argv[first], &col, &err) != PS_OK) {
        cli_error("align", "%s", ps_error_text(&err));
        return EXIT_FAIL;
    }
    if (on) {
        unsigned dev[2];
        char ch[2][16];
        if (cli_align_parse("align", on, col.n, dev, ch) != 0)
            return EXIT_USAGE;
        int code = cli_align_run("align", argv[first], &col, dev, ch, lag);
        if (code != EXIT_OK)
            return code;
    }
    printf("device,name,hardware,start_unix,offset_s,offset_uncertainty_s,drift_ppm,"
           "drift_uncertainty_ppm,measured\n");
    for (unsigned k = 0; k < col.n; k++) {
        const ps_set_member *m = &col.m[k];
        printf("%u,%s,%s,%.6f,%.12g,%.3g,%.9g,%.3g,%s\n", k + 1, m->name, m->device, m->start_unix,
               m->offset_s, m->offset_uncertainty_s, m->drift_ppm, m->drift_uncertainty_ppm,
               m->measured ? "yes" : "no (host clock)");
    }
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
}
