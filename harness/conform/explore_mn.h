/*
 * explore_mn.h - `mcoa-conform explore --role mn` (issue 17, see
 * harness/EXPLORE.md): the tester plays the home agent; random commands
 * to the mobile node (the contract's actions) and random answers to its
 * Binding Updates, each BU judged by the RFC model's mobile-node rules
 * (harness/model/: the follower, roles MM_MN, and the rules only a tester
 * that knows the command can decide), a divergence shrunk (ddmin over the
 * steps of its episode) and written as a .tc test.
 */
#ifndef MCOA_EXPLORE_MN_H
#define MCOA_EXPLORE_MN_H

#include <signal.h>
#include <stdint.h>
#include "env.h"
#include "run.h"

typedef struct mc_xmn_opts {
    uint64_t seed;
    long steps;
    const char *out;
    unsigned timeout_ms;
    int shrink_runs;
    double shrink_time;
    int no_shrink, quiet;
    int strict;                /* judge the SHOULD rules too */
    long progress;
    const char *const *faults;
    int nfaults;
    const char *configuration; /* return-home-simultaneous | return-home-complete; NULL: chosen by the seed */
    const run_opts *ro;        /* for the .tc checks */
} mc_xmn_opts;

/* The environment `v` is set up (topology, run directory, role "mn"), not
 * up yet; `px` and `pics` the PIXIT and PICS.  Returns the exit status
 * (0 no divergence, 1 a divergence, 2 a setup error); leaves the
 * namespaces down. */
int mc_explore_mn(env *v, const pixit *px, const pixit *pics, const mc_xmn_opts *o, volatile sig_atomic_t *stop);

#endif
