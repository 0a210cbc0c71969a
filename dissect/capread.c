/*
 * capread.c - classic pcap and pcapng reader (see capread.h).
 *
 * Formats: pcap-savefile(5) / draft-ietf-opsawg-pcap; pcapng:
 * draft-ietf-opsawg-pcapng (Section Header, Interface Description,
 * Enhanced / Simple / obsolete Packet blocks; every other block is
 * skipped).  Every length read from the file is checked against what the
 * file holds before it is used.
 */
#include "capread.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CR_CHUNK       (1u << 20)
#define CR_MAX_RECORD  (64u << 20) /* a block or record larger than this is damage, not a packet */
#define CR_MAX_IFACES  256
#define PCAP_MAX_SNAP  262144u     /* libpcap's largest snapshot length */

#define PCAPNG_SHB 0x0A0D0D0Au
#define PCAPNG_IDB 1u
#define PCAPNG_OPB 2u /* obsolete Packet Block */
#define PCAPNG_SPB 3u
#define PCAPNG_EPB 6u
#define PCAPNG_BOM 0x1A2B3C4Du

typedef struct iface {
    int linktype;
    uint64_t units;   /* timestamp units per second */
    int64_t offset;   /* if_tsoffset, seconds */
} iface;

struct capread {
    int fd;
    const char *path;
    uint8_t *buf;
    size_t cap, pos, end; /* unread bytes: buf[pos, end) */
    uint64_t consumed;    /* file offset of buf[0] */
    int eof;
    int ng;               /* pcapng */
    int swap;             /* file byte order differs from little-endian reading */
    int nsec;             /* classic pcap: nanosecond timestamps */
    int linktype;         /* classic pcap */
    uint32_t snaplen;
    uint64_t records;
    iface *ifs;
    size_t nifs;
    char err[300];
};

static void cr_err(capread *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void cr_err(capread *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err, sizeof r->err, fmt, ap);
    va_end(ap);
}

static uint16_t rd16(const capread *r, const uint8_t *p)
{
    return r->swap ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[1] << 8 | p[0]);
}

static uint32_t rd32(const capread *r, const uint8_t *p)
{
    return r->swap ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
                   : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* Make `n` bytes available at buf[pos]: 1, 0 when the file ends first
 * (r->end - r->pos bytes are there), -1 on a read error. */
static int fill(capread *r, size_t n)
{
    if (r->end - r->pos >= n)
        return 1;
    if (r->pos > 0) {
        memmove(r->buf, r->buf + r->pos, r->end - r->pos);
        r->consumed += r->pos;
        r->end -= r->pos;
        r->pos = 0;
    }
    if (n > r->cap) {
        size_t cap = r->cap;
        while (cap < n)
            cap *= 2;
        uint8_t *b = realloc(r->buf, cap);
        if (!b) {
            cr_err(r, "out of memory for a %zu-byte record", n);
            return -1;
        }
        r->buf = b;
        r->cap = cap;
    }
    while (r->end < n && !r->eof) {
        ssize_t k = read(r->fd, r->buf + r->end, r->cap - r->end);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            cr_err(r, "read error at byte %llu: %s", (unsigned long long)(r->consumed + r->end), strerror(errno));
            return -1;
        }
        if (k == 0)
            r->eof = 1;
        r->end += (size_t)k;
    }
    return r->end - r->pos >= n;
}

static uint64_t at(const capread *r) { return r->consumed + r->pos; }

/* ---- classic pcap ----------------------------------------------------------- */
static int open_classic(capread *r, const uint8_t *h)
{
    uint32_t magic = (uint32_t)h[0] | (uint32_t)h[1] << 8 | (uint32_t)h[2] << 16 | (uint32_t)h[3] << 24;
    r->swap = magic == 0xd4c3b2a1u || magic == 0x4d3cb2a1u;
    r->nsec = magic == 0xa1b23c4du || magic == 0x4d3cb2a1u;
    uint16_t major = rd16(r, h + 4);
    if (major != 2) {
        cr_err(r, "pcap file version %u.%u not supported", major, rd16(r, h + 6));
        return -1;
    }
    /* as libpcap: a snapshot length of 0 or beyond the largest means the largest */
    r->snaplen = rd32(r, h + 16);
    if (r->snaplen == 0 || r->snaplen > PCAP_MAX_SNAP)
        r->snaplen = PCAP_MAX_SNAP;
    r->linktype = (int)(rd32(r, h + 20) & 0x03ffffffu); /* upper bits: FCS length */
    r->pos += 24;
    return 0;
}

static int next_classic(capread *r, cr_pkt *p)
{
    int f = fill(r, 16);
    if (f < 0)
        return -1;
    if (!f) {
        if (r->end == r->pos)
            return 0;
        cr_err(r, "truncated capture: record %llu at byte %llu has %zu of its 16 header bytes",
               (unsigned long long)r->records + 1, (unsigned long long)at(r), r->end - r->pos);
        return -1;
    }
    const uint8_t *h = r->buf + r->pos;
    uint32_t sec = rd32(r, h), frac = rd32(r, h + 4), caplen = rd32(r, h + 8), len = rd32(r, h + 12);
    if (caplen > PCAP_MAX_SNAP) {
        cr_err(r, "record %llu at byte %llu: captured length %u is larger than the largest snapshot length %u",
               (unsigned long long)r->records + 1, (unsigned long long)at(r), caplen, PCAP_MAX_SNAP);
        return -1;
    }
    f = fill(r, 16 + (size_t)caplen);
    if (f < 0)
        return -1;
    if (!f) {
        cr_err(r, "truncated capture: record %llu at byte %llu needs %u bytes, %zu present",
               (unsigned long long)r->records + 1, (unsigned long long)at(r), 16 + caplen, r->end - r->pos);
        return -1;
    }
    p->data = r->buf + r->pos + 16;
    /* as libpcap: a record longer than the file's snapshot length is cut to it */
    p->caplen = caplen > r->snaplen ? r->snaplen : caplen;
    p->len = len;
    p->linktype = r->linktype;
    p->sec = sec;
    p->usec = r->nsec ? frac / 1000 : frac;
    r->pos += 16 + (size_t)caplen;
    r->records++;
    return 1;
}

/* ---- pcapng ----------------------------------------------------------------- */

/* One block at buf[pos]: its type and total length, the whole block
 * buffered.  1, 0 at a clean end of file, -1 on damage. */
static int ng_block(capread *r, uint32_t *type, uint32_t *blen)
{
    int f = fill(r, 12);
    if (f < 0)
        return -1;
    if (!f) {
        if (r->end == r->pos)
            return 0;
        cr_err(r, "truncated capture: block at byte %llu has %zu of its 12 framing bytes", (unsigned long long)at(r),
               r->end - r->pos);
        return -1;
    }
    const uint8_t *h = r->buf + r->pos;
    *type = rd32(r, h);
    if (*type == PCAPNG_SHB) { /* a new section may change the byte order */
        uint32_t bom = (uint32_t)h[8] | (uint32_t)h[9] << 8 | (uint32_t)h[10] << 16 | (uint32_t)h[11] << 24;
        if (bom != PCAPNG_BOM && bom != 0x4D3C2B1Au) {
            cr_err(r, "section header at byte %llu: bad byte-order magic 0x%08x", (unsigned long long)at(r), bom);
            return -1;
        }
        r->swap = bom == 0x4D3C2B1Au;
    }
    *blen = rd32(r, h + 4);
    if (*blen < 12 || *blen % 4 || *blen > CR_MAX_RECORD) {
        cr_err(r, "block type %u at byte %llu: bad total length %u", *type, (unsigned long long)at(r), *blen);
        return -1;
    }
    f = fill(r, *blen);
    if (f < 0)
        return -1;
    if (!f) {
        cr_err(r, "truncated capture: block type %u at byte %llu needs %u bytes, %zu present", *type,
               (unsigned long long)at(r), *blen, r->end - r->pos);
        return -1;
    }
    if (rd32(r, r->buf + r->pos + *blen - 4) != *blen) {
        cr_err(r, "block type %u at byte %llu: trailing length differs from %u", *type, (unsigned long long)at(r),
               *blen);
        return -1;
    }
    return 1;
}

static int ng_idb(capread *r, const uint8_t *b, uint32_t blen)
{
    if (blen < 20) {
        cr_err(r, "interface description at byte %llu: %u bytes, at least 20 needed", (unsigned long long)at(r), blen);
        return -1;
    }
    if (r->nifs == CR_MAX_IFACES) {
        cr_err(r, "interface description at byte %llu: more than %d interfaces", (unsigned long long)at(r),
               CR_MAX_IFACES);
        return -1;
    }
    iface *f = &r->ifs[r->nifs];
    f->linktype = rd16(r, b + 8);
    f->units = 1000000;
    f->offset = 0;
    /* options: code, length, value padded to 4 */
    size_t o = 16, end = blen - 4;
    while (o + 4 <= end) {
        uint16_t code = rd16(r, b + o), olen = rd16(r, b + o + 2);
        if (code == 0 || o + 4 + olen > end)
            break;
        const uint8_t *v = b + o + 4;
        if (code == 9 && olen >= 1) { /* if_tsresol */
            unsigned e = v[0] & 0x7f;
            uint64_t u = 1;
            if (v[0] & 0x80) {
                if (e > 63) {
                    cr_err(r, "interface %zu: timestamp resolution 2^-%u not supported", r->nifs, e);
                    return -1;
                }
                u <<= e;
            } else {
                if (e > 19) {
                    cr_err(r, "interface %zu: timestamp resolution 10^-%u not supported", r->nifs, e);
                    return -1;
                }
                while (e--)
                    u *= 10;
            }
            f->units = u;
        } else if (code == 14 && olen >= 8) { /* if_tsoffset */
            uint64_t hi = rd32(r, v), lo = rd32(r, v + 4);
            f->offset = (int64_t)(r->swap ? (hi << 32 | lo) : (lo << 32 | hi));
        }
        o += 4 + (((size_t)olen + 3) & ~(size_t)3);
    }
    if (r->nifs == 0 && r->linktype < 0)
        r->linktype = f->linktype;
    r->nifs++;
    return 0;
}

static void ng_ts(const iface *f, uint64_t t, cr_pkt *p)
{
    uint64_t frac = t % f->units;
    p->sec = (int64_t)(t / f->units) + f->offset;
    if (f->units == 1000000)
        p->usec = (uint32_t)frac;
    else if (f->units > 1000000 && f->units % 1000000 == 0)
        p->usec = (uint32_t)(frac / (f->units / 1000000));
    else
        p->usec = (uint32_t)((unsigned __int128)frac * 1000000 / f->units);
}

static int ng_packet(capread *r, uint32_t type, const uint8_t *b, uint32_t blen, cr_pkt *p)
{
    uint32_t ifid, caplen, len, hdr;
    uint64_t t = 0;
    if (type == PCAPNG_SPB) {
        if (blen < 16)
            goto short_block;
        ifid = 0;
        hdr = 12;
        len = rd32(r, b + 8);
        caplen = len < blen - 16 ? len : blen - 16;
    } else {
        if (blen < 32)
            goto short_block;
        ifid = type == PCAPNG_EPB ? rd32(r, b + 8) : rd16(r, b + 8);
        t = (uint64_t)rd32(r, b + 12) << 32 | rd32(r, b + 16);
        caplen = rd32(r, b + 20);
        len = rd32(r, b + 24);
        hdr = 28;
        if (caplen > blen - 32) {
            cr_err(r, "packet block at byte %llu: captured length %u runs past its block of %u bytes",
                   (unsigned long long)at(r), caplen, blen);
            return -1;
        }
    }
    if (ifid >= r->nifs) {
        cr_err(r, "packet block at byte %llu: interface %u was never described (%zu interfaces)",
               (unsigned long long)at(r), ifid, r->nifs);
        return -1;
    }
    p->data = b + hdr;
    p->caplen = caplen;
    p->len = len;
    p->linktype = r->ifs[ifid].linktype;
    if (type == PCAPNG_SPB) {
        p->sec = 0;
        p->usec = 0;
    } else {
        ng_ts(&r->ifs[ifid], t, p);
    }
    return 1;
short_block:
    cr_err(r, "packet block type %u at byte %llu: %u bytes is too short", type, (unsigned long long)at(r), blen);
    return -1;
}

static int next_ng(capread *r, cr_pkt *p)
{
    for (;;) {
        uint32_t type = 0, blen = 0;
        int f = ng_block(r, &type, &blen);
        if (f <= 0)
            return f;
        const uint8_t *b = r->buf + r->pos;
        int res = 0;
        if (type == PCAPNG_SHB) {
            if (blen < 28 || rd16(r, b + 12) != 1) {
                cr_err(r, "section header at byte %llu: version %u not supported", (unsigned long long)at(r),
                       blen >= 28 ? rd16(r, b + 12) : 0);
                return -1;
            }
            r->nifs = 0; /* interfaces are per section */
        } else if (type == PCAPNG_IDB) {
            if (ng_idb(r, b, blen) < 0)
                return -1;
        } else if (type == PCAPNG_EPB || type == PCAPNG_SPB || type == PCAPNG_OPB) {
            res = ng_packet(r, type, b, blen, p);
            if (res < 0)
                return -1;
            r->records++;
        }
        r->pos += blen;
        if (res)
            return 1;
    }
}

/* ---- API -------------------------------------------------------------------- */
capread *cr_open(const char *path, char *err, size_t errlen)
{
    capread *r = calloc(1, sizeof *r);
    if (r)
        r->buf = malloc(CR_CHUNK);
    if (r && r->buf)
        r->ifs = calloc(CR_MAX_IFACES, sizeof *r->ifs);
    if (!r || !r->buf || !r->ifs) {
        snprintf(err, errlen, "%s: out of memory", path);
        if (r) {
            free(r->buf);
            free(r);
        }
        return NULL;
    }
    r->cap = CR_CHUNK;
    r->path = path;
    r->linktype = -1;
    r->fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY);
    if (r->fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        cr_close(r);
        return NULL;
    }
#ifdef POSIX_FADV_SEQUENTIAL
    if (r->fd > 0)
        posix_fadvise(r->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    int f = fill(r, 24);
    if (f <= 0) {
        snprintf(err, errlen, "%s: %s", path,
                 f < 0 ? r->err : r->end == 0 ? "empty file, not a capture" : "too short for a pcap or pcapng header");
        cr_close(r);
        return NULL;
    }
    const uint8_t *h = r->buf;
    uint32_t magic = (uint32_t)h[0] | (uint32_t)h[1] << 8 | (uint32_t)h[2] << 16 | (uint32_t)h[3] << 24;
    if (magic == PCAPNG_SHB) {
        r->ng = 1;
    } else if (magic == 0xa1b2c3d4u || magic == 0xd4c3b2a1u || magic == 0xa1b23c4du || magic == 0x4d3cb2a1u) {
        if (open_classic(r, h) < 0) {
            snprintf(err, errlen, "%s: %s", path, r->err);
            cr_close(r);
            return NULL;
        }
    } else {
        snprintf(err, errlen, "%s: not a pcap or pcapng file (first bytes %02x%02x%02x%02x)", path, h[0], h[1], h[2],
                 h[3]);
        cr_close(r);
        return NULL;
    }
    return r;
}

int cr_next(capread *r, cr_pkt *p)
{
    return r->ng ? next_ng(r, p) : next_classic(r, p);
}

const char *cr_error(const capread *r) { return r->err; }

int cr_linktype(const capread *r) { return r->linktype; }

int cr_bigendian(const capread *r) { return r->swap; }

void cr_close(capread *r)
{
    if (!r)
        return;
    if (r->fd > 0)
        close(r->fd);
    free(r->ifs);
    free(r->buf);
    free(r);
}
