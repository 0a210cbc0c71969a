/*
 * paths.c - where mcoa-conform finds its data and helper programs (paths.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"

/* Set by CMake: the install locations relative to the program's directory,
 * and absolute (the last resort, for a program copied away on its own). */
#ifndef MCOA_REL_DATADIR
#define MCOA_REL_DATADIR "../share/mcoa-conform"
#endif
#ifndef MCOA_REL_LIBEXECDIR
#define MCOA_REL_LIBEXECDIR "../libexec/mcoa-conform"
#endif
#ifndef MCOA_INSTALL_DATADIR
#define MCOA_INSTALL_DATADIR "/usr/local/share/mcoa-conform"
#endif
#ifndef MCOA_INSTALL_LIBEXECDIR
#define MCOA_INSTALL_LIBEXECDIR "/usr/local/libexec/mcoa-conform"
#endif

#define PATH_CAP 512

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* `dir`/`rel` into out, with "." and ".." of `rel` resolved lexically
 * against `dir`, so that messages show a clean path. */
static void join(char *out, const char *dir, const char *rel)
{
    char buf[PATH_CAP];
    snprintf(buf, sizeof buf, "%s", dir);
    while (*rel) {
        const char *end = strchr(rel, '/');
        size_t n = end ? (size_t)(end - rel) : strlen(rel);
        char *slash = strrchr(buf, '/');
        if (n == 2 && !strncmp(rel, "..", 2) && buf[0] == '/' && strcmp(slash + 1, "..")) {
            if (slash != buf)
                *slash = 0;
            else
                buf[1] = 0;
        } else if (n && !(n == 1 && rel[0] == '.')) {
            size_t len = strlen(buf);
            if (len + 1 + n < sizeof buf) {
                if (len && buf[len - 1] != '/')
                    buf[len++] = '/';
                memcpy(buf + len, rel, n);
                buf[len + n] = 0;
            }
        }
        rel += n + (end != NULL);
    }
    snprintf(out, PATH_CAP, "%s", buf);
}

const char *mc_path_bindir(void)
{
    static char dir[PATH_CAP];
    if (!dir[0]) {
        ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
        dir[n > 0 ? n : 0] = 0;
        char *slash = strrchr(dir, '/');
        if (slash && slash != dir)
            *slash = 0;
        else
            snprintf(dir, sizeof dir, ".");
    }
    return dir;
}

const char *mc_path_datadir(void)
{
    static char dir[PATH_CAP];
    if (!dir[0]) {
        const char *env = getenv("MCOA_DATADIR");
        if (env && *env)
            snprintf(dir, sizeof dir, "%s", env);
        else {
            join(dir, mc_path_bindir(), MCOA_REL_DATADIR);
            if (!is_dir(dir))
                snprintf(dir, sizeof dir, "%s", MCOA_INSTALL_DATADIR);
        }
    }
    return dir;
}

static const char *under_datadir(char *buf, const char *sub)
{
    if (!buf[0])
        join(buf, mc_path_datadir(), sub);
    return buf;
}

const char *mc_path_testcases(void)
{
    static char dir[PATH_CAP];
    const char *env = getenv("MCOA_TESTCASES");
    if (!dir[0] && env && *env)
        snprintf(dir, sizeof dir, "%s", env);
    return under_datadir(dir, "testcases");
}

const char *mc_path_topodir(void)
{
    static char dir[PATH_CAP];
    return under_datadir(dir, "topologies");
}

const char *mc_path_adapters(void)
{
    static char dir[PATH_CAP];
    return under_datadir(dir, "adapters");
}

const char *mc_path_netns_tool(void)
{
    static char tool[PATH_CAP];
    if (!tool[0]) {
        char dir[PATH_CAP];
        const char *env = getenv("MCOA_LIBEXECDIR");
        if (env && *env)
            snprintf(dir, sizeof dir, "%s", env);
        else {
            join(dir, mc_path_bindir(), MCOA_REL_LIBEXECDIR);
            if (!is_dir(dir))
                snprintf(dir, sizeof dir, "%s", MCOA_INSTALL_LIBEXECDIR);
        }
        join(tool, dir, "mcoa-netns");
    }
    return tool;
}
