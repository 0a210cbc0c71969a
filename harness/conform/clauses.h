/*
 * clauses.h - the RFC 5648 clause catalogue (testcases/clauses.tsv).
 */
#ifndef MCOA_CLAUSES_H
#define MCOA_CLAUSES_H

#include "mcoa/pkt.h"
#include "report.h"

typedef struct clause_set {
    mc_clause *c;
    size_t n;
    char *text;   /* the file, owned: the mc_clause strings point into it */
} clause_set;

int clauses_load(const char *path, clause_set *s, mc_err *e);
const mc_clause *clauses_find(const clause_set *s, const char *id);
void clauses_free(clause_set *s);

#endif
