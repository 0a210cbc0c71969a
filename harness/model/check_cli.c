/*
 * check_cli.c - `mcoa-conform check`: the passive conformance checker.
 *
 *   mcoa-conform check [--json] [--role ha,cn,mn] [--from-start] [--ba-timeout S]
 *                      [--no-marks] [-v] FILE...
 *   mcoa-conform check [options] -i IFACE [--count N]
 *   mcoa-conform check --rules [--json]
 *
 * Each FILE (pcap or pcapng) is a capture of its own.  A harness capture
 * (DIR/tests/ID/packets.pcap) has a sidecar packets.marks giving each
 * frame its capture point and time: the frames are then judged in time
 * order (the harness writes them endpoint by endpoint) and a packet seen
 * at two endpoints is one packet.  Exit 0 no finding, 1 findings, 2 bad
 * input.  See harness/CHECK.md.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <pcap/pcap.h>
#include "capread.h"
#include "check_cli.h"
#include "check_report.h"
#include "clauses.h"
#include "mcoa_model.h"
#include "paths.h"

typedef struct copts {
    int json, verbose, rules, no_marks;
    const char *iface, *report;
    long count;
    mm_follow_opts fo;
} copts;

typedef struct out_ctx {
    const copts *o;
    const char *file;
    uint64_t findings, undecided;
    uint64_t per_rule[MM_R_COUNT];
    check_report *rep;      /* --report DIR, NULL without */
} out_ctx;

static void on_member(void *ctx, uint64_t frame, uint64_t conv, const mm_addr *a, const mm_addr *peer, int role,
                      int from_mn)
{
    out_ctx *x = ctx;
    if (x->rep)
        crep_member(x->rep, frame, conv, a, peer, role, from_mn);
}

static const char *role_name(int r)
{
    return r == MM_HA ? "ha" : r == MM_CN ? "cn" : r == MM_MN ? "mn" : "any";
}

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(f, "\\%c", ch);
        else if (ch < 0x20)
            fprintf(f, "\\u%04x", ch);
        else
            fputc(ch, f);
    }
    fputc('"', f);
}

static void on_report(void *ctx, const mm_report *r)
{
    out_ctx *x = ctx;
    if (x->rep)
        crep_report(x->rep, r);
    int finding = !strcmp(r->verdict, "finding");
    if (finding) {
        x->findings++;
        if (r->rule)
            x->per_rule[r->rule->id]++;
    } else
        x->undecided++;
    if (!finding && !x->o->verbose && !x->o->json)
        return;
    if (x->o->json) {
        printf("{\"file\":");
        json_str(stdout, x->file);
        printf(",\"verdict\":\"%s\",\"rule\":", r->verdict);
        json_str(stdout, r->rule ? r->rule->name : "");
        printf(",\"clause\":");
        json_str(stdout, r->rule ? r->rule->clause : "");
        printf(",\"level\":");
        json_str(stdout, r->rule ? r->rule->level : "");
        printf(",\"role\":\"%s\",\"frames\":[", role_name(r->role));
        for (int i = 0, n = 0; i < 3; i++)
            if (r->frames[i])
                printf("%s%llu", n++ ? "," : "", (unsigned long long)r->frames[i]);
        printf("],\"home\":");
        json_str(stdout, r->hoa);
        printf(",\"peer\":");
        json_str(stdout, r->peer);
        printf(",\"expected\":");
        json_str(stdout, r->expected);
        printf(",\"seen\":");
        json_str(stdout, r->seen);
        printf("}\n");
        return;
    }
    printf("%s: %s %s", x->file, r->verdict, r->rule ? r->rule->clause : "-");
    if (r->rule)
        printf(" [%s, %s]", r->rule->name, r->rule->level);
    printf(" %s", role_name(r->role));
    if (r->hoa[0])
        printf(" %s<->%s", r->hoa, r->peer);
    printf(" frame");
    for (int i = 0, n = 0; i < 3; i++)
        if (r->frames[i])
            printf("%s%llu", n++ ? "," : " ", (unsigned long long)r->frames[i]);
    printf(": expected %s; seen %s\n", r->expected, r->seen);
}

/* ---- the harness's marks sidecar -------------------------------------------- */
typedef struct marks {
    size_t n;
    int *point;       /* capture point per frame (index from 0), -1 unknown */
    double *t;        /* capture time (ms), NAN-free: has_t says */
    int has_t;
} marks;

static int marks_load(const char *pcap, marks *mk)
{
    memset(mk, 0, sizeof *mk);
    char path[4096];
    snprintf(path, sizeof path, "%s", pcap);
    char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash))
        return 0;
    snprintf(dot, sizeof path - (size_t)(dot - path), ".marks");
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char line[512], names[32][64];
    int nnames = 0;
    size_t cap = 0;
    mk->has_t = 1;
    while (fgets(line, sizeof line, f)) {
        unsigned long long no;
        char kind[32], ep[64];
        double t;
        int k = sscanf(line, "%llu %31s %63s %lf", &no, kind, ep, &t);
        if (k < 3 || no == 0 || no > 100000000ull)
            continue;
        if (no > cap) {
            size_t nc = cap ? cap : 256;
            while (nc < no)
                nc *= 2;
            int *p = realloc(mk->point, nc * sizeof *p);
            double *tt = p ? realloc(mk->t, nc * sizeof *tt) : NULL;
            if (p)
                mk->point = p;
            if (!p || !tt)
                break;
            mk->t = tt;
            for (size_t i = cap; i < nc; i++)
                mk->point[i] = -1, mk->t[i] = 0;
            cap = nc;
        }
        int pt = -1;
        for (int i = 0; i < nnames; i++)
            if (!strcmp(names[i], ep))
                pt = i;
        if (pt < 0 && nnames < 32) {
            snprintf(names[nnames], sizeof names[0], "%s", ep);
            pt = nnames++;
        }
        mk->point[no - 1] = pt;
        if (k == 4)
            mk->t[no - 1] = t;
        else
            mk->has_t = 0;
        if (no > mk->n)
            mk->n = no;
    }
    fclose(f);
    if (!mk->n)
        mk->has_t = 0;
    return mk->n > 0;
}

static void marks_free(marks *mk)
{
    free(mk->point);
    free(mk->t);
}

/* ---- reading a file ------------------------------------------------------------- */
typedef struct held {
    uint8_t *data;
    uint32_t caplen, len;
    int linktype;
    uint64_t no;
    double t;
} held;

static int cmp_held(const void *a, const void *b)
{
    const held *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->no < y->no ? -1 : x->no > y->no;
}

static int check_file(const char *path, const copts *o, out_ctx *x, mm_follow_stats *tot)
{
    char err[512];
    capread *cr = cr_open(path, err, sizeof err);
    if (!cr) {
        fprintf(stderr, "mcoa-conform: check: %s\n", err);
        return -1;
    }
    marks mk;
    int have_marks = !o->no_marks && strcmp(path, "-") && marks_load(path, &mk);
    mm_follow *fw = mm_follow_new(&o->fo, on_report, x);
    static mc_dissection d;
    if (!fw) {
        cr_close(cr);
        return -1;
    }
    x->file = path;
    cr_pkt pk;
    int r;
    uint64_t no = 0;
    held *hv = NULL;
    size_t nh = 0, ch = 0;
    int sorted = have_marks && mk.has_t;
    while ((r = cr_next(cr, &pk)) > 0) {
        no++;
        double ts = (double)pk.sec + pk.usec / 1e6;
        int point = have_marks && no <= mk.n ? mk.point[no - 1] : -1;
        if (sorted) { /* hold, to judge in capture-time order */
            if (nh == ch) {
                size_t nc = ch ? ch * 2 : 256;
                held *t = realloc(hv, nc * sizeof *t);
                if (!t)
                    break;
                hv = t;
                ch = nc;
            }
            held *h = &hv[nh];
            h->data = malloc(pk.caplen ? pk.caplen : 1);
            if (!h->data)
                break;
            memcpy(h->data, pk.data, pk.caplen);
            h->caplen = pk.caplen;
            h->len = pk.len;
            h->linktype = pk.linktype;
            h->no = no;
            h->t = no <= mk.n ? mk.t[no - 1] / 1e3 : 1e18;
            nh++;
            continue;
        }
        mc_dissect_ex(pk.data, pk.caplen, pk.len, pk.linktype, &d, MC_DISSECT_NO_EXPR);
        if (x->rep)
            crep_time(x->rep, ts);
        mm_follow_frame(fw, &d, no, ts, point);
    }
    int bad = r < 0;
    if (bad)
        fprintf(stderr, "mcoa-conform: check: %s: %s (after %llu frames)\n", path, cr_error(cr),
                (unsigned long long)no);
    if (sorted) {
        qsort(hv, nh, sizeof *hv, cmp_held);
        for (size_t i = 0; i < nh; i++) {
            mc_dissect_ex(hv[i].data, hv[i].caplen, hv[i].len, hv[i].linktype, &d, MC_DISSECT_NO_EXPR);
            if (x->rep)
                crep_time(x->rep, hv[i].t);
            mm_follow_frame(fw, &d, hv[i].no, hv[i].t, mk.point[hv[i].no - 1]);
            free(hv[i].data);
        }
        free(hv);
    }
    mm_follow_end(fw);
    mm_follow_stats st;
    mm_follow_stats_get(fw, &st);
    tot->frames += st.frames;
    tot->mh += st.mh;
    tot->duplicates += st.duplicates;
    tot->conversations += st.conversations;
    tot->evicted += st.evicted;
    mm_follow_free(fw);
    if (have_marks)
        marks_free(&mk);
    cr_close(cr);
    return bad ? -1 : 0;
}

/* ---- live ------------------------------------------------------------------------------ */
static volatile sig_atomic_t g_stop;
static void on_sig(int s)
{
    (void)s;
    g_stop = 1;
}

static int check_live(const copts *o, out_ctx *x, mm_follow_stats *tot)
{
    char eb[PCAP_ERRBUF_SIZE] = "";
    pcap_t *p = pcap_create(o->iface, eb);
    if (!p || pcap_set_snaplen(p, 65535) || pcap_set_promisc(p, 1) || pcap_set_timeout(p, 200) ||
        pcap_activate(p) < 0) {
        fprintf(stderr, "mcoa-conform: check: -i %s: %s\n", o->iface, p ? pcap_geterr(p) : eb);
        if (p)
            pcap_close(p);
        return -1;
    }
    signal(SIGINT, on_sig);
    signal(SIGTERM, on_sig);
    mm_follow *fw = mm_follow_new(&o->fo, on_report, x);
    static mc_dissection d;
    x->file = o->iface;
    int lt = pcap_datalink(p);
    if (lt == MC_LINKTYPE_DLT_RAW)
        lt = MC_LINKTYPE_RAW;
    uint64_t no = 0;
    while (!g_stop && fw && (o->count <= 0 || (long)no < o->count)) {
        struct pcap_pkthdr *h;
        const u_char *data;
        int r = pcap_next_ex(p, &h, &data);
        if (r == 0)
            continue;
        if (r < 0)
            break;
        no++;
        mc_dissect_ex(data, h->caplen, h->len, lt, &d, MC_DISSECT_NO_EXPR);
        mm_follow_frame(fw, &d, no, (double)h->ts.tv_sec + h->ts.tv_usec / 1e6, -1);
    }
    if (fw) {
        mm_follow_end(fw);
        mm_follow_stats st;
        mm_follow_stats_get(fw, &st);
        tot->frames += st.frames;
        tot->mh += st.mh;
        tot->duplicates += st.duplicates;
        tot->conversations += st.conversations;
        mm_follow_free(fw);
    }
    pcap_close(p);
    return 0;
}

/* ---- --rules ------------------------------------------------------------------------------ */
static int is_must(const char *level)
{
    return !strcmp(level, "MUST") || !strcmp(level, "MUST NOT") || !strcmp(level, "must") ||
           !strcmp(level, "must not") || !strcmp(level, "REQUIRED") || !strcmp(level, "required") ||
           !strcmp(level, "SHALL") || !strcmp(level, "SHALL NOT");
}

static int actor_has(const char *actor, const char *role)
{
    size_t n = strlen(role);
    for (const char *p = actor; (p = strstr(p, role)); p += n)
        if ((p == actor || p[-1] == ',') && (p[n] == 0 || p[n] == ','))
            return 1;
    return 0;
}

static void roles_text(unsigned r, char *out, size_t cap)
{
    snprintf(out, cap, "%s%s%s%s%s", r & MM_HA ? "HA" : "", (r & MM_HA) && (r & (MM_CN | MM_MN)) ? "," : "",
             r & MM_CN ? "CN" : "", (r & MM_CN) && (r & MM_MN) ? "," : "", r & MM_MN ? "MN" : "");
}

static int print_rules(const copts *o)
{
    char roles[16];
    if (!o->json) {
        printf("%-34s %-12s %-8s %-10s %s\n", "rule", "clause", "role", "level", "how a capture decides it");
        for (int i = 0; i < MM_R_COUNT; i++) {
            roles_text(mm_rules[i].roles, roles, sizeof roles);
            printf("%-34s %-12s %-8s %-10s %s\n", mm_rules[i].name, mm_rules[i].clause, roles, mm_rules[i].level,
                   mm_rules[i].how);
        }
    } else
        for (int i = 0; i < MM_R_COUNT; i++) {
            roles_text(mm_rules[i].roles, roles, sizeof roles);
            printf("{\"rule\":\"%s\",\"clause\":\"%s\",\"roles\":\"%s\",\"level\":", mm_rules[i].name,
                   mm_rules[i].clause, roles);
            json_str(stdout, mm_rules[i].level);
            printf(",\"how\":");
            json_str(stdout, mm_rules[i].how);
            printf("}\n");
        }
    char path[1024];
    snprintf(path, sizeof path, "%s/clauses.tsv", mc_path_testcases());
    clause_set cs;
    mc_err e = {0};
    if (clauses_load(path, &cs, &e) < 0) {
        fprintf(stderr, "mcoa-conform: check --rules: clause catalogue: %s\n", e.msg);
        return 2;
    }
    static const struct { const char *name; unsigned bit; } R[] = {{"HA", MM_HA}, {"CN", MM_CN}, {"MN", MM_MN}};
    int missing_total = 0;
    for (size_t r = 0; r < 3; r++) {
        int must = 0, decided = 0, undecidable = 0, missing = 0;
        if (!o->json)
            printf("\n%s: wire-testable MUST-level clauses of the catalogue\n", R[r].name);
        for (size_t i = 0; i < cs.n; i++) {
            const mc_clause *c = &cs.c[i];
            if (strcmp(c->check, "wire") || !is_must(c->level) || !actor_has(c->actor, R[r].name))
                continue;
            must++;
            const char *by = NULL, *why = NULL, *xby = NULL;
            /* a rule explore alone can apply (it knows the PICS, the
             * PIXIT, the command given) does not decide a capture */
            for (int k = 0; k < MM_R_COUNT && !by; k++)
                if (!strcmp(mm_rules[k].clause, c->id) && (mm_rules[k].roles & R[r].bit)) {
                    if (strncmp(mm_rules[k].how, "explore", 7))
                        by = mm_rules[k].name;
                    else if (!xby)
                        xby = mm_rules[k].name;
                }
            for (size_t k = 0; k < mm_nundecidables && !by && !why; k++)
                if (!strcmp(mm_undecidables[k].clause, c->id) && (mm_undecidables[k].roles & R[r].bit))
                    why = mm_undecidables[k].why;
            decided += by != NULL;
            undecidable += !by && why;
            missing += !by && !why;
            if (o->json) {
                printf("{\"coverage\":\"%s\",\"clause\":\"%s\",\"level\":\"%s\",\"decided_by\":", R[r].name, c->id,
                       c->level);
                json_str(stdout, by ? by : "");
                printf(",\"undecidable\":");
                json_str(stdout, why ? why : "");
                printf(",\"explore\":");
                json_str(stdout, xby ? xby : "");
                printf("}\n");
            } else
                printf("  %-13s %-9s %s%s%s%s\n", c->id, c->level, by ? "decided by " : why ? "not decidable: " : "MISSING",
                       by ? by : why ? why : "", xby ? "; explore decides it: " : "", xby ? xby : "");
        }
        missing_total += missing;
        if (!o->json)
            printf("%s: %d MUST-level wire clauses: %d decided by a rule, %d not decidable from a capture (reason "
                   "given), %d missing\n",
                   R[r].name, must, decided, undecidable, missing);
    }
    clauses_free(&cs);
    return missing_total ? 1 : 0;
}

/* ---- main -------------------------------------------------------------------------------- */
static void usage(FILE *f)
{
    fprintf(f, "usage: mcoa-conform check [--json] [--role ROLES] [--from-start] [--ba-timeout S] [--no-marks] [-v]\n"
               "                          [--report DIR] FILE...\n"
               "       mcoa-conform check [options] -i IFACE [--count N]\n"
               "       mcoa-conform check --rules [--json]\n"
               "ROLES: a comma list of ha, cn, mn (whose behaviour is judged; default all)\n"
               "--report DIR: also the run's report there (index.html, junit.xml, results.tap, results.json):\n"
               "              a test per conversation, its ladder with the findings under their frames\n");
}

int mc_check_main(int argc, char **argv)
{
    static copts o;
    memset(&o, 0, sizeof o);
    const char *files[256];
    int nfiles = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--json"))
            o.json = 1;
        else if (!strcmp(a, "-v") || !strcmp(a, "--verbose"))
            o.verbose = 1;
        else if (!strcmp(a, "--rules"))
            o.rules = 1;
        else if (!strcmp(a, "--from-start"))
            o.fo.from_start = 1;
        else if (!strcmp(a, "--no-marks"))
            o.no_marks = 1;
        else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--role") && v) {
            i++;
            char buf[64];
            snprintf(buf, sizeof buf, "%s", v);
            for (char *s = strtok(buf, ","); s; s = strtok(NULL, ",")) {
                if (!strcmp(s, "ha"))
                    o.fo.roles |= MM_HA;
                else if (!strcmp(s, "cn"))
                    o.fo.roles |= MM_CN;
                else if (!strcmp(s, "mn"))
                    o.fo.roles |= MM_MN;
                else {
                    fprintf(stderr, "mcoa-conform: check: --role takes ha, cn, mn (a comma list): %s\n", s);
                    return 2;
                }
            }
        } else if (!strcmp(a, "--ba-timeout") && v) {
            o.fo.ba_timeout = atof(argv[++i]);
            if (o.fo.ba_timeout <= 0) {
                fprintf(stderr, "mcoa-conform: check: --ba-timeout takes seconds > 0\n");
                return 2;
            }
        } else if (!strcmp(a, "-i") && v)
            o.iface = argv[++i];
        else if (!strcmp(a, "--report") && v)
            o.report = argv[++i];
        else if (!strcmp(a, "--count") && v)
            o.count = atol(argv[++i]);
        else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "mcoa-conform: check: unknown option or missing value: %s\n", a);
            usage(stderr);
            return 2;
        } else if (nfiles < 256)
            files[nfiles++] = a;
        else {
            fprintf(stderr, "mcoa-conform: check: at most 256 files\n");
            return 2;
        }
    }
    if (o.rules)
        return print_rules(&o);
    if (!nfiles && !o.iface) {
        usage(stderr);
        return 2;
    }
    out_ctx x = {.o = &o};
    if (o.report)
        o.fo.on_member = on_member;
    if (o.report && o.iface) {
        fprintf(stderr, "mcoa-conform: check: --report needs capture files, not -i (write the capture with "
                        "tcpdump -w first)\n");
        return 2;
    }
    if (o.report && nfiles == 1 && !strcmp(files[0], "-")) {
        fprintf(stderr, "mcoa-conform: check: --report reads the capture twice: give a file, not standard input\n");
        return 2;
    }
    char rerr[600];
    if (o.report && !(x.rep = crep_new(o.report, rerr, sizeof rerr))) {
        fprintf(stderr, "mcoa-conform: check: %s\n", rerr);
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    mm_follow_stats tot;
    memset(&tot, 0, sizeof tot);
    int bad = 0;
    if (o.iface)
        bad |= check_live(&o, &x, &tot) < 0;
    for (int i = 0; i < nfiles; i++) {
        if (x.rep)
            crep_file(x.rep, i, files[i]);
        bad |= check_file(files[i], &o, &x, &tot) < 0;
    }
    if (x.rep) {
        clock_gettime(CLOCK_MONOTONIC, &t1);
        int w = crep_write(x.rep, files, nfiles, (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
                           rerr, sizeof rerr);
        crep_free(x.rep);
        x.rep = NULL;
        if (w < 0) {
            fprintf(stderr, "mcoa-conform: check: --report %s: %s\n", o.report, rerr);
            bad = 1;
        } else if (!o.json)
            fprintf(stderr, "mcoa-conform: check: report written to %s/index.html\n", o.report);
    }
    if (o.json)
        printf("{\"summary\":true,\"frames\":%llu,\"mobility_headers\":%llu,\"duplicates\":%llu,"
               "\"conversations\":%llu,\"findings\":%llu,\"undecided\":%llu}\n",
               (unsigned long long)tot.frames, (unsigned long long)tot.mh, (unsigned long long)tot.duplicates,
               (unsigned long long)tot.conversations, (unsigned long long)x.findings,
               (unsigned long long)x.undecided);
    else
        printf("%llu frames, %llu mobility headers (%llu seen twice), %llu conversations: %llu findings, "
               "%llu undecided%s\n",
               (unsigned long long)tot.frames, (unsigned long long)tot.mh, (unsigned long long)tot.duplicates,
               (unsigned long long)tot.conversations, (unsigned long long)x.findings,
               (unsigned long long)x.undecided, x.undecided && !o.verbose ? " (-v lists them)" : "");
    if (bad)
        return 2;
    return x.findings ? 1 : 0;
}
