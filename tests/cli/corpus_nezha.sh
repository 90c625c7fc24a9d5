# Real data: the Nezha microservice traces (../shared/corpus/nezha_microservices), read raw
# with the documented recipe (docs/formats-csv-mapping.md), one trace folder at a time.
# Their pods are real Kubernetes Deployment pods; their times are Go time.String() values
# ("2022-08-22 03:51:19.607158889 +0000 UTC m=+0.113112869") and memory is in Mi.
# Every pod must land in its Deployment, named as in the file name minus the ReplicaSet
# hash and the random suffix, with the Mi values read as bytes; adservice's statistics
# are recomputed here with awk (GSL's type-7 percentiles).
. "$(dirname "$0")/lib/common.sh"
need_corpus
R=$RIGHTSIZE
N="$CORPUS/nezha_microservices"

ntraces=0
for d in "$N"/*/; do
	trace=$(basename "$d")
	ntraces=$((ntraces + 1))
	# The recipe, exactly as documented (the trace folder's name as the namespace).
	expect_exit 0 "ingest the Nezha trace $trace with the recipe" -- \
		"$R" ingest --db "$TMP/n.db" --format csv --time-col Time --value-col 'MemoryUsage(Mi)' --unit MiB \
		--id-col pod=PodName --label namespace="$trace" "$d"
	nfiles=0
	for f in "$d"*_metric.csv; do nfiles=$((nfiles + 1)); done
	if grep -q "ingested $nfiles files (.* 0 rejected, 0 missing); 0 already known, 0 skipped, 0 failed" "$TMP/err"; then
		ok "$trace: $nfiles pod files, no row rejected or missing"
	else
		fail "$trace: rows rejected, missing or files failed"
		tail -n 3 "$TMP/err" >&2
	fi
done
"$R" report --fail-on none --history 0 --interval 1s --db "$TMP/n.db" --format csv >"$TMP/r.csv"

misplaced=0
for f in "$N"/*/*_metric.csv; do
	pod=$(basename "$f" _metric.csv)
	ns=$(basename "$(dirname "$f")")
	want=$(echo "$pod" | sed 's/-[^-]*-[^-]*$//')
	if grep -q "^,$ns,$want,deployment," "$TMP/r.csv"; then :; else
		misplaced=$((misplaced + 1))
		fail "$ns/$pod is not in Deployment $want"
		grep ",$ns," "$TMP/r.csv" | cut -d, -f2-4 | head -3 >&2
	fi
done
[ "$misplaced" -eq 0 ] && ok "every Nezha pod is grouped into its Deployment"
want_wl=$(for f in "$N"/*/*_metric.csv; do echo "$(basename "$(dirname "$f")") $(basename "$f" _metric.csv | sed 's/-[^-]*-[^-]*$//')"; done | sort -u | wc -l)
got_wl=$(($(wc -l <"$TMP/r.csv") - 1))
if [ "$got_wl" -eq "$want_wl" ]; then ok "$got_wl workloads, one per Deployment and trace"; else fail "$got_wl workloads, expected $want_wl"; fi

# adservice on 2022-08-22: its samples, percentiles and max from the Mi column, read
# independently, times 1048576.
f=$(ls "$N"/onlineboutique_2022-08-22/adservice-*_metric.csv)
awk -F, 'NR > 1 { printf "%.6f\n", $6 * 1048576 }' "$f" | sort -n >"$TMP/ad"
row=$(grep "^,onlineboutique_2022-08-22,adservice," "$TMP/r.csv")
pct() { # p file
	awk -v p="$1" '{ v[NR] = $1 } END { h = (NR - 1) * p; lo = int(h); f = h - lo;
		if (lo + 1 < NR) printf "%.0f\n", v[lo + 1] + f * (v[lo + 2] - v[lo + 1]); else printf "%.0f\n", v[NR] }' "$2"
}
want=$(wc -l <"$TMP/ad")
got=$(echo "$row" | cut -d, -f7)
if [ "$got" = "$want" ]; then ok "adservice: $got samples, one per row"; else fail "adservice: $got samples, expected $want"; fi
for q in "0.5 11 p50" "0.95 13 p95" "1 15 max"; do
	set -- $q
	want=$(pct "$1" "$TMP/ad")
	got=$(echo "$row" | cut -d, -f"$2")
	if [ $((got - want)) -ge 0 ] && [ $((got - want)) -le 1 ]; then ok "adservice $3 $got bytes matches the trace"; else
		fail "adservice $3 $got, expected $want"
	fi
done
first=$(echo "$row" | cut -d, -f8)
if [ "$first" = "2022-08-22T03:51:19.607Z" ]; then ok "adservice's first sample is the Go time of its first row"; else
	fail "adservice's first sample at $first, expected 2022-08-22T03:51:19.607Z"
fi
finish
