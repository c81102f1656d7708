# The man pages the build writes from the option tables: every command has one, man renders it,
# and it lists every option that command's --help lists.
source "$(dirname "$0")/lib.sh"
MAN=$BUILD/man
command -v man >/dev/null || { echo "man is not installed: skipped" >&2; exit 77; }
[ -f "$MAN/picostream.1" ] || fail "no $MAN/picostream.1"
cmds=$("$PS" --help | sed -n 's/^  \([a-z]*\)  .*/\1/p')
[ -n "$cmds" ] || fail "no commands in picostream --help"
MANWIDTH=400 man -l "$MAN/picostream.1" >top.txt 2>man.err || { cat man.err; fail "man -l picostream.1"; }
for c in $cmds; do
    page=$MAN/picostream-$c.1
    [ -f "$page" ] || fail "no man page for $c"
    MANWIDTH=400 man -l "$page" 2>man.err | col -b >page.txt || { cat man.err; fail "man -l $page"; }
    [ -s page.txt ] && [ ! -s man.err ] || { cat man.err; fail "$page does not render cleanly"; }
    grep -q "picostream-$c(1)" top.txt || fail "picostream(1) does not list $c"
    "$PS" "$c" --help >help.txt
    for opt in $(grep -oE '(^|[ ,])--[a-z][a-z0-9-]*' help.txt | tr -d ' ,' | sort -u); do
        grep -qF -- "$opt" page.txt || fail "picostream-$c(1) lacks $opt"
    done
done
true
