# Faults: a full ring (slow writer), a stalled driver (slow poller), --lossless, an unplugged
# device, a file-size limit, over-range. Each is recorded, counted, and the data stays exact.
source "$(dirname "$0")/lib.sh"

# ring full (backpressure off, so the ring is where samples drop): exact gaps, each a new
# captures segment, verify still bit-exact
run 0 "$PS" capture -d sim -c A:2V --rate 1M --samples 3M -o ring --ring 64k \
    --test-throttle-writer 1M --test-no-backpressure --quiet
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
    --test-throttle-writer 1M --test-no-backpressure --lossless --quiet
grep -q "^picostream capture: [0-9]* samples lost (the ring was full: the disk is too slow) under --lossless$" err.txt ||
    { cat err.txt; fail "lossless message"; }
run 0 "$PS" verify strict

# a stalled driver: the resume point is estimated from the clock, verify finds the exact one
PICOSTREAM_SIM="fifo=100k" run 0 "$PS" capture -d sim -c A:2V --rate 1M --samples 2M -o stall \
    --test-poll-delay 300ms --quiet
run 0 "$PS" info stall
grep -q "samples missing (estimated from the clock)" out.txt || { cat out.txt; fail "stall gap"; }
run 0 "$PS" verify stall
# the faults the simulator injected are listed where they really are in the data, also after
# resume points the capture could only estimate (A's noise lets verify locate them); a spike
# every 20k samples, so each run the stalls leave (50k samples or more) holds some
PICOSTREAM_SIM="fifo=100k;A=noise(100m);B=dc(0)+spike(20k,1)" run 0 "$PS" capture -d sim -c A:2V \
    -c B:2V --rate 1M --samples 2M -o spikes --test-poll-delay 300ms --quiet
run 0 "$PS" verify spikes --faults
cp out.txt faults.csv
run 0 "$PS" info spikes
grep -q "estimated from the clock" out.txt || { cat out.txt; fail "no estimated gap to test"; }
run 0 "$PS" verify spikes
grep -q "resume point.* located" out.txt || { cat out.txt; fail "no resume point located"; }
$PY - <<'PY' || fail "verify --faults lists faults away from the samples they changed"
import csv, numpy as np
x = np.fromfile("spikes.sigmf-data", dtype="<i2").reshape(-1, 2)[:, 1]
listed = [int(r["sample"]) for r in csv.DictReader(open("faults.csv")) if r["channel"] == "B"]
seen = list(np.flatnonzero(x > 10000))
assert listed == seen and len(seen) >= 2, (listed[:8], seen[:8])
PY

# a slow disk with backpressure: samples wait in the driver's buffer; when that overflows too
# (fifo=200k), the loss is a driver stall, recorded with a clock-estimated resume point
PICOSTREAM_SIM="fifo=200k" run 0 "$PS" capture -d sim -c A:2V --rate 1M --samples 3M -o slow \
    --test-throttle-writer 1M --quiet
run 0 "$PS" info slow
grep -q "samples missing (estimated from the clock)" out.txt || { cat out.txt; fail "slow disk gap"; }
run 0 "$PS" verify slow
PICOSTREAM_SIM="fifo=200k" run 3 "$PS" capture -d sim -c A:2V --rate 1M --samples 3M -o slow2 \
    --test-throttle-writer 1M --quiet --lossless
grep -q "samples lost (the driver's buffer overflowed: polling too slow) under --lossless$" err.txt ||
    { cat err.txt; fail "lossless stall message"; }

# a busy driver (every 3rd poll PICO_BUSY) and one frozen for 1.5 s: retried, nothing lost
PICOSTREAM_SIM="busy=3" run 0 "$PS" capture -d sim -c A:2V --rate 1M --samples 1M -o busy --quiet
run 0 "$PS" verify busy
expect_out_has "(1 segment, 0 samples lost)"
PICOSTREAM_SIM="freeze=300k,1.5s" run 0 "$PS" capture -d sim -c A:2V --rate 1M --samples 3M -o frozen --quiet
run 0 "$PS" verify frozen
expect_out_has "frozen: 3000000 samples × 1 channel match the simulator bit for bit (1 segment, 0 samples lost)"
# frozen longer than --timeout: an error, the recording kept
PICOSTREAM_SIM="freeze=300k,5s" run 1 "$PS" capture -d sim -c A:2V --rate 1M --samples 5M -o dead --quiet --timeout 1s
expect_err "picostream capture: the 5444D delivered no data for 1 s (stalled)"
run 0 "$PS" verify dead
expect_out_has "dead: 300000 samples"

# --split: numbered recordings continuing the device's sample index, each valid on its own
run 0 "$PS" capture -d sim -c A:2V -c B:1V --rate 1M --samples 2500k --split 1s -o part --quiet \
    --ring 64k --test-throttle-writer 3M --test-no-backpressure
$PY - <<'PY' || fail "split parts"
import json, os
total, lost, nxt = 0, 0, 0
# about 3 parts; fewer when a slow machine (the sanitizers) loses more than a second's worth
parts = [k for k in range(1, 5) if os.path.exists("part-%04d.sigmf-meta" % k)]
assert len(parts) >= 2 and parts == list(range(1, len(parts) + 1)), parts
for k in parts:
    m = json.load(open("part-%04d.sigmf-meta" % k))
    n = os.path.getsize("part-%04d.sigmf-data" % k) // 4
    g = m["global"]
    assert g["picostream:samples"] == n, (k, n, g["picostream:samples"])
    caps = m["captures"]
    assert caps[0]["core:sample_start"] == 0
    assert caps[0]["core:global_index"] >= nxt, (k, caps[0], nxt)
    last = caps[-1]
    nxt = last["core:global_index"] + n - last["core:sample_start"]
    total += n
    lost += g["picostream:lost_samples"]
    reason = g["picostream:stop_reason"]
    assert reason == ("split: continues in part-%04d" % (k + 1) if k < parts[-1]
                      else "sample count reached"), reason
assert total + lost == 2500000, (total, lost)
PY
for f in part-*.sigmf-meta; do run 0 "$PS" verify "${f%.sigmf-meta}"; done

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
