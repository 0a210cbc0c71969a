/*
 * pkt.c - building blocks of the packet model (no allocation).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "mcoa/pkt.h"

void mc_err_set(mc_err *e, long pos, const char *fmt, ...)
{
    if (!e)
        return;
    va_list ap;
    va_start(ap, fmt);
    e->pos = pos;
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    /* messages quoted from libraries (libnet) may end in a newline */
    size_t n = strlen(e->msg);
    while (n && (e->msg[n - 1] == '\n' || e->msg[n - 1] == ' '))
        e->msg[--n] = 0;
}

void mc_pkt_init(mc_pkt *p)
{
    p->nlayers = 0;
    p->nopts = 0;
    p->arena_len = 0;
}

mc_layer *mc_pkt_add_layer(mc_pkt *p, int kind, const mc_desc *d, mc_err *e)
{
    if (p->nlayers >= MC_MAX_LAYERS) {
        mc_err_set(e, -1, "too many layers (at most %d)", MC_MAX_LAYERS);
        return NULL;
    }
    mc_layer *l = &p->l[p->nlayers++];
    memset(l, 0, sizeof *l);
    l->kind = (uint8_t)kind;
    l->desc = d;
    l->len = d ? d->fixed_len : 0;
    if (d && d->tmpl)
        memcpy(l->hdr, d->tmpl, d->fixed_len);
    if (d && d->code >= 0)
        l->code = (uint8_t)d->code;
    l->opt_first = p->nopts;
    return l;
}

static int arena_put(mc_pkt *p, const uint8_t *data, size_t len, uint32_t *off, mc_err *e)
{
    if (len > MC_ARENA_MAX - p->arena_len) {
        mc_err_set(e, -1, "packet data larger than %d bytes", MC_ARENA_MAX);
        return -1;
    }
    *off = p->arena_len;
    if (data)
        memcpy(p->arena + p->arena_len, data, len);
    else
        memset(p->arena + p->arena_len, 0, len);
    p->arena_len += (uint32_t)len;
    return 0;
}

mc_opt *mc_pkt_add_opt(mc_pkt *p, mc_layer *mh, int form, int type, const uint8_t *body, size_t len, mc_err *e)
{
    if (p->nopts >= MC_MAX_OPTS) {
        mc_err_set(e, -1, "too many mobility options (at most %d)", MC_MAX_OPTS);
        return NULL;
    }
    if (mh->opt_first + mh->opt_count != p->nopts) {
        mc_err_set(e, -1, "options must follow their message");
        return NULL;
    }
    if (len > 0xffff) {
        mc_err_set(e, -1, "option body of %zu bytes is too long", len);
        return NULL;
    }
    mc_opt *o = &p->o[p->nopts];
    memset(o, 0, sizeof *o);
    if (arena_put(p, body, len, &o->off, e) < 0)
        return NULL;
    o->form = (uint8_t)form;
    o->type = (uint8_t)type;
    o->lenfield = -1;
    o->len = (uint16_t)len;
    p->nopts++;
    mh->opt_count++;
    return o;
}

int mc_pkt_set_tail(mc_pkt *p, mc_layer *l, const uint8_t *data, size_t len, mc_err *e)
{
    if (arena_put(p, data, len, &l->tail_off, e) < 0)
        return -1;
    l->tail_len = (uint32_t)len;
    return 0;
}

const mc_desc *mc_opt_layout(const mc_opt *o)
{
    if (o->space == MC_OS_BID01)
        return &mc_desc_bid01;
    if (o->space == MC_OS_DST)
        return mc_dopt_desc(o->type);
    return mc_opt_desc(o->type);
}

mc_layer *mc_pkt_find(mc_pkt *p, int kind)
{
    for (int i = 0; i < p->nlayers; i++)
        if (p->l[i].kind == kind)
            return &p->l[i];
    return NULL;
}

const mc_layer *mc_pkt_cfind(const mc_pkt *p, int kind)
{
    for (int i = 0; i < p->nlayers; i++)
        if (p->l[i].kind == kind)
            return &p->l[i];
    return NULL;
}

int mc_layer_get(const mc_layer *l, const char *key, uint64_t *v)
{
    const mc_field *f = l->desc ? mc_field_by_key(l->desc, key) : NULL;
    if (!f)
        return -1;
    return mc_field_get(f, l->hdr, l->len, v);
}

int mc_layer_put(mc_layer *l, const char *key, uint64_t v, int mark_set)
{
    int i = l->desc ? mc_field_index(l->desc, key) : -1;
    if (i < 0)
        return -1;
    if (mc_field_put(&l->desc->fields[i], l->hdr, l->len, v) < 0)
        return -1;
    if (mark_set)
        l->set |= 1u << i;
    return 0;
}
