#!/usr/bin/python3
"""Validate the RFC 5648 clause catalogue (testcases/clauses.tsv).

Usage: clauses.test.py BIN_DIR SOURCE_DIR   (env MCOA_RFC5648: SOURCE_DIR/rfc/rfc5648.txt)

1. Format: the header, seven tab-separated columns, unique ids of the form
   5648-<section>-<n> whose section is the section column, n consecutive
   from 1 within each section, level / actor / check from the allowed sets,
   a non-empty summary of at most 140 characters, and a note whenever
   check is "none".
2. Cross-check against the RFC text (rfc/rfc5648.txt, shipped in the
   repository: RFC 5648 extracted from the PDF, see rfc/README.md): the text is cut into sections by their titles,
   the RFC 2119 boilerplate of Section 2 is removed, and for every section
   the upper-case key words are counted (MUST NOT, SHALL NOT and SHOULD NOT
   count once, not also as MUST / SHALL / SHOULD).  The catalogue must hold
   at least as many statements of each upper-case level in that section as
   the RFC has occurrences of that key word, so a key word cannot be missed
   or silently given another level.  Every lower-case level (must, should,
   ...) must appear as that word in the section's text.

Prints per-section counts, one line per failure, and ends with
"N passed, M failed"; exits 0 only if M == 0.  Standard library only.
"""
import collections
import os
import re
import sys

SOURCE = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
TSV = os.path.join(SOURCE, "testcases", "clauses.tsv")
RFC = os.environ.get("MCOA_RFC5648", os.path.join(SOURCE, "rfc", "rfc5648.txt"))

HEADER = ["id", "section", "level", "actor", "check", "summary", "note"]
UPPER = ["MUST", "MUST NOT", "REQUIRED", "SHALL", "SHALL NOT", "SHOULD",
         "SHOULD NOT", "RECOMMENDED", "MAY", "OPTIONAL"]
# Lower-case normative words, level written as in the text.
LOWER = [k.lower() for k in UPPER]
# "rule": a processing rule the RFC states without a key word (CLAUSES.md,
# "Processing rules"): not counted against the key words
RULE = "rule"
LEVELS = set(UPPER) | set(LOWER) | {RULE}
ACTORS = ["MN", "HA", "CN", "router"]
CHECKS = {"wire", "state", "none"}
KW = re.compile(r"\b(MUST NOT|SHALL NOT|SHOULD NOT|MUST|SHALL|SHOULD|REQUIRED|RECOMMENDED|MAY|OPTIONAL)\b")

# Section titles of RFC 5648 in order.  The PDF extraction drops or moves
# some section numbers (5.3, 5.6, 5.7, 9.1, 10; "5.6.3." and "6.4." land in
# the middle of the preceding text), so sections are found by their titles,
# each searched for after the previous one, at the start of a line.
SECTIONS = [
    ("1", "Introduction"), ("2", "Terminology"), ("3", "Protocol Overview"),
    ("4", "Mobile IPv6 Extensions"),
    ("4.1", "Binding Cache Structure and Binding Update List"),
    ("4.2", "Binding Update Message"),
    ("4.3", "Binding Identifier Mobility Option"),
    ("4.4", "New Status Values for Binding Acknowledgement"),
    ("5", "Mobile Node Operation"),
    ("5.1", "Management of Care-of Address(es) and Binding Identifier(s)"),
    ("5.2", "Binding Registration"), ("5.3", "Bulk Registration"),
    ("5.4", "Binding De-Registration"),
    ("5.5", "Returning Home with Complete Binding De-Registration"),
    ("5.5.1", "Using Only the Interface Attached to the Home Link"),
    ("5.5.2", "Using Only the Interface Attached to the Visited Link"),
    ("5.6", "Returning Home: Simultaneous Home and Visited Link Operation"),
    ("5.6.1", "Problems of Simultaneous Home and Foreign Attachments"),
    ("5.6.2", "Overview and Approach"), ("5.6.3", "Home Binding Support"),
    ("5.6.4", "Sending Packets from the Home Link"),
    ("5.6.5", "Leaving from the Home Link"),
    ("5.7", "Receiving Binding Acknowledgement"),
    ("5.8", "Receiving Binding Refresh Request"), ("5.9", "Bootstrapping"),
    ("6", "Home Agent and Correspondent Node Operation"),
    ("6.1", "Searching Binding Cache with Binding Identifier"),
    ("6.2", "Processing Binding Update"),
    ("6.3", "Sending a Binding Acknowledgement for Home Link Registration"),
    ("6.4", "Sending Binding Refresh Request"),
    ("6.5", "Receiving Packets from Mobile Node"),
    ("7", "Network Mobility Applicability"), ("8", "DSMIPv6 Applicability"),
    ("8.1", "IPv4 Care-of Address Registration"),
    ("8.2", "IPv4 Home Address Management"),
    ("9", "IPsec and IKEv2 Interaction"),
    ("9.1", "Use of Care-of Address in the IKEv2 Exchange"),
    ("9.2", "Transport Mode IPsec-Protected Messages"),
    ("9.3", "Tunnel Mode IPsec-Protected Messages"),
    ("9.3.1", "Tunneled Home Test Init and Home Test Messages"),
    ("9.3.2", "Tunneled Payload Traffic"),
    ("10", "Security Considerations"), ("11", "IANA Considerations"),
]
# Text from here on (acknowledgements, references) is not normative; the
# extracted seed may stop before it.
END_TITLES = ["Acknowledgements", "References", "Normative References"]
SECTION_IDS = [s for s, _ in SECTIONS]

passed = failed = 0


def ok(cond, msg):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL " + msg)
    return cond


def split_rfc(text):
    """{section: normalised text}; missing titles map to None."""
    lines = text.split("\n")
    starts = {}
    i = 0
    for sec, title in SECTIONS:
        j = i
        while j < len(lines) and not lines[j].strip().startswith(title):
            j += 1
        if j < len(lines):
            starts[sec] = j
            i = j + 1
        else:
            starts[sec] = None
    end = len(lines)
    for j in range(i, len(lines)):
        if lines[j].strip() in END_TITLES:
            end = j
            break
    found = [(s, l) for s, l in starts.items() if l is not None]
    out = {s: None for s in SECTION_IDS}
    for k, (s, l) in enumerate(found):
        e = found[k + 1][1] if k + 1 < len(found) else end
        body = " ".join(" ".join(lines[l + 1:e]).split())
        out[s] = body
    # The RFC 2119 boilerplate is not a statement.
    if out.get("2"):
        out["2"] = re.sub(r'The key words "MUST".*?\[RFC2119\]\.', "", out["2"])
    return out


def main():
    # ---- 1. format -------------------------------------------------------
    try:
        raw = open(TSV, "rb").read()
    except OSError as e:
        ok(False, f"cannot read {TSV}: {e}")
        return
    try:
        text = raw.decode("utf-8")
        ok(True, "clauses.tsv is UTF-8")
    except UnicodeDecodeError as e:
        ok(False, f"{TSV} is not UTF-8: {e}")
        return
    ok("\r" not in text, "clauses.tsv has CR line endings")
    ok(text.endswith("\n"), "clauses.tsv does not end with a newline")

    rows = []
    header_seen = False
    for n, line in enumerate(text.split("\n")[:-1], 1):
        if line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            ok(line.split("\t") == HEADER, f"line {n}: header is {line!r}, want {chr(9).join(HEADER)!r}")
            continue
        rows.append((n, line))
    ok(header_seen, "no header line")

    ids = set()
    ordinals = collections.defaultdict(list)
    catalogue = []  # (section, level, n)
    idre = re.compile(r"^5648-(\d+(?:\.\d+)*)-([1-9]\d*)$")
    for n, line in rows:
        f = line.split("\t")
        where = f"line {n}"
        errs = []
        if len(f) != 7:
            ok(False, f"{where}: {len(f)} columns, want 7: {line!r}")
            continue
        cid, sec, level, actor, check, summary, note = f
        where = f"line {n} ({cid})"
        for name, v in zip(HEADER, f):
            if v != v.strip():
                errs.append(f"{name} has leading/trailing blanks")
        m = idre.match(cid)
        if not m:
            errs.append(f"id {cid!r} is not 5648-<section>-<n>")
        else:
            if m.group(1) != sec:
                errs.append(f"id section {m.group(1)} != section column {sec}")
            ordinals[sec].append(int(m.group(2)))
        if cid in ids:
            errs.append("duplicate id")
        ids.add(cid)
        if sec not in SECTION_IDS:
            errs.append(f"section {sec!r} is not a section of RFC 5648")
        if level not in LEVELS:
            errs.append(f"level {level!r} not in the allowed set")
        parts = actor.split(",")
        if not actor or any(p not in ACTORS for p in parts) or len(set(parts)) != len(parts):
            errs.append(f"actor {actor!r}: want a comma list of {','.join(ACTORS)} without repeats")
        if check not in CHECKS:
            errs.append(f"check {check!r} not in {sorted(CHECKS)}")
        if not summary:
            errs.append("empty summary")
        if len(summary) > 140:
            errs.append(f"summary is {len(summary)} characters (max 140)")
        if check == "none" and not note:
            errs.append("check=none without a note saying why")
        # one check per row, every problem of the row on one FAIL line
        ok(not errs, f"{where}: " + "; ".join(errs))
        if not errs or (sec in SECTION_IDS and level in LEVELS):
            catalogue.append((sec, level, m.group(2) if m else "?"))

    for sec, ns in ordinals.items():
        ok(sorted(ns) == list(range(1, len(ns) + 1)),
           f"section {sec}: ordinals {sorted(ns)} are not 1..{len(ns)}")
        if ns != sorted(ns):
            print(f"note: section {sec}: ids are not in ascending order in the file")

    # ---- 2. cross-check against the RFC text -----------------------------
    try:
        rfc = open(RFC, encoding="utf-8").read()
    except OSError as e:
        ok(False, f"cannot read the RFC 5648 text {RFC}: {e} (set MCOA_RFC5648)")
        return
    body = split_rfc(rfc)
    for sec, _ in SECTIONS:
        ok(body[sec] is not None, f"section {sec} title not found in the RFC text")

    cat_up = collections.defaultdict(collections.Counter)
    cat_lo = collections.defaultdict(collections.Counter)
    for sec, level, _ in catalogue:
        if level != RULE:
            (cat_up if level in UPPER else cat_lo)[sec][level] += 1

    print(f"{'section':8} {'RFC':>4} {'cat':>4} {'lower':>5}  RFC key words")
    tot_rfc = tot_up = tot_lo = 0
    for sec in SECTION_IDS:
        text = body[sec] or ""
        rfc_kw = collections.Counter(KW.findall(text))
        n_rfc = sum(rfc_kw.values())
        n_up = sum(cat_up[sec].values())
        n_lo = sum(cat_lo[sec].values())
        tot_rfc += n_rfc
        tot_up += n_up
        tot_lo += n_lo
        if n_rfc or n_up or n_lo:
            kws = ", ".join(f"{k} {v}" for k, v in sorted(rfc_kw.items()))
            print(f"{sec:8} {n_rfc:4} {n_up:4} {n_lo:5}  {kws}")
        ok(n_up >= n_rfc, f"section {sec}: RFC has {n_rfc} upper-case key words, catalogue only {n_up} upper-case statements")
        for kw, c in rfc_kw.items():
            ok(cat_up[sec][kw] >= c,
               f"section {sec}: RFC has {c} x {kw}, catalogue has {cat_up[sec][kw]} statements of level {kw}")
        for kw, c in cat_up[sec].items():
            if c > rfc_kw[kw]:
                print(f"note: section {sec}: {c} statements of level {kw} for {rfc_kw[kw]} occurrences in the RFC")
        for kw in cat_lo[sec]:
            ok(re.search(r"\b" + kw + r"\b", text) is not None,
               f"section {sec}: level {kw!r} but the word does not occur in the section's text")
    print(f"{'total':8} {tot_rfc:4} {tot_up:4} {tot_lo:5}")
    for sec in cat_up.keys() | cat_lo.keys():
        if sec in body and body[sec] is not None:
            continue
        ok(False, f"section {sec}: catalogue has statements but the section was not found in the RFC text")


main()
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
