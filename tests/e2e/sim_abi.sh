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

export LD_LIBRARY_PATH=$SIM_DIR
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
