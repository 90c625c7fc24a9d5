#!/bin/sh
# gen-long-csv.sh -- write a synthetic promql-cli style long CSV to stdout.
#
#   bench/gen-long-csv.sh [SAMPLES] [SERIES] > file.csv
#
# SAMPLES defaults to 10000000, SERIES to 1000. Output is deterministic
# (fixed seed; override with SEED=n). See gen-long-csv.awk for the format.
# Uses mawk when available (several times faster than gawk here); set AWK
# to force another awk.
set -eu

usage() {
    echo "usage: $0 [SAMPLES] [SERIES] > file.csv" >&2
    exit 2
}

[ $# -le 2 ] || usage
samples=${1:-10000000}
series=${2:-1000}
case $samples in '' | *[!0-9]*) usage ;; esac
case $series in '' | *[!0-9]*) usage ;; esac
[ "$series" -ge 1 ] || usage

if [ -z "${AWK:-}" ]; then
    if command -v mawk >/dev/null 2>&1; then AWK="mawk"; else AWK="awk"; fi
fi

here=$(dirname "$0")
exec "$AWK" -v samples="$samples" -v series="$series" -v seed="${SEED:-20261101}" \
    -f "$here/gen-long-csv.awk"
