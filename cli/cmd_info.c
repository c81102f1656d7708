/* picostream info: what a recording holds. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "options.h"
#include "picostream/reader.h"
#include "picostream/sigmf.h"

int cmd_info(int argc, char **argv)
{
    const struct cli_cmd cmd = {
        "info", "NAME", 1,
        "Channels, rate, duration, segments, gaps and size of a SigMF recording.",
        "picostream info run1", 0, NULL, 0};
    struct common_args a = {0};
    int first, p = cli_parse(&cmd, &a, argc, argv, &first);
    if (p != 0)
        return p > 0 ? EXIT_OK : EXIT_USAGE;
    const char *name = argv[first];
    char meta_path[4096], data_path[4096];
    ps_error err = {0};
    ps_sigmf_meta m;
    ps_reader *r;
    ps_status st = ps_reader_open(&r, name, &err); /* the analysis commands' validity rules */
    if (st != PS_OK) {
        cli_error("info", "%s", ps_error_text(&err));
        return EXIT_FAIL;
    }
    ps_reader_close(r);
    st = ps_sigmf_paths(name, meta_path, data_path, sizeof meta_path, &err);
    if (st == PS_OK)
        st = ps_sigmf_read_meta(meta_path, &m, &err);
    if (st != PS_OK) {
        cli_error("info", "%s", ps_error_text(&err));
        return EXIT_FAIL;
    }
    struct stat sb;
    if (stat(data_path, &sb) != 0) {
        cli_error("info", "%s: %s", data_path, strerror(errno));
        ps_sigmf_meta_clear(&m);
        return EXIT_FAIL;
    }
    uint64_t frame = ps_sigmf_sample_bytes(m.datatype) * m.n_channels;
    uint64_t frames = (uint64_t)sb.st_size / frame;
    double interval = m.interval_s > 0 ? m.interval_s : 1.0 / m.sample_rate_hz;
    char buf[64], buf2[64];
    printf("recording  %s\n", name);
    printf("data       %s, %llu bytes", data_path, (unsigned long long)sb.st_size);
    if ((uint64_t)sb.st_size % frame)
        printf(" (a torn last frame of %llu bytes is ignored)",
               (unsigned long long)((uint64_t)sb.st_size % frame));
    printf("\nformat     %s, %u channel%s\n", m.datatype, m.n_channels,
           m.n_channels > 1 ? "s" : "");
    printf("rate       %s (interval %.9g ns)\n",
           units_format_rate(m.sample_rate_hz, buf, sizeof buf), interval * 1e9);
    printf("samples    %llu per channel, %s\n", (unsigned long long)frames,
           units_format_duration((double)frames * interval, buf2, sizeof buf2));
    if (m.datetime[0])
        printf("start      %s\n", m.datetime);
    if (m.hw[0])
        printf("hardware   %s\n", m.hw);
    if (m.has_picostream) {
        printf("channels  ");
        for (unsigned c = 0; c < m.n_channels; c++) {
            const ps_sigmf_channel *ch = &m.channel[c];
            if (ch->has_adc_min) /* a logger's input: its full scale in its unit */
                printf(" %s ±%.6g %s%s%s%s", ch->name, ch->range_v, ch->unit,
                       ch->sensor[0] ? " (" : "", ch->sensor, ch->sensor[0] ? ")" : "");
            else if (m.channel[c].range_v > 0) /* a capture: the input range and coupling */
                printf(" %s ±%s %s%s%s", m.channel[c].name,
                       units_format_volts(m.channel[c].range_v, buf, sizeof buf),
                       m.channel[c].coupling, m.channel[c].probe[0] ? " via " : "",
                       m.channel[c].probe);
            else /* a derived recording holds its source's unit */
                printf(" %s (%s)", m.channel[c].name,
                       strcmp(ch->unit, "volts") == 0 ? "V" : ch->unit);
            printf("%s", c + 1 < m.n_channels ? "," : "");
        }
        if (m.channel[0].adc_max > 0)
            printf("\nresolution %u-bit (ADC max %d)", m.resolution_bits, m.channel[0].adc_max);
        printf("\n");
        if (m.downsample_ratio)
            printf("downsample %s of %u raw samples per value (by the driver)\n",
                   m.downsample_mode, m.downsample_ratio);
        if (m.description[0])
            printf("derived    %s\n", m.description);
    }
    /* the figures come from the segments and the loss at the end, as the capture wrote them */
    uint64_t gaps = 0, lost = m.lost_at_end;
    for (size_t i = 1; i < m.n_captures; i++) {
        const ps_sigmf_capture *a = &m.captures[i - 1], *b = &m.captures[i];
        uint64_t missing =
            (b->global_index - a->global_index) - (b->sample_start - a->sample_start);
        gaps += missing > 0;
        lost += missing;
    }
    gaps += m.lost_at_end > 0;
    printf("segments   %zu\n", m.n_captures);
    printf("gaps       %llu, %llu samples lost\n", (unsigned long long)gaps,
           (unsigned long long)lost);
    for (size_t i = 1; i < m.n_captures; i++) {
        const ps_sigmf_capture *a = &m.captures[i - 1], *b = &m.captures[i];
        uint64_t missing =
            (b->global_index - a->global_index) - (b->sample_start - a->sample_start);
        if (missing == 0)
            continue;
        printf("  gap at sample %llu (device time %s): %llu samples missing%s\n",
               (unsigned long long)b->sample_start,
               units_format_duration((double)b->global_index * interval, buf, sizeof buf),
               (unsigned long long)missing, b->estimated ? " (estimated from the clock)" : "");
    }
    if (m.lost_at_end)
        printf("  after the last sample: %llu samples delivered but not recorded\n",
               (unsigned long long)m.lost_at_end);
    if (m.has_picostream && lost != m.lost_samples)
        printf("  warning: the meta's picostream:lost_samples says %llu\n",
               (unsigned long long)m.lost_samples);
    if (m.has_trigger)
        printf("trigger    at sample %llu\n", (unsigned long long)m.trigger_sample);
    if (m.has_picostream) {
        if (m.complete)
            printf("status     complete (%s)\n", m.stop_reason[0] ? m.stop_reason : "ended");
        else
            printf("status     incomplete: the capture did not finish; %llu samples per channel "
                   "were flushed when the meta was last written\n",
                   (unsigned long long)m.n_samples);
        if (m.sim_spec[0])
            printf("simulator  %s\n", m.sim_spec);
    }
    ps_sigmf_meta_clear(&m);
    return EXIT_OK;
}
