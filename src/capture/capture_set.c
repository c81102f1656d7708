/* Recording sets: one capture per device, started back to back, each in its own threads, so a
 * fault on one device ends only its recording; the collection ties them with start times. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "picostream/capture.h"
#include "picostream/collection.h"
#include "picostream/device.h"
#include "picostream/sigmf.h"
#include "../common/thread_name.h"

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

/* One device's start, on a thread of its own so that every device starts at once; units of
 * one library start one after another on the first one's thread (a driver takes one call at a
 * time). */
struct starter {
    pthread_t thread;
    bool running;
    ps_device *dev;
    ps_capture_config cfg;
    ps_capture *cap;
    ps_status st;
    ps_error err;
    struct starter *then; /* the next unit of the same library */
};

static void *start_one(void *arg)
{
    common_thread_name("ps-set-start");
    for (struct starter *s = arg; s; s = s->then)
        s->st = ps_capture_start(&s->cap, s->dev, &s->cfg, NULL, &s->err);
    return NULL;
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
    struct starter go[PS_SET_MAX_DEVICES];
    memset(go, 0, sizeof go);
    /* every device configures and starts at the same time, each on its own thread (they are
     * different libraries, or different units of one): the starts lie as close as the host
     * allows; one that cannot get a thread starts here */
    bool chained[PS_SET_MAX_DEVICES] = {false};
    for (unsigned k = 0; k < n; k++) {
        snprintf(s->member[k], sizeof s->member[k], "%s-%u", set, k + 1);
        go[k].dev = devs[k];
        go[k].cfg = cfgs[k];
        go[k].cfg.name = s->member[k];
        ps_device_info ik;
        ps_device_get_info(devs[k], &ik);
        for (unsigned j = 0; j < k && !chained[k]; j++) {
            ps_device_info ij;
            ps_device_get_info(devs[j], &ij);
            if (strcmp(ij.driver_path, ik.driver_path) == 0) { /* after the last of j's chain */
                struct starter *last = &go[j];
                while (last->then)
                    last = last->then;
                last->then = &go[k];
                chained[k] = true;
            }
        }
    }
    for (unsigned k = 0; k < n; k++)
        if (!chained[k])
            go[k].running = pthread_create(&go[k].thread, NULL, start_one, &go[k]) == 0;
    for (unsigned k = 0; k < n; k++)
        if (!chained[k]) {
            if (go[k].running)
                pthread_join(go[k].thread, NULL);
            else
                start_one(&go[k]);
        }
    for (unsigned k = 0; k < n; k++)
        s->cap[k] = go[k].cap;
    for (unsigned k = 0; k < n && st == PS_OK; k++)
        if (go[k].st != PS_OK) {
            st = go[k].st;
            if (err)
                ps_fail(err, st, "device %u of the set: %s", k + 1, go[k].err.msg);
        }
    for (unsigned k = 0; k < n; k++) {
        if (!s->cap[k])
            continue;
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
            if (!s->cap[k])
                continue;
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
