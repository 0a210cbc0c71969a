#!/usr/bin/env bash
# The Debian package works on its own: builds it (scripts/package.sh),
# checks that no file in it names the source or build tree, installs it on
# this machine with apt-get, and from an empty temporary directory, with no
# MCOA_* variable set and a plain PATH, runs the installed suite: one test,
# then `run --all -j 2`; the reports must land in that directory and every
# test must pass.  `man mcoa-conform` must render.  The package is removed
# afterwards (also on failure); if it was installed before, this refuses to
# run rather than remove someone's installation.
#   usage: scripts/deb-check.sh
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" -eq 0 ] || { echo "deb-check: must run as root (installs the package)"; exit 2; }
if dpkg-query -W -f='${Status}' mcoa-conform 2>/dev/null | grep -q "install ok installed"; then
  echo "deb-check: mcoa-conform is already installed here; not touching it"; exit 2
fi
deb=$("$top/scripts/package.sh" | tail -1)
echo "package: $deb"
dpkg-deb -f "$deb" Package Version Depends

tmp=$(mktemp -d /tmp/mcoa-deb-check.XXXXXX)
installed=0
cleanup() {
  [ "$installed" -eq 0 ] || DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq mcoa-conform >/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail=0
check() { if "$@"; then echo "ok: $*"; else echo "FAIL: $*"; fail=1; fi; }

# nothing in the package points into the source or build tree
mkdir "$tmp/root"
dpkg-deb -x "$deb" "$tmp/root"
hits=$(grep -rlF -e "$top" "$tmp/root" || true)
check test -z "$hits"
[ -z "$hits" ] || echo "files naming $top: $hits"
rm -rf "$tmp/root"

DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" >/dev/null
installed=1

# from an empty directory outside the tree, nothing of the tree in reach
mkdir "$tmp/run"
cd "$tmp/run"
installed_env() { env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
check test "$(installed_env sh -c 'command -v mcoa-conform')" = /usr/bin/mcoa-conform
installed_env mcoa-conform --version
check test "$(installed_env mcoa-conform list | wc -l)" -gt 50
installed_env mcoa-conform coverage | tail -3

echo "-- one test"
check installed_env mcoa-conform run ha-bid-length-5-7
check test -f mcoa-report/index.html -a -f mcoa-report/results.json -a -f mcoa-report/junit.xml
check grep -q '"verdict": *"pass"' mcoa-report/results.json

echo "-- every test, two at a time"
rc=0
installed_env mcoa-conform run --all -j 2 --quiet --output all || rc=$?
check test "$rc" -eq 0
check test -f all/index.html
verdicts=$(python3 -c 'import json,sys,collections; r=json.load(open(sys.argv[1])); print(dict(collections.Counter(t["verdict"] for t in r["tests"])))' all/results.json)
echo "verdicts: $verdicts"
check test "$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(all(t["verdict"] in ("pass","skip") for t in r["tests"]) and len(r["tests"]) > 50)' all/results.json)" = True
# the report names no file of the source or build tree
check test -z "$(grep -rlF -e "$top" all || true)"

echo "-- man"
out=$(installed_env MANWIDTH=80 man mcoa-conform 2>&1)
check grep -q "^NAME" <<<"$out"
check grep -q "mcoa-conform - RFC 5648 conformance" <<<"$out"
check test -z "$(installed_env MANWIDTH=80 man --warnings mcoa-conform 2>&1 >/dev/null)"

cd /
[ "$fail" -eq 0 ] && echo "deb check: passed" || echo "deb check: FAILED"
exit "$fail"
