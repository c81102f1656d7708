# devices: every simulator is always listed; a vendor-named library on LD_LIBRARY_PATH is found.
source "$(dirname "$0")/lib.sh"
LD_LIBRARY_PATH= run 0 "$PS" devices
grep -q "^sim:ps5000a  .*/sim/libps5000a.so.2  1 unit: SIM0001$" out.txt || { cat out.txt; fail "sim"; }
grep -q "^sim:ps6000a  .*/sim/libps6000a.so.2  1 unit: SIM6000$" out.txt || { cat out.txt; fail "sim 6000"; }
grep -q "^sim:psospa   .*/sim/libpsospa.so.2  1 unit: SIM3000$" out.txt || { cat out.txt; fail "sim 3000"; }
grep -q "^ps5000a      not available: no ps5000a driver found" out.txt || { cat out.txt; fail "vendor"; }
grep -q "^ps6000a      not available: no ps6000a driver found" out.txt || { cat out.txt; fail "vendor 6000"; }
LD_LIBRARY_PATH=$SIM_DIR run 0 "$PS" devices
grep -q "^ps5000a      $SIM_DIR/libps5000a.so.2  1 unit: SIM0001$" out.txt || { cat out.txt; fail "ld path"; }
grep -q "^ps6000a      $SIM_DIR/libps6000a.so.2  1 unit: SIM6000$" out.txt || { cat out.txt; fail "ld path 6000"; }
grep -q "^psospa       $SIM_DIR/libpsospa.so.2  1 unit: SIM3000$" out.txt || { cat out.txt; fail "ld path 3000"; }
run 0 "$PS" --help
expect_out_has "events    events by rule (level, window, glitch, pulse, runt, dropout, slew)"
run 2 "$PS" frobnicate
expect_err "picostream: unknown command 'frobnicate'"
