/*
 * mcoa-dissect - read Mobile IPv6 / MCoA signalling from a capture file or
 * an interface and print it: one line per packet (default), a verbose
 * tree (-v), JSON Lines (--json, dissect/JSON.md) or crafter expressions
 * (--expr, craft/EXPRESSIONS.md), optionally with the RFC lint (--lint).
 *
 * Exit status: 0 ok, 1 lint findings, 2 bad input (usage, unreadable or
 * truncated capture, unknown interface, bad filter).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <pcap/pcap.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capread.h"
#include "mcoa/craft.h"
#include "mcoa/dissect.h"
#include "mcoa/lint.h"

enum mode { M_LINE, M_VERBOSE, M_JSON, M_EXPR };

static const char usage_text[] =
    "usage: mcoa-dissect (-r FILE | -i IFACE) [-v | --json | --expr] [--lint] [--cn ADDR]...\n"
    "                    [--profile mcoa-01:TYPE] [-c COUNT] [BPF FILTER...]\n"
    "\n"
    "  -r FILE      read a pcap or pcapng file ('-' for standard input); a pcapng\n"
    "               file may hold interfaces of different link types\n"
    "  -i IFACE     capture live on IFACE (immediate mode)\n"
    "  -v           verbose: every layer, option and field with its RFC name\n"
    "  --json       JSON Lines, one object per frame (dissect/JSON.md)\n"
    "  --expr       one crafter expression per frame: mcoa-craft -f rebuilds the bytes\n"
    "  --lint       check RFC 6275 / RFC 5648 format rules; exit 1 on any finding\n"
    "  --cn ADDR    IPv6 address of a correspondent node (for --lint; repeatable)\n"
    "  --profile mcoa-01:TYPE\n"
    "               read mobility options of TYPE (0-255) as the Binding Unique\n"
    "               Identifier sub-option of draft-ietf-monami6-multiplecoa-01,\n"
    "               whose type was never assigned (the catalogue uses 200)\n"
    "  -c COUNT     stop after COUNT frames\n"
    "  -h, --help   this help\n"
    "  --version    the version\n"
    "  BPF FILTER   a pcap filter expression; every Mobility Header, also behind a\n"
    "               Home Address option or a routing header, and draft-era next\n"
    "               header 62: 'ip6 protochain 135 or ip6 protochain 62'\n"
    "\n"
    "Exit status: 0 ok, 1 lint findings, 2 bad input.\n";

static pcap_t *volatile g_pcap;

static void on_signal(int sig)
{
    (void)sig;
    if (g_pcap)
        pcap_breakloop(g_pcap);
}

static void die_usage(const char *msg)
{
    if (msg)
        fprintf(stderr, "mcoa-dissect: %s\n", msg);
    fputs(usage_text, stderr);
    exit(2);
}

/* libpcap hands out DLT_ values; the dissector speaks LINKTYPE_ values,
 * which differ only for raw IP (DLT_RAW 12 or 14 <-> LINKTYPE_RAW 101). */
static int linktype_of(pcap_t *p)
{
    int dlt = pcap_datalink(p);
    if (dlt == DLT_RAW)
        return MC_LINKTYPE_RAW;
    return dlt;
}

static char *join_args(int argc, char **argv)
{
    size_t n = 1;
    for (int i = 0; i < argc; i++)
        n += strlen(argv[i]) + 1;
    char *s = calloc(1, n);
    if (!s)
        return NULL;
    for (int i = 0; i < argc; i++) {
        if (i)
            strcat(s, " ");
        strcat(s, argv[i]);
    }
    return s;
}

static pcap_t *open_live(const char *iface)
{
    char err[PCAP_ERRBUF_SIZE] = "";
    pcap_t *p = pcap_create(iface, err);
    if (!p) {
        fprintf(stderr, "mcoa-dissect: interface %s: %s\n", iface, err);
        exit(2);
    }
    pcap_set_snaplen(p, 262144);
    pcap_set_promisc(p, 1);
    pcap_set_timeout(p, 100);
    pcap_set_immediate_mode(p, 1);
    int r = pcap_activate(p);
    if (r < 0) {
        const char *why = pcap_geterr(p), *status = pcap_statustostr(r);
        if (!why || !*why || strcmp(why, status) == 0)
            fprintf(stderr, "mcoa-dissect: interface %s: %s\n", iface, status);
        else if (r == PCAP_ERROR_NO_SUCH_DEVICE || r == PCAP_ERROR_PERM_DENIED)
            fprintf(stderr, "mcoa-dissect: interface %s: %s (%s)\n", iface, status, why);
        else
            fprintf(stderr, "mcoa-dissect: interface %s: %s\n", iface, why);
        pcap_close(p);
        exit(2);
    }
    if (r > 0)
        fprintf(stderr, "mcoa-dissect: interface %s: warning: %s\n", iface, pcap_statustostr(r));
    return p;
}

/* A BPF filter on a capture file: compiled once per link type met (a
 * pcapng file may hold several), run with pcap_offline_filter. */
#define MAX_FILTER_LT 16
typedef struct ffilter {
    const char *text;
    int n;
    int lt[MAX_FILTER_LT];
    struct bpf_program prog[MAX_FILTER_LT];
} ffilter;

static const struct bpf_program *file_filter(ffilter *ff, const char *src, int linktype, int big_endian)
{
    for (int i = 0; i < ff->n; i++)
        if (ff->lt[i] == linktype)
            return &ff->prog[i];
    if (ff->n == MAX_FILTER_LT) {
        fprintf(stderr, "mcoa-dissect: %s: filter: more than %d link types\n", src, MAX_FILTER_LT);
        exit(2);
    }
    /* Compile against a savefile handle of that link type and byte order
     * (an empty pcap file in memory), not pcap_open_dead: libpcap matches
     * a BSD NULL header's family by the savefile's rules (24/28/30 in the
     * file's order), as tcpdump -r does, only then. */
    uint8_t h[24] = {0};
    uint32_t hv[6] = {0xa1b2c3d4u, 2u << 16 | 4u, 0, 0, 262144, (uint32_t)linktype};
    for (int i = 0; i < 6; i++)
        for (int b = 0; b < 4; b++)
            h[4 * i + b] = (uint8_t)(hv[i] >> (big_endian ? 24 - 8 * b : 8 * b));
    if (big_endian) { /* version major, minor: two 16-bit fields */
        h[4] = 0, h[5] = 2, h[6] = 0, h[7] = 4;
    } else {
        h[4] = 2, h[5] = 0, h[6] = 4, h[7] = 0;
    }
    char err[PCAP_ERRBUF_SIZE] = "";
    FILE *mf = fmemopen(h, sizeof h, "rb");
    pcap_t *dead = mf ? pcap_fopen_offline(mf, err) : NULL;
    if (!dead) {
        if (mf)
            fclose(mf);
        fprintf(stderr, "mcoa-dissect: %s: filter for link type %d: %s\n", src, linktype, *err ? err : "out of memory");
        exit(2);
    }
    if (pcap_compile(dead, &ff->prog[ff->n], ff->text, 1, PCAP_NETMASK_UNKNOWN) < 0) {
        fprintf(stderr, "mcoa-dissect: %s: bad filter '%s' for link type %d: %s\n", src, ff->text, linktype,
                pcap_geterr(dead));
        exit(2);
    }
    pcap_close(dead);
    ff->lt[ff->n] = linktype;
    return &ff->prog[ff->n++];
}

static void set_filter(pcap_t *p, const char *src, const char *filter)
{
    struct bpf_program prog;
    if (pcap_compile(p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) < 0) {
        fprintf(stderr, "mcoa-dissect: %s: bad filter '%s': %s\n", src, filter, pcap_geterr(p));
        exit(2);
    }
    if (pcap_setfilter(p, &prog) < 0) {
        fprintf(stderr, "mcoa-dissect: %s: cannot set filter '%s': %s\n", src, filter, pcap_geterr(p));
        exit(2);
    }
    pcap_freecode(&prog);
}

/* The JSON object ends in "}\n": reopen it to add "lint". */
static void json_add_lint(mc_outbuf *o, const mc_finding *f, size_t n)
{
    if (o->len >= 2 && o->buf[o->len - 2] == '}' && o->buf[o->len - 1] == '\n') {
        o->len -= 2;
        mc_out_str(o, ",\"lint\":");
        mc_lint_print_json(o, f, n);
        mc_out_str(o, "}\n");
    }
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, NULL, 'J'}, {"expr", no_argument, NULL, 'E'}, {"lint", no_argument, NULL, 'L'},
        {"cn", required_argument, NULL, 'C'}, {"help", no_argument, NULL, 'h'}, {"version", no_argument, NULL, 'V'},
        {"profile", required_argument, NULL, 'P'},
        {NULL, 0, NULL, 0},
    };
    const char *file = NULL, *iface = NULL;
    enum mode mode = M_LINE;
    int nmodes = 0, lint = 0, c;
    unsigned profile_flags = 0;
    unsigned long long count = 0;
    static mc_lint_ctx lctx;
    mc_lint_ctx_init(&lctx);

    /* '+': options stop at the first filter word, as in tcpdump */
    while ((c = getopt_long(argc, argv, "+r:i:vc:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'r': file = optarg; break;
        case 'i': iface = optarg; break;
        case 'v': mode = M_VERBOSE; nmodes++; break;
        case 'J': mode = M_JSON; nmodes++; break;
        case 'E': mode = M_EXPR; nmodes++; break;
        case 'L': lint = 1; break;
        case 'C': {
            uint8_t a[16];
            if (inet_pton(AF_INET6, optarg, a) != 1) {
                fprintf(stderr, "mcoa-dissect: --cn %s: not an IPv6 address\n", optarg);
                return 2;
            }
            mc_lint_ctx_add_cn(&lctx, a);
            break;
        }
        case 'P': {
            /* the one profile with a parameter: mcoa-01:TYPE (wire.h) */
            const char *key = mc_profiles[MC_PROFILE_MCOA01].key;
            size_t kn = strlen(key);
            char *end;
            unsigned long t = 0;
            if (strncmp(optarg, key, kn) != 0 || optarg[kn] != ':' || !optarg[kn + 1] || optarg[kn + 1] == '-') {
                fprintf(stderr, "mcoa-dissect: --profile %s: expected %s:TYPE (the option type, 0-255, that "
                        "draft-ietf-monami6-multiplecoa-01 left TBD); mh62 and mip6-97 need no option\n", optarg, key);
                return 2;
            }
            errno = 0;
            t = strtoul(optarg + kn + 1, &end, 0);
            if (errno || *end || t > 255) {
                fprintf(stderr, "mcoa-dissect: --profile %s: type '%s' is not a number 0-255\n", optarg, optarg + kn + 1);
                return 2;
            }
            profile_flags = MC_DISSECT_BID01_TYPE(t);
            break;
        }
        case 'c': {
            char *end;
            errno = 0;
            count = strtoull(optarg, &end, 10);
            if (errno || *end || !*optarg || count == 0 || optarg[0] == '-')
                die_usage("-c needs a positive count");
            break;
        }
        case 'h': fputs(usage_text, stdout); return 0;
        case 'V': printf("mcoa-dissect (mcoa-conform) %s\n", MCOA_VERSION); return 0;
        default: die_usage(NULL);
        }
    }
    if (!file == !iface)
        die_usage("give exactly one of -r FILE and -i IFACE");
    if (nmodes > 1)
        die_usage("-v, --json and --expr exclude each other");

    const char *src = file ? file : iface;
    pcap_t *p = NULL;
    capread *cr = NULL;
    static ffilter ff;
    char *filter = NULL;
    if (optind < argc && !(filter = join_args(argc - optind, argv + optind))) {
        fprintf(stderr, "mcoa-dissect: out of memory\n");
        return 2;
    }
    if (file) {
        char err[400];
        if (!(cr = cr_open(file, err, sizeof err))) {
            fprintf(stderr, "mcoa-dissect: %s\n", err);
            return 2;
        }
        ff.text = filter;
        if (filter && cr_linktype(cr) >= 0) /* a bad filter fails before any output */
            file_filter(&ff, src, cr_linktype(cr), cr_bigendian(cr));
    } else {
        p = open_live(iface);
        if (filter)
            set_filter(p, src, filter);
        g_pcap = p;
        signal(SIGINT, on_signal);
        signal(SIGTERM, on_signal);
    }

    static mc_dissection dis;
    static mc_finding findings[MC_MAX_FINDINGS];
    static char expr[1 << 19];
    mc_outbuf out;
    mc_out_init(&out, stdout);
    int linktype = p ? linktype_of(p) : -1, any_finding = 0, r;
    unsigned long long frameno = 0;
    cr_pkt pk;

    for (;;) {
        if (cr) {
            if ((r = cr_next(cr, &pk)) <= 0)
                break;
            if (filter) {
                struct pcap_pkthdr ph = {{0, 0}, pk.caplen, pk.len};
                if (!pcap_offline_filter(file_filter(&ff, src, pk.linktype, cr_bigendian(cr)), &ph, pk.data))
                    continue;
            }
        } else {
            struct pcap_pkthdr *h;
            const u_char *data;
            if ((r = pcap_next_ex(p, &h, &data)) < 0)
                break;
            if (r == 0) { /* live read timeout */
                mc_out_flush(&out);
                continue;
            }
            pk = (cr_pkt){data, h->caplen, h->len, linktype, h->ts.tv_sec, (uint32_t)h->ts.tv_usec};
        }
        frameno++;
        double ts = (double)pk.sec + (double)pk.usec / 1e6;
        mc_dissect_ex(pk.data, pk.caplen, pk.len, pk.linktype, &dis,
                      (mode == M_EXPR ? 0 : MC_DISSECT_NO_EXPR) | profile_flags);
        size_t nf = lint ? mc_lint(&lctx, &dis, findings, MC_MAX_FINDINGS) : 0;
        any_finding |= nf > 0;
        switch (mode) {
        case M_LINE:
            mc_print_line(&out, &dis, frameno, ts);
            if (lint)
                mc_lint_print_text(&out, &dis, findings, nf);
            break;
        case M_VERBOSE:
            mc_print_verbose(&out, &dis, frameno, ts);
            if (lint)
                mc_lint_print_text(&out, &dis, findings, nf);
            break;
        case M_JSON:
            mc_print_json(&out, &dis, frameno, ts);
            if (lint)
                json_add_lint(&out, findings, nf);
            break;
        case M_EXPR:
            /* expressions only, so that mcoa-craft -f reads the output back;
             * a frame that does not print becomes a comment line */
            if (mc_expr_print(&dis.pkt, expr, sizeof expr) < 0) {
                mc_out_str(&out, "# frame ");
                mc_out_u64(&out, frameno);
                mc_out_str(&out, ": expression too long\n");
            } else {
                mc_out_str(&out, expr);
                mc_out_ch(&out, '\n');
            }
            break;
        }
        if (iface)
            mc_out_flush(&out);
        else
            mc_out_flush_if(&out);
        if (count && frameno >= count)
            break;
    }
    mc_out_flush(&out);
    int status = any_finding ? 1 : 0;
    if (cr && r < 0) {
        fflush(stdout);
        fprintf(stderr, "mcoa-dissect: %s: %s (after %llu frames)\n", src, cr_error(cr), frameno);
        status = 2;
    } else if (p && r == PCAP_ERROR) {
        fflush(stdout);
        fprintf(stderr, "mcoa-dissect: %s: %s (after %llu frames)\n", src, pcap_geterr(p), frameno);
        status = 2;
    }
    if (out.oom) {
        fprintf(stderr, "mcoa-dissect: out of memory\n");
        status = 2;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "mcoa-dissect: write error: %s\n", strerror(errno));
        status = 2;
    }
    mc_out_free(&out);
    if (p)
        pcap_close(p);
    cr_close(cr);
    free(filter);
    return status;
}
