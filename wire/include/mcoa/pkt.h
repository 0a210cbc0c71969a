/*
 * mcoa/pkt.h - the packet model shared by the crafter and the dissector.
 *
 * A packet is a stack of layers, outermost first: an optional link layer
 * (Ethernet with any stack of 802.1Q / 802.1ad tags, Linux cooked capture
 * v1 or v2, BSD loopback), then
 * IPv4 + UDP (RFC 5555 encapsulation), IPv6, IPv6 extension headers (Home
 * Address option, Type 2 Routing Header, any other kept raw), inner IPv6
 * (tunnelling), a Mobility Header message with its options, and raw payload.
 *
 * Each layer keeps its fixed header as *bytes* (hdr[]); its named fields are
 * views defined by its mc_desc in wire.h.  Computed fields (lengths, next
 * header values, checksums) are recomputed by the crafter unless their bit
 * is set in `set`.  The dissector sets that bit exactly when the value it
 * found differs from what the crafter would compute, so that
 *     bytes -> mc_dissect -> mc_pkt -> mc_expr_print -> text
 *     text  -> mc_expr_parse -> mc_pkt -> mc_build -> the same bytes.
 *
 * Fixed capacity, no allocation: one mc_pkt is reused packet after packet.
 */
#ifndef MCOA_PKT_H
#define MCOA_PKT_H

#include <stddef.h>
#include <stdint.h>
#include "mcoa/wire.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MC_MAX_LAYERS 16
#define MC_MAX_OPTS   512      /* an MH is at most 2048 bytes: 512 four-byte options */
#define MC_HDR_MAX    64       /* largest fixed part (IPv6: 40, MH HoT/CoT/BE: 24) */
#define MC_ARENA_MAX  65600    /* option bodies and raw tails of one packet */
#define MC_FRAME_MAX  65600    /* largest frame the crafter builds */

enum mc_layer_kind {
    MC_LK_ETH = 1,  /* desc mc_desc_eth */
    MC_LK_IPV4,     /* desc mc_desc_ipv4 */
    MC_LK_UDP,      /* desc mc_desc_udp */
    MC_LK_IPV6,     /* desc mc_desc_ipv6 */
    MC_LK_HAO,      /* desc mc_desc_hao: Destination Options header holding PadN + Home Address option */
    MC_LK_RH2,      /* desc mc_desc_rh2 */
    MC_LK_EXT6,     /* desc mc_desc_ext6: other IPv6 extension header; code = its protocol number, body in tail */
    MC_LK_MH,       /* desc = mc_mh_desc(type) or mc_desc_mh (unknown type / raw body in tail) */
    MC_LK_RAW,      /* raw bytes (tail): payload after the last header */
    MC_LK_VLAN,     /* desc mc_desc_vlan or mc_desc_qinq: one 802.1Q / 802.1ad tag */
    MC_LK_SLL,      /* desc mc_desc_sll or mc_desc_sll2: Linux cooked capture header */
    MC_LK_NULL,     /* desc mc_desc_null, mc_desc_null_be or mc_desc_loop: BSD loopback header */
    MC_LK_DSTOPT    /* desc mc_desc_dstopts: Destination Options header with draft-era (1997) binding
                       options, parsed into opts like an MH's (profile MC_PROFILE_MIP6_97) */
};

enum mc_opt_form {
    MC_OF_TLV = 0,  /* Type, Length, body */
    MC_OF_PAD1,     /* the single byte 0 */
    MC_OF_BYTES     /* raw bytes inside the option area (trailing garbage, cut options) */
};

/* Which table an option's type is read in. */
enum mc_opt_space {
    MC_OS_MH = 0,   /* a mobility option: mc_opt_desc(type) */
    MC_OS_BID01,    /* an MH option of profile mcoa-01: mc_desc_bid01, whatever its type */
    MC_OS_DST       /* a destination option of a dstopts layer: mc_dopt_desc(type) */
};

typedef struct mc_opt {
    uint8_t form;      /* enum mc_opt_form */
    uint8_t type;      /* option type (TLV) */
    uint8_t noalign;   /* crafter: insert no alignment padding before this option */
    uint8_t space;     /* enum mc_opt_space */
    int16_t lenfield;  /* -1: Length byte = len; else the (possibly lying) Length byte */
    uint16_t len;      /* body bytes present (BYTES: bytes present) */
    uint32_t off;      /* body offset in mc_pkt.arena */
    uint16_t wire_off; /* offset of the Type byte from the start of the Mobility Header (set by dissector and crafter) */
} mc_opt;

typedef struct mc_layer {
    uint8_t kind;          /* enum mc_layer_kind */
    uint8_t code;          /* EXT6: protocol number of this header; MH: MH Type */
    uint8_t nopad;         /* MH: no end padding to a multiple of 8 octets */
    uint8_t raw_body;      /* MH: body after the 6-byte header is raw (tail), no fields/options parsed */
    uint8_t profile;       /* enum mc_profile_id: MH under next header 62 (MH62), dstopts (MIP6_97) */
    const mc_desc *desc;   /* layout of hdr[] */
    uint16_t len;          /* bytes of hdr[] in use (= desc->fixed_len, or 6 for a raw MH) */
    uint32_t set;          /* bit i: desc->fields[i] was given, the crafter keeps it as is */
    uint8_t hdr[MC_HDR_MAX];
    uint32_t tail_off;     /* variable part in arena: EXT6 body, MH raw body, RAW payload */
    uint32_t tail_len;
    uint16_t opt_first;    /* MH: options are opts[opt_first .. opt_first+opt_count) */
    uint16_t opt_count;
    uint32_t wire_off;     /* offset of this layer in the frame (set by dissector and crafter) */
    uint32_t wire_len;     /* bytes of this layer on the wire incl. options, tail, padding */
} mc_layer;

typedef struct mc_pkt {
    uint8_t nlayers;
    mc_layer l[MC_MAX_LAYERS];
    uint16_t nopts;
    mc_opt o[MC_MAX_OPTS];
    uint32_t arena_len;
    uint8_t arena[MC_ARENA_MAX];
} mc_pkt;

/* Error with a position: column (0-based byte offset) in an expression, or
 * byte offset in a frame; -1 when there is no position. */
typedef struct mc_err {
    long pos;
    char msg[200];
} mc_err;
void mc_err_set(mc_err *e, long pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Model construction helpers (used by the expression parser, the
 * dissector, the catalogue and the reference nodes).  All return NULL / -1
 * with `e` filled when a capacity is exceeded. */
void mc_pkt_init(mc_pkt *p);
mc_layer *mc_pkt_add_layer(mc_pkt *p, int kind, const mc_desc *d, mc_err *e); /* hdr = d->tmpl */
mc_opt *mc_pkt_add_opt(mc_pkt *p, mc_layer *mh, int form, int type, const uint8_t *body,
                       size_t len, mc_err *e);
int mc_pkt_set_tail(mc_pkt *p, mc_layer *l, const uint8_t *data, size_t len, mc_err *e);
static inline uint8_t *mc_opt_body(mc_pkt *p, const mc_opt *o) { return p->arena + o->off; }
static inline const uint8_t *mc_opt_cbody(const mc_pkt *p, const mc_opt *o) { return p->arena + o->off; }
/* The layout of an option's body by its space and type (NULL if unknown). */
const mc_desc *mc_opt_layout(const mc_opt *o);
mc_layer *mc_pkt_find(mc_pkt *p, int kind);            /* first layer of that kind or NULL */
const mc_layer *mc_pkt_cfind(const mc_pkt *p, int kind);

/* Layer field access by key (through the layer's desc). */
int mc_layer_get(const mc_layer *l, const char *key, uint64_t *v);
int mc_layer_put(mc_layer *l, const char *key, uint64_t v, int mark_set);

#ifdef __cplusplus
}
#endif
#endif
