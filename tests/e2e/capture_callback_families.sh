# The 2000A/B, 3000D and 4000A (4824, 4225, 4425, 4444) simulators through their own callback
# ABI, and driver-side downsampling on every family: captures at each family's typical
# rate with every channel it has verify bit for bit, bad settings are refused with the family's
# own limits, and aggregate's columns bracket the raw signal.
source "$(dirname "$0")/lib.sh"

verify_ok() { # NAME COLUMNS
    run 0 "$PS" verify "$1"
    grep -q "^$1: [0-9]* samples × $2 channels\? match the simulator bit for bit (1 segment, 0 samples lost)$" out.txt ||
        { cat out.txt err.txt; fail "$1 verify"; }
}

# family, model, channels, rate (a typical streaming rate for the family), resolution
while read -r fam model chans rate bits; do
    cs=()
    for c in $(echo ABCDEFGH | cut -c1-"$chans" | grep -o .); do cs+=(-c "$c:2V"); done
    run 0 "$PS" capture -d sim:$fam --sim "model=$model" "${cs[@]}" --rate "$rate" \
        --samples 300k -o "$model" --quiet ${bits:+--resolution $bits}
    verify_ok "$model" "$chans"
    run 0 "$PS" info "$model"
    expect_out_has "hardware   PicoScope $model (picostream simulator)"
    expect_out_has "resolution ${bits:-8}-bit"
done <<'ROWS'
ps2000a 2206B 2 1M
ps2000a 2408B 4 5M
ps3000a 3406D 4 10M
ps3000a 3206D 2 20M
ps4000a 4824 8 10M 12
ps4000a 4425 4 10M 12
ps4000a 4444 4 10M 14
ROWS

# the 4444's 14-bit codes: multiples of 4 on the 16-bit scale; the 2000's 8-bit ones of 256
$PY - <<'PY' || fail "code steps"
import numpy as np
assert (np.fromfile("4444.sigmf-data", "<i2") % 4 == 0).all()
assert (np.fromfile("2206B.sigmf-data", "<i2") % 256 == 0).all()
PY

# each family's own limits in the refusal
run 2 "$PS" capture -d sim:ps2000a -c A:10mV --rate 1M --samples 10 -o x
expect_err "picostream capture: channel A: range 10mV not available on the 2206B (20mV…20V)"
run 2 "$PS" capture -d sim:ps4000a -c A:200V --rate 1M --samples 10 -o x
expect_err "picostream capture: channel A: range 200V not available on the 4824 (10mV…50V)"
run 2 "$PS" capture -d sim:ps4000a --sim model=4225 -c A:10mV --rate 1M --samples 10 -o x
expect_err "picostream capture: channel A: range 10mV not available on the 4225 (50mV…200V)"
run 2 "$PS" capture -d sim:ps2000a -c C:1V --rate 1M --samples 10 -o x
expect_err "picostream capture: channel C: not on this 2206B (channels A…B)"
run 2 "$PS" capture -d sim:ps2000a -c A:1V --resolution 12 --rate 1M --samples 10 -o x
expect_err "picostream capture: resolution 12-bit not available on the 2206B (8-bit)"
run 2 "$PS" capture -d sim:ps4000a --sim model=4444 -c A:1V --resolution 16 --rate 1M --samples 10 -o x
expect_err "picostream capture: resolution 16-bit not available on the 4444 (12, 14-bit)"
run 2 "$PS" capture -d sim:ps2000a -c A:1V -c B:1V --rate 20M --samples 10 -o x
expect_err "picostream capture: rate 20000000 S/s on 2 channels at 8-bit is more than the 2206B can stream (ps2000aRunStreaming returned PICO_INVALID_SAMPLE_INTERVAL; it streams at most 31.25 MS/s over all channels)"
PICOSTREAM_SIM="power=usb2" run 2 "$PS" capture -d sim:ps3000a -c A:1V -c B:1V --rate 20M --samples 10 -o x
expect_err "picostream capture: rate 20000000 S/s on 2 channels at 8-bit is more than the 3406D can stream (ps3000aRunStreaming returned PICO_INVALID_SAMPLE_INTERVAL; it streams at most 31.25 MS/s over all channels on a USB 2.0 port)"
run 2 "$PS" capture -d sim:ps4000a --sim model=4444 -c A:1V -c B:1V --resolution 14 --rate 40M --samples 10 -o x
expect_err "picostream capture: rate 40000000 S/s on 2 channels at 14-bit is more than the 4444 can stream (ps4000aRunStreaming returned PICO_INVALID_SAMPLE_INTERVAL; it streams at most 50 MS/s over all channels)"
run 2 "$PS" capture -d sim:ps2000a --sim model=4444 -c A:1V --rate 1M --samples 10 -o x
expect_err "picostream capture: simulator config: model 4444 is not a libps2000a unit (2206B, 2207B, 2208B, 2405A, 2406B, 2407B, 2408B)"
run 2 "$PS" capture -d sim:ps2000a --sim power=nopsu -c A:1V --rate 1M --samples 10 -o x
expect_err "picostream capture: simulator config: power=nopsu, but the 2206B has no power handshake (libps2000a has no ChangePowerSource)"
run 2 "$PS" capture -d sim:ps2000a -c A:1V --rate 1M --samples 10 --downsample 1:average -o x
expect_err "picostream capture: --downsample '1:average': expected N:decimate, N:average or N:aggregate with N raw samples per value (2…1048576), +raw to keep the raw samples too"
[ ! -e x.sigmf-meta ] || fail "a refused capture left a recording"

# driver-side downsampling: every mode on every family verifies bit for bit (the info-struct
# families' too, 8-bit data as ri8 except averages); the meta says which, at the reduced rate
for fam in ps2000a ps3000a ps4000a ps5000a ps6000a psospa; do
    for mode in decimate average aggregate; do
        run 0 "$PS" capture -d sim:$fam -c A:2V -c B:1V --rate 1M --downsample 8:$mode \
            --samples 50k -o ds_${fam}_$mode --quiet
        cols=2; [ $mode = aggregate ] && cols=4
        verify_ok ds_${fam}_$mode $cols
    done
done
# a slow host: the driver's buffer overflows mid-block; the partial block is part of the gap,
# values resume on whole blocks and still verify at their exact device indices
for fam in ps3000a ps6000a; do
    PICOSTREAM_SIM="fifo=200k" run 0 "$PS" capture -d sim:$fam -c A:2V -c B:1V --rate 1M \
        --downsample 7:aggregate --samples 300k -o ds_slow_$fam --quiet --test-poll-delay 300ms
    run 0 "$PS" verify ds_slow_$fam
    grep -q "match the simulator bit for bit ([2-9] segments, [1-9][0-9]* samples lost" out.txt ||
        { cat out.txt; fail "$fam: downsampled slow host"; }
done
# the info-struct API's channels reporting different counts: realigned in both columns
PICOSTREAM_SIM="skew=7000" run 0 "$PS" capture -d sim:ps6000a -c A:2V -c B:1V -c C:1V \
    --rate 5M --downsample 3:aggregate --samples 500k -o ds_skew --quiet
verify_ok ds_skew 6
# raw samples beside a reduced stream (the info-struct families stream RAW | one reduction):
# NAME holds the reduction, NAME-raw the raw samples; both verify, through stalls and skew too,
# and the reduction is exactly that of the raw companion's samples
for fam in ps6000a psospa; do
    run 0 "$PS" capture -d sim:$fam -c A:2V -c B:1V --rate 2M --downsample 16:aggregate+raw \
        --samples 40k -o kr_$fam --quiet
    expect_err "picostream capture: kr_$fam-raw: 640000 raw samples × 2 channels, 0 lost in 0 gaps, 1.3 MB"
    verify_ok kr_$fam 4
    verify_ok kr_$fam-raw 2
    PICOSTREAM_SIM="fifo=200k" run 0 "$PS" capture -d sim:$fam -c A:2V -c B:1V --rate 1M \
        --downsample 7:average+raw --samples 300k -o kr_slow_$fam --quiet --test-poll-delay 300ms
    for r in kr_slow_$fam kr_slow_$fam-raw; do
        run 0 "$PS" verify $r
        grep -q "match the simulator bit for bit ([2-9] segments, [1-9][0-9]* samples lost" out.txt ||
            { cat out.txt; fail "$r: raw beside a reduction, slow host"; }
    done
done
# five channels (ten buffer entries a poll) and the largest ratio (raw buffers of whole blocks)
run 0 "$PS" capture -d sim:ps6000a -c A:2V -c B:1V -c C:1V -c D:1V -c E:1V --rate 5M \
    --downsample 4:average+raw --samples 100k -o kr_five --quiet
verify_ok kr_five 5
verify_ok kr_five-raw 5
run 0 "$PS" capture -d sim:psospa -c A:2V --rate 20M --downsample 1048576:decimate+raw \
    --samples 5 -o kr_huge --quiet
verify_ok kr_huge 1
verify_ok kr_huge-raw 1
PICOSTREAM_SIM="skew=7000" run 0 "$PS" capture -d sim:ps6000a -c A:2V -c B:1V -c C:1V \
    --rate 5M --downsample 3:decimate+raw --samples 500k -o kr_skew --quiet
verify_ok kr_skew 3
verify_ok kr_skew-raw 3
$PY - <<'PY' || fail "raw beside aggregate"
import json
import numpy as np
raw = np.fromfile("kr_ps6000a-raw.sigmf-data", "i1").reshape(-1, 2)
agg = np.fromfile("kr_ps6000a.sigmf-data", "i1").reshape(-1, 4)
assert raw.shape[0] == 16 * agg.shape[0] == 640000, (raw.shape, agg.shape)
blocks = raw.reshape(-1, 16, 2)
assert (agg[:, 0] == blocks[:, :, 0].max(1)).all() and (agg[:, 3] == blocks[:, :, 1].min(1)).all()
g = json.load(open("kr_ps6000a-raw.sigmf-meta"))["global"]
r = json.load(open("kr_ps6000a.sigmf-meta"))["global"]
assert "picostream:downsample" not in g and r["picostream:downsample"]["ratio"] == 16, g
assert abs(g["core:sample_rate"] / r["core:sample_rate"] - 16) < 1e-9, (g, r)
PY
run 2 "$PS" capture -d sim:ps5000a -c A:2V --rate 1M --downsample 4:decimate+raw --samples 1k -o x
expect_err "picostream capture: the 5000D streams one ratio mode at a time (ps5000aRunStreaming takes one): raw samples beside a reduced stream need a 6000E or 3000E"
run 2 "$PS" capture -d sim:ps6000a -c A:2V --rate 1M --downsample 4:decimate+raw \
    --trigger A:rising:0.5V --samples 1k -o x
expect_err "picostream capture: a trigger with raw samples beside a reduced stream is not built: record the reduced stream alone, or raw alone"
touch x-raw.sigmf-meta
run 2 "$PS" capture -d sim:ps6000a -c A:2V --rate 1M --downsample 4:decimate+raw --samples 1k -o x
expect_err "picostream capture: x-raw.sigmf-meta already exists (pass --overwrite to replace it)"
[ ! -e x.sigmf-meta ] && [ ! -e x.sigmf-data ] && [ ! -s x-raw.sigmf-meta ] ||
    fail "a refused capture left files"
# the 4444's PicoConnect inputs: the driver's probe report goes into the meta, an input without
# a probe is refused naming what the driver reported, a probe pulled mid-run ends the capture
# with what arrived before it on disk, verifiable, and the reason in the meta
run 0 "$PS" capture -d sim:ps4000a --sim "model=4444;probes=bnc,differential,none,bnc" \
    -c A:1V -c B:2V -c D:50mV --rate 1M --samples 100k -o probes --quiet
verify_ok probes 3
run 0 "$PS" info probes
expect_out_has "channels   A ±1V DC via D9-BNC, B ±2V DC via differential, D ±50mV DC via D9-BNC"
run 2 "$PS" capture -d sim:ps4000a --sim "model=4444;probes=bnc,differential,none,bnc" \
    -c A:1V -c C:1V --rate 1M --samples 100k -o x
expect_err "picostream capture: channel C: no probe connected to the 4444's input (the driver reports A D9-BNC, B differential, C none, D D9-BNC)"
run 2 "$PS" capture -d sim:ps4000a --sim "model=4824;probes=bnc" -c A:1V --rate 1M --samples 1k -o x
expect_err "picostream capture: simulator config: probes= is for PicoConnect inputs (the 4444), not the 4824"
run 1 "$PS" capture -d sim:ps4000a --sim "model=4444;unprobe=B,300k" -c A:1V -c B:1V --rate 1M \
    --samples 1M -o unprobed --quiet
expect_err "picostream capture: the probe on channel B of the 4444 was disconnected (the driver's PicoConnect report)"
verify_ok unprobed 2
run 0 "$PS" info unprobed
expect_out_has "status     complete (device error: the probe on channel B of the 4444 was disconnected (the driver's PicoConnect report))"
$PY - <<'PY' || fail "downsample meta"
import json
g = json.load(open("ds_ps4000a_aggregate.sigmf-meta"))["global"]
assert g["picostream:downsample"] == {"mode": "aggregate", "ratio": 8}, g["picostream:downsample"]
assert g["core:sample_rate"] == 125000, g["core:sample_rate"]
assert [c["name"] for c in g["picostream:channels"]] == ["A_max", "A_min", "B_max", "B_min"]
PY
run 0 "$PS" info ds_ps2000a_average
expect_out_has "downsample average of 8 raw samples per value (by the driver)"

# aggregate's columns bracket the raw signal: a raw capture at the same rate is the same
# (seed, channel, index) function, so value j is the max and min of raw samples 8j…8j+7
run 0 "$PS" capture -d sim:ps3000a -c A:2V -c B:1V --rate 1M --samples 400k -o raw --quiet
$PY - <<'PY' || fail "aggregate brackets raw"
import numpy as np
raw = np.fromfile("raw.sigmf-data", "<i2").reshape(-1, 2)[:400000]
agg = np.fromfile("ds_ps3000a_aggregate.sigmf-data", "<i2").reshape(-1, 4)
blocks = raw.reshape(-1, 8, 2)[: len(agg)]
assert (agg[:, 0] == blocks[:, :, 0].max(1)).all() and (agg[:, 1] == blocks[:, :, 0].min(1)).all()
assert (agg[:, 2] == blocks[:, :, 1].max(1)).all() and (agg[:, 3] == blocks[:, :, 1].min(1)).all()
dec = np.fromfile("ds_ps3000a_decimate.sigmf-data", "<i2").reshape(-1, 2)
assert (dec == raw[::8][: len(dec)]).all()
avg = np.fromfile("ds_ps3000a_average.sigmf-data", "<i2").reshape(-1, 2)
mean = blocks.astype(np.int64).sum(1)
want = np.sign(mean) * ((np.abs(mean) * 2 + 8) // 16)
assert (avg == want[: len(avg)]).all()
PY
true
