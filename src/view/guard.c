/* What keeps the viewer answering the right people: the Host header (a hostile page reached
 * through DNS rebinding sends its own name) and a deadline for each request to arrive whole
 * (clients trickling header lines would otherwise hold every connection slot). */
#define _GNU_SOURCE
#include <ctype.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "view_int.h"

struct slot {
    bool used, answering; /* answering: its request arrived whole; the deadline is off */
    int fd;
    double since; /* when the connection opened, or its last answer was sent */
};

struct view_guard {
    pthread_mutex_t lock;
    pthread_t thread;
    bool thread_started, stopping;
    double deadline_s;
    size_t n;
    struct slot slots[];
};

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void *watch(void *arg)
{
    struct view_guard *g = arg;
    pthread_mutex_lock(&g->lock);
    while (!g->stopping) {
        double t = now_s();
        for (size_t i = 0; i < g->n; i++) {
            struct slot *s = &g->slots[i];
            /* under the lock the fd is still the connection's: CLOSED takes the lock first */
            if (s->used && !s->answering && t - s->since > g->deadline_s) {
                shutdown(s->fd, SHUT_RDWR);
                s->since = t; /* once: the server now closes it */
            }
        }
        pthread_mutex_unlock(&g->lock);
        struct timespec nap = {0, 100000000};
        nanosleep(&nap, NULL);
        pthread_mutex_lock(&g->lock);
    }
    pthread_mutex_unlock(&g->lock);
    return NULL;
}

struct view_guard *view_guard_create(size_t max_connections, double deadline_s)
{
    struct view_guard *g = calloc(1, sizeof *g + max_connections * sizeof(struct slot));
    if (!g)
        return NULL;
    g->n = max_connections;
    g->deadline_s = deadline_s;
    pthread_mutex_init(&g->lock, NULL);
    if (pthread_create(&g->thread, NULL, watch, g) != 0) {
        pthread_mutex_destroy(&g->lock);
        free(g);
        return NULL;
    }
    pthread_setname_np(g->thread, "ps-view-guard");
    g->thread_started = true;
    return g;
}

void view_guard_destroy(struct view_guard *g)
{
    if (!g)
        return;
    pthread_mutex_lock(&g->lock);
    g->stopping = true;
    pthread_mutex_unlock(&g->lock);
    if (g->thread_started)
        pthread_join(g->thread, NULL);
    pthread_mutex_destroy(&g->lock);
    free(g);
}

void view_guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                       enum MHD_ConnectionNotificationCode toe)
{
    struct view_guard *g = cls;
    pthread_mutex_lock(&g->lock);
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *info =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        *socket_context = NULL;
        for (size_t i = 0; info && i < g->n; i++)
            if (!g->slots[i].used) {
                g->slots[i] = (struct slot){true, false, info->connect_fd, now_s()};
                *socket_context = &g->slots[i];
                break;
            }
    } else if (*socket_context) {
        ((struct slot *)*socket_context)->used = false;
        *socket_context = NULL;
    }
    pthread_mutex_unlock(&g->lock);
}

static void mark(struct view_guard *g, struct MHD_Connection *c, bool answering)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    if (!info || !info->socket_context)
        return;
    pthread_mutex_lock(&g->lock);
    struct slot *s = info->socket_context;
    s->answering = answering;
    s->since = now_s();
    pthread_mutex_unlock(&g->lock);
}

void view_guard_answering(struct view_guard *g, struct MHD_Connection *c)
{
    mark(g, c, true);
}

void view_guard_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                          enum MHD_RequestTerminationCode toe)
{
    (void)con_cls;
    (void)toe;
    mark(cls, c, false); /* a kept-alive connection's next request has its own deadline */
}

/* name (no port) is one this server answers to without a token. */
static bool loopback_name(const char *name, const char *address)
{
    if (strcasecmp(name, "localhost") == 0 || strcmp(name, "[::1]") == 0 ||
        strcmp(name, address) == 0)
        return true;
    unsigned a, b, c, d;
    char end;
    return sscanf(name, "%u.%u.%u.%u%c", &a, &b, &c, &d, &end) == 4 && a == 127 && b < 256 &&
           c < 256 && d < 256;
}

bool view_host_allowed(const char *host, const char *address, unsigned port, bool token)
{
    if (token || !host) /* a token guards it; no Host: not a browser, so not a rebinding */
        return true;
    char name[256];
    size_t n = strlen(host);
    const char *colon = host[0] == '[' ? strchr(host, ']') : strchr(host, ':');
    if (host[0] == '[' && colon)
        colon = colon[1] == ':' ? colon + 1 : (colon[1] ? NULL : colon + 1);
    size_t name_len = colon ? (size_t)(colon - host) : n;
    if (!name_len || name_len >= sizeof name)
        return false;
    memcpy(name, host, name_len);
    name[name_len] = '\0';
    if (colon && *colon == ':') {
        char *end;
        unsigned long p = strtoul(colon + 1, &end, 10);
        if (*end || p != port || !isdigit((unsigned char)colon[1]))
            return false;
    }
    return loopback_name(name, address);
}
