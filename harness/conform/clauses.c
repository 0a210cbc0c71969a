/*
 * clauses.c - load the clause catalogue: tab-separated
 * id section level actor check summary note, '#' comments, a header line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clauses.h"

static char *slurp(const char *path, mc_err *e)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        mc_err_set(e, -1, "%s: %s", path, strerror(errno));
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *t = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (t && fread(t, 1, (size_t)n, f) != (size_t)n) {
        free(t);
        t = NULL;
    }
    fclose(f);
    if (!t) {
        mc_err_set(e, -1, "%s: cannot read", path);
        return NULL;
    }
    t[n] = 0;
    return t;
}

int clauses_load(const char *path, clause_set *s, mc_err *e)
{
    memset(s, 0, sizeof *s);
    if (!(s->text = slurp(path, e)))
        return -1;
    size_t cap = 0;
    int lineno = 0, header = 0;
    for (char *line = s->text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = 0;
        lineno++;
        if (line[0] == '#' || !line[0])
            continue;
        if (!header) {
            header = 1; /* id section level actor check summary note */
            continue;
        }
        char *col[7] = {0};
        int k = 0;
        for (char *p = line; k < 7; k++) {
            col[k] = p;
            char *tab = strchr(p, '\t');
            if (!tab) {
                k++;
                break;
            }
            *tab = 0;
            p = tab + 1;
        }
        if (k < 6) {
            mc_err_set(e, lineno, "%s:%d: expected 7 tab-separated columns", path, lineno);
            clauses_free(s);
            return -1;
        }
        if (s->n == cap) {
            cap = cap ? 2 * cap : 128;
            mc_clause *nc = realloc(s->c, cap * sizeof *nc);
            if (!nc) {
                clauses_free(s);
                return -1;
            }
            s->c = nc;
        }
        s->c[s->n++] = (mc_clause){col[0], col[1], col[2], col[3], col[4], col[5], col[6] ? col[6] : ""};
    }
    return 0;
}

const mc_clause *clauses_find(const clause_set *s, const char *id)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->c[i].id, id))
            return &s->c[i];
    return NULL;
}

void clauses_free(clause_set *s)
{
    free(s->c);
    free(s->text);
    memset(s, 0, sizeof *s);
}
