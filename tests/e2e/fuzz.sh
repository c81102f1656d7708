# The fuzz test: mutated metas, data lengths and option values through every command (see
# tests/fuzz/fuzz_cli.py); bounded here, longer with `make fuzz-long`.
source "$(dirname "$0")/lib.sh"
$PY "$HERE/../fuzz/fuzz_cli.py" "$PS" "$T/work" || fail "fuzz"
$PY "$HERE/../fuzz/fuzz_view.py" "$PS" "$T/view" || fail "fuzz of the viewer and of collections"
