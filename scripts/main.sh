#!/usr/bin/env bash
# README's main job.  Until the conformance harness exists (issue 5) the
# main job crafts the full variant catalogue into a pcap and dissects it
# with the RFC lint, so every finding is shown next to its packet.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=$top/build "$top/scripts/build.sh"
out=${1:-$top/out}
mkdir -p "$out"
"$top/build/bin/mcoa-craft" --catalogue -w "$out/catalogue.pcap"
echo "wrote $out/catalogue.pcap ($("$top/build/bin/mcoa-craft" --catalogue | grep -c '^[a-z0-9]') variants)"
# lint exits 1 when it finds something: in the catalogue it must, since
# the catalogue holds the broken variants on purpose.
rc=0
"$top/build/bin/mcoa-dissect" -r "$out/catalogue.pcap" --lint | tee "$out/catalogue.lint.txt" || rc=$?
[ "$rc" -le 1 ] || exit "$rc"
echo "dissection with lint: $out/catalogue.lint.txt"
