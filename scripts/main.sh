#!/usr/bin/env bash
# README's main job: the RFC 5648 conformance suite against the reference
# triad (mcoa-ha, mcoa-cn, mcoa-mn), every test case, two at a time, with
# the reports in out/report (index.html, junit.xml, results.tap,
# results.json, and per test its log, script and pcap).  Then the variant
# catalogue is crafted and dissected with the lint, next to it.
# Exit status: that of mcoa-conform (0 all passed, 1 a test failed, 2 setup).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=$top/build "$top/scripts/build.sh"
out=${1:-$top/out}
mkdir -p "$out"
rc=0
"$top/build/bin/mcoa-conform" run --all -j 2 --output "$out/report" || rc=$?

"$top/build/bin/mcoa-craft" --catalogue -w "$out/catalogue.pcap"
# lint exits 1 when it finds something: the catalogue holds broken variants on purpose
# the draft-01 variants use BID sub-option type 200 (the draft left it TBD)
"$top/build/bin/mcoa-dissect" -r "$out/catalogue.pcap" --lint --cn 2001:db8:c::1 --profile mcoa-01:200 >"$out/catalogue.lint.txt" || [ $? -le 1 ]
echo "catalogue: $out/catalogue.pcap, dissected with lint in $out/catalogue.lint.txt"
exit "$rc"
