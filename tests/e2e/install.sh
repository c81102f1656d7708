# make install into a temporary prefix; the example links the installed library through
# pkg-config, records 1 s from the installed simulator, and the installed CLI verifies it.
source "$(dirname "$0")/lib.sh"
if grep -q "PICOSTREAM_SANITIZE:BOOL=ON" "$BUILD/CMakeCache.txt"; then
    echo "sanitizer build: the installed-library check runs in the plain build" >&2
    exit 0
fi
run 0 cmake --install "$BUILD" --prefix "$T/prefix"
for f in bin/picostream lib/libpicostream.so lib/libpicostream.a lib/pkgconfig/picostream.pc \
         include/picostream/capture.h lib/picostream/sim/libps5000a.so.2 \
         lib/picostream/sim/libps5000a.so share/picostream/python/picostream/__init__.py \
         share/man/man1/picostream.1 share/man/man1/picostream-capture.1; do
    [ -e "prefix/$f" ] || fail "not installed: $f"
done
export PKG_CONFIG_PATH=$T/prefix/lib/pkgconfig
run 0 pkg-config --modversion picostream
run 0 sh -c "cc -std=c11 -Wall -Wextra -Werror -o record_1s $HERE/../../examples/record_1s.c \$(pkg-config --cflags --libs picostream)"
LD_LIBRARY_PATH=$T/prefix/lib run 0 ./record_1s one
expect_out_has "100000 samples at 100000 S/s, 0 lost, verified"
run 0 prefix/bin/picostream verify one
run 0 prefix/bin/picostream capture -d sim -c A:1V --rate 10k --samples 1k -o two --quiet
# the installed Python package finds the installed library by itself (no variable) and records
# from the installed simulator
(unset PICOSTREAM_LIB LD_LIBRARY_PATH; cd "$T" && PYTHONPATH=$T/prefix/share/picostream/python \
    run 0 $PY -c "import picostream; r = picostream.capture('three', channels={'A': '1V'}, rate='10k', samples='1k'); print(picostream._native.lib._name, r.verify()['samples'])")
grep -q "^$T/prefix/share/picostream/python/picostream/../../../../lib/libpicostream.so.0 1000$" out.txt ||
    { cat out.txt err.txt; fail "installed Python package"; }
