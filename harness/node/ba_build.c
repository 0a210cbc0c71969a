/*
 * ba_build.c - a BA plan as a packet model, ready for mc_build.
 */
#include <string.h>
#include "ha_bu.h"

static int put_addr(mc_layer *l, const char *key, const uint8_t *a, size_t n)
{
    const mc_field *f = mc_field_by_key(l->desc, key);
    if (!f || (size_t)f->off + n > l->len)
        return -1;
    memcpy(l->hdr + f->off, a, n);
    return 0;
}

/* BA fields, looked up once: a BA is built per BU. */
static const mc_field *ba_field(int which)
{
    static const mc_field *f[3];
    if (!f[0]) {
        const mc_desc *d = mc_mh_desc(MC_MH_BA);
        f[0] = mc_field_by_key(d, "status");
        f[1] = mc_field_by_key(d, "seq");
        f[2] = mc_field_by_key(d, "lifetime");
    }
    return f[which];
}

/* Every BID option of the BU goes back, Status set (RFC 5648 6.2), without
 * its Care-of Address field: 6.2 lets the copy omit it, and 4.3 says a BID
 * option in any message but a BU has none (reading both, omitting is the
 * only choice that satisfies both). */
static int add_bids(const mc_ba_plan *ba, mc_pkt *p, mc_layer *mh, mc_err *e)
{
    for (int i = 0; i < ba->nbid; i++) {
        const mc_bid_view *x = &ba->bid[i];
        uint8_t body[MC_BID_LEN_V6];
        size_t len = MC_BID_LEN_NOCOA;
        mc_put16(body, x->bid);
        body[2] = x->status;
        body[3] = x->flags;
        if (ba->bid_coa && (x->len == MC_BID_LEN_V6 || x->len == MC_BID_LEN_V4)) {
            len = x->len;
            memcpy(body + 4, x->coa, len - 4);
        }
        if (!mc_pkt_add_opt(p, mh, MC_OF_TLV, MC_OPT_BID, body, len, e))
            return -1;
    }
    return 0;
}

/* RFC 5555 3.2.1: Status, Pref-len (6 bits) and Reserved, IPv4 home address. */
static int add_v4ack(const mc_ba_plan *ba, mc_pkt *p, mc_layer *mh, mc_err *e)
{
    uint8_t body[6];
    body[0] = ba->v4ack_status;
    body[1] = (uint8_t)(ba->v4ack_plen << 2);
    memcpy(body + 2, ba->v4ack_addr, 4);
    return mc_pkt_add_opt(p, mh, MC_OF_TLV, MC_OPT_IPV4ACK, body, sizeof body, e) ? 0 : -1;
}

int mc_ba_plan_to_pkt(const mc_ba_plan *ba, const mc_bu_view *bu, mc_pkt *p, mc_err *e)
{
    mc_pkt_init(p);
    mc_layer *l;
    if (bu->udp_encap) {
        /* RFC 5648 Section 8 / RFC 5555: answer the way the BU came */
        if (!(l = mc_pkt_add_layer(p, MC_LK_IPV4, &mc_desc_ipv4, e)) || put_addr(l, "src", bu->v4dst, 4) ||
            put_addr(l, "dst", bu->v4src, 4) || !mc_pkt_add_layer(p, MC_LK_UDP, &mc_desc_udp, e))
            return -1;
    }
    if (!(l = mc_pkt_add_layer(p, MC_LK_IPV6, &mc_desc_ipv6, e)) || put_addr(l, "src", bu->dst, 16) ||
        put_addr(l, "dst", bu->has_hao ? bu->src : bu->hoa, 16))
        return -1;
    if (bu->has_hao && !bu->udp_encap) {
        /* away from home: to the care-of address, Type 2 RH to the home address */
        if (!(l = mc_pkt_add_layer(p, MC_LK_RH2, &mc_desc_rh2, e)) || put_addr(l, "home", bu->hoa, 16))
            return -1;
    }
    mc_layer *mh = mc_pkt_add_layer(p, MC_LK_MH, mc_mh_desc(MC_MH_BA), e);
    if (!mh || mc_field_put(ba_field(0), mh->hdr, mh->len, ba->status) ||
        mc_field_put(ba_field(1), mh->hdr, mh->len, ba->seq) || mc_field_put(ba_field(2), mh->hdr, mh->len, ba->lifetime))
        return -1;
    /* RFC 5648 8.2: the IPv4 Address Acknowledgement before any BID option */
    if (ba->v4ack && !ba->v4ack_after_bid && add_v4ack(ba, p, mh, e) < 0)
        return -1;
    if (add_bids(ba, p, mh, e) < 0)
        return -1;
    if (ba->v4ack && ba->v4ack_after_bid && add_v4ack(ba, p, mh, e) < 0)
        return -1;
    return 0;
}
