# events against ground truth: every fault the simulator injected (its indices are in the meta)
# is found at the right index, nothing on a fault-free recording; holdoff; --annotate edits the
# meta only, keeps others' annotations and replaces its own on a re-run.
source "$(dirname "$0")/lib.sh"
SIG="A=sine(1k,1)+noise(5m);B=dc(0)+noise(2m);C=sine(10k,1)+noise(2m);D=dc(-1)+noise(2m)"
FAULTS="A=sine(1k,1)+noise(5m)+spike(200k,3);B=dc(0)+noise(2m)+glitch(150k,3,0.5)"
FAULTS="$FAULTS;C=sine(10k,1)+noise(2m)+dropout(300k,2000);D=dc(-1)+noise(2m)+glitch(200k,5,1.2)"
for rec in faulty clean; do
    spec=$([ $rec = faulty ] && echo "seed=3;$FAULTS" || echo "seed=3;$SIG")
    PICOSTREAM_SIM="$spec" run 0 "$PS" capture -d sim -c A:5V -c B:1V -c C:2V -c D:2V \
        --rate 1M --samples 1M -o $rec --quiet
    run 0 "$PS" events $rec -c A --above 1.6 --csv $rec.above.csv --quiet
    run 0 "$PS" events $rec -c A --slew '>1V/us' --csv $rec.slew.csv --quiet
    run 0 "$PS" events $rec -c A --window -1.6:1.6 --csv $rec.window.csv --quiet
    run 0 "$PS" events $rec -c B --glitch '<10us' --level 0.25 --csv $rec.glitch.csv --quiet
    run 0 "$PS" events $rec -c C --dropout 200us --hysteresis 0.1 --csv $rec.dropout.csv --quiet
    run 0 "$PS" events $rec -c D --runt -0.5:0.5 --csv $rec.runt.csv --quiet
done
run 0 "$PS" verify faulty --faults
cp out.txt faults.csv
$PY - <<'PY' || fail "events do not match the injected faults"
import csv, json
faults = list(csv.DictReader(open("faults.csv")))
def idx(ch, kind):
    return [(int(f["sample"]), int(f["length"])) for f in faults
            if f["channel"] == ch and f["kind"] == kind]
def ev(name):
    return [(int(r["start"]), int(r["end"])) for r in csv.DictReader(open(name))]
spikes = idx("A", "spike")
assert len(spikes) == 5, spikes
for rule in ("above", "slew", "window"):
    got = ev("faulty.%s.csv" % rule)
    assert [s for s, _ in got] == [s for s, _ in spikes], (rule, got, spikes)
glitches = idx("B", "glitch")
assert ev("faulty.glitch.csv") == [(s, s + n) for s, n in glitches], ev("faulty.glitch.csv")
runts = idx("D", "glitch")
assert ev("faulty.runt.csv") == [(s, s + n) for s, n in runts], ev("faulty.runt.csv")
drops, got = idx("C", "dropout"), ev("faulty.dropout.csv")
assert len(got) == len(drops) == 3, (got, drops)
for (s, n), (a, b) in zip(drops, got):  # from the last crossing before to the first after
    assert a <= s and s + n <= b and s - a < 60 and b - (s + n) < 60, (s, n, a, b)
for rule in ("above", "slew", "window", "glitch", "dropout", "runt"):
    assert ev("clean.%s.csv" % rule) == [], (rule, ev("clean.%s.csv" % rule))
PY

# holdoff 0.3 s: after the spike at 59373 the next one counted is at least 0.3 s later
run 0 "$PS" events faulty -c A --above 1.6 --holdoff 300ms --quiet
$PY - <<'PY' || fail "holdoff"
import csv
got = [int(r["start"]) for r in csv.DictReader(open("out.txt"))]
assert got == [59373, 468790, 805485], got
PY

# --annotate: only the meta changes; a foreign annotation survives; a re-run replaces ours
$PY - <<'PY'
import json
m = json.load(open("faulty.sigmf-meta"))
m["annotations"] = [{"core:sample_start": 5, "core:label": "mine"}]
json.dump(m, open("faulty.sigmf-meta", "w"))
PY
data_sum=$(md5sum < faulty.sigmf-data)
for i in 1 2; do
    run 0 "$PS" events faulty -c B --glitch '<10us' --level 0.25 --annotate
    grep -q "7 events, first at 0.112126 s, last at 0.988936 s, written to the meta as annotations" err.txt || { cat err.txt; fail "annotate summary"; }
done
[ "$(md5sum < faulty.sigmf-data)" = "$data_sum" ] || fail "--annotate touched the data file"
$PY - <<'PY' || fail "annotations in the meta"
import json
m = json.load(open("faulty.sigmf-meta"))
a = m["annotations"]
assert len(a) == 8, len(a)
assert a[0] == {"core:sample_start": 5, "core:label": "mine"}, a[0]
ours = a[1:]
assert [x["core:sample_start"] for x in ours] == sorted(x["core:sample_start"] for x in ours)
assert all(x["core:sample_count"] == 3 and x["core:label"] == "glitch <1e-05s" and
           x["core:generator"] == "picostream events" for x in ours), ours[0]
assert "picostream:sim" in m["global"]  # everything else kept
PY
run 0 "$PS" verify faulty
run 0 "$PS" plot faulty -c B -o marked.png --quiet

run 2 "$PS" events faulty -c A
expect_err "picostream events: give at least one rule (--above, --below, --window, --glitch, --pulse, --runt, --dropout, --slew) (picostream events --help)"
run 2 "$PS" events faulty -c A --window 1:-1
expect_err "picostream events: --window '1:-1': LO must be below HI"
run 2 "$PS" events faulty -c A --glitch '>5us'
expect_err "picostream events: --glitch '>5us': use '<'"
