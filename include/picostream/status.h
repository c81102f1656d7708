/* Status codes and error text shared by every part of libpicostream. */
#ifndef PICOSTREAM_STATUS_H
#define PICOSTREAM_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define PS_API __attribute__((visibility("default")))
#else
#define PS_API
#endif

/* One list makes the enum and ps_strerror's table; codes are append-only, never reused. */
#define PS_STATUS_LIST(X)                                                                          \
    X(PS_OK, 0, "success")                                                                         \
    X(PS_ERR_ARG, -1, "invalid argument")                                                          \
    X(PS_ERR_NOMEM, -2, "out of memory")                                                           \
    X(PS_ERR_IO, -3, "input/output error")                                                         \
    X(PS_ERR_FORMAT, -4, "not a valid recording")                                                  \
    X(PS_ERR_DRIVER, -5, "oscilloscope driver error")                                              \
    X(PS_ERR_LOST, -6, "samples were lost")                                                        \
    X(PS_ERR_BUG, -7, "internal error")                                                            \
    X(PS_ERR_MISMATCH, -8, "recording does not match the simulator")                              \
    X(PS_ERR_TIMEOUT, -9, "timed out")                                                             \
    X(PS_ERR_CANCELLED, -10, "cancelled")

typedef enum ps_status {
#define PS_STATUS_ENUM_(name, value, text) name = value,
    PS_STATUS_LIST(PS_STATUS_ENUM_)
#undef PS_STATUS_ENUM_
} ps_status;

/* The detail of one failure; the caller owns it (usually on its stack). */
typedef struct ps_error {
    ps_status code;
    char msg[256]; /* one line, no newline; "" when none */
} ps_error;

/* Static text for a code, never NULL. Any thread. */
PS_API const char *ps_strerror(ps_status code);

/* The message if one was set, else ps_strerror(code). Any thread. */
PS_API const char *ps_error_text(const ps_error *e);

/* Fills err (may be NULL) with code and a printf-style message; returns code. Any thread. */
PS_API ps_status ps_fail(ps_error *err, ps_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#ifdef __cplusplus
}
#endif
#endif
