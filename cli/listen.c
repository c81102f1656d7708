/* --listen/--serve [ADDR:]PORT and the token a server beyond this machine needs, for view and
 * capture --serve. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_listen(const char *cmd, const char *spec, char *addr, size_t addr_len, unsigned *port)
{
    snprintf(addr, addr_len, "127.0.0.1");
    const char *colon = strrchr(spec, ':');
    const char *port_s = colon ? colon + 1 : spec;
    if (colon && (size_t)(colon - spec) >= addr_len) {
        cli_error(cmd, "'%s': address too long", spec);
        return -1;
    }
    if (colon)
        snprintf(addr, addr_len, "%.*s", (int)(colon - spec), spec);
    char *end;
    unsigned long p = strtoul(port_s, &end, 10);
    if (!*port_s || *end || port_s[0] == '-' || p > 65535) {
        cli_error(cmd, "--listen '%s': expected [ADDR:]PORT with PORT 0…65535", spec);
        return -1;
    }
    *port = (unsigned)p;
    return 0;
}

int cli_listen_token(const char *cmd, const char *addr, const char **token, char out[33])
{
    if (*token || strncmp(addr, "127.", 4) == 0)
        return 0; /* given, or this machine only: no token needed */
    FILE *f = fopen("/dev/urandom", "rb");
    unsigned char b[16];
    if (!f || fread(b, 1, sizeof b, f) != sizeof b) {
        cli_error(cmd, "cannot read /dev/urandom for a token; give --token");
        if (f)
            fclose(f);
        return -1;
    }
    fclose(f);
    for (int i = 0; i < 16; i++)
        snprintf(out + 2 * i, 3, "%02x", b[i]);
    *token = out;
    return 0;
}
