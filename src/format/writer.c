/* Writing float SigMF recordings: data by pwrite at any frame, meta last and atomically. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "picostream/output.h"
#include "picostream/reader.h"

struct ps_writer {
    char meta_path[4096], data_path[4096];
    ps_output *data; /* the data file under its temporary name until finish */
    ps_output_rules rules;
    char datatype[16];
    int fd;
    unsigned n_ch;
    size_t sample_bytes;
};

ps_status ps_writer_create(ps_writer **out, const char *name, const char *datatype,
                           unsigned n_channels, const ps_output_rules *rules, ps_error *err)
{
    *out = NULL;
    size_t sb = ps_sigmf_sample_bytes(datatype);
    if (sb != 4 && sb != 8)
        return ps_fail(err, PS_ERR_ARG, "output datatype %s (rf32_le or rf64_le)", datatype);
    ps_writer *w = calloc(1, sizeof *w);
    if (!w)
        return ps_fail(err, PS_ERR_NOMEM, "writer: out of memory");
    ps_status st = ps_sigmf_paths(name, w->meta_path, w->data_path, sizeof w->meta_path, err);
    if (st != PS_OK) {
        free(w);
        return st;
    }
    if (rules)
        w->rules = *rules;
    if ((st = ps_output_check(w->meta_path, &w->rules, err)) != PS_OK ||
        (st = ps_output_open(&w->data, w->data_path, &w->rules, err)) != PS_OK) {
        free(w);
        return st;
    }
    w->fd = fileno(ps_output_stream(w->data));
    snprintf(w->datatype, sizeof w->datatype, "%s", datatype);
    w->n_ch = n_channels;
    w->sample_bytes = sb;
    *out = w;
    return PS_OK;
}

ps_status ps_writer_write(ps_writer *w, uint64_t at, const double *frames, size_t n, ps_error *err)
{
    /* converted a piece at a time into the thread's own buffer, so threads may write at once;
     * big pieces, so they seldom meet on the file's lock */
    static _Thread_local unsigned char buf[1 << 20];
    size_t count = n * w->n_ch, per = sizeof buf / w->sample_bytes;
    off_t base = (off_t)(at * w->n_ch * w->sample_bytes);
    for (size_t first = 0; first < count; first += per) {
        size_t m = count - first < per ? count - first : per, bytes = m * w->sample_bytes;
        if (w->sample_bytes == 4)
            for (size_t i = 0; i < m; i++) {
                float v = (float)frames[first + i];
                memcpy(buf + 4 * i, &v, 4);
            }
        else
            memcpy(buf, frames + first, bytes);
        for (size_t done = 0; done < bytes;) {
            ssize_t put = pwrite(w->fd, buf + done, bytes - done,
                                 base + (off_t)(first * w->sample_bytes + done));
            if (put < 0 && errno == EINTR)
                continue;
            if (put < 0)
                return ps_fail(err, PS_ERR_IO, "cannot write %s: %s", w->data_path,
                               strerror(errno));
            done += (size_t)put;
        }
    }
    return PS_OK;
}

ps_status ps_writer_finish(ps_writer *w, ps_sigmf_meta *meta, ps_error *err)
{
    snprintf(meta->datatype, sizeof meta->datatype, "%s", w->datatype);
    meta->n_channels = w->n_ch;
    /* the meta is checked before the data replaces anything, and written last */
    ps_status st = ps_output_check(w->meta_path, &w->rules, err);
    if (st == PS_OK) {
        st = ps_output_commit(w->data, err);
        w->data = NULL;
    }
    if (st == PS_OK && (st = ps_sigmf_write_meta(w->meta_path, meta, err)) != PS_OK)
        unlink(w->data_path);
    ps_writer_abort(w);
    return st;
}

void ps_writer_abort(ps_writer *w)
{
    if (!w)
        return;
    ps_output_abort(w->data);
    free(w);
}
