#!/usr/bin/env bash
# Nothing leaks: after `mcoa-conform run` of the HA tests no namespace,
# root-namespace link, nft table, run record or process of the run remains,
# whether the run
#   - ends normally (every test passes),
#   - fails (--fault ha-no-bid-copy: a test fails, exit 1),
#   - gets SIGINT, sent to the runner alone or to its process group (Ctrl-C)
#     while a test's topology is up: everything is gone once it has exited,
#   - gets SIGKILL (the runner and its test processes, as a CI timeout
#     does): the leftovers are collected by the next `mcoa-conform run`
#     (mcoa-netns up collects runs whose owner died), and, a second time, by
#     `mcoa-netns gc` alone,
#   - gets SIGKILL of the runner process alone: the test process in flight
#     finishes and removes its own topology.
# Other work may run on the machine at the same time, so only what belongs
# to this script's runs counts: namespaces mc<ID>-* whose run id starts with
# the runner's pid in base 36 (harness/mcoa-conform.c job_init), processes
# whose command line names this script's temporary directory, root links
# named like the triad topology's interfaces, nft tables named mcoa*.
# Usage: conform_cleanup.test.sh BIN_DIR SOURCE_DIR (as root).
set -u
bin=$1 src=$2
conform=$bin/mcoa-conform
netns=$src/netns/mcoa-netns
run_dir=${MCOA_NETNS_RUN:-/run/mcoa-netns}
pass=0 fail=0

if [ "$(id -u)" -ne 0 ]; then echo "conform_cleanup: needs root (namespaces); skipped"; exit 0; fi

tmp=$(mktemp -d /tmp/conform-cleanup.XXXXXX)
prefixes=()   # run-id prefixes of every runner this script started
cleanup() {
  local p
  for p in $(pgrep -f -- "$tmp/"); do kill -9 "$p" 2>/dev/null; done
  for p in "${prefixes[@]}"; do
    for f in /var/run/netns/mc"$p"*; do
      [ -e "$f" ] || continue
      id=${f##*/mc}; "$netns" down --id "${id%%-*}" >/dev/null 2>&1
    done
  done
  rm -rf "$tmp"
}
trap cleanup EXIT

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1${2:+: $2}"; }

# The first four characters of the run ids of a runner with this pid.
b36() {
  local v=$(($1 % 1679616)) d=0123456789abcdefghijklmnopqrstuvwxyz s="" i
  for i in 1 2 3 4; do s=${d:$((v % 36)):1}$s; v=$((v / 36)); done
  echo "$s"
}

# The HA suite alone (test cases of other roles being written elsewhere do
# not stop these runs): testcases/ha, pixit and the clause catalogue.
mkdir -p "$tmp/tc"
cp -r "$src/testcases/ha" "$src/testcases/pixit" "$tmp/tc/"
[ ! -e "$src/testcases/clauses.tsv" ] || cp "$src/testcases/clauses.tsv" "$tmp/tc/"
export MCOA_TESTCASES=$tmp/tc

ids=$("$conform" list 'ha-*' 2>/dev/null | awk '{print $1}')
nids=$(echo "$ids" | grep -c .)
[ "$nids" -gt 0 ] || { echo "FAIL: no HA test (mcoa-conform list 'ha-*')"; echo "0 passed, 1 failed"; exit 1; }
echo "# $nids HA tests: $(echo $ids)"

topo_ifs='^(home|hha|hmn|h0|home0|f[0-9]|c|c0|mc.*)$'
root_links() { ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | grep -E "$topo_ifs" | sort; }
root_tables() { nft list tables 2>/dev/null | grep -i mcoa | sort; }
links0=$(root_links) tables0=$(root_tables)

# Everything of this script's runs that still exists, one line each.
leftovers() {
  local p f
  for p in "${prefixes[@]}"; do
    for f in /var/run/netns/mc"$p"*; do [ -e "$f" ] && echo "namespace ${f##*/}"; done
    for f in "$run_dir"/"$p"*; do [ -e "$f" ] && echo "run record $f"; done
  done
  pgrep -af -- "$tmp/" | sed 's/^/process /'
  comm -13 <(echo "$links0") <(root_links) | sed 's/^/root link /'
  comm -13 <(echo "$tables0") <(root_tables) | sed 's/^/nft table /'
  true
}

# check NAME: nothing of ours is left
check_clean() {
  local l
  l=$(leftovers)
  if [ -z "$l" ]; then ok "$1: nothing left"; else bad "$1: left behind" "$(echo; echo "$l" | sed 's/^/    /')"; fi
}

# Start a runner in its own session (its pid is its process group);
# RUNNER=pid, its run-id prefix recorded.  Output in $tmp/NAME.out.
start() {
  local name=$1; shift
  setsid "$conform" run "$@" --output "$tmp/$name" >"$tmp/$name.out" 2>&1 &
  RUNNER=$!
  prefixes+=("$(b36 "$RUNNER")")
}

# Wait (deadline in seconds) until a namespace of the runner exists.
wait_ns() {
  local p deadline=$((SECONDS + $2))
  p=$(b36 "$1")
  while [ $SECONDS -lt $deadline ]; do
    compgen -G "/var/run/netns/mc$p*" >/dev/null && return 0
    kill -0 "$1" 2>/dev/null || return 1
    sleep 0.02 # polling interval, not a wait for the event
  done
  return 1
}

# Wait (deadline in seconds) until nothing of ours is left.
wait_clean() {
  local deadline=$((SECONDS + $1))
  while [ $SECONDS -lt $deadline ]; do
    [ -z "$(leftovers)" ] && return 0
    sleep 0.1 # polling interval
  done
  return 1
}

# The exit status agrees with the verdicts: 0 all passed, 1 a failure or
# inconclusive, 2 an error verdict.  rc_of_report DIR -> expected status
rc_of_report() {
  python3 -c '
import json, sys
s = json.load(open(sys.argv[1] + "/results.json"))["summary"]
print(2 if s["error"] else 1 if s["fail"] or s["inconc"] else 0)' "$1" 2>/dev/null || echo "no report"
}

# 1. a normal run, -j 2 (the suite as it stands: its verdicts are not the point)
start normal 'ha-*' -j 2
wait "$RUNNER"; rc=$?
want=$(rc_of_report "$tmp/normal")
[ "$rc" = "$want" ] && ok "normal run exits $rc, as its verdicts say" ||
  bad "normal run exits $rc, its verdicts say $want" "$(tail -5 "$tmp/normal.out")"
check_clean "normal run"

# 2. a failing run: the reference HA with a fault, the tests that claim it
claim=$(grep -l '^faults.*ha-no-bid-copy' "$src"/testcases/ha/*.tc | xargs -n1 basename | sed 's/\.tc$//')
if [ -z "$claim" ]; then
  bad "failing run: no HA test claims the fault ha-no-bid-copy"
else
  start failing $claim --fault ha-no-bid-copy
  wait "$RUNNER"; rc=$?
  [ "$rc" -eq 1 ] && ok "failing run (--fault ha-no-bid-copy, $(echo $claim)) exits 1" ||
    bad "failing run exits $rc, want 1" "$(tail -5 "$tmp/failing.out")"
  grep -q '^\[.*\] fail ' "$tmp/failing.out" && ok "failing run: a test failed" || bad "failing run: no test failed"
  check_clean "failing run"
fi

# 3. SIGINT: to the runner alone, and to its process group (Ctrl-C)
for target in runner group; do
  start "int-$target" 'ha-*'
  if wait_ns "$RUNNER" 20; then
    if [ $target = runner ]; then kill -INT "$RUNNER"; else kill -INT -- -"$RUNNER"; fi
    wait "$RUNNER"; rc=$?
    [ "$rc" -eq 2 ] && ok "SIGINT to the $target: exits 2" || bad "SIGINT to the $target: exits $rc, want 2"
    check_clean "SIGINT to the $target, once it exited"
  else
    bad "SIGINT to the $target: no namespace of the run appeared within 20 s" "$(cat "$tmp/int-$target.out")"
    wait "$RUNNER"
  fi
done

# 4. SIGKILL of the runner and its test processes; then the next run
#    collects, and (second round) mcoa-netns gc alone collects
for collector in "next run" "mcoa-netns gc"; do
  tag=kill-${collector// /-}
  start "$tag" 'ha-*'
  if wait_ns "$RUNNER" 20; then
    kill -KILL -- -"$RUNNER"
    wait "$RUNNER" 2>/dev/null
    l=$(leftovers)
    [ -n "$l" ] && ok "SIGKILL ($collector): the killed run left something to collect" ||
      echo "# SIGKILL ($collector): the run was killed between tests, nothing was left"
    if [ "$collector" = "next run" ]; then
      start "$tag-next" "$(echo "$ids" | head -1)"
      wait "$RUNNER"; rc=$?
      [ "$rc" -eq 0 ] && ok "the run after the SIGKILL exits 0" || bad "the run after the SIGKILL exits $rc"
    else
      "$netns" gc
    fi
    # the IUT, in a namespace, may take a moment to be reaped
    wait_clean 10
    check_clean "SIGKILL, then $collector"
  else
    bad "SIGKILL: no namespace of the run appeared within 20 s" "$(cat "$tmp/$tag.out")"
    wait "$RUNNER"
  fi
done

# 5. SIGKILL of the runner alone: the test in flight cleans up after itself
start kill-runner 'ha-*'
if wait_ns "$RUNNER" 20; then
  kill -KILL "$RUNNER"
  wait "$RUNNER" 2>/dev/null
  if wait_clean 30; then ok "SIGKILL of the runner alone: the test in flight removed its topology"
  else check_clean "SIGKILL of the runner alone, after 30 s"; fi
else
  bad "SIGKILL of the runner alone: no namespace appeared within 20 s"
  wait "$RUNNER"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
