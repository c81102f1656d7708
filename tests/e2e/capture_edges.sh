# Capture edge cases: triggers with and without --pre/--post, a trigger that never comes, one
# rule for repeated channels, the simulator's spec checked, AC coupling, loss figures that agree
# everywhere, direct I/O at any channel count, a meta that stays small.
source "$(dirname "$0")/lib.sh"

meta() { $PY -c "import json,sys; print(json.load(open(sys.argv[1]+'.sigmf-meta'))['global'].get(sys.argv[2]))" "$@"; }

# a trigger without --pre (this divided by zero once): the recording starts at the trigger
run 0 "$PS" capture -d sim -c A:2V --rate 100k --samples 50k --trigger A:rising:0V -o t0 --quiet
run 0 "$PS" verify t0
expect_out_has "t0: 50000 samples × 1 channel match the simulator bit for bit (1 segment, 0 samples lost)"
[ "$(meta t0 picostream:trigger_sample)" = 0 ] || fail "trigger sample without --pre"
# with --pre and --post: pre + post samples, the trigger at sample pre
run 0 "$PS" capture -d sim --sim 'A=square(10,1)' -c A:2V -c B:1V --rate 100k --duration 5s \
    --trigger A:rising:0V --pre 1k --post 4k -o t1 --quiet
run 0 "$PS" verify t1
expect_out_has "t1: 5000 samples × 2 channels match"
[ "$(meta t1 picostream:trigger_sample)" = 1000 ] || fail "trigger sample with --pre"
# auto-trigger fires on a flat signal
run 0 "$PS" capture -d sim --sim 'A=dc(0)' -c A:2V --rate 100k --samples 10k \
    --trigger A:rising:1V --auto-trigger 50ms -o t2 --quiet
run 0 "$PS" verify t2

# a trigger that never comes: --timeout (or --duration) ends the wait, exit 1, the meta says why
run 1 "$PS" capture -d sim --sim 'A=dc(0)' -c A:2V --rate 100k --samples 10k \
    --trigger A:rising:1.5V --timeout 1200ms -o never
expect_err "picostream capture: no trigger within 1.2 s"
grep -q "  waiting for trigger  " err.txt && grep -q "  no trigger came  " err.txt ||
    { cat err.txt; fail "status line while waiting"; }
[ "$(meta never picostream:stop_reason)" = "waiting for the trigger: no trigger within 1.2 s" ] ||
    fail "stop reason of a trigger that never came: $(meta never picostream:stop_reason)"
[ "$(meta never picostream:samples)" = 0 ] || fail "samples without a trigger"
run 1 "$PS" capture -d sim --sim 'A=dc(0)' -c A:2V --rate 100k --duration 300ms \
    --trigger A:falling:-1.5V -o never2 --quiet
expect_err "picostream capture: no trigger within 0.3 s"
run 2 "$PS" capture -d sim -c A:2V --rate 100k --duration 1s --trigger B:rising:0V -o x
expect_err "picostream capture: trigger on channel B, which is not enabled (add -c B:RANGE)"

# one rule for repeated channels: refused, never silently replaced
run 2 "$PS" capture -d sim -c A:2V -c A:1V --rate 100k --duration 1s -o x
expect_err "picostream capture: channel A given twice (-c A:1V)"
[ ! -e x.sigmf-meta ] && [ ! -e x.sigmf-data ] || fail "files left behind"

# the simulator's spec is checked
run 2 "$PS" capture -d sim --sim 'A=sine(1k,nan)' -c A:2V --rate 100k --duration 1s -o x
expect_err "picostream capture: simulator config: sine: argument 2 is not a number"
run 2 "$PS" capture -d sim --sim 'seed=-1' -c A:2V --rate 100k --duration 1s -o x
expect_err "picostream capture: simulator config: seed '-1' is not a whole number in 0…18446744073709551615"
run 2 "$PS" capture -d sim --sim 'A=sine(1k,1e9)' -c A:2V --rate 100k --duration 1s -o x
expect_err "picostream capture: simulator config: sine: amplitude 1e+09 V is out of range (±1e6 V)"
[ ! -e x.sigmf-meta ] && [ ! -e x.sigmf-data ] || fail "files left behind"

# AC coupling removes the DC, as the input's capacitor does; DC keeps it; both verify exactly
run 0 "$PS" capture -d sim --sim 'A=dc(0.5)+sine(1k,0.2);B=dc(0.5)+sine(1k,0.2)' \
    -c A:1V:AC -c B:1V:DC --rate 100k --samples 100k -o ac --quiet
run 0 "$PS" verify ac
run 0 "$PS" stats ac
$PY - <<'PY' || fail "AC coupling"
import csv
rows = {r["channel"]: r for r in csv.DictReader(open("out.txt"))}
assert abs(float(rows["A"]["mean_v"])) < 0.005, rows["A"]
assert abs(float(rows["B"]["mean_v"]) - 0.5) < 0.005, rows["B"]
PY

# loss figures agree: the summary, info, the meta and its segments, from one gap record
PICOSTREAM_SIM="fifo=100k" run 0 "$PS" capture -d sim -c A:2V --rate 1M --samples 2M -o stall \
    --test-poll-delay 300ms --quiet
summary=$(sed -n 's/.* \([0-9]*\) lost in \([0-9]*\) gaps\{0,1\},.*/\1 \2/p' err.txt)
run 0 "$PS" info stall
info=$(sed -n 's/^gaps *\([0-9]*\), \([0-9]*\) samples lost$/\2 \1/p' out.txt)
grep -q "warning" out.txt && { cat out.txt; fail "info disagrees with the meta"; }
[ -n "$summary" ] && [ "$summary" = "$info" ] || fail "summary '$summary' vs info '$info'"
$PY - "$summary" <<'PY' || fail "meta loss figures"
import json, os, sys
lost, gaps = map(int, sys.argv[1].split())
m = json.load(open("stall.sigmf-meta"))
g, caps = m["global"], m["captures"]
jumps = [(b["core:global_index"] - a["core:global_index"]) -
         (b["core:sample_start"] - a["core:sample_start"]) for a, b in zip(caps, caps[1:])]
end = g.get("picostream:lost_at_end", 0)
assert g["picostream:lost_samples"] == lost == sum(jumps) + end, (g, jumps, lost)
assert gaps == sum(j > 0 for j in jumps) + (end > 0), (gaps, jumps, end)
frames = os.path.getsize("stall.sigmf-data") // 2
assert frames + lost == 2000000, (frames, lost)  # the stall never runs past --samples
PY
run 0 "$PS" verify stall

# direct I/O at any channel count and at low rates (where the file system has O_DIRECT)
if dd if=/dev/zero of=probe bs=4096 count=1 oflag=direct 2>/dev/null; then
    rm -f probe
    for spec in "-c A:2V -c B:2V -c C:2V" "-c A:2V"; do
        run 0 "$PS" capture -d sim $spec --rate 1k --duration 1500ms -o direct --overwrite
        grep -q "page cache" err.txt && { cat err.txt; fail "direct I/O fell back ($spec)"; }
        run 0 "$PS" verify direct
    done
fi
rm -f probe

# the meta stays small however many faults the simulator injects; verify --faults lists them
run 0 "$PS" capture -d sim --sim 'A=sine(1k,1)+spike(1k,0.5)' -c A:2V --rate 1M --samples 2M \
    -o faults --quiet
size=$(stat -c %s faults.sigmf-meta)
[ "$size" -lt 4096 ] || fail "meta of $size bytes"
run 0 "$PS" verify faults --faults
[ "$(grep -c ',spike,' out.txt)" = 2000 ] || fail "fault list: $(grep -c ',spike,' out.txt)"

# a split whose later part name is taken is refused before the first sample
run 0 "$PS" capture -d sim -c A:2V --rate 100k --samples 1k -o taken-0002 --quiet
run 2 "$PS" capture -d sim -c A:2V --rate 100k --duration 3s --split 1s -o taken
expect_err "picostream capture: taken-0002.sigmf-meta already exists (pass --overwrite to replace it)"
[ ! -e taken-0001.sigmf-meta ] || fail "a part was made"
true
