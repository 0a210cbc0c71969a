/*
 * print_line.c - one line per packet, in the manner of tcpdump -n:
 *
 *   TS SRC > DST: HAO HOME MH BU seq 7 A H O lifetime 60 (240s) BID 1 coa X, BID 2 [notes]
 *
 * Table-driven: message and option fields come from their layouts in the
 * wire model; padding options are not shown.  No printf, no allocation.
 */
#include <threads.h>
#include "mcoa/dissect.h"
#include "print_util.h"

/* Fields the line names directly, resolved once from the wire model. */
static struct {
    const mc_field *ip4_src, *ip4_dst, *ip4_proto, *udp_sport, *udp_dport, *ip6_src, *ip6_dst, *ip6_nh;
    const mc_field *eth_type, *hao_home, *rh2_home, *ext_nh, *vlan_id, *vlan_type, *sll_type, *sll2_type;
} L;
static once_flag l_once = ONCE_FLAG_INIT;

static void l_init(void)
{
    L.ip4_src = mc_field_by_key(&mc_desc_ipv4, "src");
    L.ip4_dst = mc_field_by_key(&mc_desc_ipv4, "dst");
    L.ip4_proto = mc_field_by_key(&mc_desc_ipv4, "proto");
    L.udp_sport = mc_field_by_key(&mc_desc_udp, "sport");
    L.udp_dport = mc_field_by_key(&mc_desc_udp, "dport");
    L.ip6_src = mc_field_by_key(&mc_desc_ipv6, "src");
    L.ip6_dst = mc_field_by_key(&mc_desc_ipv6, "dst");
    L.ip6_nh = mc_field_by_key(&mc_desc_ipv6, "nh");
    L.eth_type = mc_field_by_key(&mc_desc_eth, "type");
    L.hao_home = mc_field_by_key(&mc_desc_hao, "home");
    L.rh2_home = mc_field_by_key(&mc_desc_rh2, "home");
    L.ext_nh = mc_field_by_key(&mc_desc_ext6, "nh"); /* offset 0 in every extension header */
    L.vlan_id = mc_field_by_key(&mc_desc_vlan, "id");
    L.vlan_type = mc_field_by_key(&mc_desc_vlan, "type");
    L.sll_type = mc_field_by_key(&mc_desc_sll, "type");
    L.sll2_type = mc_field_by_key(&mc_desc_sll2, "type");
}

static uint64_t lget(const mc_layer *l, const mc_field *f)
{
    uint64_t v = 0;
    mc_field_get(f, l->hdr, l->len, &v);
    return v;
}

/* One field of a message or option body, as "key value" (POS fields of an
 * option print the value alone: "BID 1").  Zero reserved bits, and zero
 * non-positional option fields, are left out. */
static void field(pw *o, const mc_field *f, const uint8_t *b, size_t len, int in_opt)
{
    long n = pu_field_bytes(f, len);
    if (n < 0 || (f->kind == MC_FK_IPX && n != 4 && n != 16))
        return; /* absent (BID without a Care-of Address) */
    uint64_t v = 0;
    if (f->kind == MC_FK_UINT || f->kind == MC_FK_FLAG) {
        mc_field_get(f, b, len, &v);
        if (v == 0 && (f->kind == MC_FK_FLAG || (f->flags & MC_FF_RESERVED) || (in_opt && !(f->flags & MC_FF_POS))))
            return;
    }
    pw_ch(o, ' ');
    if (f->kind == MC_FK_FLAG) {
        pw_str(o, f->key);
        return;
    }
    if (!(in_opt && (f->flags & MC_FF_POS))) {
        pw_str(o, f->key);
        pw_ch(o, ' ');
    }
    switch (f->kind) {
    case MC_FK_UINT: {
        /* statuses by their RFC name; other codes (LLA Option-Code) by key */
        const mc_code_name *cn = f->names ? mc_code_lookup(f->names, f->nnames, (int)v) : NULL;
        const char *name = !cn ? NULL : strcmp(f->key, "status") == 0 ? cn->name : cn->key;
        if (pu_hexish(f))
            pw_hex(o, v, 1);
        else
            pw_u64(o, v);
        if (name) {
            pw_lit(o, " (");
            pw_str(o, name);
            pw_ch(o, ')');
        } else if (pu_is_4s_units(f)) {
            pw_lit(o, " (");
            pw_u64(o, v * 4);
            pw_lit(o, "s)");
        }
        break;
    }
    case MC_FK_IP6: pw_ip6(o, b + f->off); break;
    case MC_FK_IP4: pw_ip4(o, b + f->off); break;
    case MC_FK_MAC: pw_mac(o, b + f->off); break;
    case MC_FK_IPX:
        if (n == 16)
            pw_ip6(o, b + f->off);
        else
            pw_ip4(o, b + f->off);
        break;
    default: pw_hexbytes(o, b + f->off, (size_t)n); break;
    }
}

/* The options of a message or of a draft-era dstopts header, padding left
 * out, comma-separated. */
static void options(pw *o, const mc_dissection *d, const mc_layer *l)
{
    const mc_pkt *p = &d->pkt;
    int first = 1;
    for (unsigned i = 0; i < l->opt_count; i++) {
        const mc_opt *op = &p->o[l->opt_first + i];
        if (op->form == MC_OF_PAD1 || (op->form == MC_OF_TLV && op->type == MC_OPT_PADN && op->space != MC_OS_BID01))
            continue;
        pw_str(o, first ? " " : ", ");
        first = 0;
        const mc_desc *ds = op->form == MC_OF_TLV ? mc_opt_layout(op) : NULL;
        const uint8_t *b = mc_opt_cbody(p, op);
        if (op->form == MC_OF_BYTES) {
            pw_lit(o, "bytes ");
            pw_hexbytes(o, b, op->len);
            continue;
        } else if (!ds) {
            pw_lit(o, "opt ");
            pw_u64(o, op->type);
            pw_lit(o, " len ");
            pw_u64(o, pu_opt_lenbyte(op));
            continue;
        }
        pw_str(o, ds->abbr);
        if (op->space == MC_OS_BID01) { /* its type is the profile's parameter */
            pw_lit(o, " type ");
            pw_u64(o, op->type);
        }
        for (int j = 0; j < ds->nfields; j++)
            field(o, &ds->fields[j], b, op->len, 1);
        if (!pu_opt_fits(ds, op)) {
            /* every field its bytes hold, then what is wrong */
            pw_lit(o, " len ");
            pw_u64(o, pu_opt_lenbyte(op));
            pw_str(o, op->lenfield >= 0 ? " (overrun)" : " (bad length)");
        }
    }
}

/* Message fields after the common 6-byte header (RFC 6275 6.1.1). */
static void message(pw *o, const mc_dissection *d, const mc_layer *l)
{
    const mc_pkt *p = &d->pkt;
    if (l->profile == MC_PROFILE_MH62)
        pw_lit(o, " MH(62, pre-IANA) "); /* draft-era next header 62 */
    else
        pw_lit(o, " MH ");
    uint8_t sb[MC_HDR_MAX];
    size_t sn = 0;
    const mc_desc *shortd = pu_mh_short(p, l, sb, &sn);
    if (shortd) {
        /* too short for its type: the fields present, then the length */
        pw_str(o, shortd->abbr);
        for (int i = 0; i < shortd->nfields; i++)
            if (shortd->fields[i].off >= MC_MH_HDR_LEN)
                field(o, &shortd->fields[i], sb, sn, 0);
        pw_lit(o, " length ");
        pw_u64(o, l->len + l->tail_len);
        pw_lit(o, " (too short)");
    } else if (l->raw_body) {
        pw_lit(o, "type ");
        pw_u64(o, l->code);
        pw_lit(o, " length ");
        pw_u64(o, l->len + l->tail_len);
    } else {
        pw_str(o, l->desc->abbr);
        for (int i = 0; i < l->desc->nfields; i++)
            if (l->desc->fields[i].off >= MC_MH_HDR_LEN)
                field(o, &l->desc->fields[i], l->hdr, l->len, 0);
    }
    options(o, d, l);
}

/* Protocol of the bytes a raw layer holds, from the header before it. */
static void raw(pw *o, const mc_dissection *d, int i)
{
    const mc_layer *l = &d->pkt.l[i], *prev = i > 0 ? &d->pkt.l[i - 1] : NULL;
    if (!prev) {
        pw_lit(o, " link-type ");
        pw_u64(o, (uint64_t)(unsigned)d->linktype);
    } else if (prev->kind == MC_LK_MH) {
        return; /* bytes after the MH: the note says it */
    } else if (prev->kind == MC_LK_UDP) {
        /* "UDP 5353 > 5353: length 45" */
    } else if (prev->kind == MC_LK_ETH || prev->kind == MC_LK_VLAN || prev->kind == MC_LK_SLL) {
        const mc_field *tf = prev->kind == MC_LK_ETH ? L.eth_type : prev->kind == MC_LK_VLAN ? L.vlan_type
                             : prev->desc == &mc_desc_sll ? L.sll_type : L.sll2_type;
        pw_lit(o, " ethertype ");
        pw_hex(o, lget(prev, tf), 4);
    } else if (prev->kind == MC_LK_NULL) {
        pw_lit(o, " family ");
        pw_u64(o, lget(prev, prev->desc->fields)); /* its one field, in the layout's byte order */
    } else if (prev->kind == MC_LK_IPV4) {
        pw_lit(o, " proto ");
        pw_u64(o, lget(prev, L.ip4_proto));
    } else {
        pw_lit(o, " next-header ");
        pw_u64(o, lget(prev, prev->kind == MC_LK_IPV6 ? L.ip6_nh : L.ext_nh));
    }
    pw_lit(o, " length ");
    pw_u64(o, l->tail_len);
}

static void ext6_name(pw *o, const mc_layer *l)
{
    switch (l->code) {
    case MC_IPPROTO_HOPOPTS: pw_lit(o, " HBH"); break;
    case MC_IPPROTO_DSTOPTS: pw_lit(o, " DSTOPT"); break;
    case MC_IPPROTO_ROUTING: pw_lit(o, " RH"); break;
    case MC_IPPROTO_FRAGMENT: pw_lit(o, " FRAG"); break;
    default:
        pw_lit(o, " EXT ");
        pw_u64(o, l->code);
    }
    pw_lit(o, " len ");
    pw_u64(o, l->wire_len);
}

void mc_print_line(mc_outbuf *ob, const mc_dissection *d, uint64_t frameno, double ts)
{
    pw w, *o = &w;
    call_once(&l_once, l_init);
    if (pw_open(o, ob, pu_bound(d)) < 0)
        return;
    const mc_pkt *p = &d->pkt;
    (void)frameno;
    pw_ts(o, ts);
    for (int i = 0; i < p->nlayers; i++) {
        const mc_layer *l = &p->l[i];
        switch (l->kind) {
        case MC_LK_IPV4:
            pw_lit(o, " IP ");
            pw_ip4(o, l->hdr + L.ip4_src->off);
            pw_lit(o, " > ");
            pw_ip4(o, l->hdr + L.ip4_dst->off);
            pw_ch(o, ':');
            break;
        case MC_LK_UDP:
            pw_lit(o, " UDP ");
            pw_u64(o, lget(l, L.udp_sport));
            pw_lit(o, " > ");
            pw_u64(o, lget(l, L.udp_dport));
            pw_ch(o, ':');
            break;
        case MC_LK_IPV6:
            pw_str(o, d->mh < 0 ? " IP6 " : " ");
            pw_ip6(o, l->hdr + L.ip6_src->off);
            pw_lit(o, " > ");
            pw_ip6(o, l->hdr + L.ip6_dst->off);
            pw_ch(o, ':');
            break;
        case MC_LK_HAO:
        case MC_LK_RH2:
            pw_ch(o, ' ');
            pw_str(o, l->desc->abbr);
            pw_ch(o, ' ');
            pw_ip6(o, l->hdr + (l->kind == MC_LK_HAO ? L.hao_home : L.rh2_home)->off);
            break;
        case MC_LK_EXT6: ext6_name(o, l); break;
        case MC_LK_VLAN: /* tagged traffic says its VLAN ids, outer first */
            pw_lit(o, " vlan ");
            pw_u64(o, lget(l, L.vlan_id));
            break;
        case MC_LK_MH: message(o, d, l); break;
        case MC_LK_DSTOPT: /* draft-ietf-mobileip-ipv6-04 binding options */
            pw_lit(o, " DSTOPT(1997 draft)");
            options(o, d, l);
            break;
        case MC_LK_RAW: raw(o, d, i); break;
        default: break;
        }
    }
    /* Problems in brackets; "not modelled" remarks only in -v and JSON. */
    for (unsigned i = 0; i < d->nnotes; i++) {
        if (d->notes[i].kind == MC_NOTE_UNSUPPORTED)
            continue;
        pw_lit(o, " [");
        pw_str(o, d->notes[i].text);
        pw_ch(o, ']');
    }
    pw_ch(o, '\n');
    pw_close(o);
}
