# Every report run keeps its recommendations: `history` lists them, and a report says what changed.
. "$(dirname "$0")/lib/common.sh"
R=$RIGHTSIZE
DB="$TMP/h.db"
expect_exit 0 "ingest samples/" -- "$R" ingest --db "$DB" "$SRCDIR/samples"
expect_exit 1 "history on no runs yet is fine but --format must be known" -- "$R" history --db "$DB" --format yaml
expect_exit 0 "history before any run" -- "$R" history --db "$DB"
expect_grep "No report run" "$TMP/out" "says there is none yet"
# Run 1: as of the second night (one kill seen); run 2: as of the end (five kills).
SOURCE_DATE_EPOCH=1794441600 "$R" report -q --db "$DB" --fail-on none --as-of 2026-11-11T00:00:00Z >/dev/null
expect_exit 0 "second run" -- "$R" report --db "$DB" --fail-on none --as-of 2026-11-15T00:00:00Z
# "since" is the earlier window's end (2026-11-11), not the day that run was made (2026-11-12).
expect_grep "changed: request .* -> .* since 2026-11-11$" "$TMP/out" "the report says what changed since the previous window"
if grep -q "since 2026-11-12" "$TMP/out"; then fail "since names the earlier run's generation date"; else
	ok "since does not name the earlier run's generation date"
fi
expect_exit 0 "history of the Airflow task" -- "$R" history --db "$DB" -w 'nightly_etl.*' --format csv
n=$(($(wc -l <"$TMP/out") - 1))
if [ "$n" -eq 2 ]; then ok "two runs, two recommendations"; else fail "$n rows"; cat "$TMP/out" >&2; fi
first=$(sed -n 2p "$TMP/out" | cut -d, -f7)
second=$(sed -n 3p "$TMP/out" | cut -d, -f7)
if [ "$first" != "$second" ]; then ok "the recommendation moved ($first -> $second)"; else fail "same request $first"; fi
expect_exit 0 "history as JSON" -- "$R" history --db "$DB" -w checkout --format json
expect_grep '"history": \[' "$TMP/out" "JSON history"
expect_exit 0 "the JSON report carries the previous recommendation" -- "$R" report --db "$DB" --fail-on none --as-of 2026-11-15T00:00:00Z --format json
expect_grep '"previous": {"at": "2026-11-11T00:00:00Z", "request": ' "$TMP/out" "previous.at is the earlier window's end"

# The same window rendered again, in other formats and as a preview, is one run,
# and still compares with the earlier window (the audit's reproduction).
D2="$TMP/r.db"
expect_exit 0 "ingest samples/ again" -- "$R" ingest -q --db "$D2" "$SRCDIR/samples"
expect_exit 0 "report as of 2026-11-12" -- "$R" report -q --db "$D2" --fail-on none --as-of 2026-11-12T00:00:00Z -o "$TMP/a.json"
expect_exit 0 "report as of 2026-11-15 to Markdown" -- "$R" report -q --db "$D2" --fail-on none --as-of 2026-11-15T00:00:00Z -o "$TMP/c.md"
expect_exit 0 "the same window to HTML" -- "$R" report -q --db "$D2" --fail-on none --as-of 2026-11-15T00:00:00Z -o "$TMP/c.html"
expect_exit 0 "the same window as a preview" -- "$R" report -q --db "$D2" --fail-on none --as-of 2026-11-15T00:00:00Z -o /dev/null
expect_exit 0 "the same window as JSON" -- "$R" report -q --db "$D2" --fail-on none --as-of 2026-11-15T00:00:00Z -o "$TMP/c.json"
n=$(grep -c "changed: .* since 2026-11-12$" "$TMP/c.md" || true)
if [ "$n" -eq 3 ]; then ok "Markdown: three containers changed since 2026-11-12"; else fail "Markdown: $n changed lines"; fi
n=$(grep -ci "changed: .* since 2026-11-12<" "$TMP/c.html" || true)
if [ "$n" -ge 1 ]; then ok "HTML rendered after it still shows the changes ($n)"; else fail "HTML: no changed line"; fi
# app-oom's samples start on 2026-11-14: the three others were in the 2026-11-12 window.
n=$(grep -c '"previous": {"at": "2026-11-12T00:00:00Z", "request": ' "$TMP/c.json" || true)
if [ "$n" -eq 3 ]; then ok "JSON rendered last: previous is the 2026-11-12 window for the three"; else
	fail "JSON: $n previous at 2026-11-12"; grep -o '"previous": [^}]*' "$TMP/c.json" >&2 || true
fi
expect_exit 0 "history as CSV" -- "$R" history --db "$D2" -w 'nightly_etl.*' --format csv
expect_grep '^at,.*,flags,as_of$' "$TMP/out" "the CSV header ends with as_of"
sed 1d "$TMP/out" | awk -F, '{ print $NF }' >"$TMP/asof"
printf '2026-11-12T00:00:00Z\n2026-11-15T00:00:00Z\n' >"$TMP/asof.want"
expect_same "$TMP/asof.want" "$TMP/asof" "five renderings of two windows: two rows, each with its window end"
expect_exit 0 "history as a table" -- "$R" history --db "$D2" -w checkout
expect_grep '^  AS OF (UTC)  *RUN (UTC)' "$TMP/out" "the table heads the window end"
expect_grep '^  2026-11-15 00:00  2026-11-19 00:00 ' "$TMP/out" "a row shows the window end, then when it ran"
n=$(grep -c '^  2026-11-1[25] 00:00 ' "$TMP/out" || true)
if [ "$n" -eq 2 ]; then ok "one row per window in the table"; else fail "$n rows in the table"; cat "$TMP/out" >&2; fi
expect_exit 0 "history as JSON" -- "$R" history --db "$D2" -w checkout --format json
expect_grep '"at": "2026-11-19T00:00:00Z", "as_of": "2026-11-15T00:00:00Z", ' "$TMP/out" "JSON history has as_of"

# Other settings for the same window are another run, and not what it changed from.
expect_exit 0 "the same window with another margin" -- "$R" report -q --db "$D2" --fail-on none --as-of 2026-11-15T00:00:00Z --margin 30% -o /dev/null
expect_exit 0 "history after it" -- "$R" history --db "$D2" -w checkout --format csv
n=$(grep -c ',2026-11-15T00:00:00Z$' "$TMP/out" || true)
if [ "$n" -eq 2 ]; then ok "another margin is another run of the window"; else fail "$n runs of 2026-11-15"; fi
expect_exit 0 "default settings again" -- "$R" report --db "$D2" --fail-on none --as-of 2026-11-15T00:00:00Z
expect_grep "checkout.*" "$TMP/out" "the report is written"
n=$(grep -c "changed: .* since 2026-11-12$" "$TMP/out" || true)
if [ "$n" -eq 3 ]; then ok "still compared with the 2026-11-12 window, not the other margin"; else fail "$n changed lines"; fi

# A window replayed later (--as-of between the two) is the latest earlier window for
# 2026-11-15, and the report of 2026-11-12 has nothing earlier: a later window is not "previous".
expect_exit 0 "replay 2026-11-13" -- "$R" report -q --db "$D2" --fail-on none --as-of 2026-11-13T00:00:00Z -o /dev/null
expect_exit 0 "2026-11-15 again" -- "$R" report --db "$D2" --fail-on none --as-of 2026-11-15T00:00:00Z --format json
expect_grep '"previous": {"at": "2026-11-13T00:00:00Z", ' "$TMP/out" "previous is the latest earlier window, though made later"
expect_exit 0 "2026-11-12 again" -- "$R" report --db "$D2" --fail-on none --as-of 2026-11-12T00:00:00Z --format json
n=$(grep -c '"previous": null' "$TMP/out" || true)
if [ "$n" -eq 3 ]; then ok "the first window has no previous, though later ones exist"; else fail "$n previous null"; fi
expect_exit 0 "history ordered by window" -- "$R" history --db "$D2" -w checkout --format csv
sed 1d "$TMP/out" | awk -F, '{ print $NF }' >"$TMP/asof"
printf '2026-11-12T00:00:00Z\n2026-11-13T00:00:00Z\n2026-11-15T00:00:00Z\n2026-11-15T00:00:00Z\n' >"$TMP/asof.want"
expect_same "$TMP/asof.want" "$TMP/asof" "history is in window order, the replayed window in its place"

# A database written before runs were identified by their window may hold the same
# run several times: recording that window again folds them into one, the newest
# copy's recommendation kept for the containers a filtered report did not cover.
if command -v sqlite3 >/dev/null 2>&1; then
	sqlite3 "$D2" "INSERT INTO report_run (generated_at, window_from, window_to, options)
		SELECT generated_at, window_from, window_to, options FROM report_run WHERE window_to = 1794441600000;
		INSERT INTO recommendation SELECT (SELECT max(id) FROM report_run), cluster, namespace, workload, workload_kind,
			container, request + 1048576, mem_limit, current_request, current_limit, p95, max, 'COPY'
		FROM recommendation WHERE run_id = (SELECT min(id) FROM report_run WHERE window_to = 1794441600000);"
	"$R" history --db "$D2" --format csv >"$TMP/out"
	n=$(grep -c ',2026-11-12T00:00:00Z$' "$TMP/out" || true)
	if [ "$n" -eq 6 ]; then ok "a copied run: 6 rows of 2026-11-12 before"; else fail "$n rows of 2026-11-12 before"; fi
	expect_exit 0 "record 2026-11-12 again, for one namespace" -- "$R" report -q --db "$D2" --fail-on none --as-of 2026-11-12T00:00:00Z -n shop -o /dev/null
	expect_exit 0 "history after it" -- "$R" history --db "$D2" --format csv
	grep ',2026-11-12T00:00:00Z$' "$TMP/out" >"$TMP/w12" || true
	n=$(wc -l <"$TMP/w12")
	if [ "$n" -eq 3 ]; then ok "one row of 2026-11-12 per container"; else fail "$n rows of 2026-11-12"; cat "$TMP/out" >&2; fi
	if grep ',prod-eu,shop,checkout,' "$TMP/w12" | grep -vq ',COPY,'; then ok "checkout's row is the new rendering's"; else
		fail "checkout's row is not the new rendering's"; cat "$TMP/w12" >&2
	fi
	expect_grep '^[^,]*,prod-eu,airflow,.*,COPY,2026-11-12T00:00:00Z$' "$TMP/w12" \
		"the Airflow task, not in -n shop, keeps the newest copy's recommendation"
	n=$(sqlite3 "$D2" "SELECT count(*) FROM report_run WHERE window_to = 1794441600000")
	if [ "$n" -eq 1 ]; then ok "one report_run row left for the window"; else fail "$n report_run rows"; fi
else
	echo "# no sqlite3: the fold of an older database's copies is not checked"
fi
# Without --as-of ("now", which moves), a run is known by the newest sample in its window: a
# nightly job rendering review.md, then review.html a second later, records one run.
D3="$TMP/n.db"
expect_exit 0 "ingest samples/ again" -- "$R" ingest --db "$D3" "$SRCDIR/samples"
env -u SOURCE_DATE_EPOCH "$R" report -q --db "$D3" --fail-on none --history 0 -o "$TMP/n.md"
sleep 1
env -u SOURCE_DATE_EPOCH "$R" report -q --db "$D3" --fail-on none --history 0 -o "$TMP/n.html"
expect_exit 0 "history after two renderings at now" -- "$R" history --db "$D3" -w checkout --format csv
n=$(($(wc -l <"$TMP/out") - 1))
if [ "$n" -eq 1 ]; then ok "two renderings of the same data at now: one run"; else fail "$n runs"; cat "$TMP/out" >&2; fi
# A filtered rendering of the same data is the same run (its end is the database's newest sample).
env -u SOURCE_DATE_EPOCH "$R" report -q --db "$D3" --fail-on none --history 0 -n airflow -o /dev/null
expect_exit 0 "history after a filtered rendering" -- "$R" history --db "$D3" --format csv
n=$(($(wc -l <"$TMP/out") - 1))
if [ "$n" -eq 4 ]; then ok "one run of 4 containers, whatever the filter"; else fail "$n rows"; cat "$TMP/out" >&2; fi
# A report of no container records no run.
env -u SOURCE_DATE_EPOCH "$R" report -q --db "$D3" --fail-on none -n no-such-namespace -o /dev/null
expect_exit 0 "history after an empty report" -- "$R" history --db "$D3" --format csv
n=$(($(wc -l <"$TMP/out") - 1))
if [ "$n" -eq 4 ]; then ok "an empty report adds no run"; else fail "$n rows"; fi
finish
