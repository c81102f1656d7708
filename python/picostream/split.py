"""Analyses split over pieces of a recording: each piece's partial result (a small JSON text,
the same file `picostream stats|psd --partial` writes) merges, in any order, into what the
whole-recording method returns. Used by picostream.dask; usable with any scheduler.

    parts = [picostream.partial(rec, "welch", a, b, nperseg=4096) for a, b in rec.plan(8)]
    f, pxx = picostream.merge("welch", parts)      # == rec.welch(nperseg=4096), to 1e-12
"""
import ctypes

import numpy as np

from . import _native as N
from . import analysis

__all__ = ["SPLITTABLE", "plan", "partial", "merge"]

#: the methods whose results merge from pieces: name → the C library's kind
SPLITTABLE = {"stats": 0, "welch": 1, "correlate": 2, "events": 3, "find_peaks": 4,
              "filter": 5, "sosfiltfilt": 5, "resample_poly": 6, "report": 9}
#: those whose pieces are recordings (each piece's output=), concatenated by merge(output=)
RECORDINGS = ("filter", "sosfiltfilt", "resample_poly")
#: those that merge into a file merge(output=) names (the recordings', and report's page)
OUTPUTS = RECORDINGS + ("report",)


def plan(rec, pieces=None, piece_bytes=1 << 30):
    """[(start, stop), …]: `pieces` near-equal ranges, or pieces of about piece_bytes of data
    (as `picostream plan`)."""
    n = len(rec)
    if pieces is None:
        pieces = max(1, -(-n * rec.n_channels * rec.raw.dtype.itemsize // int(piece_bytes)))
    pieces = min(int(pieces), n)
    if pieces < 1:
        raise N.Error("plan: at least one piece of a non-empty recording")
    return [(s.from_, s.to) for s in (N.lib.ps_plan_piece(n, pieces, i) for i in range(pieces))]


def _kind(method):
    if method not in SPLITTABLE:
        raise N.Error("%r does not split into pieces (%s do)" % (method, ", ".join(SPLITTABLE)))
    return SPLITTABLE[method]


def _recording_piece(rec, method, start, stop, channel, kw):
    """A filter or resample piece: its recording written to kw's output=, the partial's text
    returned."""
    ks, arr = analysis._channels(rec, channel)
    out = ctypes.c_void_p()
    with analysis._Reader(rec) as r:
        if method == "resample_poly":
            job, _rules = analysis.resample_job(r, **kw)
            fn = N.lib.ps_partial_resample
        else:
            if method == "sosfiltfilt":  # (output, order, freq, btype="lowpass")
                kw = dict(kw, zero_phase=True, btype=kw.get("btype", "lowpass"))
            job, _rules = analysis.filter_job(r, **kw)
            fn = N.lib.ps_partial_filter
        N.call(fn, r.p, arr, len(ks), analysis._span(rec, start, stop), ctypes.byref(job),
               ctypes.byref(out))
    return out


def partial(rec, method, start, stop, channel=None, **kw):
    """The partial result of rec.<method>(channel, **kw) over samples [start, stop), as JSON
    text; correlate takes a=, b=, max_lag= (both of rec); events rules= (as rec.events) and
    overlap=; find_peaks find_peaks's conditions; filter, sosfiltfilt and resample_poly their
    arguments, with output= naming this piece's recording; report nperseg=. The piece's samples are read by
    the C library where this runs."""
    kind = _kind(method)
    params = N.PartialParams()
    if method in RECORDINGS:
        out = _recording_piece(rec, method, start, stop, channel, kw)
    elif method == "report":
        ks, arr = analysis._channels(rec, channel)
        cfg = N.ReportConfig(nperseg=int(kw.pop("nperseg", 0)), name=rec.name.encode(),
                             max_listed=0)
        if kw:
            raise N.Error("report: nperseg= only (got %s)" % ", ".join(kw))
        out = ctypes.c_void_p()
        with analysis._Reader(rec) as r:
            N.call(N.lib.ps_partial_report, r.p, arr, len(ks), analysis._span(rec, start, stop),
                   ctypes.byref(cfg), ctypes.byref(out))
    else:
        if method == "correlate":
            ka, kb = rec.channel_index(kw.pop("a")), rec.channel_index(kw.pop("b"))
            params.max_lag = int(kw.pop("max_lag"))
            if params.max_lag < 0 or kw or channel is not None:
                raise N.Error("correlate: a=, b= and max_lag ≥ 0 only")
            ks = [ka, kb]
            arr = (ctypes.c_int * 2)(*ks)
        elif method in ("events", "find_peaks"):
            ks = [rec.channel_index(channel)]
            arr = (ctypes.c_int * 1)(*ks)
        else:
            ks, arr = analysis._channels(rec, channel)
        if method == "events":
            cfg_e = analysis.events_config(kw.pop("rules"), kw.pop("hysteresis", 0.0),
                                           kw.pop("level", 0.0), kw.pop("holdoff", 0.0))
            params.events = ctypes.pointer(cfg_e)
            params.overlap = int(kw.pop("overlap", 0))
            if kw:
                raise N.Error("events: rules=, hysteresis=, level=, holdoff=, overlap= only")
        elif method == "find_peaks":
            cfg_p = analysis.peaks_config(**kw)
            params.peaks = ctypes.pointer(cfg_p)
        elif method == "welch":
            cfg = analysis.welch_config(rec, **kw)
            params.welch = ctypes.pointer(cfg)
        elif method == "stats" and kw:
            raise N.Error("stats takes no options here (got %s)" % ", ".join(kw))
        out = ctypes.c_void_p()
        with analysis._Reader(rec) as r:
            N.call(N.lib.ps_partial_run, r.p, kind, arr, len(ks),
                   analysis._span(rec, start, stop), ctypes.byref(params), ctypes.byref(out))
    try:
        return ctypes.string_at(out).decode()
    finally:
        N.lib.ps_partial_free(out)


def merge(method, partials, channel=None, output=None, overwrite=False):
    """The partials of one recording merged: what rec.<method>(channel, …) returns over the
    whole recording (floating-point sums in another order: equal to 1e-12 relative). For
    filter, sosfiltfilt and resample_poly, the pieces' recordings concatenated into the
    recording output (returned), as the whole-recording method writes it; for report, the
    page output (its path returned)."""
    kind = _kind(method)
    texts = [p.encode() if isinstance(p, str) else bytes(p) for p in partials]
    arr = (ctypes.c_char_p * len(texts))(*texts)
    if method in OUTPUTS:
        from .recording import Recording
        if output is None:
            raise N.Error("%s pieces make %s: give output=" % (
                method, "a page" if method == "report" else "a recording"))
        rules = N.OutputRules(overwrite=bool(overwrite))
        N.call(N.lib.ps_partial_concat, arr, len(texts), str(output).encode(),
               ctypes.byref(rules))
        return str(output) if method == "report" else Recording(str(output))
    m = N.Merged()
    N.call(N.lib.ps_partial_merge, arr, len(texts), ctypes.byref(m))
    try:
        if m.kind != kind:
            raise N.Error("the partials are of %s, not %s"
                          % ([k for k, v in SPLITTABLE.items() if v == m.kind][0], method))
        single = isinstance(channel, (str, int))
        if method == "find_peaks":
            return analysis.peaks_result([m.peaks[i] for i in range(m.n_peaks)], 0, m.peaks_cfg)
        if method == "events":
            labels = [m.events_cfg.rule[i].label.decode() for i in range(m.events_cfg.n_rules)]
            return [{"start": e.start, "end": e.end, "rule": e.rule, "kind": labels[e.rule],
                     "peak_v": e.peak_v} for e in (m.events[i] for i in range(m.n_events))]
        if method == "correlate":
            w = m.lag_hi - m.lag_lo + 1
            return (np.arange(m.lag_lo, m.lag_hi + 1),
                    np.ctypeslib.as_array(m.corr, (w,)).copy())
        if method == "welch":
            nf, nc = m.n_freq, m.n_channels
            freq = np.ctypeslib.as_array(m.freq, (nf,)).copy()
            psd = np.ctypeslib.as_array(m.psd, (nc * nf,)).reshape(nc, nf).copy()
            return freq, (psd[0] if single else psd)
        from .recording import Recording
        rec = Recording(m.recording.decode())
        out = {}
        for i in range(m.n_channels):
            st = m.stats[i]
            out[rec.channels[m.channels[i]]] = {
                "start": m.whole.from_, "n": st.n, "min": st.min, "max": st.max,
                "mean": st.mean, "rms": N.lib.ps_stats_rms(ctypes.byref(st)),
                "std": N.lib.ps_stats_std(ctypes.byref(st)), "gaps": m.gaps, "lost": m.lost}
        return out
    finally:
        N.lib.ps_merged_clear(ctypes.byref(m))
