#!/usr/bin/env bash
# mcoa-conform explore --role mn (harness/EXPLORE.md, "Role mn"), short runs
# with a fixed seed:
#   - against the reference MN: 200 steps, no divergence, exit 0;
#   - with fault mn-forget-o-bootstrap (RFC 5648 5.9, a MUST): exit 1, a
#     shrunk .tc that fails with the fault and passes without it (explore's
#     own check, then `mcoa-conform run` with and without the fault);
#   - an external IUT whose actions do nothing: 'no BU' at step 1, exit 1;
#     one that dies part way (the reference MN through the contract, killed
#     after 1.5 s): 'the IUT exited' at its step, exit 1; nothing left
#     running, no namespace left;
#   - an external IUT whose PIXIT lacks the contract's actions: exit 2.
# Usage: explore_mn.test.sh BIN_DIR SOURCE_DIR (as root).
set -u
bin=$1 src=$2
conform=$bin/mcoa-conform
pass=0 fail=0
if [ "$(id -u)" -ne 0 ]; then echo "explore_mn: needs root (namespaces); skipped"; exit 77; fi

tmp=$(mktemp -d /tmp/explore-mn-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1${2:+: $2}"; }

# run NAME ARGS...: explore --role mn in the background (its pid names its
# namespaces: x<pid>, t<pid> for the .tc checks), its exit status in $rc
run() {
  local name=$1; shift
  "$conform" explore --role mn "$@" >"$tmp/$name.out" 2>&1 &
  local pid=$!
  wait "$pid"; rc=$?
  local id; id=$(printf '%05d' $((pid % 100000)))
  local left
  left=$(ls /var/run/netns 2>/dev/null | grep -E "^mc[xt]$id-" || true)
  [ -z "$left" ] && ok "$name: no namespace left" || bad "$name: namespaces left" "$left"
}

run reference --seed 1 --steps 200 --out "$tmp/ref"
[ "$rc" -eq 0 ] && ok "reference MN, 200 steps: exit 0" || { bad "reference MN: exit $rc"; cat "$tmp/reference.out"; }
grep -q 'no divergence' "$tmp/reference.out" && ok "reference MN: 'no divergence'" || bad "reference MN: no summary line"

run fault --seed 1 --steps 200 --out "$tmp/fault" --fault mn-forget-o-bootstrap
[ "$rc" -eq 1 ] && ok "fault mn-forget-o-bootstrap: exit 1" || { bad "fault mn-forget-o-bootstrap: exit $rc"; cat "$tmp/fault.out"; }
grep -q 'step 1: mn-bootstrap-o 5648-5.9-1' "$tmp/fault.out" && ok "fault: the rule and clause named at step 1" ||
  bad "fault: verdict" "$(cat "$tmp/fault.out")"
tc=$(ls "$tmp"/fault/explore-mn-*.tc 2>/dev/null | head -1)
if [ -n "$tc" ]; then
  ok "fault: wrote ${tc##*/}"
  grep -q 'fail against this IUT, pass against the reference node' "$tmp/fault.out" &&
    ok "explore says the .tc fails with the fault and passes without" || bad "explore's own check of the .tc" "$(tail -2 "$tmp/fault.out")"
  mkdir -p "$tmp/tc/mn"
  cp -r "$src/testcases/pixit" "$tmp/tc/"
  cp "$src/testcases/clauses.tsv" "$tmp/tc/" 2>/dev/null
  cp "$tc" "$tmp/tc/mn/"
  id=$(basename "$tc" .tc)
  "$conform" run "$id" --testcases "$tmp/tc" --output "$tmp/r1" --quiet >/dev/null 2>&1
  r=$?; [ $r -eq 0 ] && ok "run ${id}: passes on the reference MN" || bad "run ${id} on the reference MN: exit $r"
  "$conform" run "$id" --testcases "$tmp/tc" --output "$tmp/r2" --quiet --fault mn-forget-o-bootstrap >/dev/null 2>&1
  r=$?; [ $r -eq 1 ] && ok "run ${id} --fault mn-forget-o-bootstrap: fails" || bad "run ${id} with the fault: exit $r"
else
  bad "fault: no .tc written" "$(cat "$tmp/fault.out")"
fi

# an IUT whose actions do nothing: register all is answered by no BU
cat >"$tmp/idle.pixit" <<EOF
include = $src/testcases/pixit/reference.pixit
action.register = true
action.deregister = true
action.return-home = true
action.leave-home = true
action.coa-down = true
action.coa-up = true
action.configure = true
EOF
run idle --seed 1 --steps 50 --timeout 300 --no-shrink --out "$tmp/idle" --pixit "$tmp/idle.pixit" --iut-cmd 'exec sleep 999.75'
[ "$rc" -eq 1 ] && ok "idle IUT: exit 1" || bad "idle IUT: exit $rc" "$(cat "$tmp/idle.out")"
grep -q 'step 1: no BU' "$tmp/idle.out" && ok "idle IUT: 'no BU' at step 1" || bad "idle IUT: verdict" "$(cat "$tmp/idle.out")"
pgrep -f 'sleep 999.75' >/dev/null && bad "idle IUT: still running" || ok "idle IUT: stopped"

# an IUT that dies part way (the reference MN through the contract, killed after
# 1.5 s; a duration of its own: explore.test.sh, which ctest may run at the same
# time, greps for its 1.537)
cat >"$tmp/dies.pixit" <<EOF
include = $src/harness/adapters/reference-external.pixit
iut-cmd.return-home-simultaneous = exec timeout -s KILL 1.539 mcoa-iut-reference
iut-cmd.return-home-complete = exec timeout -s KILL 1.539 mcoa-iut-reference
EOF
run dies --seed 1 --steps 1000000 --no-shrink --out "$tmp/dies" --pixit "$tmp/dies.pixit"
[ "$rc" -eq 1 ] && ok "IUT that dies: exit 1" || bad "IUT that dies: exit $rc" "$(cat "$tmp/dies.out")"
grep -Eq 'step [0-9]+: the IUT exited' "$tmp/dies.out" && ok "IUT that dies: 'the IUT exited' at its step" ||
  bad "IUT that dies: verdict" "$(cat "$tmp/dies.out")"
pgrep -f "KILL 1.539" >/dev/null && bad "IUT that dies: something still running" || ok "IUT that dies: nothing running"

# an external IUT without the contract's actions: a setup error
run noactions --seed 1 --steps 5 --out "$tmp/noact" --iut-cmd 'exec sleep 999.5'
[ "$rc" -eq 2 ] && ok "no actions in the PIXIT: exit 2" || bad "no actions: exit $rc" "$(cat "$tmp/noactions.out")"
grep -q 'has no action.register' "$tmp/noactions.out" && ok "no actions: the missing key named" ||
  bad "no actions: message" "$(cat "$tmp/noactions.out")"

echo "explore_mn: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
