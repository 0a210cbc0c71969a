#!/usr/bin/env bash
# index.html renders in headless Chromium without a single console message
# (the page has no script, so any message is an error), the screenshot is a
# real page, the markup is well-formed, and every link resolves: artefact
# links to files the runner wrote, '#' links to an id on the page, nothing
# external.  Then each test's page: well-formed, no console message, one
# arrow in the rendered DOM per frame of its pcap, the failing step's marker
# on the failed test's page, links that resolve; screenshots kept under
# BUILD/artefacts/report_html/ (MCOA_ARTEFACTS=DIR elsewhere) for CI.
# The report is the synthetic run of tests/unit/test_report.c.
# Usage: report_html.test.sh BIN_DIR SOURCE_DIR
# REPORT_KEEP=DIR keeps the report and its screenshot (report.png) there.
set -u
bin=$1
driver=$bin/../tests/test_report
chromium=${CHROMIUM:-/usr/bin/chromium}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=${REPORT_KEEP:-$tmp/r}
fails=0
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

[ -x "$chromium" ] ||
  { echo "FAIL: $chromium not found: headless Chromium renders the report (apt-get install chromium; scripts/install-deps.sh installs it)"; exit 1; }
command -v xmllint >/dev/null ||
  { echo "FAIL: xmllint not found (package libxml2-utils; scripts/install-deps.sh installs it)"; exit 1; }
[ -x "$driver" ] || { echo "FAIL: $driver not built"; exit 1; }
"$driver" "$out" || { echo "FAIL: $driver $out did not write the report"; exit 1; }
out=$(cd "$out" && pwd)

# The HTML is written as polyglot markup: XML well-formedness catches an
# unclosed or misnested element that a browser would silently repair.
xmllint --noout "$out/index.html" 2>"$tmp/xml.err" ||
  { bad "index.html is not well-formed"; cat "$tmp/xml.err"; }

# Render.  Console messages go to stderr as "CONSOLE" lines with
# --enable-logging=stderr; D-Bus and GPU noise from a headless box does not.
rm -f "$out/report.png"
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$tmp/profile" --enable-logging=stderr --v=0 \
  --screenshot="$out/report.png" --window-size=1400,2000 "file://$out/index.html" \
  >"$tmp/chromium.out" 2>"$tmp/chromium.err"
rc=$?
[ "$rc" -eq 0 ] || { bad "chromium exited $rc"; tail -20 "$tmp/chromium.err"; }
if grep -E 'CONSOLE|Uncaught' "$tmp/chromium.err" >"$tmp/console"; then
  bad "console messages while rendering index.html:"; cat "$tmp/console"
fi

# A blank 1400x2000 page compresses to a few kilobytes; the report with
# its coloured tables to far more.
python3 - "$out/report.png" <<'PY' || bad "screenshot"
import os, struct, sys
p = sys.argv[1]
data = open(p, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h = struct.unpack(">II", data[16:24])
assert (w, h) == (1400, 2000), (w, h)
assert len(data) > 40000, f"only {len(data)} bytes: a blank page?"
PY

# Links: local artefacts exist, anchors exist, nothing is fetched from outside.
python3 - "$out" <<'PY' || bad "links"
import html.parser, os, sys, urllib.parse
root = sys.argv[1]
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.ids = set(); self.refs = []; self.ext = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a: self.ids.add(a["id"])
        if tag == "a" and "href" in a: self.refs.append(a["href"])
        for k in ("src", "srcset", "data"):
            if k in a: self.ext.append(f"{tag} {k}={a[k]}")
        if tag == "link" or tag == "script": self.ext.append(tag)
p = P(); p.feed(open(os.path.join(root, "index.html"), encoding="utf-8").read())
assert not p.ext, f"external resources or scripts: {p.ext}"
files = 0
for r in p.refs:
    u = urllib.parse.urlparse(r)
    assert not u.scheme and not u.netloc, f"external link {r}"
    if r.startswith("#"):
        assert r[1:] in p.ids, f"dangling anchor {r}"
    else:
        assert os.path.isfile(os.path.join(root, urllib.parse.unquote(u.path))), f"dead link {r}"
        files += 1
assert files == 9, f"{files} artefact links, want 9 (4 and its page for the first test; log, pcap, marks, page of the second)"
PY

# Each test's page: well-formed, renders with no console message, one
# arrow in the rendered DOM per frame of its pcap (as many as its marks
# have frame lines), the failed test's marker, links that resolve.
# Screenshots are kept as CI artefacts under BUILD/artefacts/report_html/.
art=${MCOA_ARTEFACTS:-$bin/../artefacts}/report_html
mkdir -p "$art"
cp "$out/report.png" "$art/index.png" 2>/dev/null
for page in pages/ha-bulk-accepted.html tests/ha-bid-copy/index.html; do
  p=$out/$page name=$(echo "$page" | tr / _)
  [ -s "$p" ] || { bad "$page not written"; continue; }
  xmllint --noout "$p" 2>"$tmp/xml.err" || { bad "$page is not well-formed"; cat "$tmp/xml.err"; }
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$tmp/profile" --enable-logging=stderr --v=0 --dump-dom "file://$p" \
    >"$tmp/dom.html" 2>"$tmp/chromium.err" || bad "chromium could not load $page"
  if grep -E 'CONSOLE|Uncaught' "$tmp/chromium.err" >"$tmp/console"; then
    bad "console messages while rendering $page:"; cat "$tmp/console"
  fi
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$tmp/profile" --screenshot="$art/$name.png" --window-size=1400,1000 "file://$p" \
    >/dev/null 2>&1 || bad "no screenshot of $page"
  python3 - "$out" "$page" "$tmp/dom.html" "$art/$name.png" <<'PY' || bad "$page"
import html.parser, os, re, struct, sys, urllib.parse
root, page, dom, png = sys.argv[1:]
p = os.path.join(root, page)
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.arrows = 0; self.markers = 0; self.refs = []; self.ext = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        self.arrows += tag == "g" and "arrow" in cls
        self.markers += tag == "g" and "expect-marker" in cls
        if tag == "a" and "href" in a: self.refs.append(a["href"])
        for k in ("src", "srcset", "data"):
            if k in a: self.ext.append(f"{tag} {k}={a[k]}")
        if tag in ("link", "script", "iframe", "object"): self.ext.append(tag)
d = P(); d.feed(open(dom, encoding="utf-8").read())
src = P(); src.feed(open(p, encoding="utf-8").read())
assert not src.ext, f"external resources or scripts: {src.ext}"
frames = sum(1 for l in open(os.path.join(root, "tests/ha-bid-copy/packets.marks"))
             if re.match(r"^[1-9][0-9]* (stimulus|observed) \S+", l))
assert d.arrows == frames == 4, f"{d.arrows} arrows rendered, {frames} frames in the marks"
failed = page.startswith("tests/ha-bid-copy")
assert d.markers == (1 if failed else 0), f"{d.markers} failing-step markers"
for r in src.refs:
    u = urllib.parse.urlparse(r)
    assert not u.scheme and not u.netloc, f"external link {r}"
    if u.path:
        assert os.path.isfile(os.path.normpath(os.path.join(os.path.dirname(p), urllib.parse.unquote(u.path)))), f"dead link {r}"
data = open(png, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 30000, f"screenshot {png}: {len(data)} bytes"
print(f"{page}: {d.arrows} arrows = {frames} frames, {d.markers} marker(s), {len(src.refs)} links resolve, {png}")
PY
done

[ "$fails" -eq 0 ] && echo "report_html: ok ($(stat -c %s "$out/report.png") byte screenshot)" || exit 1
