#!/bin/bash
# bench-dissect.sh - how fast mcoa-craft and mcoa-dissect are against
# tcpdump and tshark on the same captures.  A benchmark, not a test: it
# never fails on a missed target (exit 0), it prints PASS/MISS per target.
#
#   bench/bench-dissect.sh [BUILD_DIR] [--packets N] [--tshark-packets M] [--runs R]
#
# BUILD_DIR     the cmake build directory (default: ./build); the tools are
#               BUILD_DIR/bin/mcoa-craft and BUILD_DIR/bin/mcoa-dissect.
# --packets N   packets in the mix (default 1000000).
# --tshark-packets M
#               run tshark on the first M packets of each capture only
#               (editcap) and scale its rate: tshark -T json needs ~240 s
#               per million packets here.  Default: all N.
# --runs R      runs per measurement, the median is kept (default 3).
#
# The mix: every catalogue variant (malformed ones included: BID options
# of the wrong length, bad checksums, lying lengths, ...) plus Mobility
# Headers short on the wire, each plain on Ethernet, behind an 802.1Q tag,
# behind 802.1ad + 802.1Q tags (QinQ), and as Linux cooked v2 frames (what
# `tcpdump -i any` writes).  libpcap (so tcpdump) reads no file mixing link
# types, so the mix is two files, Ethernet (4/5 of N) and SLL2 (1/5), and
# every tool reads both in one measured run.
#
# Everything runs on one core (taskset -c 0) with output to /dev/null, so
# the numbers are single-core throughput of parsing and formatting, not of
# a terminal.  See bench/README.md.
set -euo pipefail
shopt -s inherit_errexit

BUILD_DIR=build
PACKETS=1000000
TSHARK_PACKETS=
RUNS=3
while [ $# -gt 0 ]; do
    case "$1" in
        --packets) PACKETS=$2; shift 2 ;;
        --tshark-packets) TSHARK_PACKETS=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        -*) echo "unknown option $1" >&2; exit 2 ;;
        *) BUILD_DIR=$1; shift ;;
    esac
done
TSHARK_PACKETS=${TSHARK_PACKETS:-$PACKETS}
[ "$TSHARK_PACKETS" -gt "$PACKETS" ] && TSHARK_PACKETS=$PACKETS

CRAFT=$BUILD_DIR/bin/mcoa-craft
DISSECT=$BUILD_DIR/bin/mcoa-dissect
for exe in "$CRAFT" "$DISSECT"; do
    [ -x "$exe" ] || { echo "not built: $exe (give the build directory)" >&2; exit 2; }
done
for tool in tcpdump tshark editcap taskset /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done

TMP=$(mktemp -d /tmp/bench-dissect.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
PIN=(taskset -c 0)

# now_ns: monotonic-enough wall clock in nanoseconds.
now_ns() { date +%s%N; }

# run_once CMD...: run CMD pinned to core 0, stdout and stderr to
# /dev/null; print "NANOSECONDS PEAK_KIB".  GNU time gives the peak RSS; the
# wall time is taken around it with nanosecond resolution because GNU
# time's %e has only 10 ms.  Exit status 1 is accepted (--lint's "found
# something"); anything else is an error.
run_once() {
    local memfile=$TMP/mem.$$ t0 t1 rc=0
    t0=$(now_ns)
    /usr/bin/time -f '%M' -o "$memfile" "${PIN[@]}" "$@" >/dev/null 2>&1 || rc=$?
    t1=$(now_ns)
    if [ "$rc" -gt 1 ]; then
        echo "command failed ($rc): $*" >&2
        exit 2
    fi
    # GNU time writes "Command exited with non-zero status 1" before %M.
    echo "$(( t1 - t0 )) $(tail -n 1 "$memfile")"
}

# measure CMD...: RUNS runs; print "SECONDS PEAK_KIB" of the median run.
measure() {
    local i results=()
    for (( i = 0; i < RUNS; i++ )); do
        results+=("$(run_once "$@")")
    done
    printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p" |
        awk '{ printf "%.3f %s\n", $1 / 1e9, $2 }'
}

# Results, by label: seconds, packets, peak KiB.
declare -A SEC NPK MEM

# record LABEL PACKETS CMD...: measure and store.
record() {
    local label=$1 npk=$2 r
    shift 2
    r=$(measure "$@")
    SEC[$label]=${r% *}
    MEM[$label]=${r#* }
    NPK[$label]=$npk
    printf '  %-34s %9d pkts %9.3f s\n' "$label" "$npk" "${SEC[$label]}" >&2
}

rate() { awk -v n="${NPK[$1]}" -v s="${SEC[$1]}" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }

# both SUFFIX TOOL ARGS...: run TOOL on the Ethernet and the SLL2 capture
# of the mix SUFFIX ("" = N packets, "-tenth" = N/10, "-tshark" = first M),
# the file in place of the word FILE in ARGS.  One process tree, so GNU
# time's peak is the larger of the two.
both() {
    local sfx=$1 f a args
    shift
    for f in "$TMP/eth$sfx.pcap" "$TMP/sll2$sfx.pcap"; do
        args=()
        for a in "$@"; do [ "$a" = FILE ] && args+=("$f") || args+=("$a"); done
        "${args[@]}"
    done
}
export -f both
export TMP
BOTH=(bash -c 'both "$@"' both)

# ---- the mix ---------------------------------------------------------------------
"$CRAFT" --catalogue -w "$TMP/cat.pcap"
"$DISSECT" -r "$TMP/cat.pcap" --expr >"$TMP/cat.expr"
{
    cat "$TMP/cat.expr"
    # Mobility Headers short on the wire (malformed, RFC 6275 9.2)
    echo "eth / ipv6 src=2001:db8:f1::10 dst=2001:db8:1::1 nh=135 / raw 3b000500"
    echo "eth / ipv6 src=2001:db8:f1::10 dst=2001:db8:1::1 / mh type=5 data=0007"
} >"$TMP/plain.expr"
# tagged copies: the first layer (eth) followed by one or two tags
sed 's| / | / vlan 100 / |' "$TMP/plain.expr" >"$TMP/vlan.expr"
sed 's| / | / qinq 10 / vlan 200 pcp=5 / |' "$TMP/plain.expr" >"$TMP/qinq.expr"
cat "$TMP/plain.expr" "$TMP/vlan.expr" "$TMP/qinq.expr" >"$TMP/eth.expr"
# Linux cooked v2: the Ethernet header replaced
sed -E 's|^eth[^/]*/ |sll2 2 pkttype=outgoing / |' "$TMP/plain.expr" >"$TMP/sll2.expr"
NETH=$(( PACKETS * 4 / 5 ))
NSLL=$(( PACKETS - NETH ))
TENTH=$(( PACKETS / 10 ))
TETH=$(( TENTH * 4 / 5 ))

echo "mix: $PACKETS packets: $NETH Ethernet (plain, 802.1Q, QinQ; $(wc -l <"$TMP/plain.expr") variants each, malformed ones included) + $NSLL Linux cooked v2; $RUNS runs each, median, core 0" >&2
echo "crafting..." >&2
record "mcoa-craft --count N" "$NETH" "$CRAFT" -f "$TMP/eth.expr" --count "$NETH" -w "$TMP/eth.pcap"
"$CRAFT" -f "$TMP/sll2.expr" --count "$NSLL" -w "$TMP/sll2.pcap"
"$CRAFT" -f "$TMP/eth.expr" --count "$TETH" -w "$TMP/eth-tenth.pcap"
"$CRAFT" -f "$TMP/sll2.expr" --count "$(( TENTH - TETH ))" -w "$TMP/sll2-tenth.pcap"
TSHARK_ETH=$(( TSHARK_PACKETS * 4 / 5 ))
editcap -r "$TMP/eth.pcap" "$TMP/eth-tshark.pcap" "1-$TSHARK_ETH"
editcap -r "$TMP/sll2.pcap" "$TMP/sll2-tshark.pcap" "1-$(( TSHARK_PACKETS - TSHARK_ETH ))"

echo "dissecting..." >&2
record "tcpdump -nr"                "$PACKETS" "${BOTH[@]}" "" tcpdump -nr FILE
record "mcoa-dissect"               "$PACKETS" "${BOTH[@]}" "" "$DISSECT" -r FILE
record "tcpdump -nvvr"              "$PACKETS" "${BOTH[@]}" "" tcpdump -nvvr FILE
record "mcoa-dissect --json"        "$PACKETS" "${BOTH[@]}" "" "$DISSECT" -r FILE --json
record "tshark -T json"             "$TSHARK_PACKETS" "${BOTH[@]}" -tshark tshark -n -r FILE -T json
record "mcoa-dissect --lint"        "$PACKETS" "${BOTH[@]}" "" "$DISSECT" -r FILE --lint
record "mcoa-dissect --expr"        "$PACKETS" "${BOTH[@]}" "" "$DISSECT" -r FILE --expr
echo "memory at N/10..." >&2
record "mcoa-dissect (N/10)"        "$TENTH" "${BOTH[@]}" -tenth "$DISSECT" -r FILE
record "mcoa-dissect --json (N/10)" "$TENTH" "${BOTH[@]}" -tenth "$DISSECT" -r FILE --json
record "mcoa-dissect --lint (N/10)" "$TENTH" "${BOTH[@]}" -tenth "$DISSECT" -r FILE --lint
record "mcoa-dissect --expr (N/10)" "$TENTH" "${BOTH[@]}" -tenth "$DISSECT" -r FILE --expr

# ---- report ------------------------------------------------------------------
echo
printf '%-28s %10s %10s %12s %10s\n' tool packets seconds packets/s "peak KiB"
for label in "mcoa-craft --count N" "tcpdump -nr" "mcoa-dissect" "tcpdump -nvvr" \
             "mcoa-dissect --json" "tshark -T json" "mcoa-dissect --lint" "mcoa-dissect --expr"; do
    printf '%-28s %10d %10.3f %12d %10d\n' "$label" "${NPK[$label]}" "${SEC[$label]}" "$(rate "$label")" "${MEM[$label]}"
done
if [ "$TSHARK_PACKETS" -lt "$PACKETS" ]; then
    echo "(tshark ran on the first $TSHARK_PACKETS packets only; its packets/s is compared," \
         "and its time for all $PACKETS would be about" \
         "$(awk -v s="${SEC[tshark -T json]}" -v n="$PACKETS" -v m="$TSHARK_PACKETS" 'BEGIN { printf "%.1f", s * n / m }') s)"
fi

# target LABEL_OURS LABEL_THEIRS MIN_RATIO: ours faster by X (rate ratio).
target() {
    awk -v a="$(rate "$1")" -v b="$(rate "$2")" -v min="$3" -v what="$1 vs $2" 'BEGIN {
        x = (b > 0 ? a / b : 0)
        printf "%-4s %-42s %7.1fx faster (target >= %dx)\n", (x >= min ? "PASS" : "MISS"), what, x, min }'
}
echo
echo "targets:"
target "mcoa-dissect --json" "tcpdump -nvvr" 4
target "mcoa-dissect" "tcpdump -nr" 5
target "mcoa-dissect --lint" "tcpdump -nvvr" 3
target "mcoa-dissect --json" "tshark -T json" 50
# Crafting: 1M packets in under a second, scaled when N is not 1M.
awk -v s="${SEC[mcoa-craft --count N]}" -v n="$NETH" 'BEGIN {
    t = s * 1000000 / n
    printf "%-4s %-42s %7.3f s per 1M packets (target < 1 s)%s\n", (t < 1 ? "PASS" : "MISS"),
           "mcoa-craft -f MIX --count", t, (n == 1000000 ? "" : " [scaled from N]") }'

echo
echo "peak memory (KiB) at N=$PACKETS and N/10=$TENTH: it must not grow with the packet count"
printf '%-24s %10s %10s\n' tool "at N" "at N/10"
flat=1
for mode in "" " --json" " --lint" " --expr"; do
    a=${MEM[mcoa-dissect$mode]} b=${MEM[mcoa-dissect$mode (N/10)]}
    printf '%-24s %10d %10d\n' "mcoa-dissect$mode" "$a" "$b"
    # flat: ten times the packets may not cost more than 10% or 1 MiB more
    [ "$a" -le $(( b + b / 10 > b + 1024 ? b + b / 10 : b + 1024 )) ] || flat=0
done
[ "$flat" = 1 ] && echo "PASS peak memory flat in the packet count" || echo "MISS peak memory grows with the packet count"
exit 0
