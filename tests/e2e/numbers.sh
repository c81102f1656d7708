# Numbers a user types: out of range, not finite or not exact is refused with the option's name
# and its limit, exit 2 — never clamped, wrapped or ignored; every usage error prints a message.
source "$(dirname "$0")/lib.sh"

run 0 "$PS" capture -d sim -c A:2V -c B:1V --rate 100k --samples 20k -o rec --quiet
sum=$(md5sum rec.sigmf-data rec.sigmf-meta)
bad() { # bad "expected message" command…
    local want=$1; shift
    run 2 "$PS" "$@"
    expect_err "$want"
}
bad "picostream stats: --from '1e20': too large to be exact (write it in digits)" stats rec --from 1e20
bad "picostream stats: --from '20000': out of range (0…19999)" stats rec --from 20000
bad "picostream stats: --to '18446744073709551616': too large (at most 18446744073709551615)" \
    stats rec --to 18446744073709551616
bad "picostream stats: --from '1h': out of range (0…0.19999 s)" stats rec --from 1h
bad "picostream stats: --from '0x10': not a whole number (e.g. 1000, 10k, 1M)" stats rec --from 0x10
bad "picostream stats: --from '': not a whole number (e.g. 1000, 10k, 1M)" stats rec --from ''
bad "picostream stats: --window '0': out of range (1…20000 samples)" stats rec --window 0
bad "picostream stats: --window 'nan': a number of samples (1000, 10k) or a time (10ms, 1h5m)" \
    stats rec --window nan
bad "picostream psd: --nperseg '1e30': too large to be exact (write it in digits)" psd rec --nperseg 1e30
bad "picostream psd: --noverlap '256': out of range (0…255 samples)" psd rec --noverlap 256
bad "picostream xcorr: --max-lag '99999999999999999999': too large (at most 18446744073709551615)" \
    xcorr rec --a A --b B --max-lag 99999999999999999999
bad "picostream xcorr: --max-lag '20000': out of range (0…19999 samples)" xcorr rec --a A --b B --max-lag 20000
bad "picostream peaks: --distance 'inf': samples, or a time such as 2ms" peaks rec -c A --distance inf
bad "picostream peaks: --height '2:1': the minimum is above the maximum" peaks rec -c A --height 2:1
bad "picostream peaks: --height '': a minimum or MIN:MAX (volts, such as 0.5 or 500mV)" peaks rec -c A --height ''
bad "picostream peaks: --rel-height '-1': out of range (0…1e+300)" peaks rec -c A --rel-height -1
bad "picostream events: --above '1e999' is not a voltage (1.5, 500mV)" events rec -c A --above 1e999
bad "picostream events: --hysteresis '-1': out of range (0…1e+06 V)" events rec -c A --above 1 --hysteresis -1
bad "picostream resample: --up '1e6': out of range (1…100000)" resample rec -o r --up 1e6 --down 1
bad "picostream resample: give --rate or --up/--down, not both" resample rec -o r --up 2 --down 1 --rate 10k
bad "picostream plot: --width '1e9': out of range (200…20000)" plot rec -o p.png --width 1e9
bad "picostream filter: --order '33': out of range (1…32)" filter rec -o f --order 33 --lowpass 1k
bad "picostream filter: band edge 1e-300 Hz is too close to 0 or to the Nyquist frequency 50000 Hz for an order-4 filter in double precision" \
    filter rec -o f --lowpass 1e-300
bad "picostream stats: -c ',': an empty channel name (A, A,B)" stats rec -c ,
bad "picostream capture: --samples '1e300': too large to be exact (write it in digits)" \
    capture -d sim -c A:2V --rate 1M --samples 1e300 -o c
bad "picostream capture: --duration '1e12s': out of range (1e-09…1e+09 s)" \
    capture -d sim -c A:2V --rate 1M --duration 1e12s -o c
bad "picostream capture: --rate '1e20': out of range (0.001…1e+10 S/s)" \
    capture -d sim -c A:2V --rate 1e20 --duration 1s -o c
bad "picostream capture: --ring '5': out of range (1024…1073741824)" \
    capture -d sim -c A:2V --rate 1M --duration 1s --ring 5 -o c
bad "picostream capture: --split '10': out of range (4096…9223372036854775807 bytes)" \
    capture -d sim -c A:2V --rate 1M --duration 1s --split 10 -o c
bad "picostream capture: --pre '1e12': out of range (0…268435456)" \
    capture -d sim -c A:2V --rate 1M --duration 1s --trigger A:rising:0V --pre 1e12 -o c
bad "picostream capture: recording name 'dir/' has no file name" \
    capture -d sim -c A:2V --rate 1M --duration 1s -o dir/
# every usage error says something
bad "picostream stats: unknown option '--bogus' (picostream stats --help)" stats rec --bogus
bad "picostream stats: option --from needs a value (picostream stats --help)" stats rec --from
bad "picostream stats: unknown option '-z' (picostream stats --help)" stats rec -z
bad "picostream stats: option -c needs a value (picostream stats --help)" stats rec -c
bad "picostream devices: unexpected argument 'extra'" devices extra
bad "picostream plot: missing -o FILE.png (picostream plot --help)" plot rec
bad "picostream filter: missing -o OUT (picostream filter --help)" filter rec --lowpass 1k
for cmd in devices capture info verify stats filter psd resample envelope xcorr peaks events export plot; do
    "$PS" $cmd --no-such-option >out.txt 2>err.txt
    [ $? -eq 2 ] && [ -s err.txt ] || fail "$cmd: a usage error without a message"
done
[ "$(md5sum rec.sigmf-data rec.sigmf-meta)" = "$sum" ] || fail "the input changed"
# times are device times: a time printed for a gap-crossing recording selects the same sample
$PY - <<'PY'
import json, numpy as np
np.arange(1000, dtype="<f4").tofile("gap.sigmf-data")
json.dump({"global": {"core:datatype": "rf32_le", "core:sample_rate": 1000, "core:num_channels": 1,
                      "core:version": "1.2.0"},
           "captures": [{"core:sample_start": 0, "core:global_index": 0},
                        {"core:sample_start": 500, "core:global_index": 10500}],
           "annotations": []}, open("gap.sigmf-meta", "w"))
PY
run 0 "$PS" export gap -o g.csv --format csv --from 10.6s --to 10.602s
[ "$(sed -n 2p g.csv)" = "10.6,600" ] || { cat g.csv; fail "device time selection"; }
run 0 "$PS" stats gap --from 400 --to 600
run 0 "$PS" filter gap -o gf --lowpass 100 --causal --quiet
$PY - <<'PY' || fail "a derived recording dropped its source's gap"
import json
m = json.load(open("gf.sigmf-meta"))
assert [(c["core:sample_start"], c["core:global_index"]) for c in m["captures"]] == [(0, 0), (500, 10500)], m["captures"]
assert m["global"]["picostream:lost_samples"] == 10000, m["global"]
PY

# untrusted metas: absurd values get a clear error, never a hang; info and verify apply the
# analysis commands' validity rules
foreign() { # foreign NAME KEY JSON_VALUE: rec's meta with one global field replaced
    $PY - "$@" <<'PY'
import json, shutil, sys
name, key, value = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
m = json.load(open("rec.sigmf-meta"))
if key == "captures":
    m["captures"] = value
else:
    m["global"][key] = value
json.dump(m, open(name + ".sigmf-meta", "w"))
shutil.copy("rec.sigmf-data", name + ".sigmf-data")
PY
}
foreign fast core:sample_rate 1e300
for cmd in "info fast" "verify fast" "plot fast -o f.png" "stats fast"; do
    run 1 timeout 20 "$PS" $cmd
    who=${cmd%% *}; [ "$who" = verify ] && who="verify: fast"
    expect_err "picostream $who: fast.sigmf-meta: core:sample_rate missing or out of range (1e-6…1e11 S/s)"
done
foreign neg picostream:samples -5
for cmd in info verify stats; do
    run 1 "$PS" $cmd neg
    who=$cmd; [ $cmd = verify ] && who="verify: neg"
    expect_err "picostream $who: neg.sigmf-meta: picostream:samples must be a whole number ≥ 0"
done
foreign back captures '[{"core:sample_start": 0, "core:global_index": 1000}, {"core:sample_start": 500, "core:global_index": 10}]'
for cmd in info verify psd; do
    run 1 "$PS" $cmd back
    who=$cmd; [ $cmd = verify ] && who="verify: back"
    expect_err "picostream $who: back.sigmf-meta: capture 1: core:global_index 10 goes back in time"
done
cp rec.sigmf-meta torn.sigmf-meta
head -c 79999 rec.sigmf-data > torn.sigmf-data
for cmd in info verify stats; do
    run 1 "$PS" $cmd torn
    who=$cmd; [ $cmd = verify ] && who="verify: torn"
    expect_err "picostream $who: torn.sigmf-data is truncated: 19999 samples per channel, the meta vouches for 20000"
done
# a float recording far from zero with a tiny spread: the plot's ticks are bounded
$PY - <<'PY'
import json, numpy as np
(1e17 + np.arange(4000) % 7).astype("<f8").tofile("far.sigmf-data")
json.dump({"global": {"core:datatype": "rf64_le", "core:sample_rate": 1000, "core:num_channels": 1,
                      "core:version": "1.2.0"}, "captures": [], "annotations": []},
          open("far.sigmf-meta", "w"))
PY
run 0 timeout 20 "$PS" plot far -o far.png
# a duration shorter than one sample interval is refused, not stretched to one interval
run 2 "$PS" capture -d sim -c A:2V --rate 0.001 --duration 1s -o slow --quiet
expect_err "picostream capture: duration 1 s is shorter than one sample interval (1000 s at 0.001 S/s): a longer duration or a higher rate"
! ls slow.* 2>/dev/null || fail "a refused capture left files"
# a filter edge at the Nyquist frequency is refused, as SciPy refuses it
run 0 "$PS" capture -d sim -c A:2V --rate 100k --samples 20k -o nyq --quiet
run 2 "$PS" filter nyq -o nyq_lp --lowpass 50k --quiet
expect_err "picostream filter: band edge 50000 Hz must be between 0 and the Nyquist frequency 50000 Hz"
# a WAV of a float recording with an infinite and a NaN sample: the rest keeps its scale
$PY - <<'PY'
import json, numpy as np
x = np.sin(np.arange(4000) / 10.0)
x[100], x[200] = np.inf, np.nan
x.astype("<f8").tofile("nonfinite.sigmf-data")
json.dump({"global": {"core:datatype": "rf64_le", "core:sample_rate": 1000, "core:num_channels": 1,
                      "core:version": "1.2.0"}, "captures": [], "annotations": []},
          open("nonfinite.sigmf-meta", "w"))
PY
run 0 "$PS" export nonfinite -o nonfinite.wav --format wav
grep -q "1 NaN samples written as 0" err.txt || { cat err.txt; fail "the NaN is not reported"; }
$PY - <<'PY' || fail "the WAV of non-finite samples"
import numpy as np
w = np.fromfile("nonfinite.wav", "<i2", offset=44).astype(float)
x = np.sin(np.arange(4000) / 10.0)
peak = np.max(np.abs(np.delete(x, [100, 200])))
assert w[100] == 32767 and w[200] == 0, (w[100], w[200])
keep = np.ones(4000, bool); keep[[100, 200]] = False
assert np.max(np.abs(w[keep] - np.round(x[keep] * 32767 / peak))) == 0, "the scale changed"
PY
[ "$(md5sum rec.sigmf-data rec.sigmf-meta)" = "$sum" ] || fail "the input changed"
true
