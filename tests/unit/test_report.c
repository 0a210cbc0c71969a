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

#include "mcoa/craft.h"
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

/* The failed test as it ran: a send, then an expect that saw the two
 * frames after the stimulus but not the BA it wanted (frames: see
 * write_pcap), then nothing more. */
static const mc_step_run STEPS_BID_COPY[] = {
    {12, "send", "mn.f1", "ipv6 src=$COA1 dst=$HA / bu seq=$SEQ A H / bid 1 coa=$COA1", 0, 0, 0, 0.0, 0.4},
    {13, "expect", "mn.f1", "ba status=accepted / bid 1 <&>", 1000, 0, 3, 0.4, 1000.6},
};
static const mc_fail_step FAIL_BID_COPY = {2, 13, "expect", "mn.f1", "ba status=accepted seq=100 / bid 1 <&>",
                                           1000};
static const char *const PICS_BULK[] = {"mcoa", "bulk"};

static const mc_test_result TESTS[] = {
    {"ha-bulk-accepted", "Bulk registration accepted", "ha", C_HA1, 1, TAGS, 2, MC_VERDICT_PASS, 0,
     NULL, 0.25, "scripts/ha-bulk-accepted.mct", "logs/ha-bulk-accepted.log",
     "pcaps/ha-bulk-accepted.pcap", "pcaps/ha-bulk-accepted.marks", "pages/ha-bulk-accepted.html", NULL, 0,
     NULL, PICS_BULK, 2, NULL, 0},
    {"ha-bid-copy", "BA copies the BID <options>", "ha", C_HA2, 2, NULL, 0, MC_VERDICT_FAIL, 0,
     REASON_BAD, 1.5, NULL, "logs/ha-bid-copy.log", "tests/ha-bid-copy/packets.pcap",
     "tests/ha-bid-copy/packets.marks", "tests/ha-bid-copy/index.html", STEPS_BID_COPY, 2, &FAIL_BID_COPY,
     NULL, 0, NULL, 0},
    {"mn-register", "MN registers two CoAs", "mn", C_MN, 1, NULL, 0, MC_VERDICT_INCONC, 0,
     "no BA seen within 3 s", 3.0, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, 0, NULL, 0},
    {"cn-rr", "Return routability # with BIDs", "cn", NULL, 0, NULL, 0, MC_VERDICT_SKIP, 0,
     "needs --cn", 0.0, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, 0, NULL, 0},
    {"ha-lifetime", "Lifetime reduced", "ha", C_HA3, 1, NULL, 0, MC_VERDICT_PASS, 1,
     "SHOULD: lifetime 65535 not reduced", 0.5, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, 0, NULL, 0},
    {"cn-bad", "CN harness error", "cn", C_CN, 1, NULL, 0, MC_VERDICT_ERROR, 0, "harness: timeout",
     -1.0 /* nonsense from the runner: shown as 0 */, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, 0, NULL, 0},
};

static const mc_kv PIXIT[] = {{"HA", "2001:db8:1::1"}, {"odd", "<&\">"}};
static const mc_kv PICS[] = {{"mcoa", "yes"}, {"bulk", "no"}};

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
        .pixit = PIXIT,
        .npixit = 2,
        .pics = PICS,
        .npics = 2,
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
    /* the PIXIT and PICS used, and the PICS each test requires, as properties */
    assert_has(x, "<property name=\"pixit.HA\" value=\"2001:db8:1::1\"/>");
    assert_has(x, "<property name=\"pixit.odd\" value=\"&lt;&amp;&quot;&gt;\"/>");
    assert_has(x, "<property name=\"pics.bulk\" value=\"no\"/>");
    assert_has(x, "<property name=\"requires.ha-bulk-accepted\" value=\"mcoa bulk\"/>");
    assert_has(x, "page: tests/ha-bid-copy/index.html\n");
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
    assert_has(t, "  duration_s: 1.500\n  log: \"logs/ha-bid-copy.log\"\n  pcap: \"tests/ha-bid-copy/packets.pcap\"\n"
                  "  marks: \"tests/ha-bid-copy/packets.marks\"\n  ...\n");
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
                  "\"pcap\": \"tests/ha-bid-copy/packets.pcap\", \"marks\": \"tests/ha-bid-copy/packets.marks\", "
                  "\"page\": \"tests/ha-bid-copy/index.html\"}");
    assert_has(j, "\"tags\": [\"bulk\", \"bid\"]");
    assert_has(j, "\"page\": \"pages/ha-bulk-accepted.html\"}");
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
    assert_has(row, "<a href=\"tests/ha-bid-copy/index.html\" title=");
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

static void mkparents(const char *dir, const char *rel);

static void write_dir(void **state)
{
    char dir[] = "/tmp/test_report.XXXXXX", path[512], err[256] = "";
    const char *names[] = {"junit.xml", "results.tap", "results.json", "index.html"};
    mc_run run = synthetic();
    struct stat st;

    (void)state;
    assert_non_null(mkdtemp(dir));
    /* the pages' directories are the runner's to make: without them, an error naming the page */
    assert_int_equal(mc_report_write(dir, &run, err, sizeof err), -1);
    assert_has(err, "pages/.ha-bulk-accepted.html.tmp");
    mkparents(dir, TESTS[0].page);
    mkparents(dir, TESTS[1].page);
    assert_int_equal(mc_report_write(dir, &run, err, sizeof err), 0);
    for (size_t k = 0; k < 2; k++) { /* each page written, no temporary left */
        snprintf(path, sizeof path, "%s/%s", dir, TESTS[k].page);
        assert_int_equal(stat(path, &st), 0);
        assert_int_equal(unlink(path), 0);
        *strrchr(path, '/') = 0;
        assert_int_equal(rmdir(path), 0);
    }
    snprintf(path, sizeof path, "%s/tests", dir);
    assert_int_equal(rmdir(path), 0);
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

/* ---- artefacts on disk: the failed test's pcap and marks ------------------ */

static const char *const FRAMES[] = {
    /* 1 stimulus mn.f1: the BU */
    ("eth / ipv6 src=2001:db8:f1::10 dst=2001:db8:1::1 / hao 2001:db8:1::100 / bu seq=100 A H / bid 1 "
     "coa=2001:db8:f1::10"),
    /* 2 observed mn.f1: a BA without the BID option */
    "eth / ipv6 src=2001:db8:1::1 dst=2001:db8:f1::10 / rh2 2001:db8:1::100 / ba 0 seq=100",
    /* 3 observed mn.f2: the same, cut to 30 bytes below */
    "eth / ipv6 src=2001:db8:1::1 dst=2001:db8:f2::10 / rh2 2001:db8:1::100 / ba 0 seq=100",
    /* 4 observed cn.c0, after the last step */
    "eth / ipv6 src=2001:db8:1::1 dst=2001:db8:c::1 / rh2 2001:db8:1::100 / ba 0 seq=101",
};
#define NFRAMES 4
static const char MARKS[] = "1 stimulus mn.f1\n2 observed mn.f1\n3 observed mn.f2\n4 observed cn.c0\n"
                            "garbage line\n0 observed nobody\n";

static void mkparents(const char *dir, const char *rel)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", dir, rel);
    for (char *c = p + strlen(dir) + 1; *c; c++)
        if (*c == '/') {
            *c = 0;
            mkdir(p, 0755);
            *c = '/';
        }
}

static int write_text(const char *dir, const char *rel, const char *content)
{
    char path[4096];
    FILE *f;

    mkparents(dir, rel);
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(content, f);
    return fclose(f);
}

/* `cut` > 0: the file ends `cut` bytes early (a damaged capture). */
static int write_pcap(const char *dir, const char *rel, size_t cut)
{
    char path[4096];
    uint8_t frame[2048];
    size_t n;
    mc_err e;
    mc_pcapw *w;
    struct stat st;

    mkparents(dir, rel);
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    w = mc_pcapw_open(path, 1 /* Ethernet */, &e);
    if (!w)
        return -1;
    for (size_t i = 0; i < NFRAMES; i++) {
        if (mc_craft(FRAMES[i], frame, sizeof frame, &n, &e) < 0) {
            fprintf(stderr, "%s: %s\n", FRAMES[i], e.msg);
            mc_pcapw_close(w, &e);
            return -1;
        }
        mc_pcapw_write(w, frame, i == 2 ? 30 : n, &e);
    }
    if (mc_pcapw_close(w, &e) < 0)
        return -1;
    if (cut && stat(path, &st) == 0 && truncate(path, st.st_size - (off_t)cut) < 0)
        return -1;
    return 0;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

static char *page_of(const mc_run *run, const mc_test_result *t)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    assert_non_null(f);
    mc_report_test_page(f, run, t, "../../");
    assert_int_equal(fclose(f), 0);
    assert_clean(buf, n);
    return buf;
}

/* The failed test's page: one arrow per frame of its pcap, stimulus and
 * observed apart, the steps with their time, the marker of the failing
 * step after the frames it saw, the clauses with their paraphrase. */
static void test_page(void **state)
{
    char dir[] = "/tmp/test_report_page.XXXXXX";
    mc_run run = synthetic();
    const mc_test_result *t = &TESTS[1];
    char *h, *a, *b;

    (void)state;
    assert_non_null(mkdtemp(dir));
    run.dir = dir;
    assert_int_equal(write_pcap(dir, t->pcap, 0), 0);
    assert_int_equal(write_text(dir, t->marks, MARKS), 0);
    assert_int_equal(write_text(dir, t->log, "step 1 <log> & more\n"), 0);
    h = page_of(&run, t);
    assert_int_equal(count(h, "<g class=\"arrow "), NFRAMES);
    assert_int_equal(count(h, "<g class=\"arrow stim\""), 1);
    assert_int_equal(count(h, "<g class=\"arrow obs\""), 3);
    assert_int_equal(count(h, "<g class=\"expect-marker\">"), 1);
    /* columns: MN's endpoints, the IUT (an HA), then the CN's */
    a = slice(h, "<div class=\"r hd\">", "</div>");
    assert_true(strstr(a, ">mn.f1<") < strstr(a, ">mn.f2<"));
    assert_true(strstr(a, ">mn.f2<") < strstr(a, ">IUT (ha)<"));
    assert_true(strstr(a, ">IUT (ha)<") < strstr(a, ">cn.c0<"));
    free(a);
    /* order: step 1, step 2, frames 1..3, the marker, then frame 4 after the last step */
    a = strstr(h, "id=\"s-2\"");
    b = strstr(h, "id=\"fail\"");
    assert_non_null(a);
    assert_non_null(b);
    assert_true(a < strstr(h, "id=\"f-1\"") && strstr(h, "id=\"f-3\"") < b && b < strstr(h, "id=\"f-4\""));
    assert_true(strstr(h, "after the last step") < strstr(h, "id=\"f-4\""));
    assert_has(h, "step 2 (line 13, 0.4&#8211;1000.6 ms)");
    assert_has(h, "expected on mn.f1 within 1000 ms, no packet above matched:");
    assert_has(h, "<code>ba status=accepted seq=100 / bid 1 &lt;&amp;&gt;</code>");
    /* the dissector's words: a line per packet, the verbose tree, no pcap timestamp */
    assert_has(h, "MH BU seq 100 A H");
    assert_has(h, "MH BA status 0");
    assert_has(h, "<pre class=\"vb\">frame 2: ");
    assert_lacks(h, "1767225600");
    /* clauses with their paraphrase, linked into the report */
    assert_has(h, "<a href=\"../../index.html#c-5648-6.2-1\">5648-6.2-1</a>");
    assert_has(h, "HA copies each BID option into the BA");
    assert_has(h, "step 1 &lt;log&gt; &amp; more");
    assert_has(h, "<a href=\"../../index.html#t-ha-bid-copy\">");
    assert_lacks(h, "<script");
    assert_lacks(h, "href=\"http");
    free(h);

    /* a capture cut in the middle of a record: what is there is drawn, and said */
    assert_int_equal(write_pcap(dir, t->pcap, 10), 0);
    h = page_of(&run, t);
    assert_int_equal(count(h, "<g class=\"arrow "), NFRAMES - 1);
    assert_has(h, "the pcap ends here: ");
    assert_int_equal(count(h, "<g class=\"expect-marker\">"), 1);
    free(h);
    /* no marks, a pcap that is not one: the steps and the marker still */
    assert_int_equal(write_text(dir, t->pcap, "not a capture"), 0);
    assert_int_equal(write_text(dir, t->marks, ""), 0);
    h = page_of(&run, t);
    assert_int_equal(count(h, "<g class=\"arrow "), 0);
    assert_has(h, "packets.pcap cannot be read");
    assert_int_equal(count(h, "<g class=\"expect-marker\">"), 1);
    free(h);
    /* a test that did not run: no ladder */
    h = page_of(&run, &TESTS[3]);
    assert_has(h, "No packet was recorded");
    free(h);
    /* the JUnit system-out carries the log when the directory is known */
    assert_int_equal(write_text(dir, t->log, "step 1 <log> & more\n"), 0);
    h = render(mc_report_junit, &run, NULL);
    assert_has(h, "--- log ---\nstep 1 &lt;log&gt; &amp; more\n</system-out>");
    free(h);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static mc_test_result T(const char *id, mc_verdict v, const char *reason)
{
    mc_test_result t;
    memset(&t, 0, sizeof t);
    t.id = id, t.verdict = v, t.reason = reason;
    return t;
}

/* Every kind of change, and the regression rule. */
static void diff(void **state)
{
    mc_test_result o[] = {
        T("a", MC_VERDICT_PASS, NULL),          T("b", MC_VERDICT_FAIL, "step 2: x"),
        T("c", MC_VERDICT_FAIL, "step 2: x\n  observed:\n    mac 1"), T("d", MC_VERDICT_FAIL, "step 2: x"),
        T("e", MC_VERDICT_SKIP, "no PICS"),     T("gone", MC_VERDICT_FAIL, "f"),
        T("f", MC_VERDICT_FAIL, "step 1"),      T("s", MC_VERDICT_SKIP, "x"),
    };
    mc_test_result n[] = {
        T("a", MC_VERDICT_FAIL, "step 3: <y>"), T("b", MC_VERDICT_PASS, ""),
        T("c", MC_VERDICT_FAIL, "step 2: x\n  observed:\n    mac 2"), T("d", MC_VERDICT_FAIL, "step 3: z"),
        T("e", MC_VERDICT_INCONC, "pre"),       T("new", MC_VERDICT_FAIL, "n"),
        T("f", MC_VERDICT_ERROR, "setup"),      T("s", MC_VERDICT_SKIP, "x"),
    };
    mc_run ro = {0}, rn = {0};
    mc_diff d;
    char *buf = NULL;
    size_t len = 0;
    FILE *f;

    (void)state;
    ro.tests = o, ro.ntests = 8, rn.tests = n, rn.ntests = 8;
    assert_int_equal(mc_diff_runs(&ro, &rn, &d), 0);
    assert_int_equal(d.count[MC_CHANGE_NEW_FAILURE], 2); /* a (pass), e (skip) */
    assert_int_equal(d.count[MC_CHANGE_FIXED], 1);       /* b */
    assert_int_equal(d.count[MC_CHANGE_VERDICT], 1);     /* f: fail -> error */
    assert_int_equal(d.count[MC_CHANGE_REASON], 1);      /* d; c differs only in what it observed */
    assert_int_equal(d.count[MC_CHANGE_ADDED], 1);
    assert_int_equal(d.count[MC_CHANGE_REMOVED], 1);
    assert_int_equal(d.nrows, 7);
    assert_true(d.regressed);
    assert_string_equal(d.rows[0].new_->id, "a");
    assert_string_equal(d.rows[1].new_->id, "e");
    assert_string_equal(d.rows[6].old->id, "gone");
    assert_null(d.rows[6].new_);
    f = open_memstream(&buf, &len);
    mc_diff_text(f, &d, "old", "new");
    fclose(f);
    assert_has(buf, "New failures (2):\n  a ");
    assert_has(buf, "pass -> fail\n      step 3: <y>\n");
    assert_has(buf, "Tests removed (1):\n  gone");
    assert_has(buf, "REGRESSED: 2 new failures, 1 removed, 1 fixed, 3 other changes\n");
    free(buf);
    f = open_memstream(&buf, &len);
    mc_diff_json(f, &d, "old", "new");
    fclose(f);
    assert_has(buf, "\"regressed\": true,\n  \"counts\": {\"new-failure\": 2, \"fixed\": 1, \"verdict\": 1, "
                    "\"reason\": 1, \"added\": 1, \"removed\": 1}");
    assert_has(buf, "{\"id\": \"gone\", \"change\": \"removed\", \"old\": \"fail\", \"new\": null");
    free(buf);
    f = open_memstream(&buf, &len);
    mc_diff_html_page(f, &d, "old", "new");
    fclose(f);
    assert_has(buf, "<td class=\"v fail\">new-failure</td><td><code>a</code></td>");
    assert_has(buf, "step 3: &lt;y&gt;");
    free(buf);
    mc_diff_free(&d);

    /* the same run twice: nothing, not regressed */
    assert_int_equal(mc_diff_runs(&rn, &rn, &d), 0);
    assert_int_equal(d.nrows, 0);
    assert_false(d.regressed);
    f = open_memstream(&buf, &len);
    mc_diff_text(f, &d, "x", "x");
    fclose(f);
    assert_has(buf, "no change\n");
    free(buf);
    mc_diff_free(&d);
    /* only fixes and additions: not a regression */
    assert_int_equal(mc_diff_runs(&ro, &ro, &d), 0);
    mc_diff_free(&d);
    rn.ntests = 2;
    ro.ntests = 2;
    assert_int_equal(mc_diff_runs(&rn, &ro, &d), 0); /* a fixed, b newly failing */
    assert_true(d.regressed);
    mc_diff_free(&d);
}

/* results.json read back: what the comparison needs, and clear errors. */
static void load(void **state)
{
    char dir[] = "/tmp/test_report_load.XXXXXX", path[600], err[512];
    mc_run run = synthetic(), *back = NULL;
    FILE *f;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/results.json", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    mc_report_json(f, &run);
    fclose(f);
    assert_int_equal(mc_results_load(dir, &back, err, sizeof err), 0); /* the directory */
    assert_int_equal(back->ntests, 6);
    for (size_t i = 0; i < 6; i++) {
        assert_string_equal(back->tests[i].id, TESTS[i].id);
        assert_int_equal(back->tests[i].verdict, TESTS[i].verdict);
        assert_int_equal(back->tests[i].warning, TESTS[i].warning);
    }
    assert_string_equal(back->tests[2].reason, "no BA seen within 3 s");
    assert_int_equal(back->tests[1].nclauses, 2);
    assert_string_equal(back->iut, "reference ha");
    mc_diff d;
    assert_int_equal(mc_diff_runs(back, &run, &d), 0);
    assert_int_equal(d.count[MC_CHANGE_NEW_FAILURE] + d.count[MC_CHANGE_REMOVED] + d.count[MC_CHANGE_ADDED], 0);
    mc_diff_free(&d);
    mc_results_free(back);

    static const struct {
        const char *text, *want;
    } bad[] = {
        {"", "empty"},
        {"{\"tests\": [", "not JSON: line 1"},
        {"[1]", "not the results object"},
        {"{\"title\": null}", "no \"tests\" array"},
        {"{\"tests\": [{\"verdict\": \"pass\"}]}", "tests[0] has no \"id\" string"},
        {"{\"tests\": [{\"id\": \"x\", \"verdict\": \"great\"}]}", "\"verdict\" is \"great\", not pass"},
        {"{\"tests\": [{\"id\": \"x\", \"verdict\": \"pass\"}, {\"id\": \"x\", \"verdict\": \"fail\"}]}",
         "test x appears twice"},
        {"{\"tests\": [{\"id\": \"x\", \"verdict\": \"pass\", \"reason\": 3}]}", "must be a string or null"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        f = fopen(path, "w");
        assert_non_null(f);
        fputs(bad[i].text, f);
        fclose(f);
        back = (mc_run *)1;
        assert_int_equal(mc_results_load(path, &back, err, sizeof err), -1);
        assert_null(back);
        assert_has(err, path);
        assert_has(err, bad[i].want);
    }
    assert_int_equal(unlink(path), 0);
    assert_int_equal(mc_results_load(dir, &back, err, sizeof err), -1);
    assert_has(err, "results.json: No such file or directory");
    assert_int_equal(rmdir(dir), 0);
}

/* ---- DIR mode: the synthetic report on disk, for the script tests ------- */

/* The links in index.html resolve: every artefact the run names exists. */
static int write_artefacts(const char *dir, const mc_run *run)
{
    for (size_t i = 0; i < run->ntests; i++) {
        const mc_test_result *t = &run->tests[i];
        const char *paths[] = {t->script, t->log, t->pcap, t->marks};
        for (size_t k = 0; k < 4; k++)
            if (paths[k] && write_text(dir, paths[k], "synthetic artefact\n") != 0)
                return -1;
        if (t->pcap && (write_pcap(dir, t->pcap, 0) != 0 || write_text(dir, t->marks, MARKS) != 0))
            return -1;
        if (t->page)
            mkparents(dir, t->page);
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

/* check --report: a conversation's page (no tester, no IUT): the peer's
 * column, arrows from the mobile node and from the peer, each finding in
 * red under the frame that showed it, an undecided one in grey. */
static void passive_page(void **state)
{
    char dir[] = "/tmp/test_report_passive.XXXXXX";
    mc_run run = synthetic();
    mc_test_result t = TESTS[1];
    static const mc_frame_note NOTES[] = {
        {2, 1, "finding 5648-6.2-1 [ba-bid-copied, MUST] ha: expected <BID 1>; seen none"},
        {4, 0, "undecided - any: expected the capture's start"},
    };
    char *h;

    (void)state;
    assert_non_null(mkdtemp(dir));
    run.dir = dir;
    run.passive = 1;
    t.steps = NULL, t.nsteps = 0, t.fail = NULL, t.script = NULL, t.log = NULL;
    t.notes = NOTES, t.nnotes = 2;
    assert_int_equal(write_pcap(dir, t.pcap, 0), 0);
    assert_int_equal(write_text(dir, t.marks, "1 stimulus mn 0\n2 observed mn 1.5\n3 stimulus mn 2\n"
                                               "4 observed mn 3\n"),
                     0);
    h = page_of(&run, &t);
    assert_has(h, ">peer (ha)<");
    assert_lacks(h, "IUT (ha)");
    assert_has(h, "from the mobile node");
    assert_lacks(h, "stimulus (sent by the tester)");
    assert_int_equal(count(h, "<div class=\"r miss\">"), 1);
    assert_int_equal(count(h, "<div class=\"r und\">"), 1);
    /* under its frame: after frame 2, before frame 3 */
    const char *fd = strstr(h, "expected &lt;BID 1&gt;; seen none");
    assert_non_null(fd);
    assert_true(strstr(h, "id=\"f-2\"") < fd && fd < strstr(h, "id=\"f-3\""));
    assert_true(strstr(h, "id=\"f-4\"") < strstr(h, "expected the capture&#39;s start") ||
                strstr(h, "id=\"f-4\"") < strstr(h, "expected the capture's start"));
    free(h);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(verdict_names), cmocka_unit_test(escaping),
        cmocka_unit_test(message_line),  cmocka_unit_test(junit),
        cmocka_unit_test(tap),           cmocka_unit_test(json),
        cmocka_unit_test(html),          cmocka_unit_test(html_without_faults),
        cmocka_unit_test(empty_run),     cmocka_unit_test(write_dir),
        cmocka_unit_test(test_page),     cmocka_unit_test(diff),
        cmocka_unit_test(load),          cmocka_unit_test(passive_page),
    };

    if (argc > 1)
        return write_report(argv[1]);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
