/*
 * pixit.c - PIXIT and PICS files (see pixit.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "conf.h"
#include "pixit.h"

int pixit_set(pixit *p, const char *key, const char *val)
{
    for (int i = 0; i < p->n; i++)
        if (!strcmp(p->key[i], key)) {
            snprintf(p->val[i], sizeof p->val[i], "%s", val);
            return 0;
        }
    if (p->n >= PIXIT_MAX || strlen(key) >= sizeof p->key[0] || strlen(val) >= sizeof p->val[0])
        return -1;
    snprintf(p->key[p->n], sizeof p->key[0], "%s", key);
    snprintf(p->val[p->n], sizeof p->val[0], "%s", val);
    p->n++;
    return 0;
}

const char *pixit_get(const pixit *p, const char *key)
{
    for (int i = 0; i < p->n; i++)
        if (!strcmp(p->key[i], key))
            return p->val[i];
    return NULL;
}

typedef struct loading {
    pixit *p;
    const char *path;
    int depth;
} loading;

static int load(const char *path, pixit *p, int depth, mc_err *e);

/* `include = FILE` reads another PIXIT (relative to this one's folder)
 * where it stands: what comes after overrides what it set, so a vendor's
 * PIXIT can start from the reference one and change a few keys. */
static int on_setting(void *ctx, const char *k, const char *v, mc_err *e)
{
    loading *l = ctx;
    if (!strcmp(k, "include")) {
        char path[1024];
        const char *slash = strrchr(l->path, '/');
        if (v[0] == '/' || !slash)
            snprintf(path, sizeof path, "%s", v);
        else
            snprintf(path, sizeof path, "%.*s/%s", (int)(slash - l->path), l->path, v);
        if (l->depth >= 8) {
            mc_err_set(e, -1, "include nested deeper than 8 files (a loop?): %s", path);
            return -1;
        }
        return load(path, l->p, l->depth + 1, e);
    }
    /* $PIXIT_DIR stands for the folder of the file that says it: a PIXIT
     * names the adapter scripts beside it wherever it is run from */
    char val[1024];
    size_t n = 0;
    for (const char *s = v; *s && n + 1 < sizeof val;) {
        if (!strncmp(s, "$PIXIT_DIR", 10) && !isalnum((unsigned char)s[10]) && s[10] != '_') {
            char dir[1024], *abs;
            const char *slash = strrchr(l->path, '/');
            snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - l->path) : 1, slash ? l->path : ".");
            if (!(abs = realpath(dir, NULL))) {
                mc_err_set(e, -1, "$PIXIT_DIR: %s: cannot resolve", dir);
                return -1;
            }
            n += (size_t)snprintf(val + n, sizeof val - n, "%s", abs);
            free(abs);
            s += 10;
        } else {
            val[n++] = *s++;
        }
    }
    val[n < sizeof val ? n : sizeof val - 1] = 0;
    if (pixit_set(l->p, k, val) < 0) {
        mc_err_set(e, -1, "too many settings, or '%s' too long", k);
        return -1;
    }
    return 0;
}

static int load(const char *path, pixit *p, int depth, mc_err *e)
{
    loading l = {p, path, depth};
    return mc_conf_load(path, on_setting, &l, e);
}

int pixit_load(const char *path, pixit *p, mc_err *e) { return load(path, p, 0, e); }

int pixit_subst(const pixit *p, const char *in, char *out, size_t cap, mc_err *e)
{
    size_t n = 0;
    for (const char *s = in; *s;) {
        if (*s != '$') {
            if (n + 1 >= cap)
                goto toolong;
            out[n++] = *s++;
            continue;
        }
        const char *name = ++s;
        while (isalnum((unsigned char)*s) || *s == '_')
            s++;
        char key[48];
        size_t len = (size_t)(s - name);
        if (!len || len >= sizeof key) {
            mc_err_set(e, name - in, "expected a variable name after '$'");
            return -1;
        }
        memcpy(key, name, len);
        key[len] = 0;
        const char *v = pixit_get(p, key);
        if (!v) {
            mc_err_set(e, name - in - 1, "unknown variable $%s (not in the PIXIT, not captured by an earlier step)", key);
            return -1;
        }
        size_t vl = strlen(v);
        if (n + vl + 1 >= cap)
            goto toolong;
        memcpy(out + n, v, vl);
        n += vl;
    }
    out[n] = 0;
    return 0;
toolong:
    mc_err_set(e, -1, "line too long after substitution");
    return -1;
}

int pics_has(const pixit *pics, const char *cap)
{
    const char *v = pixit_get(pics, cap);
    return v && !strcmp(v, "yes");
}
