#!/usr/bin/env bash
# The HTML report in a real browser (issue 7): build results, write the report, open it in
# headless Chromium and check every chart rendered with data, with no console error and no
# network request. The screenshot is kept beside the test's build folder.
set -euo pipefail
CRITMIN="$1"
SRC="$2"
OUT="$3"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
"$CRITMIN" simulate "$SRC/scenarios/china-hree-licensing-6m.yaml" --out "$WORK/results.db" --no-progress > /dev/null
"$CRITMIN" simulate "$SRC/scenarios/china-hree-licensing-6m-japan-response.yaml" --out "$WORK/results.db" --no-progress > /dev/null
"$CRITMIN" stress "$SRC/scenarios/stress-rare-earths.yaml" --samples 64 --horizon-days 120 --out "$WORK/stress.db" --no-progress > /dev/null
"$CRITMIN" optimize "$SRC/scenarios/plan-japan-ndpr-dy-tb.yaml" --samples 40 --out-of-sample 16 --format json -o "$WORK/plan.json" 2> /dev/null
"$CRITMIN" coalition "$SRC/scenarios/coalition-g7-dy-tb.yaml" --samples 20 --format json -o "$WORK/coalition.json" 2> /dev/null
"$CRITMIN" mfa recycling --scenario "$SRC/scenarios/mfa-japan-recycling.yaml" --format json -o "$WORK/recycling.json"
"$CRITMIN" report --results "$WORK/results.db" --stress "$WORK/stress.db" --plan "$WORK/plan.json" --coalition "$WORK/coalition.json" --recycling "$WORK/recycling.json" --html "$WORK/report.html" --assets "$SRC/report" > /dev/null
mkdir -p "$OUT"
node "$SRC/report/check-report.mjs" "$WORK/report.html" "$OUT/report.png"
