/*
 * report_util.h - private helpers shared by the report writers: text
 * escaping for each output format, counting, and clause look-ups.
 * Not installed; only the .c files of reports/ include it.
 */
#ifndef MCOA_REPORT_UTIL_H
#define MCOA_REPORT_UTIL_H

#include <stdio.h>

#include "report.h"

#define RP_NVERDICTS 5

/* How rp_put escapes a string.  Reasons quote packets and may carry any
 * byte, so every mode turns what the target format cannot hold into
 * visible text ("\xNN" for a byte that is not UTF-8, "\u0085" for a code
 * point the format forbids or would swallow) instead of dropping it. */
typedef enum rp_mode {
    RP_XML_TEXT, /* element content (XML and HTML): & < > " ' as entities */
    RP_XML_ATTR, /* attribute value: as text, and tab/newline as character refs */
    RP_JSON,     /* inside "...": JSON escapes; also valid YAML double-quoted */
    RP_TAP_DESC  /* a TAP test line: one line, '#' escaped so it starts no directive */
} rp_mode;

void rp_put(FILE *f, const char *s, rp_mode mode);
/* Same, for at most the first line and at most max bytes of s (cut on a
 * UTF-8 boundary); appends "..." when something was cut. */
void rp_put_line(FILE *f, const char *s, size_t max, rp_mode mode);
/* A JSON/YAML string literal with quotes, or null when s is NULL. */
void rp_json_str(FILE *f, const char *s);
/* A relative artefact path as an href: percent-encoded, then attribute-escaped. */
void rp_put_href(FILE *f, const char *path);
/* An HTML id fragment: [A-Za-z0-9._-] kept, anything else '_'. */
void rp_put_anchor(FILE *f, const char *prefix, const char *id);

/* Decodes one UTF-8 code point; see escape.c. */
size_t rp_utf8_next(const unsigned char *s, long *cp);

/* Counting. */
typedef struct rp_counts {
    size_t v[RP_NVERDICTS]; /* by mc_verdict */
    size_t warnings;
    size_t total;
    double time_s;
} rp_counts;

/* Counts the tests of `role` (all tests when role is NULL). */
void rp_count(const mc_run *run, const char *role, rp_counts *c);
const char *rp_role(const mc_test_result *t); /* iut_role, or "unknown" */
/* 1 when test i is the first of its role, so suites come out in first-seen order. */
int rp_role_first(const mc_run *run, size_t i);
int rp_same(const char *a, const char *b);    /* NULL-safe strcmp()==0 */
const char *rp_s(const char *s);              /* s, or "" for NULL */
int rp_has(const char *s);                    /* s is non-NULL and non-empty */
double rp_dur(double d);                      /* d, or 0 when negative or not finite */
int rp_verdict_ok(mc_verdict v);              /* in range */
const char *rp_vname(mc_verdict v);           /* never NULL */

/* Clauses. */
const mc_clause *rp_find_clause(const mc_run *run, const char *id);
int rp_test_cites(const mc_test_result *t, const char *clause_id);
/* 1 when the comma-separated actor list ("HA,CN") names role, case-insensitively. */
int rp_actor_has(const char *actor, const char *role);
/* MUST, MUST NOT, and their RFC 2119 synonyms REQUIRED, SHALL, SHALL NOT. */
int rp_level_mandatory(const char *level);

/* Coverage of one role: mandatory wire-checkable clauses whose actor is the
 * role, how many are cited by a test of that role, and how many of those
 * have every such test passing. */
typedef struct rp_cover {
    size_t total, covered, passing;
} rp_cover;
void rp_coverage(const mc_run *run, const char *role, rp_cover *c);

/* HTML pieces shared by html.c, html_matrix.c, page.c and diff.c. */
extern const char rp_css[];
void rp_html_head(FILE *f, const char *title, const char *subtitle, const char *extra_css);
/* The whole file dir/rel, NUL-terminated, at most max bytes (*cut set when
 * there was more); NULL when it cannot be read.  Free it. */
char *rp_slurp(const char *dir, const char *rel, size_t max, size_t *len, int *cut);
void rp_html_test_link(FILE *f, const mc_test_result *t, int with_verdict);
void rp_html_clause_section(FILE *f, const mc_run *run);
void rp_html_fault_section(FILE *f, const mc_run *run);

#endif
