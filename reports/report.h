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
} mc_test_result;

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
} mc_run;

/* Writes junit.xml, results.tap, results.json and index.html into `dir`
 * (which must exist).  Returns 0, or -1 with a message in errbuf. */
int mc_report_write(const char *dir, const mc_run *run, char *errbuf, size_t errlen);

/* Each writer alone (to a FILE*), for tests and for stdout use. */
#include <stdio.h>
void mc_report_junit(FILE *f, const mc_run *run);
void mc_report_tap(FILE *f, const mc_run *run);
void mc_report_json(FILE *f, const mc_run *run);
void mc_report_html(FILE *f, const mc_run *run);

#endif
