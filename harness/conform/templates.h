/*
 * templates.h - the PIXIT and PICS templates a vendor fills in
 * (`mcoa-conform pixit-template ROLE`, `pics-template ROLE`), written from
 * the contract's table (contract.c) and the test cases that use each entry.
 */
#ifndef MCOA_TEMPLATES_H
#define MCOA_TEMPLATES_H

#include <stdio.h>
#include "pixit.h"
#include "tc.h"

/* ref: the reference PIXIT (its addresses are the standard topology's). */
void template_pixit(FILE *f, const char *role, const tc_case *tc, size_t ntc, const pixit *ref);
void template_pics(FILE *f, const char *role, const tc_case *tc, size_t ntc);

#endif
