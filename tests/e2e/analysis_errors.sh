# Analysis on bad input: a clear message, non-zero exit, no output left, the input untouched.
source "$(dirname "$0")/lib.sh"
run 0 "$PS" capture -d sim -c A:2V -c B:1V --rate 100k --samples 20k -o rec --quiet
# the tests' block-size knob is the CLI's (the library takes it per reader), and checked
PICOSTREAM_BLOCK=0 run 1 "$PS" stats rec
expect_err "picostream stats: PICOSTREAM_BLOCK: block of 0 frames (1…16777216)"
sum=$(md5sum rec.sigmf-data rec.sigmf-meta)

run 2 "$PS" stats rec -c C
expect_err "picostream stats: no channel 'C' in this recording (A, B)"
# one-channel commands: without -c, a recording's only channel; with two, ask which
run 2 "$PS" peaks rec --height 0.1
expect_err "picostream peaks: give one channel: -c A (this recording has A, B)"
run 2 "$PS" events rec -c A,B --above 0.1
expect_err "picostream events: give one channel: -c A (picostream events --help)"
run 0 "$PS" capture -d sim -c C:2V --rate 100k --samples 20k -o only_c --quiet
run 0 "$PS" peaks only_c --height 0.5 --csv only_c.csv
run 0 "$PS" peaks only_c -c C --height 0.5 --csv only_c_named.csv
cmp only_c.csv only_c_named.csv || fail "the only channel is not the default"
run 2 "$PS" filter rec -o out --lowpass 60k
expect_err "picostream filter: band edge 60000 Hz must be between 0 and the Nyquist frequency 50000 Hz"
[ ! -e out.sigmf-data ] && [ ! -e out.sigmf-meta ] || fail "filter left files"
run 2 "$PS" filter rec -o out --bandpass 2k:1k
expect_err "picostream filter: band 2000:1000 Hz: the first edge must be the lower"
run 2 "$PS" filter rec -o out --lowpass 1k --highpass 2k
expect_err "picostream filter: give exactly one of --lowpass, --highpass, --bandpass, --bandstop (picostream filter --help)"
run 2 "$PS" filter rec -o out --lowpass 1k --to 10
expect_err "picostream filter: 10 samples selected: zero-phase filtering needs more than padlen = 15 (use --causal for short signals)"
[ ! -e out.sigmf-data ] || fail "filter left data"
run 2 "$PS" psd rec --nperseg 30k
expect_err "picostream psd: nperseg 30000 is longer than the signal (20000 samples)"
run 2 "$PS" psd rec --window kaiser
expect_err "picostream psd: window 'kaiser' (hann, hamming, blackman, flattop, boxcar, bartlett)"
run 2 "$PS" psd rec --from 1s
expect_err "picostream psd: --from '1s': out of range (0…0.19999 s)"
run 2 "$PS" resample rec -o out --up 0 --down 2
expect_err "picostream resample: --up '0': out of range (1…100000)"
run 2 "$PS" xcorr rec --a A --b Q
expect_err "picostream xcorr: no channel 'Q' in this recording"
run 2 "$PS" envelope rec -o out --rate 1M
expect_err "picostream envelope: envelope rate 1e+06 S/s must be positive and at most the recording's 100000 S/s"

# an output never replaces an existing recording without --overwrite
run 0 "$PS" filter rec -o lp --lowpass 1k --quiet
run 2 "$PS" filter rec -o lp --lowpass 2k --quiet
expect_err "picostream filter: lp.sigmf-meta already exists (pass --overwrite to replace it)"

# malformed and truncated recordings
echo '{"global": {"core:datatype": "ri16_le"' > bad.sigmf-meta
: > bad.sigmf-data
run 1 "$PS" stats bad
grep -q "^picostream stats: bad.sigmf-meta: not valid JSON" err.txt || { cat err.txt; fail "malformed"; }
cp rec.sigmf-meta cut.sigmf-meta
head -c 30001 rec.sigmf-data > cut.sigmf-data
run 1 "$PS" psd cut
expect_err "picostream psd: cut.sigmf-data is truncated: 7500 samples per channel, the meta vouches for 20000"
$PY - <<'PY'
import json
m = json.load(open("rec.sigmf-meta"))
m["global"]["core:datatype"] = "cf32_le"
json.dump(m, open("cplx.sigmf-meta", "w"))
PY
cp rec.sigmf-data cplx.sigmf-data
run 1 "$PS" filter cplx -o out --lowpass 1k
expect_err "picostream filter: cplx.sigmf-meta: datatype 'cf32_le' not supported (ri8, ri16_le, ri32_le, rf32_le, rf64_le)"
[ "$(md5sum rec.sigmf-data rec.sigmf-meta)" = "$sum" ] || fail "input changed"
ls out.sigmf-* 2>/dev/null && fail "an output was left behind"
true

# Ctrl-C during an analysis cancels it cleanly: exit 130, "cancelled", no output left behind
# (not even a temporary file), the input untouched
mkdir cancel && cd cancel || fail "mkdir"
run 0 "$PS" capture -d sim:unlimited -c A:2V --rate 100M --samples 20M -o big --quiet
before=$(md5sum big.sigmf-data big.sigmf-meta)
"$PS" stats big --window 1 --csv big_stats.csv >out.txt 2>err.txt &
pid=$!
sleep 0.7
kill -INT $pid
wait $pid
rc=$?
[ $rc -eq 130 ] || { cat err.txt; fail "stats after Ctrl-C exited $rc, expected 130"; }
expect_err "picostream stats: cancelled"
[ -z "$(ls -A | grep -v -e '^big\.sigmf' -e '^big\.picostream-overview$' -e '^out.txt$' -e '^err.txt$')" ] ||
    fail "a cancelled analysis left files: $(ls -A)"
[ "$before" = "$(md5sum big.sigmf-data big.sigmf-meta)" ] || fail "the input changed"
cd .. && rm -rf cancel
