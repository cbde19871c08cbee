#!/bin/sh
# The server on PostgreSQL, as a visitor sees it: a new database, `init`, the demo data,
# `serve`, and the public pages answer, the search too (the search's own index in
# memory: FTS5 is SQLite's). Run under tests/pg/run.sh (PGHOST, PGUSER set); LEUCHTTURM_BIN
# is the binary.
set -eu
bin=${LEUCHTTURM_BIN:?LEUCHTTURM_BIN is the leuchtturm binary}
db=lt_smoke_$$
psql -qd postgres -c "CREATE DATABASE $db"
work=$(mktemp -d /tmp/lt-smoke.XXXXXX)
export LEUCHTTURM_DATABASE_URL="postgresql:///$db"
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$work"
	psql -qd postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
}
trap cleanup EXIT
"$bin" init --data "$work/data" >/dev/null 2>&1
"$bin" demo --data "$work/data" >/dev/null 2>&1
"$bin" serve --data "$work/data" --listen 127.0.0.1:0 --quiet 2>"$work/log" &
pid=$!
port=
for _ in $(seq 100); do
	port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/log")
	[ -n "$port" ] && break
	kill -0 "$pid" 2>/dev/null || { cat "$work/log" >&2; exit 1; }
	sleep 0.1
done
[ -n "$port" ] || { echo "serve-smoke: the server did not start" >&2; exit 1; }
base=http://127.0.0.1:$port
fail=0
expect() {
	code=$(curl -s -o /dev/null -w '%{http_code}' "$base$2")
	if [ "$code" != "$1" ]; then
		echo "serve-smoke: GET $2: $code, expected $1" >&2
		fail=1
	fi
}
slug=$(curl -s "$base/api/v1/practices" | python3 -c \
	'import json,sys; print(json.load(sys.stdin)["items"][0]["slug"])')
expect 200 /
expect 200 /praxis
expect 200 "/praxis/$slug"
expect 200 "/praxis/$slug.pdf"
expect 200 "/api/v1/practices/$slug"
expect 200 /sitemap.xml
expect 200 /sammlungen
expect 200 /impressum
expect 200 /anmelden
expect 200 "/praxis?q=netz"
expect 200 /
# The search finds a demo practice by a word of its title.
found=$(curl -s "$base/api/v1/practices?q=Anerkennungsberatung" | python3 -c \
	'import json,sys; print(len(json.load(sys.stdin)["items"]))')
if [ "$found" -lt 1 ]; then
	echo "serve-smoke: the search on PostgreSQL found nothing" >&2
	fail=1
fi
[ $fail -eq 0 ] || { cat "$work/log" >&2; exit 1; }
echo "serve-smoke: the public pages answer on PostgreSQL"
