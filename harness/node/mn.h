/*
 * mn.h - a mobile node's binding management with multiple care-of
 * addresses: RFC 5648 Section 5 on top of RFC 6275 Section 11.
 *
 * Pure logic, no sockets, no clock: every call takes the time `now_ms` and
 * fills an mc_mn_out with
 *   - BU plans to send (mc_mn_bu_to_pkt turns one into a packet model,
 *     mc_build into bytes; plan.ifindex and plan.from_home say where), and
 *   - events the I/O layer acts on (Neighbor Discovery for the home address,
 *     bindings registered or lost, peers that refuse MCoA, ...).
 * The outputs of one call replace those of the previous one.
 *
 * State: the home address and home agent; care-of addresses, one per
 * interface slot, each with a Binding ID kept for the slot while its
 * address comes and goes (RFC 5648 5.1); a Binding Update List per peer
 * (peer 0 is the home agent, the others correspondent nodes) with one
 * sequence number per peer shared by all its BIDs, per-BID registration
 * state and what the peer taught us (no MCoA, no bulk, no BID option).
 *
 * Named faults (mc_mn_faults[]) each break one clause.
 */
#ifndef MCOA_MN_H
#define MCOA_MN_H

#include <stdint.h>
#include "mcoa/pkt.h"
#include "bu_view.h"
#include "ba_view.h"
#include "ha_bu.h"   /* mc_fault_desc, shared by every node's fault table */

#define MC_MN_MAX_IF      8   /* care-of address slots (and so BIDs) */
#define MC_MN_MAX_PEERS   8   /* the home agent (index 0) and correspondent nodes */
#define MC_MN_MAX_PENDING 8   /* Binding Updates awaiting a BA, per peer */
#define MC_MN_MAX_BU      16  /* BU plans one call may return */
#define MC_MN_MAX_EV      32  /* events one call may return */
#define MC_MN_HA          0   /* peer index of the home agent */

/* RFC 6275 Section 12 protocol constants (ms / units of 4 s). */
#define MC_MN_INITIAL_BINDACK_TIMEOUT_MS MC_INITIAL_BINDACK_TIMEOUT_MS /* mcoa/wire.h */
#define MC_MN_MAX_BINDACK_TIMEOUT_MS MC_MAX_BINDACK_TIMEOUT_MS
#define MC_MN_MAX_RR_BINDING_LIFETIME 105u /* 420 s */

enum mc_mn_fault {
    MC_MNF_FORGET_O_BOOTSTRAP   = 1u << 0,  /* first MCoA registration without O */
    MC_MNF_NO_COA_FIRST         = 1u << 1,  /* a BID's first registration without Care-of Address field */
    MC_MNF_BID_ZERO             = 1u << 2,  /* BIDs allocated from 0 */
    MC_MNF_KEEP_MCOA_AFTER_166  = 1u << 3,  /* BID options still sent after MCOA PROHIBITED */
    MC_MNF_NO_O_AFTER_165       = 1u << 4,  /* 165 answered by a BU without O */
    MC_MNF_NO_COA_AFTER_167     = 1u << 5,  /* 167 answered without the Care-of Address field */
    MC_MNF_KEEP_BULK_AFTER_168  = 1u << 6,  /* bulk registration retried after 168 */
    MC_MNF_IGNORE_BID_STATUS    = 1u << 7,  /* BA status used over a non-zero BID option status */
    MC_MNF_NO_LEGACY_FALLBACK   = 1u << 8,  /* BA without BID option: MCoA continued */
    MC_MNF_BULK_TO_CN           = 1u << 9,  /* bulk registration to a correspondent node */
    MC_MNF_WRONG_LLA_CODE       = 1u << 10, /* home binding's Link-Layer Address option code not 2 */
    MC_MNF_ANSWER_NS_AFTER_5    = 1u << 11, /* NS for the home address answered after status 5 */
    MC_MNF_ANSWER_NS_BEFORE_BA  = 1u << 12, /* NS answered between home-binding BU and its BA */
    MC_MNF_LEAVE_HOME_WITH_H    = 1u << 13, /* BU leaving home keeps H in the BID option */
    MC_MNF_SEQ_PER_BID          = 1u << 14, /* a sequence number per BID instead of per peer */
    MC_MNF_BRR_IGNORE_BID       = 1u << 15, /* BRR's BID options ignored: only the binding of the
                                             * care-of address the BRR came to is refreshed */
    MC_MNF_DUPLICATE_BID        = 1u << 16, /* every care-of address after the first gets the first's BID */
    MC_MNF_DEREG_ONE_WITHOUT_BID = 1u << 17,/* de-registering one BID sends no BID option (removes all) */
    MC_MNF_IPV4_COA_IN_BULK     = 1u << 18, /* an IPv4 care-of address's first registration goes in bulk */
    MC_MNF_NO_HOME_REFRESH      = 1u << 19, /* the home binding is left to expire, never refreshed */
    MC_MNF_IPV4_HOA_MISSING     = 1u << 20, /* IPv4 home address configured, no IPv4 Home Address option */
    MC_MNF_BRR_STATUS_HONOURED  = 1u << 21, /* a BRR's BID option with a non-zero Status is dropped */
    MC_MNF_IGNORE_RA_SLLA       = 1u << 22, /* the default router's link-layer address from a Router
                                             * Advertisement is not learnt (home-link frames keep
                                             * the configured one) */
    MC_MNF_KBM_HOME_ONLY        = 1u << 23, /* a registering BU to a CN authorized with Kbm from the
                                             * home keygen token alone (the de-registration's) */
    MC_MNF_BA_BIDS_BY_POSITION  = 1u << 24, /* the BA's BID options read by their position, as if in
                                             * the BU's order, not by their BID */
    MC_MNF_HOME_REFRESH_NO_H    = 1u << 25, /* the refresh of a registered home binding has H clear */
    MC_MNF_NEW_BID_ON_NEW_COA   = 1u << 26, /* an interface that comes back with another care-of address
                                             * gets a new BID, not its binding's */
    MC_MNF_BA_ANY_SEQ           = 1u << 27, /* a BA answers the outstanding BU whatever its sequence number */
    MC_MNF_HOME_NO_DEREG        = 1u << 28, /* returning home (complete de-registration) de-registers one BID only */
    MC_MNF_DEREG_ALL_ONE_BID    = 1u << 29, /* de-registering every binding sends a BU with lifetime zero and the
                                             * BID option of the first registered binding (the others stay) */
    MC_MNF_RETX_SAME_SEQ        = 1u << 30  /* a retransmitted BU keeps the Sequence Number of its first
                                             * transmission */
};
/* past the int range of an enum constant */
#define MC_MNF_BA_STOPS_ALL_RETX (UINT64_C(1) << 31) /* a BA stops the retransmission of every outstanding BU
                                                     * to that peer, not only of the one it answers */
#define MC_MNF_IGNORE_BRA        (UINT64_C(1) << 32) /* a BA's Binding Refresh Advice is ignored: refreshes
                                                     * come at three quarters of the lifetime */
#define MC_MNF_O_CLEARED_ON_REJECT (UINT64_C(1) << 33) /* the bootstrapping O is dropped by a BA that rejects
                                                       * every BID of the BU, as if registered */
#define MC_MNF_DEREG_BID_AFTER_166 (UINT64_C(1) << 34) /* after MCOA PROHIBITED, de-registering a BID still sends
                                                       * its BID option */
#define MC_MNF_NO_BACKOFF        (UINT64_C(1) << 35) /* a retransmission's timeout is not doubled: every BU
                                                     * goes again after INITIAL_BINDACK_TIMEOUT */
#define MC_MNF_HOME_REG_WITH_RR  (UINT64_C(1) << 36) /* a regular home registration (no BID) carries the Nonce
                                                     * Indices and Binding Authorization Data of a BU to a CN */
#define MC_MNF_RETX_STALE_BID    (UINT64_C(1) << 37) /* a retransmission keeps a BID option without Care-of
                                                     * Address of a binding an accepted O replaced since */
#define MC_MNF_V4HOA_PLEN_ZERO   (UINT64_C(1) << 38) /* an IPv4 home address without prefix length goes in the
                                                     * IPv4 Home Address option with Prefix-len 0, not 32 */
#define MC_MNF_NEW_BID_ON_COA_AGAIN (UINT64_C(1) << 39) /* a care-of address that comes up again while up gets a
                                                        * new slot and BID */
#define MC_MNF_HOME_AGAIN_FROM_COA (UINT64_C(1) << 40) /* returning home again, the home interface's slot stays
                                                       * down: the home binding goes from a care-of address */
#define MC_MNF_135_OWN_SEQ       (UINT64_C(1) << 41) /* after 135 the BU goes again numbered after the node's
                                                     * own last number, not after the BA's */
#define MC_MNF_EXPIRED_COA_KNOWN (UINT64_C(1) << 42) /* a binding whose lifetime ran out is registered again as a
                                                     * refresh, without Care-of Address field */
#define MC_MNF_RO_AFTER_BE2      (UINT64_C(1) << 43) /* a Binding Error status 2 from a CN is only logged: its
                                                     * BUs are still retransmitted and refreshed */
#define MC_MNF_BE_WITHOUT_BUL    (UINT64_C(1) << 44) /* a Binding Error from a known peer is acted on even when
                                                     * no BU was ever sent to it */
#define MC_MNF_RR_RESENDS_LAST_BU (UINT64_C(1) << 45) /* return routability complete, the BUs to the CN go out
                                                      * with the last BU sent before, its number unchanged */
#define MC_MNF_REREG_AFTER_167_DEREG (UINT64_C(1) << 46) /* MCOA UNKNOWN COA (167) to the de-registration of a
                                                         * BID taken as to a refresh: the BID is registered again */
#define MC_MNF_NO_ND_AFTER_RETURN_HOME (UINT64_C(1) << 47) /* returning home (complete de-registration), the home
                                                           * address is never defended by Neighbor Discovery */
#define MC_MNF_BA_ANY_HOA        (UINT64_C(1) << 48) /* a BA is taken whatever home address its type 2 routing
                                                     * header carries */
#define MC_MNF_O_ON_EVERY_BOOTSTRAP_BU (UINT64_C(1) << 49) /* bootstrapping, every BU has O, even one sent while
                                                           * an O BU is unanswered (it replaces that one's binding) */
#define MC_MNF_BU_FROM_GONE_COA  (UINT64_C(1) << 50) /* a BU for several BIDs or without BID is sent from the first
                                                     * care-of address, even one that went away */
#define MC_MNF_RETX_SUPERSEDED (UINT64_C(1) << 51) /* a BU a newer one for its binding superseded is sent again;
                                                   * with MC_MN_MAX_PENDING BUs unanswered, a new BU is sent
                                                   * but not remembered: never retransmitted, its BA ignored */
#define MC_MNF_LEAVE_HOME_WRONG_BID (UINT64_C(1) << 53) /* leaving home, the BID of the first care-of address is
                                                            * de-registered instead of the home binding's */
#define MC_MNF_BE_KEEPS_COA_KNOWN (UINT64_C(1) << 54) /* after a Binding Error 1 from the home agent, the bindings
                                                        * are registered again as refreshes (no Care-of Address) */
#define MC_MNF_RETX_FROM_GONE_COA (UINT64_C(1) << 55) /* a BU is retransmitted as it was first sent, from its
                                                       * care-of address even after that address went away */
#define MC_MNF_CN_BA_UNCHECKED   (UINT64_C(1) << 56) /* a BA from a correspondent node is taken without checking
                                                     * its Binding Authorization Data */
#define MC_MNF_O_CLEARS_LATER    (UINT64_C(1) << 58) /* an accepted O BU clears every binding it did not carry,
                                                     * even one a later BU registered whose BA came first */
#define MC_MNF_NONCE_BA_NEEDS_AUTH (UINT64_C(1) << 59) /* a BA 136-138 from a correspondent node is ignored for
                                                         * lack of Binding Authorization Data */
#define MC_MNF_NO_RETX_TO_CN     (UINT64_C(1) << 57) /* a BU to a correspondent node is never retransmitted (the
                                                     * retransmission timer runs for the home agent only) */
#define MC_MNF_BA_NEEDS_RH2      (UINT64_C(1) << 52) /* a BA without type 2 routing header is ignored: at home,
                                                     * where the BA comes to the home address without one */
#define MC_MNF_DEREG_KEEPS_COA_KNOWN (UINT64_C(1) << 60) /* after an accepted de-registration of one BID, the
                                                           * next registration of it is a refresh (no Care-of
                                                           * Address) */
#define MC_MNF_STOP_MCOA_EVERYWHERE (UINT64_C(1) << 61) /* MCOA PROHIBITED, or a BA without BID option, from one
                                                          * node stops multiple bindings with every node, the
                                                          * home agent included */
#define MC_MNF_SECOND_COA_REPLACES (UINT64_C(1) << 62) /* a second care-of address on an interface whose
                                                         * address is up takes over that binding (its BID)
                                                         * instead of a BID of its own */
#define MC_MNF_CN_135_UNCHECKED (UINT64_C(1) << 63) /* a BA 135 from a correspondent node, numbered with its
                                                      * last accepted Sequence Number, is taken without
                                                      * checking its authenticator */
extern const mc_fault_desc mc_mn_faults[];
extern const size_t mc_mn_nfaults;
uint64_t mc_mn_fault_bit(const char *name); /* 0 if unknown */

/* Authenticator of a BU to a correspondent node (RFC 6275 5.2.6, 6.2.7):
 * First(96, HMAC_SHA1(Kbm, care-of address | correspondent | MH Data)),
 * Kbm = SHA1(home keygen token | care-of keygen token), or SHA1(home
 * keygen token) alone when `coa_token` is NULL (de-registration).  `coa` is
 * the care-of address registered, the home address when deleting.  `mh` is
 * the whole Mobility Header with its Checksum and the 12 authenticator bytes
 * zero; `auth_off` is the offset of the Binding Authorization Data option's
 * Type byte in it.  Returns 0 and fills `out`, or -1.  rr.h's mc_rr_mn_auth
 * has this signature. */
typedef int (*mc_mn_auth_fn)(void *ctx, const uint8_t coa[16], const uint8_t cn[16],
                             const uint8_t home_token[8], const uint8_t *coa_token,
                             const uint8_t *mh, size_t mh_len, size_t auth_off, uint8_t out[12]);

typedef struct mc_mn_config {
    uint8_t hoa[16];             /* home address */
    uint8_t ha[16];              /* home agent address */
    uint8_t home_prefix[16];
    uint8_t home_plen;
    uint8_t ha_v4[4];            /* IPv4 home agent address (RFC 5555, RFC 5648 Section 8) */
    uint8_t has_ha_v4;
    uint8_t v4hoa[4];            /* IPv4 home address (RFC 5555 3.1.1, RFC 5648 8.2) */
    uint8_t has_v4hoa;           /*   carried in every home registration */
    uint8_t v4hoa_plen;          /*   its Prefix-len; 0: a single address, sent as 32 */
    uint8_t ha_lla[6];           /* the HA's link-layer address: frames from the home link */
    uint8_t has_ha_lla;          /*   carry their own Ethernet header (RFC 5648 5.6.2) */
    uint16_t lifetime;           /* requested, units of 4 s (RFC 6275 6.1.7) */
    uint8_t bulk;                /* register all care-of addresses in one BU (RFC 5648 5.3) */
    uint8_t simultaneous_home;   /* return home keeping foreign links (5.6), else 5.5 */
    uint8_t coa_on_refresh;      /* keep the Care-of Address field in refreshes (5.1: optional) */
    uint8_t coa_on_dereg;        /* keep it in de-registrations (5.4: optional) */
    uint64_t faults;
    mc_mn_auth_fn auth;          /* NULL: the authenticator is sent as zeros; mc_rr_mn_auth (rr.h) */
    void *auth_ctx;
} mc_mn_config;
void mc_mn_config_default(mc_mn_config *c);

/* A care-of address slot: an interface (or one prefix on it, 5.1 case 2). */
typedef struct mc_mn_if {
    uint8_t used;          /* holds a BID, kept while the address comes and goes */
    uint8_t up;            /* a care-of address is configured */
    uint8_t family;        /* 6, or 4 for an IPv4 care-of address (Section 8) */
    int ifindex;
    uint16_t bid;
    uint8_t coa[16];       /* IPv6, or IPv4 in the first 4 bytes */
    uint8_t lla_len;
    uint8_t lla[8];        /* the interface's link-layer address */
} mc_mn_if;

enum mc_mn_bstate { MC_MN_BS_NONE = 0, MC_MN_BS_PENDING, MC_MN_BS_REGISTERED, MC_MN_BS_FAILED };

/* One BID in one peer's Binding Update List entry. */
typedef struct mc_mn_bul_bid {
    uint8_t state;         /* enum mc_mn_bstate */
    uint8_t coa_known;     /* the peer accepted a Care-of Address field for the current address */
    uint8_t home;          /* registered as the home binding (H, RFC 5648 5.6) */
    uint8_t last_status;   /* last effective status */
    uint16_t seq;          /* only used by the mn-seq-per-bid fault */
    uint16_t reg_seq;      /* Sequence Number of the BU its last acceptance answered */
    uint16_t ba_seq;       /* Sequence Number of the newest BU for it whose BA was taken */
    uint8_t has_ba_seq;
    uint64_t expires_ms, refresh_ms;
} mc_mn_bul_bid;

/* A BU to send, as fields; mc_mn_bu_to_pkt builds the packet. */
typedef struct mc_mn_bu_plan {
    uint8_t peer;          /* index in mc_mn.peers */
    int ifindex;           /* interface to send on (-1: any) */
    int8_t slot;           /* care-of address slot it is sent from (-1: the home address) */
    uint8_t src[16], dst[16];
    uint8_t has_hao;       /* Home Address option (away from home) */
    uint8_t from_home;     /* sent from the home link, source the home address, no ND (5.6.2) */
    uint8_t udp_encap;     /* IPv4 care-of address: IPv4/UDP encapsulation (Section 8, Figure 9) */
    uint8_t v4src[4], v4dst[4];
    uint8_t mac_src[6];    /* from_home with the HA's link-layer address known */
    uint16_t seq, flags, lifetime;
    int nbid;
    mc_bid_view bid[MC_MN_MAX_IF];   /* bid, flags (H), len 4/8/20, coa */
    uint8_t has_lla;       /* MH Link-Layer Address option (RFC 5568 6.4.3) */
    uint8_t lla_code, lla_len, lla[8];
    uint8_t has_v4hoa;     /* IPv4 Home Address option (RFC 5555 3.1.1) */
    uint8_t v4hoa_plen, v4hoa[4];
    uint8_t has_rr;        /* to a CN: Nonce Indices and Binding Authorization Data */
    uint16_t hni, coni;
    uint8_t home_token[8], coa_token[8];
} mc_mn_bu_plan;

enum mc_mn_event_kind {
    MC_MN_EV_REGISTERED = 1, /* bid (0: binding without BID) accepted, status 0/1/4/5 */
    MC_MN_EV_DEREGISTERED,   /* bid (0: all) removed at the peer */
    MC_MN_EV_REJECTED,       /* bid refused with `status`, not retried (RFC 6275 11.7.3) */
    MC_MN_EV_MALFORMED,      /* 164: a BID option was malformed; logged, not retried */
    MC_MN_EV_EXPIRED,        /* bid's lifetime ran out before a refresh was accepted */
    MC_MN_EV_TIMEOUT,        /* no BA after MAX_BINDACK_TIMEOUT (RFC 6275 11.8) */
    MC_MN_EV_ND_HOME_OFF,    /* do not run ND / answer NS for the home address (5.6.3) */
    MC_MN_EV_ND_HOME_ON,     /* ND for the home address allowed again (5.6.4) */
    MC_MN_EV_PEER_NO_MCOA,   /* 166: one binding, no BID option, with this peer from now on */
    MC_MN_EV_PEER_NO_BULK,   /* 168: no bulk registration with this peer */
    MC_MN_EV_PEER_LEGACY,    /* BA without BID option: the peer does not do MCoA (5.7);
                              * for the home agent the MN MAY look for another one */
    MC_MN_EV_HOME_ONLY,      /* home binding answered without BID option: use only the home
                              * interface (RFC 5648 6.3, last bullet) */
    MC_MN_EV_NEED_RR,        /* a CN BU needs keygen tokens (return routability) for bid */
    MC_MN_EV_BINDING_ERROR,  /* Binding Error `status` from the peer (RFC 6275 11.3.6) */
    MC_MN_EV_PEER_NO_RO      /* BE status 2: no more BUs to this CN */
};

typedef struct mc_mn_event {
    uint8_t kind;          /* enum mc_mn_event_kind */
    uint8_t peer;
    uint16_t bid;
    uint8_t status;
    uint8_t addr[16];      /* the peer's address */
} mc_mn_event;

typedef struct mc_mn_out {
    int nbu;
    mc_mn_bu_plan bu[MC_MN_MAX_BU];
    int nev;
    mc_mn_event ev[MC_MN_MAX_EV];
    int dropped;           /* plans or events that did not fit */
} mc_mn_out;

/* A BU sent and not yet acknowledged (RFC 6275 11.8 retransmission). */
typedef struct mc_mn_pending {
    uint8_t used;
    mc_mn_bu_plan bu;
    uint64_t retx_ms;
    uint32_t backoff_ms;
    uint32_t superseded;   /* bit i: bu.bid[i] went in a newer BU (all bits: a
                            * BU without BID by a newer one): not sent again */
} mc_mn_pending;

enum { MC_MN_NEED_O_BOOTSTRAP = 1, MC_MN_NEED_O_165 = 2 };

typedef struct mc_mn_peer {
    uint8_t used, is_ha;
    uint8_t addr[16];
    uint16_t seq;          /* last Sequence Number sent, one per peer (RFC 6275 11.7.1, 5648 5.2) */
    uint8_t need_o;        /* set O: MC_MN_NEED_O_BOOTSTRAP no MCoA registration accepted yet (5.9), MC_MN_NEED_O_165 a
                              binding without BID at the peer (5.7) */
    uint8_t no_mcoa;       /* 166 */
    uint8_t no_bulk;       /* 168 */
    uint8_t legacy;        /* BA without BID option */
    uint8_t no_ro;         /* BE status 2 from a CN */
    mc_mn_bul_bid legacy_b;/* the binding without BID (RFC 6275) */
    uint8_t legacy_slot;   /* its care-of address slot */
    mc_mn_bul_bid b[MC_MN_MAX_IF];  /* by slot */
    mc_mn_pending pend[MC_MN_MAX_PENDING];
    /* return routability state, CN only (RFC 6275 5.2.5); care-of keygen
     * tokens per care-of address (RFC 5648 5.2) */
    uint8_t has_home_token;
    uint16_t hni;
    uint8_t home_token[8];
    uint8_t has_coa_token[MC_MN_MAX_IF];
    uint16_t coni[MC_MN_MAX_IF];
    uint8_t coa_token[MC_MN_MAX_IF][8];
} mc_mn_peer;

enum mc_mn_nd { MC_MN_ND_AWAY = 0, MC_MN_ND_WAIT_BA, MC_MN_ND_ALLOWED, MC_MN_ND_FORBIDDEN };

typedef struct mc_mn {
    mc_mn_config cfg;
    mc_mn_if ifs[MC_MN_MAX_IF];
    uint16_t next_bid;
    mc_mn_peer peers[MC_MN_MAX_PEERS];
    uint8_t at_home;       /* attached to the home link by home_slot */
    int home_slot;
    uint8_t nd;            /* enum mc_mn_nd: ND for the home address on the home link */
    uint8_t router_lla[6]; /* the default router's link-layer address, learnt from the Source */
    uint8_t has_router_lla;/*   Link-Layer Address option of a Router Advertisement (5.6.4) */
    uint64_t bu_sent, ba_seen;
} mc_mn;

void mc_mn_init(mc_mn *mn, const mc_mn_config *cfg);

/* ---- care-of addresses (RFC 5648 5.1) -----------------------------------
 * An address comes up on an interface: the slot of that interface keeps its
 * BID (a new address on it replaces the old one, which must be sent again
 * in a Care-of Address field); a second address on an interface whose
 * address is still up gets a new slot.  Returns the BID, or -1. */
int mc_mn_coa_up(mc_mn *mn, int ifindex, int family, const uint8_t *addr,
                 const uint8_t *lla, uint8_t lla_len);
/* The address of the interface went away; its BID is kept. */
void mc_mn_coa_down(mc_mn *mn, int ifindex);
int mc_mn_bid_of(const mc_mn *mn, int ifindex);   /* -1 if none */
int mc_mn_home_bid(const mc_mn *mn, int home_ifindex); /* the home interface's BID, the one leaving home de-registers */

/* ---- home registration actions (peer MC_MN_HA) --------------------------
 * Each returns the number of BU plans in `out` (or -1 on a bad argument). */
int mc_mn_register(mc_mn *mn, uint16_t bid, uint64_t now, mc_mn_out *out);
int mc_mn_register_all(mc_mn *mn, uint64_t now, mc_mn_out *out);
int mc_mn_deregister(mc_mn *mn, uint16_t bid, uint64_t now, mc_mn_out *out);
int mc_mn_deregister_all(mc_mn *mn, uint64_t now, mc_mn_out *out);
/* The bindings of n BIDs in one BU, or one BU each when the home agent
 * refused bulk registration (RFC 5648 5.4, 5.7).  The caller passes 1 to
 * MC_MN_MAX_IF BIDs, each once; -1 when one names no binding. */
int mc_mn_deregister_bids(mc_mn *mn, const uint16_t *bids, int n, uint64_t now, mc_mn_out *out);
/* Attached to the home link through `ifindex` whose link-layer address is
 * `lla` (for the MH Link-Layer Address option); RFC 5648 5.5 (complete
 * de-registration) or 5.6 (home binding, H) by cfg.simultaneous_home. */
int mc_mn_return_home(mc_mn *mn, int ifindex, const uint8_t *lla, uint8_t lla_len, uint64_t now,
                      mc_mn_out *out);
/* Detached from the home link: BU for a foreign care-of address (the home
 * interface's if it has one, else the first up), H clear (5.6.5). */
int mc_mn_leave_home(mc_mn *mn, uint64_t now, mc_mn_out *out);

/* A Router Advertisement on the home link gave the default router's
 * link-layer address (its Source Link-Layer Address option): frames sent
 * from the home link without Neighbor Discovery go to it from now on,
 * instead of cfg.ha_lla (RFC 5648 5.6.4: the mobile node MUST learn the
 * link-layer address of the next hop from Router Advertisements), until
 * mc_mn_leave_home forgets it.  Returns
 * 1 if learnt, 0 if not (fault mn-ignore-ra-slla). */
int mc_mn_learn_router_lla(mc_mn *mn, const uint8_t mac[6]);

/* ---- correspondent nodes (route optimization) ---------------------------- */
int mc_mn_cn_add(mc_mn *mn, const uint8_t cn[16]);   /* peer index, or -1 */
int mc_mn_cn_home_token(mc_mn *mn, const uint8_t cn[16], uint16_t hni, const uint8_t token[8]);
int mc_mn_cn_coa_token(mc_mn *mn, const uint8_t cn[16], uint16_t bid, uint16_t coni, const uint8_t token[8]);
/* One BU per care-of address with tokens, never bulk (RFC 5648 5.3). */
int mc_mn_cn_register(mc_mn *mn, const uint8_t cn[16], uint64_t now, mc_mn_out *out);

/* ---- received messages ------------------------------------------------------
 * mc_mn_input dispatches a dissected BA, BRR or BE; returns -1 if the
 * packet is none of them or is not for this mobile node. */
int mc_mn_input(mc_mn *mn, const mc_dissection *d, uint64_t now, mc_mn_out *out);
int mc_mn_on_ba(mc_mn *mn, const mc_ba_view *ba, uint64_t now, mc_mn_out *out);
int mc_mn_on_brr(mc_mn *mn, const mc_ba_view *brr, uint64_t now, mc_mn_out *out);
int mc_mn_on_be(mc_mn *mn, const mc_ba_view *be, uint64_t now, mc_mn_out *out);

/* ---- time -------------------------------------------------------------------
 * Retransmissions (RFC 6275 11.8), refreshes before expiry (11.7.1),
 * expiries.  mc_mn_next_deadline: the earliest time tick has work, or
 * UINT64_MAX. */
int mc_mn_tick(mc_mn *mn, uint64_t now, mc_mn_out *out);
uint64_t mc_mn_next_deadline(const mc_mn *mn);

/* May the I/O layer answer Neighbor Solicitations for `addr`?  Always for
 * addresses other than the home address; for the home address only when
 * at home and ND is allowed (RFC 5648 5.6.3 / 5.6.4, RFC 6275 11.5.4). */
int mc_mn_may_answer_ns(const mc_mn *mn, const uint8_t addr[16]);

/* The BU as a packet model ready for mc_build.  For a CN the authenticator
 * is computed through cfg.auth over the built Mobility Header. */
int mc_mn_bu_to_pkt(const mc_mn *mn, const mc_mn_bu_plan *bu, mc_pkt *p, mc_err *e);

#endif
