"""The pytest plugin's example suite passes against the simulator and a suite asserting on a
recording with an injected fault fails with the numbers in its message; the package installs
offline into a fresh venv and finds its library without any variable."""
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
TREE = os.path.abspath(os.path.join(HERE, "..", ".."))


def run_pytest(args, tmp_path):
    env = dict(os.environ, PYTHONPATH=os.path.join(TREE, "python"))
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "picostream.testing",
                           "-p", "no:cacheprovider", "-q"] + args, cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)


def test_example_suite_passes_and_reports_properties(tmp_path):
    junit = tmp_path / "junit.xml"
    p = run_pytest([os.path.join(TREE, "examples", "bench_suite"), "--junitxml", str(junit),
                    "--picostream-dir", str(tmp_path / "recs")], tmp_path)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "3 passed" in p.stdout
    props = [e.get("value") for e in ET.parse(junit).iter("property")]
    assert any("0 gaps, 0 lost" in v for v in props), props
    assert (tmp_path / "recs" / "test_sine_amplitude" / "capture.sigmf-meta").exists()


def test_a_fault_fails_readably(tmp_path):
    (tmp_path / "test_fault.py").write_text(
        "from picostream.testing import assert_event, assert_no_gaps\n"
        "def test_no_spike(scope):\n"
        "    rec = scope.record(channels={'A': '2V'}, rate='1M', samples='300k',\n"
        "                       sim='A=dc(0.5)+noise(0.01)+spike(100000,1.2)')\n"
        "    assert_event(rec, 'A', ('above', 1.5), present=False)\n"
        "def test_gaps(scope):\n"
        "    rec = scope.record(channels={'A': '2V', 'B': '1V'}, rate='1M', samples='2M',\n"
        "                       sim='fifo=200k', poll_delay=0.3)\n"
        "    assert_no_gaps(rec)\n")
    p = run_pytest(["test_fault.py"], tmp_path)
    assert p.returncode == 1, p.stdout + p.stderr
    out = p.stdout
    assert "channel A: 3 ('above', 1.5) events: samples " in out, out
    assert "lost" in out and "samples in" in out and "gaps" in out, out


def test_installs_offline_into_a_venv(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
                   check=True)
    env = dict(os.environ)
    env.pop("PICOSTREAM_LIB", None)
    env.pop("PYTHONPATH", None)
    env["PICOSTREAM_BUILD"] = os.environ.get("PICOSTREAM_BUILD", os.path.join(TREE, "build"))
    src = tmp_path / "src"  # a copy: the install must not write into the source tree
    subprocess.run(["cp", "-r", os.path.join(TREE, "python"), str(src)], check=True)
    p = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "--no-build-isolation",
                        "--no-index", str(src)], env=env, capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr
    code = ("import picostream, sys\n"
            "r = picostream.capture(sys.argv[1], channels={'A': '1V'}, rate='100k',"
            " samples='10k')\n"
            "print(picostream.__file__, r.verify()['samples'])\n")
    p = subprocess.run([str(venv / "bin" / "python"), "-c", code, str(tmp_path / "v")],
                       env=env, capture_output=True, text=True, cwd=tmp_path)
    assert p.returncode == 0, p.stdout + p.stderr
    assert str(venv) in p.stdout and p.stdout.strip().endswith(" 10000"), p.stdout
