#!/bin/bash
# bench-check.sh - how fast `mcoa-conform check` judges a capture of mixed
# Mobility Header traffic, on one core.  A benchmark, not a test: it exits
# 0 whatever the figure, and prints PASS/MISS against the target of issue
# 12 (>= 1M packets/s).
#
#   bench/bench-check.sh [BUILD_DIR] [--packets N] [--runs R]
#
# The mix (a conforming conversation, so the time is the judging, not the
# printing of findings): N packets over N/100 mobile nodes, each with its
# home agent (a bulk registration with O of two care-of addresses, its BA,
# length-4 refreshes with increasing sequence numbers and their BAs, a BRR
# with BID options) and a correspondent (HoTI/HoT, CoTI/CoT with a BID
# option, a BU with one BID option and Binding Authorization Data, a BA
# with its copy and authenticator), every packet on Ethernet, some behind
# an 802.1Q tag.  mcoa-craft writes it once (not timed); then
# `taskset -c 0 mcoa-conform check --from-start FILE` runs R times (median
# kept), wall time around the process (start-up and reading included).
set -euo pipefail

BUILD_DIR=build
PACKETS=1000000
RUNS=3
while [ $# -gt 0 ]; do
    case "$1" in
        --packets) PACKETS=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        -*) echo "unknown option $1" >&2; exit 2 ;;
        *) BUILD_DIR=$1; shift ;;
    esac
done
CRAFT=$BUILD_DIR/bin/mcoa-craft
CONFORM=$BUILD_DIR/bin/mcoa-conform
for exe in "$CRAFT" "$CONFORM"; do
    [ -x "$exe" ] || { echo "not built: $exe (give the build directory)" >&2; exit 2; }
done
PIN=()
command -v taskset >/dev/null && PIN=(taskset -c 0)
TMP=$(mktemp -d /tmp/bench-check.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

python3 - "$PACKETS" > "$TMP/mix.expr" <<'EOF'
import sys
n = int(sys.argv[1])
per = 100
mns = max(1, n // per)
HA, CN = "2001:db8:1::1", "2001:db8:c::1"
out = []
for m in range(mns):
    hoa = "2001:db8:1::%x" % (0x100 + m)
    c1 = "2001:db8:f1::%x" % (0x10 + m)
    c2 = "2001:db8:f2::%x" % (0x10 + m)
    tag = "eth / vlan 10 / " if m % 4 == 0 else ""
    def bu(seq, rest, src=c1, dst=HA):
        return f"{tag}ipv6 src={src} dst={dst} / hao {hoa} / bu seq={seq} {rest}"
    def ba(seq, rest, dst=c1, src=HA):
        return f"{tag}ipv6 src={src} dst={dst} / rh2 {hoa} / ba 0 seq={seq} {rest}"
    out.append(bu(1, f"A H O lifetime=60 / bid 1 coa={c1} / bid 2 coa={c2}"))
    out.append(ba(1, "lifetime=60 / bid 1 / bid 2"))
    for s in range(2, 42):
        out.append(bu(s, "A H lifetime=60 / bid 1 / bid 2"))
        out.append(ba(s, "lifetime=60 / bid 1 / bid 2"))
    out.append(f"{tag}ipv6 src={HA} dst={c1} / rh2 {hoa} / brr / bid 1 / bid 2")
    out.append(bu(42, "A H lifetime=60 / bid 1 / bid 2"))
    out.append(ba(42, "lifetime=60 / bid 1 / bid 2"))
    out.append(f"{tag}ipv6 src={hoa} dst={CN} / hoti cookie={m + 1}")
    out.append(f"{tag}ipv6 src={CN} dst={hoa} / hot nonce=1 cookie={m + 1} token=7")
    out.append(f"{tag}ipv6 src={c1} dst={CN} / coti cookie={m + 2} / bid 1")
    out.append(f"{tag}ipv6 src={CN} dst={c1} / cot nonce=1 cookie={m + 2} token=9 / bid 1")
    out.append(bu(1, f"A lifetime=60 / bid 1 coa={c1} / nonce hni=1 coni=1 / auth", dst=CN))
    out.append(ba(1, "lifetime=60 / bid 1 / auth", src=CN))
    for s in range(2, 5):
        out.append(bu(s, "A lifetime=60 / bid 1 / nonce hni=1 coni=1 / auth", dst=CN))
        out.append(ba(s, "lifetime=60 / bid 1 / auth", src=CN))
for line in out[:n]:
    print(line)
EOF
"$CRAFT" -w "$TMP/mix.pcap" -f "$TMP/mix.expr"
count=$(wc -l < "$TMP/mix.expr")
# a conforming mix: no finding expected (exit 0); a finding would be a bug in the mix or the model
"$CONFORM" check --from-start "$TMP/mix.pcap" | tail -1
times=()
for _ in $(seq "$RUNS"); do
    t0=$(date +%s%N)
    "${PIN[@]}" "$CONFORM" check --from-start "$TMP/mix.pcap" > /dev/null || true
    t1=$(date +%s%N)
    times+=($(( t1 - t0 )))
done
med=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
pps=$(( count * 1000000000 / (med > 0 ? med : 1) ))
echo "mcoa-conform check: $count packets in $(( med / 1000000 )) ms (median of $RUNS, one core): $pps packets/s"
if [ "$pps" -ge 1000000 ]; then echo "PASS >= 1000000 packets/s"; else echo "MISS < 1000000 packets/s"; fi
