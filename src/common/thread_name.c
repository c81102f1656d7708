/* Thread names through the kernel's per-thread comm (what top -H, ps -L and perf show). */
#define _GNU_SOURCE /* pthread_setname_np */
#include <pthread.h>

#include "thread_name.h"

void common_thread_name(const char *name)
{
    pthread_setname_np(pthread_self(), name); /* cosmetic: a failure changes nothing else */
}
