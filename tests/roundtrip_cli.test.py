#!/usr/bin/python3
"""End-to-end round trip through the command-line tools.

    mcoa-craft --catalogue -w A.pcap
    mcoa-dissect -r A.pcap --expr  > A.expr
    mcoa-craft -f A.expr -w B.pcap          B.pcap must equal A.pcap byte for byte

and, with --corpus, the same for every fully captured frame of the public
packet corpus (captures no one here wrote; MCOA_CORPUS or ../shared/corpus,
skipped with exit 77 when absent, see tests/corpus.py): whatever was
captured can be crafted again.
Usage: roundtrip_cli.test.py BIN_DIR SOURCE_DIR [--corpus]
"""
import glob
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcaplib import read_pcap  # noqa: E402
from corpus import skip_without_corpus, wants_corpus  # noqa: E402

BIN = sys.argv[1]
CRAFT = os.path.join(BIN, "mcoa-craft")
DISSECT = os.path.join(BIN, "mcoa-dissect")
LINK = {1: "eth", 101: "raw"}

passed = failed = skipped = 0


def run(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw)


def compare(name, orig, again):
    """Frame by frame; only fully captured frames can be crafted again."""
    global passed, failed, skipped
    _, fa = read_pcap(orig)
    _, fb = read_pcap(again)
    if len(fa) != len(fb):
        print(f"FAIL {name}: {len(fa)} frames, re-crafted {len(fb)}")
        failed += 1
        return
    for i, ((cap, olen, a), (_, _, b)) in enumerate(zip(fa, fb), 1):
        if cap < olen:
            skipped += 1
            continue
        if a == b:
            passed += 1
        else:
            at = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
            print(f"FAIL {name} frame {i}: differs at byte {at} (lengths {len(a)} and {len(b)})")
            failed += 1


def roundtrip(name, pcap, link, tmp):
    exprs = os.path.join(tmp, name + ".expr")
    again = os.path.join(tmp, name + ".again.pcap")
    with open(exprs, "w") as f:
        subprocess.run([DISSECT, "-r", pcap, "--expr"], check=True, stdout=f)
    run([CRAFT, "--link", link, "-f", exprs, "-w", again])
    compare(name, pcap, again)


with tempfile.TemporaryDirectory() as tmp:
    if not wants_corpus(sys.argv):
        cat = os.path.join(tmp, "catalogue.pcap")
        run([CRAFT, "--catalogue", "-w", cat])
        roundtrip("catalogue", cat, "eth", tmp)
    else:
        corpus = skip_without_corpus(sys.argv[2])
        for pcap in sorted(glob.glob(os.path.join(corpus, "*", "*.pcap"))):
            linktype, _ = read_pcap(pcap)
            if linktype not in LINK:
                print(f"skip {pcap}: link type {linktype} has no crafter form")
                continue
            roundtrip(os.path.basename(pcap), pcap, LINK[linktype], tmp)

print(f"({skipped} truncated frames skipped: bytes not captured cannot be crafted again)")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed or passed == 0 else 0)
