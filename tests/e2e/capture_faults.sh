# Faults: a full ring (slow writer), a stalled driver (slow poller), --lossless, an unplugged
# device, a file-size limit, over-range. Each is recorded, counted, and the data stays exact.
source "$(dirname "$0")/lib.sh"

# ring full: exact gaps, every one a new captures segment, verify still bit-exact
run 0 "$PS" capture -d sim -c A:2V --rate 1M --samples 3M -o ring --ring 64k \
    --test-throttle-writer 1M --quiet
$PY - <<'PY' || fail "ring gaps"
import json, os
m = json.load(open("ring.sigmf-meta"))
g, caps = m["global"], m["captures"]
assert len(caps) > 2, caps
frames = os.path.getsize("ring.sigmf-data") // 2
missing = sum((b["core:global_index"] - a["core:global_index"]) -
              (b["core:sample_start"] - a["core:sample_start"]) for a, b in zip(caps, caps[1:]))
assert missing > 0 and not any(c.get("picostream:global_index_estimated") for c in caps)
# every device sample is recorded or counted lost, nothing else
assert frames + g["picostream:lost_samples"] == 3000000, (frames, g["picostream:lost_samples"])
assert missing <= g["picostream:lost_samples"]
PY
run 0 "$PS" verify ring
grep -q "match the simulator bit for bit ([0-9]* segments, [1-9][0-9]* samples lost)" out.txt ||
    { cat out.txt; fail "ring verify"; }

# --lossless: the first loss stops the capture, exit status 3, recording still valid
run 3 "$PS" capture -d sim -c A:2V --rate 1M --samples 3M -o strict --ring 64k \
    --test-throttle-writer 1M --lossless --quiet
grep -q "^picostream capture: [0-9]* samples lost (the ring was full: the disk is too slow) under --lossless$" err.txt ||
    { cat err.txt; fail "lossless message"; }
run 0 "$PS" verify strict

# a stalled driver: the resume point is estimated from the clock, verify finds the exact one
PICOSTREAM_SIM="fifo=100k" run 0 "$PS" capture -d sim -c A:2V --rate 1M --samples 2M -o stall \
    --test-poll-delay 300ms --quiet
run 0 "$PS" info stall
grep -q "samples missing (estimated from the clock)" out.txt || { cat out.txt; fail "stall gap"; }
run 0 "$PS" verify stall

# unplugged after 500k samples: exit 1 with the reason, everything received kept and exact
PICOSTREAM_SIM="unplug=500k" run 1 "$PS" capture -d sim -c A:2V --rate 1M --duration 5s -o up --quiet
expect_err "picostream capture: the 5444D stopped responding (unplugged?): ps5000aGetStreamingLatestValues returned PICO_NOT_RESPONDING (7)"
run 0 "$PS" verify up
expect_out_has "up: 500000 samples × 1 channel match"

# a file-size limit (EFBIG; ENOSPC takes the same path): clean stop, meta final, data exact
( ulimit -f 1024; "$PS" capture -d sim -c A:2V -c B:2V --rate 1M --duration 3s -o big --quiet \
    >out.txt 2>err.txt ); [ $? -eq 1 ] || fail "EFBIG exit"
grep -q "^picostream capture: cannot write big.sigmf-data: File too large (the recording is valid up to sample [0-9]*)$" err.txt ||
    { cat err.txt; fail "EFBIG message"; }
run 0 "$PS" verify big
run 0 "$PS" info big
expect_out_has "status     complete (disk error: cannot write big.sigmf-data: File too large"

# over range: clipped at full scale, flagged in the summary and the meta
PICOSTREAM_SIM="A=sine(10,2.5)" run 0 "$PS" capture -d sim -c A:2V -c B:2V --rate 100k \
    --samples 200k -o over
grep -q ", some samples over range$" err.txt || { cat err.txt; fail "over-range summary"; }
$PY -c 'import json; assert json.load(open("over.sigmf-meta"))["global"]["picostream:over_range"] == ["A"]' ||
    fail "over-range meta"
