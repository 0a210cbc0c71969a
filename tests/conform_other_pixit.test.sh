#!/usr/bin/env bash
# The suite is written against the PIXIT, not against the reference's
# addresses: a vendor's mobile node with another home address runs the same
# tests with the same verdicts.  This runs every test case against the
# reference nodes with a PIXIT whose home address ends in another byte
# than the reference's (2001:db8:1::2c7 instead of ::1a5, the reference
# mobile node configured to match) and expects every verdict to be pass,
# as with reference.pixit.  A test that writes the home address into its
# bytes (a Neighbor Solicitation for ::1a5, say) fails here, or passes for
# nothing; every test's PIXIT and every reference MN's configuration are
# checked for the new address, so that the run is known to have used it.
# Usage: conform_other_pixit.test.sh BIN_DIR SOURCE_DIR (as root).
set -u
bin=$1 src=$2
conform=$bin/mcoa-conform
if [ "$(id -u)" -ne 0 ]; then echo "conform_other_pixit: needs root (namespaces); skipped"; exit 0; fi
tmp=$(mktemp -d /tmp/conform-otherpixit.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
px=$src/testcases/pixit/reference.pixit
grep -Eq '^HOA +=' "$px" && grep -Eq '^ref\.mn\.home-address *=' "$px" || {
  echo "FAIL: reference.pixit has no HOA or ref.mn.home-address"; exit 1; }
sed -E 's/^(HOA +=).*/\1 2001:db8:1::2c7/; s/^(HOA_NEXT +=).*/\1 2001:db8:1::2c8/;
        s/^(ref\.mn\.home-address *=).*/\1 2001:db8:1::2c7/' "$px" >"$tmp/other.pixit"
"$conform" run --all -j 2 --quiet --pixit "$tmp/other.pixit" --output "$tmp/out" >"$tmp/run.txt" 2>&1
rc=$?
fail=0
tail -2 "$tmp/run.txt"
python3 - "$tmp/out/results.json" <<'PY' || fail=1
import json, sys
r = json.load(open(sys.argv[1]))
bad = [t for t in r["tests"] if t["verdict"] != "pass"]
for t in bad:
    print("FAIL: %s: %s with HOA 2001:db8:1::2c7: %s" % (t["id"], t["verdict"], t["reason"][:400]))
print("%d tests, %d not passed with another home address" % (len(r["tests"]), len(bad)))
sys.exit(1 if bad or not r["tests"] else 0)
PY
[ "$rc" -eq 0 ] || { echo "FAIL: mcoa-conform run exited $rc"; fail=1; }
# every test ran with the new address, and every reference MN had it
n=0
for d in "$tmp"/out/tests/*/; do
  grep -Eq '^HOA *= *2001:db8:1::2c7$' "$d/pixit.txt" || { echo "FAIL: $(basename "$d"): not run with HOA ::2c7"; fail=1; }
  case $(basename "$d") in mn-*)
    grep -Eq '^home-address *= *2001:db8:1::2c7$' "$d/iut/node.conf" ||
      { echo "FAIL: $(basename "$d"): the reference MN was not given home address ::2c7"; fail=1; }
    n=$((n + 1)) ;;
  esac
done
[ "$n" -gt 0 ] || { echo "FAIL: no MN test ran"; fail=1; }
[ "$fail" -eq 0 ] && echo "ok: every test passes with home address 2001:db8:1::2c7 ($n MN tests, the MN configured with it)"
exit "$fail"
