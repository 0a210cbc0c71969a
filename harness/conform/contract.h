/*
 * contract.h - the external-IUT contract as data: every PICS item, every
 * named IUT configuration and every IUT action a test case may use, with
 * what it means for the implementation under test.  harness/IUT.md is the
 * prose around this table; `mcoa-conform pixit-template` / `pics-template`
 * are written from it; loading the test cases checks that each test uses
 * only what is declared here (so the contract cannot lag behind the suite).
 */
#ifndef MCOA_CONTRACT_H
#define MCOA_CONTRACT_H

#include <stddef.h>

/* A PICS item: a capability the IUT claims (yes) or not (no). */
typedef struct mc_pics_item {
    const char *name;
    const char *roles;   /* "ha cn mn": the roles it applies to */
    const char *what;
} mc_pics_item;

/* A named IUT configuration: a state of the IUT's administrative settings
 * a test needs (ETSI: a test configuration).  The IUT is put in it by the
 * PIXIT's iut-cmd.NAME (a start command of its own) or action.configure. */
typedef struct mc_iut_config {
    const char *name;
    const char *role;
    const char *what;    /* what the IUT must do in it */
} mc_iut_config;

/* An IUT action: a trigger a test gives the IUT (`iut NAME ARGS` in a test
 * case, PIXIT action.NAME for an external IUT, $1... the arguments). */
typedef struct mc_iut_action {
    const char *name;
    const char *roles;   /* "ha cn mn" */
    const char *args;    /* as the test case writes them */
    const char *what;
} mc_iut_action;

extern const mc_pics_item mc_pics_items[];
extern const size_t mc_npics_items;
extern const mc_iut_config mc_iut_configs[];
extern const size_t mc_niut_configs;
extern const mc_iut_action mc_iut_actions[];
extern const size_t mc_niut_actions;

/* The exit status of an IUT command (start, action, configure) that says
 * "not supported": the test's verdict is skip, not error (the automake and
 * ctest convention). */
#define MC_IUT_UNSUPPORTED 77

const mc_pics_item *mc_pics_find(const char *name);
const mc_iut_config *mc_iut_config_find(const char *role, const char *name);
const mc_iut_action *mc_iut_action_find(const char *role, const char *name);
/* Does a space-separated role list contain role? */
int mc_roles_has(const char *roles, const char *role);

#endif
