#!/bin/sh
# explore.sh - the fixture's explorer ($MUT_ROLE, $MUT_SEED, $MUT_STEPS)
# against $MUT_BIN/calc: draws the tests never make (negative numbers),
# exit 0 no divergence, 1 a divergence, 2 an error (no verdict).
[ "$MUT_ROLE" = calc ] || { echo "no role $MUT_ROLE" >&2; exit 2; }
for x in -1 -7 -150; do
  got=$("$MUT_BIN/calc" clamp $x) || exit 2
  [ "$got" = 0 ] || { echo "clamp $x: $got, want 0"; exit 1; }
done
exit 0
