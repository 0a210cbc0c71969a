/*
 * mcoa_model.h - an executable model of RFC 5648 Sections 5-6 (Multiple
 * Care-of Addresses Registration) and of the parts of RFC 6275 (9.5.1,
 * 10.3.1, 11.7) that it relies on, written from the RFCs' text.
 *
 * It never calls or copies the reference nodes (harness/node/): it is the
 * second, independent judge.  Two users:
 *
 *   - the passive checker (`mcoa-conform check`, check_cli.c), which feeds
 *     dissected packets to the follower (mm_follow_*) and prints findings;
 *   - explore (issue 17), which drives an IUT with random conversations and
 *     asks the same model which answers the RFC allows (mm_expect_ba,
 *     mm_judge_ba, mm_apply).
 *
 * The model keeps, per (home address, peer), the binding state the peer
 * must hold after what it accepted (mm_conv), with "unknown" wherever the
 * capture cannot tell (conversation seen from its middle, lifetimes at
 * their edge).  For a Binding Update it computes the set of answers the
 * RFC allows (mm_expect): where the RFC leaves freedom (granted lifetime,
 * a single BID's status in the BA or in the BID option, BID option order,
 * policy refusals) every permitted answer is allowed.
 *
 * Every decision names a rule of the one rule table (mm_rules[], rules.c):
 * rule id, clause id of testcases/clauses.tsv, role, how it is decided.
 */
#ifndef MCOA_MODEL_H
#define MCOA_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include "mcoa/dissect.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- roles and rules ----------------------------------------------------- */
enum mm_role { MM_HA = 1, MM_CN = 2, MM_MN = 4 };

enum mm_rule_id {
    /* HA and CN answers to a Binding Update */
    MM_R_NO_ANSWER_BAD_CSUM = 0, MM_R_BA_FOR_A, MM_R_BA_SEQ, MM_R_SEQ_135, MM_R_SEQ_NOT_135,
    MM_R_LEN_164, MM_R_COA_164, MM_R_V4COA_164, MM_R_CN_BULK_168, MM_R_DEREG_133,
    MM_R_NONMCOA_165, MM_R_NONMCOA_NOT_PROCESSED, MM_R_REFRESH_KNOWN, MM_R_REFRESH_167,
    MM_R_COA_UPDATE, MM_R_BID_PRESENT, MM_R_BID_COPIED, MM_R_BID_H_COPIED,
    MM_R_BID_RESERVED, MM_R_BID_NO_COA, MM_R_CN_STATUS_BA, MM_R_CN_BID_ZERO,
    MM_R_HA_BULK_PER_BID, MM_R_HA_NOTCOMPLETE, MM_R_HA_BID_ZERO, MM_R_HOME_0_5,
    MM_R_LIFETIME, MM_R_CN_BA_AUTH, MM_R_REJECT_KEEPS, MM_R_O_REPLACES, MM_R_BRR_BID,
    MM_R_COT_BID, MM_R_HOT_COOKIE, MM_R_COT_COOKIE, MM_R_TEST_ADDRS, MM_R_INIT_HAO, MM_R_V4ACK_ORDER, MM_R_BE_FOR_BU,
    /* MN behaviour */
    MM_R_MN_BID_UNIQUE, MM_R_MN_BID_ZERO, MM_R_MN_FIRST_COA, MM_R_MN_SEQ, MM_R_MN_NO_BULK_CN,
    MM_R_MN_HOME_COA, MM_R_MN_HOME_LIFETIME, MM_R_MN_LEAVE_HOME_H, MM_R_MN_HOME_REFRESH_H,
    MM_R_MN_LLA_CODE, MM_R_MN_AFTER_165, MM_R_MN_AFTER_166, MM_R_MN_AFTER_167, MM_R_MN_AFTER_168,
    MM_R_MN_NO_BID_FALLBACK, MM_R_MN_BOOTSTRAP_O, MM_R_MN_V4_BULK, MM_R_MN_ALTCOA, MM_R_MN_V4COA_OPT,
    MM_R_MN_BID_LEN, MM_R_MN_BID_RESERVED, MM_R_MN_BRR, MM_R_MN_RR_FIRST, MM_R_MN_COTI_BID_NO_COA,
    /* MN behaviour only explore can judge: it knows the command given (harness/EXPLORE.md) */
    MM_R_MN_DEREG_ONE, MM_R_MN_HOME_DEREG_ALL, MM_R_MN_BA_DISCARD,
    /* HA behaviour only explore can judge: it knows the home prefix (PIXIT HPREFIX) */
    MM_R_OFF_HOME,
    /* HA behaviour only explore can judge: the PICS says it supports IPv4 home addresses (ipv4-hoa), the
     * PIXIT gives the IPv4 home prefix (HPREFIX4) */
    MM_R_V4ACK_PRESENT, MM_R_V4ACK_HOME_LINK,
    /* HA and CN: packets with a Home Address option (RFC 5648 6.5), judged by explore against the bindings
     * it knows */
    MM_R_HAO_BOUND, MM_R_HAO_UNBOUND_BE,
    /* HA data plane (PICS data-plane), judged by explore */
    MM_R_REVERSE_TUNNEL, MM_R_FORWARD_TUNNEL, MM_R_CN_ROUTE_OPTIMIZED,
    /* HA refusals and statuses of configuration, judged by explore: it knows the PICS and the configuration it
     * put the IUT in (mm_claims) */
    MM_R_CFG_166, MM_R_CFG_168, MM_R_CFG_169, MM_R_CFG_HOME_STATUS, MM_R_CFG_REFUSED, MM_R_CN_FRESH_NONCE, MM_R_CN_STALE_NONCE, MM_R_BRR_DUE,
    MM_R_COUNT
};

typedef struct mm_rule {
    int id;                 /* enum mm_rule_id */
    const char *name;       /* stable short name: "ha-len-164" */
    const char *clause;     /* clauses.tsv id ("5648-6.2-4") or "6275-9.5.1" (RFC 6275, not in the catalogue) */
    unsigned roles;         /* MM_HA | MM_CN | MM_MN: whose behaviour it judges */
    const char *level;      /* MUST, SHOULD, ... as the clause says */
    const char *how;        /* how a capture decides it */
} mm_rule;
extern const mm_rule mm_rules[MM_R_COUNT];

/* Clauses (wire-testable, per role) a capture cannot decide, and why. */
typedef struct mm_undecidable {
    const char *clause;
    unsigned roles;
    const char *why;
} mm_undecidable;
extern const mm_undecidable mm_undecidables[];
extern const size_t mm_nundecidables;

/* ---- messages, as the model reads them ------------------------------------ */
#define MM_MAX_BID 16

typedef struct mm_addr {
    uint8_t a[16];
    uint8_t v4;             /* 1: IPv4 address in a[0..3] */
} mm_addr;

typedef struct mm_bidopt {
    uint16_t bid;
    uint8_t len;            /* the option's Length */
    uint8_t status;
    uint8_t hflag;          /* Simultaneous Home and Foreign Binding */
    uint8_t reserved;       /* the 7 Reserved bits */
    uint8_t has_coa;        /* Care-of Address field present (len 8 or 20) */
    mm_addr coa;
} mm_bidopt;

typedef struct mm_bu {
    uint16_t seq, lifetime;
    uint8_t A, H, L, K, O;
    uint8_t csum_ok;        /* 1 ok, 0 wrong, 2 not checkable */
    uint8_t nbid, bid_more; /* BID options kept (at most MM_MAX_BID); bid_more: more were there */
    mm_bidopt bid[MM_MAX_BID];
    uint8_t has_altcoa, has_v4coa, has_v4hoa, has_auth, has_lla, lla_code;
    uint8_t from_home;      /* no Home Address option: sent from the home address */
    uint8_t altcoa_home;    /* Alternate Care-of Address = home address (RFC 6275 9.5.1: a de-registration) */
    uint8_t over_udp4;      /* RFC 5555 / 5648 8 encapsulation */
    mm_addr src;            /* the packet's (outer) source: the care-of address in use */
} mm_bu;

typedef struct mm_ba {
    uint8_t status, K;
    uint16_t seq, lifetime;
    uint8_t nbid, bid_more;
    mm_bidopt bid[MM_MAX_BID];
    uint8_t has_auth;
    int8_t v4ack_pos, first_bid_pos; /* option index, -1 none */
    uint8_t v4ack_status, v4ack_plen, v4ack_addr[4]; /* the first IPv4 Address Acknowledgement (RFC 5555) */
} mm_ba;

/* ---- the binding state a peer holds (per home address and peer) ---------- */
enum mm_know { MM_ABSENT = 0, MM_PRESENT = 1, MM_UNKNOWN = 2 };

typedef struct mm_binding {
    uint16_t bid;
    uint8_t know;           /* enum mm_know */
    uint8_t home;           /* the home binding (BID option H) */
    uint8_t coa_known;
    mm_addr coa;
    double expires;         /* capture time the granted lifetime ends; 0 none */
} mm_binding;

#define MM_MAX_BINDINGS 32

typedef struct mm_state {
    uint8_t all_known;      /* every BID not listed is absent (else unknown) */
    uint8_t nonmcoa;        /* enum mm_know: a binding without BID */
    double nonmcoa_expires;
    double nonmcoa_maybe_end; /* the latest a binding without BID from a BU of
                                 unknown fate (no BA) can end; 0 none */
    uint8_t seq_known;
    uint16_t last_seq;      /* of the last accepted BU */
    uint8_t accepted_any;   /* the peer accepted a BU of this home address */
    uint8_t nb;
    mm_binding b[MM_MAX_BINDINGS];
} mm_state;

/* Start state: `from_start` 1 when nothing was bound before (the capture
 * holds the conversation from its beginning), else everything unknown. */
void mm_state_init(mm_state *s, int from_start);
/* Lifetimes: bindings whose lifetime ended before `now` (with a grace of
 * `grace` seconds either side, where the state is unknown) are absent. */
void mm_state_expire(mm_state *s, double now, double grace);
int mm_state_know(const mm_state *s, uint16_t bid); /* enum mm_know */
int mm_state_count(const mm_state *s);               /* bindings known present */

/* ---- what the RFC allows as the answer to a BU ---------------------------- */
typedef struct mm_stset { uint64_t w[4]; } mm_stset; /* a set of 8-bit status values */
static inline void mm_st_add(mm_stset *s, int v) { s->w[(v >> 6) & 3] |= 1ull << (v & 63); }
static inline int mm_st_has(const mm_stset *s, int v) { return (int)((s->w[(v >> 6) & 3] >> (v & 63)) & 1); }

typedef struct mm_expect {
    uint8_t peer;           /* MM_HA or MM_CN */
    uint8_t silent;         /* the BU must be discarded: no BA at all */
    uint8_t may_silent;     /* a BA may be missing (CN: authenticator not checkable) */
    uint8_t must_answer;    /* A set: a BA is required */
    int whole_rule;         /* the rule deciding the whole BU, -1 none */
    mm_stset whole;         /* BA statuses that rule allows (empty: none decided) */
    mm_stset policy;        /* refusals the RFC leaves to the peer's policy/config */
    uint8_t nbid;
    int bid_rule[MM_MAX_BID];   /* the rule deciding each BID option, -1 none */
    mm_stset bid_ok[MM_MAX_BID];/* per BID option: statuses allowed (0 = accepted) */
    uint8_t seq_uncertain;  /* 135 allowed because the last accepted number is unknown */
    int8_t home_status;     /* HA: the status a home binding is accepted with, 0 or 5; -1 either (6.3) */
} mm_expect;

/* The answers the RFC allows to `bu` from a peer (MM_HA or MM_CN) holding
 * state `s`. */
void mm_expect_ba(const mm_state *s, const mm_bu *bu, int peer, mm_expect *e);

/* What a home agent claims (PICS) and the configuration it runs in
 * (harness/IUT.md), when the judge knows them (explore; a capture does
 * not): they turn the refusals of configuration (166, 168, 169) and the
 * status of a home binding (0 or 5) from allowed into decided. */
typedef struct mm_claims {
    uint8_t known;          /* 0: nothing known, every refusal of configuration allowed */
    uint8_t mcoa;           /* 1 MCoA registration permitted (PICS mcoa, not mcoa-prohibited); 0: 166 */
    uint8_t bulk;           /* 1 bulk registration permitted (PICS bulk, not bulk-prohibited); 0: 168 */
    uint8_t simultaneous;   /* 1 home bindings permitted (PICS simultaneous, not simultaneous-prohibited); 0: 169 */
    int8_t home_status;     /* 0 (returnhome-with-ndp), 5 (returnhome-wo-ndp), -1 not known */
    uint8_t fresh_nonces;   /* CN: the BU's nonce indices were handed out (HoT, CoT) under MAX_TOKEN_LIFETIME ago */
    uint8_t stale_nonces;   /* CN: they were first used longer ago than the nonce lifetime its configuration gives */
} mm_claims;

/* Narrow a home agent's or correspondent's expectation `e` (from
 * mm_expect_ba, state `s`) by its claims. */
void mm_expect_claims(const mm_claims *c, const mm_state *s, const mm_bu *bu, mm_expect *e);

/* A judged divergence. */
typedef struct mm_finding {
    int rule;               /* enum mm_rule_id */
    char expected[200];     /* what the RFC wanted */
    char seen[160];         /* what was there */
} mm_finding;
typedef void (*mm_finding_fn)(void *ctx, const mm_finding *f);

/* Judge `ba` as the answer to `bu` (its expectation `e`).  Returns the
 * number of findings reported through `fn`. */
int mm_judge_ba(const mm_state *s, const mm_bu *bu, const mm_expect *e, const mm_ba *ba, mm_finding_fn fn,
                void *ctx);
/* Update the state after the peer answered `bu` with `ba` (NULL: no BA
 * seen; the state becomes unknown where the outcome is) at time `now`. */
void mm_apply(mm_state *s, const mm_bu *bu, const mm_expect *e, const mm_ba *ba, double now);

/* ---- reading messages from a dissection ------------------------------------ */
enum mm_msg_kind { MM_MSG_NONE = 0, MM_MSG_BU, MM_MSG_BA, MM_MSG_BRR, MM_MSG_HOTI, MM_MSG_COTI, MM_MSG_HOT,
                   MM_MSG_COT, MM_MSG_BE, MM_MSG_DATA_HAO };

typedef struct mm_msg {
    int kind;               /* enum mm_msg_kind */
    mm_addr src, dst;       /* IPv6 header around the MH (inner one if tunnelled) */
    mm_addr outer_src;      /* the outermost source (care-of address in use) */
    uint8_t has_hao, has_rh2;
    mm_addr hoa;            /* HAO home address, RH2 home address, else src/dst */
    uint8_t hlim;
    uint64_t cookie;        /* HoTI/CoTI/HoT/CoT */
    uint8_t be_status;
    mm_addr be_home;
    mm_bu bu;               /* MM_MSG_BU */
    mm_ba ba;               /* MM_MSG_BA; BRR/CoTI/CoT BID options too (nbid, bid[]) */
    uint64_t hash;          /* of the IPv6 packet less its hop limit: the same packet seen twice */
} mm_msg;

/* Read the Mobility Header message of a dissected frame.  0 when it has
 * none the model follows (msg->kind MM_MSG_NONE). */
int mm_read(const mc_dissection *d, mm_msg *msg);

/* ---- the follower: conversations of a capture ------------------------------- */
typedef struct mm_follow mm_follow;

typedef struct mm_follow_opts {
    int from_start;         /* the capture starts before any binding existed */
    unsigned roles;         /* roles judged (MM_HA|MM_CN|MM_MN); 0 = all */
    double ba_timeout;      /* seconds a BA may take (default 1.5) */
    double grace;           /* lifetime edge (s) where a binding's state is unknown (default 2) */
    size_t max_convs;       /* bound on followed conversations (default 65536) */
    /* Optional: told which conversation each followed frame belongs to
     * (`conv` numbers conversations from 1 in order of creation; `a` is
     * the home address, or the care-of address of a CoTI/CoT exchange;
     * `peer_role` MM_HA/MM_CN once a BU said, 0 before; `from_mn` the
     * frame went from the mobile node to the peer).  For the report. */
    void (*on_member)(void *ctx, uint64_t frameno, uint64_t conv, const mm_addr *a, const mm_addr *peer,
                      int peer_role, int from_mn);
} mm_follow_opts;

/* A finding with where it was seen. */
typedef struct mm_report {
    const mm_rule *rule;
    int role;               /* the one role judged (MM_HA, MM_CN or MM_MN) */
    uint64_t frames[3];     /* frame numbers involved (0 = none) */
    double ts;
    char hoa[48], peer[48]; /* the conversation */
    uint64_t conv;          /* the conversation (as on_member numbers it), 0 none */
    const char *verdict;    /* "finding" or "undecided" */
    char expected[200];
    char seen[160];
} mm_report;
typedef void (*mm_report_fn)(void *ctx, const mm_report *r);

mm_follow *mm_follow_new(const mm_follow_opts *o, mm_report_fn fn, void *ctx);
/* One frame (`frameno` from 1, capture time `ts` seconds, `point` the
 * capture point when known, -1 otherwise). */
void mm_follow_frame(mm_follow *f, const mc_dissection *d, uint64_t frameno, double ts, int point);
/* End of the capture: open questions become findings or undecided. */
void mm_follow_end(mm_follow *f);
typedef struct mm_follow_stats {
    uint64_t frames, mh, duplicates, conversations, live_conversations, findings, undecided, evicted;
} mm_follow_stats;
void mm_follow_stats_get(const mm_follow *f, mm_follow_stats *st);
void mm_follow_free(mm_follow *f);

#ifdef __cplusplus
}
#endif
#endif
