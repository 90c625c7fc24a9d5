#!/usr/bin/env bash
# ingest.sh -- benchmark `rightsize ingest` against `sqlite3 .import`.
#
#   bench/ingest.sh [SAMPLES] [SERIES]        (defaults: 10000000 1000)
#
# Generates a synthetic long CSV once (build/bench/long-SAMPLES.csv, reused
# when present), then times, each on a fresh database:
#   build/rightsize ingest --quiet --db build/bench/bench.db <csv>
#   sqlite3 build/bench/import.db  .mode csv  .import <csv> samples
# and prints throughput, the speed ratio and PASS/FAIL against the targets
# (>= 1,000,000 samples/s and >= 4x sqlite3). Exits 0 whatever the figures;
# exits 1 if a command fails or a prerequisite is missing.
#
# Environment overrides (all optional):
#   RIGHTSIZE   rightsize binary          (default build/rightsize)
#   SQLITE3     sqlite3 CLI               (default sqlite3 on PATH)
#   BENCH_DIR   work directory            (default build/bench)
#   AWK         awk for the generator     (default mawk if present, else awk)
set -euo pipefail

prog=bench/ingest.sh
die() {
    echo "$prog: error: $*" >&2
    exit 1
}
usage() {
    echo "usage: $prog [SAMPLES] [SERIES]   (defaults 10000000 1000)" >&2
    exit 1
}

# Run from the repository root whatever the caller's directory.
cd "$(dirname "${BASH_SOURCE[0]}")/.."

[[ $# -le 2 ]] || usage
samples=${1:-10000000}
series=${2:-1000}
[[ $samples =~ ^[0-9]+$ && $samples -ge 1 ]] || usage
[[ $series =~ ^[0-9]+$ && $series -ge 1 ]] || usage

RIGHTSIZE=${RIGHTSIZE:-build/rightsize}
SQLITE3=${SQLITE3:-sqlite3}
BENCH_DIR=${BENCH_DIR:-build/bench}

TARGET_RATE=1000000 # samples/s
TARGET_RATIO=4      # x sqlite3 .import

# --- prerequisites ---------------------------------------------------------
if [[ ! -e $RIGHTSIZE ]]; then
    die "$RIGHTSIZE not found: build it first with 'make'"
fi
[[ -x $RIGHTSIZE ]] || die "$RIGHTSIZE is not executable"
if ! command -v "$SQLITE3" >/dev/null 2>&1; then
    die "'$SQLITE3' not found: install the Debian package sqlite3 (apt-get install sqlite3)"
fi

# GNU time gives peak RSS; anything else (or nothing) -> RSS column skipped.
gnu_time=
if [[ -x /usr/bin/time ]] && /usr/bin/time -f %M -o /dev/null true >/dev/null 2>&1; then
    gnu_time=/usr/bin/time
fi

mkdir -p "$BENCH_DIR" || die "cannot create $BENCH_DIR"

# --- helpers ---------------------------------------------------------------
now_ns() { date +%s%N; }

# calc EXPR [-v VAR=VALUE...] -- floating-point arithmetic via awk,
# printed with 6 decimals (awk's default %.6g would mangle large numbers).
calc() {
    local expr=$1
    shift
    awk "$@" "BEGIN { printf \"%.6f\", ($expr) }" </dev/null
}

# test EXPR [-v VAR=VALUE...] -- prints 1 if the awk condition holds, else 0.
ctest() {
    local expr=$1
    shift
    awk "$@" "BEGIN { print (($expr) ? 1 : 0) }" </dev/null
}

# Integer with thousands separators (locale-independent).
commas() {
    awk -v n="$1" 'BEGIN {
        s = sprintf("%.0f", n); neg = ""
        if (substr(s, 1, 1) == "-") { neg = "-"; s = substr(s, 2) }
        out = ""
        while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
        print neg s out
    }' </dev/null
}

filesize() { stat -c %s "$1"; }

# Size of a database including any -wal / -journal left beside it.
dbsize() {
    local total=0 f
    for f in "$1" "$1-wal" "$1-journal"; do
        [[ -e $f ]] && total=$((total + $(filesize "$f")))
    done
    echo "$total"
}

rm_db() { rm -f "$1" "$1-wal" "$1-shm" "$1-journal"; }

# run_timed LABEL LOG CMD... -- runs CMD (stdout+stderr to LOG) after warming
# the page cache with the CSV and syncing; sets ELAPSED_NS and RSS_KB ("" if
# unknown).
# On failure prints the tail of LOG and exits 1 naming the command.
ELAPSED_NS=0
RSS_KB=
run_timed() {
    local label=$1 log=$2
    shift 2
    local rssf="$BENCH_DIR/.rss" rc=0 t0 t1

    # Same starting conditions for every tool: CSV in the page cache, no
    # dirty pages (e.g. from generating the CSV) being written back mid-run.
    cat "$csv" >/dev/null || die "cannot read $csv"
    sync || true
    echo "running $label: $*" >&2
    rm -f "$rssf"
    t0=$(now_ns)
    if [[ -n $gnu_time ]]; then
        "$gnu_time" -f %M -o "$rssf" "$@" >"$log" 2>&1 || rc=$?
    else
        "$@" >"$log" 2>&1 || rc=$?
    fi
    t1=$(now_ns)
    if [[ $rc -ne 0 ]]; then
        if [[ -s $log ]]; then
            echo "--- last lines of $log ---" >&2
            tail -n 20 "$log" >&2
            echo "---" >&2
        fi
        rm -f "$rssf"
        die "command failed (exit status $rc): $*"
    fi
    ELAPSED_NS=$((t1 - t0))
    RSS_KB=
    if [[ -s $rssf ]]; then
        RSS_KB=$(tail -n 1 "$rssf")
        [[ $RSS_KB =~ ^[0-9]+$ ]] || RSS_KB=
    fi
    rm -f "$rssf"
}

# --- input -----------------------------------------------------------------
if [[ $series -eq 1000 ]]; then
    csv="$BENCH_DIR/long-$samples.csv"
else
    csv="$BENCH_DIR/long-$samples-s$series.csv"
fi

if [[ -s $csv ]]; then
    echo "reusing $csv" >&2
else
    # Write to a temporary name so an interrupted run never leaves a
    # truncated file that a later run would reuse.
    tmp="$csv.tmp.$$"
    trap 'rm -f "$tmp"' EXIT
    echo "generating $csv ($samples samples, $series series)..." >&2
    g0=$(now_ns)
    bench/gen-long-csv.sh "$samples" "$series" >"$tmp" ||
        die "command failed: bench/gen-long-csv.sh $samples $series > $tmp"
    mv "$tmp" "$csv" || die "command failed: mv $tmp $csv"
    trap - EXIT
    g1=$(now_ns)
    printf 'generated in %.1f s\n' "$(calc 'ns / 1e9' -v ns=$((g1 - g0)))" >&2
fi
csv_bytes=$(filesize "$csv")

# --- rightsize -------------------------------------------------------------
rs_db="$BENCH_DIR/bench.db"
rm_db "$rs_db"
run_timed "rightsize" "$BENCH_DIR/rightsize.log" \
    "$RIGHTSIZE" ingest --quiet --db "$rs_db" "$csv"
rs_ns=$ELAPSED_NS
rs_rss=$RSS_KB
[[ -e $rs_db ]] || die "$RIGHTSIZE ingest exited 0 but did not create $rs_db"
rs_dbbytes=$(dbsize "$rs_db")

# Informational: row counts of rightsize's tables (its schema is its own
# business; this just shows that something was stored).
rs_tables=$("$SQLITE3" -readonly "$rs_db" \
    "SELECT group_concat(name, ' ') FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%';" 2>/dev/null) ||
    rs_tables=
rs_counts=
for t in $rs_tables; do
    [[ $t =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || continue
    n=$("$SQLITE3" -readonly "$rs_db" "SELECT count(*) FROM \"$t\";" 2>/dev/null) || n='?'
    rs_counts+="${rs_counts:+, }$t=$n"
done

# --- sqlite3 .import -------------------------------------------------------
sq_db="$BENCH_DIR/import.db"
rm_db "$sq_db"
run_timed "sqlite3 .import" "$BENCH_DIR/sqlite3.log" \
    "$SQLITE3" -bail "$sq_db" ".mode csv" ".import $csv samples"
sq_ns=$ELAPSED_NS
sq_rss=$RSS_KB
sq_dbbytes=$(dbsize "$sq_db")
sq_rows=$("$SQLITE3" -readonly "$sq_db" "SELECT count(*) FROM samples;") ||
    die "command failed: $SQLITE3 $sq_db 'SELECT count(*) FROM samples'"
if [[ $sq_rows != "$samples" ]]; then
    echo "$prog: warning: sqlite3 imported $sq_rows rows, expected $samples" >&2
fi

# --- report ----------------------------------------------------------------
secs() { calc 'ns / 1e9' -v ns="$1"; }
rate() { calc 'n / (ns / 1e9)' -v n="$samples" -v ns="$1"; }
mbps() { calc 'b / 1e6 / (ns / 1e9)' -v b="$csv_bytes" -v ns="$1"; }
mb() { calc 'b / 1e6' -v b="$1"; }
rss_mb() { if [[ -n $1 ]]; then calc 'k / 1024' -v k="$1"; else echo "-"; fi; }

rs_rate=$(rate "$rs_ns")
sq_rate=$(rate "$sq_ns")
ratio=$(calc 'sq > 0 ? rs / sq : 0' -v rs="$rs_rate" -v sq="$sq_rate")

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
sqver=$("$SQLITE3" --version 2>/dev/null | awk '{ print $1 }' || true)

row() { # label secs rate mbps rss_mb db_mb
    printf '%-16s %9.3f %13s %9.1f %11s %10.1f\n' \
        "$1" "$2" "$(commas "$3")" "$4" \
        "$(if [[ $5 == - ]]; then echo -; else printf '%.1f' "$5"; fi)" "$6"
}

echo
echo "== rightsize ingest benchmark =="
printf 'machine   %s CPU(s), %s; %s\n' "$(nproc)" "${cpu:-unknown CPU}" "$(uname -sr)"
printf 'input     %s: %.1f MB, %s samples, %s series\n' \
    "$csv" "$(mb "$csv_bytes")" "$(commas "$samples")" "$(commas "$series")"
printf 'sqlite3   %s\n' "${sqver:-unknown version}"
echo
printf '%-16s %9s %13s %9s %11s %10s\n' \
    "tool" "seconds" "samples/s" "MB/s" "peakRSS MB" "db MB"
row "rightsize" "$(secs "$rs_ns")" "$rs_rate" "$(mbps "$rs_ns")" "$(rss_mb "$rs_rss")" "$(mb "$rs_dbbytes")"
row "sqlite3 .import" "$(secs "$sq_ns")" "$sq_rate" "$(mbps "$sq_ns")" "$(rss_mb "$sq_rss")" "$(mb "$sq_dbbytes")"
echo
printf 'speed ratio rightsize / sqlite3 .import: %.2fx\n' "$ratio"
printf 'db size ratio rightsize / sqlite3:       %.3f\n' \
    "$(calc 'sq > 0 ? rs / sq : 0' -v rs="$rs_dbbytes" -v sq="$sq_dbbytes")"
if [[ -n $rs_counts ]]; then
    echo "rightsize tables (rows): $rs_counts"
fi
if [[ -z $gnu_time ]]; then
    echo "(peak RSS not measured: GNU time not found at /usr/bin/time)"
fi
echo

verdict() { if [[ $(ctest "$@") == 1 ]]; then echo PASS; else echo FAIL; fi; }
printf '%s  rightsize >= %s samples/s (measured %s)\n' \
    "$(verdict 'r >= t' -v r="$rs_rate" -v t="$TARGET_RATE")" \
    "$(commas "$TARGET_RATE")" "$(commas "$rs_rate")"
printf '%s  rightsize >= %sx sqlite3 .import (measured %.2fx)\n' \
    "$(verdict 'x >= t' -v x="$ratio" -v t="$TARGET_RATIO")" \
    "$TARGET_RATIO" "$ratio"
exit 0
