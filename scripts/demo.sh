#!/usr/bin/env bash
# The main job on the simulator: a 2-channel, 1 MS/s, 10 s capture, then info, verify, the
# analyses and the report.
set -euo pipefail
ps=${1:-build/picostream}
out=${2:-demo}
mkdir -p "$out"
"$ps" capture -d sim -c A:2V:DC -c B:500mV:AC --rate 1M --duration 10s -o "$out/run1" --overwrite
echo
"$ps" info "$out/run1"
echo
"$ps" verify "$out/run1"
echo
"$ps" stats "$out/run1"
"$ps" psd "$out/run1" --nperseg 4096 --csv "$out/run1_psd.csv" --overwrite --quiet
"$ps" filter "$out/run1" -o "$out/run1_lp" --lowpass 5k --overwrite --quiet
"$ps" xcorr "$out/run1" --a A --b B --max-lag 10ms --quiet
"$ps" report "$out/run1" -o "$out/run1.html" --overwrite --quiet
echo
echo "recording: $(cd "$out" && pwd)/run1.sigmf-data and run1.sigmf-meta"
echo "analysis:  run1_psd.csv (Welch PSD), run1_lp (5 kHz low-pass, zero-phase)"
echo "report:    $(cd "$out" && pwd)/run1.html (open it in a browser: one self-contained page)"
echo "in NumPy:  see README.md, 'Reading a recording'"
