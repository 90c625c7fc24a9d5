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
# krr's slack: 150/1150, then -30/1150 on the step (its limit under the day's p95), 177/1357 twice: 9.130 %;
# counted from 0 on the failed day: 9.783 %.
expect_grep '"name": "krr",.*"avg_relative_slack_pct": 9.130, "avg_clipped_slack_pct": 9.783,' "$TMP/bt.json" "krr: slack, and slack counted from 0, by hand"
expect_grep '^    {"name": "rightsize", "container_days": 4, "oom_days": 0, "oom_free_pct": 100.000, "first_oom": null' "$TMP/bt.json" "rightsize: OOM-free"
# (200/1200 + 20/1200 + 2 x 236/1416) / 4 = 12.917 %; 1 change in 4 days = 1.75 per week.
expect_grep '"name": "rightsize",.*"avg_relative_slack_pct": 12.917,.*"changes": 1, "changes_per_container_week": 1.750}' "$TMP/bt.json" "rightsize: slack and churn by hand"
# Reserved: (2 x 1200 + 2 x 1416) Mi x 24 h = 122.625 GiB-h; used: (1000 + 3 x 1180) Mi x 24 h = 106.406.
expect_grep '"name": "rightsize",.*"reserved_gib_hours": 122.625,.*"used_gib_hours": 106.406' "$TMP/bt.json" "rightsize: GiB-hours by hand"
expect_grep '"name": "current", "container_days": 4, "oom_days": 0, "oom_free_pct": 100.000,.*"avg_relative_slack_pct": null' "$TMP/bt.json" "no limit in force: OOM-free, slack undefined"
# hindsight: the period's peak (1180 Mi) every day: OOM-free, no change; slack (180/1180) / 4 = 3.814 %.
expect_exit 0 "backtest hindsight, days 8 to 11" -- "$R" backtest --db "$TMP/b.db" --format json --strategy hindsight \
	--from 2026-11-09T00:00:00Z --to 2026-11-13T00:00:00Z
expect_grep '^    {"name": "hindsight", "container_days": 4, "oom_days": 0, "oom_free_pct": 100.000, "first_oom": null, "avg_relative_slack_pct": 3.814,.*"changes": 0,' "$TMP/out" "hindsight: the period's peak, by hand"
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
# Real kills fail the settings that were in force: the Airflow task was killed under its 8000Mi limit on
# each of its 5 nights, the Marathon app at its 64Mi limit (no sample ever passes a limit: the kill
# happens at it). current: 6 OOM days of 20, the first at the first kill. Other strategies' limits are
# not the one that killed: the samples alone score them.
expect_exit 0 "backtest samples/ as JSON" -- "$RIGHTSIZE" backtest --db "$TMP/samples.db" --format json
cp "$TMP/out" "$TMP/sbt.json"
expect_grep '^    {"name": "current", "container_days": 20, "oom_days": 6, "oom_free_pct": 70.000, "first_oom": "2026-11-10T02:58:10.034Z",' \
	"$TMP/sbt.json" "current: the stored kills are OOM days"
expect_grep '^       {"name": "current", "container_days": 5, "oom_days": 5, "oom_free_pct": 0.000, "first_oom": "2026-11-10T02:58:10.034Z",' \
	"$TMP/sbt.json" "current: every night of the Airflow task"
expect_grep '^       {"name": "current", "container_days": 1, "oom_days": 1, "oom_free_pct": 0.000, "first_oom": "2026-11-14T09:00:04.721Z",' \
	"$TMP/sbt.json" "current: the Marathon app's day, at its first kill"
expect_grep '^    {"name": "krr", "container_days": 18, "oom_days": 0, ' "$TMP/sbt.json" "krr: the kills do not score it"
expect_exit 0 "backtest samples/ days as CSV" -- "$RIGHTSIZE" backtest --db "$TMP/samples.db" --format csv --days --strategy current
expect_grep '^2026-11-12T00:00:00Z,prod-eu,airflow,nightly_etl.load_facts,base,current,4194304000,8388608000,[0-9]*,[0-9]*,[0-9]*,1,2026-11-12T03:12:59.229Z,' \
	"$TMP/out" "current: the day's row has its kill"
# scripts/hindsight-frontier.sh on days made by hand. Container a: p95 50, 50, 300 under peaks 100, 100,
# 400; b: p95 90 under 100 three times. No failure: a at 400 (0.875 + 0.875 + 0.25), b at 100 (3 x 0.1):
# 2.3 / 6 = 38.3 %. One failure: a at 100 (0.5 + 0.5 + 0, the failed day counted from 0; -2 raw) and b:
# 1.3 / 6 = 21.7 %, raw -0.7 / 6 = -11.7 %.
{
	echo "day,cluster,namespace,workload,container,strategy,request,limit,p95,max,hours,oom,first_oom,relative_slack_pct,time_above_request_pct,changed"
	for d in 1 2 3; do
		p=50; m=100; [ $d = 3 ] && p=300 && m=400
		echo "2026-11-0${d}T00:00:00Z,,ns,a,app,peak,$m,$m,$p,$m,24,0,,0,0,0"
		echo "2026-11-0${d}T00:00:00Z,,ns,a,app,krr,1,1,$p,$m,24,1,,0,0,0"
		echo "2026-11-0${d}T00:00:00Z,,ns,b,app,peak,100,100,90,100,24,0,,10,0,0"
	done
} >"$TMP/days.csv"
expect_exit 0 "frontier of hand-made days" -- sh "$SRCDIR/scripts/hindsight-frontier.sh" 2 <"$TMP/days.csv"
expect_grep '^6 container-days, 2 containers' "$TMP/out" "frontier: counts the peak rows only"
expect_grep '^0  *100.0  *38.3  *38.3$' "$TMP/out" "frontier: no failure, by hand"
expect_grep '^1  *83.3  *21.7  *-11.7$' "$TMP/out" "frontier: one failure, by hand"
expect_grep '^ns/a app  *-$' "$TMP/out" "frontier: no correlation from two pairs of days"
expect_exit 0 "frontier for the least raw slack" -- sh "$SRCDIR/scripts/hindsight-frontier.sh" 2 raw <"$TMP/days.csv"
expect_grep 'chosen in hindsight for the least raw slack$' "$TMP/out" "frontier: raw says so"
expect_grep '^1  *83.3  *21.7  *-11.7$' "$TMP/out" "frontier raw: one failure, by hand"
# Daily peaks doubling each day (2, 4, ..., 32 Mi): log peak follows yesterday's exactly, correlation 1.
{
	head -1 "$TMP/days.csv"
	for d in 1 2 3 4 5; do
		echo "2026-11-0${d}T00:00:00Z,,ns,c,app,peak,0,0,1048576,$((1048576 << d)),24,0,,0,0,0"
	done
} >"$TMP/days2.csv"
expect_exit 0 "frontier of doubling peaks" -- sh "$SRCDIR/scripts/hindsight-frontier.sh" <"$TMP/days2.csv"
expect_grep '^ns/c app  *1.00$' "$TMP/out" "frontier: lag-1 correlation of c's log peaks"
# Peaks above 2^31 that agree to 6 digits are still two limits (awk keys them by 6 digits otherwise).
{
	head -1 "$TMP/days.csv"
	echo "2026-11-01T00:00:00Z,,ns,big,app,peak,0,0,100,8589934000,24,0,,0,0,0"
	echo "2026-11-02T00:00:00Z,,ns,big,app,peak,0,0,100,8589934900,24,0,,0,0,0"
} >"$TMP/days3.csv"
expect_exit 0 "frontier of two close big peaks" -- sh "$SRCDIR/scripts/hindsight-frontier.sh" 1 <"$TMP/days3.csv"
expect_grep '^0  *100.0  *100.0 ' "$TMP/out" "frontier: the higher peak is a limit of its own"
expect_grep '^1  *50.0  *100.0 ' "$TMP/out" "frontier: and the lower one"
sed 's/,ns,big,/,"n,s",big,/' "$TMP/days3.csv" >"$TMP/days4.csv"
expect_exit 2 "frontier of a quoted name" -- sh "$SRCDIR/scripts/hindsight-frontier.sh" <"$TMP/days4.csv"
expect_grep 'quoted field' "$TMP/err" "frontier: says it cannot read quoted fields"
expect_exit 1 "frontier with a bad argument" -- sh "$SRCDIR/scripts/hindsight-frontier.sh" raw <"$TMP/days3.csv"
expect_exit 2 "frontier of something else" -- sh "$SRCDIR/scripts/hindsight-frontier.sh" <"$SRCDIR/samples/README.md"
# and of a real backtest's days
"$RIGHTSIZE" backtest --db "$TMP/samples.db" --strategy peak --days --format csv >"$TMP/sdays.csv"
expect_exit 0 "frontier of the samples' days" -- sh "$SRCDIR/scripts/hindsight-frontier.sh" <"$TMP/sdays.csv"
expect_grep '^0  *100.0 ' "$TMP/out" "frontier of the samples: a row without failures"
finish
