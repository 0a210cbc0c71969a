#!/usr/bin/env bash
# The passive checker on a capture made by hand (no harness): the reference
# home agent, correspondent and mobile node talk across the triad's
# namespaces while tcpdump captures on the home agent's link and the
# correspondent's; the MN registers its three care-of addresses in bulk,
# de-registers one, then runs return routability with the correspondent.
#   1. all three conforming: `check --from-start` reports no finding;
#   2. the home agent under fault ha-no-bid-copy (its BAs carry no BID
#      option): the checker reports 5648-6.2-16 for the HA, and nothing for
#      the MN or the correspondent;
#   3. `check --report DIR`: the run's report writers, a test per
#      conversation: the clean captures all pass, the faulty ones fail with
#      the finding's clause in results.json and JUnit, its page draws the
#      conversation with the finding under its frame; a report directory
#      that cannot be made is a clear error, exit 2.
# Usage: check_triad.test.sh BIN_DIR SOURCE_DIR (as root)
set -u
bin=$1 src=$2
netns=$src/netns/mcoa-netns
[ "$(id -u)" -eq 0 ] || { echo "check_triad: needs root (namespaces); skipped"; exit 77; }
command -v tcpdump >/dev/null || { echo "check_triad: needs tcpdump; skipped"; exit 77; }
tmp=$(mktemp -d)
id=k$(printf '%04x' $(($$ % 65536)))
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
ko() { fail=$((fail + 1)); echo "FAIL $*"; }
pids=()
cleanup() {
  for s in "$tmp"/*.sock; do [ -S "$s" ] && "$bin/mcoa-ctl" "$s" quit >/dev/null 2>&1; done
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  "$netns" down --id "$id" >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
. "$(dirname "$0")/testlib.sh"  # wait_for
ns() { echo "mc$id-$1"; }
"$netns" up "$src/netns/topologies/triad.topo" --id "$id" >/dev/null || { echo "FAIL topology"; exit 1; }

cat >"$tmp/ha.conf" <<EOF
interface = home0
address = 2001:db8:1::1
home-prefix = 2001:db8:1::/64
control = $tmp/ha.sock
EOF
cat >"$tmp/cn.conf" <<EOF
interface = c0
address = 2001:db8:c::1
control = $tmp/cn.sock
EOF
cat >"$tmp/mn.conf" <<EOF
home-address = 2001:db8:1::100
home-agent = 2001:db8:1::1
home-prefix = 2001:db8:1::/64
home-interface = h0
interface = f1 2001:db8:f1::10 1
interface = f2 2001:db8:f2::10 2
interface = f3 2001:db8:f3::10 3
lifetime = 60
bulk = yes
correspondent = 2001:db8:c::1
control = $tmp/mn.sock
EOF
start() { # start NODE [FAULT]
  ip netns exec "$(ns "$1")" "$bin/mcoa-$1" -c "$tmp/$1.conf" ${2:+--fault "$2"} >>"$tmp/$1.log" 2>&1 &
  wait_for 3000 "$bin/mcoa-ctl" "$tmp/$1.sock" ping || { ko "$1 did not start: $(tail -3 "$tmp/$1.log")"; exit 1; }
}
stop() { "$bin/mcoa-ctl" "$tmp/$1.sock" quit >/dev/null 2>&1; wait_for 3000 test ! -S "$tmp/$1.sock"; }
count() { "$bin/mcoa-ctl" "$tmp/$1.sock" state | python3 -c 'import json,sys; print(sum(1 for b in json.load(sys.stdin)["bindings"] if b["hoa"]=="2001:db8:1::100"))'; }
has() { [ "$(count "$1")" = "$2" ]; }

# one conversation: capture on the HA's and the CN's links, the MN registers,
# de-registers BID 2, runs return routability with the CN
session() { # session NAME [HA-FAULT]
  ip netns exec "$(ns ha)" tcpdump -i home0 -w "$tmp/$1-ha.pcap" -U ip6 2>"$tmp/$1-ha.tcpdump" & pids+=($!)
  ip netns exec "$(ns cn)" tcpdump -i c0 -w "$tmp/$1-cn.pcap" -U ip6 2>"$tmp/$1-cn.tcpdump" & pids+=($!)
  wait_for 5000 grep -q "listening on" "$tmp/$1-ha.tcpdump" && wait_for 5000 grep -q "listening on" "$tmp/$1-cn.tcpdump" ||
    ko "$1: tcpdump did not start"
  start ha "${2:-}"; start cn; start mn
  "$bin/mcoa-ctl" "$tmp/mn.sock" register all >/dev/null
  wait_for 3000 has ha 3 || ko "$1: the HA holds $(count ha) bindings, not 3"
  "$bin/mcoa-ctl" "$tmp/mn.sock" deregister 2 >/dev/null
  # (under the fault the MN, seeing BAs without BID option, falls back to
  # one binding without BID, RFC 5648 5.7: only the clean run holds two)
  [ -n "${2:-}" ] || wait_for 3000 has ha 2 || ko "$1: after de-registering BID 2 the HA holds $(count ha)"
  "$bin/mcoa-ctl" "$tmp/mn.sock" rr 2001:db8:c::1 >/dev/null
  wait_for 5000 has cn 2 || true
  sleep 2   # the capture outlives the last BU by more than the BA timeout
  stop mn; stop cn; stop ha
  kill "${pids[-1]}" "${pids[-2]}" 2>/dev/null; wait "${pids[-1]}" "${pids[-2]}" 2>/dev/null
}

session clean
"$bin/mcoa-conform" check --from-start "$tmp/clean-ha.pcap" "$tmp/clean-cn.pcap" >"$tmp/clean.out"; rc=$?
mh=$("$bin/mcoa-dissect" -r "$tmp/clean-ha.pcap" | grep -c ' MH BU ')
[ "$mh" -ge 2 ] && ok "clean: $mh BUs captured on the home link" || ko "clean: $mh BUs captured"
[ $rc -eq 0 ] && ok "clean: no finding" || ko "clean: exit $rc: $(head -5 "$tmp/clean.out")"

session fault ha-no-bid-copy
"$bin/mcoa-conform" check --from-start --json "$tmp/fault-ha.pcap" "$tmp/fault-cn.pcap" >"$tmp/fault.json"; rc=$?
[ $rc -eq 1 ] && ok "ha-no-bid-copy: findings (exit 1)" || ko "ha-no-bid-copy: exit $rc"
grep -q '"clause":"5648-6.2-16".*"role":"ha"' "$tmp/fault.json" &&
  ok "ha-no-bid-copy: 5648-6.2-16 found for the HA" || ko "ha-no-bid-copy: no 6.2-16 finding: $(head -3 "$tmp/fault.json")"
others=$(grep '"verdict":"finding"' "$tmp/fault.json" | grep -v '"role":"ha"' || true)
[ -z "$others" ] && ok "ha-no-bid-copy: no finding for the MN or the CN" || ko "findings for other roles: $others"

# 3. the report
"$bin/mcoa-conform" check --from-start --report "$tmp/rep-clean" "$tmp/clean-ha.pcap" "$tmp/clean-cn.pcap" \
  >/dev/null 2>"$tmp/rep-clean.err"; rc=$?
verdicts() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(" ".join(sorted(set(t["verdict"] for t in r["tests"]))), len(r["tests"]))' "$1"; }
v=$(verdicts "$tmp/rep-clean/results.json" 2>&1)
[ $rc -eq 0 ] && [ "${v% *}" = pass ] && [ "${v#* }" -ge 2 ] && [ -s "$tmp/rep-clean/index.html" ] &&
  ok "report, clean: ${v#* } conversations, every one pass" || ko "report, clean: exit $rc, verdicts $v: $(cat "$tmp/rep-clean.err")"
"$bin/mcoa-conform" check --from-start --report "$tmp/rep-fault" "$tmp/fault-ha.pcap" "$tmp/fault-cn.pcap" \
  >/dev/null 2>&1; rc=$?
failing=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(" ".join(t["id"] for t in r["tests"] if t["verdict"]=="fail" and "5648-6.2-16" in t.get("clauses",[])))' "$tmp/rep-fault/results.json" 2>&1)
[ $rc -eq 1 ] && [ -n "$failing" ] && ok "report, fault: conversation(s) $failing fail with 5648-6.2-16" ||
  ko "report, fault: exit $rc, failing: $failing"
c=${failing%% *}
grep -q '<failure' "$tmp/rep-fault/junit.xml" && ok "report, fault: JUnit has the failure" || ko "report, fault: no JUnit failure"
page=$tmp/rep-fault/tests/$c/index.html
if [ -s "$page" ] && grep -q 'class="r miss"><span class="t"></span><svg[^>]*>.*</svg><span class="lbl">finding 5648-6.2-16' "$page" &&
   [ "$(grep -c '<g class="arrow stim"' "$page")" -ge 1 ] && [ "$(grep -c '<g class="arrow obs"' "$page")" -ge 1 ]; then
  ok "report, fault: $c's page draws the conversation, the finding under its frame"
else
  ko "report, fault: $c's page lacks the ladder or the finding"
fi
: >"$tmp/not-a-dir"
"$bin/mcoa-conform" check --report "$tmp/not-a-dir/rep" "$tmp/clean-ha.pcap" >/dev/null 2>"$tmp/bad.err"; rc=$?
[ $rc -eq 2 ] && grep -q "not-a-dir/rep" "$tmp/bad.err" && ok "report into a path that cannot be a directory: exit 2, says where" ||
  ko "report into a bad path: exit $rc: $(cat "$tmp/bad.err")"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
