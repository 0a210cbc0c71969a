/*
 * check_report.h - `mcoa-conform check --report DIR`: each conversation of
 * the captures as one "test" of the run's report writers (check_report.c).
 */
#ifndef MCOA_CHECK_REPORT_H
#define MCOA_CHECK_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include "mcoa_model.h"

typedef struct check_report check_report;

/* DIR is created if missing.  NULL with a message in err. */
check_report *crep_new(const char *dir, char *err, size_t errlen);
/* Before judging capture number `file` (0-based, files[file] at crep_write). */
void crep_file(check_report *r, int file, const char *path);
/* The capture time of the frame about to be judged. */
void crep_time(check_report *r, double ts);
/* mm_follow_opts.on_member, and every mm_report. */
void crep_member(check_report *r, uint64_t frame, uint64_t conv, const mm_addr *a, const mm_addr *peer, int role,
                 int from_mn);
void crep_report(check_report *r, const mm_report *rep);
/* Reads the captures again for the conversations' pcaps and writes the
 * report (junit.xml, results.tap, results.json, index.html, a page per
 * conversation).  0, or -1 with a message in err. */
int crep_write(check_report *r, const char **files, int nfiles, double duration_s, char *err, size_t errlen);
void crep_free(check_report *r);

#endif
