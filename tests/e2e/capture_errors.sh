# Bad arguments: a clear one-line message, non-zero exit, and no half-made files.
source "$(dirname "$0")/lib.sh"

run 2 "$PS" capture -d sim -c I:2V --rate 1M --duration 1s -o x
expect_err "picostream capture: channel 'I:2V': expected A…H, as in A:2V:DC (a logger's inputs: 1…16, as in 1:K)"
no_files_left
run 2 "$PS" capture -d sim -c E:2V --rate 1M --duration 1s -o x
expect_err "picostream capture: channel E: not on this 5444D (channels A…D)"
no_files_left

run 2 "$PS" capture -d sim -c A:3V --rate 1M --duration 1s -o x
expect_err "picostream capture: channel A: range 3V not available on the 5444D (10mV…20V)"
no_files_left

run 2 "$PS" capture -d sim -c A:2V -c B:2V --rate 500M --duration 1s -o x
expect_err "picostream capture: rate 500000000 S/s on 2 channels at 8-bit is more than the 5444D can stream (ps5000aRunStreaming returned PICO_INVALID_SAMPLE_INTERVAL; it streams at most 125 MS/s over all channels)"
no_files_left

run 2 "$PS" capture -d sim -c A:2V -c B:2V --resolution 16 --rate 1M --duration 1s -o x
expect_err "picostream capture: 16-bit resolution allows at most 1 channel on the 5444D, 2 enabled"
no_files_left

run 2 "$PS" capture -d sim -c A:2V --rate fast --duration 1s -o x
expect_err "picostream capture: --rate 'fast': not a rate (1M, 250k, 10MS/s, 10kHz)"
run 2 "$PS" capture -d sim -c A:2V --rate 1M -o x
expect_err "picostream capture: missing --duration or --samples (picostream capture --help)"
run 2 "$PS" capture -d sim --rate 1M --duration 1s -o x
expect_err "picostream capture: no channel given: add -c A:2V:DC"
run 2 "$PS" capture -d scope9000 -c A:2V --rate 1M --duration 1s -o x
expect_err "picostream capture: unknown device 'scope9000' (sim, sim:ps2000a, sim:ps3000a, sim:ps4000a, sim:ps5000a, sim:ps6000a, sim:psospa, sim:pl1000, sim:picohrdl, sim:usbtc08, sim:plcm3, or the same without sim:)"
run 2 "$PS" capture -d sim -c A:2V --trigger A:rising:5V --rate 1M --duration 1s -o x
expect_err "picostream capture: trigger: level 5V is outside channel A's range ±2V"
no_files_left

# missing driver: nothing on LD_LIBRARY_PATH or in /opt/picoscope/lib
LD_LIBRARY_PATH=/nonexistent run 1 "$PS" capture -d ps5000a -c A:2V --rate 1M --duration 1s -o x
expect_err "picostream capture: no ps5000a driver found (searched LD_LIBRARY_PATH and /opt/picoscope/lib for libps5000a.so); install PicoSDK or pass --driver PATH"
no_files_left
run 1 "$PS" capture -d ps5000a --driver /nonexistent/libps5000a.so -c A:2V --rate 1M --duration 1s -o x
grep -q "^picostream capture: cannot load driver /nonexistent/libps5000a.so: " err.txt || fail "driver path"
no_files_left
# a library that is not a PicoScope driver: the missing symbol is named
run 1 "$PS" capture -d ps5000a --driver "$(ldconfig -p | awk '/libm.so.6 /{print $NF; exit}')" -c A:2V --rate 1M --duration 1s -o x
grep -q "missing symbol ps5000aOpenUnit" err.txt || { cat err.txt; fail "missing symbol not named"; }
no_files_left

# a bad simulator config is reported before anything starts
PICOSTREAM_SIM="A=sine(1k)" run 2 "$PS" capture -d sim -c A:2V --rate 1M --duration 1s -o x
expect_err "picostream capture: simulator config: sine: needs at least 2 arguments"
no_files_left

# an existing recording is never overwritten by accident
run 0 "$PS" capture -d sim -c A:2V --rate 100k --samples 1000 -o keep --quiet
sum=$(md5sum keep.sigmf-data keep.sigmf-meta)
run 2 "$PS" capture -d sim -c A:2V --rate 100k --samples 1000 -o keep --quiet
expect_err "picostream capture: keep.sigmf-meta already exists (pass --overwrite to replace it)"
[ "$(md5sum keep.sigmf-data keep.sigmf-meta)" = "$sum" ] || fail "existing recording changed"

# info and verify on what is not a recording
run 1 "$PS" info nothing
expect_err "picostream info: nothing.sigmf-meta: No such file or directory"
echo '{"global": {' > broken.sigmf-meta
run 1 "$PS" info broken
grep -q "^picostream info: broken.sigmf-meta: not valid JSON" err.txt || fail "broken meta"
run 2 "$PS" info
expect_err "picostream info: expected one recording NAME (picostream info --help)"
# a truncated data file is caught by verify
head -c 1000 keep.sigmf-data > cut.sigmf-data
cp keep.sigmf-meta cut.sigmf-meta
run 1 "$PS" verify cut
expect_err "picostream verify: cut: cut.sigmf-data is truncated: 500 samples per channel, the meta vouches for 1000"
# the live view follows one recording by its overview: refused where there would be none
run 2 "$PS" capture -d sim -c A:2V --rate 100k --samples 1000 -o served --split 1s --serve 0 --quiet
expect_err "picostream capture: --serve shows one recording by its overview: not with --split (view the parts afterwards)"
run 2 "$PS" capture -d sim -c A:2V --rate 100k --samples 1000 -o served --no-overview --serve 0 --quiet
expect_err "picostream capture: --serve shows one recording by its overview: not with --no-overview"
! ls served* 2>/dev/null || fail "a refused capture left files"
