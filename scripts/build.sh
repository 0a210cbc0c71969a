#!/usr/bin/env bash
# Configures and builds into BUILD_DIR (default: build/); binaries land in BUILD_DIR/bin.
# Extra arguments go to cmake (e.g. -DMCOA_SANITIZE=ON).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$top/build}
"$top/scripts/install-deps.sh"
cmake -S "$top" -B "$build" "$@" >/dev/null
cmake --build "$build" -j "$(nproc)" -- --no-print-directory >/dev/null
