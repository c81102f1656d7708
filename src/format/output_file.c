/* Output files: refuse inputs and existing files, write under a temporary name, rename. */
#define _DEFAULT_SOURCE /* realpath, flock */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "format_int.h"
#include "picostream/output.h"
#include "picostream/sigmf.h"

#define TEMP_TAG ".ps-tmp-" /* in every temporary name: the sweep removes nothing else */

struct ps_output {
    char path[4096];
    char tmp[4096 + 32];
    FILE *f;
    bool in_place; /* a character device or FIFO: written where it is, never renamed over */
    ps_output_rules rules;
};

ps_status ps_output_rules_protect(ps_output_rules *rules, const char *path, ps_error *err)
{
    struct stat sb;
    if (!path || stat(path, &sb) != 0)
        return PS_OK; /* nothing there to protect */
    if (rules->n_inputs == PS_OUTPUT_MAX_INPUTS)
        return ps_fail(err, PS_ERR_ARG, "more than %d input files", PS_OUTPUT_MAX_INPUTS);
    ps_output_input *in = &rules->inputs[rules->n_inputs++];
    in->dev = (uint64_t)sb.st_dev;
    in->ino = (uint64_t)sb.st_ino;
    in->tree = S_ISDIR(sb.st_mode);
    snprintf(in->name, sizeof in->name, "%s", path);
    return PS_OK;
}

ps_status ps_output_rules_protect_recording(ps_output_rules *rules, const char *name,
                                            ps_error *err)
{
    char meta[4200], data[4200], side[4200];
    ps_status st = ps_sigmf_paths(name, meta, data, sizeof meta, err);
    if (st != PS_OK)
        return st;
    overview_dir_of(side, sizeof side, name);
    if ((st = ps_output_rules_protect(rules, meta, err)) == PS_OK &&
        (st = ps_output_rules_protect(rules, data, err)) == PS_OK)
        st = ps_output_rules_protect(rules, side, err);
    return st;
}

static bool same(const ps_output_input *in, const struct stat *sb)
{
    return in->dev == (uint64_t)sb->st_dev && in->ino == (uint64_t)sb->st_ino;
}

/* A protected directory that holds path (its parent or any folder above, links resolved). */
static const ps_output_input *inside_tree(const char *path, const ps_output_rules *rules)
{
    bool any = false;
    for (size_t i = 0; i < rules->n_inputs; i++)
        any |= rules->inputs[i].tree;
    if (!any)
        return NULL;
    char dir[4096], real[PATH_MAX];
    format_dir_of(path, dir, sizeof dir);
    if (!realpath(dir, real))
        return NULL; /* no such folder: nothing can be created there either */
    for (;;) {
        struct stat sb;
        if (stat(real, &sb) == 0)
            for (size_t i = 0; i < rules->n_inputs; i++)
                if (rules->inputs[i].tree && same(&rules->inputs[i], &sb))
                    return &rules->inputs[i];
        char *up = strrchr(real, '/');
        if (!up || up == real)
            return NULL;
        *up = '\0';
    }
}

ps_status ps_output_check(const char *path, const ps_output_rules *rules, ps_error *err)
{
    if (!path || !path[0])
        return ps_fail(err, PS_ERR_ARG, "empty output name");
    const ps_output_input *tree = rules ? inside_tree(path, rules) : NULL;
    if (tree)
        return ps_fail(err, PS_ERR_ARG, "%s is inside the input recording's %s: refused", path,
                       tree->name);
    struct stat out;
    /* stat follows links: a link to an input is the input */
    if (stat(path, &out) != 0)
        return PS_OK;
    for (size_t i = 0; rules && i < rules->n_inputs; i++)
        if (same(&rules->inputs[i], &out))
            return ps_fail(err, PS_ERR_ARG, "%s is the input recording's file %s: refused",
                           path, rules->inputs[i].name);
    if (S_ISDIR(out.st_mode))
        return ps_fail(err, PS_ERR_ARG, "%s is a directory", path);
    if (S_ISBLK(out.st_mode))
        return ps_fail(err, PS_ERR_ARG, "%s is a block device: refused", path);
    if (S_ISSOCK(out.st_mode))
        return ps_fail(err, PS_ERR_ARG, "%s is a socket: refused", path);
    if (S_ISCHR(out.st_mode) || S_ISFIFO(out.st_mode))
        return PS_OK; /* written in place */
    if (!rules || !rules->overwrite)
        return ps_fail(err, PS_ERR_ARG, "%s already exists (pass `overwrite` to replace it)",
                       path);
    return PS_OK;
}

/* Removes the temporary files of base in dir that no live writer holds locked. */
static void sweep_stale(const char *dir, const char *base)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    size_t n = strlen(base);
    struct dirent *e;
    while ((e = readdir(d))) {
        const char *s = e->d_name;
        /* only our own names: ".BASE" TEMP_TAG and mkstemp's six letters or digits */
        const char *tail = s + n + 1;
        if (s[0] != '.' || strncmp(s + 1, base, n) != 0 ||
            strncmp(tail, TEMP_TAG, strlen(TEMP_TAG)) != 0 ||
            strlen(tail + strlen(TEMP_TAG)) != 6 ||
            strspn(tail + strlen(TEMP_TAG), "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                            "0123456789") != 6)
            continue;
        int fd = openat(dirfd(d), s, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        struct stat sb;
        if (fd >= 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
            flock(fd, LOCK_EX | LOCK_NB) == 0)
            unlinkat(dirfd(d), s, 0);
        if (fd >= 0)
            close(fd);
    }
    closedir(d);
}

static ps_status open_in_place(ps_output *o, ps_error *err)
{
    /* O_NONBLOCK: a FIFO nobody reads fails at once (ENXIO) instead of hanging */
    int fd = open(o->path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return ps_fail(err, PS_ERR_IO, errno == ENXIO ? "cannot write %s: nothing reads it"
                                                      : "cannot write %s: %s",
                       o->path, strerror(errno));
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    if (!(o->f = fdopen(fd, "wb"))) {
        close(fd);
        return ps_fail(err, PS_ERR_IO, "cannot write %s: %s", o->path, strerror(errno));
    }
    o->in_place = true;
    snprintf(o->tmp, sizeof o->tmp, "%s", o->path);
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
    struct stat sb;
    if (stat(path, &sb) == 0 && (S_ISCHR(sb.st_mode) || S_ISFIFO(sb.st_mode))) {
        if ((st = open_in_place(o, err)) != PS_OK)
            free(o);
        else
            *out = o;
        return st;
    }
    /* hidden, beside the target: same file system, so the rename is atomic */
    const char *slash = strrchr(path, '/');
    int dir_len = slash ? (int)(slash - path + 1) : 0;
    char dir[4096];
    format_dir_of(path, dir, sizeof dir);
    sweep_stale(dir, path + dir_len);
    snprintf(o->tmp, sizeof o->tmp, "%.*s.%s" TEMP_TAG "XXXXXX", dir_len, path, path + dir_len);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        st = ps_fail(err, PS_ERR_IO, "cannot create %s: %s", path, strerror(errno));
        free(o);
        return st;
    }
    flock(fd, LOCK_EX); /* tells a later run's sweep this file is being written */
    fchmod(fd, 0644);   /* mkstemp makes 0600; outputs are ordinary files */
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

static ps_status commit_in_place(ps_output *o, ps_error *err)
{
    ps_status st = PS_OK;
    if (fflush(o->f) != 0 || ferror(o->f))
        st = ps_fail(err, PS_ERR_IO, "cannot write %s: %s", o->path, strerror(errno));
    if (fclose(o->f) != 0 && st == PS_OK)
        st = ps_fail(err, PS_ERR_IO, "cannot write %s: %s", o->path, strerror(errno));
    free(o);
    return st;
}

ps_status ps_output_commit(ps_output *o, ps_error *err)
{
    if (o->in_place)
        return commit_in_place(o, err);
    ps_status st = PS_OK;
    int e = 0;
    /* the file stays open (and locked against another run's sweep) until it is in place */
    if (fflush(o->f) != 0 || fsync(fileno(o->f)) != 0)
        e = errno;
    if (e)
        st = ps_fail(err, PS_ERR_IO, "cannot write %s: %s", o->path, strerror(e));
    if (st == PS_OK)
        st = ps_output_check(o->path, &o->rules, err);
    if (st == PS_OK && !o->rules.overwrite) {
        /* link refuses an existing target atomically, where rename would replace it */
        if (link(o->tmp, o->path) == 0)
            goto done;
        if (errno == EEXIST)
            st = ps_fail(err, PS_ERR_ARG, "%s already exists (pass `overwrite` to replace it)",
                         o->path);
        /* else a file system without hard links: rename after the check above */
    }
    if (st == PS_OK && rename(o->tmp, o->path) != 0)
        st = ps_fail(err, PS_ERR_IO, "cannot create %s: %s", o->path, strerror(errno));
done:
    unlink(o->tmp); /* after link, the temporary name; after a failure, the partial file */
    if (fclose(o->f) != 0 && st == PS_OK)
        st = ps_fail(err, PS_ERR_IO, "cannot write %s: %s", o->path, strerror(errno));
    free(o);
    return st;
}

void ps_output_abort(ps_output *o)
{
    if (!o)
        return;
    if (o->f)
        fclose(o->f);
    if (!o->in_place)
        unlink(o->tmp);
    free(o);
}
