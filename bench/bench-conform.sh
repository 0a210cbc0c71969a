#!/usr/bin/env bash
# bench-conform.sh [BUILD_DIR] [--runs N] [--test ID] [--suite GLOB]
#
# Wall time of the conformance runner against the reference nodes:
#   1. one test run alone by id (`mcoa-conform run ID`: namespaces set up,
#      IUT started, steps, teardown, reports), median of N runs (default 5);
#   2. the whole suite with -j 2 (`mcoa-conform run --all -j 2`, or --suite
#      GLOB), once.
# Prints the figures and PASS/MISS against the targets "one test < 1 s" and
# "suite with -j 2 < 60 s".  A benchmark, not a test: it exits 0 whether a
# target is met or not (2 if it cannot run at all).  As root.
set -u
build=build runs=5 test="" suite=""
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --test) test=$2; shift 2 ;;
    --suite) suite=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) build=$1; shift ;;
  esac
done
conform=$build/bin/mcoa-conform
[ -x "$conform" ] || { echo "bench-conform: $conform not built" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "bench-conform: needs root (network namespaces)" >&2; exit 2; }
tmp=$(mktemp -d /tmp/bench-conform.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }
[ -n "$test" ] || test=$("$conform" list 'ha-bulk-accepted' 2>/dev/null | awk 'NR == 1 {print $1}')
[ -n "$test" ] || test=$("$conform" list 2>/dev/null | awk 'NR == 1 {print $1}')
[ -n "$test" ] || { echo "bench-conform: no test case to run" >&2; exit 2; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "1. one test alone: mcoa-conform run $test ($runs runs)"
times=()
for i in $(seq "$runs"); do
  t0=$(now)
  "$conform" run "$test" --quiet --output "$tmp/one-$i" >"$tmp/one-$i.out" 2>&1
  rc=$?
  t1=$(now)
  t=$(echo "$t1 - $t0" | bc -l)
  times+=("$t")
  printf '   run %d: %.3f s (exit %d, %s)\n' "$i" "$t" "$rc" "$(tail -1 "$tmp/one-$i.out")"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}')
one=$(printf '%.3f' "$median")

sel=(--all) label="--all"
[ -z "$suite" ] || { sel=("$suite"); label=$suite; }
n=$("$conform" list ${suite:+"$suite"} 2>/dev/null | grep -c .)
echo "2. the suite: mcoa-conform run $label -j 2 ($n tests)"
t0=$(now)
"$conform" run "${sel[@]}" -j 2 --quiet --output "$tmp/suite" >"$tmp/suite.out" 2>&1
rc=$?
t1=$(now)
all=$(printf '%.3f' "$(echo "$t1 - $t0" | bc -l)")
printf '   %s s (exit %d, %s)\n' "$all" "$rc" "$(grep -E 'passed, [0-9]+ failed' "$tmp/suite.out" | tail -1)"
[ "$rc" -ne 2 ] || grep -q 'passed, [0-9]' "$tmp/suite.out" || echo "   (the suite did not run: $(head -2 "$tmp/suite.out"))"

verdict() { if [ "$(echo "$1 < $2" | bc -l)" -eq 1 ]; then echo PASS; else echo MISS; fi; }
echo
printf '%-34s %10s %10s  %s\n' target measured limit verdict
printf '%-34s %9ss %9ss  %s\n' "one test alone (median of $runs)" "$one" 1 "$(verdict "$one" 1)"
printf '%-34s %9ss %9ss  %s\n' "suite, $n tests, -j 2" "$all" 60 "$(verdict "$all" 60)"
exit 0
