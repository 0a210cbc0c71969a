/*
 * report.h - the results of a conformance run and the report writers:
 * JUnit XML, TAP, JSON and an HTML report with a clause matrix.
 *
 * The runner (harness/mcoa-conform) fills an mc_run and calls
 * mc_report_write(dir, run).  Per-test artefacts (log, script copy, pcap,
 * the sidecar that marks stimulus and observed packets) are written into
 * dir by the runner; the writers only link them, by the relative paths
 * given in mc_test_result.
 */
#ifndef MCOA_REPORT_H
#define MCOA_REPORT_H

#include <stddef.h>
#include <stdint.h>

/* ETSI/ISO 9646 verdicts. */
typedef enum mc_verdict {
    MC_VERDICT_PASS = 0,
    MC_VERDICT_FAIL,
    MC_VERDICT_INCONC,
    MC_VERDICT_SKIP,
    MC_VERDICT_ERROR
} mc_verdict;
const char *mc_verdict_name(mc_verdict v); /* "pass", "fail", "inconc", "skip", "error" */

/* One normative statement of RFC 5648 (testcases/clauses.tsv). */
typedef struct mc_clause {
    const char *id;       /* "5648-6.2-3": RFC, section, ordinal */
    const char *section;  /* "6.2" */
    const char *level;    /* MUST, MUST NOT, SHOULD, SHOULD NOT, MAY, REQUIRED, SHALL, RECOMMENDED, must */
    const char *actor;    /* MN, HA, CN, or a combination "HA,CN" */
    const char *check;    /* "wire", "state" or "none" */
    const char *summary;  /* short paraphrase */
    const char *note;     /* why not testable, or an RFC defect worth knowing; may be "" */
} mc_clause;

/* One step of a test as it ran: which frames of the test's pcap it
 * recorded, and when (the runner's tc_result). */
typedef struct mc_step_run {
    int line;               /* in the test case file */
    const char *kind;       /* "send", "expect", "expect-none", "iut", "state", "compute", "check" */
    const char *where;      /* endpoint ("mn.f1"), or "" */
    const char *text;       /* the step as written ($VARs not substituted) */
    unsigned timeout_ms;    /* expect, expect-none */
    uint32_t frame0, frame1; /* frames recorded before it began and when it ended */
    double t0_ms, t1_ms;    /* from the start of the first step */
} mc_step_run;

/* The step that failed (an expect, expect-none or state step), recorded by
 * the runner so that the report need not parse the reason. */
typedef struct mc_fail_step {
    int step;               /* 1-based; 0 or the struct absent: none */
    int line;
    const char *kind;       /* "expect", "expect-none", "state", "check" */
    const char *where;      /* endpoint, "" for a state or check step */
    const char *text;       /* the pattern or state check, variables substituted */
    unsigned timeout_ms;
} mc_fail_step;

/* A note on one frame of a test's pcap: the passive checker's finding
 * (mcoa-conform check --report), drawn under that frame in the ladder. */
typedef struct mc_frame_note {
    uint32_t frame;         /* 1-based, in the test's pcap */
    int finding;            /* 1 a finding (red), 0 undecided (grey) */
    const char *text;
} mc_frame_note;

typedef struct mc_test_result {
    const char *id;         /* "ha-bulk-accepted" */
    const char *title;
    const char *iut_role;   /* "ha", "cn", "mn" */
    const char *const *clauses; /* clause ids checked */
    size_t nclauses;
    const char *const *tags;
    size_t ntags;
    mc_verdict verdict;
    int warning;            /* a SHOULD-level failure reported as a warning (not --strict) */
    const char *reason;     /* why: quotes the expected and the observed packets as expressions */
    double duration_s;
    /* artefacts, relative to the report directory; NULL if none */
    const char *script;     /* copy of the test case file */
    const char *log;        /* step-by-step log */
    const char *pcap;       /* the test's packets */
    const char *marks;      /* sidecar: for each frame of the pcap, "stimulus" or "observed" */
    /* the test's own page (ladder diagram, script, clauses, reason, log),
     * written by mc_report_write; NULL: none */
    const char *page;
    const mc_step_run *steps; /* the steps that ran, in order; may be NULL */
    size_t nsteps;
    const mc_fail_step *fail; /* NULL: no step failed (or not known) */
    const char *const *pics;  /* PICS items the test requires */
    size_t npics;
    const mc_frame_note *notes; /* check --report: findings on frames; NULL: none */
    size_t nnotes;
} mc_test_result;

/* A key and its value: the PIXIT and PICS of a run. */
typedef struct mc_kv {
    const char *key, *value;
} mc_kv;

/* validate: each reference-node fault against the tests that claim it. */
typedef struct mc_fault_row {
    const char *fault;      /* "ha-no-bid-copy" */
    const char *node;       /* "ha" */
    const char *clause;     /* clause it breaks */
    /* per test in mc_run.tests order: 'F' failed as it must, 'p' passed although it claims the
     * fault (bad), '.' not claimed and verdict unchanged, '!' not claimed but verdict changed,
     * '-' not run */
    const char *cells;
    int detected;           /* some test failed under this fault */
} mc_fault_row;

typedef struct mc_run {
    const char *title;        /* "mcoa-conform run" */
    const char *iut;          /* what was tested: "reference ha", "--iut-cmd ...", "--iut-iface eth1" */
    const char *started;      /* ISO 8601 */
    double duration_s;
    const char *hostname;
    const mc_test_result *tests;
    size_t ntests;
    const mc_clause *clauses; /* the whole catalogue, for the clause matrix */
    size_t nclauses;
    const mc_fault_row *faults; /* validate only; NULL otherwise */
    size_t nfaults;
    const mc_kv *pixit;       /* the PIXIT used (JUnit properties), may be NULL */
    size_t npixit;
    const mc_kv *pics;        /* the PICS used */
    size_t npics;
    const struct mc_run *baseline; /* run --baseline: the run to compare with, NULL: none */
    const char *baseline_path;
    const char *dir;          /* the report directory, where the artefacts are read from
                               * (set by mc_report_write; NULL: artefacts are only linked) */
    int passive;              /* a capture judged by `check`: each "test" is a conversation
                               * (the mobile node and its peer), no tester, no IUT */
} mc_run;

/* Writes junit.xml, results.tap, results.json and index.html into `dir`
 * (which must exist), each test's page (mc_test_result.page) and, with a
 * baseline, diff.json.  Returns 0, or -1 with a message in errbuf. */
int mc_report_write(const char *dir, const mc_run *run, char *errbuf, size_t errlen);

/* One test's page: the conversation as a ladder diagram drawn from its pcap
 * and marks (read from run->dir), the script, clauses, reason and log.  `up`
 * is the path from the page's directory back to the report directory
 * ("../../"). */
void mc_report_test_page(FILE *f, const mc_run *run, const mc_test_result *t, const char *up);

/* ---- comparing two runs (diff.c) ---------------------------------------- */
typedef enum mc_change {
    MC_CHANGE_NEW_FAILURE, /* passed or skipped before; fails, errors or is inconc now */
    MC_CHANGE_FIXED,       /* failed, errored or was inconc; passes now */
    MC_CHANGE_VERDICT,     /* any other change of verdict or warning */
    MC_CHANGE_REASON,      /* same verdict, another reason */
    MC_CHANGE_ADDED,       /* in the new run only */
    MC_CHANGE_REMOVED      /* in the old run only (a regression: a check went away) */
} mc_change;
#define MC_NCHANGES 6
const char *mc_change_name(mc_change c); /* "new-failure", "fixed", ... */

typedef struct mc_diff_row {
    mc_change change;
    const mc_test_result *old, *new_; /* NULL when absent from that run */
} mc_diff_row;

typedef struct mc_diff {
    mc_diff_row *rows;     /* by change, then in the new run's order (removed: the old's) */
    size_t nrows;
    size_t count[MC_NCHANGES];
    int regressed;         /* a new failure or a removed test */
} mc_diff;

/* Compares the tests of two runs by id.  0, or -1 when out of memory. */
int mc_diff_runs(const mc_run *old, const mc_run *new_, mc_diff *d);
void mc_diff_free(mc_diff *d);
void mc_diff_text(FILE *f, const mc_diff *d, const char *old_name, const char *new_name);
void mc_diff_json(FILE *f, const mc_diff *d, const char *old_name, const char *new_name);
/* The HTML section (also in index.html with a baseline); a whole page
 * around it with mc_diff_html_page. */
void mc_diff_html(FILE *f, const mc_diff *d, const char *old_name, const char *new_name);
void mc_diff_html_page(FILE *f, const mc_diff *d, const char *old_name, const char *new_name);

/* Reads a results.json (or the one in a report directory) back into an
 * mc_run (tests: id, title, role, clauses, verdict, warning, reason,
 * artefacts; the run's title, iut, started).  0, or -1 with the file and
 * what is wrong in errbuf.  mc_results_free frees it. */
int mc_results_load(const char *path, mc_run **out, char *errbuf, size_t errlen);
void mc_results_free(mc_run *run);

/* Each writer alone (to a FILE*), for tests and for stdout use. */
#include <stdio.h>
void mc_report_junit(FILE *f, const mc_run *run);
void mc_report_tap(FILE *f, const mc_run *run);
void mc_report_json(FILE *f, const mc_run *run);
void mc_report_html(FILE *f, const mc_run *run);

#endif
