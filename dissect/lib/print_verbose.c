/*
 * print_verbose.c - the verbose tree (-v): every layer, message and option
 * with its RFC name and clause, every field with its RFC label from the
 * wire model ("Label: value"), statuses and codes with their names, the
 * checksum verdict and every note.
 */
#include "mcoa/dissect.h"
#include "print_util.h"

static void indent(mc_outbuf *o, int n)
{
    static const char sp[] = "                ";
    mc_out_mem(o, sp, (size_t)n < sizeof sp - 1 ? (size_t)n : sizeof sp - 1);
}

static void at(mc_outbuf *o, uint64_t bytes, const char *what, uint64_t off)
{
    mc_out_str(o, ", ");
    mc_out_u64(o, bytes);
    mc_out_str(o, " bytes at ");
    mc_out_str(o, what);
    mc_out_u64(o, off);
}

static void title(mc_outbuf *o, int ind, const mc_desc *ds)
{
    indent(o, ind);
    mc_out_str(o, ds->label);
    mc_out_str(o, " (");
    mc_out_str(o, ds->rfc);
    mc_out_ch(o, ')');
}

/* "Label: value" for one field; `mh` gives the checksum verdict. */
static void field(mc_outbuf *o, int ind, const mc_field *f, const uint8_t *b, size_t len, const mc_dissection *d,
                  int mh)
{
    long n = pu_field_bytes(f, len);
    uint64_t v = 0;
    indent(o, ind);
    mc_out_str(o, f->label);
    if (f->kind == MC_FK_FLAG) {
        mc_out_str(o, " (");
        mc_out_str(o, f->key);
        mc_out_ch(o, ')');
    }
    mc_out_str(o, ": ");
    if (n < 0) {
        mc_out_str(o, "(not present)\n");
        return;
    }
    switch (f->kind) {
    case MC_FK_UINT: {
        mc_field_get(f, b, len, &v);
        if (pu_hexish(f))
            mc_out_hex(o, v);
        else
            mc_out_u64(o, v);
        const char *name = pu_value_name(f, v);
        if (name) {
            mc_out_str(o, " (");
            mc_out_str(o, name);
            mc_out_ch(o, ')');
        } else if (f->names) {
            mc_out_str(o, " (unknown)");
        } else if (pu_is_4s_units(f)) {
            mc_out_str(o, " (");
            mc_out_u64(o, v * 4);
            mc_out_str(o, " s)");
        }
        if (mh && strcmp(f->key, "hlen") == 0) {
            mc_out_str(o, " (");
            mc_out_u64(o, (v + 1) * 8);
            mc_out_str(o, " bytes)");
        }
        if (mh && strcmp(f->key, "csum") == 0) {
            if (d->mh_csum_ok < 0) {
                mc_out_str(o, " [not checked: header not all captured]");
            } else if (d->mh_csum_ok) {
                mc_out_str(o, " [correct]");
            } else {
                mc_out_str(o, " [wrong, should be ");
                pu_hexw(o, d->mh_csum_expected, 4);
                mc_out_ch(o, ']');
            }
        }
        break;
    }
    case MC_FK_FLAG:
        mc_field_get(f, b, len, &v);
        mc_out_str(o, v ? "1" : "0");
        break;
    case MC_FK_IP6: mc_out_ip6(o, b + f->off); break;
    case MC_FK_IP4: mc_out_ip4(o, b + f->off); break;
    case MC_FK_MAC: mc_out_mac(o, b + f->off); break;
    case MC_FK_IPX:
        if (n == 16)
            mc_out_ip6(o, b + f->off);
        else if (n == 4)
            mc_out_ip4(o, b + f->off);
        else
            mc_out_str(o, n ? "(bad length)" : "(absent)");
        break;
    default:
        if (n)
            mc_out_hexbytes(o, b + f->off, (size_t)n);
        else
            mc_out_str(o, "(none)");
        break;
    }
    mc_out_ch(o, '\n');
}

static void fields(mc_outbuf *o, int ind, const mc_desc *ds, const uint8_t *b, size_t len, const mc_dissection *d,
                   int mh)
{
    for (int i = 0; i < ds->nfields; i++)
        field(o, ind, &ds->fields[i], b, len, d, mh);
}

static void data(mc_outbuf *o, int ind, const char *label, const uint8_t *b, size_t n)
{
    indent(o, ind);
    mc_out_str(o, label);
    mc_out_str(o, ": ");
    if (n)
        mc_out_hexbytes(o, b, n);
    else
        mc_out_str(o, "(none)");
    mc_out_ch(o, '\n');
}

/* "Profile: KEY, NAME (SOURCE)" and how it differs from the RFCs, from the
 * one table that names the legacy profiles (wire/tables.c). */
static void profile(mc_outbuf *o, int ind, int id)
{
    const mc_profile *pf = &mc_profiles[id];
    indent(o, ind);
    mc_out_str(o, "Profile: ");
    mc_out_str(o, pf->key);
    mc_out_str(o, ", ");
    mc_out_str(o, pf->name);
    mc_out_str(o, " (");
    mc_out_str(o, pf->source);
    mc_out_str(o, ")\n");
    indent(o, ind);
    mc_out_str(o, "Differences: ");
    mc_out_str(o, pf->diff);
    mc_out_ch(o, '\n');
}

/* One mobility option (RFC 6275 6.2.1: Type, Length, body), or one
 * destination option of a draft-era dstopts header. */
static void option(mc_outbuf *o, const mc_dissection *d, const mc_opt *op)
{
    const mc_pkt *p = &d->pkt;
    const mc_desc *ds = op->form == MC_OF_TLV ? mc_opt_layout(op) : NULL;
    const uint8_t *b = mc_opt_cbody(p, op);
    indent(o, 6);
    if (op->form == MC_OF_PAD1) {
        mc_out_str(o, op->space == MC_OS_DST ? "Pad1 (RFC 8200 4.2) at header offset " : "Pad1 (RFC 6275 6.2.2) at MH offset ");
        mc_out_u64(o, op->wire_off);
        mc_out_ch(o, '\n');
        return;
    }
    if (op->form == MC_OF_BYTES) {
        mc_out_str(o, op->space == MC_OS_DST ? "Option bytes without a Type/Length frame at header offset "
                                             : "Option bytes without a Type/Length frame at MH offset ");
        mc_out_u64(o, op->wire_off);
        mc_out_ch(o, '\n');
        data(o, 8, "Data", b, op->len);
        return;
    }
    if (ds) {
        mc_out_str(o, ds->label);
        mc_out_str(o, " (");
        mc_out_str(o, ds->rfc);
        mc_out_ch(o, ')');
    } else {
        mc_out_str(o, "Unknown option");
    }
    mc_out_str(o, ", type ");
    mc_out_u64(o, op->type);
    mc_out_str(o, ", length ");
    mc_out_u64(o, pu_opt_lenbyte(op));
    if (op->lenfield >= 0) {
        mc_out_str(o, " (");
        mc_out_u64(o, op->len);
        mc_out_str(o, " present)");
    }
    mc_out_str(o, op->space == MC_OS_DST ? ", at header offset " : ", at MH offset ");
    mc_out_u64(o, op->wire_off);
    if (op->noalign)
        mc_out_str(o, " (misaligned, RFC 6275 6.2.1)");
    mc_out_ch(o, '\n');
    if (op->space == MC_OS_BID01)
        profile(o, 8, MC_PROFILE_MCOA01);
    if (ds)
        fields(o, 8, ds, b, op->len, d, 0);
    if (ds && pu_opt_fits(ds, op))
        return;
    if (ds) { /* the fields its bytes hold are above; the note says what is wrong */
        indent(o, 8);
        mc_out_str(o, "(length does not fit the layout)\n");
    }
    data(o, 8, "Option Data", b, op->len);
}

static void mh_layer(mc_outbuf *o, const mc_dissection *d, int i)
{
    const mc_pkt *p = &d->pkt;
    const mc_layer *l = &p->l[i];
    int ours = i == d->mh;
    title(o, 2, l->desc);
    if (l->raw_body) {
        mc_out_str(o, ", MH type ");
        mc_out_u64(o, l->code);
        const mc_desc *known = mc_mh_desc(l->code);
        if (known) {
            mc_out_str(o, " (");
            mc_out_str(o, known->label);
            mc_out_str(o, ", too short)");
        } else {
            mc_out_str(o, " (unknown)");
        }
    }
    at(o, l->wire_len, "offset ", l->wire_off);
    if (ours) {
        mc_out_str(o, "; Header Len declares ");
        mc_out_u64(o, d->mh_declared);
        mc_out_str(o, ", ");
        mc_out_u64(o, d->mh_present);
        mc_out_str(o, " present");
    }
    mc_out_ch(o, '\n');
    if (l->profile == MC_PROFILE_MH62)
        profile(o, 4, MC_PROFILE_MH62);
    fields(o, 4, l->desc, l->hdr, l->len, d, ours);
    uint8_t sb[MC_HDR_MAX];
    size_t sn = 0;
    const mc_desc *shortd = pu_mh_short(p, l, sb, &sn);
    for (int j = 0; shortd && j < shortd->nfields; j++)
        if (shortd->fields[j].off >= MC_MH_HDR_LEN)
            field(o, 4, &shortd->fields[j], sb, sn, d, 0);
    if (l->raw_body) {
        data(o, 4, "Message Data", p->arena + l->tail_off, l->tail_len);
        return;
    }
    if (l->opt_count) {
        indent(o, 4);
        mc_out_str(o, "Mobility Options (RFC 6275 6.2):\n");
    }
    for (unsigned j = 0; j < l->opt_count; j++)
        option(o, d, &p->o[l->opt_first + j]);
}

void mc_print_verbose(mc_outbuf *o, const mc_dissection *d, uint64_t frameno, double ts)
{
    const mc_pkt *p = &d->pkt;
    mc_out_str(o, "frame ");
    mc_out_u64(o, frameno);
    mc_out_str(o, " at ");
    pu_ts(o, ts);
    mc_out_str(o, ": ");
    mc_out_u64(o, d->caplen);
    mc_out_str(o, " bytes captured, ");
    mc_out_u64(o, d->wirelen);
    mc_out_str(o, " on the wire, link type ");
    mc_out_u64(o, (uint64_t)(unsigned)d->linktype);
    mc_out_ch(o, '\n');
    for (int i = 0; i < p->nlayers; i++) {
        const mc_layer *l = &p->l[i];
        switch (l->kind) {
        case MC_LK_MH:
            mh_layer(o, d, i);
            break;
        case MC_LK_DSTOPT:
            title(o, 2, l->desc);
            at(o, l->wire_len, "offset ", l->wire_off);
            mc_out_ch(o, '\n');
            profile(o, 4, MC_PROFILE_MIP6_97);
            fields(o, 4, l->desc, l->hdr, l->len, d, 0);
            if (l->opt_count) {
                indent(o, 4);
                mc_out_str(o, "Destination Options (RFC 8200 4.6, draft-ietf-mobileip-ipv6-04 5):\n");
            }
            for (unsigned j = 0; j < l->opt_count; j++)
                option(o, d, &p->o[l->opt_first + j]);
            break;
        case MC_LK_RAW:
            indent(o, 2);
            mc_out_str(o, "Data");
            at(o, l->tail_len, "offset ", l->wire_off);
            mc_out_ch(o, '\n');
            data(o, 4, "Data", p->arena + l->tail_off, l->tail_len);
            break;
        case MC_LK_EXT6:
            title(o, 2, l->desc);
            mc_out_str(o, ", protocol ");
            mc_out_u64(o, l->code);
            at(o, l->wire_len, "offset ", l->wire_off);
            mc_out_ch(o, '\n');
            fields(o, 4, l->desc, l->hdr, l->len, d, 0);
            data(o, 4, "Header Data", p->arena + l->tail_off, l->tail_len);
            break;
        default:
            title(o, 2, l->desc);
            at(o, l->wire_len, "offset ", l->wire_off);
            mc_out_ch(o, '\n');
            fields(o, 4, l->desc, l->hdr, l->len, d, 0);
            break;
        }
    }
    for (unsigned i = 0; i < d->nnotes; i++) {
        const mc_note *n = &d->notes[i];
        mc_out_str(o, "  note (");
        mc_out_str(o, pu_note_kind(n->kind));
        mc_out_str(o, ") at offset ");
        mc_out_u64(o, n->off);
        mc_out_str(o, ": ");
        mc_out_str(o, n->text);
        mc_out_ch(o, '\n');
    }
}
