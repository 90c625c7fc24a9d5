# Real data: Bitbrains GWA-T-12 VMs (../shared/corpus/bitbrains_rnd), read raw with the
# documented recipe (docs/formats-csv-mapping.md): ';'+TAB separated, memory in KB, epoch
# seconds under a header that says "[ms]", the provisioned memory as the limit. The
# percentiles rightsize reports are checked against ones computed here independently from
# the raw file (sort + awk, GSL's type-7 definition); VM 82's 4,181 duplicated timestamps
# must collapse to one sample each and its 12,530 capacity-0 glitch rows give no limit.
. "$(dirname "$0")/lib/common.sh"
need_corpus
R=$RIGHTSIZE

# The recipe, exactly as documented.
recipe() { # vm file
	"$R" ingest --db "$TMP/b.db" --format csv --time-col 'Timestamp [ms]' --time-format epoch-s \
		--value-col 'Memory usage [KB]' --unit KiB --limit-col 'Memory capacity provisioned [KB]' \
		--label workload="vm$1" "$2"
}

# Type-7 percentile of a sorted column of numbers.
pct() { # p file
	awk -v p="$1" '{ v[NR] = $1 } END { h = (NR - 1) * p; lo = int(h); f = h - lo;
		if (lo + 1 < NR) printf "%.0f\n", v[lo + 1] + f * (v[lo + 2] - v[lo + 1]); else printf "%.0f\n", v[NR] }' "$2"
}

# The report rounds sizes up to whole bytes: allow one byte.
near() { [ $(($1 - $2)) -ge 0 ] && [ $(($1 - $2)) -le 1 ]; }

for vm in 94 82; do
	src="$CORPUS/bitbrains_rnd/2013-8/$vm.csv"
	expect_exit 0 "ingest Bitbrains VM $vm (2013-08) with the recipe" -- recipe "$vm" "$src"
	# Independently: split at ';' and blanks, KB * 1024; one sample per distinct
	# timestamp, the last row written wins; the limit is the last non-zero capacity.
	awk -F';[ \t]*' 'NR > 1 && $7 != "" { last[$1] = $7 * 1024 } END { for (t in last) printf "%.6f\n", last[t] }' \
		"$src" | sort -n >"$TMP/exp$vm"
	want_lim=$(awk -F';[ \t]*' 'NR > 1 && $6 + 0 > 0 && $1 + 0 >= t { t = $1 + 0; l = $6 * 1024 } END { printf "%.0f\n", l }' "$src")
	want_missing=$(awk -F';[ \t]*' 'NR > 1 { n += ($6 + 0 == 0) + ($7 == "") } END { print n + 0 }' "$src")
	if grep -q ", 0 rejected, $want_missing missing" "$TMP/err"; then
		ok "VM $vm: $want_missing cells without a capacity or usage counted missing, none rejected"
	else
		fail "VM $vm: expected 0 rejected and $want_missing missing"
		cat "$TMP/err" >&2
	fi
	"$R" report --fail-on none --history 0 --interval 1s --db "$TMP/b.db" --workload "vm$vm" --format csv >"$TMP/r$vm.csv"
	row=$(tail -n 1 "$TMP/r$vm.csv")
	wl=$(echo "$row" | cut -d, -f3)
	samples=$(echo "$row" | cut -d, -f7)
	p50=$(echo "$row" | cut -d, -f11)
	p95=$(echo "$row" | cut -d, -f13)
	max=$(echo "$row" | cut -d, -f15)
	lim=$(echo "$row" | cut -d, -f17)
	want_n=$(wc -l <"$TMP/exp$vm")
	if [ "$wl" = "vm$vm" ] && [ "$(wc -l <"$TMP/r$vm.csv")" -eq 2 ]; then ok "VM $vm is one workload"; else
		fail "VM $vm: workload \"$wl\""
		cat "$TMP/r$vm.csv" >&2
	fi
	if [ "$samples" = "$want_n" ]; then ok "VM $vm: $samples samples, one per distinct timestamp"; else
		fail "VM $vm: $samples samples, expected $want_n"
	fi
	for q in "0.5 $p50 p50" "0.95 $p95 p95" "1 $max max"; do
		set -- $q
		want=$(pct "$1" "$TMP/exp$vm")
		if near "$2" "$want"; then ok "VM $vm: $3 = $2 bytes"; else
			fail "VM $vm: $3 = $2, computed independently $want"
		fi
	done
	if near "$lim" "$want_lim"; then ok "VM $vm: current limit $lim bytes, the last provisioned memory"; else
		fail "VM $vm: current limit $lim, expected $want_lim"
	fi
done
dups=$(awk -F';[ \t]*' 'NR > 1 { n[$1]++ } END { d = 0; for (t in n) if (n[t] > 1) d++; print d }' \
	"$CORPUS/bitbrains_rnd/2013-8/82.csv")
if [ "$dups" -eq 4181 ]; then ok "VM 82 really has 4181 duplicated timestamps"; else fail "VM 82 duplicates: $dups"; fi
zero=$(awk -F';[ \t]*' 'NR > 1 && $6 + 0 == 0 { n++ } END { print n + 0 }' "$CORPUS/bitbrains_rnd/2013-8/82.csv")
if [ "$zero" -eq 12530 ]; then ok "VM 82 really has 12530 capacity-0 rows"; else fail "VM 82 capacity-0 rows: $zero"; fi

# The same VM across three months is one series: its samples add up.
for m in 7 8 9; do
	"$R" ingest --db "$TMP/q.db" --format csv --time-col 'Timestamp [ms]' --time-format epoch-s \
		--value-col 'Memory usage [KB]' --unit KiB --limit-col 'Memory capacity provisioned [KB]' \
		--label workload=vm94 "$CORPUS/bitbrains_rnd/2013-$m/94.csv" 2>/dev/null
done
want=$(for m in 7 8 9; do awk -F';[ \t]*' 'NR > 1 { print $1 }' "$CORPUS/bitbrains_rnd/2013-$m/94.csv"; done | sort -u | wc -l)
got=$("$R" report --fail-on none --history 0 --interval 1s --db "$TMP/q.db" --format csv | tail -n 1 | cut -d, -f7)
if [ "$got" = "$want" ]; then ok "VM 94 over three months: $got samples in one series"; else
	fail "VM 94 over three months: $got samples, expected $want"
fi
finish
