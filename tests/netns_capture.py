"""A real capture of an MCoA conversation, made two ways at once: by
`tcpdump -i any` (Linux cooked v2, LINKTYPE_LINUX_SLL2) and by `tcpdump -i
IFACE` on the Ethernet interface, in a pair of network namespaces joined by
a veth pair.  The conversation is injected with `mcoa-craft -i`: BUs with
BID options from the mobile node's side, untagged, behind an 802.1Q tag and
behind 802.1ad + 802.1Q tags, and BAs with BID options back from the home
agent's side; both captures run in the home agent's namespace, so they
hold incoming and outgoing frames.

Used by the tshark and tcpdump oracle tests and by the any-vs-Ethernet
test.  Needs root (network namespaces) and tcpdump."""
import os
import subprocess
import time

MN_MAC, HA_MAC = "02:00:00:00:00:10", "02:00:00:00:00:01"
MN, HA, COA = "2001:db8:1::100", "2001:db8:1::1", "2001:db8:f1::10"

# (namespace side, expression): what each side injects, in order.
CONVERSATION = [
    ("mn", "eth src=%s dst=%s / ipv6 src=%s dst=%s / hao %s / bu seq=1 A H O lifetime=60 / bid 1 coa=%s / "
           "bid 2 coa=2001:db8:f2::10" % (MN_MAC, HA_MAC, COA, HA, MN, COA)),
    ("ha", "eth src=%s dst=%s / ipv6 src=%s dst=%s / rh2 %s / ba 0 seq=1 lifetime=60 / bid 1 / "
           "bid 2 status=mcoa-malformed" % (HA_MAC, MN_MAC, HA, COA, MN)),
    ("mn", "eth src=%s dst=%s / vlan 100 pcp=5 / ipv6 src=%s dst=%s / hao %s / bu seq=2 A H lifetime=60 / "
           "bid 3 coa=192.0.2.10" % (MN_MAC, HA_MAC, COA, HA, MN)),
    ("mn", "eth src=%s dst=%s / qinq 10 / vlan 20 / ipv6 src=%s dst=%s / hao %s / bu seq=3 A H lifetime=60 / "
           "bid 4 len=5" % (MN_MAC, HA_MAC, COA, HA, MN)),
    ("ha", "eth src=%s dst=%s / ipv6 src=%s dst=%s / rh2 %s / ba mcoa-notcomplete seq=3 lifetime=60 / "
           "bid 4 status=mcoa-malformed" % (HA_MAC, MN_MAC, HA, COA, MN)),
]


class CaptureError(Exception):
    pass


def _run(*cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=False)
    if r.returncode != 0:
        raise CaptureError("%s: %s" % (" ".join(cmd), r.stderr.strip()))
    return r.stdout


def count_mh(dissect, pcap):
    """Frames with a Mobility Header in `pcap` (0 if it is not readable yet)."""
    r = subprocess.run([dissect, "-r", pcap, "--json"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                       text=True, check=False)
    return sum(1 for line in r.stdout.splitlines() if '"mh_type"' in line)


def capture(bin_dir, tmp):
    """Make the two captures in `tmp`; returns (any_pcap, eth_pcap, ha_ifindex).
    Raises CaptureError when namespaces or tcpdump are not available."""
    if os.geteuid() != 0:
        raise CaptureError("needs root for network namespaces")
    craft, dissect = os.path.join(bin_dir, "mcoa-craft"), os.path.join(bin_dir, "mcoa-dissect")
    tag = "mclt%d" % (os.getpid() % 100000)
    ns = {"mn": tag + "m", "ha": tag + "h"}
    dev = {"mn": tag + "a", "ha": tag + "b"}
    any_pcap, eth_pcap = os.path.join(tmp, "any.pcap"), os.path.join(tmp, "eth.pcap")
    procs = []
    try:
        for side in ("mn", "ha"):
            _run("ip", "netns", "add", ns[side])
        _run("ip", "link", "add", dev["mn"], "type", "veth", "peer", "name", dev["ha"])
        for side, mac in (("mn", MN_MAC), ("ha", HA_MAC)):
            # no IPv6 stack on the link: nothing but the injected frames
            # (no DAD, MLD, router solicitations), so both captures hold
            # exactly the conversation whenever they are stopped
            for key in ("all", "default"):
                _run("ip", "netns", "exec", ns[side], "sysctl", "-qw", "net.ipv6.conf.%s.disable_ipv6=1" % key)
            _run("ip", "link", "set", dev[side], "netns", ns[side])
            _run("ip", "-n", ns[side], "link", "set", "lo", "up")
            _run("ip", "-n", ns[side], "link", "set", dev[side], "address", mac, "up")
        ifindex = int(_run("ip", "netns", "exec", ns["ha"], "cat", "/sys/class/net/%s/ifindex" % dev["ha"]))
        for path, iface in ((any_pcap, "any"), (eth_pcap, dev["ha"])):
            err = open(path + ".err", "w")
            procs.append((subprocess.Popen(["ip", "netns", "exec", ns["ha"], "tcpdump", "-n", "-U", "-s", "0",
                                            "-i", iface, "-w", path],
                                           stdout=subprocess.DEVNULL, stderr=err), path))
        deadline = time.time() + 10
        while not all("listening on" in open(p + ".err").read() for _, p in procs):
            if time.time() > deadline or any(pr.poll() is not None for pr, _ in procs):
                raise CaptureError("tcpdump did not start: %s" % open(procs[0][1] + ".err").read().strip())
            time.sleep(0.02)
        for side, expr in CONVERSATION:
            _run("ip", "netns", "exec", ns[side], craft, "-i", dev[side], expr)
        # the cooked capture loses a double-tagged frame's MH (see
        # capture_any_vs_eth.test.py): wait for what each can show
        want = (len(CONVERSATION) - sum("qinq" in e for _, e in CONVERSATION), len(CONVERSATION))
        deadline = time.time() + 10
        while any(count_mh(dissect, p) < w for (_, p), w in zip(procs, want)) and time.time() < deadline:
            time.sleep(0.05)
        return any_pcap, eth_pcap, ifindex
    finally:
        for pr, _ in procs:
            if pr.poll() is None:
                pr.send_signal(2)
                try:
                    pr.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    pr.kill()
                    pr.wait()
        for side in ("mn", "ha"):
            subprocess.run(["ip", "netns", "del", ns[side]], stderr=subprocess.DEVNULL, check=False)
