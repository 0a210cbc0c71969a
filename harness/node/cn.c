/*
 * cn.c - correspondent node: return routability, Binding Update
 * processing, Binding Acknowledgement, RFC 5648 6.5 (see cn.h).
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/rand.h>

#include "mcoa/craft.h"
#include "cn.h"

const mc_fault_desc mc_cn_faults[] = {
    {"cn-accept-bulk", MC_CNF_ACCEPT_BULK, "RFC5648 6.2",
     "a correspondent node MUST reject a BU with several BID options: MCOA BULK REGISTRATION PROHIBITED (168)"},
    {"cn-status-in-bid", MC_CNF_STATUS_IN_BID, "RFC5648 6.2",
     "a correspondent node MUST put the status in the BA Status field and zero in every BID option Status"},
    {"cn-no-bid-in-cot", MC_CNF_NO_BID_IN_COT, "RFC5648 4.3",
     "the Care-of Test answers a CoTI's BID option with a BID option (care-of test per care-of address)"},
    {"cn-no-bid-copy", MC_CNF_NO_BID_COPY, "RFC5648 6.2",
     "all BID options of the BU MUST be copied to the BA"},
    {"cn-no-auth-check", MC_CNF_NO_AUTH_CHECK, "RFC6275 9.5.1",
     "a BU whose Binding Authorization Data does not verify with Kbm MUST be silently discarded"},
    {"cn-accept-bad-bid-length", MC_CNF_ACCEPT_BAD_LENGTH, "RFC5648 6.2",
     "a BID option length other than 4, 8 or 20 MUST be rejected with MCOA MALFORMED (164)"},
    {"cn-no-binding-error", MC_CNF_NO_BINDING_ERROR, "RFC5648 6.5",
     "a packet with a Home Address option from an unbound care-of address MUST be discarded and a BE sent"},
    {"cn-check-bu-source", MC_CNF_CHECK_BU_SOURCE, "RFC5648 6.5",
     "the care-of address check of packets with a Home Address option MUST NOT be done for a BU"},
    {"cn-accept-expired-nonce", MC_CNF_ACCEPT_OLD_NONCE, "RFC6275 5.2.7",
     "nonces MUST NOT be accepted MAX_NONCE_LIFETIME after first use: BA 136, 137 or 138"},
    {"cn-ba-without-auth", MC_CNF_BA_NO_AUTH, "RFC6275 9.5.4",
     "a correspondent node's BA (other than 136-138) MUST carry Binding Authorization Data"},
    {"cn-dereg-keeps-binding", MC_CNF_DEREG_KEEPS, "RFC5648 6.2",
     "a BU with Lifetime zero deletes the binding of its BID"},
    {"cn-hot-cookie-not-copied", MC_CNF_HOT_COOKIE, "RFC6275 9.4.3",
     "the Home Init Cookie of the HoTI MUST be copied into the HoT"},
    {"cn-bid-status-not-ignored", MC_CNF_BID_STATUS_USED, "RFC5648 4.3",
     "the Status field of a BID option MUST be ignored in messages other than BA and CoT"},
    {"cn-cot-bid-reserved-copied", MC_CNF_BID_RESERVED, "RFC5648 4.3",
     "the Reserved field of a BID option MUST be sent as zero (here the CoTI's H and Reserved bits are echoed)"},
    {"cn-accept-unroutable-coa", MC_CNF_ACCEPT_UNROUTABLE, "RFC5648 6.2",
     "a BID option whose care-of address is not unicast routable MUST be rejected with MCOA MALFORMED (164)"},
    {"cn-dereg-unknown-bid-accepted", MC_CNF_DEREG_UNKNOWN_OK, "RFC5648 6.2",
     "a de-registration for a BID without binding MUST be rejected with status 133"},
    {"cn-legacy-keeps-bid-bindings", MC_CNF_LEGACY_KEEPS_BIDS, "RFC5648 6.2",
     "a BU without BID option MUST replace all bindings of the home address; its de-registration deletes them all"},
    {"cn-no-refresh-without-coa", MC_CNF_NO_REFRESH, "RFC5648 6.2",
     "a BID option of length 4 for a registered BID MUST refresh that binding"},
    {"cn-non-mcoa-overwritten", MC_CNF_NON_MCOA_OVERWRITE, "RFC5648 6.2",
     "with O clear, a BU MUST NOT be processed over a binding without BID (MCOA NON-MCOA BINDING EXISTS, 165)"},
    {"cn-coa-update-ignored", MC_CNF_COA_UPDATE_IGNORED, "RFC5648 6.2",
     "a registered BID with a new care-of address MUST be updated to that address"},
    {"cn-lookup-ignores-bid", MC_CNF_LOOKUP_HOA_ONLY, "RFC5648 6.1",
     "the binding of a BID option MUST be looked up with the home address AND the BID"},
    {"cn-no-route-optimization", MC_CNF_NO_RO, "RFC6275 9.3.2",
     "a packet to a home address with a binding goes to the care-of address with a Type 2 Routing Header"},
    {"cn-ba-bid-reserved-echoed", MC_CNF_BA_BID_RESERVED, "RFC5648 4.3",
     "the sender of a BID option MUST set its Reserved field to zero (the BA's copies too)"},
    {"cn-ba-auth-over-hoa", MC_CNF_BA_AUTH_HOA, "RFC6275 6.1.8",
     "the BA's authenticator covers the care-of address of the binding (the faulty node uses the home address)"},
    {"cn-ignores-o", MC_CNF_IGNORE_O, "RFC5648 6.2",
     "with O set the receiver removes all existing bindings and registers the received one"},
    {"cn-cache-key-short", MC_CNF_CACHE_KEY_SHORT, "RFC5648 6.1",
     "the binding cache is looked up with the whole home address (and the BID): home addresses that differ in "
     "their last byte only are two mobile nodes"},
    {"cn-seq-replay-accepted", MC_CNF_SEQ_EQUAL_OK, "RFC6275 9.5.1",
     "a BU whose sequence number is not greater than the last accepted one (a replay) is rejected with 135"},
    {"cn-dereg-honours-o", MC_CNF_DEREG_HONOURS_O, "RFC5648 6.2",
     "the O flag is ignored in a de-registering BU: only the listed BID is deleted"},
    {"cn-answer-init-with-hao", MC_CNF_INIT_HAO_ANSWERED, "RFC6275 9.4.1",
     "a HoTI or CoTI that carries a Home Address option is silently ignored (RFC 6275 9.4.1, 9.4.2)"},
    {"cn-bu-without-nonce-processed", MC_CNF_NO_NONCE_OK, "RFC6275 9.5.1",
     "a BU to a correspondent without a Nonce Indices option MUST be silently discarded (here it is processed "
     "with indices 0 and answered 138)"},
    {"cn-ba-without-a-flag", MC_CNF_BA_WITHOUT_A, "RFC6275 9.5.4",
     "an accepted BU whose A flag is clear SHOULD NOT be answered with a BA"},
    {"cn-home-coa-registered", MC_CNF_HOME_COA_REGISTERS, "RFC6275 9.5.1",
     "a BU whose care-of address is the home address is a de-registration: Kbm from the home keygen token alone "
     "(5.2.5), the binding deleted (the faulty node wants a care-of nonce: 137)"},
    {"cn-rr-lifetime-uncapped", MC_CNF_LIFETIME_UNCAPPED, "RFC6275 9.5.2",
     "a binding authorized by return routability lives at most MAX_RR_BINDING_LIFETIME (420 s, RFC 6275 12): "
     "the faulty node grants the lifetime asked for"},
    {"cn-unknown-mh-silent", MC_CNF_UNKNOWN_MH_SILENT, "RFC6275 9.2",
     "a Mobility Header with an unrecognised MH Type is answered with a Binding Error, status 2 (the faulty node "
     "drops it silently)"},
    {"cn-coa-nonce-by-home-index", MC_CNF_ONE_NONCE_INDEX, "RFC6275 9.5.1",
     "the care-of keygen token is rebuilt from the nonce the Care-of Nonce Index names, which may differ from the "
     "Home Nonce Index's (5.2.5, 6.2.6): the faulty node uses the home index for both"},
    {"cn-ba-lifetime-zero", MC_CNF_BA_LIFETIME_ZERO, "RFC6275 6.1.8",
     "the Lifetime of a BA accepting a registration is the lifetime granted, at least one unit: the faulty node "
     "says 0 (the binding would be gone as it is made)"},
    {"cn-careof-token-as-home", MC_CNF_CAREOF_TOKEN_AS_HOME, "RFC6275 5.2.5",
     "a keygen token ends its HMAC input with one octet, 0 for home and 1 for care-of, so that the two tokens of an "
     "address and nonce differ: the faulty node makes care-of tokens with 0 (and verifies BUs the same way)"},
    {"cn-token-prefix-only", MC_CNF_TOKEN_PREFIX_ONLY, "RFC6275 5.2.5",
     "a keygen token is made over the whole home or care-of address the test came from, and a BU is verified with "
     "the tokens of its own addresses (9.5.1): the faulty node uses the address's /64 prefix only, so that a token "
     "got for one address signs a BU for any other address of the prefix"},
};
const size_t mc_cn_nfaults = sizeof(mc_cn_faults) / sizeof(mc_cn_faults[0]);

uint64_t mc_cn_fault_bit(const char *name) { return mc_fault_bit(mc_cn_faults, mc_cn_nfaults, name); }

static int fault(const mc_cn *cn, uint64_t bit) { return (cn->cfg.faults & bit) != 0; }

/* The address a keygen token is made over (RFC 6275 5.2.5): the faulty
 * node's, its /64 prefix with a zero interface identifier. */
static const uint8_t *token_address(const mc_cn *cn, const uint8_t addr[16], uint8_t prefix[16])
{
    if (fault(cn, MC_CNF_TOKEN_PREFIX_ONLY)) { /* in the fault's own branch: dead code, not mutated, without it */
        memcpy(prefix, addr, 8);
        memset(prefix + 8, 0, 8);
        return prefix;
    }
    return addr;
}

void mc_cn_config_default(mc_cn_config *c)
{
    static const uint8_t addr[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0xcc, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    memset(c, 0, sizeof *c);
    memcpy(c->addr, addr, 16);
    c->max_lifetime = MC_RR_MAX_BINDING_LIFETIME;
    c->nonce_regen_ms = 30000; /* well inside MAX_TOKEN_LIFETIME */
    c->nonce_life_ms = MC_RR_MAX_NONCE_LIFETIME_MS;
}

int mc_cn_init(mc_cn *cn, const mc_cn_config *cfg, size_t expected_mn)
{
    memset(cn, 0, sizeof *cn);
    cn->cfg = *cfg;
    cn->cur = -1;
    cn->next_index = 1;
    /* RFC 6275 5.2.1: Kcn is a random 20-octet secret */
    if (RAND_bytes(cn->kcn, MC_RR_KCN_LEN) != 1)
        return -1;
    return mc_bc_init(&cn->bc, expected_mn);
}

void mc_cn_free(mc_cn *cn) { mc_bc_free(&cn->bc); }

void mc_cn_set_kcn(mc_cn *cn, const uint8_t kcn[MC_RR_KCN_LEN]) { memcpy(cn->kcn, kcn, MC_RR_KCN_LEN); }

/* ---- nonces (RFC 6275 5.2.2, 5.2.7) ---------------------------------------- */

static mc_cn_nonce *next_slot(mc_cn *cn)
{
    /* the oldest slot: with 16 slots and a regeneration interval well below
     * MAX_NONCE_LIFETIME / 8 it holds an expired nonce */
    cn->cur = (cn->cur + 1) % MC_CN_NONCES;
    mc_cn_nonce *n = &cn->nonce[cn->cur];
    memset(n, 0, sizeof *n);
    return n;
}

void mc_cn_set_nonce(mc_cn *cn, uint16_t index, const uint8_t nonce[MC_RR_NONCE_LEN], uint64_t now_ms)
{
    mc_cn_nonce *n = next_slot(cn);
    n->valid = 1;
    n->index = index;
    memcpy(n->nonce, nonce, MC_RR_NONCE_LEN);
    n->born_ms = now_ms;
    cn->next_index = (uint16_t)(index + 1);
}

void mc_cn_tick(mc_cn *cn, uint64_t now_ms)
{
    if (cn->cur >= 0 && now_ms < cn->nonce[cn->cur].born_ms + cn->cfg.nonce_regen_ms)
        return;
    uint8_t fresh[MC_RR_NONCE_LEN];
    if (RAND_bytes(fresh, sizeof fresh) != 1 && cn->cur >= 0)
        return; /* no entropy: keep the current nonce rather than a guessable one */
    mc_cn_set_nonce(cn, cn->next_index, fresh, now_ms);
}

/* RFC 6275 5.2.7: "MUST NOT accept nonces beyond MAX_NONCE_LIFETIME seconds
 * after the first use".  A nonce never handed out cannot be referenced
 * legitimately; it goes when it would have expired had it been used at the
 * end of its turn as current nonce. */
static int nonce_live(const mc_cn *cn, const mc_cn_nonce *n, uint64_t now)
{
    if (n->used)
        return now < n->first_use_ms + cn->cfg.nonce_life_ms;
    return now < n->born_ms + cn->cfg.nonce_regen_ms + cn->cfg.nonce_life_ms;
}

static const mc_cn_nonce *nonce_any(const mc_cn *cn, uint16_t index)
{
    for (int i = 0; i < MC_CN_NONCES; i++)
        if (cn->nonce[i].valid && cn->nonce[i].index == index)
            return &cn->nonce[i];
    return NULL;
}

const mc_cn_nonce *mc_cn_nonce_find(const mc_cn *cn, uint16_t index, uint64_t now_ms)
{
    const mc_cn_nonce *n = nonce_any(cn, index);
    return n && nonce_live(cn, n, now_ms) ? n : NULL;
}

/* The current nonce, marked as handed out. */
static mc_cn_nonce *use_nonce(mc_cn *cn, uint64_t now)
{
    mc_cn_tick(cn, now);
    if (cn->cur < 0)
        return NULL;
    mc_cn_nonce *n = &cn->nonce[cn->cur];
    if (!n->used) {
        n->used = 1;
        n->first_use_ms = now;
    }
    return n;
}

/* ---- small model helpers --------------------------------------------------- */

static int put_bytes(mc_layer *l, const char *key, const uint8_t *a, size_t n)
{
    const mc_field *f = mc_field_by_key(l->desc, key);
    if (!f || (size_t)f->off + n > l->len)
        return -1;
    memcpy(l->hdr + f->off, a, n);
    return 0;
}

static int get_bytes(const mc_layer *l, const char *key, uint8_t *a, size_t n)
{
    const mc_field *f = mc_field_by_key(l->desc, key);
    if (!f || (size_t)f->off + n > l->len)
        return -1;
    memcpy(a, l->hdr + f->off, n);
    return 0;
}

/* IPv6 header from `src` to `dst`, then a Mobility Header of `type`. */
static mc_layer *ip6_mh(mc_pkt *p, const uint8_t src[16], const uint8_t dst[16], int type, mc_err *e)
{
    mc_pkt_init(p);
    mc_layer *ip = mc_pkt_add_layer(p, MC_LK_IPV6, &mc_desc_ipv6, e);
    if (!ip || put_bytes(ip, "src", src, 16) || put_bytes(ip, "dst", dst, 16))
        return NULL;
    return mc_pkt_add_layer(p, MC_LK_MH, mc_mh_desc(type), e);
}

/* Nearest IPv6 header and Home Address option below layer `top`. */
static int addrs_below(const mc_pkt *p, int top, uint8_t src[16], uint8_t dst[16], uint8_t hoa[16], int *has_hao)
{
    *has_hao = 0;
    for (int i = top - 1; i >= 0; i--) {
        const mc_layer *l = &p->l[i];
        if (l->kind == MC_LK_HAO && !*has_hao) {
            *has_hao = 1;
            if (hoa)
                get_bytes(l, "home", hoa, 16);
        } else if (l->kind == MC_LK_IPV6) {
            get_bytes(l, "src", src, 16);
            get_bytes(l, "dst", dst, 16);
            return 0;
        }
    }
    return -1;
}

/* ---- HoTI / CoTI (RFC 6275 9.4) ------------------------------------------- */

static void take_bid(const mc_pkt *p, const mc_opt *o, mc_bid_view *b)
{
    const uint8_t *x = mc_opt_cbody(p, o);
    memset(b, 0, sizeof *b);
    b->len = (uint8_t)(o->lenfield >= 0 ? o->lenfield : o->len);
    if (o->len >= 2)
        b->bid = mc_get16(x);
    if (o->len >= 3)
        b->status = x[2];
    if (o->len >= 4)
        b->flags = x[3];
}

int mc_cn_test_init_from(const mc_dissection *d, mc_cn_test_init *t)
{
    const mc_pkt *p = &d->pkt;
    if (d->mh < 0)
        return -1;
    const mc_layer *mh = &p->l[d->mh];
    if (mh->kind != MC_LK_MH || mh->raw_body || (mh->code != MC_MH_HOTI && mh->code != MC_MH_COTI))
        return -1;
    memset(t, 0, sizeof *t);
    t->type = mh->code;
    int hao;
    if (addrs_below(p, d->mh, t->src, t->dst, NULL, &hao) < 0)
        return -1;
    t->has_hao = (uint8_t)hao;
    get_bytes(mh, "cookie", t->cookie, 8);
    for (int k = 0; k < mh->opt_count; k++) {
        const mc_opt *o = &p->o[mh->opt_first + k];
        if (o->form == MC_OF_TLV && o->type == MC_OPT_BID && !t->has_bid) {
            t->has_bid = 1;
            take_bid(p, o, &t->bid);
        }
    }
    return 0;
}

/* RFC 5648 4.3: the BID option of a CoT has no Care-of Address field; its
 * Status carries care-of test errors.  A CoTI's BID option with a Care-of
 * Address field (length other than 4, which 4.3 forbids outside a BU) is
 * answered MCOA MALFORMED. */
static int add_cot_bid(const mc_cn *cn, const mc_cn_test_init *t, mc_pkt *p, mc_layer *mh, mc_err *e)
{
    uint8_t body[MC_BID_LEN_NOCOA];
    mc_put16(body, t->bid.bid);
    body[2] = t->bid.len == MC_BID_LEN_NOCOA ? 0 : MC_BA_MCOA_MALFORMED;
    body[3] = fault(cn, MC_CNF_BID_RESERVED) ? t->bid.flags : 0; /* H is meaningful only in a BU to the home agent */
    return mc_pkt_add_opt(p, mh, MC_OF_TLV, MC_OPT_BID, body, sizeof body, e) ? 0 : -1;
}

int mc_cn_handle_test_init(mc_cn *cn, const mc_cn_test_init *t, uint64_t now_ms, mc_pkt *out, mc_err *e)
{
    int home = t->type == MC_MH_HOTI;
    if (home)
        cn->hoti_seen++;
    else
        cn->coti_seen++;
    /* RFC 6275 9.4.1 / 9.4.2: a HoTI or CoTI MUST NOT carry a Home Address
     * option; otherwise it is silently ignored. */
    if (t->has_hao && !fault(cn, MC_CNF_INIT_HAO_ANSWERED))
        return 0;
    const mc_cn_nonce *n = use_nonce(cn, now_ms);
    if (!n) {
        mc_err_set(e, -1, "no nonce available");
        return -1;
    }
    /* RFC 6275 9.4.3 / 9.4.4: to the source of the init, from its destination;
     * the token binds the init's source address (home or care-of) */
    uint8_t token[MC_RR_TOKEN_LEN], prefix[16];
    mc_rr_token(cn->kcn, token_address(cn, t->src, prefix), n->nonce, MC_RR_NONCE_LEN, home || fault(cn, MC_CNF_CAREOF_TOKEN_AS_HOME) ?
                MC_RR_HOME : MC_RR_CAREOF, token);
    mc_layer *mh = ip6_mh(out, t->dst, t->src, home ? MC_MH_HOT : MC_MH_COT, e);
    uint8_t cookie[8];
    memcpy(cookie, t->cookie, 8);
    if (home && fault(cn, MC_CNF_HOT_COOKIE))
        for (int i = 0; i < 8; i++)
            cookie[i] = (uint8_t)~cookie[i];
    if (!mh || mc_layer_put(mh, "nonce", n->index, 0) || put_bytes(mh, "cookie", cookie, 8) ||
        put_bytes(mh, "token", token, MC_RR_TOKEN_LEN))
        return -1;
    if (!home && t->has_bid && !fault(cn, MC_CNF_NO_BID_IN_COT) && add_cot_bid(cn, t, out, mh, e) < 0)
        return -1;
    return 1;
}

/* ---- Binding Update -------------------------------------------------------- */

static int mh_from_frame(const mc_dissection *d, const uint8_t *frame, size_t caplen, mc_cn_bu *out)
{
    const mc_layer *mh = &d->pkt.l[d->mh];
    size_t off = mh->wire_off, len = d->mh_declared;
    if (off > caplen || len > caplen - off)
        return -1;
    memcpy(out->mh, frame + off, len);
    out->mh_len = (uint16_t)len;
    return 0;
}

/* Rebuild the frame from the model (the dissector marks every field that
 * differs from the computed value, so the bytes come out as received). */
static int mh_from_model(const mc_dissection *d, mc_cn_bu *out)
{
    mc_pkt *p = malloc(sizeof *p);
    uint8_t *f = malloc(MC_FRAME_MAX);
    size_t n = 0;
    int r = -1;
    if (p && f) {
        memcpy(p, &d->pkt, sizeof *p);
        if (mc_build(p, f, MC_FRAME_MAX, &n, NULL) == 0) {
            const mc_layer *mh = &p->l[d->mh];
            if (mh->wire_len == d->mh_declared && mh->wire_off + mh->wire_len <= n) {
                memcpy(out->mh, f + mh->wire_off, mh->wire_len);
                out->mh_len = (uint16_t)mh->wire_len;
                r = 0;
            }
        }
    }
    free(p);
    free(f);
    return r;
}

int mc_cn_bu_from(const mc_dissection *d, const uint8_t *frame, size_t caplen, mc_cn_bu *out)
{
    if (mc_bu_view_from(d, &out->v) < 0)
        return -1;
    /* RFC 6275 9.2: a truncated MH, or one with a wrong checksum, is
     * silently discarded; the authenticator needs every byte anyway. */
    if (d->mh_present < d->mh_declared || d->mh_declared > MC_RR_MH_MAX || d->mh_csum_ok == 0)
        return -1;
    return frame ? mh_from_frame(d, frame, caplen, out) : mh_from_model(d, out);
}

/* RFC 6275 6.2.7: the Binding Authorization Data option is the last one
 * (implicit alignment 8n+2, so the MH ends right after it). */
static int auth_is_last(const mc_cn_bu *bu)
{
    size_t a = bu->v.auth_off;
    return bu->v.has_auth && a + 2 + MC_RR_AUTH_LEN == bu->mh_len && bu->mh[a] == MC_OPT_AUTH &&
           bu->mh[a + 1] == MC_RR_AUTH_LEN;
}

static const mc_binding *live_binding(mc_bc_mn *mn, int has_bid, uint16_t bid, uint64_t now)
{
    const mc_binding *b = mn ? mc_bc_binding(mn, has_bid, bid) : NULL;
    return b && b->expires_ms > now ? b : NULL;
}

/* The care-of address the BU registers (RFC 5648 5.2: the BID option's
 * Care-of Address field; a BID without one refreshes its binding), else
 * the Alternate Care-of Address or the source (RFC 6275 6.2.7, 9.5.1). */
static void registered_coa(mc_cn *cn, const mc_bu_view *v, uint64_t now, uint8_t coa[16])
{
    const uint8_t *c = v->has_altcoa ? v->altcoa : v->src;
    if (v->nbid > 0 && v->bid[0].len == MC_BID_LEN_V6) {
        c = v->bid[0].coa;
    } else if (v->nbid > 0 && v->bid[0].len == MC_BID_LEN_NOCOA) {
        const mc_binding *b = live_binding(mc_bc_find(&cn->bc, v->hoa), 1, v->bid[0].bid, now);
        if (b)
            c = b->coa;
    }
    memcpy(coa, c, 16);
}

/* Nonce Indices to Kbm (RFC 6275 5.2.5, 9.5.1).  Returns 0, or the BA
 * status 136 / 137 / 138 for indices no longer recognised. */
static int derive_kbm(mc_cn *cn, const mc_bu_view *v, const uint8_t coa[16], int dereg, uint64_t now,
                      uint8_t kbm[MC_RR_KBM_LEN])
{
    int lax = fault(cn, MC_CNF_ACCEPT_OLD_NONCE);
    const mc_cn_nonce *h = lax ? nonce_any(cn, v->hni) : mc_cn_nonce_find(cn, v->hni, now);
    /* a de-registration uses the home keygen token only: the care-of nonce
     * index is ignored (RFC 6275 6.2.6) */
    const mc_cn_nonce *c = dereg ? NULL : lax ? nonce_any(cn, v->coni) : mc_cn_nonce_find(cn, v->coni, now);
    if (!dereg && fault(cn, MC_CNF_ONE_NONCE_INDEX))
        c = mc_cn_nonce_find(cn, v->hni, now);
    if (!h && !dereg && !c)
        return MC_BA_EXPIRED_NONCES;
    if (!h)
        return MC_BA_EXPIRED_HOME_NONCE;
    if (!dereg && !c)
        return MC_BA_EXPIRED_COA_NONCE;
    uint8_t ht[MC_RR_TOKEN_LEN], ct[MC_RR_TOKEN_LEN], prefix[16];
    mc_rr_token(cn->kcn, token_address(cn, v->hoa, prefix), h->nonce, MC_RR_NONCE_LEN, MC_RR_HOME, ht);
    if (!dereg)
        mc_rr_token(cn->kcn, token_address(cn, coa, prefix), c->nonce, MC_RR_NONCE_LEN,
                    fault(cn, MC_CNF_CAREOF_TOKEN_AS_HOME) ? MC_RR_HOME : MC_RR_CAREOF, ct);
    mc_rr_kbm(ht, dereg ? NULL : ct, kbm);
    return 0;
}

/* RFC 6275 9.5.1: "greater than" modulo 2^16. */
static int seq_newer(uint16_t now, uint16_t last)
{
    uint16_t d = (uint16_t)(now - last);
    return d != 0 && d < 0x8000;
}

static void expire_mn(mc_cn *cn, mc_bc_mn *mn, uint64_t now)
{
    for (int k = 0; k < mn->nb;)
        if (mn->b[k].expires_ms <= now)
            mc_bc_del(&cn->bc, mn, &mn->b[k]);
        else
            k++;
}

/* RFC 5648 4.3: 4 or 20 at a correspondent node; 8 (IPv4 care-of address)
 * is for the home agent only ("only IPv6 care-of addresses" for route
 * optimization), so it is malformed here too. */
static int bid_len_ok(const mc_cn *cn, const mc_bid_view *b)
{
    return fault(cn, MC_CNF_ACCEPT_BAD_LENGTH) || b->len == MC_BID_LEN_NOCOA || b->len == MC_BID_LEN_V6;
}

/* RFC 6275 9.5.1: without BID option the RFC 6275 binding; RFC 5648 6.2:
 * it replaces all bindings, its de-registration deletes them all. */
static int legacy_bu(mc_cn *cn, mc_bc_mn *mn, const uint8_t coa[16], int dereg, uint16_t life, uint64_t now)
{
    mc_binding *old = mc_bc_binding(mn, 0, 0);
    if (!fault(cn, MC_CNF_LEGACY_KEEPS_BIDS))
        mc_bc_del_all(&cn->bc, mn);
    else if (old)
        mc_bc_del(&cn->bc, mn, old); /* only the binding without BID */
    if (dereg)
        return MC_BA_ACCEPTED;
    mc_binding b = {0};
    memcpy(b.coa, coa, 16);
    b.family = 6;
    b.expires_ms = now + (uint64_t)life * 4000;
    return mc_bc_put(&cn->bc, mn, &b) ? MC_BA_ACCEPTED : MC_BA_INSUFFICIENT;
}

/* RFC 5648 6.2, lifetime zero: delete each listed BID, 133 if unknown. */
static int mcoa_dereg(mc_cn *cn, const mc_bu_view *v, mc_bc_mn *mn)
{
    for (int i = 0; i < v->nbid; i++)
        if (!mc_bc_binding(mn, 1, v->bid[i].bid) && !fault(cn, MC_CNF_DEREG_UNKNOWN_OK))
            return MC_BA_NOT_HA_FOR_MN;
    if (fault(cn, MC_CNF_DEREG_KEEPS))
        return MC_BA_ACCEPTED;
    if ((v->flags & MC_BU_O) && fault(cn, MC_CNF_DEREG_HONOURS_O)) {
        mc_bc_del_all(&cn->bc, mn);
        return MC_BA_ACCEPTED;
    }
    for (int i = 0; i < v->nbid; i++) {
        mc_binding *b = mc_bc_binding(mn, 1, v->bid[i].bid);
        if (b && fault(cn, MC_CNF_LOOKUP_HOA_ONLY))
            b = &mn->b[0]; /* the first binding of the home address, whatever its BID */
        if (b) /* a BID listed twice is gone already */
            mc_bc_del(&cn->bc, mn, b);
    }
    return MC_BA_ACCEPTED;
}

/* The binding one BID option asks for, or a status (167 without CoA and
 * without binding, RFC 5648 6.2). */
static int bid_binding(const mc_cn *cn, const mc_bu_view *v, mc_bc_mn *mn, const mc_bid_view *x, uint16_t life,
                       uint64_t now, mc_binding *b)
{
    memset(b, 0, sizeof *b);
    b->bid = x->bid;
    b->has_bid = 1;
    b->family = 6;
    b->expires_ms = now + (uint64_t)life * 4000;
    const mc_binding *old = mc_bc_binding(mn, 1, x->bid);
    if (x->len == MC_BID_LEN_V6) {
        memcpy(b->coa, old && fault(cn, MC_CNF_COA_UPDATE_IGNORED) ? old->coa : x->coa, 16);
        return 0;
    }
    if (old && !fault(cn, MC_CNF_NO_REFRESH)) {
        memcpy(b->coa, old->coa, 16);
        return 0;
    }
    if (x->len == MC_BID_LEN_NOCOA)
        return MC_BA_MCOA_UNKNOWN_COA;
    memcpy(b->coa, v->src, 16); /* a length the fault let through */
    return 0;
}

/* RFC 5648 6.2 at a correspondent node: all or nothing (no bulk). */
static int mcoa_bu(mc_cn *cn, const mc_bu_view *v, mc_bc_mn *mn, int dereg, uint16_t life, uint64_t now)
{
    for (int i = 0; i < v->nbid; i++) {
        const mc_bid_view *x = &v->bid[i];
        if (!bid_len_ok(cn, x))
            return MC_BA_MCOA_MALFORMED;
        if (x->len == MC_BID_LEN_V6 && !mc_addr_class_routable(mc_addr6_class(x->coa)) &&
            !fault(cn, MC_CNF_ACCEPT_UNROUTABLE))
            return MC_BA_MCOA_MALFORMED;
        if (x->status && fault(cn, MC_CNF_BID_STATUS_USED))
            return MC_BA_MCOA_MALFORMED;
    }
    if (v->nbid > 1 && !fault(cn, MC_CNF_ACCEPT_BULK))
        return MC_BA_MCOA_BULK_PROHIBITED;
    if (dereg)
        return mcoa_dereg(cn, v, mn);
    if (!(v->flags & MC_BU_O) && mc_bc_binding(mn, 0, 0) && !fault(cn, MC_CNF_NON_MCOA_OVERWRITE))
        return MC_BA_MCOA_NON_MCOA_EXISTS;
    mc_binding nb[MC_VIEW_MAX_BID];
    for (int i = 0; i < v->nbid; i++) {
        int st = bid_binding(cn, v, mn, &v->bid[i], life, now, &nb[i]);
        if (st)
            return st;
    }
    if ((v->flags & MC_BU_O) && !fault(cn, MC_CNF_IGNORE_O))
        mc_bc_del_all(&cn->bc, mn);
    for (int i = 0; i < v->nbid; i++)
        if (!mc_bc_put(&cn->bc, mn, &nb[i]))
            return MC_BA_INSUFFICIENT;
    return MC_BA_ACCEPTED;
}

/* After authorization: RFC 5648 6.5 (fault only), sequence, H, bindings. */
static int authorized_bu(mc_cn *cn, const mc_bu_view *v, const uint8_t coa[16], int dereg, uint64_t now,
                         mc_cn_bu_result *r)
{
    if (fault(cn, MC_CNF_CHECK_BU_SOURCE) && v->has_hao &&
        mc_cn_check_hao(&cn->bc, v->hoa, v->src, v->dst, now, NULL, NULL) != MC_HAO_ACCEPT) {
        r->why = "source is not a care-of address of a binding (RFC 5648 6.5 applied to a BU)";
        return -1;
    }
    const uint8_t *key = v->hoa;
    uint8_t shortkey[16];
    if (fault(cn, MC_CNF_CACHE_KEY_SHORT)) {
        memcpy(shortkey, v->hoa, 15);
        shortkey[15] = 0;
        key = shortkey;
    }
    mc_bc_mn *mn = mc_bc_get(&cn->bc, key);
    if (!mn)
        return MC_BA_INSUFFICIENT;
    expire_mn(cn, mn, now);
    int st;
    uint16_t life = v->lifetime < cn->cfg.max_lifetime ? v->lifetime : cn->cfg.max_lifetime;
    if (fault(cn, MC_CNF_LIFETIME_UNCAPPED))
        life = v->lifetime;
    r->ba.lifetime = life;
    if (mn->nb && !seq_newer(v->seq, mn->last_seq) && !(fault(cn, MC_CNF_SEQ_EQUAL_OK) && v->seq == mn->last_seq)) {
        r->ba.seq = mn->last_seq; /* RFC 6275 9.5.1: the last accepted number */
        st = MC_BA_SEQ_OUT_OF_WINDOW;
    } else if (v->flags & MC_BU_H) {
        st = MC_BA_HOMEREG_NOT_SUPP; /* RFC 6275 9.5.1: not a home agent */
    } else {
        st = v->nbid == 0 ? legacy_bu(cn, mn, coa, dereg, life, now) : mcoa_bu(cn, v, mn, dereg, life, now);
        if (st < 128)
            mn->last_seq = v->seq;
    }
    mc_bc_release_if_empty(&cn->bc, mn);
    return st;
}

/* RFC 6275 9.5.1 validation up to the authenticator.  -1 = discard. */
static int authorize(mc_cn *cn, const mc_cn_bu *bu, uint64_t now, mc_cn_bu_result *r, uint8_t coa[16], int *dereg)
{
    const mc_bu_view *v = &bu->v;
    if (!v->has_nonce && fault(cn, MC_CNF_NO_NONCE_OK))
        return MC_BA_EXPIRED_NONCES; /* indices 0, never handed out: not recognised */
    if (!v->has_nonce || !auth_is_last(bu)) {
        r->why = "no Nonce Indices, or no Binding Authorization Data as last option (RFC 6275 9.5.1)";
        return -1;
    }
    registered_coa(cn, v, now, coa);
    *dereg = mc_rr_is_dereg(v->lifetime, coa, v->hoa);
    if (fault(cn, MC_CNF_HOME_COA_REGISTERS))
        *dereg = v->lifetime == 0;
    memcpy(r->mac_coa, mc_rr_mac_coa(v->lifetime, coa, v->hoa), 16);
    int st = derive_kbm(cn, v, coa, *dereg, now, r->kbm);
    if (st)
        return st; /* answered without Binding Authorization Data (RFC 6275 9.5.4) */
    if (!mc_rr_verify(r->kbm, r->mac_coa, v->dst, bu->mh, bu->mh_len, v->auth_off) &&
        !fault(cn, MC_CNF_NO_AUTH_CHECK)) {
        r->why = "authenticator does not verify (RFC 6275 9.5.1)";
        return -1;
    }
    r->has_kbm = 1;
    return 0;
}

/* Where the status goes (RFC 5648 6.2: a correspondent node puts it in the
 * BA, every BID option's Status zero) and whether a BA goes out (RFC 6275
 * 9.5.4: when A is set, and always on a rejection). */
static void finish(mc_cn *cn, const mc_bu_view *v, int st, mc_cn_bu_result *r)
{
    mc_ba_plan *ba = &r->ba;
    ba->status = (uint8_t)st;
    if (st >= 128 || fault(cn, MC_CNF_BA_LIFETIME_ZERO))
        ba->lifetime = 0;
    ba->send = st >= 128 || (v->flags & MC_BU_A);
    if (fault(cn, MC_CNF_BA_WITHOUT_A))
        ba->send = 1;
    if (fault(cn, MC_CNF_STATUS_IN_BID) && st >= 128 && ba->nbid > 0) {
        for (int i = 0; i < ba->nbid; i++)
            ba->bid[i].status = (uint8_t)st;
        ba->status = MC_BA_MCOA_NOTCOMPLETE;
    }
    if (fault(cn, MC_CNF_NO_BID_COPY))
        ba->nbid = 0;
    if (ba->send)
        cn->ba_sent++;
}

int mc_cn_process_bu(mc_cn *cn, const mc_cn_bu *bu, uint64_t now_ms, mc_cn_bu_result *r)
{
    const mc_bu_view *v = &bu->v;
    memset(r, 0, sizeof *r);
    cn->bu_seen++;
    mc_cn_tick(cn, now_ms);
    r->ba.seq = v->seq;
    r->ba.nbid = v->nbid;
    for (int i = 0; i < v->nbid; i++) {
        r->ba.bid[i] = v->bid[i];
        r->ba.bid[i].status = 0; /* copied "except the Status field" (RFC 5648 6.2) */
        /* RFC 5648 4.3: the Reserved bits we send are zero, whatever the BU had */
        if (!fault(cn, MC_CNF_BA_BID_RESERVED))
            r->ba.bid[i].flags &= MC_BID_H_FLAG;
    }
    uint8_t coa[16];
    int dereg = 0;
    int st = authorize(cn, bu, now_ms, r, coa, &dereg);
    if (st == 0)
        st = authorized_bu(cn, v, coa, dereg, now_ms, r);
    if (st < 0) {
        r->discarded = 1;
        cn->bu_discarded++;
        return -1;
    }
    finish(cn, v, st, r);
    return r->ba.status;
}

int mc_cn_ba_to_pkt(const mc_cn *cn, const mc_cn_bu_result *r, const mc_bu_view *bu, mc_pkt *p, mc_err *e)
{
    if (mc_ba_plan_to_pkt(&r->ba, bu, p, e) < 0)
        return -1;
    if (!r->has_kbm || fault(cn, MC_CNF_BA_NO_AUTH))
        return 0;
    /* RFC 6275 6.1.8 / 9.5.4: Binding Authorization Data, last, with Kbm;
     * "correspondent" is our address, the one the BU was sent to */
    mc_layer *mh = mc_pkt_find(p, MC_LK_MH);
    uint8_t zero[MC_RR_AUTH_LEN] = {0};
    if (!mh || !mc_pkt_add_opt(p, mh, MC_OF_TLV, MC_OPT_AUTH, zero, sizeof zero, e))
        return -1;
    return mc_rr_sign_pkt(p, r->kbm, fault(cn, MC_CNF_BA_AUTH_HOA) ? bu->hoa : r->mac_coa, bu->dst, e);
}

/* ---- route optimization (RFC 6275 9.3.2) ----------------------------------- */

const mc_binding *mc_cn_route(mc_cn *cn, const uint8_t hoa[16], uint64_t now_ms)
{
    mc_bc_mn *mn = mc_bc_find(&cn->bc, hoa);
    const mc_binding *best = NULL;
    if (fault(cn, MC_CNF_NO_RO))
        return NULL;
    for (int i = 0; mn && i < mn->nb; i++) {
        const mc_binding *b = &mn->b[i];
        if (b->family == 6 && !b->home && b->expires_ms > now_ms && (!best || b->expires_ms > best->expires_ms))
            best = b;
    }
    return best;
}

/* ---- RFC 5648 6.5 ----------------------------------------------------------- */

static int coa_bound(mc_bcache *c, const uint8_t hoa[16], const uint8_t src[16], uint64_t now)
{
    mc_bc_mn *mn = mc_bc_find(c, hoa);
    for (int k = 0; mn && k < mn->nb; k++) {
        const mc_binding *b = &mn->b[k];
        if (b->family == 6 && b->expires_ms > now && memcmp(b->coa, src, 16) == 0)
            return 1;
    }
    return 0;
}

/* RFC 6275 9.3.1 / 6.1.9: status 1, the home address of the option, sent
 * to the packet's source without Home Address option or Routing Header. */
static int build_be(const uint8_t hoa[16], const uint8_t src[16], const uint8_t dst[16], mc_pkt *be, mc_err *e)
{
    mc_layer *mh = ip6_mh(be, dst, src, MC_MH_BE, e);
    if (!mh || mc_layer_put(mh, "status", MC_BE_UNKNOWN_HAO, 0) || put_bytes(mh, "home", hoa, 16))
        return -1;
    return 0;
}

int mc_cn_check_hao(mc_bcache *c, const uint8_t hoa[16], const uint8_t src[16], const uint8_t dst[16],
                    uint64_t now_ms, mc_pkt *be, mc_err *e)
{
    if (coa_bound(c, hoa, src, now_ms))
        return MC_HAO_ACCEPT;
    if (be && build_be(hoa, src, dst, be, e) < 0)
        return -1;
    return MC_HAO_DISCARD;
}

int mc_cn_handle_hao_packet(mc_cn *cn, const mc_dissection *d, uint64_t now_ms, mc_pkt *be, mc_err *e)
{
    const mc_pkt *p = &d->pkt;
    int top = p->nlayers, hao = 0;
    for (int i = 0; i < p->nlayers; i++)
        if (p->l[i].kind == MC_LK_HAO) {
            top = i + 1;
            break;
        }
    uint8_t src[16], dst[16], hoa[16];
    if (addrs_below(p, top, src, dst, hoa, &hao) < 0 || !hao)
        return -1;
    /* "This verification MUST NOT be done for a Binding Update." */
    if (d->mh >= 0 && p->l[d->mh].kind == MC_LK_MH && p->l[d->mh].code == MC_MH_BU)
        return MC_HAO_ACCEPT;
    if (fault(cn, MC_CNF_NO_BINDING_ERROR))
        return MC_HAO_ACCEPT;
    int v = mc_cn_check_hao(&cn->bc, hoa, src, dst, now_ms, be, e);
    if (v == MC_HAO_DISCARD)
        cn->be_sent++;
    return v;
}

/* ---- RFC 6275 9.2: unrecognised MH Type ------------------------------------- */

int mc_cn_handle_unknown_mh(mc_cn *cn, const mc_dissection *d, mc_pkt *be, mc_err *e)
{
    const mc_pkt *p = &d->pkt;
    if (d->mh < 0 || p->l[d->mh].kind != MC_LK_MH || p->l[d->mh].code <= MC_MH_BE)
        return -1;
    if (d->mh_csum_ok == 0 || d->mh_present < d->mh_declared)
        return -1; /* 9.2: a wrong checksum or a truncated MH is silently discarded */
    uint8_t src[16], dst[16], hoa[16] = {0};
    int hao = 0;
    if (addrs_below(p, d->mh, src, dst, hoa, &hao) < 0)
        return -1;
    if (fault(cn, MC_CNF_UNKNOWN_MH_SILENT))
        return 0;
    /* 9.3.3: to the source of the offending packet (its care-of address when
     * it had a Home Address option), no Routing Header */
    mc_layer *mh = ip6_mh(be, dst, src, MC_MH_BE, e);
    if (!mh || mc_layer_put(mh, "status", MC_BE_UNKNOWN_MH_TYPE, 0) || put_bytes(mh, "home", hoa, 16))
        return -1;
    cn->be_sent++;
    return 1;
}
