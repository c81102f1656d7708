/* numpy.argsort(kind='quicksort') for float64, reproduced so that scipy.signal.find_peaks's
 * `distance` (which visits peaks in argsort order) breaks ties between equal heights exactly
 * as SciPy does with NumPy 1.24: introsort — median-of-3 quicksort, insertion sort below 16
 * elements, heapsort past a depth of 2·log2(n); NaN sorts last. */
#include "dsp_int.h"

static inline int less(double a, double b)
{
    return a < b || (b != b && a == a);
}

static void heap_argsort(const double *v, size_t *idx, size_t n)
{
    size_t *a = idx - 1; /* 1-based heap */
    size_t i, j, l, tmp;
    for (l = n >> 1; l > 0; --l) {
        tmp = a[l];
        for (i = l, j = l << 1; j <= n;) {
            if (j < n && less(v[a[j]], v[a[j + 1]]))
                j += 1;
            if (less(v[tmp], v[a[j]])) {
                a[i] = a[j];
                i = j;
                j += j;
            } else {
                break;
            }
        }
        a[i] = tmp;
    }
    for (; n > 1;) {
        tmp = a[n];
        a[n] = a[1];
        n -= 1;
        for (i = 1, j = 2; j <= n;) {
            if (j < n && less(v[a[j]], v[a[j + 1]]))
                j++;
            if (less(v[tmp], v[a[j]])) {
                a[i] = a[j];
                i = j;
                j += j;
            } else {
                break;
            }
        }
        a[i] = tmp;
    }
}

#define SWAP(a, b)                                                                                 \
    do {                                                                                           \
        size_t t_ = (a);                                                                           \
        (a) = (b);                                                                                 \
        (b) = t_;                                                                                  \
    } while (0)

void dsp_argsort(const double *v, size_t *idx, size_t num)
{
    for (size_t i = 0; i < num; i++)
        idx[i] = i;
    if (num < 2)
        return;
    size_t *pl = idx, *pr = idx + num - 1;
    size_t *stack[128], **sp = stack;
    int depth[64], *dp = depth;
    int msb = 0;
    for (size_t m = num; m > 1; m >>= 1)
        msb++;
    int cdepth = msb * 2;
    for (;;) {
        if (cdepth < 0) {
            heap_argsort(v, pl, (size_t)(pr - pl + 1));
            goto pop;
        }
        while (pr - pl > 15) {
            size_t *pm = pl + ((pr - pl) >> 1);
            if (less(v[*pm], v[*pl]))
                SWAP(*pm, *pl);
            if (less(v[*pr], v[*pm]))
                SWAP(*pr, *pm);
            if (less(v[*pm], v[*pl]))
                SWAP(*pm, *pl);
            double vp = v[*pm];
            size_t *pi = pl, *pj = pr - 1;
            SWAP(*pm, *pj);
            for (;;) {
                do
                    ++pi;
                while (less(v[*pi], vp));
                do
                    --pj;
                while (less(vp, v[*pj]));
                if (pi >= pj)
                    break;
                SWAP(*pi, *pj);
            }
            size_t *pk = pr - 1;
            SWAP(*pi, *pk);
            if (pi - pl < pr - pi) { /* the larger side waits on the stack */
                *sp++ = pi + 1;
                *sp++ = pr;
                pr = pi - 1;
            } else {
                *sp++ = pl;
                *sp++ = pi - 1;
                pl = pi + 1;
            }
            *dp++ = --cdepth;
        }
        for (size_t *pi = pl + 1; pi <= pr; ++pi) { /* insertion sort */
            size_t vi = *pi;
            double vv = v[vi];
            size_t *pj = pi, *pk = pi - 1;
            while (pj > pl && less(vv, v[*pk]))
                *pj-- = *pk--;
            *pj = vi;
        }
    pop:
        if (sp == stack)
            break;
        pr = *(--sp);
        pl = *(--sp);
        cdepth = *(--dp);
    }
}
