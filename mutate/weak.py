"""Weak mutation: which tests *infect* a mutant (mutate/README.md, "Infection").

A test can kill a mutant only if, on some execution of the mutated code, the
mutant computes something the original does not.  For some operators that
needs more than executing the line, and the coverage build can tell:

  eq   relational boundary (a < b  ->  a <= b): only when a == b
  nz   array index -> 0 (x[i]  ->  x[0]): only when i != 0
  asg  removed assignment (x = v;): only when x != v before it
  cpy  removed memcpy(d, s, n): only when the n bytes differ
  cmp  a constant changed in an operand of a comparison (n >= 2  ->  n >= 3):
       only when the comparison with the other constant gives another truth
       value; the operands are pure, so the mutated ones are evaluated once
       more beside them (none that divides: a constant may become 0)
  lc   logical connector (a && b  ->  a || b): only when a && b is false
       (they differ only then); a || b  ->  a && b: only when a || b is true

The coverage build gets, for each such mutant, a probe next to the original
code: the same operands, evaluated once as before, then compared the way the
mutant would use them; the first time a probe sees a difference it appends
its number to $MC_PROBE_FILE.  The probed build computes exactly what the
pristine one does (no operand is evaluated more or less often, except the
pure ones of asg and cpy, read once more), and keeps every line where it
was, so gcov's lines still match the source.

A mutant's tests are then those that execute its line *and* infect it.  One
that no test infects cannot be killed by the suite: it survives without a
run.  Probes are an over-approximation on purpose (asg compares before the
conversion to the target's type): a test is dropped only when it provably
cannot tell the mutant from the original.  Operands are copied as
`(x) + 0`: the integer promotions the comparison applies anyway, and a
bit-field becomes a value __auto_type can hold.
"""

SCALAR_TYPES = {
    "BOOL", "CHAR_U", "UCHAR", "CHAR16", "CHAR32", "USHORT", "UINT", "ULONG", "ULONGLONG", "CHAR_S", "SCHAR",
    "WCHAR", "SHORT", "INT", "LONG", "LONGLONG", "FLOAT", "DOUBLE", "LONGDOUBLE", "POINTER", "ENUM",
}

# nested probes with the same extent: the index outside the comparison
RANK = {"nz": 0, "eq": 1, "cmp": 1, "asg": 2, "cpy": 2, "lc&&": 3, "lc||": 3}
# probes of one comparison (its boundary, its constants) share one evaluation
SHARED = ("eq", "cmp")


class Probe:
    __slots__ = ("k", "kind", "start", "end", "parts", "extra", "also")

    def __init__(self, k, kind, start, end, parts, extra=None):
        self.k, self.kind, self.start, self.end, self.parts = k, kind, start, end, parts
        self.extra = extra   # cmp: (start, end, replacement) of the constant
        self.also = []       # further probes of the same comparison


def header(n):
    """The header the probed build includes first in every file (gcc -include)."""
    return ("""/* mcoa-mutate weak-mutation probes (mutate/weak.py); generated */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
static unsigned char mc_prb_seen_[%d];
static void mc_prb_(unsigned k, int hit)
{
    if (!hit || mc_prb_seen_[k])
        return;
    mc_prb_seen_[k] = 1;
    const char *p = getenv("MC_PROBE_FILE");
    int fd = p ? open(p, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644) : -1;
    if (fd < 0)
        return;
    char t[16], b[16];
    int n = 0, m = 0;
    do
        t[n++] = (char)('0' + k %% 10);
    while ((k /= 10) != 0);
    while (n)
        b[m++] = t[--n];
    b[m++] = '\\n';
    if (write(fd, b, (size_t)m) < 0)
        m = 0;
    close(fd);
}
""" % max(1, n)).encode()


def _mutated_operand(src, part, extra):
    """An operand's source with the constant of a cmp probe replaced (when it is in it), on one line."""
    s, e = part
    ls, le, repl = extra
    if ls >= s and le <= e:
        text = src[s:ls] + repl.encode() + src[le:e]
    else:
        text = src[s:e]
    return text.replace(b"\n", b" ")


def _template(src, p, parts):
    """The probed text of one probe, its parts already rendered."""
    k = p.k
    if p.kind in SHARED:
        mid = src[p.parts[0][1]:p.parts[1][0]].replace(b"\n", b" ")   # the operator, as written
        a, b = b"_mA%d" % k, b"_mB%d" % k
        calls = b""
        for q in [p] + p.also:
            if q.kind == "eq":
                calls += b"mc_prb_(%d, " % q.k + a + b" == " + b + b"); "
            else:
                ma, mb = (_mutated_operand(src, x, q.extra) for x in q.parts)
                calls += (b"mc_prb_(%d, (" % q.k + a + mid + b + b") != ((" + ma + b") + 0" + mid + b"(" + mb +
                          b") + 0)); ")
        return (b"({ __auto_type " + a + b" = (" + parts[0] + b") + 0; __auto_type " + b + b" = (" + parts[1] +
                b") + 0; " + calls + a + mid + b + b"; })")
    if p.kind in ("lc&&", "lc||"):
        v = b"_mL%d" % k
        return (b"({ int " + v + b" = (" + parts[0] + b"); mc_prb_(%d, " % k + (b"!" if p.kind == "lc&&" else b"") +
                v + b"); " + v + b"; })")
    if p.kind == "nz":
        i = b"_mI%d" % k
        return b"({ __auto_type " + i + b" = (" + parts[0] + b") + 0; mc_prb_(%d, " % k + i + b" != 0); " + i + b"; })"
    if p.kind == "asg":
        v = b"_mV%d" % k
        lhs2 = parts[0].replace(b"\n", b" ")
        return (b"({ __auto_type " + v + b" = (" + parts[1] + b") + 0; mc_prb_(%d, (" % k + parts[0] + b") != " + v +
                b"); (" + lhs2 + b") = " + v + b"; })")
    if p.kind == "cpy":
        again = [x.replace(b"\n", b" ") for x in parts]
        return (b"({ mc_prb_(%d, memcmp((" % k + parts[0] + b"), (" + parts[1] + b"), (" + parts[2] +
                b")) != 0); memcpy((" + again[0] + b"), (" + again[1] + b"), (" + again[2] + b")); })")
    return None


def _render(src, lo, hi, ops):
    """src[lo:hi] with the probes of ops (sorted, all within) put in; (text, set of k rendered)."""
    out, done, pos, i = [], set(), lo, 0
    while i < len(ops):
        p = ops[i]
        i += 1
        if p.start < pos or p.end > hi:
            continue   # overlaps one already put in (not a nesting): left out
        if p.kind in SHARED:
            p.also = [x for x in ops[i:] if x.kind in SHARED and (x.start, x.end) == (p.start, p.end) and
                      x.parts == p.parts]
        inner = [x for x in ops[i:] if x.start >= p.start and x.end <= p.end and x not in p.also]
        r = _render_one(src, p, inner)
        if r is None:
            continue
        text, sub = r
        out.append(src[pos:p.start])
        out.append(text)
        pos = p.end
        done |= sub
    out.append(src[pos:hi])
    return b"".join(out), done


def _render_one(src, p, inner):
    parts, done = [], {p.k} | {x.k for x in p.also}
    for (s, e) in p.parts:
        text, sub = _render(src, s, e, [x for x in inner if x.start >= s and x.end <= e])
        parts.append(text)
        done |= sub
    text = _template(src, p, parts)
    if text is None:
        return None
    want = src.count(b"\n", p.start, p.end)
    have = text.count(b"\n")
    if have > want:
        return None
    return text + b"\n" * (want - have), done   # every line where it was: gcov's line numbers hold


def render(src, probes):
    """The probed source and the set of probe numbers it carries."""
    ops = sorted(probes, key=lambda p: (p.start, -p.end, RANK.get(p.kind, 9)))
    text, done = _render(src, 0, len(src), ops)
    assert text.count(b"\n") == src.count(b"\n")
    return text, done


def read_hits(path):
    """The probe numbers a test's processes recorded."""
    try:
        with open(path) as f:
            return {int(x) for x in f.read().split() if x.isdigit()}
    except OSError:
        return set()
