"""Checks NAME.picostream-overview/ against min/max computed directly with NumPy on NAME's data:
every record of every level, partial last bins only when the recording is complete (argv[2])."""
import json
import os
import sys

import numpy as np

name, complete = sys.argv[1], sys.argv[2] == "complete"
g = json.load(open(name + ".sigmf-meta"))["global"]
dt = {"ri16_le": "<i2", "ri8": "i1", "rf32_le": "<f4", "rf64_le": "<f8"}[g["core:datatype"]]
nc = g.get("core:num_channels", 1)
raw = np.fromfile(name + ".sigmf-data", dtype=dt)
raw = raw[: len(raw) // nc * nc].reshape(-1, nc)
chans = g.get("picostream:channels")
scale = np.array([c["scale_v"] for c in chans]) if chans else np.ones(nc)
offset = np.array([c["offset_v"] for c in chans]) if chans else np.zeros(nc)
v = raw.astype(np.float64) * scale + offset
levels = 0
for k in range(8, 33, 3):
    path = "%s.picostream-overview/L%02d.f32" % (name, k)
    rec = np.fromfile(path, dtype="<f4")
    assert len(rec) % (2 * nc) == 0, (path, len(rec))
    rec = rec.reshape(-1, nc, 2)
    b = 1 << k
    whole = len(v) // b
    want_n = -(-len(v) // b) if complete else whole
    if complete:
        assert len(rec) == want_n, (path, len(rec), want_n)
    else:  # torn: whole bins of the data on disk, none beyond it
        assert len(rec) <= whole, (path, len(rec), whole)
    for j in range(len(rec)):
        seg = v[j * b:(j + 1) * b]
        lo, hi = seg.min(0).astype(np.float32), seg.max(0).astype(np.float32)
        assert (rec[j, :, 0] == lo).all() and (rec[j, :, 1] == hi).all(), (path, j, rec[j], lo, hi)
    levels += len(rec) > 0
print("levels", levels)
