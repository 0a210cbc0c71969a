/*
 * print_json.c - one JSON object per frame (JSON Lines), exactly as
 * dissect/JSON.md says.  Keys are the wire model's field keys, so the
 * printer is a walk over the layouts of wire/tables.c.  No printf, no
 * allocation beyond the output buffer.
 */
#include <stdint.h>
#include <string.h>
#include <threads.h>
#include "mcoa/dissect.h"
#include "print_util.h"

static void key(pw *o, const char *k)
{
    /* keys are the model's identifiers: nothing to escape */
    pw_lit(o, ",\"");
    pw_str(o, k);
    pw_lit(o, "\":");
}

/* `,"key":` of every field (and `,"key_name":` of those with a value
 * table), built once per layout: every frame prints the same keys, and
 * building them was a fifth of the JSON time.  One plan per layout of the
 * wire model, made once (read-only afterwards, so safe across threads) and
 * found by the layout's address; a key is copied as a fixed 32-byte block
 * (the frame's reserved bound leaves room) and the cursor advanced by its
 * length. */
#define JP_MAXF 24
#define JP_SLOTS 128
typedef struct jkey {
    char s[32];
    uint8_t n;
} jkey;
typedef struct jplan {
    const mc_desc *d;
    jkey key[JP_MAXF], name[JP_MAXF];
} jplan;
static jplan jplans[JP_SLOTS];
static once_flag jp_once = ONCE_FLAG_INIT;

static size_t jp_hash(const mc_desc *d) { return ((uintptr_t)d >> 4) * 2654435761u % JP_SLOTS; }

static void jk_make(jkey *k, const char *key, const char *suffix)
{
    size_t a = strlen(key), b = strlen(suffix);
    memset(k->s, 0, sizeof k->s);
    if (a + b + 4 > sizeof k->s) { /* no layout has such a key; keep it safe */
        a = 0;
        b = 0;
    }
    k->s[0] = ',';
    k->s[1] = '"';
    memcpy(k->s + 2, key, a);
    memcpy(k->s + 2 + a, suffix, b);
    k->s[2 + a + b] = '"';
    k->s[3 + a + b] = ':';
    k->n = (uint8_t)(a + b + 4);
}

static void jp_add(const mc_desc *d)
{
    if (d->nfields > JP_MAXF)
        return; /* printed through the slow path */
    size_t h = jp_hash(d);
    for (size_t i = 0; i < JP_SLOTS; i++, h = (h + 1) % JP_SLOTS) {
        if (jplans[h].d == d)
            return;
        if (!jplans[h].d) {
            jplans[h].d = d;
            for (int j = 0; j < d->nfields; j++) {
                jk_make(&jplans[h].key[j], d->fields[j].key, "");
                jk_make(&jplans[h].name[j], d->fields[j].key, "_name");
            }
            return;
        }
    }
}

static void jp_init(void)
{
    static const mc_desc *const layers[] = {&mc_desc_eth,  &mc_desc_vlan, &mc_desc_qinq, &mc_desc_sll,
                                            &mc_desc_sll2, &mc_desc_null, &mc_desc_null_be, &mc_desc_loop,
                                            &mc_desc_ipv4, &mc_desc_udp,  &mc_desc_ipv6, &mc_desc_hao,
                                            &mc_desc_rh2,  &mc_desc_ext6, &mc_desc_mh};
    for (size_t i = 0; i < sizeof layers / sizeof layers[0]; i++)
        jp_add(layers[i]);
    for (size_t i = 0; i < mc_mh_ndescs; i++)
        jp_add(mc_mh_descs[i]);
    for (size_t i = 0; i < mc_opt_ndescs; i++)
        jp_add(mc_opt_descs[i]);
    jp_add(&mc_desc_dstopts);
    jp_add(&mc_desc_bid01);
    for (size_t i = 0; i < mc_dopt_ndescs; i++)
        jp_add(mc_dopt_descs[i]);
}

static const jplan *jp_get(const mc_desc *d)
{
    size_t h = jp_hash(d);
    for (size_t i = 0; i < JP_SLOTS; i++, h = (h + 1) % JP_SLOTS) {
        if (jplans[h].d == d)
            return &jplans[h];
        if (!jplans[h].d)
            return NULL;
    }
    return NULL;
}

static inline void jk_put(pw *o, const jkey *k)
{
    memcpy(o->p, k->s, sizeof k->s);
    o->p += k->n;
}

static void hexstr(pw *o, const uint8_t *b, size_t n)
{
    pw_ch(o, '"');
    pw_hexbytes(o, b, n);
    pw_ch(o, '"');
}

static void value(pw *o, const mc_field *f, const uint8_t *b, size_t len, const jkey *namekey)
{
    long n = pu_field_bytes(f, len);
    uint64_t v = 0;
    if (n < 0) {
        pw_lit(o, "null");
        return;
    }
    switch (f->kind) {
    case MC_FK_UINT:
        v = pu_get(f, b);
        pw_u64(o, v);
        if (f->names) {
            const char *name = pu_value_name(f, v);
            if (namekey) {
                jk_put(o, namekey);
            } else {
                pw_lit(o, ",\"");
                pw_str(o, f->key);
                pw_lit(o, "_name\":");
            }
            if (name)
                pw_json_str(o, name);
            else
                pw_lit(o, "null");
        }
        break;
    case MC_FK_FLAG:
        v = pu_get(f, b);
        if (v)
            pw_lit(o, "true");
        else
            pw_lit(o, "false");
        break;
    case MC_FK_IP6:
        pw_ch(o, '"');
        pw_ip6(o, b + f->off);
        pw_ch(o, '"');
        break;
    case MC_FK_IP4:
        pw_ch(o, '"');
        pw_ip4(o, b + f->off);
        pw_ch(o, '"');
        break;
    case MC_FK_MAC:
        pw_ch(o, '"');
        pw_mac(o, b + f->off);
        pw_ch(o, '"');
        break;
    case MC_FK_IPX:
        if (n == 16 || n == 4) {
            pw_ch(o, '"');
            if (n == 16)
                pw_ip6(o, b + f->off);
            else
                pw_ip4(o, b + f->off);
            pw_ch(o, '"');
        } else {
            pw_lit(o, "null"); /* RFC 5648 4.3: BID without a Care-of Address */
        }
        break;
    default: /* HEX, TAIL */
        hexstr(o, b + f->off, (size_t)n);
        break;
    }
}

/* `,"key":value` of field i of ds; `shown_only`: skip a field whose
 * bytes are not all present (malformed options, short messages). */
static void fields_from(pw *o, const mc_desc *ds, int from, const uint8_t *b, size_t len, int shown_only)
{
    const jplan *jp = jp_get(ds);
    for (int i = 0; i < ds->nfields; i++) {
        const mc_field *f = &ds->fields[i];
        if (f->off < from || (shown_only && !pu_field_shown(f, len)))
            continue;
        if (jp) {
            jk_put(o, &jp->key[i]);
        } else {
            key(o, f->key);
        }
        value(o, f, b, len, jp ? &jp->name[i] : NULL);
    }
}

static void fields(pw *o, const mc_desc *ds, const uint8_t *b, size_t len)
{
    fields_from(o, ds, 0, b, len, 0);
}

static void option(pw *o, const mc_pkt *p, const mc_opt *op)
{
    const mc_desc *ds = op->form == MC_OF_TLV ? mc_opt_layout(op) : NULL;
    const uint8_t *b = mc_opt_cbody(p, op);
    pw_lit(o, "{\"option\":\"");
    if (op->form == MC_OF_PAD1)
        pw_lit(o, "pad1");
    else if (op->form == MC_OF_BYTES)
        pw_lit(o, "bytes");
    else
        pw_str(o, ds ? ds->key : "unknown");
    pw_lit(o, "\",\"type\":");
    pw_u64(o, op->form == MC_OF_PAD1 ? MC_OPT_PAD1 : op->type);
    pw_lit(o, ",\"len\":");
    pw_u64(o, op->form == MC_OF_TLV ? pu_opt_lenbyte(op) : op->form == MC_OF_BYTES ? op->len : 0);
    pw_lit(o, ",\"off\":");
    pw_u64(o, op->wire_off);
    if (op->space == MC_OS_BID01) {
        pw_lit(o, ",\"profile\":");
        pw_json_str(o, mc_profiles[MC_PROFILE_MCOA01].key);
    }
    if (op->form == MC_OF_TLV && ds && pu_opt_fits(ds, op)) {
        fields(o, ds, b, op->len);
    } else if (op->form != MC_OF_PAD1) {
        if (ds && op->form == MC_OF_TLV) /* every field its bytes hold, then the whole body */
            fields_from(o, ds, 0, b, op->len, 1);
        if (ds)
            pw_lit(o, ",\"malformed\":true");
        pw_lit(o, ",\"data\":");
        hexstr(o, b, op->len);
    }
    pw_ch(o, '}');
}

static void opts_array(pw *o, const mc_pkt *p, const mc_layer *l)
{
    pw_lit(o, ",\"options\":[");
    for (unsigned j = 0; j < l->opt_count; j++) {
        if (j)
            pw_ch(o, ',');
        option(o, p, &p->o[l->opt_first + j]);
    }
    pw_ch(o, ']');
}

static void mh_extra(pw *o, const mc_dissection *d, int i)
{
    const mc_pkt *p = &d->pkt;
    const mc_layer *l = &p->l[i];
    int ours = i == d->mh;
    if (l->profile == MC_PROFILE_MH62) {
        pw_lit(o, ",\"profile\":");
        pw_json_str(o, mc_profiles[MC_PROFILE_MH62].key);
    }
    if (l->raw_body) {
        uint8_t sb[MC_HDR_MAX];
        size_t sn = 0;
        const mc_desc *shortd = pu_mh_short(p, l, sb, &sn);
        if (shortd) /* the fields present of a too-short message */
            fields_from(o, shortd, MC_MH_HDR_LEN, sb, sn, 1);
        pw_lit(o, ",\"data\":");
        hexstr(o, p->arena + l->tail_off, l->tail_len);
    }
    pw_lit(o, ",\"mh_type\":");
    pw_u64(o, l->code);
    pw_lit(o, ",\"csum_ok\":");
    pw_str(o, !ours || d->mh_csum_ok < 0 ? "null" : d->mh_csum_ok ? "true" : "false");
    pw_lit(o, ",\"csum_expected\":");
    pw_u64(o, ours ? d->mh_csum_expected : 0);
    pw_lit(o, ",\"declared_len\":");
    pw_u64(o, ours ? d->mh_declared : 0);
    opts_array(o, p, l);
}

static void layer(pw *o, const mc_dissection *d, int i)
{
    const mc_pkt *p = &d->pkt;
    const mc_layer *l = &p->l[i];
    pw_lit(o, "{\"layer\":\"");
    pw_str(o, l->kind == MC_LK_RAW || !l->desc ? "raw" : l->desc->key);
    pw_ch(o, '"');
    if (l->desc)
        fields(o, l->desc, l->hdr, l->len);
    if (l->kind == MC_LK_EXT6) {
        pw_lit(o, ",\"proto\":");
        pw_u64(o, l->code);
    }
    if (l->kind == MC_LK_EXT6 || l->kind == MC_LK_RAW) {
        pw_lit(o, ",\"data\":");
        hexstr(o, p->arena + l->tail_off, l->tail_len);
    }
    if (l->kind == MC_LK_MH)
        mh_extra(o, d, i);
    if (l->kind == MC_LK_DSTOPT) {
        pw_lit(o, ",\"profile\":");
        pw_json_str(o, mc_profiles[MC_PROFILE_MIP6_97].key);
        opts_array(o, p, l);
    }
    pw_ch(o, '}');
}

void mc_print_json(mc_outbuf *ob, const mc_dissection *d, uint64_t frameno, double ts)
{
    pw w, *o = &w;
    call_once(&jp_once, jp_init);
    if (pw_open(o, ob, pu_bound(d)) < 0)
        return;
    pw_lit(o, "{\"frame\":");
    pw_u64(o, frameno);
    pw_lit(o, ",\"ts\":");
    pw_ts(o, ts);
    pw_lit(o, ",\"caplen\":");
    pw_u64(o, d->caplen);
    pw_lit(o, ",\"len\":");
    pw_u64(o, d->wirelen);
    pw_lit(o, ",\"layers\":[");
    for (int i = 0; i < d->pkt.nlayers; i++) {
        if (i)
            pw_ch(o, ',');
        layer(o, d, i);
    }
    pw_lit(o, "],\"notes\":[");
    for (unsigned i = 0; i < d->nnotes; i++) {
        const mc_note *n = &d->notes[i];
        pw_str(o, i ? ",{\"kind\":\"" : "{\"kind\":\"");
        pw_str(o, pu_note_kind(n->kind));
        pw_lit(o, "\",\"off\":");
        pw_u64(o, n->off);
        pw_lit(o, ",\"text\":");
        pw_json_str(o, n->text);
        pw_ch(o, '}');
    }
    pw_lit(o, "]}\n");
    pw_close(o);
}
