#!/usr/bin/env bash
# Bad input always gets a clear error that says what and where, and exit 2;
# nothing crashes.  Usage: bad_input.test.sh BIN_DIR SOURCE_DIR
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

# expect NAME WANT_RC PATTERN -- COMMAND...: exit status and a message
# matching PATTERN (extended regex) on stderr.
expect() {
  local name=$1 want=$2 pat=$3; shift 4
  local rc=0
  "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
  if [ "$rc" -eq "$want" ] && grep -Eq -- "$pat" "$tmp/err"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL $name: exit $rc (want $want), stderr:"; sed 's/^/    /' "$tmp/err"
  fi
}

craft=$bin/mcoa-craft dissect=$bin/mcoa-dissect

# malformed expressions: the message names the column
expect unknown-layer 2 'column [0-9]+|col(umn)? ?[0-9]+|:[0-9]+:' -- "$craft" 'ipv6 / bogus 1'
expect unknown-flag 2 "Q" -- "$craft" 'ipv6 / bu seq=1 Q'
expect bad-address 2 "2001:zz" -- "$craft" 'ipv6 src=2001:zz::1 / bu'
expect value-too-big 2 "70000" -- "$craft" 'ipv6 / bu seq=70000'
expect option-first 2 "bid" -- "$craft" 'ipv6 / bid 1'
expect empty 2 "." -- "$craft" ''
printf 'ipv6 / bu seq=1\nipv6 / bu seq=x\n' >"$tmp/two.expr"
expect file-line 2 "two.expr:2" -- "$craft" -f "$tmp/two.expr"
expect missing-file 2 "nope.expr" -- "$craft" -f "$tmp/nope.expr"
expect unwritable 2 "." -- "$craft" -w /nonexistent-dir/x.pcap 'ipv6 / bu'

# pcap input
expect no-such-pcap 2 "nothere.pcap" -- "$dissect" -r "$tmp/nothere.pcap"
echo "this is not a capture" >"$tmp/text.pcap"
expect not-a-pcap 2 "text.pcap" -- "$dissect" -r "$tmp/text.pcap"
"$craft" -w "$tmp/good.pcap" 'ipv6 / bu seq=1' 'ipv6 / bu seq=2' 'ipv6 / bu seq=3'
size=$(stat -c %s "$tmp/good.pcap")
head -c $((size - 10)) "$tmp/good.pcap" >"$tmp/cut.pcap"
expect truncated-pcap 2 "cut.pcap" -- "$dissect" -r "$tmp/cut.pcap"
grep -q "seq 2" "$tmp/out" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL truncated-pcap: packets before the cut were not printed"; }
expect bad-filter 2 "filter" -- "$dissect" -r "$tmp/good.pcap" 'not a ( filter'
# pcapng with two link types: cut inside a block, and a packet of an interface never described
"$craft" -w "$tmp/two.pcapng" 'eth / ipv6 / bu seq=1' 'sll2 / ipv6 / bu seq=2' 'null / ipv6 / bu seq=3'
size=$(stat -c %s "$tmp/two.pcapng")
head -c $((size - 10)) "$tmp/two.pcapng" >"$tmp/cut.pcapng"
expect truncated-pcapng 2 "cut.pcapng: truncated capture: block type 6 at byte [0-9]+" -- "$dissect" -r "$tmp/cut.pcapng"
grep -q "seq 2" "$tmp/out" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL truncated-pcapng: packets before the cut were not printed"; }
# the first Enhanced Packet Block (after the 28-byte section header and the
# 20-byte interface description) names interface 9
python3 -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[56] = 9; open(sys.argv[2], "wb").write(b)' \
  "$tmp/two.pcapng" "$tmp/noif.pcapng"
expect pcapng-no-interface 2 "interface 9 was never described" -- "$dissect" -r "$tmp/noif.pcapng"

# live interfaces that do not exist
expect craft-unknown-iface 2 "nosuchif0" -- "$craft" -i nosuchif0 'ipv6 / bu'
expect dissect-unknown-iface 2 "nosuchif0" -- "$dissect" -i nosuchif0 -c 1

# usage errors
expect dissect-no-input 2 "." -- "$dissect"
expect craft-bad-option 2 "." -- "$craft" --no-such-option

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
