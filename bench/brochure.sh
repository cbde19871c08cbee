#!/bin/sh
# The brochures' speed (issue 12, "Speed"): a collection of 20 practices (/sammlung/SLUG.pdf)
# and a visitor's selection of 10 (/merkliste.pdf?p=…), each on its first request (made
# from the data: cairo + pango lay out and draw every chapter) and on the next (the bytes
# the server kept until the data changes), against the goal "under 1 s on this machine,
# first request". The demo's data (34 published practices) with one more collection of
# 20 of them written straight into the bench's copy of the database.
#   bench/brochure.sh            (BENCH_BUILD_DIR: the build to measure, build-bench)
set -eu
. "$(dirname "$0")/lib.sh"
bench_init brochure
bench_build

DATA="$WORK/data"
"$BIN" init --data "$DATA" >/dev/null 2>&1
"$BIN" demo --data "$DATA" >/dev/null 2>&1
DB="$DATA/leuchtturm.db"
SLUG=bench-zwanzig
sqlite3 "$DB" >/dev/null <<SQL
PRAGMA busy_timeout = 20000;
INSERT INTO collection (slug, title, intro, status, published_at, created_at, updated_at)
VALUES ('$SLUG', 'Zwanzig gute Praxen', 'Eine Sammlung für die Messung: **zwanzig** Praxen.',
        'published', strftime('%s', 'now'), strftime('%s', 'now'), strftime('%s', 'now'));
INSERT INTO collection_item (collection_id, position, practice_id, note)
SELECT (SELECT id FROM collection WHERE slug = '$SLUG'),
       row_number() OVER (ORDER BY id), id, 'Warum diese Praxis: sie ist eine der zwanzig.'
FROM practice WHERE status = 'published' ORDER BY id LIMIT 20;
SQL
n=$(sqlite3 "$DB" "SELECT count(*) FROM collection_item WHERE collection_id = (SELECT id FROM collection WHERE slug = '$SLUG')")
SEL=$(sqlite3 "$DB" "SELECT group_concat('p=' || slug, '&') FROM (SELECT slug FROM practice WHERE status = 'published' ORDER BY id DESC LIMIT 10)")

start_leuchtturm "$DATA" --quiet

# measure NAME PATH: a table row with the first and the next request's time and the PDF's
# pages; the verdict line goes to $RESULTS.
measure() {
	first=$(curl -s -o "$WORK/pdf" -w '%{http_code} %{time_total}' "$LT$2")
	next=$(curl -s -o /dev/null -w '%{time_total}' "$LT$2")
	code=${first% *}
	t1=${first#* }
	pages=$(pdfinfo "$WORK/pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
	ms1=$(awk -v t="$t1" 'BEGIN { printf "%.0f", t * 1000 }')
	ms2=$(awk -v t="$next" 'BEGIN { printf "%.1f", t * 1000 }')
	printf '| %s | %s | %s | %s | %s |\n' "$1" "$code" "${pages:-?}" "$ms1" "$ms2"
	met=$(awk -v t="$t1" -v c="$code" 'BEGIN { print (c == 200 && t < 1.0) ? 1 : 0 }')
	goal "$1: first request in under 1 s ($ms1 ms)" "$met" >>"$RESULTS"
}

echo
echo "Brochures: the first request (made from the data) and the next (the kept bytes)"
echo
echo "| brochure | status | pages | first ms | next ms |"
echo "|---|---:|---:|---:|---:|"
measure "collection of $n practices" "/sammlung/$SLUG.pdf"
measure "selection of 10 practices" "/merkliste.pdf?$SEL"
echo
cat "$RESULTS"
