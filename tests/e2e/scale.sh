# Splitting analyses over pieces: stats, psd, xcorr, events and peaks partials of any pieces (1, 2, 7, uneven, a
# boundary on a gap) merge, in any order, into the whole-recording CSV within 1e-12; merge
# refuses pieces missing, given twice, of another recording or analysis; plan's pieces tile
# each recording; the Slurm example runs through a stand-in sbatch and equals psd.
source "$(dirname "$0")/lib.sh"
EX="$HERE/../../examples/slurm"

PICOSTREAM_SIM="fifo=200k" run 0 "$PS" capture -d sim -c A:2V -c B:1V --rate 1M --samples 2M \
    -o rec --quiet --test-poll-delay 300ms
run 0 "$PS" info rec
grep -q "^gaps       [1-9]" out.txt || { cat out.txt; fail "the test recording needs gaps"; }
run 0 "$PS" psd rec --nperseg 1000 --noverlap 300 --csv whole_psd.csv
run 0 "$PS" stats rec --csv whole_stats.csv
run 0 "$PS" xcorr rec --a A --b B --max-lag 700 --csv whole_xcorr.csv
whole_max=$(cat out.txt)
RULES=(--above 1.2 --below -1.2 --glitch '<20us' --hysteresis 0.05 --pulse '>300us'
       --runt 0.5:1.4 --slew 2e5)
run 0 "$PS" filter rec -o whole_filter --lowpass 20k --dtype f64 --quiet
run 0 "$PS" resample rec -o whole_resample --up 3 --down 7 --dtype f64 --quiet
run 0 "$PS" envelope rec -o whole_envelope --rate 3333 --quiet
run 0 "$PS" events rec -c A "${RULES[@]}" --csv whole_events.csv
[ "$(wc -l < whole_events.csv)" -gt 100 ] || fail "the test recording needs events"
# peaks: small prominences (the highest peaks' walks reach their stretch's ends, far past any
# piece), and distance (selected over all of a stretch's candidates at the merge)
PEAKS_A=(-c A --prominence 0.001 --width 1)
PEAKS_B=(-c B --distance 40 --prominence 0.01:0.2 --width 1:30 --plateau-size 1 --threshold 0:1)
run 0 "$PS" peaks rec "${PEAKS_A[@]}" --csv whole_peaks_a.csv
run 0 "$PS" peaks rec "${PEAKS_B[@]}" --csv whole_peaks_b.csv
[ "$(wc -l < whole_peaks_a.csv)" -gt 1000 ] && [ "$(wc -l < whole_peaks_b.csv)" -gt 100 ] ||
    fail "the test recording needs peaks"

run 0 "$PS" overview rec --quiet
cp -r rec.picostream-overview whole_overview

# cuts: N equal pieces, random uneven ones, one on a gap's boundary (a segment's start)
$PY - > cuts.txt <<'PY'
import json, random
m = json.load(open("rec.sigmf-meta"))
n = m["global"]["picostream:samples"]
gap = m["captures"][1]["core:sample_start"]
random.seed(5)
print(0, n)                                    # one piece
print(0, n // 2, n)                            # two
print(*[n * i // 7 for i in range(8)])         # seven
print(0, *sorted(random.sample(range(1, n), 5)), n)  # uneven
print(0, gap, gap + 1, n)                      # a boundary on a gap, a piece of one sample
ev = [tuple(map(int, l.split(",")[:2])) for l in open("whole_events.csv").read().splitlines()[1:]]
s, e = next((s, e) for s, e in ev if e - s > 100 and s > 1000)
print(0, s + 50, n)                            # a boundary inside an event
pk = [l.split(",") for l in open("whole_peaks_a.csv").read().splitlines()[1:]]
p = next(int(r[0]) for r in pk if float(r[-4]) > 3 and int(r[0]) > 1000)
print(0, p - 1, p, p + 1, n)                   # boundaries inside a peak's width, around it
PY
k=0
while read -r -a cut; do
    # under the sanitizers (SCALE_QUICK), the seven and the uneven cuts are the plain run's only
    if [ -n "${SCALE_QUICK:-}" ] && { [ "$k" = 2 ] || [ "$k" = 3 ]; }; then
        k=$((k + 1))
        continue
    fi
    rm -rf p_*.json s_*.json x_*.json e_*.json f_* r_* v_* ka_*.json kb_*.json o_*
    for ((i = 0; i + 1 < ${#cut[@]}; i++)); do
        run 0 "$PS" psd rec --from "${cut[i]}" --to "${cut[i+1]}" --nperseg 1000 --noverlap 300 \
            --partial p_$i.json
        run 0 "$PS" stats rec --from "${cut[i]}" --to "${cut[i+1]}" --partial s_$i.json
        run 0 "$PS" xcorr rec --a A --b B --max-lag 700 --from "${cut[i]}" --to "${cut[i+1]}" \
            --partial x_$i.json
        run 0 "$PS" events rec -c A "${RULES[@]}" --from "${cut[i]}" --to "${cut[i+1]}" \
            --partial e_$i.json
        run 0 "$PS" peaks rec "${PEAKS_A[@]}" --from "${cut[i]}" --to "${cut[i+1]}" \
            --partial ka_$i.json
        run 0 "$PS" peaks rec "${PEAKS_B[@]}" --from "${cut[i]}" --to "${cut[i+1]}" \
            --partial kb_$i.json
        run 0 "$PS" overview rec --from "${cut[i]}" --to "${cut[i+1]}" --partial o_$i.json \
            -o o_$i --quiet
        run 0 "$PS" filter rec -o f_$i --lowpass 20k --dtype f64 --from "${cut[i]}" \
            --to "${cut[i+1]}" --partial f_$i.json --quiet
        run 0 "$PS" resample rec -o r_$i --up 3 --down 7 --dtype f64 --from "${cut[i]}" \
            --to "${cut[i+1]}" --partial r_$i.json --quiet
        run 0 "$PS" envelope rec -o v_$i --rate 3333 --from "${cut[i]}" --to "${cut[i+1]}" \
            --partial v_$i.json --quiet
    done
    run 0 "$PS" merge $(ls -r v_*.json) -o merged_envelope_$k
    cmp merged_envelope_$k.sigmf-data whole_envelope.sigmf-data || fail "cut $k: envelope data"
    $PY -c "import json, sys
a, b = (json.load(open(n + '.sigmf-meta')) for n in sys.argv[1:])
assert a == b, (a, b)" whole_envelope merged_envelope_$k || fail "cut $k: envelope meta"
    # resample pieces: exactly the whole run's outputs and meta
    run 0 "$PS" merge $(ls -r r_*.json) -o merged_resample_$k
    cmp merged_resample_$k.sigmf-data whole_resample.sigmf-data || fail "cut $k: resample data"
    $PY -c "import json, sys
a, b = (json.load(open(n + '.sigmf-meta')) for n in sys.argv[1:])
assert a == b, (a, b)" whole_resample merged_resample_$k || fail "cut $k: resample meta"
    # filter pieces: concatenated, the whole recording's filter (data to 1e-9, the same meta)
    run 0 "$PS" merge $(ls -r f_*.json) -o merged_filter_$k
    $PY - merged_filter_$k <<'PY' || fail "cut $k: concatenated filter ≠ whole"
import json, sys
import numpy as np
a = np.fromfile("whole_filter.sigmf-data", "<f8")
b = np.fromfile(sys.argv[1] + ".sigmf-data", "<f8")
assert a.shape == b.shape and np.max(np.abs(a - b)) <= 1e-9 * np.max(np.abs(a)), sys.argv
ma, mb = json.load(open("whole_filter.sigmf-meta")), json.load(open(sys.argv[1] + ".sigmf-meta"))
ma["global"].pop("core:datetime", None), mb["global"].pop("core:datetime", None)
assert ma["captures"] == mb["captures"] and ma["global"] == mb["global"], (ma, mb)
PY
    # overview pieces: the recording's own overview, file for file
    rm -rf rec.picostream-overview
    run 0 "$PS" merge $(ls -r o_*.json)
    diff -r whole_overview rec.picostream-overview || fail "cut $k: merged overview ≠ whole"
    # peaks: exactly the whole command's CSV
    run 0 "$PS" merge $(ls -r ka_*.json) -o merged_peaks_a_$k.csv
    cmp merged_peaks_a_$k.csv whole_peaks_a.csv || fail "cut $k: merged peaks ≠ whole"
    run 0 "$PS" merge $(ls kb_*.json) -o merged_peaks_b_$k.csv
    cmp merged_peaks_b_$k.csv whole_peaks_b.csv || fail "cut $k: merged distance peaks ≠ whole"
    # events: exactly the whole command's CSV
    run 0 "$PS" merge $(ls -r e_*.json) -o merged_events_$k.csv
    cmp merged_events_$k.csv whole_events.csv || fail "cut $k: merged events ≠ whole"
    # in reverse order: merge sorts them
    run 0 "$PS" merge $(ls -r p_*.json) -o merged_psd_$k.csv
    run 0 "$PS" merge $(ls s_*.json) -o merged_stats_$k.csv
    run 0 "$PS" merge $(ls x_*.json) -o merged_xcorr_$k.csv
    [ "$(sed 's/: .*//' err.txt)" = "${whole_max%%: *}" ] || { cat err.txt; fail "xcorr max"; }
    $PY - "$k" <<'PY' || fail "cut $k: merged ≠ whole"
import sys
import numpy as np
k = sys.argv[1]
for what in ("psd", "stats", "xcorr"):
    whole = open("whole_%s.csv" % what).read().splitlines()
    merged = open("merged_%s_%s.csv" % (what, k)).read().splitlines()
    assert whole[0] == merged[0] and len(whole) == len(merged), (what, whole[0], merged[0])
    for a, b in zip(whole[1:], merged[1:]):
        a, b = a.split(","), b.split(",")
        if what == "stats":  # channel name, then numbers; gaps and lost exactly
            assert a[0] == b[0] and a[-2:] == b[-2:], (a, b)
            a, b = a[1:-2], b[1:-2]
        x, y = np.array(a, float), np.array(b, float)
        # stats: the mean of a signal centred on 0 cancels, so to 1e-12 of the rms there
        # xcorr: sums of products in another order, to 1e-12 of the correlation's scale
        scale = (np.abs(x) if what == "psd" else np.maximum(np.abs(x), x[4]) if what == "stats"
                 else np.abs(np.loadtxt("whole_xcorr.csv", delimiter=",", skiprows=1)[:, 1]).max())
        assert np.all(np.abs(x - y) <= 1e-12 * scale), (what, a, b)
PY
    k=$((k + 1))
done < cuts.txt

# what merge refuses, naming why; nothing written
run 0 "$PS" plan rec --pieces 3
[ "$(wc -l < out.txt)" = 3 ] || fail "plan: 3 pieces"
read -r _ a b < <(sed -n 2p out.txt)
run 0 "$PS" stats rec --from 0 --to "$a" --partial x0.json
run 0 "$PS" stats rec --from "$b" --partial x2.json
run 2 "$PS" merge x0.json x2.json -o never.csv
expect_err "picostream merge: samples $a…$b are in no piece"
run 2 "$PS" merge x0.json x0.json x2.json -o never.csv
expect_err "picostream merge: pieces overlap at sample 0 (a piece given twice?)"
run 2 "$PS" merge x0.json p_0.json -o never.csv
expect_err "picostream merge: partial 2 is of another recording, analysis or parameters than the first"
$PY -c "import json; d = json.load(open('x2.json')); d['stats'][0]['m2'] = 'x'; json.dump(d, open('damaged.json', 'w'))"
run 0 "$PS" stats rec --from "$a" --to "$b" --partial x1.json
run 1 "$PS" merge x0.json x1.json damaged.json -o never.csv
expect_err "picostream merge: a stats partial with a damaged number"
# numbers the piece cannot have: a count other than its length, negative sums of squares
for edit in "d['stats'][0]['n'] += 1" "d['stats'][0]['m2'] = -1.0" "d['stats'][0]['sumsq'] = -2.0"; do
    $PY -c "import json; d = json.load(open('x2.json')); $edit; json.dump(d, open('impossible.json', 'w'))"
    run 1 "$PS" merge x0.json x1.json impossible.json -o never.csv
    grep -q "^picostream merge: the stats partial of samples $b…[0-9]* holds impossible numbers" err.txt ||
        { cat err.txt; fail "impossible numbers: $edit"; }
done
# another recording by the same name, rate and length: the partials carry their recording's identity
cp rec.sigmf-meta rec.meta.kept
$PY -c "
import json; m = json.load(open('rec.sigmf-meta'))
m['global']['core:datetime'] = '2001-01-01T00:00:00.000000Z'
json.dump(m, open('rec.sigmf-meta', 'w'))"
run 2 "$PS" merge x0.json x1.json x2.json -o never.csv
expect_err "picostream merge: rec.sigmf-meta is not the recording the partials were made from (another recording by that name, or it changed since)"
mv rec.meta.kept rec.sigmf-meta
run 0 "$PS" merge x0.json x1.json x2.json -o merged_again.csv
rm -f merged_again.csv impossible.json
# a constant level: its mean may round a hair past its min and max, and that is no damage
run 0 "$PS" capture -d sim --sim 'A=dc(0.1)' -c A:1V --rate 100k --samples 30k -o flat --quiet
run 0 "$PS" stats flat --to 10000 --partial f0.json
run 0 "$PS" stats flat --from 10000 --to 20000 --partial f1.json
run 0 "$PS" stats flat --from 20000 --partial f2.json
run 0 "$PS" merge f0.json f1.json f2.json -o flat.csv
rm -f f0.json f1.json f2.json flat.csv
echo '{"not": "a partial"}' > junk.json
run 1 "$PS" merge junk.json -o never.csv
expect_err "picostream merge: partial 1 is not a picostream partial (format 2)"
run 2 "$PS" merge x0.json -o x0.json
[ ! -e never.csv ] || fail "a refused merge wrote its output"
run 2 "$PS" psd rec --nperseg 1000 --average median --partial m.json
expect_err "picostream psd: psd --average median does not split into pieces (a median needs every segment at once): use mean"
run 2 "$PS" stats rec --window 1000 --partial m.json
expect_err "picostream stats: --partial writes the piece's partial result: not with --window or --csv"
[ ! -e m.json ] || fail "a refused partial was written"
# a level event that never ends (its hysteresis is wider than the signal) keeps the start the
# finder saw for ever: pieces' finders that never agree are refused, naming the boundary
# the boundary 20000 samples into the second stretch, far from the next gap (a gap would
# restart both finders, and they would agree there)
read -r n b < <($PY -c "
import json
m = json.load(open('rec.sigmf-meta'))
caps = [c['core:sample_start'] for c in m['captures']] + [m['global']['picostream:samples']]
assert caps[2] - caps[1] > 40000, caps
print(caps[-1], caps[1] + 20000)")
run 0 "$PS" events rec -c A --above 1 --hysteresis 10 --overlap 8192 --to "$b" --partial h_0.json
run 0 "$PS" events rec -c A --above 1 --hysteresis 10 --overlap 8192 --from "$b" --to "$n" \
    --partial h_1.json
run 2 "$PS" merge h_0.json h_1.json -o never.csv
expect_err "picostream merge: events: the finders before and after sample $b never agreed within the pieces' overlap (a rule's state lasts longer there): use fewer pieces or a larger --overlap"
# filter pieces: -o may not be a piece; a filter that forgets too slowly is not split
run 2 "$PS" merge f_*.json -o f_0
expect_err "picostream merge: f_0 is the piece f_0: refused"
run 2 "$PS" merge f_*.json
expect_err "picostream merge: filter, resample and envelope pieces concatenate into a recording: give -o NAME"
run 2 "$PS" filter rec -o never --lowpass 0.01 --to 1000 --partial never.json
expect_err "picostream filter: this filter forgets its start too slowly to be split into pieces (its cutoff is very low for the rate): filter the whole recording"
[ ! -e never.json ] && [ ! -e never.sigmf-meta ] || fail "a refused filter piece left files"
# overview pieces: -o PIECE with --partial, never a recording; merge writes no -o
run 2 "$PS" overview rec --from 10 --partial never.json
expect_err "picostream overview: --partial and -o PIECE go together (a piece of the overview)"
run 2 "$PS" overview rec --from 10 --partial never.json -o rec
expect_err "picostream overview: rec is a recording: its overview is not a piece's place"
run 2 "$PS" overview rec --from 10
expect_err "picostream overview: --from/--to select a piece: with --partial and -o PIECE"
run 2 "$PS" merge o_*.json -o somewhere
expect_err "picostream merge: overview pieces merge into the recording's own overview (rec.picostream-overview): no output name"
[ ! -e never.json ] || fail "a refused overview piece wrote its partial"
# a recording changed since its partials were made
cp rec.sigmf-meta rec2.sigmf-meta && cp rec.sigmf-data rec2.sigmf-data
run 0 "$PS" stats rec2 --partial c.json
head -c 4000 rec.sigmf-data >> rec2.sigmf-data
run 2 "$PS" merge c.json
grep -q "rec2.sigmf-meta has changed since the partials were made" err.txt || { cat err.txt; fail "changed recording"; }

# peaks whose prominence walks reach far past a piece (crests 200k samples apart, a piece
# boundary 8.6k after one): a cut-short walk must widen the window, not drop the peak
PICOSTREAM_SIM="A=sine(5,1)+noise(1m)" run 0 "$PS" capture -d sim -c A:2V --rate 1M \
    --samples 2M -o slow --quiet
run 0 "$PS" peaks slow -c A --prominence 1.9 --csv slow_whole.csv
[ "$(wc -l < slow_whole.csv)" -gt 5 ] || fail "the slow sine needs peaks"
c=(0 260000 845000 2000000)
for i in 0 1 2; do
    run 0 "$PS" peaks slow -c A --prominence 1.9 --from "${c[i]}" --to "${c[i+1]}" \
        --partial slow_$i.json
done
run 0 "$PS" merge slow_*.json -o slow_merged.csv
cmp slow_merged.csv slow_whole.csv || fail "peaks far from their bases lost at a boundary"

# the Slurm example, its array run by a stand-in sbatch, on two recordings
run 0 "$PS" capture -d sim:ps6000a -c A:2V -c C:1V --rate 5M --samples 3M -o rec6 --quiet
mkdir -p bin && cp "$EX/fake_sbatch" bin/sbatch
PATH="$PWD/bin:$PATH" PICOSTREAM="$PS" PIECE_SIZE=1M NPERSEG=4096 run 0 sh "$EX/fleet_psd.sh" \
    fleet rec rec6
[ "$(wc -l < fleet/plan.txt)" = 8 ] || fail "PIECE_SIZE=1M: 2 + 6 pieces"
i=0
for r in rec rec6; do
    run 0 "$PS" psd $r --nperseg 4096 --csv whole_$r.csv
    $PY - whole_$r.csv fleet/$i.csv <<'PY' || fail "slurm example: $r"
import sys
import numpy as np
a = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
b = np.loadtxt(sys.argv[2], delimiter=",", skiprows=1)
assert a.shape == b.shape and np.all(np.abs(a - b) <= 1e-12 * np.abs(a)), sys.argv
PY
    i=$((i + 1))
done
true
