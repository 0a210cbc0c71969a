#!/bin/sh
# check.sh - one test of the fixture, $MUT_TEST, against $MUT_BIN/calc:
# exit 0 pass, 1 fail.
case $MUT_TEST in
  clamp-high) [ "$("$MUT_BIN/calc" clamp 150)" = 100 ] ;;
  clamp-edge) [ "$("$MUT_BIN/calc" clamp 100)" = 100 ] ;;
  clamp-mid)  [ "$("$MUT_BIN/calc" clamp 50)" = 50 ] ;;
  sum)        [ "$("$MUT_BIN/calc" sum 4)" = 6 ] ;;
  positive)   [ "$("$MUT_BIN/calc" positive 5)" = 1 ] ;;
  step)       [ "$("$MUT_BIN/calc" step 1)" = 2 ] ;;
  *) echo "no test $MUT_TEST" >&2; exit 2 ;;
esac
rc=$?
# A verdict load turns round, for the self-test of the confirming and quiet
# re-runs: MUT_SELFTEST_FLIPS=TEST:FILE:PATTERN.  The Nth time TEST fails
# (counted in FILE), the Nth character of PATTERN says what it reports:
# 1 the failure, 0 a pass (the flip).
if [ $rc -ne 0 ] && [ -n "${MUT_SELFTEST_FLIPS:-}" ] && [ "${MUT_SELFTEST_FLIPS%%:*}" = "$MUT_TEST" ]; then
  rest=${MUT_SELFTEST_FLIPS#*:}
  file=${rest%%:*} pattern=${rest#*:}
  n=$(( $(cat "$file" 2>/dev/null || echo 0) + 1 ))
  echo $n >"$file"
  [ "$(printf '%s' "$pattern" | cut -c$n)" = 0 ] && exit 0
fi
[ $rc -eq 0 ]
