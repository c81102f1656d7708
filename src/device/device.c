/* Finding and loading the driver library, then handing over to its backend. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "device_int.h"
#include "logger_int.h"
#include "pico_abi.h"
#include "pico_models.h"
#include "logger_models.h"

static const char *const libs_2000a[] = {"libps2000a.so.2", "libps2000a.so", NULL};
static const char *const libs_3000a[] = {"libps3000a.so.2", "libps3000a.so", NULL};
static const char *const libs_4000a[] = {"libps4000a.so.2", "libps4000a.so", NULL};
static const char *const libs_5000a[] = {"libps5000a.so.2", "libps5000a.so", NULL};
static const char *const libs_6000a[] = {"libps6000a.so.2", "libps6000a.so", NULL};
static const char *const libs_psospa[] = {"libpsospa.so.2", "libpsospa.so", NULL};
static const char *const libs_pl1000[] = {"libpl1000.so.2", "libpl1000.so", NULL};
static const char *const libs_picohrdl[] = {"libpicohrdl.so.2", "libpicohrdl.so", NULL};
static const char *const libs_usbtc08[] = {"libusbtc08.so.2", "libusbtc08.so", NULL};
static const char *const libs_plcm3[] = {"libplcm3.so.2", "libplcm3.so", NULL};

/* The families, one row each; the first is what plain "sim" simulates. */
static const struct device_family families[] = {
    {"ps5000a", "5000D", libs_5000a, "libps5000a.so.2", &callback_backend_ops, 4, false, false,
     true, true, true, NULL},
    {"ps6000a", "6000E", libs_6000a, "libps6000a.so.2", &info_backend_ops, 8, true, false,
     true, true, true, NULL},
    {"psospa", "3000E", libs_psospa, "libpsospa.so.2", &info_backend_ops, 4, false, true,
     true, true, true, NULL},
    {"ps2000a", "2000A/B", libs_2000a, "libps2000a.so.2", &callback_backend_ops, 4, false, false,
     false, false, false, NULL},
    {"ps3000a", "3000D", libs_3000a, "libps3000a.so.2", &callback_backend_ops, 4, false, false,
     false, true, false, NULL},
    {"ps4000a", "4000A", libs_4000a, "libps4000a.so.2", &callback_backend_ops, 8, false, false,
     false, true, true, NULL},
    {.name = "pl1000", .product = "PicoLog 1000", .libs = libs_pl1000,
     .sim_lib = "libpl1000.so.2", .ops = &logger_backend_ops, .max_channels = 16,
     .logger = &pl1000_api},
    {.name = "picohrdl", .product = "ADC-20/ADC-24", .libs = libs_picohrdl,
     .sim_lib = "libpicohrdl.so.2", .ops = &logger_backend_ops, .max_channels = 16,
     .logger = &hrdl_api},
    {.name = "usbtc08", .product = "TC-08", .libs = libs_usbtc08, .sim_lib = "libusbtc08.so.2",
     .ops = &logger_backend_ops, .max_channels = 8, .logger = &usbtc08_api},
    {.name = "plcm3", .product = "PicoLog CM3", .libs = libs_plcm3, .sim_lib = "libplcm3.so.2",
     .ops = &logger_backend_ops, .max_channels = 3, .logger = &plcm3_api},
};
#define N_FAMILIES (sizeof families / sizeof *families)

static const struct device_family *family_named(const char *name)
{
    for (size_t i = 0; i < N_FAMILIES; i++)
        if (strcmp(name, families[i].name) == 0)
            return &families[i];
    return NULL;
}

ps_status device_resolve(void *lib, const char *path, const char *const *names, void **fns,
                         size_t n, ps_error *err)
{
    for (size_t i = 0; i < n; i++) {
        dlerror();
        fns[i] = dlsym(lib, names[i]);
        if (!fns[i]) {
            const char *why = dlerror();
            return ps_fail(err, PS_ERR_DRIVER, "%s: missing symbol %s (%s)", path, names[i],
                           why ? why : "no such symbol");
        }
    }
    return PS_OK;
}

double device_wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

ps_status device_driver_fail(ps_error *err, const char *what, const char *fn, uint32_t status)
{
    return ps_fail(err, PS_ERR_DRIVER, "%s%s%s returned %s (%u)", what ? what : "",
                   what ? ": " : "", fn, pico_status_name(status), status);
}

const char *ps_device_family(unsigned i, const char **product)
{
    if (i >= N_FAMILIES)
        return NULL;
    if (product)
        *product = families[i].product;
    return families[i].name;
}

const char *ps_device_family_models(const char *family, char *buf, size_t len)
{
    const struct device_family *fam = family_named(family);
    if (fam && fam->logger)
        return logger_model_describe(family, buf, len > 65535 ? 65535 : (unsigned)len);
    return pico_model_describe(family, buf, len > 65535 ? 65535 : (unsigned)len);
}

const char *ps_downsample_name(ps_downsample_mode mode)
{
    static const char *const names[] = {"none", "decimate", "average", "aggregate"};
    return (unsigned)mode < 4 ? names[mode] : "?";
}

const char *ps_device_sim_path(const char *family, char *buf, size_t len)
{
    const struct device_family *fam = family_named(family ? family : "ps5000a");
    if (!fam)
        return NULL;
    /* beside the program (build tree: build/sim/; installed: PREFIX/lib/picostream/sim/ beside
     * PREFIX/bin), or beside libpicostream.so itself (PREFIX/lib/picostream/sim/) */
    char here[2][4096];
    ssize_t n = readlink("/proc/self/exe", here[0], sizeof here[0] - 1);
    here[0][n > 0 ? n : 0] = '\0';
    Dl_info di;
    here[1][0] = '\0';
    if (dladdr((void *)ps_device_sim_path, &di) && di.dli_fname)
        snprintf(here[1], sizeof here[1], "%s", di.dli_fname);
    static const char *const rel[] = {"/sim/", "/../lib/picostream/sim/", "/picostream/sim/"};
    for (int h = 0; h < 2; h++) {
        char *slash = strrchr(here[h], '/');
        if (!slash)
            continue;
        *slash = '\0';
        for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
            snprintf(buf, len, "%s%s%s", here[h], rel[i], fam->sim_lib);
            if (access(buf, R_OK) == 0)
                return buf;
        }
    }
    return NULL;
}

/* One of names by the loader's own search (LD_LIBRARY_PATH, the ldconfig cache: the library
 * reads no environment itself), then in /opt/picoscope/lib; path is where it was found. */
static void *search_vendor(const struct device_family *ops, char *path, size_t len, char *why,
                           size_t why_len)
{
    for (int pass = 0; pass < 2; pass++) {
        for (const char *const *nm = ops->libs; *nm; nm++) {
            snprintf(path, len, "%s%s", pass ? "/opt/picoscope/lib/" : "", *nm);
            if (pass && access(path, F_OK) != 0)
                continue;
            void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
            struct link_map *lm = NULL;
            if (lib && dlinfo(lib, RTLD_DI_LINKMAP, &lm) == 0 && lm && lm->l_name[0])
                snprintf(path, len, "%s", lm->l_name);
            if (lib)
                return lib;
            const char *e = dlerror();
            if (e && !strstr(e, "No such file")) /* found, but it would not load: say why */
                snprintf(why, why_len, "%s", e);
        }
    }
    return NULL;
}

unsigned device_check_channels(const ps_device *dev, const ps_device_config *cfg,
                               ps_stream_params *p, ps_error *err)
{
    unsigned n_en = 0;
    for (unsigned c = 0; c < PS_MAX_CHANNELS; c++) {
        const ps_channel_config *ch = &cfg->channel[c];
        if (!ch->enabled)
            continue;
        if (ch->numbered) {
            ps_fail(err, PS_ERR_ARG, "input %u: the %s's channels are A…%c (-c A:2V)", c + 1,
                    dev->info.model, 'A' + dev->info.n_channels - 1);
            return 0;
        }
        if (c >= dev->info.n_channels) {
            ps_fail(err, PS_ERR_ARG, "channel %c: not on this %s (channels A…%c)", 'A' + c,
                    dev->info.model, 'A' + dev->info.n_channels - 1);
            return 0;
        }
        /* the callback style checks against its variant's own ranges when it sets them */
        if (dev->family->ops == &info_backend_ops && ps_device_range_index(ch->range_v) < 0) {
            ps_fail(err, PS_ERR_ARG,
                    "channel %c: range %gV not available on the %s (10mV, 20mV, 50mV, 100mV, "
                    "200mV, 500mV, 1V, 2V, 5V, 10V, 20V)",
                    'A' + c, ch->range_v, dev->family->product);
            return 0;
        }
        if ((ch->coupling == PS_COUPLING_DC50 || ch->bandwidth_hz > 0) &&
            dev->family->ops != &info_backend_ops) {
            ps_fail(err, PS_ERR_ARG, "channel %c: %s not available on the %s", 'A' + c,
                    ch->coupling == PS_COUPLING_DC50 ? "50 Ω coupling is" : "a bandwidth limit is",
                    dev->family->product);
            return 0;
        }
        if (ch->coupling == PS_COUPLING_DC50 && ch->range_v > 5.000001) {
            ps_fail(err, PS_ERR_ARG, "channel %c: range %gV is above what the %s's 50 Ω input "
                    "takes (10mV…5V)", 'A' + c, ch->range_v, dev->family->product);
            return 0;
        }
        p->channel_index[n_en++] = c;
    }
    if (n_en == 0)
        ps_fail(err, PS_ERR_ARG, "no channel enabled");
    return n_en;
}

ps_status device_trigger_counts(const ps_device_config *cfg, int16_t adc_max, int16_t *counts,
                                ps_error *err)
{
    const ps_trigger_config *t = &cfg->trigger;
    if (t->channel >= PS_MAX_CHANNELS || !cfg->channel[t->channel].enabled)
        return ps_fail(err, PS_ERR_ARG, "trigger: channel %c is not enabled", 'A' + t->channel);
    const ps_channel_config *ch = &cfg->channel[t->channel];
    double c = (t->level_v + ch->analog_offset_v) / ch->range_v * adc_max;
    if (fabs(c) > adc_max)
        return ps_fail(err, PS_ERR_ARG, "trigger: level %gV is outside channel %c's range ±%gV",
                       t->level_v, 'A' + t->channel, ch->range_v);
    *counts = (int16_t)lround(c);
    return PS_OK;
}

uint32_t device_ratio_mode(ps_downsample_mode d)
{
    switch (d) {
    case PS_DOWNSAMPLE_DECIMATE: return PS5000A_RATIO_MODE_DECIMATE;
    case PS_DOWNSAMPLE_AVERAGE: return PS5000A_RATIO_MODE_AVERAGE;
    case PS_DOWNSAMPLE_AGGREGATE: return PS5000A_RATIO_MODE_AGGREGATE;
    default: return PS5000A_RATIO_MODE_NONE;
    }
}

int device_trigger_direction(ps_trigger_dir d)
{
    static const int dir[] = {PS5000A_RISING, PS5000A_FALLING, PS5000A_RISING_OR_FALLING,
                              PS5000A_ABOVE, PS5000A_BELOW};
    return dir[d];
}

static void info_string(device_unit_info_fn fn, int16_t handle, pico_info what, char *out,
                        size_t len)
{
    int16_t need = 0;
    if (fn(handle, (int8_t *)out, (int16_t)len, &need, what) != PICO_OK || need > (int16_t)len)
        out[0] = '\0';
}

void device_read_info(ps_device *dev, device_unit_info_fn fn, int16_t handle)
{
    ps_device_info *i = &dev->info;
    info_string(fn, handle, PICO_VARIANT_INFO, i->model, sizeof i->model);
    info_string(fn, handle, PICO_BATCH_AND_SERIAL, i->serial, sizeof i->serial);
    info_string(fn, handle, PICO_DRIVER_VERSION, i->driver_version, sizeof i->driver_version);
    info_string(fn, handle, PICO_USB_VERSION, i->usb_version, sizeof i->usb_version);
    i->is_simulator = strstr(i->driver_version, "picostream-sim") != NULL;
    i->sim_spec[0] = '\0';
    if (i->is_simulator)
        info_string(fn, handle, PICOSTREAM_SIM_INFO_SPEC, i->sim_spec, sizeof i->sim_spec);
}

ps_status device_sim_refusal(device_unit_info_fn fn, ps_error *err)
{
    char why[256] = "";
    int16_t need = 0;
    if (fn(0, (int8_t *)why, (int16_t)sizeof why, &need, PICOSTREAM_SIM_INFO_ERROR) != PICO_OK ||
        !why[0])
        return PS_OK;
    return ps_fail(err, PS_ERR_ARG, "%s", why);
}

/* A driver takes one call at a time (PICO_DRIVER_FUNCTION otherwise): the devices opened from
 * one library (its units) share one lock, held over every call into it. */
#define LIB_LOCKS 16
static struct {
    void *lib;
    unsigned refs;
    pthread_mutex_t m;
} lib_locks[LIB_LOCKS];
static pthread_mutex_t lib_locks_guard = PTHREAD_MUTEX_INITIALIZER;

static pthread_mutex_t *lib_lock_take(void *lib)
{
    pthread_mutex_t *m = NULL;
    pthread_mutex_lock(&lib_locks_guard);
    for (int i = 0; i < LIB_LOCKS && !m; i++)
        if (lib_locks[i].refs && lib_locks[i].lib == lib) {
            lib_locks[i].refs++;
            m = &lib_locks[i].m;
        }
    for (int i = 0; i < LIB_LOCKS && !m; i++)
        if (!lib_locks[i].refs && pthread_mutex_init(&lib_locks[i].m, NULL) == 0) {
            lib_locks[i].lib = lib;
            lib_locks[i].refs = 1;
            m = &lib_locks[i].m;
        }
    pthread_mutex_unlock(&lib_locks_guard);
    return m;
}

static void lib_lock_drop(pthread_mutex_t *m)
{
    pthread_mutex_lock(&lib_locks_guard);
    for (int i = 0; i < LIB_LOCKS; i++)
        if (lib_locks[i].refs && &lib_locks[i].m == m && --lib_locks[i].refs == 0)
            pthread_mutex_destroy(&lib_locks[i].m);
    pthread_mutex_unlock(&lib_locks_guard);
}

/* "sim", "sim:ps6000a", "ps6000a", … → the family and whether it is simulated. */
static const struct device_family *parse_kind(const char *kind, bool *is_sim, ps_error *err)
{
    *is_sim = strcmp(kind, "sim") == 0 || strncmp(kind, "sim:", 4) == 0;
    const struct device_family *fam =
        strcmp(kind, "sim") == 0 ? &families[0] : family_named(*is_sim ? kind + 4 : kind);
    if (!fam)
        ps_fail(err, PS_ERR_ARG, "unknown device '%s' (sim, sim:ps2000a, sim:ps3000a, "
                "sim:ps4000a, sim:ps5000a, sim:ps6000a, sim:psospa, sim:pl1000, sim:picohrdl, "
                "sim:usbtc08, sim:plcm3, or the same without sim:)", kind);
    return fam;
}

/* Loads the library for kind (a simulator, or a vendor family) without opening a unit. */
static void *load_library(const char *kind, const char *driver_path,
                          const struct device_family **fam_out, char *path, size_t len,
                          ps_error *err)
{
    bool is_sim;
    const struct device_family *fam = parse_kind(kind, &is_sim, err);
    if (!fam)
        return NULL;
    *fam_out = fam;
    void *lib;
    char why[512] = "";
    if (driver_path) {
        snprintf(path, len, "%s", driver_path);
        if (!(lib = dlopen(path, RTLD_NOW | RTLD_LOCAL)))
            ps_fail(err, PS_ERR_DRIVER, "cannot load driver %s: %s", path, dlerror());
        return lib;
    }
    if (is_sim) {
        if (!ps_device_sim_path(fam->name, path, len)) {
            ps_fail(err, PS_ERR_DRIVER,
                    "simulator library %s not found beside the program; pass `driver` PATH",
                    fam->sim_lib);
            return NULL;
        }
        if (!(lib = dlopen(path, RTLD_NOW | RTLD_LOCAL)))
            ps_fail(err, PS_ERR_DRIVER, "cannot load simulator %s: %s", path, dlerror());
        return lib;
    }
    if (!(lib = search_vendor(fam, path, len, why, sizeof why))) {
        if (why[0])
            ps_fail(err, PS_ERR_DRIVER, "cannot load %s driver: %s", kind, why);
        else
            ps_fail(err, PS_ERR_DRIVER,
                    "no %s driver found (searched LD_LIBRARY_PATH and "
                    "/opt/picoscope/lib for lib%s.so); install PicoSDK or pass `driver` PATH",
                    kind, kind);
    }
    return lib;
}

ps_status ps_device_enumerate(const char *kind, const char *driver_path, char *path,
                              size_t path_len, char *serials, size_t serials_len, int *count,
                              ps_error *err)
{
    *count = 0;
    serials[0] = '\0';
    const struct device_family *fam;
    void *lib = load_library(kind, driver_path, &fam, path, path_len, err);
    if (!lib)
        return err ? err->code : PS_ERR_DRIVER;
    if (fam->logger) { /* no enumerate call: open the first unit and ask it */
        dlclose(lib);
        ps_device *dev;
        ps_status st = ps_device_open(&dev, kind, driver_path, err);
        if (st != PS_OK)
            return st == PS_ERR_ARG ? st : PS_OK; /* none found: zero units */
        snprintf(serials, serials_len, "%s", dev->info.serial);
        *count = 1;
        ps_device_close(dev);
        return PS_OK;
    }
    char sym[64];
    snprintf(sym, sizeof sym, "%sEnumerateUnits", fam->name);
    pico_status (*enumerate)(int16_t *, int8_t *, int16_t *);
    ps_status st =
        device_resolve(lib, path, (const char *const[]){sym}, (void **)&enumerate, 1, err);
    if (st == PS_OK) {
        int16_t n = 0, len = (int16_t)(serials_len > 32767 ? 32767 : serials_len);
        pico_status ps = enumerate(&n, (int8_t *)serials, &len);
        if (ps != PICO_OK && ps != PICO_NOT_FOUND)
            st = device_driver_fail(err, NULL, sym, ps);
        *count = ps == PICO_OK ? n : 0;
        if (*count == 0)
            serials[0] = '\0';
    }
    dlclose(lib);
    return st;
}

/* Hands one of our simulators the spec its OpenUnit runs ("" for its own environment's). */
static ps_status hand_spec(ps_device *dev, const char *path, const char *spec, ps_error *err)
{
    char sym[64];
    snprintf(sym, sizeof sym, "%sGetUnitInfo", dev->family->name);
    device_unit_info_fn info;
    ps_status st = device_resolve(dev->lib, path, (const char *const[]){sym}, (void **)&info, 1,
                                  err);
    if (st != PS_OK)
        return st;
    size_t n = strlen(spec) + 1;
    if (n > 32767)
        return ps_fail(err, PS_ERR_ARG, "simulator spec of %zu bytes: too long", n - 1);
    pico_status ps = info(0, (int8_t *)(uintptr_t)spec, (int16_t)n, NULL,
                          PICOSTREAM_SIM_INFO_SET_SPEC);
    if (ps != PICO_OK && *spec)
        return ps_fail(err, PS_ERR_ARG, "%s takes no simulator spec (%s returned %s): not one "
                       "of picostream's simulators", path, sym, pico_status_name(ps));
    return PS_OK;
}

ps_status ps_device_open(ps_device **out, const char *kind, const char *driver_path, ps_error *err)
{
    return ps_device_open_sim(out, kind, driver_path, NULL, err);
}

ps_status ps_device_open_sim(ps_device **out, const char *kind, const char *driver_path,
                             const char *sim_spec, ps_error *err)
{
    *out = NULL;
    if (!kind)
        return ps_fail(err, PS_ERR_ARG, "no device kind given (sim, sim:ps6000a, ps5000a, …)");
    bool is_sim = strcmp(kind, "sim") == 0 || strncmp(kind, "sim:", 4) == 0;
    if (sim_spec && *sim_spec && !is_sim)
        return ps_fail(err, PS_ERR_ARG, "a simulator spec for '%s', which is not a simulator "
                       "(sim, sim:ps6000a, …)", kind);
    ps_device *dev = calloc(1, sizeof *dev);
    if (!dev)
        return ps_fail(err, PS_ERR_NOMEM, "device: out of memory");
    char path[1024] = "";
    dev->lib = load_library(kind, driver_path, &dev->family, path, sizeof path, err);
    if (!dev->lib) {
        free(dev);
        return err ? err->code : PS_ERR_DRIVER;
    }
    dev->ops = dev->family->ops;
    snprintf(dev->info.family, sizeof dev->info.family, "%s", dev->family->name);
    snprintf(dev->info.driver_path, sizeof dev->info.driver_path, "%.*s",
             (int)sizeof dev->info.driver_path - 1, path); /* a longer path is cut, knowingly */
    dev->want_sim = is_sim;
    dev->sim_spec_in = sim_spec;
    if (!(dev->call_lock = lib_lock_take(dev->lib))) {
        dlclose(dev->lib);
        free(dev);
        return ps_fail(err, PS_ERR_NOMEM, "device: more than %d driver libraries open", LIB_LOCKS);
    }
    pthread_mutex_lock(dev->call_lock);
    ps_status st = is_sim && !dev->family->logger ? hand_spec(dev, path, sim_spec ? sim_spec : "", err)
                                                  : PS_OK;
    if (st == PS_OK)
        st = dev->ops->open(dev, err);
    pthread_mutex_unlock(dev->call_lock);
    if (st != PS_OK) {
        lib_lock_drop(dev->call_lock);
        dlclose(dev->lib);
        free(dev);
        return st;
    }
    *out = dev;
    return PS_OK;
}

void ps_device_get_info(const ps_device *dev, ps_device_info *info)
{
    *info = dev->info;
}

/* One of our simulators' canonical spec, read again (what the meta records and verify replays). */
static void refresh_sim_spec(ps_device *dev)
{
    char spec[sizeof dev->info.sim_spec];
    if (dev->family->logger) {
        if (logger_sim_spec(dev, spec, sizeof spec))
            snprintf(dev->info.sim_spec, sizeof dev->info.sim_spec, "%s", spec);
        return;
    }
    char sym[64];
    snprintf(sym, sizeof sym, "%sGetUnitInfo", dev->family->name);
    device_unit_info_fn fn = (device_unit_info_fn)dlsym(dev->lib, sym);
    int16_t need = 0;
    if (fn && fn(dev->handle, (int8_t *)spec, (int16_t)sizeof spec, &need, PICOSTREAM_SIM_INFO_SPEC) ==
                  PICO_OK && spec[0])
        snprintf(dev->info.sim_spec, sizeof dev->info.sim_spec, "%s", spec);
}

ps_status ps_device_start(ps_device *dev, const ps_device_config *cfg, ps_stream_params *params,
                          ps_error *err)
{
    if (cfg->downsample_keep_raw) {
        if (cfg->downsample == PS_DOWNSAMPLE_NONE)
            return ps_fail(err, PS_ERR_ARG, "raw samples beside a reduced stream: no "
                           "`downsample` mode given");
        if (dev->ops != &info_backend_ops)
            return ps_fail(err, PS_ERR_ARG, "the %s streams one ratio mode at a time (%sRunStreaming "
                           "takes one): raw samples beside a reduced stream need a 6000E or 3000E",
                           dev->family->product, dev->family->name);
        if (cfg->trigger.enabled)
            return ps_fail(err, PS_ERR_ARG, "a trigger with raw samples beside a reduced stream "
                           "is not built: record the reduced stream alone, or raw alone");
    }
    pthread_mutex_lock(dev->call_lock);
    ps_status st = dev->ops->start(dev, cfg, params, err);
    if (st == PS_OK && dev->info.is_simulator) /* its clock may be anchored at the start */
        refresh_sim_spec(dev);
    pthread_mutex_unlock(dev->call_lock);
    return st;
}

ps_status ps_device_poll(ps_device *dev, ps_device_data_fn fn, void *arg, ps_poll_result *result,
                         ps_error *err)
{
    pthread_mutex_lock(dev->call_lock);
    ps_status st = dev->ops->poll(dev, fn, arg, result, err);
    pthread_mutex_unlock(dev->call_lock);
    return st;
}

ps_status ps_device_stop(ps_device *dev, ps_error *err)
{
    pthread_mutex_lock(dev->call_lock);
    ps_status st = dev->ops->stop(dev, err);
    pthread_mutex_unlock(dev->call_lock);
    return st;
}

void ps_device_close(ps_device *dev)
{
    if (!dev)
        return;
    pthread_mutex_lock(dev->call_lock);
    dev->ops->close(dev);
    pthread_mutex_unlock(dev->call_lock);
    lib_lock_drop(dev->call_lock);
    dlclose(dev->lib);
    free(dev);
}

int ps_device_range_index(double range_v)
{
    int i = pico_range_index(range_v);
    return i <= 10 ? i : -1; /* 10 mV … 20 V */
}
