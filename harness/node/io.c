/*
 * io.c - packet I/O and event loop of the reference nodes (see io.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <libnet.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <nftables/libnftables.h>
#include <net/if.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "io.h"
#include "mcoa/craft.h"

static volatile sig_atomic_t g_signalled;
static void on_signal(int sig) { g_signalled = sig; }

uint64_t mc_io_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

int mc_io_init(mc_io *io, mc_err *e)
{
    memset(io, 0, sizeof *io);
    io->ctl_fd = -1;
    io->scratch = malloc(sizeof *io->scratch);
    if (!io->scratch) {
        mc_err_set(e, -1, "out of memory");
        return -1;
    }
    char errbuf[LIBNET_ERRBUF_SIZE];
    io->raw6 = libnet_init(LIBNET_RAW6_ADV, NULL, errbuf);
    if (!io->raw6) {
        mc_err_set(e, -1, "raw IPv6 socket: %s", errbuf);
        return -1;
    }
    mc_fd_cloexec(NULL, io->raw6);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    return 0;
}

static void if_mac(const char *name, uint8_t mac[6])
{
    struct ifreq ifr;
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    memset(mac, 0, 6);
    if (s < 0)
        return;
    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", name);
    if (ioctl(s, SIOCGIFHWADDR, &ifr) == 0)
        memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
    close(s);
}

/* A capture ready to read: immediate mode, inbound only, non-blocking,
 * close-on-exec.  NULL with the reason in errbuf. */
static pcap_t *open_capture(const char *name, int ring_bytes, char errbuf[PCAP_ERRBUF_SIZE])
{
    pcap_t *pc = pcap_create(name, errbuf);
    if (!pc)
        return NULL;
    /* Immediate mode for latency, and a ring that holds bursts: with
     * TPACKET each slot is sized for the snaplen, so a 64 KiB snaplen on a
     * veth leaves room for ~30 frames in the default 4 MiB.  Frames here are
     * at most an Ethernet MTU; 16 MiB of 2 KiB slots hold ~8000. */
    pcap_set_snaplen(pc, MC_IO_SNAPLEN);
    pcap_set_buffer_size(pc, ring_bytes);
    pcap_set_immediate_mode(pc, 1);
    pcap_set_promisc(pc, 1);
    if (pcap_activate(pc) < 0) {
        snprintf(errbuf, PCAP_ERRBUF_SIZE, "%s", pcap_geterr(pc));
        pcap_close(pc);
        return NULL;
    }
    mc_fd_cloexec(pc, NULL);
    /* our own transmissions are not input */
    pcap_setdirection(pc, PCAP_D_IN);
    if (pcap_setnonblock(pc, 1, errbuf) < 0) {
        pcap_close(pc);
        return NULL;
    }
    return pc;
}

struct prepare_job {
    const char *name;
    int ring_bytes;
    pcap_t *pc;
};

static void *prepare_one(void *p)
{
    struct prepare_job *j = p;
    char errbuf[PCAP_ERRBUF_SIZE] = "";
    j->pc = open_capture(j->name, j->ring_bytes, errbuf);
    return NULL;
}

void mc_io_prepare_ifs(mc_io *io, const char *const *names, int n)
{
    struct prepare_job jobs[MC_IO_MAX_IFS];
    pthread_t th[MC_IO_MAX_IFS];
    int started[MC_IO_MAX_IFS] = {0};
    int ring = io->ring_bytes ? (int)io->ring_bytes : MC_IO_RING_BYTES;
    if (n > MC_IO_MAX_IFS)
        n = MC_IO_MAX_IFS;
    for (int i = 0; i < n; i++) {
        jobs[i] = (struct prepare_job){names[i], ring, NULL};
        started[i] = pthread_create(&th[i], NULL, prepare_one, &jobs[i]) == 0;
    }
    for (int i = 0; i < n; i++) {
        if (started[i])
            pthread_join(th[i], NULL);
        for (int k = 0; jobs[i].pc && k < MC_IO_MAX_IFS; k++)
            if (!io->stash[k]) {
                io->stash[k] = jobs[i].pc;
                snprintf(io->stash_name[k], sizeof io->stash_name[k], "%s", names[i]);
                jobs[i].pc = NULL;
            }
        if (jobs[i].pc)
            pcap_close(jobs[i].pc);
    }
}

int mc_io_add_if(mc_io *io, const char *name, mc_err *e)
{
    char errbuf[PCAP_ERRBUF_SIZE] = "";
    if (io->nifs >= MC_IO_MAX_IFS) {
        mc_err_set(e, -1, "too many interfaces (at most %d)", MC_IO_MAX_IFS);
        return -1;
    }
    if (if_nametoindex(name) == 0) {
        mc_err_set(e, -1, "interface %s: no such interface", name);
        return -1;
    }
    pcap_t *pc = NULL;
    for (int k = 0; k < MC_IO_MAX_IFS && !pc; k++)
        if (io->stash[k] && !strcmp(io->stash_name[k], name)) {
            pc = io->stash[k];
            io->stash[k] = NULL;
        }
    if (!pc && !(pc = open_capture(name, io->ring_bytes ? (int)io->ring_bytes : MC_IO_RING_BYTES, errbuf))) {
        mc_err_set(e, -1, "interface %s: %s", name, errbuf);
        return -1;
    }
    mc_io_if *f = &io->ifs[io->nifs++];
    snprintf(f->name, sizeof f->name, "%s", name);
    f->pc = pc;
    f->fd = pcap_get_selectable_fd(pc);
    f->linktype = pcap_datalink(pc);
    if_mac(name, f->mac);
    return io->nifs - 1;
}

int mc_io_if_index(const mc_io *io, const char *name)
{
    for (int i = 0; i < io->nifs; i++)
        if (strcmp(io->ifs[i].name, name) == 0)
            return i;
    return -1;
}

/* nftables through libnftables, in this process: `nft -f -` cost a process
 * (about 20 ms) for every home address the home agent starts or stops
 * intercepting, before its BA could go. */
static int nft_run(const char *script)
{
    static struct nft_ctx *ctx;
    if (!ctx && !(ctx = nft_ctx_new(NFT_CTX_DEFAULT)))
        return -1;
    nft_ctx_buffer_error(ctx);
    int rc = nft_run_cmd_from_buffer(ctx, script);
    const char *why = nft_ctx_get_error_buffer(ctx);
    if (rc != 0 && why && *why)
        fprintf(stderr, "nft: %s", why);
    nft_ctx_unbuffer_error(ctx);
    return rc == 0 ? 0 : -1;
}

/* RFC 6275 10.4.1: proxy Neighbor Discovery for a home address, what `ip
 * -6 neigh replace proxy ADDR dev IF` (or `del`) does, over rtnetlink in
 * this process rather than a shell and ip per binding. */
int mc_io_proxy_nd(const char *ifname, const uint8_t addr[16], int add)
{
    struct {
        struct nlmsghdr n;
        struct ndmsg nd;
        struct rtattr dst;
        uint8_t addr[16];
    } req;
    memset(&req, 0, sizeof req);
    req.n.nlmsg_len = sizeof req;
    req.n.nlmsg_type = add ? RTM_NEWNEIGH : RTM_DELNEIGH;
    req.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_REPLACE : 0);
    req.n.nlmsg_seq = 1;
    req.nd.ndm_family = AF_INET6;
    req.nd.ndm_ifindex = (int)if_nametoindex(ifname);
    req.nd.ndm_flags = NTF_PROXY;
    req.nd.ndm_state = NUD_PERMANENT;
    req.dst.rta_type = NDA_DST;
    req.dst.rta_len = RTA_LENGTH(16);
    memcpy(req.addr, addr, 16);
    if (!req.nd.ndm_ifindex)
        return -1;
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0)
        return -1;
    struct sockaddr_nl k = {.nl_family = AF_NETLINK};
    int rc = -1;
    union {
        struct nlmsghdr n;
        char buf[512];
    } ack;
    if (sendto(fd, &req, sizeof req, 0, (struct sockaddr *)&k, sizeof k) == (ssize_t)sizeof req) {
        ssize_t n = recv(fd, &ack, sizeof ack, 0);
        if (n >= (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)) && ack.n.nlmsg_type == NLMSG_ERROR) {
            const struct nlmsgerr *err = NLMSG_DATA(&ack.n);
            rc = err->error == 0 ? 0 : -1;
            if (rc < 0)
                errno = -err->error;
        }
    }
    close(fd);
    return rc;
}

int mc_io_nft_guard(mc_io *io, const char *role, mc_err *e)
{
    char script[1024];
    snprintf(io->nft_table, sizeof io->nft_table, "mcoa_%s_%ld", role, (long)getpid());
    snprintf(script, sizeof script,
             "table inet %s {\n"
             "  set intercept { type ipv6_addr; }\n"
             "  chain pre {\n"
             "    type filter hook prerouting priority raw; policy accept;\n"
             /* Mobility Header (135, and 62 of the drafts), IPv6-in-IPv6 and IPv4-in-IPv6 */
             "    meta nfproto ipv6 meta l4proto { 135, 62, 41, 4 } drop\n"
             "    exthdr dst exists drop\n"  /* Home Address option */
             "    rt type 2 drop\n"          /* Type 2 Routing Header */
             "    ip6 daddr @intercept drop\n" /* home addresses the HA intercepts */
             "    udp dport %d drop\n"       /* RFC 5555 UDP encapsulation */
             "  }\n"
             "}\n",
             io->nft_table, MC_UDP_PORT_DSMIP6);
    if (nft_run(script) < 0) {
        mc_err_set(e, -1, "nft: could not install table %s (is nftables installed, are we root?)", io->nft_table);
        io->nft_table[0] = 0;
        return -1;
    }
    return 0;
}

int mc_io_nft_intercept(mc_io *io, const uint8_t addr[16], int add)
{
    if (!io->nft_table[0])
        return -1;
    char a[INET6_ADDRSTRLEN], cmd[256];
    inet_ntop(AF_INET6, addr, a, sizeof a);
    snprintf(cmd, sizeof cmd, "%s element inet %s intercept { %s }\n", add ? "add" : "delete", io->nft_table, a);
    return nft_run(cmd);
}

int mc_io_ctl_listen(mc_io *io, const char *path, mc_err *e)
{
    struct sockaddr_un sa;
    if (strlen(path) >= sizeof sa.sun_path) {
        mc_err_set(e, -1, "control socket path too long: %s", path);
        return -1;
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        mc_err_set(e, -1, "control socket: %s", strerror(errno));
        return -1;
    }
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
    unlink(path);
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(fd, 8) < 0) {
        mc_err_set(e, -1, "control socket %s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    io->ctl_fd = fd;
    snprintf(io->ctl_path, sizeof io->ctl_path, "%s", path);
    return 0;
}

int mc_io_send(mc_io *io, mc_pkt *p, int ifidx, mc_err *e)
{
    static uint8_t frame[MC_FRAME_MAX];
    size_t n = 0;
    if (mc_build(p, frame, sizeof frame, &n, e) < 0) {
        io->tx_err++;
        return -1;
    }
    int rc;
    if (p->nlayers && p->l[0].kind == MC_LK_ETH) {
        if (ifidx < 0 || ifidx >= io->nifs) {
            mc_err_set(e, -1, "link-layer frame without an interface");
            io->tx_err++;
            return -1;
        }
        rc = pcap_inject(io->ifs[ifidx].pc, frame, n) == (int)n ? 0 : -1;
        if (rc < 0)
            mc_err_set(e, -1, "%s: %s", io->ifs[ifidx].name, pcap_geterr(io->ifs[ifidx].pc));
    } else if (p->nlayers && p->l[0].kind == MC_LK_IPV4) {
        /* only IPv4 care-of addresses (RFC 5555) need it: made on first use,
         * as libnet takes milliseconds to open one (it probes SO_SNDBUF) */
        char errbuf[LIBNET_ERRBUF_SIZE] = "";
        if (!io->raw4 && (io->raw4 = libnet_init(LIBNET_RAW4_ADV, NULL, errbuf)) != NULL)
            mc_fd_cloexec(NULL, io->raw4);
        rc = io->raw4 && libnet_adv_write_raw_ipv4(io->raw4, frame, (uint32_t)n) == (int)n ? 0 : -1;
        if (rc < 0)
            mc_err_set(e, -1, "raw IPv4 send: %s", io->raw4 ? libnet_geterror(io->raw4) : errbuf);
    } else {
        rc = libnet_write_raw_ipv6(io->raw6, frame, (uint32_t)n) == (int)n ? 0 : -1;
        if (rc < 0)
            mc_err_set(e, -1, "raw IPv6 send: %s", libnet_geterror(io->raw6));
    }
    if (rc < 0)
        io->tx_err++;
    else
        io->tx++;
    return rc;
}

/* One command per connection: read a line, answer, close.  Commands are
 * short and the nodes are test fixtures, so the blocking read is bounded
 * by a receive timeout rather than by a state machine. */
static void drain_if(mc_io *io, int i)
{
    struct pcap_pkthdr *h;
    const u_char *data;
    int budget = 256; /* keep the loop fair between interfaces */
    while (budget-- > 0 && pcap_next_ex(io->ifs[i].pc, &h, &data) == 1) {
        io->rx++;
        int lt = io->ifs[i].linktype == DLT_EN10MB ? MC_LINKTYPE_ETHERNET : io->ifs[i].linktype;
        mc_dissect(data, h->caplen, h->len, lt, io->scratch);
        if (io->on_rx)
            io->on_rx(io->ctx, i, io->scratch, data, h->caplen);
    }
}

static void serve_ctl(mc_io *io)
{
    int c = accept(io->ctl_fd, NULL, NULL);
    if (c < 0)
        return;
    struct timeval tv = {1, 0};
    setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char line[1024];
    size_t n = 0;
    while (n + 1 < sizeof line) {
        ssize_t r = read(c, line + n, sizeof line - 1 - n);
        if (r <= 0)
            break;
        n += (size_t)r;
        if (memchr(line, '\n', n))
            break;
    }
    line[n] = 0;
    char *nl = strchr(line, '\n');
    if (nl)
        *nl = 0;
    mc_outbuf reply;
    mc_out_init(&reply, NULL);
    /* Frames that reached the interfaces before the command are taken
     * first: a tester that sends a BA and then a command means this order,
     * and the command's poll round may have found the command alone. */
    for (int i = 0; i < io->nifs; i++)
        drain_if(io, i);
    if (io->on_ctl)
        io->on_ctl(io->ctx, line, &reply);
    if (reply.len && write(c, reply.buf, reply.len) < 0) {
        /* the client went away: nothing to do */
    }
    mc_out_free(&reply);
    close(c);
}

int mc_io_run(mc_io *io)
{
    struct pollfd pf[MC_IO_MAX_IFS + 1];
    uint64_t next_tick = mc_io_now_ms();
    while (!io->stop && !g_signalled) {
        int n = 0;
        for (int i = 0; i < io->nifs; i++)
            pf[n++] = (struct pollfd){io->ifs[i].fd, POLLIN, 0};
        if (io->ctl_fd >= 0)
            pf[n++] = (struct pollfd){io->ctl_fd, POLLIN, 0};
        uint64_t now = mc_io_now_ms();
        int wait = next_tick > now ? (int)(next_tick - now) : 0;
        int r = poll(pf, (nfds_t)n, wait);
        if (r < 0 && errno != EINTR)
            return -1;
        for (int i = 0; i < io->nifs; i++)
            if (pf[i].revents & POLLIN)
                drain_if(io, i);
        if (io->ctl_fd >= 0 && (pf[n - 1].revents & POLLIN))
            serve_ctl(io);
        now = mc_io_now_ms();
        if (now >= next_tick) {
            if (io->on_tick)
                io->on_tick(io->ctx, now);
            next_tick = now + 100;
        }
    }
    return 0;
}

/* Closing an AF_PACKET socket waits for an RCU grace period (the kernel's
 * packet_release() calls synchronize_net()): 15 to 30 ms each here.  Closed
 * one after the other, a node's captures and then the tester's cost about
 * 100 ms at the end of every test; closed from a thread each, the waits
 * overlap. */
static void *close_one(void *pc)
{
    pcap_close(pc);
    return NULL;
}

void mc_pcap_close_all(pcap_t *const *pcs, int n)
{
    pthread_t th[16];
    int started[16] = {0};
    for (int i = 0; i < n; i++) {
        if (!pcs[i])
            continue;
        /* the last one, and any past the table or without a thread, here */
        if (i < n - 1 && i < 16 && pthread_create(&th[i], NULL, close_one, pcs[i]) == 0)
            started[i] = 1;
        else
            pcap_close(pcs[i]);
    }
    for (int i = 0; i < n && i < 16; i++)
        if (started[i])
            pthread_join(th[i], NULL);
}

void mc_fd_cloexec(pcap_t *pc, void *libnet_ctx)
{
    int fds[2] = {pc ? pcap_fileno(pc) : -1, libnet_ctx ? libnet_getfd(libnet_ctx) : -1};
    for (int i = 0; i < 2; i++)
        if (fds[i] >= 0)
            fcntl(fds[i], F_SETFD, fcntl(fds[i], F_GETFD) | FD_CLOEXEC);
}

struct close_job {
    pcap_t *pcs[MC_IO_MAX_IFS];
    int n;
};

static void *close_job_run(void *p)
{
    struct close_job *j = p;
    mc_pcap_close_all(j->pcs, j->n);
    return NULL;
}

void mc_io_close(mc_io *io)
{
    /* the captures close in the background of the rest (the nft table) */
    struct close_job job = {.n = io->nifs};
    for (int i = 0; i < io->nifs; i++)
        job.pcs[i] = io->ifs[i].pc;
    for (int k = 0; k < MC_IO_MAX_IFS; k++)
        if (io->stash[k]) { /* prepared, never added */
            if (job.n < MC_IO_MAX_IFS)
                job.pcs[job.n++] = io->stash[k];
            else
                pcap_close(io->stash[k]);
            io->stash[k] = NULL;
        }
    pthread_t th;
    int bg = pthread_create(&th, NULL, close_job_run, &job) == 0;
    if (!bg)
        close_job_run(&job);
    io->nifs = 0;
    if (io->raw6)
        libnet_destroy(io->raw6);
    if (io->raw4)
        libnet_destroy(io->raw4);
    io->raw6 = io->raw4 = NULL;
    /* the nft table goes before the control socket: whoever waits for the
     * socket to disappear (mcoa-ctl quit, the tests) finds the node's
     * traces gone with it */
    if (io->nft_table[0]) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "delete table inet %s\n", io->nft_table);
        nft_run(cmd);
        io->nft_table[0] = 0;
    }
    if (io->ctl_fd >= 0) {
        close(io->ctl_fd);
        unlink(io->ctl_path);
        io->ctl_fd = -1;
    }
    if (bg)
        pthread_join(th, NULL);
    free(io->scratch);
    io->scratch = NULL;
}

int mc_ctl_request(const char *path, const char *cmd, FILE *out, mc_err *e)
{
    return mc_ctl_request_within(path, cmd, out, MC_CTL_TIMEOUT_MS, e);
}

int mc_ctl_request_within(const char *path, const char *cmd, FILE *out, unsigned timeout_ms, mc_err *e)
{
    struct sockaddr_un sa;
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || strlen(path) >= sizeof sa.sun_path) {
        mc_err_set(e, -1, "control socket %s: %s", path, fd < 0 ? strerror(errno) : "path too long");
        if (fd >= 0)
            close(fd);
        return -1;
    }
    struct timeval tv = {(time_t)(timeout_ms / 1000), (suseconds_t)(timeout_ms % 1000) * 1000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
        mc_err_set(e, -1, "control socket %s: %s (is the node running?)", path, strerror(errno));
        close(fd);
        return -1;
    }
    char line[1024];
    int n = snprintf(line, sizeof line, "%s\n", cmd);
    if (n < 0 || (size_t)n >= sizeof line || write(fd, line, (size_t)n) != n) {
        mc_err_set(e, -1, "control socket %s: could not send the command", path);
        close(fd);
        return -1;
    }
    char buf[4096];
    ssize_t r;
    while ((r = read(fd, buf, sizeof buf)) > 0)
        fwrite(buf, 1, (size_t)r, out);
    int err = errno;
    close(fd);
    if (r < 0) {
        mc_err_set(e, -1, "control socket %s: %s", path,
                   err == EAGAIN || err == EWOULDBLOCK ? "no answer in time (is the node hung?)" : strerror(err));
        return -1;
    }
    return 0;
}
