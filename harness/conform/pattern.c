/*
 * pattern.c - packet patterns (see pattern.h).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mcoa/craft.h"
#include "pattern.h"
#include "tester_rr.h"

typedef struct lx {
    const char *s, *p;
} lx;

static int tok(lx *x, char *buf, size_t cap, long *at)
{
    while (*x->p == ' ' || *x->p == '\t')
        x->p++;
    *at = x->p - x->s;
    if (*x->p == '/') {
        x->p++;
        snprintf(buf, cap, "/");
        return 1;
    }
    size_t n = 0;
    while (*x->p && !isspace((unsigned char)*x->p) && *x->p != '/') {
        if (n + 1 < cap)
            buf[n++] = *x->p;
        x->p++;
    }
    buf[n] = 0;
    return n > 0;
}

static int hexval(int c) { return isdigit(c) ? c - '0' : (isxdigit(c) ? (tolower(c) - 'a' + 10) : -1); }

static int parse_hex(const char *v, uint8_t *out, size_t cap, uint8_t *len)
{
    size_t n = 0;
    while (*v) {
        if (*v == ':') {
            v++;
            continue;
        }
        int a = hexval((unsigned char)v[0]), b = v[1] ? hexval((unsigned char)v[1]) : -1;
        if (a < 0 || b < 0 || n >= cap)
            return -1;
        out[n++] = (uint8_t)(a * 16 + b);
        v += 2;
    }
    *len = (uint8_t)n;
    return 0;
}

static int parse_num(const pat_term *t, const char *v, uint64_t *out)
{
    char *end;
    if (t->f && t->f->names) {
        const mc_code_name *c = mc_code_by_key(t->f->names, t->f->nnames, v);
        if (c) {
            *out = (uint64_t)c->code;
            return 0;
        }
    }
    *out = strtoull(v, &end, 0);
    return (end == v || *end) ? -1 : 0;
}

/* One KEY=VALUE (or positional VALUE for field f) into a term. */
static int value_term(pat_term *t, const mc_field *f, const char *v, mc_err *e, long at)
{
    t->f = f;
    if (v[0] == '?') {
        if (!v[1] || strlen(v + 1) >= sizeof t->var) {
            mc_err_set(e, at, "expected a variable name after '?'");
            return -1;
        }
        t->op = PAT_CAPTURE;
        strcpy(t->var, v + 1);
        return 0;
    }
    t->op = PAT_EQ;
    switch (f->kind) {
    case MC_FK_UINT:
    case MC_FK_FLAG:
        if (parse_num(t, v, &t->num) < 0) {
            mc_err_set(e, at, "expected a number%s for %s, got '%s'", f->names ? " or a status key" : "", f->key, v);
            return -1;
        }
        return 0;
    case MC_FK_IP6:
        t->vlen = 16;
        if (inet_pton(AF_INET6, v, t->val) != 1) {
            mc_err_set(e, at, "expected an IPv6 address for %s, got '%s'", f->key, v);
            return -1;
        }
        return 0;
    case MC_FK_IP4:
        t->vlen = 4;
        if (inet_pton(AF_INET, v, t->val) != 1) {
            mc_err_set(e, at, "expected an IPv4 address for %s, got '%s'", f->key, v);
            return -1;
        }
        return 0;
    case MC_FK_IPX:
        if (!strcmp(v, "none")) {
            t->op = PAT_NO_COA;
            return 0;
        }
        t->vlen = 16;
        if (inet_pton(AF_INET6, v, t->val) == 1)
            return 0;
        t->vlen = 4;
        if (inet_pton(AF_INET, v, t->val) == 1)
            return 0;
        mc_err_set(e, at, "expected an address or none for %s, got '%s'", f->key, v);
        return -1;
    case MC_FK_MAC:
    case MC_FK_HEX:
    case MC_FK_TAIL:
        if (parse_hex(v, t->val, sizeof t->val, &t->vlen) < 0) {
            mc_err_set(e, at, "expected hex bytes for %s, got '%s'", f->key, v);
            return -1;
        }
        return 0;
    }
    return -1;
}

static const mc_field *first_pos(const mc_desc *d)
{
    for (int i = 0; i < d->nfields; i++)
        if (d->fields[i].flags & MC_FF_POS)
            return &d->fields[i];
    return NULL;
}

/* A 64-bit keygen token: decimal (as a pattern captures it) or 0x-hex. */
static int token(const char *w, uint8_t t[MCT_TOKEN_LEN])
{
    char *end;
    unsigned long long v = strtoull(w, &end, 0);
    if (!*w || *w == '-' || *end)
        return -1;
    for (int i = MCT_TOKEN_LEN - 1; i >= 0; i--, v >>= 8)
        t[i] = (uint8_t)v;
    return 0;
}

/* auth=rr-auth(HTOK,CTOK,COA,CN): Kbm is computed here, once. */
static int rr_auth_term(pat_item *it, pat_term *t, const char *v, mc_err *e, long at)
{
    char h[32], c[32], coa[64], cn[64], close = 0;
    uint8_t ht[MCT_TOKEN_LEN], ct[MCT_TOKEN_LEN];
    if (sscanf(v, "rr-auth(%31[^,],%31[^,],%63[^,],%63[^)]%c", h, c, coa, cn, &close) != 5 || close != ')' ||
        strchr(v, ')')[1]) {
        mc_err_set(e, at, "expected auth=rr-auth(HTOK,CTOK,COA,CN), got '%s'", v);
        return -1;
    }
    int dereg = !strcmp(c, "-");
    if (token(h, ht) < 0 || (!dereg && token(c, ct) < 0)) {
        mc_err_set(e, at, "rr-auth: keygen tokens are numbers (decimal or 0x), CTOK may be -; got %s %s", h, c);
        return -1;
    }
    if (inet_pton(AF_INET6, coa, t->coa) != 1 || inet_pton(AF_INET6, cn, t->cn) != 1) {
        mc_err_set(e, at, "rr-auth: COA and CN are IPv6 addresses; got %s %s", coa, cn);
        return -1;
    }
    mct_kbm(ht, dereg ? NULL : ct, t->kbm);
    t->op = PAT_RR_AUTH;
    it->nterms++;
    return 0;
}

/* FIELD OP N, OP at `op` (oplen characters): the two numeric comparisons.
 * seq>N (PAT_SERIAL_GT): a 16-bit Sequence Number after N in the
 * arithmetic modulo 2**16 of RFC 6275 9.5.1, 1 to 32767 ahead of it.
 * FIELD<=N (PAT_LE): a number field at most N (a lifetime a node may grant
 * shorter than asked, but not longer: RFC 6275 9.5.2, 12). */
static int compare_term(pat_item *it, pat_term *t, char *w, char *op, size_t oplen, int kind, mc_err *e, long at)
{
    const char *sym = kind == PAT_SERIAL_GT ? ">" : "<=";
    *op = 0;
    const mc_field *f = mc_field_by_key(it->d, w);
    if (!f) {
        mc_err_set(e, at, "%s has no field '%s'", it->d->key, w);
        return -1;
    }
    if (kind == PAT_SERIAL_GT &&
        (strcmp(f->key, "seq") != 0 || f->kind != MC_FK_UINT || f->width != 2 || (f->mask && f->mask != 0xffff))) {
        mc_err_set(e, at, "'>' compares 16-bit Sequence Numbers (seq>N); %s %s is not one", it->d->key, f->key);
        return -1;
    }
    if (f->kind != MC_FK_UINT) {
        mc_err_set(e, at, "'%s' compares numbers; %s %s is not one", sym, it->d->key, f->key);
        return -1;
    }
    char *end;
    const char *v = op + oplen;
    t->num = strtoull(v, &end, 0);
    if (end == v || *end || (kind == PAT_SERIAL_GT && t->num > 0xffff)) {
        mc_err_set(e, at, "expected a number%s after '%s%s', got '%s'", kind == PAT_SERIAL_GT ? " from 0 to 65535" : "",
                   w, sym, v);
        return -1;
    }
    t->f = f;
    t->op = kind;
    it->nterms++;
    return 0;
}

/* KEY!=VALUE: the field is present and differs from VALUE (two keygen
 * tokens of one address and nonce that must not coincide, RFC 6275 5.2.5). */
static int not_equal_term(pat_item *it, pat_term *t, char *w, char *bang, mc_err *e, long at)
{
    const char *v = bang + 2;
    *bang = 0;
    if (!strcmp(w, "nbid")) { /* nbid!=N: a message followed by any other number of BID options */
        char *end;
        t->op = PAT_NBID;
        t->num = strtoull(v, &end, 0);
        if (end == v || *end) {
            mc_err_set(e, at, "expected a number for nbid!=");
            return -1;
        }
        t->neg = 1;
        it->nterms++;
        return 0;
    }
    const mc_field *f = mc_field_by_key(it->d, w);
    if (!f) {
        mc_err_set(e, at, "%s has no field '%s'", it->d->key, w);
        return -1;
    }
    if (f->kind == MC_FK_FLAG) {
        mc_err_set(e, at, "%s is a flag: write !%s for a flag that is clear", w, w);
        return -1;
    }
    if (v[0] == '?') {
        mc_err_set(e, at, "'%s!=' compares with a value; a variable captured here (?NAME) is not one", w);
        return -1;
    }
    if (value_term(t, f, v, e, at) < 0)
        return -1;
    t->neg = 1;
    it->nterms++;
    return 0;
}

static int arg(pat_item *it, char *w, mc_err *e, long at)
{
    if (it->nterms >= PAT_MAX_TERMS) {
        mc_err_set(e, at, "too many conditions in one item");
        return -1;
    }
    pat_term *t = &it->t[it->nterms];
    memset(t, 0, sizeof *t);
    char *eq = strchr(w, '=');
    const mc_field *f;
    if (eq && eq > w && eq[-1] == '<')
        return compare_term(it, t, w, eq - 1, 2, PAT_LE, e, at);
    if (eq && eq > w && eq[-1] == '!')
        return not_equal_term(it, t, w, eq - 1, e, at);
    char *gt = strchr(w, '>');
    if (gt && (!eq || gt < eq))
        return compare_term(it, t, w, gt, 1, PAT_SERIAL_GT, e, at);
    if (!eq) {
        int neg = w[0] == '!';
        f = mc_field_by_key(it->d, w + neg);
        if (f && f->kind == MC_FK_FLAG) {
            t->f = f;
            t->op = neg ? PAT_FLAG_CLEAR : PAT_FLAG_SET;
            it->nterms++;
            return 0;
        }
        if (neg || !(f = first_pos(it->d))) {
            mc_err_set(e, at, "'%s' is neither a flag nor a value of %s", w, it->d->key);
            return -1;
        }
        if (value_term(t, f, w, e, at) < 0)
            return -1;
        it->nterms++;
        return 0;
    }
    *eq = 0;
    const char *v = eq + 1;
    if (!strcmp(w, "nbid") && v[0] == '?') { /* nbid=?NAME: the count, for a `check` */
        if (!v[1] || strlen(v + 1) >= sizeof t->var) {
            mc_err_set(e, at, "expected a variable name after '?'");
            return -1;
        }
        t->op = PAT_NBID_CAPTURE;
        strcpy(t->var, v + 1);
        it->nterms++;
        return 0;
    }
    if (!strcmp(w, "len") || !strcmp(w, "nbid")) {
        char *end;
        t->op = w[0] == 'l' ? PAT_LEN : PAT_NBID;
        t->num = strtoull(v, &end, 0);
        if (end == v || *end) {
            mc_err_set(e, at, "expected a number for %s", w);
            return -1;
        }
        it->nterms++;
        return 0;
    }
    if (!strncmp(v, "rr-auth(", 8) && it->is_opt && it->d->code == MC_OPT_AUTH)
        return rr_auth_term(it, t, v, e, at);
    if (!(f = mc_field_by_key(it->d, w))) {
        mc_err_set(e, at, "%s has no field '%s'", it->d->key, w);
        return -1;
    }
    if (f->kind == MC_FK_FLAG && (!strcmp(v, "0") || !strcmp(v, "1"))) {
        t->f = f;
        t->op = v[0] == '1' ? PAT_FLAG_SET : PAT_FLAG_CLEAR;
        it->nterms++;
        return 0;
    }
    if (value_term(t, f, v, e, at) < 0)
        return -1;
    it->nterms++;
    return 0;
}

int pat_parse(const char *text, pattern *p, mc_err *e)
{
    lx x = {text, text};
    char w[256];
    long at;
    memset(p, 0, sizeof *p);
    pat_item *it = NULL;
    while (tok(&x, w, sizeof w, &at)) {
        if (!strcmp(w, "/")) {
            if (!it) {
                mc_err_set(e, at, "expected a keyword before '/'");
                return -1;
            }
            it = NULL;
            continue;
        }
        if (!it) {
            if (p->nitems >= PAT_MAX_ITEMS) {
                mc_err_set(e, at, "too many items in a pattern");
                return -1;
            }
            it = &p->it[p->nitems++];
            it->d = mc_desc_by_key(w);
            if (!it->d) {
                mc_err_set(e, at, "unknown keyword '%s' (a layer, message or option of the wire model)", w);
                return -1;
            }
            it->is_opt = mc_opt_desc(it->d->code) == it->d && it->d->code >= 0;
            continue;
        }
        if (arg(it, w, e, at) < 0)
            return -1;
    }
    if (!p->nitems) {
        mc_err_set(e, 0, "empty pattern");
        return -1;
    }
    return 0;
}

/* ---- matching ---------------------------------------------------------- */
typedef struct view {
    const uint8_t *b;
    size_t len;
    const mc_opt *opt;   /* NULL for a layer */
    const mc_layer *l;
    const mc_pkt *pk;
} view;

/* PAT_RR_AUTH: the packet is built again from its model (the dissector's
 * model rebuilds the captured bytes exactly) to get the Mobility Header as
 * it was on the wire; its Authenticator must be the tester's. */
static int rr_auth_ok(const pat_term *t, const view *v)
{
    static mc_pkt copy;
    static uint8_t frame[MC_FRAME_MAX];
    size_t n;
    mc_err e = {0};
    if (!v->opt || !v->pk || v->len != MCT_AUTH_LEN)
        return 0;
    copy = *v->pk;
    if (mc_build(&copy, frame, sizeof frame, &n, &e) < 0 || v->l->wire_off + 2u > n)
        return 0;
    size_t mh_len = ((size_t)frame[v->l->wire_off + 1] + 1) * 8;
    uint8_t a[MCT_AUTH_LEN];
    if (v->l->wire_off + mh_len > n ||
        mct_authenticator(t->kbm, t->coa, t->cn, frame + v->l->wire_off, mh_len, v->opt->wire_off + 2u, a) < 0)
        return 0;
    return !memcmp(a, v->b, MCT_AUTH_LEN);
}

static int ipx_len(size_t body) { return body >= MC_BID_LEN_V6 ? 16 : body >= MC_BID_LEN_V4 ? 4 : 0; }

static void fmt_value(const pat_term *t, const view *v, char *out, size_t cap)
{
    const mc_field *f = t->f;
    uint64_t n;
    char a[64] = "";
    switch (f->kind) {
    case MC_FK_UINT:
    case MC_FK_FLAG:
        mc_field_get(f, v->b, v->len, &n);
        snprintf(out, cap, "%llu", (unsigned long long)n);
        return;
    case MC_FK_IP6:
        if ((size_t)f->off + 16 <= v->len)
            inet_ntop(AF_INET6, v->b + f->off, a, sizeof a);
        break;
    case MC_FK_IP4:
        if ((size_t)f->off + 4 <= v->len)
            inet_ntop(AF_INET, v->b + f->off, a, sizeof a);
        break;
    case MC_FK_MAC:
        /* as the crafter reads it back: 02:00:00:00:00:01 */
        if ((size_t)f->off + 6 <= v->len)
            snprintf(a, sizeof a, "%02x:%02x:%02x:%02x:%02x:%02x", v->b[f->off], v->b[f->off + 1], v->b[f->off + 2],
                     v->b[f->off + 3], v->b[f->off + 4], v->b[f->off + 5]);
        break;
    case MC_FK_IPX: {
        int k = v->len > f->off ? ipx_len(v->len) : 0;
        if (k == 16)
            inet_ntop(AF_INET6, v->b + f->off, a, sizeof a);
        else if (k == 4)
            inet_ntop(AF_INET, v->b + f->off, a, sizeof a);
        else
            snprintf(a, sizeof a, "none");
        break;
    }
    default:
        for (size_t i = f->off; i < v->len && strlen(a) + 3 < sizeof a; i++)
            snprintf(a + strlen(a), sizeof a - strlen(a), "%02x", v->b[i]);
    }
    snprintf(out, cap, "%s", a);
}

static int term_holds(const pat_term *t, const view *v, int nbid_after);

static int term_ok(const pat_term *t, const view *v, int nbid_after)
{
    if (!t->neg)
        return term_holds(t, v, nbid_after);
    if (t->op == PAT_NBID) /* on a message, never on an option */
        return !v->opt && !term_holds(t, v, nbid_after);
    /* a field the packet is too short to hold is not "different" */
    return t->f && (size_t)t->f->off < v->len && !term_holds(t, v, nbid_after);
}

static int term_holds(const pat_term *t, const view *v, int nbid_after)
{
    uint64_t n;
    const mc_field *f = t->f;
    switch (t->op) {
    case PAT_CAPTURE:
        return 1;
    case PAT_FLAG_SET:
    case PAT_FLAG_CLEAR:
        if (mc_field_get(f, v->b, v->len, &n) < 0)
            return 0;
        return (n != 0) == (t->op == PAT_FLAG_SET);
    case PAT_LEN:
        return v->opt && (uint64_t)(v->opt->lenfield >= 0 ? v->opt->lenfield : v->opt->len) == t->num;
    case PAT_NBID:
        return !v->opt && (uint64_t)nbid_after == t->num;
    case PAT_NBID_CAPTURE:
        return !v->opt;
    case PAT_NO_COA:
        return ipx_len(v->len) == 0;
    case PAT_RR_AUTH:
        return rr_auth_ok(t, v);
    case PAT_SERIAL_GT:
        if (mc_field_get(f, v->b, v->len, &n) < 0)
            return 0;
        return (uint16_t)(n - t->num) >= 1 && (uint16_t)(n - t->num) <= 0x7fff;
    case PAT_LE:
        return mc_field_get(f, v->b, v->len, &n) == 0 && n <= t->num;
    }
    switch (f->kind) {
    case MC_FK_UINT:
    case MC_FK_FLAG:
        return mc_field_get(f, v->b, v->len, &n) == 0 && n == t->num;
    case MC_FK_IPX:
        return ipx_len(v->len) == t->vlen && (size_t)f->off + t->vlen <= v->len &&
               !memcmp(v->b + f->off, t->val, t->vlen);
    case MC_FK_TAIL:
        return v->len >= f->off && v->len - f->off == t->vlen && !memcmp(v->b + f->off, t->val, t->vlen);
    default:
        return (size_t)f->off + t->vlen <= v->len && !memcmp(v->b + f->off, t->val, t->vlen);
    }
}

static int count_bids(const mc_pkt *p, const mc_layer *l)
{
    int n = 0;
    for (int k = 0; k < l->opt_count; k++) {
        const mc_opt *o = &p->o[l->opt_first + k];
        n += o->form == MC_OF_TLV && o->type == MC_OPT_BID;
    }
    return n;
}

static int item_ok(const pat_item *it, const view *v, int nbid, pat_capture *caps, int maxcap, int *ncaps)
{
    int first = *ncaps;
    for (int i = 0; i < it->nterms; i++) {
        if (!term_ok(&it->t[i], v, nbid)) {
            *ncaps = first;
            return 0;
        }
        if ((it->t[i].op == PAT_CAPTURE || it->t[i].op == PAT_NBID_CAPTURE) && *ncaps < maxcap) {
            pat_capture *c = &caps[(*ncaps)++];
            snprintf(c->name, sizeof c->name, "%s", it->t[i].var);
            if (it->t[i].op == PAT_NBID_CAPTURE)
                snprintf(c->value, sizeof c->value, "%d", nbid);
            else
                fmt_value(&it->t[i], v, c->value, sizeof c->value);
        }
    }
    return 1;
}

/* A BID option item that names its BID (`bid 2 status=0`). */
static int bid_keyed(const pat_item *it)
{
    if (!it->is_opt || it->d->code != MC_OPT_BID)
        return 0;
    for (int i = 0; i < it->nterms; i++)
        if (it->t[i].op == PAT_EQ && !it->t[i].neg && it->t[i].f && !strcmp(it->t[i].f->key, "bid"))
            return 1;
    return 0;
}

/* RFC 5648 asks that every BID option of a BU be copied into the BA and
 * names no order; the mobile node matches them by BID (6.2, 5.1).  So a run
 * of BID option items that name their BID matches the BID options of one
 * Mobility Header in any order, each option at most once (testcases/
 * CLAUSES.md, "BID option order").  From option `from` of layer l: returns
 * the index after the last option used, or -1 if the run does not match. */
static int match_bid_set(const pattern *p, int k, int k2, const mc_pkt *pk, const mc_layer *l, int from,
                         pat_capture *caps, int maxcap, int *ncaps)
{
    uint8_t used[MC_MAX_OPTS] = {0};
    int first = *ncaps, last = from - 1;
    for (int m = k; m < k2; m++) {
        int hit = -1;
        for (int j = from; j < l->opt_count && j < MC_MAX_OPTS && hit < 0; j++) {
            const mc_opt *o = &pk->o[l->opt_first + j];
            if (used[j] || o->form != MC_OF_TLV || o->type != MC_OPT_BID)
                continue;
            view ov = {mc_opt_cbody(pk, o), o->len, o, l, pk};
            if (item_ok(&p->it[m], &ov, 0, caps, maxcap, ncaps))
                hit = j;
        }
        if (hit < 0) {
            *ncaps = first;
            return -1;
        }
        used[hit] = 1;
        if (hit > last)
            last = hit;
    }
    return last + 1;
}

int pat_match(const pattern *p, const mc_dissection *d, pat_capture *caps, int maxcap, int *ncaps)
{
    const mc_pkt *pk = &d->pkt;
    int k = 0; /* next pattern item */
    *ncaps = 0;
    for (int i = 0; i < pk->nlayers && k < p->nitems; i++) {
        const mc_layer *l = &pk->l[i];
        view v = {l->hdr, l->len, NULL, l, pk};
        const pat_item *it = &p->it[k];
        if (!it->is_opt && it->d == l->desc && item_ok(it, &v, l->kind == MC_LK_MH ? count_bids(pk, l) : 0, caps, maxcap, ncaps))
            k++;
        if (l->kind != MC_LK_MH)
            continue;
        for (int j = 0; j < l->opt_count && k < p->nitems; j++) {
            it = &p->it[k];
            if (bid_keyed(it)) {
                int k2 = k + 1;
                while (k2 < p->nitems && bid_keyed(&p->it[k2]))
                    k2++;
                int next = match_bid_set(p, k, k2, pk, l, j, caps, maxcap, ncaps);
                if (next < 0)
                    break; /* not in this Mobility Header */
                k = k2;
                j = next - 1;
                continue;
            }
            const mc_opt *o = &pk->o[l->opt_first + j];
            if (!it->is_opt || o->form != MC_OF_TLV || o->type != it->d->code)
                continue;
            view ov = {mc_opt_cbody(pk, o), o->len, o, l, pk};
            if (item_ok(it, &ov, 0, caps, maxcap, ncaps))
                k++;
        }
    }
    return k == p->nitems;
}
