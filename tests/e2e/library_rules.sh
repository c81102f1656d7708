# The library reads no environment and names no command-line flag in its messages (front ends
# spell parameters their own way: `name` becomes --name in the CLI, an argument in Python).
source "$(dirname "$0")/lib.sh"
lib=$BUILD/libpicostream.so
[ -f "$lib" ] || fail "no $lib"
if nm -D --undefined-only "$lib" | grep -qwE "getenv|secure_getenv"; then
    fail "libpicostream calls getenv"
fi
$PY - "$HERE/../../src" <<'PY' || fail "a library message names a flag"
import pathlib, re, sys
bad = []
for f in pathlib.Path(sys.argv[1]).rglob("*.c"):
    text = f.read_text()
    for call in re.finditer(r"\bps_fail\((.*?)\);[ \t]*(?:/\*.*)?$", text, re.S | re.M):
        for lit in re.findall(r'"((?:[^"\\]|\\.)*)"', call.group(1)):
            if re.search(r"(^|[^-\w])--[a-z]", lit):
                bad.append("%s: %s" % (f.name, lit))
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
true
