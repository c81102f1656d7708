# A full disk (ENOSPC) on a small tmpfs: clean stop, exit 1 with the reason, the final meta
# written from the space held in reserve, every written sample exact. Skipped (77) where this
# machine cannot mount a tmpfs.
source "$(dirname "$0")/lib.sh"
mkdir -p small
if ! mount -t tmpfs -o size=4m tmpfs small 2>/dev/null; then
    echo "skipped: cannot mount a tmpfs here (needs root)" >&2
    exit 77
fi
trap 'umount "$T/small" 2>/dev/null; if [ $? -eq 0 ]; then rm -rf "$T"; fi' EXIT
run 1 "$PS" capture -d sim -c A:2V -c B:2V --rate 1M --duration 3s -o small/full --quiet
grep -q "^picostream capture: cannot write small/full.sigmf-data: No space left on device (the recording is valid up to sample [0-9]*)$" err.txt ||
    { cat err.txt; fail "ENOSPC message"; }
run 0 "$PS" info small/full
expect_out_has "status     complete (disk error: cannot write small/full.sigmf-data: No space left on device"
run 0 "$PS" verify small/full
[ ! -e small/.full.sigmf-meta.reserve ] || fail "the reserve file was left behind"
umount small
