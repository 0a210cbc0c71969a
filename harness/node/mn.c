/*
 * mn.c - mobile node binding management with multiple care-of addresses
 * (see mn.h).  Section numbers without an RFC are RFC 5648's.
 */
#include <stdlib.h>
#include <string.h>
#include "mcoa/craft.h"
#include "mn.h"

const mc_fault_desc mc_mn_faults[] = {
    {"mn-forget-o-bootstrap", MC_MNF_FORGET_O_BOOTSTRAP, "RFC5648 5.9",
     "a mobile node registering multiple bindings for the first time MUST set the O flag"},
    {"mn-no-coa-first-registration", MC_MNF_NO_COA_FIRST, "RFC5648 5.1",
     "the first registration of a BID MUST include the Care-of Address field"},
    {"mn-bid-zero", MC_MNF_BID_ZERO, "RFC5648 5.1",
     "a BID is an integer between 1 and 65535; zero SHOULD NOT be used"},
    {"mn-keep-mcoa-after-166", MC_MNF_KEEP_MCOA_AFTER_166, "RFC5648 5.7",
     "after MCOA PROHIBITED (166) the mobile node MUST stop registering multiple bindings with that node"},
    {"mn-no-resend-with-o-after-165", MC_MNF_NO_O_AFTER_165, "RFC5648 5.7",
     "after MCOA NON-MCOA BINDING EXISTS (165) the mobile node MUST set the O flag"},
    {"mn-no-coa-after-167", MC_MNF_NO_COA_AFTER_167, "RFC5648 5.7",
     "after MCOA UNKNOWN COA (167) on a refresh the BID option SHOULD include the Care-of Address field"},
    {"mn-keep-bulk-after-168", MC_MNF_KEEP_BULK_AFTER_168, "RFC5648 5.7",
     "after MCOA BULK REGISTRATION PROHIBITED (168) the mobile node needs to stop bulk registration"},
    {"mn-ignore-bid-status", MC_MNF_IGNORE_BID_STATUS, "RFC5648 5.7",
     "a non-zero Status in the BID option is used instead of the BA's Status"},
    {"mn-no-legacy-fallback", MC_MNF_NO_LEGACY_FALLBACK, "RFC5648 5.7",
     "a BA without BID option to an MCoA BU: no more MCoA registration with that node"},
    {"mn-bulk-to-cn", MC_MNF_BULK_TO_CN, "RFC5648 5.3",
     "bulk registration is specified only for home registration, one BU per care-of address to a CN"},
    {"mn-wrong-lla-code", MC_MNF_WRONG_LLA_CODE, "RFC5648 5.6.3",
     "the Link-Layer Address option of a home binding MUST have Option-Code 2"},
    {"mn-answer-ns-after-5", MC_MNF_ANSWER_NS_AFTER_5, "RFC5648 5.6.3",
     "after MCOA RETURNHOME WO/NDP (5) the mobile node MUST NOT answer NS for its home address"},
    {"mn-answer-ns-before-ba", MC_MNF_ANSWER_NS_BEFORE_BA, "RFC5648 5.6.3",
     "the mobile node MUST NOT answer NS for its home address before the home binding's BA"},
    {"mn-leave-home-with-h", MC_MNF_LEAVE_HOME_WITH_H, "RFC5648 5.6.5",
     "leaving the home link, the BU for a care-of address has H unset in the BID option"},
    {"mn-seq-per-bid", MC_MNF_SEQ_PER_BID, "RFC5648 5.2",
     "one sequence number per peer, shared by all BIDs (RFC 6275 9.5.1 / 11.7.1)"},
    {"mn-brr-ignore-bid", MC_MNF_BRR_IGNORE_BID, "RFC5648 5.8",
     "a BRR with BID options asks for a BU at least for those BIDs (the faulty node refreshes the binding of "
     "the care-of address the BRR came to)"},
    {"mn-duplicate-bid", MC_MNF_DUPLICATE_BID, "RFC5648 5.1",
     "the BID MUST be unique for a given home address (the faulty node gives every care-of address the first's)"},
    {"mn-dereg-one-without-bid", MC_MNF_DEREG_ONE_WITHOUT_BID, "RFC5648 5.4",
     "de-registering one binding is a BU with lifetime zero and that BID option (the faulty node sends none, "
     "which removes every binding)"},
    {"mn-ipv4-coa-in-bulk", MC_MNF_IPV4_COA_IN_BULK, "RFC5648 8.1",
     "the initial registration of an IPv4 care-of address MUST NOT be a bulk one"},
    {"mn-no-home-refresh", MC_MNF_NO_HOME_REFRESH, "RFC5648 5.6.3",
     "the mobile node SHOULD refresh the lifetime of the home binding like any other binding"},
    {"mn-ipv4-hoa-missing", MC_MNF_IPV4_HOA_MISSING, "RFC5648 8.2",
     "IPv4 home address management MUST always use the IPv4 Home Address option"},
    {"mn-brr-status-honoured", MC_MNF_BRR_STATUS_HONOURED, "RFC5648 4.3",
     "the BID option's Status is ignored outside a BA or CoT (the faulty node drops a BRR's BID option with a "
     "non-zero Status)"},
    {"mn-ignore-ra-slla", MC_MNF_IGNORE_RA_SLLA, "RFC5648 5.6.4",
     "sending from the home link without Neighbor Discovery, the mobile node MUST learn the link-layer address "
     "of its default router from the Source Link-Layer Address option of Router Advertisements (the faulty "
     "node keeps the configured one)"},
    {"mn-return-home-one-bid", MC_MNF_HOME_NO_DEREG, "RFC5648 5.5.1",
     "returning home with its home interface only, the mobile node de-registers all its bindings (a regular "
     "RFC 3775 de-registration, 5.4; the faulty node de-registers one BID)"},
    {"mn-ba-any-seq", MC_MNF_BA_ANY_SEQ, "RFC6275 11.7.3",
     "a BA whose Sequence Number matches no outstanding BU is discarded"},
    {"mn-new-bid-on-new-coa", MC_MNF_NEW_BID_ON_NEW_COA, "RFC5648 2",
     "the mobile node keeps the BID of a binding when its care-of address changes"},
    {"mn-home-refresh-without-h", MC_MNF_HOME_REFRESH_NO_H, "RFC5648 5.6.3",
     "every BU of the home binding, refreshes too, MUST have the H flag set in its BID option"},
    {"mn-ba-bids-by-position", MC_MNF_BA_BIDS_BY_POSITION, "RFC5648 6.2",
     "the BA's copies of the BID options are matched to the BU's by BID (RFC 5648 names no order; the faulty "
     "node reads them by position)"},
    {"mn-kbm-home-token-only", MC_MNF_KBM_HOME_ONLY, "RFC6275 5.2.5",
     "Kbm of a registering Binding Update is SHA1(home keygen token | care-of keygen token) (the faulty node "
     "leaves the care-of keygen token out, as for a de-registration)"},
    {"mn-dereg-all-one-bid", MC_MNF_DEREG_ALL_ONE_BID, "RFC5648 5.4",
     "to delete all its bindings the mobile node sends a regular de-registration, lifetime zero and no BID "
     "option (the faulty node names the first registered BID, and the other bindings stay)"},
    {"mn-ba-stops-all-retransmissions", MC_MNF_BA_STOPS_ALL_RETX, "RFC6275 11.8",
     "the mobile node retransmits a Binding Update until a response to it is received, a separate back-off per "
     "care-of address (the faulty node stops retransmitting every BU to the peer on the first BA)"},
    {"mn-ignore-bra", MC_MNF_IGNORE_BRA, "RFC6275 6.2.4",
     "the Refresh Interval of a Binding Refresh Advice option is the time until the mobile node SHOULD send a new "
     "home registration (the faulty node refreshes at three quarters of the lifetime)"},
    {"mn-o-cleared-on-reject", MC_MNF_O_CLEARED_ON_REJECT, "RFC5648 5.9",
     "a mobile node registering multiple bindings for the first time MUST set O; a BU whose every BID was "
     "rejected registered none (the faulty node drops O after it)"},
    {"mn-dereg-bid-after-166", MC_MNF_DEREG_BID_AFTER_166, "RFC5648 5.7",
     "after MCOA PROHIBITED (166) no BU to that node carries a BID option (the faulty node still names the BID "
     "when de-registering one)"},
    {"mn-retransmit-same-seq", MC_MNF_RETX_SAME_SEQ, "RFC5648 4.1",
     "whenever the mobile node sends a Binding Update its sequence number is incremented, a retransmission "
     "(RFC 6275 11.8) too (the faulty node sends the BU again with the number of its first transmission)"},
    {"mn-no-backoff", MC_MNF_NO_BACKOFF, "RFC6275 11.8",
     "the mobile node MUST use an exponential back-off, the timeout doubled upon each retransmission (the faulty "
     "node retransmits every INITIAL_BINDACK_TIMEOUT)"},
    {"mn-home-registration-with-rr", MC_MNF_HOME_REG_WITH_RR, "RFC6275 6.2.6",
     "the Nonce Indices and Binding Authorization Data options are valid only in a Binding Update to a "
     "correspondent node (the faulty node puts them in its regular home registrations)"},
    {"mn-retransmit-stale-bid", MC_MNF_RETX_STALE_BID, "RFC5648 5.1",
     "the first registration of a BID MUST include the Care-of Address field, a retransmission's too when an "
     "accepted O has replaced the binding since (the faulty node sends the refresh again as first built)"},
    {"mn-ipv4-hoa-plen-zero", MC_MNF_V4HOA_PLEN_ZERO, "RFC5555 3.1.1",
     "the IPv4 Home Address option's Prefix-len MUST be 32 for a single address, zero is invalid (the faulty "
     "node sends 0 for an address configured without a prefix length)"},
    {"mn-new-bid-on-coa-again", MC_MNF_NEW_BID_ON_COA_AGAIN, "RFC5648 2",
     "the same binding keeps its BID (the faulty node gives a care-of address announced again while it is up "
     "a second BID, as if it were a new address)"},
    {"mn-home-again-from-coa", MC_MNF_HOME_AGAIN_FROM_COA, "RFC5648 5.6.3",
     "back on the home link a second time, the home binding is registered from the home link as the first "
     "time (the faulty node, whose home interface slot stays down, sends it from a care-of address)"},
    {"mn-135-own-seq", MC_MNF_135_OWN_SEQ, "RFC6275 11.7.3",
     "a BA with status 135 carries the last Sequence Number the peer accepted (RFC 6275 9.5.1): the BU goes again "
     "numbered after it (the faulty node numbers it after its own last one, which the peer refuses again)"},
    {"mn-expired-coa-known", MC_MNF_EXPIRED_COA_KNOWN, "RFC5648 5.1",
     "a binding whose lifetime ran out is gone: its next registration is a first one and MUST include the "
     "Care-of Address field (the faulty node sends it as a refresh, without)"},
    {"mn-ro-after-be-2", MC_MNF_RO_AFTER_BE2, "RFC6275 11.3.6",
     "after a Binding Error with status 2 (unrecognized MH Type) from a correspondent node the mobile node "
     "should send it no more Binding Updates (the faulty node only logs it and retransmits its BUs)"},
    {"mn-be-without-bul-entry", MC_MNF_BE_WITHOUT_BUL, "RFC6275 11.3.6",
     "a Binding Error from a node the Binding Update List has no entry for MUST be ignored (the faulty node takes "
     "one from its home agent before any registration for a lost binding and registers every care-of address)"},
    {"mn-rr-resends-last-bu", MC_MNF_RR_RESENDS_LAST_BU, "RFC5648 4.1",
     "whenever the mobile node sends a Binding Update its sequence number is incremented (the faulty node, when "
     "return routability completes, sends the last BU it sent before again, with the same sequence number)"},
    {"mn-reregister-after-167-dereg", MC_MNF_REREG_AFTER_167_DEREG, "RFC5648 5.7",
     "MCOA UNKNOWN COA (167) to the de-registration of a BID: the BID is gone, nothing further to do (the faulty "
     "node takes it for a refresh and registers the BID again)"},
    {"mn-no-nd-after-return-home", MC_MNF_NO_ND_AFTER_RETURN_HOME, "RFC5648 5.5.1",
     "returning home with a regular de-registration (RFC 3775 / 6275 11.5.4) the mobile node defends its home "
     "address by Neighbor Discovery, at the latest after the BA (the faulty node never answers NS for it)"},
    {"mn-ba-any-home-address", MC_MNF_BA_ANY_HOA, "RFC6275 11.7.3",
     "a BA for another home address (type 2 routing header) is no answer to the mobile node's BU (the faulty "
     "node takes it)"},
    {"mn-o-on-every-bootstrap-bu", MC_MNF_O_ON_EVERY_BOOTSTRAP_BU, "RFC5648 5.2",
     "O asks the peer to replace every other binding with those of the BU: bootstrapping, a BU for another BID "
     "sent while the O BU is unanswered has O clear (the faulty node sets it, deleting the first binding)"},
    {"mn-bu-from-gone-coa", MC_MNF_BU_FROM_GONE_COA, "RFC6275 11.7.1",
     "a Binding Update comes from a care-of address the mobile node has (the faulty node sends a BU for several "
     "BIDs, or without BID, from its first care-of address after that address went away)"},
    {"mn-retransmit-from-gone-coa", MC_MNF_RETX_FROM_GONE_COA, "RFC6275 11.7.1",
     "a Binding Update comes from a care-of address the mobile node has, a retransmitted one too (the faulty "
     "node sends a BU again as it was first sent, from a care-of address that went away meanwhile, and a BU "
     "to a correspondent node registering that address)"},
    {"mn-retransmit-superseded", MC_MNF_RETX_SUPERSEDED, "RFC6275 11.1, 11.8, 11.7.4",
     "the mobile node retransmits a BU until a response to it is received, the most recent BU for a binding, "
     "the newest too when many are unanswered, and refreshes only a binding it keeps (the faulty node has no "
     "most recent BU per binding: it keeps every BU until its BA, superseded or not, in a table of eight that, "
     "full, does not remember the new one, refreshes a binding whose de-registration is outstanding, and takes "
     "a late BA for an older BU as the binding's state)"},
    {"mn-be-keeps-coa-known", MC_MNF_BE_KEEPS_COA_KNOWN, "RFC5648 5.1",
     "the first registration of a BID MUST include the Care-of Address field: after a Binding Error 1 the home "
     "agent has no binding, so the next registration is a first one (the faulty node sends it as a refresh)"},
    {"mn-cn-ba-unchecked", MC_MNF_CN_BA_UNCHECKED, "RFC6275 11.7.3",
     "a BA from a correspondent node counts only with a valid Binding Authorization Data option; one without, "
     "or with a wrong authenticator, is silently ignored (the faulty node takes it as it comes)"},
    {"mn-o-clears-later-bindings", MC_MNF_O_CLEARS_LATER, "RFC5648 6.2",
     "an accepted O replaces the bindings the peer held when it processed that BU, not those of BUs numbered "
     "after it (the faulty node, reading the BA of a later BU first, then takes that binding for replaced)"},
    {"mn-stop-mcoa-everywhere", MC_MNF_STOP_MCOA_EVERYWHERE, "RFC5648 5.7",
     "MCOA PROHIBITED, or a BA without BID option, stops multiple-binding registration with the node that sent "
     "the BA: a correspondent node's leaves the registrations with the home agent as they were"},
    {"mn-second-coa-replaces", MC_MNF_SECOND_COA_REPLACES, "RFC5648 5.1",
     "every care-of address to register has a BID of its own, two on one interface too (the faulty node gives "
     "a second address on an interface the binding, and BID, of the first)"},
    {"mn-cn-135-unchecked", MC_MNF_CN_135_UNCHECKED, "RFC6275 11.7.3",
     "a BA 135 from a correspondent node carries its last accepted Sequence Number, not the BU's (9.5.1), and "
     "counts only with a valid Binding Authorization Data option as any other (the faulty node takes it as it "
     "comes)"},
    {"mn-dereg-keeps-coa-known", MC_MNF_DEREG_KEEPS_COA_KNOWN, "RFC5648 5.1",
     "a binding whose de-registration was accepted is gone: registering its BID again is a first registration, "
     "with the Care-of Address field"},
    {"mn-nonce-ba-needs-auth", MC_MNF_NONCE_BA_NEEDS_AUTH, "RFC6275 11.7.3",
     "a correspondent node whose nonces expired answers 136-138 without Binding Authorization Data (it has no "
     "Kbm): the mobile node takes that BA (the faulty node ignores it and sends the BU again)"},
    {"mn-leave-home-dereg-wrong-bid", MC_MNF_LEAVE_HOME_WRONG_BID, "RFC5648 5.6.5",
     "leaving the home link, the mobile node de-registers the home binding, not the binding of a care-of address "
     "still in use (the faulty node takes the BID of its first interface for the home interface's)"},
    {"mn-no-retransmit-to-cn", MC_MNF_NO_RETX_TO_CN, "RFC6275 11.8",
     "a Binding Update with A set that gets no BA is retransmitted, to a correspondent node as to the home agent "
     "(the faulty node retransmits to its home agent only)"},
    {"mn-ba-needs-rh2", MC_MNF_BA_NEEDS_RH2, "RFC6275 6.4",
     "a BA to the mobile node at home comes to its home address without type 2 routing header (RFC 6275 6.4, "
     "9.5.4) and answers its BU (11.7.3); the faulty node takes a BA only with one, and retransmits the BU"},
};
const size_t mc_mn_nfaults = sizeof(mc_mn_faults) / sizeof(mc_mn_faults[0]);

uint64_t mc_mn_fault_bit(const char *name) { return mc_fault_bit(mc_mn_faults, mc_mn_nfaults, name); }

void mc_mn_config_default(mc_mn_config *c)
{
    /* the addressing plan of the catalogue and the HA core's tests */
    static const uint8_t hoa[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x00};
    static const uint8_t ha[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    memset(c, 0, sizeof *c);
    memcpy(c->hoa, hoa, 16);
    memcpy(c->ha, ha, 16);
    memcpy(c->home_prefix, ha, 8);
    c->home_plen = 64;
    c->lifetime = 60; /* 240 s */
    c->bulk = 1;
    c->simultaneous_home = 1;
}

/* ---- small helpers ------------------------------------------------------- */

static int fault(const mc_mn *mn, uint64_t bit) { return (mn->cfg.faults & bit) != 0; }

static void out_reset(mc_mn_out *out) { out->nbu = out->nev = out->dropped = 0; }

static void event(mc_mn_out *out, const mc_mn *mn, int kind, int pi, uint16_t bid, int status)
{
    if (out->nev >= MC_MN_MAX_EV) {
        out->dropped++;
        return;
    }
    mc_mn_event *e = &out->ev[out->nev++];
    memset(e, 0, sizeof *e);
    e->kind = (uint8_t)kind;
    e->peer = (uint8_t)pi;
    e->bid = bid;
    e->status = (uint8_t)status;
    memcpy(e->addr, mn->peers[pi].addr, 16);
}

static int slot_of_bid(const mc_mn *mn, uint16_t bid)
{
    for (int s = 0; s < MC_MN_MAX_IF; s++)
        if (mn->ifs[s].used && mn->ifs[s].bid == bid)
            return s;
    return -1;
}

static int peer_of(const mc_mn *mn, const uint8_t addr[16])
{
    for (int i = 0; i < MC_MN_MAX_PEERS; i++)
        if (mn->peers[i].used && memcmp(mn->peers[i].addr, addr, 16) == 0)
            return i;
    return -1;
}

static int is_home_slot(const mc_mn *mn, int s) { return mn->at_home && s == mn->home_slot; }

/* The care-of address a BU for several BIDs (or without BID) is sent from:
 * the first IPv6 one that is up and not on the home link. */
static int primary_slot(const mc_mn *mn)
{
    if (fault(mn, MC_MNF_BU_FROM_GONE_COA)) /* the faulty node forgets that an address can go away */
        for (int s = 0; s < MC_MN_MAX_IF; s++)
            if (mn->ifs[s].used && mn->ifs[s].family == 6 && !is_home_slot(mn, s))
                return s;
    for (int s = 0; s < MC_MN_MAX_IF; s++)
        if (mn->ifs[s].used && mn->ifs[s].up && mn->ifs[s].family == 6 && !is_home_slot(mn, s))
            return s;
    return -1;
}

static int pending_has_slot(const mc_mn_peer *p, const mc_mn *mn, int s)
{
    for (int k = 0; k < MC_MN_MAX_PENDING; k++)
        for (int i = 0; p->pend[k].used && i < p->pend[k].bu.nbid; i++)
            if (slot_of_bid(mn, p->pend[k].bu.bid[i].bid) == s)
                return 1;
    return 0;
}

/* Is the most recent BU for slot s's binding (RFC 6275 11.1) a
 * de-registration still unanswered: one with its BID option, not
 * superseded since, or one without BID option (every binding, 5648 6.2)?
 * Then the mobile node no longer wants the binding, and refreshing it
 * (on a Binding Refresh Request, RFC 6275 11.7.4, or near its expiry,
 * 11.7.1) would register again what it is deleting. */
static int deregistering(const mc_mn *mn, const mc_mn_peer *p, int s)
{
    if (fault(mn, MC_MNF_RETX_SUPERSEDED))
        return 0; /* the faulty node keeps no most recent BU per binding */
    for (int k = 0; k < MC_MN_MAX_PENDING; k++) {
        const mc_mn_bu_plan *o = &p->pend[k].bu;
        if (!p->pend[k].used || o->lifetime)
            continue;
        if (!o->nbid && !p->pend[k].superseded)
            return 1;
        for (int i = 0; i < o->nbid; i++)
            if (!(p->pend[k].superseded & (UINT32_C(1) << i)) && slot_of_bid(mn, o->bid[i].bid) == s)
                return 1;
    }
    return 0;
}

static int pending_has_o(const mc_mn_peer *p)
{
    for (int k = 0; k < MC_MN_MAX_PENDING; k++)
        if (p->pend[k].used && (p->pend[k].bu.flags & MC_BU_O))
            return 1;
    return 0;
}

static void peer_reset(mc_mn *mn, int pi, const uint8_t addr[16], int is_ha)
{
    mc_mn_peer *p = &mn->peers[pi];
    memset(p, 0, sizeof *p);
    p->used = 1;
    p->is_ha = (uint8_t)is_ha;
    memcpy(p->addr, addr, 16);
    /* 5.9: the first multiple-binding registration overwrites whatever the
     * peer may still hold from before a reboot */
    p->need_o = fault(mn, MC_MNF_FORGET_O_BOOTSTRAP) ? 0 : MC_MN_NEED_O_BOOTSTRAP;
}

void mc_mn_init(mc_mn *mn, const mc_mn_config *cfg)
{
    memset(mn, 0, sizeof *mn);
    mn->cfg = *cfg;
    mn->home_slot = -1;
    /* 5.1: BIDs run from 1 to 65535 */
    mn->next_bid = fault(mn, MC_MNF_BID_ZERO) ? 0 : 1;
    peer_reset(mn, MC_MN_HA, cfg->ha, 1);
}

/* ---- care-of addresses and BIDs (5.1) ------------------------------------- */

static int bid_in_use(const mc_mn *mn, uint16_t bid) { return slot_of_bid(mn, bid) >= 0; }

/* A BID unique for the home address, never 0 (5.1), not reused while a
 * slot holds it. */
static uint16_t alloc_bid(mc_mn *mn)
{
    if (fault(mn, MC_MNF_DUPLICATE_BID) && mn->ifs[0].used)
        return mn->ifs[0].bid;
    for (uint32_t n = 0; n < 0x10000u; n++) {
        uint16_t b = mn->next_bid++;
        if (b == 0 && !fault(mn, MC_MNF_BID_ZERO))
            continue;
        if (!bid_in_use(mn, b))
            return b;
    }
    return 0;
}

/* A new address for a slot: every peer must be sent it again (5.1), and a
 * CN's care-of keygen token belongs to the old address (RFC 6275 5.2.5). */
static void slot_new_address(mc_mn *mn, int s)
{
    for (int i = 0; i < MC_MN_MAX_PEERS; i++) {
        mn->peers[i].b[s].coa_known = 0;
        mn->peers[i].has_coa_token[s] = 0;
    }
}

static int find_slot_for(const mc_mn *mn, int ifindex, int family, const uint8_t *addr)
{
    size_t n = family == 4 ? 4 : 16;
    for (int s = 0; s < MC_MN_MAX_IF && !fault(mn, MC_MNF_NEW_BID_ON_COA_AGAIN); s++) /* same address again */
        if (mn->ifs[s].used && mn->ifs[s].ifindex == ifindex && mn->ifs[s].family == family &&
            memcmp(mn->ifs[s].coa, addr, n) == 0)
            return s;
    for (int s = 0; s < MC_MN_MAX_IF && !fault(mn, MC_MNF_NEW_BID_ON_NEW_COA); s++) /* the interface's binding, address gone or home */
        if (mn->ifs[s].used && mn->ifs[s].ifindex == ifindex &&
            (!mn->ifs[s].up || memcmp(mn->ifs[s].coa, mn->cfg.hoa, 16) == 0))
            return s;
    if (fault(mn, MC_MNF_SECOND_COA_REPLACES)) { /* the faulty node: the interface's one binding, whatever address it has */
        for (int s = 0; s < MC_MN_MAX_IF; s++)
            if (mn->ifs[s].used && mn->ifs[s].ifindex == ifindex)
                return s;
    }
    return -1;
}

int mc_mn_coa_up(mc_mn *mn, int ifindex, int family, const uint8_t *addr, const uint8_t *lla, uint8_t lla_len)
{
    if ((family != 4 && family != 6) || !addr || lla_len > 8)
        return -1;
    int s = find_slot_for(mn, ifindex, family, addr);
    if (s < 0) {
        for (s = 0; s < MC_MN_MAX_IF && mn->ifs[s].used; s++)
            ;
        if (s == MC_MN_MAX_IF)
            return -1;
        memset(&mn->ifs[s], 0, sizeof mn->ifs[s]);
        mn->ifs[s].bid = alloc_bid(mn); /* before the slot counts as used */
        mn->ifs[s].used = 1;
        mn->ifs[s].ifindex = ifindex;
    }
    mc_mn_if *f = &mn->ifs[s];
    uint8_t a[16] = {0};
    memcpy(a, addr, family == 4 ? 4 : 16);
    if (f->family != family || memcmp(f->coa, a, 16) != 0)
        slot_new_address(mn, s);
    f->family = (uint8_t)family;
    memcpy(f->coa, a, 16);
    f->up = 1;
    if (lla && lla_len) {
        f->lla_len = lla_len;
        memcpy(f->lla, lla, lla_len);
    }
    return f->bid;
}

void mc_mn_coa_down(mc_mn *mn, int ifindex)
{
    for (int s = 0; s < MC_MN_MAX_IF; s++)
        if (mn->ifs[s].used && mn->ifs[s].ifindex == ifindex)
            mn->ifs[s].up = 0;
}

int mc_mn_bid_of(const mc_mn *mn, int ifindex)
{
    for (int s = 0; s < MC_MN_MAX_IF; s++)
        if (mn->ifs[s].used && mn->ifs[s].ifindex == ifindex)
            return mn->ifs[s].bid;
    return -1;
}

int mc_mn_home_bid(const mc_mn *mn, int home_ifindex)
{
    /* the faulty node: the first interface's BID taken for the home one's */
    if (fault(mn, MC_MNF_LEAVE_HOME_WRONG_BID))
        for (int s = 0; s < MC_MN_MAX_IF; s++)
            if (mn->ifs[s].used)
                return mn->ifs[s].bid;
    return mc_mn_bid_of(mn, home_ifindex);
}

/* ---- building BU plans ----------------------------------------------------- */

enum { OPT_FORCE_H = 1, OPT_FORCE_O = 2 };

static int home_binding(const mc_mn *mn, int pi, int s, unsigned opts)
{
    if (opts & OPT_FORCE_H)
        return 1;
    return mn->peers[pi].is_ha && mn->cfg.simultaneous_home && is_home_slot(mn, s);
}

/* Does this BID option carry the Care-of Address field?  5.1: always the
 * first time, optional later; 5.4: optional when de-registering; 5.6.3:
 * the home binding carries the home address; 5.2: to a CN, always. */
static int want_coa(const mc_mn *mn, int pi, int s, uint16_t life, int home)
{
    const mc_mn_peer *p = &mn->peers[pi];
    if (!p->is_ha)
        return 1;
    if (life == 0)
        return mn->cfg.coa_on_dereg;
    if (home && !p->b[s].home)
        return 1;
    if (!p->b[s].coa_known)
        return !fault(mn, MC_MNF_NO_COA_FIRST);
    return mn->cfg.coa_on_refresh;
}

static void fill_bid(const mc_mn *mn, int pi, int s, uint16_t life, unsigned opts, mc_bid_view *x)
{
    const mc_mn_if *f = &mn->ifs[s];
    int home = home_binding(mn, pi, s, opts);
    memset(x, 0, sizeof *x);
    x->bid = f->bid;
    x->flags = home ? MC_BID_H_FLAG : 0;
    if (home && life && fault(mn, MC_MNF_HOME_REFRESH_NO_H) && mn->peers[pi].b[s].home &&
        mn->peers[pi].b[s].state == MC_MN_BS_REGISTERED)
        x->flags = 0;
    x->len = MC_BID_LEN_NOCOA;
    if (!want_coa(mn, pi, s, life, home))
        return;
    if (home && !(opts & OPT_FORCE_H)) {
        x->len = MC_BID_LEN_V6;
        memcpy(x->coa, mn->cfg.hoa, 16);
    } else {
        x->len = f->family == 4 ? MC_BID_LEN_V4 : MC_BID_LEN_V6;
        memcpy(x->coa, f->coa, f->family == 4 ? 4 : 16);
    }
}

/* Addresses: from the home link (5.6.2, source the home address), over
 * IPv4/UDP (Section 8, Figure 9), or from a care-of address with the Home
 * Address option (RFC 6275 11.7.1, 5648 Figure 6). */
static void fill_source(const mc_mn *mn, int pi, int s, mc_mn_bu_plan *b)
{
    memcpy(b->dst, mn->peers[pi].addr, 16);
    b->slot = (int8_t)s;
    b->ifindex = s >= 0 ? mn->ifs[s].ifindex : -1;
    if (s < 0 || is_home_slot(mn, s)) {
        b->from_home = 1;
        memcpy(b->src, mn->cfg.hoa, 16);
        if (s >= 0 && mn->ifs[s].lla_len == 6)
            memcpy(b->mac_src, mn->ifs[s].lla, 6);
        return;
    }
    const mc_mn_if *f = &mn->ifs[s];
    if (f->family == 4) {
        b->udp_encap = 1;
        memcpy(b->v4src, f->coa, 4);
        memcpy(b->v4dst, mn->cfg.ha_v4, 4);
        memcpy(b->src, mn->cfg.hoa, 16);
        return;
    }
    memcpy(b->src, f->coa, 16);
    b->has_hao = 1;
}

/* 5.6.3: the home binding SHOULD carry the MN's link-layer address in an MH
 * Link-Layer Address option with Option-Code 2. */
static void fill_lla(const mc_mn *mn, mc_mn_bu_plan *b)
{
    if (mn->home_slot < 0 || mn->ifs[mn->home_slot].lla_len == 0)
        return;
    b->has_lla = 1;
    /* the faulty node sends the next code, 3 (link-layer address of the NAR) */
    b->lla_code = (uint8_t)(fault(mn, MC_MNF_WRONG_LLA_CODE) ? MC_LLA_CODE_MN + 1 : MC_LLA_CODE_MN);
    b->lla_len = mn->ifs[mn->home_slot].lla_len;
    memcpy(b->lla, mn->ifs[mn->home_slot].lla, b->lla_len);
}

/* RFC 6275 5.2.5 / 5648 5.2: a BU to a CN uses the home keygen token and
 * the care-of keygen token of the care-of address it registers. */
static void fill_rr(const mc_mn *mn, int pi, int s, mc_mn_bu_plan *b)
{
    const mc_mn_peer *p = &mn->peers[pi];
    b->has_rr = 1;
    b->hni = p->hni;
    memcpy(b->home_token, p->home_token, 8);
    if (s >= 0 && p->has_coa_token[s]) {
        b->coni = p->coni[s];
        memcpy(b->coa_token, p->coa_token[s], 8);
    }
}

static mc_mn_bu_plan *out_bu(mc_mn_out *out)
{
    if (out->nbu >= MC_MN_MAX_BU) {
        out->dropped++;
        return NULL;
    }
    return &out->bu[out->nbu++];
}

/* RFC 6275 11.7.1 / 5648 5.2: one sequence number per peer, whatever the
 * BIDs (the faulty node counts per BID). */
static uint16_t next_seq(mc_mn *mn, int pi, const mc_mn_bu_plan *b)
{
    mc_mn_peer *p = &mn->peers[pi];
    int s = b->nbid ? slot_of_bid(mn, b->bid[0].bid) : -1;
    if (fault(mn, MC_MNF_SEQ_PER_BID) && s >= 0)
        return ++p->b[s].seq;
    return ++p->seq;
}

/* RFC 6275 11.1: the Binding Update List holds the most recent BU for a
 * binding (per BID, RFC 5648 5.1 / 6.1), and that is the one sent again
 * until answered (11.8).  A BU supersedes, in the unanswered ones, the
 * bindings it carries: those are not sent again.  A BU without BID option
 * is about every binding of the home address (5648 6.2): another such BU
 * supersedes it, and so does a registration (the de-registration of every
 * binding, sent after it, would delete what it registers).  Sent again, a
 * superseded BU would undo the newer one: the home binding's
 * de-registration sent on leaving home would delete the home binding
 * registered on coming back, a registration sent before a BID's
 * de-registration would recreate it.  Its BA is still taken, as long as
 * the BU waits for one (11.7.3: an outstanding BU).  The de-registration
 * of every binding drops the registrations outstanding instead
 * (drop_pending_registrations): their BAs no longer count either. */
static void supersede_pending(mc_mn_peer *p, const mc_mn_bu_plan *b)
{
    for (int k = 0; k < MC_MN_MAX_PENDING; k++) {
        const mc_mn_bu_plan *o = &p->pend[k].bu;
        if (!p->pend[k].used)
            continue;
        if (!o->nbid && (!b->nbid || b->lifetime))
            p->pend[k].superseded = UINT32_MAX;
        for (int i = 0; i < o->nbid; i++)
            for (int j = 0; j < b->nbid; j++)
                if (o->bid[i].bid == b->bid[j].bid)
                    p->pend[k].superseded |= UINT32_C(1) << i;
    }
}

/* What of a BU is sent again: the BID options no newer BU carried; -1
 * when nothing is left. */
static int unsuperseded(mc_mn_bu_plan *b, uint32_t superseded)
{
    if (!b->nbid)
        return superseded ? -1 : 0;
    int n = 0;
    for (int i = 0; i < b->nbid; i++)
        if (!(superseded & (UINT32_C(1) << i)))
            b->bid[n++] = b->bid[i];
    b->nbid = n;
    return n ? 0 : -1;
}

/* Send a plan: new sequence number, into `out`, remembered until its BA
 * (RFC 6275 11.8: retransmitted after `backoff`). */
static void emit(mc_mn *mn, int pi, mc_mn_bu_plan *b, uint32_t backoff, uint64_t now, mc_mn_out *out)
{
    mc_mn_peer *p = &mn->peers[pi];
    uint16_t first_seq = b->seq;
    b->seq = next_seq(mn, pi, b);
    if (fault(mn, MC_MNF_RETX_SAME_SEQ) && backoff > MC_MN_INITIAL_BINDACK_TIMEOUT_MS)
        b->seq = first_seq; /* the faulty node resends a retransmission as it was first numbered */
    /* RFC 5648 8.2 / RFC 5555 3.1.1: the IPv4 home address in every home
     * registration */
    if (p->is_ha && b->lifetime && mn->cfg.has_v4hoa && !fault(mn, MC_MNF_IPV4_HOA_MISSING)) {
        b->has_v4hoa = 1;
        /* RFC 5555 3.1.1: Prefix-len is 32 when a single address is
         * allocated; zero is invalid */
        b->v4hoa_plen = mn->cfg.v4hoa_plen && mn->cfg.v4hoa_plen <= 32 ? mn->cfg.v4hoa_plen : 32;
        if (fault(mn, MC_MNF_V4HOA_PLEN_ZERO) && !mn->cfg.v4hoa_plen)
            b->v4hoa_plen = 0;
        memcpy(b->v4hoa, mn->cfg.v4hoa, 4);
    }
    mc_mn_bu_plan *o = out_bu(out);
    if (!o)
        return;
    *o = *b;
    mn->bu_sent++;
    if (!fault(mn, MC_MNF_RETX_SUPERSEDED)) /* the faulty node sends every BU again, superseded or not */
        supersede_pending(p, b);
    int k = 0;
    while (k < MC_MN_MAX_PENDING && p->pend[k].used)
        k++;
    if (k == MC_MN_MAX_PENDING && fault(mn, MC_MNF_RETX_SUPERSEDED))
        return; /* the faulty node keeps the old BUs: the new one is never sent again */
    if (k == MC_MN_MAX_PENDING) { /* the oldest BU is forgotten */
        memmove(&p->pend[0], &p->pend[1], sizeof p->pend[0] * (MC_MN_MAX_PENDING - 1));
        k = MC_MN_MAX_PENDING - 1;
    }
    p->pend[k].used = 1;
    p->pend[k].superseded = 0;
    p->pend[k].bu = *b;
    p->pend[k].backoff_ms = backoff;
    p->pend[k].retx_ms = now + backoff;
    if (fault(mn, MC_MNF_NO_BACKOFF)) /* retransmit() doubles it: the same timeout every time */
        p->pend[k].backoff_ms = backoff / 2;
}

static void mark_pending(mc_mn *mn, int pi, const mc_mn_bu_plan *b)
{
    for (int i = 0; i < b->nbid; i++) {
        int s = slot_of_bid(mn, b->bid[i].bid);
        if (s >= 0 && mn->peers[pi].b[s].state != MC_MN_BS_REGISTERED)
            mn->peers[pi].b[s].state = MC_MN_BS_PENDING;
    }
}

/* A BU with one BID option per slot in `slots` (RFC 5648 5.2 / 5.3). */
static void send_bids(mc_mn *mn, int pi, const int *slots, int n, uint16_t life, unsigned opts, uint64_t now,
                      mc_mn_out *out)
{
    mc_mn_peer *p = &mn->peers[pi];
    mc_mn_bu_plan b;
    memset(&b, 0, sizeof b);
    b.peer = (uint8_t)pi;
    b.lifetime = life;
    b.flags = MC_BU_A | (p->is_ha ? MC_BU_H : 0);
    /* one BID: from its own address, unless that address is gone (5.5.2:
     * de-registering an interface being shut down) */
    int src = n == 1 && mn->ifs[slots[0]].up ? slots[0] : primary_slot(mn);
    if (src < 0 && !mn->at_home)
        src = slots[0];
    fill_source(mn, pi, src, &b);
    int home = 0;
    for (int i = 0; i < n && b.nbid < MC_MN_MAX_IF; i++) {
        fill_bid(mn, pi, slots[i], life, opts, &b.bid[b.nbid]);
        home |= (b.bid[b.nbid++].flags & MC_BID_H_FLAG) != 0;
    }
    if (home && life && !(opts & OPT_FORCE_H))
        fill_lla(mn, &b);
    /* after 165 every registration has O until one with O is accepted
     * (5.7 MUST): an O BU still unanswered, or never sent out, does not
     * stand for this one */
    if (life && ((opts & OPT_FORCE_O) || p->need_o == MC_MN_NEED_O_165 || (p->need_o && !pending_has_o(p))))
        b.flags |= MC_BU_O; /* 5.9 bootstrapping, 5.7 after 165 */
    if (life && p->need_o && fault(mn, MC_MNF_O_ON_EVERY_BOOTSTRAP_BU))
        b.flags |= MC_BU_O; /* the faulty node: O even with an O BU unanswered, whose bindings it replaces */
    if (!p->is_ha)
        fill_rr(mn, pi, src, &b);
    mark_pending(mn, pi, &b);
    emit(mn, pi, &b, MC_MN_INITIAL_BINDACK_TIMEOUT_MS, now, out);
}

/* An RFC 6275 BU without BID option: the single binding of a peer that
 * does not do MCoA (5.7), or the de-registration of everything (5.4). */
static void send_legacy(mc_mn *mn, int pi, int s, uint16_t life, uint64_t now, mc_mn_out *out)
{
    mc_mn_peer *p = &mn->peers[pi];
    mc_mn_bu_plan b;
    memset(&b, 0, sizeof b);
    b.peer = (uint8_t)pi;
    b.lifetime = life;
    b.flags = MC_BU_A | (p->is_ha ? MC_BU_H : 0);
    fill_source(mn, pi, s, &b);
    if (!p->is_ha)
        fill_rr(mn, pi, s, &b);
    if (p->is_ha && fault(mn, MC_MNF_HOME_REG_WITH_RR))
        fill_rr(mn, pi, s, &b);
    if (life) {
        p->legacy_slot = (uint8_t)(s < 0 ? 0 : s);
        if (p->legacy_b.state != MC_MN_BS_REGISTERED)
            p->legacy_b.state = MC_MN_BS_PENDING;
    }
    emit(mn, pi, &b, MC_MN_INITIAL_BINDACK_TIMEOUT_MS, now, out);
}

static int single_binding_only(const mc_mn *mn, int pi)
{
    return mn->peers[pi].legacy || mn->peers[pi].no_mcoa;
}

/* Register (or refresh) these slots with a peer: bulk when configured and
 * allowed (5.3), except an IPv4 care-of address not yet registered
 * (Section 8.1: never in bulk the first time); individually otherwise; one
 * binding without BID with a peer that refuses MCoA (5.7). */
static void register_slots(mc_mn *mn, int pi, const int *slots, int n, uint64_t now, mc_mn_out *out)
{
    mc_mn_peer *p = &mn->peers[pi];
    uint16_t life = p->is_ha ? mn->cfg.lifetime
                             : (mn->cfg.lifetime < MC_MN_MAX_RR_BINDING_LIFETIME ? mn->cfg.lifetime
                                                                                : MC_MN_MAX_RR_BINDING_LIFETIME);
    if (n <= 0)
        return;
    if (single_binding_only(mn, pi)) {
        int s = primary_slot(mn);
        send_legacy(mn, pi, s >= 0 ? s : slots[0], life, now, out);
        return;
    }
    int bulk = p->is_ha ? (mn->cfg.bulk && !p->no_bulk) : fault(mn, MC_MNF_BULK_TO_CN);
    int group[MC_MN_MAX_IF], ng = 0;
    for (int i = 0; i < n; i++) {
        int s = slots[i];
        int v4_first = mn->ifs[s].family == 4 && !p->b[s].coa_known && !fault(mn, MC_MNF_IPV4_COA_IN_BULK);
        if (bulk && !v4_first && ng < MC_MN_MAX_IF)
            group[ng++] = s;
        else
            send_bids(mn, pi, &s, 1, life, 0, now, out);
    }
    if (ng)
        send_bids(mn, pi, group, ng, life, 0, now, out);
}

/* Slots a peer can be sent: up; a CN only IPv6 care-of addresses away from
 * home (RFC 5555: no route optimization for IPv4 care-of addresses). */
static int usable_slot(const mc_mn *mn, int pi, int s)
{
    const mc_mn_if *f = &mn->ifs[s];
    if (!f->used || !f->up)
        return 0;
    if (f->family == 4 && !mn->cfg.has_ha_v4)
        return 0; /* Section 8 needs the home agent's IPv4 address */
    if (mn->peers[pi].is_ha)
        return !is_home_slot(mn, s) || mn->cfg.simultaneous_home;
    return f->family == 6 && !is_home_slot(mn, s);
}

/* ---- home registration actions ---------------------------------------------- */

int mc_mn_register(mc_mn *mn, uint16_t bid, uint64_t now, mc_mn_out *out)
{
    out_reset(out);
    int s = slot_of_bid(mn, bid);
    if (s < 0 || !usable_slot(mn, MC_MN_HA, s))
        return -1;
    register_slots(mn, MC_MN_HA, &s, 1, now, out);
    return out->nbu;
}

int mc_mn_register_all(mc_mn *mn, uint64_t now, mc_mn_out *out)
{
    out_reset(out);
    int slots[MC_MN_MAX_IF], n = 0;
    for (int s = 0; s < MC_MN_MAX_IF; s++)
        if (usable_slot(mn, MC_MN_HA, s))
            slots[n++] = s;
    register_slots(mn, MC_MN_HA, slots, n, now, out);
    return out->nbu;
}

/* 5.4: lifetime zero and the BID; the Care-of Address field may be left out. */
int mc_mn_deregister(mc_mn *mn, uint16_t bid, uint64_t now, mc_mn_out *out)
{
    out_reset(out);
    int s = slot_of_bid(mn, bid);
    if (s < 0)
        return -1;
    if (fault(mn, MC_MNF_DEREG_BID_AFTER_166) && single_binding_only(mn, MC_MN_HA)) {
        send_bids(mn, MC_MN_HA, &s, 1, 0, 0, now, out); /* the faulty node names the BID all the same */
        return out->nbu;
    }
    if (single_binding_only(mn, MC_MN_HA) || fault(mn, MC_MNF_DEREG_ONE_WITHOUT_BID))
        send_legacy(mn, MC_MN_HA, primary_slot(mn), 0, now, out);
    else
        send_bids(mn, MC_MN_HA, &s, 1, 0, 0, now, out);
    return out->nbu;
}

/* 5.4: "a Binding Update with lifetime set to zero and ... Binding
 * Identifier mobility option(s) with the BID(s) it wants to de-register":
 * several bindings deleted in one BU, a BID option each (bulk, 5.3), or
 * one BU per BID where the home agent refused bulk registration (5.7).
 * Once the home agent took only a binding without BID (5.7) no BID can be
 * named: as for one BID, the de-registration goes without BID option. */
int mc_mn_deregister_bids(mc_mn *mn, const uint16_t *bids, int n, uint64_t now, mc_mn_out *out)
{
    out_reset(out);
    int slots[MC_MN_MAX_IF];
    for (int i = 0; i < n; i++)
        if ((slots[i] = slot_of_bid(mn, bids[i])) < 0)
            return -1;
    if (fault(mn, MC_MNF_DEREG_BID_AFTER_166) && single_binding_only(mn, MC_MN_HA))
        send_bids(mn, MC_MN_HA, slots, n, 0, 0, now, out); /* the faulty node names the BIDs all the same */
    else if (single_binding_only(mn, MC_MN_HA) || fault(mn, MC_MNF_DEREG_ONE_WITHOUT_BID))
        send_legacy(mn, MC_MN_HA, primary_slot(mn), 0, now, out);
    else if (mn->peers[MC_MN_HA].no_bulk)
        for (int i = 0; i < n; i++)
            send_bids(mn, MC_MN_HA, &slots[i], 1, 0, 0, now, out);
    else
        send_bids(mn, MC_MN_HA, slots, n, 0, 0, now, out);
    return out->nbu;
}

/* The de-registration of every binding (5.4, 5.5.1) supersedes the
 * registrations still unanswered: RFC 6275 11.8 retransmits the BU the
 * Binding Update List holds, now the de-registration, and one of them sent
 * again would recreate a binding the mobile node is deleting.  They are
 * dropped, so that a late BA for one registers nothing either. */
static void drop_pending_registrations(mc_mn_peer *p)
{
    for (int k = 0; k < MC_MN_MAX_PENDING; k++)
        if (p->pend[k].used && p->pend[k].bu.lifetime)
            p->pend[k].used = 0;
}

/* 5.4: every binding goes with an RFC 6275 de-registration, no BID option. */
int mc_mn_deregister_all(mc_mn *mn, uint64_t now, mc_mn_out *out)
{
    out_reset(out);
    int s = primary_slot(mn);
    if (s < 0 && !mn->at_home)
        return -1;
    if (fault(mn, MC_MNF_DEREG_ALL_ONE_BID)) {
        /* the faulty node names the first registered BID, as if de-registering one binding */
        for (int k = 0; k < MC_MN_MAX_IF; k++)
            if (mn->peers[MC_MN_HA].b[k].state == MC_MN_BS_REGISTERED) {
                send_bids(mn, MC_MN_HA, &k, 1, 0, 0, now, out);
                return out->nbu;
            }
    }
    drop_pending_registrations(&mn->peers[MC_MN_HA]);
    send_legacy(mn, MC_MN_HA, s, 0, now, out);
    return out->nbu;
}

static void set_nd(mc_mn *mn, int state, mc_mn_out *out)
{
    mn->nd = (uint8_t)state;
    event(out, mn, state == MC_MN_ND_ALLOWED ? MC_MN_EV_ND_HOME_ON : MC_MN_EV_ND_HOME_OFF, MC_MN_HA, 0, 0);
}

/* The slot of the interface attached to the home link: its address is the
 * home address now (so that a foreign address on it later reuses the slot
 * and its BID); one is made if the interface never had a care-of address. */
static int home_if_slot(mc_mn *mn, int ifindex, const uint8_t *lla, uint8_t lla_len)
{
    int s = -1;
    for (int i = 0; i < MC_MN_MAX_IF && s < 0; i++)
        if (mn->ifs[i].used && mn->ifs[i].ifindex == ifindex)
            s = i;
    if (s < 0) {
        int bid = mc_mn_coa_up(mn, ifindex, 6, mn->cfg.hoa, lla, lla_len);
        return bid < 0 ? -1 : slot_of_bid(mn, (uint16_t)bid);
    }
    mc_mn_if *f = &mn->ifs[s];
    if (f->family != 6 || memcmp(f->coa, mn->cfg.hoa, 16) != 0)
        slot_new_address(mn, s);
    f->family = 6;
    memcpy(f->coa, mn->cfg.hoa, 16);
    f->up = 1;
    if (fault(mn, MC_MNF_HOME_AGAIN_FROM_COA))
        f->up = 0; /* the faulty node keeps the slot down: its home binding goes from a care-of address */
    if (lla && lla_len && lla_len <= 8) {
        f->lla_len = lla_len;
        memcpy(f->lla, lla, lla_len);
    }
    return s;
}

/* 5.6.3: the home binding, BID option with H and the home address,
 * Link-Layer Address option code 2, sent from the home link; no answer to
 * NS for the home address until its BA. */
static void return_home_simultaneous(mc_mn *mn, int s, uint64_t now, mc_mn_out *out)
{
    mn->peers[MC_MN_HA].b[s].home = 0; /* registered as home binding only by its BA */
    set_nd(mn, fault(mn, MC_MNF_ANSWER_NS_BEFORE_BA) ? MC_MN_ND_ALLOWED : MC_MN_ND_WAIT_BA, out);
    send_bids(mn, MC_MN_HA, &s, 1, mn->cfg.lifetime, 0, now, out);
}

/* 5.5.1 / RFC 6275 11.5.4: de-register everything from the home link; the
 * node defends its home address as soon as the BU is sent. */
static void return_home_complete(mc_mn *mn, uint64_t now, mc_mn_out *out)
{
    int faulty = 0;
    if (fault(mn, MC_MNF_HOME_NO_DEREG)) {
        /* the faulty node's de-registration names the first registered
         * BID, as if de-registering one binding (5.4), and the others stay */
        for (int s = 0; s < MC_MN_MAX_IF && !faulty; s++)
            if (mn->peers[MC_MN_HA].b[s].state == MC_MN_BS_REGISTERED) {
                send_bids(mn, MC_MN_HA, &s, 1, 0, 0, now, out);
                faulty = 1;
            }
    }
    if (!faulty) {
        drop_pending_registrations(&mn->peers[MC_MN_HA]); /* 5.5.1: it deletes them all */
        send_legacy(mn, MC_MN_HA, mn->home_slot, 0, now, out);
    }
    set_nd(mn, MC_MN_ND_ALLOWED, out);
    if (fault(mn, MC_MNF_NO_ND_AFTER_RETURN_HOME))
        set_nd(mn, MC_MN_ND_WAIT_BA, out); /* the faulty node waits for a BA that never allows it (legacy_ba) */
}

int mc_mn_return_home(mc_mn *mn, int ifindex, const uint8_t *lla, uint8_t lla_len, uint64_t now, mc_mn_out *out)
{
    out_reset(out);
    int s = home_if_slot(mn, ifindex, lla, lla_len);
    if (s < 0)
        return -1;
    mn->at_home = 1;
    mn->home_slot = s;
    /* a home binding next to foreign ones is a multiple care-of addresses
     * registration: not with a home agent that refused MCoA (166) or
     * does not know it (5.7); returning home is then RFC 6275's */
    if (mn->cfg.simultaneous_home && !single_binding_only(mn, MC_MN_HA))
        return_home_simultaneous(mn, s, now, out);
    else
        return_home_complete(mn, now, out);
    return out->nbu;
}

/* The foreign care-of address that carries the registration on leaving
 * home: the home link's interface if it has one by now, else the first up. */
static int leave_home_slot(const mc_mn *mn)
{
    int h = mn->home_slot;
    if (h >= 0 && mn->ifs[h].up && memcmp(mn->ifs[h].coa, mn->cfg.hoa, 16) != 0)
        return h;
    return primary_slot(mn);
}

/* 5.6.5: BU for an active care-of address with H clear in the BID option,
 * so that the home agent stops forwarding to the home link. */
int mc_mn_leave_home(mc_mn *mn, uint64_t now, mc_mn_out *out)
{
    out_reset(out);
    if (!mn->at_home)
        return -1;
    mn->at_home = 0; /* before choosing: the home interface is a foreign one now */
    int s = leave_home_slot(mn);
    if (s < 0 || memcmp(mn->ifs[s].coa, mn->cfg.hoa, 16) == 0) {
        mn->at_home = 1;
        return -1;
    }
    mc_mn_peer *p = &mn->peers[MC_MN_HA];
    if (mn->home_slot >= 0) {
        p->b[mn->home_slot].home = 0;
        p->b[mn->home_slot].coa_known = 0;
    }
    mn->home_slot = -1;
    mn->has_router_lla = 0; /* the home link's router is learnt again on the next return (5.6.4) */
    set_nd(mn, MC_MN_ND_AWAY, out);
    unsigned opts = fault(mn, MC_MNF_LEAVE_HOME_WITH_H) ? OPT_FORCE_H : 0;
    if (single_binding_only(mn, MC_MN_HA))
        send_legacy(mn, MC_MN_HA, s, mn->cfg.lifetime, now, out);
    else
        send_bids(mn, MC_MN_HA, &s, 1, mn->cfg.lifetime, opts, now, out);
    return out->nbu;
}

/* ---- correspondent nodes ------------------------------------------------------ */

int mc_mn_cn_add(mc_mn *mn, const uint8_t cn[16])
{
    int pi = peer_of(mn, cn);
    if (pi >= 0)
        return pi;
    for (pi = 1; pi < MC_MN_MAX_PEERS && mn->peers[pi].used; pi++)
        ;
    if (pi == MC_MN_MAX_PEERS)
        return -1;
    peer_reset(mn, pi, cn, 0);
    return pi;
}

int mc_mn_cn_home_token(mc_mn *mn, const uint8_t cn[16], uint16_t hni, const uint8_t token[8])
{
    int pi = mc_mn_cn_add(mn, cn);
    if (pi <= 0)
        return -1;
    mc_mn_peer *p = &mn->peers[pi];
    p->has_home_token = 1;
    p->hni = hni;
    memcpy(p->home_token, token, 8);
    return 0;
}

int mc_mn_cn_coa_token(mc_mn *mn, const uint8_t cn[16], uint16_t bid, uint16_t coni, const uint8_t token[8])
{
    int pi = mc_mn_cn_add(mn, cn), s = slot_of_bid(mn, bid);
    if (pi <= 0 || s < 0)
        return -1;
    mc_mn_peer *p = &mn->peers[pi];
    p->has_coa_token[s] = 1;
    p->coni[s] = coni;
    memcpy(p->coa_token[s], token, 8);
    return 0;
}

/* 5.2: both keygen tokens for Kbm, a care-of token per care-of address. */
static int cn_ready(mc_mn *mn, int pi, int s, mc_mn_out *out)
{
    const mc_mn_peer *p = &mn->peers[pi];
    if (p->has_home_token && p->has_coa_token[s])
        return 1;
    event(out, mn, MC_MN_EV_NEED_RR, pi, mn->ifs[s].bid, 0);
    return 0;
}

static void cn_register_slots(mc_mn *mn, int pi, const int *slots, int n, uint64_t now, mc_mn_out *out)
{
    int ok[MC_MN_MAX_IF], k = 0;
    if (mn->peers[pi].no_ro)
        return;
    for (int i = 0; i < n; i++)
        if (usable_slot(mn, pi, slots[i]) && cn_ready(mn, pi, slots[i], out))
            ok[k++] = slots[i];
    register_slots(mn, pi, ok, k, now, out);
}

int mc_mn_cn_register(mc_mn *mn, const uint8_t cn[16], uint64_t now, mc_mn_out *out)
{
    if (!fault(mn, MC_MNF_RR_RESENDS_LAST_BU)) /* the faulty node keeps the previous call's output */
        out_reset(out);
    int pi = peer_of(mn, cn);
    if (pi <= 0)
        return -1;
    int slots[MC_MN_MAX_IF], n = 0;
    for (int s = 0; s < MC_MN_MAX_IF; s++)
        if (usable_slot(mn, pi, s))
            slots[n++] = s;
    cn_register_slots(mn, pi, slots, n, now, out);
    return out->nbu;
}

/* ---- receiving a Binding Acknowledgement (5.7, RFC 6275 11.7.3) -------------- */

/* 5.7: the BID option's Status when non-zero, else the BA's. */
static int effective_status(const mc_mn *mn, const mc_ba_view *ba, uint16_t bid, int pos)
{
    if (fault(mn, MC_MNF_IGNORE_BID_STATUS))
        return ba->status;
    if (fault(mn, MC_MNF_BA_BIDS_BY_POSITION))
        return pos < ba->nbid && ba->bid[pos].status ? ba->bid[pos].status : ba->status;
    for (int j = 0; j < ba->nbid; j++)
        if (ba->bid[j].bid == bid && ba->bid[j].status != 0)
            return ba->bid[j].status;
    return ba->status;
}

/* RFC 6275 11.7.3: the BA must answer an outstanding BU by its sequence
 * number, except 135, which carries the peer's last accepted number. */
static int take_pending(const mc_mn *mn, mc_mn_peer *p, const mc_ba_view *ba, mc_mn_bu_plan *b)
{
    int k = 0;
    while (k < MC_MN_MAX_PENDING && !(p->pend[k].used && p->pend[k].bu.seq == ba->seq))
        k++;
    if (k == MC_MN_MAX_PENDING && (ba->status == MC_BA_SEQ_OUT_OF_WINDOW || fault(mn, MC_MNF_BA_ANY_SEQ)))
        for (k = 0; k < MC_MN_MAX_PENDING && !p->pend[k].used; k++)
            ;
    if (k == MC_MN_MAX_PENDING)
        return -1;
    *b = p->pend[k].bu;
    p->pend[k].used = 0;
    if (fault(mn, MC_MNF_BA_STOPS_ALL_RETX))
        memset(p->pend, 0, sizeof p->pend); /* the faulty node forgets every outstanding BU */
    return 0;
}

/* Refresh timing: the granted lifetime, or the Binding Refresh Advice
 * (RFC 6275 6.2.4, 11.7.3); refresh at half of it, which leaves the other
 * half for the refresh's retransmissions (RFC 6275 11.8) before the
 * binding expires (as DHCPv6's T1, RFC 8415 14.2). */
static void set_lifetime(mc_mn_bul_bid *x, const mc_ba_view *ba, uint64_t now)
{
    uint64_t life = (uint64_t)ba->lifetime * 4000;
    uint64_t every = ba->has_bra && ba->refresh && ba->refresh < ba->lifetime ? (uint64_t)ba->refresh * 4000 : life;
    x->expires_ms = now + life;
    x->refresh_ms = now + every / 2;
}

static void all_bids_none(mc_mn *mn, int pi)
{
    for (int s = 0; s < MC_MN_MAX_IF; s++) {
        mc_mn_bul_bid *x = &mn->peers[pi].b[s];
        x->state = MC_MN_BS_NONE;
        x->coa_known = 0;
        x->home = 0;
    }
}

/* The home binding's BA decides Neighbor Discovery for the home address
 * (5.6.3, 5.6.4, 6.3): 5 forbids it, any other acceptance allows it. */
static void home_binding_accepted(mc_mn *mn, int status, mc_mn_out *out)
{
    if (status == MC_BA_MCOA_RETURNHOME_WONDP && !fault(mn, MC_MNF_ANSWER_NS_AFTER_5))
        set_nd(mn, MC_MN_ND_FORBIDDEN, out);
    else
        set_nd(mn, MC_MN_ND_ALLOWED, out);
}

static void bid_accepted(mc_mn *mn, int pi, const mc_mn_bu_plan *b, int i, int st, const mc_ba_view *ba,
                         uint64_t now, mc_mn_out *out)
{
    int s = slot_of_bid(mn, b->bid[i].bid);
    if (s < 0)
        return;
    mc_mn_bul_bid *x = &mn->peers[pi].b[s];
    x->last_status = (uint8_t)st;
    if (b->lifetime == 0) {
        x->state = MC_MN_BS_NONE;
        x->coa_known = x->home = 0; /* gone: the next registration is a first one (5.1) */
        if (fault(mn, MC_MNF_DEREG_KEEPS_COA_KNOWN))
            x->coa_known = 1; /* the faulty node registers it again as a refresh */
        event(out, mn, MC_MN_EV_DEREGISTERED, pi, b->bid[i].bid, st);
        return;
    }
    x->state = MC_MN_BS_REGISTERED;
    x->reg_seq = b->seq;
    /* the peer now holds the address this BU carried: the interface's
     * address unless it changed after the BU was sent, and then the new one
     * still has to go in a BID option (5.1); an IPv4 address sent is not
     * an IPv6 one now up whose first four bytes it happens to equal */
    int v4 = b->bid[i].len == MC_BID_LEN_V4;
    if (b->bid[i].len != MC_BID_LEN_NOCOA && mn->ifs[s].family == (v4 ? 4 : 6) &&
        !memcmp(b->bid[i].coa, mn->ifs[s].coa, v4 ? 4 : 16))
        x->coa_known = 1;
    set_lifetime(x, ba, now);
    if (fault(mn, MC_MNF_IGNORE_BRA)) /* the faulty node refreshes by the lifetime alone */
        x->refresh_ms = now + (x->expires_ms - now) / 2;
    event(out, mn, MC_MN_EV_REGISTERED, pi, b->bid[i].bid, st);
    if ((b->bid[i].flags & MC_BID_H_FLAG) && is_home_slot(mn, s)) {
        x->home = 1;
        home_binding_accepted(mn, st, out);
    }
}

static void bid_failed(mc_mn *mn, int pi, const mc_mn_bu_plan *b, int i, int st, mc_mn_out *out)
{
    int s = slot_of_bid(mn, b->bid[i].bid);
    if (s < 0)
        return;
    mc_mn_bul_bid *x = &mn->peers[pi].b[s];
    x->last_status = (uint8_t)st;
    x->state = MC_MN_BS_FAILED;
    /* 164 is a programming error or corruption: logged, the same BU is
     * not retried (5.7) */
    event(out, mn, st == MC_BA_MCOA_MALFORMED ? MC_MN_EV_MALFORMED : MC_MN_EV_REJECTED, pi, b->bid[i].bid, st);
    if ((b->bid[i].flags & MC_BID_H_FLAG) && is_home_slot(mn, s) && b->lifetime)
        set_nd(mn, MC_MN_ND_FORBIDDEN, out); /* the home agent still proxies */
}

static int plan_slots(const mc_mn *mn, const mc_mn_bu_plan *b, int *slots)
{
    int n = 0;
    for (int i = 0; i < b->nbid; i++) {
        int s = slot_of_bid(mn, b->bid[i].bid);
        if (s >= 0)
            slots[n++] = s;
    }
    return n;
}

/* A peer that takes no multiple care-of addresses registration (166, or a
 * BA without BID option, RFC 5648 5.7) is sent none: not even the
 * retransmission (RFC 6275 11.8, for BUs the MN still sends) of one still
 * unanswered. */
static void drop_pending_mcoa(mc_mn_peer *p)
{
    for (int k = 0; k < MC_MN_MAX_PENDING; k++)
        if (p->pend[k].used && p->pend[k].bu.nbid)
            p->pend[k].used = 0;
}

/* 166: no more multiple bindings with this peer: one binding, no BID. */
static void on_166(mc_mn *mn, int pi, const mc_mn_bu_plan *b, uint64_t now, mc_mn_out *out)
{
    int slots[MC_MN_MAX_IF], n = plan_slots(mn, b, slots);
    if (fault(mn, MC_MNF_KEEP_MCOA_AFTER_166)) {
        register_slots(mn, pi, slots, n, now, out);
        return;
    }
    mc_mn_peer *p = &mn->peers[pi];
    p->no_mcoa = 1;
    if (fault(mn, MC_MNF_STOP_MCOA_EVERYWHERE))
        for (int k = 0; k < MC_MN_MAX_PEERS; k++)
            mn->peers[k].no_mcoa = 1; /* the faulty node takes 166 for a verdict on MCoA everywhere */
    all_bids_none(mn, pi);
    drop_pending_mcoa(p);
    event(out, mn, MC_MN_EV_PEER_NO_MCOA, pi, 0, MC_BA_MCOA_PROHIBITED);
    if (b->lifetime) {
        /* from a care-of address the mobile node has (RFC 6275 11.7.1);
         * with no IPv6 one up, none now: the next registration (an IPv4
         * care-of address, Section 8) makes the single binding */
        int s = primary_slot(mn);
        if (s >= 0)
            send_legacy(mn, pi, s, b->lifetime, now, out);
    }
}

/* 168: no more bulk with this peer; none of the BIDs is registered;
 * register them one by one. */
static void on_168(mc_mn *mn, int pi, const mc_mn_bu_plan *b, uint64_t now, mc_mn_out *out)
{
    mc_mn_peer *p = &mn->peers[pi];
    int slots[MC_MN_MAX_IF], n = plan_slots(mn, b, slots);
    if (!fault(mn, MC_MNF_KEEP_BULK_AFTER_168)) {
        p->no_bulk = 1;
        event(out, mn, MC_MN_EV_PEER_NO_BULK, pi, 0, MC_BA_MCOA_BULK_PROHIBITED);
    }
    for (int i = 0; i < n; i++)
        p->b[slots[i]].state = MC_MN_BS_NONE;
    if (b->lifetime)
        register_slots(mn, pi, slots, n, now, out);
}

/* 165: a binding without BID exists at the peer: the same BIDs again with
 * O so that it is replaced (5.7, 5.9). */
static void on_165(mc_mn *mn, int pi, const mc_mn_bu_plan *b, uint64_t now, mc_mn_out *out)
{
    int slots[MC_MN_MAX_IF], n = plan_slots(mn, b, slots);
    if (!fault(mn, MC_MNF_NO_O_AFTER_165))
        mn->peers[pi].need_o = MC_MN_NEED_O_165;
    /* the BU that answers it has O, even with an earlier O still unanswered
     * (5.7: "MUST set 'O' flag") */
    if (n)
        send_bids(mn, pi, slots, n, b->lifetime, fault(mn, MC_MNF_NO_O_AFTER_165) ? 0 : OPT_FORCE_O, now, out);
}

/* 135: the BA carries the last sequence number the peer accepted; send the
 * BU again above it (RFC 6275 11.7.3). */
static void on_135(mc_mn *mn, int pi, mc_mn_bu_plan *b, const mc_ba_view *ba, uint64_t now, mc_mn_out *out)
{
    mc_mn_peer *p = &mn->peers[pi];
    if (!fault(mn, MC_MNF_135_OWN_SEQ))
        p->seq = ba->seq;
    for (int i = 0; i < b->nbid; i++) {
        int s = slot_of_bid(mn, b->bid[i].bid);
        if (s >= 0)
            p->b[s].seq = ba->seq;
    }
    /* the numbering goes on from the peer's now: numbers from before may
     * be more than 2**15 behind, neither older nor newer (late_ba) */
    for (int s = 0; s < MC_MN_MAX_IF; s++)
        p->b[s].has_ba_seq = 0;
    emit(mn, pi, b, MC_MN_INITIAL_BINDACK_TIMEOUT_MS, now, out);
}

/* BAs to different care-of addresses come on different links, so in
 * another order than the peer sent them.  One for a BU numbered before a
 * BU for the same binding whose BA was already taken (RFC 6275 9.5.1: the
 * peer processed that BU after it) says nothing of the binding now: a BID
 * de-registered since would be taken as registered again, and refreshed
 * (RFC 6275 11.1: the Binding Update List follows the most recent BU). */
static int late_ba(const mc_mn *mn, const mc_mn_bul_bid *x, uint16_t seq)
{
    uint16_t ahead = (uint16_t)(x->ba_seq - seq);
    return x->has_ba_seq && ahead >= 1 && ahead <= 0x7fff && !fault(mn, MC_MNF_RETX_SUPERSEDED);
}

/* Takes the late BID options (and their statuses) out of the BU the BA
 * answers; the others' BA numbers are remembered. */
static void drop_late(const mc_mn *mn, mc_mn_peer *p, mc_mn_bu_plan *b, int *st)
{
    int n = 0;
    for (int i = 0; i < b->nbid; i++) {
        int s = slot_of_bid(mn, b->bid[i].bid);
        if (s >= 0 && late_ba(mn, &p->b[s], b->seq))
            continue;
        if (s >= 0) {
            p->b[s].ba_seq = b->seq;
            p->b[s].has_ba_seq = 1;
        }
        b->bid[n] = b->bid[i];
        st[n++] = st[i];
    }
    b->nbid = n;
}

/* Per-BID outcome of an MCoA BU, after the BU-wide statuses. */
static void per_bid(mc_mn *mn, int pi, const mc_mn_bu_plan *b, const int *st, const mc_ba_view *ba, uint64_t now,
                    mc_mn_out *out)
{
    int again[MC_MN_MAX_IF], na = 0, accepted = 0;
    for (int i = 0; i < b->nbid; i++) {
        int s = slot_of_bid(mn, b->bid[i].bid);
        if (mc_status_is_accept(st[i])) {
            bid_accepted(mn, pi, b, i, st[i], ba, now, out);
            accepted = 1;
        } else if (st[i] == MC_BA_MCOA_UNKNOWN_COA && s >= 0 && b->lifetime == 0) {
            mn->peers[pi].b[s].state = MC_MN_BS_NONE; /* de-registering: nothing more to do */
            mn->peers[pi].b[s].coa_known = 0;
            if (fault(mn, MC_MNF_REREG_AFTER_167_DEREG))
                again[na++] = s; /* the faulty node takes it for a refresh and registers the BID again */
        } else if (st[i] == MC_BA_MCOA_UNKNOWN_COA && s >= 0) {
            /* refresh of a binding the peer lost: the Care-of Address field again */
            if (!fault(mn, MC_MNF_NO_COA_AFTER_167))
                mn->peers[pi].b[s].coa_known = 0;
            again[na++] = s;
        } else {
            bid_failed(mn, pi, b, i, st[i], out);
        }
    }
    /* bootstrapped (5.9): the peer holds a binding of ours now, whether
     * the BU that made it had O or not; an O on a later BU would replace
     * every binding but its own (4.2, 6.2), so it is for the first
     * registration only (after 168 the individual BUs go one by one: the
     * one with O may be refused while the others are accepted) */
    if (accepted && b->lifetime && (mn->peers[pi].need_o == MC_MN_NEED_O_BOOTSTRAP || (b->flags & MC_BU_O)))
        mn->peers[pi].need_o = 0; /* after 165 only an accepted O replaced the binding without BID (5.7) */
    /* an accepted O replaced every binding the BU did not carry (4.2,
     * 6.2): the peer holds none of the others now, and their next
     * registration is a first one, with its Care-of Address field (5.1).
     * Not those a BU numbered after this one registered: the peer took
     * that BU after the O one (RFC 6275 9.5.1), though its BA may be read
     * first (BAs to different care-of addresses come on different links). */
    for (int s = 0; accepted && b->lifetime && (b->flags & MC_BU_O) && s < MC_MN_MAX_IF; s++) {
        int carried = 0;
        for (int i = 0; i < b->nbid; i++)
            carried |= slot_of_bid(mn, b->bid[i].bid) == s;
        const mc_mn_bul_bid *x = &mn->peers[pi].b[s];
        uint16_t ahead = (uint16_t)(x->reg_seq - b->seq);
        int later = x->state == MC_MN_BS_REGISTERED && ahead >= 1 && ahead <= 0x7fff;
        if (later && fault(mn, MC_MNF_O_CLEARS_LATER))
            later = 0; /* the faulty node goes by the order it reads the BAs in */
        if (carried || later)
            continue;
        if (mn->peers[pi].b[s].state == MC_MN_BS_REGISTERED)
            mn->peers[pi].b[s].state = MC_MN_BS_NONE;
        mn->peers[pi].b[s].coa_known = 0; /* whatever it was, the peer knows it no more */
    }
    if (fault(mn, MC_MNF_O_CLEARED_ON_REJECT) && (b->flags & MC_BU_O))
        mn->peers[pi].need_o = 0; /* the faulty node takes any answer for the bootstrap */
    register_slots(mn, pi, again, na, now, out);
}

static void mcoa_ba(mc_mn *mn, int pi, mc_mn_bu_plan *b, const mc_ba_view *ba, uint64_t now, mc_mn_out *out)
{
    int st[MC_MN_MAX_IF], has[256] = {0};
    for (int i = 0; i < b->nbid; i++) {
        st[i] = effective_status(mn, ba, b->bid[i].bid, i);
        has[st[i] & 0xff] = 1;
    }
    if (has[MC_BA_MCOA_PROHIBITED])
        on_166(mn, pi, b, now, out);
    else if (has[MC_BA_MCOA_BULK_PROHIBITED])
        on_168(mn, pi, b, now, out);
    else if (has[MC_BA_MCOA_NON_MCOA_EXISTS])
        on_165(mn, pi, b, now, out);
    else {
        drop_late(mn, &mn->peers[pi], b, st);
        per_bid(mn, pi, b, st, ba, now, out);
    }
}

/* A BU without BID option answered (the single binding of RFC 6275). */
static void legacy_ba(mc_mn *mn, int pi, const mc_mn_bu_plan *b, const mc_ba_view *ba, uint64_t now, mc_mn_out *out)
{
    mc_mn_peer *p = &mn->peers[pi];
    if (!mc_status_is_accept(ba->status)) {
        p->legacy_b.state = MC_MN_BS_FAILED;
        event(out, mn, MC_MN_EV_REJECTED, pi, 0, ba->status);
        return;
    }
    if (b->lifetime == 0) {
        /* 5.4 / RFC 5648 6.2: a de-registration without BID removes all */
        p->legacy_b.state = MC_MN_BS_NONE;
        all_bids_none(mn, pi);
        event(out, mn, MC_MN_EV_DEREGISTERED, pi, 0, ba->status);
        return;
    }
    p->legacy_b.state = MC_MN_BS_REGISTERED;
    set_lifetime(&p->legacy_b, ba, now);
    all_bids_none(mn, pi); /* RFC 5648 6.2: it replaced every binding */
    event(out, mn, MC_MN_EV_REGISTERED, pi, 0, ba->status);
}

/* 5.7: no BID option in the BA of an MCoA BU: the peer ignored it and may
 * have made a regular binding; a single binding with it from now on.  For
 * the home binding, 6.3: the home agent took it for a de-registration. */
static void legacy_fallback(mc_mn *mn, int pi, mc_mn_bu_plan *b, const mc_ba_view *ba, uint64_t now,
                            mc_mn_out *out)
{
    mc_mn_peer *p = &mn->peers[pi];
    int home = b->nbid && (b->bid[0].flags & MC_BID_H_FLAG);
    p->legacy = 1;
    if (fault(mn, MC_MNF_STOP_MCOA_EVERYWHERE))
        for (int k = 0; k < MC_MN_MAX_PEERS; k++)
            mn->peers[k].legacy = 1; /* the faulty node takes it for a verdict on MCoA everywhere */
    event(out, mn, MC_MN_EV_PEER_LEGACY, pi, 0, ba->status);
    all_bids_none(mn, pi);
    /* as after 166: sent again, a registration with BID options would
     * bind BIDs next to the regular binding, and a later de-registration
     * of one BID (by then a BU without BID option) would delete them all */
    drop_pending_mcoa(p);
    b->nbid = 0;
    if (ba->status == MC_BA_SEQ_OUT_OF_WINDOW) {
        on_135(mn, pi, b, ba, now, out);
        return;
    }
    if (home && mc_status_is_accept(ba->status)) {
        p->legacy_b.state = MC_MN_BS_NONE;
        event(out, mn, MC_MN_EV_HOME_ONLY, pi, 0, ba->status);
        set_nd(mn, MC_MN_ND_ALLOWED, out);
        return;
    }
    if (mc_status_is_accept(ba->status))
        p->legacy_slot = (uint8_t)(b->slot < 0 ? 0 : b->slot);
    legacy_ba(mn, pi, b, ba, now, out);
}

int mc_mn_on_ba(mc_mn *mn, const mc_ba_view *ba, uint64_t now, mc_mn_out *out)
{
    out_reset(out);
    mc_ba_view any;
    if (fault(mn, MC_MNF_BA_ANY_HOA) && ba->mh_type == MC_MH_BA) { /* the faulty node: any home address is its own */
        any = *ba;
        memcpy(any.home, mn->cfg.hoa, 16);
        ba = &any;
    }
    if (fault(mn, MC_MNF_BA_NEEDS_RH2) && ba->mh_type == MC_MH_BA && !ba->has_rh2)
        return -1; /* the faulty node: no type 2 routing header, no BA of its */
    /* RFC 6275 6.4, 11.7.3: a BA for another home address is not ours */
    if (ba->mh_type != MC_MH_BA || memcmp(ba->home, mn->cfg.hoa, 16) != 0)
        return -1;
    int pi = peer_of(mn, ba->src);
    mc_mn_bu_plan b;
    if (pi < 0 || take_pending(mn, &mn->peers[pi], ba, &b) < 0)
        return -1; /* RFC 6275 11.7.3: silently ignored */
    mn->ba_seen++;
    if (b.nbid > 0 && ba->nbid == 0 && !fault(mn, MC_MNF_NO_LEGACY_FALLBACK))
        legacy_fallback(mn, pi, &b, ba, now, out);
    else if (ba->status == MC_BA_SEQ_OUT_OF_WINDOW)
        on_135(mn, pi, &b, ba, now, out);
    else if (b.nbid == 0)
        legacy_ba(mn, pi, &b, ba, now, out);
    else
        mcoa_ba(mn, pi, &b, ba, now, out);
    return 0;
}

/* ---- Binding Refresh Request (5.8) and Binding Error (RFC 6275 11.3.6) ------- */

static int refresh_slots_all(const mc_mn *mn, int pi, int *slots)
{
    int n = 0;
    for (int s = 0; s < MC_MN_MAX_IF; s++)
        if (mn->peers[pi].b[s].state == MC_MN_BS_REGISTERED && usable_slot(mn, pi, s))
            slots[n++] = s;
    return n;
}

/* The single binding with a peer (5.7) can be refreshed: from the home
 * agent always; from a correspondent only with both keygen tokens of the
 * slot it comes from (5.2), which a new address there took away (RFC 6275
 * 5.2.5): else return routability first (cn_ready asks for it). */
static int legacy_ready(mc_mn *mn, int pi, mc_mn_out *out)
{
    return mn->peers[pi].is_ha || cn_ready(mn, pi, mn->peers[pi].legacy_slot, out);
}

static void refresh(mc_mn *mn, int pi, const int *slots, int n, uint64_t now, mc_mn_out *out)
{
    mc_mn_peer *p = &mn->peers[pi];
    if (single_binding_only(mn, pi)) {
        if (p->legacy_b.state == MC_MN_BS_REGISTERED && !deregistering(mn, p, p->legacy_slot) &&
            legacy_ready(mn, pi, out))
            send_legacy(mn, pi, p->legacy_slot, mn->cfg.lifetime, now, out);
        return;
    }
    int kept[MC_MN_MAX_IF], m = 0;
    for (int i = 0; i < n; i++)
        if (!deregistering(mn, p, slots[i]))
            kept[m++] = slots[i];
    if (p->is_ha)
        register_slots(mn, pi, kept, m, now, out);
    else
        cn_register_slots(mn, pi, kept, m, now, out);
}

int mc_mn_on_brr(mc_mn *mn, const mc_ba_view *brr, uint64_t now, mc_mn_out *out)
{
    out_reset(out);
    int pi = peer_of(mn, brr->src);
    if (brr->mh_type != MC_MH_BRR || pi < 0)
        return -1;
    int slots[MC_MN_MAX_IF], n = 0;
    if (brr->nbid > 0 && fault(mn, MC_MNF_BRR_IGNORE_BID)) {
        /* the faulty node takes the BRR for the binding of the care-of
         * address it came to, whatever its BID options say */
        for (int s = 0; s < MC_MN_MAX_IF && !n; s++)
            if (mn->ifs[s].used && mn->ifs[s].up && !memcmp(mn->ifs[s].coa, brr->dst, 16) &&
                mn->peers[pi].b[s].state == MC_MN_BS_REGISTERED)
                slots[n++] = s;
    } else if (brr->nbid > 0) {
        /* RFC 5648 4.3: the Status of a BID option outside a BA or CoT is ignored */
        for (int j = 0; j < brr->nbid && n < MC_MN_MAX_IF; j++) {
            if (brr->bid[j].status && fault(mn, MC_MNF_BRR_STATUS_HONOURED))
                continue;
            int s = slot_of_bid(mn, brr->bid[j].bid);
            if (s >= 0 && usable_slot(mn, pi, s))
                slots[n++] = s;
        }
    } else {
        n = refresh_slots_all(mn, pi, slots);
    }
    refresh(mn, pi, slots, n, now, out);
    return out->nbu;
}

/* A Binding Update List entry for the peer: a BU was sent to it and its
 * binding is not gone (expired, de-registered) since. */
static int has_bul_entry(const mc_mn_peer *p)
{
    if (p->legacy_b.state != MC_MN_BS_NONE)
        return 1;
    for (int s = 0; s < MC_MN_MAX_IF; s++)
        if (p->b[s].state != MC_MN_BS_NONE)
            return 1;
    for (int k = 0; k < MC_MN_MAX_PENDING; k++)
        if (p->pend[k].used)
            return 1;
    return 0;
}

int mc_mn_on_be(mc_mn *mn, const mc_ba_view *be, uint64_t now, mc_mn_out *out)
{
    out_reset(out);
    int pi = peer_of(mn, be->src);
    if (be->mh_type != MC_MH_BE || pi < 0)
        return -1;
    mc_mn_peer *p = &mn->peers[pi];
    /* RFC 6275 11.3.6: without a Binding Update List entry for its source
     * a Binding Error MUST be ignored (no return routability nor
     * registration on a spoofed one) */
    if (!has_bul_entry(p) && !fault(mn, MC_MNF_BE_WITHOUT_BUL))
        return -1;
    event(out, mn, MC_MN_EV_BINDING_ERROR, pi, 0, be->status);
    if (be->status == MC_BE_UNKNOWN_MH_TYPE && !p->is_ha && !fault(mn, MC_MNF_RO_AFTER_BE2)) {
        /* the CN does not do route optimization: no more BUs to it, not
         * even the retransmission of one still unanswered (RFC 6275
         * 11.3.6; retransmit() drops them) */
        p->no_ro = 1;
        event(out, mn, MC_MN_EV_PEER_NO_RO, pi, 0, be->status);
    } else if (be->status == MC_BE_UNKNOWN_HAO && !p->is_ha) {
        /* the CN has no binding: return routability again, then a BU */
        all_bids_none(mn, pi);
        p->legacy_b.state = MC_MN_BS_NONE;
        p->has_home_token = 0;
        memset(p->has_coa_token, 0, sizeof p->has_coa_token);
        for (int s = 0; s < MC_MN_MAX_IF; s++)
            if (usable_slot(mn, pi, s))
                event(out, mn, MC_MN_EV_NEED_RR, pi, mn->ifs[s].bid, 0);
    } else if (be->status == MC_BE_UNKNOWN_HAO && fault(mn, MC_MNF_BE_KEEPS_COA_KNOWN)) {
        /* the faulty node registers again what it had, as refreshes */
        int slots[MC_MN_MAX_IF], n = 0;
        for (int s = 0; s < MC_MN_MAX_IF; s++)
            if (usable_slot(mn, pi, s))
                slots[n++] = s;
        register_slots(mn, pi, slots, n, now, out);
    } else if (be->status == MC_BE_UNKNOWN_HAO) {
        /* the home agent lost the binding: register everything again,
         * Care-of Address fields included (5.1) */
        int slots[MC_MN_MAX_IF], n = 0;
        all_bids_none(mn, pi);
        for (int s = 0; s < MC_MN_MAX_IF; s++)
            if (usable_slot(mn, pi, s))
                slots[n++] = s;
        register_slots(mn, pi, slots, n, now, out);
    }
    return out->nbu;
}

/* The received Mobility Header's bytes, rebuilt from the model (the
 * dissector marks every field that differs from the computed value, so the
 * bytes come out as received).  Returns its length, 0 if it cannot. */
static size_t received_mh(const mc_dissection *d, uint8_t *mh, size_t cap)
{
    mc_pkt *p = malloc(sizeof *p);
    uint8_t *f = malloc(MC_FRAME_MAX);
    size_t n = 0, len = 0;
    if (p && f) {
        memcpy(p, &d->pkt, sizeof *p);
        if (mc_build(p, f, MC_FRAME_MAX, &n, NULL) == 0) {
            const mc_layer *l = &p->l[d->mh];
            if (l->wire_off + l->wire_len <= n && l->wire_len <= cap) {
                memcpy(mh, f + l->wire_off, l->wire_len);
                len = l->wire_len;
            }
        }
    }
    free(p);
    free(f);
    return len;
}

/* RFC 6275 11.7.3: a BA from a correspondent node counts only if its
 * Binding Authorization Data option is there and valid (5.2.6), computed
 * with the Kbm of the BU it answers; else it is silently ignored.  A CN
 * whose nonces expired (136-138) has no Kbm to sign with (9.5.4).  Without
 * an authenticator callback (cfg.auth) nothing can be checked. */
static int cn_ba_authentic(const mc_mn *mn, const mc_dissection *d, const mc_ba_view *ba)
{
    int pi = peer_of(mn, ba->src);
    if (pi < 0 || mn->peers[pi].is_ha || !mn->cfg.auth)
        return 1;
    if (fault(mn, MC_MNF_CN_BA_UNCHECKED))
        return 1;
    int nonces_expired = ba->status >= MC_BA_EXPIRED_HOME_NONCE && ba->status <= MC_BA_EXPIRED_NONCES;
    if (nonces_expired && fault(mn, MC_MNF_NONCE_BA_NEEDS_AUTH))
        nonces_expired = 0; /* the faulty node asks them for an authenticator the CN cannot make */
    if (nonces_expired)
        return 1;
    const mc_mn_peer *p = &mn->peers[pi];
    const mc_mn_bu_plan *b = NULL;
    for (int k = 0; k < MC_MN_MAX_PENDING && !b; k++)
        if (p->pend[k].used && p->pend[k].bu.seq == ba->seq)
            b = &p->pend[k].bu;
    /* 135 carries the correspondent's last accepted number, not the BU's
     * (RFC 6275 9.5.1): it is checked against the BU take_pending gives it,
     * the first outstanding one, and ignored unless its authenticator holds */
    if (!b && ba->status == MC_BA_SEQ_OUT_OF_WINDOW && fault(mn, MC_MNF_CN_135_UNCHECKED))
        return 1; /* the faulty node takes it as it comes */
    for (int k = 0; k < MC_MN_MAX_PENDING && !b && ba->status == MC_BA_SEQ_OUT_OF_WINDOW; k++)
        if (p->pend[k].used)
            b = &p->pend[k].bu;
    if (!b || !b->has_rr)
        return 1; /* no BU of ours with that number: mc_mn_on_ba ignores it */
    uint8_t mh[MC_MH_MAX_LEN], want[12]; /* padded up to the longest MH (RFC 6275 6.1.1, 6.2.1) */
    size_t len = ba->has_auth ? received_mh(d, mh, sizeof mh) : 0;
    if (!len || (size_t)ba->auth_off + 2 + sizeof want > len)
        return 0;
    /* as the BU was signed (authenticate): Checksum and Authenticator zero */
    uint8_t got[12];
    const mc_field *csum = mc_field_by_key(d->pkt.l[d->mh].desc, "csum");
    memcpy(got, mh + ba->auth_off + 2, sizeof got);
    memset(mh + ba->auth_off + 2, 0, sizeof got);
    memset(mh + csum->off, 0, csum->width);
    const uint8_t *coa = !b->has_hao ? mn->cfg.hoa : b->src;
    if (mn->cfg.auth(mn->cfg.auth_ctx, coa, b->dst, b->home_token, b->coa_token, mh, len,
                     ba->auth_off, want) < 0)
        return 0;
    unsigned diff = 0;
    for (size_t i = 0; i < sizeof want; i++)
        diff |= (unsigned)(want[i] ^ got[i]);
    return diff == 0;
}

int mc_mn_input(mc_mn *mn, const mc_dissection *d, uint64_t now, mc_mn_out *out)
{
    mc_ba_view v;
    out_reset(out);
    if (mc_ba_view_from(d, &v) < 0)
        return -1;
    if (v.mh_type == MC_MH_BA)
        return cn_ba_authentic(mn, d, &v) ? mc_mn_on_ba(mn, &v, now, out) : -1;
    if (v.mh_type == MC_MH_BRR)
        return mc_mn_on_brr(mn, &v, now, out);
    return mc_mn_on_be(mn, &v, now, out);
}

/* ---- time ------------------------------------------------------------------------ */

/* RFC 6275 11.8: no BA in time: the same BU with a new sequence number and
 * twice the timeout, up to MAX_BINDACK_TIMEOUT. */
static void retransmit(mc_mn *mn, int pi, uint64_t now, mc_mn_out *out)
{
    mc_mn_peer *p = &mn->peers[pi];
    for (int k = 0; k < MC_MN_MAX_PENDING; k++) {
        if (!p->pend[k].used || now < p->pend[k].retx_ms)
            continue;
        mc_mn_bu_plan b = p->pend[k].bu;
        uint32_t backoff = p->pend[k].backoff_ms * 2;
        p->pend[k].used = 0;
        /* RFC 6275 11.3.6: the CN takes no Binding Update (Binding Error 2);
         * or newer BUs superseded every binding this one carried */
        if (p->no_ro || unsuperseded(&b, p->pend[k].superseded) < 0)
            continue;
        if (backoff > MC_MN_MAX_BINDACK_TIMEOUT_MS) {
            event(out, mn, MC_MN_EV_TIMEOUT, pi, b.nbid ? b.bid[0].bid : 0, 0);
            for (int i = 0; i < b.nbid; i++) {
                int s = slot_of_bid(mn, b.bid[i].bid);
                if (s >= 0 && p->b[s].state == MC_MN_BS_PENDING)
                    p->b[s].state = MC_MN_BS_NONE;
            }
            continue;
        }
        if (p->need_o == MC_MN_NEED_O_165 && b.lifetime && b.nbid)
            b.flags |= MC_BU_O; /* a registration sent again after 165 has O too (5.7) */
        /* a binding the peer no longer holds since the BU was built (an
         * accepted O replaced it, 4.2 / 6.2; it expired) is registered for
         * the first time by this BU: its BID option carries the Care-of
         * Address field (5.1 MUST; 6.2: without it the peer rejects the BID) */
        for (int i = 0; b.lifetime && i < b.nbid && !fault(mn, MC_MNF_RETX_STALE_BID); i++) {
            int s = slot_of_bid(mn, b.bid[i].bid);
            if (s < 0 || b.bid[i].len != MC_BID_LEN_NOCOA || p->b[s].coa_known)
                continue;
            int force_h = (b.bid[i].flags & MC_BID_H_FLAG) && !home_binding(mn, pi, s, 0);
            fill_bid(mn, pi, s, b.lifetime, force_h ? OPT_FORCE_H : 0, &b.bid[i]);
        }
        /* the care-of address it was sent from went away meanwhile: a BU
         * comes from an address the mobile node has (RFC 6275 11.7.1), so
         * the home agent's is sent from another one (its BID options say
         * which bindings it is for, 5648 5.2), and a correspondent's, which
         * is signed for that address (6.2.7), is not sent again */
        if (b.slot >= 0 && !b.from_home && !mn->ifs[b.slot].up && !fault(mn, MC_MNF_RETX_FROM_GONE_COA)) {
            int src = p->is_ha ? primary_slot(mn) : -1;
            if (src < 0) {
                for (int i = 0; i < b.nbid; i++) {
                    int s = slot_of_bid(mn, b.bid[i].bid);
                    if (s >= 0 && p->b[s].state == MC_MN_BS_PENDING)
                        p->b[s].state = MC_MN_BS_NONE;
                }
                continue;
            }
            b.has_hao = b.udp_encap = 0;
            fill_source(mn, pi, src, &b);
        }
        emit(mn, pi, &b, backoff, now, out);
    }
}

static void expire_and_refresh(mc_mn *mn, int pi, uint64_t now, mc_mn_out *out)
{
    mc_mn_peer *p = &mn->peers[pi];
    int due[MC_MN_MAX_IF], n = 0;
    for (int s = 0; s < MC_MN_MAX_IF; s++) {
        mc_mn_bul_bid *x = &p->b[s];
        if (x->state != MC_MN_BS_REGISTERED)
            continue;
        if (now >= x->expires_ms) {
            /* gone at the peer: the next registration is a first one (5.1) */
            x->state = MC_MN_BS_NONE;
            if (!fault(mn, MC_MNF_EXPIRED_COA_KNOWN))
                x->coa_known = 0;
            event(out, mn, MC_MN_EV_EXPIRED, pi, mn->ifs[s].bid, 0);
        } else if (now >= x->refresh_ms && !pending_has_slot(p, mn, s) && usable_slot(mn, pi, s) &&
                   !(x->home && fault(mn, MC_MNF_NO_HOME_REFRESH))) {
            x->refresh_ms = x->expires_ms; /* once per lifetime unless a BA renews it */
            due[n++] = s;
        }
    }
    mc_mn_bul_bid *l = &p->legacy_b;
    if (l->state == MC_MN_BS_REGISTERED && now >= l->expires_ms) {
        l->state = MC_MN_BS_NONE;
        event(out, mn, MC_MN_EV_EXPIRED, pi, 0, 0);
    } else if (l->state == MC_MN_BS_REGISTERED && now >= l->refresh_ms) {
        l->refresh_ms = l->expires_ms; /* once: without tokens the BU waits for return routability */
        if (!deregistering(mn, p, p->legacy_slot) && legacy_ready(mn, pi, out))
            send_legacy(mn, pi, p->legacy_slot, mn->cfg.lifetime, now, out);
    }
    if (n && !single_binding_only(mn, pi))
        refresh(mn, pi, due, n, now, out);
}

int mc_mn_tick(mc_mn *mn, uint64_t now, mc_mn_out *out)
{
    out_reset(out);
    for (int pi = 0; pi < MC_MN_MAX_PEERS; pi++) {
        if (!mn->peers[pi].used)
            continue;
        if (!(pi != MC_MN_HA && fault(mn, MC_MNF_NO_RETX_TO_CN)))
            retransmit(mn, pi, now, out);
        expire_and_refresh(mn, pi, now, out);
    }
    return out->nbu;
}

static uint64_t min64(uint64_t a, uint64_t b) { return a < b ? a : b; }

uint64_t mc_mn_next_deadline(const mc_mn *mn)
{
    uint64_t t = UINT64_MAX;
    for (int pi = 0; pi < MC_MN_MAX_PEERS; pi++) {
        const mc_mn_peer *p = &mn->peers[pi];
        if (!p->used)
            continue;
        for (int k = 0; k < MC_MN_MAX_PENDING; k++)
            if (p->pend[k].used)
                t = min64(t, p->pend[k].retx_ms);
        for (int s = 0; s < MC_MN_MAX_IF; s++)
            if (p->b[s].state == MC_MN_BS_REGISTERED)
                t = min64(t, min64(p->b[s].refresh_ms, p->b[s].expires_ms));
        if (p->legacy_b.state == MC_MN_BS_REGISTERED)
            t = min64(t, min64(p->legacy_b.refresh_ms, p->legacy_b.expires_ms));
    }
    return t;
}

int mc_mn_learn_router_lla(mc_mn *mn, const uint8_t mac[6])
{
    if (fault(mn, MC_MNF_IGNORE_RA_SLLA))
        return 0;
    memcpy(mn->router_lla, mac, 6);
    mn->has_router_lla = 1;
    return 1;
}

int mc_mn_may_answer_ns(const mc_mn *mn, const uint8_t addr[16])
{
    if (memcmp(addr, mn->cfg.hoa, 16) != 0)
        return 1;
    return mn->at_home && mn->nd == MC_MN_ND_ALLOWED;
}

/* ---- plan -> packet model ------------------------------------------------------- */

static int put_addr(mc_layer *l, const char *key, const uint8_t *a, size_t n)
{
    const mc_field *f = mc_field_by_key(l->desc, key);
    if (!f || (size_t)f->off + n > l->len)
        return -1;
    memcpy(l->hdr + f->off, a, n);
    return 0;
}

/* The link, IP and extension headers below the Mobility Header. */
static int add_headers(const mc_mn *mn, const mc_mn_bu_plan *b, mc_pkt *p, mc_err *e)
{
    static const uint8_t zero_mac[6];
    mc_layer *l;
    if (b->from_home && (mn->has_router_lla || mn->cfg.has_ha_lla) && memcmp(b->mac_src, zero_mac, 6) != 0) {
        /* 5.6.2, 5.6.4: from the home link without Neighbor Discovery, the
         * link-layer header is built by hand to the default router's
         * address learnt from a Router Advertisement, else the configured
         * home agent's */
        const uint8_t *dst = mn->has_router_lla ? mn->router_lla : mn->cfg.ha_lla;
        if (!(l = mc_pkt_add_layer(p, MC_LK_ETH, &mc_desc_eth, e)) || put_addr(l, "dst", dst, 6) ||
            put_addr(l, "src", b->mac_src, 6))
            return -1;
    }
    if (b->udp_encap) {
        if (!(l = mc_pkt_add_layer(p, MC_LK_IPV4, &mc_desc_ipv4, e)) || put_addr(l, "src", b->v4src, 4) ||
            put_addr(l, "dst", b->v4dst, 4) || !mc_pkt_add_layer(p, MC_LK_UDP, &mc_desc_udp, e))
            return -1;
    }
    if (!(l = mc_pkt_add_layer(p, MC_LK_IPV6, &mc_desc_ipv6, e)) || put_addr(l, "src", b->src, 16) ||
        put_addr(l, "dst", b->dst, 16))
        return -1;
    if (b->has_hao && (!(l = mc_pkt_add_layer(p, MC_LK_HAO, &mc_desc_hao, e)) || put_addr(l, "home", mn->cfg.hoa, 16)))
        return -1;
    return 0;
}

static int add_options(const mc_mn_bu_plan *b, mc_pkt *p, mc_layer *mh, mc_err *e)
{
    if (b->has_v4hoa) {
        /* RFC 5555 3.1.1: Prefix-len (6 bits), P, Reserved, IPv4 home address */
        uint8_t body[6] = {(uint8_t)(b->v4hoa_plen << 2), 0};
        memcpy(body + 2, b->v4hoa, 4);
        if (!mc_pkt_add_opt(p, mh, MC_OF_TLV, MC_OPT_IPV4HOA, body, sizeof body, e))
            return -1;
    }
    for (int i = 0; i < b->nbid; i++) {
        const mc_bid_view *x = &b->bid[i];
        uint8_t body[MC_BID_LEN_V6] = {0};
        mc_put16(body, x->bid);
        body[2] = x->status;
        body[3] = x->flags;
        memcpy(body + MC_BID_LEN_NOCOA, x->coa, (size_t)(x->len - MC_BID_LEN_NOCOA));
        if (!mc_pkt_add_opt(p, mh, MC_OF_TLV, MC_OPT_BID, body, x->len, e))
            return -1;
    }
    if (b->has_lla) {
        uint8_t body[9];
        body[0] = b->lla_code;
        memcpy(body + 1, b->lla, b->lla_len);
        if (!mc_pkt_add_opt(p, mh, MC_OF_TLV, MC_OPT_LLA, body, (size_t)b->lla_len + 1, e))
            return -1;
    }
    if (b->has_rr) {
        /* RFC 6275 6.1.7 / 5648 5.2: Nonce Indices, then the Binding
         * Authorization Data, which is the last option */
        uint8_t ni[4], zero[12] = {0};
        mc_put16(ni, b->hni);
        mc_put16(ni + 2, b->coni);
        if (!mc_pkt_add_opt(p, mh, MC_OF_TLV, MC_OPT_NONCE, ni, 4, e) ||
            !mc_pkt_add_opt(p, mh, MC_OF_TLV, MC_OPT_AUTH, zero, 12, e))
            return -1;
    }
    return 0;
}

/* RFC 6275 6.2.7: the authenticator covers the whole Mobility Header with
 * the Checksum as zero; build once, compute, write it into the option. */
static int authenticate(const mc_mn *mn, const mc_mn_bu_plan *b, mc_pkt *p, mc_err *e)
{
    uint8_t frame[4096], mhb[MC_MH_MAX_LEN];
    size_t len;
    if (!mn->cfg.auth)
        return 0; /* left as zeros until an authenticator is connected */
    if (mc_build(p, frame, sizeof frame, &len, e) < 0)
        return -1;
    const mc_layer *mh = &p->l[p->nlayers - 1];
    mc_opt *auth = &p->o[p->nopts - 1];
    const mc_field *csum = mc_field_by_key(mh->desc, "csum");
    if (mh->wire_len > sizeof mhb || (size_t)mh->wire_off + mh->wire_len > len) {
        mc_err_set(e, -1, "Mobility Header too long to authenticate");
        return -1;
    }
    memcpy(mhb, frame + mh->wire_off, mh->wire_len);
    memset(mhb + csum->off, 0, csum->width);
    uint8_t out[12];
    /* the care-of address registered, the home address from the home link
     * (RFC 6275 6.2.7).  The MN never de-registers at a CN (lifetime 0,
     * Kbm from the home token alone): its BUs to CNs register. */
    const uint8_t *coa = !b->has_hao ? mn->cfg.hoa : b->src;
    const uint8_t *ctok = fault(mn, MC_MNF_KBM_HOME_ONLY) ? NULL : b->coa_token;
    if (mn->cfg.auth(mn->cfg.auth_ctx, coa, b->dst, b->home_token, ctok, mhb,
                     mh->wire_len, auth->wire_off, out) < 0) {
        mc_err_set(e, -1, "authenticator callback failed");
        return -1;
    }
    memcpy(mc_opt_body(p, auth), out, 12);
    return 0;
}

int mc_mn_bu_to_pkt(const mc_mn *mn, const mc_mn_bu_plan *b, mc_pkt *p, mc_err *e)
{
    mc_pkt_init(p);
    if (add_headers(mn, b, p, e) < 0)
        return -1;
    mc_layer *mh = mc_pkt_add_layer(p, MC_LK_MH, mc_mh_desc(MC_MH_BU), e);
    if (!mh || mc_layer_put(mh, "seq", b->seq, 0) || mc_layer_put(mh, "lifetime", b->lifetime, 0))
        return -1;
    mc_put16(mh->hdr + mc_field_by_key(mh->desc, "A")->off, b->flags);
    if (add_options(b, p, mh, e) < 0)
        return -1;
    return b->has_rr ? authenticate(mn, b, p, e) : 0;
}
