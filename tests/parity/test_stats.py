"""stats vs NumPy: whole, per window, on raw int16 with scaling, and a large offset."""
import numpy as np

import common as c

rate = 1000.0
rng = np.random.default_rng(5)
raw = (rng.standard_normal((25013, 2)) * 3000 + [0, 20000]).astype(np.int16)
src = c.write("raw", raw, rate, datatype="ri16_le")
v = raw * 1e-3
c.run("stats", src, "--overwrite", "--csv", c.TMP + "/s.csv", "--quiet")
lines = open(c.TMP + "/s.csv").read().splitlines()
assert lines[0] == "channel,start_s,min_v,max_v,mean_v,rms_v,std_v,gaps,lost", lines[0]
for k, line in enumerate(lines[1:]):
    f = line.split(",")
    assert f[0] == "AB"[k]
    got = np.array([float(x) for x in f[1:7]])
    assert f[7:] == ["0", "0"], f  # no gaps
    x = v[:, k]
    ref = [0, x.min(), x.max(), x.mean(), np.sqrt(np.mean(x * x)), x.std()]
    c.close("stats %s" % f[0], got, ref, rel=1e-12)
# windows of 1 s (1000 samples), the last partial
c.run("stats", src, "-c", "B", "--window", "1s", "--overwrite", "--csv", c.TMP + "/w.csv", "--quiet")
lines = open(c.TMP + "/w.csv").read().splitlines()[1:]
assert len(lines) == 26, len(lines)
for i, line in enumerate(lines):
    f = [float(x) for x in line.split(",")[1:7]]
    x = v[i * 1000:(i + 1) * 1000, 1]
    c.close("window %d" % i, f, [i, x.min(), x.max(), x.mean(), np.sqrt(np.mean(x * x)),
                                 x.std()], rel=1e-12)
c.finish("stats")
