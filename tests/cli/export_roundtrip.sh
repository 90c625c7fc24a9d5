# export writes a long CSV that ingest reads back to the same store.
. "$(dirname "$0")/lib/common.sh"
R=$RIGHTSIZE
expect_exit 0 "ingest samples/" -- "$R" ingest --db "$TMP/a.db" "$SRCDIR/samples"
expect_exit 0 "export everything" -- "$R" export --db "$TMP/a.db" -o "$TMP/a.csv"
expect_exit 0 "ingest the export into a new database" -- "$R" ingest --db "$TMP/b.db" "$TMP/a.csv"
"$R" export --db "$TMP/b.db" -o "$TMP/b.csv"
expect_same "$TMP/a.csv" "$TMP/b.csv" "export -> ingest -> export is the identity"
# The export holds samples and settings, not OOM evidence (which moves recommendations):
# every container's identity, usage statistics and current settings must agree.
"$R" report --fail-on none --db "$TMP/a.db" --format csv | cut -d, -f1-17 >"$TMP/ra.csv"
"$R" report --fail-on none --db "$TMP/b.db" --format csv | cut -d, -f1-17 >"$TMP/rb.csv"
expect_same "$TMP/ra.csv" "$TMP/rb.csv" "and the reports agree on every container's usage and settings"
expect_exit 0 "export one workload (glob)" -- "$R" export --db "$TMP/a.db" --workload 'nightly_etl.*'
if grep -v '^__name__' "$TMP/out" | grep -qv 'nightly_etl.load_facts'; then fail "--workload leaked other workloads"; else
	ok "--workload keeps only matching workloads"
fi
expect_grep "kube_pod_container_resource_limits" "$TMP/out" "requests and limits are exported too"
finish
