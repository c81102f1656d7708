/* The page the viewer serves, embedded at build time from src/view/page.html. */
#ifndef PICOSTREAM_VIEW_INT_H
#define PICOSTREAM_VIEW_INT_H

#include <stddef.h>

extern const unsigned char view_page[];
extern const size_t view_page_len;

#endif
