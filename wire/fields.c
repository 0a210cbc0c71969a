/*
 * fields.c - field access through descriptors, address classes, checksums.
 */
#include <string.h>
#include "mcoa/wire.h"

static unsigned ctz64(uint64_t m)
{
    unsigned n = 0;
    if (!m)
        return 0;
    while (!(m & 1)) {
        m >>= 1;
        n++;
    }
    return n;
}

static uint64_t get_be(const uint8_t *p, unsigned w)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < w; i++)
        v = (v << 8) | p[i];
    return v;
}

static void put_be(uint8_t *p, unsigned w, uint64_t v)
{
    for (unsigned i = w; i-- > 0;) {
        p[i] = (uint8_t)v;
        v >>= 8;
    }
}

/* The low `w` bytes of v in the other byte order (MC_FF_LE fields). */
static uint64_t swap_w(uint64_t v, unsigned w)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < w; i++) {
        r = (r << 8) | (v & 0xff);
        v >>= 8;
    }
    return r;
}

int mc_field_get(const mc_field *f, const uint8_t *buf, size_t len, uint64_t *out)
{
    *out = 0;
    if (f->kind != MC_FK_UINT && f->kind != MC_FK_FLAG)
        return -1; /* byte fields are read directly from buf + off */
    if (f->width == 0 || f->width > 8 || (size_t)f->off + f->width > len)
        return -1;
    /* every packet reads dozens of fields: the common widths directly */
    const uint8_t *p = buf + f->off;
    uint64_t v;
    switch (f->width) {
    case 1: v = p[0]; break;
    case 2: v = (uint64_t)p[0] << 8 | p[1]; break;
    case 4: v = (uint64_t)p[0] << 24 | (uint64_t)p[1] << 16 | (uint64_t)p[2] << 8 | p[3]; break;
    default: v = get_be(p, f->width); break;
    }
    if (f->flags & MC_FF_LE)
        v = swap_w(v, f->width);
    if (f->mask)
        v = (v & f->mask) >> __builtin_ctzll(f->mask);
    *out = v;
    return 0;
}

int mc_field_put(const mc_field *f, uint8_t *buf, size_t len, uint64_t v)
{
    if (f->kind != MC_FK_UINT && f->kind != MC_FK_FLAG)
        return -1;
    if (f->width == 0 || f->width > 8 || (size_t)f->off + f->width > len)
        return -1;
    if (f->mask) {
        unsigned sh = ctz64(f->mask);
        uint64_t max = f->mask >> sh;
        if (v > max)
            return -1;
        uint64_t c = get_be(buf + f->off, f->width);
        c = (c & ~f->mask) | ((v << sh) & f->mask);
        put_be(buf + f->off, f->width, c);
        return 0;
    }
    if (f->width < 8 && v >> (8 * f->width))
        return -1;
    put_be(buf + f->off, f->width, (f->flags & MC_FF_LE) ? swap_w(v, f->width) : v);
    return 0;
}

const mc_field *mc_field_by_key(const mc_desc *d, const char *key)
{
    int i = mc_field_index(d, key);
    return i < 0 ? NULL : &d->fields[i];
}

/* Callers look fields up by name once per packet (builder, dissector,
 * printers), mostly with string literals: a small cache on (layout, key
 * pointer) turns the scan into one comparison.  A hit is confirmed with
 * strcmp, so a reused buffer holding another key is never mistaken. */
int mc_field_index(const mc_desc *d, const char *key)
{
    static struct {
        const mc_desc *d;
        const char *key;
        int i;
    } cache[1024];
    size_t h = (size_t)((((uint64_t)(uintptr_t)d * 0x9E3779B97F4A7C15ull) ^
                         ((uint64_t)(uintptr_t)key * 0xC2B2AE3D27D4EB4Full)) >> 54);
    /* the linker merges equal string literals, so the key is usually the
     * table's own pointer: no strcmp then */
    if (cache[h].d == d && cache[h].key == key &&
        (d->fields[cache[h].i].key == key || strcmp(d->fields[cache[h].i].key, key) == 0))
        return cache[h].i;
    for (int i = 0; i < d->nfields; i++)
        if (strcmp(d->fields[i].key, key) == 0) {
            cache[h].d = d;
            cache[h].key = key;
            cache[h].i = i;
            return i;
        }
    return -1;
}

/* ---- address classes ---------------------------------------------------- */
int mc_addr6_class(const uint8_t a[16])
{
    static const uint8_t zero[16];
    if (memcmp(a, zero, 15) == 0 && a[15] == 0)
        return MC_ADDR_UNSPECIFIED;
    if (memcmp(a, zero, 15) == 0 && a[15] == 1)
        return MC_ADDR_LOOPBACK;
    if (a[0] == 0xff)
        return MC_ADDR_MULTICAST;
    if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
        return MC_ADDR_LINK_LOCAL;
    if (memcmp(a, zero, 10) == 0 && a[10] == 0xff && a[11] == 0xff)
        return MC_ADDR_V4MAPPED;
    return MC_ADDR_GLOBAL_UNICAST;
}

int mc_addr4_class(const uint8_t a[4])
{
    if (a[0] == 255 && a[1] == 255 && a[2] == 255 && a[3] == 255)
        return MC_ADDR_V4_BROADCAST;
    if (a[0] == 0)
        return MC_ADDR_V4_ZERONET;
    if (a[0] == 127)
        return MC_ADDR_V4_LOOPBACK;
    if ((a[0] & 0xf0) == 0xe0)
        return MC_ADDR_V4_MULTICAST;
    if (a[0] == 169 && a[1] == 254)
        return MC_ADDR_V4_LINK_LOCAL;
    return MC_ADDR_GLOBAL_UNICAST;
}

const char *mc_addr_class_name(int c)
{
    switch (c) {
    case MC_ADDR_GLOBAL_UNICAST: return "unicast routable";
    case MC_ADDR_UNSPECIFIED: return "unspecified";
    case MC_ADDR_LOOPBACK: return "loopback";
    case MC_ADDR_MULTICAST: return "multicast";
    case MC_ADDR_LINK_LOCAL: return "link-local";
    case MC_ADDR_V4MAPPED: return "IPv4-mapped";
    case MC_ADDR_V4_BROADCAST: return "IPv4 broadcast";
    case MC_ADDR_V4_ZERONET: return "IPv4 this-network (0/8)";
    case MC_ADDR_V4_LOOPBACK: return "IPv4 loopback";
    case MC_ADDR_V4_MULTICAST: return "IPv4 multicast";
    case MC_ADDR_V4_LINK_LOCAL: return "IPv4 link-local";
    }
    return "?";
}

/* ---- checksums ------------------------------------------------------------ */
uint32_t mc_csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
    uint64_t s = sum;
    size_t i = 0;
    for (; i + 1 < n; i += 2)
        s += (uint32_t)((p[i] << 8) | p[i + 1]);
    if (i < n)
        s += (uint32_t)(p[i] << 8);
    while (s >> 32)
        s = (s & 0xffffffffu) + (s >> 32);
    return (uint32_t)s;
}

uint16_t mc_csum_fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

uint16_t mc_mh_checksum(const uint8_t src[16], const uint8_t dst[16], const uint8_t *mh, size_t mh_len)
{
    uint8_t ph[8] = {0};
    mc_put32(ph, (uint32_t)mh_len);
    ph[7] = MC_IPPROTO_MH;
    uint32_t s = mc_csum_add(0, src, 16);
    s = mc_csum_add(s, dst, 16);
    s = mc_csum_add(s, ph, 8);
    /* the message with its checksum field taken as zero */
    if (mh_len >= 6) {
        s = mc_csum_add(s, mh, 4);
        s = mc_csum_add(s, mh + 6, mh_len - 6);
    } else {
        s = mc_csum_add(s, mh, mh_len < 4 ? mh_len : 4);
    }
    return mc_csum_fold(s);
}
