/* Recording sets: one capture per device, started back to back, each in its own threads, so a
 * fault on one device ends only its recording; the collection ties them with start times. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "picostream/capture.h"
#include "picostream/collection.h"
#include "picostream/device.h"
#include "picostream/sigmf.h"

struct ps_set {
    char name[4096];
    unsigned n;
    ps_capture *cap[PS_SET_MAX_DEVICES];
    char member[PS_SET_MAX_DEVICES][4200]; /* SET-k: the capture's output name */
    ps_collection col;
    bool finished;
};

/* The host clock's view: each device's start against device 1's. */
static void host_offsets(ps_set *s)
{
    for (unsigned k = 0; k < s->n; k++) {
        ps_set_member *m = &s->col.m[k];
        ps_capture_start_time(s->cap[k], &m->start_unix, &m->start_uncertainty_s);
    }
    for (unsigned k = 0; k < s->n; k++) {
        ps_set_member *m = &s->col.m[k], *m0 = &s->col.m[0];
        m->offset_s = m->start_unix - m0->start_unix;
        m->offset_uncertainty_s = m->start_uncertainty_s + m0->start_uncertainty_s;
        m->drift_ppm = 0;
        m->drift_uncertainty_ppm = 0; /* unknown until measured */
        m->measured = false;
    }
}

ps_status ps_set_start(ps_set **out, const char *set, ps_device *const *devs,
                       const ps_capture_config *cfgs, unsigned n, ps_error *err)
{
    *out = NULL;
    if (n < 1 || n > PS_SET_MAX_DEVICES)
        return ps_fail(err, PS_ERR_ARG, "a recording set of %u devices (1…%d)", n,
                       PS_SET_MAX_DEVICES);
    ps_set *s = calloc(1, sizeof *s);
    if (!s)
        return ps_fail(err, PS_ERR_NOMEM, "set: out of memory");
    snprintf(s->name, sizeof s->name, "%s", set);
    const char *slash = strrchr(set, '/');
    ps_status st = PS_OK;
    for (unsigned k = 0; k < n && st == PS_OK; k++) {
        ps_capture_config cfg = cfgs[k];
        snprintf(s->member[k], sizeof s->member[k], "%s-%u", set, k + 1);
        cfg.name = s->member[k];
        st = ps_capture_start(&s->cap[k], devs[k], &cfg, NULL, err);
        if (st != PS_OK) {
            size_t used = strlen(err ? err->msg : "");
            if (err)
                snprintf(err->msg + used, sizeof err->msg - used, " (device %u of the set)",
                         k + 1);
            break;
        }
        s->n = k + 1;
        ps_set_member *m = &s->col.m[k];
        snprintf(m->name, sizeof m->name, "%s-%u", slash ? slash + 1 : set, k + 1);
        ps_device_info info;
        ps_device_get_info(devs[k], &info);
        snprintf(m->device, sizeof m->device, "%s%s %s %s", info.is_simulator ? "sim:" : "",
                 info.family, info.model, info.serial);
    }
    s->col.n = s->n;
    if (st == PS_OK) {
        host_offsets(s);
        st = ps_collection_write(set, &s->col, err);
    }
    if (st != PS_OK) { /* nothing left behind: stop what started, remove its files */
        for (unsigned k = 0; k < s->n; k++) {
            ps_capture_request_stop(s->cap[k]);
            ps_capture_destroy(s->cap[k]);
            char meta[4400], data[4400], ov[4400];
            if (ps_sigmf_paths(s->member[k], meta, data, sizeof meta, NULL) == PS_OK) {
                remove(meta);
                remove(data);
            }
            snprintf(ov, sizeof ov, "%s.picostream-overview", s->member[k]);
            remove(ov);
        }
        free(s);
        return st;
    }
    *out = s;
    return PS_OK;
}

ps_capture *ps_set_capture(ps_set *s, unsigned k)
{
    return k < s->n ? s->cap[k] : NULL;
}

unsigned ps_set_size(const ps_set *s)
{
    return s->n;
}

void ps_set_request_stop(ps_set *s)
{
    for (unsigned k = 0; k < s->n; k++)
        ps_capture_request_stop(s->cap[k]);
}

bool ps_set_done(const ps_set *s)
{
    for (unsigned k = 0; k < s->n; k++)
        if (!ps_capture_done(s->cap[k]))
            return false;
    return true;
}

ps_status ps_set_finish(ps_set *s, ps_status *statuses, ps_error *errs, ps_error *err)
{
    ps_status first = PS_OK;
    for (unsigned k = 0; k < s->n; k++) {
        ps_error e = {0};
        ps_status st = ps_capture_finish(s->cap[k], NULL, &e);
        if (statuses)
            statuses[k] = st;
        if (errs)
            errs[k] = e;
        if (st != PS_OK && first == PS_OK) {
            first = st;
            if (err)
                ps_fail(err, st, "device %u: %s", k + 1, e.msg);
        }
    }
    s->finished = true;
    ps_error ce;
    ps_status st = ps_collection_write(s->name, &s->col, &ce); /* the final metas' hashes */
    if (st != PS_OK && first == PS_OK) {
        first = st;
        if (err)
            *err = ce;
    }
    return first;
}

const ps_collection *ps_set_collection(const ps_set *s)
{
    return &s->col;
}

void ps_set_destroy(ps_set *s)
{
    if (!s)
        return;
    if (!s->finished)
        ps_set_finish(s, NULL, NULL, NULL);
    for (unsigned k = 0; k < s->n; k++)
        ps_capture_destroy(s->cap[k]);
    free(s);
}
