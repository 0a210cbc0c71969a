/* link_up_probe NS_SEND IF_SEND NS_RECV IF_RECV N
 *
 * N times: sets IF_SEND (in namespace NS_SEND) down, brings it up with
 * nsr_link_up (harness/node/nsreset.c, what the runner does when a test
 * uses a link the topology leaves down), sends one broadcast frame on it at
 * once, and waits (poll, at most 1 s) for that frame on IF_RECV in NS_RECV,
 * across the bridge the two links' peers are ports of.  Prints how many
 * arrived; exit 0 only if all did.
 *
 * Why: a test's first frame on a link just brought up was lost now and then
 * (CI's runs of caadfc8, 43853c3, 77f6692) because the link ran before its
 * veth peer was a forwarding port of the bridge; with the readiness check
 * of 77f6692 this probe saw 298 or 299 of 300 frames arrive (6 runs of 6). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "nsreset.h"

enum { PROBE_ETHERTYPE = 0x88b5 }; /* IEEE 802 local experimental */

static int enter(const char *ns)
{
    char path[256];
    snprintf(path, sizeof path, "/run/netns/%s", ns);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || setns(fd, CLONE_NEWNET) < 0) {
        fprintf(stderr, "link_up_probe: namespace %s: %s\n", ns, strerror(errno));
        return -1;
    }
    close(fd);
    return 0;
}

static int packet_socket(const char *ifname, struct sockaddr_ll *ll)
{
    int s = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(PROBE_ETHERTYPE));
    memset(ll, 0, sizeof *ll);
    ll->sll_family = AF_PACKET;
    ll->sll_protocol = htons(PROBE_ETHERTYPE);
    ll->sll_ifindex = (int)if_nametoindex(ifname);
    ll->sll_halen = 6;
    memset(ll->sll_addr, 0xff, 6);
    if (s < 0 || !ll->sll_ifindex || bind(s, (struct sockaddr *)ll, sizeof *ll) < 0) {
        fprintf(stderr, "link_up_probe: packet socket on %s: %s\n", ifname, strerror(errno));
        return -1;
    }
    return s;
}

/* 1 if frame number seq arrived within 1 s, 0 if not, -1 on error */
static int await(int rx, uint32_t seq)
{
    for (;;) {
        struct pollfd pf = {.fd = rx, .events = POLLIN};
        int r = poll(&pf, 1, 1000);
        if (r <= 0)
            return r < 0 && errno != EINTR ? -1 : 0;
        unsigned char buf[128];
        ssize_t n = recv(rx, buf, sizeof buf, 0);
        uint32_t got;
        if (n >= 18) {
            memcpy(&got, buf + 14, 4);
            if (ntohl(got) == seq)
                return 1;
        }
    }
}

int main(int argc, char **argv)
{
    if (argc != 6 || atoi(argv[5]) <= 0) {
        fprintf(stderr, "usage: link_up_probe NS_SEND IF_SEND NS_RECV IF_RECV N\n");
        return 2;
    }
    const char *sif = argv[2];
    int n = atoi(argv[5]);
    struct sockaddr_ll rll, sll;
    int rx;
    if (enter(argv[3]) < 0 || (rx = packet_socket(argv[4], &rll)) < 0 || enter(argv[1]) < 0)
        return 2;
    unsigned char frame[60] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 0x10,
                               PROBE_ETHERTYPE >> 8, PROBE_ETHERTYPE & 0xff};
    int arrived = 0;
    for (int i = 0; i < n; i++) {
        if (nsr_link_down(sif) < 0 || nsr_link_up(sif, 2000) < 0) {
            fprintf(stderr, "link_up_probe: %s did not come up (round %d): %s\n", sif, i, strerror(errno));
            return 2;
        }
        /* opened on the link just up, as the runner opens its capture (a
         * socket bound before keeps the link's going down as its error) */
        int tx = packet_socket(sif, &sll);
        if (tx < 0)
            return 2;
        uint32_t seq = htonl((uint32_t)i);
        memcpy(frame + 14, &seq, 4);
        if (sendto(tx, frame, sizeof frame, 0, (struct sockaddr *)&sll, sizeof sll) != (ssize_t)sizeof frame) {
            fprintf(stderr, "link_up_probe: send on %s: %s\n", sif, strerror(errno));
            return 2;
        }
        close(tx);
        int r = await(rx, (uint32_t)i);
        if (r < 0)
            return 2;
        arrived += r;
    }
    printf("%d of %d frames sent at once on %s after it came up arrived on %s\n", arrived, n, sif, argv[4]);
    return arrived == n ? 0 : 1;
}
