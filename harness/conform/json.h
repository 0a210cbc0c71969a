/*
 * json.h - a small, strict JSON reader (RFC 8259) for what an IUT's
 * management command prints (the `state` of harness/IUT.md).  Whitespace
 * anywhere between tokens; a clear error with line and column otherwise.
 */
#ifndef MCOA_JSON_H
#define MCOA_JSON_H

#include <stddef.h>

typedef enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } json_type;

typedef struct json {
    json_type type;
    int boolean;
    double number;
    char *string;           /* JSON_STRING, NUL-terminated (a \u0000 ends it early) */
    size_t n;               /* JSON_ARRAY / JSON_OBJECT: elements */
    struct json *item;      /* the elements */
    char **key;             /* JSON_OBJECT: their keys */
} json;

/* Parse text[0..len): 0 and *out (json_free it), or -1 and `why` =
 * "line L, column C: what was expected". */
int json_parse(const char *text, size_t len, json **out, char *why, size_t cap);
void json_free(json *j);
/* The member `key` of an object, NULL if absent or not an object. */
const json *json_member(const json *obj, const char *key);
const char *json_type_name(json_type t);

#endif
