/*
 * test_cn.c - the correspondent node: return routability cryptography
 * against vectors computed independently (Python hashlib/hmac, and OpenSSL
 * calls spelled out here), a full exchange with a simulated mobile node
 * going through the crafter and the dissector, RFC 5648 6.2 and 6.5, and
 * each named fault flipping the outcome it names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "cn.h"
#include "mcoa/craft.h"
#include "mcoa/dissect.h"

#define HOA_S "2001:db8:1::100"
#define CN_S "2001:db8:cc::1"

static uint8_t HOA[16], CN[16];
static void coa_n(int n, uint8_t out[16])
{
    char s[64];
    snprintf(s, sizeof s, "2001:db8:f%d::10", n);
    assert_int_equal(inet_pton(AF_INET6, s, out), 1);
}

static const uint8_t KCN[20] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
static const uint8_t NONCE[8] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};

/* ---- crypto vectors --------------------------------------------------------
 * Computed with Python's hmac/hashlib, independently of this code:
 *   kcn = bytes(range(20)); nonce = 11..88; HoA 2001:db8:1::100,
 *   CoA 2001:db8:f1::10, CN 2001:db8:cc::1
 *   ht  = HMAC-SHA1(kcn, hoa+nonce+b'\0')[:8]; ct = HMAC-SHA1(kcn, coa+nonce+b'\1')[:8]
 *   kbm = SHA1(ht+ct); kbmd = SHA1(ht)
 *   mh  = 59,3,5,0,ab,cd, 0,1, 80,0, 0,3c, 04,04,0,1,0,2, 05,0c, ee*12
 *   auth = HMAC-SHA1(kbm, coa+cn+mh[:20] with csum zeroed)[:12] */
static const uint8_t V_HT[8] = {0x4f, 0x7c, 0xc1, 0x85, 0x6c, 0x99, 0x7d, 0x8c};
static const uint8_t V_CT[8] = {0xd2, 0x7d, 0x8a, 0x54, 0xce, 0x51, 0xec, 0xc4};
static const uint8_t V_KBM[20] = {0x76, 0x07, 0x5e, 0xc5, 0x3e, 0xbe, 0xfd, 0x9e, 0xc1, 0xb3,
                                  0xdf, 0xa1, 0x9b, 0x6f, 0x0f, 0x9d, 0xe6, 0xa0, 0x0c, 0x19};
static const uint8_t V_KBMD[20] = {0xd3, 0x22, 0xe0, 0x65, 0x32, 0x1a, 0x42, 0x0b, 0x23, 0x97,
                                   0xb4, 0xb2, 0xc6, 0xfd, 0xe7, 0x80, 0x0f, 0x45, 0xc2, 0x8f};
static const uint8_t V_AUTH[12] = {0x85, 0xbb, 0xfe, 0x13, 0xf6, 0x6b, 0xd8, 0x6b, 0xb5, 0x9d, 0x4e, 0x86};

static void vector_mh(uint8_t mh[32])
{
    static const uint8_t head[20] = {59, 3, 5, 0, 0xab, 0xcd, 0, 1, 0x80, 0, 0, 0x3c, 4, 4, 0, 1, 0, 2, 5, 12};
    memcpy(mh, head, 20);
    memset(mh + 20, 0xee, 12);
}

static void crypto_vectors(void **s)
{
    (void)s;
    uint8_t coa[16], t[8], kbm[20], a[12], mh[32];
    coa_n(1, coa);
    mc_rr_token(KCN, HOA, NONCE, 8, MC_RR_HOME, t);
    assert_memory_equal(t, V_HT, 8);
    mc_rr_token(KCN, coa, NONCE, 8, MC_RR_CAREOF, t);
    assert_memory_equal(t, V_CT, 8);
    mc_rr_kbm(V_HT, V_CT, kbm);
    assert_memory_equal(kbm, V_KBM, 20);
    mc_rr_kbm(V_HT, NULL, kbm);
    assert_memory_equal(kbm, V_KBMD, 20);
    vector_mh(mh);
    assert_int_equal(mc_rr_authenticator(V_KBM, coa, CN, mh, 32, 18, a), 0);
    assert_memory_equal(a, V_AUTH, 12);
    /* the Checksum and Authenticator bytes do not enter the MAC */
    mh[4] = mh[5] = 0x55;
    memset(mh + 20, 0, 12);
    assert_int_equal(mc_rr_authenticator(V_KBM, coa, CN, mh, 32, 18, a), 0);
    assert_memory_equal(a, V_AUTH, 12);
    memcpy(mh + 20, V_AUTH, 12);
    assert_true(mc_rr_verify(V_KBM, coa, CN, mh, 32, 18));
    mh[7] ^= 1; /* the sequence number is covered */
    assert_false(mc_rr_verify(V_KBM, coa, CN, mh, 32, 18));
    /* an option running past the MH */
    assert_int_equal(mc_rr_authenticator(V_KBM, coa, CN, mh, 30, 18, a), -1);
}

/* The same values with OpenSSL calls written out, as a second witness. */
static void crypto_vectors_openssl_spelled_out(void **s)
{
    (void)s;
    uint8_t coa[16], buf[64 + 32], md[EVP_MAX_MD_SIZE], kbm[20], mh[32];
    unsigned int n = 0;
    coa_n(1, coa);
    memcpy(buf, HOA, 16), memcpy(buf + 16, NONCE, 8), buf[24] = 0;
    HMAC(EVP_sha1(), KCN, 20, buf, 25, md, &n);
    assert_memory_equal(md, V_HT, 8);
    memcpy(buf, coa, 16), memcpy(buf + 16, NONCE, 8), buf[24] = 1;
    HMAC(EVP_sha1(), KCN, 20, buf, 25, md, &n);
    assert_memory_equal(md, V_CT, 8);
    memcpy(buf, V_HT, 8), memcpy(buf + 8, V_CT, 8);
    SHA1(buf, 16, kbm);
    assert_memory_equal(kbm, V_KBM, 20);
    vector_mh(mh);
    memcpy(buf, coa, 16), memcpy(buf + 16, CN, 16), memcpy(buf + 32, mh, 20);
    buf[32 + 4] = buf[32 + 5] = 0;
    HMAC(EVP_sha1(), kbm, 20, buf, 52, md, &n);
    assert_memory_equal(md, V_AUTH, 12);
}

/* ---- a correspondent node and a simulated mobile node ---------------------- */

static mc_cn cn;
static mc_dissection dis;
static mc_pkt out;
static uint8_t frame[4096];
static size_t flen;
static uint64_t now;
static mc_cn_bu bu;
static mc_cn_bu_result res;

static void start(uint64_t faults)
{
    mc_cn_config c;
    mc_cn_config_default(&c);
    c.faults = faults;
    assert_int_equal(mc_cn_init(&cn, &c, 16), 0);
    mc_cn_set_kcn(&cn, KCN);
    now = 1000;
    mc_cn_set_nonce(&cn, 7, NONCE, now);
}

static void craft_dissect(const char *expr)
{
    mc_err e = {0};
    if (mc_craft(expr, frame, sizeof frame, &flen, &e) != 0)
        fail_msg("craft '%s': %s", expr, e.msg);
    mc_dissect(frame, flen, flen, MC_LINKTYPE_RAW, &dis);
}

static void build_dissect(mc_pkt *p)
{
    mc_err e = {0};
    if (mc_build(p, frame, sizeof frame, &flen, &e) != 0)
        fail_msg("build: %s", e.msg);
    assert_int_equal(mc_dissect(frame, flen, flen, MC_LINKTYPE_RAW, &dis), 0);
}

static void field(const mc_layer *l, const char *key, uint8_t *b, size_t n)
{
    const mc_field *f = mc_field_by_key(l->desc, key);
    assert_non_null(f);
    memcpy(b, l->hdr + f->off, n);
}

static int count_opts(const mc_pkt *p, int type)
{
    int n = 0;
    for (int i = 0; i < p->nopts; i++)
        n += p->o[i].form == MC_OF_TLV && p->o[i].type == type;
    return n;
}

/* What the mobile node learnt by return routability. */
static struct {
    uint8_t ht[8];
    uint16_t hni;
    uint8_t ct[8][8];
    uint16_t coni[8];
    uint16_t seq;
    int cot_bids; /* BID options in the last CoT */
    int cot_bid_status;
    int cot_bid_flags; /* H and Reserved byte of the last CoT's BID option */
    int cookie_bad;    /* a HoT or CoT did not copy the cookie */
} mn;

static void hex(const uint8_t *b, size_t n, char *s)
{
    for (size_t i = 0; i < n; i++)
        sprintf(s + 2 * i, "%02x", b[i]);
}

/* Send an init, check the test message's cookie, return its MH layer. */
static const mc_layer *exchange_init(const char *expr, int want_type)
{
    mc_cn_test_init t;
    mc_err e = {0};
    craft_dissect(expr);
    assert_int_equal(mc_cn_test_init_from(&dis, &t), 0);
    assert_int_equal(mc_cn_handle_test_init(&cn, &t, now, &out, &e), 1);
    build_dissect(&out);
    const mc_layer *l = &dis.pkt.l[dis.mh];
    assert_int_equal(l->code, want_type);
    uint8_t cookie[8];
    field(l, "cookie", cookie, 8);
    if (!cn.cfg.faults)
        assert_memory_equal(cookie, t.cookie, 8); /* RFC 6275 9.4.3: copied */
    mn.cookie_bad |= memcmp(cookie, t.cookie, 8) != 0;
    return l;
}

/* The mobile node's home address in the packets below (a second one in
 * sc_cache_key); HOA_S unless a scenario says otherwise. */
static const char *g_hoa = HOA_S;

static void mn_home_test(void)
{
    char expr[160];
    snprintf(expr, sizeof expr, "ipv6 src=%s dst=" CN_S " / hoti cookie=0x0102030405060708", g_hoa);
    const mc_layer *l = exchange_init(expr, MC_MH_HOT);
    uint64_t x;
    mc_layer_get(l, "nonce", &x);
    mn.hni = (uint16_t)x;
    field(l, "token", mn.ht, 8);
}

/* Status and flags of the BID option of the CoT in `dis`. */
static void note_cot_bid(void)
{
    mn.cot_bid_status = mn.cot_bid_flags = -1;
    for (int i = 0; i < dis.pkt.nopts; i++)
        if (dis.pkt.o[i].type == MC_OPT_BID) {
            mn.cot_bid_status = mc_opt_cbody(&dis.pkt, &dis.pkt.o[i])[2];
            mn.cot_bid_flags = mc_opt_cbody(&dis.pkt, &dis.pkt.o[i])[3];
        }
}

/* Care-of test from CoA n, with a BID option unless bid is 0. */
static void mn_coa_test(int n, uint16_t bid)
{
    char expr[256];
    snprintf(expr, sizeof expr, "ipv6 src=2001:db8:f%d::10 dst=" CN_S " / coti cookie=0x%d0%d", n, n, n);
    if (bid)
        snprintf(expr + strlen(expr), sizeof expr - strlen(expr), " / bid %u", bid);
    const mc_layer *l = exchange_init(expr, MC_MH_COT);
    uint64_t x;
    mc_layer_get(l, "nonce", &x);
    mn.coni[n] = (uint16_t)x;
    field(l, "token", mn.ct[n], 8);
    mn.cot_bids = count_opts(&dis.pkt, MC_OPT_BID);
    note_cot_bid();
}

/* A BU from CoA n: `bu_args` after "bu", `opts` the BID options (" / bid 1
 * coa=..."), signed the way the mobile node would: craft with a zero
 * authenticator, MAC over the MH, craft again with auth=HEX.  `corrupt`
 * flips one authenticator bit.  Returns mc_cn_process_bu's value. */
static int mn_bu(int n, const char *bu_args, const char *opts, int dereg, int corrupt)
{
    char expr[1024], tail[256];
    uint8_t coa[16], a[12];
    coa_n(n, coa);
    snprintf(tail, sizeof tail, " / nonce hni=%u coni=%u%s / auth auth=", mn.hni, mn.coni[n], opts);
    snprintf(expr, sizeof expr, "ipv6 src=2001:db8:f%d::10 dst=" CN_S " / hao %s / bu %s%s%s", n, g_hoa, bu_args,
             tail, "000000000000000000000000");
    craft_dissect(expr);
    const mc_layer *mh = &dis.pkt.l[dis.mh];
    mc_bu_view v;
    assert_int_equal(mc_bu_view_from(&dis, &v), 0);
    /* RFC 6275 6.2.7: the home address stands for the care-of address in a
     * de-registration, and Kbm then comes from the home token alone */
    assert_int_equal(mc_rr_mn_auth(NULL, dereg ? HOA : coa, CN, mn.ht, dereg ? NULL : mn.ct[n], frame + mh->wire_off,
                                   dis.mh_declared, v.auth_off, a),
                     0);
    a[0] ^= (uint8_t)corrupt;
    char h[25];
    hex(a, 12, h);
    snprintf(expr, sizeof expr, "ipv6 src=2001:db8:f%d::10 dst=" CN_S " / hao %s / bu %s%s%s", n, g_hoa, bu_args,
             tail, h);
    craft_dissect(expr);
    assert_int_equal(mc_cn_bu_from(&dis, frame, flen, &bu), 0);
    return mc_cn_process_bu(&cn, &bu, now, &res);
}

/* A BU crafted from `head` (the packet up to its last option; " / auth
 * auth=HEX" is appended), signed over `maccoa` with the home token and `ct`
 * (NULL: Kbm from the home token alone, RFC 6275 5.2.5).  Returns
 * mc_cn_process_bu's value. */
static int signed_bu(const char *head, const uint8_t maccoa[16], const uint8_t *ct)
{
    char expr[1024], h[25];
    uint8_t a[12];
    snprintf(expr, sizeof expr, "%s / auth auth=000000000000000000000000", head);
    craft_dissect(expr);
    const mc_layer *mh = &dis.pkt.l[dis.mh];
    mc_bu_view v;
    assert_int_equal(mc_bu_view_from(&dis, &v), 0);
    assert_int_equal(mc_rr_mn_auth(NULL, maccoa, CN, mn.ht, ct, frame + mh->wire_off, dis.mh_declared, v.auth_off, a),
                     0);
    hex(a, 12, h);
    snprintf(expr, sizeof expr, "%s / auth auth=%s", head, h);
    craft_dissect(expr);
    assert_int_equal(mc_cn_bu_from(&dis, frame, flen, &bu), 0);
    return mc_cn_process_bu(&cn, &bu, now, &res);
}

/* RR for CoA n (home test once), then a BU registering it under BID n. */
static int register_coa(int n, uint16_t bid, const char *flags)
{
    char args[64], opts[96];
    if (!mn.seq)
        mn_home_test();
    mn_coa_test(n, bid);
    snprintf(args, sizeof args, "seq=%u %s lifetime=60", ++mn.seq, flags);
    snprintf(opts, sizeof opts, " / bid %u coa=2001:db8:f%d::10", bid, n);
    return mn_bu(n, args, opts, 0, 0);
}

static void reset_mn(void)
{
    memset(&mn, 0, sizeof mn);
    g_hoa = HOA_S;
}

static const mc_binding *binding(uint16_t bid)
{
    mc_bc_mn *m = mc_bc_find(&cn.bc, HOA);
    return m ? mc_bc_binding(m, 1, bid) : NULL;
}

/* ---- return routability ----------------------------------------------------- */

static void hot_and_cot_carry_the_tokens(void **s)
{
    (void)s;
    start(0);
    reset_mn();
    uint8_t coa[16], t[8];
    coa_n(2, coa);
    mn_home_test();
    assert_int_equal(mn.hni, 7);
    mc_rr_token(KCN, HOA, NONCE, 8, MC_RR_HOME, t);
    assert_memory_equal(mn.ht, V_HT, 8); /* the vector's nonce and Kcn */
    mn_coa_test(2, 2);
    assert_int_equal(mn.coni[2], 7);
    mc_rr_token(KCN, coa, NONCE, 8, MC_RR_CAREOF, t);
    assert_memory_equal(mn.ct[2], t, 8);
    /* RFC 5648 4.3: the CoT carries the CoTI's BID back, Status 0 */
    assert_int_equal(mn.cot_bids, 1);
    assert_int_equal(mn.cot_bid_status, 0);
    mc_cn_free(&cn);
}

static void cot_bid_with_coa_field_is_malformed(void **s)
{
    (void)s;
    start(0);
    mc_cn_test_init t;
    mc_err e = {0};
    craft_dissect("ipv6 src=2001:db8:f1::10 dst=" CN_S " / coti cookie=9 / bid 4 coa=2001:db8:f1::10");
    assert_int_equal(mc_cn_test_init_from(&dis, &t), 0);
    assert_int_equal(mc_cn_handle_test_init(&cn, &t, now, &out, &e), 1);
    build_dissect(&out);
    assert_int_equal(count_opts(&dis.pkt, MC_OPT_BID), 1);
    const mc_opt *o = dis.pkt.o;
    while (o->form != MC_OF_TLV || o->type != MC_OPT_BID)
        o++;
    assert_int_equal(o->len, MC_BID_LEN_NOCOA);
    assert_int_equal(mc_opt_cbody(&dis.pkt, o)[2], MC_BA_MCOA_MALFORMED);
    mc_cn_free(&cn);
}

static void hoti_with_home_address_option_is_ignored(void **s)
{
    (void)s;
    start(0);
    mc_cn_test_init t;
    mc_err e = {0};
    craft_dissect("ipv6 src=2001:db8:f1::10 dst=" CN_S " / hao " HOA_S " / hoti cookie=1");
    assert_int_equal(mc_cn_test_init_from(&dis, &t), 0);
    assert_int_equal(mc_cn_handle_test_init(&cn, &t, now, &out, &e), 0);
    mc_cn_free(&cn);
}

static void nonces_regenerate_and_expire(void **s)
{
    (void)s;
    start(0);
    reset_mn();
    mn_home_test(); /* nonce 7 first used at t=1 s */
    now += 31000;
    mn_coa_test(1, 1);
    assert_int_equal(mn.coni[1], 8); /* a fresh nonce after nonce_regen_ms */
    assert_non_null(mc_cn_nonce_find(&cn, 7, now));
    assert_null(mc_cn_nonce_find(&cn, 7, 1000 + MC_RR_MAX_NONCE_LIFETIME_MS));
    assert_non_null(mc_cn_nonce_find(&cn, 8, 1000 + MC_RR_MAX_NONCE_LIFETIME_MS));
    mc_cn_free(&cn);
}

/* ---- Binding Update ----------------------------------------------------------- */

static void full_exchange_registers_and_signs_the_ba(void **s)
{
    (void)s;
    start(0);
    reset_mn();
    assert_int_equal(register_coa(1, 1, "A"), MC_BA_ACCEPTED);
    assert_true(res.ba.send);
    assert_true(res.has_kbm);
    const mc_binding *b = binding(1);
    assert_non_null(b);
    uint8_t coa[16];
    coa_n(1, coa);
    assert_memory_equal(b->coa, coa, 16);

    /* the BA: to the CoA, RH2 to the HoA, BID copied with Status 0, Binding
     * Authorization Data last and verifying with Kbm (RFC 6275 9.5.4) */
    mc_err e = {0};
    assert_int_equal(mc_cn_ba_to_pkt(&cn, &res, &bu.v, &out, &e), 0);
    build_dissect(&out);
    const mc_layer *mh = &dis.pkt.l[dis.mh];
    assert_int_equal(mh->code, MC_MH_BA);
    assert_non_null(mc_pkt_cfind(&dis.pkt, MC_LK_RH2));
    uint64_t st;
    mc_layer_get(mh, "status", &st);
    assert_int_equal(st, 0);
    assert_int_equal(count_opts(&dis.pkt, MC_OPT_BID), 1);
    const mc_opt *last = &dis.pkt.o[mh->opt_first + mh->opt_count - 1];
    assert_int_equal(last->type, MC_OPT_AUTH);
    uint8_t kbm[20];
    mc_rr_kbm(mn.ht, mn.ct[1], kbm);
    assert_true(mc_rr_verify(kbm, coa, CN, frame + mh->wire_off, dis.mh_declared, last->wire_off));
    assert_int_equal(dis.mh_csum_ok, 1);
    mc_cn_free(&cn);
}

static void three_coas_three_bindings(void **s)
{
    (void)s;
    start(0);
    reset_mn();
    for (int n = 1; n <= 3; n++)
        assert_int_equal(register_coa(n, (uint16_t)n, "A"), MC_BA_ACCEPTED);
    assert_int_equal(cn.bc.nbindings, 3);
    for (int n = 1; n <= 3; n++) {
        uint8_t coa[16];
        coa_n(n, coa);
        assert_non_null(binding((uint16_t)n));
        assert_memory_equal(binding((uint16_t)n)->coa, coa, 16);
    }
    /* O replaces them all with the one received */
    mn_coa_test(4, 4);
    assert_int_equal(mn_bu(4, "seq=9 A O lifetime=60", " / bid 4 coa=2001:db8:f4::10", 0, 0), MC_BA_ACCEPTED);
    assert_int_equal(cn.bc.nbindings, 1);
    mc_cn_free(&cn);
}

static void bulk_is_168(void **s)
{
    (void)s;
    start(0);
    reset_mn();
    mn_home_test();
    mn_coa_test(1, 1);
    int st = mn_bu(1, "seq=1 A lifetime=60", " / bid 1 coa=2001:db8:f1::10 / bid 2 coa=2001:db8:f2::10", 0, 0);
    assert_int_equal(st, MC_BA_MCOA_BULK_PROHIBITED);
    assert_true(res.ba.send);
    assert_int_equal(res.ba.nbid, 2);
    assert_int_equal(res.ba.bid[0].status, 0);
    assert_int_equal(res.ba.bid[1].status, 0);
    assert_int_equal(cn.bc.nbindings, 0);
    mc_cn_free(&cn);
}

/* RFC 5648 6.2: the status in the BA, every BID option's Status zero. */
static void status_placement(void **s)
{
    (void)s;
    start(0);
    reset_mn();
    mn_home_test();
    mn_coa_test(1, 5);
    /* BID 5 without Care-of Address field and no binding: 167 */
    assert_int_equal(mn_bu(1, "seq=1 A lifetime=60", " / bid 5 status=7", 0, 0), MC_BA_MCOA_UNKNOWN_COA);
    assert_int_equal(res.ba.status, MC_BA_MCOA_UNKNOWN_COA);
    assert_int_equal(res.ba.nbid, 1);
    assert_int_equal(res.ba.bid[0].status, 0);
    /* accepted: the MN's Status byte is not echoed */
    assert_int_equal(mn_bu(1, "seq=2 A lifetime=60", " / bid 5 status=7 coa=2001:db8:f1::10", 0, 0), 0);
    assert_int_equal(res.ba.bid[0].status, 0);
    mc_cn_free(&cn);
}

static void bad_bid_length_is_164(void **s)
{
    (void)s;
    start(0);
    reset_mn();
    mn_home_test();
    mn_coa_test(1, 1);
    assert_int_equal(mn_bu(1, "seq=1 A lifetime=60", " / bid 1 len=5", 0, 0), MC_BA_MCOA_MALFORMED);
    assert_int_equal(cn.bc.nbindings, 0);
    mc_cn_free(&cn);
}

static void wrong_authenticator_is_discarded(void **s)
{
    (void)s;
    start(0);
    reset_mn();
    mn_home_test();
    mn_coa_test(1, 1);
    assert_int_equal(mn_bu(1, "seq=1 A lifetime=60", " / bid 1 coa=2001:db8:f1::10", 0, 1), -1);
    assert_true(res.discarded);
    assert_false(res.ba.send);
    assert_int_equal(cn.bc.nbindings, 0);
    /* no Binding Authorization Data at all: discarded too */
    craft_dissect("ipv6 src=2001:db8:f1::10 dst=" CN_S " / hao " HOA_S
                  " / bu seq=1 A lifetime=60 / nonce hni=7 coni=7 / bid 1 coa=2001:db8:f1::10");
    assert_int_equal(mc_cn_bu_from(&dis, frame, flen, &bu), 0);
    assert_int_equal(mc_cn_process_bu(&cn, &bu, now, &res), -1);
    mc_cn_free(&cn);
}

static void mh_bytes_from_model_equal_frame(void **s)
{
    (void)s;
    start(0);
    reset_mn();
    assert_int_equal(register_coa(1, 1, "A"), 0);
    mc_cn_bu from_model;
    assert_int_equal(mc_cn_bu_from(&dis, NULL, 0, &from_model), 0);
    assert_int_equal(from_model.mh_len, bu.mh_len);
    assert_memory_equal(from_model.mh, bu.mh, bu.mh_len);
    mc_cn_free(&cn);
}

/* RFC 6275 9.5.1: expired nonce indices answered 136 / 137 / 138, the BA
 * without Binding Authorization Data (9.5.4). */
static void expired_nonces_136_137_138(void **s)
{
    (void)s;
    start(0);
    reset_mn();
    mn_home_test();                /* nonce 7 first used at 1 s */
    now += 100000;
    mn_coa_test(1, 1);             /* a later nonce, first used at 101 s */
    now = 1000 + MC_RR_MAX_NONCE_LIFETIME_MS + 1;
    assert_int_equal(mn_bu(1, "seq=1 A lifetime=60", " / bid 1 coa=2001:db8:f1::10", 0, 0), MC_BA_EXPIRED_HOME_NONCE);
    assert_false(res.has_kbm);
    assert_true(res.ba.send);
    mc_err e = {0};
    assert_int_equal(mc_cn_ba_to_pkt(&cn, &res, &bu.v, &out, &e), 0);
    assert_int_equal(count_opts(&out, MC_OPT_AUTH), 0);
    mn.hni = 99; /* unknown both */
    mn.coni[1] = 98;
    assert_int_equal(mn_bu(1, "seq=1 A lifetime=60", " / bid 1 coa=2001:db8:f1::10", 0, 0), MC_BA_EXPIRED_NONCES);
    mn_home_test();
    mn.coni[1] = 98;
    assert_int_equal(mn_bu(1, "seq=1 A lifetime=60", " / bid 1 coa=2001:db8:f1::10", 0, 0), MC_BA_EXPIRED_COA_NONCE);
    mc_cn_free(&cn);
}

static void deregistration_removes_that_bid(void **s)
{
    (void)s;
    start(0);
    reset_mn();
    register_coa(1, 1, "A");
    register_coa(2, 2, "A");
    assert_int_equal(cn.bc.nbindings, 2);
    assert_int_equal(mn_bu(2, "seq=5 A lifetime=0", " / bid 2", 1, 0), MC_BA_ACCEPTED);
    assert_int_equal(cn.bc.nbindings, 1);
    assert_null(binding(2));
    assert_non_null(binding(1));
    /* unknown BID: 133 (RFC 5648 6.2) */
    assert_int_equal(mn_bu(2, "seq=6 A lifetime=0", " / bid 9", 1, 0), MC_BA_NOT_HA_FOR_MN);
    mc_cn_free(&cn);
}

static void home_registration_is_131(void **s)
{
    (void)s;
    start(0);
    reset_mn();
    assert_int_equal(register_coa(1, 1, "A H"), MC_BA_HOMEREG_NOT_SUPP);
    mc_cn_free(&cn);
}

/* ---- RFC 5648 6.5 ---------------------------------------------------------------- */

static int data_from(int n, mc_pkt *be)
{
    char expr[256];
    mc_err e = {0};
    snprintf(expr, sizeof expr, "ipv6 src=2001:db8:f%d::10 dst=" CN_S " / hao " HOA_S " / raw data=00112233", n);
    craft_dissect(expr);
    mc_pkt_init(be);
    return mc_cn_handle_hao_packet(&cn, &dis, now, be, &e);
}

static void unknown_coa_gets_binding_error(void **s)
{
    (void)s;
    start(0);
    reset_mn();
    register_coa(1, 1, "A");
    assert_int_equal(data_from(1, &out), MC_HAO_ACCEPT);
    assert_int_equal(data_from(3, &out), MC_HAO_DISCARD);
    build_dissect(&out);
    const mc_layer *mh = &dis.pkt.l[dis.mh];
    assert_int_equal(mh->code, MC_MH_BE);
    uint64_t st;
    mc_layer_get(mh, "status", &st);
    assert_int_equal(st, MC_BE_UNKNOWN_HAO);
    uint8_t home[16], dst[16], coa3[16];
    field(mh, "home", home, 16);
    assert_memory_equal(home, HOA, 16);
    field(&dis.pkt.l[0], "dst", dst, 16);
    coa_n(3, coa3);
    assert_memory_equal(dst, coa3, 16);
    assert_null(mc_pkt_cfind(&dis.pkt, MC_LK_RH2));
    /* a BU from a new care-of address is never subject to the check */
    mn_coa_test(2, 2);
    assert_int_equal(mn_bu(2, "seq=7 A lifetime=60", " / bid 2 coa=2001:db8:f2::10", 0, 0), MC_BA_ACCEPTED);
    mc_cn_free(&cn);
}

static void every_fault_has_a_name_and_clause(void **s)
{
    (void)s;
    uint64_t seen = 0;
    for (size_t i = 0; i < mc_cn_nfaults; i++) {
        assert_int_equal(mc_cn_fault_bit(mc_cn_faults[i].name), mc_cn_faults[i].bit);
        assert_non_null(strstr(mc_cn_faults[i].clause, "RFC"));
        assert_false(seen & mc_cn_faults[i].bit);
        seen |= mc_cn_faults[i].bit;
    }
    assert_int_equal(mc_cn_fault_bit("no-such-fault"), 0);
}

/* ---- every fault flips a scenario ---------------------------------------------
 * The outcome (return value, BA fields, BA packet options, bindings, CoT BID
 * options, RFC 5648 6.5 verdict) with the fault must differ from the
 * outcome without it. */
typedef struct outcome {
    int ret, send, status, nbid, bid_status[4], ba_auth, ba_bids, bindings, cot_bids, hao;
    int cot_bid_flags, cookie_bad, bound_mask, bid1_coa, route, ba_bid_flags, ba_lifetime;
    uint8_t ba_authenticator[12];
    int same_tokens; /* sc_token_types: home and care-of token of one address and nonce */
} outcome;

static outcome observe(int ret)
{
    outcome o;
    memset(&o, 0, sizeof o);
    o.ret = ret;
    o.send = res.ba.send;
    o.status = res.ba.status;
    o.ba_lifetime = res.ba.lifetime;
    o.nbid = res.ba.nbid;
    for (int i = 0; i < res.ba.nbid && i < 4; i++)
        o.bid_status[i] = res.ba.bid[i].status;
    o.ba_bid_flags = res.ba.nbid ? res.ba.bid[0].flags : -1;
    if (res.ba.send) {
        mc_err e = {0};
        assert_int_equal(mc_cn_ba_to_pkt(&cn, &res, &bu.v, &out, &e), 0);
        o.ba_auth = count_opts(&out, MC_OPT_AUTH);
        o.ba_bids = count_opts(&out, MC_OPT_BID);
        for (int i = 0; i < out.nopts; i++)
            if (out.o[i].form == MC_OF_TLV && out.o[i].type == MC_OPT_AUTH && out.o[i].len == 12)
                memcpy(o.ba_authenticator, mc_opt_body(&out, &out.o[i]), 12);
    }
    o.bindings = (int)cn.bc.nbindings;
    o.cot_bids = mn.cot_bids;
    o.hao = -2;
    o.cot_bid_flags = mn.cot_bid_flags;
    o.cookie_bad = mn.cookie_bad;
    for (uint16_t b = 1; b <= 4; b++)
        o.bound_mask |= binding(b) ? 1 << b : 0;
    o.bid1_coa = binding(1) ? binding(1)->coa[5] : -1; /* N of 2001:db8:fN::10 */
    const mc_binding *r = mc_cn_route(&cn, HOA, now);
    o.route = r ? r->coa[5] : -1;
    return o;
}

static outcome sc_register(void) { return observe(register_coa(1, 1, "A")); }

/* RFC 6275 9.4.1: a HoTI carrying a Home Address option is silently ignored */
static outcome sc_init_hao(void)
{
    mc_cn_test_init t;
    mc_err e = {0};
    memset(&res, 0, sizeof res);
    craft_dissect("ipv6 src=2001:db8:f1::10 dst=" CN_S " / hao " HOA_S " / hoti cookie=1");
    assert_int_equal(mc_cn_test_init_from(&dis, &t), 0);
    return observe(mc_cn_handle_test_init(&cn, &t, now, &out, &e));
}

static outcome sc_bulk(void)
{
    mn_home_test();
    mn_coa_test(1, 1);
    return observe(mn_bu(1, "seq=1 A lifetime=60", " / bid 1 coa=2001:db8:f1::10 / bid 2 coa=2001:db8:f2::10", 0, 0));
}

static outcome sc_unknown_coa(void)
{
    mn_home_test();
    mn_coa_test(1, 5);
    return observe(mn_bu(1, "seq=1 A lifetime=60", " / bid 5", 0, 0));
}

static outcome sc_bad_auth(void)
{
    mn_home_test();
    mn_coa_test(1, 1);
    return observe(mn_bu(1, "seq=1 A lifetime=60", " / bid 1 coa=2001:db8:f1::10", 0, 1));
}

static outcome sc_bad_length(void)
{
    mn_home_test();
    mn_coa_test(1, 1);
    return observe(mn_bu(1, "seq=1 A lifetime=60", " / bid 1 len=5", 0, 0));
}

static outcome sc_hao_unknown(void)
{
    register_coa(1, 1, "A");
    outcome o = observe(0);
    o.hao = data_from(2, &out);
    return o;
}

static outcome sc_second_coa(void)
{
    register_coa(1, 1, "A");
    return observe(register_coa(2, 2, "A"));
}

static outcome sc_expired(void)
{
    mn_home_test();
    mn_coa_test(1, 1);
    now += MC_RR_MAX_NONCE_LIFETIME_MS + 1;
    return observe(mn_bu(1, "seq=1 A lifetime=60", " / bid 1 coa=2001:db8:f1::10", 0, 0));
}

static outcome sc_dereg(void)
{
    register_coa(1, 1, "A");
    return observe(mn_bu(1, "seq=5 A lifetime=0", " / bid 1", 1, 0));
}

static outcome sc_bid_status(void)
{
    mn_home_test();
    mn_coa_test(1, 1);
    return observe(mn_bu(1, "seq=1 A lifetime=60", " / bid 1 coa=2001:db8:f1::10 status=7", 0, 0));
}

static outcome sc_ba_reserved(void)
{
    mn_home_test();
    mn_coa_test(1, 1);
    return observe(mn_bu(1, "seq=1 A lifetime=60", " / bid 1 coa=2001:db8:f1::10 res=0x7f", 0, 0));
}

static outcome sc_cot_reserved(void)
{
    exchange_init("ipv6 src=2001:db8:f1::10 dst=" CN_S " / coti cookie=0x31 / bid 1 H res=5", MC_MH_COT);
    note_cot_bid();
    return observe(0);
}

/* a de-registration needs the home keygen token only: the tester can sign
 * a BU naming any care-of address */
static outcome sc_unroutable(void)
{
    mn_home_test();
    return observe(mn_bu(1, "seq=1 A lifetime=0", " / bid 1 coa=ff02::1", 1, 0));
}

static outcome sc_dereg_unknown(void)
{
    mn_home_test();
    return observe(mn_bu(1, "seq=1 A lifetime=0", " / bid 9", 1, 0));
}

static outcome sc_legacy(void)
{
    register_coa(1, 1, "A");
    register_coa(2, 2, "A");
    mn_coa_test(3, 0);
    return observe(mn_bu(3, "seq=9 A lifetime=60", "", 0, 0));
}

static outcome sc_refresh(void)
{
    register_coa(1, 1, "A");
    return observe(mn_bu(1, "seq=5 A lifetime=60", " / bid 1", 0, 0));
}

static outcome sc_non_mcoa(void)
{
    mn_home_test();
    mn_coa_test(1, 0);
    assert_int_equal(mn_bu(1, "seq=1 A lifetime=60", "", 0, 0), MC_BA_ACCEPTED);
    mn.seq = 1;
    return observe(register_coa(2, 2, "A"));
}

static outcome sc_coa_update(void)
{
    register_coa(1, 1, "A");
    mn_coa_test(2, 1);
    return observe(mn_bu(2, "seq=5 A lifetime=60", " / bid 1 coa=2001:db8:f2::10", 0, 0));
}

static outcome sc_o_replaces(void)
{
    register_coa(1, 1, "A");
    register_coa(2, 2, "A");
    return observe(mn_bu(2, "seq=9 A O lifetime=60", " / bid 2 coa=2001:db8:f2::10", 0, 0));
}

static outcome sc_dereg_with_o(void)
{
    register_coa(1, 1, "A");
    register_coa(2, 2, "A");
    return observe(mn_bu(2, "seq=9 A O lifetime=0", " / bid 2", 1, 0));
}

static outcome sc_replay(void)
{
    register_coa(1, 1, "A");
    return observe(mn_bu(1, "seq=1 A lifetime=60", " / bid 1 coa=2001:db8:f1::10", 0, 0));
}

static outcome sc_lookup(void)
{
    register_coa(1, 1, "A");
    register_coa(2, 2, "A");
    return observe(mn_bu(1, "seq=9 A lifetime=0", " / bid 2", 1, 0));
}

/* RFC 5648 6.1: a second mobile node, its home address equal to HOA_S but
 * for the last byte, registers BID 1 with the same sequence number: a new
 * entry, accepted (not a replay of the first's). */
static outcome sc_cache_key(void)
{
    register_coa(1, 1, "A");
    g_hoa = "2001:db8:1::101";
    mn_home_test();
    mn_coa_test(2, 1);
    return observe(mn_bu(2, "seq=1 A lifetime=60", " / bid 1 coa=2001:db8:f2::10", 0, 0));
}

/* RFC 6275 9.5.1: a BU without Nonce Indices option, signed with the
 * right tokens all the same, is silently discarded. */
static outcome sc_no_nonce(void)
{
    uint8_t coa[16];
    coa_n(1, coa);
    mn_home_test();
    mn_coa_test(1, 1);
    return observe(signed_bu("ipv6 src=2001:db8:f1::10 dst=" CN_S " / hao " HOA_S
                             " / bu seq=1 A lifetime=60 / bid 1 coa=2001:db8:f1::10",
                             coa, mn.ct[1]));
}

/* RFC 6275 9.5.4: accepted, A clear: no BA. */
static outcome sc_no_a(void) { return observe(register_coa(1, 1, "")); }

/* RFC 6275 9.5.1, 5.2.5: from the home address, no Home Address option,
 * lifetime 60: care-of address = home address, a de-registration signed
 * with the home keygen token alone (care-of nonce index 0, ignored). */
static outcome sc_home_coa(void)
{
    char head[256];
    register_coa(1, 1, "A");
    snprintf(head, sizeof head, "ipv6 src=" HOA_S " dst=" CN_S " / bu seq=9 A lifetime=60 / nonce hni=%u coni=0",
             mn.hni);
    return observe(signed_bu(head, HOA, NULL));
}

/* RFC 6275 9.5.2, 12: 200 units (800 s) asked, at most 105 (420 s) granted. */
static outcome sc_long_lifetime(void)
{
    mn_home_test();
    mn_coa_test(1, 1);
    return observe(mn_bu(1, "seq=1 A lifetime=200", " / bid 1 coa=2001:db8:f1::10", 0, 0));
}

/* RFC 6275 9.2: an MH of type 60 gets a Binding Error, status 2, back to
 * its source. */
static outcome sc_unknown_mh(void)
{
    mc_err e = {0};
    memset(&res, 0, sizeof res);
    craft_dissect("ipv6 src=2001:db8:f1::10 dst=" CN_S " / mh type=60 data=0000");
    int r = mc_cn_handle_unknown_mh(&cn, &dis, &out, &e);
    if (r == 1) {
        build_dissect(&out);
        const mc_layer *l = &dis.pkt.l[dis.mh];
        uint64_t st = 0;
        assert_int_equal(l->code, MC_MH_BE);
        assert_int_equal(mc_layer_get(l, "status", &st), 0);
        assert_int_equal(st, MC_BE_UNKNOWN_MH_TYPE);
    }
    return observe(r);
}

/* RFC 6275 5.2.5, 9.5.1: the home test under one nonce, the care-of test
 * under the next (a new nonce every 30 s): the BU names both indices. */
static outcome sc_two_nonces(void)
{
    mn_home_test();
    now += cn.cfg.nonce_regen_ms + 1;
    mn_coa_test(1, 1);
    return observe(mn_bu(1, "seq=1 A lifetime=60", " / bid 1 coa=2001:db8:f1::10", 0, 0));
}

/* RFC 6275 5.2.5: a home test and a care-of test from one address, under
 * one nonce: the final octet (0, 1) makes the two tokens differ. */
static outcome sc_token_types(void)
{
    g_hoa = "2001:db8:f1::10";
    mn_home_test();
    g_hoa = HOA_S;
    mn_coa_test(1, 0);
    outcome o = observe(0);
    o.same_tokens = mn.hni == mn.coni[1] && memcmp(mn.ht, mn.ct[1], sizeof mn.ht) == 0;
    return o;
}

/* RFC 6275 5.2.5, 9.5.1: a home keygen token got for one home address does
 * not sign a BU for another address of the same prefix */
static outcome sc_token_other_hoa(void)
{
    mn_home_test();
    mn_coa_test(1, 1);
    g_hoa = "2001:db8:1::101";
    outcome o = observe(mn_bu(1, "seq=1 A lifetime=60", " / bid 1 coa=2001:db8:f1::10", 0, 0));
    g_hoa = HOA_S;
    return o;
}

static const struct {
    const char *fault;
    outcome (*run)(void);
} scenarios[] = {
    {"cn-hot-cookie-not-copied", sc_register},
    {"cn-bid-status-not-ignored", sc_bid_status},
    {"cn-cot-bid-reserved-copied", sc_cot_reserved},
    {"cn-accept-unroutable-coa", sc_unroutable},
    {"cn-dereg-unknown-bid-accepted", sc_dereg_unknown},
    {"cn-legacy-keeps-bid-bindings", sc_legacy},
    {"cn-no-refresh-without-coa", sc_refresh},
    {"cn-non-mcoa-overwritten", sc_non_mcoa},
    {"cn-coa-update-ignored", sc_coa_update},
    {"cn-lookup-ignores-bid", sc_lookup},
    {"cn-no-route-optimization", sc_register},
    {"cn-accept-bulk", sc_bulk},
    {"cn-status-in-bid", sc_unknown_coa},
    {"cn-no-bid-in-cot", sc_register},
    {"cn-no-bid-copy", sc_register},
    {"cn-no-auth-check", sc_bad_auth},
    {"cn-accept-bad-bid-length", sc_bad_length},
    {"cn-no-binding-error", sc_hao_unknown},
    {"cn-check-bu-source", sc_second_coa},
    {"cn-accept-expired-nonce", sc_expired},
    {"cn-ba-without-auth", sc_register},
    {"cn-dereg-keeps-binding", sc_dereg},
    {"cn-ba-bid-reserved-echoed", sc_ba_reserved},
    {"cn-ba-auth-over-hoa", sc_register},
    {"cn-ignores-o", sc_o_replaces},
    {"cn-dereg-honours-o", sc_dereg_with_o},
    {"cn-seq-replay-accepted", sc_replay},
    {"cn-cache-key-short", sc_cache_key},
    {"cn-answer-init-with-hao", sc_init_hao},
    {"cn-bu-without-nonce-processed", sc_no_nonce},
    {"cn-ba-without-a-flag", sc_no_a},
    {"cn-home-coa-registered", sc_home_coa},
    {"cn-rr-lifetime-uncapped", sc_long_lifetime},
    {"cn-unknown-mh-silent", sc_unknown_mh},
    {"cn-coa-nonce-by-home-index", sc_two_nonces},
    {"cn-careof-token-as-home", sc_token_types},
    {"cn-token-prefix-only", sc_token_other_hoa},
    {"cn-ba-lifetime-zero", sc_register},
};

static outcome run_scenario(outcome (*run)(void), uint64_t faults)
{
    start(faults);
    reset_mn();
    outcome o = run();
    mc_cn_free(&cn);
    return o;
}

static void every_fault_flips_its_scenario(void **s)
{
    (void)s;
    size_t n = sizeof scenarios / sizeof scenarios[0];
    for (size_t f = 0; f < mc_cn_nfaults; f++) {
        size_t k = 0;
        while (k < n && strcmp(scenarios[k].fault, mc_cn_faults[f].name) != 0)
            k++;
        if (k == n)
            fail_msg("fault %s has no scenario", mc_cn_faults[f].name);
        outcome good = run_scenario(scenarios[k].run, 0);
        outcome bad = run_scenario(scenarios[k].run, mc_cn_faults[f].bit);
        if (memcmp(&good, &bad, sizeof good) == 0)
            fail_msg("fault %s does not change the outcome of its scenario", mc_cn_faults[f].name);
    }
}

static int setup(void **s)
{
    (void)s;
    inet_pton(AF_INET6, HOA_S, HOA);
    inet_pton(AF_INET6, CN_S, CN);
    return 0;
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(crypto_vectors),
        cmocka_unit_test(crypto_vectors_openssl_spelled_out),
        cmocka_unit_test(hot_and_cot_carry_the_tokens),
        cmocka_unit_test(cot_bid_with_coa_field_is_malformed),
        cmocka_unit_test(hoti_with_home_address_option_is_ignored),
        cmocka_unit_test(nonces_regenerate_and_expire),
        cmocka_unit_test(full_exchange_registers_and_signs_the_ba),
        cmocka_unit_test(three_coas_three_bindings),
        cmocka_unit_test(bulk_is_168),
        cmocka_unit_test(status_placement),
        cmocka_unit_test(bad_bid_length_is_164),
        cmocka_unit_test(wrong_authenticator_is_discarded),
        cmocka_unit_test(mh_bytes_from_model_equal_frame),
        cmocka_unit_test(expired_nonces_136_137_138),
        cmocka_unit_test(deregistration_removes_that_bid),
        cmocka_unit_test(home_registration_is_131),
        cmocka_unit_test(unknown_coa_gets_binding_error),
        cmocka_unit_test(every_fault_has_a_name_and_clause),
        cmocka_unit_test(every_fault_flips_its_scenario),
    };
    return cmocka_run_group_tests(t, setup, NULL);
}
