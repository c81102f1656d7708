"""Analyses of many recordings on a dask.distributed cluster: each recording is cut into
pieces (about 1 GB each), every piece runs as a task on a worker, which reads its own range
from shared storage through the C library; only the small partial results travel, and the
client merges them. Needs Debian's python3-dask and python3-distributed (imported on use).

    from dask.distributed import Client
    client = Client("scheduler:8786")
    psds = picostream.dask.map("welch", ["bench1/run", "bench2/run"], client, nperseg=4096)
    # psds[i] == picostream.open(recordings[i]).welch(nperseg=4096), to 1e-12 relative
"""
from . import split as _partial
from .recording import Recording

__all__ = ["map"]


def _piece(name, method, start, stop, channel, kw):
    """One task: the partial result of one piece (runs on a worker)."""
    return _partial.partial(Recording(name), method, start, stop, channel, **kw)


def map(method, recordings, client, channel=None, pieces=None, piece_bytes=1 << 30,  # noqa: A001
        **kw):
    """[recording.<method>(channel, **kw) for each recording], computed piece by piece on the
    client's workers. method: one of picostream.partial.SPLITTABLE. A worker lost mid-run is
    Dask's to retry (its tasks are pure functions of their range)."""
    from dask.base import tokenize
    _partial._kind(method)
    futures = []
    for name in recordings:
        rec = Recording(name)  # the meta only: its length, to cut it into pieces
        ranges = _partial.plan(rec, pieces, piece_bytes)
        # the key names the task in Dask's dashboard; the token keeps calls with other
        # channels or options (from this client or another) from sharing results
        token = tokenize(rec.name, method, channel, kw)
        futures.append([client.submit(_piece, rec.name, method, a, b, channel, kw, pure=True,
                                      key="picostream-%s-%d-%d-%s" % (method, a, b, token))
                        for a, b in ranges])
    results = client.gather(futures)
    return [_partial.merge(method, parts, channel) for parts in results]
