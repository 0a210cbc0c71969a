/*
 * explore_mn.c - `mcoa-conform explore --role mn` (issue 17; explore_mn.h,
 * harness/EXPLORE.md "Role mn").
 *
 * The tester plays the home agent on ha.home0.  Each step is a command to
 * the mobile node through the contract's actions (harness/conform/
 * contract.c: register, deregister, return-home, leave-home, coa-down,
 * coa-up) or none; then every Binding Update the mobile node sends is
 * read, judged and answered at random (accepted, per-BID statuses, 165,
 * 166, 167, 168, a BA without BID options, BID options reordered, a wrong
 * sequence number, no BA).  The judge is the RFC model (harness/model/,
 * written from the RFCs, never the reference nodes): the follower with its
 * mobile-node rules, fed the BUs seen and the BAs sent, and three rules
 * only a tester that knows the command can decide (mn-dereg-one-bid,
 * mn-return-home-dereg-all, mn-ba-seq-mismatch-discarded).
 *
 * The commands and the answers' draws come from the seed alone
 * (splitmix64).  The conversation runs in episodes of EPISODE steps, each
 * from a fresh IUT: what a mobile node learns for good (166, a BA without
 * BID option) lasts an episode, and a divergence is shrunk (ddmin over the
 * steps of its episode, each candidate replayed from a fresh IUT) and
 * written as a .tc.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "explore_mn.h"
#include "mcoa_model.h"
#include "pixit.h"
#include "run.h"

#define EPISODE 100       /* steps from one IUT start */
#define QUIET_MS 25       /* no BU for this long after the last one: the step's BUs are all there */
#define RETX_MS 2500      /* a BU whose BA was lost or discarded is sent again within this (RFC 6275 11.8) */
#define MAX_BU_STEP 24    /* BUs answered in one step; more wait for the next */
#define MAX_OUT 16        /* outstanding BUs remembered */
#define BATCH_MS 3        /* BUs this close together were sent before our answer to the first could count */

/* ---- seeded randomness: splitmix64 ------------------------------------------ */
static uint64_t sm_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
static unsigned sm_rn(uint64_t *s, unsigned n) { return n ? (unsigned)(sm_next(s) % n) : 0; }

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the conversation ---------------------------------------------------------- */
enum { C_NONE, C_REG_ALL, C_REG, C_DEREG_ALL, C_DEREG, C_HOME, C_LEAVE, C_DOWN, C_UP };
static const char *const g_cmd[] = {"", "register all", "register", "deregister all", "deregister", "return-home",
                                    "leave-home", "coa-down", "coa-up"};

typedef struct mstep {
    uint8_t cmd, ifx;       /* C_*, the interface (0..2) of C_REG, C_DEREG, C_DOWN, C_UP */
    uint64_t aseed;         /* the answers' draws */
} mstep;

/* The commands: drawn from the seed and the situation they make (at home,
 * interfaces up), never from the IUT's answers. */
static void gen(uint64_t seed, int complete, mstep *all, long n)
{
    uint64_t s = seed ^ 0x6d6e6d6e6d6e6d6eull;
    int home = 0, up[3] = {1, 1, 1};
    for (long i = 0; i < n; i++) {
        mstep *m = &all[i];
        memset(m, 0, sizeof *m);
        m->aseed = sm_next(&s);
        if (i % EPISODE == 0) { /* a fresh IUT: away, every interface up, first a registration */
            home = 0;
            up[0] = up[1] = up[2] = 1;
            m->cmd = C_REG_ALL;
            continue;
        }
        int nup = up[0] + up[1] + up[2];
        unsigned r = sm_rn(&s, 100);
        int k = (int)sm_rn(&s, 3);
        if (home) {
            /* at home: leave now and then; in return-home-complete nothing is registered at home */
            if (r < 25 && nup)
                m->cmd = C_LEAVE, home = 0;
            else if (!complete && r < 40)
                m->cmd = C_REG_ALL;
            else if (!complete && r < 48 && up[k])
                m->cmd = C_REG, m->ifx = (uint8_t)k;
            continue;
        }
        if (r < 40)
            m->cmd = C_NONE;
        else if (r < 52)
            m->cmd = C_REG_ALL;
        else if (r < 66 && up[k])
            m->cmd = C_REG, m->ifx = (uint8_t)k;
        else if (r < 74)
            m->cmd = C_DEREG, m->ifx = (uint8_t)k;
        else if (r < 77)
            m->cmd = C_DEREG_ALL;
        else if (r < 83)
            m->cmd = C_HOME, home = 1;
        else if (r < 90 && up[k] && nup > 1)
            m->cmd = C_DOWN, m->ifx = (uint8_t)k, up[k] = 0;
        else if (!up[k])
            m->cmd = C_UP, m->ifx = (uint8_t)k, up[k] = 1;
    }
}

/* ---- a run ------------------------------------------------------------------------- */
enum { MD_RULE = 1, MD_NO_BU, MD_EXITED, MD_SETUP };
typedef struct mdiv {
    int kind;               /* MD_* */
    int step;               /* index in the replayed list */
    int rule;               /* enum mm_rule_id, -1 none */
    int ev;                 /* the event (the BU) it was seen at, -1 none */
    char expected[300], seen[420];
} mdiv;

/* What a replay records, for the .tc. */
enum { EV_CMD = 1, EV_BU, EV_BA };
typedef struct mev {
    uint8_t kind;
    int step;
    int n;                  /* EV_BU: its number (capture S<n>); EV_BA: the BU's */
    uint16_t seqadd;        /* EV_BA: the BA's number is the BU's plus this (a wrong one), 0 the BU's */
    uint8_t after_wait;     /* EV_BU: came in a wait for a retransmission */
    uint8_t has_lla, lla_code;
    mm_bu bu;
    char text[720];         /* EV_CMD: the command; EV_BA: the BA, its seq as sent */
} mev;

typedef struct mout {
    uint16_t seq;
    mm_bu bu;
} mout;

typedef struct mctx {
    env *v;
    const pixit *px;
    const mc_xmn_opts *o;
    volatile sig_atomic_t *stop;
    char ha[64], hoa[64], coa[3][64], ifname[3][16], config[48];
    int complete;
    env_ep *ep;
    mm_follow *fw;
    uint64_t frameno;
    double t0;
    /* what this IUT start told us */
    int bid_of[3];          /* the BID the MN gave COA1..3, -1 not seen */
    uint16_t regd[32];      /* BIDs a BA of ours accepted (lifetime > 0) */
    int nregd;
    mout out[MAX_OUT];      /* BUs sent, not validly answered */
    int nout;
    /* the follower's first finding for the BU being judged */
    int nfind;
    mm_report find;
    /* recording */
    mev *ev;
    int nev, evcap, nbu;
    int recording;
} mctx;

static void on_report(void *c, const mm_report *r)
{
    mctx *x = c;
    if (!r->rule || strcmp(r->verdict, "finding") || r->role != MM_MN)
        return;
    /* a SHOULD leaves the MN free: judged with --strict only */
    if ((r->rule->level[0] == 'S' || r->rule->level[0] == 's') && !x->o->strict)
        return;
    if (!x->nfind++)
        x->find = *r;
}

static mev *ev_add(mctx *x, int kind, int step)
{
    if (!x->recording)
        return NULL;
    if (x->nev == x->evcap) {
        int cap = x->evcap ? x->evcap * 2 : 64;
        mev *n = realloc(x->ev, sizeof *n * (size_t)cap);
        if (!n)
            return NULL;
        x->ev = n;
        x->evcap = cap;
    }
    mev *e = &x->ev[x->nev++];
    memset(e, 0, sizeof *e);
    e->kind = (uint8_t)kind;
    e->step = step;
    return e;
}

static void div_set(mdiv *d, int kind, int step, int rule, int ev, const char *exp, const char *seen)
{
    d->kind = kind;
    d->step = step;
    d->rule = rule;
    d->ev = ev;
    snprintf(d->expected, sizeof d->expected, "%.299s", exp);
    snprintf(d->seen, sizeof d->seen, "%.419s", seen);
}

static int aeq(const mm_addr *a, const mm_addr *b)
{
    return a->v4 == b->v4 && !memcmp(a->a, b->a, a->v4 ? 4 : 16);
}

static void addr_text(const mm_addr *a, char *out, size_t cap)
{
    if (!inet_ntop(a->v4 ? AF_INET : AF_INET6, a->a, out, (socklen_t)cap))
        snprintf(out, cap, "?");
}

/* the same BU but for its sequence number: a retransmission (RFC 6275 11.8) */
static int bu_same(const mm_bu *a, const mm_bu *b)
{
    if (a->lifetime != b->lifetime || a->A != b->A || a->H != b->H || a->O != b->O || a->nbid != b->nbid ||
        a->from_home != b->from_home)
        return 0;
    for (int i = 0; i < a->nbid; i++) {
        const mm_bidopt *p = &a->bid[i], *q = &b->bid[i];
        if (p->bid != q->bid || p->hflag != q->hflag || p->has_coa != q->has_coa ||
            (p->has_coa && !aeq(&p->coa, &q->coa)))
            return 0;
    }
    return 1;
}

static int regd_has(const mctx *x, uint16_t bid)
{
    for (int i = 0; i < x->nregd; i++)
        if (x->regd[i] == bid)
            return 1;
    return 0;
}
static void regd_set(mctx *x, uint16_t bid, int on)
{
    for (int i = 0; i < x->nregd; i++)
        if (x->regd[i] == bid) {
            if (!on)
                x->regd[i] = x->regd[--x->nregd];
            return;
        }
    if (on && x->nregd < 32)
        x->regd[x->nregd++] = bid;
}

/* ---- the IUT ---------------------------------------------------------------------- */
static int iut_fresh(mctx *x, mc_err *e)
{
    env *v = x->v;
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
    if (rc == -2)
        return -1; /* e says which command exited 77 */
    if (rc < 0 || !(x->ep = env_endpoint(v, "ha.home0", e)))
        return -1;
    env_wait(v, x->ep, 0, NULL, NULL, NULL, e); /* nothing queued from before counts */
    if (x->fw)
        mm_follow_free(x->fw);
    mm_follow_opts fo;
    memset(&fo, 0, sizeof fo);
    fo.from_start = 1;
    fo.roles = MM_MN;
    fo.ba_timeout = 3600; /* the MN's answers are what is judged here, not the tester's */
    x->fw = mm_follow_new(&fo, on_report, x);
    x->frameno = 0;
    x->t0 = now_s();
    for (int i = 0; i < 3; i++)
        x->bid_of[i] = -1;
    x->nregd = x->nout = 0;
    x->nbu = 0;
    return x->fw ? 0 : -1;
}

/* ---- waiting for the MN's BUs ----------------------------------------------------------- */
typedef struct wctx {
    mctx *x;
    mm_msg m;
    int got;
    uint8_t has_lla, lla_code;
    int nfind;              /* the follower's findings on this BU, the first */
    mm_report find;
} wctx;

static int wmatch(void *c, const mc_dissection *d)
{
    wctx *w = c;
    mctx *x = w->x;
    if (!mm_read(d, &w->m) || w->m.kind != MM_MSG_BU)
        return 0;
    x->nfind = 0;
    mm_follow_frame(x->fw, d, ++x->frameno, now_s() - x->t0, -1);
    w->nfind = x->nfind;
    if (x->nfind)
        w->find = x->find;
    w->got = 1;
    w->has_lla = w->m.bu.has_lla;
    w->lla_code = w->m.bu.lla_code;
    return 1;
}

/* our BA, read by the follower too (what the MN must react to) */
static void feed_ba(mctx *x, const char *expr)
{
    static mc_pkt p;
    static uint8_t frame[MC_FRAME_MAX];
    static mc_dissection d;
    size_t n;
    mc_err e = {0};
    const char *ip = strstr(expr, "ipv6 ");
    if (!ip || mc_expr_parse(ip, &p, &e) < 0 || mc_build(&p, frame, sizeof frame, &n, &e) < 0)
        return;
    mc_dissect(frame, n, n, MC_LINKTYPE_RAW, &d);
    mm_follow_frame(x->fw, &d, ++x->frameno, now_s() - x->t0, -1);
}

/* Read the BUs there into batch[*nb..): the first within `first_ms`, the
 * others while they come within `more_ms` of each other.  -1 error. */
#define NBATCH 16
static int drain(mctx *x, wctx *batch, int *nb, unsigned first_ms, unsigned more_ms, mc_err *e)
{
    for (int k = 0; *nb < NBATCH; k++) {
        wctx *w = &batch[*nb];
        memset(w, 0, sizeof *w);
        w->x = x;
        int got = env_wait(x->v, x->ep, k ? more_ms : first_ms, wmatch, w, NULL, e);
        if (got < 0)
            return -1;
        if (!got)
            return 0;
        ++*nb;
    }
    return 0;
}

/* ---- the answers ---------------------------------------------------------------------------- */
/* The BA to `m` drawn from `rs`; *seqadd the wrong sequence number's
 * offset (0 the right one); returns 0 no BA (lost), 1 a BA in `out`.
 * *accepted_ids gets which BIDs it accepts. */
static int draw_answer(mctx *x, const mm_msg *m, uint64_t *rs, char *out, size_t cap, uint16_t *seqadd,
                       uint16_t *acc, int *nacc, int *all_bids)
{
    const mm_bu *bu = &m->bu;
    char src[64];
    addr_text(&m->outer_src, src, sizeof src);
    *seqadd = 0;
    *nacc = 0;
    *all_bids = 0;
    unsigned r = sm_rn(rs, 100);
    if (r < 3)
        return 0; /* lost */
    if (r < 7)
        *seqadd = (uint16_t)(1000 + sm_rn(rs, 1000)); /* a BA of no outstanding BU (RFC 6275 11.7.3) */
    int status = 0, bst[MM_MAX_BID] = {0}, nobid = 0;
    if (!*seqadd && bu->nbid) {
        unsigned k = sm_rn(rs, 100);
        if (k < 4)
            status = 165;
        else if (k < 6)
            status = 166;
        else if (k < 8)
            nobid = 1; /* accepted without BID options: a home agent without MCoA (5.7) */
        else if (k < 14 && bu->nbid > 1)
            status = 168;
        else if (k < 34) { /* per-BID statuses */
            static const int opts[] = {0, 0, 0, 167, 167, 164, 128, 129, 133};
            int rej = 0;
            for (int i = 0; i < bu->nbid; i++) {
                bst[i] = opts[sm_rn(rs, sizeof opts / sizeof *opts)];
                rej |= bst[i] != 0;
            }
            if (bu->nbid == 1)
                status = bst[0];
            else if (rej)
                status = 4; /* MCOA NOTCOMPLETE: the statuses in the options (RFC 5648 6.2) */
        }
    } else if (!*seqadd && sm_rn(rs, 100) < 5)
        status = 128 + (int)sm_rn(rs, 3);
    int accepted = status < 128 && status != 4;
    if (status == 4)
        accepted = 1;
    unsigned lifetime = status < 128 ? bu->lifetime : 0;
    size_t n;
    if (bu->from_home)
        n = (size_t)snprintf(out, cap, "eth src=02:00:00:00:00:01 dst=ff:ff:ff:ff:ff:ff / ipv6 src=%s dst=%s / ba "
                                       "status=%d seq=%u lifetime=%u",
                             x->ha, x->hoa, status, (uint16_t)(bu->seq + *seqadd), lifetime);
    else
        n = (size_t)snprintf(out, cap, "ipv6 src=%s dst=%s / rh2 %s / ba status=%d seq=%u lifetime=%u", x->ha, src,
                             x->hoa, status, (uint16_t)(bu->seq + *seqadd), lifetime);
    /* the BID options, in the BU's order or another (RFC 5648 names none) */
    int ord[MM_MAX_BID];
    for (int i = 0; i < bu->nbid; i++)
        ord[i] = i;
    if (bu->nbid > 1 && sm_rn(rs, 100) < 30)
        for (int i = bu->nbid - 1; i > 0; i--) {
            int j = (int)sm_rn(rs, (unsigned)i + 1), t = ord[i];
            ord[i] = ord[j];
            ord[j] = t;
        }
    for (int k = 0; k < bu->nbid && !nobid && n < cap; k++) {
        int i = ord[k];
        int st = bu->nbid == 1 ? (status >= 128 ? status : 0) : status == 4 ? bst[i] : 0;
        if (bu->nbid == 1 && bst[0])
            st = bst[0];
        n += (size_t)snprintf(out + n, cap - n, " / bid %u%s status=%d", bu->bid[i].bid, bu->bid[i].hflag ? " H" : "",
                              st);
    }
    /* no more BIDs with this home agent after 166 (5.7), and an MN may stop
     * them after a BA without BID option (5.7, a SHOULD for registrations,
     * free for a de-registration): none of them counts as registered */
    if (status == 166 || (nobid && !*seqadd))
        *all_bids = 1;
    if (!*seqadd && accepted && bu->lifetime) {
        *all_bids = nobid || !bu->nbid; /* a regular binding replaced the others (RFC 5648 6.2) */
        for (int i = 0; i < bu->nbid && !nobid; i++)
            if ((status == 4 ? bst[i] : 0) < 128)
                acc[(*nacc)++] = bu->bid[i].bid;
    }
    return 1;
}

/* ---- one step ---------------------------------------------------------------------------------- */
static int if_of_coa(const mctx *x, const mm_addr *a)
{
    for (int k = 0; k < 3; k++) {
        mm_addr c;
        memset(&c, 0, sizeof c);
        if (inet_pton(AF_INET6, x->coa[k], c.a) == 1 && aeq(&c, a))
            return k;
    }
    return -1;
}

static void bu_text(const mm_bu *bu, char *out, size_t cap)
{
    size_t n = (size_t)snprintf(out, cap, "bu seq=%u%s%s%s lifetime=%u nbid=%u", bu->seq, bu->A ? " A" : "",
                                bu->H ? " H" : "", bu->O ? " O" : "", bu->lifetime, bu->nbid);
    for (int i = 0; i < bu->nbid && n < cap; i++) {
        char a[64] = "none";
        if (bu->bid[i].has_coa)
            addr_text(&bu->bid[i].coa, a, sizeof a);
        n += (size_t)snprintf(out + n, cap - n, " / bid %u%s coa=%s", bu->bid[i].bid, bu->bid[i].hflag ? " H" : "", a);
    }
    if (bu->from_home && n < cap)
        snprintf(out + n, cap - n, " (from the home link)");
}

/* The step's command as the contract writes it; NULL when its BID is not
 * known yet (the MN has not named it: the step does nothing). */
static const char *cmd_text(const mctx *x, const mstep *s, char *buf, size_t cap)
{
    switch (s->cmd) {
    case C_REG:
    case C_DEREG:
        if (x->bid_of[s->ifx] < 0)
            return NULL;
        snprintf(buf, cap, "%s %d", g_cmd[s->cmd], x->bid_of[s->ifx]);
        return buf;
    case C_DOWN:
    case C_UP:
        snprintf(buf, cap, "%s %s", g_cmd[s->cmd], x->ifname[s->ifx]);
        return buf;
    default:
        return s->cmd ? g_cmd[s->cmd] : NULL;
    }
}

/* 0 no divergence, 1 divergence (d), -1 setup error (e). */
static int do_step(mctx *x, const mstep *s, int idx, mdiv *d, mc_err *e)
{
    env *v = x->v;
    char buf[96], exp[240], seen[240];
    const char *cmd = cmd_text(x, s, buf, sizeof buf);
    int ok = 0, need_bu = 0, judge_first = 0; /* judge_first: the first new BU answers the command */
    uint16_t dereg_bid = 0;
    if (cmd) {
        mc_outbuf o;
        mc_out_init(&o, NULL);
        int rc = env_iut_command(v, cmd, &o, e);
        env_log(v, "step %d: %s -> %s%s", idx + 1, cmd, rc == 0 ? "" : "refused: ", rc == 0 ? "" : e->msg);
        mc_out_free(&o);
        ok = rc == 0;
        if (!ok && s->cmd == C_REG_ALL) {
            /* an interface is always up: registering is always possible
             * (an IUT that hangs or died fails its action) */
            int st;
            snprintf(seen, sizeof seen, "the action failed: %.200s", e->msg);
            if (env_iut_exited(v, &st))
                snprintf(seen, sizeof seen, "the IUT exited (status %d)", st);
            div_set(d, MD_EXITED, idx, -1, -1, "'register all' done (the contract's action register)", seen);
            return 1;
        }
        e->msg[0] = 0;
        mev *ev = ev_add(x, EV_CMD, idx);
        if (ev)
            snprintf(ev->text, sizeof ev->text, "%s", cmd);
        if (ok) {
            switch (s->cmd) {
            case C_REG_ALL:
            case C_REG:
                need_bu = 1; /* the contract: register (RFC 5648 5.1-5.3) */
                break;
            case C_DEREG:
                dereg_bid = (uint16_t)x->bid_of[s->ifx];
                need_bu = judge_first = regd_has(x, dereg_bid);
                break;
            case C_DEREG_ALL:
                need_bu = x->nregd > 0;
                break;
            case C_HOME:
                need_bu = judge_first = x->complete && x->nregd > 0;
                break;
            default:
                break;
            }
        }
    }
    int got_new = 0, nstep = 0;
    double retx_until = 0;      /* waiting for a BU to come again */
    int retx_judged = 0;        /* ... and it must (its BA was one of no outstanding BU) */
    int retx_ev = -1;
    while (nstep < MAX_BU_STEP) {
        if (*x->stop) {
            mc_err_set(e, -1, "interrupted");
            return -1;
        }
        double now = now_s();
        /* attached to the home link the MN may first have to see it up
         * (movement detection, RFC 6275 11.5): its BU may come as a
         * retransmission (11.8) */
        unsigned first = s->cmd == C_HOME && x->o->timeout_ms < RETX_MS ? RETX_MS : x->o->timeout_ms;
        unsigned wait = need_bu && !got_new ? first : QUIET_MS;
        if (retx_until > now && (unsigned)((retx_until - now) * 1000) > wait)
            wait = (unsigned)((retx_until - now) * 1000) + 1;
        /* every BU already there first, in the order sent, the follower
         * fed in that order: a BU the MN sent before our answer to an
         * earlier one reached it is no reaction to that answer */
        static wctx batch[NBATCH];
        int nb = 0;
        if (drain(x, batch, &nb, wait, BATCH_MS, e) < 0)
            return -1;
        if (!nb)
            break;
        for (int b = 0; b < nb; b++) {
            wctx *w = &batch[b];
            nstep++;
            const mm_bu *bu = &w->m.bu;
            int retrans = 0;
            for (int i = 0; i < x->nout; i++)
                if (bu_same(&x->out[i].bu, bu)) {
                    retrans = 1;
                    x->out[i].seq = bu->seq;
                }
            got_new = 1; /* a BU came after the command (one that looks like a retransmission too) */
            if (retx_until > 0) { /* something came again: the wait is over */
                retx_until = 0;
                retx_judged = 0;
            }
            int n = ++x->nbu;
            mev *ev = ev_add(x, EV_BU, idx);
            if (ev) {
                ev->n = n;
                ev->bu = *bu;
                ev->has_lla = w->has_lla;
                ev->lla_code = w->lla_code;
            }
            int evi = ev ? (int)(ev - x->ev) : -1;
            char bt[400];
            bu_text(bu, bt, sizeof bt);
            env_log(v, "step %d: BU %s%s", idx + 1, bt, retrans ? " (again)" : "");
            if (w->nfind) {
                div_set(d, MD_RULE, idx, w->find.rule->id, evi, w->find.expected, w->find.seen);
                snprintf(d->seen + strlen(d->seen), sizeof d->seen - strlen(d->seen), " (%.150s)", bt);
                return 1;
            }
            /* the care-of addresses' BIDs, as the MN names them */
            for (int i = 0; i < bu->nbid; i++) {
                int k = bu->bid[i].has_coa ? if_of_coa(x, &bu->bid[i].coa) : -1;
                if (k >= 0)
                    x->bid_of[k] = bu->bid[i].bid;
            }
            if (!retrans) {
                if (judge_first && dereg_bid) {
                    int has = 0;
                    for (int i = 0; i < bu->nbid; i++)
                        has |= bu->bid[i].bid == dereg_bid;
                    if (bu->lifetime || !has) {
                        snprintf(exp, sizeof exp, "after 'deregister %u': a BU with lifetime 0 and BID option %u", dereg_bid,
                                 dereg_bid);
                        div_set(d, MD_RULE, idx, MM_R_MN_DEREG_ONE, evi, exp, bt);
                        return 1;
                    }
                } else if (judge_first && s->cmd == C_HOME) {
                    int all = !bu->nbid;
                    if (bu->nbid) {
                        all = 1;
                        for (int i = 0; i < x->nregd; i++) {
                            int has = 0;
                            for (int k = 0; k < bu->nbid; k++)
                                has |= bu->bid[k].bid == x->regd[i];
                            all &= has;
                        }
                    }
                    if (bu->lifetime || !all) {
                        snprintf(exp, sizeof exp, "after 'return-home' (return-home-complete): a BU with lifetime 0 "
                                                  "de-registering all %d bindings (no BID option, or each)", x->nregd);
                        div_set(d, MD_RULE, idx, MM_R_MN_HOME_DEREG_ALL, evi, exp, bt);
                        return 1;
                    }
                }
                judge_first = 0;
                if (bu->A) {
                    if (x->nout == MAX_OUT)
                        memmove(&x->out[0], &x->out[1], sizeof x->out[0] * (MAX_OUT - 1)), x->nout--;
                    x->out[x->nout].seq = bu->seq;
                    x->out[x->nout++].bu = *bu;
                }
            }
            /* the answer */
            uint64_t rs = s->aseed ^ ((uint64_t)nstep * 0xd1342543de82ef95ull);
            char ba[720];
            uint16_t seqadd, acc[MM_MAX_BID];
            int nacc, allb;
            int has_ba = draw_answer(x, &w->m, &rs, ba, sizeof ba, &seqadd, acc, &nacc, &allb);
            if (!has_ba)
                env_log(v, "step %d: no BA (lost)", idx + 1);
            if (has_ba) {
                static mc_pkt p;
                v->nsent = 0;
                if (mc_expr_parse(ba, &p, e) < 0 || env_send(v, x->ep, &p, e) < 0)
                    return -1;
                feed_ba(x, ba);
                env_log(v, "step %d: BA %s", idx + 1, ba);
                /* more BUs to answer: the MN's reaction to this BA first,
                 * so that the follower sees it before our next answer */
                if (b + 1 < nb && drain(x, batch, &nb, QUIET_MS, BATCH_MS, e) < 0)
                    return -1;
                mev *eb = ev_add(x, EV_BA, idx);
                if (eb) {
                    eb->n = n;
                    eb->seqadd = seqadd;
                    snprintf(eb->text, sizeof eb->text, "%s", ba);
                }
            }
            if (has_ba && !seqadd) { /* a valid answer: the BU is no longer outstanding */
                for (int i = 0; i < x->nout; i++)
                    if (x->out[i].seq == bu->seq) {
                        x->out[i] = x->out[--x->nout];
                        break;
                    }
                if (!bu->lifetime && !bu->nbid)
                    x->nregd = 0;
                for (int i = 0; i < bu->nbid && !bu->lifetime; i++)
                    regd_set(x, bu->bid[i].bid, 0);
                if (allb)
                    x->nregd = 0;
                if (bu->O && nacc)
                    x->nregd = 0;
                for (int i = 0; i < nacc; i++)
                    regd_set(x, acc[i], 1);
            }
            if (bu->A && (!has_ba || seqadd)) { /* lost or discarded: it comes again (11.8) */
                retx_until = now_s() + RETX_MS / 1000.0;
                /* judged only for a first transmission: the next one is due
                 * after INITIAL_BINDACK_TIMEOUT (1 s); after a retransmission
                 * the timeout has doubled, up to MAX_BINDACK_TIMEOUT (32 s,
                 * RFC 6275 11.8, 13), beyond the window */
                retx_judged = has_ba && seqadd && !retrans;
                retx_ev = evi;
            }
        }
    }
    if (retx_judged) {
        snprintf(exp, sizeof exp, "the BU sent again within %d ms: the BA of sequence number of no outstanding BU "
                                  "is discarded (RFC 6275 11.7.3, 11.8)", RETX_MS);
        div_set(d, MD_RULE, idx, MM_R_MN_BA_DISCARD, retx_ev, exp, "no BU: the BA was taken as the answer");
        return 1;
    }
    if (need_bu && !got_new) {
        int st;
        if (env_iut_exited(v, &st)) {
            snprintf(seen, sizeof seen, "the IUT exited (status %d)", st);
            div_set(d, MD_EXITED, idx, -1, -1, "the IUT keeps running and sends its BUs", seen);
            return 1;
        }
        snprintf(exp, sizeof exp, "a BU within %u ms after '%s'",
                 s->cmd == C_HOME && x->o->timeout_ms < RETX_MS ? RETX_MS : x->o->timeout_ms, cmd);
        div_set(d, MD_NO_BU, idx, -1, -1, exp, "no BU");
        return 1;
    }
    int st;
    if (env_iut_exited(v, &st)) {
        snprintf(seen, sizeof seen, "the IUT exited (status %d)", st);
        div_set(d, MD_EXITED, idx, -1, -1, "the IUT keeps running", seen);
        return 1;
    }
    return 0;
}

/* Run steps list[0..n) (indices into all[]; NULL: all, a fresh IUT every
 * EPISODE steps) from a fresh IUT.  0 / 1 divergence (d) / -1 error (e). */
static int converse(mctx *x, const mstep *all, const int *list, long n, mdiv *d, int progress, mc_err *e)
{
    double t0 = now_s(), tl = t0;
    int tty = progress && isatty(2);
    for (long i = 0; i < n; i++) {
        if (*x->stop) {
            mc_err_set(e, -1, "interrupted");
            return -1;
        }
        if ((i == 0 || (!list && i % EPISODE == 0)) && iut_fresh(x, e) < 0) {
            div_set(d, MD_SETUP, (int)i, -1, -1, "the IUT started and ready", e->msg);
            return -1;
        }
        int rc = do_step(x, &all[list ? list[i] : i], (int)i, d, e);
        if (rc)
            return rc;
        if (tty && x->o->progress > 0 && (i + 1) % x->o->progress == 0) {
            double t = now_s();
            fprintf(stderr, "explore: step %ld/%ld, %.0f steps/s (last %ld: %.0f/s)\n", i + 1, n,
                    (double)(i + 1) / (t - t0), x->o->progress, (double)x->o->progress / (t - tl));
            tl = t;
        }
    }
    return 0;
}

/* ---- shrinking: ddmin over the steps of the divergent episode ------------------------------- */
typedef struct shrinker {
    mctx *x;
    const mstep *all;
    const mdiv *want;
    int runs, budget, setup_error;
    double deadline;
} shrinker;

static int reproduces(shrinker *k, const int *list, int n)
{
    if (k->runs >= k->budget || *k->x->stop || k->setup_error || now_s() > k->deadline)
        return 0;
    k->runs++;
    mc_err e = {0};
    mdiv d;
    memset(&d, 0, sizeof d);
    int rc = converse(k->x, k->all, list, n, &d, 0, &e);
    if (rc < 0 && d.kind == MD_SETUP) {
        k->setup_error = 1;
        env_log(k->x->v, "shrink: IUT start failed: %s", e.msg);
    }
    return rc == 1 && d.kind == k->want->kind && d.rule == k->want->rule;
}

/* Zeller's ddmin: a 1-minimal sublist of list[0..*n) that still diverges
 * (the same kind and rule).  The first step (a fresh IUT's) is kept. */
static void ddmin(shrinker *k, int *list, int *n)
{
    int gran = 2;
    int *cand = malloc(sizeof *cand * (size_t)(*n + 1));
    if (!cand)
        return;
    while (*n >= 2 && k->runs < k->budget && !k->setup_error && !*k->x->stop) {
        int chunk = (*n + gran - 1) / gran, done = 0;
        for (int pass = 0; pass < 2 && !done; pass++)
            for (int c = 0; c < gran && !done; c++) {
                int lo = c * chunk, hi = lo + chunk < *n ? lo + chunk : *n, m = 0;
                if (lo >= hi)
                    continue;
                for (int i = 0; i < *n; i++)
                    if (pass == 0 ? (i >= lo && i < hi) : (i < lo || i >= hi))
                        cand[m++] = list[i];
                if (m && m < *n && reproduces(k, cand, m)) {
                    memcpy(list, cand, sizeof *cand * (size_t)m);
                    *n = m;
                    gran = pass == 0 ? 2 : (gran - 1 > 2 ? gran - 1 : 2);
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

/* ---- the .tc -------------------------------------------------------------------------------- */
/* A pattern for the BU as it was (its number captured or compared). */
static void bu_pattern(const mev *e, const char *seq, int exact, char *out, size_t cap)
{
    const mm_bu *bu = &e->bu;
    size_t n = (size_t)snprintf(out, cap, "%sbu %s%s%s%s lifetime=%u nbid=%u",
                                bu->from_home ? "ipv6 dst=$HA / " : "ipv6 dst=$HA / hao $HOA / ", seq,
                                bu->A ? " A" : " !A", bu->H ? " H" : " !H", exact ? (bu->O ? " O" : " !O") : "",
                                bu->lifetime, bu->nbid);
    for (int i = 0; i < bu->nbid && n < cap; i++) {
        char a[64] = "none";
        if (bu->bid[i].has_coa)
            addr_text(&bu->bid[i].coa, a, sizeof a);
        n += (size_t)snprintf(out + n, cap - n, " / bid %u%s coa=%s", bu->bid[i].bid,
                              exact ? (bu->bid[i].hflag ? " H" : " !H") : "", a);
    }
    if (exact && e->has_lla && n < cap)
        snprintf(out + n, cap - n, " / lla code=%u", e->lla_code);
}

static int write_tc(mctx *x, const char *path, const char *id, const mdiv *d, long orig_steps, int nsteps)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    const mm_rule *r = d->rule >= 0 ? &mm_rules[d->rule] : NULL;
    const char *rname = r ? r->name : d->kind == MD_NO_BU ? "no-bu" : "iut-exited";
    int simultaneous = 0, home = 0, bulk = 0;
    for (int i = 0; i < x->nev; i++) {
        home |= x->ev[i].kind == EV_CMD && !strcmp(x->ev[i].text, "return-home");
        bulk |= x->ev[i].kind == EV_BU && x->ev[i].bu.nbid > 1;
    }
    simultaneous = home && !x->complete;
    fprintf(f,
            "# Found by mcoa-conform explore --role mn --seed %llu (configuration %s): a divergence at step %d of a\n"
            "# %ld-step conversation, shrunk (ddmin) to %d step(s) from a fresh IUT.\n"
            "# rule %s%s%s%s\n#   expected: %s\n#   seen:     %s\n",
            (unsigned long long)x->o->seed, x->config, d->step + 1, orig_steps, nsteps, rname, r ? " (" : "",
            r ? r->clause : "", r ? ")" : "", d->expected, d->seen);
    if (r)
        fprintf(f, "#   %s\n", r->how);
    fprintf(f, "id       %s\ntitle    explore: %s (%s)\niut      mn\n", id, rname, r ? r->clause : "contract");
    if (r && !strncmp(r->clause, "5648-", 5))
        fprintf(f, "clauses  %s\n", r->clause);
    fprintf(f, "pics     mcoa%s%s\ntopology triad\n", bulk ? " bulk" : "", simultaneous ? " simultaneous" : "");
    if (x->o->nfaults) {
        fprintf(f, "faults  ");
        for (int i = 0; i < x->o->nfaults; i++)
            fprintf(f, " %s", x->o->faults[i]);
        fprintf(f, "\n");
    }
    if (home)
        fprintf(f, "configuration %s\n", x->config);
    if (r && (r->level[0] == 'S' || r->level[0] == 's'))
        fprintf(f, "level    should\n");
    fprintf(f, "tags     explore\n\nexpect-none ha.home0 0ms  bu\n");
    char pat[1400];
    for (int i = 0; i < x->nev; i++) {
        const mev *e = &x->ev[i];
        char seq[32];
        if (e->kind == EV_CMD) {
            fprintf(f, "iut      %s\n", e->text);
            continue;
        }
        if (e->kind == EV_BA) {
            char text[800];
            snprintf(text, sizeof text, "%s", e->text);
            char *at = strstr(text, " seq=");
            if (at) {
                char *end = at + 5;
                while (*end >= '0' && *end <= '9')
                    end++;
                char tail[800];
                snprintf(tail, sizeof tail, "%s", end);
                if (e->seqadd) {
                    fprintf(f, "compute  SX%d = add $S%d %u\n", e->n, e->n, e->seqadd);
                    snprintf(at, sizeof text - (size_t)(at - text), " seq=$SX%d%s", e->n, tail);
                } else
                    snprintf(at, sizeof text - (size_t)(at - text), " seq=$S%d%s", e->n, tail);
            }
            /* an answer to a BU at home goes to the home address, else to the BU's source */
            fprintf(f, "send   ha.home0  %s\n", text);
            continue;
        }
        /* a BU may come after a lost or discarded BA's retransmission time */
        unsigned to = i == d->ev ? x->o->timeout_ms : RETX_MS;
        if (i != d->ev) {
            snprintf(seq, sizeof seq, "seq=?S%d", e->n);
            bu_pattern(e, seq, 0, pat, sizeof pat);
            fprintf(f, "pre expect ha.home0 %ums  %s\n", to, pat);
            continue;
        }
        /* the divergent BU: what it was must not come (its sequence number
         * named where the rule is about it) */
        seq[0] = 0;
        if (d->rule == MM_R_MN_SEQ)
            for (int k = 0; k < i; k++)
                if (x->ev[k].kind == EV_BU && x->ev[k].bu.seq == e->bu.seq)
                    snprintf(seq, sizeof seq, "seq=$S%d", x->ev[k].n);
        if (d->rule == MM_R_MN_SEQ && !seq[0]) {
            fclose(f);
            remove(path);
            return -2; /* a number below the previous one: a pattern cannot say "older than" */
        }
        bu_pattern(e, seq, 1, pat, sizeof pat);
        fprintf(f, "expect-none ha.home0 %ums  %s\n", to, pat);
        if (r)
            fprintf(f, "       why \"%s\"\n", r->how);
        break;
    }
    if (d->rule == MM_R_MN_BA_DISCARD || d->kind == MD_NO_BU) {
        fprintf(f, "expect ha.home0 %ums  bu\n", d->kind == MD_NO_BU ? x->o->timeout_ms : RETX_MS);
        if (r)
            fprintf(f, "       why \"%s\"\n", r->how);
    }
    fclose(f);
    return 0;
}

static mc_verdict run_tc(mctx *x, const char *path, const char *dir, int reference)
{
    static tc_case tc;
    static tc_result r;
    mc_err e = {0};
    tc_free(&tc);   /* the case run before */
    if (tc_parse_file(path, &tc, &e) < 0) {
        fprintf(stderr, "explore: %s\n", e.msg);
        return MC_VERDICT_ERROR;
    }
    run_opts ro = *x->o->ro;
    if (reference) {
        ro.iut = IUT_REFERENCE;
        ro.iut_arg = NULL;
    }
    char id[16];
    snprintf(id, sizeof id, "t%05d", (int)(getpid() % 100000));
    tc_run(&tc, &ro, dir, id, reference ? NULL : x->o->faults, reference ? 0 : x->o->nfaults, &r);
    tc_world_down();
    if (r.verdict != MC_VERDICT_PASS)
        env_log(x->v, "%s against %s: %s %s", path, reference ? "the reference" : "the IUT",
                mc_verdict_name(r.verdict), r.reason);
    return r.verdict;
}

/* ---- the role ---------------------------------------------------------------------------------- */
static const char *pvar(const pixit *p, const char *k, const char *dflt)
{
    const char *v = pixit_get(p, k);
    return v ? v : dflt;
}

int mc_explore_mn(env *v, const pixit *px, const pixit *pics, const mc_xmn_opts *o, volatile sig_atomic_t *stop)
{
    static mctx x;
    memset(&x, 0, sizeof x);
    x.v = v;
    x.px = px;
    x.o = o;
    x.stop = stop;
    snprintf(x.ha, sizeof x.ha, "%s", pvar(px, "HA", "2001:db8:1::1"));
    snprintf(x.hoa, sizeof x.hoa, "%s", pvar(px, "HOA", "2001:db8:1::100"));
    for (int k = 0; k < 3; k++) {
        char key[32], dflt[32];
        dflt[15] = 0;
        snprintf(key, sizeof key, "COA%d", k + 1);
        snprintf(dflt, sizeof dflt, "2001:db8:f%d::10", k + 1);
        snprintf(x.coa[k], sizeof x.coa[k], "%s", pvar(px, key, dflt));
        snprintf(key, sizeof key, "IF%d", k + 1); /* the interface of COAk, as coa-down/coa-up name it */
        snprintf(dflt, sizeof dflt, "f%d", k + 1);
        snprintf(x.ifname[k], sizeof x.ifname[k], "%.15s", pvar(px, key, dflt));
    }
    /* one configuration per run: the option's, else the seed's */
    uint64_t cs = o->seed;
    const char *conf = o->configuration;
    if (!conf)
        conf = pics_has(pics, "simultaneous") && sm_rn(&cs, 2) ? "return-home-simultaneous" : "return-home-complete";
    if (strcmp(conf, "return-home-simultaneous") && strcmp(conf, "return-home-complete")) {
        fprintf(stderr, "mcoa-conform explore: --configuration %s: the MN role explores return-home-simultaneous or "
                        "return-home-complete\n", conf);
        return 2;
    }
    /* an external IUT is driven by the contract's actions */
    static const char *const need[] = {"action.register", "action.deregister", "action.return-home",
                                       "action.leave-home", "action.coa-down", "action.coa-up"};
    for (size_t i = 0; i < sizeof need / sizeof *need && o->ro->iut != IUT_REFERENCE; i++)
        if (!pixit_get(px, need[i])) {
            fprintf(stderr, "mcoa-conform explore: role mn drives the mobile node through the contract's actions: the "
                            "PIXIT has no %s (harness/IUT.md)\n", need[i]);
            return 2;
        }
    snprintf(x.config, sizeof x.config, "%s", conf);
    x.complete = !strcmp(conf, "return-home-complete");
    snprintf(v->configuration, sizeof v->configuration, "%s", conf);
    env_log(v, "configuration %s", conf);

    mstep *all = calloc((size_t)o->steps, sizeof *all);
    if (!all) {
        fprintf(stderr, "mcoa-conform explore: out of memory for %ld steps\n", o->steps);
        return 2;
    }
    gen(o->seed, x.complete, all, o->steps);
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/conversation.txt", o->out);
    FILE *cf = fopen(path, "w");
    for (long i = 0; cf && i < o->steps; i++) {
        const char *c = all[i].cmd == C_NONE ? "-" : g_cmd[all[i].cmd];
        if (all[i].cmd == C_REG || all[i].cmd == C_DEREG)
            fprintf(cf, "%ld %s BID-of-%s%s\n", i + 1, c, x.coa[all[i].ifx], i % EPISODE ? "" : " (fresh IUT)");
        else if (all[i].cmd == C_DOWN || all[i].cmd == C_UP)
            fprintf(cf, "%ld %s %s\n", i + 1, c, x.ifname[all[i].ifx]);
        else
            fprintf(cf, "%ld %s%s\n", i + 1, c, i % EPISODE ? "" : " (fresh IUT)");
    }
    if (cf)
        fclose(cf);

    int exit_rc = 0;
    mc_err e = {0};
    mdiv d;
    memset(&d, 0, sizeof d);
    double t0 = now_s();
    int rc = converse(&x, all, NULL, o->steps, &d, !o->quiet, &e);
    double dt = now_s() - t0;
    long ran = rc == 1 ? d.step + 1 : rc == 0 ? o->steps : 0;
    if (rc < 0) {
        fprintf(stderr, "mcoa-conform explore: %s%s\n", d.kind == MD_SETUP ? "setup: " : "", e.msg);
        exit_rc = 2;
        goto done;
    }
    if (!o->quiet || rc)
        printf("explore: %ld step(s) in %.2f s (%.0f steps/s), seed %llu, configuration %s: %s\n", ran, dt,
               ran / (dt > 0 ? dt : 1), (unsigned long long)o->seed, conf, rc ? "DIVERGENCE" : "no divergence");
    if (!rc)
        goto done;
    exit_rc = 1;
    const mm_rule *rule = d.rule >= 0 ? &mm_rules[d.rule] : NULL;
    printf("  step %d: %s%s%s%s\n    expected: %s\n    seen:     %s\n", d.step + 1,
           d.kind == MD_EXITED ? "the IUT exited; " : d.kind == MD_NO_BU ? "no BU; " : "", rule ? rule->name : "",
           rule ? " " : "", rule ? rule->clause : "", d.expected, d.seen);
    if (o->no_shrink)
        goto done;

    /* shrink: the steps of the divergent episode */
    int first = d.step / EPISODE * EPISODE, n = d.step - first + 1;
    int *list = malloc(sizeof *list * (size_t)n);
    if (!list)
        goto done;
    for (int i = 0; i < n; i++)
        list[i] = first + i;
    shrinker k = {&x, all, &d, 0, o->shrink_runs, 0, now_s() + o->shrink_time};
    double s0 = now_s();
    if ((d.kind == MD_EXITED || d.kind == MD_NO_BU) && !reproduces(&k, list, n)) {
        printf("  a fresh IUT given the same %d steps does not diverge again: not shrunk (time-dependent?)\n", n);
        free(list);
        goto done;
    }
    /* the first step (the fresh IUT's registration) and the last alone first */
    if (n > 2) {
        int two[2] = {list[0], list[n - 1]};
        if (reproduces(&k, two, 2)) {
            list[1] = list[n - 1];
            n = 2;
        }
    }
    ddmin(&k, list, &n);
    /* the minimal conversation once more, recorded */
    x.recording = 1;
    x.nev = 0;
    mdiv d2;
    memset(&d2, 0, sizeof d2);
    int again = converse(&x, all, list, n, &d2, 0, &e);
    x.recording = 0;
    printf("  shrunk to %d step(s) in %d replays, %.1f s%s\n", n, k.runs, now_s() - s0,
           again == 1 && d2.rule == d.rule && d2.kind == d.kind ? "" : " (the last replay did not diverge alike: flaky)");
    printf("  conversation:");
    for (int i = 0; i < n; i++) {
        const mstep *s = &all[list[i]];
        printf(" %s%s", i ? "; " : "", s->cmd ? g_cmd[s->cmd] : "-");
        if (s->cmd >= C_REG && s->cmd != C_REG_ALL && s->cmd != C_DEREG_ALL && s->cmd != C_HOME && s->cmd != C_LEAVE)
            printf(" (%s)", x.ifname[s->ifx]);
    }
    printf("\n");
    if (again == 1 && d2.rule == d.rule && d2.kind == d.kind) {
        char id[96], tcpath[PATH_MAX + 100], dir[PATH_MAX + 64];
        snprintf(id, sizeof id, "explore-mn-%s-s%llu",
                 d2.rule >= 0 ? mm_rules[d2.rule].name : d2.kind == MD_NO_BU ? "no-bu" : "exited",
                 (unsigned long long)o->seed);
        snprintf(tcpath, sizeof tcpath, "%s/%s.tc", o->out, id);
        int w = x.nev > 0 ? write_tc(&x, tcpath, id, &d2, o->steps, n) : -1;
        if (w == -2)
            printf("  no .tc: a pattern cannot say \"older than the previous number\" (rule %s)\n",
                   mm_rules[d2.rule].name);
        else if (w < 0)
            printf("  no .tc written\n");
        else {
            printf("  wrote %s\n", tcpath);
            env_end_test(v);
            env_down(v);
            snprintf(dir, sizeof dir, "%s/check-iut", o->out);
            mc_verdict vi = run_tc(&x, tcpath, dir, 0);
            snprintf(dir, sizeof dir, "%s/check-reference", o->out);
            mc_verdict vr = o->ro->iut == IUT_REFERENCE && !o->nfaults ? vi : run_tc(&x, tcpath, dir, 1);
            printf("  %s: %s against this IUT, %s against the reference node\n", id, mc_verdict_name(vi),
                   mc_verdict_name(vr));
        }
    }
    free(list);
done:
    if (x.fw)
        mm_follow_free(x.fw);
    free(x.ev);
    free(all);
    return exit_rc;
}
