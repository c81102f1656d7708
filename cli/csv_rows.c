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

void xcorr_print_max(FILE *f, double rate, int64_t lo, int64_t hi, const double *z)
{
    size_t best = 0;
    for (size_t i = 1; i < (size_t)(hi - lo + 1); i++)
        if (z[i] > z[best])
            best = i;
    int64_t best_lag = lo + (int64_t)best;
    fprintf(f, "maximum at lag %lld samples (%.9g s): ", (long long)best_lag,
            (double)best_lag / rate);
    args_print_double(f, z[best]);
    fputc('\n', f);
}

void csv_xcorr(FILE *f, int64_t lo, int64_t hi, const double *z)
{
    fprintf(f, "lag,correlation\n");
    for (int64_t k = lo; k <= hi; k++) {
        fprintf(f, "%lld,", (long long)k);
        args_print_double(f, z[k - lo]);
        fputc('\n', f);
    }
}

void csv_events_header(FILE *f)
{
    fprintf(f, "start,end,start_s,end_s,rule,peak_v\n");
}

int csv_event_row(FILE *f, ps_reader *r, const ps_events_config *cfg, const ps_event *e)
{
    return fprintf(f, "%llu,%llu,%.17g,%.17g,%s,%.17g\n", (unsigned long long)e->start,
                   (unsigned long long)e->end, ps_reader_time_s(r, e->start),
                   ps_reader_time_s(r, e->end), cfg->rule[e->rule].label, e->peak_v);
}

void csv_peaks_header(FILE *f, const ps_peaks_config *cfg)
{
    bool prom_cols = cfg->prominence.set || cfg->width.set;
    fprintf(f, "index,time_s,value_v%s%s%s%s%s\n",
            cfg->plateau_size.set ? ",plateau_sizes,left_edges,right_edges" : "",
            cfg->height.set ? ",peak_heights" : "",
            cfg->threshold.set ? ",left_thresholds,right_thresholds" : "",
            prom_cols ? ",prominences,left_bases,right_bases" : "",
            cfg->width.set ? ",widths,width_heights,left_ips,right_ips" : "");
}

int csv_peak_row(FILE *f, ps_reader *r, const ps_peaks_config *cfg, const ps_peak *p)
{
    fprintf(f, "%llu,%.17g,%.17g", (unsigned long long)p->index, ps_reader_time_s(r, p->index),
            p->value);
    if (cfg->plateau_size.set)
        fprintf(f, ",%llu,%llu,%llu", (unsigned long long)p->plateau_size,
                (unsigned long long)p->left_edge, (unsigned long long)p->right_edge);
    if (cfg->height.set)
        fprintf(f, ",%.17g", p->value);
    if (cfg->threshold.set)
        fprintf(f, ",%.17g,%.17g", p->left_threshold, p->right_threshold);
    if (cfg->prominence.set || cfg->width.set)
        fprintf(f, ",%.17g,%llu,%llu", p->prominence, (unsigned long long)p->left_base,
                (unsigned long long)p->right_base);
    if (cfg->width.set)
        fprintf(f, ",%.17g,%.17g,%.17g,%.17g", p->width, p->width_height, p->left_ip, p->right_ip);
    return fputc('\n', f) == EOF ? -1 : 0;
}
