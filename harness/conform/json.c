/*
 * json.c - a small, strict JSON reader (see json.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "json.h"

typedef struct reader {
    const char *s, *end, *p;
    char *why;
    size_t cap;
    int depth;
} reader;

static int fail(reader *r, const char *what)
{
    int line = 1, col = 1;
    for (const char *c = r->s; c < r->p && c < r->end; c++, col++)
        if (*c == '\n') {
            line++;
            col = 0;
        }
    if (r->p >= r->end)
        snprintf(r->why, r->cap, "line %d, column %d: %s, found the end of the output", line, col, what);
    else
        snprintf(r->why, r->cap, "line %d, column %d: %s, found '%c'", line, col, what,
                 (unsigned char)*r->p >= 0x20 && (unsigned char)*r->p < 0x7f ? *r->p : '?');
    return -1;
}

static void skip_ws(reader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

static int literal(reader *r, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n))
        return fail(r, "expected a JSON value");
    r->p += n;
    return 0;
}

static int hex4(reader *r, unsigned *v)
{
    *v = 0;
    for (int i = 0; i < 4; i++, r->p++) {
        if (r->p >= r->end)
            return fail(r, "expected four hex digits after \\u");
        char c = *r->p;
        unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10) :
                     c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16u;
        if (d > 15)
            return fail(r, "expected four hex digits after \\u");
        *v = *v * 16 + d;
    }
    return 0;
}

static int string(reader *r, char **out)
{
    r->p++; /* the opening quote */
    size_t cap = 16, n = 0;
    char *b = malloc(cap);
    for (;;) {
        if (!b)
            return fail(r, "out of memory");
        if (r->p >= r->end) {
            free(b);
            return fail(r, "expected '\"' to end the string");
        }
        unsigned char c = (unsigned char)*r->p;
        if (n + 5 >= cap) {
            char *nb = realloc(b, cap *= 2);
            if (!nb) {
                free(b);
                return fail(r, "out of memory");
            }
            b = nb;
        }
        if (c == '"') {
            r->p++;
            break;
        }
        if (c < 0x20) {
            free(b);
            return fail(r, "control character in a string (escape it)");
        }
        if (c != '\\') {
            b[n++] = (char)c;
            r->p++;
            continue;
        }
        r->p++;
        if (r->p >= r->end) {
            free(b);
            return fail(r, "expected an escape after '\\'");
        }
        char e = *r->p++;
        const char *plain = strchr("\"\\/bfnrt", e);
        if (plain && e) {
            static const char map[] = "\"\\/\b\f\n\r\t";
            b[n++] = map[plain - "\"\\/bfnrt"];
            continue;
        }
        if (e != 'u') {
            r->p--;
            free(b);
            return fail(r, "unknown escape in a string");
        }
        unsigned u;
        if (hex4(r, &u) < 0) {
            free(b);
            return -1;
        }
        if (u >= 0xd800 && u < 0xdc00 && r->end - r->p >= 6 && r->p[0] == '\\' && r->p[1] == 'u') {
            unsigned lo;
            r->p += 2;
            if (hex4(r, &lo) < 0) {
                free(b);
                return -1;
            }
            u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
        }
        /* UTF-8 */
        if (u < 0x80)
            b[n++] = (char)u;
        else if (u < 0x800) {
            b[n++] = (char)(0xc0 | u >> 6);
            b[n++] = (char)(0x80 | (u & 0x3f));
        } else if (u < 0x10000) {
            b[n++] = (char)(0xe0 | u >> 12);
            b[n++] = (char)(0x80 | ((u >> 6) & 0x3f));
            b[n++] = (char)(0x80 | (u & 0x3f));
        } else {
            b[n++] = (char)(0xf0 | u >> 18);
            b[n++] = (char)(0x80 | ((u >> 12) & 0x3f));
            b[n++] = (char)(0x80 | ((u >> 6) & 0x3f));
            b[n++] = (char)(0x80 | (u & 0x3f));
        }
    }
    b[n] = 0;
    *out = b;
    return 0;
}

static int number(reader *r, double *v)
{
    const char *start = r->p;
    if (r->p < r->end && *r->p == '-')
        r->p++;
    if (r->p >= r->end || *r->p < '0' || *r->p > '9')
        return fail(r, "expected a digit");
    if (*r->p == '0')
        r->p++;
    else
        while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
            r->p++;
    if (r->p < r->end && *r->p == '.') {
        r->p++;
        if (r->p >= r->end || *r->p < '0' || *r->p > '9')
            return fail(r, "expected a digit after '.'");
        while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
            r->p++;
    }
    if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
        r->p++;
        if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
            r->p++;
        if (r->p >= r->end || *r->p < '0' || *r->p > '9')
            return fail(r, "expected a digit in the exponent");
        while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
            r->p++;
    }
    char buf[64];
    size_t n = (size_t)(r->p - start);
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    memcpy(buf, start, n);
    buf[n] = 0;
    *v = strtod(buf, NULL);
    return 0;
}

static int value(reader *r, json *j);

static int add(json *j, size_t *cap)
{
    if (j->n < *cap)
        return 0;
    *cap = *cap ? *cap * 2 : 4;
    json *it = realloc(j->item, *cap * sizeof *it);
    if (!it)
        return -1;
    j->item = it;
    if (j->type == JSON_OBJECT) {
        char **k = realloc(j->key, *cap * sizeof *k);
        if (!k)
            return -1;
        j->key = k;
    }
    return 0;
}

static int container(reader *r, json *j, char close)
{
    size_t cap = 0;
    r->p++;
    if (++r->depth > 64)
        return fail(r, "nested deeper than 64 levels");
    skip_ws(r);
    if (r->p < r->end && *r->p == close) {
        r->p++;
        r->depth--;
        return 0;
    }
    for (;;) {
        if (add(j, &cap) < 0)
            return fail(r, "out of memory");
        json *it = &j->item[j->n];
        memset(it, 0, sizeof *it);
        if (close == '}') {
            skip_ws(r);
            if (r->p >= r->end || *r->p != '"')
                return fail(r, "expected a member name in double quotes");
            if (string(r, &j->key[j->n]) < 0)
                return -1;
            skip_ws(r);
            if (r->p >= r->end || *r->p != ':') {
                free(j->key[j->n]);
                return fail(r, "expected ':' after the member name");
            }
            r->p++;
        }
        j->n++;
        if (value(r, it) < 0)
            return -1;
        skip_ws(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == close) {
            r->p++;
            r->depth--;
            return 0;
        }
        return fail(r, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static int value(reader *r, json *j)
{
    skip_ws(r);
    if (r->p >= r->end)
        return fail(r, "expected a JSON value");
    switch (*r->p) {
    case '{':
        j->type = JSON_OBJECT;
        return container(r, j, '}');
    case '[':
        j->type = JSON_ARRAY;
        return container(r, j, ']');
    case '"':
        j->type = JSON_STRING;
        return string(r, &j->string);
    case 't':
        j->type = JSON_BOOL;
        j->boolean = 1;
        return literal(r, "true");
    case 'f':
        j->type = JSON_BOOL;
        return literal(r, "false");
    case 'n':
        j->type = JSON_NULL;
        return literal(r, "null");
    default:
        j->type = JSON_NUMBER;
        return number(r, &j->number);
    }
}

static void release(json *j)
{
    for (size_t i = 0; i < j->n; i++) {
        release(&j->item[i]);
        if (j->key)
            free(j->key[i]);
    }
    free(j->item);
    free(j->key);
    free(j->string);
}

void json_free(json *j)
{
    if (!j)
        return;
    release(j);
    free(j);
}

int json_parse(const char *text, size_t len, json **out, char *why, size_t cap)
{
    reader r = {text, text + len, text, why, cap, 0};
    json *j = calloc(1, sizeof *j);
    *out = NULL;
    if (!j) {
        snprintf(why, cap, "out of memory");
        return -1;
    }
    if (value(&r, j) < 0) {
        json_free(j);
        return -1;
    }
    skip_ws(&r);
    if (r.p < r.end) {
        json_free(j);
        return fail(&r, "expected the end after one JSON value");
    }
    *out = j;
    return 0;
}

const json *json_member(const json *obj, const char *key)
{
    if (!obj || obj->type != JSON_OBJECT)
        return NULL;
    for (size_t i = 0; i < obj->n; i++)
        if (!strcmp(obj->key[i], key))
            return &obj->item[i];
    return NULL;
}

const char *json_type_name(json_type t)
{
    static const char *const names[] = {"null", "boolean", "number", "string", "array", "object"};
    return names[t];
}
