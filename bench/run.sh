#!/bin/sh
# `make bench`: builds the optimised build (build-bench, meson's release type) and runs
# both benchmarks, each with its own data in a temporary folder, against 127.0.0.1 only:
#   bench/catalog.sh   the public catalog with 10,000 practices (issues 6, 14)
#   bench/detail.sh    first visits of 10,000 distinct detail pages, 1 and 32 connections,
#                      a fresh server per row (issues 13 pt 7, 14 pt 2)
#   bench/facets.sh    random facet combinations at 1,000, 10,000 and 100,000 practices (issue 14)
#   bench/search.sh    first-visit searches with random words and typos (issue 13)
#   bench/drivers.sh   the kept catalog, detail and search pages on SQLite and on PostgreSQL
#                      (a throw-away cluster on the same machine; issue 16)
#   bench/review.sh    the board's ranking for 400 proposals × 20 members (issues 4, 14)
#   bench/attack.py    100 anonymous 24 MB bodies, 1,100 slowloris heads, 1,100 slow bodies (issue 15)
#   bench/durability.sh  the cost of synchronous=FULL per commit (issue 15)
#   bench/workers.sh   each worker's share of the connections (issue 14, point 5)
#   bench/brochure.sh  a collection's brochure of 20 practices and a selection of 10 (issue 12)
# Every page is measured beside nginx serving the same kind of page's bytes as static
# files, in alternated rounds (BENCH_REPS, 2), the catalog's kept pages apart from its first
# visits. About 12 minutes with the defaults (10 s per measurement); the knobs are
# described in bench/lib.sh (BENCH_DURATION, BENCH_CONNECTIONS, BENCH_THREADS, …).
set -eu
cd "$(dirname "$0")/.."

[ -f build-bench/build.ninja ] || meson setup build-bench --buildtype=release >/dev/null
ninja -C build-bench leuchtturm >/dev/null

echo "Leuchtturm benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'), $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
echo "Machine: $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(uname -sr)"
echo "Tools: $(nginx -v 2>&1 | sed 's/.*: //'), wrk $(wrk --version 2>&1 | sed -n 's/^wrk \([^ ]*\).*/\1/p' | head -n 1), SQLite $(sqlite3 --version | cut -d' ' -f1)"

start=$(date +%s)
# Each script's output is kept, so that the goals can be listed together at the end.
OUT=$(mktemp "${TMPDIR:-/tmp}/leuchtturm-bench-run.XXXXXX")
trap 'rm -f "$OUT"' EXIT
status=0
for script in bench/catalog.sh bench/detail.sh bench/facets.sh bench/search.sh bench/drivers.sh \
	bench/review.sh bench/durability.sh bench/workers.sh bench/brochure.sh; do
	echo
	echo "== $script"
	{ "$script" 2>&1 || echo "bench: $script failed ($?)"; } | tee -a "$OUT"
done
echo
{ python3 bench/attack.py build-bench/leuchtturm 2>&1 || echo "bench: bench/attack.py failed ($?)"; } |
	tee -a "$OUT"
grep -q '^bench: .* failed (' "$OUT" && status=1
echo
echo "Goals, all benchmarks (met / not met; the figures above say by how much):"
# The scripts' verdict lines: "  met     …" / "  not met …" (bench/lib.sh's goal), and the
# "goal: …: met" of workers.sh and attack.py.
VERDICTS='^ *(met|not met) |goal[^(]*: (met|not met|NOT met)'
grep -E "$VERDICTS" "$OUT" | sed 's/^ */  /' || true
all=$(grep -cE "$VERDICTS" "$OUT" || true)
missed=$(grep -E "$VERDICTS" "$OUT" | grep -ciE 'not met' || true)
echo "  $((all - missed)) met, $missed not met$([ $status = 0 ] || echo '; a benchmark failed, see above')"
echo
echo "Done in $(($(date +%s) - start)) s."
