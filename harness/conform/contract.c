/*
 * contract.c - the external-IUT contract's table (see contract.h and
 * harness/IUT.md).  Names follow RFC 5648's words where it has them.
 */
#include <string.h>
#include "contract.h"

const mc_pics_item mc_pics_items[] = {
    {"mcoa", "ha cn mn", "multiple care-of addresses registration (RFC 5648): Binding Identifier mobility option"},
    {"bulk", "ha mn", "bulk registration (RFC 5648 5.3, 6.2): several BID options in one Binding Update"},
    {"simultaneous", "ha mn", "simultaneous home and foreign attachment (RFC 5648 5.6): a home binding (BID with H) "
                              "next to foreign ones"},
    {"returnhome-wo-ndp", "ha mn", "MCOA RETURNHOME WO/NDP (status 5): returning home without Neighbor Discovery "
                                   "for the home address (RFC 5648 5.6.2, 6.3)"},
    {"ipv4-coa", "ha mn", "IPv4 care-of addresses in the BID option, BU over UDP/IPv4 (RFC 5648 8.1, RFC 5555)"},
    {"ipv4-hoa", "ha mn", "IPv4 home addresses: IPv4 Home Address option and acknowledgement (RFC 5648 8.2, "
                          "RFC 5555)"},
    {"route-optimization", "cn mn", "return routability and route optimization (RFC 6275 5.2, 6.1.7, 9.3.2, 11.6)"},
    {"data-plane", "ha cn", "the data plane: the home agent intercepts and tunnels to the care-of addresses and "
                            "accepts reverse tunnels (RFC 6275 10.4, RFC 5648 5.6.2, 9.3); the correspondent "
                            "sends route-optimized packets (RFC 6275 9.3.2). A signalling-only implementation "
                            "says no: its signalling tests still run"},
};
const size_t mc_npics_items = sizeof mc_pics_items / sizeof mc_pics_items[0];

const mc_iut_config mc_iut_configs[] = {
    {"bulk-prohibited", "ha", "bulk registration is administratively prohibited: a BU with more than one BID "
                              "option is answered MCOA BULK REGISTRATION PROHIBITED (168), one BID option at a "
                              "time is accepted (RFC 5648 4.4, 6.2)"},
    {"mcoa-prohibited", "ha", "multiple care-of addresses registration is administratively prohibited: a BU with "
                              "a BID option is answered MCOA PROHIBITED (166), a BU without one is accepted "
                              "(RFC 5648 4.4, 6.2)"},
    {"simultaneous-prohibited", "ha", "simultaneous home and foreign attachment is not permitted: a home binding "
                                      "next to a foreign one is answered 169 (RFC 5648 4.4, 6.3)"},
    {"returnhome-wo-ndp", "ha", "the mobile node must not run Neighbor Discovery for its home address on the home "
                                "link: a home binding is accepted with MCOA RETURNHOME WO/NDP (5) (RFC 5648 6.3)"},
    {"returnhome-with-ndp", "ha", "the mobile node may run Neighbor Discovery for its home address on the home "
                                  "link: a home binding is accepted with status 0 (RFC 5648 6.3)"},
    {"brr-before-expiry", "ha", "the home agent sends a Binding Refresh Request (RFC 6275 10.3.1, RFC 5648 6.4) "
                                "before a binding expires: within 3 s of registering a binding of one lifetime "
                                "unit (4 s)"},
    {"short-nonce-lifetime", "cn", "nonces are refused 1 s after their first use (RFC 6275 5.2.7; "
                                   "MAX_NONCE_LIFETIME is an upper bound) and renewed at least every 200 ms"},
    {"return-home-simultaneous", "mn", "on return-home the mobile node keeps its foreign bindings and registers a "
                                       "home binding from the home link (RFC 5648 5.6), instead of "
                                       "de-registering everything (5.5)"},
    {"return-home-complete", "mn", "on return-home the mobile node de-registers all its bindings with the home "
                                   "agent from the home link (RFC 5648 5.5.1), instead of keeping them next to a "
                                   "home binding (5.6)"},
    {"ipv4-coa-on-f1", "mn", "the mobile node also has the IPv4 care-of address 192.0.2.10 on its first foreign "
                             "interface and knows the home agent's IPv4 address 198.51.100.1 (RFC 5648 8.1)"},
    {"ipv4-home-address", "mn", "the mobile node also has the IPv4 home address 198.51.100.100 (RFC 5555, "
                                "RFC 5648 8.2)"},
    {"ipv4-home-prefix", "mn", "the mobile node also has the IPv4 home address 198.51.100.100 and asks for the "
                               "IPv4 home prefix 198.51.100.0/24 (RFC 5555 3.1.1: Prefix-len 24, not 32)"},
    {"lifetime-one-unit", "mn", "the mobile node asks for a lifetime of one unit (4 s) in its registrations (RFC 6275 "
                                "6.1.7: the shortest lifetime there is; 0 would be a de-registration)"},
    {"large-bids", "mn", "the mobile node also has the care-of addresses 2001:db8:f2::20 on f2 with BID 300 and "
                         "2001:db8:f1::20 on f1 with BID 65535 (RFC 5648 4.1: the BID is 16 bits)"},
};
const size_t mc_niut_configs = sizeof mc_iut_configs / sizeof mc_iut_configs[0];

const mc_iut_action mc_iut_actions[] = {
    {"configure", "ha cn mn", "NAME", "put the IUT, started and ready, in the named configuration (only for "
                                      "configurations the PIXIT gives no iut-cmd.NAME for); exit 77 if it cannot"},
    {"register", "mn", "all|BID", "register every care-of address (all: bulk where the IUT does bulk) or the one "
                                  "of that BID with the home agent (RFC 5648 5.1-5.3)"},
    {"deregister", "mn", "all|BID [BID...]", "de-register every binding (all: RFC 6275 de-registration, 5.4) or "
                                             "those of the BIDs given, several in one BU with a BID option each "
                                             "where the IUT does bulk (RFC 5648 5.4)"},
    {"return-home", "mn", "", "attach to the home link (its interface comes up) and do what returning home means "
                              "for the IUT's configuration (RFC 5648 5.5 or 5.6)"},
    {"leave-home", "mn", "", "leave the home link while foreign care-of addresses are up (RFC 5648 5.6.5)"},
    {"rr", "mn", "CN", "run return routability with correspondent CN and register each care-of address with it "
                       "(RFC 6275 5.2, 11.6, 11.7.2; RFC 5648 5.8)"},
    {"coa-down", "mn", "IF", "the care-of address of interface IF goes away (the interface loses its link)"},
    {"coa-up", "mn", "IF [ADDRESS]", "interface IF gets its care-of address (or ADDRESS) back"},
    {"coa-add", "mn", "IF ADDRESS", "interface IF gets ADDRESS as one more care-of address, the one it has "
                                    "staying up (RFC 5648 5.1: one interface or several is irrelevant)"},
    {"send-udp", "cn", "HOA PORT TEXT", "send one UDP datagram with payload TEXT to home address HOA, port PORT, "
                                        "as any application on the correspondent would (route optimized when a "
                                        "binding exists, RFC 6275 9.3.2)"},
};
const size_t mc_niut_actions = sizeof mc_iut_actions / sizeof mc_iut_actions[0];

int mc_roles_has(const char *roles, const char *role)
{
    size_t n = strlen(role);
    for (const char *s = roles; (s = strstr(s, role)); s += n)
        if ((s == roles || s[-1] == ' ') && (s[n] == ' ' || !s[n]))
            return 1;
    return 0;
}

const mc_pics_item *mc_pics_find(const char *name)
{
    for (size_t i = 0; i < mc_npics_items; i++)
        if (!strcmp(mc_pics_items[i].name, name))
            return &mc_pics_items[i];
    return NULL;
}

const mc_iut_config *mc_iut_config_find(const char *role, const char *name)
{
    for (size_t i = 0; i < mc_niut_configs; i++)
        if (!strcmp(mc_iut_configs[i].name, name) && !strcmp(mc_iut_configs[i].role, role))
            return &mc_iut_configs[i];
    return NULL;
}

const mc_iut_action *mc_iut_action_find(const char *role, const char *name)
{
    for (size_t i = 0; i < mc_niut_actions; i++)
        if (!strcmp(mc_iut_actions[i].name, name) && mc_roles_has(mc_iut_actions[i].roles, role))
            return &mc_iut_actions[i];
    return NULL;
}
