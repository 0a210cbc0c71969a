/*
 * io.h - the reference nodes' packet I/O and event loop.
 *
 * The kernel here has no Mobile IPv6, so the nodes are userspace stacks:
 * they receive with libpcap (AF_PACKET sees frames before the kernel's IPv6
 * layer) and send with libnet (raw IPv6, so the kernel routes and resolves
 * neighbours) or, for frames that carry their own Ethernet header (the
 * mobile node at home without Neighbor Discovery, RFC 5648 5.6), on the link
 * directly.  An nftables table in the node's namespace drops, in prerouting
 * at priority raw, the packets the node handles (Mobility Header, Home
 * Address option, Type 2 Routing Header, tunnelled and UDP-encapsulated
 * traffic), so the kernel neither discards them noisily nor answers with
 * ICMP Parameter Problem; pcap still sees them.  The table is removed on exit.
 */
#ifndef MCOA_IO_H
#define MCOA_IO_H

#include <stdint.h>
#include <pcap/pcap.h>
#include "mcoa/dissect.h"

#define MC_IO_MAX_IFS 8
#define MC_IO_SNAPLEN 2048              /* an Ethernet MTU and headers; bigger frames are cut */
#define MC_IO_RING_BYTES (16 << 20)     /* capture ring per interface (default) */
/* A mobile or correspondent node answers one peer at a time; its rings are
 * smaller, because every ring costs start-up time (the kernel allocates
 * and clears it).  The home agent keeps 16 MiB for floods of Binding
 * Updates from many mobile nodes (bench/bench-ha-flood.sh). */
#define MC_IO_RING_BYTES_PEER (4 << 20)

typedef struct mc_io mc_io;
typedef struct mc_io_if {
    char name[32];
    pcap_t *pc;
    int fd;
    int linktype;
    uint8_t mac[6];
} mc_io_if;

/* Called for every frame received on an interface, already dissected. */
typedef void (*mc_io_rx_fn)(void *ctx, int ifidx, const mc_dissection *d, const uint8_t *frame, size_t len);
/* Called for each line received on the control socket; writes its reply. */
typedef void (*mc_io_ctl_fn)(void *ctx, const char *line, mc_outbuf *reply);
/* Called every tick (about 100 ms) with the monotonic time in ms. */
typedef void (*mc_io_tick_fn)(void *ctx, uint64_t now_ms);

struct mc_io {
    mc_io_if ifs[MC_IO_MAX_IFS];
    int nifs;
    void *raw6;            /* libnet_t, raw IPv6 */
    void *raw4;            /* libnet_t, raw IPv4 (RFC 5648 Section 8), made at the first IPv4 send */
    unsigned ring_bytes;   /* capture ring per interface; 0: MC_IO_RING_BYTES (set after mc_io_init) */
    pcap_t *stash[MC_IO_MAX_IFS];          /* opened ahead by mc_io_prepare_ifs, not added yet */
    char stash_name[MC_IO_MAX_IFS][32];
    int ctl_fd;            /* listening control socket, -1 if none */
    char ctl_path[108];
    char nft_table[64];    /* "" when no table was installed */
    mc_io_rx_fn on_rx;
    mc_io_ctl_fn on_ctl;
    mc_io_tick_fn on_tick;
    void *ctx;
    volatile int stop;
    uint64_t rx, tx, tx_err;
    mc_dissection *scratch;
};

int mc_io_init(mc_io *io, mc_err *e);
/* Open a capture on an interface (immediate mode, inbound only). */
int mc_io_add_if(mc_io *io, const char *name, mc_err *e);
/* Open the captures of these interfaces at once, ahead of mc_io_add_if
 * (which then takes them): each open waits on the kernel (ethtool queries,
 * the ring's allocation), about 20 ms, and a mobile node has four.  One that
 * fails here is opened again by mc_io_add_if, which reports the error. */
void mc_io_prepare_ifs(mc_io *io, const char *const *names, int n);
int mc_io_if_index(const mc_io *io, const char *name);
/* Install the nftables guard table for this node (name includes the pid). */
int mc_io_nft_guard(mc_io *io, const char *role, mc_err *e);
/* Add or remove an IPv6 destination the kernel must leave to us (the home
 * agent's intercepted home addresses, RFC 6275 10.4.1). */
int mc_io_nft_intercept(mc_io *io, const uint8_t addr[16], int add);
/* Proxy Neighbor Discovery for addr on ifname (RFC 6275 10.4.1), added
 * (replaced) or removed; -1 with errno when the kernel refused. */
int mc_io_proxy_nd(const char *ifname, const uint8_t addr[16], int add);
int mc_io_ctl_listen(mc_io *io, const char *path, mc_err *e);
/* Build and send a packet model: on `ifidx`'s link if it starts with an
 * Ethernet layer, else as raw IPv4/IPv6 through the kernel's routing. */
int mc_io_send(mc_io *io, mc_pkt *p, int ifidx, mc_err *e);
/* Run until mc_io_stop or SIGTERM/SIGINT. */
int mc_io_run(mc_io *io);
void mc_io_close(mc_io *io);
/* Closes n captures (NULL entries skipped) at once: see io.c. */
void mc_pcap_close_all(pcap_t *const *pcs, int n);

/* Marks the sockets of a capture and of a libnet context (either may be
 * NULL) close-on-exec.  libpcap and libnet open theirs without it, so every
 * program a node or the runner starts (nft, ip, an IUT command) would hold
 * them: the kernel releases a packet socket only after an RCU grace period,
 * and that wait then lands on the child's exit, tens of ms each. */
void mc_fd_cloexec(pcap_t *pc, void *libnet_ctx);
uint64_t mc_io_now_ms(void);

/* Client side of the control socket: send one command, print the reply.
 * A node that does not answer within timeout_ms (MC_CTL_TIMEOUT_MS for
 * mc_ctl_request) is an error, not a wait for ever: a hung node. */
#define MC_CTL_TIMEOUT_MS 10000
int mc_ctl_request(const char *path, const char *cmd, FILE *out, mc_err *e);
int mc_ctl_request_within(const char *path, const char *cmd, FILE *out, unsigned timeout_ms, mc_err *e);

#endif
