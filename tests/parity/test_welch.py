"""psd vs scipy.signal.welch: defaults and each option."""
import numpy as np
from scipy import signal as ss

import common as c

rate = 48000.0
x = c.signal(70001, rate, seed=2, channels=2)
src = c.write("in", x, rate)
cases = [
    ([], {}),
    (["--nperseg", "1000"], {"nperseg": 1000}),
    (["--nperseg", "1001", "--noverlap", "300"], {"nperseg": 1001, "noverlap": 300}),
    (["--nperseg", "512", "--noverlap", "0"], {"nperseg": 512, "noverlap": 0}),
    (["--window", "hamming"], {"window": "hamming"}),
    (["--window", "blackman", "--nperseg", "777"], {"window": "blackman", "nperseg": 777}),
    (["--window", "boxcar"], {"window": "boxcar"}),
    (["--window", "flattop"], {"window": "flattop"}),
    (["--window", "bartlett"], {"window": "bartlett"}),
    (["--detrend", "linear"], {"detrend": "linear"}),
    (["--detrend", "none"], {"detrend": False}),
    (["--scaling", "spectrum"], {"scaling": "spectrum"}),
    (["--average", "median"], {"average": "median"}),
    (["--average", "median", "--nperseg", "4096"], {"average": "median", "nperseg": 4096}),
    (["--nperseg", "10ms"], {"nperseg": 480}),
]
for opts, kw in cases:
    c.run("psd", src, *opts, "--overwrite", "--csv", c.TMP + "/p.csv", "--quiet")
    head, v = c.read_csv(c.TMP + "/p.csv")
    assert head == ["frequency_hz", "A", "B"], head
    f, p = ss.welch(x, fs=rate, axis=0, **kw)
    c.close("welch %s freq" % opts, v[:, 0], f, rel=1e-12)
    c.close("welch %s psd" % opts, v[:, 1:], p)
# a selection
c.run("psd", src, "-c", "B", "--from", "5000", "--to", "60000", "--overwrite", "--csv", c.TMP + "/p.csv",
      "--quiet")
head, v = c.read_csv(c.TMP + "/p.csv")
f, p = ss.welch(x[5000:60000, 1], fs=rate)
c.close("welch selection", v[:, 1], p)
c.finish("welch")
