/*
 * test_report.c - the report writers on a synthetic run that has every
 * verdict, a warning, a reason full of markup characters, a control byte
 * and a byte that is not UTF-8, clauses covered and not, a clause the
 * catalogue lacks, and a validate fault matrix.  Each writer goes to a
 * memory FILE and the key content is checked.
 *
 * With an argument DIR, writes the same synthetic report (and the
 * artefacts it links) into DIR and exits: tests/report_html.test.sh and
 * tests/report_junit.test.sh render and validate that output, so they
 * need no driver program of their own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "report.h"
#include "report_util.h"

/* ---- the synthetic run ---------------------------------------------------- */

static const mc_clause CLAUSES[] = {
    {"5648-6.2-1", "6.2", "MUST", "HA", "wire", "HA copies each BID option into the BA", ""},
    {"5648-6.2-2", "6.2", "MUST NOT", "HA", "wire", "HA must not accept a BID of 0", ""},
    {"5648-6.2-3", "6.2", "SHOULD", "HA", "wire", "HA should reduce the lifetime", ""},
    {"5648-5.1-1", "5.1", "MUST", "MN", "wire", "MN sends a BID option per care-of address", ""},
    {"5648-6.1-1", "6.1", "MUST", "HA,CN", "state", "binding cache keyed by HoA and BID", ""},
    {"5648-6.3-1", "6.3", "MAY", "HA", "none", "HA may apply local policy",
     "untestable: local policy is not observable"},
    {"5648-6.5-1", "6.5", "MUST", "CN", "wire", "CN copies each BID option into the BA", ""},
};

static const char *const C_HA1[] = {"5648-6.2-1"};
static const char *const C_HA2[] = {"5648-6.2-1", "5648-6.2-3"};
static const char *const C_MN[] = {"5648-5.1-1"};
static const char *const C_HA3[] = {"5648-6.2-3"};
static const char *const C_CN[] = {"5648-9.9-9"}; /* not in the catalogue */
static const char *const TAGS[] = {"bulk", "bid"};

#define REASON_BAD                                                                                 \
    "expected <ba status=0 / bid 1 & \"x\"> got 'y'\x01 and \xff byte\n"                          \
    "observed: ipv6 / ba status=129"

static const mc_test_result TESTS[] = {
    {"ha-bulk-accepted", "Bulk registration accepted", "ha", C_HA1, 1, TAGS, 2, MC_VERDICT_PASS, 0,
     NULL, 0.25, "scripts/ha-bulk-accepted.mct", "logs/ha-bulk-accepted.log",
     "pcaps/ha-bulk-accepted.pcap", "pcaps/ha-bulk-accepted.marks"},
    {"ha-bid-copy", "BA copies the BID <options>", "ha", C_HA2, 2, NULL, 0, MC_VERDICT_FAIL, 0,
     REASON_BAD, 1.5, NULL, "logs/ha-bid-copy.log", NULL, NULL},
    {"mn-register", "MN registers two CoAs", "mn", C_MN, 1, NULL, 0, MC_VERDICT_INCONC, 0,
     "no BA seen within 3 s", 3.0, NULL, NULL, NULL, NULL},
    {"cn-rr", "Return routability # with BIDs", "cn", NULL, 0, NULL, 0, MC_VERDICT_SKIP, 0,
     "needs --cn", 0.0, NULL, NULL, NULL, NULL},
    {"ha-lifetime", "Lifetime reduced", "ha", C_HA3, 1, NULL, 0, MC_VERDICT_PASS, 1,
     "SHOULD: lifetime 65535 not reduced", 0.5, NULL, NULL, NULL, NULL},
    {"cn-bad", "CN harness error", "cn", C_CN, 1, NULL, 0, MC_VERDICT_ERROR, 0, "harness: timeout",
     -1.0 /* nonsense from the runner: shown as 0 */, NULL, NULL, NULL, NULL},
};

static const mc_fault_row FAULTS[] = {
    {"ha-no-bid-copy", "ha", "5648-6.2-1", ".F.-..", 1},
    {"ha-accept-bid0", "ha", "5648-6.2-2", "p.!-", 0}, /* short: the rest was not run */
};

static mc_run synthetic(void)
{
    mc_run r = {
        .title = "mcoa-conform <run> & \"test\"",
        .iut = "reference ha",
        .started = "2024-05-01T12:00:00",
        .duration_s = 5.25,
        .hostname = "testhost",
        .tests = TESTS,
        .ntests = sizeof TESTS / sizeof TESTS[0],
        .clauses = CLAUSES,
        .nclauses = sizeof CLAUSES / sizeof CLAUSES[0],
        .faults = FAULTS,
        .nfaults = sizeof FAULTS / sizeof FAULTS[0],
    };
    return r;
}

/* ---- helpers ------------------------------------------------------------- */

/* Runs one writer into a memory buffer; the caller frees it. */
static char *render(void (*writer)(FILE *, const mc_run *), const mc_run *run, size_t *len)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);

    assert_non_null(f);
    writer(f, run);
    assert_int_equal(fclose(f), 0);
    if (len)
        *len = n;
    return buf;
}

#define assert_has(hay, needle)                                                                    \
    do {                                                                                           \
        if (!strstr((hay), (needle)))                                                              \
            fail_msg("missing: %s", (needle));                                                     \
    } while (0)
#define assert_lacks(hay, needle)                                                                  \
    do {                                                                                           \
        if (strstr((hay), (needle)))                                                               \
            fail_msg("unexpected: %s", (needle));                                                  \
    } while (0)

/* No raw control byte other than tab/newline, no byte 0xFF: what the
 * reason carried must have been escaped. */
static void assert_clean(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0xFF)
            fail_msg("raw byte 0x%02X at offset %zu", c, i);
    }
}

/* The text between the first `from` and the next `to` after it, copied. */
/* noinline: gcc -O3 otherwise inlines it next to open_memstream and reports
 * a dangling pointer that is not there */
__attribute__((noinline)) static char *slice(const char *s, const char *from, const char *to)
{
    const char *a = strstr(s, from);
    const char *b = a ? strstr(a, to) : NULL;
    if (!a || !b) {
        fail_msg("missing: %s ... %s", from, to);
        return NULL; /* not reached: fail_msg leaves the test */
    }
    char *out = strndup(a, (size_t)(b - a));
    assert_non_null(out);
    return out;
}

/* ---- tests --------------------------------------------------------------- */

static void verdict_names(void **state)
{
    (void)state;
    assert_string_equal(mc_verdict_name(MC_VERDICT_PASS), "pass");
    assert_string_equal(mc_verdict_name(MC_VERDICT_FAIL), "fail");
    assert_string_equal(mc_verdict_name(MC_VERDICT_INCONC), "inconc");
    assert_string_equal(mc_verdict_name(MC_VERDICT_SKIP), "skip");
    assert_string_equal(mc_verdict_name(MC_VERDICT_ERROR), "error");
    assert_string_equal(mc_verdict_name((mc_verdict)42), "?");
}

static char *escaped(const char *in, rp_mode mode)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);

    assert_non_null(f);
    rp_put(f, in, mode);
    fclose(f);
    return buf;
}

#define check_escape(in, mode, want)                                                               \
    do {                                                                                           \
        char *got_ = escaped(in, mode);                                                            \
        assert_string_equal(got_, want);                                                           \
        free(got_);                                                                                \
    } while (0)

/* UTF-8 edge cases: what is valid passes through, what is not is shown. */
static void escaping(void **state)
{
    (void)state;
    check_escape("a<b>&\"'", RP_XML_TEXT, "a&lt;b&gt;&amp;&quot;&#39;");
    check_escape("t\tn\nr\r", RP_XML_ATTR, "t&#9;n&#10;r&#13;");
    check_escape("caf\xc3\xa9", RP_XML_TEXT, "caf\xc3\xa9");         /* valid UTF-8 */
    check_escape("\xc0\xaf", RP_XML_TEXT, "\\xC0\\xAF");               /* overlong '/' */
    check_escape("\xed\xa0\x80", RP_XML_TEXT, "\\xED\\xA0\\x80");      /* surrogate */
    check_escape("\xef\xbf\xbe", RP_XML_TEXT, "\\uFFFE");              /* not XML */
    check_escape("\xc2\x85", RP_XML_TEXT, "\\u0085");                  /* C1 */
    check_escape("\xe2\x82", RP_XML_TEXT, "\\xE2\\x82");               /* truncated */
    check_escape("q\"\\\x01\n\xff", RP_JSON, "q\\\"\\\\\\u0001\\n\\\\xFF");
    check_escape("a # b\\c\nd", RP_TAP_DESC, "a \\# b\\\\c d");
}

static void message_line(void **state)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);

    (void)state;
    assert_non_null(f);
    rp_put_line(f, "one\ntwo", 100, RP_XML_ATTR);
    fputc('|', f);
    rp_put_line(f, "only\n", 100, RP_XML_ATTR);
    fputc('|', f);
    rp_put_line(f, "\xc3\xa9\xc3\xa9", 3, RP_XML_ATTR); /* cut inside the 2nd code point */
    fclose(f);
    assert_string_equal(buf, "one...|only|\xc3\xa9...");
    free(buf);
}

static void junit(void **state)
{
    mc_run run = synthetic();
    size_t n;
    char *x = render(mc_report_junit, &run, &n), *row;

    (void)state;
    assert_clean(x, n);
    assert_has(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    assert_has(x, "<testsuites name=\"mcoa-conform &lt;run&gt; &amp; &quot;test&quot;\" tests=\"6\" "
                  "failures=\"1\" errors=\"2\"");
    assert_has(x, "<testsuite name=\"mcoa.ha\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"0\" "
                  "time=\"2.250\" timestamp=\"2024-05-01T12:00:00\" hostname=\"testhost\" id=\"0\"");
    assert_has(x, "<testsuite name=\"mcoa.mn\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\"");
    assert_has(x, "<testsuite name=\"mcoa.cn\" tests=\"2\" failures=\"0\" errors=\"1\" skipped=\"1\"");
    assert_has(x, "<testcase classname=\"mcoa.ha\" name=\"ha-bulk-accepted\" time=\"0.250\">");
    assert_has(x, "<property name=\"clauses.ha-bid-copy\" value=\"5648-6.2-1 5648-6.2-3\"/>");
    /* the failure: message is the first line, text the whole reason */
    assert_has(x, "<failure message=\"expected &lt;ba status=0 / bid 1 &amp; &quot;x&quot;&gt; got "
                  "&#39;y&#39;\\x01 and \\xFF byte...\" type=\"fail\">");
    assert_has(x, "byte\nobserved: ipv6 / ba status=129</failure>");
    assert_has(x, "<error message=\"no BA seen within 3 s\" type=\"inconc\">");
    assert_has(x, "<error message=\"harness: timeout\" type=\"error\">");
    assert_has(x, "<skipped message=\"needs --cn\" type=\"skip\"/>");
    assert_has(x, "name=\"cn-bad\" time=\"0.000\">");
    assert_has(x, "log: logs/ha-bulk-accepted.log\n");
    assert_has(x, "warning: SHOULD: lifetime 65535 not reduced\n");
    /* a passing test has no outcome element */
    row = slice(x, "name=\"ha-bulk-accepted\"", "</testcase>");
    assert_lacks(row, "<failure");
    assert_lacks(row, "<error");
    free(row);
    free(x);
}

static void tap(void **state)
{
    mc_run run = synthetic();
    size_t n;
    char *t = render(mc_report_tap, &run, &n);

    (void)state;
    assert_clean(t, n);
    assert_true(strncmp(t, "TAP version 13\n1..6\n", 20) == 0);
    assert_has(t, "\nok 1 - ha-bulk-accepted Bulk registration accepted\n");
    assert_has(t, "\nnot ok 2 - ha-bid-copy BA copies the BID <options>\n");
    assert_has(t, "\nnot ok 3 - mn-register MN registers two CoAs # inconc: no BA seen within 3 s\n");
    assert_has(t, "\nok 4 - cn-rr Return routability \\# with BIDs # SKIP needs --cn\n");
    assert_has(t, "\nok 5 - ha-lifetime Lifetime reduced\n");
    assert_has(t, "\nnot ok 6 - cn-bad CN harness error # error: harness: timeout\n");
    assert_has(t, "  ---\n  id: \"ha-bid-copy\"\n  iut_role: \"ha\"\n  verdict: fail\n");
    assert_has(t, "  clauses: [\"5648-6.2-1\", \"5648-6.2-3\"]\n");
    assert_has(t, "  reason: \"expected <ba status=0 / bid 1 & \\\"x\\\"> got 'y'\\u0001 and \\\\xFF "
                  "byte\\nobserved: ipv6 / ba status=129\"\n");
    assert_has(t, "  duration_s: 1.500\n  log: \"logs/ha-bid-copy.log\"\n  ...\n");
    assert_has(t, "  warning: true\n");
    assert_has(t, "# pass 2, fail 1, inconc 1, skip 1, error 1, warnings 1\n");
    free(t);
}

static void json(void **state)
{
    mc_run run = synthetic();
    size_t n;
    char *j = render(mc_report_json, &run, &n);

    (void)state;
    assert_clean(j, n);
    assert_has(j, "{\n  \"title\": \"mcoa-conform <run> & \\\"test\\\"\",\n  \"iut\": \"reference ha\",\n"
                  "  \"started\": \"2024-05-01T12:00:00\",\n  \"duration_s\": 5.250,\n"
                  "  \"hostname\": \"testhost\",\n");
    assert_has(j, "\"summary\": {\"total\": 6, \"pass\": 2, \"fail\": 1, \"inconc\": 1, \"skip\": 1, "
                  "\"error\": 1, \"warnings\": 1}");
    assert_has(j, "{\"id\": \"ha-bid-copy\", \"title\": \"BA copies the BID <options>\", \"iut_role\": "
                  "\"ha\", \"clauses\": [\"5648-6.2-1\", \"5648-6.2-3\"], \"tags\": [], \"verdict\": "
                  "\"fail\", \"warning\": false, \"reason\": \"expected <ba status=0 / bid 1 & "
                  "\\\"x\\\"> got 'y'\\u0001 and \\\\xFF byte\\nobserved: ipv6 / ba status=129\", "
                  "\"duration_s\": 1.500, \"script\": null, \"log\": \"logs/ha-bid-copy.log\", "
                  "\"pcap\": null, \"marks\": null}");
    assert_has(j, "\"tags\": [\"bulk\", \"bid\"]");
    assert_has(j, "\"id\": \"5648-6.2-1\", \"section\": \"6.2\", \"level\": \"MUST\", \"actor\": "
                  "\"HA\", \"check\": \"wire\", \"summary\": \"HA copies each BID option into the BA\", "
                  "\"note\": \"\", \"tests\": [\"ha-bulk-accepted\", \"ha-bid-copy\"], \"verdicts\": "
                  "[\"pass\", \"fail\"]}");
    assert_has(j, "\"id\": \"5648-6.2-2\", \"section\": \"6.2\", \"level\": \"MUST NOT\"");
    assert_has(j, "\"tests\": [], \"verdicts\": []}");
    assert_has(j, "{\"role\": \"HA\", \"mandatory_wire\": 2, \"covered\": 1, \"passing\": 0}");
    assert_has(j, "{\"role\": \"CN\", \"mandatory_wire\": 1, \"covered\": 0, \"passing\": 0}");
    assert_has(j, "{\"fault\": \"ha-accept-bid0\", \"node\": \"ha\", \"clause\": \"5648-6.2-2\", "
                  "\"cells\": \"p.!-\", \"detected\": false}");
    assert_true(strcmp(j + n - 4, "]\n}\n") == 0);
    free(j);
}

static void html(void **state)
{
    mc_run run = synthetic();
    size_t n;
    char *h = render(mc_report_html, &run, &n), *row;

    (void)state;
    assert_clean(h, n);
    assert_true(strncmp(h, "<!DOCTYPE html>\n", 16) == 0);
    assert_lacks(h, "<script");
    assert_lacks(h, "http://");
    assert_lacks(h, "https://");
    assert_has(h, "<h1>mcoa-conform &lt;run&gt; &amp; &quot;test&quot;</h1>");
    assert_has(h, "<span class=\"v fail\">fail 1</span>");
    assert_has(h, "<span class=\"v warn\">warnings 1</span>");
    /* every artefact of the first test linked ... */
    row = slice(h, "<tr id=\"t-ha-bulk-accepted\">", "</tr>");
    assert_has(row, "<a href=\"logs/ha-bulk-accepted.log\">log</a>");
    assert_has(row, "<a href=\"scripts/ha-bulk-accepted.mct\">script</a>");
    assert_has(row, "<a href=\"pcaps/ha-bulk-accepted.pcap\">pcap</a>");
    assert_has(row, "<a href=\"#c-5648-6.2-1\">5648-6.2-1</a>");
    free(row);
    /* ... only the log of the second, and no link at all for the skipped one */
    row = slice(h, "<tr id=\"t-ha-bid-copy\">", "</tr>");
    assert_has(row, ">log</a>");
    assert_lacks(row, ">pcap</a>");
    assert_lacks(row, ">script</a>");
    free(row);
    row = slice(h, "<tr id=\"t-cn-rr\">", "</tr>");
    assert_lacks(row, "href");
    free(row);
    /* the reason, escaped, in monospace */
    assert_has(h, "<pre>expected &lt;ba status=0 / bid 1 &amp; &quot;x&quot;&gt; got "
                  "&#39;y&#39;\\x01 and \\xFF byte\nobserved: ipv6 / ba status=129</pre>");
    /* clause matrix: covered, uncovered, untestable, unknown */
    row = slice(h, "<tr id=\"c-5648-6.2-1\">", "</tr>");
    assert_has(row, "<a href=\"#t-ha-bulk-accepted\">ha-bulk-accepted</a> pass");
    assert_has(row, "<a href=\"#t-ha-bid-copy\">ha-bid-copy</a> fail");
    free(row);
    row = slice(h, "<tr id=\"c-5648-6.2-2\">", "</tr>");
    assert_has(row, "not covered");
    free(row);
    row = slice(h, "<tr class=\"untestable\" id=\"c-5648-6.3-1\">", "</tr>");
    assert_has(row, "untestable: local policy is not observable");
    assert_lacks(row, "not covered");
    free(row);
    assert_has(h, "<span class=\"unk\" title=\"not in the clause catalogue\">5648-9.9-9</span>");
    assert_has(h, "<tr><td>HA</td><td class=\"n\">2</td><td class=\"n\">1</td><td class=\"n\">50</td>"
                  "<td class=\"n\">0</td></tr>");
    /* validate matrix */
    assert_has(h, "1 of 2 faults detected");
    row = slice(h, "<tr><td><code>ha-accept-bid0</code>", "</tr>");
    assert_has(row, "<td class=\"c cp\" title=\"ha-bulk-accepted: claimed, but passed");
    assert_has(row, "<td class=\"c cX\"");
    assert_has(row, "<td class=\"v fail\">NO</td>");
    free(row);
    free(h);
}

/* No faults, so no validate section (and nothing links to one). */
static void html_without_faults(void **state)
{
    mc_run run = synthetic();
    char *h;

    (void)state;
    run.faults = NULL;
    run.nfaults = 0;
    h = render(mc_report_html, &run, NULL);
    assert_lacks(h, "validate");
    free(h);
}

/* An empty run with every optional string NULL must still give
 * well-formed output in every format. */
static void empty_run(void **state)
{
    mc_run run = {0};
    char *s;

    (void)state;
    s = render(mc_report_junit, &run, NULL);
    assert_has(s, "<testsuites name=\"mcoa-conform\" tests=\"0\" failures=\"0\" errors=\"0\" "
                  "time=\"0.000\">\n</testsuites>\n");
    free(s);
    s = render(mc_report_tap, &run, NULL);
    assert_has(s, "1..0\n");
    free(s);
    s = render(mc_report_json, &run, NULL);
    assert_has(s, "\"title\": null");
    assert_has(s, "\"tests\": [],\n  \"clauses\": [],\n  \"coverage\": [],\n  \"faults\": []\n}\n");
    free(s);
    s = render(mc_report_html, &run, NULL);
    assert_has(s, "No test was run.");
    assert_has(s, "</html>\n");
    free(s);
}

static void write_dir(void **state)
{
    char dir[] = "/tmp/test_report.XXXXXX", path[512], err[256] = "";
    const char *names[] = {"junit.xml", "results.tap", "results.json", "index.html"};
    mc_run run = synthetic();
    struct stat st;

    (void)state;
    assert_non_null(mkdtemp(dir));
    assert_int_equal(mc_report_write(dir, &run, err, sizeof err), 0);
    for (size_t i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        assert_int_equal(stat(path, &st), 0);
        assert_true(st.st_size > 100);
        assert_int_equal(unlink(path), 0);
        snprintf(path, sizeof path, "%s/.%s.tmp", dir, names[i]);
        assert_int_not_equal(stat(path, &st), 0); /* no temporary left behind */
    }
    assert_int_equal(rmdir(dir), 0);
    /* a missing directory: -1 and a message naming the path */
    assert_int_equal(mc_report_write("/nonexistent-report-dir", &run, err, sizeof err), -1);
    assert_has(err, "/nonexistent-report-dir");
}

/* ---- DIR mode: the synthetic report on disk, for the script tests ------- */

static int write_file(const char *dir, const char *rel, const char *content)
{
    char path[4096], sub[4096];
    const char *slash = strrchr(rel, '/');
    FILE *f;

    if (slash) {
        snprintf(sub, sizeof sub, "%s/%.*s", dir, (int)(slash - rel), rel);
        mkdir(sub, 0755);
    }
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(content, f);
    return fclose(f);
}

/* The links in index.html resolve: every artefact the run names exists. */
static int write_artefacts(const char *dir, const mc_run *run)
{
    for (size_t i = 0; i < run->ntests; i++) {
        const mc_test_result *t = &run->tests[i];
        const char *paths[] = {t->script, t->log, t->pcap, t->marks};
        for (size_t k = 0; k < 4; k++)
            if (paths[k] && write_file(dir, paths[k], "synthetic artefact\n") != 0)
                return -1;
    }
    return 0;
}

static int write_report(const char *dir)
{
    mc_run run = synthetic();
    char err[512] = "cannot write the artefacts";

    mkdir(dir, 0755);
    if (write_artefacts(dir, &run) != 0 || mc_report_write(dir, &run, err, sizeof err) != 0) {
        fprintf(stderr, "test_report: %s: %s\n", dir, err);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(verdict_names), cmocka_unit_test(escaping),
        cmocka_unit_test(message_line),  cmocka_unit_test(junit),
        cmocka_unit_test(tap),           cmocka_unit_test(json),
        cmocka_unit_test(html),          cmocka_unit_test(html_without_faults),
        cmocka_unit_test(empty_run),     cmocka_unit_test(write_dir),
    };

    if (argc > 1)
        return write_report(argv[1]);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
