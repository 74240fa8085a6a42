#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The report page in a browser: render the recorded fixture run's
# report.html with the harness (and its gnuplot plots), load it in
# headless Chromium, and check that the page shows the summary table,
# logs no console error, references only images that exist, and draws a
# screenshot that is more than a blank page.
#
#   scripts/report-check.sh BIN [SCREENSHOT]
#
# SCREENSHOT keeps the picture (docs/report-screenshot.png is made this
# way); otherwise it goes with the temporary run.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

bin=${1:?usage: report-check.sh BIN [SCREENSHOT]}
command -v chromium >/dev/null || die "no chromium: run scripts/deps.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run=$work/run-6.12.117
cp -r "$PAGEBULK_ROOT/harness/Tests/PagebulkReportTests/Fixtures/run-6.12.117" "$run"
shot=${2:-$work/report.png}

# The plots make demo makes, so that the page is checked with images in it.
plots="$PAGEBULK_ROOT/scripts"
{
	python3 "$plots/plot-trials.py" "$run/highorder.json"
	python3 "$plots/plot-order0.py" "$run"
	python3 "$plots/plot-fragmentation.py" "$run/fragmentation-buddyinfo.png" "$run/fragmentation-alloc-pages" \
		"$run/fragmentation-compact"
} >/dev/null || die "plotting the fixture run failed"
"$bin" report "$run" >/dev/null || die "pagebulk report failed on the fixture run"

# A profile of its own: root's is neither touched nor locked. Chromium
# under root needs --no-sandbox; there is no GPU in CI.
browser() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
		--user-data-dir="$work/profile" --enable-logging=stderr --v=0 "$@" "file://$run/report.html"
}
browser --dump-dom > "$work/dom.html" 2> "$work/dom.log" || die "chromium --dump-dom failed: $(tail -n 5 "$work/dom.log")"
browser --screenshot="$shot" --window-size=1280,2000 > /dev/null 2> "$work/shot.log" ||
	die "chromium --screenshot failed: $(tail -n 5 "$work/shot.log")"

bad=0
check() {
	if [ "$1" = ok ]; then echo "  ok: $2"; else echo "  FAILED: $2" >&2; bad=1; fi
}
# (a) The summary table, one row per seed bar, each with a verdict.
rows=$(sed -n '/<table id="summary">/,/<\/table>/p' "$work/dom.html" | grep -c '<td class="\(met\|missed\|absent\)"' || true)
[ "$rows" = 5 ] && r=ok || r=no
check $r "summary table (id=summary) with 5 bars judged, found $rows"
# (b) Nothing on the console while loading. The page has no script, so
# any console line (Chromium logs them as "INFO:CONSOLE:N] ...", errors
# and console.error alike) is a failure.
errors=$(grep -hE ':CONSOLE[:(]|Uncaught|Failed to load resource|net::ERR_' "$work/dom.log" "$work/shot.log" || true)
[ -z "$errors" ] && r=ok || r=no
check $r "no console errors${errors:+: $errors}"
# Every image the page shows is a file of the run, and every chart is drawn.
missing=""
for src in $(grep -o '<img src="[^"]*"' "$work/dom.html" | sed 's/<img src="//; s/"$//' || true); do
	[ -s "$run/$src" ] || missing="$missing $src"
done
images=$(grep -c '<img src=' "$work/dom.html" || true)
charts=$(grep -o '<svg class="whiskers"' "$work/dom.html" | wc -l || true)
[ -z "$missing" ] && [ "$images" -ge 1 ] && [ "$charts" -ge 2 ] && r=ok || r=no
check $r "$images images, all in the run${missing:+ (missing:$missing)}; $charts interval charts"
# (c) A blank 1280x2000 page compresses to a few KiB; this one has text,
# tables, charts and plots.
size=$(stat -c %s "$shot" 2>/dev/null || echo 0)
head -c 8 "$shot" 2>/dev/null | grep -q PNG && [ "$size" -gt 50000 ] && r=ok || r=no
check $r "screenshot $shot: $((size / 1024)) KiB"
if [ $bad != 0 ]; then
	trap - EXIT
	die "the report page failed its browser check (page, DOM and Chromium's log kept in $work)"
fi
echo "report page: loads in headless Chromium, summary table shown"
