#!/usr/bin/python3
"""The legacy profiles (issue 14) in every output form of mcoa-dissect.

Usage: legacy_profiles.test.py BIN_DIR SOURCE_DIR [--corpus]

Without --corpus: crafts the catalogue's legacy-* variants (draft-era next
header 62, the draft-01 Binding Unique Identifier sub-option with the
catalogue's type 200, the 1997 binding destination options) and checks
that each frame names its profile in the one-line output, -v, --json,
--expr and --lint (with --profile mcoa-01:200), that the expressions craft
the same bytes again, that without --profile a draft-01 sub-option is an
unknown option (no profile is guessed) and still rebuilds, that the RFC
variants carry no profile, and that a bad --profile is bad input (exit 2).

With --corpus: the public captures whose Mobility Header sits under next
header 62 (tcpdump's ipv6-mobility-header-oobr and mobility_opt_asan*, 9
files) decode with the profile mh62 named in every form; the captures
under 135 (Zeek, ipv6_mobility_1, OAI) with none.  Skipped (77) without
the corpus (tests/corpus.py).

Prints one line per failure and "N passed, M failed"; exit 0 only if M == 0.
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corpus import skip_without_corpus, wants_corpus  # noqa: E402

BIN = sys.argv[1]
CRAFT = os.path.join(BIN, "mcoa-craft")
DISSECT = os.path.join(BIN, "mcoa-dissect")
PROFILE = ["--profile", "mcoa-01:200"]
passed = failed = 0

# What each profile looks like in each form.
MARKS = {
    "mh62": {"line": "MH(62, pre-IANA)", "v": "Profile: mh62", "expr": " mh62", "lint": "mh-next-header-62",
             "json": "mh62"},
    "mcoa-01": {"line": "BID-01 type 200", "v": "Profile: mcoa-01", "expr": "bid01 type=200", "lint": "bid-draft-01",
                "json": "mcoa-01"},
    "mip6-97": {"line": "DSTOPT(1997 draft)", "v": "Profile: mip6-97", "expr": "dstopts / ", "lint":
                "draft-binding-option", "json": "mip6-97"},
}


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL " + what)


def dissect(pcap, *args):
    r = subprocess.run([DISSECT, "-r", pcap] + list(args), capture_output=True, text=True)
    if r.returncode not in (0, 1):
        raise RuntimeError("mcoa-dissect %s: exit %d: %s" % (" ".join(args), r.returncode, r.stderr.strip()))
    return r.stdout


def frames_of(text):
    """Per-frame text of the line, --expr or JSON output (one line each) or
    of -v / --lint (a frame starts at a line without leading blanks)."""
    out = []
    for line in text.splitlines():
        if line and not line.startswith(" "):
            out.append(line)
        elif out:
            out[-1] += "\n" + line
    return out


def json_profiles(line):
    obj = json.loads(line)
    names = set()
    for lay in obj["layers"]:
        if "profile" in lay:
            names.add(lay["profile"])
        for opt in lay.get("options", []):
            if "profile" in opt:
                names.add(opt["profile"])
    return names


def all_forms(pcap, extra):
    forms = {}
    for form, args in (("line", []), ("v", ["-v"]), ("json", ["--json"]), ("expr", ["--expr"]),
                       ("lint", ["--lint"])):
        forms[form] = frames_of(dissect(pcap, *(args + extra)))
    return forms


def check_named(name, forms, i, profile):
    for form, mark in MARKS[profile].items():
        text = forms[form][i] if i < len(forms[form]) else ""
        if form == "json":
            check(mark in json_profiles(text), "%s: JSON does not name profile %s" % (name, profile))
        else:
            check(mark in text, "%s: %s output lacks '%s':\n%s" % (name, form, mark, text))


def check_unnamed(name, forms, i):
    for form, marks in (("line", [m["line"] for m in MARKS.values()]), ("expr", [m["expr"] for m in MARKS.values()])):
        text = forms[form][i] if i < len(forms[form]) else ""
        check(not any(m in text for m in marks), "%s: RFC packet shown with a legacy profile: %s" % (name, text))
    check(not json_profiles(forms["json"][i]), "%s: RFC packet has a JSON profile" % name)


def rebuilds(pcap, tmp, extra, name):
    exprs = os.path.join(tmp, name + ".expr")
    again = os.path.join(tmp, name + ".again.pcap")
    with open(exprs, "w") as f:
        f.write(dissect(pcap, "--expr", *extra))
    subprocess.run([CRAFT, "--link", "eth", "-f", exprs, "-w", again], check=True, capture_output=True)
    with open(pcap, "rb") as a, open(again, "rb") as b:
        check(a.read() == b.read(), "%s: --expr %s does not craft the same file" % (name, " ".join(extra)))


def profile_of(variant):
    return "mh62" if "-mh62-" in variant else "mcoa-01" if "-bid01-" in variant else "mip6-97"


def catalogue_part(tmp):
    names = [l.split()[0] for l in subprocess.run([CRAFT, "--catalogue", "legacy-*"], capture_output=True, text=True,
                                                  check=True).stdout.splitlines() if l and not l.startswith(" ")]
    check(len(names) >= 10, "legacy-* catalogue section has %d variants" % len(names))
    pcap = os.path.join(tmp, "legacy.pcap")
    subprocess.run([CRAFT, "--catalogue", "legacy-*", "-w", pcap], check=True)
    forms = all_forms(pcap, PROFILE)
    for i, name in enumerate(names):
        check_named(name, forms, i, profile_of(name))
    rebuilds(pcap, tmp, PROFILE, "legacy")
    rebuilds(pcap, tmp, [], "legacy-noprofile")
    # without the profile nothing is guessed: type 200 is an unknown option
    plain = frames_of(dissect(pcap))
    for i, name in enumerate(names):
        if profile_of(name) == "mcoa-01":
            check("BID-01" not in plain[i] and "opt 200" in plain[i], "%s without --profile: %s" % (name, plain[i]))
    # the RFC variants: no profile, with or without --profile
    rfc = os.path.join(tmp, "rfc.pcap")
    subprocess.run([CRAFT, "--catalogue", "-w", rfc], check=True)
    allnames = [l.split()[0] for l in subprocess.run([CRAFT, "--catalogue"], capture_output=True, text=True,
                                                     check=True).stdout.splitlines() if l and not l.startswith(" ")]
    rforms = all_forms(rfc, PROFILE)
    for i, name in enumerate(allnames):
        if not name.startswith("legacy-"):
            check_unnamed(name, rforms, i)
    # bad --profile values are bad input, with what and where
    for bad in ("mcoa-01:300", "mcoa-01:", "mcoa-02:7", "mh62", "mcoa-01:x"):
        r = subprocess.run([DISSECT, "-r", pcap, "--profile", bad], capture_output=True, text=True)
        check(r.returncode == 2 and "--profile" in r.stderr, "--profile %s: exit %d, %s" % (bad, r.returncode,
                                                                                         r.stderr.strip()))


def corpus_part(corpus, tmp):
    nh62 = sorted(glob.glob(os.path.join(corpus, "tcpdump", "mobility_opt_asan*.pcap")) +
                  glob.glob(os.path.join(corpus, "tcpdump", "ipv6-mobility-header-oobr.pcap")))
    check(len(nh62) == 9, "corpus: %d captures with next header 62, expected 9" % len(nh62))
    for pcap in nh62:
        rel = os.path.relpath(pcap, corpus)
        forms = all_forms(pcap, [])
        check(len(forms["line"]) > 0, rel + ": no frames")
        for i in range(len(forms["line"])):
            check_named("%s frame %d" % (rel, i + 1), forms, i, "mh62")
    for pattern in ("zeek/*.pcap", "tcpdump/ipv6_mobility_1.pcap", "oai-pmipv6/*.pcap"):
        for pcap in sorted(glob.glob(os.path.join(corpus, pattern))):
            rel = os.path.relpath(pcap, corpus)
            forms = all_forms(pcap, [])
            for i in range(len(forms["line"])):
                check_unnamed("%s frame %d" % (rel, i + 1), forms, i)


with tempfile.TemporaryDirectory(prefix="legacy-") as tmp:
    if wants_corpus(sys.argv):
        corpus_part(skip_without_corpus(sys.argv[2]), tmp)
    else:
        catalogue_part(tmp)
print("%d passed, %d failed" % (passed, failed))
sys.exit(0 if failed == 0 else 1)
