/* The testers' links and neighbour caches without a process per command.
 * A mutation run resets the testers' namespaces before every one of
 * thousands of tests; the five `ip` processes (and a shell) that did it took
 * about a fifth of the machine's processor time. */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/if_addr.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "nsreset.h"

typedef struct {
    uint8_t family;
    int ifindex;
    uint8_t dst[16];
    unsigned dstlen;
} neigh;

/* One request, then its answer: the acknowledgement (0, or -1 with errno
 * its error) or, for a dump, every part until NLMSG_DONE, each handed to
 * `each` (which returns -1 to give up). */
static int talk(int nl, struct nlmsghdr *req, int (*each)(const struct nlmsghdr *, void *), void *arg)
{
    static uint32_t seq;
    req->nlmsg_seq = ++seq;
    struct sockaddr_nl to = {.nl_family = AF_NETLINK};
    if (sendto(nl, req, req->nlmsg_len, 0, (struct sockaddr *)&to, sizeof to) < 0)
        return -1;
    char buf[16384] __attribute__((aligned(4)));
    for (;;) {
        ssize_t got = recv(nl, buf, sizeof buf, 0);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        size_t left = (size_t)got;
        for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
            if (h->nlmsg_seq != req->nlmsg_seq)
                continue;
            if (h->nlmsg_type == NLMSG_DONE)
                return 0;
            if (h->nlmsg_type == NLMSG_ERROR) {
                const struct nlmsgerr *er = NLMSG_DATA(h);
                if (h->nlmsg_len < NLMSG_LENGTH(sizeof *er)) {
                    errno = EPROTO;
                    return -1;
                }
                if (er->error) {
                    errno = -er->error;
                    return -1;
                }
                return 0;
            }
            if (each && each(h, arg) < 0)
                return -1;
        }
    }
}

typedef struct {
    neigh *v;
    size_t n, cap;
} neigh_list;

static int take_neigh(const struct nlmsghdr *h, void *arg)
{
    neigh_list *l = arg;
    if (h->nlmsg_type != RTM_NEWNEIGH || h->nlmsg_len < NLMSG_LENGTH(sizeof(struct ndmsg)))
        return 0;
    const struct ndmsg *nd = NLMSG_DATA(h);
    /* as ip-neighbour(8) flush: permanent and NOARP entries stay */
    if ((nd->ndm_state & (NUD_PERMANENT | NUD_NOARP)) || (nd->ndm_flags & NTF_PROXY))
        return 0;
    int len = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof *nd));
    for (const struct rtattr *a = (const struct rtattr *)((const char *)nd + NLMSG_ALIGN(sizeof *nd));
         RTA_OK(a, len); a = RTA_NEXT(a, len)) {
        if (a->rta_type != NDA_DST || RTA_PAYLOAD(a) > 16)
            continue;
        if (l->n == l->cap) {
            size_t cap = l->cap ? l->cap * 2 : 16;
            neigh *nv = realloc(l->v, cap * sizeof *nv);
            if (!nv)
                return -1;
            l->v = nv;
            l->cap = cap;
        }
        neigh *x = &l->v[l->n++];
        x->family = nd->ndm_family;
        x->ifindex = nd->ndm_ifindex;
        x->dstlen = (unsigned)RTA_PAYLOAD(a);
        memcpy(x->dst, RTA_DATA(a), x->dstlen);
    }
    return 0;
}

int nsr_neigh_flush(void)
{
    int nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (nl < 0)
        return -1;
    struct {
        struct nlmsghdr h;
        struct ndmsg nd;
        char attrs[64];
    } req;
    memset(&req, 0, sizeof req);
    req.h.nlmsg_len = NLMSG_LENGTH(sizeof req.nd);
    req.h.nlmsg_type = RTM_GETNEIGH;
    req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    req.nd.ndm_family = AF_UNSPEC;
    neigh_list l = {0};
    int rc = talk(nl, &req.h, take_neigh, &l);
    /* deleted after the dump, not during it; one gone meanwhile is no error */
    for (size_t i = 0; rc == 0 && i < l.n; i++) {
        memset(&req, 0, sizeof req);
        req.h.nlmsg_type = RTM_DELNEIGH;
        req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
        req.nd.ndm_family = l.v[i].family;
        req.nd.ndm_ifindex = l.v[i].ifindex;
        struct rtattr *a = (struct rtattr *)req.attrs;
        a->rta_type = NDA_DST;
        a->rta_len = (unsigned short)RTA_LENGTH(l.v[i].dstlen);
        memcpy(RTA_DATA(a), l.v[i].dst, l.v[i].dstlen);
        req.h.nlmsg_len = NLMSG_LENGTH(sizeof req.nd) + RTA_ALIGN(a->rta_len);
        if (talk(nl, &req.h, NULL, NULL) < 0 && errno != ENOENT)
            rc = -1;
    }
    int keep = errno;
    free(l.v);
    close(nl);
    errno = keep;
    return rc;
}

int nsr_link_down(const char *ifname)
{
    int sk = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sk < 0)
        return -1;
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    if (strlen(ifname) >= sizeof ifr.ifr_name) {
        close(sk);
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(ifr.ifr_name, ifname, strlen(ifname));
    int rc = ioctl(sk, SIOCGIFFLAGS, &ifr);
    if (rc == 0 && (ifr.ifr_flags & IFF_UP)) {
        ifr.ifr_flags &= ~IFF_UP;
        rc = ioctl(sk, SIOCSIFFLAGS, &ifr);
    }
    int keep = errno;
    close(sk);
    errno = keep;
    return rc;
}

int nsr_addr6(const char *ifname, const unsigned char addr[16], unsigned plen, int add)
{
    unsigned ifindex = if_nametoindex(ifname);
    if (!ifindex)
        return -1;
    if (plen > 128) {
        errno = EINVAL;
        return -1;
    }
    int nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (nl < 0)
        return -1;
    struct {
        struct nlmsghdr h;
        struct ifaddrmsg ifa;
        char attrs[64];
    } req;
    memset(&req, 0, sizeof req);
    req.h.nlmsg_type = add ? RTM_NEWADDR : RTM_DELADDR;
    req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_REPLACE : 0);
    req.ifa.ifa_family = AF_INET6;
    req.ifa.ifa_prefixlen = (unsigned char)plen;
    req.ifa.ifa_flags = add ? IFA_F_NODAD : 0;
    req.ifa.ifa_scope = RT_SCOPE_UNIVERSE;
    req.ifa.ifa_index = ifindex;
    struct rtattr *a = (struct rtattr *)req.attrs;
    a->rta_type = IFA_LOCAL;
    a->rta_len = (unsigned short)RTA_LENGTH(16);
    memcpy(RTA_DATA(a), addr, 16);
    struct rtattr *b = (struct rtattr *)(req.attrs + RTA_ALIGN(a->rta_len));
    b->rta_type = IFA_ADDRESS;
    b->rta_len = (unsigned short)RTA_LENGTH(16);
    memcpy(RTA_DATA(b), addr, 16);
    req.h.nlmsg_len = NLMSG_LENGTH(sizeof req.ifa) + RTA_ALIGN(a->rta_len) + RTA_ALIGN(b->rta_len);
    int rc = talk(nl, &req.h, NULL, NULL);
    int keep = errno;
    close(nl);
    errno = keep;
    return rc;
}

/* IFLA_OPERSTATE values (RFC 2863), as <linux/if.h> names them; that header
 * clashes with <net/if.h> */
enum { OPER_UNKNOWN = 0, OPER_UP = 6 };

/* What one RTM_NEWLINK says about a link's readiness. */
typedef struct {
    int seen;
    unsigned flags;       /* ifi_flags */
    int qdisc_active;     /* IFLA_QDISC present and not "noop" */
    int operstate;        /* IFLA_OPERSTATE, -1 absent */
    int link;             /* IFLA_LINK: a veth's peer, 0 none */
    int link_nsid;        /* IFLA_LINK_NETNSID: the peer's namespace, -1 this one */
    int brport_state;     /* IFLA_BRPORT_STATE of a bridge port, -1 not one */
} link_info;

static void take_brport(const struct rtattr *data, link_info *li)
{
    int len = (int)RTA_PAYLOAD(data);
    for (const struct rtattr *a = RTA_DATA(data); RTA_OK(a, len); a = RTA_NEXT(a, len))
        if (a->rta_type == IFLA_BRPORT_STATE && RTA_PAYLOAD(a) >= 1)
            li->brport_state = *(const uint8_t *)RTA_DATA(a);
}

static void take_linkinfo(const struct rtattr *info, link_info *li)
{
    int len = (int)RTA_PAYLOAD(info);
    int bridge_port = 0;
    const struct rtattr *slave_data = NULL;
    for (const struct rtattr *a = RTA_DATA(info); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
        if (a->rta_type == IFLA_INFO_SLAVE_KIND && RTA_PAYLOAD(a) >= 6 && !memcmp(RTA_DATA(a), "bridge", 6))
            bridge_port = 1;
        else if (a->rta_type == IFLA_INFO_SLAVE_DATA)
            slave_data = a;
    }
    if (bridge_port && slave_data)
        take_brport(slave_data, li);
}

static int take_link(const struct nlmsghdr *h, void *arg)
{
    link_info *li = arg;
    if (h->nlmsg_type != RTM_NEWLINK || h->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg)))
        return 0;
    const struct ifinfomsg *ii = NLMSG_DATA(h);
    li->seen = 1;
    li->flags = ii->ifi_flags;
    int len = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof *ii));
    for (const struct rtattr *a = IFLA_RTA(ii); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
        size_t n = RTA_PAYLOAD(a);
        switch (a->rta_type) {
        case IFLA_QDISC:
            li->qdisc_active = n > 0 && strncmp(RTA_DATA(a), "noop", n < 5 ? n : 5) != 0;
            break;
        case IFLA_OPERSTATE:
            if (n >= 1)
                li->operstate = *(const uint8_t *)RTA_DATA(a);
            break;
        case IFLA_LINK:
            if (n >= 4)
                memcpy(&li->link, RTA_DATA(a), 4);
            break;
        case IFLA_LINK_NETNSID:
            if (n >= 4)
                memcpy(&li->link_nsid, RTA_DATA(a), 4);
            break;
        case IFLA_LINKINFO:
            take_linkinfo(a, li);
            break;
        }
    }
    return 0;
}

/* RTM_GETLINK of ifindex, in the namespace with id nsid (-1: this one). */
static int get_link(int nl, int ifindex, int nsid, link_info *li)
{
    struct {
        struct nlmsghdr h;
        struct ifinfomsg i;
        char attrs[16];
    } req;
    memset(&req, 0, sizeof req);
    memset(li, 0, sizeof *li);
    li->operstate = li->link_nsid = li->brport_state = -1;
    req.h.nlmsg_len = NLMSG_LENGTH(sizeof req.i);
    req.h.nlmsg_type = RTM_GETLINK;
    req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    req.i.ifi_family = AF_UNSPEC;
    req.i.ifi_index = ifindex;
    if (nsid >= 0) {
        struct rtattr *a = (struct rtattr *)req.attrs;
        a->rta_type = IFLA_TARGET_NETNSID;
        a->rta_len = (unsigned short)RTA_LENGTH(4);
        memcpy(RTA_DATA(a), &nsid, 4);
        req.h.nlmsg_len += RTA_ALIGN(a->rta_len);
    }
    if (talk(nl, &req.h, take_link, li) < 0)
        return -1;
    if (!li->seen) {
        errno = ENODEV;
        return -1;
    }
    return 0;
}

/* 1 if a frame sent on ifindex now reaches the other end, 0 not yet.
 * IFF_RUNNING alone was not enough, twice:
 *  - the kernel's link watch sets the operational state before it activates
 *    the queueing discipline; until then a frame is dropped by the noop qdisc
 *    (CI's run of caadfc8: ha-home-binding-returnhome-5 got no BA);
 *  - the veth's peer (r's port of the home bridge) gets its carrier in the
 *    same instant but is made a forwarding bridge port by r's link watch, a
 *    moment later; until then the bridge drops what arrives on it (CI's runs
 *    of 43853c3 and 77f6692, ha-home-binding-returnhome-5-bulk: the BU never
 *    reached the home agent).
 * A peer this kernel will not describe is taken as ready. */
static int link_ready(int nl, int ifindex)
{
    link_info me, peer;
    if (get_link(nl, ifindex, -1, &me) < 0)
        return -1;
    if (!(me.flags & IFF_RUNNING) || !me.qdisc_active)
        return 0;
    if (me.link <= 0 || (me.link == ifindex && me.link_nsid < 0))
        return 1;
    if (get_link(nl, me.link, me.link_nsid, &peer) < 0)
        return 1;
    int peer_runs = peer.operstate < 0 ? (peer.flags & IFF_RUNNING) != 0
                                       : peer.operstate == OPER_UP || peer.operstate == OPER_UNKNOWN;
    return peer_runs && (peer.brport_state < 0 || peer.brport_state == BR_STATE_FORWARDING);
}

static uint64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

int nsr_link_up(const char *ifname, unsigned limit_ms)
{
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    if (strlen(ifname) >= sizeof ifr.ifr_name) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(ifr.ifr_name, ifname, strlen(ifname));
    int sk = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sk < 0)
        return -1;
    if (ioctl(sk, SIOCGIFFLAGS, &ifr) < 0 || (ifr.ifr_flags & IFF_UP)) {
        close(sk);
        return 0; /* up already (or not ours to judge: opening its capture names what is wrong) */
    }
    int ifindex = (int)if_nametoindex(ifname);
    int q = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    /* subscribed before the change, so that no notification is missed; the
     * peer's changes happen in its own namespace, hence all namespaces */
    int ev = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);
    struct sockaddr_nl sa = {.nl_family = AF_NETLINK, .nl_groups = RTMGRP_LINK};
    int on = 1;
    if (ev >= 0 && bind(ev, (struct sockaddr *)&sa, sizeof sa) < 0) {
        close(ev);
        ev = -1;
    }
    if (ev >= 0)
        setsockopt(ev, SOL_NETLINK, NETLINK_LISTEN_ALL_NSID, &on, sizeof on);
    ifr.ifr_flags |= IFF_UP;
    int rc = ioctl(sk, SIOCSIFFLAGS, &ifr) < 0 ? -1 : 1;
    uint64_t deadline = mono_ms() + limit_ms;
    while (rc > 0) {
        int ready = q >= 0 && ifindex > 0 ? link_ready(q, ifindex) : -1;
        if (ready < 0 && ioctl(sk, SIOCGIFFLAGS, &ifr) < 0) {
            rc = -1;
        } else if (ready > 0 || (ready < 0 && (ifr.ifr_flags & IFF_RUNNING))) {
            rc = 0;
        } else {
            uint64_t now = mono_ms();
            if (now >= deadline) {
                errno = ETIMEDOUT;
                rc = -1;
                break;
            }
            /* woken by the next link notification; looked at again after
             * 10 ms all the same, in case a change came without one (a
             * kernel that does not pass on other namespaces' notifications) */
            unsigned wait = (unsigned)(deadline - now) < 10 ? (unsigned)(deadline - now) : 10;
            struct pollfd pf = {.fd = ev, .events = POLLIN};
            poll(ev >= 0 ? &pf : NULL, ev >= 0 ? 1 : 0, (int)wait);
            char buf[8192];
            while (ev >= 0 && recv(ev, buf, sizeof buf, 0) > 0)
                ;
        }
    }
    int keep = errno;
    if (ev >= 0)
        close(ev);
    if (q >= 0)
        close(q);
    close(sk);
    errno = keep;
    return rc;
}
