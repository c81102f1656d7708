"""peaks vs scipy.signal.find_peaks on the same samples: each parameter and combinations, on a
quantised int16 recording (plateaus, equal heights), peaks at block edges, distance and
prominence chains that span blocks."""
import numpy as np
from scipy import signal as ss

import common as c

rate = 100000.0
rng = np.random.default_rng(7)
n = 200003
t = np.arange(n)
raw = (3000 * np.sin(2 * np.pi * t / 5000) + 1500 * np.sin(2 * np.pi * t / 777)
       + 200 * rng.standard_normal(n))
raw = (np.round(raw / 50) * 50).astype(np.int16)   # coarse steps: plateaus and ties
raw[4099 * 3 - 1: 4099 * 3 + 2] = 9000              # a plateau across a block edge
raw[4099 * 5] = 9000                                # a peak right at a block edge
raw[150000:150040] = 2500                           # a long plateau
src = c.write("in", raw, rate, datatype="ri16_le")
x = raw * 1e-3  # volts as the recording's scale_v gives them

NAMES = ["plateau_sizes", "left_edges", "right_edges", "peak_heights", "left_thresholds",
         "right_thresholds", "prominences", "left_bases", "right_bases", "widths",
         "width_heights", "left_ips", "right_ips"]
cases = [
    ([], {}),
    (["--height", "2.5"], {"height": 2.5}),
    (["--height", "1:3"], {"height": (1, 3)}),
    (["--height", ":0"], {"height": (None, 0)}),
    (["--threshold", "0.1"], {"threshold": 0.1}),
    (["--threshold", "0.05:0.2"], {"threshold": (0.05, 0.2)}),
    (["--distance", "100"], {"distance": 100}),
    (["--distance", "7"], {"distance": 7}),
    (["--distance", "1ms"], {"distance": 100}),
    (["--distance", "4200"], {"distance": 4200}),        # chains across many blocks
    (["--prominence", "1"], {"prominence": 1}),
    (["--prominence", "0.5:2"], {"prominence": (0.5, 2)}),
    (["--prominence", "0.2", "--wlen", "301"], {"prominence": 0.2, "wlen": 301}),
    (["--prominence", "0.2", "--wlen", "3ms"], {"prominence": 0.2, "wlen": 300}),
    (["--width", "20"], {"width": 20}),
    (["--width", "10:200", "--rel-height", "0.8"], {"width": (10, 200), "rel_height": 0.8}),
    (["--plateau-size", "3"], {"plateau_size": 3}),
    (["--plateau-size", "2:5"], {"plateau_size": (2, 5)}),
    (["--height", "0.5", "--distance", "300", "--prominence", "0.3", "--width", "5"],
     {"height": 0.5, "distance": 300, "prominence": 0.3, "width": 5}),
    (["--threshold", "0", "--distance", "50", "--plateau-size", "1:", "--width", "0:"],
     {"threshold": 0, "distance": 50, "plateau_size": (1, None), "width": (0, None)}),
]
for opts, kw in cases:
    c.run("peaks", src, "-c", "A", *opts, "--overwrite", "--csv", c.TMP + "/p.csv", "--quiet")
    head, v = c.read_csv(c.TMP + "/p.csv")
    peaks, props = ss.find_peaks(x, **kw)
    want_head = ["index", "time_s", "value_v"] + [k for k in NAMES if k in props]
    if head != want_head:
        c.failures.append("%s: columns %s, SciPy %s" % (opts, head, want_head))
        continue
    v = v.reshape(-1, len(head))
    if len(v) != len(peaks) or not np.array_equal(v[:, 0], peaks):
        c.failures.append("%s: %d peaks, SciPy %d (first difference at %s)" % (
            opts, len(v), len(peaks),
            next((i for i in range(min(len(v), len(peaks))) if v[i, 0] != peaks[i]), "end")))
        continue
    c.close("%s values" % opts, v[:, 2], x[peaks], rel=0)
    for k, name in enumerate(head[3:]):
        c.close("%s %s" % (opts, name), v[:, 3 + k], props[name], rel=1e-12)
# a selection: SciPy on the slice, our indices are the recording's
c.run("peaks", src, "-c", "A", "--from", "50000", "--to", "120000", "--prominence", "1",
      "--overwrite", "--csv", c.TMP + "/p.csv", "--quiet")
head, v = c.read_csv(c.TMP + "/p.csv")
peaks, props = ss.find_peaks(x[50000:120000], prominence=1)
c.close("selection indices", v[:, 0], peaks + 50000, rel=0)
c.close("selection bases", v[:, 4], props["left_bases"] + 50000, rel=0)
c.finish("find_peaks")
