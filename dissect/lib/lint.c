/*
 * lint.c - check a dissected packet against the format rules of RFC 6275
 * (Mobile IPv6) and RFC 5648 (Multiple Care-of Addresses Registration).
 *
 * The lint does not trust the dissector's choice of how to represent a
 * broken Mobility Header (a lying Length byte, a cut option, raw bytes).
 * It rebuilds the Mobility Header bytes from the model (fixed part, then
 * every option as Type/Length/body, Pad1 and raw bytes as they are; the
 * model lists padding explicitly, so these are the wire bytes) and walks
 * the options itself, exactly as a receiver would (RFC 6275 6.2.1).
 * Every offset and field comes from the wire model (wire/tables.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "mcoa/lint.h"

/* ---- the rules ----------------------------------------------------------
 * One id per rule; the clause is the section of the RFC text the rule
 * quotes, the level the RFC's own key word.  Where the RFC states a format
 * without a key word (alignment, where an option may appear), the level is
 * what the sentence implies and is noted below. */
enum rule_ix {
    R_MH_CHECKSUM, R_MH_HLEN, R_MH_TRUNCATED, R_MH_PAYLOAD_PROTO, R_MH_RESERVED,
    R_MSG_RESERVED, R_BU_RESERVED, R_BA_RESERVED, R_MH_HAO, R_MH_RH2,
    R_OPT_OVERRUN, R_OPT_ALIGN, R_OPT_LENGTH, R_AUTH_LAST,
    R_BID_LENGTH, R_BID_COA_ROUTABLE, R_BID_ZERO, R_BID_RESERVED, R_BID_MESSAGE,
    R_BID_COA_OUTSIDE_BU, R_BID_H_OUTSIDE, R_BID_HOME_COA, R_BID_DUP, R_LLA_CODE, R_HOME_LLA,
    R_BU_O_NO_BID, R_BULK_TO_CN, R_CN_BA_BID_STATUS, R_BA_NOTCOMPLETE,
    R_BID_ALTCOA, R_BID_IPV4COA_OPT, R_BID_IPV4_TO_CN,
    R_LEGACY_MH62, R_LEGACY_BID01, R_LEGACY_DSTOPT,
    R_COUNT
};

const mc_lint_rule mc_lint_rules[] = {
    /* RFC 6275 6.1.1 / 9.2: a receiver MUST verify the checksum and discard. */
    [R_MH_CHECKSUM] = {"mh-checksum", "RFC6275 6.1.1", MC_LINT_MUST,
                       "Mobility Header checksum is wrong"},
    /* "The length of the Mobility Header MUST be a multiple of 8 octets";
     * 9.2: Header Len below the message's minimum is an error. */
    [R_MH_HLEN] = {"mh-hlen", "RFC6275 6.1.1", MC_LINT_MUST,
                   "Header Len does not match the Mobility Header (8-octet units, at least the message's fixed part)"},
    [R_MH_TRUNCATED] = {"mh-truncated", "RFC6275 6.1.1", MC_LINT_MUST,
                        "Header Len claims more octets than the packet carries"},
    /* RFC 6275 6.1.1 says SHOULD, not MUST, for IPPROTO_NONE. */
    [R_MH_PAYLOAD_PROTO] = {"mh-payload-proto", "RFC6275 6.1.1", MC_LINT_SHOULD,
                            "Payload Proto should be IPPROTO_NONE (59)"},
    [R_MH_RESERVED] = {"mh-reserved", "RFC6275 6.1.1", MC_LINT_MUST,
                       "Mobility Header Reserved octet must be zero"},
    [R_MSG_RESERVED] = {"msg-reserved", "RFC6275 6.1.2-6.1.4, 6.1.9", MC_LINT_MUST,
                        "Reserved field of the BRR, HoTI, CoTI or BE must be zero"},
    [R_BU_RESERVED] = {"bu-reserved", "RFC6275 6.1.7, RFC5648 4.2", MC_LINT_MUST,
                       "Binding Update Reserved bits must be zero"},
    [R_BA_RESERVED] = {"ba-reserved", "RFC6275 6.1.8", MC_LINT_MUST,
                       "Binding Acknowledgement Reserved bits must be zero"},
    /* RFC 6275 6.1: "Mobility Header messages also MUST NOT be used with a
     * Home Address destination option, except ... for Binding Update", and
     * likewise the type 2 routing header except for Binding Acknowledgement. */
    [R_MH_HAO] = {"mh-hao-not-bu", "RFC6275 6.1", MC_LINT_MUST,
                  "Home Address option with a Mobility Header message other than a Binding Update"},
    [R_MH_RH2] = {"mh-rh2-not-ba", "RFC6275 6.1", MC_LINT_MUST,
                  "Type 2 Routing Header with a Mobility Header message other than a Binding Acknowledgement"},
    [R_OPT_OVERRUN] = {"opt-overrun", "RFC6275 6.2.1", MC_LINT_MUST,
                       "mobility option runs past the end of the Mobility Header"},
    /* RFC 6275 6.2 states alignment as a convention ("are aligned"),
     * RFC 5648 4.3 as a requirement without a key word: SHOULD. */
    [R_OPT_ALIGN] = {"opt-align", "RFC6275 6.2.1, RFC5648 4.3", MC_LINT_SHOULD,
                     "mobility option does not meet its alignment requirement (BID 2n / 8n+2)"},
    [R_OPT_LENGTH] = {"opt-length", "RFC6275 6.2.4-6.2.7", MC_LINT_MUST,
                      "known mobility option with a wrong Length (BRA 2, AltCoA 16, Nonce 4, Auth 12, ...)"},
    /* RFC 6275 6.2.7: "this option must be the last mobility option". */
    [R_AUTH_LAST] = {"auth-not-last", "RFC6275 6.2.7", MC_LINT_MUST,
                     "Binding Authorization Data option is not the last option"},
    [R_BID_LENGTH] = {"bid-length", "RFC5648 4.3", MC_LINT_MUST,
                      "BID option Length must be 4, 8 or 20 (MCOA MALFORMED)"},
    [R_BID_COA_ROUTABLE] = {"bid-coa-not-routable", "RFC5648 4.3, 6.2", MC_LINT_MUST,
                            "Care-of Address in a BID option is not unicast routable (MCOA MALFORMED)"},
    [R_BID_ZERO] = {"bid-zero", "RFC5648 4.3", MC_LINT_SHOULD,
                    "BID value zero is reserved and SHOULD NOT be used"},
    [R_BID_RESERVED] = {"bid-reserved", "RFC5648 4.3", MC_LINT_MUST,
                        "BID option Reserved bits must be zero"},
    /* 4.3 lists where the option is included; elsewhere it is undefined. */
    [R_BID_MESSAGE] = {"bid-message", "RFC5648 4.3", MC_LINT_MUST,
                       "BID option in a message other than BU, BA, BRR, CoTI or CoT"},
    [R_BID_COA_OUTSIDE_BU] = {"bid-coa-outside-bu", "RFC5648 4.3", MC_LINT_MUST,
                              "Care-of Address field in a BID option outside a Binding Update"},
    /* 4.3: the H flag "is valid only for a Binding Update sent to the home agent". */
    [R_BID_H_OUTSIDE] = {"bid-h-not-home-bu", "RFC5648 4.3", MC_LINT_MUST,
                         "BID H flag outside a Binding Update to the home agent"},
    /* 5.6.3: a home binding has the H flag and the home address as CoA. */
    [R_BID_HOME_COA] = {"bid-home-coa", "RFC5648 5.6.3", MC_LINT_MUST,
                        "BID H flag and Care-of Address = home address must go together"},
    [R_BID_DUP] = {"bid-duplicate", "RFC5648 5.1", MC_LINT_MUST,
                   "the same BID appears twice in one Binding Update (a BID is unique per home address)"},
    [R_LLA_CODE] = {"lla-code", "RFC5648 5.6.3", MC_LINT_MUST,
                    "Link-Layer Address option in a home binding must have Option-Code 2"},
    [R_HOME_LLA] = {"home-lla-missing", "RFC5648 5.6.3", MC_LINT_SHOULD,
                    "home binding registration without a Mobility Header Link-Layer Address option"},
    /* 4.2: O "is only used when the BID mobility option is carried". */
    [R_BU_O_NO_BID] = {"bu-o-without-bid", "RFC5648 4.2", MC_LINT_MUST,
                       "O flag set in a Binding Update without a BID option"},
    /* 5.3: bulk registration is only for the home registration; 6.2: a
     * correspondent node MUST reject it (MCOA BULK REGISTRATION PROHIBITED). */
    [R_BULK_TO_CN] = {"bulk-to-cn", "RFC5648 5.3, 6.2", MC_LINT_MUST,
                      "bulk registration (several BID options) in a Binding Update to a correspondent node"},
    [R_CN_BA_BID_STATUS] = {"cn-ba-bid-status", "RFC5648 6.2", MC_LINT_MUST,
                            "Binding Acknowledgement from a correspondent node with a non-zero BID Status"},
    /* 6.2: a status specific to one binding of a bulk registration goes in
     * the BID option and the BA Status MUST be MCOA NOTCOMPLETE; 4.4: under
     * MCOA NOTCOMPLETE the failed BIDs carry their own status. */
    [R_BA_NOTCOMPLETE] = {"ba-notcomplete", "RFC5648 4.4, 6.2", MC_LINT_MUST,
                          "per-BID statuses and BA Status MCOA NOTCOMPLETE (4) must go together"},
    [R_BID_ALTCOA] = {"bid-altcoa", "RFC5648 5.2", MC_LINT_MUST,
                      "Alternate Care-of Address option in a Binding Update carrying a BID option"},
    [R_BID_IPV4COA_OPT] = {"bid-ipv4coa-opt", "RFC5648 8.1", MC_LINT_MUST,
                           "IPv4 Care-of Address option used together with a BID option"},
    [R_BID_IPV4_TO_CN] = {"bid-ipv4-coa-to-cn", "RFC5648 4.3", MC_LINT_MUST,
                          "IPv4 care-of address in a BID option of a Binding Update to a correspondent node"},
    /* The legacy profiles (wire.h mc_profiles): draft-era forms that RFC
     * 6275 / RFC 5648 replaced.  6.1.1: "identified by a Next Header value
     * of 135"; 5648 4.3 / 6275 6.1: the BID option and the Mobility Header
     * messages are the only forms. */
    [R_LEGACY_MH62] = {"mh-next-header-62", "RFC6275 6.1.1", MC_LINT_MUST,
                       "Mobility Header under next header 62, the draft-era number (RFC 6275: 135)"},
    [R_LEGACY_BID01] = {"bid-draft-01", "RFC5648 4.3", MC_LINT_MUST,
                        "draft-ietf-monami6-multiplecoa-01 Binding Unique Identifier sub-option, not the RFC 5648 "
                        "BID option"},
    [R_LEGACY_DSTOPT] = {"draft-binding-option", "RFC6275 6.1", MC_LINT_MUST,
                         "draft-era binding option, not RFC 6275 (a draft-ietf-mobileip-ipv6-04 destination option "
                         "instead of a Mobility Header message)"},
};
const size_t mc_lint_nrules = sizeof(mc_lint_rules) / sizeof(mc_lint_rules[0]);
_Static_assert(sizeof(mc_lint_rules) / sizeof(mc_lint_rules[0]) == R_COUNT, "one entry per rule");

/* ---- cross-packet context ----------------------------------------------- */
void mc_lint_ctx_init(mc_lint_ctx *c)
{
    memset(c, 0, sizeof(*c));
}

static int ctx_is_cn(const mc_lint_ctx *c, const uint8_t a[16])
{
    for (size_t i = 0; c && i < c->ncn; i++)
        if (memcmp(c->cn[i], a, 16) == 0)
            return 1;
    return 0;
}

void mc_lint_ctx_add_cn(mc_lint_ctx *c, const uint8_t addr[16])
{
    if (ctx_is_cn(c, addr))
        return;
    if (c->ncn < MC_LINT_MAX_CN) {
        memcpy(c->cn[c->ncn++], addr, 16);
        return;
    }
    memcpy(c->cn[c->next_cn], addr, 16); /* full: overwrite the oldest */
    c->next_cn = (c->next_cn + 1) % MC_LINT_MAX_CN;
}

/* ---- one lint run --------------------------------------------------------- */
#define MH_MAX_LEN 2048 /* (255 + 1) * 8: the largest Header Len */

typedef struct walked_opt {
    uint8_t type;
    uint8_t len;      /* the Length byte (0 for Pad1) */
    uint16_t off;     /* Type byte, from the start of the Mobility Header */
} walked_opt;

typedef struct run {
    mc_lint_ctx *ctx;
    const mc_dissection *d;
    mc_finding *out;
    size_t max, n;
    int mh_ix;                  /* MH layer index */
    uint32_t mh_off;            /* MH offset in the frame */
    size_t have;                /* bytes in b */
    size_t declared;            /* (Header Len + 1) * 8 */
    int type;                   /* MH Type, -1 if not even that is present */
    const mc_desc *md;          /* layout of that type, NULL if unknown */
    const uint8_t *src, *dst;   /* innermost IPv6 header carrying the MH */
    const uint8_t *hao_home;    /* Home Address option, if any */
    int has_rh2;
    size_t nopts;
    /* the big arrays last: mc_lint clears only what comes before them */
    uint8_t b[MH_MAX_LEN];      /* MH bytes rebuilt from the model */
    walked_opt opts[MH_MAX_LEN];
} run;

static void add(run *r, int rule, int opt, uint32_t off, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void add(run *r, int rule, int opt, uint32_t off, const char *fmt, ...)
{
    if (r->n >= r->max)
        return;
    mc_finding *f = &r->out[r->n++];
    f->rule = &mc_lint_rules[rule];
    f->layer = (int16_t)r->mh_ix;
    f->opt = (int16_t)opt;
    f->off = off;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->text, sizeof(f->text), fmt, ap);
    va_end(ap);
}

/* Finding about the walked option i (its offset in the frame). */
#define OPT_AT(r, i) (int)(i), (r)->mh_off + (r)->opts[i].off

static void put_bytes(run *r, const uint8_t *p, size_t n)
{
    size_t room = sizeof(r->b) - r->have;
    if (n > room)
        n = room;
    memcpy(r->b + r->have, p, n);
    r->have += n;
}

/* Rebuild the Mobility Header bytes from the model: fixed part, options as
 * written on the wire, then any raw tail. */
static void rebuild_mh(run *r, const mc_layer *l)
{
    const mc_pkt *p = &r->d->pkt;
    put_bytes(r, l->hdr, l->len < sizeof(l->hdr) ? l->len : sizeof(l->hdr));
    for (size_t i = 0; !l->raw_body && i < l->opt_count; i++) {
        size_t k = (size_t)l->opt_first + i;
        if (k >= p->nopts || k >= MC_MAX_OPTS)
            break;
        const mc_opt *o = &p->o[k];
        const uint8_t *body = (o->off < MC_ARENA_MAX) ? mc_opt_cbody(p, o) : NULL;
        size_t blen = body ? o->len : 0;
        if (body && o->off + blen > MC_ARENA_MAX)
            blen = MC_ARENA_MAX - o->off;
        if (o->form == MC_OF_PAD1) {
            uint8_t z = MC_OPT_PAD1;
            put_bytes(r, &z, 1);
        } else if (o->form == MC_OF_BYTES) {
            put_bytes(r, body, blen);
        } else {
            uint8_t tl[2] = {o->type, (uint8_t)(o->lenfield >= 0 ? o->lenfield : o->len)};
            put_bytes(r, tl, 2);
            put_bytes(r, body, blen);
        }
    }
    if (l->tail_len && l->tail_off < MC_ARENA_MAX) {
        size_t n = l->tail_len;
        if (l->tail_off + n > MC_ARENA_MAX)
            n = MC_ARENA_MAX - l->tail_off;
        put_bytes(r, p->arena + l->tail_off, n);
    }
}

static const uint8_t *layer_ip6(const mc_layer *l, const char *key)
{
    const mc_field *f = mc_field_by_key(l->desc ? l->desc : &mc_desc_ipv6, key);
    if (!f || f->kind != MC_FK_IP6 || (size_t)f->off + 16 > l->len)
        return NULL;
    return l->hdr + f->off;
}

/* The IPv6 header that carries the Mobility Header and the extension
 * headers between them. */
static int find_carrier(run *r)
{
    const mc_pkt *p = &r->d->pkt;
    int ip6 = -1;
    for (int i = 0; i < r->mh_ix; i++)
        if (p->l[i].kind == MC_LK_IPV6)
            ip6 = i;
    if (ip6 < 0)
        return -1;
    r->src = layer_ip6(&p->l[ip6], "src");
    r->dst = layer_ip6(&p->l[ip6], "dst");
    for (int i = ip6 + 1; i < r->mh_ix; i++) {
        if (p->l[i].kind == MC_LK_HAO)
            r->hao_home = layer_ip6(&p->l[i], "home");
        else if (p->l[i].kind == MC_LK_RH2)
            r->has_rh2 = 1;
    }
    return ip6;
}

/* Octets of the Mobility Header the packet carries: up to the end of the
 * IPv6 payload (or of the frame, if it ends first).  *snapped is set when
 * the capture, not the packet, cut it short. */
static size_t mh_available(const run *r, int ip6, int *snapped)
{
    const mc_dissection *d = r->d;
    size_t end = d->caplen;
    *snapped = 0;
    if (ip6 >= 0) {
        const mc_layer *l = &d->pkt.l[ip6];
        uint64_t plen = 0;
        if (mc_layer_get(l, "plen", &plen) == 0 && plen > 0) {
            size_t pend = (size_t)l->wire_off + mc_desc_ipv6.fixed_len + (size_t)plen;
            if (pend <= end)
                end = pend;
            else if (d->caplen < d->wirelen)
                *snapped = 1;
        }
    }
    return end > r->mh_off ? end - r->mh_off : 0;
}

static int msg_get(const run *r, const char *key, uint64_t *v)
{
    const mc_field *f = r->md ? mc_field_by_key(r->md, key) : NULL;
    return f ? mc_field_get(f, r->b, r->have, v) : -1;
}

/* ---- Mobility Header rules (RFC 6275 6.1) -------------------------------- */
static void check_header(run *r, int ip6)
{
    int snapped;
    size_t avail = mh_available(r, ip6, &snapped);
    uint64_t v;

    if (r->d->mh_csum_ok == 0) {
        uint16_t found = r->have >= MC_MH_HDR_LEN ? mc_get16(r->b + 4) : 0;
        add(r, R_MH_CHECKSUM, -1, r->mh_off + 4, "checksum 0x%04x, expected 0x%04x",
            found, r->d->mh_csum_expected);
    }
    if (r->declared < avail)
        add(r, R_MH_HLEN, -1, r->mh_off + 1, "Header Len %zu says %zu octets, the packet carries %zu",
            r->declared / 8 - 1, r->declared, avail);
    else if (r->md && r->declared < r->md->fixed_len)
        add(r, R_MH_HLEN, -1, r->mh_off + 1, "Header Len %zu says %zu octets, a %s needs at least %u",
            r->declared / 8 - 1, r->declared, r->md->abbr, r->md->fixed_len);
    if (r->declared > avail && !snapped)
        add(r, R_MH_TRUNCATED, -1, r->mh_off + 1, "Header Len %zu says %zu octets, the packet carries %zu",
            r->declared / 8 - 1, r->declared, avail);
    if (r->b[0] != MC_IPPROTO_NONE)
        add(r, R_MH_PAYLOAD_PROTO, -1, r->mh_off, "Payload Proto %u", r->b[0]);
    if (r->have > 3 && r->b[3] != 0)
        add(r, R_MH_RESERVED, -1, r->mh_off + 3, "Reserved 0x%02x", r->b[3]);
    if (r->hao_home && r->type != MC_MH_BU)
        add(r, R_MH_HAO, -1, r->mh_off, "Home Address option with MH Type %d", r->type);
    if (r->has_rh2 && r->type != MC_MH_BA)
        add(r, R_MH_RH2, -1, r->mh_off, "Type 2 Routing Header with MH Type %d", r->type);

    /* The message's own Reserved field (the common one is "mhres"). */
    const mc_field *res = r->md ? mc_field_by_key(r->md, "res") : NULL;
    if (res && (size_t)res->off + res->width <= r->have && msg_get(r, "res", &v) == 0 && v) {
        int rule = r->type == MC_MH_BU ? R_BU_RESERVED : r->type == MC_MH_BA ? R_BA_RESERVED : R_MSG_RESERVED;
        add(r, rule, -1, r->mh_off + res->off, "%s Reserved 0x%llx", r->md->abbr, (unsigned long long)v);
    }
}

/* Walk the options like a receiver (RFC 6275 6.2.1). */
static void walk_options(run *r)
{
    size_t lim = r->declared < r->have ? r->declared : r->have;
    size_t off = r->md->fixed_len;
    while (off < lim && r->nopts < MH_MAX_LEN) {
        walked_opt *w = &r->opts[r->nopts];
        w->type = r->b[off];
        w->off = (uint16_t)off;
        w->len = 0;
        if (w->type == MC_OPT_PAD1) {
            r->nopts++;
            off++;
            continue;
        }
        if (off + 2 > lim) {
            if (off + 2 > r->declared)
                add(r, R_OPT_OVERRUN, -1, r->mh_off + (uint32_t)off,
                    "option type %u at offset %zu has no Length octet", w->type, off);
            return;
        }
        w->len = r->b[off + 1];
        if (off + 2 + w->len > lim) {
            if (off + 2 + w->len > r->declared)
                add(r, R_OPT_OVERRUN, -1, r->mh_off + (uint32_t)off,
                    "option type %u at offset %zu, Length %u, ends at %zu past the header's %zu",
                    w->type, off, w->len, off + 2 + w->len, r->declared);
            return; /* otherwise the capture/packet is cut: mh-truncated says so */
        }
        r->nopts++;
        off += 2 + (size_t)w->len;
    }
}

/* Is the walked option at MH offset `off` one the dissector read as a
 * draft -01 BID sub-option (profile mcoa-01)?  Then the RFC rules for its
 * type number do not apply: bid-draft-01 reports it. */
static int is_bid01_at(const run *r, uint16_t off)
{
    const mc_pkt *p = &r->d->pkt;
    const mc_layer *l = &p->l[r->mh_ix];
    for (size_t i = 0; i < l->opt_count && (size_t)l->opt_first + i < p->nopts; i++) {
        const mc_opt *o = &p->o[l->opt_first + i];
        if (o->space == MC_OS_BID01 && o->wire_off == off)
            return 1;
    }
    return 0;
}

static const uint8_t *opt_body(const run *r, size_t i)
{
    return r->b + r->opts[i].off + 2;
}

static int opt_get(const run *r, size_t i, const char *key, uint64_t *v)
{
    const mc_desc *od = mc_opt_desc(r->opts[i].type);
    const mc_field *f = od ? mc_field_by_key(od, key) : NULL;
    return f ? mc_field_get(f, opt_body(r, i), r->opts[i].len, v) : -1;
}

static int opt_is_variable(const mc_desc *od)
{
    for (int k = 0; k < od->nfields; k++)
        if (od->fields[k].kind == MC_FK_TAIL || od->fields[k].kind == MC_FK_IPX)
            return 1;
    return 0;
}

/* ---- generic option rules (RFC 6275 6.2) --------------------------------- */
static void check_option_format(run *r)
{
    size_t last_real = (size_t)-1;
    for (size_t i = 0; i < r->nopts; i++) {
        const walked_opt *w = &r->opts[i];
        if (w->type == MC_OPT_PAD1 || w->type == MC_OPT_PADN || is_bid01_at(r, w->off))
            continue;
        uint8_t x, y;
        mc_opt_align(w->type, w->len, &x, &y);
        if (!mc_align_ok(x, y, w->off))
            add(r, R_OPT_ALIGN, OPT_AT(r, i), "option type %u at offset %u, needs %un+%u",
                w->type, w->off, x, y);
        const mc_desc *od = mc_opt_desc(w->type);
        if (od && w->type != MC_OPT_BID) {
            int bad = opt_is_variable(od) ? w->len < od->fixed_len : w->len != od->fixed_len;
            if (bad)
                add(r, R_OPT_LENGTH, OPT_AT(r, i), "%s Length %u, must be %s%u", od->abbr, w->len,
                    opt_is_variable(od) ? "at least " : "", od->fixed_len);
        }
        if (last_real != (size_t)-1 && r->opts[last_real].type == MC_OPT_AUTH)
            add(r, R_AUTH_LAST, OPT_AT(r, last_real), "Binding Authorization Data followed by option type %u",
                w->type);
        last_real = i;
    }
}

/* ---- Binding Identifier option (RFC 5648 4.3) ----------------------------- */
static int bu_home_registration(const run *r)
{
    uint64_t h = 0;
    return r->type == MC_MH_BU && msg_get(r, "H", &h) == 0 && h;
}

/* The home address a BU registers: the Home Address option, or the source
 * address when the mobile node is at home (RFC 6275 6.1.7, RFC 5648 5.6). */
static const uint8_t *bu_home(const run *r)
{
    return r->hao_home ? r->hao_home : r->src;
}

static int bid_allowed_in(int type)
{
    return type == MC_MH_BU || type == MC_MH_BA || type == MC_MH_BRR || type == MC_MH_COTI ||
           type == MC_MH_COT;
}

static void check_bid_coa(run *r, size_t i, const uint8_t *coa, size_t coa_len, int hflag)
{
    if (r->type != MC_MH_BU) {
        add(r, R_BID_COA_OUTSIDE_BU, OPT_AT(r, i), "BID option with a Care-of Address in a %s",
            r->md->abbr);
        return;
    }
    int cls = coa_len == 4 ? mc_addr4_class(coa) : mc_addr6_class(coa);
    if (!mc_addr_class_routable(cls))
        add(r, R_BID_COA_ROUTABLE, OPT_AT(r, i), "BID %u Care-of Address is %s",
            mc_get16(opt_body(r, i)), mc_addr_class_name(cls));
    if (coa_len == 4 && !bu_home_registration(r))
        add(r, R_BID_IPV4_TO_CN, OPT_AT(r, i), "IPv4 care-of address in a BU with H clear");
    const uint8_t *home = bu_home(r);
    int is_home = coa_len == 16 && home && memcmp(coa, home, 16) == 0;
    if (is_home != !!hflag)
        add(r, R_BID_HOME_COA, OPT_AT(r, i), is_home ? "Care-of Address is the home address but H is clear"
                                                     : "H set but the Care-of Address is not the home address");
}

static void check_bid(run *r, size_t i)
{
    const walked_opt *w = &r->opts[i];
    uint64_t bid = 0, hflag = 0, res = 0;
    if (!bid_allowed_in(r->type))
        add(r, R_BID_MESSAGE, OPT_AT(r, i), "BID option in a %s", r->md->abbr);
    if (w->len != MC_BID_LEN_NOCOA && w->len != MC_BID_LEN_V4 && w->len != MC_BID_LEN_V6) {
        add(r, R_BID_LENGTH, OPT_AT(r, i), "BID option Length %u", w->len);
        return; /* the rest of the option cannot be trusted */
    }
    opt_get(r, i, "bid", &bid);
    opt_get(r, i, "H", &hflag);
    opt_get(r, i, "res", &res);
    if (bid == 0)
        add(r, R_BID_ZERO, OPT_AT(r, i), "BID 0");
    if (res)
        add(r, R_BID_RESERVED, OPT_AT(r, i), "BID %llu Reserved 0x%02llx", (unsigned long long)bid,
            (unsigned long long)res);
    if (hflag && !bu_home_registration(r))
        add(r, R_BID_H_OUTSIDE, OPT_AT(r, i), "BID %llu H flag in a %s%s", (unsigned long long)bid,
            r->md->abbr, r->type == MC_MH_BU ? " with H clear" : "");
    const mc_field *cf = mc_field_by_key(mc_opt_desc(MC_OPT_BID), "coa");
    /* Without a CoA field there is nothing more to check: a BID may be
     * re-registered or de-registered without it (RFC 5648 5.1). */
    if (cf && w->len > cf->off)
        check_bid_coa(r, i, opt_body(r, i) + cf->off, w->len - cf->off, (int)hflag);
}

static int opt_is_valid_bid(const run *r, size_t i)
{
    const walked_opt *w = &r->opts[i];
    return w->type == MC_OPT_BID &&
           (w->len == MC_BID_LEN_NOCOA || w->len == MC_BID_LEN_V4 || w->len == MC_BID_LEN_V6);
}

static size_t count_type(const run *r, int type)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nopts; i++)
        n += r->opts[i].type == type && !is_bid01_at(r, r->opts[i].off);
    return n;
}

/* ---- message rules --------------------------------------------------------- */
static void check_bu(run *r)
{
    size_t nbid = count_type(r, MC_OPT_BID);
    uint64_t o = 0;
    int home = bu_home_registration(r);
    int any_h = 0;
    uint64_t lifetime = 0;

    if (msg_get(r, "O", &o) == 0 && o && nbid == 0)
        add(r, R_BU_O_NO_BID, -1, r->mh_off + 8, "O set, no BID option");
    if (!home && nbid > 1)
        add(r, R_BULK_TO_CN, -1, r->mh_off, "%zu BID options in a BU with H clear", nbid);
    if (!home && r->dst && r->ctx)
        mc_lint_ctx_add_cn(r->ctx, r->dst); /* RFC 6275 6.1.7: H clear = to a CN */
    for (size_t i = 0; i < r->nopts; i++) {
        uint64_t a = 0, b = 0, h = 0;
        if (!opt_is_valid_bid(r, i))
            continue;
        opt_get(r, i, "H", &h);
        any_h |= h != 0;
        opt_get(r, i, "bid", &a);
        for (size_t j = 0; j < i; j++)
            if (opt_is_valid_bid(r, j) && opt_get(r, j, "bid", &b) == 0 && a == b) {
                add(r, R_BID_DUP, OPT_AT(r, i), "BID %llu repeated", (unsigned long long)a);
                break;
            }
    }
    if (nbid == 0)
        return;
    msg_get(r, "lifetime", &lifetime);
    if (home && any_h && lifetime && count_type(r, MC_OPT_LLA) == 0)
        add(r, R_HOME_LLA, -1, r->mh_off, "BID with H set, no Link-Layer Address option");
    for (size_t i = 0; i < r->nopts; i++) {
        if (r->opts[i].type == MC_OPT_ALTCOA)
            add(r, R_BID_ALTCOA, OPT_AT(r, i), "Alternate Care-of Address option with BID options");
        else if (r->opts[i].type == MC_OPT_IPV4COA)
            add(r, R_BID_IPV4COA_OPT, OPT_AT(r, i), "IPv4 Care-of Address option with BID options");
        else if (r->opts[i].type == MC_OPT_LLA && home && any_h && r->opts[i].len >= 1 &&
                 opt_body(r, i)[0] != MC_LLA_CODE_MN)
            add(r, R_LLA_CODE, OPT_AT(r, i), "Option-Code %u in a home binding", opt_body(r, i)[0]);
    }
}

static void check_ba(run *r)
{
    uint64_t st = 0;
    size_t nbid = 0, nbad = 0;
    msg_get(r, "status", &st);
    for (size_t i = 0; i < r->nopts; i++) {
        uint64_t s = 0;
        if (!opt_is_valid_bid(r, i))
            continue;
        nbid++;
        if (opt_get(r, i, "status", &s) == 0 && s) {
            nbad++;
            if (r->src && ctx_is_cn(r->ctx, r->src))
                add(r, R_CN_BA_BID_STATUS, OPT_AT(r, i), "BID Status %llu from correspondent node",
                    (unsigned long long)s);
        }
    }
    if (r->src && ctx_is_cn(r->ctx, r->src))
        return; /* a CN's statuses are all in the BA (cn-ba-bid-status) */
    if (st == MC_BA_MCOA_NOTCOMPLETE && nbad == 0)
        add(r, R_BA_NOTCOMPLETE, -1, r->mh_off + 6, "MCOA NOTCOMPLETE but no BID option carries a status");
    else if (st != MC_BA_MCOA_NOTCOMPLETE && nbid > 1 && nbad > 0)
        add(r, R_BA_NOTCOMPLETE, -1, r->mh_off + 6, "%zu of %zu BID options carry a status, BA Status %llu",
            nbad, nbid, (unsigned long long)st);
}

static void check_options(run *r)
{
    walk_options(r);
    check_option_format(r);
    for (size_t i = 0; i < r->nopts; i++) {
        if (is_bid01_at(r, r->opts[i].off)) {
            const walked_opt *w = &r->opts[i];
            uint8_t cf = w->len >= 4 ? opt_body(r, i)[3] & MC_BID01_C_FLAG : 0;
            add(r, R_LEGACY_BID01, OPT_AT(r, i), "draft -01 BID sub-option (type %u, length %u%s)", w->type, w->len,
                (w->len == MC_BID01_LEN_NOCOA && !cf) || (w->len == MC_BID01_LEN_COA && cf)
                    ? "" : ": draft -01 allows 4 without C, 20 with C");
        } else if (r->opts[i].type == MC_OPT_BID) {
            check_bid(r, i);
        }
    }
    if (r->type == MC_MH_BU)
        check_bu(r);
    else if (r->type == MC_MH_BA)
        check_ba(r);
}

/* Draft-era binding destination options (profile mip6-97): one finding
 * per binding option and per Home Address option of such a header. */
static void check_dstopts(run *r)
{
    const mc_pkt *p = &r->d->pkt;
    for (int i = 0; i < p->nlayers; i++) {
        const mc_layer *l = &p->l[i];
        if (l->kind != MC_LK_DSTOPT)
            continue;
        for (size_t j = 0; j < l->opt_count && (size_t)l->opt_first + j < p->nopts; j++) {
            const mc_opt *o = &p->o[l->opt_first + j];
            const mc_desc *ds = o->form == MC_OF_TLV ? mc_opt_layout(o) : NULL;
            if (!ds || !(mc_dopt_is_binding(o->type) || o->type == MC_DOPT97_HOA))
                continue;
            r->mh_ix = i;
            add(r, R_LEGACY_DSTOPT, (int)(l->opt_first + j), l->wire_off + o->wire_off,
                "%s (destination option 0x%02x, %s)", ds->label, o->type, ds->rfc);
        }
    }
}

size_t mc_lint(mc_lint_ctx *c, const mc_dissection *d, mc_finding *out, size_t max)
{
    run r; /* about 10 KiB; the option walk is bounded by MH_MAX_LEN */
    size_t pre = 0;
    if (d) { /* the 1997 destination options come before any Mobility Header */
        memset(&r, 0, offsetof(run, b));
        r.d = d;
        r.out = out;
        r.max = max;
        check_dstopts(&r);
        pre = r.n;
        out += pre;
        max -= pre < max ? pre : max;
    }
    if (d && d->mh < 0 && d->mh_short_off >= 0 && max > 0) {
        /* RFC 6275 6.1.1 / 9.2: a Mobility Header shorter than its common
         * header on the wire (not cut by the capture) is malformed */
        memset(&r, 0, offsetof(run, b));
        r.d = d;
        r.out = out;
        r.max = max;
        r.mh_ix = -1;
        add(&r, R_MH_TRUNCATED, -1, (uint32_t)d->mh_short_off,
            "the packet carries %u octets of Mobility Header, less than its 6-octet common header",
            (unsigned)d->mh_short_len);
        return pre + r.n;
    }
    if (!d || d->mh < 0 || d->mh >= d->pkt.nlayers || d->pkt.l[d->mh].kind != MC_LK_MH)
        return pre;
    memset(&r, 0, offsetof(run, b));
    r.ctx = c;
    r.d = d;
    r.out = out;
    r.max = max;
    r.mh_ix = d->mh;
    const mc_layer *l = &d->pkt.l[d->mh];
    r.mh_off = l->wire_off;
    if (l->profile == MC_PROFILE_MH62)
        add(&r, R_LEGACY_MH62, -1, r.mh_off, "Mobility Header under next header 62 (draft-era, profile %s)",
            mc_profiles[MC_PROFILE_MH62].key);
    rebuild_mh(&r, l);
    if (r.have < 2)
        return pre + r.n;
    r.declared = ((size_t)r.b[1] + 1) * 8;
    r.type = r.have > 2 ? r.b[2] : -1;
    r.md = r.type >= 0 ? mc_mh_desc(r.type) : NULL;
    int ip6 = find_carrier(&r);
    check_header(&r, ip6);
    if (r.md && r.have >= r.md->fixed_len)
        check_options(&r);
    return pre + r.n;
}

/* ---- printers --------------------------------------------------------------- */
static const char *level_name(int level)
{
    return level == MC_LINT_MUST ? "MUST" : "SHOULD";
}

void mc_lint_print_text(mc_outbuf *o, const mc_dissection *d, const mc_finding *f, size_t n)
{
    (void)d;
    for (size_t i = 0; i < n; i++) {
        mc_out_str(o, "  lint: [");
        mc_out_str(o, f[i].rule->clause);
        mc_out_ch(o, ' ');
        mc_out_str(o, level_name(f[i].rule->level));
        mc_out_ch(o, ' ');
        mc_out_str(o, f[i].rule->id);
        mc_out_str(o, "] ");
        mc_out_str(o, f[i].text);
        mc_out_str(o, " (offset ");
        mc_out_u64(o, f[i].off);
        mc_out_str(o, ")\n");
    }
}

void mc_lint_print_json(mc_outbuf *o, const mc_finding *f, size_t n)
{
    mc_out_ch(o, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            mc_out_ch(o, ',');
        mc_out_str(o, "{\"id\":");
        mc_out_json_str(o, f[i].rule->id);
        mc_out_str(o, ",\"clause\":");
        mc_out_json_str(o, f[i].rule->clause);
        mc_out_str(o, ",\"level\":");
        mc_out_json_str(o, level_name(f[i].rule->level));
        mc_out_str(o, ",\"off\":");
        mc_out_u64(o, f[i].off);
        mc_out_str(o, ",\"text\":");
        mc_out_json_str(o, f[i].text);
        mc_out_ch(o, '}');
    }
    mc_out_ch(o, ']');
}
