#!/usr/bin/env bash
# The repository stands alone: clones the committed HEAD into an empty
# temporary directory (nothing beside it: no ../shared, no corpus), builds
# it there and runs all of ctest there.  Every test must pass, and the
# corpus-dependent ones (NAME.corpus) must report "Skipped" with the
# reason, not fail.
#
# This is README's test command minus its slow stages: running the whole
# of scripts/test.sh a second time (ASan build, fuzzing, the conformance
# suite's validate and repeat runs: ~15 min) would double CI's time, while
# what depends on the checkout's surroundings is the build and ctest; the
# later stages read nothing outside the repository (fuzz.sh seeds from the
# catalogue alone without a corpus, conformance-check.sh uses build/ only).
#   usage: scripts/fresh-clone-check.sh [COMMIT-ISH]   (default HEAD)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
rev=${1:-HEAD}
tmp=$(mktemp -d /tmp/mcoa-fresh-clone.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
clone=$tmp/mcoa-conform
git clone -q --no-local "$top" "$clone"
git -C "$clone" checkout -q --detach "$(git -C "$top" rev-parse "$rev")"
echo "fresh clone: $(git -C "$clone" log --oneline -1) in $clone; beside it: $(ls -A "$tmp" | tr '\n' ' ')"

# nothing from this environment points back at the original tree
unset MCOA_CORPUS MCOA_RFC5648 MCOA_TESTCASES MCOA_DATADIR MCOA_LIBEXECDIR MCOA_SHARED
cd "$clone"
BUILD_DIR=$clone/build scripts/build.sh
log=$tmp/ctest.log
rc=0
# (asked before the run: `ctest -N` would overwrite the run's LastTest.log)
corpus=$(ctest --test-dir build -N | sed -n 's/^ *Test *#[0-9]*: \([a-z_]*\.corpus\)$/\1/p')
# The tests that build namespace worlds and run the conformance suite whole
# (external IUTs, the contract, reports, cleanup, the passive checker's
# cross-check) read nothing outside the repository and already ran in the
# main ctest: they are left out here to keep CI's time.
heavy='^(conform_contract|conform_external_iut|conform_reports|conform_cleanup|check_crosscheck)$'
ctest --test-dir build --output-on-failure -j "$(nproc)" -E "$heavy" >"$log" 2>&1 || rc=$?
grep -E "tests passed|Skipped|Failed|\*\*\*" "$log" || true
# on failure: the output of the failed tests (ctest --output-on-failure)
[ "$rc" -eq 0 ] || { echo "fresh clone: ctest failed"; grep -vE "^ +Start |  Passed |\*Skipped " "$log"; exit 1; }
fail=0
# every NAME.corpus test (as many as ctest listed before it ran) reports Skipped
ncorpus=$(echo "$corpus" | grep -c .)
[ "$ncorpus" -ge 3 ] || { echo "FAIL: ctest lists $ncorpus corpus tests"; fail=1; }
for t in $corpus; do
  grep -qE "Test +#[0-9]+: $t \.+\*+Skipped" "$log" || { echo "FAIL: $t did not report Skipped"; fail=1; }
done
# and said why (the tests' own output, kept by ctest)
n=$(grep -c "SKIP: no packet corpus" build/Testing/Temporary/LastTest.log || true)
[ "$n" -eq "$ncorpus" ] || { echo "FAIL: $n of $ncorpus corpus tests said why they skipped"; fail=1; }
grep -m1 "SKIP: no packet corpus" build/Testing/Temporary/LastTest.log
[ "$fail" -eq 0 ] && echo "fresh clone: build and ctest passed; the corpus checks were skipped (no corpus beside the clone)"
exit "$fail"
