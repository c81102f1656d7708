# Plots decoded back: a one-sample spike visible in an overview of 1e8 samples, annotation
# markers at their x, a gap left blank, the PSD plot's size and curves.
source "$(dirname "$0")/lib.sh"
PROBE=$BUILD/tests/png_probe
BLUE="0 51 204"; RED="230 0 0"
$PY - <<'PY' || fail "making the recordings"
import json
import numpy as np
n = 100_000_000
pattern = (np.sin(2 * np.pi * np.arange(1000) / 1000) * 1000).astype("<i2")
data = np.tile(pattern, n // 1000)
data[61_234_567] = 30000                       # one sample, 3 V on a ±0.1 V signal
data.tofile("big.sigmf-data")
ch = [{"name": "A", "range_v": 3.2767, "coupling": "DC", "adc_max": 32767, "scale_v": 1e-4,
       "offset_v": 0.0}]
g = {"core:datatype": "ri16_le", "core:sample_rate": 1e6, "core:num_channels": 1,
     "core:version": "1.2.0", "core:extensions": [{"name": "picostream", "version": "0.1.0",
     "optional": True}], "picostream:channels": ch}
json.dump({"global": g, "captures": [{"core:sample_start": 0}], "annotations": []},
          open("big.sigmf-meta", "w"))
small = np.tile(pattern, 100)                   # 100 000 samples
small.tofile("ann.sigmf-data")
json.dump({"global": g, "captures": [{"core:sample_start": 0}],
           "annotations": [{"core:sample_start": 30000, "core:sample_count": 5,
                            "core:label": "fault"}]}, open("ann.sigmf-meta", "w"))
small.tofile("gap.sigmf-data")                  # 50 000 samples, then a gap of 100 000
json.dump({"global": g, "captures": [{"core:sample_start": 0, "core:global_index": 0},
                                      {"core:sample_start": 50000,
                                       "core:global_index": 150000}],
           "annotations": []}, open("gap.sigmf-meta", "w"))
PY
# plot area: x 80…1580 (1500 px), lane y 20…850
run 0 "$PS" plot big -o big.png --quiet
run 0 "$PROBE" big.png size
expect_out_has "1600 900"
spike_x=$((80 + 61234567 * 1500 / 100000000))
top_spike=$("$PROBE" big.png top $((spike_x - 1)) $((spike_x + 2)) $BLUE)
top_rest=$("$PROBE" big.png top 100 $((spike_x - 20)) $BLUE)
[ "$top_spike" -ge 0 ] && [ "$top_spike" -lt 80 ] || fail "spike not drawn: top $top_spike"
[ "$top_rest" -gt 380 ] || fail "signal elsewhere reaches y $top_rest (spike leaked)"

run 0 "$PS" plot ann -o ann.png --width 1600 --height 900
mark_x=$((80 + 30000 * 1500 / 100000))
reds=$("$PROBE" ann.png count $mark_x $((mark_x + 1)) 20 850 $RED)
[ "$reds" -gt 400 ] || fail "annotation marker: $reds red pixels at x $mark_x"
reds_off=$("$PROBE" ann.png count 100 $((mark_x - 5)) 20 850 $RED)
[ "$reds_off" -eq 0 ] || fail "red pixels away from the marker: $reds_off"

run 0 "$PS" plot gap -o gap.png
# device time spans 0…200 000: data in 0…50 000 and 150 000…200 000, blank between
inside=$("$PROBE" gap.png count $((80 + 1500 * 55 / 200)) $((80 + 1500 * 145 / 200)) 21 849 $BLUE)
[ "$inside" -eq 0 ] || fail "the gap is drawn over ($inside trace pixels)"
before=$("$PROBE" gap.png count 100 400 21 849 $BLUE)
[ "$before" -gt 300 ] || fail "no trace before the gap ($before)"

run 0 "$PS" psd ann --nperseg 4096 --plot psd.png --quiet
run 0 "$PROBE" psd.png size
expect_out_has "1200 700"
[ "$("$PROBE" psd.png count 80 1180 20 650 $BLUE)" -gt 100 ] || fail "no PSD curve"

run 2 "$PS" plot ann -o bad.png --width 50
expect_err "picostream plot: --width '50': out of range (200…20000)"
[ ! -e bad.png ] || fail "a bad plot left a file"
