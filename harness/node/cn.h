/*
 * cn.h - a correspondent node's protocol core: the return routability
 * procedure (RFC 6275 5.2, 9.4), Binding Update processing (RFC 6275 9.5.1
 * with RFC 5648 6.2 Binding Identifier options), the Binding
 * Acknowledgement it answers with (RFC 6275 9.5.4) and the check of RFC 5648
 * 6.5 on packets carrying a Home Address option.
 *
 * Pure logic: views in, packet models (mc_pkt) out, time given as now_ms.
 * No sockets.  Named faults (mc_cn_faults[]) make it break one clause each.
 */
#ifndef MCOA_CN_H
#define MCOA_CN_H

#include <stdint.h>
#include "bcache.h"
#include "bu_view.h"
#include "ha_bu.h"   /* mc_fault_desc, mc_ba_plan */
#include "rr.h"
#include "mcoa/dissect.h"

/* Faults: each breaks exactly one RFC rule (see mc_cn_faults[] for the clause). */
enum mc_cn_fault {
    MC_CNF_ACCEPT_BULK        = 1u << 0, /* several BID options accepted, not 168 */
    MC_CNF_STATUS_IN_BID      = 1u << 1, /* rejection status put in the BID options, BA status 4 */
    MC_CNF_NO_BID_IN_COT      = 1u << 2, /* CoT without the CoTI's BID option */
    MC_CNF_NO_BID_COPY        = 1u << 3, /* BA without the BU's BID options */
    MC_CNF_NO_AUTH_CHECK      = 1u << 4, /* wrong authenticator accepted */
    MC_CNF_ACCEPT_BAD_LENGTH  = 1u << 5, /* BID length not 4/20 accepted, not 164 */
    MC_CNF_NO_BINDING_ERROR   = 1u << 6, /* RFC 5648 6.5: unknown CoA accepted, no BE */
    MC_CNF_CHECK_BU_SOURCE    = 1u << 7, /* RFC 5648 6.5 check applied to BUs: a new CoA dropped */
    MC_CNF_ACCEPT_OLD_NONCE   = 1u << 8, /* expired nonce index accepted, not 136/137/138 */
    MC_CNF_BA_NO_AUTH         = 1u << 9, /* BA without Binding Authorization Data */
    MC_CNF_DEREG_KEEPS        = 1u << 10, /* lifetime 0 for a BID: binding kept */
    MC_CNF_HOT_COOKIE         = 1u << 11, /* HoT without the HoTI's cookie (RFC 6275 9.4.3) */
    MC_CNF_BID_STATUS_USED    = 1u << 12, /* a BU's BID option Status not ignored: non-zero -> 164 */
    MC_CNF_BID_RESERVED       = 1u << 13, /* CoT BID option copies the CoTI's H flag and Reserved bits */
    MC_CNF_ACCEPT_UNROUTABLE  = 1u << 14, /* BID Care-of Address not checked unicast routable, not 164 */
    MC_CNF_DEREG_UNKNOWN_OK   = 1u << 15, /* lifetime 0 for an unknown BID accepted, not 133 */
    MC_CNF_LEGACY_KEEPS_BIDS  = 1u << 16, /* BU without BID option leaves the BID bindings */
    MC_CNF_NO_REFRESH         = 1u << 17, /* length-4 BID of a known binding rejected 167, not refreshed */
    MC_CNF_NON_MCOA_OVERWRITE = 1u << 18, /* O clear over a binding without BID processed, not 165 */
    MC_CNF_COA_UPDATE_IGNORED = 1u << 19, /* known BID with a new CoA: acknowledged, old CoA kept */
    MC_CNF_LOOKUP_HOA_ONLY    = 1u << 20, /* de-registration deletes the home address's first binding, whatever its BID */
    MC_CNF_NO_RO              = 1u << 21, /* packets to a bound home address sent directly, no Type 2 RH */
    MC_CNF_BA_BID_RESERVED    = 1u << 22, /* the BU's BID Reserved bits echoed in the BA's copies */
    MC_CNF_BA_AUTH_HOA        = 1u << 23, /* the BA's authenticator computed with the home address as care-of address */
    MC_CNF_IGNORE_O           = 1u << 24, /* O set: the received binding added, the others kept */
    MC_CNF_DEREG_HONOURS_O    = 1u << 25, /* O in a de-registration deletes every binding */
    MC_CNF_SEQ_EQUAL_OK       = 1u << 26, /* a BU with the last accepted sequence number again is accepted (a replay) */
    MC_CNF_CACHE_KEY_SHORT    = 1u << 27, /* the binding cache is keyed by the home address less its last byte */
    MC_CNF_INIT_HAO_ANSWERED  = 1u << 28, /* a HoTI or CoTI carrying a Home Address option is answered */
    MC_CNF_NO_NONCE_OK        = 1u << 29, /* a BU without Nonce Indices option processed (indices 0), not discarded */
    MC_CNF_BA_WITHOUT_A       = 1u << 30  /* an accepted BU with A clear answered with a BA all the same */
};
/* Bits 31 and up are 64-bit constants (an enum constant is an int, C11
 * 6.7.2.2); the fault set (mc_cn_config.faults, mc_fault_desc.bit) is
 * uint64_t throughout, as the home agent's (ha_bu.h). */
#define MC_CNF_HOME_COA_REGISTERS (UINT64_C(1) << 31) /* care-of address = home address, lifetime > 0: not a de-registration */
#define MC_CNF_LIFETIME_UNCAPPED  (UINT64_C(1) << 32) /* the requested lifetime granted past MAX_RR_BINDING_LIFETIME */
#define MC_CNF_UNKNOWN_MH_SILENT  (UINT64_C(1) << 33) /* an unrecognised MH Type silently dropped, no Binding Error 2 */
#define MC_CNF_ONE_NONCE_INDEX    (UINT64_C(1) << 34) /* the care-of keygen token rebuilt from the Home Nonce Index's nonce */
#define MC_CNF_CAREOF_TOKEN_AS_HOME (UINT64_C(1) << 35) /* care-of keygen tokens made with the home octet 0 */
#define MC_CNF_BA_LIFETIME_ZERO   (UINT64_C(1) << 36) /* the BA of an accepted binding says Lifetime 0 */
#define MC_CNF_TOKEN_PREFIX_ONLY  (UINT64_C(1) << 37) /* keygen tokens made over the address's /64 prefix only */
extern const mc_fault_desc mc_cn_faults[];
extern const size_t mc_cn_nfaults;
/* Bit for a fault name, 0 if unknown. */
uint64_t mc_cn_fault_bit(const char *name);

typedef struct mc_cn_config {
    uint8_t addr[16];          /* the node's own address, for the I/O layer; replies are sent
                                  from the address the request was sent to */
    uint16_t max_lifetime;     /* 4 s units; at most MAX_RR_BINDING_LIFETIME (RFC 6275 12) */
    uint32_t nonce_regen_ms;   /* a fresh nonce this often (RFC 6275 5.2.7) */
    uint32_t nonce_life_ms;    /* a nonce is refused this long after its first use (at most MAX_NONCE_LIFETIME) */
    uint64_t faults;
} mc_cn_config;
void mc_cn_config_default(mc_cn_config *c);

#define MC_CN_NONCES 16  /* ring of nonces: current plus previous still valid */

typedef struct mc_cn_nonce {
    uint8_t valid;
    uint8_t used;              /* handed out in a HoT or CoT */
    uint16_t index;            /* Nonce Index (RFC 6275 6.2.6) */
    uint8_t nonce[MC_RR_NONCE_LEN];
    uint64_t born_ms, first_use_ms;
} mc_cn_nonce;

typedef struct mc_cn {
    mc_cn_config cfg;
    uint8_t kcn[MC_RR_KCN_LEN];
    mc_bcache bc;
    mc_cn_nonce nonce[MC_CN_NONCES];
    int cur;                   /* index in nonce[] of the current nonce, -1 none */
    uint16_t next_index;
    uint64_t hoti_seen, coti_seen, bu_seen, bu_discarded, ba_sent, be_sent;
} mc_cn;

/* Kcn is drawn with RAND_bytes (RFC 6275 5.2.1); -1 if that or memory fails. */
int mc_cn_init(mc_cn *cn, const mc_cn_config *cfg, size_t expected_mn);
void mc_cn_free(mc_cn *cn);
void mc_cn_set_kcn(mc_cn *cn, const uint8_t kcn[MC_RR_KCN_LEN]);
/* Make `nonce` the current nonce under `index` (tests, reproducible runs);
 * it is then not replaced before now_ms + nonce_regen_ms. */
void mc_cn_set_nonce(mc_cn *cn, uint16_t index, const uint8_t nonce[MC_RR_NONCE_LEN], uint64_t now_ms);
/* Regenerate / expire nonces (every entry point calls it). */
void mc_cn_tick(mc_cn *cn, uint64_t now_ms);
/* The nonce of an index if still acceptable at now_ms, else NULL. */
const mc_cn_nonce *mc_cn_nonce_find(const mc_cn *cn, uint16_t index, uint64_t now_ms);

/* ---- HoTI / CoTI -> HoT / CoT (RFC 6275 9.4.1 - 9.4.4) -------------------- */
typedef struct mc_cn_test_init {
    uint8_t type;          /* MC_MH_HOTI or MC_MH_COTI */
    uint8_t src[16], dst[16];
    uint8_t has_hao;       /* a HoTI/CoTI with a Home Address option is ignored (9.4.1, 9.4.2) */
    uint8_t cookie[8];
    uint8_t has_bid;       /* RFC 5648 4.3: CoTI per care-of address with a BID option */
    mc_bid_view bid;
} mc_cn_test_init;
/* -1 if the dissection holds no HoTI/CoTI. */
int mc_cn_test_init_from(const mc_dissection *d, mc_cn_test_init *t);
/* Returns 1 with the HoT/CoT in `out`, 0 when silently ignored, -1 on error. */
int mc_cn_handle_test_init(mc_cn *cn, const mc_cn_test_init *t, uint64_t now_ms, mc_pkt *out, mc_err *e);

/* ---- Binding Update (RFC 6275 9.5.1, RFC 5648 6.2) ----------------------- */
typedef struct mc_cn_bu {
    mc_bu_view v;
    uint16_t mh_len;                /* the Mobility Header as received, for the authenticator */
    uint8_t mh[MC_RR_MH_MAX];
} mc_cn_bu;
/* From a dissected BU.  `frame` (the bytes dissected, caplen long) gives
 * the MH bytes; with frame NULL they are rebuilt from the model (mc_build,
 * exact for the dissector's models).  -1: no BU, or a truncated MH. */
int mc_cn_bu_from(const mc_dissection *d, const uint8_t *frame, size_t caplen, mc_cn_bu *out);

typedef struct mc_cn_bu_result {
    uint8_t discarded;              /* silently discarded: no BA (ba.send 0) */
    const char *why;                /* reason, for logs ("bad authenticator", ...) */
    mc_ba_plan ba;                  /* the BA; status in ba.status, BID statuses 0 */
    uint8_t has_kbm;                /* the BA carries Binding Authorization Data */
    uint8_t kbm[MC_RR_KBM_LEN];
    uint8_t mac_coa[16];            /* "care-of address" of the authenticators */
} mc_cn_bu_result;
/* Process one BU at now_ms; returns the BA status, or -1 if discarded. */
int mc_cn_process_bu(mc_cn *cn, const mc_cn_bu *bu, uint64_t now_ms, mc_cn_bu_result *r);
/* The BA as a packet model: to the care-of address with a Type 2 Routing
 * Header (RFC 6275 9.5.4), BID options copied, Binding Authorization Data
 * last, signed with Kbm (RFC 6275 6.1.8).  -1/e on error. */
int mc_cn_ba_to_pkt(const mc_cn *cn, const mc_cn_bu_result *r, const mc_bu_view *bu, mc_pkt *p, mc_err *e);

/* ---- route optimization (RFC 6275 9.3.2) ----------------------------------- */
/* The binding a packet to `hoa` goes through (to its care-of address, with
 * a Type 2 Routing Header): the most recently refreshed live one, RFC 5648
 * leaving the choice among several open (6.1); NULL: send it directly. */
const mc_binding *mc_cn_route(mc_cn *cn, const uint8_t hoa[16], uint64_t now_ms);

/* ---- RFC 5648 6.5: packets with a Home Address option --------------------- */
enum mc_hao_verdict {
    MC_HAO_ACCEPT = 0,     /* source is a care-of address of a binding of that home address */
    MC_HAO_DISCARD = 1     /* discard; `be` holds the Binding Error (status 1) to send */
};
/* Generic (home agent too): `hoa` from the Home Address option, `src` the
 * IPv6 source, `dst` the IPv6 destination (the BE's source).  `be` may be
 * NULL.  Bindings expired at now_ms do not count. */
int mc_cn_check_hao(mc_bcache *c, const uint8_t hoa[16], const uint8_t src[16], const uint8_t dst[16],
                    uint64_t now_ms, mc_pkt *be, mc_err *e);
/* The CN's entry point for any received packet with a Home Address option:
 * a BU is never subject to the check (RFC 5648 6.5).  Returns
 * MC_HAO_ACCEPT / MC_HAO_DISCARD (with `be` filled unless the fault
 * cn-no-binding-error), or -1 if the packet carries no Home Address option. */
int mc_cn_handle_hao_packet(mc_cn *cn, const mc_dissection *d, uint64_t now_ms, mc_pkt *be, mc_err *e);

/* ---- RFC 6275 9.2: an MH Type the node does not recognise ------------------ */
/* A Mobility Header whose MH Type is none of RFC 6275's (0-7) is answered
 * with a Binding Error, status 2, to the packet's source from its
 * destination (9.2, 9.3.3), its Home Address field the Home Address
 * option's address if the packet had one.  Returns 1 with `be` built, 0
 * when the node stays silent (fault cn-unknown-mh-silent), -1 if the packet
 * holds no Mobility Header of an unknown type. */
int mc_cn_handle_unknown_mh(mc_cn *cn, const mc_dissection *d, mc_pkt *be, mc_err *e);

#endif
