/*
 * outbuf.c - growable output buffer with printf-free appenders.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "mcoa/outbuf.h"

void mc_out_init(mc_outbuf *o, FILE *sink)
{
    memset(o, 0, sizeof *o);
    o->sink = sink;
}

void mc_out_free(mc_outbuf *o)
{
    free(o->buf);
    o->buf = NULL;
    o->len = o->cap = 0;
}

int mc_out_reserve(mc_outbuf *o, size_t more)
{
    if (o->oom)
        return -1;
    if (o->len + more + 1 <= o->cap)
        return 0;
    size_t cap = o->cap ? o->cap : 4096;
    while (cap < o->len + more + 1)
        cap *= 2;
    char *nb = realloc(o->buf, cap);
    if (!nb) {
        o->oom = 1;
        return -1;
    }
    o->buf = nb;
    o->cap = cap;
    return 0;
}

void mc_out_mem(mc_outbuf *o, const void *p, size_t n)
{
    if (mc_out_reserve(o, n) < 0)
        return;
    memcpy(o->buf + o->len, p, n);
    o->len += n;
    o->buf[o->len] = 0;
}

void mc_out_str(mc_outbuf *o, const char *s) { mc_out_mem(o, s, strlen(s)); }

void mc_out_ch(mc_outbuf *o, char c)
{
    if (mc_out_reserve(o, 1) < 0)
        return;
    o->buf[o->len++] = c;
    o->buf[o->len] = 0;
}

void mc_out_u64(mc_outbuf *o, uint64_t v)
{
    char t[24];
    int i = 24;
    do {
        t[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    mc_out_mem(o, t + i, (size_t)(24 - i));
}

static const char hexd[] = "0123456789abcdef";

void mc_out_hex(mc_outbuf *o, uint64_t v)
{
    char t[20];
    int i = 20;
    do {
        t[--i] = hexd[v & 15];
        v >>= 4;
    } while (v);
    t[--i] = 'x';
    t[--i] = '0';
    mc_out_mem(o, t + i, (size_t)(20 - i));
}

void mc_out_hexbytes(mc_outbuf *o, const uint8_t *p, size_t n)
{
    if (mc_out_reserve(o, 2 * n) < 0)
        return;
    char *d = o->buf + o->len;
    for (size_t i = 0; i < n; i++) {
        d[2 * i] = hexd[p[i] >> 4];
        d[2 * i + 1] = hexd[p[i] & 15];
    }
    o->len += 2 * n;
    o->buf[o->len] = 0;
}

/* RFC 5952: lower case, no leading zeros, the longest run (>= 2) of zero
 * groups compressed to "::" (the first one on a tie).  IPv4-mapped and
 * other embedded forms are printed in hex like tshark and tcpdump do. */
void mc_out_ip6(mc_outbuf *o, const uint8_t a[16])
{
    uint16_t g[8];
    for (int i = 0; i < 8; i++)
        g[i] = (uint16_t)((a[2 * i] << 8) | a[2 * i + 1]);
    int best = -1, bestlen = 0;
    for (int i = 0; i < 8;) {
        if (g[i] == 0) {
            int j = i;
            while (j < 8 && g[j] == 0)
                j++;
            if (j - i > bestlen && j - i >= 2) {
                best = i;
                bestlen = j - i;
            }
            i = j;
        } else {
            i++;
        }
    }
    /* an IPv4-mapped address prints as ::ffff:a.b.c.d (RFC 5952 5) */
    if (best == 0 && bestlen == 5 && g[5] == 0xffff) {
        mc_out_str(o, "::ffff:");
        mc_out_ip4(o, a + 12);
        return;
    }
    char t[48];
    int n = 0;
    for (int i = 0; i < 8; i++) {
        if (i == best) {
            t[n++] = ':';
            if (i == 0)
                t[n++] = ':';
            i += bestlen - 1;
            continue;
        }
        uint16_t v = g[i];
        int started = 0;
        for (int s = 12; s >= 0; s -= 4) {
            int d = (v >> s) & 15;
            if (d || started || s == 0) {
                t[n++] = hexd[d];
                started = 1;
            }
        }
        if (i < 7)
            t[n++] = ':';
    }
    mc_out_mem(o, t, (size_t)n);
}

void mc_out_ip4(mc_outbuf *o, const uint8_t a[4])
{
    for (int i = 0; i < 4; i++) {
        if (i)
            mc_out_ch(o, '.');
        mc_out_u64(o, a[i]);
    }
}

void mc_out_mac(mc_outbuf *o, const uint8_t a[6])
{
    char t[17];
    for (int i = 0; i < 6; i++) {
        t[3 * i] = hexd[a[i] >> 4];
        t[3 * i + 1] = hexd[a[i] & 15];
        if (i < 5)
            t[3 * i + 2] = ':';
    }
    mc_out_mem(o, t, 17);
}

void mc_out_json_str(mc_outbuf *o, const char *s)
{
    mc_out_ch(o, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            mc_out_ch(o, '\\');
            mc_out_ch(o, (char)c);
        } else if (c < 0x20) {
            char t[7] = {'\\', 'u', '0', '0', hexd[c >> 4], hexd[c & 15], 0};
            mc_out_str(o, t);
        } else {
            mc_out_ch(o, (char)c);
        }
    }
    mc_out_ch(o, '"');
}

void mc_out_printf(mc_outbuf *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char t[512];
    int n = vsnprintf(t, sizeof t, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof t) {
        mc_out_mem(o, t, (size_t)n);
        return;
    }
    if (mc_out_reserve(o, (size_t)n) < 0)
        return;
    va_start(ap, fmt);
    vsnprintf(o->buf + o->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    o->len += (size_t)n;
}

void mc_out_flush(mc_outbuf *o)
{
    if (o->sink && o->len) {
        fwrite(o->buf, 1, o->len, o->sink);
        o->len = 0;
        if (o->buf)
            o->buf[0] = 0;
    }
}
