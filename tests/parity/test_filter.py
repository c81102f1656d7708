"""filter vs scipy.signal.butter + sosfiltfilt / sosfilt: all four band types, orders 1-8,
both modes, a selection, block edges at awkward offsets."""
import numpy as np
from scipy import signal as ss

import common as c

rate = 100000.0
x = c.signal(60013, rate, seed=1, channels=2)
src = c.write("in", x, rate)
bands = {"lowpass": (["--lowpass", "5k"], 5000.0), "highpass": (["--highpass", "2k"], 2000.0),
         "bandpass": (["--bandpass", "1k:8k"], [1000.0, 8000.0]),
         "bandstop": (["--bandstop", "3k:6k"], [3000.0, 6000.0])}
for btype, (opt, wn) in bands.items():
    for order in range(1, 9):
        sos = ss.butter(order, wn, btype=btype, fs=rate, output="sos")
        for causal in (False, True):
            out = "%s_%d_%d" % (btype, order, causal)
            c.run("filter", src, "-o", c.TMP + "/" + out, *opt, "--order", order, "--dtype",
                  "f64", "--quiet", *(["--causal"] if causal else []))
            y, meta = c.read(c.TMP + "/" + out)
            ref = ss.sosfilt(sos, x, axis=0) if causal else ss.sosfiltfilt(sos, x, axis=0)
            c.close("%s order %d %s" % (btype, order, "sosfilt" if causal else "sosfiltfilt"),
                    y, ref)
# a selection (--from in samples, --to in time) of one channel
sos = ss.butter(4, 5000.0, fs=rate, output="sos")
c.run("filter", src, "-o", c.TMP + "/sel", "--lowpass", "5k", "-c", "B", "--from", "1001",
      "--to", "400ms", "--dtype", "f64", "--quiet")
y, meta = c.read(c.TMP + "/sel")
c.close("selection", y[:, 0], ss.sosfiltfilt(sos, x[1001:40000, 1]))
assert meta["global"]["picostream:channels"][0]["name"] == "B"
# f32 output: the same within float precision
c.run("filter", src, "-o", c.TMP + "/f32", "--lowpass", "5k", "--quiet")
y, meta = c.read(c.TMP + "/f32")
assert meta["global"]["core:datatype"] == "rf32_le"
c.close("f32 output", y, ss.sosfiltfilt(sos, x, axis=0), rel=1e-6)
# a filter that forgets its state too slowly for overlapping chunks (1 Hz at 100 kS/s):
# the sequential pass with its temporary file
sos = ss.butter(2, 1.0, fs=rate, output="sos")
c.run("filter", src, "-o", c.TMP + "/slow", "--lowpass", "1", "--order", "2", "--dtype", "f64",
      "--quiet")
y, meta = c.read(c.TMP + "/slow")
# 1 + a1 + a2 is 2e-9 here: the steady state (sosfilt_zi) is ill-conditioned in any
# arithmetic, SciPy's linear solve and our closed form agree to about 1e-8
c.close("slowly settling lowpass", y, ss.sosfiltfilt(sos, x, axis=0), rel=1e-7)
c.finish("filter")
