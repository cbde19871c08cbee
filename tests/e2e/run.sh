#!/bin/sh
# Browser tests: starts a throw-away server with the demo data and runs tests/e2e/*.test.mjs
# against it in Debian's chromium (driven by playwright-core, never a downloaded browser).
#   tests/e2e/run.sh               (from anywhere; meson runs it as the "e2e" suite)
#   LEUCHTTURM_BIN=path/to/leuchtturm tests/e2e/run.sh
#   E2E_FILES=catalog.test.mjs tests/e2e/run.sh     (only the named files)
# Exits with node's status; 77 (skipped) when node, npm or chromium are not installed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${LEUCHTTURM_BIN:-build/leuchtturm}
case $bin in /*) ;; *) bin="$root/$bin" ;; esac

for tool in node npm /usr/bin/chromium; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "e2e: $tool is not installed (scripts/install-deps); skipping" >&2
		exit 77
	fi
done
if [ ! -x "$bin" ]; then
	echo "e2e: no binary at $bin (run ninja -C build, or set LEUCHTTURM_BIN)" >&2
	exit 1
fi

# playwright-core never downloads a browser by itself; say so anyway, in case a future
# version or a stray "playwright" package would.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/axe-core" ] ||
	[ ! -d "$here/node_modules/feedparser" ] || [ ! -d "$here/node_modules/vnu-jar" ]; then
	(cd "$here" && timeout 300 npm ci --no-audit --no-fund --loglevel=error >/dev/null) || {
		echo "e2e: npm ci failed in $here" >&2
		exit 1
	}
fi

data=$(mktemp -d "${TMPDIR:-/tmp}/leuchtturm-e2e.XXXXXX")
pid=""
cleanup() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		# The server finishes requests in flight (up to 10 s); do not wait forever.
		i=0
		while kill -0 "$pid" 2>/dev/null && [ $i -lt 600 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	rm -rf "$data"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

timeout 300 "$bin" init --data "$data" --pwhash-cost min >/dev/null 2>"$data/setup.log" &&
	timeout 300 "$bin" demo --data "$data" --pwhash-cost min >/dev/null 2>>"$data/setup.log" || {
	echo "e2e: preparing the demo database failed:" >&2
	cat "$data/setup.log" >&2
	exit 1
}

# The transfer form refuses forms sent faster than a person types (3 s); the browser is faster.
LEUCHTTURM_FORM_MIN_SECONDS=0 \
	"$bin" serve --data "$data" --listen 127.0.0.1:0 --pwhash-cost min --quiet 2>"$data/server.log" &
pid=$!

# The server names its port on stderr once it listens; wait up to 60 s for that line.
url=""
i=0
while [ $i -lt 600 ]; do
	url=$(sed -n 's|^leuchtturm: listening on \(http://127\.0\.0\.1:[0-9][0-9]*\)/$|\1|p' \
		"$data/server.log" | head -n 1)
	[ -n "$url" ] && break
	if ! kill -0 "$pid" 2>/dev/null; then
		break
	fi
	sleep 0.1
	i=$((i + 1))
done
if [ -z "$url" ]; then
	echo "e2e: the server did not start:" >&2
	cat "$data/server.log" >&2
	exit 1
fi
export LEUCHTTURM_URL="$url"
# The tests read the e-mail the server writes as .eml files to $LEUCHTTURM_DATA/outbox.
export LEUCHTTURM_DATA="$data"

status=0
# node's own runner takes every *.test.mjs of the folder; the whole run is bounded too,
# generously (a loaded machine), inside meson's own ceiling for the suite.
# E2E_FILES="a.test.mjs b.test.mjs" runs only those files (while working on one flow).
if [ -n "${E2E_FILES:-}" ]; then
	files=$(for f in $E2E_FILES; do printf '%s/%s ' "$here" "$(basename "$f")"; done)
else
	files=$(printf '%s ' "$here"/*.test.mjs)
fi
# The whole suite takes 8–17 minutes beside the rest of make check's first pass (the HTTP
# suite runs twice there, on SQLite and on PostgreSQL): the bound is for a hang, not a pace.
# shellcheck disable=SC2086 # the list is split on purpose
timeout 1700 node --test --test-concurrency=1 $files || status=$?
if [ $status -ne 0 ] && [ -s "$data/server.log" ]; then
	echo "e2e: server log:" >&2
	tail -n 50 "$data/server.log" >&2
fi
exit $status
