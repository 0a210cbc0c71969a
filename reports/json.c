/*
 * json.c - results.json: every key documented in reports/README.md, always
 * in the same order, one test / clause / fault per line so that diffs of
 * two runs read well.  Absent strings are null; numbers are finite.
 */
#include "report_util.h"

static const char *const roles[] = {"MN", "HA", "CN"};

static void key_str(FILE *f, const char *key, const char *value, const char *sep)
{
    fprintf(f, "\"%s\": ", key);
    rp_json_str(f, value);
    fputs(sep, f);
}

static void str_array(FILE *f, const char *const *v, size_t n)
{
    fputc('[', f);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputs(", ", f);
        rp_json_str(f, v[i]);
    }
    fputc(']', f);
}

static void summary(FILE *f, const mc_run *run)
{
    rp_counts c;

    rp_count(run, NULL, &c);
    fprintf(f,
            "  \"summary\": {\"total\": %zu, \"pass\": %zu, \"fail\": %zu, \"inconc\": %zu, "
            "\"skip\": %zu, \"error\": %zu, \"warnings\": %zu},\n",
            c.total, c.v[MC_VERDICT_PASS], c.v[MC_VERDICT_FAIL], c.v[MC_VERDICT_INCONC],
            c.v[MC_VERDICT_SKIP], c.v[MC_VERDICT_ERROR], c.warnings);
}

static void test(FILE *f, const mc_test_result *t)
{
    fputs("    {", f);
    key_str(f, "id", t->id, ", ");
    key_str(f, "title", t->title, ", ");
    key_str(f, "iut_role", t->iut_role, ", ");
    fputs("\"clauses\": ", f);
    str_array(f, t->clauses, t->nclauses);
    fputs(", \"tags\": ", f);
    str_array(f, t->tags, t->ntags);
    fprintf(f, ", \"verdict\": \"%s\", \"warning\": %s, ", rp_vname(t->verdict),
            t->warning ? "true" : "false");
    key_str(f, "reason", t->reason, ", ");
    fprintf(f, "\"duration_s\": %.3f, ", rp_dur(t->duration_s));
    key_str(f, "script", t->script, ", ");
    key_str(f, "log", t->log, ", ");
    key_str(f, "pcap", t->pcap, ", ");
    key_str(f, "marks", t->marks, ", ");
    key_str(f, "page", t->page, "}");
}

/* The tests citing a clause and, in the same order, their verdicts. */
static void clause_tests(FILE *f, const mc_run *run, const char *id)
{
    size_t n = 0;

    fputs("\"tests\": [", f);
    for (size_t i = 0; i < run->ntests; i++)
        if (rp_test_cites(&run->tests[i], id)) {
            fputs(n++ ? ", " : "", f);
            rp_json_str(f, rp_s(run->tests[i].id));
        }
    fputs("], \"verdicts\": [", f);
    n = 0;
    for (size_t i = 0; i < run->ntests; i++)
        if (rp_test_cites(&run->tests[i], id))
            fprintf(f, "%s\"%s\"", n++ ? ", " : "", rp_vname(run->tests[i].verdict));
    fputc(']', f);
}

static void clause(FILE *f, const mc_run *run, const mc_clause *c)
{
    fputs("    {", f);
    key_str(f, "id", c->id, ", ");
    key_str(f, "section", c->section, ", ");
    key_str(f, "level", c->level, ", ");
    key_str(f, "actor", c->actor, ", ");
    key_str(f, "check", c->check, ", ");
    key_str(f, "summary", c->summary, ", ");
    key_str(f, "note", c->note, ", ");
    clause_tests(f, run, c->id);
    fputc('}', f);
}

static void coverage(FILE *f, const mc_run *run)
{
    size_t n = 0;

    fputs("  \"coverage\": [", f);
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        rp_cover c;
        rp_coverage(run, roles[i], &c);
        if (c.total == 0)
            continue;
        fprintf(f, "%s\n    {\"role\": \"%s\", \"mandatory_wire\": %zu, \"covered\": %zu, \"passing\": %zu}",
                n++ ? "," : "", roles[i], c.total, c.covered, c.passing);
    }
    fputs(n ? "\n  ],\n" : "],\n", f);
}

static void fault(FILE *f, const mc_fault_row *r)
{
    fputs("    {", f);
    key_str(f, "fault", r->fault, ", ");
    key_str(f, "node", r->node, ", ");
    key_str(f, "clause", r->clause, ", ");
    key_str(f, "cells", r->cells, ", ");
    fprintf(f, "\"detected\": %s}", r->detected ? "true" : "false");
}

/* "key": [ one element per line ] with the callback printing an element. */
#define ARRAY(f, key, n, last, ...)                                                                \
    do {                                                                                           \
        fprintf(f, "  \"%s\": [", key);                                                            \
        for (size_t i_ = 0; i_ < (n); i_++) {                                                      \
            fputs(i_ ? ",\n" : "\n", f);                                                           \
            __VA_ARGS__;                                                                           \
        }                                                                                          \
        fputs((n) ? "\n  ]" : "]", f);                                                             \
        fputs((last) ? "\n" : ",\n", f);                                                           \
    } while (0)

void mc_report_json(FILE *f, const mc_run *run)
{
    fputs("{\n  ", f);
    key_str(f, "title", run->title, ",\n  ");
    key_str(f, "iut", run->iut, ",\n  ");
    key_str(f, "started", run->started, ",\n  ");
    fprintf(f, "\"duration_s\": %.3f,\n  ", rp_dur(run->duration_s));
    key_str(f, "hostname", run->hostname, ",\n");
    summary(f, run);
    ARRAY(f, "tests", run->ntests, 0, test(f, &run->tests[i_]));
    ARRAY(f, "clauses", run->nclauses, 0, clause(f, run, &run->clauses[i_]));
    coverage(f, run);
    ARRAY(f, "faults", run->faults ? run->nfaults : 0, 1, fault(f, &run->faults[i_]));
    fputs("}\n", f);
}
