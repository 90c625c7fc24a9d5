# Re-ingesting never duplicates: same file is a no-op, overlapping exports merge.
. "$(dirname "$0")/lib/common.sh"
R=$RIGHTSIZE
DB="$TMP/i.db"
SRC="$SRCDIR/samples/airflow/memory-working-set.csv"

expect_exit 0 "first ingest" -- "$R" ingest --db "$DB" "$SRC"
"$R" export --db "$DB" >"$TMP/first.csv"
expect_exit 0 "second ingest of the same file" -- "$R" ingest --db "$DB" "$SRC"
expect_grep "already ingested" "$TMP/err" "the second ingest says it is a no-op"
"$R" export --db "$DB" >"$TMP/second.csv"
expect_same "$TMP/first.csv" "$TMP/second.csv" "nothing was added by the second ingest"

# Two overlapping slices of one export (different bytes, shared rows) merge to the whole.
n=$(wc -l <"$SRC")
head -n $((n * 2 / 3)) "$SRC" >"$TMP/part1.csv"
{ head -n 1 "$SRC"; tail -n +$((n / 3)) "$SRC"; } >"$TMP/part2.csv"
expect_exit 0 "ingest the first slice" -- "$R" ingest --db "$TMP/o.db" "$TMP/part1.csv"
expect_exit 0 "ingest the overlapping second slice" -- "$R" ingest --db "$TMP/o.db" "$TMP/part2.csv"
expect_grep "new)" "$TMP/err" "the summary counts new samples"
"$R" export --db "$TMP/o.db" >"$TMP/merged.csv"
expect_same "$TMP/first.csv" "$TMP/merged.csv" "overlapping slices give the same samples as the whole file"
finish
