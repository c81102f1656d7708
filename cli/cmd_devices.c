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
        "Lists every simulated family (-d sim, sim:ps6000a, sim:psospa) and the PicoSDK drivers\n"
        "found in LD_LIBRARY_PATH or /opt/picoscope/lib, with their units.",
        "picostream devices", 0, NULL, 0};
    struct common_args a = {0};
    int first, p = cli_parse(&cmd, &a, argc, argv, &first);
    if (p != 0)
        return p > 0 ? EXIT_OK : EXIT_USAGE;
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
