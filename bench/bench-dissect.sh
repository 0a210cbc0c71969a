#!/bin/bash
# bench-dissect.sh - how fast mcoa-craft and mcoa-dissect are against
# tcpdump and tshark on the same capture.  A benchmark, not a test: it never
# fails on a missed target (exit 0), it prints PASS/MISS per target.
#
#   bench/bench-dissect.sh [BUILD_DIR] [--packets N] [--tshark-packets M] [--runs R]
#
# BUILD_DIR     the cmake build directory (default: ./build); the tools are
#               BUILD_DIR/bin/mcoa-craft and BUILD_DIR/bin/mcoa-dissect.
# --packets N   packets in the capture (default 1000000).
# --tshark-packets M
#               run tshark on the first M packets only (editcap) and scale
#               its rate: tshark -T json needs ~240 s per million packets here.
#               Default: all N.
# --runs R      runs per measurement, the median is kept (default 3).
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
PCAP=$TMP/mixed.pcap          # N packets
PCAP10=$TMP/mixed-tenth.pcap  # N/10 packets, for the memory comparison
PCAPT=$TMP/mixed-tshark.pcap  # first M packets, for tshark

PIN=(taskset -c 0)

# now_ns: monotonic-enough wall clock in nanoseconds.
now_ns() { date +%s%N; }

# run_once OUTFILE CMD...: run CMD pinned to core 0, stdout and stderr to
# /dev/null; print "SECONDS PEAK_KIB".  GNU time gives the peak RSS; the
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

echo "capture: $PACKETS mixed MH packets (mcoa-craft --catalogue --count), $RUNS runs each, median, core 0" >&2
echo "crafting..." >&2
record "mcoa-craft --count N" "$PACKETS" "$CRAFT" --catalogue --count "$PACKETS" -w "$PCAP"
TENTH=$(( PACKETS / 10 ))
record "mcoa-craft --count N/10" "$TENTH" "$CRAFT" --catalogue --count "$TENTH" -w "$PCAP10"
if [ "$TSHARK_PACKETS" -lt "$PACKETS" ]; then
    editcap -r "$PCAP" "$PCAPT" "1-$TSHARK_PACKETS"
else
    PCAPT=$PCAP
fi

echo "dissecting..." >&2
record "tcpdump -nr"                "$PACKETS" tcpdump -nr "$PCAP"
record "mcoa-dissect"               "$PACKETS" "$DISSECT" -r "$PCAP"
record "tcpdump -nvvr"              "$PACKETS" tcpdump -nvvr "$PCAP"
record "mcoa-dissect --json"        "$PACKETS" "$DISSECT" -r "$PCAP" --json
record "tshark -T json"             "$TSHARK_PACKETS" tshark -n -r "$PCAPT" -T json
record "mcoa-dissect --lint"        "$PACKETS" "$DISSECT" -r "$PCAP" --lint
record "mcoa-dissect --expr"        "$PACKETS" "$DISSECT" -r "$PCAP" --expr
echo "memory at N/10..." >&2
record "mcoa-dissect (N/10)"        "$TENTH" "$DISSECT" -r "$PCAP10"
record "mcoa-dissect --json (N/10)" "$TENTH" "$DISSECT" -r "$PCAP10" --json
record "mcoa-dissect --lint (N/10)" "$TENTH" "$DISSECT" -r "$PCAP10" --lint
record "mcoa-dissect --expr (N/10)" "$TENTH" "$DISSECT" -r "$PCAP10" --expr

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
target "mcoa-dissect --json" "tcpdump -nvvr" 3
target "mcoa-dissect --json" "tshark -T json" 50
target "mcoa-dissect" "tcpdump -nr" 3
# Crafting: 1M packets in under a second, scaled when N is not 1M.
awk -v s="${SEC[mcoa-craft --count N]}" -v n="$PACKETS" 'BEGIN {
    t = s * 1000000 / n
    printf "%-4s %-42s %7.3f s per 1M packets (target < 1 s)%s\n", (t < 1 ? "PASS" : "MISS"),
           "mcoa-craft --catalogue --count", t, (n == 1000000 ? "" : " [scaled from N]") }'

echo
echo "peak memory (KiB) at N=$PACKETS and N/10=$TENTH: it must not grow with the packet count"
printf '%-24s %10s %10s\n' tool "at N" "at N/10"
printf '%-24s %10d %10d\n' "mcoa-craft --count" "${MEM[mcoa-craft --count N]}" "${MEM[mcoa-craft --count N/10]}"
for mode in "" " --json" " --lint" " --expr"; do
    printf '%-24s %10d %10d\n' "mcoa-dissect$mode" "${MEM[mcoa-dissect$mode]}" "${MEM[mcoa-dissect$mode (N/10)]}"
done
exit 0
