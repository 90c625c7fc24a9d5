# Real data: Kruize demo inputs in the ROS / koku-metrics-operator CSV format
# (../shared/corpus/kruize_ros_openshift), read raw with the documented recipe
# (docs/formats-csv-mapping.md): 15-minute intervals whose end is a Go time string
# ("2023-03-15 13:15:00 +0000 UTC"), the interval's max usage in bytes, the average
# request and limit, and the object named by namespace, k8_object_name and container_name.
# For three files (with requests and limits, without any, and one whose "workload" column
# says <none>) the samples, p50, p95, max, current request and current limit are
# recomputed here with awk; the tfb variant (date(1)-style times) goes through its pattern.
. "$(dirname "$0")/lib/common.sh"
need_corpus
R=$RIGHTSIZE
K="$CORPUS/kruize_ros_openshift/csv_data"
FILES="eap-app_deploymentconfig_america.csv nginx-sample_deployment_europe.csv example_replicationcontroller_america.csv"

# The recipe, exactly as documented.
set --
for f in $FILES; do set -- "$@" "$K/$f"; done
expect_exit 0 "ingest three Kruize ROS files with the recipe" -- \
	"$R" ingest --db "$TMP/k.db" --format csv --time-col interval_end \
	--value-col memory_usage_container_max --unit B \
	--request-col memory_request_container_avg --limit-col memory_limit_container_avg \
	--id-col namespace=namespace --id-col workload=k8_object_name --id-col container=container_name "$@"
expect_grep "ingested 3 files (.* 0 rejected, .*0 failed" "$TMP/err" "no row rejected, no file failed"
"$R" report --fail-on none --history 0 --interval 1s --db "$TMP/k.db" --format csv >"$TMP/r.csv"
got_n=$(($(wc -l <"$TMP/r.csv") - 1))
if [ "$got_n" -eq 3 ]; then ok "three workloads"; else fail "$got_n workloads, expected 3"; cat "$TMP/r.csv" >&2; fi

# A column of a ROS file by name, as "interval_end<TAB>value" lines for the rows where it
# is set (the last row of a repeated interval wins, as in the store; a request or limit
# of 0 is not set).
column() { # file name
	awk -F, -v want="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$(c[want]) != "" && (want ~ /usage/ || $(c[want]) + 0 > 0) { v[$(c["interval_end"])] = $(c[want]) }
		END { for (t in v) printf "%s\t%s\n", t, v[t] }' "$1" | sort
}
field() { # file name: the first row's value of a column
	awk -F, -v want="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $(c[want]); exit }' "$1"
}
pct() { # p file
	awk -v p="$1" '{ v[NR] = $1 } END { h = (NR - 1) * p; lo = int(h); f = h - lo;
		if (lo + 1 < NR) printf "%.0f\n", v[lo + 1] + f * (v[lo + 2] - v[lo + 1]); else printf "%.0f\n", v[NR] }' "$2"
}
near() { [ $(($1 - $2)) -ge 0 ] && [ $(($1 - $2)) -le 1 ]; }
# The latest interval's value, or nothing ("Go time" strings of one offset sort as times).
latest() { # file name
	column "$1" "$2" | tail -n 1 | awk -F'\t' '{ printf "%.0f\n", $2 }'
}

for f in $FILES; do
	src="$K/$f"
	ns=$(field "$src" namespace)
	wl=$(field "$src" k8_object_name)
	ctr=$(field "$src" container_name)
	row=$(grep "^,$ns,$wl,workload,$ctr," "$TMP/r.csv" || true)
	if [ -z "$row" ]; then fail "$f: no report row for $ns/$wl/$ctr"; cat "$TMP/r.csv" >&2; continue; fi
	ok "$f: $ns/$wl/$ctr in the report"
	column "$src" memory_usage_container_max | cut -f2 | sort -n >"$TMP/exp"
	want=$(wc -l <"$TMP/exp")
	got=$(echo "$row" | cut -d, -f7)
	if [ "$got" = "$want" ]; then ok "$f: $got samples, one per interval"; else fail "$f: $got samples, expected $want"; fi
	for q in "0.5 11 p50" "0.95 13 p95" "1 15 max"; do
		set -- $q
		want=$(pct "$1" "$TMP/exp")
		got=$(echo "$row" | cut -d, -f"$2")
		if near "$got" "$want"; then ok "$f: $3 $got bytes"; else fail "$f: $3 $got, computed independently $want"; fi
	done
	for q in "memory_request_container_avg 16 request" "memory_limit_container_avg 17 limit"; do
		set -- $q
		want=$(latest "$src" "$1")
		got=$(echo "$row" | cut -d, -f"$2")
		if [ "$got" = "$want" ]; then ok "$f: current $3 \"$got\""; else fail "$f: current $3 \"$got\", expected \"$want\""; fi
	done
done

# The "workload" column of example_replicationcontroller says <none>: mapped to it, every
# row names no workload and is rejected, not folded into a workload called "<none>".
expect_exit 0 "a workload column of <none> is refused row by row" -- \
	"$R" ingest --db "$TMP/none.db" --format csv --time-col interval_end --value-col memory_usage_container_max \
	--id-col namespace=namespace --id-col workload=workload --id-col container=container_name \
	"$K/example_replicationcontroller_america.csv"
expect_grep "example_replicationcontroller_america.csv:2:7: the workload column is empty" "$TMP/err" \
	"the <none> cell is reported with its line and column"
expect_grep ", 0 samples (0 new), 1500 rejected" "$TMP/err" "all 1500 rows rejected"

# The tfb variant writes date(1)-style times: the recipe with its --time-format pattern.
T="$K/tfb-qrh_deployment_tfb-tests.csv"
expect_exit 0 "ingest the Kruize tfb file with the date(1) pattern" -- \
	"$R" ingest --db "$TMP/t.db" --format csv --time-col interval_end --time-format '%a %b %d %H:%M:%S UTC %Y' \
	--value-col memory_usage_container_max --unit B \
	--request-col memory_request_container_avg --limit-col memory_limit_container_avg \
	--id-col namespace=namespace --id-col workload=k8_object_name --id-col container=container_name "$T"
expect_grep ", 0 rejected, 0 missing, 2023-03-15T09:42:44Z .. 2023-03-30T10:25:27Z" "$TMP/err" \
	"tfb: every row read, from its first to its last interval end"
row=$("$R" report --fail-on none --history 0 --interval 1s --db "$TMP/t.db" --format csv | tail -n 1)
# Independently: the max of column 26 and the request and limit (columns 20, 22) of the
# latest interval end, its date(1) time turned into a sortable one. (Seven rows of this
# file lack a value upstream and are shifted left by one column; by position, as the
# recipe reads them, they still parse.)
latest_tfb() { # column
	awk -F, -v col="$1" 'NR > 1 && NF > 1 { split($2, a, / +/); m = index("JanFebMarAprMayJunJulAugSepOctNovDec", a[2]);
		printf "%s-%02d-%02d %s\t%s\n", a[6], (m + 2) / 3, a[3], a[4], $col }' "$T" | sort | tail -n 1 | cut -f2
}
want=$(awk -F, 'NR > 1 && $26 > m { m = $26 } END { printf "%.0f\n", m }' "$T")
want_req=$(latest_tfb 20)
want_lim=$(latest_tfb 22)
samples=$(awk -F, 'NR > 1 && NF > 1 { print $2 }' "$T" | sort -u | wc -l)
if [ "$(echo "$row" | cut -d, -f2-5,7,15-17)" = "tfb-tests,tfb-qrh,workload,tfb-server,$samples,$want,$want_req,$want_lim" ]; then
	ok "tfb: $samples samples, max $want, current request $want_req, current limit $want_lim"
else
	fail "tfb: report row $row; expected $samples samples, max $want, request $want_req, limit $want_lim"
fi
finish
