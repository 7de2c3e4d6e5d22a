#!/usr/bin/env bash
# Renders `lbtrace check --format html` of the buggy-reverse fixture in a real browser (headless
# Chromium) and checks that the page rendered: a non-empty screenshot, and a DOM that holds the
# sequence diagram with the failed reverse rewrite drawn as a `bad` step linking to its finding.
#
# Usage: Scripts/render-html-check.sh [output-dir]   (default: a temporary directory, kept)
# Installs Debian's chromium when it is missing (needs root or sudo).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$(mktemp -d)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
    echo "installing chromium…" >&2
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
    browser="$(command -v chromium)"
fi

cd "$root"
swift build --product lbtrace >/dev/null
# Exit status 1 is expected: the fixture's reverse rewrite is wrong.
set +e
.build/debug/lbtrace check Fixtures/rr-buggy-reverse --format html > "$out/report.html"
status=$?
set -e
[ "$status" -eq 1 ] || { echo "FAIL: lbtrace check exited $status, expected 1 (a failing check)" >&2; exit 1; }

flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-extensions
       --user-data-dir="$out/profile")
"$browser" "${flags[@]}" --screenshot="$out/report.png" --window-size=1400,3000 "file://$out/report.html" 2>"$out/chromium.log" || true
"$browser" "${flags[@]}" --dump-dom "file://$out/report.html" > "$out/dom.html" 2>>"$out/chromium.log"

fail() { echo "FAIL: $*" >&2; echo "(files in $out)" >&2; exit 1; }
[ -s "$out/report.png" ] || fail "no screenshot"
size=$(stat -c %s "$out/report.png")
[ "$size" -gt 20000 ] || fail "screenshot is only $size bytes: the page is probably blank"
grep -q '<svg' "$out/dom.html" || fail "the rendered DOM has no SVG diagram"
grep -q 'id="finding-' "$out/dom.html" || fail "no finding anchors in the DOM"

# The reverse-rewrite finding's id, and a bad reverse FLOW_MOD step that links to it.
finding=$(python3 - "$out/dom.html" <<'PY'
import re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<section class="check fail" id="check-reverse-rewrite">.*?<li class="finding" id="(finding-\d+)"', dom, re.S)
print(m.group(1) if m else "")
PY
)
[ -n "$finding" ] || fail "the reverse-rewrite check is not shown failing with a finding"
grep -q "<a href=\"#$finding\"><g class=\"step flow_mod rev bad\"" "$out/dom.html" \
    || fail "no bad reverse FLOW_MOD arrow links to #$finding"
echo "ok: rendered $out/report.html ($size-byte screenshot $out/report.png); reverse FLOW_MOD drawn bad, linked to #$finding"
