/*
 * calc.c - the self-test's fixture (tests/mutate_selftest.test.sh): a
 * function or two small enough that the fate of every mutant is known.
 */
#include "calc.h"

/* x into 0..100.  The tests never try a negative x: mutants of the lower
 * bound survive, and `x < 0` -> `x <= 0` is equivalent (0 gives 0 either
 * way: mutate/selftest/equivalents.tsv). */
int clamp(int x)
{
    if (x < 0)
        return 0;
    if (x > 100)
        return 100;
    return x;
}

/* 0 + 1 + ... + n-1.  Removing `i++` makes it loop for ever: the time
 * limit must kill it. */
int sum_to(int n)
{
    int s = 0;
    int i = 0;
    while (i < n) {
        s += i;
        i++;
    }
    return s;
}

/* 1 for a positive x, else 0.  The test tries 5 only: `x > 0` -> `x >= 0`
 * computes the same for every x but 0, so no test infects it (weak
 * mutation, mutate/weak.py): it survives without a run. */
int positive(int x)
{
    return x > 0;
}

/* n plus one.  The 1 is a static initializer, which must be a constant
 * expression: the schemata build cannot choose its mutants at run time
 * (mutate/schemata.py), so they are rebuilt one by one.  One line, since
 * gcov counts no execution of a static's line. */
int step(int n)
{
    static const int one = 1; return n + one;
}
