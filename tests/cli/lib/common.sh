# Shared helpers for the CLI tests (sourced; POSIX sh).
# Environment from ctest: RIGHTSIZE (the binary), SRCDIR, NO_COLOR, SOURCE_DATE_EPOCH.
set -eu
: "${RIGHTSIZE:?RIGHTSIZE must name the rightsize binary}"
: "${SRCDIR:?SRCDIR must name the source tree}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/rightsize-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export RIGHTSIZE_DB="$TMP/default.db"
PASSED=0
FAILED=0

ok() { PASSED=$((PASSED + 1)); echo "ok - $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL - $1" >&2; }

# expect_exit CODE DESCRIPTION -- command...
expect_exit() {
	want=$1 what=$2
	shift 3
	set +e
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	set -e
	if [ "$got" -eq "$want" ]; then ok "$what (exit $got)"; else
		fail "$what: exit $got, expected $want"
		sed 's/^/  stderr: /' "$TMP/err" >&2
	fi
}

# expect_grep PATTERN FILE DESCRIPTION
expect_grep() {
	if grep -q -- "$1" "$2"; then ok "$3"; else
		fail "$3: no line matching '$1' in $2"
		sed 's/^/  | /' "$2" | head -20 >&2
	fi
}

# expect_same EXPECTED ACTUAL DESCRIPTION
expect_same() {
	if cmp -s "$1" "$2"; then ok "$3"; else
		fail "$3: $2 differs from $1"
		diff -u "$1" "$2" | head -40 >&2 || true
	fi
}

finish() {
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}

# Skip (exit 77) when the shared corpus is not beside the checkout.
need_corpus() {
	CORPUS="$SRCDIR/../shared/corpus"
	if [ ! -d "$CORPUS" ]; then
		echo "skipped: no corpus at $CORPUS"
		exit 77
	fi
}
