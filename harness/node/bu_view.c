/*
 * bu_view.c - a received Binding Update as plain fields.
 */
#include <string.h>
#include "bu_view.h"

void mc_bid_view_read(mc_bid_view *x, const uint8_t *b, uint16_t len, int lenbyte)
{
    memset(x, 0, sizeof *x);
    x->len = (uint8_t)lenbyte;
    if (len >= 2)
        x->bid = mc_get16(b);
    if (len >= 3)
        x->status = b[2];
    if (len >= 4)
        x->flags = b[3];
    if (len == MC_BID_LEN_V6)
        memcpy(x->coa, b + 4, 16);
    else if (len == MC_BID_LEN_V4)
        memcpy(x->coa, b + 4, 4);
}

static void take_option(mc_bu_view *v, const mc_pkt *p, const mc_opt *o)
{
    const uint8_t *b = mc_opt_cbody(p, o);
    int lenbyte = o->lenfield >= 0 ? o->lenfield : o->len;
    switch (o->type) {
    case MC_OPT_BID:
        if (v->nbid < MC_VIEW_MAX_BID)
            mc_bid_view_read(&v->bid[v->nbid++], b, o->len, lenbyte);
        break;
    case MC_OPT_ALTCOA:
        if (o->len == 16) {
            v->has_altcoa = 1;
            memcpy(v->altcoa, b, 16);
        }
        break;
    case MC_OPT_LLA:
        if (o->len >= 1) {
            v->has_lla = 1;
            v->lla_code = b[0];
            v->lla_len = (uint8_t)(o->len - 1 > 8 ? 8 : o->len - 1);
            memcpy(v->lla, b + 1, v->lla_len);
        }
        break;
    case MC_OPT_AUTH:
        if (o->len == 12) {
            v->has_auth = 1;
            v->auth_off = o->wire_off;
        }
        break;
    case MC_OPT_IPV4HOA:
        if (o->len == 6 && !v->has_v4hoa) {
            v->has_v4hoa = 1;
            v->v4hoa_plen = (uint8_t)(b[0] >> 2);
            memcpy(v->v4hoa, b + 2, 4);
        }
        break;
    case MC_OPT_NONCE:
        if (o->len == 4) {
            v->has_nonce = 1;
            v->hni = mc_get16(b);
            v->coni = mc_get16(b + 2);
        }
        break;
    }
}

int mc_bu_view_from(const mc_dissection *d, mc_bu_view *v)
{
    const mc_pkt *p = &d->pkt;
    if (d->mh < 0 || p->l[d->mh].kind != MC_LK_MH || p->l[d->mh].raw_body || p->l[d->mh].code != MC_MH_BU)
        return -1;
    memset(v, 0, sizeof *v);
    /* The IPv6 header and extension headers nearest above the MH. */
    int have_ip6 = 0;
    for (int i = d->mh - 1; i >= 0; i--) {
        const mc_layer *l = &p->l[i];
        if (l->kind == MC_LK_HAO && !v->has_hao) {
            v->has_hao = 1;
            memcpy(v->hoa, l->hdr + 8, 16);
        } else if (l->kind == MC_LK_IPV6 && !have_ip6) {
            have_ip6 = 1;
            memcpy(v->src, l->hdr + 8, 16);
            memcpy(v->dst, l->hdr + 24, 16);
        } else if (l->kind == MC_LK_UDP && have_ip6) {
            v->udp_encap = 1;
        } else if (l->kind == MC_LK_IPV4 && v->udp_encap) {
            memcpy(v->v4src, l->hdr + 12, 4);
            memcpy(v->v4dst, l->hdr + 16, 4);
            break;
        }
    }
    if (!have_ip6)
        return -1;
    if (!v->has_hao)
        memcpy(v->hoa, v->src, 16);
    const mc_layer *mh = &p->l[d->mh];
    /* field layouts looked up once: this runs per received BU */
    static const mc_field *f_seq, *f_flags, *f_life;
    if (!f_seq) {
        const mc_desc *bu = mc_mh_desc(MC_MH_BU);
        f_seq = mc_field_by_key(bu, "seq");
        f_flags = mc_field_by_key(bu, "A");
        f_life = mc_field_by_key(bu, "lifetime");
    }
    uint64_t x;
    mc_field_get(f_seq, mh->hdr, mh->len, &x);
    v->seq = (uint16_t)x;
    v->flags = mc_get16(mh->hdr + f_flags->off);
    mc_field_get(f_life, mh->hdr, mh->len, &x);
    v->lifetime = (uint16_t)x;
    for (int k = 0; k < mh->opt_count; k++) {
        const mc_opt *o = &p->o[mh->opt_first + k];
        if (o->form == MC_OF_TLV)
            take_option(v, p, o);
    }
    return 0;
}
