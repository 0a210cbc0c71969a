/*
 * mcoa-conform - the RFC 5648 conformance runner.
 *
 *   mcoa-conform list     [--role R] [--clause C] [--tag T] [ID-GLOB...]
 *   mcoa-conform run      (ID-GLOB... | --all) [--output DIR] [-j N] [--quiet] [--strict]
 *                         [--iut-cmd CMD | --iut-iface IF] [--pixit F] [--pics F] [--fault F]...
 *   mcoa-conform validate [ID-GLOB... | --all] [--matrix] [--output DIR] [-j N] [--quiet]
 *   mcoa-conform coverage [--role R]
 *   mcoa-conform diff OLD NEW [--json] [--html FILE]
 *   (run --baseline DIR adds the comparison with DIR to the report)
 *
 * Each test runs in a child process with its own namespace set (run id
 * unique per test), so -j N runs tests side by side.  Exit status: 0 all
 * passed, 1 a test failed, 2 a setup error (bad arguments, a test case that
 * does not parse, an IUT that does not start, an error verdict).
 */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check_cli.h"
#include "explore.h"
#include "clauses.h"
#include "cn.h"
#include "ha_bu.h"
#include "mn.h"
#include "paths.h"
#include "run.h"
#include "tc.h"
#include "templates.h"

typedef struct opts {
    const char *cmd;
    const char *globs[64];
    int nglobs;
    int all, jobs, quiet, strict;
    int matrix;               /* validate --matrix: every fault against every test of its role */
    const char *role, *clause, *tag, *output, *pixit_path, *pics_path, *testcases;
    const char *faults[16];
    int nfaults;
    const char *list_iut_arg; /* an IUT is named (list: say what would be skipped) */
    const char *template_role;
    const char *baseline;     /* run --baseline DIR: compare with that report */
    int json;                 /* diff --json */
    const char *html;         /* diff --html FILE */
    run_opts ro;
} opts;

static pixit g_px, g_pics;
static tc_case *g_tc;
static size_t g_ntc;
static clause_set g_clauses;

/* ---- selection ---------------------------------------------------------- */
static int selected(const opts *o, const tc_case *t)
{
    if (o->role && strcmp(t->iut, o->role))
        return 0;
    if (o->clause) {
        int hit = 0;
        for (int i = 0; i < t->nclauses; i++)
            hit |= !fnmatch(o->clause, t->clauses[i], 0);
        if (!hit)
            return 0;
    }
    if (o->tag) {
        int hit = 0;
        for (int i = 0; i < t->ntags; i++)
            hit |= !strcmp(o->tag, t->tags[i]);
        if (!hit)
            return 0;
    }
    if (o->all || !o->nglobs)
        return 1;
    for (int i = 0; i < o->nglobs; i++)
        if (!fnmatch(o->globs[i], t->id, 0))
            return 1;
    return 0;
}

/* ---- faults of the reference nodes -------------------------------------- */
static const mc_fault_desc *role_faults(const char *role, size_t *n)
{
    if (!strcmp(role, "ha")) {
        *n = mc_ha_nfaults;
        return mc_ha_faults;
    }
    if (!strcmp(role, "cn")) {
        *n = mc_cn_nfaults;
        return mc_cn_faults;
    }
    *n = mc_mn_nfaults;
    return mc_mn_faults;
}

/* ---- running jobs in child processes ------------------------------------ */
typedef struct job {
    const tc_case *tc;
    const char *fault;   /* NULL: none */
    char dir[PATH_MAX];
    tc_result r;
} job;

static volatile sig_atomic_t g_interrupted;
static void on_int(int s) { g_interrupted = s; }

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void netns_down(const opts *o, const char *id)
{
    char cmd[PATH_MAX + 64];
    snprintf(cmd, sizeof cmd, "%s down --id %s >/dev/null 2>&1", o->ro.netns_tool, id);
    if (system(cmd) != 0) {
        /* nothing more to do: the next run's gc will try again */
    }
}

/* A worker runs jobs one after the other in its own namespace set (run
 * id), which tc_run reuses from one test to the next.  It reads job
 * indices on `in` (-1: stop), writes each finished index on `out`, and
 * removes its namespaces before it exits. */
static void worker_main(const opts *o, job *jobs, int in, int out, const char *id)
{
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    /* a runner killed under it: the write of the finished test's index
     * fails (EPIPE) instead of killing it, and it removes its namespaces
     * before it exits, rather than leaving them to the next run's gc */
    signal(SIGPIPE, SIG_IGN);
    /* its own process group, so that killing a worker (timeout, interrupt)
     * also stops what it runs (mcoa-netns up half way, the IUT); and the
     * reaper of its IUT's orphans (see stop_iut in env.c) */
    setpgid(0, 0);
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    long idx;
    while (read(in, &idx, sizeof idx) == (ssize_t)sizeof idx && idx >= 0) {
        job *j = &jobs[idx];
        const char *faults[1] = {j->fault};
        tc_run(j->tc, &o->ro, j->dir, id, faults, j->fault ? 1 : 0, &j->r);
        char p[PATH_MAX + 16];
        snprintf(p, sizeof p, "%s/result", j->dir);
        tc_result_save(p, &j->r);
        if (write(out, &idx, sizeof idx) != (ssize_t)sizeof idx)
            break;
    }
    if (!o->ro.reuse_netns[0]) /* --reuse-netns: they stay up, reset, for the next process */
        tc_world_down();
    _exit(0);
}

static void progress(const opts *o, size_t done, size_t total, const job *j)
{
    if (j->r.rerun_stall_ms > 0) /* even --quiet: a run that needed it says so */
        fprintf(stderr, "note: %s%s%s ran again: the tester was not scheduled for %.0f ms at step %d of its first "
                "attempt (%s; kept in its folder stalled/)\n", j->tc->id, j->fault ? " with " : "",
                j->fault ? j->fault : "", j->r.rerun_stall_ms, j->r.rerun_step, mc_verdict_name(j->r.rerun_first));
    if (o->quiet)
        return;
    printf("[%3zu/%zu] %-6s %-40s %s%s(%.2f s)\n", done, total, mc_verdict_name(j->r.verdict), j->tc->id,
           j->fault ? j->fault : "", j->fault ? " " : "", j->r.duration_s);
    if (j->r.verdict == MC_VERDICT_FAIL || j->r.verdict == MC_VERDICT_ERROR || j->r.verdict == MC_VERDICT_INCONC)
        if (!j->fault && j->r.reason[0])
            printf("         %s\n", j->r.reason);
    fflush(stdout);
}

static int mkdirs(const char *path);

typedef struct worker {
    pid_t pid;
    int to, from;     /* job indices to it, finished indices from it */
    long job;         /* the job it runs, -1 idle */
    double started;
    char id[16];      /* its namespace run id */
} worker;

static unsigned g_worker_serial;

static void worker_id(char *out)
{
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    unsigned long v = ((unsigned long)getpid() % 1679616ul) * 1679616ul + g_worker_serial++; /* 36^4 */
    for (int i = 7; i >= 0; i--, v /= 36)
        out[i] = digits[v % 36];
    out[8] = 0;
}

static int worker_start(const opts *o, job *jobs, worker *w)
{
    int down[2], up[2];
    if (pipe2(down, O_CLOEXEC) < 0 || pipe2(up, O_CLOEXEC) < 0)
        return -1;
    if (o->ro.reuse_netns[0])
        snprintf(w->id, sizeof w->id, "%s", o->ro.reuse_netns);
    else
        worker_id(w->id);
    fflush(stdout);
    w->pid = fork();
    if (w->pid == 0) {
        close(down[1]);
        close(up[0]);
        worker_main(o, jobs, down[0], up[1], w->id);
    }
    close(down[0]);
    close(up[1]);
    if (w->pid < 0) {
        close(down[1]);
        close(up[0]);
        return -1;
    }
    setpgid(w->pid, w->pid); /* also here: no window in which kill(-pid) misses */
    w->to = down[1];
    w->from = up[0];
    w->job = -1;
    return 0;
}

static void worker_give(worker *w, long idx)
{
    w->job = idx;
    w->started = mono();
    if (write(w->to, &idx, sizeof idx) != (ssize_t)sizeof idx) {
        /* the worker died: its EOF on w->from reports it */
    }
}

static void finish(const opts *o, job *j, size_t *done, size_t n, const char *why)
{
    char p[PATH_MAX + 16];
    snprintf(p, sizeof p, "%s/result", j->dir);
    if (why || tc_result_load(p, &j->r) < 0) {
        j->r.verdict = MC_VERDICT_ERROR;
        j->r.duration_s = 0;
        snprintf(j->r.reason, sizeof j->r.reason, "%s", why ? why : "the test left no result");
    }
    (*done)++;
    progress(o, *done, n, j);
}

/* How long a test is likely to take, from its script: an expect-none
 * window always runs out, an expect usually ends early (a retransmission
 * awaited ends about half way), and the IUT's start and stop cost a
 * little.  Longest first (LPT): the workers finish together, not with one
 * long test started last. */
static double job_cost(const job *j)
{
    double ms = 200;
    for (int i = 0; i < j->tc->nsteps; i++) {
        const tc_step *s = &j->tc->steps[i];
        if (s->kind == TC_EXPECT_NONE)
            ms += s->timeout_ms;
        else if (s->kind == TC_EXPECT)
            ms += s->timeout_ms / 4.0;
    }
    return ms;
}

static const job *g_cost_jobs;
static int by_cost(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    double cx = job_cost(&g_cost_jobs[x]), cy = job_cost(&g_cost_jobs[y]);
    if (cx != cy)
        return cx > cy ? -1 : 1;
    return x < y ? -1 : x > y; /* stable: the listed order among equals */
}

static void run_jobs(const opts *o, job *jobs, size_t n)
{
    const double timeout = 60;
    size_t next = 0, done = 0;
    /* the order the jobs start in; the report keeps the listed order */
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    if (!order) {
        perror("mcoa-conform");
        exit(2);
    }
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    g_cost_jobs = jobs;
    qsort(order, n, sizeof *order, by_cost);
    int nw = o->jobs > 0 ? o->jobs : 1;
    if ((size_t)nw > n)
        nw = (int)n;
    worker w[64];
    for (size_t i = 0; i < n; i++)
        mkdirs(jobs[i].dir); /* run --fault F: OUTPUT/faults/F/ID */
    for (int k = 0; k < nw; k++) {
        if (worker_start(o, jobs, &w[k]) < 0) {
            w[k].pid = 0;
            continue;
        }
        if (next < n)
            worker_give(&w[k], (long)order[next++]);
    }
    while (done < n && !g_interrupted) {
        struct pollfd pf[64];
        for (int k = 0; k < nw; k++)
            pf[k] = (struct pollfd){w[k].pid > 0 ? w[k].from : -1, POLLIN, 0};
        if (poll(pf, (nfds_t)nw, 100) < 0 && errno != EINTR)
            break;
        for (int k = 0; k < nw; k++) {
            if (w[k].pid <= 0)
                continue;
            if (w[k].job >= 0 && mono() - w[k].started > timeout)
                kill(-w[k].pid, SIGKILL); /* its EOF comes next */
            if (!(pf[k].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            long idx;
            if (read(w[k].from, &idx, sizeof idx) == (ssize_t)sizeof idx) {
                finish(o, &jobs[idx], &done, n, NULL);
                w[k].job = -1;
                worker_give(&w[k], next < n ? (long)order[next++] : -1L);
                continue;
            }
            /* the worker died (or was killed for its time): its job is an
             * error, its namespaces go, and a new worker takes over */
            close(w[k].to);
            close(w[k].from);
            waitpid(w[k].pid, NULL, 0);
            netns_down(o, w[k].id);
            if (w[k].job >= 0)
                finish(o, &jobs[w[k].job], &done, n, "the test process died or ran past its time");
            w[k].pid = 0;
            if (next < n && worker_start(o, jobs, &w[k]) == 0)
                worker_give(&w[k], (long)order[next++]);
        }
    }
    for (int k = 0; k < nw; k++) {
        if (w[k].pid <= 0)
            continue;
        if (g_interrupted)
            kill(-w[k].pid, SIGKILL);
        close(w[k].to); /* an idle worker reads EOF and stops */
        waitpid(w[k].pid, NULL, 0);
        close(w[k].from);
        if (g_interrupted)
            netns_down(o, w[k].id);
    }
    free(order);
}

static void job_init(job *j, const tc_case *tc, const char *fault, const char *base)
{
    memset(j, 0, sizeof *j);
    j->tc = tc;
    j->fault = fault;
    if (fault)
        snprintf(j->dir, sizeof j->dir, "%s/faults/%s/%s", base, fault, tc->id);
    else
        snprintf(j->dir, sizeof j->dir, "%s/tests/%s", base, tc->id);
}

static int mkdirs(const char *path)
{
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s", path);
    for (char *s = p + 1; *s; s++)
        if (*s == '/') {
            *s = 0;
            mkdir(p, 0755);
            *s = '/';
        }
    return mkdir(p, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

/* ---- reports ----------------------------------------------------------- */
/* A test's page, its steps as they ran and the step that failed (the
 * ladder diagram of its page), and the PICS items it requires. */
static void report_extras(mc_test_result *t, const job *j, const char *rel)
{
    static const char *const kinds[] = {[TC_SEND] = "send", [TC_EXPECT] = "expect",
                                        [TC_EXPECT_NONE] = "expect-none", [TC_IUT] = "iut",
                                        [TC_STATE] = "state", [TC_COMPUTE] = "compute",
                                        [TC_CHECK] = "check", [TC_REPEAT] = "repeat", [TC_END] = "end"};
    const tc_case *c = j->tc;
    const tc_result *r = &j->r;
    char *page = malloc(PATH_MAX);
    mc_step_run *st = calloc((size_t)r->nsteps + 1, sizeof *st);
    const char **pics = calloc((size_t)c->npics + 1, sizeof *pics);
    if (page) {
        snprintf(page, PATH_MAX, "%s/index.html", rel);
        t->page = page;
    }
    for (int k = 0; st && k < r->nsteps && k < c->nsteps; k++) {
        const tc_step *s = &c->steps[k];
        st[k] = (mc_step_run){s->line, s->kind < sizeof kinds / sizeof *kinds && kinds[s->kind] ? kinds[s->kind] : "?", s->where, s->text,
                              s->timeout_ms, r->steps[k].frame0, r->steps[k].frame1, r->steps[k].t0_ms,
                              r->steps[k].t1_ms};
        t->nsteps = (size_t)k + 1;
    }
    t->steps = st;
    mc_fail_step *fs = r->fail_step > 0 ? calloc(1, sizeof *fs) : NULL;
    if (fs) {
        *fs = (mc_fail_step){r->fail_step, r->fail_line, r->fail_kind, r->fail_where, r->fail_text,
                             r->fail_timeout_ms};
        t->fail = fs;
    }
    for (int k = 0; pics && k < c->npics; k++)
        pics[k] = c->pics[k];
    t->pics = pics;
    t->npics = pics ? (size_t)c->npics : 0;
}

static mc_test_result *results_of(const opts *o, job *jobs, size_t n, const char *base)
{
    mc_test_result *t = calloc(n ? n : 1, sizeof *t);
    for (size_t i = 0; t && i < n; i++) {
        const tc_case *c = jobs[i].tc;
        const char **cl = calloc((size_t)c->nclauses + 1, sizeof *cl);
        const char **tg = calloc((size_t)c->ntags + 1, sizeof *tg);
        for (int k = 0; cl && k < c->nclauses; k++)
            cl[k] = c->clauses[k];
        for (int k = 0; tg && k < c->ntags; k++)
            tg[k] = c->tags[k];
        const char *rel = jobs[i].dir + strlen(base) + 1;
        char *script = malloc(PATH_MAX), *log = malloc(PATH_MAX), *pcap = malloc(PATH_MAX), *marks = malloc(PATH_MAX);
        snprintf(script, PATH_MAX, "%s/script.tc", rel);
        snprintf(log, PATH_MAX, "%s/log.txt", rel);
        snprintf(pcap, PATH_MAX, "%s/packets.pcap", rel);
        snprintf(marks, PATH_MAX, "%s/packets.marks", rel);
        int skipped = jobs[i].r.verdict == MC_VERDICT_SKIP;
        t[i] = (mc_test_result){c->id, c->title, c->iut, cl, (size_t)c->nclauses, tg, (size_t)c->ntags,
                                jobs[i].r.verdict, jobs[i].r.warning, jobs[i].r.reason, jobs[i].r.duration_s,
                                skipped ? NULL : script, skipped ? NULL : log, skipped ? NULL : pcap,
                                skipped ? NULL : marks, NULL, NULL, 0, NULL, NULL, 0, NULL, 0};
        report_extras(&t[i], &jobs[i], rel);
    }
    (void)o;
    return t;
}

static mc_run *g_baseline; /* run --baseline DIR, loaded before the run */

static int write_reports(const opts *o, const char *base, job *jobs, size_t n, const mc_fault_row *rows,
                         size_t nrows, double duration)
{
    const mc_run *baseline = g_baseline;
    char started[64], host[128] = "", iut[600], err[256];
    time_t now = time(NULL);
    strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    gethostname(host, sizeof host - 1);
    snprintf(iut, sizeof iut, "%s%s", o->ro.iut == IUT_REFERENCE ? "reference nodes" :
                                      o->ro.iut == IUT_CMD ? "--iut-cmd " : "--iut-iface ",
             o->ro.iut == IUT_REFERENCE ? "" : o->ro.iut_arg);
    mc_test_result *t = results_of(o, jobs, n, base);
    mc_run run = {!strcmp(o->cmd, "validate") ? "mcoa-conform validate" : "mcoa-conform run", iut, started,
                  duration, host, t, n, g_clauses.c, g_clauses.n, rows, nrows,
                  NULL, 0, NULL, 0, NULL, NULL, NULL, 0};
    /* the PIXIT and PICS used, as JUnit properties */
    static mc_kv px[PIXIT_MAX], pics[PIXIT_MAX];
    for (int k = 0; k < g_px.n && k < PIXIT_MAX; k++)
        px[k] = (mc_kv){g_px.key[k], g_px.val[k]};
    for (int k = 0; k < g_pics.n && k < PIXIT_MAX; k++)
        pics[k] = (mc_kv){g_pics.key[k], g_pics.val[k]};
    run.pixit = px, run.npixit = (size_t)g_px.n;
    run.pics = pics, run.npics = (size_t)g_pics.n;
    run.baseline = baseline;
    run.baseline_path = o->baseline;
    double w0 = mono();
    int rc = mc_report_write(base, &run, err, sizeof err);
    double took = mono() - w0;
    if (rc < 0)
        fprintf(stderr, "mcoa-conform: report: %s\n", err);
    else if (!o->quiet)
        printf("report: %s/index.html (junit.xml, results.tap, results.json, a page per test%s), written in %.3f s\n",
               base, baseline ? ", diff.json" : "", took);
    if (rc == 0 && baseline) {
        mc_diff d;
        if (mc_diff_runs(baseline, &run, &d) == 0)
            printf("since %s: %zu new failure%s, %zu removed, %zu fixed, %zu other change%s%s\n", o->baseline,
                   d.count[MC_CHANGE_NEW_FAILURE], d.count[MC_CHANGE_NEW_FAILURE] == 1 ? "" : "s",
                   d.count[MC_CHANGE_REMOVED], d.count[MC_CHANGE_FIXED],
                   d.nrows - d.count[MC_CHANGE_NEW_FAILURE] - d.count[MC_CHANGE_REMOVED] - d.count[MC_CHANGE_FIXED],
                   d.nrows - d.count[MC_CHANGE_NEW_FAILURE] - d.count[MC_CHANGE_REMOVED] - d.count[MC_CHANGE_FIXED] == 1
                       ? "" : "s",
                   d.regressed ? " (regressed)" : "");
        mc_diff_free(&d);
    }
    /* the strings are referenced from the jobs and tests: freed at exit */
    return rc;
}

static void summary(const job *jobs, size_t n, int *counts)
{
    memset(counts, 0, 6 * sizeof *counts);
    for (size_t i = 0; i < n; i++) {
        counts[jobs[i].r.verdict]++;
        counts[5] += jobs[i].r.warning;
    }
    printf("%d passed, %d failed, %d skipped (inconc %d, error %d, warnings %d)\n", counts[MC_VERDICT_PASS],
           counts[MC_VERDICT_FAIL], counts[MC_VERDICT_SKIP], counts[MC_VERDICT_INCONC], counts[MC_VERDICT_ERROR],
           counts[5]);
}

/* ---- commands -------------------------------------------------------------- */
/* With an IUT named (--iut-cmd, --iut-iface, --pixit or --pics), `list`
 * says per test whether it would run against it, and if not why: the
 * answer `run` gives, without running anything. */
static int cmd_list(const opts *o)
{
    int n = 0;
    for (size_t i = 0; i < g_ntc; i++) {
        const tc_case *t = &g_tc[i];
        if (!selected(o, t))
            continue;
        char why[600];
        if (o->list_iut_arg)
            printf("%-36s %-3s %-4s %s\n", t->id, t->iut, tc_skip_reason(t, &o->ro, why, sizeof why) ? "skip" : "runs",
                   tc_skip_reason(t, &o->ro, why, sizeof why) ? why : t->title);
        else
            printf("%-40s %-3s %s\n", t->id, t->iut, t->title);
        n++;
    }
    if (!n && o->nglobs) {
        fprintf(stderr, "mcoa-conform: no test matches %s\n", o->globs[0]);
        return 2;
    }
    return 0;
}

/* "ROLE: K of N wire-testable WHAT covered": the MUST / MUST NOT clauses
 * (rules 0) or the keyword-less processing rules (rules 1) that bind the
 * role, and how many a test of that role names. */
static void role_coverage(const char *role, int rules, const char *what)
{
    int total = 0, covered = 0;
    for (size_t c = 0; c < g_clauses.n; c++) {
        const mc_clause *cl = &g_clauses.c[c];
        int kind = rules ? !strcmp(cl->level, "rule") : !strncmp(cl->level, "MUST", 4);
        if (!kind || strcmp(cl->check, "wire") || !strstr(cl->actor, role))
            continue;
        total++;
        int hit = 0;
        for (size_t i = 0; i < g_ntc && !hit; i++)
            for (int k = 0; k < g_tc[i].nclauses; k++)
                if (!strcmp(g_tc[i].clauses[k], cl->id) && !strcasecmp(g_tc[i].iut, role))
                    hit = 1;
        covered += hit;
    }
    printf("%s: %d of %d wire-testable %s covered\n", role, covered, total, what);
}

static int cmd_coverage(const opts *o)
{
    static const char *roles[] = {"HA", "CN", "MN"};
    for (size_t c = 0; c < g_clauses.n; c++) {
        const mc_clause *cl = &g_clauses.c[c];
        printf("%-14s %-10s %-6s %-5s", cl->id, cl->level, cl->actor, cl->check);
        int any = 0;
        for (size_t i = 0; i < g_ntc; i++)
            for (int k = 0; k < g_tc[i].nclauses; k++)
                if (!strcmp(g_tc[i].clauses[k], cl->id) && (!o->role || !strcmp(o->role, g_tc[i].iut))) {
                    printf(" %s", g_tc[i].id);
                    any = 1;
                }
        if (!any)
            printf(" %s", strcmp(cl->check, "none") ? "-- NOT COVERED" : cl->note);
        printf("\n");
    }
    for (int r = 0; r < 3; r++)
        role_coverage(roles[r], 0, "MUST / MUST NOT clauses");
    /* processing rules the RFC states without a key word (CLAUSES.md) */
    for (int r = 0; r < 3; r++)
        role_coverage(roles[r], 1, "processing rules");
    return 0;
}

/* Every $NAME a selected test uses is in the PIXIT or captured (key=?NAME)
 * by an earlier step: checked before any topology is built, so that a PIXIT
 * lacking an address is a setup error naming the key, not an error verdict
 * per test after its topology came and went. */
static int check_vars(const opts *o)
{
    int bad = 0;
    char said[32][48]; /* each missing key reported once, at its first use */
    int nsaid = 0;
    for (size_t i = 0; i < g_ntc; i++) {
        const tc_case *t = &g_tc[i];
        if (!selected(o, t))
            continue;
        char caps[TC_MAX_STEPS * 4][48];
        int ncaps = 0;
        for (int k = 0; k < t->nsteps; k++) {
            const tc_step *st = &t->steps[k];
            char tv[40];
            /* the step's text, and its time bound when that is a $NAME */
            snprintf(tv, sizeof tv, "%s%s", st->timeout_var[0] ? "$" : "", st->timeout_var);
            for (int src = 0; src < 2; src++)
            for (const char *s = src ? tv : st->text; (s = strchr(s, '$'));) {
                const char *name = ++s;
                while (isalnum((unsigned char)*s) || *s == '_')
                    s++;
                char key[48];
                snprintf(key, sizeof key, "%.*s", (int)(s - name), name);
                int known = !key[0] || pixit_get(&g_px, key) != NULL;
                for (int c = 0; c < ncaps && !known; c++)
                    known = !strcmp(caps[c], key);
                for (int c = 0; c < nsaid && !known; c++)
                    if (!strcmp(said[c], key))
                        known = bad = 1;
                if (!known) {
                    if (nsaid < 32)
                        snprintf(said[nsaid++], sizeof said[0], "%s", key);
                    fprintf(stderr, "mcoa-conform: the PIXIT %s does not define $%s (first used at %s:%d, test %s)\n",
                            o->pixit_path ? o->pixit_path : "reference.pixit", key, t->path, st->line, t->id);
                    bad = 1;
                }
            }
            /* `compute NAME = ...` defines NAME (whatever the step kind
             * is called: no packet expression starts with "NAME =") */
            const char *d = st->text, *dn;
            while (*d == ' ')
                d++;
            for (dn = d; isalnum((unsigned char)*dn) || *dn == '_'; dn++)
                ;
            if (dn > d && !strncmp(dn, " = ", 3) && ncaps < (int)(sizeof caps / sizeof caps[0]))
                snprintf(caps[ncaps++], sizeof caps[0], "%.*s", (int)(dn - d), d);
            /* `repeat VAR FROM TO` defines VAR */
            if (st->kind == TC_REPEAT && dn > d && ncaps < (int)(sizeof caps / sizeof caps[0]))
                snprintf(caps[ncaps++], sizeof caps[0], "%.*s", (int)(dn - d), d);
            /* captures: key=?NAME, or a positional ?NAME (`bid ?B1`) */
            for (const char *s = st->text; (s = strchr(s, '?'));) {
                if (s > st->text && s[-1] != '=' && s[-1] != ' ') {
                    s++;
                    continue;
                }
                const char *name = ++s;
                while (isalnum((unsigned char)*s) || *s == '_')
                    s++;
                if (s > name && ncaps < (int)(sizeof caps / sizeof caps[0]))
                    snprintf(caps[ncaps++], sizeof caps[0], "%.*s", (int)(s - name), name);
            }
        }
    }
    return bad ? -1 : 0;
}

static int cmd_run(opts *o)
{
    job *jobs = calloc(g_ntc ? g_ntc : 1, sizeof *jobs);
    size_t n = 0;
    for (size_t i = 0; i < g_ntc; i++)
        if (selected(o, &g_tc[i])) {
            job_init(&jobs[n], &g_tc[i], o->nfaults ? o->faults[0] : NULL, o->output);
            n++;
        }
    if (!n) {
        fprintf(stderr, "mcoa-conform: no test matches%s%s (mcoa-conform list shows them)\n",
                o->nglobs ? " " : "", o->nglobs ? o->globs[0] : "");
        return 2;
    }
    if (check_vars(o) < 0)
        return 2;
    if (mkdirs(o->output) < 0) {
        fprintf(stderr, "mcoa-conform: cannot create %s: %s\n", o->output, strerror(errno));
        return 2;
    }
    char tests[PATH_MAX];
    snprintf(tests, sizeof tests, "%s/tests", o->output);
    mkdir(tests, 0755);
    double t0 = mono();
    run_jobs(o, jobs, n);
    int counts[6];
    summary(jobs, n, counts);
    write_reports(o, o->output, jobs, n, NULL, 0, mono() - t0);
    if (g_interrupted || counts[MC_VERDICT_ERROR])
        return 2;
    return counts[MC_VERDICT_FAIL] || counts[MC_VERDICT_INCONC] ? 1 : 0;
}

static int claims_fault(const tc_case *t, const char *fault)
{
    for (int c = 0; c < t->nfaults; c++)
        if (!strcmp(t->faults[c], fault))
            return 1;
    return 0;
}

/* validate: every selected test against the reference node (must pass),
 * then against each fault it claims (it must fail); every fault of a role
 * the selection covers whole must be claimed by some test, so that each is
 * caught.  --matrix runs every fault against every test of its role
 * instead (which other tests a fault also trips: tests x faults runs, an
 * hour on two cores, against a few minutes). */
static int cmd_validate(opts *o)
{
    size_t nsel = 0, nf_total = 0;
    for (size_t i = 0; i < g_ntc; i++)
        nsel += selected(o, &g_tc[i]);
    if (!nsel) {
        fprintf(stderr, "mcoa-conform: no test selected\n");
        return 2;
    }
    static const char *roles[] = {"ha", "cn", "mn"};
    for (int r = 0; r < 3; r++) {
        size_t nf;
        role_faults(roles[r], &nf);
        nf_total += nf;
    }
    if (check_vars(o) < 0)
        return 2;
    job *jobs = calloc(nsel * (nf_total + 1), sizeof *jobs);
    size_t n = 0;
    for (size_t i = 0; i < g_ntc; i++)
        if (selected(o, &g_tc[i])) {
            job_init(&jobs[n], &g_tc[i], NULL, o->output);
            n++;
        }
    size_t nbase = n;
    for (size_t i = 0; i < nbase; i++) {
        size_t nf;
        const mc_fault_desc *f = role_faults(jobs[i].tc->iut, &nf);
        for (size_t k = 0; k < nf; k++)
            if (o->matrix || claims_fault(jobs[i].tc, f[k].name)) {
                job_init(&jobs[n], jobs[i].tc, f[k].name, o->output);
                n++;
            }
    }
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/faults", o->output);
    mkdirs(o->output);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/tests", o->output);
    mkdir(p, 0755);
    for (size_t i = nbase; i < n; i++) {
        snprintf(p, sizeof p, "%s/faults/%s", o->output, jobs[i].fault);
        mkdir(p, 0755);
    }
    double t0 = mono();
    run_jobs(o, jobs, n);
    if (g_interrupted)
        return 2;

    /* the matrix */
    int bad = 0;
    mc_fault_row *rows = calloc(nf_total, sizeof *rows);
    size_t nrows = 0;
    /* the whole suite, or all of a role: every fault of a covered role must be claimed */
    int whole = (o->all || !o->nglobs) && !o->clause && !o->tag;
    printf("\nfault x test (F: fails as it must, p: passes although it claims the fault, .: unchanged, "
           "E: error, no verdict, !: verdict changed without a claim, -: not run%s)\n", o->matrix ? "" : ": --matrix runs every pair");
    for (int r = 0; r < 3; r++) {
        size_t nf;
        const mc_fault_desc *f = role_faults(roles[r], &nf);
        for (size_t k = 0; k < nf; k++) {
            char *cells = calloc(nbase + 1, 1);
            int detected = 0, any = 0;
            for (size_t t = 0; t < nbase; t++) {
                const job *base = &jobs[t], *fj = NULL;
                for (size_t m = nbase; m < n && !fj; m++)
                    if (jobs[m].tc == base->tc && !strcmp(jobs[m].fault, f[k].name))
                        fj = &jobs[m];
                if (!fj) {
                    cells[t] = '-';
                    continue;
                }
                any = 1;
                int claims = claims_fault(base->tc, f[k].name);
                int failed = fj->r.verdict == MC_VERDICT_FAIL || (fj->r.warning && !base->r.warning);
                detected |= failed;
                if (claims)
                    cells[t] = failed ? 'F' : fj->r.verdict == MC_VERDICT_ERROR ? 'E' : 'p';
                else
                    cells[t] = fj->r.verdict == base->r.verdict ? '.' : (failed ? 'f' : '!');
                if (claims && !failed)
                    bad = 1;
            }
            int role_selected = 0;
            for (size_t t = 0; t < nbase; t++)
                role_selected |= !strcmp(jobs[t].tc->iut, roles[r]);
            if (!any && whole && role_selected) {
                printf("%-34s %s NOT CLAIMED by any test\n", f[k].name, cells);
                bad = 1;
            }
            if (!any) {
                free(cells);
                continue;
            }
            printf("%-34s %s %s\n", f[k].name, cells, detected ? "detected" : "NOT DETECTED");
            if (!detected)
                bad = 1;
            rows[nrows++] = (mc_fault_row){f[k].name, roles[r], f[k].clause, cells, detected};
        }
    }
    for (size_t m = nbase; m < n; m++)
        if (jobs[m].r.verdict == MC_VERDICT_ERROR) /* no verdict: the fault was not tried */
            printf("%s with fault %s: error: %s\n", jobs[m].tc->id, jobs[m].fault, jobs[m].r.reason);
    for (size_t t = 0; t < nbase; t++) {
        if (jobs[t].r.verdict != MC_VERDICT_PASS) {
            printf("%s does not pass against the reference node: %s\n", jobs[t].tc->id, jobs[t].r.reason);
            bad = 1;
        }
        int caught = 0;
        for (size_t m = nbase; m < n; m++)
            caught |= jobs[m].tc == jobs[t].tc &&
                      (jobs[m].r.verdict == MC_VERDICT_FAIL || (jobs[m].r.warning && !jobs[t].r.warning));
        if (!caught) {
            printf("%s fails against no fault\n", jobs[t].tc->id);
            bad = 1;
        }
    }
    int counts[6];
    summary(jobs, nbase, counts);
    write_reports(o, o->output, jobs, nbase, rows, nrows, mono() - t0);
    printf("validate: %s\n", bad ? "FAILED" : "every test passes against the reference and fails against its faults; "
                                              "every fault is detected");
    return bad ? 1 : 0;
}

/* diff OLD NEW: what changed between two reports (directories or their
 * results.json).  Exit 1 when a test newly fails or went away, 0
 * otherwise, 2 when an input cannot be read. */
static int cmd_diff(const opts *o)
{
    mc_run *old = NULL, *new_ = NULL;
    char err[512];
    mc_diff d;
    int rc = 2;

    if (o->nglobs != 2) {
        fprintf(stderr, "mcoa-conform: diff takes two reports: OLD NEW (directories or results.json files)\n");
        return 2;
    }
    if (mc_results_load(o->globs[0], &old, err, sizeof err) < 0 ||
        mc_results_load(o->globs[1], &new_, err, sizeof err) < 0) {
        fprintf(stderr, "mcoa-conform: diff: %s\n", err);
        goto out;
    }
    if (mc_diff_runs(old, new_, &d) < 0) {
        fprintf(stderr, "mcoa-conform: diff: out of memory\n");
        goto out;
    }
    if (o->json)
        mc_diff_json(stdout, &d, o->globs[0], o->globs[1]);
    else
        mc_diff_text(stdout, &d, o->globs[0], o->globs[1]);
    rc = d.regressed ? 1 : 0;
    if (o->html) {
        FILE *f = fopen(o->html, "w");
        if (f)
            mc_diff_html_page(f, &d, o->globs[0], o->globs[1]);
        if (!f || fclose(f) != 0) {
            fprintf(stderr, "mcoa-conform: diff: cannot write %s: %s\n", o->html, strerror(errno));
            rc = 2;
        }
    }
    mc_diff_free(&d);
out:
    mc_results_free(old);
    mc_results_free(new_);
    return rc;
}

/* ---- arguments ------------------------------------------------------------ */
static void usage(FILE *f)
{
    fprintf(f, "usage: mcoa-conform list [--role R] [--clause C] [--tag T] [ID-GLOB...]\n"
               "       mcoa-conform run (ID-GLOB... | --all) [--output DIR] [-j N] [--quiet] [--strict]\n"
               "                        [--iut-cmd CMD | --iut-iface IF] [--pixit F] [--pics F] [--fault F]\n"
               "                        [--reuse-netns ID]   (with -j 1: keep run ID's namespaces up for the next run)\n"
               "       mcoa-conform validate [ID-GLOB... | --all] [--matrix] [--output DIR] [-j N] [--quiet]\n"
               "       mcoa-conform coverage [--role R]\n"
               "       mcoa-conform diff OLD NEW [--json] [--html FILE]   (OLD, NEW: report directories or results.json)\n"
               "       mcoa-conform check [--json] [--role R,...] [--from-start] [-v] (FILE... | -i IFACE)  (a capture judged by the RFC model)\n"
               "       mcoa-conform check --rules   (the checker's rule table and its coverage of the catalogue)\n"
               "       mcoa-conform explore --role ha|cn|mn [--seed N] [--steps N] [--out DIR] [IUT options] [--fault F]  (harness/EXPLORE.md)\n"
               "       mcoa-conform run ... --baseline DIR   (adds the comparison with DIR to the report)\n"
               "       mcoa-conform list ... [--iut-cmd CMD | --iut-iface IF] [--pixit F] [--pics F]  (what would run)\n"
               "       mcoa-conform pixit-template ROLE | pics-template ROLE   (ROLE: ha, cn, mn)\n"
               "common: --testcases DIR (default %s)\n"
               "       mcoa-conform --help | --version\n",
            mc_path_testcases());
}

static int parse_args(int argc, char **argv, opts *o)
{
    memset(o, 0, sizeof *o);
    o->jobs = 1;
    o->output = "mcoa-report";
    o->testcases = mc_path_testcases(); /* MCOA_TESTCASES, MCOA_DATADIR or beside the program */
    if (argc == 2 && !strcmp(argv[1], "--version")) {
        printf("mcoa-conform %s\n", MCOA_VERSION);
        return 0;
    }
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    o->cmd = argv[1];
    if (!strcmp(o->cmd, "pixit-template") || !strcmp(o->cmd, "pics-template")) {
        if (argc != 3 || (strcmp(argv[2], "ha") && strcmp(argv[2], "cn") && strcmp(argv[2], "mn"))) {
            fprintf(stderr, "mcoa-conform: %s takes the role of the IUT: ha, cn or mn\n", o->cmd);
            return 2;
        }
        o->template_role = argv[2];
        return -1;
    }
    if (strcmp(o->cmd, "list") && strcmp(o->cmd, "run") && strcmp(o->cmd, "validate") && strcmp(o->cmd, "coverage") &&
        strcmp(o->cmd, "diff")) {
        fprintf(stderr, "mcoa-conform: unknown command '%s'\n", o->cmd);
        usage(stderr);
        return 2;
    }
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define OPT(name) (!strcmp(a, name) && v && (++i, 1))
        if (!strcmp(a, "--all"))
            o->all = 1;
        else if (!strcmp(a, "--quiet") || !strcmp(a, "-q"))
            o->quiet = 1;
        else if (!strcmp(a, "--strict"))
            o->strict = 1;
        else if (!strcmp(a, "--matrix"))
            o->matrix = 1;
        else if (OPT("--reuse-netns")) {
            size_t l = strlen(v);
            if (!l || l > 8 || strspn(v, "0123456789abcdefghijklmnopqrstuvwxyz") != l) {
                fprintf(stderr, "mcoa-conform: --reuse-netns: a run id is 1 to 8 lower-case letters or digits, "
                                "got '%s'\n", v);
                return 2;
            }
            snprintf(o->ro.reuse_netns, sizeof o->ro.reuse_netns, "%s", v);
        } else if (OPT("-j") || OPT("--jobs"))
            o->jobs = atoi(v);
        else if (!strncmp(a, "-j", 2) && a[2])
            o->jobs = atoi(a + 2);
        else if (OPT("--role"))
            o->role = v;
        else if (OPT("--clause"))
            o->clause = v;
        else if (OPT("--tag"))
            o->tag = v;
        else if (OPT("--output") || OPT("-o"))
            o->output = v;
        else if (OPT("--pixit"))
            o->pixit_path = o->list_iut_arg = v;
        else if (OPT("--pics"))
            o->pics_path = o->list_iut_arg = v;
        else if (OPT("--testcases"))
            o->testcases = v;
        else if (OPT("--iut-cmd")) {
            o->ro.iut = IUT_CMD;
            o->ro.iut_arg = o->list_iut_arg = v;
        } else if (OPT("--iut-iface")) {
            o->ro.iut = IUT_IFACE;
            o->ro.iut_arg = o->list_iut_arg = v;
        } else if (OPT("--baseline"))
            o->baseline = v;
        else if (!strcmp(a, "--json"))
            o->json = 1;
        else if (OPT("--html"))
            o->html = v;
        else if (OPT("--fault") && o->nfaults < 16)
            o->faults[o->nfaults++] = v;
        else if (a[0] == '-') {
            fprintf(stderr, "mcoa-conform: unknown option or missing value: %s\n", a);
            return 2;
        } else if (o->nglobs < 64)
            o->globs[o->nglobs++] = a;
#undef OPT
    }
    if (o->jobs < 1 || o->jobs > 64) {
        fprintf(stderr, "mcoa-conform: -j takes 1 to 64\n");
        return 2;
    }
    if (o->ro.reuse_netns[0]) {
        if (strcmp(o->cmd, "run") || o->jobs != 1) {
            fprintf(stderr, "mcoa-conform: --reuse-netns is for run with -j 1 (one set of namespaces)\n");
            return 2;
        }
        /* they outlive this process: they are collected when their owner is
         * gone (mcoa-netns gc), that is $MCOA_NETNS_OWNER, else our caller */
        const char *own = getenv("MCOA_NETNS_OWNER");
        o->ro.netns_owner = own && atol(own) > 0 ? atol(own) : (long)getppid();
    }
    if (!strcmp(o->cmd, "run") && !o->all && !o->nglobs) {
        fprintf(stderr, "mcoa-conform: run needs test ids (globs) or --all\n");
        return 2;
    }
    return -1;
}

static void self_dir(char *out, size_t cap)
{
    ssize_t n = readlink("/proc/self/exe", out, cap - 1);
    out[n > 0 ? n : 0] = 0;
    char *slash = strrchr(out, '/');
    if (slash)
        *slash = 0;
}

int main(int argc, char **argv)
{
    static opts o;
    if (argc >= 2 && !strcmp(argv[1], "check")) /* the passive checker: harness/model/check_cli.c */
        return mc_check_main(argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "explore")) /* random conversations judged by the model: conform/explore.c */
        return mc_explore_main(argc - 1, argv + 1);
    int rc = parse_args(argc, argv, &o);
    if (rc >= 0)
        return rc;
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (!strcmp(o.cmd, "diff"))
        return cmd_diff(&o);
    if (o.baseline) { /* read before the run: a bad baseline stops it before it starts */
        char err[512];
        if (strcmp(o.cmd, "run")) {
            fprintf(stderr, "mcoa-conform: --baseline is for run\n");
            return 2;
        }
        if (mc_results_load(o.baseline, &g_baseline, err, sizeof err) < 0) {
            fprintf(stderr, "mcoa-conform: --baseline: %s\n", err);
            return 2;
        }
    }
    mc_err e = {0};
    char path[PATH_MAX];
    if (tc_load_dir(o.testcases, &g_tc, &g_ntc, &e) < 0) {
        fprintf(stderr, "mcoa-conform: %s\n", e.msg);
        return 2;
    }
    snprintf(path, sizeof path, "%s/clauses.tsv", o.testcases);
    if (clauses_load(path, &g_clauses, &e) < 0) {
        /* only coverage cannot do without it; reports then lack the matrix */
        fprintf(stderr, "mcoa-conform: clause catalogue: %s\n", e.msg);
        if (!strcmp(o.cmd, "coverage"))
            return 2;
    }
    if (!strcmp(o.cmd, "coverage"))
        return cmd_coverage(&o);

    snprintf(path, sizeof path, "%s/pixit/reference.pixit", o.testcases);
    if (o.template_role) {
        if (pixit_load(path, &g_px, &e) < 0) {
            fprintf(stderr, "mcoa-conform: PIXIT: %s\n", e.msg);
            return 2;
        }
        if (!strcmp(o.cmd, "pixit-template"))
            template_pixit(stdout, o.template_role, g_tc, g_ntc, &g_px);
        else
            template_pics(stdout, o.template_role, g_tc, g_ntc);
        return 0;
    }
    if (pixit_load(o.pixit_path ? o.pixit_path : path, &g_px, &e) < 0) {
        fprintf(stderr, "mcoa-conform: PIXIT: %s\n", e.msg);
        return 2;
    }
    snprintf(path, sizeof path, "%s/pixit/reference.pics", o.testcases);
    if (pixit_load(o.pics_path ? o.pics_path : path, &g_pics, &e) < 0) {
        fprintf(stderr, "mcoa-conform: PICS: %s\n", e.msg);
        return 2;
    }
    /* a vendor's PIXIT may name its IUT itself (iut-cmd or iut-iface);
     * the command line wins; validate always runs the reference nodes */
    if (o.ro.iut == IUT_REFERENCE && strcmp(o.cmd, "validate")) {
        if (pixit_get(&g_px, "iut-cmd"))
            o.ro.iut = IUT_CMD, o.ro.iut_arg = pixit_get(&g_px, "iut-cmd");
        else if (pixit_get(&g_px, "iut-iface"))
            o.ro.iut = IUT_IFACE, o.ro.iut_arg = pixit_get(&g_px, "iut-iface");
    }
    if (!strcmp(o.cmd, "validate") && o.ro.iut != IUT_REFERENCE) {
        fprintf(stderr, "mcoa-conform: validate runs the reference nodes and their faults; it takes no IUT\n");
        return 2;
    }
    o.ro.px = &g_px;
    o.ro.pics = &g_pics;
    if (!strcmp(o.cmd, "list"))
        return cmd_list(&o);
    if (geteuid() != 0) {
        fprintf(stderr, "mcoa-conform: must run as root (network namespaces)\n");
        return 2;
    }
    self_dir(o.ro.bindir, sizeof o.ro.bindir);
    snprintf(o.ro.netns_tool, sizeof o.ro.netns_tool, "%s", mc_path_netns_tool());
    snprintf(o.ro.topodir, sizeof o.ro.topodir, "%s", mc_path_topodir());
    o.ro.px = &g_px;
    o.ro.pics = &g_pics;
    o.ro.strict = o.strict;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_int;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    return !strcmp(o.cmd, "run") ? cmd_run(&o) : cmd_validate(&o);
}
