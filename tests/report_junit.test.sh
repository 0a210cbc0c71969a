#!/usr/bin/env bash
# junit.xml validates against the Jenkins xUnit schema (reports/schema/),
# and the other machine-readable reports parse: results.json as JSON,
# results.tap as a TAP plan with one line per test.  The report is the
# synthetic run of tests/unit/test_report.c (every verdict, a reason full
# of markup and bad bytes).  Usage: report_junit.test.sh BIN_DIR SOURCE_DIR
set -u
bin=$1 src=$2
driver=$bin/../tests/test_report
schema=$src/reports/schema/junit-10.xsd
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

command -v xmllint >/dev/null ||
  { echo "FAIL: xmllint not found (package libxml2-utils; scripts/install-deps.sh installs it)"; exit 1; }
[ -x "$driver" ] || { echo "FAIL: $driver not built"; exit 1; }
"$driver" "$tmp/r" || { echo "FAIL: $driver $tmp/r did not write the report"; exit 1; }

# schema validity (which implies well-formedness)
xmllint --noout --schema "$schema" "$tmp/r/junit.xml" 2>"$tmp/xsd.err" ||
  { bad "junit.xml does not validate against $schema"; cat "$tmp/xsd.err"; }

# the counts CI servers read, per suite and in total
count() { xmllint --xpath "$1" "$tmp/r/junit.xml" 2>/dev/null; }
[ "$(count 'string(/testsuites/@tests)')" = 6 ] || bad "testsuites tests != 6"
[ "$(count 'count(//testsuite)')" = 3 ] || bad "not one testsuite per IUT role"
[ "$(count 'count(//testcase/failure[@type="fail"])')" = 1 ] || bad "fail is not one <failure>"
[ "$(count 'count(//testcase/error[@type="inconc"])')" = 1 ] || bad "inconc is not an <error type=inconc>"
[ "$(count 'count(//testcase/error[@type="error"])')" = 1 ] || bad "error is not an <error type=error>"
[ "$(count 'count(//testcase/skipped)')" = 1 ] || bad "skip is not <skipped>"
[ "$(count 'string(//testsuite[@name="mcoa.cn"]/@skipped)')" = 1 ] || bad "cn suite skipped != 1"
count 'string(//testcase[@name="ha-bid-copy"]/failure)' | grep -q '<ba status=0 / bid 1 & "x">' ||
  bad "the failure text does not round-trip the reason"

# JSON parses, and its summary agrees with the JUnit counts
python3 - "$tmp/r/results.json" <<'PY' || bad "results.json"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
s = d["summary"]
assert (s["total"], s["pass"], s["fail"], s["inconc"], s["skip"], s["error"]) == (6, 2, 1, 1, 1, 1), s
assert list(d) == ["title", "iut", "started", "duration_s", "hostname", "summary", "tests",
                   "clauses", "coverage", "faults"], list(d)
assert len(d["tests"]) == 6 and "\x01" in d["tests"][1]["reason"]
PY

# TAP: a plan, then one ok/not ok line per test numbered in order
tap=$tmp/r/results.tap
head -2 "$tap" | tr '\n' ' ' | grep -qx 'TAP version 13 1\.\.6 ' || bad "TAP header/plan"
nums=$(grep -E '^(not )?ok [0-9]+ ' "$tap" | sed -E 's/^(not )?ok ([0-9]+) .*/\2/' | tr '\n' ' ')
[ "$nums" = "1 2 3 4 5 6 " ] || bad "TAP test numbers: $nums"
if python3 -c 'import yaml' 2>/dev/null; then # the YAML blocks parse (when PyYAML is there)
  python3 - "$tap" <<'PY' || bad "a TAP YAML block does not parse"
import re, sys, yaml
text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"^  ---\n(.*?)^  \.\.\.$", text, re.S | re.M)
assert len(blocks) == 6, len(blocks)
for b in blocks:
    y = yaml.safe_load("\n".join(l[2:] for l in b.splitlines()))
    assert y["verdict"] in ("pass", "fail", "inconc", "skip", "error"), y
PY
fi

[ "$fails" -eq 0 ] && echo "report_junit: ok" || exit 1
