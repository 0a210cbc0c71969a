/*
 * test_roundtrip.c - for every catalogue variant:
 *     expression -> craft -> bytes -> dissect -> expression -> craft
 * must give identical bytes.  This is what makes `mcoa-dissect --expr`
 * trustworthy: whatever was captured can be crafted again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mcoa/craft.h"
#include "mcoa/dissect.h"

static uint8_t frame1[MC_FRAME_MAX], frame2[MC_FRAME_MAX];
static char text[1 << 16];
static mc_pkt pkt;
static mc_dissection dis;

/* Returns NULL on success or a description of the first difference.
 * `flags`: mc_dissect_ex flags (a profile). */
static const char *roundtrip_ex(const char *expr, unsigned flags, char *why, size_t whylen)
{
    mc_err e = {0};
    size_t n1 = 0, n2 = 0;
    if (mc_expr_parse(expr, &pkt, &e) < 0) {
        snprintf(why, whylen, "does not parse: col %ld: %s", e.pos, e.msg);
        return why;
    }
    int linktype = mc_pkt_linktype(&pkt);
    if (mc_build(&pkt, frame1, sizeof frame1, &n1, &e) < 0) {
        snprintf(why, whylen, "does not build: %s", e.msg);
        return why;
    }
    mc_dissect_ex(frame1, n1, n1, linktype, &dis, flags);
    if (mc_expr_print(&dis.pkt, text, sizeof text) < 0) {
        snprintf(why, whylen, "dissected model does not print");
        return why;
    }
    if (mc_craft(text, frame2, sizeof frame2, &n2, &e) < 0) {
        snprintf(why, whylen, "printed expression does not craft: col %ld: %s\n  printed: %s", e.pos, e.msg, text);
        return why;
    }
    if (n1 != n2 || memcmp(frame1, frame2, n1) != 0) {
        size_t i = 0;
        while (i < n1 && i < n2 && frame1[i] == frame2[i])
            i++;
        snprintf(why, whylen, "bytes differ at offset %zu (lengths %zu and %zu)\n  printed: %s", i, n1, n2, text);
        return why;
    }
    return NULL;
}

static const char *roundtrip(const char *expr, char *why, size_t whylen)
{
    return roundtrip_ex(expr, 0, why, whylen);
}

#define CAT_PROFILE MC_DISSECT_BID01_TYPE(MC_BID01_CATALOGUE_TYPE)

static void every_catalogue_variant_round_trips(void **state)
{
    (void)state;
    char why[sizeof text + 256];
    size_t failed = 0;
    assert_true(mc_catalogue_count > 0);
    for (size_t i = 0; i < mc_catalogue_count; i++) {
        const mc_variant *v = &mc_catalogue[i];
        if (roundtrip(v->expr, why, sizeof why)) {
            printf("FAIL %s\n  expr:    %s\n  %s\n", v->name, v->expr, why);
            failed++;
        }
        /* and read with the catalogue's mcoa-01 profile (draft -01 BID
         * sub-options named, every RFC variant unchanged) */
        if (roundtrip_ex(v->expr, CAT_PROFILE, why, sizeof why)) {
            printf("FAIL %s (profile mcoa-01:%d)\n  expr:    %s\n  %s\n", v->name, MC_BID01_CATALOGUE_TYPE, v->expr,
                   why);
            failed++;
        }
    }
    printf("round trip: %zu of %zu catalogue variants identical\n", mc_catalogue_count - failed, mc_catalogue_count);
    assert_int_equal(failed, 0);
}

/* Hand-written cases beyond the catalogue: every kind of override. */
static void overrides_round_trip(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "ipv6 src=2001:db8:f1::10 dst=2001:db8:1::1 / hao 2001:db8:1::100 / bu seq=7 A H O lifetime=60 / bid 1 coa=2001:db8:f1::10 / bid 2",
        "ipv6 src=2001:db8:f1::10 dst=2001:db8:1::1 plen=7 / bu seq=1 csum=0x1234 hlen=9",
        "ipv6 src=2001:db8:f1::10 dst=2001:db8:1::1 hlim=1 tc=3 flow=0x12345 / bu seq=1 / bid 1 noalign coa=2001:db8::5",
        "ipv6 src=2001:db8:f1::10 dst=2001:db8:1::1 / bu seq=1 nopad / bid 1 lenfield=40",
        "ipv6 src=2001:db8:f1::10 dst=2001:db8:1::1 / bu seq=1 / bytes 0102",
        "ipv6 src=2001:db8:f1::10 dst=2001:db8:1::1 / mh type=42 data=0000000000000000",
        "ipv6 src=2001:db8:f1::10 dst=2001:db8:1::1 / ext6 proto=0 data=000000000000 / bu seq=3",
        "ipv4 src=192.0.2.10 dst=198.51.100.1 / udp / ipv6 src=2001:db8:1::100 dst=2001:db8:1::1 / hao 2001:db8:1::100 / bu seq=1 A H lifetime=60 / bid 1 coa=192.0.2.10",
        "ipv6 src=2001:db8:1::1 dst=2001:db8:f1::10 / ipv6 src=2001:db8:c::1 dst=2001:db8:1::100 / raw 00112233",
        /* legacy forms with overrides */
        "ipv6 src=2001:db8:f1::10 dst=2001:db8:1::1 / mh type=9 data=0000 mh62",
        "ipv6 src=2001:db8:f1::10 dst=2001:db8:1::1 / bu seq=1 csum=0x0000 mh62 nopad / bid 1",
        "ipv6 src=2001:db8:f1::10 dst=2001:db8:1::1 / dstopts / bu97 A res=3 seq=9 len=9 / hoa97 2001:db8::1 lenfield=3",
        "ipv6 src=2001:db8:f1::10 dst=2001:db8:1::1 / dstopts nh=6 / br97 len=2 / opt 200 data=01 / pad1",
        "ipv6 src=2001:db8:f1::10 dst=2001:db8:1::1 / bu seq=1 / bid01 1 type=7 coa=192.0.2.1 / bid01 2 type=7 len=3",
    };
    char why[sizeof text + 256];
    size_t failed = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (roundtrip(cases[i], why, sizeof why)) {
            printf("FAIL %s\n  %s\n", cases[i], why);
            failed++;
        }
    assert_int_equal(failed, 0);
}

/* Every legacy-* variant dissects with its profile named, and its
 * expression names it too: mh62 (draft-era next header 62), bid01
 * (draft -01 BID sub-option, with the catalogue's type), dstopts (1997
 * destination options). */
static void legacy_variants_are_named(void **state)
{
    (void)state;
    char why[sizeof text + 256];
    size_t n = 0, failed = 0;
    for (size_t i = 0; i < mc_catalogue_count; i++) {
        const mc_variant *v = &mc_catalogue[i];
        if (strncmp(v->name, "legacy-", 7) != 0)
            continue;
        n++;
        if (roundtrip_ex(v->expr, CAT_PROFILE, why, sizeof why)) {
            printf("FAIL %s: %s\n", v->name, why);
            failed++;
            continue;
        }
        int mh62 = 0, bid01 = 0, dst = 0;
        for (int k = 0; k < dis.pkt.nlayers; k++) {
            mh62 |= dis.pkt.l[k].kind == MC_LK_MH && dis.pkt.l[k].profile == MC_PROFILE_MH62;
            dst |= dis.pkt.l[k].kind == MC_LK_DSTOPT && dis.pkt.l[k].profile == MC_PROFILE_MIP6_97;
        }
        for (int k = 0; k < dis.pkt.nopts; k++)
            bid01 |= dis.pkt.o[k].space == MC_OS_BID01;
        const char *want = strstr(v->name, "mh62") ? " mh62" : strstr(v->name, "bid01") ? "bid01 type=200" : "dstopts / ";
        int named = strstr(v->name, "mh62") ? mh62 : strstr(v->name, "bid01") ? bid01 : dst;
        if (!named || !strstr(text, want)) {
            printf("FAIL %s: profile not named (model %d, expression needs '%s')\n  printed: %s\n", v->name, named,
                   want, text);
            failed++;
        }
    }
    printf("legacy: %zu of %zu legacy-* variants named and identical\n", n - failed, n);
    assert_true(n >= 10);
    assert_int_equal(failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(legacy_variants_are_named),
        cmocka_unit_test(every_catalogue_variant_round_trips),
        cmocka_unit_test(overrides_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
