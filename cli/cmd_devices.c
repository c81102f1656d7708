/* picostream devices: the simulator and any vendor driver that can be loaded. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "picostream/device.h"

int cmd_devices(int argc, char **argv)
{
    static const struct option opts[] = {{"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int o;
    optind = 1;
    while ((o = cli_getopt("devices", argc, argv, "h", opts)) != -1) {
        if (o == 'h') {
            printf("usage: picostream devices\n\nLists the simulator (-d sim) and the PicoSDK "
                   "drivers found in LD_LIBRARY_PATH or /opt/picoscope/lib, with their units.\n"
                   "example: picostream devices\n");
            return EXIT_OK;
        }
        return EXIT_USAGE;
    }
    if (optind < argc) {
        cli_error("devices", "unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    static const char *const kinds[] = {"sim:ps5000a", "sim:ps6000a", "sim:psospa",
                                        "ps5000a",     "ps6000a",     "psospa"};
    int found = 0;
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        char path[1024] = "", serials[512] = "";
        int n = 0;
        ps_error err = {0};
        ps_status st = ps_device_enumerate(kinds[i], NULL, path, sizeof path, serials,
                                           sizeof serials, &n, &err);
        if (st != PS_OK) {
            printf("%-12s not available: %s\n", kinds[i], ps_error_text(&err));
            continue;
        }
        found += n;
        printf("%-12s %s  %d unit%s%s%s\n", kinds[i], path, n, n == 1 ? "" : "s", n ? ": " : "",
               serials);
    }
    return found ? EXIT_OK : EXIT_FAIL;
}
