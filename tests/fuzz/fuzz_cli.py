"""Fuzzes every command through the CLI: mutated metas, data lengths and option values.

Fails on a crash (a signal), a sanitizer report, a hang (timeout), exit 0 on an option value that
is certainly invalid, an error exit without a message, or any change to an input recording.
A fixed seed and case count by default (make test); FUZZ_SEED / FUZZ_CASES for longer runs.

usage: fuzz_cli.py PICOSTREAM WORK_DIR
"""
import concurrent.futures as cf
import copy
import hashlib
import json
import os
import random
import subprocess
import sys

PS, WORK = sys.argv[1], sys.argv[2]
SEED = int(os.environ.get("FUZZ_SEED", "20261201"))
CASES = int(os.environ.get("FUZZ_CASES", "1000"))
TIMEOUT = float(os.environ.get("FUZZ_TIMEOUT", "20"))
SAN = ("runtime error", "AddressSanitizer", "LeakSanitizer", "ThreadSanitizer", "SUMMARY:")

# option → (valid values, certainly invalid values)
COUNT_BAD = ["-1", "nan", "inf", "1e400", "", "x", "0x10", "1.5", "99999999999999999999", "1e30",
             "--", "1k2", "-0.5", "1e-9999", "١٢"]
NUMERIC = {
    ("stats", "--window"): (["10", "1ms", "100"], COUNT_BAD + ["0"]),
    ("stats", "--from"): (["0", "10", "1ms"], COUNT_BAD + ["1e20", "10h"]),
    ("stats", "--to"): (["100", "1999", "5ms"], COUNT_BAD + ["0", "1e20"]),
    ("psd", "--nperseg"): (["64", "256", "1ms"], COUNT_BAD + ["0"]),
    ("psd", "--noverlap"): (["0", "10"], COUNT_BAD + ["100000"]),
    ("xcorr", "--max-lag"): (["0", "10", "1ms"], COUNT_BAD + ["1e15"]),
    ("peaks", "--distance"): (["1", "5", "1ms"], ["nan", "inf", "x", "1e400", ""]),
    ("peaks", "--height"): (["0.1", "-1:1", ":1", "1:"], ["nan", "x", "2:1", "", ":", "1e999"]),
    ("peaks", "--rel-height"): (["0.5", "1", "0"], ["-1", "nan", "x", "inf", ""]),
    ("events", "--above"): (["0.1", "1", "-0.5"], ["nan", "x", "", "1e999", "inf"]),
    ("events", "--hysteresis"): (["0", "10m"], ["-1", "nan", "x", "inf"]),
    ("events", "--holdoff"): (["1ms", "0"], ["-1", "nan", "x", "1e99"]),
    ("plot", "--width"): (["200", "640"], COUNT_BAD + ["0", "199", "1e9"]),
    ("resample", "--up"): (["1", "3"], COUNT_BAD + ["0", "1e6"]),
    ("filter", "--order"): (["1", "4"], COUNT_BAD + ["0", "33"]),
}
BASE_ARGS = {
    "stats": [], "psd": [], "xcorr": ["--a", "A", "--b", "B"], "peaks": ["-c", "A"],
    "events": ["-c", "A", "--above", "0.5"], "plot": ["-o", "OUT.png"],
    "resample": ["-o", "OUT", "--down", "2"], "filter": ["-o", "OUT", "--lowpass", "1k"],
}
READERS = [["info"], ["verify"], ["stats"], ["psd", "--nperseg", "64"], ["plot", "-o", "OUT.png"],
           ["export", "-o", "OUT.csv", "--format", "csv"], ["export", "-o", "OUT.wav", "--format", "wav"],
           ["export", "-o", "OUT.npy", "--format", "npy"], ["peaks", "-c", "0", "--height", "0"],
           ["events", "-c", "0", "--above", "0"], ["filter", "-o", "OUT", "--lowpass", "10"],
           ["resample", "-o", "OUT", "--down", "2"], ["envelope", "-o", "OUT", "--rate", "10"],
           ["xcorr", "--a", "0", "--b", "0", "--max-lag", "5"], ["stats", "--from", "1s"],
           ["stats", "--window", "7"]]
WEIRD = [None, -1, 0, 1, 2, 3, 16, 17, 2**31, 2**53 + 1, 2**63 - 1, -2**63, 1e300, -1e300, 5e-324,
         0.5, "", "x", "ri16_le", "rf32_le", "rf64_le", "ri8", "cf32_le", [], {}, [1, 2], True,
         {"core:sample_start": 5}]


def sh(args, cwd):
    try:
        p = subprocess.run([PS] + args, cwd=cwd, capture_output=True, timeout=TIMEOUT,
                           env=dict(os.environ, PICOSTREAM_BLOCK="97"))
        return p.returncode, p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return "timeout", ""


def digest(d, name):
    h = hashlib.md5()
    for ext in (".sigmf-meta", ".sigmf-data"):
        p = os.path.join(d, name + ext)
        if os.path.exists(p):
            h.update(open(p, "rb").read())
    return h.hexdigest()


def mutate_meta(meta, rng):
    m = copy.deepcopy(meta)
    for _ in range(rng.randint(1, 3)):
        if not isinstance(m.get("global"), dict) or not isinstance(m.get("captures", []), list):
            break  # already broken at the top: enough
        where = rng.choice(["global", "captures", "annotations", "channel", "root"])
        if where == "global":
            keys = list(m["global"].keys()) + ["picostream:lost_at_end", "core:num_channels"]
            k = rng.choice(keys)
            if rng.random() < 0.2:
                m["global"].pop(k, None)
            else:
                m["global"][k] = rng.choice(WEIRD)
        elif where == "captures":
            caps = m.setdefault("captures", [])
            op = rng.randint(0, 3)
            if op == 0 or not caps:
                caps.append({"core:sample_start": rng.choice(WEIRD),
                             "core:global_index": rng.choice(WEIRD)})
            elif op == 1:
                caps.reverse() if len(caps) > 1 else caps.clear()
            else:
                c = rng.choice(caps)
                if isinstance(c, dict):
                    c[rng.choice(["core:sample_start", "core:global_index"])] = rng.choice(WEIRD)
        elif where == "annotations":
            m["annotations"] = [{"core:sample_start": rng.choice(WEIRD),
                                 "core:sample_count": rng.choice(WEIRD), "core:label": "x"}]
        elif where == "channel" and isinstance(m["global"].get("picostream:channels"), list):
            chs = m["global"]["picostream:channels"]
            if chs and rng.random() < 0.8:
                c = rng.choice(chs)
                if isinstance(c, dict):
                    c[rng.choice(["scale_v", "offset_v", "range_v", "adc_max", "name"])] = \
                        rng.choice(WEIRD)
            else:
                chs.append({"name": "Z", "scale_v": 1, "offset_v": 0})
        else:
            m[rng.choice(["global", "captures", "annotations"])] = rng.choice(WEIRD)
    return m


def case(i):
    rng = random.Random(SEED * 1000003 + i)
    d = os.path.join(WORK, "c%d" % i)
    os.makedirs(d)
    kind = rng.choice(["meta", "meta", "option", "data"])
    src = rng.choice(["int", "float", "gap"])
    for ext in (".sigmf-meta", ".sigmf-data"):
        with open(os.path.join(WORK, "seed_" + src + ext), "rb") as f:
            open(os.path.join(d, "r" + ext), "wb").write(f.read())
    expect_usage = False
    if kind == "meta":
        meta = json.load(open(os.path.join(d, "r.sigmf-meta")))
        if rng.random() < 0.1:
            text = json.dumps(meta)
            text = text[: rng.randint(0, len(text))]  # torn JSON
            open(os.path.join(d, "r.sigmf-meta"), "w").write(text)
        else:
            json.dump(mutate_meta(meta, rng), open(os.path.join(d, "r.sigmf-meta"), "w"))
        args = list(rng.choice(READERS))
    elif kind == "data":
        p = os.path.join(d, "r.sigmf-data")
        size = os.path.getsize(p)
        os.truncate(p, rng.choice([0, 1, 3, size - 1, size // 2, size + 1, size + 4096]))
        args = list(rng.choice(READERS))
    else:
        (cmd, opt), (good, bad) = rng.choice(list(NUMERIC.items()))
        expect_usage = rng.random() < 0.7
        value = rng.choice(bad if expect_usage else good)
        args = [cmd] + BASE_ARGS[cmd] + [opt, value]
    args = [a.replace("OUT", os.path.join(d, "out")) for a in args]
    args.insert(1, "r")
    before = digest(d, "r")
    rc, err = sh(args, d)
    problems = []
    if rc == "timeout":
        problems.append("hang")
    elif rc < 0 or rc > 3:
        problems.append("exit %s" % rc)
    if any(s in err for s in SAN):
        problems.append("sanitizer report")
    if expect_usage and rc != 2:
        problems.append("invalid option value accepted (exit %s)" % rc)
    if rc not in (0, "timeout") and not err.strip():
        problems.append("failed without a message")
    if digest(d, "r") != before:
        problems.append("the input recording changed")
    if problems:
        return "case %d (%s): %s: picostream %s\n%s" % (i, kind, ", ".join(problems),
                                                        " ".join(map(repr, args)), err[-2000:])
    subprocess.run(["rm", "-rf", d])
    return None


def main():
    os.makedirs(WORK, exist_ok=True)
    # three seed recordings: int16 from the simulator, float (derived), float with a gap
    r = subprocess.run([PS, "capture", "-d", "sim", "-c", "A:2V", "-c", "B:1V", "--rate", "10k",
                        "--samples", "2000", "-o", os.path.join(WORK, "seed_int"), "--quiet"],
                       capture_output=True)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([PS, "filter", os.path.join(WORK, "seed_int"), "-o",
                        os.path.join(WORK, "seed_float"), "--lowpass", "1k", "--quiet"],
                       capture_output=True)
    assert r.returncode == 0, r.stderr
    meta = json.load(open(os.path.join(WORK, "seed_float.sigmf-meta")))
    meta["captures"] = [{"core:sample_start": 0, "core:global_index": 0},
                        {"core:sample_start": 1000, "core:global_index": 51000}]
    json.dump(meta, open(os.path.join(WORK, "seed_gap.sigmf-meta"), "w"))
    with open(os.path.join(WORK, "seed_float.sigmf-data"), "rb") as f:
        open(os.path.join(WORK, "seed_gap.sigmf-data"), "wb").write(f.read())
    failures = []
    with cf.ThreadPoolExecutor(max_workers=int(os.environ.get("FUZZ_JOBS", "2"))) as ex:
        for res in ex.map(case, range(CASES)):
            if res:
                failures.append(res)
    print("fuzz: seed %d, %d cases, %d failed" % (SEED, CASES, len(failures)))
    for f in failures[:20]:
        print(f)
    sys.exit(1 if failures else 0)


main()
