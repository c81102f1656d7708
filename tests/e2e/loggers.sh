# The PicoLog data loggers: every one streams bit-exact from its simulator in its own datatype
# and units; a simulated week rotates day files with continuous global indices and small metas;
# readings the driver lost are exact gaps; an unplugged logger leaves a valid recording; bad
# inputs are refused with the device's limits; analysis works in the inputs' units.
source "$(dirname "$0")/lib.sh"

meta() { # meta NAME PYTHON-EXPR-ON-m: prints the expression over the parsed meta
    $PY -c "import json,sys; m=json.load(open(sys.argv[1]+'.sigmf-meta')); g=m['global']; print($2)" "$1"
}

# --- each logger: bit-exact, its datatype, units, sensor and hardware line
run 0 "$PS" capture -d sim:pl1000 -c 1 -c 2 -c 8 -c 16 --rate 2500 --duration 2s -o pl --quiet
run 0 "$PS" verify pl
expect_out_has "pl: 5000 samples × 4 channels match the simulator bit for bit"
[ "$(meta pl "g['core:datatype'], [c['name'] for c in g['picostream:channels']], g['picostream:channels'][0]['unit'], g['picostream:channels'][0]['adc_min'], g['picostream:channels'][0]['adc_max']")" = \
  "ri16_le ['1', '2', '8', '16'] volts 0 4095" ] || fail "pl1000 meta: $(meta pl "g['picostream:channels']")"
meta pl "g['core:hw']" | grep -q "^PicoLog 1216 (picostream simulator)" || fail "pl1000 hw line"

run 0 "$PS" capture -d sim:picohrdl -c 1:2500mV -c 3:39mV:diff -c 5:313mV --rate 2 --duration 6s \
    --conversion 100ms --mains 60 -o hr --sim "speed=5;3=sine(0.1,0.03)" --quiet
run 0 "$PS" verify hr
expect_out_has "hr: 12 samples × 3 channels match the simulator bit for bit"
[ "$(meta hr "g['core:datatype'], [c.get('sensor', '') for c in g['picostream:channels']], g['picostream:channels'][1]['adc_min']")" = \
  "ri32_le ['', 'diff', ''] -8388608" ] || fail "picohrdl meta: $(meta hr "g['picostream:channels']")"

run 0 "$PS" capture -d sim:usbtc08 -c 1:K -c 4:T --rate 2 --duration 600s -o tc --sim "speed=100" --quiet
run 0 "$PS" verify tc
expect_out_has "tc: 1200 samples × 2 channels match the simulator bit for bit"
[ "$(meta tc "g['core:datatype'], [(c['unit'], c['sensor'], c['range_v']) for c in g['picostream:channels']]")" = \
  "rf32_le [('degC', 'K', 1370.0), ('degC', 'T', 400.0)]" ] || fail "usbtc08 meta: $(meta tc "g['picostream:channels']")"
# all eight inputs measure something by default (5…8 too), each as its type reads it
run 0 "$PS" capture -d sim:usbtc08 -c 1:K -c 2:K -c 3:K -c 4:K -c 5:K -c 6:J -c 7:T -c 8:K --rate 0.5 \
    --duration 20s -o tc8 --sim "speed=100" --quiet
run 0 "$PS" verify tc8
$PY - <<'PY' || fail "TC-08 inputs 5…8"
import numpy as np
x = np.fromfile("tc8.sigmf-data", "<f4").reshape(-1, 8)
assert len(x) == 10 and np.all(np.abs(x[:, 4:]) > 1), x[:, 4:]
assert abs(x[:, 4].mean() - 23) < 1 and abs(x[:, 6].mean() + 18) < 1, x.mean(axis=0)
PY

run 0 "$PS" capture -d sim:plcm3 -c 1:10mV/A -c 3:V --rate 0.5 --duration 60s -o cm --sim "speed=10"
expect_err "picostream capture: note: the CM3 converts continuously: every reading is kept, one set every 1.44 s (0.6944 S/s)"
run 0 "$PS" verify cm
expect_out_has "match the simulator bit for bit (1 segment, 0 samples lost)"
[ "$(meta cm "g['core:datatype'], [(c['unit'], c['scale_v'], c['adc_max']) for c in g['picostream:channels']]")" = \
  "ri32_le [('amps', 0.001, 250000), ('volts', 1e-06, 2500000)]" ] || fail "plcm3 meta"
run 0 "$PS" info cm
expect_out_has "channels   1 ±250 amps (10mV/A), 3 ±2.5 volts (V)"

# --- a simulated week at one set every 100 s, a file a day: 7 parts, continuous global
# indices, each meta a couple of kB, each part exact
run 0 "$PS" capture -d sim:usbtc08 -c 1:K -c 2:J --rate 0.01 --duration 7d --split 1d -o wk \
    --sim "speed=100000" --quiet
expect_err "picostream capture: wk: 6048 samples × 2 channels (168 h 00 min), 0 lost in 0 gaps, 0.0 MB"
[ "$(ls wk-*.sigmf-meta | wc -l)" = 7 ] || fail "a week is not 7 day files: $(ls wk-*)"
for k in 1 2 3 4 5 6 7; do
    f=wk-000$k
    [ "$(meta $f "g['picostream:samples'], [(c['core:sample_start'], c['core:global_index']) for c in m['captures']]")" = \
      "864 [(0, $(( (k - 1) * 864 )))]" ] || fail "$f: $(meta $f "m['captures']")"
    [ "$(stat -c %s $f.sigmf-meta)" -lt 4096 ] || fail "$f: the meta grew to $(stat -c %s $f.sigmf-meta) bytes"
    run 0 "$PS" verify $f
done
meta wk-0002 "m['captures'][0]['core:datetime'][:10], g['picostream:stop_reason']" | grep -q "continues in wk-0003" ||
    fail "wk-0002 does not continue"
[ "$(meta wk-0007 "g['picostream:complete'], g['picostream:stop_reason']")" = "True sample count reached" ] ||
    fail "the last day is not complete"

# --- polled too slowly: the TC-08's driver overwrote readings; their times make exact gaps
run 0 "$PS" capture -d sim:usbtc08 -c 1:K -c 3:T --rate 2 --duration 4000s --sim "speed=1000" \
    --test-poll-delay 0.9 -o lo --quiet
run 0 "$PS" verify lo
lost=$(meta lo "g['picostream:lost_samples']")
[ "$lost" -gt 0 ] && [ "$(meta lo "len(m['captures']) > 1")" = True ] || fail "no gap recorded ($lost lost)"
expect_out_has "samples lost)"
[ "$(meta lo "all(not c.get('picostream:global_index_estimated', False) for c in m['captures'])")" = True ] ||
    fail "the TC-08's gaps should be exact, not estimated"

# --- the PicoLog 1000 cannot say what it overwrote: a full buffer's gap is placed by the clock,
# flagged estimated, and verify finds where each run really resumed
run 0 "$PS" capture -d sim:pl1000 -c 1 -c 2 --rate 1k --duration 6s --driver-buffer 1000 \
    --test-poll-delay 1.6 -o po --quiet
[ "$(meta po "g['picostream:lost_samples'] > 0 and all(c.get('picostream:global_index_estimated', False) for c in m['captures'][1:])")" = True ] ||
    fail "pl1000 overflow: $(meta po "m['captures']")"
run 0 "$PS" verify po
expect_out_has "estimated resume points located)"

# --- unplugged mid-run: exit 1 with the driver's word, what arrived is on disk and exact
run 1 "$PS" capture -d sim:picohrdl -c 1:2500mV --rate 10 --duration 100s --sim "speed=10;unplug=50" -o up --quiet
expect_err "picostream capture: the ADC-20/ADC-24 stopped responding (HRDLGetTimesAndValues returned -1)"
run 0 "$PS" verify up
[ "$(meta up "g['picostream:complete']")" = True ] || fail "unplugged: meta not complete"
run 1 "$PS" capture -d sim:usbtc08 -c 1:K --rate 2 --duration 1000s --sim "speed=20;unplug=20" -o up2 --quiet
expect_err "picostream capture: usb_tc08_get_temp failed: USBTC08_ERROR_NOT_RESPONDING (7)"
run 0 "$PS" verify up2

# --- what each logger takes, and its limits
bad() { # bad MESSAGE capture-args…
    local msg=$1; shift
    run 2 "$PS" capture "$@" --duration 1s -o bad --quiet
    expect_err "picostream capture: $msg"
    [ ! -e bad.sigmf-meta ] || fail "a refused capture left bad.sigmf-meta"
}
bad "input 1: the TC-08 takes a thermocouple type: B, E, J, K, N, R, S, T or X (as in -c 1:K)" \
    -d sim:usbtc08 -c 1 --rate 1
bad "input 9: not on this TC-08 (inputs 1…8)" -d sim:usbtc08 -c 9:K --rate 1
bad "--rate 5 is above what the TC-08 gives with 3 thermocouples (a set every 400 ms: 2.5 S/s at most)" \
    -d sim:usbtc08 -c 1:K -c 2:K -c 3:K --rate 5
bad "input 1: 'Q' is not a range (2500mV), a thermocouple type (B, E, J, K, N, R, S, T, X), a clamp (10mV/A), V, diff or se" \
    -d sim:usbtc08 -c 1:Q --rate 1
bad "input 1: 3000mV is not a range of the ADC-20/ADC-24 (2500mV, 1250mV, 625mV, 313mV, 156mV, 78mV, 39mV)" \
    -d sim:picohrdl -c 1:3V --rate 1
bad "input 1 at 625mV: invalid voltage range (HRDLSetAnalogInChannel)" \
    -d sim:picohrdl --sim model=ADC-20 -c 1:625mV --rate 1
bad "input 9: not on this ADC-20/ADC-24 (inputs 1…8)" -d sim:picohrdl --sim model=ADC-20 -c 9 --rate 1
bad "input 2 at 2500mV, differential: input not available (HRDLSetAnalogInChannel)" \
    -d sim:picohrdl -c 2:2500mV:diff --rate 1
bad "--rate 10 is above what the ADC-20/ADC-24 gives with 2 inputs at 100 ms each (5 S/s at most)" \
    -d sim:picohrdl -c 1 -c 2 --conversion 100ms --rate 10
bad "--conversion 120ms: the ADC-20/ADC-24 converts in 60, 100, 180, 340 or 660 ms" \
    -d sim:picohrdl -c 1 --conversion 120ms --rate 1
bad "input '17': a logger's inputs are 1…16" -d sim:pl1000 -c 17 --rate 1
bad "input 1: the PicoLog 1000 reads 0…2.5 V, single-ended (give -c 1 or -c 1:2.5V)" \
    -d sim:pl1000 -c 1:5V --rate 1
bad "--rate 60000 is above what the PicoLog 1000 streams with 2 inputs (100 kS/s over the inputs: 50000 S/s each)" \
    -d sim:pl1000 -c 1 -c 2 --rate 60k
bad "input 1: the CM3 takes a clamp's sensitivity (1mV/A, 10mV/A, 100mV/A) or V for its voltage input (as in -c 1:10mV/A)" \
    -d sim:plcm3 -c 1:2V --rate 0.1
bad "--rate 1 is above what the CM3 gives with 2 inputs (one set every 1.44 s: 0.6944 S/s)" \
    -d sim:plcm3 -c 1:10mV/A -c 2:V --rate 1
bad "the TC-08 has no driver-side downsampling: resample the recording instead" \
    -d sim:usbtc08 -c 1:K --rate 1 --downsample 4:average
bad "--mains 55: 50 or 60 (Hz)" -d sim:usbtc08 -c 1:K --rate 1 --mains 55
bad "channel A: the PicoLog 1000's inputs are numbered (-c 1…)" -d sim:pl1000 -c A:2.5V --rate 1
bad "input 1: the 5444D's channels are A…D (-c A:2V)" -d sim -c 1:2V --rate 1k
bad "input 1: 'T' after 'K': one range, type or clamp per input" -d sim:usbtc08 -c 1:K:T --rate 1
bad "simulator config: model 'ADC-24' is not one of libusbtc08's units (USB TC-08)" \
    -d sim:usbtc08 --sim model=ADC-24 -c 1:K --rate 1

# --- the devices list names the loggers and their inputs
run 0 "$PS" devices
expect_out_has "sim:usbtc08  "
expect_out_has "  USB TC-08     8 inputs  thermocouples B, E, J, K, N, R, S, T, X in °C, 100 ms per input and cold junction"

# --- analysis in the inputs' units: a ramp in °C, a sensor off its input, a filtered copy in degC
run 0 "$PS" capture -d sim:usbtc08 -c 1:K -c 3:K --rate 3 --duration 4000s -o t2 --quiet \
    --sim "speed=2000;1=dc(25)+ramp(0.01)+noise(0.02);3=dc(80)+step(600,-30)+noise(0.05)+disconnect(3000,20)"
run 0 "$PS" stats t2
$PY - <<'PY' || fail "stats of a TC-08 recording"
import csv
rows = {r["channel"]: r for r in csv.DictReader(open("out.txt"))}
mean1 = float(rows["1"]["mean_v"])  # 25 °C plus a 0.01 °C/s ramp over 4000 s: about 45 °C
assert 44 < mean1 < 46, mean1
assert float(rows["3"]["max_v"]) == 1370.0, rows["3"]  # the disconnected sensor reads the rail
PY
run 0 "$PS" verify --faults t2
[ "$(grep -c '^3,disconnect,' out.txt)" = "$(grep -c ',' out.txt | awk '{print $1 - 1}')" ] || fail "faults"
n_faults=$(grep -c '^3,disconnect,' out.txt)
run 0 "$PS" events t2 -c 3 --above 500
[ "$(tail -n +2 out.txt | wc -l)" = "$n_faults" ] || fail "every disconnect is an event ($n_faults)"
expect_out_has ",above 500 degC,1370" # the rule in the input's unit, the rail it read
run 0 "$PS" filter t2 --lowpass 0.1 -o t2f
[ "$(meta t2f "[c['unit'] for c in g['picostream:channels']]")" = "['degC', 'degC']" ] ||
    fail "a filtered TC-08 recording is not in degC"
run 0 "$PS" psd t2 -c 1
run 0 "$PS" plot t2 -o t2.png
[ -s t2.png ] || fail "no plot"
