#!/usr/bin/env bash
# mcoa-conform explore (harness/EXPLORE.md), short runs with fixed seeds:
#   - against the reference HA and CN: no divergence, exit 0;
#   - against the reference CN with fault cn-ignores-o: exit 1, a .tc that
#     fails with the fault and passes without;
#   - against the reference HA with fault ha-ignore-o: a divergence, exit 1,
#     a shrunk .tc written that fails with the fault and passes without it
#     (checked again here through `mcoa-conform run`);
#   - against the reference HA with fault ha-no-169: a divergence in the
#     configuration simultaneous-prohibited, its .tc names it; a
#     configuration explore cannot explore: exit 2;
#   - against the reference HA in configuration brr-before-expiry with
#     fault ha-brr-without-bid: rule brr-carries-bid;
#   - against the reference HA with fault ha-no-intercept: packets from
#     the correspondent are not tunnelled, rule forward-tunnel-to-bound-coa;
#   - against the reference CN with fault cn-no-route-optimization: the
#     packets it is asked to send go direct, rule
#     cn-route-optimized-to-bound-coa;
#   - against the reference CN with fault cn-answer-init-with-hao: rule
#     init-with-hao-ignored;
#   - against the reference CN in configuration short-nonce-lifetime with
#     fault cn-accept-expired-nonce: rule stale-nonce-refused;
#   - against the reference HA with fault ha-no-132: a BU for a home
#     address outside the home prefix accepted, rule not-home-subnet-132;
#   - against an --iut-cmd that answers nothing, one that answers garbage
#     (Mobility Headers that are no BA), and one that dies part way (the
#     reference HA killed after 1.5 s): a clear verdict at the step (what
#     came instead, for garbage), exit 1, nothing of the run left
#     (namespaces, processes).
# Usage: explore.test.sh BIN_DIR SOURCE_DIR (as root).
set -u
bin=$1 src=$2
conform=$bin/mcoa-conform
pass=0 fail=0
if [ "$(id -u)" -ne 0 ]; then echo "explore: needs root (namespaces); skipped"; exit 77; fi

tmp=$(mktemp -d /tmp/explore-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1${2:+: $2}"; }
# why a written .tc did not fail (or pass) as expected: explore's log of
# its own check (DIR/explore.log), the verdict's reason
tc_why() { grep -h ' against the \(IUT\|reference\): ' "$1/explore.log" 2>/dev/null | head -3; }

# run NAME ARGS...: explore in the background (its pid names its namespaces:
# run ids x<pid>, t<pid> for the .tc checks), its exit status in $rc
run() {
  local name=$1; shift
  case " $* " in *" --role "*) ;; *) set -- --role ha "$@" ;; esac
  "$conform" explore "$@" >"$tmp/$name.out" 2>&1 &
  local pid=$!
  wait "$pid"; rc=$?
  local id; id=$(printf '%05d' $((pid % 100000)))
  local left
  left=$(ls /var/run/netns 2>/dev/null | grep -E "^mc[xt]$id-" || true)
  [ -z "$left" ] && ok "$name: no namespace left" || bad "$name: namespaces left" "$left"
}

run reference --seed 1 --steps 300 --out "$tmp/ref"
[ "$rc" -eq 0 ] && ok "reference HA, 300 steps: exit 0" || { bad "reference HA: exit $rc"; cat "$tmp/reference.out"; }
grep -q 'no divergence' "$tmp/reference.out" && ok "reference HA: 'no divergence'" || bad "reference HA: no summary line"

run fault --seed 1 --steps 300 --out "$tmp/fault" --fault ha-ignore-o
[ "$rc" -eq 1 ] && ok "fault ha-ignore-o: exit 1" || { bad "fault ha-ignore-o: exit $rc"; cat "$tmp/fault.out"; }
tc=$(ls "$tmp"/fault/explore-ha-*.tc 2>/dev/null | head -1)
if [ -n "$tc" ]; then
  ok "fault ha-ignore-o: wrote ${tc##*/}"
  grep -q 'fail against this IUT, pass against the reference node' "$tmp/fault.out" &&
    ok "explore says the .tc fails with the fault and passes without" || bad "explore's own check of the .tc" "$(tail -2 "$tmp/fault.out"; tc_why "$tmp/fault")"
  mkdir -p "$tmp/tc/ha"
  cp -r "$src/testcases/pixit" "$tmp/tc/"
  cp "$src/testcases/clauses.tsv" "$tmp/tc/" 2>/dev/null
  cp "$tc" "$tmp/tc/ha/"
  id=$(basename "$tc" .tc)
  "$conform" run "$id" --testcases "$tmp/tc" --output "$tmp/r1" --quiet >/dev/null 2>&1
  r=$?; [ $r -eq 0 ] && ok "run ${id}: passes on the reference HA" || bad "run ${id} on the reference HA: exit $r"
  "$conform" run "$id" --testcases "$tmp/tc" --output "$tmp/r2" --quiet --fault ha-ignore-o >/dev/null 2>&1
  r=$?; [ $r -eq 1 ] && ok "run ${id} --fault ha-ignore-o: fails" || bad "run ${id} with the fault: exit $r"
else
  bad "fault ha-ignore-o: no .tc written" "$(cat "$tmp/fault.out")"
fi

# home addresses around the PIXIT's home prefix (HPREFIX): a home agent
# that accepts one outside it (fault ha-no-132) diverges on rule
# not-home-subnet-132 (RFC 6275 10.3.1)
run off --seed 1 --steps 300 --no-shrink --out "$tmp/off" --fault ha-no-132
[ "$rc" -eq 1 ] && ok "fault ha-no-132: exit 1" || { bad "fault ha-no-132: exit $rc"; cat "$tmp/off.out"; }
grep -q 'not-home-subnet-132 6275-10.3.1' "$tmp/off.out" && ok "fault ha-no-132: rule not-home-subnet-132" ||
  bad "fault ha-no-132: rule" "$(cat "$tmp/off.out")"

# the home agent's named configurations (harness/IUT.md): the last 5 % of
# the steps each in one, from a fresh IUT; a home agent that accepts a home
# binding next to a foreign one in simultaneous-prohibited (fault
# ha-no-169) diverges there on rule simultaneous-prohibited-169, and the
# shrunk .tc names the configuration
run config --seed 2 --steps 300 --out "$tmp/config" --fault ha-no-169
[ "$rc" -eq 1 ] && ok "fault ha-no-169: exit 1" || { bad "fault ha-no-169: exit $rc"; cat "$tmp/config.out"; }
grep -q '(configuration simultaneous-prohibited): simultaneous-prohibited-169 5648-6.3-2' "$tmp/config.out" &&
  ok "fault ha-no-169: rule simultaneous-prohibited-169 in configuration simultaneous-prohibited" ||
  bad "fault ha-no-169: rule" "$(cat "$tmp/config.out")"
tc=$(ls "$tmp"/config/explore-ha-*.tc 2>/dev/null | head -1)
[ -n "$tc" ] && grep -q '^configuration simultaneous-prohibited$' "$tc" && ok "its .tc names the configuration" ||
  bad "no .tc with 'configuration simultaneous-prohibited'" "$(cat "$tmp/config.out")"
grep -q 'fail against this IUT, pass against the reference node' "$tmp/config.out" &&
  ok "that .tc fails with the fault and passes without" || bad ".tc check" "$(tail -2 "$tmp/config.out"; tc_why "$tmp/config")"
grep -q 'configurations: default 210, mcoa-prohibited 15, bulk-prohibited 15, simultaneous-prohibited 15, returnhome-wo-ndp 15, returnhome-with-ndp 15, brr-before-expiry 15 steps' "$tmp/reference.out" &&
  ok "reference HA: every configuration explored" || bad "reference HA: configurations" "$(cat "$tmp/reference.out")"
for bad_conf in "--role ha --configuration no-such-configuration" "--role cn --configuration mcoa-prohibited"; do
  "$conform" explore $bad_conf --seed 1 --steps 10 --out "$tmp/badconf" >"$tmp/badconf.out" 2>&1; r=$?
  [ $r -eq 2 ] && grep -q -- '--configuration .*explores' "$tmp/badconf.out" && ok "$bad_conf: exit 2, said why" ||
    bad "$bad_conf: exit $r" "$(cat "$tmp/badconf.out")"
done

# configuration brr-before-expiry: a Binding Refresh Request without the
# BID option (fault ha-brr-without-bid): rule brr-carries-bid (RFC 5648 6.4)
run brr --seed 1 --steps 100 --no-shrink --out "$tmp/brr" --configuration brr-before-expiry --fault ha-brr-without-bid
[ "$rc" -eq 1 ] && grep -q 'brr-carries-bid 5648-6.4-1' "$tmp/brr.out" &&
  ok "fault ha-brr-without-bid: exit 1, rule brr-carries-bid" || bad "fault ha-brr-without-bid: exit $rc" "$(cat "$tmp/brr.out")"

# packets from the correspondent to the home address (PICS data-plane): a
# home agent that does not intercept them (fault ha-no-intercept) diverges
# on rule forward-tunnel-to-bound-coa (RFC 5648 5.6.2, RFC 6275 10.4.1)
run fwd --seed 1 --steps 300 --no-shrink --out "$tmp/fwd" --fault ha-no-intercept
[ "$rc" -eq 1 ] && grep -q 'forward-tunnel-to-bound-coa 5648-5.6.2-1' "$tmp/fwd.out" &&
  ok "fault ha-no-intercept: exit 1, rule forward-tunnel-to-bound-coa" || bad "fault ha-no-intercept: exit $rc" "$(cat "$tmp/fwd.out")"

# the correspondent node: return routability, each BU signed by the tester
run cn_reference --role cn --seed 1 --steps 300 --out "$tmp/cnref"
[ "$rc" -eq 0 ] && ok "reference CN, 300 steps: exit 0" || { bad "reference CN: exit $rc"; cat "$tmp/cn_reference.out"; }
run cn_fault --role cn --seed 1 --steps 300 --out "$tmp/cnfault" --fault cn-ignores-o
[ "$rc" -eq 1 ] && ok "fault cn-ignores-o: exit 1" || { bad "fault cn-ignores-o: exit $rc"; cat "$tmp/cn_fault.out"; }
ls "$tmp"/cnfault/explore-cn-*.tc >/dev/null 2>&1 && ok "fault cn-ignores-o: a .tc written" || bad "fault cn-ignores-o: no .tc"
grep -q 'fail against this IUT, pass against the reference node' "$tmp/cn_fault.out" &&
  ok "CN .tc fails with the fault and passes without" || bad "CN .tc check" "$(tail -2 "$tmp/cn_fault.out"; tc_why "$tmp/cnfault")"
# the correspondent asked to send to the home address (action send-udp,
# PICS data-plane) without route optimization (fault
# cn-no-route-optimization): rule cn-route-optimized-to-bound-coa (RFC 6275 9.3.2)
run cn_ro --role cn --seed 1 --steps 300 --no-shrink --out "$tmp/cnro" --fault cn-no-route-optimization
[ "$rc" -eq 1 ] && grep -q 'cn-route-optimized-to-bound-coa 6275-9.3.2' "$tmp/cn_ro.out" &&
  ok "fault cn-no-route-optimization: exit 1, rule cn-route-optimized-to-bound-coa" ||
  bad "fault cn-no-route-optimization: exit $rc" "$(cat "$tmp/cn_ro.out")"
# a CoTI with a Home Address option answered (fault cn-answer-init-with-hao):
# rule init-with-hao-ignored (RFC 6275 9.4.2)
run cn_hinit --role cn --seed 1 --steps 100 --no-shrink --out "$tmp/cnhinit" --fault cn-answer-init-with-hao
[ "$rc" -eq 1 ] && grep -q 'init-with-hao-ignored 6275-9.4.2' "$tmp/cn_hinit.out" &&
  ok "fault cn-answer-init-with-hao: exit 1, rule init-with-hao-ignored" ||
  bad "fault cn-answer-init-with-hao: exit $rc" "$(cat "$tmp/cn_hinit.out")"

# configuration short-nonce-lifetime: a BU whose nonces are past their
# lifetime (1.3 s after the tokens) accepted (fault cn-accept-expired-nonce):
# rule stale-nonce-refused (RFC 6275 5.2.7)
run cn_stale --role cn --seed 1 --steps 100 --no-shrink --out "$tmp/cnstale" --configuration short-nonce-lifetime \
  --fault cn-accept-expired-nonce
[ "$rc" -eq 1 ] && grep -q 'stale-nonce-refused 6275-5.2.7' "$tmp/cn_stale.out" &&
  ok "fault cn-accept-expired-nonce: exit 1, rule stale-nonce-refused" ||
  bad "fault cn-accept-expired-nonce: exit $rc" "$(cat "$tmp/cn_stale.out")"

# an IUT that never answers
run silent --seed 1 --steps 50 --timeout 300 --no-shrink --out "$tmp/silent" --iut-cmd 'exec sleep 999.25'
[ "$rc" -eq 1 ] && ok "silent IUT: exit 1" || bad "silent IUT: exit $rc" "$(cat "$tmp/silent.out")"
grep -q 'step 1: no answer' "$tmp/silent.out" && ok "silent IUT: 'no answer' at step 1" ||
  bad "silent IUT: verdict" "$(cat "$tmp/silent.out")"
pgrep -f 'sleep 999.25' >/dev/null && bad "silent IUT: still running" || ok "silent IUT: stopped"

# an IUT that answers garbage: Mobility Headers that are no BA (a BA of
# Header Len 1 over a 10-byte body) to every care-of address, all the time
garbage='while :; do for c in 1 2 3; do mcoa-craft -i home0 "ipv6 src=2001:db8:1::1 dst=2001:db8:f$c::10 / rh2 2001:db8:1::100 / mh type=6 data=ffffffffffff" >/dev/null; done; sleep 0.05; done # garbage-iut'
run garbage --seed 1 --steps 50 --timeout 300 --no-shrink --out "$tmp/garbage" --iut-cmd "$garbage"
[ "$rc" -eq 1 ] && ok "garbage IUT: exit 1" || bad "garbage IUT: exit $rc" "$(cat "$tmp/garbage.out")"
grep -q 'step 1: no answer' "$tmp/garbage.out" && grep -q 'other Mobility Header packets\? came, the first: .*MH BA' "$tmp/garbage.out" &&
  ok "garbage IUT: 'no answer' at step 1, saying what came instead" || bad "garbage IUT: verdict" "$(cat "$tmp/garbage.out")"
pgrep -f 'garbage-iut' >/dev/null && bad "garbage IUT: still running" || ok "garbage IUT: stopped"

# an IUT that dies part way (the reference HA through the contract, killed after 1.5 s)
run dies --seed 1 --steps 1000000 --timeout 500 --no-shrink --out "$tmp/dies" \
  --pixit "$src/harness/adapters/reference-external.pixit" --iut-cmd 'exec timeout -s KILL 1.537 mcoa-iut-reference'
[ "$rc" -eq 1 ] && ok "IUT that dies: exit 1" || bad "IUT that dies: exit $rc" "$(cat "$tmp/dies.out")"
grep -Eq 'step [0-9]+: the IUT exited' "$tmp/dies.out" && ok "IUT that dies: 'the IUT exited' at its step" ||
  bad "IUT that dies: verdict" "$(cat "$tmp/dies.out")"
pgrep -f "KILL 1.537" >/dev/null && bad "IUT that dies: something still running" || ok "IUT that dies: nothing running"

echo "explore: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
