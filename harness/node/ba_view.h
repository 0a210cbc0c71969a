/*
 * ba_view.h - what a mobile node needs of a received Binding Acknowledgement,
 * Binding Refresh Request or Binding Error, pulled out of the dissector's
 * packet model once so that the mobile node's logic reads plain fields.
 * The mirror of bu_view.h.
 */
#ifndef MCOA_BA_VIEW_H
#define MCOA_BA_VIEW_H

#include <stdint.h>
#include "mcoa/dissect.h"
#include "bu_view.h"

typedef struct mc_ba_view {
    uint8_t mh_type;       /* MC_MH_BA, MC_MH_BRR or MC_MH_BE */
    uint8_t src[16];       /* IPv6 source: the home agent or correspondent node */
    uint8_t dst[16];       /* IPv6 destination: a care-of address, or the home address at home */
    uint8_t home[16];      /* Type 2 Routing Header home address (RFC 6275 6.4), else dst */
    uint8_t has_rh2;
    uint8_t status;        /* BA status (RFC 6275 6.1.8) or BE status (6.1.9) */
    uint8_t flags;         /* BA: K R P T and the reserved bits */
    uint16_t seq, lifetime;/* BA */
    uint8_t has_bra;       /* Binding Refresh Advice (RFC 6275 6.2.4) */
    uint16_t refresh;      /* its Refresh Interval, units of 4 s */
    uint8_t has_auth;      /* Binding Authorization Data present (a CN's BA) */
    uint16_t auth_off;     /* its offset in the Mobility Header (RFC 6275 5.2.6: the MAC covers the MH) */
    int nbid;
    mc_bid_view bid[MC_VIEW_MAX_BID];
} mc_ba_view;

/* Fill `v` from a dissected packet holding a BA, BRR or BE; returns -1 if
 * it holds none of them (or an unparsable one). */
int mc_ba_view_from(const mc_dissection *d, mc_ba_view *v);

#endif
