# Real data: Alibaba cluster-trace-v2018 container_usage (../shared/corpus/alibaba2018_container_usage),
# read raw with the documented recipe (docs/formats-csv-mapping.md): no header, time in
# seconds since the trace's start, memory as a percent of the container's limit, which
# the file does not hold; the recipe assumes 8Gi. The 3,503 rows with an empty
# container_id (a known upstream defect) must be rejected and counted, not folded into a
# fake container. Per container, the samples, p50, p95, max and limit are recomputed
# here with awk (GSL's type-7 percentiles) from the raw percentages.
. "$(dirname "$0")/lib/common.sh"
need_corpus
R=$RIGHTSIZE
A="$CORPUS/alibaba2018_container_usage/container_usage_10k_rows.csv"
LIMIT=8589934592 # 8Gi, the recipe's assumed limit

# The recipe, exactly as documented.
expect_exit 0 "ingest the Alibaba 2018 sample with the recipe" -- \
	"$R" ingest --db "$TMP/a.db" --format csv --no-header --time-col 3 --time-format epoch-s \
	--value-col 5 --unit percent --limit 8Gi --id-col pod=1 "$A"
empty=$(awk -F, '$1 == "" { n++ } END { print n + 0 }' "$A")
if [ "$empty" -eq 3503 ] && grep -q ", $empty rejected, 0 missing" "$TMP/err"; then
	ok "the $empty rows without a container_id are rejected and counted"
else
	fail "rows without a container_id: $empty in the file; ingest said:"
	tail -n 2 "$TMP/err" >&2
fi
expect_grep "container_usage_10k_rows.csv:1:1: the pod column is empty: the row names no pod" "$TMP/err" \
	"each rejected row is reported with its line and column"

"$R" report --fail-on none --history 0 --interval 1s --db "$TMP/a.db" --format csv >"$TMP/r.csv"
want_n=$(awk -F, '$1 != "" { print $1 }' "$A" | sort -u | wc -l)
got_n=$(($(wc -l <"$TMP/r.csv") - 1))
if [ "$got_n" -eq "$want_n" ]; then ok "$got_n containers, one workload each"; else fail "$got_n report rows, expected $want_n"; fi
if cut -d, -f3 "$TMP/r.csv" | grep -q '^$'; then fail "a workload without a name was made up"; else
	ok "no workload without a name"
fi

pct() { # p file
	awk -v p="$1" '{ v[NR] = $1 } END { h = (NR - 1) * p; lo = int(h); f = h - lo;
		if (lo + 1 < NR) printf "%.0f\n", v[lo + 1] + f * (v[lo + 2] - v[lo + 1]); else printf "%.0f\n", v[NR] }' "$2"
}
near() { [ $(($1 - $2)) -ge 0 ] && [ $(($1 - $2)) -le 1 ]; }

bad=0
checked=0
for ctr in $(awk -F, '$1 != "" { print $1 }' "$A" | sort -u); do
	awk -F, -v c="$ctr" -v l="$LIMIT" '$1 == c && $5 != "" { printf "%.6f\n", $5 / 100 * l }' "$A" | sort -n >"$TMP/exp"
	row=$(grep "^,,$ctr,pod,," "$TMP/r.csv" || true)
	if [ -z "$row" ]; then
		bad=$((bad + 1))
		fail "$ctr: not in the report"
		continue
	fi
	[ "$(echo "$row" | cut -d, -f7)" = "$(wc -l <"$TMP/exp")" ] || { bad=$((bad + 1)); fail "$ctr: samples $(echo "$row" | cut -d, -f7), expected $(wc -l <"$TMP/exp")"; }
	for q in "0.5 11 p50" "0.95 13 p95" "1 15 max"; do
		set -- $q
		want=$(pct "$1" "$TMP/exp")
		got=$(echo "$row" | cut -d, -f"$2")
		near "$got" "$want" || { bad=$((bad + 1)); fail "$ctr: $3 $got, computed independently $want"; }
	done
	[ "$(echo "$row" | cut -d, -f17)" = "$LIMIT" ] || { bad=$((bad + 1)); fail "$ctr: current limit $(echo "$row" | cut -d, -f17)"; }
	checked=$((checked + 1))
done
[ "$bad" -eq 0 ] && ok "$checked containers: samples, p50, p95, max and the 8Gi limit match awk"

# c_10001 sits at 95-100 % all week: its max is the whole assumed limit.
if grep -q "^,,c_10001,pod,,1,1013,.*,$LIMIT,$LIMIT," "$TMP/r.csv"; then ok "c_10001 peaks at 100% of 8Gi"; else
	fail "c_10001's row: $(grep ',c_10001,' "$TMP/r.csv")"
fi

# The numbers scale with the assumed limit: half the limit, half the max.
"$R" ingest --db "$TMP/h.db" --format csv --no-header --time-col 3 --time-format epoch-s \
	--value-col 5 --unit percent --limit 4Gi --id-col pod=1 "$A" 2>/dev/null
half=$("$R" report --fail-on none --history 0 --interval 1s --db "$TMP/h.db" --format csv | grep "^,,c_10,pod," | cut -d, -f15)
full=$(grep "^,,c_10,pod," "$TMP/r.csv" | cut -d, -f15)
if [ $((full - 2 * half)) -ge -2 ] && [ $((full - 2 * half)) -le 2 ]; then ok "with --limit 4Gi, c_10's max halves ($half)"; else
	fail "with --limit 4Gi, c_10's max is $half (8Gi: $full)"
fi

# --strict refuses the file: its rows without a container are errors.
expect_exit 2 "--strict rolls the file back at the first row without a container" -- \
	"$R" ingest --db "$TMP/s.db" --strict --format csv --no-header --time-col 3 --time-format epoch-s \
	--value-col 5 --unit percent --limit 8Gi --id-col pod=1 "$A"
finish
