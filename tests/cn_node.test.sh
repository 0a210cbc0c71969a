#!/usr/bin/env bash
# The reference correspondent node (harness/mcoa-cn) in the triad topology,
# driven packet by packet from the mobile node's namespace with mcoa-craft:
#   - a CoTI with a BID option is answered by a CoT with the BID option
#     (RFC 5648 4.3), and a HoTI by a HoT routed towards the home address;
#   - with the keygen tokens of both (Kbm, RFC 6275 5.2.5) a bulk BU (two BID
#     options) is answered 168, every BID status 0 (RFC 5648 6.2), in a BA
#     to the care-of address with a Type 2 RH, signed with Kbm (9.5.4);
#   - a BU with one BID option registers it (BA 0), and `send-udp` then goes
#     route optimized: to the care-of address with a Type 2 RH (9.3.2);
#   - a packet with a Home Address option from a care-of address without a
#     binding gets a Binding Error status 1 (RFC 5648 6.5), one from the
#     bound care-of address is accepted.
# Usage: cn_node.test.sh BIN_DIR SOURCE_DIR (as root).
set -u
bin=$1 src=$2
netns=$src/netns/mcoa-netns
craft=$bin/mcoa-craft ctl=$bin/mcoa-ctl
pass=0 fail=0

if [ "$(id -u)" -ne 0 ]; then echo "cn_node: needs root (namespaces); skipped"; exit 0; fi

HOA=2001:db8:1::100 CN=2001:db8:c::1
COA1=2001:db8:f1::10 COA2=2001:db8:f2::10
ZERO_AUTH=000000000000000000000000

tmp=$(mktemp -d)
id=cn$(($$ % 1000000))
cnpid=
cleanup() {
  if [ -n "$cnpid" ]; then kill -TERM "$cnpid" 2>/dev/null; wait "$cnpid" 2>/dev/null; fi
  "$netns" down --id "$id" >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1${2:+: $2}"; }
# check NAME WANT GOT
check() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "want '$2', got '$3'"; fi; }
finish() {
  echo "$pass passed, $fail failed"
  [ "$fail" -eq 0 ] || { echo "--- mcoa-cn log"; sed 's/^/    /' "$tmp/cn.log"; exit 1; }
  exit 0
}

ns() { echo "mc$id-$1"; }
inns() { local n=$1; shift; ip netns exec "$(ns "$n")" "$@"; }
sock=$tmp/cn.sock
cnctl() { "$ctl" "$sock" "$@"; }

# Fields of the Mobility Header (or of any layer) of a dissected capture,
# and the return routability arithmetic the mobile node would do.
cat >"$tmp/t.py" <<'EOF'
import hashlib, hmac, ipaddress, json, sys
sys.path.insert(0, sys.argv[1])
from pcaplib import read_pcap

def mh_bytes(ip6):
    """The Mobility Header of an IPv6 packet, through extension headers."""
    off, nh = 40, ip6[6]
    while nh in (0, 43, 60):
        nh, off = ip6[off], off + (ip6[off + 1] + 1) * 8
    if nh != 135:
        raise SystemExit("no Mobility Header")
    return bytearray(ip6[off:off + (ip6[off + 1] + 1) * 8])

def authenticator(ht, ct, coa, cn, mh):
    """RFC 6275 5.2.5 / 6.2.7: Kbm = SHA1(ht | ct); First(96, HMAC_SHA1(Kbm,
    coa | cn | MH with Checksum zero, without the Authenticator))."""
    kbm = hashlib.sha1(bytes.fromhex(ht + ct)).digest()
    mh = bytearray(mh)
    mh[4:6] = b"\0\0"
    msg = ipaddress.IPv6Address(coa).packed + ipaddress.IPv6Address(cn).packed + bytes(mh[:-12])
    return hmac.new(kbm, msg, hashlib.sha1).digest()[:12]

cmd, a = sys.argv[2], sys.argv[3:]
if cmd == "get":      # get JSONL PYEXPR: L = layers, m = the MH layer, o = its options
    L = json.loads(open(a[0]).readline())["layers"]
    m = next((l for l in L if "mh_type" in l), {})
    o = m.get("options", [])
    print(eval(a[1]))
elif cmd == "sign":   # sign HT CT COA CN HEX: the authenticator for a crafted BU
    print(authenticator(a[0], a[1], a[2], a[3], mh_bytes(bytes.fromhex(a[4]))).hex())
elif cmd == "verify": # verify PCAP HT CT COA CN: the captured BA's authenticator
    lt, frames = read_pcap(a[0])
    mh = mh_bytes(frames[0][2][14 if lt == 1 else 0:])
    print("good" if authenticator(a[1], a[2], a[3], a[4], mh) == bytes(mh[-12:]) else "bad")
EOF
# the interpreter itself, not a version manager's shim (each shim call costs)
PY=$(python3 -c 'import sys; print(sys.executable)') || { echo "cn_node: needs python3"; exit 1; }
py() { "$PY" "$tmp/t.py" "$src/tests" "$@"; }

# now + seconds, in ms
deadline() { echo $(($(date +%s%3N) + $1 * 1000)); }
past() { [ "$(date +%s%3N)" -ge "$1" ]; }

# capture NAME NODE IF FILTER: one packet into $tmp/NAME.pcap, in the
# background; returns once tcpdump listens.
declare -A CAP
capture() {
  local name=$1 node=$2 ifc=$3 filter=$4 t
  rm -f "$tmp/$name.pcap" "$tmp/$name.err"
  inns "$node" tcpdump -n -U --immediate-mode -c 1 -i "$ifc" -w "$tmp/$name.pcap" "$filter" 2>"$tmp/$name.err" &
  CAP[$name]=$!
  t=$(deadline 5)
  until grep -q "listening on" "$tmp/$name.err" 2>/dev/null; do
    past "$t" && { bad "capture $name" "tcpdump did not start: $(cat "$tmp/$name.err")"; return 1; }
    sleep 0.02
  done
}
# captured NAME: waits (3 s at most) for the packet, dissects it into
# $tmp/NAME.json; 1 if nothing came.
captured() {
  local name=$1 pid=${CAP[$1]} t
  t=$(deadline 3)
  while kill -0 "$pid" 2>/dev/null; do
    if past "$t"; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; return 1; fi
    sleep 0.02
  done
  wait "$pid" 2>/dev/null
  "$bin/mcoa-dissect" -r "$tmp/$name.pcap" --json >"$tmp/$name.json" 2>/dev/null && [ -s "$tmp/$name.json" ]
}
send() { inns mn "$craft" -i f1 "$1" >/dev/null || bad "send" "$1"; }

# ---- topology and node -------------------------------------------------------
"$netns" up "$src/netns/topologies/triad.topo" --id "$id" >/dev/null || { echo "cannot build triad.topo"; exit 1; }
cat >"$tmp/cn.conf" <<EOF
interface = c0
address = $CN
max-lifetime = 60
nonce-regen = 30000
control = $sock
EOF
# MCOA_CN_FAULTS="cn-accept-bulk ..." runs the node with faults: the checks
# of the clauses they break must then fail (a check of the test itself)
faults=()
for f in ${MCOA_CN_FAULTS:-}; do faults+=(--fault "$f"); done
ip netns exec "$(ns cn)" "$bin/mcoa-cn" -c "$tmp/cn.conf" "${faults[@]}" >"$tmp/cn.log" 2>&1 &
cnpid=$!
t=$(deadline 10)
until cnctl ping 2>/dev/null | grep -q '"ok":true'; do
  if past "$t" || ! kill -0 "$cnpid" 2>/dev/null; then bad "mcoa-cn starts" "$(cat "$tmp/cn.log")"; finish; fi
  sleep 0.05
done
ok "mcoa-cn answers on its control socket"
check "unknown command is an error" 1 "$(cnctl bogus | grep -c '"error"')"

# ---- care-of test with a BID option (RFC 5648 4.3) ------------------------------
capture cot mn f1 "ip6 src $CN" || finish
send "ipv6 src=$COA1 dst=$CN / coti cookie=0x0102030405060708 / bid 1"
if captured cot; then
  check "CoT answers the CoTI" 4 "$(py get "$tmp/cot.json" "m['mh_type']")"
  check "CoT cookie copied" 72623859790382856 "$(py get "$tmp/cot.json" "m['cookie']")"
  check "CoT carries the BID option, status 0" "[(1, 0)]" \
    "$(py get "$tmp/cot.json" "[(x['bid'], x['status']) for x in o if x['option'] == 'bid']")"
  coni=$(py get "$tmp/cot.json" "m['nonce']")
  ct=$(py get "$tmp/cot.json" "'%016x' % m['token']")
else
  bad "CoT captured in ns mn"; finish
fi

# ---- home test: the HoT goes to the home address (seen leaving through r) -------
capture hot r c "ip6 src $CN and ip6 dst $HOA" || finish
send "ipv6 src=$HOA dst=$CN / hoti cookie=0x1112131415161718"
if captured hot; then
  check "HoT sent towards the home address" 3 "$(py get "$tmp/hot.json" "m['mh_type']")"
  hni=$(py get "$tmp/hot.json" "m['nonce']")
  ht=$(py get "$tmp/hot.json" "'%016x' % m['token']")
else
  bad "HoT captured in ns r"; finish
fi

# signed_bu ARGS OPTS: the BU from COA1 with the Nonce Indices and a valid
# Binding Authorization Data (the care-of address of the MAC is the first
# BID option's, RFC 5648 5.2)
signed_bu() {
  local e="ipv6 src=$COA1 dst=$CN / hao $HOA / bu $1 / nonce hni=$hni coni=$coni$2 / auth auth="
  local auth
  auth=$(py sign "$ht" "$ct" "$COA1" "$CN" "$("$craft" -x "$e$ZERO_AUTH")")
  echo "$e$auth"
}

# ---- bulk registration is refused (RFC 5648 6.2) -------------------------------
capture bulk mn f1 "ip6 src $CN" || finish
send "$(signed_bu "seq=1 A lifetime=60" " / bid 1 coa=$COA1 / bid 2 coa=$COA2")"
if captured bulk; then
  check "bulk BU: BA status 168" 168 "$(py get "$tmp/bulk.json" "m.get('status')")"
  check "bulk BU: BID options copied, statuses 0" "[(1, 0), (2, 0)]" \
    "$(py get "$tmp/bulk.json" "[(x['bid'], x['status']) for x in o if x['option'] == 'bid']")"
  check "BA to the care-of address with a Type 2 RH to the home address" "$COA1 $HOA" \
    "$(py get "$tmp/bulk.json" "L[1]['dst'] + ' ' + L[2].get('home', '-')")"
  check "BA signed with Kbm (RFC 6275 9.5.4)" good "$(py verify "$tmp/bulk.pcap" "$ht" "$ct" "$COA1" "$CN")"
else
  bad "BA to the bulk BU captured"
fi
check "no binding after the bulk BU" '[]' \
  "$(cnctl state | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["bindings"])')"

# ---- one BID: registered, then route optimization (RFC 6275 9.3.2) ------------
capture reg mn f1 "ip6 src $CN" || finish
send "$(signed_bu "seq=2 A lifetime=60" " / bid 1 coa=$COA1")"
if captured reg; then
  check "BU with one BID: BA status 0" 0 "$(py get "$tmp/reg.json" "m.get('status')")"
else
  bad "BA to the single-BID BU captured"
fi
check "binding for BID 1 at $COA1" "1 $COA1" \
  "$(cnctl state | "$PY" -c 'import json,sys; b=json.load(sys.stdin)["bindings"]; print(" ".join("%s %s" % (x["bid"], x["coa"]) for x in b))')"

# a wrong authenticator: silently discarded (RFC 6275 9.5.1), seen in `state`
bu=$(signed_bu "seq=3 A lifetime=60" " / bid 1 coa=$COA1")
send "${bu%????}$([ "${bu: -4}" = 0000 ] && echo 0001 || echo 0000)"
reasons() { cnctl state | "$PY" -c 'import json,sys; print(" ".join(json.load(sys.stdin)["counters"]["discarded"]["reasons"]))'; }
t=$(deadline 3)
until reasons | grep -q "authenticator"; do past "$t" && break; sleep 0.05; done
check "BU with a wrong authenticator discarded" 1 "$(reasons | grep -c "authenticator does not verify")"

capture ro mn f1 "ip6 src $CN and not ip6 proto 135" || finish
reply=$(cnctl send-udp "$HOA" 7000 hello route optimization)
check "send-udp goes route optimized" optimized \
  "$(echo "$reply" | "$PY" -c 'import json,sys; print(json.load(sys.stdin).get("route"))')"
if captured ro; then
  check "UDP to the care-of address, Type 2 RH to the home address, port 7000" "$COA1 $HOA 7000" \
    "$(py get "$tmp/ro.json" "L[1]['dst'] + ' ' + L[2].get('home', '-') + ' ' + str(L[3].get('dport'))")"
else
  bad "route optimized UDP captured"
fi
check "send-udp without binding goes direct" direct \
  "$(cnctl send-udp 2001:db8:1::200 7000 x | "$PY" -c 'import json,sys; print(json.load(sys.stdin).get("route"))')"

# ---- RFC 5648 6.5: Home Address option from an unknown care-of address ---------
capture be mn f2 "ip6 src $CN" || finish
send "ipv6 src=$COA2 dst=$CN / hao $HOA / udp sport=7000 dport=7000 / raw 6869"
if captured be; then
  check "Binding Error status 1 for the home address" "7 1 $HOA" \
    "$(py get "$tmp/be.json" "'%d %d %s' % (m['mh_type'], m['status'], m['home'])")"
  check "Binding Error to the packet's source, no RH" "$COA2 0" \
    "$(py get "$tmp/be.json" "L[1]['dst'] + ' ' + str(sum(1 for l in L if l['layer'] == 'rh2'))")"
else
  bad "Binding Error captured in ns mn on f2"
fi
# from the bound care-of address: accepted (RFC 6275 9.3.1), no Binding Error
send "ipv6 src=$COA1 dst=$CN / hao $HOA / udp sport=7000 dport=7000 / raw 6869"
t=$(deadline 3)
until [ "$(cnctl state | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["counters"]["data_rx"])')" = 1 ]; do
  past "$t" && break
  sleep 0.05
done
state=$(cnctl state)
counters() { echo "$state" | "$PY" -c "import json,sys; s=json.load(sys.stdin); c=s['counters']; print($1)"; }
check "HAO packet from the bound care-of address accepted" "1 $HOA" \
  "$(counters "c['data_rx'], s['last_data']['hoa']" | tr -d "(),'")"
check "counters: coti hoti bu ba_sent be_sent" "1 1 3 2 1" \
  "$(counters "c['coti'], c['hoti'], c['bu'], c['ba_sent'], c['be_sent']" | tr -d "(),")"
check "state: nonce index and discard reason" "True True" \
  "$(counters "isinstance(s['nonce_index'], int), any('6.5' in k for k in c['discarded']['reasons'])" | tr -d "(),")"

# ---- clean shutdown: SIGTERM removes the nft table and the socket -----------------
kill -TERM "$cnpid"
t=$(deadline 5)
while kill -0 "$cnpid" 2>/dev/null; do past "$t" && break; sleep 0.05; done
if kill -0 "$cnpid" 2>/dev/null; then bad "mcoa-cn stops on SIGTERM"; else wait "$cnpid"; check "mcoa-cn exits 0 on SIGTERM" 0 $?; fi
cnpid=
check "nft table and control socket removed" "0 no" \
  "$(inns cn nft list tables | grep -c mcoa_cn) $([ -e "$sock" ] && echo yes || echo no)"
finish
