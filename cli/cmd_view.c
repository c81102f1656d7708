/* picostream view: serves the recordings' browser viewer until Ctrl-C. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analysis_args.h"
#include "cli.h"
#include "options.h"
#include "picostream/overview.h"
#include "picostream/sigmf.h"
#include "picostream/view.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    stop = sig;
}

/* A recording without a usable overview (none, interrupted, or stale) gets one first, once,
 * out of core; where its folder cannot be written, in a temporary folder (*at, removed after). */
static int ensure_overview(const char *name, bool quiet, char *at, size_t at_len)
{
    at[0] = '\0';
    ps_reader *r;
    ps_error err = {0}, why = {0};
    if (ps_reader_open(&r, name, &err) != PS_OK) {
        cli_error("view", "%s", ps_error_text(&err));
        return -1;
    }
    ps_status st = PS_OK;
    if (ps_overview_check(r, NULL, &why) != PS_OK && !ps_sigmf_being_captured(name)) {
        if (!quiet)
            fprintf(stderr, "picostream view: building %s.picostream-overview (%s)\n",
                    ps_reader_name(r), ps_error_text(&why));
        st = ps_overview_build(r, NULL, NULL, &err);
        char dir[64] = "/tmp/picostream-view.XXXXXX";
        if (st == PS_ERR_IO && mkdtemp(dir)) { /* read-only storage: the overview elsewhere */
            snprintf(at, at_len, "%s/overview", dir);
            if (!quiet)
                fprintf(stderr, "picostream view: %s; building it in %s instead\n",
                        ps_error_text(&err), dir);
            st = ps_overview_build_as(r, at, NULL, NULL, &err);
        }
    }
    ps_reader_close(r);
    if (st != PS_OK) {
        cli_error("view", "%s", ps_error_text(&err));
        return -1;
    }
    return 0;
}

/* Removes an overview ensure_overview built in a temporary folder, and the folder. */
static void remove_temporary(const char *at)
{
    if (!at[0])
        return;
    ps_overview_remove(at);
    char dir[4200];
    snprintf(dir, sizeof dir, "%s", at);
    *strrchr(dir, '/') = '\0';
    rmdir(dir);
}

int cmd_view(int argc, char **argv)
{
    const char *listen = "127.0.0.1:8080", *token = NULL;
    bool print_port = false;
    const struct cli_opt opts[] = {
        {"listen", 0, OPT_TEXT, &listen, 0, 0, "[ADDR:]PORT",
         "where to serve (127.0.0.1:8080; port 0: any free one); an\naddress beyond this "
         "machine needs a token"},
        {"token", 0, OPT_TEXT, &token, 0, 0, "TOKEN",
         "required by every request (?token=… or Authorization: Bearer);\ngenerated and "
         "printed with the URL when listening beyond 127.0.0.1"},
        {"print-port", 0, OPT_FLAG, &print_port, 0, 0, NULL, "print the port on stdout once serving"},
    };
    const struct cli_cmd cmd = {
        "view", "NAME…", CLI_ARGS_SOME,
        "Serves a page to browse the recordings in a browser: the whole recording per channel,\n"
        "drag to pan, wheel to zoom down to single samples, gaps shaded, annotations marked and\n"
        "listed, the Welch PSD of the window, the window as CSV. Endpoints for scripts:\n"
        "/api/recordings, /api/window?rec=&from=&to=&width=, /api/psd?rec=&ch=&from=&to=\n"
        "&nperseg=, /api/csv?rec=&from=&to= (see README). Builds a missing overview first.\n"
        "Ctrl-C stops.",
        "picostream view run1 run2 --listen 127.0.0.1:8080", CLI_QUIET, opts,
        sizeof opts / sizeof *opts};
    struct common_args a = {0};
    int first, p = cli_parse(&cmd, &a, argc, argv, &first);
    if (p != 0)
        return p > 0 ? EXIT_OK : EXIT_USAGE;
    char addr[64], generated[33];
    unsigned port;
    if (cli_listen("view", listen, addr, sizeof addr, &port) < 0)
        return EXIT_USAGE;
    if (cli_listen_token("view", addr, &token, generated) < 0)
        return EXIT_FAIL;
    int n = argc - first, rc = EXIT_OK;
    char(*at)[256] = calloc((size_t)n, sizeof *at);
    const char **overviews = calloc((size_t)n, sizeof *overviews);
    if (!at || !overviews) {
        free(at);
        free(overviews);
        cli_error("view", "out of memory");
        return EXIT_FAIL;
    }
    for (int i = 0; i < n && rc == EXIT_OK; i++) {
        if (ensure_overview(argv[first + i], a.quiet, at[i], sizeof at[i]) < 0)
            rc = EXIT_FAIL;
        overviews[i] = at[i][0] ? at[i] : NULL;
    }
    ps_view_config cfg = {(const char *const *)(argv + first), (size_t)n, addr, port, token, 0,
                          NULL, NULL, false, overviews};
    ps_view *v = NULL;
    ps_error err = {0};
    ps_status st = rc == EXIT_OK ? ps_view_start(&v, &cfg, &err) : PS_OK;
    if (st != PS_OK) {
        cli_error("view", "%s", ps_error_text(&err));
        rc = cli_exit_code(st);
    }
    if (rc != EXIT_OK) {
        for (int i = 0; i < n; i++)
            remove_temporary(at[i]);
        free(at);
        free(overviews);
        return rc;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    if (print_port) {
        printf("%u\n", ps_view_port(v));
        fflush(stdout);
    }
    if (!a.quiet)
        fprintf(stderr, "picostream view: http://%s:%u/%s%s (Ctrl-C stops)\n", addr,
                ps_view_port(v), token ? "?token=" : "", token ? token : "");
    while (!stop) {
        struct timespec t = {0, 100000000};
        nanosleep(&t, NULL);
    }
    ps_view_stop(v);
    for (int i = 0; i < n; i++)
        remove_temporary(at[i]);
    free(at);
    free(overviews);
    return EXIT_OK;
}
