/*
 * fuzz_dissect.c - libFuzzer target for the dissector and everything that
 * consumes its model.
 *
 * Input: byte 0 selects the link type (byte 0 % 8: 0 Ethernet, 1 raw IP,
 * 2 Linux SLL, 3 Linux SLL2, 4 BSD NULL, 5 OpenBSD LOOP, 6 Ethernet, 7
 * raw IP; so older seeds, 0 or 1, keep their meaning); with bit 7 set the
 * frame is read with the mcoa-01 legacy profile, its option type from
 * bits 3-6 (0-14, known types included, or 15: the catalogue's 200); the
 * rest is the frame.  The frame goes through mc_dissect, the three
 * printers, the expression printer, and back through mc_expr_parse and
 * mc_build: a dissected model must always print as an expression the
 * crafter accepts (pkt.h: bytes -> model -> text -> model -> bytes), so a
 * failure there is a bug and aborts.  Finally the lint runs on the model.
 *
 * With MCOA_FUZZ_STRICT=1 in the environment, a frame that dissected
 * without notes must also be rebuilt byte for byte.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcoa/craft.h"
#include "mcoa/dissect.h"
#include "mcoa/lint.h"

#define EXPR_CAP (1u << 20) /* a 64 KiB frame prints as at most ~2 hex digits per byte */

static mc_dissection g_d;
static mc_pkt g_pkt;
static uint8_t g_out[MC_FRAME_MAX];
static char g_expr[EXPR_CAP];

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_dissect: %s: %s\nexpression: %s\n", what, detail, g_expr);
    abort();
}

static void print_all(const mc_dissection *d)
{
    mc_outbuf o;
    mc_out_init(&o, NULL);
    mc_print_line(&o, d, 1, 0.0);
    mc_print_verbose(&o, d, 1, 0.0);
    mc_print_json(&o, d, 1, 0.0);
    mc_out_free(&o);
}

/* The printed expression must parse and build again. */
static void round_trip(const mc_dissection *d, const uint8_t *frame, size_t len, int clean)
{
    mc_err e = {0};
    size_t olen = 0;
    if (d->pkt.nlayers == 0)
        return; /* an empty frame: nothing to print, and "" is no expression */
    long n = mc_expr_print(&d->pkt, g_expr, sizeof(g_expr));
    if (n < 0)
        die("mc_expr_print", "buffer too small");
    if (mc_expr_parse(g_expr, &g_pkt, &e) != 0)
        die("mc_expr_parse of a printed model failed", e.msg);
    if (mc_build(&g_pkt, g_out, sizeof(g_out), &olen, &e) != 0)
        die("mc_build of a printed model failed", e.msg);
    static int strict = -1;
    if (strict < 0) {
        const char *s = getenv("MCOA_FUZZ_STRICT");
        strict = s && *s == '1';
    }
    if (strict && clean && (olen != len || memcmp(g_out, frame, len) != 0))
        die("rebuilt frame differs", "MCOA_FUZZ_STRICT");
}

static void lint(const mc_dissection *d)
{
    static const uint8_t cn[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    mc_lint_ctx ctx;
    mc_finding f[MC_MAX_FINDINGS];
    mc_outbuf o;
    mc_lint_ctx_init(&ctx);
    mc_lint_ctx_add_cn(&ctx, cn);
    size_t n = mc_lint(&ctx, d, f, MC_MAX_FINDINGS);
    mc_out_init(&o, NULL);
    mc_lint_print_text(&o, d, f, n);
    mc_lint_print_json(&o, f, n);
    mc_out_free(&o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const int lts[8] = {MC_LINKTYPE_ETHERNET,   MC_LINKTYPE_RAW,  MC_LINKTYPE_LINUX_SLL,
                               MC_LINKTYPE_LINUX_SLL2, MC_LINKTYPE_NULL, MC_LINKTYPE_LOOP,
                               MC_LINKTYPE_ETHERNET,   MC_LINKTYPE_RAW};
    int lt = lts[data[0] & 7];
    const uint8_t *frame = data + 1;
    size_t len = size - 1;
    g_expr[0] = 0;
    unsigned t = (data[0] >> 3) & 0x0f;
    unsigned flags = (data[0] & 0x80) ? MC_DISSECT_BID01_TYPE(t == 15 ? MC_BID01_CATALOGUE_TYPE : t) : 0;
    int r = mc_dissect_ex(frame, len, len, lt, &g_d, flags);
    print_all(&g_d);
    round_trip(&g_d, frame, len, r == 0);
    lint(&g_d);
    return 0;
}
