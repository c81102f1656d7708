# Pico's own published Python streaming examples (picosdk-python-wrappers) run unmodified
# against our libps6000a / libpsospa. The examples are Pico's and not part of this project: set
# PICOSDK_PYTHON_WRAPPERS to a checkout of github.com/picotech/picosdk-python-wrappers (no
# network here); without it the test is skipped (exit 77).
source "$(dirname "$0")/lib.sh"
PW=${PICOSDK_PYTHON_WRAPPERS:-}
[ -n "$PW" ] && [ -f "$PW/ps6000aExamples/ps6000aStreamingModeExample.py" ] || exit 77
$PY -c "import matplotlib" 2>/dev/null || exit 77
export LD_LIBRARY_PATH=$SIM_DIR PYTHONPATH=$PW MPLBACKEND=Agg
for ex in ps6000aExamples/ps6000aStreamingModeExample.py psospaExamples/psospaStreamingModeExample.py; do
    run 0 timeout 300 $PY "$PW/$ex"
    grep -qx "10000000" out.txt || { cat out.txt err.txt; fail "$ex: samples"; }
    # the example prints every status it got: all PICO_OK
    tail -1 out.txt | $PY -c "import ast,sys; d=ast.literal_eval(sys.stdin.read()); assert set(d.values())=={0}, d" ||
        { tail -1 out.txt; fail "$ex: a status was not PICO_OK"; }
done
true
