/* The simulated driver's downsampling, shared by the simulators (what they deliver) and by
 * verify (what it expects): the same integers on both sides. */
#include "sim_signal.h"

void sim_reduce(int mode, uint32_t r, const int16_t *raw, size_t n_out, int16_t *out,
                int16_t *out_min, size_t stride)
{
    for (size_t j = 0; j < n_out; j++) {
        const int16_t *x = raw + j * r;
        if (mode == SIM_DS_DECIMATE) {
            out[j * stride] = x[0];
        } else if (mode == SIM_DS_AVERAGE) {
            int64_t sum = 0;
            for (uint32_t i = 0; i < r; i++)
                sum += x[i];
            int64_t q = ((sum < 0 ? -sum : sum) * 2 + r) / (2 * (int64_t)r); /* half away from 0 */
            out[j * stride] = (int16_t)(sum < 0 ? -q : q);
        } else {
            int16_t hi = x[0], lo = x[0];
            for (uint32_t i = 1; i < r; i++) {
                hi = x[i] > hi ? x[i] : hi;
                lo = x[i] < lo ? x[i] : lo;
            }
            out[j * stride] = hi;
            out_min[j * stride] = lo;
        }
    }
}
