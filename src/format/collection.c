/* SigMF collections for recording sets: NAME.sigmf-collection lists each device's recording
 * (core:streams, the meta's SHA-512 as SigMF asks) and picostream's devices and alignment. */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "format_int.h"
#include "picostream/collection.h"

#define EXT ".sigmf-collection"

static ps_status collection_path(const char *set, char *buf, size_t len, ps_error *err)
{
    size_t n = strlen(set), e = strlen(EXT);
    if (n >= e && strcmp(set + n - e, EXT) == 0)
        n -= e;
    if (n == 0 || n + e + 1 > len)
        return ps_fail(err, PS_ERR_ARG, "recording set name '%s': empty or too long", set);
    snprintf(buf, len, "%.*s%s", (int)n, set, EXT);
    return PS_OK;
}

bool ps_collection_exists(const char *name)
{
    char path[4200];
    struct stat sb;
    return collection_path(name, path, sizeof path, NULL) == PS_OK && stat(path, &sb) == 0;
}

/* The folder of the collection file, with its slash ("" for the working directory). */
static void folder_of(const char *path, char *buf, size_t len)
{
    const char *slash = strrchr(path, '/');
    snprintf(buf, len, "%.*s", slash ? (int)(slash - path + 1) : 0, path);
}

ps_status ps_collection_member(const char *set, const ps_collection *c, unsigned k, char *buf,
                               size_t len, ps_error *err)
{
    char path[4200], dir[4200];
    ps_status st = collection_path(set, path, sizeof path, err);
    if (st != PS_OK)
        return st;
    if (k >= c->n)
        return ps_fail(err, PS_ERR_ARG, "device %u: the set has devices 1…%u", k + 1, c->n);
    folder_of(path, dir, sizeof dir);
    if ((size_t)snprintf(buf, len, "%s%s", dir, c->m[k].name) >= len)
        return ps_fail(err, PS_ERR_ARG, "device %u: path too long", k + 1);
    return PS_OK;
}

/* SHA-512 of a file, as lowercase hex; "" when it cannot be read. */
static void sha512_file(const char *path, char hex[2 * SHA512_DIGEST_SIZE + 1])
{
    hex[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    struct sha512_ctx ctx;
    sha512_init(&ctx);
    unsigned char buf[65536], digest[SHA512_DIGEST_SIZE];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        sha512_update(&ctx, n, buf);
    bool ok = !ferror(f);
    fclose(f);
    if (!ok)
        return;
    sha512_digest(&ctx, SHA512_DIGEST_SIZE, digest);
    for (int i = 0; i < SHA512_DIGEST_SIZE; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

ps_status ps_collection_write(const char *set, const ps_collection *c, ps_error *err)
{
    char path[4200], dir[4200];
    ps_status st = collection_path(set, path, sizeof path, err);
    if (st != PS_OK)
        return st;
    if (c->n == 0 || c->n > PS_SET_MAX_DEVICES)
        return ps_fail(err, PS_ERR_ARG, "a recording set of %u devices (1…%d)", c->n,
                       PS_SET_MAX_DEVICES);
    folder_of(path, dir, sizeof dir);
    json_t *streams = json_array(), *devices = json_array();
    for (unsigned k = 0; k < c->n; k++) {
        const ps_set_member *m = &c->m[k];
        char meta[4600], hash[2 * SHA512_DIGEST_SIZE + 1];
        snprintf(meta, sizeof meta, "%s%s.sigmf-meta", dir, m->name);
        sha512_file(meta, hash);
        json_t *stream = json_pack("{s:s, s:s}", "name", m->name, "hash", hash);
        json_t *dev = json_pack("{s:s, s:s, s:f, s:f, s:f, s:f, s:f, s:f, s:b}", "name", m->name,
                               "device", m->device, "start_unix", m->start_unix,
                               "start_uncertainty_s", m->start_uncertainty_s, "offset_s",
                               m->offset_s, "offset_uncertainty_s", m->offset_uncertainty_s,
                               "drift_ppm", m->drift_ppm, "drift_uncertainty_ppm",
                               m->drift_uncertainty_ppm, "measured", m->measured);
        /* a name that is not UTF-8, a number that is not finite: refused, never dropped */
        if (!stream || !dev || json_array_append_new(streams, stream) != 0 ||
            json_array_append_new(devices, dev) != 0) {
            json_decref(streams);
            json_decref(devices);
            return ps_fail(err, PS_ERR_ARG, "%s: device %u (%s) cannot be written: a name "
                           "that is not UTF-8 or a time that is not a number", path, k + 1,
                           m->name);
        }
    }
    json_t *col = json_pack("{s:s, s:s, s:o, s:o}", "core:version", "1.2.0", "core:description",
                            "picostream recording set: one recording per device; offsets and "
                            "drifts relative to device 1",
                            "core:streams", streams, "picostream:devices", devices);
    if (c->align_on[0])
        json_object_set_new(col, "picostream:align_on", json_string(c->align_on));
    json_t *root = json_pack("{s:o}", "collection", col);
    char *text = root ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                                             JSON_REAL_PRECISION(17))
                      : NULL;
    json_decref(root);
    if (!text)
        return ps_fail(err, PS_ERR_NOMEM, "collection: out of memory");
    st = atomic_file_replace(path, text, strlen(text), err);
    free(text);
    return st;
}

static double number(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static ps_status collection_read(const char *set, ps_collection *c, bool verify, ps_error *err);

/* Each member's meta is the one the collection's SHA-512 names: not changed, not swapped. */
static ps_status check_hashes(json_t *col, const char *path, const ps_collection *c,
                              ps_error *err)
{
    json_t *streams = json_object_get(col, "core:streams");
    char dir[4200];
    folder_of(path, dir, sizeof dir);
    for (unsigned k = 0; k < c->n; k++) {
        json_t *s = json_array_get(streams, k);
        const char *name = json_string_value(json_object_get(s, "name"));
        const char *want = json_string_value(json_object_get(s, "hash"));
        char meta[4600], hash[2 * SHA512_DIGEST_SIZE + 1];
        snprintf(meta, sizeof meta, "%s%s.sigmf-meta", dir, c->m[k].name);
        sha512_file(meta, hash);
        if (!name || strcmp(name, c->m[k].name) != 0 || !want || !hash[0] ||
            strcmp(want, hash) != 0)
            return ps_fail(err, PS_ERR_FORMAT, "%s: device %u's recording %s is not the one "
                           "the set recorded (changed, swapped or unreadable since); if that is "
                           "intended, re-hash the set (the align command's `rehash`)",
                           path, k + 1, c->m[k].name);
    }
    return PS_OK;
}

ps_status ps_collection_read(const char *set, ps_collection *c, ps_error *err)
{
    return collection_read(set, c, true, err);
}

ps_status ps_collection_read_unverified(const char *set, ps_collection *c, ps_error *err)
{
    return collection_read(set, c, false, err);
}

static ps_status collection_read(const char *set, ps_collection *c, bool verify, ps_error *err)
{
    memset(c, 0, sizeof *c);
    char path[4200];
    ps_status st = collection_path(set, path, sizeof path, err);
    if (st != PS_OK)
        return st;
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root)
        return ps_fail(err, errno == ENOENT ? PS_ERR_IO : PS_ERR_FORMAT, "%s: %s", path, je.text);
    json_t *col = json_object_get(root, "collection");
    json_t *devices = json_object_get(col, "picostream:devices");
    size_t n = json_array_size(devices);
    if (!json_is_array(devices) || n == 0 || n > PS_SET_MAX_DEVICES) {
        json_decref(root);
        return ps_fail(err, PS_ERR_FORMAT, "%s: not a picostream recording set (no "
                       "picostream:devices, or more than %d)", path, PS_SET_MAX_DEVICES);
    }
    c->n = (unsigned)n;
    for (size_t k = 0; k < n && st == PS_OK; k++) {
        json_t *d = json_array_get(devices, k);
        ps_set_member *m = &c->m[k];
        const char *name = json_string_value(json_object_get(d, "name"));
        const char *dev = json_string_value(json_object_get(d, "device"));
        /* a member is a plain name beside the collection: nothing that climbs out of it */
        if (!name || !name[0] || strchr(name, '/') || strlen(name) >= sizeof m->name) {
            st = ps_fail(err, PS_ERR_FORMAT, "%s: device %zu has no usable name", path, k + 1);
            break;
        }
        snprintf(m->name, sizeof m->name, "%s", name);
        snprintf(m->device, sizeof m->device, "%s", dev ? dev : "");
        m->start_unix = number(d, "start_unix");
        m->start_uncertainty_s = number(d, "start_uncertainty_s");
        m->offset_s = number(d, "offset_s");
        m->offset_uncertainty_s = number(d, "offset_uncertainty_s");
        m->drift_ppm = number(d, "drift_ppm");
        m->drift_uncertainty_ppm = number(d, "drift_uncertainty_ppm");
        m->measured = json_is_true(json_object_get(d, "measured"));
        if (!isfinite(m->offset_s) || !isfinite(m->drift_ppm) || fabs(m->drift_ppm) > 1e5 ||
            fabs(m->offset_s) > 1e9 || !isfinite(m->start_unix) ||
            !isfinite(m->start_uncertainty_s) || !isfinite(m->offset_uncertainty_s) ||
            !isfinite(m->drift_uncertainty_ppm))
            st = ps_fail(err, PS_ERR_FORMAT, "%s: device %zu's times, offset or drift are "
                         "not numbers in range", path, k + 1);
    }
    const char *on = json_string_value(json_object_get(col, "picostream:align_on"));
    snprintf(c->align_on, sizeof c->align_on, "%s", on ? on : "");
    if (st == PS_OK && verify)
        st = check_hashes(col, path, c, err);
    json_decref(root);
    return st;
}
