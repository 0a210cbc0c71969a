/*
 * test_node_robustness.c - the reference home agent and correspondent node
 * fed 100,000 malformed or mutated Binding Updates each (catalogue variants
 * and generated BUs, mutated at random with a fixed seed), through the real
 * path: mc_craft -> byte mutations -> mc_dissect -> mc_bu_view_from /
 * mc_cn_bu_from -> mc_ha_process_bu / mc_cn_process_bu -> BA packet built.
 *
 * What it shows (run again under ASan + UBSan by scripts/test.sh):
 *   - no crash, no leak, no undefined behaviour;
 *   - "witness" bindings registered first through real BU frames (and, at
 *     the correspondent node, a real return routability exchange) are
 *     exactly as snapshotted after every 10,000 inputs and at the end; BUs
 *     aimed at them with a sequence number not newer are mixed in and must
 *     be answered 135 (RFC 6275 9.5.1) without changing anything;
 *   - every BU that parses gets the status the RFCs require, computed by an
 *     oracle written here from RFC 5648 6.2 and RFC 6275 9.5.1 / 10.3.1 that
 *     keeps its own binding cache model (arrays, never the node's cache);
 *     the node's whole binding cache must equal that model at each check;
 *   - at the correspondent node, a BU whose Binding Authorization Data does
 *     not verify is silently discarded (no BA, no change; RFC 6275 9.5.1),
 *     unknown nonce indices are answered 136 / 137 / 138, and BUs signed
 *     the way a mobile node signs them get RFC 5648 6.2's statuses for a
 *     correspondent node (168 bulk, 164 length, status in the BA Status
 *     field with every BID option's Status 0).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "cn.h"
#include "ha_bu.h"
#include "rr.h"
#include "mcoa/craft.h"
#include "mcoa/dissect.h"

#define N_INPUTS    100000
#define CHECK_EVERY 10000
#define MAX_REPORT  10

/* ---- deterministic PRNG (xorshift64) ------------------------------------- */
static uint64_t rs;
static uint64_t rnd(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return rs;
}
static uint32_t below(uint32_t n) { return (uint32_t)(rnd() % n); }
static int chance(unsigned pct) { return below(100) < pct; }

/* ---- shared buffers (large: static) --------------------------------------- */
static mc_pkt pk, bapkt;
static mc_dissection dis, badis;
static uint8_t frame[8192];
static size_t flen;
static int ltype;
static uint8_t baframe[8192];
static char expr[8192];
static size_t elen;

static void ap(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void ap(const char *fmt, ...)
{
    va_list a;
    va_start(a, fmt);
    int n = vsnprintf(expr + elen, sizeof expr - elen, fmt, a);
    va_end(a);
    if (n < 0 || (size_t)n >= sizeof expr - elen)
        fail_msg("expression too long");
    elen += (size_t)n;
}

/* Expression -> frame (must succeed: the generators write valid text). */
static void craft(void)
{
    mc_err e = {0};
    if (mc_expr_parse(expr, &pk, &e) != 0)
        fail_msg("parse '%s': col %ld: %s", expr, e.pos, e.msg);
    ltype = mc_pkt_linktype(&pk);
    if (mc_build(&pk, frame, 4096, &flen, &e) != 0)
        fail_msg("build '%s': %s", expr, e.msg);
}

static void dissect(void) { mc_dissect(frame, flen, flen, ltype, &dis); }

static void parse_addr(const char *s, uint8_t out[16])
{
    if (inet_pton(AF_INET6, s, out) != 1)
        fail_msg("address %s", s);
}

/* The MH checksum put right (the mutations break it; the nodes' I/O layer
 * drops such frames, RFC 6275 9.2, so most inputs get it fixed to reach
 * the logic).  Leaves `dis` describing the frame. */
static void fix_csum(void)
{
    dissect();
    if (dis.mh < 0 || dis.mh_csum_ok != 0)
        return;
    size_t off = dis.pkt.l[dis.mh].wire_off + 4;
    if (off + 2 > flen)
        return;
    mc_put16(frame + off, dis.mh_csum_expected);
    dissect();
}

/* ---- mutations ------------------------------------------------------------- */
static const uint8_t interesting[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 16, 19, 20, 21, 22, 35, 0x40, 0x7f, 0x80, 0xc0, 0xfe, 0xff};
static uint8_t interesting_byte(void)
{
    return chance(60) ? interesting[below(sizeof interesting)] : (uint8_t)rnd();
}

/* Byte mutations of the frame in `frame`, `nmut` of them.  Positions come
 * from a dissection of the frame before mutation (stale after an insertion:
 * then they just hit other bytes, every write is bounds-checked).  When
 * `keep_from` is non-zero, bytes at and after it (the Binding Authorization
 * Data of a BU about to be signed) are left alone and the length kept. */
static void mutate(int nmut, size_t keep_from)
{
    dissect();
    size_t mh_off = 0, mh_len = flen;
    int o_first = 0, o_count = 0;
    if (dis.mh >= 0) {
        mh_off = dis.pkt.l[dis.mh].wire_off;
        mh_len = dis.mh_present ? dis.mh_present : 1;
        o_first = dis.pkt.l[dis.mh].opt_first;
        o_count = dis.pkt.l[dis.mh].opt_count;
    }
    size_t lim = keep_from ? keep_from : flen;
    for (int k = 0; k < nmut; k++) {
        size_t pos = chance(85) && mh_off + mh_len <= flen ? mh_off + below((uint32_t)mh_len) : below((uint32_t)flen);
        const mc_opt *o = o_count ? &dis.pkt.o[o_first + (int)below((uint32_t)o_count)] : NULL;
        size_t opos = o ? mh_off + o->wire_off : 0;
        switch (below(keep_from ? 8 : 12)) {
        case 0:
        case 1: /* bit flip */
            if (pos < lim)
                frame[pos] ^= (uint8_t)(1u << below(8));
            break;
        case 2: /* byte set */
            if (pos < lim)
                frame[pos] = interesting_byte();
            break;
        case 3: /* an option's Length byte */
            if (o && o->form == MC_OF_TLV && opos + 1 < lim)
                frame[opos + 1] = chance(50) ? interesting_byte() : (uint8_t)(frame[opos + 1] + (chance(50) ? 1 : -1));
            break;
        case 4: /* a BID option's fields: BID, Status, flags (H), CoA bytes */
            if (o && o->form == MC_OF_TLV && o->type == MC_OPT_BID && opos + 6 <= lim) {
                switch (below(4)) {
                case 0: mc_put16(frame + opos + 2, chance(50) ? (uint16_t)below(8) : (uint16_t)rnd()); break;
                case 1: frame[opos + 4] = interesting_byte(); break;
                case 2: frame[opos + 5] ^= chance(70) ? 0x80 : (uint8_t)(1u << below(7)); break;
                default:
                    if (opos + 6 + 16 <= lim) {
                        size_t at = opos + 6 + below(16);
                        frame[at] = interesting_byte();
                    }
                }
            }
            break;
        case 5: /* BU flags, sequence number, lifetime */
            if (mh_off + 12 <= lim) {
                switch (below(3)) {
                case 0: {
                    size_t at = mh_off + 8 + below(2);
                    frame[at] ^= (uint8_t)(1u << below(8));
                    break;
                }
                case 1: mc_put16(frame + mh_off + 6, (uint16_t)rnd()); break;
                default: mc_put16(frame + mh_off + 10, chance(50) ? 0 : (uint16_t)rnd());
                }
            }
            break;
        case 6: /* the Home Address option or the IPv6 source (CoA) */
            if (mh_off >= 20 && mh_off - 1 < lim) {
                size_t at = mh_off - 1 - below(20);
                frame[at] ^= (uint8_t)(1u << below(8));
            }
            break;
        case 7: /* the MH payload proto / Header Len / type */
            if (mh_off + 3 <= lim) {
                size_t p = mh_off + below(3);
                frame[p] = chance(50) ? (uint8_t)(frame[p] + (chance(50) ? 1 : -1)) : interesting_byte();
            }
            break;
        case 8: /* duplicate an option (inserted after itself) */
            if (o && o->form == MC_OF_TLV) {
                size_t olen = 2 + (size_t)o->len;
                if (opos + olen <= flen && flen + olen <= 4096) {
                    memmove(frame + opos + olen, frame + opos, flen - opos);
                    flen += olen;
                    if (chance(50) && mh_off + 1 < flen) /* and say so in Header Len, roughly */
                        frame[mh_off + 1] = (uint8_t)(frame[mh_off + 1] + (olen + 7) / 8);
                }
            }
            break;
        case 9: /* truncation */
            flen = 1 + below((uint32_t)flen);
            break;
        case 10: /* extension with random bytes */
        {
            size_t n = 1 + below(24);
            for (size_t i = 0; i < n && flen < 4096; i++)
                frame[flen++] = (uint8_t)rnd();
            break;
        }
        default: /* delete bytes inside the MH */
            if (pos + 1 < flen) {
                size_t n = 1 + below(8);
                if (pos + n >= flen)
                    n = flen - pos - 1; /* at least one byte stays */
                memmove(frame + pos, frame + pos + n, flen - pos - n);
                flen -= n;
            }
        }
    }
}

/* ---- reporting ----------------------------------------------------------------- */
static char pbuf[16384];
static void a6(const uint8_t a[16], char *s) { inet_ntop(AF_INET6, a, s, INET6_ADDRSTRLEN); }

static void report(const char *who, unsigned long n, const mc_bu_view *v, const char *what)
{
    char h[INET6_ADDRSTRLEN], s[INET6_ADDRSTRLEN], c[INET6_ADDRSTRLEN];
    if (mc_expr_print(&dis.pkt, pbuf, sizeof pbuf) < 0)
        snprintf(pbuf, sizeof pbuf, "(expression too long)");
    a6(v->hoa, h), a6(v->src, s);
    fprintf(stderr, "%s input %lu: %s\n  frame: %s\n  view: hoa %s src %s seq %u flags 0x%04x life %u hao %u udp %u nbid %d altcoa %u\n",
            who, n, what, pbuf, h, s, v->seq, v->flags, v->lifetime, v->has_hao, v->udp_encap, v->nbid, v->has_altcoa);
    for (int i = 0; i < v->nbid; i++) {
        a6(v->bid[i].coa, c);
        fprintf(stderr, "    bid %u len %u flags 0x%02x status %u coa %s\n", v->bid[i].bid, v->bid[i].len,
                v->bid[i].flags, v->bid[i].status, c);
    }
}

/* ---- the oracle's binding cache: its own arrays ----------------------------- */
#define OB_MAX 8 /* bindings per home address; beyond: 130 (RFC 6275 6.1.8), the nodes' policy */

typedef struct ob {
    uint8_t has_bid, family, home;
    uint16_t bid;
    uint8_t coa[16];
    uint64_t exp;
} ob;

typedef struct orec {
    uint8_t hoa[16];
    uint16_t seq; /* last accepted sequence number */
    int nb;
    ob b[OB_MAX];
} orec;

typedef struct omodel {
    orec *r;
    size_t n, cap;
    int32_t *idx; /* open addressing on the home address, never deleted */
    size_t icap;
} omodel;

static void om_init(omodel *m)
{
    memset(m, 0, sizeof *m);
    m->icap = 1u << 18;
    m->idx = malloc(m->icap * sizeof *m->idx);
    assert_non_null(m->idx);
    memset(m->idx, 0xff, m->icap * sizeof *m->idx);
}

static void om_free(omodel *m)
{
    free(m->r);
    free(m->idx);
    memset(m, 0, sizeof *m);
}

static size_t om_slot(const omodel *m, const uint8_t hoa[16])
{
    uint32_t h = 2166136261u;
    for (int i = 0; i < 16; i++)
        h = (h ^ hoa[i]) * 16777619u;
    size_t s = h & (m->icap - 1);
    while (m->idx[s] >= 0 && memcmp(m->r[m->idx[s]].hoa, hoa, 16) != 0)
        s = (s + 1) & (m->icap - 1);
    return s;
}

static orec *om_find(omodel *m, const uint8_t hoa[16])
{
    size_t s = om_slot(m, hoa);
    return m->idx[s] >= 0 ? &m->r[m->idx[s]] : NULL;
}

static orec *om_get(omodel *m, const uint8_t hoa[16])
{
    size_t s = om_slot(m, hoa);
    if (m->idx[s] >= 0)
        return &m->r[m->idx[s]];
    assert_true(m->n * 2 < m->icap);
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 1024;
        m->r = realloc(m->r, m->cap * sizeof *m->r);
        assert_non_null(m->r);
    }
    orec *r = &m->r[m->n];
    memset(r, 0, sizeof *r);
    memcpy(r->hoa, hoa, 16);
    m->idx[s] = (int32_t)m->n++;
    return r;
}

static ob *ob_find(orec *r, int has_bid, uint16_t bid)
{
    for (int i = 0; r && i < r->nb; i++)
        if (r->b[i].has_bid == has_bid && (!has_bid || r->b[i].bid == bid))
            return &r->b[i];
    return NULL;
}

static void ob_del(orec *r, ob *b) { *b = r->b[--r->nb]; }

static void ob_expire(orec *r, uint64_t now)
{
    for (int i = 0; r && i < r->nb;)
        if (r->b[i].exp <= now)
            ob_del(r, &r->b[i]);
        else
            i++;
}

/* Add or overwrite by BID; 0 when the home address already has OB_MAX. */
static int ob_put(orec *r, const ob *b)
{
    ob *o = ob_find(r, b->has_bid, b->bid);
    if (!o) {
        if (r->nb >= OB_MAX)
            return 0;
        o = &r->b[r->nb++];
    }
    *o = *b;
    return 1;
}

static int live_count(const orec *r, uint64_t now)
{
    int n = 0;
    for (int i = 0; r && i < r->nb; i++)
        n += r->b[i].exp > now;
    return n;
}

/* ---- RFC rules, written out here --------------------------------------------- */

/* RFC 6275 9.5.1: greater than modulo 2^16. */
static int newer(uint16_t s, uint16_t last) { return (uint16_t)(s - last) != 0 && (uint16_t)(s - last) < 0x8000; }

/* "unicast routable" (RFC 5648 6.2 after RFC 3775): not unspecified,
 * loopback, multicast, link-local or IPv4-mapped; for IPv4 not 0/8,
 * 127/8, 224/4 (multicast), 169.254/16 or the limited broadcast. */
static int routable6(const uint8_t a[16])
{
    static const uint8_t z[16];
    if (!memcmp(a, z, 15) && a[15] <= 1)
        return 0;
    if (a[0] == 0xff || (a[0] == 0xfe && (a[1] & 0xc0) == 0x80))
        return 0;
    if (!memcmp(a, z, 10) && a[10] == 0xff && a[11] == 0xff)
        return 0;
    return 1;
}
static int routable4(const uint8_t a[4])
{
    if (a[0] == 0 || a[0] == 127 || (a[0] >= 224 && a[0] <= 239) || (a[0] == 169 && a[1] == 254))
        return 0;
    return !(a[0] == 255 && a[1] == 255 && a[2] == 255 && a[3] == 255);
}

/* ---- the home agent's oracle ------------------------------------------------------
 * Configuration: mc_ha_config_default (home prefix 2001:db8:1::/64, maximum
 * lifetime 1000 units, MCoA, bulk and simultaneous home/foreign allowed,
 * returning home answered 0). */
#define HA_MAXLIFE 1000
static const uint8_t HOME_PREFIX[8] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0};

typedef struct expect {
    int discard;          /* CN: silently discarded */
    int status;
    uint16_t seq;         /* the BA's Sequence Number */
    uint8_t st[MC_VIEW_MAX_BID]; /* BID option statuses */
} expect;

static int ha_oracle(omodel *m, const mc_bu_view *v, uint64_t now, expect *x)
{
    memset(x, 0, sizeof *x);
    x->seq = v->seq;
    /* RFC 6275 9.5.1 / 10.3.1: a BU without H to a node acting as home agent
     * only.  This home agent offers no route optimization, so it answers
     * "administratively prohibited" (129), which ha_bu.c documents; RFC
     * 6275 9.5.1 leaves a node without correspondent node support no other
     * status that fits. */
    if (!(v->flags & MC_BU_H))
        return x->status = MC_BA_PROHIBITED;
    /* RFC 6275 10.3.1: home address not on the home subnet */
    if (memcmp(v->hoa, HOME_PREFIX, 8) != 0)
        return x->status = MC_BA_NOT_HOME_SUBNET;
    orec *r = om_find(m, v->hoa);
    ob_expire(r, now);
    uint16_t life = v->lifetime < HA_MAXLIFE ? v->lifetime : HA_MAXLIFE;
    /* RFC 6275 9.5.1: the sequence number of the last accepted BU while
     * a binding exists */
    if (r && r->nb && !newer(v->seq, r->seq)) {
        x->seq = r->seq;
        return x->status = MC_BA_SEQ_OUT_OF_WINDOW;
    }
    if (v->nbid == 0) {
        /* RFC 5648 6.2 first paragraph: RFC 6275 processing; replaces every
         * binding, a de-registration (lifetime 0 or care-of address equal to
         * the home address, RFC 6275 9.5.1) deletes them all */
        const uint8_t *coa = v->has_altcoa ? v->altcoa : v->src;
        if (r)
            r->nb = 0;
        if (life != 0 && memcmp(coa, v->hoa, 16) != 0) {
            r = om_get(m, v->hoa);
            ob b = {0};
            b.family = 6;
            memcpy(b.coa, coa, 16);
            b.exp = now + (uint64_t)life * 4000;
            ob_put(r, &b);
        }
        if (r)
            r->seq = v->seq;
        return x->status = MC_BA_ACCEPTED;
    }
    /* RFC 5648 6.2, first step: a length other than 4, 8, 20 rejects the BU */
    for (int i = 0; i < v->nbid; i++)
        if (v->bid[i].len != 4 && v->bid[i].len != 8 && v->bid[i].len != 20)
            return x->status = MC_BA_MCOA_MALFORMED;
    if (life == 0) {
        /* lifetime zero: delete each BID's binding; unknown BID: 133 */
        for (int i = 0; i < v->nbid; i++)
            if (!ob_find(r, 1, v->bid[i].bid))
                return x->status = MC_BA_NOT_HA_FOR_MN;
        /* 6.2 examines the Care-of Address field before the lifetime: a
         * BID option whose care-of address is not unicast routable is
         * rejected (164) in a de-registration too; the others go */
        int nbad = 0;
        for (int i = 0; i < v->nbid; i++) {
            const mc_bid_view *b = &v->bid[i];
            if ((b->len == 20 && !routable6(b->coa)) || (b->len == 8 && !routable4(b->coa))) {
                x->st[i] = MC_BA_MCOA_MALFORMED;
                nbad++;
            }
        }
        if (nbad && nbad == v->nbid) {
            memset(x->st, 0, sizeof x->st); /* the whole BU is rejected: the BA's status says it */
            return x->status = MC_BA_MCOA_MALFORMED;
        }
        for (int i = 0; i < v->nbid; i++) {
            ob *b = x->st[i] ? NULL : ob_find(r, 1, v->bid[i].bid);
            if (b)
                ob_del(r, b);
        }
        r->seq = v->seq;
        return x->status = nbad ? MC_BA_MCOA_NOTCOMPLETE : MC_BA_ACCEPTED;
    }
    /* O clear over a binding without BID: 165 */
    if (!(v->flags & MC_BU_O) && ob_find(r, 0, 0))
        return x->status = MC_BA_MCOA_NON_MCOA_EXISTS;
    /* the care-of address of each BID option, from the BU as received and the
     * cache as it was before this BU */
    ob nb[MC_VIEW_MAX_BID];
    int nok = 0;
    for (int i = 0; i < v->nbid; i++) {
        const mc_bid_view *b = &v->bid[i];
        memset(&nb[i], 0, sizeof nb[i]);
        nb[i].has_bid = 1;
        nb[i].bid = b->bid;
        nb[i].family = 6;
        nb[i].exp = now + (uint64_t)life * 4000;
        if ((b->len == 20 && !routable6(b->coa)) || (b->len == 8 && !routable4(b->coa))) {
            x->st[i] = MC_BA_MCOA_MALFORMED; /* the BID option is rejected */
            continue;
        }
        if (b->flags & MC_BID_H_FLAG) { /* home binding: the home address (6.2, 5.6) */
            nb[i].home = 1;
            memcpy(nb[i].coa, v->hoa, 16);
        } else if (b->len == 20) {
            memcpy(nb[i].coa, b->coa, 16);
        } else if (b->len == 8) { /* Section 8: behind a NAT the IPv4 source */
            nb[i].family = 4;
            memcpy(nb[i].coa, v->udp_encap ? v->v4src : b->coa, 4);
        } else {
            const ob *old = ob_find(r, 1, b->bid);
            if (!old) {
                x->st[i] = MC_BA_MCOA_UNKNOWN_COA;
                continue;
            }
            memcpy(nb[i].coa, old->coa, 16);
            nb[i].family = old->family;
        }
        nok++;
    }
    /* create the bindings: with O the existing ones go first */
    if (nok) {
        if (v->flags & MC_BU_O) {
            if (r)
                r->nb = 0;
        }
        r = om_get(m, v->hoa);
        for (int i = 0; i < v->nbid; i++)
            if (!x->st[i] && !ob_put(r, &nb[i]))
                x->st[i] = MC_BA_INSUFFICIENT;
    }
    int nreg = 0;
    for (int i = 0; i < v->nbid; i++)
        nreg += !x->st[i];
    /* where the status goes (6.2, last paragraphs) */
    int nfail = 0, first = 0, uniform = 1;
    for (int i = 0; i < v->nbid; i++)
        if (x->st[i]) {
            if (!nfail)
                first = x->st[i];
            else if (x->st[i] != first)
                uniform = 0;
            nfail++;
        }
    if (nfail == 0)
        x->status = MC_BA_ACCEPTED;
    else if (nfail == v->nbid && uniform) {
        x->status = first;
        memset(x->st, 0, sizeof x->st);
    } else
        x->status = MC_BA_MCOA_NOTCOMPLETE;
    /* the sequence number is the last accepted one's: it moves when at
     * least one binding was registered (RFC 6275 6.1.8, 9.5.1) */
    if (nok && nreg)
        r->seq = v->seq;
    return x->status;
}

/* ---- the home agent ---------------------------------------------------------------- */
#define HA_WIT  50
#define HA_WSEQ 1000
#define HA_POOL 48

static mc_ha ha;
static mc_ba_plan ba;
static omodel hm;
static mc_bc_mn wsnap[HA_WIT];
static uint8_t wit_hoa[HA_WIT][16];
static uint16_t gseq[HA_POOL];

static struct {
    unsigned long fed, parsed, not_bu, withheld, checked_a, checked, ba_sent, ba_built, mismatches, witness_135,
        cat_inputs, by_status[256], by_bid_status[256];
} hs;

static int is_witness(const uint8_t *hoa, uint8_t wh[][16], int n)
{
    for (int i = 0; i < n; i++)
        if (!memcmp(hoa, wh[i], 16))
            return 1;
    return 0;
}

static void flags_tokens(int pct_h)
{
    if (chance(90))
        ap(" A");
    if (chance((unsigned)pct_h))
        ap(" H");
    if (chance(30))
        ap(" O");
    static const char *const other[] = {" L", " K", " M", " R", " P", " F", " T"};
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
        if (chance(3))
            ap("%s", other[i]);
    if (chance(3))
        ap(" res=%u", below(64));
}

/* The sequence number a mobile node sends (mostly the next one), now and
 * then an old one (135) or a jump ahead. */
static unsigned next_seq(uint16_t *last)
{
    if (!last)
        return below(65536);
    unsigned r = below(100);
    if (r < 85)
        return ++*last;
    if (r < 95)
        return (uint16_t)(*last - below(40));
    uint16_t s = (uint16_t)rnd();
    if (newer(s, *last))
        *last = s;
    return s;
}

static unsigned lifetime_value(void)
{
    unsigned r = below(100);
    return r < 15 ? 0 : r < 35 ? 1 + below(5) : r < 75 ? 60 : below(65536);
}

static void coa6_text(char *s, size_t n)
{
    unsigned r = below(100);
    static const char *const bad[] = {"ff02::1", "fe80::1", "::", "::1", "::ffff:192.0.2.1", "fe80::abcd", "ff1e::5"};
    if (r < 8)
        snprintf(s, n, "%s", bad[below(sizeof bad / sizeof bad[0])]);
    else if (r < 70)
        snprintf(s, n, "2001:db8:f%u::10", 1 + below(6));
    else {
        unsigned a = below(65536), b = below(65536), c = below(65536);
        snprintf(s, n, "2001:db8:%x:%x::%x", a, b, c);
    }
}

static void coa4_text(char *s, size_t n)
{
    static const char *const bad[] = {"0.1.2.3", "127.0.0.1", "224.0.0.5", "239.1.1.1", "169.254.3.4", "255.255.255.255"};
    if (chance(30))
        snprintf(s, n, "%s", bad[below(sizeof bad / sizeof bad[0])]);
    else {
        const char *net = chance(50) ? "192.0.2" : "203.0.113";
        snprintf(s, n, "%s.%u", net, 1 + below(250));
    }
}

/* One BID option.  `cn`: only what a correspondent node is sent mostly. */
static void bid_option(int cn)
{
    char c[64];
    unsigned id = chance(70) ? 1 + below(6) : chance(70) ? 7 + below(14) : below(65536);
    ap(" / bid %u", id);
    unsigned r = below(100);
    if (r < 35) {
        /* no Care-of Address field */
    } else if (r < 75) {
        coa6_text(c, sizeof c);
        ap(" coa=%s", c);
    } else if (r < (cn ? 80u : 88u)) {
        coa4_text(c, sizeof c);
        ap(" coa=%s", c);
    } else if (r < 95) {
        unsigned l;
        do
            l = chance(80) ? below(32) : below(256);
        while (l == 4 || l == 8 || l == 20);
        ap(" len=%u", l);
        if (chance(50)) {
            coa6_text(c, sizeof c);
            ap(" coa=%s", c);
        }
    } else {
        static const unsigned lf[] = {0, 2, 4, 8, 12, 20, 22, 40};
        if (chance(50)) {
            coa6_text(c, sizeof c);
            ap(" coa=%s", c);
        }
        ap(" lenfield=%u", lf[below(sizeof lf / sizeof lf[0])]);
    }
    if (chance(cn ? 3 : 8))
        ap(" H");
    if (chance(10))
        ap(" status=%u", below(256));
    if (chance(3))
        ap(" res=%u", below(128));
}

static void extra_option(void)
{
    switch (below(9)) {
    case 0: ap(" / altcoa 2001:db8:f9::%x", below(65536)); break;
    case 1: ap(" / lla 0200000000%02x code=mn", below(256)); break;
    case 2: ap(" / padn %u", below(6)); break;
    case 3: {
        unsigned h = below(9), c = below(9);
        ap(" / nonce hni=%u coni=%u", h, c);
        break;
    }
    case 4: ap(" / auth auth=00112233445566778899aabb"); break;
    case 5: ap(" / mnp 2001:db8:100:: plen=48"); break;
    case 6: ap(" / ipv4hoa 203.0.113.1 plen=24"); break;
    case 7: ap(" / opt %u data=0102", 200 + below(50)); break;
    default: ap(" / pad1"); break;
    }
}

static int nbid_count(void)
{
    unsigned r = below(100);
    return r < 15 ? 0 : r < 60 ? 1 : r < 85 ? 2 + (int)below(2) : 4 + (int)below(9);
}

/* A generated BU to the home agent.  who: -1 any pool address, else the
 * witness index (sequence number not newer). */
static void gen_ha_bu(int who)
{
    char hoa[64], src[64];
    unsigned seq;
    int pool = -1;
    if (who >= 0) {
        snprintf(hoa, sizeof hoa, "2001:db8:1::a:%x", who);
        seq = (uint16_t)(HA_WSEQ - below(32768));
    } else {
        unsigned r = below(100);
        if (r < 80) {
            pool = (int)below(HA_POOL);
            snprintf(hoa, sizeof hoa, "2001:db8:1::b:%x", pool);
        } else if (r < 88) {
            unsigned a = 2 + below(100), b = below(65536);
            snprintf(hoa, sizeof hoa, "2001:db8:%x::%x", a, b);
        } else if (r < 92) {
            snprintf(hoa, sizeof hoa, "2001:db8:1::100");
        } else {
            unsigned a = 0xc0 + below(16), b = below(65536);
            snprintf(hoa, sizeof hoa, "2001:db8:1::%x:%x", a, b);
        }
        seq = next_seq(pool >= 0 ? &gseq[pool] : NULL);
    }
    snprintf(src, sizeof src, "2001:db8:f%u::10", 1 + below(6));
    elen = 0;
    unsigned r = below(100);
    if (r < 85)
        ap("ipv6 src=%s dst=2001:db8:1::1 / hao %s / ", src, hoa);
    else if (r < 90)
        ap("ipv6 src=%s dst=2001:db8:1::1 / ", hoa);
    else if (r < 95)
        ap("ipv4 src=192.0.2.%u dst=198.51.100.1 / udp / ipv6 src=%s dst=2001:db8:1::1 / hao %s / ", 1 + below(250), hoa,
           hoa);
    else
        ap("eth src=02:00:00:00:00:10 dst=02:00:00:00:00:01 / ipv6 src=%s dst=2001:db8:1::1 / ", hoa);
    ap("bu seq=%u", seq);
    flags_tokens(94);
    ap(" lifetime=%u", lifetime_value());
    int n = nbid_count();
    for (int i = 0; i < n; i++) {
        if (chance(8))
            extra_option();
        bid_option(0);
    }
    if (chance(15))
        extra_option();
    craft();
}

/* Catalogue variants that dissect as BUs, as frames. */
#define CAT_MAX 256
static uint8_t cat_frame[CAT_MAX][2048];
static size_t cat_len[CAT_MAX];
static int cat_lt[CAT_MAX];
static int ncat;

static void load_catalogue(void)
{
    ncat = 0;
    for (size_t i = 0; i < mc_catalogue_count && ncat < CAT_MAX; i++) {
        mc_err e = {0};
        if (mc_expr_parse(mc_catalogue[i].expr, &pk, &e) != 0)
            fail_msg("catalogue %s: %s", mc_catalogue[i].name, e.msg);
        int lt = mc_pkt_linktype(&pk);
        size_t n = 0;
        if (mc_build(&pk, cat_frame[ncat], sizeof cat_frame[ncat], &n, &e) != 0)
            fail_msg("catalogue %s: %s", mc_catalogue[i].name, e.msg);
        mc_dissect(cat_frame[ncat], n, n, lt, &dis);
        mc_bu_view v;
        if (mc_bu_view_from(&dis, &v) == 0) {
            cat_len[ncat] = n;
            cat_lt[ncat] = lt;
            ncat++;
        }
    }
    assert_true(ncat >= 40); /* the catalogue has dozens of BU variants */
}

static void take_catalogue(void)
{
    int i = (int)below((uint32_t)ncat);
    memcpy(frame, cat_frame[i], cat_len[i]);
    flen = cat_len[i];
    ltype = cat_lt[i];
}

/* Build the BA as a packet and read it back: status and BID options. */
static void check_ba_packet(int rc_pkt, const char *who, unsigned long n, const mc_bu_view *v, int status, int nbid,
                            unsigned long *built, unsigned long *mism)
{
    mc_err e = {0};
    size_t blen = 0;
    if (rc_pkt != 0 || mc_build(&bapkt, baframe, sizeof baframe, &blen, &e) != 0) {
        if ((*mism)++ < MAX_REPORT)
            report(who, n, v, "the BA could not be built");
        return;
    }
    mc_dissect(baframe, blen, blen, mc_pkt_linktype(&bapkt), &badis);
    uint64_t st = 999;
    int nb = 0;
    if (badis.mh >= 0) {
        const mc_layer *mh = &badis.pkt.l[badis.mh];
        mc_layer_get(mh, "status", &st);
        for (int k = 0; k < mh->opt_count; k++)
            nb += badis.pkt.o[mh->opt_first + k].form == MC_OF_TLV && badis.pkt.o[mh->opt_first + k].type == MC_OPT_BID;
    }
    if (badis.mh < 0 || badis.pkt.l[badis.mh].code != MC_MH_BA || st != (uint64_t)status || nb != nbid ||
        badis.mh_csum_ok != 1) {
        if ((*mism)++ < MAX_REPORT)
            report(who, n, v, "the BA as built does not carry the plan");
        return;
    }
    (*built)++;
}

static void ha_snapshot_check(const char *when, uint64_t now)
{
    /* witnesses exactly as registered */
    for (int i = 0; i < HA_WIT; i++) {
        const mc_bc_mn *m = mc_bc_find(&ha.bc, wit_hoa[i]);
        assert_non_null(m);
        if (m->nb != wsnap[i].nb || m->last_seq != wsnap[i].last_seq)
            fail_msg("%s: witness %d: %d bindings seq %u, was %d seq %u", when, i, m->nb, m->last_seq, wsnap[i].nb,
                     wsnap[i].last_seq);
        for (int k = 0; k < m->nb; k++) {
            const mc_binding *a = &m->b[k], *b = &wsnap[i].b[k];
            if (a->bid != b->bid || a->has_bid != b->has_bid || memcmp(a->coa, b->coa, 16) != 0 ||
                a->expires_ms != b->expires_ms || a->family != b->family || a->home != b->home)
                fail_msg("%s: witness %d binding %d changed", when, i, k);
        }
    }
    /* the whole cache equals the oracle's model (live bindings) */
    size_t ha_live = 0, om_live = 0;
    for (size_t s = 0; s < ha.bc.cap; s++) {
        const mc_bc_mn *m = &ha.bc.slot[s];
        if (!m->used)
            continue;
        orec *r = om_find(&hm, m->hoa);
        int n = 0;
        for (int k = 0; k < m->nb; k++) {
            const mc_binding *b = &m->b[k];
            if (b->expires_ms <= now)
                continue;
            n++;
            const ob *o = ob_find(r, b->has_bid, b->bid);
            if (!o || o->exp != b->expires_ms || memcmp(o->coa, b->coa, 16) != 0 || o->family != b->family ||
                o->home != b->home) {
                char h[INET6_ADDRSTRLEN];
                a6(m->hoa, h);
                fail_msg("%s: home agent binding %s bid %u (has_bid %u) differs from the oracle's", when, h, b->bid,
                         b->has_bid);
            }
        }
        if (n != live_count(r, now)) {
            char h[INET6_ADDRSTRLEN];
            a6(m->hoa, h);
            fail_msg("%s: %s: home agent has %d live bindings, the oracle %d", when, h, n, live_count(r, now));
        }
        ha_live += (size_t)n;
    }
    for (size_t i = 0; i < hm.n; i++)
        om_live += (size_t)live_count(&hm.r[i], now);
    if (ha_live != om_live)
        fail_msg("%s: home agent %zu live bindings, oracle %zu", when, ha_live, om_live);
}

/* The node's record of one home address against the oracle's: live
 * bindings, and the last accepted sequence number while there are any.
 * Returns NULL when they agree, else what differs. */
static const char *record_differs(mc_bcache *bc, omodel *m, const uint8_t hoa[16], uint64_t now, int check_exp)
{
    const mc_bc_mn *mn = mc_bc_find(bc, hoa);
    orec *r = om_find(m, hoa);
    int n = 0;
    for (int k = 0; mn && k < mn->nb; k++) {
        const mc_binding *b = &mn->b[k];
        if (b->expires_ms <= now)
            continue;
        n++;
        const ob *o = ob_find(r, b->has_bid, b->bid);
        if (!o || memcmp(o->coa, b->coa, 16) != 0 || (check_exp && (o->exp != b->expires_ms || o->family != b->family ||
                                                                    o->home != b->home)))
            return "a binding differs";
    }
    if (n != live_count(r, now))
        return "the number of bindings differs";
    if (n && mn->last_seq != r->seq)
        return "the last accepted sequence number differs";
    return NULL;
}

static int ha_feed(unsigned long n, uint64_t now, int must_parse)
{
    mc_bu_view v;
    dissect();
    if (mc_bu_view_from(&dis, &v) < 0) {
        if (must_parse)
            fail_msg("witness BU does not parse");
        hs.not_bu++;
        return -1;
    }
    hs.parsed++;
    /* mutations never register anything for a witness: a BU that would
     * (newer sequence number, H set) is not fed */
    if (!must_parse && is_witness(v.hoa, wit_hoa, HA_WIT) && newer(v.seq, HA_WSEQ)) {
        hs.withheld++;
        return -1;
    }
    hs.fed++;
    expect x;
    ha_oracle(&hm, &v, now, &x);
    int st = mc_ha_process_bu(&ha, &v, now, &ba);
    hs.checked++;
    hs.by_status[x.status & 0xff]++;
    if (v.flags & MC_BU_A)
        hs.checked_a++;
    if (is_witness(v.hoa, wit_hoa, HA_WIT) && !must_parse && st == MC_BA_SEQ_OUT_OF_WINDOW)
        hs.witness_135++;
    int ok = st == x.status && ba.status == x.status && ba.nbid == v.nbid && ba.seq == x.seq;
    /* every home registration is answered, A or not (RFC 6275 10.3.1) */
    ok = ok && ba.send == 1;
    if (ok && x.status == MC_BA_ACCEPTED)
        ok = ba.lifetime == (v.lifetime < HA_MAXLIFE ? v.lifetime : HA_MAXLIFE);
    for (int i = 0; ok && i < v.nbid; i++) {
        ok = ba.bid[i].status == x.st[i] && ba.bid[i].bid == v.bid[i].bid;
        hs.by_bid_status[x.st[i]]++;
    }
    if (!ok) {
        if (hs.mismatches++ < MAX_REPORT) {
            char what[512];
            int o = snprintf(what, sizeof what, "home agent status %d (BA %u seq %u send %u), RFC oracle %d seq %u; BID statuses node/oracle:",
                             st, ba.status, ba.seq, ba.send, x.status, x.seq);
            for (int i = 0; i < v.nbid && o > 0 && (size_t)o < sizeof what - 16; i++)
                o += snprintf(what + o, sizeof what - (size_t)o, " %u/%u", ba.bid[i].status, x.st[i]);
            report("HA", n, &v, what);
        }
        return st;
    }
    const char *d = record_differs(&ha.bc, &hm, v.hoa, now, 1);
    if (d) {
        if (hs.mismatches++ < MAX_REPORT)
            report("HA", n, &v, d);
        return st;
    }
    if (ba.send) {
        hs.ba_sent++;
        mc_err e = {0};
        int rc = mc_ba_plan_to_pkt(&ba, &v, &bapkt, &e);
        check_ba_packet(rc, "HA", n, &v, ba.status, ba.nbid, &hs.ba_built, &hs.mismatches);
    }
    return st;
}

static void ha_robustness(void **s)
{
    (void)s;
    clock_t t0 = clock();
    memset(&hs, 0, sizeof hs);
    memset(gseq, 0, sizeof gseq);
    rs = 0x6d636f612d726f62ull; /* "mcoa-rob" */
    mc_ha_config c;
    mc_ha_config_default(&c);
    assert_int_equal(mc_ha_init(&ha, &c, 64), 0);
    om_init(&hm);
    load_catalogue();
    uint64_t now = 1000000;

    /* witnesses: 50 home addresses x 3 BIDs, one bulk BU each, real frames */
    for (int i = 0; i < HA_WIT; i++) {
        char h[64];
        snprintf(h, sizeof h, "2001:db8:1::a:%x", i);
        parse_addr(h, wit_hoa[i]);
        elen = 0;
        ap("ipv6 src=2001:db8:e%03x::1 dst=2001:db8:1::1 / hao %s / bu seq=%u A H O lifetime=%u", i, h, HA_WSEQ,
           HA_MAXLIFE);
        for (int k = 1; k <= 3; k++)
            ap(" / bid %d coa=2001:db8:e%03x:%x::1", k, i, k);
        craft();
        assert_int_equal(ha_feed(0, now, 1), MC_BA_ACCEPTED);
    }
    assert_int_equal(ha.bc.nbindings, HA_WIT * 3);
    for (int i = 0; i < HA_WIT; i++)
        wsnap[i] = *mc_bc_find(&ha.bc, wit_hoa[i]);
    ha_snapshot_check("after registration", now);

    for (unsigned long n = 1; n <= N_INPUTS; n++) {
        now++;
        unsigned r = below(100);
        if (r < 10) {
            gen_ha_bu((int)below(HA_WIT));
            if (chance(50))
                mutate(1 + (int)below(3), 0);
        } else if (r < 35) {
            hs.cat_inputs++;
            take_catalogue();
            mutate(chance(10) ? 0 : 1 + (int)below(4), 0);
        } else {
            gen_ha_bu(-1);
            if (chance(40))
                mutate(1 + (int)below(4), 0);
        }
        if (chance(50))
            fix_csum();
        ha_feed(n, now, 0);
        if (n % CHECK_EVERY == 0) {
            char when[48];
            snprintf(when, sizeof when, "after %lu inputs", n);
            ha_snapshot_check(when, now);
        }
    }
    ha_snapshot_check("at the end", now);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    printf("[ HA       ] %d inputs: %lu parsed as BU (%lu not a BU), %lu fed, %lu withheld (newer seq for a witness), "
           "%lu statuses checked (%lu with A set), %lu BAs built and read back, %lu witness BUs answered 135; %.1f s\n",
           N_INPUTS, hs.parsed - HA_WIT, hs.not_bu, hs.fed - HA_WIT, hs.withheld, hs.checked - HA_WIT, hs.checked_a,
           hs.ba_built, hs.witness_135, secs);
    printf("[ HA       ] statuses:");
    for (int k = 0; k < 256; k++)
        if (hs.by_status[k])
            printf(" %d:%lu", k, hs.by_status[k]);
    printf("; BID option statuses:");
    for (int k = 1; k < 256; k++)
        if (hs.by_bid_status[k])
            printf(" %d:%lu", k, hs.by_bid_status[k]);
    printf("; %zu bindings in the cache, %zu home addresses\n", ha.bc.nbindings, ha.bc.nmn);
    mc_ha_free(&ha);
    om_free(&hm);
    if (hs.mismatches)
        fail_msg("%lu home agent answers differ from the RFC oracle (first %d above)", hs.mismatches, MAX_REPORT);
    /* each outcome the oracle knows occurred, so the mix is not degenerate */
    static const int must[] = {0, 4, 129, 132, 133, 135, 164, 165, 167};
    for (size_t k = 0; k < sizeof must / sizeof must[0]; k++)
        if (hs.by_status[must[k]] < 20)
            fail_msg("status %d occurred only %lu times", must[k], hs.by_status[must[k]]);
    static const int must_bid[] = {130, 164, 167};
    for (size_t k = 0; k < sizeof must_bid / sizeof must_bid[0]; k++)
        if (hs.by_bid_status[must_bid[k]] < 20)
            fail_msg("BID status %d occurred only %lu times", must_bid[k], hs.by_bid_status[must_bid[k]]);
    assert_true(hs.witness_135 > 1000);
}

/* ---- the correspondent node ------------------------------------------------------ */
#define CN_WIT  20
#define CN_POOL 32
#define CN_MAXLIFE MC_RR_MAX_BINDING_LIFETIME
#define NONCE_IX 7

static const uint8_t KCN[20] = {0x4b, 0x63, 0x6e, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
static const uint8_t NONCE[8] = {0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6, 0x07, 0x18};
static const char CN_S[] = "2001:db8:cc::1";

static mc_cn cn;
static mc_cn_bu cbu;
static mc_cn_bu_result res;
static omodel cm;
static uint8_t cwit_hoa[CN_WIT][16];
static mc_bc_mn cwsnap[CN_WIT];
static uint16_t cgseq[CN_POOL];

static struct {
    unsigned long fed, not_bu, dropped_input, withheld, discarded, answered, authentic, checked_a, ba_built,
        mismatches, witness_135, signed_gen, by_status[256];
} cs;

/* The care-of address a BU registers (RFC 5648 5.2: the BID option's
 * Care-of Address field; a BID without one keeps its binding's address),
 * else the Alternate Care-of Address or the source (RFC 6275 6.2.7): the
 * address a mobile node ran the care-of test from and signs with. */
static void reg_coa(const mc_bu_view *v, uint8_t coa[16])
{
    const uint8_t *c = v->has_altcoa ? v->altcoa : v->src;
    if (v->nbid > 0 && v->bid[0].len == 20) {
        c = v->bid[0].coa;
    } else if (v->nbid > 0 && v->bid[0].len == 4) {
        const ob *b = ob_find(om_find(&cm, v->hoa), 1, v->bid[0].bid);
        if (b)
            c = b->coa;
    }
    memcpy(coa, c, 16);
}

/* Kbm and the MAC's care-of address, as the mobile node computes them
 * after return routability with this Kcn and nonce (RFC 6275 5.2.5, 6.2.7). */
static int mn_keys(const mc_bu_view *v, uint8_t kbm[20], uint8_t mac_coa[16], uint8_t ht[8], uint8_t ct[8])
{
    uint8_t coa[16];
    reg_coa(v, coa);
    int dereg = v->lifetime == 0 || memcmp(coa, v->hoa, 16) == 0;
    mc_rr_token(KCN, v->hoa, NONCE, 8, MC_RR_HOME, ht);
    mc_rr_token(KCN, coa, NONCE, 8, MC_RR_CAREOF, ct);
    mc_rr_kbm(ht, dereg ? NULL : ct, kbm);
    memcpy(mac_coa, dereg ? v->hoa : coa, 16);
    return dereg;
}

static int auth_last(const mc_cn_bu *b)
{
    size_t a = b->v.auth_off;
    return b->v.has_auth && a + 14 == b->mh_len && b->mh[a] == MC_OPT_AUTH && b->mh[a + 1] == 12;
}

static int cn_oracle(const mc_cn_bu *b, expect *x)
{
    const mc_bu_view *v = &b->v;
    memset(x, 0, sizeof *x);
    x->seq = v->seq;
    /* RFC 6275 9.5.1: Nonce Indices and Binding Authorization Data (last,
     * 6.2.7) are required of a BU to a correspondent node */
    if (!v->has_nonce || !auth_last(b))
        return x->discard = 1, -1;
    uint8_t coa[16], kbm[20], mac_coa[16], ht[8], ct[8];
    reg_coa(v, coa);
    int dereg = mn_keys(v, kbm, mac_coa, ht, ct);
    int hok = v->hni == NONCE_IX, cok = v->coni == NONCE_IX;
    /* no longer recognised nonce indices: 136, 137, 138 (the care-of one
     * does not count for a de-registration, RFC 6275 5.2.6) */
    if (!hok && !dereg && !cok)
        return x->status = MC_BA_EXPIRED_NONCES;
    if (!hok)
        return x->status = MC_BA_EXPIRED_HOME_NONCE;
    if (!dereg && !cok)
        return x->status = MC_BA_EXPIRED_COA_NONCE;
    if (!mc_rr_verify(kbm, mac_coa, v->dst, b->mh, b->mh_len, v->auth_off))
        return x->discard = 1, -1;
    cs.authentic++;
    orec *r = om_find(&cm, v->hoa);
    if (r && r->nb && !newer(v->seq, r->seq)) {
        x->seq = r->seq;
        return x->status = MC_BA_SEQ_OUT_OF_WINDOW;
    }
    /* RFC 6275 9.5.1: H set at a node that is not a home agent */
    if (v->flags & MC_BU_H)
        return x->status = MC_BA_HOMEREG_NOT_SUPP;
    ob nb = {0};
    nb.family = 6;
    nb.exp = UINT64_MAX; /* the clock stands still at the CN: nothing expires */
    if (v->nbid == 0) {
        if (r)
            r->nb = 0;
        if (!dereg) {
            r = om_get(&cm, v->hoa);
            memcpy(nb.coa, coa, 16);
            ob_put(r, &nb);
        }
        if (r)
            r->seq = v->seq;
        return x->status = MC_BA_ACCEPTED;
    }
    /* RFC 5648 6.2: length (4.3: only IPv6 care-of addresses to a
     * correspondent node, so 4 or 20), routable CoA, then bulk */
    for (int i = 0; i < v->nbid; i++) {
        if (v->bid[i].len != 4 && v->bid[i].len != 20)
            return x->status = MC_BA_MCOA_MALFORMED;
        if (v->bid[i].len == 20 && !routable6(v->bid[i].coa))
            return x->status = MC_BA_MCOA_MALFORMED;
    }
    if (v->nbid > 1)
        return x->status = MC_BA_MCOA_BULK_PROHIBITED;
    const mc_bid_view *d = &v->bid[0];
    if (dereg) {
        ob *o = ob_find(r, 1, d->bid);
        if (!o)
            return x->status = MC_BA_NOT_HA_FOR_MN;
        ob_del(r, o);
        r->seq = v->seq;
        return x->status = MC_BA_ACCEPTED;
    }
    if (!(v->flags & MC_BU_O) && ob_find(r, 0, 0))
        return x->status = MC_BA_MCOA_NON_MCOA_EXISTS;
    nb.has_bid = 1;
    nb.bid = d->bid;
    if (d->len == 20) {
        memcpy(nb.coa, d->coa, 16);
    } else {
        const ob *o = ob_find(r, 1, d->bid);
        if (!o)
            return x->status = MC_BA_MCOA_UNKNOWN_COA;
        memcpy(nb.coa, o->coa, 16);
    }
    if ((v->flags & MC_BU_O) && r)
        r->nb = 0;
    r = om_get(&cm, v->hoa);
    if (!ob_put(r, &nb))
        return x->status = MC_BA_INSUFFICIENT;
    r->seq = v->seq;
    return x->status = MC_BA_ACCEPTED;
}

static int same_record(const mc_bc_mn *a, const mc_bc_mn *b)
{
    if (!a || !b)
        return a == b;
    if (a->nb != b->nb || a->last_seq != b->last_seq)
        return 0;
    for (int k = 0; k < a->nb; k++)
        if (a->b[k].bid != b->b[k].bid || a->b[k].has_bid != b->b[k].has_bid || memcmp(a->b[k].coa, b->b[k].coa, 16) ||
            a->b[k].expires_ms != b->b[k].expires_ms)
            return 0;
    return 1;
}

static void cn_snapshot_check(const char *when)
{
    for (int i = 0; i < CN_WIT; i++)
        if (!same_record(mc_bc_find(&cn.bc, cwit_hoa[i]), &cwsnap[i]))
            fail_msg("%s: correspondent node witness %d changed", when, i);
    size_t live = 0, olive = 0;
    for (size_t s = 0; s < cn.bc.cap; s++) {
        const mc_bc_mn *m = &cn.bc.slot[s];
        if (!m->used)
            continue;
        orec *r = om_find(&cm, m->hoa);
        for (int k = 0; k < m->nb; k++) {
            const ob *o = ob_find(r, m->b[k].has_bid, m->b[k].bid);
            if (!o || memcmp(o->coa, m->b[k].coa, 16) != 0) {
                char h[INET6_ADDRSTRLEN];
                a6(m->hoa, h);
                fail_msg("%s: correspondent node binding %s bid %u differs from the oracle's", when, h, m->b[k].bid);
            }
        }
        if (m->nb != (r ? r->nb : 0))
            fail_msg("%s: correspondent node has %d bindings for a home address, the oracle %d", when, m->nb,
                     r ? r->nb : 0);
        live += m->nb;
    }
    for (size_t i = 0; i < cm.n; i++)
        olive += (size_t)cm.r[i].nb;
    if (live != olive || live != cn.bc.nbindings)
        fail_msg("%s: correspondent node %zu bindings, oracle %zu", when, live, olive);
}

static uint64_t cnow;

/* HoTI / CoTI through the node; the token from the HoT / CoT. */
static void rr_test(const char *init, uint8_t token[8])
{
    mc_cn_test_init t;
    mc_err e = {0};
    elen = 0;
    ap("%s", init);
    craft();
    dissect();
    assert_int_equal(mc_cn_test_init_from(&dis, &t), 0);
    assert_int_equal(mc_cn_handle_test_init(&cn, &t, cnow, &bapkt, &e), 1);
    size_t n = 0;
    assert_int_equal(mc_build(&bapkt, baframe, sizeof baframe, &n, &e), 0);
    mc_dissect(baframe, n, n, MC_LINKTYPE_RAW, &badis);
    assert_true(badis.mh >= 0);
    const mc_layer *l = &badis.pkt.l[badis.mh];
    uint64_t ix = 0;
    mc_layer_get(l, "nonce", &ix);
    assert_int_equal(ix, NONCE_IX);
    const mc_field *f = mc_field_by_key(l->desc, "token");
    assert_non_null(f);
    memcpy(token, l->hdr + f->off, 8);
}

/* Sign the BU in `frame` as a mobile node does: authenticator over the MH
 * as received by the CN.  Returns 0, -1 if it has no Binding
 * Authorization Data as last option (left unsigned). */
static int sign_frame(int corrupt)
{
    fix_csum();
    if (mc_cn_bu_from(&dis, frame, flen, &cbu) < 0 || !auth_last(&cbu))
        return -1;
    uint8_t kbm[20], mac_coa[16], ht[8], ct[8], a[12];
    int dereg = mn_keys(&cbu.v, kbm, mac_coa, ht, ct);
    assert_int_equal(mc_rr_mn_auth(NULL, mac_coa, cbu.v.dst, ht, dereg ? NULL : ct, cbu.mh, cbu.mh_len, cbu.v.auth_off, a),
                     0);
    if (corrupt) {
        unsigned at = below(12);
        a[at] ^= (uint8_t)(1u << below(8));
    }
    size_t off = dis.pkt.l[dis.mh].wire_off + cbu.v.auth_off + 2;
    assert_true(off + 12 <= flen);
    memcpy(frame + off, a, 12);
    /* the authenticator is under the MH checksum */
    size_t c = dis.pkt.l[dis.mh].wire_off + 4;
    frame[c] = frame[c + 1] = 0;
    dissect();
    fix_csum();
    return 0;
}

/* A BU to the CN.  who: -1 pool, else the witness index (sequence number
 * not newer).  Crafted with a zero authenticator; `mut` byte mutations
 * before the Binding Authorization Data. */
static void gen_cn_bu(int who, int mut)
{
    char hoa[64], src[64], c[64];
    unsigned seq;
    int pool = -1;
    if (who >= 0) {
        snprintf(hoa, sizeof hoa, "2001:db8:1::a:%x", who);
        seq = (uint16_t)(3 - below(32768));
    } else {
        pool = (int)below(CN_POOL);
        snprintf(hoa, sizeof hoa, "2001:db8:1::c:%x", pool);
        seq = next_seq(&cgseq[pool]);
    }
    snprintf(src, sizeof src, "2001:db8:f%u::10", 1 + below(6));
    elen = 0;
    ap("ipv6 src=%s dst=%s / hao %s / bu seq=%u", src, CN_S, hoa, seq);
    flags_tokens(4);
    ap(" lifetime=%u", lifetime_value());
    unsigned hni = chance(92) ? NONCE_IX : below(16), coni = chance(92) ? NONCE_IX : below(16);
    ap(" / nonce hni=%u coni=%u", hni, coni);
    unsigned r = below(100);
    int n = r < 15 ? 0 : r < 85 ? 1 : 2 + (int)below(3);
    for (int i = 0; i < n; i++)
        bid_option(1);
    if (chance(5)) {
        coa6_text(c, sizeof c);
        ap(" / altcoa %s", c);
    }
    if (chance(3)) /* de-registration by care-of address = home address */
        ap(" / altcoa %s", hoa);
    ap(" / auth auth=000000000000000000000000");
    craft();
    if (mut) {
        dissect();
        size_t keep = flen;
        if (dis.mh >= 0) {
            const mc_layer *mh = &dis.pkt.l[dis.mh];
            if (mh->opt_count)
                keep = mh->wire_off + dis.pkt.o[mh->opt_first + mh->opt_count - 1].wire_off;
        }
        mutate(mut, keep);
    }
}

static void cn_robustness(void **s)
{
    (void)s;
    clock_t t0 = clock();
    memset(&cs, 0, sizeof cs);
    memset(cgseq, 0, sizeof cgseq);
    rs = 0x636e2d726f627573ull; /* "cn-robus" */
    mc_cn_config c;
    mc_cn_config_default(&c);
    parse_addr(CN_S, c.addr);
    assert_int_equal(mc_cn_init(&cn, &c, 64), 0);
    mc_cn_set_kcn(&cn, KCN);
    cnow = 5000000;
    mc_cn_set_nonce(&cn, NONCE_IX, NONCE, cnow);
    om_init(&cm);
    load_catalogue();

    /* witnesses: 20 home addresses, BIDs 1..3, each through a home test, a
     * care-of test with its BID and a BU signed with those tokens */
    for (int i = 0; i < CN_WIT; i++) {
        char h[64], init[256];
        uint8_t ht[8], ct[8], t[8];
        snprintf(h, sizeof h, "2001:db8:1::a:%x", i);
        parse_addr(h, cwit_hoa[i]);
        snprintf(init, sizeof init, "ipv6 src=%s dst=%s / hoti cookie=0x%x", h, CN_S, 0x100 + i);
        rr_test(init, ht);
        mc_rr_token(KCN, cwit_hoa[i], NONCE, 8, MC_RR_HOME, t);
        assert_memory_equal(t, ht, 8);
        for (int k = 1; k <= 3; k++) {
            char coa[64];
            snprintf(coa, sizeof coa, "2001:db8:e%03x:%x::1", i, k);
            snprintf(init, sizeof init, "ipv6 src=%s dst=%s / coti cookie=0x%x / bid %d", coa, CN_S, 0x200 + k, k);
            rr_test(init, ct);
            elen = 0;
            ap("ipv6 src=%s dst=%s / hao %s / bu seq=%d A lifetime=%d / nonce hni=%d coni=%d / bid %d coa=%s / auth "
               "auth=000000000000000000000000",
               coa, CN_S, h, k, CN_MAXLIFE, NONCE_IX, NONCE_IX, k, coa);
            craft();
            /* signed with the tokens the node handed out (sign_frame derives
             * them from Kcn: they must be the same) */
            uint8_t kbm[20], mac[16], ht2[8], ct2[8];
            fix_csum();
            assert_int_equal(mc_cn_bu_from(&dis, frame, flen, &cbu), 0);
            mn_keys(&cbu.v, kbm, mac, ht2, ct2);
            assert_memory_equal(ht2, ht, 8);
            assert_memory_equal(ct2, ct, 8);
            assert_int_equal(sign_frame(0), 0);
            assert_int_equal(mc_cn_bu_from(&dis, frame, flen, &cbu), 0);
            expect x;
            assert_int_equal(cn_oracle(&cbu, &x), MC_BA_ACCEPTED);
            assert_int_equal(mc_cn_process_bu(&cn, &cbu, cnow, &res), MC_BA_ACCEPTED);
        }
    }
    assert_int_equal(cn.bc.nbindings, CN_WIT * 3);
    for (int i = 0; i < CN_WIT; i++)
        cwsnap[i] = *mc_bc_find(&cn.bc, cwit_hoa[i]);
    cs.authentic = 0;
    cn_snapshot_check("after registration");

    for (unsigned long n = 1; n <= N_INPUTS; n++) {
        unsigned r = below(100);
        if (r < 10) { /* a witness, sequence number not newer, signed */
            int witness = (int)below(CN_WIT);
            gen_cn_bu(witness, chance(30) ? 1 + (int)below(2) : 0);
            cs.signed_gen++;
            sign_frame(chance(10));
        } else if (r < 45) { /* generated, maybe mutated, then signed */
            gen_cn_bu(-1, chance(30) ? 1 + (int)below(3) : 0);
            cs.signed_gen++;
            sign_frame(chance(10));
        } else if (r < 70) { /* catalogue, mutated, not signed */
            take_catalogue();
            mutate(chance(10) ? 0 : 1 + (int)below(4), 0);
            if (chance(90))
                fix_csum();
        } else { /* generated, mutated anywhere (also the authenticator) */
            if (chance(50))
                gen_cn_bu(chance(20) ? (int)below(CN_WIT) : -1, 0);
            else
                gen_ha_bu(-1);
            mutate(chance(10) ? 0 : 1 + (int)below(4), 0);
            if (chance(90))
                fix_csum();
        }
        if (n > 1 && (n - 1) % CHECK_EVERY == 0) {
            char when[48];
            snprintf(when, sizeof when, "after %lu inputs", n - 1);
            cn_snapshot_check(when);
        }
        dissect();
        mc_bu_view v;
        if (mc_bu_view_from(&dis, &v) < 0) {
            cs.not_bu++;
            continue;
        }
        if (mc_cn_bu_from(&dis, frame, flen, &cbu) < 0) {
            /* RFC 6275 9.2: a truncated MH or one with a bad checksum is
             * dropped before processing */
            if (dis.mh_csum_ok == 1 && dis.mh_present >= dis.mh_declared && dis.mh_declared <= MC_RR_MH_MAX)
                fail_msg("input %lu: a complete BU with a good checksum refused by mc_cn_bu_from", n);
            cs.dropped_input++;
            continue;
        }
        /* bad checksum must never get this far */
        assert_int_equal(dis.mh_csum_ok, 1);
        expect x;
        /* a BU that authenticates and would register for a witness (newer
         * sequence number) is not fed: find out on a copy of the model */
        if (is_witness(cbu.v.hoa, cwit_hoa, CN_WIT) && newer(cbu.v.seq, 3)) {
            uint8_t kbm[20], mac[16], ht[8], ct[8];
            mn_keys(&cbu.v, kbm, mac, ht, ct);
            if (cbu.v.has_nonce && auth_last(&cbu) && cbu.v.hni == NONCE_IX &&
                mc_rr_verify(kbm, mac, cbu.v.dst, cbu.mh, cbu.mh_len, cbu.v.auth_off)) {
                cs.withheld++;
                continue;
            }
        }
        cs.fed++;
        mc_bc_mn before, *bm = mc_bc_find(&cn.bc, cbu.v.hoa);
        memset(&before, 0, sizeof before);
        if (bm)
            before = *bm;
        size_t before_n = cn.bc.nbindings;
        cn_oracle(&cbu, &x);
        int st = mc_cn_process_bu(&cn, &cbu, cnow, &res);
        const mc_bu_view *w = &cbu.v;
        if (w->flags & MC_BU_A)
            cs.checked_a++;
        int ok;
        if (x.discard) {
            cs.discarded++;
            /* silently discarded: no BA, nothing changed */
            const mc_bc_mn *am = mc_bc_find(&cn.bc, w->hoa);
            ok = st == -1 && res.discarded && !res.ba.send && cn.bc.nbindings == before_n &&
                 same_record(am, bm ? &before : NULL);
        } else {
            cs.answered++;
            cs.by_status[x.status & 0xff]++;
            if (is_witness(w->hoa, cwit_hoa, CN_WIT) && x.status == MC_BA_SEQ_OUT_OF_WINDOW)
                cs.witness_135++;
            int want_send = x.status >= 128 || (w->flags & MC_BU_A);
            ok = st == x.status && !res.discarded && res.ba.status == x.status && res.ba.send == want_send &&
                 res.ba.nbid == w->nbid && res.ba.seq == x.seq;
            /* RFC 5648 6.2: a correspondent node's BID option statuses are 0 */
            for (int i = 0; ok && i < w->nbid; i++)
                ok = res.ba.bid[i].status == 0 && res.ba.bid[i].bid == w->bid[i].bid;
            /* RFC 6275 9.5.4: Binding Authorization Data in the BA except for 136-138 */
            ok = ok && res.has_kbm == (x.status < 136 || x.status > 138);
            /* and the node's bindings for that home address are the oracle's */
            ok = ok && !record_differs(&cn.bc, &cm, w->hoa, cnow, 0);
        }
        if (!ok) {
            if (cs.mismatches++ < MAX_REPORT) {
                char what[256];
                snprintf(what, sizeof what, "correspondent node %d (discarded %u, BA %u seq %u send %u, why %s), oracle %s %d seq %u",
                         st, res.discarded, res.ba.status, res.ba.seq, res.ba.send, res.why ? res.why : "-",
                         x.discard ? "discard" : "status", x.status, x.seq);
                report("CN", n, w, what);
            }
            continue;
        }
        if (res.ba.send) {
            mc_err e = {0};
            int rc = mc_cn_ba_to_pkt(&cn, &res, w, &bapkt, &e);
            check_ba_packet(rc, "CN", n, w, res.ba.status, res.ba.nbid, &cs.ba_built, &cs.mismatches);
        }
    }
    cn_snapshot_check("at the end");
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    printf("[ CN       ] %d inputs: %lu not a BU, %lu dropped (bad checksum / truncated MH), %lu fed, %lu withheld "
           "(would register for a witness); %lu discarded (no BA, nothing changed), %lu answered "
           "(%lu authentic, %lu with A set), %lu BAs built and read back, %lu witness BUs answered 135; %.1f s\n",
           N_INPUTS, cs.not_bu, cs.dropped_input, cs.fed, cs.withheld, cs.discarded, cs.answered, cs.authentic,
           cs.checked_a, cs.ba_built, cs.witness_135, secs);
    printf("[ CN       ] statuses:");
    for (int k = 0; k < 256; k++)
        if (cs.by_status[k])
            printf(" %d:%lu", k, cs.by_status[k]);
    printf("; %zu bindings in the cache\n", cn.bc.nbindings);
    mc_cn_free(&cn);
    om_free(&cm);
    if (cs.mismatches)
        fail_msg("%lu correspondent node answers differ from the RFC oracle (first %d above)", cs.mismatches, MAX_REPORT);
    static const int must[] = {0, 131, 133, 135, 136, 137, 138, 164, 165, 167, 168};
    for (size_t k = 0; k < sizeof must / sizeof must[0]; k++)
        if (cs.by_status[must[k]] < 20)
            fail_msg("status %d occurred only %lu times", must[k], cs.by_status[must[k]]);
    assert_true(cs.discarded > 20000);
    assert_true(cs.witness_135 > 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ha_robustness),
        cmocka_unit_test(cn_robustness),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
