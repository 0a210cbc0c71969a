/*
 * test_mn.c - the mobile node core: the BUs it builds (checked by building,
 * dissecting and reading them back, or by their crafter expression), its
 * reaction to every BA status of RFC 5648 5.7 fed as crafted packets,
 * BRR / BE / timers, conversations with the home agent and correspondent
 * node cores through bytes, and each named fault flipping a scenario.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "mcoa/craft.h"
#include "mcoa/dissect.h"
#include "mn.h"
#include "ha_bu.h"
#include "cn.h"
#include "rr.h"

/* The addressing plan of the catalogue and test_ha_bu.c. */
#define HOA_S "2001:db8:1::100"
#define HA_S  "2001:db8:1::1"
#define CN_S  "2001:db8:c::1"
static uint8_t HOA[16], HA[16], CN[16], COA[4][16];
static const uint8_t LLA_HOME[6] = {0x02, 0, 0, 0, 0, 0x10};
static const uint8_t HA_MAC[6] = {0x02, 0, 0, 0, 0, 0x01};
static const uint8_t ROUTER_MAC[6] = {0x02, 0, 0, 0, 0xaa, 0x01};

static mc_mn mn;
static mc_mn_out out;
static mc_pkt pkt;
static mc_dissection dis;
static uint8_t frame[MC_FRAME_MAX];
static size_t flen;

static void addrs(void)
{
    inet_pton(AF_INET6, HOA_S, HOA);
    inet_pton(AF_INET6, HA_S, HA);
    inet_pton(AF_INET6, CN_S, CN);
    for (int i = 1; i <= 3; i++) {
        char s[64];
        snprintf(s, sizeof s, "2001:db8:f%d::10", i);
        inet_pton(AF_INET6, s, COA[i]);
    }
}

static const char *ntop(const uint8_t a[16])
{
    static char buf[4][64];
    static int k;
    k = (k + 1) % 4;
    inet_ntop(AF_INET6, a, buf[k], sizeof buf[k]);
    return buf[k];
}

/* A mobile node with three care-of addresses on interfaces 1, 2, 3. */
static void start_cfg(const mc_mn_config *c)
{
    addrs();
    mc_mn_init(&mn, c);
    for (int i = 1; i <= 3; i++) {
        uint8_t lla[6] = {0x02, 0, 0, 0, (uint8_t)i, 0x10};
        mc_mn_coa_up(&mn, i, 6, COA[i], lla, 6);
    }
}

/* A mobile node that knows its home agent's IPv4 address (198.51.100.1),
 * so that it may register an IPv4 care-of address (RFC 5648 Section 8). */
static void start_with_ha_v4(mc_mn_config *c)
{
    mc_mn_config_default(c);
    inet_pton(AF_INET, "198.51.100.1", c->ha_v4);
    c->has_ha_v4 = 1;
    start_cfg(c);
}

static void start(uint64_t faults, int bulk)
{
    mc_mn_config c;
    mc_mn_config_default(&c);
    c.faults = faults;
    c.bulk = (uint8_t)bulk;
    start_cfg(&c);
}

/* ---- packets: plan -> model -> bytes -> dissection -> view / text ------------ */

static void build_plan(const mc_mn_bu_plan *b)
{
    mc_err e;
    assert_int_equal(mc_mn_bu_to_pkt(&mn, b, &pkt, &e), 0);
    assert_int_equal(mc_build(&pkt, frame, sizeof frame, &flen, &e), 0);
}

static mc_bu_view view_of(const mc_mn_bu_plan *b)
{
    build_plan(b);
    assert_int_equal(mc_dissect(frame, flen, flen, mc_pkt_linktype(&pkt), &dis), 0);
    assert_int_equal(dis.mh_csum_ok, 1);
    mc_bu_view v;
    assert_int_equal(mc_bu_view_from(&dis, &v), 0);
    return v;
}

static const char *text_of(const mc_mn_bu_plan *b)
{
    static char buf[2048];
    build_plan(b);
    assert_int_equal(mc_dissect(frame, flen, flen, mc_pkt_linktype(&pkt), &dis), 0);
    assert_true(mc_expr_print(&dis.pkt, buf, sizeof buf) > 0);
    return buf;
}

/* Feed a crafted packet to the mobile node. */
static int feed(const char *expr, uint64_t now)
{
    mc_err e;
    if (mc_craft(expr, frame, sizeof frame, &flen, &e) < 0)
        fail_msg("craft '%s': %s", expr, e.msg);
    mc_dissect(frame, flen, flen, MC_LINKTYPE_RAW, &dis);
    return mc_mn_input(&mn, &dis, now, &out);
}

/* The BA a peer would send for plan `b`: status, then the BID options
 * (`bids` NULL: those of the BU with status 0; "" none; else as given). */
static int reply(const mc_mn_bu_plan *b, int status, const char *bids, uint64_t now)
{
    char expr[1024];
    int n;
    if (b->from_home)
        n = snprintf(expr, sizeof expr, "ipv6 src=%s dst=%s / ba %d seq=%u lifetime=60", ntop(b->dst), HOA_S,
                     status, b->seq);
    else
        n = snprintf(expr, sizeof expr, "ipv6 src=%s dst=%s / rh2 %s / ba %d seq=%u lifetime=60", ntop(b->dst),
                     ntop(b->src), HOA_S, status, b->seq);
    if (bids)
        snprintf(expr + n, sizeof expr - (size_t)n, " %s", bids);
    else
        for (int i = 0; i < b->nbid; i++)
            n += snprintf(expr + n, sizeof expr - (size_t)n, " / bid %u%s", b->bid[i].bid,
                          (b->bid[i].flags & MC_BID_H_FLAG) ? " H" : "");
    return feed(expr, now);
}

static int has_event(int kind, int bid)
{
    for (int i = 0; i < out.nev; i++)
        if (out.ev[i].kind == kind && (bid < 0 || out.ev[i].bid == bid))
            return 1;
    return 0;
}

static uint8_t state_of(int bid) { return mn.peers[MC_MN_HA].b[mc_mn_bid_of(&mn, bid) - 1].state; }

/* Register all three in bulk and have it accepted. */
static mc_mn_bu_plan registered_bulk(uint64_t now)
{
    assert_int_equal(mc_mn_register_all(&mn, now, &out), 1);
    mc_mn_bu_plan b = out.bu[0];
    assert_int_equal(reply(&b, 0, NULL, now), 0);
    return b;
}

/* ---- BIDs (RFC 5648 5.1) ---------------------------------------------------------- */

static void bids_are_unique_nonzero_and_stable(void **s)
{
    (void)s;
    start(0, 1);
    assert_int_equal(mc_mn_bid_of(&mn, 1), 1);
    assert_int_equal(mc_mn_bid_of(&mn, 2), 2);
    assert_int_equal(mc_mn_bid_of(&mn, 3), 3);
    registered_bulk(1000);
    /* interface 2 loses its address and gets another: same BID, and the
     * new address is sent in a Care-of Address field again */
    mc_mn_coa_down(&mn, 2);
    uint8_t n2[16];
    inet_pton(AF_INET6, "2001:db8:f9::10", n2);
    assert_int_equal(mc_mn_coa_up(&mn, 2, 6, n2, NULL, 0), 2);
    assert_int_equal(mc_mn_register(&mn, 2, 2000, &out), 1);
    mc_bu_view v = view_of(&out.bu[0]);
    assert_int_equal(v.bid[0].len, MC_BID_LEN_V6);
    assert_memory_equal(v.bid[0].coa, n2, 16);
    /* a second address on a live interface is another binding */
    uint8_t n4[16];
    inet_pton(AF_INET6, "2001:db8:f1::20", n4);
    assert_int_equal(mc_mn_coa_up(&mn, 1, 6, n4, NULL, 0), 4);
}

/* ---- building BUs ---------------------------------------------------------------- */

static void first_registration_has_coa_and_o(void **s)
{
    (void)s;
    start(0, 1);
    assert_int_equal(mc_mn_register(&mn, 1, 0, &out), 1);
    mc_bu_view v = view_of(&out.bu[0]);
    assert_memory_equal(v.src, COA[1], 16);
    assert_memory_equal(v.dst, HA, 16);
    assert_true(v.has_hao);
    assert_memory_equal(v.hoa, HOA, 16);
    assert_int_equal(v.flags & (MC_BU_A | MC_BU_H | MC_BU_O), MC_BU_A | MC_BU_H | MC_BU_O);
    assert_int_equal(v.lifetime, 60);
    assert_int_equal(v.nbid, 1);
    assert_int_equal(v.bid[0].bid, 1);
    assert_int_equal(v.bid[0].len, MC_BID_LEN_V6);
    assert_memory_equal(v.bid[0].coa, COA[1], 16);
    assert_false(v.has_altcoa); /* RFC 5648 5.2: no Alternate CoA option */
    assert_string_equal(text_of(&out.bu[0]),
                        "ipv6 src=2001:db8:f1::10 dst=2001:db8:1::1 / hao 2001:db8:1::100 / "
                        "bu seq=1 A H O lifetime=60 / padn 4 / bid 1 coa=2001:db8:f1::10");
}

static void register_all_in_bulk(void **s)
{
    (void)s;
    start(0, 1);
    assert_int_equal(mc_mn_register_all(&mn, 0, &out), 1);
    mc_bu_view v = view_of(&out.bu[0]);
    assert_int_equal(v.nbid, 3);
    assert_true(v.flags & MC_BU_O);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(v.bid[i].bid, i + 1);
        assert_int_equal(v.bid[i].len, MC_BID_LEN_V6);
        assert_memory_equal(v.bid[i].coa, COA[i + 1], 16);
    }
}

static void register_all_individually_one_sequence(void **s)
{
    (void)s;
    start(0, 0);
    assert_int_equal(mc_mn_register_all(&mn, 0, &out), 3);
    for (int i = 0; i < 3; i++) {
        mc_bu_view v = view_of(&out.bu[i]);
        assert_int_equal(v.nbid, 1);
        assert_int_equal(v.bid[0].bid, i + 1);
        assert_memory_equal(v.src, COA[i + 1], 16);
        /* RFC 5648 5.2 / RFC 6275 11.7.1: one counter for the peer */
        assert_int_equal(v.seq, i + 1);
        /* 5.9: O only on the first, or the second would wipe the first */
        assert_int_equal((v.flags & MC_BU_O) != 0, i == 0);
    }
}

static void refresh_omits_coa_and_o(void **s)
{
    (void)s;
    start(0, 1);
    registered_bulk(0);
    assert_int_equal(state_of(1), MC_MN_BS_REGISTERED);
    assert_true(has_event(MC_MN_EV_REGISTERED, 2));
    uint64_t t = mc_mn_next_deadline(&mn);
    assert_true(t > 0 && t < 240000);
    assert_int_equal(mc_mn_tick(&mn, t - 1, &out), 0);
    assert_int_equal(mc_mn_tick(&mn, t, &out), 1);
    mc_bu_view v = view_of(&out.bu[0]);
    assert_int_equal(v.nbid, 3);
    assert_false(v.flags & MC_BU_O);
    for (int i = 0; i < 3; i++)
        assert_int_equal(v.bid[i].len, MC_BID_LEN_NOCOA);
    assert_int_equal(v.seq, 2);
}

static void deregister_one_bid(void **s)
{
    (void)s;
    start(0, 1);
    registered_bulk(0);
    assert_int_equal(mc_mn_deregister(&mn, 2, 10, &out), 1);
    mc_bu_view v = view_of(&out.bu[0]);
    assert_int_equal(v.lifetime, 0);
    assert_int_equal(v.nbid, 1);
    assert_int_equal(v.bid[0].bid, 2);
    assert_int_equal(v.bid[0].len, MC_BID_LEN_NOCOA);
    assert_false(v.flags & MC_BU_O);
    mc_mn_bu_plan b = out.bu[0];
    assert_int_equal(reply(&b, 0, NULL, 20), 0);
    assert_true(has_event(MC_MN_EV_DEREGISTERED, 2));
    assert_int_equal(state_of(2), MC_MN_BS_NONE);
    assert_int_equal(state_of(1), MC_MN_BS_REGISTERED);
}

static void deregister_all_has_no_bid(void **s)
{
    (void)s;
    start(0, 1);
    registered_bulk(0);
    assert_int_equal(mc_mn_deregister_all(&mn, 10, &out), 1);
    mc_bu_view v = view_of(&out.bu[0]);
    assert_int_equal(v.lifetime, 0);
    assert_int_equal(v.nbid, 0);
    assert_true(v.flags & MC_BU_H);
    mc_mn_bu_plan b = out.bu[0];
    assert_int_equal(reply(&b, 0, "", 20), 0);
    assert_true(has_event(MC_MN_EV_DEREGISTERED, 0));
    for (int i = 1; i <= 3; i++)
        assert_int_equal(state_of(i), MC_MN_BS_NONE);
}

/* A refresh still unanswered when everything is de-registered is not sent
 * again (RFC 6275 11.8: the list's BU is the de-registration now): it
 * would recreate the bindings being deleted. */
static void deregister_all_drops_pending_registration(void **s)
{
    (void)s;
    start(0, 1);
    registered_bulk(0);
    assert_int_equal(mc_mn_register_all(&mn, 10, &out), 1);
    assert_int_not_equal(view_of(&out.bu[0]).lifetime, 0);
    assert_int_equal(mc_mn_deregister_all(&mn, 20, &out), 1);
    mc_mn_bu_plan b = out.bu[0];
    assert_int_equal(reply(&b, 0, "", 30), 0);
    for (uint64_t t = 30; t < 20000; t += 100) {
        mc_mn_tick(&mn, t, &out);
        for (int i = 0; i < out.nbu; i++)
            assert_int_equal(view_of(&out.bu[i]).lifetime, 0);
    }
}

/* ---- returning home (5.5, 5.6) and leaving (5.6.5) --------------------------------- */

static void return_home_simultaneous(void **s)
{
    (void)s;
    mc_mn_config c;
    mc_mn_config_default(&c);
    memcpy(c.ha_lla, HA_MAC, 6);
    c.has_ha_lla = 1;
    start_cfg(&c);
    registered_bulk(0);
    assert_int_equal(mc_mn_return_home(&mn, 3, LLA_HOME, 6, 100, &out), 1);
    assert_true(has_event(MC_MN_EV_ND_HOME_OFF, -1));
    /* 5.6.3: no answer to NS for the home address before the BA */
    assert_false(mc_mn_may_answer_ns(&mn, HOA));
    assert_true(mc_mn_may_answer_ns(&mn, COA[1]));
    const mc_mn_bu_plan *b = &out.bu[0];
    assert_true(b->from_home);
    assert_int_equal(b->ifindex, 3);
    mc_bu_view v = view_of(b);
    assert_memory_equal(v.src, HOA, 16);
    assert_false(v.has_hao);
    assert_int_equal(v.nbid, 1);
    assert_int_equal(v.bid[0].bid, 3);
    assert_true(v.bid[0].flags & MC_BID_H_FLAG);
    assert_int_equal(v.bid[0].len, MC_BID_LEN_V6);
    assert_memory_equal(v.bid[0].coa, HOA, 16);
    assert_true(v.lifetime > 0);
    assert_true(v.has_lla);
    assert_int_equal(v.lla_code, MC_LLA_CODE_MN);
    assert_int_equal(v.lla_len, 6);
    assert_memory_equal(v.lla, LLA_HOME, 6);
    /* the frame carries its own Ethernet header to the HA (5.6.2) */
    assert_int_equal(pkt.l[0].kind, MC_LK_ETH);
    assert_memory_equal(frame, HA_MAC, 6);
    assert_memory_equal(frame + 6, LLA_HOME, 6);
}

/* RFC 5648 2 / 5.1: a care-of address announced again while it is up
 * (e.g. its lifetime refreshed) is the same binding: same slot and BID,
 * on its interface, whichever slot that is. */
static void coa_up_again_keeps_bid(void **s)
{
    (void)s;
    start(0, 1);
    for (int i = 1; i <= 3; i++)
        assert_int_equal(mc_mn_coa_up(&mn, i, 6, COA[i], NULL, 0), mc_mn_bid_of(&mn, i));
    registered_bulk(0);
    assert_int_equal(mc_mn_coa_up(&mn, 2, 6, COA[2], NULL, 0), 2);
    assert_int_equal(mc_mn_register_all(&mn, 10, &out), 1);
    assert_int_equal(out.bu[0].nbid, 3);
}

/* 5.6.3: the second return home on the same interface registers the home
 * binding from the home link, as the first did. */
static void home_binding_again_from_home_link(void **s)
{
    (void)s;
    start(0, 1);
    registered_bulk(0);
    for (int round = 0; round < 2; round++) {
        assert_int_equal(mc_mn_return_home(&mn, 4, LLA_HOME, 6, 100 + 1000 * (uint64_t)round, &out), 1);
        mc_mn_bu_plan b = out.bu[0];
        assert_true(b.from_home);
        assert_false(b.has_hao);
        assert_int_equal(b.ifindex, 4);
        assert_memory_equal(b.src, HOA, 16);
        assert_int_equal(reply(&b, 0, NULL, 200 + 1000 * (uint64_t)round), 0);
        assert_true(mc_mn_leave_home(&mn, 300 + 1000 * (uint64_t)round, &out) >= 1);
        mc_mn_coa_down(&mn, 4);
    }
}

/* RFC 5555 3.1.1 / 5648 8.2: the IPv4 Home Address option of a home
 * registration carries the address, Prefix-len 32 for a single address
 * (zero is invalid), or the configured prefix length. */
static void ipv4_hoa_prefix_len(void **s)
{
    (void)s;
    static const uint8_t plens[][2] = {{0, 32}, {24, 24}};
    for (size_t i = 0; i < sizeof plens / sizeof plens[0]; i++) {
        mc_mn_config c;
        mc_mn_config_default(&c);
        inet_pton(AF_INET, "198.51.100.100", c.v4hoa);
        c.has_v4hoa = 1;
        c.v4hoa_plen = plens[i][0];
        start_cfg(&c);
        assert_int_equal(mc_mn_register_all(&mn, 0, &out), 1);
        mc_bu_view v = view_of(&out.bu[0]);
        assert_true(v.has_v4hoa);
        assert_int_equal(v.v4hoa_plen, plens[i][1]);
        assert_memory_equal(v.v4hoa, c.v4hoa, 4);
    }
}

/* 5.6.4: the default router's link-layer address learnt from a Router
 * Advertisement replaces the configured one for frames from the home link. */
static void home_frames_go_to_router_lla(void **s)
{
    (void)s;
    mc_mn_config c;
    mc_mn_config_default(&c);
    memcpy(c.ha_lla, HA_MAC, 6);
    c.has_ha_lla = 1;
    start_cfg(&c);
    registered_bulk(0);
    assert_int_equal(mc_mn_learn_router_lla(&mn, ROUTER_MAC), 1);
    assert_int_equal(mc_mn_return_home(&mn, 3, LLA_HOME, 6, 100, &out), 1);
    build_plan(&out.bu[0]);
    assert_int_equal(pkt.l[0].kind, MC_LK_ETH);
    assert_memory_equal(frame, ROUTER_MAC, 6);
    assert_memory_equal(frame + 6, LLA_HOME, 6);
    /* without a configured address too */
    start(0, 1);
    registered_bulk(0);
    mc_mn_learn_router_lla(&mn, ROUTER_MAC);
    mc_mn_return_home(&mn, 3, LLA_HOME, 6, 100, &out);
    build_plan(&out.bu[0]);
    assert_int_equal(pkt.l[0].kind, MC_LK_ETH);
    assert_memory_equal(frame, ROUTER_MAC, 6);
    /* the fault: the Router Advertisement is ignored */
    mc_mn_config_default(&c);
    memcpy(c.ha_lla, HA_MAC, 6);
    c.has_ha_lla = 1;
    c.faults = MC_MNF_IGNORE_RA_SLLA;
    start_cfg(&c);
    registered_bulk(0);
    assert_int_equal(mc_mn_learn_router_lla(&mn, ROUTER_MAC), 0);
    mc_mn_return_home(&mn, 3, LLA_HOME, 6, 100, &out);
    build_plan(&out.bu[0]);
    assert_memory_equal(frame, HA_MAC, 6);
}

static void home_binding_status_decides_nd(void **s)
{
    (void)s;
    for (int st = 0; st <= 5; st += 5) {
        start(0, 1);
        registered_bulk(0);
        mc_mn_return_home(&mn, 3, LLA_HOME, 6, 100, &out);
        mc_mn_bu_plan b = out.bu[0];
        assert_int_equal(reply(&b, st, NULL, 200), 0);
        assert_true(has_event(MC_MN_EV_REGISTERED, 3));
        assert_true(has_event(st ? MC_MN_EV_ND_HOME_OFF : MC_MN_EV_ND_HOME_ON, -1));
        assert_int_equal(mc_mn_may_answer_ns(&mn, HOA), st == 0);
        assert_true(mn.peers[MC_MN_HA].b[2].home);
    }
}

/* A mobile node in return-home-complete mode (RFC 5648 5.5.1), with its
 * bulk registration accepted. */
static void start_complete_registered(void)
{
    mc_mn_config c;
    mc_mn_config_default(&c);
    c.simultaneous_home = 0;
    start_cfg(&c);
    registered_bulk(0);
}

static void return_home_complete_deregistration(void **s)
{
    (void)s;
    start_complete_registered();
    assert_int_equal(mc_mn_return_home(&mn, 3, LLA_HOME, 6, 100, &out), 1);
    mc_bu_view v = view_of(&out.bu[0]);
    assert_memory_equal(v.src, HOA, 16);
    assert_int_equal(v.nbid, 0);
    assert_int_equal(v.lifetime, 0);
    assert_true(v.flags & MC_BU_H);
    /* RFC 6275 11.5.4: the node defends its home address from now on */
    assert_true(mc_mn_may_answer_ns(&mn, HOA));
    mc_mn_bu_plan b = out.bu[0];
    assert_int_equal(reply(&b, 0, "", 200), 0);
    assert_int_equal(state_of(1), MC_MN_BS_NONE);
}

/* Returning home with complete de-registration, a refresh of BID 1 still
 * unanswered: it is not sent again, only the de-registration (5.5.1; found
 * by explore --role mn, step 46 of seed 2). */
static void return_home_complete_stops_registrations(void **s)
{
    (void)s;
    start_complete_registered();
    assert_true(mc_mn_register(&mn, 1, 10, &out) > 0); /* its BA lost */
    assert_int_equal(mc_mn_return_home(&mn, 3, LLA_HOME, 6, 100, &out), 1);
    for (uint64_t t = 200; t < 5000; t += 100) {
        mc_mn_tick(&mn, t, &out);
        for (int i = 0; i < out.nbu; i++)
            assert_int_equal(out.bu[i].lifetime, 0);
    }
}

static void leave_home_clears_h(void **s)
{
    (void)s;
    start(0, 1);
    registered_bulk(0);
    mc_mn_return_home(&mn, 3, LLA_HOME, 6, 100, &out);
    mc_mn_bu_plan b = out.bu[0];
    reply(&b, 0, NULL, 200);
    uint8_t n3[16];
    inet_pton(AF_INET6, "2001:db8:f7::10", n3);
    assert_int_equal(mc_mn_coa_up(&mn, 3, 6, n3, NULL, 0), 3); /* the BID stays */
    assert_int_equal(mc_mn_leave_home(&mn, 300, &out), 1);
    mc_bu_view v = view_of(&out.bu[0]);
    assert_memory_equal(v.src, n3, 16);
    assert_true(v.has_hao);
    assert_int_equal(v.bid[0].bid, 3);
    assert_false(v.bid[0].flags & MC_BID_H_FLAG);
    assert_int_equal(v.bid[0].len, MC_BID_LEN_V6);
    assert_memory_equal(v.bid[0].coa, n3, 16);
    assert_false(mc_mn_may_answer_ns(&mn, HOA));
}

/* ---- reactions to a BA (5.7) -------------------------------------------------------- */

static void ba_accepted_registers(void **s)
{
    (void)s;
    start(0, 1);
    registered_bulk(0);
    for (int i = 1; i <= 3; i++) {
        assert_int_equal(state_of(i), MC_MN_BS_REGISTERED);
        assert_true(has_event(MC_MN_EV_REGISTERED, i));
    }
    assert_int_equal(out.nbu, 0);
    assert_false(mn.peers[MC_MN_HA].need_o); /* bootstrapped */
}

static void ba_wrong_sequence_is_ignored(void **s)
{
    (void)s;
    start(0, 1);
    mc_mn_register_all(&mn, 0, &out);
    mc_mn_bu_plan b = out.bu[0];
    b.seq = 99;
    assert_int_equal(reply(&b, 0, NULL, 0), -1);
    assert_int_equal(state_of(1), MC_MN_BS_PENDING);
}

/* 4 MCOA NOTCOMPLETE: each BID by its own status; the BID status wins. */
static void ba_notcomplete_per_bid(void **s)
{
    (void)s;
    start(0, 1);
    mc_mn_register_all(&mn, 0, &out);
    mc_mn_bu_plan b = out.bu[0];
    assert_int_equal(reply(&b, MC_BA_MCOA_NOTCOMPLETE, "/ bid 1 / bid 2 status=mcoa-malformed / bid 3", 0), 0);
    assert_int_equal(state_of(1), MC_MN_BS_REGISTERED);
    assert_int_equal(state_of(2), MC_MN_BS_FAILED);
    assert_int_equal(state_of(3), MC_MN_BS_REGISTERED);
    assert_true(has_event(MC_MN_EV_MALFORMED, 2));
    assert_int_equal(out.nbu, 0); /* 164 is not retried */
}

static void ba_165_resends_with_o(void **s)
{
    (void)s;
    start(0, 1);
    registered_bulk(0);
    mc_mn_register(&mn, 2, 10, &out);
    mc_mn_bu_plan b = out.bu[0];
    assert_false(b.flags & MC_BU_O);
    assert_int_equal(reply(&b, MC_BA_MCOA_NON_MCOA_EXISTS, NULL, 20), 0);
    assert_int_equal(out.nbu, 1);
    mc_bu_view v = view_of(&out.bu[0]);
    assert_true(v.flags & MC_BU_O);
    assert_int_equal(v.nbid, 1);
    assert_int_equal(v.bid[0].bid, 2);
    assert_true(v.seq > b.seq);
}

static void ba_166_stops_mcoa(void **s)
{
    (void)s;
    start(0, 1);
    mc_mn_register_all(&mn, 0, &out);
    mc_mn_bu_plan b = out.bu[0];
    assert_int_equal(reply(&b, MC_BA_MCOA_PROHIBITED, NULL, 0), 0);
    assert_true(has_event(MC_MN_EV_PEER_NO_MCOA, -1));
    assert_int_equal(out.nbu, 1);
    mc_bu_view v = view_of(&out.bu[0]);
    assert_int_equal(v.nbid, 0); /* one binding, RFC 6275 style */
    assert_true(v.lifetime > 0);
    assert_memory_equal(v.src, COA[1], 16);
    mc_mn_bu_plan l = out.bu[0];
    assert_int_equal(reply(&l, 0, "", 10), 0);
    assert_true(has_event(MC_MN_EV_REGISTERED, 0));
    /* and from then on */
    assert_int_equal(mc_mn_register_all(&mn, 20, &out), 1);
    assert_int_equal(out.bu[0].nbid, 0);
}

/* 165 while an earlier BU with O is still unanswered: the BU that
 * answers the 165 has O all the same (5.7 MUST; found by explore --role
 * mn). */
static void ba_165_o_even_with_o_pending(void **s)
{
    (void)s;
    start(0, 1);
    mc_mn_register_all(&mn, 0, &out); /* bootstrap with O, its BA lost */
    assert_true(mc_mn_register(&mn, 2, 10, &out) > 0);
    mc_mn_bu_plan b = out.bu[0];
    reply(&b, MC_BA_MCOA_NON_MCOA_EXISTS, NULL, 20);
    assert_int_equal(out.nbu, 1);
    assert_true((out.bu[0].flags & MC_BU_O) != 0);
}

/* 165 to a de-registration while a registration of another BID is under
 * way: that registration accepted without O does not end the need for O
 * (5.7: only an O BU replaces the binding without BID; found by explore
 * --role mn). */
static void ba_165_needs_an_accepted_o(void **s)
{
    (void)s;
    start(0, 1);
    registered_bulk(0);
    assert_true(mc_mn_register(&mn, 1, 10, &out) > 0);
    mc_mn_bu_plan r1 = out.bu[0];
    assert_true(mc_mn_deregister(&mn, 2, 11, &out) > 0);
    mc_mn_bu_plan d2 = out.bu[0];
    reply(&d2, MC_BA_MCOA_NON_MCOA_EXISTS, NULL, 12);
    reply(&r1, MC_BA_ACCEPTED, NULL, 13);
    assert_true(mc_mn_register(&mn, 3, 20, &out) > 0);
    assert_true((out.bu[0].flags & MC_BU_O) != 0);
    /* and the next one too while that O BU is unanswered */
    assert_true(mc_mn_register(&mn, 1, 30, &out) > 0);
    assert_true((out.bu[0].flags & MC_BU_O) != 0);
}

/* A registration sent before a 165 and retransmitted after it has O
 * (5.7; found by explore --role mn). */
static void ba_165_retransmission_has_o(void **s)
{
    (void)s;
    start(0, 1);
    registered_bulk(0);
    assert_true(mc_mn_register(&mn, 1, 10, &out) > 0); /* its BA lost */
    assert_true(mc_mn_deregister(&mn, 2, 11, &out) > 0);
    mc_mn_bu_plan d2 = out.bu[0];
    reply(&d2, MC_BA_MCOA_NON_MCOA_EXISTS, NULL, 12);
    int seen = 0;
    for (uint64_t t = 500; t < 5000 && !seen; t += 100) {
        mc_mn_tick(&mn, t, &out);
        for (int i = 0; i < out.nbu; i++)
            if (out.bu[i].lifetime && out.bu[i].nbid) {
                assert_true((out.bu[i].flags & MC_BU_O) != 0);
                seen = 1;
            }
    }
    assert_true(seen);
}

/* After 166 no BU with BID options goes again, not even the
 * retransmission of one sent before it (5.7 MUST stop; found by explore
 * --role mn). */
/* BID 1's registration goes unanswered, BID 2's is answered `status`
 * with the BID options `bids` (NULL: copied, "": none); over a minute of
 * ticks (every retransmission, RFC 6275 11.8) no BU carries a BID option. */
static void no_bid_option_sent_again(int status, const char *bids)
{
    start(0, 1);
    registered_bulk(0);
    assert_true(mc_mn_register(&mn, 1, 10, &out) > 0); /* its BA lost */
    assert_true(mc_mn_register(&mn, 2, 20, &out) > 0);
    mc_mn_bu_plan b = out.bu[0];
    reply(&b, status, bids, 30);
    for (uint64_t t = 1000; t < 70000; t += 500) {
        mc_mn_tick(&mn, t, &out);
        for (int i = 0; i < out.nbu; i++)
            assert_int_equal(out.bu[i].nbid, 0);
    }
}

static void ba_166_stops_retransmissions(void **s)
{
    (void)s;
    no_bid_option_sent_again(MC_BA_MCOA_PROHIBITED, NULL);
}

/* Likewise after a BA without BID option (RFC 5648 5.7): a registration
 * with BID options still unanswered is not sent again (found by explore
 * --role mn --seed 1: sent again, it bound BIDs the MN then de-registered
 * all at once by a BU without BID option). */
static void ba_without_bid_stops_retransmissions(void **s)
{
    (void)s;
    no_bid_option_sent_again(0, "");
    assert_true(mn.peers[0].legacy); /* the fallback, RFC 5648 5.7 */
}

/* After 166 returning home registers no home binding (a BID option,
 * 5.6): RFC 6275's de-registration from the home link (5.7 MUST stop
 * registering multiple bindings; found by explore --role mn). */
static void ba_166_then_return_home_without_bid(void **s)
{
    (void)s;
    mc_mn_config c;
    mc_mn_config_default(&c);
    memcpy(c.ha_lla, HA_MAC, 6);
    c.has_ha_lla = 1;
    start_cfg(&c);
    mc_mn_register_all(&mn, 0, &out);
    mc_mn_bu_plan b = out.bu[0];
    reply(&b, MC_BA_MCOA_PROHIBITED, NULL, 0);
    mc_mn_bu_plan l = out.bu[0];
    reply(&l, 0, "", 10);
    assert_int_equal(mc_mn_return_home(&mn, 3, LLA_HOME, 6, 100, &out), 1);
    mc_bu_view v = view_of(&out.bu[0]);
    assert_int_equal(v.nbid, 0);
    assert_int_equal(v.lifetime, 0);
}

static void ba_167_refresh_resends_with_coa(void **s)
{
    (void)s;
    start(0, 1);
    registered_bulk(0);
    mc_mn_register(&mn, 2, 10, &out);
    mc_mn_bu_plan b = out.bu[0];
    assert_int_equal(b.bid[0].len, MC_BID_LEN_NOCOA);
    assert_int_equal(reply(&b, 0, "/ bid 2 status=mcoa-unknown-coa", 20), 0);
    assert_int_equal(out.nbu, 1);
    mc_bu_view v = view_of(&out.bu[0]);
    assert_int_equal(v.bid[0].bid, 2);
    assert_int_equal(v.bid[0].len, MC_BID_LEN_V6);
    assert_memory_equal(v.bid[0].coa, COA[2], 16);
}

static void ba_167_on_deregistration_is_final(void **s)
{
    (void)s;
    start(0, 1);
    registered_bulk(0);
    mc_mn_deregister(&mn, 2, 10, &out);
    mc_mn_bu_plan b = out.bu[0];
    assert_int_equal(reply(&b, MC_BA_MCOA_UNKNOWN_COA, NULL, 20), 0);
    assert_int_equal(out.nbu, 0);
    assert_int_equal(state_of(2), MC_MN_BS_NONE);
}

static void ba_168_stops_bulk(void **s)
{
    (void)s;
    start(0, 1);
    mc_mn_register_all(&mn, 0, &out);
    mc_mn_bu_plan b = out.bu[0];
    assert_int_equal(reply(&b, MC_BA_MCOA_BULK_PROHIBITED, NULL, 0), 0);
    assert_true(has_event(MC_MN_EV_PEER_NO_BULK, -1));
    assert_int_equal(out.nbu, 3);
    for (int i = 0; i < 3; i++) {
        mc_bu_view v = view_of(&out.bu[i]);
        assert_int_equal(v.nbid, 1);
        assert_int_equal(v.bid[0].bid, i + 1);
        assert_int_equal(v.bid[0].len, MC_BID_LEN_V6);
        assert_int_equal((v.flags & MC_BU_O) != 0, i == 0); /* still bootstrapping */
    }
    assert_int_equal(mc_mn_register_all(&mn, 10, &out), 3);
}

/* After 168 the BIDs go one BU each, the first with O (5.9); that one
 * refused and the others accepted, the bootstrap is over: a later
 * registration of the first BID has no O, which would replace the
 * bindings the home agent accepted (RFC 5648 4.2, 6.2; found by explore
 * --role mn). */
static void o_only_until_a_binding_is_accepted(void **s)
{
    (void)s;
    start(0, 1);
    mc_mn_register_all(&mn, 0, &out);
    mc_mn_bu_plan b = out.bu[0];
    assert_int_equal(reply(&b, MC_BA_MCOA_BULK_PROHIBITED, NULL, 0), 0);
    assert_int_equal(out.nbu, 3);
    mc_mn_bu_plan one[3] = {out.bu[0], out.bu[1], out.bu[2]};
    reply(&one[0], MC_BA_NOT_HA_FOR_MN, "/ bid 1 status=133", 1);
    reply(&one[1], MC_BA_ACCEPTED, NULL, 2);
    reply(&one[2], MC_BA_ACCEPTED, NULL, 3);
    assert_true(mc_mn_register(&mn, 1, 10, &out) > 0);
    mc_bu_view v = view_of(&out.bu[0]);
    assert_int_equal(v.nbid, 1);
    assert_int_equal(v.bid[0].bid, 1);
    assert_int_equal(v.flags & MC_BU_O, 0);
}

/* 165 to a refresh of BID 1: it goes again with O (5.7); accepted, it
 * replaced BIDs 2 and 3 at the home agent (4.2, 6.2): their next
 * registration carries the care-of address again (5.1; found by explore
 * --role mn). */
static void o_accepted_forgets_the_others(void **s)
{
    (void)s;
    start(0, 1);
    registered_bulk(0);
    assert_true(mc_mn_register(&mn, 1, 10, &out) > 0);
    mc_mn_bu_plan b = out.bu[0];
    reply(&b, MC_BA_MCOA_NON_MCOA_EXISTS, NULL, 11);
    assert_int_equal(out.nbu, 1);
    b = out.bu[0];
    assert_true((b.flags & MC_BU_O) != 0);
    reply(&b, MC_BA_ACCEPTED, NULL, 12);
    assert_true(mc_mn_register(&mn, 3, 20, &out) > 0);
    mc_bu_view v = view_of(&out.bu[0]);
    assert_int_equal(v.nbid, 1);
    assert_int_equal(v.bid[0].bid, 3);
    assert_int_equal(v.bid[0].len, MC_BID_LEN_V6);
}

/* A refresh of BID 2 unanswered when an O BU of BID 1 is accepted: its
 * retransmission registers BID 2 for the first time at the home agent
 * (the O replaced it, 4.2, 6.2) and carries the care-of address (5.1;
 * found by explore --role mn, step 8359 of seed 1). */
static void retransmission_after_o_has_coa(void **s)
{
    (void)s;
    start(0, 1);
    registered_bulk(0);
    assert_true(mc_mn_register(&mn, 2, 5, &out) > 0); /* its BA lost */
    assert_int_equal(view_of(&out.bu[0]).bid[0].len, MC_BID_LEN_NOCOA);
    assert_true(mc_mn_register(&mn, 1, 10, &out) > 0);
    mc_mn_bu_plan b = out.bu[0];
    reply(&b, MC_BA_MCOA_NON_MCOA_EXISTS, NULL, 11);
    b = out.bu[0];
    assert_true((b.flags & MC_BU_O) != 0);
    reply(&b, MC_BA_ACCEPTED, NULL, 12);
    assert_int_equal(mc_mn_tick(&mn, 5 + MC_MN_INITIAL_BINDACK_TIMEOUT_MS, &out), 1);
    mc_bu_view v = view_of(&out.bu[0]);
    assert_int_equal(v.nbid, 1);
    assert_int_equal(v.bid[0].bid, 2);
    assert_int_equal(v.bid[0].len, MC_BID_LEN_V6);
    assert_memory_equal(v.bid[0].coa, COA[2], 16);
}

static void ba_164_is_logged_not_retried(void **s)
{
    (void)s;
    start(0, 1);
    mc_mn_register(&mn, 1, 0, &out);
    mc_mn_bu_plan b = out.bu[0];
    assert_int_equal(reply(&b, MC_BA_MCOA_MALFORMED, NULL, 0), 0);
    assert_true(has_event(MC_MN_EV_MALFORMED, 1));
    assert_int_equal(out.nbu, 0);
    assert_int_equal(state_of(1), MC_MN_BS_FAILED);
}

static void ba_135_resyncs_sequence(void **s)
{
    (void)s;
    start(0, 1);
    mc_mn_register_all(&mn, 0, &out);
    char expr[512];
    snprintf(expr, sizeof expr,
             "ipv6 src=%s dst=%s / rh2 %s / ba 135 seq=4000 / bid 1 / bid 2 / bid 3", HA_S, ntop(COA[1]), HOA_S);
    assert_int_equal(feed(expr, 10), 0);
    assert_int_equal(out.nbu, 1);
    mc_bu_view v = view_of(&out.bu[0]);
    assert_int_equal(v.seq, 4001);
    assert_int_equal(v.nbid, 3);
}

static void ba_without_bid_means_legacy_peer(void **s)
{
    (void)s;
    start(0, 1);
    mc_mn_register_all(&mn, 0, &out);
    mc_mn_bu_plan b = out.bu[0];
    assert_int_equal(reply(&b, 0, "", 0), 0);
    assert_true(has_event(MC_MN_EV_PEER_LEGACY, -1));
    assert_true(has_event(MC_MN_EV_REGISTERED, 0));
    assert_int_equal(mc_mn_register_all(&mn, 10, &out), 1);
    assert_int_equal(view_of(&out.bu[0]).nbid, 0);
}

static void ba_other_rejection_is_reported(void **s)
{
    (void)s;
    start(0, 1);
    mc_mn_register(&mn, 1, 0, &out);
    mc_mn_bu_plan b = out.bu[0];
    assert_int_equal(reply(&b, MC_BA_NOT_HOME_SUBNET, NULL, 0), 0);
    assert_true(has_event(MC_MN_EV_REJECTED, 1));
    assert_int_equal(out.nbu, 0);
}

/* ---- BRR (5.8), BE (RFC 6275 11.3.6) ------------------------------------------------- */

static void brr_with_bid_refreshes_that_bid(void **s)
{
    (void)s;
    start(0, 1);
    registered_bulk(0);
    char expr[256];
    snprintf(expr, sizeof expr, "ipv6 src=%s dst=%s / rh2 %s / brr / bid 2", HA_S, ntop(COA[1]), HOA_S);
    assert_int_equal(feed(expr, 10), 1);
    mc_bu_view v = view_of(&out.bu[0]);
    assert_int_equal(v.nbid, 1);
    assert_int_equal(v.bid[0].bid, 2);
    snprintf(expr, sizeof expr, "ipv6 src=%s dst=%s / rh2 %s / brr", HA_S, ntop(COA[1]), HOA_S);
    assert_int_equal(feed(expr, 20), 1);
    assert_int_equal(view_of(&out.bu[0]).nbid, 3);
}

static void give_tokens(void);

/* RFC 6275 11.3.6: a Binding Error counts only from a node a BU went to */
static void binding_error_without_bul_entry_is_ignored(void **s)
{
    (void)s;
    start(0, 1);
    mc_mn_cn_add(&mn, CN);
    char expr[256];
    snprintf(expr, sizeof expr, "ipv6 src=%s dst=%s / be 1 home=%s", HA_S, ntop(COA[1]), HOA_S);
    assert_int_equal(feed(expr, 10), -1);
    assert_int_equal(out.nbu, 0);
    snprintf(expr, sizeof expr, "ipv6 src=%s dst=%s / be 1 home=%s", CN_S, ntop(COA[1]), HOA_S);
    assert_int_equal(feed(expr, 20), -1);
    assert_int_equal(out.nev, 0);
}

static void binding_errors(void **s)
{
    (void)s;
    start(0, 1);
    registered_bulk(0);
    mc_mn_cn_add(&mn, CN);
    give_tokens();
    assert_int_equal(mc_mn_cn_register(&mn, CN, 5, &out), 3);
    char expr[256];
    snprintf(expr, sizeof expr, "ipv6 src=%s dst=%s / be 2 home=%s", CN_S, ntop(COA[1]), HOA_S);
    assert_int_equal(feed(expr, 10), 0);
    assert_true(has_event(MC_MN_EV_PEER_NO_RO, -1));
    assert_int_equal(mc_mn_cn_register(&mn, CN, 20, &out), 0);
    snprintf(expr, sizeof expr, "ipv6 src=%s dst=%s / be 1 home=%s", HA_S, ntop(COA[1]), HOA_S);
    assert_int_equal(feed(expr, 30), 1);
    assert_true(has_event(MC_MN_EV_BINDING_ERROR, -1));
    assert_int_equal(view_of(&out.bu[0]).nbid, 3);
}

/* ---- timers (RFC 6275 11.8, 11.7.1) ------------------------------------------------------ */

static void retransmission_and_expiry(void **s)
{
    (void)s;
    start(0, 1);
    mc_mn_register_all(&mn, 0, &out);
    uint16_t seq = out.bu[0].seq;
    assert_int_equal(mc_mn_tick(&mn, 999, &out), 0);
    assert_int_equal(mc_mn_tick(&mn, 1000, &out), 1);
    assert_true(out.bu[0].seq > seq);
    assert_true(out.bu[0].flags & MC_BU_O);
    assert_int_equal(mc_mn_tick(&mn, 2999, &out), 0); /* backoff doubled */
    assert_int_equal(mc_mn_tick(&mn, 3000, &out), 1);
    mc_mn_bu_plan b = out.bu[0];
    assert_int_equal(reply(&b, 0, NULL, 3100), 0);
    /* nobody answers the refreshes: the bindings expire */
    uint64_t t = 3100;
    int expired = 0;
    for (int i = 0; i < 400 && !expired; i++) {
        t += 1000;
        mc_mn_tick(&mn, t, &out);
        expired = has_event(MC_MN_EV_EXPIRED, 1);
    }
    assert_true(expired);
    assert_int_equal(t, 3100 + 240000);
}

/* ---- IPv4 care-of address (RFC 5648 Section 8) ----------------------------------------- */

static void ipv4_coa_first_registration_alone_over_udp(void **s)
{
    (void)s;
    mc_mn_config c;
    start_with_ha_v4(&c);
    uint8_t v4[4];
    inet_pton(AF_INET, "192.0.2.10", v4);
    assert_int_equal(mc_mn_coa_up(&mn, 4, 4, v4, NULL, 0), 4);
    assert_int_equal(mc_mn_register_all(&mn, 0, &out), 2);
    int k = out.bu[0].udp_encap ? 0 : 1;
    mc_bu_view v = view_of(&out.bu[k]);
    assert_true(v.udp_encap);
    assert_memory_equal(v.v4src, v4, 4);
    assert_memory_equal(v.v4dst, c.ha_v4, 4);
    assert_memory_equal(v.src, HOA, 16);
    assert_int_equal(v.nbid, 1);
    assert_int_equal(v.bid[0].len, MC_BID_LEN_V4);
    assert_memory_equal(v.bid[0].coa, v4, 4);
    assert_int_equal(view_of(&out.bu[1 - k]).nbid, 3);
}

/* 5.1: a BID whose care-of address changed before its BA carries the new
 * address in its next BU.  An IPv4 address sent (32.1.13.184) is not the
 * IPv6 address now up on that interface whose first four bytes it equals
 * (2001:db8:...): the refresh names the IPv6 address. */
static void ipv4_coa_replaced_by_ipv6_with_same_first_bytes(void **s)
{
    (void)s;
    mc_mn_config c;
    start_with_ha_v4(&c);
    uint8_t v4[4] = {0x20, 0x01, 0x0d, 0xb8}, v6[16];
    inet_pton(AF_INET6, "2001:db8:f4::10", v6);
    assert_int_equal(mc_mn_coa_up(&mn, 4, 4, v4, NULL, 0), 4);
    assert_int_equal(mc_mn_register_all(&mn, 0, &out), 2);
    mc_mn_bu_plan b = out.bu[out.bu[0].udp_encap ? 0 : 1], all = out.bu[out.bu[0].udp_encap ? 1 : 0];
    assert_int_equal(b.nbid, 1);
    mc_mn_coa_down(&mn, 4); /* before the BA, the IPv4 address goes and an IPv6 one comes: the BID stays */
    assert_int_equal(mc_mn_coa_up(&mn, 4, 6, v6, NULL, 0), 4);
    reply(&all, 0, NULL, 100);
    reply(&b, 0, NULL, 100);
    assert_int_equal(state_of(4), MC_MN_BS_REGISTERED);
    assert_false(mn.peers[MC_MN_HA].b[3].coa_known);
}

/* ---- correspondent nodes ------------------------------------------------------------------ */

static const uint8_t KCN[MC_RR_KCN_LEN] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
static const uint8_t NONCE_H[8] = {0xa1, 2, 3, 4, 5, 6, 7, 8}, NONCE_C[8] = {0xc1, 2, 3, 4, 5, 6, 7, 8};

/* The tokens a CN with KCN and nonces 1 (home) and 2 (care-of) hands out. */
static void give_tokens(void)
{
    uint8_t t[8];
    mc_rr_token(KCN, HOA, NONCE_H, 8, MC_RR_HOME, t);
    mc_mn_cn_home_token(&mn, CN, 1, t);
    for (int i = 1; i <= 3; i++) {
        mc_rr_token(KCN, COA[i], NONCE_C, 8, MC_RR_CAREOF, t);
        mc_mn_cn_coa_token(&mn, CN, (uint16_t)i, 2, t);
    }
}

static void cn_needs_tokens(void **s)
{
    (void)s;
    start(0, 1);
    mc_mn_cn_add(&mn, CN);
    assert_int_equal(mc_mn_cn_register(&mn, CN, 0, &out), 0);
    assert_true(has_event(MC_MN_EV_NEED_RR, 1));
    assert_true(has_event(MC_MN_EV_NEED_RR, 3));
}

static void cn_one_bu_per_coa_authenticated(void **s)
{
    (void)s;
    mc_mn_config c;
    mc_mn_config_default(&c);
    c.auth = mc_rr_mn_auth;
    start_cfg(&c);
    mc_mn_cn_add(&mn, CN);
    give_tokens();
    assert_int_equal(mc_mn_cn_register(&mn, CN, 0, &out), 3);
    for (int i = 0; i < 3; i++) {
        mc_bu_view v = view_of(&out.bu[i]);
        assert_memory_equal(v.dst, CN, 16);
        assert_memory_equal(v.src, COA[i + 1], 16);
        assert_false(v.flags & MC_BU_H);
        assert_true(v.lifetime <= MC_MN_MAX_RR_BINDING_LIFETIME);
        assert_int_equal(v.nbid, 1);
        assert_int_equal(v.bid[0].len, MC_BID_LEN_V6);
        assert_memory_equal(v.bid[0].coa, COA[i + 1], 16);
        assert_true(v.has_nonce && v.has_auth);
        assert_int_equal(v.hni, 1);
        assert_int_equal(v.coni, 2);
        /* the authenticator is the last option and verifies with Kbm */
        const mc_layer *mh = &dis.pkt.l[dis.mh];
        const mc_opt *last = &dis.pkt.o[mh->opt_first + mh->opt_count - 1];
        if (last->type == MC_OPT_PADN || last->type == MC_OPT_PAD1)
            last--;
        assert_int_equal(last->type, MC_OPT_AUTH);
        uint8_t ht[8], ct[8], kbm[MC_RR_KBM_LEN];
        mc_rr_token(KCN, HOA, NONCE_H, 8, MC_RR_HOME, ht);
        mc_rr_token(KCN, COA[i + 1], NONCE_C, 8, MC_RR_CAREOF, ct);
        mc_rr_kbm(ht, ct, kbm);
        assert_true(mc_rr_verify(kbm, COA[i + 1], CN, frame + mh->wire_off, mh->wire_len, v.auth_off));
    }
}

/* ---- conversations through bytes with the home agent core -------------------------------- */

static mc_ha ha;
static mc_mn_out q;   /* BUs still to deliver */

/* Deliver every BU of `out` to the HA and every BA back to the MN, until
 * neither has anything more to say.  Returns the number of BAs. */
static int converse(uint64_t now)
{
    static mc_pkt bp;
    static mc_dissection bd;
    static uint8_t bf[MC_FRAME_MAX];
    int nba = 0;
    q = out;
    for (int round = 0; round < 16 && q.nbu; round++) {
        mc_mn_out next = {0};
        for (int i = 0; i < q.nbu; i++) {
            mc_bu_view v = view_of(&q.bu[i]);
            mc_ba_plan ba;
            mc_err e;
            mc_ha_process_bu(&ha, &v, now, &ba);
            if (!ba.send)
                continue;
            size_t n;
            assert_int_equal(mc_ba_plan_to_pkt(&ba, &v, &bp, &e), 0);
            assert_int_equal(mc_build(&bp, bf, sizeof bf, &n, &e), 0);
            mc_dissect(bf, n, n, mc_pkt_linktype(&bp), &bd);
            assert_int_equal(mc_mn_input(&mn, &bd, now, &out), 0);
            nba++;
            for (int k = 0; k < out.nbu && next.nbu < MC_MN_MAX_BU; k++)
                next.bu[next.nbu++] = out.bu[k];
        }
        q = next;
    }
    return nba;
}

static void ha_start(mc_ha_config *c)
{
    assert_int_equal(mc_ha_init(&ha, c, 4), 0);
}

static size_t ha_bindings(void) { return ha.bc.nbindings; }

static void with_ha_bulk_then_individual(void **s)
{
    (void)s;
    mc_ha_config hc;
    mc_ha_config_default(&hc);
    for (int bulk = 1; bulk >= 0; bulk--) {
        ha_start(&hc);
        start(0, bulk);
        mc_mn_register_all(&mn, 0, &out);
        assert_int_equal(out.nbu, bulk ? 1 : 3);
        assert_int_equal(converse(0), bulk ? 1 : 3);
        assert_int_equal(ha_bindings(), 3);
        for (int i = 1; i <= 3; i++)
            assert_int_equal(state_of(i), MC_MN_BS_REGISTERED);
        /* refresh without Care-of Address fields keeps the addresses */
        mc_mn_tick(&mn, mc_mn_next_deadline(&mn), &out);
        assert_true(out.nbu > 0);
        converse(1000);
        assert_int_equal(ha_bindings(), 3);
        /* de-register BID 2 */
        mc_mn_deregister(&mn, 2, 2000, &out);
        assert_int_equal(converse(2000), 1);
        assert_int_equal(ha_bindings(), 2);
        assert_null(mc_bc_binding(mc_bc_find(&ha.bc, HOA), 1, 2));
        assert_int_equal(state_of(2), MC_MN_BS_NONE);
        mc_ha_free(&ha);
    }
}

static void with_ha_return_home(void **s)
{
    (void)s;
    mc_ha_config hc;
    mc_ha_config_default(&hc);
    for (int st = 0; st <= 5; st += 5) {
        hc.returnhome_status = (uint8_t)st;
        ha_start(&hc);
        start(0, 1);
        mc_mn_register_all(&mn, 0, &out);
        converse(0);
        mc_mn_return_home(&mn, 3, LLA_HOME, 6, 100, &out);
        assert_false(mc_mn_may_answer_ns(&mn, HOA));
        assert_int_equal(converse(100), 1);
        assert_int_equal(mc_mn_may_answer_ns(&mn, HOA), st == 0);
        const mc_binding *b = mc_bc_binding(mc_bc_find(&ha.bc, HOA), 1, 3);
        assert_non_null(b);
        assert_true(b->home);
        assert_int_equal(b->lla_len, 6);
        mc_ha_free(&ha);
    }
}

static void with_ha_policies(void **s)
{
    (void)s;
    mc_ha_config hc;
    /* 168: individually */
    mc_ha_config_default(&hc);
    hc.allow_bulk = 0;
    ha_start(&hc);
    start(0, 1);
    mc_mn_register_all(&mn, 0, &out);
    assert_int_equal(converse(0), 4);
    assert_int_equal(ha_bindings(), 3);
    assert_true(mn.peers[MC_MN_HA].no_bulk);
    mc_ha_free(&ha);
    /* 166: one binding without BID */
    mc_ha_config_default(&hc);
    hc.allow_mcoa = 0;
    ha_start(&hc);
    start(0, 1);
    mc_mn_register_all(&mn, 0, &out);
    assert_int_equal(converse(0), 2);
    assert_int_equal(ha_bindings(), 1);
    assert_non_null(mc_bc_binding(mc_bc_find(&ha.bc, HOA), 0, 0));
    assert_int_equal(mn.peers[MC_MN_HA].legacy_b.state, MC_MN_BS_REGISTERED);
    mc_ha_free(&ha);
    /* an HA that does not copy BID options: a single binding */
    mc_ha_config_default(&hc);
    hc.faults = MC_HAF_NO_BID_COPY;
    ha_start(&hc);
    start(0, 1);
    mc_mn_register_all(&mn, 0, &out);
    converse(0);
    assert_true(mn.peers[MC_MN_HA].legacy);
    mc_mn_register_all(&mn, 10, &out);
    assert_int_equal(out.bu[0].nbid, 0);
    converse(10);
    assert_int_equal(ha_bindings(), 1);
    mc_ha_free(&ha);
}

/* Section 8: the IPv4 care-of address registered alone over UDP first,
 * then refreshed in bulk with the others. */
static void with_ha_ipv4_coa(void **s)
{
    (void)s;
    mc_ha_config hc;
    mc_ha_config_default(&hc);
    ha_start(&hc);
    mc_mn_config c;
    start_with_ha_v4(&c);
    uint8_t v4[4];
    inet_pton(AF_INET, "192.0.2.10", v4);
    mc_mn_coa_up(&mn, 4, 4, v4, NULL, 0);
    mc_mn_register_all(&mn, 0, &out);
    assert_int_equal(converse(0), 2);
    assert_int_equal(ha_bindings(), 4);
    for (int i = 1; i <= 4; i++)
        assert_int_equal(state_of(i), MC_MN_BS_REGISTERED);
    const mc_binding *b = mc_bc_binding(mc_bc_find(&ha.bc, HOA), 1, 4);
    assert_int_equal(b->family, 4);
    assert_memory_equal(b->coa, v4, 4);
    assert_int_equal(mc_mn_tick(&mn, mc_mn_next_deadline(&mn), &out), 1);
    assert_int_equal(out.bu[0].nbid, 4);
    assert_int_equal(converse(1000), 1);
    assert_int_equal(ha_bindings(), 4);
    mc_ha_free(&ha);
}

/* A binding without BID left at the HA (e.g. before a reboot that kept the
 * BUL but not the O state): 165, then the same BIDs with O. */
static void with_ha_non_mcoa_binding_exists(void **s)
{
    (void)s;
    mc_ha_config hc;
    mc_ha_config_default(&hc);
    ha_start(&hc);
    start(0, 1);
    mn.peers[MC_MN_HA].no_mcoa = 1;
    mc_mn_register_all(&mn, 0, &out);
    converse(0);
    assert_int_equal(ha_bindings(), 1);
    mn.peers[MC_MN_HA].no_mcoa = 0;
    mn.peers[MC_MN_HA].need_o = 0; /* it believes it has bootstrapped */
    mc_mn_register(&mn, 2, 10, &out);
    assert_false(out.bu[0].flags & MC_BU_O);
    assert_int_equal(converse(10), 2);
    assert_int_equal(ha_bindings(), 1);
    assert_non_null(mc_bc_binding(mc_bc_find(&ha.bc, HOA), 1, 2));
    assert_int_equal(state_of(2), MC_MN_BS_REGISTERED);
    mc_ha_free(&ha);
}

/* ---- conversation with the correspondent node core ----------------------------------------- */

static void with_cn_route_optimization(void **s)
{
    (void)s;
    static mc_cn cn;
    static mc_cn_bu cbu;
    static mc_cn_bu_result r;
    mc_cn_config cc;
    mc_cn_config_default(&cc);
    memcpy(cc.addr, CN, 16);
    assert_int_equal(mc_cn_init(&cn, &cc, 4), 0);
    mc_cn_set_kcn(&cn, KCN);
    mc_cn_set_nonce(&cn, 1, NONCE_H, 0);
    mc_cn_set_nonce(&cn, 2, NONCE_C, 0);
    mc_mn_config c;
    mc_mn_config_default(&c);
    c.auth = mc_rr_mn_auth;
    start_cfg(&c);
    mc_mn_cn_add(&mn, CN);
    give_tokens();
    assert_int_equal(mc_mn_cn_register(&mn, CN, 0, &out), 3);
    mc_mn_out sent = out;
    for (int i = 0; i < sent.nbu; i++) {
        view_of(&sent.bu[i]);
        assert_int_equal(mc_cn_bu_from(&dis, frame, flen, &cbu), 0);
        assert_int_equal(mc_cn_process_bu(&cn, &cbu, 10, &r), 0);
        mc_err e;
        size_t n;
        assert_int_equal(mc_cn_ba_to_pkt(&cn, &r, &cbu.v, &pkt, &e), 0);
        assert_int_equal(mc_build(&pkt, frame, sizeof frame, &n, &e), 0);
        mc_dissect(frame, n, n, mc_pkt_linktype(&pkt), &dis);
        assert_int_equal(mc_mn_input(&mn, &dis, 10, &out), 0);
        assert_true(has_event(MC_MN_EV_REGISTERED, i + 1));
    }
    mc_cn_free(&cn);
}

/* ---- named faults ---------------------------------------------------------------------------- */

static void every_fault_has_a_name_and_clause(void **s)
{
    (void)s;
    uint64_t seen = 0;
    for (size_t i = 0; i < mc_mn_nfaults; i++) {
        assert_int_equal(mc_mn_fault_bit(mc_mn_faults[i].name), mc_mn_faults[i].bit);
        assert_non_null(strstr(mc_mn_faults[i].clause, "RFC"));
        assert_false(seen & mc_mn_faults[i].bit);
        seen |= mc_mn_faults[i].bit;
    }
    assert_int_equal(mc_mn_fault_bit("no-such-fault"), 0);
}

/* Everything a scenario makes the node say: each BU as its expression, each
 * event, and whether it would answer NS for its home address. */
static char obs[16384];
static void observe(void)
{
    size_t n = strlen(obs);
    for (int i = 0; i < out.nbu && n < sizeof obs - 1; i++) {
        n += (size_t)snprintf(obs + n, sizeof obs - n, "%s\n", text_of(&out.bu[i]));
        if (n >= sizeof obs)
            n = sizeof obs - 1;
    }
    for (int i = 0; i < out.nev && n < sizeof obs - 1; i++) {
        n += (size_t)snprintf(obs + n, sizeof obs - n, "ev %d bid %d st %d\n", out.ev[i].kind, out.ev[i].bid,
                              out.ev[i].status);
        if (n >= sizeof obs)
            n = sizeof obs - 1;
    }
    if (n < sizeof obs - 1)
        snprintf(obs + n, sizeof obs - n, "ns %d\n", mc_mn_may_answer_ns(&mn, HOA));
}

static void act(int rc) { (void)rc, observe(); }

static void sc_register_all(void) { act(mc_mn_register_all(&mn, 0, &out)); }
static void sc_register_one(void) { act(mc_mn_register(&mn, 1, 0, &out)); }
static void sc_accepted(void)
{
    sc_register_all();
    mc_mn_bu_plan b = out.bu[0];
    act(reply(&b, 0, NULL, 0));
}
static void sc_166(void)
{
    sc_register_all();
    mc_mn_bu_plan b = out.bu[0];
    act(reply(&b, MC_BA_MCOA_PROHIBITED, NULL, 0));
}
static void sc_165(void)
{
    sc_accepted();
    act(mc_mn_register(&mn, 2, 10, &out));
    mc_mn_bu_plan b = out.bu[0];
    act(reply(&b, MC_BA_MCOA_NON_MCOA_EXISTS, NULL, 10));
}
static void sc_167(void)
{
    sc_accepted();
    act(mc_mn_register(&mn, 2, 10, &out));
    mc_mn_bu_plan b = out.bu[0];
    act(reply(&b, 0, "/ bid 2 status=167", 10));
}
static void sc_168(void)
{
    sc_register_all();
    mc_mn_bu_plan b = out.bu[0];
    act(reply(&b, MC_BA_MCOA_BULK_PROHIBITED, NULL, 0));
    act(mc_mn_register_all(&mn, 10, &out));
}
static void sc_bid_status(void)
{
    sc_register_all();
    mc_mn_bu_plan b = out.bu[0];
    act(reply(&b, MC_BA_MCOA_NOTCOMPLETE, "/ bid 1 / bid 2 status=164 / bid 3", 0));
}
static void sc_home_complete(void)
{
    mc_mn_config c;
    mc_mn_config_default(&c);
    c.faults = mn.cfg.faults;
    c.bulk = 1;
    c.simultaneous_home = 0;
    start_cfg(&c);
    sc_accepted();
    act(mc_mn_return_home(&mn, 3, LLA_HOME, 6, 100, &out));
}
static void sc_ba_other_seq(void)
{
    sc_register_all();
    mc_mn_bu_plan b = out.bu[0];
    b.seq = (uint16_t)(b.seq + 1000);
    act(reply(&b, 0, NULL, 0));
}
static void sc_coa_change(void)
{
    sc_accepted();
    uint8_t n2[16];
    inet_pton(AF_INET6, "2001:db8:f2::20", n2);
    mc_mn_coa_down(&mn, 2);
    mc_mn_coa_up(&mn, 2, 6, n2, NULL, 0);
    act(mc_mn_register_all(&mn, 10, &out));
}
/* RFC 5648 5.1: a second address on f1, whose first stays up, is one more binding */
static void sc_coa_second(void)
{
    sc_accepted();
    uint8_t n1[16];
    inet_pton(AF_INET6, "2001:db8:f1::20", n1);
    mc_mn_coa_up(&mn, 1, 6, n1, NULL, 0);
    act(mc_mn_register_all(&mn, 10, &out));
}
/* RFC 5648 2: f2's address announced again while up is the same binding */
static void sc_coa_again(void)
{
    sc_accepted();
    mc_mn_coa_up(&mn, 2, 6, COA[2], NULL, 0);
    act(mc_mn_register_all(&mn, 10, &out));
}
static void sc_bid_order(void)
{
    sc_register_all();
    mc_mn_bu_plan b = out.bu[0];
    act(reply(&b, MC_BA_MCOA_NOTCOMPLETE, "/ bid 3 status=167 / bid 2 / bid 1", 0));
}
static void sc_no_bid_in_ba(void)
{
    sc_register_all();
    mc_mn_bu_plan b = out.bu[0];
    act(reply(&b, 0, "", 0));
    act(mc_mn_register_all(&mn, 10, &out));
}
static void sc_cn(void)
{
    mc_mn_cn_add(&mn, CN);
    give_tokens();
    act(mc_mn_cn_register(&mn, CN, 0, &out));
}
/* the same with the authenticator computed (mc_rr_mn_auth) */
static void sc_cn_signed(void)
{
    mc_mn_config c;
    mc_mn_config_default(&c);
    c.faults = mn.cfg.faults;
    c.bulk = 1;
    c.auth = mc_rr_mn_auth;
    start_cfg(&c);
    sc_cn();
}
/* the BUs to the CN unanswered: retransmitted (RFC 6275 11.8) */
/* The BID of the home interface, here the third (RFC 5648 5.6.5: leaving
 * home, mcoa-mn de-registers it) */
static void sc_bid_of(void)
{
    size_t n = strlen(obs);
    snprintf(obs + n, sizeof obs - n, "home bid (interface 3): %d\n", mc_mn_home_bid(&mn, 3));
}

/* RFC 6275 11.7.3: the CN's BA without Binding Authorization Data is
 * ignored: the BU goes again */
static void sc_cn_ba_unsigned(void)
{
    sc_cn_signed();
    mc_mn_bu_plan b = out.bu[0];
    act(reply(&b, 0, NULL, 10));
    act(mc_mn_tick(&mn, MC_MN_INITIAL_BINDACK_TIMEOUT_MS + 10, &out));
}

/* RFC 6275 11.7.3: a BA 135 from the CN, numbered with the CN's last
 * accepted Sequence Number (9.5.1), without Binding Authorization Data: it
 * is ignored as well, and the BU goes again with the MN's own numbering */
static void sc_cn_135_unsigned(void)
{
    sc_cn_signed();
    mc_mn_bu_plan b = out.bu[0];
    b.seq = (uint16_t)(b.seq + 1000);
    act(reply(&b, MC_BA_SEQ_OUT_OF_WINDOW, NULL, 10));
    act(mc_mn_tick(&mn, MC_MN_INITIAL_BINDACK_TIMEOUT_MS + 10, &out));
}

/* RFC 6275 11.7.3: a BA 137 (care-of nonce expired) cannot be signed: it
 * answers the BU all the same, which is not sent again */
static void sc_cn_ba_137(void)
{
    sc_cn_signed();
    mc_mn_bu_plan b = out.bu[0];
    act(reply(&b, MC_BA_EXPIRED_COA_NONCE, NULL, 10));
    act(mc_mn_tick(&mn, MC_MN_INITIAL_BINDACK_TIMEOUT_MS + 10, &out));
}

/* RFC 5648 5.7: 166 from a correspondent node; the home agent still gets
 * BID options */
static void sc_cn_166(void)
{
    sc_cn();
    mc_mn_bu_plan b = out.bu[0];
    reply(&b, MC_BA_MCOA_PROHIBITED, NULL, 10);
    act(mc_mn_register_all(&mn, 20, &out));
}
static void sc_cn_retransmit(void)
{
    sc_cn();
    act(mc_mn_tick(&mn, MC_MN_INITIAL_BINDACK_TIMEOUT_MS, &out));
}
static void sc_home(void)
{
    sc_accepted();
    act(mc_mn_return_home(&mn, 3, LLA_HOME, 6, 100, &out));
}
static void sc_home_router_lla(void)
{
    sc_accepted();
    mc_mn_learn_router_lla(&mn, ROUTER_MAC);
    act(mc_mn_return_home(&mn, 3, LLA_HOME, 6, 100, &out));
}
static void sc_home_5(void)
{
    sc_home();
    mc_mn_bu_plan b = out.bu[0];
    act(reply(&b, MC_BA_MCOA_RETURNHOME_WONDP, NULL, 200));
}
static void sc_leave_home(void)
{
    sc_home();
    mc_mn_bu_plan b = out.bu[0];
    act(reply(&b, 0, NULL, 200));
    uint8_t n3[16];
    inet_pton(AF_INET6, "2001:db8:f7::10", n3);
    mc_mn_coa_up(&mn, 3, 6, n3, NULL, 0);
    act(mc_mn_leave_home(&mn, 300, &out));
}
/* 5.6.3: home, BA, away again (5.6.5), then home a second time */
static void sc_home_again(void)
{
    sc_accepted();
    mc_mn_return_home(&mn, 4, LLA_HOME, 6, 100, &out);
    mc_mn_bu_plan b = out.bu[0];
    reply(&b, 0, NULL, 200);
    mc_mn_leave_home(&mn, 300, &out);
    mc_mn_coa_down(&mn, 4);
    act(mc_mn_return_home(&mn, 4, LLA_HOME, 6, 400, &out));
}
static void sc_individual(void)
{
    act(mc_mn_register(&mn, 1, 0, &out));
    act(mc_mn_register(&mn, 2, 0, &out));
}
/* RFC 5648 6.2: BIDs 1 (with O, bootstrapping) and 2 registered one by
 * one, the BA of BID 2 read first: both bindings stand, a BRR without BID
 * refreshes both */
static void sc_o_ba_last(void)
{
    act(mc_mn_register(&mn, 1, 0, &out));
    mc_mn_bu_plan b1 = out.bu[0];
    act(mc_mn_register(&mn, 2, 0, &out));
    mc_mn_bu_plan b2 = out.bu[0];
    act(reply(&b2, 0, NULL, 10));
    act(reply(&b1, 0, NULL, 20));
    char expr[256];
    snprintf(expr, sizeof expr, "ipv6 src=%s dst=%s / rh2 %s / brr", HA_S, ntop(COA[1]), HOA_S);
    act(feed(expr, 30));
}
static void sc_brr(void)
{
    sc_accepted();
    char expr[256];
    /* the BRR for BID 2 comes to the first care-of address (BID 1) */
    snprintf(expr, sizeof expr, "ipv6 src=%s dst=%s / rh2 %s / brr / bid 2", HA_S, ntop(COA[1]), HOA_S);
    act(feed(expr, 10));
}
static void sc_home_refresh(void)
{
    sc_home();
    mc_mn_bu_plan b = out.bu[0];
    act(reply(&b, 0, NULL, 200));
    act(mc_mn_tick(&mn, 200 + 60 * 4000 - 1000, &out));
}
static void sc_deregister_one(void)
{
    sc_accepted();
    act(mc_mn_deregister(&mn, 2, 10, &out));
}
/* its de-registration accepted, BID 2 registered again: a first registration */
static void sc_dereg_then_register(void)
{
    sc_accepted();
    mc_mn_deregister(&mn, 2, 10, &out);
    mc_mn_bu_plan b = out.bu[0];
    reply(&b, 0, NULL, 20);
    act(mc_mn_register(&mn, 2, 30, &out));
}
static void sc_ipv4_coa(void)
{
    uint8_t v4[4] = {192, 0, 2, 10};
    inet_pton(AF_INET, "198.51.100.1", mn.cfg.ha_v4);
    mn.cfg.has_ha_v4 = 1;
    mc_mn_coa_up(&mn, 4, 4, v4, NULL, 0);
    sc_register_all();
}

/* RFC 5648 8.2: an IPv4 home address goes in the IPv4 Home Address option
 * of the home registration. */
static void sc_ipv4_hoa(void)
{
    inet_pton(AF_INET, "198.51.100.100", mn.cfg.v4hoa);
    mn.cfg.has_v4hoa = 1;
    sc_register_all();
}
/* RFC 5648 4.3: a BRR's BID option with Status 7 is still a request for
 * that BID. */
static void sc_brr_bid_status(void)
{
    sc_accepted();
    char expr[256];
    snprintf(expr, sizeof expr, "ipv6 src=%s dst=%s / rh2 %s / brr / bid 2 status=7", HA_S, ntop(COA[1]), HOA_S);
    act(feed(expr, 10));
}

static void sc_deregister_all(void)
{
    sc_accepted();
    act(mc_mn_deregister_all(&mn, 10, &out));
}
/* RFC 6275 11.8: no BA within the initial timeout, the BU goes again */
static void sc_retransmit(void)
{
    sc_register_all();
    act(mc_mn_tick(&mn, MC_MN_INITIAL_BINDACK_TIMEOUT_MS, &out));
}
/* RFC 6275 11.8: no BA to the retransmission either: the next one after
 * twice the timeout, not before */
static void sc_backoff(void)
{
    sc_retransmit();
    act(mc_mn_tick(&mn, 2 * MC_MN_INITIAL_BINDACK_TIMEOUT_MS, &out));
    act(mc_mn_tick(&mn, 3 * MC_MN_INITIAL_BINDACK_TIMEOUT_MS, &out));
}

/* RFC 6275 11.8: two BUs outstanding (BIDs 1 and 2), the second answered:
 * the first is still retransmitted */
static void sc_two_outstanding(void)
{
    sc_accepted();
    act(mc_mn_register(&mn, 1, 10, &out));
    act(mc_mn_register(&mn, 2, 20, &out));
    mc_mn_bu_plan b = out.bu[0];
    act(reply(&b, 0, NULL, 30));
    act(mc_mn_tick(&mn, 10 + MC_MN_INITIAL_BINDACK_TIMEOUT_MS, &out));
}
/* RFC 6275 6.2.4: a Binding Refresh Advice of one unit (4 s) in the BA */
static void sc_bra(void)
{
    sc_register_all();
    mc_mn_bu_plan b = out.bu[0];
    act(reply(&b, 0, "/ bra 1 / bid 1 / bid 2 / bid 3", 0));
    act(mc_mn_tick(&mn, 3000, &out));
}

/* RFC 5648 5.1: a refresh of BID 2 unanswered, an O BU of BID 1 accepted
 * (after 165): the refresh goes again with the care-of address */
static void sc_retransmit_after_o(void)
{
    sc_accepted();
    act(mc_mn_register(&mn, 2, 5, &out));
    act(mc_mn_register(&mn, 1, 10, &out));
    mc_mn_bu_plan b = out.bu[0];
    act(reply(&b, MC_BA_MCOA_NON_MCOA_EXISTS, NULL, 11));
    b = out.bu[0];
    act(reply(&b, 0, NULL, 12));
    act(mc_mn_tick(&mn, 5 + MC_MN_INITIAL_BINDACK_TIMEOUT_MS, &out));
}

/* RFC 5648 5.9: the bootstrapping BU rejected as a whole (129): the next
 * registration still sets O */
static void sc_bootstrap_rejected(void)
{
    sc_register_all();
    mc_mn_bu_plan b = out.bu[0];
    act(reply(&b, 129, NULL, 0));
    act(mc_mn_register_all(&mn, 10, &out));
}

/* RFC 5648 5.7: after 166 and the single binding accepted, de-registering
 * BID 1 sends no BID option */
static void sc_dereg_after_166(void)
{
    sc_166();
    mc_mn_bu_plan b = out.bu[0];
    act(reply(&b, 0, "", 10));
    act(mc_mn_deregister(&mn, 1, 20, &out));
}

/* RFC 6275 11.7.3 / 9.5.1: the registration answered 135 with the peer's
 * last accepted number 4000: the BU goes again as 4001 */
static void sc_135(void)
{
    sc_register_all();
    char expr[512];
    snprintf(expr, sizeof expr, "ipv6 src=%s dst=%s / rh2 %s / ba 135 seq=4000 / bid 1 / bid 2 / bid 3", HA_S,
             ntop(COA[1]), HOA_S);
    act(feed(expr, 10));
}
/* RFC 5648 5.1: the bindings' lifetime (240 s) runs out unrefreshed: the
 * next registration is a first one, with the care-of addresses */
static void sc_expired(void)
{
    sc_accepted();
    act(mc_mn_tick(&mn, 60 * 4000, &out));
    act(mc_mn_register_all(&mn, 60 * 4000 + 10, &out));
}
/* RFC 6275 11.3.6: Binding Error 2 from the CN the BUs went to: they are
 * not sent again */
static void sc_be_2(void)
{
    sc_cn();
    char expr[256];
    snprintf(expr, sizeof expr, "ipv6 src=%s dst=%s / be 2 home=%s", CN_S, ntop(COA[1]), HOA_S);
    act(feed(expr, 10));
    act(mc_mn_tick(&mn, MC_MN_INITIAL_BINDACK_TIMEOUT_MS, &out));
}

/* RFC 6275 11.3.6: a Binding Error 1 from the home agent before any
 * registration is ignored */
static void sc_be_no_bul(void)
{
    char expr[256];
    snprintf(expr, sizeof expr, "ipv6 src=%s dst=%s / be 1 home=%s", HA_S, ntop(COA[1]), HOA_S);
    act(feed(expr, 10));
}

/* RFC 5648 5.1: the home agent lost the bindings (Binding Error 1 after
 * they were accepted): the registration again is a first one */
static void sc_be_1_after_accept(void)
{
    sc_accepted();
    char expr[256];
    snprintf(expr, sizeof expr, "ipv6 src=%s dst=%s / be 1 home=%s", HA_S, ntop(COA[1]), HOA_S);
    act(feed(expr, 20));
}

/* RFC 5648 4.1: the BUs to the CN, sent right after a home registration,
 * are the only BUs of that call */
static void sc_cn_after_home_bu(void)
{
    sc_register_all();
    mc_mn_cn_add(&mn, CN);
    give_tokens();
    act(mc_mn_cn_register(&mn, CN, 10, &out));
}

/* RFC 5648 5.7: the de-registration of BID 1 answered MCOA UNKNOWN COA
 * (167): nothing further, no registration of BID 1 */
static void sc_167_dereg(void)
{
    sc_accepted();
    act(mc_mn_deregister(&mn, 1, 10, &out));
    mc_mn_bu_plan b = out.bu[0];
    act(reply(&b, MC_BA_MCOA_UNKNOWN_COA, "/ bid 1 status=167", 20));
}
/* RFC 5648 5.5.1 (RFC 6275 11.5.4): returned home, de-registered, the BA
 * received: the home address is defended by Neighbor Discovery */
static void sc_home_complete_ba(void)
{
    sc_home_complete();
    mc_mn_bu_plan b = out.bu[0];
    act(reply(&b, 0, "", 200));
}
/* RFC 6275 6.4, 11.7.3: at home the BA comes to the home address without
 * type 2 routing header and answers the de-registration: nothing to resend */
static void sc_home_ba_no_rh2(void)
{
    sc_home_complete_ba();
    act(mc_mn_tick(&mn, 200 + 4 * MC_MN_INITIAL_BINDACK_TIMEOUT_MS, &out));
}
/* RFC 6275 11.7.3: a BA whose type 2 routing header carries another home
 * address answers nothing of ours */
static void sc_ba_other_hoa(void)
{
    sc_register_all();
    char expr[256];
    snprintf(expr, sizeof expr, "ipv6 src=%s dst=%s / rh2 2001:db8:1::200 / ba 0 seq=%u lifetime=60 / bid 1 / bid 2 / bid 3",
             HA_S, ntop(out.bu[0].src), out.bu[0].seq);
    act(feed(expr, 10));
}

/* RFC 6275 11.7.1: the first care-of address went away, BIDs 2 and 3
 * registered again in bulk: from the second */
static void sc_first_coa_gone(void)
{
    sc_accepted();
    mc_mn_coa_down(&mn, 1);
    act(mc_mn_register_all(&mn, 10, &out));
}

/* RFC 6275 11.7.1: a refresh of everything, unanswered, then the first
 * care-of address (its source) goes away: the retransmission comes from
 * another one */
static void sc_retransmit_after_coa_gone(void)
{
    sc_accepted();
    act(mc_mn_register_all(&mn, 10, &out));
    mc_mn_coa_down(&mn, 1);
    act(mc_mn_tick(&mn, 10 + 2 * MC_MN_INITIAL_BINDACK_TIMEOUT_MS, &out));
}

/* RFC 6275 11.8: BID 1 registered again eight times, then BID 2, all
 * unanswered: BID 2's BU is retransmitted (the oldest one is forgotten) */
static void sc_pending_full(void)
{
    sc_accepted();
    for (int i = 0; i < MC_MN_MAX_PENDING; i++)
        act(mc_mn_register(&mn, 1, 10, &out));
    act(mc_mn_register(&mn, 2, 20, &out));
    act(mc_mn_tick(&mn, 20 + MC_MN_INITIAL_BINDACK_TIMEOUT_MS, &out));
}

static const struct {
    const char *fault;
    void (*run)(void);
} scenarios[] = {
    {"mn-forget-o-bootstrap", sc_register_all},
    {"mn-no-coa-first-registration", sc_register_one},
    {"mn-bid-zero", sc_register_all},
    {"mn-keep-mcoa-after-166", sc_166},
    {"mn-no-resend-with-o-after-165", sc_165},
    {"mn-no-coa-after-167", sc_167},
    {"mn-keep-bulk-after-168", sc_168},
    {"mn-ignore-bid-status", sc_bid_status},
    {"mn-no-legacy-fallback", sc_no_bid_in_ba},
    {"mn-bulk-to-cn", sc_cn},
    {"mn-wrong-lla-code", sc_home},
    {"mn-answer-ns-after-5", sc_home_5},
    {"mn-answer-ns-before-ba", sc_home},
    {"mn-leave-home-with-h", sc_leave_home},
    {"mn-seq-per-bid", sc_individual},
    {"mn-brr-ignore-bid", sc_brr},
    {"mn-duplicate-bid", sc_register_all},
    {"mn-dereg-one-without-bid", sc_deregister_one},
    {"mn-ipv4-coa-in-bulk", sc_ipv4_coa},
    {"mn-no-home-refresh", sc_home_refresh},
    {"mn-ipv4-hoa-missing", sc_ipv4_hoa},
    {"mn-brr-status-honoured", sc_brr_bid_status},
    {"mn-ignore-ra-slla", sc_home_router_lla},
    {"mn-kbm-home-token-only", sc_cn_signed},
    {"mn-ba-bids-by-position", sc_bid_order},
    {"mn-home-refresh-without-h", sc_home_refresh},
    {"mn-new-bid-on-new-coa", sc_coa_change},
    {"mn-ba-any-seq", sc_ba_other_seq},
    {"mn-return-home-one-bid", sc_home_complete},
    {"mn-dereg-all-one-bid", sc_deregister_all},
    {"mn-retransmit-same-seq", sc_retransmit},
    {"mn-ba-stops-all-retransmissions", sc_two_outstanding},
    {"mn-ignore-bra", sc_bra},
    {"mn-o-cleared-on-reject", sc_bootstrap_rejected},
    {"mn-dereg-bid-after-166", sc_dereg_after_166},
    {"mn-no-backoff", sc_backoff},
    {"mn-home-registration-with-rr", sc_no_bid_in_ba},
    {"mn-retransmit-stale-bid", sc_retransmit_after_o},
    {"mn-ipv4-hoa-plen-zero", sc_ipv4_hoa},
    {"mn-new-bid-on-coa-again", sc_coa_again},
    {"mn-home-again-from-coa", sc_home_again},
    {"mn-135-own-seq", sc_135},
    {"mn-expired-coa-known", sc_expired},
    {"mn-ro-after-be-2", sc_be_2},
    {"mn-be-without-bul-entry", sc_be_no_bul},
    {"mn-rr-resends-last-bu", sc_cn_after_home_bu},
    {"mn-reregister-after-167-dereg", sc_167_dereg},
    {"mn-no-nd-after-return-home", sc_home_complete_ba},
    {"mn-ba-any-home-address", sc_ba_other_hoa},
    {"mn-o-on-every-bootstrap-bu", sc_individual},
    {"mn-bu-from-gone-coa", sc_first_coa_gone},
    {"mn-retransmit-from-gone-coa", sc_retransmit_after_coa_gone},
    {"mn-retransmit-superseded", sc_pending_full},
    {"mn-no-retransmit-to-cn", sc_cn_retransmit},
    {"mn-leave-home-dereg-wrong-bid", sc_bid_of},
    {"mn-ba-needs-rh2", sc_home_ba_no_rh2},
    {"mn-be-keeps-coa-known", sc_be_1_after_accept},
    {"mn-cn-ba-unchecked", sc_cn_ba_unsigned},
    {"mn-o-clears-later-bindings", sc_o_ba_last},
    {"mn-nonce-ba-needs-auth", sc_cn_ba_137},
    {"mn-dereg-keeps-coa-known", sc_dereg_then_register},
    {"mn-stop-mcoa-everywhere", sc_cn_166},
    {"mn-second-coa-replaces", sc_coa_second},
    {"mn-cn-135-unchecked", sc_cn_135_unsigned},
};

static void run_scenario(void (*run)(void), uint64_t faults, char *keep, size_t cap)
{
    obs[0] = 0;
    start(faults, 1);
    run();
    snprintf(keep, cap, "%s", obs);
}

static void every_fault_flips_its_scenario(void **s)
{
    (void)s;
    static char good[sizeof obs], bad[sizeof obs];
    size_t n = sizeof scenarios / sizeof scenarios[0];
    for (size_t f = 0; f < mc_mn_nfaults; f++) {
        size_t k = 0;
        while (k < n && strcmp(scenarios[k].fault, mc_mn_faults[f].name) != 0)
            k++;
        if (k == n)
            fail_msg("fault %s has no scenario", mc_mn_faults[f].name);
        run_scenario(scenarios[k].run, 0, good, sizeof good);
        run_scenario(scenarios[k].run, mc_mn_faults[f].bit, bad, sizeof bad);
        if (strcmp(good, bad) == 0)
            fail_msg("fault %s does not change the outcome of its scenario", mc_mn_faults[f].name);
        if (getenv("MCOA_TEST_VERBOSE"))
            printf("== %s\n-- good\n%s-- faulty\n%s", mc_mn_faults[f].name, good, bad);
    }
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(bids_are_unique_nonzero_and_stable),
        cmocka_unit_test(first_registration_has_coa_and_o),
        cmocka_unit_test(register_all_in_bulk),
        cmocka_unit_test(register_all_individually_one_sequence),
        cmocka_unit_test(refresh_omits_coa_and_o),
        cmocka_unit_test(deregister_one_bid),
        cmocka_unit_test(deregister_all_has_no_bid),
        cmocka_unit_test(deregister_all_drops_pending_registration),
        cmocka_unit_test(return_home_simultaneous),
        cmocka_unit_test(ipv4_hoa_prefix_len),
        cmocka_unit_test(coa_up_again_keeps_bid),
        cmocka_unit_test(home_binding_again_from_home_link),
        cmocka_unit_test(home_frames_go_to_router_lla),
        cmocka_unit_test(home_binding_status_decides_nd),
        cmocka_unit_test(return_home_complete_deregistration),
        cmocka_unit_test(return_home_complete_stops_registrations),
        cmocka_unit_test(leave_home_clears_h),
        cmocka_unit_test(ba_accepted_registers),
        cmocka_unit_test(ba_wrong_sequence_is_ignored),
        cmocka_unit_test(ba_notcomplete_per_bid),
        cmocka_unit_test(ba_165_resends_with_o),
        cmocka_unit_test(ba_166_stops_mcoa),
        cmocka_unit_test(ba_167_refresh_resends_with_coa),
        cmocka_unit_test(ba_167_on_deregistration_is_final),
        cmocka_unit_test(ba_168_stops_bulk),
        cmocka_unit_test(o_only_until_a_binding_is_accepted),
        cmocka_unit_test(o_accepted_forgets_the_others),
        cmocka_unit_test(ba_166_then_return_home_without_bid),
        cmocka_unit_test(ba_166_stops_retransmissions),
        cmocka_unit_test(ba_without_bid_stops_retransmissions),
        cmocka_unit_test(ba_165_o_even_with_o_pending),
        cmocka_unit_test(ba_165_needs_an_accepted_o),
        cmocka_unit_test(ba_165_retransmission_has_o),
        cmocka_unit_test(retransmission_after_o_has_coa),
        cmocka_unit_test(ba_164_is_logged_not_retried),
        cmocka_unit_test(ba_135_resyncs_sequence),
        cmocka_unit_test(ba_without_bid_means_legacy_peer),
        cmocka_unit_test(ba_other_rejection_is_reported),
        cmocka_unit_test(brr_with_bid_refreshes_that_bid),
        cmocka_unit_test(binding_errors),
        cmocka_unit_test(binding_error_without_bul_entry_is_ignored),
        cmocka_unit_test(retransmission_and_expiry),
        cmocka_unit_test(ipv4_coa_first_registration_alone_over_udp),
        cmocka_unit_test(ipv4_coa_replaced_by_ipv6_with_same_first_bytes),
        cmocka_unit_test(cn_needs_tokens),
        cmocka_unit_test(cn_one_bu_per_coa_authenticated),
        cmocka_unit_test(with_ha_bulk_then_individual),
        cmocka_unit_test(with_ha_return_home),
        cmocka_unit_test(with_ha_policies),
        cmocka_unit_test(with_ha_non_mcoa_binding_exists),
        cmocka_unit_test(with_ha_ipv4_coa),
        cmocka_unit_test(with_cn_route_optimization),
        cmocka_unit_test(every_fault_has_a_name_and_clause),
        cmocka_unit_test(every_fault_flips_its_scenario),
    };
    return cmocka_run_group_tests(t, NULL, NULL);
}
