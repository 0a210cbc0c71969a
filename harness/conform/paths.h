/*
 * paths.h - where mcoa-conform finds its data and helper programs.
 *
 * Installed, the layout is the GNUInstallDirs one:
 *
 *     PREFIX/bin/mcoa-conform, mcoa-ha, mcoa-cn, mcoa-mn, mcoa-ctl
 *     PREFIX/share/mcoa-conform/testcases/    test cases, clauses.tsv, pixit/
 *     PREFIX/share/mcoa-conform/topologies/   namespace topologies (*.topo)
 *     PREFIX/share/mcoa-conform/adapters/     IUT adapters
 *     PREFIX/libexec/mcoa-conform/mcoa-netns
 *
 * and everything is found relative to the program itself (/proc/self/exe),
 * so an installed tree can be moved.  The build tree mirrors that layout
 * (build/share/mcoa-conform and build/libexec/mcoa-conform hold symbolic
 * links into the source tree, made by CMake), so build/bin/mcoa-conform
 * finds the test cases being edited.  Overrides, first wins:
 *
 *     MCOA_TESTCASES    the test-case directory
 *     MCOA_DATADIR      the directory holding testcases/, topologies/, adapters/
 *     MCOA_LIBEXECDIR   the directory holding mcoa-netns
 *
 * then PROGRAM_DIR/MCOA_REL_DATADIR (../share/mcoa-conform), then the
 * configured install location (MCOA_INSTALL_DATADIR).  The source
 * directory is never used.
 */
#ifndef MCOA_PATHS_H
#define MCOA_PATHS_H

/* Each returns a path (static storage, at most 511 characters). */
const char *mc_path_bindir(void);     /* the directory of the running program */
const char *mc_path_datadir(void);    /* share/mcoa-conform */
const char *mc_path_testcases(void);  /* share/mcoa-conform/testcases */
const char *mc_path_topodir(void);    /* share/mcoa-conform/topologies */
const char *mc_path_adapters(void);   /* share/mcoa-conform/adapters */
const char *mc_path_netns_tool(void); /* libexec/mcoa-conform/mcoa-netns */

#endif
