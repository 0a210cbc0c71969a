/*
 * tables.c - every layout and name of the wire model, declared once.
 * Section numbers: RFC 6275 (Mobile IPv6), RFC 5648 (MCoA), RFC 5555
 * (DSMIPv6), RFC 5568 (FMIPv6), RFC 3963 (NEMO).
 */
#include <string.h>
#include <threads.h>
#include "mcoa/wire.h"

#define N(a) ((uint8_t)(sizeof(a) / sizeof((a)[0])))

/* ---- names ------------------------------------------------------------- */
const mc_code_name mc_ba_status_table[] = {
    {0,   "accepted",            "Binding Update accepted",                                  "RFC 6275 6.1.8"},
    {1,   "accepted-prefix-disc","Accepted but prefix discovery necessary",                  "RFC 6275 6.1.8"},
    {4,   "mcoa-notcomplete",    "MCOA NOTCOMPLETE",                                         "RFC 5648 4.4"},
    {5,   "mcoa-returnhome-wo-ndp","MCOA RETURNHOME WO/NDP",                                 "RFC 5648 4.4"},
    {128, "unspecified",         "Reason unspecified",                                       "RFC 6275 6.1.8"},
    {129, "prohibited",          "Administratively prohibited",                              "RFC 6275 6.1.8"},
    {130, "insufficient-resources","Insufficient resources",                                 "RFC 6275 6.1.8"},
    {131, "homereg-not-supported","Home registration not supported",                         "RFC 6275 6.1.8"},
    {132, "not-home-subnet",     "Not home subnet",                                          "RFC 6275 6.1.8"},
    {133, "not-ha-for-mn",       "Not home agent for this mobile node",                      "RFC 6275 6.1.8"},
    {134, "dad-failed",          "Duplicate Address Detection failed",                       "RFC 6275 6.1.8"},
    {135, "seq-out-of-window",   "Sequence number out of window",                            "RFC 6275 6.1.8"},
    {136, "expired-home-nonce",  "Expired home nonce index",                                 "RFC 6275 6.1.8"},
    {137, "expired-coa-nonce",   "Expired care-of nonce index",                              "RFC 6275 6.1.8"},
    {138, "expired-nonces",      "Expired nonces",                                           "RFC 6275 6.1.8"},
    {139, "regtype-change-disallowed","Registration type change disallowed",                 "RFC 6275 6.1.8"},
    {164, "mcoa-malformed",      "MCOA MALFORMED",                                           "RFC 5648 4.4"},
    {165, "mcoa-non-mcoa-binding-exists","MCOA NON-MCOA BINDING EXISTS",                     "RFC 5648 4.4"},
    {166, "mcoa-prohibited",     "MCOA PROHIBITED",                                          "RFC 5648 4.4"},
    /* The RFC spells it "MCOA UNKOWN COA"; we print the corrected name and
     * accept both keys. */
    {167, "mcoa-unknown-coa",    "MCOA UNKNOWN COA",                                         "RFC 5648 4.4"},
    {168, "mcoa-bulk-registration-prohibited","MCOA BULK REGISTRATION PROHIBITED",           "RFC 5648 4.4"},
    {169, "mcoa-simultaneous-home-and-foreign-prohibited","MCOA SIMULTANEOUS HOME AND FOREIGN PROHIBITED","RFC 5648 4.4"},
};
const size_t mc_ba_status_count = sizeof(mc_ba_status_table) / sizeof(mc_ba_status_table[0]);

const mc_code_name mc_be_status_table[] = {
    {1, "unknown-hao",     "Unknown binding for Home Address destination option", "RFC 6275 6.1.9"},
    {2, "unknown-mh-type", "Unrecognized MH Type value",                          "RFC 6275 6.1.9"},
};
const size_t mc_be_status_count = sizeof(mc_be_status_table) / sizeof(mc_be_status_table[0]);

/* RFC 5568 6.4.3 Option-Code values.  RFC 5648 5.6 requires '2' in the
 * home binding BU and calls it "link-layer address of the mobile node". */
const mc_code_name mc_lla_code_table[] = {
    {1, "wildcard",  "Wildcard requesting resolution for all nearby access points", "RFC 5568 6.4.3"},
    {2, "mn",        "Link-layer address of the mobile node (RFC 5648 5.6)",          "RFC 5568 6.4.3"},
    {3, "nar",       "Link-layer address of the NAR",                                "RFC 5568 6.4.3"},
    {4, "source",    "Link-layer address of the source of RtSolPr or PrRtAdv",        "RFC 5568 6.4.3"},
    {5, "ap-current","The access point belongs to the current interface of the router","RFC 5568 6.4.3"},
    {6, "no-prefix", "No prefix information available for the access point",         "RFC 5568 6.4.3"},
    {7, "no-fmip",   "No fast handover support available for the access point",      "RFC 5568 6.4.3"},
};
const size_t mc_lla_code_count = sizeof(mc_lla_code_table) / sizeof(mc_lla_code_table[0]);

/* Linux cooked capture packet types (linux/if_packet.h PACKET_*), the
 * direction tcpdump -i any shows as In / Out. */
const mc_code_name mc_sll_pkttype_table[] = {
    {0, "host",      "Unicast to us",          "packet(7) PACKET_HOST"},
    {1, "broadcast", "Broadcast",              "packet(7) PACKET_BROADCAST"},
    {2, "multicast", "Multicast",              "packet(7) PACKET_MULTICAST"},
    {3, "otherhost", "Unicast to another host","packet(7) PACKET_OTHERHOST"},
    {4, "outgoing",  "Sent by us",             "packet(7) PACKET_OUTGOING"},
};
const size_t mc_sll_pkttype_count = sizeof(mc_sll_pkttype_table) / sizeof(mc_sll_pkttype_table[0]);

/* Value-name tables referenced from fields need a constant count. */
_Static_assert(sizeof(mc_ba_status_table) / sizeof(mc_ba_status_table[0]) == 22, "BA status count");
_Static_assert(sizeof(mc_be_status_table) / sizeof(mc_be_status_table[0]) == 2, "BE status count");
_Static_assert(sizeof(mc_lla_code_table) / sizeof(mc_lla_code_table[0]) == 7, "LLA code count");
#define BA_NAMES mc_ba_status_table, 22
#define BE_NAMES mc_be_status_table, 2
#define LLA_NAMES mc_lla_code_table, 7
_Static_assert(sizeof(mc_sll_pkttype_table) / sizeof(mc_sll_pkttype_table[0]) == 5, "SLL packet type count");
#define PKTTYPE_NAMES mc_sll_pkttype_table, 5

const mc_code_name *mc_code_lookup(const mc_code_name *t, size_t n, int code)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].code == code)
            return &t[i];
    return NULL;
}

const mc_code_name *mc_code_by_key(const mc_code_name *t, size_t n, const char *key)
{
    if (t == mc_ba_status_table && strcmp(key, "mcoa-unkown-coa") == 0)
        key = "mcoa-unknown-coa"; /* the RFC's own spelling */
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].key, key) == 0)
            return &t[i];
    return NULL;
}

const char *mc_ba_status_name(int s)
{
    const mc_code_name *c = mc_code_lookup(mc_ba_status_table, mc_ba_status_count, s);
    return c ? c->name : NULL;
}

const char *mc_be_status_name(int s)
{
    const mc_code_name *c = mc_code_lookup(mc_be_status_table, mc_be_status_count, s);
    return c ? c->name : NULL;
}

/* ---- field shorthands ---------------------------------------------------- */
#define F_U(k, l, o, w)           {k, l, MC_FK_UINT, o, w, 0, 0, NULL, 0}
#define F_UF(k, l, o, w, fl)      {k, l, MC_FK_UINT, o, w, fl, 0, NULL, 0}
#define F_UM(k, l, o, w, m, fl)   {k, l, MC_FK_UINT, o, w, fl, m, NULL, 0}
#define F_FLAG(k, l, o, w, m)     {k, l, MC_FK_FLAG, o, w, 0, m, NULL, 0}
#define F_IP6(k, l, o, fl)        {k, l, MC_FK_IP6, o, 16, fl, 0, NULL, 0}
#define F_IP4(k, l, o, fl)        {k, l, MC_FK_IP4, o, 4, fl, 0, NULL, 0}
#define F_MAC(k, l, o)            {k, l, MC_FK_MAC, o, 6, 0, 0, NULL, 0}
#define F_HEX(k, l, o, w)         {k, l, MC_FK_HEX, o, w, 0, 0, NULL, 0}
#define F_TAIL(k, l, o, fl)       {k, l, MC_FK_TAIL, o, 0, fl, 0, NULL, 0}
#define F_IPX(k, l, o)            {k, l, MC_FK_IPX, o, 0, 0, 0, NULL, 0}

/* ---- layers below the Mobility Header ------------------------------------ */
static const mc_field eth_f[] = {
    F_MAC("dst", "Destination", 0),
    F_MAC("src", "Source", 6),
    F_UF("type", "EtherType", 12, 2, MC_FF_COMPUTED),
};
static const uint8_t eth_t[14] = {0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x86, 0xdd};
const mc_desc mc_desc_eth = {"eth", "Ether", "Ethernet II", "IEEE 802.3", -1, 14, 0, 0, eth_f, N(eth_f), eth_t};

/* IEEE 802.1Q tag: the TPID is the EtherType of the header before it
 * (0x8100 for a customer tag, 0x88a8 for an 802.1ad service tag, the
 * layout's code), then the Tag Control Information and the EtherType of
 * what follows. */
static const mc_field vlan_f[] = {
    F_UM("pcp", "Priority Code Point", 0, 2, 0xe000, 0),
    F_UM("dei", "Drop Eligible Indicator", 0, 2, 0x1000, 0),
    F_UM("id", "VLAN Identifier", 0, 2, 0x0fff, MC_FF_POS),
    F_UF("type", "EtherType", 2, 2, MC_FF_COMPUTED),
};
static const uint8_t vlan_t[4] = {0, 0, 0x86, 0xdd};
const mc_desc mc_desc_vlan = {"vlan", "802.1Q", "IEEE 802.1Q VLAN tag", "IEEE 802.1Q 9.6", MC_ETHERTYPE_VLAN, 4, 0, 0,
                              vlan_f, N(vlan_f), vlan_t};
const mc_desc mc_desc_qinq = {"qinq", "802.1ad", "IEEE 802.1ad service VLAN tag", "IEEE 802.1ad 9.6", MC_ETHERTYPE_QINQ,
                              4, 0, 0, vlan_f, N(vlan_f), vlan_t};

/* Linux cooked capture headers (pcap-linktype(7): LINKTYPE_LINUX_SLL and
 * LINKTYPE_LINUX_SLL2).  The link-layer address field is 8 bytes: the
 * first 6 are a MAC address for Ethernet, the last two are kept as addrx. */
static const mc_field sll_f[] = {
    {"pkttype", "Packet type", MC_FK_UINT, 0, 2, 0, 0, PKTTYPE_NAMES},
    F_U("hatype", "ARPHRD type", 2, 2),
    F_U("halen", "Link-layer address length", 4, 2),
    F_MAC("src", "Link-layer address", 6),
    F_UF("addrx", "Link-layer address bytes 7-8", 12, 2, MC_FF_RESERVED),
    F_UF("type", "Protocol type", 14, 2, MC_FF_COMPUTED),
};
static const uint8_t sll_t[16] = {0, 0, 0, 1, 0, 6, 0x02, 0, 0, 0, 0, 0x01, 0, 0, 0x86, 0xdd};
const mc_desc mc_desc_sll = {"sll", "SLL", "Linux cooked capture", "pcap-linktype(7) LINUX_SLL", -1, 16, 0, 0,
                             sll_f, N(sll_f), sll_t};

static const mc_field sll2_f[] = {
    F_UF("type", "Protocol type", 0, 2, MC_FF_COMPUTED),
    F_UF("res", "Reserved", 2, 2, MC_FF_RESERVED),
    F_UF("ifindex", "Interface index", 4, 4, MC_FF_POS),
    F_U("hatype", "ARPHRD type", 8, 2),
    {"pkttype", "Packet type", MC_FK_UINT, 10, 1, 0, 0, PKTTYPE_NAMES},
    F_U("halen", "Link-layer address length", 11, 1),
    F_MAC("src", "Link-layer address", 12),
    F_UF("addrx", "Link-layer address bytes 7-8", 18, 2, MC_FF_RESERVED),
};
static const uint8_t sll2_t[20] = {0x86, 0xdd, 0, 0, 0, 0, 0, 1, 0, 1, 0, 6, 0x02, 0, 0, 0, 0, 0x01, 0, 0};
const mc_desc mc_desc_sll2 = {"sll2", "SLL2", "Linux cooked capture v2", "pcap-linktype(7) LINUX_SLL2", -1, 20, 0, 0,
                              sll2_f, N(sll2_f), sll2_t};

/* BSD loopback: a 4-byte address family.  LINKTYPE_NULL writes it in the
 * capturing host's byte order (little-endian on x86 and ARM: "null"; a
 * big-endian host: "null-be"), LINKTYPE_LOOP always big-endian. */
static const mc_field null_f[] = {{"family", "Address family", MC_FK_UINT, 0, 4, MC_FF_COMPUTED | MC_FF_LE, 0, NULL, 0}};
static const mc_field nullbe_f[] = {F_UF("family", "Address family", 0, 4, MC_FF_COMPUTED)};
static const uint8_t null_t[4] = {MC_BSD_AF_INET6, 0, 0, 0};
static const uint8_t nullbe_t[4] = {0, 0, 0, MC_BSD_AF_INET6};
const mc_desc mc_desc_null = {"null", "NULL", "BSD loopback (little-endian family)", "pcap-linktype(7) NULL", -1, 4, 0, 0,
                              null_f, N(null_f), null_t};
const mc_desc mc_desc_null_be = {"null-be", "NULL", "BSD loopback (big-endian family)", "pcap-linktype(7) NULL", -1, 4,
                                 0, 0, nullbe_f, N(nullbe_f), nullbe_t};
const mc_desc mc_desc_loop = {"loop", "LOOP", "OpenBSD loopback", "pcap-linktype(7) LOOP", -1, 4, 0, 0,
                              nullbe_f, N(nullbe_f), nullbe_t};

static const mc_field ipv4_f[] = {
    F_UM("ver", "Version", 0, 1, 0xf0, 0),
    F_UM("ihl", "IHL", 0, 1, 0x0f, 0),
    F_U("tos", "Type of Service", 1, 1),
    F_UF("len", "Total Length", 2, 2, MC_FF_COMPUTED),
    F_U("id", "Identification", 4, 2),
    F_U("frag", "Flags and Fragment Offset", 6, 2),
    F_U("ttl", "Time to Live", 8, 1),
    F_UF("proto", "Protocol", 9, 1, MC_FF_COMPUTED),
    F_UF("csum", "Header Checksum", 10, 2, MC_FF_COMPUTED),
    F_IP4("src", "Source Address", 12, 0),
    F_IP4("dst", "Destination Address", 16, 0),
};
static const uint8_t ipv4_t[20] = {0x45, 0, 0, 0, 0, 0, 0x40, 0, 64, 0, 0, 0, 192, 0, 2, 1, 192, 0, 2, 2};
const mc_desc mc_desc_ipv4 = {"ipv4", "IP", "IPv4", "RFC 791", -1, 20, 0, 0, ipv4_f, N(ipv4_f), ipv4_t};

static const mc_field udp_f[] = {
    F_U("sport", "Source Port", 0, 2),
    F_U("dport", "Destination Port", 2, 2),
    F_UF("len", "Length", 4, 2, MC_FF_COMPUTED),
    F_UF("csum", "Checksum", 6, 2, MC_FF_COMPUTED),
};
static const uint8_t udp_t[8] = {0x10, 0x5f, 0x10, 0x5f, 0, 0, 0, 0}; /* 4191 -> 4191 */
const mc_desc mc_desc_udp = {"udp", "UDP", "UDP", "RFC 768", -1, 8, 0, 0, udp_f, N(udp_f), udp_t};

static const mc_field ipv6_f[] = {
    F_UM("ver", "Version", 0, 4, 0xf0000000u, 0),
    F_UM("tc", "Traffic Class", 0, 4, 0x0ff00000u, 0),
    F_UM("flow", "Flow Label", 0, 4, 0x000fffffu, 0),
    F_UF("plen", "Payload Length", 4, 2, MC_FF_COMPUTED),
    F_UF("nh", "Next Header", 6, 1, MC_FF_COMPUTED),
    F_U("hlim", "Hop Limit", 7, 1),
    F_IP6("src", "Source Address", 8, 0),
    F_IP6("dst", "Destination Address", 24, 0),
};
static const uint8_t ipv6_t[40] = {0x60, 0, 0, 0, 0, 0, MC_IPPROTO_NONE, 64,
    0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
const mc_desc mc_desc_ipv6 = {"ipv6", "IP6", "IPv6", "RFC 8200 3", -1, 40, 0, 0, ipv6_f, N(ipv6_f), ipv6_t};

/* Destination Options header carrying the Home Address option (RFC 6275
 * 6.3), laid out canonically: PadN(2) puts the option at 8n+6 so that the
 * address is 8-aligned.  24 bytes, Hdr Ext Len 2. */
static const mc_field hao_f[] = {
    F_UF("nh", "Next Header", 0, 1, MC_FF_COMPUTED),
    F_UF("hdrlen", "Hdr Ext Len", 1, 1, MC_FF_COMPUTED),
    F_IP6("home", "Home Address", 8, MC_FF_POS),
};
static const uint8_t hao_t[24] = {MC_IPPROTO_MH, 2, MC_DSTOPT_PADN, 2, 0, 0, MC_DSTOPT_HAO, 16};
const mc_desc mc_desc_hao = {"hao", "HAO", "Home Address option", "RFC 6275 6.3", MC_IPPROTO_DSTOPTS, 24, 8, 6,
                             hao_f, N(hao_f), hao_t};

static const mc_field rh2_f[] = {
    F_UF("nh", "Next Header", 0, 1, MC_FF_COMPUTED),
    F_U("hdrlen", "Hdr Ext Len", 1, 1),
    F_U("rtype", "Routing Type", 2, 1),
    F_U("segleft", "Segments Left", 3, 1),
    F_UF("res", "Reserved", 4, 4, MC_FF_RESERVED),
    F_IP6("home", "Home Address", 8, MC_FF_POS),
};
static const uint8_t rh2_t[24] = {MC_IPPROTO_MH, 2, MC_RH_TYPE2, 1};
const mc_desc mc_desc_rh2 = {"rh2", "RH2", "Type 2 Routing Header", "RFC 6275 6.4", MC_IPPROTO_ROUTING, 24, 0, 0,
                             rh2_f, N(rh2_f), rh2_t};

/* Any other extension header, body kept raw.  Its protocol number is
 * mc_layer.code ("ext6 proto=60 data=..."). */
static const mc_field ext6_f[] = {
    F_UF("nh", "Next Header", 0, 1, MC_FF_COMPUTED),
    F_UF("hdrlen", "Hdr Ext Len", 1, 1, MC_FF_COMPUTED),
};
const mc_desc mc_desc_ext6 = {"ext6", "EXT", "IPv6 extension header", "RFC 8200 4", -1, 2, 0, 0, ext6_f, N(ext6_f), NULL};

/* ---- Mobility Header messages (RFC 6275 6.1) ----------------------------- */
#define MH_COMMON                                                          \
    F_U("proto", "Payload Proto", 0, 1),                                   \
    F_UF("hlen", "Header Len", 1, 1, MC_FF_COMPUTED),                      \
    F_UF("type", "MH Type", 2, 1, MC_FF_HIDDEN),                           \
    F_UF("mhres", "Reserved", 3, 1, MC_FF_RESERVED),                       \
    F_UF("csum", "Checksum", 4, 2, MC_FF_COMPUTED)

#define MH_TMPL(type) MC_IPPROTO_NONE, 0, type, 0, 0, 0

/* Unknown MH type: the common header, the body raw ("mh type=9 data=..."). */
static const mc_field mh_f[] = {
    F_U("proto", "Payload Proto", 0, 1),
    F_UF("hlen", "Header Len", 1, 1, MC_FF_COMPUTED),
    F_U("type", "MH Type", 2, 1),
    F_UF("mhres", "Reserved", 3, 1, MC_FF_RESERVED),
    F_UF("csum", "Checksum", 4, 2, MC_FF_COMPUTED),
};
static const uint8_t mh_t[6] = {MC_IPPROTO_NONE, 0, 255, 0, 0, 0};
const mc_desc mc_desc_mh = {"mh", "MH", "Mobility Header", "RFC 6275 6.1.1", -1, 6, 0, 0, mh_f, N(mh_f), mh_t};

static const mc_field brr_f[] = {MH_COMMON, F_UF("res", "Reserved", 6, 2, MC_FF_RESERVED)};
static const uint8_t brr_t[8] = {MH_TMPL(MC_MH_BRR)};
static const mc_desc d_brr = {"brr", "BRR", "Binding Refresh Request", "RFC 6275 6.1.2", MC_MH_BRR, 8, 0, 0,
                              brr_f, N(brr_f), brr_t};

static const mc_field hoti_f[] = {MH_COMMON, F_UF("res", "Reserved", 6, 2, MC_FF_RESERVED),
                                  F_U("cookie", "Home Init Cookie", 8, 8)};
static const uint8_t hoti_t[16] = {MH_TMPL(MC_MH_HOTI)};
static const mc_desc d_hoti = {"hoti", "HoTI", "Home Test Init", "RFC 6275 6.1.3", MC_MH_HOTI, 16, 0, 0,
                               hoti_f, N(hoti_f), hoti_t};

static const mc_field coti_f[] = {MH_COMMON, F_UF("res", "Reserved", 6, 2, MC_FF_RESERVED),
                                  F_U("cookie", "Care-of Init Cookie", 8, 8)};
static const uint8_t coti_t[16] = {MH_TMPL(MC_MH_COTI)};
static const mc_desc d_coti = {"coti", "CoTI", "Care-of Test Init", "RFC 6275 6.1.4", MC_MH_COTI, 16, 0, 0,
                               coti_f, N(coti_f), coti_t};

static const mc_field hot_f[] = {MH_COMMON, F_U("nonce", "Home Nonce Index", 6, 2),
                                 F_U("cookie", "Home Init Cookie", 8, 8),
                                 F_U("token", "Home Keygen Token", 16, 8)};
static const uint8_t hot_t[24] = {MH_TMPL(MC_MH_HOT)};
static const mc_desc d_hot = {"hot", "HoT", "Home Test", "RFC 6275 6.1.5", MC_MH_HOT, 24, 0, 0,
                              hot_f, N(hot_f), hot_t};

static const mc_field cot_f[] = {MH_COMMON, F_U("nonce", "Care-of Nonce Index", 6, 2),
                                 F_U("cookie", "Care-of Init Cookie", 8, 8),
                                 F_U("token", "Care-of Keygen Token", 16, 8)};
static const uint8_t cot_t[24] = {MH_TMPL(MC_MH_COT)};
static const mc_desc d_cot = {"cot", "CoT", "Care-of Test", "RFC 6275 6.1.6", MC_MH_COT, 24, 0, 0,
                              cot_f, N(cot_f), cot_t};

/* Binding Update (RFC 6275 6.1.7; RFC 5648 4.1 adds O; see wire.h on O). */
static const mc_field bu_f[] = {
    MH_COMMON,
    F_U("seq", "Sequence #", 6, 2),
    F_FLAG("A", "Acknowledge", 8, 2, MC_BU_A),
    F_FLAG("H", "Home Registration", 8, 2, MC_BU_H),
    F_FLAG("L", "Link-Local Address Compatibility", 8, 2, MC_BU_L),
    F_FLAG("K", "Key Management Mobility Capability", 8, 2, MC_BU_K),
    F_FLAG("M", "MAP Registration", 8, 2, MC_BU_M),
    F_FLAG("R", "Mobile Router", 8, 2, MC_BU_R),
    F_FLAG("P", "Proxy Registration", 8, 2, MC_BU_P),
    F_FLAG("F", "Forcing UDP encapsulation", 8, 2, MC_BU_F),
    F_FLAG("T", "TLV-header format", 8, 2, MC_BU_T),
    F_FLAG("O", "Overwrite", 8, 2, MC_BU_O),
    F_UM("res", "Reserved", 8, 2, MC_BU_RESERVED, MC_FF_RESERVED),
    F_U("lifetime", "Lifetime", 10, 2),
};
static const uint8_t bu_t[12] = {MH_TMPL(MC_MH_BU)};
static const mc_desc d_bu = {"bu", "BU", "Binding Update", "RFC 6275 6.1.7", MC_MH_BU, 12, 0, 0, bu_f, N(bu_f), bu_t};

static const mc_field ba_f[] = {
    MH_COMMON,
    {"status", "Status", MC_FK_UINT, 6, 1, MC_FF_POS, 0, BA_NAMES},
    F_FLAG("K", "Key Management Mobility Capability", 7, 1, MC_BA_K),
    F_FLAG("R", "Mobile Router", 7, 1, MC_BA_R),
    F_FLAG("P", "Proxy Registration", 7, 1, MC_BA_P),
    F_FLAG("T", "TLV-header format", 7, 1, MC_BA_T),
    F_UM("res", "Reserved", 7, 1, MC_BA_RESERVED, MC_FF_RESERVED),
    F_U("seq", "Sequence #", 8, 2),
    F_U("lifetime", "Lifetime", 10, 2),
};
static const uint8_t ba_t[12] = {MH_TMPL(MC_MH_BA)};
static const mc_desc d_ba = {"ba", "BA", "Binding Acknowledgement", "RFC 6275 6.1.8", MC_MH_BA, 12, 0, 0,
                             ba_f, N(ba_f), ba_t};

static const mc_field be_f[] = {
    MH_COMMON,
    {"status", "Status", MC_FK_UINT, 6, 1, MC_FF_POS, 0, BE_NAMES},
    F_UF("res", "Reserved", 7, 1, MC_FF_RESERVED),
    F_IP6("home", "Home Address", 8, 0),
};
static const uint8_t be_t[24] = {MH_TMPL(MC_MH_BE), 1};
static const mc_desc d_be = {"be", "BE", "Binding Error", "RFC 6275 6.1.9", MC_MH_BE, 24, 0, 0, be_f, N(be_f), be_t};

const mc_desc *const mc_mh_descs[] = {&d_brr, &d_hoti, &d_coti, &d_hot, &d_cot, &d_bu, &d_ba, &d_be};
const size_t mc_mh_ndescs = sizeof(mc_mh_descs) / sizeof(mc_mh_descs[0]);

const mc_desc *mc_mh_desc(int t)
{
    return (t >= 0 && (size_t)t < mc_mh_ndescs) ? mc_mh_descs[t] : NULL;
}

/* ---- mobility options (offsets relative to the option body) -------------- */
static const mc_desc o_pad1 = {"pad1", "Pad1", "Pad1", "RFC 6275 6.2.2", MC_OPT_PAD1, 0, 0, 0, NULL, 0, NULL};

static const mc_field padn_f[] = {F_TAIL("data", "Option Data", 0, MC_FF_RESERVED)};
static const mc_desc o_padn = {"padn", "PadN", "PadN", "RFC 6275 6.2.3", MC_OPT_PADN, 0, 0, 0, padn_f, N(padn_f), NULL};

static const mc_field bra_f[] = {F_UF("interval", "Refresh Interval", 0, 2, MC_FF_POS)};
static const mc_desc o_bra = {"bra", "BRA", "Binding Refresh Advice", "RFC 6275 6.2.4", MC_OPT_BRA, 2, 2, 0,
                              bra_f, N(bra_f), NULL};

static const mc_field altcoa_f[] = {F_IP6("coa", "Alternate Care-of Address", 0, MC_FF_POS)};
static const mc_desc o_altcoa = {"altcoa", "AltCoA", "Alternate Care-of Address", "RFC 6275 6.2.5", MC_OPT_ALTCOA,
                                 16, 8, 6, altcoa_f, N(altcoa_f), NULL};

static const mc_field nonce_f[] = {F_U("hni", "Home Nonce Index", 0, 2), F_U("coni", "Care-of Nonce Index", 2, 2)};
static const mc_desc o_nonce = {"nonce", "NI", "Nonce Indices", "RFC 6275 6.2.6", MC_OPT_NONCE, 4, 2, 0,
                                nonce_f, N(nonce_f), NULL};

static const mc_field auth_f[] = {F_HEX("auth", "Authenticator", 0, 12)};
static const mc_desc o_auth = {"auth", "BAD", "Binding Authorization Data", "RFC 6275 6.2.7", MC_OPT_AUTH, 12, 8, 2,
                               auth_f, N(auth_f), NULL};

static const mc_field mnp_f[] = {F_UF("res", "Reserved", 0, 1, MC_FF_RESERVED), F_U("plen", "Prefix Length", 1, 1),
                                 F_IP6("prefix", "Mobile Network Prefix", 2, MC_FF_POS)};
static const mc_desc o_mnp = {"mnp", "MNP", "Mobile Network Prefix", "RFC 3963 4.3", MC_OPT_MNP, 18, 8, 4,
                              mnp_f, N(mnp_f), NULL};

static const mc_field lla_f[] = {{"code", "Option-Code", MC_FK_UINT, 0, 1, 0, 0, LLA_NAMES},
                                 F_TAIL("lla", "Link-Layer Address", 1, MC_FF_POS)};
static const mc_desc o_lla = {"lla", "LLA", "Mobility Header Link-Layer Address", "RFC 5568 6.4.3", MC_OPT_LLA, 1, 0, 0,
                              lla_f, N(lla_f), NULL};

static const mc_field ipv4hoa_f[] = {F_UM("plen", "Prefix-len", 0, 2, 0xfc00, 0), F_FLAG("P", "Prefix Request", 0, 2, 0x0200),
                                     F_UM("res", "Reserved", 0, 2, 0x01ff, MC_FF_RESERVED),
                                     F_IP4("addr", "IPv4 home address", 2, MC_FF_POS)};
static const mc_desc o_ipv4hoa = {"ipv4hoa", "IPv4HoA", "IPv4 Home Address", "RFC 5555 3.1.1", MC_OPT_IPV4HOA, 6, 4, 0,
                                  ipv4hoa_f, N(ipv4hoa_f), NULL};

static const mc_field ipv4ack_f[] = {F_U("status", "Status", 0, 1), F_UM("plen", "Pref-len", 1, 1, 0xfc, 0),
                                     F_UM("res", "Reserved", 1, 1, 0x03, MC_FF_RESERVED),
                                     F_IP4("addr", "IPv4 home address", 2, MC_FF_POS)};
static const mc_desc o_ipv4ack = {"ipv4ack", "IPv4Ack", "IPv4 Address Acknowledgement", "RFC 5555 3.2.1", MC_OPT_IPV4ACK, 6,
                                  4, 0, ipv4ack_f, N(ipv4ack_f), NULL};

static const mc_field ipv4coa_f[] = {F_UF("res", "Reserved", 0, 2, MC_FF_RESERVED),
                                     F_IP4("addr", "IPv4 Care-of address", 2, MC_FF_POS)};
static const mc_desc o_ipv4coa = {"ipv4coa", "IPv4CoA", "IPv4 Care-of Address", "RFC 5555 3.1.2", MC_OPT_IPV4COA, 6, 4, 0,
                                  ipv4coa_f, N(ipv4coa_f), NULL};

/* Binding Identifier (RFC 5648 4.3).  The alignment here is the one without
 * a Care-of Address field; mc_opt_align gives 8n+2 when it is present. */
static const mc_field bid_f[] = {
    F_UF("bid", "Binding ID (BID)", 0, 2, MC_FF_POS),
    {"status", "Status", MC_FK_UINT, 2, 1, 0, 0, BA_NAMES},
    F_FLAG("H", "Simultaneous Home and Foreign Binding", 3, 1, MC_BID_H_FLAG),
    F_UM("res", "Reserved", 3, 1, 0x7f, MC_FF_RESERVED),
    F_IPX("coa", "Care-of Address", 4),
};
static const mc_desc o_bid = {"bid", "BID", "Binding Identifier", "RFC 5648 4.3", MC_OPT_BID, 4, 2, 0,
                              bid_f, N(bid_f), NULL};

const mc_desc *const mc_opt_descs[] = {&o_pad1, &o_padn, &o_bra, &o_altcoa, &o_nonce, &o_auth, &o_mnp,
                                       &o_lla, &o_ipv4hoa, &o_ipv4ack, &o_ipv4coa, &o_bid};
const size_t mc_opt_ndescs = sizeof(mc_opt_descs) / sizeof(mc_opt_descs[0]);

/* Option layouts by type: one look-up per option of every packet, so a
 * table indexed by the type byte, filled from mc_opt_descs once. */
static const mc_desc *opt_by_type[256];
static once_flag opt_once = ONCE_FLAG_INIT;

static void opt_index(void)
{
    for (size_t i = 0; i < mc_opt_ndescs; i++)
        opt_by_type[mc_opt_descs[i]->code & 0xff] = mc_opt_descs[i];
}

const mc_desc *mc_opt_desc(int t)
{
    if (t < 0 || t > 255)
        return NULL;
    call_once(&opt_once, opt_index);
    return opt_by_type[t];
}

void mc_opt_align(int t, size_t body_len, uint8_t *x, uint8_t *y)
{
    const mc_desc *d = mc_opt_desc(t);
    *x = d ? d->align_x : 0;
    *y = d ? d->align_y : 0;
    if (t == MC_OPT_BID && body_len > MC_BID_LEN_NOCOA) {
        *x = 8;
        *y = 2;
    }
}

/* ---- legacy profiles (wire.h): the draft-era forms, named here once ------ */
const mc_profile mc_profiles[MC_PROFILE_COUNT] = {
    [MC_PROFILE_RFC] = {"rfc", "RFC 6275 / RFC 5648", "RFC 6275, RFC 5648", ""},
    [MC_PROFILE_MH62] = {"mh62", "draft-era Mobility Header, next header 62 (pre-IANA number), not RFC 6275",
                         "draft-ietf-mobileip-ipv6 (the drafts before IANA assigned 135)",
                         "RFC 6275 6.1.1 identifies the Mobility Header by next header 135; 62 is the number the "
                         "drafts used, still seen in old captures. The message layouts are those of RFC 6275."},
    [MC_PROFILE_MCOA01] = {"mcoa-01", "draft-01 Binding Unique Identifier sub-option, not the RFC 5648 BID option",
                           "draft-ietf-monami6-multiplecoa-01 4.3.1",
                           "type never assigned (RFC 5648: 35); Priority/Status instead of Status (a priority in a "
                           "BU, a status only in a BA; status moved into the option for good in -04); C (Care-of "
                           "Address present) and R (Removable) flags instead of H, 6 reserved bits; Length 4, or 20 "
                           "with C and an IPv6 Care-of Address (no IPv4, no Length 8)"},
    [MC_PROFILE_MIP6_97] = {"mip6-97", "draft-era binding option (1997 destination option), not RFC 6275",
                            "draft-ietf-mobileip-ipv6-04 (1997) 5.1-5.4",
                            "binding signalling as IPv6 destination options (BU 0xC6, BA 0x07, BR 0x08, Home "
                            "Address 0xC9) instead of the Mobility Header; BU flags A H C, an ID Length, 32-bit "
                            "lifetimes in seconds, an optional Care-of Address; BA with a Refresh period"},
};

const mc_profile *mc_profile_by_key(const char *key)
{
    for (int i = 1; i < MC_PROFILE_COUNT; i++)
        if (strcmp(mc_profiles[i].key, key) == 0)
            return &mc_profiles[i];
    return NULL;
}

/* draft-ietf-monami6-multiplecoa-01 4.3.1, Figure 1. */
static const mc_field bid01_f[] = {
    F_UF("bid", "Binding Unique ID (BID)", 0, 2, MC_FF_POS),
    F_U("prio", "Priority/Status", 2, 1),
    F_FLAG("C", "Care-of Address", 3, 1, MC_BID01_C_FLAG),
    F_FLAG("R", "Removable", 3, 1, MC_BID01_R_FLAG),
    F_UM("res", "Reserved", 3, 1, 0x3f, MC_FF_RESERVED),
    F_IPX("coa", "Care-of Address (CoA)", 4),
};
const mc_desc mc_desc_bid01 = {"bid01", "BID-01", "Binding Unique Identifier sub-option",
                               "draft-ietf-monami6-multiplecoa-01 4.3.1", -1, 4, 0, 0, bid01_f, N(bid01_f), NULL};

/* draft-ietf-mobileip-ipv6-04 (1997) 5: the Destination Options header and
 * its four binding options.  Offsets are relative to the option body; the
 * draft states no alignment for them, so the crafter pads none. */
static const mc_field dstopts_f[] = {
    F_UF("nh", "Next Header", 0, 1, MC_FF_COMPUTED),
    F_UF("hdrlen", "Hdr Ext Len", 1, 1, MC_FF_COMPUTED),
};
static const uint8_t dstopts_t[2] = {MC_IPPROTO_NONE, 0};
const mc_desc mc_desc_dstopts = {"dstopts", "DSTOPT", "Destination Options header (draft-era binding options)",
                                 "draft-ietf-mobileip-ipv6-04 5", MC_IPPROTO_DSTOPTS, 2, 0, 0, dstopts_f,
                                 N(dstopts_f), dstopts_t};

static const mc_field bu97_f[] = {
    F_FLAG("A", "Acknowledge", 0, 1, MC_BU97_A),
    F_FLAG("H", "Home Registration", 0, 1, MC_BU97_H),
    F_FLAG("C", "Care-of Address Present", 0, 1, MC_BU97_C),
    F_UM("res", "Reserved", 0, 1, 0x1f, MC_FF_RESERVED),
    F_U("idlen", "ID Length", 1, 1),
    F_U("seq", "Sequence Number", 2, 2),
    F_U("lifetime", "Lifetime (seconds)", 4, 4),
    F_IPX("coa", "Care-of Address", 8),
};
static const mc_desc d_bu97 = {"bu97", "BU-97", "Binding Update option", "draft-ietf-mobileip-ipv6-04 5.1",
                               MC_DOPT97_BU, 8, 0, 0, bu97_f, N(bu97_f), NULL};

/* Status values: the extracted text of the draft keeps 130-136 only (the
 * page with 0-129 is missing); < 128 means accepted (5.2). */
static const mc_code_name ba97_status[] = {
    {130, "prohibited", "Administratively prohibited", "draft-ietf-mobileip-ipv6-04 5.2"},
    {131, "insufficient-resources", "Insufficient resources", "draft-ietf-mobileip-ipv6-04 5.2"},
    {132, "homereg-not-supported", "Home registration not supported", "draft-ietf-mobileip-ipv6-04 5.2"},
    {133, "not-home-subnet", "Not home subnet", "draft-ietf-mobileip-ipv6-04 5.2"},
    {134, "seq-too-small", "Sequence Number field value too small", "draft-ietf-mobileip-ipv6-04 5.2"},
    {135, "dhaad-response", "Dynamic home agent address discovery response", "draft-ietf-mobileip-ipv6-04 5.2"},
    {136, "bad-id-length", "Incorrect interface identifier length", "draft-ietf-mobileip-ipv6-04 5.2"},
};
static const mc_field ba97_f[] = {
    {"status", "Status", MC_FK_UINT, 0, 1, MC_FF_POS, 0, ba97_status, N(ba97_status)},
    F_U("seq", "Sequence Number", 1, 2),
    F_U("lifetime", "Lifetime (seconds)", 3, 4),
    F_U("refresh", "Refresh (seconds)", 7, 4),
};
static const mc_desc d_ba97 = {"ba97", "BA-97", "Binding Acknowledgement option", "draft-ietf-mobileip-ipv6-04 5.2",
                               MC_DOPT97_BA, 11, 0, 0, ba97_f, N(ba97_f), NULL};
static const mc_desc d_br97 = {"br97", "BR-97", "Binding Request option", "draft-ietf-mobileip-ipv6-04 5.3",
                               MC_DOPT97_BR, 0, 0, 0, NULL, 0, NULL};
static const mc_field hoa97_f[] = {F_IP6("home", "Home Address", 0, MC_FF_POS)};
static const mc_desc d_hoa97 = {"hoa97", "HoA-97", "Home Address option", "draft-ietf-mobileip-ipv6-04 5.4",
                                MC_DOPT97_HOA, 16, 0, 0, hoa97_f, N(hoa97_f), NULL};

const mc_desc *const mc_dopt_descs[] = {&o_pad1, &o_padn, &d_ba97, &d_br97, &d_bu97, &d_hoa97};
const size_t mc_dopt_ndescs = sizeof(mc_dopt_descs) / sizeof(mc_dopt_descs[0]);

const mc_desc *mc_dopt_desc(int t)
{
    for (size_t i = 0; i < mc_dopt_ndescs; i++)
        if (mc_dopt_descs[i]->code == t)
            return mc_dopt_descs[i];
    return NULL;
}

int mc_dopt_is_binding(int t)
{
    return t == MC_DOPT97_BU || t == MC_DOPT97_BA || t == MC_DOPT97_BR;
}

static const struct {
    const mc_desc *d;
    int linktype;
} link_descs[] = {
    {&mc_desc_eth, MC_LINKTYPE_ETHERNET}, {&mc_desc_sll, MC_LINKTYPE_LINUX_SLL}, {&mc_desc_sll2, MC_LINKTYPE_LINUX_SLL2},
    {&mc_desc_null, MC_LINKTYPE_NULL},    {&mc_desc_null_be, MC_LINKTYPE_NULL},  {&mc_desc_loop, MC_LINKTYPE_LOOP},
};

int mc_desc_linktype(const mc_desc *d)
{
    for (size_t i = 0; i < sizeof link_descs / sizeof link_descs[0]; i++)
        if (link_descs[i].d == d)
            return link_descs[i].linktype;
    return -1;
}

static const mc_desc *const layer_descs[] = {&mc_desc_eth, &mc_desc_vlan, &mc_desc_qinq, &mc_desc_sll, &mc_desc_sll2,
                                              &mc_desc_null, &mc_desc_null_be, &mc_desc_loop, &mc_desc_ipv4, &mc_desc_udp, &mc_desc_ipv6,
                                              &mc_desc_hao, &mc_desc_rh2, &mc_desc_ext6, &mc_desc_mh, &mc_desc_dstopts};

const mc_desc *mc_desc_by_key(const char *key)
{
    for (size_t i = 0; i < sizeof(layer_descs) / sizeof(layer_descs[0]); i++)
        if (strcmp(layer_descs[i]->key, key) == 0)
            return layer_descs[i];
    for (size_t i = 0; i < mc_mh_ndescs; i++)
        if (strcmp(mc_mh_descs[i]->key, key) == 0)
            return mc_mh_descs[i];
    for (size_t i = 0; i < mc_opt_ndescs; i++)
        if (strcmp(mc_opt_descs[i]->key, key) == 0)
            return mc_opt_descs[i];
    if (strcmp(key, mc_desc_bid01.key) == 0)
        return &mc_desc_bid01;
    for (size_t i = 2; i < mc_dopt_ndescs; i++) /* after Pad1 and PadN, found above */
        if (strcmp(mc_dopt_descs[i]->key, key) == 0)
            return mc_dopt_descs[i];
    return NULL;
}
