/* picostream devices: the simulator and any vendor driver that can be loaded. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "options.h"
#include "picostream/device.h"

int cmd_devices(int argc, char **argv)
{
    const struct cli_cmd cmd = {
        "devices", "", 0,
        "Lists every family: its simulator (-d sim:ps2000a, …) and the PicoSDK driver found\n"
        "in LD_LIBRARY_PATH or /opt/picoscope/lib, with their units, then the variants each\n"
        "family's simulator offers (--sim model=…) with channels, ranges, resolutions and the\n"
        "rate streaming reaches.",
        "picostream devices", 0, NULL, 0};
    struct common_args a = {0};
    int first, p = cli_parse(&cmd, &a, argc, argv, &first);
    if (p != 0)
        return p > 0 ? EXIT_OK : EXIT_USAGE;
    int found = 0;
    const char *product;
    for (int pass = 0; pass < 2; pass++)
        for (unsigned f = 0; ps_device_family(f, &product); f++) {
            char kind[32], path[1024] = "", serials[512] = "";
            snprintf(kind, sizeof kind, "%s%s", pass ? "" : "sim:", ps_device_family(f, NULL));
            int n = 0;
            ps_error err = {0};
            ps_status st = ps_device_enumerate(kind, NULL, path, sizeof path, serials,
                                               sizeof serials, &n, &err);
            if (st != PS_OK) {
                printf("%-12s not available: %s\n", kind, ps_error_text(&err));
                continue;
            }
            found += n;
            printf("%-12s %s  %d unit%s%s%s\n", kind, path, n, n == 1 ? "" : "s",
                   n ? ": " : "", serials);
        }
    for (unsigned f = 0; ps_device_family(f, &product); f++) {
        char models[2048];
        const char *name = ps_device_family(f, NULL);
        printf("\n%s (%s%s):\n%s", name, strncmp(name, "ps", 2) == 0 ? "PicoScope " : "", product,
               ps_device_family_models(name, models, sizeof models));
    }
    return found ? EXIT_OK : EXIT_FAIL;
}
