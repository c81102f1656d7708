/* picostream verify: a simulator recording, bit for bit. */
#include <string.h>

#include "cli.h"
#include "options.h"
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
    bool faults = false;
    const struct cli_opt opts[] = {
        {"faults", 0, OPT_FLAG, &faults, 0, 0, NULL,
         "list the injected faults instead (CSV channel,kind,global_index,sample,length)"},
    };
    const struct cli_cmd cmd = {
        "verify", "NAME", 1,
        "Recomputes every sample of a recording made from the simulator and reports the first\n"
        "sample that differs. Exit status 0 when all match, 1 otherwise.",
        "picostream verify run1", 0, opts, sizeof opts / sizeof *opts};
    struct common_args a = {0};
    int first, p = cli_parse(&cmd, &a, argc, argv, &first);
    if (p != 0)
        return p > 0 ? EXIT_OK : EXIT_USAGE;
    const char *name = argv[first];
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
