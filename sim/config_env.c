/* The simulators' own configuration source: the spec handed over through GetUnitInfo, else
 * PICOSTREAM_SIM (a spec, or @FILE). Linked into the simulator libraries only: the signal model
 * that verify shares reads no environment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_signal.h"

/* The spec handed over through GetUnitInfo (sim_config_set_override), ahead of the
 * environment; "" when none. */
static char spec_override[SIM_SPEC_MAX];

void sim_config_set_override(const char *spec)
{
    snprintf(spec_override, sizeof spec_override, "%s", spec ? spec : "");
}

int sim_config_from_env(struct sim_config *cfg, char *err, size_t err_len)
{
    return sim_config_from_env_with(cfg, NULL, err, err_len);
}

int sim_config_from_env_with(struct sim_config *cfg, const char *defaults, char *err,
                             size_t err_len)
{
    sim_config_default(cfg);
    if (defaults) { /* a logger's own signals in place of the scopes' */
        memset(cfg->ch, 0, sizeof cfg->ch);
        if (sim_config_parse(cfg, defaults, err, err_len) != 0)
            return -1;
    }
    const char *spec = spec_override[0] ? spec_override : getenv("PICOSTREAM_SIM");
    if (!spec || !*spec)
        return 0;
    if (spec[0] != '@')
        return sim_config_parse(cfg, spec, err, err_len);
    FILE *f = fopen(spec + 1, "r");
    if (!f) {
        snprintf(err, err_len, "simulator config: cannot open %s", spec + 1);
        return -1;
    }
    char buf[SIM_SPEC_MAX * 2];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    int too_long = !feof(f);
    fclose(f);
    if (too_long) {
        snprintf(err, err_len, "simulator config: %s is longer than %zu bytes", spec + 1,
                 sizeof buf - 1);
        return -1;
    }
    buf[n] = '\0';
    return sim_config_parse(cfg, buf, err, err_len);
}

