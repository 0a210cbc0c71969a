/* Links and neighbour caches, handled over rtnetlink and ioctl in the
 * calling thread's current network namespace without starting a process:
 * between two tests in kept namespaces (the runner's env_reset), what
 * `ip neigh flush all` and `ip link set dev IF down` do; when a test uses a
 * link the topology left down, or the reference mobile node returns to its
 * home link (mcoa-mn's return-home), bringing it up and waiting until a
 * frame sent on it reaches the other end; and the home address the
 * reference mobile node configures or removes as it may or may not defend
 * it (RFC 5648 5.6.3), without a shell and an `ip` per change. */
#ifndef MCOA_NSRESET_H
#define MCOA_NSRESET_H

/* Deletes every neighbour cache entry (IPv4 and IPv6) but the permanent and
 * NOARP ones, as `ip neigh flush all`.  0, or -1 (errno). */
int nsr_neigh_flush(void);
/* Sets interface ifname down.  0, or -1 (errno). */
int nsr_link_down(const char *ifname);
/* Sets interface ifname up if it is down, and returns once a frame sent on
 * it is delivered: it runs, its queueing discipline is active, and the
 * other end (a veth's peer, possibly in another namespace) runs too and,
 * if it is a bridge port, forwards.  At most limit_ms.  0 (also when it was
 * up already), or -1 (errno; ETIMEDOUT when it did not become ready). */
int nsr_link_up(const char *ifname, unsigned limit_ms);

/* Adds (replacing an existing one, without Duplicate Address Detection:
 * `ip -6 addr replace ADDR/PLEN dev IF nodad`) or deletes (`ip -6 addr
 * del`) the IPv6 address addr/plen of interface ifname.  0, or -1 (errno;
 * deleting an address the interface does not have: EADDRNOTAVAIL). */
int nsr_addr6(const char *ifname, const unsigned char addr[16], unsigned plen, int add);

#endif
