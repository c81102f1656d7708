"""A pytest plugin for production test benches (registered as the `picostream` pytest11 entry
point): the `scope` fixture records from the device named by --picostream-device (default the
simulator, so suites run in CI without hardware) into a folder named after the test, and
helpers assert on a recording with messages that show the numbers. What each test recorded
lands in pytest's JUnit XML as properties.

    def test_supply_ripple(scope):
        rec = scope.record(channels={"A": "2V"}, rate="1M", duration="1s")
        picostream.testing.assert_no_gaps(rec)
        picostream.testing.assert_level(rec, "A", max_pp=3.2)
"""
import os
import re

import pytest

from .capture import capture
from .recording import Recording

__all__ = ["assert_no_gaps", "assert_level", "assert_event", "Scope"]


def pytest_addoption(parser):
    group = parser.getgroup("picostream")
    group.addoption("--picostream-device", default="sim",
                    help="device every `scope` records from: sim, sim:ps4000a, ps5000a, … "
                         "(default: the simulator)")
    group.addoption("--picostream-dir", default=None,
                    help="folder for the recordings, one sub-folder per test (default: pytest's "
                         "tmp_path)")
    group.addoption("--picostream-sim", default=None,
                    help="simulator signals for every recording (as the CLI's --sim)")


class Scope:
    """The bench's instrument for one test: record() captures into this test's folder."""

    def __init__(self, device, folder, sim, record_property):
        self.device, self.folder, self.sim = device, folder, sim
        self._prop = record_property
        self.recordings = []

    def record(self, name="capture", channels=None, rate=None, duration=None, samples=None,
               **options):
        os.makedirs(self.folder, exist_ok=True)
        options.setdefault("overwrite", True)
        if self.sim is not None:
            options.setdefault("sim", self.sim)
        rec = capture(os.path.join(self.folder, name), self.device, channels, rate, duration,
                      samples, **options)
        self.recordings.append(rec)
        self._prop("picostream_%s" % name, "%s: %d samples × %d channels, %d gaps, %d lost"
                   % (rec.name, len(rec), rec.n_channels, len(rec.gaps), rec.lost_samples))
        return rec


@pytest.fixture
def scope(request, tmp_path, record_property):
    """Records from --picostream-device into a folder named after the test."""
    cfg = request.config
    base = cfg.getoption("--picostream-dir")
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    folder = os.path.join(base, safe) if base else str(tmp_path / safe)
    return Scope(cfg.getoption("--picostream-device"), folder, cfg.getoption("--picostream-sim"),
                 record_property)


def _rec(rec):
    return rec if isinstance(rec, Recording) else Recording(str(rec))


def assert_no_gaps(rec):
    """No sample lost: no gap between segments, none lost at the end."""
    rec = _rec(rec)
    if rec.gaps or rec.lost_at_end:
        where = ", ".join("%d samples before sample %d" % (n, at) for at, n in rec.gaps[:5])
        raise AssertionError("%s lost %d samples in %d gaps%s%s" % (
            rec.name, rec.lost_samples, len(rec.gaps), ": " + where if where else "",
            " and %d at the end" % rec.lost_at_end if rec.lost_at_end else ""))


def assert_level(rec, channel, min=None, max=None, max_pp=None, mean=None, rms=None,  # noqa: A002
                 tolerance=0.0):
    """Channel's statistics inside limits: every sample ≥ min and ≤ max, peak-to-peak ≤ max_pp,
    mean or rms within tolerance of the value given. The message shows what was measured."""
    rec = _rec(rec)
    s = rec.stats(channel)[rec.channels[rec.channel_index(channel)]]
    bad = []
    if min is not None and s["min"] < min:
        bad.append("minimum %.6g V is below %.6g V" % (s["min"], min))
    if max is not None and s["max"] > max:
        bad.append("maximum %.6g V is above %.6g V" % (s["max"], max))
    if max_pp is not None and s["max"] - s["min"] > max_pp:
        bad.append("peak-to-peak %.6g V is above %.6g V" % (s["max"] - s["min"], max_pp))
    for key, want in (("mean", mean), ("rms", rms)):
        if want is not None and abs(s[key] - want) > tolerance:
            bad.append("%s %.6g V is not %.6g ± %.6g V" % (key, s[key], want, tolerance))
    if bad:
        raise AssertionError("%s channel %s: %s (min %.6g, max %.6g, mean %.6g, rms %.6g V over "
                             "%d samples)" % (rec.name, channel, "; ".join(bad), s["min"], s["max"],
                                              s["mean"], s["rms"], s["n"]))
    return s


def assert_event(rec, channel, rule, present=True, **kw):
    """An event rule, as ("above", 1.8) or ("glitch", 5e-6), finds something (present=True) or
    nothing (present=False) on channel. The message lists the first events found."""
    rec = _rec(rec)
    found = rec.events(channel, [rule], **kw)
    if present and not found:
        raise AssertionError("%s channel %s: no %s event in %d samples" % (
            rec.name, channel, rule, len(rec)))
    if not present and found:
        first = ", ".join("samples %d…%d (peak %.6g V)" % (e["start"], e["end"], e["peak_v"])
                          for e in found[:3])
        raise AssertionError("%s channel %s: %d %s event%s: %s%s" % (
            rec.name, channel, len(found), rule, "s" if len(found) > 1 else "", first,
            ", …" if len(found) > 3 else ""))
    return found
