#!/usr/bin/env bash
# A stalled tester is not a failing IUT, and a rerun does not hide one.
# cn-distinct-nonce-indices needs its BU at the correspondent less than 1 s
# after the home test (configuration short-nonce-lifetime): the runner is
# stopped (SIGSTOP, as a host that deschedules the virtual machine stops
# it) for 1.1 s during step 4, its 300 ms wait, while the correspondent
# runs on and lets the home nonce expire.
#   1. against the reference correspondent: the first attempt fails (136),
#      the runner measured its own stall, ran the test again, and the
#      verdict is pass; the note is on stderr, the first attempt in
#      stalled/, its log says why;
#   2. against fault cn-coa-nonce-by-home-index with the same stall: both
#      attempts fail, the verdict is fail (exit 1).
# Usage: conform_stall.test.sh BIN_DIR SOURCE_DIR (as root).
set -u
bin=$1
conform=$bin/mcoa-conform
. "$(dirname "$0")/testlib.sh"
pass=0 fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

if [ "$(id -u)" -ne 0 ]; then echo "conform_stall: needs root (namespaces); skipped"; exit 77; fi
tmp=$(mktemp -d /tmp/conform-stall.XXXXXX)
trap 'for p in $(pgrep -f -- "$tmp/"); do kill -CONT "$p"; kill -9 "$p"; done 2>/dev/null; rm -rf "$tmp"' EXIT
t=cn-distinct-nonce-indices

# stalled_run OUT REL [ARGS...]: run $t (its record in OUT/REL), stop the runner's processes for 1.1 s
# once its log shows step 4 (and not yet step 5), let it finish.  Its exit
# status goes to OUT.rc.  1 when the stop missed step 4 (a busy machine
# ran past it first): the caller tries again.
stalled_run() {
  local out=$1 log=$1/$2/log.txt; shift 2
  "$conform" run "$t" --output "$out" "$@" >"$out.stdout" 2>"$out.stderr" &
  local runner=$!
  wait_for 20000 grep -q '^step 4 ' "$log" || { wait "$runner"; return 1; }
  local pids; pids=$(pgrep -f -- "$out")
  kill -STOP $pids
  local late=0; grep -q '^step 5 ' "$log" && late=1
  sleep 1.1   # the stall itself, not a wait for an event
  kill -CONT $pids
  wait "$runner"; echo $? >"$out.rc"
  return $late
}

for attempt in 1 2 3; do
  rm -rf "$tmp/ref"
  stalled_run "$tmp/ref" "tests/$t" && break
  echo "   (attempt $attempt: the stop came after step 4; again)"
done
d=$tmp/ref/tests/$t
if [ "$(cat "$tmp/ref.rc" 2>/dev/null)" = 0 ] && grep -q '^verdict: pass' "$d/log.txt"; then ok "reference: pass after the stall"
else bad "reference: exit $(cat "$tmp/ref.rc" 2>/dev/null), log: $(grep '^verdict' "$d/log.txt")"; fi
if grep -q '^verdict: fail step 9' "$d/stalled/log.txt" 2>/dev/null && grep -q 'expired-home-nonce' "$d/stalled/log.txt"
then ok "the first attempt, kept in stalled/, failed on the expired home nonce"
else bad "no failed first attempt in stalled/: $(ls "$d")"; fi
if grep -Eq "^note: $t ran again: the tester was not scheduled for (1[0-9]{3}|[0-9]{4,}) ms at step 4 " "$tmp/ref.stderr" &&
   grep -q '^run again: during the first attempt (verdict fail' "$d/log.txt"
then ok "the stall (over 1 s, at step 4) is said on stderr and in the log"
else bad "no note of the stall: $(cat "$tmp/ref.stderr")"; fi

for attempt in 1 2 3; do
  rm -rf "$tmp/fault"
  stalled_run "$tmp/fault" "faults/cn-coa-nonce-by-home-index/$t" --fault cn-coa-nonce-by-home-index && break
done
d=$tmp/fault/faults/cn-coa-nonce-by-home-index/$t
if [ "$(cat "$tmp/fault.rc" 2>/dev/null)" = 1 ] && grep -q '^verdict: fail' "$d/log.txt" &&
   grep -q '^verdict: fail' "$d/stalled/log.txt"
then ok "fault cn-coa-nonce-by-home-index: ran again after the stall, and still fails"
else bad "fault: exit $(cat "$tmp/fault.rc" 2>/dev/null), $(grep -h '^verdict' "$d/log.txt" "$d/stalled/log.txt" 2>&1)"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
