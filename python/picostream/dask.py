"""Analyses of many recordings on a dask.distributed cluster: each recording is cut into
pieces (about 1 GB each), every piece runs as a task on a worker, which reads its own range
from shared storage through the C library; only the small partial results travel, and the
client merges them. Needs Debian's python3-dask and python3-distributed (imported on use).

    from dask.distributed import Client
    client = Client("scheduler:8786")
    psds = picostream.dask.map("welch", ["bench1/run", "bench2/run"], client, nperseg=4096)
    # psds[i] == picostream.open(recordings[i]).welch(nperseg=4096), to 1e-12 relative
    lows = picostream.dask.map("sosfiltfilt", names, client, output=[n + "-lp" for n in names],
                               order=4, freq=20e3)   # recordings, each as rec.sosfiltfilt wrote it
"""
import os

from . import split as _partial
from .recording import Recording

__all__ = ["map"]


def _piece(name, method, start, stop, channel, kw):
    """One task: the partial result of one piece (runs on a worker)."""
    return _partial.partial(Recording(name), method, start, stop, channel, **kw)


def _pieces_of(output, ranges):
    """Where a recording method's pieces go: beside its output (on the shared storage)."""
    return ["%s.piece-%d-%d" % (output, a, b) for a, b in ranges]


def _remove(names):
    for name in filter(None, names):  # report pieces leave no files
        for ext in (".sigmf-meta", ".sigmf-data"):
            try:
                os.unlink(name + ext)
            except FileNotFoundError:
                pass


def map(method, recordings, client, channel=None, pieces=None, piece_bytes=1 << 30,  # noqa: A001
        **kw):
    """[recording.<method>(channel, **kw) for each recording], computed piece by piece on the
    client's workers. method: one of picostream.split.SPLITTABLE. filter, sosfiltfilt and
    resample_poly take output= as a list, one name per recording: each piece's recording is
    written beside it by a worker, concatenated into it by the client, then removed; report
    takes output= a list of pages. A worker
    lost mid-run is Dask's to retry (its tasks are pure functions of their range)."""
    from dask.base import tokenize
    _partial._kind(method)
    outputs = None
    if method in _partial.OUTPUTS:
        outputs = kw.pop("output", None)
        if not isinstance(outputs, (list, tuple)) or len(outputs) != len(recordings):
            raise _partial.N.Error("%s: output= a list of one name per recording" % method)
    futures, piece_names = [], []
    for i, name in enumerate(recordings):
        rec = Recording(name)  # the meta only: its length, to cut it into pieces
        ranges = _partial.plan(rec, pieces, piece_bytes)
        # the key names the task in Dask's dashboard; the token keeps calls with other
        # channels or options (from this client or another) from sharing results
        names = (_pieces_of(outputs[i], ranges) if method in _partial.RECORDINGS
                 else [None] * len(ranges))
        piece_names.append(names)
        token = tokenize(rec.name, method, channel, kw, outputs[i] if outputs else None)
        futures.append([client.submit(_piece, rec.name, method, a, b, channel,
                                      dict(kw, output=out, overwrite=True) if out else kw,
                                      pure=True,
                                      key="picostream-%s-%d-%d-%s" % (method, a, b, token))
                        for (a, b), out in zip(ranges, names)])
    try:
        results = client.gather(futures)
        if not outputs:
            return [_partial.merge(method, parts, channel) for parts in results]
        return [_partial.merge(method, parts, output=out, overwrite=kw.get("overwrite", False))
                for parts, out in zip(results, outputs)]
    finally:  # whatever failed, no piece stays behind
        for names in piece_names:
            _remove(names)
