/*
 * tap.c - Test Anything Protocol, version 13 (which every TAP consumer
 * reads; version 14 adds only subtests, which we do not need).
 *
 *   pass   -> ok N - id title
 *   fail   -> not ok N - id title
 *   error  -> not ok N - id title # error: first line of reason
 *   inconc -> not ok N - id title # inconc: first line of reason
 *   skip   -> ok N - id title # SKIP reason
 *
 * inconc is deliberately NOT a "# TODO": TODO tells the harness that a
 * failure is expected and must not fail the run, while an inconclusive
 * verdict means the IUT was not assessed; the JUnit report counts it as
 * an error, and TAP must gate CI the same way.  "# inconc:" and
 * "# error:" are not TAP directives, so consumers read them as comments
 * on a plain "not ok".  Each test has a YAML block (clauses, reason,
 * duration, artefacts); the strings in it are double-quoted YAML, which
 * takes JSON escapes.
 */
#include "report_util.h"

#define LINE_MAX_REASON 200

static void yaml_list(FILE *f, const char *key, const char *const *v, size_t n)
{
    fprintf(f, "  %s: [", key);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputs(", ", f);
        rp_json_str(f, v[i]);
    }
    fputs("]\n", f);
}

static void yaml_str(FILE *f, const char *key, const char *value)
{
    if (!value)
        return; /* an absent artefact is left out, not "null" */
    fprintf(f, "  %s: ", key);
    rp_json_str(f, value);
    fputc('\n', f);
}

static void yaml_block(FILE *f, const mc_test_result *t)
{
    fputs("  ---\n", f);
    yaml_str(f, "id", rp_s(t->id));
    yaml_str(f, "iut_role", rp_role(t));
    fprintf(f, "  verdict: %s\n", rp_vname(t->verdict));
    fprintf(f, "  warning: %s\n", t->warning ? "true" : "false");
    yaml_list(f, "clauses", t->clauses, t->nclauses);
    yaml_list(f, "tags", t->tags, t->ntags);
    yaml_str(f, "reason", rp_s(t->reason));
    fprintf(f, "  duration_s: %.3f\n", rp_dur(t->duration_s));
    yaml_str(f, "log", t->log);
    yaml_str(f, "script", t->script);
    yaml_str(f, "pcap", t->pcap);
    yaml_str(f, "marks", t->marks);
    fputs("  ...\n", f);
}

static void test_line(FILE *f, size_t n, const mc_test_result *t)
{
    mc_verdict v = t->verdict;
    int ok = v == MC_VERDICT_PASS || v == MC_VERDICT_SKIP;

    fprintf(f, "%s %zu - ", ok ? "ok" : "not ok", n);
    rp_put(f, rp_s(t->id), RP_TAP_DESC);
    if (rp_has(t->title)) {
        fputc(' ', f);
        rp_put(f, t->title, RP_TAP_DESC);
    }
    if (v == MC_VERDICT_SKIP)
        fputs(" # SKIP ", f);
    else if (v != MC_VERDICT_PASS && v != MC_VERDICT_FAIL)
        fprintf(f, " # %s: ", rp_vname(v));
    if (v != MC_VERDICT_PASS && v != MC_VERDICT_FAIL)
        rp_put_line(f, t->reason, LINE_MAX_REASON, RP_TAP_DESC);
    fputc('\n', f);
}

void mc_report_tap(FILE *f, const mc_run *run)
{
    rp_counts c;

    rp_count(run, NULL, &c);
    fprintf(f, "TAP version 13\n1..%zu\n", run->ntests);
    fputs("# ", f);
    rp_put(f, rp_has(run->title) ? run->title : "mcoa-conform", RP_TAP_DESC);
    fputs(" - IUT: ", f);
    rp_put(f, rp_s(run->iut), RP_TAP_DESC);
    fputs(" - started ", f);
    rp_put(f, rp_s(run->started), RP_TAP_DESC);
    fputc('\n', f);
    for (size_t i = 0; i < run->ntests; i++) {
        test_line(f, i + 1, &run->tests[i]);
        yaml_block(f, &run->tests[i]);
    }
    fprintf(f, "# pass %zu, fail %zu, inconc %zu, skip %zu, error %zu, warnings %zu\n",
            c.v[MC_VERDICT_PASS], c.v[MC_VERDICT_FAIL], c.v[MC_VERDICT_INCONC], c.v[MC_VERDICT_SKIP],
            c.v[MC_VERDICT_ERROR], c.warnings);
}
