"""Analysis benchmark (issues 4 and 5): each picostream command on 2-channel int16 recordings of 1e8 and 1e9
samples per channel, SciPy on the 1e8 one (loaded as float64 volts, as users do), in the same
run. Prints wall and user time (best of 3), peak RSS and the throughput ratio; asserts nothing.
usage: /usr/bin/python3 bench/analysis.py [BUILD_DIR] [WORK_DIR]   (SIZES=1e7,1e8 to change;
ONLY=filter,peaks for the commands whose names start so)"""
import os
import subprocess
import sys
import time

import numpy as np

BUILD = sys.argv[1] if len(sys.argv) > 1 else "build"
WORK = sys.argv[2] if len(sys.argv) > 2 else "bench-tmp"
PS = os.path.join(BUILD, "picostream")
SIZES = [int(float(s)) for s in os.environ.get("SIZES", "1e8,1e9").split(",")]
ONLY = [s for s in os.environ.get("ONLY", "").split(",") if s]
RATE = 1e6

COMMANDS = {
    "stats": ["stats", "{rec}", "--quiet", "--csv", "{w}/out.csv", "--overwrite"],
    "filter (sosfiltfilt, order 4)": ["filter", "{rec}", "-o", "{w}/out", "--lowpass", "10k",
                                      "--overwrite", "--quiet"],
    "psd (welch, nperseg 4096)": ["psd", "{rec}", "--nperseg", "4096", "--quiet", "--csv",
                                  "{w}/out.csv", "--overwrite"],
    "resample (1/100)": ["resample", "{rec}", "-o", "{w}/out", "--up", "1", "--down", "100",
                         "--overwrite", "--quiet"],
    "xcorr (±1000 lags)": ["xcorr", "{rec}", "--a", "A", "--b", "B", "--max-lag", "1000",
                           "--quiet"],
    "peaks (prominence 0.5)": ["peaks", "{rec}", "-c", "A", "--prominence", "0.5", "--quiet",
                               "--csv", "{w}/out.csv", "--overwrite"],
    "events (3 rules)": ["events", "{rec}", "-c", "A", "--above", "2.6", "--below", "-2.6",
                         "--glitch", "<5us", "--hysteresis", "0.8", "--quiet", "--csv",
                         "{w}/out.csv", "--overwrite"],
}
SCIPY = {
    "stats": "[(v.min(), v.max(), v.mean(), np.sqrt(np.mean(v*v)), v.std()) for v in x.T]",
    "filter (sosfiltfilt, order 4)":
        "ss.sosfiltfilt(ss.butter(4, 10e3, fs=1e6, output='sos'), x, axis=0)",
    "psd (welch, nperseg 4096)": "ss.welch(x, fs=1e6, nperseg=4096, axis=0)",
    "resample (1/100)": "ss.resample_poly(x, 1, 100, axis=0)",
    "xcorr (±1000 lags)": "ss.correlate(x[:, 0], x[:, 1], mode='full')",
    "peaks (prominence 0.5)": "ss.find_peaks(x[:, 0], prominence=0.5)",
    "events (3 rules)": "[np.flatnonzero(np.diff(m.astype(np.int8))) for m in "
                        "(x[:, 0] > 2.6, x[:, 0] < -2.6, x[:, 0] > 0)]",
}


def make(n):
    os.makedirs(WORK, exist_ok=True)
    path = os.path.join(WORK, "bench_%d" % n)
    if os.path.exists(path + ".sigmf-data") and \
            os.path.getsize(path + ".sigmf-data") == 4 * n:
        write_meta(path)
        return path
    with open(path + ".sigmf-data", "wb") as f:
        t0 = 0
        block = 1 << 22
        rng = np.random.default_rng(0)
        while t0 < n:
            m = min(block, n - t0)
            t = np.arange(t0, t0 + m) / RATE
            a = 8000 * np.sin(2 * np.pi * 1000 * t) + 500 * rng.standard_normal(m)
            b = 8000 * np.sin(2 * np.pi * 1000 * (t - 1e-4)) + 500 * rng.standard_normal(m)
            np.stack([a, b], axis=1).astype("<i2").tofile(f)
            t0 += m
    write_meta(path)
    return path


def write_meta(path):
    ch = ", ".join('{"name": "%s", "range_v": 10.0, "coupling": "DC", "adc_max": 32767, '
                   '"scale_v": %r, "offset_v": 0.0}' % (n, 10 / 32767) for n in "AB")
    with open(path + ".sigmf-meta", "w") as f:
        f.write('{"global": {"core:datatype": "ri16_le", "core:sample_rate": %r, '
                '"core:num_channels": 2, "core:version": "1.2.0", "core:extensions": '
                '[{"name": "picostream", "version": "0.1.0", "optional": true}], '
                '"picostream:channels": [%s]}, "captures": [{"core:sample_start": 0}], '
                '"annotations": []}' % (RATE, ch))


def timed(cmd):
    best = None
    for _ in range(3):
        for f in os.listdir(WORK):  # replacing an old output is not the command's work
            if f.startswith("out"):
                os.unlink(os.path.join(WORK, f))
        p = subprocess.run(["/usr/bin/time", "-f", "%e %U %M"] + cmd, capture_output=True,
                           text=True)
        if p.returncode != 0:
            return None
        wall, user, rss = p.stderr.strip().splitlines()[-1].split()
        r = (float(wall), float(user), int(rss) / 1024)
        best = r if best is None or r[0] < best[0] else best
    return best


def scipy_time(rec, n, expr):
    code = ("import numpy as np, time, resource; from scipy import signal as ss\n"
            "x = np.fromfile(%r, dtype='<i2').reshape(-1, 2) * (10 / 32767)\n"
            "t = time.perf_counter(); r = %s; dt = time.perf_counter() - t\n"
            "print(dt, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
            % (rec + ".sigmf-data", expr))
    if "correlate" in expr and n > 2e7:
        return None  # full correlation of 1e8 × 1e8: hours; SciPy has no max-lag option
    best = None
    for _ in range(3):
        p = subprocess.run(["/usr/bin/python3", "-c", code], capture_output=True, text=True)
        if p.returncode != 0:
            return None
        dt, rss = map(float, p.stdout.split())
        best = (dt, rss) if best is None or dt < best[0] else best
    return best


def evict(path):
    """Drops the file from the page cache, so the next read comes from the disk."""
    fd = os.open(path, os.O_RDONLY)
    os.fsync(fd)
    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    os.close(fd)


def cold(cmd, data):
    """One run on a file not in the page cache: wall seconds, or None."""
    evict(data)
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True)
    return time.perf_counter() - t if p.returncode == 0 else None


def dd_direct(data):
    p = subprocess.run(["dd", "if=" + data, "of=/dev/null", "bs=4M", "iflag=direct"],
                       capture_output=True, text=True)
    line = p.stderr.strip().splitlines()[-1]
    return os.path.getsize(data) / float(line.split(",")[-2].split()[0]) / 1e6


def main():
    print("picostream analysis benchmark (%d cores); throughput in MS/s per channel" % os.cpu_count())
    print("%-32s %-10s %-28s %-24s %s" % ("command", "samples", "picostream wall/user, RSS",
                                           "SciPy (1e8 only)", "ratio"))
    for n in SIZES:
        rec = make(n)
        for name, args in COMMANDS.items():
            if ONLY and not any(name.startswith(o) for o in ONLY):
                continue
            ours = timed([PS] + [a.format(rec=rec, w=WORK) for a in args])
            ref = scipy_time(rec, n, SCIPY[name]) if n <= 1e8 else None
            o = ("%.2f/%.2f s %5.0f MiB (%.0f MS/s)" % (ours[0], ours[1], ours[2], n / ours[0] / 1e6)
                 if ours else "failed")
            s = "%.2f s %5.0f MiB (%.0f MS/s)" % (ref[0], ref[1], n / ref[0] / 1e6) if ref else "-"
            ratio = "%.1fx" % (ref[0] / ours[0]) if ours and ref else "-"
            print("%-32s %-10.0e %-28s %-24s %s" % (name, n, o, s, ratio))
            sys.stdout.flush()
    # psd and stats on a file not in the page cache, beside the disk's own sequential read
    rec = make(SIZES[-1])
    data = rec + ".sigmf-data"
    disk = dd_direct(data)
    print("\nfrom the disk (file evicted from the page cache before each run); dd iflag=direct: "
          "%.0f MB/s" % disk)
    for name in ("stats", "psd (welch, nperseg 4096)"):
        t = cold([PS] + [a.format(rec=rec, w=WORK) for a in COMMANDS[name]], data)
        if t:
            mbs = os.path.getsize(data) / t / 1e6
            print("%-32s %.2f s, %.0f MB/s = %.0f%% of dd" % (name, t, mbs, 100 * mbs / disk))
    for f in os.listdir(WORK):
        if f.startswith("out"):
            os.unlink(os.path.join(WORK, f))
    print("(SciPy times the function only, data already in RAM as float64; ours includes reading "
          "the int16 file.)")


if __name__ == "__main__":
    main()
