/*
 * write.c - mc_report_write: every format into the report directory.
 * With each test's page (mc_test_result.page) and, given a baseline,
 * diff.json.  Each file is written under a temporary name and renamed into place, so
 * a reader (a CI server picking up junit.xml, a browser on index.html)
 * never sees a half-written report, and a failed run leaves the previous
 * report intact.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "report_util.h"

static const struct {
    const char *name;
    void (*write)(FILE *, const mc_run *);
} outputs[] = {
    {"junit.xml", mc_report_junit},
    {"results.tap", mc_report_tap},
    {"results.json", mc_report_json},
    {"index.html", mc_report_html},
};

static int fail(char *errbuf, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    if (errbuf && errlen) {
        va_start(ap, fmt);
        vsnprintf(errbuf, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* Writes `path` (under dir) as .NAME.tmp beside it, then renames it. */
static int write_file(const char *dir, const char *rel, void (*emit)(FILE *, const void *), const void *arg,
                      char *errbuf, size_t errlen)
{
    char path[4096], tmp[4096];
    const char *slash = strrchr(rel, '/');
    FILE *f;
    int bad;

    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, rel) >= sizeof path ||
        (size_t)snprintf(tmp, sizeof tmp, "%s/%.*s.%s.tmp", dir, slash ? (int)(slash - rel + 1) : 0, rel,
                         slash ? slash + 1 : rel) >= sizeof tmp)
        return fail(errbuf, errlen, "%s/%s: path too long", dir, rel);
    f = fopen(tmp, "w");
    if (!f)
        return fail(errbuf, errlen, "%s: %s", tmp, strerror(errno));
    emit(f, arg);
    bad = ferror(f);
    if (fclose(f) != 0 || bad) { /* a full disk shows up here, not in fprintf */
        int e = bad ? EIO : errno;
        remove(tmp);
        return fail(errbuf, errlen, "%s: %s", tmp, strerror(e));
    }
    if (rename(tmp, path) != 0) {
        int e = errno;
        remove(tmp);
        return fail(errbuf, errlen, "%s: %s", path, strerror(e));
    }
    return 0;
}

static const mc_run *g_run; /* the run being written, for the callbacks below */

static void write_format(FILE *f, const void *k)
{
    outputs[*(const size_t *)k].write(f, g_run);
}

/* A test's page links back with as many "../" as its path has '/'. */
static void write_page(FILE *f, const void *arg)
{
    const mc_test_result *t = arg;
    char up[256] = "";
    size_t n = 0;
    for (const char *p = t->page; *p; p++)
        if (*p == '/' && n + 3 < sizeof up) {
            memcpy(up + n, "../", 4);
            n += 3;
        }
    mc_report_test_page(f, g_run, t, up);
}

static void write_diff(FILE *f, const void *arg)
{
    const mc_diff *d = arg;
    mc_diff_json(f, d, g_run->baseline_path, g_run->dir);
}

int mc_report_write(const char *dir, const mc_run *run_in, char *errbuf, size_t errlen)
{
    mc_run run;
    int rc = 0;

    if (!dir || !run_in)
        return fail(errbuf, errlen, "mc_report_write: no %s", dir ? "run" : "directory");
    run = *run_in;
    run.dir = dir; /* the writers read the artefacts from here */
    g_run = &run;
    for (size_t k = 0; rc == 0 && k < sizeof outputs / sizeof outputs[0]; k++)
        rc = write_file(dir, outputs[k].name, write_format, &k, errbuf, errlen);
    for (size_t i = 0; rc == 0 && i < run.ntests; i++)
        if (rp_has(run.tests[i].page))
            rc = write_file(dir, run.tests[i].page, write_page, &run.tests[i], errbuf, errlen);
    if (rc == 0 && run.baseline) {
        mc_diff d;
        if (mc_diff_runs(run.baseline, &run, &d) < 0)
            rc = fail(errbuf, errlen, "diff.json: out of memory");
        else
            rc = write_file(dir, "diff.json", write_diff, &d, errbuf, errlen);
        mc_diff_free(&d);
    }
    g_run = NULL;
    return rc;
}
