"""python/picostream.py with Debian's NumPy: meta, raw, volts by name and index, segments,
gaps (from a capture with a throttled writer), bad input."""
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "python"))
import picostream  # noqa: E402

PS = sys.argv[1]
tmp = tempfile.mkdtemp(prefix="picostream-py-")
name = os.path.join(tmp, "rec")
subprocess.run([PS, "capture", "-d", "sim", "-c", "A:2V", "-c", "B:500mV", "--rate", "1M",
                "--samples", "2M", "-o", name, "--quiet", "--ring", "64k",
                "--test-throttle-writer", "1M", "--test-no-backpressure"], check=True)
rec = picostream.open(name + ".sigmf-meta")
assert rec.channels == ["A", "B"], rec.channels
assert rec.raw.shape[1] == 2 and isinstance(rec.raw, np.memmap)
g = rec.meta["global"]
ch = g["picostream:channels"]
a = rec.volts("A", 10, 20)
assert np.array_equal(a, rec.raw[10:20, 0] * ch[0]["scale_v"] + ch[0]["offset_v"])
assert np.array_equal(rec.volts(1), rec.volts("B"))
segs, gaps = rec.segments, rec.gaps
assert len(segs) >= 2 and len(gaps) == len(segs) - 1, (segs, gaps)
assert sum(s["count"] for s in segs) == len(rec)
# every device sample is on disk or counted lost, and the figures agree with the meta
assert rec.lost_samples == g["picostream:lost_samples"], (rec.lost_samples, g)
assert rec.lost_samples + len(rec) == 2000000, (rec.lost_samples, len(rec))
r = gaps[0][0]  # device time jumps over the gap
assert abs(rec.time_s(r) - rec.time_s(r - 1) - (gaps[0][1] + 1) * 1e-6) < 1e-12
assert rec.annotations == []
for bad, exc in (("C", KeyError), (5, IndexError)):
    try:
        rec.volts(bad)
        raise SystemExit("channel %r accepted" % (bad,))
    except exc:
        pass
subprocess.run(["rm", "-rf", tmp])
print("reader ok:", len(rec), "samples,", len(gaps), "gaps")
