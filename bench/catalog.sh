#!/bin/sh
# The public catalog at full size (issue 6): 10,000 generated practices loaded with
# `leuchtturm import`, then wrk on 127.0.0.1 against the catalog page, a search and a
# detail page, each beside nginx serving the same page's bytes as a static file in the
# same run. Goals: catalog and detail at least half of nginx's requests/s; a search over
# 10,000 practices under 10 ms at p99.
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

# A practice from the middle of the list, and the addresses for the first-visit runs:
# every detail page; catalog pages with filters and page numbers; searches people type.
SLUG=$(sqlite3 "$DATA/leuchtturm.db" \
	"SELECT slug FROM practice WHERE status = 'published' ORDER BY id LIMIT 1 OFFSET $((PRACTICES / 2))")
sqlite3 "$DATA/leuchtturm.db" "SELECT '/praxis/' || slug FROM practice WHERE status = 'published' ORDER BY random()" \
	>"$WORK/details.txt"
python3 - "$WORK" <<'EOF'
import random, sys, urllib.parse
work = sys.argv[1]
rnd = random.Random(7)
facets = {
    "art": ["produkt", "instrument", "konzept", "massnahme", "veranstaltungsformat"],
    "feld": ["anerkennungsberatung", "qualifizierung", "ika", "deutsch", "gruendung",
             "unternehmen", "einwanderung", "arbeitsverwaltung"],
    "land": ["bw", "by", "be", "bb", "hb", "hh", "he", "mv", "ni", "nw", "rp", "sl", "sn",
             "st", "sh", "th"],
}
with open(work + "/listings.txt", "w") as f:
    for i in range(2000):
        params = []
        for key, values in facets.items():
            if rnd.random() < 0.4:
                params.append((key, rnd.choice(values)))
        # Page numbers that exist: every filter leaves at least a few pages.
        pages = {0: 400, 1: 8, 2: 1}.get(len(params), 1)
        if pages > 1 and rnd.random() < 0.5:
            params.append(("seite", str(rnd.randint(2, pages))))
        f.write("/praxis" + ("?" + urllib.parse.urlencode(params) if params else "") + "\n")
queries = [
    "Anerkennungsberatungen", "Pflegefachkräfte Rostock", "Mentoring für Gründerinnen",
    "Jobcenter", "Sprachcoaching im ländlichen Raum", "Brückenkurse", "Kompetenzfeststellung",
    "Lernplattform Handwerk", "geflüchtete Frauen", "Kammern", "Leitfaden und Vorlagen",
    "Elektrotechnik Leipzig", "Videogespräch", "Verfahrensdauer", "Schichtarbeit",
    "einfacher Sprache", "Ärztinnen und Ärzte", "Logistik Bremen", "Betriebe",
    "Anpassungsqualifizierungen", "Fachsprache am Arbeitsplatz", "Tandemprogramm Kiel",
    "Diskriminierungserfahrungen", "Gleichwertigkeit", "Berufsrückkehrerinnen",
    "Personalverantwortliche", "Qualifizierungsberatung Hannover", "IT-Fachkräfte",
    "Pflege*", "\"Mentoring", "-Jobcenter", "Beratung NEAR Betrieb", "(Kfz-Technik)",
    "Altenpflege Erfurt", "Onlineplattform", "Praxistag", "Werkstattgespräch Mainz",
    "Schulungsreihe Verwaltung", "Erzieherinnen", "Gastronomie Saarbrücken",
]
with open(work + "/searches.txt", "w") as f:
    for q in queries:
        f.write("/praxis?" + urllib.parse.urlencode({"q": q}) + "\n")
EOF
SEARCH="/praxis?q=Anerkennungsberatungen"

start_leuchtturm "$DATA" --quiet
start_nginx
snapshot "$LT/praxis" catalog.html
snapshot "$LT$SEARCH" search.html
snapshot "$LT/praxis/$SLUG" detail.html
HITS=$(grep -o '<h2 id="results-h">[0-9.]*' "$WORK/www/search.html" | sed 's/.*>//')

# ---- the measurements: nginx and leuchtturm in turn, page by page ----
measure catalog.nginx "catalog /praxis: nginx, static copy" "$NGX/catalog.html"
measure catalog "catalog /praxis: leuchtturm" "$LT/praxis"
measure catalog-gz.nginx "catalog, gzip: nginx, gzip_static" "$NGX/catalog.html" -H "Accept-Encoding: gzip"
measure catalog-gz "catalog, gzip: leuchtturm" "$LT/praxis" -H "Accept-Encoding: gzip"
measure search.nginx "search ?q=...: nginx, static copy" "$NGX/search.html"
measure search "search ?q=...: leuchtturm" "$LT$SEARCH"
measure detail.nginx "detail /praxis/SLUG: nginx, static copy" "$NGX/detail.html"
measure detail "detail /praxis/SLUG: leuchtturm" "$LT/praxis/$SLUG"
# First visits: every request a new address, so the pages are computed, not kept.
BENCH_C=1 BENCH_PATHS="$WORK/searches.txt" BENCH_BUST=1 \
	measure search-1 "search, first visits, 1 connection" "$LT/" -s "$BENCH_ROOT/bench/paths.lua"
BENCH_PATHS="$WORK/listings.txt" BENCH_BUST=1 \
	measure listing-32 "catalog with filters, first visits" "$LT/" -s "$BENCH_ROOT/bench/paths.lua"
BENCH_PATHS="$WORK/details.txt" BENCH_BUST=1 \
	measure detail-32 "detail pages, first visits" "$LT/" -s "$BENCH_ROOT/bench/paths.lua"

table "Catalog: $PRACTICES practices (import: ${IMPORT_S} s; the search finds $HITS)"
echo "  Page sizes: catalog $(wc -c <"$WORK/www/catalog.html") B, search $(wc -c <"$WORK/www/search.html") B, detail $(wc -c <"$WORK/www/detail.html") B (gzip: catalog $(wc -c <"$WORK/www/catalog.html.gz") B)"
load_note
echo
echo "Goals (issue 6):"
goal "catalog at least 50 % of nginx's requests/s" \
	"$(ge "$(field catalog 3)" "$(awk -v n="$(field catalog.nginx 3)" 'BEGIN { print n / 2 }')")"
goal "detail at least 50 % of nginx's requests/s" \
	"$(ge "$(field detail 3)" "$(awk -v n="$(field detail.nginx 3)" 'BEGIN { print n / 2 }')")"
goal "a search over $PRACTICES practices under 10 ms at p99 (first visits, 1 connection: $(field search-1 5) ms)" \
	"$(ge 10 "$(field search-1 5)")"
