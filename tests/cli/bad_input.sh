# Bad rows are reported as file:line:column and skipped; --strict rolls the file back.
. "$(dirname "$0")/lib/common.sh"
R=$RIGHTSIZE
cat >"$TMP/bad.csv" <<'CSV'
"Time","container_memory_working_set_bytes{container=""app"", namespace=""ns"", pod=""app-7d9f8c6b5d-x2x4z""}"
1763000000000,104857600
1763000060000,12x
yesterday,104857600
1763000180000,
1763000240000,null
1763000300000,209715200
CSV
expect_exit 0 "bad rows are skipped, the rest is stored" -- "$R" ingest --db "$TMP/a.db" "$TMP/bad.csv"
expect_grep "bad.csv:3:2: \"12x\" is not a number" "$TMP/err" "a bad value names file, line and column"
expect_grep "bad.csv:4:1: \"yesterday\" is not a time" "$TMP/err" "a bad time names file, line and column"
expect_grep "2 samples (2 new), 2 rejected, 2 missing" "$TMP/err" "the file summary counts accepted, rejected and missing"
"$R" export --db "$TMP/a.db" >"$TMP/a.csv"
if [ "$(wc -l <"$TMP/a.csv")" -eq 3 ]; then ok "exactly the two good samples are stored"; else
	fail "expected 2 samples"; cat "$TMP/a.csv" >&2
fi
expect_grep ",104857600,2025-11-13T02:13:20Z" "$TMP/a.csv" "missing values are not stored as zero"

expect_exit 2 "--strict fails the file on its first bad row" -- "$R" ingest --strict --db "$TMP/s.db" "$TMP/bad.csv"
expect_grep "rolled back" "$TMP/err" "--strict says the file is rolled back"
expect_grep "nothing from this file was stored" "$TMP/err" "and that nothing was stored"
"$R" export --db "$TMP/s.db" >"$TMP/s.csv"
if [ "$(wc -l <"$TMP/s.csv")" -eq 1 ]; then ok "--strict left no sample behind"; else fail "--strict stored rows"; fi

# A good file next to a failing one is still stored; the exit code says something failed.
cp "$SRCDIR/samples/airflow/memory-working-set.csv" "$TMP/good.csv"
expect_exit 2 "one failing file among good ones" -- "$R" ingest --strict --db "$TMP/m.db" "$TMP/bad.csv" "$TMP/good.csv"
expect_grep "ingested 1 file" "$TMP/err" "the good file is stored"

# A quoted field that never closes.
printf '"Time","x{pod=""p""}"\n1763000000000,"5\n' >"$TMP/open.csv"
expect_exit 2 "an unclosed quote fails the file" -- "$R" ingest --db "$TMP/q.db" "$TMP/open.csv"
expect_grep "open.csv:2: a quoted field is not closed" "$TMP/err" "the unclosed quote is located"
# A CSV with a time column and text columns is not a Grafana export: its columns are not memory.
printf 'Time,PodName,MemoryUsage(Mi)\n2022-08-22 03:51:19,adservice-5f6585d649-fnmft,201.2\n' >"$TMP/other.csv"
expect_exit 2 "a time column with text columns is not read as memory" -- "$R" ingest --db "$TMP/o.db" "$TMP/other.csv"
expect_grep "format not recognized" "$TMP/err" "it asks for a mapping instead"
expect_grep "\-\-format csv" "$TMP/err" "and says how"

# Hostile kernel lines: keys out of order, seconds since boot beyond int64 (the sanitizer run checks memory).
printf '%s\n' \
	'[Sat Mar 14 16:55:03 2026] oom-kill:constraint=CONSTRAINT_MEMCG,task=java,pid=1234,uid=0,oom_memcg=/kubepods/burstable/pod12345678-1234-1234-1234-123456789012' \
	'[999999999999999999.5] Out of memory: Killed process 1234 (java) total-vm:100kB, anon-rss:50kB, file-rss:0kB, shmem-rss:0kB' \
	>"$TMP/hostile.log"
set +e
"$R" ingest --db "$TMP/h.db" --format kernel-log "$TMP/hostile.log" >"$TMP/out" 2>"$TMP/err"
rc=$?
set -e
if [ "$rc" -le 2 ]; then ok "hostile kernel lines end in an answer, not a crash (exit $rc)"; else fail "exit $rc"; cat "$TMP/err" >&2; fi
finish
