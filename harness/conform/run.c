/*
 * run.c - one test case, step by step (see run.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <openssl/evp.h>

#include "contract.h"
#include "json.h"
#include "pattern.h"
#include "tester_rr.h"
#include "run.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The signals a process gets from its own error, as a status from
 * env_iut_exited (128 + signal, the shell's way: a wrapper script reports
 * its node's death so); NULL for any other status, an exit or a kill from
 * outside (SIGTERM, SIGKILL), which says nothing of the IUT's behaviour. */
static const char *crash_signal(int status)
{
    switch (status - 128) {
    case SIGILL: return "SIGILL";
    case SIGTRAP: return "SIGTRAP";
    case SIGABRT: return "SIGABRT";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGSEGV: return "SIGSEGV";
    default: return NULL;
    }
}

static void verdict(tc_result *r, mc_verdict v, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void verdict(tc_result *r, mc_verdict v, const char *fmt, ...)
{
    r->verdict = v;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->reason, sizeof r->reason, fmt, ap);
    va_end(ap);
}

static int copy_file(const char *from, const char *to)
{
    FILE *a = fopen(from, "r"), *b = a ? fopen(to, "w") : NULL;
    char buf[4096];
    size_t n;
    if (!a || !b) {
        if (a)
            fclose(a);
        return -1;
    }
    while ((n = fread(buf, 1, sizeof buf, a)) > 0)
        fwrite(buf, 1, n, b);
    fclose(a);
    fclose(b);
    return 0;
}

typedef struct matchctx {
    const pattern *p;
    pat_capture caps[8];
    int ncaps;
} matchctx;

/* A packet whose Mobility Header or UDP checksum is wrong is one its
 * receiver MUST discard (RFC 6275 9.2; RFC 1122 4.1.3.4): it is not the
 * packet an expectation asks for, as if it had not arrived.  The observed
 * list still shows it, with its checksum field (the crafter prints a
 * checksum only when it is not the computed one). */
static int has_bad_checksum(const mc_dissection *d)
{
    for (int i = 0; i < d->nnotes; i++)
        if (d->notes[i].kind == MC_NOTE_CHECKSUM)
            return 1;
    return 0;
}

static int do_match(void *ctx, const mc_dissection *d)
{
    matchctx *m = ctx;
    return !has_bad_checksum(d) && pat_match(m->p, d, m->caps, 8, &m->ncaps);
}

/* The IUT's state (harness/IUT.md): a JSON object whose "bindings" is an
 * array of objects, each with "hoa" and, where they apply, "bid" and
 * "coa".  0 and *out, or -1 and why. */
static int iut_state(env *v, json **out, char *why, size_t cap)
{
    mc_outbuf o;
    mc_out_init(&o, NULL);
    mc_err e = {0};
    *out = NULL;
    if (env_iut_command(v, "state", &o, &e) < 0) {
        snprintf(why, cap, "state: %s", e.msg);
        mc_out_free(&o);
        return -1;
    }
    json *j = NULL;
    char jwhy[200];
    if (json_parse(o.buf ? o.buf : "", o.len, &j, jwhy, sizeof jwhy) < 0) {
        snprintf(why, cap, "the IUT's state is not JSON (harness/IUT.md): %s; it printed: %.200s", jwhy,
                 o.buf ? o.buf : "(nothing)");
        mc_out_free(&o);
        return -1;
    }
    mc_out_free(&o);
    const json *list = json_member(j, "bindings");
    if (!list || list->type != JSON_ARRAY) {
        snprintf(why, cap, "the IUT's state has no \"bindings\" array (harness/IUT.md): it is %s",
                 j->type != JSON_OBJECT ? "not an object" : list ? json_type_name(list->type) : "missing");
        json_free(j);
        return -1;
    }
    for (size_t i = 0; i < list->n; i++) {
        const json *hoa = json_member(&list->item[i], "hoa");
        uint8_t a[16];
        if (!hoa || hoa->type != JSON_STRING || inet_pton(AF_INET6, hoa->string, a) != 1) {
            snprintf(why, cap, "binding %zu of the IUT's state has no \"hoa\" with an IPv6 address (harness/IUT.md)",
                     i + 1);
            json_free(j);
            return -1;
        }
    }
    *out = j;
    return 0;
}

/* Is this JSON value the address `want` (IPv6 or IPv4, in any spelling)? */
static int same_address(const json *v, const char *want)
{
    uint8_t a[16], b[16];
    if (!v || v->type != JSON_STRING)
        return 0;
    int fam = strchr(want, ':') ? AF_INET6 : AF_INET;
    return inet_pton(fam, want, a) == 1 && inet_pton(fam, v->string, b) == 1 &&
           !memcmp(a, b, fam == AF_INET6 ? 16 : 4);
}

/* A state check: `bindings HOA N` (N bindings for HOA) or `binding HOA
 * BID coa=ADDR` (HOA's binding of BID has care-of address ADDR).
 * 1 holds, 0 does not (why), -1 error (why). */
static int state_check(env *v, const char *text, char *why, size_t cap)
{
    char what[32], hoa[64], third[64], coa[64] = "";
    int want = -1;
    int nw = sscanf(text, "%31s %63s %63s coa=%63s", what, hoa, third, coa);
    unsigned long bid = 0;
    char *end = NULL;
    if (nw >= 3 && !strcmp(what, "bindings"))
        want = atoi(third);
    else if (nw == 4 && !strcmp(what, "binding"))
        bid = strtoul(third, &end, 10);
    if (!(nw == 3 && !strcmp(what, "bindings")) && !(nw == 4 && !strcmp(what, "binding") && end && !*end)) {
        snprintf(why, cap, "unknown state check '%.200s' (expected: bindings HOA COUNT, or binding HOA BID coa=ADDR)",
                 text);
        return -1;
    }
    uint8_t a[16];
    if (inet_pton(AF_INET6, hoa, a) != 1) {
        snprintf(why, cap, "state check: '%s' is not an IPv6 address", hoa);
        return -1;
    }
    json *j;
    if (iut_state(v, &j, why, cap) < 0)
        return -1;
    const json *list = json_member(j, "bindings");
    int n = 0, found = 0;
    const json *got = NULL;
    for (size_t i = 0; i < list->n; i++) {
        const json *b = &list->item[i];
        if (!same_address(json_member(b, "hoa"), hoa))
            continue;
        n++;
        const json *jb = json_member(b, "bid");
        if (want < 0 && jb && jb->type == JSON_NUMBER && jb->number == (double)bid) {
            found++;
            got = json_member(b, "coa");
        }
    }
    int rc = 1;
    if (want >= 0 && n != want) {
        snprintf(why, cap, "the IUT holds %d binding(s) for %s, expected %d", n, hoa, want);
        rc = 0;
    } else if (want < 0 && found != 1) {
        snprintf(why, cap, "the IUT holds %d binding(s) for %s with BID %lu, expected one", found, hoa, bid);
        rc = 0;
    } else if (want < 0 && !same_address(got, coa)) {
        snprintf(why, cap, "the IUT's binding of %s BID %lu has care-of address %s, expected %s", hoa, bid,
                 got && got->type == JSON_STRING ? got->string : "(none)", coa);
        rc = 0;
    }
    json_free(j);
    return rc;
}

/* A 64-bit keygen token as a pattern captures it (decimal) or 0x-hex. */
static int token_arg(const char *w, uint8_t t[MCT_TOKEN_LEN])
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(w, &end, 0);
    if (!*w || *w == '-' || *end || errno)
        return -1;
    for (int i = MCT_TOKEN_LEN - 1; i >= 0; i--, v >>= 8)
        t[i] = (uint8_t)v;
    return 0;
}

/* `compute NAME = rr-auth HTOK CTOK COA CN EXPR` ($VARs substituted): the
 * RFC 6275 6.2.7 authenticator of the Binding Update EXPR, whose last
 * mobility option must be a 12-byte Binding Authorization Data (its value
 * does not matter): Kbm = SHA1(HTOK | CTOK), or SHA1(HTOK) when CTOK is `-`
 * (a de-registration, RFC 6275 5.2.5); First(96, HMAC_SHA1(Kbm, COA | CN |
 * MH with Checksum zero, without the Authenticator)).  Sets NAME to the 24
 * hex digits, for `auth auth=$NAME`.  1 done, -1 (why) a malformed step. */
/* `compute NAME = add A B`: (A + B) modulo 2**16, for sequence numbers
 * (RFC 6275 9.5.1 compares them modulo 2**16).  1 done, -1 malformed. */
/* $NAME = VALUE, said in the log line `why`; 1, or -1 when full. */
static int compute_result(pixit *vars, const char *name, const char *value, char *why, size_t cap)
{
    if (pixit_set(vars, name, value) < 0) {
        snprintf(why, cap, "compute: too many variables to set %s", name);
        return -1;
    }
    snprintf(why, cap, "%s = %s", name, value);
    return 1;
}

static int compute_add(const char *text, pixit *vars, char *why, size_t cap)
{
    char name[64], eq[8], fn[16], a[32], b[32], extra[8];
    char *ea, *eb;
    if (sscanf(text, "%63s %7s %15s %31s %31s %7s", name, eq, fn, a, b, extra) != 5 || strcmp(eq, "=")) {
        snprintf(why, cap, "compute: expected NAME = add A B, got '%.300s'", text);
        return -1;
    }
    unsigned long x = strtoul(a, &ea, 0), y = strtoul(b, &eb, 0);
    if (*ea || *eb || !*a || !*b) {
        snprintf(why, cap, "compute add: A and B are numbers, got %s %s", a, b);
        return -1;
    }
    char v[16];
    snprintf(v, sizeof v, "%lu", (x + y) % 65536);
    return compute_result(vars, name, v, why, cap);
}

/* A number as the test language writes one (decimal or 0x hex). */
static int number_value(const char *w, unsigned long *out)
{
    char *end;
    if (!*w || *w == '-')
        return 0;
    errno = 0;
    *out = strtoul(w, &end, 0);
    return !*end && errno == 0;
}

/* check A OP B, after $VAR substitution: 1 holds, 0 does not (why says
 * both values), -1 not comparable.  == and != compare numbers as numbers
 * and addresses as addresses (so 0x10 equals 16 and 2001:db8::01 equals
 * 2001:db8::1), anything else as text; > is "after" for 16-bit Sequence
 * Numbers, modulo 2**16 and 1 to 32767 ahead (RFC 6275 9.5.1), as the
 * pattern's seq>N. */
static int check_values(const char *text, char *why, size_t cap)
{
    char a[128], op[8], b[128], extra[8];
    if (sscanf(text, "%127s %7s %127s %7s", a, op, b, extra) != 3) {
        snprintf(why, cap, "expected check A OP B (three words), got '%.300s'", text);
        return -1;
    }
    unsigned long x, y;
    int eq;
    uint8_t ax[16], bx[16];
    if (!strcmp(op, ">")) {
        if (!number_value(a, &x) || !number_value(b, &y) || x > 0xffff || y > 0xffff) {
            snprintf(why, cap, "'>' compares 16-bit Sequence Numbers; got %s and %s", a, b);
            return -1;
        }
        unsigned d = (unsigned)((x - y) & 0xffff);
        int after = d >= 1 && d <= 0x7fff;
        snprintf(why, cap, "%lu is %s %lu (modulo 2**16, RFC 6275 9.5.1)", x, after ? "after" : "not after", y);
        return after;
    }
    if (number_value(a, &x) && number_value(b, &y))
        eq = x == y;
    else if (inet_pton(AF_INET6, a, ax) == 1 && inet_pton(AF_INET6, b, bx) == 1)
        eq = !memcmp(ax, bx, 16);
    else
        eq = !strcasecmp(a, b);
    int holds = !strcmp(op, "==") ? eq : !eq;
    snprintf(why, cap, "%s %s %s", a, eq ? "equals" : "differs from", b);
    return holds;
}

/* compute NAME = addr-add ADDR N: the IPv6 address N after ADDR (home
 * addresses HOA+1, HOA+2... of many mobile nodes in one home prefix). */
static int compute_addr_add(const char *text, pixit *vars, char *why, size_t cap)
{
    char name[64], eq[8], fn[16], a[64], b[32], extra[8];
    uint8_t x[16];
    unsigned long n;
    if (sscanf(text, "%63s %7s %15s %63s %31s %7s", name, eq, fn, a, b, extra) != 5 || strcmp(eq, "=")) {
        snprintf(why, cap, "compute: expected NAME = addr-add ADDR N, got '%.300s'", text);
        return -1;
    }
    if (inet_pton(AF_INET6, a, x) != 1 || !number_value(b, &n)) {
        snprintf(why, cap, "compute addr-add: ADDR is an IPv6 address and N a number, got %s %s", a, b);
        return -1;
    }
    for (int i = 15; i >= 0 && n; i--) {
        unsigned long v = x[i] + (n & 0xff);
        x[i] = (uint8_t)v;
        n = (n >> 8) + (v >> 8);
    }
    char v[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, x, v, sizeof v);
    return compute_result(vars, name, v, why, cap);
}

/* compute NAME = addr-random PREFIX/LEN N: the N-th of a series of
 * addresses in PREFIX (LEN at most 64) with interface identifiers that
 * look random (the first 64 bits of SHA-1 of "mcoa-conform N"), as
 * temporary addresses do (RFC 8981): many mobile nodes whose home
 * addresses differ everywhere in the identifier, not in the last byte. */
static int compute_addr_random(const char *text, pixit *vars, char *why, size_t cap)
{
    char name[64], eq[8], fn[16], a[80], b[32], extra[8];
    uint8_t x[16], md[EVP_MAX_MD_SIZE];
    unsigned long n;
    unsigned mdlen = 0;
    int plen = -1;
    char *slash;
    if (sscanf(text, "%63s %7s %15s %79s %31s %7s", name, eq, fn, a, b, extra) != 5 || strcmp(eq, "=")) {
        snprintf(why, cap, "compute: expected NAME = addr-random PREFIX/LEN N, got '%.300s'", text);
        return -1;
    }
    if ((slash = strchr(a, '/')) != NULL) {
        *slash = 0;
        plen = atoi(slash + 1);
    }
    if (inet_pton(AF_INET6, a, x) != 1 || plen < 0 || plen > 64 || !number_value(b, &n)) {
        snprintf(why, cap, "compute addr-random: PREFIX/LEN is an IPv6 prefix of at most 64 bits and N a number, "
                           "got %s%s%s %s", a, slash ? "/" : "", slash ? slash + 1 : "", b);
        return -1;
    }
    char seed[48];
    int sl = snprintf(seed, sizeof seed, "mcoa-conform %lu", n);
    if (!EVP_Digest(seed, (size_t)sl, md, &mdlen, EVP_sha1(), NULL) || mdlen < 8) {
        snprintf(why, cap, "compute addr-random: SHA-1 failed");
        return -1;
    }
    memcpy(x + 8, md, 8);
    x[8] &= 0xfd; /* the u bit clear: not a universal identifier (RFC 4291 2.5.1) */
    char v[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, x, v, sizeof v);
    return compute_result(vars, name, v, why, cap);
}

/* compute NAME = hex-xor HEX MASK: HEX with its first bytes xored with
 * MASK (both hex digits, 0x optional; MASK no longer than HEX): a value
 * wrong in chosen bits only, such as an authenticator wrong in its first
 * byte, which a receiver that compares all of it must refuse. */
static int compute_hex_xor(const char *text, pixit *vars, char *why, size_t cap)
{
    char name[64], eq[8], fn[16], a[136], b[136], extra[8];
    if (sscanf(text, "%63s %7s %15s %135s %135s %7s", name, eq, fn, a, b, extra) != 5 || strcmp(eq, "=")) {
        snprintf(why, cap, "compute: expected NAME = hex-xor HEX MASK, got '%.300s'", text);
        return -1;
    }
    const char *h = strncasecmp(a, "0x", 2) ? a : a + 2, *m = strncasecmp(b, "0x", 2) ? b : b + 2;
    size_t hl = strlen(h), ml = strlen(m);
    if (!hl || hl % 2 || !ml || ml % 2 || ml > hl || strspn(h, "0123456789abcdefABCDEF") != hl ||
        strspn(m, "0123456789abcdefABCDEF") != ml) {
        snprintf(why, cap, "compute hex-xor: HEX and MASK are whole bytes of hex digits, MASK no longer than HEX; "
                           "got %s %s", a, b);
        return -1;
    }
    char v[136];
    size_t k = 0;
    if (h != a)
        k = (size_t)snprintf(v, sizeof v, "0x");
    for (size_t i = 0; i < hl; i += 2) {
        unsigned x, y = 0;
        sscanf(h + i, "%2x", &x);
        if (i < ml)
            sscanf(m + i, "%2x", &y);
        k += (size_t)snprintf(v + k, sizeof v - k, "%02x", (x ^ y) & 0xff);
    }
    return compute_result(vars, name, v, why, cap);
}

/* compute NAME = solicited-node ADDR: the solicited-node multicast address
 * of ADDR, ff02::1:ff00:0/104 and ADDR's last 24 bits (RFC 4291 2.7.1).
 * compute NAME = multicast-mac ADDR: the Ethernet destination of IPv6
 * multicast ADDR, 33:33 and ADDR's last 32 bits (RFC 2464 7).  A test
 * solicits the IUT's own address, whatever the PIXIT gives it. */
static int compute_nd_address(const char *text, pixit *vars, char *why, size_t cap)
{
    char name[64], eq[8], fn[24], a[64], extra[8];
    uint8_t x[16];
    if (sscanf(text, "%63s %7s %23s %63s %7s", name, eq, fn, a, extra) != 4 || strcmp(eq, "=") ||
        inet_pton(AF_INET6, a, x) != 1) {
        snprintf(why, cap, "compute: expected NAME = %s ADDR (an IPv6 address), got '%.300s'", fn, text);
        return -1;
    }
    char v[INET6_ADDRSTRLEN];
    if (!strcmp(fn, "multicast-mac")) {
        snprintf(v, sizeof v, "33:33:%02x:%02x:%02x:%02x", x[12], x[13], x[14], x[15]);
        return compute_result(vars, name, v, why, cap);
    }
    static const uint8_t sn[13] = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xff};
    memcpy(x, sn, sizeof sn);
    inet_ntop(AF_INET6, x, v, sizeof v);
    return compute_result(vars, name, v, why, cap);
}

/* compute NAME = nd-ns TARGET SRC DST LLADDR: the bytes of an ICMPv6
 * Neighbor Solicitation for TARGET (RFC 4861 4.3) with a Source
 * Link-Layer Address option LLADDR (4.6.1), sent from SRC to DST, its
 * checksum over the IPv6 pseudo-header (RFC 4443 2.3), in hex for `raw
 * data=` after `ipv6 ... nh=58 hlim=255`. */
static int compute_nd_ns(const char *text, pixit *vars, char *why, size_t cap)
{
    char name[64], eq[8], fn[16], t[64], s[64], d[64], l[32], extra[8];
    uint8_t tg[16], src[16], dst[16], mac[6];
    if (sscanf(text, "%63s %7s %15s %63s %63s %63s %31s %7s", name, eq, fn, t, s, d, l, extra) != 7 ||
        strcmp(eq, "=") || inet_pton(AF_INET6, t, tg) != 1 || inet_pton(AF_INET6, s, src) != 1 ||
        inet_pton(AF_INET6, d, dst) != 1 ||
        sscanf(l, "%2hhx:%2hhx:%2hhx:%2hhx:%2hhx:%2hhx%7s", &mac[0], &mac[1], &mac[2], &mac[3], &mac[4], &mac[5],
               extra) != 6) {
        snprintf(why, cap, "compute: expected NAME = nd-ns TARGET SRC DST LLADDR (three IPv6 addresses and an "
                           "Ethernet address), got '%.300s'", text);
        return -1;
    }
    uint8_t m[32] = {135, 0, 0, 0, 0, 0, 0, 0}; /* type, code, checksum, reserved */
    memcpy(m + 8, tg, 16);
    m[24] = 1; /* Source Link-Layer Address, */
    m[25] = 1; /* 8 bytes */
    memcpy(m + 26, mac, 6);
    uint32_t sum = sizeof m + MC_IPPROTO_ICMPV6; /* pseudo-header: length and next header */
    for (int i = 0; i < 16; i += 2)
        sum += (uint32_t)(src[i] << 8 | src[i + 1]) + (uint32_t)(dst[i] << 8 | dst[i + 1]);
    for (size_t i = 0; i < sizeof m; i += 2)
        sum += (uint32_t)(m[i] << 8 | m[i + 1]);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    m[2] = (uint8_t)(~sum >> 8);
    m[3] = (uint8_t)~sum;
    char v[2 * sizeof m + 1];
    for (size_t i = 0; i < sizeof m; i++)
        snprintf(v + 2 * i, 3, "%02x", m[i]);
    return compute_result(vars, name, v, why, cap);
}

static int compute(const char *text, pixit *vars, char *why, size_t cap)
{
    char fn1[24];
    if (sscanf(text, "%*s %*s %23s", fn1) == 1 && (!strcmp(fn1, "solicited-node") || !strcmp(fn1, "multicast-mac")))
        return compute_nd_address(text, vars, why, cap);
    if (sscanf(text, "%*s %*s %23s", fn1) == 1 && !strcmp(fn1, "nd-ns"))
        return compute_nd_ns(text, vars, why, cap);
    char fn0[16];
    if (sscanf(text, "%*s %*s %15s", fn0) == 1 && !strcmp(fn0, "add"))
        return compute_add(text, vars, why, cap);
    if (sscanf(text, "%*s %*s %15s", fn0) == 1 && !strcmp(fn0, "addr-add"))
        return compute_addr_add(text, vars, why, cap);
    if (sscanf(text, "%*s %*s %15s", fn0) == 1 && !strcmp(fn0, "addr-random"))
        return compute_addr_random(text, vars, why, cap);
    if (sscanf(text, "%*s %*s %15s", fn0) == 1 && !strcmp(fn0, "hex-xor"))
        return compute_hex_xor(text, vars, why, cap);
    char name[64], eq[8], fn[32], ht_s[32], ct_s[32], coa_s[64], cn_s[64];
    int used = 0;
    if (sscanf(text, "%63s %7s %31s %31s %31s %63s %63s %n", name, eq, fn, ht_s, ct_s, coa_s, cn_s, &used) < 7 ||
        !used || strcmp(eq, "=") || strcmp(fn, "rr-auth")) {
        snprintf(why, cap, "compute: expected NAME = rr-auth HTOK CTOK COA CN EXPR, got '%.300s'", text);
        return -1;
    }
    uint8_t ht[MCT_TOKEN_LEN], ct[MCT_TOKEN_LEN], coa[16], cn[16];
    int dereg = !strcmp(ct_s, "-");
    if (token_arg(ht_s, ht) < 0 || (!dereg && token_arg(ct_s, ct) < 0)) {
        snprintf(why, cap, "compute rr-auth: keygen tokens are numbers (a captured token), CTOK may be -; got %s %s",
                 ht_s, ct_s);
        return -1;
    }
    if (inet_pton(AF_INET6, coa_s, coa) != 1 || inet_pton(AF_INET6, cn_s, cn) != 1) {
        snprintf(why, cap, "compute rr-auth: COA and CN are IPv6 addresses; got %s %s", coa_s, cn_s);
        return -1;
    }
    static mc_pkt p;
    static uint8_t frame[MC_FRAME_MAX];
    mc_err e = {0};
    size_t flen;
    if (mc_expr_parse(text + used, &p, &e) < 0 || mc_build(&p, frame, sizeof frame, &flen, &e) < 0) {
        snprintf(why, cap, "compute rr-auth: %s", e.msg);
        return -1;
    }
    /* the signed option is the last of the last Mobility Header: its
     * Authenticator is filled in by the tester's own computation
     * (harness/tester: no node code on this side of the wire) */
    const mc_layer *mh = NULL;
    mc_opt *o = NULL;
    for (int i = p.nlayers - 1; i >= 0 && !mh; i--)
        if (p.l[i].kind == MC_LK_MH && p.l[i].opt_count > 0) {
            mh = &p.l[i];
            o = &p.o[mh->opt_first + mh->opt_count - 1];
        }
    size_t mh_len = mh && mh->wire_off + 2u <= flen ? ((size_t)frame[mh->wire_off + 1] + 1) * 8 : 0;
    uint8_t kbm[MCT_KBM_LEN], auth[MCT_AUTH_LEN];
    mct_kbm(ht, dereg ? NULL : ct, kbm);
    if (!mh || o->type != MC_OPT_AUTH || o->len != MCT_AUTH_LEN || mh->wire_off + mh_len > flen ||
        mct_authenticator(kbm, coa, cn, frame + mh->wire_off, mh_len, o->wire_off + 2u, auth) < 0) {
        snprintf(why, cap, "compute rr-auth: the Binding Update's last mobility option must be a Binding "
                           "Authorization Data option with a 12-byte Authenticator (auth)");
        return -1;
    }
    char hex[2 * MCT_AUTH_LEN + 1];
    for (int i = 0; i < MCT_AUTH_LEN; i++)
        snprintf(hex + 2 * i, 3, "%02x", auth[i]);
    return compute_result(vars, name, hex, why, cap);
}

/* The step that failed, for the report (tc_result). */
static void failed_at(tc_result *r, int idx, const tc_step *s, const char *kind, const char *text)
{
    r->fail_step = idx;
    r->fail_line = s->line;
    int no_ep = s->kind == TC_STATE || s->kind == TC_CHECK;
    r->fail_timeout_ms = no_ep ? 0 : s->timeout_ms;
    snprintf(r->fail_kind, sizeof r->fail_kind, "%s", kind);
    snprintf(r->fail_where, sizeof r->fail_where, "%s", no_ep ? "" : s->where);
    snprintf(r->fail_text, sizeof r->fail_text, "%s", text);
}

/* One step; returns 1 passed, 0 failed (reason in r), -1 error. */
static int step(env *v, const tc_case *tc, const tc_step *s, int idx, pixit *vars, tc_result *r)
{
    char text[TC_MAX_LINE * 2];
    mc_err e = {0};
    if (pixit_subst(vars, s->text, text, sizeof text, &e) < 0) {
        verdict(r, MC_VERDICT_ERROR, "%s:%d: step %d: %s", tc->path, s->line, idx, e.msg);
        return -1;
    }
    env_log(v, "step %d (line %d): %s %s %s", idx, s->line,
            s->kind == TC_SEND ? "send" : s->kind == TC_EXPECT ? "expect" : s->kind == TC_EXPECT_NONE ? "expect-none" :
            s->kind == TC_IUT ? (s->refusable ? "iut?" : "iut") : s->kind == TC_COMPUTE ? "compute" : s->kind == TC_CHECK ? "check" : "state", s->where, text);
    if (s->kind == TC_SEND) {
        static mc_pkt p;
        env_ep *ep = env_endpoint(v, s->where, &e);
        if (!ep || mc_expr_parse(text, &p, &e) < 0 || env_send(v, ep, &p, &e) < 0) {
            verdict(r, MC_VERDICT_ERROR, "%s:%d: send: %s%s", tc->path, s->line, e.msg, e.pos >= 0 ? "" : "");
            return -1;
        }
        return 1;
    }
    if (s->kind == TC_EXPECT || s->kind == TC_EXPECT_NONE) {
        static pattern pat;
        matchctx m;
        memset(&m, 0, sizeof m);
        m.p = &pat;
        env_ep *ep = env_endpoint(v, s->where, &e);
        if (!ep || pat_parse(text, &pat, &e) < 0) {
            verdict(r, MC_VERDICT_ERROR, "%s:%d: pattern, column %ld: %s", tc->path, s->line, e.pos + 1, e.msg);
            return -1;
        }
        unsigned within = s->timeout_ms;
        const char *tv = s->timeout_var[0] ? pixit_get(vars, s->timeout_var) : NULL;
        if (s->timeout_var[0] && (!tv || tc_duration(tv, &within) < 0)) {
            verdict(r, MC_VERDICT_ERROR, "%s:%d: the time bound $%s is %s%s%s, not a time like 100ms or 1s", tc->path,
                    s->line, s->timeout_var, tv ? "'" : "not in the PIXIT", tv ? tv : "", tv ? "'" : "");
            return -1;
        }
        mc_outbuf seen;
        mc_out_init(&seen, NULL);
        int got = env_wait(v, ep, within, do_match, &m, &seen, &e);
        int ok = got < 0 ? -1 : (s->kind == TC_EXPECT) == (got == 1);
        if (got < 0)
            verdict(r, MC_VERDICT_ERROR, "step %d: %s", idx, e.msg);
        else if (!ok) {
            verdict(r, MC_VERDICT_FAIL, "step %d (line %d): %s on %s within %u ms:\n    %s%s%s\n  observed:%s", idx,
                    s->line, s->kind == TC_EXPECT ? "expected" : "expected NO packet like this", s->where,
                    within, text, s->why[0] ? "\n  because: " : "", s->why,
                    seen.len ? seen.buf : "\n    (nothing)");
            failed_at(r, idx, s, s->kind == TC_EXPECT ? "expect" : "expect-none", text);
            r->fail_timeout_ms = within;
        }
        for (int i = 0; ok == 1 && i < m.ncaps; i++) {
            pixit_set(vars, m.caps[i].name, m.caps[i].value);
            env_log(v, "  captured %s = %s", m.caps[i].name, m.caps[i].value);
        }
        mc_out_free(&seen);
        return ok;
    }
    if (s->kind == TC_IUT) {
        mc_outbuf out;
        mc_out_init(&out, NULL);
        int rc = env_iut_command(v, text, &out, &e);
        env_log(v, "  -> %s", out.buf ? out.buf : "");
        if (rc == -2)
            verdict(r, MC_VERDICT_SKIP, "step %d (line %d): %s", idx, s->line, e.msg);
        else if (rc < 0 && s->refusable) {
            /* iut? ACTION: refusing is one of the IUT's answers; the
             * steps after it judge what it sent */
            env_log(v, "  refused, which iut? allows: %s", e.msg);
            rc = 0;
        } else if (rc < 0)
            verdict(r, MC_VERDICT_ERROR, "step %d (line %d): IUT action '%s' failed: %s", idx, s->line, text, e.msg);
        mc_out_free(&out);
        return rc < 0 ? -1 : 1;
    }
    if (s->kind == TC_COMPUTE) {
        char why[600];
        int rc = compute(text, vars, why, sizeof why);
        if (rc < 0)
            verdict(r, MC_VERDICT_ERROR, "step %d (line %d): %s", idx, s->line, why);
        else
            env_log(v, "  %s", why);
        return rc;
    }
    if (s->kind == TC_CHECK) {
        char why[400];
        int rc = check_values(text, why, sizeof why);
        if (rc < 0)
            verdict(r, MC_VERDICT_ERROR, "step %d (line %d): %s", idx, s->line, why);
        else if (rc == 0) {
            verdict(r, MC_VERDICT_FAIL, "step %d (line %d): check %s: %s%s%s", idx, s->line, s->text, why,
                    s->why[0] ? "\n  because: " : "", s->why);
            failed_at(r, idx, s, "check", text);
        } else
            env_log(v, "  %s", why);
        return rc;
    }
    /* TC_STATE */
    if (!env_have_management(v)) {
        env_log(v, "  skipped: the IUT has no management interface; the verdict rests on the wire");
        return 1;
    }
    char why[512];
    int rc = state_check(v, text, why, sizeof why);
    if (rc < 0)
        verdict(r, MC_VERDICT_ERROR, "step %d (line %d): %s", idx, s->line, why);
    else if (rc == 0) {
        verdict(r, MC_VERDICT_FAIL, "step %d (line %d): state %s: %s", idx, s->line, text, why);
        failed_at(r, idx, s, "state", text);
    }
    return rc;
}

/* repeat VAR FROM TO: the bounds, $VARs substituted; -1 with an error verdict. */
static int repeat_bounds(const tc_step *s, pixit *vars, char var[32], long *from, long *to, tc_result *r)
{
    char text[TC_MAX_LINE], a[64], b[64], extra[8];
    mc_err e = {0};
    unsigned long x, y;
    if (pixit_subst(vars, s->text, text, sizeof text, &e) < 0) {
        verdict(r, MC_VERDICT_ERROR, "line %d: repeat: %s", s->line, e.msg);
        return -1;
    }
    if (sscanf(text, "%31s %63s %63s %7s", var, a, b, extra) != 3 || !number_value(a, &x) || !number_value(b, &y) ||
        y > 100000) {
        verdict(r, MC_VERDICT_ERROR, "line %d: repeat: expected VAR FROM TO with numbers up to 100000, got '%.200s'",
                s->line, text);
        return -1;
    }
    *from = (long)x;
    *to = (long)y;
    return 0;
}

/* ---- the tester's own scheduling --------------------------------------------
 * A machine that stops the tester (a virtual machine descheduled by its
 * host, a host out of memory) does not stop the IUT's clocks: a nonce or a
 * lifetime a test relies on can end while the tester sleeps, and its
 * expect-none windows stretch.  A thread wakes every STALL_TICK_MS and
 * notes how late it woke, and during which step: lateness the tester did
 * not cause itself, measured rather than guessed. */
#define STALL_TICK_MS 20
static atomic_int g_step;       /* the step running, 1-based; 0: set-up */
static atomic_int g_stall_stop;
static double g_stall_ms;       /* the longest lateness, and its step */
static int g_stall_step;

static void *stall_watch(void *unused)
{
    (void)unused;
    struct timespec due;
    clock_gettime(CLOCK_MONOTONIC, &due);
    while (!atomic_load(&g_stall_stop)) {
        due.tv_nsec += STALL_TICK_MS * 1000000L;
        if (due.tv_nsec >= 1000000000L) {
            due.tv_nsec -= 1000000000L;
            due.tv_sec++;
        }
        /* the step running when this thread last ran on time, i.e. when
         * the stall began: once the process runs again, its main thread
         * may be several steps further before this one is scheduled */
        int step = atomic_load(&g_step);
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &due, NULL);
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        double late = (double)(now.tv_sec - due.tv_sec) * 1e3 + (double)(now.tv_nsec - due.tv_nsec) / 1e6;
        if (late > g_stall_ms) {
            g_stall_ms = late;
            g_stall_step = step;
        }
        if (late > STALL_TICK_MS)
            due = now; /* on from now, not a burst of ticks to catch up */
    }
    return NULL;
}

static void run_steps(env *v, const tc_case *tc, const run_opts *o, tc_result *r)
{
    static pixit vars;
    vars = *o->px;
    /* Every endpoint the test names listens before the first step: an
     * answer may arrive on an endpoint before the step that expects it. */
    const char *names[TC_MAX_STEPS];
    int nn = 0;
    for (int i = 0; i < tc->nsteps; i++)
        if (tc->steps[i].where[0])
            names[nn++] = tc->steps[i].where;
    env_open_endpoints(v, names, nn);
    for (int i = 0; i < tc->nsteps; i++) {
        mc_err e = {0};
        if (tc->steps[i].where[0] && !env_endpoint(v, tc->steps[i].where, &e)) {
            verdict(r, MC_VERDICT_ERROR, "%s:%d: %s", tc->path, tc->steps[i].line, e.msg);
            return;
        }
    }
    double t0 = now_s();
    struct timespec wall;
    clock_gettime(CLOCK_REALTIME, &wall); /* the capture's clock, for the marks' times */
    v->steps_t0 = (double)wall.tv_sec + (double)wall.tv_nsec / 1e9;
    /* repeat VAR FROM TO ... end: one level; the loop's variable and bound */
    char rvar[32] = "";
    long rcur = 0, rto = 0;
    uint8_t seen[TC_MAX_STEPS] = {0};
    for (int i = 0; i < tc->nsteps; i++) {
        const tc_step *s = &tc->steps[i];
        tc_step_time *st = &r->steps[i];
        if (s->kind == TC_REPEAT || s->kind == TC_END) {
            int first = s->kind == TC_REPEAT;
            if (first && repeat_bounds(s, &vars, rvar, &rcur, &rto, r) < 0) {
                r->nsteps = i + 1;
                return;
            }
            if (!first)
                rcur++;
            if (rcur > rto) { /* done (or never entered): on after the end */
                env_log(v, "repeat %s: %s", rvar, first ? "no iteration" : "done");
                rvar[0] = 0;
                i = first ? s->match : i;
                continue;
            }
            char val[24];
            snprintf(val, sizeof val, "%ld", rcur);
            pixit_set(&vars, rvar, val);
            env_log(v, "repeat %s = %ld (to %ld)", rvar, rcur, rto);
            i = first ? i : s->match;
            continue;
        }
        if (!seen[i]) { /* a repeated step spans its first to its last run */
            st->frame0 = (uint32_t)v->frames;
            st->t0_ms = (now_s() - t0) * 1e3;
            seen[i] = 1;
        }
        atomic_store(&g_step, i + 1);
        int rc = step(v, tc, s, i + 1, &vars, r);
        st->frame1 = (uint32_t)v->frames;
        st->t1_ms = (now_s() - t0) * 1e3;
        if (i + 1 > r->nsteps)
            r->nsteps = i + 1;
        if (rc == 1)
            continue;
        if (rvar[0]) {
            size_t n = strnlen(r->reason, sizeof r->reason);
            snprintf(r->reason + n, sizeof r->reason - n, " [repeat %s = %ld]", rvar, rcur);
        }
        if (s->should && r->verdict == MC_VERDICT_FAIL)
            r->should_step = 1; /* judged as the test of a SHOULD: tc_run_once */
        if (s->pre && r->verdict == MC_VERDICT_FAIL) {
            r->verdict = MC_VERDICT_INCONC; /* a precondition, not the behaviour under test */
            memmove(r->reason + 14, r->reason, strnlen(r->reason, sizeof r->reason - 15) + 1);
            memcpy(r->reason, "precondition: ", 14);
        }
        return;
    }
    r->verdict = MC_VERDICT_PASS;
    r->reason[0] = 0;
}

int tc_skip_reason(const tc_case *tc, const run_opts *o, char *why, size_t cap)
{
    for (int i = 0; i < tc->npics; i++)
        if (!pics_has(o->pics, tc->pics[i])) {
            const mc_pics_item *p = mc_pics_find(tc->pics[i]);
            snprintf(why, cap, "the IUT does not claim PICS item '%s' (%s)", tc->pics[i], p ? p->what : "?");
            return 1;
        }
    if (o->iut == IUT_REFERENCE)
        return 0;
    if (tc->configuration[0]) {
        char key[96];
        snprintf(key, sizeof key, "iut-cmd.%s", tc->configuration);
        const mc_iut_config *c = mc_iut_config_find(tc->iut, tc->configuration);
        if (!(o->iut == IUT_CMD && pixit_get(o->px, key)) && !pixit_get(o->px, "action.configure")) {
            snprintf(why, cap, "needs the IUT in configuration '%s' (%s): the PIXIT gives %s%s%saction.configure",
                     tc->configuration, c ? c->what : "?", o->iut == IUT_CMD ? "neither " : "no ",
                     o->iut == IUT_CMD ? key : "", o->iut == IUT_CMD ? " nor " : "");
            return 1;
        }
    }
    for (int i = 0; i < tc->nsteps; i++) {
        char name[32], key[64];
        if (tc->steps[i].kind != TC_IUT || sscanf(tc->steps[i].text, "%31s", name) != 1)
            continue;
        snprintf(key, sizeof key, "action.%s", name);
        if (!pixit_get(o->px, key)) {
            const mc_iut_action *a = mc_iut_action_find(tc->iut, name);
            snprintf(why, cap, "needs IUT action '%s' (%s): the PIXIT has no %s", name, a ? a->what : "?", key);
            return 1;
        }
    }
    return 0;
}

/* the namespaces (and IUT, endpoints) of this process's current test */
static env g_v;

/* run --reuse-netns ID: are the namespaces of run ID up, built by mcoa-netns
 * from this topology (its ID.topo record)?  1: yes; 0: no record; -1: up
 * from another topology, now taken down so that they can be built again. */
static int netns_kept(const run_opts *o, const char *id, const char *topo)
{
    const char *dir = getenv("MCOA_NETNS_RUN") ? getenv("MCOA_NETNS_RUN") : "/run/mcoa-netns";
    char p[700], rec[700] = "";
    snprintf(p, sizeof p, "%s/%s.topo", dir, id);
    FILE *f = fopen(p, "r");
    if (!f)
        return 0;
    if (!fgets(rec, sizeof rec, f))
        rec[0] = 0;
    fclose(f);
    rec[strcspn(rec, "\n")] = 0;
    snprintf(p, sizeof p, "%s/%s", dir, id);
    if (!strcmp(rec, topo) && access(p, F_OK) == 0)
        return 1;
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "'%s' down --id %s >/dev/null 2>&1", o->netns_tool, id);
    if (system(cmd) != 0) {
        /* env_up says what is wrong if the id is still in use */
    }
    return -1;
}

static void tc_run_once(const tc_case *tc, const run_opts *o, const char *dir, const char *id,
                        const char *const *faults, int nfaults, tc_result *r, const char *note)
{
    double t0 = now_s();
    memset(r, 0, sizeof *r);
    if (tc_skip_reason(tc, o, r->reason, sizeof r->reason)) {
        r->verdict = MC_VERDICT_SKIP;
        return;
    }
    /* The namespaces of the previous test in this process are reused when
     * it ran in the same topology under the same run id: a topology takes
     * longer to build than most tests take to run.  Anything a test could
     * not undo (see env_reset) means building afresh. */
    /* the PIXIT may put an IUT role in another topology (topology.mn =
     * triad-ra: a mobile node that autoconfigures its care-of addresses) */
    char topo[640], tkey[32];
    snprintf(tkey, sizeof tkey, "topology.%s", tc->iut);
    const char *tname = pixit_get(o->px, tkey) ? pixit_get(o->px, tkey) : tc->topology;
    snprintf(topo, sizeof topo, "%.400s/%.32s.topo", o->topodir, tname);
    int reuse = g_v.up && !g_v.dirty && o->iut != IUT_IFACE && !strcmp(g_v.id, id) && !strcmp(g_v.topo, topo);
    if (g_v.up && !reuse)
        tc_world_down();
    /* run --reuse-netns: namespaces an earlier process left up (and reset) */
    int kept = !g_v.up && o->reuse_netns[0] && o->iut != IUT_IFACE ? netns_kept(o, id, topo) : 0;
    mc_dissection *keep_d = reuse ? g_v.d : NULL;
    memset(&g_v, 0, sizeof g_v);
    env *v = &g_v;
    v->up = reuse || kept > 0;
    v->d = keep_d ? keep_d : v->up ? malloc(sizeof *v->d) : NULL;
    v->netns_owner = o->netns_owner;
    mc_err e = {0};
    mkdir(dir, 0755);
    char path[700];
    snprintf(path, sizeof path, "%s/log.txt", dir);
    v->log = fopen(path, "w");
    snprintf(path, sizeof path, "%s/script.tc", dir);
    copy_file(tc->path, path);
    snprintf(v->id, sizeof v->id, "%s", id);
    snprintf(v->topo, sizeof v->topo, "%s", topo);
    snprintf(v->netns_tool, sizeof v->netns_tool, "%s", o->netns_tool);
    snprintf(v->bindir, sizeof v->bindir, "%s", o->bindir);
    snprintf(v->dir, sizeof v->dir, "%s", dir);
    snprintf(v->role, sizeof v->role, "%s", tc->iut);
    snprintf(v->test, sizeof v->test, "%s", tc->id);
    snprintf(v->configuration, sizeof v->configuration, "%s", tc->configuration);
    v->px = o->px;
    v->iut = o->iut;
    v->iut_arg = o->iut_arg;
    snprintf(path, sizeof path, "%s/packets.pcap", dir);
    v->pcap = mc_pcapw_open(path, MC_LINKTYPE_ETHERNET, &e);
    snprintf(path, sizeof path, "%s/packets.marks", dir);
    v->marks = fopen(path, "w");
    env_log(v, "test %s: %s\nIUT %s (%s)", tc->id, tc->title, tc->iut,
            o->iut == IUT_REFERENCE ? "reference node" : o->iut_arg);
    for (int i = 0; i < nfaults; i++)
        env_log(v, "reference node fault: %s", faults[i]);
    if (note)
        env_log(v, "%s", note);
    if (reuse || kept > 0)
        env_log(v, "namespaces of run %s reused (reset after the previous test%s)", id,
                kept > 0 ? ", by an earlier process: --reuse-netns" : "");
    if (tc->configuration[0])
        env_log(v, "IUT configuration: %s", tc->configuration);
    int started = -1;
    if ((!v->up && env_up(v, &e) < 0) || (started = env_start_iut(v, faults, nfaults, &e)) < 0)
        verdict(r, started == -2 ? MC_VERDICT_SKIP : MC_VERDICT_ERROR, "%s%s", started == -2 ? "" : "setup: ",
                e.msg);
    else {
        pthread_t watch;
        g_stall_ms = 0;
        g_stall_step = 0;
        atomic_store(&g_step, 0);
        atomic_store(&g_stall_stop, 0);
        int watching = pthread_create(&watch, NULL, stall_watch, NULL) == 0;
        run_steps(v, tc, o, r);
        if (watching) {
            atomic_store(&g_stall_stop, 1);
            pthread_join(watch, NULL);
        }
        int st;
        mc_err ae = {0};
        int exited = env_iut_exited(v, &st);
        if (exited && crash_signal(st))
            /* killed by its own fault (a trap, an abort, a bad address):
             * the stimuli of this test crashed it, which fails it */
            verdict(r, MC_VERDICT_FAIL, "the IUT crashed during the test (%s, status %d): see the test log",
                    crash_signal(st), st);
        else if (exited)
            verdict(r, MC_VERDICT_ERROR, "the IUT exited during the test (status %d), so the verdict %s does not "
                    "assess it: see the test log", st, mc_verdict_name(r->verdict));
        else if (r->verdict == MC_VERDICT_PASS && env_iut_alive(v, &ae) == 0)
            /* a node stuck in a loop sends nothing: it passes every
             * expect-none, so its silence is checked once more here */
            verdict(r, MC_VERDICT_FAIL, "after the last step the IUT no longer answers its liveness probe (%s): "
                    "a hung IUT meets every expect-none", ae.msg);
    }
    /* every frame still queued belongs to this test's record */
    for (int i = 0; i < v->neps; i++)
        env_wait(v, &v->eps[i], 0, NULL, NULL, NULL, &e);
    if ((tc->should || r->should_step) && r->verdict == MC_VERDICT_FAIL && !o->strict) {
        r->verdict = MC_VERDICT_PASS;
        r->warning = 1;
    }
    env_log(v, "verdict: %s%s %s", mc_verdict_name(r->verdict), r->warning ? " (warning: a SHOULD is not met)" : "",
            r->reason);
    env_end_test(v);
    /* a broken set-up or IUT may have left anything behind: build afresh next time */
    if (r->verdict == MC_VERDICT_ERROR || o->iut == IUT_IFACE || env_reset(v) < 0)
        env_down(v);
    if (v->log)
        fclose(v->log);
    v->log = NULL;
    r->duration_s = now_s() - t0;
}

/* Move the first attempt's record in `dir` into dir/stalled/. */
static void keep_attempt(const char *dir)
{
    static const char *const files[] = {"log.txt", "packets.pcap", "packets.marks", "script.tc", "pixit.txt", "iut"};
    char from[800], to[840];
    snprintf(to, sizeof to, "%s/stalled", dir);
    mkdir(to, 0755);
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(from, sizeof from, "%s/%s", dir, files[i]);
        snprintf(to, sizeof to, "%s/stalled/%s", dir, files[i]);
        rename(from, to);
    }
}

void tc_run(const tc_case *tc, const run_opts *o, const char *dir, const char *id, const char *const *faults,
            int nfaults, tc_result *r)
{
    tc_run_once(tc, o, dir, id, faults, nfaults, r, NULL);
    if ((r->verdict != MC_VERDICT_FAIL && r->verdict != MC_VERDICT_INCONC) || g_stall_ms < TC_STALL_MS)
        return;
    double stall = g_stall_ms, first_s = r->duration_s;
    int at = g_stall_step;
    mc_verdict first = r->verdict;
    char note[400];
    snprintf(note, sizeof note,
             "run again: during the first attempt (verdict %s, in stalled/) the tester was not scheduled for %.0f ms "
             "at %s %d (its own %d ms timer woke that late), so the timing the test relies on did not hold",
             mc_verdict_name(first), stall, at ? "step" : "set-up, before", at ? at : 1, STALL_TICK_MS);
    keep_attempt(dir);
    tc_run_once(tc, o, dir, id, faults, nfaults, r, note);
    r->rerun_stall_ms = stall;
    r->rerun_step = at;
    r->rerun_first = first;
    r->duration_s += first_s;
}

void tc_world_down(void)
{
    if (!g_v.up)
        return;
    FILE *log = g_v.log;
    if (!log)
        g_v.log = fopen("/dev/null", "w");
    env_down(&g_v);
    if (!log && g_v.log)
        fclose(g_v.log);
    g_v.log = log;
}

/* Line 1: verdict, warning, duration; line 2: steps that ran, the failed
 * step, its line, timeout, kind and endpoint ("-" for none); one line per
 * step: frames before and after, start and end in ms; the failed step's
 * text on one line; then the reason, to the end of the file. */
int tc_result_save(const char *path, const tc_result *r)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "%d %d %.6f %.1f %d %d\n", (int)r->verdict, r->warning, r->duration_s, r->rerun_stall_ms,
            r->rerun_step, (int)r->rerun_first);
    fprintf(f, "%d %d %d %u %s %s\n", r->nsteps, r->fail_step, r->fail_line, r->fail_timeout_ms,
            r->fail_kind[0] ? r->fail_kind : "-", r->fail_where[0] ? r->fail_where : "-");
    for (int i = 0; i < r->nsteps && i < TC_MAX_STEPS; i++)
        fprintf(f, "%u %u %.3f %.3f\n", r->steps[i].frame0, r->steps[i].frame1, r->steps[i].t0_ms,
                r->steps[i].t1_ms);
    for (const char *c = r->fail_text; *c; c++)
        fputc(*c == '\n' || *c == '\r' ? ' ' : *c, f);
    fprintf(f, "\n%s", r->reason);
    return fclose(f);
}

int tc_result_load(const char *path, tc_result *r)
{
    FILE *f = fopen(path, "r");
    memset(r, 0, sizeof *r);
    if (!f)
        return -1;
    static char line[TC_MAX_LINE + 8];
    int v = 0, rc = -1, first = 0;
    if (fgets(line, sizeof line, f) &&
        sscanf(line, "%d %d %lf %lf %d %d", &v, &r->warning, &r->duration_s, &r->rerun_stall_ms, &r->rerun_step,
               &first) >= 3 &&
        fgets(line, sizeof line, f) &&
        sscanf(line, "%d %d %d %u %15s %47s", &r->nsteps, &r->fail_step, &r->fail_line, &r->fail_timeout_ms,
               r->fail_kind, r->fail_where) == 6 &&
        r->nsteps >= 0 && r->nsteps <= TC_MAX_STEPS)
        rc = 0;
    r->verdict = (mc_verdict)v;
    r->rerun_first = (mc_verdict)first;
    for (int i = 0; rc == 0 && i < r->nsteps; i++)
        if (!fgets(line, sizeof line, f) || sscanf(line, "%u %u %lf %lf", &r->steps[i].frame0, &r->steps[i].frame1,
                                                   &r->steps[i].t0_ms, &r->steps[i].t1_ms) != 4)
            rc = -1;
    if (rc < 0)
        r->nsteps = r->fail_step = 0;
    if (!strcmp(r->fail_kind, "-"))
        r->fail_kind[0] = 0;
    if (!strcmp(r->fail_where, "-"))
        r->fail_where[0] = 0;
    if (rc == 0 && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        memcpy(r->fail_text, line, strnlen(line, sizeof r->fail_text - 1));
    }
    size_t n = fread(r->reason, 1, sizeof r->reason - 1, f);
    r->reason[n] = 0;
    fclose(f);
    return rc;
}
