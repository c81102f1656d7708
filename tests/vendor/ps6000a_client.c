/* A streaming client written only against Pico's documented ps6000a API: its own declarations,
 * no picostream header, linked against libps6000a as Pico's C examples are. It streams two
 * sawtooth channels (PICOSTREAM_SIM set by the test) with the vendor's buffer rotation and
 * checks every sample: each step is one slope step or one wrap, so a lost, repeated or
 * misplaced sample fails. Prints the count and exits 0, or names the first bad sample. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef uint32_t PICO_STATUS;
#pragma pack(push, 1)
typedef struct {
    int32_t channel_;
    uint32_t mode_;
    int32_t type_;
    int32_t noOfSamples_;
    uint64_t bufferIndex_;
    int32_t startIndex_;
    int16_t overflow_;
} PICO_STREAMING_DATA_INFO;
typedef struct {
    uint64_t triggerAt_;
    int16_t triggered_;
    int16_t autoStop_;
} PICO_STREAMING_DATA_TRIGGER_INFO;
#pragma pack(pop)

enum { PICO_OK = 0, PICO_WAITING_FOR_DATA_BUFFERS = 0x197 };
enum { PICO_DR_12BIT = 1, PICO_INT16_T = 1, PICO_DC = 1, PICO_X1_PROBE_1V = 6, PICO_US = 3 };
#define PICO_RATIO_MODE_RAW 0x80000000u
#define PICO_CLEAR_ALL 1u
#define PICO_ADD 2u

PICO_STATUS ps6000aOpenUnit(int16_t *handle, int8_t *serial, int32_t resolution);
PICO_STATUS ps6000aCloseUnit(int16_t handle);
PICO_STATUS ps6000aSetChannelOn(int16_t handle, int32_t channel, int32_t coupling, int32_t range,
                                double analogueOffset, int32_t bandwidth);
PICO_STATUS ps6000aSetChannelOff(int16_t handle, int32_t channel);
PICO_STATUS ps6000aGetAdcLimits(int16_t handle, int32_t resolution, int16_t *minValue,
                                int16_t *maxValue);
PICO_STATUS ps6000aSetDataBuffer(int16_t handle, int32_t channel, void *buffer, int32_t nSamples,
                                 int32_t dataType, uint64_t waveform, uint32_t downSampleRatioMode,
                                 uint32_t action);
PICO_STATUS ps6000aRunStreaming(int16_t handle, double *sampleInterval, int32_t timeUnits,
                                uint64_t maxPreTriggerSamples, uint64_t maxPostTriggerSamples,
                                int16_t autoStop, uint64_t downSampleRatio,
                                uint32_t downSampleRatioMode);
PICO_STATUS ps6000aGetStreamingLatestValues(int16_t handle, PICO_STREAMING_DATA_INFO *info,
                                            uint64_t nInfos,
                                            PICO_STREAMING_DATA_TRIGGER_INFO *triggerInfo);
PICO_STATUS ps6000aStop(int16_t handle);

#define N_CH 2
#define N_BUF 3
#define BUF_LEN 100000
#define TOTAL 4000000

static int check(int ch, const int16_t *x, size_t n, int16_t *prev, uint64_t *seen)
{
    for (size_t i = 0; i < n; i++, (*seen)++) {
        int d = x[i] - *prev;
        /* the sawtooth rises 2 V per 1024 samples: 32..33 codes of 16 at 12 bits on ±1 V */
        int ok = *seen == 0 || (d >= 48 && d <= 80) || d < -30000;
        if (!ok) {
            printf("channel %c: sample %llu is %d after %d\n", 'A' + ch,
                   (unsigned long long)*seen, x[i], *prev);
            return -1;
        }
        *prev = x[i];
    }
    return 0;
}

int main(void)
{
    int16_t h = 0, min = 0, max = 0;
    PICO_STATUS st = ps6000aOpenUnit(&h, NULL, PICO_DR_12BIT);
    if (st != PICO_OK) {
        printf("ps6000aOpenUnit: 0x%x\n", st);
        return 1;
    }
    for (int c = 0; c < 8; c++)
        ps6000aSetChannelOff(h, c);
    for (int c = 0; c < N_CH; c++)
        ps6000aSetChannelOn(h, c, PICO_DC, PICO_X1_PROBE_1V, 0.0, 0);
    ps6000aGetAdcLimits(h, PICO_DR_12BIT, &min, &max);
    static int16_t buf[N_CH][N_BUF][BUF_LEN];
    for (int c = 0; c < N_CH; c++) /* one queued ahead at a time, as Pico's C example */
        ps6000aSetDataBuffer(h, c, buf[c][0], BUF_LEN, PICO_INT16_T, 0, PICO_RATIO_MODE_RAW,
                             c == 0 ? PICO_CLEAR_ALL | PICO_ADD : PICO_ADD);
    double interval = 1.024; /* µs */
    if ((st = ps6000aRunStreaming(h, &interval, PICO_US, 0, BUF_LEN, 0, 1,
                                  PICO_RATIO_MODE_RAW)) != PICO_OK) {
        printf("ps6000aRunStreaming: 0x%x\n", st);
        return 1;
    }
    uint64_t got[N_CH] = {0}, added[N_CH] = {1, 1}, seen[N_CH] = {0};
    int16_t prev[N_CH] = {0};
    PICO_STREAMING_DATA_INFO info[N_CH];
    PICO_STREAMING_DATA_TRIGGER_INFO trig;
    while (got[0] < TOTAL || got[1] < TOTAL) {
        for (int c = 0; c < N_CH; c++)
            info[c] = (PICO_STREAMING_DATA_INFO){c, PICO_RATIO_MODE_RAW, PICO_INT16_T, 0, 0, 0, 0};
        st = ps6000aGetStreamingLatestValues(h, info, N_CH, &trig);
        if (st != PICO_OK && st != PICO_WAITING_FOR_DATA_BUFFERS) {
            printf("ps6000aGetStreamingLatestValues: 0x%x\n", st);
            return 1;
        }
        for (int c = 0; c < N_CH; c++) {
            const int16_t *x = buf[c][info[c].bufferIndex_ % N_BUF] + info[c].startIndex_;
            if (check(c, x, (size_t)info[c].noOfSamples_, &prev[c], &seen[c]) < 0)
                return 1;
            got[c] += (uint64_t)info[c].noOfSamples_;
            /* on 407 the full buffer is done: hand the next one over */
            if (st == PICO_WAITING_FOR_DATA_BUFFERS && added[c] == info[c].bufferIndex_ + 1) {
                ps6000aSetDataBuffer(h, c, buf[c][added[c] % N_BUF], BUF_LEN, PICO_INT16_T, 0,
                                     PICO_RATIO_MODE_RAW, PICO_ADD);
                added[c]++;
            }
        }
        if (st == PICO_OK && info[0].noOfSamples_ == 0) {
            struct timespec ts = {0, 2000000};
            nanosleep(&ts, NULL);
        }
    }
    ps6000aStop(h);
    ps6000aCloseUnit(h);
    printf("ps6000a client: %llu samples × %d channels, every sample in sequence (ADC max %d, "
           "interval %g us)\n", (unsigned long long)got[0], N_CH, max, interval);
    return 0;
}
