"""Viewer benchmark (issue 12): window-query latency of `picostream view` on a long recording at
whole-recording zoom and at 1000-sample zoom (warm cache; target under 50 ms each), and the
capture's lossless rate with the overview being built and two viewers polling beside the same
capture without viewers. Prints figures; asserts nothing.
usage: /usr/bin/python3 bench/view.py [BUILD_DIR] [WORK_DIR]   (SAMPLES=1e9 by default)"""
import os
import re
import subprocess
import sys
import threading
import time
import urllib.request

BUILD = sys.argv[1] if len(sys.argv) > 1 else "build"
WORK = sys.argv[2] if len(sys.argv) > 2 else "bench-tmp"
PS = os.path.join(BUILD, "picostream")
N = int(float(os.environ.get("SAMPLES", "1e9")))
os.makedirs(WORK, exist_ok=True)
rec = os.path.join(WORK, "view_%d" % N)


def run(*args, **kw):
    return subprocess.run([PS] + list(args), check=True, capture_output=True, text=True, **kw)


if not os.path.exists(rec + ".sigmf-meta"):
    t = time.time()
    run("capture", "-d", "sim:unlimited", "-c", "A:2V", "-c", "B:1V", "--rate", "100M",
        "--samples", str(N), "-o", rec, "--quiet")
    print("made %s (%d samples × 2) in %.1f s, overview built while writing" % (rec, N,
                                                                                time.time() - t))
view = subprocess.Popen([PS, "view", rec, "--listen", "127.0.0.1:0", "--print-port", "--quiet"],
                        stdout=subprocess.PIPE, text=True)
port = view.stdout.readline().strip()


def query(frm, to, width=1200):
    t = time.perf_counter()
    body = urllib.request.urlopen("http://127.0.0.1:%s/api/window?rec=0&from=%d&to=%d&width=%d"
                                  % (port, frm, to, width)).read()
    return time.perf_counter() - t, len(body)


for label, frm, to in (("whole recording", 0, N), ("1000 samples", N // 2, N // 2 + 1000),
                       ("1/1000 of it", N // 3, N // 3 + N // 1000)):
    query(frm, to)  # warm
    best = min(query(frm, to) for _ in range(5))
    print("window query, %-16s: %6.1f ms (%d bytes of JSON)" % (label, best[0] * 1e3, best[1]))
view.terminate()


def lossless_rate(serve, overview=True):
    """The highest of a few aggregate rates a 5 s --lossless capture sustains."""
    best = 0
    for rate in ("100M", "200M", "250M", "300M", "350M", "400M", "500M"):
        name = os.path.join(WORK, "view_cap")
        args = [PS, "capture", "-d", "sim:unlimited", "-c", "A:2V", "--rate", rate,
                "--duration", "5s", "-o", name, "--lossless", "--overwrite", "--quiet"]
        if serve:
            args += ["--serve", "127.0.0.1:0"]
        if not overview:
            args += ["--no-overview"]
        p = subprocess.Popen(args, stderr=subprocess.PIPE, text=True)
        stop = threading.Event()
        if serve:
            line = p.stderr.readline()
            lport = re.search(r":(\d+)/", line).group(1)

            def poll():
                while not stop.is_set():
                    try:
                        urllib.request.urlopen("http://127.0.0.1:%s/api/window?rec=0&width=1500"
                                               % lport).read()
                        urllib.request.urlopen("http://127.0.0.1:%s/api/status" % lport).read()
                    except Exception:
                        pass
                    time.sleep(0.2)
            threads = [threading.Thread(target=poll) for _ in range(2)]
            for th in threads:
                th.start()
        rc = p.wait()
        stop.set()
        if rc != 0:
            break
        best = float(rate[:-1]) * 1e6
    return best


print("lossless 1-channel capture rate: %.0f MS/s without the overview, %.0f MS/s with it, "
      "%.0f MS/s with it, the live view and two pollers"
      % (lossless_rate(False, False) / 1e6, lossless_rate(False) / 1e6,
         lossless_rate(True) / 1e6))
