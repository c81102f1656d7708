"""xcorr vs scipy.signal.correlate(a, b, 'full') at the lags correlation_lags gives."""
import numpy as np
from scipy import signal as ss

import common as c

rate = 10000.0
rng = np.random.default_rng(4)
n = 40009
a = rng.standard_normal(n)
b = np.roll(a, 123) * 0.5 + 0.1 * rng.standard_normal(n)
src = c.write("in", np.stack([a, b], axis=1), rate)
full = ss.correlate(a, b, mode="full")
lags = ss.correlation_lags(n, n, mode="full")
for maxlag, opt in [(1000, "1000"), (500, "50ms"), (7, "7")]:
    p = c.run("xcorr", src, "--a", "A", "--b", "B", "--max-lag", opt, "--overwrite", "--csv", c.TMP + "/x.csv",
              "--quiet")
    head, v = c.read_csv(c.TMP + "/x.csv")
    assert head == ["lag", "correlation"], head
    keep = np.abs(lags) <= maxlag
    c.close("lags %s" % opt, v[:, 0], lags[keep], rel=0)
    c.close("correlate max-lag %s" % opt, v[:, 1], full[keep])
    best = lags[keep][np.argmax(full[keep])]
    want = "maximum at lag %d samples (%.9g s)" % (best, best / rate)
    assert p.stdout.startswith(want), (p.stdout, want)
# channels of two recordings of different lengths
m = 15013
other = c.write("other", b[:m], rate, names=["X"])
c.run("xcorr", src, "--a", "A", "--b", other + ":X", "--max-lag", "2000", "--overwrite", "--csv",
      c.TMP + "/x.csv", "--quiet")
head, v = c.read_csv(c.TMP + "/x.csv")
full = ss.correlate(a, b[:m], mode="full")
lags = ss.correlation_lags(n, m, mode="full")
keep = np.abs(lags) <= 2000
c.close("two recordings lags", v[:, 0], lags[keep], rel=0)
c.close("two recordings", v[:, 1], full[keep])
c.finish("correlate")
