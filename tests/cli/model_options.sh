# The model's settings from the command line and from a --config file, and their errors.
. "$(dirname "$0")/lib/common.sh"
R=$RIGHTSIZE
DB="$TMP/s.db"
expect_exit 0 "ingest samples/" -- "$R" ingest --db "$DB" "$SRCDIR/samples"
row() { # report args... -> the CSV row of one workload ($W)
	"$R" report --fail-on none --db "$DB" --format csv "$@" | grep ",$W,"
}
W=checkout
base=$(row)
g=$(row --policy guaranteed)
req=$(echo "$g" | cut -d, -f18)
lim=$(echo "$g" | cut -d, -f19)
if [ -n "$req" ] && [ "$req" = "$lim" ]; then ok "--policy guaranteed: request = limit ($req)"; else fail "guaranteed: $req vs $lim"; fi
m=$(row --margin 50% | cut -d, -f18)
b=$(echo "$base" | cut -d, -f18)
if [ "$m" -gt "$b" ]; then ok "--margin 50% raises the request ($b -> $m)"; else fail "--margin: $b -> $m"; fi
cap=$(row --max 300Mi | cut -d, -f18-19)
if [ "$cap" = "314572800,314572800" ]; then ok "--max 300Mi clamps request and limit"; else fail "--max: $cap"; fi

cat >"$TMP/rightsize.conf" <<'CONF'
# defaults first, then the command line, then the sections, in file order
[defaults]
margin = 0.3   # a comment after a value

[namespace shop]
request-percentile = 99

[workload report-*]
policy = guaranteed
CONF
expect_exit 0 "report with --config" -- "$R" report --fail-on none --db "$DB" --format csv --config "$TMP/rightsize.conf"
rb=$(grep ",report-builder," "$TMP/out")
if [ "$(echo "$rb" | cut -d, -f18)" = "$(echo "$rb" | cut -d, -f19)" ]; then ok "[workload report-*] policy = guaranteed"; else
	fail "workload section not applied: $rb"
fi
c30=$(grep ",checkout," "$TMP/out" | cut -d, -f18)
c30cli=$(row --margin 0.3 --request-percentile 99 | cut -d, -f18)
if [ "$c30" = "$c30cli" ]; then ok "[defaults] and [namespace shop] equal the same settings given as options"; else
	fail "config $c30 vs options $c30cli"
fi
c_over=$(row --config "$TMP/rightsize.conf" --margin 0.1 --request-percentile 95 | cut -d, -f18)
if [ "$c_over" = "$(row --margin 0.1 --request-percentile 99 | cut -d, -f18)" ]; then
	ok "the command line overrides [defaults]; a [namespace] section overrides the command line"
else fail "precedence: $c_over"; fi

printf '[defaults]\nmargin = lots\n' >"$TMP/bad.conf"
expect_exit 2 "a bad value in the config (an input error)" -- "$R" report --fail-on none --db "$DB" --config "$TMP/bad.conf"
expect_grep "bad.conf:2: margin:" "$TMP/err" "the error names file, line and key"
printf '[defaults]\nmargins = 0.1\n' >"$TMP/typo.conf"
expect_exit 2 "an unknown key" -- "$R" report --fail-on none --db "$DB" --config "$TMP/typo.conf"
expect_grep 'typo.conf:2: unknown setting "margins"' "$TMP/err" "unknown keys are named"
expect_exit 1 "a bad --request-percentile" -- "$R" report --fail-on none --db "$DB" --request-percentile 150
expect_exit 1 "a bad --policy" -- "$R" report --fail-on none --db "$DB" --policy besteffort
expect_grep "burstable or guaranteed" "$TMP/err" "says the policies"
# --as-of replays a past day: only data before it counts.
expect_exit 0 "report as of 2026-11-12" -- "$R" report --fail-on none --db "$DB" --format json --as-of 2026-11-12T00:00:00Z
expect_grep '"window": {"from": "2026-10-29T00:00:00Z", "to": "2026-11-12T00:00:00Z"}' "$TMP/out" "the window ends at --as-of, 14 days long"
expect_grep '"oom_kills": 2,' "$TMP/out" "two of the five nightly kills happened before then"
finish
