#!/usr/bin/env bash
# An external IUT: the reference home agent, started by this test rather
# than by the runner, gets the same verdict in every HA test as in the
# built-in run (the runner starting the reference node itself):
#   (a) --iut-cmd: `mcoa-conform run "$sel" --iut-cmd "mcoa-ha -c CONF"`,
#       CONF written here, PIXIT = reference.pixit + iut-ready and state
#       through mcoa-ctl (so the state checks run);
#   (b) --iut-iface: mcoa-ha runs in a namespace of this test (not made by
#       the runner) on one end of a veth pair; the other end, in the root
#       namespace, is given to `mcoa-conform run "$sel" --iut-iface IF -j 1`,
#       which moves it into each test's topology at the PIXIT attach point
#       and back (mcoa-netns attach/down).  Afterwards the interface is back
#       in the root namespace and the home agent has lived through the run.
# A test case that needs a named configuration runs when the PIXIT says how
# to reach it (harness/IUT.md): (a) gives no way, so its verdict must be
# skip, naming the configuration; (b) gives action.configure, a restart of
# the home agent with the configuration's lines, so its verdict must be
# the built-in one.
# The home agent of (b) lives across tests, so a binding made by one test
# would be seen by the next: PIXIT iut-ready restarts it before each test
# (what a reset of a box on the wire does).
# Usage: conform_external_iut.test.sh BIN_DIR SOURCE_DIR (as root).
set -u
bin=$1 src=$2
conform=$bin/mcoa-conform ctl=$bin/mcoa-ctl ha=$bin/mcoa-ha
pass=0 fail=0

if [ "$(id -u)" -ne 0 ]; then echo "conform_external_iut: needs root (namespaces); skipped"; exit 0; fi

tmp=$(mktemp -d /tmp/conform-extiut.XXXXXX)
ns=iutns$$          # this test's namespace for (b): not mc*, not the runner's
ifc=iutx$$          # the veth end the runner gets
cleanup() {
  local p
  [ -e "$tmp/ha-b.pid" ] && kill -TERM "$(cat "$tmp/ha-b.pid")" 2>/dev/null
  for p in $(pgrep -f -- "$tmp/"); do kill -9 "$p" 2>/dev/null; done
  ip netns del "$ns" 2>/dev/null
  ip link del "$ifc" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1${2:+: $2}"; }
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit; }

# The HA suite alone (test cases of other roles do not stop these runs).
mkdir -p "$tmp/tc"
cp -r "$src/testcases/ha" "$src/testcases/pixit" "$tmp/tc/"
[ ! -e "$src/testcases/clauses.tsv" ] || cp "$src/testcases/clauses.tsv" "$tmp/tc/"
export MCOA_TESTCASES=$tmp/tc

# a representative part of the HA suite (every test of it costs three runs here)
sel=${MCOA_EXTERNAL_TESTS:-ha-b*}
n=$("$conform" list "$sel" 2>/dev/null | grep -c .)
[ "$n" -gt 0 ] || { bad "no HA test matches $sel"; finish; }
echo "# $n HA tests"
# tests that configure the reference node: skipped for an external IUT
configured=$(grep -l '^configuration' "$tmp"/tc/ha/*.tc 2>/dev/null | xargs -r -n1 sed -n 's/^id[[:space:]]*//p' | sort)
[ -z "$configured" ] || echo "# need a configuration: $(echo $configured)"

# compare NAME BUILTIN_DIR OTHER_DIR [CONFIGURED]: same ids, same verdicts,
# but skip for the CONFIGURED tests (those needing a configuration the PIXIT
# gives no way to)
compare() {
  python3 - "$2/results.json" "$3/results.json" "${4:-}" >"$tmp/cmp.out" 2>&1 <<'PY'
import json, sys
a = {t["id"]: t for t in json.load(open(sys.argv[1]))["tests"]}
b = {t["id"]: t for t in json.load(open(sys.argv[2]))["tests"]}
configured = set(sys.argv[3].split())
bad = []
if set(a) != set(b):
    bad.append(f"ids differ: only built-in {sorted(set(a) - set(b))}, only external {sorted(set(b) - set(a))}")
for i in sorted(set(a) & set(b)):
    va, vb = a[i]["verdict"], b[i]["verdict"]
    if i in configured:
        if vb != "skip" or "configuration" not in (b[i]["reason"] or ""):
            bad.append(f"{i}: needs a configuration the PIXIT gives no way to, verdict {vb}, want skip naming it")
    elif va != vb:
        bad.append(f"{i}: built-in {va}, external {vb}: {(b[i]['reason'] or '').splitlines()[:1]}")
print("\n".join(bad) if bad else f"{len(a)} tests, same verdicts ({len(configured & set(a))} skipped for their configuration)")
sys.exit(1 if bad else 0)
PY
  if [ $? -eq 0 ]; then ok "$1: $(cat "$tmp/cmp.out")"; else bad "$1: verdicts differ" "$(echo; sed 's/^/    /' "$tmp/cmp.out")"; fi
}

# The built-in run
"$conform" run "$sel" -j 2 --quiet --output "$tmp/builtin" >"$tmp/builtin.out" 2>&1
rc=$?
[ -s "$tmp/builtin/results.json" ] && ok "built-in run (exit $rc): $(tail -1 "$tmp/builtin.out")" ||
  { bad "built-in run wrote no results.json" "$(tail -5 "$tmp/builtin.out")"; finish; }

pixit() { # PIXIT SOCK: reference.pixit + the external IUT's management
  cat "$tmp/tc/pixit/reference.pixit"
  echo "iut-ready = $ctl $1 ping"
  echo "state = $ctl $1 state"
}

# ---- (a) --iut-cmd ------------------------------------------------------------
cat >"$tmp/ha-a.conf" <<EOF
interface = home0
address = 2001:db8:1::1
home-prefix = 2001:db8:1::/64
control = $tmp/ha-a.sock
EOF
pixit "$tmp/ha-a.sock" >"$tmp/a.pixit"
# one control socket path for every test: one test at a time
"$conform" run "$sel" -j 1 --quiet --iut-cmd "$ha -c $tmp/ha-a.conf" --pixit "$tmp/a.pixit" \
  --output "$tmp/cmd" >"$tmp/cmd.out" 2>&1
rc=$?
if [ -s "$tmp/cmd/results.json" ]; then
  ok "--iut-cmd run (exit $rc): $(tail -1 "$tmp/cmd.out")"
  compare "--iut-cmd" "$tmp/builtin" "$tmp/cmd" "$configured"
  grep -q '"iut": "--iut-cmd ' "$tmp/cmd/results.json" && ok "--iut-cmd: the report names the IUT command" ||
    bad "--iut-cmd: results.json does not name the IUT command"
  # the IUT was stopped with SIGTERM (the whole `sh -c` group), so it
  # removed its control socket itself
  [ ! -e "$tmp/ha-a.sock" ] && ok "--iut-cmd: the IUT got SIGTERM and removed its control socket" ||
    bad "--iut-cmd: the IUT's control socket is left: it was killed, not stopped"
else
  bad "--iut-cmd run wrote no results.json (exit $rc)" "$(tail -5 "$tmp/cmd.out")"
fi

# ---- (b) --iut-iface ---------------------------------------------------------------
ip netns add "$ns" || { bad "cannot create namespace $ns"; finish; }
ip link add "$ifc" type veth peer name home0 netns "$ns" || { bad "cannot create veth $ifc"; finish; }
ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
  net.ipv6.conf.all.forwarding=1 net.ipv6.conf.all.proxy_ndp=1 net.ipv6.conf.all.accept_ra=0
ip -n "$ns" -batch - <<EOF || { bad "cannot configure $ns"; finish; }
link set lo up
link set home0 up
addr add 2001:db8:1::1/64 dev home0 nodad
addr add 198.51.100.1/24 dev home0
route add default via 2001:db8:1::fffe
route add default via 198.51.100.254
EOF
ip link set "$ifc" up
sed "s|$tmp/ha-a.sock|$tmp/ha-b.sock|" "$tmp/ha-a.conf" >"$tmp/ha-b.base"

# (Re)start the home agent in $ns and wait (deadline 10 s) until it answers;
# with a configuration NAME (action.configure), with the lines the PIXIT in
# use ($MCOA_PIXIT) gives the reference HA for it.
cat >"$tmp/restart-ha.sh" <<EOF
#!/bin/sh
cp $tmp/ha-b.base $tmp/ha-b.conf
if [ -n "\${1:-}" ]; then
  lines=\$(sed -n "s/^ref\.ha\.configuration\.\$1 = //p" "\$MCOA_PIXIT")
  [ -n "\$lines" ] || exit 77
  echo "\$lines" | tr ';' '\n' >>$tmp/ha-b.conf
fi
if [ -e $tmp/ha-b.pid ]; then
  kill -TERM \$(cat $tmp/ha-b.pid) 2>/dev/null
  i=0; while kill -0 \$(cat $tmp/ha-b.pid) 2>/dev/null && [ \$i -lt 100 ]; do sleep 0.02; i=\$((i + 1)); done
fi
# started as a child of ip netns exec, detached from this script
setsid ip netns exec $ns $ha -c $tmp/ha-b.conf >>$tmp/ha-b.log 2>&1 </dev/null &
echo \$! >$tmp/ha-b.pid
i=0; while [ \$i -lt 500 ]; do $ctl $tmp/ha-b.sock ping >/dev/null 2>&1 && exit 0; sleep 0.02; i=\$((i + 1)); done
exit 1
EOF
chmod +x "$tmp/restart-ha.sh"
"$tmp/restart-ha.sh" && ok "--iut-iface: the home agent runs in $ns on $ifc's peer" ||
  { bad "--iut-iface: the home agent did not start" "$(cat "$tmp/ha-b.log")"; finish; }
first_pid=$(cat "$tmp/ha-b.pid")
{ grep -v '^iut-ready\|^attach' "$tmp/tc/pixit/reference.pixit"
  echo "attach = r:home"
  echo "iut-ready = $tmp/restart-ha.sh"
  # a restart of the box takes its time on a loaded machine (the runner
  # bounds each iut-ready run by what is left of this)
  echo "iut-ready-timeout = 15000"
  echo "iut-command-timeout = 15000"
  echo "action.configure = $tmp/restart-ha.sh \"\$1\""
  echo "state = $ctl $tmp/ha-b.sock state"; } >"$tmp/b.pixit"

"$conform" run "$sel" -j 1 --quiet --iut-iface "$ifc" --pixit "$tmp/b.pixit" --output "$tmp/iface" >"$tmp/iface.out" 2>&1
rc=$?
if [ -s "$tmp/iface/results.json" ]; then
  ok "--iut-iface run (exit $rc): $(tail -1 "$tmp/iface.out")"
  compare "--iut-iface" "$tmp/builtin" "$tmp/iface"
else
  bad "--iut-iface run wrote no results.json (exit $rc)" "$(tail -5 "$tmp/iface.out")"
fi
# the interface came back, up as it was, and its peer is still in $ns
if ip -o link show dev "$ifc" >"$tmp/link" 2>&1; then
  ok "--iut-iface: $ifc is back in the root namespace"
  grep -q '<[^>]*UP' "$tmp/link" && ok "--iut-iface: $ifc is up again, as before the run" || bad "--iut-iface: $ifc came back down" "$(cat "$tmp/link")"
else
  bad "--iut-iface: $ifc is gone from the root namespace after the run"
fi
ip -n "$ns" link show dev home0 >/dev/null 2>&1 && ok "--iut-iface: its peer home0 is still in $ns" ||
  bad "--iut-iface: home0 is gone from $ns"
"$ctl" "$tmp/ha-b.sock" ping >/dev/null 2>&1 && ok "--iut-iface: the home agent runs after the run" ||
  bad "--iut-iface: the home agent is not running after the run" "$(tail -5 "$tmp/ha-b.log")"
[ "$(cat "$tmp/ha-b.pid")" != "$first_pid" ] && ok "--iut-iface: iut-ready restarted the home agent for the tests" ||
  bad "--iut-iface: iut-ready was never run"

finish
