#!/bin/sh
# adapter.sh - an example adapter: it drives a Mobile IPv6 implementation
# through shell commands only, in the shape the external-IUT contract asks
# for (harness/IUT.md).  To bring your own home agent, correspondent or
# mobile node: copy this file and example.pixit, and replace the bodies of
# the functions marked REPLACE with your implementation's commands.
#
#   adapter.sh start              PIXIT iut-cmd: runs the implementation, in the
#                                 foreground, inside the IUT's namespace
#   adapter.sh ready              PIXIT iut-ready: exit 0 once it answers
#   adapter.sh state              PIXIT state: its bindings as the contract's JSON
#   adapter.sh configure NAME     PIXIT action.configure: the named configuration
#   adapter.sh action NAME ARG... PIXIT action.NAME: a trigger (register, rr ...)
#
# Exit 0: done; 77: not supported (the test is skipped, not failed); any
# other status: the step is an error.  Everything the adapter keeps goes in
# $MCOA_IUT_DIR, which is new and empty for every test, so nothing a previous
# test left can make this one look ready.
#
# The implementation driven here, so that this example runs in the suite's
# own tests (ctest conform_contract): the suite's reference node, used the
# way one uses a third-party daemon that has a configuration file, a
# command-line control tool and no runtime reconfiguration.  `configure`
# therefore restarts it with another configuration, under a supervisor loop
# that stays in the IUT's process group (the runner stops the whole group
# with SIGTERM at the end of the test).
set -u
dir=${MCOA_IUT_DIR:?run me from mcoa-conform (harness/IUT.md)}
ctl=$dir/ctl.sock

# REPLACE: start your implementation in the foreground.  Here: the reference
# node, its configuration written by mcoa-iut-reference from the PIXIT and
# from the configuration `configure` asked for.
run_daemon() {
  MCOA_CONFIGURATION=$(cat "$dir/configuration" 2>/dev/null) exec mcoa-iut-reference
}

# REPLACE: exit 0 when the implementation answers.
probe() { mcoa-ctl "$ctl" ping >/dev/null 2>&1; }

# REPLACE: print {"bindings": [{"hoa": ..., "bid": ..., "coa": ...}, ...]}.
# Here: the daemon's own state, reduced to what the contract reads and
# pretty-printed (the suite reads any JSON layout).
show_state() {
  mcoa-ctl "$ctl" state | jq '{bindings: [.bindings[] | {hoa, bid, coa}]}'
}

# REPLACE: make the implementation act (see the actions in harness/IUT.md).
trigger() {
  name=$1; shift
  case $name in
    register|deregister|return-home|leave-home|rr|coa-down|coa-up|coa-add|send-udp)
      mcoa-ctl "$ctl" "$name" "$@" ;;
    *) echo "adapter.sh: no action $name" >&2; exit 77 ;;
  esac
}

# REPLACE: the configurations your implementation can take (the others: 77).
configure() {
  case $1 in
    bulk-prohibited|mcoa-prohibited|simultaneous-prohibited|returnhome-wo-ndp|returnhome-with-ndp| \
    brr-before-expiry|short-nonce-lifetime|return-home-simultaneous|return-home-complete|ipv4-coa-on-f1| \
    ipv4-home-address|ipv4-home-prefix|large-bids|lifetime-one-unit) ;;
    *) echo "adapter.sh: configuration $1 is not supported" >&2; exit 77 ;;
  esac
  echo "$1" >"$dir/configuration"
  old=$(cat "$dir/daemon.pid")
  touch "$dir/restart"
  kill -TERM "$old"
  # ready again: the old daemon gone, a new one that answers (the runner
  # bounds this by iut-command-timeout)
  while kill -0 "$old" 2>/dev/null; do sleep 0.02; done
  while [ "$(cat "$dir/daemon.pid" 2>/dev/null)" = "$old" ] || ! probe; do sleep 0.02; done
}

case ${1:-} in
  start)
    while :; do
      run_daemon &
      echo $! >"$dir/daemon.pid"
      wait $! || true
      [ -e "$dir/restart" ] || exit 0
      rm -f "$dir/restart"
    done ;;
  ready) probe ;;
  state) show_state ;;
  configure) [ $# -eq 2 ] || { echo "usage: adapter.sh configure NAME" >&2; exit 2; }; configure "$2" ;;
  action) [ $# -ge 2 ] || { echo "usage: adapter.sh action NAME [ARG...]" >&2; exit 2; }; shift; trigger "$@" ;;
  *) echo "usage: adapter.sh start|ready|state|configure NAME|action NAME [ARG...]" >&2; exit 2 ;;
esac
