#!/usr/bin/python3
"""End-to-end round trip through the command-line tools.

    mcoa-craft --catalogue -w A.pcap
    mcoa-dissect -r A.pcap --expr  > A.expr
    mcoa-craft -f A.expr -w B.pcap          B.pcap must equal A.pcap byte for byte

and the same for every link type (Ethernet with 802.1Q / 802.1ad tags, Linux
SLL and SLL2, BSD NULL in both byte orders, LOOP: one classic pcap each,
and all of them in one pcapng with an interface per link type, which must
come back byte for byte as a file), and for a real capture made in network
namespaces by tcpdump -i any (SLL2) and on the Ethernet interface; and,
with --corpus, the same for every fully captured frame of the public
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
from oracle_inputs import craft_link_extras  # noqa: E402
import netns_capture  # noqa: E402

BIN = sys.argv[1]
CRAFT = os.path.join(BIN, "mcoa-craft")
DISSECT = os.path.join(BIN, "mcoa-dissect")
# --link for re-crafting a file of this link type: "eth" leaves a packet
# that starts with a link layer (eth, sll, sll2, null, loop) as it is.
LINK = {1: "eth", 101: "raw", 0: "eth", 108: "eth", 113: "eth", 276: "eth"}

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
        for path, _ in craft_link_extras(CRAFT, tmp, per_link_type=True):
            roundtrip(os.path.basename(path), path, "eth", tmp)
        for path, _ in craft_link_extras(CRAFT, tmp, per_link_type=False):
            exprs, again = path + ".expr", path + ".again.pcapng"
            with open(exprs, "w") as f:
                subprocess.run([DISSECT, "-r", path, "--expr"], check=True, stdout=f)
            run([CRAFT, "-f", exprs, "-w", again])
            with open(path, "rb") as a, open(again, "rb") as b:
                same = a.read() == b.read()
            print(("ok   " if same else "FAIL ") + "pcapng with an interface per link type, re-crafted byte for byte")
            passed, failed = passed + same, failed + (not same)
        try:
            for path in netns_capture.capture(BIN, tmp)[:2]:
                roundtrip("real-" + os.path.basename(path), path, "eth", tmp)
        except netns_capture.CaptureError as e:
            print("FAIL real capture in network namespaces: %s" % e)
            failed += 1
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
