/* The simulator's configuration: a small text spec, from PICOSTREAM_SIM or a file. */
#include "pico_abi.h"
#include "pico_models.h"
#include "logger_models.h"
#include "sim_signal.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct kind_info {
    const char *name;
    int min_args, max_args;
    double defaults[4];
};

/* Parameter order per kind; defaults fill optional trailing arguments. */
static const struct kind_info kinds[SIM_N_KINDS] = {
    [SIM_DC] = {"dc", 1, 1, {0}},
    [SIM_SINE] = {"sine", 2, 3, {0, 0, 0}},       /* freq, amp, phase_deg */
    [SIM_SQUARE] = {"square", 2, 3, {0, 0, 0.5}}, /* freq, amp, duty */
    [SIM_TRIANGLE] = {"triangle", 2, 2, {0}},     /* freq, amp */
    [SIM_SAWTOOTH] = {"sawtooth", 2, 2, {0}},     /* freq, amp */
    [SIM_CHIRP] = {"chirp", 4, 4, {0}},           /* f0, f1, period_s, amp */
    [SIM_PWM] = {"pwm", 2, 3, {0, 0, 0.5}},       /* freq, amp, duty */
    [SIM_NOISE] = {"noise", 1, 1, {0}},           /* rms */
    [SIM_RAMP] = {"ramp", 1, 2, {0, 0}},          /* slope per s, t_end_s (0: never ends) */
    [SIM_STEP] = {"step", 2, 2, {0}},             /* t_at_s, amp */
    [SIM_REF] = {"ref", 2, 3, {0, 0, 0}},         /* rms, corr_s, delay_s: in true time */
    [SIM_SPIKE] = {"spike", 2, 2, {0}},           /* every, amp */
    [SIM_GLITCH] = {"glitch", 3, 3, {0}},         /* every, width, amp */
    [SIM_DROPOUT] = {"dropout", 2, 2, {0}},       /* every, len */
    [SIM_DISCONNECT] = {"disconnect", 2, 2, {0}}, /* every, len */
};

const char *sim_kind_name(enum sim_kind k)
{
    return k < SIM_N_KINDS ? kinds[k].name : "?";
}

static const char *default_spec = "seed=1;"
                                  "A=sine(1k,1.5)+noise(5m)+spike(2M,0.4);"
                                  "B=square(250,0.3,0.25)+noise(2m)+glitch(3M,3,-0.15);"
                                  "C=triangle(50,1)+noise(5m)+dropout(5M,500);"
                                  "D=chirp(100,20k,1,1)+noise(1m);"
                                  "E=sine(10k,0.5)+noise(2m);F=square(1k,1,0.5)+noise(2m);"
                                  "G=sawtooth(100,0.8)+noise(1m);H=pwm(2k,1,0.3)+noise(1m)";

static int fail(char *err, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, len, fmt, ap);
    va_end(ap);
    return -1;
}

/* A number as people write it: 1k, 2.5M, 10m, 50%, with an optional unit (V, Hz, s). */
static int parse_number(const char **pp, double *out)
{
    const char *p = *pp;
    char *end;
    double v = strtod(p, &end);
    if (end == p || !isfinite(v))
        return -1;
    p = end;
    switch (*p) {
    case 'p':
        v *= 1e-12;
        p++;
        break;
    case 'n':
        v *= 1e-9;
        p++;
        break;
    case 'u':
        v *= 1e-6;
        p++;
        break;
    case 'm':
        v *= 1e-3;
        p++;
        break;
    case 'k':
        v *= 1e3;
        p++;
        break;
    case 'M':
        v *= 1e6;
        p++;
        break;
    case 'G':
        v *= 1e9;
        p++;
        break;
    case '%':
        v *= 1e-2;
        p++;
        break;
    default: break;
    }
    if (!isfinite(v)) /* 1e308G */
        return -1;
    if (strncmp(p, "Hz", 2) == 0)
        p += 2;
    else if (*p == 'V' || *p == 's')
        p++;
    *pp = p;
    *out = v;
    return 0;
}

static void skip_space(const char **pp)
{
    while (**pp == ' ' || **pp == '\t')
        (*pp)++;
}

static int check_term(const struct sim_term *t, char *err, size_t len)
{
    /* samples are int16 codes of volts: anything beyond a megavolt or a terahertz is a typo */
    for (int i = 0; i < 4; i++)
        if (!(fabs(t->p[i]) <= 1e18))
            return fail(err, len, "%s: argument %d (%g) is out of range", kinds[t->kind].name,
                        i + 1, t->p[i]);
    if (t->kind < SIM_SPIKE) {
        int amp = t->kind == SIM_DC || t->kind == SIM_NOISE || t->kind == SIM_RAMP ||
                          t->kind == SIM_REF
                      ? 0
                  : t->kind == SIM_CHIRP ? 3
                                         : 1;
        if (fabs(t->p[amp]) > 1e6)
            return fail(err, len, "%s: amplitude %g V is out of range (±1e6 V)",
                        kinds[t->kind].name, t->p[amp]);
        if (t->kind != SIM_DC && t->kind != SIM_NOISE && t->kind < SIM_RAMP && fabs(t->p[0]) > 1e12)
            return fail(err, len, "%s: frequency %g Hz is out of range (0…1e12 Hz)",
                        kinds[t->kind].name, t->p[0]);
    }
    if (t->kind == SIM_NOISE && t->p[0] < 0)
        return fail(err, len, "noise: rms %g V must not be negative", t->p[0]);
    switch (t->kind) {
    case SIM_RAMP:
    case SIM_STEP:
        if (t->p[t->kind == SIM_RAMP ? 1 : 0] < 0)
            return fail(err, len, "%s: time %g s must not be negative", kinds[t->kind].name,
                        t->p[t->kind == SIM_RAMP ? 1 : 0]);
        break;
    case SIM_SPIKE:
    case SIM_GLITCH:
    case SIM_DROPOUT:
    case SIM_DISCONNECT: {
        double every = t->p[0], flen = t->kind == SIM_SPIKE ? 1 : t->p[1];
        if (every < 2 || every > 1e18 || every != (double)(uint64_t)every)
            return fail(err, len, "%s: every=%g must be a whole number of samples ≥ 2",
                        kinds[t->kind].name, every);
        if (flen < 1 || flen >= every || flen != (double)(uint64_t)flen)
            return fail(err, len, "%s: length %g must be a whole number in 1…%g",
                        kinds[t->kind].name, flen, every - 1);
        break;
    }
    case SIM_CHIRP:
        if (t->p[2] <= 0)
            return fail(err, len, "chirp: period %g s must be positive", t->p[2]);
        break;
    case SIM_REF:
        if (!(t->p[1] >= 1e-12 && t->p[1] <= 1e6) || t->p[0] < 0)
            return fail(err, len, "ref: rms %g must not be negative, corr %g s in 1e-12…1e6",
                        t->p[0], t->p[1]);
        break;
    case SIM_SQUARE:
    case SIM_PWM:
        if (t->p[2] < 0 || t->p[2] > 1)
            return fail(err, len, "%s: duty %g must be in 0…1", kinds[t->kind].name, t->p[2]);
        break;
    default: break;
    }
    if (t->kind >= SIM_SINE && t->kind <= SIM_PWM && t->kind != SIM_CHIRP && t->p[0] < 0)
        return fail(err, len, "%s: frequency %g must not be negative", kinds[t->kind].name,
                    t->p[0]);
    return 0;
}

static int parse_channel(struct sim_channel_spec *ch, const char *p, char *err, size_t len)
{
    ch->n_terms = 0;
    for (;;) {
        skip_space(&p);
        size_t n = 0;
        while (isalpha((unsigned char)p[n]))
            n++;
        int kind = -1;
        for (int k = 0; k < SIM_N_KINDS; k++)
            if (strlen(kinds[k].name) == n && strncmp(kinds[k].name, p, n) == 0)
                kind = k;
        if (kind < 0)
            return fail(err, len,
                        "unknown signal '%.*s' (dc, sine, square, triangle, sawtooth, "
                        "chirp, pwm, noise, ramp, step, ref, spike, glitch, dropout, disconnect)",
                        (int)(n ? n : 1), p);
        if (ch->n_terms == SIM_MAX_TERMS)
            return fail(err, len, "more than %d terms in one channel", SIM_MAX_TERMS);
        struct sim_term *t = &ch->term[ch->n_terms];
        t->kind = (enum sim_kind)kind;
        memcpy(t->p, kinds[kind].defaults, sizeof t->p);
        p += n;
        skip_space(&p);
        if (*p != '(')
            return fail(err, len, "%s: expected '(' after the name", kinds[kind].name);
        p++;
        int n_args = 0;
        for (;;) {
            skip_space(&p);
            if (*p == ')' && n_args == 0)
                break;
            if (n_args == kinds[kind].max_args)
                return fail(err, len, "%s: takes at most %d arguments", kinds[kind].name,
                            kinds[kind].max_args);
            if (parse_number(&p, &t->p[n_args]) < 0)
                return fail(err, len, "%s: argument %d is not a number", kinds[kind].name,
                            n_args + 1);
            n_args++;
            skip_space(&p);
            if (*p == ',') {
                p++;
                continue;
            }
            if (*p == ')')
                break;
            return fail(err, len, "%s: expected ',' or ')'", kinds[kind].name);
        }
        p++;
        if (n_args < kinds[kind].min_args)
            return fail(err, len, "%s: needs at least %d arguments", kinds[kind].name,
                        kinds[kind].min_args);
        if (check_term(t, err, len) < 0)
            return -1;
        ch->n_terms++;
        skip_space(&p);
        if (*p == '\0')
            return 0;
        if (*p != '+')
            return fail(err, len, "expected '+' between signals, got '%c'", *p);
        p++;
    }
}

static int parse_uint(const char *v, uint64_t *out)
{
    double d;
    const char *p = v;
    if (parse_number(&p, &d) < 0 || *p != '\0' || d < 0 || d > 9e15 || d != floor(d))
        return -1;
    *out = (uint64_t)d;
    return 0;
}

static int parse_statement(struct sim_config *cfg, char *s, char *err, size_t len)
{
    char *eq = strchr(s, '=');
    if (!eq)
        return fail(err, len, "'%s': expected key=value", s);
    *eq = '\0';
    char *key = s, *val = eq + 1;
    while (*key == ' ' || *key == '\t')
        key++;
    for (char *e = key + strlen(key); e > key && (e[-1] == ' ' || e[-1] == '\t');)
        *--e = '\0';
    while (*val == ' ' || *val == '\t')
        val++;
    uint64_t u;
    if (strlen(key) == 1 && key[0] >= 'A' && key[0] <= 'H')
        return parse_channel(&cfg->ch[key[0] - 'A'], val, err, len);
    char *in_end;
    long input = strtol(key, &in_end, 10); /* a data logger's inputs: 1 … 16 */
    if (in_end != key && *in_end == '\0' && key[0] != '0' && input >= 1 && input <= SIM_MAX_CHANNELS)
        return parse_channel(&cfg->ch[input - 1], val, err, len);
    if (strcmp(key, "seed") == 0) {
        char *end;
        errno = 0;
        cfg->seed = strtoull(val, &end, 0);
        if (end == val || *end || errno == ERANGE || strchr(val, '-'))
            return fail(err, len, "seed '%s' is not a whole number in 0…18446744073709551615",
                        val);
    } else if (strcmp(key, "model") == 0) {
        static const char *const families[] = {"ps2000a", "ps3000a", "ps4000a", "ps5000a",
                                               "ps6000a", "psospa"};
        const struct pico_model *m = NULL;
        for (size_t i = 0; !m && i < sizeof families / sizeof *families; i++)
            m = pico_model_find(families[i], val);
        if (!m && !logger_model_named(val)) {
            char list[7][160];
            for (size_t i = 0; i < 6; i++)
                pico_model_list(families[i], list[i], sizeof list[i]);
            logger_model_list(list[6], sizeof list[6]);
            return fail(err, len, "model '%s' (%s; %s; %s; %s; %s; %s; %s)", val, list[0], list[1],
                        list[2], list[3], list[4], list[5], list[6]);
        }
        snprintf(cfg->model, sizeof cfg->model, "%s", val);
    } else if (strcmp(key, "clock") == 0) {
        char *comma = strchr(val, ',');
        const char *a = val, *b = comma ? comma + 1 : "";
        double off, ppm;
        if (comma)
            *comma = '\0';
        if (!comma || parse_number(&a, &off) < 0 || *a || parse_number(&b, &ppm) < 0 || *b ||
            fabs(off) > 1e6 || fabs(ppm) > 1e5)
            return fail(err, len, "clock: expected OFFSET,PPM as in clock=1.5ms,3 (the unit's "
                        "sample 0 at that true time, its sample interval that many ppm longer)");
        cfg->clock_offset_s = off;
        cfg->clock_user_s = off;
        cfg->clock_ppm = ppm;
    } else if (strcmp(key, "speed") == 0) {
        const char *p = val;
        double x;
        if (parse_number(&p, &x) < 0 || *p || !(x >= 1 && x <= 1e7))
            return fail(err, len, "speed '%s': how many times faster than real time the "
                        "logger's clock runs (1…1e7; for tests)", val);
        cfg->speed = x;
    } else if (strcmp(key, "fifo") == 0) {
        if (parse_uint(val, &u) < 0 || u < 1024)
            return fail(err, len, "fifo '%s' must be at least 1k samples", val);
        cfg->fifo_samples = u;
    } else if (strcmp(key, "power") == 0) {
        if (strcmp(val, "ok") == 0)
            cfg->power_status = 0;
        else if (strcmp(val, "nopsu") == 0)
            cfg->power_status = 282;
        else if (strcmp(val, "usb2") == 0)
            cfg->power_status = 286;
        else
            return fail(err, len, "power '%s' (ok, nopsu or usb2)", val);
    } else if (strcmp(key, "unplug") == 0) {
        if (parse_uint(val, &u) < 0)
            return fail(err, len, "unplug '%s' is not a sample count", val);
        cfg->unplug_after = u;
    } else if (strcmp(key, "busy") == 0) {
        if (parse_uint(val, &u) < 0 || u == 1 || u > 1000000)
            return fail(err, len, "busy '%s': every how many polls (2…1000000, 0 = never)", val);
        cfg->busy_every = (uint32_t)u;
    } else if (strcmp(key, "freeze") == 0) {
        char *comma = strchr(val, ',');
        const char *t = comma ? comma + 1 : "";
        double secs;
        if (comma)
            *comma = '\0';
        if (!comma || parse_uint(val, &u) < 0 || parse_number(&t, &secs) < 0 || *t || secs <= 0)
            return fail(err, len, "freeze: expected SAMPLES,SECONDS as in freeze=1M,2s");
        cfg->freeze_at = u;
        cfg->freeze_s = secs;
    } else if (strcmp(key, "skew") == 0) {
        if (parse_uint(val, &u) < 0 || u > 1000000)
            return fail(err, len, "skew '%s': samples a channel may lag (0…1000000)", val);
        cfg->skew = (uint32_t)u;
    } else if (strcmp(key, "probes") == 0) {
        static const char *const names[] = {"none", "bnc", "2xbnc", "differential"};
        static const int32_t ids[] = {PICO_CONNECT_PROBE_NONE, PICO_CONNECT_PROBE_D9_BNC,
                                      PICO_CONNECT_PROBE_D9_2X_BNC,
                                      PICO_CONNECT_PROBE_DIFFERENTIAL};
        int c = 0;
        for (char *save = NULL, *t = strtok_r(val, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            size_t i = 0;
            while (i < 4 && strcmp(t, names[i]) != 0)
                i++;
            if (i == 4 || c == SIM_MAX_CHANNELS)
                return fail(err, len, "probes: '%s' is not a PicoConnect probe (one per input "
                            "from A: none, bnc, 2xbnc, differential)", t);
            cfg->probe[c++] = ids[i];
        }
        cfg->probes_set = 1;
    } else if (strcmp(key, "unprobe") == 0) {
        char *comma = strchr(val, ',');
        if (!comma || comma - val != 1 || val[0] < 'A' || val[0] >= 'A' + SIM_MAX_CHANNELS ||
            parse_uint(comma + 1, &u) < 0)
            return fail(err, len, "unprobe: expected CHANNEL,SAMPLES as in unprobe=B,200k");
        cfg->unprobe_channel = val[0] - 'A';
        cfg->unprobe_at = u;
    } else if (strcmp(key, "profile") == 0) {
        if (strcmp(val, "unlimited") && strcmp(val, "5000d"))
            return fail(err, len, "profile '%s' (5000d or unlimited)", val);
        cfg->unlimited = strcmp(val, "unlimited") == 0;
    } else if (strcmp(key, "units") == 0) {
        if (parse_uint(val, &u) < 0 || u < 1 || u > 4)
            return fail(err, len, "units '%s': how many units of the family are attached (1…4)",
                        val);
        cfg->units = (unsigned)u;
    } else {
        return fail(
            err, len,
            "unknown key '%s' (seed, A…H, 1…16, model, fifo, power, unplug, busy, freeze, skew, "
            "probes, unprobe, profile, units, clock, speed)", key);
    }
    return 0;
}

int sim_config_parse(struct sim_config *cfg, const char *spec, char *err, size_t err_len)
{
    char *copy = strdup(spec);
    if (!copy)
        return fail(err, err_len, "out of memory");
    int rc = 0;
    char *save = NULL;
    for (char *s = strtok_r(copy, ";\n", &save); s; s = strtok_r(NULL, ";\n", &save)) {
        char *hash = strchr(s, '#');
        if (hash)
            *hash = '\0';
        char *q = s;
        while (isspace((unsigned char)*q))
            q++;
        if (*q == '\0')
            continue;
        char msg[200];
        if (parse_statement(cfg, q, msg, sizeof msg) < 0) {
            rc = fail(err, err_len, "simulator config: %s", msg);
            break;
        }
    }
    free(copy);
    return rc;
}

void sim_config_default(struct sim_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->model[0] = '\0'; /* each library's own default variant */
    cfg->unprobe_channel = -1;
    cfg->fifo_samples = 512u << 20; /* a 5444D's 512 MS of capture memory */
    cfg->speed = 1;
    cfg->units = 1;
    char err[8];
    sim_config_parse(cfg, default_spec, err, sizeof err);
}

/* The shortest decimal that reads back as exactly v. */
static void shortest(double v, char *out, size_t len)
{
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(out, len, "%.0f", v);
        return;
    }
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(out, len, "%.*g", digits, v);
        if (strtod(out, NULL) == v)
            return;
    }
}

int sim_config_format_signals(const struct sim_config *cfg, char *buf, size_t len)
{
    size_t at = 0;
    int n = snprintf(buf, len, "seed=%llu", (unsigned long long)cfg->seed);
    if (n < 0 || (size_t)n >= len)
        return -1;
    at = (size_t)n;
    if (cfg->clock_offset_s != 0 || cfg->clock_ppm != 0) { /* ref() terms depend on it */
        char o[32], p[32];
        shortest(cfg->clock_offset_s, o, sizeof o);
        shortest(cfg->clock_ppm, p, sizeof p);
        n = snprintf(buf + at, len - at, ";clock=%s,%s", o, p);
        if (n < 0 || (size_t)n >= len - at)
            return -1;
        at += (size_t)n;
    }
    for (int c = 0; c < SIM_MAX_CHANNELS; c++) {
        const struct sim_channel_spec *ch = &cfg->ch[c];
        if (ch->n_terms == 0)
            continue;
        if (cfg->numbered || c >= 8) /* a logger's inputs 1 … 16 */
            n = snprintf(buf + at, len - at, ";%d=", c + 1);
        else
            n = snprintf(buf + at, len - at, ";%c=", 'A' + c);
        if (n < 0 || (size_t)n >= len - at)
            return -1;
        at += (size_t)n;
        for (int k = 0; k < ch->n_terms; k++) {
            const struct sim_term *t = &ch->term[k];
            n = snprintf(buf + at, len - at, "%s%s(", k ? "+" : "", kinds[t->kind].name);
            if (n < 0 || (size_t)n >= len - at)
                return -1;
            at += (size_t)n;
            for (int a = 0; a < kinds[t->kind].max_args; a++) {
                char num[32];
                shortest(t->p[a], num, sizeof num);
                n = snprintf(buf + at, len - at, "%s%s", a ? "," : "", num);
                if (n < 0 || (size_t)n >= len - at)
                    return -1;
                at += (size_t)n;
            }
            if (at + 1 >= len)
                return -1;
            buf[at++] = ')';
            buf[at] = '\0';
        }
    }
    return (int)at;
}

void sim_clock_anchor(struct sim_config *cfg)
{
    bool ref = false;
    for (int c = 0; c < SIM_MAX_CHANNELS; c++)
        for (int k = 0; k < cfg->ch[c].n_terms; k++)
            ref |= cfg->ch[c].term[k].kind == SIM_REF;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    cfg->clock_offset_s = cfg->clock_user_s + (ref ? (double)ts.tv_sec + ts.tv_nsec * 1e-9 : 0);
}
