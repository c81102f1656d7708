# The simulator as a vendor drop-in: file name, SONAME, every export, and a client written
# like Pico's Python examples finding it with ctypes.util.find_library on LD_LIBRARY_PATH.
source "$(dirname "$0")/lib.sh"
SRC=$HERE/../..
# every callback-style library: the vendor's file name and SONAME, exactly the names Pico's
# Python wrapper binds (ps2000a 56, ps3000a 63, ps4000a 71; the 5000a list is the header's)
for row in "ps2000a 56" "ps3000a 63" "ps4000a 71" "ps5000a 83"; do
    set -- $row
    lib=$SIM_DIR/lib$1.so.2
    [ -L "$SIM_DIR/lib$1.so" ] || fail "no lib$1.so link"
    soname=$(objdump -p "$lib" | awk '/SONAME/{print $2}')
    [ "$soname" = "lib$1.so.2" ] || fail "SONAME is '$soname'"
    nm -D --defined-only "$lib" | awk '$2=="T"{print $3}' | sort > exported.txt
    grep -v "^#" "$SRC/sim/$1.exports" | awk '{print $1}' | sort > wanted.txt
    [ "$(wc -l < wanted.txt)" -ge "$2" ] || fail "$1: export list too short"
    missing=$(comm -23 wanted.txt exported.txt)
    [ -z "$missing" ] || fail "$1: not exported: $missing"
    extra=$(comm -13 wanted.txt exported.txt)
    [ -z "$extra" ] || fail "$1: exported beyond the vendor's names: $extra"
done

# the PicoLog libraries: every function their headers declare (pl1000 17, HRDL 20, usbtc08 24,
# plcm3 9), nothing more, under the vendor's file names and SONAMEs
for row in "pl1000 17" "picohrdl 20" "usbtc08 24" "plcm3 9"; do
    set -- $row
    lib=$SIM_DIR/lib$1.so.2
    [ -L "$SIM_DIR/lib$1.so" ] || fail "no lib$1.so link"
    [ "$(objdump -p "$lib" | awk '/SONAME/{print $2}')" = "lib$1.so.2" ] || fail "$1: SONAME"
    nm -D --defined-only "$lib" | awk '$2=="T"{print $3}' | sort > exported.txt
    grep -v "^#" "$SRC/sim/$1.exports" | awk '{print $1}' | sort > wanted.txt
    [ "$(wc -l < wanted.txt)" -eq "$2" ] || fail "$1: the export list is not the header's $2"
    cmp -s wanted.txt exported.txt || fail "$1: exports differ: $(diff wanted.txt exported.txt)"
done

export LD_LIBRARY_PATH=$SIM_DIR
# found as Pico's wrappers find them, and answering as the headers say
run 0 $PY - <<'PY'
import ctypes, ctypes.util
names = {n: ctypes.util.find_library(n) for n in ("pl1000", "picohrdl", "usbtc08", "plcm3")}
assert all(names.values()), names
hrdl = ctypes.CDLL(names["picohrdl"])
assert hrdl.HRDLOpenUnit() == 1
buf = ctypes.create_string_buffer(16)
assert hrdl.HRDLGetUnitInfo(1, buf, 16, 3) == 2 and buf.value == b"24", buf.value  # VARIANT_INFO
assert hrdl.HRDLSetAnalogInChannel(1, 2, 1, 0, 0) == 0  # an even input cannot lead a pair
assert hrdl.HRDLGetUnitInfo(1, buf, 16, 8) and buf.value == b"3", buf.value  # CHANNEL_NOT_AVAILABLE
assert hrdl.HRDLCloseUnit(1) == 1
tc = ctypes.CDLL(names["usbtc08"])
h = tc.usb_tc08_open_unit()
assert h == 1 and tc.usb_tc08_set_channel(h, 1, ord("Z")) == 0
assert tc.usb_tc08_get_last_error(h) == 3  # USBTC08_ERROR_INVALID_PARAMETER
assert tc.usb_tc08_set_channel(h, 1, ord("K")) == 1 and tc.usb_tc08_get_minimum_interval_ms(h) == 200
assert tc.usb_tc08_close_unit(h) == 1
cm3 = ctypes.CDLL(names["plcm3"])
h = ctypes.c_int16()
assert cm3.PLCM3OpenUnit(ctypes.byref(h), None) == 0 and h.value == 1
v = ctypes.c_int32()
assert cm3.PLCM3GetValue(h, 2, ctypes.byref(v)) == 0 and v.value == 0  # off: reads 0
assert cm3.PLCM3SetChannel(h, 4, 1) == 0x10  # PICO_INVALID_CHANNEL
assert cm3.PLCM3SetChannel(h, 1, 2) == 0
assert cm3.PLCM3GetValue(h, 1, ctypes.byref(v)) == 0x25  # PICO_NO_SAMPLES_AVAILABLE yet
assert cm3.PLCM3CloseUnit(h) == 0
pl = ctypes.CDLL(names["pl1000"])
assert pl.pl1000OpenUnit(ctypes.byref(h)) == 0 and h.value == 1
m = ctypes.c_uint16()
assert pl.pl1000MaxValue(h, ctypes.byref(m)) == 0 and m.value == 4095
us = ctypes.c_uint32(1000)
chans = (ctypes.c_int16 * 1)(17)
assert pl.pl1000SetInterval(h, ctypes.byref(us), 100, chans, 1) == 0x10  # PICO_INVALID_CHANNEL
assert pl.pl1000CloseUnit(h) == 0
PY
run 0 $PY "$HERE/../python/sim_abi_client.py" "$SRC/sim/ps5000a.exports" stream
PICOSTREAM_SIM="power=nopsu" run 0 $PY "$HERE/../python/sim_abi_client.py" "$SRC/sim/ps5000a.exports" power
run 0 $PY "$HERE/../python/sim_abi_client.py" "$SRC/sim/ps5000a.exports" limits

# the CLI acknowledges the USB-power prompt as the vendor's examples do, and says so
PICOSTREAM_SIM="power=usb2" run 0 "$PS" capture -d sim -c A:2V --rate 100k --samples 10k -o usb
grep -q "^picostream capture: note: USB 3 device on a USB 2 port: the unit runs on USB power with at most 2 channels, streaming at USB 2.0 speed (PICO_USB3_0_DEVICE_NON_USB3_0_PORT)$" err.txt || { cat err.txt; fail "usb note"; }
PICOSTREAM_SIM="power=nopsu" run 2 "$PS" capture -d sim -c C:2V --rate 100k --samples 10k -o usb2
expect_err "picostream capture: channel C: not on this 5444D (channels A…B)"

# a trigger keeps --pre samples before it and --post after, then stops (autoStop)
run 0 "$PS" capture -d sim -c A:2V -c B:1V --trigger B:rising:0V --pre 1k --post 100k \
    --rate 1M --duration 10s -o trig --quiet
run 0 "$PS" verify trig
$PY - <<'PY' || fail "trigger position"
import json, numpy as np
m = json.load(open("trig.sigmf-meta"))
g = m["global"]
assert g["picostream:trigger_sample"] == 1000, g["picostream:trigger_sample"]
assert g["picostream:stop_reason"] == "triggered capture complete", g["picostream:stop_reason"]
raw = np.memmap("trig.sigmf-data", dtype="<i2", mode="r").reshape(-1, 2)
assert raw.shape[0] == 101000, raw.shape
b = raw[:, 1]
assert b[999] < 0 <= b[1000], (b[999], b[1000])  # the rising crossing of 0 V
assert m["captures"][0]["core:global_index"] == 4000 - 1000  # B rises first at 4 ms
PY
