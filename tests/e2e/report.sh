# picostream report: one read into one self-contained page; on a recording with gaps and known
# faults it lists each gap and each fault at its index, and its numbers equal the single
# commands' (stats, events, info, verify --faults).
source "$(dirname "$0")/lib.sh"

SIM="A=dc(0.5)+noise(1m)+spike(100k,1.6);B=dc(0)+noise(1m)+glitch(150k,3,-0.995)"
PICOSTREAM_SIM="$SIM" run 0 "$PS" capture -d sim -c A:2V -c B:1V --rate 1M --samples 1M -o rec \
    --quiet
# two gaps with exact device indices: cut two stretches out of the data, as a capture that
# lost them records it
$PY - <<'PY'
import json
m = json.load(open("rec.sigmf-meta"))
raw = open("rec.sigmf-data", "rb").read()
frame = 4
keep = [(0, 300000), (350000, 700000), (700123, 1000000)]
open("rec.sigmf-data", "wb").write(b"".join(raw[a * frame:b * frame] for a, b in keep))
caps, at = [], 0
for a, b in keep:
    caps.append({"core:sample_start": at, "core:global_index": a})
    at += b - a
m["captures"] = caps
m["global"]["picostream:samples"] = at
m["global"]["picostream:lost_samples"] = 1000000 - at
json.dump(m, open("rec.sigmf-meta", "w"))
PY
run 0 "$PS" report rec -o rec.html
[ -s rec.html ] || fail "no report"
grep -q "http" rec.html && fail "the report refers to the network"
grep -q '<img alt="overview" src="data:image/png;base64,' rec.html || fail "overview not embedded"
grep -q '<img alt="PSD" src="data:image/png;base64,' rec.html || fail "PSD not embedded"
run 0 "$PS" stats rec --csv stats.csv
run 0 "$PS" events rec -c A --above 1.96 --below -1.96 --hysteresis 0.04 --csv ea.csv --quiet
run 0 "$PS" events rec -c B --above 0.98 --below -0.98 --hysteresis 0.02 --csv eb.csv --quiet
run 0 "$PS" verify rec --faults
cp out.txt faults.csv
run 0 "$PS" info rec
cp out.txt info.txt
$PY - <<'PY' || fail "report figures differ from the single commands"
import csv, json, re, sys
html = open("rec.html").read()
data = json.loads(re.search(r'id="picostream-report">(.*?)</script>', html, re.S).group(1))
ok = True
def bad(msg):
    global ok
    ok = False
    print("report:", msg)
# statistics: exactly the stats command's
for row, ch in zip(list(csv.DictReader(open("stats.csv"))), data["channels"]):
    for k in ("min", "max", "mean", "rms", "std"):
        if float(row[k + "_v"]) != ch[k]:
            bad("%s %s: %r vs stats %s" % (ch["name"], k, ch[k], row[k + "_v"]))
# gaps: the samples info lists
gaps = [int(g) for g in re.findall(r"gap at sample (\d+)", open("info.txt").read())]
if [g["sample"] for g in data["gaps"]] != gaps or data["n_gaps"] != len(gaps) or not gaps:
    bad("gaps %s vs info %s" % (data["gaps"], gaps))
# events: the events command's, and every fault verify lists inside the data is among them
for name, path in (("A", "ea.csv"), ("B", "eb.csv")):
    want = [(int(r["start"]), int(r["end"])) for r in csv.DictReader(open(path))]
    got = [(e["start"], e["end"]) for e in data["events"] if e["channel"] == name]
    if got != want or not want:
        bad("%s events %s vs events command %s" % (name, got[:5], want[:5]))
    faults = [int(r["sample"]) for r in csv.DictReader(open("faults.csv")) if r["channel"] == name]
    starts = {s for s, _ in got}
    missing = [f for f in faults if f not in starts]
    if missing or not faults:
        bad("%s faults not listed: %s" % (name, missing))
sys.exit(0 if ok else 1)
PY
grep -q "picostream events &#39;rec&#39; -c A --above 1.96 --below -1.96 --hysteresis 0.04" rec.html ||
    grep -q "picostream events 'rec' -c A --above 1.96 --below -1.96 --hysteresis 0.04" rec.html ||
    fail "the events command to reproduce is not shown"

# the report never replaces an input or an existing file without --overwrite
run 2 "$PS" report rec -o rec.sigmf-data
run 2 "$PS" report rec -o rec.html
expect_err "picostream report: rec.html already exists (pass --overwrite to replace it)"
run 0 "$PS" report rec -o rec.html --overwrite --nperseg 1024 --above 0.5 --list 3
grep -q '"nperseg":1024' rec.html || fail "--nperseg"
grep -q "… and [0-9]* more." rec.html || fail "--list caps the tables"
run 2 "$PS" report rec -o x.html --nperseg 0
run 2 "$PS" report rec
expect_err "picostream report: give -o REPORT.html, or --partial OUT.json for a piece"

# without a PSD (segments longer than any stretch) the statistics are still each channel's own
run 0 "$PS" report rec -o nopsd.html --nperseg 16000000
$PY - <<'PY' || fail "report without a PSD: statistics of the wrong channel"
import csv, json, re
data = json.loads(re.search(r'id="picostream-report">(.*?)</script>',
                            open("nopsd.html").read(), re.S).group(1))
assert data["nperseg"] == 0, data["nperseg"]
for row, ch in zip(list(csv.DictReader(open("stats.csv"))), data["channels"]):
    assert [float(row[k + "_v"]) for k in ("min", "max", "mean")] == \
        [ch["min"], ch["max"], ch["mean"]], (row, ch)
PY

# pieces (a boundary on a gap, one inside an event, a piece of one sample): merged, the page of
# the whole recording: gaps, events and over-range exactly, the overview image byte for byte,
# statistics and PSD to 1e-12
RULES=(--above 1.96 --below -1.96 --glitch '<20us' --hysteresis 0.04)
run 0 "$PS" report rec -o whole.html "${RULES[@]}"
run 0 "$PS" psd rec --nperseg 4096 --csv psd.csv
e=$(sed -n 2p ea.csv | cut -d, -f1)
cuts=(0 1000 1001 $((e + 3)) 300000 650000 $(($(sed -n 's/.*"picostream:samples": *\([0-9]*\).*/\1/p' rec.sigmf-meta))))
[ "${cuts[6]}" -gt 650000 ] || fail "the recording's length"
for ((i = 0; i + 1 < ${#cuts[@]}; i++)); do
    run 0 "$PS" report rec "${RULES[@]}" --from "${cuts[i]}" --to "${cuts[i+1]}" \
        --partial rp_$i.json
done
run 0 "$PS" merge $(ls -r rp_*.json) -o merged.html
$PY - <<'PY' || fail "merged report ≠ whole"
import json, re
def parts(path):
    html = open(path).read()
    data = json.loads(re.search(r'id="picostream-report">(.*?)</script>', html, re.S).group(1))
    img = re.search(r'<img alt="overview" src="([^"]*)"', html).group(1)
    return data, img
(a, ia), (b, ib) = parts("whole.html"), parts("merged.html")
assert ia == ib, "overview image"
a.pop("pass_seconds"), b.pop("pass_seconds")
# the PSD's peak: the psd command's (Welch segments never straddle a gap)
import numpy as np
psd = np.loadtxt("psd.csv", delimiter=",", skiprows=1)
for k, ch in enumerate(a["channels"]):
    assert ch["psd_peak_hz"] == psd[np.argmax(psd[:, k + 1]), 0], (ch["name"], ch["psd_peak_hz"])
assert a["events"] == b["events"] and len(a["events"]) > 3, (a["events"][:3], b["events"][:3])
for x, y in zip(a["channels"], b["channels"]):
    for k in x:
        if isinstance(x[k], float):
            assert abs(x[k] - y[k]) <= 1e-12 * max(abs(x["rms"]), abs(x[k])), (k, x[k], y[k])
        else:
            assert x[k] == y[k], (k, x[k], y[k])
a.pop("channels"), b.pop("channels")
assert a == b, (a, b)
PY
run 2 "$PS" merge rp_*.json
expect_err "picostream merge: report pieces make a page: give -o REPORT.html"
# pieces of other rules do not merge; segments longer than any stretch (no PSD) do
run 0 "$PS" report rec --above 1 --from 650000 --partial rp_other.json
run 2 "$PS" merge rp_0.json rp_1.json rp_2.json rp_3.json rp_4.json rp_other.json -o x.html
expect_err "picostream merge: partial 6 is of another recording, analysis or parameters than the first"
rm -f rp_*.json
for ((i = 0; i + 1 < ${#cuts[@]}; i++)); do
    run 0 "$PS" report rec --nperseg 16000000 --from "${cuts[i]}" --to "${cuts[i+1]}" \
        --partial rp_$i.json
done
run 0 "$PS" merge rp_*.json -o nopsd_merged.html

# an event open across a gap ends at the gap, in the report as in events (a level above
# 0.4 V on A, whose DC is 0.5 V, lasts from each stretch's start to its end)
run 0 "$PS" events rec -c A --above 0.4 --hysteresis 0.1 --csv level.csv --quiet
run 0 "$PS" report rec -o level.html --above 0.4 --hysteresis 0.1 -c A
$PY - <<'PY' || fail "report events across a gap ≠ the events command's"
import csv, json, re
data = json.loads(re.search(r'id="picostream-report">(.*?)</script>',
                            open("level.html").read(), re.S).group(1))
want = [(int(r["start"]), int(r["end"])) for r in csv.DictReader(open("level.csv"))]
got = [(e["start"], e["end"]) for e in data["events"]]
assert got == want and len(want) == 3, (got, want)
PY
