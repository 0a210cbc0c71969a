#!/usr/bin/python3
"""tshark as an oracle for mcoa-dissect.

Usage: tshark_oracle.test.py BIN_DIR SOURCE_DIR [--corpus]
       (--corpus: the public captures only, from MCOA_CORPUS or ../shared/corpus;
        without them it exits 77, a ctest skip: see tests/corpus.py)

Crafts every catalogue variant into a temporary pcap, dissects it with
`tshark -T pdml` and with `mcoa-dissect --json`, and compares, frame by
frame, every field tshark decodes that our model also has: IPv6/IPv4
addresses, the Home Address option, the type 2 routing header, the
Mobility Header common part, every message field and flag, and every
mobility option (type, length, fields).  Then does the same on a few
extra crafted packets (ORACLE_EXTRAS: fields the catalogue leaves at zero)
and, with --corpus, on the public captures of the packet corpus.

Prints one line per disagreement and ends with "N passed, M failed"
(N = fields that agree).  Exit 0 only if M == 0.

Why PDML: it is the one tshark output that gives, for every field, its
filter name, its byte position and its value, and keeps the tree (which
field belongs to which option), so options are matched by their offset in
the Mobility Header rather than by their rank.
"""
import glob
import ipaddress
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

# Places where tshark 4.0 differs from us, each with the reason and what the
# test does about it.  "renamed": same bits, other name, the values ARE
# compared.  "skipped": the value is not compared, and the number of times
# the rule applied is printed at the end.
KNOWN_DIFFERENCES = [
    {"id": "bu-O-is-tshark-B", "kind": "renamed",
     "ours": "bu.O", "tshark": "mip6.bu.b_flag",
     "reason": "BU flag 0x0040: RFC 5648 Figure 4 draws it as O (Overwrite); IANA never "
               "registered O and RFC 6602 later gave the same bit to 'B' (Bulk Binding "
               "Update), which is what tshark 4.0 decodes.  Our O must equal tshark's B."},
    {"id": "ba-res-0x08-is-tshark-B", "kind": "renamed",
     "ours": "ba.res&0x08", "tshark": "mip6.ba.b_flag",
     "reason": "BA flag byte bit 0x08 is reserved in RFC 6275/5648 (our 'res'); tshark "
               "names it RFC 6602's B.  The bit value must agree."},
    {"id": "cot-token-named-hot", "kind": "renamed",
     "ours": "cot.token", "tshark": "mip6.hot.token",
     "reason": "tshark 4.0 labels the Care-of Keygen Token of a CoT (RFC 6275 6.1.6) "
               "with the HoT field mip6.hot.token ('Home Keygen Token'); same bytes."},
    {"id": "qinq-9100-is-tshark-vlan", "kind": "renamed",
     "ours": "qinq (a tag after EtherType 0x9100)", "tshark": "vlan",
     "reason": "EtherType 0x9100 is the pre-standard QinQ service tag: we show the tag as an 802.1ad "
               "S-tag (qinq, like 0x88a8), tshark 4.0 as a plain 802.1Q tag.  Same bits: id, "
               "priority and DEI are compared."},
    {"id": "malformed-option-fields", "kind": "skipped",
     "ours": "opt.<field> of an option we mark malformed", "tshark": "mip6.bi.* etc.",
     "reason": "an option whose Length does not fit its layout (e.g. a BID option of "
               "length 5; RFC 5648 4.3 allows only 4, 8 or 20): we, like tshark, decode every "
               "field its bytes hold, and those are compared; a field tshark shows whose bytes "
               "are not all there (a Care-of Address cut short) is skipped."},
    {"id": "legacy-mh62", "kind": "renamed",
     "ours": "MH layer with \"profile\":\"mh62\"", "tshark": "mipv6 (next header 62)",
     "reason": "tshark 4.0 reads next header 62 as a Mobility Header like 135 and says nothing of the "
               "draft-era number; we name the profile mh62 (legacy-mh62-* variants, the 9 corpus "
               "captures under 62).  Every MH field and option is compared as for 135."},
    {"id": "legacy-bid01-unknown", "kind": "skipped",
     "ours": "opt.bid01 (profile mcoa-01, type 200 in the catalogue)", "tshark": "unknown mobility option",
     "reason": "the draft-01 Binding Unique Identifier sub-option never had a type number; tshark shows "
               "it as an unknown option: its type and length are compared, its fields (bid prio C R "
               "coa) have nothing to be compared with."},
    {"id": "legacy-97-dstopts", "kind": "skipped",
     "ours": "dstopts layer (profile mip6-97)", "tshark": "ipv6.dstopts with unknown options",
     "reason": "tshark 4.0 does not decode the 1997 binding destination options (BU 0xC6, BA 0x07, BR "
               "0x08); neither side finds a Mobility Header in those frames, so only the link and IP "
               "layers are compared."},
    {"id": "oai-pre-rfc5213-options", "kind": "skipped",
     "ours": "opt.<field> in oai-pmipv6/*", "tshark": "options 7-10 by IANA meaning",
     "reason": "The OAI PMIPv6 captures number their options 7-10 the pre-RFC 5213 way "
               "(corpus README); tshark and we read them by IANA meaning, which is not what "
               "the sender meant.  Only option types and lengths are compared."},
]

# ---- field maps: tshark filter name -> our JSON key --------------------------

MH_COMMON = {"mip6.proto": "proto", "mip6.hlen": "hlen", "mip6.mhtype": "mh_type",
             "mip6.reserved": "mhres", "mip6.csum": "csum"}

# Our MH layer key by MH Type, and the message fields per layer key.
MH_KEYS = {0: "brr", 1: "hoti", 2: "coti", 3: "hot", 4: "cot", 5: "bu", 6: "ba", 7: "be"}
MSG_FIELDS = {
    "hoti": {"mip6.hoti.cookie": "cookie"},
    "coti": {"mip6.coti.cookie": "cookie"},
    "hot": {"mip6.hot.nindex": "nonce", "mip6.hot.cookie": "cookie", "mip6.hot.token": "token"},
    "cot": {"mip6.cot.nindex": "nonce", "mip6.cot.cookie": "cookie",
            "mip6.hot.token": "token"},  # cot-token-named-hot
    "bu": {"mip6.bu.seqnr": "seq", "mip6.bu.a_flag": "A", "mip6.bu.h_flag": "H",
           "mip6.bu.l_flag": "L", "mip6.bu.k_flag": "K", "mip6.bu.m_flag": "M",
           "mip6.nemo.bu.r_flag": "R", "mip6.bu.p_flag": "P", "mip6.bu.f_flag": "F",
           "mip6.bu.t_flag": "T", "mip6.bu.b_flag": "O",  # bu-O-is-tshark-B
           "mip6.bu.lifetime": "lifetime"},
    "ba": {"mip6.ba.status": "status", "mip6.ba.k_flag": "K", "mip6.nemo.ba.r_flag": "R",
           "mip6.ba.p_flag": "P", "mip6.ba.t_flag": "T",
           "mip6.ba.b_flag": "res&0x08",  # ba-res-0x08-is-tshark-B
           "mip6.ba.seqnr": "seq", "mip6.ba.lifetime": "lifetime"},
    "be": {"mip6.be.status": "status", "mip6.be.haddr": "home"},
}

# Option fields by option type: tshark filter name -> our option key.
OPT_FIELDS = {
    1: {"mip6.padn": "data"},
    2: {"mip6.bra.interval": "interval"},
    3: {"mip6.acoa.acoa": "coa"},
    4: {"mip6.ni.hni": "hni", "mip6.ni.cni": "coni"},
    5: {"mip6.bad.auth": "auth"},
    6: {"mip6.nemo.mnp.pfl": "plen", "mip6.nemo.mnp.mnp": "prefix"},
    7: {"mip6.lla.optcode": "code", "mip6.lla": "lla"},
    29: {"mip6.ipv4ha.preflen": "plen", "mip6.ipv4ha.p_flag": "P", "mip6.ipv4ha.ha": "addr"},
    30: {"mip6.ipv4aa.sts": "status", "mip6.ipv4ha.preflen": "plen", "mip6.ipv4ha.ha": "addr"},
    32: {"mip6.ipv4coa.addr": "addr"},
    35: {"mip6.bi.bid": "bid", "mip6.bi.status": "status", "mip6.bi.h_flag": "H",
         "mip6.bi.coa_ipv4": "coa", "mip6.bi.coa_ipv6": "coa"},
}

# Corpus files, relative to the corpus directory (tests/corpus.py).  Only-types-and-lengths
# for options in the OAI captures (oai-pre-rfc5213-options).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from oracle_inputs import CORPUS_GLOBS, ORACLE_EXTRAS, craft_link_extras  # noqa: E402
import netns_capture  # noqa: E402

# Link layers: tshark protocol -> (our layer keys, tshark field -> our key).
LINK_MAP = {
    "eth": (("eth",), {"eth.dst": "dst", "eth.src": "src", "eth.type": "type"}),
    "vlan": (("vlan",), {"vlan.id": "id", "vlan.priority": "pcp", "vlan.dei": "dei", "vlan.etype": "type"}),
    "ieee8021ad": (("qinq",), {"ieee8021ad.id": "id", "ieee8021ad.priority": "pcp", "ieee8021ad.dei": "dei"}),
    "sll": (("sll", "sll2"), {"sll.pkttype": "pkttype", "sll.hatype": "hatype", "sll.halen": "halen",
                             "sll.ifindex": "ifindex", "sll.etype": "type", "sll.src.eth": "src"}),
    "null": (("null", "null-be", "loop"), {"null.family": "family"}),
}
OUR_LINK_KEYS = ("eth", "vlan", "qinq", "sll", "sll2", "null", "null-be", "loop")
from corpus import skip_without_corpus, wants_corpus  # noqa: E402


# ---- value normalisation -----------------------------------------------------

# Byte-string fields: compared as hex text, never as numbers (leading
# zeros matter).
HEX_KEYS = ("data", "auth", "lla")


def norm(v, field=""):
    """One comparable text form for a value from either side: numbers in
    decimal, booleans as 0/1, addresses compressed, byte strings as bare
    lower-case hex."""
    if field.rsplit(".", 1)[-1] in HEX_KEYS and isinstance(v, str):
        return v.replace(":", "").lower()
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, int):
        return str(v)
    s = str(v).strip()
    if s.lower() in ("true", "false"):
        return "1" if s.lower() == "true" else "0"
    try:
        return ipaddress.ip_address(s).compressed
    except ValueError:
        pass
    try:
        return str(int(s, 0))
    except ValueError:
        pass
    return s.replace(":", "").lower()


# ---- tshark side -------------------------------------------------------------

def first_byte(elem):
    """Type byte of an option node: tshark's option node starts at it."""
    v = elem.get("value") or ""
    return int(v[:2], 16) if len(v) >= 2 else None


def tshark_option(elem, mh_pos):
    """One mip6.options.* node -> {off, type, len, fields}."""
    opt = {"off": int(elem.get("pos")) - mh_pos, "type": first_byte(elem),
           "len": None, "fields": {}, "invalid": False}
    for f in elem.iter("field"):
        name = f.get("name")
        if name == "mip6.mobility_opt.len":
            opt["len"] = int(f.get("show"))
        elif name == "mip6.opt.len.invalid":
            opt["invalid"] = True
        elif name in OPT_FIELDS.get(opt["type"], {}):
            opt["fields"][name] = f.get("show")
    return opt


def tshark_mh(proto):
    """The mipv6 proto node -> {pos, common{}, msg{}, opts[]}."""
    mh = {"pos": int(proto.get("pos")), "common": {}, "msg": {}, "opts": []}
    for f in proto.iter("field"):
        name = f.get("name") or ""
        if name in MH_COMMON:
            mh["common"][name] = f.get("show")
        elif name.startswith("mip6.options."):
            mh["opts"].append(tshark_option(f, mh["pos"]))
        elif name.startswith("mip6.") and "." in name[5:] and not name.startswith("mip6.mobility_opt"):
            # message fields (options' own fields live under their node and
            # are collected by tshark_option; keep the first occurrence).
            mh["msg"].setdefault(name, f.get("show"))
    return mh


def walk_top_level(elem, out):
    """Collect, in document order, the layers of the packet's own header
    chain.  Subtrees of ICMPv6 (error messages quoting a packet) and of
    other payload protocols are not entered: we dissect only the chain."""
    for child in elem:
        if child.tag != "proto":
            continue
        name = child.get("name")
        if name in LINK_MAP and not out["ip"]:
            fields = {}
            for f in child.iter("field"):
                if f.get("name") in LINK_MAP[name][1]:
                    fields.setdefault(f.get("name"), f.get("show"))
            out["link"].append((name, fields))
            walk_top_level(child, out)  # tshark nests some link layers (vlan in eth)
            continue
        if name in ("ipv6", "ip"):
            src = dst = None
            for f in child.findall("field"):
                if f.get("name") in ("ipv6.src", "ip.src"):
                    src = f.get("show")
                if f.get("name") in ("ipv6.dst", "ip.dst"):
                    dst = f.get("show")
            out["ip"].append((("ipv6" if name == "ipv6" else "ipv4"), src, dst))
        elif name == "ipv6.dstopts":
            for f in child.iter("field"):
                if f.get("name") == "ipv6.opt.mipv6.home_address":
                    out["hao"].append(f.get("show"))
        elif name == "ipv6.routing":
            for f in child.iter("field"):
                if f.get("name") == "ipv6.routing.mipv6.home_address":
                    out["rh2"].append(f.get("show"))
        elif name == "mipv6":
            if out["mh"] is None:
                out["mh"] = tshark_mh(child)
            continue
        elif name in ("icmpv6", "data", "_ws.malformed"):
            continue
        walk_top_level(child, out)


def tshark_frames(pcap):
    """Run tshark on `pcap`; {frame number: layers}.  UDP port 4191 is
    decoded as IPv6 so that RFC 5555 encapsulated BUs are seen too."""
    cmd = ["tshark", "-n", "-r", pcap, "-d", "udp.port==4191,ipv6", "-T", "pdml"]
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False).stdout
    frames = {}
    for pkt in ET.fromstring(out).iter("packet"):
        num = None
        for f in pkt.iter("field"):
            if f.get("name") == "num":
                num = int(f.get("show"))
                break
        layers = {"ip": [], "hao": [], "rh2": [], "mh": None, "link": []}
        walk_top_level(pkt, layers)
        frames[num] = layers
    return frames


# ---- our side ----------------------------------------------------------------

def our_frames(dissect, pcap):
    """Run mcoa-dissect --json; {frame number: layers} in the tshark shape."""
    res = subprocess.run([dissect, "-r", pcap, "--json"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, check=False, text=True)
    if res.returncode == 2:
        raise RuntimeError("mcoa-dissect failed on %s: %s" % (pcap, res.stderr.strip()))
    frames = {}
    for line in res.stdout.splitlines():
        if not line.strip():
            continue
        obj = json.loads(line)
        layers = {"ip": [], "hao": [], "rh2": [], "mh": None, "link": []}
        for lay in obj.get("layers", []):
            key = lay.get("layer")
            if key in OUR_LINK_KEYS and not layers["ip"]:
                layers["link"].append((key, lay))
            elif key in ("ipv6", "ipv4"):
                layers["ip"].append((key, lay.get("src"), lay.get("dst")))
            elif key == "hao":
                layers["hao"].append(lay.get("home"))
            elif key == "rh2":
                layers["rh2"].append(lay.get("home"))
            elif "mh_type" in lay and layers["mh"] is None:
                layers["mh"] = lay
        frames[obj["frame"]] = layers
    return frames


def our_msg_value(mh, key):
    """Our value for a message key of MSG_FIELDS (handles the derived
    'res&0x08')."""
    if key == "res&0x08":
        res = mh.get("res")
        return None if res is None else bool(res & 0x08)
    return mh.get(key)


# ---- comparison --------------------------------------------------------------

class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.known = {}

    def check(self, where, field, ours, theirs):
        a, b = norm(ours, field), norm(theirs, field)
        if a == b:
            self.passed += 1
            return
        self.failed += 1
        print("DIFF %s %s: ours=%s tshark=%s" % (where, field, a, b))

    def skip(self, rule_id):
        self.known[rule_id] = self.known.get(rule_id, 0) + 1


def compare_addresses(t, where, ours, theirs):
    """IP layers, Home Address options and type 2 routing headers, in order."""
    for i, (tl, ol) in enumerate(zip(theirs["ip"], ours["ip"])):
        t.check(where, "%s[%d].version" % ("ip", i), ol[0], tl[0])
        t.check(where, "%s[%d].src" % (tl[0], i), ol[1], tl[1])
        t.check(where, "%s[%d].dst" % (tl[0], i), ol[2], tl[2])
    if len(theirs["ip"]) > len(ours["ip"]):
        t.check(where, "ip layers", len(ours["ip"]), len(theirs["ip"]))
    for key in ("hao", "rh2"):
        for i, home in enumerate(theirs[key]):
            ours_home = ours[key][i] if i < len(ours[key]) else None
            t.check(where, "%s[%d].home" % (key, i), ours_home, home)


def compare_link(t, where, ours, theirs):
    """Link layers in order: Ethernet, 802.1Q / 802.1ad tags, Linux cooked
    v1/v2, BSD NULL/LOOP; every field tshark shows that our layer has."""
    if len(ours) != len(theirs):
        t.check(where, "link layers", [k for k, _ in ours], [k for k, _ in theirs])
        return
    for i, ((okey, olay), (tname, tfields)) in enumerate(zip(ours, theirs)):
        keys, fmap = LINK_MAP[tname]
        tag = "link[%d]" % i
        if okey == "qinq" and tname == "vlan":  # qinq-9100-is-tshark-vlan: renamed, fields compared
            keys = ("qinq",)
        if okey not in keys:
            t.check(where, tag, okey, tname)
            continue
        for tf, value in tfields.items():
            t.check(where, "%s.%s" % (okey, fmap[tf]), olay.get(fmap[tf]), value)


def compare_mh(t, where, ours, theirs, options_types_only):
    common = theirs["common"]
    for tname, okey in MH_COMMON.items():
        if tname in common:
            t.check(where, "mh.%s" % okey, ours.get(okey), common[tname])
    msg_key = MH_KEYS.get(ours.get("mh_type"))
    for tname, okey in MSG_FIELDS.get(msg_key, {}).items():
        if tname in theirs["msg"]:
            t.check(where, "%s.%s" % (msg_key, okey), our_msg_value(ours, okey), theirs["msg"][tname])
    compare_options(t, where, ours.get("options", []), theirs["opts"], options_types_only)


def compare_options(t, where, ours, theirs, types_only):
    """Options are matched by their offset in the Mobility Header."""
    by_off = {o.get("off"): o for o in ours}
    for opt in theirs:
        tag = "opt@%d" % opt["off"]
        mine = by_off.get(opt["off"])
        if mine is None:
            t.check(where, tag, "absent", "type %s" % opt["type"])
            continue
        t.check(where, tag + ".type", mine.get("type"), opt["type"])
        if opt["len"] is not None:
            t.check(where, tag + ".len", mine.get("len"), opt["len"])
        if not opt["fields"]:
            continue
        if types_only:
            t.skip("oai-pre-rfc5213-options")
            continue
        for tname, value in opt["fields"].items():
            okey = OPT_FIELDS[opt["type"]][tname]
            if mine.get("malformed") and okey not in mine:
                t.skip("malformed-option-fields")
                continue
            t.check(where, "%s.%s" % (tag, okey), mine.get(okey), value)


def variant_name(names, num):
    """What a frame is called in DIFF lines: its catalogue variant, or, for
    a corpus file (names is a string), the file's name."""
    if isinstance(names, str):
        return names
    return names[num - 1] if 0 < num <= len(names) else "?"


def compare_file(t, dissect, pcap, names, options_types_only=False):
    theirs_all = tshark_frames(pcap)
    ours_all = our_frames(dissect, pcap)
    for num in sorted(set(theirs_all) | set(ours_all)):
        theirs, ours = theirs_all.get(num), ours_all.get(num)
        name = variant_name(names, num)
        where = "frame %d %s" % (num, name)
        if theirs is None or ours is None:
            t.check(where, "frame", "present" if ours else "absent", "present" if theirs else "absent")
            continue
        compare_link(t, where, ours["link"], theirs["link"])
        if theirs["mh"] is None and ours["mh"] is None:
            continue  # background traffic (OAI captures): not ours to judge
        if (theirs["mh"] is None) != (ours["mh"] is None):
            t.check(where, "mobility header", "absent" if ours["mh"] is None else "present",
                    "absent" if theirs["mh"] is None else "present")
            continue
        compare_addresses(t, where, ours, theirs)
        compare_mh(t, where, ours["mh"], theirs["mh"], options_types_only)


# ---- driver ------------------------------------------------------------------

def catalogue_names(craft):
    """Variant names in catalogue order: the first word of every line of
    `mcoa-craft --catalogue` that starts with a name."""
    out = subprocess.run([craft, "--catalogue"], stdout=subprocess.PIPE, check=True, text=True).stdout
    names = []
    for line in out.splitlines():
        word = line.split()[0] if line.split() else ""
        if word and (word[0].isalnum()) and not line.startswith(" "):
            names.append(word)
    return names


def main():
    if len(sys.argv) < 3:
        print("usage: %s BIN_DIR SOURCE_DIR" % sys.argv[0])
        return 2
    bin_dir = sys.argv[1]
    craft, dissect = os.path.join(bin_dir, "mcoa-craft"), os.path.join(bin_dir, "mcoa-dissect")
    if shutil.which("tshark") is None:
        print("FAIL: tshark is not installed; this oracle test needs it (apt-get install tshark)")
        return 1
    for exe in (craft, dissect):
        if not os.access(exe, os.X_OK):
            print("FAIL: %s not built" % exe)
            return 1
    for k in KNOWN_DIFFERENCES:
        print("known difference %s (%s): %s" % (k["id"], k["kind"], k["reason"]))

    t = Tally()
    if wants_corpus(sys.argv):
        corpus = skip_without_corpus(sys.argv[2])
        for pattern in CORPUS_GLOBS:
            for pcap in sorted(glob.glob(os.path.join(corpus, pattern))):
                rel = os.path.relpath(pcap, corpus)
                compare_file(t, dissect, pcap, rel, options_types_only=rel.startswith("oai-pmipv6/"))
    else:
        with tempfile.TemporaryDirectory(prefix="tshark-oracle-") as tmp:
            pcap = os.path.join(tmp, "catalogue.pcap")
            subprocess.run([craft, "--catalogue", "-w", pcap], check=True)
            compare_file(t, dissect, pcap, catalogue_names(craft))
            extras = os.path.join(tmp, "extras.pcap")
            subprocess.run([craft, "-w", extras] + [e for _, e in ORACLE_EXTRAS], check=True)
            compare_file(t, dissect, extras, [n for n, _ in ORACLE_EXTRAS])
            # every link type, in one pcapng with an interface per link type
            for path, names in craft_link_extras(craft, tmp, per_link_type=False):
                compare_file(t, dissect, path, names)
            # a real capture in network namespaces: tcpdump -i any (SLL2)
            # and tcpdump on the Ethernet interface (802.1Q / 802.1ad tags)
            try:
                any_pcap, eth_pcap, _ = netns_capture.capture(bin_dir, tmp)
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
