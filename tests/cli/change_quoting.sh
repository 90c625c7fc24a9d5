# Change commands quote names from the data: the kubectl script, run with a
# stand-in kubectl, passes hostile names as single arguments and runs nothing else.
# The cluster label is each command's kubectl context, quoted the same way.
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
expect_exit 0 "ingest hostile names" -- "$R" ingest --db "$DB" --label "cluster=eu'\$(touch $TMP/pwned3)" "$TMP/hostile.csv"
expect_exit 0 "report --format kubectl" -- "$R" report --db "$DB" --fail-on none --format kubectl -o "$TMP/apply.sh"
mkdir "$TMP/bin"
printf '#!/bin/sh\nfor a in "$@"; do printf "[%%s]\\n" "$a"; done >>"%s/args"\n' "$TMP" >"$TMP/bin/kubectl"
chmod +x "$TMP/bin/kubectl"
PATH="$TMP/bin:$PATH" sh "$TMP/apply.sh" >"$TMP/run.out" 2>&1 || true
if [ -e "$TMP/pwned" ] || [ -e "$TMP/pwned2" ] || [ -e "$TMP/pwned3" ]; then fail "the script ran a command from a name"; else
	ok "no command from a name ran"
fi
expect_grep "^\[ns\$(touch $TMP/pwned2)\]$" "$TMP/args" "the namespace reaches kubectl as one argument"
expect_grep "^\[app;touch $TMP/pwned\]$" "$TMP/args" "so does the container"
expect_grep "^\[deployment/web\]$" "$TMP/args" "and the plain workload name unquoted"
expect_grep "^\[--context=eu'\$(touch $TMP/pwned3)\]$" "$TMP/args" "the cluster label is passed as the context, one argument"
expect_exit 0 "report --format patch" -- "$R" report --db "$DB" --fail-on none --format patch
expect_grep "^        - name: \"app;touch $TMP/pwned\"$" "$TMP/out" "YAML quotes the container name"
expect_grep "^# kubectl patch deployment web -n ns\$(touch $TMP/pwned2) --context eu'\$(touch $TMP/pwned3) --patch-file " \
	"$TMP/out" "the patch's comment names the cluster"
# The same workload in two clusters (its export ingested once per --label): two commands, one per
# context, and the comment says there was no request ("none") and which value is kept.
# (Two exports with their own pods: the same file twice would be stored once.)
for c in eu us; do
	pod=web-5c8b7f9d44-x7k2p
	[ $c = us ] && pod=web-7f6c9d8b45-w9z4d
	awk -v pod=$pod 'BEGIN {
		print "__name__,container,namespace,pod,value,timestamp"
		for (i = 0; i < 120; i++)
			printf "container_memory_working_set_bytes,web,shop,%s,%d,%d\n", pod, 300000000 + (i % 7) * 1000000, 1794272430 + i * 60
	}' >"$TMP/web-$c.csv"
	expect_exit 0 "ingest prod-$c" -- "$R" ingest --db "$TMP/clusters.db" --label cluster=prod-$c "$TMP/web-$c.csv"
done
D2="$TMP/clusters.db"
expect_exit 0 "kubectl script of two clusters" -- "$R" report --db "$D2" --fail-on none --format kubectl
expect_grep '^# A container.s cluster label is used as the kubectl context name' "$TMP/out" "the header says what --context is"
for c in prod-eu prod-us; do
	expect_grep "^kubectl set resources deployment/web -n shop -c web --requests=memory=[0-9]*Mi --limits=memory=[0-9]*Mi --context=$c\$" \
		"$TMP/out" "$c: its command has its context"
	expect_grep "^# $c:shop/web \[web\]: request none -> [0-9]*Mi, limit none -> [0-9]*Mi$" "$TMP/out" "$c: no request set reads none"
done
if [ "$(grep -c '^kubectl ' "$TMP/out")" = 2 ]; then ok "one command per cluster"; else fail "not two commands"; fi
expect_exit 0 "patch of two clusters" -- "$R" report --db "$D2" --fail-on none --format patch
for c in prod-eu prod-us; do
	expect_grep "^# kubectl patch deployment web -n shop --context $c --patch-file <this document>$" "$TMP/out" "$c: its patch names it"
done
# A kept value says so: 10Mi requested and 8000Mi allowed, a request far under the ~290Mi usage and a
# limit that --keep-within 99% keeps.
{
	echo "__name__,cluster,container,namespace,pod,resource,unit,value,timestamp"
	echo "kube_pod_container_resource_requests,prod-eu,web,shop,web-5c8b7f9d44-x7k2p,memory,byte,$((10 * 1048576)),2026-11-10T00:00:00Z"
	echo "kube_pod_container_resource_limits,prod-eu,web,shop,web-5c8b7f9d44-x7k2p,memory,byte,$((8000 * 1048576)),2026-11-10T00:00:00Z"
} >"$TMP/settings.csv"
expect_exit 0 "ingest settings for prod-eu" -- "$R" ingest --db "$D2" "$TMP/settings.csv"
expect_exit 0 "kubectl script with a kept limit" -- "$R" report --db "$D2" --fail-on none --format kubectl --keep-within 99% \
	--cluster prod-eu
expect_grep "^# prod-eu:shop/web \[web\]: request 10Mi -> [0-9]*Mi, limit 8000Mi (kept)$" "$TMP/out" "the kept limit reads (kept)"
finish
