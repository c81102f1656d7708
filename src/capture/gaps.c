/* The list of gap-free runs' starts, shared by poller (appends) and writer (copies). */
#include <stdlib.h>
#include <string.h>

#include "capture_int.h"

int gaps_init(struct gap_list *g)
{
    memset(g, 0, sizeof *g);
    return pthread_mutex_init(&g->lock, NULL) == 0 ? 0 : -1;
}

void gaps_free(struct gap_list *g)
{
    free(g->items);
    pthread_mutex_destroy(&g->lock);
}

int gaps_add(struct gap_list *g, const struct gap *gap)
{
    pthread_mutex_lock(&g->lock);
    int rc = 0;
    if (g->n > 0 && g->items[g->n - 1].sample_start == gap->sample_start) {
        /* nothing recorded between the two: one gap, resuming at the later index */
        g->items[g->n - 1].global_index = gap->global_index;
        g->items[g->n - 1].estimated |= gap->estimated;
        pthread_mutex_unlock(&g->lock);
        return 0;
    }
    if (g->n == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 16;
        struct gap *grown = realloc(g->items, cap * sizeof *grown);
        if (!grown)
            rc = -1;
        else {
            g->items = grown;
            g->cap = cap;
        }
    }
    if (rc == 0)
        g->items[g->n++] = *gap;
    pthread_mutex_unlock(&g->lock);
    return rc;
}

size_t gaps_count(struct gap_list *g)
{
    pthread_mutex_lock(&g->lock);
    size_t n = g->n;
    pthread_mutex_unlock(&g->lock);
    return n;
}

size_t gaps_copy(struct gap_list *g, uint64_t up_to, struct gap **out)
{
    pthread_mutex_lock(&g->lock);
    size_t n = 0;
    while (n < g->n && g->items[n].sample_start <= up_to)
        n++;
    *out = n ? malloc(n * sizeof **out) : NULL;
    if (*out)
        memcpy(*out, g->items, n * sizeof **out);
    else
        n = 0;
    pthread_mutex_unlock(&g->lock);
    return n;
}
