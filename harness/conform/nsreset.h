/* Between two tests in kept namespaces (env_reset): what `ip neigh flush all`
 * and `ip link set dev IF down` do, done over rtnetlink and ioctl in the
 * calling thread's current network namespace, without starting a process. */
#ifndef MCOA_NSRESET_H
#define MCOA_NSRESET_H

/* Deletes every neighbour cache entry (IPv4 and IPv6) but the permanent and
 * NOARP ones, as `ip neigh flush all`.  0, or -1 (errno). */
int nsr_neigh_flush(void);
/* Sets interface ifname down.  0, or -1 (errno). */
int nsr_link_down(const char *ifname);

#endif
