#!/usr/bin/env bash
# BID option order (testcases/CLAUSES.md): RFC 5648 asks that every BID
# option of the BU be copied into the BA and names no order, and the
# mobile node matches the copies by BID.  A home agent that copies them in
# reverse order is conforming: every HA test whose BU carries several BID
# options must pass against one (the reference HA with ba-bid-order =
# reverse), and its BAs must really carry the copies reversed.
# Usage: conform_bid_order.test.sh BIN_DIR SOURCE_DIR (as root).
set -u
bin=$1 src=$(cd "$2" && pwd)
pass=0 fail=0
if [ "$(id -u)" -ne 0 ]; then echo "conform_bid_order: needs root (namespaces); skipped"; exit 77; fi
tmp=$(mktemp -d /tmp/conform-bidorder.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1${2:+: $2}"; }

# the HA tests whose Binding Updates carry two or more BID options
ids=$(grep -l -E '^send .*/ bid [^/]*/ bid ' "$src"/testcases/ha/*.tc | xargs -n1 basename | sed 's/\.tc$//' | sort)
[ "$(echo "$ids" | grep -c .)" -ge 5 ] && ok "$(echo "$ids" | grep -c .) HA tests with bulk BUs" || bad "too few bulk tests: $ids"
printf 'include = %s\nref.ha.ba-bid-order = reverse\n' "$src/testcases/pixit/reference.pixit" >"$tmp/rev.pixit"
# shellcheck disable=SC2086
"$bin/mcoa-conform" run $ids -j 2 --quiet --pixit "$tmp/rev.pixit" --output "$tmp/rev" >"$tmp/rev.out" 2>&1
rc=$?
notpass=$(jq -r '.tests[] | select(.verdict != "pass" and .verdict != "skip") | "\(.id) \(.verdict): \(.reason | split("\n")[0])"' "$tmp/rev/results.json" 2>&1)
[ $rc -eq 0 ] && [ -z "$notpass" ] && ok "BID copies in reverse order: every bulk test passes" ||
  bad "BID copies in reverse order (exit $rc)" "$notpass"
# the copies were reversed on the wire (so the run above proves something)
line=$("$bin/mcoa-dissect" -r "$tmp/rev/tests/ha-bulk-accepted/packets.pcap" | grep ' MH BA ' | head -1)
[[ $line == *"BID 3, BID 2, BID 1"* ]] && ok "the BA carried BID 3, 2, 1 for a BU with 1, 2, 3" ||
  bad "the BA's copies were not reversed" "$line"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
