/*
 * expr_print.c - packet model -> expression text (craft/EXPRESSIONS.md),
 * such that mc_expr_parse + mc_build reproduce the bytes the model stands
 * for.  This is what `mcoa-dissect --expr` prints.
 *
 * Rules (the dissector sets the model flags, the printer only follows them):
 *  - per layer: keyword, positional fields (no key), then the other fields
 *    that differ from the layout's template; computed fields only when their
 *    `set` bit says the value is not the computed one; reserved fields only
 *    when non-zero; hidden ones never;
 *  - options: the structured form when parsing it back gives the same body,
 *    otherwise `opt type=T data=HEX`; noalign / lenfield= / nopad as flagged.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include "mcoa/craft.h"
#include "expr_internal.h"

#define OPT_TEXT_BODY_MAX 255 /* a TLV body the Length byte can describe */

/* A bounded writer: on overflow it keeps counting and reports at the end. */
typedef struct pw {
    char *b;
    size_t len, cap;
    int over;
} pw;

static void pw_mem(pw *w, const char *s, size_t n)
{
    if (w->over || n >= w->cap - w->len) {
        w->over = 1;
        return;
    }
    memcpy(w->b + w->len, s, n);
    w->len += n;
    w->b[w->len] = 0;
}

static void pw_str(pw *w, const char *s) { pw_mem(w, s, strlen(s)); }

static void pw_fmt(pw *w, const char *fmt, unsigned long long v)
{
    char t[32];
    int n = snprintf(t, sizeof t, fmt, v);
    pw_mem(w, t, (size_t)n);
}

static void pw_hex(pw *w, const uint8_t *p, size_t n)
{
    static const char hx[] = "0123456789abcdef";
    for (size_t i = 0; i < n && !w->over; i++) {
        char t[2] = {hx[p[i] >> 4], hx[p[i] & 15]};
        pw_mem(w, t, 2);
    }
}

static void pw_ip(pw *w, int af, const uint8_t *a)
{
    char t[INET6_ADDRSTRLEN];
    if (inet_ntop(af, a, t, sizeof t))
        pw_str(w, t);
}

/* ---- fields ---------------------------------------------------------------- */

/* Checksums, EtherTypes and 64-bit cookies/tokens read better in hex. */
static int prints_hex(const mc_field *f)
{
    return f->width >= 8 || strcmp(f->key, "csum") == 0 || (f->width == 2 && strcmp(f->key, "type") == 0);
}

static void print_num(pw *w, const mc_field *f, uint64_t v)
{
    char t[32];
    /* hex at the field's full width: csum=0x0000, cookie=0x0000000000000001 */
    int n = prints_hex(f) ? snprintf(t, sizeof t, "0x%0*llx", 2 * f->width, (unsigned long long)v)
                          : snprintf(t, sizeof t, "%llu", (unsigned long long)v);
    pw_mem(w, t, (size_t)n);
}

static void print_uint(pw *w, const mc_field *f, uint64_t v)
{
    const mc_code_name *c = f->names ? mc_code_lookup(f->names, f->nnames, (int)v) : NULL;
    if (c && v <= 0xff)
        pw_str(w, c->key);
    else
        print_num(w, f, v);
}

/* Value of a fixed-size field read from `b` (which holds at least off+width
 * bytes). */
static void print_value(pw *w, const mc_field *f, const uint8_t *b, size_t len)
{
    uint64_t v;
    switch (f->kind) {
    case MC_FK_UINT:
    case MC_FK_FLAG:
        mc_field_get(f, b, len, &v);
        print_uint(w, f, v);
        break;
    case MC_FK_IP6: pw_ip(w, AF_INET6, b + f->off); break;
    case MC_FK_IP4: pw_ip(w, AF_INET, b + f->off); break;
    case MC_FK_MAC:
        for (int i = 0; i < 6; i++) {
            if (i)
                pw_str(w, ":");
            pw_hex(w, b + f->off + i, 1);
        }
        break;
    case MC_FK_HEX: pw_hex(w, b + f->off, f->width); break;
    default: break;
    }
}

/* Does the field hold something else than in `ref` (template or zeros)? */
static int differs(const mc_field *f, const uint8_t *b, const uint8_t *ref, size_t len)
{
    if (f->kind == MC_FK_UINT || f->kind == MC_FK_FLAG) {
        uint64_t x, y;
        mc_field_get(f, b, len, &x);
        mc_field_get(f, ref, len, &y);
        return x != y;
    }
    return memcmp(b + f->off, ref + f->off, f->width) != 0;
}

static void print_kv(pw *w, const mc_field *f, const uint8_t *b, size_t len)
{
    pw_str(w, " ");
    pw_str(w, f->key);
    pw_str(w, "=");
    print_value(w, f, b, len);
}

/* The positional fixed-size fields, values only. */
static void print_pos_fields(pw *w, const mc_desc *d, const uint8_t *b, size_t len)
{
    for (int i = 0; i < d->nfields; i++) {
        const mc_field *f = &d->fields[i];
        if ((f->flags & MC_FF_POS) && f->kind != MC_FK_IPX && f->kind != MC_FK_TAIL) {
            pw_str(w, " ");
            print_value(w, f, b, len);
        }
    }
}

/* The other fixed-size fields of a header or option body.  `ref` is the
 * template (or zeros), `set` the given-field bits (0 for options). */
static void print_fields(pw *w, const mc_desc *d, const uint8_t *b, size_t len, const uint8_t *ref, uint32_t set)
{
    for (int i = 0; i < d->nfields; i++) {
        const mc_field *f = &d->fields[i];
        if ((f->flags & (MC_FF_POS | MC_FF_HIDDEN)) || f->kind == MC_FK_IPX || f->kind == MC_FK_TAIL)
            continue;
        if (f->flags & MC_FF_COMPUTED) {
            if (set & (1u << i))
                print_kv(w, f, b, len);
            continue;
        }
        if (!differs(f, b, ref, len))
            continue;
        uint64_t v = 0;
        if (f->kind == MC_FK_FLAG && mc_field_get(f, b, len, &v) == 0 && v) {
            pw_str(w, " ");
            pw_str(w, f->key);
        } else {
            print_kv(w, f, b, len);
        }
    }
}

/* ---- layers ----------------------------------------------------------------- */
/* A raw MH ("mh type=N data=HEX"): its common header through mc_desc_mh,
 * whatever follows it (of hdr[] and the tail) as data. */
static void print_raw_mh(pw *w, const mc_pkt *p, const mc_layer *l)
{
    const mc_desc *d = &mc_desc_mh;
    const mc_field *tf = mc_field_by_key(d, "type");
    uint8_t b[MC_HDR_MAX];
    uint64_t type = 0;
    memcpy(b, l->hdr, sizeof b);
    mc_field_get(tf, b, MC_MH_HDR_LEN, &type);
    pw_fmt(w, "mh type=%llu", type); /* the type is the point of an `mh` layer: always say it */
    mc_field_put(tf, b, MC_MH_HDR_LEN, d->tmpl[tf->off]);
    /* `set` bits index the layer's own desc; the common header fields
     * have the same keys and order in every MH layout. */
    print_pos_fields(w, d, b, MC_MH_HDR_LEN);
    print_fields(w, d, b, MC_MH_HDR_LEN, d->tmpl, l->set);
    if (l->len > MC_MH_HDR_LEN || l->tail_len) {
        pw_str(w, " data=");
        pw_hex(w, l->hdr + MC_MH_HDR_LEN, l->len > MC_MH_HDR_LEN ? l->len - MC_MH_HDR_LEN : 0);
        pw_hex(w, p->arena + l->tail_off, l->tail_len);
    }
}

static void print_header(pw *w, const mc_pkt *p, const mc_layer *l)
{
    static const uint8_t zeros[MC_HDR_MAX];
    const mc_desc *d = l->desc;
    if (!d) { /* raw payload */
        pw_str(w, "raw");
        if (l->tail_len) {
            pw_str(w, " ");
            pw_hex(w, p->arena + l->tail_off, l->tail_len);
        }
        return;
    }
    if (l->kind == MC_LK_MH && (l->raw_body || d == &mc_desc_mh)) {
        print_raw_mh(w, p, l);
    } else {
        pw_str(w, d->key);
        if (d == &mc_desc_ext6)
            pw_fmt(w, " proto=%llu", l->code);
        print_pos_fields(w, d, l->hdr, l->len);
        print_fields(w, d, l->hdr, l->len, d->tmpl ? d->tmpl : zeros, l->set);
        if (d == &mc_desc_ext6 && l->tail_len) {
            pw_str(w, " data=");
            pw_hex(w, p->arena + l->tail_off, l->tail_len);
        }
    }
    if (l->kind == MC_LK_MH && l->profile == MC_PROFILE_MH62)
        pw_str(w, " mh62"); /* draft-era next header 62 */
    if ((l->kind == MC_LK_MH || l->kind == MC_LK_DSTOPT) && l->nopad)
        pw_str(w, " nopad");
}

/* ---- options ------------------------------------------------------------------ */
static void print_mods(pw *w, const mc_opt *o)
{
    if (o->noalign)
        pw_str(w, " noalign");
    if (o->lenfield >= 0)
        pw_fmt(w, " lenfield=%llu", (unsigned long long)o->lenfield);
}

static void print_opt_raw(pw *w, const mc_pkt *p, const mc_opt *o)
{
    pw_fmt(w, "opt type=%llu", o->type);
    if (o->len) {
        pw_str(w, " data=");
        pw_hex(w, mc_opt_cbody(p, o), o->len);
    }
    print_mods(w, o);
}

/* Bytes of a variable field at `off` in a body of `len`: IPX is an IPv6
 * (16) or IPv4 (4) address when that many bytes are present (RFC 5648 4.3
 * for the BID Care-of Address); TAIL is whatever follows. */
static size_t var_width(const mc_field *f, size_t len)
{
    if (f->kind == MC_FK_IPX)
        return len >= (size_t)f->off + 16 ? 16 : len >= (size_t)f->off + 4 ? 4 : 0;
    return len > f->off ? len - f->off : 0;
}

static void print_var_fields(pw *w, const mc_desc *d, const uint8_t *b, size_t len, size_t *natural, int pos)
{
    for (int i = 0; i < d->nfields; i++) {
        const mc_field *f = &d->fields[i];
        if ((f->kind != MC_FK_IPX && f->kind != MC_FK_TAIL) || !(f->flags & MC_FF_POS) != !pos)
            continue;
        size_t n = var_width(f, len);
        size_t end = (size_t)f->off + n;
        *natural = end > *natural ? end : *natural;
        if (!n)
            continue;
        pw_str(w, " ");
        if (!pos) {
            pw_str(w, f->key);
            pw_str(w, "=");
        }
        if (f->kind == MC_FK_TAIL)
            pw_hex(w, b + f->off, n);
        else
            pw_ip(w, n == 16 ? AF_INET6 : AF_INET, b + f->off);
    }
}

/* The structured form of a known option, e.g. "bid 1 status=mcoa-malformed
 * H coa=2001:db8::1 len=22". */
static void print_opt_struct(pw *w, const mc_pkt *p, const mc_opt *o, const mc_desc *d)
{
    static const uint8_t zeros[OPT_TEXT_BODY_MAX + 1];
    uint8_t b[OPT_TEXT_BODY_MAX + 1] = {0}; /* zero-extended: fields past the body read as 0 */
    memcpy(b, mc_opt_cbody(p, o), o->len);
    size_t natural = d->fixed_len;
    pw_str(w, d->key);
    if (o->space == MC_OS_BID01)
        pw_fmt(w, " type=%llu", o->type); /* the draft left it TBD: always say it */
    if (o->type == MC_OPT_PADN && o->space != MC_OS_BID01) {
        if (memcmp(b, zeros, o->len) == 0) {
            pw_fmt(w, " %llu", o->len);
        } else {
            pw_str(w, " data=");
            pw_hex(w, b, o->len);
        }
        print_mods(w, o);
        return;
    }
    print_pos_fields(w, d, b, sizeof b);
    print_var_fields(w, d, b, o->len, &natural, 1);
    print_fields(w, d, b, sizeof b, zeros, 0);
    print_var_fields(w, d, b, o->len, &natural, 0);
    if (natural != o->len)
        pw_fmt(w, " len=%llu", o->len);
    print_mods(w, o);
}

/* Does the text at `start` parse back to exactly this option? */
static int verify_opt(const pw *w, size_t start, const mc_pkt *p, const mc_opt *o)
{
    uint8_t body[OPT_TEXT_BODY_MAX + 1];
    size_t len = 0;
    int form = -1, type = -1, space = -1;
    mc_err e;
    if (w->over || mc_expr_parse_opt(w->b + start, o->space == MC_OS_DST, &form, &type, &space, body, sizeof body,
                                     &len, &e) < 0)
        return 0;
    return form == o->form && type == o->type && space == o->space && len == o->len &&
           memcmp(body, mc_opt_cbody(p, o), len) == 0;
}

static void print_opt(pw *w, const mc_pkt *p, const mc_opt *o)
{
    if (o->form == MC_OF_PAD1) {
        pw_str(w, "pad1");
        return;
    }
    if (o->form == MC_OF_BYTES) {
        pw_str(w, "bytes");
        if (o->len) {
            pw_str(w, " ");
            pw_hex(w, mc_opt_cbody(p, o), o->len);
        }
        return;
    }
    const mc_desc *d = mc_opt_layout(o);
    if (d && (o->type != MC_OPT_PAD1 || o->space == MC_OS_BID01) && o->len <= OPT_TEXT_BODY_MAX) {
        size_t start = w->len;
        print_opt_struct(w, p, o, d);
        if (verify_opt(w, start, p, o))
            return;
        if (w->over)
            return;
        w->len = start; /* fall back to the raw form */
        w->b[start] = 0;
    }
    print_opt_raw(w, p, o);
}

long mc_expr_print(const mc_pkt *p, char *buf, size_t cap)
{
    if (!buf || cap == 0)
        return -1;
    pw w = {buf, 0, cap, 0};
    buf[0] = 0;
    for (int i = 0; i < p->nlayers; i++) {
        const mc_layer *l = &p->l[i];
        if (i)
            pw_str(&w, " / ");
        print_header(&w, p, l);
        if ((l->kind != MC_LK_MH && l->kind != MC_LK_DSTOPT) || l->raw_body || l->desc == &mc_desc_mh)
            continue;
        for (unsigned k = 0; k < l->opt_count && (size_t)l->opt_first + k < p->nopts; k++) {
            pw_str(&w, " / ");
            print_opt(&w, p, &p->o[l->opt_first + k]);
        }
    }
    return w.over ? -1 : (long)w.len;
}
