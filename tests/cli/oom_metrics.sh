# OOM kills told by metrics: cAdvisor's container_oom_events_total (a counter) and
# kube-state-metrics' last_terminated_reason{reason="OOMKilled"} (a state) become
# OOM events of their container, counted in the report.
. "$(dirname "$0")/lib/common.sh"
R=$RIGHTSIZE
cat >"$TMP/usage.csv" <<'CSV'
__name__,container,namespace,pod,value,timestamp
container_memory_working_set_bytes,api,shop,api-7d9f8c6b5d-x2x4z,500000000,2026-11-10T00:00:00Z
container_memory_working_set_bytes,api,shop,api-7d9f8c6b5d-x2x4z,520000000,2026-11-10T12:00:00Z
container_memory_working_set_bytes,api,shop,api-7d9f8c6b5d-x2x4z,530000000,2026-11-11T00:00:00Z
container_memory_working_set_bytes,db,shop,db-0,900000000,2026-11-10T00:00:00Z
container_memory_working_set_bytes,db,shop,db-0,910000000,2026-11-11T00:00:00Z
CSV
# The counter rises twice (two kills, at 06:00 and 18:00), resets when the container restarts,
# then rises once more (22:00). The state turns to OOMKilled once for db (09:00).
cat >"$TMP/oom.csv" <<'CSV'
__name__,container,namespace,pod,reason,value,timestamp
container_oom_events_total,api,shop,api-7d9f8c6b5d-x2x4z,,0,2026-11-10T00:00:00Z
container_oom_events_total,api,shop,api-7d9f8c6b5d-x2x4z,,1,2026-11-10T06:00:00Z
container_oom_events_total,api,shop,api-7d9f8c6b5d-x2x4z,,1,2026-11-10T12:00:00Z
container_oom_events_total,api,shop,api-7d9f8c6b5d-x2x4z,,2,2026-11-10T18:00:00Z
container_oom_events_total,api,shop,api-7d9f8c6b5d-x2x4z,,0,2026-11-10T20:00:00Z
container_oom_events_total,api,shop,api-7d9f8c6b5d-x2x4z,,1,2026-11-10T22:00:00Z
kube_pod_container_status_last_terminated_reason,db,shop,db-0,OOMKilled,0,2026-11-10T08:00:00Z
kube_pod_container_status_last_terminated_reason,db,shop,db-0,OOMKilled,1,2026-11-10T09:00:00Z
kube_pod_container_status_last_terminated_reason,db,shop,db-0,OOMKilled,1,2026-11-10T10:00:00Z
kube_pod_container_status_last_terminated_reason,db,shop,db-0,Error,1,2026-11-10T11:00:00Z
CSV
expect_exit 0 "ingest usage and OOM metrics" -- "$R" ingest --db "$TMP/o.db" "$TMP/usage.csv" "$TMP/oom.csv"
expect_exit 0 "list the events" -- "$R" events --db "$TMP/o.db" --format csv
n=$(($(wc -l <"$TMP/out") - 1))
if [ "$n" -eq 4 ]; then ok "4 OOM events: 3 counter rises and 1 state change"; else fail "$n events, expected 4"; cat "$TMP/out" >&2; fi
expect_grep "^2026-11-10T06:00:00Z,long-csv,metric,.*,shop,api,api-7d9f8c6b5d-x2x4z,api," "$TMP/out" "the first rise is a kill of the api container at 06:00"
expect_grep "^2026-11-10T22:00:00Z," "$TMP/out" "a rise after a reset is a kill"
expect_grep "^2026-11-10T09:00:00Z,long-csv,metric,.*,shop,db,db-0,db," "$TMP/out" "the state change is a kill of db at 09:00"
expect_exit 0 "report" -- "$R" report --fail-on none --db "$TMP/o.db" --format csv
expect_grep '^,shop,api,deployment,api,.*,3,critical,"\?OOM_KILLED' "$TMP/out" "api: 3 OOM kills, flagged critical"
expect_grep '^,shop,db,statefulset,db,.*,1,critical,"\?OOM_KILLED' "$TMP/out" "db: 1 OOM kill"
expect_exit 0 "report as JSON" -- "$R" report --fail-on none --db "$TMP/o.db" --format json
expect_grep '"oom_kills": {"total": 4, "unattributed": 0, "attributed": 4}' "$TMP/out" "4 kills in all, all tied to containers"
# The OOM metrics are not memory series.
expect_exit 0 "export" -- "$R" export --db "$TMP/o.db"
if grep -q oom_events "$TMP/out"; then fail "OOM counters were stored as memory series"; else ok "OOM counters are not memory series"; fi
finish
