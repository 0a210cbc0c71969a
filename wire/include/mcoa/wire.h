/*
 * mcoa/wire.h - the wire model: the single source of truth for every
 * constant, layout and name of Mobile IPv6 (RFC 6275) signalling and its
 * Multiple Care-of Addresses extension (RFC 5648).
 *
 * Every header, message and option is described by a table of fields
 * (mc_field) that are *views over bytes*: a field names a byte offset, a
 * width and, for flags, a bit mask.  The crafter writes fields through these
 * tables, the dissector reads them through the same tables, and the text,
 * JSON and expression printers walk the same tables.  Nothing else in the
 * project may hard-code an offset, a type number or a status name.
 */
#ifndef MCOA_WIRE_H
#define MCOA_WIRE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- protocol numbers ------------------------------------------------ */
#define MC_IPPROTO_HOPOPTS   0
#define MC_IPPROTO_IPV4      4
#define MC_IPPROTO_UDP       17
#define MC_IPPROTO_IPV6      41
#define MC_IPPROTO_ROUTING   43
#define MC_IPPROTO_FRAGMENT  44
#define MC_IPPROTO_ICMPV6    58
#define MC_IPPROTO_NONE      59
#define MC_IPPROTO_DSTOPTS   60
#define MC_IPPROTO_MH_OLD    62   /* draft-era Mobility Header number, still seen in captures */
#define MC_IPPROTO_MH        135  /* RFC 6275 6.1.1 */
#define MC_ETHERTYPE_IPV4    0x0800
#define MC_ETHERTYPE_IPV6    0x86dd
#define MC_ETHERTYPE_VLAN    0x8100 /* IEEE 802.1Q customer tag (C-tag) */
#define MC_ETHERTYPE_QINQ    0x88a8 /* IEEE 802.1ad service tag (S-tag) */
#define MC_ETHERTYPE_QINQ_OLD 0x9100 /* pre-802.1ad QinQ tag, still seen on switches */
/* Address family in a BSD loopback (NULL / LOOP) header: IPv4 is 2
 * everywhere, IPv6 differs by system (NetBSD/OpenBSD 24, FreeBSD 28,
 * Darwin 30).  The crafter writes 24. */
#define MC_BSD_AF_INET       2
#define MC_BSD_AF_INET6      24
#define MC_BSD_AF_INET6_FREEBSD 28
#define MC_BSD_AF_INET6_DARWIN  30
/* pcap LINKTYPE_ values (www.tcpdump.org/linktypes.html) of the link
 * layers the model holds. */
#define MC_LINKTYPE_NULL     0    /* BSD loopback, family in the capturing host's byte order */
#define MC_LINKTYPE_ETHERNET 1
#define MC_LINKTYPE_SLIP     8    /* DLT_SLIP: 16-byte pseudo-header, then IP */
#define MC_LINKTYPE_DLT_RAW  12   /* what libpcap's pcap_datalink() returns for LINKTYPE_RAW on Linux */
#define MC_LINKTYPE_RAW      101  /* LINKTYPE_RAW (IPv4 or IPv6 by version nibble) */
#define MC_LINKTYPE_LOOP     108  /* OpenBSD loopback, family big-endian */
#define MC_LINKTYPE_LINUX_SLL 113 /* Linux cooked capture v1 */
#define MC_LINKTYPE_IPV4     228  /* LINKTYPE_IPV4 */
#define MC_LINKTYPE_IPV6     229  /* LINKTYPE_IPV6 */
#define MC_LINKTYPE_LINUX_SLL2 276 /* Linux cooked capture v2 (tcpdump -i any) */
#define MC_UDP_PORT_DSMIP6   4191 /* RFC 5555 UDP encapsulation, used by RFC 5648 Section 8 */

#define MC_DSTOPT_PAD1       0
#define MC_DSTOPT_PADN       1
#define MC_DSTOPT_HAO        201  /* RFC 6275 6.3, alignment 8n+6 */
#define MC_RH_TYPE2          2    /* RFC 6275 6.4 */

/* ---- Mobility Header types (RFC 6275 6.1.2 - 6.1.9) -------------------- */
enum mc_mh_type {
    MC_MH_BRR  = 0, /* Binding Refresh Request */
    MC_MH_HOTI = 1, /* Home Test Init */
    MC_MH_COTI = 2, /* Care-of Test Init */
    MC_MH_HOT  = 3, /* Home Test */
    MC_MH_COT  = 4, /* Care-of Test */
    MC_MH_BU   = 5, /* Binding Update */
    MC_MH_BA   = 6, /* Binding Acknowledgement */
    MC_MH_BE   = 7, /* Binding Error */
    MC_MH_KNOWN_MAX = 7
};
#define MC_MH_HDR_LEN 6   /* Payload Proto, Header Len, MH Type, Reserved, Checksum */
#define MC_MH_MAX_LEN 2048 /* (Header Len 255 + 1) * 8 octets (RFC 6275 6.1.1) */

/* ---- Mobility options (RFC 6275 6.2, RFC 3963, RFC 5568, RFC 5555, RFC 5648) */
enum mc_opt_type {
    MC_OPT_PAD1     = 0,  /* RFC 6275 6.2.2 */
    MC_OPT_PADN     = 1,  /* RFC 6275 6.2.3 */
    MC_OPT_BRA      = 2,  /* Binding Refresh Advice, RFC 6275 6.2.4 */
    MC_OPT_ALTCOA   = 3,  /* Alternate Care-of Address, RFC 6275 6.2.5 */
    MC_OPT_NONCE    = 4,  /* Nonce Indices, RFC 6275 6.2.6 */
    MC_OPT_AUTH     = 5,  /* Binding Authorization Data, RFC 6275 6.2.7 */
    MC_OPT_MNP      = 6,  /* Mobile Network Prefix, RFC 3963 4.3 */
    MC_OPT_LLA      = 7,  /* Mobility Header Link-Layer Address, RFC 5568 6.4.3 */
    MC_OPT_IPV4HOA  = 29, /* IPv4 Home Address, RFC 5555 3.1.1 */
    MC_OPT_IPV4ACK  = 30, /* IPv4 Address Acknowledgement, RFC 5555 3.2.1 */
    MC_OPT_IPV4COA  = 32, /* IPv4 Care-of Address, RFC 5555 3.1.2 */
    MC_OPT_BID      = 35  /* Binding Identifier, RFC 5648 6.1 / 4.3 (IANA "Binding Identifier") */
};

/* BID option (RFC 5648 4.3): the only lengths allowed are these. */
#define MC_BID_LEN_NOCOA 4
#define MC_BID_LEN_V4    8
#define MC_BID_LEN_V6    20
#define MC_BID_H_FLAG    0x80  /* Simultaneous Home and Foreign Binding */

/* RFC 6275 Section 12 protocol constants the nodes and the passive checker
 * share: a BU unanswered for INITIAL_BINDACK_TIMEOUT is retransmitted, the
 * timeout doubling up to MAX_BINDACK_TIMEOUT (11.8). */
#define MC_INITIAL_BINDACK_TIMEOUT_MS 1000u
#define MC_MAX_BINDACK_TIMEOUT_MS     32000u

/* MH Link-Layer Address option codes (RFC 5568 6.4.3).  RFC 5648 5.6
 * requires code 2 in a home binding; that is the code RFC 5568 calls the
 * link-layer address of the mobile node in its Figure, see mc_lla_code_name. */
#define MC_LLA_CODE_MN 2

/* ---- Binding Update flags (RFC 6275 6.1.7 and the RFCs that added bits) */
#define MC_BU_A 0x8000 /* Acknowledge, RFC 6275 */
#define MC_BU_H 0x4000 /* Home Registration, RFC 6275 */
#define MC_BU_L 0x2000 /* Link-Local Address Compatibility, RFC 6275 */
#define MC_BU_K 0x1000 /* Key Management Mobility Capability, RFC 6275 */
#define MC_BU_M 0x0800 /* MAP Registration, RFC 5380 */
#define MC_BU_R 0x0400 /* Mobile Router, RFC 3963 */
#define MC_BU_P 0x0200 /* Proxy Registration, RFC 5213 */
#define MC_BU_F 0x0100 /* Forcing UDP encapsulation, RFC 5555 */
#define MC_BU_T 0x0080 /* TLV-header format, RFC 5845 */
/* Overwrite: RFC 5648 Figure 4 draws O right after T, i.e. 0x0040.  IANA
 * never registered an 'O' flag; RFC 6602 later registered the same bit as
 * 'B' (Bulk Binding Update).  tshark therefore decodes this bit as 'B'. */
#define MC_BU_O 0x0040
#define MC_BU_RESERVED 0x003f

/* ---- Binding Acknowledgement flags ------------------------------------ */
#define MC_BA_K 0x80 /* RFC 6275 */
#define MC_BA_R 0x40 /* RFC 3963 */
#define MC_BA_P 0x20 /* RFC 5213 */
#define MC_BA_T 0x10 /* RFC 5845 */
#define MC_BA_RESERVED 0x0f

/* ---- Binding Acknowledgement status (RFC 6275 6.1.8, RFC 5648 4.4) ---- */
enum mc_ba_status {
    MC_BA_ACCEPTED              = 0,
    MC_BA_ACCEPTED_PREFIX_DISC  = 1,
    MC_BA_MCOA_NOTCOMPLETE      = 4,
    MC_BA_MCOA_RETURNHOME_WONDP = 5,
    MC_BA_UNSPECIFIED           = 128,
    MC_BA_PROHIBITED            = 129,
    MC_BA_INSUFFICIENT          = 130,
    MC_BA_HOMEREG_NOT_SUPP      = 131,
    MC_BA_NOT_HOME_SUBNET       = 132,
    MC_BA_NOT_HA_FOR_MN         = 133,
    MC_BA_DAD_FAILED            = 134,
    MC_BA_SEQ_OUT_OF_WINDOW     = 135,
    MC_BA_EXPIRED_HOME_NONCE    = 136,
    MC_BA_EXPIRED_COA_NONCE     = 137,
    MC_BA_EXPIRED_NONCES        = 138,
    MC_BA_REGTYPE_CHANGE        = 139,
    MC_BA_MCOA_MALFORMED        = 164,
    MC_BA_MCOA_NON_MCOA_EXISTS  = 165,
    MC_BA_MCOA_PROHIBITED       = 166,
    MC_BA_MCOA_UNKNOWN_COA      = 167, /* RFC 5648 spells it "MCOA UNKOWN COA" */
    MC_BA_MCOA_BULK_PROHIBITED  = 168,
    MC_BA_MCOA_SIMUL_PROHIBITED = 169
};

/* ---- Binding Error status (RFC 6275 6.1.9) ---------------------------- */
enum mc_be_status {
    MC_BE_UNKNOWN_HAO     = 1, /* unknown binding for Home Address destination option */
    MC_BE_UNKNOWN_MH_TYPE = 2  /* unrecognized MH Type value */
};

/* ---- names -------------------------------------------------------------
 * Each returns NULL for an unknown code.  The names are the RFCs' own. */
typedef struct mc_code_name {
    int code;
    const char *key;   /* short token: expressions, JSON, filters ("mcoa-malformed") */
    const char *name;  /* the RFC's name ("MCOA MALFORMED") */
    const char *rfc;   /* where it is defined ("RFC 5648 4.4") */
} mc_code_name;

extern const mc_code_name mc_ba_status_table[];
extern const size_t mc_ba_status_count;
extern const mc_code_name mc_be_status_table[];
extern const size_t mc_be_status_count;
extern const mc_code_name mc_lla_code_table[];
extern const size_t mc_lla_code_count;
extern const mc_code_name mc_sll_pkttype_table[]; /* Linux cooked capture packet types */
extern const size_t mc_sll_pkttype_count;

const mc_code_name *mc_code_lookup(const mc_code_name *t, size_t n, int code);
const mc_code_name *mc_code_by_key(const mc_code_name *t, size_t n, const char *key);
const char *mc_ba_status_name(int status);  /* "MCOA MALFORMED" or NULL */
const char *mc_be_status_name(int status);
/* A BA/BID status counts as success when < 128 (RFC 6275 6.1.8). */
static inline int mc_status_is_accept(int s) { return s < 128; }

/* ---- field descriptors: views over bytes -------------------------------- */
enum mc_fkind {
    MC_FK_UINT,  /* big-endian unsigned, width 1,2,4 or 8 bytes, masked by .mask if non-zero */
    MC_FK_FLAG,  /* one bit (mask) of a big-endian container of .width bytes; a bare word in expressions */
    MC_FK_IP6,   /* 16 bytes */
    MC_FK_IP4,   /* 4 bytes */
    MC_FK_IPX,   /* variable: 4 bytes = IPv4, 16 bytes = IPv6, 0 = absent; runs to the end of the body */
    MC_FK_MAC,   /* 6 bytes */
    MC_FK_HEX,   /* fixed .width bytes, printed as hex */
    MC_FK_TAIL   /* variable bytes from .off to the end of the body, printed as hex */
};

enum mc_fflag {
    MC_FF_COMPUTED = 0x01, /* the crafter computes it unless the expression sets it */
    MC_FF_RESERVED = 0x02, /* reserved bits: printed only when non-zero */
    MC_FF_POS      = 0x04, /* may be given positionally in an expression: "bid 7", "hao ADDR" */
    MC_FF_HIDDEN   = 0x08, /* implied by the layer keyword (e.g. MH Type): never printed as key */
    MC_FF_LE       = 0x10  /* UINT stored little-endian (a BSD NULL header's family on x86) */
};

typedef struct mc_field {
    const char *key;    /* expression key = JSON key, e.g. "seq", "coa", "A" */
    const char *label;  /* the RFC's name, e.g. "Sequence #" */
    uint8_t kind;       /* enum mc_fkind */
    uint8_t off;        /* byte offset in the header / option body */
    uint8_t width;      /* bytes (container width for UINT with mask and FLAG) */
    uint8_t flags;      /* enum mc_fflag */
    uint64_t mask;      /* UINT: bits that belong to the field (0 = all); FLAG: the bit */
    const mc_code_name *names; /* optional value names (statuses, codes) */
    uint8_t nnames;
} mc_field;

/* A header, message or option layout. */
typedef struct mc_desc {
    const char *key;      /* expression keyword and JSON "layer"/"option" name: "bu", "bid" */
    const char *abbr;     /* short display name: "BU", "BID" */
    const char *label;    /* the RFC's name: "Binding Update" */
    const char *rfc;      /* defining clause: "RFC 6275 6.1.7" */
    int code;             /* MH type, option type, or -1 */
    uint16_t fixed_len;   /* bytes of the fixed part (MH: incl. the 6-byte MH header; option: body only) */
    uint8_t align_x;      /* option alignment requirement x n + y (RFC 6275 6.2.1); 0 = none */
    uint8_t align_y;
    const mc_field *fields;
    uint8_t nfields;
    /* Default bytes of the fixed part (fixed_len bytes; NULL = zeros).  The
     * crafter starts from it; printers show a non-computed field only when it
     * differs from it.  Bytes no field covers must equal it for the dissector
     * to use this layout (otherwise it falls back to a raw form). */
    const uint8_t *tmpl;
} mc_desc;

/* Layer layouts (headers below the Mobility Header). */
extern const mc_desc mc_desc_eth;   /* Ethernet II */
extern const mc_desc mc_desc_vlan;  /* IEEE 802.1Q tag (TCI + EtherType); code = its TPID 0x8100 */
extern const mc_desc mc_desc_qinq;  /* IEEE 802.1ad service tag; code = its TPID 0x88a8 */
extern const mc_desc mc_desc_sll;   /* Linux cooked capture v1 header (LINKTYPE_LINUX_SLL) */
extern const mc_desc mc_desc_sll2;  /* Linux cooked capture v2 header (LINKTYPE_LINUX_SLL2) */
extern const mc_desc mc_desc_null;  /* BSD loopback, family little-endian (LINKTYPE_NULL from an x86 host) */
extern const mc_desc mc_desc_null_be; /* BSD loopback, family big-endian (LINKTYPE_NULL from a big-endian host) */
extern const mc_desc mc_desc_loop;  /* OpenBSD loopback, family big-endian (LINKTYPE_LOOP) */
extern const mc_desc mc_desc_ipv4;  /* IPv4, no options */
extern const mc_desc mc_desc_udp;   /* UDP */
extern const mc_desc mc_desc_ipv6;  /* IPv6 fixed header */
extern const mc_desc mc_desc_hao;   /* Destination Options header with Pad + Home Address option */
extern const mc_desc mc_desc_rh2;   /* Type 2 Routing Header */
extern const mc_desc mc_desc_ext6;  /* any other IPv6 extension header, kept raw */
extern const mc_desc mc_desc_mh;    /* an MH message of unknown type: only the common header */

/* Mobility Header messages, by type (NULL if unknown) and by keyword. */
const mc_desc *mc_mh_desc(int mh_type);
/* Mobility options, by type (NULL if unknown). */
const mc_desc *mc_opt_desc(int opt_type);
/* Any layout (layer, message, option) by its keyword; NULL if none. */
const mc_desc *mc_desc_by_key(const char *key);
/* The pcap LINKTYPE_ a frame starting with this link-layer layout has
 * (eth 1, sll 113, sll2 276, null 0, loop 108), -1 for other layouts. */
int mc_desc_linktype(const mc_desc *d);

extern const mc_desc *const mc_mh_descs[];     /* MH types 0..7 */
extern const size_t mc_mh_ndescs;
extern const mc_desc *const mc_opt_descs[];    /* every known option, in type order */
extern const size_t mc_opt_ndescs;

/* Field access through a descriptor.  `buf`/`len` is the header or option
 * body; reads outside `len` return 0 and report failure. */
int mc_field_get(const mc_field *f, const uint8_t *buf, size_t len, uint64_t *out);
int mc_field_put(const mc_field *f, uint8_t *buf, size_t len, uint64_t v);
const mc_field *mc_field_by_key(const mc_desc *d, const char *key);
int mc_field_index(const mc_desc *d, const char *key); /* -1 if none */

/* Does an option of alignment x n + y sit correctly at byte `off` of the
 * Mobility Header?  (RFC 6275 6.2.1: offset from the start of the header.) */
static inline int mc_align_ok(uint8_t x, uint8_t y, size_t off)
{
    return x == 0 || (off % x) == y;
}
/* BID alignment depends on the option's length (RFC 5648 4.3):
 * 2n without a Care-of Address field, 8n+2 with one. */
void mc_opt_align(int opt_type, size_t body_len, uint8_t *x, uint8_t *y);

/* ---- legacy profiles: the draft-era wire forms of the seed documents ------
 * Each profile is named once, in mc_profiles[] (wire/tables.c): its key (as
 * JSON and --profile say it), the document, and how it differs from RFC
 * 6275 / RFC 5648.  A profile never changes how an RFC packet is read:
 *   mh62     a Mobility Header under next header 62, the number the
 *            Mobile IPv6 drafts used before IANA assigned 135;
 *   mcoa-01  the Binding Unique Identifier sub-option of
 *            draft-ietf-monami6-multiplecoa-01 (type TBD, so a parameter:
 *            mcoa-dissect --profile mcoa-01:TYPE, crafter `bid01 type=N`);
 *   mip6-97  the binding destination options of draft-ietf-mobileip-ipv6-04
 *            (1997): Binding Update, Acknowledgement, Request and Home
 *            Address as IPv6 destination options. */
enum mc_profile_id {
    MC_PROFILE_RFC = 0,  /* RFC 6275 / RFC 5648: no legacy profile */
    MC_PROFILE_MH62,
    MC_PROFILE_MCOA01,
    MC_PROFILE_MIP6_97,
    MC_PROFILE_COUNT
};
typedef struct mc_profile {
    const char *key;     /* "mh62", "mcoa-01", "mip6-97" */
    const char *name;    /* one line: what it is */
    const char *source;  /* the document that defines it */
    const char *diff;    /* how it differs from RFC 6275 / RFC 5648 */
} mc_profile;
extern const mc_profile mc_profiles[MC_PROFILE_COUNT];
const mc_profile *mc_profile_by_key(const char *key); /* NULL if none */

/* draft-ietf-monami6-multiplecoa-01 4.3.1 Binding Unique Identifier
 * sub-option: BID, Priority/Status, C and R flags; Length 4, or 20 with
 * the C flag and an IPv6 Care-of Address.  Its type was never assigned:
 * the layout has code -1, the type comes with the option. */
#define MC_BID01_LEN_NOCOA 4
#define MC_BID01_LEN_COA   20
#define MC_BID01_C_FLAG    0x80 /* Care-of Address present */
#define MC_BID01_R_FLAG    0x40 /* Removable */
/* The type the catalogue's draft -01 variants carry (a number of the
 * catalogue's choosing; the draft left it TBD): dissect them with
 * --profile mcoa-01:200. */
#define MC_BID01_CATALOGUE_TYPE 200
extern const mc_desc mc_desc_bid01;

/* draft-ietf-mobileip-ipv6-04 (1997) destination options, with the type
 * numbers implementations of that era used (tcpdump's old print-ip6opts.c
 * printed them; the draft itself still wrote "195 ???" and "3 ???").
 * The Home Address option kept its number in RFC 6275 (201 = 0xC9). */
#define MC_DOPT97_BU   0xc6
#define MC_DOPT97_BA   0x07
#define MC_DOPT97_BR   0x08
#define MC_DOPT97_HOA  0xc9
#define MC_BU97_A 0x80 /* Acknowledge */
#define MC_BU97_H 0x40 /* Home Registration */
#define MC_BU97_C 0x20 /* Care-of Address Present */
/* The Destination Options header holding them: Next Header, Hdr Ext Len,
 * then the options (mc_opt, space MC_OS_DST). */
extern const mc_desc mc_desc_dstopts;
/* A destination option of that draft by type (Pad1 and PadN too); NULL if
 * unknown.  mc_dopt_is_binding: BU, BA or BR, the options that make a
 * Destination Options header draft-era. */
const mc_desc *mc_dopt_desc(int type);
int mc_dopt_is_binding(int type);
extern const mc_desc *const mc_dopt_descs[];
extern const size_t mc_dopt_ndescs;

/* ---- address classes (RFC 4291 / RFC 5648 6.2 "unicast routable") ----- */
enum mc_addr_class {
    MC_ADDR_GLOBAL_UNICAST = 0,
    MC_ADDR_UNSPECIFIED,
    MC_ADDR_LOOPBACK,
    MC_ADDR_MULTICAST,
    MC_ADDR_LINK_LOCAL,
    MC_ADDR_V4MAPPED,
    MC_ADDR_V4_BROADCAST,
    MC_ADDR_V4_ZERONET,    /* 0.0.0.0/8 */
    MC_ADDR_V4_LOOPBACK,   /* 127/8 */
    MC_ADDR_V4_MULTICAST,  /* 224/4 */
    MC_ADDR_V4_LINK_LOCAL  /* 169.254/16 */
};
int mc_addr6_class(const uint8_t a[16]);
int mc_addr4_class(const uint8_t a[4]);
const char *mc_addr_class_name(int cls);
static inline int mc_addr_class_routable(int cls) { return cls == MC_ADDR_GLOBAL_UNICAST; }

/* ---- checksums --------------------------------------------------------- */
/* Internet checksum accumulator (RFC 1071). */
uint32_t mc_csum_add(uint32_t sum, const uint8_t *p, size_t n);
uint16_t mc_csum_fold(uint32_t sum);
/* MH checksum over the IPv6 pseudo-header (RFC 6275 6.1.1, RFC 8200 8.1)
 * with next header 135.  `src` is the home address when a Home Address
 * option is present and `dst` the final destination when a Type 2 Routing
 * Header is present (as a receiver sees them after processing those headers,
 * which is what Linux and UMIP compute).  `mh` is the whole Mobility Header
 * with its checksum field as found; returns the value the field must hold. */
uint16_t mc_mh_checksum(const uint8_t src[16], const uint8_t dst[16],
                        const uint8_t *mh, size_t mh_len);

/* ---- small helpers shared by every module ------------------------------ */
static inline uint16_t mc_get16(const uint8_t *p) { return (uint16_t)((p[0] << 8) | p[1]); }
static inline uint32_t mc_get32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}
static inline void mc_put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static inline void mc_put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

#ifdef __cplusplus
}
#endif
#endif
