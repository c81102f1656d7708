/* FFTW plans made and destroyed under one lock: FFTW's planner is not thread-safe (executing a
 * plan is), and analyses run in several threads at once (psd's channels, Dask workers' pieces). */
#include <pthread.h>

#include "dsp_int.h"

static pthread_mutex_t planner = PTHREAD_MUTEX_INITIALIZER;

fftw_plan dsp_plan_r2c(int n, double *in, fftw_complex *out)
{
    pthread_mutex_lock(&planner);
    fftw_plan p = fftw_plan_dft_r2c_1d(n, in, out, FFTW_ESTIMATE);
    pthread_mutex_unlock(&planner);
    return p;
}

fftw_plan dsp_plan_c2r(int n, fftw_complex *in, double *out)
{
    pthread_mutex_lock(&planner);
    fftw_plan p = fftw_plan_dft_c2r_1d(n, in, out, FFTW_ESTIMATE);
    pthread_mutex_unlock(&planner);
    return p;
}

void dsp_plan_destroy(fftw_plan p)
{
    if (!p)
        return;
    pthread_mutex_lock(&planner);
    fftw_destroy_plan(p);
    pthread_mutex_unlock(&planner);
}
