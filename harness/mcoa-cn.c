/*
 * mcoa-cn - the reference correspondent node: RFC 6275 return routability
 * (5.2, 9.4), Binding Update processing and route optimization (9.3, 9.5)
 * with the RFC 5648 rules for a correspondent node (4.3 BID in the care-of
 * test, 6.2 no bulk registration, 6.5 Home Address option check), as a
 * userspace node (see node/io.h).  The protocol is node/cn.h; this file is
 * the wiring: packets in, core, packets out, control socket.
 *
 * Configuration (key = value):
 *   interface = c0               a link to listen on (repeatable)
 *   address = 2001:db8:c::1      the correspondent node's address
 *   max-lifetime = 105           binding lifetime cap, units of 4 s
 *                                (at most MAX_RR_BINDING_LIFETIME, RFC 6275 12)
 *   nonce-regen = 30000          a fresh nonce every this many ms (RFC 6275 5.2.7)
 *   nonce-lifetime = 240000      a nonce is refused this many ms after its first use
 *                                (at most MAX_NONCE_LIFETIME, RFC 6275 5.2.7, 12); shorter
 *                                for tests of expiry.  A nonce's slot in the ring comes
 *                                back after 16 * nonce-regen, which may end it sooner
 *   control = /run/mcoa-cn.sock  control socket (mcoa-ctl)
 *
 * Control commands (one line in, one JSON line out):
 *   state                 address, faults, bindings, nonce in use, counters
 *   send-udp HOA PORT TEXT  a UDP datagram to a home address: route
 *                         optimized (to the care-of address, Type 2 Routing
 *                         Header, RFC 6275 9.3.2) when a binding exists,
 *                         else plainly to the home address
 *   ping, quit, help
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cn.h"
#include "conf.h"
#include "io.h"
#include "node_common.h"

/* Source port of the datagrams of send-udp (the number of the RFC). */
#define CN_UDP_SPORT 5648
#define MAX_REASONS 16

/* Why packets were dropped; `why` points at a string constant (of the core
 * or of this file), so equal pointers are the same reason. */
typedef struct reason_count {
    const char *why;
    uint64_t n;
} reason_count;

typedef struct cn_node {
    mc_io io;
    mc_cn cn;
    mc_cn_config cfg;
    char ifnames[MC_IO_MAX_IFS][32];
    int nifnames;
    char ctl[108];
    uint64_t hoti, coti, bu, ba_sent, be_sent, hot_sent, cot_sent, data_rx, udp_sent, udp_ro;
    reason_count reasons[MAX_REASONS];
    int nreasons;
    /* the last data packet accepted with a Home Address option (RFC 6275
     * 9.3.1: it is the home address's), so tests see the reverse path */
    int has_last;
    uint8_t last_hoa[16], last_coa[16];
    uint32_t last_len;
    mc_pkt out;
    mc_cn_bu bu_buf;
} cn_node;

static const char R_NOT_OURS[] = "not addressed to us";
static const char R_UNKNOWN_MH[] = "unrecognised MH Type (RFC 6275 9.2: Binding Error status 2)";
static const char R_BU_UNPARSABLE[] = "BU truncated or bad checksum (RFC 6275 9.2)";
static const char R_INIT_HAO[] = "HoTI/CoTI with a Home Address option (RFC 6275 9.4.1, 9.4.2)";
static const char R_HAO_UNKNOWN_COA[] = "Home Address option from a care-of address without binding (RFC 5648 6.5)";
static const char R_BU_UNKNOWN[] = "BU discarded";

static void discard(cn_node *n, const char *why)
{
    for (int i = 0; i < n->nreasons; i++)
        if (n->reasons[i].why == why || !strcmp(n->reasons[i].why, why)) {
            n->reasons[i].n++;
            return;
        }
    if (n->nreasons < MAX_REASONS)
        n->reasons[n->nreasons++] = (reason_count){why, 1};
}

static uint64_t discarded_total(const cn_node *n)
{
    uint64_t t = 0;
    for (int i = 0; i < n->nreasons; i++)
        t += n->reasons[i].n;
    return t;
}

/* ---- configuration ------------------------------------------------------- */
static int conf_uint16(const char *v, unsigned long max, uint16_t *out, mc_err *e)
{
    unsigned long x;
    if (mc_conf_uint(v, max, &x, e) < 0)
        return -1;
    *out = (uint16_t)x;
    return 0;
}

static int conf_set(void *ctx, const char *k, const char *v, mc_err *e)
{
    cn_node *n = ctx;
    unsigned long x;
    if (!strcmp(k, "interface"))
        return mc_conf_ifname(v, n->ifnames, &n->nifnames, MC_IO_MAX_IFS, e);
    if (!strcmp(k, "address"))
        return mc_conf_ip6(v, n->cfg.addr, e);
    /* RFC 6275 12: a correspondent node grants at most MAX_RR_BINDING_LIFETIME */
    if (!strcmp(k, "max-lifetime")) {
        if (conf_uint16(v, MC_RR_MAX_BINDING_LIFETIME, &n->cfg.max_lifetime, e) < 0)
            return -1;
        if (!n->cfg.max_lifetime) {
            mc_err_set(e, -1, "max-lifetime 0 would make every binding expire at once");
            return -1;
        }
        return 0;
    }
    if (!strcmp(k, "nonce-regen")) {
        /* 16 nonces in the ring must cover MAX_NONCE_LIFETIME (cn.c next_slot) */
        if (mc_conf_uint(v, MC_RR_MAX_NONCE_LIFETIME_MS / 8, &x, e) < 0)
            return -1;
        if (x < 100) {
            mc_err_set(e, -1, "nonce-regen is at least 100 ms (the tick), got %lu", x);
            return -1;
        }
        n->cfg.nonce_regen_ms = (uint32_t)x;
        return 0;
    }
    if (!strcmp(k, "nonce-lifetime")) {
        if (mc_conf_uint(v, MC_RR_MAX_NONCE_LIFETIME_MS, &x, e) < 0)
            return -1;
        if (x < 100) {
            mc_err_set(e, -1, "nonce-lifetime is at least 100 ms, got %lu", x);
            return -1;
        }
        n->cfg.nonce_life_ms = (uint32_t)x;
        return 0;
    }
    if (!strcmp(k, "control"))
        return mc_conf_path(v, n->ctl, sizeof n->ctl, e); /* a Unix socket's path: at most 107 bytes */
    mc_err_set(e, -1, "unknown key '%s'", k);
    return -1;
}

/* ---- helpers ------------------------------------------------------------- */
static int put_addr(mc_layer *l, const char *key, const uint8_t a[16])
{
    const mc_field *f = mc_field_by_key(l->desc, key);
    if (!f || (size_t)f->off + 16 > l->len)
        return -1;
    memcpy(l->hdr + f->off, a, 16);
    return 0;
}

static const char *ntop(const uint8_t a[16], char *buf)
{
    return inet_ntop(AF_INET6, a, buf, INET6_ADDRSTRLEN);
}

static int is_ours(const cn_node *n, const uint8_t dst[16]) { return !memcmp(dst, n->cfg.addr, 16); }

static void send_out(cn_node *n, const char *what, uint64_t *counter)
{
    mc_err e = {0};
    if (mc_io_send(&n->io, &n->out, -1, &e) < 0)
        mc_log("cannot send %s: %s", what, e.msg);
    else if (counter)
        (*counter)++;
}

/* ---- return routability (RFC 6275 9.4, RFC 5648 4.3) ------------------------ */
static void on_test_init(cn_node *n, const mc_cn_test_init *t)
{
    char a[INET6_ADDRSTRLEN];
    mc_err e = {0};
    int home = t->type == MC_MH_HOTI;
    if (!is_ours(n, t->dst)) {
        discard(n, R_NOT_OURS);
        return;
    }
    (*(home ? &n->hoti : &n->coti))++;
    int r = mc_cn_handle_test_init(&n->cn, t, mc_io_now_ms(), &n->out, &e);
    mc_log("%s from %s%s: %s", home ? "HoTI" : "CoTI", ntop(t->src, a), t->has_bid ? " with BID" : "",
           r > 0 ? "answered" : r == 0 ? "ignored" : e.msg);
    if (r == 0)
        discard(n, R_INIT_HAO);
    /* The HoT goes to the home address: routed to the home link, where the
     * home agent intercepts it and tunnels it to the mobile node (RFC 6275
     * 5.2.3); the CoT goes straight to the care-of address. */
    if (r > 0)
        send_out(n, home ? "HoT" : "CoT", home ? &n->hot_sent : &n->cot_sent);
}

/* ---- Binding Update (RFC 6275 9.5.1, RFC 5648 6.2) ------------------------- */
static void on_bu(cn_node *n, const mc_dissection *d, const uint8_t *frame, size_t len)
{
    mc_cn_bu *bu = &n->bu_buf;
    mc_cn_bu_result r;
    mc_err e = {0};
    char a[INET6_ADDRSTRLEN];
    if (mc_cn_bu_from(d, frame, len, bu) < 0) {
        discard(n, R_BU_UNPARSABLE);
        return;
    }
    if (!is_ours(n, bu->v.dst)) {
        discard(n, R_NOT_OURS);
        return;
    }
    n->bu++;
    int st = mc_cn_process_bu(&n->cn, bu, mc_io_now_ms(), &r);
    if (st < 0) {
        mc_log("BU from %s seq %u discarded: %s", ntop(bu->v.hoa, a), bu->v.seq, r.why ? r.why : "?");
        discard(n, r.why ? r.why : R_BU_UNKNOWN);
        return;
    }
    mc_log("BU from %s seq %u lifetime %u, %d BID option(s): status %d (%s)%s", ntop(bu->v.hoa, a), bu->v.seq,
           bu->v.lifetime, bu->v.nbid, st, mc_ba_status_name(st) ? mc_ba_status_name(st) : "?",
           r.ba.send ? "" : ", no BA (A clear)");
    if (!r.ba.send)
        return;
    /* to the care-of address with a Type 2 Routing Header (RFC 6275 9.5.4) */
    if (mc_cn_ba_to_pkt(&n->cn, &r, &bu->v, &n->out, &e) < 0) {
        mc_log("cannot build BA: %s", e.msg);
        return;
    }
    send_out(n, "BA", &n->ba_sent);
}

/* ---- packets with a Home Address option (RFC 6275 9.3.1, RFC 5648 6.5) ----- */
static void remember_data(cn_node *n, const mc_dissection *d)
{
    const mc_pkt *p = &d->pkt;
    int ip = -1;
    for (int i = 0; i < p->nlayers; i++) {
        const mc_layer *l = &p->l[i];
        if (l->kind == MC_LK_IPV6 && ip < 0) {
            ip = i;
            memcpy(n->last_coa, l->hdr + 8, 16);
        } else if (l->kind == MC_LK_HAO) {
            const mc_field *f = mc_field_by_key(l->desc, "home");
            if (f && f->off + 16u <= l->len)
                memcpy(n->last_hoa, l->hdr + f->off, 16);
        }
    }
    n->last_len = d->wirelen;
    n->has_last = 1;
    n->data_rx++;
}

static void on_hao_packet(cn_node *n, const mc_dissection *d)
{
    mc_err e = {0};
    char a[INET6_ADDRSTRLEN];
    int v = mc_cn_handle_hao_packet(&n->cn, d, mc_io_now_ms(), &n->out, &e);
    if (v == MC_HAO_ACCEPT) {
        remember_data(n, d);
        return;
    }
    if (v < 0) {
        mc_log("Home Address option packet: %s", e.msg[0] ? e.msg : "not understood");
        return;
    }
    /* MC_HAO_DISCARD: the core built the Binding Error (status 1) to the
     * packet's source, no Routing Header (RFC 6275 9.3.1) */
    discard(n, R_HAO_UNKNOWN_COA);
    mc_log("Home Address option from %s without binding: Binding Error",
           ntop(n->out.l[0].hdr + 24, a));
    send_out(n, "Binding Error", &n->be_sent);
}

static int hao_below_top(const mc_dissection *d)
{
    for (int i = 0; i < d->pkt.nlayers; i++)
        if (d->pkt.l[i].kind == MC_LK_HAO)
            return 1;
    return 0;
}

static const uint8_t *first_dst(const mc_dissection *d)
{
    for (int i = 0; i < d->pkt.nlayers; i++)
        if (d->pkt.l[i].kind == MC_LK_IPV6)
            return d->pkt.l[i].hdr + 24;
    return NULL;
}

/* RFC 6275 9.2: a Mobility Header of an MH Type we do not recognise gets a
 * Binding Error with status 2 (the core builds it). */
static void on_unknown_mh(cn_node *n, const mc_dissection *d)
{
    mc_err e = {0};
    int r = mc_cn_handle_unknown_mh(&n->cn, d, &n->out, &e);
    if (r < 0) {
        mc_log("unrecognised MH Type: %s", e.msg[0] ? e.msg : "not understood");
        return;
    }
    discard(n, R_UNKNOWN_MH);
    if (r > 0) {
        mc_log("unrecognised MH Type %u: Binding Error (status 2)", (unsigned)d->pkt.l[d->mh].code);
        send_out(n, "Binding Error", &n->be_sent);
    }
}

static void on_rx(void *ctx, int ifidx, const mc_dissection *d, const uint8_t *frame, size_t len)
{
    cn_node *n = ctx;
    mc_cn_test_init t;
    (void)ifidx;
    if (mc_cn_test_init_from(d, &t) == 0) {
        on_test_init(n, &t);
        return;
    }
    const mc_layer *mh = d->mh >= 0 ? &d->pkt.l[d->mh] : NULL;
    if (mh && mh->kind == MC_LK_MH && mh->code == MC_MH_BU && !mh->raw_body) {
        on_bu(n, d, frame, len); /* never subject to RFC 5648 6.5 */
        return;
    }
    if (mh && mh->kind == MC_LK_MH && mh->code > MC_MH_BE) {
        const uint8_t *to = first_dst(d);
        if (!to || !is_ours(n, to))
            discard(n, R_NOT_OURS);
        else
            on_unknown_mh(n, d);
        return;
    }
    if (!hao_below_top(d))
        return; /* plain traffic is the kernel's */
    const uint8_t *dst = first_dst(d);
    if (!dst || !is_ours(n, dst)) {
        discard(n, R_NOT_OURS);
        return;
    }
    on_hao_packet(n, d);
}

static void on_tick(void *ctx, uint64_t now)
{
    cn_node *n = ctx;
    mc_cn_tick(&n->cn, now); /* nonce regeneration (RFC 6275 5.2.7) */
    size_t gone = mc_bc_expire(&n->cn.bc, now);
    if (gone)
        mc_log("%zu binding(s) expired", gone);
}

/* ---- route optimization (RFC 6275 9.3.2) ------------------------------------ */
/* IPv6 [/ RH2] / UDP / payload; the UDP checksum pseudo-header uses the
 * final destination, the home address (RFC 8200 8.1; the crafter does it). */
static int build_udp(cn_node *n, const uint8_t hoa[16], const mc_binding *b, unsigned port, const char *text,
                     mc_err *e)
{
    mc_pkt *p = &n->out;
    mc_pkt_init(p);
    mc_layer *ip = mc_pkt_add_layer(p, MC_LK_IPV6, &mc_desc_ipv6, e);
    if (!ip || put_addr(ip, "src", n->cfg.addr) || put_addr(ip, "dst", b ? b->coa : hoa))
        return -1;
    if (b) {
        mc_layer *rh = mc_pkt_add_layer(p, MC_LK_RH2, &mc_desc_rh2, e);
        if (!rh || put_addr(rh, "home", hoa))
            return -1;
    }
    mc_layer *u = mc_pkt_add_layer(p, MC_LK_UDP, &mc_desc_udp, e);
    if (!u || mc_layer_put(u, "sport", CN_UDP_SPORT, 1) || mc_layer_put(u, "dport", port, 1))
        return -1;
    mc_layer *raw = mc_pkt_add_layer(p, MC_LK_RAW, NULL, e);
    return raw ? mc_pkt_set_tail(p, raw, (const uint8_t *)text, strlen(text), e) : -1;
}

static void cmd_send_udp(cn_node *n, const char *args, mc_outbuf *o)
{
    char hoa_s[INET6_ADDRSTRLEN + 1];
    unsigned port;
    int used = 0;
    uint8_t hoa[16];
    mc_err e = {0};
    if (sscanf(args, "%46s %u %n", hoa_s, &port, &used) < 2 || !used || port == 0 || port > 65535 ||
        inet_pton(AF_INET6, hoa_s, hoa) != 1) {
        mc_out_str(o, "{\"error\":\"usage: send-udp HOA PORT TEXT\"}\n");
        return;
    }
    const mc_binding *b = mc_cn_route(&n->cn, hoa, mc_io_now_ms());
    if (build_udp(n, hoa, b, port, args + used, &e) < 0 || mc_io_send(&n->io, &n->out, -1, &e) < 0) {
        mc_out_str(o, "{\"error\":");
        mc_out_json_str(o, e.msg);
        mc_out_str(o, "}\n");
        return;
    }
    n->udp_sent++;
    n->udp_ro += b != NULL;
    mc_out_printf(o, "{\"ok\":true,\"route\":\"%s\",", b ? "optimized" : "direct");
    mc_json_ip6(o, "dst", b ? b->coa : hoa);
    if (b && b->has_bid)
        mc_out_printf(o, ",\"bid\":%u", b->bid);
    mc_out_str(o, "}\n");
}

/* ---- control ---------------------------------------------------------------- */
static void json_nonce(const cn_node *n, mc_outbuf *o)
{
    mc_out_str(o, "\"nonce_index\":");
    if (n->cn.cur >= 0 && n->cn.nonce[n->cn.cur].valid)
        mc_out_u64(o, n->cn.nonce[n->cn.cur].index);
    else
        mc_out_str(o, "null");
}

static void json_discarded(const cn_node *n, mc_outbuf *o)
{
    mc_out_printf(o, "\"discarded\":{\"total\":%llu,\"reasons\":{", (unsigned long long)discarded_total(n));
    for (int i = 0; i < n->nreasons; i++) {
        if (i)
            mc_out_ch(o, ',');
        mc_out_json_str(o, n->reasons[i].why);
        mc_out_printf(o, ":%llu", (unsigned long long)n->reasons[i].n);
    }
    mc_out_str(o, "}}");
}

static void json_last_data(const cn_node *n, mc_outbuf *o)
{
    mc_out_str(o, "\"last_data\":");
    if (!n->has_last) {
        mc_out_str(o, "null");
        return;
    }
    mc_out_ch(o, '{');
    mc_json_ip6(o, "hoa", n->last_hoa);
    mc_out_ch(o, ',');
    mc_json_ip6(o, "coa", n->last_coa);
    mc_out_printf(o, ",\"len\":%u}", n->last_len);
}

static void cmd_state(cn_node *n, mc_outbuf *o)
{
#define U(x) ((unsigned long long)(x))
    mc_out_str(o, "{\"role\":\"cn\",");
    mc_json_ip6(o, "address", n->cfg.addr);
    mc_out_ch(o, ',');
    mc_json_faults(o, n->cfg.faults, mc_cn_faults, mc_cn_nfaults);
    mc_out_ch(o, ',');
    mc_json_bindings(o, &n->cn.bc, mc_io_now_ms());
    mc_out_ch(o, ',');
    json_nonce(n, o);
    mc_out_ch(o, ',');
    json_last_data(n, o);
    mc_out_printf(o,
                  ",\"counters\":{\"rx\":%llu,\"tx\":%llu,\"tx_errors\":%llu,\"hoti\":%llu,\"coti\":%llu,"
                  "\"hot_sent\":%llu,\"cot_sent\":%llu,\"bu\":%llu,\"ba_sent\":%llu,\"be_sent\":%llu,"
                  "\"data_rx\":%llu,\"udp_sent\":%llu,\"udp_optimized\":%llu,",
                  U(n->io.rx), U(n->io.tx), U(n->io.tx_err), U(n->hoti), U(n->coti), U(n->hot_sent),
                  U(n->cot_sent), U(n->bu), U(n->ba_sent), U(n->be_sent), U(n->data_rx), U(n->udp_sent),
                  U(n->udp_ro));
    json_discarded(n, o);
    mc_out_str(o, "}}\n");
#undef U
}

static void on_ctl(void *ctx, const char *line, mc_outbuf *o)
{
    cn_node *n = ctx;
    if (!strcmp(line, "state")) {
        cmd_state(n, o);
    } else if (!strncmp(line, "send-udp", 8) && (line[8] == ' ' || !line[8])) {
        cmd_send_udp(n, line + 8, o);
    } else if (!strcmp(line, "ping")) {
        mc_out_str(o, "{\"ok\":true}\n");
    } else if (!strcmp(line, "quit")) {
        mc_out_str(o, "{\"ok\":true}\n");
        n->io.stop = 1;
    } else if (!strcmp(line, "help")) {
        mc_out_str(o, "{\"commands\":[\"state\",\"send-udp HOA PORT TEXT\",\"ping\",\"quit\",\"help\"]}\n");
    } else {
        mc_out_str(o, "{\"error\":\"unknown command; try state, send-udp HOA PORT TEXT, ping, quit, help\"}\n");
    }
}

/* ---- main ------------------------------------------------------------------- */
static int start(cn_node *n, mc_err *e)
{
    /* mc_io_init first: it makes mc_io_close safe whatever fails next */
    if (mc_io_init(&n->io, e) < 0)
        return -1;
    n->io.ring_bytes = MC_IO_RING_BYTES_PEER;
    if (mc_cn_init(&n->cn, &n->cfg, 1024) < 0) {
        mc_err_set(e, -1, "cannot initialise the correspondent node (random Kcn or memory)");
        return -1;
    }
    mc_cn_tick(&n->cn, mc_io_now_ms()); /* a nonce from the start */
    for (int i = 0; i < n->nifnames; i++)
        if (mc_io_add_if(&n->io, n->ifnames[i], e) < 0)
            return -1;
    if (mc_io_nft_guard(&n->io, "cn", e) < 0 || mc_io_ctl_listen(&n->io, n->ctl, e) < 0)
        return -1;
    n->io.ctx = n;
    n->io.on_rx = on_rx;
    n->io.on_ctl = on_ctl;
    n->io.on_tick = on_tick;
    return 0;
}

int main(int argc, char **argv)
{
    static cn_node n;
    mc_node_args a;
    int rc = mc_node_parse_args(argc, argv, "mcoa-cn", mc_cn_faults, mc_cn_nfaults, &a);
    if (rc >= 0)
        return rc;
    mc_err e = {0};
    mc_cn_config_default(&n.cfg);
    if (mc_conf_load(a.conf, conf_set, &n, &e) < 0) {
        fprintf(stderr, "mcoa-cn: %s\n", e.msg);
        return 2;
    }
    n.cfg.faults = a.faults;
    if (!n.nifnames || !n.ctl[0]) {
        fprintf(stderr, "mcoa-cn: %s: 'interface' and 'control' are required\n", a.conf);
        return 2;
    }
    rc = 2;
    if (start(&n, &e) == 0) {
        char s[INET6_ADDRSTRLEN];
        mc_log("mcoa-cn %s ready on %s, control %s", ntop(n.cfg.addr, s), n.ifnames[0], n.ctl);
        rc = mc_io_run(&n.io) < 0 ? 1 : 0;
        mc_log("mcoa-cn stopping");
    } else if (e.msg[0]) {
        fprintf(stderr, "mcoa-cn: %s\n", e.msg);
    }
    mc_io_close(&n.io);
    mc_cn_free(&n.cn);
    return rc;
}
