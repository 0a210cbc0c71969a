#!/usr/bin/env bash
# README's test command: installs what is missing, builds, runs every test.
#   1. the normal build and all of ctest (unit, round trip, oracles, bad input)
#   2. the unit tests again under AddressSanitizer + UndefinedBehaviorSanitizer
#   3. the libFuzzer targets for a bounded time (FUZZ_SECONDS per target, default 30)
#   4. the conformance suite proves itself: validate (every test fails against
#      its faults, every fault caught), three runs with identical verdicts, coverage
#   5. the repository stands alone: a fresh clone of HEAD in an empty
#      directory builds and passes ctest there, its corpus tests skipped
#      (build + ctest only: see scripts/fresh-clone-check.sh)
#   6. the Debian package: built, installed on this machine, the installed
#      suite run from an empty directory (one test, then all), man page; removed
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
# each stage's wall time, printed when the next one starts (CI's budget is 30 min)
stage_name='' stage_start=$SECONDS
stage() {
  [ -n "$stage_name" ] && echo "-- $stage_name: $((SECONDS - stage_start)) s"
  stage_name=$1 stage_start=$SECONDS
  [ -n "$1" ] && echo "== $1"
  return 0
}

stage "build"
BUILD_DIR=$top/build scripts/build.sh
stage "ctest"
ctest --test-dir build --output-on-failure -j "$(nproc)"

stage "unit tests under ASan + UBSan"
BUILD_DIR=$top/build-asan scripts/build.sh -DMCOA_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$(nproc)" -R '^unit\.'

stage "fuzz (${FUZZ_SECONDS:-30} s per target, two targets)"
scripts/fuzz.sh "${FUZZ_SECONDS:-30}"

stage "conformance suite: validate, repeatability, coverage"
scripts/conformance-check.sh build

stage "fresh clone: build and ctest with nothing beside the repository"
scripts/fresh-clone-check.sh
stage "Debian package: build, install, run from the installed files only"
scripts/deb-check.sh
stage ""
echo "== all tests passed (${SECONDS} s)"
