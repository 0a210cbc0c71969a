/*
 * pattern.h - packet patterns for `expect` steps.
 *
 * A pattern is written like a crafter expression, but only names what must
 * hold: `ba status=mcoa-malformed seq=100 / bid 1 status=0`.  Its items
 * (layers, messages, options) must appear in the packet in that order, not
 * necessarily adjacent; each named field must equal the value.  Except BID
 * options that name their BID (`bid 2 ...`): a run of them matches the BID
 * options of one Mobility Header in any order (RFC 5648 names no order;
 * testcases/CLAUSES.md).  Besides
 * the wire model's fields (wire/tables.c):
 *   FLAG          the flag is set;  !FLAG  it is clear
 *   key=?NAME     capture the field's value into variable NAME
 *   len=N         an option's Length byte
 *   coa=none      a BID option without Care-of Address field
 *   nbid=N        on a message: exactly N BID options follow it (nbid!=N:
 *                 any other number; nbid=?NAME captures how many)
 *   auth=rr-auth(HTOK,CTOK,COA,CN)   on a Binding Authorization Data option:
 *                 its Authenticator is the one the tester computes over the
 *                 received Mobility Header (RFC 6275 6.2.7, harness/tester),
 *                 Kbm from the keygen tokens HTOK and CTOK (CTOK `-`: a
 *                 de-registration), COA the address covered as care-of
 *                 address, CN the correspondent's
 */
#ifndef MCOA_PATTERN_H
#define MCOA_PATTERN_H

#include "mcoa/dissect.h"

#define PAT_MAX_ITEMS 16
#define PAT_MAX_TERMS 16

enum pat_op { PAT_EQ = 1, PAT_CAPTURE, PAT_FLAG_SET, PAT_FLAG_CLEAR, PAT_LEN, PAT_NBID, PAT_NO_COA, PAT_RR_AUTH,
              PAT_SERIAL_GT, /* seq>N: a Sequence Number after N modulo 2**16 (RFC 6275 9.5.1) */
              PAT_LE, /* lifetime<=N: a number field at most N (a granted lifetime, RFC 6275 9.5.2) */
              PAT_NBID_CAPTURE /* nbid=?NAME: how many BID options follow the message */ };

typedef struct pat_term {
    uint8_t op;
    uint8_t neg;           /* KEY!=VALUE: the field is there and is not VALUE */
    const mc_field *f;     /* NULL for len/nbid/no-coa */
    uint8_t val[16];       /* address bytes, or big-endian number in val8 */
    uint64_t num;
    uint8_t vlen;          /* bytes in val for address/hex comparisons */
    char var[32];          /* PAT_CAPTURE */
    uint8_t kbm[20], coa[16], cn[16]; /* PAT_RR_AUTH */
} pat_term;

typedef struct pat_item {
    const mc_desc *d;      /* what to look for */
    int is_opt;            /* a mobility option rather than a layer */
    int nterms;
    pat_term t[PAT_MAX_TERMS];
} pat_item;

typedef struct pattern {
    int nitems;
    pat_item it[PAT_MAX_ITEMS];
} pattern;

/* Parse; on error -1 with e->pos the 0-based column and e->msg what was expected. */
int pat_parse(const char *text, pattern *p, mc_err *e);

typedef struct pat_capture {
    char name[32];
    char value[64];
} pat_capture;

/* Does the dissected packet match?  On a match fills up to `maxcap` captures. */
int pat_match(const pattern *p, const mc_dissection *d, pat_capture *caps, int maxcap, int *ncaps);

#endif
