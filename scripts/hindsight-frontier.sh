#!/bin/sh
# hindsight-frontier.sh - how low can the slack of any fixed limit go?
#
#   rightsize backtest --db DB [--from T] --strategy peak --days --format csv \
#       | scripts/hindsight-frontier.sh [MAX_OOM_DAYS [raw]]
#
# Reads the per container-day rows of a backtest (the day's p95 and peak)
# and prints, for each number of failed container-days the fleet may have
# (0 .. MAX_OOM_DAYS, default 5 % of the container-days), the lowest average
# relative slack that constant limits chosen with hindsight reach: per
# container one limit for all its days, the containers' failures shared out
# so that the fleet's average slack is least (an exact knapsack).
#
# Slack is the backtest's (limit - p95) / limit, counted from 0 on a failed
# day: a failed day earns no credit for a limit far below its usage (the
# backtest's own average lets it go negative; RAW SLACK shows that number
# for the same limits). With `raw`, the limits minimise the raw slack
# instead, which rewards failing a day with a limit far under its usage:
# how the backtest's average can be gamed. A container whose days are all zero has no limit and no
# slack. No rule that learns from the past beats this table on traces whose
# daily peaks do not repeat from one day to the next; the second table shows
# how far they do (lag-1 correlation of the log daily peaks per container).
# docs/backtest.md explains its use.
set -eu

usage() {
	echo "usage: rightsize backtest ... --strategy peak --days --format csv | $0 [MAX_OOM_DAYS [raw]]" >&2
	exit 1
}
max_fail=-1
raw=0
case "${1:-}" in
"") ;;
*[!0-9]*) usage ;;
*) max_fail=$1 ;;
esac
case "${2:-}" in
"") ;;
raw) raw=1 ;;
*) usage ;;
esac
# Keys are built with sprintf: some awks (mawk) turn numbers above 2^31 into
# keys with 6 significant digits, which would merge distinct daily peaks.
awk -F, -v max_fail="$max_fail" -v raw="$raw" '
function clip(x) { return x < 0 ? 0 : x }
function die(msg) {
	print "hindsight-frontier: " msg > "/dev/stderr"
	bad = 1
	exit 2
}
NR == 1 {
	for (i = 1; i <= NF; i++)
		col[$i] = i
	split("cluster namespace workload container strategy p95 max", need, " ")
	for (i in need)
		if (!(need[i] in col))
			die("input is not `rightsize backtest --days --format csv` (no column " need[i] ")")
	next
}
# Names with a comma or a quote are quoted in the CSV, which this splitter cannot read.
/"/ { die("line " NR ": a quoted field (a name with a comma or a quote) is not supported") }
$col["strategy"] != "peak" { next }
{
	k = $col["cluster"] SUBSEP $col["namespace"] SUBSEP $col["workload"] SUBSEP $col["container"]
	if (!(k in nd)) {
		keys[++nk] = k
		name[k] = ($col["cluster"] != "" ? $col["cluster"] ":" : "") \
			($col["namespace"] != "" ? $col["namespace"] "/" : "") $col["workload"] \
			($col["container"] != "" ? " " $col["container"] : "")
	}
	j = ++nd[k]
	p95[k, j] = $col["p95"] + 0
	mx[k, j] = $col["max"] + 0
	total++
}
END {
	if (bad)
		exit 2
	if (!total) {
		print "hindsight-frontier: no container-day of strategy peak in the input" > "/dev/stderr"
		exit 2
	}
	if (max_fail < 0)
		max_fail = int(total * 0.05)
	# Per container: for each distinct daily peak L as the limit, its failed days and slack sums.
	slack_days = 0
	for (c = 1; c <= nk; c++) {
		k = keys[c]
		n = nd[k]
		top = 0
		for (j = 1; j <= n; j++)
			if (mx[k, j] > top)
				top = mx[k, j]
		if (top <= 0) {
			nopt[c] = 1; ofail[c, 1] = 0; ocost[c, 1] = 0; oclip[c, 1] = 0; oraw[c, 1] = 0
			continue
		}
		slack_days += n
		m = 0
		for (i = 1; i <= n; i++) {
			L = mx[k, i]
			key = k SUBSEP sprintf("%.0f", L)
			if (L <= 0 || key in seen)
				continue
			seen[key] = 1
			f = 0; s = 0; r = 0
			for (j = 1; j <= n; j++) {
				f += mx[k, j] > L
				s += clip((L - p95[k, j]) / L)
				r += (L - p95[k, j]) / L
			}
			if (f > max_fail)
				continue
			m++
			ofail[c, m] = f; ocost[c, m] = raw ? r : s; oclip[c, m] = s; oraw[c, m] = r
		}
		nopt[c] = m
	}
	# Knapsack over the containers: least slack sum for each number of failed days.
	best[0] = 0; bclip[0] = 0; braw[0] = 0
	for (c = 1; c <= nk; c++) {
		split("", nb)
		for (b = 0; b <= max_fail; b++) {
			if (!(b in best))
				continue
			for (m = 1; m <= nopt[c]; m++) {
				u = b + ofail[c, m]
				if (u > max_fail)
					continue
				v = best[b] + ocost[c, m]
				if (!(u in nb) || v < nb[u]) {
					nb[u] = v
					nclip[u] = bclip[b] + oclip[c, m]
					nraw[u] = braw[b] + oraw[c, m]
				}
			}
		}
		split("", best)
		for (b in nb) {
			best[b] = nb[b]
			bclip[b] = nclip[b]
			braw[b] = nraw[b]
		}
	}
	printf "%d container-days, %d containers; fixed limits chosen in hindsight%s\n\n", total, nk,
		raw ? " for the least raw slack" : ""
	if (!slack_days)
		die("every container-day has a peak of 0: no limit, no slack")
	printf "%-9s  %-10s  %-13s  %s\n", "OOM DAYS", "OOM-FREE %", "AVG SLACK %", "RAW SLACK %"
	low = ""
	for (b = 0; b <= max_fail; b++) {
		if (!(b in best))
			continue
		# Allowing more failures never costs slack: a row only where the least slack falls.
		if (low != "" && best[b] >= low)
			continue
		low = best[b]
		printf "%-9d  %10.1f  %13.1f  %11.1f\n", b, 100 * (total - b) / total,
			100 * bclip[b] / slack_days, 100 * braw[b] / slack_days
	}
	printf "\n%-40s  %s\n", "CONTAINER", "LAG-1 CORR OF LOG DAILY PEAK"
	for (c = 1; c <= nk; c++) {
		k = keys[c]
		n = nd[k]
		sx = sy = sxx = syy = sxy = 0
		for (j = 2; j <= n; j++) {
			x = log(mx[k, j - 1] > 1048576 ? mx[k, j - 1] : 1048576)
			y = log(mx[k, j] > 1048576 ? mx[k, j] : 1048576)
			sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y
		}
		m = n - 1
		if (m < 3) {
			printf "%-40s  %s\n", name[k], "-"
			continue
		}
		vx = sxx - sx * sx / m; vy = syy - sy * sy / m
		if (vx <= 0 || vy <= 0)
			printf "%-40s  %s\n", name[k], "-"
		else
			printf "%-40s  %.2f\n", name[k], (sxy - sx * sy / m) / sqrt(vx * vy)
	}
}'
