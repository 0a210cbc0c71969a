/*
 * capread.h - read capture files: classic pcap (either byte order,
 * microsecond or nanosecond timestamps) and pcapng with any number of
 * interfaces of different link types in one section (libpcap refuses
 * those), each packet with its own interface's link type.
 *
 * Records are read in large chunks into one buffer and handed out in
 * place: no copy, no allocation per packet.
 */
#ifndef MCOA_DISSECT_CAPREAD_H
#define MCOA_DISSECT_CAPREAD_H

#include <stddef.h>
#include <stdint.h>

typedef struct cr_pkt {
    const uint8_t *data; /* valid until the next cr_next */
    uint32_t caplen, len;
    int linktype;        /* LINKTYPE_ value of the packet's interface */
    int64_t sec;         /* timestamp, as libpcap gives it: seconds ... */
    uint32_t usec;       /* ... and microseconds (finer resolutions truncated) */
} cr_pkt;

typedef struct capread capread;

/* Open `path` ("-" = standard input).  NULL with `err` filled ("what:
 * why") when it cannot be opened or is not a capture file. */
capread *cr_open(const char *path, char *err, size_t errlen);
/* The next packet: 1, 0 at the end of the file, -1 on a damaged or cut
 * file (cr_error says what and at which byte). */
int cr_next(capread *r, cr_pkt *p);
const char *cr_error(const capread *r);
/* The link type of a classic pcap file, or of the first interface of a
 * pcapng file seen so far; -1 if none yet. */
int cr_linktype(const capread *r);
/* 1 when the file (the current pcapng section) is big-endian. */
int cr_bigendian(const capread *r);
void cr_close(capread *r);

#endif
