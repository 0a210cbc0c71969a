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
