# The meta is written at start and replaced while running: a capture killed with SIGKILL is a
# valid recording of what was flushed; SIGINT finalises it and exits 0.
source "$(dirname "$0")/lib.sh"
"$PS" capture -d sim -c A:2V -c B:500mV --rate 1M --duration 60s -o killed --quiet \
    >out.txt 2>err.txt &
pid=$!
for i in $(seq 1 100); do  # wait until a first periodic meta says samples were flushed
    grep -q '"picostream:samples": [1-9]' killed.sigmf-meta 2>/dev/null && break
    sleep 0.1
done
sleep 0.7
kill -9 $pid
wait $pid 2>/dev/null
run 0 "$PS" info killed
expect_out_has "status     incomplete: the capture did not finish"
run 0 "$PS" verify killed
run 0 $PY "$HERE/../python/check_recording.py" killed AB -1 1e6
$PY - <<'PY' || fail "killed meta"
import json, os
g = json.load(open("killed.sigmf-meta"))["global"]
assert g["picostream:complete"] is False
size = os.path.getsize("killed.sigmf-data") // 4
assert 0 < g["picostream:samples"] <= size, (g["picostream:samples"], size)
PY
ls killed.sigmf-meta.tmp 2>/dev/null && fail "temp meta left visible"

"$PS" capture -d sim -c A:2V --rate 1M --duration 60s -o stopped --quiet >out.txt 2>err.txt &
pid=$!
for i in $(seq 1 100); do
    grep -q '"picostream:samples": [1-9]' stopped.sigmf-meta 2>/dev/null && break
    sleep 0.1
done
kill -INT $pid
wait $pid
[ $? -eq 0 ] || fail "SIGINT: non-zero exit"
grep -q "stopped by signal" err.txt || { cat err.txt; fail "no summary"; }
run 0 "$PS" info stopped
expect_out_has "status     complete (stopped by request)"
run 0 "$PS" verify stopped
