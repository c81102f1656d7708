# A recording's overview is used only when it is sealed for that very recording: one replaced
# by --overwrite, or left short by a killed capture or build, is rebuilt before it is served;
# capture --overwrite never writes through a link into another recording; a recording being
# captured refuses annotations that the capture's next meta would drop.
source "$(dirname "$0")/lib.sh"
started=()
trap 'rc=$?; for p in "${started[@]}"; do kill -9 $p 2>/dev/null; done; if [ $rc -eq 0 ]; then rm -rf "$T"; else echo "kept $T" >&2; fi' EXIT

# view_once NAME…: starts the viewer, asks for the recordings, stops it; the list in list.json
view_once() {
    rm -f port.txt
    "$PS" view "$@" --listen 127.0.0.1:0 --print-port >port.txt 2>view.err &
    local pid=$!
    for i in $(seq 300); do [ -s port.txt ] && break; kill -0 $pid 2>/dev/null || break; sleep 0.1; done
    [ -s port.txt ] || { cat view.err; fail "view $* did not start"; }
    $PY -c "import sys, urllib.request; sys.stdout.write(urllib.request.urlopen('http://127.0.0.1:%s/api/recordings' % open('port.txt').read().strip()).read().decode())" >list.json
    kill $pid; wait $pid
}
same_as_fresh() { # NAME's overview equals one built anew from its data
    cp -r "$1.picostream-overview" kept.ov
    run 0 "$PS" overview "$1" --quiet
    diff -r kept.ov "$1.picostream-overview" >/dev/null || fail "$1's overview is not its data's"
    rm -rf kept.ov
}

# a capture seals its overview; the viewer uses it as it is
run 0 "$PS" capture -d sim --sim 'seed=1;A=sine(1k,1)' -c A:2V --rate 1M --samples 600k -o rec --quiet
[ -f rec.picostream-overview/complete ] || fail "a finished capture left its overview unsealed"
view_once rec
! grep -q building view.err || { cat view.err; fail "a sealed overview was rebuilt"; }

# replaced by a capture without an overview: the old one is stale, and rebuilt before use
run 0 "$PS" capture -d sim --sim 'seed=2;A=square(300,1.5)' -c A:2V --rate 1M --samples 600k -o rec \
    --overwrite --no-overview --quiet
view_once rec
grep -q "^picostream view: building rec.picostream-overview (rec.picostream-overview was made for another recording, or before this one was replaced)$" view.err || { cat view.err; fail "stale overview"; }
same_as_fresh rec

# a short level (an interrupted build) is refused too
run 0 "$PS" capture -d sim -c A:2V --rate 1M --samples 600k -o short --quiet
truncate -s -8 short.picostream-overview/L08.f32
view_once short
grep -q "^picostream view: building short.picostream-overview (short.picostream-overview: level L08 is not its 2344 bins)$" view.err || { cat view.err; fail "short level"; }
same_as_fresh short

# a killed capture's overview is unsealed: rebuilt, and then equal to its data's
"$PS" capture -d sim -c A:2V --rate 1M --duration 60s -o killed --quiet &
pid=$!; started+=($pid)
for i in $(seq 100); do [ -s killed.sigmf-data ] && [ "$(stat -c %s killed.sigmf-data)" -gt 2000000 ] && break; sleep 0.1; done
# meanwhile: a recording being captured refuses annotations (its next meta would drop them)
run 2 "$PS" events killed -c A --above 0.5 --annotate --quiet
expect_err "picostream events: killed is being captured: annotate it once the capture has ended"
# and no capture replaces it
run 2 "$PS" capture -d sim -c A:2V --rate 1M --samples 1000 -o killed --overwrite --quiet
expect_err "picostream capture: killed.sigmf-data is being captured by another run: refused"
kill -9 $pid; wait $pid 2>/dev/null
[ ! -f killed.picostream-overview/complete ] || fail "a killed capture's overview is sealed"
view_once killed
grep -q "^picostream view: building killed.picostream-overview (killed.picostream-overview is incomplete" view.err || { cat view.err; fail "killed capture's overview"; }
same_as_fresh killed
run 0 "$PS" events killed -c A --above 0.5 --annotate --quiet

# where the overview cannot be written beside it, the viewer builds one elsewhere and removes it
run 0 "$PS" capture -d sim -c A:2V --rate 1M --samples 600k -o ro --no-overview --quiet
echo "not a folder" > ro.picostream-overview
view_once ro
grep -q "building it in /tmp/picostream-view\." view.err || { cat view.err; fail "read-only fallback"; }
$PY -c "import json; r = json.load(open('list.json')); assert r[0]['samples'] == 600000, r"
tmpdir=$(sed -n 's/.*building it in \(\/tmp\/picostream-view\.[^ ]*\) instead$/\1/p' view.err)
[ -n "$tmpdir" ] && [ ! -e "$tmpdir" ] || fail "the temporary overview $tmpdir was left"
[ "$(cat ro.picostream-overview)" = "not a folder" ] || fail "the file in the way changed"

# one unreadable recording: the others are still listed
run 0 "$PS" capture -d sim -c A:2V --rate 1M --samples 1000 -o gone --quiet
"$PS" view rec gone --listen 127.0.0.1:0 --print-port >port.txt 2>view.err &
pid=$!; started+=($pid)
for i in $(seq 300); do [ -s port.txt ] && break; sleep 0.1; done
rm gone.sigmf-meta
$PY - "$(cat port.txt)" <<'PY' || fail "the list with an unreadable recording"
import json, sys, urllib.request
recs = json.loads(urllib.request.urlopen("http://127.0.0.1:%s/api/recordings" % sys.argv[1]).read())
assert recs[0]["samples"] == 600000 and "error" not in recs[0], recs[0]
assert recs[1]["name"] == "gone" and "gone.sigmf-meta" in recs[1]["error"], recs[1]
PY
kill $pid; wait $pid 2>/dev/null

# capture --overwrite replaces a linked data file's link, never the file it points to
run 0 "$PS" capture -d sim -c A:2V --rate 100k --samples 20k -o other --quiet
sum=$(md5sum < other.sigmf-data)
rm rec.sigmf-data && ln -s other.sigmf-data rec.sigmf-data
run 0 "$PS" capture -d sim -c A:2V --rate 100k --samples 5k -o rec --overwrite --quiet
[ "$(md5sum < other.sigmf-data)" = "$sum" ] || fail "capture wrote through a link into another recording"
[ -f rec.sigmf-data ] && [ ! -L rec.sigmf-data ] || fail "the link is still there"
run 0 "$PS" verify rec
run 0 "$PS" verify other
# a planted link in place of the meta's temporary name is not written through
ln -s other.sigmf-data rec.sigmf-meta.tmp
run 0 "$PS" capture -d sim -c A:2V --rate 100k --samples 5k -o rec --overwrite --quiet
[ "$(md5sum < other.sigmf-data)" = "$sum" ] || fail "the meta was written through a link"
true
