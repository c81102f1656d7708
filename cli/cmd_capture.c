/* picostream capture: parse, open the device, run the session, print status and summary. */
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "picostream/capture.h"
#include "picostream/device.h"

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    stop_signal = sig;
}

static void help(void)
{
    printf(
        "usage: picostream capture -d KIND [--driver PATH] -c CH:RANGE[:AC|DC[:OFFSET]]...\n"
        "                          --rate RATE (--duration TIME | --samples N) -o NAME [options]\n"
        "\n"
        "Streams every enabled channel to NAME.sigmf-data (interleaved int16) and\n"
        "NAME.sigmf-meta (SigMF JSON, replaced atomically once a second and at the end).\n"
        "\n"
        "  -d, --device KIND      sim or sim:ps5000a (the built-in PicoScope 5444D simulator),\n"
        "                         sim:ps6000a (6824E, 8 channels), sim:psospa (3418E),\n"
        "                         sim:unlimited (the 5444D with no streaming cap, for\n"
        "                         benchmarks); the vendor's ps5000a, ps6000a or psospa\n"
        "      --driver PATH      load this driver library instead of searching for it\n"
        "  -c, --channel SPEC     A:2V:DC, B:500mV:AC, C:5V:DC:+1V (analogue offset),\n"
        "                         D:1V:DC50 (50 Ω, 6000E); A…H; repeat\n"
        "      --bandwidth BW     the inputs' bandwidth limiter: 20M, 200M or full (6000E)\n"
        "      --rate RATE        samples per second per channel: 1M, 250k, 10MS/s\n"
        "      --duration TIME    10s, 8h, 1h30m (bare number: seconds)\n"
        "      --samples N        stop after N samples per channel (1M, 5e6)\n"
        "  -o, --output NAME      recording name (without extension)\n"
        "      --resolution BITS  5000D: 8, 12, 14, 15, 16 (default: highest the channels allow);\n"
        "                         6000E: 8, 10, 12; 3000E: 8, 10 (default 8)\n"
        "      --trigger CH:DIR:LEVEL  e.g. A:rising:1.5V (rising, falling, either, above, below)\n"
        "      --pre N            samples kept before the trigger (10k)\n"
        "      --post N           samples after the trigger, then stop (1M); 0 = keep going\n"
        "      --auto-trigger TIME  trigger anyway after TIME (100ms)\n"
        "      --lossless         stop at the first lost sample, exit status 3\n"
        "      --sync TIME|none   make data durable and rewrite the meta this often (1s)\n"
        "      --overwrite        replace an existing recording of that name\n"
        "      --split TIME|SIZE  new file every 1h or 4G: NAME-0001, NAME-0002, … (each a\n"
        "                         SigMF recording; core:global_index continues across them)\n"
        "      --sim SPEC         simulator signals, as PICOSTREAM_SIM (see README)\n"
        "      --timeout TIME     a device that delivers nothing this long is an error (10s);\n"
        "                         with --trigger, also the longest wait for it (default: the\n"
        "                         --duration; with neither, wait until stopped)\n"
        "      --quiet            no status line\n"
        "      --buffered         write through the page cache (default: O_DIRECT where the\n"
        "                         file system has it, so long captures do not fill the cache)\n"
        "      --ring N           ring size in samples per channel (default: about 1 s)\n"
        "      --test-throttle-writer BYTES_PER_S, --test-poll-delay TIME,\n"
        "      --test-no-backpressure   (tests only)\n"
        "\n"
        "example: picostream capture -d sim -c A:2V:DC -c B:500mV:AC --rate 1M --duration 10s "
        "-o run1\n"
        "Ctrl-C stops cleanly; the recording is complete up to that moment.\n");
}

static int parse_channel(const char *spec, ps_device_config *dc)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", spec);
    char *save = NULL, *ch = strtok_r(buf, ":", &save), *range = strtok_r(NULL, ":", &save);
    char *coupling = strtok_r(NULL, ":", &save), *offset = strtok_r(NULL, ":", &save);
    if (!ch || strlen(ch) != 1 || ch[0] < 'A' || ch[0] > 'H') {
        cli_error("capture", "channel '%s': expected A…H, as in A:2V:DC", spec);
        return -1;
    }
    ps_channel_config *c = &dc->channel[ch[0] - 'A'];
    if (c->enabled) { /* one rule: a channel is configured once, never silently replaced */
        cli_error("capture", "channel %c given twice (-c %s)", ch[0], spec);
        return -1;
    }
    c->enabled = true;
    c->coupling = PS_COUPLING_DC;
    if (!range || units_parse_volts(range, &c->range_v) < 0 || c->range_v <= 0) {
        cli_error("capture", "channel %c: range '%s' is not a voltage (10mV…20V)", ch[0],
                  range ? range : "");
        return -1;
    }
    if (coupling) {
        if (strcmp(coupling, "AC") == 0 || strcmp(coupling, "ac") == 0)
            c->coupling = PS_COUPLING_AC;
        else if (strcmp(coupling, "DC50") == 0 || strcmp(coupling, "50") == 0)
            c->coupling = PS_COUPLING_DC50;
        else if (strcmp(coupling, "DC") && strcmp(coupling, "dc")) {
            cli_error("capture", "channel %c: coupling '%s' (AC, DC or DC50 for 50 Ω)", ch[0],
                      coupling);
            return -1;
        }
    }
    if (offset && units_parse_volts(offset, &c->analog_offset_v) < 0) {
        cli_error("capture", "channel %c: offset '%s' is not a voltage", ch[0], offset);
        return -1;
    }
    if (strtok_r(NULL, ":", &save)) {
        cli_error("capture", "channel '%s': expected CH:RANGE[:AC|DC[:OFFSET]]", spec);
        return -1;
    }
    return 0;
}

static int parse_trigger(const char *spec, ps_trigger_config *t)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", spec);
    char *save = NULL, *ch = strtok_r(buf, ":", &save), *dir = strtok_r(NULL, ":", &save);
    char *level = strtok_r(NULL, ":", &save);
    static const char *const dirs[] = {"rising", "falling", "either", "above", "below"};
    if (!ch || strlen(ch) != 1 || ch[0] < 'A' || ch[0] > 'H' || !dir || !level) {
        cli_error("capture", "trigger '%s': expected CH:DIRECTION:LEVEL, as in A:rising:1.5V",
                  spec);
        return -1;
    }
    t->enabled = true;
    t->channel = (unsigned)(ch[0] - 'A');
    size_t i = 0;
    while (i < 5 && strcmp(dir, dirs[i]) != 0)
        i++;
    if (i == 5) {
        cli_error("capture", "trigger direction '%s' (rising, falling, either, above, below)", dir);
        return -1;
    }
    t->direction = (ps_trigger_dir)i;
    if (units_parse_volts(level, &t->level_v) < 0) {
        cli_error("capture", "trigger level '%s' is not a voltage", level);
        return -1;
    }
    if (strtok_r(NULL, ":", &save)) {
        cli_error("capture", "trigger '%s': expected CH:DIRECTION:LEVEL", spec);
        return -1;
    }
    return 0;
}

/* --split 1h (a time: has a time unit) or 4G, 500MB (a size in bytes) */
static int parse_split(const char *s, ps_capture_config *cfg)
{
    size_t n = strlen(s);
    if (n > 0 && strchr("smhd", s[n - 1]) && !(n > 1 && s[n - 1] == 'B'))
        return opt_time("capture", "--split", s, 1e-3, 1e9, &cfg->split_s);
    return opt_size("capture", "--split", s, 4096, UINT64_MAX / 2, &cfg->split_bytes);
}

int cmd_capture(int argc, char **argv)
{
    enum {
        O_DRIVER = 256,
        O_RATE,
        O_DURATION,
        O_SAMPLES,
        O_RESOLUTION,
        O_TRIGGER,
        O_PRE,
        O_POST,
        O_AUTO,
        O_LOSSLESS,
        O_SYNC,
        O_OVERWRITE,
        O_SIM,
        O_QUIET,
        O_RING,
        O_THROTTLE,
        O_POLL_DELAY,
        O_BUFFERED,
        O_SPLIT,
        O_TIMEOUT,
        O_NO_BACKPRESSURE,
        O_BANDWIDTH
    };
    static const struct option opts[] = {
        {"device", required_argument, 0, 'd'},
        {"driver", required_argument, 0, O_DRIVER},
        {"channel", required_argument, 0, 'c'},
        {"rate", required_argument, 0, O_RATE},
        {"duration", required_argument, 0, O_DURATION},
        {"samples", required_argument, 0, O_SAMPLES},
        {"output", required_argument, 0, 'o'},
        {"resolution", required_argument, 0, O_RESOLUTION},
        {"trigger", required_argument, 0, O_TRIGGER},
        {"pre", required_argument, 0, O_PRE},
        {"post", required_argument, 0, O_POST},
        {"auto-trigger", required_argument, 0, O_AUTO},
        {"lossless", no_argument, 0, O_LOSSLESS},
        {"sync", required_argument, 0, O_SYNC},
        {"overwrite", no_argument, 0, O_OVERWRITE},
        {"sim", required_argument, 0, O_SIM},
        {"quiet", no_argument, 0, O_QUIET},
        {"ring", required_argument, 0, O_RING},
        {"test-throttle-writer", required_argument, 0, O_THROTTLE},
        {"test-poll-delay", required_argument, 0, O_POLL_DELAY},
        {"buffered", no_argument, 0, O_BUFFERED},
        {"split", required_argument, 0, O_SPLIT},
        {"timeout", required_argument, 0, O_TIMEOUT},
        {"test-no-backpressure", no_argument, 0, O_NO_BACKPRESSURE},
        {"bandwidth", required_argument, 0, O_BANDWIDTH},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    const char *kind = NULL, *driver = NULL;
    bool quiet = false, have_rate = false, have_stop = false;
    ps_capture_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.sync_interval_s = 1.0;
    int o;
    double v, bandwidth = 0;
    uint64_t u;
    optind = 1;
    while ((o = cli_getopt("capture", argc, argv, "d:c:o:h", opts)) != -1) {
        switch (o) {
        case 'd': kind = optarg; break;
        case O_DRIVER: driver = optarg; break;
        case 'c':
            if (parse_channel(optarg, &cfg.device) < 0)
                return EXIT_USAGE;
            break;
        case O_RATE:
            if (opt_rate("capture", "--rate", optarg, 1e-3, 1e10, &cfg.device.rate_hz) < 0)
                return EXIT_USAGE;
            have_rate = true;
            break;
        case O_DURATION:
            if (opt_time("capture", "--duration", optarg, 1e-9, 1e9, &cfg.duration_s) < 0)
                return EXIT_USAGE;
            have_stop = true;
            break;
        case O_SAMPLES:
            if (opt_count("capture", "--samples", optarg, 1, UINT64_MAX / 2, &cfg.max_samples) < 0)
                return EXIT_USAGE;
            have_stop = true;
            break;
        case 'o': cfg.name = optarg; break;
        case O_RESOLUTION:
            if (opt_count("capture", "--resolution", optarg, 8, 16, &u) < 0)
                return EXIT_USAGE;
            cfg.device.resolution_bits = (unsigned)u;
            break;
        case O_TRIGGER:
            if (parse_trigger(optarg, &cfg.device.trigger) < 0)
                return EXIT_USAGE;
            break;
        case O_PRE:
            /* the history is held in memory: 2^28 frames at most */
            if (opt_count("capture", "--pre", optarg, 0, 1u << 28, &cfg.device.trigger.pre_samples) <
                0)
                return EXIT_USAGE;
            break;
        case O_POST:
            if (opt_count("capture", "--post", optarg, 0, UINT64_MAX / 2,
                          &cfg.device.trigger.post_samples) < 0)
                return EXIT_USAGE;
            break;
        case O_AUTO:
            if (opt_time("capture", "--auto-trigger", optarg, 1e-3, 32.767, &v) < 0)
                return EXIT_USAGE;
            cfg.device.trigger.auto_ms = (uint32_t)ceil(v * 1000);
            break;
        case O_LOSSLESS: cfg.lossless = true; break;
        case O_SYNC:
            if (strcmp(optarg, "none") == 0)
                cfg.sync_interval_s = 0;
            else if (strcmp(optarg, "interval") == 0)
                cfg.sync_interval_s = 1.0;
            else if (opt_time("capture", "--sync", optarg, 1e-3, 1e6, &cfg.sync_interval_s) < 0)
                return EXIT_USAGE;
            break;
        case O_OVERWRITE: cfg.overwrite = true; break;
        case O_SIM: setenv("PICOSTREAM_SIM", optarg, 1); break;
        case O_QUIET: quiet = true; break;
        case O_RING:
            if (opt_count("capture", "--ring", optarg, 1024, 1u << 30, &u) < 0)
                return EXIT_USAGE;
            cfg.ring_frames = (size_t)u;
            break;
        case O_THROTTLE:
            if (opt_size("capture", "--test-throttle-writer", optarg, 1, UINT64_MAX / 2,
                         &cfg.throttle_bytes_per_s) < 0)
                return EXIT_USAGE;
            break;
        case O_POLL_DELAY:
            if (opt_time("capture", "--test-poll-delay", optarg, 0, 60, &cfg.poll_delay_s) < 0)
                return EXIT_USAGE;
            break;
        case O_BUFFERED: cfg.buffered_io = true; break;
        case O_NO_BACKPRESSURE: cfg.no_backpressure = true; break;
        case O_BANDWIDTH:
            if (strcmp(optarg, "full") == 0)
                bandwidth = 0;
            else if (opt_rate("capture", "--bandwidth", optarg, 1e6, 1e9, &bandwidth) < 0)
                return EXIT_USAGE;
            else if (bandwidth != 20e6 && bandwidth != 200e6) {
                cli_error("capture", "--bandwidth '%s': 20M, 200M or full", optarg);
                return EXIT_USAGE;
            }
            break;
        case O_TIMEOUT:
            if (opt_time("capture", "--timeout", optarg, 1e-3, 1e9, &cfg.no_data_timeout_s) < 0)
                return EXIT_USAGE;
            break;
        case O_SPLIT:
            if (parse_split(optarg, &cfg) < 0)
                return EXIT_USAGE;
            break;
        case 'h': help(); return EXIT_OK;
        default: return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_error("capture", "unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    const char *missing = !kind        ? "-d sim|sim:ps6000a|ps5000a|…"
                          : !cfg.name  ? "-o NAME"
                          : !have_rate ? "--rate"
                          : !have_stop ? "--duration or --samples"
                                       : NULL;
    if (missing) {
        cli_error("capture", "missing %s (picostream capture --help)", missing);
        return EXIT_USAGE;
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

    if (strcmp(kind, "sim:unlimited") == 0) {
        /* the simulator's benchmark profile: no streaming cap, 1 ns timebase */
        const char *spec = getenv("PICOSTREAM_SIM");
        char *joined = malloc((spec ? strlen(spec) : 0) + 32);
        if (!joined)
            return EXIT_FAIL;
        sprintf(joined, "%s%sprofile=unlimited", spec ? spec : "", spec && *spec ? ";" : "");
        setenv("PICOSTREAM_SIM", joined, 1);
        free(joined);
        kind = "sim";
    }
    ps_error err = {0};
    ps_status st;
    ps_device *dev = NULL;
    if ((st = ps_device_open(&dev, kind, driver, &err)) != PS_OK) {
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

    ps_capture *cap = NULL;
    ps_stream_params params;
    if ((st = ps_capture_start(&cap, dev, &cfg, &params, &err)) != PS_OK) {
        cli_error("capture", "%s", ps_error_text(&err));
        ps_device_close(dev);
        return cli_exit_code(st);
    }
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
    if (!quiet)
        progress_print(stderr, &s, params.n_enabled, true);
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
    if (!s.direct_io && !cfg.buffered_io && !quiet)
        fprintf(stderr, "picostream capture: note: written through the page cache (the file "
                        "system refused O_DIRECT)\n");
    if (st != PS_OK) {
        cli_error("capture", "%s", ps_error_text(&err));
        return cli_exit_code(st) == EXIT_USAGE ? EXIT_FAIL : cli_exit_code(st);
    }
    return EXIT_OK;
}
