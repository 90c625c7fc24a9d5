# Reports on samples/ in every format, against golden files.
# UPDATE_GOLDEN=1 rewrites the golden files from the current output.
. "$(dirname "$0")/lib/common.sh"
G="$SRCDIR/tests/golden"
DB="$TMP/s.db"

expect_exit 0 "ingest samples/" -- "$RIGHTSIZE" ingest --db "$DB" "$SRCDIR/samples"
for f in table json csv markdown kubectl patch html; do
	case $f in table) ext=txt ;; markdown) ext=md ;; kubectl) ext=kubectl.sh ;; patch) ext=patch.yaml ;; *) ext=$f ;; esac
	expect_exit 0 "report --format $f" -- "$RIGHTSIZE" report --fail-on none --db "$DB" --format "$f" -o "$TMP/report.$ext"
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then cp "$TMP/report.$ext" "$G/report.$ext"; fi
	expect_same "$G/report.$ext" "$TMP/report.$ext" "report.$ext matches the golden file"
done
# The two cases the product exists for are in the report with their numbers.
expect_grep '"workload": "nightly_etl.load_facts"' "$TMP/report.json" "the Airflow task is reported"
expect_grep '"current": {"request": 4194304000, "limit": 8388608000}' "$TMP/report.json" \
	"the Airflow task's request 4000Mi and limit 8000Mi are current"
expect_grep '"max": 6708838400' "$TMP/report.json" "its peak is about 6.2 GiB (6398Mi)"
expect_grep '"workload": "app-oom"' "$TMP/report.json" "the Marathon app-oom is reported"
expect_grep '"current": {"request": 67108864, "limit": 67108864}' "$TMP/report.json" \
	"app-oom's 64Mi limit (mem 32 + 32 executor overhead) is current"
expect_grep 'REQUEST_BELOW_USAGE' "$TMP/report.txt" "usage above the request is flagged"
expect_grep 'OVER_PROVISIONED' "$TMP/report.txt" "the over-provisioned service is flagged"
# The change commands: kubectl for Deployments, a note for the Airflow task, none for kept values.
expect_grep '^kubectl set resources deployment/report-builder -n shop -c builder --requests=memory=' "$TMP/report.kubectl.sh" \
	"the over-provisioned Deployment gets its kubectl command"
expect_grep "executor_config" "$TMP/report.kubectl.sh" "the Airflow task is told where its memory is set"
if grep -q "app-oom" "$TMP/report.kubectl.sh"; then fail "app-oom (values kept: fix the leak) got a command"; else
	ok "app-oom, whose values are kept, gets no command"
fi
if sh -n "$TMP/report.kubectl.sh"; then ok "the kubectl script is valid sh"; else fail "kubectl script does not parse"; fi
expect_grep '^kind: Deployment\|^spec:' "$TMP/report.patch.yaml" "the patch is a strategic-merge patch"
# Standard output is the default destination.
"$RIGHTSIZE" report --fail-on none --db "$DB" --format json >"$TMP/stdout.json"
expect_same "$TMP/report.json" "$TMP/stdout.json" "-o and standard output agree"
# The cron one-liner: ingest then report, the format taken from -o's extension.
expect_exit 0 "run: ingest and report in one command" -- "$RIGHTSIZE" run --fail-on none --db "$TMP/run.db" "$SRCDIR/samples" -o "$TMP/review.md"
sed 's/](review-charts\//](report-charts\//' "$TMP/review.md" >"$TMP/review.cmp.md"
expect_same "$G/report.md" "$TMP/review.cmp.md" "run -o review.md writes the Markdown report (charts in review-charts/)"
expect_exit 0 "run again: files already known, same report" -- "$RIGHTSIZE" run --fail-on none --db "$TMP/run.db" "$SRCDIR/samples" -o "$TMP/review2.md"
expect_grep "already ingested" "$TMP/err" "the second run ingests nothing new"
sed 's/](review2-charts\//](report-charts\//' "$TMP/review2.md" >"$TMP/review2.cmp.md"
expect_same "$G/report.md" "$TMP/review2.cmp.md" "and writes the same report"
finish
