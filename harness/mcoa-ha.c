/*
 * mcoa-ha - the reference home agent: RFC 6275 Section 10 with RFC 5648
 * multiple care-of addresses, as a userspace node (see node/io.h).
 *
 * Configuration (key = value):
 *   interface = home0            the home link (first), further links after
 *   address = 2001:db8:1::1      the home agent address
 *   home-prefix = 2001:db8:1::/64
 *   max-lifetime = 1000          BA lifetime cap, units of 4 s
 *   mcoa = allow|prohibit        prohibit -> MCOA PROHIBITED (166)
 *   bulk = allow|prohibit        prohibit -> MCOA BULK REGISTRATION PROHIBITED (168)
 *   simultaneous = allow|prohibit  prohibit -> 169
 *   returnhome-status = 0|5      RFC 5648 6.3
 *   ipv4-home-prefix = 198.51.100.0/24  IPv4 home addresses offered (RFC 5555,
 *                                RFC 5648 8.2); none: IPv4 Home Address option
 *                                answered 129 (administratively prohibited)
 *   log-bu = yes                 a log line per BU (no: only rejections; for floods)
 *   brr-before = 0               seconds before expiry to send a Binding Refresh
 *                                Request with the BID options (RFC 5648 6.4); 0 = never
 *   ba-bid-order = bu|reverse    the order of the BID options copied into the BA
 *                                (RFC 5648 names none; default: the BU's)
 *   data-plane = on|off          off: a signalling-only home agent (no
 *                                interception, tunnelling or reverse tunnel),
 *                                as some implementations are; PICS data-plane = no
 *   control = /run/mcoa-ha.sock  control socket (mcoa-ctl)
 *
 * Control commands: state (JSON: bindings and counters), counters (the
 * counters alone, with the binding count and the times of the first and
 * last BU, for polling under load: bench/bench-ha-flood.sh), zero (reset
 * the counters), ping, quit.  The counters drops/ifdrops are the capture's
 * kernel drops (pcap_stats ps_drop: no room in the ring; ps_ifdrop: dropped
 * by the interface), so that every BU on the link is accounted for.
 */
#include <errno.h>
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "io.h"
#include "conf.h"
#include "cn.h"
#include "ha_bu.h"
#include "node_common.h"

#define MAX_INTERCEPT 1024

typedef struct ha_node {
    mc_io io;
    mc_ha ha;
    mc_ha_config cfg;
    uint8_t addr[16];
    char ifnames[MC_IO_MAX_IFS][32];
    int nifnames;
    char ctl[108];
    /* home addresses whose packets we intercept (proxy ND + nft set) */
    uint8_t intercept[MAX_INTERCEPT][16];
    int nintercept;
    unsigned brr_before_ms;
    uint8_t log_every_bu;
    uint8_t data_plane;       /* off: signalling only (data-plane = off) */
    uint8_t reverse_bids;     /* ba-bid-order = reverse */
    uint64_t bu_rx, ba_tx, tunnelled, reverse, reverse_dropped, bad_csum, brr_tx, be_tx;
    uint64_t first_bu_ms, last_bu_ms;  /* monotonic, of the BUs since start or `zero` (0: none) */
    uint64_t drop_base, ifdrop_base;   /* pcap_stats at the last `zero` */
    mc_pkt out;
} ha_node;

static int conf_set(void *ctx, const char *k, const char *v, mc_err *e)
{
    ha_node *n = ctx;
    unsigned long x;
    if (!strcmp(k, "interface"))
        return mc_conf_ifname(v, n->ifnames, &n->nifnames, MC_IO_MAX_IFS, e);
    if (!strcmp(k, "address"))
        return mc_conf_ip6(v, n->addr, e);
    if (!strcmp(k, "home-prefix"))
        return mc_conf_prefix6(v, n->cfg.home_prefix, &n->cfg.home_plen, e);
    if (!strcmp(k, "ipv4-home-prefix")) {
        n->cfg.has_v4_prefix = 1;
        return mc_conf_prefix4(v, n->cfg.v4_prefix, &n->cfg.v4_plen, e);
    }
    if (!strcmp(k, "max-lifetime")) {
        if (mc_conf_uint(v, 65535, &x, e) < 0)
            return -1;
        n->cfg.max_lifetime = (uint16_t)x;
        return 0;
    }
    if (!strcmp(k, "mcoa"))
        return mc_conf_bool(v, "allow", "prohibit", &n->cfg.allow_mcoa, e);
    if (!strcmp(k, "bulk"))
        return mc_conf_bool(v, "allow", "prohibit", &n->cfg.allow_bulk, e);
    if (!strcmp(k, "simultaneous"))
        return mc_conf_bool(v, "allow", "prohibit", &n->cfg.allow_simultaneous, e);
    if (!strcmp(k, "returnhome-status")) {
        if (mc_conf_uint(v, 255, &x, e) < 0)
            return -1;
        if (x != MC_BA_ACCEPTED && x != MC_BA_MCOA_RETURNHOME_WONDP) {
            mc_err_set(e, -1, "returnhome-status is 0 or 5 (RFC 5648 6.3), got %lu", x);
            return -1;
        }
        n->cfg.returnhome_status = (uint8_t)x;
        return 0;
    }
    if (!strcmp(k, "log-bu"))
        return mc_conf_bool(v, "yes", "no", &n->log_every_bu, e);
    if (!strcmp(k, "brr-before")) {
        if (mc_conf_uint(v, 3600, &x, e) < 0)
            return -1;
        n->brr_before_ms = (unsigned)x * 1000;
        return 0;
    }
    if (!strcmp(k, "ba-bid-order")) {
        if (strcmp(v, "bu") && strcmp(v, "reverse")) {
            mc_err_set(e, -1, "ba-bid-order is bu or reverse, got '%s'", v);
            return -1;
        }
        n->reverse_bids = !strcmp(v, "reverse");
        return 0;
    }
    if (!strcmp(k, "data-plane"))
        return mc_conf_bool(v, "on", "off", &n->data_plane, e);
    if (!strcmp(k, "control"))
        return mc_conf_path(v, n->ctl, sizeof n->ctl, e); /* a Unix socket's path: at most 107 bytes */
    mc_err_set(e, -1, "unknown key '%s'", k);
    return -1;
}

/* ---- interception: proxy ND and the nft set follow the binding cache ---- */
static int intercept_index(const ha_node *n, const uint8_t hoa[16])
{
    for (int i = 0; i < n->nintercept; i++)
        if (!memcmp(n->intercept[i], hoa, 16))
            return i;
    return -1;
}

/* The most recently refreshed foreign binding: where a Binding Refresh
 * Request goes (packets for the home address: mc_ha_tunnel_binding). */
static const mc_binding *newest_foreign(const mc_bc_mn *mn)
{
    const mc_binding *best = NULL;
    for (int i = 0; mn && i < mn->nb; i++)
        if (!mn->b[i].home && mn->b[i].family == 6 && (!best || mn->b[i].expires_ms > best->expires_ms))
            best = &mn->b[i];
    return best;
}

/* RFC 6275 10.4.1: on starting to intercept, the home agent multicasts
 * onto the home link a Neighbor Advertisement for the home address with
 * its own link-layer address, Override set, so that the nodes there (the
 * home link's router above all) stop using whatever they had cached for it
 * (a failed resolution, the mobile node's own address).  Proxy ND answers
 * only solicitations, and the kernel delays those answers (proxy_delay). */
static void advertise_hoa(const char *ifname, const uint8_t hoa[16])
{
    static int fd = -1;
    if (fd < 0 && (fd = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6)) < 0) {
        mc_log("unsolicited Neighbor Advertisement: no ICMPv6 socket");
        return;
    }
    unsigned idx = if_nametoindex(ifname);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%.*s", (int)sizeof ifr.ifr_name - 1, ifname);
    int hops = 255; /* RFC 4861 7.1.2: receivers drop NDs with any other hop limit */
    if (!idx || ioctl(fd, SIOCGIFHWADDR, &ifr) < 0 ||
        setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &idx, sizeof idx) < 0 ||
        setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof hops) < 0) {
        mc_log("unsolicited Neighbor Advertisement on %s: interface not usable", ifname);
        return;
    }
    uint8_t na[32];
    memset(na, 0, sizeof na);
    na[0] = ND_NEIGHBOR_ADVERT;
    na[4] = 0xa0; /* Router, Override; not Solicited (RFC 4861 4.4) */
    memcpy(na + 8, hoa, 16);
    na[24] = ND_OPT_TARGET_LINKADDR;
    na[25] = 1; /* 8 bytes */
    memcpy(na + 26, ifr.ifr_hwaddr.sa_data, 6);
    struct sockaddr_in6 to;
    memset(&to, 0, sizeof to);
    to.sin6_family = AF_INET6;
    to.sin6_scope_id = idx;
    inet_pton(AF_INET6, "ff02::1", &to.sin6_addr); /* all-nodes */
    if (sendto(fd, na, sizeof na, 0, (struct sockaddr *)&to, sizeof to) != (ssize_t)sizeof na)
        mc_log("unsolicited Neighbor Advertisement on %s: not sent", ifname);
}

static void sync_intercept(ha_node *n, const uint8_t hoa[16])
{
    int want = n->data_plane && mc_ha_tunnel_binding(&n->ha, hoa) != NULL;
    int i = intercept_index(n, hoa);
    char a[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, hoa, a, sizeof a);
    if (want && i < 0 && n->nintercept < MAX_INTERCEPT) {
        memcpy(n->intercept[n->nintercept++], hoa, 16);
        mc_io_nft_intercept(&n->io, hoa, 1);
        if (mc_io_proxy_nd(n->ifnames[0], hoa, 1) < 0)
            mc_log("proxy Neighbor Discovery for %s on %s: %s", a, n->ifnames[0], strerror(errno));
        advertise_hoa(n->ifnames[0], hoa);
        mc_log("intercepting %s", a);
    } else if (!want && i >= 0) {
        memcpy(n->intercept[i], n->intercept[--n->nintercept], 16);
        mc_io_nft_intercept(&n->io, hoa, 0);
        if (mc_io_proxy_nd(n->ifnames[0], hoa, 0) < 0)
            mc_log("proxy Neighbor Discovery for %s on %s not removed: %s", a, n->ifnames[0], strerror(errno));
        mc_log("no longer intercepting %s", a);
    }
}

/* ---- control path ---------------------------------------------------------- */
static void on_bu(ha_node *n, int ifidx, const mc_dissection *d)
{
    mc_bu_view bu;
    mc_ba_plan ba;
    mc_err e = {0};
    if (mc_bu_view_from(d, &bu) < 0 || memcmp(bu.dst, n->addr, 16) != 0)
        return;
    n->bu_rx++;
    n->last_bu_ms = mc_io_now_ms();
    if (!n->first_bu_ms)
        n->first_bu_ms = n->last_bu_ms;
    if (!mc_ha_checksum_accept(&n->ha, d->mh_csum_ok != 0)) {
        n->bad_csum++; /* RFC 6275 9.2: silently discarded */
        mc_log("BU with a wrong checksum discarded");
        return;
    }
    int st = mc_ha_process_bu(&n->ha, &bu, mc_io_now_ms(), &ba);
    if (n->log_every_bu || st >= 128) {
        char a[INET6_ADDRSTRLEN];
        inet_ntop(AF_INET6, bu.hoa, a, sizeof a);
        mc_log("BU from %s seq %u lifetime %u, %d BID option(s): status %d (%s)", a, bu.seq, bu.lifetime, bu.nbid, st,
               mc_ba_status_name(st) ? mc_ba_status_name(st) : "?");
    }
    sync_intercept(n, bu.hoa);
    if (ba.binding_error) {
        /* fault ha-hao-check-on-bu: the BU was taken for a data packet (6.5) */
        if (mc_cn_check_hao(&n->ha.bc, bu.hoa, bu.src, bu.dst, mc_io_now_ms(), &n->out, &e) == MC_HAO_DISCARD &&
            mc_io_send(&n->io, &n->out, -1, &e) == 0)
            n->be_tx++;
        return;
    }
    if (!ba.send)
        return;
    /* RFC 5648 copies every BID option into the BA and names no order:
     * ba-bid-order = reverse lets a test show the suite accepts another */
    for (int i = 0, k = ba.nbid - 1; n->reverse_bids && i < k; i++, k--) {
        mc_bid_view t = ba.bid[i];
        ba.bid[i] = ba.bid[k];
        ba.bid[k] = t;
    }
    if (mc_ba_plan_to_pkt(&ba, &bu, &n->out, &e) < 0) {
        mc_log("cannot build BA: %s", e.msg);
        return;
    }
    /* A mobile node at home that may not use ND for its home address is
     * reached at the link-layer address it sent (RFC 5648 6.3). */
    int link = -1;
    uint8_t mac[6];
    if (mc_ha_ba_link_dst(&n->ha, &bu, mac)) {
        /* options are indexed in the packet, so layers may move */
        memmove(&n->out.l[1], &n->out.l[0], sizeof n->out.l[0] * n->out.nlayers);
        n->out.nlayers++;
        mc_layer *eth = &n->out.l[0];
        memset(eth, 0, sizeof *eth);
        eth->kind = MC_LK_ETH;
        eth->desc = &mc_desc_eth;
        eth->len = mc_desc_eth.fixed_len;
        memcpy(eth->hdr, mc_desc_eth.tmpl, eth->len);
        memcpy(eth->hdr, mac, 6);
        memcpy(eth->hdr + 6, n->io.ifs[ifidx].mac, 6);
        link = ifidx;
    }
    if (mc_io_send(&n->io, &n->out, link, &e) < 0)
        mc_log("cannot send BA: %s", e.msg);
    else
        n->ba_tx++;
}

/* ---- data path (RFC 6275 10.4.1 / 10.4.5, RFC 5648 9.3.1) ----------------- */
static const mc_layer *first_ipv6(const mc_dissection *d, int *idx)
{
    for (int i = 0; i < d->pkt.nlayers; i++)
        if (d->pkt.l[i].kind == MC_LK_IPV6) {
            *idx = i;
            return &d->pkt.l[i];
        }
    return NULL;
}

static void tunnel_to_coa(ha_node *n, const mc_binding *b, const uint8_t *ip6, size_t len)
{
    mc_err e = {0};
    mc_pkt_init(&n->out);
    mc_layer *o = mc_pkt_add_layer(&n->out, MC_LK_IPV6, &mc_desc_ipv6, &e);
    mc_layer *r = o ? mc_pkt_add_layer(&n->out, MC_LK_RAW, NULL, &e) : NULL;
    if (!r || mc_pkt_set_tail(&n->out, r, ip6, len, &e) < 0)
        return;
    memcpy(o->hdr + 8, n->addr, 16);
    memcpy(o->hdr + 24, b->coa, 16);
    mc_layer_put(o, "nh", MC_IPPROTO_IPV6, 1);
    if (mc_io_send(&n->io, &n->out, -1, &e) == 0)
        n->tunnelled++;
    else
        mc_log("tunnel: %s", e.msg);
}

/* RFC 5648 6.5: a packet with a Home Address option must come from a
 * registered care-of address of that home address, else it is discarded
 * and answered with a Binding Error (never applied to a BU). */
static int check_hao(ha_node *n, const mc_dissection *d, const uint8_t *src, const uint8_t *dst)
{
    const mc_layer *hao = mc_pkt_cfind(&d->pkt, MC_LK_HAO);
    if (!hao)
        return 0;
    mc_err e = {0};
    if (mc_ha_hao_ok(&n->ha, hao->hdr + 8, src, mc_io_now_ms()))
        return 0;
    /* mc_ha_hao_ok decides alone (its faults included); the correspondent
     * node's check only builds the Binding Error: handed an empty binding
     * cache, it finds no care-of address and always does */
    static mc_bcache none;
    if (!none.cap && mc_bc_init(&none, 1) < 0)
        return 0;
    if (mc_cn_check_hao(&none, hao->hdr + 8, src, dst, mc_io_now_ms(), &n->out, &e) != MC_HAO_DISCARD)
        return 0;
    if (mc_io_send(&n->io, &n->out, -1, &e) == 0)
        n->be_tx++;
    return 1;
}

static void on_data(ha_node *n, const mc_dissection *d, const uint8_t *frame, size_t len)
{
    int i;
    const mc_layer *ip = first_ipv6(d, &i);
    if (!ip)
        return;
    const uint8_t *src = ip->hdr + 8, *dst = ip->hdr + 24;
    if (check_hao(n, d, src, dst) || !n->data_plane)
        return;
    if (intercept_index(n, dst) >= 0) {
        const mc_binding *b = mc_ha_tunnel_binding(&n->ha, dst);
        if (b)
            tunnel_to_coa(n, b, frame + ip->wire_off, len - ip->wire_off);
        return;
    }
    /* reverse tunnel: IPv6-in-IPv6 to us from a registered care-of address */
    if (!memcmp(dst, n->addr, 16) && i + 1 < d->pkt.nlayers && d->pkt.l[i + 1].kind == MC_LK_IPV6) {
        const mc_layer *in = &d->pkt.l[i + 1];
        if (!mc_ha_reverse_ok(&n->ha, in->hdr + 8, src)) {
            n->reverse_dropped++;
            return;
        }
        mc_err e = {0};
        mc_pkt_init(&n->out);
        mc_layer *r = mc_pkt_add_layer(&n->out, MC_LK_RAW, NULL, &e);
        /* a raw layer alone is sent as raw IPv6 (the inner packet as is) */
        if (r && mc_pkt_set_tail(&n->out, r, frame + in->wire_off, len - in->wire_off, &e) == 0 &&
            mc_io_send(&n->io, &n->out, -1, &e) == 0)
            n->reverse++;
    }
}

static void on_rx(void *ctx, int ifidx, const mc_dissection *d, const uint8_t *frame, size_t len)
{
    ha_node *n = ctx;
    if (d->mh >= 0 && d->pkt.l[d->mh].code == MC_MH_BU && !d->pkt.l[d->mh].raw_body)
        on_bu(n, ifidx, d);
    else
        on_data(n, d, frame, len); /* any other MH message with a HAO is subject to 6.5 too */
}

/* RFC 5648 6.4: a Binding Refresh Request for bindings about to expire,
 * carrying their BID options, to the most recently refreshed care-of address. */
static void send_brr(ha_node *n, mc_bc_mn *mn, uint64_t now)
{
    mc_err e = {0};
    const mc_binding *to = newest_foreign(mn);
    uint16_t bids[MC_BC_MAX_PER_MN];
    int nbids;
    if (!to)
        return;
    mc_pkt_init(&n->out);
    mc_layer *ip = mc_pkt_add_layer(&n->out, MC_LK_IPV6, &mc_desc_ipv6, &e);
    mc_layer *rh = ip ? mc_pkt_add_layer(&n->out, MC_LK_RH2, &mc_desc_rh2, &e) : NULL;
    mc_layer *brr = rh ? mc_pkt_add_layer(&n->out, MC_LK_MH, mc_mh_desc(MC_MH_BRR), &e) : NULL;
    if (!brr)
        return;
    memcpy(ip->hdr + 8, n->addr, 16);
    memcpy(ip->hdr + 24, to->coa, 16);
    memcpy(rh->hdr + 8, mn->hoa, 16);
    if (!mc_ha_brr_due(&n->ha, mn, now, n->brr_before_ms, bids, MC_BC_MAX_PER_MN, &nbids))
        return;
    for (int k = 0; k < nbids; k++) {
        uint8_t body[MC_BID_LEN_NOCOA] = {0};
        mc_put16(body, bids[k]);
        if (!mc_pkt_add_opt(&n->out, brr, MC_OF_TLV, MC_OPT_BID, body, sizeof body, &e))
            return;
    }
    if (mc_io_send(&n->io, &n->out, -1, &e) == 0)
        n->brr_tx++;
}

static void on_tick(void *ctx, uint64_t now)
{
    ha_node *n = ctx;
    if (n->brr_before_ms)
        for (size_t i = 0; i < n->ha.bc.cap; i++) {
            mc_bc_mn *mn = &n->ha.bc.slot[i];
            for (int k = 0; mn->used && k < mn->nb; k++)
                if (mn->b[k].has_bid && !mn->b[k].brr_sent && mn->b[k].expires_ms <= now + n->brr_before_ms) {
                    send_brr(n, mn, now);
                    break;
                }
        }
    if (mc_ha_expire(&n->ha, now))
        for (int i = n->nintercept - 1; i >= 0; i--) {
            uint8_t hoa[16];
            memcpy(hoa, n->intercept[i], 16);
            sync_intercept(n, hoa);
        }
}

/* Kernel drops of the captures, cumulative since they were opened. */
static void pcap_drops(ha_node *n, uint64_t *drop, uint64_t *ifdrop)
{
    *drop = *ifdrop = 0;
    for (int i = 0; i < n->io.nifs; i++) {
        struct pcap_stat ps;
        if (pcap_stats(n->io.ifs[i].pc, &ps) == 0) {
            *drop += ps.ps_drop;
            *ifdrop += ps.ps_ifdrop;
        }
    }
}

static void json_counters(ha_node *n, mc_outbuf *o)
{
    uint64_t drop, ifdrop;
    pcap_drops(n, &drop, &ifdrop);
    mc_out_printf(o,
                  "\"counters\":{\"rx\":%llu,\"tx\":%llu,\"tx_errors\":%llu,\"bu\":%llu,\"ba\":%llu,"
                  "\"tunnelled\":%llu,\"reverse_tunnelled\":%llu,\"reverse_dropped\":%llu,\"bad_checksum\":%llu,"
                  "\"brr\":%llu,\"binding_errors\":%llu,\"drops\":%llu,\"ifdrops\":%llu}",
                  (unsigned long long)n->io.rx, (unsigned long long)n->io.tx, (unsigned long long)n->io.tx_err,
                  (unsigned long long)n->bu_rx, (unsigned long long)n->ba_tx, (unsigned long long)n->tunnelled,
                  (unsigned long long)n->reverse, (unsigned long long)n->reverse_dropped,
                  (unsigned long long)n->bad_csum, (unsigned long long)n->brr_tx, (unsigned long long)n->be_tx,
                  (unsigned long long)(drop - n->drop_base), (unsigned long long)(ifdrop - n->ifdrop_base));
}

static void on_ctl(void *ctx, const char *line, mc_outbuf *o)
{
    ha_node *n = ctx;
    if (!strcmp(line, "state")) {
        mc_out_str(o, "{\"role\":\"ha\",");
        mc_json_ip6(o, "address", n->addr);
        mc_out_ch(o, ',');
        mc_json_faults(o, n->cfg.faults, mc_ha_faults, mc_ha_nfaults);
        mc_out_ch(o, ',');
        mc_json_bindings(o, &n->ha.bc, mc_io_now_ms());
        mc_out_ch(o, ',');
        json_counters(n, o);
        mc_out_str(o, "}\n");
    } else if (!strcmp(line, "counters")) {
        /* cheap to poll: no binding list; the cache's size, allocated up front */
        mc_out_printf(o,
                      "{\"now_ms\":%llu,\"first_bu_ms\":%llu,\"last_bu_ms\":%llu,\"home_addresses\":%zu,"
                      "\"bindings\":%zu,\"cache_slots\":%zu,\"cache_bytes\":%zu,",
                      (unsigned long long)mc_io_now_ms(), (unsigned long long)n->first_bu_ms,
                      (unsigned long long)n->last_bu_ms, n->ha.bc.nmn, n->ha.bc.nbindings, n->ha.bc.cap,
                      n->ha.bc.cap * sizeof(mc_bc_mn));
        json_counters(n, o);
        mc_out_str(o, "}\n");
    } else if (!strcmp(line, "zero")) {
        n->io.rx = n->io.tx = n->io.tx_err = 0;
        n->bu_rx = n->ba_tx = n->tunnelled = n->reverse = n->reverse_dropped = 0;
        n->bad_csum = n->brr_tx = n->be_tx = 0;
        n->first_bu_ms = n->last_bu_ms = 0;
        pcap_drops(n, &n->drop_base, &n->ifdrop_base);
        mc_out_str(o, "{\"ok\":true}\n");
    } else if (!strcmp(line, "ping")) {
        mc_out_str(o, "{\"ok\":true}\n");
    } else if (!strcmp(line, "quit")) {
        mc_out_str(o, "{\"ok\":true}\n");
        n->io.stop = 1;
    } else {
        mc_out_str(o, "{\"error\":\"unknown command; try state, counters, zero, ping, quit\"}\n");
    }
}

int main(int argc, char **argv)
{
    static ha_node n;
    mc_node_args a;
    int rc = mc_node_parse_args(argc, argv, "mcoa-ha", mc_ha_faults, mc_ha_nfaults, &a);
    if (rc >= 0)
        return rc;
    mc_err e = {0};
    mc_ha_config_default(&n.cfg);
    n.log_every_bu = 1;
    n.data_plane = 1;
    if (mc_conf_load(a.conf, conf_set, &n, &e) < 0) {
        fprintf(stderr, "mcoa-ha: %s\n", e.msg);
        return 2;
    }
    n.cfg.faults = a.faults;
    if (!n.nifnames || !n.ctl[0]) {
        fprintf(stderr, "mcoa-ha: %s: 'interface' and 'control' are required\n", a.conf);
        return 2;
    }
    rc = 2;
    /* the binding cache starts small and grows with the mobile nodes it
     * serves (bcache.c: 64 records, doubled at three quarters full) */
    if (mc_ha_init(&n.ha, &n.cfg, 16) < 0 || mc_io_init(&n.io, &e) < 0)
        goto out;
    const char *names[MC_IO_MAX_IFS];
    for (int i = 0; i < n.nifnames && i < MC_IO_MAX_IFS; i++)
        names[i] = n.ifnames[i];
    mc_io_prepare_ifs(&n.io, names, n.nifnames < MC_IO_MAX_IFS ? n.nifnames : MC_IO_MAX_IFS);
    for (int i = 0; i < n.nifnames; i++) {
        int k = mc_io_add_if(&n.io, n.ifnames[i], &e), one = 1;
        if (k < 0)
            goto out;
        /* Our own BAs never enter the capture ring: pcap_setdirection skips
         * them only after they took a slot, so under a flood they would fill
         * half of it and count among the drops (best effort: Linux >= 4.20). */
        setsockopt(pcap_fileno(n.io.ifs[k].pc), SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
    }
    if (mc_io_nft_guard(&n.io, "ha", &e) < 0 || mc_io_ctl_listen(&n.io, n.ctl, &e) < 0)
        goto out;
    n.io.ctx = &n;
    n.io.on_rx = on_rx;
    n.io.on_ctl = on_ctl;
    n.io.on_tick = on_tick;
    mc_log("mcoa-ha ready on %s, control %s", n.ifnames[0], n.ctl);
    rc = mc_io_run(&n.io) < 0 ? 1 : 0;
    mc_log("mcoa-ha stopping");
out:
    if (rc == 2 && e.msg[0])
        fprintf(stderr, "mcoa-ha: %s\n", e.msg);
    /* the proxy entries are the kernel's and go one by one; the intercept
     * set goes with the whole nft table (mc_io_close) */
    for (int i = 0; i < n.nintercept; i++) {
        char a[INET6_ADDRSTRLEN];
        inet_ntop(AF_INET6, n.intercept[i], a, sizeof a);
        if (mc_io_proxy_nd(n.ifnames[0], n.intercept[i], 0) < 0)
            mc_log("proxy Neighbor Discovery for %s on %s not removed: %s", a, n.ifnames[0], strerror(errno));
        mc_log("no longer intercepting %s", a);
    }
    n.nintercept = 0;
    mc_io_close(&n.io);
    mc_ha_free(&n.ha);
    return rc;
}
