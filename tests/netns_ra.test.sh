#!/usr/bin/env bash
# The topology for a mobile node under test that configures itself
# (netns/topologies/triad-ra.topo): router r advertises the foreign prefixes
# and the home prefix, the mobile node's links autoconfigure an address in
# each, and `down` stops the advertising daemon with the namespaces.
# Usage: netns_ra.test.sh BIN_DIR SOURCE_DIR
set -u
src=$2
netns=$src/netns/mcoa-netns
id=ra$(printf '%04x' $(($$ % 65536)))
pass=0 fail=0
trap '"$netns" down --id "$id" >/dev/null 2>&1' EXIT
check() { if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $*"; fi; }
. "$(dirname "$0")/testlib.sh"  # wait_for
slaac() { ip -n "mc$id-mn" -6 addr show dev "$1" scope global | grep -q "inet6 $2.*dynamic"; }

"$netns" up "$src/netns/topologies/triad-ra.topo" --id "$id" >/dev/null
check test -d "/proc/$(cat "/run/mcoa-netns/$id.radvd.r.pid" 2>/dev/null || echo 0)"
for n in 1 2 3; do
  check wait_for 10000 slaac "f$n" "2001:db8:f$n:"
done
pids=$(ip netns pids "mc$id-r")
"$netns" down --id "$id" >/dev/null
gone() { for p in $pids; do [ -d "/proc/$p" ] && [ "$(cut -d' ' -f3 "/proc/$p/stat")" != Z ] && return 1; done; return 0; }
check wait_for 2000 gone
check test ! -e "/run/mcoa-netns/$id.radvd.r.pid"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
