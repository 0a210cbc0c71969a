/*
 * rules.c - the one table of the model's rules: each rule, the clause of
 * testcases/clauses.tsv it decides (or "6275-<section>" for RFC 6275
 * behaviour MCoA relies on, which the catalogue does not list), the role
 * whose behaviour it judges, and how a capture decides it.  `mcoa-conform
 * check --rules` prints it with the coverage of the catalogue per role.
 */
#include "mcoa_model.h"

#define R(id, name, clause, roles, level, how) [id] = {id, name, clause, roles, level, how}

const mm_rule mm_rules[MM_R_COUNT] = {
    /* ---- HA and CN: answers to a Binding Update ---- */
    R(MM_R_NO_ANSWER_BAD_CSUM, "bu-bad-checksum-silent", "6275-9.2", MM_HA | MM_CN, "MUST",
      "a BU whose MH checksum is wrong is answered by no BA"),
    R(MM_R_BA_FOR_A, "ba-for-every-a", "6275-9.5.1", MM_HA | MM_CN, "MUST",
      "a valid BU with A set, and to a home agent every home registration (H set, A or not: RFC 6275 "
      "10.3.1), gets a BA within --ba-timeout (a capture that ends sooner: undecided; a CN's silence is "
      "allowed, the authenticator cannot be checked)"),
    R(MM_R_BA_SEQ, "ba-seq", "6275-6.1.8", MM_HA | MM_CN, "MUST",
      "a BA carries the BU's sequence number, or with 135 the last accepted one"),
    R(MM_R_SEQ_135, "seq-not-newer-135", "6275-9.5.1", MM_HA | MM_CN, "MUST",
      "a BU whose sequence number is not newer (mod 2^16) than the last accepted one is answered 135"),
    R(MM_R_SEQ_NOT_135, "seq-newer-not-135", "6275-9.5.1", MM_HA | MM_CN, "MUST",
      "135 only for a number not newer than the last accepted one (known once a BU was accepted)"),
    R(MM_R_LEN_164, "bid-length-164", "5648-6.2-4", MM_HA | MM_CN, "MUST",
      "a BID option of length other than 4, 8, 20 makes the BA status 164 (the whole BU), nothing bound"),
    R(MM_R_COA_164, "coa-not-routable-164", "5648-6.2-6", MM_HA | MM_CN, "MUST",
      "a CoA field that is not global unicast rejects that BID option with 164 (BA, or option + 4 in a bulk)"),
    R(MM_R_V4COA_164, "ipv4-coa-not-valid-164", "5648-6.2-10", MM_HA, "MUST",
      "a length-8 BID option whose IPv4 address is not unicast is rejected with 164"),
    R(MM_R_CN_BULK_168, "cn-bulk-168", "5648-6.2-7", MM_CN, "MUST",
      "a BU to a CN (H clear) with several BID options is answered 168"),
    R(MM_R_DEREG_133, "dereg-unknown-bid-133", "5648-6.2-8", MM_HA | MM_CN, "MUST",
      "a lifetime-0 BU naming a BID known absent is answered 133 and deletes nothing"),
    R(MM_R_NONMCOA_165, "non-mcoa-exists-165", "5648-6.2-14", MM_HA | MM_CN, "should",
      "O clear, a binding without BID known present: the answer is 165"),
    R(MM_R_NONMCOA_NOT_PROCESSED, "non-mcoa-not-processed", "5648-6.2-13", MM_HA | MM_CN, "must not",
      "O clear, a binding without BID known present: the BU is not accepted"),
    R(MM_R_REFRESH_KNOWN, "refresh-known-bid", "5648-6.2-11", MM_HA | MM_CN, "MUST",
      "a length-4 BID option of a BID known present is accepted (policy refusals 128-130, 166, 168, 169 "
      "allowed)"),
    R(MM_R_REFRESH_167, "refresh-unknown-bid-167", "5648-6.2-12", MM_HA | MM_CN, "MUST",
      "a length-4 BID option of a BID known absent is rejected with 167"),
    R(MM_R_COA_UPDATE, "coa-update-accepted", "5648-6.2-15", MM_HA | MM_CN, "MUST",
      "a known BID with a new routable CoA is accepted (policy refusals allowed)"),
    R(MM_R_BID_PRESENT, "ba-has-bid-options", "5648-6.2-16", MM_HA | MM_CN, "MUST",
      "the BA to an accepted BU with A and BID options carries BID options"),
    R(MM_R_BID_COPIED, "ba-copies-every-bid", "5648-6.2-17", MM_HA | MM_CN, "MUST",
      "the BA's BID options are the BU's BIDs, each once, in any order"),
    R(MM_R_BID_H_COPIED, "ba-copies-h", "5648-6.2-17", MM_HA | MM_CN, "MUST",
      "each BA copy keeps the BU option's H flag (all is copied but the Status)"),
    R(MM_R_BID_RESERVED, "bid-reserved-zero", "5648-4.3-7", MM_HA | MM_CN, "MUST",
      "the Reserved bits of a BID option the HA/CN sends (BA, BRR, CoT) are zero"),
    R(MM_R_BID_NO_COA, "bid-no-coa-outside-bu", "5648-4.3-10", MM_HA | MM_CN, "MUST",
      "a BID option in a BA, BRR or CoT has no Care-of Address field (Length 4)"),
    R(MM_R_CN_STATUS_BA, "cn-status-in-ba", "5648-6.2-19", MM_CN, "MUST",
      "a CN's BA carries the result in the BA Status (never 4)"),
    R(MM_R_CN_BID_ZERO, "cn-bid-status-zero", "5648-6.2-20", MM_CN, "MUST",
      "a CN's BA has Status 0 in every BID option"),
    R(MM_R_HA_BULK_PER_BID, "ha-bulk-status-per-bid", "5648-6.2-21", MM_HA, "MUST",
      "a bulk BU with BID options of different outcomes: each option's status is its own"),
    R(MM_R_HA_NOTCOMPLETE, "ha-notcomplete-4", "5648-6.2-22", MM_HA, "MUST",
      "per-BID statuses go with BA status 4, and 4 only with a non-zero BID status"),
    R(MM_R_HA_BID_ZERO, "ha-bid-status-zero", "5648-6.2-23", MM_HA, "MUST",
      "when the BA status is not 4 every BID option status is 0"),
    R(MM_R_HOME_0_5, "home-binding-0-or-5", "5648-6.3-1", MM_HA, "MUST",
      "an accepted home binding (BID H) is answered 0 or 5 (5 in the BA or the option)"),
    R(MM_R_LIFETIME, "lifetime-not-above-requested", "6275-10.3.1", MM_HA | MM_CN, "MUST",
      "an accepting BA's lifetime is at most the BU's"),
    R(MM_R_CN_BA_AUTH, "cn-ba-authorization-data", "6275-9.5.4", MM_CN, "MUST",
      "a CN's BA other than 136-138 carries Binding Authorization Data"),
    R(MM_R_REJECT_KEEPS, "rejected-bu-changes-nothing", "5648-6.2-26", MM_HA | MM_CN, "rule",
      "state after a rejected BU is the state before: a later answer that needs the old bindings is judged "
      "against them"),
    R(MM_R_O_REPLACES, "o-replaces-all", "5648-6.2-24", MM_HA | MM_CN, "rule",
      "after an accepted BU with O (or without BID option) the peer holds exactly the new bindings: later "
      "refreshes of dropped BIDs get 167"),
    R(MM_R_BRR_BID, "brr-carries-bid", "5648-6.4-1", MM_HA | MM_CN, "SHOULD",
      "a BRR to an MN whose bindings have BIDs carries BID options"),
    R(MM_R_COT_BID, "cot-answers-bid", "5648-5.2-6", MM_CN, "MUST",
      "a CoT answering a CoTI with a BID option carries that BID (explore also: with Status 0 when the CoTI's option "
      "is well formed, 4.3: the Status carries the care-of address test's errors)"),
    R(MM_R_HOT_COOKIE, "hot-cookie-copied", "6275-9.4.3", MM_CN, "MUST",
      "a HoT carries the cookie of a HoTI seen from that home address"),
    R(MM_R_TEST_ADDRS, "test-from-init-destination", "6275-9.4.3", MM_CN, "MUST",
      "explore: a HoT (CoT) is sent from the HoTI's (CoTI's) destination address to its source (RFC 6275 9.4.3, "
      "9.4.4)"),
    R(MM_R_INIT_HAO, "init-with-hao-ignored", "6275-9.4.2", MM_CN, "MUST",
      "explore: a CoTI carrying a Home Address option is silently ignored: no CoT (RFC 6275 9.4.1, 9.4.2)"),
    R(MM_R_COT_COOKIE, "cot-cookie-copied", "6275-9.4.4", MM_CN, "MUST",
      "a CoT carries the cookie of a CoTI seen from that care-of address"),
    R(MM_R_V4ACK_ORDER, "v4ack-before-bid", "5648-8.2-2", MM_HA, "MUST",
      "in a BA the IPv4 Address Acknowledgement option comes before any BID option"),
    R(MM_R_BE_FOR_BU, "no-source-check-on-bu", "5648-6.5-4", MM_HA | MM_CN, "MUST NOT",
      "a Binding Error (status 1) for a home address, sent to a BU's source within the BA timeout, with no other "
      "packet with a Home Address option from that source to that peer within a second of the BU: the care-of "
      "address check was applied to the BU (RFC 6275 9.3.1 answers such a packet with a Binding Error)"),
    /* ---- MN behaviour ---- */
    R(MM_R_MN_BID_UNIQUE, "mn-bid-unique", "5648-5.1-1", MM_MN, "MUST",
      "one BU never binds one BID to two care-of addresses, nor two BIDs to one (3-1)"),
    R(MM_R_MN_BID_ZERO, "mn-bid-not-zero", "5648-5.1-2", MM_MN, "SHOULD NOT", "no BID option with BID 0"),
    R(MM_R_MN_FIRST_COA, "mn-first-registration-coa", "5648-5.1-4", MM_MN, "MUST",
      "a registering BID option for a BID the MN never registered with that peer carries the CoA "
      "(needs --from-start or an earlier O)"),
    R(MM_R_MN_SEQ, "mn-one-sequence-space", "5648-4.1-2", MM_MN, "MUST",
      "each BU to a peer has a newer sequence number than the MN's previous BU to it (RFC 6275 11.7.1); "
      "an identical resend is a retransmission"),
    R(MM_R_MN_NO_BULK_CN, "mn-no-bulk-to-cn", "5648-2-3", MM_MN, "must not",
      "a BU without H (to a CN) carries at most one BID option"),
    R(MM_R_MN_HOME_COA, "mn-home-binding-coa", "5648-5.6.3-3", MM_MN, "MUST",
      "a BID option with H set carries the home address as its CoA (or none, refreshing a home binding)"),
    R(MM_R_MN_HOME_LIFETIME, "mn-home-binding-lifetime", "5648-5.6.3-2", MM_MN, "MUST",
      "a BU registering a home binding (BID H with the home address) has a non-zero lifetime"),
    R(MM_R_MN_LEAVE_HOME_H, "mn-foreign-coa-no-h", "5648-5.6.5-1", MM_MN, "SHOULD",
      "a BID option carrying a foreign care-of address has H clear"),
    R(MM_R_MN_HOME_REFRESH_H, "mn-home-refresh-h", "5648-5.6.3-1", MM_MN, "MUST",
      "a BU sent from the home link (no HAO) refreshing a home binding has H in its BID option"),
    R(MM_R_MN_LLA_CODE, "mn-lla-code-2", "5648-5.6.3-5", MM_MN, "MUST",
      "a home-binding BU's MH Link-Layer Address option has Option-Code 2"),
    R(MM_R_MN_AFTER_165, "mn-o-after-165", "5648-5.7-6", MM_MN, "MUST",
      "the next registering BU for a BID the 165 answered has O set (a retransmission that crossed the 165: "
      "the one after it)"),
    R(MM_R_MN_AFTER_166, "mn-no-mcoa-after-166", "5648-5.7-4", MM_MN, "MUST",
      "after 166 the MN sends that peer no more BID options"),
    R(MM_R_MN_AFTER_167, "mn-coa-after-167", "5648-5.7-7", MM_MN, "SHOULD",
      "after 167 for a BID, the next registering BU for it carries the CoA"),
    R(MM_R_MN_AFTER_168, "mn-no-bulk-after-168", "5648-5.7-5", MM_MN, "should",
      "after 168 the MN sends that peer no more bulk BUs"),
    R(MM_R_MN_NO_BID_FALLBACK, "mn-fallback-after-ba-without-bid", "5648-5.7-2", MM_MN, "SHOULD",
      "after a BA without BID option to an MCoA BU, no more BID options to that peer"),
    R(MM_R_MN_BOOTSTRAP_O, "mn-bootstrap-o", "5648-5.9-1", MM_MN, "MUST",
      "the MN's first BU with BID options to its HA in a capture from the start has O set"),
    R(MM_R_MN_V4_BULK, "mn-ipv4-coa-not-bulk", "5648-8.1-1", MM_MN, "MUST NOT",
      "a BID option with an IPv4 CoA not yet registered is not in a bulk BU"),
    R(MM_R_MN_ALTCOA, "mn-no-altcoa", "5648-5.2-4", MM_MN, "MUST NOT",
      "a BU with BID options has no Alternate Care-of Address option"),
    R(MM_R_MN_V4COA_OPT, "mn-no-ipv4-coa-option", "5648-8.1-3", MM_MN, "MUST NOT",
      "a BU with BID options has no RFC 5555 IPv4 Care-of Address option"),
    R(MM_R_MN_BID_LEN, "mn-bid-length", "5648-4.3-1", MM_MN, "MUST",
      "the MN's BID options have Length 4, 8 or 20"),
    R(MM_R_MN_BID_RESERVED, "mn-bid-reserved-zero", "5648-4.3-7", MM_MN, "MUST",
      "the Reserved bits of the MN's BID options are zero"),
    R(MM_R_MN_BRR, "mn-bu-after-brr", "5648-5.8-1", MM_MN, "SHOULD",
      "after a BRR with BID options, the MN's next BU to that peer covers at least one of them"),
    R(MM_R_MN_RR_FIRST, "mn-rr-before-cn-bu", "5648-3-4", MM_MN, "must",
      "a registering BU to a CN follows a HoT and a CoT seen for that home address and care-of address "
      "(capture from the start)"),
    R(MM_R_MN_COTI_BID_NO_COA, "mn-coti-bid-no-coa", "5648-4.3-10", MM_MN, "MUST",
      "a BID option in the MN's CoTI has no Care-of Address field (Length 4)"),
    /* ---- MN behaviour after a command (explore --role mn; a capture does not know the command) ---- */
    R(MM_R_MN_DEREG_ONE, "mn-dereg-one-bid", "5648-2-2", MM_MN, "must",
      "explore: after `deregister BID` the MN's BU has lifetime 0 and that BID option (5.4: one binding is "
      "deleted by a BU with lifetime zero and its BID; a BU without BID option deletes them all)"),
    R(MM_R_MN_HOME_DEREG_ALL, "mn-return-home-dereg-all", "5648-5.5.1-1", MM_MN, "rule",
      "explore: configuration return-home-complete, after `return-home` the MN's BU from the home link has "
      "lifetime 0 and de-registers all its bindings (no BID option, 5.4, or every BID it registered)"),
    R(MM_R_MN_BA_DISCARD, "mn-ba-seq-mismatch-discarded", "6275-11.7.3", MM_MN, "MUST",
      "explore: a BA whose Sequence Number matches no outstanding BU is discarded: the BU, still unanswered, "
      "is sent again (RFC 6275 11.8) within 2.5 s, as the suite's mn-ba-seq-mismatch expects"),
    R(MM_R_OFF_HOME, "not-home-subnet-132", "6275-10.3.1", MM_HA, "MUST",
      "explore: a BU for a home address outside the home agent's home prefix (the PIXIT's HPREFIX) is rejected "
      "(no accepting BA; 132 Not home subnet SHOULD answer it), and 132 answers no home address inside it; a "
      "capture does not know the prefix"),
    R(MM_R_V4ACK_PRESENT, "v4ack-for-ipv4-hoa", "5648-8.2-3", MM_HA, "MUST",
      "explore, PICS ipv4-hoa: the BA to a BU with an IPv4 Home Address option carries an IPv4 Address "
      "Acknowledgement (a capture alone cannot decide it: a home agent without RFC 5555 rightly skips the option, "
      "RFC 6275 6.2.1)"),
    R(MM_R_V4ACK_HOME_LINK, "v4ack-success-on-home-link", "5555-3.2.1", MM_HA, "MUST",
      "explore, PIXIT HPREFIX4: an IPv4 Address Acknowledgement with status 0 (success) names an IPv4 home "
      "address of the home agent's IPv4 home link (not 0.0.0.0) and that link's prefix length (RFC 5555, the "
      "option's Pref-len): a requested address off that link is never acknowledged as a success; with PICS "
      "ipv4-hoa-static, an unused unicast address of the link asked for in an accepted BU is granted, itself"),
    R(MM_R_HAO_BOUND, "hao-from-bound-coa-accepted", "5648-6.5-1", MM_HA | MM_CN, "MUST",
      "explore: a packet with a Home Address option whose source is a care-of address bound to that home address "
      "passes the check: no Binding Error answers it"),
    R(MM_R_HAO_UNBOUND_BE, "hao-from-unbound-coa-binding-error", "5648-6.5-3", MM_HA | MM_CN, "MUST",
      "explore: a packet with a Home Address option whose source is bound to no binding of that home address (all "
      "of them known) is answered by a Binding Error, status 1, for that home address; Binding Errors may be rate "
      "limited (RFC 6275 9.3.1), so at most one is expected per PIXIT be-interval (1000 ms)"),
    R(MM_R_REVERSE_TUNNEL, "reverse-tunnel-from-bound-coa", "6275-10.4.5", MM_HA, "MUST",
      "explore, PICS data-plane: a packet the mobile node reverse-tunnels to the home agent from a care-of address "
      "bound to its home address is decapsulated and forwarded (RFC 6275 10.4.5; with MCoA any bound care-of "
      "address, as ha-reverse-tunnel-any-coa tests)"),
    R(MM_R_FORWARD_TUNNEL, "forward-tunnel-to-bound-coa", "5648-5.6.2-1", MM_HA, "MUST",
      "explore, PICS data-plane: a packet from the correspondent to a home address with care-of addresses bound (no "
      "home binding) is intercepted and tunnelled to one of them (RFC 6275 10.4.1; with MCoA any bound one)"),
    R(MM_R_CN_ROUTE_OPTIMIZED, "cn-route-optimized-to-bound-coa", "6275-9.3.2", MM_CN, "SHOULD",
      "explore, PICS route-optimization data-plane: a packet the correspondent sends (action send-udp) to a home "
      "address with care-of addresses bound goes to one of them with a Type 2 Routing Header holding the home "
      "address (with MCoA any bound one)"),
    R(MM_R_CFG_166, "mcoa-prohibited-166", "5648-4.4", MM_HA, "MUST",
      "explore: in configuration mcoa-prohibited a BU with BID options is refused with 166 MCOA PROHIBITED (nothing "
      "bound); a home agent that claims PICS mcoa, in another configuration, never answers 166"),
    R(MM_R_CFG_168, "bulk-prohibited-168", "5648-4.4-2", MM_HA, "MUST",
      "explore: in configuration bulk-prohibited (or without PICS bulk) a BU with more than one BID option is refused "
      "with 168 MCOA BULK REGISTRATION PROHIBITED; a home agent that claims PICS bulk, in another configuration, "
      "never answers 168"),
    R(MM_R_CFG_169, "simultaneous-prohibited-169", "5648-6.3-2", MM_HA, "MUST",
      "explore: in configuration simultaneous-prohibited (or without PICS simultaneous) a BID option with H that "
      "registers a home binding is refused with 169 MCOA SIMULTANEOUS HOME AND FOREIGN PROHIBITED; a home agent that "
      "claims PICS simultaneous, in another configuration, never answers 169"),
    R(MM_R_CFG_HOME_STATUS, "home-binding-status-by-configuration", "5648-6.3-1", MM_HA, "MUST",
      "explore: a home binding is accepted with 5 MCOA RETURNHOME WO/NDP in configuration returnhome-wo-ndp and with "
      "0 in returnhome-with-ndp (6.3: depending on the home agent's configuration; a capture does not know it)"),
    R(MM_R_CFG_REFUSED, "home-registration-not-refused", "6275-10.3.1", MM_HA, "MUST",
      "explore: the PIXIT makes the IUT the home agent of its home addresses, as the suite's tests do: a home "
      "registration (H) it would otherwise accept is not refused with 128 (reason unspecified) or 129 "
      "(administratively prohibited); a capture does not know the home agent's policy"),
    R(MM_R_CN_FRESH_NONCE, "fresh-nonce-not-expired", "6275-5.2.7", MM_CN, "SHOULD",
      "explore: a BU whose nonce indices the correspondent handed out (HoT, CoT) less than MAX_TOKEN_LIFETIME "
      "(210 s) ago is not refused as expired (136, 137, 138; RFC 6275 9.5.1); explore's run after each IUT start is "
      "far shorter"),
    R(MM_R_CN_STALE_NONCE, "stale-nonce-refused", "6275-5.2.7", MM_CN, "MUST",
      "explore, configuration short-nonce-lifetime (nonces refused 1 s after their first use): a BU whose nonce "
      "indices were handed out 1.3 s before is refused with 136, 137 or 138 (RFC 6275 9.5.1), never accepted"),
    R(MM_R_BRR_DUE, "brr-before-expiry", "6275-10.3.1", MM_HA, "SHOULD",
      "explore, configuration brr-before-expiry (harness/IUT.md): a binding granted one lifetime unit (4 s) is "
      "asked for by a Binding Refresh Request to its care-of address within 3 s"),
};

const mm_undecidable mm_undecidables[] = {
    {"5648-2-1", MM_MN, "two bindings of one BID at once is the MN's Binding Update List: a later BU moving a BID to "
                        "another CoA is a handover; only one BU binding one BID twice is seen (mn-bid-unique)"},
    {"5648-2-2", MM_MN, "whether a changed binding is the same binding is the MN's intent"},
    {"5648-3-2", MM_HA, "the BID recorded is judged through later answers (refresh-known-bid, refresh-unknown-bid-167)"},
    {"5648-3-3", MM_HA, "an additional entry is judged through later answers to both BIDs (refresh-known-bid)"},
    {"5648-3-5", MM_MN, "a MAY"},
    {"5648-3-6", MM_MN | MM_HA | MM_CN, "should: judged for the BA (ba-has-bid-options) and BRR (brr-carries-bid)"},
    {"5648-3-7", MM_HA | MM_CN, "the lookup is judged through the answers to refreshes and de-registrations"},
    {"5648-3-8", MM_HA | MM_CN, "data-plane routing choice: needs to know which binding was verified last"},
    {"5648-3-10", MM_MN | MM_HA | MM_CN, "flow placement: needs every data packet of a flow and the MN's policy"},
    {"5648-3-11", MM_MN, "a MAY"},
    {"5648-4.1-3", MM_HA, "the sequence number of the other bindings is internal state"},
    {"5648-4.3-2", MM_MN | MM_HA | MM_CN, "a length-4 option without CoA is what the dissector reads: nothing else to judge"},
    {"5648-4.3-3", MM_MN, "the CoA field's family is given by the Length: any length-8 option holds an IPv4 address"},
    {"5648-4.3-4", MM_MN, "the CoA field's family is given by the Length"},
    {"5648-4.3-6", MM_MN | MM_HA | MM_CN, "ignoring a Status is internal; judged when a different answer follows "
                                          "(the answers of HA/CN do not depend on it in the model)"},
    {"5648-4.3-8", MM_MN | MM_HA | MM_CN, "ignoring Reserved bits is internal"},
    {"5648-4.3-9", MM_MN | MM_HA | MM_CN, "the dissector reads the field from the Length: nothing else is on the wire"},
    {"5648-4.4-1", MM_MN, "Neighbor Discovery for the home address: ICMPv6, not followed by the checker"},
    {"5648-4.4-2", MM_HA, "optional"},
    {"5648-5.1-3", MM_MN, "how many CoAs the MN has is not on the wire"},
    {"5648-5.2-1", MM_MN, "which BU is meant as a multiple-CoA registration is the MN's intent"},
    {"5648-5.2-3", MM_MN, "under ESP nothing is visible; without ESP the CoA of a BID option is always in its field"},
    {"5648-5.2-5", MM_MN, "valid keygen tokens need the RR crypto (not in the model): mn-rr-before-cn-bu checks their "
                          "exchange"},
    {"5648-5.2-6", MM_MN, "a care-of keygen token per CoA: needs the RR crypto to see which token signed the BU"},
    {"5648-5.5.2-1", MM_MN, "the moment an interface is shut is not on the wire"},
    {"5648-5.6.2-1", MM_HA, "interception is data-plane forwarding (ICMPv6/ND and tunnels, not followed)"},
    {"5648-5.6.2-2", MM_MN, "Neighbor Discovery is not followed"},
    {"5648-5.6.3-4", MM_MN, "should (the LLA option's presence); the checker judges its code when present"},
    {"5648-5.6.3-7", MM_MN, "Neighbor Discovery (NA for the home address) is not followed"},
    {"5648-5.6.3-8", MM_MN, "Neighbor Discovery is not followed"},
    {"5648-5.6.3-9", MM_MN, "a refresh before expiry needs a capture longer than the lifetime"},
    {"5648-5.6.4-1", MM_MN, "Neighbor Discovery is not followed"},
    {"5648-5.6.4-2", MM_MN, "link-layer addresses of data frames are not followed"},
    {"5648-5.6.4-3", MM_HA, "link-layer delivery on the home link is not followed"},
    {"5648-5.6.4-4", 0, "binds the home link's router"},
    {"5648-5.7-1", MM_HA | MM_CN, "SHOULD: same as 6.2-16 (ba-has-bid-options)"},
    {"5648-5.7-3", MM_MN, "a MAY"},
    {"5648-6.1-1", MM_HA | MM_CN, "the lookup is judged through answers (see 3-7)"},
    {"5648-6.1-2", MM_HA | MM_CN, "the lookup is judged through answers (see 3-7)"},
    {"5648-6.2-1", MM_HA | MM_CN, "judged through later answers (o-replaces-all: a dropped BID's refresh gets 167)"},
    {"5648-6.2-2", MM_HA | MM_CN, "judged through later answers (dereg-unknown-bid-133)"},
    {"5648-6.2-3", MM_HA | MM_CN, "the same as 6.2-4 (bid-length-164)"},
    {"5648-6.2-5", MM_HA | MM_CN, "a length-8/20 option always has its CoA field on the wire"},
    {"5648-6.2-9", MM_HA, "the CoA recorded for a home binding is data-plane (delivery on the home link)"},
    {"5648-6.2-18", MM_HA | MM_CN, "a MAY"},
    {"5648-6.2-25", MM_HA | MM_CN, "judged through later answers (dereg keeps the BIDs not listed)"},
    {"5648-6.2-27", MM_MN, "which entry the MN matched a copy with is internal, unless a later BU shows it"},
    {"5648-6.3-2", MM_HA, "which rejections a home binding may get is open (any error)"},
    {"5648-6.3-3", MM_HA, "whether other routers are on the home link is topology, not on the wire of one capture"},
    {"5648-6.3-4", MM_HA, "link-layer delivery of the BA on the home link is not followed"},
    {"5648-6.3-5", MM_MN, "use of the foreign interfaces is data-plane"},
    {"5648-6.4-2", MM_HA | MM_CN, "a MAY"},
    {"5648-6.5-1", MM_HA | MM_CN, "the check itself is internal; its visible effect is the Binding Error (6.5-3)"},
    {"5648-6.5-2", MM_HA | MM_CN, "a drop is the absence of a forwarded packet on another link: data-plane"},
    {"5648-6.5-3", MM_HA | MM_CN, "a Binding Error is rate limited (RFC 6275 9.3.1 SHOULD): its absence cannot be "
                                  "told from the limit (not judged yet)"},
    {"5648-8.1-2", MM_MN, "whether the HA has an IPv4 address is configuration"},
    {"5648-8.1-4", MM_MN, "the dissector reads Figure 9: nothing else to judge"},
    {"5648-8.1-5", MM_MN, "a change of IPv4 CoA is judged as mn-ipv4-coa-not-bulk for a new one"},
    {"5648-8.1-6", MM_MN, "the same as 8.1-3 (mn-no-ipv4-coa-option)"},
    {"5648-8.1-7", MM_HA, "the CoA used is data-plane (tunnel to the IPv4 CoA)"},
    {"5648-8.1-8", MM_HA, "SHOULD NOT; not judged"},
    {"5648-8.1-9", MM_HA, "SHOULD; not judged"},
    {"5648-8.1-10", MM_HA, "which IPv4 status is specific to the IPv4 option is not decidable without RFC 5555's "
                           "internal state"},
    {"5648-8.1-11", MM_HA, "as 8.1-10"},
    {"5648-8.1-12", MM_HA, "as 8.1-10"},
    {"5648-8.2-1", MM_MN, "whether the MN manages an IPv4 home address is its configuration"},
    {"5648-8.2-3", MM_HA, "an IPv4 Home Address option is visible, but a home agent without RFC 5555 support "
                          "skips it as a mobility option it does not understand (RFC 6275 6.2.1) and rightly answers "
                          "without the acknowledgement: a capture cannot tell which home agent it is"},
    {"5648-4.3-1", MM_HA | MM_CN, "the BID options an HA or CN sends must have no CoA, so Length 4: judged as "
                                  "bid-no-coa-outside-bu (4.3-10), which reports any other Length"},
    {"5648-3-1", MM_MN, "the BID kept in the Binding Update List is internal; one BID per CoA within a BU is "
                        "mn-bid-unique (5.1-1)"},
};
const size_t mm_nundecidables = sizeof mm_undecidables / sizeof mm_undecidables[0];
