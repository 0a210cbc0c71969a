"""Mutant schemata: every mutant of a file in one build, chosen at run time
(mutate/README.md, "Schemata").

Rebuilding a node program per mutant cost 0.5 s of a worker each (1607 s of
the full run on ac1634e).  Instead each mutated file is compiled once with
all its mutants in it, each behind a guard on $MC_MUTANT, the number the
run gives the mutant it judges:

  expr  an expression:  (MC_MUT_(7) ? (a <= b) : MC_MUT_(8) ? !(a < b) : (a < b))
        a relational or logical operator is a site of its whole binary
        expression (the operator alone is no expression)
  void  a removed expression statement:  (MC_MUT_(9) ? (void)0 : (void)(f(x)))
  stmt  a removed return/break/continue:  if (MC_MUT_(10)) (void)0; else return x;
        the statement's own ';' ends the else: no braces, so an `else`
        after it still belongs to the `if` it belonged to

With $MC_MUTANT unset every guard is false and the program computes what
the pristine one does (the baseline runs on this build to show it).  A
site's original branch holds the sites nested in it; a mutant's branch is
its own text alone, since one mutant is active at a time.  Nothing adds a
line, so line numbers (and __LINE__) stay those of the source.

Some mutants cannot be chosen at run time: a constant in a static
initializer (it must be a constant expression), a literal whose type the
?: would change (0x7fffffff + 1 is unsigned).  The compiler says which
lines fail; their sites are left out and those mutants are rebuilt one by
one, as before.
"""

import re

GUARD = "MC_MUT_"
# a literal this large may change type when mutated (int -> unsigned, long):
# the ?: would convert the original branch too
BIG = 0x7fffffff


def header():
    """The header the schemata build includes first in every file (-include)."""
    return ("""/* mcoa-mutate mutant schemata (mutate/schemata.py); generated */
#include <stdlib.h>
static int mc_mut_id_ = -2;
static inline int mc_mut_active_(void)
{
    if (mc_mut_id_ == -2) {
        const char *s = getenv("MC_MUTANT");
        mc_mut_id_ = s && *s ? atoi(s) : -1;
    }
    return mc_mut_id_;
}
#define %s(k) (mc_mut_active_() == (k))
""" % GUARD).encode()


class Site:
    __slots__ = ("kind", "start", "end", "alts", "kids")

    def __init__(self, kind, start, end):
        self.kind, self.start, self.end = kind, start, end
        self.alts = []   # (k, the mutant's text of the site)
        self.kids = []


def big_literal(txt):
    t = txt.strip().lstrip("-").rstrip("uUlL")
    try:
        return abs(int(t, 0) if not (len(t) > 1 and t[0] == "0" and t[1] not in "xXbB") else int(t, 8)) >= BIG
    except ValueError:
        return False


def render(src, entries, skip_lines=()):
    """src: the file's bytes; entries: (k, kind, start, end, text) per
    mutant.  Returns (the file with every site's guards, the k rendered).
    A site on a line of skip_lines (they did not compile) is left out, and
    so is one that crosses another (a macro)."""
    sites = {}
    for k, kind, start, end, text in entries:
        if start >= end or end > len(src):
            continue
        first = src.count(b"\n", 0, start) + 1
        last = first + src.count(b"\n", start, end)
        if any(first <= ln <= last for ln in skip_lines):
            continue
        key = (start, end, "stmt" if kind == "stmt" else "expr")
        s = sites.get(key)
        if s is None:
            s = sites[key] = Site(kind, start, end)
        elif kind == "void":
            s.kind = "void"   # f(x) && g(y); as a statement: every branch discarded
        s.alts.append((k, text))
    # nest them: sorted by start, the longest first
    roots, stack = [], []
    for s in sorted(sites.values(), key=lambda s: (s.start, -s.end, s.kind != "stmt")):
        while stack and stack[-1].end <= s.start:
            stack.pop()
        if stack and s.end > stack[-1].end:
            continue   # crosses its parent: not rendered
        (stack[-1].kids if stack else roots).append(s)
        stack.append(s)
    done = set()

    def span(lo, hi, kids):
        out, at = [], lo
        for s in kids:
            out.append(src[at:s.start])
            out.append(site(s))
            at = s.end
        out.append(src[at:hi])
        return b"".join(out)

    def site(s):
        inner = span(s.start, s.end, s.kids)
        for k, _ in s.alts:
            done.add(k)
        if s.kind == "stmt":
            g = b" ".join(b"if (%s(%d)) (void)0; else" % (GUARD.encode(), k) for k, _ in s.alts)
            return g + b" " + inner
        void = s.kind == "void"
        parts = [b"("]
        for k, text in s.alts:
            t = text.encode()
            parts.append(b"%s(%d) ? (%s%s) : " % (GUARD.encode(), k, b"(void)" if void and t != b"(void)0" else b"",
                                                  t if not void or t == b"(void)0" else b"(" + t + b")"))
        parts.append(b"(void)(" + inner + b"))" if void else b"(" + inner + b"))")
        return b"".join(parts)

    return span(0, len(src), roots), done


ERROR = re.compile(r"([^\s:]+):(\d+):(?:\d+:)? (?:fatal )?error")


def error_lines(message, rel):
    """The lines of file rel that the compiler's message says fail."""
    out = set()
    for m in ERROR.finditer(message):
        if m.group(1) == rel or m.group(1).endswith("/" + rel):
            out.add(int(m.group(2)))
    return out
