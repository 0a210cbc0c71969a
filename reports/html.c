/*
 * html.c - index.html: one self-contained page (inline CSS, no scripts, no
 * external resources) in the spirit of the TAHI conformance reports:
 * plain, dense, printable.  Header, the comparison with a baseline and the
 * test index here (each test's id links to its page, page.c); the clause
 * matrix and the validate matrix in html_matrix.c.
 *
 * The markup is also well-formed XML (every element closed, attributes
 * quoted, no named entities but XML's five), so tests can check its
 * structure with xmllint as well as render it.
 */
#include "report_util.h"

const char rp_css[] =
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "body{font:13px/1.35 sans-serif;margin:1em 1.5em;color:#000;background:#fff}\n"
    "h1{font-size:1.4em;margin:0 0 .4em}\n"
    "h2{font-size:1.15em;margin:1.4em 0 .4em;border-bottom:1px solid #777}\n"
    "table{border-collapse:collapse;margin:.3em 0 .8em}\n"
    "th,td{border:1px solid #999;padding:1px 5px;vertical-align:top;text-align:left}\n"
    "th{background:#e6e6e6}\n"
    "td.n{text-align:right;white-space:nowrap}\n"
    "code,pre{font-family:'DejaVu Sans Mono',monospace;font-size:12px}\n"
    "pre{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}\n"
    "td.v,span.v{font-weight:bold;text-align:center;white-space:nowrap}\n"
    "span.v{padding:0 4px;border:1px solid #999}\n"
    ".pass{background:#c6efce}.fail{background:#ffc7ce}.inconc{background:#ffeb9c}\n"
    ".skip{background:#e3e3e3}.error{background:#e4c6f5}.warn{background:#fff2a8}\n"
    "tr.why td{border-top:none;background:#fafafa}\n"
    "tr.untestable td{color:#555;font-style:italic}\n"
    ".uncov{color:#b00000;font-weight:bold}\n"
    ".unk{color:#b00000;text-decoration:underline dotted}\n"
    ".tv{display:inline-block;margin:0 3px 1px 0;padding:0 3px;border:1px solid #bbb;white-space:nowrap}\n"
    ".nav a{margin-right:1em}\n"
    "table.mx td.c{padding:0 2px;text-align:center;font-family:monospace;min-width:1em}\n"
    "table.mx th.c{padding:0 2px;text-align:center;font-weight:normal;font-size:11px}\n"
    ".cF{background:#c6efce}.cp{background:#ff8f9c;font-weight:bold}.cX{background:#ffeb9c}\n"
    ".cN{color:#aaa}\n"
    "a{color:#0645ad}\n"
    "@media print{body{margin:0;font-size:10px}a{color:inherit;text-decoration:none}"
    "tr{break-inside:avoid}.nav{display:none}}\n";

static void text(FILE *f, const char *s)
{
    rp_put(f, s, RP_XML_TEXT);
}

static void verdict_cell(FILE *f, const mc_test_result *t)
{
    const char *v = rp_vname(t->verdict);
    fprintf(f, "<td class=\"v %s\">%s", v, v);
    if (t->warning)
        fputs(" <span class=\"warn\" title=\"a SHOULD-level check failed\">warn</span>", f);
    fputs("</td>", f);
}

/* A test id linking to its row in the index, coloured by its verdict. */
void rp_html_test_link(FILE *f, const mc_test_result *t, int with_verdict)
{
    fprintf(f, "<span class=\"tv %s\"><a href=\"#", rp_vname(t->verdict));
    rp_put_anchor(f, "t-", t->id);
    fputs("\">", f);
    text(f, rp_s(t->id));
    fputs("</a>", f);
    if (with_verdict)
        fprintf(f, " %s", rp_vname(t->verdict));
    fputs("</span> ", f);
}

void rp_html_head(FILE *f, const char *title, const char *subtitle, const char *extra_css)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
          "<meta name=\"viewport\" content=\"width=device-width\"/>\n<title>",
          f);
    text(f, title);
    fputs(" - ", f);
    text(f, rp_s(subtitle));
    fprintf(f, "</title>\n<style>\n%s%s</style>\n</head>\n<body>\n", rp_css, rp_s(extra_css));
}

static void head(FILE *f, const mc_run *run)
{
    rp_html_head(f, rp_has(run->title) ? run->title : "mcoa-conform run", run->iut, NULL);
}

static void meta_row(FILE *f, const char *key, const char *value)
{
    fprintf(f, "<tr><th>%s</th><td>", key);
    text(f, rp_s(value));
    fputs("</td></tr>\n", f);
}

static void header(FILE *f, const mc_run *run)
{
    static const char *const names[RP_NVERDICTS] = {"pass", "fail", "inconc", "skip", "error"};
    rp_counts c;

    rp_count(run, NULL, &c);
    fputs("<h1>", f);
    text(f, rp_has(run->title) ? run->title : "mcoa-conform run");
    fputs("</h1>\n<table class=\"meta\">\n", f);
    meta_row(f, "IUT", run->iut);
    meta_row(f, "Started", run->started);
    fprintf(f, "<tr><th>Duration</th><td>%.1f s</td></tr>\n", rp_dur(run->duration_s));
    meta_row(f, "Host", run->hostname);
    fputs("<tr><th>Verdicts</th><td>", f);
    fprintf(f, "<span class=\"v\">%zu tests</span> ", c.total);
    for (int v = 0; v < RP_NVERDICTS; v++)
        fprintf(f, "<span class=\"v %s\">%s %zu</span> ", names[v], names[v], c.v[v]);
    fprintf(f, "<span class=\"v warn\">warnings %zu</span></td></tr>\n</table>\n", c.warnings);
    fputs("<p class=\"nav\"><a href=\"#tests\">Test cases</a><a href=\"#clauses\">Clause matrix</a>", f);
    if (run->faults && run->nfaults)
        fputs("<a href=\"#validate\">Fault validation</a>", f);
    if (run->baseline)
        fputs("<a href=\"#diff\">Since the baseline</a>", f);
    fputs("</p>\n", f);
}

/* Catalogue clauses link to their row in the matrix; a clause the
 * catalogue does not know is flagged rather than linked to nowhere. */
static void clause_refs(FILE *f, const mc_run *run, const mc_test_result *t)
{
    for (size_t i = 0; i < t->nclauses; i++) {
        if (i)
            fputs("<br/>", f);
        if (rp_find_clause(run, t->clauses[i])) {
            fputs("<a href=\"#", f);
            rp_put_anchor(f, "c-", t->clauses[i]);
            fputs("\">", f);
            text(f, t->clauses[i]);
            fputs("</a>", f);
        } else {
            fputs("<span class=\"unk\" title=\"not in the clause catalogue\">", f);
            text(f, rp_s(t->clauses[i]));
            fputs("</span>", f);
        }
    }
}

/* Links only to artefacts the runner wrote, so none is dead. */
static void artefact(FILE *f, const char *label, const char *path, int *n)
{
    if (!rp_has(path))
        return;
    fputs(*n ? " " : "", f);
    fputs("<a href=\"", f);
    rp_put_href(f, path);
    fprintf(f, "\">%s</a>", label);
    (*n)++;
}

static void index_row(FILE *f, const mc_run *run, size_t i)
{
    const mc_test_result *t = &run->tests[i];
    int n = 0;

    fputs("<tr id=\"", f);
    rp_put_anchor(f, "t-", t->id);
    fprintf(f, "\"><td class=\"n\">%zu</td>", i + 1);
    verdict_cell(f, t);
    fputs("<td><code>", f);
    if (rp_has(t->page)) { /* the test's own page: the conversation drawn */
        fputs("<a href=\"", f);
        rp_put_href(f, t->page);
        fputs("\" title=\"the test's page: ladder diagram, script, clauses\">", f);
        text(f, rp_s(t->id));
        fputs("</a>", f);
    } else
        text(f, rp_s(t->id));
    fputs("</code></td><td>", f);
    text(f, rp_s(t->title));
    fputs("</td><td>", f);
    text(f, rp_role(t));
    fputs("</td><td><code>", f);
    clause_refs(f, run, t);
    fprintf(f, "</code></td><td class=\"n\">%.2f</td><td>", rp_dur(t->duration_s));
    artefact(f, "log", t->log, &n);
    artefact(f, "script", t->script, &n);
    artefact(f, "pcap", t->pcap, &n);
    artefact(f, "marks", t->marks, &n);
    fputs("</td></tr>\n", f);
    if (rp_has(t->reason)) { /* reasons quote packets: monospace, never markup */
        fputs("<tr class=\"why\"><td></td><td colspan=\"7\"><pre>", f);
        text(f, t->reason);
        fputs("</pre></td></tr>\n", f);
    }
}

static void test_index(FILE *f, const mc_run *run)
{
    fputs("<h2 id=\"tests\">Test cases</h2>\n", f);
    if (run->ntests == 0) {
        fputs("<p>No test was run.</p>\n", f);
        return;
    }
    fputs("<table class=\"idx\">\n<thead><tr><th>#</th><th>Verdict</th><th>Test</th><th>Title</th>"
          "<th>IUT</th><th>Clauses</th><th>Time&#160;(s)</th><th>Artefacts</th></tr></thead>\n"
          "<tbody>\n",
          f);
    for (size_t i = 0; i < run->ntests; i++)
        index_row(f, run, i);
    fputs("</tbody>\n</table>\n", f);
}

void mc_report_html(FILE *f, const mc_run *run)
{
    head(f, run);
    header(f, run);
    if (run->baseline) { /* what changed first: that is what a reviewer opens the report for */
        mc_diff d;
        if (mc_diff_runs(run->baseline, run, &d) == 0)
            mc_diff_html(f, &d, run->baseline_path, rp_has(run->dir) ? run->dir : "this run");
        mc_diff_free(&d);
    }
    test_index(f, run);
    rp_html_clause_section(f, run);
    rp_html_fault_section(f, run);
    fputs("<p><small>Generated by mcoa-conform.</small></p>\n</body>\n</html>\n", f);
}
