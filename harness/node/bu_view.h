/*
 * bu_view.h - what a node needs of a received Binding Update, pulled out of
 * the dissector's packet model once so that the processing logic reads
 * plain fields (and can be fed pre-built views in benchmarks).
 */
#ifndef MCOA_BU_VIEW_H
#define MCOA_BU_VIEW_H

#include <stdint.h>
#include "mcoa/dissect.h"

/* Every BID option a Mobility Header can hold: at most 2048 bytes (Header
 * Len 255), a BID option at least 6 (RFC 5648 6.1: Length 4), after the
 * BU's or BA's 12-byte fixed part.  RFC 5648 6.2 copies all of them into
 * the BA, so none may be dropped. */
#define MC_VIEW_MAX_BID ((2048 - 12) / 6)

typedef struct mc_bid_view {
    uint16_t bid;
    uint8_t status;
    uint8_t flags;     /* H and the reserved bits */
    uint8_t len;       /* the option's Length byte */
    uint8_t coa[16];   /* IPv6, or IPv4 in the first 4 bytes (len 8) */
} mc_bid_view;

typedef struct mc_bu_view {
    uint8_t src[16];       /* IPv6 source: the care-of address (or the home address at home) */
    uint8_t dst[16];
    uint8_t hoa[16];       /* Home Address option, else the source */
    uint8_t has_hao;
    uint8_t udp_encap;     /* RFC 5648 Section 8 / RFC 5555: arrived over UDP/IPv4 */
    uint8_t v4src[4];      /* then the IPv4 source address */
    uint8_t v4dst[4];      /* and destination */
    uint16_t seq, flags, lifetime;
    uint8_t has_altcoa;
    uint8_t altcoa[16];
    uint8_t has_lla;
    uint8_t lla_code, lla_len;
    uint8_t lla[8];
    uint8_t has_auth;      /* Binding Authorization Data present (verified over the MH at auth_off) */
    uint16_t auth_off;     /* offset of the auth option in the MH (for the MAC) */
    uint8_t has_v4hoa;     /* IPv4 Home Address option (RFC 5555 3.1.1) */
    uint8_t v4hoa_plen;
    uint8_t v4hoa[4];
    uint8_t has_nonce;
    uint16_t hni, coni;
    int nbid;
    mc_bid_view bid[MC_VIEW_MAX_BID];
} mc_bu_view;

/* A BID option body as plain fields (RFC 5648 4.3); `lenbyte` is its
 * Length byte as found, `len` the body bytes present. */
void mc_bid_view_read(mc_bid_view *x, const uint8_t *b, uint16_t len, int lenbyte);

/* Fill `v` from a dissected packet; returns -1 if it holds no parsable BU. */
int mc_bu_view_from(const mc_dissection *d, mc_bu_view *v);

#endif
