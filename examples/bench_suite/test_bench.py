"""An example production-test suite: run with `pytest examples/bench_suite` (the simulator by
default) or `pytest examples/bench_suite --picostream-device ps5000a` on the bench."""
from picostream.testing import assert_event, assert_level, assert_no_gaps


def test_capture_is_lossless(scope):
    rec = scope.record(channels={"A": "2V", "B": "1V"}, rate="1M", duration="0.5s")
    assert_no_gaps(rec)


def test_sine_amplitude(scope):
    rec = scope.record(channels={"A": "2V"}, rate="1M", duration="0.2s",
                       sim="A=sine(1k,1.5)+noise(0.005)")
    assert_level(rec, "A", min=-1.6, max=1.6, rms=1.5 / 2 ** 0.5, tolerance=0.02)


def test_no_glitch_on_clean_supply(scope):
    rec = scope.record(channels={"A": "2V"}, rate="1M", duration="0.2s",
                       sim="A=sine(1k,1.5)+noise(0.005)")
    assert_event(rec, "A", ("above", 1.55), present=False)
