#!/usr/bin/env bash
# mcoa-mutate (mutate/) checks itself on a tiny fixture of its own
# (mutate/selftest: calc.c, its tests check.sh, project.json), not on the
# conformance suite:
#   - the fixture's run (--judge tests): a known mutant killed, one
#     survived, one on a line no test executes not covered, one listed
#     equivalent (and left out of the score), one that loops for ever killed
#     at the time limit and counted as timeout, nothing of it left running,
#     mutation.json and index.md written, the last line the score;
#   - weak mutation (mutate/weak.py): a relational boundary that no test
#     infects (x > 0 -> x >= 0, only 5 tried) survives without a run, said
#     so, and so do the constants of comparisons no test comes near
#     (x > 0 -> x > 1); with --no-weak the same mutant runs its test;
#   - judges: --judge explore (the fixture's explore.sh) kills the uncovered
#     one, named explore:calc, and does not run where it does not execute;
#     --judge both (the default) likewise; a bad --judge: exit 2;
#   - a verdict load turned round (failed, then passed on its confirming
#     run) is run again alone at the end: failing twice it kills, passing
#     once it does not;
#   - the same mutants with the same ids from --list, a --sample reproducible;
#   - an equivalence whose fourth column (the line it was reviewed for) is
#     not the line its id now mutates is not applied, and said so;
#   - bad input: a tree that does not build (a clear message, exit 2), an
#     unknown mutant id (exit 2).
# Skipped (77) without libclang's Python bindings (python3-clang-14).
# Usage: mutate_selftest.test.sh BIN_DIR SOURCE_DIR
set -u
src=$2
tool=$src/mutate/mcoa-mutate
fix=$src/mutate/selftest
pass=0 fail=0
ok()  { echo "ok   $*"; pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }

if ! /usr/bin/python3 -c 'import clang.cindex as c; c.Index.create()' 2>/dev/null &&
   ! python3 -c 'import sys; sys.path.append("/usr/lib/python3/dist-packages"); import clang.cindex as c; c.Config.set_library_file("/usr/lib/llvm-14/lib/libclang.so.1"); c.Index.create()' 2>/dev/null; then
  echo "mutate_selftest: libclang's Python bindings are missing (apt-get install python3-clang-14 libclang-14-dev); skipped"
  exit 77
fi
command -v cc >/dev/null && command -v gcov >/dev/null || { echo "mutate_selftest: no cc/gcov; skipped"; exit 77; }

tmp=$(mktemp -d /tmp/mutate-selftest.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
run() { "$tool" --source "$fix" --project "$fix/project.json" "$@"; }

# the fixture's mutants, and the ids the checks below use
run --list >"$tmp/list" 2>&1 || bad "--list exits $?"
id_of() {   # FUNCTION OPERATOR AFTER-LINE: the id of that mutant
  awk -v f="$1" -v op="$2" -v after="$3" '
    $3 == f && $4 == op { id = $1; next }
    id != "" && /^    \+ / { line = substr($0, 7); if (line == after) { print id; exit } id = "" }' "$tmp/list"
}
killed=$(id_of clamp negate-condition 'if (!(x > 100))')
survived=$(id_of clamp constant 'if (x > 99)')   # 100 is tried: infected, run, survives
uncovered=$(id_of clamp constant 'return 1;')
equivalent=$(id_of clamp relational-boundary 'if (x <= 0)')
hang=$(awk '$3 == "sum_to" && $4 == "remove-statement" { id = $1 } /^    - i\+\+;/ && id { print id; exit }' "$tmp/list")
uninfected=$(id_of positive relational-boundary 'return x >= 0;')
for v in killed survived uncovered equivalent hang uninfected; do
  [ -n "${!v}" ] && ok "--list has the $v mutant (${!v})" || bad "--list has no $v mutant"
done
grep -q "^$equivalent .*(equivalent)" "$tmp/list" && ok "--list marks the listed equivalent" || bad "--list does not mark $equivalent equivalent"
grep -q "^25 mutants" "$tmp/list" && ok "25 mutants of the fixture" || bad "mutant count: $(tail -1 "$tmp/list")"

# the run: -j 2, a 3 s limit per mutant
start=$(date +%s)
run -j 2 --timeout 3 --work "$tmp/work" --output "$tmp/out" --quiet --judge tests >"$tmp/run.out" 2>"$tmp/run.err"
rc=$?
[ $rc -eq 0 ] && ok "the run exits 0" || { bad "the run exits $rc"; cat "$tmp/run.err"; }
last=$(tail -1 "$tmp/run.out")
[[ $last =~ ^mutation\ score:\ 15/24\ \(62\.5\ %\)$ ]] && ok "last line: $last" || bad "last line: $last"
st() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print([m["status"] for m in d["mutants"] if m["id"]==sys.argv[2]][0])' "$tmp/out/mutation.json" "$1" 2>/dev/null; }
[ "$(st "$killed")" = killed ] && ok "$killed killed" || bad "$killed is $(st "$killed"), want killed"
# schemata (mutate/schemata.py): all in one build but step's static
# initializer, a constant expression, whose 2 mutants are rebuilt (and killed)
grep -q "schemata: 22 mutants in one build, 2 rebuilt one by one" "$tmp/run.err" &&
  ok "schemata: 22 mutants in one build, 2 rebuilt" || bad "schemata line: $(grep schemata "$tmp/run.err")"
statuses() { python3 -c 'import json,sys; print("\n".join(m["id"] + " " + m["status"] for m in json.load(open(sys.argv[1]))["mutants"]))' "$1"; }
for id in $(awk '$3 == "step" { print $1 }' "$tmp/list"); do
  [ "$(st "$id")" = killed ] && ok "$id (rebuilt: a static initializer) killed" || bad "$id is $(st "$id"), want killed"
done
run -j 2 --timeout 3 --output "$tmp/outr" --quiet --judge tests --no-schemata >"$tmp/r.out" 2>"$tmp/r.err"
if ! grep -q schemata "$tmp/r.err" && [ "$(statuses "$tmp/outr/mutation.json")" = "$(statuses "$tmp/out/mutation.json")" ]; then
  ok "--no-schemata (each mutant rebuilt): the same status for all 25"
else
  bad "--no-schemata: $(diff <(statuses "$tmp/outr/mutation.json") <(statuses "$tmp/out/mutation.json") | head -5)"
fi
[ "$(st "$survived")" = survived ] && ok "$survived survived" || bad "$survived is $(st "$survived"), want survived"
[ "$(st "$equivalent")" = equivalent ] && ok "$equivalent equivalent" || bad "$equivalent is $(st "$equivalent"), want equivalent"
[ "$(st "$hang")" = timeout ] && ok "$hang (loops for ever) timeout" || bad "$hang is $(st "$hang"), want timeout"
[ "$(st "$uncovered")" = not-covered ] && ok "$uncovered (a line no test executes) not covered" || bad "$uncovered is $(st "$uncovered"), want not-covered"
why() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); m=[m for m in d["mutants"] if m["id"]==sys.argv[2]][0]; print(m["status"], len(m["tests_run"]), m["reason"])' "$1" "$2" 2>/dev/null; }
case "$(why "$tmp/out/mutation.json" "$uninfected")" in
  "survived 0 not infected: the test that executes it never makes"*) ok "$uninfected (no test makes x == 0) survived without a run: not infected" ;;
  *) bad "$uninfected: $(why "$tmp/out/mutation.json" "$uninfected"), want survived, not infected" ;;
esac
# the constants of a comparison, and the boundary: x > 0 -> x > 1 (5 > 1 as
# 5 > 0), x > 100 -> x > 101 and x < 0 -> x < 1 (no test tries 0 or 101)
for u in $(id_of positive constant 'return x > 1;') $(id_of clamp constant 'if (x > 101)') \
  $(id_of clamp constant 'if (x < 1)'); do
  case "$(why "$tmp/out/mutation.json" "$u")" in
    "survived 0 not infected:"*) ok "$u (a constant of a comparison, no test near it) survived without a run" ;;
    *) bad "$u: $(why "$tmp/out/mutation.json" "$u"), want survived, not infected" ;;
  esac
done
grep -q '^weak mutation: [0-9]* mutants probed, 4 infected by no test' "$tmp/run.out" && ok "the run says how many no test infects (4)" ||
  bad "weak mutation line: $(grep -i weak "$tmp/run.out")"
run --no-weak --ids "$uninfected" --judge tests --timeout 3 --output "$tmp/outw" --quiet >/dev/null 2>&1
case "$(why "$tmp/outw/mutation.json" "$uninfected")" in
  "survived 1 "*) ok "--no-weak: $uninfected runs its test (and survives)" ;;
  *) bad "--no-weak: $(why "$tmp/outw/mutation.json" "$uninfected")" ;;
esac
grep -q "$survived" "$tmp/out/index.md" && grep -q 'after:  `if (x < 1)`' "$tmp/out/index.md" &&
  ok "index.md lists the survivor with its line before and after" || bad "index.md lacks the survivor"
sleep 0.2
if pgrep -f -- "$tmp/" >/dev/null; then
  bad "something is left running: $(pgrep -af -- "$tmp/")"
else
  ok "nothing left running"
fi
el=$(( $(date +%s) - start ))
[ $el -lt 40 ] && ok "the run took ${el} s" || bad "the run took ${el} s"

# judges: the fixture's explorer (explore.sh: negative numbers, which no
# test tries) kills the mutant no test covers, named "explore:calc"; it
# does not execute the upper bound's line: that mutant is not covered
st2() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); m=[m for m in d["mutants"] if m["id"]==sys.argv[2]][0]; print(m["status"], m["killed_by"])' "$1" "$2" 2>/dev/null; }
run --judge explore --ids "$killed" "$uncovered" --timeout 3 --output "$tmp/outx" --quiet >"$tmp/x.out" 2>"$tmp/x.err"
rc=$?
[ $rc -eq 0 ] && [ "$(st2 "$tmp/outx/mutation.json" "$uncovered")" = "killed explore:calc" ] &&
  [ "$(st2 "$tmp/outx/mutation.json" "$killed")" = "not-covered None" ] &&
  ok "--judge explore: $uncovered killed by explore:calc, $killed not covered by it" ||
  bad "--judge explore: exit $rc, $(st2 "$tmp/outx/mutation.json" "$uncovered") / $(st2 "$tmp/outx/mutation.json" "$killed") $(tail -3 "$tmp/x.err")"
grep -q '^judge explore: explore (seed 1, 1000 steps) killed 1' "$tmp/x.out" && ok "--judge explore says what explore killed" ||
  bad "--judge explore output: $(grep judge "$tmp/x.out")"
run --ids "$uncovered" --timeout 3 --output "$tmp/outb" --quiet >/dev/null 2>&1
[ "$(st2 "$tmp/outb/mutation.json" "$uncovered")" = "killed explore:calc" ] &&
  ok "--judge both (the default): $uncovered killed by explore:calc" ||
  bad "--judge both: $(st2 "$tmp/outb/mutation.json" "$uncovered")"
run --judge everything --list >/dev/null 2>"$tmp/j.err"
rc=$?
[ $rc -eq 2 ] && grep -q "invalid choice: 'everything'" "$tmp/j.err" && ok "--judge everything: exit 2, $(grep -o "argument --judge.*" "$tmp/j.err")" ||
  bad "--judge everything: exit $rc, $(cat "$tmp/j.err")"

# equivalent in one role only (`ID@ROLE` in the equivalents list): a copy
# of the fixture with a second role, "meter", whose one test runs clamp 150
# and checks nothing.  The mutant calc kills stays killed and leaves
# meter's score; the survivor (which meter's test does not infect) stays a
# survivor of calc alone; one listed for both roles is equivalent.
cp -r "$fix" "$tmp/roles"
python3 - "$tmp/roles/project.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["tests"]["meter-high"] = "meter"
p.pop("explore")
json.dump(p, open(sys.argv[1], "w"))
PY
sed -i 's/^  \*) echo "no test/  meter-high) "$MUT_BIN\/calc" clamp 150 >\/dev\/null ;;\n  *) echo "no test/' "$tmp/roles/check.sh"
both=$(id_of clamp remove-return '(void)0;')
printf '%s@meter\tcalc.c\tmeter reads no result\n%s@meter\tcalc.c\tmeter reads no result\n%s@meter\tcalc.c\tmeter reads no result\n%s@calc\tcalc.c\tfor the self-test\n' \
  "$killed" "$survived" "$both" "$both" >"$tmp/roles/eq.tsv"
"$tool" --source "$tmp/roles" --project "$tmp/roles/project.json" --equivalents "$tmp/roles/eq.tsv" --list >"$tmp/rl" 2>&1
grep -q "^$killed .*(equivalent in meter)" "$tmp/rl" && ok "--list marks $killed equivalent in meter" || bad "--list: $(grep "^$killed" "$tmp/rl")"
"$tool" --source "$tmp/roles" --project "$tmp/roles/project.json" --equivalents "$tmp/roles/eq.tsv" --judge tests \
  --ids "$killed" "$survived" "$both" --timeout 3 --output "$tmp/outr2" --quiet >"$tmp/r2.out" 2>"$tmp/r2.err"
rs() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); m=[m for m in d["mutants"] if m["id"]==sys.argv[2]][0]; print(m["status"], " ".join("%s:%s" % kv for kv in sorted((m["role_status"] or {}).items())))' "$tmp/outr2/mutation.json" "$1" 2>/dev/null; }
[ "$(rs "$killed")" = "killed calc:killed meter:equivalent" ] && ok "$killed@meter: killed in calc, equivalent in meter" || bad "$killed@meter: $(rs "$killed") $(tail -2 "$tmp/r2.err")"
[ "$(rs "$survived")" = "survived calc:survived" ] && ok "$survived@meter: survived in calc; meter's clamp 150 does not infect it, so meter is not its role" || bad "$survived@meter: $(rs "$survived")"
[ "$(rs "$both")" = "equivalent calc:equivalent meter:equivalent" ] && ok "$both@calc and @meter: equivalent" || bad "$both: $(rs "$both")"
grep -q '^score meter: 0/0 ' "$tmp/r2.out" && grep -q '^score calc: 1/2 (50.0 %)$' "$tmp/r2.out" &&
  ok "the role scores leave them out where equivalent: $(grep '^score' "$tmp/r2.out" | tr '\n' ' ')" || bad "role scores: $(grep '^score' "$tmp/r2.out" | tr '\n' ' ')"

# a verdict load turns round (check.sh's MUT_SELFTEST_FLIPS: the Nth
# failure of test step reports the Nth character of the pattern, 0 a pass):
# failed, then passed on the confirming run; run alone at the end, it
# fails twice: killed, said so.  With fail then pass at the end it stays a
# survivor, the quiet verdicts in mutation.json.
stepm=$(awk '$3 == "step" { print $1; exit }' "$tmp/list")
qr() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); m=[m for m in d["mutants"] if m["id"]==sys.argv[2]][0]; q=[x for r in d["flaky"] for x in (r.get("quiet") if isinstance(r.get("quiet"), list) else ["-"])]; print(m["status"], "|", " ".join(q), "|", m["reason"])' "$1" "$stepm" 2>/dev/null; }
flip() {   # PATTERN WANT(the status, the quiet verdicts) KILLED(how many the last lines count) WHAT
  MUT_SELFTEST_FLIPS="step:$tmp/flips-$1:$1" run --ids "$stepm" --judge tests --timeout 3 --output "$tmp/outq-$1" \
    >"$tmp/q-$1.out" 2>"$tmp/q-$1.err"
  local got; got=$(qr "$tmp/outq-$1/mutation.json")
  if [[ $got == "$2"* ]] &&
     grep -q "^verdicts that did not hold on a second run: 1; run again on a quiet machine, $3 failed 2 times (killed)" "$tmp/q-$1.out"
  then ok "$4: $got"
  else bad "$4: $got / $(grep verdicts "$tmp/q-$1.out") $(tail -2 "$tmp/q-$1.err")"; fi
}
flip 1011 "killed | fail fail | step: fail, on a quiet machine fail and fail" 1 \
  "a flipped verdict that fails twice alone at the end kills $stepm, said so"
flip 1010 "survived | fail pass |" 0 "a flipped verdict that passes once alone at the end: $stepm survives"

# a sample is reproducible
run --list --sample 5 --seed 7 | grep -E '^[0-9a-f]{10} ' >"$tmp/s1"
run --list --sample 5 --seed 7 | grep -E '^[0-9a-f]{10} ' >"$tmp/s2"
[ "$(wc -l <"$tmp/s1")" -eq 5 ] && cmp -s "$tmp/s1" "$tmp/s2" && ok "--sample 5 --seed 7 twice: the same 5" || bad "--sample not reproducible"

# an equivalence reviewed for another line (an edit of its function gave
# its id to another mutant) proves nothing: the mutant is judged, and said
# so; reviewed for the line it mutates, it stays equivalent
printf '%s\tcalc.c\twhy\tif (x <= 1)\n' "$equivalent" >"$tmp/stale.tsv"
run --equivalents "$tmp/stale.tsv" --list >"$tmp/sl" 2>&1
if ! grep -q "^$equivalent .*(equivalent)" "$tmp/sl" && grep -q "was reviewed as equivalent for \`if (x <= 1)\`, but the tree now mutates it to \`if (x <= 0)\`" "$tmp/sl"
then ok "an equivalence reviewed for another line: not applied, said so"
else bad "stale equivalence: $(grep -m2 -e "$equivalent" -e reviewed "$tmp/sl")"; fi
printf '%s\tcalc.c\twhy\tif (x  <=  0)\n' "$equivalent" >"$tmp/fresh.tsv"
run --equivalents "$tmp/fresh.tsv" --list >"$tmp/fl" 2>&1
grep -q "^$equivalent .*(equivalent)" "$tmp/fl" && ! grep -q "reviewed as equivalent" "$tmp/fl" &&
  ok "reviewed for the line it mutates (spaces aside): equivalent" || bad "fresh equivalence: $(grep -m1 "$equivalent" "$tmp/fl")"

# bad input: a tree that does not build
cp -r "$fix" "$tmp/broken"
echo 'this is not C' >>"$tmp/broken/main.c"
"$tool" --source "$tmp/broken" --project "$tmp/broken/project.json" --timeout 3 --output "$tmp/out2" >"$tmp/b.out" 2>"$tmp/b.err"
rc=$?
[ $rc -eq 2 ] && grep -q "the pristine tree does not build" "$tmp/b.err" &&
  ok "a tree that does not build: exit 2, $(grep -m1 'does not build' "$tmp/b.err")" || bad "broken tree: exit $rc, $(cat "$tmp/b.err")"
run --ids 0000000000 >/dev/null 2>"$tmp/c.err"
rc=$?
[ $rc -eq 2 ] && grep -q "no such mutant" "$tmp/c.err" && ok "an unknown id: exit 2" || bad "unknown id: exit $rc"

echo "mutate_selftest: $pass passed, $fail failed"
[ $fail -eq 0 ]
