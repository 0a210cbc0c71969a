#!/usr/bin/env bash
# A tester's link the topology leaves down (the mobile node's home link h0)
# is brought up by the runner when a test uses it; the test's first frame,
# sent at once, must reach the other side of the bridge.  link_up_probe
# (tests/helpers) does it 300 times through nsreset.c's nsr_link_up between
# two namespaces joined by a bridge in a third, as in triad.topo.
# Usage: link_up.test.sh BIN_DIR SOURCE_DIR
set -u
bin=$1 src=$2
probe=$bin/../tests/link_up_probe
netns=$src/netns/mcoa-netns
[ "$(id -u)" -eq 0 ] || { echo "skipped: needs root (network namespaces)"; exit 77; }
[ -x "$probe" ] || { echo "skipped: $probe not built"; exit 77; }
id=lu$(printf '%04x' $(($$ % 65536)))
topo=$(mktemp)
trap '"$netns" down --id "$id" >/dev/null 2>&1; rm -f "$topo"' EXIT
cat > "$topo" <<'TOPO'
router r
node a
node b
bridge r lan
link r:pa@lan a:e0
link r:pb@lan b:e0
down b:e0
TOPO
"$netns" up "$topo" --id "$id" >/dev/null || { echo "FAIL: mcoa-netns up"; exit 1; }
"$probe" "mc$id-b" e0 "mc$id-a" e0 300
