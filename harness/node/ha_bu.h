/*
 * ha_bu.h - a home agent's Binding Update processing: RFC 6275 9.5.1 / 10.3.1
 * validation, then RFC 5648 6.2 (Binding Identifier options), 5.6 / 6.3
 * (home binding with the H flag) and the BA it answers with.
 *
 * Pure logic: a BU view in, a BA plan out, the binding cache updated.  The
 * node's I/O, the in-process benchmark and the tests all call the same
 * function.  Named faults (mc_ha_faults[]) make it break one clause each.
 */
#ifndef MCOA_HA_BU_H
#define MCOA_HA_BU_H

#include <stdint.h>
#include "bcache.h"
#include "bu_view.h"

/* Faults: each breaks exactly one RFC rule (see mc_ha_faults[] for the clause). */
enum mc_ha_fault {
    MC_HAF_NO_BID_COPY        = 1u << 0,  /* BA carries no BID options */
    MC_HAF_ACCEPT_BAD_LENGTH  = 1u << 1,  /* BID length not 4/8/20 accepted */
    MC_HAF_ACCEPT_BAD_COA     = 1u << 2,  /* non unicast routable CoA accepted */
    MC_HAF_IGNORE_O           = 1u << 3,  /* O set: bindings added, not replaced */
    MC_HAF_NO_165             = 1u << 4,  /* O clear over a non-MCoA binding: accepted with 0 */
    MC_HAF_DEREG_UNKNOWN_OK   = 1u << 5,  /* de-registering an unknown BID: 0, not 133 */
    MC_HAF_NO_167             = 1u << 6,  /* unknown BID without CoA: accepted, not 167 */
    MC_HAF_NOTCOMPLETE_AS_0   = 1u << 7,  /* bulk partly rejected: BA status 0, not 4 */
    MC_HAF_LEGACY_KEEPS_ALL   = 1u << 8,  /* BU without BID: MCoA bindings kept, not replaced */
    MC_HAF_LEGACY_DEREG_KEEPS = 1u << 9,  /* de-registration without BID: bindings kept */
    MC_HAF_NO_166             = 1u << 10, /* MCoA prohibited by policy, still accepted */
    MC_HAF_NO_168             = 1u << 11, /* bulk prohibited by policy, still accepted */
    MC_HAF_NO_169             = 1u << 12, /* simultaneous home and foreign prohibited, still accepted */
    MC_HAF_RETURNHOME_STATUS  = 1u << 13, /* home binding answered 5 when configured 0 and vice versa */
    MC_HAF_BID_STATUS_NONZERO = 1u << 14, /* success: BID option status copied from the BU, not zeroed */
    MC_HAF_NO_COA_UPDATE      = 1u << 15, /* same BID, new CoA: old CoA kept */
    MC_HAF_SEQ_IGNORED        = 1u << 16, /* sequence number not checked (no 135) */
    MC_HAF_DEREG_DELETES_ALL  = 1u << 17, /* lifetime 0 with a BID: every binding deleted, not that BID's */
    MC_HAF_NO_132             = 1u << 18, /* home address outside the home prefix accepted (no 132) */
    MC_HAF_ACCEPT_BAD_CSUM    = 1u << 19, /* BU with a wrong MH checksum processed, not discarded */
    MC_HAF_REJECT_V4_BID      = 1u << 20, /* BID option of length 8 (IPv4 care-of address) rejected with 164 */
    MC_HAF_HOME_AS_DEREG      = 1u << 21, /* home binding (BID with H) taken as RFC 6275 de-registration */
    MC_HAF_HAO_CHECK_ON_BU    = 1u << 22, /* 6.5 source check applied to a BU: new care-of address refused */
    MC_HAF_NO_BINDING_ERROR   = 1u << 23, /* HAO from an unregistered care-of address: no Binding Error */
    MC_HAF_NO_INTERCEPT       = 1u << 24, /* packets for the home address not intercepted and tunnelled */
    MC_HAF_REVERSE_ONE_COA    = 1u << 25, /* reverse tunnel accepted from one care-of address only */
    MC_HAF_BRR_WITHOUT_BID    = 1u << 26, /* Binding Refresh Request sent without the BID options */
    MC_HAF_NO_REFRESH         = 1u << 27, /* length-4 BID option of a known BID rejected with 167 */
    MC_HAF_RESERVED_ECHOED    = 1u << 28, /* BU's BID Reserved bits copied into the BA, not zeroed */
    MC_HAF_BA_BID_COA         = 1u << 29, /* the BA's BID options keep the Care-of Address field */
    MC_HAF_V4ACK_AFTER_BID    = 1u << 30  /* IPv4 Address Acknowledgement option after the BID options */
};
/* Past bit 30 (an enum constant is an int): the fault bitsets are 64 bits. */
#define MC_HAF_NO_V4ACK          (UINT64_C(1) << 31) /* IPv4 home address registration without IPv4 Address Acknowledgement */
#define MC_HAF_V4_STATUS_IN_BID  (UINT64_C(1) << 32) /* IPv4 home address status in the BID options, not in the ack */
#define MC_HAF_SEQ_NO_WRAP       (UINT64_C(1) << 33) /* sequence numbers compared as integers, not modulo 2^16 */
#define MC_HAF_SEQ_ON_REJECT     (UINT64_C(1) << 34) /* a BU rejected for its BID options still moves the sequence number */
#define MC_HAF_DEREG_FIRST_ONLY  (UINT64_C(1) << 35) /* a de-registration deletes the first listed BID only */
#define MC_HAF_DEREG_HONOURS_O   (UINT64_C(1) << 36) /* O in a de-registration deletes every binding */
#define MC_HAF_O_CLEARS_REJECTED (UINT64_C(1) << 37) /* O clears the bindings even when every BID option is rejected */
#define MC_HAF_DEREG_PARTIAL     (UINT64_C(1) << 38) /* a de-registration with an unknown BID deletes the known ones before answering 133 */
#define MC_HAF_O_BEFORE_LOOKUP   (UINT64_C(1) << 39) /* O clears the bindings before the BID options are looked up (a length-4 BID becomes 167) */
#define MC_HAF_CACHE_KEY_SHORT   (UINT64_C(1) << 40) /* the binding cache is keyed by the home address less its last byte */
#define MC_HAF_BA_ONLY_WITH_A    (UINT64_C(1) << 41) /* an accepted home registration without A gets no BA */
#define MC_HAF_REVERSE_ANY_SRC   (UINT64_C(1) << 42) /* reverse tunnel decapsulated whatever its outer source */
#define MC_HAF_NO_EXPIRY         (UINT64_C(1) << 43) /* bindings outlive their lifetime */
#define MC_HAF_COA_HOA_NOT_DEREG (UINT64_C(1) << 44) /* a BU without BID whose care-of address is the home address registers it */
#define MC_HAF_V4ACK_PLEN_FAIL   (UINT64_C(1) << 45) /* a failed IPv4 Address Acknowledgement carries the prefix length */
#define MC_HAF_NON_HOME_BU       (UINT64_C(1) << 46) /* a BU without H (no authorization data) registered as a home registration */
#define MC_HAF_HAO_FIRST_COA     (UINT64_C(1) << 47) /* a packet with a Home Address option checked against the first binding only */
#define MC_HAF_SEQ_NOT_BY_DEREG  (UINT64_C(1) << 48) /* a de-registration with BID options does not record its sequence number */
#define MC_HAF_SEQ_NOT_BY_LEGACY (UINT64_C(1) << 49) /* a BU without BID option does not record its sequence number */
#define MC_HAF_BA_NOT_TO_LLA     (UINT64_C(1) << 54) /* the BA to a mobile node at home goes to the broadcast address, not to its MH Link-Layer Address */
#define MC_HAF_V4ACK_STICKY      (UINT64_C(1) << 52) /* a BA without IPv4 Home Address request repeats the last IPv4 Address Acknowledgement */
#define MC_HAF_REJECT_KEEPS_STATUS (UINT64_C(1) << 51) /* a de-registration whose every BID option is malformed: 164, the BID statuses left at 164 */
#define MC_HAF_REVERSE_AFTER_DEREG (UINT64_C(1) << 50) /* the reverse-tunnel check also matches the care-of address of the binding deleted last */
#define MC_HAF_IGNORE_ALTCOA     (UINT64_C(1) << 53) /* a BU without BID: the Alternate Care-of Address option is ignored (the source is the care-of address) */
#define MC_HAF_EXPIRY_TAKES_ALL  (UINT64_C(1) << 55) /* the first binding of a home address to expire takes the others with it */
#define MC_HAF_REVERSE_FIRST_COA (UINT64_C(1) << 56) /* the reverse-tunnel check looks at the entry's first binding only */

typedef struct mc_fault_desc {
    const char *name;     /* --fault NAME */
    uint64_t bit;
    const char *clause;   /* e.g. "RFC5648 6.2" */
    const char *what;     /* the rule it breaks */
} mc_fault_desc;
extern const mc_fault_desc mc_ha_faults[];
extern const size_t mc_ha_nfaults;
/* Bit for a fault name in a node's table, 0 if unknown (every node uses it). */
uint64_t mc_fault_bit(const mc_fault_desc *t, size_t n, const char *name);
/* Bit for a fault name, 0 if unknown. */
uint64_t mc_ha_fault_bit(const char *name);

typedef struct mc_ha_config {
    uint8_t home_prefix[16];
    uint8_t home_plen;
    uint16_t max_lifetime;       /* units of 4 s (RFC 6275 6.1.7) */
    uint8_t allow_mcoa;          /* else 166 */
    uint8_t allow_bulk;          /* else 168 */
    uint8_t allow_simultaneous;  /* else 169 */
    uint8_t returnhome_status;   /* 0 or 5 (RFC 5648 6.3) */
    uint8_t has_v4_prefix;       /* IPv4 home addresses offered (RFC 5555), from: */
    uint8_t v4_prefix[4];
    uint8_t v4_plen;
    uint64_t faults;
} mc_ha_config;
void mc_ha_config_default(mc_ha_config *c);

typedef struct mc_ha {
    mc_ha_config cfg;
    mc_bcache bc;
    uint64_t bu_seen, ba_sent;
    /* fault ha-v4ack-sticky only: the last IPv4 Address Acknowledgement sent
     * (v4ack, status, plen, address) */
    uint8_t sticky_v4ack[7];
} mc_ha;

/* The BA to send back, as fields; mc_ba_plan_to_pkt builds the packet. */
typedef struct mc_ba_plan {
    uint8_t send;          /* 0: no BA (discarded, or the fault ha-ba-only-with-a) */
    uint8_t status;
    uint16_t seq, lifetime;
    int nbid;
    mc_bid_view bid[MC_VIEW_MAX_BID];  /* copied from the BU, statuses set */
    uint8_t binding_error; /* the BU was discarded with a Binding Error (fault ha-hao-check-on-bu only) */
    uint8_t bid_coa;       /* copy the Care-of Address fields into the BA (fault ha-ba-bid-coa only) */
    /* IPv4 Address Acknowledgement (RFC 5555 3.2.1, RFC 5648 8.2): the BU
     * carried an IPv4 Home Address option */
    uint8_t v4ack;
    uint8_t v4ack_status;  /* MC_V4ACK_* */
    uint8_t v4ack_plen;
    uint8_t v4ack_addr[4];
    uint8_t v4ack_after_bid; /* fault ha-v4ack-after-bid only */
} mc_ba_plan;

/* IPv4 Address Acknowledgement Status values, RFC 5555 3.2.1. */
enum mc_v4ack_status {
    MC_V4ACK_SUCCESS          = 0,
    MC_V4ACK_FAILURE          = 128, /* reason unspecified */
    MC_V4ACK_PROHIBITED       = 129, /* administratively prohibited */
    MC_V4ACK_INCORRECT_HOA    = 130, /* incorrect IPv4 home address */
    MC_V4ACK_INVALID_ADDR     = 131, /* invalid IPv4 address */
    MC_V4ACK_NO_DYNAMIC       = 132  /* dynamic IPv4 home address assignment not available */
};

int mc_ha_init(mc_ha *ha, const mc_ha_config *cfg, size_t expected_mn);
void mc_ha_free(mc_ha *ha);
/* Process one BU at time now_ms; fills `ba`.  Returns the BA status. */
int mc_ha_process_bu(mc_ha *ha, const mc_bu_view *bu, uint64_t now_ms, mc_ba_plan *ba);

/* The data path's decisions (mcoa-ha does the I/O), each with its fault. */
/* RFC 5648 5.6.2 / RFC 6275 10.4.1: the binding packets for `hoa` are
 * tunnelled to: a foreign one, the most recently refreshed (RFC 5648 leaves
 * the choice open, 6.1); NULL = not intercepted. */
/* Deletes the bindings whose lifetime has ended (RFC 6275 10.3.1: the
 * Lifetime granted); returns how many. */
size_t mc_ha_expire(mc_ha *ha, uint64_t now_ms);
const mc_binding *mc_ha_tunnel_binding(mc_ha *ha, const uint8_t hoa[16]);
/* RFC 5648 6.5: may a packet with a Home Address option `hoa` come from `src`?
 * 0 = discard it and answer a Binding Error. */
int mc_ha_hao_ok(mc_ha *ha, const uint8_t hoa[16], const uint8_t src[16], uint64_t now_ms);
/* RFC 5648 9.3.1: is a reverse-tunnelled packet of `hoa` from outer source `src` decapsulated? */
int mc_ha_reverse_ok(mc_ha *ha, const uint8_t hoa[16], const uint8_t src[16]);
/* RFC 6275 9.2: is a BU whose MH checksum is (not) right processed? */
int mc_ha_checksum_accept(const mc_ha *ha, int csum_ok);
/* RFC 5648 6.3: the Ethernet destination of the BA to a mobile node at home
 * (no Home Address option) that sent its link-layer address in an MH
 * Link-Layer Address option: 1 and `mac` set, else 0 (sent the usual way). */
int mc_ha_ba_link_dst(const mc_ha *ha, const mc_bu_view *bu, uint8_t mac[6]);
/* RFC 5648 6.4: a Binding Refresh Request is due for the bindings with a BID
 * of `mn` expiring within before_ms (each marked as asked).  Returns how many
 * are due; their BIDs, to carry in the BRR, in bids[] (*nbids of them). */
int mc_ha_brr_due(mc_ha *ha, mc_bc_mn *mn, uint64_t now_ms, uint64_t before_ms, uint16_t *bids, int max, int *nbids);

/* The BA as a packet model: IPv6 from `ha_addr` to the care-of address the
 * BU came from, Type 2 Routing Header to the home address when away
 * (RFC 6275 6.1.8, 9.5.4), BA with the plan's BID options. */
int mc_ba_plan_to_pkt(const mc_ba_plan *ba, const mc_bu_view *bu, mc_pkt *p, mc_err *e);

#endif
