#!/usr/bin/env bash
# `cmake --install` gives another tool what it needs to link the crafter and
# dissector: headers, libmcoa and a relocatable pkg-config file.  Installs
# into a temporary prefix, builds a small program with pkg-config, runs it.
# The conformance suite is installed whole (test cases, clause catalogue,
# PIXIT/PICS, topologies, mcoa-netns, man pages) and relocatable: the
# installed tree, moved elsewhere, lists the same tests and covers the same
# clauses as the build tree, run from / with no MCOA_* variable set.
# Usage: install.test.sh BIN_DIR SOURCE_DIR
set -u
build=$(cd "$1/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() { if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $*"; fi; }

cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
for f in bin/mcoa-craft bin/mcoa-dissect bin/mcoa-conform include/mcoa/wire.h include/mcoa/craft.h include/mcoa/dissect.h; do
  check test -e "$tmp/prefix/$f"
done
for f in share/mcoa-conform/testcases/clauses.tsv share/mcoa-conform/testcases/pixit/reference.pixit \
         share/mcoa-conform/testcases/pixit/reference.pics share/mcoa-conform/testcases/README.md \
         share/mcoa-conform/topologies/triad.topo share/man/man1/mcoa-conform.1 share/man/man5/mcoa-tc.5 \
         share/man/man7/mcoa-expr.7 share/man/man8/mcoa-netns.8; do
  check test -f "$tmp/prefix/$f"
done
check test -x "$tmp/prefix/libexec/mcoa-conform/mcoa-netns"
check test "$(find "$tmp/prefix/share/mcoa-conform/testcases" -name '*.tc' | wc -l)" = \
  "$(find "$2/testcases" -name '*.tc' | wc -l)"
if [ -d "$2/harness/adapters" ]; then
  check test -d "$tmp/prefix/share/mcoa-conform/adapters"
fi
# relocatable: moved, from /, without overrides
mv "$tmp/prefix" "$tmp/moved"
list() { (cd / && env -u MCOA_TESTCASES -u MCOA_DATADIR -u MCOA_LIBEXECDIR "$1/mcoa-conform" "${@:2}"); }
check test "$(list "$tmp/moved/bin" list | wc -l)" -gt 0
check diff <(list "$1" list) <(list "$tmp/moved/bin" list)
check diff <(list "$1" coverage) <(list "$tmp/moved/bin" coverage)
mv "$tmp/moved" "$tmp/prefix"

pc=$(dirname "$(find "$tmp/prefix" -name mcoa.pc | head -1)")
cat >"$tmp/use.c" <<'C'
#include <mcoa/craft.h>
#include <mcoa/dissect.h>
int main(void)
{
    uint8_t f[256];
    size_t n;
    mc_err e;
    static mc_dissection d;
    if (mc_craft("ipv6 src=2001:db8::1 dst=2001:db8::2 / bu seq=9 A H / bid 1", f, sizeof f, &n, &e))
        return 1;
    mc_dissect(f, n, n, MC_LINKTYPE_RAW, &d);
    mc_outbuf o;
    mc_out_init(&o, stdout);
    mc_print_line(&o, &d, 1, 0);
    mc_out_flush(&o);
    return 0;
}
C
check cc -std=c11 "$tmp/use.c" $(PKG_CONFIG_PATH=$pc pkg-config --cflags --libs mcoa) -o "$tmp/use"
check grep -q "BU seq 9 A H" <("$tmp/use")
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
