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
    void *raw6;          /* libnet_t bound to the interface, created in its namespace at the */
    void *raw4;          /* endpoint's first send of that family (each costs ms: libnet probes SO_SNDBUF) */
    char ns[128];        /* the namespace and interface, for those */
    char ifname[48];
    int linktype;
} env_ep;

typedef enum iut_kind { IUT_REFERENCE = 0, IUT_CMD, IUT_IFACE } iut_kind;

typedef struct env {
    /* configuration */
    char id[16];              /* namespace run id */
    char topo[640];           /* topology file */
    long netns_owner;         /* MCOA_NETNS_OWNER for mcoa-netns up (0: this process) */
    char netns_tool[512];
    char bindir[512];
    char dir[512];            /* this test's artefact directory */
    const pixit *px;
    iut_kind iut;
    const char *iut_arg;      /* --iut-cmd or --iut-iface */
    char role[8];             /* IUT role: its namespace name in the topology */
    char test[64];            /* the test's id */
    char configuration[48];   /* the named IUT configuration the test needs, "" none */
    FILE *log;
    /* state */
    int up;
    int dirty;                /* something a test left cannot be undone: do not reuse */
    int unguarded;            /* the IUT's node lost the topology's guard (env_reset restores it) */
    env_ep eps[ENV_MAX_EPS];
    int neps;
    pid_t iut_pid;
    char iut_ctl[700];        /* reference node control socket */
    char iut_dir[600];        /* the IUT's fresh state directory, in the test's record */
    char iut_link[64];        /* a short symbolic link to it, or "": $MCOA_IUT_DIR when a socket path there would not fit */
    char pixit_path[600];     /* $MCOA_PIXIT: the PIXIT in use, includes resolved */
    char **iut_env;           /* the environment of the IUT's commands (harness/IUT.md) */
    int iut_env_own;          /* how many of its last entries are ours to free */
    mc_pcapw *pcap;
    FILE *marks;
    uint64_t frames;
    double steps_t0;          /* wall-clock seconds when the steps began (marks times), 0 before */
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
/* Start the IUT (reference node with `faults`, or the external one), wait
 * until it is ready and put it in the test's configuration.  0 ready, -1
 * error (e), -2 the IUT says it does not support this (exit 77): skip. */
int env_start_iut(env *v, const char *const *faults, int nfaults, mc_err *e);
int env_have_management(const env *v);
/* 1 (status set) if the IUT process the runner started has exited: an IUT
 * that dies during a test makes the verdict error, whatever the steps saw.
 * Call it once, after the steps. */
int env_iut_exited(env *v, int *status);
/* After the last step: does the IUT still answer (the reference node's
 * control socket, or the PIXIT's iut-alive) within iut-alive-timeout
 * (default 2 s)?  1 yes, 0 no (why in e: a hung IUT passes every
 * expect-none), -1 nothing to probe (no iut-alive). */
int env_iut_alive(env *v, mc_err *e);
env_ep *env_endpoint(env *v, const char *name, mc_err *e);
/* Open these endpoints at once (each capture open waits on the kernel for
 * ~10-20 ms); one that fails is left to env_endpoint, which reports it. */
void env_open_endpoints(env *v, const char *const *names, int n);
int env_send(env *v, env_ep *ep, mc_pkt *p, mc_err *e);
/* Wait up to timeout_ms for a frame on `ep` for which match(ctx, d) returns 1.
 * Every frame seen is recorded; observed ones are also printed as
 * expressions into `seen` (for verdict reasons).  Returns 1 matched, 0 timeout, -1 error. */
int env_wait(env *v, env_ep *ep, unsigned timeout_ms, int (*match)(void *, const mc_dissection *), void *ctx,
             mc_outbuf *seen, mc_err *e);
/* Run a command for the IUT: its control CLI (reference) or the PIXIT's
 * `state` / `action.NAME` (the other words as $1...).  Output appended to
 * `out`.  0 done, -1 failed (e), -2 not supported (no such PIXIT key, or
 * exit 77): the test is skipped. */
int env_iut_command(env *v, const char *cmd, mc_outbuf *out, mc_err *e);
void env_log(env *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
