# devices: the simulator is always listed; a vendor-named library on LD_LIBRARY_PATH is found.
source "$(dirname "$0")/lib.sh"
LD_LIBRARY_PATH= run 0 "$PS" devices
grep -q "^sim      .*/sim/libps5000a.so.2  1 unit: SIM0001$" out.txt || { cat out.txt; fail "sim"; }
grep -q "^ps5000a  not available: no ps5000a driver found" out.txt || { cat out.txt; fail "vendor"; }
LD_LIBRARY_PATH=$SIM_DIR run 0 "$PS" devices
grep -q "^ps5000a  $SIM_DIR/libps5000a.so.2  1 unit: SIM0001$" out.txt || { cat out.txt; fail "ld path"; }
run 0 "$PS" --help
expect_out_has "events    events by rule (level, window, glitch, pulse, runt, dropout, slew)"
run 2 "$PS" frobnicate
expect_err "picostream: unknown command 'frobnicate'"
