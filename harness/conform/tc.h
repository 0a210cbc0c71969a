/*
 * tc.h - test cases: the file format and its parsed form.
 *
 * A test case reads like the conversation on the wire (see
 * testcases/README.md for the language):
 *
 *     id       ha-bid-length-5
 *     title    BID option of length 5 is rejected with MCOA MALFORMED (164)
 *     iut      ha
 *     clauses  5648-6.2-1
 *     pics     mcoa
 *     topology triad
 *     faults   ha-accept-bad-bid-length
 *     configuration bulk-prohibited  (the named IUT configuration this test needs)
 *
 *     send   mn.f1  ipv6 src=$COA1 dst=$HA / hao $HOA / bu seq=$SEQ A H lifetime=60 / bid 1 len=5
 *     expect mn.f1 1s  ba status=mcoa-malformed seq=$SEQ
 *            why "6.2: a length other than 4, 8 or 20 MUST be rejected"
 *
 * Steps: send, expect, expect-none, iut (an action of the IUT), state (a
 * check through the IUT's management interface, skipped when it has none),
 * compute (set a variable from a function of values: `compute AUTH =
 * rr-auth HTOK CTOK COA CN EXPR`, the RFC 6275 6.2.7 authenticator of the
 * Binding Update EXPR), check (compare two values captured from the wire:
 * `check $B1 != $B2`, `check $S2 > $S1`), capture (name a packet field
 * for later steps), repeat VAR FROM TO ... end (the steps between run for
 * VAR = FROM to TO).  A step prefixed with
 * `pre` is a precondition: its failure gives inconc, not fail.
 */
#ifndef MCOA_TC_H
#define MCOA_TC_H

#include <stddef.h>
#include <stdint.h>
#include "mcoa/pkt.h"

#define TC_MAX_STEPS   64
#define TC_MAX_LIST    16
#define TC_MAX_LINE    2048

enum tc_step_kind { TC_SEND = 1, TC_EXPECT, TC_EXPECT_NONE, TC_IUT, TC_STATE, TC_COMPUTE, TC_CHECK, TC_REPEAT, TC_END };

typedef struct tc_step {
    uint8_t kind;
    uint8_t pre;              /* precondition: failure -> inconc */
    uint8_t should;           /* checks a SHOULD: failure -> a warning unless --strict */
    uint8_t refusable;        /* iut? ACTION: the IUT may refuse it, the test goes on */
    int line;                 /* in the file, for messages */
    unsigned timeout_ms;      /* expect / expect-none */
    int match;                /* repeat: index of its end; end: index of its repeat */
    /* strings kept after the steps, in the same allocation (tc_parse_file) */
    const char *where;        /* tester endpoint "mn.f1" (send/expect), "" if none */
    const char *timeout_var;  /* or the time bound is a PIXIT value ($SETTLE), read when the step runs */
    const char *text;         /* expression, pattern, action or state check ($VARs not yet substituted) */
    const char *why;          /* what the RFC says, quoted in the verdict */
} tc_step;

typedef struct tc_case {
    char path[512];
    char id[64];
    char title[200];
    char iut[8];              /* ha, cn, mn */
    char topology[32];
    char clauses[TC_MAX_LIST][24];
    int nclauses;
    char pics[TC_MAX_LIST][24];
    int npics;
    char faults[TC_MAX_LIST][48];
    int nfaults;
    char tags[TC_MAX_LIST][24];
    int ntags;
    uint8_t should;           /* checks a SHOULD: a failure is a warning unless --strict */
    char configuration[48];   /* the named IUT configuration it needs (contract.h), "" none */
    tc_step *steps;           /* nsteps of them and their strings, one allocation of tc_parse_file (tc_free) */
    int nsteps;
} tc_case;

/* A time bound, "1s", "500ms", "2.5s": 0 with *ms set, -1 if w is none. */
int tc_duration(const char *w, unsigned *ms);
/* Parse a test case file; on error returns -1 with e->msg = "FILE:LINE:COL: what was expected". */
int tc_parse_file(const char *path, tc_case *tc, mc_err *e);
/* What tc_parse_file allocated; tc_free_all also frees the array of n cases. */
void tc_free(tc_case *tc);
void tc_free_all(tc_case *tcs, size_t n);
/* Load every *.tc under dir (recursively), sorted by id; *out is malloc'ed. */
int tc_load_dir(const char *dir, tc_case **out, size_t *n, mc_err *e);

#endif
