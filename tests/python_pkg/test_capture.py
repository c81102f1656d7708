"""Capture from Python: bit-exact recordings, live blocks while the C engine writes, a slow
consumer that loses nothing on disk, errors as picostream.Error with the library's message."""
import re
import time

import numpy as np
import pytest

import picostream


def test_capture_verifies_bit_for_bit(tmp_path):
    rec = picostream.capture(tmp_path / "run1", device="sim",
                             channels={"A": "2V", "B": "500mV:AC"}, rate="1M", duration="0.5s")
    assert len(rec) == 500000 and rec.channels == ["A", "B"] and rec.sample_rate == 1e6
    assert rec.verify() == {"samples": 500000, "channels": 2, "segments": 1, "lost_samples": 0}
    assert rec.meta["global"]["picostream:complete"] is True


def test_every_family_and_downsampling(tmp_path):
    for dev in ("sim:ps2000a", "sim:ps3000a", "sim:ps4000a", "sim:ps6000a", "sim:psospa"):
        rec = picostream.capture(tmp_path / dev.replace(":", "_"), device=dev,
                                 channels={"A": "2V"}, rate="1M", samples="100k",
                                 downsample="4:aggregate")
        assert rec.channels == ["A_max", "A_min"], rec.channels
        assert rec.verify()["samples"] == 100000


def test_loggers_in_their_units(tmp_path):
    """A TC-08 in °C (float32) and an ADC-24 in volts (int32): live blocks agree with the
    recording, which the simulator confirms bit for bit."""
    blocks = []
    with picostream.Capture(tmp_path / "tc", device="sim:usbtc08", channels={1: "K", 3: "T"},
                            rate=2, duration="200s", sim="speed=100;1=dc(25)+ramp(0.05)",
                            mains=60, interval=0.1) as cap:
        blocks.extend(cap)
    rec = cap.recording
    assert rec.channels == ["1", "3"] and rec.meta["global"]["core:datatype"] == "rf32_le"
    assert [c["unit"] for c in rec.meta["global"]["picostream:channels"]] == ["degC", "degC"]
    assert rec.verify() == {"samples": 400, "channels": 2, "segments": 1, "lost_samples": 0}
    t = rec.volts("1")
    assert abs(t[0] - 25) < 1e-6 and abs(t[-1] - (25 + 0.05 * 199.5)) < 1e-3
    live = np.concatenate([b.volts["1"] for b in blocks])
    assert np.array_equal(live, t[:len(live)]) and len(live) > 300
    rec = picostream.capture(tmp_path / "adc", device="sim:picohrdl",
                             channels={1: "2500mV", 3: "39mV:diff"}, rate=1, duration="30s",
                             conversion="100ms", sim="speed=30")
    assert rec.meta["global"]["core:datatype"] == "ri32_le"
    assert rec.verify()["samples"] == 30
    with pytest.raises(picostream.Error, match="50 or 60"):
        picostream.capture(tmp_path / "x", device="sim:usbtc08", channels={1: "K"}, rate=1,
                           duration="1s", mains=55)


def test_live_blocks_and_a_slow_consumer_lose_nothing(tmp_path):
    blocks = []
    with picostream.Capture(tmp_path / "live", channels={"A": "2V", "B": "1V"}, rate="2.5M",
                            duration="2s", live_rate="10k") as cap:
        for block in cap:
            blocks.append(block)
            time.sleep(0.6)  # far slower than the data comes: the engine does not wait
    rec = cap.recording
    assert rec.verify()["lost_samples"] == 0 and len(rec) == 5000000
    assert cap.stats["lost"] == 0
    got = [b for b in blocks if len(b.volts["A"])]
    assert len(got) >= 2, blocks  # data arrived while the capture ran, not only at the end
    assert got[0].stats["running"] or len(got) > 1
    for b in got:  # each block is the recording's volts at its samples, every step-th
        a = rec.volts("A", b.start, b.start + b.step * len(b.volts["A"]))[:: b.step]
        np.testing.assert_array_equal(b.volts["A"], a)


def test_stop_early_keeps_a_valid_recording(tmp_path):
    with picostream.Capture(tmp_path / "stopped", channels={"A": "1V"}, rate="1M",
                            duration="60s") as cap:
        for block in cap:
            if block.stats["written"] > 200000:
                cap.stop()
    rec = cap.recording
    assert 200000 < len(rec) < 60000000
    assert rec.verify()["lost_samples"] == 0
    assert "stopped" in rec.meta["global"]["picostream:stop_reason"] or \
        rec.meta["global"]["picostream:complete"]


@pytest.mark.parametrize("kwargs, message", [
    (dict(channels={"A": "3V"}, rate="1M", duration="1s"),
     "channel A: range 3V not available on the 5444D (10mV…20V)"),
    (dict(channels={"A": "2V"}, rate="fast", duration="1s"),
     "rate 'fast' is not a sample rate (1M, 250k, 10MS/s)"),
    (dict(channels={"Z": "2V"}, rate="1M", duration="1s"),
     "channel 'Z:2V': expected A…H, as in A:2V:DC (a logger's inputs: 1…16, as in 1:K)"),
    (dict(channels={"A": "2V"}, rate="1M"),
     "capture: give duration='10s' or samples=1000000 (or both)"),
    (dict(channels={"A": "2V"}, rate="1M", duration="1s", device="scope9000"),
     "unknown device 'scope9000'"),
    (dict(channels={"A": "2V"}, rate="1M", duration="1s", downsample="1:average"),
     "downsample '1:average': expected N:decimate"),
    (dict(channels={"A": "2V"}, rate="1e12", duration="1s"), "rate 1e+12 S/s"),
])
def test_bad_input_raises_the_library_message(tmp_path, kwargs, message):
    with pytest.raises(picostream.Error) as e:
        picostream.capture(tmp_path / "bad", **kwargs)
    assert message in str(e.value), str(e.value)
    assert not (tmp_path / "bad.sigmf-meta").exists()


def test_existing_recording_is_not_replaced(tmp_path):
    picostream.capture(tmp_path / "keep", channels={"A": "1V"}, rate="100k", samples="10k")
    before = (tmp_path / "keep.sigmf-data").read_bytes()
    with pytest.raises(picostream.Error):
        picostream.capture(tmp_path / "keep", channels={"A": "1V"}, rate="100k", samples="20k")
    assert (tmp_path / "keep.sigmf-data").read_bytes() == before


def test_repr_html_summarises(tmp_path):
    rec = picostream.capture(tmp_path / "nb", channels={"A": "1V"}, rate="100k", samples="50k")
    html = rec._repr_html_()
    assert "50000 per channel" in html and "0, 0 samples lost" in html and "<svg" in html


def test_calls_in_the_wrong_state_raise(tmp_path):
    cap = picostream.Capture(tmp_path / "order", channels={"A": "1V"}, rate="1M",
                             duration="60s")
    assert not cap.done
    for call, what in ((cap.get_stats, "get_stats()"), (cap.stop, "stop()"),
                       (cap.finish, "finish()")):
        with pytest.raises(picostream.Error, match=r"%s before start\(\)" % re.escape(what)):
            call()
    cap.start()
    with pytest.raises(picostream.Error, match="already running"):
        cap.start()
    for _ in range(3000):  # until some samples are on disk (bounded: 30 s at most)
        if cap.get_stats()["written"] > 1000:
            break
        time.sleep(0.01)
    rec = cap.finish()  # stops a capture still running: what was recorded stays valid
    assert cap.done and 0 < len(rec) < 60000000 and rec.verify()["lost_samples"] == 0
    assert cap.finish() is rec and cap.stats["written"] == len(rec)
    with pytest.raises(picostream.Error, match=r"get_stats\(\) after finish\(\)"):
        cap.get_stats()
    with pytest.raises(picostream.Error, match="already finished"):
        cap.start()
    with pytest.raises(picostream.Error, match="iterated after finish"):
        list(cap)
    cap.stop()  # nothing left to stop
