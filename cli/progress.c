/* The capture's status line on stderr. */
#include <unistd.h>

#include "cli.h"
#include "picostream/capture.h"

void progress_print(FILE *f, const ps_capture_stats *s, unsigned n_ch, bool final)
{
    char rate[32];
    double sps = s->elapsed_s > 0 ? (double)s->samples / s->elapsed_s : 0;
    double fill = s->ring_capacity ? 100.0 * (double)s->ring_fill / (double)s->ring_capacity : 0;
    bool tty = isatty(fileno(f));
    if (s->waiting_for_trigger) {
        fprintf(f, "%s%8.1f s  %s  lost %llu%s", tty ? "\r\033[K" : "", s->elapsed_s,
                final ? "no trigger came" : "waiting for trigger", (unsigned long long)s->lost,
                tty && !final ? "" : "\n");
        fflush(f);
        return;
    }
    fprintf(f, "%s%8.1f s  %llu samples × %u ch  %s  ring %5.1f%%  lost %llu  %.1f MB%s%s",
            tty ? "\r\033[K" : "", s->elapsed_s, (unsigned long long)s->samples, n_ch,
            units_format_rate(sps, rate, sizeof rate), fill, (unsigned long long)s->lost,
            (double)s->n_bytes / 1e6, s->overflow ? "  OVER-RANGE" : "", tty && !final ? "" : "\n");
    fflush(f);
}
