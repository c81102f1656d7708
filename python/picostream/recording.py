"""A recording: picostream's (or any real int8/int16/float32/float64 SigMF) read with NumPy,
and analysed out of core by libpicostream through the methods of Recording.

    import picostream
    rec = picostream.open("run1")            # run1.sigmf-meta + run1.sigmf-data
    rec.raw                                  # np.memmap, shape (samples, channels)
    rec.volts("A", 0, 1000)                  # float64 volts of channel A, samples 0…999
    rec.segments, rec.gaps, rec.lost_samples, rec.lost_at_end, rec.time_s(i), rec.annotations
    f, pxx = rec.welch("A", nperseg=4096)    # scipy.signal.welch's result
"""
import json
import os

import numpy as np

__all__ = ["open", "Recording"]

_DTYPES = {"ri8": "i1", "ri16_le": "<i2", "ri32_le": "<i4", "rf32_le": "<f4", "rf64_le": "<f8"}


class Recording:
    """A SigMF recording: meta (the parsed JSON), raw samples, volts per channel."""

    def __init__(self, name):
        from . import _native as N
        name = N.path_of(name, "recording")
        _check_with_library(name)
        for ext in (".sigmf-meta", ".sigmf-data", ".sigmf-"):
            if name.endswith(ext):
                name = name[: -len(ext)]
                break
        self.name = name
        with _builtin_open(name + ".sigmf-meta") as f:
            self.meta = json.load(f)
        g = self.meta["global"]
        datatype = g.get("core:datatype")
        if datatype not in _DTYPES:
            raise ValueError("%s: datatype %r not supported (ri8, ri16_le, ri32_le, rf32_le, rf64_le)"
                             % (name, datatype))
        self.n_channels = int(g.get("core:num_channels", 1))
        self.rate = float(g["core:sample_rate"])
        chans = g.get("picostream:channels")
        if chans:
            self.channels = [c["name"] for c in chans]
            self._scale = [float(c["scale_v"]) for c in chans]
            self._offset = [float(c["offset_v"]) for c in chans]
        else:
            self.channels = [str(i) for i in range(self.n_channels)]
            self._scale = [1.0] * self.n_channels
            self._offset = [0.0] * self.n_channels
        itemsize = np.dtype(_DTYPES[datatype]).itemsize
        frames = os.path.getsize(name + ".sigmf-data") // (itemsize * self.n_channels)
        self.raw = np.memmap(name + ".sigmf-data", dtype=_DTYPES[datatype], mode="r",
                             shape=(frames, self.n_channels)) if frames else \
            np.zeros((0, self.n_channels), dtype=_DTYPES[datatype])

    def __len__(self):
        return self.raw.shape[0]

    def channel_index(self, channel):
        """Index of a channel given by name ("A") or index (0)."""
        if isinstance(channel, str):
            try:
                return self.channels.index(channel)
            except ValueError:
                raise KeyError("no channel %r (%s)" % (channel, ", ".join(self.channels)))
        if not 0 <= channel < self.n_channels:
            raise IndexError("channel %d of %d" % (channel, self.n_channels))
        return channel

    def volts(self, channel, start=0, stop=None):
        """float64 volts of one channel, samples [start, stop)."""
        k = self.channel_index(channel)
        return self.raw[start:stop, k].astype(np.float64) * self._scale[k] + self._offset[k]

    @property
    def segments(self):
        """Gap-free runs: dicts with sample_start, global_index, count, datetime."""
        caps = self.meta.get("captures", [])
        out = []
        for i, c in enumerate(caps):
            start = c["core:sample_start"]
            end = caps[i + 1]["core:sample_start"] if i + 1 < len(caps) else len(self)
            out.append({"sample_start": start, "global_index": c.get("core:global_index", start),
                        "count": end - start, "datetime": c.get("core:datetime")})
        return out

    @property
    def gaps(self):
        """(sample where the data resumes, device samples missing before it) for each gap."""
        segs = self.segments
        return [(b["sample_start"], (b["global_index"] - a["global_index"])
                 - (b["sample_start"] - a["sample_start"])) for a, b in zip(segs, segs[1:])]

    @property
    def lost_at_end(self):
        """Device samples lost after the last recorded one (no segment can show them)."""
        return self.meta["global"].get("picostream:lost_at_end", 0)

    @property
    def lost_samples(self):
        """Every lost sample: the gaps' sum plus lost_at_end (the meta's lost_samples)."""
        return sum(n for _, n in self.gaps) + self.lost_at_end

    def time_s(self, index):
        """Device time of data sample index (gaps counted), as the CLI prints it."""
        g = self.meta["global"]
        dt = g.get("picostream:interval_s") or 1.0 / g["core:sample_rate"]
        seg = [s for s in self.segments if s["sample_start"] <= index]
        base = seg[-1] if seg else {"sample_start": 0, "global_index": 0}
        return (base["global_index"] + index - base["sample_start"]) * dt

    @property
    def annotations(self):
        return self.meta.get("annotations", [])

    @property
    def sample_rate(self):
        return self.rate

    # analysis: one implementation, in C (picostream.analysis)
    def welch(self, channel=None, **kw):
        from . import analysis
        return analysis.welch(self, channel, **kw)

    def find_peaks(self, channel, **kw):
        from . import analysis
        return analysis.find_peaks(self, channel, **kw)

    def plan(self, pieces=None, piece_bytes=1 << 30):
        """[(start, stop), …] pieces for picostream.partial (as `picostream plan`)."""
        from . import split
        return split.plan(self, pieces, piece_bytes)

    def stats(self, channel=None, **kw):
        from . import analysis
        return analysis.stats(self, channel, **kw)

    def correlate(self, a, b, max_lag, **kw):
        from . import analysis
        return analysis.correlate(self, a, b, max_lag, **kw)

    def events(self, channel, rules, **kw):
        from . import analysis
        return analysis.events(self, channel, rules, **kw)

    def filter(self, output, btype, freq, **kw):
        from . import analysis
        return analysis.filter(self, output, btype, freq, **kw)

    def sosfiltfilt(self, output, order, freq, btype="lowpass", **kw):
        """scipy.signal.sosfiltfilt(butter(order, freq, btype, fs=rate, output='sos'), x)."""
        return self.filter(output, btype, freq, order=order, zero_phase=True, **kw)

    def resample_poly(self, output, up, down, **kw):
        from . import analysis
        return analysis.resample_poly(self, output, up, down, **kw)

    def plot(self, path, channel=None, **kw):
        from . import analysis
        return analysis.plot(self, path, channel, **kw)

    def export(self, path, format="csv", channel=None, **kw):  # noqa: A002
        from . import analysis
        return analysis.export(self, path, format, channel, **kw)

    def report(self, path, channel=None, **kw):
        from . import analysis
        return analysis.report(self, path, channel, **kw)

    def verify(self):
        from . import analysis
        return analysis.verify(self.name)

    def _repr_html_(self):
        """Jupyter: what was recorded and whether anything was lost, with a small overview."""
        import html
        g = self.meta["global"]
        rows = [("recording", self.name), ("rate", "%g S/s" % self.rate),
                ("samples", "%d per channel (%.6g s)" % (len(self), len(self) / self.rate)),
                ("channels", ", ".join(self.channels)),
                ("hardware", g.get("core:hw", "")),
                ("gaps", "%d, %d samples lost" % (len(self.gaps), self.lost_samples)),
                ("status", "complete" if g.get("picostream:complete") else "incomplete")]
        table = "".join("<tr><th style='text-align:left'>%s</th><td>%s</td></tr>"
                        % (html.escape(k), html.escape(str(v))) for k, v in rows)
        return "<table>%s</table>%s" % (table, self._overview_svg())

    def _overview_svg(self, width=480, height=60):
        """Min/max of each channel over the whole recording (a bounded number of rows read)."""
        import html
        n = len(self)
        if n == 0:
            return ""
        step = max(1, n // 4000)
        out = []
        for k, name in enumerate(self.channels[:4]):
            x = self.raw[::step, k].astype(np.float64)
            bins = np.array_split(x, min(width, len(x)))
            lo = np.array([b.min() for b in bins])
            hi = np.array([b.max() for b in bins])
            span = float(hi.max() - lo.min()) or 1.0
            ys = lambda v: height - 2 - (v - lo.min()) / span * (height - 4)  # noqa: E731
            pts = " ".join("%d,%.1f %d,%.1f" % (i, ys(a), i, ys(b))
                           for i, (a, b) in enumerate(zip(lo, hi)))
            out.append("<div>%s</div><svg width='%d' height='%d'><polyline points='%s' "
                       "fill='none' stroke='#1f77b4'/></svg>"
                       % (html.escape(name), len(lo), height, pts))
        return "".join(out)


_builtin_open = open


def _check_with_library(name):
    """The CLI's validity rules, with its messages (picostream.Error), before NumPy maps it."""
    import ctypes
    from . import _native as N
    r = ctypes.c_void_p()
    N.call(N.lib.ps_reader_open, ctypes.byref(r), os.fsencode(name))
    N.lib.ps_reader_close(r)


def open(name):  # noqa: A001 - the module's entry point, as the issue names it
    """Opens NAME (with or without the .sigmf-meta/.sigmf-data extension)."""
    return Recording(name)
