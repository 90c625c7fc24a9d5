# Real data: the Nezha microservice traces (../shared/corpus/nezha_microservices).
# Their pods are real Kubernetes Deployment pods; their times are Go time.String()
# values ("2022-08-22 03:51:19.607158889 +0000 UTC m=+0.113112869") and memory is in Mi.
# Every pod must land in its Deployment, named as in the file name minus the
# ReplicaSet hash and the random suffix, with the Mi values read as bytes.
. "$(dirname "$0")/lib/common.sh"
need_corpus
R=$RIGHTSIZE
N="$CORPUS/nezha_microservices"

n=0
mkdir "$TMP/long"
for f in "$N"/*/*_metric.csv; do
	n=$((n + 1))
	# Time,TimeStamp,PodName,CpuUsage(m),CpuUsageRate(%),MemoryUsage(Mi),...
	awk -F, -v ns="$(basename "$(dirname "$f")")" 'NR == 1 { print "__name__,namespace,pod,value,timestamp"; next }
		{ printf "pod_memory_usage,%s,%s,%s Mi,%s\n", ns, $3, $6, $1 }' "$f" >"$TMP/long/$n.csv"
done
expect_exit 0 "ingest $n Nezha pod exports" -- "$R" ingest --db "$TMP/n.db" "$TMP/long"
if grep -q "rejected" "$TMP/err" && ! grep -q " 0 rejected" "$TMP/err"; then fail "rows were rejected"; else ok "no row rejected"; fi
"$R" report --db "$TMP/n.db" --format csv >"$TMP/r.csv"

for f in "$N"/*/*_metric.csv; do
	pod=$(basename "$f" _metric.csv)
	ns=$(basename "$(dirname "$f")")
	want=$(echo "$pod" | sed 's/-[^-]*-[^-]*$//')
	if grep -q "^,$ns,$want,deployment," "$TMP/r.csv"; then :; else
		fail "$ns/$pod is not in Deployment $want"
		grep ",$ns," "$TMP/r.csv" | cut -d, -f2-4 | head -3 >&2
	fi
done
ok "every Nezha pod is grouped into its Deployment"
want_wl=$(for f in "$N"/*/*_metric.csv; do echo "$(basename "$(dirname "$f")") $(basename "$f" _metric.csv | sed 's/-[^-]*-[^-]*$//')"; done | sort -u | wc -l)
got_wl=$(($(wc -l <"$TMP/r.csv") - 1))
if [ "$got_wl" -eq "$want_wl" ]; then ok "$got_wl workloads, one per Deployment and trace"; else fail "$got_wl workloads, expected $want_wl"; fi

# adservice on 2022-08-22: its max in Mi, read independently, times 1048576.
f=$(ls "$N"/onlineboutique_2022-08-22/adservice-*_metric.csv)
want=$(awk -F, 'NR > 1 && $6 > m { m = $6 } END { printf "%.0f\n", m * 1048576 }' "$f")
got=$(grep "^,onlineboutique_2022-08-22,adservice," "$TMP/r.csv" | cut -d, -f15)
if [ "$got" = "$want" ]; then ok "adservice peak $got bytes matches the trace"; else fail "adservice peak $got, expected $want"; fi
finish
