# The HTML report in a real headless browser (Debian's chromium), and the
# Markdown report's chart files. chromium is a test dependency (scripts/deps.sh
# installs it): without it this test fails rather than pass unseen. The screenshot
# and the page are kept in $RS_ARTIFACTS (build/test-artifacts under ctest).
#
# Methods:
#   console errors  chromium --enable-logging=stderr --v=0 logs every console
#                   message and uncaught exception as "CONSOLE" lines; a control
#                   page with console.error and a ReferenceError proves they show.
#   no network      the page carries no http(s):// URL and no src/href/url() to
#                   anywhere but its own anchors; its Content-Security-Policy is
#                   default-src 'none'; and the browser runs with a dead proxy and
#                   no name resolution, so any load would fail and log an error.
#   only our script the policy allows the one inline script by its SHA-256
#                   (recomputed with sha256sum), and the script ran in chromium
#                   ("N of N shown"), so the browser agrees with the hash.
#   injection       a series whose pod label is <img src=x onerror=alert(1)> (and a
#                   container <b>x</b>): the DOM after load holds it as text, no <img>
#                   and no <b> element exists, and the table script ran (it writes
#                   "N of N shown").
. "$(dirname "$0")/lib/common.sh"
DB="$TMP/h.db"

expect_exit 0 "ingest samples/" -- "$RIGHTSIZE" ingest --db "$DB" "$SRCDIR/samples"
# A Grafana CSV (Formatted data off) with hostile labels.
{
	printf '"Time","container_memory_working_set_bytes{cluster=""prod-eu"", container=""<b>x</b>"", namespace=""inj"", pod=""<img src=x onerror=alert(1)>""}"\n'
	i=0
	while [ $i -lt 300 ]; do
		echo "$((1794272430000 + i * 60000)),$((300000000 + (i % 17) * 1000000))"
		i=$((i + 1))
	done
} >"$TMP/inj.csv"
expect_exit 0 "ingest the hostile labels" -- "$RIGHTSIZE" ingest --db "$DB" "$TMP/inj.csv"
expect_exit 0 "report -o review.html (format from the extension)" -- \
	"$RIGHTSIZE" report --fail-on none --db "$DB" -o "$TMP/review.html"
H="$TMP/review.html"
# Checks every page rightsize writes: HTML, labels escaped, nothing loaded from anywhere.
page_checks() {
	expect_grep '^<!DOCTYPE html>' "$1" "$2: an HTML page"
	if grep -q '<img\|<b>x' "$1"; then fail "$2: an unescaped label in the file"; else ok "$2: no label unescaped in the file"; fi
	if grep -Eiq 'https?://|//[a-z0-9.-]+\.[a-z]|@import' "$1"; then fail "$2: the page names a network address"; else
		ok "$2: no http(s):// or protocol-relative address, no @import"
	fi
	if grep -Eio '(src|href)="[^"#][^"]*"|url\([^)]*\)' "$1" | grep -q .; then
		fail "$2: the page loads something: $(grep -Eio '(src|href)="[^"#][^"]*"|url\([^)]*\)' "$1" | head -3)"
	else ok "$2: no src, no href but own anchors, no url()"; fi
	expect_grep "default-src 'none'" "$1" "$2: a Content-Security-Policy forbids any load"
}
page_checks "$H" "report"
# The policy allows the page's one script by its SHA-256 (no nonce): recomputed here with coreutils.
want=$(sed -n '/^<script>/,/^<\/script>$/p' "$H" | sed '1s/^<script>//;$d' | sha256sum | cut -c1-64 |
	tr a-f A-F | basenc --base16 -d | base64)
expect_grep "script-src 'sha256-$want'" "$H" "report: the policy names the script's own SHA-256"
if grep -q nonce "$H"; then fail "report: a nonce in the page"; else ok "report: no nonce"; fi
expect_grep '&lt;img src=x onerror=alert(1)&gt;' "$H" "the hostile pod label is escaped in the file"
n=$(grep -c '<svg class="chart"' "$H")
if [ "$n" -ge 4 ]; then ok "a chart for every flagged container ($n)"; else fail "$n charts, expected 4"; fi
expect_grep '<title>OOM kill 2026-11-1[0-4]T[0-9:.]*Z</title>' "$H" "OOM kills are marked with their times"
expect_grep 'stroke-dasharray' "$H" "recommended values are dashed"
expect_grep 'kubectl set resources deployment/report-builder -n shop -c builder --requests=memory=' "$H" \
	"the change command of the over-provisioned Deployment"

# The backtest and the OOM events as pages of their own (format from the extension too).
expect_exit 0 "backtest -v -o backtest.html" -- "$RIGHTSIZE" backtest --db "$DB" -v --strategy rightsize,krr,hindsight -o "$TMP/backtest.html"
page_checks "$TMP/backtest.html" "backtest"
expect_grep '<h2>prod-eu:inj/&lt;img src=x onerror=alert(1)&gt; &lt;b&gt;x&lt;/b&gt;</h2>' "$TMP/backtest.html" \
	"backtest: the hostile names escaped in a container's heading"
expect_grep "script-src 'none'" "$TMP/backtest.html" "backtest: no script allowed, none needed"
expect_grep '<tr><td>hindsight</td><td class="n">' "$TMP/backtest.html" "backtest: a row per strategy"
expect_exit 0 "events -o events.html" -- "$RIGHTSIZE" events --db "$DB" -o "$TMP/events.html"
page_checks "$TMP/events.html" "events"
expect_grep '^<p>[0-9]* events, [0-9]* kills' "$TMP/events.html" "events: counts of events and kills"
expect_grep '<td>airflow/nightly_etl.load_facts \[base\]</td>' "$TMP/events.html" "events: the Airflow kills tied to their task"
if grep -q '<script' "$TMP/backtest.html" "$TMP/events.html"; then fail "a script in the backtest or events page"; else
	ok "no script in the backtest and events pages"; fi

# Markdown: charts beside a file report, none on standard output.
expect_exit 0 "report -o review.md" -- "$RIGHTSIZE" report --fail-on none --db "$DB" -o "$TMP/review.md"
expect_grep '^!\[[^]]*\](review-charts/[0-9]*\.svg)$' "$TMP/review.md" "the Markdown links its charts"
missing=0
for f in $(sed -n 's/^!\[[^]]*\](\(review-charts\/[0-9]*\.svg\))$/\1/p' "$TMP/review.md"); do
	[ -s "$TMP/$f" ] || missing=$((missing + 1))
done
if [ "$missing" -eq 0 ]; then ok "every linked chart exists"; else fail "$missing linked charts missing"; fi
expect_grep 'xmlns="http://www.w3.org/2000/svg"' "$TMP/review-charts/1.svg" "chart files are standalone SVG"
expect_exit 0 "report --top 1 -o review.md again" -- "$RIGHTSIZE" report --fail-on none --db "$DB" --top 1 -o "$TMP/review.md"
linked=$(grep -c 'review-charts/' "$TMP/review.md")
kept=$(ls "$TMP/review-charts" | wc -l)
if [ "$linked" -eq "$kept" ]; then ok "charts of the earlier run not linked now are removed ($kept)"; else
	fail "$kept chart files for $linked links"; fi
if ls -d "$TMP"/review-charts.tmp.* >/dev/null 2>&1; then fail "a temporary charts folder is left"; else
	ok "no temporary charts folder left"; fi
# A chart that cannot move in (a folder is where 1.svg goes) fails the run before anything changes:
# the earlier report and its charts stay as they were.
expect_exit 0 "report --sort waste -o review.md" -- "$RIGHTSIZE" report --fail-on none --db "$DB" --sort waste -o "$TMP/review.md"
cp "$TMP/review.md" "$TMP/before.md"
set -- $(ls "$TMP/review-charts")
first=$1 second=$2
cp "$TMP/review-charts/$second" "$TMP/before.svg"
rm "$TMP/review-charts/$first" && mkdir "$TMP/review-charts/$first"
expect_exit 2 "a chart that cannot move in" -- "$RIGHTSIZE" report --fail-on none --db "$DB" -o "$TMP/review.md"
expect_grep "review-charts/$first: is a folder" "$TMP/err" "the message names the chart's place"
expect_same "$TMP/before.md" "$TMP/review.md" "the earlier report is kept"
expect_same "$TMP/before.svg" "$TMP/review-charts/$second" "and its charts (the run sorted by severity would number them otherwise)"
if ls -d "$TMP"/review-charts.tmp.* >/dev/null 2>&1; then fail "a temporary charts folder is left"; else
	ok "no temporary charts folder left after the failure"; fi
rmdir "$TMP/review-charts/$first"
expect_exit 2 "a report to a folder that cannot be written" -- "$RIGHTSIZE" report --fail-on none --db "$DB" -o "$TMP/nowhere/x.md"
if [ -e "$TMP/nowhere" ]; then fail "a failed report left files"; else ok "a failed report leaves nothing"; fi
"$RIGHTSIZE" report --fail-on none --db "$DB" --format markdown >"$TMP/stdout.md" 2>/dev/null
if grep -q 'charts/' "$TMP/stdout.md"; then fail "charts linked from standard output"; else ok "no charts on standard output"; fi

if ! command -v chromium >/dev/null 2>&1; then
	fail "chromium is not installed: run scripts/deps.sh (make test does)"
	finish
fi
chromium_run() {
	# no network: a dead proxy and no name resolution, on top of the page's own policy
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--proxy-server=127.0.0.1:9 --host-resolver-rules='MAP * ~NOTFOUND' \
		--user-data-dir="$TMP/chr" --enable-logging=stderr --v=0 "$@"
}
console() { grep -E 'CONSOLE|Uncaught' "$1" || true; }

# Control: the method sees console errors and exceptions.
printf '<!DOCTYPE html><p>x</p><script>console.error("rs-control");undefinedFn();</script>\n' >"$TMP/control.html"
chromium_run --dump-dom "file://$TMP/control.html" >"$TMP/control.dom" 2>"$TMP/control.err" || true
if console "$TMP/control.err" | grep -q 'rs-control' && console "$TMP/control.err" | grep -q 'Uncaught'; then
	ok "control: console errors and exceptions are seen in the browser's log"
else fail "control: the browser's log does not show console errors"; fi

if chromium_run --screenshot="$TMP/shot.png" --window-size=1280,2000 "file://$H" >"$TMP/shot.out" 2>"$TMP/shot.err" &&
	[ -s "$TMP/shot.png" ]; then
	ok "screenshot taken"
else fail "no screenshot: $(tail -3 "$TMP/shot.err")"; fi
if [ -n "${RS_ARTIFACTS:-}" ]; then
	mkdir -p "$RS_ARTIFACTS" && cp "$TMP/shot.png" "$H" "$RS_ARTIFACTS/" && echo "# screenshot kept in $RS_ARTIFACTS/shot.png"
fi
if [ -n "$(console "$TMP/shot.err")" ]; then fail "console output: $(console "$TMP/shot.err" | head -5)"; else
	ok "no console error, exception or failed load while rendering"
fi

chromium_run --dump-dom "file://$H" >"$TMP/dom.html" 2>"$TMP/dom.err" || true
if [ -n "$(console "$TMP/dom.err")" ]; then fail "console output: $(console "$TMP/dom.err" | head -5)"; else
	ok "no console error in the second load"
fi
expect_grep '&lt;img src=x onerror=alert(1)&gt;' "$TMP/dom.html" "the DOM shows the hostile label as text"
expect_grep '&lt;b&gt;x&lt;/b&gt;' "$TMP/dom.html" "and the hostile container name"
if grep -qi '<img\|<b>x' "$TMP/dom.html"; then fail "the DOM holds an injected element"; else
	ok "no injected element in the DOM: no script ran from the label"
fi
expect_grep '5 of 5 shown' "$TMP/dom.html" "the table's inline script ran"
for p in backtest events; do
	chromium_run --dump-dom "file://$TMP/$p.html" >"$TMP/$p.dom" 2>"$TMP/$p.err" || true
	if [ -n "$(console "$TMP/$p.err")" ]; then fail "$p page: console output: $(console "$TMP/$p.err" | head -5)"; else
		ok "$p page: no console error, exception or failed load"
	fi
	if grep -qi '<img\|<b>x' "$TMP/$p.dom"; then fail "$p page: an injected element in the DOM"; else
		ok "$p page: no injected element in the DOM"; fi
done
expect_grep '&lt;b&gt;x&lt;/b&gt;' "$TMP/backtest.dom" "the backtest page's DOM shows the hostile name as text"
finish
