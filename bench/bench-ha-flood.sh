#!/bin/bash
# bench-ha-flood.sh - the reference home agent (mcoa-ha) under a flood of
# Binding Updates over veth, against the flooder's own send rate.  A
# benchmark, not a test: it prints its figures and PASS/MISS, and exits 0
# when it could measure (2 when it could not run at all).  Needs root.
#
#   bench/bench-ha-flood.sh [BUILD_DIR] [--count N] [--home-addresses K]
#
# BUILD_DIR            the cmake build directory (default: ./build):
#                      bin/mcoa-ha, bin/mcoa-ctl, bin/mcoa-craft, bench/bench-ha.
# --count N            BUs in the flood (default 200000).
# --home-addresses K   distinct home addresses, 4 BIDs each (default 1000).
#
# Two namespaces on one veth pair (bench/flood.topo): mcoa-craft floods from
# `fl`, the HA listens in `ha`.  Steps: the flooder alone into the ha
# namespace with no HA running (the path's limit, best of 2); the HA
# started; K home addresses registered in chunks the HA can take; the flood
# of N refreshes; the HA's counters read once they stop moving; memory per
# binding from the HA's RSS; the in-process bench-ha.  See bench/README.md.
set -euo pipefail
shopt -s inherit_errexit

BUILD_DIR=build
COUNT=200000
K=1000
while [ $# -gt 0 ]; do
    case "$1" in
        --count) COUNT=${2:-}; shift 2 ;;
        --home-addresses) K=${2:-}; shift 2 ;;
        -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
        -*) echo "unknown option $1" >&2; exit 2 ;;
        *) BUILD_DIR=$1; shift ;;
    esac
done
[[ $COUNT =~ ^[1-9][0-9]*$ ]] || { echo "--count takes a positive number" >&2; exit 2; }
if ! [[ $K =~ ^[1-9][0-9]*$ ]] || [ "$K" -gt 65535 ]; then echo "--home-addresses takes 1..65535" >&2; exit 2; fi
[ "$(id -u)" -eq 0 ] || { echo "bench-ha-flood: needs root (network namespaces)" >&2; exit 2; }

HERE=$(cd "$(dirname "$0")" && pwd)
NETNS=$HERE/../netns/mcoa-netns
TOPO=$HERE/flood.topo
HA=$BUILD_DIR/bin/mcoa-ha
CTL=$BUILD_DIR/bin/mcoa-ctl
CRAFT=$BUILD_DIR/bin/mcoa-craft
BENCH_HA=$BUILD_DIR/bench/bench-ha
for exe in "$HA" "$CTL" "$CRAFT" "$BENCH_HA"; do
    [ -x "$exe" ] || { echo "not built: $exe (give the build directory)" >&2; exit 2; }
done
for tool in ip nft awk; do
    command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done

# ---- namespaces, and cleaning up whatever happens ---------------------------
TMP=$(mktemp -d /tmp/bench-ha-flood.XXXXXX)
ID=$(printf 'hf%x' "$$" | cut -c1-8)
HA_PID=
NETNS_UP=
cleanup() {
    local rc=$?
    set +e
    if [ "$rc" -ne 0 ] && [ -s "$TMP/ha.log" ]; then
        echo "bench-ha-flood: failed ($rc); the end of the HA's log:" >&2
        tail -n 20 "$TMP/ha.log" >&2
    fi
    # SIGKILL, not quit: the HA would remove its ~K proxy entries and nft
    # elements one process at a time; they die with its namespace anyway.
    [ -n "$HA_PID" ] && kill -9 "$HA_PID" 2>/dev/null && wait "$HA_PID" 2>/dev/null
    [ -n "$NETNS_UP" ] && "$NETNS" down --id "$ID"
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The run belongs to this script (mcoa-netns gc removes it if we die).
MCOA_NETNS_OWNER=$$ "$NETNS" up "$TOPO" --id "$ID" >/dev/null
NETNS_UP=1
in_ns() { local n=$1; shift; ip netns exec "mc$ID-$n" "$@"; }
log() { echo "$*" >&2; }
now_ns() { date +%s%N; }
ifstat() { in_ns "$1" cat "/sys/class/net/$2/statistics/$3"; }

HA_MAC=$(in_ns ha cat /sys/class/net/home0/address)
FL_MAC=$(in_ns fl cat /sys/class/net/fl0/address)

# The BAs that reach the flooder's namespace, counted before its guard drops
# them (a Type 2 Routing Header in front: l4proto still finds the MH).
in_ns fl nft -f - <<'EOF'
table inet bench_flood {
  counter ba { }
  chain pre {
    type filter hook prerouting priority -400; policy accept;
    meta nfproto ipv6 meta l4proto 135 counter name ba
  }
}
EOF
ba_at_flooder() { in_ns fl nft list counter inet bench_flood ba | awk '$1 == "packets" { print $2 }'; }

# ---- the BUs ------------------------------------------------------------------
# Home address h (1..K) is 2001:db8:1::a:h.  Every BU comes from the
# care-of address 2001:db8:f1::10 with a Home Address option, A and H set,
# four BID options with a Care-of Address field each (a bulk registration),
# lifetime 1000 (4000 s, the HA's max-lifetime): the bindings outlive the
# run.  Registration: sequence number 1 and O.  Flood: round r (1, 2, ...)
# sends every home address once with sequence number 16384 * (r mod 4) + 1,
# so one home address sees 16385, 32769, 49153, 1, 16385, ...: each is
# "greater than" the last modulo 2^16 (RFC 6275 9.5.1, within 2^15) and
# accepted, and 4 rounds (4 K lines) cycle forever, so the crafter parses
# 4 K expressions and injects N frames with --count N.
bu_lines() { # ROUND_FIRST ROUND_LAST FLAGS
    awk -v K="$K" -v r0="$1" -v r1="$2" -v fl="$3" -v hm="$HA_MAC" -v fm="$FL_MAC" 'BEGIN {
        for (r = r0; r <= r1; r++)
            for (h = 1; h <= K; h++)
                printf "eth src=%s dst=%s / ipv6 src=2001:db8:f1::10 dst=2001:db8:1::1 / hao 2001:db8:1::a:%x" \
                       " / bu seq=%d %s lifetime=1000 / bid 1 coa=2001:db8:f1::10 / bid 2 coa=2001:db8:f2::10" \
                       " / bid 3 coa=2001:db8:f3::10 / bid 4 coa=2001:db8:f4::10\n",
                       fm, hm, h, (r % 4) * 16384 + 1, fl
    }'
}
bu_lines 0 0 "A H O" >"$TMP/register.expr"
bu_lines 1 4 "A H" >"$TMP/flood.expr"

# With two cores or more the flooder and the HA each get one (taskset), so
# the ratio compares the HA with the path's limit rather than measuring how
# the scheduler shares one core between them (FLOOD_PIN=0 to turn off).
PIN_FLOOD=() PIN_HA=()
if [ "${FLOOD_PIN:-1}" = 1 ] && [ "$(nproc)" -ge 2 ]; then PIN_FLOOD=(taskset -c 0); PIN_HA=(taskset -c 1); fi

# flood FILE COUNT: inject, print the wall time in ns.
flood() {
    local t0 t1
    t0=$(now_ns)
    in_ns fl "${PIN_FLOOD[@]}" "$CRAFT" -i fl0 -f "$1" --count "$2"
    t1=$(now_ns)
    echo $(( t1 - t0 ))
}
# The crafter's start-up (parsing and building the 4 K packets), taken off
# its wall time: the same run writing one packet to /dev/null.
STARTUP_NS=$( t0=$(now_ns); in_ns fl "$CRAFT" -f "$TMP/flood.expr" -x --count 1 >/dev/null; t1=$(now_ns); echo $(( t1 - t0 )) )
rate() { awk -v n="$1" -v ns="$2" 'BEGIN { printf "%.0f", (ns > 0 ? n * 1e9 / ns : 0) }'; }
send_ns() { local w=$1; [ "$w" -gt $(( STARTUP_NS * 2 )) ] && echo $(( w - STARTUP_NS )) || echo "$w"; }

# ---- 1. the flooder alone -------------------------------------------------------
log "namespaces mc$ID-fl, mc$ID-ha; flooder alone: $COUNT BUs into the ha namespace with no HA running (x2)"
SINK_RATE=0
SINK_RATES=()
for _ in 1 2; do
    w=$(flood "$TMP/flood.expr" "$COUNT")
    r=$(rate "$COUNT" "$(send_ns "$w")")
    SINK_RATES+=("$r")
    [ "$r" -gt "$SINK_RATE" ] && SINK_RATE=$r
done

# ---- 2. the home agent ------------------------------------------------------------
SOCK=$TMP/ha.sock
cat >"$TMP/ha.conf" <<EOF
interface = home0
address = 2001:db8:1::1
home-prefix = 2001:db8:1::/64
max-lifetime = 1000
log-bu = no
control = $SOCK
EOF
ctl() { "$CTL" "$SOCK" "$@"; }
# counters as "KEY=VALUE" lines, for eval-free lookups with get
counters() { ctl counters | tr -d '{}"' | tr ',' '\n' | sed 's/^counters://; s/:/=/'; }
get() { awk -F= -v k="$1" '$1 == k { print $2 }' <<<"$2"; }
status() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$HA_PID/status"; }
# the HA's CPU time so far (user + system), in clock ticks
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$HA_PID/stat"; }
HZ=$(getconf CLK_TCK)

# not through in_ns: $! must be the HA itself (ip netns exec execs it)
ip netns exec "mc$ID-ha" "${PIN_HA[@]}" "$HA" -c "$TMP/ha.conf" 2>"$TMP/ha.log" &
HA_PID=$!
deadline=$(( $(date +%s) + 15 ))
until ctl ping >/dev/null 2>&1; do
    kill -0 "$HA_PID" 2>/dev/null || { log "mcoa-ha died:"; cat "$TMP/ha.log" >&2; exit 2; }
    [ "$(date +%s)" -lt "$deadline" ] || { log "mcoa-ha: no control socket after 15 s"; exit 2; }
    sleep 0.05
done
RSS_START=$(status VmRSS)

# wait_settled: poll until rx + drops + BAs at the flooder stop moving
# (3 polls 100 ms apart alike), at most 120 s; prints the last counters.
wait_settled() {
    local c prev="" same=0 deadline=$(( $(date +%s) + 120 ))
    while :; do
        c=$(counters)
        local key
        key="$(get rx "$c") $(get drops "$c") $(ba_at_flooder)"
        if [ "$key" = "$prev" ]; then same=$(( same + 1 )); else same=0; fi
        prev=$key
        [ "$same" -ge 3 ] || [ "$(date +%s)" -ge "$deadline" ] || { sleep 0.1; continue; }
        echo "$c"
        return
    done
}

# ---- 3. registration: K home addresses x 4 BIDs ----------------------------------
# A first BU for a home address makes the HA intercept it: one `nft` and one
# `ip -6 neigh` process (tens of ms).  Its capture ring holds only 16 frames
# (see bench/README.md), so the registrations go in chunks of 8, each waited
# for; home addresses whose BU was dropped all the same are sent again.
register_pass() { # EXPR_FILE
    local f n sent=0 c deadline
    rm -f "$TMP"/reg.*
    split -l 8 -d -a 6 "$1" "$TMP/reg."
    ctl zero >/dev/null
    for f in "$TMP"/reg.*; do
        n=$(wc -l <"$f")
        in_ns fl "$CRAFT" -i fl0 -f "$f"
        sent=$(( sent + n ))
        deadline=$(( $(date +%s) + 30 ))
        while c=$(counters); [ $(( $(get bu "$c") + $(get drops "$c") )) -lt "$sent" ]; do
            [ "$(date +%s)" -lt "$deadline" ] || break
            sleep 0.02
        done
    done
}
log "registering $K home addresses x 4 BIDs (chunks of 8)"
REG_T0=$(now_ns)
REG_DROPS=0
REG_PASSES=0
cp "$TMP/register.expr" "$TMP/pending.expr"
while [ -s "$TMP/pending.expr" ] && [ "$REG_PASSES" -lt 3 ]; do
    register_pass "$TMP/pending.expr"
    REG=$(wait_settled)
    REG_DROPS=$(( REG_DROPS + $(get drops "$REG") ))
    REG_PASSES=$(( REG_PASSES + 1 ))
    [ "$(get home_addresses "$REG")" -lt "$K" ] || break
    # the home addresses in the binding cache; the others again
    ctl state | grep -o '"hoa":"[^"]*"' | sort -u | sed 's/^"hoa":"\(.*\)"$/hao \1 \//' >"$TMP/registered"
    grep -v -F -f "$TMP/registered" "$TMP/register.expr" >"$TMP/pending.expr" || true
done
REG_T1=$(now_ns)
REG_HOA=$(get home_addresses "$REG")
RSS_REG=$(status VmRSS)

# ---- 4. the flood ------------------------------------------------------------------
log "flood: $COUNT BUs (refreshes of the $K home addresses, A set) with the HA running"
ctl zero >/dev/null
BA0=$(ba_at_flooder)
L0=$(ifstat ha home0 rx_packets); LD0=$(ifstat ha home0 rx_dropped)
T0=$(ifstat fl fl0 tx_packets); TD0=$(ifstat fl fl0 tx_dropped)
CPU0=$(cpu_ticks)
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
FLOOD_WALL=$(flood "$TMP/flood.expr" "$COUNT")
FLOOD_SEND_NS=$(send_ns "$FLOOD_WALL")
C=$(wait_settled)
CPU1=$(cpu_ticks)
BA1=$(ba_at_flooder)
L=$(( $(ifstat ha home0 rx_packets) - L0 )); LD=$(( $(ifstat ha home0 rx_dropped) - LD0 ))
T=$(( $(ifstat fl fl0 tx_packets) - T0 )); TD=$(( $(ifstat fl fl0 tx_dropped) - TD0 ))

# ---- 5. memory ---------------------------------------------------------------------
HWM=$(status VmHWM)
RSS_END=$(status VmRSS)
kill -9 "$HA_PID" 2>/dev/null; wait "$HA_PID" 2>/dev/null || true
HA_PID=

# ---- report ------------------------------------------------------------------------
RX=$(get rx "$C"); BU=$(get bu "$C"); BA=$(get ba "$C"); TXE=$(get tx_errors "$C")
DROPS=$(get drops "$C"); IFDROPS=$(get ifdrops "$C")
FIRST=$(get first_bu_ms "$C"); LAST=$(get last_bu_ms "$C")
BINDINGS=$(get bindings "$C"); HOAS=$(get home_addresses "$C")
BA_FL=$(( BA1 - BA0 ))
# The flood window: from the first BU the HA read to the later of its last
# BU and the end of the flooder's sending.
HA_WIN_NS=$(( (LAST - FIRST) * 1000000 ))
WIN_NS=$(( HA_WIN_NS > FLOOD_SEND_NS ? HA_WIN_NS : FLOOD_SEND_NS ))
PROC_RATE=$(rate "$BU" "$WIN_NS")
FLOOD_RATE=$(rate "$COUNT" "$FLOOD_SEND_NS")
# Frames toward the HA beyond the BUs (neighbour discovery): OTHER; those
# the HA read: RX - BU; the rest of them are among the drops.  Dropped BUs:
# capture drops + veth drops (rx at home0, tx at fl0) - other frames dropped.
OTHER=$(( L + LD + TD - COUNT )); OTHER_READ=$(( RX - BU ))
DROPPED_BU=$(( DROPS + LD + TD - (OTHER - OTHER_READ) ))

echo
echo "home agent flood over veth: $COUNT BUs, $K home addresses x 4 BIDs, build $BUILD_DIR"
printf '%-46s %12s BU/s   (runs: %s; crafter start-up %.3f s taken off)\n' \
       "flooder alone, into a sink (the path's limit)" "$SINK_RATE" "${SINK_RATES[*]}" \
       "$(awk -v n="$STARTUP_NS" 'BEGIN { print n / 1e9 }')"
printf '%-46s %12s BU/s   (%.3f s)\n' "flooder, with the HA running" "$FLOOD_RATE" \
       "$(awk -v n="$FLOOD_SEND_NS" 'BEGIN { print n / 1e9 }')"
printf '%-46s %12s BU/s   (%d BUs in %.3f s: first BU to the later of last BU and end of flood)\n' "HA, BUs processed" "$PROC_RATE" \
       "$BU" "$(awk -v n="$WIN_NS" 'BEGIN { print n / 1e9 }')"
CPU_S=$(awk -v t="$(( CPU1 - CPU0 ))" -v hz="$HZ" 'BEGIN { printf "%.2f", t / hz }')
printf '%-46s %12s us/BU  (%s s on a CPU over the window: %s%%; load average %s)\n' "HA, CPU time per BU processed" \
       "$(awk -v c="$CPU_S" -v n="$BU" 'BEGIN { printf "%.1f", (n > 0 ? c * 1e6 / n : 0) }')" "$CPU_S" \
       "$(awk -v c="$CPU_S" -v w="$WIN_NS" 'BEGIN { printf "%.0f", (w > 0 ? 100 * c * 1e9 / w : 0) }')" "$LOAD"
printf '%-46s %12s BU/s   (1 / CPU time per BU: what a core of its own would give; not the target)\n' \
       "HA, CPU-bound estimate" "$(awk -v c="$CPU_S" -v n="$BU" 'BEGIN { printf "%.0f", (c > 0 ? n / c : 0) }')"
RATIO=$(awk -v a="$PROC_RATE" -v b="$SINK_RATE" 'BEGIN { printf "%.1f", (b > 0 ? 100 * a / b : 0) }')
ANSWERED=$(awk -v a="$BA" -v b="$COUNT" 'BEGIN { printf "%.1f", 100 * a / b }')
echo
echo "accounting (flood):"
printf '  %-44s %10d\n' "BUs sent by the flooder" "$COUNT"
printf '  %-44s %10d\n' "BUs processed by the HA (bu)" "$BU"
printf '  %-44s %10d   (capture ring full %d; veth: rx %d, tx %d; pcap ifdrop %d)\n' \
       "BUs dropped before the HA (kernel/pcap)" "$DROPPED_BU" "$DROPS" "$LD" "$TD" "$IFDROPS"
printf '  %-44s %10d   (ND: %d read, the rest dropped)\n' "other frames on the link" "$OTHER" "$OTHER_READ"
# Adds up when every frame that reached home0 was either read by the HA or
# counted as a capture drop (then sent = processed + dropped exactly).
if [ $(( BU + DROPPED_BU )) -eq "$COUNT" ] && [ $(( RX + DROPS )) -eq "$L" ] && [ "$OTHER" -ge 0 ]; then
    ADDS=yes
    printf '  sent %d = processed %d + dropped %d: adds up\n' "$COUNT" "$BU" "$DROPPED_BU"
else
    ADDS=no
    printf '  sent %d != processed %d + dropped %d: does NOT add up' "$COUNT" "$BU" "$DROPPED_BU"
    printf ' (frames at ha:home0 %d, read %d + capture drops %d; fl0 sent %d, tx drops %d)\n' "$L" "$RX" "$DROPS" "$T" "$TD"
fi
printf '  %-44s %10d   (%s%% of the BUs sent; send errors %d)\n' "BAs sent by the HA" "$BA" "$ANSWERED" "$TXE"
printf '  %-44s %10d   (%s)\n' "BAs arrived in the flooder's namespace" "$BA_FL" \
       "$([ "$BA_FL" -eq "$BA" ] && echo "every BA sent arrived" || echo "differs from the HA's count")"
echo
REG_S=$(awk -v n="$(( REG_T1 - REG_T0 ))" 'BEGIN { printf "%.2f", n / 1e9 }')
printf 'registration: %d of %d home addresses in %s s (%s per s; each is one nft and one ip process in the HA),\n' \
       "$REG_HOA" "$K" "$REG_S" "$(awk -v n="$REG_HOA" -v s="$REG_S" 'BEGIN { printf "%.1f", (s > 0 ? n / s : 0) }')"
printf '              %d pass(es) of chunks of 8, %d frame(s) dropped by the capture\n' "$REG_PASSES" "$REG_DROPS"
printf 'memory: RSS %d KiB at start, %d after registration, %d after the flood, peak %d KiB\n' \
       "$RSS_START" "$RSS_REG" "$RSS_END" "$HWM"
printf '        (peak - start) / bindings = (%d - %d) KiB / %d = %.0f bytes per binding (%d home addresses)\n' \
       "$HWM" "$RSS_START" "$BINDINGS" \
       "$(awk -v a="$HWM" -v b="$RSS_START" -v n="$BINDINGS" 'BEGIN { printf "%.1f", (n > 0 ? (a - b) * 1024 / n : 0) }')" "$HOAS"
CACHE_BYTES=$(get cache_bytes "$C"); CACHE_SLOTS=$(get cache_slots "$C")
printf '        binding cache: %d KiB in %d slots, allocated at start and resident in the RSS at start,\n' \
       "$(( CACHE_BYTES / 1024 ))" "$CACHE_SLOTS"
printf '        so (peak - start) misses it: cache / bindings = %.0f bytes per binding (it doubles past 3/4 full)\n' \
       "$(awk -v a="$CACHE_BYTES" -v n="$BINDINGS" 'BEGIN { printf "%.1f", (n > 0 ? a / n : 0) }')"
echo
echo "in-process ($BENCH_HA 100000 1):"
"$BENCH_HA" 100000 1 | sed 's/^/  /'
echo
echo "target:"
awk -v r="$RATIO" -v a="$ADDS" 'BEGIN {
    printf "%-4s HA BUs processed/s >= 50%% of the flooder alone: %s%%, every BU accounted for: %s\n",
           (r >= 50 && a == "yes" ? "PASS" : "MISS"), r, a }'
exit 0
