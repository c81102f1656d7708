# Several scopes, one time base: a recording set of two and of three simulated devices of
# different families, each with its own clock offset and drift; every recording bit-exact, the
# collection's hashes right, the measured offset within one sample and the drift within 1 ppm
# of the simulators' truth, xcorr across devices finds the injected delay, and a device
# unplugged mid-run leaves the others recording and the set readable.
source "$(dirname "$0")/lib.sh"

RATE=625000 # on every family's timebase grid: the reference is compared at one rate
REF="ref(0.5,2u)"

meta() { # meta NAME EXPR: an expression over the parsed meta m, global g
    $PY -c "import json,sys; m=json.load(open(sys.argv[1]+'.sigmf-meta')); g=m['global']; print($2)" "$1"
}

# truth DEV_A DEV_B SET: the simulators' own clocks, as their metas record them
truth() {
    $PY - "$3-$1" "$3-$2" <<'PY'
import json, sys
def clock(name):
    spec = json.load(open(name + ".sigmf-meta"))["global"]["picostream:sim"]["spec"]
    off, ppm = [p for p in spec.split(";") if p.startswith("clock=")][0][6:].split(",")
    return float(off), float(ppm)
(oa, pa), (ob, pb) = clock(sys.argv[1]), clock(sys.argv[2])
print(ob - oa, pb - pa)
PY
}

# check_align SET DEV_B DEV_A: the collection's measurement against the truth
check_align() {
    $PY - "$1" "$2" "$3" $(truth "$3" "$2" "$1") <<'PY' || fail "alignment of $1 device $2"
import json, sys
name, b, a, off, ppm = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
dev = json.load(open(name + ".sigmf-collection"))["collection"]["picostream:devices"]
mb, ma = dev[b - 1], dev[a - 1]
got_off, got_ppm = mb["offset_s"] - ma["offset_s"], mb["drift_ppm"] - ma["drift_ppm"]
rate = 625000
print("offset %.9f s (truth %.9f, %.3f samples off), drift %.4f ppm (truth %.4f)"
      % (got_off, off, (got_off - off) * rate, got_ppm, ppm))
assert mb["measured"] is True
assert abs(got_off - off) * rate < 1.0, "offset more than a sample off"
assert abs(got_ppm - ppm) < 1.0, "drift more than 1 ppm off"
assert mb["offset_uncertainty_s"] > 0 and mb["drift_uncertainty_ppm"] > 0
PY
}

# --- two devices: a 5000D and a 6000E, the 6000E's clock 1.2345 ms late and 3 ppm slow; its A
# carries the reference 37 µs later than the 5000D's D
run 0 "$PS" capture -d sim:ps5000a -d sim:ps6000a -c 1:A:2V -c 1:D:2V -c 2:A:2V -c 2:H:2V \
    --rate $RATE --duration 2s -o pair --quiet --sim "1:D=$REF" \
    --sim "2:clock=1.2345ms,3;H=$REF;A=ref(0.5,2u,37u)" --align-on 1:D,2:H
grep -q "^device 2 against device 1: offset " out.txt || fail "no alignment printed: $(cat out.txt)"
for k in 1 2; do
    run 0 "$PS" verify pair-$k
    expect_out_has "pair-$k: 1250000 samples × 2 channels match the simulator bit for bit"
done
check_align pair 2 1
# the collection: SigMF streams with each meta's SHA-512, and the devices
$PY - <<'PY' || fail "collection"
import hashlib, json
c = json.load(open("pair.sigmf-collection"))["collection"]
assert c["core:version"] == "1.2.0"
for s in c["core:streams"]:
    assert s["hash"] == hashlib.sha512(open(s["name"] + ".sigmf-meta", "rb").read()).hexdigest(), s
d = c["picostream:devices"]
assert [x["device"].split()[0] for x in d] == ["sim:ps5000a", "sim:ps6000a"], d
assert d[0]["offset_s"] == 0 and c["picostream:align_on"] == "1:D,2:H"
PY
# named the other way round, device 1 stays the time line; a channel without the reference
# (device 1's A: a sine) matches nowhere and is refused, the collection untouched
run 0 "$PS" align pair --on 2:H,1:D
check_align pair 2 1
cp pair.sigmf-collection before.json
run 2 "$PS" align pair --on 1:A,2:H
grep -q "^picostream align: align: the reference channels A and H never line up within" err.txt ||
    fail "a non-reference was not refused: $(cat err.txt)"
cmp -s before.json pair.sigmf-collection || fail "a refused alignment changed the collection"
# a member's meta moved on (as after a killed capture): the set refuses it wherever it is
# opened, and --rehash brings the hashes up to date
printf '\n' >> pair-1.sigmf-meta
for cmd in "align pair" "xcorr pair --a 1:D --b 2:A --max-lag 100"; do
    run 1 "$PS" $cmd
    expect_err "picostream ${cmd%% *}: pair.sigmf-collection: device 1's recording pair-1 is not the one the set recorded (changed, swapped or unreadable since); if that is intended, re-hash the set (the align command's --rehash)"
done
run 0 "$PS" align pair --rehash
cp pair-2.sigmf-meta swap.meta && cp pair-1.sigmf-meta pair-2.sigmf-meta
run 1 "$PS" align pair
grep -q "device 2's recording pair-2 is not the one the set recorded" err.txt || fail "a swapped member"
cp swap.meta pair-2.sigmf-meta
$PY -c "
import hashlib, json
s = json.load(open('pair.sigmf-collection'))['collection']['core:streams'][0]
assert s['hash'] == hashlib.sha512(open('pair-1.sigmf-meta', 'rb').read()).hexdigest()" ||
    fail "--rehash"
# xcorr across the devices, on device 1's time line: the 37 µs delay (23.1 samples)
run 0 "$PS" xcorr pair --a 1:D --b 2:A --max-lag 100
expect_out_has "maximum at lag -23 samples"
run 0 "$PS" align pair
expect_out_has "2,pair-2,sim:ps6000a 6824E SIM6000,"

# --- three devices of three families; the third measured afterwards with `align --on`
run 0 "$PS" capture -d sim:ps5000a -d sim:ps6000a -d sim:ps4000a -c 1:D:2V -c 2:H:2V -c 3:B:2V \
    --rate $RATE --duration 2s -o trio --quiet --sim "1:D=$REF" \
    --sim "2:clock=-0.8ms,-2;H=$REF" --sim "3:clock=2.5ms,7.5;B=$REF" --align-on 1:D,2:H
run 0 "$PS" align trio --on 1:D,3:B
for k in 1 2 3; do run 0 "$PS" verify trio-$k; done
check_align trio 2 1
check_align trio 3 1

# --- two units of one family: the 5000D simulator with two attached (units=2), each its own
# serial and clock; their calls into the one library take turns
PICOSTREAM_SIM=units=2 run 0 "$PS" devices
grep -q "^sim:ps5000a .*2 units: SIM0001,SIM0001-2$" out.txt || fail "EnumerateUnits: $(head -3 out.txt)"
run 0 "$PS" capture -d sim:ps5000a -d sim:ps5000a -c 1:D:2V -c 2:D:2V -c 2:A:1V --rate $RATE \
    --duration 2s -o twin --quiet --sim units=2 --sim "1:D=$REF" \
    --sim "2:clock=0.5ms,-4;D=$REF" --align-on 1:D,2:D
for k in 1 2; do run 0 "$PS" verify twin-$k; done
check_align twin 2 1
$PY - <<'PY' || fail "twin devices"
import json
d = json.load(open("twin.sigmf-collection"))["collection"]["picostream:devices"]
assert [x["device"] for x in d] == ["sim:ps5000a 5444D SIM0001", "sim:ps5000a 5444D SIM0001-2"], d
PY

# --- device 2 unplugged after 300k samples: exit 1, device 1 records to the end, the set reads
run 1 "$PS" capture -d sim:ps5000a -d sim:ps6000a -c 1:A:2V -c 2:A:2V --rate $RATE --duration 1s \
    -o cut --quiet --sim "2:unplug=300k"
grep -q "^picostream capture: cut-2: .*: " err.txt || fail "device 2's failure not reported: $(cat err.txt)"
[ "$(meta cut-1 "g['picostream:samples'], g['picostream:complete'], g['picostream:stop_reason']")" = \
  "625000 True sample count reached" ] || fail "device 1 did not record to the end"
run 0 "$PS" verify cut-1
run 0 "$PS" verify cut-2
[ "$(meta cut-2 "g['picostream:complete']")" = True ] || fail "device 2's meta not final"
run 0 "$PS" align cut
expect_out_has "2,cut-2,"

# --- what a set refuses
run 2 "$PS" capture -d sim -d sim:ps6000a -c A:2V -c 2:A:1V --rate 1M --duration 1s -o bad --quiet
expect_err "picostream capture: channel 'A:2V': with 2 devices give DEV:CH…, as in 1:A:2V or 2:B:500mV (devices 1…2)"
run 2 "$PS" capture -d sim -d sim:ps6000a -c 1:A:2V --rate 1M --duration 1s -o bad --quiet
expect_err "picostream capture: device 2 (sim:ps6000a) has no channel: add -c 2:A:2V"
run 2 "$PS" capture -d sim -d sim:ps6000a -c 1:A:2V -c 2:A:2V --rate 1M --duration 1s -o bad \
    --align-on 1:A,3:A --quiet
expect_err "picostream capture: --align-on '1:A,3:A': expected DEV:CH,DEV:CH with devices 1…2, as in 1:D,2:H"
run 2 "$PS" capture -d sim -c A:2V --rate 1M --duration 1s -o bad --align-on 1:A,2:A --quiet
expect_err "picostream capture: --align-on needs several devices (-d)"
[ ! -e bad.sigmf-collection ] && [ ! -e bad-1.sigmf-meta ] || fail "a refused set left files"
# the 6000E rounds 1 MS/s to its timebase, the 5000D does not: no common rate to align at
run 1 "$PS" capture -d sim -d sim:ps6000a -c 1:A:2V -c 2:A:2V --rate 1M --duration 0.2s -o rates \
    --align-on 1:A,2:A --quiet
grep -q "the two must be recorded at one rate" err.txt || fail "rates: $(cat err.txt)"
run 1 "$PS" align nothing
expect_err "picostream align: nothing.sigmf-collection: unable to open nothing.sigmf-collection: No such file or directory"
