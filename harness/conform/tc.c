/*
 * tc.c - the test case parser (see tc.h and testcases/README.md).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "contract.h"
#include "tc.h"

typedef struct lexer {
    const char *path;
    int line;
    const char *start; /* the line, for columns */
    const char *p;
} lexer;

static void skip_ws(lexer *x)
{
    while (*x->p == ' ' || *x->p == '\t')
        x->p++;
}

static int col(const lexer *x) { return (int)(x->p - x->start) + 1; }

static int fail(const lexer *x, mc_err *e, const char *what)
{
    mc_err_set(e, x->line, "%s:%d:%d: %s", x->path, x->line, col(x), what);
    return -1;
}

/* Next blank-separated word into buf; 0 if none. */
static size_t word(lexer *x, char *buf, size_t cap)
{
    skip_ws(x);
    size_t n = 0;
    while (*x->p && !isspace((unsigned char)*x->p)) {
        if (n + 1 < cap)
            buf[n++] = *x->p;
        x->p++;
    }
    buf[n] = 0;
    return n;
}

/* Words into a table of `n` items of `item` bytes each. */
static int copy_list(lexer *x, char *dst, size_t item, int *n, mc_err *e)
{
    char w[64];
    while (1) {
        const char *at = x->p;
        size_t len = word(x, w, sizeof w);
        if (!len)
            return 0;
        if (*n >= TC_MAX_LIST || len >= item) {
            x->p = at;
            skip_ws(x);
            return fail(x, e, *n >= TC_MAX_LIST ? "too many items (at most 16)" : "item too long");
        }
        memcpy(dst + (size_t)(*n) * item, w, len + 1);
        (*n)++;
    }
}

static int rest(lexer *x, char *dst, size_t cap, mc_err *e, const char *what)
{
    skip_ws(x);
    size_t n = strlen(x->p);
    while (n && isspace((unsigned char)x->p[n - 1]))
        n--;
    if (!n)
        return fail(x, e, what);
    if (n >= cap)
        return fail(x, e, "line too long");
    memcpy(dst, x->p, n);
    dst[n] = 0;
    x->p += n;
    return 0;
}

/* 1s, 500ms, 2.5s */
int tc_duration(const char *w, unsigned *ms)
{
    char *end;
    double v = strtod(w, &end);
    if (end == w || v < 0 || v > 3600)
        return -1;
    if (!strcmp(end, "ms"))
        *ms = (unsigned)v;
    else if (!strcmp(end, "s"))
        *ms = (unsigned)(v * 1000);
    else
        return -1;
    return 0;
}

/* A time bound, or $NAME: a PIXIT value read when the step runs (how long
 * the IUT may take over a message, say, is the implementation's). */
static int timeout(lexer *x, unsigned *ms, char *var, size_t varcap, mc_err *e)
{
    char w[32];
    const char *at = x->p;
    word(x, w, sizeof w);
    if (w[0] == '$' && w[1] && strspn(w + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") ==
                                   strlen(w + 1) && strlen(w + 1) < varcap) {
        snprintf(var, varcap, "%s", w + 1);
        *ms = 0;
        return 0;
    }
    if (tc_duration(w, ms) < 0) {
        x->p = at;
        skip_ws(x);
        return fail(x, e, "expected a time bound like 1s or 500ms (unit s or ms), or a PIXIT $NAME holding one");
    }
    return 0;
}

static int endpoint(lexer *x, char *dst, mc_err *e)
{
    char w[64];
    const char *at = x->p;
    word(x, w, sizeof w);
    char *dot = strchr(w, '.');
    if (!dot || dot == w || !dot[1] || strlen(w) >= 48) {
        x->p = at;
        skip_ws(x);
        return fail(x, e, "expected a tester endpoint NODE.INTERFACE, e.g. mn.f1");
    }
    strcpy(dst, w);
    return 0;
}

static int quoted(lexer *x, char *dst, size_t cap, mc_err *e)
{
    skip_ws(x);
    if (*x->p != '"')
        return fail(x, e, "expected a quoted reason after why");
    x->p++;
    size_t n = 0;
    while (*x->p && *x->p != '"') {
        if (n + 1 < cap)
            dst[n++] = *x->p;
        x->p++;
    }
    if (*x->p != '"')
        return fail(x, e, "unterminated quote");
    x->p++;
    dst[n] = 0;
    return 0;
}

/* Reads up to n words of the rest of the line into w and puts the lexer
 * back where they start: the step keeps its whole text, the words are only
 * looked at.  Returns how many words there were. */
static int peek_words(lexer *x, char w[][64], int n)
{
    skip_ws(x);
    const char *at = x->p;
    int k = 0;
    while (k < n && word(x, w[k], sizeof w[k]))
        k++;
    x->p = at;
    return k;
}

/* A step as the parser fills it: room for a whole line of each string.  The
 * case keeps each string at its length (tc_parse_file). */
typedef struct pstep {
    uint8_t kind, pre, should, refusable;
    int line, match;
    unsigned timeout_ms;
    char where[48];
    char timeout_var[32];
    char text[TC_MAX_LINE];
    char why[256];
} pstep;

/* the steps of the case being parsed, TC_MAX_STEPS of them (one per thread) */
static _Thread_local pstep *room;

static int step(lexer *x, tc_case *tc, const char *kw, int pre, int should, mc_err *e)
{
    if (tc->nsteps >= TC_MAX_STEPS)
        return fail(x, e, "too many steps (at most 64)");
    pstep *s = &room[tc->nsteps];
    /* field by field: a whole step is 2.4 KB, mostly text not yet written */
    s->kind = s->pre = s->should = s->refusable = 0;
    s->line = s->match = 0;
    s->timeout_ms = 0;
    s->where[0] = s->timeout_var[0] = s->text[0] = s->why[0] = 0;
    s->pre = (uint8_t)pre;
    s->should = (uint8_t)should;
    s->line = x->line;
    if (!strcmp(kw, "send")) {
        s->kind = TC_SEND;
        if (endpoint(x, s->where, e) < 0 || rest(x, s->text, sizeof s->text, e, "expected a crafter expression") < 0)
            return -1;
    } else if (!strcmp(kw, "expect") || !strcmp(kw, "expect-none")) {
        s->kind = !strcmp(kw, "expect") ? TC_EXPECT : TC_EXPECT_NONE;
        if (endpoint(x, s->where, e) < 0 || timeout(x, &s->timeout_ms, s->timeout_var, sizeof s->timeout_var, e) < 0 ||
            rest(x, s->text, sizeof s->text, e, "expected a packet pattern") < 0)
            return -1;
    } else if (!strcmp(kw, "iut") || !strcmp(kw, "iut?")) {
        s->kind = TC_IUT;
        s->refusable = kw[3] == '?'; /* the IUT may refuse: what it sends is judged either way */
        if (rest(x, s->text, sizeof s->text, e, "expected an IUT action, e.g. register all") < 0)
            return -1;
    } else if (!strcmp(kw, "compute")) {
        /* compute NAME = FUNCTION ARGS...: checked here as far as the
         * words go; the arguments are values only once $VARs are known */
        char w[3][64];
        s->kind = TC_COMPUTE;
        if (peek_words(x, w, 3) < 3 || strcmp(w[1], "="))
            return fail(x, e, "expected compute NAME = FUNCTION ARGS, e.g. compute AUTH = rr-auth HTOK CTOK COA CN EXPR");
        static const char *const fns[] = {"rr-auth", "add", "addr-add", "addr-random", "hex-xor",
                                           "solicited-node", "multicast-mac", "nd-ns"};
        size_t k = 0;
        while (k < sizeof fns / sizeof *fns && strcmp(w[2], fns[k]))
            k++;
        if (k == sizeof fns / sizeof *fns)
            return fail(x, e, "unknown compute function: expected rr-auth, add, addr-add, addr-random, hex-xor, "
                              "solicited-node, multicast-mac or nd-ns");
        if (rest(x, s->text, sizeof s->text, e, "expected compute NAME = FUNCTION ARGS") < 0)
            return -1;
    } else if (!strcmp(kw, "check")) {
        /* check A OP B: two values, usually captured from earlier packets,
         * compared once $VARs are known (run.c, check_values) */
        char w[3][64];
        s->kind = TC_CHECK;
        if (peek_words(x, w, 3) < 3 || (strcmp(w[1], "==") && strcmp(w[1], "!=") && strcmp(w[1], ">")))
            return fail(x, e, "expected check A OP B with OP ==, != or > (e.g. check $B1 != $B2)");
        if (rest(x, s->text, sizeof s->text, e, "expected check A OP B") < 0)
            return -1;
    } else if (!strcmp(kw, "repeat")) {
        /* repeat VAR FROM TO: FROM and TO numbers or $VARs, known at run time */
        char w[3][64];
        s->kind = TC_REPEAT;
        if (pre || peek_words(x, w, 3) < 3 || w[0][0] == '$' || strlen(w[0]) >= 32)
            return fail(x, e, "expected repeat VAR FROM TO (e.g. repeat I 1 $COUNT), not after pre");
        for (int i = 0; i < tc->nsteps; i++)
            if (room[i].kind == TC_REPEAT && room[i].match < 0)
                return fail(x, e, "repeat inside repeat: one level only (end the first one before)");
        s->match = -1;
        if (rest(x, s->text, sizeof s->text, e, "expected repeat VAR FROM TO") < 0)
            return -1;
    } else if (!strcmp(kw, "end")) {
        int open = -1;
        for (int i = 0; i < tc->nsteps; i++)
            if (room[i].kind == TC_REPEAT && room[i].match < 0)
                open = i;
        if (pre || open < 0)
            return fail(x, e, "end without a repeat before it");
        if (open == tc->nsteps - 1)
            return fail(x, e, "a repeat needs at least one step before its end");
        s->kind = TC_END;
        s->match = open;
        room[open].match = tc->nsteps;
    } else if (!strcmp(kw, "state")) {
        s->kind = TC_STATE;
        if (rest(x, s->text, sizeof s->text, e, "expected a state check, e.g. bindings $HOA 3") < 0)
            return -1;
    } else {
        return -2;
    }
    tc->nsteps++;
    return 0;
}

static int meta(lexer *x, tc_case *tc, const char *kw, mc_err *e)
{
    char w[64];
    if (!strcmp(kw, "id")) {
        if (!word(x, w, sizeof w) || strlen(w) >= sizeof tc->id)
            return fail(x, e, "expected a test id");
        strcpy(tc->id, w);
    } else if (!strcmp(kw, "title")) {
        return rest(x, tc->title, sizeof tc->title, e, "expected a title");
    } else if (!strcmp(kw, "iut")) {
        /* `iut ROLE` (metadata) or, once the role is known, `iut ACTION` (a step) */
        const char *at = x->p;
        word(x, w, sizeof w);
        if (strcmp(w, "ha") && strcmp(w, "cn") && strcmp(w, "mn")) {
            x->p = at;
            if (tc->iut[0])
                return -2;
            skip_ws(x);
            return fail(x, e, "expected the IUT role: ha, cn or mn");
        }
        strcpy(tc->iut, w);
    } else if (!strcmp(kw, "topology")) {
        if (!word(x, w, sizeof w) || strlen(w) >= sizeof tc->topology)
            return fail(x, e, "expected a topology name");
        strcpy(tc->topology, w);
    } else if (!strcmp(kw, "clauses")) {
        return copy_list(x, tc->clauses[0], sizeof tc->clauses[0], &tc->nclauses, e);
    } else if (!strcmp(kw, "pics")) {
        return copy_list(x, tc->pics[0], sizeof tc->pics[0], &tc->npics, e);
    } else if (!strcmp(kw, "faults")) {
        return copy_list(x, tc->faults[0], sizeof tc->faults[0], &tc->nfaults, e);
    } else if (!strcmp(kw, "tags")) {
        return copy_list(x, tc->tags[0], sizeof tc->tags[0], &tc->ntags, e);
    } else if (!strcmp(kw, "configuration")) {
        /* configuration NAME: the named IUT configuration the test needs
         * (contract.c; reached through the PIXIT, harness/IUT.md) */
        if (tc->configuration[0])
            return fail(x, e, "a test needs one configuration; this one names a second");
        if (!word(x, w, sizeof w) || strlen(w) >= sizeof tc->configuration)
            return fail(x, e, "expected a configuration name (harness/IUT.md lists them)");
        strcpy(tc->configuration, w);
    } else if (!strcmp(kw, "level")) {
        const char *at = x->p;
        word(x, w, sizeof w);
        if (strcmp(w, "should") && strcmp(w, "must")) {
            x->p = at;
            skip_ws(x);
            return fail(x, e, "expected the level: must or should");
        }
        tc->should = !strcmp(w, "should");
    } else {
        return -2;
    }
    return 0;
}

/* An indented line continues the step above it: `why "..."` or more text. */
static int continuation(lexer *x, tc_case *tc, mc_err *e)
{
    if (!tc->nsteps)
        return fail(x, e, "an indented line continues a step, but there is none above");
    pstep *s = &room[tc->nsteps - 1];
    skip_ws(x);
    if (!strncmp(x->p, "why", 3) && isspace((unsigned char)x->p[3])) {
        x->p += 3;
        return quoted(x, s->why, sizeof s->why, e);
    }
    size_t n = strlen(s->text);
    if (n + 1 + strlen(x->p) >= sizeof s->text)
        return fail(x, e, "step too long");
    s->text[n] = ' ';
    return rest(x, s->text + n + 1, sizeof s->text - n - 1, e, "expected more of the step");
}

static int parse_line(lexer *x, tc_case *tc, mc_err *e)
{
    if (*x->p == ' ' || *x->p == '\t')
        return continuation(x, tc, e);
    char kw[32];
    word(x, kw, sizeof kw);
    int pre = 0, should = 0;
    if (!strcmp(kw, "pre")) {
        pre = 1;
        word(x, kw, sizeof kw);
    } else if (!strcmp(kw, "should")) { /* one step that checks a SHOULD in a test at level must */
        should = 1;
        word(x, kw, sizeof kw);
        if (!strcmp(kw, "pre")) {
            x->p = x->start;
            return fail(x, e, "a step is a precondition (pre) or checks a SHOULD (should), not both");
        }
    }
    int rc = pre || should ? -2 : meta(x, tc, kw, e);
    if (rc == -2)
        rc = step(x, tc, kw, pre, should, e);
    if (rc == -2) {
        x->p = x->start;
        return fail(x, e, "unknown keyword: expected id, title, iut, clauses, pics, topology, faults, tags, configuration, level, "
                          "send, expect, expect-none, iut, iut?, state, compute, check (optionally after pre or should), repeat, end");
    }
    if (rc < 0)
        return rc;
    skip_ws(x);
    if (*x->p)
        return fail(x, e, "unexpected text at the end of the line");
    return 0;
}

static int check_contract(const tc_case *tc, mc_err *e);

static int parse_file(const char *path, tc_case *tc, mc_err *e)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        mc_err_set(e, -1, "%s: %s", path, strerror(errno));
        return -1;
    }
    snprintf(tc->path, sizeof tc->path, "%s", path);
    char buf[TC_MAX_LINE + 2];
    lexer x = {path, 0, NULL, NULL};
    int rc = 0;
    while (fgets(buf, sizeof buf, f)) {
        x.line++;
        size_t n = strlen(buf);
        if (n && buf[n - 1] == '\n')
            buf[--n] = 0;
        x.start = x.p = buf;
        char *hash = buf;
        /* '#' starts a comment unless inside a why "..." quote */
        int inq = 0;
        for (; *hash; hash++) {
            if (*hash == '"')
                inq = !inq;
            if (*hash == '#' && !inq)
                break;
        }
        *hash = 0;
        const char *s = buf;
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s)
            continue;
        if ((rc = parse_line(&x, tc, e)) < 0)
            break;
    }
    fclose(f);
    if (rc < 0)
        return -1;
    x.line = 1, x.start = x.p = "";
    if (!tc->id[0] || !tc->iut[0] || !tc->topology[0] || !tc->title[0])
        return fail(&x, e, "a test case needs id, title, iut and topology");
    if (!tc->nsteps)
        return fail(&x, e, "a test case needs at least one step");
    for (int i = 0; i < tc->nsteps; i++)
        if (room[i].kind == TC_REPEAT && room[i].match < 0) {
            x.line = room[i].line;
            return fail(&x, e, "this repeat has no end");
        }
    return 0;
}

/* The steps are parsed into room for TC_MAX_STEPS (one buffer per thread,
 * reused) and kept with each string at its own length: a parsed step holds
 * room for a whole line (2.4 KB), and every run of mcoa-conform loads every
 * test case; with room for 64 steps in each case it spent more processor
 * time zeroing, copying and faulting in 30 MB than most tests take. */
int tc_parse_file(const char *path, tc_case *tc, mc_err *e)
{
    memset(tc, 0, sizeof *tc);
    if (!room && !(room = malloc(TC_MAX_STEPS * sizeof *room))) {
        mc_err_set(e, -1, "%s: out of memory", path);
        return -1;
    }
    if (parse_file(path, tc, e) < 0) {
        tc->nsteps = 0;
        return -1;
    }
    size_t pool = 0;
    for (int i = 0; i < tc->nsteps; i++)
        pool += strlen(room[i].where) + strlen(room[i].timeout_var) + strlen(room[i].text) + strlen(room[i].why) + 4;
    size_t head = (size_t)tc->nsteps * sizeof *tc->steps;
    char *block = malloc(head + pool);
    if (!block) {
        tc->nsteps = 0;
        mc_err_set(e, -1, "%s: out of memory", path);
        return -1;
    }
    tc->steps = (tc_step *)(void *)block;
    char *at = block + head;
    for (int i = 0; i < tc->nsteps; i++) {
        const pstep *p = &room[i];
        tc_step *s = &tc->steps[i];
        *s = (tc_step){.kind = p->kind, .pre = p->pre, .should = p->should, .refusable = p->refusable, .line = p->line, .timeout_ms = p->timeout_ms, .match = p->match};
        const char *from[4] = {p->where, p->timeout_var, p->text, p->why};
        const char **to[4] = {&s->where, &s->timeout_var, &s->text, &s->why};
        for (int k = 0; k < 4; k++) {
            size_t n = strlen(from[k]) + 1;
            memcpy(at, from[k], n);
            *to[k] = at;
            at += n;
        }
    }
    if (check_contract(tc, e) < 0) {
        tc_free(tc);
        return -1;
    }
    return 0;
}

void tc_free(tc_case *tc)
{
    free(tc->steps);
    tc->steps = NULL;
    tc->nsteps = 0;
}

void tc_free_all(tc_case *tcs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        tc_free(&tcs[i]);
    free(tcs);
}

/* A test uses only PICS items, configurations and IUT actions the external-IUT
 * contract declares (contract.c, harness/IUT.md): a vendor reading the
 * contract knows everything the suite can ask of the implementation. */
static int check_contract(const tc_case *tc, mc_err *e)
{
    for (int i = 0; i < tc->npics; i++) {
        const mc_pics_item *p = mc_pics_find(tc->pics[i]);
        if (!p || !mc_roles_has(p->roles, tc->iut)) {
            mc_err_set(e, -1, "%s: PICS item '%s' is not one of role %s (harness/IUT.md lists them)", tc->path,
                       tc->pics[i], tc->iut);
            return -1;
        }
    }
    if (tc->configuration[0] && !mc_iut_config_find(tc->iut, tc->configuration)) {
        mc_err_set(e, -1, "%s: '%s' is not a configuration of role %s (harness/IUT.md lists them)", tc->path,
                   tc->configuration, tc->iut);
        return -1;
    }
    for (int i = 0; i < tc->nsteps; i++) {
        const tc_step *s = &tc->steps[i];
        char name[32];
        if (s->kind != TC_IUT || sscanf(s->text, "%31s", name) != 1)
            continue;
        if (!strcmp(name, "configure") || !mc_iut_action_find(tc->iut, name)) {
            mc_err_set(e, s->line, "%s:%d: '%s' is not an action of role %s (harness/IUT.md lists them)", tc->path,
                       s->line, name, tc->iut);
            return -1;
        }
    }
    return 0;
}

static int by_id(const void *a, const void *b) { return strcmp(((const tc_case *)a)->id, ((const tc_case *)b)->id); }

static int walk(const char *dir, tc_case **out, size_t *n, size_t *cap, mc_err *e)
{
    DIR *d = opendir(dir);
    if (!d) {
        mc_err_set(e, -1, "%s: %s", dir, strerror(errno));
        return -1;
    }
    struct dirent *de;
    int rc = 0;
    while (rc == 0 && (de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char p[1024];
        snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
        struct stat st;
        if (stat(p, &st) < 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            rc = walk(p, out, n, cap, e);
            continue;
        }
        size_t len = strlen(de->d_name);
        if (len < 4 || strcmp(de->d_name + len - 3, ".tc"))
            continue;
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 64;
            tc_case *nb = realloc(*out, *cap * sizeof **out);
            if (!nb) {
                mc_err_set(e, -1, "out of memory");
                rc = -1;
                break;
            }
            *out = nb;
        }
        if (tc_parse_file(p, &(*out)[*n], e) < 0) {
            rc = -1;
            break;
        }
        (*n)++;
    }
    closedir(d);
    return rc;
}

int tc_load_dir(const char *dir, tc_case **out, size_t *n, mc_err *e)
{
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    if (walk(dir, out, n, &cap, e) < 0) {
        tc_free_all(*out, *n);
        *out = NULL;
        *n = 0;
        return -1;
    }
    qsort(*out, *n, sizeof **out, by_id);
    for (size_t i = 1; i < *n; i++)
        if (!strcmp((*out)[i].id, (*out)[i - 1].id)) {
            mc_err_set(e, -1, "%s: test id '%s' is also used by %s", (*out)[i].path, (*out)[i].id, (*out)[i - 1].path);
            tc_free_all(*out, *n);
            *out = NULL;
            *n = 0;
            return -1;
        }
    return 0;
}
