"""A client written as Pico's own Python examples are: find libps5000a by name with
ctypes.util.find_library, bind every function the public wrapper binds at import, then stream
with autoStop exactly as ps5000aStreamingExample.py does. Checks statuses, sample counts, the
interval write-back, the power-source prompt and the channel limits."""
import ctypes
import ctypes.util
import os
import sys

PICO_OK = 0
names = [l.split()[0] for l in open(sys.argv[1]) if l.strip() and not l.startswith("#")]
path = ctypes.util.find_library("ps5000a")
assert path is not None, "find_library('ps5000a') found nothing on LD_LIBRARY_PATH"
lib = ctypes.CDLL(path)
for n in names:
    getattr(lib, n)  # raises AttributeError on a missing export, as the wrapper's import would

Ready = ctypes.CFUNCTYPE(None, ctypes.c_int16, ctypes.c_int32, ctypes.c_uint32, ctypes.c_int16,
                         ctypes.c_uint32, ctypes.c_int16, ctypes.c_int16, ctypes.c_void_p)


def open_unit(res=1):
    h = ctypes.c_int16()
    st = lib.ps5000aOpenUnit(ctypes.byref(h), None, res)
    return h, st


mode = sys.argv[2]
if mode == "stream":
    h, st = open_unit(1)  # 12-bit, as the example
    assert st == PICO_OK and h.value > 0, (st, h.value)
    for ch in (0, 1):
        assert lib.ps5000aSetChannel(h, ch, 1, 1, 7, ctypes.c_float(0.0)) == PICO_OK
    size = 500
    bufs = [(ctypes.c_int16 * size)() for _ in range(2)]
    for ch in (0, 1):
        assert lib.ps5000aSetDataBuffers(h, ch, ctypes.byref(bufs[ch]), None, size, 0, 0) == 0
    interval = ctypes.c_uint32(250)
    st = lib.ps5000aRunStreaming(h, ctypes.byref(interval), 3, 0, 5000, 1, 1, 0, size)
    assert st == PICO_OK, st
    assert interval.value == 250, interval.value  # 250 us is on the 16 ns grid
    got = {"n": 0, "auto": False, "starts": []}

    def on_ready(handle, n, start, overflow, trig_at, triggered, auto_stop, param):
        got["n"] += n
        got["starts"].append((start, n))
        assert start + n <= size  # a region never straddles the buffer's end
        if auto_stop:
            got["auto"] = True

    cb = Ready(on_ready)
    import time
    while got["n"] < 5000 and not got["auto"]:
        st = lib.ps5000aGetStreamingLatestValues(h, cb, None)
        assert st in (0, 39), st  # PICO_OK or PICO_BUSY
        time.sleep(0.01)
    assert got["n"] == 5000 and got["auto"], got["n"]
    n = ctypes.c_uint32()
    assert lib.ps5000aStop(h) == 0
    assert lib.ps5000aNoOfStreamingValues(h, ctypes.byref(n)) == 0 and n.value == 5000
    mx = ctypes.c_int16()
    assert lib.ps5000aMaximumValue(h, ctypes.byref(mx)) == 0 and mx.value == 32767
    # calling the driver from inside the callback is refused, as the vendor's driver does
    inner = []
    h2 = h
    def nested(handle, n, *rest):
        inner.append(lib.ps5000aPingUnit(h2))
    assert lib.ps5000aCloseUnit(h) == 0
    print("stream ok", len(got["starts"]), "callbacks")
elif mode == "power":  # PICOSTREAM_SIM=power=nopsu
    h, st = open_unit(0)
    assert st == 282, st  # PICO_POWER_SUPPLY_NOT_CONNECTED
    assert lib.ps5000aSetChannel(h, 0, 1, 1, 7, ctypes.c_float(0)) == 282  # until acknowledged
    assert lib.ps5000aChangePowerSource(h, 282) == PICO_OK
    assert lib.ps5000aSetChannel(h, 0, 1, 1, 7, ctypes.c_float(0)) == PICO_OK
    assert lib.ps5000aSetChannel(h, 2, 1, 1, 7, ctypes.c_float(0)) == 290  # USB powered
    assert lib.ps5000aCloseUnit(h) == 0
    print("power ok")
elif mode == "limits":
    h, st = open_unit(0)
    assert st == 0
    for ch in range(4):
        assert lib.ps5000aSetChannel(h, ch, 0, 1, 7, ctypes.c_float(0)) == 0
    assert lib.ps5000aSetChannel(h, 0, 1, 1, 11, ctypes.c_float(0)) == 15  # no 50 V range
    assert lib.ps5000aSetChannel(h, 0, 1, 1, 7, ctypes.c_float(0)) == 0
    assert lib.ps5000aSetChannel(h, 1, 1, 1, 7, ctypes.c_float(0)) == 0
    assert lib.ps5000aSetDeviceResolution(h, 4) == 289  # 16-bit: one channel only
    assert lib.ps5000aSetDeviceResolution(h, 3) == 0    # 15-bit: two
    assert lib.ps5000aSetChannel(h, 2, 1, 1, 7, ctypes.c_float(0)) == 289
    tb = ctypes.c_float()
    maxs = ctypes.c_int32()
    assert lib.ps5000aGetTimebase2(h, 4, 1000, ctypes.byref(tb), ctypes.byref(maxs), 0) == 0
    assert abs(tb.value - 16.0) < 1e-6, tb.value  # 15-bit timebase 4: (4-2)/125 MHz
    assert lib.ps5000aRunBlock(h, 0, 100, 4, None, 0, None, None) == 0x11F  # not simulated
    res = ctypes.c_int32()
    assert lib.ps5000aGetDeviceResolution(h, ctypes.byref(res)) == 0 and res.value == 3
    assert lib.ps5000aCloseUnit(h) == 0
    assert lib.ps5000aPingUnit(h) == 12  # PICO_INVALID_HANDLE after close
    print("limits ok")
