/*
 * env.c - one test's namespaces, endpoints and IUT (see env.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <libnet.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <ftw.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "contract.h"
#include "env.h"
#include "io.h"
#include "nsreset.h"

extern char **environ;

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

void env_log(env *v, const char *fmt, ...)
{
    if (!v->log)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(v->log, fmt, ap);
    va_end(ap);
    fputc('\n', v->log);
    fflush(v->log);
}

/* Spawn attributes: SIGPIPE back to its default (the worker ignores it, and
 * an ignored signal stays ignored across exec); `group`: a process group
 * of its own. */
static void spawn_attr(posix_spawnattr_t *at, int group)
{
    sigset_t def;
    sigemptyset(&def);
    sigaddset(&def, SIGPIPE);
    posix_spawnattr_init(at);
    posix_spawnattr_setsigdefault(at, &def);
    posix_spawnattr_setflags(at, POSIX_SPAWN_SETSIGDEF | (group ? POSIX_SPAWN_SETPGROUP : 0));
    if (group)
        posix_spawnattr_setpgroup(at, 0);
}

/* Run argv, stdout+stderr into the test log; returns the exit status. */
static int run(env *v, char *const argv[], const char *extra_env)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    if (v->log) {
        posix_spawn_file_actions_adddup2(&fa, fileno(v->log), 1);
        posix_spawn_file_actions_adddup2(&fa, fileno(v->log), 2);
    }
    char ownerenv[64];
    snprintf(ownerenv, sizeof ownerenv, "MCOA_NETNS_OWNER=%ld", v->netns_owner ? v->netns_owner : (long)getpid());
    size_t n = 0;
    while (environ[n])
        n++;
    char **envp = calloc(n + 3, sizeof *envp);
    if (!envp)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "MCOA_NETNS_OWNER=", 17))
            envp[k++] = environ[i];
    n = k;
    envp[n++] = ownerenv;
    if (extra_env)
        envp[n++] = (char *)extra_env;
    pid_t pid;
    posix_spawnattr_t at;
    spawn_attr(&at, 0);
    int rc = posix_spawn(&pid, argv[0], &fa, &at, argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    free(envp);
    if (rc != 0)
        return -1;
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int env_up(env *v, mc_err *e)
{
    char *argv[] = {v->netns_tool, "up", v->topo, "--id", v->id, NULL};
    fflush(v->log);
    if (run(v, argv, NULL) != 0) {
        mc_err_set(e, -1, "could not build topology %s (see the test log)", v->topo);
        return -1;
    }
    v->up = 1;
    v->d = malloc(sizeof *v->d);
    return v->d ? 0 : -1;
}

static void close_ep(env_ep *ep)
{
    if (ep->pc)
        pcap_close(ep->pc);
    if (ep->raw6)
        libnet_destroy(ep->raw6);
    if (ep->raw4)
        libnet_destroy(ep->raw4);
    memset(ep, 0, sizeof *ep);
}

static unsigned pixit_ms(const env *v, const char *key, unsigned dflt);
static void contract_env_free(env *v);

/* The IUT runs in its own process group (an --iut-cmd is `sh -c CMD`, whose
 * programs are the shell's children): SIGTERM goes to all of it, so that the
 * IUT itself, not only the shell, can remove what it made.  The test process
 * is a child subreaper (child() in mcoa-conform.c), so the IUT's processes
 * that outlive the shell are its children and are reaped here. */
static void signal_iut(env *v)
{
    if (v->iut_pid > 0)
        kill(-v->iut_pid, SIGTERM);
}

/* After signal_iut: waits for the IUT's group to be gone. */
static void wait_iut(env *v)
{
    if (v->iut_pid <= 0)
        return;
    pid_t g = v->iut_pid;
    /* the node removes its nft table and control socket on SIGTERM; give it
     * a bounded moment (PIXIT iut-stop-timeout, 1 s), then make sure.  Its
     * exit is looked for every 2 ms: most exits take 30 to 60 ms. */
    unsigned limit = pixit_ms(v, "iut-stop-timeout", 1000);
    for (unsigned i = 0; i < limit / 2; i++) {
        pid_t r;
        while ((r = waitpid(-g, NULL, WNOHANG)) > 0)
            ;
        if (r < 0 && errno == ECHILD && kill(-g, 0) < 0) {
            v->iut_pid = 0;
            return;
        }
        struct timespec ts = {0, 2 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    kill(-g, SIGKILL);
    while (waitpid(-g, NULL, 0) > 0)
        ;
    v->iut_pid = 0;
    v->dirty = 1; /* it could not clean up (nft table, addresses): the topology cannot be reused */
}

/* One test is over: the IUT stops, the endpoints and the record close.
 * The namespaces stay up (env_down removes them). */
void env_end_test(env *v)
{
    /* The verdict is given: the IUT is told to stop, and while it cleans up,
     * the tester's captures close (together: each close waits for the
     * kernel, see mc_pcap_close_all). */
    signal_iut(v);
    pcap_t *pcs[ENV_MAX_EPS];
    for (int i = 0; i < v->neps; i++) {
        pcs[i] = v->eps[i].pc;
        v->eps[i].pc = NULL;
        close_ep(&v->eps[i]);
    }
    mc_pcap_close_all(pcs, v->neps);
    v->neps = 0;
    wait_iut(v);
    if (v->iut_link[0]) {
        unlink(v->iut_link);
        v->iut_link[0] = 0;
    }
    contract_env_free(v);
    if (v->pcap) {
        mc_err e;
        mc_pcapw_close(v->pcap, &e);
        v->pcap = NULL;
    }
    if (v->marks) {
        fclose(v->marks);
        v->marks = NULL;
    }
}

static void ns_name(const env *v, const char *node, char *out, size_t cap);
static int enter_ns(const char *ns, int *back);
static void leave_ns(int back);

/* Between two tests in the same namespaces: what a test may have changed in
 * the testers' kernels goes back (interfaces the topology leaves down come
 * down again; neighbour caches are flushed, so no test inherits where an
 * address was).  Done here over rtnetlink (nsreset.c), not by an `ip`
 * process per namespace: the mutation run does it before every test.
 * Returns -1 if the namespaces cannot be reused. */
int env_reset(env *v)
{
    if (v->dirty || !v->up)
        return -1;
    FILE *f = fopen(v->topo, "r");
    if (!f)
        return -1;
    char line[512], kw[32], a[128];
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        if (sscanf(line, "%31s %127s", kw, a) != 2)
            continue;
        char node[64], ifname[64], ns[200];
        int down = !strcmp(kw, "down") && sscanf(a, "%63[^:]:%63s", node, ifname) == 2;
        if (!down && strcmp(kw, "node") && strcmp(kw, "router"))
            continue;
        ns_name(v, down ? node : a, ns, sizeof ns);
        int back = -1;
        if (enter_ns(ns, &back) < 0) {
            if (back >= 0)
                leave_ns(back);
            rc = -1;
            break;
        }
        rc = down ? nsr_link_down(ifname) : nsr_neigh_flush();
        if (rc < 0 && v->log)
            fprintf(v->log, "reset of namespace %s: %s%s: %s\n", ns, down ? "setting down " : "flushing neighbours",
                    down ? ifname : "", strerror(errno));
        leave_ns(back);
    }
    fclose(f);
    if (rc == 0 && v->unguarded) {
        char *gargv[] = {v->netns_tool, "guard", "--id", v->id, v->role, "on", NULL};
        if (run(v, gargv, NULL) != 0)
            return -1;
        v->unguarded = 0;
    }
    return rc;
}

void env_down(env *v)
{
    env_end_test(v);
    if (v->up) {
        char *argv[] = {v->netns_tool, "down", "--id", v->id, NULL};
        run(v, argv, NULL);
        v->up = 0;
    }
    free(v->d);
    v->d = NULL;
}

static void ns_name(const env *v, const char *node, char *out, size_t cap)
{
    snprintf(out, cap, "mc%s-%s", v->id, node);
}

/* Enter a namespace for the duration of creating sockets there: a socket
 * stays in the namespace it was made in. */
static int enter_ns(const char *ns, int *back)
{
    char p[300];
    snprintf(p, sizeof p, "/var/run/netns/%s", ns);
    int fd = open(p, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    *back = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    int rc = setns(fd, CLONE_NEWNET);
    close(fd);
    return rc;
}

static void leave_ns(int back)
{
    if (back >= 0) {
        setns(back, CLONE_NEWNET);
        close(back);
    }
}

/* Open endpoint `name` into *ep (its capture, in its namespace); touches
 * nothing else of v, so that several can open at once (env_open_endpoints).
 * 0, or -1 with the reason. */
static int ep_open(const env *v, const char *name, env_ep *ep, mc_err *e)
{
    char node[48], ifname[48], ns[128];
    const char *dot = strchr(name, '.');
    snprintf(node, sizeof node, "%.*s", (int)(dot - name), name);
    snprintf(ifname, sizeof ifname, "%s", dot + 1);
    ns_name(v, node, ns, sizeof ns);
    int back = -1;
    if (enter_ns(ns, &back) < 0) {
        mc_err_set(e, -1, "endpoint %s: no namespace %s in topology %s", name, ns, v->topo);
        return -1;
    }
    /* a tester interface the topology left down (e.g. the home link of the
     * mobile node) comes up when a test uses it */
    if (nsr_link_up(ifname, 2000) < 0) {
        leave_ns(back);
        mc_err_set(e, -1, "endpoint %s: interface %s in %s is not running 2000 ms after it was set up (no carrier?)",
                   name, ifname, ns);
        return -1;
    }
    memset(ep, 0, sizeof *ep);
    snprintf(ep->name, sizeof ep->name, "%s", name);
    char errbuf[PCAP_ERRBUF_SIZE > LIBNET_ERRBUF_SIZE ? PCAP_ERRBUF_SIZE : LIBNET_ERRBUF_SIZE] = "";
    ep->pc = pcap_create(ifname, errbuf);
    int ok = ep->pc && pcap_set_snaplen(ep->pc, 65535) == 0 && pcap_set_immediate_mode(ep->pc, 1) == 0 &&
             pcap_activate(ep->pc) >= 0 && pcap_setnonblock(ep->pc, 1, errbuf) == 0;
    if (ok) {
        ep->fd = pcap_get_selectable_fd(ep->pc);
        ep->linktype = pcap_datalink(ep->pc) == DLT_EN10MB ? MC_LINKTYPE_ETHERNET : pcap_datalink(ep->pc);
        mc_fd_cloexec(ep->pc, NULL);
        snprintf(ep->ns, sizeof ep->ns, "%s", ns);
        snprintf(ep->ifname, sizeof ep->ifname, "%s", ifname);
    }
    leave_ns(back);
    if (!ok) {
        mc_err_set(e, -1, "endpoint %s: %s", name, ep->pc && !errbuf[0] ? pcap_geterr(ep->pc) : errbuf);
        close_ep(ep);
        return -1;
    }
    return 0;
}

env_ep *env_endpoint(env *v, const char *name, mc_err *e)
{
    for (int i = 0; i < v->neps; i++)
        if (!strcmp(v->eps[i].name, name))
            return &v->eps[i];
    if (v->neps >= ENV_MAX_EPS) {
        mc_err_set(e, -1, "too many endpoints");
        return NULL;
    }
    if (ep_open(v, name, &v->eps[v->neps], e) < 0)
        return NULL;
    return &v->eps[v->neps++];
}

struct ep_job {
    const env *v;
    const char *name;
    env_ep ep;
    int ok;
};

static void *ep_job_run(void *p)
{
    struct ep_job *j = p;
    mc_err e = {0};
    j->ok = ep_open(j->v, j->name, &j->ep, &e) == 0;
    return NULL;
}

void env_open_endpoints(env *v, const char *const *names, int n)
{
    struct ep_job jobs[ENV_MAX_EPS];
    pthread_t th[ENV_MAX_EPS];
    int nj = 0;
    for (int i = 0; i < n && nj < ENV_MAX_EPS - v->neps; i++) {
        int known = 0;
        for (int k = 0; k < v->neps && !known; k++)
            known = !strcmp(v->eps[k].name, names[i]);
        for (int k = 0; k < nj && !known; k++)
            known = !strcmp(jobs[k].name, names[i]);
        if (known)
            continue;
        memset(&jobs[nj], 0, sizeof jobs[nj]);
        jobs[nj].v = v;
        jobs[nj].name = names[i];
        if (pthread_create(&th[nj], NULL, ep_job_run, &jobs[nj]) != 0)
            break;
        nj++;
    }
    for (int k = 0; k < nj; k++) {
        pthread_join(th[k], NULL);
        if (jobs[k].ok)
            v->eps[v->neps++] = jobs[k].ep;
    }
}

/* One frame into the test's record: the pcap, and a marks line "N
 * stimulus|observed ENDPOINT T_MS", T_MS the capture time in ms from the
 * start of the steps (v->steps_t0, wall clock like the capture's). */
static void record(env *v, const uint8_t *frame, size_t len, const char *mark, const char *where,
                   const struct timeval *ts)
{
    mc_err e;
    if (v->pcap && mc_pcapw_write(v->pcap, frame, len, &e) == 0) {
        v->frames++;
        if (v->marks && v->steps_t0 > 0)
            fprintf(v->marks, "%llu %s %s %.3f\n", (unsigned long long)v->frames, mark, where,
                    ((double)ts->tv_sec + (double)ts->tv_usec / 1e6 - v->steps_t0) * 1e3);
        else if (v->marks)
            fprintf(v->marks, "%llu %s %s\n", (unsigned long long)v->frames, mark, where);
    }
}

/* The endpoint's raw IPv6 (v4 = 0) or IPv4 socket, created on first use
 * in the endpoint's namespace and bound to its interface. */
static void *ep_raw(env_ep *ep, int v4, mc_err *e)
{
    void **slot = v4 ? &ep->raw4 : &ep->raw6;
    if (*slot)
        return *slot;
    char errbuf[LIBNET_ERRBUF_SIZE] = "";
    int back = -1;
    if (enter_ns(ep->ns, &back) < 0) {
        mc_err_set(e, -1, "send on %s: namespace %s is gone", ep->name, ep->ns);
        return NULL;
    }
    *slot = libnet_init(v4 ? LIBNET_RAW4_ADV : LIBNET_RAW6_ADV, ep->ifname, errbuf);
    leave_ns(back);
    if (!*slot)
        mc_err_set(e, -1, "send on %s: raw IPv%c socket: %s", ep->name, v4 ? '4' : '6', errbuf);
    mc_fd_cloexec(NULL, *slot);
    return *slot;
}

int env_send(env *v, env_ep *ep, mc_pkt *p, mc_err *e)
{
    static uint8_t frame[MC_FRAME_MAX];
    size_t n;
    if (mc_build(p, frame, sizeof frame, &n, e) < 0)
        return -1;
    int rc;
    if (p->nlayers && p->l[0].kind == MC_LK_ETH) {
        rc = pcap_inject(ep->pc, frame, n) == (int)n ? 0 : -1;
        if (rc < 0)
            mc_err_set(e, -1, "send on %s failed: %s", ep->name, pcap_geterr(ep->pc));
    } else {
        int v4 = p->nlayers && p->l[0].kind == MC_LK_IPV4;
        libnet_t *l = ep_raw(ep, v4, e);
        if (!l)
            return -1;
        rc = (v4 ? libnet_adv_write_raw_ipv4(l, frame, (uint32_t)n) : libnet_write_raw_ipv6(l, frame, (uint32_t)n)) ==
                     (int)n ? 0 : -1;
        if (rc < 0)
            mc_err_set(e, -1, "send on %s failed: %s", ep->name, libnet_geterror(l));
    }
    if (rc < 0)
        return -1;
    if (v->nsent < ENV_MAX_SENT) {
        size_t k = n < 64 ? n : 64;
        memcpy(v->sent[v->nsent], frame, k);
        v->sentlen[v->nsent++] = k;
    }
    return 0;
}

/* Is this captured frame one we sent (seen leaving on the endpoint)? */
static int is_stimulus(const env *v, const uint8_t *frame, size_t len, int linktype)
{
    size_t off = linktype == MC_LINKTYPE_ETHERNET ? 14 : 0;
    for (int i = 0; i < v->nsent; i++) {
        size_t k = v->sentlen[i];
        if (len >= k && !memcmp(frame, v->sent[i], k))
            return 1; /* sent with its own link header */
        if (len >= off + k && !memcmp(frame + off, v->sent[i], k))
            return 1;
    }
    return 0;
}

int env_wait(env *v, env_ep *ep, unsigned timeout_ms, int (*match)(void *, const mc_dissection *), void *ctx,
             mc_outbuf *seen, mc_err *e)
{
    uint64_t deadline = now_ms() + timeout_ms;
    static char text[8192];
    for (;;) {
        struct pcap_pkthdr *h;
        const u_char *data;
        int r;
        while ((r = pcap_next_ex(ep->pc, &h, &data)) == 1) {
            if (is_stimulus(v, data, h->caplen, ep->linktype)) {
                record(v, data, h->caplen, "stimulus", ep->name, &h->ts);
                continue;
            }
            record(v, data, h->caplen, "observed", ep->name, &h->ts);
            mc_dissect(data, h->caplen, h->len, ep->linktype, v->d);
            if (seen && mc_expr_print(&v->d->pkt, text, sizeof text) >= 0) {
                mc_out_str(seen, "\n    ");
                mc_out_str(seen, text);
            }
            if (match && match(ctx, v->d))
                return 1;
        }
        if (r < 0) {
            mc_err_set(e, -1, "capture on %s: %s", ep->name, pcap_geterr(ep->pc));
            return -1;
        }
        uint64_t now = now_ms();
        if (now >= deadline)
            return 0;
        struct pollfd pf = {ep->fd, POLLIN, 0};
        poll(&pf, 1, (int)(deadline - now));
    }
}

/* ---- the IUT ---------------------------------------------------------------- */
/* The external-IUT contract (harness/IUT.md): every command of the IUT's
 * (its start command, iut-ready, state, action.NAME) runs under /bin/sh -c
 * with the arguments as $1..., in its own process group, within a time
 * limit, with this environment. */
static int contract_env(env *v)
{
    const char *path = getenv("PATH") ? getenv("PATH") : "/usr/sbin:/usr/bin:/sbin:/bin";
    char ns[128];
    ns_name(v, v->role, ns, sizeof ns);
    char *set[] = {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    int k = 0;
    if (asprintf(&set[k++], "PATH=%s:%s", v->bindir, path) < 0 ||
        asprintf(&set[k++], "MCOA_ROLE=%s", v->role) < 0 || asprintf(&set[k++], "MCOA_TEST=%s", v->test) < 0 ||
        asprintf(&set[k++], "MCOA_CONFIGURATION=%s", v->configuration) < 0 ||
        asprintf(&set[k++], "MCOA_IUT_DIR=%s", v->iut_link[0] ? v->iut_link : v->iut_dir) < 0 ||
        asprintf(&set[k++], "MCOA_PIXIT=%s", v->pixit_path) < 0 ||
        asprintf(&set[k++], "MCOA_BINDIR=%s", v->bindir) < 0 ||
        asprintf(&set[k++], "MCOA_NETNS=%s", v->iut == IUT_IFACE ? "" : ns) < 0)
        return -1;
    size_t n = 0;
    while (environ[n])
        n++;
    v->iut_env = calloc(n + (size_t)k + 1, sizeof *v->iut_env);
    if (!v->iut_env)
        return -1;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "PATH=", 5) && strncmp(environ[i], "MCOA_", 5))
            v->iut_env[m++] = environ[i];
    for (int i = 0; i < k; i++)
        v->iut_env[m++] = set[i];
    v->iut_env_own = k;
    return 0;
}

static void contract_env_free(env *v)
{
    if (!v->iut_env)
        return;
    size_t n = 0;
    while (v->iut_env[n])
        n++;
    for (size_t i = n - (size_t)v->iut_env_own; i < n; i++)
        free(v->iut_env[i]);
    free(v->iut_env);
    v->iut_env = NULL;
}

static unsigned pixit_ms(const env *v, const char *key, unsigned dflt)
{
    const char *s = pixit_get(v->px, key);
    char *end;
    unsigned long x = s ? strtoul(s, &end, 10) : 0;
    return s && *s && !*end && x > 0 && x < 600000 ? (unsigned)x : dflt;
}

/* Kill a process group and reap its leader. */
static void kill_group(pid_t pid)
{
    kill(-pid, SIGKILL);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
}

/* Run one IUT command: `sh -c CMD NAME ARGS...`; its standard output into
 * `out` (if not NULL), its standard error into the test log.  Returns its
 * exit status, -1 (e set) if it could not run, was killed, or ran past
 * limit_ms (then its whole process group is killed). */
static int iut_shell(env *v, const char *cmd, const char *name, char *const *args, int nargs, mc_outbuf *out,
                     unsigned limit_ms, mc_err *e)
{
    char *argv[40];
    int n = 0;
    argv[n++] = "/bin/sh";
    argv[n++] = "-c";
    argv[n++] = (char *)cmd;
    argv[n++] = (char *)name;
    for (int i = 0; i < nargs && n < 39; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    int pipefd[2];
    if (pipe2(pipefd, O_CLOEXEC) < 0) {
        mc_err_set(e, -1, "%s: pipe: %s", name, strerror(errno));
        return -1;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
    if (v->log)
        posix_spawn_file_actions_adddup2(&fa, fileno(v->log), 2);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawnattr_t at;
    spawn_attr(&at, 1);
    fflush(v->log);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, &at, argv, v->iut_env ? v->iut_env : environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    close(pipefd[1]);
    if (rc != 0) {
        close(pipefd[0]);
        mc_err_set(e, -1, "%s: cannot run /bin/sh: %s", name, strerror(rc));
        return -1;
    }
    uint64_t deadline = now_ms() + limit_ms;
    char buf[4096];
    for (;;) {
        uint64_t now = now_ms();
        if (now >= deadline) {
            close(pipefd[0]);
            kill_group(pid);
            mc_err_set(e, -1, "%s did not finish within %u ms (PIXIT iut-command-timeout): killed: %s", name,
                       limit_ms, cmd);
            return -1;
        }
        struct pollfd pf = {pipefd[0], POLLIN, 0};
        if (poll(&pf, 1, (int)(deadline - now)) <= 0)
            continue;
        ssize_t k = read(pipefd[0], buf, sizeof buf);
        if (k <= 0)
            break;
        if (out)
            mc_out_mem(out, buf, (size_t)k);
    }
    close(pipefd[0]);
    int st;
    /* its output is closed: it is ending (or left something holding none) */
    for (;;) {
        pid_t r = waitpid(pid, &st, WNOHANG);
        if (r == pid)
            break;
        if (r < 0 && errno != EINTR) {
            mc_err_set(e, -1, "%s: %s", name, strerror(errno));
            return -1;
        }
        if (now_ms() >= deadline) {
            kill_group(pid);
            mc_err_set(e, -1, "%s did not exit within %u ms (PIXIT iut-command-timeout): killed: %s", name, limit_ms,
                       cmd);
            return -1;
        }
        struct timespec ts = {0, 2 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    kill(-pid, SIGKILL); /* what it started in the background does not outlive it */
    if (!WIFEXITED(st)) {
        mc_err_set(e, -1, "%s was killed by signal %d: %s", name, WTERMSIG(st), cmd);
        return -1;
    }
    return WEXITSTATUS(st);
}

/* Remove a directory tree (the previous IUT's state directory). */
static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(p);
}

/* The PIXIT as the runner uses it, includes resolved: one `key = value`
 * a line, for the IUT's commands ($MCOA_PIXIT). */
static int write_pixit(env *v, mc_err *e)
{
    FILE *f = fopen(v->pixit_path, "w");
    if (!f) {
        mc_err_set(e, -1, "%s: %s", v->pixit_path, strerror(errno));
        return -1;
    }
    for (int i = 0; i < v->px->n; i++)
        fprintf(f, "%s = %s\n", v->px->key[i], v->px->val[i]);
    return fclose(f) == 0 ? 0 : -1;
}

static int iut_ready(env *v, mc_err *e)
{
    unsigned limit = pixit_ms(v, "iut-ready-timeout", 3000);
    uint64_t started = now_ms(), deadline = started + limit;
    const char *ready = pixit_get(v->px, "iut-ready");
    while (now_ms() < deadline) {
        int st;
        if (v->iut_pid > 0 && waitpid(v->iut_pid, &st, WNOHANG) == v->iut_pid) {
            v->iut_pid = 0;
            int code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
            if (code == MC_IUT_UNSUPPORTED) {
                mc_err_set(e, -1, "the IUT's start command exited 77: it does not support %s%s",
                           v->configuration[0] ? "configuration " : "this test",
                           v->configuration[0] ? v->configuration : "");
                return -2;
            }
            mc_err_set(e, -1, "the IUT exited at once (status %d): see the test log", code);
            return -1;
        }
        if (v->iut == IUT_REFERENCE) {
            FILE *null = fopen("/dev/null", "w");
            mc_err ce;
            int rc = mc_ctl_request(v->iut_ctl, "ping", null, &ce);
            fclose(null);
            if (rc == 0)
                return 0;
        } else if (ready) {
            mc_err ce = {0};
            if (iut_shell(v, ready, "iut-ready", NULL, 0, NULL, (unsigned)(deadline - now_ms()) + 1, &ce) == 0)
                return 0;
        } else if (v->iut == IUT_IFACE || now_ms() >= started + 200) {
            /* nothing to wait on: the IUT is assumed ready, once a command
             * that exits at once (a daemon that forks away, a typo) had
             * 200 ms to show it */
            return 0;
        }
        /* poll the readiness probe: the reference node's control socket is
         * a connect() away (it is up 20 to 40 ms after the start); a
         * vendor's iut-ready is a command */
        struct timespec ts = {0, (v->iut == IUT_REFERENCE ? 3 : 20) * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    mc_err_set(e, -1, "the IUT did not become ready within %u ms (PIXIT iut-ready%s)", limit,
               ready ? "" : " is not set");
    return -1;
}

/* The command that starts an external IUT for this test: iut-cmd.NAME for
 * the test's configuration, else --iut-cmd (or the PIXIT's iut-cmd). */
static const char *start_command(const env *v, int *configured)
{
    char key[96];
    snprintf(key, sizeof key, "iut-cmd.%s", v->configuration);
    const char *c = v->configuration[0] ? pixit_get(v->px, key) : NULL;
    *configured = c != NULL;
    return c ? c : v->iut_arg;
}

/* The IUT is up: put it in the test's configuration through action.configure
 * unless its start command did. */
static int configure(env *v, int configured, mc_err *e)
{
    if (!v->configuration[0] || configured || v->iut == IUT_REFERENCE)
        return 0;
    mc_outbuf o;
    mc_out_init(&o, NULL);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "configure %s", v->configuration);
    int rc = env_iut_command(v, cmd, &o, e);
    env_log(v, "  configure %s -> %s", v->configuration, o.buf ? o.buf : "");
    mc_out_free(&o);
    return rc;
}

/* The reference node listens on $MCOA_IUT_DIR/ctl.sock (an adapter may
 * too), and a Unix socket's path must fit sun_path (107 bytes): a long
 * --output and test id and fault name would not.  Then $MCOA_IUT_DIR is a
 * short symbolic link to the test's iut/ folder (/tmp/mcoa-iut-PID-N,
 * removed in env_end_test), so that the files stay in the test's record.
 * 0, or -1 with the reason. */
static int short_iut_dir(env *v, mc_err *e)
{
    static unsigned n;
    size_t sun_max = sizeof ((struct sockaddr_un *)0)->sun_path - 1;
    v->iut_link[0] = 0;
    if (strlen(v->iut_dir) + strlen("/ctl.sock") <= sun_max)
        return 0;
    for (int tries = 0; tries < 100; tries++) {
        snprintf(v->iut_link, sizeof v->iut_link, "/tmp/mcoa-iut-%ld-%u", (long)getpid(), n++);
        if (symlink(v->iut_dir, v->iut_link) == 0) {
            env_log(v, "IUT directory %s (%zu bytes, too long for a socket path there) is $MCOA_IUT_DIR = %s",
                    v->iut_dir, strlen(v->iut_dir), v->iut_link);
            return 0;
        }
        if (errno != EEXIST)
            break;
    }
    mc_err_set(e, -1, "IUT directory %s is too long for a socket path there (%zu bytes, at most %zu), and no "
                      "shorter link to it could be made (%s: %s)",
               v->iut_dir, strlen(v->iut_dir) + strlen("/ctl.sock"), sun_max, v->iut_link, strerror(errno));
    v->iut_link[0] = 0;
    return -1;
}

int env_start_iut(env *v, const char *const *faults, int nfaults, mc_err *e)
{
    char ns[128], prog[600];
    ns_name(v, v->role, ns, sizeof ns);
    /* a fresh state directory for every start: nothing the previous test's
     * IUT left can make this one look ready */
    snprintf(v->iut_dir, sizeof v->iut_dir, "%s/iut", v->dir);
    snprintf(v->pixit_path, sizeof v->pixit_path, "%s/pixit.txt", v->dir);
    nftw(v->iut_dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    if (mkdir(v->iut_dir, 0755) < 0 || short_iut_dir(v, e) < 0 || write_pixit(v, e) < 0 || contract_env(v) < 0) {
        if (!e->msg[0])
            mc_err_set(e, -1, "%s: %s", v->iut_dir, strerror(errno));
        return -1;
    }
    if (v->iut == IUT_IFACE) {
        /* a box on a real interface: put the interface where the IUT's
         * link is in the topology (PIXIT key attach = NODE:BRIDGE) */
        const char *at = pixit_get(v->px, "attach");
        char node[48] = "", br[48] = "";
        if (!at || sscanf(at, "%47[^:]:%47s", node, br) != 2) {
            mc_err_set(e, -1, "--iut-iface needs the PIXIT key attach = NODE:BRIDGE");
            return -1;
        }
        /* mcoa-netns records the interface with the run and moves it back
         * to the root namespace before the run's namespaces are deleted
         * (a veth in a deleted namespace is destroyed with its peer), also
         * when the runner is killed and a later run collects the leftovers.
         * The IUT role's own node in the topology stands aside: its links
         * go down, or it would answer for the IUT's addresses. */
        char *argv[] = {v->netns_tool, "attach", "--id", v->id, (char *)v->iut_arg, (char *)at, "--replace",
                        v->role, NULL};
        if (run(v, argv, NULL) != 0) {
            mc_err_set(e, -1, "could not attach interface %s to %s (see the test log)", v->iut_arg, at);
            return -1;
        }
        int rc = iut_ready(v, e);
        return rc < 0 ? rc : configure(v, 0, e);
    }
    snprintf(v->iut_ctl, sizeof v->iut_ctl, "%s/ctl.sock", v->iut_link[0] ? v->iut_link : v->iut_dir);
    char *argv[40];
    int n = 0, configured = 0;
    argv[n++] = "/usr/bin/env";
    argv[n++] = "ip";
    argv[n++] = "netns";
    argv[n++] = "exec";
    argv[n++] = ns;
    if (v->iut == IUT_REFERENCE) {
        /* the reference node's start command is the contract's too: its
         * configuration from the PIXIT's ref.ROLE.* keys */
        snprintf(prog, sizeof prog, "%s/mcoa-iut-reference", v->bindir);
        argv[n++] = prog;
        for (int i = 0; i < nfaults && n < 36; i++) {
            argv[n++] = "--fault";
            argv[n++] = (char *)faults[i];
        }
    } else {
        /* the topology guards every node's kernel against Mobility Header
         * traffic (a tester's kernel must not answer it); an external IUT's
         * kernel may be the very stack under test: its guard goes unless
         * the PIXIT asks for it (iut-guard = yes, a userspace IUT that
         * receives with pcap), and comes back in env_reset */
        const char *g = pixit_get(v->px, "iut-guard");
        if (!g || strcmp(g, "yes")) {
            char *gargv[] = {v->netns_tool, "guard", "--id", v->id, v->role, "off", NULL};
            if (run(v, gargv, NULL) != 0) {
                mc_err_set(e, -1, "could not take the guard from the IUT's namespace (see the test log)");
                return -1;
            }
            v->unguarded = 1;
        }
        argv[n++] = "/bin/sh";
        argv[n++] = "-c";
        argv[n++] = (char *)start_command(v, &configured);
        env_log(v, "IUT start command%s: %s", configured ? " (PIXIT iut-cmd for the configuration)" : "", argv[n - 1]);
    }
    argv[n] = NULL;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    if (v->log) {
        posix_spawn_file_actions_adddup2(&fa, fileno(v->log), 1);
        posix_spawn_file_actions_adddup2(&fa, fileno(v->log), 2);
    }
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawnattr_t at;
    spawn_attr(&at, 1); /* its own group: signal_iut signals all of it */
    fflush(v->log);
    int rc = posix_spawn(&v->iut_pid, argv[0], &fa, &at, argv, v->iut_env);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    if (rc != 0) {
        mc_err_set(e, -1, "could not start the IUT: %s", strerror(rc));
        v->iut_pid = 0;
        return -1;
    }
    rc = iut_ready(v, e);
    return rc < 0 ? rc : configure(v, configured, e);
}

int env_iut_exited(env *v, int *status)
{
    int st;
    if (v->iut == IUT_IFACE || v->iut_pid <= 0 || waitpid(v->iut_pid, &st, WNOHANG) != v->iut_pid)
        return 0;
    /* the leader is reaped; v->iut_pid stays the group signal_iut signals */
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return 1;
}

int env_iut_alive(env *v, mc_err *e)
{
    unsigned limit = pixit_ms(v, "iut-alive-timeout", 2000);
    if (v->iut == IUT_REFERENCE) {
        FILE *null = fopen("/dev/null", "w");
        if (!null)
            return -1;
        int rc = mc_ctl_request_within(v->iut_ctl, "ping", null, limit, e);
        fclose(null);
        return rc == 0;
    }
    /* a command of its own: a PIXIT's iut-ready may do more than probe
     * (restart a box on a real interface for the next test) */
    const char *alive = pixit_get(v->px, "iut-alive");
    if (!alive)
        return -1;
    int rc = iut_shell(v, alive, "iut-alive", NULL, 0, NULL, limit, e);
    if (rc != 0 && !e->msg[0])
        mc_err_set(e, -1, "iut-alive exited %d", rc);
    return rc == 0;
}

int env_have_management(const env *v)
{
    return v->iut == IUT_REFERENCE || pixit_get(v->px, "state") != NULL;
}

int env_iut_command(env *v, const char *cmd, mc_outbuf *out, mc_err *e)
{
    if (v->iut == IUT_REFERENCE) {
        char *buf = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&buf, &len);
        if (!m)
            return -1;
        int rc = mc_ctl_request(v->iut_ctl, cmd, m, e);
        fclose(m);
        if (buf)
            mc_out_mem(out, buf, len);
        if (rc == 0 && buf && strstr(buf, "{\"error\"")) {
            mc_err_set(e, -1, "%.300s", buf);
            rc = -1;
        }
        free(buf);
        return rc;
    }
    /* PIXIT "state" or "action.<first word>", the other words as $1... */
    char words[2048], *args[32], key[64];
    snprintf(words, sizeof words, "%s", cmd);
    int nargs = 0;
    char *save = NULL, *name = strtok_r(words, " \t", &save);
    if (!name) {
        mc_err_set(e, -1, "empty IUT command");
        return -1;
    }
    for (char *w; nargs < 32 && (w = strtok_r(NULL, " \t", &save));)
        args[nargs++] = w;
    int state = !strcmp(name, "state");
    snprintf(key, sizeof key, state ? "%s" : "action.%s", name);
    const char *sh = pixit_get(v->px, key);
    if (!sh) {
        mc_err_set(e, -1, "the PIXIT has no %s for this IUT", key);
        return -2;
    }
    int rc = iut_shell(v, sh, key, args, nargs, out, pixit_ms(v, "iut-command-timeout", 5000), e);
    if (rc == MC_IUT_UNSUPPORTED) {
        mc_err_set(e, -1, "%s exited 77: the IUT does not support '%s'", key, cmd);
        return -2;
    }
    if (rc != 0 && rc != -1)
        mc_err_set(e, -1, "%s exited %d: %s", key, rc, sh);
    return rc == 0 ? 0 : -1;
}
