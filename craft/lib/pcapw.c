/*
 * pcapw.c - a minimal, fast capture writer: classic pcap, or pcapng with
 * one interface per link type when frames of several link types share a
 * file.
 *
 * Records are packed into a 1 MiB buffer of our own and handed to stdio in
 * large chunks, so writing a million small packets costs a few memcpy per
 * packet and about a hundred write(2) calls.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mcoa/craft.h"

#define PCAP_MAGIC_USEC   0xa1b2c3d4u
#define PCAP_VERSION_MAJ  2
#define PCAP_VERSION_MIN  4
#define PCAP_FILEHDR_LEN  24
#define PCAP_RECHDR_LEN   16
#define USEC_PER_SEC      1000000u
#define PCAPW_BUF         (1u << 20)

#define PCAPNG_SHB        0x0A0D0D0Au
#define PCAPNG_IDB        1u
#define PCAPNG_EPB        6u
#define PCAPNG_BOM        0x1A2B3C4Du
#define PCAPW_MAX_IFACES  32

struct mc_pcapw {
    FILE *f;
    int ng;          /* pcapng: one interface per link type met */
    int nifs;
    int ifs[PCAPW_MAX_IFACES];
    int is_stdout;
    const char *path;
    uint64_t n;      /* packets written: the timestamp offset in µs */
    size_t len;
    int failed;
    uint8_t buf[PCAPW_BUF];
};

/* Little-endian regardless of the host, for byte-identical files. */
static void le16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void le32(uint8_t *p, uint32_t v)
{
    le16(p, (uint16_t)v);
    le16(p + 2, (uint16_t)(v >> 16));
}

static int flush_buf(mc_pcapw *w, mc_err *e)
{
    if (w->len && !w->failed && fwrite(w->buf, 1, w->len, w->f) != w->len) {
        w->failed = errno ? errno : EIO;
        mc_err_set(e, -1, "cannot write %s: %s", w->path, strerror(w->failed));
    }
    w->len = 0;
    return w->failed ? -1 : 0;
}

static int put(mc_pcapw *w, const void *p, size_t n, mc_err *e)
{
    if (n > PCAPW_BUF - w->len && flush_buf(w, e) < 0)
        return -1;
    if (n > PCAPW_BUF) { /* cannot happen with MC_FRAME_MAX frames, but stay safe */
        if (fwrite(p, 1, n, w->f) != n) {
            w->failed = errno ? errno : EIO;
            mc_err_set(e, -1, "cannot write %s: %s", w->path, strerror(w->failed));
            return -1;
        }
        return 0;
    }
    memcpy(w->buf + w->len, p, n);
    w->len += n;
    return 0;
}

static mc_pcapw *pcapw_new(const char *path, mc_err *e)
{
    mc_pcapw *w = calloc(1, sizeof *w);
    if (!w) {
        mc_err_set(e, -1, "out of memory");
        return NULL;
    }
    w->path = path;
    w->is_stdout = strcmp(path, "-") == 0;
    w->f = w->is_stdout ? stdout : fopen(path, "wb");
    if (!w->f) {
        mc_err_set(e, -1, "cannot open %s for writing: %s", path, strerror(errno));
        free(w);
        return NULL;
    }
    return w;
}

mc_pcapw *mc_pcapng_open(const char *path, mc_err *e)
{
    mc_pcapw *w = pcapw_new(path, e);
    if (!w)
        return NULL;
    /* Section Header Block: no options, section length unknown (-1) */
    uint8_t h[28];
    le32(h, PCAPNG_SHB);
    le32(h + 4, sizeof h);
    le32(h + 8, PCAPNG_BOM);
    le16(h + 12, 1);
    le16(h + 14, 0);
    le32(h + 16, 0xffffffffu);
    le32(h + 20, 0xffffffffu);
    le32(h + 24, sizeof h);
    w->ng = 1;
    put(w, h, sizeof h, e);
    return w;
}

/* The pcapng interface of a link type, described on first use. */
static int ng_iface(mc_pcapw *w, int linktype, mc_err *e)
{
    for (int i = 0; i < w->nifs; i++)
        if (w->ifs[i] == linktype)
            return i;
    if (w->nifs == PCAPW_MAX_IFACES) {
        mc_err_set(e, -1, "more than %d link types in one file", PCAPW_MAX_IFACES);
        return -1;
    }
    uint8_t b[20];
    le32(b, PCAPNG_IDB);
    le32(b + 4, sizeof b);
    le16(b + 8, (uint16_t)linktype);
    le16(b + 10, 0);
    le32(b + 12, MC_PCAPW_SNAPLEN);
    le32(b + 16, sizeof b);
    if (put(w, b, sizeof b, e) < 0)
        return -1;
    w->ifs[w->nifs] = linktype;
    return w->nifs++;
}

mc_pcapw *mc_pcapw_open(const char *path, int linktype, mc_err *e)
{
    mc_pcapw *w = pcapw_new(path, e);
    if (!w)
        return NULL;
    uint8_t h[PCAP_FILEHDR_LEN] = {0};
    le32(h, PCAP_MAGIC_USEC);
    le16(h + 4, PCAP_VERSION_MAJ);
    le16(h + 6, PCAP_VERSION_MIN);
    /* thiszone and sigfigs stay 0 */
    le32(h + 16, MC_PCAPW_SNAPLEN);
    le32(h + 20, (uint32_t)linktype);
    put(w, h, sizeof h, e);
    return w;
}

int mc_pcapw_write_lt(mc_pcapw *w, int linktype, const uint8_t *frame, size_t len, mc_err *e)
{
    if (!w->ng)
        return mc_pcapw_write(w, frame, len, e);
    int ifid = ng_iface(w, linktype, e);
    if (ifid < 0)
        return -1;
    /* Enhanced Packet Block, microsecond timestamps (the default if_tsresol) */
    static const uint8_t pad[4];
    size_t padded = (len + 3) & ~(size_t)3;
    uint64_t t = (uint64_t)MC_PCAPW_T0 * USEC_PER_SEC + w->n;
    uint8_t b[28];
    le32(b, PCAPNG_EPB);
    le32(b + 4, (uint32_t)(32 + padded));
    le32(b + 8, (uint32_t)ifid);
    le32(b + 12, (uint32_t)(t >> 32));
    le32(b + 16, (uint32_t)t);
    le32(b + 20, (uint32_t)len);
    le32(b + 24, (uint32_t)len);
    w->n++;
    uint8_t tail[4];
    le32(tail, (uint32_t)(32 + padded));
    if (put(w, b, sizeof b, e) < 0 || put(w, frame, len, e) < 0 || put(w, pad, padded - len, e) < 0)
        return -1;
    return put(w, tail, sizeof tail, e);
}

int mc_pcapw_write(mc_pcapw *w, const uint8_t *frame, size_t len, mc_err *e)
{
    uint8_t r[PCAP_RECHDR_LEN];
    le32(r, (uint32_t)(MC_PCAPW_T0 + w->n / USEC_PER_SEC));
    le32(r + 4, (uint32_t)(w->n % USEC_PER_SEC));
    le32(r + 8, (uint32_t)len);
    le32(r + 12, (uint32_t)len);
    w->n++;
    if (put(w, r, sizeof r, e) < 0)
        return -1;
    return put(w, frame, len, e);
}

int mc_pcapw_close(mc_pcapw *w, mc_err *e)
{
    int r = flush_buf(w, e);
    if (r == 0 && fflush(w->f) != 0) {
        mc_err_set(e, -1, "cannot write %s: %s", w->path, strerror(errno));
        r = -1;
    }
    if (!w->is_stdout && fclose(w->f) != 0 && r == 0) {
        mc_err_set(e, -1, "cannot write %s: %s", w->path, strerror(errno));
        r = -1;
    }
    free(w);
    return r;
}
