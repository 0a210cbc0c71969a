/*
 * pcapw.c - a minimal, fast classic-pcap writer.
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

struct mc_pcapw {
    FILE *f;
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

mc_pcapw *mc_pcapw_open(const char *path, int linktype, mc_err *e)
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
