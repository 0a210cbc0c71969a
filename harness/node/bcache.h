/*
 * bcache.h - binding cache of a home agent or correspondent node, keyed by
 * home address and Binding ID (RFC 5648 6.1, Figure 8), beside the RFC 6275
 * binding without BID (bid 0, has_bid 0).
 *
 * Open addressing on the home address; each mobile node's bindings are
 * kept inline (a mobile node has a handful of care-of addresses), so a
 * lookup touches one record and memory is one record per mobile node.
 */
#ifndef MCOA_BCACHE_H
#define MCOA_BCACHE_H

#include <stddef.h>
#include <stdint.h>

#define MC_BC_MAX_PER_MN 8   /* bindings per home address; beyond: status 130 */

typedef struct mc_binding {
    uint8_t coa[16];       /* IPv6 care-of address, or IPv4 in the first 4 bytes */
    uint64_t expires_ms;   /* absolute, on the caller's clock */
    uint16_t bid;          /* Binding ID; 0 for the RFC 6275 binding */
    uint8_t has_bid;       /* registered with a BID option */
    uint8_t family;        /* 6 or 4 */
    uint8_t home;          /* simultaneous home binding: coa is the home address (RFC 5648 5.6) */
    uint8_t lla_len;       /* MH Link-Layer Address of the mobile node (RFC 5648 6.3) */
    uint8_t brr_sent;      /* a Binding Refresh Request went out for this lifetime (RFC 5648 6.4) */
    uint8_t lla[8];
} mc_binding;

typedef struct mc_bc_mn {
    uint8_t hoa[16];
    uint16_t last_seq;     /* RFC 6275 9.5.1: one sequence number per home address */
    uint8_t used;          /* slot in use */
    uint8_t nb;            /* bindings in b[] */
    mc_binding b[MC_BC_MAX_PER_MN];
} mc_bc_mn;

typedef struct mc_bcache {
    mc_bc_mn *slot;
    size_t cap;            /* power of two */
    size_t nmn;            /* home addresses with at least one binding */
    size_t nbindings;
} mc_bcache;

int mc_bc_init(mc_bcache *c, size_t expected_mn);
void mc_bc_free(mc_bcache *c);
/* The record of a home address, or NULL. */
mc_bc_mn *mc_bc_find(mc_bcache *c, const uint8_t hoa[16]);
/* The record of a home address, created empty if absent (NULL if out of memory). */
mc_bc_mn *mc_bc_get(mc_bcache *c, const uint8_t hoa[16]);
/* Remove a home address's record once it holds no binding. */
void mc_bc_release_if_empty(mc_bcache *c, mc_bc_mn *mn);
mc_binding *mc_bc_binding(mc_bc_mn *mn, int has_bid, uint16_t bid);
/* Add or overwrite the binding with that BID; NULL when the record is full. */
mc_binding *mc_bc_put(mc_bcache *c, mc_bc_mn *mn, const mc_binding *b);
void mc_bc_del(mc_bcache *c, mc_bc_mn *mn, mc_binding *b);
void mc_bc_del_all(mc_bcache *c, mc_bc_mn *mn);
/* Drop bindings whose lifetime has run out; returns how many. */
size_t mc_bc_expire(mc_bcache *c, uint64_t now_ms);

#endif
