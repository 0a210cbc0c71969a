/*
 * follow.c - the conversations of a capture, judged by the model.
 *
 * A conversation is (home address, peer): the mobile node's Binding
 * Updates to the peer and the peer's answers (BA matched by sequence
 * number, BRR), the return routability messages (HoTI/HoT by home
 * address, CoTI/CoT by care-of address: a conversation of their own).
 * For each the follower keeps the peer's binding state (mm_state, the
 * model) and what the mobile node did (its sequence numbers, BIDs, the
 * answers it must react to).
 *
 * The same packet captured at two points (both sides of a router, two
 * interfaces of a harness run) is counted once: a packet whose inner IPv6
 * packet and Mobility Header are identical to one seen in the last second
 * at another capture point (or, without capture points, with another hop
 * limit) is a duplicate.
 *
 * Memory is bounded: a conversation is dropped once it has been idle past
 * its bindings' lifetimes (and 60 s), and at most max_convs are followed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "mcoa_model.h"

#define NPEND 4
#define NDUP 1024
#define NREG 16

typedef struct pend {
    uint8_t used;
    uint8_t peer;           /* MM_HA / MM_CN */
    uint64_t frame;
    double ts;
    mm_bu bu;
} pend;

typedef struct mnside {
    uint8_t seq_known;
    uint16_t last_seq;
    uint64_t last_hash, last_frame;
    uint8_t known;          /* every BID the MN registered with this peer is in reg[] */
    uint8_t mcoa_seen;      /* a BU with BID options went to this peer */
    uint8_t nreg;
    struct { uint16_t bid; uint8_t home; } reg[NREG];
    uint64_t need_o, no_mcoa, no_fb, no_bulk, brr_frame, coa_frame; /* frame of the answer to react to, 0 none */
    uint8_t nneed, nbrr;
    uint16_t need_coa[4], brr[4];
    /* the last registering BU with O: once accepted, the BIDs registered
     * before it that it did not carry are gone (RFC 5648 4.2, 6.2); a
     * rejected one changes nothing (6.2-26) */
    uint8_t o_pend, nold;
    uint16_t o_seq, old[NREG];
    /* the BU the 165 answered and when both went: a retransmission of it
     * may cross the BA (after_165_crossed) */
    mm_bu bu_165;
    double bu_165_ts, ba_165_ts;
} mnside;

typedef struct conv {
    struct conv *next;
    mm_addr a, peer;        /* (home address or care-of address, peer) */
    uint8_t role;           /* MM_HA / MM_CN once a BU said (H flag) */
    uint8_t from_start;
    double last_ts, keep_until;
    mm_state st;
    pend p[NPEND];
    mnside mn;
    uint8_t nhoti, ncoti, hot_seen, cot_seen;
    uint64_t hoti[4], coti[4];
    uint16_t coti_bid[4];
    uint8_t coti_hasbid[4];
    uint64_t first_frame;
    /* 6.5-4: the last BU and data packets with a Home Address option */
    mm_addr bu_src;
    double bu_ts, data_ts;
    uint64_t bu_frame;
    uint64_t id;            /* numbered from 1 in order of creation */
} conv;

struct mm_follow {
    mm_follow_opts o;
    mm_report_fn fn;
    void *ctx;
    conv **tab;
    size_t nbuckets, nconv;
    struct dupent { uint64_t hash; double ts; int point; uint8_t hlim; } dup[NDUP];
    mm_follow_stats st;
    double now, last_sweep;
    uint64_t esp_frames, esp_first, untracked;
    mm_msg msg;
};

/* ---- reports ------------------------------------------------------------------ */
static void fmt_addr(const mm_addr *a, char *out, size_t cap)
{
    if (!inet_ntop(a->v4 ? AF_INET : AF_INET6, a->a, out, (socklen_t)cap))
        snprintf(out, cap, "?");
}

static int judged(const mm_follow *f, int role)
{
    return !f->o.roles || (f->o.roles & (unsigned)role);
}

static void report(mm_follow *f, const conv *c, int rule, int role, uint64_t f0, uint64_t f1, uint64_t f2,
                   const char *verdict, const char *exp, const char *seen)
{
    if (!judged(f, role))
        return;
    mm_report r;
    memset(&r, 0, sizeof r);
    r.rule = rule >= 0 ? &mm_rules[rule] : NULL;
    r.role = role;
    r.frames[0] = f0;
    r.frames[1] = f1;
    r.frames[2] = f2;
    r.ts = f->now;
    if (c) {
        fmt_addr(&c->a, r.hoa, sizeof r.hoa);
        fmt_addr(&c->peer, r.peer, sizeof r.peer);
        r.conv = c->id;
    }
    r.verdict = verdict;
    snprintf(r.expected, sizeof r.expected, "%s", exp);
    snprintf(r.seen, sizeof r.seen, "%s", seen);
    if (!strcmp(verdict, "finding"))
        f->st.findings++;
    else
        f->st.undecided++;
    f->fn(f->ctx, &r);
}

/* ---- conversations -------------------------------------------------------------- */
static uint64_t key_hash(const mm_addr *a, const mm_addr *b)
{
    uint64_t w[4];
    memcpy(&w[0], a->a, 8);
    memcpy(&w[1], a->a + 8, 8);
    memcpy(&w[2], b->a, 8);
    memcpy(&w[3], b->a + 8, 8);
    uint64_t h = 0xcbf29ce484222325ull;
    for (int i = 0; i < 4; i++) {
        h = (h ^ w[i]) * 0x9e3779b97f4a7c15ull;
        h ^= h >> 29;
    }
    return h;
}

static int aeq(const mm_addr *a, const mm_addr *b)
{
    return a->v4 == b->v4 && !memcmp(a->a, b->a, 16);
}

static conv *conv_get(mm_follow *f, const mm_addr *a, const mm_addr *peer, uint64_t frame, int create)
{
    size_t i = key_hash(a, peer) & (f->nbuckets - 1);
    for (conv *c = f->tab[i]; c; c = c->next)
        if (aeq(&c->a, a) && aeq(&c->peer, peer))
            return c;
    if (!create)
        return NULL;
    if (f->nconv >= f->o.max_convs) {
        f->untracked++;
        return NULL;
    }
    conv *c = calloc(1, sizeof *c);
    if (!c) {
        f->untracked++;
        return NULL;
    }
    c->a = *a;
    c->peer = *peer;
    c->from_start = (uint8_t)f->o.from_start;
    mm_state_init(&c->st, f->o.from_start);
    c->mn.known = (uint8_t)f->o.from_start;
    c->first_frame = frame;
    c->next = f->tab[i];
    f->tab[i] = c;
    f->nconv++;
    f->st.conversations++;
    c->id = f->st.conversations;
    return c;
}

/* The frame belongs to conversation c (for a report that groups them). */
static void member(mm_follow *f, const conv *c, uint64_t frame, int from_mn)
{
    if (f->o.on_member)
        f->o.on_member(f->ctx, frame, c->id, &c->a, &c->peer, c->role, from_mn);
}

static void resolve_pending(mm_follow *f, conv *c, int k, int final);

static void sweep(mm_follow *f, int final)
{
    for (size_t i = 0; i < f->nbuckets; i++) {
        conv **pp = &f->tab[i];
        while (*pp) {
            conv *c = *pp;
            for (int k = 0; k < NPEND; k++)
                if (c->p[k].used && (final || f->now - c->p[k].ts > f->o.ba_timeout))
                    resolve_pending(f, c, k, final);
            if (!final && f->now > c->keep_until && f->now - c->last_ts > 60.0) {
                *pp = c->next;
                free(c);
                f->nconv--;
                f->st.evicted++;
                continue;
            }
            pp = &c->next;
        }
    }
}

/* ---- peer answers ---------------------------------------------------------------- */
typedef struct fctx {
    mm_follow *f;
    conv *c;
    int role;
    uint64_t f0, f1;
} fctx;

static void on_finding(void *ctx, const mm_finding *fd)
{
    fctx *x = ctx;
    int role = x->role;
    if (mm_rules[fd->rule].roles == MM_MN)
        role = MM_MN;
    report(x->f, x->c, fd->rule, role, x->f0, x->f1, 0, "finding", fd->expected, fd->seen);
}

static void touch(mm_follow *f, conv *c)
{
    c->last_ts = f->now;
    double keep = f->now + 60.0;
    for (int i = 0; i < c->st.nb; i++)
        if (c->st.b[i].expires + f->o.grace > keep)
            keep = c->st.b[i].expires + f->o.grace;
    if (c->st.nonmcoa_expires + f->o.grace > keep)
        keep = c->st.nonmcoa_expires + f->o.grace;
    c->keep_until = keep;
}

/* a BU the peer answered with nothing we saw */
static void resolve_pending(mm_follow *f, conv *c, int k, int final)
{
    pend *p = &c->p[k];
    mm_expect e;
    mm_state_expire(&c->st, p->ts, f->o.grace);
    mm_expect_ba(&c->st, &p->bu, p->peer, &e);
    if (e.must_answer && !e.silent && !e.may_silent) {
        char seen[160];
        snprintf(seen, sizeof seen, "no BA to BU seq %u", p->bu.seq);
        if (final && f->now - p->ts < f->o.ba_timeout) {
            char why[160];
            snprintf(why, sizeof why, "a BA within %.1f s: the capture ends %.3f s after the BU", f->o.ba_timeout,
                     f->now - p->ts);
            report(f, c, MM_R_BA_FOR_A, p->peer, p->frame, 0, 0, "undecided", why, seen);
        } else
            report(f, c, MM_R_BA_FOR_A, p->peer, p->frame, 0, 0, "finding", "a BA to a valid BU with A", seen);
    }
    mm_apply(&c->st, &p->bu, &e, NULL, p->ts);
    p->used = 0;
}

static int reg_find(const mnside *m, uint16_t bid);

static void mn_after_ba(conv *c, const mm_bu *bu, double bu_ts, const mm_ba *ba, uint64_t frame, double ba_ts)
{
    mnside *m = &c->mn;
    if (m->o_pend && bu->O && bu->lifetime && bu->seq == m->o_seq) {
        m->o_pend = 0;
        if (ba->status < 128) { /* accepted: the bindings it did not carry are replaced */
            for (int k = 0; k < m->nold; k++) {
                int r = reg_find(m, m->old[k]);
                if (r >= 0)
                    m->reg[r] = m->reg[--m->nreg];
            }
            m->known = 1;
        }
    }
    if (ba->status == 165) {
        m->need_o = frame;
        m->bu_165 = *bu;
        m->bu_165_ts = bu_ts;
        m->ba_165_ts = ba_ts;
    }
    if (ba->status == 166)
        m->no_mcoa = frame;
    if (ba->status == 135) {
        /* RFC 6275 9.5.1, 11.7.3: the BA carries the peer's last accepted
         * number and the next BU goes after it, even where that is behind
         * the MN's own last one (the peer lost track, as after a restart) */
        m->last_seq = ba->seq;
        m->seq_known = 1;
    }
    if (ba->status == 168 && bu->nbid > 1)
        m->no_bulk = frame;
    if (bu->nbid && bu->lifetime && !ba->nbid && ba->status < 128) /* 5.7: "for a multiple care-of addresses registration" */
        m->no_fb = frame;
    for (int i = 0; i < bu->nbid; i++) {
        int s = ba->status;
        for (int k = 0; k < ba->nbid; k++)
            if (ba->bid[k].bid == bu->bid[i].bid && ba->bid[k].status)
                s = ba->bid[k].status;
        if (s == 167 && !bu->bid[i].has_coa && bu->lifetime && m->nneed < 4) {
            m->need_coa[m->nneed++] = bu->bid[i].bid;
            m->coa_frame = frame;
        }
    }
}

static void on_ba(mm_follow *f, const mm_msg *m, uint64_t frame)
{
    conv *c = conv_get(f, &m->hoa, &m->src, frame, 0);
    if (!c)
        return; /* an answer to no BU we saw */
    member(f, c, frame, 0);
    int k = -1;
    for (int i = 0; i < NPEND; i++)
        if (c->p[i].used && c->p[i].bu.seq == m->ba.seq && (k < 0 || c->p[i].ts >= c->p[k].ts))
            k = i;
    if (k < 0 && m->ba.status == 135) /* 135 carries the last accepted number: the latest BU */
        for (int i = 0; i < NPEND; i++)
            if (c->p[i].used && (k < 0 || c->p[i].ts >= c->p[k].ts))
                k = i;
    if (k < 0)
        return; /* a BA whose BU was not captured (or answered already): nothing to judge it against */
    pend *p = &c->p[k];
    /* older BUs still unanswered past the timeout go first */
    for (int i = 0; i < NPEND; i++)
        if (i != k && c->p[i].used && c->p[i].ts < p->ts && f->now - c->p[i].ts > f->o.ba_timeout)
            resolve_pending(f, c, i, 0);
    mm_expect e;
    mm_state_expire(&c->st, f->now, f->o.grace);
    mm_expect_ba(&c->st, &p->bu, p->peer, &e);
    fctx x = {f, c, p->peer, p->frame, frame};
    mm_judge_ba(&c->st, &p->bu, &e, &m->ba, on_finding, &x);
    mm_apply(&c->st, &p->bu, &e, &m->ba, f->now);
    mn_after_ba(c, &p->bu, p->ts, &m->ba, frame, f->now);
    p->used = 0;
    touch(f, c);
}

/* ---- the mobile node's BUs ----------------------------------------------------------- */
static int seq_newer(uint16_t x, uint16_t last)
{
    uint16_t d = (uint16_t)(x - last);
    return d >= 1 && d <= 32767;
}

static int reg_find(const mnside *m, uint16_t bid)
{
    for (int i = 0; i < m->nreg; i++)
        if (m->reg[i].bid == bid)
            return i;
    return -1;
}

/* The same registration apart from its sequence number (a retransmission
 * numbers anew, RFC 5648 4.1). */
static int same_registration(const mm_bu *a, const mm_bu *b)
{
    if (a->A != b->A || a->H != b->H || a->L != b->L || a->K != b->K || a->O != b->O || a->lifetime != b->lifetime ||
        a->nbid != b->nbid || memcmp(a->src.a, b->src.a, 16) || a->src.v4 != b->src.v4)
        return 0;
    for (int i = 0; i < a->nbid; i++) {
        const mm_bidopt *x = &a->bid[i], *y = &b->bid[i];
        if (x->bid != y->bid || x->hflag != y->hflag || x->has_coa != y->has_coa ||
            (x->has_coa && (memcmp(x->coa.a, y->coa.a, 16) || x->coa.v4 != y->coa.v4)))
            return 0;
    }
    return 1;
}

/* A BID option of one BU is in the other. */
static int shares_bid(const mm_bu *a, const mm_bu *b)
{
    for (int i = 0; i < a->nbid; i++)
        for (int k = 0; k < b->nbid; k++)
            if (a->bid[i].bid == b->bid[k].bid)
                return 1;
    return 0;
}

/* A BU without O right after a 165 that repeats the BU the 165 answered, as
 * its retransmission timer would (at least INITIAL_BINDACK_TIMEOUT after it,
 * RFC 6275 11.8), and leaves within that timeout of the BA: the mobile node
 * may have sent it before it read the BA (the two crossed).  Not the reaction 5.7 asks for: the next BU is
 * judged.  A node that answers 165 at once with the same BU without O is not
 * excused: its BU leaves less than the timeout after the one answered. */
static int after_165_crossed(const mnside *m, const mm_bu *bu, double ts)
{
    double timeout = MC_INITIAL_BINDACK_TIMEOUT_MS / 1000.0;
    return !bu->O && same_registration(bu, &m->bu_165) && ts - m->bu_165_ts >= timeout * 0.95 &&
           ts - m->ba_165_ts < timeout;
}

static void mn_rules(mm_follow *f, conv *c, const mm_msg *msg, uint64_t frame)
{
    const mm_bu *bu = &msg->bu;
    mnside *m = &c->mn;
    char seen[160], exp[200];
#define MNF(rule, e, s, fr) report(f, c, rule, MM_MN, frame, fr, 0, "finding", e, s)
    /* one sequence space per peer (RFC 6275 11.7.1) */
    if (m->seq_known && !(bu->seq == m->last_seq && msg->hash == m->last_hash) && !seq_newer(bu->seq, m->last_seq)) {
        snprintf(exp, sizeof exp, "a sequence number newer than %u (the MN's previous BU to this peer)", m->last_seq);
        snprintf(seen, sizeof seen, "seq %u", bu->seq);
        MNF(MM_R_MN_SEQ, exp, seen, m->last_frame);
    }
    if (!m->seq_known || seq_newer(bu->seq, m->last_seq)) {
        m->last_seq = bu->seq;
        m->seq_known = 1;
    }
    int retrans = m->last_frame && msg->hash == m->last_hash;
    m->last_hash = msg->hash;
    m->last_frame = frame;
    if (retrans)
        return; /* the same BU again: judged the first time */
    for (int i = 0; i < bu->nbid; i++) {
        const mm_bidopt *o = &bu->bid[i];
        if (o->len != MC_BID_LEN_NOCOA && o->len != MC_BID_LEN_V4 && o->len != MC_BID_LEN_V6) {
            snprintf(seen, sizeof seen, "BID %u of Length %u", o->bid, o->len);
            MNF(MM_R_MN_BID_LEN, "Length 4, 8 or 20", seen, 0);
        }
        if (o->reserved) {
            snprintf(seen, sizeof seen, "BID %u Reserved 0x%02x", o->bid, o->reserved);
            MNF(MM_R_MN_BID_RESERVED, "Reserved 0", seen, 0);
        }
        if (o->bid == 0)
            MNF(MM_R_MN_BID_ZERO, "a BID from 1 to 65535", "BID 0", 0);
        for (int k = 0; k < i; k++) {
            const mm_bidopt *q = &bu->bid[k];
            if ((q->bid == o->bid) || (q->has_coa && o->has_coa && aeq(&q->coa, &o->coa))) {
                snprintf(seen, sizeof seen, "BID %u and BID %u %s", q->bid, o->bid,
                         q->bid == o->bid ? "twice" : "with the same care-of address");
                MNF(MM_R_MN_BID_UNIQUE, "one BID per care-of address, each BID once", seen, 0);
                k = i;
            }
        }
        /* home binding (5.6.3) and leaving home (5.6.5) */
        if (o->hflag && o->has_coa && !aeq(&o->coa, &msg->hoa)) {
            int foreign = !bu->from_home;
            snprintf(seen, sizeof seen, "BID %u H with care-of address %s", o->bid, foreign ? "(foreign)" : "");
            fmt_addr(&o->coa, seen + strlen(seen), sizeof seen - strlen(seen));
            MNF(foreign ? MM_R_MN_LEAVE_HOME_H : MM_R_MN_HOME_COA,
                foreign ? "H clear in a BID option of a foreign care-of address" : "the home address as the CoA of a BID option with H",
                seen, 0);
        }
        if (o->hflag && o->has_coa && aeq(&o->coa, &msg->hoa) && !bu->lifetime) {
            snprintf(seen, sizeof seen, "BID %u H, home address, lifetime 0", o->bid);
            MNF(MM_R_MN_HOME_LIFETIME, "a non-zero lifetime registering a home binding", seen, 0);
        }
        int r = reg_find(m, o->bid);
        if (!o->hflag && bu->from_home && bu->lifetime && r >= 0 && m->reg[r].home && !o->has_coa) {
            snprintf(seen, sizeof seen, "BID %u refreshed from the home link with H clear", o->bid);
            MNF(MM_R_MN_HOME_REFRESH_H, "H set in every BU of the home binding", seen, 0);
        }
        if (bu->lifetime && !o->has_coa && r < 0 && m->known) {
            snprintf(seen, sizeof seen, "BID %u without care-of address, never registered", o->bid);
            MNF(MM_R_MN_FIRST_COA, "the care-of address in the first registration of a BID", seen, 0);
        }
        if (o->has_coa && o->coa.v4 && r < 0 && bu->nbid > 1) {
            snprintf(seen, sizeof seen, "BID %u with a new IPv4 care-of address in a BU of %u BID options", o->bid,
                     bu->nbid);
            MNF(MM_R_MN_V4_BULK, "an individual BU for a new IPv4 care-of address", seen, 0);
        }
        for (int k = 0; k < m->nneed; k++)
            if (m->need_coa[k] == o->bid && bu->lifetime) {
                if (!o->has_coa) {
                    snprintf(seen, sizeof seen, "BID %u again without care-of address", o->bid);
                    MNF(MM_R_MN_AFTER_167, "the care-of address after 167", seen, m->coa_frame);
                }
                m->need_coa[k] = m->need_coa[--m->nneed];
                break;
            }
    }
    if (!bu->H && bu->nbid > 1) {
        snprintf(seen, sizeof seen, "%u BID options in a BU to a correspondent (H clear)", bu->nbid);
        MNF(MM_R_MN_NO_BULK_CN, "one BID option per BU to a correspondent", seen, 0);
    }
    if (bu->has_lla && bu->lla_code != MC_LLA_CODE_MN)
        for (int i = 0; i < bu->nbid; i++)
            if (bu->bid[i].hflag) {
                snprintf(seen, sizeof seen, "Option-Code %u", bu->lla_code);
                MNF(MM_R_MN_LLA_CODE, "Option-Code 2", seen, 0);
                break;
            }
    if (bu->nbid && bu->has_altcoa)
        MNF(MM_R_MN_ALTCOA, "no Alternate Care-of Address option", "Alternate Care-of Address option", 0);
    if (bu->nbid && bu->has_v4coa)
        MNF(MM_R_MN_V4COA_OPT, "no IPv4 Care-of Address option", "IPv4 Care-of Address option", 0);
    /* reactions to the peer's answers */
    if (m->need_o && bu->lifetime && bu->nbid && !shares_bid(bu, &m->bu_165)) {
        /* another registration (e.g. another care-of address's BU to a
         * correspondent, one BU per care-of address, sent before the 165
         * and captured after it: CI's run of caadfc8): not the one
         * the 165 asks to send again; with O it would even replace the
         * bindings 5.7 keeps */
    } else if (m->need_o && bu->lifetime && bu->nbid && after_165_crossed(m, bu, f->now)) {
        snprintf(seen, sizeof seen, "a retransmission of the BU the 165 answered, %.0f ms after the 165",
                 (f->now - m->ba_165_ts) * 1000);
        report(f, c, MM_R_MN_AFTER_165, MM_MN, frame, m->need_o, 0, "undecided",
               "O set after 165 (this BU may have left before the 165 was read: the next is judged)", seen);
        m->bu_165_ts = f->now; /* one crossed the BA; a later one is the MN's choice */
    } else if (m->need_o && bu->lifetime && bu->nbid) {
        if (!bu->O)
            MNF(MM_R_MN_AFTER_165, "O set after 165", "O clear", m->need_o);
        m->need_o = 0;
    }
    if (m->no_mcoa && bu->nbid) {
        MNF(MM_R_MN_AFTER_166, "no BID option after 166", "a BU with BID options", m->no_mcoa);
        m->no_mcoa = 0;
    }
    if (m->no_fb && bu->nbid) {
        MNF(MM_R_MN_NO_BID_FALLBACK, "no BID option after a BA without one", "a BU with BID options", m->no_fb);
        m->no_fb = 0;
    }
    if (m->no_bulk && bu->nbid > 1) {
        snprintf(seen, sizeof seen, "a BU with %u BID options", bu->nbid);
        MNF(MM_R_MN_AFTER_168, "no bulk BU after 168", seen, m->no_bulk);
        m->no_bulk = 0;
    }
    if (m->brr_frame) {
        int cover = !bu->nbid;
        for (int i = 0; i < bu->nbid && !cover; i++)
            for (int k = 0; k < m->nbrr; k++)
                cover |= bu->bid[i].bid == m->brr[k];
        if (!cover) {
            snprintf(seen, sizeof seen, "a BU for BID %u", bu->nbid ? bu->bid[0].bid : 0);
            MNF(MM_R_MN_BRR, "a BU for a BID the BRR asked for", seen, m->brr_frame);
        }
        m->brr_frame = 0;
        m->nbrr = 0;
    }
    if (bu->H && bu->nbid && bu->lifetime && !m->mcoa_seen && c->from_start && c->first_frame == frame && !bu->O)
        MNF(MM_R_MN_BOOTSTRAP_O, "O set in the first registration with BID options", "O clear", 0);
    if (bu->nbid)
        m->mcoa_seen = 1;
    /* what the MN has registered with this peer; an O replaces the
     * others only once accepted (mn_after_ba) */
    if (bu->O && bu->lifetime) {
        m->o_pend = 1;
        m->o_seq = bu->seq;
        m->nold = 0;
        for (int k = 0; k < m->nreg; k++) {
            int carried = 0;
            for (int i = 0; i < bu->nbid; i++)
                carried |= bu->bid[i].bid == m->reg[k].bid;
            if (!carried)
                m->old[m->nold++] = m->reg[k].bid;
        }
    }
    for (int i = 0; i < bu->nbid; i++) {
        const mm_bidopt *o = &bu->bid[i];
        int r = reg_find(m, o->bid);
        /* a BU after the O BU reaches the peer after it: with its care-of
         * address it registers the BID anew once the O has replaced the
         * bindings (6.2: no binding for the BID, a new one), so the O does
         * not take it away (found by explore --role mn: after 168 the
         * individual BUs go together, the first with O) */
        for (int k = 0; m->o_pend && bu->lifetime && o->has_coa && bu->seq != m->o_seq && k < m->nold; k++)
            if (m->old[k] == o->bid)
                m->old[k--] = m->old[--m->nold];
        if (bu->lifetime && r < 0 && m->nreg < NREG) {
            m->reg[m->nreg].bid = o->bid;
            m->reg[m->nreg++].home = o->hflag;
        } else if (bu->lifetime && r >= 0 && o->has_coa)
            m->reg[r].home = o->hflag;
    }
#undef MNF
}

static void rr_first(mm_follow *f, conv *c, const mm_msg *msg, uint64_t frame)
{
    const mm_bu *bu = &msg->bu;
    if (bu->H || !bu->lifetime || !c->from_start || bu->from_home)
        return;
    conv *co = conv_get(f, &bu->src, &c->peer, frame, 0);
    if (!c->hot_seen || !co || !co->cot_seen) {
        char seen[160];
        snprintf(seen, sizeof seen, "a BU to the correspondent with %s", !c->hot_seen ? "no HoT before it" : "no CoT "
                 "for its care-of address before it");
        report(f, c, MM_R_MN_RR_FIRST, MM_MN, frame, 0, 0, "finding",
               "return routability (HoT and CoT) before the first BU to a correspondent", seen);
    }
}

static void on_bu(mm_follow *f, const mm_msg *m, uint64_t frame)
{
    conv *c = conv_get(f, &m->hoa, &m->dst, frame, 1);
    if (!c)
        return;
    int peer = m->bu.H ? MM_HA : MM_CN;
    c->role = (uint8_t)peer;
    member(f, c, frame, 1);
    c->bu_src = m->bu.src;
    c->bu_ts = f->now;
    c->bu_frame = frame;
    int retrans = 0;
    for (int i = 0; i < NPEND; i++)
        if (c->p[i].used && f->now - c->p[i].ts > f->o.ba_timeout)
            resolve_pending(f, c, i, 0);
    if (judged(f, MM_MN) && m->bu.csum_ok != 0) { /* a corrupt BU's bytes say nothing of the MN */
        if (!c->mn.known && !c->from_start && c->first_frame == frame)
            report(f, c, -1, MM_MN, frame, 0, 0, "undecided",
                   "the conversation from its start (--from-start)",
                   "first packet seen in the middle: the MN's earlier registrations are unknown");
        mn_rules(f, c, m, frame);
        if (!m->bu.H)
            rr_first(f, c, m, frame);
    }
    /* a retransmission (same sequence number) replaces its pending copy */
    for (int i = 0; i < NPEND; i++)
        if (c->p[i].used && c->p[i].bu.seq == m->bu.seq) {
            retrans = 1;
            c->p[i].ts = f->now;
            c->p[i].frame = frame;
            c->p[i].bu = m->bu;
        }
    if (!retrans) {
        int k = -1;
        for (int i = 0; i < NPEND; i++)
            if (!c->p[i].used) {
                k = i;
                break;
            }
        if (k < 0) { /* full: the oldest is unanswered */
            k = 0;
            for (int i = 1; i < NPEND; i++)
                if (c->p[i].ts < c->p[k].ts)
                    k = i;
            resolve_pending(f, c, k, 0);
        }
        c->p[k].used = 1;
        c->p[k].peer = (uint8_t)peer;
        c->p[k].frame = frame;
        c->p[k].ts = f->now;
        c->p[k].bu = m->bu;
    }
    touch(f, c);
}

/* ---- BRR, return routability ------------------------------------------------------------ */
static void opts_sent(mm_follow *f, conv *c, int role, const mm_ba *o, uint64_t frame)
{
    char seen[160];
    for (int i = 0; i < o->nbid; i++) {
        if (o->bid[i].reserved) {
            snprintf(seen, sizeof seen, "BID %u Reserved 0x%02x", o->bid[i].bid, o->bid[i].reserved);
            report(f, c, MM_R_BID_RESERVED, role, frame, 0, 0, "finding", "Reserved 0 in its BID options", seen);
            break;
        }
    }
    for (int i = 0; i < o->nbid; i++) {
        if (o->bid[i].len != MC_BID_LEN_NOCOA) {
            snprintf(seen, sizeof seen, "BID %u of Length %u", o->bid[i].bid, o->bid[i].len);
            report(f, c, MM_R_BID_NO_COA, role, frame, 0, 0, "finding", "BID options of Length 4 outside a BU", seen);
            break;
        }
    }
}

static void on_brr(mm_follow *f, const mm_msg *m, uint64_t frame)
{
    conv *c = conv_get(f, &m->hoa, &m->src, frame, 0);
    if (!c)
        return;
    member(f, c, frame, 0);
    int role = c->role ? c->role : MM_HA;
    mm_state_expire(&c->st, f->now, f->o.grace);
    if (!m->ba.nbid && mm_state_count(&c->st))
        report(f, c, MM_R_BRR_BID, role, frame, 0, 0, "finding",
               "BID options in a BRR for bindings registered with BIDs", "a BRR without BID option");
    opts_sent(f, c, role, &m->ba, frame);
    c->mn.brr_frame = m->ba.nbid ? frame : 0;
    c->mn.nbrr = 0;
    for (int i = 0; i < m->ba.nbid && i < 4; i++)
        c->mn.brr[c->mn.nbrr++] = m->ba.bid[i].bid;
    touch(f, c);
}

static void on_rr(mm_follow *f, const mm_msg *m, uint64_t frame)
{
    char seen[160];
    int init = m->kind == MM_MSG_HOTI || m->kind == MM_MSG_COTI;
    /* HoTI/CoTI: (source, correspondent); HoT/CoT: (destination, correspondent) */
    conv *c = init ? conv_get(f, &m->src, &m->dst, frame, 1) : conv_get(f, &m->dst, &m->src, frame, 0);
    if (!c)
        return;
    member(f, c, frame, init);
    if (m->kind == MM_MSG_HOTI) {
        c->hoti[c->nhoti++ & 3] = m->cookie;
    } else if (m->kind == MM_MSG_COTI) {
        for (int i = 0; i < m->ba.nbid; i++)
            if (m->ba.bid[i].len != MC_BID_LEN_NOCOA) {
                snprintf(seen, sizeof seen, "BID %u of Length %u in a CoTI", m->ba.bid[i].bid, m->ba.bid[i].len);
                report(f, c, MM_R_MN_COTI_BID_NO_COA, MM_MN, frame, 0, 0, "finding",
                       "BID options of Length 4 (no Care-of Address) outside a BU", seen);
                break;
            }
        int k = c->ncoti++ & 3;
        c->coti[k] = m->cookie;
        c->coti_hasbid[k] = m->ba.nbid > 0;
        c->coti_bid[k] = m->ba.nbid ? m->ba.bid[0].bid : 0;
    } else {
        int hot = m->kind == MM_MSG_HOT;
        uint64_t *ck = hot ? c->hoti : c->coti;
        int n = hot ? c->nhoti : c->ncoti, k = -1;
        for (int i = 0; i < 4 && i < n; i++)
            if (ck[i] == m->cookie)
                k = i;
        if (n && k < 0) {
            snprintf(seen, sizeof seen, "%s cookie 0x%llx", hot ? "HoT" : "CoT", (unsigned long long)m->cookie);
            report(f, c, hot ? MM_R_HOT_COOKIE : MM_R_COT_COOKIE, MM_CN, frame, 0, 0, "finding",
                   hot ? "the Home Init Cookie of a HoTI" : "the Care-of Init Cookie of a CoTI", seen);
        }
        if (hot)
            c->hot_seen = 1;
        else {
            c->cot_seen = 1;
            if (k >= 0 && c->coti_hasbid[k]) {
                int has = 0;
                for (int i = 0; i < m->ba.nbid; i++)
                    has |= m->ba.bid[i].bid == c->coti_bid[k];
                if (!has) {
                    snprintf(seen, sizeof seen, "a CoT without BID %u", c->coti_bid[k]);
                    report(f, c, MM_R_COT_BID, MM_CN, frame, 0, 0, "finding", "the CoTI's BID option in the CoT",
                           seen);
                }
            }
            opts_sent(f, c, MM_CN, &m->ba, frame);
        }
    }
    touch(f, c);
}

/* ---- Binding Errors (RFC 5648 6.5, RFC 6275 9.3.1) ----------------------------------------------- */
static void on_data_hao(mm_follow *f, const mm_msg *m)
{
    conv *c = conv_get(f, &m->hoa, &m->dst, 0, 0);
    if (c) /* a Binding Error may answer it (from any source: kept simple, and on the safe side) */
        c->data_ts = f->now;
}

static void on_be(mm_follow *f, const mm_msg *m, uint64_t frame)
{
    conv *c = conv_get(f, &m->be_home, &m->src, frame, 0);
    if (!c)
        return;
    member(f, c, frame, 0);
    /* a BE to the source of a BU just sent, no data with a Home Address
     * option around it: the BU itself got the care-of address check */
    if (m->be_status == 1 && c->bu_frame && f->now - c->bu_ts <= f->o.ba_timeout && f->now >= c->bu_ts &&
        aeq(&m->dst, &c->bu_src) && !(c->data_ts && c->data_ts >= c->bu_ts - 1.0)) {
        char seen[160];
        snprintf(seen, sizeof seen, "a Binding Error (status 1) to the BU's source %.2f s after it",
                 f->now - c->bu_ts);
        report(f, c, MM_R_BE_FOR_BU, c->role ? c->role : MM_HA, c->bu_frame, frame, 0, "finding",
               "a BU is not subject to the care-of address check of packets with a Home Address option", seen);
    }
    touch(f, c);
}

/* ---- frames ------------------------------------------------------------------------------- */
static int is_esp(const mc_dissection *d)
{
    const mc_pkt *p = &d->pkt;
    for (int i = 0; i < p->nlayers; i++) {
        uint64_t nh = 0;
        if (p->l[i].kind == MC_LK_EXT6 && p->l[i].code == 50)
            return 1;
        if (p->l[i].kind == MC_LK_IPV6 && mc_layer_get(&p->l[i], "nh", &nh) == 0 && nh == 50)
            return 1;
    }
    return 0;
}

static int duplicate(mm_follow *f, const mm_msg *m, int point)
{
    /* direct-mapped by hash: the copy of a packet follows it closely */
    unsigned k = (unsigned)(m->hash >> 40) % NDUP;
    const struct dupent *e = &f->dup[k];
    if (e->hash == m->hash && f->now - e->ts <= 1.0 && f->now >= e->ts - 1.0 &&
        (point >= 0 && e->point >= 0 ? point != e->point : e->hlim != m->hlim))
        return 1;
    f->dup[k].hash = m->hash;
    f->dup[k].ts = f->now;
    f->dup[k].point = point;
    f->dup[k].hlim = m->hlim;
    return 0;
}

void mm_follow_frame(mm_follow *f, const mc_dissection *d, uint64_t frameno, double ts, int point)
{
    f->st.frames++;
    if (ts > f->now)
        f->now = ts;
    /* conversations idle past their lifetimes go, every 64k frames or 5 s of capture */
    if ((f->st.frames & 65535) == 0 || f->now - f->last_sweep > 5.0) {
        f->last_sweep = f->now;
        sweep(f, 0);
    }
    mm_msg *m = &f->msg;
    if (!mm_read(d, m)) {
        if (d->mh < 0 && is_esp(d) && !f->esp_frames++)
            f->esp_first = frameno;
        return;
    }
    if (m->kind == MM_MSG_DATA_HAO) {
        on_data_hao(f, m);
        return;
    }
    f->st.mh++;
    if (duplicate(f, m, point)) {
        f->st.duplicates++;
        return;
    }
    switch (m->kind) {
    case MM_MSG_BU: on_bu(f, m, frameno); break;
    case MM_MSG_BA: on_ba(f, m, frameno); break;
    case MM_MSG_BRR: on_brr(f, m, frameno); break;
    case MM_MSG_HOTI:
    case MM_MSG_COTI:
    case MM_MSG_HOT:
    case MM_MSG_COT: on_rr(f, m, frameno); break;
    case MM_MSG_BE: on_be(f, m, frameno); break;
    default: break;
    }
}

void mm_follow_end(mm_follow *f)
{
    sweep(f, 1);
    if (f->esp_frames) {
        char seen[160];
        snprintf(seen, sizeof seen, "%llu frames under ESP (IPsec), the first frame %llu",
                 (unsigned long long)f->esp_frames, (unsigned long long)f->esp_first);
        report(f, NULL, -1, MM_HA | MM_CN | MM_MN, f->esp_first, 0, 0, "undecided",
               "signalling in the clear (ESP-NULL or none)", seen);
    }
    if (f->untracked) {
        char seen[160];
        snprintf(seen, sizeof seen, "%llu conversations not followed (more than %zu at once)",
                 (unsigned long long)f->untracked, f->o.max_convs);
        report(f, NULL, -1, MM_HA | MM_CN | MM_MN, 0, 0, 0, "undecided", "every conversation followed", seen);
    }
}

mm_follow *mm_follow_new(const mm_follow_opts *o, mm_report_fn fn, void *ctx)
{
    mm_follow *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->o = *o;
    if (f->o.ba_timeout <= 0)
        f->o.ba_timeout = 1.5;
    if (f->o.grace <= 0)
        f->o.grace = 2.0;
    if (!f->o.max_convs)
        f->o.max_convs = 65536;
    f->nbuckets = 1u << 14;
    f->tab = calloc(f->nbuckets, sizeof *f->tab);
    if (!f->tab) {
        free(f);
        return NULL;
    }
    f->fn = fn;
    f->ctx = ctx;
    return f;
}

void mm_follow_stats_get(const mm_follow *f, mm_follow_stats *st)
{
    *st = f->st;
    st->live_conversations = f->nconv;
}

void mm_follow_free(mm_follow *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->nbuckets; i++)
        for (conv *c = f->tab[i], *n; c; c = n) {
            n = c->next;
            free(c);
        }
    free(f->tab);
    free(f);
}
