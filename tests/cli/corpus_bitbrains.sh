# Real data: Bitbrains GWA-T-12 VMs (../shared/corpus/bitbrains_rnd). The trace is
# ';'+TAB separated, memory in KB, epoch seconds under a header that says ms. Until the
# column-mapping reader lands, awk turns it into a long CSV; the percentiles rightsize
# reports are checked against ones computed here independently (sort + awk, GSL's
# type-7 definition), and VM 82's 4,181 duplicated timestamps must collapse to one sample each.
. "$(dirname "$0")/lib/common.sh"
need_corpus
R=$RIGHTSIZE

to_long() { # vm file
	awk -F';[ \t]*' -v vm="$1" 'NR == 1 { print "__name__,pod,value,timestamp"; next }
		{ printf "vm_memory_usage_bytes,vm%s,%.0f,%s\n", vm, $7 * 1024, $1 }' "$2"
}

# Type-7 percentile of a sorted column of numbers.
pct() { # p file
	awk -v p="$1" '{ v[NR] = $1 } END { h = (NR - 1) * p; lo = int(h); f = h - lo;
		if (lo + 1 < NR) printf "%.0f\n", v[lo + 1] + f * (v[lo + 2] - v[lo + 1]); else printf "%.0f\n", v[NR] }' "$2"
}

for vm in 94 82; do
	src="$CORPUS/bitbrains_rnd/2013-8/$vm.csv"
	to_long "$vm" "$src" >"$TMP/vm$vm.csv"
	expect_exit 0 "ingest Bitbrains VM $vm (2013-08)" -- "$R" ingest --db "$TMP/b.db" "$TMP/vm$vm.csv"
	# Expected: one sample per distinct timestamp, the last one written wins.
	awk -F, 'NR > 1 { last[$4] = $3 } END { for (t in last) print last[t] }' "$TMP/vm$vm.csv" | sort -n >"$TMP/exp$vm"
	"$R" report --db "$TMP/b.db" --workload "vm$vm" --format csv >"$TMP/r$vm.csv"
	row=$(tail -n 1 "$TMP/r$vm.csv")
	samples=$(echo "$row" | cut -d, -f7)
	p50=$(echo "$row" | cut -d, -f11)
	p95=$(echo "$row" | cut -d, -f13)
	max=$(echo "$row" | cut -d, -f15)
	want_n=$(wc -l <"$TMP/exp$vm")
	if [ "$samples" = "$want_n" ]; then ok "VM $vm: $samples samples, one per distinct timestamp"; else
		fail "VM $vm: $samples samples, expected $want_n"
	fi
	for q in "0.5 $p50 p50" "0.95 $p95 p95" "1 $max max"; do
		set -- $q
		want=$(pct "$1" "$TMP/exp$vm")
		# The report rounds sizes up to whole bytes: allow one byte.
		if [ $(( $2 - want )) -ge 0 ] && [ $(( $2 - want )) -le 1 ]; then ok "VM $vm: $3 = $2 bytes"; else
			fail "VM $vm: $3 = $2, computed independently $want"
		fi
	done
done
dups=$(awk -F, 'NR > 1 { n[$4]++ } END { d = 0; for (t in n) if (n[t] > 1) d++; print d }' "$TMP/vm82.csv")
if [ "$dups" -eq 4181 ]; then ok "VM 82 really has 4181 duplicated timestamps"; else fail "VM 82 duplicates: $dups"; fi
finish
