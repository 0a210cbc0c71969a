#!/usr/bin/python3
"""tcpdump as a (modest) oracle for mcoa-dissect.

Usage: tcpdump_oracle.test.py BIN_DIR SOURCE_DIR [--corpus]
       (--corpus: the public captures only, from MCOA_CORPUS or ../shared/corpus;
        without them it exits 77, a ctest skip: see tests/corpus.py)

Crafts the catalogue into a temporary pcap, reads it with
`tcpdump -# -tt -n -v -r` and with `mcoa-dissect --json`, and compares what
tcpdump 4.99 prints: IPv6 source/destination, Home Address option, type 2
routing header address, MH type, sequence number, BU flags A H L K, BA
status and K flag, lifetime, BE status and home address, nonce indices,
cookies and tokens, Binding Refresh Advice interval, Alternate CoA, and
option types and lengths in order.  Then the same on a few extra crafted
packets (ORACLE_EXTRAS), and with --corpus on the packet corpus
(zeek/*.pcap, tcpdump/ipv6_mobility_1.pcap, oai-pmipv6/*.pcap).

Prints one line per disagreement, ends with "N passed, M failed", exits 0
only if M == 0.

What tcpdump 4.99.3 (Debian 12) does not decode, so what is not compared
(TCPDUMP_STOPS below), was found by running it on crafted packets and on
the corpus; see the corpus README for the printer bug on the last option.
"""
import glob
import ipaddress
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

TCPDUMP_STOPS = [
    "the last mobility option is never printed: print-mobility.c checks one byte past "
    "each option (ND_TCHECK_1(bp + i + optlen)), which fails for the option that ends "
    "the packet, and prints '[|mobility]' instead; so options are compared as a prefix",
    "options it does not know (BID 35, MNP 6, LLA 7, IPv4 29/30/32, ...) are printed as "
    "'type-0xNN: len=N': only their type and length are compared (no BID fields)",
    "BU flags: only A H L K are printed; M R P F T O and BA flags other than K are not",
    "MH payload proto, header length, reserved and checksum are not printed with -v",
    "RFC 5555 UDP-encapsulated packets (UDP 4191) are shown as plain UDP: not compared",
    "lifetime and refresh interval are printed in seconds (field x 4)",
]

# Where tcpdump and we differ on purpose; applied, counted and reported, not
# failed.
KNOWN_DIFFERENCES = [
    {"id": "malformed-option-fields",
     "reason": "tcpdump 4.99 checks only a minimum length and prints the fields of an option "
               "whose Length is too long (Binding Refresh Advice of length 4, Nonce Indices of "
               "length 6); RFC 6275 6.2.4 and 6.2.6 fix those lengths at 2 and 4, so we mark "
               "the option malformed, and decode the fields its bytes hold too: those are "
               "compared.  Only a field whose bytes are not all there is skipped."},
]

MH_NAMES = {"BRR": 0, "HoTI": 1, "CoTI": 2, "HoT": 3, "CoT": 4, "BU": 5, "BA": 6, "BE": 7}
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from oracle_inputs import CORPUS_GLOBS, ORACLE_EXTRAS, craft_link_extras  # noqa: E402
import netns_capture  # noqa: E402

# Link layers, from a second pass with -e (issue 11): Ethernet addresses
# and EtherType, each 802.1Q / 802.1ad tag ("vlan 100, p 5, DEI,"), the
# Linux cooked header's direction (In/B/M/P/Out = packet type 0-4), its
# interface index (SLL2) and address, the BSD loopback family ("AF IPv6 (24)").
E_ETH = re.compile(r"^([0-9a-f:]{17}) > ([0-9a-f:]{17}), ethertype [^(]*\(0x([0-9a-f]{4})\)")
E_TAG = re.compile(r"vlan (\d+), p (\d+)(, DEI)?, ethertype [^(]*\(0x([0-9a-f]{4})\)")
E_SLL = re.compile(r"^(?:\S+\s+)?(In|B|M|P|Out)\s+(?:ifindex (\d+) )?([0-9a-f:]{17}) ethertype [^(]*\(0x([0-9a-f]{4})\)")
E_AF = re.compile(r"^AF [^(]*\((\d+)\)")
DIRECTION = {"In": 0, "B": 1, "M": 2, "P": 3, "Out": 4}
from corpus import skip_without_corpus, wants_corpus  # noqa: E402

FRAME_START = re.compile(r"^\s*(\d+)\s+\d+\.\d{6} ")
# "IP6 (hlim 64, next-header Mobility (135) payload length: 8) A > B: "
IP6_HDR = re.compile(r"IP6 \((?:[^()]|\([^()]*\))*\) ([0-9a-fA-F:.]+) > ([0-9a-fA-F:.]+): ")
HAO = re.compile(r"\(homeaddr: ([0-9a-fA-F:.]+)\)")
RH2 = re.compile(r"RT6 \(len=\d+, type=2, segleft=\d+, rsv=0x[0-9a-f]+, \[0\]([0-9a-fA-F:.]+)\)")
COOKIE = r"([0-9a-f]{8}):([0-9a-f]{8})"
MSG = [
    ("HoTI", re.compile(r"^HoTI Home Init Cookie=" + COOKIE)),
    ("CoTI", re.compile(r"^CoTI Care-of Init Cookie=" + COOKIE)),
    ("HoT", re.compile(r"^HoT nonce id=0x([0-9a-f]+) Home Init Cookie=" + COOKIE
                       + r" Home Keygen Token=" + COOKIE)),
    ("CoT", re.compile(r"^CoT nonce id=0x([0-9a-f]+) Care-of Init Cookie=" + COOKIE
                       + r" Care-of Keygen Token=" + COOKIE)),
    ("BU", re.compile(r"^BU seq#=(\d+) (?:([AHLK]+) )?lifetime=(\d+)")),
    ("BA", re.compile(r"^BA status=(\d+)( K)? seq#=(\d+) lifetime=(\d+)")),
    ("BE", re.compile(r"^BE status=(\d+) homeaddr ([0-9a-fA-F:.]+)")),
    ("BRR", re.compile(r"^BRR")),
]
OPTION = re.compile(r"\((pad1|padn|auth|refresh: (\d+)|alt-CoA: ([0-9a-fA-F:.]+)"
                    r"|ni: ho=0x([0-9a-f]+) co=0x([0-9a-f]+)|type-0x([0-9a-f]+): len=(\d+))\)")


def norm(v):
    if isinstance(v, bool):
        return "1" if v else "0"
    if v is None:
        return "null"
    s = str(v)
    try:
        return ipaddress.ip_address(s).compressed
    except ValueError:
        return s


# ---- tcpdump side ------------------------------------------------------------

def tcpdump_frames(pcap):
    """{frame number: text} from `tcpdump -# -tt -n -v`; -v continuation
    lines are joined to their frame."""
    out = subprocess.run(["tcpdump", "-#", "-tt", "-n", "-v", "-r", pcap], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True, errors="replace", check=False).stdout
    frames, cur = {}, None
    for line in out.splitlines():
        m = FRAME_START.match(line)
        if m:
            cur = int(m.group(1))
            frames[cur] = line
        elif cur is not None:
            frames[cur] += " " + line.strip()
    return frames


def tcpdump_links(pcap):
    """{frame number: [(our layer keys, {our key: value})]} from tcpdump -e."""
    out = subprocess.run(["tcpdump", "-#", "-e", "-n", "-r", pcap], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True, errors="replace", check=False).stdout
    links = {}
    for line in out.splitlines():
        m = re.match(r"^\s*(\d+)\s+\S+ (.*)$", line)
        if not m:
            continue
        num, rest = int(m.group(1)), m.group(2).lstrip()
        lay = []
        e = E_ETH.match(rest)
        s = E_SLL.match(rest)
        a = E_AF.match(rest)
        if e:
            lay.append((("eth",), {"src": e.group(1), "dst": e.group(2), "type": int(e.group(3), 16)}))
            for t in E_TAG.finditer(rest):
                lay.append((("vlan", "qinq"), {"id": int(t.group(1)), "pcp": int(t.group(2)),
                                                "dei": 1 if t.group(3) else 0, "type": int(t.group(4), 16)}))
        elif s:
            f = {"pkttype": DIRECTION[s.group(1)], "src": s.group(3), "type": int(s.group(4), 16)}
            if s.group(2):
                f["ifindex"] = int(s.group(2))
            lay.append((("sll", "sll2"), f))
        elif a:
            lay.append((("null", "null-be", "loop"), {"family": int(a.group(1))}))
        links[num] = lay
    return links


def compare_links(t, where, layers, theirs):
    mine = [l for l in layers if l.get("layer") in ("eth", "vlan", "qinq", "sll", "sll2", "null", "null-be", "loop")]
    for i, (keys, fields) in enumerate(theirs):
        lay = mine[i] if i < len(mine) else {}
        t.check(where, "link[%d]" % i, lay.get("layer") if lay.get("layer") in keys else lay.get("layer"),
                lay.get("layer") if lay.get("layer") in keys else "/".join(keys))
        for key, value in fields.items():
            t.check(where, "%s.%s" % (lay.get("layer"), key), lay.get(key), value)


def cookie(hi, lo):
    return (int(hi, 16) << 32) | int(lo, 16)


def parse_options(text):
    """Options printed after the fixed part: [(type, len or None, {field: value})]."""
    opts = []
    for m in OPTION.finditer(text):
        word = m.group(1)
        if word == "pad1":
            opts.append((0, None, {}))
        elif word == "padn":
            opts.append((1, None, {}))
        elif word == "auth":
            opts.append((5, None, {}))
        elif m.group(2) is not None:
            opts.append((2, None, {"interval_s": int(m.group(2))}))
        elif m.group(3) is not None:
            opts.append((3, None, {"coa": m.group(3)}))
        elif m.group(4) is not None:
            opts.append((4, None, {"hni": int(m.group(4), 16), "coni": int(m.group(5), 16)}))
        else:
            opts.append((int(m.group(6), 16), int(m.group(7)), {}))
    return opts


def parse_mh(text):
    """The text after 'mobility: ' -> {type, fields, options} or None."""
    for name, rx in MSG:
        m = rx.match(text)
        if not m:
            continue
        g = m.groups()
        f = {}
        if name in ("HoTI", "CoTI"):
            f["cookie"] = cookie(g[0], g[1])
        elif name in ("HoT", "CoT"):
            f.update(nonce=int(g[0], 16), cookie=cookie(g[1], g[2]), token=cookie(g[3], g[4]))
        elif name == "BU":
            f.update(seq=int(g[0]), lifetime_s=int(g[2]))
            for letter in "AHLK":
                f[letter] = letter in (g[1] or "")
        elif name == "BA":
            f.update(status=int(g[0]), K=g[1] is not None, seq=int(g[2]), lifetime_s=int(g[3]))
        elif name == "BE":
            f.update(status=int(g[0]), home=g[1])
        rest = text[m.end():]
        return {"type": MH_NAMES[name], "fields": f, "options": parse_options(rest),
                "truncated": "[|mobility]" in rest}
    return None


def parse_frame(text):
    if "mobility: " not in text:
        return None
    head, _, mh_text = text.partition("mobility: ")
    return {"ip": IP6_HDR.findall(head), "hao": HAO.findall(head), "rh2": RH2.findall(head),
            "mh": parse_mh(mh_text)}


# ---- our side ----------------------------------------------------------------

def our_frames(dissect, pcap):
    res = subprocess.run([dissect, "-r", pcap, "--json"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, check=False)
    if res.returncode == 2:
        raise RuntimeError("mcoa-dissect failed on %s: %s" % (pcap, res.stderr.strip()))
    frames = {}
    for line in res.stdout.splitlines():
        if line.strip():
            obj = json.loads(line)
            frames[obj["frame"]] = obj["layers"]
    return frames


# ---- comparison --------------------------------------------------------------

class Tally:
    def __init__(self):
        self.passed = self.failed = 0
        self.known = {}

    def skip(self, rule_id):
        self.known[rule_id] = self.known.get(rule_id, 0) + 1

    def check(self, where, field, ours, theirs):
        if norm(ours) == norm(theirs):
            self.passed += 1
        else:
            self.failed += 1
            print("DIFF %s %s: ours=%s tcpdump=%s" % (where, field, norm(ours), norm(theirs)))


def our_value(lay, key):
    """Our value for a tcpdump key; '_s' keys are the field in seconds."""
    if key.endswith("_s"):
        base = {"lifetime_s": "lifetime", "interval_s": "interval"}[key]
        return None if lay.get(base) is None else lay[base] * 4
    return lay.get(key)


def compare_frame(t, where, layers, td):
    ips = [(l.get("src"), l.get("dst")) for l in layers if l.get("layer") == "ipv6"]
    for i, (src, dst) in enumerate(td["ip"]):
        mine = ips[i] if i < len(ips) else (None, None)
        t.check(where, "ipv6[%d].src" % i, mine[0], src)
        t.check(where, "ipv6[%d].dst" % i, mine[1], dst)
    for key in ("hao", "rh2"):
        mine = [l.get("home") for l in layers if l.get("layer") == key]
        for i, home in enumerate(td[key]):
            t.check(where, "%s[%d].home" % (key, i), mine[i] if i < len(mine) else None, home)
    mh = next((l for l in layers if "mh_type" in l), None)
    if td["mh"] is None:
        return  # tcpdump printed "mobility:" but nothing we can parse (e.g. "[|mobility]")
    if mh is None:
        t.check(where, "mobility header", "absent", "present")
        return
    t.check(where, "mh.type", mh.get("mh_type"), td["mh"]["type"])
    for key, value in td["mh"]["fields"].items():
        t.check(where, "mh.%s" % key, our_value(mh, key), value)
    mine = mh.get("options", [])
    for i, (otype, olen, fields) in enumerate(td["mh"]["options"]):
        if i >= len(mine):
            t.check(where, "opt[%d]" % i, "absent", "type %d" % otype)
            continue
        t.check(where, "opt[%d].type" % i, mine[i].get("type"), otype)
        if olen is not None:
            t.check(where, "opt[%d].len" % i, mine[i].get("len"), olen)
        for key, value in fields.items():
            if mine[i].get("malformed") and our_value(mine[i], key) is None:
                t.skip("malformed-option-fields")
                continue
            t.check(where, "opt[%d].%s" % (i, key), our_value(mine[i], key), value)


def variant_name(names, num):
    """What a frame is called in DIFF lines: its catalogue variant, or, for
    a corpus file (names is a string), the file's name."""
    if isinstance(names, str):
        return names
    return names[num - 1] if 0 < num <= len(names) else "?"


def compare_file(t, dissect, pcap, names):
    td_all = tcpdump_frames(pcap)
    ours_all = our_frames(dissect, pcap)
    for num, theirs in sorted(tcpdump_links(pcap).items()):
        if num in ours_all and theirs:
            compare_links(t, "frame %d %s" % (num, variant_name(names, num)), ours_all[num], theirs)
    for num in sorted(td_all):
        td = parse_frame(td_all[num])
        if td is None:
            continue  # not an MH tcpdump decodes (background, UDP 4191, ...)
        name = variant_name(names, num)
        where = "frame %d %s" % (num, name)
        if num not in ours_all:
            t.check(where, "frame", "absent", "present")
            continue
        compare_frame(t, where, ours_all[num], td)


def catalogue_names(craft):
    out = subprocess.run([craft, "--catalogue"], stdout=subprocess.PIPE, check=True, text=True).stdout
    return [line.split()[0] for line in out.splitlines()
            if line.strip() and not line.startswith(" ") and line[0].isalnum()]


def main():
    if len(sys.argv) < 3:
        print("usage: %s BIN_DIR SOURCE_DIR" % sys.argv[0])
        return 2
    craft = os.path.join(sys.argv[1], "mcoa-craft")
    dissect = os.path.join(sys.argv[1], "mcoa-dissect")
    if shutil.which("tcpdump") is None:
        print("FAIL: tcpdump is not installed; this oracle test needs it (apt-get install tcpdump)")
        return 1
    for exe in (craft, dissect):
        if not os.access(exe, os.X_OK):
            print("FAIL: %s not built" % exe)
            return 1
    for stop in TCPDUMP_STOPS:
        print("tcpdump 4.99 limit (not compared): " + stop)
    for k in KNOWN_DIFFERENCES:
        print("known difference %s: %s" % (k["id"], k["reason"]))

    t = Tally()
    if wants_corpus(sys.argv):
        corpus = skip_without_corpus(sys.argv[2])
        for pattern in CORPUS_GLOBS:
            for pcap in sorted(glob.glob(os.path.join(corpus, pattern))):
                rel = os.path.relpath(pcap, corpus)
                compare_file(t, dissect, pcap, rel)
    else:
        with tempfile.TemporaryDirectory(prefix="tcpdump-oracle-") as tmp:
            pcap = os.path.join(tmp, "catalogue.pcap")
            subprocess.run([craft, "--catalogue", "-w", pcap], check=True)
            compare_file(t, dissect, pcap, catalogue_names(craft))
            extras = os.path.join(tmp, "extras.pcap")
            subprocess.run([craft, "-w", extras] + [e for _, e in ORACLE_EXTRAS], check=True)
            compare_file(t, dissect, extras, [n for n, _ in ORACLE_EXTRAS])
            # every link type, one classic pcap each (libpcap reads no mixed file)
            for path, names in craft_link_extras(craft, tmp, per_link_type=True):
                compare_file(t, dissect, path, names)
            # a real capture in network namespaces: tcpdump -i any (SLL2)
            # and tcpdump on the Ethernet interface (802.1Q / 802.1ad tags)
            try:
                any_pcap, eth_pcap, _ = netns_capture.capture(os.path.dirname(craft), tmp)
                compare_file(t, dissect, any_pcap, "tcpdump -i any")
                compare_file(t, dissect, eth_pcap, "tcpdump -i veth")
            except netns_capture.CaptureError as e:
                print("FAIL: real capture in network namespaces: %s" % e)
                t.failed += 1

    for rule_id, n in sorted(t.known.items()):
        print("known difference %s applied %d times (not counted)" % (rule_id, n))
    print("%d passed, %d failed" % (t.passed, t.failed))
    return 0 if t.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
