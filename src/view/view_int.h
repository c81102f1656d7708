/* What the viewer's files share: the page, and the guard (Host header, request deadline). */
#ifndef PICOSTREAM_VIEW_INT_H
#define PICOSTREAM_VIEW_INT_H

#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>

extern const unsigned char view_page[];
extern const size_t view_page_len;

/* Watches up to max_connections connections on a thread of its own; one whose request has not
 * arrived whole deadline_s after it opened (or after its last answer) is shut down. */
struct view_guard;
struct view_guard *view_guard_create(size_t max_connections, double deadline_s);
void view_guard_destroy(struct view_guard *g); /* after the daemon stopped; NULL is fine */
/* MHD_OPTION_NOTIFY_CONNECTION and MHD_OPTION_NOTIFY_COMPLETED callbacks, cls the guard. */
void view_guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                       enum MHD_ConnectionNotificationCode toe);
void view_guard_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                          enum MHD_RequestTerminationCode toe);
/* The request on c arrived whole (the handler runs): no deadline until it is answered. */
void view_guard_answering(struct view_guard *g, struct MHD_Connection *c);

/* The Host header (NULL: none) names this server: without a token, only localhost, 127.x.y.z,
 * [::1] or the listening address, with the listening port if one is given. */
bool view_host_allowed(const char *host, const char *address, unsigned port, bool token);

/* /api/csv's body, produced as the client reads it (bounded memory at any window): the
 * response owns r from here on, closing it when done. NULL if out of memory (r closed). */
struct ps_reader;
struct MHD_Response *view_csv_response(struct ps_reader *r, unsigned long long from,
                                       unsigned long long to);

#endif
