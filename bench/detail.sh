#!/bin/sh
# First visits of detail pages (issues 13 point 7, 14 point 2): 10,000 generated practices,
# every measured request a /praxis/SLUG of its own that the server was never asked (each
# Leuchtturm round starts a fresh server, so neither the page cache nor a practice's kept
# article holds it), at 1 and at 32 connections, each row REPS times in turn with nginx
# serving copies of 20 such pages. Prints both ratios and the goal: first-visit detail
# pages at least 25 % of nginx at 32 connections.
#
#   bench/detail.sh    (BENCH_PRACTICES=10000, BENCH_DETAIL_DURATION=5 and the knobs of
#                      bench/lib.sh)
# A row lasts BENCH_DETAIL_DURATION seconds (5): a round's list holds every slug once
# (shuffled anew), and a row that ran out of it says how many addresses it repeated.
set -eu
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

PRACTICES=${BENCH_PRACTICES:-10000}
# shellcheck disable=SC2034 # read by lib.sh's measure
DURATION=${BENCH_DETAIL_DURATION:-5}

bench_init detail
bench_build

DATA="$WORK/data"
"$BIN" init --data "$DATA" >/dev/null 2>&1
python3 "$BENCH_ROOT/bench/gen_practices.py" "$PRACTICES" >"$WORK/practices.json"
"$BIN" import --data "$DATA" "$WORK/practices.json" >/dev/null

# 20 slugs for nginx's copies (never measured on Leuchtturm), the rest in a list per row,
# each shuffled with a seed of its own.
sqlite3 "$DATA/leuchtturm.db" "SELECT '/praxis/' || slug FROM practice WHERE status = 'published' ORDER BY id" >"$WORK/all"
head -n 20 "$WORK/all" >"$WORK/detail.snap"
tail -n +21 "$WORK/all" >"$WORK/measured"
NSLUGS=$(wc -l <"$WORK/measured")
shuffled() {
	python3 -c 'import random, sys; l = open(sys.argv[1]).read().split(); random.Random(sys.argv[2]).shuffle(l); print("\n".join(l))' "$WORK/measured" "$1"
}

LT_PID=""
fresh_leuchtturm() {
	if [ -n "$LT_PID" ]; then
		kill "$LT_PID" 2>/dev/null || true
		wait "$LT_PID" 2>/dev/null || true
	fi
	start_leuchtturm "$DATA" --quiet
	LT_PID=${PIDS##* }
	# The catalog's and the search's indexes are built on first use: not in the row.
	curl -s -o /dev/null "$LT/praxis"
	curl -s -o /dev/null "$LT$(head -n 1 "$WORK/detail.snap")"
}

fresh_leuchtturm
start_nginx
mkdir -p "$WORK/www/fv"
i=0
while read -r path; do
	i=$((i + 1))
	snapshot "$LT$path" "fv/$i.html"
	echo "/fv/$i.html" >>"$WORK/detail.nginx"
done <"$WORK/detail.snap"

ngx_row() {
	BENCH_PATHS="$WORK/detail.nginx" measure "$1" "$2" "$NGX/" -s "$BENCH_ROOT/bench/paths.lua"
}
lt_row() {
	fresh_leuchtturm
	shuffled "$1" >"$WORK/list.txt"
	BENCH_PATHS="$WORK/list.txt" measure "$1" "$2" "$LT/" -s "$BENCH_ROOT/bench/paths.lua"
	grep -o 'VmRSS:.*' "/proc/$LT_PID/status" | sed "s/^/  $1 after the row: /" >>"$WORK/rss"
}
BENCH_C=1 alternate fvd-1 "first visits: detail pages, 1 connection" ngx_row lt_row
BENCH_C=32 alternate fvd-32 "first visits: detail pages, 32 connections" ngx_row lt_row

table "Detail pages, first visits: $PRACTICES practices, $NSLUGS distinct slugs per row, a fresh server per Leuchtturm row" '^fvd'
echo "  Page size: $(wc -c <"$WORK/www/fv/1.html") B"
sed 's/^/ /' "$WORK/rss"
load_note
echo
echo "Goals (issues 13 and 14; a ratio counts the worse of the $REPS rounds):"
r1=$(worst_ratio fvd-1)
echo "  first visits, detail pages, 1 connection: $(pct "$r1") of nginx (p99 $(worst 5 fvd-1) ms)"
r=$(worst_ratio fvd-32)
goal "first visits, detail pages, 32 connections: at least 25 % of nginx ($(pct "$r"))" \
	"$(ge "$r" 0.25)"
