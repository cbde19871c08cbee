#!/bin/sh
# First-visit searches over HTTP (issue 13, "Speed and size"): 10,000 generated practices
# (BENCH_PRACTICES), searches for random words of the catalog's vocabulary, one in three
# with a typo (so the typo expansion runs), every address one the server never saw
# (bench/search_visits.py: the words vary, since the page cache drops parameters it does
# not know), at 1 and at 32 connections, each row REPS times in turn with nginx serving
# copies of such search pages. Reported beside them: the search index's build time and
# memory (from /metrics; what an update after a change costs, bench/memindex_bench.sh
# measures: the sqlite3 shell cannot change indexed rows without FTS5's tokenizer). Goals: at 32
# connections at least 10 % of nginx's requests/s; at 1 connection p99 under 10 ms (under
# 30 ms with 100,000 practices: BENCH_PRACTICES=100000, if the machine has the time).
#
#   bench/search.sh     (BENCH_PRACTICES, BENCH_DATA=a data folder with the practices
#                        imported already, to skip the import; the knobs of bench/lib.sh)
set -eu
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

PRACTICES=${BENCH_PRACTICES:-10000}
LIST=40000 # addresses per measured list: more than a row asks at 32 connections

bench_init search
bench_build

DATA="$WORK/data"
IMPORT_S="-"
if [ -n "${BENCH_DATA:-}" ]; then
	mkdir -p "$DATA"
	cp -a "$BENCH_DATA"/. "$DATA"/
	PRACTICES=$(sqlite3 "$DATA/leuchtturm.db" "SELECT count(*) FROM practice WHERE status = 'published'")
else
	"$BIN" init --data "$DATA" >/dev/null 2>&1
	python3 "$BENCH_ROOT/bench/gen_practices.py" "$PRACTICES" >"$WORK/practices.json"
	t0=$(date +%s.%N)
	"$BIN" import --data "$DATA" "$WORK/practices.json" >/dev/null
	t1=$(date +%s.%N)
	IMPORT_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
fi
# Two lists a round: one for 1 connection, one for 32.
NWORDS=$(python3 "$BENCH_ROOT/bench/search_visits.py" "$DATA/leuchtturm.db" "$WORK" \
	$((2 * REPS)) "$LIST")

start_leuchtturm "$DATA" --quiet
start_nginx

# metric WHAT: a sample of leuchtturm_search_index (loopback may read /metrics).
metric() {
	curl -s "$LT/metrics" | awk -v w="what=\"$1\"" 'index($0, "leuchtturm_search_index{" w "}") == 1 { print $2 }'
}
# The first search builds the index (and the vocabulary); its time is the build's.
t0=$(date +%s.%N)
curl -s -o /dev/null "$LT/praxis?q=Beratung"
t1=$(date +%s.%N)
FIRST_MS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", 1000 * (b - a) }')
BUILD_MS=$(metric build_ms)
INDEX_KB=$(awk -v b="$(metric bytes)" 'BEGIN { printf "%.0f", b / 1024 }')
TERMS=$(metric terms)
mkdir -p "$WORK/www/fv-search"
i=0
while read -r path; do
	i=$((i + 1))
	snapshot "$LT$path" "fv-search/$i.html"
	echo "/fv-search/$i.html" >>"$WORK/search.nginx"
done <"$WORK/search.snap"

ngx() { BENCH_PATHS="$WORK/search.nginx" measure "$1" "$2" "$NGX/" -s "$BENCH_ROOT/bench/paths.lua"; }
# Round r at 1 connection takes list 2r - 1, at 32 list 2r.
lt1() { BENCH_PATHS="$WORK/search.$((2 * $3 - 1)).txt" measure "$1" "$2" "$LT/" -s "$BENCH_ROOT/bench/paths.lua"; }
lt32() { BENCH_PATHS="$WORK/search.$((2 * $3)).txt" measure "$1" "$2" "$LT/" -s "$BENCH_ROOT/bench/paths.lua"; }
BENCH_C=1 alternate fv_search-1 "first-visit searches, 1 connection" ngx lt1
alternate fv_search-32 "first-visit searches, $CONNECTIONS connections" ngx lt32

table "Search: $PRACTICES practices (import: ${IMPORT_S} s), $NWORDS words drawn from, one search in three with a typo; each address asked once" '^fv_'
echo "  Search index in memory: $TERMS terms, $INDEX_KB KB; built in $BUILD_MS ms (the first search, with the vocabulary: $FIRST_MS ms)"
echo "  Page size: $(wc -c <"$WORK/www/fv-search/1.html") B"
load_note
echo
echo "Goals (issue 13; the worse of the $REPS rounds):"
r=$(worst_ratio fv_search-32)
goal "first-visit searches, $CONNECTIONS connections: at least 10 % of nginx ($(pct "$r"))" "$(ge "$r" 0.10)"
p=$(worst 5 fv_search-1)
limit=10
[ "$PRACTICES" -ge 100000 ] && limit=30
goal "first-visit searches over $PRACTICES practices, 1 connection: p99 under $limit ms ($p ms)" "$(ge "$limit" "$p")"
goal "index build for $PRACTICES practices under 2 s ($BUILD_MS ms)" "$(ge 2000 "$BUILD_MS")"
