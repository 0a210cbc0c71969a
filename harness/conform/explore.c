/*
 * explore.c - `mcoa-conform explore` (issue 17, see explore.h and
 * harness/EXPLORE.md): random Binding Update conversations against an IUT
 * home agent or correspondent node (return routability first, each BU
 * signed with the tester's own authenticator), each answer judged by the executable RFC model
 * (harness/model/: mm_expect_ba, mm_judge_ba, mm_apply), the IUT's binding
 * state (PIXIT `state`) compared with the model's; a divergence is shrunk
 * by delta debugging (ddmin over the steps, each candidate replayed from a
 * fresh IUT start) and written as a .tc test.
 *
 * The conversation depends on the seed alone (splitmix64; never on the
 * IUT's answers), so the same seed gives the same stimuli against any IUT.
 *
 * Every step ends with its answer settled: a BU with A set waits for its
 * BA (bounded by --timeout); a BU that may go unanswered (A clear, or a
 * wrong checksum) is followed by a "barrier", a BU with A set of a second
 * home address from the same endpoint: the IUT answers in order, so what
 * came before the barrier's BA is all the first BU got.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "explore.h"
#include "explore_mn.h"
#include "json.h"
#include "mcoa_model.h"
#include "paths.h"
#include "pattern.h"
#include "tester_rr.h"
#include "run.h"

/* ---- seeded randomness: splitmix64 --------------------------------------- */
static uint64_t g_rs;
static uint64_t rnd(void)
{
    uint64_t z = (g_rs += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
static unsigned rn(unsigned n) { return n ? (unsigned)(rnd() % n) : 0; }
static int pct(unsigned p) { return rn(100) < p; }

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static volatile sig_atomic_t g_stop;
static void on_sig(int s)
{
    (void)s;
    g_stop = 1;
}

/* ---- the conversation ------------------------------------------------------ */
#define XS_EXPR 640
typedef struct xstep {
    uint8_t ep;             /* 0..2: mn.f1 .. mn.f3 */
    uint8_t barrier;        /* followed by a barrier BU of the second home address */
    uint8_t offhome;        /* HA: the BU is for x->hoaoff[offhome - 1]: 1, 2 outside the home prefix, 3 inside */
    uint8_t v4;             /* HA: the BU asks for IPv4 home address x->v4hoa[v4 - 1] (RFC 5555, RFC 5648 8.2) */
    uint8_t data;           /* a packet with a Home Address option from the endpoint goes first (RFC 5648 6.5) */
    uint8_t rtun;           /* HA: a packet reverse-tunnelled from the endpoint to $CN goes first (RFC 6275 10.4.5) */
    uint8_t fwd;            /* HA: a packet from $CN to the home address goes first, judged at once (RFC 5648 5.6.2) */
    uint8_t ro;             /* CN: the IUT is asked (action send-udp) to send to the home address first (RFC 6275 9.3.2) */
    uint8_t stale;          /* CN, configuration short-nonce-lifetime: the BU waits until its nonces are past their lifetime */
    uint8_t hinit;          /* CN: a CoTI with a Home Address option goes first, to be ignored (RFC 6275 9.4.2) */
    uint8_t brr;            /* HA, configuration brr-before-expiry: BID X_BRR_BID for one lifetime unit, then its BRR */
    uint16_t bseq;          /* the barrier's sequence number (CN: the CoTI's cookie) */
    int8_t tok;             /* CN: care-of keygen token used (endpoint 0..2), -1 home token only (lifetime 0) */
    uint8_t auth_ok;        /* CN: the authenticator is the one the CN computes (its care-of address has our token) */
    uint16_t refresh_bid;   /* CN: the first BID option has length 4 (the CN covers the BID's bound care-of address) */
    uint8_t cbid, cres;     /* CN: the barrier CoTI's BID option (0 none) and its Reserved bits */
    char authcoa[64];       /* CN: the address the authenticator covers as care-of address */
    char expr[XS_EXPR];     /* the BU, a crafter expression (CN: $HNI, $CONIn, ending in "/ auth") */
} xstep;

static const char *const g_epname[3] = {"mn.f1", "mn.f2", "mn.f3"};

typedef struct xopts {
    const char *role, *out, *pixit_path, *pics_path, *testcases;
    uint64_t seed;
    long steps;
    unsigned timeout_ms;
    int state_every;        /* compare the IUT's state every N steps (0: only at the end) */
    int shrink_runs;        /* bound on the replays of the shrinking */
    double shrink_time;     /* and on its time, seconds */
    int no_shrink, quiet;
    long progress;          /* a progress line every N steps on a terminal */
    const char *faults[16];
    int nfaults;
    const char *configuration; /* the named configuration explored (roles ha, mn) */
    run_opts ro;
} xopts;

/* A divergence: where, which rule, what. */
enum { XD_ANSWER = 1, XD_NO_ANSWER, XD_EXITED, XD_STATE, XD_TWO_ANSWERS };
typedef struct xdiv {
    int kind;               /* XD_* */
    int step;               /* index in the replayed list */
    int rule;               /* enum mm_rule_id, -1 none */
    char expected[300], seen[300];
} xdiv;

/* What a replay records per step, for the .tc. */
typedef struct xrec {
    mm_bu bu;
    mm_expect e;
    uint16_t last_seq;      /* the model's last accepted sequence number before the step */
    uint8_t seq_known;
    uint8_t answered;       /* a BA came */
    mm_ba ba;
    int8_t tok;             /* CN: the care-of keygen token used, -1 none */
    uint8_t auth_ok;
    char authcoa[64];
} xrec;

typedef struct xctx {
    env v;
    xopts *o;
    pixit vars;
    char ha[64], hoa[64], hoab[64], coa[3][64];
    char hoaoff[3][64];     /* HA: two home addresses outside the PIXIT's HPREFIX, then one inside (none without it) */
    int noff;
    char v4hoa[8][20];      /* HA, PICS ipv4-hoa and PIXIT HPREFIX4: IPv4 home addresses asked for */
    int nv4;
    uint8_t v4pfx[4];       /* the IPv4 home prefix (HPREFIX4) */
    int v4plen;
    int v4static;           /* PICS ipv4-hoa-static: v4hoa[0..2] (unused, on the link) are granted */
    double be_last;         /* when a Binding Error was last expected (RFC 6275 9.3.1: they may be rate limited) */
    int dataplane;          /* HA, PICS data-plane: reverse-tunnelled packets, seen on cn.c0 */
    env_ep *cnep;
    double be_interval;     /* PIXIT be-interval, seconds */
    int cn;                 /* role cn */
    char cnaddr[64];
    uint8_t cn_a[16];
    env_ep *rc;             /* r.c: where the HoT to the home address passes */
    int8_t last_tok;        /* CN: what the last signed BU used */
    char last_authcoa[64];
    mm_addr hoa_a, hoab_a;
    env_ep *eps[3];
    int rr_bad;             /* CN: the return routability after the IUT's start diverged (rr_div) */
    double rr_t;            /* CN: when it started: the nonces the BUs use were first handed out after */
    double rr_done;         /* and when it ended: they were first handed out before */
    int short_nonce;        /* CN in configuration short-nonce-lifetime: nonces refused 1 s after first use */
    int brr_conf;           /* HA in configuration brr-before-expiry: a BRR within 3 s of a 4 s registration */
    xdiv rr_div;
    mm_state st, stb;       /* the model: the home address's and the barrier's */
    mm_claims claims;       /* HA: its PICS and the configuration it runs in */
    double t0;
    int have_state;
    int nm_coa_known;       /* the care-of address of the binding without BID (the last regular BU accepted) */
    mm_addr nm_coa;
    int check_state_each;   /* replays of a state divergence: after every step */
    int fwd_at;             /* the endpoint a forwarded packet's .tc expects it at (the first bound one) */
    int ro;                 /* CN, PICS data-plane: action send-udp sends to the home address, route optimized */
} xctx;

static const char *var(const pixit *p, const char *k, const char *dflt)
{
    const char *v = pixit_get(p, k);
    return v ? v : dflt;
}

/* ---- generation -------------------------------------------------------------- */
typedef struct xgen {
    uint16_t hi;            /* the newest sequence number sent (mod 2^16) */
    uint16_t bseq;
    uint16_t given;         /* HA: BIDs (bit b) sent with a care-of address in a registration, not de-registered since */
    long n;                 /* steps drawn */
} xgen;

/* a draw of a stream of its own (the seed and the step), so that what the
 * main stream draws stays as it was */
static uint64_t side_draw(uint64_t seed, long step, uint64_t salt)
{
    uint64_t z = seed ^ salt;
    z += 0x9e3779b97f4a7c15ull * (uint64_t)(step + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static int seq_newer(uint16_t x, uint16_t last)
{
    uint16_t d = (uint16_t)(x - last);
    return d >= 1 && d <= 32767;
}

/* a long jump of the sequence number: 20000-31999, and now and then
 * exactly 32767 (newer) or 32768 (not newer: RFC 6275 9.5.1 counts the
 * 32768 values before the last as less than or equal, inclusive) */
static unsigned long_jump(void)
{
    unsigned v = rn(12000);
    return v < 10800 ? 20000 + v * 10 / 9 : v & 1 ? 32767 : 32768;
}

static const char *const g_coa6_bad[] = {"fe80::10", "::1", "::", "::ffff:192.0.2.10", "ff02::1", "ff0e::1",
                                         "fe80::1"};
static const char *const g_coa4[] = {"192.0.2.10", "192.0.2.10", "198.51.100.77", "0.0.0.0", "127.0.0.1",
                                     "224.0.0.1", "255.255.255.255"};

static void gen_step(xctx *x, xgen *g, xstep *s)
{
    memset(s, 0, sizeof *s);
    s->ep = (uint8_t)rn(3);
    /* sequence number: mostly the next, else a replay, a gap, an old one,
     * a long jump (which crosses 65535 now and then) */
    uint16_t seq;
    unsigned r = rn(100);
    if (r < 72)
        seq = (uint16_t)(g->hi + 1);
    else if (r < 80)
        seq = g->hi;
    else if (r < 88)
        seq = (uint16_t)(g->hi + 2 + rn(200));
    else if (r < 95)
        seq = (uint16_t)(g->hi - 1 - rn(100));
    else
        seq = (uint16_t)(g->hi + long_jump());
    if (seq_newer(seq, g->hi))
        g->hi = seq;
    unsigned lifetime;
    r = rn(100);
    lifetime = r < 12 ? 0 : r < 16 ? 1 : r < 84 ? 60 : r < 95 ? 2 + rn(1000) : 65535;
    int A = pct(85), H = pct(97), L = pct(8), K = pct(8), O = pct(30), badsum = pct(2);
    int n = snprintf(s->expr, sizeof s->expr, "ipv6 src=%s dst=%s / hao %s / bu seq=%u%s%s%s%s%s lifetime=%u%s",
                     x->coa[s->ep], x->ha, x->hoa, seq, A ? " A" : "", H ? " H" : "", L ? " L" : "", K ? " K" : "",
                     O ? " O" : "", lifetime, badsum ? " csum=0" : "");
    /* BID options: none (a regular BU), one, or a bulk of 2-4 distinct BIDs */
    r = rn(100);
    int nbid = r < 14 ? 0 : r < 62 ? 1 : 2 + (int)rn(3);
    int used = 0, drawn = 0;
    /* a de-registration of several BIDs names, half the time, BIDs given
     * a care-of address since their last de-registration (most likely
     * bound): uniform draws over 1-8 rarely name two known ones
     * (RFC 5648 6.2: each listed BID is removed) */
    uint64_t z = side_draw(x->o->seed, g->n++, 0x6465726567626964ull);
    int known_first = lifetime == 0 && nbid >= 2 && z % 100 < 50 && __builtin_popcount(g->given) >= 2;
    for (int i = 0; i < nbid; i++) {
        int bid;
        do
            bid = 1 + (int)rn(8);
        while (drawn & (1 << bid));
        drawn |= 1 << bid;
        if (known_first && (g->given & ~used)) { /* the same draws from the main stream, another BID */
            int k = (int)((z >> (8 + 4 * i)) % (unsigned)__builtin_popcount(g->given & ~used));
            for (bid = 1; !((g->given & ~used) & (1 << bid)) || k--; bid++)
                ;
        } else if (used & (1 << bid)) /* taken by an earlier option of this BU */
            for (bid = 1; used & (1 << bid); bid++)
                ;
        used |= 1 << bid;
        int hflag = pct(3);
        r = rn(100);
        char opt[160];
        if (r < 56) { /* a global care-of address: the endpoint's, another endpoint's, another in its prefix */
            unsigned k = rn(10);
            if (k < 6)
                snprintf(opt, sizeof opt, "coa=%s", x->coa[s->ep]);
            else if (k < 8)
                snprintf(opt, sizeof opt, "coa=%s", x->coa[rn(3)]);
            else
                snprintf(opt, sizeof opt, "coa=2001:db8:f%u::%x", 1 + rn(3), 0x20 + rn(200));
        } else if (r < 82)
            opt[0] = 0; /* length 4: a refresh of that BID, or a de-registration */
        else if (r < 90)
            snprintf(opt, sizeof opt, "coa=%s", g_coa6_bad[rn(sizeof g_coa6_bad / sizeof *g_coa6_bad)]);
        else if (r < 95)
            snprintf(opt, sizeof opt, "coa=%s", g_coa4[rn(sizeof g_coa4 / sizeof *g_coa4)]);
        else {
            static const int bad[] = {0, 1, 2, 3, 5, 6, 7, 9, 12, 16, 19, 21, 24, 30};
            snprintf(opt, sizeof opt, "len=%d", bad[rn(sizeof bad / sizeof *bad)]);
        }
        /* now and then a Status or Reserved bits a receiver must ignore
         * in a BU (RFC 5648 4.3) and never echo */
        char odd[32] = "";
        if (pct(3))
            snprintf(odd, sizeof odd, " status=%u", 1 + rn(255));
        else if (pct(3))
            snprintf(odd, sizeof odd, " res=%u", 1 + rn(127));
        n += snprintf(s->expr + n, sizeof s->expr - (size_t)n, " / bid %d%s%s%s%s", bid, hflag ? " H" : "", odd,
                      opt[0] ? " " : "", opt);
        if (lifetime == 0)
            g->given &= (uint16_t)~(1u << bid);
        else if (!strncmp(opt, "coa=2001:", 9))
            g->given |= (uint16_t)(1u << bid);
    }
    s->barrier = !A || badsum;
    if (s->barrier)
        s->bseq = ++g->bseq;
}

/* HA: a BU for a home address outside the home prefix, A set: RFC 6275
 * 10.3.1 rejects it (132 Not home subnet); or for one inside it that no
 * other step uses, which 132 may not answer.  A regular BU or one BID
 * option; any sequence number (another mobile node's first BU). */
static void gen_offhome(const xctx *x, xstep *s)
{
    memset(s, 0, sizeof *s);
    s->ep = (uint8_t)rn(3);
    s->offhome = (uint8_t)(1 + rn((unsigned)x->noff));
    const char *hoa = x->hoaoff[s->offhome - 1];
    int n = snprintf(s->expr, sizeof s->expr, "ipv6 src=%s dst=%s / hao %s / bu seq=%u A H lifetime=%u",
                     x->coa[s->ep], x->ha, hoa, rn(65536), pct(80) ? 60 : 0);
    if (pct(60))
        snprintf(s->expr + n, sizeof s->expr - (size_t)n, " / bid %u coa=%s", 1 + rn(8), x->coa[s->ep]);
}

/* HA: the home addresses around the home prefix the PIXIT gives (HPREFIX,
 * e.g. 2001:db8:1::/64): $HOA with the prefix's last bit flipped (next
 * door, outside), with a bit in its first half flipped (far away,
 * outside), and with the first bit after the prefix flipped (inside: a
 * home agent that compares one bit too many answers it 132). */
static void offhome_addrs(xctx *x, const char *hprefix)
{
    char buf[80];
    snprintf(buf, sizeof buf, "%s", hprefix ? hprefix : "");
    char *sl = strchr(buf, '/');
    uint8_t pfx[16], hoa[16];
    if (!sl)
        return;
    *sl = 0;
    int plen = atoi(sl + 1);
    if (plen < 2 || plen > 127 || inet_pton(AF_INET6, buf, pfx) != 1 || inet_pton(AF_INET6, x->hoa, hoa) != 1)
        return;
    for (int b = 0; b < plen; b++) /* $HOA must be in the prefix, else the PIXIT is wrong: no off-home steps */
        if (((pfx[b / 8] ^ hoa[b / 8]) >> (7 - b % 8)) & 1)
            return;
    int bits[3] = {plen - 1, plen / 2, plen};
    for (int k = 0; k < 3; k++) {
        uint8_t a[16];
        memcpy(a, hoa, 16);
        a[bits[k] / 8] ^= (uint8_t)(0x80 >> (bits[k] % 8));
        if (inet_ntop(AF_INET6, a, x->hoaoff[x->noff], sizeof x->hoaoff[0]))
            x->noff++;
    }
    if (x->noff != 3) /* offhome 3 must be the one inside */
        x->noff = 0;
}

/* HA: the IPv4 home addresses a BU asks for (RFC 5555 IPv4 Home Address
 * option) around the PIXIT's IPv4 home prefix (HPREFIX4, e.g.
 * 198.51.100.0/24): three inside it (not its first address, the home
 * agent's own in the triad, nor its last), the prefix's last bit flipped,
 * a bit of its first half flipped, 0.0.0.0 (one to be assigned),
 * multicast and loopback. */
static void v4hoa_addrs(xctx *x, const char *hprefix4)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%s", hprefix4 ? hprefix4 : "");
    char *sl = strchr(buf, '/');
    if (!sl)
        return;
    *sl = 0;
    int plen = atoi(sl + 1);
    if (plen < 2 || plen > 24 || inet_pton(AF_INET, buf, x->v4pfx) != 1)
        return;
    x->v4plen = plen;
    uint32_t pfx = (uint32_t)x->v4pfx[0] << 24 | (uint32_t)x->v4pfx[1] << 16 | (uint32_t)x->v4pfx[2] << 8 | x->v4pfx[3];
    pfx &= ~(0xffffffffu >> plen);
    uint32_t a[8] = {pfx | 100, pfx | 200, pfx | 254, (pfx | 100) ^ (1u << (32 - plen)),
                     (pfx | 100) ^ (1u << (32 - plen / 2)), 0, 0xe0000005u, 0x7f000001u};
    for (int k = 0; k < 8; k++) {
        struct in_addr ia = {htonl(a[k])};
        if (!inet_ntop(AF_INET, &ia, x->v4hoa[k], sizeof x->v4hoa[0]))
            return;
    }
    x->nv4 = 8;
}

/* a BU expression with an IPv4 Home Address option before its BID options */
static void add_v4hoa(const xctx *x, xstep *s)
{
    s->v4 = (uint8_t)(1 + rn((unsigned)x->nv4));
    char tail[XS_EXPR], opt[48];
    snprintf(opt, sizeof opt, " / ipv4hoa %s plen=%d", x->v4hoa[s->v4 - 1], x->v4plen);
    char *at = strstr(s->expr, " / bid");
    size_t pos = at ? (size_t)(at - s->expr) : strlen(s->expr);
    snprintf(tail, sizeof tail, "%s", s->expr + pos);
    if (pos + strlen(opt) + strlen(tail) < sizeof s->expr)
        snprintf(s->expr + pos, sizeof s->expr - pos, "%s%s", opt, tail);
    else
        s->v4 = 0;
}

/* CN: a BU for $HOA from endpoint ep, signed with the keygen tokens of
 * return routability; one BID option mostly (several: 168), its care-of
 * address ours (the authenticator verifies) or not (it does not: the CN
 * may discard the BU silently). */
static void gen_step_cn(xctx *x, xgen *g, xstep *s)
{
    memset(s, 0, sizeof *s);
    s->ep = (uint8_t)rn(3);
    uint16_t seq;
    unsigned r = rn(100);
    if (r < 75)
        seq = (uint16_t)(g->hi + 1);
    else if (r < 83)
        seq = g->hi;
    else if (r < 90)
        seq = (uint16_t)(g->hi + 2 + rn(200));
    else if (r < 96)
        seq = (uint16_t)(g->hi - 1 - rn(100));
    else
        seq = (uint16_t)(g->hi + long_jump());
    if (seq_newer(seq, g->hi))
        g->hi = seq;
    r = rn(100);
    unsigned lifetime = r < 12 ? 0 : r < 88 ? 60 : r < 96 ? 2 + rn(100) : 65535;
    int A = pct(85), H = pct(2), K = pct(5), O = pct(30), badsum = pct(2);
    int n = snprintf(s->expr, sizeof s->expr, "ipv6 src=%s dst=%s / hao %s / bu seq=%u%s%s%s%s lifetime=%u%s",
                     x->coa[s->ep], x->cnaddr, x->hoa, seq, A ? " A" : "", H ? " H" : "", K ? " K" : "",
                     O ? " O" : "", lifetime, badsum ? " csum=0" : "");
    r = rn(100);
    int nbid = r < 12 ? 0 : r < 90 ? 1 : 2 + (int)rn(2);
    int tok = s->ep, used = 0;
    snprintf(s->authcoa, sizeof s->authcoa, "%s", x->coa[s->ep]);
    s->auth_ok = 1;
    for (int i = 0; i < nbid; i++) {
        int bid;
        do
            bid = 1 + (int)rn(8);
        while (used & (1 << bid));
        used |= 1 << bid;
        char opt[96] = "";
        r = rn(100);
        if (r < 60) {
            int k = pct(75) ? s->ep : (int)rn(3);
            snprintf(opt, sizeof opt, " coa=%s", x->coa[k]);
            if (i == 0) {
                tok = k;
                snprintf(s->authcoa, sizeof s->authcoa, "%s", x->coa[k]);
            }
        } else if (r < 85) {
            /* length 4: the authenticator covers the care-of address bound
             * to the BID, else the packet's source (decided when sent) */
            if (i == 0)
                s->refresh_bid = (uint16_t)bid;
        } else if (r < 93) {
            const char *bad = g_coa6_bad[rn(sizeof g_coa6_bad / sizeof *g_coa6_bad)];
            snprintf(opt, sizeof opt, " coa=%s", bad);
            if (i == 0) {
                snprintf(s->authcoa, sizeof s->authcoa, "%s", bad);
                s->auth_ok = 0;
            }
        } else {
            static const int bad[] = {0, 2, 5, 6, 9, 12, 19, 21, 24};
            snprintf(opt, sizeof opt, " len=%d", bad[rn(sizeof bad / sizeof *bad)]);
        }
        char odd[32] = ""; /* a Status or Reserved bits to ignore and never echo (RFC 5648 4.3) */
        if (pct(3))
            snprintf(odd, sizeof odd, " status=%u", 1 + rn(255));
        else if (pct(3))
            snprintf(odd, sizeof odd, " res=%u", 1 + rn(127));
        n += snprintf(s->expr + n, sizeof s->expr - (size_t)n, " / bid %d%s%s", bid, odd, opt);
    }
    if (lifetime == 0) { /* RFC 6275 5.2.5: Kbm from the home keygen token, over the home address */
        tok = -1;
        snprintf(s->authcoa, sizeof s->authcoa, "%s", x->hoa);
        s->auth_ok = 1;
    }
    s->tok = (int8_t)tok;
    if (lifetime == 0)
        s->refresh_bid = 0;
    if (s->refresh_bid)
        snprintf(s->expr + n, sizeof s->expr - (size_t)n, " / nonce hni=$HNI coni=$CONIR / auth");
    else
        snprintf(s->expr + n, sizeof s->expr - (size_t)n, " / nonce hni=$HNI coni=$CONI%d / auth",
                 tok >= 0 ? tok + 1 : s->ep + 1);
    s->barrier = 1; /* a CN may discard a BU silently (RFC 6275 9.5.1): every step ends with a CoTI */
    s->bseq = ++g->bseq;
    /* the CoTI's BID option, drawn from a stream of its own (seed and
     * step): the BUs of a seed stay those of earlier versions */
    uint64_t z = side_draw(x->o->seed, s->bseq, 0);
    if (z % 100 < 60) {
        s->cbid = (uint8_t)(1 + (z >> 8) % 8);
        s->cres = (z >> 16) % 100 < 10 ? (uint8_t)(1 + (z >> 24) % 127) : 0;
    }
    s->hinit = (z >> 32) % 100 < 3;
}

/* CN: the cookie of a step's CoTI with a Home Address option (hinit) */
static unsigned long long hinit_cookie(uint16_t bseq)
{
    return 0xa0a1a2a3a4a50000ull | bseq;
}

/* the barrier CoTI's Care-of Init Cookie: all eight bytes in use */
static unsigned long long coti_cookie(uint16_t bseq)
{
    return 0xc0c1c2c3c4c50000ull | bseq;
}
#define X_HOTI_COOKIE 0x4801020304050607ull

/* RFC 6275 9.4.2: a CoTI carrying a Home Address option is silently ignored */
static void hinit_expr(const xctx *x, const xstep *s, char *out, size_t cap)
{
    snprintf(out, cap, "ipv6 src=%s dst=%s / hao %s / coti cookie=0x%016llx", x->coa[s->ep], x->cnaddr, x->hoa,
             hinit_cookie(s->bseq));
}

static void barrier_expr(const xctx *x, const xstep *s, char *out, size_t cap)
{
    if (x->cn) {
        int n = snprintf(out, cap, "ipv6 src=%s dst=%s / coti cookie=0x%016llx", x->coa[s->ep], x->cnaddr,
                         coti_cookie(s->bseq));
        if (s->cbid && n > 0 && (size_t)n < cap)
            snprintf(out + n, cap - (size_t)n, s->cres ? " / bid %u res=%u" : " / bid %u", s->cbid, s->cres);
        return;
    }
    snprintf(out, cap, "ipv6 src=%s dst=%s / hao %s / bu seq=%u A H lifetime=60", x->coa[s->ep], x->ha, x->hoab,
             s->bseq);
}

/* ---- reading our own stimulus back, as the model reads packets ---------- */
static int read_bu(const char *expr, mm_bu *bu, mc_err *e)
{
    static mc_pkt p;
    static uint8_t frame[MC_FRAME_MAX];
    static mc_dissection d;
    static mm_msg m;
    size_t n;
    if (mc_expr_parse(expr, &p, e) < 0 || mc_build(&p, frame, sizeof frame, &n, e) < 0)
        return -1;
    mc_dissect(frame, n, n, MC_LINKTYPE_RAW, &d);
    if (!mm_read(&d, &m) || m.kind != MM_MSG_BU) {
        mc_err_set(e, -1, "the model does not read a BU in: %s", expr);
        return -1;
    }
    *bu = m.bu;
    return 0;
}

/* ---- the IUT ------------------------------------------------------------------- */
static int open_eps(xctx *x, mc_err *e)
{
    for (int i = 0; i < 3; i++)
        if (!(x->eps[i] = env_endpoint(&x->v, g_epname[i], e)))
            return -1;
    if (x->cn && !(x->rc = env_endpoint(&x->v, "r.c", e)))
        return -1;
    if (x->dataplane && !(x->cnep = env_endpoint(&x->v, "cn.c0", e)))
        return -1;
    if (x->dataplane)
        env_wait(&x->v, x->cnep, 0, NULL, NULL, NULL, e);
    for (int i = 0; i < 3; i++) /* nothing queued from before counts */
        env_wait(&x->v, x->eps[i], 0, NULL, NULL, NULL, e);
    if (x->cn)
        env_wait(&x->v, x->rc, 0, NULL, NULL, NULL, e);
    return 0;
}

/* ---- CN: return routability (RFC 6275 5.2.5), the tester's side --------- */
typedef struct pctx {
    pattern p;
    pat_capture caps[8];
    int ncaps;
} pctx;
static int pmatch(void *c, const mc_dissection *d)
{
    pctx *k = c;
    return pat_match(&k->p, d, k->caps, 8, &k->ncaps);
}

/* send EXPR on endpoint `from`, expect PATTERN on `at`; captures into vars */
static int exchange(xctx *x, env_ep *from, env_ep *at, const char *expr, const char *pat, mc_err *e)
{
    static mc_pkt p;
    static pctx k;
    memset(&k, 0, sizeof k);
    if (mc_expr_parse(expr, &p, e) < 0 || pat_parse(pat, &k.p, e) < 0)
        return -1;
    x->v.nsent = 0;
    if (env_send(&x->v, from, &p, e) < 0)
        return -1;
    int got = env_wait(&x->v, at, x->o->timeout_ms, pmatch, &k, NULL, e);
    if (got <= 0) {
        if (!got)
            mc_err_set(e, -1, "return routability: no '%s' within %u ms after: %s", pat, x->o->timeout_ms, expr);
        return got ? -1 : -2;
    }
    for (int i = 0; i < k.ncaps; i++)
        pixit_set(&x->vars, k.caps[i].name, k.caps[i].value);
    return 0;
}

/* The return routability after the IUT's start: the HoT and each CoT must
 * come (RFC 6275 9.4.1-9.4.4: a CN that supports route optimization answers
 * them) with the init's cookie copied.  Where one does not, that is a
 * divergence of the IUT (x->rr_bad, reported at the first step), not a
 * setup error. */
static void rr_diverge(xctx *x, int rule, const char *exp, const char *seen)
{
    x->rr_bad = 1;
    memset(&x->rr_div, 0, sizeof x->rr_div);
    x->rr_div.kind = rule < 0 ? XD_NO_ANSWER : XD_ANSWER;
    x->rr_div.rule = rule;
    snprintf(x->rr_div.expected, sizeof x->rr_div.expected, "%s", exp);
    snprintf(x->rr_div.seen, sizeof x->rr_div.seen, "%s", seen);
}

/* RFC 6275 9.4.3 / 9.4.4: the HoT (CoT) goes from the init's destination,
 * the correspondent, to its source.  1: a divergence (rr_diverge). */
static int test_addrs(xctx *x, const char *what, const char *to)
{
    const char *src = pixit_get(&x->vars, "TSRC"), *dst = pixit_get(&x->vars, "TDST");
    uint8_t a[16], b[16], c[16], d[16];
    if (src && dst && inet_pton(AF_INET6, src, a) == 1 && inet_pton(AF_INET6, x->cnaddr, b) == 1 &&
        inet_pton(AF_INET6, dst, c) == 1 && inet_pton(AF_INET6, to, d) == 1 && !memcmp(a, b, 16) && !memcmp(c, d, 16))
        return 0;
    char exp[200], seen[200];
    snprintf(exp, sizeof exp, "the %s from %.46s to %.46s (RFC 6275 9.4.3, 9.4.4)", what, x->cnaddr, to);
    snprintf(seen, sizeof seen, "the %s from %.46s to %.46s", what, src ? src : "?", dst ? dst : "?");
    rr_diverge(x, MM_R_TEST_ADDRS, exp, seen);
    return 1;
}

static int rr_setup(xctx *x, mc_err *e)
{
    char expr[300], exp[300];
    x->rr_bad = 0;
    x->rr_t = now_s();
    /* r.c sees every packet between the mobile node's links and $CN, and
     * is read only here: what came since the last time is read first, or
     * its full capture ring drops the HoT */
    if (env_wait(&x->v, x->rc, 0, NULL, NULL, NULL, e) < 0)
        return -1;
    snprintf(expr, sizeof expr, "ipv6 src=%s dst=%s / hoti cookie=0x%016llx", x->hoa, x->cnaddr, X_HOTI_COOKIE);
    int rc = exchange(x, x->eps[0], x->rc, expr, "ipv6 src=?TSRC dst=?TDST / hot cookie=?HCK nonce=?HNI token=?HTOK",
                      e);
    if (rc == -2) {
        snprintf(exp, sizeof exp, "a HoT to the HoTI from the home address within %u ms (RFC 6275 9.4.3)",
                 x->o->timeout_ms);
        rr_diverge(x, -1, exp, "no HoT (return routability after the IUT's start)");
        return 0;
    }
    if (rc < 0)
        return -1;
    if (test_addrs(x, "HoT", x->hoa))
        return 0;
    if (strtoull(pixit_get(&x->vars, "HCK") ? pixit_get(&x->vars, "HCK") : "0", NULL, 0) != X_HOTI_COOKIE) {
        snprintf(exp, sizeof exp, "the HoT's Home Init Cookie 0x%016llx, the HoTI's", X_HOTI_COOKIE);
        rr_diverge(x, MM_R_HOT_COOKIE, exp, pixit_get(&x->vars, "HCK") ? pixit_get(&x->vars, "HCK") : "none");
        return 0;
    }
    for (int i = 0; i < 3; i++) {
        char pat[120], ck[16];
        snprintf(expr, sizeof expr, "ipv6 src=%s dst=%s / coti cookie=0x2%d / bid %d", x->coa[i], x->cnaddr, i + 1,
                 i + 1);
        snprintf(ck, sizeof ck, "CCK%d", i + 1);
        snprintf(pat, sizeof pat, "ipv6 src=?TSRC dst=?TDST / cot cookie=?%s nonce=?CONI%d token=?CTOK%d", ck, i + 1,
                 i + 1);
        rc = exchange(x, x->eps[i], x->eps[i], expr, pat, e);
        if (rc == -2) {
            snprintf(exp, sizeof exp, "a CoT to the CoTI from %s within %u ms (RFC 6275 9.4.4)", x->coa[i],
                     x->o->timeout_ms);
            rr_diverge(x, -1, exp, "no CoT (return routability after the IUT's start)");
            return 0;
        }
        if (rc < 0)
            return -1;
        if (test_addrs(x, "CoT", x->coa[i]))
            return 0;
        if (strtoull(pixit_get(&x->vars, ck) ? pixit_get(&x->vars, ck) : "0", NULL, 0) != 0x21u + (unsigned)i) {
            snprintf(exp, sizeof exp, "the CoT's Care-of Init Cookie 0x2%d, the CoTI's", i + 1);
            rr_diverge(x, MM_R_COT_COOKIE, exp, pixit_get(&x->vars, ck) ? pixit_get(&x->vars, ck) : "none");
            return 0;
        }
    }
    x->rr_done = now_s();
    return 0;
}

/* Configuration short-nonce-lifetime (harness/IUT.md: nonces refused 1 s
 * after their first use): the tokens are renewed when half that has
 * passed, judged fresh below 0.6 s, and a stale step waits 1.3 s after
 * they were handed out. */
#define X_RENEW_S 0.5
#define X_FRESH_S 0.6
#define X_STALE_S 1.3
#define X_FRESH_DEFAULT_S 200.0 /* RFC 6275 5.2.7: MAX_TOKEN_LIFETIME (210 s) after first use, a margin of 10 s */

/* The tokens before a CN step: a stale step waits (reading what comes)
 * until its nonces are past their lifetime; others renew them when due.
 * 0, 1 a divergence of the return routability (d), -1 error. */
static int cn_tokens(xctx *x, const xstep *s, int idx, xdiv *d, mc_err *e)
{
    if (!x->short_nonce)
        return 0;
    if (s->stale) {
        while (now_s() - x->rr_done < X_STALE_S)
            for (int k = 0; k < 3; k++)
                if (env_wait(&x->v, x->eps[k], 20, NULL, NULL, NULL, e) < 0)
                    return -1;
        return 0;
    }
    if (now_s() - x->rr_t <= X_RENEW_S)
        return 0;
    if (rr_setup(x, e) < 0)
        return -1;
    if (!x->rr_bad)
        return 0;
    *d = x->rr_div;
    d->step = idx;
    return 1;
}

/* a keygen token as captured (decimal) */
static void token_of(const char *w, uint8_t t[MCT_TOKEN_LEN])
{
    unsigned long long v = strtoull(w ? w : "0", NULL, 0);
    for (int i = MCT_TOKEN_LEN - 1; i >= 0; i--, v >>= 8)
        t[i] = (uint8_t)v;
}

/* The BU of a CN step, its $VARs given and its authenticator computed as
 * the tester computes it (harness/tester/tester_rr.c): into out. */
static int cn_expr(xctx *x, const xstep *s0, char *out, size_t cap, int *auth_ok, mc_err *e)
{
    static mc_pkt p;
    static uint8_t frame[MC_FRAME_MAX];
    char text[XS_EXPR + 64];
    size_t flen;
    xstep sc; /* tok and authcoa as decided now */
    const xstep *s = s0;
    *auth_ok = s0->auth_ok;
    if (s0->refresh_bid) {
        /* the care-of address bound to that BID, as the model knows it, else the source */
        memcpy(&sc, s0, sizeof sc);
        s = &sc;
        sc.tok = (int8_t)s0->ep;
        snprintf(sc.authcoa, sizeof sc.authcoa, "%s", x->coa[s0->ep]);
        int k = mm_state_know(&x->st, s0->refresh_bid);
        if (k == MM_UNKNOWN)
            *auth_ok = 0;
        for (int i = 0; i < x->st.nb && k == MM_PRESENT; i++) {
            const mm_binding *b = &x->st.b[i];
            if (b->bid != s0->refresh_bid)
                continue;
            if (!b->coa_known || b->coa.v4) {
                *auth_ok = 0;
                break;
            }
            inet_ntop(AF_INET6, b->coa.a, sc.authcoa, sizeof sc.authcoa);
            *auth_ok = 0;
            for (int j = 0; j < 3; j++) {
                uint8_t a[16];
                if (inet_pton(AF_INET6, x->coa[j], a) == 1 && !memcmp(a, b->coa.a, 16)) {
                    sc.tok = (int8_t)j;
                    *auth_ok = 1;
                }
            }
        }
        char v[16];
        snprintf(v, sizeof v, "%s", pixit_get(&x->vars, sc.tok == 0 ? "CONI1" : sc.tok == 1 ? "CONI2" : "CONI3"));
        pixit_set(&x->vars, "CONIR", v);
    }
    if (pixit_subst(&x->vars, s->expr, text, sizeof text, e) < 0 || mc_expr_parse(text, &p, e) < 0 ||
        mc_build(&p, frame, sizeof frame, &flen, e) < 0)
        return -1;
    const mc_layer *mh = NULL;
    mc_opt *o = NULL;
    for (int i = p.nlayers - 1; i >= 0 && !mh; i--)
        if (p.l[i].kind == MC_LK_MH && p.l[i].opt_count > 0) {
            mh = &p.l[i];
            o = &p.o[mh->opt_first + mh->opt_count - 1];
        }
    size_t mh_len = mh && mh->wire_off + 2u <= flen ? ((size_t)frame[mh->wire_off + 1] + 1) * 8 : 0;
    uint8_t ht[MCT_TOKEN_LEN], ct[MCT_TOKEN_LEN], kbm[MCT_KBM_LEN], auth[MCT_AUTH_LEN], coa[16];
    char name[16];
    token_of(pixit_get(&x->vars, "HTOK"), ht);
    if (s->tok >= 0) {
        snprintf(name, sizeof name, "CTOK%d", s->tok + 1);
        token_of(pixit_get(&x->vars, name), ct);
    }
    mct_kbm(ht, s->tok >= 0 ? ct : NULL, kbm);
    x->last_tok = s->tok;
    snprintf(x->last_authcoa, sizeof x->last_authcoa, "%s", s->authcoa);
    if (!mh || o->type != MC_OPT_AUTH || o->len != MCT_AUTH_LEN || mh->wire_off + mh_len > flen ||
        inet_pton(AF_INET6, s->authcoa, coa) != 1 ||
        mct_authenticator(kbm, coa, x->cn_a, frame + mh->wire_off, mh_len, o->wire_off + 2u, auth) < 0) {
        mc_err_set(e, -1, "explore: cannot sign %s", text);
        return -1;
    }
    size_t n = (size_t)snprintf(out, cap, "%s auth=", text);
    for (int i = 0; i < MCT_AUTH_LEN && n + 3 <= cap; i++)
        n += (size_t)snprintf(out + n, cap - n, "%02x", auth[i]);
    return 0;
}

/* A fresh IUT: the previous one stopped, the namespaces reset (rebuilt when
 * they cannot be), the IUT started and ready, the endpoints open. */
static int iut_fresh(xctx *x, mc_err *e)
{
    env *v = &x->v;
    if (v->iut_pid > 0 || v->neps) {
        env_end_test(v);
        if (env_reset(v) < 0) {
            env_down(v);
            v->dirty = 0;
        }
    }
    if (!v->up && env_up(v, e) < 0)
        return -1;
    int rc = env_start_iut(v, x->o->faults, x->o->nfaults, e);
    if (rc == -2) {
        mc_err_set(e, -1, "the IUT says it does not support this (exit 77): %s", e->msg);
        return -1;
    }
    if (rc < 0 || open_eps(x, e) < 0 || (x->cn && rr_setup(x, e) < 0))
        return -1;
    mm_state_init(&x->st, 1);
    mm_state_init(&x->stb, 1);
    x->nm_coa_known = 0;
    x->t0 = now_s();
    x->be_last = -1e9; /* a fresh IUT has sent no Binding Error yet */
    return 0;
}

/* ---- waiting for answers -------------------------------------------------- */
typedef struct wctx {
    const xctx *x;
    int want_barrier;
    int want_be;            /* a Binding Error ends the wait */
    int nmain;
    mm_ba main[4];
    int got_barrier;
    mm_ba barrier;
    int nother;             /* Mobility Header packets that are no answer (garbage, another message) */
    char other[160];        /* the first of them, as the dissector's line */
    uint64_t cot_cookie;    /* CN: the CoT that closed the step */
    uint64_t hinit_cookie;  /* CN: the cookie of the step's CoTI with a Home Address option, 0 none */
    int hinit_cot;          /* a CoT answered it */
    mm_ba cot;
    int nbe;                /* Binding Errors for $HOA (RFC 6275 6.1.9) */
    uint8_t be_status;      /* the first one's */
    const pattern *auth;    /* CN: a BA whose Authenticator is the tester's own computation */
    uint8_t auth_ok[4];     /* per BA: its Authenticator matched `auth` */
} wctx;

/* A packet with a Mobility Header that is not an answer: kept to say what
 * came instead when no answer did. */
static void note_other(wctx *w, const mc_dissection *d)
{
    if (d->mh < 0 || w->nother++)
        return;
    mc_outbuf o;
    mc_out_init(&o, NULL);
    mc_print_line(&o, d, 0, 0);
    size_t n = o.len;
    while (n && (o.buf[n - 1] == '\n' || o.buf[n - 1] == '\r'))
        n--;
    const char *line = o.buf ? o.buf : "";
    const char *sp = strchr(line, ' '); /* no timestamp */
    if (sp && (size_t)(sp - line) < n)
        n -= (size_t)(sp + 1 - line), line = sp + 1;
    snprintf(w->other, sizeof w->other, "%.*s", (int)n, line);
    mc_out_free(&o);
}

static int addr_is(const mm_addr *a, const mm_addr *b)
{
    return !a->v4 && !memcmp(a->a, b->a, 16);
}

static int wmatch(void *c, const mc_dissection *d)
{
    wctx *w = c;
    static mm_msg m;
    if (!mm_read(d, &m)) {
        note_other(w, d);
        return 0;
    }
    if (w->x->cn && m.kind == MM_MSG_COT && w->hinit_cookie && m.cookie == w->hinit_cookie) {
        w->hinit_cot = 1;
        return 1;
    }
    if (w->x->cn && m.kind == MM_MSG_COT) {
        w->got_barrier = 1;
        w->cot_cookie = m.cookie;
        w->cot = m.ba;
        return 1;
    }
    if (m.kind == MM_MSG_BE && addr_is(&m.be_home, &w->x->hoa_a)) {
        if (!w->nbe++)
            w->be_status = m.be_status;
        return w->want_be;
    }
    if (m.kind != MM_MSG_BA) {
        note_other(w, d);
        return 0;
    }
    if (!w->x->cn && m.has_rh2 && addr_is(&m.hoa, &w->x->hoab_a)) {
        w->got_barrier = 1;
        w->barrier = m.ba;
        return 1;
    }
    if (w->nmain < 4) {
        int nc = 0;
        pat_capture cap[1];
        w->main[w->nmain] = m.ba;
        w->auth_ok[w->nmain] = w->auth && m.ba.has_auth ? pat_match(w->auth, d, cap, 1, &nc) != 0 : 1;
    }
    w->nmain++;
    return !w->want_barrier;
}

typedef struct fctx {
    int n;
    mm_finding first;
} fctx;
static void on_finding(void *c, const mm_finding *f)
{
    fctx *k = c;
    if (!k->n++)
        k->first = *f;
}

static void div_set(xdiv *d, int kind, int step, int rule, const char *exp, const char *seen)
{
    d->kind = kind;
    d->step = step;
    d->rule = rule;
    snprintf(d->expected, sizeof d->expected, "%s", exp);
    snprintf(d->seen, sizeof d->seen, "%s", seen);
}

/* ---- the IUT's state against the model's ---------------------------------- */
static int json_addr(const json *v, mm_addr *a)
{
    memset(a, 0, sizeof *a);
    if (!v || v->type != JSON_STRING)
        return -1;
    if (inet_pton(AF_INET6, v->string, a->a) == 1)
        return 0;
    if (inet_pton(AF_INET, v->string, a->a) == 1) {
        a->v4 = 1;
        return 0;
    }
    return -1;
}

static void addr_text(const mm_addr *a, char *out, size_t cap)
{
    if (!inet_ntop(a->v4 ? AF_INET : AF_INET6, a->a, out, (socklen_t)cap))
        snprintf(out, cap, "?");
}

/* A binding's remaining lifetime as the IUT's state gives it (the optional
 * member "expires_in_ms", harness/IUT.md) against the lifetime the BA
 * granted, or the BU asked for when no BA came (RFC 6275 6.1.8, 9.5.1,
 * 10.3.1: the entry does not outlive the granted lifetime): 1 (exp, seen
 * filled) when it ends more than 0.5 s after.  tnow is taken before the
 * state command runs, the model's end before the BU was sent: both err on
 * the side of no divergence. */
static int lifetime_off(const xctx *x, const json *je, double model_end, double tnow, char *exp, char *seen,
                        const char *what)
{
    (void)x;
    if (!je || je->type != JSON_NUMBER || model_end <= 0)
        return 0;
    double iut_end = tnow + je->number / 1000.0;
    if (iut_end <= model_end + 0.5)
        return 0;
    snprintf(exp, 300, "%s: at most the lifetime granted (or asked for, without BA), %.1f s left", what,
             model_end - tnow);
    snprintf(seen, 300, "the IUT's state: expires_in_ms %.0f", je->number);
    return 1;
}

/* 0 agrees, 1 divergence (d), -1 error (d says what). */
static int state_compare(xctx *x, int step, xdiv *d)
{
    mc_outbuf o;
    mc_out_init(&o, NULL);
    mc_err e = {0};
    char why[300];
    double tnow = now_s() - x->t0; /* before the state is taken */
    int rcmd = env_iut_command(&x->v, "state", &o, &e), st;
    if (env_iut_exited(&x->v, &st)) { /* died under the state command: that is the divergence */
        mc_out_free(&o);
        snprintf(why, sizeof why, "the IUT exited (status %d)", st);
        div_set(d, XD_EXITED, step, MM_R_BA_FOR_A, "the IUT keeps running and answers", why);
        return 1;
    }
    if (rcmd < 0) {
        mc_out_free(&o);
        div_set(d, XD_STATE, step, -1, "the IUT's state (PIXIT state)", e.msg);
        return -1;
    }
    json *j = NULL;
    if (json_parse(o.buf ? o.buf : "", o.len, &j, why, sizeof why) < 0) {
        div_set(d, XD_STATE, step, -1, "the IUT's state as JSON (harness/IUT.md)", why);
        mc_out_free(&o);
        return 1;
    }
    mc_out_free(&o);
    const json *list = json_member(j, "bindings");
    if (!list || list->type != JSON_ARRAY) {
        div_set(d, XD_STATE, step, -1, "a \"bindings\" array in the IUT's state (harness/IUT.md)", "none");
        json_free(j);
        return 1;
    }
    mm_state_expire(&x->st, now_s() - x->t0, 1.0);
    int rc = 0;
    int nonmcoa = 0;
    char exp[300], seen[300], a1[64], a2[64];
    uint32_t seen_bids = 0;
    for (size_t i = 0; i < list->n && !rc; i++) {
        const json *b = &list->item[i];
        mm_addr h, c;
        if (json_addr(json_member(b, "hoa"), &h) < 0 || h.v4 || !addr_is(&h, &x->hoa_a))
            continue;
        const json *jb = json_member(b, "bid");
        const json *je = json_member(b, "expires_in_ms");
        if (!jb || jb->type == JSON_NULL) {
            nonmcoa++;
            if (x->st.nonmcoa != MM_PRESENT)
                continue;
            if (x->nm_coa_known && json_addr(json_member(b, "coa"), &c) == 0 &&
                (c.v4 || memcmp(c.a, x->nm_coa.a, 16))) {
                addr_text(&x->nm_coa, a1, sizeof a1);
                addr_text(&c, a2, sizeof a2);
                snprintf(exp, sizeof exp, "the binding without BID to care-of address %s (the last regular BU's source, "
                         "RFC 6275 9.5.1)", a1);
                snprintf(seen, sizeof seen, "the IUT's binding without BID has care-of address %s", a2);
                div_set(d, XD_STATE, step, -1, exp, seen);
                rc = 1;
            } else if (lifetime_off(x, je, x->st.nonmcoa_expires, tnow, exp, seen, "the binding without BID")) {
                div_set(d, XD_STATE, step, -1, exp, seen);
                rc = 1;
            }
            continue;
        }
        if (jb->type != JSON_NUMBER || jb->number < 0 || jb->number > 65535)
            continue;
        uint16_t bid = (uint16_t)jb->number;
        if (bid < 32)
            seen_bids |= 1u << bid;
        int k = mm_state_know(&x->st, bid);
        if (k == MM_ABSENT) {
            snprintf(exp, sizeof exp, "no binding of %s BID %u (the BAs did not leave one)", x->hoa, bid);
            snprintf(seen, sizeof seen, "the IUT holds BID %u", bid);
            div_set(d, XD_STATE, step, -1, exp, seen);
            rc = 1;
        }
        for (int m = 0; m < x->st.nb && !rc; m++) {
            const mm_binding *mb = &x->st.b[m];
            if (mb->bid == bid && mb->know == MM_PRESENT && mb->home && !x->cn &&
                json_addr(json_member(b, "coa"), &c) == 0 && !addr_is(&c, &x->hoa_a)) {
                /* RFC 5648 6.2: with H the home agent stores the home
                 * address as the binding's care-of address */
                addr_text(&c, a2, sizeof a2);
                snprintf(exp, sizeof exp, "BID %u a home binding (H): care-of address %s, the home address", bid,
                         x->hoa);
                snprintf(seen, sizeof seen, "the IUT's BID %u has care-of address %s", bid, a2);
                div_set(d, XD_STATE, step, -1, exp, seen);
                rc = 1;
            }
            if (!rc && mb->bid == bid && mb->know == MM_PRESENT) {
                char what[32];
                snprintf(what, sizeof what, "BID %u", bid);
                if (lifetime_off(x, je, mb->expires, tnow, exp, seen, what)) {
                    div_set(d, XD_STATE, step, -1, exp, seen);
                    rc = 1;
                }
            }
            if (rc || mb->bid != bid || mb->know != MM_PRESENT || !mb->coa_known)
                continue;
            if (json_addr(json_member(b, "coa"), &c) == 0 &&
                (c.v4 != mb->coa.v4 || memcmp(c.a, mb->coa.a, c.v4 ? 4 : 16))) {
                addr_text(&mb->coa, a1, sizeof a1);
                addr_text(&c, a2, sizeof a2);
                snprintf(exp, sizeof exp, "BID %u bound to care-of address %s (the last accepted BU's)", bid, a1);
                snprintf(seen, sizeof seen, "the IUT's BID %u has care-of address %s", bid, a2);
                div_set(d, XD_STATE, step, -1, exp, seen);
                rc = 1;
            }
        }
    }
    for (int m = 0; m < x->st.nb && !rc; m++) {
        const mm_binding *mb = &x->st.b[m];
        if (mb->know == MM_PRESENT && (mb->bid >= 32 || !(seen_bids & (1u << mb->bid)))) {
            snprintf(exp, sizeof exp, "a binding of %s BID %u (accepted, lifetime not over)", x->hoa, mb->bid);
            div_set(d, XD_STATE, step, -1, exp, "the IUT holds none");
            rc = 1;
        }
    }
    if (!rc && x->st.nonmcoa == MM_PRESENT && !nonmcoa) {
        div_set(d, XD_STATE, step, -1, "a binding without BID (a regular BU accepted)", "the IUT holds none");
        rc = 1;
    } else if (!rc && x->st.nonmcoa == MM_ABSENT && nonmcoa) {
        div_set(d, XD_STATE, step, -1, "no binding without BID", "the IUT holds one");
        rc = 1;
    }
    json_free(j);
    return rc;
}

/* ---- one step ------------------------------------------------------------------ */
/* 0 no divergence, 1 divergence (d), -1 setup error (e). */
static int do_offhome(xctx *x, const xstep *s, int idx, xdiv *d, xrec *rec, mc_err *e);

/* A data packet with a Home Address option from the step's endpoint to the
 * IUT (RFC 5648 6.5: its source must be a care-of address bound to $HOA). */
static void data_expr(const xctx *x, const xstep *s, char *out, size_t cap)
{
    snprintf(out, cap, "ipv6 src=%s dst=%s / hao %s / udp sport=5000 dport=6000 / raw data=00", x->coa[s->ep],
             x->cn ? x->cnaddr : x->ha, x->hoa);
}

/* What the bindings the model knows say of that packet: 1 its source is a
 * bound care-of address (no Binding Error), 2 it is bound to none of them
 * and all are known (a Binding Error), 0 the model cannot tell. */
static int data_expect(const xctx *x, const xstep *s)
{
    mm_addr c;
    memset(&c, 0, sizeof c);
    if (inet_pton(AF_INET6, x->coa[s->ep], c.a) != 1)
        return 0;
    const mm_state *st = &x->st;
    int unknown = !st->all_known || st->nonmcoa == MM_UNKNOWN;
    for (int i = 0; i < st->nb; i++) {
        const mm_binding *b = &st->b[i];
        if (b->know == MM_UNKNOWN || (b->know == MM_PRESENT && !b->coa_known && !b->home))
            unknown = 1;
        else if (b->know == MM_PRESENT && !b->home && addr_is(&b->coa, &c))
            return 1;
    }
    if (st->nonmcoa == MM_PRESENT) {
        if (!x->nm_coa_known)
            unknown = 1;
        else if (addr_is(&x->nm_coa, &c))
            return 1;
    }
    return unknown ? 0 : 2;
}

/* HA: the packet the mobile node reverse-tunnels, the step's number in
 * its UDP source port (RFC 6275 10.4.5: the home agent decapsulates a
 * packet from a bound care-of address and forwards the inner one). */
static unsigned rtun_port(int idx) { return 20000u + (unsigned)idx % 40000u; }
static void rtun_expr(const xctx *x, const xstep *s, int idx, char *out, size_t cap)
{
    snprintf(out, cap, "ipv6 src=%s dst=%s / ipv6 src=%s dst=%s / udp sport=%u dport=6000 / raw data=00",
             x->coa[s->ep], x->ha, x->hoa, var(&x->vars, "CN", "2001:db8:c::1"), rtun_port(idx));
}
typedef struct rctx {
    unsigned port;
} rctx;
static int rmatch(void *c, const mc_dissection *d)
{
    const rctx *r = c;
    for (int i = 0; i < d->pkt.nlayers; i++)
        if (d->pkt.l[i].kind == MC_LK_UDP) {
            uint64_t sp = 0;
            mc_layer_get(&d->pkt.l[i], "sport", &sp);
            return sp == r->port;
        }
    return 0;
}
static int rtun_judge(xctx *x, const xstep *s, int idx, int bound, xdiv *d, mc_err *e)
{
    if (bound != 1)
        return 0; /* unbound or unknown: a home agent may drop it, and silence takes a wait to judge */
    rctx r = {rtun_port(idx)};
    int got = env_wait(&x->v, x->cnep, x->o->timeout_ms, rmatch, &r, NULL, e);
    if (got < 0)
        return -1;
    if (got)
        return 0;
    char exp[300];
    snprintf(exp, sizeof exp, "the inner packet (UDP source port %u) forwarded to %s: reverse-tunnelled from %s, bound to %s",
             r.port, var(&x->vars, "CN", "2001:db8:c::1"), x->coa[s->ep], x->hoa);
    div_set(d, XD_ANSWER, idx, MM_R_REVERSE_TUNNEL, exp, "nothing on cn.c0");
    return 1;
}

/* HA: a packet from $CN to the home address, the step's number in its UDP
 * source port.  The home agent intercepts it and tunnels it to a care-of
 * address bound to the home address (RFC 6275 10.4.1; RFC 5648 5.6.2: any
 * of them with MCoA, or delivers it on the home link when a home binding
 * exists). */
static unsigned fwd_port(int idx) { return 60000u + (unsigned)idx % 5000u; } /* not rtun_port's: both reach cn.c0 */
static void fwd_expr(const xctx *x, int idx, char *out, size_t cap)
{
    snprintf(out, cap, "ipv6 src=%s dst=%s / udp sport=%u dport=6000 / raw data=00", x->cnaddr, x->hoa, fwd_port(idx));
}

/* the endpoint whose care-of address a is, -1 none */
static int coa_index(const xctx *x, const mm_addr *a)
{
    for (int k = 0; k < 3; k++) {
        mm_addr c;
        memset(&c, 0, sizeof c);
        if (inet_pton(AF_INET6, x->coa[k], c.a) == 1 && !a->v4 && !memcmp(a->a, c.a, 16))
            return k;
    }
    return -1;
}

/* The endpoints (bit k: x->coa[k]) the packet may be tunnelled to: the
 * care-of addresses bound to the home address.  0: not judged, nothing is
 * bound or the model cannot tell (a binding unknown, a home binding, a
 * care-of address no endpoint has). */
static unsigned fwd_expect(const xctx *x)
{
    const mm_state *st = &x->st;
    if (!st->all_known || st->nonmcoa == MM_UNKNOWN)
        return 0;
    unsigned mask = 0;
    for (int i = 0; i < st->nb; i++) {
        const mm_binding *b = &st->b[i];
        if (b->know == MM_ABSENT)
            continue;
        int k = b->know == MM_PRESENT && !b->home && b->coa_known ? coa_index(x, &b->coa) : -1;
        if (k < 0)
            return 0;
        mask |= 1u << k;
    }
    if (st->nonmcoa == MM_PRESENT) {
        int k = x->nm_coa_known ? coa_index(x, &x->nm_coa) : -1;
        if (k < 0)
            return 0;
        mask |= 1u << k;
    }
    return mask;
}

static int fmatch(void *c, const mc_dissection *d)
{
    const rctx *r = c;
    int ip6 = 0;
    for (int i = 0; i < d->pkt.nlayers; i++) {
        ip6 += d->pkt.l[i].kind == MC_LK_IPV6;
        if (d->pkt.l[i].kind == MC_LK_UDP) {
            uint64_t sp = 0;
            mc_layer_get(&d->pkt.l[i], "sport", &sp);
            return ip6 >= 2 && sp == r->port;
        }
    }
    return 0;
}

/* The endpoint (0..2) where a frame `match` takes comes first, each
 * watched in turn a few ms, until the timeout: -1 none, -2 error. */
static int watch_eps(xctx *x, int (*match)(void *, const mc_dissection *), void *ctx, mc_err *e)
{
    double end = now_s() + x->o->timeout_ms / 1000.0;
    while (now_s() < end)
        for (int k = 0; k < 3; k++) {
            int got = env_wait(&x->v, x->eps[k], 3, match, ctx, NULL, e);
            if (got < 0)
                return -2;
            if (got)
                return k;
        }
    return -1;
}

/* the care-of addresses of `mask` (bit k: x->coa[k]) as text; x->fwd_at,
 * where the .tc expects the packet, is the first */
static void bound_text(xctx *x, unsigned mask, char *out, size_t cap)
{
    out[0] = 0;
    for (int k = 0; k < 3; k++)
        if (mask & (1u << k))
            snprintf(out + strlen(out), cap - strlen(out), "%s%s", out[0] ? ", " : "", x->coa[k]);
    for (x->fwd_at = 0; !(mask & (1u << x->fwd_at)); x->fwd_at++)
        ;
}

/* Send the step's packet from $CN and see where it is tunnelled: every
 * endpoint is watched in turn, a few ms each, until the timeout.  0 as
 * the model allows (or not judged), 1 a divergence (d), -1 error. */
static int fwd_step(xctx *x, int idx, xdiv *d, mc_err *e)
{
    unsigned mask = fwd_expect(x);
    char text[200], exp[300], seen[300], bound[200] = "";
    fwd_expr(x, idx, text, sizeof text);
    static mc_pkt p;
    if (mc_expr_parse(text, &p, e) < 0 || env_send(&x->v, x->cnep, &p, e) < 0)
        return -1;
    if (!mask)
        return 0; /* a home agent may drop it, or deliver it on the home link: silence takes a wait to judge */
    rctx r = {fwd_port(idx)};
    int at = watch_eps(x, fmatch, &r, e);
    if (at == -2)
        return -1;
    if (at >= 0 && (mask & (1u << at)))
        return 0;
    bound_text(x, mask, bound, sizeof bound);
    snprintf(exp, sizeof exp, "the packet from %.46s to %.46s (UDP source port %u) tunnelled to a bound care-of "
             "address: %.100s", x->cnaddr, x->hoa, r.port, bound);
    if (at >= 0)
        snprintf(seen, sizeof seen, "tunnelled to %.63s, bound to no binding of %.63s", x->coa[at], x->hoa);
    else
        snprintf(seen, sizeof seen, "nothing on mn.f1, mn.f2, mn.f3 within %u ms", x->o->timeout_ms);
    div_set(d, XD_ANSWER, idx, MM_R_FORWARD_TUNNEL, exp, seen);
    return 1;
}

/* ---- CN: route optimization (RFC 6275 9.3.2) ------------------------------ */
static unsigned ro_port(int idx) { return 7000u + (unsigned)idx % 5000u; }
static void ro_cmd(const xctx *x, int idx, char *out, size_t cap)
{
    snprintf(out, cap, "send-udp %s %u x%d", x->hoa, ro_port(idx), idx);
}

/* the step's UDP packet, wherever it is seen: where it went, and the
 * Type 2 Routing Header's address ("" none) */
typedef struct roctx {
    unsigned port;
    char dst[INET6_ADDRSTRLEN], rh2[INET6_ADDRSTRLEN];
} roctx;
static int romatch(void *c, const mc_dissection *d)
{
    roctx *r = c;
    const mc_layer *ip = NULL, *rh = NULL;
    for (int i = 0; i < d->pkt.nlayers; i++) {
        const mc_layer *l = &d->pkt.l[i];
        if (l->kind == MC_LK_IPV6 && !ip)
            ip = l;
        else if (l->kind == MC_LK_RH2 && !rh)
            rh = l;
        else if (l->kind == MC_LK_UDP) {
            uint64_t dp = 0;
            mc_layer_get(l, "dport", &dp);
            if (dp != r->port || !ip || ip->len < 40)
                return 0;
            inet_ntop(AF_INET6, ip->hdr + 24, r->dst, sizeof r->dst);
            const mc_field *f = rh ? mc_field_by_key(rh->desc, "home") : NULL;
            r->rh2[0] = 0;
            if (f && f->off + 16u <= rh->len)
                inet_ntop(AF_INET6, rh->hdr + f->off, r->rh2, sizeof r->rh2);
            return 1;
        }
    }
    return 0;
}

/* Ask the correspondent to send a UDP packet to the home address and see
 * where it goes.  With care-of addresses bound (the model knows them all),
 * it goes to one of them with a Type 2 Routing Header holding the home
 * address (RFC 6275 9.3.2; with MCoA any bound one).  Judged at once,
 * against the bindings before the step: 0 as the model allows (or not
 * judged), 1 a divergence (d), -1 error. */
static int ro_step(xctx *x, int idx, xdiv *d, mc_err *e)
{
    unsigned mask = fwd_expect(x);
    if (!mask)
        return 0; /* sent directly to the home address: nowhere a tester listens */
    char cmd[200], exp[300], seen[300], bound[200] = "";
    ro_cmd(x, idx, cmd, sizeof cmd);
    mc_outbuf out;
    mc_out_init(&out, NULL);
    int rc = env_iut_command(&x->v, cmd, &out, e);
    mc_out_free(&out);
    if (rc < 0)
        return -1;
    roctx r;
    memset(&r, 0, sizeof r);
    r.port = ro_port(idx);
    int at = watch_eps(x, romatch, &r, e);
    if (at == -2)
        return -1;
    if (at >= 0 && (mask & (1u << at)) && !strcmp(r.dst, x->coa[at]) && !strcmp(r.rh2, x->hoa))
        return 0;
    bound_text(x, mask, bound, sizeof bound);
    snprintf(exp, sizeof exp, "the UDP packet (port %u) to %.46s sent to a bound care-of address with a Type 2 "
             "Routing Header holding the home address: %.100s", r.port, x->hoa, bound);
    if (at >= 0)
        snprintf(seen, sizeof seen, "on %s to %.46s, %s%.46s", g_epname[at], r.dst,
                 r.rh2[0] ? "Type 2 Routing Header " : "no Type 2 Routing Header", r.rh2);
    else
        snprintf(seen, sizeof seen, "nothing on mn.f1, mn.f2, mn.f3 within %u ms", x->o->timeout_ms);
    div_set(d, XD_ANSWER, idx, MM_R_CN_ROUTE_OPTIMIZED, exp, seen);
    return 1;
}

/* The Binding Errors seen for the step's data packet against what the
 * model expected.  1: a divergence; -1: error. */
static int data_judge(xctx *x, const xstep *s, int expect, const wctx *w, int idx, xdiv *d, mc_err *e)
{
    char exp[300], seen[300];
    double now = now_s() - x->t0;
    if (w->nbe)
        x->be_last = now;
    if (expect == 1 && w->nbe) {
        snprintf(exp, sizeof exp, "no Binding Error for a packet with a Home Address option from %s, bound to %s",
                 x->coa[s->ep], x->hoa);
        snprintf(seen, sizeof seen, "a Binding Error, status %u", w->be_status);
        div_set(d, XD_ANSWER, idx, MM_R_HAO_BOUND, exp, seen);
        return 1;
    }
    if (expect != 2)
        return 0;
    int nbe = w->nbe, st = w->be_status;
    if (!nbe) {
        if (now - x->be_last < x->be_interval)
            return 0; /* the IUT may still be limiting its rate */
        wctx w2;
        memset(&w2, 0, sizeof w2);
        w2.x = x;
        w2.want_barrier = 1; /* a late BA does not end this wait */
        w2.want_be = 1;
        int got = env_wait(&x->v, x->eps[s->ep], x->o->timeout_ms, wmatch, &w2, NULL, e);
        if (got < 0)
            return -1;
        nbe = w2.nbe, st = w2.be_status;
        x->be_last = now_s() - x->t0;
    }
    if (nbe && st == 1)
        return 0;
    snprintf(exp, sizeof exp, "a Binding Error, status 1, for %s to %s (bound to none of its bindings) within %u ms",
             x->hoa, x->coa[s->ep], x->o->timeout_ms);
    if (nbe)
        snprintf(seen, sizeof seen, "a Binding Error with status %d", st);
    else
        snprintf(seen, sizeof seen, "none");
    div_set(d, XD_ANSWER, idx, MM_R_HAO_UNBOUND_BE, exp, seen);
    return 1;
}

/* The IPv4 Address Acknowledgement of a BA to a BU that asked for an IPv4
 * home address (PICS ipv4-hoa): RFC 5648 8.2 (always included, before the
 * BID options: the model's v4ack-before-bid), RFC 5555 (a success names an
 * address of the IPv4 home link, with its prefix length).  1: a divergence. */
static int v4_judge(const xctx *x, const xstep *s, const mm_ba *ba, int idx, xdiv *d)
{
    char exp[300], seen[300], got[20];
    const char *asked = x->v4hoa[s->v4 - 1];
    if (ba->v4ack_pos < 0) {
        snprintf(exp, sizeof exp, "an IPv4 Address Acknowledgement option (the BU asked for IPv4 home address %s)",
                 asked);
        div_set(d, XD_ANSWER, idx, MM_R_V4ACK_PRESENT, exp, "a BA without one");
        return 1;
    }
    if (ba->v4ack_status != 0) {
        /* a refusal: any reason the home agent has, unless it claims to
         * grant an unused address of its link, and granted the BU */
        if (!x->v4static || s->v4 > 3 || ba->status >= 128)
            return 0;
        snprintf(exp, sizeof exp, "(PICS ipv4-hoa-static) success for %s, an unused address of the IPv4 home link %s, "
                 "in an accepted BU", asked, var(&x->vars, "HPREFIX4", "?"));
        snprintf(seen, sizeof seen, "IPv4 Address Acknowledgement status %u", ba->v4ack_status);
        div_set(d, XD_ANSWER, idx, MM_R_V4ACK_HOME_LINK, exp, seen);
        return 1;
    }
    if (!inet_ntop(AF_INET, ba->v4ack_addr, got, sizeof got))
        snprintf(got, sizeof got, "?");
    uint32_t a = (uint32_t)ba->v4ack_addr[0] << 24 | (uint32_t)ba->v4ack_addr[1] << 16 |
                 (uint32_t)ba->v4ack_addr[2] << 8 | ba->v4ack_addr[3];
    uint32_t p = (uint32_t)x->v4pfx[0] << 24 | (uint32_t)x->v4pfx[1] << 16 | (uint32_t)x->v4pfx[2] << 8 | x->v4pfx[3];
    uint32_t mask = ~(0xffffffffu >> x->v4plen);
    int on_link = a != 0 && (a & mask) == (p & mask);
    int other = x->v4static && s->v4 <= 3 && strcmp(got, asked) != 0; /* granted, but not what was asked */
    if (on_link && ba->v4ack_plen == x->v4plen && !other)
        return 0;
    snprintf(exp, sizeof exp, "a success (status 0) acknowledges %s of the IPv4 home link %s with Pref-len %d (asked "
             "for: %s)", x->v4static && s->v4 <= 3 ? "the address asked for," : "an address", var(&x->vars, "HPREFIX4", "?"),
             x->v4plen, asked);
    snprintf(seen, sizeof seen, "status 0, address %s, Pref-len %u", got, ba->v4ack_plen);
    div_set(d, XD_ANSWER, idx, MM_R_V4ACK_HOME_LINK, exp, seen);
    return 1;
}

/* the newest (mod 2^16, RFC 6275 9.5.1) sequence number of n steps' BUs */
static uint16_t newest_seq(const xstep *st, long n)
{
    uint16_t hi = 0;
    int any = 0;
    for (long i = 0; i < n; i++) {
        const char *q = strstr(st[i].expr, "seq=");
        uint16_t v = q ? (uint16_t)strtoul(q + 4, NULL, 10) : 0;
        if (q && (!any || seq_newer(v, hi)))
            hi = v;
        any |= q != NULL;
    }
    return hi;
}

/* CN, configuration short-nonce-lifetime: the step becomes a registration
 * the CN would accept but for its nonces (one BID, the endpoint's care-of
 * address and token, A set, a sequence number newer than those before it),
 * sent once they are past their lifetime. */
static void stale_step(const xctx *x, xstep *s, uint16_t seq)
{
    xstep k = *s;
    memset(s, 0, sizeof *s);
    s->ep = k.ep;
    s->stale = 1;
    s->barrier = 1;
    s->bseq = k.bseq;
    s->cbid = k.cbid;
    s->cres = k.cres;
    s->tok = (int8_t)k.ep;
    s->auth_ok = 1;
    snprintf(s->authcoa, sizeof s->authcoa, "%s", x->coa[k.ep]);
    snprintf(s->expr, sizeof s->expr,
             "ipv6 src=%s dst=%s / hao %s / bu seq=%u A lifetime=60 / bid %d coa=%s / nonce hni=$HNI coni=$CONI%d / auth",
             x->coa[k.ep], x->cnaddr, x->hoa, seq, 1 + k.ep, x->coa[k.ep], k.ep + 1);
}

/* ---- HA: Binding Refresh Requests (configuration brr-before-expiry) ------- */
#define X_BRR_BID 8
#define X_BRR_MS 3000 /* harness/IUT.md: within 3 s of registering a binding of one lifetime unit (4 s) */

/* The step becomes a registration of BID X_BRR_BID for one lifetime unit
 * (O: whatever is bound; a sequence number newer than those before it),
 * A set. */
static void brr_step(const xctx *x, xstep *s, uint16_t seq)
{
    uint8_t ep = s->ep;
    memset(s, 0, sizeof *s);
    s->ep = ep;
    s->brr = 1;
    snprintf(s->expr, sizeof s->expr, "ipv6 src=%s dst=%s / hao %s / bu seq=%u A H O lifetime=1 / bid %d coa=%s",
             x->coa[ep], x->ha, x->hoa, seq, X_BRR_BID, x->coa[ep]);
}

typedef struct brrctx {
    int has_bid;
} brrctx;
static int brrmatch(void *c, const mc_dissection *d)
{
    brrctx *b = c;
    const mc_pkt *p = &d->pkt;
    for (int i = 0; i < p->nlayers; i++) {
        const mc_layer *l = &p->l[i];
        if (l->kind != MC_LK_MH || l->code != MC_MH_BRR)
            continue;
        for (int k = 0; k < l->opt_count; k++) {
            const mc_opt *o = &p->o[l->opt_first + k];
            if (o->form == MC_OF_TLV && o->type == MC_OPT_BID && o->len >= 2 &&
                mc_get16(mc_opt_cbody(p, o)) == X_BRR_BID)
                b->has_bid = 1;
        }
        return 1;
    }
    return 0;
}

/* BID X_BRR_BID was granted one lifetime unit: a Binding Refresh Request
 * comes to its care-of address within 3 s (the configuration's contract;
 * RFC 6275 10.3.1 leaves when to the home agent) and names it in a BID
 * option (RFC 5648 6.4 SHOULD).  0, 1 a divergence (d), -1 error. */
static int brr_judge(xctx *x, const xstep *s, int idx, xdiv *d, mc_err *e)
{
    brrctx b = {0};
    int got = env_wait(&x->v, x->eps[s->ep], X_BRR_MS + x->o->timeout_ms, brrmatch, &b, NULL, e);
    if (got < 0)
        return -1;
    char exp[200];
    snprintf(exp, sizeof exp, "a Binding Refresh Request to %.46s within %d ms, with BID option %d",
             x->coa[s->ep], X_BRR_MS + (int)x->o->timeout_ms, X_BRR_BID);
    if (!got)
        div_set(d, XD_ANSWER, idx, MM_R_BRR_DUE, exp, "none");
    else if (!b.has_bid)
        div_set(d, XD_ANSWER, idx, MM_R_BRR_BID, exp, "a Binding Refresh Request without it");
    return !got || !b.has_bid;
}

static int ba_accepts(const mm_ba *ba, uint16_t bid)
{
    if (!ba || ba->status >= 128 || ba->lifetime < 1)
        return 0;
    for (int i = 0; i < ba->nbid && i < MM_MAX_BID; i++)
        if (ba->bid[i].bid == bid)
            return ba->bid[i].status < 128;
    return 1;
}

static int do_step(xctx *x, const xstep *s, int idx, xdiv *d, xrec *rec, mc_err *e)
{
    if (s->offhome)
        return do_offhome(x, s, idx, d, rec, e);
    static mc_pkt p;
    mm_bu bu;
    mm_expect ex;
    char text[XS_EXPR];
    static char signed_bu[XS_EXPR + 128];
    int auth_ok = 0;
    const char *bu_text = s->expr;
    if (x->cn) {
        int rc = cn_tokens(x, s, idx, d, e);
        if (rc)
            return rc;
        if (cn_expr(x, s, signed_bu, sizeof signed_bu, &auth_ok, e) < 0)
            return -1;
        bu_text = signed_bu;
    }
    if (read_bu(bu_text, &bu, e) < 0)
        return -1;
    double now = now_s() - x->t0;
    mm_state_expire(&x->st, now, 1.0);
    mm_state_expire(&x->stb, now, 1.0);
    mm_expect_ba(&x->st, &bu, x->cn ? MM_CN : MM_HA, &ex);
    if (x->cn) {
        /* RFC 6275 5.2.7 recommends nonces stay acceptable MAX_TOKEN_LIFETIME
         * (210 s) after their first use: the BUs use those handed out at the
         * return routability after the IUT's start (a margin of 10 s) */
        mm_claims cc;
        memset(&cc, 0, sizeof cc);
        cc.known = 1;
        cc.fresh_nonces = !s->stale && now_s() - x->rr_t < (x->short_nonce ? X_FRESH_S : X_FRESH_DEFAULT_S);
        cc.stale_nonces = s->stale && x->short_nonce;
        mm_expect_claims(&cc, &x->st, &bu, &ex);
    } else
        mm_expect_claims(&x->claims, &x->st, &bu, &ex);
    if (rec) {
        memset(rec, 0, sizeof *rec);
        rec->bu = bu;
        rec->e = ex;
        rec->last_seq = x->st.last_seq;
        rec->seq_known = x->st.seq_known;
        rec->tok = x->cn ? x->last_tok : -1;
        rec->auth_ok = (uint8_t)auth_ok;
        snprintf(rec->authcoa, sizeof rec->authcoa, "%s", x->cn ? x->last_authcoa : "");
    }
    env *v = &x->v;
    env_ep *ep = x->eps[s->ep];
    v->nsent = 0; /* our own frames, seen leaving, are recognised as stimulus */
    if ((s->fwd || s->rtun) && x->cnep) {
        /* cn.c0 is read only when a step is judged there: what came since
         * (our own packets from $CN, the ICMP errors $CN's kernel sends)
         * is read now, before its capture ring fills and drops frames */
        if (env_wait(v, x->cnep, 0, NULL, NULL, NULL, e) < 0)
            return -1;
    }
    if (s->fwd && x->cnep) { /* judged at once, against the bindings before the step */
        int rc = fwd_step(x, idx, d, e);
        if (rc)
            return rc;
    }
    if (s->ro && x->ro) { /* likewise */
        int rc = ro_step(x, idx, d, e);
        if (rc)
            return rc;
    }
    int data_exp = 0, rtun_exp = 0;
    if (s->rtun && x->cnep) {
        rtun_exp = data_expect(x, s);
        rtun_expr(x, s, idx, text, sizeof text);
        if (mc_expr_parse(text, &p, e) < 0 || env_send(v, ep, &p, e) < 0)
            return -1;
    }
    if (s->data) { /* before the BU: judged against the bindings before it */
        data_exp = data_expect(x, s);
        data_expr(x, s, text, sizeof text);
        if (mc_expr_parse(text, &p, e) < 0 || env_send(v, ep, &p, e) < 0)
            return -1;
    }
    if (x->cn && s->hinit) {
        hinit_expr(x, s, text, sizeof text);
        if (mc_expr_parse(text, &p, e) < 0 || env_send(v, ep, &p, e) < 0)
            return -1;
    }
    if (mc_expr_parse(bu_text, &p, e) < 0 || env_send(v, ep, &p, e) < 0)
        return -1;
    mm_bu bbu;
    mm_expect bex;
    if (s->barrier) {
        barrier_expr(x, s, text, sizeof text);
        if (!x->cn && read_bu(text, &bbu, e) < 0)
            return -1;
        if (!x->cn) {
            mm_expect_ba(&x->stb, &bbu, MM_HA, &bex);
            mm_expect_claims(&x->claims, &x->stb, &bbu, &bex);
        }
        if (mc_expr_parse(text, &p, e) < 0 || env_send(v, ep, &p, e) < 0)
            return -1;
    }
    wctx w;
    memset(&w, 0, sizeof w);
    w.x = x;
    w.want_barrier = s->barrier;
    w.hinit_cookie = x->cn && s->hinit ? hinit_cookie(s->bseq) : 0;
    static pattern authp;
    char authtext[400] = "";
    if (x->cn && auth_ok) {
        /* RFC 6275 6.1.8 / 9.5.4: a BA with Binding Authorization Data is
         * signed with the BU's Kbm over the same care-of address and the
         * correspondent's address: the tester's own computation (tester_rr.c,
         * through the pattern's rr-auth) */
        char ctn[16];
        snprintf(ctn, sizeof ctn, "CTOK%d", x->last_tok + 1);
        const char *ht = pixit_get(&x->vars, "HTOK"), *ct = x->last_tok >= 0 ? pixit_get(&x->vars, ctn) : "-";
        snprintf(authtext, sizeof authtext, "ba / auth auth=rr-auth(%s,%s,%s,%s)", ht ? ht : "0", ct ? ct : "0",
                 x->last_authcoa, x->cnaddr);
        if (pat_parse(authtext, &authp, e) < 0)
            return -1;
        w.auth = &authp;
    }
    int got = env_wait(v, ep, x->o->timeout_ms, wmatch, &w, NULL, e);
    if (got < 0)
        return -1;
    char exp[300], seen[300];
    int st;
    if (w.hinit_cot) {
        snprintf(exp, sizeof exp, "no CoT to the CoTI with a Home Address option (cookie 0x%016llx): silently ignored",
                 hinit_cookie(s->bseq));
        div_set(d, XD_ANSWER, idx, MM_R_INIT_HAO, exp, "a CoT to it");
        return 1;
    }
    if (got == 0) {
        if (env_iut_exited(v, &st)) {
            snprintf(seen, sizeof seen, "the IUT exited (status %d)", st);
            div_set(d, XD_EXITED, idx, MM_R_BA_FOR_A, "the IUT keeps running and answers", seen);
        } else {
            if (x->cn)
                snprintf(exp, sizeof exp, "a CoT to the CoTI sent after the BU within %u ms", x->o->timeout_ms);
            else
                snprintf(exp, sizeof exp, "a BA to %s within %u ms (%s)", s->barrier ? "the barrier BU" : "this BU",
                         x->o->timeout_ms, s->barrier ? "A set, a regular BU of a second home address" : "A set");
            if (w.nother)
                snprintf(seen, sizeof seen, "%s; %d other Mobility Header packet%s came, the first: %s",
                         w.nmain ? "no BA to it (a BA of the first home address came)" : "no BA", w.nother,
                         w.nother == 1 ? "" : "s", w.other);
            else
                snprintf(seen, sizeof seen, "%s", w.nmain ? "no BA to it (a BA of the first home address came)" : "no BA");
            div_set(d, XD_NO_ANSWER, idx, MM_R_BA_FOR_A, exp, seen);
        }
        return 1;
    }
    if (w.nmain > 1) {
        snprintf(seen, sizeof seen, "%d BAs", w.nmain);
        div_set(d, XD_TWO_ANSWERS, idx, MM_R_BA_SEQ, "at most one BA to a BU", seen);
        return 1;
    }
    fctx f;
    memset(&f, 0, sizeof f);
    const mm_ba *ba = w.nmain ? &w.main[0] : NULL;
    if (ba && !w.auth_ok[0]) {
        snprintf(exp, sizeof exp, "the BA's Authenticator: %.200s", authtext + 10);
        div_set(d, XD_ANSWER, idx, MM_R_CN_BA_AUTH, exp, "another value");
        return 1;
    }
    if (ba) {
        mm_judge_ba(&x->st, &bu, &ex, ba, on_finding, &f);
    } else if (x->cn && bu.A && auth_ok && !ex.silent) {
        /* the authenticator is right (the tester's own computation over
         * tokens the CN gave): the CN may not discard it (RFC 6275 9.5.1) */
        snprintf(exp, sizeof exp, "a BA to a BU with A whose authenticator verifies (before the CoT)");
        div_set(d, XD_NO_ANSWER, idx, MM_R_BA_FOR_A, exp, "no BA, the CoT came");
        return 1;
    } else if (!x->cn && ex.must_answer && !ex.silent) {
        /* the barrier's BA came, this home registration's did not */
        snprintf(exp, sizeof exp, "a BA to this home registration although A is clear (RFC 6275 10.3.1: "
                                  "regardless of the A bit)");
        div_set(d, XD_NO_ANSWER, idx, MM_R_BA_FOR_A, exp, "no BA to it (the barrier BU's BA came)");
        return 1;
    } else if (!bu.A && !ex.silent) {
        /* no answer to a BU without A: accepted (a rejection is answered,
         * RFC 6275 9.5.1) -- mm_apply decides what the model learns */
    }
    if (rec) {
        rec->answered = ba != NULL;
        if (ba)
            rec->ba = *ba;
    }
    if (f.n) {
        div_set(d, XD_ANSWER, idx, f.first.rule, f.first.expected, f.first.seen);
        return 1;
    }
    if (ba && s->v4 && v4_judge(x, s, ba, idx, d))
        return 1;
    if (s->data) {
        int dj = data_judge(x, s, data_exp, &w, idx, d, e);
        if (dj)
            return dj;
    }
    if (s->rtun && x->cnep) {
        int rj = rtun_judge(x, s, idx, rtun_exp, d, e);
        if (rj)
            return rj;
    }
    mm_apply(&x->st, &bu, &ex, ba, now);
    if (s->brr && x->brr_conf && ba_accepts(ba, X_BRR_BID)) {
        int rc = brr_judge(x, s, idx, d, e);
        if (rc)
            return rc;
    }
    if (!bu.nbid && bu.lifetime) {
        /* RFC 6275 9.5.1: a regular BU binds the packet's source (no
         * Alternate Care-of Address option is sent) */
        if (ba && ba->status < 128) {
            x->nm_coa = bu.src;
            x->nm_coa_known = 1;
        } else if (!ba)
            x->nm_coa_known = 0;
    }
    if (s->barrier && x->cn) {
        /* the CoT to the barrier CoTI (RFC 6275 9.4.4; RFC 5648 4.3, 5.2) */
        if (w.cot_cookie != coti_cookie(s->bseq)) {
            snprintf(exp, sizeof exp, "the CoT's Care-of Init Cookie 0x%016llx, the CoTI's", coti_cookie(s->bseq));
            snprintf(seen, sizeof seen, "0x%016llx", (unsigned long long)w.cot_cookie);
            div_set(d, XD_ANSWER, idx, MM_R_COT_COOKIE, exp, seen);
            return 1;
        }
        int has = 0;
        for (int i = 0; i < w.cot.nbid && i < MM_MAX_BID; i++) {
            const mm_bidopt *b = &w.cot.bid[i];
            has |= b->bid == s->cbid;
            if (b->reserved || b->has_coa || b->len != 4) {
                snprintf(exp, sizeof exp, "the CoT's BID option %u: Length 4 (no Care-of Address), Reserved 0",
                         b->bid);
                snprintf(seen, sizeof seen, "Length %u, Reserved 0x%02x", b->len, b->reserved);
                div_set(d, XD_ANSWER, idx, b->reserved ? MM_R_BID_RESERVED : MM_R_BID_NO_COA, exp, seen);
                return 1;
            }
        }
        if (s->cbid && !has) {
            snprintf(exp, sizeof exp, "the CoTI's BID option (BID %u) in the CoT", s->cbid);
            snprintf(seen, sizeof seen, "a CoT with %u BID option(s), none of BID %u", w.cot.nbid, s->cbid);
            div_set(d, XD_ANSWER, idx, MM_R_COT_BID, exp, seen);
            return 1;
        }
        /* the CoTI's BID option is well formed (Length 4) and the test
         * answered: no error of the care-of address test to carry (4.3) */
        for (int i = 0; i < w.cot.nbid && i < MM_MAX_BID && s->cbid; i++)
            if (w.cot.bid[i].bid == s->cbid && w.cot.bid[i].status) {
                snprintf(exp, sizeof exp, "the CoT's BID option %u with Status 0: the care-of address test of a "
                         "well-formed CoTI succeeded", s->cbid);
                snprintf(seen, sizeof seen, "Status %u", w.cot.bid[i].status);
                div_set(d, XD_ANSWER, idx, MM_R_COT_BID, exp, seen);
                return 1;
            }
    }
    if (s->barrier && !x->cn) {
        memset(&f, 0, sizeof f);
        mm_judge_ba(&x->stb, &bbu, &bex, &w.barrier, on_finding, &f);
        if (f.n) {
            snprintf(exp, sizeof exp, "(the barrier BU of %s) %s", x->hoab, f.first.expected);
            div_set(d, XD_ANSWER, idx, f.first.rule, exp, f.first.seen);
            return 1;
        }
        mm_apply(&x->stb, &bbu, &bex, &w.barrier, now);
    }
    return 0;
}

/* A BU for a home address outside the home prefix: no accepting BA
 * (RFC 6275 10.3.1: MUST reject, SHOULD answer 132).  Silence is allowed;
 * the model's state of $HOA is not touched. */
static int do_offhome(xctx *x, const xstep *s, int idx, xdiv *d, xrec *rec, mc_err *e)
{
    static mc_pkt p;
    mm_bu bu;
    if (read_bu(s->expr, &bu, e) < 0)
        return -1;
    if (rec) {
        memset(rec, 0, sizeof *rec);
        rec->bu = bu;
        rec->tok = -1;
    }
    env *v = &x->v;
    env_ep *ep = x->eps[s->ep];
    v->nsent = 0;
    if (mc_expr_parse(s->expr, &p, e) < 0 || env_send(v, ep, &p, e) < 0)
        return -1;
    wctx w;
    memset(&w, 0, sizeof w);
    w.x = x;
    int got = env_wait(v, ep, x->o->timeout_ms, wmatch, &w, NULL, e);
    if (got < 0)
        return -1;
    int st;
    if (!got && env_iut_exited(v, &st)) {
        char seen[64];
        snprintf(seen, sizeof seen, "the IUT exited (status %d)", st);
        div_set(d, XD_EXITED, idx, MM_R_BA_FOR_A, "the IUT keeps running and answers", seen);
        return 1;
    }
    if (rec && w.nmain) {
        rec->answered = 1;
        rec->ba = w.main[0];
    }
    int inside = s->offhome == 3;
    if (w.nmain && (inside ? w.main[0].status == 132 : w.main[0].status < 128)) {
        char exp[300], seen[300];
        snprintf(exp, sizeof exp,
                 inside ? "no 132 (Not home subnet) for %s, inside the home prefix %s"
                        : "no accepting BA for %s, outside the home prefix %s (132 Not home subnet)",
                 x->hoaoff[s->offhome - 1], var(&x->vars, "HPREFIX", "?"));
        snprintf(seen, sizeof seen, "a BA with status %u", w.main[0].status);
        div_set(d, XD_ANSWER, idx, MM_R_OFF_HOME, exp, seen);
        return 1;
    }
    return 0;
}

/* Run steps list[0..n) (indices into all[]; NULL: all in order) from the
 * IUT as it is.  0 no divergence, 1 divergence (d), -1 setup error (e). */
static int converse(xctx *x, const xstep *all, const int *list, long n, xdiv *d, xrec *recs, int progress,
                    mc_err *e)
{
    double t0 = now_s(), tl = t0;
    int tty = progress && isatty(2);
    if (x->cn && x->rr_bad && n > 0) {
        *d = x->rr_div;
        d->step = 0;
        return 1;
    }
    for (long i = 0; i < n; i++) {
        if (g_stop) {
            mc_err_set(e, -1, "interrupted");
            return -1;
        }
        const xstep *s = &all[list ? list[i] : i];
        int rc = do_step(x, s, (int)i, d, recs ? &recs[i] : NULL, e);
        if (rc)
            return rc;
        int every = x->check_state_each ? 1 : x->o->state_every;
        if (x->have_state && ((every > 0 && (i + 1) % every == 0) || i + 1 == n)) {
            rc = state_compare(x, (int)i, d);
            if (rc < 0)
                return 1; /* a state command that fails is a verdict on the IUT too */
            if (rc)
                return 1;
        }
        if (tty && x->o->progress > 0 && (i + 1) % x->o->progress == 0) {
            double t = now_s();
            fprintf(stderr, "explore: step %ld/%ld, %.0f steps/s (last %ld: %.0f/s)\n", i + 1, n,
                    (double)(i + 1) / (t - t0), x->o->progress, (double)x->o->progress / (t - tl));
            tl = t;
        }
    }
    return 0;
}

/* ---- shrinking: ddmin ----------------------------------------------------------- */
static int same_div(const xdiv *a, const xdiv *b)
{
    return a->kind == b->kind && a->rule == b->rule;
}

typedef struct shrinker {
    xctx *x;
    const xstep *all;
    const xdiv *want;
    int runs, budget;
    int setup_error;
    double deadline;        /* monotonic seconds: no replay starts after it */
} shrinker;

/* Does the conversation list[0..n) show the same divergence, from a fresh IUT? */
static int reproduces(shrinker *k, const int *list, int n)
{
    if (k->runs >= k->budget || g_stop || k->setup_error || now_s() > k->deadline)
        return 0;
    k->runs++;
    mc_err e = {0};
    xdiv d;
    memset(&d, 0, sizeof d);
    if (iut_fresh(k->x, &e) < 0) {
        k->setup_error = 1;
        env_log(&k->x->v, "shrink: IUT start failed: %s", e.msg);
        return 0;
    }
    int rc = converse(k->x, k->all, list, n, &d, NULL, 0, &e);
    return rc == 1 && same_div(&d, k->want);
}

/* Zeller's ddmin: a 1-minimal sublist of list[0..*n) that still diverges. */
static void ddmin(shrinker *k, int *list, int *n)
{
    int gran = 2;
    int *cand = malloc(sizeof *cand * (size_t)(*n ? *n : 1));
    while (*n >= 2 && k->runs < k->budget && !k->setup_error && !g_stop) {
        int chunk = (*n + gran - 1) / gran, done = 0;
        /* a subset alone */
        for (int c = 0; c < gran && !done; c++) {
            int lo = c * chunk, hi = lo + chunk < *n ? lo + chunk : *n, m = 0;
            if (lo >= hi)
                continue;
            for (int i = lo; i < hi; i++)
                cand[m++] = list[i];
            if (m < *n && reproduces(k, cand, m)) {
                memcpy(list, cand, sizeof *cand * (size_t)m);
                *n = m;
                gran = 2;
                done = 1;
            }
        }
        /* its complement */
        for (int c = 0; c < gran && !done; c++) {
            int lo = c * chunk, hi = lo + chunk < *n ? lo + chunk : *n, m = 0;
            if (lo >= hi)
                continue;
            for (int i = 0; i < *n; i++)
                if (i < lo || i >= hi)
                    cand[m++] = list[i];
            if (m && reproduces(k, cand, m)) {
                memcpy(list, cand, sizeof *cand * (size_t)m);
                *n = m;
                gran = gran - 1 > 2 ? gran - 1 : 2;
                done = 1;
            }
        }
        if (!done) {
            if (gran >= *n)
                break;
            gran = gran * 2 < *n ? gran * 2 : *n;
        }
    }
    free(cand);
}

/* Inside a step: candidate edit number c of a BU (drop flag L, K, O or H
 * of the BU, or, for a home agent, one BID option).  0 when there is no
 * candidate c. */
static int edit_step(const xctx *x, xstep *s, int c)
{
    char *bu = strstr(s->expr, "/ bu ");
    if (!bu)
        return 0;
    char *end = strstr(bu + 5, " / ");
    size_t bulen = end ? (size_t)(end - bu) : strlen(bu);
    /* not H for a home agent: without it the BU is no home registration
     * (the reference answers 129), another conversation than the one found */
    static const char *const flags[] = {" L", " K", " O", " H"};
    for (int f = 0; f < (x->cn ? 4 : 3); f++) {
        char *at = bu;
        while ((at = strstr(at, flags[f])) && at < bu + bulen && at[2] != ' ' && at[2] != 0)
            at += 2;
        if (!at || at >= bu + bulen)
            continue;
        if (c-- == 0) {
            memmove(at, at + 2, strlen(at + 2) + 1);
            return 1;
        }
    }
    if (x->cn)
        return 0; /* a CN's authenticator is tied to its first BID option */
    for (char *b = strstr(s->expr, " / bid "); b; b = strstr(b + 1, " / bid ")) {
        if (c-- == 0) {
            char *next = strstr(b + 1, " / ");
            memmove(b, next ? next : b + strlen(b), strlen(next ? next : b + strlen(b)) + 1);
            return 1;
        }
    }
    return 0;
}

/* Shrink inside the steps of the minimal conversation work[0..n): drop
 * flags and BID options while the divergence stays.  Returns the edits kept. */
static int simplify(shrinker *k, xstep *work, const int *idx, int n)
{
    int kept = 0, changed = 1;
    k->all = work;
    while (changed && k->runs < k->budget && !k->setup_error && !g_stop && now_s() < k->deadline) {
        changed = 0;
        for (int i = 0; i < n; i++)
            for (int c = 0;; c++) {
                xstep save = work[i];
                if (!edit_step(k->x, &work[i], c))
                    break;
                if (reproduces(k, idx, n)) {
                    kept++;
                    changed = 1;
                    c--;
                } else {
                    work[i] = save;
                }
            }
    }
    return kept;
}

/* ---- the .tc ---------------------------------------------------------------------- */
static int single(const mm_stset *s)
{
    int v = -1;
    for (int i = 0; i < 256; i++)
        if (mm_st_has(s, i)) {
            if (v >= 0)
                return -1;
            v = i;
        }
    return v;
}

/* The answer the model allows, as a pattern: the fields it decides (a
 * refusal of policy, which the RFC allows any time, aside; the IUT's
 * answer in the recorded run was not one, or nothing is said of the
 * status).  `pin_home`: a home binding's status, where the configuration
 * decides it, in the BA Status (6.3; the model also allows 5 in the option
 * instead, which a pattern cannot say: so only where that was the
 * divergence, or the status is 0). */
static void ba_pattern(const xrec *r, int pin_home, char *out, size_t cap)
{
    const mm_bu *bu = &r->bu;
    const mm_expect *e = &r->e;
    int stt = -1, bst[MM_MAX_BID];
    for (int i = 0; i < MM_MAX_BID; i++)
        bst[i] = -1;
    int policy = r->answered && r->ba.status >= 128 && mm_st_has(&e->policy, r->ba.status) &&
                 !(e->whole_rule >= 0 && mm_st_has(&e->whole, r->ba.status));
    if (!policy) {
        if (e->whole_rule >= 0) {
            int w = single(&e->whole);
            if (w >= 0 && (e->peer == MM_CN || !(bu->nbid == 1 && w >= 128 && w != 135 && w != 164)))
                stt = w;
            if (w == 164 && e->whole_rule == MM_R_LEN_164)
                stt = 164; /* the whole BU: always in the BA Status */
        } else if (!bu->nbid) {
            stt = 0;
        } else {
            int det = 1, rej = 0, home = 0;
            pin_home = pin_home && e->home_status >= 0;
            for (int i = 0; i < bu->nbid; i++) {
                bst[i] = single(&e->bid_ok[i]);
                if (bst[i] < 0 && pin_home && bu->bid[i].hflag && mm_st_has(&e->bid_ok[i], 0) &&
                    mm_st_has(&e->bid_ok[i], 5))
                    bst[i] = 0, home = 1;
                det &= bst[i] >= 0;
                rej |= bst[i] > 0;
            }
            if (det && !rej)
                stt = home ? e->home_status : 0;
            else if (rej && bu->nbid > 1 && e->peer == MM_HA)
                stt = 4;
            else if (det && rej && bu->nbid == 1 && e->peer == MM_CN)
                stt = bst[0]; /* a CN's result is in the BA Status (6.2) */
        }
    }
    if (e->seq_uncertain && stt != 135)
        stt = -1;
    size_t n = (size_t)snprintf(out, cap, "ba");
    if (stt >= 0)
        n += (size_t)snprintf(out + n, cap - n, " status=%d", stt);
    if (stt == 135 && r->seq_known == 1)
        n += (size_t)snprintf(out + n, cap - n, " seq=%u", r->last_seq);
    else if (stt >= 0 && stt != 135)
        n += (size_t)snprintf(out + n, cap - n, " seq=%u", bu->seq);
    if (bu->nbid && stt >= 0)
        n += (size_t)snprintf(out + n, cap - n, " nbid=%u", bu->nbid);
    if (bu->has_v4hoa && e->peer == MM_HA) /* asked for with PICS ipv4-hoa: RFC 5648 8.2, before any BID option */
        n += (size_t)snprintf(out + n, cap - n, " / ipv4ack");
    for (int i = 0; i < bu->nbid && n < cap; i++) {
        n += (size_t)snprintf(out + n, cap - n, " / bid %u", bu->bid[i].bid);
        if (stt == 4 && bst[i] >= 0)
            n += (size_t)snprintf(out + n, cap - n, " status=%d", bst[i]);
        else if (stt >= 0 && stt != 4 && !(stt == 5 && bu->bid[i].hflag))
            n += (size_t)snprintf(out + n, cap - n, " status=0");
    }
}

/* A home binding's status in the step's pattern: where the configuration
 * makes it 0, or it was the divergence (ba_pattern). */
static int pin_home_at(const xrec *r, int i, const xdiv *d)
{
    return r->e.home_status == 0 || (i == d->step && d->rule == MM_R_CFG_HOME_STATUS);
}

/* the divergence is about the packet with a Home Address option */
static int data_rule(const xdiv *d)
{
    return d->rule == MM_R_HAO_BOUND || d->rule == MM_R_HAO_UNBOUND_BE || d->rule == MM_R_REVERSE_TUNNEL ||
           d->rule == MM_R_FORWARD_TUNNEL || d->rule == MM_R_CN_ROUTE_OPTIMIZED;
}

static void write_tc(xctx *x, const char *path, const char *id, const xstep *all, const int *list, int n,
                     const xrec *recs, const xdiv *d, long orig_steps)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return;
    const mm_rule *r = d->rule >= 0 ? &mm_rules[d->rule] : NULL;
    const char *rname = r ? r->name : d->kind == XD_STATE ? "binding-state" : "answer";
    fprintf(f, "# Found by mcoa-conform explore --role %s --seed %llu: a divergence at step %d of a %ld-step\n"
               "# conversation, shrunk (ddmin) to %d step(s).\n"
               "# rule %s%s%s%s\n#   expected: %s\n#   seen:     %s\n",
            x->o->role, (unsigned long long)x->o->seed, d->step + 1, orig_steps, n, rname, r ? " (" : "", r ? r->clause : "",
            r ? ")" : "", d->expected, d->seen);
    if (r)
        fprintf(f, "#   %s\n", r->how);
    if (x->v.configuration[0])
        fprintf(f, "# The IUT in configuration %s (its steps of the conversation).\n", x->v.configuration);
    fprintf(f, "id       %s\ntitle    explore: %s (%s)\niut      %s\n", id, rname, r ? r->clause : "binding cache",
            x->o->role);
    if (r && !strncmp(r->clause, "5648-", 5))
        fprintf(f, "clauses  %s\n", r->clause);
    int v4 = 0, bulk = 0, v4hoa = 0, rtun = 0;
    for (int i = 0; i < n; i++) {
        bulk |= recs[i].bu.nbid > 1;
        v4hoa |= all[list[i]].v4 != 0;
        rtun |= ((all[list[i]].rtun || all[list[i]].fwd) && x->dataplane) || (all[list[i]].ro && x->ro);
        for (int k = 0; k < recs[i].bu.nbid; k++)
            v4 |= recs[i].bu.bid[k].has_coa && recs[i].bu.bid[k].coa.v4;
    }
    fprintf(f, "pics     mcoa%s%s%s%s%s\ntopology triad\n", bulk && !x->cn ? " bulk" : "", v4 && !x->cn ? " ipv4-coa" : "",
            v4hoa ? " ipv4-hoa" : "", rtun ? " data-plane" : "", x->cn ? " route-optimization" : "");
    if (x->o->nfaults) {
        fprintf(f, "faults  ");
        for (int i = 0; i < x->o->nfaults; i++)
            fprintf(f, " %s", x->o->faults[i]);
        fprintf(f, "\n");
    }
    if (x->v.configuration[0])
        fprintf(f, "configuration %s\n", x->v.configuration);
    fprintf(f, "tags     explore\n\n");
    char pat[1024], text[XS_EXPR];
    int cot_div = x->cn && d->kind == XD_ANSWER && !strncmp(d->expected, "the CoT", 7); /* judged on the CoT */
    if (d->rule == MM_R_REVERSE_TUNNEL) /* cn.c0 listens before the tunnelled packet goes out */
        fprintf(f, "expect-none cn.c0 0ms  ba\n");
    if (d->rule == MM_R_FORWARD_TUNNEL) /* so does the endpoint it must reach */
        fprintf(f, "expect-none %s 0ms  ba\n", g_epname[x->fwd_at]);
    if (x->cn) {
        /* return routability first: the tokens the authenticators need */
        fprintf(f, "send   mn.f1  ipv6 src=%s dst=%s / hoti cookie=0x%016llx\n", x->hoa, x->cnaddr, X_HOTI_COOKIE);
        fprintf(f, "pre expect r.c 1s  hot nonce=?HNI token=?HTOK\n");
        for (int k = 0; k < 3; k++) {
            fprintf(f, "send   %s  ipv6 src=%s dst=%s / coti cookie=0x2%d / bid %d\n", g_epname[k], x->coa[k],
                    x->cnaddr, k + 1, k + 1);
            fprintf(f, "pre expect %s 1s  cot nonce=?CONI%d token=?CTOK%d\n", g_epname[k], k + 1, k + 1);
        }
    }
    for (int i = 0; i < n; i++) {
        const xstep *s = &all[list[i]];
        const xrec *rc = &recs[i];
        const char *ep = g_epname[s->ep];
        if (s->fwd && x->dataplane) {
            fwd_expr(x, list[i], text, sizeof text);
            fprintf(f, "send   cn.c0  %s\n", text);
            if (i == d->step && d->rule == MM_R_FORWARD_TUNNEL) {
                fprintf(f, "expect %s %us  ipv6 dst=%s / ipv6 src=%s dst=%s / udp sport=%u\n", g_epname[x->fwd_at],
                        (x->o->timeout_ms + 999) / 1000, x->coa[x->fwd_at], x->cnaddr, x->hoa, fwd_port(list[i]));
                if (r)
                    fprintf(f, "       why \"%s\"\n", r->how);
                /* a divergence of the packet: the step's BU is not needed */
                break;
            }
        }
        if (s->ro && x->ro) {
            ro_cmd(x, list[i], text, sizeof text);
            fprintf(f, "iut    %s\n", text);
            if (i == d->step && d->rule == MM_R_CN_ROUTE_OPTIMIZED) {
                fprintf(f, "expect %s %us  ipv6 src=%s dst=%s / rh2 %s / udp dport=%u\n", g_epname[x->fwd_at],
                        (x->o->timeout_ms + 999) / 1000, x->cnaddr, x->coa[x->fwd_at], x->hoa, ro_port(list[i]));
                if (r)
                    fprintf(f, "       why \"%s\"\n", r->how);
                break;
            }
        }
        if (s->rtun && x->dataplane) {
            rtun_expr(x, s, list[i], text, sizeof text);
            fprintf(f, "send   %s  %s\n", ep, text);
            if (i == d->step && d->rule == MM_R_REVERSE_TUNNEL) {
                fprintf(f, "expect cn.c0 %us  ipv6 src=%s / udp sport=%u\n", (x->o->timeout_ms + 999) / 1000, x->hoa,
                        rtun_port(list[i]));
                if (r)
                    fprintf(f, "       why \"%s\"\n", r->how);
            }
        }
        if (s->data) {
            data_expr(x, s, text, sizeof text);
            fprintf(f, "send   %s  %s\n", ep, text);
            if (i == d->step && data_rule(d)) {
                if (d->rule == MM_R_HAO_BOUND)
                    fprintf(f, "expect-none %s %us  be\n", ep, (x->o->timeout_ms + 999) / 1000);
                else
                    fprintf(f, "expect %s %us  be status=1 home=%s\n", ep, (x->o->timeout_ms + 999) / 1000, x->hoa);
                if (r)
                    fprintf(f, "       why \"%s\"\n", r->how);
            }
        }
        if (x->cn && s->hinit) {
            hinit_expr(x, s, text, sizeof text);
            fprintf(f, "send   %s  %s\n", ep, text);
            if (i == d->step && d->rule == MM_R_INIT_HAO) {
                fprintf(f, "expect-none %s %us  cot cookie=%llu\n", ep, (x->o->timeout_ms + 999) / 1000,
                        hinit_cookie(s->bseq));
                if (r)
                    fprintf(f, "       why \"%s\"\n", r->how);
                break;
            }
        }
        if (x->cn) {
            char ctok[16] = "-", coni[16];
            if (rc->tok >= 0)
                snprintf(ctok, sizeof ctok, "$CTOK%d", rc->tok + 1);
            snprintf(coni, sizeof coni, "$CONI%d", (rc->tok >= 0 ? rc->tok : s->ep) + 1);
            snprintf(text, sizeof text, "%s", s->expr);
            char *at = strstr(text, "$CONIR");
            if (at) {
                char tail[XS_EXPR];
                snprintf(tail, sizeof tail, "%s", at + 6);
                snprintf(at, sizeof text - (size_t)(at - text), "%s%s", coni, tail);
            }
            fprintf(f, "compute AUTH%d = rr-auth $HTOK %s %s %s\n        %s\n", i + 1, ctok, rc->authcoa, x->cnaddr,
                    text);
            fprintf(f, "send   %s  %s auth=$AUTH%d\n", ep, text, i + 1);
            if (rc->bu.A && rc->auth_ok && !rc->e.silent) {
                ba_pattern(rc, pin_home_at(rc, i, d), pat, sizeof pat);
                fprintf(f, "expect %s %us  %s", ep, (x->o->timeout_ms + 999) / 1000, pat);
                /* the Authenticator, where it was the divergence (RFC 6275 6.1.8 / 9.5.4) */
                fprintf(f, i == d->step && d->rule == MM_R_CN_BA_AUTH ? " / auth auth=rr-auth($HTOK,%s,%s,%s)\n" : "\n",
                        ctok, rc->authcoa, x->cnaddr);
                if (i == d->step && (d->kind == XD_ANSWER || d->kind == XD_NO_ANSWER) && r && !cot_div && !data_rule(d))
                    fprintf(f, "       why \"%s\"\n", r->how);
            }
            barrier_expr(x, s, text, sizeof text);
            fprintf(f, "send   %s  %s\n", ep, text);
            fprintf(f, "expect %s %us  cot cookie=%llu", ep, (x->o->timeout_ms + 999) / 1000, coti_cookie(s->bseq));
            fprintf(f, s->cbid ? " / bid %u len=4 status=0 res=0\n" : "\n", s->cbid);
            if (i == d->step && cot_div && r)
                fprintf(f, "       why \"%s\"\n", r->how);
            continue;
        }
        fprintf(f, "send   %s  %s\n", ep, s->expr);
        if (s->v4 && i == d->step && (d->rule == MM_R_V4ACK_PRESENT || d->rule == MM_R_V4ACK_HOME_LINK)) {
            /* what the divergence was about: the acknowledgement */
            unsigned t = (x->o->timeout_ms + 999) / 1000;
            if (d->rule == MM_R_V4ACK_PRESENT) {
                fprintf(f, "expect %s %us  ba / ipv4ack\n", ep, t);
            } else if (rc->ba.v4ack_status) { /* PICS ipv4-hoa-static: the address asked for, granted */
                fprintf(f, "expect %s %us  ba / ipv4ack status=0 addr=%s plen=%d\n", ep, t, x->v4hoa[s->v4 - 1],
                        x->v4plen);
            } else {
                char got[20];
                if (!inet_ntop(AF_INET, rc->ba.v4ack_addr, got, sizeof got))
                    snprintf(got, sizeof got, "0.0.0.0");
                fprintf(f, "expect-none %s %us  ba / ipv4ack status=0 addr=%s plen=%u\n", ep, t, got,
                        rc->ba.v4ack_plen);
            }
            if (r)
                fprintf(f, "       why \"%s\"\n", r->how);
            continue;
        }
        if (s->offhome) {
            fprintf(f, "expect-none %s %us  ba status=%d\n", ep, (x->o->timeout_ms + 999) / 1000,
                    s->offhome == 3 ? 132 : 0);
        } else if (!s->barrier) {
            ba_pattern(rc, pin_home_at(rc, i, d), pat, sizeof pat);
            fprintf(f, "expect %s %us  %s\n", ep, (x->o->timeout_ms + 999) / 1000, pat);
            if (s->brr && i == d->step && (d->rule == MM_R_BRR_DUE || d->rule == MM_R_BRR_BID))
                fprintf(f, "expect %s %us  ipv6 src=%s dst=%s / brr / bid %d\n", ep,
                        (X_BRR_MS + x->o->timeout_ms + 999) / 1000, x->ha, x->coa[s->ep], X_BRR_BID);
        } else {
            /* an answer the model forbids: none may come before the barrier's */
            int sure = rc->e.silent;
            if (!sure && !rc->bu.A && rc->e.whole_rule < 0 && !rc->e.seq_uncertain) {
                sure = 1;
                for (int k = 0; k < rc->bu.nbid; k++)
                    sure &= mm_st_has(&rc->e.bid_ok[k], 0) && single(&rc->e.bid_ok[k]) == 0;
            }
            if (i == d->step && d->kind == XD_ANSWER && rc->answered && strncmp(d->expected, "(the barrier", 12)) {
                /* the divergence was in the answer to this BU: what it must be */
                ba_pattern(rc, pin_home_at(rc, i, d), pat, sizeof pat);
                fprintf(f, "expect %s %us  %s\n", ep, (x->o->timeout_ms + 999) / 1000, pat);
                if (r)
                    fprintf(f, "       why \"%s\"\n", r->how);
            } else if (rc->e.must_answer && !rc->e.silent) {
                /* a BA the model requires although A is clear (a home
                 * registration: RFC 6275 10.3.1), before the barrier's */
                ba_pattern(rc, pin_home_at(rc, i, d), pat, sizeof pat);
                fprintf(f, "expect %s %us  %s\n", ep, (x->o->timeout_ms + 999) / 1000, pat);
                if (i == d->step && r)
                    fprintf(f, "       why \"%s\"\n", r->how);
            } else if (sure)
                fprintf(f, "expect-none %s 200ms  ba seq=%u\n", ep, rc->bu.seq);
            barrier_expr(x, s, text, sizeof text);
            fprintf(f, "send   %s  %s\n", ep, text);
            fprintf(f, "expect %s %us  ba status=0 seq=%u\n", ep, (x->o->timeout_ms + 999) / 1000, s->bseq);
        }
        if (i == d->step && d->kind == XD_ANSWER && r && !data_rule(d) &&
            !(s->barrier && rc->answered && strncmp(d->expected, "(the barrier", 12)) &&
            !(s->barrier && rc->e.must_answer && !rc->e.silent)) /* said above */
            fprintf(f, "       why \"%s\"\n", r->how);
    }
    /* the binding state the model knows after the conversation */
    const mm_state *st = &x->st;
    int known = st->all_known && st->nonmcoa != MM_UNKNOWN;
    for (int i = 0; i < st->nb; i++)
        known &= st->b[i].know != MM_UNKNOWN;
    if (known) {
        fprintf(f, "state  bindings %s %d\n", x->hoa, mm_state_count(st) + (st->nonmcoa == MM_PRESENT));
        for (int i = 0; i < st->nb; i++)
            if (st->b[i].know == MM_PRESENT && st->b[i].coa_known) {
                addr_text(&st->b[i].coa, text, sizeof text);
                fprintf(f, "state  binding %s %u coa=%s\n", x->hoa, st->b[i].bid, text);
            }
    }
    fclose(f);
}

/* The .tc names the PIXIT's addresses as the test cases do ($HA, $HOA,
 * $COA1 ...), so that it runs against an IUT whose PIXIT gives others: an
 * address token equal to the value of an upper-case PIXIT key becomes
 * $KEY (the longest value first; comments stay as written). */
static int addr_char(int c) { return isxdigit(c) || c == ':' || c == '.'; }
static void tc_use_pixit_names(const char *path, const pixit *px)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    static char in[64 * 1024], out[96 * 1024];
    size_t len = fread(in, 1, sizeof in - 1, f);
    fclose(f);
    in[len] = 0;
    size_t o = 0;
    int comment = 0, bol = 1;
    for (size_t i = 0; i < len && o + 64 < sizeof out;) {
        if (bol) {
            size_t j = i;
            while (in[j] == ' ' || in[j] == '\t')
                j++;
            comment = in[j] == '#';
        }
        bol = in[i] == '\n';
        int best = -1;
        size_t blen = 0;
        int c0 = i ? (unsigned char)in[i - 1] : ' ';
        if (!comment && !isalnum(c0) && c0 != ':' && c0 != '.' && c0 != '$' && c0 != '_')
            for (int k = 0; k < px->n; k++) {
                const char *key = px->key[k], *val = px->val[k];
                size_t vl = strlen(val);
                struct in6_addr a6;
                struct in_addr a4;
                if (!isupper((unsigned char)key[0]) || vl <= blen || strncmp(in + i, val, vl) ||
                    addr_char((unsigned char)in[i + vl]) ||
                    (inet_pton(AF_INET6, val, &a6) != 1 && inet_pton(AF_INET, val, &a4) != 1))
                    continue;
                best = k, blen = vl;
            }
        if (best >= 0) {
            o += (size_t)snprintf(out + o, sizeof out - o, "$%s", px->key[best]);
            i += blen;
        } else
            out[o++] = in[i++];
    }
    f = fopen(path, "w");
    if (!f)
        return;
    fwrite(out, 1, o, f);
    fclose(f);
}

/* Run the .tc through the runner against an IUT (the explore's own, or
 * the reference node without faults): its verdict. */
static mc_verdict run_tc(xctx *x, const char *path, const char *dir, int reference)
{
    static tc_case tc;
    static tc_result r;
    mc_err e = {0};
    tc_free(&tc);   /* the case run before */
    if (tc_parse_file(path, &tc, &e) < 0) {
        fprintf(stderr, "explore: %s\n", e.msg);
        return MC_VERDICT_ERROR;
    }
    run_opts ro = x->o->ro;
    if (reference) {
        ro.iut = IUT_REFERENCE;
        ro.iut_arg = NULL;
    }
    char id[16];
    snprintf(id, sizeof id, "t%05d", (int)(getpid() % 100000));
    tc_run(&tc, &ro, dir, id, reference ? NULL : x->o->faults, reference ? 0 : x->o->nfaults, &r);
    tc_world_down();
    if (r.verdict != MC_VERDICT_PASS)
        env_log(&x->v, "%s against %s: %s %s", path, reference ? "the reference" : "the IUT",
                mc_verdict_name(r.verdict), r.reason);
    return r.verdict;
}

/* ---- arguments -------------------------------------------------------------------- */
static void usage(FILE *f)
{
    fprintf(f, "usage: mcoa-conform explore --role ha|cn|mn [--seed N] [--steps N] [--out DIR] [--timeout MS]\n"
               "                            [--state-every N] [--shrink-runs N] [--shrink-time S] [--no-shrink] [--progress N] [-q]\n"
               "                            [--iut-cmd CMD | --iut-iface IF] [--pixit F] [--pics F] [--fault F]...\n"
               "                            [--configuration NAME] [--strict] (role mn)\n"
               "exit status: 0 no divergence, 1 a divergence (a .tc written to --out), 2 a setup error\n");
}

static int parse(int argc, char **argv, xopts *o)
{
    memset(o, 0, sizeof *o);
    o->seed = 1;
    o->steps = 1000;
    o->out = "explore-out";
    o->timeout_ms = 1000;
    o->state_every = 100;
    o->shrink_runs = 300;
    o->shrink_time = 600;
    o->progress = 1000;
    o->testcases = mc_path_testcases();
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
#define OPT(name) (!strcmp(a, name) && v && (++i, 1))
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (OPT("--role"))
            o->role = v;
        else if (OPT("--seed"))
            o->seed = strtoull(v, NULL, 0);
        else if (OPT("--steps"))
            o->steps = atol(v);
        else if (OPT("--out") || OPT("--output") || OPT("-o"))
            o->out = v;
        else if (OPT("--timeout"))
            o->timeout_ms = (unsigned)atoi(v);
        else if (OPT("--state-every"))
            o->state_every = atoi(v);
        else if (OPT("--shrink-runs"))
            o->shrink_runs = atoi(v);
        else if (OPT("--shrink-time"))
            o->shrink_time = atof(v);
        else if (!strcmp(a, "--no-shrink"))
            o->no_shrink = 1;
        else if (OPT("--progress"))
            o->progress = atol(v);
        else if (!strcmp(a, "-q") || !strcmp(a, "--quiet"))
            o->quiet = 1;
        else if (OPT("--pixit"))
            o->pixit_path = v;
        else if (OPT("--pics"))
            o->pics_path = v;
        else if (OPT("--testcases"))
            o->testcases = v;
        else if (OPT("--iut-cmd")) {
            o->ro.iut = IUT_CMD;
            o->ro.iut_arg = v;
        } else if (OPT("--iut-iface")) {
            o->ro.iut = IUT_IFACE;
            o->ro.iut_arg = v;
        } else if (!strcmp(a, "--strict"))
            o->ro.strict = 1;
        else if (OPT("--configuration"))
            o->configuration = v;
        else if (OPT("--fault") && o->nfaults < 16)
            o->faults[o->nfaults++] = v;
        else {
            fprintf(stderr, "mcoa-conform explore: unknown option or missing value: %s\n", a);
            usage(stderr);
            return 2;
        }
#undef OPT
    }
    if (!o->role) {
        fprintf(stderr, "mcoa-conform explore: --role ha, cn or mn is needed\n");
        return 2;
    }
    if (strcmp(o->role, "ha") && strcmp(o->role, "cn") && strcmp(o->role, "mn")) {
        fprintf(stderr, "mcoa-conform explore: --role %s is not explored (ha, cn and mn are; harness/EXPLORE.md)\n",
                o->role);
        return 2;
    }
    if (o->steps < 1 || o->timeout_ms < 10 || o->timeout_ms > 60000) {
        fprintf(stderr, "mcoa-conform explore: --steps at least 1, --timeout 10 to 60000 ms\n");
        return 2;
    }
    return -1;
}

static int mkdirs(const char *p)
{
    char b[PATH_MAX];
    snprintf(b, sizeof b, "%s", p);
    for (char *s = b + 1; *s; s++)
        if (*s == '/') {
            *s = 0;
            mkdir(b, 0755);
            *s = '/';
        }
    return mkdir(b, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

/* ---- configurations (roles ha, cn) ------------------------------------------ */
/* The named configurations (harness/IUT.md) explore puts the IUT in, with
 * the role and the PICS item each needs. */
#define N_CONFIGS 7
static const struct {
    const char *role, *name, *pics;
} g_configs[N_CONFIGS] = {
    {"ha", "mcoa-prohibited", NULL},
    {"ha", "bulk-prohibited", "bulk"},
    {"ha", "simultaneous-prohibited", "simultaneous"},
    {"ha", "returnhome-wo-ndp", "returnhome-wo-ndp"},
    {"ha", "returnhome-with-ndp", NULL},
    {"ha", "brr-before-expiry", NULL},
    {"cn", "short-nonce-lifetime", NULL},
};

/* A part of the conversation and the configuration the IUT runs it in. */
typedef struct xseg {
    const char *conf;       /* "" the default one */
    long start, n;
} xseg;

/* What the model knows of the home agent in configuration `conf`: its PICS
 * claims, less what the configuration prohibits (mm_claims). */
static void set_claims(xctx *x, const pixit *pics, const char *conf)
{
    mm_claims *c = &x->claims;
    memset(c, 0, sizeof *c);
    c->known = 1;
    c->mcoa = strcmp(conf, "mcoa-prohibited") != 0;
    c->bulk = pics_has(pics, "bulk") && strcmp(conf, "bulk-prohibited");
    c->simultaneous = pics_has(pics, "simultaneous") && strcmp(conf, "simultaneous-prohibited");
    c->home_status = (int8_t)(!strcmp(conf, "returnhome-wo-ndp") ? 5 : !strcmp(conf, "returnhome-with-ndp") ? 0 : -1);
    x->short_nonce = !strcmp(conf, "short-nonce-lifetime");
    x->brr_conf = !strcmp(conf, "brr-before-expiry");
}
static int reachable(const xctx *x, const char *name)
{
    char key[96];
    const pixit *px = x->v.px;
    if (x->o->ro.iut == IUT_REFERENCE) {
        snprintf(key, sizeof key, "ref.%s.configuration.%s", x->o->role, name);
        return pixit_get(px, key) != NULL;
    }
    snprintf(key, sizeof key, "iut-cmd.%s", name);
    return (x->o->ro.iut == IUT_CMD && pixit_get(px, key)) || pixit_get(px, "action.configure");
}

/* The parts of a run: --configuration's alone; else the default
 * configuration, and for role ha with 200 steps or more, the last 5 % of
 * the steps each in one named configuration the IUT claims and can be put
 * in (the table's order).  -1 (said) when --configuration cannot be. */
static int plan_segments(xctx *x, const pixit *pics, xseg *seg)
{
    const char *conf = x->o->configuration;
    long steps = x->o->steps;
    if (conf) {
        int k = 0;
        while (k < N_CONFIGS && (strcmp(conf, g_configs[k].name) || strcmp(x->o->role, g_configs[k].role)))
            k++;
        if (k == N_CONFIGS) {
            fprintf(stderr, "mcoa-conform explore: --configuration %s: role %s explores %s\n", conf, x->o->role,
                    x->cn ? "short-nonce-lifetime"
                          : "mcoa-prohibited, bulk-prohibited, simultaneous-prohibited, returnhome-wo-ndp, "
                            "returnhome-with-ndp or brr-before-expiry");
            return -1;
        }
        if (g_configs[k].pics && !pics_has(pics, g_configs[k].pics)) {
            fprintf(stderr, "mcoa-conform explore: --configuration %s: the IUT does not claim PICS %s\n", conf,
                    g_configs[k].pics);
            return -1;
        }
        if (!reachable(x, conf)) {
            fprintf(stderr, "mcoa-conform explore: --configuration %s: the PIXIT gives no way to put the IUT in it "
                            "(iut-cmd.%s or action.configure, harness/IUT.md)\n", conf, conf);
            return -1;
        }
        seg[0] = (xseg){conf, 0, steps};
        return 1;
    }
    seg[0] = (xseg){"", 0, steps};
    if (steps < 200)
        return 1;
    int n = 1;
    long share = steps / 20;
    for (int k = 0; k < N_CONFIGS; k++) {
        const char *name = g_configs[k].name;
        if (strcmp(x->o->role, g_configs[k].role) || (g_configs[k].pics && !pics_has(pics, g_configs[k].pics)))
            continue;
        if (!reachable(x, name)) {
            env_log(&x->v, "configuration %s not explored: the PIXIT gives no way to put the IUT in it", name);
            if (!x->o->quiet)
                printf("explore: configuration %s not explored: the PIXIT has neither iut-cmd.%s nor "
                       "action.configure\n", name, name);
            continue;
        }
        seg[n++] = (xseg){name, 0, share};
    }
    seg[0].n = steps - (n - 1) * share;
    for (int k = 1; k < n; k++)
        seg[k].start = seg[k - 1].start + seg[k - 1].n;
    return n;
}

int mc_explore_main(int argc, char **argv)
{
    static xopts o;
    static pixit px, pics;
    static xctx x;
    int rc = parse(argc, argv, &o);
    if (rc >= 0)
        return rc;
    setvbuf(stdout, NULL, _IOLBF, 0);
    mc_err e = {0};
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/pixit/reference.pixit", o.testcases);
    if (pixit_load(o.pixit_path ? o.pixit_path : path, &px, &e) < 0) {
        fprintf(stderr, "mcoa-conform explore: PIXIT: %s\n", e.msg);
        return 2;
    }
    snprintf(path, sizeof path, "%s/pixit/reference.pics", o.testcases);
    if (pixit_load(o.pics_path ? o.pics_path : path, &pics, &e) < 0) {
        fprintf(stderr, "mcoa-conform explore: PICS: %s\n", e.msg);
        return 2;
    }
    if (o.ro.iut == IUT_REFERENCE && pixit_get(&px, "iut-cmd"))
        o.ro.iut = IUT_CMD, o.ro.iut_arg = pixit_get(&px, "iut-cmd");
    else if (o.ro.iut == IUT_REFERENCE && pixit_get(&px, "iut-iface"))
        o.ro.iut = IUT_IFACE, o.ro.iut_arg = pixit_get(&px, "iut-iface");
    if (o.nfaults && o.ro.iut != IUT_REFERENCE) {
        fprintf(stderr, "mcoa-conform explore: --fault is for the reference node\n");
        return 2;
    }
    if (!pics_has(&pics, "mcoa") || (!strcmp(o.role, "cn") && !pics_has(&pics, "route-optimization"))) {
        fprintf(stderr, "mcoa-conform explore: the IUT does not claim PICS mcoa%s\n",
                strcmp(o.role, "cn") ? "" : " and route-optimization");
        return 2;
    }
    const char *bei = pixit_get(&px, "be-interval");
    x.be_interval = (bei ? atof(bei) : 1000.0) / 1000.0;
    x.be_last = -1e9;
    x.dataplane = !strcmp(o.role, "ha") && pics_has(&pics, "data-plane");
    /* the reference node has the action built in; another IUT names it */
    x.ro = !strcmp(o.role, "cn") && pics_has(&pics, "data-plane") &&
           (o.ro.iut == IUT_REFERENCE || pixit_get(&px, "action.send-udp"));
    if (!strcmp(o.role, "ha") && pics_has(&pics, "ipv4-hoa")) {
        v4hoa_addrs(&x, pixit_get(&px, "HPREFIX4"));
        x.v4static = pics_has(&pics, "ipv4-hoa-static");
    }
    if (geteuid() != 0) {
        fprintf(stderr, "mcoa-conform explore: must run as root (network namespaces)\n");
        return 2;
    }
    snprintf(o.ro.bindir, sizeof o.ro.bindir, "%s", mc_path_bindir());
    snprintf(o.ro.netns_tool, sizeof o.ro.netns_tool, "%s", mc_path_netns_tool());
    snprintf(o.ro.topodir, sizeof o.ro.topodir, "%s", mc_path_topodir());
    o.ro.px = &px;
    o.ro.pics = &pics;
    if (mkdirs(o.out) < 0) {
        fprintf(stderr, "mcoa-conform explore: %s: %s\n", o.out, strerror(errno));
        return 2;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sig;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    x.o = &o;
    x.cn = !strcmp(o.role, "cn");
    x.vars = px;
    snprintf(x.cnaddr, sizeof x.cnaddr, "%s", var(&px, "CN", "2001:db8:c::1"));
    if (inet_pton(AF_INET6, x.cnaddr, x.cn_a) != 1) {
        fprintf(stderr, "mcoa-conform explore: PIXIT CN is not an IPv6 address\n");
        return 2;
    }
    snprintf(x.ha, sizeof x.ha, "%s", var(&px, "HA", "2001:db8:1::1"));
    snprintf(x.hoa, sizeof x.hoa, "%s", var(&px, "HOA", "2001:db8:1::100"));
    snprintf(x.hoab, sizeof x.hoab, "%s", var(&px, "HOA2", "2001:db8:1::200"));
    snprintf(x.coa[0], sizeof x.coa[0], "%s", var(&px, "COA1", "2001:db8:f1::10"));
    snprintf(x.coa[1], sizeof x.coa[1], "%s", var(&px, "COA2", "2001:db8:f2::10"));
    snprintf(x.coa[2], sizeof x.coa[2], "%s", var(&px, "COA3", "2001:db8:f3::10"));
    if (strcmp(o.role, "ha") == 0)
        offhome_addrs(&x, pixit_get(&px, "HPREFIX"));
    if (inet_pton(AF_INET6, x.hoa, x.hoa_a.a) != 1 || inet_pton(AF_INET6, x.hoab, x.hoab_a.a) != 1) {
        fprintf(stderr, "mcoa-conform explore: PIXIT HOA / HOA2 are not IPv6 addresses\n");
        return 2;
    }
    env *v = &x.v;
    snprintf(v->id, sizeof v->id, "x%05d", (int)(getpid() % 100000));
    char tkey[32];
    snprintf(tkey, sizeof tkey, "topology.%s", o.role);
    snprintf(v->topo, sizeof v->topo, "%.400s/%.32s.topo", o.ro.topodir, var(&px, tkey, "triad"));
    snprintf(v->netns_tool, sizeof v->netns_tool, "%s", o.ro.netns_tool);
    snprintf(v->bindir, sizeof v->bindir, "%s", o.ro.bindir);
    snprintf(v->dir, sizeof v->dir, "%s/run", o.out);
    mkdirs(v->dir);
    snprintf(v->role, sizeof v->role, "%s", o.role);
    snprintf(v->test, sizeof v->test, "explore");
    v->px = &px;
    v->iut = o.ro.iut;
    v->iut_arg = o.ro.iut_arg;
    snprintf(path, sizeof path, "%s/explore.log", o.out);
    v->log = fopen(path, "w");
    env_log(v, "explore --role %s --seed %llu --steps %ld; IUT %s%s%s", o.role, (unsigned long long)o.seed, o.steps,
            o.ro.iut == IUT_REFERENCE ? "reference node" : o.ro.iut_arg, o.nfaults ? ", fault " : "",
            o.nfaults ? o.faults[0] : "");
    x.have_state = env_have_management(v);
    if (!strcmp(o.role, "mn")) { /* the tester plays the home agent: explore_mn.c */
        mc_xmn_opts mo = {o.seed,     o.steps,    o.out,      o.timeout_ms, o.shrink_runs, o.shrink_time,   o.no_shrink,
                          o.quiet,    o.ro.strict, o.progress, o.faults,    o.nfaults,     o.configuration, &o.ro};
        int mrc = mc_explore_mn(v, &px, &pics, &mo, &g_stop);
        env_end_test(v);
        env_down(v);
        if (v->log)
            fclose(v->log);
        return g_stop && mrc == 0 ? 2 : mrc;
    }

    /* the conversation, from the seed alone */
    xstep *all = calloc((size_t)o.steps, sizeof *all);
    if (!all) {
        fprintf(stderr, "mcoa-conform explore: out of memory for %ld steps\n", o.steps);
        return 2;
    }
    g_rs = o.seed;
    xgen g = {.hi = (uint16_t)rn(65536), .bseq = (uint16_t)rn(65536)};
    for (long i = 0; i < o.steps; i++) {
        if (x.cn)
            gen_step_cn(&x, &g, &all[i]);
        else
            gen_step(&x, &g, &all[i]);
    }
    if (x.noff) {
        /* 2 % of the steps, from a stream of their own (the others stay
         * what the seed gave before): a home address off the prefix */
        g_rs = o.seed ^ 0x6f66662d686f6d65ull;
        for (long i = 1; i < o.steps; i++)
            if (rn(100) < 2)
                gen_offhome(&x, &all[i]);
    }
    {
        /* 6 % of the steps (not those off the home prefix), from a stream
         * of their own: a packet with a Home Address option first */
        g_rs = o.seed ^ 0x646174612d68616full;
        for (long i = 0; i < o.steps; i++)
            if (rn(100) < 6 && !all[i].offhome)
                all[i].data = 1;
    }
    if (x.dataplane) {
        /* 5 % of the steps (not off the home prefix), a stream of their
         * own: a packet reverse-tunnelled to $CN first */
        g_rs = o.seed ^ 0x7265762d74756e6eull;
        for (long i = 0; i < o.steps; i++)
            if (rn(100) < 5 && !all[i].offhome)
                all[i].rtun = 1;
    }
    if (x.dataplane) {
        /* 5 % of the steps, a stream of their own: a packet from $CN to
         * the home address first */
        g_rs = o.seed ^ 0x66776400646174ull;
        for (long i = 0; i < o.steps; i++)
            if (rn(100) < 5)
                all[i].fwd = 1;
    }
    if (x.ro) {
        /* 5 % of the steps, a stream of their own: the correspondent is
         * asked to send to the home address first */
        g_rs = o.seed ^ 0x726f2d73656e64ull;
        for (long i = 0; i < o.steps; i++)
            if (rn(100) < 5)
                all[i].ro = 1;
    }
    if (x.nv4) {
        /* 8 % of the other steps, from a stream of their own: the BU asks
         * for an IPv4 home address too */
        g_rs = o.seed ^ 0x697076342d686f61ull;
        for (long i = 0; i < o.steps; i++)
            if (rn(100) < 8 && !all[i].offhome)
                add_v4hoa(&x, &all[i]);
    }
    snprintf(path, sizeof path, "%s/conversation.txt", o.out);
    FILE *cf = fopen(path, "w");
    for (long i = 0; cf && i < o.steps; i++)
        fprintf(cf, "%ld %s %s%s%s%s\n", i + 1, g_epname[all[i].ep], all[i].expr, all[i].barrier ? " (+ barrier)" : "",
                all[i].data ? " (after a packet with a Home Address option)" : all[i].rtun ? " (after a reverse-tunnelled packet)" : "",
                all[i].fwd ? " (after a packet from cn.c0 to the home address)" :
                all[i].ro ? " (after the correspondent is asked to send to the home address)" : "");
    if (cf)
        fclose(cf);

    int exit_rc = 0;
    xseg seg[1 + N_CONFIGS];
    int nseg = plan_segments(&x, &pics, seg);
    if (nseg < 0) {
        exit_rc = 2;
        goto done;
    }
    xdiv d;
    memset(&d, 0, sizeof d);
    double t0 = now_s();
    long ran = 0;
    const xstep *base = all; /* the divergent segment's first step */
    rc = 0;
    for (int k = 0; k < nseg && !rc; k++) {
        /* each configuration from a fresh IUT put in it, the model told */
        snprintf(v->configuration, sizeof v->configuration, "%s", seg[k].conf);
        set_claims(&x, &pics, seg[k].conf);
        if (nseg > 1)
            env_log(v, "configuration %s: steps %ld to %ld", seg[k].conf[0] ? seg[k].conf : "(default)",
                    seg[k].start + 1, seg[k].start + seg[k].n);
        if (iut_fresh(&x, &e) < 0) {
            fprintf(stderr, "mcoa-conform explore: setup%s%s: %s\n", seg[k].conf[0] ? ", configuration " : "",
                    seg[k].conf, e.msg);
            exit_rc = 2;
            goto done;
        }
        base = all + seg[k].start;
        if (!strcmp(seg[k].conf, "short-nonce-lifetime")) /* one BU with nonces past their lifetime */
            stale_step(&x, &all[seg[k].start + seg[k].n / 2], newest_seq(all + seg[k].start, seg[k].n / 2) + 1);
        if (!strcmp(seg[k].conf, "brr-before-expiry")) /* one registration of a lifetime unit, then its BRR */
            brr_step(&x, &all[seg[k].start + seg[k].n / 2], newest_seq(all + seg[k].start, seg[k].n / 2) + 1);
        rc = converse(&x, base, NULL, seg[k].n, &d, NULL, !o.quiet, &e);
        ran += rc == 1 ? d.step + 1 : rc == 0 ? seg[k].n : 0;
    }
    double dt = now_s() - t0;
    if (rc < 0) {
        fprintf(stderr, "mcoa-conform explore: %s\n", e.msg);
        exit_rc = 2;
        goto done;
    }
    if (!o.quiet || rc) {
        printf("explore: %ld step(s) in %.2f s (%.0f steps/s), seed %llu: %s\n", ran, dt, ran / (dt > 0 ? dt : 1),
               (unsigned long long)o.seed, rc ? "DIVERGENCE" : "no divergence");
        if (nseg > 1 && !rc) {
            printf("  configurations:");
            for (int k = 0; k < nseg; k++)
                printf("%s %s %ld", k ? "," : "", seg[k].conf[0] ? seg[k].conf : "default", seg[k].n);
            printf(" steps\n");
        }
    }
    if (!rc)
        goto done;
    exit_rc = 1;
    const mm_rule *rule = d.rule >= 0 ? &mm_rules[d.rule] : NULL;
    printf("  step %ld%s%s%s: %s%s%s%s\n    expected: %s\n    seen:     %s\n", (long)(base - all) + d.step + 1,
           v->configuration[0] ? " (configuration " : "", v->configuration, v->configuration[0] ? ")" : "",
           d.kind == XD_EXITED ? "the IUT exited; " : d.kind == XD_NO_ANSWER ? "no answer; " : d.kind == XD_STATE ? "binding state; " : "",
           rule ? rule->name : "", rule ? " " : "", rule ? rule->clause : "", d.expected, d.seen);
    if (x.rr_bad) { /* before any BU: nothing to shrink */
        printf("    in the return routability after the IUT's start, before the first BU: not shrunk\n");
        goto done;
    }
    printf("    BU: %s %s\n", g_epname[base[d.step].ep], base[d.step].expr);
    if (o.no_shrink)
        goto done;

    /* shrink */
    int n = d.step + 1;
    int *list = malloc(sizeof *list * (size_t)n);
    for (int i = 0; i < n; i++)
        list[i] = i;
    shrinker k = {&x, base, &d, 0, o.shrink_runs, 0, now_s() + o.shrink_time};
    x.check_state_each = d.kind == XD_STATE;
    double s0 = now_s();
    /* an IUT that died or fell silent may have done so from its own
     * clock: first see whether the whole conversation does it again */
    if ((d.kind == XD_EXITED || d.kind == XD_NO_ANSWER) && n > 1 && !reproduces(&k, list, n)) {
        printf("  a fresh IUT given the same %d steps does not diverge again: not shrunk (time-dependent?)\n", n);
        free(list);
        goto done;
    }
    /* the last step alone first: most divergences need little before them */
    if (n > 1 && reproduces(&k, &list[n - 1], 1)) {
        list[0] = list[n - 1];
        n = 1;
    }
    ddmin(&k, list, &n);
    int maxn = x.cn ? 10 : 12; /* what a .tc holds (TC_MAX_STEPS lines of steps) */
    if (n > maxn) {
        printf("  shrunk to %d steps: too long for a .tc (%d BUs at most); %s\n", n, maxn,
               k.runs >= k.budget ? "--shrink-runs was reached" : "not shrinkable further");
        free(list);
        goto done;
    }
    /* then inside the steps: fewer flags and BID options */
    xstep *work = calloc((size_t)n, sizeof *work);
    for (int i = 0; i < n; i++) {
        work[i] = base[list[i]];
        list[i] = i;
    }
    int edits = simplify(&k, work, list, n);
    /* the minimal conversation once more, recorded */
    xrec *recs = calloc((size_t)n, sizeof *recs);
    xdiv d2;
    memset(&d2, 0, sizeof d2);
    int again = iut_fresh(&x, &e) == 0 ? converse(&x, work, list, n, &d2, recs, 0, &e) : -1;
    printf("  shrunk to %d step(s) (%d flag(s) and BID option(s) dropped) in %d replays, %.1f s%s\n", n, edits,
           k.runs, now_s() - s0,
           again == 1 ? "" : " (the last replay did not diverge: flaky)");
    if (again == 1) {
        /* the model's state after the divergent step's predecessors,
         * then the step as expected: write what the model allows */
        char id[64], tcpath[PATH_MAX + 64], dir[PATH_MAX + 64];
        snprintf(id, sizeof id, "explore-%s-%s-s%llu", o.role, d2.rule >= 0 ? mm_rules[d2.rule].name : "state",
                 (unsigned long long)o.seed);
        snprintf(tcpath, sizeof tcpath, "%s/%s.tc", o.out, id);
        /* state lines only where the model knows the state: after a
         * state divergence (every answer before it was allowed), or after
         * a BU the RFC has rejected as a whole (nothing changes: the
         * state before it, which the pattern alone may not pin down when
         * the RFC lets a single option's status be in the BA or in it) */
        if (d2.kind == XD_ANSWER) {
            const xrec *r = &recs[d2.step];
            int rejected = r->bu.nbid > 0 && !r->e.silent;
            if (r->e.whole_rule >= 0)
                for (int v = 0; v < 128; v++)
                    rejected &= !mm_st_has(&r->e.whole, v);
            else
                for (int i = 0; i < r->bu.nbid; i++)
                    rejected &= !mm_st_has(&r->e.bid_ok[i], 0) && !mm_st_has(&r->e.bid_ok[i], 5);
            mm_state_init(&x.st, 1);
            for (int i = 0; i < d2.step; i++)
                mm_apply(&x.st, &recs[i].bu, &recs[i].e, recs[i].answered ? &recs[i].ba : NULL, 0);
            if (!rejected)
                x.st.all_known = 0;
        } else if (d2.kind != XD_STATE)
            x.st.all_known = 0;
        write_tc(&x, tcpath, id, work, list, d2.step + 1, recs, &d2, o.steps);
        tc_use_pixit_names(tcpath, &px);
        printf("  wrote %s\n", tcpath);
        env_end_test(v);
        env_down(v);
        snprintf(dir, sizeof dir, "%s/check-iut", o.out);
        mc_verdict vi = run_tc(&x, tcpath, dir, 0);
        snprintf(dir, sizeof dir, "%s/check-reference", o.out);
        mc_verdict vr = o.ro.iut == IUT_REFERENCE && !o.nfaults ? vi : run_tc(&x, tcpath, dir, 1);
        printf("  %s: %s against this IUT, %s against the reference node\n", id, mc_verdict_name(vi),
               mc_verdict_name(vr));
    }
    free(recs);
    free(list);
    free(work);
done:
    env_end_test(v);
    env_down(v);
    if (v->log)
        fclose(v->log);
    free(all);
    if (g_stop && exit_rc == 0)
        exit_rc = 2;
    return exit_rc;
}
