/*
 * check_report.c - `mcoa-conform check --report DIR`: the checker's
 * verdicts through the run's report writers (reports/: JUnit XML, TAP,
 * JSON, the HTML page with its clause matrix, a page per "test").
 *
 * Each conversation the follower made (a mobile node's home address and
 * one peer; a CoTI/CoT exchange is followed by care-of address) is one
 * test: fail with findings, inconc with only undecided rules, pass
 * otherwise; its clauses are those of its findings.  Its page draws the
 * conversation as a ladder from a pcapng of its own frames (written in the
 * order they were judged, with a marks file: from the mobile node / from
 * the peer, and the time since the conversation's first frame), with each
 * finding in red under the frame that showed it.  Frames are read a second
 * time from the capture for this, so nothing is held while judging.
 *
 * Bounds: at most CR_MAX_PAGES conversations get a page and a pcap
 * (those with findings first, then in order), each with at most
 * CR_MAX_FRAMES frames; the others are still in the report, without.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "capread.h"
#include "check_report.h"
#include "clauses.h"
#include "mcoa/craft.h"
#include "paths.h"
#include "report.h"

#define CR_MAX_PAGES 1000
#define CR_MAX_FRAMES 5000
#define CR_MAX_NOTES 200

typedef struct cmember {
    uint64_t frame;
    double ts;
    uint8_t from_mn;
} cmember;

typedef struct cnote {
    uint64_t frame[3]; /* in the capture (0: none); drawn under the latest of them */
    int finding;
    char *text;
} cnote;

typedef struct cconv {
    int file;
    uint64_t id;           /* the follower's number within its file (0: the whole capture) */
    char a[48], peer[48];
    int role;              /* MM_HA / MM_CN, 0 unknown */
    cmember *m;
    size_t nm, cm;
    uint64_t dropped;      /* frames past CR_MAX_FRAMES */
    cnote *notes;
    size_t nnotes, cnotes;
    uint64_t findings, undecided;
    char **clauses;
    size_t nclauses;
    int paged;
    char id_text[32], title[200];
} cconv;

struct check_report {
    char *dir;
    cconv *c;
    size_t n, cap;
    int file;              /* the file being judged */
    size_t file_base;      /* index of its first conversation in c[] */
    size_t *by_id;         /* this file: follower id -> index + 1 */
    size_t nby_id;
    double ts;             /* capture time of the frame being judged */
    const char **files;
    int nfiles;
};

/* Room for one more element in *arr (n used of *cap): 0, or -1 out of memory. */
static int room(void *arr, size_t n, size_t *cap, size_t elem, size_t first)
{
    if (n < *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : first;
    void *t = realloc(*(void **)arr, nc * elem);
    if (!t)
        return -1;
    *(void **)arr = t;
    *cap = nc;
    return 0;
}

static int mkdir_p(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            if (mkdir(buf, 0755) < 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    return mkdir(buf, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

check_report *crep_new(const char *dir, char *err, size_t errlen)
{
    if (mkdir_p(dir) < 0) {
        snprintf(err, errlen, "--report %s: cannot create the directory: %s", dir, strerror(errno));
        return NULL;
    }
    check_report *r = calloc(1, sizeof *r);
    if (!r || !(r->dir = strdup(dir))) {
        free(r);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    return r;
}

void crep_file(check_report *r, int file, const char *path)
{
    (void)path;
    r->file = file;
    r->file_base = r->n;
    free(r->by_id);
    r->by_id = NULL;
    r->nby_id = 0;
}

void crep_time(check_report *r, double ts)
{
    r->ts = ts;
}

static void addr_text(const mm_addr *a, char *out, size_t cap)
{
    if (!inet_ntop(a->v4 ? AF_INET : AF_INET6, a->a, out, (socklen_t)cap))
        snprintf(out, cap, "?");
}

/* The conversation `id` of the current file, made on first sight. */
static cconv *conv_of(check_report *r, uint64_t id)
{
    if (id < r->nby_id && r->by_id[id])
        return &r->c[r->by_id[id] - 1];
    if (id >= r->nby_id) {
        size_t nn = r->nby_id ? r->nby_id : 64;
        while (nn <= id)
            nn *= 2;
        size_t *t = realloc(r->by_id, nn * sizeof *t);
        if (!t)
            return NULL;
        memset(t + r->nby_id, 0, (nn - r->nby_id) * sizeof *t);
        r->by_id = t;
        r->nby_id = nn;
    }
    if (room(&r->c, r->n, &r->cap, sizeof *r->c, 64) < 0)
        return NULL;
    cconv *c = &r->c[r->n];
    memset(c, 0, sizeof *c);
    c->file = r->file;
    c->id = id;
    r->by_id[id] = ++r->n;
    return c;
}

void crep_member(check_report *r, uint64_t frame, uint64_t id, const mm_addr *a, const mm_addr *peer, int role,
                 int from_mn)
{
    cconv *c = conv_of(r, id);
    if (!c)
        return;
    if (!c->a[0]) {
        addr_text(a, c->a, sizeof c->a);
        addr_text(peer, c->peer, sizeof c->peer);
    }
    if (role)
        c->role = role;
    if (c->nm >= CR_MAX_FRAMES) {
        c->dropped++;
        return;
    }
    if (room(&c->m, c->nm, &c->cm, sizeof *c->m, 16) < 0)
        return;
    c->m[c->nm++] = (cmember){frame, r->ts, (uint8_t)from_mn};
}

static const char *role_word(int role)
{
    return role == MM_HA ? "ha" : role == MM_CN ? "cn" : role == MM_MN ? "mn" : "any";
}

void crep_report(check_report *r, const mm_report *rep)
{
    cconv *c = conv_of(r, rep->conv);
    if (!c)
        return;
    int finding = !strcmp(rep->verdict, "finding");
    if (finding)
        c->findings++;
    else
        c->undecided++;
    if (rep->conv && !c->a[0]) {
        snprintf(c->a, sizeof c->a, "%s", rep->hoa);
        snprintf(c->peer, sizeof c->peer, "%s", rep->peer);
    }
    if (rep->rule && rep->rule->clause[0]) {
        int have = 0;
        for (size_t i = 0; i < c->nclauses && !have; i++)
            have = !strcmp(c->clauses[i], rep->rule->clause);
        char **t = have ? NULL : realloc(c->clauses, (c->nclauses + 1) * sizeof *t);
        if (t && (t[c->nclauses] = strdup(rep->rule->clause)))
            c->clauses = t, c->nclauses++;
        else if (t)
            c->clauses = t;
    }
    if (c->nnotes >= CR_MAX_NOTES)
        return;
    char frames[80] = "";
    for (int i = 0, n = 0; i < 3; i++)
        if (rep->frames[i])
            n += snprintf(frames + n, sizeof frames - (size_t)n, "%s%llu", n ? "," : "",
                          (unsigned long long)rep->frames[i]);
    char rule[160] = "";
    if (rep->rule)
        snprintf(rule, sizeof rule, "%s [%s, %s]", rep->rule->clause, rep->rule->name, rep->rule->level);
    char text[700];
    snprintf(text, sizeof text, "%s %s %s (capture frame%s %s): expected %s; seen %s", rep->verdict,
             rule[0] ? rule : "-", role_word(rep->role), strchr(frames, ',') ? "s" : "", frames[0] ? frames : "-",
             rep->expected, rep->seen);
    if (room(&c->notes, c->nnotes, &c->cnotes, sizeof *c->notes, 8) < 0)
        return;
    cnote *nt = &c->notes[c->nnotes];
    memcpy(nt->frame, rep->frames, sizeof nt->frame);
    nt->finding = finding;
    if ((nt->text = strdup(text)))
        c->nnotes++;
}

/* ---- writing ------------------------------------------------------------------ */
typedef struct held_frame {
    uint8_t *data;
    uint32_t caplen;
    int linktype;
} held_frame;

/* Second pass over one capture: each paged conversation's frames, in the
 * order they were judged, into tests/ID/packets.pcapng with its marks. */
static int write_pcaps(check_report *r, int file, char *err, size_t errlen)
{
    uint64_t maxf = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->c[i].file == file && r->c[i].paged)
            for (size_t k = 0; k < r->c[i].nm; k++)
                if (r->c[i].m[k].frame > maxf)
                    maxf = r->c[i].m[k].frame;
    if (!maxf)
        return 0;
    held_frame *h = calloc((size_t)maxf + 1, sizeof *h);
    if (!h) {
        snprintf(err, errlen, "out of memory for the report's frames");
        return -1;
    }
    for (size_t i = 0; i < r->n; i++)
        if (r->c[i].file == file && r->c[i].paged)
            for (size_t k = 0; k < r->c[i].nm; k++)
                h[r->c[i].m[k].frame].linktype = -1; /* wanted */
    char e2[512];
    capread *cr = cr_open(r->files[file], e2, sizeof e2);
    int rc = 0;
    if (!cr) {
        snprintf(err, errlen, "%s", e2);
        free(h);
        return -1;
    }
    cr_pkt pk;
    uint64_t no = 0;
    while (no < maxf && cr_next(cr, &pk) > 0)
        if (++no <= maxf && h[no].linktype == -1 && (h[no].data = malloc(pk.caplen ? pk.caplen : 1))) {
            memcpy(h[no].data, pk.data, pk.caplen);
            h[no].caplen = pk.caplen;
            h[no].linktype = pk.linktype;
        }
    cr_close(cr);
    for (size_t i = 0; i < r->n && !rc; i++) {
        cconv *c = &r->c[i];
        if (c->file != file || !c->paged)
            continue;
        char path[4200];
        snprintf(path, sizeof path, "%s/tests/%s", r->dir, c->id_text);
        mc_err e = {0};
        mc_pcapw *w = mkdir_p(path) < 0 ? NULL : (snprintf(path, sizeof path, "%s/tests/%s/packets.pcapng", r->dir,
                                                           c->id_text),
                                                  mc_pcapng_open(path, &e));
        snprintf(path, sizeof path, "%s/tests/%s/packets.marks", r->dir, c->id_text);
        FILE *mk = w ? fopen(path, "w") : NULL;
        if (!w || !mk) {
            snprintf(err, errlen, "%s: %s", path, w ? strerror(errno) : e.msg);
            if (w)
                mc_pcapw_close(w, &e);
            rc = -1;
            break;
        }
        double t0 = c->nm ? c->m[0].ts : 0;
        uint32_t k = 0;
        for (size_t j = 0; j < c->nm; j++) {
            const held_frame *f = &h[c->m[j].frame];
            if (!f->data || mc_pcapw_write_lt(w, f->linktype, f->data, f->caplen, &e) < 0)
                continue;
            fprintf(mk, "%u %s mn %.3f\n", ++k, c->m[j].from_mn ? "stimulus" : "observed", (c->m[j].ts - t0) * 1e3);
        }
        if (mc_pcapw_close(w, &e) < 0 || fclose(mk) != 0) {
            snprintf(err, errlen, "%s: %s", path, e.msg[0] ? e.msg : strerror(errno));
            rc = -1;
        }
    }
    for (uint64_t i = 0; i <= maxf; i++)
        free(h[i].data);
    free(h);
    return rc;
}

/* Where a note goes in the conversation's own pcap (1-based): under the
 * latest of its frames there (the one that showed the finding); the last
 * frame when none of them is (a BA that never came). */
static uint32_t local_frame(const cconv *c, const cnote *n)
{
    uint32_t at = 0;
    for (size_t j = 0; j < c->nm; j++)
        for (int k = 0; k < 3; k++)
            if (n->frame[k] && c->m[j].frame == n->frame[k])
                at = (uint32_t)j + 1;
    return at ? at : (uint32_t)c->nm;
}

static int by_findings(const void *a, const void *b)
{
    const cconv *const *x = a, *const *y = b;
    int fx = (*x)->findings > 0, fy = (*y)->findings > 0;
    if (fx != fy)
        return fy - fx;
    return *x < *y ? -1 : *x > *y;
}

int crep_write(check_report *r, const char **files, int nfiles, double duration_s, char *err, size_t errlen)
{
    r->files = files;
    r->nfiles = nfiles;
    /* ids and titles; pages for the first CR_MAX_PAGES, findings first */
    cconv **order = malloc((r->n ? r->n : 1) * sizeof *order);
    if (!order) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < r->n; i++) {
        cconv *c = &r->c[i];
        order[i] = c;
        snprintf(c->id_text, sizeof c->id_text, "conv-%zu", i + 1);
        /* the file by its last two components: harness captures are all packets.pcap */
        const char *fname = files[c->file], *sl = strrchr(fname, '/');
        if (sl) {
            const char *p = sl;
            while (p > fname && p[-1] != '/')
                p--;
            fname = p;
        }
        if (!c->id)
            snprintf(c->title, sizeof c->title, "%s: the whole capture", fname);
        else
            snprintf(c->title, sizeof c->title, "%s %s %s %s (%s)", c->role == MM_HA ? "home address" : "address",
                     c->a, c->role == MM_HA ? "with home agent" : "with correspondent", c->peer, fname);
    }
    qsort(order, r->n, sizeof *order, by_findings);
    for (size_t i = 0; i < r->n && i < CR_MAX_PAGES; i++)
        order[i]->paged = order[i]->nm > 0;
    free(order);
    for (int f = 0; f < nfiles; f++)
        if (write_pcaps(r, f, err, errlen) < 0)
            return -1;

    mc_test_result *t = calloc(r->n ? r->n : 1, sizeof *t);
    char **reasons = calloc(r->n ? r->n : 1, sizeof *reasons);
    char **pages = calloc(r->n ? r->n * 3 : 1, sizeof *pages);
    mc_frame_note **notes = calloc(r->n ? r->n : 1, sizeof *notes);
    int rc = -1;
    clause_set cs;
    memset(&cs, 0, sizeof cs);
    if (!t || !reasons || !pages || !notes) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < r->n; i++) {
        cconv *c = &r->c[i];
        mc_test_result *x = &t[i];
        x->id = c->id_text;
        x->title = c->title;
        x->iut_role = c->id ? (c->role == MM_HA ? "ha" : "cn") : "any";
        x->clauses = (const char *const *)c->clauses;
        x->nclauses = c->nclauses;
        x->verdict = c->findings ? MC_VERDICT_FAIL : c->undecided ? MC_VERDICT_INCONC : MC_VERDICT_PASS;
        x->duration_s = c->nm ? c->m[c->nm - 1].ts - c->m[0].ts : 0;
        /* the reason: every finding and undecided rule, one a line */
        size_t len = 0, cap = 256;
        char *s = malloc(cap);
        if (!s)
            goto oom;
        s[0] = 0;
        char head[160];
        snprintf(head, sizeof head, "%llu finding%s, %llu undecided; %zu frame%s%s\n",
                 (unsigned long long)c->findings, c->findings == 1 ? "" : "s", (unsigned long long)c->undecided,
                 c->nm, c->nm == 1 ? "" : "s", c->dropped ? " (more not drawn)" : "");
        for (size_t k = 0; k <= c->nnotes; k++) {
            const char *line = k ? c->notes[k - 1].text : head;
            size_t l = strlen(line) + 2;
            if (len + l >= cap) {
                while (len + l >= cap)
                    cap *= 2;
                char *ns = realloc(s, cap);
                if (!ns) {
                    free(s);
                    goto oom;
                }
                s = ns;
            }
            len += (size_t)snprintf(s + len, cap - len, "%s%s", line, k && k < c->nnotes ? "\n" : "");
        }
        reasons[i] = s;
        x->reason = s;
        if (c->paged) {
            char p[96];
            snprintf(p, sizeof p, "tests/%s/packets.pcapng", c->id_text);
            pages[3 * i] = strdup(p);
            snprintf(p, sizeof p, "tests/%s/packets.marks", c->id_text);
            pages[3 * i + 1] = strdup(p);
            snprintf(p, sizeof p, "tests/%s/index.html", c->id_text);
            pages[3 * i + 2] = strdup(p);
            if (!pages[3 * i] || !pages[3 * i + 1] || !pages[3 * i + 2])
                goto oom;
            x->pcap = pages[3 * i];
            x->marks = pages[3 * i + 1];
            x->page = pages[3 * i + 2];
            if (c->nnotes && !(notes[i] = calloc(c->nnotes, sizeof *notes[i])))
                goto oom;
            for (size_t k = 0; k < c->nnotes; k++) {
                notes[i][x->nnotes++] = (mc_frame_note){local_frame(c, &c->notes[k]), c->notes[k].finding,
                                                        c->notes[k].text};
            }
            x->notes = notes[i];
        }
    }
    char path[1024];
    snprintf(path, sizeof path, "%s/clauses.tsv", mc_path_testcases());
    mc_err ce = {0};
    if (clauses_load(path, &cs, &ce) < 0) {
        snprintf(err, errlen, "clause catalogue: %s", ce.msg);
        goto out;
    }
    char started[64], host[128] = "", iut[600];
    time_t now = time(NULL);
    strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    gethostname(host, sizeof host - 1);
    int n = snprintf(iut, sizeof iut, "capture%s ", nfiles > 1 ? "s" : "");
    for (int f = 0; f < nfiles && n < (int)sizeof iut; f++)
        n += snprintf(iut + n, sizeof iut - (size_t)n, "%s%s", f ? ", " : "", files[f]);
    mc_run run;
    memset(&run, 0, sizeof run);
    run.title = "mcoa-conform check";
    run.iut = iut;
    run.started = started;
    run.duration_s = duration_s;
    run.hostname = host;
    run.tests = t;
    run.ntests = r->n;
    run.clauses = cs.c;
    run.nclauses = cs.n;
    run.passive = 1;
    rc = mc_report_write(r->dir, &run, err, errlen);
    goto out;
oom:
    snprintf(err, errlen, "out of memory");
out:
    clauses_free(&cs);
    for (size_t i = 0; r->n && reasons && i < r->n; i++)
        free(reasons[i]);
    for (size_t i = 0; r->n && pages && i < 3 * r->n; i++)
        free(pages[i]);
    for (size_t i = 0; r->n && notes && i < r->n; i++)
        free(notes[i]);
    free(reasons);
    free(pages);
    free(notes);
    free(t);
    return rc;
}

void crep_free(check_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        cconv *c = &r->c[i];
        free(c->m);
        for (size_t k = 0; k < c->nnotes; k++)
            free(c->notes[k].text);
        free(c->notes);
        for (size_t k = 0; k < c->nclauses; k++)
            free(c->clauses[k]);
        free(c->clauses);
    }
    free(r->c);
    free(r->by_id);
    free(r->dir);
    free(r);
}
