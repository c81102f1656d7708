"""Shared helpers for the SciPy parity tests: write a SigMF recording with NumPy, run the
picostream CLI on it (with a block size that puts block edges at awkward places), read the
result back, compare against SciPy within 1e-9 of the output's peak."""
import csv
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

PS = sys.argv[1] if len(sys.argv) > 1 else "build/picostream"
BLOCK = "4099"  # prime: blocks never line up with segments, filters or bins
TMP = tempfile.mkdtemp(prefix="picostream-parity-")
failures = []


def write(name, data, rate, datatype="rf64_le", names=None):
    """data: (n, channels) float volts (rf32/rf64) or int16 raw (ri16, scale 1e-3)."""
    data = np.asarray(data)
    if data.ndim == 1:
        data = data[:, None]
    path = os.path.join(TMP, name)
    dt = {"rf64_le": "<f8", "rf32_le": "<f4", "ri16_le": "<i2"}[datatype]
    data.astype(dt).tofile(path + ".sigmf-data")
    names = names or [chr(65 + i) for i in range(data.shape[1])]
    scale = 1e-3 if datatype == "ri16_le" else 1.0
    meta = {"global": {"core:datatype": datatype, "core:sample_rate": rate,
                       "core:num_channels": data.shape[1], "core:version": "1.2.0",
                       "core:extensions": [{"name": "picostream", "version": "0.1.0",
                                            "optional": True}],
                       "picostream:channels": [{"name": n, "range_v": 10.0, "coupling": "DC",
                                                "adc_max": 32767, "scale_v": scale,
                                                "offset_v": 0.0} for n in names]},
            "captures": [{"core:sample_start": 0}], "annotations": []}
    json.dump(meta, open(path + ".sigmf-meta", "w"))
    return path


def read(path):
    meta = json.load(open(path + ".sigmf-meta"))
    g = meta["global"]
    dt = {"rf64_le": "<f8", "rf32_le": "<f4", "ri16_le": "<i2"}[g["core:datatype"]]
    return np.fromfile(path + ".sigmf-data", dtype=dt).reshape(-1, g["core:num_channels"]), meta


def run(*args, expect=0):
    env = dict(os.environ, PICOSTREAM_BLOCK=BLOCK)
    p = subprocess.run([PS] + [str(a) for a in args], capture_output=True, text=True, env=env)
    if p.returncode != expect:
        raise AssertionError("%s exited %d (expected %d): %s" % (" ".join(map(str, args)),
                                                                p.returncode, expect, p.stderr))
    return p


def read_csv(path):
    rows = list(csv.reader(open(path)))
    return rows[0], np.array([[float(v) for v in r] for r in rows[1:]])


def close(label, ours, ref, rel=1e-9):
    ours, ref = np.asarray(ours, dtype=float), np.asarray(ref, dtype=float)
    if ours.shape != ref.shape:
        failures.append("%s: shape %s, SciPy %s" % (label, ours.shape, ref.shape))
        return
    peak = np.max(np.abs(ref)) or 1.0
    err = np.max(np.abs(ours - ref)) / peak if ref.size else 0.0
    if not err <= rel:
        failures.append("%s: max error %.3g of the peak (allowed %.1g)" % (label, err, rel))


def signal(n, rate, seed, channels=1):
    """Seeded chirp + tones + noise + offset: spans every band the tests filter."""
    rng = np.random.default_rng(seed)
    t = np.arange(n) / rate
    out = []
    for c in range(channels):
        x = (0.7 * np.sin(2 * np.pi * (50 + 0.45 * rate * t / t[-1] / 2) * t)
             + 0.3 * np.sin(2 * np.pi * 0.01 * rate * t + c) + 0.1 * rng.standard_normal(n)
             + 0.25 + 0.05 * c)
        out.append(x)
    return np.stack(out, axis=1)


def finish(name):
    if failures:
        print("%s: %d failures (data kept in %s)" % (name, len(failures), TMP))
        for f in failures:
            print("  " + f)
        sys.exit(1)
    subprocess.run(["rm", "-rf", TMP])
    print("%s: all match SciPy" % name)
