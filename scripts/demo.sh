#!/usr/bin/env bash
# The main job on the simulator: a 2-channel, 1 MS/s, 10 s capture, then info and verify.
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
echo "recording: $(cd "$out" && pwd)/run1.sigmf-data and run1.sigmf-meta"
echo "in NumPy:  see README.md, 'Reading a recording'"
