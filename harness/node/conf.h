/*
 * conf.h - the nodes' configuration files: one "key = value" per line,
 * '#' comments, keys may repeat (interface = ...).  Errors name the file
 * and line.
 */
#ifndef MCOA_CONF_H
#define MCOA_CONF_H

#include <stddef.h>
#include <stdint.h>
#include "mcoa/pkt.h"

/* Called per setting; returns 0, or -1 with `e->msg` saying what is wrong
 * (the loader prefixes "FILE:LINE: "). */
typedef int (*mc_conf_fn)(void *ctx, const char *key, const char *value, mc_err *e);
int mc_conf_load(const char *path, mc_conf_fn fn, void *ctx, mc_err *e);

/* Value parsers shared by the nodes; each fills `e` on failure. */
int mc_conf_ip6(const char *v, uint8_t out[16], mc_err *e);
int mc_conf_ip4(const char *v, uint8_t out[4], mc_err *e);
int mc_conf_prefix6(const char *v, uint8_t out[16], uint8_t *plen, mc_err *e);
int mc_conf_prefix4(const char *v, uint8_t out[4], uint8_t *plen, mc_err *e);
int mc_conf_uint(const char *v, unsigned long max, unsigned long *out, mc_err *e);
int mc_conf_bool(const char *v, const char *yes, const char *no, uint8_t *out, mc_err *e);
int mc_conf_mac(const char *v, uint8_t out[6], mc_err *e);
/* A path into out[cap]: one that does not fit is an error, never cut short
 * (a control socket's path must also fit sockaddr_un's sun_path). */
int mc_conf_path(const char *v, char *out, size_t cap, mc_err *e);
/* A repeatable `interface = NAME` into names[*n] (at most max of them). */
int mc_conf_ifname(const char *v, char (*names)[32], int *n, int max, mc_err *e);

#endif
