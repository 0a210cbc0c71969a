/*
 * model.c - the binding state a home agent or correspondent node must hold
 * (RFC 5648 6.2, RFC 6275 9.5.1 / 10.3.1) and the answers the RFC allows
 * to a Binding Update, written from the RFC text (see mcoa_model.h).
 *
 * Freedom the RFC leaves is allowed, never narrowed to one node's choice:
 *   - refusals of policy or configuration at any time: 128 (unspecified),
 *     129 (administratively prohibited), 130 (insufficient resources),
 *     166 (MCoA prohibited) for a BU with BID options, 168 (bulk
 *     prohibited) for one with several, 169 for a BID option with H;
 *     an HA that accepted nothing of a home address yet may also answer
 *     132, 133, 134 (RFC 6275 10.3.1), a CN 131 to H and 136-138;
 *   - a single BID option's status in the BA Status or in the option with
 *     BA Status 4 (HA), 5 in the BA or in the option (6.3);
 *   - BID option copies in any order (6.2 names none);
 *   - any granted lifetime up to the requested one.
 * What the model does not know (a conversation caught in its middle, a
 * lifetime at its edge) allows both outcomes.
 */
#include <string.h>
#include "mcoa_model.h"

/* RFC 6275 9.5.1: newer when (x - last) mod 2^16 is in 1..32767. */
static int seq_newer(uint16_t x, uint16_t last)
{
    uint16_t d = (uint16_t)(x - last);
    return d >= 1 && d <= 32767;
}

static int addr_eq(const mm_addr *a, const mm_addr *b)
{
    return a->v4 == b->v4 && !memcmp(a->a, b->a, a->v4 ? 4 : 16);
}

void mm_state_init(mm_state *s, int from_start)
{
    memset(s, 0, sizeof *s);
    s->all_known = from_start ? 1 : 0;
    s->nonmcoa = from_start ? MM_ABSENT : MM_UNKNOWN;
    s->seq_known = 0; /* with no binding any number is accepted: 135 is then wrong (seq-newer-not-135) */
    if (from_start)
        s->seq_known = 2; /* 2: no previous valid BU */
}

static mm_binding *find_b(mm_state *s, uint16_t bid)
{
    for (int i = 0; i < s->nb; i++)
        if (s->b[i].bid == bid)
            return &s->b[i];
    return NULL;
}

int mm_state_know(const mm_state *s, uint16_t bid)
{
    for (int i = 0; i < s->nb; i++)
        if (s->b[i].bid == bid)
            return s->b[i].know;
    return s->all_known ? MM_ABSENT : MM_UNKNOWN;
}

int mm_state_count(const mm_state *s)
{
    int n = 0;
    for (int i = 0; i < s->nb; i++)
        n += s->b[i].know == MM_PRESENT;
    return n;
}

static mm_binding *get_b(mm_state *s, uint16_t bid)
{
    mm_binding *b = find_b(s, bid);
    if (b)
        return b;
    if (s->nb < MM_MAX_BINDINGS) {
        b = &s->b[s->nb++];
    } else { /* full: forget an absent entry, else the cache is no longer known */
        int k = 0;
        for (int i = 0; i < s->nb; i++)
            if (s->b[i].know == MM_ABSENT)
                k = i;
        if (s->b[k].know != MM_ABSENT)
            s->all_known = 0;
        b = &s->b[k];
    }
    memset(b, 0, sizeof *b);
    b->bid = bid;
    b->know = s->all_known ? MM_ABSENT : MM_UNKNOWN;
    return b;
}

static void drop_absent(mm_state *s)
{
    if (!s->all_known)
        return;
    int j = 0;
    for (int i = 0; i < s->nb; i++)
        if (s->b[i].know != MM_ABSENT)
            s->b[j++] = s->b[i];
    s->nb = (uint8_t)j;
}

static int edge(double now, double exp, double grace)
{
    if (exp <= 0)
        return -1;
    if (now > exp + grace)
        return 1;           /* expired */
    if (now > exp - grace)
        return 0;           /* at the edge: unknown */
    return -1;
}

void mm_state_expire(mm_state *s, double now, double grace)
{
    for (int i = 0; i < s->nb; i++) {
        mm_binding *b = &s->b[i];
        if (b->know == MM_ABSENT)
            continue;
        int e = edge(now, b->expires, grace);
        if (e == 1) {
            b->know = MM_ABSENT;
            b->expires = 0;
        } else if (e == 0)
            b->know = MM_UNKNOWN;
    }
    if (s->nonmcoa != MM_ABSENT) {
        int e = edge(now, s->nonmcoa_expires, grace);
        if (e == 1) {
            s->nonmcoa = MM_ABSENT;
            s->nonmcoa_expires = 0;
        } else if (e == 0)
            s->nonmcoa = MM_UNKNOWN;
    }
    drop_absent(s);
}

/* ---- expectation ----------------------------------------------------------- */
static void st_one(mm_stset *s, int v)
{
    memset(s, 0, sizeof *s);
    mm_st_add(s, v);
}

static int routable(const mm_addr *a)
{
    return mc_addr_class_routable(a->v4 ? mc_addr4_class(a->a) : mc_addr6_class(a->a));
}

void mm_expect_ba(const mm_state *s, const mm_bu *bu, int peer, mm_expect *e)
{
    memset(e, 0, sizeof *e);
    e->peer = (uint8_t)peer;
    e->whole_rule = -1;
    e->home_status = -1;
    e->nbid = bu->nbid;
    for (int i = 0; i < MM_MAX_BID; i++)
        e->bid_rule[i] = -1;
    if (bu->csum_ok == 0) { /* RFC 6275 9.2: silently discarded */
        e->silent = 1;
        e->whole_rule = MM_R_NO_ANSWER_BAD_CSUM;
        return;
    }
    /* a home agent answers a home registration "regardless of the setting
     * of the Acknowledge (A) bit" (RFC 6275 10.3.1, 10.3.2) */
    e->must_answer = bu->A || (peer == MM_HA && bu->H);
    /* a CN discards a BU whose authenticator does not verify (RFC 6275
     * 9.5.1): without the keygen tokens' keys the model cannot tell */
    if (peer == MM_CN)
        e->may_silent = 1;
    /* refusals of policy and configuration */
    mm_st_add(&e->policy, 128);
    mm_st_add(&e->policy, 129);
    mm_st_add(&e->policy, 130);
    mm_st_add(&e->policy, 139);
    if (peer == MM_HA && !s->accepted_any) {
        mm_st_add(&e->policy, 132);
        mm_st_add(&e->policy, 133);
        mm_st_add(&e->policy, 134);
    }
    if (peer == MM_CN) {
        mm_st_add(&e->policy, 136);
        mm_st_add(&e->policy, 137);
        mm_st_add(&e->policy, 138);
        if (bu->H)
            mm_st_add(&e->policy, 131);
    }
    if (bu->nbid) {
        mm_st_add(&e->policy, 166);
        if (bu->nbid > 1)
            mm_st_add(&e->policy, 168);
        for (int i = 0; i < bu->nbid; i++)
            if (bu->bid[i].hflag)
                mm_st_add(&e->policy, 169);
    }
    int newer = s->seq_known != 1 || seq_newer(bu->seq, s->last_seq);
    if (!newer) {
        /* RFC 6275 9.5.1: the number is compared with the previous valid
         * BU's only while a Binding Cache entry exists for the home
         * address; with none, any Sequence Number is accepted */
        int bce = mm_state_count(s) || s->nonmcoa == MM_PRESENT;
        int maybe = !s->all_known || s->nonmcoa == MM_UNKNOWN;
        for (int i = 0; i < s->nb; i++)
            maybe |= s->b[i].know == MM_UNKNOWN;
        if (!bce) {
            newer = 1;
            if (maybe) {
                mm_st_add(&e->policy, 135);
                e->seq_uncertain = 1;
            }
        }
    }
    if (!s->seq_known) {
        mm_st_add(&e->policy, 135);
        e->seq_uncertain = 1;
    }
    int badlen = 0, any_absent = 0, any_unknown = 0, unroutable = 0;
    for (int i = 0; i < bu->nbid; i++) {
        const mm_bidopt *o = &bu->bid[i];
        if (o->len != MC_BID_LEN_NOCOA && o->len != MC_BID_LEN_V4 && o->len != MC_BID_LEN_V6)
            badlen = 1;
        if (o->has_coa && !routable(&o->coa))
            unroutable = 1;
        int k = mm_state_know(s, o->bid);
        any_absent |= k == MM_ABSENT;
        any_unknown |= k == MM_UNKNOWN;
    }
    /* whole-BU decisions, in the order of the RFC's processing */
    if (badlen) {
        e->whole_rule = MM_R_LEN_164;
        st_one(&e->whole, 164);
    } else if (peer == MM_CN && bu->nbid > 1) {
        e->whole_rule = MM_R_CN_BULK_168;
        st_one(&e->whole, 168);
    } else if (!newer) {
        e->whole_rule = MM_R_SEQ_135;
        st_one(&e->whole, 135);
    } else if (bu->lifetime == 0 && bu->nbid && any_absent) {
        e->whole_rule = MM_R_DEREG_133;
        st_one(&e->whole, 133);
    } else if (bu->lifetime && bu->nbid && !bu->O && s->nonmcoa == MM_PRESENT) {
        e->whole_rule = MM_R_NONMCOA_165;
        st_one(&e->whole, 165);
    }
    if (e->whole_rule >= 0) {
        if (!newer && e->whole_rule != MM_R_SEQ_135)
            mm_st_add(&e->whole, 135); /* either check may come first */
        /* 6.2 checks a CoA before bulk (CN) and lifetime zero: a node
         * that stops at the unroutable CoA answers 164 */
        if (unroutable && (e->whole_rule == MM_R_CN_BULK_168 || e->whole_rule == MM_R_DEREG_133))
            mm_st_add(&e->whole, 164);
        return;
    }
    if (bu->lifetime == 0 && bu->nbid && any_unknown)
        mm_st_add(&e->policy, 133);
    if (bu->lifetime && bu->nbid && !bu->O && s->nonmcoa == MM_UNKNOWN)
        mm_st_add(&e->policy, 165);
    if ((bu->lifetime == 0 || bu->altcoa_home) && !bu->nbid && !mm_state_count(s) && s->nonmcoa != MM_PRESENT)
        mm_st_add(&e->policy, 133); /* RFC 6275 10.3.2: no binding to delete */
    for (int i = 0; i < bu->nbid; i++) {
        const mm_bidopt *o = &bu->bid[i];
        mm_stset *ok = &e->bid_ok[i];
        int k = mm_state_know(s, o->bid);
        if (o->has_coa && !routable(&o->coa)) { /* 6.2: checked before the lifetime */
            e->bid_rule[i] = o->coa.v4 ? MM_R_V4COA_164 : MM_R_COA_164;
            st_one(ok, 164);
            continue;
        }
        if (bu->lifetime == 0) {
            st_one(ok, 0);
            continue;
        }
        if (o->hflag && peer == MM_HA) {
            /* 6.2: with H set the home agent stores the home address as
             * the care-of address: a home binding needs no earlier binding
             * of the BID nor a Care-of Address field (6.3: 0 or 5) */
            st_one(ok, 0);
            mm_st_add(ok, 5);
            e->bid_rule[i] = MM_R_HOME_0_5;
            continue;
        }
        if (o->has_coa) {
            st_one(ok, 0);
            if (k == MM_PRESENT)
                e->bid_rule[i] = MM_R_COA_UPDATE;
        } else if (k == MM_ABSENT) {
            e->bid_rule[i] = MM_R_REFRESH_167;
            st_one(ok, 167);
            continue;
        } else if (k == MM_PRESENT) {
            e->bid_rule[i] = MM_R_REFRESH_KNOWN;
            st_one(ok, 0);
        } else {
            st_one(ok, 0);
            mm_st_add(ok, 167);
        }
        if (o->hflag && peer == MM_HA) {
            mm_st_add(ok, 5);
            if (e->bid_rule[i] < 0)
                e->bid_rule[i] = MM_R_HOME_0_5;
        }
    }
}

static void st_del(mm_stset *s, int v)
{
    s->w[(v >> 6) & 3] &= ~(1ull << (v & 63));
}

/* A refusal the configuration decides for the whole BU: the rule's status,
 * or with another whole-BU decision either (RFC 5648 6.2 does not order the
 * checks); a care-of address not unicast routable may be refused first. */
static void whole_refusal(mm_expect *e, int rule, int st)
{
    int unroutable = 0;
    for (int i = 0; i < e->nbid; i++)
        unroutable |= e->bid_rule[i] == MM_R_COA_164 || e->bid_rule[i] == MM_R_V4COA_164;
    if (e->whole_rule >= 0) {
        mm_st_add(&e->whole, st);
        return;
    }
    e->whole_rule = rule;
    st_one(&e->whole, st);
    if (unroutable)
        mm_st_add(&e->whole, 164);
}

void mm_expect_claims(const mm_claims *c, const mm_state *s, const mm_bu *bu, mm_expect *e)
{
    if (!c->known || e->silent)
        return;
    if (e->peer == MM_CN) {
        /* RFC 6275 5.2.7: a nonce is recommended to stay acceptable for
         * MAX_TOKEN_LIFETIME (210 s) after its first use; 9.5.1 answers
         * 136-138 for nonce indices no longer valid */
        if (c->fresh_nonces) {
            st_del(&e->policy, 136);
            st_del(&e->policy, 137);
            st_del(&e->policy, 138);
        }
        /* 5.2.7: "MUST NOT accept nonces beyond" their lifetime: refused
         * with 136-138, or (a malformed BU) as its form decides */
        if (c->stale_nonces) {
            whole_refusal(e, MM_R_CN_STALE_NONCE, 138);
            mm_st_add(&e->whole, 136);
            mm_st_add(&e->whole, 137);
        }
        return;
    }
    if (e->peer != MM_HA)
        return;
    /* the PIXIT makes it the home agent of these home addresses, as the
     * suite's tests do: a home registration (H) is not refused "for no
     * reason" (128) nor "administratively" (129); a BU without H, a
     * correspondent registration, may be (129: no route optimization) */
    if (bu->H) {
        st_del(&e->policy, 128);
        st_del(&e->policy, 129);
    }
    if (!bu->nbid)
        return;
    /* what the home agent claims and its configuration permit is no
     * refusal of configuration (harness/IUT.md, PICS and configurations) */
    if (c->mcoa)
        st_del(&e->policy, 166);
    if (c->bulk)
        st_del(&e->policy, 168);
    if (c->simultaneous)
        st_del(&e->policy, 169);
    if (!c->mcoa) { /* mcoa-prohibited: 166 for every BU with a BID option */
        whole_refusal(e, MM_R_CFG_166, 166);
        return;
    }
    if (bu->nbid > 1 && !c->bulk) { /* bulk-prohibited: 168 for more than one BID option */
        whole_refusal(e, MM_R_CFG_168, 168);
        return;
    }
    /* simultaneous-prohibited: a home binding next to a foreign one, in the
     * BU or (without O, which replaces them) known bound, is refused 169;
     * with none known either answer is left to the home agent */
    int home = 0, foreign = 0;
    for (int i = 0; i < bu->nbid && bu->lifetime; i++) {
        if (bu->bid[i].hflag)
            home++;
        else
            foreign = 1;
    }
    for (int i = 0; i < s->nb && !bu->O; i++)
        foreign |= s->b[i].know == MM_PRESENT && !s->b[i].home;
    if (home && foreign && !c->simultaneous) {
        /* the whole BU; in a bulk BU its home options alone may be
         * (BA status 4, mm_judge_ba) */
        int whole = e->whole_rule >= 0;
        whole_refusal(e, MM_R_CFG_169, 169);
        for (int i = 0; i < bu->nbid && !whole; i++)
            if (bu->bid[i].hflag && e->bid_rule[i] != MM_R_COA_164) {
                st_one(&e->bid_ok[i], 169);
                e->bid_rule[i] = MM_R_CFG_169;
            }
        return;
    }
    if (c->home_status >= 0)
        e->home_status = c->home_status;
}

/* ---- judging a BA ------------------------------------------------------------ */
typedef struct jctx {
    mm_finding_fn fn;
    void *ctx;
    int n;
} jctx;

static void find(jctx *j, int rule, const char *exp, const char *seen)
{
    mm_finding f;
    f.rule = rule;
    snprintf(f.expected, sizeof f.expected, "%s", exp);
    snprintf(f.seen, sizeof f.seen, "%s", seen);
    j->fn(j->ctx, &f);
    j->n++;
}

static void st_text(const mm_stset *s, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = 0;
    for (int v = 0; v < 256 && n + 8 < cap; v++)
        if (mm_st_has(s, v))
            n += (size_t)snprintf(out + n, cap - n, "%s%d", n ? " or " : "", v);
}

/* which rule a status the model did not expect belongs to */
static int rule_of_status(int st, int peer)
{
    switch (st) {
    case 135: return MM_R_SEQ_NOT_135;
    case 164: return MM_R_COA_164;
    case 165: return MM_R_NONMCOA_165;
    case 167: return MM_R_REFRESH_167;
    case 133: return MM_R_DEREG_133;
    case 4: return peer == MM_CN ? MM_R_CN_STATUS_BA : MM_R_HA_NOTCOMPLETE;
    /* reached only where the claims leave them out of the policy (explore) */
    case 166: return peer == MM_HA ? MM_R_CFG_166 : -1;
    case 168: return peer == MM_HA ? MM_R_CFG_168 : -1;
    case 169: return peer == MM_HA ? MM_R_CFG_169 : -1;
    case 128:
    case 129: return peer == MM_HA ? MM_R_CFG_REFUSED : -1;
    case 136:
    case 137:
    case 138: return peer == MM_CN ? MM_R_CN_FRESH_NONCE : -1;
    default: return -1;
    }
}

static const mm_bidopt *ba_copy(const mm_ba *ba, uint16_t bid)
{
    for (int i = 0; i < ba->nbid; i++)
        if (ba->bid[i].bid == bid)
            return &ba->bid[i];
    return NULL;
}

int mm_judge_ba(const mm_state *s, const mm_bu *bu, const mm_expect *e, const mm_ba *ba, mm_finding_fn fn,
                void *ctx)
{
    jctx j = {fn, ctx, 0};
    char exp[200], seen[160], set[120];
    int st = ba->status, peer = e->peer;
    if (e->silent) {
        snprintf(seen, sizeof seen, "BA status %d to a BU with a wrong checksum", st);
        find(&j, MM_R_NO_ANSWER_BAD_CSUM, "no answer: the BU is silently discarded", seen);
        return j.n;
    }
    /* sequence number */
    if (st == 135) {
        if (s->seq_known == 1 && ba->seq != s->last_seq) {
            snprintf(exp, sizeof exp, "135 with the last accepted sequence number %u", s->last_seq);
            snprintf(seen, sizeof seen, "seq %u", ba->seq);
            find(&j, MM_R_BA_SEQ, exp, seen);
        }
    } else if (ba->seq != bu->seq) {
        snprintf(exp, sizeof exp, "seq %u (the BU's)", bu->seq);
        snprintf(seen, sizeof seen, "seq %u", ba->seq);
        find(&j, MM_R_BA_SEQ, exp, seen);
    }
    int bst[MM_MAX_BID]; /* the BA's status for each BU option, -1 not copied */
    for (int i = 0; i < bu->nbid; i++) {
        const mm_bidopt *c = ba_copy(ba, bu->bid[i].bid);
        bst[i] = c ? c->status : -1;
    }
    /* 169 for the whole of a bulk BU, or BA status 4 with its home options
     * refused (mm_expect_claims) */
    int per_bid_169 = peer == MM_HA && st == 4 && bu->nbid > 1 && e->whole_rule == MM_R_CFG_169;
    if (e->whole_rule >= 0 && !per_bid_169) {
        int single = peer == MM_HA && bu->nbid == 1 && st == 4 && bst[0] >= 0 && mm_st_has(&e->whole, bst[0]);
        if (!mm_st_has(&e->whole, st) && !mm_st_has(&e->policy, st) && !single) {
            st_text(&e->whole, set, sizeof set);
            snprintf(exp, sizeof exp, "BA status %s (%s)", set, mm_rules[e->whole_rule].how);
            snprintf(seen, sizeof seen, "BA status %d", st);
            find(&j, e->whole_rule, exp, seen);
        }
        if (single)
            goto copies;
    } else if (peer == MM_HA && st == 4) {
        int nonzero = 0;
        for (int i = 0; i < bu->nbid; i++) {
            if (bst[i] < 0)
                continue;
            nonzero |= bst[i] != 0;
            if (!mm_st_has(&e->bid_ok[i], bst[i]) && !mm_st_has(&e->policy, bst[i])) {
                int r = e->bid_rule[i] >= 0 ? e->bid_rule[i] : rule_of_status(bst[i], peer);
                if (r < 0)
                    continue;
                st_text(&e->bid_ok[i], set, sizeof set);
                snprintf(exp, sizeof exp, "BID %u status %s", bu->bid[i].bid, set);
                snprintf(seen, sizeof seen, "BID %u status %d with BA status 4", bu->bid[i].bid, bst[i]);
                find(&j, r, exp, seen);
            }
        }
        if (!nonzero && bu->nbid) {
            find(&j, MM_R_HA_NOTCOMPLETE, "BA status 4 only with a non-zero status in a BID option",
                 "BA status 4, every BID option status 0");
        }
        goto copies;
    } else if (st < 128) {
        for (int i = 0; i < bu->nbid; i++) {
            if (!mm_st_has(&e->bid_ok[i], 0) && !(st == 5 && mm_st_has(&e->bid_ok[i], 5))) {
                int r = e->bid_rule[i];
                if (r < 0)
                    continue;
                st_text(&e->bid_ok[i], set, sizeof set);
                if (peer == MM_HA && bu->nbid > 1)
                    snprintf(exp, sizeof exp, "BID %u rejected with %s (BA status 4)", bu->bid[i].bid, set);
                else
                    snprintf(exp, sizeof exp, "BID %u rejected with %s", bu->bid[i].bid, set);
                snprintf(seen, sizeof seen, "BA status %d: accepted", st);
                find(&j, r, exp, seen);
            }
        }
        if (peer == MM_HA)
            for (int i = 0; i < bu->nbid; i++)
                if (bu->bid[i].hflag && bu->lifetime && st != 0 && st != 5) {
                    snprintf(seen, sizeof seen, "BA status %d", st);
                    find(&j, MM_R_HOME_0_5, "a home binding accepted with 0 or 5", seen);
                    break;
                }
    } else if (!mm_st_has(&e->policy, st)) {
        /* a rejection of the whole BU: allowed when it is the outcome of
         * every option (a single option's status may stand for the BU) */
        for (int i = 0; i < bu->nbid; i++) {
            if (mm_st_has(&e->bid_ok[i], st))
                continue;
            int r = e->bid_rule[i] >= 0 && !mm_st_has(&e->bid_ok[i], 0) && bu->nbid > 1 && peer == MM_HA
                        ? MM_R_HA_BULK_PER_BID
                        : e->bid_rule[i] >= 0 ? e->bid_rule[i] : rule_of_status(st, peer);
            if (r < 0)
                continue;
            st_text(&e->bid_ok[i], set, sizeof set);
            if (bu->nbid > 1 && peer == MM_HA)
                snprintf(exp, sizeof exp, "BID %u status %s (per-BID statuses, BA status 4)", bu->bid[i].bid, set);
            else
                snprintf(exp, sizeof exp, "status %s", set);
            snprintf(seen, sizeof seen, "BA status %d for the whole BU", st);
            find(&j, r, exp, seen);
            break;
        }
        if (!bu->nbid) {
            int r = rule_of_status(st, peer);
            if (r >= 0 && r != MM_R_HA_NOTCOMPLETE && r != MM_R_CN_STATUS_BA && r != MM_R_CFG_166 && r != MM_R_CFG_168 &&
                r != MM_R_CFG_169) {
                snprintf(seen, sizeof seen, "BA status %d to a BU without BID option", st);
                find(&j, r, "acceptance (or a refusal of policy)", seen);
            }
        }
    }
    /* BID option statuses when the BA status is not 4 */
    for (int i = 0; i < bu->nbid; i++) {
        if (bst[i] <= 0)
            continue;
        if (peer == MM_CN) {
            snprintf(seen, sizeof seen, "BID %u status %d", bu->bid[i].bid, bst[i]);
            find(&j, MM_R_CN_BID_ZERO, "status 0 in every BID option of a CN's BA", seen);
            break;
        }
        if (bst[i] == 5 && (st == 0 || st == 5) && bu->bid[i].hflag)
            continue; /* 6.3: 5 in the BA or in the option */
        snprintf(seen, sizeof seen, "BA status %d, BID %u status %d", st, bu->bid[i].bid, bst[i]);
        find(&j, MM_R_HA_BID_ZERO, "every BID option status 0 when the BA status is not 4", seen);
        break;
    }
    if (peer == MM_CN && st == 4)
        find(&j, MM_R_CN_STATUS_BA, "the result in the BA Status (a CN never answers 4)", "BA status 4");
copies:
    /* the status of an accepted home binding, when the configuration says it */
    /* in the BA's Status (or the option's 5); a BA of status 4 can carry
     * neither there, and 6.3 does not say which the option then carries */
    for (int i = 0; i < bu->nbid && e->home_status >= 0 && bu->lifetime && st < 128 && st != 4; i++) {
        if (!bu->bid[i].hflag || bst[i] < 0)
            continue;
        int got = bst[i] == 5 ? 5 : st;
        if ((got == 0 || got == 5) && got != e->home_status) {
            snprintf(exp, sizeof exp, "the home binding BID %u accepted with %d (the configuration's)", bu->bid[i].bid,
                     e->home_status);
            snprintf(seen, sizeof seen, "accepted with %d", got);
            find(&j, MM_R_CFG_HOME_STATUS, exp, seen);
            break;
        }
    }
    if (e->home_status >= 0 && st == 5) { /* 5 answers a home binding only (6.3) */
        int home = 0;
        for (int i = 0; i < bu->nbid; i++)
            home |= bu->bid[i].hflag && bu->lifetime;
        if (!home)
            find(&j, MM_R_CFG_HOME_STATUS, "BA status 0: no home binding (BID option with H) in the BU",
                 "BA status 5");
    }
    if (st < 128 && ba->lifetime > bu->lifetime) {
        snprintf(exp, sizeof exp, "lifetime at most %u (the BU's)", bu->lifetime);
        snprintf(seen, sizeof seen, "lifetime %u", ba->lifetime);
        find(&j, MM_R_LIFETIME, exp, seen);
    }
    if (bu->nbid && !bu->bid_more) {
        if (!ba->nbid) {
            if (st < 128 && bu->A)
                find(&j, MM_R_BID_PRESENT, "BID options in the BA", "a BA without BID option");
            else
                find(&j, MM_R_BID_COPIED, "the BU's BID options copied", "a BA without BID option");
        } else {
            for (int i = 0; i < bu->nbid; i++)
                if (bst[i] < 0) {
                    snprintf(exp, sizeof exp, "a copy of BID %u", bu->bid[i].bid);
                    find(&j, MM_R_BID_COPIED, exp, "not in the BA");
                    break;
                }
            int extra = 0;
            for (int i = 0; i < ba->nbid && !extra; i++) {
                int n = 0;
                for (int k = 0; k < bu->nbid; k++)
                    n += bu->bid[k].bid == ba->bid[i].bid;
                int dup = 0; /* copies before this one: a BU may carry a BID twice (a malformed option) */
                for (int k = 0; k < i; k++)
                    dup += ba->bid[k].bid == ba->bid[i].bid;
                if (!n || dup >= n) {
                    snprintf(seen, sizeof seen, "BID %u %s", ba->bid[i].bid, dup ? "copied twice" : "not in the BU");
                    find(&j, MM_R_BID_COPIED, "each BID of the BU once", seen);
                    extra = 1;
                }
            }
            for (int i = 0; i < bu->nbid; i++) {
                const mm_bidopt *c = ba_copy(ba, bu->bid[i].bid);
                if (c && c->hflag != bu->bid[i].hflag) {
                    snprintf(exp, sizeof exp, "H %s in the copy of BID %u", bu->bid[i].hflag ? "set" : "clear",
                             bu->bid[i].bid);
                    find(&j, MM_R_BID_H_COPIED, exp, c->hflag ? "H set" : "H clear");
                    break;
                }
            }
        }
    }
    for (int i = 0; i < ba->nbid; i++) {
        if (ba->bid[i].reserved) {
            snprintf(seen, sizeof seen, "BID %u Reserved 0x%02x", ba->bid[i].bid, ba->bid[i].reserved);
            find(&j, MM_R_BID_RESERVED, "Reserved 0 in the BA's BID options", seen);
            break;
        }
    }
    for (int i = 0; i < ba->nbid; i++) {
        if (ba->bid[i].has_coa || ba->bid[i].len != MC_BID_LEN_NOCOA) {
            snprintf(seen, sizeof seen, "BID %u of Length %u", ba->bid[i].bid, ba->bid[i].len);
            find(&j, MM_R_BID_NO_COA, "BID options of Length 4 (no Care-of Address) in a BA", seen);
            break;
        }
    }
    if (peer == MM_CN && (st < 136 || st > 138) && !ba->has_auth) {
        snprintf(seen, sizeof seen, "BA status %d without Binding Authorization Data", st);
        find(&j, MM_R_CN_BA_AUTH, "Binding Authorization Data in the BA", seen);
    }
    if (ba->v4ack_pos >= 0 && ba->first_bid_pos >= 0 && ba->first_bid_pos < ba->v4ack_pos)
        find(&j, MM_R_V4ACK_ORDER, "the IPv4 Address Acknowledgement option before the BID options",
             "a BID option first");
    return j.n;
}

/* ---- applying an answer -------------------------------------------------------- */
static void clear_all(mm_state *s)
{
    s->nb = 0;
    s->all_known = 1;
    s->nonmcoa = MM_ABSENT;
    s->nonmcoa_expires = 0;
    s->nonmcoa_maybe_end = 0;
}

static void unknown_all(mm_state *s)
{
    s->all_known = 0;
    for (int i = 0; i < s->nb; i++)
        s->b[i].know = MM_UNKNOWN;
    s->nonmcoa = MM_UNKNOWN;
}

void mm_apply(mm_state *s, const mm_bu *bu, const mm_expect *e, const mm_ba *ba, double now)
{
    if (e->silent)
        return;
    if (!ba) {
        /* no answer: without A, accepted when nothing in the model could
         * refuse it; otherwise what it changed is unknown */
        int sure = !bu->A && e->whole_rule < 0 && !e->seq_uncertain;
        for (int i = 0; i < bu->nbid && sure; i++)
            sure = mm_st_has(&e->bid_ok[i], 0) && !mm_st_has(&e->bid_ok[i], 167) && !mm_st_has(&e->bid_ok[i], 164);
        if (!sure || bu->bid_more) {
            if (bu->O || !bu->nbid)
                unknown_all(s);
            if (!bu->nbid && bu->lifetime && !bu->altcoa_home && now + bu->lifetime * 4.0 > s->nonmcoa_maybe_end)
                s->nonmcoa_maybe_end = now + bu->lifetime * 4.0;
            for (int i = 0; i < bu->nbid; i++) {
                mm_binding *b = get_b(s, bu->bid[i].bid);
                b->know = MM_UNKNOWN;
                if (bu->bid[i].has_coa || bu->bid[i].hflag)
                    b->coa_known = 0; /* it may have moved: a refresh accepted later does not say where */
            }
            if (s->seq_known)
                s->seq_known = 0;
            return;
        }
        mm_ba acc;
        memset(&acc, 0, sizeof acc);
        acc.seq = bu->seq;
        acc.lifetime = bu->lifetime; /* granted: at most this; the edge grace covers less */
        acc.nbid = bu->nbid;
        memcpy(acc.bid, bu->bid, sizeof acc.bid);
        for (int i = 0; i < acc.nbid; i++)
            acc.bid[i].status = 0;
        mm_apply(s, bu, e, &acc, now);
        return;
    }
    int st = ba->status;
    if (st == 135) {
        if (s->seq_known != 1) {
            s->seq_known = 1;
            s->last_seq = ba->seq;
        }
        return;
    }
    if (st >= 128) {
        /* rejected: nothing changes (6.2); learn what the answer reveals */
        if (st == 167 && bu->nbid == 1 && bu->lifetime)
            get_b(s, bu->bid[0].bid)->know = MM_ABSENT;
        if (st == 165 && s->nonmcoa != MM_PRESENT) {
            /* one is there; if it came from a BU without BA, it ends by
             * that BU's lifetime at the latest, not the last one known */
            s->nonmcoa = MM_PRESENT;
            if (s->nonmcoa_maybe_end > s->nonmcoa_expires)
                s->nonmcoa_expires = s->nonmcoa_maybe_end;
        }
        drop_absent(s);
        return;
    }
    if (st == 4 && bu->nbid) {
        int any = 0;
        for (int i = 0; i < bu->nbid; i++) {
            const mm_bidopt *c = ba_copy(ba, bu->bid[i].bid);
            any |= c && c->status < 128;
        }
        if (!any) {
            /* every BID option rejected: no binding changes (6.2, RFC
             * 6275 6.1.8); whether this BU's number is "the previous
             * valid" one (RFC 6275 9.5.1) the RFCs do not say: unknown */
            for (int i = 0; i < bu->nbid && bu->lifetime; i++) {
                const mm_bidopt *c = ba_copy(ba, bu->bid[i].bid);
                if (c && c->status == 167)
                    get_b(s, bu->bid[i].bid)->know = MM_ABSENT;
            }
            if (s->seq_known != 1 || s->last_seq != bu->seq)
                s->seq_known = 0;
            drop_absent(s);
            return;
        }
    }
    s->accepted_any = 1;
    s->seq_known = 1;
    s->last_seq = bu->seq;
    double exp = now + (double)ba->lifetime * 4.0;
    /* RFC 6275 9.5.1: a care-of address (the Alternate Care-of Address
     * option's, 6.2.5) equal to the home address deletes, as lifetime zero */
    if (bu->lifetime == 0 || (!bu->nbid && bu->altcoa_home)) {
        if (!bu->nbid) {
            clear_all(s);
            return;
        }
        for (int i = 0; i < bu->nbid; i++) {
            const mm_bidopt *c = ba_copy(ba, bu->bid[i].bid);
            int ok = st != 4 ? 1 : c && c->status < 128;
            if (ok) {
                mm_binding *b = get_b(s, bu->bid[i].bid);
                b->know = MM_ABSENT;
                b->expires = 0;
            }
        }
        drop_absent(s);
        return;
    }
    if (!bu->nbid) { /* 6.2: a BU without BID option replaces every binding */
        clear_all(s);
        s->nonmcoa = MM_PRESENT;
        s->nonmcoa_expires = exp;
        return;
    }
    int acc[MM_MAX_BID], nacc = 0;
    for (int i = 0; i < bu->nbid; i++) {
        const mm_bidopt *c = ba_copy(ba, bu->bid[i].bid);
        int cs = c ? c->status : 0;
        acc[i] = st == 4 ? c && cs < 128 : (cs == 0 || cs == 5);
        nacc += acc[i];
    }
    if (bu->O && nacc) /* 6.2-24: O removes every binding first */
        clear_all(s);
    else if (!bu->O && s->nonmcoa != MM_ABSENT)
        s->nonmcoa = MM_UNKNOWN; /* accepted over a binding without BID (6.2-13 broken, or not there) */
    for (int i = 0; i < bu->nbid; i++) {
        mm_binding *b = get_b(s, bu->bid[i].bid);
        if (acc[i]) {
            b->know = MM_PRESENT;
            b->home = bu->bid[i].hflag;
            if (b->home) /* 6.2: the home address is its care-of address */
                b->coa_known = 0;
            else if (bu->bid[i].has_coa) {
                b->coa = bu->bid[i].coa;
                b->coa_known = 1;
            }
            b->expires = exp;
        } else {
            const mm_bidopt *c = ba_copy(ba, bu->bid[i].bid);
            if (c && c->status == 167)
                b->know = MM_ABSENT;
        }
    }
    (void)addr_eq;
    drop_absent(s);
}
