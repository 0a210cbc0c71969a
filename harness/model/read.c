/*
 * read.c - a dissected frame (mc_dissection: every byte went through the
 * dissector's bounds-checked cursor) read as the model's messages.  Fields
 * are read through the wire table's descriptors (wire/tables.c), never by
 * an offset of our own.
 */
#include <stddef.h>
#include <string.h>
#include <threads.h>
#include "mcoa_model.h"

static struct {
    const mc_field *v6src, *v6dst, *v6hlim, *v4src, *v4ttl, *hao_home, *rh2_home;
    const mc_field *bu_seq, *bu_A, *bu_H, *bu_L, *bu_K, *bu_O, *bu_P, *bu_life;
    const mc_field *ba_status, *ba_K, *ba_P, *ba_seq, *ba_life;
    const mc_field *bid_bid, *bid_status, *bid_H, *bid_res, *bid_coa;
    const mc_field *cookie[8];
    const mc_field *be_status, *be_home, *lla_code;
    const mc_field *v4ack_status, *v4ack_plen, *v4ack_addr;
} F;
static once_flag F_once = ONCE_FLAG_INIT;

static void f_init(void)
{
    F.v6src = mc_field_by_key(&mc_desc_ipv6, "src");
    F.v6dst = mc_field_by_key(&mc_desc_ipv6, "dst");
    F.v6hlim = mc_field_by_key(&mc_desc_ipv6, "hlim");
    F.v4src = mc_field_by_key(&mc_desc_ipv4, "src");
    F.v4ttl = mc_field_by_key(&mc_desc_ipv4, "ttl");
    F.hao_home = mc_field_by_key(&mc_desc_hao, "home");
    F.rh2_home = mc_field_by_key(&mc_desc_rh2, "home");
    const mc_desc *bu = mc_mh_desc(MC_MH_BU), *ba = mc_mh_desc(MC_MH_BA), *be = mc_mh_desc(MC_MH_BE);
    F.bu_seq = mc_field_by_key(bu, "seq");
    F.bu_A = mc_field_by_key(bu, "A");
    F.bu_H = mc_field_by_key(bu, "H");
    F.bu_L = mc_field_by_key(bu, "L");
    F.bu_K = mc_field_by_key(bu, "K");
    F.bu_O = mc_field_by_key(bu, "O");
    F.bu_P = mc_field_by_key(bu, "P");
    F.bu_life = mc_field_by_key(bu, "lifetime");
    F.ba_status = mc_field_by_key(ba, "status");
    F.ba_K = mc_field_by_key(ba, "K");
    F.ba_P = mc_field_by_key(ba, "P");
    F.ba_seq = mc_field_by_key(ba, "seq");
    F.ba_life = mc_field_by_key(ba, "lifetime");
    const mc_desc *bid = mc_opt_desc(MC_OPT_BID);
    F.bid_bid = mc_field_by_key(bid, "bid");
    F.bid_status = mc_field_by_key(bid, "status");
    F.bid_H = mc_field_by_key(bid, "H");
    F.bid_res = mc_field_by_key(bid, "res");
    F.bid_coa = mc_field_by_key(bid, "coa");
    for (int t = MC_MH_HOTI; t <= MC_MH_COT; t++)
        F.cookie[t] = mc_field_by_key(mc_mh_desc(t), "cookie");
    F.be_status = mc_field_by_key(be, "status");
    F.be_home = mc_field_by_key(be, "home");
    F.lla_code = mc_field_by_key(mc_opt_desc(MC_OPT_LLA), "code");
    const mc_desc *v4ack = mc_opt_desc(MC_OPT_IPV4ACK);
    F.v4ack_status = mc_field_by_key(v4ack, "status");
    F.v4ack_plen = mc_field_by_key(v4ack, "plen");
    F.v4ack_addr = mc_field_by_key(v4ack, "addr");
}

static uint64_t get(const mc_field *f, const uint8_t *buf, size_t len)
{
    uint64_t v = 0;
    if (f)
        mc_field_get(f, buf, len, &v);
    return v;
}

/* an address field of `len` bytes at the field's offset, when present */
static void addr(const mc_field *f, const uint8_t *buf, size_t len, int v4, mm_addr *out)
{
    memset(out, 0, sizeof *out);
    size_t n = v4 ? 4 : 16;
    if (f && (size_t)f->off + n <= len)
        memcpy(out->a, buf + f->off, n);
    out->v4 = (uint8_t)v4;
}

/* a hash of bytes, eight at a time (the same packet seen twice: not a
 * cryptographic question) */
static uint64_t fnv(uint64_t h, const uint8_t *p, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0x9e3779b97f4a7c15ull;
        h ^= h >> 31;
    }
    for (; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

static void read_bid(const mc_pkt *p, const mc_opt *o, mm_bidopt *b)
{
    const uint8_t *body = mc_opt_cbody(p, o);
    size_t n = o->len;
    memset(b, 0, sizeof *b);
    b->len = (uint8_t)(o->lenfield >= 0 ? o->lenfield : o->len);
    b->bid = (uint16_t)get(F.bid_bid, body, n);
    b->status = (uint8_t)get(F.bid_status, body, n);
    b->hflag = (uint8_t)get(F.bid_H, body, n);
    b->reserved = (uint8_t)get(F.bid_res, body, n);
    if (n == MC_BID_LEN_V4 || n == MC_BID_LEN_V6) {
        b->has_coa = 1;
        addr(F.bid_coa, body, n, n == MC_BID_LEN_V4, &b->coa);
    }
}

/* A packet without a Mobility Header that carries a Home Address option
 * (data from a care-of address, RFC 6275 9.3.1): only its addresses. */
static int data_hao(const mc_pkt *p, mm_msg *m)
{
    int ip6 = -1, hao = -1;
    for (int i = 0; i < p->nlayers; i++) {
        if (p->l[i].kind == MC_LK_IPV6)
            ip6 = i, hao = -1;
        else if (p->l[i].kind == MC_LK_HAO && ip6 >= 0)
            hao = i;
    }
    if (hao < 0)
        return 0;
    const mc_layer *l6 = &p->l[ip6];
    m->kind = MM_MSG_DATA_HAO;
    addr(F.v6src, l6->hdr, l6->len, 0, &m->src);
    addr(F.v6dst, l6->hdr, l6->len, 0, &m->dst);
    m->outer_src = m->src;
    addr(F.hao_home, p->l[hao].hdr, p->l[hao].len, 0, &m->hoa);
    m->has_hao = 1;
    m->has_rh2 = 0;
    return 1;
}

int mm_read(const mc_dissection *d, mm_msg *m)
{
    call_once(&F_once, f_init);
    const mc_pkt *p = &d->pkt;
    m->kind = MM_MSG_NONE;
    if (d->mh < 0)
        return data_hao(p, m);
    if (d->mh >= p->nlayers)
        return 0;
    const mc_layer *mh = &p->l[d->mh];
    if (mh->raw_body || mh->profile != MC_PROFILE_RFC || !mh->desc)
        return 0;
    int ip6 = -1, first_ip = -1, hao = -1, rh2 = -1, udp = 0;
    for (int i = 0; i < d->mh; i++) {
        int k = p->l[i].kind;
        if ((k == MC_LK_IPV6 || k == MC_LK_IPV4) && first_ip < 0)
            first_ip = i;
        if (k == MC_LK_IPV6) {
            ip6 = i;
            hao = rh2 = -1;
        } else if (k == MC_LK_HAO)
            hao = i;
        else if (k == MC_LK_RH2)
            rh2 = i;
        else if (k == MC_LK_UDP)
            udp = 1;
    }
    if (ip6 < 0)
        return 0;
    const mc_layer *l6 = &p->l[ip6];
    /* the scalar fields only: the BID options are written as they are read */
    memset(&m->bu, 0, offsetof(mm_bu, bid));
    m->bu.has_altcoa = m->bu.has_v4coa = m->bu.has_v4hoa = m->bu.has_auth = m->bu.has_lla = m->bu.lla_code = 0;
    m->bu.from_home = m->bu.over_udp4 = m->bu.altcoa_home = 0;
    m->ba.nbid = 0;
    m->ba.bid_more = 0;
    addr(F.v6src, l6->hdr, l6->len, 0, &m->src);
    addr(F.v6dst, l6->hdr, l6->len, 0, &m->dst);
    const mc_layer *lo = &p->l[first_ip];
    if (lo->kind == MC_LK_IPV4) {
        addr(F.v4src, lo->hdr, lo->len, 1, &m->outer_src);
        m->hlim = (uint8_t)get(F.v4ttl, lo->hdr, lo->len);
    } else {
        addr(F.v6src, lo->hdr, lo->len, 0, &m->outer_src);
        m->hlim = (uint8_t)get(F.v6hlim, lo->hdr, lo->len);
    }
    m->has_hao = hao >= 0;
    m->has_rh2 = rh2 >= 0;
    if (hao >= 0)
        addr(F.hao_home, p->l[hao].hdr, p->l[hao].len, 0, &m->hoa);
    else if (rh2 >= 0)
        addr(F.rh2_home, p->l[rh2].hdr, p->l[rh2].len, 0, &m->hoa);
    /* the same packet seen at two points: inner addresses, home address,
     * the MH's fixed part and its options (not the hop limit) */
    uint64_t h = 0xcbf29ce484222325ull;
    h = fnv(h, m->src.a, 16);
    h = fnv(h, m->dst.a, 16);
    if (hao >= 0 || rh2 >= 0)
        h = fnv(h, m->hoa.a, 16);
    h = fnv(h, mh->hdr, mh->len);
    const uint8_t *hb = mh->hdr;
    size_t hl = mh->len;
    int type = mh->code;
    mm_ba *ba = &m->ba;
    ba->v4ack_pos = ba->first_bid_pos = -1;
    ba->has_auth = 0;
    for (int i = 0; i < mh->opt_count; i++) {
        const mc_opt *o = &p->o[mh->opt_first + i];
        uint8_t tl[2] = {o->type, (uint8_t)o->len};
        h = fnv(h, tl, 2);
        h = fnv(h, mc_opt_cbody(p, o), o->len);
        if (o->form != MC_OF_TLV || o->space != MC_OS_MH)
            continue;
        switch (o->type) {
        case MC_OPT_BID:
            if (type == MC_MH_BU) {
                if (m->bu.nbid < MM_MAX_BID)
                    read_bid(p, o, &m->bu.bid[m->bu.nbid++]);
                else
                    m->bu.bid_more = 1;
            } else {
                if (ba->first_bid_pos < 0)
                    ba->first_bid_pos = (int8_t)(i < 127 ? i : 127);
                if (ba->nbid < MM_MAX_BID)
                    read_bid(p, o, &ba->bid[ba->nbid++]);
                else
                    ba->bid_more = 1;
            }
            break;
        case MC_OPT_AUTH:
            ba->has_auth = 1;
            m->bu.has_auth = 1;
            break;
        case MC_OPT_ALTCOA:
            m->bu.has_altcoa = 1;
            if (hao >= 0 && o->len == 16 && !memcmp(mc_opt_cbody(p, o), m->hoa.a, 16))
                m->bu.altcoa_home = 1;
            break;
        case MC_OPT_IPV4COA:
            m->bu.has_v4coa = 1;
            break;
        case MC_OPT_IPV4HOA:
            m->bu.has_v4hoa = 1;
            break;
        case MC_OPT_IPV4ACK:
            if (ba->v4ack_pos < 0) {
                const uint8_t *b = mc_opt_cbody(p, o);
                mm_addr a;
                ba->v4ack_pos = (int8_t)(i < 127 ? i : 127);
                ba->v4ack_status = (uint8_t)get(F.v4ack_status, b, o->len);
                ba->v4ack_plen = (uint8_t)get(F.v4ack_plen, b, o->len);
                addr(F.v4ack_addr, b, o->len, 1, &a);
                memcpy(ba->v4ack_addr, a.a, 4);
            }
            break;
        case MC_OPT_LLA:
            m->bu.has_lla = 1;
            m->bu.lla_code = (uint8_t)get(F.lla_code, mc_opt_cbody(p, o), o->len);
            break;
        default:
            break;
        }
    }
    m->hash = h;
    switch (type) {
    case MC_MH_BU: {
        mm_bu *bu = &m->bu;
        if (get(F.bu_P, hb, hl))
            return 0; /* a Proxy Binding Update (RFC 5213): PMIPv6, not a mobile node's */
        m->kind = MM_MSG_BU;
        bu->seq = (uint16_t)get(F.bu_seq, hb, hl);
        bu->A = (uint8_t)get(F.bu_A, hb, hl);
        bu->H = (uint8_t)get(F.bu_H, hb, hl);
        bu->L = (uint8_t)get(F.bu_L, hb, hl);
        bu->K = (uint8_t)get(F.bu_K, hb, hl);
        bu->O = (uint8_t)get(F.bu_O, hb, hl);
        bu->lifetime = (uint16_t)get(F.bu_life, hb, hl);
        bu->csum_ok = (uint8_t)(d->mh_csum_ok < 0 ? 2 : d->mh_csum_ok);
        bu->from_home = hao < 0;
        bu->over_udp4 = (uint8_t)udp;
        bu->src = m->outer_src;
        if (hao < 0)
            m->hoa = m->src;
        break;
    }
    case MC_MH_BA:
        if (get(F.ba_P, hb, hl))
            return 0; /* a Proxy Binding Acknowledgement (RFC 5213) */
        m->kind = MM_MSG_BA;
        ba->status = (uint8_t)get(F.ba_status, hb, hl);
        ba->K = (uint8_t)get(F.ba_K, hb, hl);
        ba->seq = (uint16_t)get(F.ba_seq, hb, hl);
        ba->lifetime = (uint16_t)get(F.ba_life, hb, hl);
        if (rh2 < 0)
            m->hoa = m->dst;
        break;
    case MC_MH_BRR:
        m->kind = MM_MSG_BRR;
        if (rh2 < 0)
            m->hoa = m->dst;
        break;
    case MC_MH_HOTI:
    case MC_MH_COTI:
    case MC_MH_HOT:
    case MC_MH_COT:
        m->kind = type == MC_MH_HOTI ? MM_MSG_HOTI : type == MC_MH_COTI ? MM_MSG_COTI
                : type == MC_MH_HOT ? MM_MSG_HOT : MM_MSG_COT;
        m->cookie = get(F.cookie[type], hb, hl);
        break;
    case MC_MH_BE:
        m->kind = MM_MSG_BE;
        m->be_status = (uint8_t)get(F.be_status, hb, hl);
        addr(F.be_home, hb, hl, 0, &m->be_home);
        break;
    default:
        return 0;
    }
    return 1;
}
