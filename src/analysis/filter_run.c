/* filter: Butterworth SOS, causal (sosfilt) or zero-phase (sosfiltfilt) out of core. The
 * zero-phase path follows scipy.signal.sosfiltfilt exactly: odd extension of padlen samples at
 * both ends, forward pass from sosfilt_zi·x_ext[0] into a temp file, backward pass from
 * sosfilt_zi·y[last] reading that file from the end, the padding stripped. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis_int.h"

#include "filter_int.h"

static const char *btype_name(ps_btype b)
{
    static const char *const n[] = {"lowpass", "highpass", "bandpass", "bandstop"};
    return n[b];
}

void filter_description(const ps_filter_job *job, char *buf, size_t len)
{
    if (job->btype == PS_BANDPASS || job->btype == PS_BANDSTOP)
        snprintf(buf, len, "butter order %u %s %.9g:%.9g Hz, %s", job->order,
                 btype_name(job->btype), job->f1_hz, job->f2_hz,
                 job->causal ? "sosfilt" : "sosfiltfilt");
    else
        snprintf(buf, len, "butter order %u %s %.9g Hz, %s", job->order, btype_name(job->btype),
                 job->f1_hz, job->causal ? "sosfilt" : "sosfiltfilt");
}

ps_status filter_read_ext(struct job *j, int64_t at, size_t n, ps_error *err)
{
    int64_t len = (int64_t)(j->span.to - j->span.from);
    for (size_t k = 0; k < j->n_ch; k++) {
        unsigned c = (unsigned)j->ch[k];
        /* the in-range part in one read */
        int64_t lo = at < 0 ? 0 : at, hi = at + (int64_t)n > len ? len : at + (int64_t)n;
        if (hi > lo) {
            ps_status st = ps_reader_read(j->r, j->span.from + (uint64_t)lo, (size_t)(hi - lo), c,
                                          j->one, err);
            if (st != PS_OK)
                return st;
            for (int64_t i = lo; i < hi; i++)
                j->x[(size_t)(i - at) * j->n_ch + k] = j->one[i - lo];
        }
        double edge0 = 0, edge1 = 0, v;
        for (int64_t i = at; i < at + (int64_t)n; i++) {
            if (i >= 0 && i < len)
                continue;
            /* odd_ext: left 2·x[0] − x[−i], right 2·x[len−1] − x[2(len−1) − i] */
            int64_t mirror = i < 0 ? -i : 2 * (len - 1) - i;
            ps_status st = ps_reader_read(j->r, j->span.from + (uint64_t)mirror, 1, c, &v, err);
            if (st == PS_OK)
                st = ps_reader_read(j->r, j->span.from + (uint64_t)(i < 0 ? 0 : len - 1), 1, c,
                                    i < 0 ? &edge0 : &edge1, err);
            if (st != PS_OK)
                return st;
            j->x[(size_t)(i - at) * j->n_ch + k] = 2 * (i < 0 ? edge0 : edge1) - v;
        }
    }
    return PS_OK;
}

static ps_status tmp_io(struct job *j, bool write, uint64_t frame, double *buf, size_t n,
                        ps_error *err)
{
    size_t bytes = n * j->n_ch * sizeof(double), done = 0;
    off_t off = (off_t)(frame * j->n_ch * sizeof(double));
    while (done < bytes) {
        ssize_t k = write ? pwrite(j->tmp, (char *)buf + done, bytes - done, off + (off_t)done)
                          : pread(j->tmp, (char *)buf + done, bytes - done, off + (off_t)done);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return ps_fail(err, PS_ERR_IO, "filter: temp file: %s",
                           k < 0 ? strerror(errno) : "short read");
        done += (size_t)k;
    }
    return PS_OK;
}

void filter_frames(struct job *j, double *buf, size_t n)
{
    if (j->n_ch == 1) {
        ps_sosfilt_process(j->f[0], buf, buf, n);
        return;
    }
    if (j->n_ch == 2) {
        ps_sosfilt_process_frames(j->f, 2, buf, n);
        return;
    }
    for (size_t k = 0; k < j->n_ch; k++) {
        for (size_t i = 0; i < n; i++)
            j->one[i] = buf[i * j->n_ch + k];
        ps_sosfilt_process(j->f[k], j->one, j->one, n);
        for (size_t i = 0; i < n; i++)
            buf[i * j->n_ch + k] = j->one[i];
    }
}

static ps_status stretch_progress(const struct job *j, ps_progress_fn progress, void *parg,
                                  double frac, ps_error *err)
{
    double len = (double)(j->span.to - j->span.from);
    return common_progress(progress, parg, ((double)j->out_at + frac * len) / (double)j->total,
                             err);
}

static ps_status zero_phase(struct job *j, ps_writer *w, size_t pad, ps_progress_fn progress,
                            void *parg, ps_error *err)
{
    int64_t len = (int64_t)(j->span.to - j->span.from), ext = len + 2 * (int64_t)pad;
    ps_status st;
    /* forward over the extended signal, starting from the steady state for its first sample */
    for (int64_t at = -(int64_t)pad, done = 0; at < len + (int64_t)pad; at += (int64_t)j->block) {
        size_t n = (size_t)(len + (int64_t)pad - at < (int64_t)j->block ? len + (int64_t)pad - at
                                                                        : (int64_t)j->block);
        if ((st = filter_read_ext(j, at, n, err)) != PS_OK)
            return st;
        if (at == -(int64_t)pad)
            for (size_t k = 0; k < j->n_ch; k++)
                ps_sosfilt_set_steady(j->f[k], j->x[k]);
        filter_frames(j, j->x, n);
        if ((st = tmp_io(j, true, (uint64_t)(at + (int64_t)pad), j->x, n, err)) != PS_OK)
            return st;
        done += (int64_t)n;
        if ((st = stretch_progress(j, progress, parg, 0.5 * (double)done / (double)ext, err)))
            return st;
    }
    /* backward: from the end of the forward output, from the steady state of its last sample */
    for (int64_t end = ext; end > 0;) {
        size_t n = (size_t)(end < (int64_t)j->block ? end : (int64_t)j->block);
        int64_t start = end - (int64_t)n;
        if ((st = tmp_io(j, false, (uint64_t)start, j->x, n, err)) != PS_OK)
            return st;
        for (size_t i = 0; i < n / 2; i++) /* reverse the block in time */
            for (size_t k = 0; k < j->n_ch; k++) {
                double t = j->x[i * j->n_ch + k];
                j->x[i * j->n_ch + k] = j->x[(n - 1 - i) * j->n_ch + k];
                j->x[(n - 1 - i) * j->n_ch + k] = t;
            }
        if (end == ext)
            for (size_t k = 0; k < j->n_ch; k++)
                ps_sosfilt_set_steady(j->f[k], j->x[k]);
        filter_frames(j, j->x, n);
        /* x[i] is the output at extended index end−1−i; keep those inside the span */
        int64_t o_hi = end - 1 - (int64_t)pad, o_lo = start - (int64_t)pad;
        if (o_lo < 0)
            o_lo = 0;
        if (o_hi >= len)
            o_hi = len - 1;
        if (o_hi >= o_lo) {
            size_t m = (size_t)(o_hi - o_lo + 1);
            for (size_t q = 0; q < m; q++) { /* time order into y */
                size_t i = (size_t)(end - 1 - (o_lo + (int64_t)q + (int64_t)pad));
                memcpy(j->y + q * j->n_ch, j->x + i * j->n_ch, j->n_ch * sizeof(double));
            }
            if ((st = ps_writer_write(w, j->out_at + (uint64_t)o_lo, j->y, m, err)) != PS_OK)
                return st;
        }
        end = start;
        st = stretch_progress(j, progress, parg, 0.5 + 0.5 * (double)(ext - end) / (double)ext,
                              err);
        if (st != PS_OK)
            return st;
    }
    return PS_OK;
}

static ps_status causal(struct job *j, ps_writer *w, ps_progress_fn progress, void *parg,
                        ps_error *err)
{
    uint64_t len = j->span.to - j->span.from;
    for (uint64_t at = 0; at < len; at += j->block) {
        size_t n = len - at < j->block ? (size_t)(len - at) : j->block;
        ps_status st = filter_read_ext(j, (int64_t)at, n, err);
        if (st != PS_OK)
            return st;
        filter_frames(j, j->x, n);
        if ((st = ps_writer_write(w, j->out_at + at, j->x, n, err)) != PS_OK)
            return st;
        if ((st = stretch_progress(j, progress, parg, (double)(at + n) / (double)len, err)))
            return st;
    }
    return PS_OK;
}

ps_status ps_run_filter(ps_reader *r, const int *channels, size_t n_channels, ps_span span,
                        const ps_filter_job *job, ps_progress_fn progress, void *parg,
                        ps_error *err)
{
    ps_status st = analysis_check(r, channels, n_channels, span, err);
    if (st != PS_OK)
        return st;
    double sos[6 * MAX_SECTIONS];
    size_t n_sec;
    st = ps_butter_sos(job->order, job->f1_hz, job->f2_hz, job->btype, ps_reader_rate(r), sos,
                       MAX_SECTIONS, &n_sec, err);
    if (st != PS_OK)
        return st;
    size_t pad = job->causal ? 0 : ps_sosfiltfilt_padlen(sos, n_sec);
    uint64_t len = span.to - span.from;
    bool piece = job->piece.to > 0;
    if (piece && (job->piece.from >= job->piece.to || job->piece.from < span.from ||
                  job->piece.to > span.to))
        return ps_fail(err, PS_ERR_ARG, "piece %llu…%llu is not inside the selection",
                       (unsigned long long)job->piece.from, (unsigned long long)job->piece.to);
    if (!job->causal && len <= pad)
        return ps_fail(err, PS_ERR_ARG,
                       "%llu samples selected: zero-phase filtering needs more "
                       "than padlen = %zu (use `causal` for short signals)",
                       (unsigned long long)len, pad);
    struct job j = {.r = r, .ch = channels, .n_ch = n_channels, .span = span, .tmp = -1,
                    .only = {0, UINT64_MAX}};
    j.block = ps_reader_block_frames(r);
    j.x = malloc(j.block * n_channels * sizeof(double));
    j.y = malloc(j.block * n_channels * sizeof(double));
    j.one = malloc(j.block * sizeof(double));
    ps_writer *w = NULL;
    if (!j.x || !j.y || !j.one) {
        st = ps_fail(err, PS_ERR_NOMEM, "filter: out of memory");
        goto out;
    }
    for (size_t k = 0; k < n_channels && st == PS_OK; k++)
        st = ps_sosfilt_create(&j.f[k], sos, n_sec, err);
    if (st != PS_OK)
        goto out;
    if ((st = ps_writer_create(&w, job->output, job->datatype, (unsigned)n_channels, job->rules,
                               err)) != PS_OK)
        goto out;
    size_t settle = filter_settle(sos, n_sec);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = job->threads ? job->threads : cores > 0 ? (unsigned)cores : 1;
    threads = threads > 64 ? 64 : threads;
    /* a slowly forgetting filter (a low cutoff) needs long chunks: past 48 MiB of buffers, the
     * sequential pass with its temporary file keeps memory bounded instead */
    size_t chunk = filter_chunk_len(j.block, settle);
    if ((chunk + 2 * settle) * n_channels * sizeof(double) * threads > (48u << 20))
        settle = 0;
    if (piece && !settle) {
        st = ps_fail(err, PS_ERR_ARG, "this filter forgets its start too slowly to be split "
                     "into pieces (its cutoff is very low for the rate): filter the whole "
                     "recording");
        goto out;
    }
    if (!job->causal && !settle) {
        char tmpl[4200];
        snprintf(tmpl, sizeof tmpl, "%s.fwd-XXXXXX", job->output);
        j.tmp = mkstemp(tmpl);
        if (j.tmp < 0) {
            st = ps_fail(err, PS_ERR_IO, "filter: temp file %s: %s", tmpl, strerror(errno));
            goto out;
        }
        unlink(tmpl); /* the forward pass lives only as long as this job */
    }
    /* each gap-free stretch on its own, from a fresh state: a filter never rings across a gap;
     * a stretch too short for padlen is padded by its length − 1, as sosfiltfilt(padlen=n−1) */
    ps_span out = piece ? job->piece : span; /* what the output holds */
    j.total = out.to - out.from;
    for (uint64_t at = span.from; at < span.to && st == PS_OK;) {
        j.span = ps_reader_segment(r, at, span.to);
        at = j.span.to;
        /* the share of this stretch in the output: its offsets, and where they go (an
         * offset of the stretch + out_at, out_at wrapping when it starts before the piece) */
        uint64_t lo = j.span.from > out.from ? j.span.from : out.from;
        uint64_t hi = j.span.to < out.to ? j.span.to : out.to;
        if (lo >= hi)
            continue;
        j.only = (ps_span){lo - j.span.from, hi - j.span.from};
        j.out_at = j.span.from - out.from;
        uint64_t n = j.span.to - j.span.from;
        for (size_t k = 0; k < n_channels; k++)
            ps_sosfilt_reset(j.f[k]);
        size_t p = n <= pad ? (size_t)n - 1 : pad;
        if (settle) /* overlapping chunks on every core, no temporary file */
            st = filter_chunked(&j, sos, n_sec, w, job->causal, p, settle, threads, progress,
                                parg, err);
        else if (job->causal)
            st = causal(&j, w, progress, parg, err);
        else
            st = zero_phase(&j, w, p, progress, parg, err);
    }
    if (st == PS_OK) {
        const char *names[PS_SIGMF_MAX_CHANNELS];
        for (size_t k = 0; k < n_channels; k++)
            names[k] = ps_reader_meta(r)->channel[channels[k]].name;
        char desc[256];
        filter_description(job, desc, sizeof desc);
        ps_sigmf_meta m;
        struct analysis_out o = {analysis_same_len, NULL, NULL};
        analysis_derived_meta(r, out, ps_reader_rate(r), names, (unsigned)n_channels,
                              out.to - out.from, desc, &o, &m);
        st = ps_writer_finish(w, &m, err);
        ps_sigmf_meta_clear(&m);
        w = NULL;
    }
out:
    ps_writer_abort(w);
    if (j.tmp >= 0)
        close(j.tmp);
    for (size_t k = 0; k < n_channels; k++)
        ps_sosfilt_destroy(j.f[k]);
    free(j.x);
    free(j.y);
    free(j.one);
    return st;
}
