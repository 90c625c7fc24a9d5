# Help answers and exit codes a cron job can act on.
. "$(dirname "$0")/lib/common.sh"
R=$RIGHTSIZE

expect_exit 0 "rightsize --help" -- "$R" --help
expect_grep "ingest" "$TMP/out" "--help lists the ingest command"
expect_grep "report" "$TMP/out" "--help lists the report command"
for c in ingest report run export events history backtest; do
	expect_exit 0 "rightsize $c --help" -- "$R" "$c" --help
	expect_grep "^usage: rightsize $c" "$TMP/out" "$c --help starts with its usage"
	expect_grep "Exit status" "$TMP/out" "$c --help documents exit codes"
done
expect_exit 1 "no command is a usage error" -- "$R"
expect_exit 1 "unknown command" -- "$R" frobnicate
expect_exit 1 "unknown option" -- "$R" report --frobnicate
expect_grep "unknown option --frobnicate" "$TMP/err" "the unknown option is named"
expect_exit 1 "option missing its value" -- "$R" report --db
expect_exit 1 "bad --format" -- "$R" report --format yaml
expect_grep 'unknown --format "yaml" (table, json, csv, markdown, kubectl, patch or html)' "$TMP/err" "the formats are listed"
# Each command writes its own formats; a format it cannot write is refused, never replaced by the table.
expect_exit 1 "events --format kubectl" -- "$R" events --db "$TMP/none.db" --format kubectl
expect_grep 'events writes table, json, csv, markdown or html, not kubectl' "$TMP/err" "events says what it writes"
expect_exit 1 "history -o h.html" -- "$R" history --db "$TMP/none.db" -o "$TMP/h.html"
expect_grep 'asks for html, which history does not write (table, json or csv' "$TMP/err" "history says what it writes"
if [ -e "$TMP/h.html" ]; then fail "a refused format wrote a file"; else ok "a refused format writes nothing"; fi
expect_exit 1 "backtest --format patch" -- "$R" backtest --db "$TMP/none.db" --format patch
expect_exit 1 "export -o x.json" -- "$R" export --db "$TMP/none.db" -o "$TMP/x.json"
expect_grep 'export writes CSV only' "$TMP/err" "export says it writes CSV"
expect_exit 1 "bad --history" -- "$R" report --history forever
expect_exit 1 "ingest with no operand" -- "$R" ingest
expect_exit 2 "a missing file is an input error" -- "$R" ingest --db "$TMP/a.db" "$TMP/nope.csv"
expect_grep "nope.csv" "$TMP/err" "the missing file is named"
printf 'hello world\nthis is not an export\n' >"$TMP/notes.txt"
expect_exit 2 "a named file in no known format" -- "$R" ingest --db "$TMP/a.db" "$TMP/notes.txt"
expect_grep "format not recognized" "$TMP/err" "says the format is not recognized"
mkdir "$TMP/dir" && cp "$TMP/notes.txt" "$TMP/dir/"
# Skipped, but then no operand gave a file: nothing was ingested, an input error.
expect_exit 2 "in a folder, unknown files are skipped; a folder that gives no file fails" -- "$R" ingest --db "$TMP/a.db" "$TMP/dir"
expect_exit 0 "report on an empty database" -- "$R" report --db "$TMP/a.db"
expect_grep "No usage data" "$TMP/out" "the empty report says why"
printf 'not a database at all, just text that is long enough to be rejected by sqlite as a header' >"$TMP/bad.db"
expect_exit 2 "a file that is not a database" -- "$R" report --db "$TMP/bad.db"
expect_grep "bad.db: not a database file" "$TMP/err" "says it is not a database file"
expect_exit 2 "a folder as --db" -- "$R" report --db "$TMP/dir"
expect_grep "dir: is a folder; --db names the database file" "$TMP/err" "says --db names a file"
expect_exit 2 "report on a database that does not exist" -- "$R" report --db "$TMP/typo.db"
expect_grep "typo.db does not exist" "$TMP/err" "the missing database is named"
if [ -e "$TMP/typo.db" ]; then fail "report created a database"; else ok "report does not create a database"; fi
expect_exit 2 "RIGHTSIZE_DB is the default database (the folder gives no file)" -- "$R" ingest "$TMP/dir"
if [ -f "$RIGHTSIZE_DB" ]; then ok "ingest created \$RIGHTSIZE_DB"; else fail "RIGHTSIZE_DB not used"; fi
expect_exit 0 "report reads \$RIGHTSIZE_DB" -- "$R" report
finish
