/*
 * mcoa-mn - the reference mobile node: RFC 6275 Section 11 with RFC 5648
 * multiple care-of addresses, as a userspace node (see node/io.h) around the
 * protocol core node/mn.h.
 *
 * Configuration (key = value):
 *   home-address = 2001:db8:1::100
 *   home-agent = 2001:db8:1::1
 *   home-prefix = 2001:db8:1::/64
 *   ipv4-home-address = 198.51.100.100[/24]  an IPv4 home address (RFC 5555):
 *                                every home registration carries the IPv4 Home
 *                                Address option (RFC 5648 8.2); Prefix-len from /N, else 32
 *                                (a single address, RFC 5555 3.1.1)
 *   home-agent-ipv4 = 192.0.2.1  the HA's IPv4 address, for IPv4 care-of
 *                                addresses (RFC 5648 Section 8; optional)
 *   home-interface = h0          the interface on the home link (optional);
 *                                left down until `return-home`
 *   home-agent-lla = 02:..:01    the HA's MAC: from the home link the home
 *                                binding goes in a hand-built Ethernet frame,
 *                                without Neighbor Discovery (5.6.2; optional).
 *                                A Router Advertisement on the home link
 *                                overrides it: its Source Link-Layer Address
 *                                option gives the default router's MAC,
 *                                where those frames go from then on (5.6.4)
 *   interface = f1 2001:db8:f1::10 [BID]   a foreign interface and the
 *                                care-of address configured on it (IPv6 or
 *                                IPv4); BID forces its Binding ID (else 1, 2,
 *                                ... in order).  Repeatable.  The address
 *                                itself is configured by the topology.
 *   lifetime = 60                requested lifetime, units of 4 s
 *   bulk = yes|no                bulk registration (5.3)
 *   return-home = complete|simultaneous   5.5 (de-register everything) or
 *                                5.6 (home binding with H, foreign ones kept)
 *   coa-on-refresh = yes|no      keep the Care-of Address field in refreshes (5.1)
 *   coa-on-dereg = yes|no        and in de-registrations (5.4)
 *   correspondent = 2001:db8:c::1   a correspondent node (repeatable)
 *   control = /run/mcoa-mn.sock  control socket (mcoa-ctl)
 *
 * The node registers nothing by itself: actions come from the control
 * socket; only timers act alone (retransmission RFC 6275 11.8, refresh
 * 11.7.1, return routability retries 11.6.1).
 *
 * Control commands (one line in, one JSON line out; errors {"error":"..."}):
 *   state              home address, configuration, at_home, nd (away |
 *                      wait-ba | allowed | forbidden), hoa_configured, faults;
 *                      bids[]: bid, interface, coa, up, home_link, ha (state
 *                      with the home agent: none|pending|registered|failed),
 *                      peers[] (per peer: state, status, home, coa_known,
 *                      expires_in_ms); bul[]: per peer seq, flags learnt
 *                      (need_o no_mcoa no_bulk legacy no_ro), single_binding,
 *                      pending BUs, rr (tokens) for a CN; events[] (last 32:
 *                      t_ms kind peer bid status); counters (bu_sent
 *                      ba_received ba_matched delivered ro_delivered
 *                      rr_completed hot_received cot_received rx tx
 *                      tx_errors); delivered[] (last 8 tunnelled packets for
 *                      the home address, inner packet as crafter expression);
 *                      ro_delivered[] (last 8 route-optimized ones, with RH2)
 *   register all|BID   home registration -> {"ok":true,"bu":N,"seq":[..]}
 *   deregister all|BID [BID...] (all: RFC 6275 de-registration without BID,
 *                      5.4; several BIDs: one BU with their BID options)
 *   rr CN              return routability with CN, then one BU per care-of
 *                      address -> {"ok":true,"hoti":1,"coti":N}
 *   return-home        h0 up, home binding (5.6) or de-registration (5.5)
 *   leave-home         BU with H clear (5.6.5), home BID de-registered, h0 down
 *                      -> {"ok":true,"seq":[..],"deregistered_bid":N|null}
 *   coa-down IF, coa-up IF [ADDR]   the core's view of a care-of address
 *   coa-add IF ADDR    one more care-of address on IF, its own still up
 *   ping, quit, help
 *
 * Neighbor Discovery for the home address (RFC 5648 5.6.3 / 5.6.4, RFC 6275
 * 11.5.4).  The kernel answers Neighbor Solicitations for the addresses it
 * owns, so "may the MN answer NS for its home address" is implemented as
 * "is the home address configured on the home interface": it is added
 * (nodad) exactly while mc_mn_may_answer_ns() says yes and removed
 * otherwise -- so it is absent between the home-binding BU and its BA and
 * after status 5, and the fault mn-answer-ns-after-5 makes the kernel answer.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conf.h"
#include "io.h"
#include "mcoa/craft.h"
#include "mn.h"
#include "node_common.h"
#include "nsreset.h"
#include "rr.h"

#define EV_LOG 32        /* events kept for `state` */
#define DELIVERED_LOG 8  /* packets delivered to the home address kept for `state` */
#define EXPR_MAX 4096
#define RR_RETX_MS 1000u /* RFC 6275 11.6.1 / 12: like INITIAL_BINDACK_TIMEOUT */

typedef struct conf_if {
    char name[32];
    int family;
    uint8_t addr[16];
    int bid;             /* forced BID, 0: allocated */
    int io;              /* index in mc_io */
} conf_if;

typedef struct ev_entry {
    uint64_t t_ms;
    char kind[24];
    uint8_t peer[16];
    uint16_t bid;
    int status;          /* -1: none */
} ev_entry;

/* One return routability run with a correspondent node (RFC 6275 5.2.5;
 * RFC 5648 5.2: a CoTI per care-of address, each with its BID). */
typedef struct rr_run {
    uint8_t active;
    uint8_t cn[16];
    uint8_t hoti_cookie[8];
    uint8_t hot_got;
    uint8_t want[MC_MN_MAX_IF], got[MC_MN_MAX_IF], failed[MC_MN_MAX_IF];
    uint8_t coti_cookie[MC_MN_MAX_IF][8];
    uint8_t via[16];     /* care-of address the HoTI is reverse-tunnelled from */
    uint64_t started_ms, retx_ms;
    uint32_t backoff_ms;
} rr_run;

typedef struct mn_node {
    mc_io io;
    mc_mn mn;
    mc_mn_config cfg;
    conf_if ifs[MC_MN_MAX_IF];
    int nifs;
    char home_if[32];
    int home_io;         /* index in mc_io of the home interface, -1 until opened */
    int hoa_configured;  /* the home address is on the home interface (we put it there) */
    uint8_t cns[MC_MN_MAX_PEERS][16];
    int ncns;
    char ctl[108];
    rr_run rr[MC_MN_MAX_PEERS];
    ev_entry ev[EV_LOG];
    uint64_t nev;
    char delivered[DELIVERED_LOG][EXPR_MAX];      /* tunnelled by the home agent */
    char ro_delivered[DELIVERED_LOG][EXPR_MAX];   /* route optimized, Type 2 Routing Header */
    uint64_t start_ms, bu_tx, ba_rx, ndelivered, nro_delivered, rr_completed, hot_rx, cot_rx;
    mc_mn_out out;
    mc_pkt pkt;
    mc_dissection inner;
} mn_node;

/* ---- configuration ------------------------------------------------------------ */

static int conf_interface(mn_node *n, const char *v, mc_err *e)
{
    char name[32], addr[64];
    unsigned long bid = 0;
    int k = sscanf(v, "%31s %63s %lu", name, addr, &bid);
    if (k < 2 || bid > 65535) {
        mc_err_set(e, -1, "interface = NAME COA [BID], got '%s'", v);
        return -1;
    }
    if (n->nifs >= MC_MN_MAX_IF) {
        mc_err_set(e, -1, "too many interfaces (at most %d)", MC_MN_MAX_IF);
        return -1;
    }
    conf_if *f = &n->ifs[n->nifs];
    memset(f, 0, sizeof *f);
    snprintf(f->name, sizeof f->name, "%s", name);
    f->family = strchr(addr, ':') ? 6 : 4;
    f->bid = (int)bid;
    if ((f->family == 6 ? mc_conf_ip6(addr, f->addr, e) : mc_conf_ip4(addr, f->addr, e)) < 0)
        return -1;
    n->nifs++;
    return 0;
}

static int conf_lifetime(mn_node *n, const char *v, mc_err *e)
{
    unsigned long x;
    if (mc_conf_uint(v, 65535, &x, e) < 0)
        return -1;
    n->cfg.lifetime = (uint16_t)x;
    return 0;
}

static int conf_correspondent(mn_node *n, const char *v, mc_err *e)
{
    if (n->ncns >= MC_MN_MAX_PEERS - 1) {
        mc_err_set(e, -1, "too many correspondent nodes (at most %d)", MC_MN_MAX_PEERS - 1);
        return -1;
    }
    return mc_conf_ip6(v, n->cns[n->ncns++], e);
}

static int conf_set(void *ctx, const char *k, const char *v, mc_err *e)
{
    mn_node *n = ctx;
    mc_mn_config *c = &n->cfg;
    if (!strcmp(k, "home-address"))
        return mc_conf_ip6(v, c->hoa, e);
    if (!strcmp(k, "home-agent"))
        return mc_conf_ip6(v, c->ha, e);
    if (!strcmp(k, "home-prefix"))
        return mc_conf_prefix6(v, c->home_prefix, &c->home_plen, e);
    if (!strcmp(k, "ipv4-home-address")) {
        c->has_v4hoa = 1;
        c->v4hoa_plen = 0;
        if (strchr(v, '/'))
            return mc_conf_prefix4(v, c->v4hoa, &c->v4hoa_plen, e);
        return mc_conf_ip4(v, c->v4hoa, e);
    }
    if (!strcmp(k, "home-agent-ipv4")) {
        c->has_ha_v4 = 1;
        return mc_conf_ip4(v, c->ha_v4, e);
    }
    if (!strcmp(k, "home-interface")) {
        snprintf(n->home_if, sizeof n->home_if, "%s", v);
        return 0;
    }
    if (!strcmp(k, "home-agent-lla")) {
        c->has_ha_lla = 1;
        return mc_conf_mac(v, c->ha_lla, e);
    }
    if (!strcmp(k, "interface"))
        return conf_interface(n, v, e);
    if (!strcmp(k, "lifetime"))
        return conf_lifetime(n, v, e);
    if (!strcmp(k, "bulk"))
        return mc_conf_bool(v, "yes", "no", &c->bulk, e);
    if (!strcmp(k, "return-home"))
        return mc_conf_bool(v, "simultaneous", "complete", &c->simultaneous_home, e);
    if (!strcmp(k, "coa-on-refresh"))
        return mc_conf_bool(v, "yes", "no", &c->coa_on_refresh, e);
    if (!strcmp(k, "coa-on-dereg"))
        return mc_conf_bool(v, "yes", "no", &c->coa_on_dereg, e);
    if (!strcmp(k, "correspondent"))
        return conf_correspondent(n, v, e);
    if (!strcmp(k, "control"))
        return mc_conf_path(v, n->ctl, sizeof n->ctl, e); /* a Unix socket's path: at most 107 bytes */
    mc_err_set(e, -1, "unknown key '%s'", k);
    return -1;
}

/* ---- small helpers --------------------------------------------------------------- */

static const char *ip6_str(const uint8_t a[16], char *buf)
{
    return inet_ntop(AF_INET6, a, buf, INET6_ADDRSTRLEN);
}

static int field_bytes(const mc_layer *l, const char *key, uint8_t *out, size_t len)
{
    const mc_field *f = mc_field_by_key(l->desc, key);
    if (!f || (size_t)f->off + len > l->len)
        return -1;
    memcpy(out, l->hdr + f->off, len);
    return 0;
}

static void random_bytes(uint8_t *p, size_t n)
{
    /* cookies only need to be unpredictable to off-path nodes (RFC 6275 5.2.3) */
    if (getrandom(p, n, 0) != (ssize_t)n)
        for (size_t i = 0; i < n; i++)
            p[i] = (uint8_t)rand();
}

static uint64_t be64(const uint8_t b[8])
{
    uint64_t x = 0;
    for (int i = 0; i < 8; i++)
        x = x << 8 | b[i];
    return x;
}

static int slot_of_io(const mn_node *n, int io)
{
    for (int s = 0; s < MC_MN_MAX_IF; s++)
        if (n->mn.ifs[s].used && n->mn.ifs[s].ifindex == io)
            return s;
    return -1;
}

static const char *if_name(const mn_node *n, int io)
{
    return io >= 0 && io < n->io.nifs ? n->io.ifs[io].name : "?";
}

static int link_is_up(const char *name)
{
    struct ifreq ifr;
    size_t len = strlen(name);
    if (len >= sizeof ifr.ifr_name)
        return 0;
    int s = socket(AF_INET6, SOCK_DGRAM, 0), up = 0;
    if (s < 0)
        return 0;
    memset(&ifr, 0, sizeof ifr);
    memcpy(ifr.ifr_name, name, len);
    if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0)
        up = (ifr.ifr_flags & IFF_UP) != 0;
    close(s);
    return up;
}

/* ---- event log ------------------------------------------------------------------- */

static const char *const ev_names[] = {
    [MC_MN_EV_REGISTERED] = "registered",       [MC_MN_EV_DEREGISTERED] = "deregistered",
    [MC_MN_EV_REJECTED] = "rejected",           [MC_MN_EV_MALFORMED] = "malformed",
    [MC_MN_EV_EXPIRED] = "expired",             [MC_MN_EV_TIMEOUT] = "timeout",
    [MC_MN_EV_ND_HOME_OFF] = "nd-home-off",     [MC_MN_EV_ND_HOME_ON] = "nd-home-on",
    [MC_MN_EV_PEER_NO_MCOA] = "peer-no-mcoa",   [MC_MN_EV_PEER_NO_BULK] = "peer-no-bulk",
    [MC_MN_EV_PEER_LEGACY] = "peer-legacy",     [MC_MN_EV_HOME_ONLY] = "home-only",
    [MC_MN_EV_NEED_RR] = "need-rr",             [MC_MN_EV_BINDING_ERROR] = "binding-error",
    [MC_MN_EV_PEER_NO_RO] = "peer-no-ro",
};

static void log_event(mn_node *n, const char *kind, const uint8_t peer[16], uint16_t bid, int status)
{
    ev_entry *x = &n->ev[n->nev++ % EV_LOG];
    x->t_ms = mc_io_now_ms() - n->start_ms;
    snprintf(x->kind, sizeof x->kind, "%s", kind);
    memcpy(x->peer, peer, 16);
    x->bid = bid;
    x->status = status;
    char a[INET6_ADDRSTRLEN];
    mc_log("event %s peer %s bid %u status %d", kind, ip6_str(peer, a), bid, status);
}

/* ---- Neighbor Discovery for the home address (RFC 5648 5.6.3, 5.6.4) ------------ */

static void set_hoa_configured(mn_node *n, int on)
{
    char a[INET6_ADDRSTRLEN];
    ip6_str(n->cfg.hoa, a);
    /* over rtnetlink, not `ip -6 addr`: a shell and a process took some
     * 20 ms of every start and of every change */
    if (nsr_addr6(n->home_if, n->cfg.hoa, n->cfg.home_plen, on) == 0 || (!on && errno == EADDRNOTAVAIL))
        n->hoa_configured = on;
    else
        mc_log("cannot %s the home address %s/%u %s %s: %s", on ? "configure" : "remove", a, n->cfg.home_plen,
               on ? "on" : "from", n->home_if, strerror(errno));
    mc_log("home address %s %s %s", a, n->hoa_configured ? "configured on" : "not on", n->home_if);
}

/* The kernel answers NS for exactly the addresses configured: make the
 * home address present iff the core allows answering for it. */
static void sync_nd(mn_node *n)
{
    if (!n->home_if[0])
        return;
    int want = mc_mn_may_answer_ns(&n->mn, n->cfg.hoa);
    if (want != n->hoa_configured)
        set_hoa_configured(n, want);
}

/* ---- sending ------------------------------------------------------------------------ */

static void send_plan(mn_node *n, const mc_mn_bu_plan *b)
{
    mc_err e = {0};
    char a[INET6_ADDRSTRLEN];
    if (mc_mn_bu_to_pkt(&n->mn, b, &n->pkt, &e) < 0 || mc_io_send(&n->io, &n->pkt, b->ifindex, &e) < 0) {
        mc_log("cannot send BU seq %u: %s", b->seq, e.msg);
        return;
    }
    n->bu_tx++;
    mc_log("BU seq %u lifetime %u to %s, %d BID option(s)%s%s", b->seq, b->lifetime, ip6_str(b->dst, a), b->nbid,
           b->from_home ? ", from the home link" : "", b->has_rr ? ", route optimization" : "");
}

static void start_rr(mn_node *n, const uint8_t cn[16], mc_err *e);

static void handle_event(mn_node *n, const mc_mn_event *ev)
{
    const char *kind = ev->kind < sizeof ev_names / sizeof ev_names[0] && ev_names[ev->kind] ? ev_names[ev->kind]
                                                                                           : "unknown";
    log_event(n, kind, ev->addr, ev->bid, ev->status);
    /* a CN lost our binding (Binding Error 1, RFC 6275 11.3.6), a refresh
     * needs tokens, or the CN's nonces expired (BA 136-138, RFC 6275
     * 11.7.3): run return routability again, at most once a second (RFC
     * 6275 11.8 bounds the Binding Updates a run leads to by
     * MAX_UPDATE_RATE, 3 per second; a run's own tests back off
     * exponentially, 11.6.1, rr_tick) */
    int nonces_expired = ev->kind == MC_MN_EV_REJECTED && ev->peer != MC_MN_HA &&
                         ev->status >= MC_BA_EXPIRED_HOME_NONCE && ev->status <= MC_BA_EXPIRED_NONCES;
    if (ev->kind == MC_MN_EV_NEED_RR || nonces_expired) {
        const rr_run *r = &n->rr[ev->peer];
        if (!r->active && (!r->started_ms || mc_io_now_ms() - r->started_ms > 1000)) {
            mc_err e = {0};
            start_rr(n, ev->addr, &e);
        }
    }
}

/* Act on what one core call returned: BUs to send, events, ND. */
static void process_out(mn_node *n)
{
    mc_mn_out out = n->out; /* handle_event may run the core again */
    /* The Neighbor Discovery state first: the BU that follows tells the
     * link the state changed (a home-binding BU, a BU leaving home), and a
     * peer may act on it at once. */
    sync_nd(n);
    for (int i = 0; i < out.nbu; i++)
        send_plan(n, &out.bu[i]);
    for (int i = 0; i < out.nev; i++)
        handle_event(n, &out.ev[i]);
    if (out.dropped)
        mc_log("core output overflow: %d plan(s)/event(s) dropped", out.dropped);
    sync_nd(n);
}

/* ---- return routability (RFC 6275 5.2.5, 11.6; RFC 5648 5.2) ------------------------- */

/* The care-of address the HoTI is reverse-tunnelled from: one registered
 * with the home agent, since the HA only accepts reverse-tunnelled packets
 * from a registered care-of address (RFC 6275 10.4.5). */
static int hoti_slot(const mc_mn *mn)
{
    for (int s = 0; s < MC_MN_MAX_IF; s++)
        if (mn->ifs[s].used && mn->ifs[s].up && mn->ifs[s].family == 6 &&
            mn->peers[MC_MN_HA].b[s].state == MC_MN_BS_REGISTERED && !(mn->at_home && s == mn->home_slot))
            return s;
    return -1;
}

static int send_expr(mn_node *n, const char *expr)
{
    mc_err e = {0};
    if (mc_expr_parse(expr, &n->pkt, &e) < 0 || mc_io_send(&n->io, &n->pkt, -1, &e) < 0) {
        mc_log("cannot send '%s': %s", expr, e.msg);
        return -1;
    }
    return 0;
}

/* HoTI through the home agent: IPv6-in-IPv6 from the care-of address, the
 * inner packet from the home address (RFC 6275 5.2.5, 11.6.1). */
static void send_hoti(mn_node *n, const rr_run *r)
{
    char expr[512], coa[INET6_ADDRSTRLEN], ha[INET6_ADDRSTRLEN], hoa[INET6_ADDRSTRLEN], cn[INET6_ADDRSTRLEN];
    snprintf(expr, sizeof expr, "ipv6 src=%s dst=%s / ipv6 src=%s dst=%s / hoti cookie=0x%016llx",
             ip6_str(r->via, coa), ip6_str(n->cfg.ha, ha), ip6_str(n->cfg.hoa, hoa), ip6_str(r->cn, cn),
             (unsigned long long)be64(r->hoti_cookie));
    send_expr(n, expr);
}

/* CoTI directly from one care-of address with its BID option (RFC 5648 5.2). */
static void send_coti(mn_node *n, const rr_run *r, int s)
{
    char expr[512], coa[INET6_ADDRSTRLEN], cn[INET6_ADDRSTRLEN];
    snprintf(expr, sizeof expr, "ipv6 src=%s dst=%s / coti cookie=0x%016llx / bid %u",
             ip6_str(n->mn.ifs[s].coa, coa), ip6_str(r->cn, cn), (unsigned long long)be64(r->coti_cookie[s]),
             n->mn.ifs[s].bid);
    send_expr(n, expr);
}

static void send_missing_tests(mn_node *n, const rr_run *r)
{
    if (!r->hot_got)
        send_hoti(n, r);
    for (int s = 0; s < MC_MN_MAX_IF; s++)
        if (r->want[s] && !r->got[s] && !r->failed[s])
            send_coti(n, r, s);
}

static int rr_coa_slot_ok(const mc_mn *mn, int s)
{
    const mc_mn_if *f = &mn->ifs[s];
    /* RFC 5555: route optimization only for IPv6 care-of addresses */
    return f->used && f->up && f->family == 6 && !(mn->at_home && s == mn->home_slot);
}

static void start_rr(mn_node *n, const uint8_t cn[16], mc_err *e)
{
    int pi = mc_mn_cn_add(&n->mn, cn);
    int via = hoti_slot(&n->mn);
    if (pi <= 0) {
        mc_err_set(e, -1, "no room for another correspondent node");
        return;
    }
    if (via < 0) {
        mc_err_set(e, -1, "no care-of address registered with the home agent to tunnel the HoTI through");
        return;
    }
    rr_run *r = &n->rr[pi];
    memset(r, 0, sizeof *r);
    r->active = 1;
    memcpy(r->cn, cn, 16);
    memcpy(r->via, n->mn.ifs[via].coa, 16);
    random_bytes(r->hoti_cookie, 8);
    for (int s = 0; s < MC_MN_MAX_IF; s++)
        if (rr_coa_slot_ok(&n->mn, s)) {
            r->want[s] = 1;
            random_bytes(r->coti_cookie[s], 8);
        }
    r->started_ms = mc_io_now_ms();
    r->backoff_ms = RR_RETX_MS;
    r->retx_ms = r->started_ms + r->backoff_ms;
    log_event(n, "rr-started", cn, 0, -1);
    send_missing_tests(n, r);
}

static int rr_all_answered(const rr_run *r)
{
    if (!r->hot_got)
        return 0;
    for (int s = 0; s < MC_MN_MAX_IF; s++)
        if (r->want[s] && !r->got[s] && !r->failed[s])
            return 0;
    return 1;
}

/* Tokens in hand: one BU per care-of address to the CN (RFC 5648 5.3). */
static void rr_finish(mn_node *n, rr_run *r, const char *why)
{
    r->active = 0;
    n->rr_completed++;
    log_event(n, why, r->cn, 0, -1);
    mc_mn_cn_register(&n->mn, r->cn, mc_io_now_ms(), &n->out);
    process_out(n);
}

static rr_run *rr_of(mn_node *n, const uint8_t cn[16])
{
    for (int i = 1; i < MC_MN_MAX_PEERS; i++)
        if (n->rr[i].active && !memcmp(n->rr[i].cn, cn, 16))
            return &n->rr[i];
    return NULL;
}

/* HoT / CoT: the cookie says which init it answers (RFC 6275 11.6.2). */
static void on_test(mn_node *n, const mc_dissection *d, const uint8_t src[16])
{
    const mc_layer *mh = &d->pkt.l[d->mh];
    uint8_t cookie[8], token[8];
    uint64_t nonce = 0;
    rr_run *r = rr_of(n, src);
    if (!r || field_bytes(mh, "cookie", cookie, 8) < 0 || field_bytes(mh, "token", token, 8) < 0 ||
        mc_layer_get(mh, "nonce", &nonce) < 0)
        return;
    if (mh->code == MC_MH_HOT) {
        if (memcmp(cookie, r->hoti_cookie, 8) != 0 || r->hot_got)
            return;
        n->hot_rx++;
        r->hot_got = 1;
        mc_mn_cn_home_token(&n->mn, r->cn, (uint16_t)nonce, token);
    } else {
        int s = 0;
        while (s < MC_MN_MAX_IF && !(r->want[s] && !memcmp(cookie, r->coti_cookie[s], 8)))
            s++;
        if (s == MC_MN_MAX_IF || r->got[s] || r->failed[s])
            return;
        n->cot_rx++;
        /* RFC 5648 4.3: a CoT's BID option Status carries care-of test errors */
        for (int k = 0; k < mh->opt_count; k++) {
            const mc_opt *o = &d->pkt.o[mh->opt_first + k];
            if (o->form == MC_OF_TLV && o->type == MC_OPT_BID && o->len >= 3 && mc_opt_cbody(&d->pkt, o)[2]) {
                r->failed[s] = 1;
                log_event(n, "cot-error", r->cn, n->mn.ifs[s].bid, mc_opt_cbody(&d->pkt, o)[2]);
                break;
            }
        }
        if (!r->failed[s]) {
            r->got[s] = 1;
            mc_mn_cn_coa_token(&n->mn, r->cn, n->mn.ifs[s].bid, (uint16_t)nonce, token);
        }
    }
    if (rr_all_answered(r))
        rr_finish(n, r, "rr-complete");
}

/* RFC 6275 11.6.1: tests unanswered are sent again with exponential
 * back-off; after MAX_BINDACK_TIMEOUT the run ends with what it has. */
static void rr_tick(mn_node *n, uint64_t now)
{
    for (int i = 1; i < MC_MN_MAX_PEERS; i++) {
        rr_run *r = &n->rr[i];
        if (!r->active || now < r->retx_ms)
            continue;
        r->backoff_ms *= 2;
        if (r->backoff_ms > MC_MN_MAX_BINDACK_TIMEOUT_MS) {
            if (r->hot_got)
                rr_finish(n, r, "rr-partial");
            else {
                r->active = 0;
                log_event(n, "rr-timeout", r->cn, 0, -1);
            }
            continue;
        }
        r->retx_ms = now + r->backoff_ms;
        send_missing_tests(n, r);
    }
}

/* ---- receiving ----------------------------------------------------------------------- */

static void core_input(mn_node *n, const mc_dissection *d)
{
    if (d->pkt.l[d->mh].code == MC_MH_BA)
        n->ba_rx++;
    if (mc_mn_input(&n->mn, d, mc_io_now_ms(), &n->out) < 0)
        mc_log("mobility message type %d not for us or unexpected: ignored", d->pkt.l[d->mh].code);
    process_out(n);
}

/* The source of the IPv6 header nearest above the Mobility Header. */
static int mh_src(const mc_dissection *d, uint8_t src[16])
{
    for (int i = d->mh - 1; i >= 0; i--)
        if (d->pkt.l[i].kind == MC_LK_IPV6)
            return field_bytes(&d->pkt.l[i], "src", src, 16);
    return -1;
}

static void on_mh(mn_node *n, const mc_dissection *d)
{
    const mc_layer *mh = &d->pkt.l[d->mh];
    uint8_t src[16];
    if (mh->kind != MC_LK_MH || mh->raw_body)
        return;
    if (mh->code == MC_MH_BA || mh->code == MC_MH_BRR || mh->code == MC_MH_BE)
        core_input(n, d);
    else if ((mh->code == MC_MH_HOT || mh->code == MC_MH_COT) && mh_src(d, src) == 0)
        on_test(n, d, src);
}

/* IPv6-in-IPv6: the outer header's index and the inner one's. */
static int tunnel_layers(const mc_dissection *d, int *inner)
{
    int outer = -1;
    for (int k = 0; k < d->pkt.nlayers; k++) {
        int kind = d->pkt.l[k].kind;
        if (kind == MC_LK_IPV6 && outer >= 0) {
            *inner = k;
            return 1;
        }
        if (kind == MC_LK_IPV6)
            outer = k;
        else if (outer >= 0 && kind != MC_LK_EXT6 && kind != MC_LK_HAO && kind != MC_LK_RH2)
            return 0;
    }
    return 0;
}

static void remember(char log[][EXPR_MAX], uint64_t *count, const mc_pkt *p)
{
    char *slot = log[(*count)++ % DELIVERED_LOG];
    if (mc_expr_print(p, slot, EXPR_MAX) < 0)
        snprintf(slot, EXPR_MAX, "(too long to print)");
}

/* Packets for the home address tunnelled by the home agent (RFC 6275
 * 10.4.2, 11.3.1; RFC 5648 9.3.1): decapsulated, counted, and any HoT, BA,
 * BRR or BE inside goes on as if received directly. */
static void on_tunnelled(mn_node *n, const mc_dissection *d, int inner, const uint8_t *frame, size_t len)
{
    const mc_layer *in = &d->pkt.l[inner];
    uint8_t dst[16];
    uint64_t plen = 0;
    if (field_bytes(in, "dst", dst, 16) < 0 || memcmp(dst, n->cfg.hoa, 16) != 0 || in->wire_off >= len)
        return;
    size_t ilen = len - in->wire_off;
    if (mc_layer_get(in, "plen", &plen) == 0 && plen + 40 < ilen)
        ilen = (size_t)plen + 40; /* no link-layer padding in the inner packet */
    mc_dissect(frame + in->wire_off, ilen, ilen, MC_LINKTYPE_RAW, &n->inner);
    remember(n->delivered, &n->ndelivered, &n->inner.pkt);
    if (n->inner.mh >= 0)
        on_mh(n, &n->inner);
}

/* Route optimized data from a correspondent node (RFC 6275 9.3.2, 11.3.3):
 * to a care-of address with a Type 2 Routing Header naming the home
 * address; the kernel never sees it (nft guard), so it is accounted here. */
static void on_route_optimized(mn_node *n, const mc_dissection *d, const uint8_t *frame, size_t len)
{
    uint8_t home[16];
    int ip = -1;
    for (int k = 0; k < d->pkt.nlayers; k++) {
        const mc_layer *l = &d->pkt.l[k];
        if (l->kind == MC_LK_IPV6 && ip < 0)
            ip = k;
        if (l->kind == MC_LK_RH2 && ip >= 0 && field_bytes(l, "home", home, 16) == 0 &&
            !memcmp(home, n->cfg.hoa, 16) && d->pkt.l[ip].wire_off < len) {
            /* kept from the IPv6 header on, like the tunnelled ones */
            size_t off = d->pkt.l[ip].wire_off;
            mc_dissect(frame + off, len - off, len - off, MC_LINKTYPE_RAW, &n->inner);
            remember(n->ro_delivered, &n->nro_delivered, &n->inner.pkt);
            return;
        }
    }
}

/* Router Advertisement on the home link (RFC 4861 4.2, 6.1.2; RFC 5648
 * 5.6.4): an Ethernet frame with IPv6, hop limit 255, a link-local source,
 * ICMPv6 type 134 code 0 with a valid checksum.  Returns the offset in the
 * frame of the MAC of its Source Link-Layer Address option (type 1, length
 * 1), or 0 if the frame is not such an advertisement or has none. */
static size_t ra_slla(const mc_dissection *d, const uint8_t *frame, size_t len)
{
    enum { ETH = 14, IP6 = 40, RA = 16 };
    if (d->pkt.nlayers < 1 || d->pkt.l[0].kind != MC_LK_ETH || len < ETH + IP6 + RA)
        return 0;
    const uint8_t *ip = frame + ETH, *icmp = ip + IP6;
    size_t plen = (size_t)ip[4] << 8 | ip[5];
    if (frame[12] != 0x86 || frame[13] != 0xdd || (ip[0] >> 4) != 6 || ip[6] != 58 || ip[7] != 255 ||
        ip[8] != 0xfe || (ip[9] & 0xc0) != 0x80 || plen < RA || ETH + IP6 + plen > len || icmp[0] != 134 ||
        icmp[1] != 0)
        return 0;
    /* ICMPv6 checksum over the pseudo-header (RFC 8200 8.1) */
    uint32_t sum = (uint32_t)plen + 58;
    for (size_t i = 0; i < 32; i += 2)
        sum += (uint32_t)ip[8 + i] << 8 | ip[9 + i];
    for (size_t i = 0; i < plen; i += 2)
        sum += (uint32_t)icmp[i] << 8 | (i + 1 < plen ? icmp[i + 1] : 0);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    if (sum != 0xffff)
        return 0;
    for (size_t o = RA; o + 2 <= plen;) {
        size_t olen = (size_t)icmp[o + 1] * 8;
        if (olen == 0 || o + olen > plen)
            return 0; /* RFC 4861 4.6: a zero length is invalid */
        if (icmp[o] == 1 && icmp[o + 1] == 1)
            return ETH + IP6 + o + 2;
        o += olen;
    }
    return 0;
}

static void on_rx(void *ctx, int ifidx, const mc_dissection *d, const uint8_t *frame, size_t len)
{
    mn_node *n = ctx;
    int inner;
    size_t mac;
    if (ifidx == n->home_io && (mac = ra_slla(d, frame, len)) != 0) {
        const uint8_t *m = frame + mac;
        int learnt = mc_mn_learn_router_lla(&n->mn, m);
        mc_log("Router Advertisement on %s, Source Link-Layer Address %02x:%02x:%02x:%02x:%02x:%02x%s", n->home_if,
               m[0], m[1], m[2], m[3], m[4], m[5], learnt ? ": home-link frames go to it" : ": ignored");
        return;
    }
    if (tunnel_layers(d, &inner))
        on_tunnelled(n, d, inner, frame, len);
    else if (d->mh >= 0)
        on_mh(n, d);
    else
        on_route_optimized(n, d, frame, len);
}

static void on_tick(void *ctx, uint64_t now)
{
    mn_node *n = ctx;
    if (now >= mc_mn_next_deadline(&n->mn)) {
        mc_mn_tick(&n->mn, now, &n->out);
        process_out(n);
    }
    rr_tick(n, now);
}

/* ---- state as JSON ------------------------------------------------------------------- */

static const char *bstate_name(int s)
{
    static const char *const names[] = {"none", "pending", "registered", "failed"};
    return s >= 0 && s < 4 ? names[s] : "?";
}

static const char *nd_name(int s)
{
    static const char *const names[] = {"away", "wait-ba", "allowed", "forbidden"};
    return s >= 0 && s < 4 ? names[s] : "?";
}

static void json_bool(mc_outbuf *o, const char *key, int v)
{
    mc_out_printf(o, "\"%s\":%s", key, v ? "true" : "false");
}

static void json_addr(mc_outbuf *o, const char *key, int family, const uint8_t *a)
{
    mc_out_printf(o, "\"%s\":\"", key);
    if (family == 4)
        mc_out_ip4(o, a);
    else
        mc_out_ip6(o, a);
    mc_out_ch(o, '"');
}

static void json_bul_bid(mc_outbuf *o, const mc_mn_peer *p, const mc_mn_bul_bid *x, uint64_t now)
{
    mc_out_ch(o, '{');
    mc_json_ip6(o, "peer", p->addr);
    mc_out_printf(o, ",\"role\":\"%s\",\"state\":\"%s\",\"status\":%u,", p->is_ha ? "ha" : "cn",
                  bstate_name(x->state), x->last_status);
    json_bool(o, "home", x->home);
    mc_out_ch(o, ',');
    json_bool(o, "coa_known", x->coa_known);
    mc_out_printf(o, ",\"expires_in_ms\":%llu}",
                  (unsigned long long)(x->state == MC_MN_BS_REGISTERED && x->expires_ms > now ? x->expires_ms - now
                                                                                             : 0));
}

static void json_bid(mc_outbuf *o, const mn_node *n, int s, uint64_t now)
{
    const mc_mn_if *f = &n->mn.ifs[s];
    mc_out_printf(o, "{\"bid\":%u,\"interface\":", f->bid);
    mc_out_json_str(o, if_name(n, f->ifindex));
    mc_out_ch(o, ',');
    json_addr(o, "coa", f->family, f->coa);
    mc_out_printf(o, ",\"family\":%u,", f->family);
    json_bool(o, "up", f->up);
    mc_out_ch(o, ',');
    json_bool(o, "home_link", n->mn.at_home && s == n->mn.home_slot);
    mc_out_printf(o, ",\"ha\":\"%s\",\"peers\":[", bstate_name(n->mn.peers[MC_MN_HA].b[s].state));
    int first = 1;
    for (int pi = 0; pi < MC_MN_MAX_PEERS; pi++)
        if (n->mn.peers[pi].used) {
            if (!first)
                mc_out_ch(o, ',');
            json_bul_bid(o, &n->mn.peers[pi], &n->mn.peers[pi].b[s], now);
            first = 0;
        }
    mc_out_str(o, "]}");
}

static void json_bids(mc_outbuf *o, const mn_node *n, uint64_t now)
{
    mc_out_str(o, "\"bids\":[");
    int first = 1;
    for (int s = 0; s < MC_MN_MAX_IF; s++)
        if (n->mn.ifs[s].used) {
            if (!first)
                mc_out_ch(o, ',');
            json_bid(o, n, s, now);
            first = 0;
        }
    mc_out_ch(o, ']');
}

static void json_pending(mc_outbuf *o, const mc_mn_peer *p, uint64_t now)
{
    mc_out_str(o, "\"pending\":[");
    int first = 1;
    for (int k = 0; k < MC_MN_MAX_PENDING; k++) {
        const mc_mn_pending *q = &p->pend[k];
        if (!q->used)
            continue;
        mc_out_printf(o, "%s{\"seq\":%u,\"lifetime\":%u,\"flags\":\"0x%04x\",\"retx_in_ms\":%llu,\"bids\":[",
                      first ? "" : ",", q->bu.seq, q->bu.lifetime, q->bu.flags,
                      (unsigned long long)(q->retx_ms > now ? q->retx_ms - now : 0));
        for (int i = 0; i < q->bu.nbid; i++)
            mc_out_printf(o, "%s%u", i ? "," : "", q->bu.bid[i].bid);
        mc_out_str(o, "]}");
        first = 0;
    }
    mc_out_ch(o, ']');
}

static void json_rr(mc_outbuf *o, const mn_node *n, int pi)
{
    const mc_mn_peer *p = &n->mn.peers[pi];
    mc_out_str(o, "\"rr\":{");
    json_bool(o, "active", n->rr[pi].active);
    mc_out_ch(o, ',');
    json_bool(o, "home_token", p->has_home_token);
    mc_out_printf(o, ",\"hni\":%u,\"coa_tokens\":[", p->hni);
    int first = 1;
    for (int s = 0; s < MC_MN_MAX_IF; s++)
        if (p->has_coa_token[s]) {
            mc_out_printf(o, "%s{\"bid\":%u,\"coni\":%u}", first ? "" : ",", n->mn.ifs[s].bid, p->coni[s]);
            first = 0;
        }
    mc_out_str(o, "]}");
}

/* One peer's Binding Update List entry (RFC 6275 11.1): sequence number,
 * what it taught us (RFC 5648 5.7), the binding without BID, pending BUs. */
static void json_peer(mc_outbuf *o, const mn_node *n, int pi, uint64_t now)
{
    const mc_mn_peer *p = &n->mn.peers[pi];
    mc_out_ch(o, '{');
    mc_json_ip6(o, "peer", p->addr);
    mc_out_printf(o, ",\"role\":\"%s\",\"seq\":%u,\"flags\":{", p->is_ha ? "ha" : "cn", p->seq);
    json_bool(o, "need_o", p->need_o);
    mc_out_ch(o, ',');
    json_bool(o, "no_mcoa", p->no_mcoa);
    mc_out_ch(o, ',');
    json_bool(o, "no_bulk", p->no_bulk);
    mc_out_ch(o, ',');
    json_bool(o, "legacy", p->legacy);
    mc_out_ch(o, ',');
    json_bool(o, "no_ro", p->no_ro);
    mc_out_printf(o, "},\"single_binding\":{\"state\":\"%s\",\"status\":%u},", bstate_name(p->legacy_b.state),
                  p->legacy_b.last_status);
    json_pending(o, p, now);
    if (!p->is_ha) {
        mc_out_ch(o, ',');
        json_rr(o, n, pi);
    }
    mc_out_ch(o, '}');
}

static void json_bul(mc_outbuf *o, const mn_node *n, uint64_t now)
{
    mc_out_str(o, "\"bul\":[");
    int first = 1;
    for (int pi = 0; pi < MC_MN_MAX_PEERS; pi++)
        if (n->mn.peers[pi].used) {
            if (!first)
                mc_out_ch(o, ',');
            json_peer(o, n, pi, now);
            first = 0;
        }
    mc_out_ch(o, ']');
}

static void json_events(mc_outbuf *o, const mn_node *n)
{
    mc_out_str(o, "\"events\":[");
    uint64_t from = n->nev > EV_LOG ? n->nev - EV_LOG : 0;
    for (uint64_t i = from; i < n->nev; i++) {
        const ev_entry *x = &n->ev[i % EV_LOG];
        mc_out_printf(o, "%s{\"t_ms\":%llu,\"kind\":\"%s\",", i > from ? "," : "", (unsigned long long)x->t_ms,
                      x->kind);
        mc_json_ip6(o, "peer", x->peer);
        mc_out_printf(o, ",\"bid\":%u", x->bid);
        if (x->status >= 0)
            mc_out_printf(o, ",\"status\":%d", x->status);
        mc_out_ch(o, '}');
    }
    mc_out_ch(o, ']');
}

static void json_log(mc_outbuf *o, const char *key, const char log[][EXPR_MAX], uint64_t count)
{
    mc_out_printf(o, "\"%s\":[", key);
    uint64_t from = count > DELIVERED_LOG ? count - DELIVERED_LOG : 0;
    for (uint64_t i = from; i < count; i++) {
        if (i > from)
            mc_out_ch(o, ',');
        mc_out_json_str(o, log[i % DELIVERED_LOG]);
    }
    mc_out_ch(o, ']');
}

static void json_counters(mc_outbuf *o, const mn_node *n)
{
    mc_out_printf(o,
                  "\"counters\":{\"bu_sent\":%llu,\"ba_received\":%llu,\"ba_matched\":%llu,\"delivered\":%llu,"
                  "\"ro_delivered\":%llu,\"rr_completed\":%llu,\"hot_received\":%llu,\"cot_received\":%llu,\"rx\":%llu,\"tx\":%llu,"
                  "\"tx_errors\":%llu}",
                  (unsigned long long)n->bu_tx, (unsigned long long)n->ba_rx, (unsigned long long)n->mn.ba_seen,
                  (unsigned long long)n->ndelivered, (unsigned long long)n->nro_delivered,
                  (unsigned long long)n->rr_completed,
                  (unsigned long long)n->hot_rx, (unsigned long long)n->cot_rx, (unsigned long long)n->io.rx,
                  (unsigned long long)n->io.tx, (unsigned long long)n->io.tx_err);
}

static void ctl_state(mn_node *n, mc_outbuf *o)
{
    uint64_t now = mc_io_now_ms();
    mc_out_str(o, "{\"role\":\"mn\",");
    mc_json_ip6(o, "home_address", n->cfg.hoa);
    mc_out_ch(o, ',');
    mc_json_ip6(o, "home_agent", n->cfg.ha);
    mc_out_printf(o, ",\"lifetime\":%u,", n->cfg.lifetime);
    json_bool(o, "bulk", n->cfg.bulk);
    mc_out_printf(o, ",\"return_home\":\"%s\",", n->cfg.simultaneous_home ? "simultaneous" : "complete");
    json_bool(o, "at_home", n->mn.at_home);
    mc_out_printf(o, ",\"nd\":\"%s\",", nd_name(n->mn.nd));
    json_bool(o, "hoa_configured", n->hoa_configured);
    mc_out_ch(o, ',');
    mc_json_faults(o, n->cfg.faults, mc_mn_faults, mc_mn_nfaults);
    mc_out_ch(o, ',');
    json_bids(o, n, now);
    mc_out_ch(o, ',');
    json_bul(o, n, now);
    mc_out_ch(o, ',');
    json_events(o, n);
    mc_out_ch(o, ',');
    json_counters(o, n);
    mc_out_ch(o, ',');
    json_log(o, "delivered", n->delivered, n->ndelivered);
    mc_out_ch(o, ',');
    json_log(o, "ro_delivered", n->ro_delivered, n->nro_delivered);
    mc_out_str(o, "}\n");
}

/* ---- control commands -------------------------------------------------------------- */

static void reply_error(mc_outbuf *o, const char *msg)
{
    mc_out_str(o, "{\"error\":");
    mc_out_json_str(o, msg);
    mc_out_str(o, "}\n");
}

/* The result of an action: the BUs it sent, or why none. */
static void reply_action(mn_node *n, mc_outbuf *o, int rc, const char *what)
{
    if (rc <= 0 && n->out.nbu == 0) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s: %s", what,
                 rc < 0 ? "not possible in this state (unknown BID, address down or not at home?)"
                        : "nothing to send");
        reply_error(o, msg);
        process_out(n); /* events (need-rr, ND) still count */
        return;
    }
    mc_out_printf(o, "{\"ok\":true,\"bu\":%d,\"seq\":[", n->out.nbu);
    for (int i = 0; i < n->out.nbu; i++)
        mc_out_printf(o, "%s%u", i ? "," : "", n->out.bu[i].seq);
    mc_out_str(o, "]}\n");
    process_out(n);
}

static int parse_bid(const char *s, uint16_t *bid)
{
    char *end;
    unsigned long x = strtoul(s, &end, 10);
    if (!*s || *end || x > 65535)
        return -1;
    *bid = (uint16_t)x;
    return 0;
}

/* "B1 B2 ...": how many BIDs (at most cap, each once), or -1 for anything
 * else. */
static int parse_bids(const char *s, uint16_t *bids, int cap)
{
    char buf[256], *save = NULL;
    int n = 0;
    if (strlen(s) >= sizeof buf)
        return -1;
    strcpy(buf, s);
    for (char *t = strtok_r(buf, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
        if (n == cap || parse_bid(t, &bids[n]) < 0)
            return -1;
        for (int i = 0; i < n; i++)
            if (bids[i] == bids[n])
                return -1;
        n++;
    }
    return n;
}

static void ctl_register(mn_node *n, const char *arg, int reg, mc_outbuf *o)
{
    uint64_t now = mc_io_now_ms();
    uint16_t bid, bids[MC_MN_MAX_IF];
    int rc, nb = 0;
    if (!strcmp(arg, "all"))
        rc = reg ? mc_mn_register_all(&n->mn, now, &n->out) : mc_mn_deregister_all(&n->mn, now, &n->out);
    else if (parse_bid(arg, &bid) == 0)
        rc = reg ? mc_mn_register(&n->mn, bid, now, &n->out) : mc_mn_deregister(&n->mn, bid, now, &n->out);
    else if (!reg && (nb = parse_bids(arg, bids, MC_MN_MAX_IF)) > 1)
        rc = mc_mn_deregister_bids(&n->mn, bids, nb, now, &n->out);
    else {
        reply_error(o, nb < 0 ? "deregister: at most 8 BIDs, each once, each a number from 0 to 65535"
                              : "usage: register all|BID, deregister all|BID [BID...]");
        return;
    }
    reply_action(n, o, rc, reg ? "register" : "deregister");
}

static void ctl_rr(mn_node *n, const char *arg, mc_outbuf *o)
{
    uint8_t cn[16];
    mc_err e = {0};
    if (inet_pton(AF_INET6, arg, cn) != 1) {
        reply_error(o, "usage: rr CN_ADDRESS (IPv6)");
        return;
    }
    if (n->mn.at_home) {
        reply_error(o, "at home: no route optimization needed");
        return;
    }
    start_rr(n, cn, &e);
    if (e.msg[0]) {
        reply_error(o, e.msg);
        return;
    }
    int pi = mc_mn_cn_add(&n->mn, cn), ncoti = 0;
    for (int s = 0; s < MC_MN_MAX_IF; s++)
        ncoti += n->rr[pi].want[s];
    mc_out_printf(o, "{\"ok\":true,\"hoti\":1,\"coti\":%d}\n", ncoti);
}

/* Attached to the home link (RFC 5648 5.5 / 5.6): the link comes up, its
 * capture opens the first time, and the core sends the home binding or the
 * de-registration from it with the interface's link-layer address. */
static void ctl_return_home(mn_node *n, mc_outbuf *o)
{
    mc_err e = {0};
    if (!n->home_if[0]) {
        reply_error(o, "no home-interface configured");
        return;
    }
    if (n->mn.at_home) {
        reply_error(o, "already at home");
        return;
    }
    /* up, and only then the BU: until the kernel's link watch has activated
     * the link's queueing discipline and the home bridge forwards on its
     * peer, a frame sent on it is dropped without an error (CI's run of
     * cc821be: mn-returnhome-5-no-na saw the kernel's MLD reports but no
     * home BU within 1 s, on a loaded machine) */
    if (nsr_link_up(n->home_if, 2000) < 0) {
        char m[160];
        snprintf(m, sizeof m, "cannot bring the home interface %s up: %s", n->home_if, strerror(errno));
        reply_error(o, m);
        return;
    }
    if (n->home_io < 0 && (n->home_io = mc_io_add_if(&n->io, n->home_if, &e)) < 0) {
        n->home_io = -1;
        reply_error(o, e.msg);
        return;
    }
    int rc = mc_mn_return_home(&n->mn, n->home_io, n->io.ifs[n->home_io].mac, 6, mc_io_now_ms(), &n->out);
    reply_action(n, o, rc, "return-home");
}

/* Leaving the home link (5.6.5): a BU from a foreign care-of address with
 * H clear; the home interface then goes down.  It has no foreign address
 * to carry its BID on, so that BID -- the home binding -- is de-registered
 * (5.4) rather than left to expire while the home agent forwards to a link
 * the node is no longer on. */
static void ctl_leave_home(mn_node *n, mc_outbuf *o)
{
    uint64_t now = mc_io_now_ms();
    int home_bid = n->home_io >= 0 ? mc_mn_home_bid(&n->mn, n->home_io) : -1;
    if (!n->mn.at_home) {
        reply_error(o, "not at home");
        return;
    }
    if (mc_mn_leave_home(&n->mn, now, &n->out) < 0) {
        reply_error(o, "leave-home: no foreign care-of address up to register");
        return;
    }
    mc_out_printf(o, "{\"ok\":true,\"seq\":[%u", n->out.nbu ? n->out.bu[0].seq : 0);
    process_out(n);
    mc_mn_coa_down(&n->mn, n->home_io);
    int hs = slot_of_io(n, n->home_io), dereg = 0;
    if (home_bid > 0 && hs >= 0 && n->mn.peers[MC_MN_HA].b[hs].state != MC_MN_BS_NONE &&
        mc_mn_deregister(&n->mn, (uint16_t)home_bid, now, &n->out) > 0) {
        mc_out_printf(o, ",%u", n->out.bu[0].seq);
        process_out(n);
        dereg = home_bid;
    }
    if (dereg)
        mc_out_printf(o, "],\"deregistered_bid\":%d}\n", dereg);
    else
        mc_out_str(o, "],\"deregistered_bid\":null}\n");
    if (nsr_link_down(n->home_if) < 0)
        mc_log("cannot set %s down: %s", n->home_if, strerror(errno));
}

/* coa-down IF / coa-up IF [ADDR]: an interface loses or gets its care-of
 * address; its BID stays (5.1).  coa-add IF ADDR: one more address on IF,
 * its own staying up: the core gives it a binding and BID of its own (an
 * address that comes while the interface's is up is another binding).
 * The kernel's addresses are not touched. */
static void ctl_coa(mn_node *n, const char *arg, int up, mc_outbuf *o)
{
    char name[32] = "", addr[64] = "";
    uint8_t a[16] = {0};
    int k = sscanf(arg, "%31s %63s", name, addr), ci = -1;
    for (int i = 0; i < n->nifs; i++)
        if (!strcmp(n->ifs[i].name, name))
            ci = i;
    if (k < 1 || ci < 0 || (up == 2 && k < 2)) {
        reply_error(o, "usage: coa-up|coa-down CONFIGURED_INTERFACE [ADDRESS], coa-add CONFIGURED_INTERFACE ADDRESS");
        return;
    }
    conf_if *f = &n->ifs[ci];
    if (!up) {
        mc_mn_coa_down(&n->mn, f->io);
        mc_out_str(o, "{\"ok\":true}\n");
        return;
    }
    int fam = k == 2 ? (strchr(addr, ':') ? 6 : 4) : f->family;
    if (k == 2 && inet_pton(fam == 6 ? AF_INET6 : AF_INET, addr, a) != 1) {
        reply_error(o, "bad address");
        return;
    }
    int bid = mc_mn_coa_up(&n->mn, f->io, fam, k == 2 ? a : f->addr, n->io.ifs[f->io].mac, 6);
    mc_out_printf(o, "{\"ok\":true,\"bid\":%d}\n", bid);
}

static const char help_text[] =
    "{\"commands\":[\"state\",\"register all|BID\",\"deregister all|BID [BID...]\",\"rr CN_ADDRESS\","
    "\"return-home\",\"leave-home\",\"coa-down IF\",\"coa-up IF [ADDRESS]\",\"coa-add IF ADDRESS\",\"ping\",\"quit\",\"help\"]}\n";

static void on_ctl(void *ctx, const char *line, mc_outbuf *o)
{
    mn_node *n = ctx;
    n->out.nbu = n->out.nev = n->out.dropped = 0;
    if (!strcmp(line, "state"))
        ctl_state(n, o);
    else if (!strncmp(line, "register ", 9))
        ctl_register(n, line + 9, 1, o);
    else if (!strncmp(line, "deregister ", 11))
        ctl_register(n, line + 11, 0, o);
    else if (!strncmp(line, "rr ", 3))
        ctl_rr(n, line + 3, o);
    else if (!strcmp(line, "return-home"))
        ctl_return_home(n, o);
    else if (!strcmp(line, "leave-home"))
        ctl_leave_home(n, o);
    else if (!strncmp(line, "coa-down ", 9))
        ctl_coa(n, line + 9, 0, o);
    else if (!strncmp(line, "coa-up ", 7))
        ctl_coa(n, line + 7, 1, o);
    else if (!strncmp(line, "coa-add ", 8))
        ctl_coa(n, line + 8, 2, o);
    else if (!strcmp(line, "ping"))
        mc_out_str(o, "{\"ok\":true}\n");
    else if (!strcmp(line, "help"))
        mc_out_str(o, help_text);
    else if (!strcmp(line, "quit")) {
        mc_out_str(o, "{\"ok\":true}\n");
        n->io.stop = 1;
    } else
        reply_error(o, "unknown command; try help");
}

/* ---- start and stop ------------------------------------------------------------------ */

/* Each configured interface's care-of address gets its slot and BID (5.1);
 * a BID from the configuration is taken by starting the allocator there. */
static int coas_up(mn_node *n, mc_err *e)
{
    for (int i = 0; i < n->nifs; i++) {
        conf_if *f = &n->ifs[i];
        if (f->bid)
            n->mn.next_bid = (uint16_t)f->bid;
        int bid = mc_mn_coa_up(&n->mn, f->io, f->family, f->addr, n->io.ifs[f->io].mac, 6);
        if (bid < 0 || (f->bid && bid != f->bid)) {
            mc_err_set(e, -1, "interface %s: cannot get BID %d (got %d)", f->name, f->bid, bid);
            return -1;
        }
        mc_log("%s: care-of address BID %d", f->name, bid);
    }
    return 0;
}

static int start(mn_node *n, mc_err *e)
{
    if (mc_io_init(&n->io, e) < 0)
        return -1;
    n->io.ring_bytes = MC_IO_RING_BYTES_PEER;
    const char *names[MC_IO_MAX_IFS];
    int nn = 0;
    for (int i = 0; i < n->nifs && nn < MC_IO_MAX_IFS; i++)
        names[nn++] = n->ifs[i].name;
    if (n->home_if[0] && link_is_up(n->home_if) && nn < MC_IO_MAX_IFS)
        names[nn++] = n->home_if;
    mc_io_prepare_ifs(&n->io, names, nn);
    for (int i = 0; i < n->nifs; i++)
        if ((n->ifs[i].io = mc_io_add_if(&n->io, n->ifs[i].name, e)) < 0)
            return -1;
    if (mc_io_nft_guard(&n->io, "mn", e) < 0 || mc_io_ctl_listen(&n->io, n->ctl, e) < 0)
        return -1;
    mc_mn_init(&n->mn, &n->cfg);
    if (coas_up(n, e) < 0)
        return -1;
    for (int i = 0; i < n->ncns; i++)
        mc_mn_cn_add(&n->mn, n->cns[i]);
    if (n->home_if[0]) {
        /* away from home at start: the home address is not ours to defend */
        if (nsr_addr6(n->home_if, n->cfg.hoa, n->cfg.home_plen, 0) < 0 && errno != EADDRNOTAVAIL &&
            errno != ENODEV) {
            char hoa[INET6_ADDRSTRLEN];
            mc_log("cannot remove the home address %s from %s: %s", ip6_str(n->cfg.hoa, hoa), n->home_if,
                   strerror(errno));
        }
        if (link_is_up(n->home_if) && (n->home_io = mc_io_add_if(&n->io, n->home_if, e)) < 0)
            return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    static mn_node n;
    mc_node_args a;
    int rc = mc_node_parse_args(argc, argv, "mcoa-mn", mc_mn_faults, mc_mn_nfaults, &a);
    if (rc >= 0)
        return rc;
    mc_err e = {0};
    mc_mn_config_default(&n.cfg);
    n.home_io = -1;
    if (mc_conf_load(a.conf, conf_set, &n, &e) < 0) {
        fprintf(stderr, "mcoa-mn: %s\n", e.msg);
        return 2;
    }
    n.cfg.faults = a.faults;
    n.cfg.auth = mc_rr_mn_auth; /* RFC 6275 6.2.7 authenticator of BUs to CNs */
    if (!n.nifs || !n.ctl[0]) {
        fprintf(stderr, "mcoa-mn: %s: 'interface' and 'control' are required\n", a.conf);
        return 2;
    }
    n.start_ms = mc_io_now_ms();
    rc = 2;
    if (start(&n, &e) == 0) {
        n.io.ctx = &n;
        n.io.on_rx = on_rx;
        n.io.on_ctl = on_ctl;
        n.io.on_tick = on_tick;
        mc_log("mcoa-mn ready, %d care-of address(es), control %s", n.nifs, n.ctl);
        rc = mc_io_run(&n.io) < 0 ? 1 : 0;
        mc_log("mcoa-mn stopping");
    } else if (e.msg[0]) {
        fprintf(stderr, "mcoa-mn: %s\n", e.msg);
    }
    if (n.hoa_configured)
        set_hoa_configured(&n, 0);
    mc_io_close(&n.io);
    return rc;
}
