#!/usr/bin/env bash
# The reports of a real run: `mcoa-conform run 'ha-*'` against the
# reference home agent, then
#   - junit.xml validates against reports/schema/junit-10.xsd (xmllint) and
#     has one <testcase> per test;
#   - results.json parses, its summary counts equal the runner's summary
#     line and the verdicts of its tests, and every test has its artefacts;
#   - results.tap has the plan and one line per test;
#   - index.html is well-formed and renders in headless Chromium with no
#     console message; the screenshot is a real page;
#   - every per-test packets.pcap opens with mcoa-dissect, which counts as
#     many frames as packets.marks has lines (each saying stimulus or
#     observed), and log.txt and script.tc exist;
#   - the same suite with the reference HA's fault ha-no-bid-copy and
#     --baseline the green run: diff lists exactly the tests that failed,
#     exit 1 (green against green: no change, exit 0); a failed test's page
#     renders in Chromium with one arrow per pcap frame and the failing
#     step's marker; screenshots kept under BUILD/artefacts/conform_reports/.
# Usage: conform_reports.test.sh BIN_DIR SOURCE_DIR (as root).
# REPORT_KEEP=DIR keeps the report (and report.png) there.
set -u
bin=$1 src=$2
conform=$bin/mcoa-conform dissect=$bin/mcoa-dissect
chromium=${CHROMIUM:-/usr/bin/chromium}
pass=0 fail=0

if [ "$(id -u)" -ne 0 ]; then echo "conform_reports: needs root (namespaces); skipped"; exit 0; fi
[ -x "$chromium" ] || { echo "FAIL: $chromium not found (scripts/install-deps.sh installs it)"; echo "0 passed, 1 failed"; exit 1; }
command -v xmllint >/dev/null || { echo "FAIL: xmllint not found (libxml2-utils)"; echo "0 passed, 1 failed"; exit 1; }

tmp=$(mktemp -d /tmp/conform-reports.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
out=${REPORT_KEEP:-$tmp/report}
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1${2:+: $2}"; }
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit; }

# The HA suite alone (test cases of other roles do not stop this run).
mkdir -p "$tmp/tc"
cp -r "$src/testcases/ha" "$src/testcases/pixit" "$tmp/tc/"
[ ! -e "$src/testcases/clauses.tsv" ] || cp "$src/testcases/clauses.tsv" "$tmp/tc/"
export MCOA_TESTCASES=$tmp/tc

n=$("$conform" list 'ha-*' 2>/dev/null | grep -c .)
[ "$n" -gt 0 ] || { bad "no HA test (mcoa-conform list 'ha-*')"; finish; }

"$conform" run 'ha-*' -j 2 --output "$out" >"$tmp/run.out" 2>"$tmp/run.err"
rc=$?
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped' "$tmp/run.out")
[ -n "$line" ] && ok "run of $n HA tests (exit $rc): $line" ||
  { bad "no summary line (exit $rc)" "$(tail -5 "$tmp/run.out" "$tmp/run.err")"; finish; }
for f in junit.xml results.tap results.json index.html; do
  [ -s "$out/$f" ] || bad "$f missing"
done
out=$(cd "$out" && pwd)

# JUnit
if xmllint --noout --schema "$src/reports/schema/junit-10.xsd" "$out/junit.xml" 2>"$tmp/xsd.err"; then
  ok "junit.xml validates against junit-10.xsd"
else
  bad "junit.xml does not validate" "$(head -5 "$tmp/xsd.err")"
fi
k=$(xmllint --xpath 'count(//testcase)' "$out/junit.xml" 2>/dev/null)
[ "$k" = "$n" ] && ok "junit.xml: $n testcases" || bad "junit.xml: $k testcases, want $n"

# JSON: counts against the summary line and against the tests
if python3 - "$out" "$line" "$n" "$rc" >"$tmp/json.out" 2>&1 <<'PY'; then
import json, os, re, sys
root, line, n, rc = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
r = json.load(open(os.path.join(root, "results.json")))
s = r["summary"]
m = re.match(r"(\d+) passed, (\d+) failed, (\d+) skipped \(inconc (\d+), error (\d+), warnings (\d+)\)", line)
want = dict(zip(["pass", "fail", "skip", "inconc", "error", "warnings"], map(int, m.groups())))
for k, v in want.items():
    assert s[k] == v, f"summary {k} = {s[k]}, the runner said {v}"
assert s["total"] == n == len(r["tests"]), f"total {s['total']}, tests {len(r['tests'])}, selected {n}"
for v in ("pass", "fail", "inconc", "skip", "error"):
    c = sum(t["verdict"] == v for t in r["tests"])
    assert c == s[v], f"{c} tests with verdict {v}, summary says {s[v]}"
assert s["warnings"] == sum(t["warning"] for t in r["tests"])
want_rc = 2 if s["error"] else 1 if s["fail"] or s["inconc"] else 0
assert rc == want_rc, f"exit {rc}, the verdicts say {want_rc}"
for t in r["tests"]:
    if t["verdict"] == "skip":
        continue
    for k in ("script", "log", "pcap", "marks"):
        assert t[k] and os.path.isfile(os.path.join(root, t[k])), f"{t['id']}: {k} {t[k]} missing"
print(f"summary {s} agrees with the summary line, the tests and the exit status")
PY
  ok "results.json: $(cat "$tmp/json.out")"
else
  bad "results.json" "$(tail -3 "$tmp/json.out")"
fi

# TAP
plan=$(grep -v '^TAP version' "$out/results.tap" | head -1)
[ "$plan" = "1..$n" ] && ok "results.tap: plan 1..$n" || bad "results.tap: plan '$plan', want 1..$n"
k=$(grep -cE '^(not )?ok [0-9]+ - ' "$out/results.tap")
[ "$k" = "$n" ] && ok "results.tap: $n test lines" || bad "results.tap: $k test lines, want $n"

# HTML: well-formed, renders without a console message, real screenshot
xmllint --noout "$out/index.html" 2>"$tmp/xml.err" && ok "index.html is well-formed" ||
  bad "index.html is not well-formed" "$(head -5 "$tmp/xml.err")"
rm -f "$out/report.png"
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$tmp/profile" --enable-logging=stderr --v=0 \
  --screenshot="$out/report.png" --window-size=1400,2000 "file://$out/index.html" \
  >"$tmp/chromium.out" 2>"$tmp/chromium.err"
crc=$?
[ "$crc" -eq 0 ] && ok "chromium rendered index.html" || bad "chromium exited $crc" "$(tail -5 "$tmp/chromium.err")"
if grep -E 'CONSOLE|Uncaught' "$tmp/chromium.err" >"$tmp/console"; then
  bad "console messages while rendering index.html" "$(cat "$tmp/console")"
else
  ok "no console message"
fi
# a blank 1400x2000 page compresses to a few kilobytes
if python3 - "$out/report.png" >"$tmp/png.out" 2>&1 <<'PY'; then
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h = struct.unpack(">II", data[16:24])
assert (w, h) == (1400, 2000), (w, h)
assert len(data) > 40000, f"only {len(data)} bytes: a blank page?"
print(f"{w}x{h}, {len(data)} bytes")
PY
  ok "screenshot $(cat "$tmp/png.out")"
else
  bad "screenshot" "$(tail -2 "$tmp/png.out")"
fi

# Per-test artefacts: the pcap opens, its frames are the marks' lines
bad_pcaps=0 checked=0
for d in "$out"/tests/*/; do
  id=$(basename "$d")
  grep -q "\"id\": \"$id\".*\"verdict\": \"skip\"" "$out/results.json" && continue
  checked=$((checked + 1))
  for f in log.txt script.tc packets.pcap packets.marks; do
    [ -e "$d/$f" ] || { bad "$id: no $f"; bad_pcaps=$((bad_pcaps + 1)); continue 2; }
  done
  if ! "$dissect" -r "$d/packets.pcap" --json >"$tmp/frames" 2>"$tmp/dissect.err"; then
    bad "$id: mcoa-dissect cannot read packets.pcap" "$(cat "$tmp/dissect.err")"
    bad_pcaps=$((bad_pcaps + 1)); continue
  fi
  frames=$(grep -c . "$tmp/frames") marks=$(grep -c '' "$d/packets.marks")
  if [ "$frames" != "$marks" ]; then
    bad "$id: $frames frames in packets.pcap, $marks lines in packets.marks"; bad_pcaps=$((bad_pcaps + 1))
  elif [ "$marks" -gt 0 ] && ! awk -v n="$marks" '$1 != NR || ($2 != "stimulus" && $2 != "observed") { exit 1 } END { exit NR != n }' "$d/packets.marks"; then
    bad "$id: packets.marks lines are not 'N stimulus|observed WHERE' numbered 1..$marks"; bad_pcaps=$((bad_pcaps + 1))
  fi
done
[ "$checked" -gt 0 ] || bad "no per-test directory under tests/"
[ "$bad_pcaps" -eq 0 ] && [ "$checked" -gt 0 ] &&
  ok "$checked tests: packets.pcap opens with mcoa-dissect, frames = lines of packets.marks; log and script present"
grep -E '^report: .* written in ' "$tmp/run.out" | sed 's/^/     /'

# A faulty run: the reference HA started with ha-no-bid-copy, compared
# with the green run above (--baseline).  diff lists exactly the tests that
# failed under the fault and exits 1; the green run against itself: nothing,
# exit 0.  The page of a failed test opens in Chromium: one arrow per frame
# of its pcap (tshark's count, or the marks'), the failing step's marker,
# no console message; its screenshot is kept under BUILD/artefacts/.
art=${MCOA_ARTEFACTS:-$bin/../artefacts}/conform_reports
mkdir -p "$art"
faulty=$tmp/faulty
"$conform" run 'ha-*' -j 2 --fault ha-no-bid-copy --baseline "$out" --output "$faulty" >"$tmp/frun.out" 2>"$tmp/frun.err"
frc=$?
[ "$frc" -eq 1 ] && ok "faulty run (ha-no-bid-copy) exits 1: $(grep -E '^[0-9]+ passed' "$tmp/frun.out")" ||
  bad "faulty run exit $frc, want 1" "$(tail -3 "$tmp/frun.err")"
grep -E '^(report:|since )' "$tmp/frun.out" | sed 's/^/     /'
[ -s "$faulty/diff.json" ] && grep -q 'id="diff"' "$faulty/index.html" &&
  ok "--baseline: diff.json and the index.html section written" || bad "--baseline wrote no comparison"
"$conform" diff "$out" "$faulty" >"$tmp/diff.out" 2>&1; drc=$?
"$conform" diff --json "$out" "$faulty/results.json" >"$tmp/diff.json" 2>&1
if [ "$drc" -eq 1 ] && python3 - "$faulty/results.json" "$out/results.json" "$tmp/diff.json" >"$tmp/d.out" 2>&1 <<'PY'; then
import json, sys
faulty, green, diff = (json.load(open(p)) for p in sys.argv[1:])
failed = {t["id"] for t in faulty["tests"] if t["verdict"] in ("fail", "error", "inconc")}
was_ok = {t["id"] for t in green["tests"] if t["verdict"] in ("pass", "skip")}
listed = {c["id"] for c in diff["changes"] if c["change"] == "new-failure"}
assert failed, "nothing failed under the fault"
assert listed == failed & was_ok, f"diff lists {sorted(listed)}, failed: {sorted(failed)}"
assert diff["regressed"] is True
print(f"{len(listed)} new failures = the tests that failed under the fault")
PY
  ok "diff green faulty: exit 1, $(cat "$tmp/d.out")"
else
  bad "diff green faulty (exit $drc)" "$(tail -5 "$tmp/diff.out" "$tmp/d.out")"
fi
"$conform" diff "$out" "$out" >"$tmp/diff0.out" 2>&1; drc=$?
[ "$drc" -eq 0 ] && grep -qx 'no change' "$tmp/diff0.out" && ok "diff green green: no change, exit 0" ||
  bad "diff green green: exit $drc" "$(cat "$tmp/diff0.out")"
"$conform" diff "$out" "$tmp/nowhere" >/dev/null 2>"$tmp/diff2.err"; drc=$?
[ "$drc" -eq 2 ] && grep -q "$tmp/nowhere" "$tmp/diff2.err" && ok "diff of a missing report: exit 2, names it" ||
  bad "diff of a missing report: exit $drc" "$(cat "$tmp/diff2.err")"

id=$(python3 -c 'import json,sys; print(next(t["id"] for t in json.load(open(sys.argv[1]))["tests"] if t["verdict"] == "fail"))' "$faulty/results.json" 2>/dev/null)
page=$faulty/faults/ha-no-bid-copy/$id/index.html
if [ -n "$id" ] && [ -s "$page" ]; then
  xmllint --noout "$page" 2>"$tmp/xml.err" && ok "$id: page well-formed" || bad "$id: page not well-formed" "$(head -3 "$tmp/xml.err")"
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$tmp/profile" --enable-logging=stderr --v=0 --dump-dom "file://$page" \
    >"$tmp/dom.html" 2>"$tmp/chromium.err"
  grep -E 'CONSOLE|Uncaught' "$tmp/chromium.err" >"$tmp/console" && bad "$id: console messages" "$(cat "$tmp/console")"
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$tmp/profile" --screenshot="$art/$id.png" --window-size=1400,1100 "file://$page" >/dev/null 2>&1
  if command -v tshark >/dev/null; then
    frames=$(tshark -r "$(dirname "$page")/packets.pcap" 2>/dev/null | grep -c .) how=tshark
  else
    frames=$(grep -c '' "$(dirname "$page")/packets.marks") how="packets.marks"
  fi
  arrows=$(grep -o '<g class="arrow [a-z]*"' "$tmp/dom.html" | grep -c .)
  markers=$(grep -o '<g class="expect-marker">' "$tmp/dom.html" | grep -c .)
  [ "$arrows" -gt 0 ] && [ "$arrows" = "$frames" ] && ok "$id: $arrows arrows rendered = $frames frames ($how)" ||
    bad "$id: $arrows arrows rendered, $frames frames ($how)"
  [ "$markers" = 1 ] && ok "$id: the failing step is marked" || bad "$id: $markers failing-step markers"
  [ -s "$art/$id.png" ] && ok "$id: screenshot $art/$id.png" || bad "$id: no screenshot"
  cp "$out/report.png" "$art/index.png" 2>/dev/null
else
  bad "no page of a failed test (${id:-none failed})"
fi

finish
