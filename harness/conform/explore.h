/*
 * explore.h - `mcoa-conform explore` (issue 17): random Binding Update
 * conversations against an IUT, each answer judged by the RFC model
 * (harness/model/), a divergence shrunk (ddmin) to a minimal conversation
 * and written as a .tc test.  argv[0] is "explore".  Returns the exit
 * status: 0 no divergence, 1 a divergence, 2 a setup error.
 */
#ifndef MCOA_EXPLORE_H
#define MCOA_EXPLORE_H
int mc_explore_main(int argc, char **argv);
#endif
