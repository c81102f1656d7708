/* picostream capture with several -d: a recording set (the library's ps_set), each device's
 * channels addressed N:CH…, its simulator spec N:SPEC, and --align-on measured at the end. */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "capture_set.h"
#include "cli.h"
#include "picostream/capture.h"
#include "picostream/collection.h"
#include "picostream/config.h"
#include "picostream/device.h"

static volatile sig_atomic_t set_signal;

static void on_set_signal(int sig)
{
    set_signal = sig;
}

/* "3:A:2V" → device 3 (1-based) and "A:2V"; 0 when the text has no N: prefix. */
static unsigned device_of(const char *spec, const char **rest)
{
    char *end;
    unsigned long d = strtoul(spec, &end, 10);
    if (end == spec || *end != ':' || d == 0 || d > PS_SET_MAX_DEVICES || spec[0] == '-')
        return 0;
    *rest = end + 1;
    return (unsigned)d;
}

int cli_align_parse(const char *cmd, const char *on, unsigned n, unsigned dev[2], char ch[2][16])
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s", on);
    char *comma = strchr(buf, ',');
    char *parts[2] = {buf, comma ? comma + 1 : NULL};
    if (comma)
        *comma = '\0';
    for (int i = 0; i < 2; i++) {
        const char *rest;
        dev[i] = parts[i] ? device_of(parts[i], &rest) : 0;
        if (!dev[i] || dev[i] > n || !rest[0] || strlen(rest) >= 16 || strchr(rest, ',')) {
            cli_error(cmd, "--align-on '%s': expected DEV:CH,DEV:CH with devices 1…%u, as in "
                      "1:D,2:H", on, n);
            return -1;
        }
        snprintf(ch[i], 16, "%s", rest);
    }
    if (dev[0] == dev[1]) {
        cli_error(cmd, "--align-on '%s': two different devices", on);
        return -1;
    }
    return 0;
}

int cli_align_run(const char *cmd, const char *set, ps_collection *col, unsigned dev[2],
                  char ch[2][16], double lag_s)
{
    ps_error err = {0};
    /* the search spans the host's uncertainty about both starts and the given lag */
    double host = col->m[dev[1] - 1].start_uncertainty_s + col->m[dev[0] - 1].start_uncertainty_s;
    ps_status st = ps_collection_align(set, col, dev[0] - 1, ch[0], dev[1] - 1, ch[1],
                                       lag_s + host, &err);
    if (st == PS_OK) {
        snprintf(col->align_on, sizeof col->align_on, "%u:%s,%u:%s", dev[0], ch[0], dev[1], ch[1]);
        st = ps_collection_write(set, col, &err);
    }
    if (st != PS_OK) {
        cli_error(cmd, "%s", ps_error_text(&err));
        return cli_exit_code(st);
    }
    const ps_set_member *m = &col->m[dev[1] - 1];
    printf("device %u against device %u: offset %.9g s ± %.3g s, drift %.6g ppm ± %.3g ppm\n",
           dev[1], dev[0], m->offset_s - col->m[dev[0] - 1].offset_s, m->offset_uncertainty_s,
           m->drift_ppm - col->m[dev[0] - 1].drift_ppm, m->drift_uncertainty_ppm);
    return EXIT_OK;
}

int cli_capture_set(const struct cli_set_args *a, const ps_capture_config *base, bool quiet)
{
    unsigned n = a->n_kind;
    ps_capture_config cfgs[PS_SET_MAX_DEVICES];
    const char *specs[PS_SET_MAX_DEVICES] = {0};
    for (unsigned k = 0; k < n; k++) {
        cfgs[k] = *base;
        memset(cfgs[k].device.channel, 0, sizeof cfgs[k].device.channel);
    }
    for (unsigned i = 0; i < a->n_chan; i++) {
        const char *rest;
        unsigned d = device_of(a->chan[i], &rest);
        if (!d || d > n) {
            cli_error("capture", "channel '%s': with %u devices give DEV:CH…, as in 1:A:2V or "
                      "%u:B:500mV (devices 1…%u)", a->chan[i], n, n, n);
            return EXIT_USAGE;
        }
        ps_error err = {0};
        if (ps_config_channel(&cfgs[d - 1].device, rest, &err) != PS_OK) {
            cli_error("capture", "device %u: %s", d, ps_error_text(&err));
            return EXIT_USAGE;
        }
    }
    /* a plain --sim goes to every device, a DEV:SPEC after it to that one (later wins) */
    static char joined[PS_SET_MAX_DEVICES][4096];
    for (unsigned k = 0; k < n; k++)
        joined[k][0] = '\0';
    for (int pass = 0; pass < 2; pass++)
        for (unsigned i = 0; i < a->n_sim; i++) {
            const char *rest;
            unsigned d = device_of(a->sim[i], &rest);
            if (d > n) {
                cli_error("capture", "--sim '%s': no device %u (1…%u)", a->sim[i], d, n);
                return EXIT_USAGE;
            }
            if ((pass == 0) != (d == 0))
                continue;
            for (unsigned k = 0; k < n; k++)
                if (!d || d == k + 1) {
                    size_t at = strlen(joined[k]);
                    snprintf(joined[k] + at, sizeof joined[k] - at, "%s%s", at ? ";" : "",
                             d ? rest : a->sim[i]);
                    specs[k] = joined[k];
                }
        }
    unsigned dev[2] = {0, 0};
    char ch[2][16];
    if (a->align_on && cli_align_parse("capture", a->align_on, n, dev, ch) != 0)
        return EXIT_USAGE;
    for (unsigned k = 0; k < n; k++) {
        bool any = false;
        for (unsigned c = 0; c < PS_MAX_CHANNELS; c++)
            any |= cfgs[k].device.channel[c].enabled;
        if (!any) {
            cli_error("capture", "device %u (%s) has no channel: add -c %u:A:2V", k + 1,
                      a->kind[k], k + 1);
            return EXIT_USAGE;
        }
    }
    ps_device *devs[PS_SET_MAX_DEVICES] = {0};
    ps_error err = {0};
    ps_status st = PS_OK;
    unsigned opened = 0;
    for (; opened < n && st == PS_OK; opened++)
        if ((st = ps_device_open_sim(&devs[opened], a->kind[opened], NULL, specs[opened], &err)) !=
            PS_OK) {
            cli_error("capture", "device %u (%s): %s", opened + 1, a->kind[opened],
                      ps_error_text(&err));
            break;
        }
    ps_set *set = NULL;
    if (st == PS_OK && (st = ps_set_start(&set, base->name, devs, cfgs, n, &err)) != PS_OK)
        cli_error("capture", "%s", ps_error_text(&err));
    if (st != PS_OK) {
        for (unsigned k = 0; k < n; k++)
            ps_device_close(devs[k]);
        return st == PS_ERR_ARG ? EXIT_USAGE : EXIT_FAIL;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_set_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGHUP, SIG_IGN);
    if (!quiet)
        fprintf(stderr, "picostream capture: %u devices → %s.sigmf-collection\n", n, base->name);
    double next_line = 1.0;
    while (!ps_set_done(set)) {
        if (set_signal) {
            ps_set_request_stop(set);
            break;
        }
        struct timespec ts = {0, 20000000};
        nanosleep(&ts, NULL);
        ps_capture_stats s;
        ps_capture_get_stats(ps_set_capture(set, 0), &s);
        if (!quiet && s.elapsed_s >= next_line) {
            next_line += 1.0;
            fprintf(stderr, "  %7.1f s", s.elapsed_s);
            for (unsigned k = 0; k < n; k++) {
                ps_capture_get_stats(ps_set_capture(set, k), &s);
                fprintf(stderr, "  %u: %llu samples, lost %llu%s", k + 1,
                        (unsigned long long)s.written, (unsigned long long)s.lost,
                        s.running ? "" : " (ended)");
            }
            fputc('\n', stderr);
        }
    }
    ps_status statuses[PS_SET_MAX_DEVICES];
    ps_error errs[PS_SET_MAX_DEVICES];
    ps_status fin = ps_set_finish(set, statuses, errs, &err);
    int code = EXIT_OK;
    bool any_device = false;
    for (unsigned k = 0; k < n; k++)
        any_device |= statuses[k] != PS_OK;
    if (fin != PS_OK && !any_device) { /* the collection itself could not be written */
        cli_error("capture", "%s", ps_error_text(&err));
        code = EXIT_FAIL;
    }
    for (unsigned k = 0; k < n; k++) {
        ps_capture_stats s;
        ps_capture_get_stats(ps_set_capture(set, k), &s);
        fprintf(stderr, "picostream capture: %s-%u: %llu samples, %llu lost in %llu gap%s%s%s\n",
                base->name, k + 1, (unsigned long long)s.written, (unsigned long long)s.lost,
                (unsigned long long)s.gaps, s.gaps == 1 ? "" : "s",
                statuses[k] != PS_OK ? ": " : "", statuses[k] != PS_OK ? errs[k].msg : "");
        if (statuses[k] != PS_OK)
            code = EXIT_FAIL;
    }
    ps_collection col = *ps_set_collection(set);
    ps_set_destroy(set);
    for (unsigned k = 0; k < n; k++)
        ps_device_close(devs[k]);
    if (a->align_on) {
        int c = cli_align_run("capture", base->name, &col, dev, ch, a->align_lag_s);
        if (c != EXIT_OK)
            return c == EXIT_USAGE ? EXIT_FAIL : c;
    }
    return code;
}
