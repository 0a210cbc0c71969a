/*
 * bcache.c - binding cache (see bcache.h).
 */
#include <stdlib.h>
#include <string.h>
#include "bcache.h"

static uint64_t hash_hoa(const uint8_t h[16])
{
    /* FNV-1a over the interface identifier and prefix: cheap and spreads
     * sequential test addresses well. */
    uint64_t x = 1469598103934665603ull;
    for (int i = 0; i < 16; i++)
        x = (x ^ h[i]) * 1099511628211ull;
    return x ^ (x >> 29);
}

int mc_bc_init(mc_bcache *c, size_t expected_mn)
{
    size_t cap = 64;
    while (cap < expected_mn * 2)
        cap *= 2;
    memset(c, 0, sizeof *c);
    c->slot = calloc(cap, sizeof *c->slot);
    if (!c->slot)
        return -1;
    c->cap = cap;
    return 0;
}

void mc_bc_free(mc_bcache *c)
{
    free(c->slot);
    memset(c, 0, sizeof *c);
}

mc_bc_mn *mc_bc_find(mc_bcache *c, const uint8_t hoa[16])
{
    size_t m = c->cap - 1;
    for (size_t i = hash_hoa(hoa) & m;; i = (i + 1) & m) {
        mc_bc_mn *s = &c->slot[i];
        if (!s->used)
            return NULL;
        if (memcmp(s->hoa, hoa, 16) == 0)
            return s;
    }
}

static int grow(mc_bcache *c)
{
    mc_bcache n;
    if (mc_bc_init(&n, c->cap) < 0) /* doubles: init sizes for 2x expected */
        return -1;
    for (size_t i = 0; i < c->cap; i++) {
        if (!c->slot[i].used)
            continue;
        size_t m = n.cap - 1, j = hash_hoa(c->slot[i].hoa) & m;
        while (n.slot[j].used)
            j = (j + 1) & m;
        n.slot[j] = c->slot[i];
    }
    n.nmn = c->nmn;
    n.nbindings = c->nbindings;
    free(c->slot);
    *c = n;
    return 0;
}

mc_bc_mn *mc_bc_get(mc_bcache *c, const uint8_t hoa[16])
{
    mc_bc_mn *s = mc_bc_find(c, hoa);
    if (s)
        return s;
    if ((c->nmn + 1) * 4 > c->cap * 3 && grow(c) < 0)
        return NULL;
    size_t m = c->cap - 1, i = hash_hoa(hoa) & m;
    while (c->slot[i].used)
        i = (i + 1) & m;
    s = &c->slot[i];
    memset(s, 0, sizeof *s);
    memcpy(s->hoa, hoa, 16);
    s->used = 1;
    c->nmn++;
    return s;
}

/* Backward-shift deletion keeps probe chains intact without tombstones. */
void mc_bc_release_if_empty(mc_bcache *c, mc_bc_mn *mn)
{
    if (!mn || mn->nb)
        return;
    size_t m = c->cap - 1, i = (size_t)(mn - c->slot);
    mn->used = 0;
    c->nmn--;
    for (size_t j = (i + 1) & m; c->slot[j].used; j = (j + 1) & m) {
        size_t home = hash_hoa(c->slot[j].hoa) & m;
        /* move j into the hole i if its home position is not in (i, j] */
        if (((j - home) & m) >= ((j - i) & m)) {
            c->slot[i] = c->slot[j];
            c->slot[j].used = 0;
            i = j;
        }
    }
}

mc_binding *mc_bc_binding(mc_bc_mn *mn, int has_bid, uint16_t bid)
{
    for (int i = 0; i < mn->nb; i++)
        if (mn->b[i].has_bid == has_bid && (!has_bid || mn->b[i].bid == bid))
            return &mn->b[i];
    return NULL;
}

mc_binding *mc_bc_put(mc_bcache *c, mc_bc_mn *mn, const mc_binding *b)
{
    mc_binding *old = mc_bc_binding(mn, b->has_bid, b->bid);
    if (!old) {
        if (mn->nb >= MC_BC_MAX_PER_MN)
            return NULL;
        old = &mn->b[mn->nb++];
        c->nbindings++;
    }
    *old = *b;
    return old;
}

void mc_bc_del(mc_bcache *c, mc_bc_mn *mn, mc_binding *b)
{
    int i = (int)(b - mn->b);
    mn->b[i] = mn->b[--mn->nb];
    c->nbindings--;
}

void mc_bc_del_all(mc_bcache *c, mc_bc_mn *mn)
{
    c->nbindings -= mn->nb;
    mn->nb = 0;
}

size_t mc_bc_expire(mc_bcache *c, uint64_t now_ms)
{
    size_t n = 0;
    for (size_t i = 0; i < c->cap; i++) {
        mc_bc_mn *mn = &c->slot[i];
        if (!mn->used)
            continue;
        for (int k = 0; k < mn->nb;)
            if (mn->b[k].expires_ms <= now_ms) {
                mc_bc_del(c, mn, &mn->b[k]);
                n++;
            } else {
                k++;
            }
        if (!mn->nb) {
            mc_bc_release_if_empty(c, mn);
            i--; /* a record may have shifted into this slot */
        }
    }
    return n;
}
