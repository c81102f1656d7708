"""Recording from Python: the C engine (poller and writer threads in libpicostream) does the
capture; Python only configures it, watches it, and reads what is already on disk. A slow
Python loop therefore never costs a sample: the ring and the writer do not wait for it."""
import ctypes
import os
import time

import numpy as np

from . import _native as N
from .recording import Recording

__all__ = ["capture", "Capture", "Block", "devices"]

_DIRECTIONS = ("rising", "falling", "either", "above", "below")


def _number(parse, value, what):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, str):
        raise N.Error("%s: %r is neither a number nor text such as '1M'" % (what, value))
    out = ctypes.c_double()
    N.call(parse, value.encode(), ctypes.byref(out))
    return out.value


def _config(name, channels, rate, duration, samples, trigger, pre, post, auto_trigger,
            resolution, downsample, lossless, overwrite, sync, timeout, split, ring,
            buffered):
    cfg = N.CaptureConfig()
    N.lib.ps_capture_config_init(ctypes.byref(cfg))
    cfg._name = os.fsencode(N.path_of(name, "capture: name"))  # kept alive with cfg
    cfg.name = cfg._name
    if not channels:
        raise N.Error("capture: no channel given, as in channels={'A': '2V'}")
    items = channels.items() if isinstance(channels, dict) else [(c, None) for c in channels]
    for ch, spec in items:
        text = str(ch) if spec is None else "%s:%s" % (ch, spec)
        N.call(N.lib.ps_config_channel, ctypes.byref(cfg.device), text.encode())
    if rate is None:
        raise N.Error("capture: rate is missing, as in rate='1M'")
    cfg.device.rate_hz = _number(N.lib.ps_parse_rate, rate, "rate")
    if duration is None and samples is None:
        raise N.Error("capture: give duration='10s' or samples=1000000 (or both)")
    if duration is not None:
        cfg.duration_s = _number(N.lib.ps_parse_time, duration, "duration")
        if not cfg.duration_s > 0:
            raise N.Error("capture: duration %r is not a duration" % (duration,))
    if samples is not None:
        n = _number(N.lib.ps_parse_count, samples, "samples")
        if n < 1 or n != int(n):
            raise N.Error("capture: samples %r must be a whole number ≥ 1" % (samples,))
        cfg.max_samples = int(n)
    if trigger is not None:
        N.call(N.lib.ps_config_trigger, ctypes.byref(cfg.device.trigger), str(trigger).encode())
        t = cfg.device.trigger
        if not cfg.device.channel[t.channel].enabled:
            raise N.Error("trigger on channel %s, which is not enabled" % chr(65 + t.channel))
        cfg.trigger_wait_s = cfg.duration_s
    if (pre or post or auto_trigger) and trigger is None:
        raise N.Error("capture: pre, post and auto_trigger need a trigger")
    cfg.device.trigger.pre_samples = int(_number(N.lib.ps_parse_count, pre or 0, "pre"))
    cfg.device.trigger.post_samples = int(_number(N.lib.ps_parse_count, post or 0, "post"))
    if auto_trigger:
        cfg.device.trigger.auto_ms = int(1000 * _number(N.lib.ps_parse_time, auto_trigger,
                                                        "auto_trigger") + 0.999)
    if resolution is not None:
        if int(resolution) not in (8, 10, 12, 14, 15, 16):
            raise N.Error("capture: resolution %r bits (8, 10, 12, 14, 15, 16)" % (resolution,))
        cfg.device.resolution_bits = int(resolution)
    if downsample is not None:
        N.call(N.lib.ps_config_downsample, ctypes.byref(cfg.device), str(downsample).encode())
    cfg.lossless, cfg.overwrite, cfg.buffered_io = bool(lossless), bool(overwrite), bool(buffered)
    if sync is not None:
        cfg.sync_interval_s = 0.0 if sync == "none" else _number(N.lib.ps_parse_time, sync, "sync")
    if timeout is not None:
        cfg.no_data_timeout_s = _number(N.lib.ps_parse_time, timeout, "timeout")
        if cfg.device.trigger.enabled:
            cfg.trigger_wait_s = cfg.no_data_timeout_s
    if split is not None:
        cfg.split_s = _number(N.lib.ps_parse_time, split, "split")
    if ring is not None:
        cfg.ring_frames = int(_number(N.lib.ps_parse_count, ring, "ring"))
    return cfg


class Block:
    """Live data: volts[channel] (NumPy, every step-th sample from sample start), and the
    capture's counters at that moment in stats (samples, recorded, written, lost, ring_fill,
    ring_capacity, mb, elapsed_s)."""

    def __init__(self, start, step, rate, volts, stats):
        self.start, self.step, self.rate, self.volts, self.stats = start, step, rate, volts, stats

    def __repr__(self):
        n = len(next(iter(self.volts.values()))) if self.volts else 0
        return "<Block samples %d… (every %d), %d values, lost %d>" % (
            self.start, self.step, n, self.stats["lost"])


def _stats_dict(s):
    return {"samples": s.samples, "recorded": s.recorded, "written": s.written, "lost": s.lost,
            "gaps": s.gaps, "ring_fill": s.ring_fill, "ring_capacity": s.ring_capacity,
            "mb": s.n_bytes / 1e6, "elapsed_s": s.elapsed_s, "overflow": s.overflow,
            "waiting_for_trigger": s.waiting_for_trigger, "running": s.running}


class Capture:
    """A capture running in the background while Python looks on:

        with picostream.Capture("run1", device="sim", channels={"A": "2V"}, rate="1M",
                                duration="10s") as cap:
            for block in cap:          # Block: volts per channel, decimated; the counters
                print(block.stats["lost"], block.volts["A"].max())
        rec = cap.recording

    Options as the CLI's: trigger="A:rising:1V", pre, post, auto_trigger, resolution,
    downsample="10:average", lossless, overwrite, sync, timeout, ring, buffered; driver=PATH;
    the loggers' mains=60 and conversion="100ms" (channels={1: "K"} on a TC-08, {3: "625mV"} on
    an ADC-24, {2: "10mV/A"} on a CM3: the CLI's -c N:…);
    sim="seed=3;A=sine(1k,1)" configures the simulator (as the CLI's --sim). live_rate: values per second per channel the blocks carry at most;
    interval: how often a block comes (seconds)."""

    def __init__(self, name, device="sim", channels=None, rate=None, duration=None, samples=None,
                 trigger=None, pre=None, post=None, auto_trigger=None, resolution=None,
                 downsample=None, lossless=False, overwrite=False, sync=None, timeout=None,
                 split=None, ring=None, buffered=False, driver=None, sim=None,
                 live_rate=20000, interval=0.2, poll_delay=None, mains=None, conversion=None):
        self.name = N.path_of(name, "capture: name")
        self._cfg = _config(name, channels, rate, duration, samples, trigger, pre, post,
                            auto_trigger, resolution, downsample, lossless, overwrite, sync,
                            timeout, split, ring, buffered)
        if mains is not None:
            if int(mains) not in (50, 60):
                raise N.Error("capture: mains %r: 50 or 60 (Hz)" % (mains,))
            self._cfg.device.mains_60hz = int(mains) == 60
        if conversion is not None:
            self._cfg.device.conversion_s = _number(N.lib.ps_parse_time, conversion, "conversion")
        if poll_delay is not None:  # tests only: a host too slow to poll (the CLI's
            self._cfg.poll_delay_s = float(poll_delay)  # --test-poll-delay)
        self._device, self._driver, self._sim = str(device), driver, sim
        self.live_rate = _number(N.lib.ps_parse_rate, live_rate, "live_rate")
        self.interval = _number(N.lib.ps_parse_time, interval, "interval")
        self._dev = ctypes.c_void_p()
        self._cap = ctypes.c_void_p()
        self.params = N.StreamParams()
        self.info = N.DeviceInfo()
        self.stats = None
        self.recording = None
        self._read = 0
        self._state = "new"  # → "running" → "finished"; calls in the wrong state raise Error
        self._error = None

    def _require(self, what):
        if self._state == "new":
            raise N.Error("capture %s: %s before start()" % (self.name, what))
        if self._state == "finished":
            raise N.Error("capture %s: %s after finish() (its final counters are in .stats)"
                          % (self.name, what))

    def start(self):
        """Opens the device and starts recording; once per Capture."""
        if self._state != "new":
            raise N.Error("capture %s: start() on a capture already %s" % (
                self.name, "running" if self._state == "running" else "finished"))
        N.call(N.lib.ps_device_open_sim, ctypes.byref(self._dev), self._device.encode(),
               self._driver.encode() if self._driver else None,
               str(self._sim).encode() if self._sim is not None else None)
        N.lib.ps_device_get_info(self._dev, ctypes.byref(self.info))
        try:
            N.call(N.lib.ps_capture_start, ctypes.byref(self._cap), self._dev,
                   ctypes.byref(self._cfg), ctypes.byref(self.params))
        except N.Error:
            N.lib.ps_device_close(self._dev)
            self._dev = ctypes.c_void_p()
            raise
        self._state = "running"
        return self

    def __enter__(self):
        return self.start()

    def __exit__(self, exc_type, exc, tb):
        self.stop()
        self.finish(raise_error=exc_type is None)
        return False

    @property
    def done(self):
        """True once the capture has ended by itself (target reached, error) or finished."""
        if self._state == "finished":
            return True
        return self._state == "running" and bool(N.lib.ps_capture_done(self._cap))

    def get_stats(self):
        """The counters now (a dict: recorded, written, lost, gaps, …); only while running."""
        self._require("get_stats()")
        s = N.CaptureStats()
        N.lib.ps_capture_get_stats(self._cap, ctypes.byref(s))
        return _stats_dict(s)

    def stop(self):
        """Asks the capture to end (what is recorded stays valid); finish() waits for it.
        Nothing to do once finished."""
        if self._state == "new":
            raise N.Error("capture %s: stop() before start()" % self.name)
        if self._state == "running":
            N.lib.ps_capture_request_stop(self._cap)

    def finish(self, raise_error=True):
        """Ends the capture: stops it if it is still running (what is recorded stays valid),
        waits for its threads, writes the final meta, closes the device, sets .stats and
        returns the Recording. Raises Error with the session's first failure when raise_error
        (again on a second call, which returns the same Recording)."""
        if self._state == "new":
            raise N.Error("capture %s: finish() before start()" % self.name)
        if self._state == "running":
            s, err = N.CaptureStats(), N.ErrorT()
            st = N.lib.ps_capture_finish(self._cap, ctypes.byref(s), ctypes.byref(err))
            N.lib.ps_capture_destroy(self._cap)
            N.lib.ps_device_close(self._dev)
            self._cap, self._dev = ctypes.c_void_p(), ctypes.c_void_p()
            self._state = "finished"
            self.stats = _stats_dict(s)
            try:
                N.check(st, err)
            except N.Error as e:
                self._error = e
            if os.path.exists(self.name + ".sigmf-meta"):
                self.recording = Recording(self.name)
        if raise_error and self._error is not None:
            raise self._error
        return self.recording

    def _columns(self):
        p = self.params
        if p.unit[0].value:  # a logger: inputs 1…16, 4-byte values span two columns
            idx = [p.channel_index[k] for k in range(p.n_enabled)]
            return ([str(c + 1) for c in idx], np.array(p.unit_scale[:p.n_enabled]),
                    np.array(p.unit_offset[:p.n_enabled]))
        per = p.n_columns // max(p.n_enabled, 1)
        names, scale, offset = [], [], []
        for k in range(p.n_columns):
            c = p.channel_index[k // per]
            ch = self._cfg.device.channel[c]
            names.append(chr(65 + c) + ("" if per == 1 else ("_min" if k % 2 else "_max")))
            adc = p.adc_max // 256 if p.data_8bit else p.adc_max
            scale.append(ch.range_v / adc)
            offset.append(-ch.analog_offset_v)
        return names, np.array(scale), np.array(offset)

    def _new_data(self, written):
        """Volts of samples [self._read, written) already on disk, every step-th."""
        names, scale, offset = self._columns()
        dtype = (np.int8 if self.params.data_8bit
                 else [np.dtype("<i2"), np.dtype("<i4"), np.dtype("<f4")][self.params.format])
        ncol = len(names)
        step = max(1, int(round(self.params.rate_hz / self.live_rate)))
        first = -(-self._read // step) * step  # the next multiple of step: a steady grid
        data = np.zeros((0, ncol))
        path = self.name + ".sigmf-data"
        if written > first and os.path.exists(path):
            n_file = os.path.getsize(path) // (ncol * np.dtype(dtype).itemsize)
            end = min(written, n_file)
            if end > first:
                mm = np.memmap(path, dtype=dtype, mode="r", shape=(n_file, ncol))
                data = mm[first:end:step].astype(np.float64) * scale + offset
                del mm
        block = Block(first, step, self.params.rate_hz / step,
                      {n: data[:, k] for k, n in enumerate(names)}, None)
        self._read = max(self._read, written)
        return block

    def __iter__(self):
        if self._state == "finished":
            raise N.Error("capture %s: iterated after finish()" % self.name)
        if self._state == "new":
            self.start()
        try:
            while True:
                finished = self.done
                st = self.get_stats()
                block = self._new_data(st["written"])
                block.stats = st
                yield block
                if finished:
                    break
                time.sleep(self.interval)
        except KeyboardInterrupt:  # Ctrl-C: stop cleanly, the recording stays valid
            self.stop()
            raise


def capture(name, device="sim", channels=None, rate=None, duration=None, samples=None, **options):
    """Records NAME and returns its Recording once the capture ended (duration or samples
    reached, trigger's post count, or Ctrl-C: the recording is complete up to then)."""
    cap = Capture(name, device, channels, rate, duration, samples, **options)
    cap.start()
    try:
        while not cap.done:
            time.sleep(0.05)
    except KeyboardInterrupt:
        cap.stop()
        cap.finish(raise_error=False)
        raise
    return cap.finish()


def devices():
    """The families this library drives: [(kind, series), …]."""
    out = []
    product = ctypes.c_char_p()
    i = 0
    while True:
        kind = N.lib.ps_device_family(i, ctypes.byref(product))
        if not kind:
            return out
        out.append((kind.decode(), product.value.decode()))
        i += 1
