#!/usr/bin/env bash
# The reference triad end to end (issue 4), in netns/topologies/triad.topo:
# the mobile node (three foreign links), the home agent on the home link and
# the correspondent node, each a userspace node in its own namespace.
# Checked through the nodes' JSON state and through captured packets:
#   1. the MN registers its three care-of addresses in bulk: the HA holds
#      BIDs 1-3 (and the capture shows one BU with three BID options);
#   2. a UDP datagram from the CN to the home address reaches the MN
#      through the HA's tunnel;
#   3. de-registering BID 2 leaves two bindings;
#   4. the MN registers individually (bulk = no): three BUs, three bindings;
#   5. return routability with the CN for each care-of address: the CN
#      holds three bindings;
#   6. the MN returns home with the H flag and gets the configured status (5);
#   7. nothing leaks: namespaces, nft tables, processes are gone afterwards.
# Usage: triad_e2e.test.sh BIN_DIR SOURCE_DIR
set -u
bin=$1 src=$2
netns=$src/netns/mcoa-netns
tmp=$(mktemp -d)
id=e$(printf '%04x' $(($$ % 65536)))
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
ko() { fail=$((fail + 1)); echo "FAIL $*"; }

cleanup() {
  for s in "$tmp"/*.sock; do [ -S "$s" ] && "$bin/mcoa-ctl" "$s" quit >/dev/null 2>&1; done
  [ -n "${capture_pid:-}" ] && kill "$capture_pid" 2>/dev/null
  "$netns" down --id "$id" >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

. "$(dirname "$0")/testlib.sh"  # wait_for
state() { "$bin/mcoa-ctl" "$tmp/$1.sock" state; }
# count_bindings NODE HOA: bindings the node holds for that home address
count_bindings() { state "$1" | python3 -c 'import json,sys; s=json.load(sys.stdin); print(sum(1 for b in s["bindings"] if b["hoa"]==sys.argv[1]))' "$2"; }
has_bindings() { [ "$(count_bindings "$1" "$2")" = "$3" ]; }

"$netns" up "$src/netns/topologies/triad.topo" --id "$id" >/dev/null || { echo "FAIL topology"; exit 1; }
ns() { echo "mc$id-$1"; }

cat >"$tmp/ha.conf" <<EOF
interface = home0
address = 2001:db8:1::1
home-prefix = 2001:db8:1::/64
returnhome-status = 5
control = $tmp/ha.sock
EOF
cat >"$tmp/cn.conf" <<EOF
interface = c0
address = 2001:db8:c::1
control = $tmp/cn.sock
EOF
mn_conf() {
  cat >"$tmp/mn.conf" <<EOF
home-address = 2001:db8:1::100
home-agent = 2001:db8:1::1
home-prefix = 2001:db8:1::/64
home-interface = h0
interface = f1 2001:db8:f1::10 1
interface = f2 2001:db8:f2::10 2
interface = f3 2001:db8:f3::10 3
lifetime = 60
bulk = $1
return-home = simultaneous
correspondent = 2001:db8:c::1
control = $tmp/mn.sock
EOF
}
start() { # start NODE: run mcoa-NODE in its namespace, wait for its control socket
  ip netns exec "$(ns "$1")" "$bin/mcoa-$1" -c "$tmp/$1.conf" >>"$tmp/$1.log" 2>&1 &
  wait_for 3000 "$bin/mcoa-ctl" "$tmp/$1.sock" ping || { ko "$1 did not start: $(tail -3 "$tmp/$1.log")"; exit 1; }
}
stop() { "$bin/mcoa-ctl" "$tmp/$1.sock" quit >/dev/null 2>&1; wait_for 3000 test ! -S "$tmp/$1.sock"; }

mn_conf yes
start ha; start cn; start mn

# capture on f1 what the MN sends and receives, to check the wire too
ip netns exec "$(ns mn)" "$bin/mcoa-dissect" -i f1 --json 'ip6' >"$tmp/f1.json" 2>"$tmp/f1.err" &
capture_pid=$!
wait_for 2000 grep -q . "$tmp/f1.err" || true   # mcoa-dissect says when it listens

# 1. bulk registration
"$bin/mcoa-ctl" "$tmp/mn.sock" register all >/dev/null
if wait_for 3000 has_bindings ha 2001:db8:1::100 3; then
  bids=$(state ha | python3 -c 'import json,sys; print(sorted(b["bid"] for b in json.load(sys.stdin)["bindings"]))')
  [ "$bids" = "[1, 2, 3]" ] && ok "bulk: the HA holds BIDs 1-3" || ko "bulk: BIDs $bids"
else
  ko "bulk: the HA holds $(count_bindings ha 2001:db8:1::100) bindings, not 3"
fi
if wait_for 2000 python3 - "$tmp/f1.json" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    p = json.loads(line)
    for l in p["layers"]:
        if l.get("layer") == "bu" and sum(1 for o in l["options"] if o["option"] == "bid") == 3:
            sys.exit(0)
sys.exit(1)
PY
then ok "bulk: one BU with three BID options on the wire"; else ko "bulk: no BU with three BID options captured on f1"; fi

# 2. CN -> home address through the HA's tunnel (the CN has no binding yet,
#    so its kernel sends it to the home link, where the HA intercepts it)
ip netns exec "$(ns cn)" bash -c 'echo hello-through-the-tunnel >/dev/udp/2001:db8:1::100/5000'
delivered() { state mn | grep -q '"delivered":[1-9]'; }
if wait_for 3000 delivered; then ok "CN -> home address reached the MN through the HA tunnel"
else ko "the UDP datagram did not reach the MN (HA: $(state ha | grep -o '"tunnelled":[0-9]*'))"; fi

# 3. de-register BID 2
"$bin/mcoa-ctl" "$tmp/mn.sock" deregister 2 >/dev/null
wait_for 3000 has_bindings ha 2001:db8:1::100 2 && ok "de-registering BID 2 leaves two bindings" ||
  ko "after de-registering BID 2 the HA holds $(count_bindings ha 2001:db8:1::100)"

# 4. individual registration: a fresh MN with bulk = no
"$bin/mcoa-ctl" "$tmp/mn.sock" deregister all >/dev/null
wait_for 3000 has_bindings ha 2001:db8:1::100 0 || ko "de-register all left bindings"
stop mn
mn_conf no
start mn
"$bin/mcoa-ctl" "$tmp/mn.sock" register all >/dev/null
wait_for 3000 has_bindings ha 2001:db8:1::100 3 && ok "individually: the HA holds three bindings" ||
  ko "individually: the HA holds $(count_bindings ha 2001:db8:1::100)"

# 5. return routability with the CN for each care-of address
"$bin/mcoa-ctl" "$tmp/mn.sock" rr 2001:db8:c::1 >/dev/null
wait_for 5000 has_bindings cn 2001:db8:1::100 3 && ok "route optimization: the CN holds three bindings" ||
  ko "route optimization: the CN holds $(count_bindings cn 2001:db8:1::100) ($(state mn | head -c 300))"
# the MN took the CN's BAs: their Binding Authorization Data verified
# (RFC 6275 11.7.3), each BID registered with the CN in its state
cn_registered() { state mn | python3 -c 'import json,sys; s=json.load(sys.stdin); sys.exit(0 if sum(1 for b in s["bids"] for p in b.get("peers", []) if p.get("role") == "cn" and p.get("state") == "registered") == 3 else 1)'; }
wait_for 3000 cn_registered && ok "route optimization: the MN verified the CN's three BAs (registered)" ||
  { tail -20 "$tmp/mn.log"; ko "the MN did not take the CN's BAs: $(state mn | python3 -c 'import json,sys; print([(b["bid"], p["state"], p["status"]) for b in json.load(sys.stdin)["bids"] for p in b.get("peers", []) if p.get("role") == "cn"])')"; }

# 6. return home with H, configured status 5 (MCOA RETURNHOME WO/NDP)
"$bin/mcoa-ctl" "$tmp/mn.sock" return-home >/dev/null
# the BID on the home link (h0) has status 5 from the home agent
home_status() { state mn | python3 -c 'import json,sys; s=json.load(sys.stdin); sys.exit(0 if any(b.get("home_link") and any(p.get("status") == 5 for p in b.get("peers", [])) for b in s["bids"]) else 1)'; }
home_binding() { state ha | python3 -c 'import json,sys; sys.exit(0 if any(b["home"] for b in json.load(sys.stdin)["bindings"]) else 1)'; }
wait_for 3000 home_binding && ok "returning home: the HA holds a home binding (H flag)" || ko "no home binding at the HA"
wait_for 3000 home_status && ok "returning home: the MN got the configured status 5" || ko "the MN did not report status 5"

# 7. nothing leaks
stop mn; stop cn; stop ha
kill "$capture_pid" 2>/dev/null; wait "$capture_pid" 2>/dev/null; capture_pid=
for n in ha cn mn; do
  tables=$(ip netns exec "$(ns "$n")" nft list tables 2>/dev/null | grep -c "mcoa_$n" || true)
  [ "$tables" = 0 ] && ok "$n removed its nft table on exit" || ko "$n left its nft table"
done
"$netns" down --id "$id" >/dev/null
[ -z "$(ls /var/run/netns 2>/dev/null | grep "^mc$id-")" ] && ok "no namespace left" || ko "namespaces left"
pgrep -f "$tmp/.*conf" >/dev/null && ko "node processes left" || ok "no node process left"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
