"""Each analysis method equals SciPy on the same data (the tolerances of tests/parity/), computed
out of core by libpicostream; bad arguments raise picostream.Error."""
import numpy as np
import pytest
from scipy import signal as ss

import picostream


@pytest.fixture(scope="module")
def rec(tmp_path_factory):
    d = tmp_path_factory.mktemp("analysis")
    return picostream.capture(d / "r", channels={"A": "2V", "B": "1V"}, rate="1M",
                              samples="300k", sim="seed=7;A=sine(1k,1.5)+noise(0.05);"
                              "B=square(250,0.3,0.25)+noise(0.02)")


def test_welch(rec):
    x = rec.volts("A")
    f, p = rec.welch("A", nperseg=2048)
    f0, p0 = ss.welch(x, fs=rec.rate, nperseg=2048)
    np.testing.assert_allclose(f, f0, rtol=1e-12)
    np.testing.assert_allclose(p, p0, rtol=1e-9, atol=1e-20)
    f, both = rec.welch(nperseg=512, window="hamming", scaling="spectrum", start=1000,
                        stop=200000)
    _, b0 = ss.welch(rec.volts("B", 1000, 200000), fs=rec.rate, nperseg=512, window="hamming",
                     scaling="spectrum")
    assert both.shape == (2, 257)
    np.testing.assert_allclose(both[1], b0, rtol=1e-9, atol=1e-20)
    _, m = rec.welch("A", nperseg=1024, average="median", detrend="linear")
    _, m0 = ss.welch(x, fs=rec.rate, nperseg=1024, average="median", detrend="linear")
    np.testing.assert_allclose(m, m0, rtol=1e-9, atol=1e-20)


def test_find_peaks(rec):
    x = rec.volts("A", 5000, 250000)
    for kw in (dict(prominence=0.5), dict(height=1.0, distance=300),
               dict(prominence=(0.3, None), width=10, rel_height=0.5),
               dict(threshold=0.01, plateau_size=1)):
        peaks, props = rec.find_peaks("A", start=5000, stop=250000, **kw)
        p0, q0 = ss.find_peaks(x, **kw)
        np.testing.assert_array_equal(peaks, p0)
        assert set(props) == set(q0), (set(props), set(q0))
        for k in q0:
            np.testing.assert_allclose(props[k], q0[k], rtol=1e-9, atol=1e-12, err_msg=k)


def test_stats(rec):
    s = rec.stats()
    for ch in ("A", "B"):
        x = rec.volts(ch)
        assert s[ch]["n"] == len(x)
        np.testing.assert_allclose([s[ch]["min"], s[ch]["max"], s[ch]["mean"], s[ch]["rms"],
                                    s[ch]["std"]],
                                   [x.min(), x.max(), x.mean(), np.sqrt(np.mean(x * x)), x.std()],
                                   rtol=1e-9, atol=1e-12)
    w = rec.stats("A", window=100000)["A"]
    assert [r["start"] for r in w] == [0, 100000, 200000]


def test_correlate(rec):
    lags, c = rec.correlate("A", "B", 50, stop=20000)
    a, b = rec.volts("A", 0, 20000), rec.volts("B", 0, 20000)
    full = ss.correlate(a, b, mode="full")
    mid = len(b) - 1
    np.testing.assert_allclose(c, full[mid - 50: mid + 51], rtol=1e-9, atol=1e-9)
    assert lags[0] == -50 and lags[-1] == 50


def test_filter_and_resample(rec, tmp_path):
    out = rec.sosfiltfilt(tmp_path / "lp", 4, 5000, datatype="rf64_le", channel="A")
    sos = ss.butter(4, 5000, fs=rec.rate, output="sos")
    np.testing.assert_allclose(out.volts("A"), ss.sosfiltfilt(sos, rec.volts("A")), atol=1e-9)
    rs = rec.resample_poly(tmp_path / "rs", 1, 10, datatype="rf64_le")
    np.testing.assert_allclose(rs.volts("B"), ss.resample_poly(rec.volts("B"), 1, 10),
                               atol=1e-9)
    assert rs.sample_rate == 1e5
    # an existing output is not replaced, and the message names the Python argument
    with pytest.raises(picostream.Error, match=r"lp.sigmf-meta already exists \(pass "
                       r"overwrite=True to replace it\)"):
        rec.filter(tmp_path / "lp", "lowpass", 5000)


def test_events(rec):
    ev = rec.events("A", [("above", 1.4), ("below", -1.4)], hysteresis=0.1)
    x = rec.volts("A")
    starts = np.flatnonzero((x[1:] > 1.4) & ~(x[:-1] > 1.4)) + 1
    above = [e["start"] for e in ev if e["kind"] == "above"]
    assert above and above[0] == (starts[0] if x[0] <= 1.4 else 0)
    assert all(e["peak_v"] > 1.4 for e in ev if e["kind"] == "above")


@pytest.mark.parametrize("call, message", [
    (lambda r: r.welch("Q"), "no channel 'Q'"),
    (lambda r: r.welch("A", nperseg=0), "nperseg"),
    (lambda r: r.find_peaks("A", start=10, stop=5), "not inside"),
    (lambda r: r.correlate("A", "B", -1), "max_lag"),
    (lambda r: r.events("A", [("sideways", 1)]), "rule 'sideways'"),
    (lambda r: r.filter("x", "notch", 50), "btype 'notch'"),
    (lambda r: r.welch("A", window="triangle"), "triangle"),
    # what the CLI checks, checked here too, naming the Python argument
    (lambda r: r.welch("A", nperseg=10 ** 12), "welch: nperseg must be a whole number 1…"),
    (lambda r: r.welch("A", nperseg=400000), "welch: nperseg 400000 is longer than the "
                                             "selection (300000 samples)"),
    (lambda r: r.welch("A", nperseg=256.5), "welch: nperseg must be a whole number"),
    (lambda r: r.resample_poly("x", 1.5, 2), "resample_poly: up must be a whole number"),
    (lambda r: r.resample_poly("x", 1, 0), "resample_poly: down must be a whole number 1…"),
    (lambda r: r.filter(None, "lowpass", 50), "filter: output must be a file name"),
    (lambda r: r.export(None), "export: path must be a file name"),
    (lambda r: r.events("A", [("above", "high")]), "events: rules[0] above must be a number"),
    (lambda r: r.events("A", [("above", float("nan"))]), "must be a number, got nan"),
    (lambda r: r.events("A", [("glitch", -1e-6)]), "rules[0] glitch must be a positive number"),
    (lambda r: r.events("A", [("window", 1, -1)]), "the low level must be below the high"),
    (lambda r: r.events("A", [("above",)]), "above takes 1 value"),
    (lambda r: r.events("A", [("above", 1)], hysteresis=-1), "hysteresis and holdoff must be"),
    (lambda r: r.stats("A", window=-5), "stats: window must be a whole number 1…"),
    (lambda r: r.correlate("A", "B", 10 ** 9), "correlate: max_lag must be a whole number"),
    (lambda r: r.report("never.html", nperseg=-5), "report: nperseg must be a whole number"),
    (lambda r: r.find_peaks("A", rel_height=-1), "rel_height must be at least 0 (got -1)"),
])
def test_bad_arguments(rec, call, message):
    with pytest.raises((picostream.Error, KeyError)) as e:
        call(rec)
    assert message in str(e.value), str(e.value)


def test_not_a_recording(tmp_path):
    (tmp_path / "junk.sigmf-meta").write_text("{not json")
    (tmp_path / "junk.sigmf-data").write_bytes(b"\0" * 8)
    with pytest.raises((picostream.Error, ValueError)):
        picostream.open(tmp_path / "junk").welch("A")


def test_plot_export_report(rec, tmp_path):
    png = rec.plot(tmp_path / "a.png", "A", width=400, height=200)
    assert open(png, "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    rec.export(tmp_path / "a.npy", "npy", channel=["A", "B"], stop=1000)
    np.testing.assert_allclose(np.load(tmp_path / "a.npy"),
                               np.stack([rec.volts("A", 0, 1000), rec.volts("B", 0, 1000)], 1),
                               rtol=1e-6)
    html = open(rec.report(tmp_path / "r.html")).read()
    assert 'id="picostream-report"' in html
    with pytest.raises(picostream.Error, match="sigmf-data"):  # never over its own input
        rec.export(rec.name + ".sigmf-data", "csv", overwrite=True)


def test_progress_and_cancel(rec, tmp_path):
    seen = []
    rec.welch("A", nperseg=256, progress=lambda f: seen.append(f))
    assert seen and seen[-1] == pytest.approx(1.0) and seen == sorted(seen)
    with pytest.raises(picostream.Error, match="cancelled") as e:  # causal: block by block
        rec.filter(tmp_path / "never", "lowpass", 1000, zero_phase=False,
                   progress=lambda f: f > 0.2)
    assert e.value.code == -10
    assert not list(tmp_path.iterdir()), list(tmp_path.iterdir())  # nothing left behind

    def interrupt(f):
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        rec.stats(window=1000, progress=interrupt)


def test_outputs_never_replace_the_input(tmp_path):
    r = picostream.capture(tmp_path / "own", channels={"A": "2V"}, rate="100k", samples="20k")
    before = (tmp_path / "own.sigmf-data").read_bytes()
    for name in (tmp_path / "own", str(tmp_path / "own.sigmf-data")):
        with pytest.raises(picostream.Error, match="is the input recording's file .*: refused"):
            r.sosfiltfilt(name, 4, 5000, overwrite=True)
    r.plot(tmp_path / "p.png")
    with pytest.raises(picostream.Error, match="inside the input recording's"):
        r.export(tmp_path / "own.picostream-overview" / "x.csv", overwrite=True)
    assert (tmp_path / "own.sigmf-data").read_bytes() == before


def test_bytes_and_path_names(rec, tmp_path):
    out = rec.filter(bytes(tmp_path / "bp"), "lowpass", 5000, channel="A")
    assert out.name == str(tmp_path / "bp") and len(out) == len(rec)
    assert picostream.open(bytes(tmp_path / "bp")).name == str(tmp_path / "bp")
    assert not list(tmp_path.glob("b'*"))  # never a file named after the bytes' repr
    with pytest.raises(picostream.Error, match="recording must be a file name"):
        picostream.open(None)
