/*
 * write.c - mc_report_write: every format into the report directory.
 * Each file is written under a temporary name and renamed into place, so
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

static int write_one(const char *dir, size_t k, const mc_run *run, char *errbuf, size_t errlen)
{
    char path[4096], tmp[4096];
    FILE *f;
    int bad;

    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, outputs[k].name) >= sizeof path ||
        (size_t)snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, outputs[k].name) >= sizeof tmp)
        return fail(errbuf, errlen, "%s/%s: path too long", dir, outputs[k].name);
    f = fopen(tmp, "w");
    if (!f)
        return fail(errbuf, errlen, "%s: %s", tmp, strerror(errno));
    outputs[k].write(f, run);
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

int mc_report_write(const char *dir, const mc_run *run, char *errbuf, size_t errlen)
{
    if (!dir || !run)
        return fail(errbuf, errlen, "mc_report_write: no %s", dir ? "run" : "directory");
    for (size_t k = 0; k < sizeof outputs / sizeof outputs[0]; k++)
        if (write_one(dir, k, run, errbuf, errlen) != 0)
            return -1;
    return 0;
}
