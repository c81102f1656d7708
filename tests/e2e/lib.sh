# Shared helpers for the end-to-end tests: run picostream in a fresh temp dir (kept on failure).
# usage in a test: source lib.sh "$@"   (args: path to picostream, build dir)
set -uo pipefail
PS=$1
BUILD=$2
SIM_DIR=$BUILD/sim
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=/usr/bin/python3
T=$(mktemp -d /tmp/picostream-e2e.XXXXXX)
cd "$T" || exit 1
unset PICOSTREAM_SIM
trap 'if [ $? -eq 0 ]; then rm -rf "$T"; else echo "kept $T" >&2; fi' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# run EXPECTED_EXIT cmd...: runs, keeps stdout in out.txt and stderr in err.txt
run() {
    local want=$1; shift
    "$@" >out.txt 2>err.txt
    local got=$?
    if [ "$got" -ne "$want" ]; then
        echo "--- stdout"; cat out.txt; echo "--- stderr"; cat err.txt
        fail "$* exited $got, expected $want"
    fi
}

# expect_err TEXT: stderr holds exactly this line
expect_err() {
    grep -qxF -- "$1" err.txt || { cat err.txt; fail "stderr lacks the line: $1"; }
}
expect_out_has() {
    grep -qF -- "$1" out.txt || { cat out.txt; fail "stdout lacks: $1"; }
}
no_files_left() {
    local left
    left=$(ls -A | grep -v -e '^out.txt$' -e '^err.txt$' || true)
    [ -z "$left" ] || fail "files left behind: $left"
}
