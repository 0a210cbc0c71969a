#!/usr/bin/env python3
"""The passive checker (mcoa-conform check) against the harness's own verdicts.

1. Green: every pcap that `mcoa-conform run --all -j 2` writes against the
   reference triad (DIR/tests/ID/packets.pcap) is judged with
   `check --from-start --role ROLE`, ROLE the test's IUT role: no finding.
   The role filter is the decision for the tester's stimuli: in an HA or CN
   test the tester plays the mobile node and sends deliberately broken BUs
   (BID option of length 5, BID 0, old sequence numbers); in an MN test it
   plays the home agent and correspondent and answers wrongly on purpose.
   Those are the tester's, not the IUT's, so only the IUT's role is judged
   (without --role the same captures do give MN findings on the stimuli:
   shown below, and asserted to exist, so the filter is what hides them).
2. Faults: the pcaps of `mcoa-conform validate` fault runs
   (DIR/faults/FAULT/ID/packets.pcap), judged the same way: a fault is
   detected passively when the checker reports a finding in any of its
   runs, and the finding names the fault's clause when its clause id is
   one of the test's clauses or in the fault's RFC section (`--fault list`).
   The script prints, per role, how many faults it detects and lists the
   others with the reason a capture cannot show them.

By default the fault part validates a sample of tests (a few minutes);
MCOA_CHECK_FULL=1 runs `validate --all -j 2` (about 10 minutes) and then
also holds the detection figures to the floor below.  MCOA_CHECK_RUN_DIR /
MCOA_CHECK_VALIDATE_DIR reuse the output of earlier runs.

Usage: check_crosscheck.test.py BIN_DIR SOURCE_DIR (as root).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

BIN, SRC = sys.argv[1], sys.argv[2]
CONFORM = os.path.join(BIN, "mcoa-conform")

STATE = ("a wrong binding cache behind a right answer: shown by `state` in the tests, on the wire only by a "
         "later BU whose answer depends on it or by the data plane, which these captures lack")

# Faults a capture cannot show, and why (the undetected ones are listed
# with this reason; one without an entry is listed as "no reason recorded").
WHY = {
    "ha-no-166": "166 answers a configuration (MCoA prohibited) the capture does not show: 0 is also allowed",
    "ha-no-168": "168 answers a configuration (bulk prohibited): without it, accepting is allowed",
    "ha-no-169": "169 answers a configuration (simultaneous home and foreign prohibited)",
    "ha-no-132": "the home prefix is configuration: 132 is allowed, so is accepting",
    "ha-returnhome-wrong-status": "0 and 5 are both allowed (5 depends on other routers on the home link)",
    "ha-no-intercept": "data plane (interception, tunnelling), not followed",
    "ha-reverse-one-coa": "data plane (reverse tunnel), not followed",
    "ha-reverse-any-source": "data plane (reverse tunnel), not followed",
    "ha-reverse-after-dereg": "data plane (reverse tunnel), not followed",
    "ha-v4ack-sticky": "the model does not follow which BU asked for an IPv4 home address",
    "ha-reject-keeps-bid-status": "the model does not require zero BID statuses in a BA whose own status is an error",
    "ha-no-expiry": "data plane (tunnelling after the lifetime), not followed",
    "ha-no-binding-error": "Binding Errors are not judged (rate limited: absence is not a violation a capture shows)",
    "ha-accept-bad-checksum": "judged (bu-bad-checksum-silent) when the faulty node answers",
    "ha-reject-ipv4-bid": "the data plane to the IPv4 CoA is not followed",
    "ha-home-binding-as-dereg": "the CoA stored for a home binding is data plane",
    "ha-v4-status-in-bid": "IPv4 Address Acknowledgement statuses are not judged (RFC 5555 state)",
    "ha-no-v4ack": "IPv4 home address registration (8.2-3) is not judged yet",
    "ha-brr-without-bid": "needs a binding known present at the BRR: judged when the capture has it",
    "cn-no-binding-error": "Binding Errors are not judged (rate limited)",
    "cn-check-bu-source": "a dropped BU looks like loss (a CN may discard a BU whose authenticator it cannot verify)",
    "cn-no-auth-check": "the authenticator needs the keygen tokens' keys: the model has no RR crypto",
    "cn-accept-expired-nonce": "nonce lifetimes are not visible on the wire",
    "cn-no-route-optimization": "data plane (Type 2 Routing Header on data), not followed",
    "cn-ba-auth-over-hoa": "the authenticator's value needs the RR crypto",
    "mn-leave-home-dereg-wrong-bid": "which BID belongs to the home interface is the mobile node's own knowledge",
    "mn-be-keeps-coa-known": "the model does not follow that a Binding Error 1 ends the bindings at the home agent",
    "mn-cn-ba-unchecked": "the authenticator needs the keygen tokens' keys: the model has no RR crypto",
    "mn-nonce-ba-needs-auth": "a retransmission is a SHOULD (RFC 6275 11.8): a BU sent again after its BA is not "
                              "judged passively",
    "mn-o-clears-later-bindings": "which bindings the mobile node believes it holds shows only in a later refresh, "
                                  "whose absence is not judged",
    "mn-no-retransmit-to-cn": "a retransmission is a SHOULD (RFC 6275 11.8): its absence is not judged passively",
    "mn-no-backoff": "retransmission timing (RFC 6275 11.8 exponential back-off) is not judged: a capture shows when, "
                     "not which timer the MN ran",
    "mn-home-registration-with-rr": "which options a regular home registration carries beyond the MCoA ones is not "
                                    "judged (RFC 6275 6.2.6)",
    "cn-answer-init-with-hao": "HoTI/CoTI validity (RFC 6275 9.4.1, 9.4.2) is base Mobile IPv6 the rule table does not "
                               "judge",
    "cn-bid-status-not-ignored": "a CN that acts on a BID Status rejects: any refusal of policy is allowed",
    "cn-bu-without-nonce-processed": "which BUs a correspondent must discard for missing options (RFC 6275 9.5.1, "
                                     "base Mobile IPv6) is not in the rule table; the faulty 138 looks like a nonce "
                                     "that expired",
    "cn-ba-without-a-flag": "a BA to an accepted BU whose A bit is clear is a SHOULD NOT (RFC 6275 9.5.4), not a "
                            "violation the checker reports",
    "cn-rr-lifetime-uncapped": "the lifetime a BA grants is not judged against MAX_RR_BINDING_LIFETIME (RFC 6275 "
                               "9.5.2, 12) by the rule table",
    "cn-unknown-mh-silent": "Binding Errors are not judged (rate limited: absence is not a violation a capture shows)",
    "cn-coa-nonce-by-home-index": "which nonce a keygen token was built from needs the RR crypto: the faulty node "
                                  "discards the BU, which looks like loss",
    "cn-ba-lifetime-zero": "the model does not check the granted lifetime of an accepted binding",
    "cn-careof-token-as-home": "how a keygen token was made needs the CN's secret Kcn; the checker does not compare "
                               "the tokens of different tests (the faulty node's BUs verify as usual)",
    "cn-token-prefix-only": "how a keygen token was made needs the CN's secret Kcn: the faulty node's BU from "
                            "another address of the prefix looks like any BU signed with good tokens",
    "cn-home-coa-registered": "whether a BU needs a care-of keygen token (care-of address = home address, RFC 6275 "
                              "5.2.5) needs the RR crypto; the faulty 137 looks like a care-of nonce that expired",
    "mn-answer-ns-after-5": "Neighbor Discovery is not followed",
    "mn-answer-ns-before-ba": "Neighbor Discovery is not followed",
    "mn-ignore-ra-slla": "link-layer addresses of data frames are not followed",
    "mn-no-home-refresh": "a refresh before expiry needs a capture longer than the lifetime",
    "mn-kbm-home-token-only": "which keygen tokens signed a BU needs the RR crypto",
    "mn-ipv4-hoa-missing": "whether the MN manages an IPv4 home address is its configuration",
    "mn-dereg-one-without-bid": "a de-registration of every binding is legal: the intent to remove one is not on the wire",
    "mn-ba-bids-by-position": "which BU List entry the MN matched is internal unless a later BU shows it",
    "mn-duplicate-bid": "a BID moved to another care-of address in a later BU is a handover on the wire",
    "mn-brr-status-honoured": "a BRR ignored looks like a BU not yet due",
    "mn-ignore-bid-status": "visible only through the reaction to 167, when the test's BA carries it per BID",
    "mn-seq-per-bid": "visible only when two BUs to one peer carry the same or an older number",
    "mn-135-own-seq": "the BU after a 135 is not judged (RFC 6275 11.7.3 also lets the MN give up)",
    "mn-expired-coa-known": "the expiry of the MN's bindings by the lifetime its BA granted is not followed",
    "mn-ro-after-be-2": "Binding Errors and what the MN does after them are not judged",
    "mn-be-without-bul-entry": "Binding Errors and what the MN does after them are not judged",
    "mn-rr-resends-last-bu": "a BU sent twice with one number looks like a packet the network duplicated",
    "mn-ba-needs-rh2": "the BU sent again after the BA to the home address looks like a retransmission that crossed "
                       "the BA: the MN's retransmission timers (RFC 6275 11.8) are not followed",
    # a wrong binding cache behind a right answer: the tests read it through
    # the IUT's `state`; on the wire only a later BU whose answer depends on
    # it (a refresh answered 0 or 167) or the data plane would show it, and
    # these captures have neither after the faulty step
    "ha-dereg-deletes-all": STATE,
    "ha-dereg-first-bid-only": STATE,
    "ha-dereg-honours-o": STATE,
    "ha-ignore-o": STATE,
    "ha-legacy-dereg-keeps-bindings": STATE,
    "ha-ba-not-to-lla": "the link-layer destination of a BA (6.3, a SHOULD) is not judged",
    "ha-ignore-altcoa": "the 165 the faulty node answers after it is taken as news of a binding without BID the "
                        "capture did not show (the model learns from it), and a right answer to the "
                        "de-registration is all the capture has before it",
    "ha-legacy-keeps-bindings": STATE,
    "ha-no-coa-update": STATE,
    "ha-o-clears-when-all-rejected": STATE,
    "ha-coa-hoa-not-dereg": STATE,
    "ha-seq-not-moved-by-dereg": STATE,
    "ha-seq-not-moved-by-legacy": STATE,
    "ha-non-home-bu-registered": STATE,
    "ha-v4ack-plen-on-failure": "IPv4 Address Acknowledgement fields are not judged (RFC 5555 state)",
    "ha-hao-check-first-coa": "Binding Errors are not judged (rate limited: absence is not a violation a capture shows)",
    "cn-coa-update-ignored": STATE,
    "cn-dereg-honours-o": STATE,
    "cn-dereg-keeps-binding": STATE,
    "cn-legacy-keeps-bid-bindings": STATE,
    "cn-accept-unroutable-coa": "it answers 133 to a de-registration of an unknown BID with a multicast CoA: the model "
                                "allows 133 or 164 where both apply (RFC 5648 6.2 lists the checks, the lifetime "
                                "one is not said to come after the CoA's for a CN)",
    "mn-ba-any-seq": "the MN takes a BA of another number as its answer: on the wire only a missing "
                     "retransmission, whose time is the MN's (RFC 6275 11.8 backoff)",
    "mn-new-bid-on-new-coa": "which interface a care-of address belongs to is not on the wire: a new BID for a new "
                             "CoA is a legal registration",
    "mn-return-home-one-bid": "returning home completely (5.5.1) or keeping foreign bindings (5.6) is the MN's "
                              "configuration: both are legal on the wire",
    "mn-dereg-all-one-bid": "a de-registration of one BID is a legal BU (5.4): that the MN was asked to delete all "
                            "is its action, not on the wire",
    "mn-retransmit-same-seq": "the model has no rule for the MN's own numbering yet (5648-4.1-4: a BU numbered as "
                              "an earlier one to the same peer)",
    "mn-ba-stops-all-retransmissions": "a retransmission missing is a timing the MN chooses (RFC 6275 11.8 SHOULD): "
                                       "its absence is no violation a capture shows",
    "mn-ignore-bra": "when the MN refreshes is its timing (RFC 6275 6.2.4 SHOULD); the capture ends before the "
                     "lifetime would",
    "mn-o-cleared-on-reject": "the model does not follow the MN's bootstrap state (5.9) across a rejected BU yet",
}
# with MCOA_CHECK_FULL=1: at least this many faults detected per role
FLOOR = {"ha": 20, "cn": 15, "mn": 15}


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def role_of(tcdir):
    try:
        for line in open(os.path.join(tcdir, "script.tc")):
            m = re.match(r"iut\s+(\w+)", line)
            if m:
                return m.group(1)
    except OSError:
        pass
    return os.path.basename(tcdir).split("-")[0]


def clauses_of(tcdir):
    try:
        for line in open(os.path.join(tcdir, "script.tc")):
            m = re.match(r"clauses\s+(.*)", line)
            if m:
                return set(m.group(1).split())
    except OSError:
        pass
    return set()


def check(pcap, role, extra=()):
    r = run([CONFORM, "check", "--from-start", "--json", *(["--role", role] if role else []), *extra, pcap])
    found = []
    for line in r.stdout.splitlines():
        o = json.loads(line)
        if o.get("verdict") == "finding":
            found.append(o)
    return r.returncode, found


def fault_sections():
    sec = {}
    for node in ("ha", "cn", "mn"):
        r = run([os.path.join(BIN, "mcoa-" + node), "--fault", "list"])
        for line in r.stdout.splitlines():
            m = re.match(r"(\S+)\s+RFC(\d+)\s+(\S+)", line)
            if m:
                sec[m.group(1)] = "%s-%s" % (m.group(2), m.group(3))
    return sec


def main():
    if os.geteuid() != 0:
        print("check_crosscheck: needs root (namespaces); skipped")
        return 77
    npass = nfail = 0

    def ok(msg):
        nonlocal npass
        npass += 1
        print("ok   " + msg)

    def bad(msg):
        nonlocal nfail
        nfail += 1
        print("FAIL " + msg)

    def not_passed(rundir):
        """The tests of a run that did not pass, with their reasons."""
        try:
            with open(os.path.join(rundir, "results.json")) as f:
                res = json.load(f)
        except (OSError, ValueError) as e:
            return "(no results.json: %s)" % e
        return "".join("\n  %s %s: %s" % (t["id"], t["verdict"], t.get("reason", "")[:400])
                       for t in res.get("tests", []) if t.get("verdict") != "pass")

    # short: a reference node's control socket lives in the output tree
    # (DIR/faults/FAULT/TEST/iut/ctl.sock, at most 107 bytes); a longer
    # prefix made validate's run of mn-no-resend-with-o-after-165 an error
    # verdict with an empty capture, counted as "not detected"
    tmp = tempfile.mkdtemp(prefix="cc.")
    try:
        # ---- 1. green
        rundir = os.environ.get("MCOA_CHECK_RUN_DIR")
        if not rundir:
            rundir = os.path.join(tmp, "run")
            r = run([CONFORM, "run", "--all", "-j", "2", "--quiet", "-o", rundir])
            if r.returncode != 0:
                bad("run --all against the reference triad failed (exit %d): %s%s" % (
                    r.returncode, r.stdout[-500:], not_passed(rundir)))
        tests = sorted(d for d in os.listdir(os.path.join(rundir, "tests"))
                       if os.path.exists(os.path.join(rundir, "tests", d, "packets.pcap")))
        green_findings, unfiltered = [], 0
        for t in tests:
            d = os.path.join(rundir, "tests", t)
            rc, found = check(os.path.join(d, "packets.pcap"), role_of(d))
            if rc != 0 or found:
                green_findings.append("%s (exit %d): %s" % (t, rc, "; ".join(
                    "%s %s frames %s: expected %s, seen %s" % (f["clause"], f["rule"], f["frames"], f["expected"],
                                                               f["seen"]) for f in found[:3])))
            unfiltered += bool(check(os.path.join(d, "packets.pcap"), None)[1])
        if len(tests) >= 50 and not green_findings:
            ok("%d green captures of the reference triad: no finding for the IUT's role" % len(tests))
        else:
            bad("green captures (%d) with findings:\n  %s" % (len(tests), "\n  ".join(green_findings)))
        if unfiltered:
            ok("without --role, %d of them give findings: the tester's deliberate stimuli (MN rules in HA/CN "
               "tests, HA/CN rules in MN tests)" % unfiltered)
        else:
            bad("without --role no capture gives a finding: the role filter proves nothing")

        # ---- 2. faults
        valdir = os.environ.get("MCOA_CHECK_VALIDATE_DIR")
        full = os.environ.get("MCOA_CHECK_FULL") == "1"
        if not valdir:
            valdir = os.path.join(tmp, "validate")
            sample = [] if full else ["ha-bulk-notcomplete", "ha-unknown-coa-167", "ha-non-mcoa-exists-165",
                                      "cn-register-one-bid", "cn-bulk-168", "mn-non-mcoa-exists-165",
                                      "mn-bid-nonzero"]
            r = run([CONFORM, "validate", *(sample or ["--all"]), "-j", "2", "--quiet", "-o", valdir])
            if r.returncode != 0:
                bad("validate of the fault runs failed (exit %d): %s" % (r.returncode, r.stdout[-800:]))
        sections = fault_sections()
        faults = sorted(os.listdir(os.path.join(valdir, "faults")))
        per_role = {}
        for fault in faults:
            fdir = os.path.join(valdir, "faults", fault)
            role = fault.split("-")[0]
            hits, named = [], False
            for t in sorted(os.listdir(fdir)):
                d = os.path.join(fdir, t)
                pcap = os.path.join(d, "packets.pcap")
                if not os.path.exists(pcap):
                    continue
                rc, found = check(pcap, role_of(d))
                if rc == 2:
                    bad("%s/%s: bad input" % (fault, t))
                for f in found:
                    hits.append((t, f))
                    if f["clause"] in clauses_of(d) or f["clause"].startswith(sections.get(fault, "?") + "-") or \
                            f["clause"] == sections.get(fault):
                        named = True
            per_role.setdefault(role, []).append((fault, hits, named))
        for role in ("ha", "cn", "mn"):
            rows = per_role.get(role, [])
            det = [r for r in rows if r[1]]
            named = [r for r in det if r[2]]
            print("%s: %d of %d faults detected passively (%d with the fault's clause)" % (role.upper(), len(det),
                                                                                            len(rows), len(named)))
            for fault, hits, nm in rows:
                if hits:
                    t, f = hits[0]
                    print("   detected %-32s %s %s in %s%s" % (fault, f["clause"], f["rule"], t,
                                                             "" if nm else " (another clause)"))
            for fault, hits, nm in rows:
                if not hits:
                    print("   not      %-32s %s" % (fault, WHY.get(fault, "no reason recorded")))
            if full and len(det) < FLOOR[role]:
                bad("%s: %d faults detected, fewer than the floor %d" % (role, len(det), FLOOR[role]))
        if any(r[1] for rows in per_role.values() for r in rows):
            ok("fault runs: the checker flags faults the green runs do not show")
        else:
            bad("no fault detected at all")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (npass, nfail))
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main())
