/*
 * mcoa-craft - craft Mobile IPv6 / MCoA packets from expressions
 * (craft/EXPRESSIONS.md) and write them as hex, as a pcap file, or onto an
 * interface.
 *
 * Every packet is parsed and built once; --count then cycles through the
 * built frames, so a million packets cost little more than the copies.
 */
#include <errno.h>
#include <fnmatch.h>
#include <getopt.h>
#include <libnet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mcoa/craft.h"
#include "mcoa/dissect.h"

#define EXIT_BAD_INPUT 2
#define EXIT_RUNTIME   1

static const char usage_text[] =
    "usage: mcoa-craft [-w FILE.pcap | -x | -i IFACE] [--link eth|raw] [--count N]\n"
    "                  [-f FILE] [EXPR ...]\n"
    "       mcoa-craft --catalogue [GLOB ...]            list the named variants\n"
    "       mcoa-craft --catalogue [-w FILE | -x | -i IFACE] [--count N] [GLOB ...]\n"
    "\n"
    "Each EXPR argument is one packet, e.g.\n"
    "  'ipv6 src=2001:db8:f1::10 dst=2001:db8:1::1 / hao 2001:db8:1::100 / bu seq=7 A H / bid 1'\n"
    "(grammar: craft/EXPRESSIONS.md).\n"
    "\n"
    "  -x             print each packet as one line of hex (the default)\n"
    "  -w FILE        write a pcap file (- for stdout); pcapng, one interface per\n"
    "                 link type, when the packets have different link layers or\n"
    "                 FILE ends in .pcapng\n"
    "  -i IFACE       inject with libnet (link layer when the packet has eth,\n"
    "                 else a raw IPv6 or IPv4 socket)\n"
    "  --link eth     give packets without a link layer (eth, sll, sll2, null, loop)\n"
    "                 a default Ethernet header\n"
    "                 (02:00:00:00:00:01 -> 02:00:00:00:00:02); the default for -w\n"
    "  --link raw     LINKTYPE_RAW; packets with a link layer are rejected\n"
    "  --count N      emit N packets, cycling through the given ones\n"
    "  -f FILE        read one expression per line (blank lines and # comments skipped)\n"
    "  --catalogue    the catalogue of named variants; GLOB arguments select by name\n"
    "  -h, --help     this text\n"
    "  --version      the version\n"
    "\n"
    "Exit status: 0 ok, 2 bad input (expression, interface, file), 1 send/write failure.\n";

enum out_mode { OUT_HEX, OUT_PCAP, OUT_IFACE };
enum link_mode { LINK_ASIS, LINK_ETH, LINK_RAW };

typedef struct opts {
    int mode;
    const char *wfile, *iface, *file;
    int link;
    int link_given;
    unsigned long long count;
    int catalogue;
    int outputs; /* how many of -w -x -i were given */
} opts;

/* A built frame. */
typedef struct frame {
    uint8_t *b;
    size_t len;
    int linktype; /* mc_pkt_linktype of its model */
} frame;

typedef struct frames {
    frame *v;
    size_t n, cap;
} frames;

static mc_pkt *pkt;                     /* one model reused for every packet */
static uint8_t fbuf[MC_FRAME_MAX];

static void die_oom(void)
{
    fprintf(stderr, "mcoa-craft: out of memory\n");
    exit(EXIT_RUNTIME);
}

static void frames_add(frames *fs, const uint8_t *b, size_t len, int linktype)
{
    if (fs->n == fs->cap) {
        fs->cap = fs->cap ? fs->cap * 2 : 16;
        fs->v = realloc(fs->v, fs->cap * sizeof *fs->v);
        if (!fs->v)
            die_oom();
    }
    uint8_t *c = malloc(len ? len : 1);
    if (!c)
        die_oom();
    memcpy(c, b, len);
    fs->v[fs->n++] = (frame){c, len, linktype};
}

/* "WHERE:COL: message", then the text with a caret under the column. */
static void report(const char *where, const char *text, const mc_err *e)
{
    if (e->pos >= 0 && text) {
        fprintf(stderr, "%s:%ld: %s\n", where, e->pos + 1, e->msg);
        /* the caret line keeps the text's tabs so that it lines up */
        fprintf(stderr, "  %s\n  ", text);
        for (long i = 0; i < e->pos && text[i]; i++)
            fputc(text[i] == '\t' ? '\t' : ' ', stderr);
        fputs("^\n", stderr);
    } else {
        fprintf(stderr, "%s: %s\n", where, e->msg);
    }
}

/* --link eth: put the default Ethernet header (the layout's template)
 * in front, in the model, so that the expression of the written packet
 * shows it. */
static int prepend_eth(mc_pkt *p, mc_err *e)
{
    if (!mc_pkt_add_layer(p, MC_LK_ETH, &mc_desc_eth, e))
        return -1;
    mc_layer eth = p->l[p->nlayers - 1];
    memmove(&p->l[1], &p->l[0], (size_t)(p->nlayers - 1) * sizeof p->l[0]);
    p->l[0] = eth;
    return 0;
}

/* Parse, adapt to the link, build, keep.  Returns 0 or exits-worthy -1. */
static int add_expr(const opts *o, frames *fs, const char *where, const char *text)
{
    mc_err e = {-1, ""};
    size_t len;
    if (mc_expr_parse(text, pkt, &e) < 0) {
        report(where, text, &e);
        return -1;
    }
    /* a packet that starts with a link layer (eth, sll, sll2, null, loop) keeps it */
    int has_link = pkt->nlayers > 0 && pkt->l[0].desc && mc_desc_linktype(pkt->l[0].desc) >= 0;
    if (o->link == LINK_RAW && has_link) {
        fprintf(stderr, "%s: --link raw cannot write a packet with a link layer (%s)\n", where, pkt->l[0].desc->key);
        return -1;
    }
    if (o->link == LINK_ETH && !has_link && prepend_eth(pkt, &e) < 0) {
        fprintf(stderr, "%s: %s\n", where, e.msg);
        return -1;
    }
    if (mc_build(pkt, fbuf, sizeof fbuf, &len, &e) < 0) {
        fprintf(stderr, "%s: %s\n", where, e.msg);
        return -1;
    }
    frames_add(fs, fbuf, len, mc_pkt_linktype(pkt));
    return 0;
}

static int add_file(const opts *o, frames *fs, const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!f) {
        fprintf(stderr, "mcoa-craft: cannot open %s: %s\n", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned long lineno = 0;
    int bad = 0;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = 0;
        size_t i = strspn(line, " \t");
        if (line[i] == 0 || line[i] == '#')
            continue;
        char where[4200];
        snprintf(where, sizeof where, "%s:%lu", path, lineno);
        if (add_expr(o, fs, where, line) < 0)
            bad = 1;
    }
    if (ferror(f)) {
        fprintf(stderr, "mcoa-craft: cannot read %s: %s\n", path, strerror(errno));
        bad = 1;
    }
    free(line);
    if (f != stdin)
        fclose(f);
    return bad ? -1 : 0;
}

/* ---- the catalogue ------------------------------------------------------------ */
static int selected(const mc_variant *v, char **globs, int nglobs)
{
    if (nglobs == 0)
        return 1;
    for (int i = 0; i < nglobs; i++)
        if (fnmatch(globs[i], v->name, 0) == 0)
            return 1;
    return 0;
}

static int check_globs(char **globs, int nglobs)
{
    for (int i = 0; i < nglobs; i++) {
        size_t k = 0;
        while (k < mc_catalogue_count && fnmatch(globs[i], mc_catalogue[k].name, 0) != 0)
            k++;
        if (k == mc_catalogue_count) {
            fprintf(stderr, "mcoa-craft: no catalogue variant matches '%s'\n", globs[i]);
            return -1;
        }
    }
    return 0;
}

static void list_catalogue(char **globs, int nglobs)
{
    for (size_t k = 0; k < mc_catalogue_count; k++) {
        const mc_variant *v = &mc_catalogue[k];
        if (selected(v, globs, nglobs))
            printf("%s  %s  %s\n    %s\n", v->name, v->clauses, v->summary, v->expr);
    }
}

static int add_catalogue(const opts *o, frames *fs, char **globs, int nglobs)
{
    int bad = 0;
    for (size_t k = 0; k < mc_catalogue_count; k++) {
        const mc_variant *v = &mc_catalogue[k];
        char where[200];
        snprintf(where, sizeof where, "catalogue %s", v->name);
        if (selected(v, globs, nglobs) && add_expr(o, fs, where, v->expr) < 0)
            bad = 1;
    }
    return bad ? -1 : 0;
}

/* ---- output -------------------------------------------------------------------- */
static unsigned long long total(const opts *o, const frames *fs)
{
    return o->count ? o->count : fs->n;
}

static int out_hex(const opts *o, const frames *fs)
{
    static const char hx[] = "0123456789abcdef";
    static char line[2 * MC_FRAME_MAX + 2];
    unsigned long long n = total(o, fs);
    for (unsigned long long i = 0; i < n; i++) {
        const frame *f = &fs->v[i % fs->n];
        size_t k = 0;
        for (size_t j = 0; j < f->len; j++) {
            line[k++] = hx[f->b[j] >> 4];
            line[k++] = hx[f->b[j] & 15];
        }
        line[k++] = '\n';
        if (fwrite(line, 1, k, stdout) != k)
            break;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "mcoa-craft: cannot write the output: %s\n", strerror(errno));
        return EXIT_RUNTIME;
    }
    return 0;
}

static int out_pcap(const opts *o, const frames *fs)
{
    mc_err e = {-1, ""};
    /* classic pcap when every frame has the same link type (and the name
     * does not ask for pcapng); pcapng with one interface per link type
     * otherwise */
    int lt = fs->v[0].linktype, ng = 0;
    size_t nl = strlen(o->wfile);
    for (size_t k = 1; k < fs->n; k++)
        ng |= fs->v[k].linktype != lt;
    ng |= nl >= 7 && strcmp(o->wfile + nl - 7, ".pcapng") == 0;
    mc_pcapw *w = ng ? mc_pcapng_open(o->wfile, &e) : mc_pcapw_open(o->wfile, lt, &e);
    if (!w) {
        fprintf(stderr, "mcoa-craft: %s\n", e.msg);
        return EXIT_BAD_INPUT;
    }
    unsigned long long n = total(o, fs);
    int r = 0;
    for (unsigned long long i = 0, k = 0; i < n && r == 0; i++) {
        r = mc_pcapw_write_lt(w, fs->v[k].linktype, fs->v[k].b, fs->v[k].len, &e);
        if (++k == fs->n)
            k = 0;
    }
    if (mc_pcapw_close(w, r ? NULL : &e) < 0 || r < 0) {
        fprintf(stderr, "mcoa-craft: %s\n", e.msg);
        return EXIT_RUNTIME;
    }
    return 0;
}

/* libnet contexts, opened on first use: link layer, raw IPv6, raw IPv4. */
typedef struct injector {
    const char *iface;
    libnet_t *link, *raw6, *raw4;
} injector;

static libnet_t *inj_ctx(injector *in, libnet_t **slot, int type, const char *what)
{
    char errbuf[LIBNET_ERRBUF_SIZE];
    if (!*slot) {
        *slot = libnet_init(type, in->iface, errbuf);
        if (!*slot)
            fprintf(stderr, "mcoa-craft: cannot open %s injection on %s: %s\n", what, in->iface, errbuf);
    }
    return *slot;
}

/* IP version from the first nibble (RFC 791 / RFC 8200), for frames that
 * do not start with Ethernet. */
static int ip_version(const frame *f)
{
    return f->len ? f->b[0] >> 4 : 0;
}

static int inject_one(injector *in, const frame *f)
{
    libnet_t *l;
    int r;
    if (f->linktype != MC_LINKTYPE_ETHERNET && f->linktype != MC_LINKTYPE_RAW) {
        fprintf(stderr, "mcoa-craft: a packet with a capture-only link header (link type %d: sll, sll2, null, loop) "
                        "cannot be injected; start it with eth or an IP header\n", f->linktype);
        return EXIT_BAD_INPUT;
    }
    if (f->linktype == MC_LINKTYPE_ETHERNET) {
        if (!(l = inj_ctx(in, &in->link, LIBNET_LINK_ADV, "link-layer")))
            return EXIT_RUNTIME;
        r = libnet_adv_write_link(l, f->b, (uint32_t)f->len);
    } else if (ip_version(f) == 6) {
        if (!(l = inj_ctx(in, &in->raw6, LIBNET_RAW6_ADV, "raw IPv6")))
            return EXIT_RUNTIME;
        r = libnet_write_raw_ipv6(l, f->b, (uint32_t)f->len);
    } else if (ip_version(f) == 4) {
        if (!(l = inj_ctx(in, &in->raw4, LIBNET_RAW4_ADV, "raw IPv4")))
            return EXIT_RUNTIME;
        r = libnet_adv_write_raw_ipv4(l, f->b, (uint32_t)f->len);
    } else {
        fprintf(stderr, "mcoa-craft: a packet without eth or IP header cannot be injected (add eth, or --link eth)\n");
        return EXIT_BAD_INPUT;
    }
    if (r < 0) {
        fprintf(stderr, "mcoa-craft: injection on %s failed: %s\n", in->iface, libnet_geterror(l));
        return EXIT_RUNTIME;
    }
    return 0;
}

static int out_iface(const opts *o, const frames *fs)
{
    injector in = {o->iface, NULL, NULL, NULL};
    unsigned long long n = total(o, fs);
    int r = 0;
    for (unsigned long long i = 0; i < n && r == 0; i++)
        r = inject_one(&in, &fs->v[i % fs->n]);
    if (in.link)
        libnet_destroy(in.link);
    if (in.raw6)
        libnet_destroy(in.raw6);
    if (in.raw4)
        libnet_destroy(in.raw4);
    return r;
}

/* ---- command line ------------------------------------------------------------------ */
static int bad_usage(const char *msg, const char *arg)
{
    fprintf(stderr, "mcoa-craft: %s%s%s%s\n", msg, arg ? " '" : "", arg ? arg : "", arg ? "'" : "");
    fprintf(stderr, "try 'mcoa-craft --help'\n");
    return EXIT_BAD_INPUT;
}

static int parse_count(const char *s, unsigned long long *out)
{
    char *end;
    errno = 0;
    if (*s < '0' || *s > '9')
        return -1;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v == 0)
        return -1;
    *out = v;
    return 0;
}

static int parse_args(int argc, char **argv, opts *o)
{
    static const struct option lopts[] = {
        {"link", required_argument, NULL, 'L'}, {"count", required_argument, NULL, 'c'},
        {"catalogue", no_argument, NULL, 'C'},  {"catalog", no_argument, NULL, 'C'},
        {"help", no_argument, NULL, 'h'},       {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int c;
    memset(o, 0, sizeof *o);
    while ((c = getopt_long(argc, argv, "w:xi:f:h", lopts, NULL)) != -1) {
        switch (c) {
        case 'w': o->mode = OUT_PCAP; o->wfile = optarg; o->outputs++; break;
        case 'x': o->mode = OUT_HEX; o->outputs++; break;
        case 'i': o->mode = OUT_IFACE; o->iface = optarg; o->outputs++; break;
        case 'f': o->file = optarg; break;
        case 'C': o->catalogue = 1; break;
        case 'h': fputs(usage_text, stdout); exit(0);
        case 'V': printf("mcoa-craft (mcoa-conform) %s\n", MCOA_VERSION); exit(0);
        case 'L':
            o->link_given = 1;
            if (strcmp(optarg, "eth") == 0)
                o->link = LINK_ETH;
            else if (strcmp(optarg, "raw") == 0)
                o->link = LINK_RAW;
            else
                return bad_usage("--link takes eth or raw, not", optarg);
            break;
        case 'c':
            if (parse_count(optarg, &o->count) < 0)
                return bad_usage("--count takes a positive number, not", optarg);
            break;
        default:
            return bad_usage("bad option", NULL);
        }
    }
    if (o->outputs > 1)
        return bad_usage("give only one of -w, -x and -i", NULL);
    if (o->mode == OUT_PCAP && !o->link_given)
        o->link = LINK_ETH;
    if (o->catalogue && o->file)
        return bad_usage("--catalogue takes name globs, not -f", NULL);
    if (!o->catalogue && !o->file && optind >= argc)
        return bad_usage("no packets: give expressions, -f FILE or --catalogue", NULL);
    if (o->mode == OUT_IFACE && if_nametoindex(o->iface) == 0) {
        fprintf(stderr, "mcoa-craft: unknown interface '%s'\n", o->iface);
        return EXIT_BAD_INPUT;
    }
    return -1; /* go on */
}

int main(int argc, char **argv)
{
    opts o;
    int r = parse_args(argc, argv, &o);
    if (r >= 0)
        return r;
    char **rest = argv + optind;
    int nrest = argc - optind;
    if (o.catalogue && o.outputs == 0) { /* --catalogue without an output lists */
        if (check_globs(rest, nrest) < 0)
            return EXIT_BAD_INPUT;
        list_catalogue(rest, nrest);
        return 0;
    }
    pkt = malloc(sizeof *pkt);
    if (!pkt)
        die_oom();
    frames fs = {0};
    int bad = 0;
    if (o.catalogue) {
        bad = check_globs(rest, nrest) < 0 || add_catalogue(&o, &fs, rest, nrest) < 0;
    } else {
        if (o.file && add_file(&o, &fs, o.file) < 0)
            bad = 1;
        for (int i = 0; i < nrest; i++) {
            char where[64];
            snprintf(where, sizeof where, "expression %d", i + 1);
            if (add_expr(&o, &fs, where, rest[i]) < 0)
                bad = 1;
        }
    }
    if (!bad && fs.n == 0) {
        fprintf(stderr, "mcoa-craft: no packets to write\n");
        bad = 1;
    }
    if (bad)
        r = EXIT_BAD_INPUT;
    else if (o.mode == OUT_PCAP)
        r = out_pcap(&o, &fs);
    else if (o.mode == OUT_IFACE)
        r = out_iface(&o, &fs);
    else
        r = out_hex(&o, &fs);
    for (size_t i = 0; i < fs.n; i++)
        free(fs.v[i].b);
    free(fs.v);
    free(pkt);
    return r;
}
