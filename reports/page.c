/*
 * page.c - one page per test (mc_report_test_page): the conversation as a
 * ladder diagram, the verdict reason, the clauses with their paraphrase from
 * the catalogue, the script and the log.
 *
 * The ladder is drawn from the test's own record: packets.pcap, read with
 * the dissector's capture reader and dissected by the dissector library
 * (one-line text as the arrow's label, the verbose tree when the row is
 * opened), and packets.marks ("N stimulus|observed ENDPOINT" per frame).
 * One column per tester endpoint plus the IUT's; a stimulus is a solid blue
 * arrow from its endpoint to the IUT, an observed packet a dashed black one
 * from the IUT to the endpoint it was seen on.  The steps of the script
 * (mc_step_run) are bands between the packets they recorded, with their
 * time; the step that failed (mc_fail_step) gets a red marker where the
 * expected packet should have been, after the packets that did come, with
 * its pattern beside it.  Every row is a <details>: clicking a packet opens
 * its verbose dissection, without a script.  Inline SVG and CSS only.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "capread.h"
#include "mcoa/dissect.h"
#include "mcoa/outbuf.h"
#include "report_util.h"

#define MAX_COLS 32
#define COL_W 112
#define ROW_H 24
#define FILE_MAX (4u << 20) /* a log, script or marks file larger than this is cut */
#define MAX_FRAMES 200000u

static const char page_css[] =
    ".ladder{overflow-x:auto;border:1px solid #bbb;margin:.3em 0 .8em;padding-bottom:4px}\n"
    ".ladder .r,.ladder summary{display:flex;align-items:center;min-height:24px;white-space:nowrap}\n"
    ".ladder summary{list-style:none;cursor:pointer}\n"
    ".ladder summary::-webkit-details-marker{display:none}\n"
    ".ladder summary:hover{background:#eef3ff}\n"
    ".ladder details[open]>summary{background:#e2eaff}\n"
    ".ladder .t{flex:none;width:8.5em;text-align:right;padding-right:6px;font:11px monospace;color:#555}\n"
    ".ladder svg{flex:none;display:block}\n"
    ".ladder .lbl{padding:0 8px;font:12px 'DejaVu Sans Mono',monospace}\n"
    ".ladder .hd{position:sticky;top:0;background:#fff;border-bottom:1px solid #ccc;z-index:1}\n"
    ".ladder .step{background:#f2f2f2;color:#333}\n"
    ".ladder .step .lbl{font-family:sans-serif;font-size:12px}\n"
    ".ladder .miss{background:#ffe0e4}\n"
    ".ladder .miss .lbl{color:#a00000;font-weight:bold;white-space:normal;padding:3px 8px}\n"
    ".ladder .stim .lbl{color:#1a4ba0}\n"
    ".ladder .und{background:#eee}\n"
    ".ladder .und .lbl{color:#555;white-space:normal;padding:3px 8px}\n"
    ".ladder pre.vb{margin:2px 0 6px 8.5em;padding:4px 8px;background:#fafafa;border-left:3px solid #888;"
    "white-space:pre;overflow-x:auto}\n"
    ".ladder .note{padding:4px 8.5em;color:#a00000}\n"
    ".legend span{margin-right:1.5em}\n"
    "pre.box{background:#fafafa;border:1px solid #ddd;padding:4px 6px}\n";

typedef struct fmark {
    uint8_t kind; /* 0 not in the marks, 1 stimulus, 2 observed, 3 another word */
    uint8_t has_t;
    int col;
    double t_ms;
} fmark;

typedef struct ladder {
    char name[MAX_COLS][48];
    int rank[MAX_COLS];
    int ncols;
    int iut;    /* index of the IUT's column */
    fmark *m;   /* m[n] for frame n, 1-based */
    size_t nm;  /* entries of m (frames the marks name, plus one) */
    const mc_test_result *t;
    const mc_run *run;
    const char *up;
    capread *cr;
    mc_dissection *d;
    mc_outbuf ob;
    uint32_t frame;  /* frames drawn so far */
    int pcap_done;
    int after;       /* 1: the "after the last step" band is due before the next frame */
    size_t arrows;
} ladder;

static void text(FILE *f, const char *s)
{
    rp_put(f, s, RP_XML_TEXT);
}

/* Columns go MN, HA, CN (the IUT in its role's place), then the rest (r...). */
static int node_rank(const char *name, size_t len)
{
    static const char *const order[] = {"mn", "ha", "cn"};
    for (int i = 0; i < 3; i++)
        if (len == 2 && !strncmp(name, order[i], 2))
            return i;
    return 3;
}

static int col_of(ladder *L, const char *name)
{
    for (int i = 0; i < L->ncols; i++)
        if (!strcmp(L->name[i], name))
            return i;
    return -1;
}

static int add_col(ladder *L, const char *name, int rank)
{
    int c = col_of(L, name);
    if (c >= 0 || !rp_has(name))
        return c;
    if (L->ncols == MAX_COLS - 1) /* one left for the IUT */
        return -1;
    c = L->ncols++;
    snprintf(L->name[c], sizeof L->name[c], "%s", name);
    L->rank[c] = rank;
    return c;
}

static void add_endpoint(ladder *L, const char *ep)
{
    const char *dot = strchr(ep, '.');
    add_col(L, ep, node_rank(ep, dot ? (size_t)(dot - ep) : strlen(ep)));
}

/* packets.marks: "N stimulus|observed ENDPOINT [T_MS]" per line. */
static void read_marks(ladder *L, const char *buf)
{
    size_t cap = 0;
    for (const char *p = buf; p && *p;) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        char line[160], kind[16], ep[48];
        unsigned long n;
        double t;
        snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line - 1 ? len : sizeof line - 1), p);
        p = eol ? eol + 1 : NULL;
        int k = sscanf(line, "%lu %15s %47s %lf", &n, kind, ep, &t);
        if (k < 3 || n == 0 || n > MAX_FRAMES)
            continue;
        if (n >= cap) {
            size_t nc = cap ? cap : 64;
            while (nc <= n)
                nc *= 2;
            fmark *m = realloc(L->m, nc * sizeof *m);
            if (!m)
                return;
            memset(m + cap, 0, (nc - cap) * sizeof *m);
            L->m = m;
            cap = nc;
        }
        add_endpoint(L, ep);
        fmark *fm = &L->m[n];
        fm->kind = !strcmp(kind, "stimulus") ? 1 : !strcmp(kind, "observed") ? 2 : 3;
        fm->col = col_of(L, ep);
        if (fm->col < 0)
            fm->kind = 0;
        fm->has_t = k == 4;
        fm->t_ms = k == 4 ? t : 0;
        if (n + 1 > L->nm)
            L->nm = n + 1;
    }
}

/* Insertion sort by (rank, name), then the IUT after the ranks before its
 * role's; the frame marks follow their columns. */
static void order_columns(ladder *L)
{
    int map[MAX_COLS + 1], idx[MAX_COLS];
    const char *role = rp_role(L->t);
    int iut_rank = node_rank(role, strlen(role));
    int n = L->ncols;

    if (iut_rank == 3)
        iut_rank = 1;
    for (int i = 0; i < n; i++)
        idx[i] = i;
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0; j--) {
            int a = idx[j - 1], b = idx[j];
            if (L->rank[a] < L->rank[b] || (L->rank[a] == L->rank[b] && strcmp(L->name[a], L->name[b]) <= 0))
                break;
            idx[j - 1] = b, idx[j] = a;
        }
    char name[MAX_COLS + 1][48];
    int rank[MAX_COLS + 1], k = 0, iut = -1;
    for (int i = 0; i <= n; i++) {
        if (iut < 0 && (i == n || L->rank[idx[i]] >= iut_rank)) {
            iut = k;
            snprintf(name[k], sizeof name[k], L->run->passive ? "peer (%s)" : "IUT (%s)", role);
            rank[k++] = iut_rank;
        }
        if (i == n)
            break;
        map[idx[i]] = k;
        memcpy(name[k], L->name[idx[i]], sizeof name[k]);
        rank[k++] = L->rank[idx[i]];
    }
    for (size_t f = 1; f < L->nm; f++)
        if (L->m[f].kind)
            L->m[f].col = map[L->m[f].col];
    memcpy(L->name, name, sizeof L->name);
    memcpy(L->rank, rank, sizeof L->rank);
    L->ncols = k;
    L->iut = iut < 0 ? 0 : iut;
}

static int col_x(int c)
{
    return COL_W / 2 + c * COL_W;
}

static void svg_open(FILE *f, const ladder *L, int h)
{
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">",
            L->ncols * COL_W, h, L->ncols * COL_W, h);
    for (int c = 0; c < L->ncols; c++)
        fprintf(f, "<line x1=\"%d\" y1=\"0\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"%d\"/>", col_x(c),
                col_x(c), h, c == L->iut ? "#777" : "#aaa", c == L->iut ? 3 : 1);
}

/* An arrow from column a to column b at mid-height. */
static void arrow(FILE *f, int a, int b, const char *color, const char *dash)
{
    int x1 = col_x(a), x2 = col_x(b), y = ROW_H / 2, dir = x2 > x1 ? 1 : -1;
    fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s%s%s/>", x1 + 3 * dir, y,
            x2 - 8 * dir, y, color, dash ? " stroke-dasharray=\"" : "", dash ? dash : "", dash ? "\"" : "");
    fprintf(f, "<polygon points=\"%d,%d %d,%d %d,%d\" fill=\"%s\"/>", x2 - 2 * dir, y, x2 - 11 * dir, y - 5,
            x2 - 11 * dir, y + 5, color);
}

static void header_row(FILE *f, const ladder *L)
{
    fputs("<div class=\"r hd\"><span class=\"t\">frame / time</span>", f);
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">",
            L->ncols * COL_W, ROW_H + 4, L->ncols * COL_W, ROW_H + 4);
    for (int c = 0; c < L->ncols; c++) {
        fprintf(f, "<rect x=\"%d\" y=\"2\" width=\"%d\" height=\"%d\" rx=\"3\" fill=\"%s\" stroke=\"#888\"/>",
                c * COL_W + 4, COL_W - 8, ROW_H, c == L->iut ? "#fff2a8" : "#eef");
        fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-family=\"monospace\" font-size=\"12\"%s>",
                col_x(c), ROW_H - 3, c == L->iut ? " font-weight=\"bold\"" : "");
        text(f, L->name[c]);
        fputs("</text>", f);
    }
    fputs("</svg><span class=\"lbl\">packet (one-line dissection; click a row for the verbose one)</span></div>\n",
          f);
}

/* The dissector's line without its leading timestamp (the pcap's are the
 * writer's deterministic ones) and without the newline. */
static void put_line(FILE *f, const char *s, size_t n)
{
    const char *sp = memchr(s, ' ', n);
    if (sp) {
        n -= (size_t)(sp + 1 - s);
        s = sp + 1;
    }
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    char *c = strndup(s, n);
    text(f, c ? c : "");
    free(c);
}

/* The verbose tree, without " at TIMESTAMP" in its first line. */
static void put_verbose(FILE *f, const char *s)
{
    const char *at = strstr(s, " at "), *colon = at ? strchr(at, ':') : NULL, *nl = strchr(s, '\n');
    if (at && colon && (!nl || colon < nl)) {
        char *head = strndup(s, (size_t)(at - s));
        text(f, head ? head : "");
        free(head);
        s = colon;
    }
    text(f, s);
}

static void frame_row(FILE *f, ladder *L, const cr_pkt *p)
{
    uint32_t n = ++L->frame;
    const fmark *m = n < L->nm ? &L->m[n] : NULL;
    int kind = m ? m->kind : 0;
    const char *cls = kind == 1 ? "stim" : kind == 2 ? "obs" : "unk";

    mc_dissect_ex(p->data, p->caplen, p->len, p->linktype, L->d, MC_DISSECT_NO_EXPR);
    fprintf(f, "<details class=\"pkt %s\" id=\"f-%u\"><summary><span class=\"t\">#%u", cls, n, n);
    if (m && m->has_t)
        fprintf(f, " +%.1f ms", m->t_ms);
    fputs("</span>", f);
    svg_open(f, L, ROW_H);
    fprintf(f, "<g class=\"arrow %s\" data-frame=\"%u\"><title>frame %u: ", cls, n, n);
    if (kind == 1 || kind == 2) {
        if (L->run->passive)
            fputs(kind == 1 ? "from the mobile node: " : "from the peer: ", f);
        else
            fputs(kind == 1 ? "stimulus sent on " : "observed on ", f);
        text(f, L->name[m->col]);
        fputs("</title>", f);
        if (kind == 1)
            arrow(f, m->col, L->iut, "#1a4ba0", NULL);
        else
            arrow(f, L->iut, m->col, "#222", "6,3");
    } else { /* the marks do not say where: a dot on the IUT's line */
        fputs("not in packets.marks</title>", f);
        fprintf(f, "<circle cx=\"%d\" cy=\"%d\" r=\"5\" fill=\"#999\"/>", col_x(L->iut), ROW_H / 2);
    }
    fputs("</g></svg><span class=\"lbl\">", f);
    L->ob.len = 0;
    mc_print_line(&L->ob, L->d, n, 0);
    put_line(f, L->ob.buf ? L->ob.buf : "", L->ob.len);
    fputs("</span></summary><pre class=\"vb\">", f);
    L->ob.len = 0;
    mc_print_verbose(&L->ob, L->d, n, 0);
    mc_out_ch(&L->ob, 0);
    put_verbose(f, L->ob.buf ? L->ob.buf : "");
    fputs("</pre></details>\n", f);
    L->arrows++;
    for (size_t i = 0; i < L->t->nnotes; i++) /* the checker's findings on this frame */
        if (L->t->notes[i].frame == n) {
            fputs(L->t->notes[i].finding ? "<div class=\"r miss\">" : "<div class=\"r und\">", f);
            fputs("<span class=\"t\"></span>", f);
            svg_open(f, L, ROW_H);
            fputs("</svg><span class=\"lbl\">", f);
            text(f, L->t->notes[i].text);
            fputs("</span></div>\n", f);
        }
}

/* Draws frames until `upto` frames are drawn or the pcap ends. */
static void frames_upto(FILE *f, ladder *L, uint32_t upto)
{
    cr_pkt p;
    while (!L->pcap_done && L->frame < upto) {
        int r = L->cr ? cr_next(L->cr, &p) : 0;
        if (r == 1) {
            if (L->after == 1) {
                fputs("<div class=\"r step\"><span class=\"t\"></span>", f);
                svg_open(f, L, ROW_H);
                fputs("</svg><span class=\"lbl\">after the last step: what was still queued on the endpoints"
                      "</span></div>\n",
                      f);
                L->after = 2;
            }
            frame_row(f, L, &p);
            continue;
        }
        L->pcap_done = 1;
        if (r < 0) {
            fputs("<div class=\"note\">the pcap ends here: ", f);
            text(f, cr_error(L->cr));
            fputs("</div>\n", f);
        }
    }
}

static void step_row(FILE *f, const ladder *L, size_t k)
{
    const mc_step_run *s = &L->t->steps[k];
    fprintf(f, "<div class=\"r step\" id=\"s-%zu\"><span class=\"t\">+%.1f ms</span>", k + 1, rp_dur(s->t0_ms));
    svg_open(f, L, ROW_H);
    fprintf(f, "</svg><span class=\"lbl\">step %zu (line %d, %.1f&#8211;%.1f ms): <b>", k + 1, s->line,
            rp_dur(s->t0_ms), rp_dur(s->t1_ms));
    text(f, rp_s(s->kind));
    fputs("</b> ", f);
    if (rp_has(s->where)) {
        text(f, s->where);
        fputc(' ', f);
    }
    if (s->timeout_ms && (rp_same(s->kind, "expect") || rp_same(s->kind, "expect-none")))
        fprintf(f, "%u ms ", s->timeout_ms);
    fputs("<code>", f);
    text(f, rp_s(s->text));
    fputs("</code></span></div>\n", f);
}

/* Where the expected packet should have been: after the packets that did
 * come while the step waited. */
static void miss_row(FILE *f, const ladder *L, const mc_fail_step *fs, double t1)
{
    int col = rp_has(fs->where) ? col_of((ladder *)L, fs->where) : -1;
    int none = rp_same(fs->kind, "expect-none"), state = rp_same(fs->kind, "state");

    fprintf(f, "<div class=\"r miss\" id=\"fail\"><span class=\"t\">");
    if (t1 >= 0)
        fprintf(f, "+%.1f ms", t1);
    fputs("</span>", f);
    svg_open(f, L, ROW_H + 8);
    fputs("<g class=\"expect-marker\"><title>", f);
    fprintf(f, "step %d failed", fs->step);
    fputs("</title>", f);
    if (col >= 0 && col != L->iut && !state) {
        int x = col_x(col);
        /* the arrow that should have come (or should not have) */
        arrow(f, L->iut, col, "#c00000", "3,3");
        fprintf(f, "<circle cx=\"%d\" cy=\"%d\" r=\"9\" fill=\"#fff\" stroke=\"#c00000\" stroke-width=\"2\"/>"
                   "<path d=\"M%d %d l10 10 M%d %d l-10 10\" stroke=\"#c00000\" stroke-width=\"2\"/>",
                x, ROW_H / 2, x - 5, ROW_H / 2 - 5, x + 5, ROW_H / 2 - 5);
    } else {
        int x = col_x(L->iut);
        fprintf(f, "<rect x=\"%d\" y=\"2\" width=\"20\" height=\"%d\" fill=\"#fff\" stroke=\"#c00000\" "
                   "stroke-width=\"2\"/><path d=\"M%d 6 l10 %d M%d 6 l-10 %d\" stroke=\"#c00000\" stroke-width=\"2\"/>",
                x - 10, ROW_H + 2, x - 5, ROW_H - 6, x + 5, ROW_H - 6);
    }
    fputs("</g></svg><span class=\"lbl\">", f);
    fprintf(f, "step %d (line %d) failed: ", fs->step, fs->line);
    if (state)
        fputs("state check ", f);
    else {
        fputs(none ? "expected NO packet like this on " : "expected on ", f);
        text(f, rp_s(fs->where));
        fprintf(f, " within %u ms%s ", fs->timeout_ms,
                none ? " (one came: above)" : ", no packet above matched:");
    }
    fputs("<code>", f);
    text(f, rp_s(fs->text));
    fputs("</code></span></div>\n", f);
}

static void ladder_draw(FILE *f, const mc_run *run, const mc_test_result *t, const char *up)
{
    ladder L;
    char err[300] = "";

    memset(&L, 0, sizeof L);
    L.t = t, L.run = run, L.up = up;
    if (rp_has(t->marks)) {
        char *marks = rp_slurp(run->dir, t->marks, FILE_MAX, NULL, NULL);
        read_marks(&L, marks);
        free(marks);
    }
    for (size_t k = 0; t->steps && k < t->nsteps; k++)
        if (rp_has(t->steps[k].where) && (rp_same(t->steps[k].kind, "send") || rp_same(t->steps[k].kind, "expect") ||
                                          rp_same(t->steps[k].kind, "expect-none")))
            add_endpoint(&L, t->steps[k].where);
    if (t->fail && rp_has(t->fail->where))
        add_endpoint(&L, t->fail->where);
    order_columns(&L);
    if (rp_has(t->pcap) && run->dir) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", run->dir, t->pcap);
        L.cr = cr_open(path, err, sizeof err);
    }
    L.d = malloc(sizeof *L.d);
    mc_out_init(&L.ob, NULL);
    if (!L.d) {
        free(L.m);
        return;
    }

    if (run->passive)
        fputs("<p class=\"legend\"><span><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"10\">"
              "<line x1=\"0\" y1=\"5\" x2=\"32\" y2=\"5\" stroke=\"#1a4ba0\" stroke-width=\"2\"/>"
              "<polygon points=\"40,5 31,0 31,10\" fill=\"#1a4ba0\"/></svg> from the mobile node</span>"
              "<span><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"10\">"
              "<line x1=\"40\" y1=\"5\" x2=\"8\" y2=\"5\" stroke=\"#222\" stroke-width=\"2\" stroke-dasharray=\"6,3\"/>"
              "<polygon points=\"0,5 9,0 9,10\" fill=\"#222\"/></svg> from the peer</span>"
              "<span style=\"color:#a00000;font-weight:bold\">red rows: the checker's findings, under the frame "
              "that showed them</span><span>grey rows: undecided</span></p>\n",
              f);
    else
        fputs("<p class=\"legend\"><span><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"10\">"
              "<line x1=\"0\" y1=\"5\" x2=\"32\" y2=\"5\" stroke=\"#1a4ba0\" stroke-width=\"2\"/>"
              "<polygon points=\"40,5 31,0 31,10\" fill=\"#1a4ba0\"/></svg> stimulus (sent by the tester)</span>"
              "<span><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"10\">"
              "<line x1=\"40\" y1=\"5\" x2=\"8\" y2=\"5\" stroke=\"#222\" stroke-width=\"2\" stroke-dasharray=\"6,3\"/>"
              "<polygon points=\"0,5 9,0 9,10\" fill=\"#222\"/></svg> observed (captured on the endpoint)</span>"
              "<span class=\"miss\" style=\"color:#a00000;font-weight:bold\">&#10007; the failing step: "
              "the packet expected there</span><span>grey bands: the script's steps, with their time</span></p>\n",
              f);
    if (!L.cr && rp_has(t->pcap))
        fprintf(f, "<p class=\"note\">packets.pcap cannot be read%s", err[0] ? ": " : "");
    if (!L.cr && rp_has(t->pcap)) {
        text(f, err);
        fputs("</p>\n", f);
    }
    fputs("<div class=\"ladder\">\n", f);
    header_row(f, &L);
    int marked = 0;
    for (size_t k = 0; t->steps && k < t->nsteps; k++) {
        frames_upto(f, &L, t->steps[k].frame0);
        step_row(f, &L, k);
        frames_upto(f, &L, t->steps[k].frame1);
        if (t->fail && t->fail->step == (int)k + 1) {
            miss_row(f, &L, t->fail, rp_dur(t->steps[k].t1_ms));
            marked = 1;
        }
    }
    L.after = t->steps && t->nsteps;
    frames_upto(f, &L, UINT32_MAX);
    if (t->fail && t->fail->step > 0 && !marked)
        miss_row(f, &L, t->fail, -1);
    fputs("</div>\n", f);
    fprintf(f, "<p><small>%zu packet%s drawn from ", L.arrows, L.arrows == 1 ? "" : "s");
    text(f, rp_s(t->pcap));
    fputs(".</small></p>\n", f);
    if (L.cr)
        cr_close(L.cr);
    mc_out_free(&L.ob);
    free(L.d);
    free(L.m);
}

static void href(FILE *f, const char *up, const char *path)
{
    fputs(up, f);
    rp_put_href(f, path);
}

static void clauses(FILE *f, const mc_run *run, const mc_test_result *t, const char *up)
{
    if (!t->nclauses) {
        fputs("<p>The test cites no clause.</p>\n", f);
        return;
    }
    fputs("<table class=\"cl\">\n<thead><tr><th>Clause</th><th>Section</th><th>Level</th><th>Actor</th>"
          "<th>Check</th><th>What it says</th></tr></thead>\n<tbody>\n",
          f);
    for (size_t i = 0; i < t->nclauses; i++) {
        const mc_clause *c = rp_find_clause(run, t->clauses[i]);
        fputs("<tr><td><code>", f);
        if (c) {
            fputs("<a href=\"", f);
            href(f, up, "index.html");
            fputs("#", f);
            rp_put_anchor(f, "c-", c->id);
            fputs("\">", f);
            text(f, c->id);
            fputs("</a>", f);
        } else
            text(f, rp_s(t->clauses[i]));
        fputs("</code></td>", f);
        if (!c) {
            fputs("<td colspan=\"5\" class=\"unk\">not in the clause catalogue</td></tr>\n", f);
            continue;
        }
        const char *cells[] = {c->section, c->level, c->actor, c->check};
        for (size_t k = 0; k < 4; k++) {
            fputs("<td>", f);
            text(f, rp_s(cells[k]));
            fputs("</td>", f);
        }
        fputs("<td>", f);
        text(f, rp_s(c->summary));
        if (rp_has(c->note)) {
            fputs("<br/><small>", f);
            text(f, c->note);
            fputs("</small>", f);
        }
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody>\n</table>\n", f);
}

static void file_block(FILE *f, const mc_run *run, const char *rel, const char *what, int collapsed)
{
    int cut = 0;
    size_t len = 0;
    char *s = rp_has(rel) ? rp_slurp(run->dir, rel, FILE_MAX, &len, &cut) : NULL;
    if (!s) {
        fprintf(f, "<p>No %s%s.</p>\n", what, rp_has(rel) ? " (it cannot be read)" : "");
        return;
    }
    if (collapsed)
        fprintf(f, "<details><summary>%s (%zu bytes)</summary>", what, len);
    fputs("<pre class=\"box\">", f);
    text(f, s);
    if (cut)
        fputs("\n[... cut: see the file]", f);
    fputs("</pre>", f);
    if (collapsed)
        fputs("</details>", f);
    fputc('\n', f);
    free(s);
}

static void artefact(FILE *f, const char *up, const char *label, const char *path)
{
    if (!rp_has(path))
        return;
    fputs("<a href=\"", f);
    href(f, up, path);
    fprintf(f, "\">%s</a> ", label);
}

void mc_report_test_page(FILE *f, const mc_run *run, const mc_test_result *t, const char *up)
{
    const char *v = rp_vname(t->verdict);

    up = rp_s(up);
    rp_html_head(f, rp_s(t->id), rp_has(t->title) ? t->title : "mcoa-conform test", page_css);
    fputs("<p class=\"nav\"><a href=\"", f);
    href(f, up, "index.html");
    fputs("#", f);
    rp_put_anchor(f, "t-", t->id);
    fputs("\">&#8592; the report</a><a href=\"#ladder\">Conversation</a><a href=\"#script\">Script</a>"
          "<a href=\"#log\">Log</a></p>\n<h1><code>",
          f);
    text(f, rp_s(t->id));
    fprintf(f, "</code> <span class=\"v %s\">%s</span>", v, v);
    if (t->warning)
        fputs(" <span class=\"v warn\">warn</span>", f);
    fputs("</h1>\n<table class=\"meta\">\n<tr><th>Title</th><td>", f);
    text(f, rp_s(t->title));
    fputs("</td></tr>\n<tr><th>IUT</th><td>", f);
    text(f, rp_role(t));
    fputs(": ", f);
    text(f, rp_s(run->iut));
    fprintf(f, "</td></tr>\n<tr><th>Duration</th><td>%.2f s</td></tr>\n", rp_dur(t->duration_s));
    if (t->ntags) {
        fputs("<tr><th>Tags</th><td>", f);
        for (size_t i = 0; i < t->ntags; i++) {
            text(f, t->tags[i]);
            fputc(' ', f);
        }
        fputs("</td></tr>\n", f);
    }
    if (t->npics) {
        fputs("<tr><th>PICS</th><td>", f);
        for (size_t i = 0; i < t->npics; i++) {
            text(f, t->pics[i]);
            fputc(' ', f);
        }
        fputs("</td></tr>\n", f);
    }
    fputs("<tr><th>Artefacts</th><td>", f);
    artefact(f, up, "log", t->log);
    artefact(f, up, "script", t->script);
    artefact(f, up, "pcap", t->pcap);
    artefact(f, up, "marks", t->marks);
    fputs("</td></tr>\n</table>\n<h2 id=\"verdict\">Verdict</h2>\n", f);
    if (rp_has(t->reason)) {
        fputs("<pre class=\"box\">", f);
        text(f, t->reason);
        fputs("</pre>\n", f);
    } else
        fprintf(f, "<p>%s, no reason given.</p>\n", v);
    fputs("<h2 id=\"clauses\">Clauses</h2>\n", f);
    clauses(f, run, t, up);
    fputs("<h2 id=\"ladder\">Conversation</h2>\n", f);
    if (rp_has(t->pcap) || t->nsteps)
        ladder_draw(f, run, t, up);
    else
        fputs("<p>No packet was recorded (the test did not run).</p>\n", f);
    fputs("<h2 id=\"script\">Script</h2>\n", f);
    file_block(f, run, t->script, "script", 0);
    fputs("<h2 id=\"log\">Log</h2>\n", f);
    file_block(f, run, t->log, "log", 1);
    fputs("<p><small>Generated by mcoa-conform.</small></p>\n</body>\n</html>\n", f);
}

char *rp_slurp(const char *dir, const char *rel, size_t max, size_t *len, int *cut)
{
    char path[4096];
    if (!rp_has(rel) || (size_t)(dir ? snprintf(path, sizeof path, "%s/%s", dir, rel)
                                     : snprintf(path, sizeof path, "%s", rel)) >= sizeof path)
        return NULL;
    FILE *in = fopen(path, "rb");
    if (!in)
        return NULL;
    size_t cap = 8192, n = 0;
    char *s = malloc(cap + 1);
    while (s) {
        if (n == cap) {
            if (cap >= max)
                break;
            cap = cap * 2 > max ? max : cap * 2;
            char *g = realloc(s, cap + 1);
            if (!g) {
                free(s);
                s = NULL;
                break;
            }
            s = g;
        }
        size_t k = fread(s + n, 1, cap - n, in);
        if (k == 0)
            break;
        n += k;
    }
    int more = s && n == cap && fgetc(in) != EOF;
    fclose(in);
    if (!s)
        return NULL;
    s[n] = 0;
    if (len)
        *len = n;
    if (cut)
        *cut = more;
    return s;
}
