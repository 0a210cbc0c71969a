/*
 * env.h - one test's world: its namespaces, its tester endpoints, its IUT,
 * and the record of every packet (a pcap with a marks sidecar saying which
 * frames were stimulus and which observed).
 */
#ifndef MCOA_ENV_H
#define MCOA_ENV_H

#include <pcap/pcap.h>
#include <stdio.h>
#include <sys/types.h>
#include "mcoa/craft.h"
#include "mcoa/dissect.h"
#include "pixit.h"

#define ENV_MAX_EPS 16
#define ENV_MAX_SENT 64

typedef struct env_ep {
    char name[48];       /* "mn.f1" */
    pcap_t *pc;
    int fd;
    void *raw6;          /* libnet_t bound to the interface, created in its namespace */
    void *raw4;
    int linktype;
} env_ep;

typedef enum iut_kind { IUT_REFERENCE = 0, IUT_CMD, IUT_IFACE } iut_kind;

typedef struct env {
    /* configuration */
    char id[16];              /* namespace run id */
    char topo[640];           /* topology file */
    char netns_tool[512];
    char bindir[512];
    char dir[512];            /* this test's artefact directory */
    const pixit *px;
    iut_kind iut;
    const char *iut_arg;      /* --iut-cmd or --iut-iface */
    char role[8];             /* IUT role: its namespace name in the topology */
    FILE *log;
    /* state */
    int up;
    int dirty;                /* something a test left cannot be undone: do not reuse */
    env_ep eps[ENV_MAX_EPS];
    int neps;
    pid_t iut_pid;
    char iut_ctl[600];        /* reference node control socket */
    mc_pcapw *pcap;
    FILE *marks;
    uint64_t frames;
    uint8_t sent[ENV_MAX_SENT][64]; /* first bytes of L3 of what we sent, to recognise our stimulus */
    size_t sentlen[ENV_MAX_SENT];
    int nsent;
    mc_dissection *d;
} env;

int env_up(env *v, mc_err *e);
void env_down(env *v);
/* End one test but keep the namespaces; reset them for the next test. */
void env_end_test(env *v);
int env_reset(env *v);
/* Start the IUT (reference node with `faults`, or the external one) and wait until it is ready. */
int env_start_iut(env *v, const char *const *faults, int nfaults, const char *config_extra, mc_err *e);
int env_have_management(const env *v);
/* 1 (status set) if the IUT process the runner started has exited: an IUT
 * that dies during a test makes the verdict error, whatever the steps saw.
 * Call it once, after the steps. */
int env_iut_exited(env *v, int *status);
env_ep *env_endpoint(env *v, const char *name, mc_err *e);
int env_send(env *v, env_ep *ep, mc_pkt *p, mc_err *e);
/* Wait up to timeout_ms for a frame on `ep` for which match(ctx, d) returns 1.
 * Every frame seen is recorded; observed ones are also printed as
 * expressions into `seen` (for verdict reasons).  Returns 1 matched, 0 timeout, -1 error. */
int env_wait(env *v, env_ep *ep, unsigned timeout_ms, int (*match)(void *, const mc_dissection *), void *ctx,
             mc_outbuf *seen, mc_err *e);
/* Run a command for the IUT: its control CLI (reference) or the PIXIT trigger. Output appended to `out`. */
int env_iut_command(env *v, const char *cmd, mc_outbuf *out, mc_err *e);
void env_log(env *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
