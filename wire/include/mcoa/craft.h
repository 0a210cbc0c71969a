/*
 * mcoa/craft.h - the crafter: expression text <-> packet model -> bytes.
 *
 * Expression grammar (documented with examples in README.md):
 *     packet := layer { "/" layer }
 *     layer  := KEYWORD { arg }
 *     arg    := VALUE            positional field (e.g. "bid 7", "hao 2001:db8::1")
 *             | FLAG             a one-bit flag by its RFC letter (e.g. "A", "H", "O")
 *             | KEY "=" VALUE    any field of the layer, or a modifier
 * Keywords are the mc_desc keys of wire.h (eth vlan qinq sll sll2 null
 * null-be loop ipv4 udp ipv6 hao rh2 ext6
 * brr hoti coti hot cot bu ba be mh, options pad1 padn bra altcoa nonce auth
 * mnp lla ipv4hoa ipv4ack ipv4coa bid opt, and raw).  Options follow their
 * message.  Modifiers: len= (option body length, body cut or zero-filled),
 * lenfield= (the Length byte only, may lie), noalign, nopad, data= (raw body).
 */
#ifndef MCOA_CRAFT_H
#define MCOA_CRAFT_H

#include <stddef.h>
#include <stdint.h>
#include "mcoa/pkt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Parse one expression into `p` (re-initialised).  On error returns -1 and
 * fills `e` with the column and what was expected. */
int mc_expr_parse(const char *text, mc_pkt *p, mc_err *e);

/* Print `p` as an expression that mc_expr_parse + mc_build turn into the
 * same bytes.  Returns the length written (NUL-terminated), or -1 if `cap`
 * is too small. */
long mc_expr_print(const mc_pkt *p, char *buf, size_t cap);

/* Build the frame.  Computes every computed field not marked `set`, inserts
 * alignment and end padding, fills wire_off/wire_len in the model.
 * Returns 0, or -1 with `e` (e.g. frame larger than cap). */
int mc_build(mc_pkt *p, uint8_t *out, size_t cap, size_t *out_len, mc_err *e);

/* pcap link type of a built frame: that of its first layer when it is a
 * link layer (eth 1, sll 113, sll2 276, null 0, loop 108, see
 * mc_desc_linktype), otherwise LINKTYPE_RAW (101). */
int mc_pkt_linktype(const mc_pkt *p);

/* Parse + build in one call (for the reference nodes and tests). */
int mc_craft(const char *expr, uint8_t *out, size_t cap, size_t *out_len, mc_err *e);

/* ---- classic pcap writer (craft/lib/pcapw.c) ---------------------------
 * libpcap's file format: magic 0xa1b2c3d4 (microsecond timestamps),
 * version 2.4, snaplen MC_PCAPW_SNAPLEN, written little-endian.  Timestamps
 * are deterministic: packet i (from 0) is stamped MC_PCAPW_T0 seconds + i
 * microseconds, so the same expressions always give the same file. */
#define MC_PCAPW_SNAPLEN 262144
#define MC_PCAPW_T0      1767225600u /* 2026-01-01T00:00:00Z */
typedef struct mc_pcapw mc_pcapw;
/* Open `path` for writing ("-" = stdout) and write the file header. */
mc_pcapw *mc_pcapw_open(const char *path, int linktype, mc_err *e);
/* Append one packet (captured length = wire length = len). */
int mc_pcapw_write(mc_pcapw *w, const uint8_t *frame, size_t len, mc_err *e);
/* pcapng instead (little-endian, microsecond timestamps as above): a
 * Section Header, then an Interface Description for each link type the
 * first time a packet of it is written (mc_pcapw_write_lt), so frames of
 * different link types share one file.  On a classic pcap writer
 * mc_pcapw_write_lt ignores the link type. */
mc_pcapw *mc_pcapng_open(const char *path, mc_err *e);
int mc_pcapw_write_lt(mc_pcapw *w, int linktype, const uint8_t *frame, size_t len, mc_err *e);
/* Flush and close; reports a failed write.  Frees `w` in every case. */
int mc_pcapw_close(mc_pcapw *w, mc_err *e);

/* ---- the named variant catalogue ---------------------------------------- */
typedef struct mc_variant {
    const char *name;     /* stable name, e.g. "bu-bulk-3-coa" */
    const char *clauses;  /* RFC clauses exercised, e.g. "RFC5648 5.3, 6.2" */
    const char *summary;  /* one line for people */
    const char *expr;     /* the crafter expression */
    /* Lint rule ids (mcoa/lint.h) this variant must raise, space-separated;
     * "" for a variant that breaks no format rule. */
    const char *lint;
} mc_variant;
extern const mc_variant mc_catalogue[];
extern const size_t mc_catalogue_count;

#ifdef __cplusplus
}
#endif
#endif
