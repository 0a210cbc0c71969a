/*
 * ha_bu.c - home agent Binding Update processing (see ha_bu.h).
 */
#include <string.h>
#include "ha_bu.h"

const mc_fault_desc mc_ha_faults[] = {
    {"ha-no-bid-copy", MC_HAF_NO_BID_COPY, "RFC5648 6.2",
     "all BID options of the BU MUST be copied to the BA"},
    {"ha-accept-bad-bid-length", MC_HAF_ACCEPT_BAD_LENGTH, "RFC5648 6.2",
     "a BID option length other than 4, 8 or 20 MUST be rejected with MCOA MALFORMED (164)"},
    {"ha-accept-bad-coa", MC_HAF_ACCEPT_BAD_COA, "RFC5648 6.2",
     "a Care-of Address field that is not unicast routable MUST be rejected with 164"},
    {"ha-ignore-o", MC_HAF_IGNORE_O, "RFC5648 6.2",
     "with O set, all existing bindings are replaced by the received ones"},
    {"ha-no-165", MC_HAF_NO_165, "RFC5648 6.2",
     "O clear while a binding without BID exists: not processed, status 165"},
    {"ha-dereg-unknown-bid-ok", MC_HAF_DEREG_UNKNOWN_OK, "RFC5648 6.2",
     "de-registering a BID with no binding MUST be rejected with 133"},
    {"ha-no-167", MC_HAF_NO_167, "RFC5648 6.2",
     "a BID without Care-of Address field and no binding MUST be rejected with MCOA UNKNOWN COA (167)"},
    {"ha-notcomplete-as-0", MC_HAF_NOTCOMPLETE_AS_0, "RFC5648 6.2",
     "a bulk registration partly rejected MUST answer MCOA NOTCOMPLETE (4) with per-BID statuses"},
    {"ha-legacy-keeps-bindings", MC_HAF_LEGACY_KEEPS_ALL, "RFC5648 6.2",
     "a BU without BID option MUST replace all existing bindings"},
    {"ha-legacy-dereg-keeps-bindings", MC_HAF_LEGACY_DEREG_KEEPS, "RFC5648 6.2",
     "a de-registration without BID option MUST delete all bindings"},
    {"ha-no-166", MC_HAF_NO_166, "RFC5648 4.4",
     "multiple care-of addresses registration administratively prohibited: MCOA PROHIBITED (166)"},
    {"ha-no-168", MC_HAF_NO_168, "RFC5648 4.4",
     "bulk registration not permitted: MCOA BULK REGISTRATION PROHIBITED (168)"},
    {"ha-no-169", MC_HAF_NO_169, "RFC5648 4.4",
     "simultaneous home and foreign attachment not permitted: 169"},
    {"ha-returnhome-wrong-status", MC_HAF_RETURNHOME_STATUS, "RFC5648 6.3",
     "a home binding is answered with the configured status, 0 or MCOA RETURNHOME WO/NDP (5)"},
    {"ha-bid-status-not-zeroed", MC_HAF_BID_STATUS_NONZERO, "RFC5648 6.2",
     "when the BA status applies, every BID option status MUST be zero"},
    {"ha-no-coa-update", MC_HAF_NO_COA_UPDATE, "RFC5648 6.2",
     "a BID already bound to another care-of address MUST be updated"},
    {"ha-seq-ignored", MC_HAF_SEQ_IGNORED, "RFC6275 9.5.1",
     "a sequence number not greater than the last one MUST be rejected with 135"},
    {"ha-dereg-deletes-all", MC_HAF_DEREG_DELETES_ALL, "RFC5648 6.2",
     "a de-registration with BID options deletes the bindings of those BIDs only"},
    {"ha-no-132", MC_HAF_NO_132, "RFC6275 10.3.1",
     "a home address outside the home subnet prefix MUST be rejected with 132"},
    {"ha-accept-bad-checksum", MC_HAF_ACCEPT_BAD_CSUM, "RFC6275 9.2",
     "a Mobility Header with a wrong checksum MUST be silently discarded"},
    {"ha-reject-ipv4-bid", MC_HAF_REJECT_V4_BID, "RFC5648 8.1",
     "an IPv4 care-of address in a BID option (length 8) MUST be taken as the IPv4 care-of address"},
    {"ha-home-binding-as-dereg", MC_HAF_HOME_AS_DEREG, "RFC5648 6.2",
     "with H set the home agent stores the home address as care-of address, keeping the foreign bindings"},
    {"ha-hao-check-on-bu", MC_HAF_HAO_CHECK_ON_BU, "RFC5648 6.5",
     "the care-of address check of packets with a Home Address option MUST NOT be done for a BU"},
    {"ha-no-binding-error", MC_HAF_NO_BINDING_ERROR, "RFC5648 6.5",
     "a packet with a Home Address option from no registered care-of address MUST be discarded with a Binding Error"},
    {"ha-no-intercept", MC_HAF_NO_INTERCEPT, "RFC5648 5.6.2",
     "the home agent MUST intercept the packets meant for the mobile node and tunnel them to a care-of address"},
    {"ha-reverse-one-coa", MC_HAF_REVERSE_ONE_COA, "RFC5648 9.3.1",
     "reverse-tunnelled packets are decapsulated from any care-of address of the binding cache entry"},
    {"ha-reverse-first-coa", MC_HAF_REVERSE_FIRST_COA, "RFC5648 9.3.1",
     "reverse-tunnelled packets are decapsulated from any care-of address of the binding cache entry (the faulty "
     "node compares with its first binding's only, which may be an IPv4 one)"},
    {"ha-brr-without-bid", MC_HAF_BRR_WITHOUT_BID, "RFC5648 6.4",
     "a Binding Refresh Request for bindings with a BID SHOULD carry their BID options"},
    {"ha-refresh-rejected", MC_HAF_NO_REFRESH, "RFC5648 6.2",
     "a length-4 BID option for a BID in the binding cache MUST update (refresh) that binding"},
    {"ha-ba-bid-coa", MC_HAF_BA_BID_COA, "RFC5648 4.3",
     "a BID option outside a BU has no Care-of Address field: the BA's copies leave it out"},
    {"ha-bid-reserved-echoed", MC_HAF_RESERVED_ECHOED, "RFC5648 4.3",
     "the sender of a BID option MUST set its Reserved field to zero (the BA's copies too)"},
    {"ha-v4ack-after-bid", MC_HAF_V4ACK_AFTER_BID, "RFC5648 8.2",
     "in a BA the IPv4 Address Acknowledgement option MUST come before any BID option"},
    {"ha-no-v4ack", MC_HAF_NO_V4ACK, "RFC5648 8.2",
     "a BA for an IPv4 home address registration MUST include the IPv4 Address Acknowledgement option"},
    {"ha-v4-status-in-bid", MC_HAF_V4_STATUS_IN_BID, "RFC5648 8.1",
     "an IPv4 Address Acknowledgement status MUST be stored in that option, not in the BID option"},
    {"ha-seq-no-wrap", MC_HAF_SEQ_NO_WRAP, "RFC6275 9.5.1",
     "sequence numbers are compared modulo 2**16: 0 follows 65535"},
    {"ha-seq-moved-by-rejection", MC_HAF_SEQ_ON_REJECT, "RFC6275 9.5.1",
     "the sequence number to compare with is the last one of a valid (accepted) BU"},
    {"ha-dereg-first-bid-only", MC_HAF_DEREG_FIRST_ONLY, "RFC5648 6.2",
     "a de-registering BU deletes the binding of every BID option it carries"},
    {"ha-reverse-any-source", MC_HAF_REVERSE_ANY_SRC, "RFC5648 9.3.1",
     "a reverse-tunnelled packet is decapsulated only when its outer source is a care-of address of the home "
     "address's binding cache entry"},
    {"ha-v4ack-sticky", MC_HAF_V4ACK_STICKY, "RFC5555 3.2.1",
     "the IPv4 Address Acknowledgement answers the BU that carried an IPv4 Home Address Request: the faulty node "
     "puts the last one it sent into every later BA"},
    {"ha-reject-keeps-bid-status", MC_HAF_REJECT_KEEPS_STATUS, "RFC5648 6.2",
     "when the BA status carries the result (every BID option of a de-registration is malformed: 164), every BID "
     "option status is zero: the faulty node leaves 164 in each"},
    {"ha-reverse-after-dereg", MC_HAF_REVERSE_AFTER_DEREG, "RFC5648 9.3.1",
     "once a binding is de-registered its care-of address is no longer one of the binding cache entry's: packets "
     "reverse-tunnelled from it are not decapsulated (the faulty node's check still finds the deleted binding)"},
    {"ha-ba-not-to-lla", MC_HAF_BA_NOT_TO_LLA, "RFC5648 6.3",
     "the home agent SHOULD use the link-layer address of the BU's MH Link-Layer Address option to send the BA "
     "to the mobile node at home (the faulty node broadcasts it)"},
    {"ha-ignore-altcoa", MC_HAF_IGNORE_ALTCOA, "RFC6275 6.2.5",
     "the care-of address of a BU is the one of its Alternate Care-of Address option when present; one equal to "
     "the home address makes the BU a de-registration (RFC 6275 9.5.1, RFC 5648 6.2)"},
    {"ha-no-expiry", MC_HAF_NO_EXPIRY, "RFC6275 10.3.1",
     "a binding ends with its lifetime: the home agent stops intercepting for it and no longer knows its BID"},
    {"ha-expiry-takes-all", MC_HAF_EXPIRY_TAKES_ALL, "RFC5648 3",
     "each binding of a home address is a binding cache entry of its own, with its own lifetime: one that expires "
     "takes none of the others with it"},
    {"ha-ba-only-with-a", MC_HAF_BA_ONLY_WITH_A, "RFC6275 10.3.1",
     "regardless of the Acknowledge (A) bit, the home agent MUST return a Binding Acknowledgement to a home "
     "registration"},
    {"ha-cache-key-short", MC_HAF_CACHE_KEY_SHORT, "RFC5648 6.1",
     "the binding cache is looked up with the whole home address (and the BID): home addresses that differ in "
     "their last byte only are two mobile nodes"},
    {"ha-dereg-honours-o", MC_HAF_DEREG_HONOURS_O, "RFC5648 6.2",
     "the O flag is ignored in a de-registering BU: only the listed BIDs are deleted"},
    {"ha-o-before-lookup", MC_HAF_O_BEFORE_LOOKUP, "RFC5648 6.2",
     "the care-of addresses are retrieved from the BU (a length-4 BID option from its binding) before O "
     "removes the existing bindings"},
    {"ha-dereg-partial", MC_HAF_DEREG_PARTIAL, "RFC5648 6.2",
     "a de-registration listing a BID without binding MUST be rejected (133): the rejected BU deletes nothing"},
    {"ha-o-clears-when-all-rejected", MC_HAF_O_CLEARS_REJECTED, "RFC5648 6.2",
     "O removes the existing bindings to register the received ones; a BU whose every BID option is rejected "
     "registers none and changes nothing"},
    {"ha-coa-hoa-not-dereg", MC_HAF_COA_HOA_NOT_DEREG, "RFC6275 9.5.1",
     "a BU whose care-of address matches the home address is a request to delete the binding, whatever its "
     "lifetime: without BID option it deletes every binding (RFC 5648 6.2)"},
    {"ha-v4ack-plen-on-failure", MC_HAF_V4ACK_PLEN_FAIL, "RFC5555 3.2.1",
     "the Pref-len of an IPv4 Address Acknowledgement MUST be set to zero in case of failure"},
    {"ha-non-home-bu-registered", MC_HAF_NON_HOME_BU, "RFC6275 9.5.1",
     "a BU without H is a correspondent registration: without Nonce Indices and Binding Authorization Data it is "
     "discarded and registers nothing"},
    {"ha-hao-check-first-coa", MC_HAF_HAO_FIRST_COA, "RFC5648 6.5",
     "the source of a packet with a Home Address option is checked against every care-of address of the binding "
     "cache entry, not the first binding's only"},
    {"ha-seq-not-moved-by-dereg", MC_HAF_SEQ_NOT_BY_DEREG, "RFC6275 9.5.1",
     "a BU's sequence number is compared with the previous valid BU's, a de-registration's too"},
    {"ha-seq-not-moved-by-legacy", MC_HAF_SEQ_NOT_BY_LEGACY, "RFC6275 9.5.1",
     "a BU's sequence number is compared with the previous valid BU's, one without BID option too"},
};
const size_t mc_ha_nfaults = sizeof(mc_ha_faults) / sizeof(mc_ha_faults[0]);

uint64_t mc_fault_bit(const mc_fault_desc *t, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].name, name) == 0)
            return t[i].bit;
    return 0;
}

uint64_t mc_ha_fault_bit(const char *name) { return mc_fault_bit(mc_ha_faults, mc_ha_nfaults, name); }

void mc_ha_config_default(mc_ha_config *c)
{
    static const uint8_t prefix[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1};
    memset(c, 0, sizeof *c);
    memcpy(c->home_prefix, prefix, 16);
    c->home_plen = 64;
    c->max_lifetime = 1000; /* 4000 s */
    c->allow_mcoa = c->allow_bulk = c->allow_simultaneous = 1;
    c->returnhome_status = MC_BA_ACCEPTED;
}

int mc_ha_init(mc_ha *ha, const mc_ha_config *cfg, size_t expected_mn)
{
    memset(ha, 0, sizeof *ha);
    ha->cfg = *cfg;
    return mc_bc_init(&ha->bc, expected_mn);
}

void mc_ha_free(mc_ha *ha) { mc_bc_free(&ha->bc); }

static int fault(const mc_ha *ha, uint64_t bit) { return (ha->cfg.faults & bit) != 0; }

static int prefix_match(const uint8_t a[16], const uint8_t p[16], unsigned plen)
{
    unsigned full = plen / 8, rest = plen % 8;
    if (memcmp(a, p, full) != 0)
        return 0;
    return rest == 0 || ((a[full] ^ p[full]) & (0xff << (8 - rest))) == 0;
}

static int prefix_match4(const uint8_t a[4], const uint8_t p[4], unsigned plen)
{
    uint32_t x = (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3];
    uint32_t y = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    uint32_t mask = plen == 0 ? 0 : plen >= 32 ? 0xffffffffu : ~(0xffffffffu >> plen);
    return (x & mask) == (y & mask);
}

/* RFC 6275 9.5.1: "greater than" modulo 2^16 (within a window of 2^15). */
static int seq_newer(uint16_t now, uint16_t last) { return (uint16_t)(now - last) != 0 && (uint16_t)(now - last) < 0x8000; }
/* fault ha-seq-no-wrap: the comparison an integer-minded implementation makes */
static int seq_newer_nowrap(uint16_t now, uint16_t last) { return now > last; }

static int bid_len_ok(uint8_t len) { return len == MC_BID_LEN_NOCOA || len == MC_BID_LEN_V4 || len == MC_BID_LEN_V6; }

static int coa_routable(const mc_bid_view *b)
{
    if (b->len == MC_BID_LEN_V6)
        return mc_addr_class_routable(mc_addr6_class(b->coa));
    if (b->len == MC_BID_LEN_V4)
        return mc_addr_class_routable(mc_addr4_class(b->coa));
    return 1;
}

static void expire_mn(mc_ha *ha, mc_bc_mn *mn, uint64_t now)
{
    if (fault(ha, MC_HAF_NO_EXPIRY))
        return;
    for (int k = 0; k < mn->nb;)
        if (mn->b[k].expires_ms <= now)
            mc_bc_del(&ha->bc, mn, &mn->b[k]);
        else
            k++;
}

/* The whole BU is rejected: the BA status applies, BID statuses are 0. */
static int reject(mc_ba_plan *ba, int status)
{
    for (int i = 0; i < ba->nbid; i++)
        ba->bid[i].status = 0;
    return status;
}

/* RFC 5648 6.2, first paragraph: a BU without BID option is RFC 6275's. */
static int legacy_bu(mc_ha *ha, const mc_bu_view *bu, mc_bc_mn *mn, uint16_t life, uint64_t now)
{
    /* RFC 6275 6.1.7, 6.2.5: the Alternate Care-of Address option, when
     * present, names the care-of address; 9.5.1: lifetime zero, or a care-of
     * address equal to the home address, asks for the binding to be deleted */
    const uint8_t *coa = bu->has_altcoa && !fault(ha, MC_HAF_IGNORE_ALTCOA) ? bu->altcoa : bu->src;
    int dereg = life == 0 || (memcmp(coa, bu->hoa, 16) == 0 && !fault(ha, MC_HAF_COA_HOA_NOT_DEREG));
    if (dereg) {
        if (!fault(ha, MC_HAF_LEGACY_DEREG_KEEPS))
            mc_bc_del_all(&ha->bc, mn);
        else {
            mc_binding *b = mc_bc_binding(mn, 0, 0);
            if (b)
                mc_bc_del(&ha->bc, mn, b);
        }
        return MC_BA_ACCEPTED;
    }
    if (!fault(ha, MC_HAF_LEGACY_KEEPS_ALL))
        mc_bc_del_all(&ha->bc, mn);
    mc_binding b = {0};
    memcpy(b.coa, coa, 16);
    b.family = 6;
    b.expires_ms = now + (uint64_t)life * 4000;
    return mc_bc_put(&ha->bc, mn, &b) ? MC_BA_ACCEPTED : MC_BA_INSUFFICIENT;
}

/* Where the care-of address of one BID option comes from (RFC 5648 6.2,
 * Section 8 for IPv4).  Returns a BID status (0 or an error). */
static int bid_coa(mc_ha *ha, const mc_bu_view *bu, mc_bc_mn *mn, const mc_bid_view *x, mc_binding *b)
{
    memset(b, 0, sizeof *b);
    b->bid = x->bid;
    b->has_bid = 1;
    b->family = 6;
    if (x->flags & MC_BID_H_FLAG) {
        /* RFC 5648 5.6 / 6.2: the home binding's care-of address is the home address */
        b->home = 1;
        memcpy(b->coa, bu->hoa, 16);
        return 0;
    }
    if (x->len == MC_BID_LEN_V6) {
        memcpy(b->coa, x->coa, 16);
        return 0;
    }
    if (x->len == MC_BID_LEN_V4) {
        b->family = 4;
        /* Section 8: behind a NAT the IPv4 source address wins */
        memcpy(b->coa, bu->udp_encap ? bu->v4src : x->coa, 4);
        return 0;
    }
    mc_binding *old = fault(ha, MC_HAF_NO_REFRESH) ? NULL : mc_bc_binding(mn, 1, x->bid);
    if (old) {
        memcpy(b->coa, old->coa, 16);
        b->family = old->family;
        return 0;
    }
    if (!fault(ha, MC_HAF_NO_167) && x->len == MC_BID_LEN_NOCOA)
        return MC_BA_MCOA_UNKNOWN_COA;
    memcpy(b->coa, bu->src, 16); /* faulty node, or a length the fault let through */
    return 0;
}

/* The BA status from the per-BID outcomes (RFC 5648 6.2, last paragraphs). */
static int summarise(mc_ha *ha, mc_ba_plan *ba, int any_home)
{
    int nfail = 0, nok = 0, same = -1;
    for (int i = 0; i < ba->nbid; i++) {
        int s = ba->bid[i].status;
        if (s >= 128) {
            nfail++;
            same = (same == -1 || same == s) ? s : -2;
        } else {
            nok++;
        }
    }
    if (nfail == 0) {
        int st = any_home ? ha->cfg.returnhome_status : MC_BA_ACCEPTED;
        if (any_home && fault(ha, MC_HAF_RETURNHOME_STATUS))
            st = st == MC_BA_ACCEPTED ? MC_BA_MCOA_RETURNHOME_WONDP : MC_BA_ACCEPTED;
        return st;
    }
    if (nok == 0 && same >= 0) {
        for (int i = 0; i < ba->nbid; i++)
            ba->bid[i].status = 0;
        return same;
    }
    if (fault(ha, MC_HAF_NOTCOMPLETE_AS_0))
        return MC_BA_ACCEPTED;
    return MC_BA_MCOA_NOTCOMPLETE;
}

static int mcoa_bu(mc_ha *ha, const mc_bu_view *bu, mc_bc_mn *mn, uint16_t life, uint64_t now, mc_ba_plan *ba)
{
    int o_flag = (bu->flags & MC_BU_O) != 0;
    if (fault(ha, MC_HAF_SEQ_ON_REJECT) && mn->nb)
        mn->last_seq = bu->seq; /* before the BID options are validated */
    if (!ha->cfg.allow_mcoa && !fault(ha, MC_HAF_NO_166))
        return reject(ba, MC_BA_MCOA_PROHIBITED);
    if (bu->nbid > 1 && !ha->cfg.allow_bulk && !fault(ha, MC_HAF_NO_168))
        return reject(ba, MC_BA_MCOA_BULK_PROHIBITED);
    for (int i = 0; i < bu->nbid; i++) {
        if (!bid_len_ok(bu->bid[i].len) && !fault(ha, MC_HAF_ACCEPT_BAD_LENGTH))
            return reject(ba, MC_BA_MCOA_MALFORMED);
        if (bu->bid[i].len == MC_BID_LEN_V4 && fault(ha, MC_HAF_REJECT_V4_BID))
            return reject(ba, MC_BA_MCOA_MALFORMED);
        if ((bu->bid[i].flags & MC_BID_H_FLAG) && !ha->cfg.allow_simultaneous && !fault(ha, MC_HAF_NO_169))
            return reject(ba, MC_BA_MCOA_SIMUL_PROHIBITED);
    }
    if (life == 0) {
        /* de-registration of the listed BIDs; O is ignored */
        for (int i = 0; i < bu->nbid && fault(ha, MC_HAF_DEREG_PARTIAL); i++) {
            mc_binding *b = mc_bc_binding(mn, 1, bu->bid[i].bid);
            if (b)
                mc_bc_del(&ha->bc, mn, b);
        }
        for (int i = 0; i < bu->nbid; i++)
            if (!mc_bc_binding(mn, 1, bu->bid[i].bid) && !fault(ha, MC_HAF_DEREG_UNKNOWN_OK))
                return reject(ba, MC_BA_NOT_HA_FOR_MN);
        /* RFC 5648 6.2 examines the Care-of Address field before the
         * lifetime: a BID option whose care-of address is not unicast
         * routable is rejected (164) in a de-registration too */
        int nbad = 0;
        for (int i = 0; i < bu->nbid; i++)
            if (bu->bid[i].len != MC_BID_LEN_NOCOA && !coa_routable(&bu->bid[i]) &&
                !fault(ha, MC_HAF_ACCEPT_BAD_COA)) {
                ba->bid[i].status = MC_BA_MCOA_MALFORMED;
                nbad++;
            }
        if (nbad && nbad == bu->nbid)
            return fault(ha, MC_HAF_REJECT_KEEPS_STATUS) ? MC_BA_MCOA_MALFORMED : reject(ba, MC_BA_MCOA_MALFORMED);
        for (int i = 0; i < (fault(ha, MC_HAF_DEREG_FIRST_ONLY) ? 1 : bu->nbid); i++) {
            mc_binding *b = ba->bid[i].status ? NULL : mc_bc_binding(mn, 1, bu->bid[i].bid);
            if (b)
                mc_bc_del(&ha->bc, mn, b);
        }
        if (fault(ha, MC_HAF_DEREG_DELETES_ALL) || (o_flag && fault(ha, MC_HAF_DEREG_HONOURS_O)))
            mc_bc_del_all(&ha->bc, mn);
        if (!fault(ha, MC_HAF_SEQ_NOT_BY_DEREG))
            mn->last_seq = bu->seq;
        return nbad ? MC_BA_MCOA_NOTCOMPLETE : MC_BA_ACCEPTED;
    }
    for (int i = 0; i < bu->nbid; i++)
        if ((bu->bid[i].flags & MC_BID_H_FLAG) && fault(ha, MC_HAF_HOME_AS_DEREG)) {
            /* what an RFC 6275 home agent does with a BU from the home address */
            mc_bc_del_all(&ha->bc, mn);
            mn->last_seq = bu->seq;
            return MC_BA_ACCEPTED;
        }
    if (!o_flag && mc_bc_binding(mn, 0, 0) && !fault(ha, MC_HAF_NO_165))
        return reject(ba, MC_BA_MCOA_NON_MCOA_EXISTS);

    if (o_flag && fault(ha, MC_HAF_O_BEFORE_LOOKUP))
        mc_bc_del_all(&ha->bc, mn);
    mc_binding nb[MC_VIEW_MAX_BID];
    int any_home = 0, nok = 0, nreg = 0;
    for (int i = 0; i < bu->nbid; i++) {
        if (bu->bid[i].len != MC_BID_LEN_NOCOA && !coa_routable(&bu->bid[i]) && !fault(ha, MC_HAF_ACCEPT_BAD_COA)) {
            ba->bid[i].status = MC_BA_MCOA_MALFORMED;
            continue;
        }
        int st = bid_coa(ha, bu, mn, &bu->bid[i], &nb[i]);
        if (st) {
            ba->bid[i].status = (uint8_t)st;
            continue;
        }
        nb[i].expires_ms = now + (uint64_t)life * 4000;
        any_home |= nb[i].home;
        nok++;
    }
    /* O replaces the bindings by the received ones (RFC 5648 6.2); when
     * every BID option is rejected there are none, and a rejected BU
     * changes nothing (RFC 6275 6.1.8) */
    if (o_flag && (nok || fault(ha, MC_HAF_O_CLEARS_REJECTED)) && !fault(ha, MC_HAF_IGNORE_O))
        mc_bc_del_all(&ha->bc, mn);
    for (int i = 0; i < bu->nbid; i++) {
        if (ba->bid[i].status >= 128)
            continue;
        mc_binding *old = mc_bc_binding(mn, 1, nb[i].bid);
        if (old && fault(ha, MC_HAF_NO_COA_UPDATE)) {
            old->expires_ms = nb[i].expires_ms;
            old->brr_sent = 0;
            nreg++;
            continue;
        }
        if (nb[i].home && bu->has_lla) {
            nb[i].lla_len = bu->lla_len;
            memcpy(nb[i].lla, bu->lla, bu->lla_len);
        }
        if (!mc_bc_put(&ha->bc, mn, &nb[i]))
            ba->bid[i].status = MC_BA_INSUFFICIENT;
        else
            nreg++;
    }
    /* RFC 6275 9.5.1: 135 carries the last *accepted* sequence number; it
     * moves only when a binding was registered */
    if (nreg)
        mn->last_seq = bu->seq;
    return summarise(ha, ba, any_home);
}

/* Validation and dispatch; returns the BA status, the BA plan filled except
 * for status-derived fields, which finish() sets. */
static int process(mc_ha *ha, const mc_bu_view *bu, uint64_t now, mc_ba_plan *ba, uint16_t *life)
{
    if (!(bu->flags & MC_BU_H) && !fault(ha, MC_HAF_NON_HOME_BU))
        return reject(ba, MC_BA_PROHIBITED); /* this home agent offers no route optimization */
    if (!prefix_match(bu->hoa, ha->cfg.home_prefix, ha->cfg.home_plen) && !fault(ha, MC_HAF_NO_132))
        return reject(ba, MC_BA_NOT_HOME_SUBNET); /* RFC 6275 10.3.1 */
    const uint8_t *key = bu->hoa;
    uint8_t shortkey[16];
    if (fault(ha, MC_HAF_CACHE_KEY_SHORT)) {
        memcpy(shortkey, bu->hoa, 15);
        shortkey[15] = 0;
        key = shortkey;
    }
    mc_bc_mn *mn = mc_bc_get(&ha->bc, key);
    if (!mn)
        return reject(ba, MC_BA_INSUFFICIENT);
    expire_mn(ha, mn, now);
    if (mn->nb && bu->has_hao && !bu->udp_encap && fault(ha, MC_HAF_HAO_CHECK_ON_BU) &&
        !mc_ha_hao_ok(ha, bu->hoa, bu->src, now)) {
        /* the 6.5 check wrongly applied: the BU is discarded, a Binding Error answers */
        ba->binding_error = 1;
        return -1;
    }
    int status;
    *life = bu->lifetime < ha->cfg.max_lifetime ? bu->lifetime : ha->cfg.max_lifetime;
    int newer = fault(ha, MC_HAF_SEQ_NO_WRAP) ? seq_newer_nowrap(bu->seq, mn->last_seq) : seq_newer(bu->seq, mn->last_seq);
    if (mn->nb && !newer && !fault(ha, MC_HAF_SEQ_IGNORED)) {
        ba->seq = mn->last_seq; /* RFC 6275 9.5.1: the BA carries the last accepted number */
        status = reject(ba, MC_BA_SEQ_OUT_OF_WINDOW);
    } else if (bu->nbid == 0) {
        status = legacy_bu(ha, bu, mn, *life, now);
        if (!fault(ha, MC_HAF_SEQ_NOT_BY_LEGACY))
            mn->last_seq = bu->seq;
    } else {
        status = mcoa_bu(ha, bu, mn, *life, now, ba);
    }
    mc_bc_release_if_empty(&ha->bc, mn);
    return status;
}

/* RFC 5555 3.2.1 / RFC 5648 8.2: the IPv4 home address the BU asks for.
 * The IPv6 registration is decided apart: an IPv4 failure does not fail it. */
static void v4_ack(const mc_ha *ha, const mc_bu_view *bu, int status, mc_ba_plan *ba)
{
    static const uint8_t any[4];
    ba->v4ack = 1;
    memcpy(ba->v4ack_addr, bu->v4hoa, 4);
    ba->v4ack_plen = 0;
    if (status >= 128)
        ba->v4ack_status = MC_V4ACK_FAILURE; /* nothing registered at all */
    else if (!ha->cfg.has_v4_prefix)
        ba->v4ack_status = MC_V4ACK_PROHIBITED;
    else if (!memcmp(bu->v4hoa, any, 4))
        ba->v4ack_status = MC_V4ACK_NO_DYNAMIC; /* 0.0.0.0 asks for one: we assign none */
    else if (!mc_addr_class_routable(mc_addr4_class(bu->v4hoa)))
        ba->v4ack_status = MC_V4ACK_INVALID_ADDR;
    else if (!prefix_match4(bu->v4hoa, ha->cfg.v4_prefix, ha->cfg.v4_plen))
        ba->v4ack_status = MC_V4ACK_INCORRECT_HOA;
    else {
        ba->v4ack_status = MC_V4ACK_SUCCESS;
        ba->v4ack_plen = ha->cfg.v4_plen;
    }
    if (fault(ha, MC_HAF_V4ACK_PLEN_FAIL) && ba->v4ack_status >= 128)
        ba->v4ack_plen = ha->cfg.v4_plen ? ha->cfg.v4_plen : 24; /* the home prefix's length whatever the outcome */
    if (fault(ha, MC_HAF_V4_STATUS_IN_BID)) {
        /* the IPv4-specific status where 8.1 forbids it */
        for (int i = 0; i < ba->nbid && ba->v4ack_status; i++)
            ba->bid[i].status = ba->v4ack_status;
        ba->v4ack_status = MC_V4ACK_SUCCESS;
    }
    ba->v4ack_after_bid = fault(ha, MC_HAF_V4ACK_AFTER_BID) != 0;
    if (fault(ha, MC_HAF_NO_V4ACK))
        ba->v4ack = 0;
}

int mc_ha_process_bu(mc_ha *ha, const mc_bu_view *bu, uint64_t now, mc_ba_plan *ba)
{
    /* not memset: the plan is large and only nbid entries are used */
    ba->send = ba->status = ba->binding_error = 0;
    ba->v4ack = ba->v4ack_status = ba->v4ack_plen = ba->v4ack_after_bid = 0;
    ba->bid_coa = fault(ha, MC_HAF_BA_BID_COA) != 0;
    ba->lifetime = 0;
    ha->bu_seen++;
    ba->seq = bu->seq;
    ba->nbid = bu->nbid;
    for (int i = 0; i < bu->nbid; i++) {
        ba->bid[i] = bu->bid[i];
        if (!fault(ha, MC_HAF_BID_STATUS_NONZERO))
            ba->bid[i].status = 0;
        /* RFC 5648 4.3: the Reserved bits we send are zero, whatever the BU had */
        if (!fault(ha, MC_HAF_RESERVED_ECHOED))
            ba->bid[i].flags &= MC_BID_H_FLAG;
    }
    uint16_t life = 0;
    int status = process(ha, bu, now, ba, &life);
    if (status < 0) {
        ba->nbid = 0;
        return status; /* discarded */
    }
    ba->status = (uint8_t)status;
    ba->lifetime = status >= 128 ? 0 : life;
    /* Every BU this home agent processes is a home registration (H clear
     * was refused above): "Regardless of the setting of the Acknowledge (A)
     * bit in the Binding Update, the home agent MUST return a Binding
     * Acknowledgement" (RFC 6275 10.3.1, 10.3.2).  The fault answers an
     * acceptance only when A is set, as a correspondent node may (9.5.4). */
    ba->send = 1;
    if (fault(ha, MC_HAF_BA_ONLY_WITH_A))
        ba->send = status >= 128 || status == MC_BA_MCOA_NOTCOMPLETE || (bu->flags & MC_BU_A);
    if (fault(ha, MC_HAF_NO_BID_COPY))
        ba->nbid = 0;
    if (bu->has_v4hoa)
        v4_ack(ha, bu, status, ba);
    if (fault(ha, MC_HAF_V4ACK_STICKY)) {
        uint8_t *k = ha->sticky_v4ack;
        if (ba->v4ack) /* remembered... */
            k[0] = 1, k[1] = ba->v4ack_status, k[2] = ba->v4ack_plen, memcpy(k + 3, ba->v4ack_addr, 4);
        else if (k[0]) /* ...and put into the next BA that has none */
            ba->v4ack = 1, ba->v4ack_status = k[1], ba->v4ack_plen = k[2], memcpy(ba->v4ack_addr, k + 3, 4);
    }
    if (ba->send)
        ha->ba_sent++;
    return status;
}

/* ---- the data path's decisions --------------------------------------------- */
size_t mc_ha_expire(mc_ha *ha, uint64_t now_ms)
{
    if (fault(ha, MC_HAF_NO_EXPIRY))
        return 0;
    if (fault(ha, MC_HAF_EXPIRY_TAKES_ALL)) {
        /* the faulty home agent drops the home address's whole entry with
         * the first of its bindings to expire */
        for (size_t i = 0; i < ha->bc.cap; i++)
            for (int k = 0; ha->bc.slot[i].used && k < ha->bc.slot[i].nb; k++)
                if (ha->bc.slot[i].b[k].expires_ms <= now_ms)
                    mc_bc_del_all(&ha->bc, &ha->bc.slot[i]);
    }
    return mc_bc_expire(&ha->bc, now_ms);
}

int mc_ha_ba_link_dst(const mc_ha *ha, const mc_bu_view *bu, uint8_t mac[6])
{
    if (bu->has_hao || !bu->has_lla || bu->lla_len != 6)
        return 0;
    memcpy(mac, bu->lla, 6);
    if (fault(ha, MC_HAF_BA_NOT_TO_LLA))
        memset(mac, 0xff, 6); /* the faulty node: to everyone on the link */
    return 1;
}

const mc_binding *mc_ha_tunnel_binding(mc_ha *ha, const uint8_t hoa[16])
{
    mc_bc_mn *mn = mc_bc_find(&ha->bc, hoa);
    const mc_binding *best = NULL;
    if (fault(ha, MC_HAF_NO_INTERCEPT))
        return NULL;
    for (int i = 0; mn && i < mn->nb; i++)
        if (!mn->b[i].home && mn->b[i].family == 6 && (!best || mn->b[i].expires_ms > best->expires_ms))
            best = &mn->b[i];
    return best;
}

int mc_ha_hao_ok(mc_ha *ha, const uint8_t hoa[16], const uint8_t src[16], uint64_t now_ms)
{
    mc_bc_mn *mn = mc_bc_find(&ha->bc, hoa);
    if (fault(ha, MC_HAF_NO_BINDING_ERROR))
        return 1;
    if (fault(ha, MC_HAF_HAO_FIRST_COA)) /* RFC 6275 alone: one care-of address per home address */
        return mn && mn->nb && mn->b[0].family == 6 && !memcmp(mn->b[0].coa, src, 16);
    for (int i = 0; mn && i < mn->nb; i++)
        if (mn->b[i].family == 6 && mn->b[i].expires_ms > now_ms && !memcmp(mn->b[i].coa, src, 16))
            return 1;
    return 0;
}

int mc_ha_reverse_ok(mc_ha *ha, const uint8_t hoa[16], const uint8_t src[16])
{
    if (fault(ha, MC_HAF_REVERSE_ONE_COA)) {
        /* RFC 3775 alone: only the (one) care-of address packets go to */
        const mc_binding *b = mc_ha_tunnel_binding(ha, hoa);
        return b && !memcmp(b->coa, src, 16);
    }
    mc_bc_mn *mn = mc_bc_find(&ha->bc, hoa);
    if (fault(ha, MC_HAF_REVERSE_ANY_SRC))
        return mn && mn->nb; /* the outer source not verified at all */
    if (fault(ha, MC_HAF_REVERSE_FIRST_COA)) /* the faulty node: the first binding only */
        return mn && mn->nb && mn->b[0].family == 6 && !memcmp(mn->b[0].coa, src, 16);
    for (int i = 0; mn && i < mn->nb; i++)
        if (mn->b[i].family == 6 && !memcmp(mn->b[i].coa, src, 16))
            return 1;
    /* the faulty node: also the slot past the entry's bindings, where the
     * binding deleted last is left (mc_bc_del moves the last one into the hole) */
    if (fault(ha, MC_HAF_REVERSE_AFTER_DEREG) && mn && mn->nb < MC_BC_MAX_PER_MN)
        return mn->b[mn->nb].family == 6 && !memcmp(mn->b[mn->nb].coa, src, 16);
    return 0;
}

int mc_ha_checksum_accept(const mc_ha *ha, int csum_ok) { return csum_ok || fault(ha, MC_HAF_ACCEPT_BAD_CSUM); }

int mc_ha_brr_due(mc_ha *ha, mc_bc_mn *mn, uint64_t now_ms, uint64_t before_ms, uint16_t *bids, int max, int *nbids)
{
    int due = 0;
    *nbids = 0;
    for (int k = 0; k < mn->nb; k++) {
        mc_binding *b = &mn->b[k];
        if (!b->has_bid || b->brr_sent || b->expires_ms > now_ms + before_ms)
            continue;
        due++;
        b->brr_sent = 1;
        if (*nbids < max && !fault(ha, MC_HAF_BRR_WITHOUT_BID))
            bids[(*nbids)++] = b->bid;
    }
    return due;
}
