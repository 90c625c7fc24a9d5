# Where -o writes: a file appears whole (written beside it, then renamed), a link's
# target is the file replaced (the link stays a link), and a FIFO or device is written
# as it is, never replaced by a plain file (renaming over /dev/null would replace it).
. "$(dirname "$0")/lib/common.sh"
R=$RIGHTSIZE
DB="$TMP/o.db"
expect_exit 0 "ingest samples/" -- "$R" ingest --db "$DB" "$SRCDIR/samples"

# A FIFO: read by a background cat; rightsize writes into it.
mkfifo "$TMP/pipe"
cat "$TMP/pipe" >"$TMP/from-pipe" &
reader=$!
expect_exit 0 "report -f json -o FIFO" -- "$R" report --db "$DB" --fail-on none -f json -o "$TMP/pipe"
wait $reader
if [ -p "$TMP/pipe" ]; then ok "the FIFO is still a FIFO"; else fail "the FIFO was replaced"; fi
expect_grep '"workloads"' "$TMP/from-pipe" "the report came through the FIFO"

# A link: the target gets the report, the link stays.
echo old >"$TMP/target.csv"
ln -s target.csv "$TMP/link.csv"
expect_exit 0 "events -o link.csv" -- "$R" events --db "$DB" -o "$TMP/link.csv"
if [ -L "$TMP/link.csv" ]; then ok "the link is still a link"; else fail "the link was replaced by a file"; fi
expect_grep '^time,source,kind' "$TMP/target.csv" "the link's target holds the events"
if ls "$TMP"/*.tmp.* >/dev/null 2>&1; then fail "a temporary file is left"; else ok "no temporary file left"; fi

# A folder is not a file; a missing folder is named as given.
mkdir "$TMP/dir.json"
expect_exit 2 "report -o a folder" -- "$R" report --db "$DB" --fail-on none -o "$TMP/dir.json"
expect_grep 'dir.json: is a folder' "$TMP/err" "says it is a folder"
expect_exit 2 "report -o in a missing folder" -- "$R" report --db "$DB" --fail-on none -o "$TMP/nope/r.json"
expect_grep "nope/r.json: cannot write" "$TMP/err" "names the path as given"
finish
