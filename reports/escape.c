/*
 * escape.c - one escaping routine for every output format.  The reasons
 * the runner writes quote packets as expressions (with < > & " and, when
 * an IUT sends garbage, arbitrary bytes), so the writers never print a
 * caller's string except through here.
 */
#include <string.h>

#include "report_util.h"

/* Decodes one UTF-8 code point at s (NUL-terminated, *s != 0).  Returns its
 * length and stores it in *cp; for a byte that does not start a valid,
 * shortest-form, non-surrogate sequence returns 1 with *cp = -1, so the
 * caller can show that byte alone and resynchronise on the next. */
size_t rp_utf8_next(const unsigned char *s, long *cp)
{
    unsigned char c = s[0];
    size_t len;
    long v, min;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        *cp = -1;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) { /* also stops at the NUL */
            *cp = -1;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = -1;
        return 1;
    }
    *cp = v;
    return len;
}

/* Code points no format here should carry raw: C0 controls are handled
 * per mode; DEL and C1 are legal XML but HTML parse errors and not YAML
 * "printable"; U+FFFE/U+FFFF are illegal in XML and YAML. */
static int awkward(long cp)
{
    return (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF;
}

static void put_xml(FILE *f, long cp, const unsigned char *raw, size_t len, int attr)
{
    switch (cp) {
    case '&': fputs("&amp;", f); return;
    case '<': fputs("&lt;", f); return;
    case '>': fputs("&gt;", f); return;
    case '"': fputs("&quot;", f); return;
    case '\'': fputs("&#39;", f); return;
    case '\r': fputs("&#13;", f); return; /* else XML parsers fold it into \n */
    case '\t': fputs(attr ? "&#9;" : "\t", f); return;   /* attribute values */
    case '\n': fputs(attr ? "&#10;" : "\n", f); return;  /* are whitespace-normalised */
    default: break;
    }
    if (cp < 0)
        fprintf(f, "\\x%02X", raw[0]);
    else if (cp < 0x20) /* XML 1.0 cannot hold these even as references */
        fprintf(f, "\\x%02X", (unsigned)cp);
    else if (awkward(cp))
        fprintf(f, "\\u%04lX", cp);
    else
        fwrite(raw, 1, len, f);
}

static void put_json(FILE *f, long cp, const unsigned char *raw, size_t len)
{
    switch (cp) {
    case '"': fputs("\\\"", f); return;
    case '\\': fputs("\\\\", f); return;
    case '\b': fputs("\\b", f); return;
    case '\f': fputs("\\f", f); return;
    case '\n': fputs("\\n", f); return;
    case '\r': fputs("\\r", f); return;
    case '\t': fputs("\\t", f); return;
    default: break;
    }
    if (cp < 0) /* JSON strings are Unicode: a stray byte can only be described */
        fprintf(f, "\\\\x%02X", raw[0]);
    else if (cp < 0x20 || awkward(cp) || cp == 0x2028 || cp == 0x2029)
        fprintf(f, "\\u%04lX", cp); /* lossless; 2028/9 break JavaScript string literals */
    else
        fwrite(raw, 1, len, f);
}

static void put_tap(FILE *f, long cp, const unsigned char *raw, size_t len)
{
    if (cp == '#')
        fputs("\\#", f); /* an unescaped '#' would start a directive */
    else if (cp == '\\')
        fputs("\\\\", f);
    else if (cp == '\n' || cp == '\r' || cp == '\t')
        fputc(' ', f);
    else if (cp < 0)
        fprintf(f, "\\x%02X", raw[0]);
    else if (cp < 0x20)
        fprintf(f, "\\x%02X", (unsigned)cp);
    else if (awkward(cp))
        fprintf(f, "\\u%04lX", cp);
    else
        fwrite(raw, 1, len, f);
}

static void put_one(FILE *f, long cp, const unsigned char *raw, size_t len, rp_mode mode)
{
    switch (mode) {
    case RP_XML_TEXT: put_xml(f, cp, raw, len, 0); break;
    case RP_XML_ATTR: put_xml(f, cp, raw, len, 1); break;
    case RP_JSON: put_json(f, cp, raw, len); break;
    case RP_TAP_DESC: put_tap(f, cp, raw, len); break;
    }
}

/* Writes at most n bytes of s (stopping at the NUL), escaped. */
static void put_n(FILE *f, const char *s, size_t n, rp_mode mode)
{
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *end = p + n;
    long cp;

    while (p < end && *p) {
        size_t len = rp_utf8_next(p, &cp);
        put_one(f, cp, p, len, mode);
        p += len;
    }
}

void rp_put(FILE *f, const char *s, rp_mode mode)
{
    if (s)
        put_n(f, s, strlen(s), mode);
}

void rp_put_line(FILE *f, const char *s, size_t max, rp_mode mode)
{
    size_t n;
    const unsigned char *u = (const unsigned char *)s;
    const char *rest;

    if (!s)
        return;
    n = strcspn(s, "\r\n");
    if (n > max) {
        n = max;
        while (n > 0 && (u[n] & 0xC0) == 0x80) /* don't split a code point */
            n--;
    }
    put_n(f, s, n, mode);
    rest = s + n;
    rest += strspn(rest, " \t\r\n"); /* trailing blank lines are not "more" */
    if (*rest)
        fputs("...", f);
}

void rp_json_str(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    rp_put(f, s, RP_JSON);
    fputc('"', f);
}

/* Unreserved characters (RFC 3986) and '/' stay; everything else,
 * including '%' itself and any non-ASCII byte, is percent-encoded, so a
 * path with spaces or '#' still names the file. */
void rp_put_href(FILE *f, const char *path)
{
    static const char keep[] = "-._~/";

    for (const unsigned char *p = (const unsigned char *)rp_s(path); *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr(keep, *p))
            fputc(*p, f);
        else
            fprintf(f, "%%%02X", *p);
    }
}

void rp_put_anchor(FILE *f, const char *prefix, const char *id)
{
    fputs(prefix, f);
    for (const unsigned char *p = (const unsigned char *)rp_s(id); *p; p++) {
        int ok = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                 *p == '.' || *p == '_' || *p == '-';
        fputc(ok ? *p : '_', f);
    }
}
