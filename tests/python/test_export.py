"""export: CSV and NPY compared sample for sample with volts from the recording (read by
python/picostream.py), WAV read back with Python's wave module, a selection, bad input."""
import os
import subprocess
import sys
import tempfile
import wave

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "python"))
import picostream  # noqa: E402

PS = sys.argv[1]
tmp = tempfile.mkdtemp(prefix="picostream-export-")
env = dict(os.environ, PICOSTREAM_BLOCK="777")
name = os.path.join(tmp, "rec")
subprocess.run([PS, "capture", "-d", "sim", "-c", "A:2V", "-c", "B:500mV", "--rate", "100k",
                "--samples", "5000", "-o", name, "--quiet"], check=True)
rec = picostream.open(name)
va, vb = rec.volts("A"), rec.volts("B")


def run(*args, expect=0):
    p = subprocess.run([PS, "export", name] + list(args), capture_output=True, text=True, env=env)
    assert p.returncode == expect, (args, p.returncode, p.stderr)
    return p


run("-o", tmp + "/x.csv", "--format", "csv")
lines = open(tmp + "/x.csv").read().splitlines()
assert lines[0] == "time_s,A,B", lines[0]
rows = np.array([[float(v) for v in l.split(",")] for l in lines[1:]])
assert rows.shape == (5000, 3)
assert np.array_equal(rows[:, 1], va) and np.array_equal(rows[:, 2], vb)  # %.17g: exact
assert np.allclose(rows[:, 0], np.arange(5000) / 100000.0, rtol=0, atol=1e-15)

run("-o", tmp + "/x.npy", "--format", "npy", "-c", "B,A", "--from", "100", "--to", "40ms")
a = np.load(tmp + "/x.npy")
assert a.dtype == np.float32 and a.shape == (3900, 2), (a.dtype, a.shape)
assert np.array_equal(a[:, 0], vb[100:4000].astype(np.float32))
assert np.array_equal(a[:, 1], va[100:4000].astype(np.float32))

run("-o", tmp + "/x.wav", "--format", "wav")
w = wave.open(tmp + "/x.wav")
assert (w.getnchannels(), w.getframerate(), w.getsampwidth(), w.getnframes()) == \
    (2, 100000, 2, 5000)
pcm = np.frombuffer(w.readframes(5000), dtype="<i2").reshape(-1, 2)
assert np.array_equal(pcm, np.asarray(rec.raw))  # int16 recordings: the raw counts

p = run("-o", tmp + "/y.csv", "--format", "xls", expect=2)
assert p.stderr.strip() == "picostream export: --format 'xls' (csv, wav, npy)", p.stderr
p = run("-o", tmp + "/nodir/y.csv", "--format", "csv", expect=1)
assert "cannot write" in p.stderr or "No such file" in p.stderr, p.stderr
assert not os.path.exists(tmp + "/y.csv")
subprocess.run(["rm", "-rf", tmp])
print("export ok")
