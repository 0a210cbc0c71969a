/*
 * html_matrix.c - the clause matrix (every catalogue clause, the tests
 * covering it and their verdicts, coverage per role) and, after a validate
 * run, the fault x test matrix.
 */
#include <string.h>

#include "report_util.h"

static const char *const roles[] = {"MN", "HA", "CN"};

static void text(FILE *f, const char *s)
{
    rp_put(f, s, RP_XML_TEXT);
}

static void td(FILE *f, const char *s)
{
    fputs("<td>", f);
    text(f, rp_s(s));
    fputs("</td>", f);
}

static void coverage_table(FILE *f, const mc_run *run)
{
    fputs("<table class=\"cov\">\n<thead><tr><th>Role</th><th>Mandatory wire clauses</th>"
          "<th>Covered</th><th>%</th><th>Covered, all tests pass</th></tr></thead>\n<tbody>\n",
          f);
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        rp_cover c;
        rp_coverage(run, roles[i], &c);
        if (c.total == 0)
            continue;
        fprintf(f,
                "<tr><td>%s</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
                "<td class=\"n\">%.0f</td><td class=\"n\">%zu</td></tr>\n",
                roles[i], c.total, c.covered, 100.0 * (double)c.covered / (double)c.total,
                c.passing);
    }
    fputs("</tbody>\n</table>\n", f);
}

static void check_counts(FILE *f, const mc_run *run)
{
    size_t wire = 0, state = 0, none = 0;

    for (size_t i = 0; i < run->nclauses; i++) {
        const char *k = run->clauses[i].check;
        wire += rp_same(k, "wire");
        state += rp_same(k, "state");
        none += !rp_same(k, "wire") && !rp_same(k, "state");
    }
    fprintf(f,
            "<p>%zu clauses in the catalogue: %zu checkable on the wire, %zu only in the IUT's "
            "state, %zu not testable. Coverage counts MUST, MUST NOT, REQUIRED, SHALL and SHALL "
            "NOT clauses checkable on the wire, cited by a test whose IUT plays the clause's "
            "actor.</p>\n",
            run->nclauses, wire, state, none);
}

static void covering_tests(FILE *f, const mc_run *run, const mc_clause *c)
{
    size_t n = 0;

    fputs("<td>", f);
    for (size_t i = 0; i < run->ntests; i++)
        if (rp_test_cites(&run->tests[i], c->id)) {
            rp_html_test_link(f, &run->tests[i], 1);
            n++;
        }
    if (n == 0)
        fputs(rp_same(c->check, "none") ? "&#8212;" : "<span class=\"uncov\">not covered</span>", f);
    fputs("</td>", f);
}

static void clause_row(FILE *f, const mc_run *run, const mc_clause *c)
{
    fprintf(f, "<tr%s id=\"", rp_same(c->check, "none") ? " class=\"untestable\"" : "");
    rp_put_anchor(f, "c-", c->id);
    fputs("\"><td><code>", f);
    text(f, rp_s(c->id));
    fputs("</code></td>", f);
    td(f, c->section);
    td(f, c->level);
    td(f, c->actor);
    td(f, c->check);
    td(f, c->summary);
    covering_tests(f, run, c);
    td(f, c->note);
    fputs("</tr>\n", f);
}

/* Clauses a test cites that the catalogue lacks: a typo in a test case
 * or a stale catalogue, either way worth seeing. */
static void unknown_clauses(FILE *f, const mc_run *run)
{
    int any = 0;

    for (size_t i = 0; i < run->ntests; i++) {
        const mc_test_result *t = &run->tests[i];
        for (size_t k = 0; k < t->nclauses; k++) {
            if (rp_find_clause(run, t->clauses[k]))
                continue;
            fputs(any++ ? ", " : "<p class=\"uncov\">Cited by tests but not in the catalogue: ", f);
            fputs("<code>", f);
            text(f, rp_s(t->clauses[k]));
            fputs("</code> (", f);
            text(f, rp_s(t->id));
            fputs(")", f);
        }
    }
    if (any)
        fputs("</p>\n", f);
}

void rp_html_clause_section(FILE *f, const mc_run *run)
{
    fputs("<h2 id=\"clauses\">Clause matrix</h2>\n", f);
    check_counts(f, run);
    coverage_table(f, run);
    unknown_clauses(f, run);
    if (run->nclauses == 0)
        return;
    fputs("<table class=\"clauses\">\n<thead><tr><th>Clause</th><th>&#167;</th><th>Level</th>"
          "<th>Actor</th><th>Check</th><th>Summary</th><th>Tests</th><th>Note</th></tr></thead>\n"
          "<tbody>\n",
          f);
    for (size_t i = 0; i < run->nclauses; i++)
        clause_row(f, run, &run->clauses[i]);
    fputs("</tbody>\n</table>\n", f);
}

/* ---- validate ------------------------------------------------------------ */

static const struct {
    char cell;
    const char *cls, *meaning;
} cells[] = {
    {'F', "cF", "claimed, failed as it must"},
    {'p', "cp", "claimed, but passed: the test misses the fault"},
    {'.', "cN", "not claimed, verdict unchanged"},
    {'!', "cX", "not claimed, verdict changed"},
    {'-', "cN", "not run"},
};

static size_t cell_kind(char c)
{
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
        if (cells[i].cell == c)
            return i;
    return 4; /* unknown: treat as not run */
}

static void legend(FILE *f)
{
    fputs("<p>", f);
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
        fprintf(f, "<span class=\"tv %s\"><code>%c</code> %s</span> ", cells[i].cls, cells[i].cell,
                cells[i].meaning);
    fputs("</p>\n", f);
}

/* Test numbers as column heads keep the matrix narrow; each links to the
 * index row and carries the id as a tooltip. */
static void fault_head(FILE *f, const mc_run *run)
{
    fputs("<thead><tr><th>Fault</th><th>Node</th><th>Clause</th>", f);
    for (size_t i = 0; i < run->ntests; i++) {
        fputs("<th class=\"c\" title=\"", f);
        rp_put(f, rp_s(run->tests[i].id), RP_XML_ATTR);
        fputs("\"><a href=\"#", f);
        rp_put_anchor(f, "t-", run->tests[i].id);
        fprintf(f, "\">%zu</a></th>", i + 1);
    }
    fputs("<th>Detected</th></tr></thead>\n", f);
}

static void fault_row(FILE *f, const mc_run *run, const mc_fault_row *r)
{
    size_t len = strlen(rp_s(r->cells));

    fputs("<tr><td><code>", f);
    text(f, rp_s(r->fault));
    fputs("</code></td>", f);
    td(f, r->node);
    fputs("<td><code>", f);
    text(f, rp_s(r->clause));
    fputs("</code></td>", f);
    for (size_t i = 0; i < run->ntests; i++) {
        char c = i < len ? r->cells[i] : '-'; /* a short row: the rest was not run */
        size_t k = cell_kind(c);
        fprintf(f, "<td class=\"c %s\" title=\"", cells[k].cls);
        rp_put(f, rp_s(run->tests[i].id), RP_XML_ATTR);
        fprintf(f, ": %s\">%c</td>", cells[k].meaning, cells[k].cell);
    }
    fprintf(f, "<td class=\"v %s\">%s</td></tr>\n", r->detected ? "pass" : "fail",
            r->detected ? "yes" : "NO");
}

void rp_html_fault_section(FILE *f, const mc_run *run)
{
    size_t detected = 0;

    if (!run->faults || run->nfaults == 0)
        return;
    for (size_t i = 0; i < run->nfaults; i++)
        detected += run->faults[i].detected != 0;
    fprintf(f,
            "<h2 id=\"validate\">Fault validation</h2>\n<p>Each reference-node fault against the "
            "tests, numbered as in the index: %zu of %zu faults detected.</p>\n",
            detected, run->nfaults);
    legend(f);
    fputs("<table class=\"mx\">\n", f);
    fault_head(f, run);
    fputs("<tbody>\n", f);
    for (size_t i = 0; i < run->nfaults; i++)
        fault_row(f, run, &run->faults[i]);
    fputs("</tbody>\n</table>\n", f);
}
