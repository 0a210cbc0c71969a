/*
 * mcoa/outbuf.h - a growable output buffer with fast appenders, so that the
 * printers avoid printf in the per-packet path.
 */
#ifndef MCOA_OUTBUF_H
#define MCOA_OUTBUF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mc_outbuf {
    char *buf;
    size_t len, cap;
    FILE *sink;        /* if set, mc_out_flush_if writes here when len passes 64 KiB */
    int oom;           /* set once an allocation failed: later appends are dropped */
} mc_outbuf;

void mc_out_init(mc_outbuf *o, FILE *sink);
void mc_out_free(mc_outbuf *o);
int  mc_out_reserve(mc_outbuf *o, size_t more);
void mc_out_mem(mc_outbuf *o, const void *p, size_t n);
void mc_out_str(mc_outbuf *o, const char *s);
void mc_out_ch(mc_outbuf *o, char c);
void mc_out_u64(mc_outbuf *o, uint64_t v);
void mc_out_hex(mc_outbuf *o, uint64_t v);               /* 0x.. lower case */
void mc_out_hexbytes(mc_outbuf *o, const uint8_t *p, size_t n); /* plain hex, no separators */
void mc_out_ip6(mc_outbuf *o, const uint8_t a[16]);      /* RFC 5952 text */
void mc_out_ip4(mc_outbuf *o, const uint8_t a[4]);
void mc_out_mac(mc_outbuf *o, const uint8_t a[6]);
void mc_out_json_str(mc_outbuf *o, const char *s);       /* quoted and escaped */
void mc_out_printf(mc_outbuf *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void mc_out_flush(mc_outbuf *o);                         /* write all to sink */
static inline void mc_out_flush_if(mc_outbuf *o) { if (o->sink && o->len >= 65536) mc_out_flush(o); }

#ifdef __cplusplus
}
#endif
#endif
