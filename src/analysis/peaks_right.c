/* find_peaks's right sides of prominence, on a thread of their own while the forward pass
 * finds the left sides: the stretch's samples fed backwards to the monotone stack (ties then
 * go to the leftmost minimum, as SciPy's rightward walk), each local maximum's walk taken at
 * its plateau's last sample (the plateau's other samples are no lower, so its midpoint's walk
 * is the same). Local maxima are found as the forward pass finds them, mirrored. */
#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <unistd.h>

#include "../dsp/prominence.h"
#include "peaks_int.h"
#include "../common/thread_name.h"

#define CHUNK 4096
#define THREADED_FROM (1u << 20) /* samples: shorter stretches are not worth a thread */

static int put(int fd, uint64_t at, const struct peaks_right_rec *p, size_t n)
{
    return analysis_pwrite_all(fd, at * sizeof *p, p, n * sizeof *p);
}

int peaks_right_get(int fd, uint64_t at, struct peaks_right_rec *p, size_t n)
{
    return analysis_pread_all(fd, at * sizeof *p, p, n * sizeof *p);
}

/* A maximum whose plateau is [left, right] at value v, its right side (min, base) taken at
 * `right`: kept if it passes height and can still reach the prominence minimum. */
static int keep(struct peaks_right *pr, struct peaks_right_rec *buf, size_t *nb, uint64_t left,
                uint64_t right, double v, double min, uint64_t base)
{
    const ps_peaks_config *cfg = &pr->cfg;
    if (cfg->height.set && !peaks_cond_in(&cfg->height, v))
        return 0;
    const ps_cond *pc = &cfg->prominence;
    if (pc->set && pc->has_min && !(v - min >= pc->min))
        return 0;
    buf[(*nb)++] = (struct peaks_right_rec){left + (right - left) / 2, min, base};
    if (*nb < CHUNK)
        return 0;
    int rc = put(pr->fd, pr->n, buf, *nb);
    pr->n += *nb;
    *nb = 0;
    return rc;
}

static ps_status pass(struct peaks_right *pr, ps_reader *r, ps_error *err)
{
    size_t block = pr->block;
    double *x = malloc(block * sizeof *x);
    struct peaks_right_rec *buf = malloc(CHUNK * sizeof *buf);
    struct dsp_prom_stack s = {0};
    ps_status st = x && buf ? PS_OK : ps_fail(err, PS_ERR_NOMEM, "peaks: out of memory");
    bool started = false, plat = false;
    double prev = 0, pv = 0, min = 0;
    uint64_t right = 0, base = 0;
    size_t nb = 0;
    for (uint64_t end = pr->span.to; end > pr->span.from && st == PS_OK;) {
        if (atomic_load(pr->stop))
            break;
        size_t m = end - pr->span.from < block ? (size_t)(end - pr->span.from) : block;
        uint64_t b0 = end - m;
        if ((st = ps_reader_read(r, b0, m, (unsigned)pr->ch, x, err)) != PS_OK)
            break;
        for (size_t k = m; k-- > 0;) {
            uint64_t j = b0 + k - pr->span.from; /* indices of the stretch, as the finder's */
            double v = x[k];
            if (!started) { /* the last sample: only a stack entry */
                started = true;
            } else {
                if (plat && v != pv) {
                    if (v < pv && keep(pr, buf, &nb, j + 1, right, pv, min, base) < 0) {
                        st = ps_fail(err, PS_ERR_IO, "peaks: temp file write failed");
                        break;
                    }
                    plat = false;
                }
                if (!plat && prev < v) { /* a rise seen from the right: a plateau's last sample */
                    plat = true;
                    right = j;
                    pv = v;
                }
            }
            if (dsp_prom_push(&s, v, j) < 0) {
                st = ps_fail(err, PS_ERR_NOMEM, "peaks: out of memory");
                break;
            }
            if (plat && right == j) { /* nothing lower on the way: UINT64_MAX, the midpoint */
                double mn;
                uint64_t at;
                dsp_prom_side(&s, v, UINT64_MAX, &mn, &at);
                min = mn;
                base = at;
            }
            prev = v;
        }
        end = b0;
        atomic_store(&pr->done, pr->span.to - end);
    }
    if (st == PS_OK && nb && put(pr->fd, pr->n, buf, nb) < 0)
        st = ps_fail(err, PS_ERR_IO, "peaks: temp file write failed");
    pr->n += st == PS_OK ? nb : 0;
    dsp_prom_free(&s);
    free(x);
    free(buf);
    return st;
}

static void *pass_thread(void *arg)
{
    common_thread_name("ps-peaks-back");
    struct peaks_right *pr = arg;
    ps_reader *r = NULL;
    pr->st = ps_reader_open(&r, pr->meta_path, &pr->err);
    if (pr->st == PS_OK)
        pr->st = ps_reader_set_block_frames(r, pr->block, &pr->err);
    if (pr->st == PS_OK)
        pr->st = pass(pr, r, &pr->err);
    ps_reader_close(r);
    if (pr->st != PS_OK)
        atomic_store(&pr->failed, 1);
    return NULL;
}

ps_status peaks_right_start(struct peaks_right *pr, ps_reader *r, int ch, ps_span span,
                            const ps_peaks_config *cfg, atomic_int *stop, ps_error *err)
{
    memset(pr, 0, sizeof *pr);
    pr->fd = -1;
    pr->ch = ch;
    pr->span = span;
    pr->cfg = *cfg;
    pr->stop = stop;
    pr->block = ps_reader_block_frames(r);
    snprintf(pr->meta_path, sizeof pr->meta_path, "%s", ps_reader_meta_path(r));
    const char *tdir = cfg->tmp_dir;
    char path[4096];
    snprintf(path, sizeof path, "%s/.picostream-peaks-XXXXXX", tdir && *tdir ? tdir : "/tmp");
    if ((pr->fd = mkstemp(path)) < 0)
        return ps_fail(err, PS_ERR_IO, "peaks: temp file in %s: %s", path, strerror(errno));
    unlink(path); /* gone with the process, whatever happens */
    atomic_init(&pr->failed, 0);
    atomic_init(&pr->done, 0);
    pr->threaded = span.to - span.from >= THREADED_FROM &&
                   pthread_create(&pr->tid, NULL, pass_thread, pr) == 0;
    return PS_OK;
}

ps_status peaks_right_finish(struct peaks_right *pr, ps_reader *r, ps_progress_fn progress,
                             void *parg, double base, double scale, ps_error *err)
{
    double len = (double)(pr->span.to - pr->span.from);
    while (pr->threaded && progress && atomic_load(&pr->done) < pr->span.to - pr->span.from &&
           !atomic_load(&pr->failed) && !atomic_load(pr->stop)) {
        if (progress(parg, base + scale * (double)atomic_load(&pr->done) / len) != 0)
            atomic_store(pr->stop, 1); /* a cancel: the pass ends at its next block */
        nanosleep(&(struct timespec){0, 20 * 1000 * 1000}, NULL);
    }
    if (pr->threaded)
        pthread_join(pr->tid, NULL);
    else if (pr->fd >= 0 && !atomic_load(pr->stop)) /* no thread: the pass here, now */
        pr->st = pass(pr, r, &pr->err);
    pr->threaded = false;
    if (pr->st == PS_OK && atomic_load(pr->stop))
        pr->st = ps_fail(&pr->err, PS_ERR_CANCELLED, "cancelled");
    if (pr->st != PS_OK && err)
        *err = pr->err;
    return pr->st;
}

void peaks_right_close(struct peaks_right *pr)
{
    if (pr->fd >= 0)
        close(pr->fd);
    pr->fd = -1;
}
