# Pico's own published Python streaming examples run unmodified against our simulators:
# picosdk-python-wrappers' ps2000a, ps3000a, ps4000a, ps5000a, ps6000a and psospa streaming
# examples, its PicoLog 1000, ADC-20/24 and TC-08 streaming examples, and pyPicoSDK's
# streaming_to_disk (6000E, INT8 at 312.5 MS/s), whose file is then verified bit for bit. The
# examples are Pico's, not part of this project: set PICOSDK_PYTHON_WRAPPERS and/or PYPICOSDK to
# checkouts of github.com/picotech/picosdk-python-wrappers and github.com/picotech/pyPicoSDK (no
# network here); without them the test is skipped (exit 77).
source "$(dirname "$0")/lib.sh"
PW=${PICOSDK_PYTHON_WRAPPERS:-}
PP=${PYPICOSDK:-}
[ -n "$PW$PP" ] || exit 77
if [ -n "$PP" ] && [ -f "$PP/examples/streaming/streaming_to_disk.py" ]; then
    # pyPicoSDK opens /opt/picoscope/lib/libps6000a.so unless told otherwise: a sitecustomize
    # tells it our directory, the example itself is untouched
    mkdir -p pp/lib && cp -P "$SIM_DIR"/libps6000a.so* pp/lib/
    printf 'import pypicosdk\npypicosdk.override_directory("%s")\n' "$PWD/pp" > pp/sitecustomize.py
    (cd pp && PYTHONPATH="$PP:$PWD" run 0 timeout 300 $PY "$PP/examples/streaming/streaming_to_disk.py") ||
        fail "pyPicoSDK streaming_to_disk"
    $PY - "$("$PS" capture -d sim:ps6000a -c A:2V --rate 1M --samples 10 -o pp/spec --quiet >/dev/null 2>&1;
             $PY -c "import json; print(json.load(open('pp/spec.sigmf-meta'))['global']['picostream:sim']['spec'])")" <<'PY'
import json, os, sys
n = os.path.getsize("pp/streaming_capture.bin")
json.dump({"global": {"core:datatype": "ri8", "core:sample_rate": 312.5e6, "core:num_channels": 1,
           "picostream:channels": [{"name": "A", "range_v": 2.0, "coupling": "DC", "adc_max": 127,
                                    "scale_v": 2.0 / 127, "offset_v": 0.0}],
           "picostream:resolution_bits": 8, "picostream:interval_s": 3.2e-9,
           "picostream:samples": n, "picostream:complete": True,
           "picostream:sim": {"spec": sys.argv[1]}},
           "captures": [{"core:sample_start": 0, "core:global_index": 0}]},
          open("pp/streaming_capture.sigmf-meta", "w"))
PY
    ln -s streaming_capture.bin pp/streaming_capture.sigmf-data
    run 0 "$PS" verify pp/streaming_capture
    expect_out_has "match the simulator bit for bit (1 segment, 0 samples lost)"
    rm -f pp/streaming_capture.bin
fi
[ -n "$PW" ] || exit 0
[ -f "$PW/ps6000aExamples/ps6000aStreamingModeExample.py" ] || fail "no examples in $PW"
$PY -c "import matplotlib" 2>/dev/null || exit 77
export LD_LIBRARY_PATH=$SIM_DIR PYTHONPATH=$PW MPLBACKEND=Agg
for ex in ps6000aExamples/ps6000aStreamingModeExample.py psospaExamples/psospaStreamingModeExample.py; do
    run 0 timeout 300 $PY "$PW/$ex"
    grep -qx "10000000" out.txt || { cat out.txt err.txt; fail "$ex: samples"; }
    # the example prints every status it got: all PICO_OK
    tail -1 out.txt | $PY -c "import ast,sys; d=ast.literal_eval(sys.stdin.read()); assert set(d.values())=={0}, d" ||
        { tail -1 out.txt; fail "$ex: a status was not PICO_OK"; }
done
# the loggers' streaming examples, their clocks 20 times real time (the examples' own sleeps
# stay): PicoLog 1000 statuses all PICO_OK; ADC-20/24 and TC-08 calls all succeed (> 0)
for ex in pl1000Examples/pl1000StreamingModeExample.py picohrdlExamples/picohrdlStreamingModeExample.py \
          usbtc08Examples/tc08StreamingModeExample.py; do
    PICOSTREAM_SIM="speed=20" run 0 timeout 300 $PY "$PW/$ex"
    tail -1 out.txt | $PY -c "
import ast, sys
d = ast.literal_eval(sys.stdin.read())
ok = set(d.values()) == {0} if 'pl1000' in sys.argv[1] else min(d.values()) > 0
assert ok, d" "$ex" || { tail -1 out.txt; fail "$ex: a call failed"; }
done
PICOSTREAM_SIM="speed=20" run 0 timeout 300 $PY "$PW/pl1000Examples/pl1000StreamingModeMultiChannelExample.py"
grep -q "^Final captured_samples (Samples, NoOfChannels): ([1-9][0-9]*, 12)$" out.txt ||
    { cat out.txt; fail "pl1000 multi-channel example"; }
# the callback families' streaming examples: two channels, autoStop, every status PICO_OK
for fam in ps2000a ps3000a ps4000a ps5000a; do
    ex=${fam}Examples/${fam}StreamingExample.py
    run 0 timeout 300 $PY "$PW/$ex"
    grep -qx "Done grabbing values." out.txt || { cat out.txt err.txt; fail "$ex: did not finish"; }
    tail -1 out.txt | $PY -c "import ast,sys; d=ast.literal_eval(sys.stdin.read()); assert set(d.values())=={0}, d" ||
        { tail -1 out.txt; fail "$ex: a status was not PICO_OK"; }
done
true
