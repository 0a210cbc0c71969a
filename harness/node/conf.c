/*
 * conf.c - configuration file loader (see conf.h).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "conf.h"

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *end = s + strlen(s);
    while (end > s && isspace((unsigned char)end[-1]))
        *--end = 0;
    return s;
}

int mc_conf_load(const char *path, mc_conf_fn fn, void *ctx, mc_err *e)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        mc_err_set(e, -1, "%s: %s", path, strerror(errno));
        return -1;
    }
    char line[1024];
    int lineno = 0, rc = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = 0;
        char *s = trim(line);
        if (!*s)
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            mc_err_set(e, lineno, "%s:%d: expected 'key = value', got '%s'", path, lineno, s);
            rc = -1;
            break;
        }
        *eq = 0;
        mc_err sub = {0};
        if (fn(ctx, trim(s), trim(eq + 1), &sub) < 0) {
            mc_err_set(e, lineno, "%s:%d: %s", path, lineno, sub.msg);
            rc = -1;
            break;
        }
    }
    fclose(f);
    return rc;
}

int mc_conf_ip6(const char *v, uint8_t out[16], mc_err *e)
{
    if (inet_pton(AF_INET6, v, out) != 1) {
        mc_err_set(e, -1, "expected an IPv6 address, got '%s'", v);
        return -1;
    }
    return 0;
}

int mc_conf_ip4(const char *v, uint8_t out[4], mc_err *e)
{
    if (inet_pton(AF_INET, v, out) != 1) {
        mc_err_set(e, -1, "expected an IPv4 address, got '%s'", v);
        return -1;
    }
    return 0;
}

int mc_conf_prefix6(const char *v, uint8_t out[16], uint8_t *plen, mc_err *e)
{
    char buf[64];
    const char *slash = strchr(v, '/');
    unsigned long n;
    if (!slash || (size_t)(slash - v) >= sizeof buf) {
        mc_err_set(e, -1, "expected an IPv6 prefix like 2001:db8:1::/64, got '%s'", v);
        return -1;
    }
    memcpy(buf, v, (size_t)(slash - v));
    buf[slash - v] = 0;
    if (mc_conf_ip6(buf, out, e) < 0 || mc_conf_uint(slash + 1, 128, &n, e) < 0)
        return -1;
    *plen = (uint8_t)n;
    return 0;
}

int mc_conf_prefix4(const char *v, uint8_t out[4], uint8_t *plen, mc_err *e)
{
    char buf[32];
    const char *slash = strchr(v, '/');
    unsigned long n;
    if (!slash || (size_t)(slash - v) >= sizeof buf) {
        mc_err_set(e, -1, "expected an IPv4 prefix like 198.51.100.0/24, got '%s'", v);
        return -1;
    }
    memcpy(buf, v, (size_t)(slash - v));
    buf[slash - v] = 0;
    if (mc_conf_ip4(buf, out, e) < 0 || mc_conf_uint(slash + 1, 32, &n, e) < 0)
        return -1;
    *plen = (uint8_t)n;
    return 0;
}

int mc_conf_uint(const char *v, unsigned long max, unsigned long *out, mc_err *e)
{
    char *end;
    errno = 0;
    unsigned long n = strtoul(v, &end, 0);
    if (!*v || *end || errno || n > max || *v == '-') {
        mc_err_set(e, -1, "expected a number from 0 to %lu, got '%s'", max, v);
        return -1;
    }
    *out = n;
    return 0;
}

int mc_conf_bool(const char *v, const char *yes, const char *no, uint8_t *out, mc_err *e)
{
    if (strcmp(v, yes) == 0)
        *out = 1;
    else if (strcmp(v, no) == 0)
        *out = 0;
    else {
        mc_err_set(e, -1, "expected '%s' or '%s', got '%s'", yes, no, v);
        return -1;
    }
    return 0;
}

int mc_conf_path(const char *v, char *out, size_t cap, mc_err *e)
{
    size_t n = strlen(v);
    if (n == 0 || n >= cap) {
        mc_err_set(e, -1, "path of %zu bytes, expected 1 to %zu: '%s'", n, cap - 1, v);
        return -1;
    }
    memcpy(out, v, n + 1);
    return 0;
}

int mc_conf_mac(const char *v, uint8_t out[6], mc_err *e)
{
    unsigned b[6];
    char tail;
    if (sscanf(v, "%x:%x:%x:%x:%x:%x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5], &tail) != 6) {
        mc_err_set(e, -1, "expected a MAC address like 02:00:00:00:00:01, got '%s'", v);
        return -1;
    }
    for (int i = 0; i < 6; i++) {
        if (b[i] > 255) {
            mc_err_set(e, -1, "expected a MAC address, got '%s'", v);
            return -1;
        }
        out[i] = (uint8_t)b[i];
    }
    return 0;
}

int mc_conf_ifname(const char *v, char (*names)[32], int *n, int max, mc_err *e)
{
    if (*n >= max) {
        mc_err_set(e, -1, "too many interfaces (at most %d)", max);
        return -1;
    }
    if (!*v || strlen(v) >= 32) {
        mc_err_set(e, -1, "expected an interface name, got '%s'", v);
        return -1;
    }
    snprintf(names[(*n)++], 32, "%s", v);
    return 0;
}
