/*
 * load.c - mc_results_load: a results.json (json.c writes it) read back
 * into an mc_run, for `mcoa-conform diff` and `run --baseline`.  Strict
 * about what a comparison needs (tests[] with id and a known verdict),
 * lenient about the rest; every error names the file and what is wrong.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "json.h"
#include "report_util.h"

#define RESULTS_MAX (256u << 20)

/* Everything of a loaded run is in one allocation list, freed together. */
typedef struct loaded {
    mc_run run;
    void **allocs;
    size_t nallocs, cap;
} loaded;

static void *keep(loaded *l, void *p)
{
    if (!p)
        return NULL;
    if (l->nallocs == l->cap) {
        size_t nc = l->cap ? 2 * l->cap : 64;
        void **a = realloc(l->allocs, nc * sizeof *a);
        if (!a) {
            free(p);
            return NULL;
        }
        l->allocs = a, l->cap = nc;
    }
    return l->allocs[l->nallocs++] = p;
}

static int fail(char *err, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t cap, const char *fmt, ...)
{
    va_list ap;
    if (err && cap) {
        va_start(ap, fmt);
        vsnprintf(err, cap, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* A string member (NULL when absent or null); *bad set when of another type. */
static const char *str(loaded *l, const json *o, const char *key, int *bad)
{
    const json *v = json_member(o, key);
    if (!v || v->type == JSON_NULL)
        return NULL;
    if (v->type != JSON_STRING) {
        *bad = 1;
        return NULL;
    }
    return keep(l, strdup(v->string ? v->string : ""));
}

static int verdict_of(const char *s, mc_verdict *v)
{
    for (int i = 0; i < RP_NVERDICTS; i++)
        if (rp_same(s, mc_verdict_name((mc_verdict)i))) {
            *v = (mc_verdict)i;
            return 0;
        }
    return -1;
}

static int test_of(loaded *l, const json *o, mc_test_result *t, size_t i, const char *path, char *err, size_t cap)
{
    int bad = 0;
    const char *v;
    const json *cl, *w, *d;

    if (o->type != JSON_OBJECT)
        return fail(err, cap, "%s: tests[%zu] is %s, not an object", path, i, json_type_name(o->type));
    t->id = str(l, o, "id", &bad);
    if (!rp_has(t->id) || bad)
        return fail(err, cap, "%s: tests[%zu] has no \"id\" string", path, i);
    v = str(l, o, "verdict", &bad);
    if (!v || verdict_of(v, &t->verdict) < 0)
        return fail(err, cap, "%s: tests[%zu] (%s): \"verdict\" is %s%s%s, not pass, fail, inconc, skip or error", path,
                    i, t->id, v ? "\"" : "", v ? v : "missing", v ? "\"" : "");
    t->title = str(l, o, "title", &bad);
    t->iut_role = str(l, o, "iut_role", &bad);
    t->reason = str(l, o, "reason", &bad);
    t->script = str(l, o, "script", &bad);
    t->log = str(l, o, "log", &bad);
    t->pcap = str(l, o, "pcap", &bad);
    t->marks = str(l, o, "marks", &bad);
    if (bad)
        return fail(err, cap, "%s: tests[%zu] (%s): a member that must be a string or null is not", path, i, t->id);
    w = json_member(o, "warning");
    t->warning = w && w->type == JSON_BOOL && w->boolean;
    d = json_member(o, "duration_s");
    t->duration_s = d && d->type == JSON_NUMBER ? d->number : 0;
    cl = json_member(o, "clauses");
    if (cl && cl->type == JSON_ARRAY && cl->n) {
        const char **c = keep(l, calloc(cl->n, sizeof *c));
        if (!c)
            return fail(err, cap, "%s: out of memory", path);
        for (size_t k = 0; k < cl->n; k++)
            if (cl->item[k].type == JSON_STRING)
                c[t->nclauses++] = keep(l, strdup(cl->item[k].string ? cl->item[k].string : ""));
        t->clauses = c;
    }
    return 0;
}

static int parse(loaded *l, const char *text, size_t len, const char *path, char *err, size_t cap)
{
    json *j = NULL;
    char why[200];
    int bad = 0, rc = -1;

    if (json_parse(text, len, &j, why, sizeof why) < 0)
        return fail(err, cap, "%s: not JSON: %s", path, why);
    const json *tests = json_member(j, "tests");
    if (j->type != JSON_OBJECT)
        fail(err, cap, "%s: a %s, not the results object", path, json_type_name(j->type));
    else if (!tests || tests->type != JSON_ARRAY)
        fail(err, cap, "%s: no \"tests\" array: not a results.json of mcoa-conform", path);
    else {
        mc_test_result *t = keep(l, calloc(tests->n ? tests->n : 1, sizeof *t));
        l->run.title = str(l, j, "title", &bad);
        l->run.iut = str(l, j, "iut", &bad);
        l->run.started = str(l, j, "started", &bad);
        l->run.hostname = str(l, j, "hostname", &bad);
        if (!t)
            fail(err, cap, "%s: out of memory", path);
        else {
            rc = 0;
            for (size_t i = 0; rc == 0 && i < tests->n; i++)
                rc = test_of(l, &tests->item[i], &t[i], i, path, err, cap);
            for (size_t i = 0; rc == 0 && i < tests->n; i++)
                for (size_t k = 0; k < i; k++)
                    if (rp_same(t[i].id, t[k].id)) {
                        rc = fail(err, cap, "%s: test %s appears twice in \"tests\"", path, t[i].id);
                        break;
                    }
            l->run.tests = t;
            l->run.ntests = tests->n;
        }
    }
    json_free(j);
    return rc;
}

int mc_results_load(const char *path, mc_run **out, char *err, size_t cap)
{
    char file[4096];
    struct stat st;
    loaded *l;

    *out = NULL;
    if (!rp_has(path))
        return fail(err, cap, "no results given");
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        if ((size_t)snprintf(file, sizeof file, "%s/results.json", path) >= sizeof file)
            return fail(err, cap, "%s: path too long", path);
    } else if ((size_t)snprintf(file, sizeof file, "%s", path) >= sizeof file)
        return fail(err, cap, "%s: path too long", path);
    if (stat(file, &st) != 0)
        return fail(err, cap, "%s: %s", file, strerror(errno));
    if (!S_ISREG(st.st_mode))
        return fail(err, cap, "%s: not a file", file);
    if ((unsigned long long)st.st_size > RESULTS_MAX)
        return fail(err, cap, "%s: larger than %u MiB: not a results.json", file, RESULTS_MAX >> 20);
    size_t len = 0;
    int cut = 0;
    char *text = rp_slurp(NULL, file, RESULTS_MAX, &len, &cut);
    if (!text)
        return fail(err, cap, "%s: %s", file, strerror(errno ? errno : EIO));
    if (len == 0) {
        free(text);
        return fail(err, cap, "%s: empty", file);
    }
    l = calloc(1, sizeof *l);
    if (!l || parse(l, text, len, file, err, cap) < 0) {
        free(text);
        if (l)
            mc_results_free(&l->run);
        else
            fail(err, cap, "%s: out of memory", file);
        return -1;
    }
    free(text);
    *out = &l->run;
    return 0;
}

void mc_results_free(mc_run *run)
{
    loaded *l = (loaded *)run; /* run is the first member */
    if (!l)
        return;
    for (size_t i = 0; i < l->nallocs; i++)
        free(l->allocs[i]);
    free(l->allocs);
    free(l);
}
