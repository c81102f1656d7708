# The parts' boundaries (DESIGN.md): a library file includes its own part's headers, the public
# API (picostream/…), src/common, and the vendor ABI declarations (src/abi, for the device layer
# and capture's model names) — nothing private of another part, and never the simulators'. The
# crossings left from before are listed below; a new one fails, and so does a listed one that
# is gone (so the list only shrinks).
source "$(dirname "$0")/lib.sh"
$PY - "$HERE/../../src" <<'PY' || fail "a part includes another part's private header"
import pathlib, re, sys
src = pathlib.Path(sys.argv[1])
abi = {p.name for p in (src / "abi").glob("*.h")}
known = {  # to be removed by the parts issue: each needs a public or common home first
    ("analysis", "../dsp/dsp_int.h"), ("analysis", "../dsp/prominence.h"),
    ("analysis", "../format/format_int.h"), ("report", "../analysis/analysis_int.h"),
    ("report", "../analysis/partial_int.h"), ("report", "../plot/plot_int.h"),
    ("capture", "sim_signal.h"),
}
found = set()
for f in sorted(src.rglob("*.[ch]")):
    part = f.relative_to(src).parts[0]
    for inc in re.findall(r'^#include "([^"]+)"', f.read_text(), re.M):
        if inc.startswith("picostream/") or inc.startswith("../common/"):
            continue
        if "/" not in inc and ((f.parent / inc).exists() or
                               (inc in abi and part in ("abi", "device", "capture"))):
            continue
        found.add((part, inc))
        if (part, inc) not in known:
            print("%s includes %s" % (f.relative_to(src), inc))
            sys.exit(1)
gone = known - found
if gone:
    print("no longer crossed, take them off the list:", sorted(gone))
    sys.exit(1)
PY
true
