/* Names the calling thread ("ps-poll", "ps-write", …; at most 15 characters), so top -H and
 * perf tell the capture's threads and the analyses' workers apart. */
#ifndef PICOSTREAM_THREAD_NAME_H
#define PICOSTREAM_THREAD_NAME_H

void common_thread_name(const char *name);

#endif
