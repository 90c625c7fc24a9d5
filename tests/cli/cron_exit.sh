# For cron: exit 3 on findings at or above --fail-on; selection and order of what is shown.
. "$(dirname "$0")/lib/common.sh"
R=$RIGHTSIZE
DB="$TMP/s.db"
expect_exit 0 "ingest samples/" -- "$R" ingest --db "$DB" "$SRCDIR/samples"
expect_exit 3 "critical findings exit 3 by default" -- "$R" report --db "$DB"
expect_grep "at or above critical: exit status 3" "$TMP/err" "and say why"
expect_exit 0 "--fail-on none never exits 3" -- "$R" report --db "$DB" --fail-on none
expect_exit 3 "--fail-on info counts info findings too" -- "$R" report --db "$DB" -w report-builder --fail-on info
expect_exit 0 "--fail-on critical: an info finding alone is fine" -- "$R" report --db "$DB" -w report-builder
expect_exit 0 "a healthy workload exits 0" -- "$R" report --db "$DB" -w checkout --fail-on info
expect_exit 1 "a bad --fail-on" -- "$R" report --db "$DB" --fail-on sometimes
# run: an input error (2) wins over findings (3).
printf 'not an export\n' >"$TMP/junk.txt"
expect_exit 2 "run with a failing file and findings exits 2" -- "$R" run --db "$DB" "$TMP/junk.txt"
expect_exit 3 "run with findings exits 3" -- "$R" run --db "$DB" "$SRCDIR/samples/services"

# What is shown: --min-severity, --sort, --top.
expect_exit 0 "only critical containers" -- "$R" report --db "$DB" --fail-on none --min-severity critical --format csv
n=$(($(wc -l <"$TMP/out") - 1))
if [ "$n" -eq 2 ]; then ok "--min-severity critical shows the 2 critical containers"; else fail "$n rows"; fi
expect_exit 0 "sorted by waste, top 1" -- "$R" report --db "$DB" --fail-on none --sort waste --top 1 --format csv
expect_grep "^prod-eu,shop,report-builder," "$TMP/out" "the most idle requested memory comes first"
n=$(($(wc -l <"$TMP/out") - 1))
if [ "$n" -eq 1 ]; then ok "--top 1 shows one"; else fail "$n rows"; fi
expect_exit 0 "sorted by name" -- "$R" report --db "$DB" --fail-on none --sort name --format csv
first=$(sed -n 2p "$TMP/out" | cut -d, -f3)
if [ "$first" = "app-oom" ]; then ok "--sort name starts with app-oom"; else fail "first is $first"; fi
finish
