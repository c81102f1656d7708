/* Records one second of channel A from the simulator with libpicostream, built with
 * `cc record_1s.c $(pkg-config --cflags --libs picostream)`. usage: record_1s NAME */
#define _POSIX_C_SOURCE 200809L /* nanosleep */
#include <picostream/capture.h>
#include <picostream/device.h>
#include <picostream/verify.h>
#include <stdio.h>
#include <time.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s NAME\n", argv[0]);
        return 2;
    }
    ps_error err = {0};
    ps_device *dev;
    if (ps_device_open(&dev, "sim", NULL, &err) != PS_OK) {
        fprintf(stderr, "open: %s\n", ps_error_text(&err));
        return 1;
    }
    ps_capture_config cfg = {
        .name = argv[1], .overwrite = true, .duration_s = 1.0, .sync_interval_s = 1.0};
    cfg.device.channel[0] = (ps_channel_config){.enabled = true, .range_v = 2.0,
                                                .coupling = PS_COUPLING_DC};
    cfg.device.rate_hz = 100e3;
    ps_capture *cap;
    ps_stream_params params;
    if (ps_capture_start(&cap, dev, &cfg, &params, &err) != PS_OK) {
        fprintf(stderr, "capture: %s\n", ps_error_text(&err));
        ps_device_close(dev);
        return 1;
    }
    struct timespec tick = {0, 20000000};
    while (!ps_capture_done(cap))
        nanosleep(&tick, NULL);
    ps_capture_stats s;
    ps_status st = ps_capture_finish(cap, &s, &err);
    ps_capture_destroy(cap);
    ps_device_close(dev);
    if (st != PS_OK) {
        fprintf(stderr, "capture: %s\n", ps_error_text(&err));
        return 1;
    }
    ps_verify_report rep;
    if (ps_verify_recording(argv[1], &rep, &err) != PS_OK) {
        fprintf(stderr, "verify: %s\n", ps_error_text(&err));
        return 1;
    }
    printf("%llu samples at %g S/s, %llu lost, verified\n", (unsigned long long)s.written,
           params.rate_hz, (unsigned long long)s.lost);
    return 0;
}
