#!/usr/bin/env bash
# Bad input to `mcoa-conform run` gets a clear error and exit status 2, and
# leaves no topology behind:
#   - an unknown test id;
#   - a syntax error in a test case: FILE:LINE:COL and what was expected;
#     a compute that cannot be done: its step and line;
#   - a PIXIT without the home agent's address HA: the key and where a test
#     uses it, before any topology is built;
#   - an IUT command that exits at once (--iut-cmd true), and one that dies
#     during the test (--iut-cmd 'sleep 0.3'): an error verdict, not fail;
#     and one that crashes during the test (SIGSEGV): a fail, exit 1.
# After each, no namespace mc<ID>-* of the run (run ids start with the
# runner's pid in base 36, harness/mcoa-conform.c job_init) and no run
# record remains.  The test cases are a copy of testcases/ha (+ pixit), with
# --testcases DIR.
# Usage: conform_bad_input.test.sh BIN_DIR SOURCE_DIR (as root).
set -u
bin=$1 src=$2
conform=$bin/mcoa-conform
run_dir=${MCOA_NETNS_RUN:-/run/mcoa-netns}
pass=0 fail=0

if [ "$(id -u)" -ne 0 ]; then echo "conform_bad_input: needs root (namespaces); skipped"; exit 0; fi

tmp=$(mktemp -d /tmp/conform-badinput.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1${2:+: $2}"; }

b36() {
  local v=$(($1 % 1679616)) d=0123456789abcdefghijklmnopqrstuvwxyz s="" i
  for i in 1 2 3 4; do s=${d:$((v % 36)):1}$s; v=$((v / 36)); done
  echo "$s"
}

tc=$tmp/testcases
mkdir -p "$tc"
cp -r "$src/testcases/ha" "$src/testcases/pixit" "$tc/"
[ ! -e "$src/testcases/clauses.tsv" ] || cp "$src/testcases/clauses.tsv" "$tc/"
first=$("$conform" list --testcases "$tc" 'ha-*' 2>/dev/null | awk 'NR == 1 {print $1}')
[ -n "$first" ] || { echo "FAIL: no HA test"; echo "0 passed, 1 failed"; exit 1; }

# expect NAME REGEX ARGS...: `mcoa-conform run ARGS` exits 2 with a message
# (stdout or stderr) matching REGEX, and leaves nothing of its run.
expect() {
  local name=$1 pat=$2 rc p left
  shift 2
  "$conform" run --testcases "$tc" --output "$tmp/out-$name" "$@" >"$tmp/$name.out" 2>&1 &
  p=$!
  wait "$p"; rc=$?
  if [ "$rc" -eq 2 ] && grep -Eq -- "$pat" "$tmp/$name.out"; then
    ok "$name: exit 2, $(grep -Em1 -- "$pat" "$tmp/$name.out" | sed 's/^ *//' | cut -c1-160)"
  else
    bad "$name: exit $rc (want 2), message matching /$pat/ wanted" "$(echo; sed 's/^/    /' "$tmp/$name.out" | head -8)"
  fi
  left=$(ls /var/run/netns/ 2>/dev/null | grep "^mc$(b36 "$p")"; ls "$run_dir" 2>/dev/null | grep "^$(b36 "$p")")
  [ -z "$left" ] && ok "$name: no namespace or run record left" || bad "$name: left behind" "$(echo $left)"
}

# 1. an unknown test id
expect unknown-id "no test matches no-such-test" no-such-test

# 2. a syntax error: a time bound that is not one (line 6, column 14)
cat >"$tc/ha/zz-broken.tc" <<'EOF'
# a broken test case
id       zz-broken
title    a time bound that is not one
iut      ha
topology triad
expect mn.f1 soon ba status=accepted
EOF
expect syntax-error "zz-broken\.tc:6:14: expected a time bound" "$first"
# an unknown keyword, the whole suite refused, column 1
printf 'id zz-b2\ntitle t\niut ha\ntopology triad\nsned mn.f1 ipv6\n' >"$tc/ha/zz-broken.tc"
expect unknown-keyword "zz-broken\.tc:5:1: unknown keyword: expected id, title" 'ha-*'
# a check step with an operator it does not have (line 5, column 7)
printf 'id zz-b3\ntitle t\niut ha\ntopology triad\ncheck $SEQ ~ 1\n' >"$tc/ha/zz-broken.tc"
expect check-operator "zz-broken\.tc:5:7: expected check A OP B with OP ==, != or >" 'ha-*'
# a step both a precondition and the check of a SHOULD (line 5, column 1)
printf 'id zz-b9\ntitle t\niut ha\ntopology triad\nshould pre expect mn.f1 1s ba\n' >"$tc/ha/zz-broken.tc"
expect should-pre "zz-broken\.tc:5:1: a step is a precondition \(pre\) or checks a SHOULD \(should\), not both" 'ha-*'
# a repeat without its end (line 5), an end without a repeat (line 5)
printf 'id zz-b4\ntitle t\niut ha\ntopology triad\nrepeat I 1 3\nsend mn.f1 ipv6 src=$COA1 dst=$HA\n' >"$tc/ha/zz-broken.tc"
expect repeat-no-end "zz-broken\.tc:5:1: this repeat has no end" 'ha-*'
printf 'id zz-b5\ntitle t\niut ha\ntopology triad\nend\n' >"$tc/ha/zz-broken.tc"
expect end-no-repeat "zz-broken\.tc:5:[0-9]+: end without a repeat before it" 'ha-*'
# an unknown compute function (column 9), and a hex-xor whose mask is
# longer than its value: the step and line, verdict error
printf 'id zz-b6\ntitle t\niut ha\ntopology triad\ncompute X = hex-or 0x12 0x34\n' >"$tc/ha/zz-broken.tc"
expect compute-unknown "zz-broken\.tc:5:9: unknown compute function: expected rr-auth, add, addr-add, addr-random, hex-xor, solicited-node, multicast-mac or nd-ns" 'ha-*'
printf 'id zz-b7\ntitle t\niut ha\ntopology triad\ncompute X = hex-xor 0x12 0x1234\n' >"$tc/ha/zz-broken.tc"
expect compute-hex-xor "step 1 \(line 5\): compute hex-xor: .*MASK no longer than HEX; got 0x12 0x1234" zz-b7
# an nd-ns whose link-layer address is not one (the step and line, verdict error)
printf 'id zz-b8\ntitle t\niut ha\ntopology triad\ncompute X = nd-ns $HOA $HA ff02::1:ff00:100 02:00:00\n' >"$tc/ha/zz-broken.tc"
expect compute-nd-ns "step 1 \(line 5\): compute: expected NAME = nd-ns TARGET SRC DST LLADDR .*got 'X = nd-ns 2001:db8:1::1a5" zz-b8
rm -f "$tc/ha/zz-broken.tc"

# 3. a PIXIT without the home agent's address
grep -v '^HA[[:space:]]*=' "$tc/pixit/reference.pixit" >"$tmp/no-ha.pixit"
expect pixit-no-ha 'PIXIT .*no-ha\.pixit does not define \$HA \(first used at .*\.tc:[0-9]+' 'ha-*' --pixit "$tmp/no-ha.pixit"
[ ! -e "$tmp/out-pixit-no-ha/tests" ] && ok "pixit-no-ha: refused before any test ran" ||
  bad "pixit-no-ha: tests ran before the PIXIT was found wanting"
# ... and one whose SETTLE (a time bound the MN tests read from it) is no time
mkdir -p "$tc/mn" && cp "$src/testcases/mn/mn-ba-bids-any-order.tc" "$tc/mn/"
sed -E 's/^SETTLE *=.*/SETTLE = 20 parsecs/' "$tc/pixit/reference.pixit" >"$tmp/bad-settle.pixit"
expect pixit-bad-settle "mn-ba-bids-any-order\.tc:[0-9]+: the time bound \\\$SETTLE is '20 parsecs', not a time like 100ms or 1s" mn-ba-bids-any-order --pixit "$tmp/bad-settle.pixit"

# 4. an IUT command that exits at once, and one that dies during the test
expect iut-exits "setup: the IUT exited at once" "$first" --iut-cmd true
expect iut-dies "the IUT exited (at once|during the test)" "$first" --iut-cmd 'sleep 0.3'
# ... and one that crashes during the test (a signal of its own error, as a
# trapping out-of-bounds index gives): that is the IUT's failure, exit 1.
# The test waits 3 s on silence; the IUT, ready after 200 ms (no
# iut-ready), crashes after 1 s.
printf 'id zz-crash\ntitle t\niut ha\ntopology triad\nexpect-none mn.f1 3s ba\n' >"$tc/ha/zz-crash.tc"
"$conform" run --testcases "$tc" --output "$tmp/out-crash" zz-crash --iut-cmd 'sleep 1; kill -SEGV $$' \
  >"$tmp/crash.out" 2>&1
rc=$?
msg="the IUT crashed during the test \(SIGSEGV, status 139\)"
[ "$rc" -eq 1 ] && grep -Eq "$msg" "$tmp/crash.out" && ok "iut-crashes: exit 1, a fail: $(grep -Eo "$msg" "$tmp/crash.out")" ||
  bad "iut-crashes: exit $rc (want 1), /$msg/ wanted" "$(echo; sed 's/^/    /' "$tmp/crash.out" | head -8)"
rm -f "$tc/ha/zz-crash.tc"

# 5. an --output so deep that the IUT's control socket ($MCOA_IUT_DIR/
# ctl.sock) would not fit a Unix socket path (107 bytes): $MCOA_IUT_DIR is
# a short link to the test's iut/ folder, the test runs, and the link goes
# with the test
deep="$tmp/$(printf 'x%.0s' $(seq 90))"
"$conform" run --testcases "$tc" --output "$deep" "$first" >"$tmp/deep.out" 2>&1
rc=$?
log="$deep/tests/$first/log.txt"
link=$(grep -o 'is \$MCOA_IUT_DIR = /tmp/mcoa-iut-[0-9]*-[0-9]*' "$log" 2>/dev/null | grep -o '/tmp/.*')
if [ "$rc" -eq 0 ] && [ -n "$link" ] && [ -e "$deep/tests/$first/iut/node.conf" ]; then
  ok "deep-output: exit 0, the IUT's directory reached through $link, its files in the record"
else
  bad "deep-output: exit $rc (want 0), a short \$MCOA_IUT_DIR link in the log wanted" \
    "$(echo; sed 's/^/    /' "$tmp/deep.out" | head -8)"
fi
[ -n "$link" ] && [ ! -L "$link" ] && ok "deep-output: the link $link is gone" || bad "deep-output: link '$link' left"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
