#!/bin/sh
# The public catalog at full size (issues 6 and 14): 10,000 generated practices loaded with
# `leuchtturm import`, then wrk on 127.0.0.1, each row REPS times in turn with nginx serving
# the same pages' bytes as static files: the kept pages (the catalog, a search and a
# detail page asked again and again, answered from the page cache) and first visits
# (addresses nobody asked before: every detail page, random facet selections, searches
# for the catalog's words; bench/first_visits.py). Goals: kept catalog and detail at
# least half of nginx's requests/s; a search over 10,000 practices under 10 ms at p99;
# first visits of detail pages and facet selections at least 25 % of nginx; the first 200 on
# /praxis within 100 ms of the start (bench/cold_start.py); memory after the rows <= 60 MB.
#
#   bench/catalog.sh            (BENCH_PRACTICES=10000 and the knobs of bench/lib.sh)
set -eu
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

PRACTICES=${BENCH_PRACTICES:-10000}

bench_init catalog
bench_build

# ---- the data ----
DATA="$WORK/data"
"$BIN" init --data "$DATA" >/dev/null 2>&1
python3 "$BENCH_ROOT/bench/gen_practices.py" "$PRACTICES" >"$WORK/practices.json"
t0=$(date +%s.%N)
"$BIN" import --data "$DATA" "$WORK/practices.json" >/dev/null
t1=$(date +%s.%N)
IMPORT_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')

# The addresses for the first-visit rows (bench/first_visits.py): distinct detail pages,
# facet combinations and vocabulary searches, a list per round, and a few more for nginx's
# copies; the kept-page rows ask for one of those (never one of the measured lists').
SEARCH="/praxis?q=Anerkennungsberatungen"
python3 "$BENCH_ROOT/bench/first_visits.py" "$DATA/leuchtturm.db" "$WORK" "$REPS" "$SEARCH" \
	>"$WORK/lists"
read -r NSLUGS NLISTINGS NSEARCHES NWORDS <"$WORK/lists"
SLUG=$(head -n 1 "$WORK/detail.snap" | sed 's|^/praxis/||')

# The cold start (issue 14, point 6): a fresh server's first 200 on /praxis, three starts.
python3 "$BENCH_ROOT/bench/cold_start.py" "$BIN" "$DATA" 3 "$THREADS" >"$WORK/cold"
COLD_MS=$(awk '$1 == "cold-start" { print $2 }' "$WORK/cold")
COLD_CPU=$(awk '$1 == "cold-start" { print $3 }' "$WORK/cold")

start_leuchtturm "$DATA" --quiet
start_nginx
snapshot "$LT/praxis" catalog.html
snapshot "$LT$SEARCH" search.html
snapshot "$LT/praxis/$SLUG" detail.html
HITS=$(grep -o '<h2 id="results-h">[0-9.]*' "$WORK/www/search.html" | sed 's/.*>//')
# nginx's side of a first-visit row: copies of 20 pages of the same kind (addresses the
# measured lists do not hold), served in turn.
for kind in detail listing search; do
	mkdir -p "$WORK/www/fv-$kind"
	i=0
	while read -r path; do
		i=$((i + 1))
		snapshot "$LT$path" "fv-$kind/$i.html"
		echo "/fv-$kind/$i.html" >>"$WORK/$kind.nginx"
	done <"$WORK/$kind.snap"
done

# ---- the measurements: nginx and leuchtturm in turn, each pair REPS times ----
# Kept pages, answered from the page cache: the same address again and again.
ngx_catalog() { measure "$1" "$2" "$NGX/catalog.html"; }
lt_catalog() { measure "$1" "$2" "$LT/praxis"; }
ngx_catalog_gz() { measure "$1" "$2" "$NGX/catalog.html" -H "Accept-Encoding: gzip"; }
lt_catalog_gz() { measure "$1" "$2" "$LT/praxis" -H "Accept-Encoding: gzip"; }
ngx_search() { measure "$1" "$2" "$NGX/search.html"; }
lt_search() { measure "$1" "$2" "$LT$SEARCH"; }
ngx_detail() { measure "$1" "$2" "$NGX/detail.html"; }
lt_detail() { measure "$1" "$2" "$LT/praxis/$SLUG"; }
alternate catalog "cached: catalog /praxis" ngx_catalog lt_catalog
alternate catalog-gz "cached: catalog, gzip" ngx_catalog_gz lt_catalog_gz
alternate search "cached: search ?q=..." ngx_search lt_search
alternate detail "cached: detail /praxis/SLUG" ngx_detail lt_detail
# First visits: every request an address of its own that nobody asked before (round r
# takes list r), so the handler computes every page; nginx serves copies of such pages.
# The key names the kind: fv_KIND-CONNECTIONS.
fv_kind() {
	k=${1%%-*}
	echo "${k#fv_}"
}
fv_nginx() {
	BENCH_PATHS="$WORK/$(fv_kind "$1").nginx" measure "$1" "$2" "$NGX/" \
		-s "$BENCH_ROOT/bench/paths.lua"
}
fv_lt() {
	BENCH_PATHS="$WORK/$(fv_kind "$1").$3.txt" measure "$1" "$2" "$LT/" \
		-s "$BENCH_ROOT/bench/paths.lua"
}
BENCH_C=1 alternate fv_search-1 "first visits: search, 1 connection" fv_nginx fv_lt
alternate fv_listing-32 "first visits: catalog, random facets" fv_nginx fv_lt
alternate fv_detail-32 "first visits: detail pages" fv_nginx fv_lt

# The server's memory after all the rows above (issue 14, point 6: at most 60 MB).
rss() { awk -v k="$1:" '$1 == k { printf "%.0f", $2 / 1024 }' "/proc/$LT_PID/status"; }
RSS=$(rss VmRSS)
RSS_NOTE="VmRSS $RSS MB: $(rss RssAnon) MB anonymous (the search index, SQLite's page caches, the kept pages), $(rss RssFile) MB of mapped files (the binary, its libraries, SQLite's shared memory)"

table "Catalog: $PRACTICES practices (import: ${IMPORT_S} s; the search finds $HITS) -- kept pages" '^[a-z-]+[.]'
table "Catalog -- first visits ($NSLUGS detail pages, $NLISTINGS facet selections, $NSEARCHES searches of $NWORDS words; each address asked once)" '^fv_'
echo "  Page sizes: catalog $(wc -c <"$WORK/www/catalog.html") B, search $(wc -c <"$WORK/www/search.html") B, detail $(wc -c <"$WORK/www/detail.html") B (gzip: catalog $(wc -c <"$WORK/www/catalog.html.gz") B)"
echo "  Memory after these rows: $RSS_NOTE"
echo "  Cold start, launch to the first 200 on /praxis (median of 3; the server's CPU by then, all threads):"
grep -v '^cold-start ' "$WORK/cold"
load_note
echo
echo "Goals (issues 6 and 14; a ratio counts the worse of the $REPS rounds):"
goal "memory after the load tests at most 60 MB ($RSS MB)" "$(ge 60 "$RSS")"
goal "the first /praxis within 100 ms of the start ($COLD_MS ms; $COLD_CPU ms of the server's CPU)" \
	"$(ge 100 "$COLD_MS")"
r=$(worst_ratio catalog)
goal "cached catalog at least 50 % of nginx's requests/s ($(pct "$r"))" "$(ge "$r" 0.5)"
r=$(worst_ratio detail)
goal "cached detail at least 50 % of nginx's requests/s ($(pct "$r"))" "$(ge "$r" 0.5)"
p=$(worst 5 fv_search-1)
goal "a search over $PRACTICES practices under 10 ms at p99 (first visits, 1 connection: $p ms)" \
	"$(ge 10 "$p")"
r=$(worst_ratio fv_listing-32)
goal "first visits, catalog with random facets, $CONNECTIONS connections: at least 25 % of nginx ($(pct "$r"))" \
	"$(ge "$r" 0.25)"
r=$(worst_ratio fv_detail-32)
goal "first visits, detail pages, $CONNECTIONS connections: at least 25 % of nginx ($(pct "$r"))" \
	"$(ge "$r" 0.25)"
