/*
 * mkseeds.c - write the seed corpora of the fuzz targets.
 *
 *     mkseeds OUTDIR [PCAP...]
 *
 * OUTDIR/dissect/  one seed per catalogue variant (crafted) and one per
 *                  frame of each pcap, in fuzz_dissect's input format:
 *                  byte 0 = link type (0 Ethernet, 1 raw IP, 2 SLL, 3 SLL2,
 *                  4 NULL, 5 LOOP), then the frame; the catalogue also
 *                  behind each link layer (802.1Q, QinQ, SLL, SLL2, NULL,
 *                  LOOP)
 * OUTDIR/expr/     one seed per catalogue expression (fuzz_expr)
 * OUTDIR/expr.dict a libFuzzer dictionary of the wire model's keywords
 */
#include <errno.h>
#include <libgen.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mcoa/craft.h"
#include "mcoa/dissect.h"

static mc_pkt g_pkt;
static uint8_t g_frame[MC_FRAME_MAX];

static int mkdir_p(const char *path)
{
    if (mkdir(path, 0755) != 0 && errno != EEXIST) {
        perror(path);
        return -1;
    }
    return 0;
}

static int write_file(const char *path, uint8_t sel, int with_sel, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        return -1;
    }
    if (with_sel)
        fputc(sel, f);
    fwrite(p, 1, n, f);
    return fclose(f) == 0 ? 0 : -1;
}

/* fuzz_dissect's selector byte of a link type (see fuzz_dissect.c). */
static uint8_t selector(int linktype)
{
    switch (linktype) {
    case MC_LINKTYPE_ETHERNET: return 0;
    case MC_LINKTYPE_LINUX_SLL: return 2;
    case MC_LINKTYPE_LINUX_SLL2: return 3;
    case MC_LINKTYPE_NULL: return 4;
    case MC_LINKTYPE_LOOP: return 5;
    default: return 1;
    }
}

static int catalogue_seeds(const char *out)
{
    char path[4096];
    int bad = 0;
    for (size_t i = 0; i < mc_catalogue_count; i++) {
        const mc_variant *v = &mc_catalogue[i];
        mc_err e = {0};
        size_t len = 0;
        snprintf(path, sizeof(path), "%s/expr/cat-%s.txt", out, v->name);
        write_file(path, 0, 0, v->expr, strlen(v->expr));
        if (mc_expr_parse(v->expr, &g_pkt, &e) != 0 || mc_build(&g_pkt, g_frame, sizeof(g_frame), &len, &e) != 0) {
            fprintf(stderr, "mkseeds: %s: %s\n", v->name, e.msg);
            bad++;
            continue;
        }
        uint8_t sel = selector(mc_pkt_linktype(&g_pkt));
        snprintf(path, sizeof(path), "%s/dissect/cat-%s.bin", out, v->name);
        write_file(path, sel, 1, g_frame, len);
        /* the same message behind every link layer the dissector knows */
        static const char *const links[] = {"eth / vlan 100 / ", "eth / qinq 10 / vlan 20 / ", "eth type=0x9100 / qinq 7 / ",
                                            "sll / ", "sll2 3 / ", "null / ", "null-be / ", "loop / "};
        const char *body = strncmp(v->expr, "eth ", 4) == 0 ? strstr(v->expr, " / ") : NULL;
        body = body ? body + 3 : v->expr;
        for (size_t k = 0; k < sizeof links / sizeof links[0]; k++) {
            char text[4096];
            snprintf(text, sizeof text, "%s%s", links[k], body);
            if (mc_expr_parse(text, &g_pkt, &e) != 0 || mc_build(&g_pkt, g_frame, sizeof(g_frame), &len, &e) != 0)
                continue; /* e.g. an IPv4-only variant behind a link the text does not fit */
            snprintf(path, sizeof(path), "%s/dissect/link%zu-%s.bin", out, k, v->name);
            write_file(path, selector(mc_pkt_linktype(&g_pkt)), 1, g_frame, len);
        }
    }
    return bad;
}

/* How many octets of link header to skip to reach an IP packet, and which
 * selector the remaining frame gets; -1 for a link type we cannot feed. */
static int link_prefix(int dlt, uint8_t *sel)
{
    *sel = 1;
    switch (dlt) {
    case DLT_EN10MB: *sel = 0; return 0;
    case DLT_RAW: case 101: case 228: case 229: return 0; /* raw IP, LINKTYPE_IPV4/IPV6 */
    case DLT_LINUX_SLL: *sel = 2; return 0;
    case MC_LINKTYPE_LINUX_SLL2: *sel = 3; return 0;
    case DLT_SLIP: return 16;       /* BSD/OS SLIP pseudo-header */
    case DLT_NULL: *sel = 4; return 0;
    case DLT_LOOP: *sel = 5; return 0;
    }
    return -1;
}

static int pcap_seeds(const char *out, const char *file)
{
    char err[PCAP_ERRBUF_SIZE], path[4096], base[1024];
    pcap_t *p = pcap_open_offline(file, err);
    if (!p) {
        fprintf(stderr, "mkseeds: %s\n", err);
        return 1;
    }
    uint8_t sel;
    int skip = link_prefix(pcap_datalink(p), &sel);
    snprintf(base, sizeof(base), "%s", file);
    char *b = basename(base);
    char *dot = strrchr(b, '.');
    if (dot)
        *dot = 0;
    struct pcap_pkthdr *h;
    const u_char *data;
    unsigned n = 0;
    while (skip >= 0 && pcap_next_ex(p, &h, &data) == 1) {
        if (h->caplen < (unsigned)skip)
            continue;
        snprintf(path, sizeof(path), "%s/dissect/pcap-%s-%u.bin", out, b, ++n);
        write_file(path, sel, 1, data + skip, h->caplen - (unsigned)skip);
    }
    if (skip < 0)
        fprintf(stderr, "mkseeds: %s: link type %d not used\n", file, pcap_datalink(p));
    pcap_close(p);
    return 0;
}

static void dict_desc(FILE *f, const mc_desc *d)
{
    fprintf(f, "\"%s \"\n", d->key);
    for (int i = 0; i < d->nfields; i++)
        fprintf(f, "\"%s=\"\n", d->fields[i].key);
}

/* Keywords and keys of the wire model, so the parser fuzzer reaches past
 * the first token quickly. */
static void write_dict(const char *out)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/expr.dict", out);
    FILE *f = fopen(path, "w");
    if (!f)
        return;
    const mc_desc *layers[] = {&mc_desc_eth,  &mc_desc_vlan, &mc_desc_qinq, &mc_desc_sll,  &mc_desc_sll2,
                               &mc_desc_null, &mc_desc_null_be, &mc_desc_loop, &mc_desc_ipv4, &mc_desc_udp,
                               &mc_desc_ipv6, &mc_desc_hao,  &mc_desc_rh2,  &mc_desc_ext6, &mc_desc_mh};
    for (size_t i = 0; i < sizeof(layers) / sizeof(layers[0]); i++)
        dict_desc(f, layers[i]);
    for (size_t i = 0; i < mc_mh_ndescs; i++)
        dict_desc(f, mc_mh_descs[i]);
    for (size_t i = 0; i < mc_opt_ndescs; i++)
        dict_desc(f, mc_opt_descs[i]);
    /* legacy profiles: dstopts and its 1997 options, bid01 */
    dict_desc(f, &mc_desc_dstopts);
    dict_desc(f, &mc_desc_bid01);
    for (size_t i = 0; i < mc_dopt_ndescs; i++)
        dict_desc(f, mc_dopt_descs[i]);
    static const char *const extra[] = {" / ", "raw ", "bytes ", "opt ", "len=", "lenfield=", "noalign",
                                        "nopad", "data=", "2001:db8::1", "192.0.2.1", "0x", "mh62", "type="};
    for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]); i++)
        fprintf(f, "\"%s\"\n", extra[i]);
    fclose(f);
}

int main(int argc, char **argv)
{
    char path[4096];
    if (argc < 2) {
        fprintf(stderr, "usage: mkseeds OUTDIR [PCAP...]\n");
        return 2;
    }
    const char *out = argv[1];
    if (mkdir_p(out))
        return 1;
    snprintf(path, sizeof(path), "%s/dissect", out);
    if (mkdir_p(path))
        return 1;
    snprintf(path, sizeof(path), "%s/expr", out);
    if (mkdir_p(path))
        return 1;
    int bad = catalogue_seeds(out);
    for (int i = 2; i < argc; i++)
        pcap_seeds(out, argv[i]);
    write_dict(out);
    if (bad)
        fprintf(stderr, "mkseeds: %d catalogue variants could not be crafted\n", bad);
    return 0;
}
