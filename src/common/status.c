/* Status text and the one helper that fills a ps_error. */
#include "picostream/status.h"

#include <stdarg.h>
#include <stdio.h>

const char *ps_strerror(ps_status code)
{
    switch (code) {
#define PS_STATUS_TEXT_(name, value, text)                                                         \
    case name: return text;
        PS_STATUS_LIST(PS_STATUS_TEXT_)
#undef PS_STATUS_TEXT_
    }
    return "unknown status";
}

const char *ps_error_text(const ps_error *e)
{
    if (!e)
        return "unknown error";
    return e->msg[0] ? e->msg : ps_strerror(e->code);
}

ps_status ps_fail(ps_error *err, ps_status code, const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}
