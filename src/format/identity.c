/* A recording's identity: a SHA-256 over what its meta says of the data (not annotations), and
 * the data file's length, so two recordings that share a name, rate and length differ. */
#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>

#include "picostream/reader.h"

static void add(struct sha256_ctx *c, const void *p, size_t n)
{
    sha256_update(c, n, p);
}

static void add_str(struct sha256_ctx *c, const char *s)
{
    add(c, s, strlen(s) + 1); /* the NUL too: "ab","c" is not "a","bc" */
}

void ps_reader_identity(const ps_reader *r, char hex[65])
{
    const ps_sigmf_meta *m = ps_reader_meta(r);
    struct sha256_ctx c;
    sha256_init(&c);
    add_str(&c, m->datatype);
    add(&c, &m->sample_rate_hz, sizeof m->sample_rate_hz);
    add(&c, &m->interval_s, sizeof m->interval_s);
    add(&c, &m->n_channels, sizeof m->n_channels);
    add_str(&c, m->hw);
    add_str(&c, m->datetime);
    add_str(&c, m->description);
    add_str(&c, m->driver);
    add_str(&c, m->sim_spec);
    for (unsigned k = 0; k < m->n_channels; k++) {
        add_str(&c, m->channel[k].name);
        add(&c, &m->channel[k].scale_v, sizeof m->channel[k].scale_v);
        add(&c, &m->channel[k].offset_v, sizeof m->channel[k].offset_v);
    }
    for (size_t i = 0; i < m->n_captures; i++) {
        add(&c, &m->captures[i].sample_start, sizeof m->captures[i].sample_start);
        add(&c, &m->captures[i].global_index, sizeof m->captures[i].global_index);
        add_str(&c, m->captures[i].datetime);
    }
    uint64_t frames = ps_reader_frames(r);
    add(&c, &frames, sizeof frames);
    unsigned char d[SHA256_DIGEST_SIZE];
    sha256_digest(&c, sizeof d, d);
    for (size_t i = 0; i < sizeof d; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
}
