# What ingest says about each file and in its totals, and when it fails:
# files that hold both samples and OOM events, files and folders from which
# nothing is kept, and values that cannot be bytes.
. "$(dirname "$0")/lib/common.sh"
R=$RIGHTSIZE
POD="$SRCDIR/tests/fixtures/kubectl/pod-oomkilled.json"

# expect_no_grep PATTERN FILE DESCRIPTION
expect_no_grep() {
	if grep -q -- "$1" "$2"; then
		fail "$3: a line matches '$1' in $2"
		sed 's/^/  | /' "$2" | head -20 >&2
	else ok "$3"; fi
}

# ---- 1. samples and OOM events of one file, counted apart ----------------

# One container whose lastState is OOMKilled: its request and limit are samples, the kill an event.
expect_exit 0 "pod JSON with an OOM-killed container" -- "$R" ingest --db "$TMP/p.db" "$POD"
expect_grep "pod-oomkilled.json: kubectl-pods, 2 series, 2 samples (2 new), 1 OOM events (1 new), 0 rejected" \
	"$TMP/err" "the file's line says its OOM event"
expect_grep "ingested 1 file (2 samples, 2 new; 1 OOM events, 1 new;" "$TMP/err" \
	"the totals count the event read and the event new alike"
# The same pod with other bytes: a new file, but the event is one already stored.
sed 's/"phase": "Running"/"phase":  "Running"/' "$POD" >"$TMP/pod-again.json"
expect_exit 0 "the same pod, exported again" -- "$R" ingest --db "$TMP/p.db" "$TMP/pod-again.json"
expect_grep "ingested 1 file (2 samples, 0 new; 1 OOM events, 0 new;" "$TMP/err" "read again, the event is not new"

# OOM kill metrics beside usage: their values are events, not samples.
cat >"$TMP/usage-oom.csv" <<'CSV'
__name__,container,namespace,pod,value,timestamp
container_memory_working_set_bytes,api,shop,api-0,500000000,2026-11-10T00:00:00Z
container_memory_working_set_bytes,api,shop,api-0,520000000,2026-11-10T12:00:00Z
container_oom_events_total,api,shop,api-0,0,2026-11-10T00:00:00Z
container_oom_events_total,api,shop,api-0,1,2026-11-10T06:00:00Z
container_oom_events_total,api,shop,api-0,2,2026-11-10T18:00:00Z
CSV
expect_exit 0 "usage and an OOM counter in one file" -- "$R" ingest --db "$TMP/m.db" "$TMP/usage-oom.csv"
expect_grep "usage-oom.csv: long-csv, 1 series, 2 samples (2 new), 2 OOM events (2 new), 0 rejected" "$TMP/err" \
	"the counter's values are not counted as samples; its 2 rises are 2 events"
expect_grep "ingested 1 file (2 samples, 2 new; 2 OOM events, 2 new;" "$TMP/err" "so do the totals"

# A log is all events; a usage file none: neither line changes.
expect_exit 0 "a usage file and a Marathon log" -- "$R" ingest --db "$TMP/l.db" \
	"$SRCDIR/samples/marathon/marathon.log" "$SRCDIR/samples/services/memory.csv"
expect_grep "marathon.log: mesos-log, 56 OOM events (56 new), 0 rejected" "$TMP/err" "the log's line counts events"
expect_no_grep "memory.csv: .*OOM events" "$TMP/err" "a file without events does not mention them"
expect_grep "ingested 2 files (25205 samples, 25205 new; 56 OOM events, 56 new;" "$TMP/err" "totals of both kinds"

# ---- 2. nothing kept: an error, not silence --------------------------------

printf 'Time;up{instance="a"}\n2026-11-14 09:00:00;1\n2026-11-14 09:01:00;1\n' >"$TMP/up.csv"
expect_exit 2 "every series skipped (not memory), under -q" -- "$R" ingest -q --db "$TMP/s.db" "$TMP/up.csv"
expect_grep "^rightsize: error: .*/up.csv: no series to store: 1 series skipped (not a memory metric): only memory usage" \
	"$TMP/err" "the error names the file, the count and the reason"
expect_grep "with --format csv --time-col COL --value-col COL" "$TMP/err" "and says what to do"
expect_grep "^rightsize: error: .*/up.csv: nothing from this file was stored" "$TMP/err" "the file is rolled back"

printf 'Time;container_memory_working_set_bytes{pod="p-0"}\n2026-11-14 09:00:00;300000000\n' >"$TMP/podlevel.csv"
expect_exit 2 "every series skipped (no container label)" -- "$R" ingest -q --db "$TMP/s.db" "$TMP/podlevel.csv"
expect_grep 'podlevel.csv: no series to store: 1 series skipped (pod-level cgroup series (container="")): usage series named container_\* need a container label' \
	"$TMP/err" "the pod-level reason, and that a container label is needed"
expect_grep "--label container=NAME" "$TMP/err" "the hint names --label container=NAME"
# Rolled back, so not recorded: the same file is read again, and the hint's way in works.
expect_exit 2 "the failed file is not taken as already ingested" -- "$R" ingest --db "$TMP/s.db" "$TMP/podlevel.csv"
expect_no_grep "already ingested" "$TMP/err" "it is read again"
expect_exit 0 "read by column mapping with the hint's --label" -- "$R" ingest --db "$TMP/s.db" --format csv \
	--time-col Time --value-col 2 --label container=app "$TMP/podlevel.csv"
expect_grep "podlevel.csv: csv, 1 series, 1 samples (1 new)" "$TMP/err" "then it is stored"

# Two reasons in one file: both counted, each hint once.
printf 'Time;up{instance="a"};container_memory_rss{pod="p-0"};container_memory_rss{pod="p-0",container="POD"}\n2026-11-14 09:00:00;1;300000000;700000\n' \
	>"$TMP/three.csv"
expect_exit 2 "three series, three reasons" -- "$R" ingest -q --db "$TMP/s.db" "$TMP/three.csv"
expect_grep 'three.csv: no series to store: 3 series skipped (1 not a memory metric, 1 pod-level cgroup series (container=""), 1 pause container (container="POD")): ' \
	"$TMP/err" "each reason with its count"

# Some kept, some skipped: stored as before, the skip only told.
printf 'Time;up{instance="a"};container_memory_rss{pod="p-0",container="app"}\n2026-11-14 09:00:00;1;300000000\n' \
	>"$TMP/mixed.csv"
expect_exit 0 "one series kept, one skipped" -- "$R" ingest --db "$TMP/s.db" "$TMP/mixed.csv"
expect_grep "mixed.csv: skipped 1 series: not a memory metric" "$TMP/err" "the skip is told"
expect_grep "mixed.csv: grafana-csv, 1 series, 1 samples (1 new)" "$TMP/err" "the other series is stored"

# In a folder too: the file fails, the folder's other files are stored.
mkdir "$TMP/exports"
cp "$TMP/up.csv" "$TMP/exports/a-up.csv"
cp "$SRCDIR/samples/services/memory.csv" "$TMP/exports/b-memory.csv"
expect_exit 2 "a folder with a file that keeps nothing" -- "$R" ingest --db "$TMP/f.db" "$TMP/exports"
expect_grep "a-up.csv: no series to store" "$TMP/err" "the file in the folder fails"
expect_grep "ingested 1 file (25205 samples, .*0 already known, 0 skipped, 1 failed" "$TMP/err" "the other is stored"

# Folders that give no file.
mkdir "$TMP/empty" "$TMP/docs" "$TMP/empty2"
printf 'read me\n' >"$TMP/docs/README.md"
printf 'hello\n' >"$TMP/docs/notes.txt"
expect_exit 2 "an empty folder, under -q" -- "$R" ingest -q --db "$TMP/e.db" "$TMP/empty"
expect_grep "^rightsize: warning: .*/empty: nothing in this folder was ingested: it holds no file$" "$TMP/err" \
	"-q does not hide that nothing was ingested"
expect_exit 2 "a folder of files rightsize does not read" -- "$R" ingest --db "$TMP/e.db" "$TMP/docs"
expect_grep "docs: nothing in this folder was ingested: 1 file skipped (empty, or in no format rightsize reads), 1 file not opened for its name" \
	"$TMP/err" "says what was passed over"
expect_exit 2 "two empty folders" -- "$R" ingest --db "$TMP/e.db" "$TMP/empty" "$TMP/empty2"
expect_grep "ingested 0 files (.*); 0 already known, 0 skipped, 0 failed" "$TMP/err" "nothing read: no file counted as failed"
expect_exit 0 "an empty folder, then a file" -- "$R" ingest -q --db "$TMP/e.db" "$TMP/empty" "$TMP/mixed.csv"
expect_grep "empty: nothing in this folder was ingested" "$TMP/err" "the empty folder is still told"
expect_exit 0 "a known file, then an empty folder" -- "$R" ingest --db "$TMP/e.db" "$TMP/mixed.csv" "$TMP/empty"
expect_grep "ingested 0 files (.*); 1 already known, 0 skipped, 0 failed" "$TMP/err" "a known file is something read"
mkdir "$TMP/known"
cp "$SRCDIR/samples/services/memory.csv" "$TMP/known/"
expect_exit 0 "a folder of known files" -- "$R" ingest -q --db "$TMP/f.db" "$TMP/known"
expect_no_grep "nothing in this folder" "$TMP/err" "a folder already ingested is not empty"

# ---- 3. values that cannot be bytes -------------------------------------------

printf 'Time;valA;valB\n2026-11-14 09:00:00;1.1;2.0\n2026-11-14 09:01:00;1.1;1.5\n' >"$TMP/mib.csv"
expect_exit 0 "a panel in MiB read as bytes is stored" -- "$R" ingest --db "$TMP/b.db" "$TMP/mib.csv"
expect_grep "^rightsize: warning: .*/mib.csv: 2 usage series never reach 1 KiB (largest value 2 bytes): the values do not look like bytes" \
	"$TMP/err" "the warning names the file, the series and the largest value"
expect_grep "--format csv --time-col COL --value-col COL --unit MiB" "$TMP/err" "and how to read it in MiB"
expect_grep "mib.csv: grafana-csv, 2 series, 4 samples (4 new)" "$TMP/err" "the data is kept"
expect_exit 0 "the same panel, mapped as MiB" -- "$R" ingest --db "$TMP/b2.db" --format csv --time-col Time \
	--value-col valA --unit MiB "$TMP/mib.csv"
expect_no_grep "never reach" "$TMP/err" "in MiB the values are bytes enough"
printf 'Time;valA;valB\n2026-11-14 09:00:00;0;300000000\n' >"$TMP/zero.csv"
expect_exit 0 "bytes, and a series of zeros" -- "$R" ingest --db "$TMP/b.db" "$TMP/zero.csv"
expect_no_grep "never reach" "$TMP/err" "zeros and bytes raise no warning"
# Kubernetes YAML is not read, and the message says which JSON to export instead.
printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-0\n' >"$TMP/pod.yaml"
expect_exit 2 "a pod as YAML" -- "$R" ingest --db "$TMP/y.db" "$TMP/pod.yaml"
expect_grep "pod.yaml: format not recognized: it looks like Kubernetes YAML.*kubectl get pods -A -o json" "$TMP/err" \
	"says to export the JSON form"
# A termination-reason export of a night without a kill is not a file with nothing in it.
printf '__name__,container,namespace,pod,reason,value,timestamp\nkube_pod_container_status_last_terminated_reason,app,shop,app-0,Completed,1,1794272430\n' >"$TMP/term.csv"
expect_exit 0 "termination reasons without OOMKilled" -- "$R" ingest --db "$TMP/t.db" "$TMP/term.csv"
expect_grep "skipped 1 series: a termination for another reason than OOMKilled (no kill)" "$TMP/err" "says why, no error"
finish
