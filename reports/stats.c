/*
 * stats.c - counting and clause look-ups shared by the writers, so that
 * every format agrees on the numbers.
 */
#include <ctype.h>
#include <math.h>
#include <string.h>
#include <strings.h>

#include "report_util.h"

const char *rp_s(const char *s)
{
    return s ? s : "";
}

int rp_has(const char *s)
{
    return s && *s;
}

int rp_same(const char *a, const char *b)
{
    return strcmp(rp_s(a), rp_s(b)) == 0;
}

double rp_dur(double d)
{
    return isfinite(d) && d > 0 ? d : 0.0;
}

const char *rp_role(const mc_test_result *t)
{
    return rp_has(t->iut_role) ? t->iut_role : "unknown";
}

int rp_role_first(const mc_run *run, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (rp_same(rp_role(&run->tests[j]), rp_role(&run->tests[i])))
            return 0;
    return 1;
}

/* Out-of-range verdicts count as errors, as rp_vname() names them. */
static mc_verdict norm(mc_verdict v)
{
    return rp_verdict_ok(v) ? v : MC_VERDICT_ERROR;
}

void rp_count(const mc_run *run, const char *role, rp_counts *c)
{
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < run->ntests; i++) {
        const mc_test_result *t = &run->tests[i];
        if (role && !rp_same(rp_role(t), role))
            continue;
        c->v[norm(t->verdict)]++;
        c->warnings += t->warning != 0;
        c->total++;
        c->time_s += rp_dur(t->duration_s);
    }
}

const mc_clause *rp_find_clause(const mc_run *run, const char *id)
{
    for (size_t i = 0; i < run->nclauses; i++)
        if (rp_same(run->clauses[i].id, id))
            return &run->clauses[i];
    return NULL;
}

int rp_test_cites(const mc_test_result *t, const char *clause_id)
{
    for (size_t i = 0; i < t->nclauses; i++)
        if (rp_same(t->clauses[i], clause_id))
            return 1;
    return 0;
}

int rp_actor_has(const char *actor, const char *role)
{
    size_t rl = strlen(rp_s(role));
    const char *p = rp_s(actor);

    if (!rl)
        return 0;
    while (*p) {
        size_t n;
        while (*p == ',' || isspace((unsigned char)*p))
            p++;
        n = strcspn(p, ", \t");
        if (n == rl && strncasecmp(p, role, n) == 0)
            return 1;
        p += n;
    }
    return 0;
}

/* Case matters: RFC 8174 gives lower-case "must" no normative force. */
int rp_level_mandatory(const char *level)
{
    static const char *const m[] = {"MUST", "MUST NOT", "REQUIRED", "SHALL", "SHALL NOT"};
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (rp_same(level, m[i]))
            return 1;
    return 0;
}

/* Covered means cited by a test whose IUT is this role: a test against the
 * MN that happens to name an HA clause does not exercise the HA. */
void rp_coverage(const mc_run *run, const char *role, rp_cover *c)
{
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < run->nclauses; i++) {
        const mc_clause *cl = &run->clauses[i];
        size_t cited = 0, passed = 0;
        if (!rp_same(cl->check, "wire") || !rp_level_mandatory(cl->level) ||
            !rp_actor_has(cl->actor, role))
            continue;
        c->total++;
        for (size_t j = 0; j < run->ntests; j++) {
            const mc_test_result *t = &run->tests[j];
            if (strcasecmp(rp_role(t), role) != 0 || !rp_test_cites(t, cl->id))
                continue;
            cited++;
            passed += t->verdict == MC_VERDICT_PASS;
        }
        c->covered += cited > 0;
        c->passing += cited > 0 && passed == cited;
    }
}
