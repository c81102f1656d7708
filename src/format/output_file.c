/* Output files: refuse inputs and existing files, write under a temporary name, rename. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "picostream/output.h"

struct ps_output {
    char path[4096];
    char tmp[4096 + 32];
    FILE *f;
    ps_output_rules rules;
};

ps_status ps_output_rules_protect(ps_output_rules *rules, const char *path, ps_error *err)
{
    if (rules->n_inputs == PS_OUTPUT_MAX_INPUTS)
        return ps_fail(err, PS_ERR_ARG, "more than %d input files", PS_OUTPUT_MAX_INPUTS);
    rules->inputs[rules->n_inputs++] = path;
    return PS_OK;
}

ps_status ps_output_check(const char *path, const ps_output_rules *rules, ps_error *err)
{
    if (!path || !path[0])
        return ps_fail(err, PS_ERR_ARG, "empty output name");
    struct stat out;
    /* stat follows links: a link to an input is the input */
    if (stat(path, &out) != 0)
        return PS_OK;
    if (rules)
        for (size_t i = 0; i < rules->n_inputs; i++) {
            struct stat in;
            if (stat(rules->inputs[i], &in) == 0 && in.st_dev == out.st_dev &&
                in.st_ino == out.st_ino)
                return ps_fail(err, PS_ERR_ARG, "%s is the input recording's file %s: refused",
                               path, rules->inputs[i]);
        }
    if (S_ISDIR(out.st_mode))
        return ps_fail(err, PS_ERR_ARG, "%s is a directory", path);
    if (!rules || !rules->overwrite)
        return ps_fail(err, PS_ERR_ARG, "%s already exists (pass --overwrite to replace it)",
                       path);
    return PS_OK;
}

ps_status ps_output_open(ps_output **out, const char *path, const ps_output_rules *rules,
                         ps_error *err)
{
    *out = NULL;
    ps_status st = ps_output_check(path, rules, err);
    if (st != PS_OK)
        return st;
    if (strlen(path) >= 4096)
        return ps_fail(err, PS_ERR_ARG, "output path too long: %.200s…", path);
    ps_output *o = calloc(1, sizeof *o);
    if (!o)
        return ps_fail(err, PS_ERR_NOMEM, "output: out of memory");
    snprintf(o->path, sizeof o->path, "%s", path);
    if (rules)
        o->rules = *rules;
    /* hidden, beside the target: same file system, so the rename is atomic */
    const char *slash = strrchr(path, '/');
    int dir_len = slash ? (int)(slash - path + 1) : 0;
    snprintf(o->tmp, sizeof o->tmp, "%.*s.%s.XXXXXX", dir_len, path, path + dir_len);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        st = ps_fail(err, PS_ERR_IO, "cannot create %s: %s", path, strerror(errno));
        free(o);
        return st;
    }
    fchmod(fd, 0644); /* mkstemp makes 0600; outputs are ordinary files */
    o->f = fdopen(fd, "wb");
    if (!o->f) {
        st = ps_fail(err, PS_ERR_IO, "cannot create %s: %s", path, strerror(errno));
        close(fd);
        unlink(o->tmp);
        free(o);
        return st;
    }
    *out = o;
    return PS_OK;
}

FILE *ps_output_stream(ps_output *o)
{
    return o->f;
}

const char *ps_output_tmp_path(const ps_output *o)
{
    return o->tmp;
}

const char *ps_output_path(const ps_output *o)
{
    return o->path;
}

ps_status ps_output_commit(ps_output *o, ps_error *err)
{
    ps_status st = PS_OK;
    int e = 0;
    if (fflush(o->f) != 0 || fsync(fileno(o->f)) != 0)
        e = errno;
    if (fclose(o->f) != 0 && !e)
        e = errno;
    o->f = NULL;
    if (e)
        st = ps_fail(err, PS_ERR_IO, "cannot write %s: %s", o->path, strerror(e));
    if (st == PS_OK)
        st = ps_output_check(o->path, &o->rules, err);
    if (st == PS_OK && !o->rules.overwrite) {
        /* link refuses an existing target atomically, where rename would replace it */
        if (link(o->tmp, o->path) == 0)
            goto done;
        if (errno == EEXIST)
            st = ps_fail(err, PS_ERR_ARG, "%s already exists (pass --overwrite to replace it)",
                         o->path);
        /* else a file system without hard links: rename after the check above */
    }
    if (st == PS_OK && rename(o->tmp, o->path) != 0)
        st = ps_fail(err, PS_ERR_IO, "cannot create %s: %s", o->path, strerror(errno));
done:
    unlink(o->tmp); /* after link, the temporary name; after a failure, the partial file */
    free(o);
    return st;
}

void ps_output_abort(ps_output *o)
{
    if (!o)
        return;
    if (o->f)
        fclose(o->f);
    unlink(o->tmp);
    free(o);
}
