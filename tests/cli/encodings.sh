# The same export as UTF-8, UTF-8 with BOM and sep=, CRLF, UTF-16LE and with ';' or TAB gives the same samples.
. "$(dirname "$0")/lib/common.sh"
R=$RIGHTSIZE
cat >"$TMP/base.csv" <<'CSV'
"Time","{container=""app"", namespace=""ns"", pod=""app-0""}","{container=""app"", namespace=""ns"", pod=""app-1""}"
1763000000000,104857600,209715200
1763000060000,,209715300
1763000120000,104857700,null
CSV
"$R" ingest --db "$TMP/base.db" "$TMP/base.csv" 2>/dev/null
"$R" export --db "$TMP/base.db" >"$TMP/want.csv"

check() { # name file
	expect_exit 0 "ingest $1" -- "$R" ingest --db "$TMP/$1.db" "$2"
	"$R" export --db "$TMP/$1.db" >"$TMP/$1.out"
	expect_same "$TMP/want.csv" "$TMP/$1.out" "$1 reads as the plain UTF-8 file"
}
sed 's/$/\r/' "$TMP/base.csv" >"$TMP/crlf.csv"
check crlf "$TMP/crlf.csv"
{ printf '\357\273\277sep=,\r\n'; cat "$TMP/crlf.csv"; } >"$TMP/excel.csv"
check excel "$TMP/excel.csv"
tr ',' ';' <"$TMP/base.csv" | sed 's/"; /", /g' >"$TMP/semi.csv"
sed -e 's/""app""; /""app"", /g' -e 's/""ns""; /""ns"", /g' "$TMP/semi.csv" >"$TMP/semi2.csv"
check semicolon "$TMP/semi2.csv"
{ printf '\377\376'; sed 's/,/\t/g; s/""app""\t /""app"", /g; s/""ns""\t /""ns"", /g; s/$/\r/' "$TMP/base.csv" | iconv -f UTF-8 -t UTF-16LE; } >"$TMP/utf16.csv"
check utf16 "$TMP/utf16.csv"
iconv -f UTF-8 -t UTF-16LE "$TMP/base.csv" >"$TMP/nobom.csv"
expect_exit 2 "UTF-16 without a byte-order mark is refused" -- "$R" ingest --db "$TMP/x.db" "$TMP/nobom.csv"
expect_grep "UTF-16 without a byte-order" "$TMP/err" "the refusal says why"
finish
