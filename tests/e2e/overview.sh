# The overview pyramid: a capture writes it as it goes, every level equals NumPy's min/max of
# the data, it stays valid after a SIGKILL, and `picostream overview` builds it for a foreign
# recording.
source "$(dirname "$0")/lib.sh"
CHECK="$HERE/../python/check_overview.py"

run 0 "$PS" capture -d sim -c A:2V -c B:500mV:AC --rate 1M --samples 3000123 -o rec --quiet
[ -d rec.picostream-overview ] || fail "no overview beside the capture"
run 0 $PY "$CHECK" rec complete
expect_out_has "levels 9"
# 8-bit data (ri8) and aggregate columns too
run 0 "$PS" capture -d sim:ps6000a -c A:2V --rate 10M --downsample 4:aggregate --samples 600k \
    -o agg --quiet
run 0 $PY "$CHECK" agg complete

# SIGKILL mid-capture: whole records only, each equal to the data on disk
"$PS" capture -d sim -c A:2V -c B:1V --rate 2M --duration 30s -o killed --quiet --sync 100ms &
pid=$!
sleep 2.5
kill -KILL $pid
wait $pid 2>/dev/null
run 0 $PY "$CHECK" killed torn
grep -q "^levels [2-9]$" out.txt || { cat out.txt; fail "nothing in the killed overview"; }
# rebuilt afterwards from the data, complete
run 0 "$PS" overview killed --quiet
run 0 $PY "$CHECK" killed complete

# a foreign recording (float32 SigMF from NumPy, no picostream fields)
$PY - <<'PY' || fail "foreign"
import json, numpy as np
x = np.sin(np.arange(300000) / 50.0).astype("<f4") + np.random.default_rng(1).normal(0, 0.1, 300000).astype("<f4")
x.tofile("foreign.sigmf-data")
json.dump({"global": {"core:datatype": "rf32_le", "core:sample_rate": 1e5, "core:version": "1.0.0"},
           "captures": [{"core:sample_start": 0}], "annotations": []}, open("foreign.sigmf-meta", "w"))
PY
run 0 "$PS" overview foreign
expect_err "picostream overview: foreign.picostream-overview"
run 0 $PY "$CHECK" foreign complete
# refused for what is not a recording, nothing created
echo "{" > bad.sigmf-meta; : > bad.sigmf-data
run 1 "$PS" overview bad
[ ! -e bad.picostream-overview ] || fail "an overview for a bad recording"
