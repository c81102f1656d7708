/* picostream verify: a simulator recording, bit for bit. */
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "picostream/verify.h"

static int print_fault(void *arg, const ps_sim_fault *f)
{
    (void)arg;
    return printf("%c,%s,%llu,%llu,%llu\n", f->channel, f->kind,
                  (unsigned long long)f->global_index, (unsigned long long)f->sample,
                  (unsigned long long)f->length) < 0;
}

int cmd_verify(int argc, char **argv)
{
    enum { O_FAULTS = 256 };
    static const struct option opts[] = {
        {"faults", no_argument, 0, O_FAULTS}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    bool faults = false;
    int o;
    optind = 1;
    while ((o = cli_getopt("verify", argc, argv, "h", opts)) != -1) {
        if (o == 'h') {
            printf("usage: picostream verify NAME [--faults]\n\nRecomputes every sample of a "
                   "recording made from the simulator and reports the first\nsample that "
                   "differs. Exit status 0 when all match, 1 otherwise.\n--faults: instead, list "
                   "the faults the simulator injected into the recorded samples\n(CSV "
                   "channel,kind,global_index,sample,length), recomputed from the spec.\n"
                   "example: picostream verify run1\n");
            return EXIT_OK;
        }
        if (o == O_FAULTS) {
            faults = true;
            continue;
        }
        return EXIT_USAGE;
    }
    if (optind + 1 != argc) {
        cli_error("verify", "expected one recording NAME (picostream verify --help)");
        return EXIT_USAGE;
    }
    const char *name = argv[optind];
    ps_verify_report rep;
    ps_error err = {0};
    if (faults) {
        printf("channel,kind,global_index,sample,length\n");
        if (ps_verify_faults(name, print_fault, NULL, &err) != PS_OK) {
            cli_error("verify", "%s: %s", name, ps_error_text(&err));
            return EXIT_FAIL;
        }
        return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
    }
    ps_status st = ps_verify_recording(name, &rep, &err);
    if (st != PS_OK) {
        cli_error("verify", "%s: %s", name, ps_error_text(&err));
        return EXIT_FAIL;
    }
    printf("%s: %llu samples × %u channel%s match the simulator bit for bit (%llu segment%s, "
           "%llu samples lost",
           name, (unsigned long long)rep.samples, rep.n_channels, rep.n_channels > 1 ? "s" : "",
           (unsigned long long)rep.n_captures, rep.n_captures == 1 ? "" : "s",
           (unsigned long long)rep.lost_samples);
    if (rep.resynced)
        printf(", %llu estimated resume point%s located", (unsigned long long)rep.resynced,
               rep.resynced == 1 ? "" : "s");
    if (rep.samples > rep.meta_samples)
        printf(", %llu beyond the meta's last flush",
               (unsigned long long)(rep.samples - rep.meta_samples));
    if (rep.trailing_bytes)
        printf(", a torn last frame of %llu bytes ignored", (unsigned long long)rep.trailing_bytes);
    printf(")\n");
    return EXIT_OK;
}
