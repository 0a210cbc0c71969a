/* Resetting a kept namespace without a process per command.  A mutation run
 * resets the testers' namespaces before every one of thousands of tests; the
 * five `ip` processes (and a shell) that did it took about a fifth of the
 * machine's processor time. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
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
