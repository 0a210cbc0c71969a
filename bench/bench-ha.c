/*
 * bench-ha - home agent Binding Update processing in-process, on one core.
 *
 * Fills the binding cache with N home addresses x 4 BIDs, then feeds
 * pre-built BUs (refreshes of those bindings) to the processing function,
 * and prints the rates of three paths:
 *   view : mc_ha_process_bu alone (lookup, checks, cache update)
 *   ba   : + the BA as a packet model and its bytes (mc_ba_plan_to_pkt + mc_build)
 *   frame: + dissecting the BU frame first (mc_dissect + mc_bu_view_from)
 * and the memory the binding cache takes per binding.  Not a test: it
 * prints figures (target: >= 500,000 BU/s in-process).
 *
 *   bench-ha [HOME_ADDRESSES (default 100000)] [ROUNDS (default 3)]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ha_bu.h"
#include "mcoa/craft.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void hoa_of(size_t i, uint8_t out[16])
{
    static const uint8_t base[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1};
    memcpy(out, base, 16);
    out[12] = (uint8_t)(i >> 24), out[13] = (uint8_t)(i >> 16), out[14] = (uint8_t)(i >> 8), out[15] = (uint8_t)i;
    out[11] = 1; /* never ::0 */
}

static void make_view(mc_bu_view *v, size_t i, uint16_t seq, int with_coa)
{
    static const uint8_t ha[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    memset(v, 0, sizeof *v);
    hoa_of(i, v->hoa);
    memcpy(v->src, v->hoa, 16);
    v->src[5] = 0xf1;
    memcpy(v->dst, ha, 16);
    v->has_hao = 1;
    v->seq = seq;
    v->flags = MC_BU_A | MC_BU_H | (seq == 1 ? MC_BU_O : 0);
    v->lifetime = 60;
    v->nbid = 4;
    for (int k = 0; k < 4; k++) {
        v->bid[k].bid = (uint16_t)(k + 1);
        v->bid[k].len = with_coa ? MC_BID_LEN_V6 : MC_BID_LEN_NOCOA;
        memcpy(v->bid[k].coa, v->src, 16);
        v->bid[k].coa[5] = (uint8_t)(0xf1 + k);
    }
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 0) : 100000;
    int rounds = argc > 2 ? atoi(argv[2]) : 3;
    mc_ha_config cfg;
    mc_ha ha;
    mc_ba_plan ba;
    mc_ha_config_default(&cfg);
    cfg.home_plen = 64;
    if (n == 0 || mc_ha_init(&ha, &cfg, n) < 0)
        return 2;
    mc_bu_view *views = malloc(n * sizeof *views);
    mc_pkt *pkt = malloc(sizeof *pkt);
    mc_dissection *d = malloc(sizeof *d);
    static uint8_t frame[MC_FRAME_MAX];
    if (!views || !pkt || !d)
        return 2;

    /* registration: N home addresses x 4 BIDs with their care-of addresses */
    for (size_t i = 0; i < n; i++) {
        make_view(&views[i], i, 1, 1);
        mc_ha_process_bu(&ha, &views[i], 0, &ba);
    }
    printf("binding cache: %zu home addresses, %zu bindings, %.1f MiB, %.0f bytes per binding\n", ha.bc.nmn,
           ha.bc.nbindings, (double)(ha.bc.cap * sizeof(mc_bc_mn)) / (1 << 20),
           (double)(ha.bc.cap * sizeof(mc_bc_mn)) / (double)ha.bc.nbindings);

    uint16_t seq = 2;
    double best_view = 0, best_ba = 0, best_frame = 0;
    size_t frame_n = n < 100000 ? n : 100000;
    uint64_t sink = 0;
    for (int r = 0; r < rounds; r++, seq++) {
        for (size_t i = 0; i < n; i++)
            make_view(&views[i], i, seq, 0); /* refreshes without CoA field */
        double t0 = now_s();
        for (size_t i = 0; i < n; i++)
            sink += (uint64_t)mc_ha_process_bu(&ha, &views[i], 1000, &ba);
        double t1 = now_s();
        best_view = best_view > n / (t1 - t0) ? best_view : n / (t1 - t0);

        seq++;
        for (size_t i = 0; i < n; i++)
            make_view(&views[i], i, seq, 0);
        mc_err e;
        size_t len;
        t0 = now_s();
        for (size_t i = 0; i < n; i++) {
            mc_ha_process_bu(&ha, &views[i], 1000, &ba);
            if (mc_ba_plan_to_pkt(&ba, &views[i], pkt, &e) == 0 && mc_build(pkt, frame, sizeof frame, &len, &e) == 0)
                sink += len;
        }
        t1 = now_s();
        best_ba = best_ba > n / (t1 - t0) ? best_ba : n / (t1 - t0);

        /* from frames: the BUs as bytes, dissected first */
        seq++;
        char expr[512];
        uint8_t *frames = malloc(frame_n * 160);
        size_t *lens = malloc(frame_n * sizeof *lens);
        if (!frames || !lens)
            return 2;
        for (size_t i = 0; i < frame_n; i++) {
            char h[64], c[64];
            make_view(&views[i], i, seq, 0);
            snprintf(h, sizeof h, "2001:db8:1::1:%x:%x", (unsigned)(i >> 16), (unsigned)(i & 0xffff));
            snprintf(c, sizeof c, "2001:db8:f1::1:%x:%x", (unsigned)(i >> 16), (unsigned)(i & 0xffff));
            snprintf(expr, sizeof expr,
                     "ipv6 src=%s dst=2001:db8:1::1 / hao %s / bu seq=%u A H lifetime=60 / bid 1 / bid 2 / bid 3 / bid 4", c,
                     h, seq);
            if (mc_craft(expr, frames + i * 160, 160, &lens[i], &e) < 0) {
                fprintf(stderr, "bench-ha: %s\n", e.msg);
                return 2;
            }
        }
        mc_bu_view v;
        t0 = now_s();
        for (size_t i = 0; i < frame_n; i++) {
            mc_dissect(frames + i * 160, lens[i], lens[i], MC_LINKTYPE_RAW, d);
            if (mc_bu_view_from(d, &v) == 0) {
                mc_ha_process_bu(&ha, &v, 1000, &ba);
                if (mc_ba_plan_to_pkt(&ba, &v, pkt, &e) == 0 && mc_build(pkt, frame, sizeof frame, &len, &e) == 0)
                    sink += len;
            }
        }
        t1 = now_s();
        best_frame = best_frame > frame_n / (t1 - t0) ? best_frame : frame_n / (t1 - t0);
        free(frames);
        free(lens);
    }
    printf("%-44s %12.0f BU/s  %6.3f us/BU\n", "process (view in, BA plan out)", best_view, 1e6 / best_view);
    printf("%-44s %12.0f BU/s  %6.3f us/BU\n", "process + BA packet bytes", best_ba, 1e6 / best_ba);
    printf("%-44s %12.0f BU/s  %6.3f us/BU\n", "dissect BU frame + process + BA bytes", best_frame, 1e6 / best_frame);
    printf("target >= 500000 BU/s in-process: %s (process + BA bytes)\n", best_ba >= 500000 ? "PASS" : "MISS");
    printf("(checksum %llu)\n", (unsigned long long)sink);
    free(views);
    free(pkt);
    free(d);
    mc_ha_free(&ha);
    return 0;
}
