/*
 * dissect.c - frame bytes -> the packet model the crafter builds from.
 *
 * The model is exact: mc_expr_print(model) -> mc_expr_parse -> mc_build
 * gives back the frame (from the first modelled header on).  Three rules
 * make that hold:
 *   - every header keeps its bytes verbatim in hdr[] (fields are views);
 *     a layout is used only when the bytes fit it, otherwise the header is
 *     kept raw (ext6, mh with a raw body, raw);
 *   - Mobility Header options keep their padding as explicit Pad1/PadN
 *     options, and misaligned options are marked noalign, so the crafter
 *     inserts no padding of its own;
 *   - computed fields (lengths, next headers, checksums, EtherType) are
 *     marked `set` exactly when the value found differs from what mc_build
 *     computes, found by building the model and comparing: one source of
 *     truth for the computations.
 *
 * Every byte is fetched through the bounds-checked cursor of cursor.h; what
 * is missing becomes a note with its frame offset.
 */
#include <string.h>
#include <threads.h>
#include "cursor.h"
#include "mcoa/craft.h"
#include "mcoa/dissect.h"
#include "print_util.h"

/* IPv6 Authentication Header (RFC 4302 2.2): its Payload Len counts
 * 4-octet units minus 2, unlike the other extension headers. */
#define IPPROTO_AH_ 51
/* Largest frame part the model holds (an IP datagram is at most 65535). */
#define MODEL_MAX 65535u

/* ---- fields used by the dissector, resolved once from the wire model ---- */
static struct {
    const mc_field *eth_type, *vlan_type, *sll_type, *sll2_type;
    const mc_field *ip4_ihl, *ip4_len, *ip4_frag, *ip4_proto;
    const mc_field *udp_sport, *udp_dport, *udp_len;
    const mc_field *ip6_ver, *ip6_plen, *ip6_nh, *ip6_src, *ip6_dst;
    const mc_field *hao_home, *rh2_home, *rh2_rtype;
    const mc_field *mh_hlen, *mh_type, *mh_csum;
    uint32_t hao_covered; /* bit i: byte i of the HAO layout belongs to a field */
} F;
static once_flag f_once = ONCE_FLAG_INIT;

static void f_init(void)
{
    F.eth_type = mc_field_by_key(&mc_desc_eth, "type");
    F.vlan_type = mc_field_by_key(&mc_desc_vlan, "type");
    F.sll_type = mc_field_by_key(&mc_desc_sll, "type");
    F.sll2_type = mc_field_by_key(&mc_desc_sll2, "type");
    F.ip4_ihl = mc_field_by_key(&mc_desc_ipv4, "ihl");
    F.ip4_len = mc_field_by_key(&mc_desc_ipv4, "len");
    F.ip4_frag = mc_field_by_key(&mc_desc_ipv4, "frag");
    F.ip4_proto = mc_field_by_key(&mc_desc_ipv4, "proto");
    F.udp_sport = mc_field_by_key(&mc_desc_udp, "sport");
    F.udp_dport = mc_field_by_key(&mc_desc_udp, "dport");
    F.udp_len = mc_field_by_key(&mc_desc_udp, "len");
    F.ip6_ver = mc_field_by_key(&mc_desc_ipv6, "ver");
    F.ip6_plen = mc_field_by_key(&mc_desc_ipv6, "plen");
    F.ip6_nh = mc_field_by_key(&mc_desc_ipv6, "nh");
    F.ip6_src = mc_field_by_key(&mc_desc_ipv6, "src");
    F.ip6_dst = mc_field_by_key(&mc_desc_ipv6, "dst");
    F.hao_home = mc_field_by_key(&mc_desc_hao, "home");
    F.rh2_home = mc_field_by_key(&mc_desc_rh2, "home");
    F.rh2_rtype = mc_field_by_key(&mc_desc_rh2, "rtype");
    F.mh_hlen = mc_field_by_key(&mc_desc_mh, "hlen");
    F.mh_type = mc_field_by_key(&mc_desc_mh, "type");
    F.mh_csum = mc_field_by_key(&mc_desc_mh, "csum");
    for (int i = 0; i < mc_desc_hao.nfields; i++) {
        const mc_field *f = &mc_desc_hao.fields[i];
        for (unsigned b = f->off; b < (unsigned)f->off + f->width && b < 32; b++)
            F.hao_covered |= 1u << b;
    }
}

/* Field value of a header whose bytes are known to be present. */
static uint64_t fv(const mc_field *f, const uint8_t *h, size_t len)
{
    uint64_t v = 0;
    mc_field_get(f, h, len, &v);
    return v;
}

/* ---- dissection state ------------------------------------------------------ */
typedef struct dctx {
    mc_dissection *d;
    const uint8_t *f;
    size_t lim;     /* modelled bytes of the capture */
    int cut;        /* the capture holds fewer bytes than the wire had */
    size_t start;   /* frame offset of the first modelled header */
    int rebuilt;    /* the model builds back to exactly the frame */
    int bid01_type; /* profile mcoa-01: MH options of this type are draft -01 BID sub-options; -1 off */
    /* the MH checksum is checked after the model is complete (see mh_checksum) */
    int csum_li;
    const uint8_t *csum_mh;
    size_t csum_declared, csum_avail;
} dctx;

/* ---- notes: short texts built without printf ------------------------------- */
static mc_note *note(dctx *c, int kind, int layer, int opt, size_t off)
{
    mc_dissection *d = c->d;
    if (d->nnotes >= MC_MAX_NOTES)
        return NULL;
    mc_note *n = &d->notes[d->nnotes++];
    n->kind = (uint8_t)kind;
    n->layer = (int8_t)layer;
    n->opt = (int16_t)opt;
    n->off = (uint32_t)off;
    n->text[0] = 0;
    return n;
}

static mc_note *nt_s(mc_note *n, const char *s)
{
    if (!n)
        return n;
    size_t l = strlen(n->text);
    while (*s && l + 1 < sizeof n->text)
        n->text[l++] = *s++;
    n->text[l] = 0;
    return n;
}

static mc_note *nt_u(mc_note *n, uint64_t v)
{
    char t[24];
    int i = 23;
    t[i] = 0;
    do {
        t[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return nt_s(n, t + i);
}

/* 0x followed by at least `digits` hex digits. */
static mc_note *nt_x(mc_note *n, uint64_t v, int digits)
{
    char t[21];
    int i = pu_hex_fmt(t, v, digits);
    t[20] = 0;
    return nt_s(n, t + i);
}

/* A length that runs past `bound`: cut by the snaplen, or simply wrong. */
static int short_kind(const dctx *c, size_t bound)
{
    return (c->cut && bound >= c->lim) ? MC_NOTE_TRUNCATED : MC_NOTE_LENGTH;
}

/* ---- model helpers ----------------------------------------------------------- */
static int room(const dctx *c) { return c->d->pkt.nlayers < MC_MAX_LAYERS - 1; }

/* Add a layer whose fixed part is the `n` bytes at frame offset `off`
 * (already fetched through a cursor). */
static mc_layer *add_layer(dctx *c, int kind, const mc_desc *desc, size_t off, const uint8_t *h, size_t n)
{
    mc_layer *l = mc_pkt_add_layer(&c->d->pkt, kind, desc, NULL);
    if (!l)
        return NULL;
    memcpy(l->hdr, h, n);
    l->len = (uint16_t)n;
    l->wire_off = (uint32_t)off;
    l->wire_len = (uint32_t)n;
    return l;
}

static int layer_index(const dctx *c, const mc_layer *l) { return (int)(l - c->d->pkt.l); }

static size_t dis_ipv6(dctx *c, size_t off, size_t lim);
static size_t dis_ipv4(dctx *c, size_t off, size_t lim);

/* ---- UDP (RFC 768), with the RFC 5555 encapsulation on port 4191 -------- */

/* The checksum of a datagram captured whole, over the pseudo-header of the
 * IP header right before it (RFC 768; RFC 8200 8.1), summed over the bytes
 * as they are: a receiver discards a datagram whose checksum is wrong (RFC
 * 1122 4.1.3.4), so it is noted as the Mobility Header's is.  Over IPv4 a
 * zero checksum means none was computed. */
static void udp_checksum(dctx *c, const mc_layer *l, size_t off, size_t ulen)
{
    int li = layer_index(c, l);
    const mc_layer *ip = li > 0 ? &c->d->pkt.l[li - 1] : NULL;
    const uint8_t *seg = c->f + off;
    uint16_t found = (uint16_t)fv(mc_field_by_key(&mc_desc_udp, "csum"), seg, ulen);
    uint8_t ph[8] = {0};
    uint32_t s = 0;
    if (ip && ip->kind == MC_LK_IPV4 && ip->len >= mc_desc_ipv4.fixed_len) {
        if (found == 0)
            return;
        s = mc_csum_add(s, ip->hdr + mc_field_by_key(&mc_desc_ipv4, "src")->off, 4);
        s = mc_csum_add(s, ip->hdr + mc_field_by_key(&mc_desc_ipv4, "dst")->off, 4);
        ph[1] = MC_IPPROTO_UDP;
        mc_put16(ph + 2, (uint16_t)ulen);
        s = mc_csum_add(s, ph, 4);
    } else if (ip && ip->kind == MC_LK_IPV6 && ip->len >= mc_desc_ipv6.fixed_len) {
        s = mc_csum_add(s, ip->hdr + mc_field_by_key(&mc_desc_ipv6, "src")->off, 32);
        mc_put32(ph, (uint32_t)ulen);
        ph[7] = MC_IPPROTO_UDP;
        s = mc_csum_add(s, ph, 8);
    } else {
        return; /* no IP header to take the pseudo-header from */
    }
    if (mc_csum_fold(mc_csum_add(s, seg, ulen)) != 0)
        nt_x(nt_s(note(c, MC_NOTE_CHECKSUM, li, -1, off + mc_field_by_key(&mc_desc_udp, "csum")->off),
                  "bad udp csum "),
             found, 4);
}

static size_t dis_udp(dctx *c, size_t off, size_t lim)
{
    mc_cursor k = mc_cur(c->f, off, lim);
    const uint8_t *h = mc_cur_take(&k, mc_desc_udp.fixed_len);
    if (!h || !room(c)) {
        nt_u(nt_s(note(c, short_kind(c, lim), -1, -1, off), "UDP header cut: bytes present "), lim - off);
        return off;
    }
    mc_layer *l = add_layer(c, MC_LK_UDP, &mc_desc_udp, off, h, mc_desc_udp.fixed_len);
    size_t ulen = fv(F.udp_len, h, l->len), end = lim;
    if (ulen < mc_desc_udp.fixed_len || ulen > lim - off) {
        nt_u(nt_s(nt_u(nt_s(note(c, ulen > lim - off ? short_kind(c, lim) : MC_NOTE_LENGTH, layer_index(c, l), -1,
                                 off + F.udp_len->off), "UDP length "), ulen), ", bytes present "), lim - off);
    } else {
        end = off + ulen;
        udp_checksum(c, l, off, ulen);
    }
    size_t pos = off + mc_desc_udp.fixed_len;
    uint8_t v;
    /* RFC 5555 4.1: the IPv6 packet follows the UDP header directly. */
    if ((fv(F.udp_sport, h, l->len) == MC_UDP_PORT_DSMIP6 || fv(F.udp_dport, h, l->len) == MC_UDP_PORT_DSMIP6) &&
        mc_cur_peek8(&k, 0, &v) == 0 && (v >> 4) == 6 && k.pos < end)
        pos = dis_ipv6(c, pos, end);
    return pos;
}

/* ---- IPv6 extension headers (RFC 8200 4) ------------------------------------ */

/* The Destination Options header in exactly the canonical Home Address
 * layout of mc_desc_hao (RFC 6275 6.3): every byte no field covers equals
 * the template, so the crafter rebuilds it from the address alone. */
static int is_canonical_hao(const uint8_t *h, size_t len)
{
    if (len != mc_desc_hao.fixed_len)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!(F.hao_covered & (1u << i)) && h[i] != mc_desc_hao.tmpl[i])
            return 0;
    return fv(&mc_desc_hao.fields[mc_field_index(&mc_desc_hao, "hdrlen")], h, len) == mc_desc_hao.tmpl[1];
}

/* A Destination Options header whose options walk exactly to its end
 * (RFC 8200 4.2: Pad1, or Type, Length, body) and that holds at least one
 * binding option of draft-ietf-mobileip-ipv6-04 (BU 0xC6, BA 0x07, BR
 * 0x08): profile mip6-97.  Any other header is read as before. */
static int is_draft_dstopts(const dctx *c, size_t off, size_t len)
{
    mc_cursor k = mc_cur(c->f, off + mc_desc_dstopts.fixed_len, off + len);
    int binding = 0;
    while (mc_cur_left(&k) > 0) {
        uint8_t t = 0, n = 0;
        mc_cur_peek8(&k, 0, &t);
        if (t == MC_OPT_PAD1) {
            mc_cur_take(&k, 1);
            continue;
        }
        if (mc_cur_peek8(&k, 1, &n) < 0 || !mc_cur_take(&k, 2 + (size_t)n))
            return 0;
        binding |= mc_dopt_is_binding(t);
    }
    return binding;
}

/* That header as a dstopts layer with its options (space MC_OS_DST); the
 * walk above has checked every length.  A known option whose length does
 * not fit its layout gets a note, like a mobility option. */
static int dis_dstopts(dctx *c, size_t off, size_t len)
{
    mc_cursor k = mc_cur(c->f, off, off + len);
    const uint8_t *h = mc_cur_take(&k, mc_desc_dstopts.fixed_len);
    mc_layer *l = add_layer(c, MC_LK_DSTOPT, &mc_desc_dstopts, off, h, mc_desc_dstopts.fixed_len);
    int li = layer_index(c, l);
    l->profile = MC_PROFILE_MIP6_97;
    l->wire_len = (uint32_t)len;
    while (mc_cur_left(&k) > 0) {
        size_t at = k.pos - off;
        uint8_t t = 0, n = 0;
        mc_opt *o;
        mc_cur_peek8(&k, 0, &t);
        if (t == MC_OPT_PAD1) {
            mc_cur_take(&k, 1);
            o = mc_pkt_add_opt(&c->d->pkt, l, MC_OF_PAD1, MC_OPT_PAD1, NULL, 0, NULL);
        } else {
            mc_cur_peek8(&k, 1, &n);
            mc_cur_take(&k, 2);
            o = mc_pkt_add_opt(&c->d->pkt, l, MC_OF_TLV, t, mc_cur_take(&k, n), n, NULL);
            if (o) {
                o->space = MC_OS_DST;
                const mc_desc *ds = mc_dopt_desc(t);
                if (ds && !pu_opt_fits(ds, o))
                    nt_s(nt_s(nt_u(nt_s(nt_s(note(c, MC_NOTE_MALFORMED, li, c->d->pkt.nopts - 1, off + at + 1), ds->abbr),
                                             " option length "), n), ": "), ds->rfc);
            }
        }
        if (!o)
            return -1;
        o->space = MC_OS_DST;
        o->wire_off = (uint16_t)at;
    }
    return 0;
}

/* One extension header at `off`; on success returns its length and sets
 * *nh to the header that follows it (-1: what follows is not a header, as
 * after a non-first fragment). */
static size_t dis_ext(dctx *c, int proto, size_t off, size_t end, int *nh)
{
    mc_cursor k = mc_cur(c->f, off, end);
    uint8_t nx, hl;
    if (mc_cur_peek8(&k, 0, &nx) < 0 || mc_cur_peek8(&k, 1, &hl) < 0) {
        nt_u(nt_s(note(c, short_kind(c, end), -1, -1, off), "extension header cut, protocol "), (uint64_t)proto);
        return 0;
    }
    size_t len;
    if (proto == MC_IPPROTO_FRAGMENT)
        len = 8; /* RFC 8200 4.5: fixed 8 octets, the second byte is reserved */
    else if (proto == IPPROTO_AH_)
        len = ((size_t)hl + 2) * 4;
    else
        len = ((size_t)hl + 1) * 8; /* RFC 8200 4.3 */
    const uint8_t *h = mc_cur_take(&k, len);
    if (!h || !room(c)) {
        if (!h)
            nt_u(nt_s(nt_u(nt_s(nt_u(nt_s(note(c, short_kind(c, end), -1, -1, off), "extension header "),
                                     (uint64_t)proto), " of "), len), " bytes, present "), end - off);
        return 0;
    }
    if (proto == MC_IPPROTO_DSTOPTS && is_canonical_hao(h, len)) {
        add_layer(c, MC_LK_HAO, &mc_desc_hao, off, h, len);
    } else if (proto == MC_IPPROTO_DSTOPTS && is_draft_dstopts(c, off, len)) {
        if (dis_dstopts(c, off, len) < 0)
            return 0;
    } else if (proto == MC_IPPROTO_ROUTING && len == mc_desc_rh2.fixed_len &&
               fv(F.rh2_rtype, h, len) == MC_RH_TYPE2) {
        add_layer(c, MC_LK_RH2, &mc_desc_rh2, off, h, len);
    } else {
        mc_layer *l = add_layer(c, MC_LK_EXT6, &mc_desc_ext6, off, h, mc_desc_ext6.fixed_len);
        l->code = (uint8_t)proto;
        l->wire_len = (uint32_t)len;
        if (mc_pkt_set_tail(&c->d->pkt, l, h + mc_desc_ext6.fixed_len, len - mc_desc_ext6.fixed_len, NULL) < 0)
            return 0;
    }
    *nh = nx;
    if (proto == MC_IPPROTO_FRAGMENT && (mc_get16(h + 2) >> 3) != 0)
        *nh = -1; /* RFC 8200 4.5: only the first fragment starts with the next header */
    return len;
}

/* ---- Mobility Header (RFC 6275 6.1) ---------------------------------------- */

/* Pseudo-header addresses as a receiver sees them (RFC 6275 6.1.1, RFC 8200
 * 8.1): the nearest IPv6 header, its source replaced by a Home Address
 * option's home address and its destination by a Type 2 Routing Header's. */
static void mh_addrs(const dctx *c, int mh, const uint8_t **src, const uint8_t **dst)
{
    static const uint8_t zero[16];
    const mc_pkt *p = &c->d->pkt;
    int ip = mh - 1;
    *src = *dst = zero;
    while (ip >= 0 && p->l[ip].kind != MC_LK_IPV6)
        ip--;
    if (ip < 0)
        return;
    *src = p->l[ip].hdr + F.ip6_src->off;
    *dst = p->l[ip].hdr + F.ip6_dst->off;
    for (int i = ip + 1; i < mh; i++) {
        if (p->l[i].kind == MC_LK_HAO)
            *src = p->l[i].hdr + F.hao_home->off;
        else if (p->l[i].kind == MC_LK_RH2)
            *dst = p->l[i].hdr + F.rh2_home->off;
    }
}

/* An option whose alignment (RFC 6275 6.2.1; RFC 5648 4.3 for BID) is not
 * met where it sits: the crafter must not pad in front of it.  The length
 * used by the rule is ambiguous for an option whose Length byte lies, so
 * both are tried. */
static int misaligned(const mc_opt *o, size_t at)
{
    uint8_t x, y;
    mc_opt_align(o->type, o->len, &x, &y);
    if (!mc_align_ok(x, y, at))
        return 1;
    if (o->lenfield >= 0) {
        mc_opt_align(o->type, (size_t)o->lenfield, &x, &y);
        if (!mc_align_ok(x, y, at))
            return 1;
    }
    return 0;
}

/* A known option whose Length does not fit its layout: the printers show
 * the fields its bytes hold, this note says what is wrong, e.g. "BID
 * option length 5: RFC 5648 4.3 allows 4, 8 or 20". */
static void note_bad_length(dctx *c, int li, int oi, size_t off, const mc_opt *o)
{
    const mc_desc *ds = mc_opt_layout(o);
    if (o->space == MC_OS_BID01) {
        /* draft -01 4.3.1: Length 4 without the C flag, 20 with it */
        uint64_t cf = 0;
        mc_field_get(mc_field_by_key(ds, "C"), mc_opt_cbody(&c->d->pkt, o), o->len, &cf);
        if ((o->len == MC_BID01_LEN_NOCOA && !cf) || (o->len == MC_BID01_LEN_COA && cf))
            return;
        mc_note *n = note(c, MC_NOTE_MALFORMED, li, oi, off);
        nt_s(nt_s(nt_u(nt_s(n, "BID-01 sub-option length "), o->len), cf ? " with the C flag" : " without the C flag"),
             ": draft-ietf-monami6-multiplecoa-01 4.3.1 allows 4 without C, 20 with C");
        return;
    }
    if (!ds || pu_opt_fits(ds, o))
        return;
    mc_note *n = note(c, MC_NOTE_MALFORMED, li, oi, off);
    nt_s(nt_s(nt_s(nt_u(nt_s(nt_s(n, ds->abbr), " option length "), o->len), ": "), ds->rfc), " allows ");
    for (int i = 0; i < ds->nfields; i++) {
        const mc_field *f = &ds->fields[i];
        if (f->kind == MC_FK_TAIL) {
            nt_u(nt_s(n, "at least "), ds->fixed_len);
            return;
        }
        if (f->kind == MC_FK_IPX) {
            nt_u(nt_s(nt_u(nt_s(nt_u(n, f->off), ", "), f->off + 4u), " or "), f->off + 16u);
            return;
        }
    }
    nt_u(n, ds->fixed_len);
}

/* Mobility options (RFC 6275 6.2.1) in [from, to) of the MH at `mh_off`.
 * `kind` is the note kind for an option cut at `to`. */
static void dis_opts(dctx *c, mc_layer *l, size_t mh_off, size_t from, size_t to, int kind)
{
    mc_pkt *p = &c->d->pkt;
    int li = layer_index(c, l);
    mc_cursor k = mc_cur(c->f, mh_off + from, mh_off + to);
    while (mc_cur_left(&k) > 0) {
        size_t at = k.pos - mh_off, left = mc_cur_left(&k);
        uint8_t t = 0, len8 = 0;
        mc_opt *o;
        mc_cur_peek8(&k, 0, &t);
        if (p->nopts >= MC_MAX_OPTS - 1 && left > 1) {
            /* keep the last slot: the rest of the area as raw bytes */
            o = mc_pkt_add_opt(p, l, MC_OF_BYTES, t, mc_cur_take(&k, left), left, NULL);
            nt_u(nt_s(note(c, MC_NOTE_MALFORMED, li, p->nopts - 1, k.pos - left), "more options than the model holds: bytes kept raw "), left);
        } else if (t == MC_OPT_PAD1) {
            o = mc_pkt_add_opt(p, l, MC_OF_PAD1, MC_OPT_PAD1, NULL, 0, NULL);
            mc_cur_take(&k, 1);
        } else if (mc_cur_peek8(&k, 1, &len8) < 0) {
            /* a Type byte and nothing after it */
            o = mc_pkt_add_opt(p, l, MC_OF_BYTES, t, mc_cur_take(&k, 1), 1, NULL);
            nt_s(nt_u(nt_s(note(c, kind, li, p->nopts - 1, mh_off + at), "option type "), t), " without its Length byte");
        } else {
            mc_cur_take(&k, 2);
            size_t have = mc_cur_left(&k), n = len8 <= have ? len8 : have;
            o = mc_pkt_add_opt(p, l, MC_OF_TLV, t, mc_cur_take(&k, n), n, NULL);
            if (o && (int)t == c->bid01_type)
                o->space = MC_OS_BID01;
            if (o && n < len8) {
                o->lenfield = len8;
                mc_note *m = note(c, kind, li, p->nopts - 1, mh_off + at + 1);
                nt_u(nt_s(nt_u(nt_s(m, "option type "), t), " length "), len8);
                nt_u(nt_s(m, kind == MC_NOTE_TRUNCATED ? " cut: body bytes present " : " overruns the Mobility Header: body bytes present "), n);
            }
            if (o && n == len8)
                note_bad_length(c, li, p->nopts - 1, mh_off + at + 1, o);
            if (o && t != MC_OPT_PADN && o->space == MC_OS_MH && misaligned(o, at))
                o->noalign = 1;
        }
        if (!o)
            break;
        o->wire_off = (uint16_t)at;
    }
}

/* The MH checksum over the declared length (RFC 6275 6.1.1, as tcpdump
 * and tshark check it).  When the model rebuilds the frame and mc_build,
 * summing the same bytes over the same pseudo-header, left the field
 * unmarked, the value found is the one wanted: no second sum. */
static void mh_checksum(dctx *c)
{
    mc_dissection *d = c->d;
    int li = c->csum_li, bit = mc_field_index(d->pkt.l[li].desc, "csum");
    const mc_layer *l = &d->pkt.l[li];
    const uint8_t *mh = c->csum_mh;
    size_t declared = c->csum_declared, avail = c->csum_avail;
    if (declared > avail) {
        d->mh_csum_ok = -1; /* it covers the whole header, not all captured */
        return;
    }
    uint16_t want, found = (uint16_t)fv(F.mh_csum, mh, avail);
    if (c->rebuilt && l->wire_len == declared && bit >= 0 && !(l->set & (1u << bit))) {
        want = found;
    } else {
        const uint8_t *src, *dst;
        mh_addrs(c, li, &src, &dst);
        want = mc_mh_checksum(src, dst, mh, declared);
    }
    d->mh_csum_expected = want;
    d->mh_csum_ok = want == found;
    if (!d->mh_csum_ok)
        nt_x(nt_s(nt_x(nt_s(note(c, MC_NOTE_CHECKSUM, li, -1, l->wire_off + F.mh_csum->off), "bad mh csum "), found, 4),
                  ", want "), want, 4);
}

/* The Mobility Header at `off`; `end` bounds it (IPv6 payload or capture).
 * `profile`: MC_PROFILE_MH62 when it came under the draft-era next header 62. */
static size_t dis_mh(dctx *c, size_t off, size_t end, int profile)
{
    mc_dissection *d = c->d;
    mc_cursor k = mc_cur(c->f, off, end);
    size_t avail = mc_cur_left(&k);
    const uint8_t *mh = mc_cur_take(&k, MC_MH_HDR_LEN);
    if (!mh || !room(c)) {
        if (mh)
            return off;
        if (short_kind(c, end) == MC_NOTE_TRUNCATED) {
            nt_u(nt_s(note(c, MC_NOTE_TRUNCATED, -1, -1, off), "Mobility Header cut by the capture: bytes present "),
                 avail);
        } else {
            /* the packet is that short on the wire: malformed (RFC 6275 9.2) */
            nt_s(nt_u(nt_s(note(c, MC_NOTE_LENGTH, -1, -1, off), "Mobility Header of "), avail),
                 " bytes, shorter than its 6-byte common header (RFC 6275 6.1.1)");
            d->mh_short_off = (int32_t)off;
            d->mh_short_len = (uint32_t)avail;
        }
        return off;
    }
    k.pos = off;
    mh = mc_cur_take(&k, avail); /* every byte up to `end` is readable */
    unsigned hlen = (unsigned)fv(F.mh_hlen, mh, avail), type = (unsigned)fv(F.mh_type, mh, avail);
    size_t declared = ((size_t)hlen + 1) * 8; /* RFC 6275 6.1.1 */
    size_t area = declared < avail ? declared : avail;
    const mc_desc *desc = mc_mh_desc((int)type);
    int li = d->pkt.nlayers;
    size_t model;
    mc_layer *l;

    if (declared > avail)
        nt_u(nt_s(nt_u(nt_s(nt_u(nt_s(note(c, short_kind(c, end), li, -1, off + F.mh_hlen->off), "Header Len "), hlen),
                                 " declares "), declared), " bytes, present "), avail);
    if (desc && avail >= desc->fixed_len) {
        model = area > desc->fixed_len ? area : desc->fixed_len;
        l = add_layer(c, MC_LK_MH, desc, off, mh, desc->fixed_len);
        if (declared < desc->fixed_len)
            nt_s(nt_s(nt_u(nt_s(note(c, MC_NOTE_LENGTH, li, -1, off + F.mh_hlen->off), "Header Len declares "), declared),
                      " bytes, shorter than the fixed part of a "), desc->abbr);
        dis_opts(c, l, off, desc->fixed_len, model, short_kind(c, off + area));
        l->nopad = (model % 8) != 0;
    } else {
        /* unknown type, or too short for its type: header + raw body */
        model = area;
        l = add_layer(c, MC_LK_MH, &mc_desc_mh, off, mh, MC_MH_HDR_LEN);
        l->raw_body = 1;
        l->nopad = (model % 8) != 0;
        if (mc_pkt_set_tail(&d->pkt, l, mh + MC_MH_HDR_LEN, model - MC_MH_HDR_LEN, NULL) < 0)
            return off;
        if (!desc)
            nt_u(nt_s(note(c, MC_NOTE_UNSUPPORTED, li, -1, off + F.mh_type->off), "unknown MH type "), type);
        else
            nt_u(nt_s(nt_u(nt_s(nt_s(note(c, short_kind(c, end), li, -1, off), desc->abbr), " needs "), desc->fixed_len),
                      " bytes, present "), avail);
    }
    l->code = (uint8_t)type;
    l->profile = (uint8_t)profile;
    l->wire_len = (uint32_t)model;
    d->mh = li;
    d->mh_declared = (uint32_t)declared;
    d->mh_present = (uint32_t)area;
    c->csum_li = li;
    c->csum_mh = mh;
    c->csum_declared = declared;
    c->csum_avail = avail;
    if (model < avail)
        nt_u(nt_s(note(c, MC_NOTE_LENGTH, li, -1, off + model), "bytes after the Mobility Header: "), avail - model);
    return off + model;
}

/* ---- IP ------------------------------------------------------------------------ */

/* The header chain after an IPv6 header or an extension header. */
static size_t dis_chain(dctx *c, int nh, size_t off, size_t end)
{
    for (;;) {
        switch (nh) {
        case MC_IPPROTO_MH:
            return dis_mh(c, off, end, MC_PROFILE_RFC);
        case MC_IPPROTO_MH_OLD: /* draft-era number, tcpdump and tshark decode it too */
            return dis_mh(c, off, end, MC_PROFILE_MH62);
        case MC_IPPROTO_IPV6:
            return dis_ipv6(c, off, end);
        case MC_IPPROTO_IPV4:
            return dis_ipv4(c, off, end);
        case MC_IPPROTO_UDP:
            return dis_udp(c, off, end);
        case MC_IPPROTO_HOPOPTS:
        case MC_IPPROTO_ROUTING:
        case MC_IPPROTO_FRAGMENT:
        case MC_IPPROTO_DSTOPTS:
        case IPPROTO_AH_: {
            size_t n = dis_ext(c, nh, off, end, &nh);
            if (n == 0)
                return off;
            off += n;
            if (nh < 0)
                return off;
            break;
        }
        default:
            return off; /* upper layer we do not model: raw */
        }
    }
}

/* Where an IP payload ends: its length field, or the bound when that
 * field runs past it (noted). */
static size_t ip_end(dctx *c, int li, size_t field_off, size_t start, size_t declared_len, size_t lim,
                     const char *what)
{
    if (declared_len <= lim - start)
        return start + declared_len;
    nt_u(nt_s(nt_u(nt_s(nt_s(note(c, short_kind(c, lim), li, -1, field_off), what), " "), declared_len),
              ", bytes present "), lim - start);
    return lim;
}

static void note_trailer(dctx *c, int li, size_t end, size_t lim, const char *what)
{
    if (end < lim)
        nt_u(nt_s(nt_s(note(c, MC_NOTE_LENGTH, li, -1, end), "bytes after the "), what), lim - end);
}

static size_t dis_ipv6(dctx *c, size_t off, size_t lim)
{
    mc_cursor k = mc_cur(c->f, off, lim);
    const uint8_t *h = mc_cur_take(&k, mc_desc_ipv6.fixed_len);
    if (!h || !room(c)) {
        if (!h)
            nt_u(nt_s(note(c, short_kind(c, lim), -1, -1, off), "IPv6 header cut: bytes present "), lim - off);
        return off;
    }
    mc_layer *l = add_layer(c, MC_LK_IPV6, &mc_desc_ipv6, off, h, mc_desc_ipv6.fixed_len);
    int li = layer_index(c, l);
    uint64_t ver = fv(F.ip6_ver, h, l->len);
    if (ver != 6)
        nt_u(nt_s(note(c, MC_NOTE_MALFORMED, li, -1, off), "IP version "), ver);
    size_t end = ip_end(c, li, off + F.ip6_plen->off, off + l->len, fv(F.ip6_plen, h, l->len), lim,
                        "IPv6 payload length");
    size_t pos = dis_chain(c, (int)fv(F.ip6_nh, h, l->len), off + l->len, end);
    note_trailer(c, li, end, lim, "IPv6 payload: ");
    return pos;
}

static size_t dis_ipv4(dctx *c, size_t off, size_t lim)
{
    mc_cursor k = mc_cur(c->f, off, lim);
    const uint8_t *h = mc_cur_take(&k, mc_desc_ipv4.fixed_len);
    if (!h || !room(c)) {
        if (!h)
            nt_u(nt_s(note(c, short_kind(c, lim), -1, -1, off), "IPv4 header cut: bytes present "), lim - off);
        return off;
    }
    uint64_t ihl = fv(F.ip4_ihl, h, mc_desc_ipv4.fixed_len);
    if (ihl * 4 != mc_desc_ipv4.fixed_len) {
        /* RFC 791 3.1: options make the header longer; the model has none */
        nt_u(nt_s(note(c, MC_NOTE_UNSUPPORTED, -1, -1, off), "IPv4 header with options not modelled, IHL "), ihl);
        return off;
    }
    mc_layer *l = add_layer(c, MC_LK_IPV4, &mc_desc_ipv4, off, h, mc_desc_ipv4.fixed_len);
    int li = layer_index(c, l);
    size_t tl = fv(F.ip4_len, h, l->len), end;
    if (tl < l->len) {
        nt_u(nt_s(note(c, MC_NOTE_LENGTH, li, -1, off + F.ip4_len->off), "IPv4 total length "), tl);
        end = lim;
    } else {
        end = ip_end(c, li, off + F.ip4_len->off, off, tl, lim, "IPv4 total length");
    }
    size_t pos = off + l->len;
    if ((fv(F.ip4_frag, h, l->len) & 0x1fff) == 0) { /* RFC 791: a non-first fragment carries no header */
        uint64_t proto = fv(F.ip4_proto, h, l->len);
        if (proto == MC_IPPROTO_UDP)
            pos = dis_udp(c, pos, end);
        else if (proto == MC_IPPROTO_IPV6)
            pos = dis_ipv6(c, pos, end);
    }
    note_trailer(c, li, end, lim, "IPv4 packet: ");
    return pos;
}

/* IPv4 or IPv6 by the version nibble (LINKTYPE_RAW, SLIP). */
static size_t dis_ipver(dctx *c, size_t off, size_t lim)
{
    mc_cursor k = mc_cur(c->f, off, lim);
    uint8_t v;
    if (mc_cur_peek8(&k, 0, &v) < 0)
        return off;
    if ((v >> 4) == 6)
        return dis_ipv6(c, off, lim);
    if ((v >> 4) == 4)
        return dis_ipv4(c, off, lim);
    nt_u(nt_s(note(c, MC_NOTE_UNSUPPORTED, -1, -1, off), "IP version "), (unsigned)(v >> 4));
    return off;
}

/* ---- link layer ------------------------------------------------------------------ */

/* A 16-byte link header (SLIP) the model cannot hold: the model and its
 * expression start at the IP header. */
static int skip_link16(dctx *c, const char *what)
{
    mc_cursor k = mc_cur(c->f, 0, c->lim);
    if (!mc_cur_take(&k, 16)) {
        nt_s(nt_s(note(c, MC_NOTE_TRUNCATED, -1, -1, 0), what), " header cut");
        return -1;
    }
    nt_s(nt_s(note(c, MC_NOTE_UNSUPPORTED, -1, -1, 0), what),
         " header (16 bytes) is not in the model: the expression rebuilds from the IP header on");
    c->start = 16;
    return 0;
}

/* A fixed link-layer header of layout `ds` at `off`; NULL (noted) when
 * the frame is shorter. */
static mc_layer *link_hdr(dctx *c, int kind, const mc_desc *ds, size_t off)
{
    mc_cursor k = mc_cur(c->f, off, c->lim);
    const uint8_t *h = mc_cur_take(&k, ds->fixed_len);
    if (!h || !room(c)) {
        if (!h)
            nt_u(nt_s(nt_s(note(c, short_kind(c, c->lim), -1, -1, off), ds->label), " header cut: bytes present "),
                 c->lim - off);
        return NULL;
    }
    return add_layer(c, kind, ds, off, h, ds->fixed_len);
}

/* What an EtherType at `off` announces (after Ethernet, a VLAN tag or a
 * Linux cooked header): any stack of 802.1Q / 802.1ad tags, then IPv6 or
 * IPv4.  `l` is the layer holding the EtherType field `tf`. */
static size_t dis_ethertype(dctx *c, mc_layer *l, const mc_field *tf, size_t off)
{
    for (;;) {
        uint64_t type = fv(tf, l->hdr, l->len);
        if (type == MC_ETHERTYPE_IPV6)
            return dis_ipv6(c, off, c->lim);
        if (type == MC_ETHERTYPE_IPV4)
            return dis_ipv4(c, off, c->lim);
        if (type != MC_ETHERTYPE_VLAN && type != MC_ETHERTYPE_QINQ && type != MC_ETHERTYPE_QINQ_OLD) {
            nt_x(nt_s(note(c, MC_NOTE_UNSUPPORTED, layer_index(c, l), -1, l->wire_off + tf->off),
                      "EtherType not decoded: "), type, 4);
            return off;
        }
        /* 0x9100 (pre-standard QinQ) is an S-tag: the EtherType in front
         * of it is kept as found ("eth type=0x9100 / qinq 10"). */
        mc_layer *t = link_hdr(c, MC_LK_VLAN, type == MC_ETHERTYPE_VLAN ? &mc_desc_vlan : &mc_desc_qinq, off);
        if (!t)
            return off;
        l = t;
        tf = F.vlan_type;
        off += t->len;
    }
}

/* BSD loopback: the family says IPv4 or IPv6.  NULL is in the capturing
 * host's order: a value that only makes sense swapped is read with the
 * big-endian layout (null-be).  LOOP is big-endian. */
static int bsd_family_kind(uint64_t af)
{
    if (af == MC_BSD_AF_INET)
        return 4;
    if (af == MC_BSD_AF_INET6 || af == MC_BSD_AF_INET6_FREEBSD || af == MC_BSD_AF_INET6_DARWIN)
        return 6;
    return 0;
}

static size_t dis_bsd(dctx *c, int linktype)
{
    mc_cursor k = mc_cur(c->f, 0, c->lim);
    const uint8_t *h = mc_cur_take(&k, 4);
    if (!h) {
        nt_u(nt_s(note(c, short_kind(c, c->lim), -1, -1, 0), "loopback header cut: bytes present "), c->lim);
        return 0;
    }
    uint64_t be = mc_get32(h), le = (uint64_t)h[0] | (uint64_t)h[1] << 8 | (uint64_t)h[2] << 16 | (uint64_t)h[3] << 24;
    const mc_desc *ds = &mc_desc_loop;
    int v = bsd_family_kind(be);
    if (linktype == MC_LINKTYPE_NULL) {
        ds = bsd_family_kind(le) || !v ? &mc_desc_null : &mc_desc_null_be;
        v = ds == &mc_desc_null ? bsd_family_kind(le) : v;
    } else if (!v && (v = bsd_family_kind(le)) != 0) {
        nt_u(nt_s(note(c, MC_NOTE_MALFORMED, 0, -1, 0), "LOOP family in little-endian order: "), le);
    }
    mc_layer *l = link_hdr(c, MC_LK_NULL, ds, 0);
    if (!l)
        return 0;
    if (v == 6)
        return dis_ipv6(c, 4, c->lim);
    if (v == 4)
        return dis_ipv4(c, 4, c->lim);
    nt_u(nt_s(note(c, MC_NOTE_UNSUPPORTED, 0, -1, 0), "loopback address family not decoded: "),
         ds == &mc_desc_null ? le : be);
    return 4;
}

static size_t dis_link(dctx *c, int linktype)
{
    mc_layer *l;
    switch (linktype) {
    case MC_LINKTYPE_ETHERNET:
        if (!(l = link_hdr(c, MC_LK_ETH, &mc_desc_eth, 0)))
            return 0;
        return dis_ethertype(c, l, F.eth_type, l->len);
    case MC_LINKTYPE_RAW:
    case MC_LINKTYPE_DLT_RAW:
        return dis_ipver(c, 0, c->lim);
    case MC_LINKTYPE_IPV6:
        return dis_ipv6(c, 0, c->lim);
    case MC_LINKTYPE_IPV4:
        return dis_ipv4(c, 0, c->lim);
    case MC_LINKTYPE_LINUX_SLL:
        if (!(l = link_hdr(c, MC_LK_SLL, &mc_desc_sll, 0)))
            return 0;
        return dis_ethertype(c, l, F.sll_type, l->len);
    case MC_LINKTYPE_LINUX_SLL2:
        if (!(l = link_hdr(c, MC_LK_SLL, &mc_desc_sll2, 0)))
            return 0;
        return dis_ethertype(c, l, F.sll2_type, l->len);
    case MC_LINKTYPE_NULL:
    case MC_LINKTYPE_LOOP:
        return dis_bsd(c, linktype);
    case MC_LINKTYPE_SLIP:
        if (skip_link16(c, "SLIP pseudo") < 0)
            return 0;
        return dis_ipver(c, 16, c->lim);
    default:
        nt_u(nt_s(note(c, MC_NOTE_UNSUPPORTED, -1, -1, 0), "link type not decoded: "), (uint64_t)(unsigned)linktype);
        return 0;
    }
}

/* ---- computed fields: one source of truth, the crafter's mc_build ----------- */

static void template_computed(mc_layer *l)
{
    const mc_desc *ds = l->desc;
    for (int j = 0; ds && j < ds->nfields; j++) {
        const mc_field *f = &ds->fields[j];
        uint64_t v = 0;
        if (!(f->flags & MC_FF_COMPUTED) || (l->set & (1u << j)) || (size_t)f->off + f->width > l->len)
            continue;
        if (!f->mask) { /* whole bytes: copy them */
            if (ds->tmpl)
                memcpy(l->hdr + f->off, ds->tmpl + f->off, f->width);
            else
                memset(l->hdr + f->off, 0, f->width);
            continue;
        }
        if (ds->tmpl)
            mc_field_get(f, ds->tmpl, ds->fixed_len, &v);
        mc_field_put(f, l->hdr, l->len, v);
    }
}

/* Mark each computed field whose found value differs from what mc_build
 * computes.  Marking one can change another (a lying Header Len changes
 * the checksum the crafter computes), so repeat until nothing changes; the
 * last build is then the model's own, which must equal the frame. */
static void fix_computed(dctx *c)
{
    static _Thread_local uint8_t out[MC_FRAME_MAX];
    mc_pkt *p = &c->d->pkt;
    uint32_t wo[MC_MAX_LAYERS], wl[MC_MAX_LAYERS];
    uint16_t ow[MC_MAX_OPTS];
    for (int i = 0; i < p->nlayers; i++) {
        wo[i] = p->l[i].wire_off;
        wl[i] = p->l[i].wire_len;
    }
    for (int i = 0; i < p->nopts; i++)
        ow[i] = p->o[i].wire_off;

    for (int pass = 0; pass < 4; pass++) {
        size_t n = 0;
        /* An unmarked computed field is not printed, so a parsed expression
         * starts it from the template: build from the same state (this is
         * what catches a field the crafter computes only in some contexts,
         * like the EtherType in front of raw bytes). */
        for (int i = 0; i < p->nlayers; i++)
            template_computed(&p->l[i]);
        int changed = 0, failed = mc_build(p, out, sizeof out, &n, NULL) < 0;
        for (int i = 0; i < p->nlayers; i++) {
            mc_layer *l = &p->l[i];
            const mc_desc *ds = l->desc;
            const uint8_t *found = c->f + wo[i];
            for (int j = 0; ds && j < ds->nfields; j++) {
                const mc_field *f = &ds->fields[j];
                if (!(f->flags & MC_FF_COMPUTED) || (l->set & (1u << j)))
                    continue;
                uint64_t a = 0, b = 1;
                mc_field_get(f, found, l->len, &a);
                if (!failed && l->wire_off + (size_t)l->len <= n)
                    mc_field_get(f, out + l->wire_off, l->len, &b);
                if (failed || a != b) {
                    l->set |= 1u << j;
                    changed = 1;
                }
            }
            /* mc_build copied its computed values into hdr: restore the frame's */
            memcpy(l->hdr, found, l->len);
        }
        if (!changed && !failed) {
            size_t want = c->lim - c->start, i = 0;
            c->rebuilt = n == want && memcmp(out, c->f + c->start, n) == 0;
            if (!c->rebuilt) {
                while (i < n && i < want && out[i] == c->f[c->start + i])
                    i++;
                nt_u(nt_s(note(c, MC_NOTE_MALFORMED, -1, -1, c->start + i),
                          "model does not rebuild this frame: first difference at byte "), c->start + i);
            }
        }
        if (!changed || failed)
            break;
    }
    for (int i = 0; i < p->nlayers; i++) {
        p->l[i].wire_off = wo[i];
        p->l[i].wire_len = wl[i];
    }
    for (int i = 0; i < p->nopts; i++)
        p->o[i].wire_off = ow[i];
}

int mc_dissect(const uint8_t *frame, size_t caplen, size_t wirelen, int linktype, mc_dissection *d)
{
    return mc_dissect_ex(frame, caplen, wirelen, linktype, d, 0);
}

int mc_dissect_ex(const uint8_t *frame, size_t caplen, size_t wirelen, int linktype, mc_dissection *d,
                  unsigned flags)
{
    static const uint8_t none[1];
    call_once(&f_once, f_init);
    mc_pkt_init(&d->pkt);
    d->linktype = linktype;
    d->caplen = (uint32_t)caplen;
    d->wirelen = (uint32_t)wirelen;
    d->mh = -1;
    d->mh_declared = d->mh_present = 0;
    d->mh_csum_ok = -1;
    d->mh_csum_expected = 0;
    d->mh_short_off = -1;
    d->mh_short_len = 0;
    d->nnotes = 0;

    dctx c = {d, frame ? frame : none, caplen, caplen < wirelen, 0, 0, -1, -1, NULL, 0, 0};
    if (flags & MC_DISSECT_BID01)
        c.bid01_type = (int)((flags >> 8) & 0xff);
    if (!frame)
        c.lim = 0;
    if (c.lim > MODEL_MAX) {
        nt_u(nt_s(note(&c, MC_NOTE_UNSUPPORTED, -1, -1, MODEL_MAX), "frame longer than the model: bytes modelled "),
             MODEL_MAX);
        c.lim = MODEL_MAX;
    }
    size_t pos = dis_link(&c, linktype);
    if (pos < c.lim) {
        mc_layer *l = mc_pkt_add_layer(&d->pkt, MC_LK_RAW, NULL, NULL);
        if (l) {
            l->wire_off = (uint32_t)pos;
            l->wire_len = (uint32_t)(c.lim - pos);
            mc_pkt_set_tail(&d->pkt, l, c.f + pos, c.lim - pos, NULL);
        }
    }
    if (d->pkt.nlayers && !(flags & MC_DISSECT_NO_EXPR))
        fix_computed(&c);
    if (c.csum_li >= 0)
        mh_checksum(&c);
    return d->nnotes ? 1 : 0;
}
