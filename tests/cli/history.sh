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
expect_grep "changed: request .* -> .* since 2026-11-12" "$TMP/out" "the report says what changed since the previous run"
expect_exit 0 "history of the Airflow task" -- "$R" history --db "$DB" -w 'nightly_etl.*' --format csv
n=$(($(wc -l <"$TMP/out") - 1))
if [ "$n" -eq 2 ]; then ok "two runs, two recommendations"; else fail "$n rows"; cat "$TMP/out" >&2; fi
first=$(sed -n 2p "$TMP/out" | cut -d, -f7)
second=$(sed -n 3p "$TMP/out" | cut -d, -f7)
if [ "$first" != "$second" ]; then ok "the recommendation moved ($first -> $second)"; else fail "same request $first"; fi
expect_exit 0 "history as JSON" -- "$R" history --db "$DB" -w checkout --format json
expect_grep '"history": \[' "$TMP/out" "JSON history"
expect_exit 0 "the JSON report carries the previous recommendation" -- "$R" report --db "$DB" --fail-on none --as-of 2026-11-15T00:00:00Z --format json
expect_grep '"previous": {"at": "' "$TMP/out" "previous is filled"
finish
