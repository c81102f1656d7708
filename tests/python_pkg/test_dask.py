"""picostream.dask.map on a LocalCluster of two worker processes: several recordings (one with
gaps), pieces read by the workers through the C library, merged results equal to the
single-process methods (to 1e-12); a worker killed mid-run is Dask's to retry, and the result
is still exact. Splitting by hand (picostream.partial / merge) agrees too."""
import os
import re
import signal
import threading
import time

import numpy as np
import pytest
from dask.distributed import Client, LocalCluster

import picostream


@pytest.fixture(scope="module")
def recs(tmp_path_factory):
    d = tmp_path_factory.mktemp("dask")
    a = picostream.capture(d / "a", channels={"A": "2V", "B": "1V"}, rate="1M", samples="3M",
                           sim="seed=3;fifo=200k")
    b = picostream.capture(d / "b", device="sim:ps6000a", channels={"A": "2V", "C": "1V"},
                           rate="5M", samples="2M")
    gappy = picostream.capture(d / "g", channels={"A": "2V"}, rate="1M", samples="2M",
                               sim="fifo=100k;freeze=500k,0.3s")
    assert len(gappy.gaps) > 0
    return [a.name, b.name, gappy.name]


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as c:
        yield c


def close(x, y):
    x, y = np.asarray(x, float), np.asarray(y, float)
    return x.shape == y.shape and np.all(np.abs(x - y) <= 1e-12 * np.abs(y))


def same_stats(got, want):
    assert got.keys() == want.keys()
    for ch in want:
        g, w = got[ch], want[ch]
        assert (g["n"], g["gaps"], g["lost"], g["min"], g["max"]) == \
            (w["n"], w["gaps"], w["lost"], w["min"], w["max"])
        # the mean of a signal centred on 0 cancels: to 1e-12 of the signal's scale (rms)
        assert abs(g["mean"] - w["mean"]) <= 1e-12 * w["rms"]
        assert close([g["rms"], g["std"]], [w["rms"], w["std"]])


def test_map_equals_single_process(recs, client):
    psds = picostream.dask.map("welch", recs, client, pieces=5, nperseg=4096)
    stats = picostream.dask.map("stats", recs, client, piece_bytes=1 << 20)
    one = picostream.dask.map("welch", recs[:1], client, channel="B", pieces=3, nperseg=1000,
                              noverlap=100, window="hamming")
    for name, (f, p), s in zip(recs, psds, stats):
        rec = picostream.open(name)
        f0, p0 = rec.welch(nperseg=4096)
        assert (f == f0).all() and close(p, p0)
        same_stats(s, rec.stats())
    f0, p0 = picostream.open(recs[0]).welch("B", nperseg=1000, noverlap=100, window="hamming")
    assert one[0][1].ndim == 1 and close(one[0][1], p0)
    xc = picostream.dask.map("correlate", recs[1:2], client, pieces=6, a="A", b="C",
                             max_lag=300)
    lags, c = xc[0]
    lags0, c0 = picostream.open(recs[1]).correlate("A", "C", 300)
    rules = [("above", 1.2), ("below", -1.2), ("glitch", 20e-6), ("runt", 0.5, 1.4)]
    ev = picostream.dask.map("events", recs, client, channel="A", pieces=7, rules=rules,
                             hysteresis=0.05)
    for name, got in zip(recs, ev):
        want = picostream.open(name).events("A", rules, hysteresis=0.05)
        assert got == want and len(want) > 10
    # sums of products in another order: to 1e-12 of the correlation's scale
    assert (lags == lags0).all() and np.max(np.abs(c - c0)) <= 1e-12 * np.max(np.abs(c0))


def test_partial_by_hand_any_order(recs):
    rec = picostream.open(recs[2])
    parts = [picostream.partial(rec, "welch", a, b, nperseg=2048) for a, b in rec.plan(7)]
    f, p = picostream.merge("welch", parts[::-1])
    assert close(p, rec.welch(nperseg=2048)[1])
    with pytest.raises(picostream.Error, match="in no piece"):
        picostream.merge("welch", parts[1:])
    with pytest.raises(picostream.Error, match="does not split"):
        picostream.partial(rec, "plot", 0, 10)
    peaks = [picostream.partial(rec, "find_peaks", a, b, "A", prominence=0.01, width=1)
             for a, b in rec.plan(5)]
    got, want = picostream.merge("find_peaks", peaks[::-1]), rec.find_peaks("A", prominence=0.01,
                                                                            width=1)
    assert (got[0] == want[0]).all() and len(want[0]) > 100
    assert got[1].keys() == want[1].keys()
    assert all((got[1][k] == want[1][k]).all() for k in want[1])


def test_map_recording_methods(recs, client, tmp_path):
    # filter, sosfiltfilt and resample_poly: pieces written by the workers, concatenated into
    # each output; the whole method's samples (filter to 1e-9) and meta; no piece left behind
    out = [str(tmp_path / ("lp%d" % i)) for i in range(len(recs))]
    got = picostream.dask.map("sosfiltfilt", recs, client, pieces=4, output=out, order=4,
                              freq=20e3, datatype="rf64_le")
    rs = [str(tmp_path / ("rs%d" % i)) for i in range(len(recs))]
    got_rs = picostream.dask.map("resample_poly", recs, client, pieces=5, output=rs, up=3,
                                 down=7, datatype="rf64_le")
    for i, name in enumerate(recs):
        rec = picostream.open(name)
        want = rec.sosfiltfilt(tmp_path / ("lp_whole%d" % i), 4, 20e3, datatype="rf64_le")
        a, b = np.asarray(got[i].raw), np.asarray(want.raw)
        assert a.shape == b.shape and np.max(np.abs(a - b)) <= 1e-9 * np.max(np.abs(b))
        assert got[i].gaps == want.gaps and got[i].rate == want.rate
        want_rs = rec.resample_poly(tmp_path / ("rs_whole%d" % i), 3, 7, datatype="rf64_le")
        assert (np.asarray(got_rs[i].raw) == np.asarray(want_rs.raw)).all()
        assert got_rs[i].gaps == want_rs.gaps
    assert not [p for p in os.listdir(tmp_path) if ".piece-" in p]
    peaks = picostream.dask.map("find_peaks", recs, client, channel="A", pieces=6,
                                prominence=0.02, distance=20)
    for name, (idx, props) in zip(recs, peaks):
        w_idx, w_props = picostream.open(name).find_peaks("A", prominence=0.02, distance=20)
        assert (idx == w_idx).all() and (props["prominences"] == w_props["prominences"]).all()
    pages = picostream.dask.map("report", recs, client, pieces=3,
                                output=[str(tmp_path / ("r%d.html" % i)) for i in range(len(recs))])
    for name, page in zip(recs, pages):
        whole = picostream.open(name).report(str(tmp_path / "whole.html"), overwrite=True)
        a, b = (re.search(r'<img alt="overview" src="([^"]*)"', open(p).read()).group(1)
                for p in (whole, page))
        assert a == b and a
    with pytest.raises(picostream.Error, match="the recording the pieces were made from"):
        rec = picostream.open(recs[0])
        parts = [picostream.partial(rec, "resample_poly", a, b, output=str(tmp_path / ("p%d" % a)),
                                    up=1, down=2) for a, b in rec.plan(2)]
        picostream.merge("resample_poly", parts, output=recs[0], overwrite=True)


def test_partials_in_many_threads_at_once(recs):
    # a Dask worker runs a thread per core: FFTW's planner must not be entered twice at once
    from concurrent.futures import ThreadPoolExecutor
    rec = picostream.open(recs[1])
    ranges = rec.plan(32)
    with ThreadPoolExecutor(8) as pool:
        parts = list(pool.map(lambda ab: picostream.partial(rec, "welch", *ab, nperseg=512),
                              ranges * 4))
        xc = list(pool.map(lambda ab: picostream.partial(rec, "correlate", *ab, a="A", b="C",
                                                         max_lag=50), ranges * 2))
    assert close(picostream.merge("welch", parts[:32])[1], rec.welch(nperseg=512)[1])
    lags, c = picostream.merge("correlate", xc[32:])
    assert np.max(np.abs(c - rec.correlate("A", "C", 50)[1])) <= 1e-12 * np.max(np.abs(c))


def test_a_worker_killed_mid_run_is_retried(recs, client):
    result = {}
    run = threading.Thread(target=lambda: result.setdefault(
        "psd", picostream.dask.map("welch", recs * 4, client, pieces=40, nperseg=4096)))
    run.start()
    pids = client.run(os.getpid)
    victim = None
    for _ in range(2000):  # until a worker is busy with a piece
        busy = [w for w, tasks in client.processing().items() if tasks]
        if busy:
            victim = busy[0]
            break
        time.sleep(0.005)
    assert victim, "no piece ever ran"
    os.kill(pids[victim], signal.SIGKILL)
    run.join(300)
    assert not run.is_alive()
    for name, (f, p) in zip(recs * 4, result["psd"]):
        assert close(p, picostream.open(name).welch(nperseg=4096)[1])
