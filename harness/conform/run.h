/*
 * run.h - running one test case against an IUT, in its own namespaces.
 */
#ifndef MCOA_RUN_H
#define MCOA_RUN_H

#include "env.h"
#include "report.h"
#include "tc.h"

typedef struct run_opts {
    char bindir[512];         /* where mcoa-ha, mcoa-cn, mcoa-mn are */
    char netns_tool[512];
    char topodir[512];
    const pixit *px;          /* PIXIT */
    const pixit *pics;        /* PICS */
    iut_kind iut;
    const char *iut_arg;
    int strict;               /* SHOULD failures are failures */
    /* run --reuse-netns ID: the namespaces of run ID are used if up with the
     * same topology, and left up for the next process (see tc_run) */
    char reuse_netns[16];
    long netns_owner;         /* the process whose end lets mcoa-netns gc collect them */
} run_opts;

/* When a step ran and which frames of packets.pcap it recorded. */
typedef struct tc_step_time {
    uint32_t frame0, frame1;  /* frames recorded before the step began, and when it ended */
    double t0_ms, t1_ms;      /* from the start of the first step */
} tc_step_time;

typedef struct tc_result {
    mc_verdict verdict;
    int warning;
    int should_step;          /* the step that failed checks a SHOULD (`should STEP`) */
    double duration_s;
    char reason[4096];
    /* For the report's ladder diagram, so it need not parse the reason:
     * the steps that ran, and the expect/expect-none/state step that
     * failed (also when a failed precondition made the verdict inconc). */
    int nsteps;
    tc_step_time steps[TC_MAX_STEPS];
    int fail_step;            /* 1-based, 0: no step failed */
    int fail_line;            /* in the test case file */
    unsigned fail_timeout_ms; /* expect: how long it waited */
    char fail_kind[16];       /* "expect", "expect-none", "state" */
    char fail_where[48];      /* its endpoint, "" for a state check */
    char fail_text[TC_MAX_LINE]; /* its pattern or state check, $VARs substituted */
    /* Ran again because the tester itself stalled (see tc_run): how long
     * it was not scheduled, at which step, and the first attempt's
     * verdict (kept in the test's folder stalled/).  0: ran once. */
    double rerun_stall_ms;
    int rerun_step;
    mc_verdict rerun_first;
} tc_result;

/* Runs `tc` with artefacts in `dir` (created), namespaces under run id `id`,
 * the reference IUT started with `faults`.  Always fills `r`.  A test that
 * fails or is inconc while the tester itself was not scheduled for
 * TC_STALL_MS or longer runs once more (the first attempt kept in
 * dir/stalled/, r->rerun_* say why): a stalled tester breaks the timing a
 * test relies on (a nonce or a lifetime ends while it sleeps), which says
 * nothing of the IUT. */
#define TC_STALL_MS 250
void tc_run(const tc_case *tc, const run_opts *o, const char *dir, const char *id, const char *const *faults,
            int nfaults, tc_result *r);

/* Would `tc` be skipped against this IUT (PICS not claimed; a configuration
 * or an action the PIXIT gives no way to)?  1 and the reason, else 0.  The
 * same answer `run` gives, without running anything (`list` shows it). */
int tc_skip_reason(const tc_case *tc, const run_opts *o, char *why, size_t cap);

/* Remove the namespaces a process's last test left up for reuse. */
void tc_world_down(void);

/* Result files let a parent collect what a child process ran. */
int tc_result_save(const char *path, const tc_result *r);
int tc_result_load(const char *path, tc_result *r);

#endif
