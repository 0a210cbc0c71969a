#!/usr/bin/env bash
# Man pages and the programs' own help:
#   - every page of man/ (as the build configured it, build/man/) renders
#     with man-db + groff without a single warning at 80 columns;
#   - every installed program (everything in the build's bin/, and
#     mcoa-netns) has a page, and answers --help and --version with exit
#     status 0 and text on standard output, the version being the
#     project's (CMakeLists.txt project()) everywhere;
#   - every page a page refers to (SEE ALSO) that is ours exists.
# Usage: man.test.sh BIN_DIR SOURCE_DIR
set -u
bin=$(cd "$1" && pwd)
src=$2
mandir=$bin/../man
pass=0 fail=0
check() { if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $*"; fi; }

version=$(sed -n 's/^project(mcoa-conform VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
[ -n "$version" ] || { echo "FAIL: no project version in $src/CMakeLists.txt"; exit 1; }
command -v man >/dev/null || { echo "FAIL: man is not installed (apt-get install man-db)"; exit 1; }

pages=("$mandir"/*.[1-8])
check test "${#pages[@]}" -ge 10
renders_clean() { # page
  local warn out
  warn=$(MANWIDTH=80 man --warnings -l "$1" 2>&1 >/dev/null)
  out=$(MANWIDTH=80 man -l "$1" 2>/dev/null)
  [ -z "$warn" ] || { echo "$1: $warn"; return 1; }
  # configured: no @VAR@ left; and a NAME section
  ! grep -q '@[A-Z_]*@' "$1" || { echo "$1: unconfigured @VAR@"; return 1; }
  grep -q "^NAME" <<<"$out"
}
for p in "${pages[@]}"; do
  check renders_clean "$p"
done

progs=("$bin"/mcoa-* "$src/netns/mcoa-netns")
for p in "${progs[@]}"; do
  name=$(basename "$p")
  ls "$mandir/$name".[1-8] >/dev/null 2>&1 || { echo "FAIL: $name has no man page"; fail=$((fail + 1)); }
  out=$("$p" --help 2>/dev/null); rc=$?
  check test "$rc" = 0 -a -n "$out"
  [ "$rc" = 0 ] || echo "  ($name --help: exit $rc)"
  out=$("$p" --version 2>/dev/null); rc=$?
  check test "$rc" = 0
  check grep -qx "$name.* $version" <<<"$out"
done

# SEE ALSO: our pages that are referred to exist
for ref in $(cat "${pages[@]}" | grep -o 'mcoa-[a-z]* *([1-8])' | tr -d ' ' | sort -u); do
  name=${ref%(*}; sec=${ref#*(}; sec=${sec%)}
  check test -f "$mandir/$name.$sec"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
