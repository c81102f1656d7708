"""Out-of-core analysis of a recording with SciPy's names, defaults and results: every function
here is a call into libpicostream (the same code as the CLI's commands), reading the file in
bounded memory, each gap-free stretch on its own as the CLI does. start/stop select samples
[start, stop) of the recording; indices returned are relative to start, as SciPy's would be on
rec.volts(channel, start, stop)."""
import ctypes
import math
import os
import tempfile

import numpy as np

from . import _native as N

__all__ = ["welch", "find_peaks", "stats", "correlate", "events", "verify", "filter",
           "resample_poly", "plot", "export", "report"]


class _Reader:
    """A ps_reader for one call, closed on exit."""

    def __init__(self, rec):
        self.p = ctypes.c_void_p()
        N.call(N.lib.ps_reader_open, ctypes.byref(self.p), os.fsencode(rec.name))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        N.lib.ps_reader_close(self.p)


class _Progress:
    """A call's progress callback: the user's progress(fraction) (a true return cancels), and
    Ctrl-C during the C call cancels it cleanly, then raises KeyboardInterrupt here."""

    def __init__(self, fn):
        self.fn, self.interrupted, self.error = fn, False, None
        self.c = N.PROGRESS(self._call)

    def _call(self, _arg, fraction):
        try:
            return 1 if self.fn is not None and self.fn(fraction) else 0
        except KeyboardInterrupt:
            self.interrupted = True
        except BaseException as e:  # noqa: B902 - handed back to the caller below
            self.error = e
        return 1

    def call(self, fn, *args):
        err = N.ErrorT()
        st = fn(*args, self.c, None, ctypes.byref(err))
        if self.interrupted:
            raise KeyboardInterrupt
        if self.error is not None:
            raise self.error
        N.check(st, err)


def _path(value, what):
    """A file name argument as bytes for the library: str, bytes or os.PathLike, else Error."""
    return os.fsencode(N.path_of(value, what))


def _whole(value, what, lo=0, hi=None):
    """A whole number argument, checked as the CLI checks its counts (never truncated)."""
    try:
        ok = float(value) == int(value)
    except (TypeError, ValueError, OverflowError):
        ok = False
    if not ok or int(value) < lo or (hi is not None and int(value) > hi):
        raise N.Error("%s must be a whole number %d…%s, got %r"
                      % (what, lo, "" if hi is None else hi, value))
    return int(value)


def _real(value, what, positive=False):
    try:
        v = float(value)
    except (TypeError, ValueError):
        v = math.nan
    if not math.isfinite(v) or (positive and not v > 0):
        raise N.Error("%s must be a %snumber, got %r" % (what, "positive " if positive else "",
                                                          value))
    return v


def _span(rec, start, stop):
    n = len(rec)
    start = 0 if start is None else int(start)
    stop = n if stop is None else int(stop)
    if start < 0:
        start += n
    if stop < 0:
        stop += n
    if not 0 <= start <= stop <= n:
        raise N.Error("samples %d…%d are not inside the recording's %d" % (start, stop, n))
    return N.Span(start, stop)


def _channels(rec, channels):
    if channels is None:
        ks = list(range(rec.n_channels))
    elif isinstance(channels, (str, int)):
        ks = [rec.channel_index(channels)]
    else:
        ks = [rec.channel_index(c) for c in channels]
    return ks, (ctypes.c_int * len(ks))(*ks)


def welch_config(rec, window="hann", nperseg=256, noverlap=None, detrend="constant",
                 scaling="density", average="mean"):
    """The C library's ps_welch_config for welch's arguments (checked)."""
    detrends = {"constant": 0, "linear": 1, False: 2, None: 2}
    if detrend not in detrends or scaling not in ("density", "spectrum") or \
            average not in ("mean", "median"):
        raise N.Error("welch: detrend 'constant', 'linear' or False; scaling 'density' or "
                      "'spectrum'; average 'mean' or 'median'")
    nperseg = _whole(nperseg, "welch: nperseg", 1, 1 << 26)
    if noverlap is not None:
        noverlap = _whole(noverlap, "welch: noverlap", 0, nperseg - 1)
    return N.WelchConfig(fs_hz=rec.rate, window=str(window).encode(), nperseg=int(nperseg),
                         noverlap=int(noverlap or 0), noverlap_set=noverlap is not None,
                         detrend=detrends[detrend], density=scaling == "density",
                         median=average == "median", tmp_dir=tempfile.gettempdir().encode())


def welch(rec, channel=None, window="hann", nperseg=256, noverlap=None, detrend="constant",
          scaling="density", average="mean", start=None, stop=None, progress=None):
    """scipy.signal.welch(volts, fs=rate, …) per channel: (f, Pxx), Pxx 1-D for one channel
    named, else one row per channel. nfft is nperseg, return_onesided True, as SciPy's default."""
    ks, arr = _channels(rec, channel)
    cfg = welch_config(rec, window, nperseg, noverlap, detrend, scaling, average)
    span = _span(rec, start, stop)
    if cfg.nperseg > span.to - span.from_:  # before anything is allocated for it
        raise N.Error("welch: nperseg %d is longer than the selection (%d samples)"
                      % (cfg.nperseg, span.to - span.from_))
    n_freq = int(nperseg) // 2 + 1
    freq = np.zeros(n_freq)
    psd = np.zeros((len(ks), n_freq))
    rows = (ctypes.POINTER(ctypes.c_double) * len(ks))(
        *[psd[i].ctypes.data_as(ctypes.POINTER(ctypes.c_double)) for i in range(len(ks))])
    got = ctypes.c_size_t(n_freq)
    with _Reader(rec) as r:
        _Progress(progress).call(N.lib.ps_run_psd, r.p, arr, len(ks), span, ctypes.byref(cfg),
                                 freq.ctypes.data_as(ctypes.POINTER(ctypes.c_double)), rows,
                                 ctypes.byref(got))
    single = isinstance(channel, (str, int))
    return freq[: got.value], (psd[0] if single else psd)[..., : got.value]


def _cond(value, name):
    c = N.Cond()
    if value is None:
        return c
    lo, hi = (value if isinstance(value, (tuple, list)) else (value, None))
    if isinstance(value, (tuple, list)) and len(value) != 2:
        raise N.Error("find_peaks: %s must be a number or a (min, max) pair" % name)
    c.set = True
    if lo is not None:
        c.has_min, c.min = True, float(lo)
    if hi is not None:
        c.has_max, c.max = True, float(hi)
    return c


def peaks_config(height=None, threshold=None, distance=None, prominence=None, width=None,
                 wlen=None, rel_height=0.5, plateau_size=None):
    """find_peaks's conditions as the C library takes them."""
    return N.PeaksConfig(height=_cond(height, "height"), threshold=_cond(threshold, "threshold"),
                         prominence=_cond(prominence, "prominence"), width=_cond(width, "width"),
                         plateau_size=_cond(plateau_size, "plateau_size"),
                         distance_set=distance is not None, distance=float(distance or 0),
                         wlen_set=wlen is not None, wlen=float(wlen or 0),
                         rel_height=float(rel_height), tmp_dir=tempfile.gettempdir().encode())


def peaks_result(found, base, cfg):
    """(peaks, properties) as SciPy returns them, from the library's peaks (indices relative to
    base) under the conditions cfg."""
    peaks = np.array([p.index - base for p in found], dtype=np.intp)
    props = {}
    col = lambda f, t=np.float64: np.array([getattr(p, f) for p in found], dtype=t)  # noqa: E731
    if cfg.plateau_size.set:
        props["plateau_sizes"] = col("plateau_size", np.intp)
        props["left_edges"] = col("left_edge", np.intp) - base
        props["right_edges"] = col("right_edge", np.intp) - base
    if cfg.height.set:
        props["peak_heights"] = col("value")
    if cfg.threshold.set:
        props["left_thresholds"] = col("left_threshold")
        props["right_thresholds"] = col("right_threshold")
    if cfg.prominence.set or cfg.width.set:
        props["prominences"] = col("prominence")
        props["left_bases"] = col("left_base", np.intp) - base
        props["right_bases"] = col("right_base", np.intp) - base
    if cfg.width.set:
        props["widths"] = col("width")
        props["width_heights"] = col("width_height")
        props["left_ips"] = col("left_ip") - base
        props["right_ips"] = col("right_ip") - base
    return peaks, props


def find_peaks(rec, channel, height=None, threshold=None, distance=None, prominence=None,
               width=None, wlen=None, rel_height=0.5, plateau_size=None, start=None, stop=None,
               progress=None):
    """scipy.signal.find_peaks(rec.volts(channel, start, stop), …): (peaks, properties), the
    same keys SciPy returns for the conditions given."""
    k = rec.channel_index(channel)
    cfg = peaks_config(height, threshold, distance, prominence, width, wlen, rel_height,
                       plateau_size)
    span = _span(rec, start, stop)
    found = []

    @N.PEAK_FN
    def take(_arg, p):
        found.append(p.contents.__class__.from_buffer_copy(p.contents))
        return 0

    n = ctypes.c_uint64()
    with _Reader(rec) as r:
        _Progress(progress).call(N.lib.ps_find_peaks, r.p, k, span, ctypes.byref(cfg), take, None, ctypes.byref(n))
    return peaks_result(found, span.from_, cfg)


def stats(rec, channel=None, window=None, start=None, stop=None, progress=None):
    """min, max, mean, rms and std (ddof 0) per channel: a dict of channel → dict for the
    span, or with window (samples) a list of dicts per channel, one per window."""
    ks, arr = _channels(rec, channel)
    rows = {rec.channels[k]: [] for k in ks}
    window = 0 if window is None else _whole(window, "stats: window", 1)

    @N.STATS_FN
    def take(_arg, c, start_i, gaps, lost, s):
        st = s.contents
        rows[rec.channels[c]].append(
            {"start": start_i, "n": st.n, "min": st.min, "max": st.max, "mean": st.mean,
             "rms": N.lib.ps_stats_rms(s), "std": N.lib.ps_stats_std(s), "gaps": gaps,
             "lost": lost})

    with _Reader(rec) as r:
        _Progress(progress).call(N.lib.ps_run_stats, r.p, arr, len(ks), _span(rec, start, stop),
               window, take, None)
    if window:
        return rows
    return {ch: v[0] if v else None for ch, v in rows.items()}


def correlate(rec, a, b, max_lag, start=None, stop=None, progress=None):
    """scipy.signal.correlate(va, vb, mode='full') restricted to lags −max_lag…max_lag:
    (lags, c), c[i] the correlation at lags[i] (SciPy's lag k = n_b − 1 − index)."""
    ka, kb = rec.channel_index(a), rec.channel_index(b)
    max_lag = _whole(max_lag, "correlate: max_lag", 0, max(len(rec) - 1, 0))
    out = np.zeros(2 * max_lag + 1)
    span = _span(rec, start, stop)
    with _Reader(rec) as ra, _Reader(rec) as rb:
        _Progress(progress).call(N.lib.ps_run_xcorr, ra.p, ka, span, rb.p, kb, span, -max_lag,
                                 max_lag, out.ctypes.data_as(ctypes.POINTER(ctypes.c_double)))
    return np.arange(-max_lag, max_lag + 1), out


_RULES = {"above": 0, "below": 1, "window": 2, "glitch": 3, "pulse": 4, "runt": 5,
          "dropout": 6, "slew": 7}


def events(rec, channel, rules, hysteresis=0.0, level=0.0, holdoff=0.0, start=None, stop=None,
           progress=None):
    """The CLI's event rules over one channel: rules is a list of (kind, …) tuples —
    ("above", V), ("below", V), ("window", lo, hi), ("glitch", seconds), ("pulse", seconds),
    ("runt", lo, hi), ("dropout", seconds), ("slew", V/s). Returns a list of dicts (start, end,
    rule, kind, peak_v), indices relative to start."""
    k = rec.channel_index(channel)
    cfg = events_config(rules, hysteresis, level, holdoff)
    span = _span(rec, start, stop)
    found = []

    @N.EVENT_FN
    def take(_arg, e):
        ev = e.contents
        found.append({"start": ev.start - span.from_, "end": ev.end - span.from_,
                      "rule": ev.rule, "kind": rules[ev.rule][0], "peak_v": ev.peak_v})
        return 0

    n = ctypes.c_uint64()
    with _Reader(rec) as r:
        _Progress(progress).call(N.lib.ps_find_events, r.p, k, span, ctypes.byref(cfg), take, None,
               ctypes.byref(n))
    return found


def events_config(rules, hysteresis=0.0, level=0.0, holdoff=0.0):
    """The C library's ps_events_config for events()'s arguments (checked)."""
    hysteresis = _real(hysteresis, "events: hysteresis")
    holdoff = _real(holdoff, "events: holdoff")
    if hysteresis < 0 or holdoff < 0:
        raise N.Error("events: hysteresis and holdoff must be ≥ 0, got %r and %r"
                      % (hysteresis, holdoff))
    cfg = N.EventsConfig(hysteresis_v=hysteresis, level_v=_real(level, "events: level"),
                         holdoff_s=holdoff)
    if not isinstance(rules, (list, tuple)) or not 1 <= len(rules) <= 16:
        raise N.Error("events: rules must be a list of 1…16 rules, got %r" % (rules,))
    arity = {"above": 1, "below": 1, "window": 2, "runt": 2, "glitch": 1, "pulse": 1,
             "dropout": 1, "slew": 1}
    for i, rule in enumerate(rules):
        kind = rule[0] if isinstance(rule, (list, tuple)) and rule else None
        if kind not in _RULES:
            raise N.Error("events: rule %r in rules[%d]: a (kind, value…) tuple, kind one of "
                          "%s" % (kind if kind is not None else rule, i, ", ".join(_RULES)))
        if len(rule) - 1 != arity[kind]:
            raise N.Error("events: rules[%d] %r: %s takes %d value%s" % (
                i, rule, kind, arity[kind], "s" if arity[kind] > 1 else ""))
        timed = kind in ("glitch", "pulse", "dropout")
        args = [_real(x, "events: rules[%d] %s" % (i, kind), positive=timed or kind == "slew")
                for x in rule[1:]]
        if len(args) == 2 and not args[0] < args[1]:
            raise N.Error("events: rules[%d] %r: the low level must be below the high" % (i, rule))
        r = cfg.rule[i]
        r.kind = _RULES[kind]
        if timed:
            r.t_s = args[0]
        else:
            r.a = args[0]
            r.b = args[1] if len(args) > 1 else 0.0
        r.label = ("%s" % (kind,)).encode()
    cfg.n_rules = len(rules)
    return cfg


def verify(name):
    """Checks a simulator recording bit for bit (as `picostream verify`): a dict of what was
    checked; raises Error naming the first mismatch."""
    rep = N.VerifyReport()
    N.call(N.lib.ps_verify_recording, str(name).encode(), ctypes.byref(rep))
    return {"samples": rep.samples, "channels": rep.n_channels, "segments": rep.n_captures,
            "lost_samples": rep.lost_samples}


def _rules(r, overwrite):
    rules = N.OutputRules(overwrite=bool(overwrite))
    N.call(N.lib.ps_output_rules_protect_recording, ctypes.byref(rules),
           N.lib.ps_reader_name(r.p))
    return rules


_BTYPES = {"lowpass": 0, "highpass": 1, "bandpass": 2, "bandstop": 3}


def filter_job(r, output, btype, freq, order=4, zero_phase=True, datatype="rf32_le",
               overwrite=False):
    """The C library's filter job (and the rules it points to, kept alive with it) for reader
    r's recording."""
    if btype not in _BTYPES:
        raise N.Error("filter: btype %r (lowpass, highpass, bandpass, bandstop)" % (btype,))
    f = list(freq) if isinstance(freq, (tuple, list)) else [freq]
    if len(f) != (2 if btype in ("bandpass", "bandstop") else 1):
        raise N.Error("filter: %s takes %s" % (btype, "two frequencies" if btype in
                                               ("bandpass", "bandstop") else "one frequency"))
    out = _path(output, "filter: output")
    rules = _rules(r, overwrite)
    job = N.FilterJob(btype=_BTYPES[btype], f1_hz=_real(f[0], "filter: freq"),
                      f2_hz=_real(f[1], "filter: freq") if len(f) > 1 else 0.0,
                      order=_whole(order, "filter: order", 1, 50),
                      causal=not zero_phase, output=out,
                      datatype=datatype.encode(), rules=ctypes.pointer(rules), threads=0)
    return job, rules


def filter(rec, output, btype, freq, order=4, zero_phase=True, channel=None, datatype="rf32_le",
           overwrite=False, start=None, stop=None, progress=None):  # noqa: A001 - SciPy-like name
    """A Butterworth filter (scipy.signal.butter(order, freq, btype, fs=rate, output='sos'))
    applied as sosfiltfilt (zero_phase) or sosfilt, into the recording OUTPUT, which is
    returned (volts, rf32_le or rf64_le; the input's gaps kept as its segments)."""
    from .recording import Recording
    ks, arr = _channels(rec, channel)
    with _Reader(rec) as r:
        job, _rules_kept = filter_job(r, output, btype, freq, order, zero_phase, datatype,
                                      overwrite)
        _Progress(progress).call(N.lib.ps_run_filter, r.p, arr, len(ks), _span(rec, start, stop),
                                 ctypes.byref(job))
    return Recording(os.fsdecode(output))


def resample_job(r, output, up, down, datatype="rf32_le", overwrite=False):
    """The C library's resample job (and its rules) for reader r's recording."""
    up = _whole(up, "resample_poly: up", 1, 1 << 20)
    down = _whole(down, "resample_poly: down", 1, 1 << 20)
    out = _path(output, "resample_poly: output")
    rules = _rules(r, overwrite)
    job = N.ResampleJob(up=up, down=down, output=out,
                        datatype=datatype.encode(), rules=ctypes.pointer(rules))
    return job, rules


def resample_poly(rec, output, up, down, channel=None, datatype="rf32_le", overwrite=False,
                  start=None, stop=None, progress=None):
    """scipy.signal.resample_poly(volts, up, down) per channel, into the recording OUTPUT
    (returned), each gap-free stretch resampled on its own."""
    from .recording import Recording
    ks, arr = _channels(rec, channel)
    with _Reader(rec) as r:
        job, _rules_kept = resample_job(r, output, up, down, datatype, overwrite)
        _Progress(progress).call(N.lib.ps_run_resample, r.p, arr, len(ks),
                                 _span(rec, start, stop), ctypes.byref(job))
    return Recording(os.fsdecode(output))


def plot(rec, path, channel=None, width=1200, height=400, overwrite=False, start=None,
         stop=None, progress=None):
    """The CLI's waveform PNG (each pixel column the min…max of its samples, gaps shaded,
    annotations marked) of the channels over start…stop; returns path."""
    ks, arr = _channels(rec, channel)
    with _Reader(rec) as r:
        rules = _rules(r, overwrite)
        _Progress(progress).call(N.lib.ps_plot_waveform, r.p, arr, len(ks), _span(rec, start, stop),
               _whole(width, "plot: width", 0, 1 << 20),
               _whole(height, "plot: height", 0, 1 << 20), _path(path, "plot: path"),
               ctypes.byref(rules))
    return os.fsdecode(path)


_FORMATS = {"csv": 0, "npy": 1, "wav": 2}


def export(rec, path, format="csv", channel=None, overwrite=False, start=None, stop=None,  # noqa: A002
           progress=None):
    """The CLI's export: CSV (time_s then volts), NPY (float32 volts) or WAV (16-bit PCM);
    returns the library's note ("" when none)."""
    if format not in _FORMATS:
        raise N.Error("export: format %r (csv, npy, wav)" % (format,))
    ks, arr = _channels(rec, channel)
    note = ctypes.create_string_buffer(256)
    with _Reader(rec) as r:
        rules = _rules(r, overwrite)
        _Progress(progress).call(N.lib.ps_export, r.p, arr, len(ks), _span(rec, start, stop), _FORMATS[format],
               _path(path, "export: path"), ctypes.byref(rules), note, 256)
    return note.value.decode()


def report(rec, path, channel=None, nperseg=0, overwrite=False, start=None, stop=None,
           progress=None):
    """The CLI's one-pass HTML report (statistics, Welch PSD, overview, gaps, over-range and
    the default near-full-scale events) into path; returns path."""
    ks, arr = _channels(rec, channel)
    cfg = N.ReportConfig(nperseg=_whole(nperseg, "report: nperseg", 0, 1 << 26),
                         name=os.fsencode(rec.name), max_listed=0)
    with _Reader(rec) as r:
        rules = _rules(r, overwrite)
        _Progress(progress).call(N.lib.ps_report_write, r.p, arr, len(ks), _span(rec, start, stop),
               ctypes.byref(cfg), _path(path, "report: path"), ctypes.byref(rules))
    return os.fsdecode(path)
