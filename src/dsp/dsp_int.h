/* What the DSP files share. */
#ifndef PICOSTREAM_DSP_INT_H
#define PICOSTREAM_DSP_INT_H

#include <stddef.h>

#include <fftw3.h>
#include <stdint.h>

#include "picostream/overview.h"

/* idx[num] = the permutation numpy.argsort(v) (kind='quicksort', NumPy 1.24) gives. */
void dsp_argsort(const double *v, size_t *idx, size_t num);

/* FFTW's planner behind one lock (fft_plan.c); FFTW_ESTIMATE plans. */
fftw_plan dsp_plan_r2c(int n, double *in, fftw_complex *out);
fftw_plan dsp_plan_c2r(int n, fftw_complex *in, double *out);
void dsp_plan_destroy(fftw_plan p); /* NULL is fine */

#endif
