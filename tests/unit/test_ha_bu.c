/*
 * test_ha_bu.c - the home agent's Binding Update processing, step by step
 * through RFC 5648 6.2, and each named fault flipping the outcome it names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "ha_bu.h"

/* Addressing plan shared with the catalogue: home prefix 2001:db8:1::/64. */
static const uint8_t HOA[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x00};
static const uint8_t HA[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
static uint8_t coa_n(int n, uint8_t out[16])
{
    static const uint8_t base[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0xf0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10};
    memcpy(out, base, 16);
    out[5] = (uint8_t)(0xf0 + n);
    return 0;
}

static mc_bu_view bu(uint16_t seq, uint16_t flags, uint16_t life)
{
    mc_bu_view v;
    memset(&v, 0, sizeof v);
    coa_n(1, v.src);
    memcpy(v.dst, HA, 16);
    memcpy(v.hoa, HOA, 16);
    v.has_hao = 1;
    v.seq = seq;
    v.flags = (uint16_t)(flags | MC_BU_H);
    v.lifetime = life;
    return v;
}

/* A BID option: coa_net 0 = no Care-of Address field (length 4). */
static void bid(mc_bu_view *v, uint16_t id, int coa_net)
{
    mc_bid_view *b = &v->bid[v->nbid++];
    memset(b, 0, sizeof *b);
    b->bid = id;
    b->len = coa_net ? MC_BID_LEN_V6 : MC_BID_LEN_NOCOA;
    if (coa_net)
        coa_n(coa_net, b->coa);
}

static mc_ha ha;
static mc_ba_plan ba;

static void start(uint64_t faults)
{
    mc_ha_config c;
    mc_ha_config_default(&c);
    c.faults = faults;
    assert_int_equal(mc_ha_init(&ha, &c, 16), 0);
}

static size_t nbindings(void) { return ha.bc.nbindings; }

static int send(mc_bu_view v) { return mc_ha_process_bu(&ha, &v, 1000, &ba); }

/* Three care-of addresses in one BU: three bindings, BA copies three BIDs. */
static void bulk_registration(void **s)
{
    (void)s;
    start(0);
    mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
    bid(&v, 1, 1), bid(&v, 2, 2), bid(&v, 3, 3);
    assert_int_equal(send(v), MC_BA_ACCEPTED);
    assert_true(ba.send);
    assert_int_equal(ba.nbid, 3);
    for (int i = 0; i < 3; i++)
        assert_int_equal(ba.bid[i].status, 0);
    assert_int_equal(nbindings(), 3);
    mc_ha_free(&ha);
}

static void fault_no_bid_copy(void **s)
{
    (void)s;
    start(MC_HAF_NO_BID_COPY);
    mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
    bid(&v, 1, 1);
    send(v);
    assert_int_equal(ba.nbid, 0);
    mc_ha_free(&ha);
}

static void bad_length_is_164(void **s)
{
    (void)s;
    for (int faulty = 0; faulty < 2; faulty++) {
        start(faulty ? MC_HAF_ACCEPT_BAD_LENGTH : 0);
        mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
        bid(&v, 1, 1);
        v.bid[0].len = 5;
        int st = send(v);
        if (faulty)
            assert_int_not_equal(st, MC_BA_MCOA_MALFORMED);
        else {
            assert_int_equal(st, MC_BA_MCOA_MALFORMED);
            assert_int_equal(nbindings(), 0);
        }
        mc_ha_free(&ha);
    }
}

static void multicast_coa_is_164(void **s)
{
    (void)s;
    start(0);
    mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
    bid(&v, 1, 1);
    v.bid[0].coa[0] = 0xff;
    assert_int_equal(send(v), MC_BA_MCOA_MALFORMED);
    assert_int_equal(ba.bid[0].status, 0); /* the BA status applies */
    mc_ha_free(&ha);
}

/* Bulk with one bad CoA: 4 MCOA NOTCOMPLETE, the bad BID's own status 164. */
static void partly_rejected_bulk_is_notcomplete(void **s)
{
    (void)s;
    for (int faulty = 0; faulty < 2; faulty++) {
        start(faulty ? MC_HAF_NOTCOMPLETE_AS_0 : 0);
        mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
        bid(&v, 1, 1), bid(&v, 2, 2);
        memset(v.bid[1].coa, 0, 16); /* unspecified */
        int st = send(v);
        assert_int_equal(st, faulty ? MC_BA_ACCEPTED : MC_BA_MCOA_NOTCOMPLETE);
        assert_int_equal(ba.bid[0].status, 0);
        assert_int_equal(ba.bid[1].status, MC_BA_MCOA_MALFORMED);
        assert_int_equal(nbindings(), 1);
        mc_ha_free(&ha);
    }
}

static void overwrite_replaces_all(void **s)
{
    (void)s;
    for (int faulty = 0; faulty < 2; faulty++) {
        start(faulty ? MC_HAF_IGNORE_O : 0);
        mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
        bid(&v, 1, 1), bid(&v, 2, 2);
        send(v);
        v = bu(2, MC_BU_A | MC_BU_O, 60);
        bid(&v, 3, 3);
        assert_int_equal(send(v), MC_BA_ACCEPTED);
        assert_int_equal(nbindings(), faulty ? 3 : 1);
        mc_ha_free(&ha);
    }
}

static void non_mcoa_binding_exists_is_165(void **s)
{
    (void)s;
    for (int faulty = 0; faulty < 2; faulty++) {
        start(faulty ? MC_HAF_NO_165 : 0);
        send(bu(1, MC_BU_A, 60)); /* RFC 6275 binding, no BID */
        assert_int_equal(nbindings(), 1);
        mc_bu_view v = bu(2, MC_BU_A, 60);
        bid(&v, 1, 2);
        assert_int_equal(send(v), faulty ? MC_BA_ACCEPTED : MC_BA_MCOA_NON_MCOA_EXISTS);
        assert_int_equal(nbindings(), faulty ? 2 : 1);
        /* with O the same BU replaces the RFC 6275 binding */
        v = bu(3, MC_BU_A | MC_BU_O, 60);
        bid(&v, 1, 2);
        assert_int_equal(send(v), MC_BA_ACCEPTED);
        assert_int_equal(nbindings(), 1);
        mc_ha_free(&ha);
    }
}

static void deregister_one_bid(void **s)
{
    (void)s;
    start(0);
    mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
    bid(&v, 1, 1), bid(&v, 2, 2), bid(&v, 3, 3);
    send(v);
    v = bu(2, MC_BU_A, 0);
    bid(&v, 2, 0);
    assert_int_equal(send(v), MC_BA_ACCEPTED);
    assert_int_equal(nbindings(), 2);
    assert_null(mc_bc_binding(mc_bc_find(&ha.bc, HOA), 1, 2));
    mc_ha_free(&ha);
}

static void deregister_unknown_bid_is_133(void **s)
{
    (void)s;
    for (int faulty = 0; faulty < 2; faulty++) {
        start(faulty ? MC_HAF_DEREG_UNKNOWN_OK : 0);
        mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
        bid(&v, 1, 1);
        send(v);
        v = bu(2, MC_BU_A, 0);
        bid(&v, 9, 0);
        assert_int_equal(send(v), faulty ? MC_BA_ACCEPTED : MC_BA_NOT_HA_FOR_MN);
        assert_int_equal(nbindings(), 1);
        mc_ha_free(&ha);
    }
}

static void unknown_bid_without_coa_is_167(void **s)
{
    (void)s;
    for (int faulty = 0; faulty < 2; faulty++) {
        start(faulty ? MC_HAF_NO_167 : 0);
        mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
        bid(&v, 4, 0);
        assert_int_equal(send(v), faulty ? MC_BA_ACCEPTED : MC_BA_MCOA_UNKNOWN_COA);
        mc_ha_free(&ha);
    }
}

static void refresh_without_coa_keeps_coa(void **s)
{
    (void)s;
    start(0);
    mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
    bid(&v, 1, 2);
    send(v);
    v = bu(2, MC_BU_A, 60);
    bid(&v, 1, 0);
    assert_int_equal(send(v), MC_BA_ACCEPTED);
    uint8_t want[16];
    coa_n(2, want);
    assert_memory_equal(mc_bc_binding(mc_bc_find(&ha.bc, HOA), 1, 1)->coa, want, 16);
    mc_ha_free(&ha);
}

static void same_bid_new_coa_updates(void **s)
{
    (void)s;
    for (int faulty = 0; faulty < 2; faulty++) {
        start(faulty ? MC_HAF_NO_COA_UPDATE : 0);
        mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
        bid(&v, 1, 1);
        send(v);
        v = bu(2, MC_BU_A, 60);
        bid(&v, 1, 3);
        send(v);
        uint8_t want[16];
        coa_n(faulty ? 1 : 3, want);
        assert_memory_equal(mc_bc_binding(mc_bc_find(&ha.bc, HOA), 1, 1)->coa, want, 16);
        mc_ha_free(&ha);
    }
}

static void legacy_bu_replaces_and_deletes_all(void **s)
{
    (void)s;
    start(0);
    mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
    bid(&v, 1, 1), bid(&v, 2, 2);
    send(v);
    assert_int_equal(send(bu(2, MC_BU_A, 60)), MC_BA_ACCEPTED);
    assert_int_equal(nbindings(), 1);
    assert_int_equal(send(bu(3, MC_BU_A, 0)), MC_BA_ACCEPTED);
    assert_int_equal(nbindings(), 0);
    mc_ha_free(&ha);

    start(MC_HAF_LEGACY_KEEPS_ALL);
    v = bu(1, MC_BU_A | MC_BU_O, 60);
    bid(&v, 1, 1), bid(&v, 2, 2);
    send(v);
    send(bu(2, MC_BU_A, 60));
    assert_int_equal(nbindings(), 3);
    mc_ha_free(&ha);
}

static void policies_166_168_169(void **s)
{
    (void)s;
    mc_ha_config c;
    mc_ha_config_default(&c);
    c.allow_mcoa = 0;
    mc_ha_init(&ha, &c, 4);
    mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
    bid(&v, 1, 1);
    assert_int_equal(send(v), MC_BA_MCOA_PROHIBITED);
    mc_ha_free(&ha);

    c.allow_mcoa = 1, c.allow_bulk = 0;
    mc_ha_init(&ha, &c, 4);
    bid(&v, 2, 2);
    assert_int_equal(send(v), MC_BA_MCOA_BULK_PROHIBITED);
    mc_ha_free(&ha);

    c.allow_bulk = 1, c.allow_simultaneous = 0;
    mc_ha_init(&ha, &c, 4);
    v = bu(1, MC_BU_A | MC_BU_O, 60);
    bid(&v, 1, 0);
    v.bid[0].flags = MC_BID_H_FLAG;
    assert_int_equal(send(v), MC_BA_MCOA_SIMUL_PROHIBITED);
    mc_ha_free(&ha);
    c.faults = MC_HAF_NO_169;
    mc_ha_init(&ha, &c, 4);
    assert_int_equal(send(v), MC_BA_ACCEPTED);
    mc_ha_free(&ha);
}

static void home_binding_status_by_configuration(void **s)
{
    (void)s;
    mc_ha_config c;
    mc_ha_config_default(&c);
    for (int st = 0; st <= 5; st += 5) {
        c.returnhome_status = (uint8_t)st;
        mc_ha_init(&ha, &c, 4);
        mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
        bid(&v, 1, 0);
        v.bid[0].flags = MC_BID_H_FLAG;
        v.has_lla = 1, v.lla_len = 6, v.lla_code = MC_LLA_CODE_MN;
        assert_int_equal(send(v), st);
        const mc_binding *b = mc_bc_binding(mc_bc_find(&ha.bc, HOA), 1, 1);
        assert_non_null(b);
        assert_true(b->home);
        assert_memory_equal(b->coa, HOA, 16);
        assert_int_equal(b->lla_len, 6);
        mc_ha_free(&ha);
    }
}

static void sequence_window_is_135(void **s)
{
    (void)s;
    for (int faulty = 0; faulty < 2; faulty++) {
        start(faulty ? MC_HAF_SEQ_IGNORED : 0);
        mc_bu_view v = bu(10, MC_BU_A | MC_BU_O, 60);
        bid(&v, 1, 1);
        send(v);
        v.seq = 9;
        assert_int_equal(send(v), faulty ? MC_BA_ACCEPTED : MC_BA_SEQ_OUT_OF_WINDOW);
        if (!faulty)
            assert_int_equal(ba.seq, 10);
        mc_ha_free(&ha);
    }
}

static void not_home_subnet_is_132(void **s)
{
    (void)s;
    start(0);
    mc_bu_view v = bu(1, MC_BU_A, 60);
    v.hoa[5] = 9;
    assert_int_equal(send(v), MC_BA_NOT_HOME_SUBNET);
    assert_true(ba.send);
    mc_ha_free(&ha);
}

/* The data path: tunnel to the newest foreign binding, reverse tunnel and
 * 6.5 from any registered care-of address, BRR with the BIDs due. */
static void data_path_decisions(void **s)
{
    (void)s;
    start(0);
    mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
    bid(&v, 1, 1), bid(&v, 2, 2);
    send(v);
    uint8_t c1[16], c2[16], c3[16];
    coa_n(1, c1), coa_n(2, c2), coa_n(3, c3);
    assert_non_null(mc_ha_tunnel_binding(&ha, HOA));
    assert_true(mc_ha_reverse_ok(&ha, HOA, c1) && mc_ha_reverse_ok(&ha, HOA, c2));
    assert_false(mc_ha_reverse_ok(&ha, HOA, c3));
    assert_true(mc_ha_hao_ok(&ha, HOA, c2, 1000));
    assert_false(mc_ha_hao_ok(&ha, HOA, c3, 1000));
    assert_false(mc_ha_checksum_accept(&ha, 0));
    uint16_t bids[4];
    int nb;
    mc_bc_mn *mn = mc_bc_find(&ha.bc, HOA);
    assert_int_equal(mc_ha_brr_due(&ha, mn, 1000, 3000, bids, 4, &nb), 0);
    assert_int_equal(mc_ha_brr_due(&ha, mn, 1000 + 238000, 3000, bids, 4, &nb), 2);
    assert_int_equal(nb, 2);
    assert_int_equal(mc_ha_brr_due(&ha, mn, 1000 + 238000, 3000, bids, 4, &nb), 0); /* asked once */
    mc_ha_free(&ha);
}

static void every_fault_has_a_name_and_clause(void **s)
{
    (void)s;
    uint64_t seen = 0;
    for (size_t i = 0; i < mc_ha_nfaults; i++) {
        assert_int_equal(mc_ha_fault_bit(mc_ha_faults[i].name), mc_ha_faults[i].bit);
        assert_non_null(strstr(mc_ha_faults[i].clause, "RFC"));
        assert_false(seen & mc_ha_faults[i].bit);
        seen |= mc_ha_faults[i].bit;
    }
    assert_int_equal(mc_ha_fault_bit("no-such-fault"), 0);
}


/* ---- every fault flips a scenario ---------------------------------------
 * One scenario per fault: the outcome (BA status, BID statuses, BA BID
 * count, bindings, the CoA of BID 1) with the fault must differ from the
 * outcome without it.  A fault no scenario catches fails this test. */
typedef struct outcome {
    int status, nbid, bindings, bid_status[4];
    uint8_t coa1[16];
    int extra; /* a data-path decision, for the faults of the data path */
} outcome;

static outcome observe(int status)
{
    outcome o;
    memset(&o, 0, sizeof o);
    o.status = status;
    o.nbid = ba.nbid;
    o.bindings = (int)nbindings();
    for (int i = 0; i < ba.nbid && i < 4; i++)
        o.bid_status[i] = ba.bid[i].status;
    mc_bc_mn *mn = mc_bc_find(&ha.bc, HOA);
    const mc_binding *b = mn ? mc_bc_binding(mn, 1, 1) : NULL;
    if (b)
        memcpy(o.coa1, b->coa, 16);
    return o;
}

static outcome sc_register_bulk(mc_ha_config *c)
{
    (void)c;
    mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
    bid(&v, 1, 1), bid(&v, 2, 2);
    return observe(send(v));
}

static outcome sc_bad_coa(mc_ha_config *c)
{
    (void)c;
    mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
    bid(&v, 1, 1);
    v.bid[0].coa[0] = 0xfe, v.bid[0].coa[1] = 0x80; /* link-local */
    return observe(send(v));
}

static outcome sc_bid_status_from_bu(mc_ha_config *c)
{
    (void)c;
    mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
    bid(&v, 1, 1);
    v.bid[0].status = 7; /* must not be echoed */
    return observe(send(v));
}

static outcome sc_mcoa_prohibited(mc_ha_config *c)
{
    c->allow_mcoa = 0;
    return sc_register_bulk(c);
}

static outcome sc_bulk_prohibited(mc_ha_config *c)
{
    c->allow_bulk = 0;
    return sc_register_bulk(c);
}

static outcome sc_home_binding(mc_ha_config *c)
{
    c->returnhome_status = MC_BA_MCOA_RETURNHOME_WONDP;
    mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
    bid(&v, 1, 0);
    v.bid[0].flags = MC_BID_H_FLAG;
    return observe(send(v));
}

static outcome sc_simultaneous_prohibited(mc_ha_config *c)
{
    c->allow_simultaneous = 0;
    mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
    bid(&v, 1, 0);
    v.bid[0].flags = MC_BID_H_FLAG;
    return observe(send(v));
}

static outcome sc_legacy_dereg(mc_ha_config *c)
{
    (void)c;
    sc_register_bulk(c);
    return observe(send(bu(2, MC_BU_A, 0)));
}

/* RFC 6275 6.2.5, 9.5.1: the Alternate Care-of Address option names the
 * care-of address; the home address there makes a de-registration */
static outcome sc_altcoa_home_dereg(mc_ha_config *c)
{
    (void)c;
    send(bu(1, MC_BU_A, 60));
    mc_bu_view v = bu(2, MC_BU_A, 60);
    v.has_altcoa = 1;
    memcpy(v.altcoa, HOA, 16);
    return observe(send(v));
}

static outcome sc_legacy_replace(mc_ha_config *c)
{
    (void)c;
    sc_register_bulk(c);
    return observe(send(bu(2, MC_BU_A, 60)));
}

static outcome sc_overwrite(mc_ha_config *c)
{
    sc_register_bulk(c);
    mc_bu_view v = bu(2, MC_BU_A | MC_BU_O, 60);
    bid(&v, 3, 3);
    return observe(send(v));
}

static outcome sc_non_mcoa_exists(mc_ha_config *c)
{
    (void)c;
    send(bu(1, MC_BU_A, 60));
    mc_bu_view v = bu(2, MC_BU_A, 60);
    bid(&v, 1, 2);
    return observe(send(v));
}

static outcome sc_dereg_unknown(mc_ha_config *c)
{
    sc_register_bulk(c);
    mc_bu_view v = bu(2, MC_BU_A, 0);
    bid(&v, 9, 0);
    return observe(send(v));
}

static outcome sc_unknown_coa(mc_ha_config *c)
{
    (void)c;
    mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
    bid(&v, 1, 0);
    return observe(send(v));
}

static outcome sc_partly_rejected(mc_ha_config *c)
{
    (void)c;
    mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
    bid(&v, 1, 1), bid(&v, 2, 2);
    v.bid[1].coa[0] = 0xff;
    return observe(send(v));
}

static outcome sc_bad_length(mc_ha_config *c)
{
    (void)c;
    mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
    bid(&v, 1, 1);
    v.bid[0].len = 19;
    return observe(send(v));
}

static outcome sc_coa_update(mc_ha_config *c)
{
    sc_register_bulk(c);
    mc_bu_view v = bu(2, MC_BU_A, 60);
    bid(&v, 1, 3);
    return observe(send(v));
}

static outcome sc_old_sequence(mc_ha_config *c)
{
    sc_register_bulk(c);
    mc_bu_view v = bu(1, MC_BU_A, 60);
    bid(&v, 1, 3);
    return observe(send(v));
}

static outcome sc_dereg_one(mc_ha_config *c)
{
    sc_register_bulk(c);
    mc_bu_view v = bu(2, MC_BU_A, 0);
    bid(&v, 2, 0);
    return observe(send(v));
}

static outcome sc_seq_wrap(mc_ha_config *c)
{
    (void)c;
    mc_bu_view v = bu(65535, MC_BU_A | MC_BU_O, 60);
    bid(&v, 1, 1);
    send(v);
    v = bu(0, MC_BU_A, 60);
    bid(&v, 1, 2);
    return observe(send(v));
}

static outcome sc_seq_after_rejection(mc_ha_config *c)
{
    sc_register_bulk(c); /* seq 1 */
    mc_bu_view v = bu(9, MC_BU_A, 60);
    bid(&v, 1, 1);
    v.bid[0].len = 19; /* 164 */
    send(v);
    v = bu(5, MC_BU_A, 60);
    bid(&v, 1, 3);
    return observe(send(v));
}

static outcome sc_dereg_two(mc_ha_config *c)
{
    sc_register_bulk(c);
    mc_bu_view v = bu(2, MC_BU_A, 0);
    bid(&v, 1, 0), bid(&v, 2, 0);
    return observe(send(v));
}

static outcome sc_dereg_with_o(mc_ha_config *c)
{
    sc_register_bulk(c);
    mc_bu_view v = bu(2, MC_BU_A | MC_BU_O, 0);
    bid(&v, 2, 0);
    return observe(send(v));
}

static outcome sc_o_all_rejected(mc_ha_config *c)
{
    sc_register_bulk(c);
    mc_bu_view v = bu(2, MC_BU_A | MC_BU_O, 60);
    bid(&v, 3, 3);
    v.bid[0].coa[0] = 0xfe, v.bid[0].coa[1] = 0x80; /* link-local */
    return observe(send(v));
}

static outcome sc_dereg_known_unknown(mc_ha_config *c)
{
    sc_register_bulk(c);
    mc_bu_view v = bu(2, MC_BU_A, 0);
    bid(&v, 1, 0), bid(&v, 9, 0);
    return observe(send(v));
}

static outcome sc_o_refresh(mc_ha_config *c)
{
    sc_register_bulk(c);
    mc_bu_view v = bu(2, MC_BU_A | MC_BU_O, 60);
    bid(&v, 1, 0);
    return observe(send(v));
}

/* RFC 5648 6.1: another home address, equal to HOA but for its last byte,
 * de-registers BID 1: it has none (133), HOA's binding stays. */
static outcome sc_cache_key(mc_ha_config *c)
{
    sc_register_bulk(c);
    mc_bu_view v = bu(2, MC_BU_A, 0);
    bid(&v, 1, 0);
    v.hoa[15] = 1; /* 2001:db8:1::101 */
    return observe(send(v));
}

/* an accepted home registration without A: the BA is sent all the same
 * (RFC 6275 10.3.1); extra says whether it is */
static outcome sc_no_a(mc_ha_config *c)
{
    (void)c;
    mc_bu_view v = bu(1, MC_BU_O, 60);
    bid(&v, 1, 1);
    outcome o = observe(send(v));
    o.extra = ba.send;
    return o;
}

static outcome sc_not_home_subnet(mc_ha_config *c)
{
    (void)c;
    mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
    bid(&v, 1, 1);
    v.hoa[5] = 9; /* 2001:db8:9::100 */
    return observe(send(v));
}

static outcome sc_bad_checksum(mc_ha_config *c)
{
    (void)c;
    outcome o = observe(0);
    o.extra = mc_ha_checksum_accept(&ha, 0);
    return o;
}

static outcome sc_ipv4_coa(mc_ha_config *c)
{
    (void)c;
    mc_bu_view v = bu(1, MC_BU_A, 60);
    bid(&v, 1, 0);
    v.bid[0].len = MC_BID_LEN_V4;
    memcpy(v.bid[0].coa, (const uint8_t[]){192, 0, 2, 10}, 4);
    return observe(send(v));
}

static outcome sc_home_and_foreign(mc_ha_config *c)
{
    (void)c;
    mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
    bid(&v, 1, 1);
    send(v);
    v = bu(2, MC_BU_A, 60);
    memcpy(v.src, HOA, 16);
    v.has_hao = 0;
    bid(&v, 2, 0);
    v.bid[0].flags = MC_BID_H_FLAG;
    return observe(send(v));
}

/* A BU from a care-of address not yet registered (6.5 does not apply). */
static outcome sc_bu_from_new_coa(mc_ha_config *c)
{
    (void)c;
    mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
    bid(&v, 1, 1);
    send(v);
    v = bu(2, MC_BU_A, 60);
    coa_n(2, v.src);
    bid(&v, 2, 2);
    outcome o = observe(send(v));
    o.extra = ba.binding_error;
    return o;
}

/* BIDs 1 and 2 registered; is a packet with a Home Address option from
 * care-of address n taken (RFC 5648 6.5)? */
static outcome hao_from_coa(mc_ha_config *c, int n)
{
    outcome o = sc_register_bulk(c);
    uint8_t coa[16];
    coa_n(n, coa);
    o.extra = mc_ha_hao_ok(&ha, HOA, coa, 1000);
    return o;
}

static outcome sc_hao_from_unregistered(mc_ha_config *c) { return hao_from_coa(c, 3); }

static outcome sc_intercept(mc_ha_config *c)
{
    outcome o = sc_register_bulk(c);
    o.extra = mc_ha_tunnel_binding(&ha, HOA) != NULL;
    return o;
}

/* RFC 5648 6.3: the BA to a mobile node at home goes to the link-layer
 * address of its MH Link-Layer Address option */
static outcome sc_ba_link_dst(mc_ha_config *c)
{
    outcome o = sc_register_bulk(c);
    mc_bu_view v = bu(3, MC_BU_A, 60);
    v.has_hao = 0;
    v.has_lla = 1;
    v.lla_code = 2;
    v.lla_len = 6;
    memcpy(v.lla, (const uint8_t[6]){2, 0, 0, 0, 0, 0x10}, 6);
    uint8_t mac[6] = {0};
    o.extra = mc_ha_ba_link_dst(&ha, &v, mac) ? mac[0] : -1;
    return o;
}

/* is a packet reverse-tunnelled from care-of address k decapsulated? */
static int reverse_from(int k)
{
    uint8_t coa[16];
    coa_n(k, coa);
    return mc_ha_reverse_ok(&ha, HOA, coa);
}

static outcome sc_reverse_from_each(mc_ha_config *c)
{
    outcome o = sc_register_bulk(c);
    for (int k = 1; k <= 2; k++)
        o.extra += reverse_from(k);
    return o;
}

/* BID 1 with an IPv4 care-of address (RFC 5648 8.1), then BID 2 with care-of
 * address 2: a packet reverse-tunnelled from care-of address 2 is
 * decapsulated, the entry's first binding being the IPv4 one (9.3.1) */
static outcome sc_reverse_after_ipv4(mc_ha_config *c)
{
    outcome o = sc_ipv4_coa(c);
    mc_bu_view v = bu(2, MC_BU_A, 60);
    bid(&v, 2, 2);
    send(v);
    o.extra = reverse_from(2);
    return o;
}

/* a reverse tunnel from an address that is no registered care-of address,
 * one that differs from care-of address 1 in its last byte only */
static outcome sc_reverse_from_other(mc_ha_config *c)
{
    outcome o = sc_register_bulk(c);
    uint8_t coa[16];
    coa_n(1, coa);
    coa[15] ^= 1;
    o.extra = mc_ha_reverse_ok(&ha, HOA, coa);
    return o;
}

/* BIDs 1 and 2 registered, BID 2 de-registered: a packet reverse-tunnelled
 * from care-of address 2 is no longer decapsulated (RFC 5648 9.3.1) */
static outcome sc_reverse_after_dereg(mc_ha_config *c)
{
    outcome o = sc_register_bulk(c);
    mc_bu_view v = bu(2, MC_BU_A, 0);
    bid(&v, 2, 0);
    send(v);
    o.extra = reverse_from(2);
    return o;
}

/* BIDs 1 and 2 registered; a de-registration whose two BID options both
 * carry a multicast care-of address: 164 in the BA, each BID status 0 */
static outcome sc_dereg_all_malformed(mc_ha_config *c)
{
    sc_register_bulk(c);
    mc_bu_view v = bu(2, MC_BU_A, 0);
    bid(&v, 1, 1), bid(&v, 2, 2);
    v.bid[0].coa[0] = v.bid[1].coa[0] = 0xff; /* multicast */
    return observe(send(v));
}

/* BID 1 registered for one lifetime unit (4 s); 5 s later the binding
 * cache is expired, then BID 1 refreshed: unknown (167) */
static outcome sc_expiry(mc_ha_config *c)
{
    (void)c;
    mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 1);
    bid(&v, 1, 1);
    send(v);
    mc_ha_expire(&ha, 1000 + 5000);
    v = bu(2, MC_BU_A, 60);
    bid(&v, 1, 0);
    return observe(mc_ha_process_bu(&ha, &v, 1000 + 5000, &ba));
}

/* BID 2 for 60 units, then BID 1 for one: when BID 1 expires, a refresh of
 * BID 2 without care-of address still finds its binding */
static outcome sc_expiry_one(mc_ha_config *c)
{
    (void)c;
    mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
    bid(&v, 2, 2);
    send(v);
    v = bu(2, MC_BU_A, 1);
    bid(&v, 1, 1);
    send(v);
    mc_ha_expire(&ha, 1000 + 5000);
    v = bu(3, MC_BU_A, 60);
    bid(&v, 2, 0);
    return observe(mc_ha_process_bu(&ha, &v, 1000 + 5000, &ba));
}

static outcome sc_brr(mc_ha_config *c)
{
    outcome o = sc_register_bulk(c);
    uint16_t bids[4];
    int nbids;
    mc_bc_mn *mn = mc_bc_find(&ha.bc, HOA);
    o.extra = mc_ha_brr_due(&ha, mn, 1000 + 240000 - 3000, 3000, bids, 4, &nbids) * 100 + nbids;
    return o;
}

static outcome sc_refresh(mc_ha_config *c)
{
    sc_register_bulk(c);
    mc_bu_view v = bu(2, MC_BU_A, 60);
    bid(&v, 1, 0);
    return observe(send(v));
}

/* The BA's BID options: the Care-of Address field is left out (4.3). */
static outcome sc_ba_bid_coa(mc_ha_config *c)
{
    (void)c;
    mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
    bid(&v, 1, 1);
    outcome o = observe(send(v));
    static mc_pkt p;
    mc_err e;
    o.extra = -1;
    if (mc_ba_plan_to_pkt(&ba, &v, &p, &e) == 0 && p.nopts)
        o.extra = p.o[p.nopts - 1].len; /* 4 without the field, 20 with it */
    return o;
}

static outcome sc_reserved_bits(mc_ha_config *c)
{
    (void)c;
    mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
    bid(&v, 1, 1);
    v.bid[0].flags = 0x7f; /* every Reserved bit */
    outcome o = observe(send(v));
    o.extra = ba.bid[0].flags;
    return o;
}

/* An IPv4 home address registration (RFC 5648 8.2, RFC 5555): with
 * 198.51.100.0/24 configured, `host` 100 is inside, anything else with
 * another third byte outside.  extra = the BA's options, one decimal
 * digit pair per option type, in order (3035: ack then BID). */
static outcome v4hoa_registration(mc_ha_config *c, uint8_t third)
{
    c->has_v4_prefix = 1;
    c->v4_prefix[0] = 198, c->v4_prefix[1] = 51, c->v4_prefix[2] = 100, c->v4_prefix[3] = 0;
    c->v4_plen = 24;
    mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
    bid(&v, 1, 1);
    v.has_v4hoa = 1;
    v.v4hoa[0] = 198, v.v4hoa[1] = 51, v.v4hoa[2] = third, v.v4hoa[3] = 100;
    outcome o = observe(send(v));
    static mc_pkt p;
    mc_err e;
    o.extra = -1;
    if (mc_ba_plan_to_pkt(&ba, &v, &p, &e) == 0) {
        o.extra = 0;
        for (int i = 0; i < p.nopts; i++)
            o.extra = o.extra * 100 + p.o[i].type;
    }
    o.bid_status[3] = ba.v4ack ? ba.v4ack_status : -1;
    return o;
}
static outcome sc_v4hoa_accepted(mc_ha_config *c) { return v4hoa_registration(c, 100); }

/* The IPv4 home address registered, then a refresh without IPv4 Home
 * Address option: its BA has no IPv4 Address Acknowledgement (extra) */
static outcome sc_v4ack_next_bu(mc_ha_config *c)
{
    v4hoa_registration(c, 100);
    mc_bu_view v = bu(2, MC_BU_A, 60);
    bid(&v, 1, 0);
    outcome o = observe(send(v));
    o.extra = ba.v4ack;
    return o;
}
static outcome sc_v4hoa_rejected(mc_ha_config *c) { return v4hoa_registration(c, 99); }

/* RFC 5648 8.1 / 8.2, RFC 5555 3.2.1: the IPv4 home address is acknowledged
 * in its own option, before the BID options; its failure leaves the IPv6
 * registration and the BID statuses alone. */
static void ipv4_home_address_ack(void **s)
{
    (void)s;
    mc_ha_config c;
    mc_ha_config_default(&c);
    mc_ha_init(&ha, &c, 4);
    outcome o = sc_v4hoa_accepted(&ha.cfg);
    assert_int_equal(o.status, MC_BA_ACCEPTED);
    assert_int_equal(ba.v4ack, 1);
    assert_int_equal(ba.v4ack_status, MC_V4ACK_SUCCESS);
    assert_int_equal(ba.v4ack_plen, 24);
    assert_int_equal(o.extra, 3035);
    mc_ha_free(&ha);

    mc_ha_init(&ha, &c, 4);
    o = sc_v4hoa_rejected(&ha.cfg);
    assert_int_equal(o.status, MC_BA_ACCEPTED);
    assert_int_equal(ba.v4ack_status, MC_V4ACK_INCORRECT_HOA);
    assert_int_equal(o.bid_status[0], 0);
    assert_int_equal(o.bindings, 1);
    mc_ha_free(&ha);

    /* no IPv4 prefix configured: administratively prohibited */
    mc_ha_init(&ha, &c, 4);
    mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
    bid(&v, 1, 1);
    v.has_v4hoa = 1;
    v.v4hoa[0] = 198, v.v4hoa[1] = 51, v.v4hoa[2] = 100, v.v4hoa[3] = 100;
    assert_int_equal(send(v), MC_BA_ACCEPTED);
    assert_int_equal(ba.v4ack_status, MC_V4ACK_PROHIBITED);
    /* and a BU without the option gets no ack */
    v = bu(2, MC_BU_A, 60);
    bid(&v, 1, 0);
    send(v);
    assert_int_equal(ba.v4ack, 0);
    mc_ha_free(&ha);
}

/* RFC 6275 9.5.1: a BU without BID whose care-of address (here its
 * Alternate Care-of Address) is the home address deletes every binding,
 * although its lifetime is not zero. */
static outcome sc_coa_is_hoa(mc_ha_config *c)
{
    sc_register_bulk(c);
    mc_bu_view v = bu(2, MC_BU_A, 60);
    v.has_altcoa = 1;
    memcpy(v.altcoa, HOA, 16);
    return observe(send(v));
}

/* RFC 5555 3.2.1: a failed IPv4 Address Acknowledgement has Pref-len 0. */
static outcome sc_v4ack_plen(mc_ha_config *c)
{
    outcome o = v4hoa_registration(c, 99);
    o.extra = ba.v4ack_plen;
    return o;
}

/* RFC 6275 9.5.1: a BU without H and without Nonce Indices / Binding
 * Authorization Data registers nothing. */
static outcome sc_non_home_bu(mc_ha_config *c)
{
    (void)c;
    mc_bu_view v = bu(1, MC_BU_A | MC_BU_O, 60);
    v.flags &= (uint16_t)~MC_BU_H;
    bid(&v, 1, 1);
    return observe(send(v));
}

/* RFC 5648 6.5: a packet with a Home Address option from the second
 * registered care-of address is accepted. */
static outcome sc_hao_second_coa(mc_ha_config *c) { return hao_from_coa(c, 2); }

/* RFC 6275 9.5.1: a de-registration of one BID (another one keeps the
 * entry) is the previous valid BU: its number again is 135. */
static outcome sc_seq_after_dereg(mc_ha_config *c)
{
    sc_dereg_one(c); /* seq 2 de-registers BID 2, BID 1 stays */
    mc_bu_view v = bu(2, MC_BU_A, 60);
    bid(&v, 2, 2);
    return observe(send(v));
}

/* RFC 6275 9.5.1: a BU without BID option is the previous valid BU too. */
static outcome sc_seq_after_legacy(mc_ha_config *c)
{
    (void)c;
    send(bu(5, MC_BU_A, 60));
    mc_bu_view v = bu(5, MC_BU_A | MC_BU_O, 60);
    bid(&v, 1, 1);
    return observe(send(v));
}

static const struct {
    const char *fault;
    outcome (*run)(mc_ha_config *);
} scenarios[] = {
    {"ha-no-bid-copy", sc_register_bulk},
    {"ha-accept-bad-bid-length", sc_bad_length},
    {"ha-accept-bad-coa", sc_bad_coa},
    {"ha-ignore-o", sc_overwrite},
    {"ha-no-165", sc_non_mcoa_exists},
    {"ha-dereg-unknown-bid-ok", sc_dereg_unknown},
    {"ha-no-167", sc_unknown_coa},
    {"ha-notcomplete-as-0", sc_partly_rejected},
    {"ha-legacy-keeps-bindings", sc_legacy_replace},
    {"ha-legacy-dereg-keeps-bindings", sc_legacy_dereg},
    {"ha-no-166", sc_mcoa_prohibited},
    {"ha-no-168", sc_bulk_prohibited},
    {"ha-no-169", sc_simultaneous_prohibited},
    {"ha-returnhome-wrong-status", sc_home_binding},
    {"ha-bid-status-not-zeroed", sc_bid_status_from_bu},
    {"ha-no-coa-update", sc_coa_update},
    {"ha-seq-ignored", sc_old_sequence},
    {"ha-dereg-deletes-all", sc_dereg_one},
    {"ha-no-132", sc_not_home_subnet},
    {"ha-accept-bad-checksum", sc_bad_checksum},
    {"ha-reject-ipv4-bid", sc_ipv4_coa},
    {"ha-home-binding-as-dereg", sc_home_and_foreign},
    {"ha-hao-check-on-bu", sc_bu_from_new_coa},
    {"ha-no-binding-error", sc_hao_from_unregistered},
    {"ha-no-intercept", sc_intercept},
    {"ha-reverse-one-coa", sc_reverse_from_each},
    {"ha-reverse-first-coa", sc_reverse_after_ipv4},
    {"ha-brr-without-bid", sc_brr},
    {"ha-refresh-rejected", sc_refresh},
    {"ha-bid-reserved-echoed", sc_reserved_bits},
    {"ha-ba-bid-coa", sc_ba_bid_coa},
    {"ha-v4ack-after-bid", sc_v4hoa_accepted},
    {"ha-no-v4ack", sc_v4hoa_accepted},
    {"ha-v4ack-sticky", sc_v4ack_next_bu},
    {"ha-v4-status-in-bid", sc_v4hoa_rejected},
    {"ha-seq-no-wrap", sc_seq_wrap},
    {"ha-seq-moved-by-rejection", sc_seq_after_rejection},
    {"ha-dereg-first-bid-only", sc_dereg_two},
    {"ha-dereg-honours-o", sc_dereg_with_o},
    {"ha-o-clears-when-all-rejected", sc_o_all_rejected},
    {"ha-dereg-partial", sc_dereg_known_unknown},
    {"ha-o-before-lookup", sc_o_refresh},
    {"ha-cache-key-short", sc_cache_key},
    {"ha-ba-only-with-a", sc_no_a},
    {"ha-reverse-any-source", sc_reverse_from_other},
    {"ha-no-expiry", sc_expiry},
    {"ha-expiry-takes-all", sc_expiry_one},
    {"ha-coa-hoa-not-dereg", sc_coa_is_hoa},
    {"ha-v4ack-plen-on-failure", sc_v4ack_plen},
    {"ha-non-home-bu-registered", sc_non_home_bu},
    {"ha-hao-check-first-coa", sc_hao_second_coa},
    {"ha-seq-not-moved-by-dereg", sc_seq_after_dereg},
    {"ha-seq-not-moved-by-legacy", sc_seq_after_legacy},
    {"ha-ignore-altcoa", sc_altcoa_home_dereg},
    {"ha-ba-not-to-lla", sc_ba_link_dst},
    {"ha-reverse-after-dereg", sc_reverse_after_dereg},
    {"ha-reject-keeps-bid-status", sc_dereg_all_malformed},
};

static outcome run_scenario(outcome (*run)(mc_ha_config *), uint64_t faults)
{
    mc_ha_config c;
    mc_ha_config_default(&c);
    c.faults = faults;
    mc_ha_init(&ha, &c, 4);
    /* the scenario sets its policy on the running HA, which reads it per BU */
    outcome o = run(&ha.cfg);
    mc_ha_free(&ha);
    return o;
}

static void every_fault_flips_its_scenario(void **s)
{
    (void)s;
    size_t n = sizeof scenarios / sizeof scenarios[0];
    for (size_t f = 0; f < mc_ha_nfaults; f++) {
        size_t k = 0;
        while (k < n && strcmp(scenarios[k].fault, mc_ha_faults[f].name) != 0)
            k++;
        if (k == n)
            fail_msg("fault %s has no scenario", mc_ha_faults[f].name);
        outcome good = run_scenario(scenarios[k].run, 0);
        outcome bad = run_scenario(scenarios[k].run, mc_ha_faults[f].bit);
        if (memcmp(&good, &bad, sizeof good) == 0)
            fail_msg("fault %s does not change the outcome of its scenario", mc_ha_faults[f].name);
    }
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(bulk_registration),
        cmocka_unit_test(fault_no_bid_copy),
        cmocka_unit_test(bad_length_is_164),
        cmocka_unit_test(multicast_coa_is_164),
        cmocka_unit_test(partly_rejected_bulk_is_notcomplete),
        cmocka_unit_test(overwrite_replaces_all),
        cmocka_unit_test(non_mcoa_binding_exists_is_165),
        cmocka_unit_test(deregister_one_bid),
        cmocka_unit_test(deregister_unknown_bid_is_133),
        cmocka_unit_test(unknown_bid_without_coa_is_167),
        cmocka_unit_test(refresh_without_coa_keeps_coa),
        cmocka_unit_test(same_bid_new_coa_updates),
        cmocka_unit_test(legacy_bu_replaces_and_deletes_all),
        cmocka_unit_test(policies_166_168_169),
        cmocka_unit_test(home_binding_status_by_configuration),
        cmocka_unit_test(sequence_window_is_135),
        cmocka_unit_test(not_home_subnet_is_132),
        cmocka_unit_test(data_path_decisions),
        cmocka_unit_test(ipv4_home_address_ack),
        cmocka_unit_test(every_fault_has_a_name_and_clause),
        cmocka_unit_test(every_fault_flips_its_scenario),
    };
    return cmocka_run_group_tests(t, NULL, NULL);
}
