/*
 * junit.c - JUnit XML as Jenkins (junit, xunit plugins) and GitLab read
 * it, valid against the Jenkins xunit plugin's junit-10.xsd
 * (reports/schema/).  One <testsuite> per IUT role; ISO 9646 verdicts map
 * onto JUnit's three outcomes:
 *   fail   -> <failure type="fail">
 *   error  -> <error type="error">    (the test could not run properly)
 *   inconc -> <error type="inconc">   (no verdict could be reached: CI must
 *                                      not count it as a pass)
 *   skip   -> <skipped>
 * A SHOULD-level warning on a passing test goes to <system-out>, which
 * CI servers show but do not count; so does the test's log.  The suite's
 * <properties> hold the IUT, the PIXIT and PICS of the run, and per test
 * its clauses and the PICS items it requires.
 */
#include <stdlib.h>

#include "report_util.h"

#define MESSAGE_MAX 200 /* message= is a one-line summary; the text has it all */
#define LOG_MAX (256u << 10) /* of a test's log in its system-out */

static void attr(FILE *f, const char *name, const char *value)
{
    fprintf(f, " %s=\"", name);
    rp_put(f, value, RP_XML_ATTR);
    fputc('"', f);
}

static void put_list(FILE *f, const char *const *v, size_t n, rp_mode mode)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(' ', f);
        rp_put(f, v[i], mode);
    }
}

/* Suite-level properties: junit-10.xsd allows <properties> only in a
 * testsuite, so each test's clauses become "clauses.<test id>". */
static void kv_properties(FILE *f, const char *prefix, const mc_kv *kv, size_t n)
{
    for (size_t i = 0; kv && i < n; i++) {
        fprintf(f, "      <property name=\"%s", prefix);
        rp_put(f, kv[i].key, RP_XML_ATTR);
        fputs("\" value=\"", f);
        rp_put(f, kv[i].value, RP_XML_ATTR);
        fputs("\"/>\n", f);
    }
}

static void suite_properties(FILE *f, const mc_run *run, const char *role)
{
    fputs("    <properties>\n      <property", f);
    attr(f, "name", "iut");
    attr(f, "value", rp_s(run->iut));
    fputs("/>\n", f);
    kv_properties(f, "pixit.", run->pixit, run->npixit);
    kv_properties(f, "pics.", run->pics, run->npics);
    for (size_t i = 0; i < run->ntests; i++) {
        const mc_test_result *t = &run->tests[i];
        if (!rp_same(rp_role(t), role) || t->npics == 0)
            continue;
        fputs("      <property name=\"requires.", f);
        rp_put(f, t->id, RP_XML_ATTR);
        fputs("\" value=\"", f);
        put_list(f, t->pics, t->npics, RP_XML_ATTR);
        fputs("\"/>\n", f);
    }
    for (size_t i = 0; i < run->ntests; i++) {
        const mc_test_result *t = &run->tests[i];
        if (!rp_same(rp_role(t), role) || t->nclauses == 0)
            continue;
        fputs("      <property name=\"clauses.", f);
        rp_put(f, t->id, RP_XML_ATTR);
        fputs("\" value=\"", f);
        put_list(f, t->clauses, t->nclauses, RP_XML_ATTR);
        fputs("\"/>\n", f);
    }
    fputs("    </properties>\n", f);
}

/* <failure>, <error> or <skipped>, or nothing for a pass. */
static void outcome(FILE *f, const mc_test_result *t)
{
    const char *elem, *type = rp_vname(t->verdict);

    switch (t->verdict) {
    case MC_VERDICT_PASS: return;
    case MC_VERDICT_FAIL: elem = "failure"; break;
    case MC_VERDICT_SKIP: elem = "skipped"; break;
    default: elem = "error"; break; /* error, inconc, out of range */
    }
    fprintf(f, "      <%s message=\"", elem);
    rp_put_line(f, t->reason, MESSAGE_MAX, RP_XML_ATTR);
    fprintf(f, "\" type=\"%s\"", type);
    if (t->verdict == MC_VERDICT_SKIP || !rp_has(t->reason)) {
        fputs("/>\n", f);
        return;
    }
    fputc('>', f);
    rp_put(f, t->reason, RP_XML_TEXT);
    fprintf(f, "</%s>\n", elem);
}

static void out_line(FILE *f, const char *key, const char *value)
{
    if (!rp_has(value))
        return;
    fprintf(f, "%s: ", key);
    rp_put(f, value, RP_XML_TEXT);
    fputc('\n', f);
}

/* The test's log itself, when the report directory is known (it is in
 * mc_report_write): CI servers show system-out, not the files beside it. */
static void log_text(FILE *f, const mc_run *run, const mc_test_result *t)
{
    int cut = 0;
    char *s = run->dir && rp_has(t->log) ? rp_slurp(run->dir, t->log, LOG_MAX, NULL, &cut) : NULL;
    if (!s)
        return;
    fputs("--- log ---\n", f);
    rp_put(f, s, RP_XML_TEXT);
    if (cut)
        fputs("\n[... cut: the whole log is in the file above]\n", f);
    free(s);
}

/* What a human wants next to the verdict: the artefacts, by path
 * relative to the report directory, then the log. */
static void system_out(FILE *f, const mc_run *run, const mc_test_result *t)
{
    fputs("      <system-out>", f);
    out_line(f, "title", t->title);
    fprintf(f, "verdict: %s\n", rp_vname(t->verdict));
    if (t->nclauses) {
        fputs("clauses: ", f);
        put_list(f, t->clauses, t->nclauses, RP_XML_TEXT);
        fputc('\n', f);
    }
    if (t->ntags) {
        fputs("tags: ", f);
        put_list(f, t->tags, t->ntags, RP_XML_TEXT);
        fputc('\n', f);
    }
    if (t->warning)
        out_line(f, "warning", rp_has(t->reason) ? t->reason : "SHOULD-level failure");
    out_line(f, "log", t->log);
    out_line(f, "script", t->script);
    out_line(f, "pcap", t->pcap);
    out_line(f, "marks", t->marks);
    out_line(f, "page", t->page);
    log_text(f, run, t);
    fputs("</system-out>\n", f);
}

static void testcase(FILE *f, const mc_run *run, const mc_test_result *t)
{
    fputs("    <testcase classname=\"mcoa.", f);
    rp_put(f, rp_role(t), RP_XML_ATTR);
    fputc('"', f);
    attr(f, "name", rp_s(t->id));
    fprintf(f, " time=\"%.3f\">\n", rp_dur(t->duration_s));
    outcome(f, t);
    system_out(f, run, t);
    fputs("    </testcase>\n", f);
}

/* Attributes the Jenkins schema marks optional are written anyway:
 * skipped, time, timestamp and hostname are what CI servers display. */
static void suite(FILE *f, const mc_run *run, const char *role, size_t index)
{
    rp_counts c;

    rp_count(run, role, &c);
    fputs("  <testsuite name=\"mcoa.", f);
    rp_put(f, role, RP_XML_ATTR);
    fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"%.3f\"",
            c.total, c.v[MC_VERDICT_FAIL], c.v[MC_VERDICT_ERROR] + c.v[MC_VERDICT_INCONC],
            c.v[MC_VERDICT_SKIP], c.time_s);
    attr(f, "timestamp", rp_s(run->started));
    attr(f, "hostname", rp_has(run->hostname) ? run->hostname : "localhost");
    fprintf(f, " id=\"%zu\" package=\"mcoa\">\n", index);
    suite_properties(f, run, role);
    for (size_t i = 0; i < run->ntests; i++)
        if (rp_same(rp_role(&run->tests[i]), role))
            testcase(f, run, &run->tests[i]);
    fputs("  </testsuite>\n", f);
}

void mc_report_junit(FILE *f, const mc_run *run)
{
    rp_counts all;
    size_t index = 0;

    rp_count(run, NULL, &all);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites", f);
    attr(f, "name", rp_has(run->title) ? run->title : "mcoa-conform");
    fprintf(f, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" time=\"%.3f\">\n", all.total,
            all.v[MC_VERDICT_FAIL], all.v[MC_VERDICT_ERROR] + all.v[MC_VERDICT_INCONC],
            rp_dur(run->duration_s));
    for (size_t i = 0; i < run->ntests; i++)
        if (rp_role_first(run, i))
            suite(f, run, rp_role(&run->tests[i]), index++);
    fputs("</testsuites>\n", f);
}
