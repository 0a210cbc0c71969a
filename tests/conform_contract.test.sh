#!/usr/bin/env bash
# The external-IUT contract (harness/IUT.md), proven on the whole suite:
#   1. the built-in run (reference nodes started by the runner);
#   2. the same suite with the reference nodes started as EXTERNAL commands
#      through the contract only (harness/adapters/reference-external.pixit:
#      iut-cmd, iut-cmd.NAME per configuration, state and actions through
#      mcoa-ctl): no test skipped, every verdict equal to the built-in one;
#   3. the same through the generic shell adapter
#      (harness/adapters/example-shell): configurations by action.configure
#      (a restart), state pretty-printed by jq: every verdict equal again;
#   4. a signalling-only home agent (the reference HA with data-plane = off)
#      claiming PICS data-plane = no: every signalling test passes, every
#      data-plane test is skipped; claiming yes: exactly the data-plane
#      tests fail;
#   5. the contract's edges: the IUT's directory is new and empty at every
#      start; exit 77 from a start command or an action is skip; a state
#      that is not JSON, an action past iut-command-timeout are errors that
#      say so, and leave nothing running; an IUT whose iut-alive fails
#      after the last step fails the test;
#   6. the templates: pixit-template / pics-template for each role load as
#      PIXIT and PICS, and with them `list` gives every test that needs an
#      action or a configuration as skipped, naming the key; every action,
#      configuration and PICS item of the contract is documented in IUT.md.
# Usage: conform_contract.test.sh BIN_DIR SOURCE_DIR (as root).
set -u
bin=$1 src=$(cd "$2" && pwd)
conform=$bin/mcoa-conform
pass=0 fail=0
if [ "$(id -u)" -ne 0 ]; then echo "conform_contract: needs root (namespaces); skipped"; exit 77; fi
command -v jq >/dev/null || { echo "conform_contract: needs jq (scripts/install-deps.sh); skipped"; exit 77; }

tmp=$(mktemp -d /tmp/conform-contract.XXXXXX)
cleanup() {
  local p
  for p in $(pgrep -f -- "$tmp/"); do kill -9 "$p" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1${2:+: $2}"; }
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit; }

tc=$src/testcases
ext=$src/harness/adapters/reference-external.pixit
example=$src/harness/adapters/example-shell/example.pixit

# compare NAME BUILTIN_DIR OTHER_DIR [PYTHON-CONDITION]: the same ids, the same
# verdicts; the condition (over a, b: the two results) may allow differences
compare() {
  python3 - "$2/results.json" "$3/results.json" >"$tmp/cmp.out" 2>&1 <<'PY'
import json, sys
a = {t["id"]: t for t in json.load(open(sys.argv[1]))["tests"]}
b = {t["id"]: t for t in json.load(open(sys.argv[2]))["tests"]}
bad = []
if set(a) != set(b):
    bad.append(f"ids differ: {sorted(set(a) ^ set(b))}")
for i in sorted(set(a) & set(b)):
    if a[i]["verdict"] != b[i]["verdict"]:
        bad.append(f"{i}: built-in {a[i]['verdict']}, here {b[i]['verdict']}: {(b[i]['reason'] or '').splitlines()[:1]}")
skips = sum(1 for t in b.values() if t["verdict"] == "skip")
print("\n".join(bad) if bad else f"{len(a)} tests, the same verdicts, {skips} skipped")
sys.exit(1 if bad else 0)
PY
  if [ $? -eq 0 ]; then ok "$1: $(cat "$tmp/cmp.out")"; else bad "$1" "$(echo; sed 's/^/    /' "$tmp/cmp.out")"; fi
}

# verdicts DIR: "id verdict" lines
verdicts() { jq -r '.tests[] | "\(.id) \(.verdict)"' "$1/results.json" | sort; }

# ---- 1. built-in -------------------------------------------------------------------
"$conform" run --all -j 2 --quiet --output "$tmp/builtin" >"$tmp/builtin.out" 2>&1
rc=$?
if [ $rc -eq 0 ] && [ -s "$tmp/builtin/results.json" ]; then
  ok "built-in run: $(tail -1 "$tmp/builtin.out")"
else
  bad "built-in run (exit $rc)" "$(tail -3 "$tmp/builtin.out")"
  # which test, and why: the verdict's reason, not only the count
  [ -s "$tmp/builtin/results.json" ] &&
    jq -r '.tests[] | select(.verdict != "pass") | "  \(.id): \(.verdict): \(.reason[0:600])"' "$tmp/builtin/results.json"
  finish
fi

# ---- 2. the reference nodes as external commands -------------------------------------
"$conform" run --all -j 2 --quiet --pixit "$ext" --output "$tmp/ext" >"$tmp/ext.out" 2>&1
rc=$?
if [ -s "$tmp/ext/results.json" ]; then
  ok "external run (exit $rc): $(tail -1 "$tmp/ext.out")"
  compare "reference nodes through the contract only" "$tmp/builtin" "$tmp/ext"
  n=$(jq '[.tests[] | select(.verdict == "skip")] | length' "$tmp/ext/results.json")
  [ "$n" -eq 0 ] && ok "external run: no test skipped" ||
    bad "external run: $n tests skipped" "$(jq -r '.tests[] | select(.verdict == "skip") | "\(.id): \(.reason)"' "$tmp/ext/results.json")"
  jq -e '.iut == "--iut-cmd mcoa-iut-reference"' "$tmp/ext/results.json" >/dev/null &&
    ok "external run: the report names the IUT command" || bad "external run: results.json iut is $(jq .iut "$tmp/ext/results.json")"
  grep -q 'IUT start command (PIXIT iut-cmd for the configuration): mcoa-iut-reference' "$tmp/ext/tests/ha-bulk-prohibited/log.txt" &&
    ok "external run: a configuration's test started the IUT with iut-cmd.NAME" ||
    bad "external run: ha-bulk-prohibited's log names no iut-cmd.NAME start"
else
  bad "external run wrote no results.json (exit $rc)" "$(tail -5 "$tmp/ext.out")"
fi

# ---- 3. the generic shell adapter ------------------------------------------------------
"$conform" run --all -j 2 --quiet --pixit "$example" --output "$tmp/example" >"$tmp/example.out" 2>&1
rc=$?
if [ -s "$tmp/example/results.json" ]; then
  compare "example shell adapter (action.configure, pretty-printed JSON state)" "$tmp/builtin" "$tmp/example"
  grep -q '^  configure bulk-prohibited' "$tmp/example/tests/ha-bulk-prohibited/log.txt" &&
    ok "example adapter: the configuration came by action.configure" ||
    bad "example adapter: ha-bulk-prohibited's log shows no configure"
else
  bad "example adapter run wrote no results.json (exit $rc)" "$(tail -5 "$tmp/example.out")"
fi

# ---- 4. a signalling-only home agent and correspondent ---------------------------------
printf 'include = %s\nref.ha.data-plane = off\n' "$ext" >"$tmp/sig.pixit"
sed 's/^data-plane.*/data-plane = no/' "$tc/pixit/reference.pics" >"$tmp/sig-no.pics"
sed 's/^data-plane.*/data-plane = yes/' "$tc/pixit/reference.pics" >"$tmp/sig-yes.pics"
grep -q '^data-plane = no' "$tmp/sig-no.pics" || bad "reference.pics has no data-plane item"
dp=$("$conform" list --role ha | awk '{print $1}' | while read -r id; do
       grep -l '^pics.*data-plane' "$tc"/ha/"$id".tc >/dev/null 2>&1 && echo "$id"; done | sort)
cdp=$(grep -l '^pics.*data-plane' "$tc"/cn/*.tc | xargs -n1 basename | sed 's/\.tc$//' | sort)
[ -n "$dp" ] && [ -n "$cdp" ] && ok "data-plane tests: HA $(echo $dp | wc -w), CN $(echo $cdp | wc -w)" || bad "no data-plane tests found"
"$conform" run --all --role ha -j 2 --quiet --pixit "$tmp/sig.pixit" --pics "$tmp/sig-no.pics" --output "$tmp/sig-no" >/dev/null 2>&1
"$conform" run --all --role cn -j 2 --quiet --pixit "$tmp/sig.pixit" --pics "$tmp/sig-no.pics" --output "$tmp/sig-no-cn" >/dev/null 2>&1
"$conform" run --all --role ha -j 2 --quiet --pixit "$tmp/sig.pixit" --pics "$tmp/sig-yes.pics" --output "$tmp/sig-yes" >/dev/null 2>&1
if [ -s "$tmp/sig-no/results.json" ] && [ -s "$tmp/sig-yes/results.json" ] && [ -s "$tmp/sig-no-cn/results.json" ]; then
  want_skip=$(echo "$dp" "$cdp" | tr ' ' '\n' | grep . | sort)
  got_skip=$( (verdicts "$tmp/sig-no"; verdicts "$tmp/sig-no-cn") | awk '$2 == "skip" {print $1}' | sort)
  others=$( (verdicts "$tmp/sig-no"; verdicts "$tmp/sig-no-cn") | awk '$2 != "skip" && $2 != "pass"')
  [ "$got_skip" = "$want_skip" ] && ok "signalling-only, PICS data-plane = no: exactly the $(echo $want_skip | wc -w) data-plane tests skipped" ||
    bad "signalling-only, data-plane = no: skipped are not the data-plane tests" "$(diff <(echo "$want_skip") <(echo "$got_skip") | tr '\n' ' ')"
  [ -z "$others" ] && ok "signalling-only, PICS data-plane = no: every signalling test passes" ||
    bad "signalling-only: signalling tests not passing" "$(echo "$others" | tr '\n' ' ')"
  got_fail=$(verdicts "$tmp/sig-yes" | awk '$2 == "fail" {print $1}' | sort)
  others=$(verdicts "$tmp/sig-yes" | awk '$2 != "fail" && $2 != "pass"')
  [ "$got_fail" = "$dp" ] && [ -z "$others" ] && ok "signalling-only HA claiming data-plane: exactly its $(echo $dp | wc -w) data-plane tests fail" ||
    bad "signalling-only HA claiming data-plane: failed are not the data-plane tests" "$(diff <(echo "$dp") <(echo "$got_fail") | tr '\n' ' ') $others"
else
  bad "signalling-only runs wrote no results.json"
fi

# ---- 5. the contract's edges -----------------------------------------------------------
mkdir -p "$tmp/edge"
cat >"$tmp/edge.pixit" <<EOF
include = $ext
# the directory as the IUT found it, then the reference node
iut-cmd = ls -A "\$MCOA_IUT_DIR" >"$tmp/edge/\$MCOA_TEST.start"; env | grep '^MCOA_' >"$tmp/edge/\$MCOA_TEST.env"; exec mcoa-iut-reference
EOF
"$conform" run ha-bootstrap-o ha-bid-length-5-7 ha-coa-update -j 1 --quiet --pixit "$tmp/edge.pixit" --output "$tmp/edge-run" >/dev/null 2>&1
n=0; empty=0
for f in "$tmp"/edge/*.start; do [ -e "$f" ] || continue; n=$((n + 1)); [ -s "$f" ] || empty=$((empty + 1)); done
[ "$n" -eq 3 ] && [ "$empty" -eq 3 ] && ok "\$MCOA_IUT_DIR is new and empty at each of 3 starts" ||
  bad "\$MCOA_IUT_DIR at start: $empty of $n empty (want 3 of 3)"
for v in MCOA_ROLE=ha MCOA_TEST=ha-coa-update MCOA_CONFIGURATION= MCOA_IUT_DIR= MCOA_PIXIT= MCOA_NETNS=mc MCOA_BINDIR=; do
  grep -q "^$v" "$tmp/edge/ha-coa-update.env" 2>/dev/null || { bad "the IUT's environment lacks $v" "$(cat "$tmp/edge/ha-coa-update.env" 2>/dev/null | tr '\n' ' ')"; v=; break; }
done
[ -n "$v" ] && ok "the IUT's environment: MCOA_ROLE, TEST, CONFIGURATION, IUT_DIR, PIXIT, NETNS, BINDIR"

run_edge() { # NAME PIXIT-LINES TEST: run TEST with the reference-external PIXIT plus these lines
  printf 'include = %s\n%s\n' "$ext" "$2" >"$tmp/$1.pixit"
  "$conform" run "$3" --quiet --pixit "$tmp/$1.pixit" --output "$tmp/$1" >/dev/null 2>&1
  jq -r '.tests[0] | "\(.verdict) \(.reason)"' "$tmp/$1/results.json" 2>/dev/null
}
r=$(run_edge start77 'iut-cmd.bulk-prohibited = exit 77' ha-bulk-prohibited)
[[ $r == skip*"exited 77"*bulk-prohibited* ]] && ok "start command exit 77: skip ($r)" || bad "start command exit 77" "$r"
r=$(run_edge action77 'action.register = exit 77' mn-bid-unique)
[[ $r == skip*"exited 77"* ]] && ok "action exit 77: skip" || bad "action exit 77" "$r"
r=$("$conform" list mn-bid-unique --pixit "$tc/pixit/reference.pixit" --iut-cmd true)
[[ $r == *skip*"needs IUT action 'register'"*"action.register"* ]] && ok "list: a missing action is named" || bad "list: missing action" "$r"
r=$(run_edge notjson 'state = echo "bindings: 1"' ha-bootstrap-o)
[[ $r == error*"not JSON"*"line 1, column 1"* ]] && ok "state not JSON: error with line and column" || bad "state not JSON" "$r"
r=$(run_edge nobindings 'state = echo "{\"binding\": []}"' ha-bootstrap-o)
[[ $r == error*'no "bindings" array'* ]] && ok "state without bindings: error that says so" || bad "state without bindings" "$r"
r=$(run_edge hang "action.register = sleep 31.737
iut-command-timeout = 300" mn-bid-unique)
[[ $r == error*"did not finish within 300 ms"* ]] && ok "an action past iut-command-timeout: error that says so" || bad "hanging action" "$r"
pgrep -f -- "sleep 31.737" >/dev/null && bad "the hanging action is still running" || ok "the hanging action was killed"
r=$(run_edge failing 'action.register = echo nope >&2; exit 3' mn-bid-unique)
[[ $r == error*"exited 3"* ]] && ok "a failing action: error with its status" || bad "failing action" "$r"
# an IUT that stops answering: every step passed, its iut-alive fails
# after the last one: the test fails; one that answers passes
r=$(run_edge hung 'iut-alive = mcoa-ctl "$MCOA_IUT_DIR/ctl.sock" ping && exit 1' ha-bootstrap-o)
[[ $r == fail*"no longer answers its liveness probe"* ]] && ok "an IUT whose iut-alive fails after the last step: fail" ||
  bad "a hung IUT after the last step" "$r"
r=$(run_edge alive 'iut-alive = mcoa-ctl "$MCOA_IUT_DIR/ctl.sock" ping' ha-bootstrap-o)
[[ $r == pass* ]] && ok "an IUT whose iut-alive answers: pass" || bad "a live IUT after the last step" "$r"

# ---- 6. templates and the contract document ---------------------------------------------
for role in ha cn mn; do
  "$conform" pixit-template $role >"$tmp/$role.pixit" && "$conform" pics-template $role >"$tmp/$role.pics" ||
    { bad "$role templates: exit $?"; continue; }
  # the template as a vendor starts from it: an IUT command, nothing else filled in
  "$conform" list --role $role --pixit "$tmp/$role.pixit" --pics "$tmp/$role.pics" --iut-cmd true >"$tmp/$role.list" 2>&1 ||
    { bad "$role templates do not load" "$(head -3 "$tmp/$role.list")"; continue; }
  nskip=$(grep -c ' skip ' "$tmp/$role.list"); nrun=$(grep -c ' runs ' "$tmp/$role.list")
  need=$(awk '/^configuration/ || (/^iut / && $2 !~ /^(ha|cn|mn)$/) {print FILENAME; nextfile}' "$tc/$role"/*.tc | grep -c .)
  # every test that needs an action or a configuration is skipped, naming what is missing
  missing=$(grep ' skip ' "$tmp/$role.list" | grep -v -E "action\.|iut-cmd\.|PICS item" | head -3)
  if [ "$nskip" -ge "$need" ] && [ -z "$missing" ] && [ $((nskip + nrun)) -eq "$("$conform" list --role $role | grep -c .)" ]; then
    ok "$role templates load; list: $nrun run, $nskip skipped with the key named"
  else
    bad "$role templates: list gives $nrun run, $nskip skipped (want >= $need)" "$missing"
  fi
done
undoc=""
for name in $(cat "$tmp"/*.pixit | sed -n 's/^# action\.\([a-z-]*\).*/\1/p; s/^# configuration \([a-z0-9-]*\).*/\1/p') \
            $(cat "$tmp"/*.pics | sed -n 's/^\([a-z0-9-]*\) = yes$/\1/p') configure; do
  grep -q "\`$name\`" "$src/harness/IUT.md" || undoc+=" $name"
done
[ -z "$undoc" ] && ok "every action, configuration and PICS item is in harness/IUT.md" || bad "not in harness/IUT.md:$undoc"

finish
