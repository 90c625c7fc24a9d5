#!/bin/sh
# Installs the Debian packages rightsize needs to build and test, only the
# missing ones, and says so. Used by `make`, `make test` and `make demo`.
#   scripts/deps.sh            build + test packages
#   scripts/deps.sh --bench    also what bench/ needs (sqlite3, GNU time)
set -eu

# chromium: the HTML report is checked in a headless browser (tests/cli/html_report.sh)
pkgs="cmake make gcc pkg-config libsqlite3-dev libcsv-dev libgsl-dev libyajl-dev libcmocka-dev chromium"
if [ "${1:-}" = "--bench" ]; then
	pkgs="$pkgs sqlite3 time"
fi

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "rightsize: installing missing Debian packages:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
else
	echo "rightsize: cannot install$missing: not root and no sudo; install them and run again" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "rightsize: installed:$missing" >&2
