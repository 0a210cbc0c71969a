#!/usr/bin/env bash
# The reference mobile node's own smoke test: mcoa-mn with the reference
# home agent mcoa-ha in the triad topology (netns/topologies/triad.topo).
#   - bulk registration of three care-of addresses (RFC 5648 5.3),
#   - de-registration of one BID (5.4),
#   - a packet for the home address tunnelled by the HA, delivered (RFC 6275 11.3.1),
#   - returning home with simultaneous bindings (5.6): the home binding is
#     accepted with the status the HA is configured for (5, RFC 5648 6.3) and
#     the home address stays unconfigured (no NS answered, 5.6.3),
#   - SIGTERM: control socket and nftables table removed,
#   - the fault mn-answer-ns-after-5: the home address is configured and the
#     kernel answers Neighbor Solicitations for it.
# Usage: mn_node.test.sh BIN_DIR SOURCE_DIR   (as root; MCOA_NETNS_RUN is honoured)
# shellcheck disable=SC2317  # functions run through check/trap
set -u
bin=$1 src=$2
netns=$src/netns/mcoa-netns
if [ "$(id -u)" -ne 0 ]; then echo "mn_node: must run as root (network namespaces)" >&2; exit 1; fi
command -v jq >/dev/null || { echo "mn_node: needs jq" >&2; exit 1; }

tmp=$(mktemp -d)
id=$(printf 'mn%x' $(($$ % 0xffffff)))
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  "$netns" down --id "$id" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; [ $# -lt 2 ] || echo "     $2" | head -c 600; echo; }
ctl() { "$bin/mcoa-ctl" "$@" 2>/dev/null; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
check() { local name=$1; shift; if "$@"; then ok "$name"; else ko "$name"; fi; }

# eventually SECONDS NAME SOCKET JQ_FILTER: poll the node's state until the
# filter holds, up to the deadline.
eventually() {
  local secs=$1 name=$2 sock=$3 filter=$4 end
  end=$(($(now_ms) + secs * 1000))
  while :; do
    if ctl "$sock" state | jq -e "$filter" >/dev/null 2>&1; then ok "$name"; return 0; fi
    [ "$(now_ms)" -lt "$end" ] || break
    sleep 0.05
  done
  ko "$name" "$(ctl "$sock" state)"
  return 1
}
# reply NAME SOCKET JQ_FILTER COMMAND...: one command, its reply checked
reply() {
  local name=$1 sock=$2 filter=$3 out; shift 3
  out=$(ctl "$sock" "$@")
  if jq -e "$filter" <<<"$out" >/dev/null 2>&1; then ok "$name"; else ko "$name" "$out"; fi
}
wait_ping() {
  local sock=$1 end
  end=$(($(now_ms) + 5000))
  until ctl "$sock" ping | grep -q '"ok":true'; do
    [ "$(now_ms)" -lt "$end" ] || return 1
    sleep 0.05
  done
}
start() { # NODE LOG PROGRAM ARGS...: `mcoa-netns exec` execs, so $! is the node
  local node=$1 log=$2; shift 2
  "$netns" exec --id "$id" "$node" "$@" >"$log" 2>&1 &
  pids+=($!)
  last_pid=$!
}
stop() { kill -TERM "$1" 2>/dev/null; wait "$1" 2>/dev/null; }
in_mn() { "$netns" exec --id "$id" mn "$@"; }
hoa_on_h0() { in_mn ip -6 addr show dev h0 | grep -q '2001:db8:1::100/'; }
mn_nft_tables() { in_mn nft list tables | grep -c 'mcoa_mn_'; }

"$netns" up "$src/netns/topologies/triad.topo" --id "$id" >/dev/null || { echo "mn_node: mcoa-netns up failed"; exit 1; }
ha_mac=$("$netns" exec --id "$id" ha cat /sys/class/net/home0/address)

cat >"$tmp/ha.conf" <<EOF
interface = home0
address = 2001:db8:1::1
home-prefix = 2001:db8:1::/64
returnhome-status = 5
control = $tmp/ha.sock
EOF
cat >"$tmp/mn.conf" <<EOF
home-address = 2001:db8:1::100
home-agent = 2001:db8:1::1
home-prefix = 2001:db8:1::/64
home-interface = h0
home-agent-lla = $ha_mac
interface = f1 2001:db8:f1::10
interface = f2 2001:db8:f2::10
interface = f3 2001:db8:f3::10
lifetime = 60
bulk = yes
return-home = simultaneous
correspondent = 2001:db8:c::1
control = $tmp/mn.sock
EOF
ha=$tmp/ha.sock mn=$tmp/mn.sock

start ha "$tmp/ha.log" "$bin/mcoa-ha" -c "$tmp/ha.conf"; ha_pid=$last_pid
start mn "$tmp/mn.log" "$bin/mcoa-mn" -c "$tmp/mn.conf"; mn_pid=$last_pid
check "ha answers ping" wait_ping "$ha"
check "mn answers ping" wait_ping "$mn"

# ---- registration -------------------------------------------------------------
eventually 1 "three care-of addresses, BIDs 1 2 3" "$mn" \
  '[.bids[].bid] == [1,2,3] and [.bids[].coa] == ["2001:db8:f1::10","2001:db8:f2::10","2001:db8:f3::10"]'
reply "register all: one bulk BU" "$mn" '.ok and .bu == 1 and .seq == [1]' register all
eventually 3 "ha: three bindings" "$ha" '.bindings | length == 3'
eventually 3 "mn: three BIDs registered, O bootstrap done" "$mn" \
  '([.bids[] | select(.ha == "registered")] | length == 3) and .bul[0].seq == 1 and (.bul[0].flags.need_o | not)'

reply "deregister 2" "$mn" '.ok and .bu == 1' deregister 2
eventually 3 "ha: two bindings (1, 3)" "$ha" '[.bindings[].bid] | sort == [1,3]'
eventually 3 "mn: BID 2 no longer registered" "$mn" \
  '[.bids[] | .ha] == ["registered","none","registered"] and .counters.bu_sent == 2 and .counters.ba_received == 2'

# ---- data plane: the HA tunnels a packet for the home address ---------------------
"$netns" exec --id "$id" cn ping -6 -c1 -W1 2001:db8:1::100 >/dev/null 2>&1
eventually 3 "tunnelled packet delivered to the home address" "$mn" \
  '.counters.delivered >= 1 and (.delivered[-1] | startswith("ipv6 ") and contains("src=2001:db8:c::1 dst=2001:db8:1::100"))'

reply "unknown command answered with an error" "$mn" '.error | type == "string"' fly-away
reply "register of an unknown BID refused" "$mn" '.error | type == "string"' register 77

# ---- returning home with simultaneous bindings (RFC 5648 5.6) --------------------
reply "return-home: one BU" "$mn" '.ok and .bu == 1' return-home
eventually 3 "mn: home binding accepted with status 5" "$mn" \
  '.at_home and .nd == "forbidden" and (.hoa_configured | not) and
   ([.bids[] | select(.interface == "h0" and .ha == "registered" and .peers[0].status == 5 and .peers[0].home)] | length == 1)'
eventually 3 "ha: a home binding and the two foreign ones" "$ha" \
  '([.bindings[] | select(.home)] | length == 1) and (.bindings | length == 3)'
check "home address not configured on h0 after status 5 (no NS answered)" eval '! hoa_on_h0'

# ---- clean shutdown on SIGTERM ----------------------------------------------------
check "nft guard table installed" test "$(mn_nft_tables)" -eq 1
stop "$mn_pid"
check "SIGTERM: control socket removed" test ! -e "$mn"
check "SIGTERM: nft guard table removed" test "$(mn_nft_tables)" -eq 0

# ---- fault mn-answer-ns-after-5: the kernel answers NS for the home address ----------
stop "$ha_pid"
start ha "$tmp/ha2.log" "$bin/mcoa-ha" -c "$tmp/ha.conf"; ha_pid=$last_pid
start mn "$tmp/mn2.log" "$bin/mcoa-mn" -c "$tmp/mn.conf" --fault mn-answer-ns-after-5; mn_pid=$last_pid
check "ha (again) answers ping" wait_ping "$ha"
check "mn (faulty) answers ping" wait_ping "$mn"
reply "faulty return-home: one BU" "$mn" '.ok and .bu == 1' return-home
eventually 3 "faulty mn: status 5 yet ND allowed, home address configured" "$mn" \
  '.at_home and .nd == "allowed" and .hoa_configured and
   ([.bids[] | select(.interface == "h0" and .peers[0].status == 5)] | length == 1)'
check "home address configured on h0" hoa_on_h0
ha_pings_hoa() { "$netns" exec --id "$id" ha ping -6 -c1 -W2 2001:db8:1::100 >/dev/null 2>&1; }
check "the home agent reaches the home address by ND" ha_pings_hoa

echo "$pass passed, $fail failed"
if [ "$fail" -ne 0 ]; then
  for f in "$tmp"/*.log; do echo "--- ${f##*/}"; tail -n 20 "$f"; done
  exit 1
fi
exit 0
