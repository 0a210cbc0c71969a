/*
 * test_lint.c - the catalogue against the lint: every variant is crafted,
 * dissected and linted, and the set of rules raised must be exactly the
 * variant's `lint` field.  Also: every rule is exercised, names are unique,
 * every expression parses, and the lint learns correspondent nodes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "mcoa/craft.h"
#include "mcoa/dissect.h"
#include "mcoa/lint.h"

/* The catalogue's correspondent node (craft/lib/catalogue.c). */
#define CATALOGUE_CN "2001:db8:c::1"

static mc_pkt g_pkt;
static mc_dissection g_d;
static uint8_t g_frame[MC_FRAME_MAX];

static const mc_lint_rule *rule_by_id(const char *id, size_t n)
{
    for (size_t i = 0; i < mc_lint_nrules; i++)
        if (strlen(mc_lint_rules[i].id) == n && strncmp(mc_lint_rules[i].id, id, n) == 0)
            return &mc_lint_rules[i];
    return NULL;
}

/* Rule set as one bit per mc_lint_rules index. */
typedef struct rule_set {
    uint8_t on[64];
} rule_set;

static int rules_from_text(const char *s, rule_set *rs, char *bad, size_t badcap)
{
    memset(rs, 0, sizeof(*rs));
    while (*s) {
        while (*s == ' ')
            s++;
        size_t n = strcspn(s, " ");
        if (!n)
            break;
        const mc_lint_rule *r = rule_by_id(s, n);
        if (!r) {
            snprintf(bad, badcap, "%.*s", (int)n, s);
            return -1;
        }
        rs->on[r - mc_lint_rules] = 1;
        s += n;
    }
    return 0;
}

/* Craft, dissect and lint one expression; the findings' rules go in *rs. */
static int lint_expr(const char *expr, mc_lint_ctx *ctx, rule_set *rs, char *err, size_t errcap)
{
    mc_err e = {0};
    size_t len = 0;
    if (mc_expr_parse(expr, &g_pkt, &e) != 0) {
        snprintf(err, errcap, "parse error at column %ld: %s", e.pos, e.msg);
        return -1;
    }
    if (mc_build(&g_pkt, g_frame, sizeof(g_frame), &len, &e) != 0) {
        snprintf(err, errcap, "build error: %s", e.msg);
        return -1;
    }
    /* the catalogue's draft -01 BID sub-options carry MC_BID01_CATALOGUE_TYPE */
    mc_dissect_ex(g_frame, len, len, mc_pkt_linktype(&g_pkt), &g_d, MC_DISSECT_BID01_TYPE(MC_BID01_CATALOGUE_TYPE));
    mc_finding f[MC_MAX_FINDINGS];
    size_t n = mc_lint(ctx, &g_d, f, MC_MAX_FINDINGS);
    memset(rs, 0, sizeof(*rs));
    for (size_t i = 0; i < n; i++)
        rs->on[f[i].rule - mc_lint_rules] = 1;
    return 0;
}

static void ctx_with_cn(mc_lint_ctx *ctx)
{
    uint8_t cn[16];
    mc_lint_ctx_init(ctx);
    assert_int_equal(inet_pton(AF_INET6, CATALOGUE_CN, cn), 1);
    mc_lint_ctx_add_cn(ctx, cn);
}

static void diff_text(const rule_set *want, const rule_set *got, char *buf, size_t cap)
{
    size_t o = 0;
    buf[0] = 0;
    for (size_t i = 0; i < mc_lint_nrules && o < cap; i++) {
        if (want->on[i] && !got->on[i])
            o += (size_t)snprintf(buf + o, cap - o, " missing:%s", mc_lint_rules[i].id);
        else if (!want->on[i] && got->on[i])
            o += (size_t)snprintf(buf + o, cap - o, " extra:%s", mc_lint_rules[i].id);
    }
}

/* Every variant raises exactly the rules it names. */
static void test_catalogue_lint(void **state)
{
    (void)state;
    int failures = 0;
    assert_true(mc_lint_nrules <= sizeof(((rule_set *)0)->on));
    for (size_t v = 0; v < mc_catalogue_count; v++) {
        const mc_variant *var = &mc_catalogue[v];
        rule_set want, got;
        char msg[400], bad[64];
        mc_lint_ctx ctx;
        if (rules_from_text(var->lint, &want, bad, sizeof(bad)) != 0) {
            print_message("%s: unknown lint rule id '%s'\n", var->name, bad);
            failures++;
            continue;
        }
        ctx_with_cn(&ctx);
        if (lint_expr(var->expr, &ctx, &got, msg, sizeof(msg)) != 0) {
            print_message("%s: %s\n", var->name, msg);
            failures++;
            continue;
        }
        if (memcmp(&want, &got, sizeof(want)) != 0) {
            diff_text(&want, &got, msg, sizeof(msg));
            print_message("%s:%s\n", var->name, msg);
            failures++;
        }
    }
    if (failures)
        print_message("%d of %zu variants disagree with their lint field\n", failures, mc_catalogue_count);
    assert_int_equal(failures, 0);
}

/* Every rule is exercised by at least one variant (by its lint field). */
static void test_every_rule_exercised(void **state)
{
    (void)state;
    int missing = 0;
    for (size_t i = 0; i < mc_lint_nrules; i++) {
        int seen = 0;
        for (size_t v = 0; v < mc_catalogue_count && !seen; v++) {
            rule_set rs;
            char bad[64];
            if (rules_from_text(mc_catalogue[v].lint, &rs, bad, sizeof(bad)) == 0 && rs.on[i])
                seen = 1;
        }
        if (!seen) {
            print_message("rule %s is raised by no variant\n", mc_lint_rules[i].id);
            missing++;
        }
    }
    assert_int_equal(missing, 0);
}

static void test_rules_well_formed(void **state)
{
    (void)state;
    for (size_t i = 0; i < mc_lint_nrules; i++) {
        const mc_lint_rule *r = &mc_lint_rules[i];
        assert_non_null(r->id);
        assert_non_null(r->summary);
        assert_true(strncmp(r->clause, "RFC", 3) == 0);
        assert_true(r->level == MC_LINT_MUST || r->level == MC_LINT_SHOULD);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(r->id, mc_lint_rules[j].id);
    }
}

static int kebab(const char *s)
{
    if (!*s || *s == '-')
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return 0;
    return 1;
}

static void test_names_unique(void **state)
{
    (void)state;
    assert_true(mc_catalogue_count >= 100);
    for (size_t v = 0; v < mc_catalogue_count; v++) {
        const mc_variant *a = &mc_catalogue[v];
        if (!kebab(a->name))
            fail_msg("variant name '%s' is not kebab-case", a->name);
        assert_true(a->clauses && strncmp(a->clauses, "RFC", 3) == 0);
        assert_true(a->summary && *a->summary);
        for (size_t w = 0; w < v; w++)
            if (strcmp(a->name, mc_catalogue[w].name) == 0)
                fail_msg("variant name '%s' used twice", a->name);
    }
}

static void test_expressions_parse(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t v = 0; v < mc_catalogue_count; v++) {
        mc_err e = {0};
        if (mc_expr_parse(mc_catalogue[v].expr, &g_pkt, &e) != 0) {
            print_message("%s: column %ld: %s\n    %s\n", mc_catalogue[v].name, e.pos, e.msg,
                          mc_catalogue[v].expr);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
}

/* Without --cn, the lint learns the CN from a BU with H clear (RFC 6275
 * 6.1.7) and then knows the BA coming back from it is a CN's. */
static void test_ctx_learns_cn(void **state)
{
    (void)state;
    const char *bu = "ipv6 src=2001:db8:f1::10 dst=2001:db8:c::1 / hao 2001:db8:1::100 / "
                     "bu seq=11 A lifetime=60 / bid 1 coa=2001:db8:f1::10";
    const char *ba = "ipv6 src=2001:db8:c::1 dst=2001:db8:f1::10 / rh2 2001:db8:1::100 / "
                     "ba 0 seq=11 lifetime=60 / bid 1 status=mcoa-malformed";
    const mc_lint_rule *r = rule_by_id("cn-ba-bid-status", strlen("cn-ba-bid-status"));
    mc_lint_ctx ctx;
    rule_set rs;
    char msg[300];
    assert_non_null(r);
    mc_lint_ctx_init(&ctx);
    assert_int_equal(lint_expr(ba, &ctx, &rs, msg, sizeof(msg)), 0);
    assert_false(rs.on[r - mc_lint_rules]); /* not known as a CN yet */
    assert_int_equal(lint_expr(bu, &ctx, &rs, msg, sizeof(msg)), 0);
    assert_int_equal(ctx.ncn, 1);
    assert_int_equal(lint_expr(ba, &ctx, &rs, msg, sizeof(msg)), 0);
    assert_true(rs.on[r - mc_lint_rules]);
}

static void test_ctx_ring(void **state)
{
    (void)state;
    mc_lint_ctx ctx;
    uint8_t a[16] = {0x20, 0x01, 0x0d, 0xb8};
    mc_lint_ctx_init(&ctx);
    for (unsigned i = 0; i < MC_LINT_MAX_CN + 10; i++) {
        a[14] = (uint8_t)(i >> 8);
        a[15] = (uint8_t)i;
        mc_lint_ctx_add_cn(&ctx, a);
        mc_lint_ctx_add_cn(&ctx, a); /* duplicates are not stored twice */
    }
    assert_int_equal(ctx.ncn, MC_LINT_MAX_CN);
    assert_int_equal(ctx.next_cn, 10);
}

/* The JSON printer writes the keys of dissect/JSON.md. */
static void test_print(void **state)
{
    (void)state;
    mc_lint_ctx ctx;
    rule_set rs;
    char msg[300];
    mc_outbuf o;
    ctx_with_cn(&ctx);
    assert_int_equal(lint_expr("ipv6 src=2001:db8:f1::10 dst=2001:db8:1::1 / hao 2001:db8:1::100 / "
                               "bu seq=8 A H / bid 3 len=5",
                               &ctx, &rs, msg, sizeof(msg)),
                     0);
    mc_finding f[MC_MAX_FINDINGS];
    size_t n = mc_lint(&ctx, &g_d, f, MC_MAX_FINDINGS);
    assert_int_equal(n, 1);
    mc_out_init(&o, NULL);
    mc_lint_print_json(&o, f, n);
    mc_out_ch(&o, 0);
    assert_non_null(strstr(o.buf, "[{\"id\":\"bid-length\",\"clause\":\"RFC5648 4.3\",\"level\":\"MUST\",\"off\":"));
    assert_non_null(strstr(o.buf, "\"text\":\"BID option Length 5\"}]"));
    o.len = 0;
    mc_lint_print_text(&o, &g_d, f, n);
    mc_out_ch(&o, 0);
    assert_non_null(strstr(o.buf, "  lint: [RFC5648 4.3 MUST bid-length] BID option Length 5"));
    o.len = 0;
    mc_lint_print_json(&o, f, 0);
    mc_out_ch(&o, 0);
    assert_string_equal(o.buf, "[]");
    mc_out_free(&o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_well_formed),
        cmocka_unit_test(test_names_unique),
        cmocka_unit_test(test_expressions_parse),
        cmocka_unit_test(test_every_rule_exercised),
        cmocka_unit_test(test_catalogue_lint),
        cmocka_unit_test(test_ctx_learns_cn),
        cmocka_unit_test(test_ctx_ring),
        cmocka_unit_test(test_print),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
