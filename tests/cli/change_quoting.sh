# Change commands quote names from the data: the kubectl script, run with a
# stand-in kubectl, passes hostile names as single arguments and runs nothing else.
. "$(dirname "$0")/lib/common.sh"
R=$RIGHTSIZE
DB="$TMP/q.db"
{
	printf '"Time","container_memory_working_set_bytes{container=""app;touch %s/pwned"", namespace=""ns$(touch %s/pwned2)"", pod=""web-5c8b7f9d44-x7k2p""}"\n' "$TMP" "$TMP"
	i=0
	while [ $i -lt 120 ]; do
		echo "$((1794272430000 + i * 60000)),$((300000000 + (i % 7) * 1000000))"
		i=$((i + 1))
	done
} >"$TMP/hostile.csv"
expect_exit 0 "ingest hostile names" -- "$R" ingest --db "$DB" "$TMP/hostile.csv"
expect_exit 0 "report --format kubectl" -- "$R" report --db "$DB" --fail-on none --format kubectl -o "$TMP/apply.sh"
mkdir "$TMP/bin"
printf '#!/bin/sh\nfor a in "$@"; do printf "[%%s]\\n" "$a"; done >>"%s/args"\n' "$TMP" >"$TMP/bin/kubectl"
chmod +x "$TMP/bin/kubectl"
PATH="$TMP/bin:$PATH" sh "$TMP/apply.sh" >"$TMP/run.out" 2>&1 || true
if [ -e "$TMP/pwned" ] || [ -e "$TMP/pwned2" ]; then fail "the script ran a command from a name"; else
	ok "no command from a name ran"
fi
expect_grep "^\[ns\$(touch $TMP/pwned2)\]$" "$TMP/args" "the namespace reaches kubectl as one argument"
expect_grep "^\[app;touch $TMP/pwned\]$" "$TMP/args" "so does the container"
expect_grep "^\[deployment/web\]$" "$TMP/args" "and the plain workload name unquoted"
expect_exit 0 "report --format patch" -- "$R" report --db "$DB" --fail-on none --format patch
expect_grep "^        - name: \"app;touch $TMP/pwned\"$" "$TMP/out" "YAML quotes the container name"
finish
