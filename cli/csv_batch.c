/* CSV rows formatted on worker threads and written in order, for outputs of millions of rows
 * (peaks), where printing the doubles exactly (%.17g) costs as much as finding them. */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv_batch.h"
#include "../src/common/thread_name.h"

#define SLOTS 6
#define PER_SLOT 4096
#define ROW_MAX 768 /* bytes: the widest row any command formats here */

enum { EMPTY, FILLED, FORMATTED };

struct slot {
    unsigned char *items;
    size_t n;
    char *text;
    size_t len;
    int state;
    size_t seq; /* which batch it holds */
    bool failed;
};

struct csv_batch {
    FILE *out;
    size_t item_size;
    csv_row_fn row;
    const void *ctx;
    struct slot s[SLOTS];
    size_t filling, taken, written; /* batch numbers: being filled, next to format, next out */
    bool closing, failed;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t tid[4];
    unsigned n_thr;
};

/* The rows of a slot into its text (any thread; the slot is this thread's meanwhile). */
static void format(struct csv_batch *b, struct slot *s)
{
    FILE *m = fmemopen(s->text, (size_t)PER_SLOT * ROW_MAX, "w");
    s->failed = !m;
    for (size_t i = 0; m && i < s->n && !s->failed; i++)
        s->failed = b->row(m, b->ctx, s->items + i * b->item_size) < 0;
    if (m) {
        s->failed |= fflush(m) != 0 || ferror(m);
        long at = ftell(m);
        s->len = at > 0 ? (size_t)at : 0;
        fclose(m);
    }
}

static void *worker(void *arg)
{
    common_thread_name("ps-csv");
    struct csv_batch *b = arg;
    pthread_mutex_lock(&b->mu);
    for (;;) {
        struct slot *s = &b->s[b->taken % SLOTS];
        if (s->state == FILLED && s->seq == b->taken) {
            b->taken++;
            pthread_mutex_unlock(&b->mu);
            format(b, s);
            pthread_mutex_lock(&b->mu);
            s->state = FORMATTED;
            pthread_cond_broadcast(&b->cv);
        } else if (b->closing) {
            break;
        } else {
            pthread_cond_wait(&b->cv, &b->mu);
        }
    }
    pthread_mutex_unlock(&b->mu);
    return NULL;
}

/* Writes the formatted batches that are next in order (the caller holds the lock). */
static void drain(struct csv_batch *b)
{
    for (;;) {
        struct slot *s = &b->s[b->written % SLOTS];
        if (s->state != FORMATTED || s->seq != b->written)
            return;
        pthread_mutex_unlock(&b->mu);
        bool bad = s->failed || fwrite(s->text, 1, s->len, b->out) != s->len;
        pthread_mutex_lock(&b->mu);
        b->failed |= bad;
        s->state = EMPTY;
        s->n = 0;
        b->written++;
        pthread_cond_broadcast(&b->cv);
    }
}

/* The batch being filled goes to the workers (or is formatted here without them). */
static void submit(struct csv_batch *b)
{
    struct slot *s = &b->s[b->filling % SLOTS];
    pthread_mutex_lock(&b->mu);
    s->seq = b->filling++;
    if (b->n_thr == 0) {
        b->taken++;
        pthread_mutex_unlock(&b->mu);
        format(b, s);
        pthread_mutex_lock(&b->mu);
        s->state = FORMATTED;
    } else {
        s->state = FILLED;
        pthread_cond_broadcast(&b->cv);
    }
    struct slot *next = &b->s[b->filling % SLOTS];
    for (drain(b); next->state != EMPTY; drain(b)) /* the next slot, once written */
        if (next->state != FORMATTED || next->seq != b->written)
            pthread_cond_wait(&b->cv, &b->mu);
    pthread_mutex_unlock(&b->mu);
}

int csv_batch_open(struct csv_batch **out, FILE *f, size_t item_size, csv_row_fn row,
                   const void *ctx)
{
    struct csv_batch *b = calloc(1, sizeof *b);
    *out = b;
    if (!b)
        return -1;
    *b = (struct csv_batch){.out = f, .item_size = item_size, .row = row, .ctx = ctx};
    bool ok = true;
    for (int i = 0; i < SLOTS; i++)
        ok &= (b->s[i].items = malloc(PER_SLOT * item_size)) != NULL &&
              (b->s[i].text = malloc((size_t)PER_SLOT * ROW_MAX)) != NULL;
    if (!ok) {
        for (int i = 0; i < SLOTS; i++) {
            free(b->s[i].items);
            free(b->s[i].text);
        }
        free(b);
        *out = NULL;
        return -1;
    }
    pthread_mutex_init(&b->mu, NULL);
    pthread_cond_init(&b->cv, NULL);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned want = cores > 1 ? (unsigned)(cores > 4 ? 4 : cores) : 0;
    while (b->n_thr < want && pthread_create(&b->tid[b->n_thr], NULL, worker, b) == 0)
        b->n_thr++;
    return 0;
}

int csv_batch_add(struct csv_batch *b, const void *item)
{
    struct slot *s = &b->s[b->filling % SLOTS];
    memcpy(s->items + s->n * b->item_size, item, b->item_size);
    if (++s->n == PER_SLOT)
        submit(b);
    return b->failed ? -1 : 0;
}

int csv_batch_close(struct csv_batch *b)
{
    if (!b)
        return 0;
    if (b->s[b->filling % SLOTS].n)
        submit(b);
    {
        pthread_mutex_lock(&b->mu);
        while (b->written < b->filling) {
            drain(b);
            if (b->written < b->filling)
                pthread_cond_wait(&b->cv, &b->mu);
        }
        b->closing = true;
        pthread_cond_broadcast(&b->cv);
        pthread_mutex_unlock(&b->mu);
        for (unsigned t = 0; t < b->n_thr; t++)
            pthread_join(b->tid[t], NULL);
        pthread_mutex_destroy(&b->mu);
        pthread_cond_destroy(&b->cv);
    }
    int rc = b->failed ? -1 : 0;
    for (int i = 0; i < SLOTS; i++) {
        free(b->s[i].items);
        free(b->s[i].text);
    }
    free(b);
    return rc;
}
