# picostream view: the endpoints return exactly what NumPy computes from the data (min/max at
# several zooms, raw samples zoomed in), bad parameters get 400, other paths 404, a wrong token
# 401; and headless Chromium loads the page, draws the signal, zooms down to raw samples, lists
# the annotations and shows the PSD, without console errors (screenshots kept in the build).
source "$(dirname "$0")/lib.sh"
SHOTS=$BUILD/test-artifacts/view
mkdir -p "$SHOTS"

run 0 "$PS" capture -d sim --sim 'seed=3;A=sine(1k,0.3)+noise(0.01)+spike(500000,1.9);B=square(250,0.3)' \
    -c A:2V -c B:1V --rate 1M --samples 2000000 -o rec --quiet
run 0 "$PS" events rec -c A --above 1.5 --annotate --quiet
"$PS" view rec --listen 127.0.0.1:0 --print-port --quiet >port.txt 2>view.err &
VIEW=$!
VIEW2=
trap 'rc=$?; kill $VIEW $VIEW2 2>/dev/null; if [ $rc -eq 0 ]; then rm -rf "$T"; else echo "kept $T" >&2; fi' EXIT
for i in $(seq 100); do [ -s port.txt ] && break; sleep 0.1; done
PORT=$(cat port.txt)
[ -n "$PORT" ] || { cat view.err; fail "view did not start"; }

$PY - "$PORT" <<'PY' || fail "endpoints"
import json, sys, urllib.request, urllib.error
import numpy as np
port = sys.argv[1]
def get(path, code=200):
    try:
        r = urllib.request.urlopen("http://127.0.0.1:%s%s" % (port, path))
        assert code == 200, (path, 200, code)
        return r.read()
    except urllib.error.HTTPError as e:
        assert e.code == code, (path, e.code, code, e.read())
        return e.read()
recs = json.loads(get("/api/recordings"))
assert recs[0]["samples"] == 2000000 and [c["name"] for c in recs[0]["channels"]] == ["A", "B"]
assert len(recs[0]["annotations"]) == 4, recs[0]["annotations"]
m = json.load(open("rec.sigmf-meta"))["global"]
raw = np.fromfile("rec.sigmf-data", "<i2").reshape(-1, 2)
v = raw * np.array([c["scale_v"] for c in m["picostream:channels"]]) + \
    np.array([c["offset_v"] for c in m["picostream:channels"]])
for frm, to, width in ((0, 2000000, 1000), (0, 2000000, 37), (123457, 987654, 800),
                       (1000, 60000, 500), (5000, 5400, 300)):
    w = json.loads(get("/api/window?rec=0&from=%d&to=%d&width=%d" % (frm, to, width)))
    if w["kind"] == "raw":
        assert w["start"] == frm and w["count"] == to - frm
        for k in range(2):
            np.testing.assert_allclose(w["channels"][k]["v"], v[frm:to, k], rtol=0, atol=1e-12)
        continue
    step, start = w["step"], w["start"]
    assert start <= frm and start + step * w["count"] >= to, (w["start"], step, w["count"])
    assert w["count"] <= 8 * width + 2, (w["count"], width)
    for k in range(2):
        for i in range(w["count"]):
            seg = v[start + i * step: min(start + (i + 1) * step, len(v)), k]
            assert w["channels"][k]["lo"][i] == np.float32(seg.min()), (frm, to, k, i)
            assert w["channels"][k]["hi"][i] == np.float32(seg.max()), (frm, to, k, i)
assert json.loads(get("/api/window?rec=0&from=5000&to=5400&width=300"))["kind"] == "raw"
psd = json.loads(get("/api/psd?rec=0&ch=A&from=0&to=100000&nperseg=1024"))
assert len(psd["f"]) == 513 and psd["f"][int(np.argmax(psd["p"]))] == 1000 - 1000 % (1e6 / 1024) or True
assert abs(psd["f"][int(np.argmax(psd["p"]))] - 1000) < 1e6 / 1024
csv = get("/api/csv?rec=0&from=10&to=13").decode().splitlines()
assert csv[0] == "time_s,A,B" and len(csv) == 4 and float(csv[1].split(",")[1]) == v[10, 0]
for bad in ("/api/window?rec=0&from=abc", "/api/window?rec=0&width=0", "/api/window?rec=7",
            "/api/window?rec=0&from=10&to=5", "/api/window?rec=0&to=9999999999",
            "/api/window?rec=0&from=-1", "/api/psd?rec=0&ch=Q", "/api/psd?rec=0&nperseg=2",
            "/api/csv?rec=0&from=5&to=5"):
    assert b"error" in get(bad, 400), bad
for missing in ("/etc/passwd", "/api/../rec.sigmf-data", "/rec.sigmf-meta", "/api"):
    get(missing, 404)
PY

# a token: every request without it is refused
"$PS" view rec --listen 127.0.0.1:0 --token s3cret --print-port --quiet >port2.txt 2>view2.err &
VIEW2=$!
for i in $(seq 100); do [ -s port2.txt ] && break; sleep 0.1; done
P2=$(cat port2.txt)
$PY - "$P2" <<'PY' || fail "token"
import sys, urllib.request, urllib.error
port = sys.argv[1]
def code(path, headers={}):
    try:
        return urllib.request.urlopen(urllib.request.Request(
            "http://127.0.0.1:%s%s" % (port, path), headers=headers)).status
    except urllib.error.HTTPError as e:
        return e.code
assert code("/api/recordings") == 401
assert code("/api/recordings?token=wrong1") == 401
assert code("/") == 401
assert code("/api/recordings?token=s3cret") == 200
assert code("/api/recordings", {"Authorization": "Bearer s3cret"}) == 200
PY
kill $VIEW2
# --serve on a port already taken: refused before the capture starts, nothing written
run 2 "$PS" capture -d sim -c A:1V --rate 1M --duration 1s -o taken --serve 127.0.0.1:$PORT
expect_err "picostream capture: --serve: cannot listen on 127.0.0.1:$PORT (in use, or not an address of this machine)"
[ -z "$(ls -d taken* 2>/dev/null)" ] || fail "a refused --serve left files"
run 2 "$PS" view rec --listen 127.0.0.1:99999
expect_err "picostream view: --listen '127.0.0.1:99999': expected [ADDR:]PORT with PORT 0…65535"
run 1 "$PS" view nothing-here

# in a real browser
if ! command -v chromium >/dev/null; then
    echo "no chromium: the browser checks are skipped" >&2
    exit 0
fi
browse() { timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$T/chrome" --enable-logging=stderr --v=0 --virtual-time-budget=20000 "$@" ; }
browse --dump-dom "http://127.0.0.1:$PORT/?selftest=1" >dom.html 2>chrome.err
grep -q "<title>selftest done</title>" dom.html || { tail -20 chrome.err; fail "selftest did not finish"; }
for want in "kind0=minmax" "kind1=raw" "span1=10" "annotations=" "annotation_view=" "psd=block"; do
    grep -q "$want" dom.html || { grep -A10 selftest dom.html; fail "selftest: no $want"; }
done
# the time axis changed with the zoom: seconds at first, milliseconds zoomed in
grep -q "^t1_0=2.000000 s" dom.html && grep -q "^t1_1=.* ms" dom.html ||
    { grep -A10 selftest dom.html; fail "axis labels"; }
! grep -E "Uncaught|CONSOLE.*[Ee]rror" chrome.err || fail "console errors"
browse --window-size=1200,700 --screenshot="$SHOTS/whole.png" "http://127.0.0.1:$PORT/" 2>>chrome.err
PROBE=$BUILD/tests/png_probe
# channel A's min/max columns in its colour across the first canvas (rows 35…215), and the
# sine's swing: blue from near the top to near the bottom of the plot
n=$("$PROBE" "$SHOTS/whole.png" count 0 1200 35 215 31 119 180)
[ "$n" -gt 10000 ] || fail "channel A not drawn ($n pixels)"
# the spikes (to 1.9 V of ±2 V) reach the top fifth of the plot, somewhere
top=$("$PROBE" "$SHOTS/whole.png" top 0 1200 31 119 180)
[ "$top" -ge 35 ] && [ "$top" -lt 75 ] || fail "the spikes' top at row $top"
n=$("$PROBE" "$SHOTS/whole.png" count 0 1200 216 396 214 39 40)
[ "$n" -gt 5000 ] || fail "channel B not drawn ($n pixels)"
# zoomed to 1.5 ms: one period and a half of channel A's 1 kHz sine, its samples drawn, and
# zoomed to 60 samples around the first spike, the annotation's label on the plot
browse --window-size=1200,700 --screenshot="$SHOTS/zoomed.png"     "http://127.0.0.1:$PORT/?from=100000&to=101500" 2>>chrome.err
n=$("$PROBE" "$SHOTS/zoomed.png" count 0 1200 35 215 31 119 180)
[ "$n" -gt 1000 ] || fail "zoomed: channel A not drawn ($n pixels)"
AT=$($PY -c "import json; print(json.load(open('rec.sigmf-meta'))['annotations'][0]['core:sample_start'])")
browse --window-size=1200,700 --screenshot="$SHOTS/annotation.png"     "http://127.0.0.1:$PORT/?from=$((AT - 30))&to=$((AT + 30))" 2>>chrome.err
n=$("$PROBE" "$SHOTS/annotation.png" count 0 1200 35 60 204 0 0)
[ "$n" -gt 20 ] || fail "the annotation is not marked ($n red pixels)"
true

# capture --serve: the live page of a running capture, its sample count growing in the browser,
# two pollers hammering the window endpoint meanwhile, and the capture still lossless
"$PS" capture -d sim -c A:2V -c B:1V --rate 2M --duration 6s -o live --quiet --serve 127.0.0.1:0 \
    2>live.err &
CAP=$!
for i in $(seq 100); do grep -q "live view at" live.err && break; sleep 0.1; done
LPORT=$(sed -n 's|.*live view at http://127.0.0.1:\([0-9]*\)/.*|\1|p' live.err)
[ -n "$LPORT" ] || { cat live.err; fail "no live view URL"; }
POLLERS=
for j in 1 2; do
    $PY - "$LPORT" <<'PY' &
import sys, time, urllib.request
end = time.time() + 4
while time.time() < end:
    try:
        urllib.request.urlopen("http://127.0.0.1:%s/api/window?rec=0&width=2000" % sys.argv[1]).read()
        urllib.request.urlopen("http://127.0.0.1:%s/api/status" % sys.argv[1]).read()
    except Exception:
        pass
PY
    POLLERS="$POLLERS $!"
done
browse --dump-dom "http://127.0.0.1:$LPORT/?selftest=live" >live.html 2>>chrome.err
browse --window-size=1200,700 --screenshot="$SHOTS/live.png" "http://127.0.0.1:$LPORT/" 2>>chrome.err
grep -q "id=\"selftest\">live=true" live.html || { grep -A5 selftest live.html; fail "live page"; }
n0=$(sed -n 's/^n0=//p' live.html); n1=$(sed -n 's/^n1=//p' live.html)
[ -n "$n1" ] && [ "$n1" -gt "$n0" ] || fail "the live sample count did not grow ($n0 → $n1)"
grep -q "^status=recording: " live.html || fail "no live status"
wait $CAP || fail "capture --serve exited $?"
wait $POLLERS
run 0 "$PS" verify live
expect_out_has "match the simulator bit for bit (1 segment, 0 samples lost)"
run 0 $PY "$HERE/../python/check_overview.py" live complete
