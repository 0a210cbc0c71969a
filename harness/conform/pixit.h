/*
 * pixit.h - PIXIT (the IUT's addresses, prefixes and knobs) and PICS (what
 * the IUT claims to support), both "key = value" files.  PIXIT keys in
 * upper case are the test cases' $VARIABLES; lower-case keys are knobs
 * (iut-ready, action.NAME, state, ...).  PICS keys are the capabilities
 * test cases require: mcoa, bulk, simultaneous, returnhome-wo-ndp, ipv4-coa,
 * route-optimization, with value yes or no.
 */
#ifndef MCOA_PIXIT_H
#define MCOA_PIXIT_H

#include "mcoa/pkt.h"

#define PIXIT_MAX 256

typedef struct pixit {
    int n;
    char key[PIXIT_MAX][48];
    char val[PIXIT_MAX][512];
} pixit;

int pixit_load(const char *path, pixit *p, mc_err *e);   /* adds to what p holds */
int pixit_set(pixit *p, const char *key, const char *val);
const char *pixit_get(const pixit *p, const char *key);
/* Replace every $NAME in `in` by its value; -1 with the column of an unknown variable. */
int pixit_subst(const pixit *p, const char *in, char *out, size_t cap, mc_err *e);
/* PICS: is capability `cap` claimed (value "yes")? */
int pics_has(const pixit *pics, const char *cap);

#endif
