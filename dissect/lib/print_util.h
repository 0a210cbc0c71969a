/*
 * print_util.h - helpers shared by the three printers (line, verbose,
 * JSON): timestamps, field values read through the wire model, and whether
 * an option's bytes fit its layout.  Internal to dissect/lib.
 */
#ifndef MCOA_DISSECT_PRINT_UTIL_H
#define MCOA_DISSECT_PRINT_UTIL_H

#include <string.h>
#include "mcoa/dissect.h"

/* Seconds with 6 decimals, as tcpdump -tt and the JSON "ts" key. */
static inline void pu_ts(mc_outbuf *o, double ts)
{
    if (!(ts >= 0))
        ts = 0;
    uint64_t us = (uint64_t)(ts * 1e6 + 0.5);
    char t[8];
    uint64_t frac = us % 1000000;
    mc_out_u64(o, us / 1000000);
    t[0] = '.';
    for (int i = 6; i >= 1; i--) {
        t[i] = (char)('0' + frac % 10);
        frac /= 10;
    }
    mc_out_mem(o, t, 7);
}

/* "0x" and at least `digits` hex digits (checksums 0x00ab), written at the
 * end of t[20]; returns where it starts.  The one formatter for every
 * printer and for the dissector's notes. */
static inline int pu_hex_fmt(char t[20], uint64_t v, int digits)
{
    static const char hx[] = "0123456789abcdef";
    int i = 20;
    do {
        t[--i] = hx[v & 15];
        v >>= 4;
        digits--;
    } while (v || digits > 0);
    t[--i] = 'x';
    t[--i] = '0';
    return i;
}

/* mc_field_get for a UINT or FLAG field whose bytes the caller knows to be
 * present (pu_field_bytes >= 0): the printers read every field of every
 * packet, inline is worth it.  Same result as mc_field_get. */
static inline uint64_t pu_get(const mc_field *f, const uint8_t *b)
{
    const uint8_t *p = b + f->off;
    uint64_t v;
    switch (f->width) {
    case 1: v = p[0]; break;
    case 2: v = (uint64_t)p[0] << 8 | p[1]; break;
    case 4: v = (uint64_t)p[0] << 24 | (uint64_t)p[1] << 16 | (uint64_t)p[2] << 8 | p[3]; break;
    default: {
        uint64_t x = 0;
        mc_field_get(f, b, (size_t)f->off + f->width, &x);
        return x;
    }
    }
    if (f->flags & MC_FF_LE) {
        uint64_t r = 0;
        for (unsigned i = 0; i < f->width; i++, v >>= 8)
            r = (r << 8) | (v & 0xff);
        v = r;
    }
    if (f->mask)
        v = (v & f->mask) >> __builtin_ctzll(f->mask);
    return v;
}

/* Fixed-width hex with 0x, e.g. checksums 0x00ab. */
static inline void pu_hexw(mc_outbuf *o, uint64_t v, int digits)
{
    char t[20];
    int i = pu_hex_fmt(t, v, digits);
    mc_out_mem(o, t + i, (size_t)(20 - i));
}

/* Numbers that read better in hex: checksums, EtherTypes, 64-bit cookies. */
static inline int pu_hexish(const mc_field *f)
{
    return f->width == 8 || (f->key[0] == 'c' && strcmp(f->key, "csum") == 0) ||
           (f->width == 2 && f->key[0] == 't' && strcmp(f->key, "type") == 0);
}

/* Bytes a field covers in a buffer of `len`: fixed width, or to the end for
 * TAIL/IPX (0 when absent).  -1 when the buffer is too short. */
static inline long pu_field_bytes(const mc_field *f, size_t len)
{
    if (f->kind == MC_FK_TAIL || f->kind == MC_FK_IPX)
        return len >= f->off ? (long)(len - f->off) : -1;
    return (size_t)f->off + f->width <= len ? (long)f->width : -1;
}

/* Does this option's body fit its layout (RFC 6275 6.2, RFC 5648 4.3)?
 * Fixed layouts need exactly fixed_len bytes; a trailing TAIL field any
 * length from fixed_len on; an IPX field none, 4 or 16 bytes. */
static inline int pu_opt_fits(const mc_desc *ds, const mc_opt *o)
{
    if (!ds || o->form != MC_OF_TLV || (o->lenfield >= 0 && o->lenfield != o->len))
        return 0;
    for (int i = 0; i < ds->nfields; i++) {
        const mc_field *f = &ds->fields[i];
        if (f->kind == MC_FK_TAIL)
            return o->len >= ds->fixed_len;
        if (f->kind == MC_FK_IPX)
            return o->len == f->off || o->len == f->off + 4u || o->len == f->off + 16u;
    }
    return o->len == ds->fixed_len;
}

/* Can field `f` be shown from a body of `len` bytes?  A fixed field needs
 * all its bytes, a variable address 0 (absent), 4 or 16.  This is how a
 * malformed option or a too-short message still shows every field its
 * bytes hold. */
static inline int pu_field_shown(const mc_field *f, size_t len)
{
    long n = pu_field_bytes(f, len);
    return n >= 0 && !(f->kind == MC_FK_IPX && n != 0 && n != 4 && n != 16);
}

/* A Mobility Header kept raw because it is shorter than its known type's
 * fixed part: that layout, with the bytes present (common header + body,
 * at most the fixed part) in buf.  NULL for an unknown type. */
static inline const mc_desc *pu_mh_short(const mc_pkt *p, const mc_layer *l, uint8_t buf[MC_HDR_MAX], size_t *len)
{
    const mc_desc *ds = l->raw_body ? mc_mh_desc(l->code) : NULL;
    if (!ds)
        return NULL;
    size_t n = l->len < ds->fixed_len ? l->len : ds->fixed_len;
    memcpy(buf, l->hdr, n);
    size_t t = l->tail_len < ds->fixed_len - n ? l->tail_len : ds->fixed_len - n;
    memcpy(buf + n, p->arena + l->tail_off, t);
    *len = n + t;
    return ds;
}

/* The Length byte as found (option length as on the wire). */
static inline unsigned pu_opt_lenbyte(const mc_opt *o)
{
    return o->lenfield >= 0 ? (unsigned)o->lenfield : o->len;
}

/* Name of a value from the field's table, or NULL. */
static inline const char *pu_value_name(const mc_field *f, uint64_t v)
{
    const mc_code_name *c = f->names ? mc_code_lookup(f->names, f->nnames, (int)v) : NULL;
    return c ? c->name : NULL;
}

static inline const char *pu_note_kind(int k)
{
    switch (k) {
    case MC_NOTE_TRUNCATED: return "truncated";
    case MC_NOTE_LENGTH: return "length";
    case MC_NOTE_CHECKSUM: return "checksum";
    case MC_NOTE_UNSUPPORTED: return "unsupported";
    default: return "malformed";
    }
}

/* Lifetimes count 4-second units (RFC 6275 6.1.7, 6.1.8); the Binding
 * Refresh Advice interval too (RFC 6275 6.2.4).  Those are 16-bit; the
 * 32-bit lifetimes of the 1997 destination options count seconds. */
static inline int pu_is_4s_units(const mc_field *f)
{
    return f->width == 2 && ((f->key[0] == 'l' && strcmp(f->key, "lifetime") == 0) ||
                             (f->key[0] == 'i' && strcmp(f->key, "interval") == 0));
}

/* ---- a direct writer for the hot paths (line and JSON) ------------------
 * The printer reserves an upper bound for the whole frame once, then
 * writes through a plain pointer: no per-append capacity checks.  The
 * bound must cover everything written between pw_open and pw_close. */
typedef struct pw {
    mc_outbuf *o;
    char *p;
} pw;

/* Upper bound of one frame's text: per layer and option a generous
 * allowance for its fields (labels, names, addresses), hex for every byte
 * kept in the arena, JSON-escaped note texts. */
static inline size_t pu_bound(const mc_dissection *d)
{
    return 1024 + (size_t)d->pkt.nlayers * 6144 + (size_t)d->pkt.nopts * 2048 + 2 * (size_t)d->pkt.arena_len +
           (size_t)d->nnotes * (6 * sizeof d->notes[0].text + 64);
}

static inline int pw_open(pw *w, mc_outbuf *o, size_t bound)
{
    if (mc_out_reserve(o, bound) < 0)
        return -1;
    w->o = o;
    w->p = o->buf + o->len;
    return 0;
}

static inline void pw_close(pw *w)
{
    w->o->len = (size_t)(w->p - w->o->buf);
    w->o->buf[w->o->len] = 0;
}

static inline void pw_mem(pw *w, const void *s, size_t n)
{
    memcpy(w->p, s, n);
    w->p += n;
}
#define pw_lit(w, s) pw_mem((w), ("" s), sizeof(s) - 1) /* string literals only */
static inline void pw_str(pw *w, const char *s) { pw_mem(w, s, strlen(s)); }
static inline void pw_ch(pw *w, char c) { *w->p++ = c; }

static inline void pw_u64(pw *w, uint64_t v)
{
    if (v < 10) { /* most fields: flags, zeros, small codes */
        *w->p++ = (char)('0' + v);
        return;
    }
    if (v < 100) {
        w->p[0] = (char)('0' + v / 10);
        w->p[1] = (char)('0' + v % 10);
        w->p += 2;
        return;
    }
    char t[20];
    int i = 20;
    do {
        t[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    pw_mem(w, t + i, (size_t)(20 - i));
}

static inline void pw_hex(pw *w, uint64_t v, int digits)
{
    char t[20];
    int i = pu_hex_fmt(t, v, digits);
    pw_mem(w, t + i, (size_t)(20 - i));
}

static inline void pw_hexbytes(pw *w, const uint8_t *b, size_t n)
{
    static const char hx[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        w->p[2 * i] = hx[b[i] >> 4];
        w->p[2 * i + 1] = hx[b[i] & 15];
    }
    w->p += 2 * n;
}

/* Addresses go through the shared formatters (RFC 5952 for IPv6): the
 * reserved bound keeps them from reallocating. */
static inline void pw_ip6(pw *w, const uint8_t *a)
{
    /* The same addresses come back packet after packet: the text of the
     * last ones is kept (per thread, direct-mapped on a few bytes). */
    static _Thread_local struct {
        uint8_t a[16];
        uint8_t n;
        char s[47];
    } cache[64];
    unsigned h = (a[15] ^ (unsigned)a[14] * 7u ^ (unsigned)a[13] * 31u ^ (unsigned)a[11] * 131u ^
                  (unsigned)a[5] * 17u) & 63u;
    if (cache[h].n && memcmp(cache[h].a, a, 16) == 0) {
        memcpy(w->p, cache[h].s, sizeof cache[h].s);
        w->p += cache[h].n;
        return;
    }
    w->o->len = (size_t)(w->p - w->o->buf);
    mc_out_ip6(w->o, a);
    char *start = w->p;
    w->p = w->o->buf + w->o->len;
    size_t n = (size_t)(w->p - start);
    if (n < sizeof cache[h].s) {
        memcpy(cache[h].a, a, 16);
        memcpy(cache[h].s, start, n);
        cache[h].n = (uint8_t)n;
    }
}

static inline void pw_ip4(pw *w, const uint8_t *a)
{
    w->o->len = (size_t)(w->p - w->o->buf);
    mc_out_ip4(w->o, a);
    w->p = w->o->buf + w->o->len;
}

static inline void pw_mac(pw *w, const uint8_t *a)
{
    w->o->len = (size_t)(w->p - w->o->buf);
    mc_out_mac(w->o, a);
    w->p = w->o->buf + w->o->len;
}

/* A JSON string (RFC 8259 7): at most 6 bytes per input byte. */
static inline void pw_json_str(pw *w, const char *s)
{
    static const char hx[] = "0123456789abcdef";
    *w->p++ = '"';
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            *w->p++ = '\\';
            *w->p++ = (char)c;
        } else if (c < 0x20) {
            pw_lit(w, "\\u00");
            *w->p++ = hx[c >> 4];
            *w->p++ = hx[c & 15];
        } else {
            *w->p++ = (char)c;
        }
    }
    *w->p++ = '"';
}

static inline void pw_ts(pw *w, double ts)
{
    if (!(ts >= 0))
        ts = 0;
    uint64_t us = (uint64_t)(ts * 1e6 + 0.5), frac = us % 1000000;
    char t[7];
    pw_u64(w, us / 1000000);
    t[0] = '.';
    for (int i = 6; i >= 1; i--) {
        t[i] = (char)('0' + frac % 10);
        frac /= 10;
    }
    pw_mem(w, t, 7);
}

#endif
