/*
 * node_common.c - shared parts of the reference node programs.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "node_common.h"

void mc_node_print_faults(FILE *out, const mc_fault_desc *faults, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%-34s %-14s %s\n", faults[i].name, faults[i].clause, faults[i].what);
}

static void usage(FILE *out, const char *prog)
{
    fprintf(out,
            "usage: %s -c CONFIG [--fault NAME]...\n"
            "       %s --fault list\n"
            "       %s --help | --version\n"
            "Runs the reference %s; its state and actions are reached through the\n"
            "control socket named in the configuration (see mcoa-ctl).\n",
            prog, prog, prog, prog);
}

int mc_node_parse_args(int argc, char **argv, const char *prog, const mc_fault_desc *faults, size_t nfaults,
                       mc_node_args *a)
{
    memset(a, 0, sizeof *a);
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (!strcmp(s, "-h") || !strcmp(s, "--help")) {
            usage(stdout, prog);
            return 0;
        }
        if (!strcmp(s, "--version")) {
            printf("%s (mcoa-conform) %s\n", prog, MCOA_VERSION);
            return 0;
        }
        if ((!strcmp(s, "-c") || !strcmp(s, "--config")) && i + 1 < argc) {
            a->conf = argv[++i];
        } else if (!strcmp(s, "--fault") && i + 1 < argc) {
            const char *name = argv[++i];
            if (!strcmp(name, "list")) {
                a->list_faults = 1;
                continue;
            }
            uint64_t bit = 0;
            for (size_t k = 0; k < nfaults; k++)
                if (!strcmp(faults[k].name, name))
                    bit = faults[k].bit;
            if (!bit) {
                fprintf(stderr, "%s: unknown fault '%s' (--fault list shows them)\n", prog, name);
                return 2;
            }
            a->faults |= bit;
        } else {
            fprintf(stderr, "%s: unexpected argument '%s'\n", prog, s);
            usage(stderr, prog);
            return 2;
        }
    }
    if (a->list_faults) {
        mc_node_print_faults(stdout, faults, nfaults);
        return 0;
    }
    if (!a->conf) {
        fprintf(stderr, "%s: -c CONFIG is required\n", prog);
        usage(stderr, prog);
        return 2;
    }
    return -1;
}

void mc_log(const char *fmt, ...)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    localtime_r(&tv.tv_sec, &tm);
    /* one write per line: a node may log a line per packet */
    char line[1024];
    size_t n = strftime(line, sizeof line, "%H:%M:%S", &tm);
    n += (size_t)snprintf(line + n, sizeof line - n, ".%03ld ", (long)(tv.tv_usec / 1000));
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(line + n, sizeof line - n - 1, fmt, ap);
    va_end(ap);
    n = k < 0 ? n : (n + (size_t)k < sizeof line - 1 ? n + (size_t)k : sizeof line - 2);
    line[n++] = '\n';
    if (write(2, line, n) < 0) {
        /* nowhere to report it */
    }
}

void mc_json_ip6(mc_outbuf *o, const char *key, const uint8_t a[16])
{
    mc_out_json_str(o, key);
    mc_out_str(o, ":\"");
    mc_out_ip6(o, a);
    mc_out_ch(o, '"');
}

void mc_json_faults(mc_outbuf *o, uint64_t bits, const mc_fault_desc *faults, size_t n)
{
    mc_out_str(o, "\"faults\":[");
    int first = 1;
    for (size_t i = 0; i < n; i++)
        if (bits & faults[i].bit) {
            if (!first)
                mc_out_ch(o, ',');
            mc_out_json_str(o, faults[i].name);
            first = 0;
        }
    mc_out_ch(o, ']');
}

static void json_binding(mc_outbuf *o, const mc_bc_mn *mn, const mc_binding *b, uint64_t now)
{
    mc_out_ch(o, '{');
    mc_json_ip6(o, "hoa", mn->hoa);
    mc_out_str(o, ",\"bid\":");
    if (b->has_bid)
        mc_out_u64(o, b->bid);
    else
        mc_out_str(o, "null");
    mc_out_str(o, ",\"coa\":\"");
    if (b->family == 4)
        mc_out_ip4(o, b->coa);
    else
        mc_out_ip6(o, b->coa);
    mc_out_str(o, "\",\"home\":");
    mc_out_str(o, b->home ? "true" : "false");
    mc_out_str(o, ",\"seq\":");
    mc_out_u64(o, mn->last_seq);
    mc_out_str(o, ",\"expires_in_ms\":");
    mc_out_u64(o, b->expires_ms > now ? b->expires_ms - now : 0);
    if (b->lla_len) {
        mc_out_str(o, ",\"lla\":\"");
        mc_out_hexbytes(o, b->lla, b->lla_len);
        mc_out_ch(o, '"');
    }
    mc_out_ch(o, '}');
}

void mc_json_bindings(mc_outbuf *o, const mc_bcache *bc, uint64_t now)
{
    mc_out_str(o, "\"bindings\":[");
    int first = 1;
    for (size_t i = 0; i < bc->cap; i++) {
        const mc_bc_mn *mn = &bc->slot[i];
        if (!mn->used)
            continue;
        for (int k = 0; k < mn->nb; k++) {
            if (!first)
                mc_out_ch(o, ',');
            json_binding(o, mn, &mn->b[k], now);
            first = 0;
        }
    }
    mc_out_ch(o, ']');
}
