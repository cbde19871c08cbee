#!/bin/sh
# The same catalog on both storage drivers (issue 16, "Speed"): BENCH_PRACTICES generated
# practices (10,000) imported into SQLite and copied with `leuchtturm migrate --to` into a
# throw-away PostgreSQL 15 cluster (tests/pg/cluster.sh, on the same machine), one server on
# each, asked for the same public pages in turn: the kept catalog page, a kept detail page
# and a kept search, REPS rounds each, SQLite then PostgreSQL. A ratio is PostgreSQL's
# requests/s to SQLite's of the same round. Goal: the cached public pages on PostgreSQL
# within 10 % of SQLite's. Rating saves and two instances are not measured here.
#
#   bench/drivers.sh   (BENCH_PRACTICES and the knobs of bench/lib.sh)
set -eu
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

PRACTICES=${BENCH_PRACTICES:-10000}

bench_init drivers
bench_build
command -v psql >/dev/null 2>&1 || {
	echo "drivers: psql is missing (scripts/install-deps installs postgresql)" >&2
	exit 1
}

DATA="$WORK/data"
"$BIN" init --data "$DATA" >/dev/null 2>&1
python3 "$BENCH_ROOT/bench/gen_practices.py" "$PRACTICES" >"$WORK/practices.json"
"$BIN" import --data "$DATA" "$WORK/practices.json" >/dev/null

# The cluster lives in the bench's folder and is stopped before the folder goes.
CLUSTER="$WORK/pg"
mkdir -p "$CLUSTER"
for line in $("$BENCH_ROOT/tests/pg/cluster.sh" start "$CLUSTER"); do
	export "${line?}"
done
trap '"$BENCH_ROOT/tests/pg/cluster.sh" stop "$CLUSTER" >/dev/null 2>&1 || true; bench_cleanup' EXIT
psql -qAtX -d postgres -c "CREATE DATABASE bench" >/dev/null
URL="postgresql:///bench"
t0=$(date +%s.%N)
"$BIN" migrate --data "$DATA" --to "$URL" >/dev/null 2>&1
t1=$(date +%s.%N)
MIGRATE_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')

SLUG=$(sqlite3 "$DATA/leuchtturm.db" "SELECT slug FROM practice WHERE status = 'published' ORDER BY id LIMIT 1")
WORD=$(sqlite3 "$DATA/leuchtturm.db" "SELECT title FROM practice WHERE status = 'published' ORDER BY id LIMIT 1" | cut -d' ' -f1)

start_leuchtturm "$DATA" --quiet
SQ=$LT
mkdir -p "$WORK/pgdata"
start_leuchtturm "$WORK/pgdata" --database "$URL" --quiet
PG=$LT

# Each page once on both before the rows: the indexes are built and the page is kept.
for base in "$SQ" "$PG"; do
	for path in /praxis "/praxis/$SLUG" "/praxis?q=$WORD"; do
		code=$(curl -s -o /dev/null -w '%{http_code}' "$base$path")
		[ "$code" = 200 ] || {
			echo "drivers: $base$path answered $code, not 200" >&2
			exit 1
		}
	done
done

# rows PATH KEY LABEL: REPS rounds, SQLite then PostgreSQL. SQLite's row has the key that
# lib.sh's table and worst_ratio take as the base ("KEY.ROUND.nginx").
rows() {
	r=1
	while [ "$r" -le "$REPS" ]; do
		measure "$2.$r.nginx" "$3, run $r: SQLite" "$SQ$1"
		measure "$2.$r" "$3, run $r: PostgreSQL" "$PG$1"
		r=$((r + 1))
	done
}
rows /praxis drv_catalog "kept catalog page"
rows "/praxis/$SLUG" drv_detail "kept detail page"
rows "/praxis?q=$WORD" drv_search "kept search"

table "Both drivers: $PRACTICES practices, ratio = PostgreSQL to SQLite in the same round" '^drv'
echo "  migrate --to of the $PRACTICES practices: $MIGRATE_S s"
load_note
echo
echo "Goals (issue 16; a ratio counts the worse of the $REPS rounds):"
for key in drv_catalog drv_detail drv_search; do
	r=$(worst_ratio "$key")
	goal "$key: PostgreSQL within 10 % of SQLite (worst $(pct "$r"))" "$(ge "$r" 0.9)"
done
