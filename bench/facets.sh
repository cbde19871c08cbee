#!/bin/sh
# The catalog's facet listing at three sizes (issue 14, point 3): for 1,000, 10,000 and
# 100,000 generated practices (bench/gen_practices.py, loaded with `leuchtturm import`), the
# first visits of random facet combinations (bench/first_visits.py: one to three facets of
# the catalog's terms, now and then two values of one facet, page numbers where the
# selection has them; each address asked once, so every request reaches the handler), REPS
# times in turn with nginx serving copies of 20 such pages. Goal: at least 25 % of nginx at
# CONNECTIONS connections at every size, and the time per request growing less than
# linearly with the catalog (from 1,000 to 100,000 practices: less than 100 times).
#
#   bench/facets.sh            (BENCH_FACET_SIZES="1000 10000 100000" and the knobs of lib.sh)
set -eu
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

SIZES=${BENCH_FACET_SIZES:-"1000 10000 100000"}

bench_init facets
bench_build
start_nginx

for n in $SIZES; do
	DATA="$WORK/data-$n"
	"$BIN" init --data "$DATA" >/dev/null 2>&1
	# In files of at most 20,000 practices (each a transaction of its own).
	python3 "$BENCH_ROOT/bench/gen_practices.py" "$n" | python3 -c '
import json, sys
doc = json.load(sys.stdin)
p = doc["practices"]
for k in range(0, len(p), 20000):
    with open("%s/practices-%06d.json" % (sys.argv[1], k), "w") as f:
        json.dump(dict(doc, practices=p[k:k + 20000]), f, ensure_ascii=False)
' "$WORK"
	t0=$(date +%s.%N)
	for f in "$WORK"/practices-*.json; do
		"$BIN" import --data "$DATA" "$f" >/dev/null
	done
	t1=$(date +%s.%N)
	rm -f "$WORK"/practices-*.json
	echo "$n|$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')" >>"$WORK/imports"
	mkdir -p "$WORK/lists-$n"
	python3 "$BENCH_ROOT/bench/first_visits.py" "$DATA/leuchtturm.db" "$WORK/lists-$n" "$REPS" \
		>/dev/null
	start_leuchtturm "$DATA" --quiet
	lt_pid=$LT_PID
	mkdir -p "$WORK/www/fv-$n"
	: >"$WORK/lists-$n/listing.nginx"
	i=0
	while read -r path; do
		i=$((i + 1))
		snapshot "$LT$path" "fv-$n/$i.html"
		echo "/fv-$n/$i.html" >>"$WORK/lists-$n/listing.nginx"
	done <"$WORK/lists-$n/listing.snap"
	fv_nginx() {
		BENCH_PATHS="$WORK/lists-$n/listing.nginx" measure "$1" "$2" "$NGX/" \
			-s "$BENCH_ROOT/bench/paths.lua"
	}
	fv_lt() {
		BENCH_PATHS="$WORK/lists-$n/listing.$3.txt" measure "$1" "$2" "$LT/" \
			-s "$BENCH_ROOT/bench/paths.lua"
	}
	alternate "facets$n" "random facets, $n practices" fv_nginx fv_lt
	stop_leuchtturm "$lt_pid"
	rm -rf "$DATA"
done

table "Catalog -- first visits of random facet combinations, by catalog size ($CONNECTIONS connections; each address asked once)" '^facets'
printf '  Import:'
sep=" "
while IFS='|' read -r n s; do
	printf '%s%s practices in %s s' "$sep" "$n" "$s"
	sep=", "
done <"$WORK/imports"
echo
load_note
echo
echo "Goals (issue 14, point 3; a ratio counts the worse of the $REPS rounds):"
for n in $SIZES; do
	r=$(worst_ratio "facets$n")
	goal "random facets, $n practices, $CONNECTIONS connections: at least 25 % of nginx ($(pct "$r"))" \
		"$(ge "$r" 0.25)"
done
first=$(echo "$SIZES" | awk '{ print $1 }')
last=$(echo "$SIZES" | awk '{ print $NF }')
if [ "$first" != "$last" ]; then
	# The time per request: the best round's requests/s at each end, and the p50.
	growth=$(awk -F'|' -v a="facets$first" -v b="facets$last" '
		index($1, a ".") == 1 && $1 !~ /nginx$/ && $3 > ra { ra = $3 }
		index($1, b ".") == 1 && $1 !~ /nginx$/ && $3 > rb { rb = $3 }
		END { printf "%.1f", (rb > 0 ? ra / rb : 0) }' "$RESULTS")
	p_first=$(worst 4 "facets$first")
	p_last=$(worst 4 "facets$last")
	factor=$(awk -v a="$first" -v b="$last" 'BEGIN { printf "%.0f", b / a }')
	goal "from $first to $last practices ($factor times), the time per request grows less than linearly: $growth times (p50 $p_first ms -> $p_last ms)" \
		"$(ge "$factor" "$growth")"
fi
