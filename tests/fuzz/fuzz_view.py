"""Fuzzes the viewer's requests and the recording sets' collections.

The viewer: random paths, parameters (huge, negative, empty, repeated, non-ASCII), methods and
headers; every request gets a well-formed answer (a known status, JSON errors on /api), none
crashes or hangs the server, and it still answers a plain request at the end. Collections:
mutated SET.sigmf-collection files through align and xcorr; each exits 1 or 2 with a message,
never crashes, hangs or changes a member. A fixed seed and count (make test); FUZZ_SEED /
FUZZ_CASES for longer runs.

usage: fuzz_view.py PICOSTREAM WORK_DIR
"""
import hashlib
import http.client
import json
import os
import random
import subprocess
import sys
import time

PS, WORK = sys.argv[1], sys.argv[2]
SEED = int(os.environ.get("FUZZ_SEED", "20261208"))
CASES = int(os.environ.get("FUZZ_CASES", "1000"))
SAN = ("runtime error", "AddressSanitizer", "LeakSanitizer", "SUMMARY:")
rng = random.Random(SEED)

PATHS = ["/", "/api/recordings", "/api/window", "/api/psd", "/api/csv", "/api/status",
         "/api/../api/window", "//api/window", "/api/window/", "/%00", "/" + "a" * 5000]
KEYS = ["rec", "from", "to", "width", "ch", "nperseg", "token", "x"]
VALUES = ["0", "1", "2", "-1", "", "18446744073709551615", "18446744073709551616", "1e9",
          "99999999999999999999", "0x10", "+1", "%201", "nan", "A", "B", "%FF", "%00", "%CE%A9",
          "1000", "19999", "20000", "8", "7", "1048576", "1048577", "10000", "10001"]
CODES = {200, 400, 401, 403, 404, 405, 413, 414, 431, 500, 503}


def request(port, method, path, headers):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        c.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for k, v in headers:
            c.putheader(k, v)
        c.endheaders()
        r = c.getresponse()
        return r.status, r.getheader("Content-Type") or "", r.read()
    finally:
        c.close()


def fuzz_view(port):
    failures = []
    for i in range(CASES):
        path = rng.choice(PATHS)
        q = "&".join("%s=%s" % (rng.choice(KEYS), rng.choice(VALUES))
                     for _ in range(rng.randrange(6)))
        if q:
            path += "?" + q
        method = rng.choice(["GET"] * 8 + ["POST", "HEAD", "PUT", "DELETE"])
        headers = [("Host", rng.choice(["localhost", "127.0.0.1:%d" % port, "evil.example",
                                         "", "localhost:1"]))]
        if rng.random() < 0.2:
            headers.append(("Authorization", rng.choice(["Bearer x", "Basic", "", "Bearer"])))
        try:
            code, ctype, body = request(port, method, path, headers)
        except Exception as e:  # noqa: B902 - any transport failure is a finding
            failures.append("view case %d: %s %s: %r" % (i, method, path[:200], str(e)[:300]))
            continue
        if code not in CODES:
            failures.append("view case %d: %s %s: status %d" % (i, method, path[:200], code))
        if path.startswith("/api/") and code >= 400 and method != "HEAD" and body:
            try:
                assert "error" in json.loads(body)
            except Exception:  # noqa: B902
                failures.append("view case %d: %s: error not JSON: %r" % (i, path[:200], body[:200]))
    code, _, _ = request(port, "GET", "/api/recordings", [("Host", "localhost")])
    if code != 200:
        failures.append("view: no answer to a plain request after the fuzz (%d)" % code)
    return failures


def digest(paths):
    return [hashlib.sha256(open(p, "rb").read()).hexdigest() for p in paths]


WEIRD = [None, -1, 0, 1, 2, 9, 2**63, 1e308, float("inf"), "", "x", "../etc/passwd", "a/b",
         "pair-1", "pair-2", [], {}, True, "\udcff"]


def mutate(o, depth=0):
    if isinstance(o, dict) and o:
        k = rng.choice(list(o))
        if rng.random() < 0.2:
            del o[k]
        elif depth < 4 and isinstance(o[k], (dict, list)) and rng.random() < 0.6:
            mutate(o[k], depth + 1)
        else:
            o[k] = rng.choice(WEIRD)
    elif isinstance(o, list) and o:
        i = rng.randrange(len(o))
        if rng.random() < 0.2:
            del o[i]
        elif rng.random() < 0.2:
            o.append(o[i])
        elif depth < 4 and isinstance(o[i], (dict, list)):
            mutate(o[i], depth + 1)
        else:
            o[i] = rng.choice(WEIRD)


def fuzz_collections():
    failures = []
    base = os.path.join(WORK, "pair")
    r = subprocess.run([PS, "capture", "-d", "sim:ps5000a", "-d", "sim:ps6000a", "-c", "1:A:2V",
                        "-c", "2:A:2V", "--rate", "100k", "--samples", "20k", "-o", base,
                        "--quiet"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    original = json.load(open(base + ".sigmf-collection"))
    members = [base + "-%d.sigmf-%s" % (k, e) for k in (1, 2) for e in ("meta", "data")]
    before = digest(members)
    for i in range(max(CASES // 10, 20)):
        col = json.loads(json.dumps(original))
        for _ in range(rng.randrange(1, 4)):
            mutate(col)
        text = json.dumps(col, allow_nan=True) if rng.random() < 0.9 else \
            json.dumps(col)[: rng.randrange(1, 200)]
        with open(base + ".sigmf-collection", "w", errors="surrogateescape") as f:
            f.write(text)
        for args in (["align", base], ["xcorr", base, "--a", "1:A", "--b", "2:A",
                                       "--max-lag", "10"]):
            try:
                p = subprocess.run([PS] + args, capture_output=True, text=True, timeout=30,
                                   errors="replace")
            except subprocess.TimeoutExpired:
                failures.append("collection case %d: %s hangs" % (i, args[0]))
                continue
            if p.returncode < 0 or p.returncode > 3 or any(s in p.stderr for s in SAN) or \
                    (p.returncode and not p.stderr.strip()):
                failures.append("collection case %d: %s exit %d: %s\n%s" % (
                    i, args[0], p.returncode, text[:300], p.stderr[-1500:]))
        if digest(members) != before:
            failures.append("collection case %d: a member changed" % i)
            break
    json.dump(original, open(base + ".sigmf-collection", "w"))
    return failures


def main():
    os.makedirs(WORK, exist_ok=True)
    rec = os.path.join(WORK, "rec")
    r = subprocess.run([PS, "capture", "-d", "sim", "-c", "A:2V", "-c", "B:1V", "--rate", "100k",
                        "--samples", "20k", "-o", rec, "--quiet"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    view = subprocess.Popen([PS, "view", rec, "--listen", "127.0.0.1:0", "--print-port",
                             "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        port = int(view.stdout.readline())
        failures = fuzz_view(port)
    finally:
        view.terminate()
        _, err = view.communicate(timeout=30)
    if any(s in err for s in SAN):
        failures.append("view: sanitizer report\n" + err[-3000:])
    failures += fuzz_collections()
    print("fuzz_view: seed %d, %d cases, %d failed" % (SEED, CASES, len(failures)))
    for f in failures[:20]:
        print(f)
    sys.exit(1 if failures else 0)


main()
