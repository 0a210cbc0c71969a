#!/usr/bin/env bash
# Build the libFuzzer targets with clang into build-fuzz/ and run each for
# SECONDS (default 60): fuzz_dissect (frames -> dissector, printers,
# expression round trip, lint) and fuzz_expr (expression parser).  Seeds:
# every catalogue variant and, when the packet corpus is there, every frame
# of its pcaps (the corpus is not shipped: MCOA_CORPUS, else ../shared/corpus
# beside the repository; without it the catalogue alone seeds the fuzzers).
# Exits non-zero when a target finds a crash, leak, UB or an abort();
# reproducers land in build-fuzz/fuzz-artifacts/.
#   usage: scripts/fuzz.sh [SECONDS]
#   env:   MCOA_CORPUS (default: ../shared/corpus next to the repo),
#          MCOA_FUZZ_STRICT=1 (fuzz_dissect also demands byte-exact rebuilds)
set -euo pipefail
secs=${1:-60}
top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/build-fuzz
corpus=${MCOA_CORPUS:-$top/../shared/corpus}

CC=clang cmake -S "$top" -B "$build" -DMCOA_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)" --target fuzz_dissect fuzz_expr mkseeds -- --no-print-directory >/dev/null

seeds=$build/fuzz-seeds
rm -rf "$seeds"
shopt -s nullglob
pcaps=("$corpus"/*/*.pcap)
[ ${#pcaps[@]} -gt 0 ] || echo "fuzz: no packet corpus at $corpus (MCOA_CORPUS): seeds from the catalogue only"
ASAN_OPTIONS=detect_leaks=0 "$build/bin/mkseeds" "$seeds" "${pcaps[@]}"
echo "seeds: $(ls "$seeds/dissect" | wc -l) frames, $(ls "$seeds/expr" | wc -l) expressions"

artifacts=$build/fuzz-artifacts
mkdir -p "$artifacts" "$build/fuzz-corpus/dissect" "$build/fuzz-corpus/expr"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

run() { # target corpus-subdir extra-args...
  local t=$1 sub=$2
  shift 2
  echo "== $t for ${secs}s"
  "$build/bin/$t" -max_total_time="$secs" -print_final_stats=1 \
    -artifact_prefix="$artifacts/$t-" \
    "$@" "$build/fuzz-corpus/$sub" "$seeds/$sub"
}
status=0
run fuzz_dissect dissect -max_len=4096 || status=1
run fuzz_expr expr -max_len=2048 -dict="$seeds/expr.dict" || status=1
if [ "$status" -ne 0 ]; then
  echo "fuzz: findings in $artifacts" >&2
  exit 1
fi
echo "fuzz: no findings"
