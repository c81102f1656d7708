# The viewer answers only the host names it listens on when it has no token (a page reached
# through DNS rebinding sends its own), cuts off clients that trickle a request so slow clients
# cannot hold every slot, streams /api/csv in bounded memory, keeps non-finite samples in
# their places (null), and channel names stay text in the report's commands.
source "$(dirname "$0")/lib.sh"
run 0 "$PS" capture -d sim --sim 'seed=5;A=sine(1k,1)' -c A:2V --rate 1M --samples 2000000 -o rec --quiet
run 0 "$PS" filter rec -o odd --lowpass 50k --quiet
# a NaN at sample 1000 and +inf at 1003, and a channel name no shell or page should run
$PY - <<'PY'
import json, numpy as np
x = np.memmap("odd.sigmf-data", "<f4", "r+")
x[1000] = np.nan
x[1003] = np.inf
x.flush()
m = json.load(open("odd.sigmf-meta"))
m["global"]["picostream:channels"][0]["name"] = "<i>A</i>';$(id)"
json.dump(m, open("odd.sigmf-meta", "w"))
PY
"$PS" view rec odd --listen 127.0.0.1:0 --print-port --quiet >port.txt 2>view.err &
VIEW=$!
trap 'rc=$?; kill $VIEW 2>/dev/null; if [ $rc -eq 0 ]; then rm -rf "$T"; else echo "kept $T" >&2; fi' EXIT
for i in $(seq 300); do [ -s port.txt ] && break; sleep 0.1; done
PORT=$(cat port.txt)
[ -n "$PORT" ] || { cat view.err; fail "view did not start"; }

$PY - "$PORT" <<'PY' || fail "the viewer's guard"
import http.client, json, socket, sys, time
import numpy as np
port = int(sys.argv[1])

def get(path, host=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.putrequest("GET", path, skip_host=host is not None)
    if host is not None:
        c.putheader("Host", host)
    c.endheaders()
    r = c.getresponse()
    return r.status, r.read()

# Host: only this server's loopback names, with its own port
for host in ("localhost:%d" % port, "127.0.0.1:%d" % port, "127.0.0.1", "LOCALHOST"):
    assert get("/api/recordings", host)[0] == 200, host
for host in ("evil.example:%d" % port, "evil.example", "127.0.0.1:%d" % (port + 1),
             "127.0.0.1.evil.example:%d" % port, "localhost:%dx" % port):
    code, body = get("/api/recordings", host)
    assert code == 403 and b"answers only to localhost" in body, (host, code, body)

# non-finite samples keep their places: null, and the samples after them where they were
code, body = get("/api/window?rec=1&from=990&to=1010&width=1000")
w = json.loads(body)
v = w["channels"][0]["v"]
x = np.fromfile("odd.sigmf-data", "<f4").astype(float)
assert code == 200 and w["kind"] == "raw" and len(v) == 20, w
assert v[10] is None and v[13] is None, v
for i in (0, 9, 11, 12, 14, 19):
    assert v[i] == x[990 + i], (i, v[i], x[990 + i])
assert w["channels"][0]["name"] == "<i>A</i>';$(id)"

# /api/csv streams: every row of a big window, exactly the data
code, body = get("/api/csv?rec=0&from=0&to=1000000")
lines = body.decode().splitlines()
assert code == 200 and lines[0] == "time_s,A" and len(lines) == 1000001, (code, len(lines))
g = json.load(open("rec.sigmf-meta"))["global"]
m, dt = g["picostream:channels"][0], g["picostream:interval_s"]
raw = np.fromfile("rec.sigmf-data", "<i2")
for i in (0, 1, 123456, 999999):
    t, a = map(float, lines[i + 1].split(","))
    assert a == raw[i] * m["scale_v"] + m["offset_v"] and abs(t - i * dt) < 1e-12, (i, t, a)

# sixteen clients trickling header lines hold every slot; each is cut off at its deadline and
# a real request is answered (bounded: the trickle stops after 25 s whatever happens)
slow = []
for i in range(16):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /api/recordings HTTP/1.1\r\nHost: localhost\r\n")
    slow.append(s)
t0 = time.monotonic()
answered = None
import threading
def ask():
    global answered
    try:
        answered = get("/api/recordings")[0]
    except Exception as e:
        answered = repr(e)
th = threading.Thread(target=ask)
th.start()
while time.monotonic() - t0 < 25 and th.is_alive():
    for s in slow:
        try:
            s.sendall(b"X-Slow: 1\r\n")
        except OSError:
            pass
    time.sleep(0.5)
th.join(30)
cut = 0
for s in slow:
    s.settimeout(1)
    try:
        s.sendall(b"X-Slow: 1\r\n")
        cut += s.recv(100) == b""
    except OSError:
        cut += 1
    s.close()
assert answered == 200, answered
assert time.monotonic() - t0 < 20, "answered only after %.1f s" % (time.monotonic() - t0)
assert cut == 16, cut
PY

# the report's commands quote the channel name for the shell, and the page escapes it
run 0 "$PS" report odd -o odd.html --above 1 --quiet
grep -qF "picostream events &#39;odd&#39; -c &#39;&lt;i&gt;A&lt;/i&gt;&#39;\\&#39;&#39;;\$(id)&#39;" odd.html ||
    { grep -o "picostream events[^<]*" odd.html; fail "the channel name is not quoted"; }
! grep -qF "<i>A</i>" odd.html || fail "the channel name is markup in the report"
true
