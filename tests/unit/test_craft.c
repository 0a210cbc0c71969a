/*
 * test_craft.c - the crafter against bytes written by hand from the RFCs.
 *
 * The expected frames below are spelled out octet by octet from RFC 8200 3
 * (IPv6), RFC 6275 6.1.1 / 6.1.7 / 6.1.8 / 6.2 / 6.3 / 6.4 (Mobility Header,
 * BU, BA, options, HAO, RH2) and RFC 5648 4.3 (Binding Identifier), not
 * from the wire tables, and checksums are checked with a routine of this
 * file that shares nothing with the library.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "mcoa/craft.h"

static uint8_t frame[MC_FRAME_MAX], frame2[MC_FRAME_MAX];
static mc_pkt pkt, pkt2;
static char text[1 << 16];

/* ---- an independent Internet checksum (RFC 1071), the obvious way ------- */
static uint32_t sum16(uint32_t s, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        s += (i % 2 == 0) ? (uint32_t)p[i] << 8 : p[i];
    return s;
}

static uint16_t fold(uint32_t s)
{
    while (s > 0xffff)
        s = (s & 0xffff) + (s >> 16);
    return (uint16_t)(~s & 0xffff);
}

/* Checksum over an IPv6 pseudo-header (RFC 8200 8.1) and `data` whose
 * checksum field at `coff` is taken as zero. */
static uint16_t csum6(const uint8_t *src, const uint8_t *dst, uint8_t nh, const uint8_t *data, size_t n, size_t coff)
{
    uint8_t ph[8] = {(uint8_t)(n >> 24), (uint8_t)(n >> 16), (uint8_t)(n >> 8), (uint8_t)n, 0, 0, 0, nh};
    uint8_t copy[4096];
    memcpy(copy, data, n);
    copy[coff] = copy[coff + 1] = 0;
    uint32_t s = sum16(0, src, 16);
    s = sum16(s, dst, 16);
    s = sum16(s, ph, 8);
    return fold(sum16(s, copy, n));
}

static size_t craft(const char *expr)
{
    mc_err e = {-1, ""};
    size_t n = 0;
    if (mc_craft(expr, frame, sizeof frame, &n, &e) < 0)
        fail_msg("'%s' does not craft: col %ld: %s", expr, e.pos, e.msg);
    return n;
}

static void assert_frame(const char *expr, const uint8_t *want, size_t wlen)
{
    size_t n = craft(expr);
    for (size_t i = 0; i < n && i < wlen; i++)
        if (frame[i] != want[i])
            fail_msg("'%s': byte %zu is %02x, expected %02x", expr, i, frame[i], want[i]);
    assert_int_equal(n, wlen);
}

#define A_MN_COA 0x20, 0x01, 0x0d, 0xb8, 0x00, 0xf1, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x10 /* 2001:db8:f1::10 */
#define A_HA     0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x01 /* 2001:db8:1::1 */
#define A_HOME   0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x00 /* 2001:db8:1::100 */

/* RFC 5648 Figure 1 style BU: HAO, a BID with an IPv6 CoA (8n+2, so PadN
 * in front) and a BID without (2n), padded to 8n at the end. */
static void bu_with_hao_and_bids(void **state)
{
    (void)state;
    uint8_t want[] = {
        /* IPv6: version 6, plen 24 + 48 = 72, next header 60 (Destination Options), hop limit 64 */
        0x60, 0, 0, 0, 0x00, 0x48, 60, 64, A_MN_COA, A_HA,
        /* Destination Options: next 135 (MH), Hdr Ext Len 2 (24 bytes), PadN(2), HAO type 201 len 16 */
        135, 2, 1, 2, 0, 0, 201, 16, A_HOME,
        /* MH: payload proto 59, Header Len 5 (48 bytes), type 5, reserved, checksum (below) */
        59, 5, 5, 0, 0, 0,
        /* BU: seq 7, flags A|H|O = 0x8000|0x4000|0x0040, lifetime 60 */
        0x00, 0x07, 0xc0, 0x40, 0x00, 0x3c,
        /* offset 12: PadN with 4 zero bytes so that the BID sits at 18 = 8*2+2 */
        1, 4, 0, 0, 0, 0,
        /* offset 18: BID type 35 len 20, BID 1, status 0, flags 0, CoA */
        35, 20, 0x00, 0x01, 0, 0, A_MN_COA,
        /* offset 40: BID type 35 len 4, BID 2 (2n: no padding) */
        35, 4, 0x00, 0x02, 0, 0,
        /* offset 46: PadN with an empty body to reach 48 */
        1, 0,
    };
    const size_t mh = 40 + 24;
    const uint8_t home[16] = {A_HOME}, ha[16] = {A_HA};
    /* RFC 6275 6.1.1: the pseudo-header source is the home address (HAO) */
    uint16_t c = csum6(home, ha, 135, want + mh, sizeof want - mh, 4);
    want[mh + 4] = (uint8_t)(c >> 8);
    want[mh + 5] = (uint8_t)c;
    assert_int_equal(c, 0x2b71); /* as tshark shows it for this packet */
    assert_frame("ipv6 src=2001:db8:f1::10 dst=2001:db8:1::1 / hao 2001:db8:1::100 / "
                 "bu seq=7 A H O lifetime=60 / bid 1 coa=2001:db8:f1::10 / bid 2",
                 want, sizeof want);
}

/* A BA through a Type 2 Routing Header: the pseudo-header destination is
 * the home address in the RH2 (RFC 8200 8.1, final destination). */
static void ba_with_rh2(void **state)
{
    (void)state;
    uint8_t want[] = {
        0x60, 0, 0, 0, 0x00, 0x30, 43, 64, A_HA, A_MN_COA,
        /* RH2: next 135, Hdr Ext Len 2, type 2, segments left 1, reserved, home */
        135, 2, 2, 1, 0, 0, 0, 0, A_HOME,
        /* MH: Header Len 2 (24 bytes), type 6 */
        59, 2, 6, 0, 0, 0,
        /* BA: status 4 (MCOA NOTCOMPLETE), flags 0, seq 7, lifetime 60 */
        4, 0, 0x00, 0x07, 0x00, 0x3c,
        /* offset 12: BID 1; offset 18: BID 2 status 164 (MCOA MALFORMED); 24 = 8n, no pad */
        35, 4, 0x00, 0x01, 0, 0,
        35, 4, 0x00, 0x02, 164, 0,
    };
    const size_t mh = 40 + 24;
    const uint8_t home[16] = {A_HOME}, ha[16] = {A_HA};
    uint16_t c = csum6(ha, home, 135, want + mh, sizeof want - mh, 4);
    want[mh + 4] = (uint8_t)(c >> 8);
    want[mh + 5] = (uint8_t)c;
    assert_frame("ipv6 src=2001:db8:1::1 dst=2001:db8:f1::10 / rh2 2001:db8:1::100 / "
                 "ba 4 seq=7 lifetime=60 / bid 1 / bid 2 status=mcoa-malformed",
                 want, sizeof want);
}

/* RFC 5555 / RFC 5648 8: IPv4 + UDP 4191 + IPv6 + MH. */
static void ipv4_udp_encapsulation(void **state)
{
    (void)state;
    size_t n = craft("ipv4 src=192.0.2.10 dst=198.51.100.1 / udp / ipv6 src=2001:db8:1::100 dst=2001:db8:1::1 / "
                     "bu seq=1 A H / bid 1 coa=192.0.2.10");
    /* MH: 12 + PadN(6) + BID(2+8) = 28 -> 32; IPv6 40; UDP 8; IPv4 20 */
    assert_int_equal(n, 20 + 8 + 40 + 32);
    assert_int_equal(frame[0], 0x45);
    assert_int_equal((frame[2] << 8) | frame[3], n);      /* Total Length */
    assert_int_equal(frame[9], 17);                        /* Protocol UDP */
    assert_int_equal(fold(sum16(0, frame, 20)), 0);        /* header checksum verifies */
    const uint8_t *u = frame + 20;
    assert_int_equal((u[0] << 8) | u[1], 4191);
    assert_int_equal((u[2] << 8) | u[3], 4191);
    assert_int_equal((u[4] << 8) | u[5], n - 20);         /* UDP Length */
    uint8_t ph[12];
    memcpy(ph, frame + 12, 8);
    ph[8] = 0;
    ph[9] = 17;
    ph[10] = u[4];
    ph[11] = u[5];
    assert_int_equal(fold(sum16(sum16(0, ph, 12), u, n - 20)), 0); /* UDP checksum verifies */
    const uint8_t *ip6 = u + 8;
    assert_int_equal(ip6[0] >> 4, 6);
    assert_int_equal((ip6[4] << 8) | ip6[5], 32);
    assert_int_equal(ip6[6], 135);
    /* BID with an IPv4 CoA: 8n+2 (RFC 5648 4.3) -> PadN 4 first, then 35 8 */
    const uint8_t *m = ip6 + 40;
    assert_int_equal(m[1], 3);
    assert_int_equal(m[12], 1);
    assert_int_equal(m[13], 4);
    assert_int_equal(m[18], 35);
    assert_int_equal(m[19], 8);
    assert_memory_equal(m + 24, ((uint8_t[]){192, 0, 2, 10}), 4);
    assert_int_equal(csum6(ip6 + 8, ip6 + 24, 135, m, 32, 4), (m[4] << 8) | m[5]);
}

/* len= lenfield= noalign nopad csum= hlen= plen= overrides. */
static void overrides(void **state)
{
    (void)state;
    size_t n;
    /* len=5: the body is cut/zero-filled to 5, and a 5-byte BID counts as
     * "with CoA" for alignment (8n+2); then PadN(5) to 32 */
    n = craft("ipv6 / bu / bid 1 len=5");
    assert_int_equal(n, 40 + 32);
    assert_memory_equal(frame + 40 + 12, ((uint8_t[]){1, 4, 0, 0, 0, 0, 35, 5, 0, 1, 0, 0, 0, 1, 5, 0, 0, 0, 0, 0}), 20);
    /* lenfield=9: only the Length byte lies */
    n = craft("ipv6 / bu / bid 1 lenfield=9");
    assert_int_equal(n, 40 + 24);
    assert_memory_equal(frame + 40 + 12, ((uint8_t[]){35, 9, 0, 1, 0, 0, 1, 4, 0, 0, 0, 0}), 12);
    /* noalign: the BID with CoA at offset 12 (not 8n+2) */
    n = craft("ipv6 / bu / bid 1 coa=2001:db8::1 noalign");
    assert_int_equal(n, 40 + 40);
    assert_int_equal(frame[40 + 12], 35);
    assert_int_equal(frame[40 + 13], 20);
    assert_memory_equal(frame + 40 + 34, ((uint8_t[]){1, 4, 0, 0, 0, 0}), 6);
    /* nopad: 18 bytes, Header Len still rounds up ((18+7)/8 - 1 = 2) */
    n = craft("ipv6 / bu nopad / bid 1");
    assert_int_equal(n, 40 + 18);
    assert_int_equal(frame[5], 18);
    assert_int_equal(frame[40 + 1], 2);
    /* csum=, hlen=, plen=, nh=: kept as given */
    n = craft("ipv6 plen=9 nh=62 / bu csum=0xdead hlen=7");
    assert_int_equal(n, 40 + 16);
    assert_int_equal(frame[5], 9);
    assert_int_equal(frame[6], 62);
    assert_int_equal(frame[40 + 1], 7);
    assert_int_equal(frame[40 + 4], 0xde);
    assert_int_equal(frame[40 + 5], 0xad);
    /* udp csum=0 (no checksum) and ipv4 csum kept */
    n = craft("ipv4 csum=0x1234 / udp csum=0 / ipv6 / bu");
    assert_int_equal(frame[10], 0x12);
    assert_int_equal(frame[11], 0x34);
    assert_int_equal(frame[26], 0);
    assert_int_equal(frame[27], 0);
    /* explicit padding is written as given; data= and opt/bytes are verbatim */
    n = craft("ipv6 / bu nopad / pad1 / padn 3 / opt type=200 data=0a0b / bytes ffee / bid data=0001");
    assert_memory_equal(frame + 40 + 12, ((uint8_t[]){0, 1, 3, 0, 0, 0, 200, 2, 0xa, 0xb, 0xff, 0xee, 35, 2, 0, 1}), 16);
    assert_int_equal(n, 40 + 28);
    /* a raw MH and an extension header kept raw */
    n = craft("ipv6 / ext6 proto=60 data=000000000000 / mh type=9 data=0102");
    assert_int_equal(frame[6], 60);
    assert_memory_equal(frame + 40, ((uint8_t[]){135, 0, 0, 0, 0, 0, 0, 0, 59, 0, 9, 0}), 12);
    assert_int_equal(n, 40 + 8 + 8);
}

static void print_parse_build_identity(void **state)
{
    (void)state;
    static const char *const exprs[] = {
        "ipv6 src=2001:db8:f1::10 dst=2001:db8:1::1 / hao 2001:db8:1::100 / bu seq=7 A H O lifetime=60 / bid 1 coa=2001:db8:f1::10 / bid 2",
        "ipv6 src=2001:db8:1::1 dst=2001:db8:f1::10 / rh2 2001:db8:1::100 / ba 4 seq=7 lifetime=60 / bid 1 / bid 2 status=mcoa-malformed",
        "ipv4 src=192.0.2.10 dst=198.51.100.1 / udp / ipv6 / hao 2001:db8:1::100 / bu seq=1 A H lifetime=60 / bid 1 coa=192.0.2.10",
        "eth src=02:00:00:00:00:10 dst=02:00:00:00:00:01 / ipv6 / bu seq=9 A H / bid 1 H coa=2001:db8:1::100 / lla 020000000010 code=mn",
        "ipv6 / bu / padn 3 / bid 1 noalign lenfield=9 / opt type=200 data=0102 / bytes 0102ff / pad1 / altcoa 2001:db8::5",
        "ipv6 / bu / nonce hni=3 coni=4 / auth auth=00112233445566778899aabb / mnp 2001:db8:5:: plen=64 / bra 30",
        "ipv6 / bu T F / ipv4hoa 192.0.2.1 plen=24 P / ipv4ack 192.0.2.2 status=1 / ipv4coa 192.0.2.3",
        "eth / ipv4 ttl=3 csum=1 / udp csum=0 len=5 / ipv6 plen=1 nh=3 hlim=1 / rh2 2001::1 segleft=0 / ba mcoa-malformed K seq=3",
        "ipv6 / be 2 home=2001::5 res=1 / padn data=0001 / bid 1 len=0 / bid 2 coa=2001::1 len=22 / bid 3 len=7",
        "ipv6 / bu / bid 4 coa=2001:db8::1 len=19 / lla len=0 / altcoa 2001::1 len=3 / mnp 2001:db8:: lenfield=200 noalign",
        "ipv6 / hoti cookie=0x1122334455667788 res=0xffff hlen=3 proto=6 mhres=1 / padn 255 / padn 0",
        "ipv6 / ext6 proto=60 data=000000000000 / mh type=9 data=0102 csum=0 / raw 00ff",
        "bu nopad / bid 1 H res=3 status=200 / bid 2 status=mcoa-unkown-coa",
        "ipv6 / hot nonce=1 cookie=2 token=3 / cot nonce=4 / coti / brr / be",
    };
    for (size_t i = 0; i < sizeof exprs / sizeof exprs[0]; i++) {
        mc_err e = {-1, ""};
        size_t n1 = 0, n2 = 0;
        if (mc_expr_parse(exprs[i], &pkt, &e) < 0)
            fail_msg("'%s': col %ld: %s", exprs[i], e.pos, e.msg);
        assert_int_equal(mc_build(&pkt, frame, sizeof frame, &n1, &e), 0);
        assert_true(mc_expr_print(&pkt, text, sizeof text) > 0);
        if (mc_expr_parse(text, &pkt2, &e) < 0)
            fail_msg("printed '%s': col %ld: %s", text, e.pos, e.msg);
        assert_int_equal(mc_build(&pkt2, frame2, sizeof frame2, &n2, &e), 0);
        if (n1 != n2 || memcmp(frame, frame2, n1) != 0)
            fail_msg("'%s' printed as '%s' builds other bytes", exprs[i], text);
    }
    /* a body the structured form cannot say falls back to opt type=T data= */
    assert_int_equal(mc_expr_parse("ipv6 / bu / bid 5 coa=2001:db8::1:1 len=19", &pkt, NULL), 0);
    assert_true(mc_expr_print(&pkt, text, sizeof text) > 0);
    assert_non_null(strstr(text, "opt type=35 data=0005000020010db8"));
    /* too small a buffer is reported, not overrun */
    assert_int_equal(mc_expr_print(&pkt, text, 10), -1);
}

static void error_columns(void **state)
{
    (void)state;
    static const struct {
        const char *expr;
        long col;
        const char *phrase;
    } bad[] = {
        {"", 0, "empty expression"},
        {"ipv6 / bu Q", 10, "unknown flag 'Q' for bu (flags: A H L K M R P F T O)"},
        {"ipv6 / bu / bid 1 coa=2001:zz", 18, "expected an IPv6 or IPv4 address for coa, got '2001:zz'"},
        {"ipv6 / bid 1", 7, "option 'bid' must follow a Mobility Header message"},
        {"ipv6 / bu seq=70000", 10, "bu field 'seq' value 70000 does not fit 16 bits"},
        {"ipv6 / bogus", 7, "unknown keyword 'bogus'"},
        {"ipv6 src=1.2.3.4", 5, "expected an IPv6 address for src"},
        {"ipv6 / bu / / bid 1", 12, "expected a layer keyword after '/'"},
        {"ipv6 / ba status=nosuch", 10, "expected a number or a name like"},
        {"ipv6 / bu / opt data=01", 12, "opt needs a type"},
        {"ipv6 / bu / padn data=0g", 17, "expected hex bytes"},
        {"ipv6 / bu foo=1", 10, "unknown key 'foo' for bu"},
        {"ipv6 / ext6 data=00", 7, "ext6 needs proto=N"},
        {"ipv6 / bu / bid 1 lenfield=300", 18, "expected a number 0..255 for lenfield"},
        {"ipv6 / bu / bid 1 data=00", 18, "either fields or data="},
        {"eth dst=02:00:00", 4, "expected a MAC address"},
        {"ipv6 / bu / bid 1 / bid 2 coa=2001::1 / ipv6 / lla", 47, "must follow a Mobility Header message"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mc_err e = {-1, ""};
        if (mc_expr_parse(bad[i].expr, &pkt, &e) == 0)
            fail_msg("'%s' parsed", bad[i].expr);
        if (e.pos != bad[i].col || !strstr(e.msg, bad[i].phrase))
            fail_msg("'%s': got col %ld '%s', expected col %ld '%s'", bad[i].expr, e.pos, e.msg, bad[i].col,
                     bad[i].phrase);
    }
    /* build errors: a frame larger than the buffer */
    mc_err e = {-1, ""};
    size_t n;
    assert_int_equal(mc_expr_parse("ipv6 / bu / bid 1", &pkt, &e), 0);
    assert_int_equal(mc_build(&pkt, frame, 50, &n, &e), -1);
    assert_non_null(strstr(e.msg, "larger than"));
}

static void pcap_writer(void **state)
{
    (void)state;
    char path[] = "/tmp/test_craft_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    mc_err e = {-1, ""};
    mc_pcapw *w = mc_pcapw_open(path, 101, &e);
    assert_non_null(w);
    const uint8_t p[3] = {1, 2, 3};
    for (int i = 0; i < 1000001; i++)
        assert_int_equal(mc_pcapw_write(w, p, sizeof p, &e), 0);
    assert_int_equal(mc_pcapw_close(w, &e), 0);
    FILE *f = fopen(path, "rb");
    uint8_t h[24 + 19];
    assert_int_equal(fread(h, 1, sizeof h, f), sizeof h);
    assert_memory_equal(h, ((uint8_t[]){0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0}), 8);
    assert_memory_equal(h + 16, ((uint8_t[]){0, 0, 4, 0, 101, 0, 0, 0}), 8);
    /* first record: 1767225600 s, 0 us, 3, 3 */
    assert_memory_equal(h + 24, ((uint8_t[]){0x00, 0xb9, 0x55, 0x69, 0, 0, 0, 0, 3, 0, 0, 0, 3, 0, 0, 0, 1, 2, 3}), 19);
    /* the last record (packet 1000000) is at 1767225601 s, 0 us */
    uint8_t last[8];
    fseek(f, -19, SEEK_END);
    assert_int_equal(fread(last, 1, 8, f), 8);
    assert_memory_equal(last, ((uint8_t[]){0x01, 0xb9, 0x55, 0x69, 0, 0, 0, 0}), 8);
    fclose(f);
    unlink(path);
    assert_null(mc_pcapw_open("/nonexistent/dir/x.pcap", 1, &e));
    assert_non_null(strstr(e.msg, "cannot open"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bu_with_hao_and_bids),
        cmocka_unit_test(ba_with_rh2),
        cmocka_unit_test(ipv4_udp_encapsulation),
        cmocka_unit_test(overrides),
        cmocka_unit_test(print_parse_build_identity),
        cmocka_unit_test(error_columns),
        cmocka_unit_test(pcap_writer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
