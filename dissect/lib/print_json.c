/*
 * print_json.c - one JSON object per frame (JSON Lines), exactly as
 * dissect/JSON.md says.  Keys are the wire model's field keys, so the
 * printer is a walk over the layouts of wire/tables.c.  No printf, no
 * allocation beyond the output buffer.
 */
#include <stdint.h>
#include <string.h>
#include "mcoa/dissect.h"
#include "print_util.h"

static void key(pw *o, const char *k)
{
    /* keys are the model's identifiers: nothing to escape */
    pw_lit(o, ",\"");
    pw_str(o, k);
    pw_lit(o, "\":");
}

/* `,"key":` of a field, built once: every frame prints the same keys, and
 * building them (strlen and three copies) was a fifth of the JSON time.
 * The fields are the wire model's static tables, so their addresses are
 * stable keys. */
static void field_key(pw *o, const mc_field *f)
{
    static struct {
        const mc_field *f;
        uint8_t n;
        char s[40];
    } cache[1024];
    size_t h = ((uintptr_t)f / sizeof *f) & 1023u;
    if (cache[h].f != f) {
        size_t k = strlen(f->key);
        if (k + 4 > sizeof cache[h].s) {
            key(o, f->key);
            return;
        }
        cache[h].s[0] = ',';
        cache[h].s[1] = '"';
        memcpy(cache[h].s + 2, f->key, k);
        cache[h].s[k + 2] = '"';
        cache[h].s[k + 3] = ':';
        cache[h].n = (uint8_t)(k + 4);
        cache[h].f = f;
    }
    pw_mem(o, cache[h].s, cache[h].n);
}

static void hexstr(pw *o, const uint8_t *b, size_t n)
{
    pw_ch(o, '"');
    pw_hexbytes(o, b, n);
    pw_ch(o, '"');
}

static void value(pw *o, const mc_field *f, const uint8_t *b, size_t len)
{
    long n = pu_field_bytes(f, len);
    uint64_t v = 0;
    if (n < 0) {
        pw_lit(o, "null");
        return;
    }
    switch (f->kind) {
    case MC_FK_UINT:
        mc_field_get(f, b, len, &v);
        pw_u64(o, v);
        if (f->names) {
            const char *name = pu_value_name(f, v);
            pw_lit(o, ",\"");
            pw_str(o, f->key);
            pw_lit(o, "_name\":");
            if (name)
                pw_json_str(o, name);
            else
                pw_lit(o, "null");
        }
        break;
    case MC_FK_FLAG:
        mc_field_get(f, b, len, &v);
        pw_str(o, v ? "true" : "false");
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

static void fields(pw *o, const mc_desc *ds, const uint8_t *b, size_t len)
{
    for (int i = 0; i < ds->nfields; i++) {
        field_key(o, &ds->fields[i]);
        value(o, &ds->fields[i], b, len);
    }
}

static void option(pw *o, const mc_pkt *p, const mc_opt *op)
{
    const mc_desc *ds = op->form == MC_OF_TLV ? mc_opt_desc(op->type) : NULL;
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
    if (op->form == MC_OF_TLV && ds && pu_opt_fits(ds, op)) {
        fields(o, ds, b, op->len);
    } else if (op->form != MC_OF_PAD1) {
        if (ds && op->form == MC_OF_TLV) { /* every field its bytes hold, then the whole body */
            for (int i = 0; i < ds->nfields; i++)
                if (pu_field_shown(&ds->fields[i], op->len)) {
                    field_key(o, &ds->fields[i]);
                    value(o, &ds->fields[i], b, op->len);
                }
        }
        if (ds)
            pw_lit(o, ",\"malformed\":true");
        pw_lit(o, ",\"data\":");
        hexstr(o, b, op->len);
    }
    pw_ch(o, '}');
}

static void mh_extra(pw *o, const mc_dissection *d, int i)
{
    const mc_pkt *p = &d->pkt;
    const mc_layer *l = &p->l[i];
    int ours = i == d->mh;
    if (l->raw_body) {
        uint8_t sb[MC_HDR_MAX];
        size_t sn = 0;
        const mc_desc *shortd = pu_mh_short(p, l, sb, &sn);
        for (int j = 0; shortd && j < shortd->nfields; j++) /* the fields present of a too-short message */
            if (shortd->fields[j].off >= MC_MH_HDR_LEN && pu_field_shown(&shortd->fields[j], sn)) {
                field_key(o, &shortd->fields[j]);
                value(o, &shortd->fields[j], sb, sn);
            }
        key(o, "data");
        hexstr(o, p->arena + l->tail_off, l->tail_len);
    }
    key(o, "mh_type");
    pw_u64(o, l->code);
    key(o, "csum_ok");
    pw_str(o, !ours || d->mh_csum_ok < 0 ? "null" : d->mh_csum_ok ? "true" : "false");
    key(o, "csum_expected");
    pw_u64(o, ours ? d->mh_csum_expected : 0);
    key(o, "declared_len");
    pw_u64(o, ours ? d->mh_declared : 0);
    pw_lit(o, ",\"options\":[");
    for (unsigned j = 0; j < l->opt_count; j++) {
        if (j)
            pw_ch(o, ',');
        option(o, p, &p->o[l->opt_first + j]);
    }
    pw_ch(o, ']');
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
        key(o, "proto");
        pw_u64(o, l->code);
    }
    if (l->kind == MC_LK_EXT6 || l->kind == MC_LK_RAW) {
        key(o, "data");
        hexstr(o, p->arena + l->tail_off, l->tail_len);
    }
    if (l->kind == MC_LK_MH)
        mh_extra(o, d, i);
    pw_ch(o, '}');
}

void mc_print_json(mc_outbuf *ob, const mc_dissection *d, uint64_t frameno, double ts)
{
    pw w, *o = &w;
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
