/* What the DSP files share. */
#ifndef PICOSTREAM_DSP_INT_H
#define PICOSTREAM_DSP_INT_H

#include <stddef.h>

/* idx[num] = the permutation numpy.argsort(v) (kind='quicksort', NumPy 1.24) gives. */
void dsp_argsort(const double *v, size_t *idx, size_t num);

#endif
