/*
 * fuzz_expr.c - libFuzzer target for the expression parser.
 *
 * Input: expression text (copied and NUL-terminated).  A text that parses
 * is built; a model that builds is printed again, and that printed text
 * must parse and build too (a printed model is always valid crafter input).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcoa/craft.h"

#define TEXT_MAX (1u << 16)
#define EXPR_CAP (1u << 20)

static mc_pkt g_pkt;
static char g_text[TEXT_MAX + 1];
static char g_expr[EXPR_CAP];
static uint8_t g_out[MC_FRAME_MAX];

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_expr: %s: %s\ninput: %s\nprinted: %s\n", what, detail, g_text, g_expr);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mc_err e = {0};
    size_t olen = 0;
    if (size > TEXT_MAX)
        size = TEXT_MAX;
    memcpy(g_text, data, size);
    g_text[size] = 0;
    g_expr[0] = 0;
    if (mc_expr_parse(g_text, &g_pkt, &e) != 0)
        return 0;
    if (mc_build(&g_pkt, g_out, sizeof(g_out), &olen, &e) != 0)
        return 0; /* e.g. larger than a frame: a legitimate refusal */
    if (mc_expr_print(&g_pkt, g_expr, sizeof(g_expr)) < 0)
        die("mc_expr_print", "buffer too small");
    if (mc_expr_parse(g_expr, &g_pkt, &e) != 0)
        die("printed expression does not parse", e.msg);
    if (mc_build(&g_pkt, g_out, sizeof(g_out), &olen, &e) != 0)
        die("printed expression does not build", e.msg);
    return 0;
}
