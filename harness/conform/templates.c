/*
 * templates.c - PIXIT and PICS templates for an IUT of one role (see
 * templates.h and harness/IUT.md).
 */
#include <ctype.h>
#include <string.h>
#include "contract.h"
#include "templates.h"

/* "used by N tests: a b c" for the tests of `role` that `uses`. */
static void used_by(FILE *f, const char *role, const tc_case *tc, size_t ntc,
                    int (*uses)(const tc_case *, const char *), const char *what)
{
    int n = 0;
    for (size_t i = 0; i < ntc; i++)
        n += !strcmp(tc[i].iut, role) && uses(&tc[i], what);
    if (!n) {
        fprintf(f, "#   used by no %s test\n", role);
        return;
    }
    fprintf(f, "#   used by %d test%s:", n, n == 1 ? "" : "s");
    int col = 20;
    for (size_t i = 0; i < ntc; i++)
        if (!strcmp(tc[i].iut, role) && uses(&tc[i], what)) {
            if (col + strlen(tc[i].id) > 76) {
                fprintf(f, "\n#    ");
                col = 5;
            }
            fprintf(f, " %s", tc[i].id);
            col += (int)strlen(tc[i].id) + 1;
        }
    fprintf(f, "\n");
}

static int uses_var(const tc_case *t, const char *name)
{
    size_t n = strlen(name);
    for (int k = 0; k < t->nsteps; k++) {
        if (!strcmp(t->steps[k].timeout_var, name)) /* a time bound $NAME */
            return 1;
        for (const char *s = t->steps[k].text; (s = strchr(s, '$')); s++)
            if (!strncmp(s + 1, name, n) && !isalnum((unsigned char)s[1 + n]) && s[1 + n] != '_')
                return 1;
    }
    return 0;
}

static int uses_action(const tc_case *t, const char *name)
{
    size_t n = strlen(name);
    for (int k = 0; k < t->nsteps; k++)
        if (t->steps[k].kind == TC_IUT && !strncmp(t->steps[k].text, name, n) &&
            (!t->steps[k].text[n] || t->steps[k].text[n] == ' '))
            return 1;
    return 0;
}

static int uses_state(const tc_case *t, const char *unused)
{
    (void)unused;
    for (int k = 0; k < t->nsteps; k++)
        if (t->steps[k].kind == TC_STATE)
            return 1;
    return 0;
}

static int uses_config(const tc_case *t, const char *name) { return !strcmp(t->configuration, name); }

static int uses_any_config(const tc_case *t, const char *unused)
{
    (void)unused;
    return t->configuration[0] != 0;
}

static int uses_pics(const tc_case *t, const char *name)
{
    for (int i = 0; i < t->npics; i++)
        if (!strcmp(t->pics[i], name))
            return 1;
    return 0;
}

/* Wrap `text` into comment lines starting "#   ". */
static void comment(FILE *f, const char *text)
{
    const char *s = text;
    while (*s) {
        size_t n = strlen(s);
        if (n > 72) {
            n = 72;
            while (n > 20 && s[n] != ' ')
                n--;
        }
        fprintf(f, "#   %.*s\n", (int)n, s);
        s += n;
        while (*s == ' ')
            s++;
    }
}

static const char *role_name(const char *role)
{
    return !strcmp(role, "ha") ? "home agent" : !strcmp(role, "cn") ? "correspondent node" : "mobile node";
}

void template_pixit(FILE *f, const char *role, const tc_case *tc, size_t ntc, const pixit *ref)
{
    fprintf(f, "# PIXIT for a %s under test (written by `mcoa-conform pixit-template %s`).\n"
               "# The contract behind every key: harness/IUT.md (man mcoa-conform).  Fill in\n"
               "# what your implementation needs, then check what would run:\n"
               "#   mcoa-conform list --role %s --pixit THIS_FILE --pics YOUR.pics\n"
               "#   mcoa-conform run --all --role %s --pixit THIS_FILE --pics YOUR.pics\n"
               "# Every command below runs under /bin/sh -c in the runner's namespace (the\n"
               "# IUT's own start command inside the IUT's namespace, $MCOA_NETNS), with\n"
               "# $MCOA_ROLE, $MCOA_TEST, $MCOA_CONFIGURATION, $MCOA_IUT_DIR (fresh, empty\n"
               "# for every test), $MCOA_PIXIT, $MCOA_BINDIR; arguments are $1, $2 ...\n"
               "# Exit 0: done; 77: not supported (the test is skipped); else: error.\n\n",
            role_name(role), role, role, role);

    fprintf(f, "# ---- addresses --------------------------------------------------------\n"
               "# The test cases' $NAMES.  The IUT runs in the suite's topology, whose\n"
               "# addresses these are: change them only together with your own topology.\n"
               "# SETTLE is a time, not an address: how long the IUT may take to act on a\n"
               "# message before the test's next step (harness/IUT.md).\n");
    for (int i = 0; i < ref->n; i++) {
        const char *k = ref->key[i];
        if (!isupper((unsigned char)k[0]))
            continue;
        int n = 0;
        for (size_t t = 0; t < ntc; t++)
            n += !strcmp(tc[t].iut, role) && uses_var(&tc[t], k);
        /* explore's own (harness/EXPLORE.md): the second home address of
         * its barrier BUs, the home prefixes it draws home addresses around */
        int ex = !strcmp(role, "ha") && (!strcmp(k, "HOA2") || !strcmp(k, "HPREFIX") || !strcmp(k, "HPREFIX4"));
        if (n)
            fprintf(f, "%-8s = %-24s # used by %d test%s%s\n", k, ref->val[i], n, n == 1 ? "" : "s",
                    ex ? " and by explore" : "");
        else if (ex)
            fprintf(f, "%-8s = %-24s # used by explore\n", k, ref->val[i]);
    }

    fprintf(f, "\n# ---- starting and stopping the IUT -------------------------------------\n"
               "# The command that starts it, in the namespace of the topology's node %s (or\n"
               "# give it as --iut-cmd).  It runs in its own process group; at the end of\n"
               "# each test the group gets SIGTERM, then SIGKILL after iut-stop-timeout ms.\n"
               "# An IUT on a real interface (--iut-iface IF) needs attach = NODE:BRIDGE.\n"
               "#iut-cmd = /opt/vendor/sbin/daemon -f /etc/vendor/%s.conf\n"
               "# Polled (each run bounded by what is left of iut-ready-timeout) until it\n"
               "# exits 0: the IUT is ready.  Probe the IUT itself or what it made in\n"
               "# $MCOA_IUT_DIR, never a file a previous test may have left elsewhere.\n"
               "#iut-ready = /opt/vendor/bin/ctl status\n"
               "#iut-ready-timeout = 3000\n"
               "# Run after the last step of a test that passed; an IUT for which it does\n"
               "# not exit 0 (hung) fails the test.  A probe only, nothing else.\n"
               "#iut-alive = /opt/vendor/bin/ctl status\n"
               "#iut-alive-timeout = 2000\n"
               "#iut-stop-timeout = 1000\n"
               "#iut-command-timeout = 5000\n",
            role, role);
    if (!strcmp(role, "ha"))
        fprintf(f, "#attach = r:home\n");
    fprintf(f, "# another topology for this role's tests (netns/topologies/NAME.topo)\n#topology.%s = triad\n", role);

    fprintf(f, "\n# ---- management -------------------------------------------------------\n"
               "# Prints the IUT's binding state as JSON: {\"bindings\": [{\"hoa\": \"2001:db8:1::100\",\n"
               "# \"bid\": 1, \"coa\": \"2001:db8:f1::10\"}, ...]} (whitespace free; other members\n"
               "# are ignored).  Without it, state checks are skipped (said in the log) and the\n"
               "# verdicts rest on the wire.\n"
               "#state = /opt/vendor/bin/ctl show bindings --json\n");
    used_by(f, role, tc, ntc, uses_state, NULL);

    fprintf(f, "\n# ---- actions: triggers the tests give the IUT (arguments $1 ...) -----------\n");
    for (size_t i = 0; i < mc_niut_actions; i++) {
        const mc_iut_action *a = &mc_iut_actions[i];
        if (!mc_roles_has(a->roles, role) || !strcmp(a->name, "configure"))
            continue;
        fprintf(f, "# action.%s %s\n", a->name, a->args);
        comment(f, a->what);
        used_by(f, role, tc, ntc, uses_action, a->name);
        fprintf(f, "#action.%s = /opt/vendor/bin/ctl %s \"$@\"\n", a->name, a->name);
    }

    fprintf(f, "\n# ---- configurations: the tests that need the IUT set up in a named way ----\n"
               "# Either a start command of its own per configuration (iut-cmd.NAME), or one\n"
               "# action that reconfigures the running IUT (action.configure, $1 = NAME; exit\n"
               "# 77 for a configuration it cannot take).  Without either, the test is skipped.\n"
               "#action.configure = /opt/vendor/bin/ctl load-profile \"$1\"\n");
    used_by(f, role, tc, ntc, uses_any_config, NULL);
    for (size_t i = 0; i < mc_niut_configs; i++) {
        const mc_iut_config *c = &mc_iut_configs[i];
        if (strcmp(c->role, role))
            continue;
        fprintf(f, "# configuration %s\n", c->name);
        comment(f, c->what);
        used_by(f, role, tc, ntc, uses_config, c->name);
        fprintf(f, "#iut-cmd.%s = /opt/vendor/sbin/daemon -f /etc/vendor/%s-%s.conf\n", c->name, role, c->name);
    }
}

void template_pics(FILE *f, const char *role, const tc_case *tc, size_t ntc)
{
    fprintf(f, "# PICS for a %s under test (written by `mcoa-conform pics-template %s`):\n"
               "# what the implementation claims to support, yes or no.  A test that needs an\n"
               "# item not claimed is skipped, with the item named.  The contract: harness/IUT.md.\n",
            role_name(role), role);
    for (size_t i = 0; i < mc_npics_items; i++) {
        const mc_pics_item *p = &mc_pics_items[i];
        if (!mc_roles_has(p->roles, role))
            continue;
        fprintf(f, "\n# %s\n", p->name);
        comment(f, p->what);
        used_by(f, role, tc, ntc, uses_pics, p->name);
        fprintf(f, "%s = yes\n", p->name);
    }
}
