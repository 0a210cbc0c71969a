/*
 * diff.c - what changed between two runs: tests compared by id.
 *
 *   new-failure  passed or was skipped before; fails, errors or is inconc now
 *   fixed        failed, errored or was inconc before; passes now
 *   verdict      any other change of verdict (fail -> error, pass -> skip,
 *                a new or gone warning)
 *   reason       same verdict, another reason: the reasons are compared
 *                without their "observed:" part, which quotes captured
 *                packets with the namespaces' random MAC addresses and the
 *                stray Neighbor Discovery of the moment
 *   added        in the new run only
 *   removed      in the old run only
 *
 * A run regressed when a test newly fails or a test was removed (a check
 * that went away is a gate opened).  Text, JSON and HTML; the same rows.
 */
#include <stdlib.h>
#include <string.h>

#include "report_util.h"

static const char *const change_names[MC_NCHANGES] = {
    [MC_CHANGE_NEW_FAILURE] = "new-failure", [MC_CHANGE_FIXED] = "fixed",
    [MC_CHANGE_VERDICT] = "verdict",         [MC_CHANGE_REASON] = "reason",
    [MC_CHANGE_ADDED] = "added",             [MC_CHANGE_REMOVED] = "removed",
};

static const char *const change_titles[MC_NCHANGES] = {
    [MC_CHANGE_NEW_FAILURE] = "New failures",  [MC_CHANGE_FIXED] = "Fixed",
    [MC_CHANGE_VERDICT] = "Changed verdicts",  [MC_CHANGE_REASON] = "Changed reasons",
    [MC_CHANGE_ADDED] = "Tests added",         [MC_CHANGE_REMOVED] = "Tests removed",
};

const char *mc_change_name(mc_change c)
{
    return (int)c >= 0 && c < MC_NCHANGES ? change_names[c] : "?";
}

static int bad(mc_verdict v)
{
    return v == MC_VERDICT_FAIL || v == MC_VERDICT_ERROR || v == MC_VERDICT_INCONC || !rp_verdict_ok(v);
}

/* The part of a reason that says what was expected: up to "observed:". */
static size_t reason_key(const char *s)
{
    const char *o = strstr(rp_s(s), "\n  observed:");
    return o ? (size_t)(o - s) : strlen(rp_s(s));
}

static int same_reason(const char *a, const char *b)
{
    size_t na = reason_key(a), nb = reason_key(b);
    return na == nb && (!na || !memcmp(a, b, na));
}

static const mc_test_result *find(const mc_run *r, const char *id)
{
    for (size_t i = 0; i < r->ntests; i++)
        if (rp_same(r->tests[i].id, id))
            return &r->tests[i];
    return NULL;
}

static int classify(const mc_test_result *o, const mc_test_result *n, mc_change *c)
{
    mc_verdict ov = o->verdict, nv = n->verdict;
    if (!bad(ov) && bad(nv))
        *c = MC_CHANGE_NEW_FAILURE;
    else if (bad(ov) && nv == MC_VERDICT_PASS)
        *c = MC_CHANGE_FIXED;
    else if (strcmp(rp_vname(ov), rp_vname(nv)) || !o->warning != !n->warning)
        *c = MC_CHANGE_VERDICT;
    else if (!same_reason(o->reason, n->reason))
        *c = MC_CHANGE_REASON;
    else
        return 0;
    return 1;
}

int mc_diff_runs(const mc_run *old, const mc_run *new_, mc_diff *d)
{
    size_t cap = old->ntests + new_->ntests, n = 0;
    mc_diff_row *tmp;

    memset(d, 0, sizeof *d);
    tmp = calloc(cap ? cap : 1, sizeof *tmp);
    d->rows = calloc(cap ? cap : 1, sizeof *d->rows);
    if (!tmp || !d->rows) {
        free(tmp);
        free(d->rows);
        d->rows = NULL;
        return -1;
    }
    for (size_t i = 0; i < new_->ntests; i++) {
        const mc_test_result *nt = &new_->tests[i], *ot = find(old, nt->id);
        mc_change c = MC_CHANGE_ADDED;
        if (ot && !classify(ot, nt, &c))
            continue;
        tmp[n++] = (mc_diff_row){c, ot, nt};
    }
    for (size_t i = 0; i < old->ntests; i++)
        if (!find(new_, old->tests[i].id))
            tmp[n++] = (mc_diff_row){MC_CHANGE_REMOVED, &old->tests[i], NULL};
    /* grouped by change, each group in run order */
    for (int c = 0; c < MC_NCHANGES; c++)
        for (size_t i = 0; i < n; i++)
            if (tmp[i].change == (mc_change)c) {
                d->rows[d->nrows++] = tmp[i];
                d->count[c]++;
            }
    free(tmp);
    d->regressed = d->count[MC_CHANGE_NEW_FAILURE] || d->count[MC_CHANGE_REMOVED];
    return 0;
}

void mc_diff_free(mc_diff *d)
{
    free(d->rows);
    memset(d, 0, sizeof *d);
}

static const char *id_of(const mc_diff_row *r)
{
    return rp_s(r->new_ ? r->new_->id : r->old->id);
}

static const char *vname(const mc_test_result *t)
{
    return t ? rp_vname(t->verdict) : "-";
}

/* ---- text ------------------------------------------------------------------ */
/* The expectation part of a reason (before "observed:"), a few lines. */
static void text_reason(FILE *f, const char *label, const char *reason)
{
    const char *p = rp_s(reason);
    size_t key = reason_key(p);
    for (int k = 0; k < 4 && *p && (size_t)(p - rp_s(reason)) < key; k++) {
        size_t n = strcspn(p, "\n");
        char *line = strndup(p, n);
        fprintf(f, "      %s", k ? "" : label);
        rp_put(f, line, RP_TAP_DESC);
        fputc('\n', f);
        free(line);
        p += n;
        p += *p == '\n';
    }
}

void mc_diff_text(FILE *f, const mc_diff *d, const char *old_name, const char *new_name)
{
    fprintf(f, "mcoa-conform diff %s -> %s\n", rp_s(old_name), rp_s(new_name));
    if (!d->nrows) {
        fputs("no change\n", f);
        return;
    }
    for (int c = 0; c < MC_NCHANGES; c++) {
        if (!d->count[c])
            continue;
        fprintf(f, "%s (%zu):\n", change_titles[c], d->count[c]);
        for (size_t i = 0; i < d->nrows; i++) {
            const mc_diff_row *r = &d->rows[i];
            if (r->change != (mc_change)c)
                continue;
            fprintf(f, "  %-40s", id_of(r));
            fprintf(f, " %s%s -> %s%s\n", vname(r->old), r->old && r->old->warning ? "+warn" : "", vname(r->new_),
                    r->new_ && r->new_->warning ? "+warn" : "");
            if (c == MC_CHANGE_REASON || c == MC_CHANGE_VERDICT)
                text_reason(f, "was: ", r->old ? r->old->reason : NULL);
            if (r->new_)
                text_reason(f, c == MC_CHANGE_REASON || c == MC_CHANGE_VERDICT ? "now: " : "", r->new_->reason);
        }
    }
    fprintf(f, "%s: %zu new failure%s, %zu removed, %zu fixed, %zu other change%s\n",
            d->regressed ? "REGRESSED" : "not regressed", d->count[MC_CHANGE_NEW_FAILURE],
            d->count[MC_CHANGE_NEW_FAILURE] == 1 ? "" : "s", d->count[MC_CHANGE_REMOVED], d->count[MC_CHANGE_FIXED],
            d->nrows - d->count[MC_CHANGE_NEW_FAILURE] - d->count[MC_CHANGE_REMOVED] - d->count[MC_CHANGE_FIXED],
            d->nrows - d->count[MC_CHANGE_NEW_FAILURE] - d->count[MC_CHANGE_REMOVED] - d->count[MC_CHANGE_FIXED] == 1
                ? ""
                : "s");
}

/* ---- JSON ------------------------------------------------------------------- */
void mc_diff_json(FILE *f, const mc_diff *d, const char *old_name, const char *new_name)
{
    fputs("{\n  \"old\": ", f);
    rp_json_str(f, old_name);
    fputs(",\n  \"new\": ", f);
    rp_json_str(f, new_name);
    fprintf(f, ",\n  \"regressed\": %s,\n  \"counts\": {", d->regressed ? "true" : "false");
    for (int c = 0; c < MC_NCHANGES; c++)
        fprintf(f, "%s\"%s\": %zu", c ? ", " : "", change_names[c], d->count[c]);
    fputs("},\n  \"changes\": [", f);
    for (size_t i = 0; i < d->nrows; i++) {
        const mc_diff_row *r = &d->rows[i];
        fputs(i ? ",\n    {" : "\n    {", f);
        fputs("\"id\": ", f);
        rp_json_str(f, id_of(r));
        fprintf(f, ", \"change\": \"%s\", \"old\": ", change_names[r->change]);
        if (r->old)
            fprintf(f, "\"%s\"", vname(r->old));
        else
            fputs("null", f);
        fputs(", \"new\": ", f);
        if (r->new_)
            fprintf(f, "\"%s\"", vname(r->new_));
        else
            fputs("null", f);
        fprintf(f, ", \"old_warning\": %s, \"new_warning\": %s, \"old_reason\": ",
                r->old && r->old->warning ? "true" : "false", r->new_ && r->new_->warning ? "true" : "false");
        rp_json_str(f, r->old ? r->old->reason : NULL);
        fputs(", \"new_reason\": ", f);
        rp_json_str(f, r->new_ ? r->new_->reason : NULL);
        fputc('}', f);
    }
    fputs(d->nrows ? "\n  ]\n}\n" : "]\n}\n", f);
}

/* ---- HTML ------------------------------------------------------------------- */
static void html_reason(FILE *f, const char *reason)
{
    if (!rp_has(reason))
        return;
    fputs("<pre>", f);
    rp_put(f, reason, RP_XML_TEXT);
    fputs("</pre>", f);
}

static void html_verdict(FILE *f, const mc_test_result *t)
{
    if (!t) {
        fputs("<td class=\"v\">&#8211;</td>", f);
        return;
    }
    fprintf(f, "<td class=\"v %s\">%s%s</td>", vname(t), vname(t), t->warning ? " warn" : "");
}

void mc_diff_html(FILE *f, const mc_diff *d, const char *old_name, const char *new_name)
{
    fputs("<h2 id=\"diff\">Since the baseline</h2>\n<p>Compared: <code>", f);
    rp_put(f, rp_s(old_name), RP_XML_TEXT);
    fputs("</code> &#8594; <code>", f);
    rp_put(f, rp_s(new_name), RP_XML_TEXT);
    fprintf(f, "</code>. <span class=\"v %s\">%s</span> ", d->regressed ? "fail" : "pass",
            d->regressed ? "regressed" : "not regressed");
    for (int c = 0; c < MC_NCHANGES; c++)
        fprintf(f, "<span class=\"v\">%s %zu</span> ", change_names[c], d->count[c]);
    fputs("</p>\n", f);
    if (!d->nrows) {
        fputs("<p>No change: every test has the verdict and the reason it had.</p>\n", f);
        return;
    }
    fputs("<table class=\"diff\">\n<thead><tr><th>Change</th><th>Test</th><th>Before</th><th>Now</th>"
          "<th>Reason now (before, when it changed)</th></tr></thead>\n<tbody>\n",
          f);
    for (size_t i = 0; i < d->nrows; i++) {
        const mc_diff_row *r = &d->rows[i];
        const char *cls = r->change == MC_CHANGE_NEW_FAILURE || r->change == MC_CHANGE_REMOVED ? "fail"
                          : r->change == MC_CHANGE_FIXED                                     ? "pass"
                                                                                             : "inconc";
        fprintf(f, "<tr><td class=\"v %s\">%s</td><td><code>", cls, change_names[r->change]);
        rp_put(f, id_of(r), RP_XML_TEXT);
        fputs("</code></td>", f);
        html_verdict(f, r->old);
        html_verdict(f, r->new_);
        fputs("<td>", f);
        if (r->new_)
            html_reason(f, r->new_->reason);
        if (r->old && (r->change == MC_CHANGE_REASON || r->change == MC_CHANGE_VERDICT || !r->new_)) {
            fputs(r->new_ ? "<small>before:</small>" : "", f);
            html_reason(f, r->old->reason);
        }
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody>\n</table>\n", f);
}

void mc_diff_html_page(FILE *f, const mc_diff *d, const char *old_name, const char *new_name)
{
    rp_html_head(f, "mcoa-conform diff", new_name, NULL);
    mc_diff_html(f, d, old_name, new_name);
    fputs("<p><small>Generated by mcoa-conform diff.</small></p>\n</body>\n</html>\n", f);
}
