"""Opens a picostream recording with NumPy and json alone, as a user would, and checks that the
meta reads as documented: core fields, the picostream extension, volts scaling, captures.
usage: check_recording.py NAME CHANNELS SAMPLES [RATE]  (CHANNELS like AB; SAMPLES -1 to skip;
RATE the rate asked for: the recorded one must be within the 5000D's 8 ns timebase step of it)"""
import json
import sys

import numpy as np

name, channels, samples = sys.argv[1], sys.argv[2], int(sys.argv[3])
rate = float(sys.argv[4]) if len(sys.argv) > 4 else None
meta = json.load(open(name + ".sigmf-meta"))
g = meta["global"]
assert g["core:datatype"] == "ri16_le", g["core:datatype"]
assert g["core:num_channels"] == len(channels)
interval = g["picostream:interval_s"]
assert abs(g["core:sample_rate"] * interval - 1) < 1e-12, (g["core:sample_rate"], interval)
if rate is not None:
    assert abs(interval - 1 / rate) <= 8e-9, (interval, rate)
assert g["core:version"].startswith("1.")
for key in ("core:hw", "core:recorder", "core:datetime"):
    assert isinstance(g[key], str) and g[key], key
assert any(e["name"] == "picostream" for e in g["core:extensions"])
chans = g["picostream:channels"]
assert [c["name"] for c in chans] == list(channels), chans
for c in chans:
    for key in ("range_v", "coupling", "adc_max", "scale_v", "offset_v"):
        assert key in c, key
    assert abs(c["scale_v"] * c["adc_max"] - c["range_v"]) < 1e-12 * c["range_v"]
assert set(meta) == {"global", "captures", "annotations"}
caps = meta["captures"]
assert caps[0]["core:sample_start"] == 0 and "core:datetime" in caps[0]

raw = np.memmap(name + ".sigmf-data", dtype="<i2", mode="r").reshape(-1, len(channels))
if samples >= 0:
    assert raw.shape == (samples, len(channels)), raw.shape
for k, c in enumerate(chans):
    volts = raw[:, k] * c["scale_v"] + c["offset_v"]
    assert np.all(np.abs(volts) <= c["range_v"] + abs(c["offset_v"]) + 1e-9)
    assert volts.std() > 0, "channel %s is flat" % c["name"]
print("ok", raw.shape, [c["name"] for c in chans])
