/*
 * ba_view.c - a received BA, BRR or BE as plain fields (see ba_view.h).
 */
#include <string.h>
#include "ba_view.h"

/* A BID option as the mobile node reads it back (RFC 5648 4.3): the
 * Care-of Address field may be omitted by the sender (RFC 5648 6.2). */
static void take_bid(mc_ba_view *v, const uint8_t *b, uint16_t len, int lenbyte)
{
    if (v->nbid < MC_VIEW_MAX_BID)
        mc_bid_view_read(&v->bid[v->nbid++], b, len, lenbyte);
}

static void take_option(mc_ba_view *v, const mc_pkt *p, const mc_opt *o)
{
    const uint8_t *b = mc_opt_cbody(p, o);
    switch (o->type) {
    case MC_OPT_BID:
        take_bid(v, b, o->len, o->lenfield >= 0 ? o->lenfield : o->len);
        break;
    case MC_OPT_BRA:
        if (o->len == 2) {
            v->has_bra = 1;
            v->refresh = mc_get16(b);
        }
        break;
    case MC_OPT_AUTH:
        v->has_auth = o->len == 12;
        v->auth_off = o->wire_off;
        break;
    }
}

/* The IPv6 header nearest above the MH and its Type 2 Routing Header.  An
 * IPv4/UDP encapsulation around it (RFC 5555) is not read: the mobile node
 * matches a BA by its sequence number and BID options, not by how it came. */
static int take_ip(const mc_dissection *d, mc_ba_view *v)
{
    const mc_pkt *p = &d->pkt;
    int have_ip6 = 0;
    for (int i = d->mh - 1; i >= 0; i--) {
        const mc_layer *l = &p->l[i];
        if (l->kind == MC_LK_RH2 && !v->has_rh2 && !have_ip6) {
            v->has_rh2 = 1;
            memcpy(v->home, l->hdr + mc_field_by_key(l->desc, "home")->off, 16);
        } else if (l->kind == MC_LK_IPV6 && !have_ip6) {
            have_ip6 = 1;
            memcpy(v->src, l->hdr + mc_field_by_key(l->desc, "src")->off, 16);
            memcpy(v->dst, l->hdr + mc_field_by_key(l->desc, "dst")->off, 16);
        }
    }
    if (!have_ip6)
        return -1;
    if (!v->has_rh2)
        memcpy(v->home, v->dst, 16);
    return 0;
}

static uint64_t get(const mc_layer *mh, const char *key)
{
    uint64_t x = 0;
    mc_layer_get(mh, key, &x);
    return x;
}

int mc_ba_view_from(const mc_dissection *d, mc_ba_view *v)
{
    const mc_pkt *p = &d->pkt;
    if (d->mh < 0 || p->l[d->mh].kind != MC_LK_MH || p->l[d->mh].raw_body)
        return -1;
    const mc_layer *mh = &p->l[d->mh];
    if (mh->code != MC_MH_BA && mh->code != MC_MH_BRR && mh->code != MC_MH_BE)
        return -1;
    memset(v, 0, sizeof *v);
    v->mh_type = mh->code;
    if (take_ip(d, v) < 0)
        return -1;
    if (mh->code == MC_MH_BA) {
        v->status = (uint8_t)get(mh, "status");
        v->flags = mh->hdr[mc_field_by_key(mh->desc, "K")->off];
        v->seq = (uint16_t)get(mh, "seq");
        v->lifetime = (uint16_t)get(mh, "lifetime");
    } else if (mh->code == MC_MH_BE) {
        v->status = (uint8_t)get(mh, "status");
    }
    for (int k = 0; k < mh->opt_count; k++) {
        const mc_opt *o = &p->o[mh->opt_first + k];
        if (o->form == MC_OF_TLV)
            take_option(v, p, o);
    }
    return 0;
}
