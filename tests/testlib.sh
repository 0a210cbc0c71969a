# Shared by the shell tests (sourced, not run).

# wait_for MS CMD...: poll CMD until it succeeds or MS milliseconds pass.
# Tests wait on events (a state, a file, an address) this way, never on a
# fixed sleep; the poll interval is what the event's granularity allows.
wait_for() {
  local deadline=$(( $(date +%s%3N) + $1 )); shift
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s%3N)" -lt "$deadline" ] || return 1
    sleep 0.02
  done
}
