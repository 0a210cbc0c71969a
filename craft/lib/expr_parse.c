/*
 * expr_parse.c - expression text -> packet model (craft/EXPRESSIONS.md).
 *
 * Table-driven: keywords, keys, flags and value names all come from the
 * descriptors of wire/tables.c; the only words known here are the modifiers
 * of the grammar (len lenfield noalign nopad mh62 data proto type) and the
 * keywords without a layout (opt bytes raw).
 *
 * The parser never trusts its input (it is fuzzed): every token is handled
 * as (pointer, length), every write is bounds-checked, and every error says
 * at which column (0-based byte offset of the offending token) and what was
 * expected there.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include "mcoa/craft.h"
#include "expr_internal.h"

#define MAX_WORD 64          /* longest key or scalar value we copy (an IPv6 address is 45) */
#define OPT_BODY_MAX 0xffff  /* mc_opt.len is 16 bits */
#define LENGTH_BYTE_MAX 0xff /* the 8-bit option Length (RFC 6275 6.2.1) */

/* ---- scanner --------------------------------------------------------------- */
enum { T_END, T_SLASH, T_WORD };

typedef struct tok {
    const char *s;
    size_t n;
    long col;
} tok;

typedef struct scan {
    const char *t;
    size_t i;
} scan;

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* Words are separated by blanks and '/'; '#' starts a comment. */
static int next_tok(scan *s, tok *k)
{
    while (is_blank(s->t[s->i]))
        s->i++;
    k->s = s->t + s->i;
    k->col = (long)s->i;
    k->n = 0;
    char c = s->t[s->i];
    if (c == 0 || c == '#')
        return T_END;
    if (c == '/') {
        s->i++;
        k->n = 1;
        return T_SLASH;
    }
    while (s->t[s->i] && !is_blank(s->t[s->i]) && s->t[s->i] != '/' && s->t[s->i] != '#')
        s->i++;
    k->n = (size_t)(s->t + s->i - k->s);
    return T_WORD;
}

static int tok_is(const tok *k, const char *w)
{
    size_t n = strlen(w);
    return k->n == n && memcmp(k->s, w, n) == 0;
}

/* Copy a token into a NUL-terminated buffer; a longer one is cut (and then
 * fails to match any key or value, which the callers report). */
static void tok_copy(const tok *k, char *buf, size_t cap)
{
    size_t n = k->n < cap - 1 ? k->n : cap - 1;
    memcpy(buf, k->s, n);
    buf[n] = 0;
}

/* Split "key=value"; a bare word has an empty key (kv->n == 0). */
typedef struct kv {
    tok key, val;
    int has_eq;
} kv;

static void split_kv(const tok *a, kv *o)
{
    const char *eq = memchr(a->s, '=', a->n);
    o->has_eq = eq != NULL;
    if (!eq) {
        o->key = (tok){a->s, 0, a->col};
        o->val = *a;
        return;
    }
    o->key = (tok){a->s, (size_t)(eq - a->s), a->col};
    o->val = (tok){eq + 1, a->n - o->key.n - 1, a->col + (long)o->key.n + 1};
}

/* ---- values ------------------------------------------------------------------ */

/* Decimal, or hex with 0x. */
static int parse_u64(const tok *k, uint64_t *v)
{
    const char *s = k->s;
    size_t n = k->n, i = 0;
    unsigned base = 10;
    if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        i = 2;
    }
    if (i >= n)
        return -1;
    uint64_t r = 0;
    for (; i < n; i++) {
        unsigned d;
        char c = s[i];
        if (c >= '0' && c <= '9')
            d = (unsigned)(c - '0');
        else if (base == 16 && c >= 'a' && c <= 'f')
            d = (unsigned)(c - 'a' + 10);
        else if (base == 16 && c >= 'A' && c <= 'F')
            d = (unsigned)(c - 'A' + 10);
        else
            return -1;
        if (r > (UINT64_MAX - d) / base)
            return -1;
        r = r * base + d;
    }
    *v = r;
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Hex bytes: "0001ff" (even number of digits) or "00:01:ff" / "0:1:ff"
 * (1 or 2 digits per byte).  Returns the byte count, -1 if malformed, -2
 * if longer than `cap`. */
static long parse_hex(const tok *k, uint8_t *out, size_t cap)
{
    size_t n = 0, i = 0;
    int colons = memchr(k->s, ':', k->n) != NULL;
    while (i < k->n) {
        int hi = hexval(k->s[i]);
        if (hi < 0)
            return -1;
        int v = hi, digits = 1;
        if (i + 1 < k->n && hexval(k->s[i + 1]) >= 0) {
            v = hi * 16 + hexval(k->s[i + 1]);
            digits = 2;
        } else if (!colons) {
            return -1; /* odd number of digits */
        }
        i += (size_t)digits;
        if (colons && i < k->n) {
            if (k->s[i] != ':' || i + 1 == k->n)
                return -1;
            i++;
        }
        if (n >= cap)
            return -2;
        out[n++] = (uint8_t)v;
    }
    return (long)n;
}

static int parse_mac(const tok *k, uint8_t out[6])
{
    size_t i = 0;
    for (int b = 0; b < 6; b++) {
        int d = 0, v = 0;
        while (i < k->n && d < 2 && hexval(k->s[i]) >= 0) {
            v = v * 16 + hexval(k->s[i++]);
            d++;
        }
        if (d == 0)
            return -1;
        out[b] = (uint8_t)v;
        if (b < 5) {
            if (i >= k->n || (k->s[i] != ':' && k->s[i] != '-'))
                return -1;
            i++;
        }
    }
    return i == k->n ? 0 : -1;
}

static int parse_ip(const tok *k, int af, uint8_t *out)
{
    char buf[MAX_WORD];
    if (k->n == 0 || k->n >= sizeof buf)
        return -1;
    tok_copy(k, buf, sizeof buf);
    return inet_pton(af, buf, out) == 1 ? 0 : -1;
}

/* Bits a UINT field holds (its mask, or its whole width). */
static unsigned field_bits(const mc_field *f)
{
    if (!f->mask)
        return 8u * f->width;
    unsigned n = 0;
    for (uint64_t m = f->mask; m; m &= m - 1)
        n++;
    return n;
}

/* ---- parser state -------------------------------------------------------------- */
typedef struct pstate {
    scan sc;
    mc_pkt *p;
    mc_err *e;
    mc_layer *mh;  /* message (or dstopts header) that the following options belong to, or NULL */
    int dst;       /* mh is a dstopts header: its options are the 1997 destination options */
} pstate;

/* Something a field value is written into: a fixed header or a growable
 * option body. */
typedef struct target {
    uint8_t *b;
    size_t len, cap;
    int growable;
    const char *owner; /* keyword for messages */
} target;

static int target_resize(target *t, size_t n, mc_err *e, long col)
{
    if (n > t->cap) {
        mc_err_set(e, col, "%s body of %zu bytes is too long (at most %zu)", t->owner, n, t->cap);
        return -1;
    }
    if (n > t->len)
        memset(t->b + t->len, 0, n - t->len);
    t->len = n;
    return 0;
}

static void list_keys(const mc_desc *d, int want_flags, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = 0;
    for (int i = 0; i < d->nfields && n + 1 < cap; i++) {
        const mc_field *f = &d->fields[i];
        if ((f->flags & MC_FF_HIDDEN) || (f->kind == MC_FK_FLAG) != want_flags)
            continue;
        int w = snprintf(buf + n, cap - n, "%s%s", n ? " " : "", f->key);
        if (w < 0 || (size_t)w >= cap - n)
            break;
        n += (size_t)w;
    }
}

/* Write one field value (given as text) into `t`. */
static int put_field(const mc_desc *d, const mc_field *f, const tok *v, target *t, mc_err *e, long col)
{
    uint8_t a[16];
    long n;
    switch (f->kind) {
    case MC_FK_UINT:
    case MC_FK_FLAG: {
        uint64_t x;
        char w[MAX_WORD];
        const mc_code_name *c = NULL;
        if (f->names) {
            tok_copy(v, w, sizeof w);
            c = mc_code_by_key(f->names, f->nnames, w);
        }
        if (c) {
            x = (uint64_t)c->code;
        } else if (parse_u64(v, &x) < 0) {
            if (f->names) /* name an example from the value table */
                mc_err_set(e, col, "expected a number or a name like '%s' for %s %s, got '%.*s'", f->names[0].key,
                           d->key, f->key, (int)(v->n > 40 ? 40 : v->n), v->s);
            else
                mc_err_set(e, col, "expected a number for %s %s, got '%.*s'", d->key, f->key,
                           (int)(v->n > 40 ? 40 : v->n), v->s);
            return -1;
        }
        unsigned bits = f->kind == MC_FK_FLAG ? 1 : field_bits(f);
        if (bits < 64 && (x >> bits)) {
            mc_err_set(e, col, "%s field '%s' value %llu does not fit %u bit%s", d->key, f->key,
                       (unsigned long long)x, bits, bits == 1 ? "" : "s");
            return -1;
        }
        if (t->growable && (size_t)f->off + f->width > t->len && target_resize(t, (size_t)f->off + f->width, e, col) < 0)
            return -1;
        return mc_field_put(f, t->b, t->len, x) < 0 ? (mc_err_set(e, col, "%s field '%s' is outside the body", d->key, f->key), -1) : 0;
    }
    case MC_FK_IP6:
    case MC_FK_IP4:
        if (parse_ip(v, f->kind == MC_FK_IP6 ? AF_INET6 : AF_INET, a) < 0) {
            mc_err_set(e, col, "expected an %s address for %s, got '%.*s'", f->kind == MC_FK_IP6 ? "IPv6" : "IPv4",
                       f->key, (int)(v->n > 48 ? 48 : v->n), v->s);
            return -1;
        }
        if (t->growable && (size_t)f->off + f->width > t->len && target_resize(t, (size_t)f->off + f->width, e, col) < 0)
            return -1;
        memcpy(t->b + f->off, a, f->width);
        return 0;
    case MC_FK_MAC:
        if (parse_mac(v, a) < 0) {
            mc_err_set(e, col, "expected a MAC address (02:00:00:00:00:01) for %s, got '%.*s'", f->key,
                       (int)(v->n > 40 ? 40 : v->n), v->s);
            return -1;
        }
        memcpy(t->b + f->off, a, f->width);
        return 0;
    case MC_FK_IPX: {
        /* RFC 5648 4.3: the Care-of Address is IPv6 (16) or IPv4 (4). */
        int v6 = memchr(v->s, ':', v->n) != NULL;
        size_t w = v6 ? 16 : 4;
        if (parse_ip(v, v6 ? AF_INET6 : AF_INET, a) < 0) {
            mc_err_set(e, col, "expected an IPv6 or IPv4 address for %s, got '%.*s'", f->key,
                       (int)(v->n > 48 ? 48 : v->n), v->s);
            return -1;
        }
        t->len = t->len < f->off ? t->len : f->off; /* the address runs to the end of the body */
        if (target_resize(t, (size_t)f->off + w, e, col) < 0)
            return -1;
        memcpy(t->b + f->off, a, w);
        return 0;
    }
    case MC_FK_HEX:
    case MC_FK_TAIL: {
        size_t room = f->kind == MC_FK_HEX ? f->width : (t->cap > f->off ? t->cap - f->off : 0);
        uint8_t *dst = t->b + f->off;
        if (f->kind == MC_FK_TAIL) {
            t->len = t->len < f->off ? t->len : f->off;
            if (target_resize(t, f->off, e, col) < 0)
                return -1;
        }
        n = parse_hex(v, dst, room);
        if (n == -2 || (f->kind == MC_FK_HEX && n >= 0 && (size_t)n != f->width)) {
            mc_err_set(e, col, "%s %s takes %s%u bytes", d->key, f->key, f->kind == MC_FK_HEX ? "exactly " : "at most ",
                       (unsigned)room);
            return -1;
        }
        if (n < 0) {
            mc_err_set(e, col, "expected hex bytes (0001ff or 00:01:ff) for %s, got '%.*s'", f->key,
                       (int)(v->n > 40 ? 40 : v->n), v->s);
            return -1;
        }
        if (f->kind == MC_FK_TAIL)
            t->len = f->off + (size_t)n;
        return 0;
    }
    }
    return -1;
}

/* A bare word: a flag letter, else the next positional field. */
static int bare_word(const mc_desc *d, const tok *a, target *t, int *next_pos, uint32_t *set, mc_err *e)
{
    for (int i = 0; i < d->nfields; i++) {
        const mc_field *f = &d->fields[i];
        if (f->kind == MC_FK_FLAG && tok_is(a, f->key)) {
            if (set)
                *set |= 1u << i;
            return mc_field_put(f, t->b, t->len, 1) < 0 ? -1 : 0;
        }
    }
    for (int i = *next_pos; i < d->nfields; i++) {
        if (!(d->fields[i].flags & MC_FF_POS))
            continue;
        *next_pos = i + 1;
        if (set)
            *set |= 1u << i;
        return put_field(d, &d->fields[i], a, t, e, a->col);
    }
    char flags[120];
    list_keys(d, 1, flags, sizeof flags);
    if (flags[0] && a->n <= 2)
        mc_err_set(e, a->col, "unknown flag '%.*s' for %s (flags: %s)", (int)a->n, a->s, d->key, flags);
    else if (flags[0])
        mc_err_set(e, a->col, "unexpected '%.*s' for %s: expected a flag (%s) or KEY=VALUE", (int)(a->n > 40 ? 40 : a->n),
                   a->s, d->key, flags);
    else
        mc_err_set(e, a->col, "unexpected '%.*s' for %s: expected KEY=VALUE", (int)(a->n > 40 ? 40 : a->n), a->s, d->key);
    return -1;
}

/* KEY=VALUE for a field of `d`. */
static int key_value(const mc_desc *d, const kv *x, target *t, uint32_t *set, const char *mods, mc_err *e)
{
    char key[MAX_WORD];
    tok_copy(&x->key, key, sizeof key);
    int i = x->key.n < sizeof key ? mc_field_index(d, key) : -1;
    if (i < 0 || (d->fields[i].flags & MC_FF_HIDDEN)) {
        char keys[120], flags[60];
        list_keys(d, 0, keys, sizeof keys);
        list_keys(d, 1, flags, sizeof flags);
        mc_err_set(e, x->key.col, "unknown key '%.*s' for %s (keys: %s%s%s%s%s)", (int)(x->key.n > 30 ? 30 : x->key.n),
                   x->key.s, d->key, keys, *mods && *keys ? " " : "", mods, *flags ? "; flags: " : "", flags);
        return -1;
    }
    if (x->val.n == 0) {
        mc_err_set(e, x->val.col, "expected a value after '%s='", key);
        return -1;
    }
    if (set)
        *set |= 1u << i;
    return put_field(d, &d->fields[i], &x->val, t, e, x->key.col);
}

/* ---- layers ---------------------------------------------------------------------- */
static const struct {
    const mc_desc *d;
    int kind;
} layer_kinds[] = {
    {&mc_desc_eth, MC_LK_ETH}, {&mc_desc_vlan, MC_LK_VLAN}, {&mc_desc_qinq, MC_LK_VLAN}, {&mc_desc_sll, MC_LK_SLL},
    {&mc_desc_sll2, MC_LK_SLL}, {&mc_desc_null, MC_LK_NULL}, {&mc_desc_null_be, MC_LK_NULL}, {&mc_desc_loop, MC_LK_NULL},
    {&mc_desc_ipv4, MC_LK_IPV4}, {&mc_desc_udp, MC_LK_UDP}, {&mc_desc_ipv6, MC_LK_IPV6},
    {&mc_desc_hao, MC_LK_HAO}, {&mc_desc_rh2, MC_LK_RH2},   {&mc_desc_ext6, MC_LK_EXT6}, {&mc_desc_mh, MC_LK_MH},
    {&mc_desc_dstopts, MC_LK_DSTOPT},
};

static int layer_kind(const mc_desc *d)
{
    for (size_t i = 0; i < sizeof layer_kinds / sizeof layer_kinds[0]; i++)
        if (layer_kinds[i].d == d)
            return layer_kinds[i].kind;
    if (d->code >= 0 && mc_mh_desc(d->code) == d)
        return MC_LK_MH;
    return 0;
}

/* Decode hex into fresh arena space, for a layer tail. */
static int arena_hex(pstate *ps, const tok *v, mc_layer *l, long col)
{
    mc_pkt *p = ps->p;
    long n = parse_hex(v, p->arena + p->arena_len, MC_ARENA_MAX - p->arena_len);
    if (n == -2) {
        mc_err_set(ps->e, col, "data longer than the %d bytes a packet may hold", MC_ARENA_MAX);
        return -1;
    }
    if (n < 0) {
        mc_err_set(ps->e, col, "expected hex bytes (0001ff or 00:01:ff), got '%.*s'", (int)(v->n > 40 ? 40 : v->n), v->s);
        return -1;
    }
    l->tail_off = p->arena_len;
    l->tail_len = (uint32_t)n;
    p->arena_len += (uint32_t)n;
    return 0;
}

static int parse_u8_mod(const tok *v, const char *what, int *out, mc_err *e, long col, uint64_t max)
{
    uint64_t x;
    if (parse_u64(v, &x) < 0 || x > max) {
        mc_err_set(e, col, "expected a number 0..%llu for %s, got '%.*s'", (unsigned long long)max, what,
                   (int)(v->n > 30 ? 30 : v->n), v->s);
        return -1;
    }
    *out = (int)x;
    return 0;
}

/* Header layers and messages: eth vlan qinq sll sll2 null null-be loop ipv4
 * udp ipv6 hao rh2 ext6, brr .. be, mh. */
static int parse_header_layer(pstate *ps, const tok *kw, const mc_desc *d, int kind, tok *end, int *endt)
{
    mc_layer *l = mc_pkt_add_layer(ps->p, kind, d, ps->e);
    if (!l) {
        ps->e->pos = kw->col;
        return -1;
    }
    int is_mh = kind == MC_LK_MH, is_raw_mh = d == &mc_desc_mh, is_ext6 = d == &mc_desc_ext6;
    int is_dst = kind == MC_LK_DSTOPT;
    int have_proto = 0, next_pos = 0;
    const char *mods = is_ext6 ? "proto data" : is_raw_mh ? "data nopad mh62" : is_mh ? "nopad mh62" : is_dst ? "nopad" : "";
    target t = {l->hdr, l->len, l->len, 0, d->key};
    l->raw_body = (uint8_t)is_raw_mh;
    if (is_dst)
        l->profile = MC_PROFILE_MIP6_97;
    ps->mh = ((is_mh && !is_raw_mh) || is_dst) ? l : NULL;
    ps->dst = is_dst;
    tok a;
    int tt;
    while ((tt = next_tok(&ps->sc, &a)) == T_WORD) {
        kv x;
        split_kv(&a, &x);
        int r;
        if (!x.has_eq && (is_mh || is_dst) && tok_is(&a, "nopad")) {
            l->nopad = 1;
            r = 0;
        } else if (!x.has_eq && is_mh && tok_is(&a, "mh62")) {
            l->profile = MC_PROFILE_MH62; /* draft-era next header 62 */
            r = 0;
        } else if (!x.has_eq) {
            r = bare_word(d, &a, &t, &next_pos, &l->set, ps->e);
        } else if ((is_ext6 || is_raw_mh) && tok_is(&x.key, "data")) {
            r = arena_hex(ps, &x.val, l, a.col);
        } else if (is_ext6 && tok_is(&x.key, "proto")) {
            int v = 0;
            r = parse_u8_mod(&x.val, "ext6 proto", &v, ps->e, a.col, 0xff);
            l->code = (uint8_t)v;
            have_proto = 1;
        } else {
            r = key_value(d, &x, &t, &l->set, mods, ps->e);
        }
        if (r < 0)
            return -1;
    }
    if (is_ext6 && !have_proto) {
        mc_err_set(ps->e, kw->col, "ext6 needs proto=N (the protocol number of this extension header)");
        return -1;
    }
    if (is_raw_mh) {
        uint64_t type = 0;
        mc_layer_get(l, "type", &type);
        l->code = (uint8_t)type;
    }
    *end = a;
    *endt = tt;
    return 0;
}

static int parse_raw_layer(pstate *ps, const tok *kw, tok *end, int *endt)
{
    mc_layer *l = mc_pkt_add_layer(ps->p, MC_LK_RAW, NULL, ps->e);
    if (!l) {
        ps->e->pos = kw->col;
        return -1;
    }
    ps->mh = NULL;
    ps->dst = 0;
    tok a;
    int tt, have = 0;
    while ((tt = next_tok(&ps->sc, &a)) == T_WORD) {
        kv x;
        split_kv(&a, &x);
        if (have || (x.has_eq && !tok_is(&x.key, "data"))) {
            mc_err_set(ps->e, a.col, "raw takes one argument: its bytes as HEX or data=HEX");
            return -1;
        }
        if (arena_hex(ps, &x.val, l, a.col) < 0)
            return -1;
        have = 1;
    }
    *end = a;
    *endt = tt;
    return 0;
}

/* ---- options ------------------------------------------------------------------------ */
typedef struct optspec {
    const mc_desc *d;  /* layout of a structured option, NULL for opt/bytes/padn/pad1 */
    int form, type, space;
    int have_type, have_data, have_fields, noalign, lenfield, len;
    int next_pos;
    target t;
} optspec;

/* One argument of an option. */
static int opt_arg(optspec *o, const tok *kw, const tok *a, mc_err *e)
{
    kv x;
    split_kv(a, &x);
    char name[MAX_WORD];
    tok_copy(kw, name, sizeof name);
    if (o->form == MC_OF_PAD1) {
        mc_err_set(e, a->col, "pad1 takes no arguments");
        return -1;
    }
    if (!x.has_eq && tok_is(a, "noalign") && o->form == MC_OF_TLV) {
        o->noalign = 1;
        return 0;
    }
    if (x.has_eq && tok_is(&x.key, "lenfield") && o->form == MC_OF_TLV)
        return parse_u8_mod(&x.val, "lenfield", &o->lenfield, e, a->col, LENGTH_BYTE_MAX);
    if (x.has_eq && tok_is(&x.key, "len") && o->form == MC_OF_TLV)
        return parse_u8_mod(&x.val, "len", &o->len, e, a->col, OPT_BODY_MAX);
    if (x.has_eq && tok_is(&x.key, "type") && o->space == MC_OS_BID01) {
        o->have_type = 1; /* draft -01 left the type TBD: the expression says it */
        return parse_u8_mod(&x.val, "bid01 type", &o->type, e, a->col, 0xff);
    }
    int data_pos = !x.has_eq && (o->form == MC_OF_BYTES) && !o->have_data;
    if ((x.has_eq && tok_is(&x.key, "data")) || data_pos) {
        if (o->have_fields) {
            mc_err_set(e, a->col, "%s takes either fields or data=, not both", name);
            return -1;
        }
        long n = parse_hex(&x.val, o->t.b, o->t.cap);
        if (n < 0) {
            mc_err_set(e, a->col, n == -2 ? "%s data longer than %zu bytes" : "expected hex bytes (0001ff or 00:01:ff) for %s data",
                       name, o->t.cap);
            return -1;
        }
        o->t.len = (size_t)n;
        o->have_data = 1;
        return 0;
    }
    if (!o->d) {
        /* opt: the type, positional or type=; padn: the body length. */
        int is_padn = o->type == MC_OPT_PADN && o->have_type == 2;
        if (!o->have_type && (!x.has_eq || tok_is(&x.key, "type"))) {
            o->have_type = 1;
            return parse_u8_mod(&x.val, "opt type", &o->type, e, a->col, 0xff);
        }
        if (is_padn && !x.has_eq && !o->have_data) {
            int n = 0;
            if (parse_u8_mod(&x.val, "padn length", &n, e, a->col, OPT_BODY_MAX) < 0)
                return -1;
            o->t.len = 0; /* a zero body of n bytes */
            return target_resize(&o->t, (size_t)n, e, a->col);
        }
        mc_err_set(e, a->col, "unexpected '%.*s' for %s (expected %s)", (int)(a->n > 30 ? 30 : a->n), a->s, name,
                   o->form == MC_OF_BYTES ? "HEX or data=HEX" : is_padn ? "N, data=HEX, lenfield=N or noalign"
                                                              : "type=N, data=HEX, len=N, lenfield=N or noalign");
        return -1;
    }
    if (o->have_data) {
        mc_err_set(e, a->col, "%s takes either fields or data=, not both", name);
        return -1;
    }
    o->have_fields = 1;
    if (!x.has_eq)
        return bare_word(o->d, a, &o->t, &o->next_pos, NULL, e);
    return key_value(o->d, &x, &o->t, NULL, "len lenfield data noalign", e);
}

/* The option keyword: a structured option, padn, pad1, opt or bytes.  In
 * a dstopts header (`dst`) the structured options are the 1997 destination
 * options; after a message, the mobility options and bid01.  -1: not an
 * option keyword; -2: an option of the other kind (e has why). */
static int opt_start(optspec *o, const tok *kw, uint8_t *body, size_t cap, int dst, mc_err *e)
{
    memset(o, 0, sizeof *o);
    o->lenfield = -1;
    o->len = -1;
    o->form = MC_OF_TLV;
    o->space = dst ? MC_OS_DST : MC_OS_MH;
    o->t = (target){body, 0, cap, 1, "option"};
    if (tok_is(kw, "opt"))
        return 0;
    if (tok_is(kw, "bytes")) {
        o->form = MC_OF_BYTES;
        return 0;
    }
    char w[MAX_WORD];
    tok_copy(kw, w, sizeof w);
    const mc_desc *d = kw->n < sizeof w ? mc_desc_by_key(w) : NULL;
    int is_bid01 = d == &mc_desc_bid01;
    int is_mhopt = d && d->code >= 0 && mc_opt_desc(d->code) == d;
    int is_dopt = d && d->code >= 0 && mc_dopt_desc(d->code) == d;
    if (!d || (!is_bid01 && !is_mhopt && !is_dopt))
        return -1;
    if (dst ? !is_dopt : !(is_mhopt || is_bid01)) {
        if (dst)
            mc_err_set(e, kw->col, "'%s' is a mobility option: after dstopts come the 1997 destination options "
                       "bu97 ba97 br97 hoa97 (and pad1 padn opt bytes)", d->key);
        else
            mc_err_set(e, kw->col, "'%s' is a 1997 destination option: it follows dstopts, not a Mobility Header "
                       "message", d->key);
        return -2;
    }
    o->space = is_bid01 ? MC_OS_BID01 : dst ? MC_OS_DST : MC_OS_MH;
    o->type = d->code;
    o->have_type = is_bid01 ? 0 : 2; /* implied by the keyword, except bid01's (type=N) */
    if (d->code == MC_OPT_PAD1)
        o->form = MC_OF_PAD1;
    else if (d->code != MC_OPT_PADN)
        o->d = d;
    o->t.owner = d->key;
    o->t.len = d->fixed_len; /* the natural body starts as zeros */
    memset(body, 0, d->fixed_len);
    return 0;
}

static int opt_finish(optspec *o, const tok *kw, mc_err *e)
{
    if (!o->have_type && o->space == MC_OS_BID01) {
        mc_err_set(e, kw->col, "bid01 needs type=N: draft-ietf-monami6-multiplecoa-01 left the type TBD");
        return -1;
    }
    if (!o->have_type && o->form == MC_OF_TLV) {
        mc_err_set(e, kw->col, "opt needs a type: opt type=N data=HEX");
        return -1;
    }
    if (o->len >= 0 && target_resize(&o->t, (size_t)o->len, e, kw->col) < 0)
        return -1;
    if (o->len >= 0)
        o->t.len = (size_t)o->len; /* cut, or zero-filled by target_resize */
    if (o->form == MC_OF_TLV && o->lenfield < 0 && o->t.len > LENGTH_BYTE_MAX) {
        mc_err_set(e, kw->col, "option body of %zu bytes does not fit the 8-bit Length (give lenfield=N to write it anyway)",
                   o->t.len);
        return -1;
    }
    return 0;
}

static size_t body_cap(const mc_pkt *p)
{
    size_t room = MC_ARENA_MAX - p->arena_len;
    return room < OPT_BODY_MAX ? room : OPT_BODY_MAX;
}

static int parse_option(pstate *ps, const tok *kw, tok *end, int *endt)
{
    mc_pkt *p = ps->p;
    optspec o;
    int r = opt_start(&o, kw, p->arena + p->arena_len, body_cap(p), ps->dst, ps->e);
    if (r == -2)
        return -1;
    if (r < 0 || !ps->mh) {
        mc_err_set(ps->e, kw->col, "option '%.*s' must follow a Mobility Header message (or, for a 1997 "
                   "destination option, dstopts)", (int)kw->n, kw->s);
        return -1;
    }
    tok a;
    int tt;
    while ((tt = next_tok(&ps->sc, &a)) == T_WORD)
        if (opt_arg(&o, kw, &a, ps->e) < 0)
            return -1;
    if (opt_finish(&o, kw, ps->e) < 0)
        return -1;
    /* The body already sits at the arena's end: add the option without a
     * copy, then claim the bytes. */
    mc_opt *op = mc_pkt_add_opt(p, ps->mh, o.form, o.type, NULL, 0, ps->e);
    if (!op) {
        ps->e->pos = kw->col;
        return -1;
    }
    op->len = (uint16_t)o.t.len;
    op->lenfield = (int16_t)o.lenfield;
    op->noalign = (uint8_t)o.noalign;
    op->space = (uint8_t)o.space;
    p->arena_len += (uint32_t)o.t.len;
    *end = a;
    *endt = tt;
    return 0;
}

int mc_expr_parse_opt(const char *text, int dst, int *form, int *type, int *space, uint8_t *body, size_t cap,
                      size_t *len, mc_err *e)
{
    scan sc = {text, 0};
    tok kw, a;
    optspec o;
    if (next_tok(&sc, &kw) != T_WORD || opt_start(&o, &kw, body, cap, dst, e) < 0) {
        mc_err_set(e, 0, "expected an option keyword");
        return -1;
    }
    int tt;
    while ((tt = next_tok(&sc, &a)) == T_WORD)
        if (opt_arg(&o, &kw, &a, e) < 0)
            return -1;
    if (tt != T_END || opt_finish(&o, &kw, e) < 0)
        return -1;
    *form = o.form;
    *type = o.type;
    *space = o.space;
    *len = o.t.len;
    return 0;
}

/* ---- expression ------------------------------------------------------------------------ */
static int parse_layer(pstate *ps, const tok *kw, tok *end, int *endt)
{
    char w[MAX_WORD];
    if (tok_is(kw, "raw"))
        return parse_raw_layer(ps, kw, end, endt);
    if (tok_is(kw, "opt") || tok_is(kw, "bytes"))
        return parse_option(ps, kw, end, endt);
    tok_copy(kw, w, sizeof w);
    const mc_desc *d = kw->n < sizeof w ? mc_desc_by_key(w) : NULL;
    if (!d) {
        mc_err_set(ps->e, kw->col,
                   "unknown keyword '%.*s' (expected a layer: eth vlan qinq sll sll2 null null-be loop ipv4 udp ipv6 hao rh2 ext6 dstopts mh brr hoti coti hot cot "
                   "bu ba be raw, or an option)", (int)(kw->n > 30 ? 30 : kw->n), kw->s);
        return -1;
    }
    int kind = layer_kind(d);
    if (!kind)
        return parse_option(ps, kw, end, endt);
    return parse_header_layer(ps, kw, d, kind, end, endt);
}

int mc_expr_parse(const char *text, mc_pkt *p, mc_err *e)
{
    mc_err dummy;
    pstate ps = {{text ? text : "", 0}, p, e ? e : &dummy, NULL, 0};
    tok k;
    int t = next_tok(&ps.sc, &k), first = 1;
    mc_pkt_init(p);
    if (t == T_END) {
        mc_err_set(ps.e, k.col, "empty expression: expected a layer keyword such as ipv6 or bu");
        return -1;
    }
    for (;;) {
        if (t != T_WORD) {
            mc_err_set(ps.e, k.col, "expected a layer keyword %s", first ? "at the start" : "after '/'");
            return -1;
        }
        first = 0;
        tok end;
        int endt;
        if (parse_layer(&ps, &k, &end, &endt) < 0)
            return -1;
        if (endt == T_END)
            return 0;
        t = next_tok(&ps.sc, &k);
    }
}
