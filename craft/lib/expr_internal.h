/*
 * expr_internal.h - shared between the expression parser and printer (not
 * installed): the printer verifies each structured option it prints by
 * parsing that option's text back.
 */
#ifndef MCOA_EXPR_INTERNAL_H
#define MCOA_EXPR_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "mcoa/pkt.h"

/* Parse the text of one option layer ("bid 1 coa=2001:db8::1 len=22") into
 * its form, type, space (enum mc_opt_space) and body (at most `cap` bytes);
 * `dst`: it follows a dstopts header (1997 destination options).  Returns 0
 * or -1 with `e`. */
int mc_expr_parse_opt(const char *text, int dst, int *form, int *type, int *space, uint8_t *body, size_t cap,
                      size_t *len, mc_err *e);

#endif
