/*
 * mcoa/lint.h - check a dissected packet against the RFC 6275 / RFC 5648
 * format rules it breaks, each finding naming its clause.
 */
#ifndef MCOA_LINT_H
#define MCOA_LINT_H

#include <stddef.h>
#include <stdint.h>
#include "mcoa/dissect.h"

#ifdef __cplusplus
extern "C" {
#endif

enum mc_lint_level { MC_LINT_MUST = 1, MC_LINT_SHOULD = 2 };

/* One rule: stable id, the clause it comes from, its level, what it says. */
typedef struct mc_lint_rule {
    const char *id;       /* e.g. "bid-length" */
    const char *clause;   /* e.g. "RFC5648 4.3" */
    uint8_t level;        /* enum mc_lint_level */
    const char *summary;  /* e.g. "BID option length must be 4, 8 or 20" */
} mc_lint_rule;
extern const mc_lint_rule mc_lint_rules[];
extern const size_t mc_lint_nrules;

typedef struct mc_finding {
    const mc_lint_rule *rule;
    int16_t layer, opt;   /* where (indices into the model) or -1 */
    uint32_t off;         /* byte offset in the frame */
    char text[160];       /* what was found, e.g. "length 5" */
} mc_finding;

#define MC_MAX_FINDINGS 64

/* Cross-packet knowledge: which peers are correspondent nodes.  A BU with
 * H clear goes to a correspondent node (RFC 6275 6.1.7), so the lint learns
 * (MN home address, CN address) pairs from them and knows the BA coming back
 * is a correspondent node's; `--cn ADDR` adds addresses by hand. */
#define MC_LINT_MAX_CN 256
typedef struct mc_lint_ctx {
    size_t ncn;
    uint8_t cn[MC_LINT_MAX_CN][16];
    size_t next_cn;   /* ring position when full */
} mc_lint_ctx;
void mc_lint_ctx_init(mc_lint_ctx *c);
void mc_lint_ctx_add_cn(mc_lint_ctx *c, const uint8_t addr[16]);

/* Lint one packet; returns the number of findings written (<= max). */
size_t mc_lint(mc_lint_ctx *c, const mc_dissection *d, mc_finding *out, size_t max);

/* Append findings as text lines ("  lint: [RFC5648 4.3 MUST bid-length] ...")
 * or as a JSON array (the value of key "lint"). */
void mc_lint_print_text(mc_outbuf *o, const mc_dissection *d, const mc_finding *f, size_t n);
void mc_lint_print_json(mc_outbuf *o, const mc_finding *f, size_t n);

#ifdef __cplusplus
}
#endif
#endif
