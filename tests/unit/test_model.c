/*
 * test_model.c - the executable model of RFC 5648 5-6 (harness/model/),
 * which `check` and `explore` judge with: the answers it allows, what it
 * finds in a wrong one, the state after an answer, and the follower on
 * frames made by the crafter (conversations, each frame's conversation,
 * findings with their frames).  Each case is one the RFC decides; the
 * section is in the comment.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "mcoa/craft.h"
#include "mcoa/dissect.h"
#include "mcoa_model.h"

#define HOA "2001:db8:1::100"
#define HA "2001:db8:1::1"
#define COA1 "2001:db8:f1::10"
#define COA2 "2001:db8:f2::10"
#define CN "2001:db8:c::1"

static mc_dissection g_d;

/* The message of one crafted frame, as the model reads it. */
static void msg_of(const char *expr, mm_msg *m)
{
    uint8_t buf[MC_FRAME_MAX];
    size_t len = 0;
    mc_err e = {0};
    if (mc_craft(expr, buf, sizeof buf, &len, &e) < 0)
        fail_msg("craft %s: %s", expr, e.msg);
    mc_pkt p;
    assert_int_equal(mc_expr_parse(expr, &p, &e), 0);
    mc_dissect_ex(buf, len, len, mc_pkt_linktype(&p), &g_d, MC_DISSECT_NO_EXPR);
    assert_int_equal(mm_read(&g_d, m), 1);
}

typedef struct found {
    int n;
    int rules[8];
} found;

static void on_find(void *ctx, const mm_finding *f)
{
    found *x = ctx;
    if (getenv("TEST_MODEL_VERBOSE"))
        fprintf(stderr, "finding %s: expected %s; seen %s\n", mm_rules[f->rule].name, f->expected, f->seen);
    if (x->n < 8)
        x->rules[x->n] = f->rule;
    x->n++;
}

static int has_rule(const found *x, int rule)
{
    for (int i = 0; i < x->n && i < 8; i++)
        if (x->rules[i] == rule)
            return 1;
    return 0;
}

/* Judge `ba` as the HA's answer to `bu` from state s; apply it. */
static found judge(mm_state *s, const char *bu, const char *ba)
{
    mm_msg u, a;
    mm_expect e;
    found x = {0};
    msg_of(bu, &u);
    msg_of(ba, &a);
    mm_expect_ba(s, &u.bu, MM_HA, &e);
    mm_judge_ba(s, &u.bu, &e, &a.ba, on_find, &x);
    mm_apply(s, &u.bu, &e, &a.ba, 1.0);
    return x;
}

#define BU(opts) "ipv6 src=" COA1 " dst=" HA " / hao " HOA " / bu " opts
#define BA(opts) "ipv6 src=" HA " dst=" COA1 " / rh2 " HOA " / ba " opts

/* 6.2: a registration is accepted and the BID option copied into the BA;
 * a BA without BID options breaks 6.2-16; nothing changes after it. */
static void registration(void **state)
{
    (void)state;
    mm_state s;
    mm_state_init(&s, 1);
    found x = judge(&s, BU("seq=10 A H lifetime=60 / bid 1 coa=" COA1), BA("status=0 seq=10 lifetime=60 / bid 1"));
    assert_int_equal(x.n, 0);
    assert_int_equal(mm_state_know(&s, 1), MM_PRESENT);
    assert_int_equal(mm_state_know(&s, 2), MM_ABSENT);
    x = judge(&s, BU("seq=11 A H lifetime=60 / bid 2 coa=" COA2), BA("status=0 seq=11 lifetime=60"));
    assert_true(has_rule(&x, MM_R_BID_PRESENT));
}

/* 6.2 (5648-6.2-12): a refresh (Length 4) of a BID with no binding is
 * answered 167 for that BID; 0 is a finding. */
static void refresh_unknown_167(void **state)
{
    (void)state;
    mm_state s;
    mm_state_init(&s, 1);
    found x = judge(&s, BU("seq=10 A H lifetime=60 / bid 3"), BA("status=0 seq=10 lifetime=60 / bid 3"));
    assert_true(has_rule(&x, MM_R_REFRESH_167));
    mm_state_init(&s, 1);
    x = judge(&s, BU("seq=10 A H lifetime=60 / bid 3"), BA("status=mcoa-unknown-coa seq=10 lifetime=0 / bid 3"));
    assert_int_equal(x.n, 0);
}

/* 6.2 (5648-6.2-7): a de-registration of a BID the HA does not hold is
 * 133 as a whole; a de-registration of a held one removes only it. */
static void deregistration(void **state)
{
    (void)state;
    mm_state s;
    mm_state_init(&s, 1);
    found x = judge(&s, BU("seq=10 A H lifetime=60 / bid 1 coa=" COA1 " / bid 2 coa=" COA2),
                    BA("status=0 seq=10 lifetime=60 / bid 1 / bid 2"));
    assert_int_equal(x.n, 0);
    x = judge(&s, BU("seq=11 A H lifetime=0 / bid 5"), BA("status=0 seq=11 lifetime=0 / bid 5"));
    assert_true(has_rule(&x, MM_R_DEREG_133));
    assert_int_equal(mm_state_know(&s, 1), MM_PRESENT); /* a wrong answer changes nothing */
    x = judge(&s, BU("seq=12 A H lifetime=0 / bid 1"), BA("status=0 seq=12 lifetime=0 / bid 1"));
    assert_int_equal(x.n, 0);
    assert_int_equal(mm_state_know(&s, 1), MM_ABSENT);
    assert_int_equal(mm_state_know(&s, 2), MM_PRESENT);
}

/* RFC 6275 9.5.1: an old sequence number while a binding exists is 135. */
static void old_sequence_135(void **state)
{
    (void)state;
    mm_state s;
    mm_state_init(&s, 1);
    judge(&s, BU("seq=100 A H lifetime=60 / bid 1 coa=" COA1), BA("status=0 seq=100 lifetime=60 / bid 1"));
    found x = judge(&s, BU("seq=99 A H lifetime=60 / bid 1 coa=" COA1), BA("status=0 seq=99 lifetime=60 / bid 1"));
    assert_true(has_rule(&x, MM_R_SEQ_135));
    /* the model follows what the peer did (it accepted): start again */
    mm_state_init(&s, 1);
    judge(&s, BU("seq=100 A H lifetime=60 / bid 1 coa=" COA1), BA("status=0 seq=100 lifetime=60 / bid 1"));
    x = judge(&s, BU("seq=99 A H lifetime=60 / bid 1 coa=" COA1), BA("status=135 seq=100 lifetime=0 / bid 1"));
    assert_int_equal(x.n, 0);
}

/* A BU that got no BA leaves the model unsure of what it changed:
 * when a later 165 (RFC 5648 6.2, 5648-6.2-13) shows a binding without BID,
 * that binding may be the one the unanswered BU asked for, so it can end by
 * that BU's lifetime (RFC 6275 9.5.1), not the one granted before.  Found
 * by explore --role cn (seed 1 step 21200, seeds 100 and 200): the model
 * kept the earlier end and called the IUT's longer lifetime a divergence. */
static void binding_without_bid_revealed_by_165(void **state)
{
    (void)state;
    mm_state s;
    mm_state_init(&s, 1);
    judge(&s, BU("seq=10 A lifetime=48"), BA("status=0 seq=10 lifetime=48"));
    assert_int_equal(s.nonmcoa, MM_PRESENT);
    assert_true(s.nonmcoa_expires < 200.0); /* 1 s + 48 * 4 s */
    const char *unanswered[] = {BU("seq=11 A lifetime=60 / bid 1 coa=" COA1), BU("seq=12 lifetime=60")};
    for (int i = 0; i < 2; i++) { /* the first's BA is lost: the next one's fate is unknown */
        mm_msg u;
        mm_expect e;
        msg_of(unanswered[i], &u);
        mm_expect_ba(&s, &u.bu, MM_HA, &e);
        mm_apply(&s, &u.bu, &e, NULL, 2.0 + i);
    }
    assert_int_equal(s.nonmcoa, MM_UNKNOWN);
    found x = judge(&s, BU("seq=13 A lifetime=60 / bid 2 coa=" COA2), BA("status=165 seq=13 lifetime=0 / bid 2"));
    assert_int_equal(x.n, 0);
    assert_int_equal(s.nonmcoa, MM_PRESENT);
    assert_true(s.nonmcoa_expires >= 3.0 + 60 * 4.0);
}

/* A BU moving a BID to another care-of address that got no BA leaves the
 * binding unknown, and where it is bound unknown too: a refresh of that
 * BID accepted later (no Care-of Address field) does not say which address
 * it is (RFC 5648 6.2).  Found by explore --role ha --seed 7 (100 000
 * steps): the model kept the old address and called the Binding Error for
 * a packet from it a divergence (RFC 5648 6.5). */
static void unanswered_move_forgets_coa(void **state)
{
    (void)state;
    mm_state s;
    mm_state_init(&s, 1);
    judge(&s, BU("seq=10 A H lifetime=60 / bid 3 coa=" COA1), BA("status=0 seq=10 lifetime=60 / bid 3"));
    mm_msg u;
    mm_expect e;
    msg_of(BU("seq=11 A H lifetime=60 / bid 3 coa=" COA2), &u); /* its BA is lost */
    mm_expect_ba(&s, &u.bu, MM_HA, &e);
    mm_apply(&s, &u.bu, &e, NULL, 2.0);
    found x = judge(&s, BU("seq=12 A H lifetime=60 / bid 3"), BA("status=0 seq=12 lifetime=60 / bid 3"));
    assert_int_equal(x.n, 0);
    assert_int_equal(mm_state_know(&s, 3), MM_PRESENT);
    for (int i = 0; i < s.nb; i++)
        if (s.b[i].bid == 3)
            assert_int_equal(s.b[i].coa_known, 0);
}

/* What the home agent claims and its configuration (explore knows them; a
 * capture does not): 166, 168 and 169 are decided, not allowed any time,
 * and a home binding's status follows returnhome-wo-ndp / -with-ndp
 * (harness/IUT.md, RFC 5648 4.4, 6.3).  Each row from a fresh state: the
 * claims, the BU, the BA, the rule it breaks (-1 none). */
/* one row of a claims table: BU judged from a fresh state, BA its answer,
 * `rule` the finding wanted (-1 none) */
static void claims_row(size_t i, const mm_claims *c, int peer, const char *bu, const char *ba, int rule, mm_state *s,
                       mm_msg *u, mm_msg *a, mm_expect *e)
{
    found x = {0};
    mm_state_init(s, 1);
    msg_of(bu, u);
    msg_of(ba, a);
    mm_expect_ba(s, &u->bu, peer, e);
    mm_expect_claims(c, s, &u->bu, e);
    mm_judge_ba(s, &u->bu, e, &a->ba, on_find, &x);
    if (rule < 0 ? x.n != 0 : !has_rule(&x, rule))
        fail_msg("row %zu (%s -> %s): %d finding(s), wanted rule %d", i, bu, ba, x.n, rule);
}

static void configuration_claims(void **state)
{
    (void)state;
    static const mm_claims all = {1, 1, 1, 1, -1, 0, 0}, no_mcoa = {1, 0, 1, 1, -1, 0, 0},
                           no_bulk = {1, 1, 0, 1, -1, 0, 0}, no_sim = {1, 1, 1, 0, -1, 0, 0},
                           wo_ndp = {1, 1, 1, 1, 5, 0, 0}, unknown = {0, 0, 0, 0, -1, 0, 0};
#define REG BU("seq=10 A lifetime=60 / bid 1 coa=" COA1)
#define HREG BU("seq=10 A H lifetime=60 / bid 1 coa=" COA1)
#define BULK BU("seq=10 A lifetime=60 / bid 1 coa=" COA1 " / bid 2 coa=" COA2)
#define MIXED BU("seq=10 A H lifetime=60 / bid 1 coa=" COA1 " / bid 2 H")
#define HOME BU("seq=10 A H lifetime=60 / bid 2 H")
    static const struct {
        const mm_claims *c;
        const char *bu, *ba;
        int rule;
    } rows[] = {
        /* a claimed capability is no refusal of configuration; unknown claims allow it */
        {&all, REG, BA("status=mcoa-prohibited seq=10 lifetime=0 / bid 1"), MM_R_CFG_166},
        {&unknown, REG, BA("status=mcoa-prohibited seq=10 lifetime=0 / bid 1"), -1},
        {&all, BULK, BA("status=mcoa-bulk-registration-prohibited seq=10 lifetime=0 / bid 1 / bid 2"), MM_R_CFG_168},
        /* mcoa-prohibited: 166, acceptance is a finding */
        {&no_mcoa, REG, BA("status=0 seq=10 lifetime=60 / bid 1"), MM_R_CFG_166},
        {&no_mcoa, REG, BA("status=mcoa-prohibited seq=10 lifetime=0 / bid 1"), -1},
        /* bulk-prohibited: 168 for two BID options, one is accepted */
        {&no_bulk, BULK, BA("status=0 seq=10 lifetime=60 / bid 1 / bid 2"), MM_R_CFG_168},
        {&no_bulk, REG, BA("status=0 seq=10 lifetime=60 / bid 1"), -1},
        /* simultaneous-prohibited: a home binding next to a foreign one is
         * 169, the whole BU or (bulk) its home option with BA status 4 */
        {&no_sim, MIXED, BA("status=0 seq=10 lifetime=60 / bid 1 / bid 2 H"), MM_R_CFG_169},
        {&no_sim, MIXED, BA("status=169 seq=10 lifetime=0 / bid 1 / bid 2 H"), -1},
        {&no_sim, MIXED, BA("status=4 seq=10 lifetime=60 / bid 1 status=0 / bid 2 H status=169"), -1},
        /* returnhome-wo-ndp: a home binding accepted with 5 (BA or option), not 0; 5 only for one */
        {&wo_ndp, HOME, BA("status=0 seq=10 lifetime=60 / bid 2 H"), MM_R_CFG_HOME_STATUS},
        {&wo_ndp, HOME, BA("status=5 seq=10 lifetime=60 / bid 2 H"), -1},
        {&wo_ndp, HOME, BA("status=0 seq=10 lifetime=60 / bid 2 H status=5"), -1},
        {&wo_ndp, REG, BA("status=5 seq=10 lifetime=60 / bid 1"), MM_R_CFG_HOME_STATUS},
        /* the home agent of the home address: a home registration is not refused 128/129; a BU without H may be */
        {&all, HREG, BA("status=129 seq=10 lifetime=0 / bid 1"), MM_R_CFG_REFUSED},
        {&all, BU("seq=10 A H lifetime=60"), BA("status=128 seq=10 lifetime=0"), MM_R_CFG_REFUSED},
        {&all, REG, BA("status=129 seq=10 lifetime=0 / bid 1"), -1},
        {&unknown, HREG, BA("status=129 seq=10 lifetime=0 / bid 1"), -1},
    };
#undef REG
#undef HREG
#undef BULK
#undef MIXED
#undef HOME
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        mm_state s;
        mm_msg u, a;
        mm_expect e;
        claims_row(i, rows[i].c, MM_HA, rows[i].bu, rows[i].ba, rows[i].rule, &s, &u, &a, &e);
        mm_apply(&s, &u.bu, &e, &a.ba, 1.0);
        if (rows[i].c == &no_sim && rows[i].rule < 0) /* a home option refused alone leaves the foreign one bound */
            assert_int_equal(mm_state_know(&s, 1), strstr(rows[i].ba, "status=4") ? MM_PRESENT : MM_ABSENT);
    }
}

/* RFC 6275 5.2.7, 9.5.1: a correspondent may refuse expired nonce indices
 * (136-138), not those it handed out under MAX_TOKEN_LIFETIME ago; those
 * past the lifetime its configuration gives it refuses. */
static void cn_fresh_nonces(void **state)
{
    (void)state;
    static const mm_claims fresh = {1, 0, 0, 0, -1, 1, 0}, old = {1, 0, 0, 0, -1, 0, 0}, stale = {1, 0, 0, 0, -1, 0, 1};
    static const struct {
        const mm_claims *c;
        const char *ba;
        int rule;
    } rows[] = {
        {&fresh, BA("status=136 seq=10 lifetime=0 / bid 1"), MM_R_CN_FRESH_NONCE},
        {&fresh, BA("status=138 seq=10 lifetime=0 / bid 1"), MM_R_CN_FRESH_NONCE},
        {&fresh, BA("status=0 seq=10 lifetime=60 / bid 1 / auth"), -1},
        {&old, BA("status=137 seq=10 lifetime=0 / bid 1"), -1},
        {&old, BA("status=0 seq=10 lifetime=60 / bid 1 / auth"), -1},
        {&stale, BA("status=0 seq=10 lifetime=60 / bid 1 / auth"), MM_R_CN_STALE_NONCE},
        {&stale, BA("status=137 seq=10 lifetime=0 / bid 1"), -1},
        {&stale, BA("status=128 seq=10 lifetime=0 / bid 1 / auth"), -1},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        mm_state s;
        mm_msg u, a;
        mm_expect e;
        claims_row(i, rows[i].c, MM_CN, BU("seq=10 A lifetime=60 / bid 1 coa=" COA1), rows[i].ba, rows[i].rule, &s, &u,
                   &a, &e);
    }
}

/* ---- the follower --------------------------------------------------------- */
typedef struct fctx {
    int findings, undecided, rule[8];
    uint64_t frame[8], conv[8];
    int members;
    uint64_t member_frame[16], member_conv[16];
    int member_from_mn[16];
} fctx;

static void on_report(void *ctx, const mm_report *r)
{
    fctx *x = ctx;
    if (getenv("TEST_MODEL_VERBOSE"))
        fprintf(stderr, "%s %s frame %llu: expected %s; seen %s\n", r->verdict, r->rule ? r->rule->name : "-",
                (unsigned long long)r->frames[0], r->expected, r->seen);
    if (strcmp(r->verdict, "finding")) {
        x->undecided++;
        return;
    }
    if (x->findings < 8) {
        x->rule[x->findings] = r->rule ? r->rule->id : -1;
        x->frame[x->findings] = r->frames[0];
        x->conv[x->findings] = r->conv;
    }
    x->findings++;
}

static void on_member(void *ctx, uint64_t frame, uint64_t conv, const mm_addr *a, const mm_addr *peer, int role,
                      int from_mn)
{
    fctx *x = ctx;
    (void)a, (void)peer, (void)role;
    if (x->members < 16) {
        x->member_frame[x->members] = frame;
        x->member_conv[x->members] = conv;
        x->member_from_mn[x->members] = from_mn;
    }
    x->members++;
}

/* Frame i at times[i] seconds (NULL: 0.1 s apart); roles judged (0: all). */
static void follow_at(const char *const *exprs, const double *times, size_t n, unsigned roles, fctx *x)
{
    mm_follow_opts o = {0};
    o.from_start = 1;
    o.roles = roles;
    o.on_member = on_member;
    mm_follow *f = mm_follow_new(&o, on_report, x);
    assert_non_null(f);
    for (size_t i = 0; i < n; i++) {
        uint8_t buf[MC_FRAME_MAX];
        size_t len = 0;
        mc_err e = {0};
        mc_pkt p;
        assert_int_equal(mc_craft(exprs[i], buf, sizeof buf, &len, &e), 0);
        assert_int_equal(mc_expr_parse(exprs[i], &p, &e), 0);
        mc_dissect_ex(buf, len, len, mc_pkt_linktype(&p), &g_d, MC_DISSECT_NO_EXPR);
        mm_follow_frame(f, &g_d, i + 1, times ? times[i] : 0.1 * (double)i, -1);
    }
    mm_follow_end(f);
    mm_follow_free(f);
}

static void follow(const char *const *exprs, size_t n, fctx *x)
{
    follow_at(exprs, NULL, n, 0, x);
}

/* A BU and a BA without BID options: one conversation, both frames in it
 * (the BU from the mobile node, the BA not), the finding on frame 2's
 * conversation; a CN conversation apart. */
static void follower_conversations(void **state)
{
    (void)state;
    static const char *const F[] = {
        BU("seq=10 A H O lifetime=60 / bid 1 coa=" COA1), /* O: the first registration (5.1) */
        BA("status=0 seq=10 lifetime=60"),
        "ipv6 src=" HOA " dst=" CN " / hoti cookie=0x11",
    };
    fctx x;
    memset(&x, 0, sizeof x);
    follow(F, 3, &x);
    assert_int_equal(x.findings, 1);
    assert_int_equal(x.rule[0], MM_R_BID_PRESENT);
    assert_int_equal(x.members, 3);
    assert_int_equal(x.member_frame[0], 1);
    assert_int_equal(x.member_from_mn[0], 1);
    assert_int_equal(x.member_frame[1], 2);
    assert_int_equal(x.member_from_mn[1], 0);
    assert_int_equal(x.member_conv[0], x.member_conv[1]);
    assert_int_equal(x.conv[0], x.member_conv[0]);
    assert_true(x.member_conv[2] != x.member_conv[0]);
    assert_int_equal(x.member_from_mn[2], 1);
}

/* 5648-4.3-10: the MN's CoTI carries BID options without a Care-of Address. */
static void coti_bid_without_coa(void **state)
{
    (void)state;
    static const char *const OK[] = {"ipv6 src=" COA1 " dst=" CN " / coti cookie=0x22 / bid 1"};
    static const char *const BAD[] = {"ipv6 src=" COA1 " dst=" CN " / coti cookie=0x22 / bid 1 coa=" COA1};
    fctx x;
    memset(&x, 0, sizeof x);
    follow(OK, 1, &x);
    assert_int_equal(x.findings, 0);
    memset(&x, 0, sizeof x);
    follow(BAD, 1, &x);
    assert_int_equal(x.findings, 1);
    assert_int_equal(x.rule[0], MM_R_MN_COTI_BID_NO_COA);
    assert_string_equal(mm_rules[MM_R_MN_COTI_BID_NO_COA].clause, "5648-4.3-10");
}

/* RFC 5648 6.5-4: a BU is not subject to the care-of address check of
 * packets with a Home Address option: a Binding Error answering the BU
 * from a new care-of address is a finding; one that can answer a data
 * packet with a Home Address option from there is not. */
static void binding_error_for_bu(void **state)
{
    (void)state;
    static const char *const BE_FOR_BU[] = {
        BU("seq=10 A H O lifetime=60 / bid 1 coa=" COA1),
        BA("status=0 seq=10 lifetime=60 / bid 1"),
        "ipv6 src=" COA2 " dst=" HA " / hao " HOA " / bu seq=11 A H lifetime=60 / bid 2 coa=" COA2,
        "ipv6 src=" HA " dst=" COA2 " / be 1 home=" HOA,
    };
    static const char *const BE_FOR_DATA[] = {
        BU("seq=10 A H O lifetime=60 / bid 1 coa=" COA1),
        BA("status=0 seq=10 lifetime=60 / bid 1"),
        "ipv6 src=" COA2 " dst=" HA " / hao " HOA " / udp sport=5000 dport=6000 / raw data=00",
        "ipv6 src=" COA2 " dst=" HA " / hao " HOA " / bu seq=11 A H lifetime=60 / bid 2 coa=" COA2,
        "ipv6 src=" HA " dst=" COA2 " / be 1 home=" HOA,
    };
    fctx x;
    memset(&x, 0, sizeof x);
    follow(BE_FOR_BU, 4, &x);
    assert_int_equal(x.findings, 1);
    assert_int_equal(x.rule[0], MM_R_BE_FOR_BU);
    assert_int_equal(x.frame[0], 3);
    memset(&x, 0, sizeof x);
    follow(BE_FOR_DATA, 5, &x);
    assert_int_equal(x.findings, 0);
}

/* RFC 5648 6.2: an accepted O replaces the bindings the peer held when it
 * came; a BU with a care-of address sent after it registers its BID anew
 * (after 168 the individual BUs go together, the first with O: BID 2's
 * refresh without care-of address is no first registration), one sent
 * before it does not (found by explore --role mn, step 8919 of seed 1). */
static void o_replaces_what_came_before(void **state)
{
    (void)state;
    static const char *const AFTER[] = {
        BU("seq=1 A H O lifetime=60 / bid 1 coa=" COA1 " / bid 2 coa=" COA2),
        BA("status=168 seq=1 lifetime=0 / bid 1 / bid 2"),
        BU("seq=2 A H O lifetime=60 / bid 1 coa=" COA1),
        "ipv6 src=" COA2 " dst=" HA " / hao " HOA " / bu seq=3 A H lifetime=60 / bid 2 coa=" COA2,
        BA("status=0 seq=2 lifetime=60 / bid 1"),
        BA("status=0 seq=3 lifetime=60 / bid 2"),
        "ipv6 src=" COA2 " dst=" HA " / hao " HOA " / bu seq=4 A H lifetime=60 / bid 2",
    };
    static const char *const BEFORE[] = {
        BU("seq=1 A H O lifetime=60 / bid 1 coa=" COA1 " / bid 2 coa=" COA2),
        BA("status=0 seq=1 lifetime=60 / bid 1 / bid 2"),
        "ipv6 src=" COA2 " dst=" HA " / hao " HOA " / bu seq=2 A H lifetime=60 / bid 2 coa=" COA2,
        BU("seq=3 A H O lifetime=60 / bid 1"),
        BA("status=0 seq=2 lifetime=60 / bid 2"),
        BA("status=0 seq=3 lifetime=60 / bid 1"),
        "ipv6 src=" COA2 " dst=" HA " / hao " HOA " / bu seq=4 A H lifetime=60 / bid 2",
    };
    fctx x;
    memset(&x, 0, sizeof x);
    follow(AFTER, 7, &x);
    assert_int_equal(x.findings, 0);
    memset(&x, 0, sizeof x);
    follow(BEFORE, 7, &x);
    assert_int_equal(x.findings, 1);
    assert_int_equal(x.rule[0], MM_R_MN_FIRST_COA);
    assert_int_equal(x.frame[0], 7);
}

/* RFC 5648 5.7 (5648-5.7-6): the next registering BU for the BIDs a 165
 * answered has O.  A BU for another BID is another registration (CI's run
 * of caadfc8, mn-ro-o-ba-order: the MN's three BUs to a correspondent, one
 * per care-of address, reached the tester in another order, and the one for
 * BID 3 came after the tester's 165 to BID 2's).  A retransmission of the BU
 * the 165 answered, due by its timer (RFC 6275 11.8: INITIAL_BINDACK_TIMEOUT
 * after it) and leaving just after the 165, may have crossed it: undecided,
 * the next BU is judged.  The same BU sent at once after the 165 is a
 * finding, as is a BU without O after the crossed one. */
static void after_165_crossed_retransmission(void **state)
{
    (void)state;
    static const char *const F[] = {
        BU("seq=10 A H O lifetime=60 / bid 1 coa=" COA1),
        BA("status=0 seq=10 lifetime=60 / bid 1"),
        BU("seq=11 A H lifetime=60 / bid 1 coa=" COA1),
        BA("status=165 seq=11 lifetime=0 / bid 1"),
        BU("seq=12 A H lifetime=60 / bid 1 coa=" COA1),
        BU("seq=13 A H O lifetime=60 / bid 1 coa=" COA1),
        BU("seq=14 A H lifetime=60 / bid 1 coa=" COA1),
    };
    static const double CROSSED[] = {0, 0.1, 1.0, 2.0, 2.01, 2.02, 3.0};
    static const double AT_ONCE[] = {0, 0.1, 1.0, 1.04, 1.05, 1.06, 2.0};
    fctx x;
    memset(&x, 0, sizeof x);
    follow_at(F, CROSSED, 6, MM_MN, &x);
    assert_int_equal(x.findings, 0);
    assert_true(x.undecided >= 1); /* this one, and BAs the capture ends before */
    memset(&x, 0, sizeof x);
    follow_at(F, AT_ONCE, 6, MM_MN, &x);
    assert_int_equal(x.findings, 1);
    assert_int_equal(x.rule[0], MM_R_MN_AFTER_165);
    assert_int_equal(x.frame[0], 5);
    /* a BU for another BID crossing the 165 is another registration */
    static const char *const OTHER[] = {
        BU("seq=10 A H O lifetime=60 / bid 1 coa=" COA1),
        BA("status=0 seq=10 lifetime=60 / bid 1"),
        BU("seq=11 A H lifetime=60 / bid 1 coa=" COA1),
        BA("status=165 seq=11 lifetime=0 / bid 1"),
        "ipv6 src=" COA2 " dst=" HA " / hao " HOA " / bu seq=12 A H lifetime=60 / bid 2 coa=" COA2,
        BU("seq=13 A H O lifetime=60 / bid 1 coa=" COA1),
    };
    memset(&x, 0, sizeof x);
    follow_at(OTHER, AT_ONCE, 6, MM_MN, &x);
    assert_int_equal(x.findings, 0);
    static const char *const NO_O[] = {F[0], F[1], F[2], F[3], F[4], F[6]};
    static const double CROSSED_NO_O[] = {0, 0.1, 1.0, 2.0, 2.01, 2.5};
    memset(&x, 0, sizeof x);
    follow_at(NO_O, CROSSED_NO_O, 6, MM_MN, &x);
    assert_int_equal(x.findings, 1);
    assert_int_equal(x.rule[0], MM_R_MN_AFTER_165);
    assert_int_equal(x.frame[0], 6);
}

/* The rule table is indexed by its ids and every rule names a clause. */
static void rule_table(void **state)
{
    (void)state;
    for (int i = 0; i < MM_R_COUNT; i++) {
        assert_int_equal(mm_rules[i].id, i);
        assert_true(mm_rules[i].name && mm_rules[i].name[0]);
        assert_true(mm_rules[i].clause && mm_rules[i].clause[0]);
        for (int k = 0; k < i; k++)
            assert_string_not_equal(mm_rules[i].name, mm_rules[k].name);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(registration),           cmocka_unit_test(refresh_unknown_167),
        cmocka_unit_test(deregistration),         cmocka_unit_test(old_sequence_135),
        cmocka_unit_test(follower_conversations), cmocka_unit_test(coti_bid_without_coa),
        cmocka_unit_test(binding_error_for_bu),   cmocka_unit_test(rule_table),
        cmocka_unit_test(o_replaces_what_came_before), cmocka_unit_test(binding_without_bid_revealed_by_165),
        cmocka_unit_test(configuration_claims),        cmocka_unit_test(cn_fresh_nonces),        cmocka_unit_test(unanswered_move_forgets_coa),
        cmocka_unit_test(after_165_crossed_retransmission),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
