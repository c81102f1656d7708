# The meta is written at start and replaced while running: a capture killed with SIGKILL is a
# valid recording of what was flushed; SIGINT finalises it and exits 0.
source "$(dirname "$0")/lib.sh"
seed=${SEED:-$RANDOM}
echo "kill times seeded with SEED=$seed" >&2
RANDOM=$seed
for k in 1 2 3; do
    delay=$(printf "0.%03d" $((RANDOM % 1000)))
    delay=$(awk -v d="$delay" -v k="$k" 'BEGIN { printf "%.3f", d + 0.3 + k }')
    "$PS" capture -d sim -c A:2V -c B:500mV --rate 1M --duration 60s -o killed$k --quiet \
        >out.txt 2>err.txt &
    pid=$!
    sleep "$delay"
    kill -9 $pid
    wait $pid 2>/dev/null
    run 0 "$PS" info killed$k
    expect_out_has "status     incomplete: the capture did not finish"
    run 0 "$PS" verify killed$k
    run 0 $PY "$HERE/../python/check_recording.py" killed$k AB -1 1e6
    $PY - killed$k <<'PY' || fail "killed$k meta (SEED=$seed)"
import json, os, sys
g = json.load(open(sys.argv[1] + ".sigmf-meta"))["global"]
assert g["picostream:complete"] is False
size = os.path.getsize(sys.argv[1] + ".sigmf-data") // 4
assert g["picostream:samples"] <= size, (g["picostream:samples"], size)
PY
    ls killed$k.sigmf-meta.tmp 2>/dev/null && fail "temp meta left visible"
done

# --sync none: nothing is promised until the end, but the start meta still describes the file
"$PS" capture -d sim -c A:2V --rate 1M --duration 60s --sync none -o nosync --quiet &
pid=$!
sleep 1.5
kill -9 $pid
wait $pid 2>/dev/null
run 0 "$PS" info nosync
expect_out_has "status     incomplete"
run 0 "$PS" verify nosync

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

# SIGHUP is ignored (nohup-style runs), SIGTERM finalises like Ctrl-C
"$PS" capture -d sim -c A:2V --rate 1M --duration 60s -o term --quiet >out.txt 2>err.txt &
pid=$!
for i in $(seq 1 100); do
    grep -q '"picostream:samples": [1-9]' term.sigmf-meta 2>/dev/null && break
    sleep 0.1
done
kill -HUP $pid
sleep 0.5
kill -0 $pid || fail "SIGHUP ended the capture"
kill -TERM $pid
wait $pid
[ $? -eq 0 ] || fail "SIGTERM: non-zero exit"
run 0 "$PS" info term
expect_out_has "status     complete (stopped by request)"
run 0 "$PS" verify term
