#!/usr/bin/env bash
# README's test command: installs what is missing, builds, runs every test.
#   1. the normal build and all of ctest (unit, round trip, oracles, bad input)
#   2. the unit tests again under AddressSanitizer + UndefinedBehaviorSanitizer
#   3. the libFuzzer targets for a bounded time (FUZZ_SECONDS per target, default 30)
#   4. the conformance suite proves itself: validate (every test fails against
#      its faults, every fault caught), three runs with identical verdicts, coverage
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

echo "== build"
BUILD_DIR=$top/build scripts/build.sh
echo "== ctest"
ctest --test-dir build --output-on-failure -j "$(nproc)"

echo "== unit tests under ASan + UBSan"
BUILD_DIR=$top/build-asan scripts/build.sh -DMCOA_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$(nproc)" -R '^unit\.'

echo "== fuzz (${FUZZ_SECONDS:-30} s per target, two targets)"
scripts/fuzz.sh "${FUZZ_SECONDS:-30}"

echo "== conformance suite: validate, repeatability, coverage"
scripts/conformance-check.sh build
echo "== all tests passed"
