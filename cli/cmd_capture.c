/* picostream capture: parse, open the device, run the session, print status and summary. */
#include <math.h>
#include <signal.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>

#include "capture_set.h"
#include "cli.h"
#include "options.h"
#include "picostream/capture.h"
#include "picostream/config.h"
#include "picostream/device.h"
#include "picostream/view.h"

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    stop_signal = sig;
}

/* -d, -c and --sim are kept as given: with several devices they are addressed DEV:…. */
static int add_kind(void *dest, const char *s)
{
    struct cli_set_args *a = dest;
    if (a->n_kind == PS_SET_MAX_DEVICES) {
        cli_error("capture", "more than %d devices (-d)", PS_SET_MAX_DEVICES);
        return -1;
    }
    a->kind[a->n_kind++] = s;
    return 0;
}

static int add_chan(void *dest, const char *s)
{
    struct cli_set_args *a = dest;
    if (a->n_chan == sizeof a->chan / sizeof *a->chan) {
        cli_error("capture", "more than %zu channels (-c)", sizeof a->chan / sizeof *a->chan);
        return -1;
    }
    a->chan[a->n_chan++] = s;
    return 0;
}

static int add_sim(void *dest, const char *s)
{
    struct cli_set_args *a = dest;
    if (a->n_sim == PS_SET_MAX_DEVICES) {
        cli_error("capture", "more than %d simulator specs (--sim)", PS_SET_MAX_DEVICES);
        return -1;
    }
    a->sim[a->n_sim++] = s;
    return 0;
}

/* The library's parsers (picostream/config.h) with the CLI's way of reporting. */
static int parse_channel(void *dest, const char *spec)
{
    ps_error err = {0};
    if (ps_config_channel(dest, spec, &err) == PS_OK)
        return 0;
    cli_error("capture", "%s", ps_error_text(&err));
    return -1;
}

static int parse_trigger(void *dest, const char *spec)
{
    ps_error err = {0};
    if (ps_config_trigger(dest, spec, &err) == PS_OK)
        return 0;
    cli_error("capture", "%s", ps_error_text(&err));
    return -1;
}

static int parse_downsample(void *dest, const char *spec)
{
    ps_error err = {0};
    if (ps_config_downsample(dest, spec, &err) == PS_OK)
        return 0;
    cli_error("capture", "%s", ps_error_text(&err));
    return -1;
}

/* --split 1h (a time: has a time unit) or 4G, 500MB (a size in bytes) */
static int parse_split(void *dest, const char *s)
{
    ps_capture_config *cfg = dest;
    size_t n = strlen(s);
    if (n > 0 && strchr("smhd", s[n - 1]) && !(n > 1 && s[n - 1] == 'B'))
        return opt_time("capture", "--split", s, 1e-3, 1e9, &cfg->split_s);
    return opt_size("capture", "--split", s, 4096, UINT64_MAX / 2, &cfg->split_bytes);
}

/* --sync TIME, none (only at the end) or interval (the default, 1 s) */
static int parse_sync(void *dest, const char *s)
{
    double *interval = dest;
    if (strcmp(s, "none") == 0)
        *interval = 0;
    else if (strcmp(s, "interval") == 0)
        *interval = 1.0;
    else
        return opt_time("capture", "--sync", s, 1e-3, 1e6, interval);
    return 0;
}

/* --bandwidth 20M, 200M or full */
static int parse_bandwidth(void *dest, const char *s)
{
    double *bw = dest;
    if (strcmp(s, "full") == 0) {
        *bw = 0;
        return 0;
    }
    if (opt_rate("capture", "--bandwidth", s, 1e6, 1e9, bw) < 0)
        return -1;
    if (*bw != 20e6 && *bw != 200e6) {
        cli_error("capture", "--bandwidth '%s': 20M, 200M or full", s);
        return -1;
    }
    return 0;
}

/* /api/status of capture --serve: the counters, disk speed and what the disk has left. */
struct live {
    ps_capture *cap;
    const char *dir;
    double rate;
    unsigned n_ch;
    pthread_mutex_t lock;
    double last_t;
    uint64_t last_bytes;
    double mbps;
};

static void live_status(void *arg, char *buf, size_t len)
{
    struct live *l = arg;
    ps_capture_stats s;
    pthread_mutex_lock(&l->lock);
    if (!l->cap) { /* the server is up before the capture, so a taken port costs no file */
        pthread_mutex_unlock(&l->lock);
        snprintf(buf, len, "{\"running\":false,\"starting\":true}");
        return;
    }
    ps_capture_get_stats(l->cap, &s);
    if (s.elapsed_s - l->last_t >= 0.5) {
        l->mbps = (double)(s.n_bytes - l->last_bytes) / 1e6 / (s.elapsed_s - l->last_t);
        l->last_t = s.elapsed_s;
        l->last_bytes = s.n_bytes;
    }
    double mbps = l->mbps;
    pthread_mutex_unlock(&l->lock);
    struct statvfs fs;
    double free_b = statvfs(l->dir, &fs) == 0 ? (double)fs.f_bavail * (double)fs.f_frsize : -1;
    double per_s = l->rate * l->n_ch * 2.0; /* bytes a second at most (int16) */
    snprintf(buf, len,
             "{\"elapsed_s\":%.3f,\"samples\":%llu,\"written\":%llu,\"lost\":%llu,"
             "\"gaps\":%llu,\"rate\":%.9g,\"ring_fill\":%.4f,\"mb\":%.3f,\"disk_mbps\":%.3f,"
             "\"free_mb\":%.1f,\"time_left_s\":%.0f,\"running\":%s,"
             "\"waiting_for_trigger\":%s}",
             s.elapsed_s, (unsigned long long)s.samples, (unsigned long long)s.written,
             (unsigned long long)s.lost, (unsigned long long)s.gaps, l->rate,
             s.ring_capacity ? (double)s.ring_fill / (double)s.ring_capacity : 0.0,
             (double)s.n_bytes / 1e6, mbps, free_b / 1e6, free_b > 0 ? free_b / per_s : 0.0,
             s.running ? "true" : "false", s.waiting_for_trigger ? "true" : "false");
}

int cmd_capture(int argc, char **argv)
{
    const char *kind = NULL, *driver = NULL, *sim = NULL, *serve = NULL, *token = NULL;
    bool quiet = false;
    ps_capture_config cfg;
    ps_capture_config_init(&cfg);
    double auto_s = 0, bandwidth = 0;
    uint64_t resolution = 0, ring = 0, mains = 0, driver_buffer = 0;
    struct cli_set_args multi = {.align_lag_s = 0.01};
    struct cli_call channel = {add_chan, &multi}, bw = {parse_bandwidth, &bandwidth},
                    kinds = {add_kind, &multi}, sims = {add_sim, &multi},
                    trigger = {parse_trigger, &cfg.device.trigger},
                    sync = {parse_sync, &cfg.sync_interval_s}, split = {parse_split, &cfg},
                    downsample = {parse_downsample, &cfg.device};
    const struct cli_opt opts[] = {
        {"device", 'd', OPT_CALL, &kinds, 0, 0, "KIND",
         "sim or sim:ps5000a (the built-in PicoScope 5444D simulator),\nsim:ps2000a (2206B), "
         "sim:ps3000a (3406D), sim:ps4000a (4824;\n--sim model=4444 for the 4444), sim:ps6000a "
         "(6824E), sim:psospa\n(3418E), sim:unlimited (the 5444D with no streaming cap, for\n"
         "benchmarks); the vendor's ps2000a, ps3000a, ps4000a, ps5000a,\nps6000a or psospa; "
         "the PicoLog loggers pl1000 (1012/1216),\npicohrdl (ADC-20/24), usbtc08 (TC-08), plcm3 "
         "(CM3), also\nafter sim: (picostream devices lists models, ranges, rates). Give -d\n"
         "several times to record a set: NAME-1, NAME-2, … and\nNAME.sigmf-collection, channels "
         "as DEV:CH… (-c 2:A:1V)"},
        {"driver", 0, OPT_TEXT, &driver, 0, 0, "PATH", "load this driver library instead of searching"},
        {"channel", 'c', OPT_CALL, &channel, 0, 0, "SPEC",
         "A:2V:DC, B:500mV:AC, C:5V:DC:+1V (analogue offset),\nD:1V:DC50 (50 Ω, 6000E); A…H; "
         "repeat. A logger's inputs are\nnumbers: 1 (PicoLog 1000, 0…2.5 V), 3:625mV or "
         "1:2500mV:diff\n(ADC-20/24), 1:K (TC-08 thermocouple type), 2:10mV/A or 3:V\n(CM3 clamp "
         "or voltage input)"},
        {"mains", 0, OPT_COUNT, &mains, 50, 60, "HZ",
         "loggers: the mains frequency their filter rejects, 50 or 60\n(default 50)"},
        {"conversion", 0, OPT_TIME, &cfg.device.conversion_s, 0.06, 0.66, "TIME",
         "ADC-20/24: conversion time per input, 60ms, 100ms, 180ms,\n340ms or 660ms (default: "
         "the longest --rate allows)"},
        {"bandwidth", 0, OPT_CALL, &bw, 0, 0, "BW",
         "the inputs' bandwidth limiter: 20M, 200M or full (6000E)"},
        {"rate", 0, OPT_RATE, &cfg.device.rate_hz, 1e-3, 1e10, "RATE",
         "samples per second per channel: 1M, 250k, 10MS/s"},
        {"duration", 0, OPT_TIME, &cfg.duration_s, 1e-9, 1e9, "TIME",
         "10s, 8h, 1h30m (bare number: seconds)"},
        {"samples", 0, OPT_COUNT, &cfg.max_samples, 1, (double)(UINT64_MAX / 2), "N",
         "stop after N samples per channel (1M, 5e6)"},
        {"output", 'o', OPT_TEXT, &cfg.name, 0, 0, "NAME", "recording name (without extension)"},
        {"resolution", 0, OPT_COUNT, &resolution, 8, 16, "BITS",
         "5000D: 8, 12, 14, 15, 16 (default: highest the channels allow);\n4444: 12, 14; "
         "2000A/B, 3000D: 8; other 4000A: 12;\n6000E: 8, 10, 12; 3000E: 8, 10 (default 8)"},
        {"downsample", 0, OPT_CALL, &downsample, 0, 0, "N:MODE",
         "the driver reduces every N raw samples to one value:\ndecimate (the first), average "
         "(the mean) or aggregate (max and\nmin, two columns per channel); --rate stays the "
         "raw rate\n(every family). N:MODE+raw records the raw samples too, into\nNAME-raw "
         "(6000E, 3000E: RAW with one reduction)"},
        {"trigger", 0, OPT_CALL, &trigger, 0, 0, "CH:DIR:LEVEL",
         "e.g. A:rising:1.5V (rising, falling, either, above, below)"},
        /* the history is held in memory: 2^28 frames at most */
        {"pre", 0, OPT_COUNT, &cfg.device.trigger.pre_samples, 0, 1u << 28, "N",
         "samples kept before the trigger (10k)"},
        {"post", 0, OPT_COUNT, &cfg.device.trigger.post_samples, 0, (double)(UINT64_MAX / 2), "N",
         "samples after the trigger, then stop (1M); 0 = keep going"},
        {"auto-trigger", 0, OPT_TIME, &auto_s, 1e-3, 32.767, "TIME",
         "trigger anyway after TIME (100ms)"},
        {"lossless", 0, OPT_FLAG, &cfg.lossless, 0, 0, NULL,
         "stop at the first lost sample, exit status 3"},
        {"sync", 0, OPT_CALL, &sync, 0, 0, "TIME|none",
         "make data durable and rewrite the meta this often (1s)"},
        {"overwrite", 0, OPT_FLAG, &cfg.overwrite, 0, 0, NULL,
         "replace an existing recording of that name"},
        {"split", 0, OPT_CALL, &split, 0, 0, "TIME|SIZE",
         "new file every 1h or 4G: NAME-0001, NAME-0002, … (each a\nSigMF recording; "
         "core:global_index continues across them)"},
        {"sim", 0, OPT_CALL, &sims, 0, 0, "SPEC",
         "simulator signals, as PICOSTREAM_SIM (see README); with\nseveral devices DEV:SPEC for one"},
        {"driver-buffer", 0, OPT_COUNT, &driver_buffer, 16, 1e9, "N",
         "samples per channel the driver holds between polls\n(default: from the rate; PicoLog "
         "1000: about 10 s)"},
        {"align-on", 0, OPT_TEXT, &multi.align_on, 0, 0, "DEV:CH,DEV:CH",
         "a set: the channels carrying a common reference signal;\nafter the capture their "
         "offset and clock drift are measured\ninto the collection"},
        {"align-lag", 0, OPT_TIME, &multi.align_lag_s, 1e-9, 1e3, "TIME",
         "a set: how far apart the reference may be, beyond the host's\nview of the starts "
         "(default 10ms)"},
        {"serve", 0, OPT_TEXT, &serve, 0, 0, "[ADDR:]PORT",
         "serve the live viewer of this recording (as picostream view;\n127.0.0.1 unless an "
         "address is given, which needs --token)"},
        {"token", 0, OPT_TEXT, &token, 0, 0, "TOKEN", "the viewer's token (generated when needed)"},
        {"timeout", 0, OPT_TIME, &cfg.no_data_timeout_s, 1e-3, 1e9, "TIME",
         "a device that delivers nothing this long is an error (10s);\nwith --trigger, also the "
         "longest wait for it (default: the\n--duration; with neither, wait until stopped)"},
        {"quiet", 0, OPT_FLAG, &quiet, 0, 0, NULL, "no status line"},
        {"buffered", 0, OPT_FLAG, &cfg.buffered_io, 0, 0, NULL,
         "write through the page cache (default: O_DIRECT where the\nfile system has it, so "
         "long captures do not fill the cache)"},
        {"no-overview", 0, OPT_FLAG, &cfg.no_overview, 0, 0, NULL,
         "do not write NAME.picostream-overview/ (picostream overview\nbuilds it later)"},
        {"ring", 0, OPT_COUNT, &ring, 1024, 1u << 30, "N",
         "ring size in samples per channel (default: about 1 s)"},
        {"test-throttle-writer", 0, OPT_SIZE, &cfg.throttle_bytes_per_s, 1,
         (double)(UINT64_MAX / 2), "BYTES_PER_S", "(tests only)"},
        {"test-poll-delay", 0, OPT_TIME, &cfg.poll_delay_s, 0, 60, "TIME", "(tests only)"},
        {"test-no-backpressure", 0, OPT_FLAG, &cfg.no_backpressure, 0, 0, NULL, "(tests only)"},
    };
    const struct cli_cmd cmd = {
        "capture", "-d KIND -c CH:RANGE… --rate RATE (--duration TIME | --samples N) -o NAME", 0,
        "Streams every enabled channel to NAME.sigmf-data (interleaved int16, or int8 at 8 bits\n"
        "where the family delivers it) and NAME.sigmf-meta (SigMF JSON, replaced atomically once\n"
        "a second and at the end). Ctrl-C stops cleanly; the recording is complete up to then.",
        "picostream capture -d sim -c A:2V:DC -c B:500mV:AC --rate 1M --duration 10s -o run1", 0,
        opts, sizeof opts / sizeof *opts};
    struct common_args a = {0};
    int first, p = cli_parse(&cmd, &a, argc, argv, &first);
    if (p != 0)
        return p > 0 ? EXIT_OK : EXIT_USAGE;
    cfg.device.resolution_bits = (unsigned)resolution;
    cfg.device.driver_buffer_samples = (size_t)driver_buffer;
    kind = multi.n_kind ? multi.kind[0] : NULL;
    sim = multi.n_sim ? multi.sim[0] : NULL;
    if (multi.n_kind <= 1) {
        if (multi.n_sim > 1 || multi.align_on) {
            cli_error("capture", "%s", multi.align_on ? "--align-on needs several devices (-d)"
                                                      : "--sim given twice");
            return EXIT_USAGE;
        }
        for (unsigned i = 0; i < multi.n_chan; i++)
            if (parse_channel(&cfg.device, multi.chan[i]) != 0)
                return EXIT_USAGE;
    }
    if (mains != 0 && mains != 50 && mains != 60) {
        cli_error("capture", "--mains %llu: 50 or 60 (Hz)", (unsigned long long)mains);
        return EXIT_USAGE;
    }
    cfg.device.mains_60hz = mains == 60;
    cfg.ring_frames = (size_t)ring;
    if (auto_s > 0)
        cfg.device.trigger.auto_ms = (uint32_t)ceil(auto_s * 1000);
    bool have_rate = cfg.device.rate_hz > 0, have_stop = cfg.duration_s > 0 || cfg.max_samples > 0;
    const char *missing = !kind        ? "-d sim|sim:ps6000a|ps5000a|…"
                          : !cfg.name  ? "-o NAME"
                          : !have_rate ? "--rate"
                          : !have_stop ? "--duration or --samples"
                                       : NULL;
    if (missing) {
        cli_error("capture", "missing %s (picostream capture --help)", missing);
        return EXIT_USAGE;
    }
    if (serve && (cfg.split_s > 0 || cfg.split_bytes || cfg.no_overview)) {
        /* the live view follows one recording by its growing overview */
        cli_error("capture", "--serve shows one recording by its overview: not with %s",
                  cfg.no_overview ? "--no-overview" : "--split (view the parts afterwards)");
        return EXIT_USAGE;
    }
    if (multi.n_kind > 1) {
        if (driver || serve || cfg.device.trigger.enabled || cfg.split_s > 0 || cfg.split_bytes ||
            cfg.device.downsample_keep_raw) {
            cli_error("capture", "a set of devices takes no %s (not built)",
                      driver                          ? "--driver"
                      : serve                         ? "--serve"
                      : cfg.device.trigger.enabled    ? "--trigger"
                      : cfg.device.downsample_keep_raw ? "--downsample N:MODE+raw"
                                                      : "--split");
            return EXIT_USAGE;
        }
        for (int c = 0; c < PS_MAX_CHANNELS; c++)
            cfg.device.channel[c].bandwidth_hz = bandwidth;
        return cli_capture_set(&multi, &cfg, quiet);
    }
    bool any = false;
    for (int c = 0; c < PS_MAX_CHANNELS; c++) {
        any |= cfg.device.channel[c].enabled;
        cfg.device.channel[c].bandwidth_hz = bandwidth;
    }
    if (!any) {
        cli_error("capture", "no channel given: add -c A:2V:DC");
        return EXIT_USAGE;
    }
    ps_trigger_config *t = &cfg.device.trigger;
    if (!t->enabled && (t->pre_samples || t->post_samples || t->auto_ms)) {
        cli_error("capture", "--pre, --post and --auto-trigger need --trigger");
        return EXIT_USAGE;
    }
    if (t->enabled && !cfg.device.channel[t->channel].enabled) {
        cli_error("capture", "trigger on channel %c, which is not enabled (add -c %c:RANGE)",
                  'A' + t->channel, 'A' + t->channel);
        return EXIT_USAGE;
    }
    /* waiting for a trigger is bounded too: by --timeout if given, else by --duration */
    if (t->enabled)
        cfg.trigger_wait_s = cfg.no_data_timeout_s > 0 ? cfg.no_data_timeout_s : cfg.duration_s;

    char joined[4096];
    if (strcmp(kind, "sim:unlimited") == 0) {
        /* the simulator's benchmark profile: no streaming cap, 1 ns timebase */
        const char *base = sim ? sim : getenv("PICOSTREAM_SIM");
        if (base && base[0] == '@') {
            cli_error("capture", "sim:unlimited takes the signals inline (--sim 'A=…'), not "
                      "from a file");
            return EXIT_USAGE;
        }
        snprintf(joined, sizeof joined, "%s%sprofile=unlimited", base ? base : "",
                 base && *base ? ";" : "");
        sim = joined;
        kind = "sim";
    }
    ps_error err = {0};
    ps_status st;
    ps_device *dev = NULL;
    if ((st = ps_device_open_sim(&dev, kind, driver, sim, &err)) != PS_OK) {
        cli_error("capture", "%s", ps_error_text(&err));
        return st == PS_ERR_ARG ? EXIT_USAGE : EXIT_FAIL;
    }
    ps_device_info info;
    ps_device_get_info(dev, &info);
    if (info.notice[0] && !quiet)
        fprintf(stderr, "picostream capture: note: %s\n", info.notice);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGHUP, SIG_IGN);  /* keep recording after the terminal goes, as nohup would */
    signal(SIGXFSZ, SIG_IGN); /* past a file-size limit, write() fails with EFBIG instead */

    /* the live viewer: the same page and endpoints as picostream view, over the recording as
     * the writer makes it durable (its meta and overview, once a second); up before the
     * capture, so a port already taken costs nothing */
    ps_view *view = NULL;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", cfg.name);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    struct live live = {NULL, slash ? dir : ".", 0, 0, PTHREAD_MUTEX_INITIALIZER, 0, 0, 0};
    if (serve) {
        char addr[64], generated[33];
        unsigned port;
        const char *names[] = {cfg.name};
        ps_error verr = {0};
        st = PS_ERR_ARG;
        if (cli_listen("capture", serve, addr, sizeof addr, &port) == 0 &&
            cli_listen_token("capture", addr, &token, generated) == 0) {
            ps_view_config vc = {names, 1, addr, port, token, 0, live_status, &live, true, NULL};
            if ((st = ps_view_start(&view, &vc, &verr)) != PS_OK)
                cli_error("capture", "--serve: %s", ps_error_text(&verr));
        }
        if (st != PS_OK) {
            ps_device_close(dev);
            return EXIT_USAGE;
        }
        fprintf(stderr, "picostream capture: live view at http://%s:%u/%s%s\n", addr,
                ps_view_port(view), token ? "?token=" : "", token ? token : "");
    }

    ps_capture *cap = NULL;
    ps_stream_params params;
    if ((st = ps_capture_start(&cap, dev, &cfg, &params, &err)) != PS_OK) {
        cli_error("capture", "%s", ps_error_text(&err));
        ps_view_stop(view);
        ps_device_close(dev);
        return cli_exit_code(st);
    }
    pthread_mutex_lock(&live.lock);
    live.cap = cap;
    live.rate = params.rate_hz;
    live.n_ch = params.n_columns;
    pthread_mutex_unlock(&live.lock);
    if (params.notice[0] && !quiet)
        fprintf(stderr, "picostream capture: note: %s\n", params.notice);
    char rate[32];
    if (!quiet)
        fprintf(stderr, "picostream capture: %s %s → %s.sigmf-data, %u channel%s at %s, %u-bit\n",
                info.model, info.serial, cfg.name, params.n_enabled,
                params.n_enabled > 1 ? "s" : "",
                units_format_rate(params.rate_hz, rate, sizeof rate), params.resolution_bits);
    struct timespec tick = {0, 50 * 1000000};
    double last = 0;
    ps_capture_stats s;
    while (!ps_capture_done(cap) && !stop_signal) {
        nanosleep(&tick, NULL);
        ps_capture_get_stats(cap, &s);
        if (!quiet && s.elapsed_s - last >= 1.0) {
            last = s.elapsed_s;
            progress_print(stderr, &s, params.n_enabled, false);
        }
    }
    st = ps_capture_finish(cap, &s, &err);
    ps_view_stop(view); /* after the last meta: a viewer saw the recording complete */
    if (!quiet)
        progress_print(stderr, &s, params.n_enabled, true);
    ps_capture_stats raw;
    bool has_raw = ps_capture_get_raw_stats(cap, &raw);
    ps_capture_destroy(cap);
    ps_device_close(dev);
    char dur[32];
    fprintf(stderr,
            "picostream capture: %s: %llu samples × %u channel%s (%s), %llu lost in %llu "
            "gap%s, %.1f MB%s%s\n",
            cfg.name, (unsigned long long)s.written, params.n_enabled,
            params.n_enabled > 1 ? "s" : "",
            units_format_duration((double)s.written * params.interval_s, dur, sizeof dur),
            (unsigned long long)s.lost, (unsigned long long)s.gaps, s.gaps == 1 ? "" : "s",
            (double)s.n_bytes / 1e6, stop_signal ? ", stopped by signal" : "",
            s.overflow ? ", some samples over range" : "");
    if (has_raw)
        fprintf(stderr, "picostream capture: %s-raw: %llu raw samples × %u channel%s, %llu lost "
                "in %llu gap%s, %.1f MB\n", cfg.name, (unsigned long long)raw.written,
                params.n_enabled, params.n_enabled > 1 ? "s" : "", (unsigned long long)raw.lost,
                (unsigned long long)raw.gaps, raw.gaps == 1 ? "" : "s", (double)raw.n_bytes / 1e6);
    if (!s.direct_io && !cfg.buffered_io && !params.unit[0][0] && !quiet) /* loggers: by design */
        fprintf(stderr, "picostream capture: note: written through the page cache (the file "
                        "system refused O_DIRECT)\n");
    if (st != PS_OK) {
        cli_error("capture", "%s", ps_error_text(&err));
        return cli_exit_code(st) == EXIT_USAGE ? EXIT_FAIL : cli_exit_code(st);
    }
    return EXIT_OK;
}
