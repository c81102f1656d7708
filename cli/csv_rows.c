/* CSV rows shared by stats, psd and merge. */
#include "csv_rows.h"

#include "analysis_args.h"

void csv_stats_header(FILE *f)
{
    fprintf(f, "channel,start_s,min_v,max_v,mean_v,rms_v,std_v,gaps,lost\n");
}

void csv_stats_row(FILE *f, ps_reader *r, unsigned channel, uint64_t start, uint64_t gaps,
                   uint64_t lost, const ps_stats *s)
{
    fprintf(f, "%s,", ps_reader_meta(r)->channel[channel].name);
    args_print_double(f, ps_reader_time_s(r, start));
    double v[] = {s->min, s->max, s->mean, ps_stats_rms(s), ps_stats_std(s)};
    for (int i = 0; i < 5; i++) {
        fputc(',', f);
        args_print_double(f, v[i]);
    }
    fprintf(f, ",%llu,%llu\n", (unsigned long long)gaps, (unsigned long long)lost);
}

void csv_psd(FILE *f, ps_reader *r, const int *channels, size_t n_channels, const double *freq,
             const double *const *psd, size_t n_freq)
{
    fprintf(f, "frequency_hz");
    for (size_t k = 0; k < n_channels; k++)
        fprintf(f, ",%s", ps_reader_meta(r)->channel[channels[k]].name);
    fputc('\n', f);
    for (size_t i = 0; i < n_freq; i++) {
        args_print_double(f, freq[i]);
        for (size_t k = 0; k < n_channels; k++) {
            fputc(',', f);
            args_print_double(f, psd[k][i]);
        }
        fputc('\n', f);
    }
}
