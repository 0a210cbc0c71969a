/*
 * check_cli.h - `mcoa-conform check` (the passive conformance checker):
 * argv[0] is "check".  Returns the exit status: 0 no finding, 1 findings,
 * 2 bad input.
 */
#ifndef MCOA_CHECK_CLI_H
#define MCOA_CHECK_CLI_H
int mc_check_main(int argc, char **argv);
#endif
