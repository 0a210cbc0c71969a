/*
 * catalogue.c - the named variants of the conformance suite: every Binding
 * Update, Binding Acknowledgement and Binding Identifier case RFC 5648 (on
 * RFC 6275) asks an implementation to send, accept or reject, written as
 * crafter expressions (craft/EXPRESSIONS.md).  Pure data.
 *
 * Each variant names the lint rules (dissect/lib/lint.c) it must raise;
 * tests/unit/test_lint.c crafts, dissects and lints every one of them.  The
 * lint runs with the correspondent node below named (as `--cn 2001:db8:c::1`),
 * so that a Binding Acknowledgement from it is known to be a CN's.
 *
 * Addressing plan (RFC 3849 / RFC 5737 documentation space):
 *   home agent (HA)            2001:db8:1::1     IPv4 198.51.100.1
 *   home prefix                2001:db8:1::/64
 *   home address (HoA)         2001:db8:1::100
 *   care-of addresses          2001:db8:f1::10 (BID 1), 2001:db8:f2::10 (BID 2),
 *                              2001:db8:f3::10 (BID 3), IPv4 192.0.2.10 (BID 4)
 *   correspondent node (CN)    2001:db8:c::1
 *   MN / HA link-layer         02:00:00:00:00:10 / 02:00:00:00:00:01
 * Binding Updates from the mobile node away from home go
 *     ipv6 src=CoA dst=HA / hao HoA / bu ...
 * and Binding Acknowledgements come back
 *     ipv6 src=HA dst=CoA / rh2 HoA / ba ...
 * (RFC 6275 6.1.7, 6.1.8, 9.5.4).  Lifetimes are in 4-second units.
 */
#include "mcoa/craft.h"

#define HA     "2001:db8:1::1"
#define HOA    "2001:db8:1::100"
#define COA1   "2001:db8:f1::10"
#define COA2   "2001:db8:f2::10"
#define COA3   "2001:db8:f3::10"
#define CN     "2001:db8:c::1"
#define COA4   "192.0.2.10"
#define HA4    "198.51.100.1"
#define MN_MAC "02:00:00:00:00:10"
#define HA_MAC "02:00:00:00:00:01"
#define AUTH   "auth auth=00112233445566778899aabb"
#define COOKIE "cookie=0x0102030405060708"
#define TOKEN  "token=0x1112131415161718"

/* Headers below the Mobility Header, one per direction. */
#define BU_HA   "ipv6 src=" COA1 " dst=" HA " / hao " HOA " / "
#define BA_HA   "ipv6 src=" HA " dst=" COA1 " / rh2 " HOA " / "
#define BU_CN   "ipv6 src=" COA1 " dst=" CN " / hao " HOA " / "
#define BA_CN   "ipv6 src=" CN " dst=" COA1 " / rh2 " HOA " / "
#define HOME_MN "eth src=" MN_MAC " dst=" HA_MAC " / ipv6 src=" HOA " dst=" HA " / "
#define HOME_HA "eth src=" HA_MAC " dst=" MN_MAC " / ipv6 src=" HA " dst=" HOA " / "
#define UDP4_MN "ipv4 src=" COA4 " dst=" HA4 " / udp / "
#define UDP4_HA "ipv4 src=" HA4 " dst=" COA4 " / udp / "

/* A registering BU to the home agent (RFC 6275 6.1.7 flags A and H). */
#define REG "bu seq=1 A H lifetime=60"

const mc_variant mc_catalogue[] = {
    /* ---- registration to the home agent (RFC 5648 5.1, 5.2, 6.2) ---- */
    {"bu-single-coa", "RFC5648 5.1, 5.2, 4.3", "single registration, BID 1 with its IPv6 care-of address",
     BU_HA REG " / bid 1 coa=" COA1, ""},
    {"bu-single-nocoa", "RFC5648 5.1, 6.2", "re-registration of a known BID without the Care-of Address field",
     BU_HA "bu seq=2 A H lifetime=60 / bid 1", ""},
    {"bu-bootstrap-o", "RFC5648 4.2, 5.2", "first registration with O: replace every binding by BID 1",
     BU_HA "bu seq=1 A H O lifetime=60 / bid 1 coa=" COA1, ""},
    {"bu-single-coa2", "RFC5648 5.2", "single registration of BID 2 sent from the second care-of address",
     "ipv6 src=" COA2 " dst=" HA " / hao " HOA " / bu seq=3 A H lifetime=60 / bid 2 coa=" COA2, ""},
    {"bu-single-flags-lk", "RFC6275 6.1.7, RFC5648 4.2", "single registration with the L and K flags as well",
     BU_HA "bu seq=4 A H L K lifetime=60 / bid 1 coa=" COA1, ""},
    {"bu-single-mr-mnp", "RFC3963 4.3, RFC5648 5.2", "mobile router registration (R) with a Mobile Network Prefix",
     BU_HA "bu seq=5 A H R lifetime=60 / bid 1 coa=" COA1 " / mnp 2001:db8:100:: plen=48", ""},
    {"bu-single-ipv4hoa", "RFC5555 3.1.1, RFC5648 8", "registration asking for an IPv4 home address",
     BU_HA "bu seq=6 A H lifetime=60 / bid 1 coa=" COA1 " / ipv4hoa 203.0.113.1 plen=24", ""},
    {"bu-bulk-2-coa", "RFC5648 5.3, 6.2", "bulk registration of two BIDs, both with care-of addresses",
     BU_HA REG " / bid 1 coa=" COA1 " / bid 2 coa=" COA2, ""},
    {"bu-bulk-3-coa", "RFC5648 5.3, 6.2", "bulk registration of three BIDs, all with care-of addresses",
     BU_HA REG " / bid 1 coa=" COA1 " / bid 2 coa=" COA2 " / bid 3 coa=" COA3, ""},
    {"bu-bulk-3-mixed", "RFC5648 5.3", "bulk registration as in Figure 7: two new BIDs with CoA, one known without",
     BU_HA REG " / bid 1 coa=" COA1 " / bid 2 coa=" COA2 " / bid 3", ""},
    {"bu-bulk-3-nocoa", "RFC5648 5.1, 5.3", "bulk re-registration of three known BIDs without Care-of Address fields",
     BU_HA "bu seq=7 A H lifetime=60 / bid 1 / bid 2 / bid 3", ""},
    {"bu-bulk-3-o", "RFC5648 4.2, 5.3", "bulk registration with O: the three bindings replace all others",
     BU_HA "bu seq=1 A H O lifetime=60 / bid 1 coa=" COA1 " / bid 2 coa=" COA2 " / bid 3 coa=" COA3, ""},
    {"bu-bulk-v4-v6", "RFC5648 8.1", "bulk registration from an IPv6 CoA including an IPv4 CoA (Figure 10)",
     BU_HA REG " / bid 1 coa=" COA1 " / bid 4 coa=" COA4, ""},
    {"bu-bulk-8-nocoa", "RFC5648 5.3", "bulk refresh of eight BIDs",
     BU_HA "bu seq=8 A H lifetime=60 / bid 1 / bid 2 / bid 3 / bid 4 / bid 5 / bid 6 / bid 7 / bid 8", ""},
    {"bu-ipv4-coa-bid", "RFC5648 4.3, 8.1", "IPv4 care-of address in a BID option of Length 8",
     BU_HA REG " / bid 4 coa=" COA4, ""},

    /* ---- de-registration (RFC 5648 5.4, 6.2) ---- */
    {"bu-dereg-all", "RFC5648 5.4, 6.2", "de-registration of every binding: lifetime 0, no BID option",
     BU_HA "bu seq=9 A H lifetime=0", ""},
    {"bu-dereg-bid", "RFC5648 5.4, 6.2", "de-registration of BID 2 only",
     BU_HA "bu seq=9 A H lifetime=0 / bid 2", ""},
    {"bu-dereg-bid-bulk", "RFC5648 5.4, 5.3", "de-registration of BIDs 2 and 3 in one BU",
     BU_HA "bu seq=9 A H lifetime=0 / bid 2 / bid 3", ""},
    {"bu-dereg-bid-coa", "RFC5648 5.4", "de-registration of BID 2 still carrying its care-of address",
     BU_HA "bu seq=9 A H lifetime=0 / bid 2 coa=" COA2, ""},
    {"bu-dereg-o-bid", "RFC5648 6.2", "de-registration with O set, which the home agent ignores",
     BU_HA "bu seq=9 A H O lifetime=0 / bid 2", ""},
    {"bu-dereg-unknown-bid", "RFC5648 6.2", "de-registration of a BID never registered (answer: status 133)",
     BU_HA "bu seq=9 A H lifetime=0 / bid 42", ""},

    /* ---- MCoA and legacy bindings (RFC 5648 6.2) ---- */
    {"bu-non-mcoa", "RFC6275 6.1.7, RFC5648 6.2", "legacy registration without a BID option",
     BU_HA REG, ""},
    {"bu-non-mcoa-then-bid", "RFC5648 6.2", "BID registration without O after a legacy one (answer: MCOA NON-MCOA BINDING EXISTS)",
     BU_HA "bu seq=2 A H lifetime=60 / bid 1 coa=" COA1, ""},
    {"bu-unknown-coa", "RFC5648 6.2", "BID 9 without a Care-of Address, never registered (answer: MCOA UNKNOWN COA)",
     BU_HA "bu seq=3 A H lifetime=60 / bid 9", ""},
    {"bu-altcoa-legacy", "RFC6275 6.2.5", "legacy registration with an Alternate Care-of Address option",
     BU_HA REG " / altcoa " COA1, ""},

    /* ---- IPv4 care-of address (RFC 5648 8.1, Figure 9) ---- */
    {"bu-ipv4-fig9", "RFC5648 8.1, RFC5555 4.1", "initial BU for an IPv4 care-of address over IPv4/UDP (Figure 9)",
     UDP4_MN "ipv6 src=" HOA " dst=" HA " / " REG " / bid 4 coa=" COA4, ""},
    {"bu-ipv4-fig9-hao", "RFC5648 8.1", "Figure 9 BU with a Home Address option in the inner IPv6 header",
     UDP4_MN "ipv6 src=" HOA " dst=" HA " / hao " HOA " / " REG " / bid 4 coa=" COA4, ""},
    {"bu-ipv4-fig9-nat", "RFC5648 8.1", "Figure 9 BU whose BID address differs from the IPv4 source (behind a NAT)",
     "ipv4 src=203.0.113.77 dst=" HA4 " / udp / ipv6 src=" HOA " dst=" HA " / " REG " / bid 4 coa=" COA4, ""},
    {"ba-ipv4-udp", "RFC5648 8.2, RFC5555 4.3", "BA for the IPv4 care-of address registration over IPv4/UDP",
     UDP4_HA "ipv6 src=" HA " dst=" HOA " / ba 0 seq=1 lifetime=60 / bid 4", ""},

    /* ---- simultaneous home and foreign attachment (RFC 5648 5.6) ---- */
    {"bu-home-simul", "RFC5648 5.6.3, 4.3", "home binding from the home link: BID H, CoA = home address, LLA code 2",
     HOME_MN REG " / bid 1 H coa=" HOA " / lla 020000000010 code=mn", ""},
    {"bu-home-simul-bulk", "RFC5648 5.6.3, 5.3", "home binding in a bulk registration with a foreign binding",
     BU_HA REG " / bid 1 H coa=" HOA " / bid 2 coa=" COA2 " / lla 020000000010 code=mn", ""},
    {"bu-home-refresh", "RFC5648 5.6.3, 5.1", "refresh of the home binding without its Care-of Address field",
     HOME_MN "bu seq=2 A H lifetime=60 / bid 1 H / lla 020000000010 code=mn", ""},
    {"bu-home-dereg", "RFC5648 5.5.1, RFC6275 11.5.4", "returning home: de-register every binding from the home link",
     HOME_MN "bu seq=3 A H lifetime=0", ""},
    {"bu-leave-home", "RFC5648 5.6.5", "leaving the home link: BU for a care-of address with the BID H flag clear",
     BU_HA "bu seq=4 A H lifetime=60 / bid 2 coa=" COA2, ""},
    {"ba-home-accepted", "RFC5648 6.3", "BA accepting the home binding (Neighbor Discovery permitted)",
     HOME_HA "ba 0 seq=1 lifetime=60 / bid 1", ""},
    {"ba-home-returnhome-wondp", "RFC5648 6.3, 5.6.4", "BA accepting the home binding without Neighbor Discovery (status 5)",
     HOME_HA "ba 5 seq=1 lifetime=60 / bid 1", ""},
    {"bu-home-no-lla", "RFC5648 5.6.3", "home binding without the Link-Layer Address option (SHOULD carry it)",
     HOME_MN REG " / bid 1 H coa=" HOA, "home-lla-missing"},
    {"bu-home-lla-code", "RFC5648 5.6.3", "home binding with an LLA option whose Option-Code is not 2",
     HOME_MN REG " / bid 1 H coa=" HOA " / lla 020000000010 code=3", "lla-code"},
    {"bu-home-h-foreign-coa", "RFC5648 5.6.3", "BID H flag with a care-of address that is not the home address",
     BU_HA REG " / bid 1 H coa=" COA1 " / lla 020000000010 code=mn", "bid-home-coa"},
    {"bid-coa-home", "RFC5648 5.6.3, 6.2", "Care-of Address field holding the home address without the H flag",
     BU_HA REG " / bid 1 coa=" HOA, "bid-home-coa"},

    /* ---- care-of addresses that are not unicast routable (RFC 5648 4.3, 6.2: MCOA MALFORMED) ---- */
    {"bid-coa-unspecified", "RFC5648 4.3, 6.2", "CoA :: (unspecified)", BU_HA REG " / bid 1 coa=::", "bid-coa-not-routable"},
    {"bid-coa-loopback", "RFC5648 4.3, 6.2", "CoA ::1 (loopback)", BU_HA REG " / bid 1 coa=::1", "bid-coa-not-routable"},
    {"bid-coa-multicast", "RFC5648 4.3, 6.2", "CoA ff02::1 (multicast)", BU_HA REG " / bid 1 coa=ff02::1", "bid-coa-not-routable"},
    {"bid-coa-link-local", "RFC5648 4.3, 6.2", "CoA fe80::10 (link-local)", BU_HA REG " / bid 1 coa=fe80::10", "bid-coa-not-routable"},
    {"bid-coa-v4mapped", "RFC5648 4.3, 6.2", "CoA ::ffff:192.0.2.10 (IPv4-mapped) in a Length-20 option",
     BU_HA REG " / bid 1 coa=::ffff:192.0.2.10", "bid-coa-not-routable"},
    {"bid-coa4-zero", "RFC5648 4.3, 6.2, 8.1", "IPv4 CoA 0.0.0.0", BU_HA REG " / bid 4 coa=0.0.0.0", "bid-coa-not-routable"},
    {"bid-coa4-loopback", "RFC5648 4.3, 6.2, 8.1", "IPv4 CoA 127.0.0.1", BU_HA REG " / bid 4 coa=127.0.0.1", "bid-coa-not-routable"},
    {"bid-coa4-multicast", "RFC5648 4.3, 6.2, 8.1", "IPv4 CoA 224.0.0.1", BU_HA REG " / bid 4 coa=224.0.0.1", "bid-coa-not-routable"},
    {"bid-coa4-link-local", "RFC5648 4.3, 6.2, 8.1", "IPv4 CoA 169.254.0.10", BU_HA REG " / bid 4 coa=169.254.0.10", "bid-coa-not-routable"},
    {"bid-coa4-broadcast", "RFC5648 4.3, 6.2, 8.1", "IPv4 CoA 255.255.255.255", BU_HA REG " / bid 4 coa=255.255.255.255", "bid-coa-not-routable"},

    /* ---- BID option format (RFC 5648 4.3) ---- */
    {"bid-zero", "RFC5648 4.3, 5.1", "BID value 0, reserved (SHOULD NOT be used)", BU_HA REG " / bid 0 coa=" COA1, "bid-zero"},
    {"bid-max", "RFC5648 5.1", "BID value 65535, the largest", BU_HA REG " / bid 65535 coa=" COA1, ""},
    {"bid-reserved-1", "RFC5648 4.3", "BID option with the lowest Reserved bit set",
     BU_HA REG " / bid 1 res=1 coa=" COA1, "bid-reserved"},
    {"bid-reserved-all", "RFC5648 4.3", "BID option with all 7 Reserved bits set",
     BU_HA REG " / bid 1 res=0x7f", "bid-reserved"},
    {"bid-duplicate", "RFC5648 5.1", "the same BID twice in one bulk registration",
     BU_HA REG " / bid 1 coa=" COA1 " / bid 1 coa=" COA2, "bid-duplicate"},
    {"bid-noalign-coa", "RFC5648 4.3, RFC6275 6.2.1", "BID option with a CoA at 8n+4 instead of 8n+2",
     BU_HA REG " / bid 1 coa=" COA1 " noalign", "opt-align"},
    {"bid-noalign-nocoa", "RFC5648 4.3, RFC6275 6.2.1", "BID option without a CoA at an odd offset instead of 2n",
     BU_HA REG " / pad1 / bid 1 noalign", "opt-align"},
    {"bid-lenfield-over", "RFC6275 6.2.1, RFC5648 4.3", "BID option whose Length (20) runs past the Mobility Header",
     BU_HA REG " / bid 1 lenfield=20", "opt-overrun"},
    {"bid-lenfield-under", "RFC5648 4.3, 6.2", "BID option whose Length byte says 2 over a 4-octet body",
     BU_HA REG " / bid 1 lenfield=2", "bid-length"},
    {"bid-trailing-bytes", "RFC6275 6.2.1", "stray octets after the last option: an option that overruns the header",
     BU_HA REG " / bid 1 coa=" COA1 " / bytes 0708", "opt-overrun"},
    {"bid-len-0", "RFC5648 4.3, 6.2", "BID option of Length 0: MCOA MALFORMED",
     BU_HA "bu seq=1 A H lifetime=60 / bid 1 len=0", "bid-length"},
    {"bid-len-1", "RFC5648 4.3, 6.2", "BID option of Length 1: MCOA MALFORMED",
     BU_HA "bu seq=1 A H lifetime=60 / bid 1 len=1", "bid-length"},
    {"bid-len-2", "RFC5648 4.3, 6.2", "BID option of Length 2: MCOA MALFORMED",
     BU_HA "bu seq=1 A H lifetime=60 / bid 1 len=2", "bid-length"},
    {"bid-len-3", "RFC5648 4.3, 6.2", "BID option of Length 3: MCOA MALFORMED",
     BU_HA "bu seq=1 A H lifetime=60 / bid 1 len=3", "bid-length"},
    {"bid-len-5", "RFC5648 4.3, 6.2", "BID option of Length 5: MCOA MALFORMED",
     BU_HA "bu seq=1 A H lifetime=60 / bid 1 len=5", "bid-length"},
    {"bid-len-6", "RFC5648 4.3, 6.2", "BID option of Length 6: MCOA MALFORMED",
     BU_HA "bu seq=1 A H lifetime=60 / bid 1 len=6", "bid-length"},
    {"bid-len-7", "RFC5648 4.3, 6.2", "BID option of Length 7: MCOA MALFORMED",
     BU_HA "bu seq=1 A H lifetime=60 / bid 1 len=7", "bid-length"},
    {"bid-len-9", "RFC5648 4.3, 6.2", "BID option of Length 9: MCOA MALFORMED",
     BU_HA "bu seq=1 A H lifetime=60 / bid 1 len=9", "bid-length"},
    {"bid-len-10", "RFC5648 4.3, 6.2", "BID option of Length 10: MCOA MALFORMED",
     BU_HA "bu seq=1 A H lifetime=60 / bid 1 len=10", "bid-length"},
    {"bid-len-11", "RFC5648 4.3, 6.2", "BID option of Length 11: MCOA MALFORMED",
     BU_HA "bu seq=1 A H lifetime=60 / bid 1 len=11", "bid-length"},
    {"bid-len-12", "RFC5648 4.3, 6.2", "BID option of Length 12: MCOA MALFORMED",
     BU_HA "bu seq=1 A H lifetime=60 / bid 1 len=12", "bid-length"},
    {"bid-len-13", "RFC5648 4.3, 6.2", "BID option of Length 13: MCOA MALFORMED",
     BU_HA "bu seq=1 A H lifetime=60 / bid 1 len=13", "bid-length"},
    {"bid-len-14", "RFC5648 4.3, 6.2", "BID option of Length 14: MCOA MALFORMED",
     BU_HA "bu seq=1 A H lifetime=60 / bid 1 len=14", "bid-length"},
    {"bid-len-15", "RFC5648 4.3, 6.2", "BID option of Length 15: MCOA MALFORMED",
     BU_HA "bu seq=1 A H lifetime=60 / bid 1 len=15", "bid-length"},
    {"bid-len-16", "RFC5648 4.3, 6.2", "BID option of Length 16: MCOA MALFORMED",
     BU_HA "bu seq=1 A H lifetime=60 / bid 1 len=16", "bid-length"},
    {"bid-len-17", "RFC5648 4.3, 6.2", "BID option of Length 17: MCOA MALFORMED",
     BU_HA "bu seq=1 A H lifetime=60 / bid 1 len=17", "bid-length"},
    {"bid-len-18", "RFC5648 4.3, 6.2", "BID option of Length 18: MCOA MALFORMED",
     BU_HA "bu seq=1 A H lifetime=60 / bid 1 len=18", "bid-length"},
    {"bid-len-19", "RFC5648 4.3, 6.2", "BID option of Length 19: MCOA MALFORMED",
     BU_HA "bu seq=1 A H lifetime=60 / bid 1 len=19", "bid-length"},
    {"bid-len-21", "RFC5648 4.3, 6.2", "BID option of Length 21: MCOA MALFORMED",
     BU_HA "bu seq=1 A H lifetime=60 / bid 1 len=21", "bid-length"},
    {"bid-len-255", "RFC5648 4.3, 6.2", "BID option of Length 255: MCOA MALFORMED",
     BU_HA "bu seq=1 A H lifetime=60 / bid 1 len=255", "bid-length"},

    /* ---- Binding Update flags and options with BID (RFC 5648 4.2, 5.2, 8.1) ---- */
    {"bu-o-no-bid", "RFC5648 4.2", "O flag in a registration without a BID option", BU_HA "bu seq=1 A H O lifetime=60", "bu-o-without-bid"},
    {"bu-dereg-o-no-bid", "RFC5648 4.2, 5.4", "O flag in a de-registration without a BID option",
     BU_HA "bu seq=9 A H O lifetime=0", "bu-o-without-bid"},
    {"bu-altcoa-with-bid", "RFC5648 5.2", "Alternate Care-of Address option next to a BID option (MUST NOT)",
     BU_HA REG " / altcoa " COA2 " / bid 1 coa=" COA1, "bid-altcoa"},
    {"bu-ipv4coa-opt-with-bid", "RFC5648 8.1", "IPv4 Care-of Address option next to a BID option (MUST NOT)",
     UDP4_MN "ipv6 src=" HOA " dst=" HA " / " REG " / bid 4 coa=" COA4 " / ipv4coa " COA4, "bid-ipv4coa-opt"},

    /* ---- Binding Acknowledgement for every status (RFC 6275 6.1.8, RFC 5648 4.4) ---- */
    {"ba-accepted", "RFC6275 6.1.8, RFC5648 6.2", "BA 0 Binding Update accepted, BID copied", BA_HA "ba 0 seq=1 lifetime=60 / bid 1", ""},
    {"ba-accepted-prefix-disc", "RFC6275 6.1.8", "BA 1 accepted but prefix discovery necessary", BA_HA "ba 1 seq=1 lifetime=60 / bid 1", ""},
    {"ba-mcoa-notcomplete", "RFC5648 4.4, 6.2", "BA 4 MCOA NOTCOMPLETE: BID 2 failed with MCOA MALFORMED",
     BA_HA "ba 4 seq=1 lifetime=60 / bid 1 / bid 2 status=mcoa-malformed", ""},
    {"ba-mcoa-returnhome-wo-ndp", "RFC5648 4.4, 6.3", "BA 5 MCOA RETURNHOME WO/NDP", BA_HA "ba 5 seq=1 lifetime=60 / bid 1", ""},
    {"ba-unspecified", "RFC6275 6.1.8", "BA 128 unspecified for the whole Binding Update", BA_HA "ba unspecified seq=1 lifetime=0 / bid 1", ""},
    {"ba-prohibited", "RFC6275 6.1.8", "BA 129 prohibited for the whole Binding Update", BA_HA "ba prohibited seq=1 lifetime=0 / bid 1", ""},
    {"ba-insufficient-resources", "RFC6275 6.1.8", "BA 130 insufficient resources for the whole Binding Update", BA_HA "ba insufficient-resources seq=1 lifetime=0 / bid 1", ""},
    {"ba-homereg-not-supported", "RFC6275 6.1.8", "BA 131 homereg not supported for the whole Binding Update", BA_HA "ba homereg-not-supported seq=1 lifetime=0 / bid 1", ""},
    {"ba-not-home-subnet", "RFC6275 6.1.8", "BA 132 not home subnet for the whole Binding Update", BA_HA "ba not-home-subnet seq=1 lifetime=0 / bid 1", ""},
    {"ba-not-ha-for-mn", "RFC6275 6.1.8", "BA 133 not ha for mn for the whole Binding Update", BA_HA "ba not-ha-for-mn seq=1 lifetime=0 / bid 1", ""},
    {"ba-dad-failed", "RFC6275 6.1.8", "BA 134 dad failed for the whole Binding Update", BA_HA "ba dad-failed seq=1 lifetime=0 / bid 1", ""},
    {"ba-seq-out-of-window", "RFC6275 6.1.8", "BA 135 seq out of window for the whole Binding Update", BA_HA "ba seq-out-of-window seq=1 lifetime=0 / bid 1", ""},
    {"ba-expired-home-nonce", "RFC6275 6.1.8", "BA 136 expired home nonce for the whole Binding Update", BA_HA "ba expired-home-nonce seq=1 lifetime=0 / bid 1", ""},
    {"ba-expired-coa-nonce", "RFC6275 6.1.8", "BA 137 expired coa nonce for the whole Binding Update", BA_HA "ba expired-coa-nonce seq=1 lifetime=0 / bid 1", ""},
    {"ba-expired-nonces", "RFC6275 6.1.8", "BA 138 expired nonces for the whole Binding Update", BA_HA "ba expired-nonces seq=1 lifetime=0 / bid 1", ""},
    {"ba-regtype-change-disallowed", "RFC6275 6.1.8", "BA 139 regtype change disallowed for the whole Binding Update", BA_HA "ba regtype-change-disallowed seq=1 lifetime=0 / bid 1", ""},
    {"ba-mcoa-malformed", "RFC5648 4.4, 6.2", "BA 164 mcoa malformed for the whole Binding Update", BA_HA "ba mcoa-malformed seq=1 lifetime=0 / bid 1", ""},
    {"ba-mcoa-non-mcoa-binding-exists", "RFC5648 4.4, 6.2", "BA 165 mcoa non mcoa binding exists for the whole Binding Update", BA_HA "ba mcoa-non-mcoa-binding-exists seq=1 lifetime=0 / bid 1", ""},
    {"ba-mcoa-prohibited", "RFC5648 4.4, 6.2", "BA 166 mcoa prohibited for the whole Binding Update", BA_HA "ba mcoa-prohibited seq=1 lifetime=0 / bid 1", ""},
    {"ba-mcoa-unknown-coa", "RFC5648 4.4, 6.2", "BA 167 mcoa unknown coa for the whole Binding Update", BA_HA "ba mcoa-unknown-coa seq=1 lifetime=0 / bid 1", ""},
    {"ba-mcoa-bulk-registration-prohibited", "RFC5648 4.4, 6.2", "BA 168 mcoa bulk registration prohibited for the whole Binding Update", BA_HA "ba mcoa-bulk-registration-prohibited seq=1 lifetime=0 / bid 1", ""},
    {"ba-mcoa-simultaneous-home-and-foreign-prohibited", "RFC5648 4.4, 6.2", "BA 169 mcoa simultaneous home and foreign prohibited for the whole Binding Update", BA_HA "ba mcoa-simultaneous-home-and-foreign-prohibited seq=1 lifetime=0 / bid 1", ""},

    /* ---- per-BID statuses under MCOA NOTCOMPLETE (RFC 5648 4.4, 6.2) ---- */
    {"ba-notcomplete-bid-164", "RFC5648 4.4, 6.2", "BA 4: BID 1 accepted, BID 2 rejected with status 164",
     BA_HA "ba 4 seq=1 lifetime=60 / bid 1 / bid 2 status=mcoa-malformed", ""},
    {"ba-notcomplete-bid-165", "RFC5648 4.4, 6.2", "BA 4: BID 1 accepted, BID 2 rejected with status 165",
     BA_HA "ba 4 seq=1 lifetime=60 / bid 1 / bid 2 status=mcoa-non-mcoa-binding-exists", ""},
    {"ba-notcomplete-bid-166", "RFC5648 4.4, 6.2", "BA 4: BID 1 accepted, BID 2 rejected with status 166",
     BA_HA "ba 4 seq=1 lifetime=60 / bid 1 / bid 2 status=mcoa-prohibited", ""},
    {"ba-notcomplete-bid-167", "RFC5648 4.4, 6.2", "BA 4: BID 1 accepted, BID 2 rejected with status 167",
     BA_HA "ba 4 seq=1 lifetime=60 / bid 1 / bid 2 status=mcoa-unknown-coa", ""},
    {"ba-notcomplete-bid-168", "RFC5648 4.4, 6.2", "BA 4: BID 1 accepted, BID 2 rejected with status 168",
     BA_HA "ba 4 seq=1 lifetime=60 / bid 1 / bid 2 status=mcoa-bulk-registration-prohibited", ""},
    {"ba-notcomplete-bid-169", "RFC5648 4.4, 6.2", "BA 4: BID 1 accepted, BID 2 rejected with status 169",
     BA_HA "ba 4 seq=1 lifetime=60 / bid 1 / bid 2 status=mcoa-simultaneous-home-and-foreign-prohibited", ""},
    {"ba-notcomplete-bid-129", "RFC5648 4.4, 6.2", "BA 4: BID 1 accepted, BID 2 rejected with status 129",
     BA_HA "ba 4 seq=1 lifetime=60 / bid 1 / bid 2 status=prohibited", ""},
    {"ba-notcomplete-bid-133", "RFC5648 4.4, 6.2", "BA 4: BID 1 accepted, BID 2 rejected with status 133",
     BA_HA "ba 4 seq=1 lifetime=60 / bid 1 / bid 2 status=not-ha-for-mn", ""},
    {"ba-notcomplete-bid-134", "RFC5648 4.4, 6.2", "BA 4: BID 1 accepted, BID 2 rejected with status 134",
     BA_HA "ba 4 seq=1 lifetime=60 / bid 1 / bid 2 status=dad-failed", ""},
    {"ba-notcomplete-all-bids", "RFC5648 4.4, 6.2", "BA 4 where every BID carries its own error status",
     BA_HA "ba 4 seq=1 lifetime=0 / bid 1 status=mcoa-malformed / bid 2 status=mcoa-unknown-coa / bid 3 status=134", ""},
    {"ba-single-bid-status", "RFC5648 4.3, 6.2", "BA 0 whose single BID option carries the status (allowed: either field)",
     BA_HA "ba 0 seq=1 lifetime=0 / bid 1 status=mcoa-malformed", ""},
    {"ba-notcomplete-no-bid-status", "RFC5648 4.4, 6.2", "BA 4 MCOA NOTCOMPLETE but no BID option carries a status",
     BA_HA "ba 4 seq=1 lifetime=60 / bid 1 / bid 2", "ba-notcomplete"},
    {"ba-bulk-status-not-notcomplete", "RFC5648 6.2", "bulk BA with a per-BID failure but BA Status 0, not MCOA NOTCOMPLETE",
     BA_HA "ba 0 seq=1 lifetime=60 / bid 1 / bid 2 status=mcoa-malformed", "ba-notcomplete"},
    {"ba-legacy-no-bid", "RFC6275 6.1.8, RFC5648 6.2", "BA without a BID option, as a legacy home agent sends it",
     BA_HA "ba 0 seq=1 lifetime=60", ""},
    {"ba-bra", "RFC6275 6.2.4", "BA with a Binding Refresh Advice option", BA_HA "ba 0 seq=1 lifetime=60 / bra 30 / bid 1", ""},
    {"ba-bid-coa", "RFC5648 4.3", "BA whose BID option carries a Care-of Address field",
     BA_HA "ba 0 seq=1 lifetime=60 / bid 1 coa=" COA1, "bid-coa-outside-bu"},
    {"ba-bid-h", "RFC5648 4.3", "BA whose BID option has the H flag", BA_HA "ba 0 seq=1 lifetime=60 / bid 1 H", "bid-h-not-home-bu"},
    {"ba-reserved", "RFC6275 6.1.8", "BA with a Reserved bit set", BA_HA "ba 0 seq=1 lifetime=60 res=1 / bid 1", "ba-reserved"},

    /* ---- route optimization with a correspondent node (RFC 5648 5.2, 6.2; RFC 6275 5.2) ---- */
    {"bu-cn-single", "RFC5648 5.2, 4.3", "BU to a CN: Nonce Indices, BID with CoA, Binding Authorization Data last (Figure 6)",
     BU_CN "bu seq=11 A lifetime=60 / nonce hni=1 coni=2 / bid 1 coa=" COA1 " / " AUTH, ""},
    {"bu-cn-refresh", "RFC5648 5.1, 5.2", "BU to a CN refreshing BID 1 without its care-of address",
     BU_CN "bu seq=12 A lifetime=60 / nonce hni=1 coni=2 / bid 1 / " AUTH, ""},
    {"bu-cn-dereg-bid", "RFC5648 5.4", "BU to a CN removing BID 1",
     BU_CN "bu seq=13 A lifetime=0 / nonce hni=1 coni=2 / bid 1 / " AUTH, ""},
    {"bu-cn-bulk", "RFC5648 5.3, 6.2", "bulk registration to a CN (H clear): MCOA BULK REGISTRATION PROHIBITED",
     BU_CN "bu seq=11 A lifetime=60 / nonce hni=1 coni=2 / bid 1 coa=" COA1 " / bid 2 coa=" COA2 " / " AUTH, "bulk-to-cn"},
    {"bu-cn-ipv4-coa", "RFC5648 4.3", "IPv4 care-of address in a BID option of a BU to a CN",
     BU_CN "bu seq=11 A lifetime=60 / nonce hni=1 coni=2 / bid 4 coa=" COA4 " / " AUTH, "bid-ipv4-coa-to-cn"},
    {"bu-cn-bid-h", "RFC5648 4.3", "BID H flag in a BU to a CN",
     BU_CN "bu seq=11 A lifetime=60 / nonce hni=1 coni=2 / bid 1 H / " AUTH, "bid-h-not-home-bu"},
    {"bu-cn-auth-not-last", "RFC6275 6.2.7, RFC5648 5.2", "Binding Authorization Data before the BID option",
     BU_CN "bu seq=11 A lifetime=60 / nonce hni=1 coni=2 / " AUTH " / bid 1 coa=" COA1, "auth-not-last"},
    {"ba-cn", "RFC5648 6.2", "BA from a CN: status in the BA, BID Status 0",
     BA_CN "ba 0 seq=11 lifetime=60 / bid 1 / " AUTH, ""},
    {"ba-cn-bulk-prohibited", "RFC5648 6.2, 4.4", "BA from a CN rejecting a bulk registration",
     BA_CN "ba 168 seq=11 lifetime=0 / bid 1 / bid 2 / " AUTH, ""},
    {"ba-cn-bid-status", "RFC5648 6.2", "BA from a CN with a non-zero BID Status",
     BA_CN "ba 0 seq=11 lifetime=60 / bid 1 status=mcoa-malformed / " AUTH, "cn-ba-bid-status"},

    /* ---- return routability and refresh with BID (RFC 5648 4.3; RFC 6275 6.1.2-6.1.6) ---- */
    {"brr", "RFC6275 6.1.2", "Binding Refresh Request", "ipv6 src=" CN " dst=" HOA " / brr", ""},
    {"brr-bid", "RFC5648 4.3", "Binding Refresh Request for BID 1", "ipv6 src=" CN " dst=" HOA " / brr / bid 1", ""},
    {"brr-bid-bulk", "RFC5648 4.3", "Binding Refresh Request for BIDs 1 and 2", "ipv6 src=" HA " dst=" HOA " / brr / bid 1 / bid 2", ""},
    {"brr-bid-coa", "RFC5648 4.3", "Binding Refresh Request whose BID option carries a CoA",
     "ipv6 src=" CN " dst=" HOA " / brr / bid 1 coa=" COA1, "bid-coa-outside-bu"},
    {"brr-reserved", "RFC6275 6.1.2", "Binding Refresh Request with its Reserved field set",
     "ipv6 src=" CN " dst=" HOA " / brr res=1", "msg-reserved"},
    {"hoti-tunnelled", "RFC6275 6.1.3, 5.2.5", "Home Test Init reverse-tunnelled through the home agent (IPv6-in-IPv6)",
     "ipv6 src=" COA1 " dst=" HA " / ipv6 src=" HOA " dst=" CN " / hoti " COOKIE, ""},
    {"hot-tunnelled", "RFC6275 6.1.5", "Home Test tunnelled by the home agent to the care-of address",
     "ipv6 src=" HA " dst=" COA1 " / ipv6 src=" CN " dst=" HOA " / hot nonce=1 " COOKIE " " TOKEN, ""},
    {"hoti-bid", "RFC5648 4.3", "BID option in a Home Test Init, where it is not defined",
     "ipv6 src=" COA1 " dst=" HA " / ipv6 src=" HOA " dst=" CN " / hoti " COOKIE " / bid 1", "bid-message"},
    {"hot-bid", "RFC5648 4.3", "BID option in a Home Test, where it is not defined",
     "ipv6 src=" HA " dst=" COA1 " / ipv6 src=" CN " dst=" HOA " / hot nonce=1 " COOKIE " " TOKEN " / bid 1", "bid-message"},
    {"hoti-hao", "RFC6275 6.1", "Home Test Init sent with a Home Address option",
     BU_CN "hoti " COOKIE, "mh-hao-not-bu"},
    {"coti-bid", "RFC5648 4.3, 5.2", "Care-of Test Init for BID 1", "ipv6 src=" COA1 " dst=" CN " / coti " COOKIE " / bid 1", ""},
    {"coti-bid-coa", "RFC5648 4.3", "Care-of Test Init whose BID option carries a CoA",
     "ipv6 src=" COA1 " dst=" CN " / coti " COOKIE " / bid 1 coa=" COA1, "bid-coa-outside-bu"},
    {"coti-reserved", "RFC6275 6.1.4", "Care-of Test Init with its Reserved field set",
     "ipv6 src=" COA1 " dst=" CN " / coti res=1 " COOKIE, "msg-reserved"},
    {"cot-bid", "RFC5648 4.3, 5.2", "Care-of Test for BID 1",
     "ipv6 src=" CN " dst=" COA1 " / cot nonce=2 " COOKIE " " TOKEN " / bid 1", ""},
    {"cot-bid-status", "RFC5648 4.3", "Care-of Test whose BID Status reports an error of the care-of test",
     "ipv6 src=" CN " dst=" COA1 " / cot nonce=2 " COOKIE " " TOKEN " / bid 1 status=mcoa-prohibited", ""},

    /* ---- Binding Error (RFC 6275 6.1.9) ---- */
    {"be-unknown-hao", "RFC6275 6.1.9", "Binding Error 1: unknown binding for the Home Address option",
     "ipv6 src=" CN " dst=" COA1 " / be 1 home=" HOA, ""},
    {"be-unknown-mh-type", "RFC6275 6.1.9", "Binding Error 2: unrecognized MH Type",
     "ipv6 src=" CN " dst=" COA1 " / be 2 home=" HOA, ""},
    {"be-bid", "RFC5648 4.3", "BID option in a Binding Error, where it is not defined",
     "ipv6 src=" CN " dst=" COA1 " / be 1 home=" HOA " / bid 1", "bid-message"},
    {"be-reserved", "RFC6275 6.1.9", "Binding Error with its Reserved field set",
     "ipv6 src=" CN " dst=" COA1 " / be 1 res=1 home=" HOA, "msg-reserved"},
    {"mh-unknown-type", "RFC6275 6.1.1, 9.2", "Mobility Header of an unknown type (answer: Binding Error 2)",
     "ipv6 src=" COA1 " dst=" CN " / mh type=8 data=0000", ""},

    /* ---- tunnelling ---- */
    {"ipv6-in-ipv6-data", "RFC6275 10.4.1, RFC2473", "data packet tunnelled from the home agent to a care-of address",
     "ipv6 src=" HA " dst=" COA1 " / ipv6 src=" CN " dst=" HOA " / raw 0011223344556677", ""},

    /* ---- broken Mobility Headers (RFC 6275 6.1, 6.2) ---- */
    {"mh-csum-zero", "RFC6275 6.1.1", "BU with a zero checksum", BU_HA REG " csum=0x0000 / bid 1 coa=" COA1, "mh-checksum"},
    {"mh-csum-wrong", "RFC6275 6.1.1", "BU with a wrong checksum", BU_HA REG " csum=0xdead / bid 1 coa=" COA1, "mh-checksum"},
    {"mh-hlen-short", "RFC6275 6.1.1, 9.2", "BU whose Header Len (0) is shorter than the message (the checksum over 8 octets fails too)",
     BU_HA REG " hlen=0 / bid 1", "mh-hlen mh-checksum"},
    {"mh-hlen-truncated", "RFC6275 6.1.1", "BU whose Header Len (5) is longer than the octets carried",
     BU_HA REG " hlen=5 / bid 1", "mh-truncated"},
    {"mh-too-short-for-bu", "RFC6275 6.1.1, 9.2", "8-octet Mobility Header of type BU (a BU needs 12)",
     BU_HA "mh type=5 data=0001", "mh-hlen"},
    {"mh-trailing-payload", "RFC6275 6.1.1", "octets after the Mobility Header inside the IPv6 payload",
     BU_HA REG " / bid 1 coa=" COA1 " / raw 0102030405060708", "mh-hlen"},
    {"mh-payload-proto", "RFC6275 6.1.1", "BU with Payload Proto 6 instead of 59", BU_HA REG " proto=6 / bid 1 coa=" COA1, "mh-payload-proto"},
    {"mh-reserved", "RFC6275 6.1.1", "BU with the Mobility Header Reserved octet set", BU_HA REG " mhres=1 / bid 1 coa=" COA1, "mh-reserved"},
    {"bu-reserved-1", "RFC6275 6.1.7, RFC5648 4.2", "BU with the lowest Reserved bit set", BU_HA REG " res=1 / bid 1 coa=" COA1, "bu-reserved"},
    {"bu-reserved-all", "RFC6275 6.1.7, RFC5648 4.2", "BU with all 6 Reserved bits set", BU_HA REG " res=0x3f / bid 1 coa=" COA1, "bu-reserved"},
    {"mh-rh2-bu", "RFC6275 6.1", "BU sent with a Type 2 Routing Header",
     "ipv6 src=" HA " dst=" COA1 " / rh2 " HOA " / " REG " / bid 1 coa=" COA1, "mh-rh2-not-ba"},
    {"opt-bra-length", "RFC6275 6.2.4", "Binding Refresh Advice of Length 4", BA_HA "ba 0 seq=1 lifetime=60 / bra 30 len=4 / bid 1", "opt-length"},
    {"opt-altcoa-length", "RFC6275 6.2.5", "Alternate Care-of Address of Length 8", BU_HA REG " / altcoa " COA1 " len=8", "opt-length"},
    {"opt-nonce-length", "RFC6275 6.2.6", "Nonce Indices of Length 6",
     BU_CN "bu seq=11 A lifetime=60 / nonce hni=1 coni=2 len=6 / bid 1 coa=" COA1 " / " AUTH, "opt-length"},
    {"opt-auth-length", "RFC6275 6.2.7", "Binding Authorization Data of Length 8",
     BU_CN "bu seq=11 A lifetime=60 / nonce hni=1 coni=2 / bid 1 coa=" COA1 " / " AUTH " len=8", "opt-length"},

    /* ---- legacy profiles (wire.h mc_profiles): the draft-era forms of the
     * seed documents, as old implementations and old captures carry them.
     * Each one the lint flags as not RFC 6275 / RFC 5648.  The draft -01
     * BID sub-option has no assigned type: these carry MC_BID01_CATALOGUE_TYPE
     * (200), so dissect them with --profile mcoa-01:200. ---- */
    {"legacy-mh62-bu", "RFC6275 6.1.1", "draft-era Mobility Header: a BU with a BID option under next header 62",
     BU_HA REG " mh62 / bid 1 coa=" COA1, "mh-next-header-62"},
    {"legacy-mh62-ba", "RFC6275 6.1.1", "draft-era Mobility Header: a BA under next header 62",
     BA_HA "ba 0 seq=1 lifetime=60 mh62 / bid 1", "mh-next-header-62"},
    {"legacy-mh62-brr", "RFC6275 6.1.1", "draft-era Mobility Header: a Binding Refresh Request under next header 62",
     "ipv6 src=" HA " dst=" HOA " / brr mh62", "mh-next-header-62"},
    {"legacy-bid01-coa", "RFC5648 4.3", "draft -01 BID sub-option: BID 1, priority 10, C flag and IPv6 care-of address (length 20)",
     BU_HA REG " / bid01 1 type=200 prio=10 C coa=" COA1, "bid-draft-01"},
    {"legacy-bid01-bulk", "RFC5648 4.3, 5.3", "draft -01 bulk registration: two sub-options with C, the second removable (R)",
     BU_HA REG " / bid01 1 type=200 prio=255 C coa=" COA1 " / bid01 2 type=200 C R coa=" COA2, "bid-draft-01"},
    {"legacy-bid01-nocoa", "RFC5648 4.3", "draft -01 BID sub-option without C (length 4), priority 1",
     BU_HA "bu seq=2 A H lifetime=60 / bid01 1 type=200 prio=1", "bid-draft-01"},
    {"legacy-bid01-ba-status", "RFC5648 4.3, 4.4", "draft -01 BA: the sub-option's Priority/Status as a status (128 INCOMPLIANT BID SUBOPTION)",
     BA_HA "ba 128 seq=1 lifetime=0 / bid01 1 type=200 prio=128", "bid-draft-01"},
    {"legacy-bid01-c-nocoa", "RFC5648 4.3", "draft -01 BID sub-option with C set but length 4 (no care-of address)",
     BU_HA REG " / bid01 1 type=200 C", "bid-draft-01"},
    {"legacy-97-bu", "RFC6275 6.1", "1997 draft Binding Update destination option (0xC6) with the Home Address option",
     "ipv6 src=" COA1 " dst=" HA " / dstopts / bu97 A H idlen=64 seq=1 lifetime=3600 / hoa97 " HOA,
     "draft-binding-option"},
    {"legacy-97-bu-coa", "RFC6275 6.1", "1997 draft Binding Update with C and its Care-of Address field",
     "ipv6 src=" COA2 " dst=" HA " / dstopts / bu97 A H C seq=2 lifetime=3600 coa=" COA1 " / hoa97 " HOA,
     "draft-binding-option"},
    {"legacy-97-bu-cn", "RFC6275 6.1", "1997 draft Binding Update to a correspondent node, no acknowledgement",
     "ipv6 src=" COA1 " dst=" CN " / dstopts / bu97 seq=3 lifetime=600 / hoa97 " HOA " / raw 0011223344556677",
     "draft-binding-option"},
    {"legacy-97-ba", "RFC6275 6.1", "1997 draft Binding Acknowledgement destination option (0x07) with a Refresh period",
     "ipv6 src=" HA " dst=" COA1 " / dstopts / ba97 0 seq=1 lifetime=3600 refresh=1800", "draft-binding-option"},
    {"legacy-97-ba-reject", "RFC6275 6.1", "1997 draft Binding Acknowledgement rejecting: 133 Not home subnet",
     "ipv6 src=" HA " dst=" COA1 " / dstopts / ba97 not-home-subnet seq=1", "draft-binding-option"},
    {"legacy-97-br", "RFC6275 6.1", "1997 draft Binding Request destination option (0x08) from a correspondent node",
     "ipv6 src=" CN " dst=" HOA " / dstopts / br97", "draft-binding-option"},
};
const size_t mc_catalogue_count = sizeof(mc_catalogue) / sizeof(mc_catalogue[0]);
