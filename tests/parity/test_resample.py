"""resample vs scipy.signal.resample_poly: several up/down pairs, large ratios, lengths."""
import numpy as np
from scipy import signal as ss

import common as c

rate = 96000.0
x = c.signal(50021, rate, seed=3, channels=2)
src = c.write("in", x, rate)
for up, down in [(1, 2), (2, 1), (3, 2), (2, 3), (1, 100), (100, 1), (160, 147), (147, 160),
                 (7, 7), (1, 1000)]:
    out = c.TMP + "/r_%d_%d" % (up, down)
    c.run("resample", src, "-o", out, "--up", up, "--down", down, "--dtype", "f64", "--quiet")
    y, meta = c.read(out)
    ref = ss.resample_poly(x, up, down, axis=0)
    c.close("resample_poly(%d, %d)" % (up, down), y, ref)
    g = np.gcd(up, down)
    assert abs(meta["global"]["core:sample_rate"] - rate * up / down) < 1e-6
# --rate: 96 kS/s to 44.1 kS/s is 147/320
c.run("resample", src, "-o", c.TMP + "/r44", "--rate", "44.1k", "--dtype", "f64", "-c", "A",
      "--quiet")
y, meta = c.read(c.TMP + "/r44")
c.close("resample to 44.1k", y[:, 0], ss.resample_poly(x[:, 0], 147, 320))
c.finish("resample_poly")
