/*
 * test_dissect.c - the dissector on hand-written frames: a BU with a Home
 * Address option and BID options, a BA through a Type 2 Routing Header, a
 * BU in IPv4/UDP (RFC 5555), a truncated MH, an overrunning option, a bad
 * checksum.  Asserts the model (layers, options, `set` bits), notes and
 * the checksum verdict; then every prefix of every frame is dissected from
 * a buffer of exactly that size (ASan catches any read past it), and must
 * print as an expression that crafts the same bytes again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mcoa/craft.h"
#include "mcoa/dissect.h"
#include "mcoa/lint.h"

static mc_dissection g_d;

/* ---- frames ------------------------------------------------------------- */
#define SRC_F1  0x20, 0x01, 0x0d, 0xb8, 0, 0xf1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10 /* 2001:db8:f1::10 */
#define HA      0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1      /* 2001:db8:1::1 */
#define HOME    0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0      /* 2001:db8:1::100 */

/* IPv6 / HAO / BU seq 7 A H O lifetime 60 / PadN 4 / BID 1 coa / BID 2 / PadN 0
 * MH: 12 fixed + 6 pad + 22 BID + 6 BID + 2 pad = 48 bytes, Header Len 5. */
static uint8_t bu_hao[] = {
    0x60, 0, 0, 0, 0, 72, 60, 64, SRC_F1, HA,
    /* Destination Options: Home Address option at 8n+6 (RFC 6275 6.3) */
    135, 2, 1, 2, 0, 0, 201, 16, HOME,
    /* BU (RFC 6275 6.1.7) */
    59, 5, 5, 0, 0, 0, 0, 7, 0xc0, 0x40, 0, 60,
    1, 4, 0, 0, 0, 0,                   /* PadN: BID with a CoA at 8n+2 */
    35, 20, 0, 1, 0, 0, SRC_F1,         /* BID 1 coa (RFC 5648 4.3) */
    35, 4, 0, 2, 0, 0,                  /* BID 2 */
    1, 0,                               /* PadN to 8 octets */
};
#define BU_HAO_MH 64

/* IPv6 / RH2 / BA status 0 seq 7 lifetime 60 / BID 1 / PadN 4: 24 bytes. */
static uint8_t ba_rh2[] = {
    0x60, 0, 0, 0, 0, 48, 43, 64, HA, SRC_F1,
    135, 2, 2, 1, 0, 0, 0, 0, HOME,     /* Type 2 Routing Header (RFC 6275 6.4) */
    59, 2, 6, 0, 0, 0, 0, 0, 0, 7, 0, 60,
    35, 4, 0, 1, 0, 0,
    1, 4, 0, 0, 0, 0,
};
#define BA_RH2_MH 64

/* IPv4 / UDP 4191 / IPv6 / BU seq 1 A H lifetime 60 / PadN 2 (RFC 5555 4.1).
 * The UDP checksum is left 0 ("none", RFC 768), which the crafter would not
 * write: the dissector must mark it. */
static uint8_t bu_udp[] = {
    0x45, 0, 0, 84, 0, 0, 0x40, 0, 64, 17, 0, 0, 192, 0, 2, 10, 198, 51, 100, 1,
    0x10, 0x5f, 0x10, 0x5f, 0, 64, 0, 0,
    0x60, 0, 0, 0, 0, 16, 135, 64, HOME, HA,
    59, 1, 5, 0, 0, 0, 0, 1, 0xc0, 0, 0, 60,
    1, 2, 0, 0,
};
#define BU_UDP_MH 68

/* BU whose option says 40 bytes in a 16-byte MH. */
static uint8_t bu_overrun[] = {
    0x60, 0, 0, 0, 0, 16, 135, 64, SRC_F1, HA,
    59, 1, 5, 0, 0, 0, 0, 9, 0x80, 0, 0, 10,
    35, 40, 0, 1,
};
#define BU_OVERRUN_MH 40

/* Fill the MH checksum (RFC 6275 6.1.1) as a correct sender would. */
static void fix_csum(uint8_t *f, size_t mh, size_t mhlen, const uint8_t *src, const uint8_t *dst)
{
    f[mh + 4] = f[mh + 5] = 0;
    mc_put16(f + mh + 4, mc_mh_checksum(src, dst, f + mh, mhlen));
}

static int setup(void **state)
{
    (void)state;
    /* pseudo-header: home address (HAO) as source; RH2 home as destination */
    fix_csum(bu_hao, BU_HAO_MH, 48, bu_hao + 40 + 8, bu_hao + 24);
    fix_csum(ba_rh2, BA_RH2_MH, 24, ba_rh2 + 8, ba_rh2 + 40 + 8);
    fix_csum(bu_udp, BU_UDP_MH, 16, bu_udp + 28 + 8, bu_udp + 28 + 24);
    fix_csum(bu_overrun, BU_OVERRUN_MH, 16, bu_overrun + 8, bu_overrun + 24);
    /* IPv4 header checksum (RFC 791) */
    mc_put16(bu_udp + 10, mc_csum_fold(mc_csum_add(0, bu_udp, 20)));
    return 0;
}

/* ---- helpers -------------------------------------------------------------- */
static int set_bit(const mc_layer *l, const char *key)
{
    int i = mc_field_index(l->desc, key);
    assert_true(i >= 0);
    return (l->set >> i) & 1;
}

static int has_note(const mc_dissection *d, int kind, const char *text)
{
    for (unsigned i = 0; i < d->nnotes; i++)
        if (d->notes[i].kind == kind && (!text || strstr(d->notes[i].text, text)))
            return 1;
    return 0;
}

static uint64_t get(const mc_layer *l, const char *key)
{
    uint64_t v = 0;
    assert_int_equal(mc_layer_get(l, key, &v), 0);
    return v;
}

static void no_computed_set(const mc_pkt *p)
{
    for (int i = 0; i < p->nlayers; i++)
        assert_int_equal(p->l[i].set, 0);
}

/* ---- cases ---------------------------------------------------------------- */
static void bu_with_hao_and_bids(void **state)
{
    (void)state;
    mc_dissection *d = &g_d;
    assert_int_equal(mc_dissect(bu_hao, sizeof bu_hao, sizeof bu_hao, MC_LINKTYPE_RAW, d), 0);
    const mc_pkt *p = &d->pkt;
    assert_int_equal(p->nlayers, 3);
    assert_int_equal(p->l[0].kind, MC_LK_IPV6);
    assert_int_equal(p->l[1].kind, MC_LK_HAO);
    assert_int_equal(p->l[2].kind, MC_LK_MH);
    assert_ptr_equal(p->l[2].desc, mc_mh_desc(MC_MH_BU));
    assert_int_equal(d->mh, 2);
    assert_int_equal(get(&p->l[2], "seq"), 7);
    assert_int_equal(get(&p->l[2], "A"), 1);
    assert_int_equal(get(&p->l[2], "H"), 1);
    assert_int_equal(get(&p->l[2], "O"), 1);
    assert_int_equal(get(&p->l[2], "K"), 0);
    assert_int_equal(get(&p->l[2], "lifetime"), 60);
    assert_int_equal(p->l[2].wire_off, BU_HAO_MH);
    assert_int_equal(p->l[2].wire_len, 48);
    assert_int_equal(p->l[2].nopad, 0);
    /* PadN, BID 1 (coa), BID 2, PadN */
    assert_int_equal(p->l[2].opt_count, 4);
    const mc_opt *o = &p->o[p->l[2].opt_first];
    assert_int_equal(o[0].type, MC_OPT_PADN);
    assert_int_equal(o[1].type, MC_OPT_BID);
    assert_int_equal(o[1].len, 20);
    assert_int_equal(o[1].lenfield, -1);
    assert_int_equal(o[1].wire_off, 18);
    assert_int_equal(o[1].noalign, 0);
    assert_int_equal(mc_get16(mc_opt_cbody(p, &o[1])), 1);
    assert_int_equal(o[2].type, MC_OPT_BID);
    assert_int_equal(o[2].len, 4);
    assert_int_equal(o[2].wire_off, 40);
    assert_int_equal(o[3].type, MC_OPT_PADN);
    assert_int_equal(d->mh_csum_ok, 1);
    assert_int_equal(d->mh_declared, 48);
    assert_int_equal(d->mh_present, 48);
    assert_int_equal(d->nnotes, 0);
    no_computed_set(p);

    mc_outbuf ob;
    mc_out_init(&ob, NULL);
    mc_print_line(&ob, d, 1, 0.000001);
    assert_string_equal(ob.buf, "0.000001 2001:db8:f1::10 > 2001:db8:1::1: HAO 2001:db8:1::100 MH BU seq 7 A H O "
                                "lifetime 60 (240s) BID 1 coa 2001:db8:f1::10, BID 2\n");
    mc_out_free(&ob);
}

static void ba_via_rh2(void **state)
{
    (void)state;
    mc_dissection *d = &g_d;
    assert_int_equal(mc_dissect(ba_rh2, sizeof ba_rh2, sizeof ba_rh2, MC_LINKTYPE_IPV6, d), 0);
    const mc_pkt *p = &d->pkt;
    assert_int_equal(p->nlayers, 3);
    assert_int_equal(p->l[1].kind, MC_LK_RH2);
    assert_ptr_equal(p->l[2].desc, mc_mh_desc(MC_MH_BA));
    assert_int_equal(get(&p->l[2], "status"), MC_BA_ACCEPTED);
    assert_int_equal(p->l[2].opt_count, 2);
    assert_int_equal(p->o[p->l[2].opt_first].type, MC_OPT_BID);
    assert_int_equal(d->mh_csum_ok, 1); /* destination = the RH2 home address */
    no_computed_set(p);
}

static void bu_in_ipv4_udp(void **state)
{
    (void)state;
    mc_dissection *d = &g_d;
    mc_dissect(bu_udp, sizeof bu_udp, sizeof bu_udp, MC_LINKTYPE_RAW, d);
    const mc_pkt *p = &d->pkt;
    assert_int_equal(p->nlayers, 4);
    assert_int_equal(p->l[0].kind, MC_LK_IPV4);
    assert_int_equal(p->l[1].kind, MC_LK_UDP);
    assert_int_equal(p->l[2].kind, MC_LK_IPV6);
    assert_int_equal(p->l[3].kind, MC_LK_MH);
    assert_int_equal(d->mh_csum_ok, 1);
    /* only the zero UDP checksum differs from what the crafter computes */
    assert_int_equal(p->l[0].set, 0);
    assert_int_equal(set_bit(&p->l[1], "csum"), 1);
    assert_int_equal(set_bit(&p->l[1], "len"), 0);
    assert_int_equal(p->l[2].set, 0);
    assert_int_equal(p->l[3].set, 0);
}

/* RFC 768 / RFC 1122 4.1.3.4: a UDP checksum that is not the sum over the
 * IPv4 pseudo-header and the datagram is noted (a receiver drops it); the
 * right one, or 0 (none, over IPv4), is not. */
static void udp_checksum_checked(void **state)
{
    (void)state;
    mc_dissection *d = &g_d;
    uint8_t f[sizeof bu_udp];
    memcpy(f, bu_udp, sizeof f);
    size_t u = (size_t)(f[0] & 0x0f) * 4, ulen = mc_get16(f + u + 4);
    uint8_t ph[4] = {0, MC_IPPROTO_UDP, (uint8_t)(ulen >> 8), (uint8_t)ulen};
    f[u + 6] = f[u + 7] = 0;
    uint32_t s = mc_csum_add(mc_csum_add(mc_csum_add(0, f + 12, 8), ph, 4), f + u, ulen);
    uint16_t c = mc_csum_fold(s);
    mc_put16(f + u + 6, c ? c : 0xffff);
    mc_dissect(f, sizeof f, sizeof f, MC_LINKTYPE_RAW, d);
    assert_false(has_note(d, MC_NOTE_CHECKSUM, NULL));
    assert_int_equal(set_bit(&d->pkt.l[1], "csum"), 0);
    f[u + 7] ^= 0x01;
    mc_dissect(f, sizeof f, sizeof f, MC_LINKTYPE_RAW, d);
    assert_true(has_note(d, MC_NOTE_CHECKSUM, "bad udp csum"));
    assert_int_equal(d->mh_csum_ok, 1);
}

static void truncated_mh(void **state)
{
    (void)state;
    mc_dissection *d = &g_d;
    /* cut inside the BID option: Type and Length of BID 1 captured, no body */
    size_t cut = BU_HAO_MH + 20;
    assert_int_equal(mc_dissect(bu_hao, cut, sizeof bu_hao, MC_LINKTYPE_RAW, d), 1);
    const mc_pkt *p = &d->pkt;
    const mc_layer *mh = &p->l[d->mh];
    assert_ptr_equal(mh->desc, mc_mh_desc(MC_MH_BU));
    assert_int_equal(d->mh_csum_ok, -1);
    assert_int_equal(d->mh_declared, 48);
    assert_int_equal(d->mh_present, 20);
    assert_int_equal(mh->opt_count, 2);
    const mc_opt *bid = &p->o[mh->opt_first + 1];
    assert_int_equal(bid->form, MC_OF_TLV);
    assert_int_equal(bid->len, 0);
    assert_int_equal(bid->lenfield, 20);
    assert_int_equal(mh->nopad, 1);      /* 20 bytes modelled */
    assert_int_equal(set_bit(mh, "hlen"), 1); /* 20 bytes would give Header Len 2, the frame says 5 */
    assert_true(has_note(d, MC_NOTE_TRUNCATED, "Header Len 5"));
    assert_true(has_note(d, MC_NOTE_TRUNCATED, "option type 35"));
    assert_true(has_note(d, MC_NOTE_TRUNCATED, "IPv6 payload length"));
    assert_false(has_note(d, MC_NOTE_CHECKSUM, NULL));
    assert_int_equal(set_bit(&p->l[0], "plen"), 1);
}

static void overrunning_option(void **state)
{
    (void)state;
    mc_dissection *d = &g_d;
    assert_int_equal(mc_dissect(bu_overrun, sizeof bu_overrun, sizeof bu_overrun, MC_LINKTYPE_RAW, d), 1);
    const mc_pkt *p = &d->pkt;
    const mc_layer *mh = &p->l[d->mh];
    assert_int_equal(mh->opt_count, 1);
    const mc_opt *o = &p->o[mh->opt_first];
    assert_int_equal(o->type, MC_OPT_BID);
    assert_int_equal(o->len, 2);
    assert_int_equal(o->lenfield, 40);
    assert_int_equal(o->wire_off, 12);
    assert_int_equal(d->mh_csum_ok, 1);
    assert_true(has_note(d, MC_NOTE_LENGTH, "overruns"));
    assert_int_equal(d->notes[0].off, BU_OVERRUN_MH + 13); /* its Length byte */
    assert_int_equal(mh->set, 0);
}

static void bad_checksum(void **state)
{
    (void)state;
    mc_dissection *d = &g_d;
    uint8_t f[sizeof bu_hao];
    memcpy(f, bu_hao, sizeof f);
    uint16_t good = mc_get16(f + BU_HAO_MH + 4);
    f[BU_HAO_MH + 4] = f[BU_HAO_MH + 5] = 0;
    assert_int_equal(mc_dissect(f, sizeof f, sizeof f, MC_LINKTYPE_RAW, d), 1);
    const mc_layer *mh = &d->pkt.l[d->mh];
    assert_int_equal(d->mh_csum_ok, 0);
    assert_int_equal(d->mh_csum_expected, good);
    assert_int_equal(set_bit(mh, "csum"), 1);
    assert_int_equal(set_bit(mh, "hlen"), 0);
    assert_true(has_note(d, MC_NOTE_CHECKSUM, "bad mh csum 0x0000, want 0x"));
    assert_int_equal(d->notes[0].off, BU_HAO_MH + 4);

    mc_outbuf ob;
    mc_out_init(&ob, NULL);
    mc_print_json(&ob, d, 1, 0);
    assert_non_null(strstr(ob.buf, "\"csum_ok\":false"));
    assert_non_null(strstr(ob.buf, "{\"kind\":\"checksum\",\"off\":68,"));
    mc_out_free(&ob);
}

/* Every prefix, from a heap buffer of exactly that size, dissects without
 * reading past it, prints in all forms, and crafts back to those bytes. */
static void prefix(const uint8_t *frame, size_t len, int linktype)
{
    static uint8_t out[MC_FRAME_MAX];
    static char expr[1 << 16];
    mc_outbuf ob;
    mc_out_init(&ob, NULL);
    for (size_t n = 0; n <= len; n++) {
        uint8_t *b = malloc(n ? n : 1);
        assert_non_null(b);
        memcpy(b, frame, n);
        mc_dissect(b, n, len, linktype, &g_d);
        mc_print_line(&ob, &g_d, 1, 0);
        mc_print_verbose(&ob, &g_d, 1, 0);
        mc_print_json(&ob, &g_d, 1, 0);
        ob.len = 0;
        for (unsigned i = 0; i < g_d.nnotes; i++)
            assert_null(strstr(g_d.notes[i].text, "does not rebuild"));
        if (n > 0) {
            mc_err e = {0};
            size_t m = 0;
            assert_true(mc_expr_print(&g_d.pkt, expr, sizeof expr) >= 0);
            if (mc_craft(expr, out, sizeof out, &m, &e) < 0)
                fail_msg("prefix %zu: %s: %s", n, expr, e.msg);
            if (m != n || memcmp(out, b, n) != 0)
                fail_msg("prefix %zu does not round-trip: %s", n, expr);
        }
        free(b);
    }
    mc_out_free(&ob);
}

static void every_prefix(void **state)
{
    (void)state;
    prefix(bu_hao, sizeof bu_hao, MC_LINKTYPE_RAW);
    prefix(ba_rh2, sizeof ba_rh2, MC_LINKTYPE_RAW);
    prefix(bu_udp, sizeof bu_udp, MC_LINKTYPE_RAW);
    prefix(bu_overrun, sizeof bu_overrun, MC_LINKTYPE_RAW);
}

/* Link types: Ethernet with an EtherType we do not decode, SLIP, unknown. */
static void link_types(void **state)
{
    (void)state;
    uint8_t f[14 + sizeof bu_hao];
    memset(f, 0x02, 12);
    f[12] = 0x86;
    f[13] = 0xdd;
    memcpy(f + 14, bu_hao, sizeof bu_hao);
    assert_int_equal(mc_dissect(f, sizeof f, sizeof f, MC_LINKTYPE_ETHERNET, &g_d), 0);
    assert_int_equal(g_d.pkt.l[0].kind, MC_LK_ETH);
    assert_int_equal(g_d.mh, 3);
    f[12] = 0x88; /* an EtherType we do not decode (IEEE local experimental): the rest raw */
    f[13] = 0xb5;
    assert_int_equal(mc_dissect(f, sizeof f, sizeof f, MC_LINKTYPE_ETHERNET, &g_d), 1);
    assert_int_equal(g_d.pkt.nlayers, 2);
    assert_int_equal(g_d.pkt.l[1].kind, MC_LK_RAW);
    assert_true(has_note(&g_d, MC_NOTE_UNSUPPORTED, "EtherType"));
    /* SLIP: 16-byte pseudo-header, then IP by its version nibble */
    uint8_t s[16 + sizeof bu_hao] = {0};
    memcpy(s + 16, bu_hao, sizeof bu_hao);
    mc_dissect(s, sizeof s, sizeof s, MC_LINKTYPE_SLIP, &g_d);
    assert_int_equal(g_d.pkt.l[0].kind, MC_LK_IPV6);
    assert_int_equal(g_d.pkt.l[0].wire_off, 16);
    assert_int_equal(g_d.mh_csum_ok, 1);
    mc_dissect(s, sizeof s, sizeof s, 9999, &g_d);
    assert_int_equal(g_d.pkt.nlayers, 1);
    assert_int_equal(g_d.pkt.l[0].kind, MC_LK_RAW);
    /* next header 62, the draft-era MH number: still a Mobility Header,
     * of profile mh62, which the crafter numbers 62 itself (`mh62`), so the
     * IPv6 Next Header is no override */
    uint8_t o[sizeof bu_overrun];
    memcpy(o, bu_overrun, sizeof o);
    o[6] = MC_IPPROTO_MH_OLD;
    mc_dissect(o, sizeof o, sizeof o, MC_LINKTYPE_RAW, &g_d);
    assert_int_equal(g_d.mh, 1);
    assert_int_equal(g_d.pkt.l[1].profile, MC_PROFILE_MH62);
    assert_int_equal(set_bit(&g_d.pkt.l[0], "nh"), 0);
    char text[4096];
    assert_true(mc_expr_print(&g_d.pkt, text, sizeof text) > 0);
    assert_non_null(strstr(text, " mh62"));
    /* and 135 stays RFC 6275: no profile */
    o[6] = MC_IPPROTO_MH;
    mc_dissect(o, sizeof o, sizeof o, MC_LINKTYPE_RAW, &g_d);
    assert_int_equal(g_d.pkt.l[1].profile, MC_PROFILE_RFC);
}

/* A frame built from `head` (link header bytes) + bu_hao, dissected with
 * `linktype`: every prefix stays in bounds and round-trips. */
static size_t with_link(uint8_t *f, const uint8_t *head, size_t n, int linktype)
{
    memcpy(f, head, n);
    memcpy(f + n, bu_hao, sizeof bu_hao);
    prefix(f, n + sizeof bu_hao, linktype);
    mc_dissect(f, n + sizeof bu_hao, n + sizeof bu_hao, linktype, &g_d);
    return n + sizeof bu_hao;
}

static uint64_t lfield(const mc_layer *l, const char *key)
{
    uint64_t v = 0;
    assert_int_equal(mc_layer_get(l, key, &v), 0);
    return v;
}

/* 802.1Q, 802.1ad and 0x9100 tag stacks, Linux SLL and SLL2, BSD NULL in
 * both byte orders and LOOP: layers, fields, what is marked `set`. */
static void link_layers(void **state)
{
    (void)state;
    uint8_t f[64 + sizeof bu_hao];
    /* Ethernet / 802.1ad S-tag 10 / 802.1Q C-tag 20 PCP 5 / IPv6 */
    static const uint8_t qinq[] = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x88, 0xa8,
                                   0x00, 10, 0x81, 0x00, 0xa0, 20, 0x86, 0xdd};
    with_link(f, qinq, sizeof qinq, MC_LINKTYPE_ETHERNET);
    assert_int_equal(g_d.nnotes, 0);
    assert_int_equal(g_d.pkt.l[1].kind, MC_LK_VLAN);
    assert_ptr_equal(g_d.pkt.l[1].desc, &mc_desc_qinq);
    assert_int_equal(lfield(&g_d.pkt.l[1], "id"), 10);
    assert_ptr_equal(g_d.pkt.l[2].desc, &mc_desc_vlan);
    assert_int_equal(lfield(&g_d.pkt.l[2], "id"), 20);
    assert_int_equal(lfield(&g_d.pkt.l[2], "pcp"), 5);
    assert_int_equal(g_d.pkt.l[3].kind, MC_LK_IPV6);
    assert_int_equal(g_d.mh, 5);
    assert_int_equal(g_d.mh_csum_ok, 1);
    assert_int_equal(set_bit(&g_d.pkt.l[0], "type"), 0);
    /* pre-standard QinQ 0x9100: an S-tag, the EtherType kept as found */
    static const uint8_t q9100[] = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x91, 0x00, 0x00, 7, 0x86, 0xdd};
    with_link(f, q9100, sizeof q9100, MC_LINKTYPE_ETHERNET);
    assert_ptr_equal(g_d.pkt.l[1].desc, &mc_desc_qinq);
    assert_int_equal(set_bit(&g_d.pkt.l[0], "type"), 1);
    assert_int_equal(g_d.mh, 4);
    /* a tag cut by the capture: noted, nothing read past the frame */
    assert_int_equal(mc_dissect(qinq, 16, 100, MC_LINKTYPE_ETHERNET, &g_d), 1);
    assert_true(has_note(&g_d, MC_NOTE_TRUNCATED, "VLAN tag header cut"));
    /* Linux SLL: outgoing, ARPHRD_ETHER, 6-byte address */
    static const uint8_t sll[] = {0, 4, 0, 1, 0, 6, 2, 0, 0, 0, 0, 0x10, 0, 0, 0x86, 0xdd};
    with_link(f, sll, sizeof sll, MC_LINKTYPE_LINUX_SLL);
    assert_int_equal(g_d.pkt.l[0].kind, MC_LK_SLL);
    assert_int_equal(lfield(&g_d.pkt.l[0], "pkttype"), 4);
    assert_int_equal(g_d.mh, 3);
    /* Linux SLL2 (tcpdump -i any): interface index 3, from another host */
    static const uint8_t sll2[] = {0x86, 0xdd, 0, 0, 0, 0, 0, 3, 0, 1, 3, 6, 2, 0, 0, 0, 0, 0x10, 0, 0};
    with_link(f, sll2, sizeof sll2, MC_LINKTYPE_LINUX_SLL2);
    assert_ptr_equal(g_d.pkt.l[0].desc, &mc_desc_sll2);
    assert_int_equal(lfield(&g_d.pkt.l[0], "ifindex"), 3);
    assert_int_equal(lfield(&g_d.pkt.l[0], "pkttype"), 3);
    assert_int_equal(g_d.nnotes, 0);
    /* SLL2 with a protocol we do not decode */
    memcpy(f, sll2, sizeof sll2);
    f[0] = 0x08;
    f[1] = 0x06;
    assert_int_equal(mc_dissect(f, sizeof sll2 + 8, sizeof sll2 + 8, MC_LINKTYPE_LINUX_SLL2, &g_d), 1);
    assert_true(has_note(&g_d, MC_NOTE_UNSUPPORTED, "EtherType not decoded: 0x0806"));
    /* NULL from a little-endian host (24), from a big-endian one, LOOP (Darwin 30) */
    static const uint8_t null_le[] = {24, 0, 0, 0}, null_be[] = {0, 0, 0, 28}, loop[] = {0, 0, 0, 30};
    with_link(f, null_le, 4, MC_LINKTYPE_NULL);
    assert_ptr_equal(g_d.pkt.l[0].desc, &mc_desc_null);
    assert_int_equal(lfield(&g_d.pkt.l[0], "family"), 24);
    assert_int_equal(set_bit(&g_d.pkt.l[0], "family"), 0);
    with_link(f, null_be, 4, MC_LINKTYPE_NULL);
    assert_ptr_equal(g_d.pkt.l[0].desc, &mc_desc_null_be);
    assert_int_equal(lfield(&g_d.pkt.l[0], "family"), 28);
    assert_int_equal(set_bit(&g_d.pkt.l[0], "family"), 1);
    assert_int_equal(g_d.mh, 3);
    with_link(f, loop, 4, MC_LINKTYPE_LOOP);
    assert_ptr_equal(g_d.pkt.l[0].desc, &mc_desc_loop);
    assert_int_equal(lfield(&g_d.pkt.l[0], "family"), 30);
    assert_int_equal(g_d.mh, 3);
    /* the crafter gives each its link type */
    mc_pkt *p = malloc(sizeof *p);
    assert_non_null(p);
    static const struct {
        const char *e;
        int lt;
    } lt[] = {{"eth / vlan 1 / ipv6 / bu", MC_LINKTYPE_ETHERNET}, {"sll / ipv6 / bu", MC_LINKTYPE_LINUX_SLL},
              {"sll2 / ipv6 / bu", MC_LINKTYPE_LINUX_SLL2},      {"null / ipv6 / bu", MC_LINKTYPE_NULL},
              {"null-be / ipv6 / bu", MC_LINKTYPE_NULL},         {"loop / ipv6 / bu", MC_LINKTYPE_LOOP},
              {"ipv6 / bu", MC_LINKTYPE_RAW}};
    for (size_t i = 0; i < sizeof lt / sizeof lt[0]; i++) {
        mc_err e = {0};
        assert_int_equal(mc_expr_parse(lt[i].e, p, &e), 0);
        assert_int_equal(mc_pkt_linktype(p), lt[i].lt);
    }
    free(p);
}

/* Malformed options and short headers: every field the bytes hold is
 * decoded (model, line, JSON), a note says what is wrong; a Mobility
 * Header short on the wire is linted, one cut by the capture is not. */
static void malformed_fields(void **state)
{
    (void)state;
    uint8_t f[128];
    size_t n = 0;
    mc_err e = {0};
    mc_outbuf ob;
    mc_out_init(&ob, NULL);
    assert_int_equal(mc_craft("ipv6 / bu seq=1 / bid 7 status=164 H len=5", f, sizeof f, &n, &e), 0);
    assert_int_equal(mc_dissect(f, n, n, MC_LINKTYPE_RAW, &g_d), 1);
    assert_true(has_note(&g_d, MC_NOTE_MALFORMED, "BID option length 5: RFC 5648 4.3 allows 4, 8 or 20"));
    mc_print_json(&ob, &g_d, 1, 0);
    assert_non_null(strstr(ob.buf, "\"bid\":7,\"status\":164,\"status_name\":\"MCOA MALFORMED\",\"H\":true,\"res\":0,"
                                   "\"malformed\":true,\"data\":\"0007a48000\""));
    ob.len = 0;
    mc_print_line(&ob, &g_d, 1, 0);
    assert_non_null(strstr(ob.buf, "BID 7 status 164 (MCOA MALFORMED) H len 5 (bad length)"));
    ob.len = 0;
    mc_print_verbose(&ob, &g_d, 1, 0);
    assert_non_null(strstr(ob.buf, "Binding ID (BID): 7"));
    /* a BU of 8 bytes (Header Len 0): too short, its Sequence # still shown */
    assert_int_equal(mc_craft("ipv6 / mh type=5 data=0009", f, sizeof f, &n, &e), 0);
    mc_dissect(f, n, n, MC_LINKTYPE_RAW, &g_d);
    ob.len = 0;
    mc_print_json(&ob, &g_d, 1, 0);
    assert_non_null(strstr(ob.buf, "\"seq\":9,\"data\":\"0009\""));
    /* a Mobility Header of 4 bytes in a frame captured whole: malformed, linted */
    static mc_finding fd[MC_MAX_FINDINGS];
    static mc_lint_ctx lc;
    mc_lint_ctx_init(&lc);
    assert_int_equal(mc_craft("ipv6 nh=135 / raw 3b000500", f, sizeof f, &n, &e), 0);
    mc_dissect(f, n, n, MC_LINKTYPE_RAW, &g_d);
    assert_true(has_note(&g_d, MC_NOTE_LENGTH, "Mobility Header of 4 bytes, shorter than its 6-byte common header"));
    assert_int_equal(g_d.mh_short_off, 40);
    assert_int_equal(mc_lint(&lc, &g_d, fd, MC_MAX_FINDINGS), 1);
    assert_string_equal(fd[0].rule->id, "mh-truncated");
    /* the same bytes cut by the capture (the wire had 8): not the packet's fault */
    mc_dissect(f, n, n + 4, MC_LINKTYPE_RAW, &g_d);
    assert_true(has_note(&g_d, MC_NOTE_TRUNCATED, "Mobility Header cut by the capture"));
    assert_int_equal(g_d.mh_short_off, -1);
    assert_int_equal(mc_lint(&lc, &g_d, fd, MC_MAX_FINDINGS), 0);
    mc_out_free(&ob);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bu_with_hao_and_bids), cmocka_unit_test(ba_via_rh2),
        cmocka_unit_test(bu_in_ipv4_udp),       cmocka_unit_test(udp_checksum_checked),
        cmocka_unit_test(truncated_mh),
        cmocka_unit_test(overrunning_option),   cmocka_unit_test(bad_checksum),
        cmocka_unit_test(every_prefix),         cmocka_unit_test(link_types),
        cmocka_unit_test(link_layers),          cmocka_unit_test(malformed_fields),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
