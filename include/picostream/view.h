/* The recording viewer's HTTP server (libmicrohttpd): a page to browse recordings in a browser
 * and the JSON endpoints it (and any script) reads. Read-only; only the recordings it was given
 * are reachable, by index, never by a path from the request. */
#ifndef PICOSTREAM_VIEW_H
#define PICOSTREAM_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "picostream/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ps_view ps_view;

/* Writes a JSON object describing a live capture into buf (capacity len, NUL-terminated); called
 * on the server's threads, concurrently. */
typedef void (*ps_view_status_fn)(void *arg, char *buf, size_t len);

typedef struct ps_view_config {
    const char *const *names; /* the recordings, served as rec=0, 1, … */
    size_t n_names;
    const char *address;      /* "127.0.0.1" (default when NULL); another needs a token */
    unsigned port;            /* 0: any free port (see ps_view_port) */
    const char *token;        /* required as ?token= or "Authorization: Bearer …" when set */
    unsigned max_connections; /* 0: 16 */
    ps_view_status_fn status;  /* a live capture's counters for /api/status; NULL: 404 there */
    void *status_arg;
    bool live; /* the recordings are about to be written: NAMEs as given, not opened first */
    /* per recording, the name whose overview (NAME.picostream-overview/) to read, NULL entries
     * or array: beside the recording. An overview is used only when ps_overview_check passes
     * (or a capture is still writing it); otherwise windows come from the data while small. */
    const char *const *overviews;
} ps_view_config;

/* Starts serving on its own threads; the names are copied. PS_ERR_ARG for a non-local address
 * without a token, a name that does not open as a recording; PS_ERR_IO if the port is taken.
 * Main thread. */
PS_API ps_status ps_view_start(ps_view **out, const ps_view_config *cfg, ps_error *err);

/* The port it listens on. Any thread. */
PS_API unsigned ps_view_port(const ps_view *v);

/* Stops serving (waits for requests in flight) and frees; NULL is fine. Main thread. */
PS_API void ps_view_stop(ps_view *v);

#ifdef __cplusplus
}
#endif
#endif
