/*
 * cursor.h - bounds-checked reads over a captured frame.
 *
 * The dissector reads frame bytes only through these helpers (tcpdump's
 * GET_ macros discipline): every fetch names how many bytes it needs and
 * fails, instead of reading, when they are not all inside [pos, end).
 * `end` is the captured length or a tighter bound (an IP payload length).
 */
#ifndef MCOA_DISSECT_CURSOR_H
#define MCOA_DISSECT_CURSOR_H

#include <stddef.h>
#include <stdint.h>

typedef struct mc_cursor {
    const uint8_t *base; /* the frame */
    size_t pos;          /* next byte to read */
    size_t end;          /* first byte that may not be read */
} mc_cursor;

static inline mc_cursor mc_cur(const uint8_t *base, size_t pos, size_t end)
{
    mc_cursor c = {base, pos, pos > end ? pos : end};
    return c;
}

static inline size_t mc_cur_left(const mc_cursor *c) { return c->end - c->pos; }

static inline int mc_cur_has(const mc_cursor *c, size_t n) { return n <= c->end - c->pos; }

/* Peek at `at` bytes past pos without moving. */
static inline int mc_cur_peek8(const mc_cursor *c, size_t at, uint8_t *v)
{
    if (at >= c->end - c->pos)
        return -1;
    *v = c->base[c->pos + at];
    return 0;
}

static inline int mc_cur_peek16(const mc_cursor *c, size_t at, uint16_t *v)
{
    if (c->end - c->pos < 2 || at > c->end - c->pos - 2)
        return -1;
    const uint8_t *p = c->base + c->pos + at;
    *v = (uint16_t)((p[0] << 8) | p[1]);
    return 0;
}

static inline int mc_cur_get8(mc_cursor *c, uint8_t *v)
{
    if (mc_cur_peek8(c, 0, v) < 0)
        return -1;
    c->pos++;
    return 0;
}

static inline int mc_cur_get16(mc_cursor *c, uint16_t *v)
{
    if (mc_cur_peek16(c, 0, v) < 0)
        return -1;
    c->pos += 2;
    return 0;
}

/* Take n bytes: a pointer to them (valid for n bytes), or NULL. */
static inline const uint8_t *mc_cur_take(mc_cursor *c, size_t n)
{
    if (!mc_cur_has(c, n))
        return NULL;
    const uint8_t *p = c->base + c->pos;
    c->pos += n;
    return p;
}

#endif
