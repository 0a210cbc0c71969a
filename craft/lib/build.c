/*
 * build.c - packet model -> bytes.
 *
 * Three passes over the model:
 *   1. write every layer (header bytes, tail, MH options with the alignment
 *      and end padding of RFC 6275 6.2.1 / 6.1.1) and record where it went;
 *   2. fill the computed lengths and next-header values;
 *   3. fill the checksums, innermost first (MH, then UDP, then the IPv4
 *      header), because an outer checksum covers the inner bytes.
 * A computed field whose bit is in layer->set is left as the model says,
 * which is how deliberately broken packets are written.
 */
#include <stdlib.h>
#include <string.h>
#include "mcoa/craft.h"
#include "mcoa/dissect.h"

/* Output cursor: every write is bounds-checked against the caller's cap. */
typedef struct wbuf {
    uint8_t *p;
    size_t len, cap;
    mc_err *e;
} wbuf;

static int w_mem(wbuf *w, const uint8_t *src, size_t n)
{
    if (n > w->cap - w->len) {
        mc_err_set(w->e, (long)w->len, "frame larger than the %zu-byte buffer", w->cap);
        return -1;
    }
    if (src)
        memcpy(w->p + w->len, src, n);
    else
        memset(w->p + w->len, 0, n);
    w->len += n;
    return 0;
}

static int w_byte(wbuf *w, uint8_t b) { return w_mem(w, &b, 1); }

/* Padding of `gap` bytes inside a Mobility Header option area: Pad1 for a
 * single byte (RFC 6275 6.2.2), PadN with gap-2 zero bytes otherwise
 * (RFC 6275 6.2.3). */
static int w_pad(wbuf *w, size_t gap)
{
    if (gap == 0)
        return 0;
    if (gap == 1)
        return w_byte(w, MC_OPT_PAD1);
    if (w_byte(w, MC_OPT_PADN) < 0 || w_byte(w, (uint8_t)(gap - 2)) < 0)
        return -1;
    return w_mem(w, NULL, gap - 2);
}

/* Bytes needed in front of an option at `off` to reach x n + y. */
static size_t align_gap(uint8_t x, uint8_t y, size_t off)
{
    if (x == 0 || mc_align_ok(x, y, off))
        return 0;
    return (size_t)((y + x - off % x) % x);
}

/* One mobility option; `mh_start` is the frame offset of the MH. */
static int write_opt(wbuf *w, mc_pkt *p, mc_opt *o, size_t mh_start)
{
    const uint8_t *body = mc_opt_cbody(p, o);
    /* Alignment: mobility options by their type (RFC 6275 6.2.1, RFC 5648
     * 4.3); a draft -01 BID sub-option and the 1997 destination options
     * state none. */
    if (o->form == MC_OF_TLV && !o->noalign && o->space == MC_OS_MH && o->type != MC_OPT_PADN &&
        o->type != MC_OPT_PAD1) {
        uint8_t x, y;
        mc_opt_align(o->type, o->len, &x, &y);
        if (w_pad(w, align_gap(x, y, w->len - mh_start)) < 0)
            return -1;
    }
    o->wire_off = (uint16_t)(w->len - mh_start);
    switch (o->form) {
    case MC_OF_PAD1:
        return w_byte(w, MC_OPT_PAD1);
    case MC_OF_BYTES:
        return w_mem(w, body, o->len);
    default: /* TLV, RFC 6275 6.2.1 */
        if (w_byte(w, o->type) < 0)
            return -1;
        if (w_byte(w, (uint8_t)(o->lenfield >= 0 ? o->lenfield : o->len)) < 0)
            return -1;
        return w_mem(w, body, o->len);
    }
}

/* Mobility Header (and the draft-era Destination Options header, whose
 * options and padding are encoded the same way, RFC 8200 4.2): fixed part,
 * raw tail, options, end padding.  A raw MH
 * (unknown type, "mh type=N data=...") is written verbatim: its body is not
 * an option area, so it gets neither options nor padding. */
static int write_mh(wbuf *w, mc_pkt *p, mc_layer *l)
{
    size_t start = w->len;
    if (w_mem(w, l->hdr, l->len) < 0 || w_mem(w, p->arena + l->tail_off, l->tail_len) < 0)
        return -1;
    if (l->raw_body)
        return 0;
    for (unsigned i = 0; i < l->opt_count; i++)
        if (write_opt(w, p, &p->o[l->opt_first + i], start) < 0)
            return -1;
    /* RFC 6275 6.1.1: the MH is a multiple of 8 octets. */
    if (!l->nopad)
        return w_pad(w, align_gap(8, 0, w->len - start));
    return 0;
}

static int write_layers(wbuf *w, mc_pkt *p)
{
    for (int i = 0; i < p->nlayers; i++) {
        mc_layer *l = &p->l[i];
        l->wire_off = (uint32_t)w->len;
        if (l->kind == MC_LK_MH || l->kind == MC_LK_DSTOPT) {
            if (write_mh(w, p, l) < 0)
                return -1;
        } else if (w_mem(w, l->hdr, l->len) < 0 || w_mem(w, p->arena + l->tail_off, l->tail_len) < 0) {
            return -1;
        }
        l->wire_len = (uint32_t)(w->len - l->wire_off);
    }
    return 0;
}

/* ---- computed fields ------------------------------------------------------ */

/* Write computed field `key` of layer `l` (in the frame) unless the model
 * marks it as given.  A value that does not fit is an error: the builder
 * never silently truncates a length. */
static int put_computed(uint8_t *frame, const mc_layer *l, const char *key, uint64_t v, mc_err *e)
{
    int i = mc_field_index(l->desc, key);
    if (i < 0 || (l->set & (1u << i)))
        return 0;
    if (mc_field_put(&l->desc->fields[i], frame + l->wire_off, l->len, v) < 0) {
        mc_err_set(e, (long)l->wire_off, "%s %s %llu does not fit its field", l->desc->key, key,
                   (unsigned long long)v);
        return -1;
    }
    return 0;
}

/* Protocol number announcing layer `n` (RFC 8200 4, IANA protocol numbers);
 * no next layer or raw bytes -> No Next Header (59). */
static int next_proto(const mc_pkt *p, int n)
{
    if (n >= p->nlayers)
        return MC_IPPROTO_NONE;
    const mc_layer *l = &p->l[n];
    switch (l->kind) {
    case MC_LK_IPV4: return MC_IPPROTO_IPV4;
    case MC_LK_UDP: return MC_IPPROTO_UDP;
    case MC_LK_IPV6: return MC_IPPROTO_IPV6;
    case MC_LK_HAO: return mc_desc_hao.code;
    case MC_LK_RH2: return mc_desc_rh2.code;
    case MC_LK_EXT6: return l->code;
    case MC_LK_MH: return l->profile == MC_PROFILE_MH62 ? MC_IPPROTO_MH_OLD : MC_IPPROTO_MH;
    case MC_LK_DSTOPT: return MC_IPPROTO_DSTOPTS;
    default: return MC_IPPROTO_NONE;
    }
}

/* IPv6 extension header length in 8-octet units, not counting the first 8
 * (RFC 8200 4.3), rounding a partial unit up. */
static uint64_t ext_hdrlen(uint32_t bytes)
{
    return bytes ? (bytes + 7) / 8 - 1 : 0;
}

/* EtherType announcing layer `n` (after Ethernet, a VLAN tag or a Linux
 * cooked header): IPv4, IPv6, or the TPID of a tag (its layout's code);
 * -1 for anything else (the field keeps its template value). */
static long next_ethertype(const mc_pkt *p, int n)
{
    if (n >= p->nlayers)
        return -1;
    const mc_layer *l = &p->l[n];
    switch (l->kind) {
    case MC_LK_IPV4: return MC_ETHERTYPE_IPV4;
    case MC_LK_IPV6: return MC_ETHERTYPE_IPV6;
    case MC_LK_VLAN: return l->desc->code;
    default: return -1;
    }
}

/* BSD loopback address family of layer `n`. */
static long next_family(const mc_pkt *p, int n)
{
    if (n >= p->nlayers)
        return -1;
    return p->l[n].kind == MC_LK_IPV4 ? MC_BSD_AF_INET : p->l[n].kind == MC_LK_IPV6 ? MC_BSD_AF_INET6 : -1;
}

static int fill_lengths(uint8_t *frame, size_t flen, mc_pkt *p, mc_err *e)
{
    for (int i = 0; i < p->nlayers; i++) {
        const mc_layer *l = &p->l[i];
        int nh = next_proto(p, i + 1);
        int r = 0;
        switch (l->kind) {
        case MC_LK_ETH:
        case MC_LK_VLAN:
        case MC_LK_SLL: {
            long et = next_ethertype(p, i + 1);
            if (et >= 0)
                r = put_computed(frame, l, "type", (uint64_t)et, e);
            break;
        }
        case MC_LK_NULL: {
            long af = next_family(p, i + 1);
            if (af >= 0)
                r = put_computed(frame, l, "family", (uint64_t)af, e);
            break;
        }
        case MC_LK_IPV4:
            r = put_computed(frame, l, "len", flen - l->wire_off, e);
            r |= put_computed(frame, l, "proto", (uint64_t)nh, e);
            break;
        case MC_LK_UDP:
            r = put_computed(frame, l, "len", flen - l->wire_off, e);
            break;
        case MC_LK_IPV6:
            r = put_computed(frame, l, "plen", flen - l->wire_off - l->len, e);
            r |= put_computed(frame, l, "nh", (uint64_t)nh, e);
            break;
        case MC_LK_HAO:
        case MC_LK_EXT6:
        case MC_LK_DSTOPT:
            r = put_computed(frame, l, "nh", (uint64_t)nh, e);
            r |= put_computed(frame, l, "hdrlen", ext_hdrlen(l->wire_len), e);
            break;
        case MC_LK_RH2:
            r = put_computed(frame, l, "nh", (uint64_t)nh, e);
            break;
        case MC_LK_MH:
            /* RFC 6275 6.1.1: Header Len in 8-octet units excluding the
             * first 8.  An MH over 2048 bytes cannot say its length: the
             * field keeps the low 8 bits, the packet is built anyway. */
            r = put_computed(frame, l, "hlen", ext_hdrlen(l->wire_len) & 0xff, e);
            break;
        default:
            break;
        }
        if (r)
            return -1;
    }
    return 0;
}

/* Addresses of the MH checksum pseudo-header (RFC 6275 6.1.1, RFC 8200
 * 8.1): the nearest IPv6 header before the MH gives source and destination;
 * a Home Address option between them replaces the source by the home
 * address, and a Type 2 Routing Header replaces the destination by its home
 * address, the final destination (RFC 8200 8.1: "if the packet contains a
 * Routing header, the Destination Address used in the pseudo-header is that
 * of the final destination").  Without an IPv6 header both are ::. */
static void mh_pseudo_addrs(const uint8_t *frame, const mc_pkt *p, int mh, uint8_t src[16], uint8_t dst[16])
{
    const mc_field *fs = mc_field_by_key(&mc_desc_ipv6, "src");
    const mc_field *fd = mc_field_by_key(&mc_desc_ipv6, "dst");
    const mc_field *fh = mc_field_by_key(&mc_desc_hao, "home");
    const mc_field *fr = mc_field_by_key(&mc_desc_rh2, "home");
    memset(src, 0, 16);
    memset(dst, 0, 16);
    int ip = mh - 1;
    while (ip >= 0 && p->l[ip].kind != MC_LK_IPV6)
        ip--;
    if (ip < 0)
        return;
    memcpy(src, frame + p->l[ip].wire_off + fs->off, 16);
    memcpy(dst, frame + p->l[ip].wire_off + fd->off, 16);
    for (int i = ip + 1; i < mh; i++) {
        if (p->l[i].kind == MC_LK_HAO)
            memcpy(src, frame + p->l[i].wire_off + fh->off, 16);
        else if (p->l[i].kind == MC_LK_RH2)
            memcpy(dst, frame + p->l[i].wire_off + fr->off, 16);
    }
}

/* UDP checksum over the pseudo-header of the nearest IP header before it:
 * IPv4 (RFC 768) or IPv6 (RFC 8200 8.1).  A computed 0 is sent as 0xffff
 * because 0 means "no checksum" (RFC 768). */
static uint16_t udp_checksum(const uint8_t *frame, const mc_pkt *p, int u)
{
    const mc_layer *l = &p->l[u];
    const uint8_t *seg = frame + l->wire_off;
    uint32_t seglen = mc_get16(seg + mc_field_by_key(&mc_desc_udp, "len")->off);
    uint32_t avail = l->wire_len;
    for (int i = u + 1; i < p->nlayers; i++)
        avail += p->l[i].wire_len;
    uint32_t s = 0;
    uint8_t ph[8] = {0};
    int ip = u - 1;
    while (ip >= 0 && p->l[ip].kind != MC_LK_IPV4 && p->l[ip].kind != MC_LK_IPV6)
        ip--;
    if (ip >= 0 && p->l[ip].kind == MC_LK_IPV4) {
        const uint8_t *h = frame + p->l[ip].wire_off;
        s = mc_csum_add(s, h + mc_field_by_key(&mc_desc_ipv4, "src")->off, 4);
        s = mc_csum_add(s, h + mc_field_by_key(&mc_desc_ipv4, "dst")->off, 4);
        ph[1] = MC_IPPROTO_UDP;
        mc_put16(ph + 2, (uint16_t)seglen);
        s = mc_csum_add(s, ph, 4);
    } else if (ip >= 0) {
        const uint8_t *h = frame + p->l[ip].wire_off;
        s = mc_csum_add(s, h + mc_field_by_key(&mc_desc_ipv6, "src")->off, 32);
        mc_put32(ph, seglen);
        ph[7] = MC_IPPROTO_UDP;
        s = mc_csum_add(s, ph, 8);
    }
    /* the segment with the checksum field as zero; never past the frame */
    size_t coff = mc_field_by_key(&mc_desc_udp, "csum")->off;
    s = mc_csum_add(s, seg, coff);
    size_t rest = avail > coff + 2 ? avail - coff - 2 : 0;
    s = mc_csum_add(s, seg + coff + 2, rest);
    uint16_t c = mc_csum_fold(s);
    return c ? c : 0xffff;
}

static uint16_t ipv4_checksum(const uint8_t *h, size_t len)
{
    size_t coff = mc_field_by_key(&mc_desc_ipv4, "csum")->off;
    uint32_t s = mc_csum_add(0, h, coff);
    s = mc_csum_add(s, h + coff + 2, len - coff - 2);
    return mc_csum_fold(s);
}

static int fill_checksums(uint8_t *frame, mc_pkt *p, mc_err *e)
{
    for (int i = p->nlayers - 1; i >= 0; i--) {
        const mc_layer *l = &p->l[i];
        uint8_t *h = frame + l->wire_off;
        int r = 0;
        if (l->kind == MC_LK_MH && l->len >= MC_MH_HDR_LEN) {
            uint8_t src[16], dst[16];
            mh_pseudo_addrs(frame, p, i, src, dst);
            r = put_computed(frame, l, "csum", mc_mh_checksum(src, dst, h, l->wire_len), e);
        } else if (l->kind == MC_LK_UDP) {
            r = put_computed(frame, l, "csum", udp_checksum(frame, p, i), e);
        } else if (l->kind == MC_LK_IPV4) {
            r = put_computed(frame, l, "csum", ipv4_checksum(h, l->len), e);
        }
        if (r)
            return -1;
    }
    return 0;
}

int mc_build(mc_pkt *p, uint8_t *out, size_t cap, size_t *out_len, mc_err *e)
{
    wbuf w = {out, 0, cap, e};
    *out_len = 0;
    if (write_layers(&w, p) < 0)
        return -1;
    if (fill_lengths(out, w.len, p, e) < 0 || fill_checksums(out, p, e) < 0)
        return -1;
    /* Keep the model equal to the wire: computed values become visible to
     * callers; they stay unmarked in `set`, so printers still omit them. */
    for (int i = 0; i < p->nlayers; i++)
        memcpy(p->l[i].hdr, out + p->l[i].wire_off, p->l[i].len);
    *out_len = w.len;
    return 0;
}

int mc_pkt_linktype(const mc_pkt *p)
{
    int lt = p->nlayers > 0 && p->l[0].desc ? mc_desc_linktype(p->l[0].desc) : -1;
    return lt >= 0 ? lt : MC_LINKTYPE_RAW;
}

int mc_craft(const char *expr, uint8_t *out, size_t cap, size_t *out_len, mc_err *e)
{
    /* An mc_pkt is large (its arena): keep it off the caller's stack. */
    mc_pkt *p = malloc(sizeof *p);
    if (!p) {
        mc_err_set(e, -1, "out of memory");
        return -1;
    }
    int r = mc_expr_parse(expr, p, e) < 0 ? -1 : mc_build(p, out, cap, out_len, e);
    free(p);
    return r;
}
