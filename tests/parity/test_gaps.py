"""Gaps respected: on a recording with gaps, every command equals SciPy applied to each
gap-free stretch on its own (Welch: the windows that lie inside a stretch), and derived
recordings keep the stretches as capture segments with the device indices scaled."""
import json
import re

import numpy as np
from scipy import signal as ss

import common as c

rate = 10000.0
lens = [5003, 9, 12011, 37, 8000]       # a stretch shorter than padlen, one shorter than nperseg
jumps = [100, 7, 250000, 1]            # samples lost before stretches 2…5
n = sum(lens)
x = c.signal(n, rate, 11, channels=2)
src = c.write("gappy", x, rate)
meta = json.load(open(src + ".sigmf-meta"))
starts = np.cumsum([0] + lens[:-1])
glob = [0]
for k in range(1, len(lens)):
    glob.append(glob[-1] + lens[k - 1] + jumps[k - 1])
meta["captures"] = [{"core:sample_start": int(s), "core:global_index": int(g)}
                    for s, g in zip(starts, glob)]
# a boundary with no jump is no gap: split the last stretch's segment in two
meta["captures"].append({"core:sample_start": int(starts[-1] + 100),
                         "core:global_index": int(glob[-1] + 100)})
json.dump(meta, open(src + ".sigmf-meta", "w"))
seg = [(int(s), int(s + m)) for s, m in zip(starts, lens)]


def per_stretch(fn, ch=0):
    return np.concatenate([fn(x[a:b, ch]) for a, b in seg])


def check_captures(label, out, ratio, out_lens):
    caps = json.load(open(out + ".sigmf-meta"))["captures"]
    want_start = list(np.cumsum([0] + out_lens[:-1]))
    got_start = [cp["core:sample_start"] for cp in caps]
    got_glob = [cp["core:global_index"] for cp in caps]
    if got_start != want_start or got_glob != [round(g * ratio) for g in glob]:
        c.failures.append("%s: captures %s / %s, want %s / %s" % (
            label, got_start, got_glob, want_start, [round(g * ratio) for g in glob]))


# filter, zero-phase and causal: each stretch from a fresh state (padlen n−1 when too short)
sos = ss.butter(4, 500, "lowpass", fs=rate, output="sos")
pad = 3 * (2 * len(sos) + 1)
for causal in (False, True):
    out = c.TMP + "/f%d" % causal
    c.run("filter", src, "-o", out, "--lowpass", "500", "--dtype", "f64", "--overwrite", "--quiet",
          *(["--causal"] if causal else []))
    y, _ = c.read(out)
    for ch in range(2):
        ref = per_stretch(lambda s: ss.sosfilt(sos, s) if causal else
                          ss.sosfiltfilt(sos, s, padlen=min(pad, len(s) - 1)), ch)
        c.close("filter causal=%s ch %d" % (causal, ch), y[:, ch], ref)
    check_captures("filter", out, 1.0, lens)
p = c.run("info", c.TMP + "/f0")
if not re.search(r"gaps +4, %d samples lost" % sum(jumps), p.stdout):
    c.failures.append("info of the filtered copy: %s" % p.stdout)

# resample 3/7: resample_poly per stretch, segments where each stretch's output begins
out = c.TMP + "/rs"
c.run("resample", src, "-o", out, "--up", "3", "--down", "7", "--dtype", "f64", "--overwrite",
      "--quiet")
y, _ = c.read(out)
c.close("resample", y[:, 1], per_stretch(lambda s: ss.resample_poly(s, 3, 7), 1))
check_captures("resample", out, 3 / 7, [-(-m * 3 // 7) for m in lens])

# envelope: bins never hold samples from both sides of a gap
out = c.TMP + "/env"
c.run("envelope", src, "-o", out, "--rate", "1000", "-c", "A", "--dtype", "f64", "--overwrite",
      "--quiet")
y, _ = c.read(out)
ref_lo, ref_hi = [], []
for a, b in seg:
    for k in range(-(-(b - a) // 10)):
        ref_lo.append(x[a + 10 * k:min(b, a + 10 * k + 10), 0].min())
        ref_hi.append(x[a + 10 * k:min(b, a + 10 * k + 10), 0].max())
c.close("envelope min", y[:, 0], ref_lo, rel=0)
c.close("envelope max", y[:, 1], ref_hi, rel=0)
check_captures("envelope", out, 0.1, [-(-m // 10) for m in lens])

# Welch: mean and median over every window inside a stretch
nperseg = 256
wins = []
for a, b in seg:
    if b - a >= nperseg:
        f, _, s = ss.spectrogram(x[a:b, 0], fs=rate, window="hann", nperseg=nperseg,
                                 noverlap=nperseg // 2, detrend="constant", scaling="density",
                                 mode="psd")
        wins.append(s)
wins = np.concatenate(wins, axis=1)
k = wins.shape[1]
for avg in ("mean", "median"):
    c.run("psd", src, "-c", "A", "--nperseg", nperseg, "--average", avg, "--overwrite", "--csv",
          c.TMP + "/p.csv", "--quiet")
    _, v = c.read_csv(c.TMP + "/p.csv")
    if avg == "mean":
        ref = wins.mean(axis=1)
    else:
        ii = 2 * np.arange(1, (k - 1) // 2 + 1)
        ref = np.median(wins, axis=1) / (1 + np.sum(1.0 / (ii + 1) - 1.0 / ii))
    c.close("welch %s" % avg, v[:, 1], ref)
p = c.run("psd", src, "-c", "A", "--nperseg", "20000", "--quiet", expect=2)
if "longer than every gap-free stretch" not in p.stderr:
    c.failures.append("psd refusal: " + p.stderr)

# find_peaks per stretch, recording indices
c.run("peaks", src, "-c", "B", "--prominence", "0.5", "--width", "2", "--overwrite", "--csv",
      c.TMP + "/k.csv", "--quiet")
head, v = c.read_csv(c.TMP + "/k.csv")
ref_idx, ref_prom = [], []
for a, b in seg:
    pk, props = ss.find_peaks(x[a:b, 1], prominence=0.5, width=2)
    ref_idx += list(pk + a)
    ref_prom += list(props["prominences"])
c.close("peaks index", v[:, 0], ref_idx, rel=0)
c.close("peaks prominence", v[:, head.index("prominences")], ref_prom)

# xcorr: pairs across a gap never enter the sum
c.run("xcorr", src, "--a", "A", "--b", "B", "--max-lag", "50", "--overwrite", "--csv",
      c.TMP + "/x.csv", "--quiet")
_, v = c.read_csv(c.TMP + "/x.csv")
ref = np.zeros(101)
for a, b in seg:
    full = ss.correlate(x[a:b, 0], x[a:b, 1], mode="full")
    lags = ss.correlation_lags(b - a, b - a, mode="full")
    keep = np.abs(lags) <= 50
    ref[lags[keep] + 50] += full[keep]
c.close("xcorr", v[:, 1], ref)

# stats windows say how many gaps they straddle and what those lost
c.run("stats", src, "-c", "A", "--window", "6000", "--overwrite", "--csv", c.TMP + "/s.csv",
      "--quiet")
rows = open(c.TMP + "/s.csv").read().splitlines()[1:]
got = [tuple(r.split(",")[7:]) for r in rows]
want = [("2", "107"), ("0", "0"), ("2", "250001"), ("0", "0"), ("0", "0")]
if got != want:
    c.failures.append("stats windows gaps/lost %s, want %s" % (got, want))
# events: a level held across every gap is one event per stretch, each ending at its gap
lvl = c.write("level", np.ones(n), rate)
json.dump(dict(json.load(open(lvl + ".sigmf-meta")), captures=meta["captures"]),
          open(lvl + ".sigmf-meta", "w"))
c.run("events", lvl, "-c", "A", "--above", "0.5", "--overwrite", "--csv", c.TMP + "/e.csv",
      "--quiet")
got = [tuple(map(int, r.split(",")[:2])) for r in open(c.TMP + "/e.csv").read().splitlines()[1:]]
if got != seg:
    c.failures.append("events across gaps: %s, want %s" % (got, seg))
c.finish("gaps")
