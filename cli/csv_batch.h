/* CSV rows formatted on worker threads (one per core, up to 4) and written in order by the
 * thread that adds them: for outputs of millions of rows. */
#ifndef PICOSTREAM_CLI_CSV_BATCH_H
#define PICOSTREAM_CLI_CSV_BATCH_H

#include <stdio.h>

/* Prints one item's row to f (any thread; ctx shared read-only); < 0 when it could not. */
typedef int (*csv_row_fn)(FILE *f, const void *ctx, const void *item);

struct csv_batch;
/* Rows of items of item_size bytes, to f. -1 when out of memory. */
int csv_batch_open(struct csv_batch **b, FILE *f, size_t item_size, csv_row_fn row,
                   const void *ctx);
/* Copies the item; its row goes out in order. -1 once a row could not be written. */
int csv_batch_add(struct csv_batch *b, const void *item);
/* The rest out, the workers gone, b freed (NULL is fine); -1 if any row could not be written. */
int csv_batch_close(struct csv_batch *b);

#endif
