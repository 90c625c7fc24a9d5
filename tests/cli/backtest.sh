# rightsize backtest on a constructed trace: 1000 Mi flat, 1180 Mi from day 9 (2026-11-10) on.
# krr (max x 1.15 = 1150 Mi) misses the step on its first day; rightsize (peak + 20% = 1200 Mi)
# does not. And the "same numbers" contract: the rightsize strategy's request and limit for a
# day are what `rightsize report --as-of DAY --history H` recommends.
. "$(dirname "$0")/lib/common.sh"
R=$RIGHTSIZE
MI=1048576
awk -v mi=$MI 'BEGIN {
	print "__name__,container,namespace,pod,value,timestamp"
	t0 = 1793491200 # 2026-11-01T00:00:00Z
	for (i = 0; i < 12 * 24; i++) {
		t = t0 + i * 3600
		v = (i < 9 * 24) ? 1000 : 1180
		printf "container_memory_working_set_bytes,app,shop,app-0,%d,%d\n", v * mi, t
	}
}' >"$TMP/step.csv"
expect_exit 0 "ingest the trace" -- "$R" ingest --db "$TMP/b.db" "$TMP/step.csv"
expect_exit 0 "backtest as JSON, days 8 to 11" -- "$R" backtest --db "$TMP/b.db" --format json \
	--from 2026-11-09T00:00:00Z --to 2026-11-13T00:00:00Z
cp "$TMP/out" "$TMP/bt.json"
expect_grep '"from": "2026-11-09T00:00:00Z", "to": "2026-11-13T00:00:00Z", "step": 86400' "$TMP/bt.json" "the window and the step"
expect_grep '^    {"name": "krr", "container_days": 4, "oom_days": 1, "oom_free_pct": 75.000, "first_oom": "2026-11-10T00:00:00Z"' "$TMP/bt.json" "krr: one would-be OOM day of 4, at the step"
expect_grep '^    {"name": "rightsize", "container_days": 4, "oom_days": 0, "oom_free_pct": 100.000, "first_oom": null' "$TMP/bt.json" "rightsize: OOM-free"
# (200/1200 + 20/1200 + 2 x 236/1416) / 4 = 12.917 %; 1 change in 4 days = 1.75 per week.
expect_grep '"name": "rightsize",.*"avg_relative_slack_pct": 12.917,.*"changes": 1, "changes_per_container_week": 1.750}' "$TMP/bt.json" "rightsize: slack and churn by hand"
# Reserved: (2 x 1200 + 2 x 1416) Mi x 24 h = 122.625 GiB-h; used: (1000 + 3 x 1180) Mi x 24 h = 106.406.
expect_grep '"name": "rightsize",.*"reserved_gib_hours": 122.625,.*"used_gib_hours": 106.406' "$TMP/bt.json" "rightsize: GiB-hours by hand"
expect_grep '"name": "current", "container_days": 4, "oom_days": 0, "oom_free_pct": 100.000,.*"avg_relative_slack_pct": null' "$TMP/bt.json" "no limit in force: OOM-free, slack undefined"
# Same numbers as the report.
for day in 2026-11-06 2026-11-10 2026-11-11; do
	expect_exit 0 "backtest the day $day" -- "$R" backtest --db "$TMP/b.db" --format csv --days --history 5d \
		--strategy rightsize --from ${day}T00:00:00Z --to ${day}T23:00:00Z
	bt=$(awk -F, 'NR == 2 { print $7 "," $8 }' "$TMP/out")
	expect_exit 0 "report as of $day" -- "$R" report --fail-on none --db "$TMP/b.db" --format csv --history 5d --as-of ${day}T00:00:00Z
	rep=$(awk -F, 'NR == 2 { print $18 "," $19 }' "$TMP/out")
	if [ -n "$bt" ] && [ "$bt" = "$rep" ]; then ok "$day: backtest request,limit $bt = report's"; else
		fail "$day: backtest says '$bt', report --as-of says '$rep'"; fi
done
# The table names every strategy.
expect_exit 0 "table" -- "$R" backtest --db "$TMP/b.db"
for s in rightsize vpa krr current; do expect_grep "^$s " "$TMP/out" "table row $s"; done
expect_exit 1 "unknown strategy" -- "$R" backtest --db "$TMP/b.db" --strategy goldilocks
expect_exit 1 "bad step" -- "$R" backtest --db "$TMP/b.db" --step soon
expect_exit 2 "missing database" -- "$R" backtest --db "$TMP/none.db"
# With OOM evidence: the Airflow task's kills move its request; a backtest day equals report --as-of that day.
expect_exit 0 "ingest samples/ with their OOM logs" -- "$RIGHTSIZE" ingest --db "$TMP/samples.db" "$SRCDIR/samples"
bt=$("$RIGHTSIZE" backtest --db "$TMP/samples.db" --strategy rightsize --days --format csv |
	grep '^2026-11-13T00:00:00Z,prod-eu,airflow,nightly_etl.load_facts,base,rightsize,' | cut -d, -f7-8)
rp=$("$RIGHTSIZE" report --fail-on none --db "$TMP/samples.db" --as-of 2026-11-13T00:00:00Z --format csv |
	grep ',nightly_etl.load_facts,' | cut -d, -f18-19)
if [ -n "$bt" ] && [ "$bt" = "$rp" ]; then ok "with kills, the backtest's 2026-11-13 equals report --as-of ($bt)"; else
	fail "backtest $bt vs report $rp"
fi
finish
