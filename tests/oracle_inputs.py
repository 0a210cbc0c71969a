"""What both oracle tests (tshark, tcpdump) feed the tools besides the
catalogue: one list, so the two oracles always see the same packets."""

# Packets beyond the catalogue, crafted for the oracle: they set the fields
# the catalogue leaves at zero (BU flags M P F T, BA R P T and bit 0x08,
# extreme values) and the messages and options it lacks (BRR, CoT, CoTI with
# all-ones, BE status 2, IPv6-in-IPv6, Nonce Indices, Alternate CoA,
# Authorization Data, IPv4 Address Acknowledgement / Care-of Address).
ORACLE_EXTRAS = [
    ("x-bu-all-flags", "ipv6 src=2001:db8:f1::10 dst=2001:db8:1::1 / hao 2001:db8:1::100 / "
     "bu seq=65535 A H L K M R P F T O lifetime=65535 / bid 65535 status=255 H coa=2001:db8:f1::10"),
    ("x-bu-mpft-res", "ipv6 src=2001:db8:f1::10 dst=2001:db8:1::1 / bu seq=3 M P F T res=0x2a lifetime=1"),
    ("x-ba-flags-b", "ipv6 src=2001:db8:1::1 dst=2001:db8:f1::10 / rh2 2001:db8:1::100 / "
     "ba 169 K R P T res=0x08 seq=9 lifetime=7 / bra 300 / bid 4 status=mcoa-unknown-coa"),
    ("x-ba-ipv4-opts", "ipv6 src=2001:db8:1::1 dst=2001:db8:f1::10 / ba 0 res=0x0f seq=1 lifetime=0 / "
     "ipv4ack 203.0.113.9 status=128 plen=30 / ipv4coa 192.0.2.200"),
    ("x-brr", "ipv6 src=2001:db8:1::1 dst=2001:db8:1::100 / brr"),
    ("x-cot", "ipv6 src=2001:db8:1::1 dst=2001:db8:1::100 / cot nonce=0xbeef "
     "cookie=0x0102030405060708 token=0xf0e0d0c0b0a09080"),
    ("x-coti-ones", "ipv6 src=2001:db8:1::1 dst=2001:db8:1::100 / coti cookie=0xffffffffffffffff"),
    ("x-be-2", "ipv6 src=2001:db8:1::1 dst=2001:db8:1::100 / be 2 home=2001:db8:1::100"),
    ("x-ip6ip6-ni-altcoa-auth", "ipv6 src=2001:db8:f1::10 dst=2001:db8:1::1 / "
     "ipv6 src=2001:db8:1::100 dst=2001:db8:1::1 / bu seq=1 A H lifetime=60 / nonce hni=1 coni=65535 / "
     "altcoa 2001:db8:f9::1 / auth auth=00112233445566778899aabb"),
    ("x-ipv4hoa-bid4-lla", "ipv6 src=2001:db8:f1::10 dst=2001:db8:1::1 / hao 2001:db8:1::100 / "
     "bu seq=1 A H lifetime=60 / ipv4hoa 0.0.0.0 P plen=32 / bid 9 coa=198.51.100.7 / lla 0200000000aa code=mn"),
]

CORPUS_GLOBS = ["zeek/*.pcap", "tcpdump/ipv6_mobility_1.pcap", "oai-pmipv6/*.pcap"]

# Link layers (issue 11): the same kind of messages behind every link type
# the model holds.  Crafted into one pcapng with an interface per link type
# (tshark) or into one classic pcap per link type (tcpdump: libpcap reads
# no file mixing link types).
_BU = ("ipv6 src=2001:db8:f1::10 dst=2001:db8:1::1 / hao 2001:db8:1::100 / bu seq=5 A H O lifetime=60 / "
       "bid 1 coa=2001:db8:f1::10 / bid 2 status=4 H")
_BA = "ipv6 src=2001:db8:1::1 dst=2001:db8:f1::10 / rh2 2001:db8:1::100 / ba 0 seq=5 lifetime=60 / bid 1 / bid 2"
LINK_EXTRAS = [
    ("l-vlan", "eth src=02:00:00:00:00:10 dst=02:00:00:00:00:01 / vlan 100 pcp=5 / " + _BU),
    ("l-vlan-dei", "eth / vlan 4094 pcp=7 dei=1 / " + _BA),
    ("l-qinq", "eth / qinq 10 pcp=3 / vlan 20 / " + _BU),
    ("l-qinq-9100", "eth type=0x9100 / qinq 30 / vlan 40 / " + _BA),
    ("l-vlan-bid-len5", "eth / vlan 7 / ipv6 src=2001:db8:f1::10 dst=2001:db8:1::1 / bu seq=6 A H / bid 1 len=5"),
    ("l-sll", "sll pkttype=outgoing src=02:00:00:00:00:10 / " + _BU),
    ("l-sll-in", "sll pkttype=host hatype=772 / " + _BA),
    ("l-sll2", "sll2 3 pkttype=outgoing src=02:00:00:00:00:10 / " + _BU),
    ("l-sll2-bcast", "sll2 12 pkttype=broadcast / " + _BA),
    ("l-null", "null / " + _BU),
    ("l-null-be", "null-be / " + _BA),
    ("l-null-darwin", "null family=30 / " + _BU),
    ("l-loop", "loop / " + _BA),
    ("l-loop-freebsd", "loop family=28 / " + _BU),
    ("l-null-ipv4-udp", "null / ipv4 src=192.0.2.10 dst=198.51.100.1 / udp / " + _BU),
]

# Link type of each LINK_EXTRAS entry, by its first keyword.
_LINKTYPE = {"eth": 1, "sll": 113, "sll2": 276, "null": 0, "null-be": 0, "loop": 108}


def craft_link_extras(craft, tmp, per_link_type):
    """Craft LINK_EXTRAS into `tmp`: [(pcap, [names])].  One pcapng with an
    interface per link type, or (per_link_type) one classic pcap each."""
    import subprocess
    import os
    if not per_link_type:
        path = os.path.join(tmp, "links.pcapng")
        subprocess.run([craft, "-w", path] + [e for _, e in LINK_EXTRAS], check=True)
        return [(path, [n for n, _ in LINK_EXTRAS])]
    groups = {}
    for name, expr in LINK_EXTRAS:
        groups.setdefault(_LINKTYPE[expr.split()[0]], []).append((name, expr))
    out = []
    for lt, items in sorted(groups.items()):
        path = os.path.join(tmp, "link%d.pcap" % lt)
        subprocess.run([craft, "-w", path] + [e for _, e in items], check=True)
        out.append((path, [n for n, _ in items]))
    return out
