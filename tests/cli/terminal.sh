# What a terminal user sees: colors only on a terminal and never with NO_COLOR;
# the man page is generated from the option tables that make --help.
. "$(dirname "$0")/lib/common.sh"
R=$RIGHTSIZE
DB="$TMP/t.db"
ESC=$(printf '\033')
expect_exit 0 "ingest samples/" -- "$R" ingest --db "$DB" "$SRCDIR/samples"

# script(1) (bsdutils, essential in Debian) gives the report a pseudo-terminal.
on_tty() { script -qec "$1" /dev/null >"$TMP/tty" 2>&1 || true; }
on_tty "env -u NO_COLOR '$R' report --db '$DB' --fail-on none"
expect_grep "$ESC\[31m" "$TMP/tty" "on a terminal, critical findings are red"
on_tty "env NO_COLOR=1 '$R' report --db '$DB' --fail-on none"
expect_grep "app-oom" "$TMP/tty" "with NO_COLOR the report is still written"
if grep -q "$ESC" "$TMP/tty"; then fail "NO_COLOR=1 still colors"; else ok "NO_COLOR=1: no escape sequence"; fi
on_tty "env NO_COLOR= '$R' report --db '$DB' --fail-on none"
expect_grep "$ESC\[31m" "$TMP/tty" "an empty NO_COLOR does not turn colors off (no-color.org)"
env -u NO_COLOR "$R" report --db "$DB" --fail-on none >"$TMP/pipe" 2>&1
if grep -q "$ESC" "$TMP/pipe"; then fail "colors into a pipe"; else ok "into a pipe: no escape sequence"; fi
expect_grep "app-oom" "$TMP/pipe" "into a pipe the report is written"

# On a terminal of 80 columns the reason lines wrap to fit, indented; into a pipe each stays one line.
on_tty "stty cols 80; env NO_COLOR=1 '$R' report --db '$DB' --fail-on none"
long=$(tr -d '\r' <"$TMP/tty" | awk '/^  / && length($0) > 80' | wc -l)
if [ "$long" -eq 0 ]; then ok "80 columns: no reason line is wider"; else fail "$long reason lines wider than 80"; fi
expect_grep '^           ' "$TMP/tty" "a flag's message goes on under its code"
NO_COLOR=1 "$R" report --db "$DB" --fail-on none >"$TMP/pipe2" 2>&1
if grep -q '^           ' "$TMP/pipe2"; then fail "wrapped lines in a pipe"; else ok "into a pipe: one line per reason"; fi

# Data is not trusted with the terminal: an escape sequence in a label is shown as ?, never sent.
{
	printf '"Time","container_memory_working_set_bytes{container=""app"", namespace=""esc"", pod=""p\033]0;owned\007-x""}"\n'
	echo "1794272430000,300000000"
	echo "1794272490000,310000000"
} >"$TMP/esc.csv"
expect_exit 0 "ingest a label with an escape sequence" -- "$R" ingest --db "$TMP/esc.db" "$TMP/esc.csv"
NO_COLOR=1 "$R" report --db "$TMP/esc.db" --fail-on none >"$TMP/esc.out" 2>&1
expect_grep 'esc' "$TMP/esc.out" "the report shows the container"
if grep -q "$ESC" "$TMP/esc.out"; then fail "an escape sequence from the data reached the terminal table"; else
	ok "no escape sequence from the data in the table"; fi

# Nor through messages: a rejected cell holding an escape sequence is quoted with ? for it.
printf '__name__,container,namespace,pod,value,timestamp\ncontainer_memory_working_set_bytes,app,esc,p-1,12\033[2Jx,1794272430\n' >"$TMP/esc2.csv"
"$R" ingest --db "$TMP/esc2.db" "$TMP/esc2.csv" >/dev/null 2>"$TMP/esc2.err" || true
expect_grep 'esc2.csv:2' "$TMP/esc2.err" "the bad cell is reported with its file and line"
if grep -q "$ESC" "$TMP/esc2.err"; then fail "an escape sequence from the data reached a message"; else
	ok "no escape sequence from the data in messages"; fi

# Progress: a redrawn line on a terminal's stderr, nothing of it in a log file.
on_tty "'$R' ingest --db '$TMP/p.db' '$SRCDIR/samples/services'"
expect_grep "reading memory.csv ([0-9]*% of " "$TMP/tty" "on a terminal, ingest shows which file it reads and how far"
expect_grep "ingested 2 files" "$TMP/tty" "and the totals line"
"$R" ingest --db "$TMP/p2.db" "$SRCDIR/samples/services" 2>"$TMP/log"
if grep -q "reading\|$ESC" "$TMP/log"; then fail "progress written to a file"; else ok "stderr to a file: no progress line"; fi
on_tty "'$R' ingest --quiet --db '$TMP/p3.db' '$SRCDIR/samples/services'"
if grep -q "reading" "$TMP/tty"; then fail "--quiet shows progress"; else ok "--quiet: no progress line"; fi

# The man page: docs/rightsize.1 is exactly what the binary generates.
expect_exit 0 "rightsize --man" -- "$R" --man
expect_same "$SRCDIR/docs/rightsize.1" "$TMP/out" "docs/rightsize.1 is up to date (regenerate: rightsize --man > docs/rightsize.1)"
for c in ingest report run events history export backtest; do
	expect_grep "^\.SS \"$c\"" "$TMP/out" "the man page has a section for $c"
done
# Every long option of --help is in the man page.
"$R" report --help | sed -n 's/.*--\([a-z-]*\).*/\1/p' | sort -u >"$TMP/opts"
missing=0
while read -r o; do
	grep -q -- "\\\\-\\\\-$(printf %s "$o" | sed 's/-/\\\\-/g')" "$TMP/out" || { missing=1; echo "  missing --$o" >&2; }
done <"$TMP/opts"
if [ "$missing" -eq 0 ]; then ok "every report option of --help is in the man page"; else fail "options missing"; fi
if command -v groff >/dev/null 2>&1; then
	groff -man -Tutf8 -ww -z "$TMP/out" 2>"$TMP/groff" || true
	if [ -s "$TMP/groff" ]; then fail "groff warnings"; sed 's/^/  | /' "$TMP/groff" >&2; else ok "groff renders it without warnings"; fi
fi
finish
